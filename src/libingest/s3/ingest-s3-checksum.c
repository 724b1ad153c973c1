/* ingest-s3-checksum.c
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

/* S3's checksum arithmetic, pure functions: bare ETags, the multipart ETag
 * and composite CRC32C of an object made of parts. */

#include "config.h"

#include <string.h>

#include "ingest-hasher.h"
#include "ingest-s3-checksum-private.h"
#include "ingest-s3-client.h"

/* ETags come quoted ("\"abc\""); we keep them bare. */
char *
_ingest_s3_strip_etag (const char *etag)
{
  gsize len;

  if (etag == NULL)
    return NULL;
  len = strlen (etag);
  if (len >= 2 && etag[0] == '"' && etag[len - 1] == '"')
    return g_strndup (etag + 1, len - 2);
  return g_strdup (etag);
}

/**
 * ingest_s3_multipart_etag:
 * @part_md5s: the raw 16-byte MD5 of each part, in part order
 * @n_parts: number of parts
 *
 * The ETag S3 gives an object made by a multipart upload: the hex MD5 of
 * the concatenated part MD5s, then "-" and the number of parts. Comparing it
 * with HEAD proves the server assembled the parts we sent.
 *
 * Returns: (transfer full): e.g. "d41d8cd98f00b204e9800998ecf8427e-3"
 */
char *
ingest_s3_multipart_etag (const guint8 *part_md5s,
                          guint         n_parts)
{
  g_autofree char *md5 = NULL;

  g_return_val_if_fail (part_md5s != NULL || n_parts == 0, NULL);

  md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, part_md5s, (gsize) n_parts * 16);
  return g_strdup_printf ("%s-%u", md5, n_parts);
}

/**
 * ingest_s3_composite_crc32c:
 * @part_crcs: the raw 4-byte big-endian CRC32C of each part, in part order
 * @n_parts: number of parts
 *
 * The "composite" CRC32C AWS gives an object made by a multipart upload
 * created with the CRC32C algorithm: the CRC32C of the concatenated raw
 * part checksums, base64, then "-" and the number of parts.
 *
 * Returns: (transfer full): e.g. "Gk8cxQ==-3"
 */
char *
ingest_s3_composite_crc32c (const guint8 *part_crcs,
                            guint         n_parts)
{
  g_autoptr(IngestHasher) hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_CRC32C));
  g_autofree char *b64 = NULL;

  g_return_val_if_fail (part_crcs != NULL || n_parts == 0, NULL);

  ingest_hasher_update (hasher, part_crcs, (gsize) n_parts * 4);
  ingest_hasher_finish (hasher);
  b64 = g_base64_encode (ingest_hasher_get_digest (hasher, INGEST_HASH_CRC32C, NULL), 4);
  return g_strdup_printf ("%s-%u", b64, n_parts);
}
