/* test-validation-resume.c
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

/* A validation with a catalog: resuming after a kill or through the API,
 * the same-second rule, and the pause when the drive goes away. */

#define G_LOG_DOMAIN "test-validation-resume"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-test-sink.h"
#include "ingest-test-util.h"
#include "test-validation-common.h"

static gint64
sql_int (const char *db_path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return -1;
    }
  sqlite3_busy_timeout (db, 1000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* A run reuses a result only for files whose times are at least 2 s older
 * than the run that read them (ingest-validation-job.c, REUSE_MARGIN_NS). */
#define REUSE_WAIT_USEC (2100 * G_TIME_SPAN_MILLISECOND)

static void
sql_exec (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 1000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_close (db);
}

static gint64
stat_ctime_ns (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  return (gint64) st.st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_ctim.tv_nsec;
}

/* A file rewritten in the same second as the earlier read, on a filesystem
 * with coarse times: same size, same mtime, same ctime. The catalog is made to
 * hold what such a filesystem would have shown (the new ctime); the file was
 * written after that run began, so it must be read again, not "verified". */
static void
test_resume_same_second (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *state = ingest_test_make_tmpdir ("validation-state");
  g_autofree char *db = g_build_filename (state, "catalog.db", NULL);
  g_autofree char *path = g_build_filename (root, "R", "A.mov", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  gboolean resumes = ingest_test_resumes_on (root);
  struct timespec times[2];
  struct stat st;

  write_random (root, "R/A.mov", 64 * 1024, 1);
  write_random (root, "R/B.mov", 64 * 1024, 2);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_usleep (REUSE_WAIT_USEC);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(IngestCatalog) catalog = ingest_catalog_open (db, &error);
      g_autoptr(IngestValidationJob) job = NULL;

      g_assert_no_error (error);
      job = validate (root, catalog, NULL);
      g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 2);
      /* the unchanged, older files are resumed the second time */
      g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, resumes ? pass * 2 * 64 * 1024 : 0);
      g_clear_object (&job);
      g_assert_true (ingest_catalog_close (catalog, &error));
      g_assert_no_error (error);
    }

  /* rewrite A with the same size, set its mtime back */
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  write_random (root, "R/A.mov", 64 * 1024, 3);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
  sql = g_strdup_printf ("UPDATE validation_results SET fingerprint = "
                         "substr(fingerprint, 1, instr(fingerprint, ';ctime=') + 6) || '%" G_GINT64_FORMAT "' "
                         "WHERE file_id = (SELECT id FROM files WHERE path LIKE '%%A.mov')",
                         stat_ctime_ns (path));
  sql_exec (db, sql);

  {
    g_autoptr(IngestCatalog) catalog = ingest_catalog_open (db, &error);
    g_autoptr(IngestValidationJob) job = NULL;

    g_assert_no_error (error);
    job = validate (root, catalog, NULL);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_MISMATCH), ==, 1);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 1);
    g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, resumes ? 64 * 1024 : 0);
    g_clear_object (&job);
    g_assert_true (ingest_catalog_close (catalog, &error));
    g_assert_no_error (error);
  }

  ingest_test_rm_rf (root);
  ingest_test_rm_rf (state);
}

/* kill -9 in the middle, run again: what was verified is not read again. */
static void
test_resume_after_kill (void)
{
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *state = ingest_test_make_tmpdir ("validation-state");
  g_autofree char *catalog = g_build_filename (state, "catalog.db", NULL);
  g_autofree char *reports = g_build_filename (state, "reports", NULL);
  g_autofree char *report_text = NULL;
  g_autofree char *altered_path = NULL;
  g_autofree char *roll = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const guint n_files = 160;
  const gsize file_size = 2 * 1024 * 1024;
  const char *name;
  const char *argv[] = { ingestctl, "validate", "--catalog", catalog, "--threads", "1", root, NULL };
  gint64 verified_before = 0;
  gint64 n_resumed = 0;
  char *altered = NULL;
  JsonObject *object;
  JsonArray *files;
  GPid pid;
  int wait_status;
  int status;

  if (ingestctl == NULL)
    {
      g_test_skip ("INGESTCTL is not set (run through meson test)");
      return;
    }

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *rel = g_strdup_printf ("R001/CLIPS/C%04u.mov", i);

      write_random (root, rel, file_size, 1000 + i);
    }
  /* slow formats on purpose, so that the run can be caught in the middle */
  roll = build (root, "R001");
  seal_with_mhl (roll, INGEST_HASH_BIT (INGEST_HASH_SHA1) | INGEST_HASH_BIT (INGEST_HASH_MD5) |
                       INGEST_HASH_BIT (INGEST_HASH_C4));
  g_usleep (REUSE_WAIT_USEC);

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  for (guint tries = 0; tries < 3000; tries++)
    {
      verified_before = sql_int (catalog, "SELECT count(*) FROM validation_results WHERE status = 'verified'");
      if (verified_before >= 10)
        break;
      g_usleep (5 * 1000);
    }
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (wait_status));   /* killed, not finished */
  verified_before = sql_int (catalog, "SELECT count(*) FROM validation_results WHERE status = 'verified'");
  g_test_message ("killed after %" G_GINT64_FORMAT " verified results", verified_before);
  g_assert_cmpint (verified_before, >=, 10);
  g_assert_cmpint (verified_before, <, n_files);
  g_assert_cmpint (sql_int (catalog, "SELECT count(*) FROM validation_runs WHERE state = 'running'"), ==, 1);

  /* a file verified before the kill is changed since: it must be read again */
  altered = g_strdup_printf ("R001/CLIPS/C%04u.mov", 0);
  altered_path = build (root, altered);
  write_random (root, altered, file_size, 4242);

  {
    const char *argv2[] = { ingestctl, "validate", "--catalog", catalog, "--report-dir", reports, root, NULL };
    g_autofree char *out = ingest_test_run_capture (argv2, &status);
  }
  g_assert_cmpint (status, ==, 3);   /* the altered file */

  dir = g_dir_open (reports, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      {
        g_autofree char *path = g_build_filename (reports, name, NULL);

        g_assert_true (g_file_get_contents (path, &report_text, NULL, NULL));
      }
  g_assert_nonnull (report_text);
  report = parse_json (report_text);
  object = json_node_get_object (report);

  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"), "verified"), ==, n_files - 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"), "mismatch"), ==, 1);
  files = json_object_get_array_member (object, "files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      if (json_object_has_member (file, "resumed"))
        {
          g_assert_cmpstr (json_object_get_string_member (file, "path"), !=, altered);
          n_resumed++;
        }
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0), "path"), ==, altered);
  /* every file verified before the kill but the altered one was not read
   * again — where the filesystem's times can tell (else every file is read) */
  g_assert_cmpint (n_resumed, ==, ingest_test_resumes_on (root) ? verified_before - 1 : 0);
  g_assert_cmpint (json_object_get_int_member (object, "bytes_resumed"), ==, n_resumed * file_size);
  g_assert_cmpint (json_object_get_int_member (object, "bytes_read"), ==, (n_files - n_resumed) * file_size);

  g_free (altered);
  ingest_test_rm_rf (root);
  ingest_test_rm_rf (state);
}

typedef struct {
  char     *root;
  char     *away;
  gboolean  moved;
  gboolean  saw_pause;
  char     *pause_message;
} Unplug;

/* The first buffer read "pulls the drive": the folder disappears. */
static gboolean
unplug_chunk (const char    *path,
              const guint8  *data,
              gsize          len,
              guint64        offset,
              gpointer       user_data,
              GError       **error)
{
  Unplug *unplug = user_data;

  if (!unplug->moved)
    {
      unplug->moved = TRUE;
      g_assert_cmpint (g_rename (unplug->root, unplug->away), ==, 0);
    }
  return TRUE;
}

static gboolean
replug_cb (gpointer user_data)
{
  Unplug *unplug = user_data;

  g_assert_cmpint (g_rename (unplug->away, unplug->root), ==, 0);
  return G_SOURCE_REMOVE;
}

static void
paused_cb (IngestValidationJob *job,
           GParamSpec          *pspec,
           Unplug              *unplug)
{
  if (!ingest_validation_job_get_paused (job))
    return;
  unplug->saw_pause = TRUE;
  g_free (unplug->pause_message);
  unplug->pause_message = g_strdup (ingest_validation_job_get_message (job));
  g_timeout_add (300, replug_cb, unplug);
}

/* The drive goes away mid-run: the job pauses, and continues when it is back. */
static void
test_pause_when_removed (void)
{
  g_autofree char *parent = ingest_test_make_tmpdir ("validation-unplug");
  g_autofree char *root = g_build_filename (parent, "DRIVE", NULL);
  g_autofree char *away = g_build_filename (parent, "gone", NULL);
  g_autoptr(IngestValidationJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Unplug unplug = { root, away, FALSE, FALSE, NULL };

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));

  job = ingest_validation_job_new (root);
  ingest_validation_job_set_n_threads (job, 1);
  ingest_test_add_sink (job, unplug_chunk, NULL, &unplug);
  g_signal_connect (job, "notify::paused", G_CALLBACK (paused_cb), &unplug);
  run_job_full (job, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (unplug.moved);
  g_assert_true (unplug.saw_pause);
  g_assert_cmpstr (unplug.pause_message, ==, "Drive removed — plug it back in to continue");
  g_assert_false (ingest_validation_job_get_paused (job));
  /* nothing was lost to the removal: every file verified once */
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 6);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_UNREADABLE), ==, 0);
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, ingest_validation_job_get_bytes_total (job));

  g_free (unplug.pause_message);
  ingest_test_rm_rf (parent);
}

/* In-process resume through the API: cancel, run again, count the bytes read. */
static void
cancel_after_results_cb (GListModel   *model,
                         guint         position,
                         guint         removed,
                         guint         added,
                         GCancellable *cancellable)
{
  if (g_list_model_get_n_items (model) >= 3)
    g_cancellable_cancel (cancellable);
}

static gboolean
slow_chunk (const char    *path,
            const guint8  *data,
            gsize          len,
            guint64        offset,
            gpointer       user_data,
            GError       **error)
{
  g_usleep (20 * 1000);   /* a slow drive */
  return TRUE;
}

static void
test_resume_api (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *state = ingest_test_make_tmpdir ("validation-state");
  g_autofree char *db = g_build_filename (state, "catalog.db", NULL);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  gboolean resumes = ingest_test_resumes_on (root);
  guint64 verified_first = 0;
  guint64 resumed_first;
  guint64 total = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *rel = g_strdup_printf ("R/C%02u.mov", i);

      write_random (root, rel, 64 * 1024, i);
      total += 64 * 1024;
    }
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_usleep (REUSE_WAIT_USEC);
  catalog = ingest_catalog_open (db, &error);
  g_assert_no_error (error);

  {
    g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GListModel) results = ingest_validation_job_list_results (job);

    ingest_validation_job_set_catalog (job, catalog);
    ingest_validation_job_set_n_threads (job, 1);
    ingest_test_add_sink (job, slow_chunk, NULL, NULL);
    g_signal_connect (results, "items-changed", G_CALLBACK (cancel_after_results_cb), cancellable);
    g_assert_false (run_job_full (job, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpint (ingest_validation_job_get_phase (job), ==, INGEST_VALIDATION_PHASE_CANCELLED);
    verified_first = count (job, INGEST_VALIDATION_STATUS_VERIFIED);
    g_assert_cmpuint (verified_first, >=, 3);
    g_assert_cmpuint (verified_first, <, 40);
  }
  {
    g_autoptr(IngestValidationJob) job = validate (root, catalog, NULL);
    g_autoptr(GListModel) results = ingest_validation_job_list_results (job);
    guint n_resumed = 0;

    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(IngestValidationResult) result = g_list_model_get_item (results, i);

        n_resumed += ingest_validation_result_get_resumed (result);
      }
    /* where the filesystem's times cannot tell an unchanged file, none is kept */
    resumed_first = resumes ? verified_first : 0;
    g_assert_cmpuint (n_resumed, ==, resumed_first);
    g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, resumed_first * 64 * 1024);
    g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, total - resumed_first * 64 * 1024);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 40);
    g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
  }
  {
    /* and without reuse, everything is read */
    g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);

    ingest_validation_job_set_catalog (job, catalog);
    ingest_validation_job_set_reuse_verified (job, FALSE);
    run_job_full (job, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, total);
    g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, 0);
  }

  g_assert_true (ingest_catalog_close (catalog, &error));
  g_assert_no_error (error);
  ingest_test_rm_rf (root);
  ingest_test_rm_rf (state);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validation/resume-api", test_resume_api);
  g_test_add_func ("/validation/resume-after-kill", test_resume_after_kill);
  g_test_add_func ("/validation/resume-same-second", test_resume_same_second);
  g_test_add_func ("/validation/pause-when-removed", test_pause_when_removed);

  return g_test_run ();
}
