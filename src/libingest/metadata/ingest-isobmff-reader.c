/* ingest-isobmff-reader.c
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

#include <glib/gi18n-lib.h>

#include "ingest-isobmff-reader.h"

/* Box layouts: ISO/IEC 14496-12 and Apple's QuickTime File Format. */

#define FOURCC(a, b, c, d) (((guint32) (a) << 24) | ((guint32) (b) << 16) | \
                            ((guint32) (c) << 8) | (guint32) (d))

/* Bounds on what a hostile file can make us do. */
#define MAX_DEPTH        16                  /* moov/trak/mdia/minf/stbl/stsd/… is 7 */
#define MAX_TOP_BOXES    1024                /* fragmented files: stop looking after these */
#define MAX_MOOV_SIZE    (32u * 1024 * 1024) /* and never more than the source's budget */
#define MAX_TRACKS       64
#define MAX_KEYS         4096
#define MAX_VALUE_LEN    4096                /* an attribute's text */

#define QT_EPOCH_TO_UNIX G_GINT64_CONSTANT (2082844800)  /* 1904-01-01 → 1970-01-01 */

struct _IngestIsobmffReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestIsobmffReader, ingest_isobmff_reader, INGEST_TYPE_METADATA_READER)

typedef struct
{
  guint32  handler;              /* hdlr of its mdia: vide, soun, tmcd… */
  guint32  track_id;
  guint32  tkhd_width;           /* integer part of the 16.16 values */
  guint32  tkhd_height;
  guint32  timescale;            /* mdhd */
  guint64  duration;
  gboolean has_entry;            /* first sample entry of stsd */
  guint32  format;
  guint    width;
  guint    height;
  guint    channels;
  guint    sample_rate;
  guint    bits;
  guint32  tc_flags;             /* tmcd sample entry */
  guint32  tc_timescale;
  guint32  tc_frame_duration;
  guint    tc_frames;
  char    *reel;
  guint64  samples;              /* stts: sample count, dominant delta */
  guint32  delta;
  guint64  delta_count;
  gboolean has_chunk;            /* stco/co64: the first chunk's offset */
  guint64  first_chunk;
} Track;

typedef struct
{
  IngestClip        *clip;
  IngestByteSource  *source;
  const char        *name;
  guint64            file_size;
  guint32            major_brand;
  gboolean           has_ftyp;
  gboolean           has_moov;
  guint32            movie_timescale;
  guint64            movie_duration;
  guint64            movie_created;   /* seconds since 1904, 0 when unknown */
  Track              tracks[MAX_TRACKS];
  guint              n_tracks;
  Track             *track;           /* the trak being walked, or NULL */
  gboolean           arri;            /* a com.arri.camera.* key was seen */
} Walk;

static guint16
rd16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
rd32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint64
rd64 (const guint8 *p)
{
  return (guint64) rd32 (p) << 32 | rd32 (p + 4);
}

/* A fourcc for messages: printable ASCII as is, © for 0xA9, else '?'. */
static char *
fourcc_to_string (guint32 type)
{
  GString *s = g_string_new (NULL);

  for (int shift = 24; shift >= 0; shift -= 8)
    {
      guint8 c = (type >> shift) & 0xff;

      if (c == 0xa9)
        g_string_append (s, "©");
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (s, c);
      else
        g_string_append_c (s, '?');
    }
  return g_string_free (s, FALSE);
}

static gboolean
malformed (Walk        *w,
           GError     **error,
           const char  *format,
           ...) G_GNUC_PRINTF (3, 4);

static gboolean
malformed (Walk        *w,
           GError     **error,
           const char  *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED, "%s: %s", w->name, text);
  return FALSE;
}

/* One box inside a buffer. */
typedef struct
{
  guint32       type;
  const guint8 *data;   /* payload, after the header */
  gsize         len;
} Box;

/* The next box of BUF[*POS, LEN): 1 and BOX, 0 at the end, -1 and ERROR when
 * a size lies (below its header, past its parent). */
static int
next_box (Walk          *w,
          const guint8  *buf,
          gsize          len,
          gsize         *pos,
          guint32        parent,
          Box           *box,
          GError       **error)
{
  gsize left = len - *pos;
  guint64 size;
  gsize header = 8;

  if (left == 0)
    return 0;
  if (left < 8)
    {
      g_autofree char *p = fourcc_to_string (parent);
      return malformed (w, error, _("%" G_GSIZE_FORMAT " stray bytes at the end of box “%s”"), left, p) ? 0 : -1;
    }
  size = rd32 (buf + *pos);
  box->type = rd32 (buf + *pos + 4);
  if (size == 1)
    {
      if (left < 16)
        return malformed (w, error, _("box with a 64-bit size cut short")) ? 0 : -1;
      size = rd64 (buf + *pos + 8);
      header = 16;
    }
  else if (size == 0)
    size = left;  /* to the end of its parent */
  if (size < header || size > left)
    {
      g_autofree char *t = fourcc_to_string (box->type);
      g_autofree char *p = fourcc_to_string (parent);

      return malformed (w, error, _("box “%s” of %" G_GUINT64_FORMAT " bytes does not fit in its parent “%s”"),
                        t, size, p) ? 0 : -1;
    }
  box->data = buf + *pos + header;
  box->len = size - header;
  *pos += size;
  return 1;
}

/* Text of an ilst data box (type indicator, locale, value) for attributes
 * and fields; NULL for types it does not show (images, binary). */
static char *
data_to_text (const guint8 *p,
              gsize         len)
{
  guint32 type;
  const guint8 *v;
  gsize n;

  if (len < 8)
    return NULL;
  type = rd32 (p) & 0xffffff;
  v = p + 8;
  n = len - 8;
  switch (type)
    {
    case 1:   /* UTF-8 */
      {
        g_autofree char *text = g_strndup ((const char *) v, MIN (n, MAX_VALUE_LEN));
        return g_utf8_make_valid (text, -1);
      }
    case 21:  /* big-endian signed integer of 1, 2, 3, 4 or 8 bytes */
    case 22:  /* unsigned */
      {
        guint64 u = 0;
        gint64 s;

        if (n == 0 || n > 8 || n == 5 || n == 6 || n == 7)
          return NULL;
        for (gsize i = 0; i < n; i++)
          u = u << 8 | v[i];
        if (type == 22)
          return g_strdup_printf ("%" G_GUINT64_FORMAT, u);
        /* Sign-extend from N bytes. */
        s = n == 8 ? (gint64) u : (gint64) (u << (64 - 8 * n)) >> (64 - 8 * n);
        return g_strdup_printf ("%" G_GINT64_FORMAT, s);
      }
    case 23:  /* float32 */
    case 24:  /* float64 */
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        double d;

        if (type == 23 && n == 4)
          {
            guint32 bits = rd32 (v);
            float f;

            memcpy (&f, &bits, 4);
            d = f;
          }
        else if (type == 24 && n == 8)
          {
            guint64 bits = rd64 (v);

            memcpy (&d, &bits, 8);
          }
        else
          return NULL;
        if (!isfinite (d))
          return NULL;
        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", d));
      }
    default:
      return NULL;
    }
}

/* Metadata keys the station maps to fields, compared without case: ARRI's
 * names vary by camera and firmware, so several spellings map to one field. */
typedef enum
{
  AS_TEXT,
  AS_INTEGER,
  AS_RATE,
  AS_SHUTTER_ANGLE,
  AS_DATETIME,
} MapKind;

static const struct
{
  const char      *key;
  IngestClipField  field;
  MapKind          kind;
} key_map[] = {
  { "com.apple.quicktime.make",                 INGEST_CLIP_FIELD_CAMERA_MAKE,      AS_TEXT },
  { "com.apple.quicktime.model",                INGEST_CLIP_FIELD_CAMERA_MODEL,     AS_TEXT },
  { "com.apple.quicktime.software",             INGEST_CLIP_FIELD_CAMERA_FIRMWARE,  AS_TEXT },
  { "com.apple.quicktime.creationdate",         INGEST_CLIP_FIELD_CREATED,          AS_DATETIME },
  { "com.apple.quicktime.camera.lens_model",    INGEST_CLIP_FIELD_LENS,             AS_TEXT },
  { "com.arri.camera.cameramodel",              INGEST_CLIP_FIELD_CAMERA_MODEL,     AS_TEXT },
  { "com.arri.camera.cameraserialnumber",       INGEST_CLIP_FIELD_CAMERA_SERIAL,    AS_TEXT },
  { "com.arri.camera.cameraindex",              INGEST_CLIP_FIELD_CAMERA_INDEX,     AS_TEXT },
  { "com.arri.camera.camerafirmwareversion",    INGEST_CLIP_FIELD_CAMERA_FIRMWARE,  AS_TEXT },
  { "com.arri.camera.softwareversion",          INGEST_CLIP_FIELD_CAMERA_FIRMWARE,  AS_TEXT },
  { "com.arri.camera.reelname",                 INGEST_CLIP_FIELD_REEL,             AS_TEXT },
  { "com.arri.camera.scenename",                INGEST_CLIP_FIELD_SCENE,            AS_TEXT },
  { "com.arri.camera.takename",                 INGEST_CLIP_FIELD_TAKE,             AS_TEXT },
  { "com.arri.camera.productionname",           INGEST_CLIP_FIELD_PRODUCTION,       AS_TEXT },
  { "com.arri.camera.exposureindexasa",         INGEST_CLIP_FIELD_ISO,              AS_INTEGER },
  { "com.arri.camera.exposureindex",            INGEST_CLIP_FIELD_ISO,              AS_INTEGER },
  { "com.arri.camera.whitebalancekelvin",       INGEST_CLIP_FIELD_WHITE_BALANCE_K,  AS_INTEGER },
  { "com.arri.camera.sensorfps",                INGEST_CLIP_FIELD_CAPTURE_FPS,      AS_RATE },
  { "com.arri.camera.lenstype",                 INGEST_CLIP_FIELD_LENS,             AS_TEXT },
  { "com.arri.camera.lensmodel",                INGEST_CLIP_FIELD_LENS,             AS_TEXT },
  { "com.arri.camera.lensserialnumber",         INGEST_CLIP_FIELD_LENS_SERIAL,      AS_TEXT },
  { "com.arri.camera.lookname",                 INGEST_CLIP_FIELD_LOOK,             AS_TEXT },
  { "com.arri.camera.colorgammasxs",            INGEST_CLIP_FIELD_GAMMA,            AS_TEXT },
  { "com.arri.camera.shutterangle",             INGEST_CLIP_FIELD_SHUTTER,          AS_SHUTTER_ANGLE },
  { "com.arri.camera.nd",                       INGEST_CLIP_FIELD_ND,               AS_TEXT },
  { "com.arri.camera.ndfilter",                 INGEST_CLIP_FIELD_ND,               AS_TEXT },
  { "com.arri.camera.ndfilterdensity",          INGEST_CLIP_FIELD_ND,               AS_TEXT },
};

/* "800", "800.0" → 800; anything else is left to the attribute. */
static gboolean
parse_integer (const char *text,
               gint64     *value)
{
  char *end;
  double d = g_ascii_strtod (text, &end);

  while (g_ascii_isspace (*end))
    end++;
  if (end == text || *end != '\0' || !isfinite (d) || d != floor (d) || fabs (d) > 1e15)
    return FALSE;
  *value = (gint64) d;
  return TRUE;
}

/* "2026-11-21T10:21:14+0100" (Apple writes the offset without a colon). */
static char *
normalize_datetime (const char *text)
{
  gsize n = strlen (text);

  if (n > 5 && (text[n - 5] == '+' || text[n - 5] == '-') &&
      g_ascii_isdigit (text[n - 4]) && g_ascii_isdigit (text[n - 1]) && strchr (text, 'T') != NULL)
    return g_strdup_printf ("%.*s:%s", (int) (n - 2), text, text + n - 2);
  return g_strdup (text);
}

static void
offer_mapped (Walk       *w,
              const char *key,
              const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_map); i++)
    {
      IngestClipField field = key_map[i].field;
      gint64 n;

      if (g_ascii_strcasecmp (key, key_map[i].key) != 0)
        continue;
      switch (key_map[i].kind)
        {
        case AS_TEXT:
          ingest_clip_offer_text (w->clip, field, value, -1);
          break;
        case AS_INTEGER:
          if (parse_integer (value, &n))
            ingest_clip_offer_int (w->clip, field, n);
          break;
        case AS_RATE:
          {
            g_autofree char *copy = g_strstrip (g_ascii_strdown (value, -1));
            guint num, den;

            /* "23.976", "25", "24000/1001", "25fps" */
            if (g_str_has_suffix (copy, "fps"))
              copy[strlen (copy) - 3] = '\0';
            g_strstrip (copy);
            if (ingest_frame_rate_parse (copy, &num, &den))
              ingest_clip_offer_rate (w->clip, field, num, den);
          }
          break;
        case AS_SHUTTER_ANGLE:
          {
            char *end;
            double d = g_ascii_strtod (value, &end);

            if (end != value && isfinite (d) && d > 0 && d <= 360)
              {
                char buf[G_ASCII_DTOSTR_BUF_SIZE];
                g_autofree char *text = g_strconcat (g_ascii_formatd (buf, sizeof buf, "%.6g", d), "°", NULL);

                ingest_clip_offer_field (w->clip, field, text);
              }
          }
          break;
        case AS_DATETIME:
          {
            g_autofree char *text = normalize_datetime (value);

            if (ingest_clip_field_check (field, text))
              ingest_clip_offer_field (w->clip, field, text);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      return;
    }
}

static void
take_item (Walk       *w,
           const char *key,
           const char *value)
{
  ingest_clip_set_attribute (w->clip, key, value);
  if (g_ascii_strncasecmp (key, "com.arri.camera.", 16) == 0)
    w->arri = TRUE;
  offer_mapped (w, key, value);
}

/* The first data box of an ilst item, as text. */
static gboolean
item_text (Walk          *w,
           const Box     *item,
           char         **text,
           GError       **error)
{
  gsize pos = 0;
  Box box;
  int r;

  *text = NULL;
  while ((r = next_box (w, item->data, item->len, &pos, item->type, &box, error)) > 0)
    if (box.type == FOURCC ('d', 'a', 't', 'a'))
      {
        *text = data_to_text (box.data, box.len);
        return TRUE;
      }
  return r == 0;
}

/* moov/meta (QuickTime: hdlr mdta, keys, ilst indexed by key) and
 * moov/udta/meta (iTunes: hdlr mdir, ilst items named by their fourcc). */
static gboolean
walk_meta (Walk          *w,
           const guint8  *data,
           gsize          len,
           GError       **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  guint32 handler = 0;
  gsize pos = 0;
  Box box;
  int r;

  /* ISO's meta is a full box (4 bytes of version and flags); QuickTime's is not. */
  if (len >= 8 && rd32 (data + 4) != FOURCC ('h', 'd', 'l', 'r') && rd32 (data) == 0)
    pos = 4;

  while ((r = next_box (w, data, len, &pos, FOURCC ('m', 'e', 't', 'a'), &box, error)) > 0)
    {
      if (box.type == FOURCC ('h', 'd', 'l', 'r') && box.len >= 12)
        handler = rd32 (box.data + 8);
      else if (box.type == FOURCC ('k', 'e', 'y', 's') && box.len >= 8)
        {
          guint32 count = rd32 (box.data + 4);
          gsize kpos = 8;

          if (count > MAX_KEYS || count > (box.len - 8) / 8)
            return malformed (w, error, _("keys box says %u keys"), count);
          for (guint32 i = 0; i < count; i++)
            {
              guint32 size;

              if (box.len - kpos < 8)
                return malformed (w, error, _("keys box cut short"));
              size = rd32 (box.data + kpos);
              if (size < 8 || size > box.len - kpos)
                return malformed (w, error, _("key %u of %u bytes does not fit in its box"), i + 1, size);
              g_ptr_array_add (keys, g_utf8_make_valid ((const char *) box.data + kpos + 8,
                                                        MIN (size - 8, MAX_VALUE_LEN)));
              kpos += size;
            }
        }
      else if (box.type == FOURCC ('i', 'l', 's', 't'))
        {
          gsize ipos = 0;
          Box item;
          int ir;

          while ((ir = next_box (w, box.data, box.len, &ipos, box.type, &item, error)) > 0)
            {
              g_autofree char *text = NULL;
              g_autofree char *name = NULL;
              g_autofree char *attr = NULL;

              if (!item_text (w, &item, &text, error))
                return FALSE;
              if (text == NULL)
                continue;
              if (handler == FOURCC ('m', 'd', 't', 'a'))
                {
                  /* Items are named by their 1-based key index. */
                  if (item.type == 0 || item.type > keys->len)
                    continue;
                  take_item (w, g_ptr_array_index (keys, item.type - 1), text);
                }
              else
                {
                  name = fourcc_to_string (item.type);
                  attr = g_strconcat ("udta.", name, NULL);

                  ingest_clip_set_attribute (w->clip, attr, text);
                  if (item.type == FOURCC (0xa9, 'm', 'a', 'k'))
                    ingest_clip_offer_text (w->clip, INGEST_CLIP_FIELD_CAMERA_MAKE, text, -1);
                  else if (item.type == FOURCC (0xa9, 'm', 'o', 'd'))
                    ingest_clip_offer_text (w->clip, INGEST_CLIP_FIELD_CAMERA_MODEL, text, -1);
                }
            }
          if (ir < 0)
            return FALSE;
        }
    }
  return r == 0;
}

/* QuickTime user data text (©mak, ©mod…): a 16-bit length, a 16-bit
 * language, then the text. */
static void
take_udta_text (Walk         *w,
                const Box    *box)
{
  g_autofree char *name = NULL;
  g_autofree char *attr = NULL;
  g_autofree char *text = NULL;
  guint16 n;

  if (box->len < 4)
    return;
  n = rd16 (box->data);
  if (n > box->len - 4)
    return;
  text = g_utf8_make_valid ((const char *) box->data + 4, MIN (n, MAX_VALUE_LEN));
  name = fourcc_to_string (box->type);
  attr = g_strconcat ("udta.", name, NULL);
  ingest_clip_set_attribute (w->clip, attr, text);
  if (box->type == FOURCC (0xa9, 'm', 'a', 'k'))
    ingest_clip_offer_text (w->clip, INGEST_CLIP_FIELD_CAMERA_MAKE, text, -1);
  else if (box->type == FOURCC (0xa9, 'm', 'o', 'd'))
    ingest_clip_offer_text (w->clip, INGEST_CLIP_FIELD_CAMERA_MODEL, text, -1);
}

/* The reel: a 'name' atom (length, language, text) after the tmcd sample
 * entry's fixed part, directly or inside a 'udta'. */
static void
take_tmcd_name (Walk         *w,
                const guint8 *data,
                gsize         len,
                int           depth)
{
  gsize pos = 0;
  Box box;

  /* Optional atoms; a broken one only loses the reel. */
  while (depth < 2 && next_box (w, data, len, &pos, FOURCC ('t', 'm', 'c', 'd'), &box, NULL) > 0)
    {
      if (box.type == FOURCC ('u', 'd', 't', 'a'))
        take_tmcd_name (w, box.data, box.len, depth + 1);
      else if (box.type == FOURCC ('n', 'a', 'm', 'e') && box.len >= 4 && w->track->reel == NULL)
        {
          guint16 n = rd16 (box.data);

          if (n <= box.len - 4)
            w->track->reel = g_utf8_make_valid ((const char *) box.data + 4, MIN (n, MAX_VALUE_LEN));
        }
    }
}

/* The first sample entry: a box whose type is the format. Offsets are from
 * the entry's start, its 8-byte header included. */
static gboolean
parse_stsd (Walk          *w,
            const Box     *stsd,
            GError       **error)
{
  Track *t = w->track;
  gsize pos = 8;
  const guint8 *e;
  gsize n;
  Box entry;
  int r;

  if (stsd->len < 8 || rd32 (stsd->data + 4) == 0)
    return TRUE;
  r = next_box (w, stsd->data, stsd->len, &pos, FOURCC ('s', 't', 's', 'd'), &entry, error);
  if (r <= 0)
    return r == 0;
  if (entry.data - stsd->data != 16)
    return TRUE;  /* a 64-bit-sized sample entry: no format has one */
  e = entry.data - 8;
  n = entry.len + 8;
  t->has_entry = TRUE;
  t->format = entry.type;

  switch (t->handler)
    {
    case FOURCC ('v', 'i', 'd', 'e'):
      if (n >= 36)
        {
          t->width = rd16 (e + 32);
          t->height = rd16 (e + 34);
        }
      break;
    case FOURCC ('s', 'o', 'u', 'n'):
      if (n >= 36)
        {
          guint16 version = rd16 (e + 16);

          if (version == 2 && n >= 72)
            {
              guint64 bits = rd64 (e + 40);
              double rate;

              memcpy (&rate, &bits, 8);
              t->channels = rd32 (e + 48);
              if (isfinite (rate) && rate >= 1 && rate < 1e7)
                t->sample_rate = (guint) rate;
              t->bits = rd32 (e + 56);
            }
          else if (version < 2)
            {
              t->channels = rd16 (e + 24);
              t->bits = rd16 (e + 26);
              t->sample_rate = rd32 (e + 32) >> 16;
            }
        }
      break;
    case FOURCC ('t', 'm', 'c', 'd'):
      if (t->format == FOURCC ('t', 'm', 'c', 'd') && n >= 34)
        {
          t->tc_flags = rd32 (e + 20);
          t->tc_timescale = rd32 (e + 24);
          t->tc_frame_duration = rd32 (e + 28);
          t->tc_frames = e[32];
          take_tmcd_name (w, e + 34, n - 34, 0);
        }
      break;
    default:
      break;
    }
  return TRUE;
}

static gboolean
parse_stts (Walk          *w,
            const Box     *box,
            GError       **error)
{
  Track *t = w->track;
  guint32 count;

  if (box->len < 8)
    return malformed (w, error, _("stts box cut short"));
  count = rd32 (box->data + 4);
  if (count > (box->len - 8) / 8)
    return malformed (w, error, _("stts box says %u entries in %" G_GSIZE_FORMAT " bytes"), count, box->len);
  t->samples = 0;
  t->delta_count = 0;
  for (guint32 i = 0; i < count; i++)
    {
      guint32 n = rd32 (box->data + 8 + 8 * (gsize) i);
      guint32 delta = rd32 (box->data + 12 + 8 * (gsize) i);

      t->samples += n;
      /* The rate is the duration most samples have (the last one often differs). */
      if (delta > 0 && n > t->delta_count)
        {
          t->delta = delta;
          t->delta_count = n;
        }
    }
  return TRUE;
}

static gboolean
parse_chunk_offsets (Walk          *w,
                     const Box     *box,
                     gboolean       wide,
                     GError       **error)
{
  gsize size = wide ? 8 : 4;

  if (box->len < 8)
    return malformed (w, error, _("chunk offset box cut short"));
  if (rd32 (box->data + 4) > (box->len - 8) / size)
    return malformed (w, error, _("chunk offset box says %u entries in %" G_GSIZE_FORMAT " bytes"),
                      rd32 (box->data + 4), box->len);
  if (rd32 (box->data + 4) > 0)
    {
      w->track->has_chunk = TRUE;
      w->track->first_chunk = wide ? rd64 (box->data + 8) : rd32 (box->data + 8);
    }
  return TRUE;
}

static gboolean
walk_boxes (Walk          *w,
            const guint8  *data,
            gsize          len,
            guint32        parent,
            int            depth,
            GError       **error)
{
  gsize pos = 0;
  Box box;
  int r;

  if (depth > MAX_DEPTH)
    return malformed (w, error, _("boxes nested deeper than %d"), MAX_DEPTH);

  while ((r = next_box (w, data, len, &pos, parent, &box, error)) > 0)
    {
      Track *t = w->track;

      switch (box.type)
        {
        case FOURCC ('t', 'r', 'a', 'k'):
          if (t != NULL)
            return malformed (w, error, _("a track inside a track"));
          if (w->n_tracks >= MAX_TRACKS)
            continue;
          w->track = &w->tracks[w->n_tracks++];
          if (!walk_boxes (w, box.data, box.len, box.type, depth + 1, error))
            return FALSE;
          w->track = NULL;
          break;
        case FOURCC ('m', 'd', 'i', 'a'):
        case FOURCC ('m', 'i', 'n', 'f'):
        case FOURCC ('s', 't', 'b', 'l'):
        case FOURCC ('e', 'd', 't', 's'):
          if (!walk_boxes (w, box.data, box.len, box.type, depth + 1, error))
            return FALSE;
          break;
        case FOURCC ('u', 'd', 't', 'a'):
          if (t == NULL && !walk_boxes (w, box.data, box.len, box.type, depth + 1, error))
            return FALSE;
          break;
        case FOURCC ('m', 'e', 't', 'a'):
          if (t == NULL && !walk_meta (w, box.data, box.len, error))
            return FALSE;
          break;
        case FOURCC ('m', 'v', 'h', 'd'):
          if (parent == FOURCC ('m', 'o', 'o', 'v') && box.len >= 4)
            {
              gboolean v1 = box.data[0] == 1;

              if (box.len < (v1 ? 32u : 20u))
                return malformed (w, error, _("mvhd box cut short"));
              w->movie_created = v1 ? rd64 (box.data + 4) : rd32 (box.data + 4);
              w->movie_timescale = rd32 (box.data + (v1 ? 20 : 12));
              w->movie_duration = v1 ? rd64 (box.data + 24) : rd32 (box.data + 16);
            }
          break;
        case FOURCC ('t', 'k', 'h', 'd'):
          if (t != NULL && box.len >= 4)
            {
              gboolean v1 = box.data[0] == 1;
              gsize wpos = v1 ? 88 : 76;

              if (box.len < wpos + 8)
                return malformed (w, error, _("tkhd box cut short"));
              t->track_id = rd32 (box.data + (v1 ? 20 : 12));
              t->tkhd_width = rd32 (box.data + wpos) >> 16;
              t->tkhd_height = rd32 (box.data + wpos + 4) >> 16;
            }
          break;
        case FOURCC ('m', 'd', 'h', 'd'):
          if (t != NULL && box.len >= 4)
            {
              gboolean v1 = box.data[0] == 1;

              if (box.len < (v1 ? 32u : 20u))
                return malformed (w, error, _("mdhd box cut short"));
              t->timescale = rd32 (box.data + (v1 ? 20 : 12));
              t->duration = v1 ? rd64 (box.data + 24) : rd32 (box.data + 16);
            }
          break;
        case FOURCC ('h', 'd', 'l', 'r'):
          if (t != NULL && parent == FOURCC ('m', 'd', 'i', 'a') && box.len >= 12)
            t->handler = rd32 (box.data + 8);
          break;
        case FOURCC ('s', 't', 's', 'd'):
          if (t != NULL && !t->has_entry && !parse_stsd (w, &box, error))
            return FALSE;
          break;
        case FOURCC ('s', 't', 't', 's'):
          if (t != NULL && !parse_stts (w, &box, error))
            return FALSE;
          break;
        case FOURCC ('s', 't', 'c', 'o'):
        case FOURCC ('c', 'o', '6', '4'):
          if (t != NULL &&
              !parse_chunk_offsets (w, &box, box.type == FOURCC ('c', 'o', '6', '4'), error))
            return FALSE;
          break;
        default:
          if (parent == FOURCC ('u', 'd', 't', 'a') && (box.type >> 24) == 0xa9)
            take_udta_text (w, &box);
          break;
        }
    }
  return r == 0;
}

static const struct
{
  guint32     format;
  const char *name;
} codec_names[] = {
  { FOURCC ('a', 'p', 'c', 'h'), "Apple ProRes 422 HQ" },
  { FOURCC ('a', 'p', 'c', 'n'), "Apple ProRes 422" },
  { FOURCC ('a', 'p', 'c', 's'), "Apple ProRes 422 LT" },
  { FOURCC ('a', 'p', 'c', 'o'), "Apple ProRes 422 Proxy" },
  { FOURCC ('a', 'p', '4', 'h'), "Apple ProRes 4444" },
  { FOURCC ('a', 'p', '4', 'x'), "Apple ProRes 4444 XQ" },
  { FOURCC ('a', 'p', 'r', 'n'), "Apple ProRes RAW" },
  { FOURCC ('a', 'p', 'r', 'h'), "Apple ProRes RAW HQ" },
  { FOURCC ('a', 'v', 'c', '1'), "H.264" },
  { FOURCC ('a', 'v', 'c', '3'), "H.264" },
  { FOURCC ('h', 'v', 'c', '1'), "H.265" },
  { FOURCC ('h', 'e', 'v', '1'), "H.265" },
  /* ffmpeg and Avid write AVdn for DNxHR too; AVdh is DNxHR only. */
  { FOURCC ('A', 'V', 'd', 'n'), "Avid DNxHD/DNxHR" },
  { FOURCC ('A', 'V', 'd', 'h'), "Avid DNxHR" },
  { FOURCC ('m', 'p', '4', 'v'), "MPEG-4 Visual" },
  { FOURCC ('j', 'p', 'e', 'g'), "Motion JPEG" },
  { FOURCC ('m', 'j', 'p', 'a'), "Motion JPEG" },
  { FOURCC ('m', 'j', 'p', 'b'), "Motion JPEG" },
  { FOURCC ('m', 'j', 'p', '2'), "JPEG 2000" },
  { FOURCC ('a', 'v', '0', '1'), "AV1" },
  { FOURCC ('v', 'p', '0', '9'), "VP9" },
  { FOURCC ('v', '2', '1', '0'), "Uncompressed 10-bit 4:2:2" },
  { FOURCC ('2', 'v', 'u', 'y'), "Uncompressed 8-bit 4:2:2" },
  { FOURCC ('C', 'R', 'A', 'W'), "Canon Cinema RAW Light" },
};

/* PCM formats whose bit depth is the sample's; compressed audio has none. */
static guint
pcm_bits (const Track *t)
{
  switch (t->format)
    {
    case FOURCC ('i', 'n', '2', '4'): return 24;
    case FOURCC ('i', 'n', '3', '2'): return 32;
    case FOURCC ('f', 'l', '3', '2'): return 32;
    case FOURCC ('f', 'l', '6', '4'): return 64;
    case FOURCC ('t', 'w', 'o', 's'):
    case FOURCC ('s', 'o', 'w', 't'):
    case FOURCC ('l', 'p', 'c', 'm'):
    case FOURCC ('r', 'a', 'w', ' '):
    case FOURCC ('i', 'p', 'c', 'm'):
      return t->bits;
    default:
      return 0;
    }
}

static void
offer_video (Walk  *w,
             Track *t)
{
  const char *codec = NULL;
  g_autofree char *fourcc = fourcc_to_string (t->format);

  for (guint i = 0; i < G_N_ELEMENTS (codec_names); i++)
    if (codec_names[i].format == t->format)
      codec = codec_names[i].name;
  ingest_clip_set_attribute (w->clip, "isobmff.video_format", fourcc);
  ingest_clip_offer_text (w->clip, INGEST_CLIP_FIELD_CODEC, codec != NULL ? codec : fourcc, -1);

  if (t->width > 0 && t->height > 0)
    {
      ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_WIDTH, t->width);
      ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_HEIGHT, t->height);
    }
  else if (t->tkhd_width > 0 && t->tkhd_height > 0)
    {
      ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_WIDTH, t->tkhd_width);
      ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_HEIGHT, t->tkhd_height);
    }

  if (t->timescale > 0 && t->delta > 0)
    ingest_clip_offer_rate (w->clip, INGEST_CLIP_FIELD_FPS, t->timescale, t->delta);
  if (t->samples > 0)
    ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_FRAMES, (gint64) MIN (t->samples, G_MAXINT64));
  if (t->timescale > 0 && t->duration > 0)
    ingest_clip_offer_number (w->clip, INGEST_CLIP_FIELD_DURATION_S,
                              round ((double) t->duration / t->timescale * 1000.0) / 1000.0);
}

/* The tmcd track's first sample is a 32-bit frame count since midnight
 * at the entry's rate: the one read of the media this reader makes. */
static gboolean
offer_timecode (Walk          *w,
                Track         *t,
                GError       **error)
{
  IngestTimecode tc;
  guint8 sample[4];

  if (t->reel != NULL)
    {
      ingest_clip_set_attribute (w->clip, "tmcd.reel", t->reel);
      ingest_clip_offer_text (w->clip, INGEST_CLIP_FIELD_REEL, t->reel, -1);
    }
  /* Flag 0x8: a counter, not a time of day. */
  if (t->tc_timescale == 0 || t->tc_frame_duration == 0 || !t->has_chunk || (t->tc_flags & 0x8))
    return TRUE;
  if (!ingest_timecode_init (&tc, t->tc_timescale, t->tc_frame_duration, t->tc_flags & 0x1))
    return malformed (w, error, _("timecode track of rate %u/%u"), t->tc_timescale, t->tc_frame_duration);
  if (!ingest_byte_source_read (w->source, t->first_chunk, sample, sizeof sample, error))
    return FALSE;
  ingest_timecode_set_frames (&tc, rd32 (sample));
  ingest_clip_offer_timecode (w->clip, INGEST_CLIP_FIELD_TC_START, &tc);
  return TRUE;
}

static gboolean
finish_moov (Walk          *w,
             GError       **error)
{
  Track *video = NULL, *tmcd = NULL;
  guint channels = 0, n_audio = 0;

  for (guint i = 0; i < w->n_tracks; i++)
    {
      Track *t = &w->tracks[i];

      if (!t->has_entry)
        continue;
      if (t->handler == FOURCC ('v', 'i', 'd', 'e') && video == NULL)
        video = t;
      else if (t->handler == FOURCC ('t', 'm', 'c', 'd') && tmcd == NULL)
        tmcd = t;
      else if (t->handler == FOURCC ('s', 'o', 'u', 'n'))
        {
          /* Cameras often record one mono track per channel: count them all. */
          if (n_audio++ == 0)
            {
              if (t->sample_rate > 0)
                ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE, t->sample_rate);
              if (pcm_bits (t) > 0)
                ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_AUDIO_BITS, pcm_bits (t));
            }
          channels += MIN (t->channels, 1024);
        }
    }
  if (channels > 0)
    ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS, channels);
  if (n_audio > 0)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", n_audio);
      ingest_clip_set_attribute (w->clip, "isobmff.audio_tracks", text);
    }
  if (video != NULL)
    offer_video (w, video);
  else if (w->movie_timescale > 0 && w->movie_duration > 0)
    ingest_clip_offer_number (w->clip, INGEST_CLIP_FIELD_DURATION_S,
                              round ((double) w->movie_duration / w->movie_timescale * 1000.0) / 1000.0);
  if (w->arri)
    ingest_clip_offer_field (w->clip, INGEST_CLIP_FIELD_CAMERA_MAKE, "ARRI");
  /* The movie header's time is when the file was written, in UTC: a last resort. */
  if (w->movie_created > (guint64) QT_EPOCH_TO_UNIX && w->movie_created < G_GUINT64_CONSTANT (1) << 40)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) w->movie_created - QT_EPOCH_TO_UNIX);

      if (dt != NULL)
        {
          g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

          ingest_clip_offer_field (w->clip, INGEST_CLIP_FIELD_CREATED, text);
        }
    }
  return tmcd == NULL || offer_timecode (w, tmcd, error);
}

static gboolean
read_moov (Walk          *w,
           guint64        offset,
           guint64        size,
           GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  if (size > MAX_MOOV_SIZE)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TOO_LARGE,
                        _("%s: the moov box of %" G_GUINT64_FORMAT " bytes is larger than %u bytes"),
                        w->name, size, MAX_MOOV_SIZE), FALSE;
  bytes = ingest_byte_source_read_bytes (w->source, offset, size, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  w->has_moov = TRUE;
  if (!walk_boxes (w, data, len, FOURCC ('m', 'o', 'o', 'v'), 1, error))
    {
      /* Keep what the tracks walked so far said. */
      w->track = NULL;
      finish_moov (w, NULL);
      return FALSE;
    }
  return finish_moov (w, error);
}

static gboolean
walk_file (Walk          *w,
           GError       **error)
{
  guint64 offset = 0;

  for (guint n = 0; offset < w->file_size; n++)
    {
      guint8 header[16];
      guint64 left = w->file_size - offset;
      guint64 size;
      guint header_len = 8;
      guint32 type;

      if (n >= MAX_TOP_BOXES)
        {
          if (w->has_moov)
            return TRUE;
          return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED,
                              _("%s: no moov box in the first %u boxes"), w->name, MAX_TOP_BOXES), FALSE;
        }
      if (left < 8)
        return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                            _("%s: the file ends inside a box header at offset %" G_GUINT64_FORMAT),
                            w->name, offset), FALSE;
      if (!ingest_byte_source_read (w->source, offset, header, MIN (left, sizeof header), error))
        return FALSE;
      size = rd32 (header);
      type = rd32 (header + 4);
      if (size == 1)
        {
          if (left < 16)
            return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                                _("%s: the file ends inside a box header at offset %" G_GUINT64_FORMAT),
                                w->name, offset), FALSE;
          size = rd64 (header + 8);
          header_len = 16;
        }
      else if (size == 0)
        size = left;  /* the last box, to the end of the file */
      if (size < header_len)
        {
          g_autofree char *t = fourcc_to_string (type);
          return malformed (w, error, _("box “%s” at offset %" G_GUINT64_FORMAT " says it has %"
                                        G_GUINT64_FORMAT " bytes"), t, offset, size);
        }
      if (size > left)
        {
          g_autofree char *t = fourcc_to_string (type);
          return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                              _("%s: box “%s” at offset %" G_GUINT64_FORMAT " runs past the end of "
                                "the file (%" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " left)"),
                              w->name, t, offset, size, left), FALSE;
        }

      if (type == FOURCC ('f', 't', 'y', 'p') && !w->has_ftyp && size >= header_len + 4)
        {
          guint8 brand[4];

          if (!ingest_byte_source_read (w->source, offset + header_len, brand, 4, error))
            return FALSE;
          w->has_ftyp = TRUE;
          w->major_brand = rd32 (brand);
        }
      else if (type == FOURCC ('m', 'o', 'o', 'v') && !w->has_moov)
        {
          if (!read_moov (w, offset + header_len, size - header_len, error))
            return FALSE;
        }
      offset += size;
    }
  if (!w->has_moov)
    return malformed (w, error, _("no moov box (was the recording stopped properly?)"));
  return TRUE;
}

static gboolean
ingest_isobmff_reader_accepts (IngestMetadataReader *reader,
                               const char           *path)
{
  static const char * const suffixes[] = { ".mov", ".mp4", ".m4v", ".qt", ".crm", NULL };
  const char *base = strrchr (path, '/');

  /* "._A001C001.mov": macOS's AppleDouble resource fork beside the clip. */
  base = base != NULL ? base + 1 : path;
  return !g_str_has_prefix (base, "._") && ingest_metadata_path_has_suffix (path, suffixes);
}

static gboolean
ingest_isobmff_reader_read_clip_file (IngestMetadataReader  *reader,
                                      IngestClip            *clip,
                                      const char            *path,
                                      IngestByteSource      *source,
                                      GError               **error)
{
  g_autofree Walk *w = g_new0 (Walk, 1);
  gboolean ok;

  w->clip = clip;
  w->source = source;
  w->name = ingest_byte_source_get_name (source);
  w->file_size = ingest_byte_source_get_size (source);

  ok = walk_file (w, error);

  /* Even after an error: what the file said before it stands. */
  if (w->has_ftyp || w->has_moov)
    {
      g_autofree char *brand = fourcc_to_string (w->major_brand);

      if (w->has_ftyp)
        ingest_clip_set_attribute (clip, "isobmff.major_brand", brand);
      ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CONTAINER,
                               !w->has_ftyp || w->major_brand == FOURCC ('q', 't', ' ', ' ')
                               ? "QuickTime" : "MPEG-4");
    }
  for (guint i = 0; i < w->n_tracks; i++)
    g_free (w->tracks[i].reel);
  return ok;
}

static void
ingest_isobmff_reader_class_init (IngestIsobmffReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "isobmff";
  reader_class->accepts = ingest_isobmff_reader_accepts;
  reader_class->read_clip_file = ingest_isobmff_reader_read_clip_file;
}

static void
ingest_isobmff_reader_init (IngestIsobmffReader *self)
{
}
