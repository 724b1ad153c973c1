/* test-s3-config.c
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

/* An S3 client's and destination's configuration, without a server: which
 * endpoints are refused, and the part size a file gets. Part sizes worked
 * by hand in the comments (10,000 parts at most, grown in whole MiB). */

#include "config.h"

#include "ingest.h"

#define MiB (1024 * 1024)
#define GiB ((guint64) 1024 * MiB)

static void
test_bad_endpoint (void)
{
  g_autoptr(IngestS3Credentials) credentials = ingest_s3_credentials_new ("AK", "SK", NULL, "eu-west-3");
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestS3Client) aws = NULL;
  const char *bad[] = { "ftp://host", "http://host/base/path", "not a url", "http://user:pw@host" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (ingest_s3_client_new (bad[i], credentials, &error));
      g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
      g_clear_error (&error);
    }

  /* No endpoint: AWS's regional one, virtual-hosted. */
  aws = ingest_s3_client_new (NULL, credentials, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_s3_client_get_endpoint (aws), ==, "https://s3.eu-west-3.amazonaws.com");
  g_assert_false (ingest_s3_client_get_path_style (aws));
}

static void
test_part_size (void)
{
  g_autoptr(IngestS3Credentials) credentials = ingest_s3_credentials_new ("AK", "SK", NULL, "us-east-1");
  g_autoptr(IngestS3Client) client = ingest_s3_client_new ("http://127.0.0.1:9", credentials, NULL);
  g_autoptr(IngestS3Destination) destination = ingest_s3_destination_new (client, "bucket", "prefix/", NULL);
  guint64 size = 200 * GiB;   /* a 200 GiB clip */
  guint64 part_size;

  g_assert_cmpstr (ingest_s3_destination_get_prefix (destination), ==, "prefix");
  g_assert_cmpuint (ingest_s3_destination_choose_part_size (destination, 100 * MiB), ==, INGEST_S3_DEFAULT_PART_SIZE);
  part_size = ingest_s3_destination_choose_part_size (destination, size);
  g_assert_cmpuint ((size + part_size - 1) / part_size, <=, INGEST_S3_MAX_PARTS);
  g_assert_cmpuint (part_size % MiB, ==, 0);
  g_assert_cmpuint (part_size, <, 2 * size / INGEST_S3_MAX_PARTS);
  /* 200 GiB / 10,000 = 21,474,836.48 B = 20.48 MiB → 21 MiB */
  g_assert_cmpuint (part_size, ==, 21 * MiB);

  /* 10,000 parts of 16 MiB exactly (156.25 GiB): the default still fits;
   * one byte more needs 16.000…1 MiB → 17 MiB. */
  g_assert_cmpuint (ingest_s3_destination_choose_part_size (destination, (guint64) INGEST_S3_MAX_PARTS * 16 * MiB),
                    ==, 16 * MiB);
  g_assert_cmpuint (ingest_s3_destination_choose_part_size (destination, (guint64) INGEST_S3_MAX_PARTS * 16 * MiB + 1),
                    ==, 17 * MiB);

  /* A configured 5 MiB: kept for small files, grown for big ones
   * (60 GiB / 10,000 = 6.14 MiB → 7 MiB). */
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  g_assert_cmpuint (ingest_s3_destination_choose_part_size (destination, 100 * MiB), ==, 5 * MiB);
  g_assert_cmpuint (ingest_s3_destination_choose_part_size (destination, 60 * GiB), ==, 7 * MiB);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/s3-config/bad-endpoint", test_bad_endpoint);
  g_test_add_func ("/s3-config/part-size", test_part_size);

  return g_test_run ();
}
