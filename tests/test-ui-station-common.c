/* test-ui-station-common.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "test-ui-station-common.h"

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *pattern = NULL;

  fixture->mount_root = ingest_test_make_tmpdir ("ingest-ui-roots");
  pattern = g_build_filename (fixture->mount_root, "*", NULL);
  g_settings_set_strv (settings, "mount-roots", (const char * const []) { pattern, NULL });
  /* A fixed size, so screenshots compare from run to run. */
  g_settings_set_int (settings, "window-width", 1040);
  g_settings_set_int (settings, "window-height", 660);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  fixture->app = ingest_application_new ();
  /* Each case runs its own instance in the same process. */
  g_application_set_flags (G_APPLICATION (fixture->app),
                           g_application_get_flags (G_APPLICATION (fixture->app)) | G_APPLICATION_NON_UNIQUE);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->app);
  ingest_test_rm_rf (fixture->mount_root);
  g_clear_pointer (&fixture->mount_root, g_free);
  g_clear_pointer (&fixture->demo_path, g_free);
  if (fixture->folder != NULL)
    ingest_test_rm_rf (fixture->folder);
  g_clear_pointer (&fixture->folder, g_free);
  g_clear_object (&fixture->folder_drive);
  if (fixture->catalog != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (fixture->catalog);

      ingest_test_rm_rf (dir);
    }
  g_clear_pointer (&fixture->catalog, g_free);
  if (fixture->away != NULL)
    ingest_test_rm_rf (fixture->away);
  g_clear_pointer (&fixture->away, g_free);
  g_clear_object (&fixture->session);
  g_clear_handle_id (&fixture->probe_id, g_source_remove);
  g_clear_handle_id (&fixture->owner_id, g_bus_unown_name);
  g_clear_pointer (&fixture->shown_uri, g_free);
  if (fixture->busy_fd > 0)
    g_close (fixture->busy_fd, NULL);
}

void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

/* Mapped widgets of TYPE under ROOT, in tree order. */
GPtrArray *
find_widgets (GtkWidget *root,
              GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_widgets (root, type, found);
  return found;
}

/* The first mapped label under ROOT whose text contains TEXT, or NULL. */
GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_label (labels->pdata[i]), text) != NULL)
      return labels->pdata[i];
  return NULL;
}

/* The mapped button under ROOT showing ICON_NAME, or NULL. */
GtkWidget *
find_button (GtkWidget  *root,
             const char *icon_name)
{
  g_autoptr(GPtrArray) buttons = find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), icon_name) == 0)
      return buttons->pdata[i];
  return NULL;
}

/* The first mapped image under ROOT, or NULL. */
GtkImage *
find_image (GtkWidget *root)
{
  g_autoptr(GPtrArray) images = find_widgets (root, GTK_TYPE_IMAGE);

  return images->len > 0 ? images->pdata[0] : NULL;
}

IngestWindow *
get_window (Fixture *fixture)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (fixture->app));

  return INGEST_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)) ? INGEST_WINDOW (window) : NULL;
}

/* While a screenshot is taken, the main loop does the test's work: the stall
 * probe does not count it. */
gboolean taking_screenshot;

void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  taking_screenshot = TRUE;
  ingest_test_ui_save_screenshot (widget, name);
  taking_screenshot = FALSE;
}

gboolean
poll_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  if (g_get_monotonic_time () > fixture->deadline)
    {
      fixture->timed_out = TRUE;
      g_test_message ("gave up waiting, in phase %u", fixture->phase);
      g_application_quit (G_APPLICATION (fixture->app));
      fixture->poll_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (!fixture->check (fixture))
    {
      fixture->settled = 0;
      return G_SOURCE_CONTINUE;
    }
  if (++fixture->settled < SETTLE_POLLS)
    return G_SOURCE_CONTINUE;

  g_application_quit (G_APPLICATION (fixture->app));
  fixture->poll_id = 0;
  return G_SOURCE_REMOVE;
}

/* Runs the application until FIXTURE->check has held for SETTLE_POLLS polls. */
int
run_until (Fixture              *fixture,
           gboolean            (*check) (gpointer fixture),
           const char * const   *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status;

  g_ptr_array_add (argv, (char *) "ingest-station");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  fixture->check = check;
  fixture->deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;
  fixture->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, fixture);
  status = g_application_run (G_APPLICATION (fixture->app), argv->len - 1, (char **) argv->pdata);
  g_assert_false (fixture->timed_out);
  /* The application may also end on its own, when its last window closes. */
  g_clear_handle_id (&fixture->poll_id, g_source_remove);
  return status;
}

void
assert_has_accel (Fixture    *fixture,
                  const char *action,
                  const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

/* The shortcuts the help overlay promises, and the window's actions behind them. */
void
assert_keyboard (Fixture      *fixture,
                 IngestWindow *window)
{
  g_autoptr(GPtrArray) menu_buttons = find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);

  assert_has_accel (fixture, "win.open-folder", "<Control>o");
  assert_has_accel (fixture, "win.close-folder", "<Control>w");
  assert_has_accel (fixture, "win.eject", "<Control>e");
  assert_has_accel (fixture, "app.quit", "<Control>q");
  /* GtkApplication adds this when it finds gtk/help-overlay.ui in the resources. */
  assert_has_accel (fixture, "win.show-help-overlay", "<Control>question");
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "about"));
  /* Nothing to close without a folder. */
  g_assert_null (find_button (GTK_WIDGET (window), "media-eject-symbolic"));

  /* F10 opens the main menu. */
  g_assert_cmpuint (menu_buttons->len, ==, 1);
  g_assert_true (gtk_menu_button_get_primary (menu_buttons->pdata[0]));
}

/* The monitor's drive whose @get returns @value, or NULL (the monitor keeps it). */
IngestDrive *
find_drive (Fixture     *fixture,
            const char *(*get) (IngestDrive *drive),
            const char  *value)
{
  GListModel *drives = G_LIST_MODEL (ingest_application_get_drive_monitor (fixture->app));

  for (guint i = 0; drives != NULL && i < g_list_model_get_n_items (drives); i++)
    {
      g_autoptr(IngestDrive) drive = g_list_model_get_item (drives, i);

      if (g_strcmp0 (get (drive), value) == 0)
        return drive;
    }
  return NULL;
}
