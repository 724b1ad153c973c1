/* ingest-s3-checksum-private.h
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

G_BEGIN_DECLS

/* S3's checksum arithmetic (ingest-s3-checksum.c): pure functions, here so
 * that unit tests can reach them. ingest_s3_multipart_etag() and
 * ingest_s3_composite_crc32c() are public, in ingest-s3-client.h. */

/* An ETag without its quotes ("\"abc\"" -> "abc"); NULL for NULL. */
char     *_ingest_s3_strip_etag     (const char   *etag);
/* Lower-case hex of @len bytes. */
char     *_ingest_s3_hex_of         (const guint8 *data,
                                     gsize         len);
/* A base64 CRC32C (8 characters) to its 4 raw bytes; FALSE if it is not one. */
gboolean  _ingest_s3_decode_crc32c  (const char   *b64,
                                     guint8        crc[4]);
/* A plain MD5 ETag (32 hex digits): a single-part object without SSE. */
gboolean  _ingest_s3_is_md5_etag    (const char   *etag);
guint64   _ingest_s3_part_count     (guint64       size,
                                     guint64       part_size);
guint64   _ingest_s3_part_size_for  (guint64       configured,
                                     guint64       size);

G_END_DECLS
