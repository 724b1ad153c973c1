/* ingest-mhl-file.h
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

/* Writes @bytes to @path so that a crash never leaves a partial file there: a
 * temporary file in the same folder is written and fsync()ed, then renamed to
 * @path, then the folder is fsync()ed. With @replace FALSE an existing @path
 * is never overwritten (G_IO_ERROR_EXISTS; use it for manifests, which are
 * immutable); with TRUE it is replaced atomically (the chain file). */
gboolean ingest_mhl_file_write_atomic (const char    *path,
                                       GBytes        *bytes,
                                       gboolean       replace,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* Manifests come from the drive: one larger than this is refused before it
 * is read (default INGEST_MHL_DEFAULT_MAX_MANIFEST_SIZE; 0 = the default). */
#define INGEST_MHL_DEFAULT_MAX_MANIFEST_SIZE (G_GUINT64_CONSTANT (256) * 1024 * 1024)

void     ingest_mhl_set_max_manifest_size (guint64        max_size);
guint64  ingest_mhl_get_max_manifest_size (void);
gboolean ingest_mhl_parse_size            (const char    *text,
                                           guint64       *size);

/* Reads a whole manifest, chain or legacy MHL file of at most
 * ingest_mhl_get_max_manifest_size() bytes (else INGEST_MHL_ERROR_TOO_LARGE,
 * naming @path and the limit). */
gboolean ingest_mhl_file_read         (const char    *path,
                                       char         **contents,
                                       gsize         *len,
                                       GError       **error);

G_END_DECLS
