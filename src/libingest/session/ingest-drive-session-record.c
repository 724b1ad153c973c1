/* ingest-drive-session-record.c
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

#define G_LOG_DOMAIN "ingest-drive-session"

#include "config.h"

#include "ingest-drive-session-private.h"
#include "ingest-sqlite-private.h"

/* A drive session's durable record: one drive_sessions row per run
 * (sql/0008-drive-sessions.sql), written through the catalog's writer as
 * the run goes. The rows are plain copies made on the main thread. */

typedef struct
{
  char    *uuid;
  char    *identity;   /* NULL: an update of an existing row */
  char    *label;
  char    *kind;
  char    *state;
  char    *verdict;
  char    *error;
  gboolean cancelled;
  gint64   started_at;
  gint64   finished_at; /* 0: still running */
} Row;

static void
row_free (Row *row)
{
  g_free (row->uuid);
  g_free (row->identity);
  g_free (row->label);
  g_free (row->kind);
  g_free (row->state);
  g_free (row->verdict);
  g_free (row->error);
  g_free (row);
}

static gboolean
write_row (sqlite3  *db,
           gpointer  data,
           GError  **error)
{
  Row *row = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;
  int rc;

  if (row->identity != NULL)
    sql = "INSERT INTO drive_sessions (uuid, drive_identity, drive_label, kind, state, started_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  else
    sql = "UPDATE drive_sessions SET state = ?5, verdict = ?7, cancelled = ?8, error = ?9, "
          "finished_at = NULLIF (?10, 0) WHERE uuid = ?1";
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _ingest_sqlite_set_error (error, db, rc, "preparing a drive session row");
  sqlite3_bind_text (stmt, 1, row->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, row->state, -1, SQLITE_STATIC);
  if (row->identity != NULL)
    {
      sqlite3_bind_text (stmt, 2, row->identity, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, row->label, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, row->started_at);
    }
  else
    {
      sqlite3_bind_text (stmt, 7, row->verdict, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 8, row->cancelled);
      sqlite3_bind_text (stmt, 9, row->error, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 10, row->finished_at);
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, "writing a drive session row");
  return TRUE;
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The run goes on: a catalog that cannot be written loses its record only. */
  if (!ingest_catalog_write_finish (INGEST_CATALOG (object), result, &error))
    g_warning ("Could not record the drive session: %s", error->message);
}

static const char *
nick (GType type,
      int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  g_type_class_unref (klass);   /* static types: the class stays */
  return found != NULL ? found->value_nick : NULL;
}

/* A run starts: its row, by a new uuid. */
void
_ingest_drive_session_record_start (IngestCatalog      *catalog,
                                    const char         *uuid,
                                    const char         *identity,
                                    const char         *label,
                                    gboolean            upload,
                                    IngestSessionState  state)
{
  Row *row = g_new0 (Row, 1);

  row->uuid = g_strdup (uuid);
  row->identity = g_strdup (identity);
  row->label = g_strdup (label);
  row->kind = g_strdup (upload ? "upload" : "validation");
  row->state = g_strdup (nick (INGEST_TYPE_SESSION_STATE, state));
  row->started_at = g_get_real_time () / G_USEC_PER_SEC;
  ingest_catalog_write_async (catalog, write_row, row, (GDestroyNotify) row_free, NULL, written_cb, NULL);
}

/* The run moved to @state; @finished: it ended, with @verdict, @cancelled, @error. */
void
_ingest_drive_session_record_update (IngestCatalog           *catalog,
                                     const char              *uuid,
                                     IngestSessionState       state,
                                     gboolean                 finished,
                                     IngestValidationVerdict  verdict,
                                     gboolean                 cancelled,
                                     const GError            *error)
{
  Row *row = g_new0 (Row, 1);

  row->uuid = g_strdup (uuid);
  row->state = g_strdup (nick (INGEST_TYPE_SESSION_STATE, state));
  if (finished)
    {
      row->verdict = g_strdup (nick (INGEST_TYPE_VALIDATION_VERDICT, verdict));
      row->cancelled = cancelled;
      row->error = error != NULL ? g_strdup (error->message) : NULL;
      row->finished_at = g_get_real_time () / G_USEC_PER_SEC;
    }
  ingest_catalog_write_async (catalog, write_row, row, (GDestroyNotify) row_free, NULL, written_cb, NULL);
}
