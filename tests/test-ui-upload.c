/* test-ui-upload.c
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

/* The upload panel, on its own Xvfb display and session bus (ui-runner.sh),
 * driven through its actions like a user: a folder with a good roll goes to a
 * NAS folder (no S3 server needed) — paused when the first bytes are sent,
 * resumed, then "Uploaded and verified" with the job's own counts, and the
 * copies byte-identical to the sources; a roll with one flipped byte shows
 * that file held, "not delivered", in plain words, and it is not on the NAS.
 * Screenshots go to the build dir (tests/screenshots/ui-upload-*.png).
 *
 * A NAS folder that is a file fails each file in plain words; S3 without a
 * secret key in a keyring starts nothing and says why; Preferences writes
 * the settings the panel starts from.
 *
 * The S3 secret's keyring store and lookup are not proven here when
 * dbus-run-session has no Secret Service (no gnome-keyring on this machine):
 * then what is checked is that no setting ever holds the secret, and that
 * the user is told it could not be stored. With a keyring, the stored secret
 * is read back. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ingest-application.h"
#include "ingest-drive-upload.h"
#include "ingest-format.h"
#include "ingest-preferences-window.h"
#include "ingest-s3-secret.h"
#include "ingest-test-util.h"
#include "ingest-upload-item.h"
#include "ingest-upload-panel.h"

#define MiB (1024 * 1024)
#define GIVE_UP_AFTER_S 120

typedef struct {
  char              *dir;
  char              *nas;
  IngestCatalog     *catalog;
  GtkWidget         *window;
  IngestUploadPanel *panel;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *catalog = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *scroller;

  fixture->dir = ingest_test_make_tmpdir ("ingest-ui-upload");
  fixture->nas = g_build_filename (fixture->dir, "nas", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->nas, 0755), ==, 0);
  catalog = g_build_filename (fixture->dir, "catalog.db", NULL);
  fixture->catalog = ingest_catalog_open (catalog, &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "nas-folder", fixture->nas);
  g_settings_set_uint (settings, "upload-destination", 0);

  fixture->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 760);
  fixture->panel = INGEST_UPLOAD_PANEL (ingest_upload_panel_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (fixture->panel), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (fixture->panel), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (fixture->panel), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (fixture->panel), 24);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fixture->panel));
  adw_window_set_content (ADW_WINDOW (fixture->window), scroller);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->catalog);
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->nas);
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
}

static void
wait_for_state (IngestDriveUpload *upload,
                IngestUploadState  state)
{
  gint64 deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;

  while (ingest_drive_upload_get_state (upload) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static GskRenderNode *capture;

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;

  if (capture != NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  capture = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* The window as it is painted next, into a PNG that must read back. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gulong handler;

  iterate_for (200);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), widget);
  while (capture == NULL && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
  g_assert_nonnull (capture);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), capture,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  g_clear_pointer (&capture, gsk_render_node_unref);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  reloaded = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (reloaded), ==, gtk_widget_get_width (widget));
  g_test_message ("screenshot: %s", path);
}

/* Every label text under @widget, one per line: what the user can read. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static gboolean
panel_shows (Fixture    *fixture,
             const char *words)
{
  g_autoptr(GString) text = g_string_new (NULL);

  collect_text (GTK_WIDGET (fixture->panel), text);
  return strstr (text->str, words) != NULL;
}

static void
pause_on_first_bytes_cb (IngestUploadJob   *job,
                         GParamSpec        *pspec,
                         IngestUploadPanel *panel)
{
  if (ingest_upload_job_get_bytes_sent (job) == 0)
    return;
  g_signal_handlers_disconnect_by_func (job, pause_on_first_bytes_cb, panel);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "upload.pause", NULL));
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  g_assert_cmpmem (ca, la, cb, lb);
}

static void
test_upload_to_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  const gsize sizes[] = { 96 * MiB, 300 * 1024, 5 * MiB + 7 };
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autoptr(IngestDriveUpload) upload = ingest_drive_upload_new (drive, fixture->catalog);
  g_autofree char *counts = NULL;
  g_autofree char *progress = NULL;
  IngestUploadJob *job;
  GListModel *files;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 21);
  ingest_upload_panel_set_upload (fixture->panel, upload);
  g_assert_true (panel_shows (fixture, "Not uploaded yet"));
  g_assert_true (panel_shows (fixture, fixture->nas));    /* where it will go */
  save_screenshot (fixture->window, "ui-upload-idle.png");

  /* Start, through the action the button is bound to. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_cmpint (ingest_drive_upload_get_state (upload), ==, INGEST_UPLOAD_STATE_RUNNING);
  job = ingest_drive_upload_get_job (upload);
  g_assert_nonnull (job);
  g_assert_true (panel_shows (fixture, "Uploading…"));
  g_signal_connect (job, "notify::bytes-sent", G_CALLBACK (pause_on_first_bytes_cb), fixture->panel);

  /* Paused mid-way: the panel says so and shows the job's own progress. */
  wait_for_state (upload, INGEST_UPLOAD_STATE_PAUSED);
  iterate_for (300);
  g_assert_true (panel_shows (fixture, "Upload paused"));
  g_assert_cmpuint (ingest_upload_job_get_bytes_sent (job), >, 0);
  g_assert_cmpfloat (ingest_upload_job_get_fraction (job), <, 1.0);
  progress = ingest_format_upload_progress (ingest_upload_job_get_bytes_sent (job) + ingest_upload_job_get_bytes_resumed (job),
                                            ingest_validation_job_get_bytes_total (ingest_upload_job_get_validation (job)),
                                            0, -1);
  g_test_message ("paused at: %s", progress);
  g_assert_true (panel_shows (fixture, progress));
  save_screenshot (fixture->window, "ui-upload-paused.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.resume", NULL));
  g_assert_cmpint (ingest_drive_upload_get_state (upload), ==, INGEST_UPLOAD_STATE_RUNNING);
  wait_for_state (upload, INGEST_UPLOAD_STATE_DONE);
  iterate_for (200);

  /* "Uploaded and verified", with the job's counts: every file. */
  g_assert_cmpuint (ingest_upload_job_get_files_total (job), ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 0);
  counts = ingest_format_upload_counts (ingest_upload_job_get_files_verified (job),
                                        ingest_upload_job_get_files_failed (job),
                                        ingest_upload_job_get_files_total (job));
  g_assert_cmpstr (counts, ==, "3 of 3 files uploaded and verified");
  g_assert_true (panel_shows (fixture, "Uploaded and verified"));
  g_assert_true (panel_shows (fixture, counts));
  files = ingest_drive_upload_get_files (upload);
  g_assert_cmpuint (g_list_model_get_n_items (files), ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (g_list_model_get_n_items (ingest_drive_upload_get_rolls (upload)), ==, 1);

  /* Each file's row: where it went and the bytes sent, which are its size. */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *size = g_format_size (sizes[i]);
      g_autofree char *line = g_strdup_printf ("Verified at %s · %s sent", fixture->nas, size);

      if (sizes[i] > 0)
        g_assert_true (panel_shows (fixture, line));
    }

  /* Independently of the job: the copies on the NAS are the sources' bytes. */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("clip%u.mov", i);
      g_autofree char *source = g_build_filename (roll, name, NULL);
      g_autofree char *copy = g_build_filename (fixture->nas, "A001", name, NULL);

      assert_same_file (source, copy);
    }
  save_screenshot (fixture->window, "ui-upload-verified.png");
}

static void
test_mismatch_held (Fixture       *fixture,
                    gconstpointer  data)
{
  const gsize sizes[] = { 2 * MiB, 64 * 1024 };
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "B002", NULL);
  g_autofree char *bad = g_build_filename (roll, "clip0.mov", NULL);
  g_autofree char *bad_copy = g_build_filename (fixture->nas, "B002", "clip0.mov", NULL);
  g_autofree char *good = g_build_filename (roll, "clip1.mov", NULL);
  g_autofree char *good_copy = g_build_filename (fixture->nas, "B002", "clip1.mov", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(IngestDriveUpload) upload = ingest_drive_upload_new (drive, fixture->catalog);
  g_autoptr(IngestUploadItem) held = NULL;
  GListModel *files;
  IngestUploadJob *job;
  FILE *f;
  int c;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 33);
  /* One flipped byte, same size: only the hash can tell. */
  f = fopen (bad, "r+b");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, MiB + 99, SEEK_SET), ==, 0);
  c = fgetc (f);
  g_assert_cmpint (fseek (f, MiB + 99, SEEK_SET), ==, 0);
  fputc (c ^ 0x01, f);
  fclose (f);

  ingest_upload_panel_set_upload (fixture->panel, upload);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  job = ingest_drive_upload_get_job (upload);
  wait_for_state (upload, INGEST_UPLOAD_STATE_PROBLEMS);
  iterate_for (200);

  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, 1);
  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 1);
  files = ingest_drive_upload_get_files (upload);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);

      if (g_strcmp0 (ingest_upload_item_get_path (item), "B002/clip0.mov") == 0)
        held = g_object_ref (item);
    }
  g_assert_nonnull (held);
  g_assert_cmpstr (ingest_upload_item_get_state (held), ==, "held");

  /* What the user reads: the file, held, not delivered, and why. */
  expected = g_strdup_printf ("Not delivered to %s: its bytes do not match the manifest",
                              ingest_upload_item_get_destination (held));
  g_assert_true (panel_shows (fixture, "Uploaded with problems — not every file was delivered"));
  g_assert_true (panel_shows (fixture, "1 of 2 files uploaded and verified · 1 not delivered"));
  g_assert_true (panel_shows (fixture, "B002/clip0.mov"));
  g_assert_true (panel_shows (fixture, "Held — not delivered"));
  g_assert_true (panel_shows (fixture, expected));
  g_assert_cmpstr (ingest_drive_upload_get_title (upload), !=, "Uploaded and verified");

  /* Not on the NAS; the good file is, byte for byte. */
  g_assert_false (g_file_test (bad_copy, G_FILE_TEST_EXISTS));
  assert_same_file (good, good_copy);
  save_screenshot (fixture->window, "ui-upload-held.png");
}

/* Paused as soon as it starts, then cancelled: the panel says cancelled,
 * nothing is called verified, and no file sits under its final name on the
 * NAS. (Pausing on the first progress tick raced the whole file here: the
 * page cache read a 128 MiB file within one 250 ms tick.) */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  const gsize sizes[] = { 8 * MiB };
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "D004", NULL);
  g_autofree char *copy = g_build_filename (fixture->nas, "D004", "clip0.mov", NULL);
  g_autoptr(IngestDriveUpload) upload = ingest_drive_upload_new (drive, fixture->catalog);

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 4);
  ingest_upload_panel_set_upload (fixture->panel, upload);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.pause", NULL));
  wait_for_state (upload, INGEST_UPLOAD_STATE_PAUSED);
  iterate_for (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.cancel", NULL));
  wait_for_state (upload, INGEST_UPLOAD_STATE_CANCELLED);
  iterate_for (200);
  g_assert_true (panel_shows (fixture, "Upload cancelled"));
  g_assert_false (panel_shows (fixture, "Uploaded and verified"));
  g_assert_cmpuint (ingest_upload_job_get_files_verified (ingest_drive_upload_get_job (upload)), ==, 0);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  save_screenshot (fixture->window, "ui-upload-cancelled.png");
}

/* Without a NAS folder, Start says so in plain words and starts nothing. */
static void
test_not_set_up (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IngestDriveUpload) upload = ingest_drive_upload_new (fixture->dir, fixture->catalog);

  g_settings_set_string (settings, "nas-folder", "");
  ingest_upload_panel_set_upload (fixture->panel, upload);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_cmpint (ingest_drive_upload_get_state (upload), ==, INGEST_UPLOAD_STATE_IDLE);
  g_assert_null (ingest_drive_upload_get_job (upload));
  g_assert_true (panel_shows (fixture, "No NAS folder is set up: choose one in Preferences"));
}

/* A destination that cannot take anything: the failure in plain words, and
 * nothing called verified. */
static void
test_destination_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  const gsize sizes[] = { 64 * 1024 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "C003", NULL);
  g_autofree char *not_a_folder = g_build_filename (fixture->dir, "not-a-folder", NULL);
  g_autoptr(IngestDriveUpload) upload = ingest_drive_upload_new (drive, fixture->catalog);
  gint64 deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;
  g_autoptr(GString) text = g_string_new (NULL);

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 3);
  ingest_test_write_file (not_a_folder, "x", 1);
  g_settings_set_string (settings, "nas-folder", not_a_folder);
  ingest_upload_panel_set_upload (fixture->panel, upload);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  while (ingest_drive_upload_get_running (upload))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  iterate_for (200);
  collect_text (GTK_WIDGET (fixture->panel), text);
  g_test_message ("panel reads:\n%s", text->str);
  g_assert_cmpint (ingest_drive_upload_get_state (upload), ==, INGEST_UPLOAD_STATE_PROBLEMS);
  g_assert_null (strstr (text->str, "Uploaded and verified\n"));
  g_assert_nonnull (strstr (text->str, "0 of 1 file uploaded and verified · 1 not delivered"));
  g_assert_nonnull (strstr (text->str, "Failed — not delivered"));
  g_assert_nonnull (strstr (text->str, "could not create the folder"));
  save_screenshot (fixture->window, "ui-upload-failed.png");
}

/* S3 chosen with no secret key in a keyring: nothing starts, and the user
 * reads why (no keyring at all here, or no key in it). */
static void
test_s3_without_secret (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IngestDriveUpload) upload = ingest_drive_upload_new (fixture->dir, fixture->catalog);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_settings_set_string (settings, "s3-endpoint", "http://127.0.0.1:9");
  g_settings_set_string (settings, "s3-bucket", "dailies");
  g_settings_set_string (settings, "s3-access-key-id", "AKIDNOSECRET");
  g_settings_set_uint (settings, "upload-destination", 1);
  ingest_upload_panel_set_upload (fixture->panel, upload);
  g_assert_true (panel_shows (fixture, "s3://dailies"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  while (!panel_shows (fixture, "The desktop keyring could not be read") &&
         !panel_shows (fixture, "The S3 bucket is not set up: give its endpoint, bucket, access key and secret key in Preferences"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    }
  g_assert_null (ingest_drive_upload_get_job (upload));
  g_assert_cmpint (ingest_drive_upload_get_state (upload), ==, INGEST_UPLOAD_STATE_IDLE);
  g_settings_set_uint (settings, "upload-destination", 0);
}

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
  IngestDriveUpload *upload;

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
  upload = ingest_upload_panel_get_upload (run->panel);
  g_assert_nonnull (upload);

  if (run->phase == 0)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run->panel), "upload.start", NULL));
      g_assert_true (ingest_drive_upload_get_running (upload));
      run->phase = 1;
    }
  else if (run->phase == 1 && ingest_drive_upload_get_state (upload) == INGEST_UPLOAD_STATE_DONE)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      collect_text (GTK_WIDGET (window), text);
      g_assert_nonnull (strstr (text->str, "Uploaded and verified"));
      g_assert_nonnull (strstr (text->str, "2 of 2 files uploaded and verified"));
      /* Both files have a row on screen (a list view that stays one row
       * tall would not make the second). */
      g_assert_nonnull (strstr (text->str, "A001/clip0.mov"));
      g_assert_nonnull (strstr (text->str, "A001/clip1.mov"));
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

/* The schema has no place for a secret key: the keyring is the only one. */
static void
test_no_secret_in_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  g_assert_true (g_strv_contains ((const char * const *) keys, "s3-access-key-id"));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_null (strstr (keys[i], "secret"));
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **found = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = ingest_s3_secret_lookup_finish (result, &error);

  g_assert_no_error (error);
  *found = g_strdup (secret != NULL ? secret : "");
  ingest_s3_secret_free (secret);
}

static gboolean
window_shows (GtkWidget  *window,
              const char *words)
{
  g_autoptr(GString) text = g_string_new (NULL);

  collect_text (window, text);
  return strstr (text->str, words) != NULL;
}

/* Typing in Preferences changes the settings the panel starts from; the
 * secret key, applied, goes to the keyring or nowhere: never into a setting.
 * Without a Secret Service (as under dbus-run-session here) the user is told
 * in plain words that it could not be stored. */
static void
test_preferences (void)
{
  const char *secret = "wJalrXUtnFEMI-K7MDENG-test-secret";
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GtkWidget *window = ingest_preferences_window_new (NULL);
  GtkWidget *row;
  GtkAdjustment *parts;
  gboolean stored;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 900);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (200);

  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "endpoint_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "http://127.0.0.1:7480");
  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "access_key_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "AKIDTEST");
  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "bucket_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "dailies");
  parts = GTK_ADJUSTMENT (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "parts_adjustment"));
  gtk_adjustment_set_value (parts, 8);
  g_assert_cmpstr (g_settings_get_string (settings, "s3-endpoint"), ==, "http://127.0.0.1:7480");
  g_assert_cmpstr (g_settings_get_string (settings, "s3-access-key-id"), ==, "AKIDTEST");
  g_assert_cmpstr (g_settings_get_string (settings, "s3-bucket"), ==, "dailies");
  g_assert_cmpuint (g_settings_get_uint (settings, "s3-parts-in-flight"), ==, 8);

  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "secret_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), secret);
  g_signal_emit_by_name (row, "apply");
  while (!window_shows (window, "Secret key stored in the desktop keyring") &&
         !window_shows (window, "The secret key could not be stored in the desktop keyring"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    }
  stored = window_shows (window, "Secret key stored in the desktop keyring");
  save_screenshot (window, "ui-upload-preferences.png");

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, "test-secret"));
    }

  if (stored)
    {
      g_autofree char *found = NULL;

      /* A keyring answered: the secret is there, under endpoint and key id. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
      ingest_s3_secret_lookup_async ("http://127.0.0.1:7480", "AKIDTEST", NULL, lookup_cb, &found);
      while (found == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (found, ==, secret);
    }
  else
    g_test_message ("no Secret Service on this bus: the keyring store itself is not tested");
  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add ("/ingest/station/upload/folder", Fixture, NULL, fixture_set_up, test_upload_to_folder, fixture_tear_down);
  g_test_add ("/ingest/station/upload/mismatch-held", Fixture, NULL, fixture_set_up, test_mismatch_held, fixture_tear_down);
  g_test_add ("/ingest/station/upload/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/ingest/station/upload/not-set-up", Fixture, NULL, fixture_set_up, test_not_set_up, fixture_tear_down);
  g_test_add ("/ingest/station/upload/destination-fails", Fixture, NULL, fixture_set_up, test_destination_fails, fixture_tear_down);
  g_test_add ("/ingest/station/upload/s3-without-secret", Fixture, NULL, fixture_set_up, test_s3_without_secret, fixture_tear_down);
  g_test_add ("/ingest/station/upload/in-window", Fixture, NULL, fixture_set_up, test_in_window, fixture_tear_down);
  g_test_add_func ("/ingest/station/upload/no-secret-in-settings", test_no_secret_in_settings);
  g_test_add_func ("/ingest/station/upload/preferences", test_preferences);

  return g_test_run ();
}
