/* ingest-timecode.c
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

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingest-timecode.h"

#define SECONDS_PER_DAY 86400u

static guint64
gcd (guint64 a,
     guint64 b)
{
  while (b != 0)
    {
      guint64 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

guint
ingest_timecode_get_timebase (const IngestTimecode *tc)
{
  g_return_val_if_fail (tc != NULL && tc->rate_den != 0, 1);
  return MAX (1, (guint) ((tc->rate_num + tc->rate_den / 2) / tc->rate_den));
}

/* Labels drop-frame skips at the start of each minute not divisible by ten. */
static guint
dropped_per_minute (const IngestTimecode *tc)
{
  return tc->drop_frame ? ingest_timecode_get_timebase (tc) / 15 : 0;
}

guint64
ingest_timecode_frames_per_day (const IngestTimecode *tc)
{
  guint64 labels = (guint64) ingest_timecode_get_timebase (tc) * SECONDS_PER_DAY;

  /* 1440 minutes a day, 144 of them divisible by ten. */
  return labels - (guint64) dropped_per_minute (tc) * (1440 - 144);
}

gboolean
ingest_timecode_init (IngestTimecode *tc,
                      guint           rate_num,
                      guint           rate_den,
                      gboolean        drop_frame)
{
  IngestTimecode t = { 0, rate_num, rate_den, drop_frame != FALSE };
  guint64 g;
  guint timebase;

  g_return_val_if_fail (tc != NULL, FALSE);

  if (rate_num == 0 || rate_den == 0)
    return FALSE;
  g = gcd (rate_num, rate_den);
  t.rate_num /= g;
  t.rate_den /= g;
  timebase = ingest_timecode_get_timebase (&t);
  /* A frame field of three digits at most, a rate of one frame a second at least. */
  if (timebase > 999 || (guint64) t.rate_num < t.rate_den)
    return FALSE;
  if (t.drop_frame && timebase != 30 && timebase != 60)
    return FALSE;
  *tc = t;
  return TRUE;
}

void
ingest_timecode_set_frames (IngestTimecode *tc,
                            guint64         frames)
{
  g_return_if_fail (tc != NULL);
  tc->frames = frames % ingest_timecode_frames_per_day (tc);
}

gboolean
ingest_timecode_set_hmsf (IngestTimecode *tc,
                          guint           hours,
                          guint           minutes,
                          guint           seconds,
                          guint           frames)
{
  guint timebase, drop;
  guint64 minute_count, label;

  g_return_val_if_fail (tc != NULL, FALSE);

  timebase = ingest_timecode_get_timebase (tc);
  drop = dropped_per_minute (tc);
  if (hours > 23 || minutes > 59 || seconds > 59 || frames >= timebase)
    return FALSE;
  if (drop > 0 && seconds == 0 && frames < drop && minutes % 10 != 0)
    return FALSE;

  minute_count = (guint64) hours * 60 + minutes;
  label = ((minute_count * 60) + seconds) * timebase + frames;
  tc->frames = label - drop * (minute_count - minute_count / 10);
  return TRUE;
}

void
ingest_timecode_get_hmsf (const IngestTimecode *tc,
                          guint                *hours,
                          guint                *minutes,
                          guint                *seconds,
                          guint                *frames)
{
  guint timebase = ingest_timecode_get_timebase (tc);
  guint drop = dropped_per_minute (tc);
  guint64 label = tc->frames % ingest_timecode_frames_per_day (tc);

  if (drop > 0)
    {
      guint64 per_minute = (guint64) timebase * 60 - drop;
      guint64 per_ten = per_minute * 10 + drop;
      guint64 tens = label / per_ten;
      guint64 rest = label % per_ten;

      /* The first minute of ten keeps all its labels; each other skips DROP. */
      label += (guint64) drop * 9 * tens;
      if (rest >= drop)
        label += drop * ((rest - drop) / per_minute);
    }

  if (frames)
    *frames = label % timebase;
  if (seconds)
    *seconds = (label / timebase) % 60;
  if (minutes)
    *minutes = (label / ((guint64) timebase * 60)) % 60;
  if (hours)
    *hours = (label / ((guint64) timebase * 3600)) % 24;
}

static guint
bcd (guint8 value,
     guint8 tens_mask,
     gboolean *ok)
{
  guint units = value & 0x0f;
  guint tens = (value & tens_mask) >> 4;

  if (units > 9)
    *ok = FALSE;
  return tens * 10 + units;
}

gboolean
ingest_timecode_set_bcd (IngestTimecode *tc,
                         guint8          frames_bcd,
                         guint8          seconds_bcd,
                         guint8          minutes_bcd,
                         guint8          hours_bcd)
{
  gboolean ok = TRUE;
  guint f, s, m, h;

  g_return_val_if_fail (tc != NULL, FALSE);

  /* ST 12: frames tens in bits 4–5 (6: drop-frame, 7: colour frame);
   * seconds and minutes tens in bits 4–6 (7: a flag); hours tens in 4–5. */
  f = bcd (frames_bcd, 0x30, &ok);
  s = bcd (seconds_bcd, 0x70, &ok);
  m = bcd (minutes_bcd, 0x70, &ok);
  h = bcd (hours_bcd, 0x30, &ok);
  return ok && ingest_timecode_set_hmsf (tc, h, m, s, f);
}

gboolean
ingest_timecode_set_samples (IngestTimecode *tc,
                             guint64         samples,
                             guint           sample_rate)
{
  guint64 seconds, rest, frames;

  g_return_val_if_fail (tc != NULL, FALSE);

  if (sample_rate == 0 || samples / sample_rate >= 2 * SECONDS_PER_DAY)
    return FALSE;
  /* frames = samples × num / (rate × den), without overflowing 64 bits. */
  seconds = samples / sample_rate;
  rest = samples % sample_rate;
  frames = seconds * tc->rate_num / tc->rate_den +
           ((seconds * tc->rate_num % tc->rate_den) * sample_rate + rest * tc->rate_num) /
           ((guint64) sample_rate * tc->rate_den);
  ingest_timecode_set_frames (tc, frames);
  return TRUE;
}

static gboolean
parse_two_digits (const char **p,
                  guint       *value,
                  guint        max_digits)
{
  guint n = 0, v = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    v = v * 10 + ((*p)[n++] - '0');
  if (n < 2)
    return FALSE;
  *p += n;
  *value = v;
  return TRUE;
}

gboolean
ingest_timecode_parse (IngestTimecode *tc,
                       const char     *text)
{
  const char *p = text;
  guint h, m, s, f;
  char sep;

  g_return_val_if_fail (tc != NULL, FALSE);

  if (text == NULL ||
      !parse_two_digits (&p, &h, 2) || *p++ != ':' ||
      !parse_two_digits (&p, &m, 2) || *p++ != ':' ||
      !parse_two_digits (&p, &s, 2))
    return FALSE;
  sep = *p++;
  if (sep != ':' && sep != ';' && sep != '.' && sep != ',')
    return FALSE;
  if (!parse_two_digits (&p, &f, 3) || *p != '\0')
    return FALSE;
  return ingest_timecode_set_hmsf (tc, h, m, s, f);
}

char *
ingest_timecode_to_string (const IngestTimecode *tc)
{
  guint h, m, s, f;

  g_return_val_if_fail (tc != NULL, NULL);

  ingest_timecode_get_hmsf (tc, &h, &m, &s, &f);
  return g_strdup_printf ("%02u:%02u:%02u%c%0*u", h, m, s,
                          tc->drop_frame ? ';' : ':',
                          ingest_timecode_get_timebase (tc) > 100 ? 3 : 2, f);
}

void
ingest_timecode_add_frames (IngestTimecode *tc,
                            gint64          n)
{
  guint64 day = ingest_timecode_frames_per_day (tc);
  gint64 r = n % (gint64) day;

  if (r < 0)
    r += day;
  tc->frames = (tc->frames % day + (guint64) r) % day;
}

char *
ingest_frame_rate_to_string (guint num,
                             guint den)
{
  guint64 g;

  g_return_val_if_fail (num > 0 && den > 0, NULL);

  g = gcd (num, den);
  num /= g;
  den /= g;
  if (den == 1)
    return g_strdup_printf ("%u", num);
  return g_strdup_printf ("%u/%u", num, den);
}

gboolean
ingest_frame_rate_parse (const char *text,
                         guint      *num,
                         guint      *den)
{
  static const struct { const char *text; guint num, den; } ntsc[] = {
    { "23.976", 24000, 1001 }, { "23.98", 24000, 1001 },
    { "29.97", 30000, 1001 },  { "47.952", 48000, 1001 },
    { "59.94", 60000, 1001 },  { "119.88", 120000, 1001 },
  };
  guint64 n, d = 1;
  char *end;

  g_return_val_if_fail (num != NULL && den != NULL, FALSE);

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (ntsc); i++)
    if (strcmp (text, ntsc[i].text) == 0)
      {
        *num = ntsc[i].num;
        *den = ntsc[i].den;
        return TRUE;
      }

  n = g_ascii_strtoull (text, &end, 10);
  if (*end == '/')
    {
      if (!g_ascii_isdigit (end[1]))
        return FALSE;
      d = g_ascii_strtoull (end + 1, &end, 10);
    }
  else if (*end == '.')
    {
      /* Any other decimal rate: exact in thousandths ("12.5", "48.000"). */
      const char *frac = end + 1;
      guint digits = 0;

      while (g_ascii_isdigit (*frac) && digits < 3)
        {
          n = n * 10 + (*frac++ - '0');
          d *= 10;
          digits++;
        }
      end = (char *) frac;
    }
  if (*end != '\0' || n == 0 || d == 0 || n > G_MAXUINT || d > G_MAXUINT)
    return FALSE;
  {
    guint64 g = gcd (n, d);
    *num = n / g;
    *den = d / g;
  }
  return TRUE;
}

gboolean
ingest_frame_rate_normalize (gint64  num,
                             gint64  den,
                             guint  *rate_num,
                             guint  *rate_den)
{
  double value, ntsc;
  guint64 g;

  g_return_val_if_fail (rate_num != NULL && rate_den != NULL, FALSE);

  if (num <= 0 || den <= 0)
    return FALSE;
  value = (double) num / den;
  if (value > 1000 || value < 0.01)
    return FALSE;
  /* Not a whole rate, but a whole rate × 1000/1001 to three decimals. */
  ntsc = value * 1.001;
  if (fabs (value - round (value)) > 0.001 && fabs (ntsc - round (ntsc)) < 0.002 && round (ntsc) >= 1)
    {
      *rate_num = (guint) round (ntsc) * 1000;
      *rate_den = 1001;
      return TRUE;
    }
  g = gcd (num, den);
  if (num / g > G_MAXUINT || den / g > G_MAXUINT)
    return FALSE;
  *rate_num = num / g;
  *rate_den = den / g;
  return TRUE;
}
