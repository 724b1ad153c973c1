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

#include "ingest-format.h"
#include "ingest-s3-secret.h"
#include "ingest-settings.h"
#include "ingest-upload-item.h"
#include "ingest-upload-panel.h"

/* The drive page's upload section: where to (the "upload-destination"
 * setting), Start / Pause / Resume / Cancel, the progress, the files being
 * sent now with their own progress, then per roll and per file what was
 * delivered, in plain words. The wording comes from the IngestUploadView of
 * the drive session it shows, whose rows change in place (rows here are bound to them, so a tick
 * redraws what moved, nothing is rebuilt); destinations are made from the
 * settings the Preferences window edits (IngestSettings), and the S3 secret
 * from the keyring. */
struct _IngestUploadPanel
{
  GtkWidget          parent_instance;

  IngestDriveSession *session;
  IngestUploadView  *upload;        /* the session's, as the panel shows it */
  GBindingGroup     *bindings;
  GSignalGroup      *signals;
  IngestSettings    *settings;
  GCancellable      *lookup;        /* the keyring lookup and destination check before a start */
  char              *start_error;   /* why the last Start did not start */
  gulong             keep_top_id;   /* after-paint: the files list back to its top */

  /* Template widgets */
  AdwComboRow       *destination_row;
  GtkLabel          *title_label;
  GtkLabel          *counts_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *progress_label;
  GtkLabel          *error_label;
  GtkWidget         *active_heading;
  GtkListBox        *active_list;
  GtkWidget         *rolls_heading;
  GtkListBox        *rolls_list;
  GtkWidget         *files_heading;
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
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  IngestUploadState state = self->upload ? ingest_upload_view_get_state (self->upload) : INGEST_UPLOAD_STATE_IDLE;
  gboolean running = state == INGEST_UPLOAD_STATE_RUNNING;
  gboolean paused = state == INGEST_UPLOAD_STATE_PAUSED;
  /* Waits for its drive: nothing to pause or resume, only to cancel. */
  gboolean waiting = state == INGEST_UPLOAD_STATE_DRIVE_REMOVED;
  const char *error = self->start_error;
  g_autofree char *error_shown = NULL;
  static const char * const styles[] = { "accent", "success", "warning", "error", "neutral" };

  if (error == NULL && self->upload != NULL)
    error = ingest_upload_view_get_error_text (self->upload);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.start",
                                 self->upload != NULL && self->lookup == NULL && !running && !paused && !waiting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.pause", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.resume", paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "upload.cancel", running || paused || waiting);
  gtk_widget_set_visible (self->start_button, !running && !paused && !waiting);
  gtk_button_set_label (GTK_BUTTON (self->start_button), ingest_format_upload_start_label (state));
  if (state == INGEST_UPLOAD_STATE_IDLE)
    gtk_widget_add_css_class (self->start_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->start_button, "suggested-action");
  gtk_widget_set_visible (self->pause_button, running);
  gtk_widget_set_visible (self->resume_button, paused);
  gtk_widget_set_visible (self->cancel_button, running || paused || waiting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->destination_row), !running && !paused && !waiting);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), ingest_format_upload_style (state));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state != INGEST_UPLOAD_STATE_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), state != INGEST_UPLOAD_STATE_IDLE);
  error_shown = ingest_display_message (error);
  gtk_label_set_label (self->error_label, error_shown);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

/* The values of the object key template, as ingest_key_template_new() takes them. */
static void
get_key_variables (IngestUploadPanel *self,
                   const char        *variables[5])
{
  variables[0] = "production";
  variables[1] = ingest_settings_get_production (self->settings);
  variables[2] = "shoot-day";
  variables[3] = ingest_settings_get_shoot_day (self->settings);
  variables[4] = NULL;
}

/* The combo row says where the chosen destination is, as the settings change. */
static void
update_destination (IngestUploadPanel *self)
{
  const char *key_variables[5];
  g_autoptr(IngestKeyTemplate) key_template = NULL;
  g_autofree char *key_prefix = NULL;
  g_autofree char *where = NULL;

  get_key_variables (self, key_variables);
  key_template = ingest_key_template_new (ingest_settings_get_key_template (self->settings), key_variables, NULL);
  key_prefix = key_template != NULL ? ingest_key_template_dup_prefix (key_template) : g_strdup ("");
  where = ingest_format_upload_destination (ingest_settings_get_upload_destination (self->settings),
                                            ingest_settings_get_nas_folder (self->settings),
                                            ingest_settings_get_s3_bucket (self->settings),
                                            ingest_settings_get_s3_prefix (self->settings),
                                            ingest_settings_get_s3_endpoint (self->settings),
                                            key_prefix);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->destination_row), where);
}

static void
upload_notify_cb (IngestUploadPanel *self)
{
  update (self);
}

/* The upload's lists, in the order they are shown. */
static void
get_lists (IngestUploadPanel *self,
           GListModel        *lists[3])
{
  lists[0] = self->upload ? ingest_upload_view_get_active (self->upload) : NULL;
  lists[1] = self->upload ? ingest_upload_view_get_rolls (self->upload) : NULL;
  lists[2] = self->upload ? ingest_upload_view_get_files (self->upload) : NULL;
}

/* Each list and its heading show when it has rows. */
static void
lists_changed_cb (IngestUploadPanel *self)
{
  GListModel *lists[3];
  GtkWidget *widgets[][2] = {
    { self->active_heading, GTK_WIDGET (self->active_list) },
    { self->rolls_heading, GTK_WIDGET (self->rolls_list) },
    { self->files_heading, self->files_scroller },
  };

  get_lists (self, lists);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      gboolean shown = lists[i] != NULL && g_list_model_get_n_items (lists[i]) > 0;

      gtk_widget_set_visible (widgets[i][0], shown);
      gtk_widget_set_visible (widgets[i][1], shown);
    }
}

/* The list view keeps showing the row it showed when rows are inserted
 * above it; files not delivered are, so a list that showed its top shows it
 * again once laid out. */
static void
keep_top_cb (IngestUploadPanel *self,
             GdkFrameClock     *clock)
{
  GtkAdjustment *vadjustment;

  g_clear_signal_handler (&self->keep_top_id, clock);
  if (self->files_scroller == NULL)   /* disposed */
    return;
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->files_scroller));
  gtk_adjustment_set_value (vadjustment, 0);
}

static void
files_changed_cb (IngestUploadPanel *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->files_scroller));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->files_view));

  if (gtk_adjustment_get_value (vadjustment) <= 0 && clock != NULL && self->keep_top_id == 0)
    self->keep_top_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (keep_top_cb),
                                                 self, G_CONNECT_SWAPPED);
}

static void
watch_lists (IngestUploadPanel *self,
             gboolean           watch)
{
  GListModel *lists[3];

  get_lists (self, lists);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (watch)
      g_signal_connect_object (lists[i], "items-changed", G_CALLBACK (lists_changed_cb), self, G_CONNECT_SWAPPED);
    else
      g_signal_handlers_disconnect_by_func (lists[i], lists_changed_cb, self);
  if (watch)
    g_signal_connect_object (lists[2], "items-changed", G_CALLBACK (files_changed_cb), self, G_CONNECT_SWAPPED);
  else
    g_signal_handlers_disconnect_by_func (lists[2], files_changed_cb, self);
}

/* A label that says an item's state in words, in its colour, as it changes. */
static void
state_changed_cb (IngestUploadItem *item,
                  GParamSpec       *pspec,
                  GtkWidget        *label)
{
  const char *state = ingest_upload_item_get_state (item);

  gtk_label_set_label (GTK_LABEL (label), ingest_format_upload_file_state (state));
  gtk_widget_set_css_classes (label, (const char *[]) { "heading", ingest_format_upload_file_style (state), NULL });
}

static GtkWidget *
state_label_new (IngestUploadItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  g_signal_connect_object (item, "notify::state", G_CALLBACK (state_changed_cb), label, 0);
  state_changed_cb (item, NULL, label);
  return label;
}

static GtkWidget *
progress_bar_new (IngestUploadItem *item)
{
  GtkWidget *bar = gtk_progress_bar_new ();

  g_object_bind_property (item, "fraction", bar, "fraction", G_BINDING_SYNC_CREATE);
  return bar;
}

/* A roll: its name, its bytes and counts, its state, a bar; bound to the
 * row, which the upload changes in place. */
static GtkWidget *
create_roll_row (gpointer item,
                 gpointer user_data)
{
  IngestUploadItem *roll = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = progress_bar_new (roll);
  g_autofree char *title = ingest_display_name (ingest_upload_item_get_path (roll));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_bind_property (roll, "detail", row, "subtitle", G_BINDING_SYNC_CREATE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 120, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_label_new (roll));
  return row;
}

/* A file being read and sent: its path, its bytes, rate and time left, a bar. */
static GtkWidget *
create_active_row (gpointer item,
                   gpointer user_data)
{
  IngestUploadItem *file = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *path_shown = ingest_display_name (ingest_upload_item_get_path (file));
  GtkWidget *path = gtk_label_new (path_shown);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (path, TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "numeric");
  g_object_bind_property (file, "detail", detail, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (line), path);
  gtk_box_append (GTK_BOX (line), detail);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), progress_bar_new (file));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
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

  g_autofree char *path_shown = ingest_display_name (ingest_upload_item_get_path (file));

  gtk_label_set_label (GTK_LABEL (path), path_shown);
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
  IngestCatalog *catalog = ingest_drive_session_get_catalog (self->session);

  if (choice == INGEST_UPLOAD_CHOICE_S3 || choice == INGEST_UPLOAD_CHOICE_BOTH)
    {
      const char *endpoint = ingest_settings_get_s3_endpoint (self->settings);
      const char *region = ingest_settings_get_s3_region (self->settings);
      const char *bucket = ingest_settings_get_s3_bucket (self->settings);
      const char *key_id = ingest_settings_get_s3_access_key_id (self->settings);
      g_autoptr(IngestS3Credentials) credentials = NULL;
      g_autoptr(IngestS3Client) client = NULL;
      IngestS3Destination *s3;

      if (*endpoint == '\0' || *bucket == '\0' || *key_id == '\0' || secret == NULL)
        {
          g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                               ingest_format_upload_not_set_up (TRUE));
          return NULL;
        }
      credentials = ingest_s3_credentials_new (key_id, secret, NULL, *region ? region : NULL);
      client = ingest_s3_client_new (endpoint, credentials, error);
      if (client == NULL)
        return NULL;
      /* Off means automatic: the client picks per endpoint (virtual-hosted
       * for AWS, path-style elsewhere), as ingestctl does. */
      if (ingest_settings_get_s3_path_style (self->settings))
        ingest_s3_client_set_path_style (client, TRUE);
      s3 = ingest_s3_destination_new (client, bucket, ingest_settings_get_s3_prefix (self->settings), catalog);
      ingest_s3_destination_set_parts_in_flight (s3, ingest_settings_get_s3_parts_in_flight (self->settings));
      ingest_s3_destination_set_bandwidth_limit (s3, ingest_settings_get_s3_bandwidth_limit (self->settings));
      g_ptr_array_add (destinations, s3);
    }
  if (choice == INGEST_UPLOAD_CHOICE_NAS || choice == INGEST_UPLOAD_CHOICE_BOTH)
    {
      const char *folder = ingest_settings_get_nas_folder (self->settings);
      IngestFolderDestination *nas;

      if (*folder == '\0')
        {
          g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                               ingest_format_upload_not_set_up (FALSE));
          return NULL;
        }
      nas = ingest_folder_destination_new (folder, catalog);
      g_ptr_array_add (destinations, nas);
      ingest_folder_destination_set_network_share (nas, ingest_settings_get_nas_network_share (self->settings));
      /* A share that is not mounted is said before the drive is read. */
      if (!ingest_folder_destination_check (nas, error))
        return NULL;
    }
  for (guint i = 0; i < destinations->len; i++)
    ingest_destination_set_on_conflict (g_ptr_array_index (destinations, i),
                                        ingest_settings_get_on_conflict (self->settings));
  return g_steal_pointer (&destinations);
}

static gboolean
has_s3 (GPtrArray *destinations)
{
  for (guint i = 0; i < destinations->len; i++)
    if (INGEST_IS_S3_DESTINATION (g_ptr_array_index (destinations, i)))
      return TRUE;
  return FALSE;
}

/* Starts the upload with the object key layout from the settings. */
static gboolean
start_upload (IngestUploadPanel  *self,
              GPtrArray          *destinations,
              GError            **error)
{
  const char *key_variables[5];
  g_autoptr(IngestKeyTemplate) key_template = NULL;

  get_key_variables (self, key_variables);
  key_template = ingest_key_template_new (ingest_settings_get_key_template (self->settings), key_variables, error);
  return key_template != NULL &&
         ingest_drive_session_upload (self->session, destinations, key_template, error);
}

/* A wrong secret, a missing bucket or an unreachable endpoint is said before
 * the drive is touched, so it never reads as a cancelled validation. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *destinations = task_data;

  for (guint i = 0; i < destinations->len; i++)
    {
      gpointer destination = g_ptr_array_index (destinations, i);
      GError *error = NULL;

      if (INGEST_IS_S3_DESTINATION (destination) &&
          !ingest_s3_destination_check (destination, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  IngestUploadPanel *self = INGEST_UPLOAD_PANEL (object);
  GPtrArray *destinations = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->lookup);
  if (error == NULL)
    start_upload (self, destinations, &error);
  if (error != NULL)
    set_start_error (self, error->message);
  update (self);
}

static void
start_with_secret (IngestUploadPanel *self,
                   const char        *secret)
{
  g_autoptr(GPtrArray) destinations = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  destinations = make_destinations (self, ingest_settings_get_upload_destination (self->settings), secret, &error);
  if (destinations == NULL)
    {
      g_clear_object (&self->lookup);
      set_start_error (self, error->message);
      update (self);
      return;
    }
  if (!has_s3 (destinations))
    {
      g_clear_object (&self->lookup);
      if (!start_upload (self, destinations, &error))
        set_start_error (self, error->message);
      update (self);
      return;
    }
  if (self->lookup == NULL)
    self->lookup = g_cancellable_new ();
  task = g_task_new (self, self->lookup, check_done_cb, NULL);
  g_task_set_source_tag (task, start_with_secret);
  g_task_set_task_data (task, g_steal_pointer (&destinations), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, check_thread);
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
  if (error != NULL)
    {
      g_autofree char *message = ingest_format_keyring_failed (error->message);

      g_clear_object (&self->lookup);
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
  const char *endpoint = ingest_settings_get_s3_endpoint (self->settings);
  const char *key_id = ingest_settings_get_s3_access_key_id (self->settings);
  g_autoptr(GError) error = NULL;

  set_start_error (self, NULL);
  /* Said at once, not after the keyring and the bucket have been asked. */
  if (!ingest_key_template_check (ingest_settings_get_key_template (self->settings), &error))
    {
      set_start_error (self, error->message);
      update (self);
      return;
    }
  if (ingest_settings_get_upload_destination (self->settings) == INGEST_UPLOAD_CHOICE_NAS)
    {
      start_with_secret (self, NULL);
      return;
    }
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
  ingest_drive_session_pause (INGEST_UPLOAD_PANEL (widget)->session);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ingest_drive_session_resume (INGEST_UPLOAD_PANEL (widget)->session);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ingest_drive_session_cancel (INGEST_UPLOAD_PANEL (widget)->session);
}

static void
ingest_upload_panel_dispose (GObject *object)
{
  IngestUploadPanel *self = (IngestUploadPanel *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  if (self->keep_top_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->keep_top_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  if (self->upload != NULL)
    watch_lists (self, FALSE);
  if (self->rolls_list != NULL)
    gtk_list_box_bind_model (self->rolls_list, NULL, NULL, NULL, NULL);
  if (self->active_list != NULL)
    gtk_list_box_bind_model (self->active_list, NULL, NULL, NULL, NULL);
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
  g_clear_object (&self->session);
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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
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
    case PROP_SESSION:
      ingest_upload_panel_set_session (self, g_value_get_object (value));
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

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INGEST_TYPE_DRIVE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ingeststation/IngestStation/ingest-upload-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, destination_row);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, counts_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, active_heading);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, active_list);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, rolls_heading);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, rolls_list);
  gtk_widget_class_bind_template_child (widget_class, IngestUploadPanel, files_heading);
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
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Its own, over the same GSettings as the application's: they agree. */
  self->settings = ingest_settings_new ();
  g_object_bind_property (self->settings, "upload-destination", self->destination_row, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->settings, "notify", G_CALLBACK (update_destination), self, G_CONNECT_SWAPPED);
  update_destination (self);

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "counts-text", self->counts_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "progress-text", self->progress_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "fraction", self->progress_bar, "fraction", G_BINDING_SYNC_CREATE);

  self->signals = g_signal_group_new (INGEST_TYPE_UPLOAD_VIEW);
  g_signal_group_connect_swapped (self->signals, "notify::state", G_CALLBACK (upload_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::error-text", G_CALLBACK (upload_notify_cb), self);

  update (self);
}

GtkWidget *
ingest_upload_panel_new (void)
{
  return g_object_new (INGEST_TYPE_UPLOAD_PANEL, NULL);
}

/* Returns: (transfer none) (nullable): the session shown */
IngestDriveSession *
ingest_upload_panel_get_session (IngestUploadPanel *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_PANEL (self), NULL);

  return self->session;
}

/* Returns: (transfer none) (nullable): what the panel shows of the session's upload */
IngestUploadView *
ingest_upload_panel_get_view (IngestUploadPanel *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_PANEL (self), NULL);

  return self->upload;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* The session's view while anyone shows or holds it (it holds the session;
 * the session keeps only a weak reference to it): a drive shown again while
 * its view lives gets the same rows back. */
static IngestUploadView *
view_for_session (IngestDriveSession *session)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (session), "ingest-upload-view");
  IngestUploadView *view = ref != NULL ? g_weak_ref_get (ref) : NULL;

  if (view != NULL)
    return view;
  view = ingest_upload_view_new (session);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, view);
  g_object_set_data_full (G_OBJECT (session), "ingest-upload-view", ref, (GDestroyNotify) weak_ref_free);
  return view;
}

/* The panel shows @session's upload (or nothing, when %NULL). */
void
ingest_upload_panel_set_session (IngestUploadPanel  *self,
                                 IngestDriveSession *session)
{
  g_autoptr(IngestUploadView) upload = NULL;

  g_return_if_fail (INGEST_IS_UPLOAD_PANEL (self));
  g_return_if_fail (session == NULL || INGEST_IS_DRIVE_SESSION (session));

  if (self->session == session)
    return;
  if (self->upload != NULL)
    watch_lists (self, FALSE);
  g_set_object (&self->session, session);
  upload = session != NULL ? view_for_session (session) : NULL;
  g_set_object (&self->upload, upload);

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  set_start_error (self, NULL);
  g_binding_group_set_source (self->bindings, upload);
  g_signal_group_set_target (self->signals, upload);
  if (upload != NULL)
    {
      g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (ingest_upload_view_get_files (upload)));

      gtk_list_view_set_model (self->files_view, GTK_SELECTION_MODEL (selection));
      gtk_list_box_bind_model (self->active_list, ingest_upload_view_get_active (upload), create_active_row, NULL, NULL);
      gtk_list_box_bind_model (self->rolls_list, ingest_upload_view_get_rolls (upload), create_roll_row, NULL, NULL);
      watch_lists (self, TRUE);
    }
  else
    {
      gtk_list_view_set_model (self->files_view, NULL);
      gtk_list_box_bind_model (self->active_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->rolls_list, NULL, NULL, NULL, NULL);
    }
  lists_changed_cb (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
