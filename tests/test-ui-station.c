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
 * with a way back. Validations and eject: test-ui-station-validation.c.
 * Each case saves screenshots into the build dir (tests/screenshots/ui-*.png). */

#include "config.h"

#include <fcntl.h>
#include <time.h>

#include <glib/gstdio.h>

#include "ingest-clips-view.h"
#include "ingest-library-page.h"
#include "test-ui-station-common.h"

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
  g_ptr_array_sort (names, ingest_test_compare_strings);
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

/* Ejected, the demo drive leaves the list (its files stay until quit). */
static gboolean
demo_drive_ejected (Fixture      *fixture,
                    IngestWindow *window)
{
  g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_ROW);
  g_autoptr(GPtrArray) status_pages = find_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);

  if (rows->len != 0 || status_pages->len != 1 ||
      g_strcmp0 (adw_status_page_get_title (status_pages->pdata[0]), "Plug In a Camera Drive") != 0)
    return FALSE;
  g_assert_null (find_drive (fixture, ingest_drive_get_label, INGEST_DEMO_DRIVE_LABEL));
  g_assert_true (g_file_test (fixture->demo_path, G_FILE_TEST_IS_DIR));
  return TRUE;
}

static gboolean demo_clips_shown  (Fixture      *fixture,
                                   IngestWindow *window,
                                   IngestDrive  *drive);
static gboolean demo_search_shown (Fixture      *fixture,
                                   IngestWindow *window);

/* The demo drive: scanned, selected, its row in the sidebar, its rolls on the
 * page, shown as a removable drive just plugged in; then ejected. */
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
  if (fixture->phase == 1)
    return demo_drive_ejected (fixture, window);
  if (fixture->phase == 5)
    return demo_search_shown (fixture, window);
  if (fixture->phase >= 2)
    return demo_clips_shown (fixture, window,
                             find_drive (fixture, ingest_drive_get_label, INGEST_DEMO_DRIVE_LABEL));
  if ((drive = find_drive (fixture, ingest_drive_get_label, INGEST_DEMO_DRIVE_LABEL)) == NULL)
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

      /* A removable drive, not an opened folder; honest about being a demo. */
      g_assert_true (ingest_drive_get_is_demo (drive));
      g_assert_cmpstr (gtk_image_get_icon_name (find_image (rows->pdata[0])), ==, "drive-removable-media-symbolic");
      /* The page's drive icon (its first image is the view switcher's now). */
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (gtk_widget_get_template_child (pages->pdata[0], INGEST_TYPE_DRIVE_PAGE, "icon"))),
                       ==, "drive-removable-media-symbolic");
      g_assert_null (find_label (rows->pdata[0], "Folder"));
      g_assert_null (find_label (pages->pdata[0], "Folder"));
      g_assert_nonnull (find_label (pages->pdata[0], "exFAT · Demo drive"));
      g_assert_null (find_label (pages->pdata[0], " free"));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (find_button (GTK_WIDGET (window), "media-eject-symbolic")), ==, "Eject");

      save_screenshot (GTK_WIDGET (window), "ui-demo-drive.png");

      /* Validate: the session's metadata stage reads the clips beside the read. */
      g_assert_true (gtk_widget_activate_action (pages->pdata[0], "drive.validate", NULL));
      fixture->phase = 2;
      return FALSE;
    }
  return TRUE;
}

/* After Ctrl+F: the Library's search lists the clips the catalog has for
 * the words typed, then the drive is ejected. */
static gboolean
demo_search_shown (Fixture      *fixture,
                   IngestWindow *window)
{
  if (fixture->settled + 1 < SETTLE_POLLS)
    return TRUE;
  {
    g_autoptr(GPtrArray) library = find_widgets (GTK_WIDGET (window), INGEST_TYPE_LIBRARY_PAGE);
    g_autoptr(GPtrArray) views = NULL;
    GListModel *found;
    gboolean has_take = FALSE;

    g_assert_cmpuint (library->len, ==, 1);
    g_assert_true (gtk_widget_is_visible (library->pdata[0]));
    views = find_widgets (library->pdata[0], INGEST_TYPE_CLIPS_VIEW);
    g_assert_cmpuint (views->len, ==, 1);
    found = ingest_clips_view_get_clips (views->pdata[0]);
    if (found == NULL || g_list_model_get_n_items (found) == 0)
      return FALSE;
    /* Every clip found is scene 12A take 2, and the ARRI take is among them
     * (its keys say so: ingest-demo-drive.c). */
    for (guint i = 0; i < g_list_model_get_n_items (found); i++)
      {
        g_autoptr(IngestClip) hit = g_list_model_get_item (found, i);

        g_assert_cmpstr (ingest_clip_get_field (hit, INGEST_CLIP_FIELD_SCENE), ==, "12A");
        g_assert_cmpstr (ingest_clip_get_field (hit, INGEST_CLIP_FIELD_TAKE), ==, "2");
        has_take |= g_str_equal (ingest_clip_get_name (hit), "A001C002_261121_R1AB");
      }
    g_assert_true (has_take);
    save_screenshot (GTK_WIDGET (window), "ui-demo-library-search.png");
  }

  /* Back to the drive, as a click on its row in the sidebar does, to eject it. */
  {
    g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_ROW);

    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_true (gtk_widget_activate_action (rows->pdata[0], "listitem.select", "(bb)", FALSE, FALSE));
  }


  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.eject", NULL));
  fixture->phase = 1;
  return FALSE;
}

/* After validating the demo drive: the Clips view lists what the metadata
 * stage read from the card (the demo's 16 clips), verified, and the
 * inspector shows what the ARRI clip's QuickTime keys and tmcd track say. */
static gboolean
demo_clips_shown (Fixture      *fixture,
                  IngestWindow *window,
                  IngestDrive  *drive)
{
  IngestDriveSession *session = ingest_application_get_session (fixture->app, drive);
  g_autoptr(GPtrArray) pages = find_widgets (GTK_WIDGET (window), INGEST_TYPE_DRIVE_PAGE);
  IngestClipsView *view;
  GListModel *clips;
  IngestClip *clip;
  IngestValidationStatus status;

  if (ingest_drive_session_get_running (session) || pages->len != 1)
    return FALSE;
  view = ingest_drive_page_get_clips_view (pages->pdata[0]);
  clips = ingest_clips_view_get_clips (view);
  if (clips == NULL || g_list_model_get_n_items (clips) < 16)
    return FALSE;

  if (fixture->phase == 2)
    {
      g_assert_cmpint (ingest_drive_session_get_state (session), ==, INGEST_SESSION_STATE_DONE);
      g_assert_cmpuint (g_list_model_get_n_items (clips), ==, 16);
      /* The proxy stage made what decodes; the page says how many, and no
       * clip needs the drive any more. */
      {
        IngestProxyStage *proxies = ingest_application_get_proxy_stage (fixture->app, drive);
        g_autoptr(IngestClip) first = g_list_model_get_item (clips, 0);
        g_autofree char *line = NULL;

        g_assert_nonnull (proxies);
        {
          g_autoptr(GPtrArray) results = ingest_proxy_stage_dup_results (proxies);

          for (guint r = 0; r < results->len; r++)
            {
              IngestProxyResult *result = g_ptr_array_index (results, r);

              g_test_message ("%s: %s %s", result->clip_name, ingest_proxy_status_to_string (result->status),
                              result->reason != NULL ? result->reason : "");
            }
        }
        g_assert_cmpuint (ingest_proxy_stage_get_n_clips (proxies), ==, 16);
        g_assert_cmpuint (ingest_proxy_stage_get_n_made (proxies) + ingest_proxy_stage_get_n_no_preview (proxies) +
                          ingest_proxy_stage_get_n_failed (proxies), ==, 16);
        g_assert_cmpuint (ingest_proxy_stage_get_n_pending (proxies), ==, 0);
        /* The 5 sound takes have no picture, so no preview; every other
         * clip has a proxy (the XDCAM roll's long-GOP MXF included). */
        g_assert_cmpuint (ingest_proxy_stage_get_n_no_preview (proxies), ==, 5);
        g_assert_cmpuint (ingest_proxy_stage_get_n_made (proxies), ==, 11);
        g_assert_cmpuint (ingest_proxy_stage_get_n_failed (proxies), ==, 0);
        line = ingest_format_proxy_progress (16, ingest_proxy_stage_get_n_made (proxies),
                                             ingest_proxy_stage_get_n_no_preview (proxies),
                                             ingest_proxy_stage_get_n_failed (proxies));
        g_test_message ("%s", line);
        g_assert_nonnull (find_label (pages->pdata[0], line));
        g_assert_null (find_label (pages->pdata[0], "Safe to eject except"));
        g_assert_cmpstr (gtk_widget_get_tooltip_text (find_button (GTK_WIDGET (window), "media-eject-symbolic")), ==, "Eject");
        save_screenshot (GTK_WIDGET (window), "ui-demo-proxies.png");
        /* The ARRI clip plays its proxy. */
        g_assert_nonnull (ingest_clip_get_proxy_path (first));
      }
      ingest_drive_page_set_view (pages->pdata[0], "clips");
      ingest_clips_view_set_mode (view, INGEST_CLIPS_MODE_GRID);
      fixture->phase = 3;
      return FALSE;
    }
  /* Each step once the window has drawn what the last one changed. */
  if (fixture->settled + 1 < SETTLE_POLLS)
    return TRUE;
  if (fixture->phase == 3)
    {
      save_screenshot (GTK_WIDGET (window), "ui-demo-clips.png");
      ingest_clips_view_set_mode (view, INGEST_CLIPS_MODE_LIST);
      /* The first clip in the default order: the ARRI roll's first take. */
      ingest_clips_view_select (view, 0);
      fixture->phase = 4;
      return FALSE;
    }

  clip = ingest_clips_view_get_selected (view);
  g_assert_nonnull (clip);
  g_assert_cmpstr (ingest_clip_get_name (clip), ==, "A001C001_261121_R1AB");
  g_assert_true (ingest_clip_get_verification (clip, &status));
  g_assert_cmpint (status, ==, INGEST_VALIDATION_STATUS_VERIFIED);
  /* What the inspector shows, read from the card (ingest-demo-drive.c). */
  g_assert_nonnull (find_label (GTK_WIDGET (ingest_clips_view_get_inspector (view)), "ALEXA 35"));
  g_assert_nonnull (find_label (GTK_WIDGET (ingest_clips_view_get_inspector (view)), "10:21:14:00"));
  g_assert_nonnull (find_label (GTK_WIDGET (ingest_clips_view_get_inspector (view)), "A001R1AB"));
  if (fixture->phase == 4)
    {
      GtkWidget *focus;

      save_screenshot (GTK_WIDGET (window), "ui-demo-clip-inspector.png");

      /* Ctrl+F from the drive page: the Library, its search entry focused;
       * what is typed there searches every clip the catalog has. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      focus = gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY);
      g_assert_nonnull (focus);
      gtk_editable_set_text (GTK_EDITABLE (focus), "scene 12A take 2");
      fixture->phase = 5;
      return FALSE;
    }
  g_assert_not_reached ();
}

static void
test_demo_drive (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpint (run_until (fixture, demo_drive_shown, (const char * const []) { "--demo", NULL }), ==, 0);

  /* While the drive was being made, the window said so; then it was ejected. */
  g_assert_true (fixture->saw_preparing);
  g_assert_cmpuint (fixture->phase, ==, 1);

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
      drive = find_drive (fixture, ingest_drive_get_mount_path, fixture->folder);
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
      g_assert_nonnull (find_label (pages->pdata[0], "SOUND_002\\x1b[2K\\u202e"));
      /* the folder's name holds a newline and a bidi override: shown escaped */
      g_assert_nonnull (find_label (pages->pdata[0], "CARD\\nB\\u202e-"));
      g_assert_null (find_label (GTK_WIDGET (window), "CARD\nB"));
      g_assert_null (find_label (GTK_WIDGET (window), "\x1b"));
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

  /* A card copied to disk: one sound roll; names a terminal or a label
   * would render as a line break, an escape sequence and reversed text. */
  fixture->folder = ingest_test_make_tmpdir ("CARD\nB\xe2\x80\xae");
  wav = g_build_filename (fixture->folder, "SOUND_002\x1b[2K\xe2\x80\xae", "T001.WAV", NULL);
  ingest_test_write_random_file (wav, 48000, 1);

  g_settings_set_int (settings, "window-width", 400);
  g_settings_set_int (settings, "window-height", 640);

  g_assert_cmpint (run_until (fixture, narrow_window_navigates, NULL), ==, 0);
  g_assert_cmpuint (fixture->phase, ==, 5);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 420);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
}

/*
 * Validation
 */

int
main (int    argc,
      char **argv)
{
  /* Xvfb has no GPU: GL would be Mesa's software rasteriser, whose threads
   * the main loop waits for on every frame, so the stall probe would measure
   * llvmpipe on a shared machine. Cairo draws on the main thread, where the
   * probe sees it. (GSK_RENDERER=gl in the environment keeps GL.) */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
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
