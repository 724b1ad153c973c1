/* ingest-upload-journal.h
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

G_BEGIN_DECLS

/**
 * IngestUploadRecord:
 * A row of the catalog's `uploads` table (sql/0002-upload-journal.sql): one
 * attempt to put one file at one (destination, key). @remote_upload_id is
 * the S3 UploadId (%NULL for a single PUT or a folder copy).
 * @checksum_algorithm is the additional checksum the multipart upload was
 * created with: "crc32c", "none", or %NULL when not known (a row from
 * before schema 6, a single PUT, a folder copy).
 */
typedef struct
{
  gint64   id;
  char    *source_path;
  char    *destination;
  char    *key;
  char    *remote_upload_id;
  guint64  part_size;
  guint64  source_size;
  gint64   source_mtime_ns;
  char    *expected_hash_kind;
  char    *expected_hash;
  char    *state;
  char    *message;
  char    *remote_etag;
  guint64  bytes_sent;
  guint    n_parts;          /* journaled parts (filled by list/lookup) */
  guint64  bytes_journaled;  /* their bytes */
  gint64   created_at;
  gint64   updated_at;
  char    *checksum_algorithm;
} IngestUploadRecord;

/**
 * IngestUploadPartRecord:
 * A part the server acknowledged (`upload_parts`): hex MD5 and ETag, and the
 * additional checksum sent with it.
 */
typedef struct
{
  guint    part_number;
  guint64  size;
  char    *etag;
  char    *md5;
  char    *checksum_kind;
  char    *checksum;
} IngestUploadPartRecord;

/*
 * The upload journal: typed access to the catalog's upload tables. Writes go
 * through the catalog's writer thread and return once fsynced, so a part
 * recorded here survives kill -9. Callable from any thread.
 */

IngestUploadRecord *ingest_upload_journal_find         (IngestCatalog               *catalog,
                                                        const char                  *destination,
                                                        const char                  *key,
                                                        gboolean                     verified,
                                                        GError                     **error);
IngestUploadRecord *ingest_upload_journal_lookup       (IngestCatalog               *catalog,
                                                        gint64                       id,
                                                        GError                     **error);
GPtrArray          *ingest_upload_journal_list         (IngestCatalog               *catalog,
                                                        gboolean                     live_only,
                                                        GError                     **error);
GPtrArray          *ingest_upload_journal_list_parts   (IngestCatalog               *catalog,
                                                        gint64                       upload_id,
                                                        GError                     **error);
gint64              ingest_upload_journal_insert       (IngestCatalog               *catalog,
                                                        const IngestUploadRecord    *record,
                                                        GError                     **error);
void                ingest_upload_journal_insert_later (IngestCatalog             *catalog,
                                                        const IngestUploadRecord  *record);
gboolean            ingest_upload_journal_add_part     (IngestCatalog               *catalog,
                                                        gint64                       upload_id,
                                                        const IngestUploadPartRecord *part,
                                                        GError                     **error);
gboolean            ingest_upload_journal_set_state    (IngestCatalog               *catalog,
                                                        gint64                       upload_id,
                                                        const char                  *state,
                                                        const char                  *message,
                                                        const char                  *remote_etag,
                                                        guint64                      bytes_sent,
                                                        GError                     **error);
gboolean            ingest_upload_journal_set_placement (IngestCatalog              *catalog,
                                                         gint64                      upload_id,
                                                         const char                 *key,
                                                         const char                 *remote_upload_id,
                                                         GError                    **error);
gboolean            ingest_upload_journal_is_live_state (const char                 *state);

void                ingest_upload_record_free          (IngestUploadRecord          *record);
void                ingest_upload_part_record_free     (IngestUploadPartRecord      *part);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestUploadRecord, ingest_upload_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestUploadPartRecord, ingest_upload_part_record_free)

G_END_DECLS
