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
 * makes the demo drive, lists it in the sidebar and shows its rolls. Each case
 * saves a screenshot of the window into the build dir. */

#include "config.h"

#include <glib/gstdio.h>

#include "ingest-application.h"
#include "ingest-drive-page.h"
#include "ingest-drive-row.h"
#include "ingest-roll-row.h"
#include "ingest-test-util.h"
#include "ingest-window.h"

#define POLL_INTERVAL_MS 100
#define GIVE_UP_AFTER_S  150
/* Polls to wait once the window is right, so the last frame is drawn. */
#define SETTLE_POLLS     5

typedef struct {
  IngestApplication *app;
  char              *mount_root;       /* an empty folder: no real mount shows up */
  gboolean         (*check) (gpointer fixture);
  guint              settled;
  gint64             deadline;
  gboolean           timed_out;
  char              *demo_path;        /* where the demo drive was made */
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
      g_application_quit (G_APPLICATION (fixture->app));
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
  g_timeout_add (POLL_INTERVAL_MS, poll_cb, fixture);
  status = g_application_run (G_APPLICATION (fixture->app), argv->len - 1, (char **) argv->pdata);
  g_assert_false (fixture->timed_out);
  return status;
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

  if (window == NULL || (drive = find_demo_drive (fixture)) == NULL)
    return FALSE;
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

  /* Quitting removes the demo drive's temporary folder. */
  g_assert_nonnull (fixture->demo_path);
  g_assert_false (g_file_test (fixture->demo_path, G_FILE_TEST_EXISTS));
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

  return g_test_run ();
}
