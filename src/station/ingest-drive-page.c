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

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ingest-clips-view.h"
#include "ingest-drive-page.h"
#include "ingest-format.h"
#include "ingest-results-view.h"
#include "ingest-roll-row.h"
#include "ingest-upload-panel.h"
#include "ingest-validation-banner.h"

/* The selected drive, in three views: Overview (identity, state, a one-line
 * summary, the validation banner with its verdict, counts, progress and
 * buttons: IngestValidationBanner, the upload panel, and the rolls with
 * their verdicts once validated), Clips (what the session's metadata stage
 * read: IngestClipsView) and Files (the files the validation checked:
 * IngestResultsView).
 *
 * The page shows a drive's IngestDriveSession (the application keeps one per
 * drive identity) and hands it to the banner and the upload panel; the file
 * list and the roll verdicts follow the session's read. */
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
  IngestValidationBanner *banner;        /* "validation_slot" in the template */
  GtkListBox            *rolls_list;
  GtkLabel              *rolls_placeholder;
  IngestResultsView     *results_view;  /* "files_slot" */
  GtkWidget             *files_placeholder;
  AdwViewStack          *view_stack;
  IngestClipsView       *clips_view;
  GtkWidget             *proxy_box;
  GtkLabel              *proxy_label;
  GtkLabel              *proxy_drive_label;

  /* Owned references */
  IngestDrive           *drive;
  GListModel            *rolls;
  GSignalGroup          *drive_signals;
  GSignalGroup          *rolls_signals;
  char                  *state_style;
  IngestDriveSession    *session;
  GSignalGroup          *session_signals;
  GSignalGroup          *job_signals;
  GSignalGroup          *job_rolls_signals;
  IngestProxyStage      *proxy_stage;
  GSignalGroup          *proxy_signals;
  GSignalGroup          *pending_signals;
};

G_DEFINE_FINAL_TYPE (IngestDrivePage, ingest_drive_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* A new job (or none): the list and the roll verdicts follow it. */
static void
validation_job_cb (IngestDrivePage *self)
{
  IngestValidationJob *job = self->session ? ingest_drive_session_get_read (self->session) : NULL;
  g_autoptr(GListModel) results = job ? ingest_validation_job_list_results (job) : NULL;
  g_autoptr(GListModel) rolls = job ? ingest_validation_job_list_rolls (job) : NULL;

  g_signal_group_set_target (self->job_signals, job);
  g_signal_group_set_target (self->job_rolls_signals, rolls);
  ingest_results_view_set_results (self->results_view, results);
  /* The inspector finds the clips' hashes in the read's results. */
  ingest_clips_view_set_results (self->clips_view, results);
  update_roll_verdicts (self);
}

/* The proxies' line: how many are made, and the clips still read from
 * the drive for them (the technician may eject once none is left). */
static void
update_proxies (IngestDrivePage *self)
{
  IngestProxyStage *stage = self->proxy_stage;
  g_autofree char *progress = NULL;
  g_autofree char *needs = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) pending = NULL;
  GListModel *clips;

  if (stage != NULL)
    {
      clips = ingest_proxy_stage_get_pending (stage);
      for (guint i = 0; i < g_list_model_get_n_items (clips); i++)
        {
          g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);

          g_strv_builder_add (builder, ingest_clip_get_name (clip));
        }
      progress = ingest_format_proxy_progress (ingest_proxy_stage_get_n_clips (stage),
                                               ingest_proxy_stage_get_n_made (stage),
                                               ingest_proxy_stage_get_n_no_preview (stage),
                                               ingest_proxy_stage_get_n_failed (stage));
      pending = g_strv_builder_end (builder);
      if (progress != NULL && ingest_proxy_stage_get_delivering (stage))
        {
          /* Translators: "Proxies: 3 of 6 made", then that they are being uploaded */
          char *delivering = g_strdup_printf (_("%s · delivering them"), progress);

          g_free (progress);
          progress = delivering;
        }
      /* Once the read is over and while the run goes on: before, the whole
       * drive is needed; after, nothing reads it. */
      if (self->session != NULL && ingest_drive_session_get_running (self->session) &&
          !ingest_drive_session_get_reading (self->session))
        needs = ingest_format_proxy_needs_drive ((const char * const *) pending,
                                                 ingest_proxy_stage_get_needs_drive (stage));
    }
  gtk_label_set_label (self->proxy_label, progress != NULL ? progress : "");
  gtk_widget_set_visible (GTK_WIDGET (self->proxy_label), progress != NULL);
  gtk_label_set_label (self->proxy_drive_label, needs != NULL ? needs : "");
  gtk_widget_set_visible (GTK_WIDGET (self->proxy_drive_label), needs != NULL);
  gtk_widget_set_visible (self->proxy_box, progress != NULL || needs != NULL);
}

static void
set_session (IngestDrivePage    *self,
             IngestDriveSession *session)
{
  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  ingest_validation_banner_set_session (self->banner, session);
  ingest_upload_panel_set_session (self->upload_panel, session);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_panel), session != NULL);
  validation_job_cb (self);
}

/* The page's actions are the banner's: its buttons name them, and the
 * page's shortcuts work wherever the focus is. */
static void
banner_notify_cb (IngestDrivePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.validate",
                                 ingest_validation_banner_get_can_validate (self->banner));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.cancel",
                                 ingest_validation_banner_get_can_cancel (self->banner));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.seal",
                                 ingest_validation_banner_get_can_seal (self->banner));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drive.reveal-report",
                                 ingest_validation_banner_get_can_reveal_report (self->banner));
}

/*
 * Actions
 */

static void
validate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ingest_validation_banner_validate (INGEST_DRIVE_PAGE (widget)->banner);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ingest_validation_banner_cancel (INGEST_DRIVE_PAGE (widget)->banner);
}

static void
seal_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ingest_validation_banner_seal (INGEST_DRIVE_PAGE (widget)->banner);
}

static void
reveal_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ingest_validation_banner_reveal_report (INGEST_DRIVE_PAGE (widget)->banner);
}

static GtkWidget *
create_roll_row_cb (gpointer item,
                    gpointer user_data)
{
  return ingest_roll_row_new (INGEST_ROLL (item));
}

/* The Files view says why it is empty until the list has a file. */
static void
files_visible_cb (IngestDrivePage *self)
{
  gtk_widget_set_visible (self->files_placeholder, !gtk_widget_get_visible (GTK_WIDGET (self->results_view)));
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
  if (self->job_rolls_signals != NULL)
    g_signal_group_set_target (self->job_rolls_signals, NULL);
  g_clear_object (&self->job_rolls_signals);
  if (self->proxy_signals != NULL)
    g_signal_group_set_target (self->proxy_signals, NULL);
  g_clear_object (&self->proxy_signals);
  if (self->pending_signals != NULL)
    g_signal_group_set_target (self->pending_signals, NULL);
  g_clear_object (&self->pending_signals);
  g_clear_object (&self->proxy_stage);
  g_clear_object (&self->session);
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

  g_type_ensure (INGEST_TYPE_CLIPS_VIEW);
  g_type_ensure (INGEST_TYPE_VALIDATION_BANNER);
  g_type_ensure (INGEST_TYPE_RESULTS_VIEW);
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
  gtk_widget_class_bind_template_child_full (widget_class, "validation_slot", FALSE,
                                             G_STRUCT_OFFSET (IngestDrivePage, banner));
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, rolls_list);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, rolls_placeholder);
  gtk_widget_class_bind_template_child_full (widget_class, "files_slot", FALSE,
                                             G_STRUCT_OFFSET (IngestDrivePage, results_view));
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, files_placeholder);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, clips_view);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, proxy_box);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, proxy_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, proxy_drive_label);
  gtk_widget_class_bind_template_callback (widget_class, files_visible_cb);
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
  ingest_clips_view_set_placeholder (self->clips_view, _("No Clips Yet"),
                                     _("Clips are listed once their metadata has been read from the drive"));

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
  g_signal_group_connect_object (self->session_signals, "notify::running",
                                 G_CALLBACK (update_proxies), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::reading",
                                 G_CALLBACK (update_proxies), self, G_CONNECT_SWAPPED);

  self->proxy_signals = g_signal_group_new (INGEST_TYPE_PROXY_STAGE);
  g_signal_group_connect_object (self->proxy_signals, "notify",
                                 G_CALLBACK (update_proxies), self, G_CONNECT_SWAPPED);
  self->pending_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->pending_signals, "items-changed",
                                 G_CALLBACK (update_proxies), self, G_CONNECT_SWAPPED);

  self->job_signals = g_signal_group_new (INGEST_TYPE_VALIDATION_JOB);
  g_signal_group_connect_object (self->job_signals, "notify::phase",
                                 G_CALLBACK (update_roll_verdicts), self, G_CONNECT_SWAPPED);

  self->job_rolls_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->job_rolls_signals, "items-changed",
                                 G_CALLBACK (update_roll_verdicts), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->banner, "notify::can-validate", G_CALLBACK (banner_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->banner, "notify::can-cancel", G_CALLBACK (banner_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->banner, "notify::can-seal", G_CALLBACK (banner_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->banner, "notify::can-reveal-report", G_CALLBACK (banner_notify_cb), self,
                           G_CONNECT_SWAPPED);
  banner_notify_cb (self);
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
  gtk_widget_set_visible (GTK_WIDGET (self->banner), self->drive != NULL && self->session != NULL);
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

  return ingest_results_view_get_pending (self->results_view) ||
         ingest_validation_banner_get_pending (self->banner);
}

/**
 * ingest_drive_page_get_banner:
 *
 * Returns: (transfer none): the validation banner
 */
IngestValidationBanner *
ingest_drive_page_get_banner (IngestDrivePage *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_PAGE (self), NULL);

  return self->banner;
}

/**
 * ingest_drive_page_get_results_view:
 *
 * Returns: (transfer none): the list of the files the validation checked
 */
IngestResultsView *
ingest_drive_page_get_results_view (IngestDrivePage *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_PAGE (self), NULL);

  return self->results_view;
}

/* Where the banner's Reveal Report writes (the application says, through
 * the window: the page and its banner know no application). */
void
ingest_drive_page_set_report_dir (IngestDrivePage *self,
                                  const char      *report_dir)
{
  g_return_if_fail (INGEST_IS_DRIVE_PAGE (self));

  ingest_validation_banner_set_report_dir (self->banner, report_dir);
}

/**
 * ingest_drive_page_set_clips:
 * @clips: (nullable): the drive's clips (IngestClip): its session's
 *   metadata stage's list
 */
void
ingest_drive_page_set_clips (IngestDrivePage *self,
                             GListModel      *clips)
{
  g_return_if_fail (INGEST_IS_DRIVE_PAGE (self));

  ingest_clips_view_set_clips (self->clips_view, clips);
}

/**
 * ingest_drive_page_set_proxy_stage:
 * @stage: (nullable): the drive's session's proxy stage
 */
void
ingest_drive_page_set_proxy_stage (IngestDrivePage  *self,
                                   IngestProxyStage *stage)
{
  g_return_if_fail (INGEST_IS_DRIVE_PAGE (self));

  if (!g_set_object (&self->proxy_stage, stage))
    return;
  g_signal_group_set_target (self->proxy_signals, stage);
  g_signal_group_set_target (self->pending_signals, stage != NULL ? ingest_proxy_stage_get_pending (stage) : NULL);
  update_proxies (self);
}

/**
 * ingest_drive_page_get_clips_view:
 *
 * Returns: (transfer none): the Clips view
 */
IngestClipsView *
ingest_drive_page_get_clips_view (IngestDrivePage *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_PAGE (self), NULL);

  return self->clips_view;
}

/* "overview", "clips" or "files" */
void
ingest_drive_page_set_view (IngestDrivePage *self,
                            const char      *name)
{
  g_return_if_fail (INGEST_IS_DRIVE_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
