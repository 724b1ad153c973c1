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

/* S3's checksum and part arithmetic, pure functions: ETags, MD5 and CRC32C
 * texts, the multipart ETag and composite CRC32C, part sizes and counts. */

#include "config.h"

#include <string.h>

#include "ingest-hasher.h"
#include "ingest-s3-checksum-private.h"
#include "ingest-s3-client.h"
#include "ingest-s3-destination.h"

#define MiB (1024 * 1024)

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

char *
_ingest_s3_hex_of (const guint8 *data,
                   gsize         len)
{
  char *text = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    g_snprintf (text + 2 * i, 3, "%02x", data[i]);
  return text;
}

gboolean
_ingest_s3_decode_crc32c (const char *b64,
                          guint8      crc[4])
{
  g_autofree guint8 *raw = NULL;
  gsize len = 0;

  if (b64 == NULL || strlen (b64) != 8)
    return FALSE;
  raw = g_base64_decode (b64, &len);
  if (len != 4)
    return FALSE;
  memcpy (crc, raw, 4);
  return TRUE;
}

/* A plain MD5 ETag: a single-part object without server-side encryption. */
gboolean
_ingest_s3_is_md5_etag (const char *etag)
{
  if (etag == NULL || strlen (etag) != 32)
    return FALSE;
  for (const char *p = etag; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* How many parts of @part_size make @size. */
guint64
_ingest_s3_part_count (guint64 size,
                       guint64 part_size)
{
  return (size + part_size - 1) / part_size;
}

/* @configured, grown (in whole MiB, so parts start on the read size's
 * boundaries) until @size needs at most INGEST_S3_MAX_PARTS parts. */
guint64
_ingest_s3_part_size_for (guint64 configured,
                          guint64 size)
{
  guint64 needed = (size + INGEST_S3_MAX_PARTS - 1) / INGEST_S3_MAX_PARTS;

  if (needed > configured)
    return (needed + MiB - 1) / MiB * MiB;
  return configured;
}
