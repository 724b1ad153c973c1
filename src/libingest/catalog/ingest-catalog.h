/* ingest-catalog.h
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

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <gio/gio.h>

#include "ingest-types.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/*
 * IngestCatalog: the station's durable state, one SQLite database in WAL mode
 * (default `$XDG_DATA_HOME/ingest-station/catalog.db`).
 *
 * Threads. The catalog owns ONE writer thread and the only writing
 * connection. Every write — ingest_catalog_write_async(), _write_sync() and
 * the typed operations below — is queued to that thread and runs there inside
 * a transaction, so writers never contend for SQLite's lock and never see
 * SQLITE_BUSY from each other. Requests queued while the writer is busy are
 * committed together (group commit: each request in its own SAVEPOINT, one
 * COMMIT and one fsync for the group), then each caller is told its own
 * outcome. Reads use separate read-only connections (a small pool, any
 * thread, concurrent with the writer: WAL readers see the last commit).
 *
 * Durability. synchronous=FULL: a write is acknowledged (the _finish/_sync
 * call returns TRUE) only after its COMMIT has been fsynced to the WAL, so
 * acknowledged state survives kill -9 and power loss alike (DESIGN.md §3).
 * Group commit keeps the cost of that at one fsync per batch, not per write.
 *
 * Schema. Migrations are the SQL files `sql/NNNN-*.sql` in the core's
 * GResource, applied in order in one transaction keyed on
 * `PRAGMA user_version`. A catalog written by a newer build is refused
 * (INGEST_CATALOG_ERROR_FUTURE_VERSION) and never modified.
 *
 * Times stored in the catalog are microseconds since the Unix epoch, UTC
 * (g_get_real_time()); file modification times are nanoseconds.
 */

#define INGEST_CATALOG_ERROR (ingest_catalog_error_quark ())

typedef enum
{
  INGEST_CATALOG_ERROR_FAILED,          /* any other SQLite or I/O failure */
  INGEST_CATALOG_ERROR_CORRUPT,         /* not an SQLite file, or a damaged one */
  INGEST_CATALOG_ERROR_FUTURE_VERSION,  /* schema newer than this build knows */
  INGEST_CATALOG_ERROR_NOT_CATALOG,     /* a valid SQLite database of another program */
  INGEST_CATALOG_ERROR_CLOSED,          /* the catalog was closed */
  INGEST_CATALOG_ERROR_NOT_FOUND,       /* a lookup found no row */
  INGEST_CATALOG_ERROR_CONSTRAINT,      /* a write broke a UNIQUE/CHECK/FOREIGN KEY constraint */
  INGEST_CATALOG_ERROR_NO_SPACE,        /* the disk holding the catalog is full */
  INGEST_CATALOG_ERROR_BUSY,            /* another process held the lock past the busy timeout */
} IngestCatalogError;

/* A row of the drives table, see ingest_catalog_lookup_drive(). */
typedef struct
{
  gint64  id;
  char   *identity;       /* stable across re-plugs (IngestDrive:identity) */
  char   *label;
  char   *uuid;           /* filesystem UUID, NULL for a folder opened as a drive */
  char   *filesystem;
  gint64  first_seen_at;  /* µs since the epoch */
  gint64  last_seen_at;
} IngestCatalogDrive;

#define INGEST_TYPE_CATALOG (ingest_catalog_get_type ())

G_DECLARE_FINAL_TYPE (IngestCatalog, ingest_catalog, INGEST, CATALOG, GObject)

GQuark         ingest_catalog_error_quark         (void);

char          *ingest_catalog_dup_default_path    (void);
guint          ingest_catalog_get_latest_schema_version (void);

IngestCatalog *ingest_catalog_open                (const char              *path,
                                                   GError                 **error);
const char    *ingest_catalog_get_path            (IngestCatalog           *self);
guint          ingest_catalog_get_schema_version  (IngestCatalog           *self);
const char    *ingest_catalog_get_station_uuid    (IngestCatalog           *self);
gboolean       ingest_catalog_close               (IngestCatalog           *self,
                                                   GError                 **error);

gboolean       ingest_catalog_check               (IngestCatalog           *self,
                                                   GError                 **error);
GVariant      *ingest_catalog_dup_table_counts    (IngestCatalog           *self,
                                                   GError                 **error);

gint64         ingest_catalog_upsert_drive        (IngestCatalog           *self,
                                                   const char              *identity,
                                                   const char              *label,
                                                   const char              *uuid,
                                                   const char              *filesystem,
                                                   GError                 **error);
void           ingest_catalog_upsert_drive_async  (IngestCatalog           *self,
                                                   const char              *identity,
                                                   const char              *label,
                                                   const char              *uuid,
                                                   const char              *filesystem,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gint64         ingest_catalog_upsert_drive_finish (IngestCatalog           *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);
IngestCatalogDrive *ingest_catalog_lookup_drive   (IngestCatalog           *self,
                                                   const char              *identity,
                                                   GError                 **error);

void           ingest_catalog_drive_free          (IngestCatalogDrive      *drive);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestCatalogDrive, ingest_catalog_drive_free)

G_END_DECLS
