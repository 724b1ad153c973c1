/* ingest-r3d-reader.c
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

#define G_LOG_DOMAIN "ingest-r3d-reader"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-r3d-reader.h"

/*
 * A REDCODE file starts with a header block: a 32-bit big-endian size, the
 * magic "RED2", the picture size at 0x4c/0x50 (32 bits each), the frame
 * rate at 0x56 as three 16-bit words (denominator, numerator high, low);
 * the count of "rdi" records at 0x40, and after those (0x44 + 24 per record)
 * a tag directory: a 16-bit length, then entries of a 16-bit length (with
 * its 4-byte head), a 16-bit tag whose top four bits say the value's type.
 * Version 1 ("RED1", RED ONE) has the size at 0x36/0x3a and the rate at
 * 0x3e/0x40 (numerator, denominator; 16 bits each), and the directory at
 * 0x22 of the block that follows the header.
 * Tag numbers and layout as exiftool documents them (Image::ExifTool::Red).
 * All big-endian. Frames are never read: no SDK, no preview.
 */

struct _IngestR3dReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestR3dReader, ingest_r3d_reader, INGEST_TYPE_METADATA_READER)

#define MAX_HEADER 65536

/* Value types: the tag's top four bits. */
enum
{
  TYPE_U8 = 0,
  TYPE_STRING = 1,
  TYPE_FLOAT = 2,
  TYPE_U8_B = 3,
  TYPE_U16 = 4,
  TYPE_S8 = 5,
  TYPE_S32 = 6,
  TYPE_U32 = 8,
};

static guint16
be16 (const guint8 *p)
{
  return p[0] << 8 | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static gboolean
ingest_r3d_reader_accepts (IngestMetadataReader *reader,
                           const char           *path)
{
  static const char * const suffixes[] = { ".r3d", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

typedef struct
{
  IngestClip *clip;
  guint       fps_num;
  guint       fps_den;
  char       *start_timecode;
} R3d;

static void
offer_date_time (IngestClip *clip,
                 const char *text)
{
  char iso[20];

  /* "YYYYMMDDhhmmss" */
  if (strlen (text) != 14)
    return;
  for (guint i = 0; i < 14; i++)
    if (!g_ascii_isdigit (text[i]))
      return;
  g_snprintf (iso, sizeof iso, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s",
              text, text + 4, text + 6, text + 8, text + 10, text + 12);
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CREATED, iso);
}

static void
handle_string (R3d        *r3d,
               guint       tag,
               const char *text)
{
  static const struct { guint tag; IngestClipField field; const char *attribute; } strings[] = {
    { 0x1006, INGEST_CLIP_FIELD_CAMERA_SERIAL, NULL },
    { 0x1019, INGEST_CLIP_N_FIELDS, "red.CameraType" },
    { 0x101a, INGEST_CLIP_FIELD_REEL, NULL },
    { 0x101b, INGEST_CLIP_FIELD_TAKE, NULL },
    { 0x1025, INGEST_CLIP_FIELD_CAMERA_FIRMWARE, NULL },
    { 0x1029, INGEST_CLIP_N_FIELDS, "red.ReelTimecode" },
    { 0x1056, INGEST_CLIP_N_FIELDS, "red.OriginalFileName" },
    { 0x106e, INGEST_CLIP_N_FIELDS, "red.LensMake" },
    { 0x106f, INGEST_CLIP_N_FIELDS, "red.LensNumber" },
    { 0x1070, INGEST_CLIP_FIELD_LENS, NULL },
    { 0x1071, INGEST_CLIP_FIELD_CAMERA_MODEL, NULL },
    { 0x107c, INGEST_CLIP_N_FIELDS, "red.CameraOperator" },
    { 0x1086, INGEST_CLIP_N_FIELDS, "red.VideoFormat" },
    { 0x10a0, INGEST_CLIP_N_FIELDS, "red.Brain" },
    { 0x10a1, INGEST_CLIP_N_FIELDS, "red.Sensor" },
  };

  if (*text == '\0')
    return;
  if (tag == 0x1001)
    {
      g_free (r3d->start_timecode);
      r3d->start_timecode = g_strdup (text);
      ingest_clip_set_attribute (r3d->clip, "red.StartTimecode", text);
      return;
    }
  if (tag == 0x1005)
    {
      offer_date_time (r3d->clip, text);
      ingest_clip_set_attribute (r3d->clip, "red.DateTimeOriginal", text);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (strings[i].tag == tag)
      {
        if (strings[i].field < INGEST_CLIP_N_FIELDS)
          ingest_clip_offer_text (r3d->clip, strings[i].field, text, -1);
        else if (g_utf8_validate (text, -1, NULL))
          ingest_clip_set_attribute (r3d->clip, strings[i].attribute, text);
        return;
      }
}

/* 23.976 → 24000/1001, 25 → 25: the rate a decimal names. */
static gboolean
rate_from_double (double  value,
                  guint  *num,
                  guint  *den)
{
  char text[32];
  char *p;

  if (!isfinite (value) || value <= 0 || value > 1000)
    return FALSE;
  g_snprintf (text, sizeof text, "%.3f", value);
  p = text + strlen (text) - 1;
  while (*p == '0')
    *p-- = '\0';
  if (*p == '.')
    *p = '\0';
  return ingest_frame_rate_parse (text, num, den);
}

static void
handle_number (R3d    *r3d,
               guint   tag,
               double  value)
{
  guint num, den;

  switch (tag)
    {
    case 0x200d:   /* ColorTemperature */
      if (value > 0 && value < 100000)
        ingest_clip_offer_int (r3d->clip, INGEST_CLIP_FIELD_WHITE_BALANCE_K, (gint64) lround (value));
      break;
    case 0x2066:   /* OriginalFrameRate: the sensor's */
      if (rate_from_double (value, &num, &den))
        ingest_clip_offer_rate (r3d->clip, INGEST_CLIP_FIELD_CAPTURE_FPS, num, den);
      break;
    case 0x403b:   /* ISO */
      if (value > 0)
        ingest_clip_offer_int (r3d->clip, INGEST_CLIP_FIELD_ISO, (gint64) value);
      break;
    case 0x406a:   /* FNumber × 10 */
      if (value > 0)
        {
          char text[32];

          g_snprintf (text, sizeof text, "f/%.1f", value / 10);
          ingest_clip_offer_field (r3d->clip, INGEST_CLIP_FIELD_APERTURE, text);
        }
      break;
    case 0x406b:   /* FocalLength, mm */
      if (value > 0)
        ingest_clip_offer_number (r3d->clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, value);
      break;
    default:
      break;
    }
}

static void
handle_entry (R3d          *r3d,
              guint         tag,
              const guint8 *data,
              gsize         len)
{
  union { guint32 u; float f; } bits;

  switch (tag >> 12)
    {
    case TYPE_STRING:
      {
        g_autofree char *text = g_strndup ((const char *) data, len);

        g_strstrip (text);
        handle_string (r3d, tag, text);
      }
      break;
    case TYPE_FLOAT:
      if (len >= 4)
        {
          bits.u = be32 (data);
          handle_number (r3d, tag, bits.f);
        }
      break;
    case TYPE_U16:
      if (len >= 2)
        handle_number (r3d, tag, be16 (data));
      break;
    case TYPE_S32:
      if (len >= 4)
        handle_number (r3d, tag, (gint32) be32 (data));
      break;
    case TYPE_U32:
      if (len >= 4)
        handle_number (r3d, tag, be32 (data));
      break;
    default:
      break;
    }
}

/* The tag directory at POS of BLOCK: a 16-bit length, then the entries. */
static gboolean
walk_directory (R3d           *r3d,
                const guint8  *block,
                gsize          block_len,
                gsize          pos,
                const char    *name,
                GError       **error)
{
  gsize dir_end;

  if (pos + 2 > block_len)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                        _("%s: the REDCODE tag directory is past the header"), name), FALSE;
  dir_end = pos + 2 + be16 (block + pos);
  pos += 2;
  if (dir_end > block_len)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                        _("%s: the REDCODE tag directory runs past the header"), name), FALSE;

  while (pos + 4 <= dir_end)
    {
      guint len = be16 (block + pos);
      guint tag = be16 (block + pos + 2);

      if (len < 4 || pos + len > dir_end)
        break;
      handle_entry (r3d, tag, block + pos + 4, len - 4);
      pos += len;
    }
  return TRUE;
}

static void
offer_picture (R3d   *r3d,
               guint  width,
               guint  height,
               guint  rate,
               guint  den)
{
  if (width > 0 && width < 100000 && height > 0 && height < 100000)
    {
      ingest_clip_offer_int (r3d->clip, INGEST_CLIP_FIELD_WIDTH, width);
      ingest_clip_offer_int (r3d->clip, INGEST_CLIP_FIELD_HEIGHT, height);
    }
  if (den > 0 && rate > 0 && (guint64) rate < (guint64) den * 1000 &&
      ingest_clip_offer_rate (r3d->clip, INGEST_CLIP_FIELD_FPS, rate, den))
    {
      r3d->fps_num = rate;
      r3d->fps_den = den;
    }
  ingest_clip_offer_field (r3d->clip, INGEST_CLIP_FIELD_CODEC, "REDCODE");
}

/* REDCODE 2: the directory follows the rdi records, inside the header. */
static gboolean
read_red2 (R3d           *r3d,
           const guint8  *h,
           gsize          size,
           const char    *name,
           GError       **error)
{
  if (size < 0x5c)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: a REDCODE header of %" G_GSIZE_FORMAT " bytes"), name, size), FALSE;
  /* 16-bit words: denominator, numerator high, numerator low. */
  offer_picture (r3d, be32 (h + 0x4c), be32 (h + 0x50),
                 (guint) be16 (h + 0x58) << 16 | be16 (h + 0x5a), be16 (h + 0x56));
  return walk_directory (r3d, h, size, 0x44 + (gsize) h[0x40] * 0x18, name, error);
}

/* REDCODE 1: the directory is at 0x22 of the block after the header. */
static gboolean
read_red1 (R3d               *r3d,
           IngestByteSource  *source,
           const guint8      *h,
           gsize              size,
           const char        *name,
           GError           **error)
{
  guint64 file_size = ingest_byte_source_get_size (source);
  g_autoptr(GBytes) block = NULL;

  if (size < 0x46)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: a REDCODE header of %" G_GSIZE_FORMAT " bytes"), name, size), FALSE;
  offer_picture (r3d, be16 (h + 0x36), be16 (h + 0x3a), be16 (h + 0x3e), be16 (h + 0x40));
  block = ingest_byte_source_read_bytes (source, size, MIN (MAX_HEADER, file_size - size), error);
  if (block == NULL)
    return FALSE;
  return walk_directory (r3d, g_bytes_get_data (block, NULL), g_bytes_get_size (block), 0x22, name, error);
}

static gboolean
ingest_r3d_reader_read_clip_file (IngestMetadataReader  *reader,
                                  IngestClip            *clip,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  const char *name = ingest_byte_source_get_name (source);
  g_autoptr(GBytes) bytes = NULL;
  guint8 head[8];
  gsize size;
  gboolean ok;
  R3d r3d = { clip, 0, 0, NULL };

  /* Whatever the header says, this tool cannot show a frame. */
  ingest_clip_set_attribute (clip, "preview", "not decodable here");

  if (!ingest_byte_source_read (source, 0, head, sizeof head, error))
    return FALSE;
  if (memcmp (head + 4, "RED1", 4) != 0 && memcmp (head + 4, "RED2", 4) != 0)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: not a REDCODE file"), name), FALSE;
  size = be32 (head);
  if (size > MAX_HEADER)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: a REDCODE header of %" G_GSIZE_FORMAT " bytes"), name, size), FALSE;
  bytes = ingest_byte_source_read_bytes (source, 0, size, error);
  if (bytes == NULL)
    return FALSE;

  if (head[7] == '2')
    ok = read_red2 (&r3d, g_bytes_get_data (bytes, NULL), size, name, error);
  else
    ok = read_red1 (&r3d, source, g_bytes_get_data (bytes, NULL), size, name, error);

  if (r3d.start_timecode != NULL && r3d.fps_num > 0)
    {
      IngestTimecode tc;

      if (ingest_timecode_init (&tc, r3d.fps_num, r3d.fps_den, strchr (r3d.start_timecode, ';') != NULL) &&
          ingest_timecode_parse (&tc, r3d.start_timecode))
        ingest_clip_offer_timecode (clip, INGEST_CLIP_FIELD_TC_START, &tc);
    }
  g_free (r3d.start_timecode);
  return ok;
}

static void
ingest_r3d_reader_class_init (IngestR3dReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "r3d";
  reader_class->accepts = ingest_r3d_reader_accepts;
  reader_class->read_clip_file = ingest_r3d_reader_read_clip_file;
}

static void
ingest_r3d_reader_init (IngestR3dReader *self)
{
}
