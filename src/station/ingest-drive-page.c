/* ingest-drive-page.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ingest-drive-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ingest-application.h"
#include "ingest-drive-page.h"
#include "ingest-format.h"
#include "ingest-result-cell.h"
#include "ingest-roll-row.h"
#include "ingest-upload-panel.h"
#include "ingest-window.h"

/* The selected drive: identity, state, a one-line summary, its rolls (with
 * their verdicts once validated), the validation banner (verdict, counts,
 * progress, the buttons) and the list of files the validation checked.
 *
 * The page shows a drive's IngestDriveSession (the application keeps one per
 * drive identity); everything it shows of a validation comes from the
 * session's read: its properties and models, updated as they notify. */
struct _IngestDrivePage
{
  GtkWidget              parent_instance;

  /* Template widgets */
  IngestUploadPanel     *upload_panel;
  GtkImage              *icon;
  GtkLabel              *title_label;
  GtkLabel              *summary_label;
  GtkLabel              *details_label;
  GtkWidget             *state_box;
  GtkSpinner            *state_spinner;
  GtkImage              *state_image;
  GtkLabel              *state_label;
  GtkWidget             *validation_slot;
  GtkWidget             *banner;
  GtkSpinner            *banner_spinner;
  GtkImage              *banner_image;
  GtkLabel              *banner_title;
  GtkLabel              *banner_counts;
  GtkWidget             *report_button;
  GtkWidget             *seal_button;
  GtkWidget             *cancel_button;
  GtkWidget             *validate_button;
  GtkWidget             *progress_box;
  GtkProgressBar        *progress_bar;
  GtkLabel              *progress_label;
  GtkListBox            *rolls_list;
  GtkLabel              *rolls_placeholder;
  GtkWidget             *files_slot;
  GtkLabel              *files_count_label;
  GtkDropDown           *filter_dropdown;
  GtkColumnView         *files_view;
  GtkScrolledWindow     *files_scroller;
  GtkColumnViewColumn   *status_column;
  GtkColumnViewColumn   *path_column;
  GtkColumnViewColumn   *size_column;
  GtkColumnViewColumn   *expected_column;
  GtkColumnViewColumn   *found_column;
  GtkFilterListModel    *filtered_results;
  GtkSortListModel      *sorted_results;
  GtkFilter             *status_filter;

  /* Owned references */
  IngestDrive           *drive;
  GListModel            *rolls;
  GSignalGroup          *drive_signals;
  GSignalGroup          *rolls_signals;
  char                  *state_style;
  IngestDriveSession    *session;
  GSignalGroup          *session_signals;
  GSignalGroup          *job_signals;
  GSignalGroup          *results_signals;
  GListStore            *shown;          /* the results the list holds, fed in slices */
  GListModel            *feed_source;    /* the job's results */
  guint                  n_fed;          /* of feed_source, in shown */
  guint                  n_stale;        /* at the start of shown: an earlier job's */
  guint                  feed_id;
  gulong                 keep_top_id;    /* after-paint handler: back to the top */
  guint                  update_id;      /* banner and counts, once per burst of changes */
  GSignalGroup          *job_rolls_signals;
  GBindingGroup         *job_bindings;
  char                  *banner_style;
  /* Files of the ASC MHL histories (ascmhl/) a finished validation had,
   * counted off the main thread once per job (G_MAXUINT64 until known). */
  IngestValidationJob   *histories_job;
  guint64                n_history_files;
  GCancellable          *histories_count;
};

G_DEFINE_FINAL_TYPE (IngestDrivePage, ingest_drive_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_validation (IngestDrivePage *self);

/* The regular files in each history's ascmhl/ folder (one level: its
 * manifests and its chain file). */
static void
count_history_files_thread (GTask        *task,
                            gpointer      source,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  GPtrArray *folders = task_data;
  guint64 n = 0;

  for (guint i = 0; i < folders->len; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (g_ptr_array_index (folders, i), 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (g_ptr_array_index (folders, i), name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            n++;
        }
    }
  g_task_return_pointer (task, g_memdup2 (&n, sizeof n), g_free);
}

static void
history_files_counted_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (object);
  g_autoptr(IngestValidationJob) job = user_data;
  g_autofree guint64 *n = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled, or counted for a job no longer shown. */
  if (n == NULL || job != self->histories_job)
    return;
  g_clear_object (&self->histories_count);
  self->n_history_files = *n;
  update_validation (self);
}

static void
count_history_files (IngestDrivePage     *self,
                     IngestValidationJob *job)
{
  IngestExpectedManifest *expected = ingest_validation_job_get_expected (job);
  GPtrArray *folders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->histories_count);
  g_clear_object (&self->histories_count);
  self->histories_count = g_cancellable_new ();
  g_set_object (&self->histories_job, job);
  self->n_history_files = G_MAXUINT64;
  for (guint i = 0; expected != NULL && i < ingest_expected_manifest_get_n_sources (expected); i++)
    {
      const IngestExpectedSource *source = ingest_expected_manifest_get_source (expected, i);

      const char *root = ingest_expected_manifest_get_root (expected);
      gsize root_len = strlen (root);

      /* Its path is the history's ascmhl/ folder, where the drive was
       * mounted when the run began: read it where the drive is now. */
      if (source->kind == INGEST_EXPECTED_SOURCE_ASCMHL && g_str_has_prefix (source->path, root) &&
          (source->path[root_len] == '/' || source->path[root_len] == '\0'))
        g_ptr_array_add (folders, g_strconcat (ingest_validation_job_get_root (job), source->path + root_len, NULL));
    }
  task = g_task_new (self, self->histories_count, history_files_counted_cb, g_object_ref (job));
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, folders, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, count_history_files_thread);
}

static void
swap_css_class (GtkWidget   *widget,
                char       **current,
                const char  *style)
{
  if (g_strcmp0 (style, *current) == 0)
    return;
  if (*current != NULL)
    gtk_widget_remove_css_class (widget, *current);
  g_free (*current);
  *current = g_strdup (style);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static void
ingest_drive_page_update (IngestDrivePage *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  g_autofree char *label = NULL;
  IngestDriveState state;
  const char *state_icon;
  const char *style;
  gboolean busy;

  if (self->drive == NULL)
    return;

  state = ingest_drive_get_state (self->drive);
  busy = ingest_format_drive_state_busy (state);
  state_icon = ingest_format_drive_state_icon (state);
  style = ingest_format_drive_state_style (state);

  gtk_image_set_from_icon_name (self->icon,
                                ingest_format_drive_icon_name (ingest_drive_get_removable (self->drive),
                                                               ingest_drive_get_is_folder (self->drive)));
  label = ingest_display_name (ingest_drive_get_label (self->drive));
  gtk_label_set_label (self->title_label, label);

  if (state == INGEST_DRIVE_STATE_SCANNING)
    summary = ingest_format_scan_progress (ingest_drive_get_n_files (self->drive),
                                           ingest_drive_get_total_bytes (self->drive));
  else
    summary = ingest_format_drive_summary (ingest_drive_get_n_rolls (self->drive),
                                           ingest_drive_get_n_files (self->drive),
                                           ingest_drive_get_total_bytes (self->drive));
  gtk_label_set_label (self->summary_label, summary);

  details = ingest_format_drive_details (ingest_drive_get_filesystem (self->drive),
                                         ingest_drive_get_capacity (self->drive),
                                         ingest_drive_get_free_space (self->drive),
                                         ingest_drive_get_read_only (self->drive),
                                         ingest_drive_get_is_folder (self->drive),
                                         ingest_drive_get_is_demo (self->drive));
  gtk_label_set_label (self->details_label, details);

  gtk_label_set_label (self->state_label, ingest_format_drive_state_label (state));
  gtk_spinner_set_spinning (self->state_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->state_spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->state_image), state_icon != NULL);
  if (state_icon != NULL)
    gtk_image_set_from_icon_name (self->state_image, state_icon);
  swap_css_class (self->state_box, &self->state_style, style);

  gtk_label_set_label (self->rolls_placeholder, ingest_format_rolls_placeholder (busy));

  update_validation (self);
}

static GtkWindow *
get_window (IngestDrivePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_message (IngestDrivePage *self,
              const char      *message)
{
  GtkWindow *window = get_window (self);

  if (INGEST_IS_WINDOW (window))
    ingest_window_show_message (INGEST_WINDOW (window), message);
  else
    g_warning ("%s", message);
}

/* "3 of 412 files": how much of the list the filter shows. */
static void
update_files_count (IngestDrivePage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered_results));
  guint total = self->feed_source != NULL ? g_list_model_get_n_items (self->feed_source) : 0;
  g_autofree char *text = ingest_format_files_shown (shown, total, gtk_drop_down_get_selected (self->filter_dropdown));

  gtk_label_set_label (self->files_count_label, text);
  gtk_widget_set_visible (self->files_slot, total > 0);
}

/* Each roll row shows its roll's verdict in the last finished validation. */
static void
update_roll_verdicts (IngestDrivePage *self)
{
  IngestValidationJob *job = self->session ? ingest_drive_session_get_read (self->session) : NULL;
  g_autoptr(GHashTable) by_path = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  gboolean done = job != NULL && ingest_validation_job_get_phase (job) == INGEST_VALIDATION_PHASE_DONE;
  GtkListBoxRow *row;

  if (done)
    {
      g_autoptr(GListModel) rolls = ingest_validation_job_list_rolls (job);

      for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
        {
          IngestValidationRoll *roll = g_list_model_get_item (rolls, i);

          g_hash_table_replace (by_path, (gpointer) ingest_validation_roll_get_path (roll), roll);
        }
    }

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->rolls_list, i)) != NULL; i++)
    {
      IngestRoll *roll;
      IngestValidationRoll *checked;
      const char *path;

      if (!INGEST_IS_ROLL_ROW (row))
        continue;
      roll = ingest_roll_row_get_roll (INGEST_ROLL_ROW (row));
      path = ingest_roll_get_path (roll);
      checked = g_hash_table_lookup (by_path, path != NULL && *path != '\0' ? path : ".");
      if (checked != NULL)
        ingest_roll_row_set_verdict (INGEST_ROLL_ROW (row),
                                     ingest_validation_roll_get_verdict (checked),
                                     ingest_validation_roll_get_n_problems (checked));
      else
        ingest_roll_row_set_verdict (INGEST_ROLL_ROW (row), INGEST_VALIDATION_VERDICT_PENDING, 0);
    }
}

/* The banner, its buttons and the progress, from the validation's state. */
static void
update_validation (IngestDrivePage *self)
{
  IngestValidationJob *job = self->session ? ingest_drive_session_get_read (self->session) : NULL;
  gboolean running = self->session != NULL && ingest_drive_session_get_reading (self->session);
  gboolean sealing = self->session != NULL && ingest_drive_session_get_sealing (self->session);
  gboolean can_seal = self->session != NULL && ingest_drive_session_can_seal (self->session);
  IngestValidationPhase phase = job ? ingest_validation_job_get_phase (job) : INGEST_VALIDATION_PHASE_IDLE;
  IngestValidationVerdict verdict = job ? ingest_validation_job_get_verdict (job) : INGEST_VALIDATION_VERDICT_PENDING;
  gboolean paused = job != NULL && ingest_validation_job_get_paused (job);
  IngestDriveState drive_state = self->drive ? ingest_drive_get_state (self->drive) : INGEST_DRIVE_STATE_REMOVED;
  gboolean done = phase == INGEST_VALIDATION_PHASE_DONE && !running;
  /* The read of an upload: its progress and its Cancel are the upload panel's. */
  gboolean for_upload = running && ingest_drive_session_get_uploading (self->session);
  /* The upload's Pause holds its read too; that is not a removed drive. */
  gboolean user_paused = for_upload && ingest_drive_session_get_paused (self->session);
  gboolean can_start;
  g_autofree char *counts = NULL;
  const char *title;
  const char *style;
  const char *icon;

  gtk_widget_set_visible (self->validation_slot, self->drive != NULL && self->session != NULL);
  if (self->session == NULL)
    return;

  if (sealing)
    {
      title = ingest_format_sealing_title ();
      style = "accent";
      icon = NULL;
    }
  else if (user_paused)
    {
      title = ingest_format_validation_upload_paused_title ();
      style = ingest_format_validation_style (phase, verdict, FALSE);
      icon = ingest_format_validation_icon (phase, verdict, FALSE);
    }
  else
    {
      title = ingest_format_validation_title (phase, verdict, paused);
      style = ingest_format_validation_style (phase, verdict, paused);
      icon = ingest_format_validation_icon (phase, verdict, paused);
    }

  if (job == NULL)
    counts = g_strdup (ingest_format_validation_hint ());
  else if (phase == INGEST_VALIDATION_PHASE_FAILED)
    counts = ingest_display_message (ingest_validation_job_get_message (job));
  else if (phase != INGEST_VALIDATION_PHASE_SCANNING)
    {
      guint64 n[INGEST_VALIDATION_N_STATUSES];

      for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
        n[s] = ingest_validation_job_get_count (job, s);
      counts = ingest_format_validation_counts (n);
      /* The drive's header counts every file on it; validation checks all
       * but the ASC MHL histories' own (ascmhl/): say how many there are,
       * so the numbers add up. */
      if (done && job != self->histories_job)
        count_history_files (self, job);
      else if (done && self->n_history_files > 0 && self->n_history_files != G_MAXUINT64)
        {
          g_autofree char *unchecked = ingest_format_validation_unchecked (self->n_history_files);
          char *joined = g_strdup_printf ("%s · %s", counts, unchecked);

          g_free (counts);
          counts = joined;
        }
    }

  gtk_label_set_label (self->banner_title, title);
  gtk_label_set_label (self->banner_counts, counts != NULL ? counts : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_counts), counts != NULL);
  swap_css_class (self->banner, &self->banner_style, style);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_spinner), icon == NULL);
  gtk_spinner_set_spinning (self->banner_spinner, icon == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_image), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->banner_image, icon);

  gtk_widget_set_visible (self->progress_box, running && !for_upload);
  if (running)
    {
      g_autofree char *progress = NULL;

      if (phase == INGEST_VALIDATION_PHASE_SCANNING || phase == INGEST_VALIDATION_PHASE_IDLE)
        progress = g_strdup (ingest_format_validation_listing ());
      else
        progress = ingest_format_validation_progress (ingest_validation_job_get_bytes_done (job),
                                                      ingest_validation_job_get_bytes_total (job),
                                                      ingest_validation_job_get_files_done (job),
                                                      ingest_validation_job_get_files_total (job),
                                                      paused ? 0 : ingest_validation_job_get_rate (job),
                                                      paused ? -1 : ingest_validation_job_get_eta (job));
      gtk_label_set_label (self->progress_label, progress);
    }

  /* Validating needs a scanned drive that is here. */
  can_start = !running && !sealing &&
              (drive_state == INGEST_DRIVE_STATE_READY ||
               drive_state == INGEST_DRIVE_STATE_VERIFIED ||
               drive_state == INGEST_DRIVE_STATE_PROBLEMS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.validate", can_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.cancel", running && !for_upload);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.seal", can_seal && !sealing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.reveal-report", done);

  gtk_widget_set_visible (self->validate_button, !running && !sealing);
  gtk_button_set_label (GTK_BUTTON (self->validate_button), ingest_format_validate_label (job != NULL));
  /* Once the verdict is in, the next step is not validating again. */
  if (job != NULL)
    gtk_widget_remove_css_class (self->validate_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->validate_button, "suggested-action");
  gtk_widget_set_visible (self->cancel_button, running && !for_upload);
  gtk_widget_set_visible (self->seal_button, can_seal);
  gtk_widget_set_visible (self->report_button, done);
}

static gboolean
update_cb (gpointer user_data)
{
  IngestDrivePage *self = user_data;

  self->update_id = 0;
  update_validation (self);
  update_files_count (self);
  return G_SOURCE_REMOVE;
}

/* A job notifies several properties at a time and results come in batches:
 * the page is brought up to date once for all of them, before the next frame. */
static void
queue_update (IngestDrivePage *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, update_cb, self, NULL);
}

static void
job_notify_cb (IngestDrivePage *self,
               GParamSpec      *pspec,
               gpointer         job)
{
  queue_update (self);
  if (g_strcmp0 (pspec->name, "phase") == 0)
    update_roll_verdicts (self);
}

/*
 * Feeding the list. A GtkColumnView makes and destroys the widgets of up to
 * a couple of hundred rows when that many items come or go at once, which
 * takes longer than a frame on a slow machine. So the list holds its own copy
 * of the job's results, changed a slice at a time within a time budget, in an
 * idle below the redraw priority: the main loop keeps its pace whatever the
 * batches the job delivers, and a new job's list replaces the old one's the
 * same way (removed from the end, where the rows are not on screen).
 */

#define FEED_SLICE   16
#define FEED_BUDGET  (3 * G_TIME_SPAN_MILLISECOND)

/* The list keeps its anchor row when rows are inserted above it; once the
 * frame is laid out, show the top again. */
static void
keep_top_cb (IngestDrivePage *self,
             GdkFrameClock   *clock)
{
  GtkAdjustment *vadjustment;

  g_clear_signal_handler (&self->keep_top_id, clock);
  if (self->files_scroller == NULL)  /* disposed */
    return;
  vadjustment = gtk_scrolled_window_get_vadjustment (self->files_scroller);
  if (gtk_adjustment_get_value (vadjustment) > 0)
    gtk_adjustment_set_value (vadjustment, 0);
}

static void
keep_top (IngestDrivePage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->files_view));

  if (clock != NULL && self->keep_top_id == 0)
    self->keep_top_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (keep_top_cb),
                                                 self, G_CONNECT_SWAPPED);
}

static gboolean
feed_cb (gpointer user_data)
{
  IngestDrivePage *self = user_data;
  gint64 deadline = g_get_monotonic_time () + FEED_BUDGET;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->files_scroller);
  /* Problems sort first, arriving at any time: a list that shows its top
   * keeps showing it, rather than the row that was there. */
  gboolean at_top = gtk_adjustment_get_value (vadjustment) <= 0;

  do
    {
      guint n_source = self->feed_source ? g_list_model_get_n_items (self->feed_source) : 0;

      if (self->n_stale > 0)
        {
          guint n = MIN (self->n_stale, FEED_SLICE);

          g_list_store_splice (self->shown, self->n_stale - n, n, NULL, 0);
          self->n_stale -= n;
        }
      else if (self->n_fed < n_source)
        {
          guint n = MIN (n_source - self->n_fed, FEED_SLICE);
          g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

          for (guint i = 0; i < n; i++)
            g_ptr_array_add (items, g_list_model_get_item (self->feed_source, self->n_fed + i));
          g_list_store_splice (self->shown, g_list_model_get_n_items (G_LIST_MODEL (self->shown)), 0,
                               items->pdata, n);
          self->n_fed += n;
        }
      else
        {
          self->feed_id = 0;
          break;
        }
    }
  while (g_get_monotonic_time () < deadline);

  if (at_top)
    keep_top (self);
  return self->feed_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
feed_later (IngestDrivePage *self)
{
  if (self->feed_id == 0)
    self->feed_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, feed_cb, self, NULL);
}

/* What the list shows from now on: SOURCE's items (appended to as a job runs). */
static void
feed_from (IngestDrivePage *self,
           GListModel      *source)
{
  /* Whatever was fed so far goes; what was still to come does not come. */
  self->n_stale = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  self->n_fed = 0;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->files_scroller), 0);
  g_set_object (&self->feed_source, source);
  feed_later (self);
}

/**
 * ingest_drive_page_get_list_pending:
 *
 * Returns: %TRUE while the page lags behind its validation: the file list
 *   does not yet hold every result (or is sorting or filtering them), or the
 *   banner and counts are about to be brought up to date
 */
gboolean
ingest_drive_page_get_list_pending (IngestDrivePage *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_PAGE (self), FALSE);

  return self->feed_id != 0 || self->update_id != 0 ||
         gtk_sort_list_model_get_pending (self->sorted_results) > 0 ||
         gtk_filter_list_model_get_pending (self->filtered_results) > 0;
}

static void
results_changed_cb (IngestDrivePage *self,
                    guint            position,
                    guint            removed,
                    guint            added,
                    GListModel      *results)
{
  /* Results are only ever appended; anything else starts the list again. */
  if (removed > 0 || position < self->n_fed)
    feed_from (self, results);
  else if (added > 0)
    feed_later (self);

  /* The counts in the banner change with each batch, not only on notify. */
  queue_update (self);
}

static void
filtered_changed_cb (IngestDrivePage *self)
{
  queue_update (self);
}

/* A new job (or none): the list, the progress bar and the banner follow it. */
static void
validation_job_cb (IngestDrivePage *self)
{
  IngestValidationJob *job = self->session ? ingest_drive_session_get_read (self->session) : NULL;
  g_autoptr(GListModel) results = job ? ingest_validation_job_list_results (job) : NULL;
  g_autoptr(GListModel) rolls = job ? ingest_validation_job_list_rolls (job) : NULL;

  g_signal_group_set_target (self->job_signals, job);
  g_binding_group_set_source (self->job_bindings, job);
  g_signal_group_set_target (self->results_signals, results);
  g_signal_group_set_target (self->job_rolls_signals, rolls);
  feed_from (self, results);
  if (job == NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);

  update_files_count (self);
  update_validation (self);
  update_roll_verdicts (self);
}

static void
set_session (IngestDrivePage    *self,
             IngestDriveSession *session)
{
  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  ingest_upload_panel_set_session (self->upload_panel, session);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_panel), session != NULL);
  validation_job_cb (self);
}

/*
 * Cells: made in C rather than by a GtkBuilderListItemFactory, which parses
 * its template for every row it makes; a new run makes a couple of hundred.
 */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  field)
{
  gtk_list_item_set_child (item, ingest_result_cell_new (GPOINTER_TO_UINT (field)));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  field)
{
  ingest_result_cell_set_result (INGEST_RESULT_CELL (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  field)
{
  ingest_result_cell_set_result (INGEST_RESULT_CELL (gtk_list_item_get_child (item)), NULL);
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  IngestResultField    field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GUINT_TO_POINTER (field));
  gtk_column_view_column_set_factory (column, factory);
}

/*
 * The sorter and the filter of the file list (closures in ingest-drive-page.ui). The
 * first argument is the object the expression is evaluated on; unused.
 */

static guint
status_rank (gpointer               this,
             IngestValidationStatus status)
{
  return ingest_format_status_rank (status);
}

static gboolean
status_shown (gpointer               this,
              IngestValidationStatus status,
              guint                  filter)
{
  return ingest_format_file_filter_matches (filter, status);
}

static void
filter_selected_cb (IngestDrivePage *self,
                    GParamSpec      *pspec,
                    GtkDropDown     *dropdown)
{
  gtk_filter_changed (self->status_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/*
 * Actions
 */

static void
validate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (widget);

  if (self->session != NULL)
    ingest_drive_session_validate (self->session, NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (widget);

  if (self->session != NULL)
    ingest_drive_session_cancel (self->session);
}

static void
seal_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IngestDrivePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ingest_drive_session_seal_finish (INGEST_DRIVE_SESSION (object), result, &error))
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not seal: %s"), error->message);

      show_message (self, message);
    }
}

static void
seal_response_cb (IngestDrivePage  *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "seal") == 0 && self->session != NULL)
    ingest_drive_session_seal_async (self->session, seal_done_cb, g_object_ref (self));
}

/* Sealing writes to the drive and vouches for files nothing has checked: ask. */
static void
seal_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (widget);
  g_auto(GStrv) rolls = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->session == NULL || !ingest_drive_session_can_seal (self->session))
    return;

  rolls = ingest_drive_session_dup_unverifiable (self->session);
  body = ingest_format_seal_body ((const char * const *) rolls);
  dialog = adw_message_dialog_new (get_window (self), _("Seal Rolls Without a Hash List?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "seal", _("_Seal"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "seal", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (seal_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_folder_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(IngestDrivePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    show_message (self, error->message);
}

/* Opens the folder holding PATH with whatever handles folders. */
static void
show_folder (IngestDrivePage *self,
             const char      *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  if (get_window (self) != NULL)
    gtk_show_uri_full (get_window (self), uri, GDK_CURRENT_TIME, NULL, show_folder_done_cb, g_object_ref (self));
}

typedef struct {
  IngestDrivePage *self;
  char            *path;
} Reveal;

static void
show_items_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Reveal *reveal = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_debug ("No file manager to show the report in: %s", error->message);
      show_folder (reveal->self, reveal->path);
    }
  g_object_unref (reveal->self);
  g_free (reveal->path);
  g_free (reveal);
}

/* The file manager's D-Bus interface shows the file selected; without one,
 * the folder is opened. */
static void
reveal_file (IngestDrivePage *self,
             const char      *path)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };
  Reveal *reveal;

  if (bus == NULL)
    {
      show_folder (self, path);
      return;
    }

  reveal = g_new0 (Reveal, 1);
  reveal->self = g_object_ref (self);
  reveal->path = g_strdup (path);
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, 5000, NULL, show_items_done_cb, reveal);
}

/* Writes the reports of the last validation beside the catalog and shows them. */
static void
reveal_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (widget);
  GtkWindow *window = get_window (self);
  GtkApplication *app = window ? gtk_window_get_application (window) : NULL;
  g_autofree char *dir = NULL;
  g_autofree char *html_path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL || !INGEST_IS_APPLICATION (app))
    return;

  dir = ingest_application_dup_report_dir (INGEST_APPLICATION (app));
  if (!ingest_drive_session_write_report (self->session, dir, NULL, &html_path, &error))
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not write the report: %s"), error->message);

      show_message (self, message);
      return;
    }
  reveal_file (self, html_path);
}

static GtkWidget *
create_roll_row_cb (gpointer item,
                    gpointer user_data)
{
  return ingest_roll_row_new (INGEST_ROLL (item));
}

static void
drive_notify_cb (IngestDrivePage *self,
                 GParamSpec      *pspec,
                 IngestDrive     *drive)
{
  g_assert (INGEST_IS_DRIVE_PAGE (self));

  ingest_drive_page_update (self);
}

static void
ingest_drive_page_dispose (GObject *object)
{
  IngestDrivePage *self = (IngestDrivePage *) object;
  GtkWidget *child;

  if (self->rolls_list != NULL)
    gtk_list_box_bind_model (self->rolls_list, NULL, NULL, NULL, NULL);
  g_clear_handle_id (&self->feed_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->histories_count);
  g_clear_object (&self->histories_count);
  g_clear_object (&self->histories_job);
  if (self->keep_top_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->keep_top_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  g_clear_object (&self->feed_source);
  if (self->sorted_results != NULL)
    gtk_sort_list_model_set_model (self->sorted_results, NULL);
  g_clear_object (&self->shown);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_DRIVE_PAGE);
  /* Children without an id are not the template's to clear. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->drive_signals != NULL)
    g_signal_group_set_target (self->drive_signals, NULL);
  g_clear_object (&self->drive_signals);
  if (self->rolls_signals != NULL)
    g_signal_group_set_target (self->rolls_signals, NULL);
  g_clear_object (&self->rolls_signals);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);
  if (self->results_signals != NULL)
    g_signal_group_set_target (self->results_signals, NULL);
  g_clear_object (&self->results_signals);
  if (self->job_rolls_signals != NULL)
    g_signal_group_set_target (self->job_rolls_signals, NULL);
  g_clear_object (&self->job_rolls_signals);
  if (self->job_bindings != NULL)
    g_binding_group_set_source (self->job_bindings, NULL);
  g_clear_object (&self->job_bindings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->banner_style, g_free);
  g_clear_object (&self->rolls);
  g_clear_object (&self->drive);
  g_clear_pointer (&self->state_style, g_free);

  G_OBJECT_CLASS (ingest_drive_page_parent_class)->dispose (object);
}

static void
ingest_drive_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      g_value_set_object (value, ingest_drive_page_get_drive (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      ingest_drive_page_set_drive (self, g_value_get_object (value), NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_page_class_init (IngestDrivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_drive_page_dispose;
  object_class->get_property = ingest_drive_page_get_property;
  object_class->set_property = ingest_drive_page_set_property;

  properties[PROP_DRIVE] =
    g_param_spec_object ("drive", NULL, NULL,
                         INGEST_TYPE_DRIVE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INGEST_TYPE_VALIDATION_RESULT);

  g_type_ensure (INGEST_TYPE_UPLOAD_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-drive-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, upload_panel);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, icon);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, details_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_box);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_spinner);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_image);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, validation_slot);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, banner);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, banner_image);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, banner_counts);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, report_button);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, seal_button);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, validate_button);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, rolls_list);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, rolls_placeholder);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, files_slot);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, files_count_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, files_view);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, files_scroller);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, status_column);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, path_column);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, size_column);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, expected_column);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, found_column);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, filtered_results);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, sorted_results);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, status_filter);
  gtk_widget_class_bind_template_callback (widget_class, filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_rank);
  gtk_widget_class_bind_template_callback (widget_class, status_shown);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "drive.validate", NULL, validate_action);
  gtk_widget_class_install_action (widget_class, "drive.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "drive.seal", NULL, seal_action);
  gtk_widget_class_install_action (widget_class, "drive.reveal-report", NULL, reveal_report_action);
}

static void
ingest_drive_page_init (IngestDrivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->drive_signals = g_signal_group_new (INGEST_TYPE_DRIVE);
  g_signal_group_connect_object (self->drive_signals, "notify",
                                 G_CALLBACK (drive_notify_cb), self, G_CONNECT_SWAPPED);

  /* After the list box made the rows. */
  self->rolls_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->rolls_signals, "items-changed",
                                 G_CALLBACK (update_roll_verdicts), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->session_signals = g_signal_group_new (INGEST_TYPE_DRIVE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::read",
                                 G_CALLBACK (validation_job_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::reading",
                                 G_CALLBACK (update_validation), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::sealing",
                                 G_CALLBACK (update_validation), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::paused",
                                 G_CALLBACK (update_validation), self, G_CONNECT_SWAPPED);

  self->job_signals = g_signal_group_new (INGEST_TYPE_VALIDATION_JOB);
  g_signal_group_connect_object (self->job_signals, "notify",
                                 G_CALLBACK (job_notify_cb), self, G_CONNECT_SWAPPED);

  self->results_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->results_signals, "items-changed",
                                 G_CALLBACK (results_changed_cb), self, G_CONNECT_SWAPPED);

  self->job_rolls_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->job_rolls_signals, "items-changed",
                                 G_CALLBACK (update_roll_verdicts), self, G_CONNECT_SWAPPED);

  self->job_bindings = g_binding_group_new ();
  g_binding_group_bind (self->job_bindings, "fraction", self->progress_bar, "fraction", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->filtered_results, "items-changed",
                           G_CALLBACK (filtered_changed_cb), self, G_CONNECT_SWAPPED);

  set_cell_factory (self->status_column, INGEST_RESULT_FIELD_STATUS);
  set_cell_factory (self->path_column, INGEST_RESULT_FIELD_PATH);
  set_cell_factory (self->size_column, INGEST_RESULT_FIELD_SIZE);
  set_cell_factory (self->expected_column, INGEST_RESULT_FIELD_EXPECTED);
  set_cell_factory (self->found_column, INGEST_RESULT_FIELD_FOUND);

  self->shown = g_list_store_new (INGEST_TYPE_VALIDATION_RESULT);
  gtk_sort_list_model_set_model (self->sorted_results, G_LIST_MODEL (self->shown));
}

/**
 * ingest_drive_page_get_drive:
 *
 * Returns: (transfer none) (nullable): the drive shown
 */
IngestDrive *
ingest_drive_page_get_drive (IngestDrivePage *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_PAGE (self), NULL);

  return self->drive;
}

/**
 * ingest_drive_page_set_drive:
 * @session: (nullable): the drive's session, to show and run
 */
void
ingest_drive_page_set_drive (IngestDrivePage    *self,
                             IngestDrive        *drive,
                             IngestDriveSession *session)
{
  g_return_if_fail (INGEST_IS_DRIVE_PAGE (self));
  g_return_if_fail (drive == NULL || INGEST_IS_DRIVE (drive));
  g_return_if_fail (session == NULL || ingest_drive_session_get_drive (session) == drive);

  if (self->drive == drive && self->session == session)
    return;

  if (g_set_object (&self->drive, drive))
    {
      g_clear_object (&self->rolls);
      if (drive != NULL)
        self->rolls = ingest_drive_list_rolls (drive);
      gtk_list_box_bind_model (self->rolls_list, self->rolls, create_roll_row_cb, NULL, NULL);
      g_signal_group_set_target (self->rolls_signals, self->rolls);
      g_signal_group_set_target (self->drive_signals, drive);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVE]);
    }

  set_session (self, session);
  ingest_drive_page_update (self);
}

/**
 * ingest_drive_page_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
IngestDriveSession *
ingest_drive_page_get_session (IngestDrivePage *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_PAGE (self), NULL);

  return self->session;
}
