/* ingest-validation-job-catalog.c
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

#define G_LOG_DOMAIN "ingest-validation-job"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "ingest-drive.h"
#include "ingest-sqlite-private.h"
#include "ingest-validation-compare-private.h"
#include "ingest-validation-job-private.h"

/* The validation job's rows in the catalog: a validation_runs row per run,
 * a files row per path of a roll, a validation_results row per file per run,
 * and the hashes computed here in file_hashes (origin ''). And resuming:
 * which result of an earlier run stands without reading the file again. */

static const char *
db_roll_path (const char *path)
{
  return strcmp (path, ".") == 0 ? "" : path;
}

const char *
_ingest_validation_path_in_roll (const char *path,
                                 const char *roll_path)
{
  gsize len;

  if (strcmp (roll_path, ".") == 0)
    return path;
  len = strlen (roll_path);
  if (strncmp (path, roll_path, len) == 0 && path[len] == '/')
    return path + len + 1;
  return path;
}

typedef struct {
  const char *identity;
  const char *label;
  const char *uuid;
  const char *filesystem;
  GPtrArray  *rolls;
  gint64      started_at;
  gint64      run_id;
} Begin;

static gboolean
begin_func (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  Begin *op = data;
  g_autoptr(sqlite3_stmt) run = NULL;
  gint64 drive_id;
  int rc;

  if (!_ingest_catalog_upsert_drive_row (db, op->identity, op->label, op->uuid, op->filesystem,
                                         op->started_at, &drive_id, error))
    return FALSE;
  for (guint i = 0; i < op->rolls->len; i++)
    {
      IngestValidationRollData *r = g_ptr_array_index (op->rolls, i);

      if (!_ingest_catalog_upsert_roll_row (db, drive_id, db_roll_path (r->path), r->name,
                                            r->kind_nick, r->mhl_kind, &r->db_id, error))
        return FALSE;
    }

  run = _ingest_sqlite_prepare (db,
                                "INSERT INTO validation_runs (drive_id, state, started_at) VALUES (?1, 'running', ?2) "
                                "RETURNING id", error);
  if (run == NULL)
    return FALSE;
  sqlite3_bind_int64 (run, 1, drive_id);
  sqlite3_bind_int64 (run, 2, op->started_at);
  rc = sqlite3_step (run);
  if (rc != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, rc, "Could not record the validation run");
  op->run_id = sqlite3_column_int64 (run, 0);
  return _ingest_sqlite_step_done (run, error);
}

gboolean
_ingest_validation_catalog_begin (IngestCatalog  *catalog,
                                  const char     *identity,
                                  const char     *label,
                                  const char     *uuid,
                                  const char     *filesystem,
                                  GPtrArray      *rolls,
                                  gint64          started_at,
                                  gint64         *run_id,
                                  GError        **error)
{
  Begin op = { identity, label, uuid, filesystem, rolls, started_at, 0 };

  if (!ingest_catalog_write_sync (catalog, begin_func, &op, NULL, error))
    return FALSE;
  *run_id = op.run_id;
  return TRUE;
}

static void
previous_free (gpointer data)
{
  IngestValidationPrevious *previous = data;

  g_free (previous->status);
  g_free (previous->fingerprint);
  g_free (previous->kind);
  g_free (previous->expected);
  g_free (previous->found);
  g_free (previous);
}

typedef struct {
  const char *identity;
  GHashTable *previous;
} LoadPrevious;

static gboolean
load_previous_func (sqlite3  *db,
                    gpointer  data,
                    GError  **error)
{
  LoadPrevious *op = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Oldest first, so that the latest result of each file wins. */
  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT ro.path, f.path, vr.status, vr.size, vr.mtime_ns, vr.fingerprint, "
                                 "       vr.hash_kind, vr.expected, vr.found, r.started_at "
                                 "FROM validation_results vr "
                                 "JOIN validation_runs r ON r.id = vr.run_id "
                                 "JOIN files f ON f.id = vr.file_id "
                                 "JOIN rolls ro ON ro.id = f.roll_id "
                                 "JOIN drives d ON d.id = ro.drive_id "
                                 "WHERE d.identity = ?1 "
                                 "ORDER BY vr.checked_at, vr.run_id", error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, op->identity);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IngestValidationPrevious *previous = g_new0 (IngestValidationPrevious, 1);
      const char *roll = (const char *) sqlite3_column_text (stmt, 0);
      const char *path = (const char *) sqlite3_column_text (stmt, 1);

      previous->status = _ingest_sqlite_dup_text (stmt, 2);
      previous->size = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
      previous->mtime_ns = sqlite3_column_int64 (stmt, 4);
      previous->fingerprint = _ingest_sqlite_dup_text (stmt, 5);
      previous->kind = _ingest_sqlite_dup_text (stmt, 6);
      previous->expected = _ingest_sqlite_dup_text (stmt, 7);
      previous->found = _ingest_sqlite_dup_text (stmt, 8);
      previous->run_started_at = sqlite3_column_int64 (stmt, 9);
      g_hash_table_insert (op->previous,
                           roll[0] != '\0' ? g_strconcat (roll, "/", path, NULL) : g_strdup (path),
                           previous);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, "Could not read earlier validation results");
  return TRUE;
}

GHashTable *
_ingest_validation_catalog_load_previous (IngestCatalog  *catalog,
                                          const char     *identity,
                                          GError        **error)
{
  g_autoptr(GHashTable) previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, previous_free);
  LoadPrevious op = { identity, previous };

  if (!ingest_catalog_read_sync (catalog, load_previous_func, &op, error))
    return NULL;
  return g_steal_pointer (&previous);
}

typedef struct {
  gint64     run_id;
  GPtrArray *rolls;
  GPtrArray *results;
} WriteResults;

static gboolean
write_results_func (sqlite3  *db,
                    gpointer  data,
                    GError  **error)
{
  WriteResults *op = data;
  g_autoptr(sqlite3_stmt) file = NULL;
  g_autoptr(sqlite3_stmt) result = NULL;
  g_autoptr(sqlite3_stmt) hash = NULL;
  gint64 now = g_get_real_time ();
  int rc;

  file = _ingest_sqlite_prepare (db,
                                 "INSERT INTO files (roll_id, path, size, mtime_ns) VALUES (?1, ?2, ?3, ?4) "
                                 "ON CONFLICT (roll_id, path) DO UPDATE SET "
                                 "  size = coalesce (excluded.size, files.size), "
                                 "  mtime_ns = coalesce (excluded.mtime_ns, files.mtime_ns) "
                                 "RETURNING id", error);
  result = _ingest_sqlite_prepare (db,
                                   "INSERT OR REPLACE INTO validation_results (run_id, file_id, status, hash_kind, "
                                   "  expected, found, size, mtime_ns, renamed_from, message, checked_at, fingerprint) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  hash = _ingest_sqlite_prepare (db,
                                 "INSERT OR REPLACE INTO file_hashes (file_id, kind, source, origin, value, recorded_at) "
                                 "VALUES (?1, ?2, 'computed', '', ?3, ?4)", error);
  if (file == NULL || result == NULL || hash == NULL)
    return FALSE;

  for (guint i = 0; i < op->results->len; i++)
    {
      IngestValidationResultData *r = g_ptr_array_index (op->results, i);
      IngestValidationRollData *roll = g_ptr_array_index (op->rolls, r->roll);
      gboolean on_drive = r->size >= 0;
      gint64 file_id;

      sqlite3_reset (file);
      sqlite3_bind_int64 (file, 1, roll->db_id);
      _ingest_sqlite_bind_text (file, 2, _ingest_validation_path_in_roll (r->path, roll->path));
      if (on_drive)
        {
          sqlite3_bind_int64 (file, 3, r->size);
          sqlite3_bind_int64 (file, 4, r->mtime_ns);
        }
      else
        {
          sqlite3_bind_null (file, 3);
          sqlite3_bind_null (file, 4);
        }
      rc = sqlite3_step (file);
      if (rc != SQLITE_ROW)
        return _ingest_sqlite_set_error (error, db, rc, "Could not record a file");
      file_id = sqlite3_column_int64 (file, 0);
      if (!_ingest_sqlite_step_done (file, error))
        return FALSE;

      sqlite3_reset (result);
      sqlite3_clear_bindings (result);
      sqlite3_bind_int64 (result, 1, op->run_id);
      sqlite3_bind_int64 (result, 2, file_id);
      _ingest_sqlite_bind_text (result, 3, ingest_validation_status_to_string (r->status));
      _ingest_sqlite_bind_text (result, 4, r->kind >= 0 ? ingest_hash_kind_get_name (r->kind) : NULL);
      _ingest_sqlite_bind_text (result, 5, r->expected);
      _ingest_sqlite_bind_text (result, 6, r->found);
      if (on_drive)
        {
          sqlite3_bind_int64 (result, 7, r->size);
          sqlite3_bind_int64 (result, 8, r->mtime_ns);
        }
      _ingest_sqlite_bind_text (result, 9, r->renamed_from);
      _ingest_sqlite_bind_text (result, 10, r->message);
      sqlite3_bind_int64 (result, 11, now);
      _ingest_sqlite_bind_text (result, 12, r->fingerprint);
      if (!_ingest_sqlite_step_done (result, error))
        return FALSE;

      for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
        {
          if (r->digests[k] == NULL)
            continue;
          sqlite3_reset (hash);
          sqlite3_bind_int64 (hash, 1, file_id);
          _ingest_sqlite_bind_text (hash, 2, ingest_hash_kind_get_name (k));
          _ingest_sqlite_bind_text (hash, 3, r->digests[k]);
          sqlite3_bind_int64 (hash, 4, now);
          if (!_ingest_sqlite_step_done (hash, error))
            return FALSE;
        }
    }

  return TRUE;
}

gboolean
_ingest_validation_catalog_write_results (IngestCatalog  *catalog,
                                          gint64          run_id,
                                          GPtrArray      *rolls,
                                          GPtrArray      *results,
                                          GError        **error)
{
  WriteResults op = { run_id, rolls, results };

  return ingest_catalog_write_sync (catalog, write_results_func, &op, NULL, error);
}

typedef struct {
  gint64      run_id;
  const char *state;
  const char *verdict;
  const char *message;
} End;

static gboolean
end_func (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  End *op = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ingest_sqlite_prepare (db,
                                 "UPDATE validation_runs SET state = ?2, verdict = ?3, message = ?4, finished_at = ?5 "
                                 "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->run_id);
  _ingest_sqlite_bind_text (stmt, 2, op->state);
  _ingest_sqlite_bind_text (stmt, 3, op->verdict);
  _ingest_sqlite_bind_text (stmt, 4, op->message);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  return _ingest_sqlite_step_done (stmt, error);
}

gboolean
_ingest_validation_catalog_end (IngestCatalog  *catalog,
                                gint64          run_id,
                                const char     *state,
                                const char     *verdict,
                                const char     *message,
                                GError        **error)
{
  End op = { run_id, state, verdict, message };

  return ingest_catalog_write_sync (catalog, end_func, &op, NULL, error);
}

/*
 * Resume: what an earlier run verified and need not be read again
 */

/* A write in the same clock tick or timestamp second as the earlier read may
 * leave size, mtime and ctime as they were: the file's times must be at least
 * this much older than the run that read it (covers 1 s and 2 s granularity,
 * and the kernel's coarse clock). */
#define REUSE_MARGIN_NS (2 * G_GINT64_CONSTANT (1000000000))

/* Unknown and untrusted filesystems are read in full every run. */
static gboolean
filesystem_keeps_ctime (const char *filesystem)
{
  return ingest_filesystem_times_for (filesystem) == INGEST_FILESYSTEM_TIMES_FINE;
}

/* A file verified by an earlier run that has not changed since: no need to read it.
 * Only where "unchanged" can be told from size, mtime and ctime; see above. A
 * reused result is stored under the new run, which began later: still sound,
 * as it was reused only after the same check against the run that read it. */
IngestValidationResultData *
_ingest_validation_try_reuse (GHashTable               *previous,
                              const char               *filesystem,
                              const char               *root,
                              const char               *path,
                              const IngestExpectedFile *expected,
                              guint                     roll)
{
  IngestValidationPrevious *before;
  IngestValidationResultData *data;
  g_autofree char *abs = NULL;
  g_autofree char *fingerprint = NULL;
  struct stat st;
  IngestHashKind kind;
  gint64 mtime_ns, ctime_ns;

  if (previous == NULL || expected == NULL || expected->conflicts != NULL || expected->only_failed ||
      !filesystem_keeps_ctime (filesystem))
    return NULL;
  before = g_hash_table_lookup (previous, path);
  if (before == NULL || g_strcmp0 (before->status, "verified") != 0 || before->fingerprint == NULL)
    return NULL;
  abs = g_build_filename (root, path, NULL);
  if (lstat (abs, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  ctime_ns = (gint64) st.st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_ctim.tv_nsec;
  if (st.st_size != before->size || mtime_ns != before->mtime_ns ||
      MAX (mtime_ns, ctime_ns) >= before->run_started_at * 1000 - REUSE_MARGIN_NS)
    return NULL;
  fingerprint = _ingest_validation_fingerprint (expected, ctime_ns);
  if (strcmp (fingerprint, before->fingerprint) != 0)
    return NULL;

  data = _ingest_validation_result_data_new (INGEST_VALIDATION_STATUS_VERIFIED, path, roll);
  data->resumed = TRUE;
  data->size = before->size;
  data->mtime_ns = before->mtime_ns;
  data->fingerprint = g_steal_pointer (&fingerprint);
  data->kind = before->kind != NULL && ingest_hash_kind_from_name (before->kind, &kind) ? (gint) kind : -1;
  data->expected = g_strdup (before->expected);
  data->found = g_strdup (before->found);
  data->message = g_strdup ("verified by an earlier run; unchanged since (same size, modification and status change time)");
  return data;
}
