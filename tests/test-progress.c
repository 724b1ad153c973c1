/* test-progress.c
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

/* IngestProgress: rate and ETA from the samples a job's timer takes. Pure
 * arithmetic on given times; expected figures worked by hand in comments
 * (smoothing: rate = 0.9 rate + 0.1 instant, ETA = remaining / rate,
 * truncated). */

#include "config.h"

#include "ingest-progress.h"

#define MiB (1024 * 1024)

/* Rate and ETA count active time only: a long pause does not drag the
 * rate down when the bytes flow again. */
static void
test_progress_rate (void)
{
  IngestProgress progress;
  const gint64 s = G_USEC_PER_SEC;

  ingest_progress_init (&progress);
  g_assert_cmpint (progress.eta, ==, -1);
  g_assert_false (ingest_progress_sample (&progress, 0, 100 * MiB, FALSE, 10 * s));
  /* 10 MiB in 1 s; 90 MiB / 10 MiB/s = 9 s */
  g_assert_true (ingest_progress_sample (&progress, 10 * MiB, 90 * MiB, FALSE, 11 * s));
  g_assert_cmpfloat_with_epsilon (progress.rate, 10.0 * MiB, 1.0);
  g_assert_cmpint (progress.eta, ==, 9);

  /* A minute paused: nothing changes. */
  for (gint64 t = 12; t <= 71; t++)
    g_assert_false (ingest_progress_sample (&progress, 10 * MiB, 90 * MiB, TRUE, t * s));
  g_assert_cmpfloat_with_epsilon (progress.rate, 10.0 * MiB, 1.0);

  /* Resumed: the first sample starts a new interval, then 10 MiB/s again
   * (0.9 × 10 + 0.1 × 10); 80 / 10 = 8 s. */
  g_assert_false (ingest_progress_sample (&progress, 10 * MiB, 90 * MiB, FALSE, 72 * s));
  ingest_progress_sample (&progress, 20 * MiB, 80 * MiB, FALSE, 73 * s);
  g_assert_cmpfloat_with_epsilon (progress.rate, 10.0 * MiB, 1.0);
  g_assert_cmpint (progress.eta, ==, 8);

  /* Slower, 1 MiB/s: smoothed, not a jump: 0.9 × 10 + 0.1 × 1 = 9.1 MiB/s;
   * 79 / 9.1 = 8.68 → 8 s. */
  g_assert_true (ingest_progress_sample (&progress, 21 * MiB, 79 * MiB, FALSE, 74 * s));
  g_assert_cmpfloat_with_epsilon (progress.rate, 9.1 * MiB, 1.0);
  g_assert_cmpint (progress.eta, ==, 8);
  g_assert_true (ingest_progress_done (&progress));
  g_assert_cmpint (progress.eta, ==, 0);
  g_assert_false (ingest_progress_done (&progress));
}

/* A sample at the same instant as the last one, or less than 0.1 s after
 * it, is no interval: no division by zero, nothing changes, and the bytes
 * it saw count in the next interval. Nothing moved over a second: the rate
 * decays instead of dropping to 0. */
static void
test_progress_same_instant (void)
{
  IngestProgress progress;
  const gint64 s = G_USEC_PER_SEC;

  ingest_progress_init (&progress);
  g_assert_false (ingest_progress_sample (&progress, 0, 40 * MiB, FALSE, 5 * s));
  g_assert_true (ingest_progress_sample (&progress, 4 * MiB, 36 * MiB, FALSE, 6 * s));
  g_assert_cmpfloat_with_epsilon (progress.rate, 4.0 * MiB, 1.0);
  g_assert_cmpint (progress.eta, ==, 9);   /* 36 / 4 */
  g_assert_false (ingest_progress_sample (&progress, 5 * MiB, 35 * MiB, FALSE, 6 * s));
  g_assert_cmpfloat_with_epsilon (progress.rate, 4.0 * MiB, 1.0);

  /* From the last interval's start (4 MiB at 6 s) to 5 MiB at 7 s: 1 MiB/s
   * now, 0.9 × 4 + 0.1 × 1 = 3.7 MiB/s; 35 / 3.7 = 9.46 → 9 s. */
  g_assert_true (ingest_progress_sample (&progress, 5 * MiB, 35 * MiB, FALSE, 7 * s));
  g_assert_cmpfloat_with_epsilon (progress.rate, 3.7 * MiB, 1.0);
  g_assert_cmpint (progress.eta, ==, 9);
}

/* A burst seen 10 ms after the last sample is not 800 MiB/s: it waits for
 * an interval long enough to measure. 10 MiB/s, then 8 MiB at 1.01 s, then
 * 18 MiB in all by 2 s: 0.9 × 10 + 0.1 × 18 = 10.8 MiB/s. */
static void
test_progress_short_interval (void)
{
  IngestProgress progress;
  const gint64 s = G_USEC_PER_SEC;

  ingest_progress_init (&progress);
  g_assert_false (ingest_progress_sample (&progress, 0, 100 * MiB, FALSE, 0 * s + 1));
  g_assert_true (ingest_progress_sample (&progress, 10 * MiB, 90 * MiB, FALSE, 1 * s + 1));
  g_assert_cmpfloat_with_epsilon (progress.rate, 10.0 * MiB, 1.0);
  g_assert_false (ingest_progress_sample (&progress, 18 * MiB, 82 * MiB, FALSE, 1 * s + 1 + 10 * G_TIME_SPAN_MILLISECOND));
  g_assert_cmpfloat_with_epsilon (progress.rate, 10.0 * MiB, 1.0);
  g_assert_true (ingest_progress_sample (&progress, 28 * MiB, 72 * MiB, FALSE, 2 * s + 1));
  g_assert_cmpfloat_with_epsilon (progress.rate, 10.8 * MiB, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/progress/rate", test_progress_rate);
  g_test_add_func ("/progress/same-instant", test_progress_same_instant);
  g_test_add_func ("/progress/short-interval", test_progress_short_interval);

  return g_test_run ();
}
