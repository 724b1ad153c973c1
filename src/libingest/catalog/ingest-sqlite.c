/* ingest-sqlite.c
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

#define G_LOG_DOMAIN "ingest-sqlite"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ingest-catalog.h"
#include "ingest-sqlite-private.h"

/* Sets @error from an SQLite result code (and the connection's message) and
 * returns FALSE, so callers can `return _ingest_sqlite_set_error (…)`. */
gboolean
_ingest_sqlite_set_error (GError     **error,
                          sqlite3     *db,
                          int          rc,
                          const char  *what)
{
  const char *file = db != NULL ? sqlite3_db_filename (db, "main") : NULL;
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (file == NULL || file[0] == '\0')
    file = "(memory)";

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CORRUPT,
                   _("Catalog “%s” is damaged and cannot be used (%s)"), file, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_NO_SPACE,
                   _("%s: no space left on the disk holding the catalog “%s”"), what, file);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CONSTRAINT,
                   "%s: %s", what, detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_BUSY,
                   _("%s: the catalog “%s” is locked by another program (%s)"), what, file, detail);
      break;
    default:
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_FAILED,
                   "%s: %s", what, detail);
      break;
    }
  return FALSE;
}

/* Runs one or more statements that return no rows. */
gboolean
_ingest_sqlite_exec (sqlite3     *db,
                     const char  *sql,
                     GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _ingest_sqlite_set_error (error, db, rc, sql);
  return TRUE;
}

sqlite3_stmt *
_ingest_sqlite_prepare (sqlite3     *db,
                        const char  *sql,
                        GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _ingest_sqlite_set_error (error, db, rc, sql);
      return NULL;
    }
  return stmt;
}

/* Steps a statement that must finish without returning a row (INSERT, UPDATE…). */
gboolean
_ingest_sqlite_step_done (sqlite3_stmt  *stmt,
                          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_FAILED,
                   "%s: returned a row where none was expected", sqlite3_sql (stmt));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, sqlite3_db_handle (stmt), rc, sqlite3_sql (stmt));
  return TRUE;
}

/* Binds a UTF-8 string, or NULL, copying it. */
void
_ingest_sqlite_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Returns a copy of a text column, NULL for SQL NULL. */
char *
_ingest_sqlite_dup_text (sqlite3_stmt *stmt,
                         int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Steps an INSERT … RETURNING id of one row to its end. */
static gboolean
step_returning_id (sqlite3_stmt  *stmt,
                   const char    *what,
                   gint64        *id,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, sqlite3_db_handle (stmt), rc, what);
  *id = sqlite3_column_int64 (stmt, 0);
  return _ingest_sqlite_step_done (stmt, error);
}

gboolean
_ingest_catalog_upsert_drive_row (sqlite3     *db,
                                  const char  *identity,
                                  const char  *label,
                                  const char  *uuid,
                                  const char  *filesystem,
                                  gint64       seen_at,
                                  gint64      *drive_id,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ingest_sqlite_prepare (db,
                                 "INSERT INTO drives (identity, label, uuid, filesystem, first_seen_at, last_seen_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
                                 "ON CONFLICT (identity) DO UPDATE SET "
                                 "  label = coalesce (excluded.label, drives.label), "
                                 "  last_seen_at = excluded.last_seen_at "
                                 "RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, identity);
  _ingest_sqlite_bind_text (stmt, 2, label);
  _ingest_sqlite_bind_text (stmt, 3, uuid);
  _ingest_sqlite_bind_text (stmt, 4, filesystem);
  sqlite3_bind_int64 (stmt, 5, seen_at);
  return step_returning_id (stmt, _("Could not record the drive"), drive_id, error);
}

gboolean
_ingest_catalog_upsert_roll_row (sqlite3     *db,
                                 gint64       drive_id,
                                 const char  *path,
                                 const char  *name,
                                 const char  *kind,
                                 const char  *mhl_kind,
                                 gint64      *roll_id,
                                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ingest_sqlite_prepare (db,
                                 "INSERT INTO rolls (drive_id, path, name, kind, mhl_kind) "
                                 "VALUES (?1, ?2, ?3, coalesce (?4, 'generic'), coalesce (?5, 'none')) "
                                 "ON CONFLICT (drive_id, path) DO UPDATE SET name = excluded.name, "
                                 "  kind = coalesce (?4, rolls.kind), mhl_kind = coalesce (?5, rolls.mhl_kind) "
                                 "RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, drive_id);
  _ingest_sqlite_bind_text (stmt, 2, path);
  _ingest_sqlite_bind_text (stmt, 3, name);
  _ingest_sqlite_bind_text (stmt, 4, kind);
  _ingest_sqlite_bind_text (stmt, 5, mhl_kind);
  return step_returning_id (stmt, _("Could not record a roll"), roll_id, error);
}
