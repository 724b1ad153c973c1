/* test-timecode.c
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

/* IngestTimecode: drop-frame labels, the day's length, the recipes of each
 * source (samples, BCD with flag bits, text) and arithmetic across
 * midnight. Expected values are worked by hand in the comments (SMPTE ST 12:
 * 29.97 DF skips labels ;00 and ;01, 59.94 DF ;00–;03, at the start of each
 * minute not divisible by ten). */

#include "config.h"

#include "ingest.h"

static void
assert_label (guint        num,
              guint        den,
              gboolean     drop,
              guint64      frames,
              const char  *expected)
{
  IngestTimecode tc, back;
  g_autofree char *text = NULL;

  g_assert_true (ingest_timecode_init (&tc, num, den, drop));
  ingest_timecode_set_frames (&tc, frames);
  text = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (text, ==, expected);
  /* The label reads back to the same count. */
  g_assert_true (ingest_timecode_init (&back, num, den, drop));
  g_assert_true (ingest_timecode_parse (&back, text));
  g_assert_cmpuint (back.frames, ==, frames);
}

static void
test_drop_frame_labels (void)
{
  /* 29.97 DF: minute 0 has 1800 frames (;00–;29 × 60 s), so frame 1799 is
   * the last of it and frame 1800 is the first of minute 1, labelled ;02. */
  assert_label (30000, 1001, TRUE, 1799, "00:00:59;29");
  assert_label (30000, 1001, TRUE, 1800, "00:01:00;02");
  /* Minute 1 has 1798 frames: 1800 + 1798 = 3598 starts minute 2 at ;02. */
  assert_label (30000, 1001, TRUE, 3597, "00:01:59;29");
  assert_label (30000, 1001, TRUE, 3598, "00:02:00;02");
  /* Ten minutes: 1800 + 9 × 1798 = 17982 frames; minute 10 keeps ;00. */
  assert_label (30000, 1001, TRUE, 17981, "00:09:59;29");
  assert_label (30000, 1001, TRUE, 17982, "00:10:00;00");
  /* An hour is six such blocks: 107892 frames. */
  assert_label (30000, 1001, TRUE, 107892, "01:00:00;00");
  /* 59.94 DF: minute 0 has 3600 frames, others 3596 (labels ;04–;59 first). */
  assert_label (60000, 1001, TRUE, 3600, "00:01:00;04");
  assert_label (60000, 1001, TRUE, 3600 + 9 * 3596, "00:10:00;00");
  assert_label (60000, 1001, TRUE, 3600 + 9 * 3596 - 1, "00:09:59;59");
  /* NDF at 29.97 labels every frame: 1800 is 00:01:00:00. */
  assert_label (30000, 1001, FALSE, 1800, "00:01:00:00");
  /* 23.976 counts at 24: 86400 frames is 01:00:00:00 of labels. */
  assert_label (24000, 1001, FALSE, 86400, "01:00:00:00");
  /* Frame fields over 99 get three digits. */
  assert_label (120, 1, FALSE, 119, "00:00:00:119");
}

static void
test_frames_per_day (void)
{
  static const struct { guint num, den; gboolean drop; guint64 day; } cases[] = {
    { 25, 1, FALSE, 25 * 86400 },                         /* 2 160 000 */
    { 24000, 1001, FALSE, 24 * 86400 },                   /* labels at 24 */
    { 24, 1, FALSE, 24 * 86400 },
    { 30000, 1001, FALSE, 30 * 86400 },
    { 30000, 1001, TRUE, 30 * 86400 - 2 * (1440 - 144) }, /* 2 589 408 */
    { 50, 1, FALSE, 50 * 86400 },
    { 60000, 1001, TRUE, 60 * 86400 - 4 * (1440 - 144) }, /* 5 178 816 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      IngestTimecode tc;

      g_assert_true (ingest_timecode_init (&tc, cases[i].num, cases[i].den, cases[i].drop));
      g_assert_cmpuint (ingest_timecode_frames_per_day (&tc), ==, cases[i].day);
    }
  /* The day's last frame, labelled: 23:59:59;29 at 29.97 DF. */
  assert_label (30000, 1001, TRUE, 30 * 86400 - 2 * (1440 - 144) - 1, "23:59:59;29");
  assert_label (60000, 1001, TRUE, 60 * 86400 - 4 * (1440 - 144) - 1, "23:59:59;59");
}

static void
test_init_refuses (void)
{
  IngestTimecode tc;

  g_assert_false (ingest_timecode_init (&tc, 0, 1, FALSE));
  g_assert_false (ingest_timecode_init (&tc, 25, 0, FALSE));
  g_assert_false (ingest_timecode_init (&tc, 25, 1, TRUE));     /* no DF at 25 */
  g_assert_false (ingest_timecode_init (&tc, 24000, 1001, TRUE));
  g_assert_false (ingest_timecode_init (&tc, 1, 2, FALSE));     /* under 1 fps */
  g_assert_true (ingest_timecode_init (&tc, 60, 1, TRUE));      /* DF at a 60 base */
  g_assert_true (ingest_timecode_init (&tc, 48000, 2002, FALSE));
  g_assert_cmpuint (tc.rate_num, ==, 24000);                    /* reduced */
  g_assert_cmpuint (tc.rate_den, ==, 1001);
}

static void
test_set_samples (void)
{
  IngestTimecode tc;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  /* One hour of samples at 48 kHz. At 25: 90000 frames, 01:00:00:00. */
  g_assert_true (ingest_timecode_init (&tc, 25, 1, FALSE));
  g_assert_true (ingest_timecode_set_samples (&tc, G_GUINT64_CONSTANT (48000) * 3600, 48000));
  a = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (a, ==, "01:00:00:00");
  /* At 23.976: 3600 × 24000/1001 = 86313.69 → 86313 frames = 3596 × 24 + 9,
   * so 00:59:56:09 (the labels run slow against the clock). */
  g_assert_true (ingest_timecode_init (&tc, 24000, 1001, FALSE));
  g_assert_true (ingest_timecode_set_samples (&tc, G_GUINT64_CONSTANT (48000) * 3600, 48000));
  b = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (b, ==, "00:59:56:09");
  /* At 29.97 DF: 3600 × 30000/1001 = 107892.1 → 107892 = six ten-minute
   * blocks: exactly 01:00:00;00 (what drop-frame is for). */
  g_assert_true (ingest_timecode_init (&tc, 30000, 1001, TRUE));
  g_assert_true (ingest_timecode_set_samples (&tc, G_GUINT64_CONSTANT (48000) * 3600, 48000));
  c = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (c, ==, "01:00:00;00");
  /* One sample short of a frame at 25 (1920 samples) is still frame 0. */
  g_assert_true (ingest_timecode_init (&tc, 25, 1, FALSE));
  g_assert_true (ingest_timecode_set_samples (&tc, 1919, 48000));
  g_assert_cmpuint (tc.frames, ==, 0);
  g_assert_true (ingest_timecode_set_samples (&tc, 1920, 48000));
  g_assert_cmpuint (tc.frames, ==, 1);
  g_assert_false (ingest_timecode_set_samples (&tc, 1, 0));
}

static void
test_set_bcd (void)
{
  IngestTimecode tc;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  /* 23:59:59;25 at 29.97 DF with every flag bit set: frames 0x25 | 0xc0
   * (drop-frame, colour frame), seconds and minutes 0x59 | 0x80, hours
   * 0x23 | 0xc0. */
  g_assert_true (ingest_timecode_init (&tc, 30000, 1001, TRUE));
  g_assert_true (ingest_timecode_set_bcd (&tc, 0xe5, 0xd9, 0xd9, 0xe3));
  a = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (a, ==, "23:59:59;25");
  /* Sony NRT "40000000" at 59.94: only the DF flag, 00:00:00;00. */
  g_assert_true (ingest_timecode_init (&tc, 60000, 1001, TRUE));
  g_assert_true (ingest_timecode_set_bcd (&tc, 0x40, 0x00, 0x00, 0x00));
  b = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (b, ==, "00:00:00;00");
  /* 10:20:30:12 at 25, no flags. */
  g_assert_true (ingest_timecode_init (&tc, 25, 1, FALSE));
  g_assert_true (ingest_timecode_set_bcd (&tc, 0x12, 0x30, 0x20, 0x10));
  c = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (c, ==, "10:20:30:12");
  /* Not BCD (a units nibble of 0xa), and a label DF skips (00:01:00;00). */
  g_assert_false (ingest_timecode_set_bcd (&tc, 0x0a, 0x00, 0x00, 0x00));
  g_assert_true (ingest_timecode_init (&tc, 30000, 1001, TRUE));
  g_assert_false (ingest_timecode_set_bcd (&tc, 0x40, 0x00, 0x01, 0x00));
  /* Frames past the timebase (25 at 25). */
  g_assert_true (ingest_timecode_init (&tc, 25, 1, FALSE));
  g_assert_false (ingest_timecode_set_bcd (&tc, 0x25, 0x00, 0x00, 0x00));
}

static void
test_parse_round_trip (void)
{
  static const struct { guint num, den; gboolean drop; const char *text; } ok[] = {
    { 25, 1, FALSE, "01:02:03:04" },
    { 24000, 1001, FALSE, "23:59:59:23" },
    { 30000, 1001, TRUE, "01:02:03;04" },
    { 30000, 1001, TRUE, "00:10:00;00" },
    { 60000, 1001, TRUE, "12:34:56;59" },
    { 50, 1, FALSE, "00:00:00:49" },
  };
  static const struct { guint num, den; gboolean drop; const char *text; } bad[] = {
    { 30000, 1001, TRUE, "00:01:00;00" },   /* dropped label */
    { 30000, 1001, TRUE, "00:01:00;01" },
    { 60000, 1001, TRUE, "00:01:00;03" },
    { 25, 1, FALSE, "00:00:00:25" },        /* frame past the base */
    { 25, 1, FALSE, "24:00:00:00" },
    { 25, 1, FALSE, "00:60:00:00" },
    { 25, 1, FALSE, "0:00:00:00" },
    { 25, 1, FALSE, "00:00:00:00x" },
    { 25, 1, FALSE, "00-00-00-00" },
  };
  IngestTimecode tc;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (ingest_timecode_init (&tc, ok[i].num, ok[i].den, ok[i].drop));
      g_assert_true (ingest_timecode_parse (&tc, ok[i].text));
      text = ingest_timecode_to_string (&tc);
      g_assert_cmpstr (text, ==, ok[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_true (ingest_timecode_init (&tc, bad[i].num, bad[i].den, bad[i].drop));
      g_assert_false (ingest_timecode_parse (&tc, bad[i].text));
    }
  /* "." and "," before the frames are read like ":". */
  g_assert_true (ingest_timecode_init (&tc, 25, 1, FALSE));
  g_assert_true (ingest_timecode_parse (&tc, "00:00:01.05"));
  g_assert_cmpuint (tc.frames, ==, 30);
}

static void
test_add_frames_midnight (void)
{
  IngestTimecode tc;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  g_assert_true (ingest_timecode_init (&tc, 25, 1, FALSE));
  g_assert_true (ingest_timecode_parse (&tc, "23:59:59:24"));
  ingest_timecode_add_frames (&tc, 1);
  a = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (a, ==, "00:00:00:00");
  ingest_timecode_add_frames (&tc, -1);
  b = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (b, ==, "23:59:59:24");
  /* A whole day (and more) wraps to the same label plus the rest. */
  ingest_timecode_add_frames (&tc, 25 * 86400 * 3 + 2);
  c = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (c, ==, "00:00:00:01");

  /* 29.97 DF: ;29 of the day's last second, then midnight keeps ;00. */
  g_assert_true (ingest_timecode_init (&tc, 30000, 1001, TRUE));
  g_assert_true (ingest_timecode_parse (&tc, "23:59:59;28"));
  ingest_timecode_add_frames (&tc, 4);
  d = ingest_timecode_to_string (&tc);
  g_assert_cmpstr (d, ==, "00:00:00;02");
}

static void
test_frame_rates (void)
{
  static const struct { const char *text; guint num, den; } ok[] = {
    { "25", 25, 1 }, { "24000/1001", 24000, 1001 }, { "48000/2002", 24000, 1001 },
    { "23.976", 24000, 1001 }, { "23.98", 24000, 1001 }, { "29.97", 30000, 1001 },
    { "59.94", 60000, 1001 }, { "12.5", 25, 2 }, { "48.000", 48, 1 },
  };
  static const char * const bad[] = { "", "0", "x", "25/", "25/0", "-25", "25fps", NULL };
  guint num, den;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_assert_true (ingest_frame_rate_parse (ok[i].text, &num, &den));
      g_assert_cmpuint (num, ==, ok[i].num);
      g_assert_cmpuint (den, ==, ok[i].den);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (ingest_frame_rate_parse (bad[i], &num, &den));
  {
    g_autofree char *a = ingest_frame_rate_to_string (50, 2);
    g_autofree char *b = ingest_frame_rate_to_string (60000, 1001);

    g_assert_cmpstr (a, ==, "25");
    g_assert_cmpstr (b, ==, "60000/1001");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timecode/drop-frame-labels", test_drop_frame_labels);
  g_test_add_func ("/timecode/frames-per-day", test_frames_per_day);
  g_test_add_func ("/timecode/init-refuses", test_init_refuses);
  g_test_add_func ("/timecode/set-samples", test_set_samples);
  g_test_add_func ("/timecode/set-bcd", test_set_bcd);
  g_test_add_func ("/timecode/parse-round-trip", test_parse_round_trip);
  g_test_add_func ("/timecode/add-frames-midnight", test_add_frames_midnight);
  g_test_add_func ("/timecode/frame-rates", test_frame_rates);

  return g_test_run ();
}
