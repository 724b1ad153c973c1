/* test-s3-checksum.c
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

/* The checksums an S3 upload computes or compares, without a server: the
 * multipart ETag (MD5 of the part MD5s) and AWS's composite CRC32C, each
 * against something computed independently of the library (md5sum, a
 * bit-by-bit CRC32C checked against published vectors). */

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* CRC32C (Castagnoli, reflected 0x82f63b78) bit by bit: slow and obvious. */
static guint32
reference_crc32c (const guint8 *data,
                  gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0x82f63b78 & (0u - (crc & 1)));
    }
  return ~crc;
}

static char *
crc_to_base64 (guint32 crc)
{
  guint8 be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };

  return g_base64_encode (be, 4);
}

static void
md5_raw (const guint8 *data,
         gsize         len,
         guint8        digest[16])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  gsize digest_len = 16;

  g_checksum_update (checksum, data, len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert_cmpuint (digest_len, ==, 16);
}

static void
test_reference_crc32c (void)
{
  guint8 buf[32];

  /* The CRC catalogue's check value and the iSCSI vectors of RFC 3720 B.4. */
  g_assert_cmphex (reference_crc32c ((const guint8 *) "123456789", 9), ==, 0xe3069283);
  memset (buf, 0, sizeof buf);
  g_assert_cmphex (reference_crc32c (buf, sizeof buf), ==, 0x8a9136aa);
  memset (buf, 0xff, sizeof buf);
  g_assert_cmphex (reference_crc32c (buf, sizeof buf), ==, 0x62a8ab43);
  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = i;
  g_assert_cmphex (reference_crc32c (buf, sizeof buf), ==, 0x46dd794e);
  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = 31 - i;
  g_assert_cmphex (reference_crc32c (buf, sizeof buf), ==, 0x113fdb5c);
}

/* The multipart ETag helper against a value computed by hand. */
static void
test_multipart_etag (void)
{
  guint8 md5s[32];
  g_autofree char *etag = NULL;

  md5_raw ((const guint8 *) "a", 1, md5s);
  md5_raw ((const guint8 *) "b", 1, md5s + 16);
  etag = ingest_s3_multipart_etag (md5s, 2);
  /* printf 0cc175b9c0f1b6a831c399e26977266192eb5ffee6ae2fec3ad71c777531578f | xxd -r -p | md5sum
   * (the MD5s of "a" and "b", concatenated) */
  g_assert_cmpstr (etag, ==, "96e024ba2074fe77e8e965ba43a704be-2");
}

/* ... and against md5sum of the concatenated part digests, for parts of
 * random data: one part still gets its "-1". */
static void
test_multipart_etag_md5sum (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  if (!ingest_test_require_programs ("coreutils", "md5sum", NULL))
    return;
  dir = ingest_test_make_tmpdir ("s3-checksum-XXXXXX");
  path = g_build_filename (dir, "md5s", NULL);
  for (guint n = 1; n <= 5; n++)
    {
      g_autofree guint8 *md5s = g_malloc (16 * n);
      g_autofree char *etag = NULL;
      g_autofree char *sum = NULL;
      g_autofree char *want = NULL;

      for (guint i = 0; i < n; i++)
        {
          guint8 part[1000];

          for (guint b = 0; b < sizeof part; b++)
            part[b] = g_rand_int (rand) & 0xff;
          md5_raw (part, g_rand_int_range (rand, 0, sizeof part), md5s + 16 * i);
        }
      ingest_test_write_file (path, md5s, 16 * n);
      sum = ingest_test_tool_hash ("md5sum", NULL, path);
      want = g_strdup_printf ("%s-%u", sum, n);
      etag = ingest_s3_multipart_etag (md5s, n);
      g_assert_cmpstr (etag, ==, want);
    }
  ingest_test_rm_rf (dir);
}

/* The composite CRC32C helper against the bit-by-bit CRC32C. */
static void
test_composite_crc32c (void)
{
  const char *parts[] = { "123456789", "hello", "" };
  guint8 crcs[12];
  g_autofree char *composite = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *want = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      guint32 crc = reference_crc32c ((const guint8 *) parts[i], strlen (parts[i]));

      crcs[4 * i] = crc >> 24;
      crcs[4 * i + 1] = crc >> 16;
      crcs[4 * i + 2] = crc >> 8;
      crcs[4 * i + 3] = crc;
    }
  composite = ingest_s3_composite_crc32c (crcs, 3);
  b64 = crc_to_base64 (reference_crc32c (crcs, sizeof crcs));
  want = g_strdup_printf ("%s-3", b64);
  g_assert_cmpstr (composite, ==, want);
  /* CRC32C ("123456789") = e3069283, the first part checksum's bytes */
  g_assert_cmphex (crcs[0], ==, 0xe3);
  g_assert_cmphex (crcs[3], ==, 0x83);
  /* CRC32C ("") = 0: the last part's bytes */
  g_assert_cmphex (crcs[8] | crcs[9] | crcs[10] | crcs[11], ==, 0);
}

/* One part: the composite is the CRC32C of that part's four bytes, by
 * hand: CRC32C of e3 06 92 83. */
static void
test_composite_crc32c_one_part (void)
{
  const guint8 crc[4] = { 0xe3, 0x06, 0x92, 0x83 };
  g_autofree char *composite = ingest_s3_composite_crc32c (crc, 1);
  g_autofree char *b64 = crc_to_base64 (reference_crc32c (crc, 4));
  g_autofree char *want = g_strdup_printf ("%s-1", b64);

  g_assert_cmpstr (composite, ==, want);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/s3-checksum/reference-crc32c", test_reference_crc32c);
  g_test_add_func ("/s3-checksum/multipart-etag", test_multipart_etag);
  g_test_add_func ("/s3-checksum/multipart-etag-md5sum", test_multipart_etag_md5sum);
  g_test_add_func ("/s3-checksum/composite-crc32c", test_composite_crc32c);
  g_test_add_func ("/s3-checksum/composite-crc32c-one-part", test_composite_crc32c_one_part);

  return g_test_run ();
}
