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
 * While paused, the files in flight it lists are the job's, with their
 * bytes; the roll's row ends verified with all its bytes. Two destinations
 * count each file once (verified only when verified at both; its row says
 * what happened at each). 100,000 files reported cost the lists linear time.
 * As root, a real ext4 card is pulled mid-upload and plugged back, at the
 * same and at another mount point (see "A drive unplugged" below).
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
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest-application.h"
#include "ingest-drive-page.h"
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

#define MiB (1024 * 1024)
#define GIVE_UP_AFTER_S 120

typedef struct {
  char               *dir;
  char               *nas;
  IngestCatalog      *catalog;
  IngestDriveMonitor *monitor;      /* folders only: its mount root is empty */
  GtkWidget          *window;
  IngestUploadPanel  *panel;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *catalog = NULL;
  g_autofree char *no_mounts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *scroller;

  fixture->dir = ingest_test_make_tmpdir ("ingest-ui-upload");
  fixture->nas = g_build_filename (fixture->dir, "nas", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->nas, 0755), ==, 0);
  no_mounts = g_build_filename (fixture->dir, "no-mounts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (no_mounts, 0755), ==, 0);
  fixture->monitor = ingest_drive_monitor_new ((const char * const []) { no_mounts, NULL });
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
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->catalog);
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->nas);
}

/* A folder opened as a drive (as the station's command line does), scanned,
 * with its session, as the application makes it, and what the upload panel
 * shows of it. */
static IngestUploadView *
upload_for_folder (Fixture    *fixture,
                   const char *path)
{
  g_autoptr(IngestDriveSession) session = NULL;
  g_autoptr(GError) error = NULL;
  IngestDrive *drive;

  drive = ingest_drive_monitor_add_folder (fixture->monitor, path, NULL, &error);
  g_assert_no_error (error);
  ingest_test_wait_drive_ready (drive);
  session = ingest_drive_session_new (drive, fixture->catalog);
  return ingest_upload_view_new (session);
}

static IngestDriveSession *
session_of (IngestUploadView *upload)
{
  return ingest_upload_view_get_session (upload);
}

static IngestUploadJob *
upload_job (IngestUploadView *upload)
{
  return ingest_drive_session_get_upload (session_of (upload));
}

/* Starts the session's upload as the panel does: the key layout checked first. */
static gboolean
start_upload (IngestUploadView    *upload,
              GPtrArray           *destinations,
              const char          *key_template,
              const char * const  *key_variables,
              GError             **error)
{
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new (key_template, key_variables, error);

  return layout != NULL && ingest_drive_session_upload (session_of (upload), destinations, layout, error);
}



static void
wait_for_state (IngestUploadView *upload,
                IngestUploadState  state)
{
  gint64 deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;

  while (ingest_upload_view_get_state (upload) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Once the window has settled (idle redraws, batches of rows). */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  ingest_test_ui_iterate_for (200);
  ingest_test_ui_save_screenshot (widget, name);
}

static gboolean
panel_shows (Fixture    *fixture,
             const char *words)
{
  return ingest_test_ui_shows (GTK_WIDGET (fixture->panel), words);
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

/* The files in flight the panel lists are the ones the job says it is
 * reading and sending, with the same bytes, and the user reads them. */
static void
assert_shows_in_flight (Fixture           *fixture,
                        IngestUploadView *upload)
{
  g_autoptr(GPtrArray) flying = ingest_upload_job_dup_active_files (upload_job (upload));
  GListModel *active = ingest_upload_view_get_active (upload);

  g_test_message ("%u file(s) in flight", flying->len);
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, flying->len);
  g_assert_true (panel_shows (fixture, "Reading and Sending Now") == (flying->len > 0));
  for (guint i = 0; i < flying->len; i++)
    {
      const IngestUploadActiveFile *file = g_ptr_array_index (flying, i);
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (active, i);
      g_autofree char *bytes = ingest_format_upload_progress (file->bytes_done, file->size, 0, -1);

      g_assert_cmpstr (ingest_upload_item_get_path (item), ==, file->path);
      g_assert_cmpuint (ingest_upload_item_get_bytes_done (item), ==, file->bytes_done);
      g_assert_cmpuint (ingest_upload_item_get_bytes_total (item), ==, file->size);
      g_assert_true (panel_shows (fixture, file->path));
      g_assert_true (panel_shows (fixture, bytes));
    }
}

static void
test_upload_to_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  const gsize sizes[] = { 96 * MiB, 300 * 1024, 5 * MiB + 7 };
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autoptr(IngestUploadView) upload = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *progress = NULL;
  IngestUploadJob *job;
  GListModel *files;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 21);
  upload = upload_for_folder (fixture, drive);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (panel_shows (fixture, "Not uploaded yet"));
  g_assert_true (panel_shows (fixture, fixture->nas));    /* where it will go */
  save_screenshot (fixture->window, "ui-upload-idle.png");

  /* Start, through the action the button is bound to. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_cmpint (ingest_upload_view_get_state (upload), ==, INGEST_UPLOAD_STATE_RUNNING);
  job = upload_job (upload);
  g_assert_nonnull (job);
  g_assert_true (panel_shows (fixture, "Uploading…"));
  g_signal_connect (job, "notify::bytes-sent", G_CALLBACK (pause_on_first_bytes_cb), fixture->panel);

  /* Paused mid-way: the panel says so and shows the job's own progress. */
  wait_for_state (upload, INGEST_UPLOAD_STATE_PAUSED);
  ingest_test_ui_iterate_for (300);
  g_assert_true (panel_shows (fixture, "Upload paused"));
  g_assert_cmpuint (ingest_upload_job_get_bytes_sent (job), >, 0);
  g_assert_cmpfloat (ingest_upload_job_get_fraction (job), <, 1.0);
  progress = ingest_format_upload_progress (ingest_upload_job_get_bytes_sent (job) + ingest_upload_job_get_bytes_resumed (job),
                                            ingest_validation_job_get_bytes_total (ingest_upload_job_get_validation (job)),
                                            0, -1);
  g_test_message ("paused at: %s", progress);
  g_assert_true (panel_shows (fixture, progress));
  assert_shows_in_flight (fixture, upload);
  save_screenshot (fixture->window, "ui-upload-paused.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.resume", NULL));
  g_assert_cmpint (ingest_upload_view_get_state (upload), ==, INGEST_UPLOAD_STATE_RUNNING);
  wait_for_state (upload, INGEST_UPLOAD_STATE_DONE);
  ingest_test_ui_iterate_for (200);

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
  files = ingest_upload_view_get_files (upload);
  g_assert_cmpuint (g_list_model_get_n_items (files), ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (g_list_model_get_n_items (ingest_upload_view_get_active (upload)), ==, 0);
  g_assert_false (panel_shows (fixture, "Reading and Sending Now"));

  /* The roll: every byte the drive's scan found, its files, verified, and
   * under it what the job says of its history: the generation that the
   * NAS's own chain file lists last (read as text), at the NAS. */
  {
    GListModel *rolls = ingest_upload_view_get_rolls (upload);
    g_autoptr(IngestUploadItem) item = NULL;
    g_autofree char *detail = NULL;
    g_autofree char *history_line = NULL;
    g_autofree char *chain = NULL;
    g_autofree char *chain_path = g_build_filename (fixture->nas, "A001", "ascmhl", "ascmhl_chain.xml", NULL);
    g_autoptr(GRegex) sequence = g_regex_new ("<hashlist[^>]*sequencenr=\"([0-9]+)\"", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    guint64 generation = 0;
    g_autofree char *location = g_strconcat (fixture->nas, "/A001/ascmhl/", NULL);
    const char *lines[2] = { NULL, NULL };

    g_assert_cmpuint (g_list_model_get_n_items (rolls), ==, 1);
    item = g_list_model_get_item (rolls, 0);
    g_assert_cmpstr (ingest_upload_item_get_state (item), ==, "verified");
    g_assert_cmpuint (ingest_upload_item_get_bytes_total (item), >=, sizes[0] + sizes[1] + sizes[2]);
    g_assert_cmpuint (ingest_upload_item_get_bytes_done (item), ==, ingest_upload_item_get_bytes_total (item));
    g_assert_true (g_file_get_contents (chain_path, &chain, NULL, NULL));
    for (g_regex_match (sequence, chain, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
      {
        g_autofree char *number = g_match_info_fetch (match, 1);

        generation = MAX (generation, g_ascii_strtoull (number, NULL, 10));
      }
    g_assert_cmpuint (generation, >=, 2);
    history_line = g_strdup_printf ("ASC MHL history: generation %" G_GUINT64_FORMAT " (transfer) at %s",
                                    generation, location);
    lines[0] = history_line;
    detail = ingest_format_upload_roll_detail (ingest_upload_item_get_bytes_done (item),
                                               ingest_upload_item_get_bytes_total (item), 3, 0, 3, -1, lines);
    g_assert_nonnull (strstr (detail, " · 3 of 3 files verified\nASC MHL history: generation "));
    g_assert_cmpstr (ingest_upload_item_get_detail (item), ==, detail);
    g_assert_true (panel_shows (fixture, detail));
  }
  /* ...which is true: the roll's history is on the NAS, its last generation
   * the transfer, and it verifies the copy. */
  {
    g_autofree char *copied_roll = g_build_filename (fixture->nas, "A001", NULL);
    g_autoptr(IngestMhlHistory) history = NULL;
    g_autoptr(IngestMhlVerifier) verifier = NULL;
    g_autoptr(GError) error = NULL;

    history = ingest_mhl_history_load (copied_roll, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (ingest_mhl_manifest_get_process (ingest_mhl_history_get_latest_manifest (history)), ==,
                     INGEST_MHL_PROCESS_TRANSFER);
    verifier = ingest_mhl_verifier_new (copied_roll, INGEST_MHL_OPERATION_VERIFY);
    g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
    g_assert_no_error (error);
  }
  /* When it finished, how long it took and how fast. */
  g_assert_true (g_str_has_prefix (ingest_upload_view_get_progress_text (upload), "Finished "));
  g_assert_true (panel_shows (fixture, ingest_upload_view_get_progress_text (upload)));

  /* Each file's row: where it went and the bytes sent, which are its size. */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *size = g_format_size (sizes[i]);
      g_autofree char *line = g_strdup_printf ("Verified at %s/A001/clip%u.mov · %s sent", fixture->nas, i, size);

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

/* Production and shoot day set in the settings (as Preferences sets them)
 * are the first folders of every key: the row says so before Start, and the
 * files land at NAS/Feature X/D012/ROLL/PATH with the sources' bytes. A
 * template without {path} or {file} is refused in plain words, and nothing
 * starts. */
static void
test_production_shoot_day (Fixture       *fixture,
                           gconstpointer  data)
{
  const gsize sizes[] = { 3 * MiB + 11, 70 * 1024 };
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *keyed_roll = g_build_filename (fixture->nas, "Feature X", "D012", "A001", NULL);
  g_autofree char *unkeyed_roll = g_build_filename (fixture->nas, "A001", NULL);
  g_autofree char *where = g_strdup_printf ("NAS folder %s, prefix Feature X/D012/", fixture->nas);
  g_autoptr(IngestSettings) typed = ingest_settings_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IngestUploadView) upload = NULL;
  IngestUploadJob *job;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 33);
  upload = upload_for_folder (fixture, drive);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_object_set (typed, "production", "Feature X", "shoot-day", "D012", NULL);
  g_assert_cmpstr (g_settings_get_string (settings, "production"), ==, "Feature X");
  ingest_test_ui_iterate_for (100);
  g_assert_true (panel_shows (fixture, where));

  /* Every file of a roll at one key: refused before anything is read. */
  g_object_set (typed, "key-template", "{production}/{shoot-day}/{roll}", NULL);
  ingest_test_ui_iterate_for (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  ingest_test_ui_iterate_for (100);
  g_assert_true (panel_shows (fixture, "The object key template must hold {path} or {file}: "
                                       "without them every file of a roll would go to the same place"));
  g_assert_cmpint (ingest_upload_view_get_state (upload), ==, INGEST_UPLOAD_STATE_IDLE);
  g_assert_null (upload_job (upload));

  g_settings_reset (settings, "key-template");
  ingest_test_ui_iterate_for (100);
  g_assert_cmpstr (ingest_settings_get_key_template (typed), ==, INGEST_KEY_TEMPLATE_DEFAULT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  job = upload_job (upload);
  g_assert_nonnull (job);
  wait_for_state (upload, INGEST_UPLOAD_STATE_DONE);
  ingest_test_ui_iterate_for (200);
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, G_N_ELEMENTS (sizes));
  save_screenshot (fixture->window, "ui-upload-production-shoot-day.png");

  /* Independently of the job: under production and shoot day, byte for
   * byte, and nothing where it went without them. */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("clip%u.mov", i);
      g_autofree char *source = g_build_filename (roll, name, NULL);
      g_autofree char *copy = g_build_filename (keyed_roll, name, NULL);
      g_autofree char *line = g_strdup_printf ("Verified at %s/clip%u.mov", keyed_roll, i);

      assert_same_file (source, copy);
      g_assert_true (panel_shows (fixture, line));
    }
  g_assert_false (g_file_test (unkeyed_roll, G_FILE_TEST_EXISTS));

  g_settings_reset (settings, "production");
  g_settings_reset (settings, "shoot-day");
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
  g_autoptr(IngestUploadView) upload = NULL;
  g_autoptr(IngestUploadItem) held = NULL;
  GListModel *files;
  IngestUploadJob *job;
  FILE *f;
  int c;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 33);
  upload = upload_for_folder (fixture, drive);
  /* One flipped byte, same size: only the hash can tell. */
  f = fopen (bad, "r+b");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, MiB + 99, SEEK_SET), ==, 0);
  c = fgetc (f);
  g_assert_cmpint (fseek (f, MiB + 99, SEEK_SET), ==, 0);
  fputc (c ^ 0x01, f);
  fclose (f);

  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  job = upload_job (upload);
  wait_for_state (upload, INGEST_UPLOAD_STATE_PROBLEMS);
  ingest_test_ui_iterate_for (200);

  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, 1);
  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 1);
  files = ingest_upload_view_get_files (upload);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);

      if (g_strcmp0 (ingest_upload_item_get_path (item), "B002/clip0.mov") == 0)
        held = g_object_ref (item);
    }
  g_assert_nonnull (held);
  g_assert_cmpstr (ingest_upload_item_get_state (held), ==, "held");

  /* What the user reads: the file, held, not delivered, and why. */
  expected = g_strdup_printf ("Not delivered to %s: its bytes do not match the manifest", fixture->nas);
  g_assert_true (panel_shows (fixture, "Uploaded with problems — not every file was delivered"));
  g_assert_true (panel_shows (fixture, "1 of 2 files uploaded and verified · 1 not delivered"));
  g_assert_true (panel_shows (fixture, "B002/clip0.mov"));
  g_assert_true (panel_shows (fixture, "Held — not delivered"));
  g_assert_true (panel_shows (fixture, expected));
  g_assert_cmpstr (ingest_upload_view_get_title (upload), !=, "Uploaded and verified");

  /* Not on the NAS; the good file is, byte for byte. */
  g_assert_false (g_file_test (bad_copy, G_FILE_TEST_EXISTS));
  assert_same_file (good, good_copy);
  save_screenshot (fixture->window, "ui-upload-held.png");
}

/* Two destinations fed from one read: each file is counted once, verified
 * only when verified at both, and its row says what happened at each. Then
 * with the second unable to take anything: no file is "verified", each
 * still counted once, the first destination's copy named as such. */
static void
test_two_destinations (Fixture       *fixture,
                       gconstpointer  data)
{
  const gsize sizes[] = { 3 * MiB, 200 * 1024, MiB + 1 };
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "E005", NULL);
  g_autofree char *second = g_build_filename (fixture->dir, "nas2", NULL);
  g_autofree char *total = NULL;
  g_autoptr(IngestUploadView) upload = NULL;
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *files;
  IngestUploadJob *job;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 8);
  upload = upload_for_folder (fixture, drive);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_cmpint (g_mkdir_with_parents (second, 0755), ==, 0);
  g_ptr_array_add (destinations, ingest_folder_destination_new (fixture->nas, fixture->catalog));
  g_ptr_array_add (destinations, ingest_folder_destination_new (second, fixture->catalog));
  g_assert_true (start_upload (upload, destinations, NULL, NULL, &error));
  g_assert_no_error (error);
  job = upload_job (upload);
  wait_for_state (upload, INGEST_UPLOAD_STATE_DONE);
  ingest_test_ui_iterate_for (200);

  files = ingest_upload_view_get_files (upload);
  g_assert_cmpuint (g_list_model_get_n_items (files), ==, G_N_ELEMENTS (sizes));
  g_assert_true (panel_shows (fixture, "3 of 3 files uploaded and verified"));
  /* Bytes of the source: both copies complete is all of it, not twice. */
  total = g_format_size (ingest_validation_job_get_bytes_total (ingest_upload_job_get_validation (job)));
  {
    g_autofree char *line = g_strdup_printf ("%s of %s", total, total);

    g_assert_true (panel_shows (fixture, line));
  }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);
      g_autofree char *name = g_path_get_basename (ingest_upload_item_get_path (item));
      g_autofree char *source = g_build_filename (roll, name, NULL);
      g_autofree char *copy1 = g_build_filename (fixture->nas, "E005", name, NULL);
      g_autofree char *copy2 = g_build_filename (second, "E005", name, NULL);
      g_autofree char *at1 = g_strdup_printf ("Verified at %s", fixture->nas);
      g_autofree char *at2 = g_strdup_printf ("Verified at %s", second);

      g_assert_cmpstr (ingest_upload_item_get_state (item), ==, "verified");
      g_assert_nonnull (strstr (ingest_upload_item_get_detail (item), at1));
      g_assert_nonnull (strstr (ingest_upload_item_get_detail (item), at2));
      assert_same_file (source, copy1);
      assert_same_file (source, copy2);
    }
  {
    g_autoptr(IngestUploadItem) item = g_list_model_get_item (ingest_upload_view_get_rolls (upload), 0);

    g_assert_cmpstr (ingest_upload_item_get_state (item), ==, "verified");
    g_assert_nonnull (strstr (ingest_upload_item_get_detail (item), "3 of 3 files verified"));
  }
  save_screenshot (fixture->window, "ui-upload-two-destinations.png");

  /* Again, the second destination now a file: nothing can go there. */
  ingest_test_rm_rf (second);
  ingest_test_write_file (second, "x", 1);
  g_ptr_array_set_size (destinations, 0);
  g_ptr_array_add (destinations, ingest_folder_destination_new (fixture->nas, fixture->catalog));
  g_ptr_array_add (destinations, ingest_folder_destination_new (second, fixture->catalog));
  g_assert_true (start_upload (upload, destinations, NULL, NULL, &error));
  g_assert_no_error (error);
  while (ingest_upload_view_get_running (upload))
    g_main_context_iteration (NULL, TRUE);
  ingest_test_ui_iterate_for (200);
  g_assert_cmpint (ingest_upload_view_get_state (upload), !=, INGEST_UPLOAD_STATE_DONE);
  g_assert_cmpuint (ingest_upload_job_get_files_verified (upload_job (upload)), ==, 0);
  g_assert_false (panel_shows (fixture, "Uploaded and verified"));
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);
      g_autofree char *not_at2 = g_strdup_printf ("Not delivered to %s", second);

      g_assert_cmpstr (ingest_upload_item_get_state (item), !=, "verified");
      g_assert_nonnull (strstr (ingest_upload_item_get_detail (item), not_at2));
      for (guint j = 0; j < i; j++)
        {
          g_autoptr(IngestUploadItem) other = g_list_model_get_item (files, j);

          g_assert_cmpstr (ingest_upload_item_get_path (item), !=, ingest_upload_item_get_path (other));
        }
    }
  save_screenshot (fixture->window, "ui-upload-two-destinations-failed.png");
}

/* Adds @n results of files that are not on the drive to @job's upload's
 * lists, as the job reports them: one in ten held. Returns the seconds. */
static double
report_many (IngestUploadJob *job,
             guint            first,
             guint            n,
             const char      *destination)
{
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *path = g_strdup_printf ("F006/many/clip%06u.mov", i);
      gboolean held = i % 10 == 0;
      IngestDelivery delivery = {
        .destination = (char *) destination,
        .location = held ? NULL : path,
        .state = held ? INGEST_DELIVERY_STATE_HELD : INGEST_DELIVERY_STATE_VERIFIED,
        .reason = held ? (char *) "its bytes do not match the manifest" : NULL,
        .bytes_sent = 1000,
      };
      g_autoptr(GPtrArray) deliveries = g_ptr_array_new ();
      g_autoptr(IngestFileOutcome) outcome = NULL;

      g_ptr_array_add (deliveries, &delivery);
      outcome = ingest_file_outcome_new (path, 1000, held ? INGEST_VALIDATION_STATUS_MISMATCH
                                                          : INGEST_VALIDATION_STATUS_VERIFIED,
                                         NULL, NULL, deliveries);
      g_signal_emit_by_name (job, "file-outcome", outcome);
    }
  /* And the panel catches up (files come in batches, 0.1 s apart at most). */
  ingest_test_ui_iterate_for (150);
  return g_timer_elapsed (timer, NULL);
}

/* A card of 100,000 files: each file the job reports costs the lists the
 * same whatever their length (a roll's row is found by its path, not by a
 * walk of the rolls; the list view makes rows for what is on screen only).
 * The last 80,000 reports may cost at most 3 times as much each as the
 * first 20,000 (quadratic work would be 40 times), and the rows are right. */
static void
test_many_files (Fixture       *fixture,
                 gconstpointer  data)
{
  const gsize sizes[] = { 1000 };
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "F006", NULL);
  g_autoptr(IngestUploadView) upload = NULL;
  g_autoptr(IngestUploadItem) first = NULL;
  g_autoptr(IngestUploadItem) last = NULL;
  g_autoptr(IngestUploadItem) roll_item = NULL;
  IngestUploadJob *job;
  GListModel *files;
  double early, late;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 6);
  upload = upload_for_folder (fixture, drive);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  wait_for_state (upload, INGEST_UPLOAD_STATE_DONE);
  job = upload_job (upload);

  early = report_many (job, 0, 20000, fixture->nas);
  late = report_many (job, 20000, 80000, fixture->nas);
  g_test_message ("20,000 files reported in %.3f s, 80,000 more in %.3f s (%.1f µs and %.1f µs a file)",
                  early, late, early / 20000 * 1e6, late / 80000 * 1e6);
  g_assert_cmpfloat (late / 80000, <, 3 * early / 20000 + 20e-6);

  files = ingest_upload_view_get_files (upload);
  /* On a loaded machine the last batch may still be on its way. */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       g_list_model_get_n_items (files) < 100001 && g_get_monotonic_time () < deadline;)
    ingest_test_ui_iterate_for (10);
  g_assert_cmpuint (g_list_model_get_n_items (files), ==, 100001);
  /* Not delivered first (10,000 of them), in the order they came. */
  first = g_list_model_get_item (files, 0);
  g_assert_cmpstr (ingest_upload_item_get_path (first), ==, "F006/many/clip000000.mov");
  g_assert_cmpstr (ingest_upload_item_get_state (first), ==, "held");
  last = g_list_model_get_item (files, 100000);
  g_assert_cmpstr (ingest_upload_item_get_path (last), ==, "F006/many/clip099999.mov");
  g_assert_cmpstr (ingest_upload_item_get_state (last), ==, "verified");
  roll_item = g_list_model_get_item (ingest_upload_view_get_rolls (upload), 0);
  g_assert_cmpstr (ingest_upload_item_get_state (roll_item), ==, "held");
  {
    /* (digits grouped as the locale does) */
    g_autofree char *held = g_strdup_printf ("%'u not delivered", 10000u);
    g_auto(GStrv) lines = g_strsplit (ingest_upload_item_get_detail (roll_item), "\n", -1);

    g_test_message ("roll: %s", ingest_upload_item_get_detail (roll_item));
    /* Its counts, then what the run said of its history, kept as it was. */
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_true (g_str_has_suffix (lines[0], held));
    g_assert_true (g_str_has_prefix (lines[1], "ASC MHL history: generation "));
  }
  save_screenshot (fixture->window, "ui-upload-many-files.png");
  g_assert_true (panel_shows (fixture, "F006/many/clip000000.mov"));
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
  g_autoptr(IngestUploadView) upload = NULL;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 4);
  upload = upload_for_folder (fixture, drive);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.pause", NULL));
  wait_for_state (upload, INGEST_UPLOAD_STATE_PAUSED);
  ingest_test_ui_iterate_for (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.cancel", NULL));
  wait_for_state (upload, INGEST_UPLOAD_STATE_CANCELLED);
  ingest_test_ui_iterate_for (200);
  g_assert_true (panel_shows (fixture, "Upload cancelled"));
  g_assert_false (panel_shows (fixture, "Uploaded and verified"));
  g_assert_cmpuint (ingest_upload_job_get_files_verified (upload_job (upload)), ==, 0);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  save_screenshot (fixture->window, "ui-upload-cancelled.png");
}

/* Without a NAS folder, Start says so in plain words and starts nothing. */
static void
test_not_set_up (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IngestUploadView) upload = upload_for_folder (fixture, fixture->dir);

  g_settings_set_string (settings, "nas-folder", "");
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_cmpint (ingest_upload_view_get_state (upload), ==, INGEST_UPLOAD_STATE_IDLE);
  g_assert_null (upload_job (upload));
  g_assert_true (panel_shows (fixture, "No NAS folder is set up: choose one in Preferences"));
}

/* A NAS folder that is not there, or a share that is not mounted: Start
 * says so before the drive is read, and creates nothing. */
static void
test_nas_not_there (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IngestUploadView) upload = upload_for_folder (fixture, fixture->dir);
  g_autofree char *missing = g_build_filename (fixture->dir, "mnt", "dailies", NULL);
  g_autofree char *said = g_strdup_printf ("NAS folder %s is not there — is the share mounted?", missing);
  struct stat st, root_st;

  g_settings_set_string (settings, "nas-folder", missing);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_null (upload_job (upload));
  g_assert_true (panel_shows (fixture, said));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Marked as a share, a folder on the system's own disk is refused. */
  g_assert_cmpint (g_stat (fixture->nas, &st), ==, 0);
  g_assert_cmpint (g_stat ("/", &root_st), ==, 0);
  if (st.st_dev != root_st.st_dev)
    {
      g_test_skip ("the test folder is not on the filesystem of /");
      return;
    }
  g_free (said);
  said = g_strdup_printf ("NAS folder %s is on this computer's own disk, not a mounted share", fixture->nas);
  g_settings_set_string (settings, "nas-folder", fixture->nas);
  g_settings_set_boolean (settings, "nas-network-share", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  g_assert_null (upload_job (upload));
  g_assert_true (panel_shows (fixture, said));
  g_settings_reset (settings, "nas-network-share");
}

/* "Keep both" in Preferences: a different clip already at the NAS stays,
 * the new one goes beside it. */
static void
test_keep_both (Fixture       *fixture,
                gconstpointer  data)
{
  const gsize sizes[] = { 64 * 1024 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "K001", NULL);
  g_autofree char *clip = g_build_filename (roll, "clip0.mov", NULL);
  g_autofree char *nas_roll = g_build_filename (fixture->nas, "K001", NULL);
  g_autofree char *there = g_build_filename (nas_roll, "clip0.mov", NULL);
  g_autofree char *beside = g_build_filename (nas_roll, "clip0 (2).mov", NULL);
  g_autoptr(IngestUploadView) upload = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 5);
  g_assert_cmpint (g_mkdir (nas_roll, 0755), ==, 0);
  ingest_test_write_random_file (there, 64 * 1024, 99);
  before = ingest_test_read_bytes (there);
  g_settings_set_uint (settings, "on-conflict", INGEST_CONFLICT_RENAME);
  upload = upload_for_folder (fixture, drive);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  wait_for_state (upload, INGEST_UPLOAD_STATE_DONE);
  after = ingest_test_read_bytes (there);
  g_assert_true (g_bytes_equal (before, after));
  assert_same_file (clip, beside);
  g_settings_reset (settings, "on-conflict");
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
  /* A file where the roll's folder goes at the NAS. */
  g_autofree char *not_a_folder = g_build_filename (fixture->nas, "C003", NULL);
  g_autoptr(IngestUploadView) upload = NULL;
  gint64 deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;
  g_autoptr(GString) text = g_string_new (NULL);

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 3);
  ingest_test_write_file (not_a_folder, "x", 1);
  upload = upload_for_folder (fixture, drive);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  while (ingest_upload_view_get_running (upload))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  ingest_test_ui_iterate_for (200);
  ingest_test_ui_collect_text (GTK_WIDGET (fixture->panel), text);
  g_test_message ("panel reads:\n%s", text->str);
  /* The roll's history cannot go there either: that may end the run. */
  g_assert_true (ingest_upload_view_get_state (upload) == INGEST_UPLOAD_STATE_PROBLEMS ||
                 ingest_upload_view_get_state (upload) == INGEST_UPLOAD_STATE_FAILED);
  g_assert_null (strstr (text->str, "Uploaded and verified\n"));
  g_assert_nonnull (strstr (text->str, "0 of 1 file uploaded and verified · 1 not delivered"));
  g_assert_nonnull (strstr (text->str, "Failed — not delivered"));
  g_assert_nonnull (strstr (text->str, "is a link or not a folder — nothing is copied through it"));
  /* Under the roll, the job's word on its history, in plain words. */
  {
    g_autofree char *history = g_strdup_printf ("\nASC MHL history not delivered to %s: ", fixture->nas);
    g_autoptr(IngestUploadItem) roll_item = g_list_model_get_item (ingest_upload_view_get_rolls (upload), 0);

    g_assert_nonnull (strstr (ingest_upload_item_get_detail (roll_item), history));
    g_assert_cmpstr (ingest_upload_item_get_state (roll_item), ==, "failed");
    g_assert_true (panel_shows (fixture, ingest_upload_item_get_detail (roll_item)));
  }
  save_screenshot (fixture->window, "ui-upload-failed.png");
}

/* S3 chosen with no secret key in a keyring: nothing starts, and the user
 * reads why (no keyring at all here, or no key in it). */
static void
test_s3_without_secret (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IngestUploadView) upload = upload_for_folder (fixture, fixture->dir);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_settings_set_string (settings, "s3-endpoint", "http://127.0.0.1:9");
  g_settings_set_string (settings, "s3-bucket", "dailies");
  g_settings_set_string (settings, "s3-access-key-id", "AKIDNOSECRET");
  g_settings_set_uint (settings, "upload-destination", 1);
  ingest_upload_panel_set_session (fixture->panel, session_of (upload));
  g_assert_true (panel_shows (fixture, "S3 bucket “dailies” at 127.0.0.1:9"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "upload.start", NULL));
  while (!panel_shows (fixture, "The desktop keyring could not be read") &&
         !panel_shows (fixture, "The S3 bucket is not set up: give its endpoint, bucket, access key and secret key in Preferences"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    }
  g_assert_null (upload_job (upload));
  g_assert_cmpint (ingest_upload_view_get_state (upload), ==, INGEST_UPLOAD_STATE_IDLE);
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
      if (state != INGEST_UPLOAD_STATE_RUNNING || verified <= run->verified_before)
        return G_SOURCE_CONTINUE;
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

/* The typed settings the panel starts from follow GSettings both ways. */
static void
test_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IngestSettings) typed = ingest_settings_new ();

  g_settings_set_string (settings, "nas-folder", "/mnt/nas/dailies");
  g_settings_set_string (settings, "s3-bucket", "rushes");
  g_settings_set_uint (settings, "s3-bandwidth-limit", 25);
  g_settings_set_uint (settings, "upload-destination", INGEST_UPLOAD_CHOICE_BOTH);
  g_assert_cmpstr (ingest_settings_get_nas_folder (typed), ==, "/mnt/nas/dailies");
  g_assert_cmpstr (ingest_settings_get_s3_bucket (typed), ==, "rushes");
  g_assert_cmpuint (ingest_settings_get_s3_bandwidth_limit (typed), ==, 25000000);
  g_assert_cmpuint (ingest_settings_get_upload_destination (typed), ==, INGEST_UPLOAD_CHOICE_BOTH);

  ingest_settings_set_upload_destination (typed, INGEST_UPLOAD_CHOICE_NAS);
  g_assert_cmpuint (g_settings_get_uint (settings, "upload-destination"), ==, INGEST_UPLOAD_CHOICE_NAS);
  g_object_set (typed, "s3-prefix", "show/day1", NULL);
  g_assert_cmpstr (g_settings_get_string (settings, "s3-prefix"), ==, "show/day1");

  g_settings_reset (settings, "nas-folder");
  g_settings_reset (settings, "s3-bucket");
  g_settings_reset (settings, "s3-prefix");
  g_settings_reset (settings, "s3-bandwidth-limit");
  g_assert_cmpstr (ingest_settings_get_nas_folder (typed), ==, "");
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
  ingest_test_ui_iterate_for (200);

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

  /* Files already there: don't overwrite (the default) or keep both; the
   * NAS folder as a share that must be mounted. */
  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "on_conflict_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, INGEST_CONFLICT_FAIL);
  g_assert_true (ingest_test_ui_shows (window, "Fail that file"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), INGEST_CONFLICT_RENAME);
  g_assert_cmpuint (g_settings_get_uint (settings, "on-conflict"), ==, INGEST_CONFLICT_RENAME);
  g_settings_reset (settings, "on-conflict");
  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "network_share_switch"));
  gtk_switch_set_active (GTK_SWITCH (row), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "nas-network-share"));
  g_settings_reset (settings, "nas-network-share");

  /* Production and shoot day as typed; a key template only once applied and
   * usable: one without {path} or {file} is refused in plain words. */
  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "production_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "Feature X");
  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "shoot_day_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), "D012");
  g_assert_cmpstr (g_settings_get_string (settings, "production"), ==, "Feature X");
  g_assert_cmpstr (g_settings_get_string (settings, "shoot-day"), ==, "D012");
  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "key_template_row"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, INGEST_KEY_TEMPLATE_DEFAULT);
  g_assert_true (ingest_test_ui_shows (window, "{production}, {shoot-day}, {drive} (the drive’s name), {roll}"));
  gtk_editable_set_text (GTK_EDITABLE (row), "{production}/{roll}");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  ingest_test_ui_iterate_for (100);
  g_assert_true (ingest_test_ui_shows (window, "The object key template must hold {path} or {file}"));
  g_assert_cmpstr (g_settings_get_string (settings, "key-template"), ==, INGEST_KEY_TEMPLATE_DEFAULT);
  gtk_editable_set_text (GTK_EDITABLE (row), "{production}/{shoot-day}/{file}");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "key-template"), ==, "{production}/{shoot-day}/{file}");

  row = GTK_WIDGET (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "secret_row"));
  gtk_editable_set_text (GTK_EDITABLE (row), secret);
  g_signal_emit_by_name (row, "apply");
  while (!ingest_test_ui_shows (window, "Secret key stored in the desktop keyring") &&
         !ingest_test_ui_shows (window, "The secret key could not be stored in the desktop keyring"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    }
  stored = ingest_test_ui_shows (window, "Secret key stored in the desktop keyring");
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
  g_settings_reset (settings, "production");
  g_settings_reset (settings, "shoot-day");
  g_settings_reset (settings, "key-template");
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
  g_test_add ("/ingest/station/upload/production-shoot-day", Fixture, NULL, fixture_set_up, test_production_shoot_day, fixture_tear_down);
  g_test_add ("/ingest/station/upload/mismatch-held", Fixture, NULL, fixture_set_up, test_mismatch_held, fixture_tear_down);
  g_test_add ("/ingest/station/upload/two-destinations", Fixture, NULL, fixture_set_up, test_two_destinations, fixture_tear_down);
  g_test_add ("/ingest/station/upload/many-files", Fixture, NULL, fixture_set_up, test_many_files, fixture_tear_down);
  g_test_add ("/ingest/station/upload/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/ingest/station/upload/not-set-up", Fixture, NULL, fixture_set_up, test_not_set_up, fixture_tear_down);
  g_test_add ("/ingest/station/upload/destination-fails", Fixture, NULL, fixture_set_up, test_destination_fails, fixture_tear_down);
  g_test_add ("/ingest/station/upload/nas-not-there", Fixture, NULL, fixture_set_up, test_nas_not_there, fixture_tear_down);
  g_test_add ("/ingest/station/upload/keep-both", Fixture, NULL, fixture_set_up, test_keep_both, fixture_tear_down);
  g_test_add ("/ingest/station/upload/s3-without-secret", Fixture, NULL, fixture_set_up, test_s3_without_secret, fixture_tear_down);
  g_test_add ("/ingest/station/upload/in-window", Fixture, NULL, fixture_set_up, test_in_window, fixture_tear_down);
  g_test_add_func ("/ingest/station/upload/settings", test_settings);
  g_test_add_func ("/ingest/station/upload/unplug", test_unplug);
  g_test_add ("/ingest/station/upload/unplug/subprocess", Fixture, NULL, fixture_set_up, test_unplug_subprocess, fixture_tear_down);
  g_test_add_func ("/ingest/station/upload/no-secret-in-settings", test_no_secret_in_settings);
  g_test_add_func ("/ingest/station/upload/preferences", test_preferences);

  return g_test_run ();
}
