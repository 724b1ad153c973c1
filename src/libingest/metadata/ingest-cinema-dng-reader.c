/* ingest-cinema-dng-reader.c
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
#include <string.h>

#include "ingest-cinema-dng-reader.h"

/* Facts: TIFF 6.0 (header, IFD entries, field types), DNG 1.4 (SubIFDs) and
 * the CinemaDNG tags TimeCodes 51043 (BYTE[8], ST 12 time address, frames
 * byte first) and FrameRate 51044 (SRATIONAL). */
#define TAG_SUB_IFDS   330
#define TAG_TIME_CODES 51043
#define TAG_FRAME_RATE 51044

/* Real DNGs have IFD0, one or two SubIFDs and maybe an EXIF thumbnail IFD;
 * TIFF counts entries in 16 bits, DNG writers use well under a hundred. */
#define MAX_IFDS         32
#define MAX_ENTRIES      1024
#define MAX_DEPTH        2
#define MAX_SUB_IFDS     16

struct _IngestCinemaDngReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestCinemaDngReader, ingest_cinema_dng_reader, INGEST_TYPE_METADATA_READER)

typedef struct
{
  IngestByteSource *source;
  gboolean          big_endian;
  guint64           visited[MAX_IFDS];
  guint             n_visited;
  gboolean          have_tc;
  guint8            tc[4];
  gboolean          have_rate;
  gint32            rate_num;
  gint32            rate_den;
} Walk;

static guint16
get16 (const Walk   *walk,
       const guint8 *p)
{
  return walk->big_endian ? (guint16) (p[0] << 8 | p[1]) : (guint16) (p[1] << 8 | p[0]);
}

static guint32
get32 (const Walk   *walk,
       const guint8 *p)
{
  return walk->big_endian
    ? (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3]
    : (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static guint
type_size (guint16 type)
{
  switch (type)
    {
    case 1: case 2: case 6: case 7:
      return 1;
    case 3: case 8:
      return 2;
    case 4: case 9: case 11: case 13:
      return 4;
    case 5: case 10: case 12:
      return 8;
    default:
      return 0;
    }
}

/* The first LENGTH bytes of an entry's value, inline or at its offset. */
static gboolean
read_value (Walk          *walk,
            const guint8  *entry,
            guint8        *value,
            gsize          length,
            GError       **error)
{
  guint64 total = (guint64) type_size (get16 (walk, entry + 2)) * get32 (walk, entry + 4);

  g_assert (length <= total);
  if (total <= 4)
    {
      memcpy (value, entry + 8, length);
      return TRUE;
    }
  return ingest_byte_source_read (walk->source, get32 (walk, entry + 8), value, length, error);
}

static gboolean
malformed (Walk        *walk,
           GError     **error,
           const char  *what)
{
  g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
               "%s: %s", ingest_byte_source_get_name (walk->source), what);
  return FALSE;
}

static gboolean walk_ifd (Walk *walk, guint64 offset, guint depth, GError **error);

static gboolean
walk_sub_ifds (Walk          *walk,
               const guint8  *entry,
               guint          depth,
               GError       **error)
{
  guint16 type = get16 (walk, entry + 2);
  guint32 count = get32 (walk, entry + 4);
  guint8 offsets[MAX_SUB_IFDS * 4];

  if ((type != 4 && type != 13) || count == 0)
    return TRUE;
  if (count > MAX_SUB_IFDS)
    return malformed (walk, error, "too many SubIFDs");
  if (!read_value (walk, entry, offsets, count * 4, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    if (!walk_ifd (walk, get32 (walk, offsets + 4 * i), depth + 1, error))
      return FALSE;
  return TRUE;
}

static gboolean
read_entry (Walk          *walk,
            const guint8  *entry,
            guint          depth,
            GError       **error)
{
  guint16 tag = get16 (walk, entry);
  guint16 type = get16 (walk, entry + 2);
  guint32 count = get32 (walk, entry + 4);
  guint8 value[8];

  switch (tag)
    {
    case TAG_SUB_IFDS:
      return depth >= MAX_DEPTH || walk_sub_ifds (walk, entry, depth, error);
    case TAG_TIME_CODES:
      /* BYTE[8]: the time address, then the binary groups (ignored). */
      if ((type != 1 && type != 7) || count < 4 || walk->have_tc)
        return TRUE;
      if (!read_value (walk, entry, walk->tc, 4, error))
        return FALSE;
      walk->have_tc = TRUE;
      return TRUE;
    case TAG_FRAME_RATE:
      if ((type != 10 && type != 5) || count < 1 || walk->have_rate)
        return TRUE;
      if (!read_value (walk, entry, value, 8, error))
        return FALSE;
      walk->rate_num = (gint32) get32 (walk, value);
      walk->rate_den = (gint32) get32 (walk, value + 4);
      if (type == 5 && (walk->rate_num < 0 || walk->rate_den < 0))
        return TRUE;  /* an unsigned rate over 2³¹: no frame rate */
      walk->have_rate = TRUE;
      return TRUE;
    default:
      return TRUE;
    }
}

static gboolean
walk_ifd (Walk     *walk,
          guint64   offset,
          guint     depth,
          GError  **error)
{
  /* IFD0's chain is walked in a loop, SubIFDs by recursion (depth ≤ MAX_DEPTH). */
  while (offset != 0)
    {
      g_autofree guint8 *entries = NULL;
      guint8 head[2], next[4];
      guint16 n;

      for (guint i = 0; i < walk->n_visited; i++)
        if (walk->visited[i] == offset)
          return malformed (walk, error, "the IFDs form a loop");
      if (walk->n_visited == MAX_IFDS)
        return malformed (walk, error, "too many IFDs");
      walk->visited[walk->n_visited++] = offset;

      if (offset < 8 || offset >= ingest_byte_source_get_size (walk->source))
        return malformed (walk, error, "an IFD offset points outside the file");
      if (!ingest_byte_source_read (walk->source, offset, head, 2, error))
        return FALSE;
      n = get16 (walk, head);
      if (n == 0 || n > MAX_ENTRIES)
        return malformed (walk, error, "an IFD has an absurd number of entries");

      entries = g_malloc ((gsize) n * 12);
      if (!ingest_byte_source_read (walk->source, offset + 2, entries, (gsize) n * 12, error) ||
          !ingest_byte_source_read (walk->source, offset + 2 + (guint64) n * 12, next, 4, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        if (!read_entry (walk, entries + 12 * i, depth, error))
          return FALSE;

      offset = get32 (walk, next);
    }
  return TRUE;
}

static void
offer_found (IngestClip *clip,
             const Walk *walk)
{
  IngestTimecode tc;
  guint num, den;
  gint64 first, last;

  if (!walk->have_rate || !ingest_frame_rate_normalize (walk->rate_num, walk->rate_den, &num, &den))
    {
      if (walk->have_tc)
        ingest_clip_add_problem (clip, "CinemaDNG TimeCodes without a usable FrameRate");
      return;
    }
  ingest_clip_offer_rate (clip, INGEST_CLIP_FIELD_FPS, num, den);

  if (ingest_clip_get_kind (clip) == INGEST_CLIP_KIND_SEQUENCE &&
      ingest_clip_get_frame_range (clip, &first, &last) && last >= first)
    ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_FRAMES, last - first + 1);

  if (!walk->have_tc)
    return;
  /* The drop-frame flag is bit 6 of the frames byte; at a rate without
   * drop-frame the flag is meaningless and the address is read as is. */
  if (!ingest_timecode_init (&tc, num, den, (walk->tc[0] & 0x40) != 0) &&
      !ingest_timecode_init (&tc, num, den, FALSE))
    return;
  if (!ingest_timecode_set_bcd (&tc, walk->tc[0], walk->tc[1], walk->tc[2], walk->tc[3]))
    {
      g_autofree char *message =
        g_strdup_printf ("CinemaDNG TimeCodes %02x %02x %02x %02x is not a time address",
                         walk->tc[3], walk->tc[2], walk->tc[1], walk->tc[0]);

      ingest_clip_add_problem (clip, message);
      return;
    }
  ingest_clip_offer_timecode (clip, INGEST_CLIP_FIELD_TC_START, &tc);
}

static gboolean
ingest_cinema_dng_reader_accepts (IngestMetadataReader *reader,
                                  const char           *path)
{
  static const char * const suffixes[] = { ".dng", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

static gboolean
ingest_cinema_dng_reader_read_clip_file (IngestMetadataReader  *reader,
                                         IngestClip            *clip,
                                         const char            *path,
                                         IngestByteSource      *source,
                                         GError               **error)
{
  Walk walk = { .source = source };
  guint8 header[8];
  gboolean ok;

  /* A sequence's timing is its first frame's; the other frames are not read. */
  if (ingest_clip_get_kind (clip) == INGEST_CLIP_KIND_SEQUENCE &&
      g_strcmp0 (path, ingest_clip_get_media_file (clip)) != 0)
    return TRUE;

  if (!ingest_byte_source_read (source, 0, header, sizeof header, error))
    return FALSE;
  if (memcmp (header, "II", 2) == 0)
    walk.big_endian = FALSE;
  else if (memcmp (header, "MM", 2) == 0)
    walk.big_endian = TRUE;
  else
    return malformed (&walk, error, "not a TIFF file");
  if (get16 (&walk, header + 2) == 43)
    {
      g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED,
                   "%s: BigTIFF is not read", ingest_byte_source_get_name (source));
      return FALSE;
    }
  if (get16 (&walk, header + 2) != 42)
    return malformed (&walk, error, "not a TIFF file");

  ok = walk_ifd (&walk, get32 (&walk, header + 4), 0, error);
  /* What IFD0 said stands even when a later IFD is broken. */
  offer_found (clip, &walk);
  return ok;
}

static void
ingest_cinema_dng_reader_class_init (IngestCinemaDngReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "cinemadng";
  reader_class->accepts = ingest_cinema_dng_reader_accepts;
  reader_class->read_clip_file = ingest_cinema_dng_reader_read_clip_file;
}

static void
ingest_cinema_dng_reader_init (IngestCinemaDngReader *self)
{
}
