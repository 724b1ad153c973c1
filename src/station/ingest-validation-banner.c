/* ingest-validation-banner.c
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

#define G_LOG_DOMAIN "ingest-validation-banner"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-validation-banner.h"

/* A drive's validation: the verdict banner (title, counts), its buttons and
 * the progress, from the read of an IngestDriveSession (its properties and
 * its job's, updated as they notify). What the buttons do is here too; the
 * drive page offers it as its "drive.*" actions (the buttons' targets), and
 * turns them on and off as the can-* properties say. */
struct _IngestValidationBanner
{
  GtkWidget              parent_instance;

  /* Template widgets */
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

  /* Owned references */
  IngestDriveSession    *session;
  char                  *report_dir;     /* where Reveal Report writes (the application says) */
  GSignalGroup          *session_signals;
  GSignalGroup          *drive_signals;
  GSignalGroup          *job_signals;
  GSignalGroup          *results_signals;
  GBindingGroup         *job_bindings;
  char                  *banner_style;
  guint                  update_id;      /* once per burst of changes */
  gboolean               can_validate;
  gboolean               can_cancel;
  gboolean               can_seal;
  gboolean               can_reveal_report;
  /* Files of the ASC MHL histories (ascmhl/) a finished validation had,
   * counted off the main thread once per job (G_MAXUINT64 until known). */
  IngestValidationJob   *histories_job;
  guint64                n_history_files;
  GCancellable          *histories_count;
};

G_DEFINE_FINAL_TYPE (IngestValidationBanner, ingest_validation_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CAN_VALIDATE,
  PROP_CAN_CANCEL,
  PROP_CAN_SEAL,
  PROP_CAN_REVEAL_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (IngestValidationBanner *self);

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
  IngestValidationBanner *self = INGEST_VALIDATION_BANNER (object);
  g_autoptr(IngestValidationJob) job = user_data;
  g_autofree guint64 *n = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled, or counted for a job no longer shown. */
  if (n == NULL || job != self->histories_job)
    return;
  g_clear_object (&self->histories_count);
  self->n_history_files = *n;
  update (self);
}

static void
count_history_files (IngestValidationBanner *self,
                     IngestValidationJob    *job)
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
set_can (IngestValidationBanner *self,
         gboolean               *field,
         guint                   prop_id,
         gboolean                value)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* The banner, its buttons and the progress, from the validation's state. */
static void
update (IngestValidationBanner *self)
{
  IngestValidationJob *job = self->session ? ingest_drive_session_get_read (self->session) : NULL;
  IngestDrive *drive = self->session ? ingest_drive_session_get_drive (self->session) : NULL;
  gboolean running = self->session != NULL && ingest_drive_session_get_reading (self->session);
  gboolean sealing = self->session != NULL && ingest_drive_session_get_sealing (self->session);
  gboolean can_seal = self->session != NULL && ingest_drive_session_can_seal (self->session);
  IngestValidationPhase phase = job ? ingest_validation_job_get_phase (job) : INGEST_VALIDATION_PHASE_IDLE;
  IngestValidationVerdict verdict = job ? ingest_validation_job_get_verdict (job) : INGEST_VALIDATION_VERDICT_PENDING;
  gboolean paused = job != NULL && ingest_validation_job_get_paused (job);
  IngestDriveState drive_state = drive ? ingest_drive_get_state (drive) : INGEST_DRIVE_STATE_REMOVED;
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
  g_object_freeze_notify (G_OBJECT (self));
  set_can (self, &self->can_validate, PROP_CAN_VALIDATE, can_start);
  set_can (self, &self->can_cancel, PROP_CAN_CANCEL, running && !for_upload);
  set_can (self, &self->can_seal, PROP_CAN_SEAL, can_seal && !sealing);
  set_can (self, &self->can_reveal_report, PROP_CAN_REVEAL_REPORT, done);
  g_object_thaw_notify (G_OBJECT (self));

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
  IngestValidationBanner *self = user_data;

  self->update_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* A job notifies several properties at a time and results come in batches:
 * the banner is brought up to date once for all of them, before the next frame. */
static void
queue_update (IngestValidationBanner *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, update_cb, self, NULL);
}

/* A new job (or none): the progress bar and the banner follow it. */
static void
validation_job_cb (IngestValidationBanner *self)
{
  IngestValidationJob *job = self->session ? ingest_drive_session_get_read (self->session) : NULL;
  g_autoptr(GListModel) results = job ? ingest_validation_job_list_results (job) : NULL;

  g_signal_group_set_target (self->job_signals, job);
  g_binding_group_set_source (self->job_bindings, job);
  /* The counts change with each batch of results, not only on notify. */
  g_signal_group_set_target (self->results_signals, results);
  if (job == NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);

  update (self);
}

static GtkWindow *
get_window (IngestValidationBanner *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Said by the window it is in ("win.show-message"), which the banner does
 * not need to know. */
static void
show_message (IngestValidationBanner *self,
              const char             *message)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-message", "s", message))
    g_message ("%s", message);
}

/*
 * What the buttons do
 */

static void
seal_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IngestValidationBanner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ingest_drive_session_seal_finish (INGEST_DRIVE_SESSION (object), result, &error))
    {
      g_autofree char *message = ingest_format_seal_failed (error->message);

      show_message (self, message);
    }
}

static void
seal_response_cb (IngestValidationBanner *self,
                  const char             *response,
                  AdwMessageDialog       *dialog)
{
  if (g_strcmp0 (response, "seal") == 0 && self->session != NULL)
    ingest_drive_session_seal_async (self->session, seal_done_cb, g_object_ref (self));
}

static void
show_folder_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(IngestValidationBanner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    show_message (self, error->message);
}

/* Opens the folder holding PATH with whatever handles folders. */
static void
show_folder (IngestValidationBanner *self,
             const char             *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  if (get_window (self) != NULL)
    gtk_show_uri_full (get_window (self), uri, GDK_CURRENT_TIME, NULL, show_folder_done_cb, g_object_ref (self));
}

typedef struct {
  IngestValidationBanner *self;
  char                   *path;
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
reveal_file (IngestValidationBanner *self,
             const char             *path)
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

static void
ingest_validation_banner_dispose (GObject *object)
{
  IngestValidationBanner *self = (IngestValidationBanner *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->histories_count);
  g_clear_object (&self->histories_count);
  g_clear_object (&self->histories_job);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_VALIDATION_BANNER);
  /* Its root box has no id: not the template's to clear. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->drive_signals != NULL)
    g_signal_group_set_target (self->drive_signals, NULL);
  g_clear_object (&self->drive_signals);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);
  if (self->results_signals != NULL)
    g_signal_group_set_target (self->results_signals, NULL);
  g_clear_object (&self->results_signals);
  if (self->job_bindings != NULL)
    g_binding_group_set_source (self->job_bindings, NULL);
  g_clear_object (&self->job_bindings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->banner_style, g_free);
  g_clear_pointer (&self->report_dir, g_free);

  G_OBJECT_CLASS (ingest_validation_banner_parent_class)->dispose (object);
}

static void
ingest_validation_banner_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  IngestValidationBanner *self = INGEST_VALIDATION_BANNER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_CAN_VALIDATE:
      g_value_set_boolean (value, self->can_validate);
      break;

    case PROP_CAN_CANCEL:
      g_value_set_boolean (value, self->can_cancel);
      break;

    case PROP_CAN_SEAL:
      g_value_set_boolean (value, self->can_seal);
      break;

    case PROP_CAN_REVEAL_REPORT:
      g_value_set_boolean (value, self->can_reveal_report);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_banner_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  IngestValidationBanner *self = INGEST_VALIDATION_BANNER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ingest_validation_banner_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_banner_class_init (IngestValidationBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_validation_banner_dispose;
  object_class->get_property = ingest_validation_banner_get_property;
  object_class->set_property = ingest_validation_banner_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INGEST_TYPE_DRIVE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_VALIDATE] =
    g_param_spec_boolean ("can-validate", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_CANCEL] =
    g_param_spec_boolean ("can-cancel", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_SEAL] =
    g_param_spec_boolean ("can-seal", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_REVEAL_REPORT] =
    g_param_spec_boolean ("can-reveal-report", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-validation-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, banner);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, banner_image);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, banner_title);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, banner_counts);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, report_button);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, seal_button);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, validate_button);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, progress_box);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IngestValidationBanner, progress_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ingest_validation_banner_init (IngestValidationBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (INGEST_TYPE_DRIVE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::read",
                                 G_CALLBACK (validation_job_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::reading",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::sealing",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::paused",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  /* Validating needs a scanned drive that is here. */
  self->drive_signals = g_signal_group_new (INGEST_TYPE_DRIVE);
  g_signal_group_connect_object (self->drive_signals, "notify::state",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  self->job_signals = g_signal_group_new (INGEST_TYPE_VALIDATION_JOB);
  g_signal_group_connect_object (self->job_signals, "notify",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);

  self->results_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->results_signals, "items-changed",
                                 G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);

  self->job_bindings = g_binding_group_new ();
  g_binding_group_bind (self->job_bindings, "fraction", self->progress_bar, "fraction", G_BINDING_SYNC_CREATE);
}

/**
 * ingest_validation_banner_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
IngestDriveSession *
ingest_validation_banner_get_session (IngestValidationBanner *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_BANNER (self), NULL);

  return self->session;
}

/**
 * ingest_validation_banner_set_session:
 * @session: (nullable): the drive's session, to show and run
 */
void
ingest_validation_banner_set_session (IngestValidationBanner *self,
                                      IngestDriveSession     *session)
{
  g_return_if_fail (INGEST_IS_VALIDATION_BANNER (self));
  g_return_if_fail (session == NULL || INGEST_IS_DRIVE_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->drive_signals, session ? ingest_drive_session_get_drive (session) : NULL);
  validation_job_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * ingest_validation_banner_get_pending:
 *
 * Returns: %TRUE while the banner is about to be brought up to date
 */
gboolean
ingest_validation_banner_get_pending (IngestValidationBanner *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_BANNER (self), FALSE);

  return self->update_id != 0;
}

gboolean
ingest_validation_banner_get_can_validate (IngestValidationBanner *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_BANNER (self), FALSE);

  return self->can_validate;
}

gboolean
ingest_validation_banner_get_can_cancel (IngestValidationBanner *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_BANNER (self), FALSE);

  return self->can_cancel;
}

gboolean
ingest_validation_banner_get_can_seal (IngestValidationBanner *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_BANNER (self), FALSE);

  return self->can_seal;
}

gboolean
ingest_validation_banner_get_can_reveal_report (IngestValidationBanner *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_BANNER (self), FALSE);

  return self->can_reveal_report;
}

void
ingest_validation_banner_validate (IngestValidationBanner *self)
{
  g_return_if_fail (INGEST_IS_VALIDATION_BANNER (self));

  if (self->session != NULL)
    ingest_drive_session_validate (self->session, NULL);
}

void
ingest_validation_banner_cancel (IngestValidationBanner *self)
{
  g_return_if_fail (INGEST_IS_VALIDATION_BANNER (self));

  if (self->session != NULL)
    ingest_drive_session_cancel (self->session);
}

/**
 * ingest_validation_banner_seal:
 *
 * Sealing writes to the drive and vouches for files nothing has checked:
 * asks first, then seals.
 */
void
ingest_validation_banner_seal (IngestValidationBanner *self)
{
  g_auto(GStrv) rolls = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_if_fail (INGEST_IS_VALIDATION_BANNER (self));

  if (self->session == NULL || !ingest_drive_session_can_seal (self->session))
    return;

  rolls = ingest_drive_session_dup_unverifiable (self->session);
  body = ingest_format_seal_body ((const char * const *) rolls);
  dialog = adw_message_dialog_new (get_window (self), ingest_format_seal_title (), body);
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

/**
 * ingest_validation_banner_reveal_report:
 *
 * Writes the reports of the last validation beside the catalog and shows them.
 */
void
ingest_validation_banner_reveal_report (IngestValidationBanner *self)
{
  g_autofree char *html_path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INGEST_IS_VALIDATION_BANNER (self));

  if (self->session == NULL || self->report_dir == NULL)
    return;

  if (!ingest_drive_session_write_report (self->session, self->report_dir, NULL, &html_path, &error))
    {
      g_autofree char *message = ingest_format_report_failed (error->message);

      show_message (self, message);
      return;
    }
  reveal_file (self, html_path);
}

/* Where the reports go (beside the catalog): the window that shows the
 * banner's page says, so the banner needs no application. */
void
ingest_validation_banner_set_report_dir (IngestValidationBanner *self,
                                         const char             *report_dir)
{
  g_return_if_fail (INGEST_IS_VALIDATION_BANNER (self));

  g_free (self->report_dir);
  self->report_dir = g_strdup (report_dir);
}
