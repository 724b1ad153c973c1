/* test-ui-station.c
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

/* The real station, in-process, on its own Xvfb display and session bus
 * (tests/ui-runner.sh): with no drive it shows the empty state; with --demo it
 * makes the demo drive, lists it in the sidebar and shows its rolls, and removes
 * it on quit; in a narrow window a folder opened as a drive fills the window,
 * with a way back; a folder validated three times shows its progress (also
 * while it is away), a roll without a hash list that it offers to seal, a
 * verified drive and then the problems made on purpose, with a report. Each
 * case saves screenshots into the build dir (tests/screenshots/ui-*.png).
 * While validations run, a 10 ms probe timer records the longest gap of the
 * main loop. */

#include "config.h"

#include <glib/gstdio.h>

#include "ingest-application.h"
#include "ingest-drive-page.h"
#include "ingest-format.h"
#include "ingest-drive-row.h"
#include "ingest-roll-row.h"
#include "ingest-test-util.h"
#include "ingest-window.h"

#define POLL_INTERVAL_MS 100
#define GIVE_UP_AFTER_S  90
/* Polls to wait once the window is right, so the last frame is drawn. */
#define SETTLE_POLLS     5

typedef struct {
  IngestApplication *app;
  char              *mount_root;       /* an empty folder: no real mount shows up */
  gboolean         (*check) (gpointer fixture);
  guint              settled;
  gint64             deadline;
  gboolean           timed_out;
  guint              poll_id;
  char              *demo_path;        /* where the demo drive was made */
  char              *folder;           /* a folder opened as a drive */
  IngestDrive       *folder_drive;
  guint              phase;
  gboolean           saw_preparing;    /* the demo's "Preparing" page was up */

  /* validation */
  char              *catalog;          /* --catalog, in a temporary folder */
  char              *away;             /* where the folder goes while "removed" */
  IngestDriveValidation *validation;
  gboolean           throttle;         /* a slow card reader, for the first run */
  guint              probe_id;
  gint64             probe_last;
  gint64             worst_gap;        /* µs, while a validation ran */
  guint              owner_id;         /* our org.freedesktop.FileManager1 */
  guint              object_id;
  gboolean           owns_file_manager;
  char              *shown_uri;        /* what ShowItems was asked to show */
} Fixture;

static void
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

static void
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
  g_clear_object (&fixture->validation);
  g_clear_handle_id (&fixture->probe_id, g_source_remove);
  g_clear_handle_id (&fixture->owner_id, g_bus_unown_name);
  g_clear_pointer (&fixture->shown_uri, g_free);
}

static void
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
static GPtrArray *
find_widgets (GtkWidget *root,
              GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_widgets (root, type, found);
  return found;
}

/* The first mapped label under ROOT whose text contains TEXT, or NULL. */
static GtkLabel *
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
static GtkWidget *
find_button (GtkWidget  *root,
             const char *icon_name)
{
  g_autoptr(GPtrArray) buttons = find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), icon_name) == 0)
      return buttons->pdata[i];
  return NULL;
}

static IngestWindow *
get_window (Fixture *fixture)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (fixture->app));

  return INGEST_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)) ? INGEST_WINDOW (window) : NULL;
}

/* Renders the window's widget tree with its own renderer, as on screen, and
 * checks the PNG reads back as a real picture (not one flat colour). */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride = (gsize) width * 4;
  guint n_distinct = 0;
  guint32 first;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  reloaded = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (reloaded), ==, width);
  g_assert_cmpint (gdk_texture_get_height (reloaded), ==, height);

  pixels = g_malloc (stride * height);
  gdk_texture_download (reloaded, pixels, stride);
  first = ((guint32 *) pixels)[0];
  for (gsize i = 0; i < (gsize) width * height && n_distinct < 64; i++)
    if (((guint32 *) pixels)[i] != first)
      n_distinct++;
  g_assert_cmpuint (n_distinct, >=, 64);
}

static gboolean
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
static int
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

static void
assert_has_accel (Fixture    *fixture,
                  const char *action,
                  const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

/* The shortcuts the help overlay promises, and the window's actions behind them. */
static void
assert_keyboard (Fixture      *fixture,
                 IngestWindow *window)
{
  g_autoptr(GPtrArray) menu_buttons = find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);

  assert_has_accel (fixture, "win.open-folder", "<Control>o");
  assert_has_accel (fixture, "win.close-folder", "<Control>w");
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

/* With nothing mounted: the status page, no sidebar. */
static gboolean
empty_state_shown (gpointer user_data)
{
  Fixture *fixture = user_data;
  IngestWindow *window = get_window (fixture);
  g_autoptr(GPtrArray) status_pages = NULL;

  if (window == NULL)
    return FALSE;

  status_pages = find_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  if (status_pages->len != 1)
    return FALSE;
  if (g_strcmp0 (adw_status_page_get_title (status_pages->pdata[0]), "Plug In a Camera Drive") != 0)
    return FALSE;

  /* Checked once the page is right: drawn, the sidebar gone, the button there. */
  if (fixture->settled + 1 == SETTLE_POLLS)
    {
      g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_ROW);
      g_autoptr(GPtrArray) list_views = find_widgets (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
      g_autoptr(GPtrArray) buttons = find_widgets (status_pages->pdata[0], GTK_TYPE_BUTTON);

      g_assert_cmpuint (rows->len, ==, 0);
      g_assert_cmpuint (list_views->len, ==, 0);
      g_assert_cmpuint (buttons->len, ==, 1);
      g_assert_cmpstr (gtk_actionable_get_action_name (buttons->pdata[0]), ==, "win.open-folder");
      g_assert_true (gtk_widget_is_sensitive (buttons->pdata[0]));
      g_assert_nonnull (find_label (GTK_WIDGET (window), "open its folder"));
      assert_keyboard (fixture, window);
      save_screenshot (GTK_WIDGET (window), "ui-empty-state.png");
    }
  return TRUE;
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_cmpint (run_until (fixture, empty_state_shown, NULL), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The demo drive has one folder per roll at its root (ingest-demo-drive.c);
 * listed here, sorted, to check the rolls the station shows. */
static GPtrArray *
list_roll_folders (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (name[0] != '.' && g_file_test (child, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* Counts the files and bytes under PATH by itself, to check the station's summary. */
static void
count_tree (const char *path,
            guint64    *n_files,
            guint64    *n_bytes)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      g_assert_cmpint (g_lstat (child, &st), ==, 0);
      if (S_ISDIR (st.st_mode))
        count_tree (child, n_files, n_bytes);
      else if (S_ISREG (st.st_mode))
        {
          *n_files += 1;
          *n_bytes += st.st_size;
        }
    }
}

static IngestDrive *
find_demo_drive (Fixture *fixture)
{
  GListModel *drives = G_LIST_MODEL (ingest_application_get_drive_monitor (fixture->app));

  for (guint i = 0; drives != NULL && i < g_list_model_get_n_items (drives); i++)
    {
      g_autoptr(IngestDrive) drive = g_list_model_get_item (drives, i);

      if (g_strcmp0 (ingest_drive_get_label (drive), INGEST_DEMO_DRIVE_LABEL) == 0)
        return drive;
    }
  return NULL;
}

/* The demo drive: scanned, selected, its row in the sidebar, its rolls on the page. */
static gboolean
demo_drive_shown (gpointer user_data)
{
  Fixture *fixture = user_data;
  IngestWindow *window = get_window (fixture);
  IngestDrive *drive;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) roll_rows = NULL;

  if (window == NULL)
    return FALSE;
  if ((drive = find_demo_drive (fixture)) == NULL)
    {
      g_autoptr(GPtrArray) preparing = find_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);

      if (preparing->len == 1 &&
          g_strcmp0 (adw_status_page_get_title (preparing->pdata[0]), "Preparing Demo Drive…") == 0)
        fixture->saw_preparing = TRUE;
      return FALSE;
    }
  if (ingest_drive_get_state (drive) != INGEST_DRIVE_STATE_READY)
    return FALSE;

  pages = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_PAGE);
  rows = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_ROW);
  if (pages->len != 1 || rows->len != 1)
    return FALSE;
  roll_rows = find_widgets (pages->pdata[0], INGEST_TYPE_ROLL_ROW);
  if (roll_rows->len == 0)
    return FALSE;

  if (fixture->settled + 1 == SETTLE_POLLS)
    {
      g_autoptr(GPtrArray) status_pages = find_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
      g_autoptr(GPtrArray) roll_folders = NULL;
      g_autofree char *files = NULL;
      g_autofree char *size = NULL;
      guint64 n_files = 0, n_bytes = 0;

      g_assert_true (ingest_drive_row_get_drive (rows->pdata[0]) == drive);
      g_assert_nonnull (find_label (rows->pdata[0], INGEST_DEMO_DRIVE_LABEL));
      g_assert_true (ingest_drive_page_get_drive (pages->pdata[0]) == drive);
      g_assert_cmpuint (status_pages->len, ==, 0);

      /* One row per roll folder of the demo layout, in order, each shown by name. */
      fixture->demo_path = g_strdup (ingest_drive_get_mount_path (drive));
      roll_folders = list_roll_folders (fixture->demo_path);
      g_assert_cmpuint (roll_folders->len, >=, 3);
      g_assert_cmpuint (roll_rows->len, ==, roll_folders->len);
      for (guint i = 0; i < roll_rows->len; i++)
        {
          IngestRoll *roll = ingest_roll_row_get_roll (roll_rows->pdata[i]);

          g_assert_cmpstr (ingest_roll_get_name (roll), ==, roll_folders->pdata[i]);
          g_assert_nonnull (find_label (roll_rows->pdata[i], roll_folders->pdata[i]));
        }

      /* The summary agrees with the files on disk, counted here. */
      count_tree (fixture->demo_path, &n_files, &n_bytes);
      g_assert_cmpuint (n_files, >, 0);
      files = g_strdup_printf ("%u rolls · %" G_GUINT64_FORMAT " files", roll_folders->len, n_files);
      size = g_format_size (n_bytes);
      g_assert_nonnull (find_label (pages->pdata[0], files));
      g_assert_nonnull (find_label (pages->pdata[0], size));
      g_assert_nonnull (find_label (pages->pdata[0], "Not Validated"));

      save_screenshot (GTK_WIDGET (window), "ui-demo-drive.png");
    }
  return TRUE;
}

static void
test_demo_drive (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpint (run_until (fixture, demo_drive_shown, (const char * const []) { "--demo", NULL }), ==, 0);

  /* While the drive was being made, the window said so. */
  g_assert_true (fixture->saw_preparing);

  /* Quitting removes the demo drive's temporary folder. */
  g_assert_nonnull (fixture->demo_path);
  g_assert_false (g_file_test (fixture->demo_path, G_FILE_TEST_EXISTS));
}

/* Drops PATH on the window's drop target, as a file manager would. */
static void
drop_folder (IngestWindow *window,
             const char   *path)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList files = { file, NULL };
  gboolean accepted = FALSE;
  guint n_targets = 0;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, &files);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
          n_targets++;
        }
    }
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_true (accepted);
}

static IngestDrive *
find_drive_at (Fixture    *fixture,
               const char *path)
{
  GListModel *drives = G_LIST_MODEL (ingest_application_get_drive_monitor (fixture->app));

  for (guint i = 0; i < g_list_model_get_n_items (drives); i++)
    {
      g_autoptr(IngestDrive) drive = g_list_model_get_item (drives, i);

      if (g_strcmp0 (ingest_drive_get_mount_path (drive), path) == 0)
        return drive;
    }
  return NULL;
}

/* A narrow window: a folder dropped on it opens as a drive, shown at once, full
 * width, with a way back to the drive list; closing the folder brings back the
 * empty state.
 * Closing the window saves its size in the settings. */
static gboolean
narrow_window_navigates (gpointer user_data)
{
  Fixture *fixture = user_data;
  IngestWindow *window = get_window (fixture);
  g_autoptr(GPtrArray) leaflets = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) status_pages = NULL;
  g_autoptr(GPtrArray) roll_rows = NULL;
  IngestDrive *drive;
  GtkWidget *back = NULL;

  if (window == NULL)
    return FALSE;

  leaflets = find_widgets (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
  pages = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_PAGE);
  rows = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_ROW);
  status_pages = find_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_cmpuint (leaflets->len, ==, 1);
  /* With no drive there is no sidebar to fold away. */
  if ((fixture->phase == 1 || fixture->phase == 2) && !adw_leaflet_get_folded (leaflets->pdata[0]))
    return FALSE;
  back = find_button (GTK_WIDGET (window), "go-previous-symbolic");
  if (pages->len == 1)
    roll_rows = find_widgets (pages->pdata[0], INGEST_TYPE_ROLL_ROW);

  switch (fixture->phase)
    {
    case 0:  /* empty: drop the folder on the window, as from a file manager */
      if (status_pages->len != 1)
        return FALSE;
      drop_folder (window, fixture->folder);
      drive = find_drive_at (fixture, fixture->folder);
      g_assert_nonnull (drive);
      fixture->folder_drive = g_object_ref (drive);
      fixture->phase++;
      return FALSE;

    case 1:  /* the new drive fills the window, scanned, with a back button */
      if (ingest_drive_get_state (fixture->folder_drive) != INGEST_DRIVE_STATE_READY ||
          pages->len != 1 || rows->len != 0 || back == NULL || roll_rows->len != 1)
        return FALSE;
      if (fixture->settled + 1 < SETTLE_POLLS)
        return TRUE;
      g_assert_true (ingest_drive_page_get_drive (pages->pdata[0]) == fixture->folder_drive);
      g_assert_nonnull (find_label (pages->pdata[0], "SOUND_002"));
      g_assert_nonnull (find_label (pages->pdata[0], "Folder"));
      g_assert_nonnull (find_button (GTK_WIDGET (window), "media-eject-symbolic"));
      g_assert_true (gtk_widget_is_sensitive (find_button (GTK_WIDGET (window), "media-eject-symbolic")));
      save_screenshot (GTK_WIDGET (window), "ui-narrow-folder.png");
      g_assert_true (gtk_widget_activate (back));
      fixture->settled = 0;
      fixture->phase++;
      return FALSE;

    case 2:  /* back: the drive list, its one row */
      if (rows->len != 1 || pages->len != 0)
        return FALSE;
      g_assert_true (ingest_drive_row_get_drive (rows->pdata[0]) == fixture->folder_drive);
      /* Ctrl+W / the eject button in the header */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-folder", NULL));
      fixture->phase++;
      return FALSE;

    case 3:  /* the folder is gone: the empty state again, no list; resize, then close */
      if (status_pages->len != 1 || rows->len != 0 || pages->len != 0 ||
          ingest_drive_get_state (fixture->folder_drive) != INGEST_DRIVE_STATE_REMOVED)
        return FALSE;
      gtk_window_set_default_size (GTK_WINDOW (window), 420, 600);
      fixture->phase++;
      return FALSE;

    case 4:  /* closing the last window ends the application and saves the size */
      if (gtk_widget_get_width (GTK_WIDGET (window)) > 440)
        return FALSE;
      gtk_window_close (GTK_WINDOW (window));
      fixture->phase++;
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

static void
test_narrow_window (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *wav = NULL;

  /* A card copied to disk: one sound roll. */
  fixture->folder = ingest_test_make_tmpdir ("CARD_B");
  wav = g_build_filename (fixture->folder, "SOUND_002", "T001.WAV", NULL);
  ingest_test_write_random_file (wav, 48000, 1);

  g_settings_set_int (settings, "window-width", 400);
  g_settings_set_int (settings, "window-height", 640);

  g_assert_cmpint (run_until (fixture, narrow_window_navigates, NULL), ==, 0);
  g_assert_cmpuint (fixture->phase, ==, 5);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 420);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
}

int
main (int    argc,
      char **argv)
{
  ingest_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ingest/station/empty-state", Fixture, NULL,
              fixture_set_up, test_empty_state, fixture_tear_down);
  g_test_add ("/ingest/station/demo-drive", Fixture, NULL,
              fixture_set_up, test_demo_drive, fixture_tear_down);
  g_test_add ("/ingest/station/narrow-window", Fixture, NULL,
              fixture_set_up, test_narrow_window, fixture_tear_down);

  return g_test_run ();
}
