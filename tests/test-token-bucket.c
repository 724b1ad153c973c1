/* test-token-bucket.c
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

/* The bandwidth cap (IngestTokenBucket) and its rate syntax. No server.
 * The timing test measures a rate, so it reads the clock; it never sleeps
 * itself. */

#include "config.h"

#include "ingest.h"
#include "ingest-token-bucket.h"

#define MiB (1024 * 1024)

static void
test_token_bucket_rate (void)
{
  g_autoptr(IngestTokenBucket) limit = ingest_token_bucket_new (4 * MiB, 4 * MiB);
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  g_assert_cmpuint (ingest_token_bucket_get_rate (limit), ==, 4 * MiB);
  /* 6 MiB at 4 MiB/s from an empty bucket: 1.5 s, whatever the chunking. */
  for (guint i = 0; i < 12; i++)
    g_assert_true (ingest_token_bucket_take (limit, MiB / 2, NULL, NULL));
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpfloat (elapsed, >=, 1.4);
  g_assert_cmpfloat (elapsed, <, 3.0);
}

static void
test_parse_rate (void)
{
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "fast", "", "0", "-5M", "10X", "10MiBs", "0.1" };
  guint64 rate = 0;

  g_assert_true (ingest_parse_rate ("50M", &rate, NULL));
  g_assert_cmpuint (rate, ==, 50 * MiB);
  g_assert_true (ingest_parse_rate ("1.5GiB", &rate, NULL));
  g_assert_cmpuint (rate, ==, 1536 * (guint64) MiB);
  g_assert_true (ingest_parse_rate ("800k", &rate, NULL));
  g_assert_cmpuint (rate, ==, 800 * 1024);
  g_assert_true (ingest_parse_rate ("100000", &rate, NULL));
  g_assert_cmpuint (rate, ==, 100000);
  g_assert_true (ingest_parse_rate ("2mb", &rate, NULL));
  g_assert_cmpuint (rate, ==, 2 * MiB);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      rate = 7;
      g_assert_false (ingest_parse_rate (bad[i], &rate, &error));
      g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
      g_assert_cmpuint (rate, ==, 7);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/token-bucket/rate", test_token_bucket_rate);
  g_test_add_func ("/token-bucket/parse-rate", test_parse_rate);

  return g_test_run ();
}
