/* ingest-sqlite-private.h
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

#pragma once

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include <glib.h>
#include <sqlite3.h>

#include "ingest-catalog.h"

G_BEGIN_DECLS

/* The catalog's SQL side, for the core only (ingest-catalog.h shows no
 * sqlite3): running code on its connections, and helpers for that code.
 * Errors are in the INGEST_CATALOG_ERROR domain. */

/*
 * IngestCatalogWriteFunc:
 * @db: the writer connection, inside a transaction (a SAVEPOINT of it)
 * @data: the caller's data
 * @error: return location for an error
 *
 * Runs on the catalog's writer thread. Must not BEGIN/COMMIT/ROLLBACK itself,
 * must not touch GObjects owned by other threads, and must not call back into
 * the catalog. Returning FALSE (with @error set) rolls back what it wrote; the
 * other requests of the same group are unaffected.
 */
typedef gboolean (*IngestCatalogWriteFunc) (sqlite3   *db,
                                            gpointer   data,
                                            GError   **error);

/*
 * IngestCatalogReadFunc:
 * @db: a read-only connection, inside a read transaction (one consistent snapshot)
 *
 * Runs on the calling thread of ingest_catalog_read_sync().
 */
typedef gboolean (*IngestCatalogReadFunc)  (sqlite3   *db,
                                            gpointer   data,
                                            GError   **error);

void           ingest_catalog_write_async         (IngestCatalog           *self,
                                                   IngestCatalogWriteFunc   func,
                                                   gpointer                 data,
                                                   GDestroyNotify           data_destroy,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gboolean       ingest_catalog_write_finish        (IngestCatalog           *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);
gboolean       ingest_catalog_write_sync          (IngestCatalog           *self,
                                                   IngestCatalogWriteFunc   func,
                                                   gpointer                 data,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);
gboolean       ingest_catalog_read_sync           (IngestCatalog           *self,
                                                   IngestCatalogReadFunc    func,
                                                   gpointer                 data,
                                                   GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

gboolean      _ingest_sqlite_set_error  (GError      **error,
                                         sqlite3      *db,
                                         int           rc,
                                         const char   *what);
gboolean      _ingest_sqlite_exec       (sqlite3      *db,
                                         const char   *sql,
                                         GError      **error);
sqlite3_stmt *_ingest_sqlite_prepare    (sqlite3      *db,
                                         const char   *sql,
                                         GError      **error);
gboolean      _ingest_sqlite_step_done  (sqlite3_stmt *stmt,
                                         GError      **error);
void          _ingest_sqlite_bind_text  (sqlite3_stmt *stmt,
                                         int           index,
                                         const char   *text);
char         *_ingest_sqlite_dup_text   (sqlite3_stmt *stmt,
                                         int           column);

/* Rows more than one writer records, for write functions: the drive by its
 * identity (a NULL label keeps the known one; first_seen_at set once,
 * last_seen_at to SEEN_AT), and a roll of it by (drive, path) ('' for the
 * drive root; a NULL KIND or MHL_KIND keeps the known one, else the
 * default). Each returns the row's id. */
gboolean      _ingest_catalog_upsert_drive_row (sqlite3     *db,
                                                const char  *identity,
                                                const char  *label,
                                                const char  *uuid,
                                                const char  *filesystem,
                                                gint64       seen_at,
                                                gint64      *drive_id,
                                                GError     **error);
gboolean      _ingest_catalog_upsert_roll_row  (sqlite3     *db,
                                                gint64       drive_id,
                                                const char  *path,
                                                const char  *name,
                                                const char  *kind,
                                                const char  *mhl_kind,
                                                gint64      *roll_id,
                                                GError     **error);

G_END_DECLS
