/* test-drive-session.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


/* One drive's session: its states in order, its typed outcomes, a stage
 * plugged in after the read (reading along through a sink), a stage that
 * fails, and a drive pulled out and plugged back in mid-read. Display-free;
 * copies are checked against xxhsum. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-sqlite-private.h"
#include "ingest-test-sink.h"
#include "ingest-test-util.h"

#define MiB (1024 * 1024)

typedef struct
{
  char          *dir;
  char          *drive_path;
  char          *nas;
  IngestCatalog *catalog;
  IngestDrive   *drive;
} Fixture;

static const gsize roll_sizes[] = { 3 * MiB, 512 * 1024, 0, 70 * 1024 };

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *roll = NULL;

  fixture->dir = ingest_test_make_tmpdir ("ingest-session-XXXXXX");
  fixture->drive_path = g_build_filename (fixture->dir, "CARD_A", NULL);
  fixture->nas = g_build_filename (fixture->dir, "nas", NULL);
  roll = g_build_filename (fixture->drive_path, "A001", NULL);
  ingest_test_make_mhl_roll (roll, roll_sizes, G_N_ELEMENTS (roll_sizes), 31);
  g_assert_cmpint (g_mkdir (fixture->nas, 0755), ==, 0);
  fixture->catalog = ingest_test_open_catalog (fixture->dir);
  fixture->drive = ingest_test_scanned_drive (fixture->drive_path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->drive);
  ingest_test_close_catalog (&fixture->catalog);
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->drive_path);
  g_free (fixture->nas);
}

static void
assert_states (GArray                   *seen,
               const IngestSessionState *expected,
               guint                     n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < seen->len; i++)
    g_string_append_printf (text, " %s", g_enum_to_string (INGEST_TYPE_SESSION_STATE,
                                                           g_array_index (seen, IngestSessionState, i)));
  g_test_message ("states:%s", text->str);
  g_assert_cmpuint (seen->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (seen, IngestSessionState, i), ==, expected[i]);
}

static GPtrArray *
nas_destinations (Fixture *fixture)
{
  GPtrArray *destinations = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (destinations, ingest_folder_destination_new (fixture->nas, fixture->catalog));
  return destinations;
}

/*
 * A stage of our own: reads along (the proof that adding a stage is adding
 * one class), and can be told to fail.
 */

#define TEST_TYPE_TALLY_STAGE (test_tally_stage_get_type ())
G_DECLARE_FINAL_TYPE (TestTallyStage, test_tally_stage, TEST, TALLY_STAGE, IngestSessionStage)

struct _TestTallyStage
{
  IngestSessionStage  parent_instance;

  IngestReadSink     *sink;      /* what it read along, per file */
  gboolean            fail;
  guint               n_runs;
  IngestSessionState  state_seen; /* the session's, while it ran */
};

G_DEFINE_FINAL_TYPE (TestTallyStage, test_tally_stage, INGEST_TYPE_SESSION_STAGE)

static gboolean
tally_prepare (IngestSessionStage   *stage,
               IngestDriveSession   *session,
               IngestValidationJob  *read,
               GError              **error)
{
  TestTallyStage *self = TEST_TALLY_STAGE (stage);

  g_clear_object (&self->sink);
  self->sink = ingest_test_sink_new (NULL, NULL, NULL);
  ingest_validation_job_add_sink (read, self->sink);
  return TRUE;
}

static void
tally_run_async (IngestSessionStage  *stage,
                 IngestDriveSession  *session,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  TestTallyStage *self = TEST_TALLY_STAGE (stage);
  g_autoptr(GTask) task = g_task_new (stage, cancellable, callback, user_data);

  self->n_runs++;
  self->state_seen = ingest_drive_session_get_state (session);
  if (self->fail)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "the tally stage could not finish");
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
tally_run_finish (IngestSessionStage  *stage,
                  GAsyncResult        *result,
                  GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
tally_dispose (GObject *object)
{
  g_clear_object (&TEST_TALLY_STAGE (object)->sink);
  G_OBJECT_CLASS (test_tally_stage_parent_class)->dispose (object);
}

static void
test_tally_stage_class_init (TestTallyStageClass *klass)
{
  IngestSessionStageClass *stage_class = INGEST_SESSION_STAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tally_dispose;
  stage_class->prepare = tally_prepare;
  stage_class->run_async = tally_run_async;
  stage_class->run_finish = tally_run_finish;
  ingest_session_stage_class_set_state (stage_class, INGEST_SESSION_STATE_INSPECTING);
}

static void
test_tally_stage_init (TestTallyStage *self)
{
}

typedef struct
{
  const char *uuid;
  char       *kind;
  char       *state;
  char       *verdict;
  char       *error;
  gint64      finished_at;
  guint       n_rows;
} Record;

static gboolean
read_record (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  Record *record = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT kind, state, verdict, error, IFNULL (finished_at, 0), "
                                           "(SELECT COUNT (*) FROM drive_sessions) "
                                           "FROM drive_sessions WHERE uuid = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  record->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  record->state = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  record->error = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  record->finished_at = sqlite3_column_int64 (stmt, 4);
  record->n_rows = sqlite3_column_int (stmt, 5);
  return TRUE;
}

/* The session's row in the catalog, once every queued write is done (a
 * synchronous write waits behind them). */
static void
assert_record (Fixture            *fixture,
               IngestDriveSession *session,
               const char         *kind,
               const char         *state,
               const char         *verdict,
               gboolean            with_error,
               guint               n_rows)
{
  Record record = { .uuid = ingest_drive_session_get_record_uuid (session) };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (record.uuid);
  g_assert_true (ingest_catalog_write_sync (fixture->catalog, (IngestCatalogWriteFunc) read_record, &record, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (record.kind, ==, kind);
  g_assert_cmpstr (record.state, ==, state);
  g_assert_cmpstr (record.verdict, ==, verdict);
  g_assert_true ((record.error != NULL) == with_error);
  g_assert_cmpint (record.finished_at, >, 0);
  g_assert_cmpuint (record.n_rows, ==, n_rows);
  g_free (record.kind);
  g_free (record.state);
  g_free (record.verdict);
  g_free (record.error);
}

/*
 * Tests
 */

/* Detected, recognised, validating, done: and the drive says VERIFIED. */
static void
test_validate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(IngestDrive) fresh = NULL;
  g_autoptr(IngestDriveSession) session = NULL;
  g_autoptr(IngestDriveSession) scanning = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (IngestSessionState));
  g_autoptr(GError) error = NULL;
  const IngestSessionState expected[] = {
    INGEST_SESSION_STATE_RECOGNISED, INGEST_SESSION_STATE_VALIDATING, INGEST_SESSION_STATE_DONE,
  };

  /* While its scan runs: detected; once its rolls are known: recognised. */
  fresh = ingest_drive_new_for_path (fixture->drive_path, NULL, &error);
  g_assert_no_error (error);
  scanning = ingest_drive_session_new (fresh, NULL);
  ingest_drive_scan_async (fresh, NULL, NULL, NULL);
  g_assert_cmpint (ingest_drive_session_get_state (scanning), ==, INGEST_SESSION_STATE_DETECTED);
  ingest_test_wait_drive_ready (fresh);
  g_assert_cmpint (ingest_drive_session_get_state (scanning), ==, INGEST_SESSION_STATE_RECOGNISED);
  g_assert_null (ingest_drive_session_get_read (scanning));

  session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_assert_cmpstr (ingest_drive_session_get_identity (session), ==, ingest_drive_get_identity (fixture->drive));
  ingest_test_record_state_cb (session, NULL, states);
  g_signal_connect (session, "notify::state", G_CALLBACK (ingest_test_record_state_cb), states);

  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);
  g_assert_true (ingest_drive_session_get_running (session));
  g_assert_true (ingest_drive_session_get_reading (session));
  g_assert_false (ingest_drive_session_get_uploading (session));
  /* One run at a time. */
  g_assert_false (ingest_drive_session_validate (session, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  ingest_test_wait_until (ingest_test_session_idle, session, 60000);
  assert_states (states, expected, G_N_ELEMENTS (expected));
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_false (ingest_drive_session_get_cancelled (session));
  g_assert_cmpint (ingest_drive_session_get_verdict (session), ==, INGEST_VALIDATION_VERDICT_OK);
  g_assert_cmpint (ingest_drive_get_state (fixture->drive), ==, INGEST_DRIVE_STATE_VERIFIED);
  g_assert_cmpuint (ingest_validation_job_get_count (ingest_drive_session_get_read (session),
                                                     INGEST_VALIDATION_STATUS_VERIFIED), ==, G_N_ELEMENTS (roll_sizes));
  assert_record (fixture, session, "validation", "done", "ok", FALSE, 1);
  /* A validation lists no deliveries. */
  g_assert_null (ingest_drive_session_get_upload (session));
  g_assert_cmpuint (g_list_model_get_n_items (ingest_drive_session_get_files (session)), ==, 0);
}

static void
keep_outcome_cb (IngestDriveSession *session,
                 IngestFileOutcome  *outcome,
                 GPtrArray          *outcomes)
{
  g_ptr_array_add (outcomes, g_object_ref (outcome));
}

/* Uploading, then a stage of our own (INSPECTING) that read every byte
 * along with the upload; one typed outcome per file, the roll verified. */
static void
test_upload_with_stage (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(TestTallyStage) tally = g_object_new (TEST_TYPE_TALLY_STAGE, NULL);
  g_autoptr(GPtrArray) destinations = nas_destinations (fixture);
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new ("{roll}/{path}", NULL, NULL);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (IngestSessionState));
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *files;
  GListModel *rolls;
  g_autoptr(IngestRollOutcome) roll = NULL;
  const IngestSessionState expected[] = {
    INGEST_SESSION_STATE_RECOGNISED, INGEST_SESSION_STATE_UPLOADING,
    INGEST_SESSION_STATE_INSPECTING, INGEST_SESSION_STATE_DONE,
  };

  if (!ingest_test_require_programs ("xxhash", "xxhsum", NULL))
    return;

  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (tally));
  ingest_test_record_state_cb (session, NULL, states);
  g_signal_connect (session, "notify::state", G_CALLBACK (ingest_test_record_state_cb), states);
  g_signal_connect (session, "file-outcome", G_CALLBACK (keep_outcome_cb), outcomes);
  g_assert_true (ingest_drive_session_upload (session, destinations, layout, &error));
  g_assert_no_error (error);
  g_assert_true (ingest_drive_session_get_uploading (session));
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);

  assert_states (states, expected, G_N_ELEMENTS (expected));
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_cmpuint (tally->n_runs, ==, 1);
  g_assert_cmpint (tally->state_seen, ==, INGEST_SESSION_STATE_INSPECTING);
  g_assert_cmpuint (ingest_test_sink_get_n_ends (INGEST_TEST_SINK (tally->sink)), ==, 1);

  /* Each file once, verified at its one destination; its copy and what the
   * stage read along are the drive's bytes (xxhsum). */
  files = ingest_drive_session_get_files (session);
  g_assert_cmpuint (g_list_model_get_n_items (files), ==, G_N_ELEMENTS (roll_sizes));
  g_assert_cmpuint (outcomes->len, ==, G_N_ELEMENTS (roll_sizes));
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(IngestFileOutcome) outcome = g_list_model_get_item (files, i);
      const char *path = ingest_file_outcome_get_path (outcome);
      const IngestDelivery *delivery = ingest_file_outcome_get_delivery (outcome, 0);
      g_autofree char *source = g_build_filename (fixture->drive_path, path, NULL);
      g_autofree char *copy = NULL;
      g_autofree char *want = ingest_test_tool_hash ("xxhsum", "-H1", source);
      g_autofree char *got = NULL;
      g_autofree char *read_along = ingest_test_sink_dup_xxh64 (INGEST_TEST_SINK (tally->sink), path);

      g_assert_true (g_ptr_array_find (outcomes, outcome, NULL));
      g_assert_cmpint (ingest_file_outcome_get_state (outcome), ==, INGEST_DELIVERY_STATE_VERIFIED);
      g_assert_cmpint (ingest_file_outcome_get_validation (outcome), ==, INGEST_VALIDATION_STATUS_VERIFIED);
      g_assert_cmpuint (ingest_file_outcome_get_n_deliveries (outcome), ==, 1);
      g_assert_cmpint (delivery->state, ==, INGEST_DELIVERY_STATE_VERIFIED);
      copy = g_build_filename (fixture->nas, path, NULL);
      g_assert_cmpstr (delivery->location, ==, copy);
      got = ingest_test_tool_hash ("xxhsum", "-H1", copy);
      g_assert_cmpstr (got, ==, want);
      if (ingest_file_outcome_get_size (outcome) > 0)
        g_assert_cmpstr (read_along, ==, want);
      g_assert_cmpuint (ingest_test_sink_get_n_verdicts (INGEST_TEST_SINK (tally->sink), path), ==, 1);
    }

  rolls = ingest_drive_session_get_rolls (session);
  g_assert_cmpuint (g_list_model_get_n_items (rolls), ==, 1);
  roll = g_list_model_get_item (rolls, 0);
  g_assert_cmpstr (ingest_roll_outcome_get_path (roll), ==, "A001");
  g_assert_cmpint (ingest_roll_outcome_get_state (roll), ==, INGEST_ROLL_STATE_VERIFIED);
  g_assert_cmpuint (ingest_roll_outcome_get_n_verified (roll), ==, G_N_ELEMENTS (roll_sizes));
  g_assert_cmpuint (ingest_roll_outcome_get_history (roll)->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ingest_drive_session_get_transfers (session)), ==, 0);
  assert_record (fixture, session, "upload", "done", "ok", FALSE, 1);
}

/* A stage that fails: the session is FAILED with its error, later stages
 * do not run; the next run starts clean. */
static void
test_stage_fails (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(TestTallyStage) failing = g_object_new (TEST_TYPE_TALLY_STAGE, NULL);
  g_autoptr(TestTallyStage) after = g_object_new (TEST_TYPE_TALLY_STAGE, NULL);
  g_autoptr(GError) error = NULL;

  failing->fail = TRUE;
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (failing));
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (after));
  g_assert_true (ingest_drive_session_validate (session, &error));
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);

  g_assert_cmpint (ingest_drive_session_get_state (session), ==, INGEST_SESSION_STATE_FAILED);
  g_assert_error ((GError *) ingest_drive_session_get_error (session), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (failing->n_runs, ==, 1);
  g_assert_cmpuint (after->n_runs, ==, 0);
  assert_record (fixture, session, "validation", "failed", "ok", TRUE, 1);
  /* The read itself was fine: the drive is verified. */
  g_assert_cmpint (ingest_drive_get_state (fixture->drive), ==, INGEST_DRIVE_STATE_VERIFIED);

  failing->fail = FALSE;
  g_assert_true (ingest_drive_session_validate (session, &error));
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);
  g_assert_cmpint (ingest_drive_session_get_state (session), ==, INGEST_SESSION_STATE_DONE);
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_cmpuint (after->n_runs, ==, 1);
  assert_record (fixture, session, "validation", "done", "ok", FALSE, 2);
}

/* A card reader that takes its time, so the drive can be pulled mid-read. */
static gboolean
slow_chunk_cb (const char    *path,
               const guint8  *data,
               gsize          len,
               guint64        offset,
               gpointer       user_data,
               GError       **error)
{
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  return TRUE;
}

static void
slow_read_cb (IngestDriveSession  *session,
              IngestValidationJob *read,
              gpointer             user_data)
{
  ingest_validation_job_set_n_threads (read, 1);
  ingest_test_add_sink (read, slow_chunk_cb, NULL, NULL);
}

static gboolean
has_read_bytes (gpointer user_data)
{
  IngestValidationJob *read = ingest_drive_session_get_read (user_data);

  return read != NULL && ingest_validation_job_get_bytes_done (read) > 0;
}

static gboolean
is_unplugged (gpointer user_data)
{
  return ingest_drive_session_get_state (user_data) == INGEST_SESSION_STATE_PAUSED_UNPLUGGED;
}

/* Pulled out mid-upload: PAUSED_UNPLUGGED (the read stops at once); back
 * (the monitor says READY): the same run goes on and ends verified, nothing
 * sent twice in a way that shows (every copy equals its source). */
static void
test_unplug_and_back (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(GPtrArray) destinations = nas_destinations (fixture);
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new ("{roll}/{path}", NULL, NULL);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (IngestSessionState));
  g_autoptr(GError) error = NULL;
  const IngestSessionState expected[] = {
    INGEST_SESSION_STATE_RECOGNISED, INGEST_SESSION_STATE_UPLOADING, INGEST_SESSION_STATE_PAUSED_UNPLUGGED,
    INGEST_SESSION_STATE_UPLOADING, INGEST_SESSION_STATE_DONE,
  };

  g_signal_connect (session, "prepare-read", G_CALLBACK (slow_read_cb), NULL);
  ingest_test_record_state_cb (session, NULL, states);
  g_signal_connect (session, "notify::state", G_CALLBACK (ingest_test_record_state_cb), states);
  g_assert_true (ingest_drive_session_upload (session, destinations, layout, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (has_read_bytes, session, 30000);

  /* What the drive monitor does when the card is pulled, then back. */
  ingest_drive_set_state (fixture->drive, INGEST_DRIVE_STATE_REMOVED);
  ingest_test_wait_until (is_unplugged, session, 30000);
  g_assert_true (ingest_drive_session_get_running (session));
  g_assert_true (ingest_validation_job_get_paused (ingest_drive_session_get_read (session)));
  ingest_drive_set_state (fixture->drive, INGEST_DRIVE_STATE_SCANNING);
  ingest_drive_set_state (fixture->drive, INGEST_DRIVE_STATE_READY);
  ingest_test_wait_until (ingest_test_session_idle, session, 120000);

  assert_states (states, expected, G_N_ELEMENTS (expected));
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_cmpuint (ingest_upload_job_get_files_verified (ingest_drive_session_get_upload (session)), ==,
                    G_N_ELEMENTS (roll_sizes));
  g_assert_cmpint (ingest_drive_get_state (fixture->drive), ==, INGEST_DRIVE_STATE_VERIFIED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add ("/session/validate", Fixture, NULL, fixture_set_up, test_validate, fixture_tear_down);
  g_test_add ("/session/upload-with-stage", Fixture, NULL, fixture_set_up, test_upload_with_stage, fixture_tear_down);
  g_test_add ("/session/stage-fails", Fixture, NULL, fixture_set_up, test_stage_fails, fixture_tear_down);
  g_test_add ("/session/unplug-and-back", Fixture, NULL, fixture_set_up, test_unplug_and_back, fixture_tear_down);

  return g_test_run ();
}
