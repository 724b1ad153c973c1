/* ingest-demo-dng.c
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

#define G_LOG_DOMAIN "ingest-demo-dng"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ingest-demo-dng.h"

/* TIFF field types. */
enum { BYTE = 1, ASCII = 2, SHORT = 3, LONG = 4, RATIONAL = 5, UNDEFINED = 7, SRATIONAL = 10 };

/* Values that are offsets known only once the file is laid out. */
typedef enum { FIXUP_NONE, FIXUP_EXIF_IFD, FIXUP_THUMB_IFD, FIXUP_JPEG, FIXUP_STRIP } Fixup;

typedef struct
{
  guint16     tag;
  guint16     type;
  guint32     count;
  GByteArray *value;  /* little-endian bytes */
  Fixup       fixup;
} Entry;

typedef struct
{
  GArray *entries;
} Ifd;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_byte_array_unref (entry->value);
}

static void
ifd_init (Ifd *ifd)
{
  ifd->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (ifd->entries, entry_clear);
}

static void
put16 (GByteArray *out,
       guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (out, b, 4);
}

static GByteArray *
add (Ifd     *ifd,
     guint16  tag,
     guint16  type,
     guint32  count)
{
  Entry entry = { tag, type, count, g_byte_array_new (), FIXUP_NONE };

  g_array_append_val (ifd->entries, entry);
  return entry.value;
}

static void
add_short (Ifd     *ifd,
           guint16  tag,
           guint16  value)
{
  put16 (add (ifd, tag, SHORT, 1), value);
}

static void
add_long (Ifd     *ifd,
          guint16  tag,
          guint32  value)
{
  put32 (add (ifd, tag, LONG, 1), value);
}

static void
add_fixup (Ifd     *ifd,
           guint16  tag,
           Fixup    fixup)
{
  put32 (add (ifd, tag, LONG, 1), 0);
  g_array_index (ifd->entries, Entry, ifd->entries->len - 1).fixup = fixup;
}

static void
add_ascii (Ifd        *ifd,
           guint16     tag,
           const char *text)
{
  if (text != NULL)
    g_byte_array_append (add (ifd, tag, ASCII, strlen (text) + 1), (const guint8 *) text, strlen (text) + 1);
}

static void
add_bytes (Ifd          *ifd,
           guint16       tag,
           guint16       type,
           const guint8 *bytes,
           guint         n)
{
  g_byte_array_append (add (ifd, tag, type, n), bytes, n);
}

static void
add_rational (Ifd     *ifd,
              guint16  tag,
              guint32  num,
              guint32  den)
{
  GByteArray *value;

  if (num == 0 || den == 0)
    return;
  value = add (ifd, tag, RATIONAL, 1);
  put32 (value, num);
  put32 (value, den);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return (int) ((const Entry *) a)->tag - (int) ((const Entry *) b)->tag;
}

static guint32
ifd_size (const Ifd *ifd)
{
  return 2 + 12 * ifd->entries->len + 4;
}

/* Writes IFD (its out-of-line values go to DATA, which starts at DATA_START). */
static void
write_ifd (GByteArray   *out,
           Ifd          *ifd,
           GByteArray   *data,
           guint32       data_start,
           const guint32 fixups[],
           guint32       next)
{
  g_array_sort (ifd->entries, compare_entries);
  put16 (out, ifd->entries->len);
  for (guint i = 0; i < ifd->entries->len; i++)
    {
      Entry *entry = &g_array_index (ifd->entries, Entry, i);

      put16 (out, entry->tag);
      put16 (out, entry->type);
      put32 (out, entry->count);
      if (entry->fixup != FIXUP_NONE)
        {
          put32 (out, fixups[entry->fixup]);
        }
      else if (entry->value->len <= 4)
        {
          guint8 inline_value[4] = { 0 };

          memcpy (inline_value, entry->value->data, entry->value->len);
          g_byte_array_append (out, inline_value, 4);
        }
      else
        {
          /* Word-aligned, as TIFF asks. */
          if (data->len % 2 != 0)
            g_byte_array_append (data, (const guint8 *) "", 1);
          put32 (out, data_start + data->len);
          g_byte_array_append (data, entry->value->data, entry->value->len);
        }
    }
  put32 (out, next);
}

static guint32
value_size (const Ifd *ifd)
{
  guint32 size = 0;

  for (guint i = 0; i < ifd->entries->len; i++)
    {
      const Entry *entry = &g_array_index (ifd->entries, Entry, i);

      if (entry->fixup == FIXUP_NONE && entry->value->len > 4)
        size += entry->value->len + 1;   /* at most one byte of alignment each */
    }
  return size;
}

/* A 12-bit RGGB mosaic of colour bars over a ramp, different per PATTERN. */
static GByteArray *
make_pixels (guint width,
             guint height,
             guint pattern)
{
  GByteArray *pixels = g_byte_array_sized_new (width * height * 2);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint bar = (x * 8 / width + pattern) % 8;
        guint channel = (y % 2) * 2 + (x % 2);   /* 0 R, 1 and 2 G, 3 B */
        gboolean on = channel == 0 ? (bar & 4) != 0 : channel == 3 ? (bar & 1) != 0 : (bar & 2) != 0;
        guint16 value = (on ? 3000 : 300) + (y * 600 / height);

        put16 (pixels, value);
      }
  return pixels;
}

GBytes *
ingest_demo_dng_new (const IngestDemoDng *dng)
{
  static const guint8 dng_version[4] = { 1, 4, 0, 0 };
  static const guint8 dng_backward[4] = { 1, 1, 0, 0 };
  static const guint8 cfa_pattern[4] = { 0, 1, 1, 2 };
  static const guint8 exif_version[4] = { '0', '2', '3', '0' };
  /* XYZ (D65) → camera: the sRGB matrix, for a camera that sees like sRGB. */
  static const gint32 color_matrix[9] = { 32406, -15372, -4986, -9689, 18758, 415, 557, -2040, 10570 };
  g_autoptr(GByteArray) pixels = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) data = g_byte_array_new ();
  Ifd ifd0, exif, thumb;
  GByteArray *value;
  gboolean has_thumb = dng->preview_jpeg != NULL;
  guint32 fixups[5] = { 0 };
  guint32 exif_at, thumb_at, data_start, jpeg_at, strip_at, strip_size;
  gsize jpeg_len = 0;
  const guint8 *jpeg = has_thumb ? g_bytes_get_data (dng->preview_jpeg, &jpeg_len) : NULL;

  g_return_val_if_fail (dng->width >= 2 && dng->width <= 4096 && dng->width % 2 == 0, NULL);
  g_return_val_if_fail (dng->height >= 2 && dng->height <= 4096 && dng->height % 2 == 0, NULL);

  strip_size = dng->width * dng->height * 2;
  ifd_init (&ifd0);
  ifd_init (&exif);
  ifd_init (&thumb);

  add_long (&ifd0, 254, 0);                       /* NewSubFileType: the main image */
  add_long (&ifd0, 256, dng->width);
  add_long (&ifd0, 257, dng->height);
  add_short (&ifd0, 258, 16);                     /* BitsPerSample */
  add_short (&ifd0, 259, 1);                      /* Compression: none */
  add_short (&ifd0, 262, 32803);                  /* PhotometricInterpretation: CFA */
  add_ascii (&ifd0, 271, dng->make);
  add_ascii (&ifd0, 272, dng->model);
  add_fixup (&ifd0, 273, FIXUP_STRIP);            /* StripOffsets */
  add_short (&ifd0, 274, 1);                      /* Orientation */
  add_short (&ifd0, 277, 1);                      /* SamplesPerPixel */
  add_long (&ifd0, 278, dng->height);             /* RowsPerStrip */
  add_long (&ifd0, 279, strip_size);              /* StripByteCounts */
  add_short (&ifd0, 284, 1);                      /* PlanarConfiguration */
  add_ascii (&ifd0, 305, dng->software);
  add_ascii (&ifd0, 306, dng->date_time_original);
  value = add (&ifd0, 33421, SHORT, 2);           /* CFARepeatPatternDim */
  put16 (value, 2);
  put16 (value, 2);
  add_bytes (&ifd0, 33422, BYTE, cfa_pattern, 4); /* CFAPattern: RGGB */
  add_fixup (&ifd0, 34665, FIXUP_EXIF_IFD);
  add_bytes (&ifd0, 50706, BYTE, dng_version, 4);
  add_bytes (&ifd0, 50707, BYTE, dng_backward, 4);
  add_ascii (&ifd0, 50708, dng->model != NULL ? dng->model : "Demo");  /* UniqueCameraModel */
  add_short (&ifd0, 50717, 4095);                 /* WhiteLevel: 12-bit data */
  value = add (&ifd0, 50721, SRATIONAL, 9);       /* ColorMatrix1 */
  for (guint i = 0; i < 9; i++)
    {
      put32 (value, (guint32) color_matrix[i]);
      put32 (value, 10000);
    }
  if (dng->as_shot_neutral[0] > 0 && dng->as_shot_neutral[1] > 0 && dng->as_shot_neutral[2] > 0)
    {
      value = add (&ifd0, 50728, RATIONAL, 3);    /* AsShotNeutral */
      for (guint i = 0; i < 3; i++)
        {
          put32 (value, (guint32) round (dng->as_shot_neutral[i] * 10000));
          put32 (value, 10000);
        }
    }
  add_ascii (&ifd0, 50735, dng->serial);          /* CameraSerialNumber */
  add_short (&ifd0, 50778, 21);                   /* CalibrationIlluminant1: D65 */
  if (dng->time_codes != NULL)
    add_bytes (&ifd0, 51043, BYTE, dng->time_codes, 8);  /* TimeCodes */
  if (dng->frame_rate_num != 0 && dng->frame_rate_den != 0)
    {
      value = add (&ifd0, 51044, SRATIONAL, 1);   /* FrameRate */
      put32 (value, (guint32) dng->frame_rate_num);
      put32 (value, (guint32) dng->frame_rate_den);
    }

  add_rational (&exif, 33434, dng->exposure_num, dng->exposure_den);
  add_rational (&exif, 33437, dng->f_number_num, dng->f_number_den);
  if (dng->iso != 0)
    add_short (&exif, 34855, MIN (dng->iso, 65535));  /* ISOSpeedRatings */
  add_bytes (&exif, 36864, UNDEFINED, exif_version, 4);
  add_ascii (&exif, 36867, dng->date_time_original);
  add_rational (&exif, 37386, dng->focal_num, dng->focal_den);
  add_ascii (&exif, 42033, dng->serial);          /* BodySerialNumber */
  add_ascii (&exif, 42036, dng->lens_model);
  add_ascii (&exif, 42037, dng->lens_serial);

  if (has_thumb)
    {
      add_long (&thumb, 254, 1);                  /* NewSubFileType: a reduced image */
      add_short (&thumb, 259, 6);                 /* Compression: JPEG (EXIF thumbnail) */
      add_fixup (&thumb, 513, FIXUP_JPEG);        /* JPEGInterchangeFormat */
      add_long (&thumb, 514, jpeg_len);           /* JPEGInterchangeFormatLength */
    }

  /* Layout: header, IFD0, Exif IFD, IFD1, values, JPEG, pixels. */
  exif_at = 8 + ifd_size (&ifd0);
  thumb_at = exif_at + ifd_size (&exif);
  data_start = thumb_at + (has_thumb ? ifd_size (&thumb) : 0);
  jpeg_at = data_start + value_size (&ifd0) + value_size (&exif) + value_size (&thumb);
  jpeg_at += jpeg_at % 2;
  strip_at = jpeg_at + jpeg_len;
  strip_at += strip_at % 2;
  fixups[FIXUP_EXIF_IFD] = exif_at;
  fixups[FIXUP_THUMB_IFD] = thumb_at;
  fixups[FIXUP_JPEG] = jpeg_at;
  fixups[FIXUP_STRIP] = strip_at;

  g_byte_array_append (out, (const guint8 *) "II*\0", 4);
  put32 (out, 8);
  write_ifd (out, &ifd0, data, data_start, fixups, has_thumb ? thumb_at : 0);
  write_ifd (out, &exif, data, data_start, fixups, 0);
  if (has_thumb)
    write_ifd (out, &thumb, data, data_start, fixups, 0);
  g_assert (out->len == data_start);
  g_byte_array_append (out, data->data, data->len);
  g_assert (out->len <= jpeg_at);
  g_byte_array_set_size (out, jpeg_at);
  memset (out->data + data_start + data->len, 0, jpeg_at - data_start - data->len);
  if (has_thumb)
    g_byte_array_append (out, jpeg, jpeg_len);
  while (out->len < strip_at)
    g_byte_array_append (out, (const guint8 *) "", 1);
  pixels = make_pixels (dng->width, dng->height, dng->pattern);
  g_byte_array_append (out, pixels->data, pixels->len);

  g_array_unref (ifd0.entries);
  g_array_unref (exif.entries);
  g_array_unref (thumb.entries);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
