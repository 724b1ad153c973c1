/* ingest-upload-panel.c
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

#define G_LOG_DOMAIN "ingest-upload-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-s3-secret.h"
#include "ingest-upload-item.h"
#include "ingest-upload-panel.h"

/* The drive page's upload section: where to (the "upload-destination"
 * setting), Start / Pause / Resume / Cancel, the progress, and per roll and
 * per file what was delivered, in plain words. The wording comes from the
 * IngestDriveUpload it shows; destinations are made from the settings the
 * Preferences window edits, and the S3 secret from the keyring. */
struct _IngestUploadPanel
{
  GtkWidget          parent_instance;

  IngestDriveUpload *upload;
  GBindingGroup     *bindings;
  GSignalGroup      *signals;
  GSettings         *settings;
  GCancellable      *lookup;        /* the keyring lookup before a start */
  char              *start_error;   /* why the last Start did not start */

  /* Template widgets */
  AdwComboRow       *destination_row;
  GtkLabel          *title_label;
  GtkLabel          *counts_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *progress_label;
  GtkLabel          *error_label;
  GtkListBox        *rolls_list;
  GtkWidget         *files_scroller;
  GtkListView       *files_view;
  GtkWidget         *start_button;
  GtkWidget         *pause_button;
  GtkWidget         *resume_button;
  GtkWidget         *cancel_button;
};

G_DEFINE_FINAL_TYPE (IngestUploadPanel, ingest_upload_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_UPLOAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The choices of "upload-destination", in the order of the combo row. */
enum {
  DESTINATION_NAS,
  DESTINATION_S3,
  DESTINATION_BOTH,
};

static void
set_start_error (IngestUploadPanel *self,
                 const char        *message)
{
  g_free (self->start_error);
  self->start_error = g_strdup (message);
}

/* Buttons, styles and the error line follow the upload's state. */
static void
update (IngestUploadPanel *self)
{
  IngestUploadState state = self->upload ? ingest_drive_upload_get_state (self->upload) : INGEST_UPLOAD_STATE_IDLE;
  gboolean running = state == INGEST_UPLOAD_STATE_RUNNING;
  gboolean paused = state == INGEST_UPLOAD_STATE_PAUSED;
  const char *error = self->start_error;
  static const char * const styles[] = { "accent", "success", "warning", "error", "neutral" };

  if (error == NULL && self->upload != NULL)
    error = ingest_drive_upload_get_error_text (self->upload);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.start",
                                 self->upload != NULL && self->lookup == NULL && !running && !paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.pause", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.resume", paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.cancel", running || paused);
  gtk_widget_set_visible (self->start_button, !running && !paused);
  gtk_widget_set_visible (self->pause_button, running);
  gtk_widget_set_visible (self->resume_button, paused);
  gtk_widget_set_visible (self->cancel_button, running || paused);
  gtk_widget_set_sensitive (GTK_WIDGET (self->destination_row), !running && !paused);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), ingest_format_upload_style (state));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state != INGEST_UPLOAD_STATE_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), state != INGEST_UPLOAD_STATE_IDLE);
  gtk_label_set_label (self->error_label, error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

/* The combo row says where the chosen destination is, as the settings change. */
static void
update_destination (IngestUploadPanel *self)
{
  g_autofree char *nas = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *where = NULL;

  if (self->settings == NULL)
    return;
  nas = g_settings_get_string (self->settings, "nas-folder");
  bucket = g_settings_get_string (self->settings, "s3-bucket");
  prefix = g_settings_get_string (self->settings, "s3-prefix");
  where = ingest_format_upload_destination (adw_combo_row_get_selected (self->destination_row), nas, bucket, prefix);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->destination_row), where);
}

static void
upload_notify_cb (IngestUploadPanel *self)
{
  update (self);
}

static void
files_changed_cb (IngestUploadPanel *self)
{
  GListModel *files = self->upload ? ingest_drive_upload_get_files (self->upload) : NULL;
  GListModel *rolls = self->upload ? ingest_drive_upload_get_rolls (self->upload) : NULL;

  gtk_widget_set_visible (self->files_scroller, files != NULL && g_list_model_get_n_items (files) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rolls_list), rolls != NULL && g_list_model_get_n_items (rolls) > 0);
}

static GtkWidget *
create_roll_row (gpointer item,
                 gpointer user_data)
{
  IngestUploadItem *roll = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name (g_strcmp0 (ingest_upload_item_get_state (roll), "verified") == 0
                                                   ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ingest_upload_item_get_path (roll));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ingest_upload_item_get_detail (roll));
  gtk_widget_add_css_class (image, ingest_format_upload_file_style (ingest_upload_item_get_state (roll)));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  return row;
}

/* A file row: its path, then its state and what happened, coloured. */
static void
file_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *path = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (path, TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (state, "heading");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (line), path);
  gtk_box_append (GTK_BOX (line), state);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (list_item, box);
}

static void
file_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  IngestUploadItem *file = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *line = gtk_widget_get_first_child (box);
  GtkWidget *path = gtk_widget_get_first_child (line);
  GtkWidget *state = gtk_widget_get_next_sibling (path);
  GtkWidget *detail = gtk_widget_get_next_sibling (line);
  const char *word = ingest_upload_item_get_state (file);

  gtk_label_set_label (GTK_LABEL (path), ingest_upload_item_get_path (file));
  gtk_label_set_label (GTK_LABEL (state), ingest_format_upload_file_state (word));
  gtk_label_set_label (GTK_LABEL (detail), ingest_upload_item_get_detail (file));
  gtk_widget_set_css_classes (state, (const char *[]) { "heading", ingest_format_upload_file_style (word), NULL });
}

/* Destinations from the settings; @secret is the S3 secret key, or NULL
 * when S3 is not wanted. */
static GPtrArray *
make_destinations (IngestUploadPanel  *self,
                   guint               choice,
                   const char         *secret,
                   GError            **error)
{
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  IngestCatalog *catalog = ingest_drive_upload_get_catalog (self->upload);

  if (choice == DESTINATION_S3 || choice == DESTINATION_BOTH)
    {
      g_autofree char *endpoint = g_settings_get_string (self->settings, "s3-endpoint");
      g_autofree char *region = g_settings_get_string (self->settings, "s3-region");
      g_autofree char *bucket = g_settings_get_string (self->settings, "s3-bucket");
      g_autofree char *prefix = g_settings_get_string (self->settings, "s3-prefix");
      g_autofree char *key_id = g_settings_get_string (self->settings, "s3-access-key-id");
      g_autoptr(IngestS3Credentials) credentials = NULL;
      g_autoptr(IngestS3Client) client = NULL;
      IngestS3Destination *s3;

      if (*endpoint == '\0' || *bucket == '\0' || *key_id == '\0' || secret == NULL)
        {
          g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                               _("The S3 bucket is not set up: give its endpoint, bucket, access key and secret key in Preferences"));
          return NULL;
        }
      credentials = ingest_s3_credentials_new (key_id, secret, NULL, *region ? region : NULL);
      client = ingest_s3_client_new (endpoint, credentials, error);
      if (client == NULL)
        return NULL;
      ingest_s3_client_set_path_style (client, g_settings_get_boolean (self->settings, "s3-path-style"));
      s3 = ingest_s3_destination_new (client, bucket, prefix, catalog);
      ingest_s3_destination_set_parts_in_flight (s3, g_settings_get_uint (self->settings, "s3-parts-in-flight"));
      ingest_s3_destination_set_bandwidth_limit (s3, (guint64) g_settings_get_uint (self->settings, "s3-bandwidth-limit") * 1000000);
      g_ptr_array_add (destinations, s3);
    }
  if (choice == DESTINATION_NAS || choice == DESTINATION_BOTH)
    {
      g_autofree char *folder = g_settings_get_string (self->settings, "nas-folder");

      if (*folder == '\0')
        {
          g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                               _("No NAS folder is set up: choose one in Preferences"));
          return NULL;
        }
      g_ptr_array_add (destinations, ingest_folder_destination_new (folder, catalog));
    }
  return g_steal_pointer (&destinations);
}

static void
start_with_secret (IngestUploadPanel *self,
                   const char        *secret)
{
  g_autoptr(GPtrArray) destinations = NULL;
  g_autoptr(GError) error = NULL;

  destinations = make_destinations (self, adw_combo_row_get_selected (self->destination_row), secret, &error);
  if (destinations == NULL || !ingest_drive_upload_start (self->upload, destinations, &error))
    set_start_error (self, error->message);
  update (self);
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IngestUploadPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = ingest_s3_secret_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->lookup);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The desktop keyring could not be read: %s"), error->message);

      set_start_error (self, message);
      update (self);
      return;
    }
  start_with_secret (self, secret);
  ingest_s3_secret_free (secret);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IngestUploadPanel *self = INGEST_UPLOAD_PANEL (widget);
  guint choice = adw_combo_row_get_selected (self->destination_row);
  g_autofree char *endpoint = NULL;
  g_autofree char *key_id = NULL;

  set_start_error (self, NULL);
  if (self->settings == NULL)
    {
      set_start_error (self, _("Settings are not available, so no destination is set up"));
      update (self);
      return;
    }
  if (choice == DESTINATION_NAS)
    {
      start_with_secret (self, NULL);
      return;
    }

  endpoint = g_settings_get_string (self->settings, "s3-endpoint");
  key_id = g_settings_get_string (self->settings, "s3-access-key-id");
  if (*endpoint == '\0' || *key_id == '\0')
    {
      start_with_secret (self, NULL);   /* says what is missing */
      return;
    }
  self->lookup = g_cancellable_new ();
  update (self);
  ingest_s3_secret_lookup_async (endpoint, key_id, self->lookup, lookup_done_cb, g_object_ref (self));
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ingest_drive_upload_pause (INGEST_UPLOAD_PANEL (widget)->upload);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ingest_drive_upload_resume (INGEST_UPLOAD_PANEL (widget)->upload);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ingest_drive_upload_cancel (INGEST_UPLOAD_PANEL (widget)->upload);
}

static void
ingest_upload_panel_dispose (GObject *object)
{
  IngestUploadPanel *self = (IngestUploadPanel *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  if (self->upload != NULL)
    {
      g_signal_handlers_disconnect_by_func (ingest_drive_upload_get_files (self->upload), files_changed_cb, self);
      g_signal_handlers_disconnect_by_func (ingest_drive_upload_get_rolls (self->upload), files_changed_cb, self);
    }
  if (self->rolls_list != NULL)
    gtk_list_box_bind_model (self->rolls_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_UPLOAD_PANEL);
  /* Children without an id are not the template's to clear. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->upload);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->start_error, g_free);

  G_OBJECT_CLASS (ingest_upload_panel_parent_class)->dispose (object);
}

static void
ingest_upload_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IngestUploadPanel *self = INGEST_UPLOAD_PANEL (object);

  switch (prop_id)
    {
    case PROP_UPLOAD:
      g_value_set_object (value, self->upload);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IngestUploadPanel *self = INGEST_UPLOAD_PANEL (object);

  switch (prop_id)
    {
    case PROP_UPLOAD:
      ingest_upload_panel_set_upload (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_panel_class_init (IngestUploadPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_upload_panel_dispose;
  object_class->get_property = ingest_upload_panel_get_property;
  object_class->set_property = ingest_upload_panel_set_property;

  properties[PROP_UPLOAD] =
    g_param_spec_object ("upload", NULL, NULL,
                         INGEST_TYPE_DRIVE_UPLOAD,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ingeststation/IngestStation/ingest-upload-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, destination_row);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, counts_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, rolls_list);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, files_scroller);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, files_view);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, start_button);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, pause_button);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, resume_button);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, file_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, file_bind_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "upload.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "upload.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "upload.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "upload.cancel", NULL, cancel_action);
}

static void
ingest_upload_panel_init (IngestUploadPanel *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind (self->settings, "upload-destination", self->destination_row, "selected", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (update_destination), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->destination_row, "notify::selected", G_CALLBACK (update_destination), self, G_CONNECT_SWAPPED);
      update_destination (self);
    }

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "counts-text", self->counts_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "progress-text", self->progress_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "fraction", self->progress_bar, "fraction", G_BINDING_SYNC_CREATE);

  self->signals = g_signal_group_new (INGEST_TYPE_DRIVE_UPLOAD);
  g_signal_group_connect_swapped (self->signals, "notify::state", G_CALLBACK (upload_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::error-text", G_CALLBACK (upload_notify_cb), self);

  update (self);
}

GtkWidget *
ingest_upload_panel_new (void)
{
  return g_object_new (INGEST_TYPE_UPLOAD_PANEL, NULL);
}

IngestDriveUpload *
ingest_upload_panel_get_upload (IngestUploadPanel *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_PANEL (self), NULL);

  return self->upload;
}

/* The panel shows @upload (or nothing, when %NULL): drives keep their
 * IngestDriveUpload while the page shows another drive. */
void
ingest_upload_panel_set_upload (IngestUploadPanel *self,
                                IngestDriveUpload *upload)
{
  g_return_if_fail (INGEST_IS_UPLOAD_PANEL (self));
  g_return_if_fail (upload == NULL || INGEST_IS_DRIVE_UPLOAD (upload));

  if (self->upload == upload)
    return;
  if (self->upload != NULL)
    {
      g_signal_handlers_disconnect_by_func (ingest_drive_upload_get_files (self->upload), files_changed_cb, self);
      g_signal_handlers_disconnect_by_func (ingest_drive_upload_get_rolls (self->upload), files_changed_cb, self);
    }
  g_set_object (&self->upload, upload);

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  set_start_error (self, NULL);
  g_binding_group_set_source (self->bindings, upload);
  g_signal_group_set_target (self->signals, upload);
  if (upload != NULL)
    {
      g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (ingest_drive_upload_get_files (upload)));

      gtk_list_view_set_model (self->files_view, GTK_SELECTION_MODEL (selection));
      gtk_list_box_bind_model (self->rolls_list, ingest_drive_upload_get_rolls (upload), create_roll_row, NULL, NULL);
      g_signal_connect_object (ingest_drive_upload_get_files (upload), "items-changed",
                               G_CALLBACK (files_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (ingest_drive_upload_get_rolls (upload), "items-changed",
                               G_CALLBACK (files_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      gtk_list_view_set_model (self->files_view, NULL);
      gtk_list_box_bind_model (self->rolls_list, NULL, NULL, NULL, NULL);
    }
  files_changed_cb (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD]);
}
