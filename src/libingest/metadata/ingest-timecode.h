/* ingest-timecode.h
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

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * IngestTimecode: a SMPTE ST 12 time address, as plain data.
 *
 * @frames counts real frames since midnight at the rate (not labels), so
 * adding a duration is an addition; drop-frame only changes how the count is
 * labelled (29.97 skips labels :00 and :01 of each minute not divisible by
 * ten, 59.94 skips four). The timebase (the frame field's count per second)
 * is the rate rounded: 30 for 30000/1001, 24 for 24000/1001. A day wraps:
 * 23:59:59:24 + 1 frame at 25 is 00:00:00:00.
 *
 * Recipes per source (ISO-BMFF tmcd, MXF timecode component, Sony NRT LTC,
 * BWF TimeReference, OpenEXR timeCode) are the init functions below; each has
 * a test at 23.976, 24, 25, 29.97 DF/NDF, 50 and 59.94 DF.
 */
typedef struct
{
  guint64  frames;      /* since midnight, < frames per day */
  guint    rate_num;    /* the frame rate, e.g. 30000 */
  guint    rate_den;    /* e.g. 1001; rate_num/rate_den in lowest terms */
  gboolean drop_frame;  /* only with a timebase of 30 or 60 (× 1000/1001) */
} IngestTimecode;

/* Frames per nominal second: rate rounded to the nearest integer (≥ 1). */
guint    ingest_timecode_get_timebase      (const IngestTimecode *tc);
guint64  ingest_timecode_frames_per_day    (const IngestTimecode *tc);

/* Each returns FALSE (TC untouched) when the input is not a valid address
 * at that rate: a rate of 0, a field out of range, a label that drop-frame
 * skips, drop-frame at a rate that has none. */
gboolean ingest_timecode_init              (IngestTimecode *tc,
                                            guint           rate_num,
                                            guint           rate_den,
                                            gboolean        drop_frame);
gboolean ingest_timecode_set_hmsf          (IngestTimecode *tc,
                                            guint           hours,
                                            guint           minutes,
                                            guint           seconds,
                                            guint           frames);
/* Frames since midnight; wraps at a day. */
void     ingest_timecode_set_frames        (IngestTimecode *tc,
                                            guint64         frames);
/* Sony NRT LtcChange@value and OpenEXR/ST 12 time_and_flags: four BCD
 * bytes (frames, seconds, minutes, hours) with the flag bits still in them
 * (drop-frame and colour-frame in the frames byte, phase/binary-group flags
 * in the others); the flags are masked before decoding. */
gboolean ingest_timecode_set_bcd           (IngestTimecode *tc,
                                            guint8          frames_bcd,
                                            guint8          seconds_bcd,
                                            guint8          minutes_bcd,
                                            guint8          hours_bcd);
/* BWF TimeReference: samples since midnight at SAMPLE_RATE, expressed in
 * frames at the timecode's rate (rounded down, as recorders label). */
gboolean ingest_timecode_set_samples       (IngestTimecode *tc,
                                            guint64         samples,
                                            guint           sample_rate);
/* "HH:MM:SS:FF" or "HH:MM:SS;FF" (also accepts "." and "," before the frames). */
gboolean ingest_timecode_parse             (IngestTimecode *tc,
                                            const char     *text);

void     ingest_timecode_get_hmsf          (const IngestTimecode *tc,
                                            guint          *hours,
                                            guint          *minutes,
                                            guint          *seconds,
                                            guint          *frames);
/* "HH:MM:SS:FF", ";" before the frames when drop-frame; for frame rates
 * above 99 the frame field has three digits. */
char    *ingest_timecode_to_string         (const IngestTimecode *tc);
/* TC + N frames (N may be negative), wrapping at a day. */
void     ingest_timecode_add_frames        (IngestTimecode *tc,
                                            gint64          n);

/* "25", "24000/1001": a rate as the clip fields keep it (reduced). */
char    *ingest_frame_rate_to_string       (guint           num,
                                            guint           den);
/* Parses "25", "24000/1001", "23.976", "29.97", "59.94", "23.98" (the
 * decimal NTSC rates map to their exact x000/1001 form). */
gboolean ingest_frame_rate_parse           (const char     *text,
                                            guint          *num,
                                            guint          *den);
/* A rate written as any rational (a TIFF SRATIONAL, an EXR rational): in
 * lowest terms, NTSC rates written in thousandths (23976/1000, 2997/100) in
 * their exact x000/1001 form. FALSE for a rate at or below 0, under 0.01 or
 * over 1000 frames a second. */
gboolean ingest_frame_rate_normalize       (gint64          num,
                                            gint64          den,
                                            guint          *rate_num,
                                            guint          *rate_den);

G_END_DECLS
