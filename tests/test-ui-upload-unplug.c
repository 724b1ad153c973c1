/* test-ui-upload-unplug.c
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

/* The upload panel in the station's own window, on its own Xvfb display and
 * session bus (ui-runner.sh): a folder opened as a drive is delivered to
 * the NAS from its page, and the window says so; and, as root, a real ext4
 * card is pulled mid-upload and plugged back, at the same and at another
 * mount point (see "A drive unplugged" below). The panel on its own is
 * test-ui-upload. Screenshots go to the build dir
 * (tests/screenshots/ui-upload-*.png). */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest-application.h"
#include "ingest-drive-page.h"
#include "ingest-validation-banner.h"
#include "ingest-drive-row.h"
#include "ingest-upload-view.h"
#include "ingest-format.h"
#include "ingest-preferences-window.h"
#include "ingest-s3-secret.h"
#include "ingest-settings.h"
#include "ingest-test-ui-util.h"
#include "ingest-test-util.h"
#include "ingest-upload-item.h"
#include "ingest-upload-panel.h"
#include "ingest-window.h"
#include "test-ui-upload-common.h"

/* In the station itself: a folder opened as a drive shows the upload panel on
 * its page; Start there delivers it to the NAS folder, and the window says
 * so. */
typedef struct {
  IngestApplication *app;
  IngestUploadPanel *panel;
  guint              phase;
  gboolean           timed_out;
  gint64             deadline;
  guint              poll_id;
} WindowRun;

static void
find_panel (GtkWidget          *widget,
            IngestUploadPanel **panel)
{
  if (INGEST_IS_UPLOAD_PANEL (widget) && gtk_widget_get_mapped (widget))
    *panel = INGEST_UPLOAD_PANEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && *panel == NULL;
       child = gtk_widget_get_next_sibling (child))
    find_panel (child, panel);
}

static gboolean
window_poll_cb (gpointer user_data)
{
  WindowRun *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  IngestUploadView *upload;

  if (g_get_monotonic_time () > run->deadline)
    {
      run->timed_out = TRUE;
      run->poll_id = 0;
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;
  if (run->panel == NULL)
    find_panel (GTK_WIDGET (window), &run->panel);
  if (run->panel == NULL)
    return G_SOURCE_CONTINUE;
  upload = ingest_upload_panel_get_view (run->panel);
  g_assert_nonnull (upload);

  if (run->phase == 0)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run->panel), "upload.start", NULL));
      g_assert_true (ingest_upload_view_get_running (upload));
      run->phase = 1;
    }
  else if (run->phase == 1 && ingest_upload_view_get_state (upload) == INGEST_UPLOAD_STATE_DONE)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      ingest_test_ui_collect_text (GTK_WIDGET (window), text);
      g_assert_nonnull (strstr (text->str, "Uploaded and verified"));
      g_assert_nonnull (strstr (text->str, "2 of 2 files uploaded and verified"));
      /* Both files have a row on screen (a list view that stays one row
       * tall would not make the second). */
      g_assert_nonnull (strstr (text->str, "A001/clip0.mov"));
      g_assert_nonnull (strstr (text->str, "A001/clip1.mov"));
      /* The drive page shows the upload's validation like one of its own:
       * the drive's state and the banner say what its verdict is. */
      {
        IngestDriveSession *session = session_of (upload);
        IngestValidationJob *job = ingest_upload_job_get_validation (upload_job (upload));
        IngestDrive *drive = ingest_drive_session_get_drive (session);

        g_assert_true (ingest_drive_session_get_read (session) == job);
        g_assert_false (ingest_drive_session_get_reading (session));
        g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
        g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_VERIFIED);
        g_assert_nonnull (strstr (text->str, ingest_format_drive_state_label (INGEST_DRIVE_STATE_VERIFIED)));
        g_assert_nonnull (strstr (text->str, ingest_format_validation_title (INGEST_VALIDATION_PHASE_DONE,
                                                                             INGEST_VALIDATION_VERDICT_OK, FALSE)));
      }
      save_screenshot (GTK_WIDGET (window), "ui-upload-window.png");

      /* The main menu's Preferences (Ctrl+,) opens the destinations. */
      {
        g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (run->app), "app.preferences");
        g_autoptr(GListModel) toplevels = NULL;
        GtkWindow *preferences = NULL;

        g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));
        g_action_group_activate_action (G_ACTION_GROUP (run->app), "preferences", NULL);
        toplevels = g_object_ref (gtk_window_get_toplevels ());
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

            if (INGEST_IS_PREFERENCES_WINDOW (toplevel))
              preferences = toplevel;
          }
        g_assert_nonnull (preferences);
        g_assert_true (gtk_window_get_transient_for (preferences) == window);
        gtk_window_destroy (preferences);
      }
      run->poll_id = 0;
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_in_window (Fixture       *fixture,
                gconstpointer  data)
{
  const gsize sizes[] = { 3 * MiB, 700 * 1024 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *roots = g_build_filename (fixture->dir, "roots", NULL);
  g_autofree char *pattern = g_build_filename (roots, "*", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "CARD", NULL);
  g_autofree char *roll = g_build_filename (folder, "A001", NULL);
  g_autofree char *catalog = g_build_filename (fixture->dir, "station.db", NULL);
  g_autofree char *copy = g_build_filename (fixture->nas, "A001", "clip1.mov", NULL);
  g_autofree char *source = g_build_filename (roll, "clip1.mov", NULL);
  const char *argv[] = { "ingest-station", "--catalog", catalog, folder, NULL };
  WindowRun run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (roots, 0755), ==, 0);
  g_settings_set_strv (settings, "mount-roots", (const char * const []) { pattern, NULL });
  g_settings_set_int (settings, "window-width", 1040);
  g_settings_set_int (settings, "window-height", 900);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 55);

  run.app = ingest_application_new ();
  g_application_set_flags (G_APPLICATION (run.app),
                           g_application_get_flags (G_APPLICATION (run.app)) | G_APPLICATION_NON_UNIQUE);
  run.deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;
  run.poll_id = g_timeout_add (100, window_poll_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, (char **) argv), ==, 0);
  g_clear_handle_id (&run.poll_id, g_source_remove);
  g_assert_false (run.timed_out);
  g_clear_object (&run.app);
  assert_same_file (source, copy);
}

/*
 * A drive unplugged mid-upload (root only): a real ext4 card loop-mounted
 * under /media, read through a slow card reader (the kernel's blkio
 * throttle on its loop device, so files take seconds), uploaded to a NAS
 * folder from the station's own window. Mid-upload the card is pulled
 * (umount -l: files already open read to their end, the next cannot open):
 * the upload says "Drive removed — plug it back in to continue" with no
 * Resume, and what it calls verified is byte-identical on the NAS; the card
 * stays in the sidebar, dimmed, "Removed — plug it back in", its page still
 * showing the paused upload with its Cancel, and the window says so until
 * the card is back. Plugged
 * back at the same mount point, it carries on by itself; pulled again and
 * plugged in at another mount point, it carries on there. At the end every
 * file is on the NAS byte for byte, what was delivered was not sent again,
 * and the drive page shows the validation's verdict. Pulled once more with
 * nothing running, the card leaves the sidebar. The station runs in a
 * subprocess, so that this process always unmounts and detaches.
 */

#define UNPLUG_LABEL       "INGESTUNPLUG"
#define UNPLUG_MOUNT_POINT ingest_test_mount_point (UNPLUG_LABEL)
#define UNPLUG_ELSEWHERE   ingest_test_mount_point (UNPLUG_LABEL "-ELSEWHERE")
#define UNPLUG_IMAGE_NAME  "unplug.img"
#define UNPLUG_TMP_PREFIX  "ingest-ui-unplug"
#define UNPLUG_ROLL        "A001R1AB"
/* About 1.7 s a file, read one or two at a time: a per-file rate shows (it
 * is measured over a second), and there is always a file left to read. */
#define UNPLUG_N_FILES     8
#define UNPLUG_FILE_SIZE   (8 * MiB)
#define UNPLUG_READ_BPS    (5 * 1000 * 1000)
#define BLKIO_READ_BPS     "/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device"

/* "MAJ:MIN" of the loop device IMAGE is attached to, or NULL. */
static char *
image_device (const char *image)
{
  const char *argv[] = { "losetup", "-j", image, NULL };
  g_autofree char *out = ingest_test_run_capture (argv, NULL);
  g_autofree char *device = NULL;
  const char *colon = out != NULL ? strchr (out, ':') : NULL;
  struct stat st;

  if (colon == NULL)
    return NULL;
  device = g_strndup (out, colon - out);
  if (g_stat (device, &st) != 0)
    return NULL;
  return g_strdup_printf ("%u:%u", major (st.st_rdev), minor (st.st_rdev));
}

static gboolean
set_read_limit (const char *device,
                guint64     bps)
{
  /* A cgroup file takes a write in place, not a file renamed over it. */
  FILE *f = fopen (BLKIO_READ_BPS, "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fprintf (f, "%s %" G_GUINT64_FORMAT "\n", device, bps) > 0;
  return fclose (f) == 0 && ok;
}

/* The slow card reader: reads of IMAGE's loop device at UNPLUG_READ_BPS. The
 * device is noted in DIR/throttled, for the parent to lift the limit. */
static void
throttle_image (const char *image,
                const char *dir)
{
  g_autofree char *device = image_device (image);
  g_autofree char *list = g_build_filename (dir, "throttled", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_nonnull (device);
  g_file_get_contents (list, &before, NULL, NULL);
  after = g_strdup_printf ("%s%s\n", before != NULL ? before : "", device);
  g_assert_true (g_file_set_contents (list, after, -1, NULL));
  g_assert_true (set_read_limit (device, UNPLUG_READ_BPS));
}

/* Lifts the limits set on every loop device the test slowed down, which
 * may serve someone else once the image lets go of it. */
static void
lift_read_limits (const char *dir)
{
  g_autofree char *list = g_build_filename (dir, "throttled", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) devices = NULL;

  if (!g_file_get_contents (list, &contents, NULL, NULL))
    return;
  devices = g_strsplit (contents, "\n", -1);
  for (guint i = 0; devices[i] != NULL; i++)
    if (*devices[i] != '\0')
      if (!set_read_limit (devices[i], 0))
        g_printerr ("# could not lift the read limit of %s\n", devices[i]);
}

static gboolean
image_released (const char *image)
{
  g_autofree char *device = image_device (image);

  return device == NULL;
}

static void
pull_out (const char *mount_point)
{
  const char *argv[] = { "umount", "-l", mount_point, NULL };

  g_assert_true (ingest_test_run_quiet (argv));
}

typedef struct {
  Fixture           *fixture;
  IngestApplication *app;
  const char        *image;
  const char        *dir;
  IngestUploadView *upload;
  guint              phase;
  guint              verified_before;
  guint              banner_waits;
  guint              message_waits;    /* polls the "was removed" message took to go */
  gboolean           shot_in_flight;
  gboolean           timed_out;
  gint64             deadline;
} UnplugRun;

static IngestDrive *
drive_at (IngestApplication *app,
          const char        *mount_point)
{
  GListModel *drives = G_LIST_MODEL (ingest_application_get_drive_monitor (app));

  for (guint i = 0; i < g_list_model_get_n_items (drives); i++)
    {
      g_autoptr(IngestDrive) drive = g_list_model_get_item (drives, i);

      if (g_strcmp0 (ingest_drive_get_mount_path (drive), mount_point) == 0 &&
          ingest_drive_get_state (drive) != INGEST_DRIVE_STATE_SCANNING)
        return drive;
    }
  return NULL;
}

static void
assert_same_on_nas (Fixture    *fixture,
                    const char *path)
{
  g_autofree char *source = g_build_filename (fixture->dir, "staging", path, NULL);
  g_autofree char *copy = g_build_filename (fixture->nas, path, NULL);

  assert_same_file (source, copy);
}

/* Every file the upload calls verified is on the NAS, byte for byte; the
 * others say why, and the job counts the same. Returns how many verified. */
static guint
count_verified_rows (GListModel *files)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);

      n += g_strcmp0 (ingest_upload_item_get_state (item), "verified") == 0;
    }
  return n;
}

static guint
assert_verified_are_right (UnplugRun *run)
{
  GListModel *files = ingest_upload_view_get_files (run->upload);
  IngestUploadJob *job = upload_job (run->upload);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint n = 0;

  /* The list takes files in batches, 0.1 s apart at most: the last
   * verdicts the job counted may still be on their way to it. */
  while (count_verified_rows (files) < ingest_upload_job_get_files_verified (job) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);

      if (g_strcmp0 (ingest_upload_item_get_state (item), "verified") != 0)
        {
          g_printerr ("# not verified: %s: %s\n", ingest_upload_item_get_path (item),
                      ingest_upload_item_get_detail (item));
          continue;
        }
      assert_same_on_nas (run->fixture, ingest_upload_item_get_path (item));
      n++;
    }
  g_assert_cmpuint (n, ==, ingest_upload_job_get_files_verified (job));
  return n;
}

#define REMOVED_MESSAGE "“" UNPLUG_LABEL "” was removed — plug it back in to continue uploading"

/* Regular files right in @folder. */
static guint64
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint64 n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      n += g_file_test (path, G_FILE_TEST_IS_REGULAR);
    }
  g_assert_cmpuint (n, >, 0);
  return n;
}

/* Whether the window's sidebar lists @drive. */
static gboolean
sidebar_lists (GtkWindow   *window,
               IngestDrive *drive)
{
  GListModel *drives = G_LIST_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window), INGEST_TYPE_WINDOW,
                                                                    "selection"));

  for (guint i = 0; i < g_list_model_get_n_items (drives); i++)
    {
      g_autoptr(IngestDrive) listed = g_list_model_get_item (drives, i);

      if (listed == drive)
        return TRUE;
    }
  return FALSE;
}

/* The sidebar row on screen that shows @drive, or NULL. */
static GtkWidget *
find_drive_row (GtkWidget   *widget,
                IngestDrive *drive)
{
  GtkWidget *found = NULL;

  if (INGEST_IS_DRIVE_ROW (widget) && gtk_widget_get_mapped (widget) &&
      ingest_drive_row_get_drive (INGEST_DRIVE_ROW (widget)) == drive)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && found == NULL;
       child = gtk_widget_get_next_sibling (child))
    found = find_drive_row (child, drive);
  return found;
}

/* The window's "was removed" message is dismissed once the card is back,
 * and slides away: FALSE while it is still on screen (for at most 3 s of
 * polls), so the caller polls again. */
static gboolean
removed_message_gone (UnplugRun *run,
                      GtkWindow *window)
{
  if (!ingest_test_ui_shows (GTK_WIDGET (window), REMOVED_MESSAGE))
    return TRUE;
  g_assert_cmpuint (run->message_waits++, <, 30);
  return FALSE;
}

/* The card is back: its row is itself again, the window's message gone. */
static void
assert_back_in (UnplugRun *run,
                GtkWindow *window)
{
  IngestDrive *drive = ingest_drive_session_get_drive (session_of (run->upload));
  GtkWidget *row = find_drive_row (GTK_WIDGET (window), drive);

  g_assert_nonnull (row);
  g_assert_false (gtk_widget_has_css_class (row, "dim-label"));
  g_assert_false (ingest_test_ui_shows (row, "Removed"));
  g_assert_false (ingest_test_ui_shows (GTK_WIDGET (window), REMOVED_MESSAGE));
}

static gboolean
unplug_poll_cb (gpointer user_data)
{
  UnplugRun *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  IngestUploadJob *job = run->upload ? upload_job (run->upload) : NULL;
  IngestUploadState state = run->upload ? ingest_upload_view_get_state (run->upload) : INGEST_UPLOAD_STATE_IDLE;
  guint verified = job ? ingest_upload_job_get_files_verified (job) : 0;

  if (g_get_monotonic_time () > run->deadline)
    {
      g_printerr ("# gave up in phase %u\n", run->phase);
      run->timed_out = TRUE;
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;
  /* Nothing ends before the last phase. */
  if (run->phase < 7)
    g_assert_cmpint (state, <, INGEST_UPLOAD_STATE_DONE);

  switch (run->phase)
    {
    case 0:   /* the card is in, scanned; Start on its page */
      {
        IngestDrive *drive = drive_at (run->app, UNPLUG_MOUNT_POINT);
        IngestUploadPanel *panel = NULL;

        if (drive == NULL)
          return G_SOURCE_CONTINUE;
        find_panel (GTK_WIDGET (window), &panel);
        if (panel == NULL || ingest_upload_panel_get_session (panel) != ingest_application_get_session (run->app, drive))
          return G_SOURCE_CONTINUE;
        run->upload = g_object_ref (ingest_upload_panel_get_view (panel));
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "upload.start", NULL));
        g_assert_true (ingest_upload_view_get_running (run->upload));
        run->phase = 1;
      }
      break;

    case 1:   /* files in flight, with a rate; one verified: pull the card */
      {
        GListModel *active = ingest_upload_view_get_active (run->upload);
        gboolean rate = FALSE;

        for (guint i = 0; i < g_list_model_get_n_items (active); i++)
          {
            g_autoptr(IngestUploadItem) item = g_list_model_get_item (active, i);

            rate |= strstr (ingest_upload_item_get_detail (item), "/s") != NULL;
          }
        if (verified < 1 || !rate)
          return G_SOURCE_CONTINUE;
        if (!run->shot_in_flight)
          {
            /* What a technician sees mid-upload, rates and all. */
            IngestUploadPanel *panel = NULL;
            GtkWidget *page;

            run->shot_in_flight = TRUE;
            find_panel (GTK_WIDGET (window), &panel);
            g_assert_true (panel != NULL && ingest_upload_panel_get_view (panel) == run->upload);
            g_assert_true (ingest_test_ui_shows (GTK_WIDGET (window), "Reading and Sending Now"));
            /* The drive page shows the upload's validation, without a second
             * progress bar and Cancel: those are the upload's. */
            page = gtk_widget_get_ancestor (GTK_WIDGET (panel), INGEST_TYPE_DRIVE_PAGE);
            g_assert_true (ingest_drive_session_get_reading (ingest_drive_page_get_session (INGEST_DRIVE_PAGE (page))));
            g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (ingest_drive_page_get_banner (INGEST_DRIVE_PAGE (page))),
                                                                                               INGEST_TYPE_VALIDATION_BANNER, "progress_box"))));
            g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (ingest_drive_page_get_banner (INGEST_DRIVE_PAGE (page))),
                                                                                               INGEST_TYPE_VALIDATION_BANNER, "cancel_button"))));
            save_screenshot (GTK_WIDGET (window), "ui-upload-in-flight.png");
            return G_SOURCE_CONTINUE;
          }
        g_printerr ("# pulled with %u of %u verified\n", verified, UNPLUG_N_FILES);
        pull_out (UNPLUG_MOUNT_POINT);
        run->phase = 2;
      }
      break;

    case 2:   /* it waits for the card, and says so: its row and page stay */
    case 5:
      {
        IngestDrive *drive = ingest_drive_session_get_drive (session_of (run->upload));
        IngestUploadPanel *panel = NULL;
        GtkWidget *row;

        if (state != INGEST_UPLOAD_STATE_DRIVE_REMOVED || ingest_drive_get_state (drive) != INGEST_DRIVE_STATE_REMOVED)
          return G_SOURCE_CONTINUE;
        ingest_test_ui_iterate_for (300);
        /* Listed, dimmed, saying what to do; still the drive shown. */
        g_assert_true (sidebar_lists (window, drive));
        row = find_drive_row (GTK_WIDGET (window), drive);
        g_assert_nonnull (row);
        g_assert_true (gtk_widget_has_css_class (row, "dim-label"));
        g_assert_true (ingest_test_ui_shows (row, "Removed — plug it back in"));
        find_panel (GTK_WIDGET (window), &panel);
        g_assert_true (panel != NULL && ingest_upload_panel_get_view (panel) == run->upload);
        g_assert_true (ingest_test_ui_shows (GTK_WIDGET (panel), "Drive removed — plug it back in to continue"));
        g_assert_false (ingest_test_ui_shows (GTK_WIDGET (panel), "Upload paused"));
        /* No Resume that cannot work; Cancel still can. */
        g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (panel),
                                                                                           INGEST_TYPE_UPLOAD_PANEL,
                                                                                           "resume_button"))));
        g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (panel),
                                                                                          INGEST_TYPE_UPLOAD_PANEL,
                                                                                          "cancel_button"))));
        g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (panel),
                                                                                         INGEST_TYPE_UPLOAD_PANEL,
                                                                                         "cancel_button"))));
        g_assert_false (gtk_widget_activate_action (GTK_WIDGET (panel), "upload.resume", NULL) &&
                        ingest_upload_view_get_state (run->upload) != INGEST_UPLOAD_STATE_DRIVE_REMOVED);
        /* The window says it too, until the card is back. */
        g_assert_true (ingest_test_ui_shows (GTK_WIDGET (window), REMOVED_MESSAGE));
        assert_verified_are_right (run);
        if (run->phase == 2)
          save_screenshot (GTK_WIDGET (window), "ui-upload-drive-removed.png");
        run->phase++;
      }
      break;

    case 3:   /* every file on it closed: plug it back in where it was */
    case 6:   /* ...or somewhere else */
      if (!image_released (run->image))
        return G_SOURCE_CONTINUE;
      lift_read_limits (run->dir);
      run->verified_before = assert_verified_are_right (run);
      g_assert_cmpuint (run->verified_before, <, UNPLUG_N_FILES);
      g_assert_cmpint (ingest_upload_view_get_state (run->upload), ==, INGEST_UPLOAD_STATE_DRIVE_REMOVED);
      g_assert_true (ingest_test_mount_drive (&ingest_test_fs_ext4, run->image,
                                              run->phase == 3 ? UNPLUG_MOUNT_POINT : UNPLUG_ELSEWHERE, FALSE));
      throttle_image (run->image, run->dir);
      g_printerr ("# plugged in at %s with %u verified\n",
                  run->phase == 3 ? UNPLUG_MOUNT_POINT : UNPLUG_ELSEWHERE, run->verified_before);
      run->phase++;
      break;

    case 4:   /* carrying on by itself; once one more is verified, pull it again */
      if (state != INGEST_UPLOAD_STATE_RUNNING || verified <= run->verified_before ||
          !removed_message_gone (run, window))
        return G_SOURCE_CONTINUE;
      run->message_waits = 0;
      assert_back_in (run, window);
      pull_out (UNPLUG_MOUNT_POINT);
      run->phase = 5;
      break;

    case 7:   /* carrying on at the other mount point, to the end */
      if (ingest_upload_view_get_running (run->upload))
        return G_SOURCE_CONTINUE;
      {
        IngestValidationJob *validation = ingest_upload_job_get_validation (job);
        IngestDrive *drive = ingest_drive_session_get_drive (session_of (run->upload));
        g_autoptr(GString) text = g_string_new (NULL);
        guint64 total = ingest_validation_job_get_bytes_total (validation);
        g_autofree char *history = g_build_filename (run->fixture->dir, "staging", UNPLUG_ROLL, "ascmhl", NULL);
        g_autofree char *unchecked = ingest_format_validation_unchecked (count_files (history));

        /* The page redraws its banner from an idle, and counts the
         * histories' files (read where the card is now) in a thread: give
         * it a moment under load. */
        ingest_test_ui_collect_text (GTK_WIDGET (window), text);
        if ((strstr (text->str, ingest_format_validation_title (INGEST_VALIDATION_PHASE_DONE,
                                                                INGEST_VALIDATION_VERDICT_OK, FALSE)) == NULL ||
             strstr (text->str, unchecked) == NULL) &&
            run->banner_waits++ < 30)
          return G_SOURCE_CONTINUE;
        if (!removed_message_gone (run, window))
          return G_SOURCE_CONTINUE;

        g_printerr ("# ended: %s; %s; sent %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes, %"
                    G_GUINT64_FORMAT " already there\n",
                    ingest_upload_view_get_title (run->upload),
                    ingest_upload_view_get_error_text (run->upload) ? ingest_upload_view_get_error_text (run->upload) : "no error",
                    ingest_upload_job_get_bytes_sent (job), total, ingest_upload_job_get_bytes_resumed (job));
        g_assert_cmpint (ingest_upload_view_get_state (run->upload), ==, INGEST_UPLOAD_STATE_DONE);
        g_assert_cmpuint (assert_verified_are_right (run), ==, UNPLUG_N_FILES);
        for (guint i = 0; i < UNPLUG_N_FILES; i++)
          {
            g_autofree char *path = g_strdup_printf ("%s/clip%u.mov", UNPLUG_ROLL, i);

            assert_same_on_nas (run->fixture, path);
          }
        /* What was delivered before a pull was not sent again in full. */
        g_assert_cmpuint (ingest_upload_job_get_bytes_sent (job), <, 2 * total);
        g_assert_cmpstr (ingest_validation_job_get_root (validation), ==, UNPLUG_ELSEWHERE);
        /* The drive page: the upload's validation verdict, like its own. */
        g_assert_cmpint (ingest_validation_job_get_verdict (validation), ==, INGEST_VALIDATION_VERDICT_OK);
        g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_VERIFIED);
        g_assert_nonnull (strstr (text->str, ingest_format_validation_title (INGEST_VALIDATION_PHASE_DONE,
                                                                             INGEST_VALIDATION_VERDICT_OK, FALSE)));
        g_assert_nonnull (strstr (text->str, "Uploaded and verified"));
        /* The header's files add up: those checked, and the history's own. */
        g_assert_nonnull (strstr (text->str, unchecked));
        assert_back_in (run, window);
        /* The page carries on with the new mount. */
        g_assert_true (ingest_test_ui_shows (GTK_WIDGET (window), UNPLUG_ELSEWHERE));
        save_screenshot (GTK_WIDGET (window), "ui-upload-unplugged-done.png");
        /* With no job waiting for it, a card pulled leaves the sidebar. */
        pull_out (UNPLUG_ELSEWHERE);
        run->phase = 8;
      }
      break;

    case 8:
      {
        IngestDrive *drive = ingest_drive_session_get_drive (session_of (run->upload));

        if (ingest_drive_get_state (drive) != INGEST_DRIVE_STATE_REMOVED)
          return G_SOURCE_CONTINUE;
        ingest_test_ui_iterate_for (100);
        g_assert_false (sidebar_lists (window, drive));
        g_assert_false (ingest_test_ui_shows (GTK_WIDGET (window), REMOVED_MESSAGE));
        g_assert_true (ingest_test_ui_shows (GTK_WIDGET (window), "“" UNPLUG_LABEL "” was removed"));
        g_application_quit (G_APPLICATION (run->app));
        return G_SOURCE_REMOVE;
      }

    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_CONTINUE;
}

static void
test_unplug_subprocess (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *catalog = g_build_filename (fixture->dir, "station.db", NULL);
  g_autofree char *catalog_arg = g_strdup_printf ("--catalog=%s", catalog);
  g_autofree char *staging = NULL;
  const char *argv[] = { "ingest-station", catalog_arg, NULL };
  UnplugRun run = { 0 };
  guint poll_id;

  if (!g_test_subprocess ())
    {
      g_test_skip ("only runs as a subprocess of /ingest/station/upload/unplug");
      return;
    }

  /* The source files, to compare with, are the parent's staging folder. */
  staging = g_build_filename (fixture->dir, "staging", NULL);
  g_assert_true (g_file_test (g_getenv ("INGEST_TEST_STAGING"), G_FILE_TEST_IS_DIR));
  g_assert_cmpint (symlink (g_getenv ("INGEST_TEST_STAGING"), staging), ==, 0);
  g_settings_set_strv (settings, "mount-roots", (const char * const []) { "/media", NULL });
  g_settings_set_int (settings, "window-width", 1040);
  g_settings_set_int (settings, "window-height", 1000);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  run.fixture = fixture;
  run.image = g_getenv ("INGEST_TEST_IMAGE");
  run.dir = g_getenv ("INGEST_TEST_DIR");
  run.app = ingest_application_new ();
  g_application_set_flags (G_APPLICATION (run.app),
                           g_application_get_flags (G_APPLICATION (run.app)) | G_APPLICATION_NON_UNIQUE);
  run.deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;
  poll_id = g_timeout_add (100, unplug_poll_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (argv) - 1, (char **) argv), ==, 0);
  if (run.timed_out)
    g_clear_handle_id (&poll_id, g_source_remove);
  g_assert_false (run.timed_out);
  g_assert_cmpuint (run.phase, ==, 8);
  ingest_upload_panel_set_session (fixture->panel, NULL);
  g_clear_object (&run.upload);
  g_clear_object (&run.app);
}

static void
test_unplug (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *roll = NULL;
  gsize sizes[UNPLUG_N_FILES];

  if (!ingest_test_drive_can_run (&ingest_test_fs_ext4, UNPLUG_MOUNT_POINT))
    return;
  if (access (BLKIO_READ_BPS, W_OK) != 0)
    {
      g_test_skip ("needs the blkio cgroup's read throttle (" BLKIO_READ_BPS ") for a slow card reader");
      return;
    }
  ingest_test_cleanup_drives (UNPLUG_TMP_PREFIX, UNPLUG_IMAGE_NAME, UNPLUG_MOUNT_POINT);
  ingest_test_cleanup_drives (UNPLUG_TMP_PREFIX, UNPLUG_IMAGE_NAME, UNPLUG_ELSEWHERE);
  g_assert_false (ingest_test_is_mounted (UNPLUG_MOUNT_POINT));
  g_assert_false (ingest_test_is_mounted (UNPLUG_ELSEWHERE));

  dir = ingest_test_make_drive_dir (UNPLUG_TMP_PREFIX);
  image = g_build_filename (dir, UNPLUG_IMAGE_NAME, NULL);
  staging = g_build_filename (dir, "staging", NULL);
  roll = g_build_filename (staging, UNPLUG_ROLL, NULL);
  for (guint i = 0; i < UNPLUG_N_FILES; i++)
    sizes[i] = UNPLUG_FILE_SIZE + i;
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 77);
  ingest_test_make_drive_image (&ingest_test_fs_ext4, image, "128M", UNPLUG_LABEL, staging, UNPLUG_MOUNT_POINT);
  g_assert_true (ingest_test_mount_drive (&ingest_test_fs_ext4, image, UNPLUG_MOUNT_POINT, FALSE));
  throttle_image (image, dir);

  g_setenv ("INGEST_TEST_IMAGE", image, TRUE);
  g_setenv ("INGEST_TEST_DIR", dir, TRUE);
  g_setenv ("INGEST_TEST_STAGING", staging, TRUE);
  g_test_trap_subprocess ("/ingest/station/upload/unplug/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  lift_read_limits (dir);
  ingest_test_cleanup_drives (UNPLUG_TMP_PREFIX, UNPLUG_IMAGE_NAME, UNPLUG_MOUNT_POINT);
  ingest_test_cleanup_drives (UNPLUG_TMP_PREFIX, UNPLUG_IMAGE_NAME, UNPLUG_ELSEWHERE);
  lift_read_limits (dir);
  ingest_test_rm_rf (dir);

  g_test_trap_assert_passed ();
}


int
main (int   argc,
      char *argv[])
{
  /* Xvfb has no GPU: draw with cairo, as test-ui-station does. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  ingest_init ();

  g_test_add ("/ingest/station/upload/in-window", Fixture, NULL, fixture_set_up, test_in_window, fixture_tear_down);
  g_test_add_func ("/ingest/station/upload/unplug", test_unplug);
  g_test_add ("/ingest/station/upload/unplug/subprocess", Fixture, NULL, fixture_set_up, test_unplug_subprocess, fixture_tear_down);

  return g_test_run ();
}
