/* test-validation-mount.c
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

#define G_LOG_DOMAIN "test-validation-mount"

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "ingest.h"
#include "ingest-test-sink.h"
#include "ingest-test-util.h"

/* Validation of a real drive: an ext4 image loop-mounted under /media, and an
 * exFAT one through FUSE, with a file altered, one deleted and one added on
 * it; then pulled out in the middle of a validation and plugged back in.
 * Pulled as a lazy unmount (the file being read still reads, the next ones
 * are gone), or, through FUSE, by killing the daemon (the read in flight
 * fails; the dead mount stays in the mount table until it is unmounted).
 * Needs root. The checks run in a subprocess so that the parent always
 * unmounts and detaches what it set up, whatever happens in them. */

#define IMAGE_NAME  "valcard.img"
#define TMP_PREFIX  "ingest-valmount"

#define N_CLIPS     40
#define CLIP_SIZE   (8 * 1024 * 1024)
/* The drive is pulled once this much has been read. */
#define PULL_AFTER  (6 * CLIP_SIZE)

typedef struct
{
  const char         *name;
  const IngestTestFs *fs;
  const char         *label;
  gboolean            kill_daemon;  /* pull by killing the FUSE daemon */
} Variant;

static const Variant ext4_variant = { "ext4", &ingest_test_fs_ext4, "INGVALID", FALSE };
static const Variant exfat_variant = { "exfat", &ingest_test_fs_exfat, "INGVALEXFAT", FALSE };
static const Variant exfat_killed_variant = {
  "exfat-daemon-killed", &ingest_test_fs_exfat, "INGVALKILL", TRUE
};

/* The variant under test, for the callbacks. */
static const Variant *variant;

/* Where this run mounts the variant's drive. */
#define MOUNT_POINT ingest_test_mount_point (variant->label)

/* Sets the variant under test; FALSE (skipped) unless run as the
 * subprocess of its parent test. */
static gboolean
in_subprocess (const Variant *data)
{
  variant = data;
  if (!g_test_subprocess ())
    g_test_skip ("only runs as a subprocess of the test above it");
  return g_test_subprocess ();
}

static char *
clip_path (const char *root,
           guint       i)
{
  g_autofree char *name = g_strdup_printf ("C%04u.mov", i);

  return g_build_filename (root, "R001", "CLIPS", name, NULL);
}

typedef struct {
  GMainLoop  *loop;
  const char *image;
  guint64     bytes;          /* read so far (worker thread) */
  gboolean    pulled;
  gboolean    saw_pause;
  char       *pause_message;
  gboolean    monitor_removed;
  gboolean    monitor_added_again;
  gboolean    done;
  GError     *error;
} Scenario;

/* Worker thread: after PULL_AFTER bytes, the cable is yanked. */
static gboolean
pull_chunk (const char    *path,
            const guint8  *data,
            gsize          len,
            guint64        offset,
            gpointer       user_data,
            GError       **error)
{
  Scenario *scenario = user_data;

  scenario->bytes += len;
  if (!scenario->pulled && scenario->bytes >= PULL_AFTER)
    {
      const char *argv[] = { "umount", "-l", MOUNT_POINT, NULL };

      scenario->pulled = TRUE;
      if (variant->kill_daemon)
        g_assert_cmpint (kill (ingest_test_fuse_daemon_pid (variant->fs, MOUNT_POINT), SIGKILL), ==, 0);
      else
        g_assert_true (ingest_test_run_quiet (argv));
    }
  return TRUE;
}

static gboolean
replug_cb (gpointer user_data)
{
  Scenario *scenario = user_data;
  const char *argv[] = { "umount", MOUNT_POINT, NULL };
  gint64 start = g_get_monotonic_time ();

  /* What a dead FUSE daemon leaves behind is still mounted: take it out,
   * and plug the card in again a moment later. */
  if (variant->kill_daemon && ingest_test_is_mounted (MOUNT_POINT))
    {
      g_assert_true (ingest_test_run_quiet (argv));
      return G_SOURCE_CONTINUE;
    }

  /* The detached mount lets go of the image once its last file is closed
   * (through FUSE: once the daemon has exited); a plug must not share the
   * loop device with it. Read-only, as the card was plugged in. */
  g_assert_true (ingest_test_wait_image_released (scenario->image, 5 * G_USEC_PER_SEC));
  g_printerr ("# %s: the plug waited %.3f s for the image to be released\n", variant->name,
              (g_get_monotonic_time () - start) / 1e6);
  g_assert_true (ingest_test_mount_drive (variant->fs, scenario->image, MOUNT_POINT, TRUE));
  return G_SOURCE_REMOVE;
}

static void
paused_cb (IngestValidationJob *job,
           GParamSpec          *pspec,
           Scenario            *scenario)
{
  if (!ingest_validation_job_get_paused (job) || scenario->saw_pause)
    return;
  scenario->saw_pause = TRUE;
  scenario->pause_message = g_strdup (ingest_validation_job_get_message (job));
  g_timeout_add (500, replug_cb, scenario);
}

typedef struct {
  IngestValidationJob *job;
  Scenario            *scenario;
} Flow;

/* The `ingestctl watch` flow: the monitor pauses and resumes the job too. */
static void
drive_removed_cb (IngestDriveMonitor *monitor,
                  IngestDrive        *drive,
                  Flow               *flow)
{
  if (g_strcmp0 (ingest_drive_get_label (drive), variant->label) != 0)
    return;
  flow->scenario->monitor_removed = TRUE;
  ingest_validation_job_pause (flow->job, "Drive removed — plug it back in to continue");
}

static void
drive_added_cb (IngestDriveMonitor *monitor,
                IngestDrive        *drive,
                Flow               *flow)
{
  if (g_strcmp0 (ingest_drive_get_label (drive), variant->label) != 0 || !flow->scenario->monitor_removed)
    return;
  flow->scenario->monitor_added_again = TRUE;
  ingest_validation_job_resume (flow->job, ingest_drive_get_mount_path (drive));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Scenario *scenario = user_data;

  ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &scenario->error);
  scenario->done = TRUE;
  g_main_loop_quit (scenario->loop);
}

static IngestValidationResult *
find_result (IngestValidationJob *job,
             const char          *path)
{
  g_autoptr(GListModel) results = ingest_validation_job_list_results (job);
  IngestValidationResult *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(IngestValidationResult) result = g_list_model_get_item (results, i);

      if (g_str_equal (ingest_validation_result_get_path (result), path))
        {
          g_assert_null (found);   /* exactly one result per file, pause or not */
          found = result;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("the validation did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
test_mount_subprocess (gconstpointer data)
{
  const char *image = g_getenv ("INGEST_TEST_IMAGE");
  const char *old_hash = g_getenv ("INGEST_TEST_OLD_HASH");
  g_autoptr(IngestDriveMonitor) monitor = NULL;
  g_autoptr(IngestValidationJob) job = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *altered = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *added = NULL;
  g_autofree char *new_hash = NULL;
  g_autofree char *added_hash = NULL;
  IngestValidationResult *result;
  Scenario scenario = { 0 };
  Flow flow;
  guint timeout_id;

  if (!in_subprocess (data))
    return;

  /* On the drive: one clip altered, one deleted, one added. */
  g_assert_true (ingest_test_mount_drive (variant->fs, image, MOUNT_POINT, FALSE));
  altered = clip_path (MOUNT_POINT, 1);
  deleted = clip_path (MOUNT_POINT, 2);
  added = clip_path (MOUNT_POINT, 9999);
  ingest_test_write_random_file (altered, CLIP_SIZE, 424242);
  g_assert_cmpint (g_unlink (deleted), ==, 0);
  ingest_test_write_random_file (added, 1234567, 777);
  new_hash = ingest_test_tool_hash ("xxhsum", "-H1", altered);
  added_hash = ingest_test_tool_hash ("xxhsum", "-H1", added);
  g_assert_cmpstr (new_hash, !=, old_hash);
  g_assert_true (ingest_test_unmount_drive (image, MOUNT_POINT));
  /* Plugged in as a camera card: read-only, caches cold. */
  g_assert_true (ingest_test_mount_drive (variant->fs, image, MOUNT_POINT, TRUE));

  loop = g_main_loop_new (NULL, FALSE);
  scenario.loop = loop;
  scenario.image = image;

  job = ingest_validation_job_new (MOUNT_POINT);
  ingest_validation_job_set_n_threads (job, 1);
  ingest_validation_job_set_record (job, TRUE);   /* refused: the card is read-only */
  ingest_test_add_sink (job, pull_chunk, NULL, &scenario);
  g_signal_connect (job, "notify::paused", G_CALLBACK (paused_cb), &scenario);

  monitor = ingest_drive_monitor_new (NULL);
  flow.job = job;
  flow.scenario = &scenario;
  g_signal_connect (monitor, "drive-added", G_CALLBACK (drive_added_cb), &flow);
  g_signal_connect (monitor, "drive-removed", G_CALLBACK (drive_removed_cb), &flow);

  timeout_id = g_timeout_add_seconds (90, timeout_cb, NULL);
  ingest_validation_job_run_async (job, NULL, run_done_cb, &scenario);
  g_main_loop_run (loop);
  g_source_remove (timeout_id);

  g_assert_no_error (scenario.error);
  g_assert_true (scenario.pulled);
  g_assert_true (scenario.saw_pause);
  g_assert_cmpstr (scenario.pause_message, ==, "Drive removed — plug it back in to continue");
  g_printerr ("# monitor saw removal: %d, return: %d\n", scenario.monitor_removed, scenario.monitor_added_again);
  g_assert_false (ingest_validation_job_get_paused (job));
  g_assert_cmpstr (ingest_validation_job_get_drive_label (job), ==, variant->label);
  g_assert_true (g_str_has_prefix (ingest_validation_job_get_drive_identity (job), "uuid:"));

  /* The three changes, told apart; nothing unreadable because of the pull. */
  result = find_result (job, "R001/CLIPS/C0001.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_MISMATCH);
  g_assert_cmpstr (ingest_validation_result_get_kind (result), ==, "xxh64");
  g_assert_cmpstr (ingest_validation_result_get_expected (result), ==, old_hash);
  g_assert_cmpstr (ingest_validation_result_get_found (result), ==, new_hash);
  result = find_result (job, "R001/CLIPS/C0002.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_MISSING);
  result = find_result (job, "R001/CLIPS/C9999.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_EXTRA);
  g_assert_cmpstr (ingest_validation_result_get_found (result), ==, added_hash);
  for (guint i = 3; i < N_CLIPS; i++)
    {
      g_autofree char *rel = g_strdup_printf ("R001/CLIPS/C%04u.mov", i);

      result = find_result (job, rel);
      g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_VERIFIED);
    }
  g_assert_cmpuint (ingest_validation_job_get_count (job, INGEST_VALIDATION_STATUS_UNREADABLE), ==, 0);
  g_assert_cmpuint (ingest_validation_job_get_count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, N_CLIPS - 3 + 1);
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_PROBLEMS);
  g_assert_true (ingest_validation_job_get_drive_read_only (job));
  {
    const char * const *diagnostics = ingest_validation_job_get_diagnostics (job);
    gboolean refused = FALSE;

    for (guint i = 0; diagnostics[i] != NULL; i++)
      refused |= strstr (diagnostics[i], "read-only") != NULL;
    g_assert_true (refused);
  }
  /* bytes of the read the pull interrupted are not counted twice */
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, ingest_validation_job_get_bytes_total (job));

  g_free (scenario.pause_message);
}

/* Whether the variant's drive can be set up here; if not, the test is
 * skipped (not root) or failed (a tool is missing). */
static gboolean
can_run (const char *extra_program)
{
  if (!ingest_test_drive_can_run (variant->fs, MOUNT_POINT) ||
      !ingest_test_require_programs ("xxhash coreutils", extra_program, NULL))
    return FALSE;

  ingest_test_cleanup_drives (TMP_PREFIX, IMAGE_NAME, MOUNT_POINT);
  g_assert_false (ingest_test_is_mounted (MOUNT_POINT));
  return TRUE;
}

/* A first ASC MHL generation (with the hashes in @kinds) for STAGING/R001. */
static void
seal_roll (const char *staging,
           guint       kinds)
{
  g_autofree char *roll = g_build_filename (staging, "R001", NULL);
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (roll, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(GError) error = NULL;

  ingest_mhl_verifier_set_hash_kinds (verifier, kinds);
  ingest_mhl_verifier_run (verifier, NULL, &error);
  g_assert_no_error (error);
}

static void
test_mount (gconstpointer data)
{
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *clip = NULL;
  g_autofree char *old_hash = NULL;
  g_autofree char *subprocess = NULL;

  variant = data;
  if (!can_run ("xxhsum"))
    return;

  /* The card as it left the set: a roll with its ASC MHL history. Slow
   * formats on purpose, so that there is time to pull the drive. */
  dir = ingest_test_make_drive_dir (TMP_PREFIX);
  image = g_build_filename (dir, IMAGE_NAME, NULL);
  staging = g_build_filename (dir, "staging", NULL);
  for (guint i = 0; i < N_CLIPS; i++)
    {
      g_autofree char *path = clip_path (staging, i);

      ingest_test_write_random_file (path, CLIP_SIZE, 100 + i);
    }
  clip = clip_path (staging, 1);
  old_hash = ingest_test_tool_hash ("xxhsum", "-H1", clip);
  seal_roll (staging, INGEST_HASH_BIT (INGEST_HASH_XXH64) | INGEST_HASH_BIT (INGEST_HASH_SHA1) |
                      INGEST_HASH_BIT (INGEST_HASH_MD5) | INGEST_HASH_BIT (INGEST_HASH_C4));
  ingest_test_make_drive_image (variant->fs, image, "512M", variant->label, staging, MOUNT_POINT);
  ingest_test_rm_rf (staging);

  g_setenv ("INGEST_TEST_IMAGE", image, TRUE);
  g_setenv ("INGEST_TEST_OLD_HASH", old_hash, TRUE);
  subprocess = g_strdup_printf ("/validation-mount/%s/real-drive/subprocess", variant->name);
  g_test_trap_subprocess (subprocess, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);

  /* Whatever the subprocess did or did not do. */
  ingest_test_cleanup_drives (TMP_PREFIX, IMAGE_NAME, MOUNT_POINT);
  ingest_test_rm_rf (dir);

  g_test_trap_assert_passed ();
}

/* Reads `ingestctl watch --json` lines until @event arrives for our drive. */
static JsonObject *
expect_event (GDataInputStream *lines,
              JsonParser       *parser,
              const char       *event)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      JsonObject *object;

      g_assert_no_error (error);
      g_assert_nonnull (line);   /* watch must not have exited */
      g_printerr ("# watch: %s\n", line);
      json_parser_load_from_data (parser, line, -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member (object, "label"), variant->label) == 0 &&
          g_str_equal (json_object_get_string_member (object, "event"), event))
        return object;
    }
}

/* `ingestctl watch --json --auto-validate` sees the drive, validates it, sees it go. */
static void
test_watch_subprocess (gconstpointer data)
{
  const char *image = g_getenv ("INGEST_TEST_IMAGE");
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonObject *counts;

  if (!in_subprocess (data))
    return;

  watch = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            ingestctl, "watch", "--json", "--auto-validate", "--no-catalog",
                            "--mount-root", "/media", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch));
  g_usleep (G_USEC_PER_SEC / 2);   /* let it list what is already mounted */

  g_assert_true (ingest_test_mount_drive (variant->fs, image, MOUNT_POINT, TRUE));
  object = expect_event (lines, parser, "drive-added");
  g_assert_cmpstr (json_object_get_string_member (object, "mount"), ==, MOUNT_POINT);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "identity"), "uuid:"));
  expect_event (lines, parser, "validation-started");
  object = expect_event (lines, parser, "validation-finished");
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "ok");
  counts = json_object_get_object_member (object, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "verified"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (counts, "missing"), ==, 0);

  {
    const char *argv[] = { "umount", MOUNT_POINT, NULL };
    g_assert_true (ingest_test_run_quiet (argv));
  }
  expect_event (lines, parser, "drive-removed");

  /* SIGTERM ends it cleanly */
  g_subprocess_send_signal (watch, SIGTERM);
  g_subprocess_wait (watch, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (watch));
  g_assert_cmpint (g_subprocess_get_exit_status (watch), ==, 0);
}

/* Runs "/validation-mount/VARIANT/@test/subprocess" (an ingestctl test) on a
 * drive image of a roll of three sealed clips (@size + i bytes, seed @seed
 * + i); INGEST_TEST_IMAGE and INGEST_TEST_CATALOG (in the same folder) tell
 * it where they are. Unplugs and removes everything after. */
static void
run_on_sealed_image (const char *test,
                     gsize       size,
                     guint32     seed)
{
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *subprocess = NULL;

  if (g_getenv ("INGESTCTL") == NULL)
    {
      g_test_skip ("INGESTCTL is not set (run through meson test)");
      return;
    }
  if (!can_run ("truncate"))
    return;

  dir = ingest_test_make_drive_dir (TMP_PREFIX);
  image = g_build_filename (dir, IMAGE_NAME, NULL);
  staging = g_build_filename (dir, "staging", NULL);
  catalog = g_build_filename (dir, "catalog.db", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = clip_path (staging, i);

      ingest_test_write_random_file (path, size + i, seed + i);
    }
  seal_roll (staging, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  ingest_test_make_drive_image (variant->fs, image, "64M", variant->label, staging, MOUNT_POINT);

  g_setenv ("INGEST_TEST_IMAGE", image, TRUE);
  g_setenv ("INGEST_TEST_CATALOG", catalog, TRUE);
  subprocess = g_strdup_printf ("/validation-mount/%s/%s/subprocess", variant->name, test);
  g_test_trap_subprocess (subprocess, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);

  ingest_test_cleanup_drives (TMP_PREFIX, IMAGE_NAME, MOUNT_POINT);
  ingest_test_rm_rf (dir);

  g_test_trap_assert_passed ();
}

static void
test_watch (gconstpointer data)
{
  variant = data;
  run_on_sealed_image ("watch", 100000, 200);
}

/* `ingestctl validate --catalog DB --json ROOT`: its summary; *status = exit code. */
static JsonObject *
validate_json (const char *catalog,
               int        *status)
{
  const char *argv[] = { g_getenv ("INGESTCTL"), "validate", "--catalog", catalog, "--json",
                         MOUNT_POINT, NULL };
  g_autofree char *out = ingest_test_run_capture (argv, status);

  return ingest_test_parse_json_object (out);
}

static gint64
n_resumed (JsonObject *summary)
{
  JsonArray *files = json_object_get_array_member (summary, "files");
  gint64 n = 0;

  for (guint i = 0; i < json_array_get_length (files); i++)
    n += json_object_get_boolean_member_with_default (json_array_get_object_element (files, i), "resumed", FALSE);
  return n;
}

/* A clip rewritten with the same size and set back to its old mtime, after a
 * run with a catalog verified it. On ext4 that changes ctime; exFAT through
 * FUSE sets ctime back with mtime, so nothing there tells the file changed:
 * results are never reused on it, and the clip is a mismatch on both. */
static void
test_resume_subprocess (gconstpointer data)
{
  const char *image = g_getenv ("INGEST_TEST_IMAGE");
  const char *catalog = g_getenv ("INGEST_TEST_CATALOG");
  g_autofree char *clip = NULL;
  g_autoptr(JsonObject) summary = NULL;
  struct timespec times[2];
  struct stat st;
  gint64 resumed;
  int status;

  if (!in_subprocess (data))
    return;

  g_assert_true (ingest_test_mount_drive (variant->fs, image, MOUNT_POINT, FALSE));
  /* times newer than 2 s before a run never let its results be reused */
  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_clear_pointer (&summary, json_object_unref);
      summary = validate_json (catalog, &status);
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "counts"), "verified"), ==, 3);
    }
  resumed = n_resumed (summary);

  clip = clip_path (MOUNT_POINT, 0);
  g_assert_cmpint (g_stat (clip, &st), ==, 0);
  ingest_test_write_random_file (clip, st.st_size, 999);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, clip, times, 0), ==, 0);

  g_clear_pointer (&summary, json_object_unref);
  summary = validate_json (catalog, &status);
  g_assert_cmpint (status, ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "counts"), "mismatch"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "counts"), "verified"), ==, 2);
  /* the second run, clips unchanged: reused on ext4, read again on exFAT */
  g_assert_cmpint (resumed, ==, g_str_equal (variant->fs->name, "exfat") ? 0 : 3);

  g_assert_true (ingest_test_unmount_drive (image, MOUNT_POINT));
}

static void
test_resume (gconstpointer data)
{
  variant = data;
  run_on_sealed_image ("resume", 300000, 300);
}

static void
add_tests (const Variant *v,
           gboolean       watch)
{
  g_autofree char *real_drive = g_strdup_printf ("/validation-mount/%s/real-drive", v->name);
  g_autofree char *real_drive_sub = g_strconcat (real_drive, "/subprocess", NULL);
  g_autofree char *watch_path = g_strdup_printf ("/validation-mount/%s/watch", v->name);
  g_autofree char *watch_sub = g_strconcat (watch_path, "/subprocess", NULL);

  g_test_add_data_func (real_drive, v, test_mount);
  g_test_add_data_func (real_drive_sub, v, test_mount_subprocess);
  if (watch)
    {
      g_autofree char *resume_path = g_strdup_printf ("/validation-mount/%s/resume", v->name);
      g_autofree char *resume_sub = g_strconcat (resume_path, "/subprocess", NULL);

      g_test_add_data_func (watch_path, v, test_watch);
      g_test_add_data_func (watch_sub, v, test_watch_subprocess);
      g_test_add_data_func (resume_path, v, test_resume);
      g_test_add_data_func (resume_sub, v, test_resume_subprocess);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_tests (&ext4_variant, TRUE);
  add_tests (&exfat_variant, TRUE);
  add_tests (&exfat_killed_variant, FALSE);

  return g_test_run ();
}
