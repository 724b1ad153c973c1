/* ingest-window.c
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

#define G_LOG_DOMAIN "ingest-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-drive-page.h"
#include "ingest-drive-row.h"
#include "ingest-library-page.h"
#include "ingest-window.h"

/* The main window: the Library and the drives in a sidebar, the selected
 * place beside it. With no drive an empty state says what to do (and the
 * sidebar holds only the Library).
 *
 * The sidebar lists the monitor's drives, and also a drive unplugged while
 * its validation or upload waits for it: dimmed, "plug it back in", its page
 * still showing the paused job (with its Cancel). It is the same drive
 * object when it comes back, so its row and page carry on with the new
 * mount; when the job ends first, the drive leaves the sidebar. */
struct _IngestWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *sidebar_separator;
  GtkListView          *drives_view;
  GtkSingleSelection   *selection;
  AdwHeaderBar         *content_header;
  GtkWidget            *back_button;
  GtkWidget            *eject_button;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  IngestDrivePage      *drive_page;
  GtkListBox           *places_list;
  GtkListBoxRow        *library_row;
  GtkWidget            *drives_scroller;
  IngestLibraryPage    *library_page;    /* "library" in content_stack */
  gboolean              showing_library;

  /* Owned references */
  GBindingGroup        *title_bindings;
  GSignalGroup         *proxy_signals;    /* the shown drive's proxy stage */
  GtkFileChooserNative *chooser;
  GListStore           *drives;          /* the sidebar's (see sync_drives()) */
  GHashTable           *removed_toasts;  /* IngestDrive → AdwToast "plug it back in" */
};

G_DEFINE_FINAL_TYPE (IngestWindow, ingest_window, ADW_TYPE_APPLICATION_WINDOW)

static IngestApplication *
ingest_window_get_app (IngestWindow *self)
{
  return INGEST_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* The Library place, when the build has one and the catalog is open. */
static IngestClipLibrary *
ingest_window_get_library (IngestWindow *self)
{
  IngestApplication *app = ingest_window_get_app (self);

  return app != NULL ? ingest_application_get_clip_library (app) : NULL;
}

static gboolean
app_session_done_reading (IngestWindow *self,
                          IngestDrive  *drive)
{
  IngestApplication *app = ingest_window_get_app (self);
  IngestDriveSession *session = app != NULL && drive != NULL ? ingest_application_lookup_session (app, drive) : NULL;

  return session != NULL && !ingest_drive_session_get_reading (session);
}

/* The eject button says which clips its proxies still read, if any. */
static void
update_eject_tooltip (IngestWindow *self)
{
  IngestProxyStage *stage = self->proxy_signals != NULL ? g_signal_group_dup_target (self->proxy_signals) : NULL;
  IngestDrive *drive = gtk_single_selection_get_selected_item (self->selection);
  gboolean is_folder = drive != NULL && ingest_drive_get_is_folder (drive);
  g_autofree char *names = NULL;
  g_autofree char *tooltip = NULL;

  /* While the read goes on the whole drive is needed: the banner says so. */
  if (stage != NULL && ingest_proxy_stage_get_n_pending (stage) > 0 && app_session_done_reading (self, drive))
    names = ingest_proxy_stage_dup_pending_names (stage);
  g_clear_object (&stage);
  if (names != NULL)
    /* Translators: the clips whose proxies still read from the drive */
    tooltip = g_strdup_printf (is_folder ? _("Close Folder — proxies still read %s") : _("Eject — proxies still read %s"),
                               names);
  gtk_widget_set_tooltip_text (self->eject_button,
                               tooltip != NULL ? tooltip : is_folder ? _("Close Folder") : _("Eject"));
}

/* Which page, which header buttons, and whether there is a sidebar at all. */
static void
ingest_window_update (IngestWindow *self)
{
  IngestApplication *app = ingest_window_get_app (self);
  IngestDrive *drive = gtk_single_selection_get_selected_item (self->selection);
  gboolean has_drives = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0;
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  gboolean has_library;
  gboolean has_sidebar;
  gboolean is_folder;
  gboolean has_mount;
  const char *page;

  has_library = ingest_window_get_library (self) != NULL;
  has_sidebar = has_drives || has_library;
  gtk_widget_set_visible (self->sidebar, has_sidebar);
  gtk_widget_set_visible (self->sidebar_separator, has_sidebar);
  gtk_widget_set_visible (GTK_WIDGET (self->places_list), has_library);
  gtk_widget_set_visible (self->drives_scroller, has_drives);
  gtk_widget_set_visible (self->back_button, folded && has_sidebar);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_library);
  if (!has_library)
    self->showing_library = FALSE;
  /* Folders opened as drives are closed; drives are ejected. */
  is_folder = drive != NULL && ingest_drive_get_is_folder (drive);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-folder", is_folder);
  /* A drive waiting to be plugged back in has nothing to eject. */
  has_mount = drive != NULL && ingest_drive_get_state (drive) != INGEST_DRIVE_STATE_REMOVED;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.eject", has_mount);
  gtk_widget_set_visible (self->eject_button, has_mount);
  adw_header_bar_set_show_start_title_buttons (self->content_header, folded || !has_sidebar);

  ingest_drive_page_set_drive (self->drive_page, drive,
                               drive != NULL && app != NULL ? ingest_application_get_session (app, drive) : NULL);
  ingest_drive_page_set_clips (self->drive_page,
                               drive != NULL && app != NULL ? ingest_application_get_clips (app, drive) : NULL);
  ingest_drive_page_set_proxy_stage (self->drive_page,
                                     drive != NULL && app != NULL ? ingest_application_get_proxy_stage (app, drive) : NULL);
  if (self->proxy_signals != NULL)
    g_signal_group_set_target (self->proxy_signals,
                               drive != NULL && app != NULL ? ingest_application_get_proxy_stage (app, drive) : NULL);
  update_eject_tooltip (self);
  ingest_library_page_set_library (self->library_page, ingest_window_get_library (self));
  /* The players' circled-take toggles store into the library. */
  ingest_clip_inspector_set_library (ingest_clips_view_get_inspector (ingest_drive_page_get_clips_view (self->drive_page)),
                                     ingest_window_get_library (self));
  ingest_clip_inspector_set_library (ingest_clips_view_get_inspector (ingest_library_page_get_clips_view (self->library_page)),
                                     ingest_window_get_library (self));
  if (drive != NULL && app != NULL)
    {
      g_autofree char *report_dir = ingest_application_dup_report_dir (app);

      ingest_drive_page_set_report_dir (self->drive_page, report_dir);
    }
  g_binding_group_set_source (self->title_bindings, drive);

  if (self->showing_library)
    page = "library";
  else if (drive != NULL)
    page = "drive";
  else if (app != NULL && ingest_application_get_preparing_demo (app))
    page = "preparing";
  else
    page = "empty";
  gtk_stack_set_visible_child_name (self->content_stack, page);

  if (self->showing_library)
    {
      adw_window_title_set_title (self->content_title, _("Library"));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  else if (drive == NULL)
    {
      adw_window_title_set_title (self->content_title, _("Ingest Station"));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
}

/* The Library is shown instead of a drive: no drive is selected meanwhile. */
static void
show_library (IngestWindow *self)
{
  if (ingest_window_get_library (self) == NULL)
    return;
  self->showing_library = TRUE;
  g_object_set (self->selection, "autoselect", FALSE, "can-unselect", TRUE, NULL);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_box_select_row (self->places_list, self->library_row);
  ingest_window_update (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
selection_notify_cb (IngestWindow *self)
{
  g_assert (INGEST_IS_WINDOW (self));

  /* A drive picked (or arrived) leaves the Library. */
  if (self->showing_library && gtk_single_selection_get_selected_item (self->selection) != NULL)
    {
      self->showing_library = FALSE;
      gtk_list_box_unselect_all (self->places_list);
      g_object_set (self->selection, "can-unselect", FALSE, "autoselect", TRUE, NULL);
    }
  ingest_window_update (self);
}

static void
places_row_activated_cb (IngestWindow  *self,
                         GtkListBoxRow *row)
{
  g_assert (INGEST_IS_WINDOW (self));

  if (row == self->library_row)
    show_library (self);
}

/* Ctrl+F, from anywhere in the window: the Library's search. */
static void
ingest_window_search_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  IngestWindow *self = INGEST_WINDOW (widget);

  show_library (self);
  if (self->showing_library)
    ingest_library_page_focus_search (self->library_page);
}

/* An unplugged drive stays while a job waits for it (a folder closed or
 * the demo drive ejected is not coming back: their jobs are cancelled). */
static gboolean
drive_is_awaited (IngestWindow *self,
                  IngestDrive  *drive)
{
  IngestApplication *app = ingest_window_get_app (self);
  IngestDriveSession *session;

  if (app == NULL || ingest_drive_get_state (drive) != INGEST_DRIVE_STATE_REMOVED ||
      ingest_drive_get_is_folder (drive) || ingest_drive_get_is_demo (drive))
    return FALSE;
  session = ingest_application_lookup_session (app, drive);
  return session != NULL && ingest_drive_session_get_running (session);
}

static gboolean
model_contains (GListModel *model,
                gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) found = g_list_model_get_item (model, i);

      if (found == item)
        return TRUE;
    }
  return FALSE;
}

static void sync_drives (IngestWindow *self);

/* A drive in the sidebar changed state, or the job an unplugged drive
 * waits with ended (or was cancelled): it may go, and its page changes. */
static void
sidebar_changed_cb (IngestWindow *self)
{
  sync_drives (self);
  ingest_window_update (self);
}

/* The sidebar: the monitor's drives in its order, awaited drives where they
 * were. A "plug it back in" message goes when its drive is back or its job
 * has ended. */
static void
sync_drives (IngestWindow *self)
{
  IngestApplication *app = ingest_window_get_app (self);
  GListModel *monitor;
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  if (app == NULL)
    return;
  monitor = G_LIST_MODEL (ingest_application_get_drive_monitor (app));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->drives));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(IngestDrive) drive = g_list_model_get_item (G_LIST_MODEL (self->drives), i - 1);

      if (!model_contains (monitor, drive) && !drive_is_awaited (self, drive))
        {
          g_signal_handlers_disconnect_by_func (drive, sidebar_changed_cb, self);
          g_list_store_remove (self->drives, i - 1);
          /* The last drive gone: the empty state says what to do (a narrow
           * window would otherwise stay on a sidebar with only the Library). */
          if (g_list_model_get_n_items (G_LIST_MODEL (self->drives)) == 0 && !self->showing_library)
            adw_leaflet_set_visible_child_name (self->leaflet, "content");
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (monitor); i++)
    {
      g_autoptr(IngestDrive) drive = g_list_model_get_item (monitor, i);

      if (!model_contains (G_LIST_MODEL (self->drives), drive))
        {
          g_signal_connect_object (drive, "notify::state", G_CALLBACK (sidebar_changed_cb), self, G_CONNECT_SWAPPED);
          g_list_store_append (self->drives, drive);
          /* A drive that arrives is the one the technician wants to see
           * (in a narrow window too, where the sidebar may be up: the Library). */
          gtk_single_selection_set_selected (self->selection,
                                             g_list_model_get_n_items (G_LIST_MODEL (self->drives)) - 1);
          adw_leaflet_set_visible_child_name (self->leaflet, "content");
        }
    }

  g_hash_table_iter_init (&iter, self->removed_toasts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!drive_is_awaited (self, key))
      {
        adw_toast_dismiss (value);
        g_hash_table_iter_remove (&iter);
      }
}

static void
drives_items_changed_cb (IngestWindow *self,
                         guint         position,
                         guint         removed,
                         guint         added,
                         GListModel   *model)
{
  g_assert (INGEST_IS_WINDOW (self));

  sync_drives (self);
  ingest_window_update (self);
}

static void
watch_job (IngestWindow *self,
           GObject      *job)
{
  if (job == NULL)
    return;
  g_signal_handlers_disconnect_by_func (job, sidebar_changed_cb, self);
  g_signal_connect_object (job, "notify::running", G_CALLBACK (sidebar_changed_cb), self, G_CONNECT_SWAPPED);
}

/* The drive's label and folder in the header, escaped (ingest_display_name()). */
static gboolean
display_name_transform_cb (GBinding     *binding,
                           const GValue *from,
                           GValue       *to,
                           gpointer      user_data)
{
  g_value_take_string (to, ingest_display_name (g_value_get_string (from)));
  return TRUE;
}

static void
drive_removed_cb (IngestWindow       *self,
                  IngestDrive        *drive,
                  IngestDriveMonitor *monitor)
{
  IngestApplication *app = ingest_window_get_app (self);
  IngestDriveSession *session;
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *label = ingest_display_name (ingest_drive_get_label (drive));
  AdwToast *toast;

  g_assert (INGEST_IS_WINDOW (self));

  if (!drive_is_awaited (self, drive))
    {
      /* Translators: %s is the label of a drive */
      message = g_strdup_printf (_("“%s” was removed"), label);
      ingest_window_show_message (self, message);
      return;
    }

  session = ingest_application_lookup_session (app, drive);
  watch_job (self, G_OBJECT (session));
  if (ingest_drive_session_get_uploading (session))
    /* Translators: %s is the label of a drive; its upload waits for it */
    message = g_strdup_printf (_("“%s” was removed — plug it back in to continue uploading"), label);
  else
    /* Translators: %s is the label of a drive; its validation waits for it */
    message = g_strdup_printf (_("“%s” was removed — plug it back in to continue validating"), label);
  /* Up until the drive is back or its job ends (sync_drives()). */
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 0);
  if (g_hash_table_lookup (self->removed_toasts, drive) != NULL)
    adw_toast_dismiss (g_hash_table_lookup (self->removed_toasts, drive));
  g_hash_table_replace (self->removed_toasts, g_object_ref (drive), g_object_ref (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
drives_view_activate_cb (IngestWindow *self,
                         guint         position,
                         GtkListView  *view)
{
  g_assert (INGEST_IS_WINDOW (self));

  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (IngestWindow *self,
                 GtkButton    *button)
{
  g_assert (INGEST_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
select_drive (IngestWindow *self,
              IngestDrive  *drive)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(IngestDrive) item = g_list_model_get_item (model, i);

      if (item == drive)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

/* Opens PATH as a drive and shows it; says why not in a toast. */
static void
ingest_window_open_path (IngestWindow *self,
                         const char   *path)
{
  g_autoptr(GError) error = NULL;
  IngestApplication *app = ingest_window_get_app (self);
  IngestDrive *drive;

  if (app == NULL)
    return;

  if (path == NULL)
    {
      ingest_window_show_message (self, _("Only local folders and mounted shares can be opened"));
      return;
    }

  drive = ingest_application_open_folder (app, path, &error);
  if (drive == NULL)
    ingest_window_show_message (self, error->message);
  else
    select_drive (self, drive);
}

/* Folders dropped from a file manager open as drives, as with Open Folder. */
static gboolean
drop_cb (IngestWindow  *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  g_assert (INGEST_IS_WINDOW (self));

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (const GSList *iter = files; iter != NULL; iter = iter->next)
    {
      g_autofree char *path = g_file_get_path (iter->data);

      ingest_window_open_path (self, path);
    }
  return files != NULL;
}

static void
chooser_response_cb (IngestWindow         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  g_assert (INGEST_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  ingest_window_open_path (self, path);
}

static void
ingest_window_open_folder_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  IngestWindow *self = INGEST_WINDOW (widget);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Open Folder as Drive"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ingest_window_close_folder_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  IngestWindow *self = INGEST_WINDOW (widget);
  IngestDrive *drive = gtk_single_selection_get_selected_item (self->selection);
  IngestApplication *app = ingest_window_get_app (self);

  if (drive == NULL || app == NULL || !ingest_drive_get_is_folder (drive))
    return;

  ingest_drive_monitor_remove_folder (ingest_application_get_drive_monitor (app), drive);
}

typedef struct {
  IngestWindow *self;
  IngestDrive  *drive;
  gboolean      ejecting;   /* g_mount_eject, not g_mount_unmount, was called */
} EjectData;

static void
eject_data_free (EjectData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->drive);
  g_free (data);
}

/* Only says something when the drive is still mounted: the drive monitor
 * reports a drive that went ("was removed"), so nothing here may claim it. */
static void
eject_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  EjectData *data = user_data;
  g_autoptr(GError) error = NULL;
  GMount *mount = G_MOUNT (object);
  gboolean ok;

  if (data->ejecting)
    ok = g_mount_eject_with_operation_finish (mount, result, &error);
  else
    ok = g_mount_unmount_with_operation_finish (mount, result, &error);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED))
    {
      /* umount(8)'s own words, which end in a newline */
      g_autofree char *reason = g_strstrip (ingest_display_message (error->message));
      g_autofree char *label = ingest_display_name (ingest_drive_get_label (data->drive));
      /* Translators: the first %s is the label of a drive, the second says why */
      g_autofree char *message = g_strdup_printf (_("Could not eject “%s”: %s"), label, reason);

      ingest_window_show_message (data->self, message);
    }
  eject_data_free (data);
}

/* Unmounts (or ejects, when the device can be) through GIO, as the file
 * manager would; the drive monitor then sees it go. Without udisks, GIO's
 * unix mount runs umount(8) (eject(1) for optical drives and iPods) and
 * fails with its message, e.g. when a file on the drive is still open. */
static void
eject_drive (IngestWindow *self,
             IngestDrive  *drive)
{
  g_autoptr(GMount) mount = NULL;
  g_autoptr(GMountOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  EjectData *data;

  mount = g_file_find_enclosing_mount (ingest_drive_get_root (drive), NULL, &error);
  if (mount == NULL)
    {
      g_autofree char *label = ingest_display_name (ingest_drive_get_label (drive));
      g_autofree char *reason = ingest_display_message (error->message);
      /* Translators: the first %s is the label of a drive, the second says why */
      g_autofree char *message = g_strdup_printf (_("Could not eject “%s”: %s"), label, reason);

      ingest_window_show_message (self, message);
      return;
    }

  data = g_new0 (EjectData, 1);
  data->self = g_object_ref (self);
  data->drive = g_object_ref (drive);
  data->ejecting = g_mount_can_eject (mount);
  operation = gtk_mount_operation_new (GTK_WINDOW (self));
  if (data->ejecting)
    g_mount_eject_with_operation (mount, G_MOUNT_UNMOUNT_NONE, operation, NULL, eject_done_cb, data);
  else
    g_mount_unmount_with_operation (mount, G_MOUNT_UNMOUNT_NONE, operation, NULL, eject_done_cb, data);
}

typedef struct {
  IngestWindow *self;
  IngestDrive  *drive;
  gulong        handler;
} PendingEject;

/* The run has let go of the drive's files: now it can be unmounted. */
static void
session_stopped_cb (IngestDriveSession *session,
                    GParamSpec         *pspec,
                    PendingEject       *pending)
{
  if (ingest_drive_session_get_running (session) || ingest_drive_session_get_sealing (session))
    return;

  g_signal_handler_disconnect (session, pending->handler);
  if (ingest_drive_get_state (pending->drive) != INGEST_DRIVE_STATE_REMOVED)
    eject_drive (pending->self, pending->drive);
  g_object_unref (pending->self);
  g_object_unref (pending->drive);
  g_free (pending);
}

/* A folder is closed; a drive is ejected, after its run (if one runs) has
 * stopped reading it. The demo drive is no mount: ejecting it takes it out
 * of the list, as closing a folder does (its files go on quit). */
static void
ingest_window_eject_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  IngestWindow *self = INGEST_WINDOW (widget);
  IngestDrive *drive = gtk_single_selection_get_selected_item (self->selection);
  IngestApplication *app = ingest_window_get_app (self);
  IngestDriveSession *session;
  PendingEject *pending;

  if (drive == NULL || app == NULL)
    return;

  if (ingest_drive_get_is_folder (drive) || ingest_drive_get_is_demo (drive))
    {
      ingest_drive_monitor_remove_folder (ingest_application_get_drive_monitor (app), drive);
      return;
    }

  session = ingest_application_lookup_session (app, drive);
  if (session == NULL ||
      (!ingest_drive_session_get_running (session) && !ingest_drive_session_get_sealing (session)))
    {
      eject_drive (self, drive);
      return;
    }

  pending = g_new0 (PendingEject, 1);
  pending->self = g_object_ref (self);
  pending->drive = g_object_ref (drive);
  pending->handler = g_signal_connect (session, "notify", G_CALLBACK (session_stopped_cb), pending);
  ingest_drive_session_cancel (session);
}

static gboolean
ingest_window_close_request (GtkWindow *window)
{
  IngestWindow *self = INGEST_WINDOW (window);
  IngestApplication *app = ingest_window_get_app (self);
  IngestSettings *settings = app ? ingest_application_get_settings (app) : NULL;

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      ingest_settings_set_window_maximized (settings, gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          ingest_settings_set_window_width (settings, width);
          ingest_settings_set_window_height (settings, height);
        }
    }

  return GTK_WINDOW_CLASS (ingest_window_parent_class)->close_request (window);
}

/* GtkWindow:application is set after construction, so this runs from ingest_window_new(). */
static void
ingest_window_attach (IngestWindow      *self,
                      IngestApplication *app)
{
  IngestSettings *settings = ingest_application_get_settings (app);
  IngestDriveMonitor *monitor;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               ingest_settings_get_window_width (settings),
                               ingest_settings_get_window_height (settings));
  if (ingest_settings_get_window_maximized (settings))
    gtk_window_maximize (GTK_WINDOW (self));

  monitor = ingest_application_get_drive_monitor (app);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->drives));
  g_signal_connect_object (monitor, "items-changed",
                           G_CALLBACK (drives_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "drive-removed",
                           G_CALLBACK (drive_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::preparing-demo",
                           G_CALLBACK (ingest_window_update), self, G_CONNECT_SWAPPED);

  sync_drives (self);
  ingest_window_update (self);
}

static void
ingest_window_dispose (GObject *object)
{
  IngestWindow *self = (IngestWindow *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->title_bindings != NULL)
    g_binding_group_set_source (self->title_bindings, NULL);
  g_clear_object (&self->title_bindings);
  if (self->proxy_signals != NULL)
    g_signal_group_set_target (self->proxy_signals, NULL);
  g_clear_object (&self->proxy_signals);
  g_clear_pointer (&self->removed_toasts, g_hash_table_unref);
  if (self->drives != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->drives)); i++)
        {
          g_autoptr(IngestDrive) drive = g_list_model_get_item (G_LIST_MODEL (self->drives), i);

          g_signal_handlers_disconnect_by_func (drive, sidebar_changed_cb, self);
        }
    }
  g_clear_object (&self->drives);

  G_OBJECT_CLASS (ingest_window_parent_class)->dispose (object);
}

/* Widgets inside the window say things through "win.show-message". */
static void
ingest_window_show_message_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  ingest_window_show_message (INGEST_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
ingest_window_class_init (IngestWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ingest_window_dispose;

  window_class->close_request = ingest_window_close_request;

  g_type_ensure (INGEST_TYPE_DRIVE_PAGE);
  g_type_ensure (INGEST_TYPE_DRIVE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, drives_view);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, eject_button);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, drive_page);
  gtk_widget_class_bind_template_callback (widget_class, selection_notify_cb);
  gtk_widget_class_bind_template_callback (widget_class, drives_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, places_row_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, places_list);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, library_row);
  gtk_widget_class_bind_template_child (widget_class, IngestWindow, drives_scroller);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, ingest_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.close-folder", NULL, ingest_window_close_folder_action);
  gtk_widget_class_install_action (widget_class, "win.eject", NULL, ingest_window_eject_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, ingest_window_search_action);
  gtk_widget_class_install_action (widget_class, "win.show-message", "s", ingest_window_show_message_action);
}

static void
ingest_window_init (IngestWindow *self)
{
  GtkDropTarget *drop_target;

  self->drives = g_list_store_new (INGEST_TYPE_DRIVE);
  self->removed_toasts = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A narrow window opens on what to do, not on the sidebar (which holds
   * the Library even with no drive). */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

  self->library_page = g_object_new (INGEST_TYPE_LIBRARY_PAGE, NULL);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->library_page), "library");

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->proxy_signals = g_signal_group_new (INGEST_TYPE_PROXY_STAGE);
  g_signal_group_connect_object (self->proxy_signals, "notify::n-pending",
                                 G_CALLBACK (update_eject_tooltip), self, G_CONNECT_SWAPPED);
  self->title_bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->title_bindings, "label", self->content_title, "title", G_BINDING_SYNC_CREATE,
                             display_name_transform_cb, NULL, NULL, NULL);
  g_binding_group_bind_full (self->title_bindings, "mount-path", self->content_title, "subtitle", G_BINDING_SYNC_CREATE,
                             display_name_transform_cb, NULL, NULL, NULL);

  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (ingest_window_update), self, G_CONNECT_SWAPPED);
}

IngestWindow *
ingest_window_new (IngestApplication *application)
{
  IngestWindow *self;

  g_return_val_if_fail (INGEST_IS_APPLICATION (application), NULL);

  self = g_object_new (INGEST_TYPE_WINDOW, "application", application, NULL);
  ingest_window_attach (self, application);
  return self;
}

/* A short message at the bottom of the window (errors the user should know about). */
void
ingest_window_show_message (IngestWindow *self,
                            const char   *message)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (INGEST_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* A toast's title is markup (libadwaita 1.2 has no way to turn that off);
   * messages carry drive labels, paths and errors, which may hold & or <. */
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
