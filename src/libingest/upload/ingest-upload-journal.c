/* ingest-upload-journal.c
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

#define G_LOG_DOMAIN "ingest-upload-journal"

#include "config.h"

#include "ingest-catalog.h"
#include "ingest-sqlite-private.h"
#include "ingest-upload-journal.h"

#define RECORD_COLUMNS \
  "u.id, u.source_path, u.destination, u.key, u.remote_upload_id, u.part_size, " \
  "u.source_size, u.source_mtime_ns, u.expected_hash_kind, u.expected_hash, u.state, " \
  "u.message, u.remote_etag, u.bytes_sent, u.created_at, u.updated_at, " \
  "(SELECT count(*) FROM upload_parts p WHERE p.upload_id = u.id), " \
  "(SELECT coalesce (sum (p.size), 0) FROM upload_parts p WHERE p.upload_id = u.id), " \
  "u.checksum_algorithm"

typedef struct
{
  const char *sql;
  const char *text[3];
  gint64      number;
  GPtrArray  *rows;
} Query;

/* The states of an upload that may still go on (matches the uploads_live index). */
gboolean
ingest_upload_journal_is_live_state (const char *state)
{
  return !(g_strcmp0 (state, "verified") == 0 ||
           g_strcmp0 (state, "failed") == 0 ||
           g_strcmp0 (state, "aborted") == 0 ||
           g_strcmp0 (state, "replaced") == 0);
}

void
ingest_upload_record_free (IngestUploadRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->source_path);
  g_free (record->destination);
  g_free (record->key);
  g_free (record->remote_upload_id);
  g_free (record->expected_hash_kind);
  g_free (record->expected_hash);
  g_free (record->state);
  g_free (record->message);
  g_free (record->remote_etag);
  g_free (record->checksum_algorithm);
  g_free (record);
}

void
ingest_upload_part_record_free (IngestUploadPartRecord *part)
{
  if (part == NULL)
    return;
  g_free (part->etag);
  g_free (part->md5);
  g_free (part->checksum_kind);
  g_free (part->checksum);
  g_free (part);
}

static IngestUploadRecord *
record_from_row (sqlite3_stmt *stmt)
{
  IngestUploadRecord *record = g_new0 (IngestUploadRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->source_path = _ingest_sqlite_dup_text (stmt, 1);
  record->destination = _ingest_sqlite_dup_text (stmt, 2);
  record->key = _ingest_sqlite_dup_text (stmt, 3);
  record->remote_upload_id = _ingest_sqlite_dup_text (stmt, 4);
  record->part_size = sqlite3_column_int64 (stmt, 5);
  record->source_size = sqlite3_column_int64 (stmt, 6);
  record->source_mtime_ns = sqlite3_column_int64 (stmt, 7);
  record->expected_hash_kind = _ingest_sqlite_dup_text (stmt, 8);
  record->expected_hash = _ingest_sqlite_dup_text (stmt, 9);
  record->state = _ingest_sqlite_dup_text (stmt, 10);
  record->message = _ingest_sqlite_dup_text (stmt, 11);
  record->remote_etag = _ingest_sqlite_dup_text (stmt, 12);
  record->bytes_sent = sqlite3_column_int64 (stmt, 13);
  record->created_at = sqlite3_column_int64 (stmt, 14);
  record->updated_at = sqlite3_column_int64 (stmt, 15);
  record->n_parts = sqlite3_column_int (stmt, 16);
  record->bytes_journaled = sqlite3_column_int64 (stmt, 17);
  record->checksum_algorithm = _ingest_sqlite_dup_text (stmt, 18);
  return record;
}

/* Runs query->sql with its text parameters (then number, when set) bound in
 * order; collects rows as records. */
static gboolean
records_read (sqlite3  *db,
              gpointer  data,
              GError  **error)
{
  Query *query = data;
  g_autoptr(sqlite3_stmt) stmt = _ingest_sqlite_prepare (db, query->sql, error);
  int index = 1;
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (query->text) && query->text[i] != NULL; i++)
    _ingest_sqlite_bind_text (stmt, index++, query->text[i]);
  if (query->number != 0)
    sqlite3_bind_int64 (stmt, index, query->number);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (query->rows, record_from_row (stmt));
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, "reading the upload journal");
  return TRUE;
}

static GPtrArray *
run_records (IngestCatalog  *catalog,
             Query          *query,
             GError        **error)
{
  query->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_upload_record_free);
  if (!ingest_catalog_read_sync (catalog, records_read, query, error))
    {
      g_clear_pointer (&query->rows, g_ptr_array_unref);
      return NULL;
    }
  return query->rows;
}

static IngestUploadRecord *
first_record (GPtrArray *rows)
{
  IngestUploadRecord *record = NULL;

  if (rows != NULL && rows->len > 0)
    record = g_ptr_array_steal_index (rows, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  return record;
}

/**
 * ingest_upload_journal_find:
 * @catalog: the catalog
 * @destination: the destination's URI
 * @key: the object key / relative path
 * @verified: %TRUE: the latest verified upload; %FALSE: the live one
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the row, or %NULL without @error
 *   when there is none
 */
IngestUploadRecord *
ingest_upload_journal_find (IngestCatalog  *catalog,
                            const char     *destination,
                            const char     *key,
                            gboolean        verified,
                            GError        **error)
{
  Query query = { 0 };
  g_autoptr(GError) local_error = NULL;
  GPtrArray *rows;

  query.sql = verified
    ? "SELECT " RECORD_COLUMNS " FROM uploads u WHERE u.destination = ? AND u.key = ? "
      "AND u.state = 'verified' ORDER BY u.id DESC LIMIT 1"
    : "SELECT " RECORD_COLUMNS " FROM uploads u WHERE u.destination = ? AND u.key = ? "
      "AND u.state NOT IN ('verified', 'failed', 'aborted', 'replaced') ORDER BY u.id DESC LIMIT 1";
  query.text[0] = destination;
  query.text[1] = key;
  rows = run_records (catalog, &query, &local_error);
  if (rows == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return first_record (rows);
}

/**
 * ingest_upload_journal_lookup:
 *
 * Returns: (transfer full): the row with @id, or %NULL with
 *   INGEST_CATALOG_ERROR_NOT_FOUND
 */
IngestUploadRecord *
ingest_upload_journal_lookup (IngestCatalog  *catalog,
                              gint64          id,
                              GError        **error)
{
  Query query = { 0 };
  GPtrArray *rows;
  IngestUploadRecord *record;

  query.sql = "SELECT " RECORD_COLUMNS " FROM uploads u WHERE u.id = ?";
  query.number = id;
  if ((rows = run_records (catalog, &query, error)) == NULL)
    return NULL;
  if ((record = first_record (rows)) == NULL)
    g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_NOT_FOUND,
                 "no upload %" G_GINT64_FORMAT " in the journal", id);
  return record;
}

/**
 * ingest_upload_journal_list:
 * @live_only: only uploads that may still go on (not verified, failed or aborted)
 *
 * Returns: (transfer full) (element-type IngestUploadRecord): oldest first
 */
GPtrArray *
ingest_upload_journal_list (IngestCatalog  *catalog,
                            gboolean        live_only,
                            GError        **error)
{
  Query query = { 0 };

  query.sql = live_only
    ? "SELECT " RECORD_COLUMNS " FROM uploads u "
      "WHERE u.state NOT IN ('verified', 'failed', 'aborted', 'replaced') ORDER BY u.id"
    : "SELECT " RECORD_COLUMNS " FROM uploads u ORDER BY u.id";
  return run_records (catalog, &query, error);
}

typedef struct
{
  gint64     upload_id;
  GPtrArray *parts;
} PartsQuery;

static gboolean
parts_read (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  PartsQuery *query = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT part_number, size, etag, md5, checksum_kind, checksum "
                                 "FROM upload_parts WHERE upload_id = ? ORDER BY part_number",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->upload_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IngestUploadPartRecord *part = g_new0 (IngestUploadPartRecord, 1);

      part->part_number = sqlite3_column_int (stmt, 0);
      part->size = sqlite3_column_int64 (stmt, 1);
      part->etag = _ingest_sqlite_dup_text (stmt, 2);
      part->md5 = _ingest_sqlite_dup_text (stmt, 3);
      part->checksum_kind = _ingest_sqlite_dup_text (stmt, 4);
      part->checksum = _ingest_sqlite_dup_text (stmt, 5);
      g_ptr_array_add (query->parts, part);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, "reading the journaled parts");
  return TRUE;
}

/**
 * ingest_upload_journal_list_parts:
 *
 * Returns: (transfer full) (element-type IngestUploadPartRecord): by part number
 */
GPtrArray *
ingest_upload_journal_list_parts (IngestCatalog  *catalog,
                                  gint64          upload_id,
                                  GError        **error)
{
  PartsQuery query = { upload_id, NULL };

  query.parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_upload_part_record_free);
  if (!ingest_catalog_read_sync (catalog, parts_read, &query, error))
    {
      g_ptr_array_unref (query.parts);
      return NULL;
    }
  return query.parts;
}

typedef struct
{
  const IngestUploadRecord *record;
  gint64                    id;
} Insert;

static gboolean
insert_write (sqlite3  *db,
              gpointer  data,
              GError  **error)
{
  Insert *insert = data;
  const IngestUploadRecord *record = insert->record;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  stmt = _ingest_sqlite_prepare (db,
                                 "INSERT INTO uploads (source_path, destination, key, remote_upload_id, part_size, "
                                 "source_size, source_mtime_ns, expected_hash_kind, expected_hash, state, message, "
                                 "remote_etag, bytes_sent, created_at, updated_at, checksum_algorithm) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, record->source_path);
  _ingest_sqlite_bind_text (stmt, 2, record->destination);
  _ingest_sqlite_bind_text (stmt, 3, record->key);
  _ingest_sqlite_bind_text (stmt, 4, record->remote_upload_id);
  sqlite3_bind_int64 (stmt, 5, MAX (record->part_size, 1));
  sqlite3_bind_int64 (stmt, 6, record->source_size);
  sqlite3_bind_int64 (stmt, 7, record->source_mtime_ns);
  _ingest_sqlite_bind_text (stmt, 8, record->expected_hash_kind);
  _ingest_sqlite_bind_text (stmt, 9, record->expected_hash);
  _ingest_sqlite_bind_text (stmt, 10, record->state != NULL ? record->state : "uploading");
  _ingest_sqlite_bind_text (stmt, 11, record->message);
  _ingest_sqlite_bind_text (stmt, 12, record->remote_etag);
  sqlite3_bind_int64 (stmt, 13, record->bytes_sent);
  sqlite3_bind_int64 (stmt, 14, now);
  sqlite3_bind_int64 (stmt, 15, now);
  _ingest_sqlite_bind_text (stmt, 16, record->checksum_algorithm);
  if (!_ingest_sqlite_step_done (stmt, error))
    return FALSE;
  insert->id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

/**
 * ingest_upload_journal_insert:
 * @record: the new row (its id, times and part counts are ignored; state
 *   %NULL = "uploading")
 *
 * Returns: the new row's id, 0 on error
 */
gint64
ingest_upload_journal_insert (IngestCatalog             *catalog,
                              const IngestUploadRecord  *record,
                              GError                   **error)
{
  Insert insert = { record, 0 };

  if (!ingest_catalog_write_sync (catalog, insert_write, &insert, NULL, error))
    return 0;
  return insert.id;
}

static IngestUploadRecord *
record_dup (const IngestUploadRecord *record)
{
  IngestUploadRecord *copy = g_memdup2 (record, sizeof *record);

  copy->source_path = g_strdup (record->source_path);
  copy->destination = g_strdup (record->destination);
  copy->key = g_strdup (record->key);
  copy->remote_upload_id = g_strdup (record->remote_upload_id);
  copy->expected_hash_kind = g_strdup (record->expected_hash_kind);
  copy->expected_hash = g_strdup (record->expected_hash);
  copy->state = g_strdup (record->state);
  copy->message = g_strdup (record->message);
  copy->remote_etag = g_strdup (record->remote_etag);
  copy->checksum_algorithm = g_strdup (record->checksum_algorithm);
  return copy;
}

static void
insert_free (Insert *insert)
{
  ingest_upload_record_free ((IngestUploadRecord *) insert->record);
  g_free (insert);
}

/**
 * ingest_upload_journal_insert_later:
 * @record: the new row, copied
 *
 * Queues the row and returns at once: it is committed with the next group,
 * without waiting for its fsync. Only for rows that a later run can do
 * without, because what they record can be learnt again from the
 * destination (a verified single PUT: the listing and the object's hash
 * metadata tell it), so that a card of small files costs no fsync each.
 */
void
ingest_upload_journal_insert_later (IngestCatalog            *catalog,
                                    const IngestUploadRecord *record)
{
  Insert *insert = g_new0 (Insert, 1);

  insert->record = record_dup (record);
  ingest_catalog_write_async (catalog, insert_write, insert, (GDestroyNotify) insert_free, NULL, NULL, NULL);
}

typedef struct
{
  gint64                        upload_id;
  const IngestUploadPartRecord *part;
} AddPart;

static gboolean
add_part_write (sqlite3  *db,
                gpointer  data,
                GError  **error)
{
  AddPart *add = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) touch = NULL;
  gint64 now = g_get_real_time ();

  stmt = _ingest_sqlite_prepare (db,
                                 "INSERT OR REPLACE INTO upload_parts (upload_id, part_number, size, etag, md5, "
                                 "checksum_kind, checksum, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, add->upload_id);
  sqlite3_bind_int (stmt, 2, add->part->part_number);
  sqlite3_bind_int64 (stmt, 3, add->part->size);
  _ingest_sqlite_bind_text (stmt, 4, add->part->etag);
  _ingest_sqlite_bind_text (stmt, 5, add->part->md5);
  _ingest_sqlite_bind_text (stmt, 6, add->part->checksum_kind);
  _ingest_sqlite_bind_text (stmt, 7, add->part->checksum);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!_ingest_sqlite_step_done (stmt, error))
    return FALSE;

  touch = _ingest_sqlite_prepare (db,
                                  "UPDATE uploads SET updated_at = ?, bytes_sent = bytes_sent + ? WHERE id = ?",
                                  error);
  if (touch == NULL)
    return FALSE;
  sqlite3_bind_int64 (touch, 1, now);
  sqlite3_bind_int64 (touch, 2, add->part->size);
  sqlite3_bind_int64 (touch, 3, add->upload_id);
  return _ingest_sqlite_step_done (touch, error);
}

/**
 * ingest_upload_journal_add_part:
 *
 * Records a part the server acknowledged. Returns once it is durable.
 */
gboolean
ingest_upload_journal_add_part (IngestCatalog                 *catalog,
                                gint64                         upload_id,
                                const IngestUploadPartRecord  *part,
                                GError                       **error)
{
  AddPart add = { upload_id, part };

  return ingest_catalog_write_sync (catalog, add_part_write, &add, NULL, error);
}

typedef struct
{
  gint64      upload_id;
  const char *state;
  const char *message;
  const char *remote_etag;
  guint64     bytes_sent;
} SetState;

static gboolean
set_state_write (sqlite3  *db,
                 gpointer  data,
                 GError  **error)
{
  SetState *set = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ingest_sqlite_prepare (db,
                                 "UPDATE uploads SET state = ?, message = ?, "
                                 "remote_etag = coalesce (?, remote_etag), "
                                 "bytes_sent = max (bytes_sent, ?), updated_at = ? WHERE id = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, set->state);
  _ingest_sqlite_bind_text (stmt, 2, set->message);
  _ingest_sqlite_bind_text (stmt, 3, set->remote_etag);
  sqlite3_bind_int64 (stmt, 4, set->bytes_sent);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 6, set->upload_id);
  return _ingest_sqlite_step_done (stmt, error);
}

/**
 * ingest_upload_journal_set_state:
 * @state: one of the uploads.state values
 * @message: (nullable): why, in plain words
 * @remote_etag: (nullable): the verified object's ETag; %NULL keeps the old one
 * @bytes_sent: at least this many bytes were sent (never lowers the count)
 */
gboolean
ingest_upload_journal_set_state (IngestCatalog  *catalog,
                                 gint64          upload_id,
                                 const char     *state,
                                 const char     *message,
                                 const char     *remote_etag,
                                 guint64         bytes_sent,
                                 GError        **error)
{
  SetState set = { upload_id, state, message, remote_etag, bytes_sent };

  return ingest_catalog_write_sync (catalog, set_state_write, &set, NULL, error);
}

typedef struct
{
  gint64      upload_id;
  const char *key;
  const char *remote_upload_id;
} SetPlacement;

static gboolean
set_placement_write (sqlite3  *db,
                     gpointer  data,
                     GError  **error)
{
  SetPlacement *set = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ingest_sqlite_prepare (db, "UPDATE uploads SET key = ?, remote_upload_id = ?, updated_at = ? WHERE id = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, set->key);
  _ingest_sqlite_bind_text (stmt, 2, set->remote_upload_id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 4, set->upload_id);
  return _ingest_sqlite_step_done (stmt, error);
}

/**
 * ingest_upload_journal_set_placement:
 * @key: where the file ended up (a destination may place it beside the key
 *   it was meant for rather than overwrite)
 * @remote_upload_id: (nullable): what identifies it there (an S3 UploadId;
 *   for a folder copy, its partial or final file, see
 *   IngestFolderDestination)
 *
 * Call it on a row that is no longer live, or with the key it already has:
 * at most one live row per (destination, key).
 */
gboolean
ingest_upload_journal_set_placement (IngestCatalog  *catalog,
                                     gint64          upload_id,
                                     const char     *key,
                                     const char     *remote_upload_id,
                                     GError        **error)
{
  SetPlacement set = { upload_id, key, remote_upload_id };

  return ingest_catalog_write_sync (catalog, set_placement_write, &set, NULL, error);
}
