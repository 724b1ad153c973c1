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

G_BEGIN_DECLS

/* Helpers for code that talks SQL to the catalog (inside IngestCatalogWriteFunc /
 * IngestCatalogReadFunc). Errors are in the INGEST_CATALOG_ERROR domain. */

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

G_END_DECLS
