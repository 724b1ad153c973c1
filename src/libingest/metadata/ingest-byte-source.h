/* ingest-byte-source.h
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

G_BEGIN_DECLS

/*
 * IngestByteSource: what a metadata reader reads a file through — positioned
 * reads (pread) of a file or of bytes in memory, bounds-checked against the
 * size, counted, and capped by a budget so that no header walk can read a
 * whole card. Plain data for one thread; not a GObject.
 *
 * Every read is exact: asking past the end is INGEST_METADATA_ERROR_TRUNCATED,
 * past the budget INGEST_METADATA_ERROR_TOO_LARGE, an I/O failure a G_IO_ERROR
 * naming the file. Readers never see a short read.
 */
typedef struct _IngestByteSource IngestByteSource;

/* Readers' default budget per file: headers only. */
#define INGEST_BYTE_SOURCE_DEFAULT_BUDGET (4u * 1024 * 1024)

IngestByteSource *ingest_byte_source_open       (const char        *path,
                                                 const char        *display_name,
                                                 guint64            budget,
                                                 GError           **error);
IngestByteSource *ingest_byte_source_new_for_bytes (GBytes          *bytes,
                                                 const char        *display_name);
void              ingest_byte_source_free       (IngestByteSource  *self);

/* The name problems show ("A001R1AB/A001C001.mov"). */
const char       *ingest_byte_source_get_name   (IngestByteSource  *self);
guint64           ingest_byte_source_get_size   (IngestByteSource  *self);
guint64           ingest_byte_source_get_bytes_read (IngestByteSource *self);
/* The open file descriptor, -1 for bytes in memory: for a library that
 * must open the file itself (LibRaw), as /proc/self/fd/<fd>. */
int               ingest_byte_source_get_fd     (IngestByteSource  *self);
void              ingest_byte_source_set_budget (IngestByteSource  *self,
                                                 guint64            budget);

gboolean          ingest_byte_source_read       (IngestByteSource  *self,
                                                 guint64            offset,
                                                 void              *buffer,
                                                 gsize              length,
                                                 GError           **error);
/* LENGTH bytes at OFFSET as GBytes; for a whole small file (XML, JSON, ALE). */
GBytes           *ingest_byte_source_read_bytes (IngestByteSource  *self,
                                                 guint64            offset,
                                                 gsize              length,
                                                 GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestByteSource, ingest_byte_source_free)

G_END_DECLS
