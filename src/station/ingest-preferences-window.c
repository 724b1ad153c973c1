/* ingest-preferences-window.c
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

#define G_LOG_DOMAIN "ingest-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest.h"
#include "ingest-preferences-window.h"
#include "ingest-s3-secret.h"

/* Where uploads go: the NAS folder, the S3 bucket and the object keys'
 * layout, bound to GSettings as they are typed (the key template once
 * applied and usable). The secret key goes only to the desktop keyring, when it
 * is applied (Enter) or the window closes — closing is not cancelling, as
 * for every other row; the row is emptied as soon as libsecret has its copy,
 * and then says whether the keyring holds one. Nothing here logs a secret. */
struct _IngestPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  GCancellable         *search;    /* is a secret key stored for these? */
  gboolean              disposed;

  /* Template widgets */
  AdwEntryRow          *nas_folder_row;
  AdwEntryRow          *endpoint_row;
  AdwEntryRow          *region_row;
  AdwEntryRow          *bucket_row;
  AdwEntryRow          *prefix_row;
  AdwEntryRow          *access_key_row;
  AdwPasswordEntryRow  *secret_row;
  GtkWidget            *secret_stored_label;
  AdwEntryRow          *production_row;
  AdwEntryRow          *shoot_day_row;
  AdwEntryRow          *key_template_row;
  GtkSwitch            *path_style_switch;
  GtkSwitch            *network_share_switch;
  AdwComboRow          *on_conflict_row;
  GtkSwitch            *make_proxies_switch;
  AdwComboRow          *proxy_preset_row;
  GtkSwitch            *proxy_burn_in_switch;
  GtkAdjustment        *parts_adjustment;
  GtkAdjustment        *bandwidth_adjustment;
};

G_DEFINE_FINAL_TYPE (IngestPreferencesWindow, ingest_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (IngestPreferencesWindow *self,
       const char              *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
exists_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IngestPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean found = ingest_s3_secret_exists_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search);
  gtk_widget_set_visible (self->secret_stored_label, found);
}

/* The row says whether the keyring already has a secret key for the
 * endpoint and key id shown, so that nobody types it again for nothing. */
static void
update_secret_stored (IngestPreferencesWindow *self)
{
  g_autofree char *endpoint = g_settings_get_string (self->settings, "s3-endpoint");
  g_autofree char *key_id = g_settings_get_string (self->settings, "s3-access-key-id");

  g_cancellable_cancel (self->search);
  g_clear_object (&self->search);
  gtk_widget_set_visible (self->secret_stored_label, FALSE);
  if (*endpoint == '\0' || *key_id == '\0')
    return;
  self->search = g_cancellable_new ();
  ingest_s3_secret_exists_async (endpoint, key_id, self->search, exists_done_cb, g_object_ref (self));
}

/* A store outlives the window that started it, and the application waits
 * for it before quitting: the keyring must not miss a key typed just before. */
typedef struct
{
  IngestPreferencesWindow *self;
  GApplication            *app;
} Store;

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Store *store = user_data;
  IngestPreferencesWindow *self = store->self;
  g_autoptr(GError) error = NULL;

  if (!ingest_s3_secret_store_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The secret key could not be stored in the desktop keyring: %s"),
                                                  error->message);

      if (self->disposed)
        g_warning ("%s", message);
      else
        toast (self, message);
    }
  else if (!self->disposed)
    {
      toast (self, _("Secret key stored in the desktop keyring"));
      update_secret_stored (self);
    }

  if (store->app != NULL)
    {
      g_application_release (store->app);
      g_object_unref (store->app);
    }
  g_object_unref (store->self);
  g_free (store);
}

static void
secret_apply_cb (IngestPreferencesWindow *self)
{
  g_autofree char *endpoint = g_settings_get_string (self->settings, "s3-endpoint");
  g_autofree char *key_id = g_settings_get_string (self->settings, "s3-access-key-id");
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  Store *store;

  if (*secret == '\0')
    return;
  if (*endpoint == '\0' || *key_id == '\0')
    {
      if (!self->disposed)
        toast (self, _("Give the endpoint and access key ID first: the secret key is stored for them"));
      return;
    }
  store = g_new0 (Store, 1);
  store->self = g_object_ref (self);
  store->app = g_application_get_default ();
  if (store->app != NULL)
    {
      g_object_ref (store->app);
      g_application_hold (store->app);
    }
  ingest_s3_secret_store_async (endpoint, key_id, secret, NULL, store_done_cb, store);
  /* libsecret has its copy: out of the widget, and not stored twice. Out
   * of the row first, or the emptied row would offer to apply again. */
  if (!self->disposed)
    gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
}

/* The template is saved only when applied and usable, so the upload never
 * starts from one that is half typed; red while it cannot be used. */
static void
key_template_changed_cb (IngestPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->key_template_row));

  if (ingest_key_template_check (text, NULL))
    gtk_widget_remove_css_class (GTK_WIDGET (self->key_template_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->key_template_row), "error");
}

static void
key_template_apply_cb (IngestPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->key_template_row));
  g_autoptr(GError) error = NULL;

  if (!ingest_key_template_check (text, &error))
    {
      toast (self, error->message);
      return;
    }
  g_settings_set_string (self->settings, "key-template", text);
}

static void
chooser_response_cb (IngestPreferencesWindow *self,
                     int                      response,
                     GtkFileChooserNative    *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->nas_folder_row), path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_nas_folder_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  IngestPreferencesWindow *self = INGEST_PREFERENCES_WINDOW (widget);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the NAS Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), NULL);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ingest_preferences_window_dispose (GObject *object)
{
  IngestPreferencesWindow *self = (IngestPreferencesWindow *) object;

  /* A secret key typed but not applied yet is stored as the window closes. */
  if (!self->disposed)
    {
      self->disposed = TRUE;
      secret_apply_cb (self);
    }
  g_cancellable_cancel (self->search);
  g_clear_object (&self->search);
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ingest_preferences_window_parent_class)->dispose (object);
}

static void
ingest_preferences_window_class_init (IngestPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ingeststation/IngestStation/ingest-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, nas_folder_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, bucket_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, secret_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, secret_stored_label);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, production_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, shoot_day_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, key_template_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, path_style_switch);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, network_share_switch);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, on_conflict_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, make_proxies_switch);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, proxy_preset_row);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, proxy_burn_in_switch);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, parts_adjustment);
  gtk_widget_class_bind_template_child (widget_class, IngestPreferencesWindow, bandwidth_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, secret_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_template_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_template_changed_cb);

  gtk_widget_class_install_action (widget_class, "preferences.choose-nas-folder", NULL, choose_nas_folder_action);
}

static void
ingest_preferences_window_init (IngestPreferencesWindow *self)
{
  static const struct {
    const char *key;
    gsize       offset;
    const char *property;
  } bindings[] = {
    { "nas-folder", G_STRUCT_OFFSET (IngestPreferencesWindow, nas_folder_row), "text" },
    { "nas-network-share", G_STRUCT_OFFSET (IngestPreferencesWindow, network_share_switch), "active" },
    { "on-conflict", G_STRUCT_OFFSET (IngestPreferencesWindow, on_conflict_row), "selected" },
    { "s3-endpoint", G_STRUCT_OFFSET (IngestPreferencesWindow, endpoint_row), "text" },
    { "s3-region", G_STRUCT_OFFSET (IngestPreferencesWindow, region_row), "text" },
    { "s3-bucket", G_STRUCT_OFFSET (IngestPreferencesWindow, bucket_row), "text" },
    { "s3-prefix", G_STRUCT_OFFSET (IngestPreferencesWindow, prefix_row), "text" },
    { "s3-access-key-id", G_STRUCT_OFFSET (IngestPreferencesWindow, access_key_row), "text" },
    { "s3-path-style", G_STRUCT_OFFSET (IngestPreferencesWindow, path_style_switch), "active" },
    { "s3-parts-in-flight", G_STRUCT_OFFSET (IngestPreferencesWindow, parts_adjustment), "value" },
    { "s3-bandwidth-limit", G_STRUCT_OFFSET (IngestPreferencesWindow, bandwidth_adjustment), "value" },
    { "production", G_STRUCT_OFFSET (IngestPreferencesWindow, production_row), "text" },
    { "shoot-day", G_STRUCT_OFFSET (IngestPreferencesWindow, shoot_day_row), "text" },
    { "make-proxies", G_STRUCT_OFFSET (IngestPreferencesWindow, make_proxies_switch), "active" },
    { "proxy-preset", G_STRUCT_OFFSET (IngestPreferencesWindow, proxy_preset_row), "selected" },
    { "proxy-burn-in", G_STRUCT_OFFSET (IngestPreferencesWindow, proxy_burn_in_switch), "active" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (self->settings, bindings[i].key,
                     G_STRUCT_MEMBER (GObject *, self, bindings[i].offset), bindings[i].property,
                     G_SETTINGS_BIND_DEFAULT);
  /* Shown from the settings; saved by key_template_apply_cb() once checked. */
  g_settings_bind (self->settings, "key-template", self->key_template_row, "text", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::s3-endpoint", G_CALLBACK (update_secret_stored), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::s3-access-key-id", G_CALLBACK (update_secret_stored), self, G_CONNECT_SWAPPED);
  update_secret_stored (self);
}

GtkWidget *
ingest_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (INGEST_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
