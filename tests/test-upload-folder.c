/* test-upload-folder.c
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

/* The upload job with folder destinations only, no server (suite core):
 * the files in flight, pause and the fraction; the roll's history as each
 * destination got it, extended and never replaced by another station or
 * card; a kill -9 while the history goes up converging on the next run;
 * `ingestctl uploads` on a partial folder copy; and, as root, a real card
 * pulled mid-upload and plugged back elsewhere. The same against Ceph RGW
 * is test-upload. */

#define G_LOG_DOMAIN "test-upload"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-test-util.h"
#include "test-upload-common.h"

/*
 * Files in flight, pause and the fraction (a folder destination, no server)
 */

typedef struct
{
  IngestUploadJob *job;
  Run              run;
  GCancellable    *cancellable;
  guint64          big_size;
  const char      *big_path;
  GArray          *seen;          /* guint64: clip0's bytes_done at each notify, 0 < x < size */
  guint            n_notifies;
  gboolean         paused_seen;   /* "paused" went TRUE with the user's pause */
  gboolean         removed_seen;  /* ... and with validation's own "drive removed" pause */
  char            *removed_message;
  guint64          done_at_pause;
  guint64          done_after_pause;
  double           fraction_at_cancel;
  gboolean         exercise_pause;
  gboolean         cancel_midway;
} ActiveProbe;

static gboolean
active_resume_cb (gpointer data)
{
  ActiveProbe *probe = data;
  g_autoptr(GPtrArray) files = ingest_upload_job_dup_active_files (probe->job);

  /* Nothing moved while paused (the read waits mid-file). */
  for (guint i = 0; i < files->len; i++)
    {
      IngestUploadActiveFile *file = g_ptr_array_index (files, i);

      if (g_str_equal (file->path, probe->big_path))
        probe->done_after_pause = file->bytes_done;
    }
  ingest_upload_job_resume (probe->job);
  g_assert_false (ingest_upload_job_get_paused (probe->job));
  g_assert_cmpstr (ingest_upload_job_get_message (probe->job), ==, "Reading, verifying and uploading");

  /* Validation pausing itself (the drive went away) pauses the upload too. */
  ingest_validation_job_pause (ingest_upload_job_get_validation (probe->job),
                               "Drive removed — plug it back in to continue");
  probe->removed_seen = ingest_upload_job_get_paused (probe->job);
  probe->removed_message = g_strdup (ingest_upload_job_get_message (probe->job));
  ingest_validation_job_resume (ingest_upload_job_get_validation (probe->job), NULL);
  g_assert_false (ingest_upload_job_get_paused (probe->job));
  return G_SOURCE_REMOVE;
}

static void
active_files_cb (IngestUploadJob *job,
                 GParamSpec      *pspec,
                 ActiveProbe     *probe)
{
  g_autoptr(GPtrArray) files = ingest_upload_job_dup_active_files (job);

  guint n;

  probe->n_notifies++;
  g_object_get (job, "n-active-files", &n, NULL);
  g_assert_cmpuint (files->len, ==, n);
  for (guint i = 0; i < files->len; i++)
    {
      IngestUploadActiveFile *file = g_ptr_array_index (files, i);

      if (i > 0)
        g_assert_cmpstr (((IngestUploadActiveFile *) g_ptr_array_index (files, i - 1))->path, <, file->path);
      g_assert_cmpuint (file->bytes_done, <=, file->size);
      if (!g_str_equal (file->path, probe->big_path))
        continue;
      g_assert_cmpuint (file->size, ==, probe->big_size);
      if (file->bytes_done > 0 && file->bytes_done < file->size)
        g_array_append_val (probe->seen, file->bytes_done);

      if (probe->exercise_pause && probe->done_at_pause == 0 && file->bytes_done >= 4 * MiB)
        {
          ingest_upload_job_pause (job);
          probe->paused_seen = ingest_upload_job_get_paused (job) &&
                               g_strcmp0 (ingest_upload_job_get_message (job), "Paused") == 0;
          /* What was handed over before the pause took hold (one chunk at most). */
          probe->done_at_pause = file->bytes_done + INGEST_HASH_JOB_READ_SIZE;
          g_timeout_add (700, active_resume_cb, probe);
        }
      if (probe->cancel_midway && file->bytes_done >= probe->big_size / 2 &&
          !g_cancellable_is_cancelled (probe->cancellable))
        {
          probe->fraction_at_cancel = ingest_upload_job_get_fraction (job);
          g_cancellable_cancel (probe->cancellable);
        }
    }
}

/* A roll with a 16 MiB clip and a small one, sent to a NAS folder and to a
 * slow destination (the read waits for it: ~50 ms per MiB). */
static IngestUploadJob *
make_slow_folder_job (const char   *dir,
                      gboolean      small_first,
                      Counting    **counting_out,
                      ActiveProbe  *probe)
{
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autoptr(IngestFolderDestination) folder = NULL;
  const gsize big_first[] = { 16 * MiB, 200 * 1024 };
  const gsize small_first_sizes[] = { 200 * 1024, 16 * MiB };
  const gsize *sizes = small_first ? small_first_sizes : big_first;
  Counting *counting;
  IngestUploadJob *job;

  ingest_test_make_mhl_roll (roll, sizes, 2, 70);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  folder = ingest_folder_destination_new (nas, NULL);
  counting = g_object_new (counting_get_type (), "uri", "counting:", NULL);
  counting->write_delay_ms = 50;

  job = ingest_upload_job_new (drive);
  ingest_upload_job_set_n_threads (job, 1);
  ingest_upload_job_set_upload_history (job, FALSE);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (counting));

  probe->job = job;
  probe->big_size = 16 * MiB;
  probe->big_path = small_first ? "A001/clip1.mov" : "A001/clip0.mov";
  probe->run.loop = g_main_loop_new (NULL, FALSE);
  probe->cancellable = g_cancellable_new ();
  probe->seen = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (job, "notify::n-active-files", G_CALLBACK (active_files_cb), probe);
  *counting_out = counting;
  return job;
}

static void
run_probe (ActiveProbe *probe)
{
  ingest_upload_job_run_async (probe->job, probe->cancellable, run_done_cb, &probe->run);
  g_main_loop_run (probe->run.loop);
}

static void
active_probe_clear (ActiveProbe *probe)
{
  g_main_loop_unref (probe->run.loop);
  g_object_unref (probe->cancellable);
  g_array_unref (probe->seen);
  g_clear_error (&probe->run.error);
  g_free (probe->removed_message);
}

static void
test_folder_active_files (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-active-XXXXXX");
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) after = NULL;
  ActiveProbe probe = { 0 };

  probe.exercise_pause = TRUE;
  job = make_slow_folder_job (dir, FALSE, &counting, &probe);
  run_probe (&probe);
  g_assert_no_error (probe.run.error);
  g_assert_true (probe.run.ok);

  /* The big clip showed up in flight several times, growing, short of its size. */
  g_assert_cmpuint (probe.seen->len, >=, 3);
  for (guint i = 1; i < probe.seen->len; i++)
    g_assert_cmpuint (g_array_index (probe.seen, guint64, i - 1), <=, g_array_index (probe.seen, guint64, i));
  g_assert_cmpuint (g_array_index (probe.seen, guint64, 0), <, g_array_index (probe.seen, guint64, probe.seen->len - 1));
  /* At most ~4 notifies a second (the run takes about a second and a half). */
  g_assert_cmpuint (probe.n_notifies, <=, 40);

  /* Paused by the user, then by validation (drive removed), both visible. */
  g_assert_true (probe.paused_seen);
  g_assert_cmpuint (probe.done_after_pause, >, 0);
  g_assert_cmpuint (probe.done_after_pause, <=, probe.done_at_pause);
  g_assert_true (probe.removed_seen);
  g_assert_cmpstr (probe.removed_message, ==, "Drive removed — plug it back in to continue");

  /* Done: nothing in flight, every byte there, the whole fraction. */
  after = ingest_upload_job_dup_active_files (job);
  g_assert_cmpuint (after->len, ==, 0);
  {
    guint n;

    g_object_get (job, "n-active-files", &n, NULL);
    g_assert_cmpuint (n, ==, 0);
  }
  g_assert_cmpfloat (ingest_upload_job_get_fraction (job), ==, 1.0);
  g_assert_false (ingest_upload_job_get_paused (job));
  /* Two destinations fed at ~20 MiB/s (the slow one sets the pace). The
   * rate is smoothed over short windows, which a loaded machine squeezes
   * (seen: 330 MiB/s at a load of 12): the ceiling only catches a rate
   * taken over a vanishing interval (the paused time not left out). */
  g_test_message ("rate %.1f MiB/s", ingest_upload_job_get_rate (job) / MiB);
  g_assert_cmpfloat (ingest_upload_job_get_rate (job), >, 4.0 * MiB);
  g_assert_cmpfloat (ingest_upload_job_get_rate (job), <, 1024.0 * MiB);
  g_assert_cmpint (ingest_upload_job_get_eta (job), ==, 0);
  {
    g_autofree char *roll = g_build_filename (dir, "drive", "A001", NULL);
    g_autofree char *copy_roll = g_build_filename (dir, "nas", "A001", NULL);

    assert_clips_copied (roll, copy_roll, 2);
  }

  active_probe_clear (&probe);
  ingest_test_rm_rf (dir);
}

/* Cancelled halfway: the fraction stays where the run stopped. */
static void
test_folder_cancel_fraction (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-cancel-XXXXXX");
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) after = NULL;
  ActiveProbe probe = { 0 };
  double fraction;

  probe.cancel_midway = TRUE;
  job = make_slow_folder_job (dir, FALSE, &counting, &probe);
  run_probe (&probe);
  g_assert_false (probe.run.ok);
  g_assert_error (probe.run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  fraction = ingest_upload_job_get_fraction (job);
  g_assert_cmpfloat (probe.fraction_at_cancel, >, 0.1);
  g_assert_cmpfloat (fraction, >=, probe.fraction_at_cancel);
  g_assert_cmpfloat (fraction, <, 0.9);
  after = ingest_upload_job_dup_active_files (job);
  g_assert_cmpuint (after->len, ==, 0);

  active_probe_clear (&probe);
  ingest_test_rm_rf (dir);
}

/* A destination that fails for good after the first file: the run fails,
 * and its fraction stays short of the whole. */
static void
test_folder_failed_fraction (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-failed-XXXXXX");
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  ActiveProbe probe = { 0 };

  /* The small clip first: it finishes, then the destination is full while
   * the big one is on its way. */
  job = make_slow_folder_job (dir, TRUE, &counting, &probe);
  counting->fatal_after = 1;
  run_probe (&probe);
  g_assert_false (probe.run.ok);
  g_assert_error (probe.run.error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED);
  g_assert_cmpfloat (ingest_upload_job_get_fraction (job), <, 0.6);

  active_probe_clear (&probe);
  ingest_test_rm_rf (dir);
}

/* What each destination got of the roll's history, as "history-outcome"
 * says it: the generation the NAS's own chain file lists (a transfer), then
 * nothing new on a second run, and "failed" where the history cannot go
 * (a file in the way of ascmhl/) while another destination still gets it.
 * Files not delivered report where they were meant to go, never their
 * source path. */
static void
test_folder_history_finished (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-history-signal-XXXXXX");
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *drive_chain = g_build_filename (roll, "ascmhl", "ascmhl_chain.xml", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autofree char *nas_ascmhl = g_build_filename (nas, "A001", "ascmhl", NULL);
  g_autofree char *nas_chain = g_build_filename (nas_ascmhl, "ascmhl_chain.xml", NULL);
  g_autofree char *nas_location = g_strconcat (nas_ascmhl, "/", NULL);
  const gsize sizes[] = { 300 * 1024, 40 * 1024, 5000 };
  g_autoptr(IngestCatalog) catalog = NULL;
  guint drive_generation;
  guint generation;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 55);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  /* The journal tells a second run that the NAS has the files already. */
  catalog = ingest_test_open_catalog (dir);
  drive_generation = chain_last_generation (drive_chain);
  g_assert_cmpuint (drive_generation, >=, 1);

  /* 1: the first delivery records the copy in a new generation. */
  {
    g_autoptr(IngestFolderDestination) folder = ingest_folder_destination_new (nas, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) fields = NULL;

    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
    g_assert_true (run_job_full (job, &states, &histories, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (histories->len, ==, 1);
    fields = g_strsplit (g_ptr_array_index (histories, 0), "|", 6);
    g_assert_cmpstr (fields[0], ==, "A001");
    g_assert_cmpstr (fields[1], ==, nas);
    g_assert_cmpstr (fields[2], ==, nas_location);
    g_assert_cmpstr (fields[4], ==, "verified");
    g_assert_cmpstr (fields[5], ==, "");
    generation = (guint) g_ascii_strtoull (fields[3], NULL, 10);
    g_assert_cmpuint (generation, ==, drive_generation + 1);
    g_assert_cmpuint (generation, ==, chain_last_generation (nas_chain));
    g_assert_true (generation_is_transfer (nas_ascmhl, generation));
  }

  /* 2: again: nothing new to record, the NAS's history as it was. */
  {
    g_autoptr(IngestFolderDestination) folder = ingest_folder_destination_new (nas, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = g_strdup_printf ("A001|%s|%s|0|verified|already there from an earlier run, "
                                                 "nothing new to record", nas, nas_location);

    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
    g_assert_true (run_job_full (job, &states, &histories, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (histories->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (histories, 0), ==, expected);
    g_assert_cmpuint (chain_last_generation (nas_chain), ==, generation);
  }

  /* 3: a NAS where a file is in the way of the roll's ascmhl/ folder, and
   * a good one: each says what it got, the run fails. Meanwhile a clip was
   * damaged and another lost: held, each with where it was meant to go. */
  {
    g_autofree char *good = g_build_filename (dir, "good", NULL);
    g_autofree char *good_ascmhl = g_build_filename (good, "A001", "ascmhl", NULL);
    g_autofree char *good_chain = g_build_filename (good_ascmhl, "ascmhl_chain.xml", NULL);
    g_autofree char *bad = g_build_filename (dir, "bad", NULL);
    g_autofree char *bad_roll = g_build_filename (bad, "A001", NULL);
    g_autofree char *blocker = g_build_filename (bad_roll, "ascmhl", NULL);
    g_autofree char *clip1 = g_build_filename (roll, "clip1.mov", NULL);
    g_autofree char *clip2 = g_build_filename (roll, "clip2.mov", NULL);
    g_autoptr(IngestFolderDestination) good_folder = ingest_folder_destination_new (good, catalog);
    g_autoptr(IngestFolderDestination) bad_folder = ingest_folder_destination_new (bad, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) good_fields = NULL;
    g_auto(GStrv) bad_fields = NULL;
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_cmpint (g_mkdir_with_parents (bad_roll, 0755), ==, 0);
    g_assert_cmpint (g_mkdir (good, 0755), ==, 0);
    g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
    g_assert_true (g_file_get_contents (clip1, &contents, &len, NULL));
    contents[len / 2] ^= 0x40;
    g_assert_true (g_file_set_contents (clip1, contents, len, NULL));
    g_assert_cmpint (g_unlink (clip2), ==, 0);

    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (good_folder));
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (bad_folder));
    g_assert_false (run_job_full (job, &states, &histories, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "the ASC MHL history of roll A001"));

    g_assert_cmpuint (histories->len, ==, 2);
    good_fields = g_strsplit (g_ptr_array_index (histories, 0), "|", 6);
    bad_fields = g_strsplit (g_ptr_array_index (histories, 1), "|", 6);
    g_assert_cmpstr (good_fields[1], ==, good);
    g_assert_cmpstr (good_fields[4], ==, "verified");
    g_assert_cmpuint (g_ascii_strtoull (good_fields[3], NULL, 10), ==, drive_generation + 1);
    g_assert_cmpuint (g_ascii_strtoull (good_fields[3], NULL, 10), ==, chain_last_generation (good_chain));
    g_assert_true (generation_is_transfer (good_ascmhl, drive_generation + 1));
    g_assert_cmpstr (bad_fields[0], ==, "A001");
    g_assert_cmpstr (bad_fields[1], ==, bad);
    g_assert_cmpstr (bad_fields[3], ==, "0");
    g_assert_cmpstr (bad_fields[4], ==, "failed");
    g_assert_cmpstr (bad_fields[5], !=, "");
    g_assert_nonnull (strstr (error->message, bad_fields[5]));
    g_assert_true (g_file_test (blocker, G_FILE_TEST_IS_REGULAR));

    for (guint i = 1; i <= 2; i++)
      {
        g_autofree char *key = g_strdup_printf ("A001/clip%u.mov|%s|", i, good);
        g_autofree char *meant = g_strdup_printf ("|%s/A001/clip%u.mov", good, i);
        const char *state = find_state (states, key);

        g_assert_nonnull (state);
        g_assert_true (g_str_has_prefix (state, "held|"));
        g_assert_true (g_str_has_suffix (state, meant));
        g_assert_null (strstr (state, drive));
      }
  }

  ingest_test_rm_rf (dir);
}

/*
 * A crash while the roll's ascmhl/ history goes up (a folder destination;
 * the same against a bucket is /upload/rgw/history-after-kill)
 */

/* Runs `ingestctl ingest DRIVE --to NAS --catalog CATALOG --json` with
 * @state as XDG_STATE_HOME; its exit status and summary. */
static int
ingest_to_folder (const char  *drive,
                  const char  *nas,
                  const char  *catalog,
                  const char  *state,
                  JsonObject **summary)
{
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "XDG_STATE_HOME", state, TRUE);
  const char *argv[] = { g_getenv ("INGESTCTL"), "ingest", drive, "--to", nas, "--catalog", catalog, "--json", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("ingestctl ingest: %s", err);
  *summary = NULL;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "{\"event\":\"summary\""))
      *summary = ingest_test_parse_json_object (lines[i]);
  g_assert_nonnull (*summary);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_folder_history_after_kill (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-history-kill-XXXXXX");
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "H001", NULL);
  const gsize sizes[] = { 3 * MiB + 5, 700 * 1024, 0 };
  /* Before the first history file, between each, before the chain (the
   * last), and mid-delivery of the clips (no history staged yet). */
  const char *kills[] = { "h1", "h2", "h3", "d2" };

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 90);

  for (guint trial = 0; trial < G_N_ELEMENTS (kills); trial++)
    {
      g_autofree char *nas = g_strdup_printf ("%s/nas-%u", dir, trial);
      g_autofree char *nas_roll = g_build_filename (nas, "H001", NULL);
      g_autofree char *nas_ascmhl = g_build_filename (nas_roll, "ascmhl", NULL);
      g_autofree char *catalog = g_strdup_printf ("%s/catalog-%u.db", dir, trial);
      g_autofree char *state = g_strdup_printf ("%s/state-%u", dir, trial);
      g_autofree char *spec = g_strdup_printf ("%s|%s|%s|%s", drive, nas, catalog, kills[trial]);
      g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-upload-folder", NULL);
      const char *argv[] = { self_path, NULL };
      g_auto(GStrv) env = g_get_environ ();
      g_autoptr(JsonObject) second = NULL;
      g_autoptr(JsonObject) third = NULL;
      g_autoptr(GHashTable) before = NULL;
      g_autoptr(GHashTable) after = NULL;
      g_autoptr(GError) error = NULL;
      GHashTableIter iter;
      gpointer name, contents;
      int status = 0;

      g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
      /* 1: killed by its destination at the chosen point. */
      env = g_environ_setenv (env, "INGEST_TEST_HISTORY_CHILD", spec, TRUE);
      env = g_environ_setenv (env, "XDG_STATE_HOME", state, TRUE);
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      /* 2: the same delivery again converges: every clip verified, the
       * history whole at the NAS. */
      g_assert_cmpint (ingest_to_folder (drive, nas, catalog, state, &second), ==, 0);
      g_assert_cmpint (json_object_get_int_member (second, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (second, "failed"), ==, 0);
      assert_clips_copied (roll, nas_roll, G_N_ELEMENTS (sizes));
      assert_nas_history (nas_roll, G_N_ELEMENTS (sizes));
      before = snapshot_folder (nas_ascmhl);

      /* 3: nothing to do, still a success, the history untouched. */
      g_assert_cmpint (ingest_to_folder (drive, nas, catalog, state, &third), ==, 0);
      g_assert_cmpint (json_object_get_int_member (third, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (third, "bytes_sent"), ==, 0);
      after = snapshot_folder (nas_ascmhl);
      g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &name, &contents))
        g_assert_cmpstr (g_hash_table_lookup (after, name), ==, contents);
      g_test_message ("killed at %s: converged", kills[trial]);
    }
  ingest_test_rm_rf (dir);
}

/*
 * A real drive pulled mid-upload and plugged back in at another mount
 * point (root only: an ext4 image loop-mounted under /media). The checks
 * run in a subprocess so that the parent always unmounts what it set up.
 */

#define PULL_PREFIX      "ingest-uploadpull"
#define PULL_IMAGE       "uploadpull.img"
#define PULL_LABEL       "INGUPLOAD"
#define PULL_MOUNT       ingest_test_mount_point (PULL_LABEL)
#define PULL_MOUNT_AGAIN ingest_test_mount_point (PULL_LABEL "-AGAIN")
#define PULL_CLIPS       10
#define PULL_CLIP_SIZE   (4 * MiB)

typedef struct
{
  IngestUploadJob *job;
  const char      *image;
  gboolean         saw_removed;
  char            *message;
} Pull;

/* The card comes back, at another mount point: the caller resumes there. */
static gboolean
replug_elsewhere_cb (gpointer data)
{
  Pull *pull = data;

  g_assert_true (ingest_test_wait_image_released (pull->image, 5 * G_USEC_PER_SEC));
  g_assert_true (ingest_test_mount_drive (&ingest_test_fs_ext4, pull->image, PULL_MOUNT_AGAIN, TRUE));
  ingest_validation_job_resume (ingest_upload_job_get_validation (pull->job), PULL_MOUNT_AGAIN);
  return G_SOURCE_REMOVE;
}

static void
pull_paused_cb (IngestUploadJob *job,
                GParamSpec      *pspec,
                Pull            *pull)
{
  if (!ingest_upload_job_get_paused (job) || pull->saw_removed)
    return;
  pull->saw_removed = TRUE;
  pull->message = g_strdup (ingest_upload_job_get_message (job));
  g_timeout_add (300, replug_elsewhere_cb, pull);
}

static void
test_drive_pulled_subprocess (void)
{
  const char *image = g_getenv ("INGEST_TEST_IMAGE");
  const char *dir = g_getenv ("INGEST_TEST_DIR");
  g_autofree char *nas = NULL;
  g_autofree char *nas_roll = NULL;
  g_autofree char *staging = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  Pull pull = { 0 };

  if (!g_test_subprocess ())
    {
      g_test_skip ("only runs as a subprocess of the test above it");
      return;
    }

  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  nas_roll = g_build_filename (nas, "R001", NULL);
  staging = g_build_filename (dir, "staging", "R001", NULL);
  g_assert_true (ingest_test_mount_drive (&ingest_test_fs_ext4, image, PULL_MOUNT, TRUE));
  catalog = ingest_test_open_catalog (dir);
  folder = ingest_folder_destination_new (nas, catalog);
  /* Pulls the cable once 3½ clips went by. */
  counting = g_object_new (counting_get_type (), "uri", "counting:", NULL);
  counting->pull_after = 7 * PULL_CLIP_SIZE / 2;
  counting->pull_mount_point = PULL_MOUNT;

  job = ingest_upload_job_new (PULL_MOUNT);
  ingest_upload_job_set_catalog (job, catalog);
  ingest_upload_job_set_n_threads (job, 1);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (counting));
  pull.job = job;
  pull.image = image;
  g_signal_connect (job, "notify::paused", G_CALLBACK (pull_paused_cb), &pull);
  g_assert_true (run_job (job, &states));

  /* Paused by the drive's absence, said so, then carried on where the drive
   * came back: every clip at the NAS is the clip as it left the set. */
  g_assert_true (counting->pulled);
  g_assert_true (pull.saw_removed);
  g_assert_cmpstr (pull.message, ==, "Drive removed — plug it back in to continue");
  g_assert_false (ingest_upload_job_get_paused (job));
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, PULL_CLIPS);
  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 0);
  assert_clips_copied (staging, nas_roll, PULL_CLIPS);
  g_free (pull.message);
  g_assert_true (ingest_test_unmount_drive (image, PULL_MOUNT_AGAIN));
}

static void
test_drive_pulled (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *staging = NULL;
  gsize sizes[PULL_CLIPS];

  if (!ingest_test_drive_can_run (&ingest_test_fs_ext4, PULL_MOUNT))
    return;
  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT);
  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT_AGAIN);
  g_assert_false (ingest_test_is_mounted (PULL_MOUNT));
  g_assert_false (ingest_test_is_mounted (PULL_MOUNT_AGAIN));

  dir = ingest_test_make_drive_dir (PULL_PREFIX);
  image = g_build_filename (dir, PULL_IMAGE, NULL);
  staging = g_build_filename (dir, "staging", NULL);
  for (guint i = 0; i < PULL_CLIPS; i++)
    sizes[i] = PULL_CLIP_SIZE + i;
  {
    g_autofree char *roll = g_build_filename (staging, "R001", NULL);

    ingest_test_make_mhl_roll (roll, sizes, PULL_CLIPS, 600);
  }
  ingest_test_make_drive_image (&ingest_test_fs_ext4, image, "96M", PULL_LABEL, staging, PULL_MOUNT);

  g_setenv ("INGEST_TEST_IMAGE", image, TRUE);
  g_setenv ("INGEST_TEST_DIR", dir, TRUE);
  g_test_trap_subprocess ("/upload/folder/drive-pulled/subprocess", 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);

  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT);
  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT_AGAIN);
  ingest_test_rm_rf (dir);
  g_test_trap_assert_passed ();
}

/*
 * `ingestctl uploads` with a folder destination: a partial copy left by a
 * kill -9 is listed, resumed (read back whole), refused when its bytes went
 * bad, restarted when the source changed, and aborted.
 */

/* The child: `test-upload-folder` again with INGEST_TEST_PARTIAL_CHILD =
 * "SOURCE|NAS|CATALOG|KEY|XXH64|N": copies the first N bytes of SOURCE
 * to the folder destination, then kills itself. */
static int
partial_child_main (const char *spec)
{
  g_auto(GStrv) args = g_strsplit (spec, "|", 6);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  IngestDestinationFile *file;
  IngestUploadSource source = { 0 };
  guint64 n = g_ascii_strtoull (args[5], NULL, 10);
  gsize len;
  struct stat st;

  ingest_init ();
  catalog = ingest_catalog_open (args[2], &error);
  g_assert_no_error (error);
  folder = ingest_folder_destination_new (args[1], catalog);
  g_assert_true (g_file_get_contents (args[0], &contents, &len, NULL));
  g_assert_cmpint (g_stat (args[0], &st), ==, 0);
  source.path = args[0];
  source.key = args[3];
  source.size = len;
  source.mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  source.expected_kind = "xxh64";
  source.expected = args[4];
  file = ingest_destination_begin (INGEST_DESTINATION (folder), &source, NULL, &error);
  g_assert_no_error (error);
  for (guint64 offset = 0; offset < n; offset += MiB)
    g_assert_true (ingest_destination_write (file, (const guint8 *) contents + offset, MIN (MiB, n - offset), offset, NULL));
  raise (SIGKILL);
  return 3;
}

/* Runs the child to leave a partial copy of @source; its journal id. */
static char *
leave_partial_copy (const char *source,
                    const char *nas,
                    const char *catalog_path,
                    const char *xxh64,
                    guint64     n)
{
  g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-upload-folder", NULL);
  g_autofree char *spec = g_strdup_printf ("%s|%s|%s|R001/clip.mov|%s|%" G_GUINT64_FORMAT,
                                           source, nas, catalog_path, xxh64, n);
  const char *argv[] = { self_path, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "INGEST_TEST_PARTIAL_CHILD", spec, TRUE);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFSIGNALED (status));
  catalog = ingest_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  record = ingest_upload_journal_find (catalog, nas, "R001/clip.mov", FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  return g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
}

static char *
run_uploads (const char *verb,
             const char *id,
             const char *catalog_path,
             int        *status)
{
  const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", verb, "--catalog", catalog_path, id, NULL };
  const char *list[] = { g_getenv ("INGESTCTL"), "uploads", "list", "--json", "--catalog", catalog_path, NULL };

  return ingest_test_run_capture (id != NULL ? argv : list, status);
}

static const char *
journal_state_of (const char *catalog_path,
                  const char *id)
{
  g_autoptr(IngestCatalog) catalog = ingest_catalog_open (catalog_path, NULL);
  g_autoptr(IngestUploadRecord) record = ingest_upload_journal_lookup (catalog, g_ascii_strtoll (id, NULL, 10), NULL);

  g_assert_nonnull (record);
  return g_intern_string (record->state);
}

/* The partial file a folder copy of @name left in @folder (its name has a
 * random token), or NULL. */
static char *
find_part (const char *folder,
           const char *name)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", name);
  char *found = NULL;
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, prefix) && g_str_has_suffix (entry, ".ingest-part"))
      {
        g_assert_null (found);
        found = g_build_filename (folder, entry, NULL);
      }
  return found;
}

static void
test_folder_uploads_verb (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-folder-verb-XXXXXX");
  g_autofree char *source = g_build_filename (dir, "clip.mov", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *copy = g_build_filename (nas, "R001", "clip.mov", NULL);
  g_autofree char *nas_roll = g_build_filename (nas, "R001", NULL);
  g_autofree char *xxh64 = NULL;
  const guint64 size = 40 * MiB + 123;
  int status = -1;

  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  ingest_test_write_random_file (source, size, 77);
  xxh64 = ingest_test_xxh64_of_file (source);

  /* Killed after 36 MiB: the journal has the 32 MiB checkpoint. */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = run_uploads (NULL, NULL, catalog_path, &status);
    g_autofree char *expected = NULL;
    struct stat st;

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"kind\" : \"folder\""));
    g_assert_nonnull (strstr (out, "\"key\" : \"R001/clip.mov\""));
    g_assert_nonnull (strstr (out, "\"bytes_acknowledged\" : 33554432"));
    g_assert_cmpint (g_stat (part, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, 36 * MiB);
    g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);

    out = run_uploads ("resume", id, catalog_path, &status);
    g_test_message ("%s", out);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "continued an interrupted copy after 33554432 bytes"));
    expected = g_strdup_printf ("(sent %" G_GUINT64_FORMAT " bytes, 33554432 were already there)", size - 32 * MiB);
    g_assert_nonnull (strstr (out, expected));
    assert_same_bytes (source, copy);
    g_assert_null (find_part (nas_roll, "clip.mov"));
    g_assert_cmpstr (journal_state_of (catalog_path, id), ==, "verified");
    g_unlink (copy);
  }

  /* The kept bytes went bad on the disk: the read-back catches it, nothing
   * is delivered, and the partial copy is gone (the next run starts over). */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = NULL;
    int fd = open (part, O_RDWR);
    char byte;

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (pread (fd, &byte, 1, 5 * MiB + 7), ==, 1);
    byte ^= 0x20;
    g_assert_cmpint (pwrite (fd, &byte, 1, 5 * MiB + 7), ==, 1);
    close (fd);
    out = run_uploads ("resume", id, catalog_path, &status);
    g_assert_cmpint (status, !=, 0);
    g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
    g_assert_null (find_part (nas_roll, "clip.mov"));
    g_assert_cmpstr (journal_state_of (catalog_path, id), ==, "failed");
  }

  /* The source changed since (its mtime): copied again from the start. */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = NULL;
    g_autofree char *expected = NULL;
    struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

    g_assert_cmpint (utimensat (AT_FDCWD, source, times, 0), ==, 0);
    out = run_uploads ("resume", id, catalog_path, &status);
    g_test_message ("%s", out);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "the source changed since the interrupted copy: copied again from the start"));
    expected = g_strdup_printf ("(sent %" G_GUINT64_FORMAT " bytes, 0 were already there)", size);
    g_assert_nonnull (strstr (out, expected));
    assert_same_bytes (source, copy);
    g_unlink (copy);
  }

  /* Aborted: the partial copy is deleted and the row is no longer live. */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = NULL;

    g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));
    out = run_uploads ("abort", id, catalog_path, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_null (find_part (nas_roll, "clip.mov"));
    g_assert_cmpstr (journal_state_of (catalog_path, id), ==, "aborted");
    g_clear_pointer (&out, g_free);
    out = run_uploads (NULL, NULL, catalog_path, &status);
    g_assert_null (strstr (out, "R001/clip.mov"));
  }

  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  char *state_home;
  int ret;

  if (g_getenv ("INGEST_TEST_HISTORY_CHILD") != NULL)
    return history_child_main (g_getenv ("INGEST_TEST_HISTORY_CHILD"));
  if (g_getenv ("INGEST_TEST_PARTIAL_CHILD") != NULL)
    return partial_child_main (g_getenv ("INGEST_TEST_PARTIAL_CHILD"));
  g_test_init (&argc, &argv, NULL);
  /* The transfer histories staged between runs stay out of $HOME. */
  state_home = ingest_test_make_tmpdir ("upload-state-XXXXXX");
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  ingest_init ();

  g_test_add_func ("/upload/folder/active-files", test_folder_active_files);
  g_test_add_func ("/upload/folder/cancel-fraction", test_folder_cancel_fraction);
  g_test_add_func ("/upload/folder/failed-fraction", test_folder_failed_fraction);
  g_test_add_func ("/upload/folder/history-after-kill", test_folder_history_after_kill);
  g_test_add_func ("/upload/folder/history-finished", test_folder_history_finished);
  g_test_add_data_func ("/upload/folder/history-extended", &history_place_folder, test_history_extended);
  g_test_add_func ("/upload/folder/uploads-verb", test_folder_uploads_verb);
  g_test_add_func ("/upload/folder/drive-pulled", test_drive_pulled);
  g_test_add_func ("/upload/folder/drive-pulled/subprocess", test_drive_pulled_subprocess);

  ret = g_test_run ();

  ingest_test_rm_rf (state_home);
  g_free (state_home);
  return ret;
}
