/* ingest-mxf-reader.c
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

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-mxf-reader.h"

/* SMPTE ST 377-1 (MXF), ST 336 (KLV), RP 210 (local tags) and RP 224
 * (labels). All keys start 06 0E 2B 34; byte 7 (the registry version) varies
 * between writers and is never compared. */

#define MAX_RUN_IN          65536                /* ST 377: a run-in is under 64 KiB */
#define MAX_PARTITION_PACK  65536
#define MAX_HEADER_METADATA (16u * 1024 * 1024)  /* and never more than the budget */
#define MAX_SETS            65536
#define MAX_TEXT_UNITS      1024                 /* UTF-16 code units of a name */
#define MAX_REF_HOPS        64                   /* tracks of a package, components of a sequence */

/* Structural set kinds: byte 14 of 06 0E 2B 34 02 53 01 01 0D 01 01 01 01 01 xx 00. */
enum
{
  SET_SEQUENCE          = 0x0f,
  SET_TIMECODE          = 0x14,
  SET_PREFACE           = 0x2f,
  SET_IDENTIFICATION    = 0x30,
  SET_MATERIAL_PACKAGE  = 0x36,
  SET_TRACK             = 0x3b,
};

/* Local tags fixed by ST 377 (below 0x8000; others are dynamic, see the primer). */
enum
{
  TAG_INSTANCE_UID       = 0x3c0a,
  TAG_COMPANY_NAME       = 0x3c01,
  TAG_PRODUCT_NAME       = 0x3c02,
  TAG_VERSION_STRING     = 0x3c04,
  TAG_PACKAGE_NAME       = 0x4402,
  TAG_PACKAGE_TRACKS     = 0x4403,
  TAG_PACKAGE_CREATED    = 0x4405,
  TAG_TRACK_SEQUENCE     = 0x4803,
  TAG_TRACK_EDIT_RATE    = 0x4b01,
  TAG_COMPONENT_DURATION = 0x0202,
  TAG_SEQUENCE_COMPONENTS = 0x1001,
  TAG_START_TIMECODE     = 0x1501,
  TAG_ROUNDED_BASE       = 0x1502,
  TAG_DROP_FRAME         = 0x1503,
  TAG_SAMPLE_RATE        = 0x3001,
  TAG_CONTAINER_DURATION = 0x3002,
  TAG_ESSENCE_CONTAINER  = 0x3004,
  TAG_PICTURE_CODING     = 0x3201,
  TAG_STORED_HEIGHT      = 0x3202,
  TAG_STORED_WIDTH       = 0x3203,
  TAG_DISPLAY_HEIGHT     = 0x3208,
  TAG_DISPLAY_WIDTH      = 0x3209,
  TAG_FRAME_LAYOUT       = 0x320c,
  TAG_QUANTIZATION_BITS  = 0x3d01,
  TAG_AUDIO_SAMPLING_RATE = 0x3d03,
  TAG_CHANNEL_COUNT      = 0x3d07,
};

struct _IngestMxfReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestMxfReader, ingest_mxf_reader, INGEST_TYPE_METADATA_READER)

typedef struct
{
  guint8        kind;       /* structural set kind, 0 for any other local set */
  gboolean      has_uid;
  guint8        uid[16];
  const guint8 *data;       /* the set's value: local tag, length, value… */
  gsize         len;
} Set;

typedef struct
{
  IngestClip        *clip;
  IngestByteSource  *source;
  const char        *name;
  guint64            file_size;
  GArray            *sets;        /* of Set */
  GHashTable        *by_uid;      /* uid → index + 1 in sets */
  guint32            primer_count;
} Walk;

static const guint8 ul_prefix[4] = { 0x06, 0x0e, 0x2b, 0x34 };

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

static gboolean
fail (Walk         *w,
      GError      **error,
      int           code,
      const char   *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Walk         *w,
      GError      **error,
      int           code,
      const char   *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, INGEST_METADATA_ERROR, code, "%s: %s", w->name, text);
  return FALSE;
}

/* Keys compared from byte 8 on, with the prefix and category (bytes 0–5). */
static gboolean
key_is (const guint8 *key,
        guint8        category,
        guint8        registry,
        const guint8 *tail,
        gsize         tail_len)
{
  return memcmp (key, ul_prefix, 4) == 0 && key[4] == category && key[5] == registry &&
         memcmp (key + 8, tail, tail_len) == 0;
}

static gboolean
is_partition_pack (const guint8 *key)
{
  static const guint8 tail[] = { 0x0d, 0x01, 0x02, 0x01, 0x01 };

  /* Byte 13: 02 header, 03 body, 04 footer; byte 14: its status. */
  return key_is (key, 0x02, 0x05, tail, sizeof tail) && key[13] >= 0x02 && key[13] <= 0x04;
}

static gboolean
is_fill (const guint8 *key)
{
  static const guint8 tail[] = { 0x03, 0x01, 0x02, 0x10, 0x01, 0x00, 0x00, 0x00 };

  return key_is (key, 0x01, 0x01, tail, sizeof tail);
}

static gboolean
is_primer_pack (const guint8 *key)
{
  static const guint8 tail[] = { 0x0d, 0x01, 0x02, 0x01, 0x01, 0x05, 0x01 };

  return key_is (key, 0x02, 0x05, tail, sizeof tail);
}

/* A KLV's key and BER length read from the file at OFFSET; VALUE_OFFSET is
 * where its value starts. Lengths past LIMIT (the file, or the region the
 * KLV is in) are refused. */
static gboolean
read_klv_header (Walk          *w,
                 guint64        offset,
                 guint64        limit,
                 guint8         key[16],
                 guint64       *length,
                 guint64       *value_offset,
                 GError       **error)
{
  guint8 buf[25];
  guint n;
  guint64 len;

  if (limit < offset || limit - offset < 17)
    return fail (w, error, INGEST_METADATA_ERROR_TRUNCATED,
                 _("KLV at offset %" G_GUINT64_FORMAT " cut short"), offset);
  if (!ingest_byte_source_read (w->source, offset, buf, MIN (sizeof buf, limit - offset), error))
    return FALSE;
  memcpy (key, buf, 16);
  if (buf[16] < 0x80)
    {
      len = buf[16];
      n = 0;
    }
  else
    {
      n = buf[16] & 0x7f;
      /* 0x80 alone is BER's indefinite length, which KLV forbids. */
      if (n == 0 || n > 8)
        return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                     _("KLV at offset %" G_GUINT64_FORMAT " has a length of %u bytes"), offset, n);
      if (limit - offset < 17 + n)
        return fail (w, error, INGEST_METADATA_ERROR_TRUNCATED,
                     _("KLV at offset %" G_GUINT64_FORMAT " cut short"), offset);
      len = 0;
      for (guint i = 0; i < n; i++)
        len = len << 8 | buf[17 + i];
    }
  *value_offset = offset + 17 + n;
  if (len > limit - *value_offset)
    return fail (w, error, limit == w->file_size ? INGEST_METADATA_ERROR_TRUNCATED
                                                 : INGEST_METADATA_ERROR_MALFORMED,
                 _("KLV at offset %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes runs past %s"),
                 offset, len, limit == w->file_size ? _("the end of the file") : _("its partition"));
  *length = len;
  return TRUE;
}

/* A BER length inside a buffer, as read_klv_header() but in memory. */
static gboolean
parse_ber (const guint8  *p,
           gsize          left,
           guint64       *length,
           gsize         *used)
{
  guint n;

  if (left < 1)
    return FALSE;
  if (p[0] < 0x80)
    {
      *length = p[0];
      *used = 1;
      return TRUE;
    }
  n = p[0] & 0x7f;
  if (n == 0 || n > 8 || left < 1 + (gsize) n)
    return FALSE;
  *length = 0;
  for (guint i = 0; i < n; i++)
    *length = *length << 8 | p[1 + i];
  *used = 1 + n;
  return TRUE;
}

/* The value of TAG in SET, or NULL. */
static const guint8 *
set_find (const Set *set,
          guint16    tag,
          gsize     *len)
{
  gsize pos = 0;

  /* Sets were checked when collected: every item fits. */
  while (set->len - pos >= 4)
    {
      guint16 t = rd16 (set->data + pos);
      guint16 n = rd16 (set->data + pos + 2);

      if (t == tag)
        {
          *len = n;
          return set->data + pos + 4;
        }
      pos += 4 + (gsize) n;
    }
  return NULL;
}

static gboolean
set_u32 (const Set *set,
         guint16    tag,
         guint32   *value)
{
  gsize len;
  const guint8 *p = set_find (set, tag, &len);

  if (p == NULL)
    return FALSE;
  if (len == 4)
    *value = rd32 (p);
  else if (len == 2)
    *value = rd16 (p);
  else if (len == 1)
    *value = p[0];
  else
    return FALSE;
  return TRUE;
}

static gboolean
set_i64 (const Set *set,
         guint16    tag,
         gint64    *value)
{
  gsize len;
  const guint8 *p = set_find (set, tag, &len);

  if (p == NULL || len != 8)
    return FALSE;
  *value = (gint64) rd64 (p);
  return TRUE;
}

static gboolean
set_rational (const Set *set,
              guint16    tag,
              guint32   *num,
              guint32   *den)
{
  gsize len;
  const guint8 *p = set_find (set, tag, &len);

  if (p == NULL || len != 8 || rd32 (p) == 0 || rd32 (p + 4) == 0)
    return FALSE;
  /* Signed 32-bit in the file; a negative rate is no rate. */
  if (rd32 (p) > G_MAXINT32 || rd32 (p + 4) > G_MAXINT32)
    return FALSE;
  *num = rd32 (p);
  *den = rd32 (p + 4);
  return TRUE;
}

/* UTF-16BE text (ST 377 strings), up to its first NUL. */
static char *
set_string (const Set *set,
            guint16    tag)
{
  gsize len, n;
  const guint8 *p = set_find (set, tag, &len);
  g_autofree gunichar2 *units = NULL;
  char *text;

  if (p == NULL)
    return NULL;
  n = MIN (len / 2, MAX_TEXT_UNITS);
  units = g_new0 (gunichar2, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      units[i] = rd16 (p + 2 * i);
      if (units[i] == 0)
        break;
    }
  text = g_utf16_to_utf8 (units, -1, NULL, NULL, NULL);
  return text;
}

static const Set *
find_set (Walk         *w,
          const guint8 *uid)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (w->by_uid, uid));

  return index > 0 ? &g_array_index (w->sets, Set, index - 1) : NULL;
}

/* An array or batch of strong references (count, item size 16, items). */
static gboolean
set_refs (const Set     *set,
          guint16        tag,
          const guint8 **items,
          guint32       *count)
{
  gsize len;
  const guint8 *p = set_find (set, tag, &len);

  if (p == NULL || len < 8 || rd32 (p + 4) != 16 || rd32 (p) > (len - 8) / 16)
    return FALSE;
  *count = MIN (rd32 (p), MAX_REF_HOPS);
  *items = p + 8;
  return TRUE;
}

/* Collects the local sets of the header metadata in BUF: each KLV is a key,
 * a BER length that must fit in what is left, and a value; a set's items
 * (tag, 16-bit length, value) must fit in the set. */
static gboolean
collect_sets (Walk          *w,
              const guint8  *buf,
              gsize          len,
              GError       **error)
{
  gsize pos = 0;

  while (len - pos >= 17)
    {
      const guint8 *key = buf + pos;
      guint64 vlen;
      gsize used;
      const guint8 *value;

      /* Writers disagree on whether the count includes the fill after the
       * partition pack; a count that takes it in reaches the next
       * partition or the essence (a GC element, 06 0E 2B 34 01 02…). */
      if (is_partition_pack (key) || (memcmp (key, ul_prefix, 4) == 0 && key[4] == 0x01 && key[5] == 0x02))
        return TRUE;
      if (!parse_ber (buf + pos + 16, len - pos - 16, &vlen, &used))
        return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                     _("bad KLV length in the header metadata"));
      if (vlen > len - pos - 16 - used)
        return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                     _("a KLV of %" G_GUINT64_FORMAT " bytes runs past the header metadata"), vlen);
      value = buf + pos + 16 + used;
      pos += 16 + used + (gsize) vlen;

      if (memcmp (key, ul_prefix, 4) != 0)
        return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                     _("the header metadata holds something that is not a KLV"));
      if (is_primer_pack (key))
        {
          if (vlen < 8 || rd32 (value + 4) != 18 || rd32 (value) > (vlen - 8) / 18)
            return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                         _("the primer pack says %u entries of %u bytes in %" G_GUINT64_FORMAT " bytes"),
                         vlen >= 8 ? rd32 (value) : 0, vlen >= 8 ? rd32 (value + 4) : 0, vlen);
          w->primer_count = rd32 (value);
        }
      else if (key[4] == 0x02 && key[5] == 0x53)
        {
          static const guint8 structural[] = { 0x0d, 0x01, 0x01, 0x01, 0x01, 0x01 };
          Set set = { 0, FALSE, { 0 }, value, (gsize) vlen };
          gsize ipos = 0;

          if (w->sets->len >= MAX_SETS)
            return fail (w, error, INGEST_METADATA_ERROR_TOO_LARGE,
                         _("more than %u metadata sets"), MAX_SETS);
          if (memcmp (key + 8, structural, sizeof structural) == 0)
            set.kind = key[14];
          while (vlen - ipos >= 4)
            {
              guint16 tag = rd16 (value + ipos);
              guint16 n = rd16 (value + ipos + 2);

              if (n > vlen - ipos - 4)
                return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                             _("item %04x of %u bytes runs past its set"), tag, n);
              if (tag == TAG_INSTANCE_UID && n == 16)
                {
                  set.has_uid = TRUE;
                  memcpy (set.uid, value + ipos + 4, 16);
                }
              ipos += 4 + (gsize) n;
            }
          g_array_append_val (w->sets, set);
        }
      /* Fill items and anything else: skipped. */
    }
  return TRUE;
}

static const struct
{
  guint8      bytes[6];   /* bytes 8–13 of the picture essence coding label */
  guint       n;          /* how many of them to compare */
  const char *name;
} picture_codings[] = {
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x30 }, 6, "H.264/AVC" },
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x31 }, 6, "H.264/AVC" },
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x32 }, 6, "H.264/AVC Intra" },
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x20 }, 6, "MPEG-4 Visual" },
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x01 }, 6, "MPEG-2" },
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x02 }, 6, "MPEG-2 (D-10/IMX)" },
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x03 }, 6, "MPEG-2" },
  { { 0x04, 0x01, 0x02, 0x02, 0x01, 0x04 }, 6, "MPEG-2" },
  { { 0x04, 0x01, 0x02, 0x02, 0x71 }, 5, "Avid DNxHD/DNxHR (VC-3)" },
  { { 0x04, 0x01, 0x02, 0x02, 0x03, 0x02 }, 6, "Avid DNxHD/DNxHR (VC-3)" },
  { { 0x04, 0x01, 0x02, 0x02, 0x03, 0x01 }, 6, "JPEG 2000" },
  { { 0x04, 0x01, 0x02, 0x02, 0x03, 0x06 }, 6, "Apple ProRes" },
  { { 0x04, 0x01, 0x02, 0x02, 0x02 }, 5, "DV" },
  { { 0x04, 0x01, 0x02, 0x01 }, 4, "Uncompressed" },
};

/* Essence container labels (06 0E 2B 34 04 01 01 xx 0D 01 03 01 02 yy):
 * byte 13 names the mapping, for writers that give no coding label
 * (GStreamer's VC-3). MPEG-ES (04) carries more than one coding: not named. */
static const struct
{
  guint8      mapping;
  const char *name;
} container_codings[] = {
  { 0x01, "MPEG-2 (D-10/IMX)" },
  { 0x02, "DV" },
  { 0x0c, "JPEG 2000" },
  { 0x10, "H.264/AVC" },
  { 0x11, "Avid DNxHD/DNxHR (VC-3)" },
  { 0x12, "VC-1" },
  { 0x1b, "GoPro CineForm (VC-5)" },
  { 0x1c, "Apple ProRes" },
};

/* ProRes profiles: byte 14 of its label. */
static const char * const prores_profiles[] = {
  NULL, "Apple ProRes 422 Proxy", "Apple ProRes 422 LT", "Apple ProRes 422",
  "Apple ProRes 422 HQ", "Apple ProRes 4444", "Apple ProRes 4444 XQ",
};

static char *
ul_to_string (const guint8 *ul)
{
  return g_strdup_printf ("%02x%02x%02x%02x.%02x%02x%02x%02x.%02x%02x%02x%02x.%02x%02x%02x%02x",
                          ul[0], ul[1], ul[2], ul[3], ul[4], ul[5], ul[6], ul[7],
                          ul[8], ul[9], ul[10], ul[11], ul[12], ul[13], ul[14], ul[15]);
}

static void
offer_picture (Walk       *w,
               const Set  *set,
               guint32    *rate_num,
               guint32    *rate_den)
{
  guint32 width = 0, height = 0, layout = 0, num, den;
  gint64 duration;
  gsize len;
  const guint8 *coding = set_find (set, TAG_PICTURE_CODING, &len);
  const char *name = NULL;
  const guint8 *container;

  if (coding != NULL && len == 16)
    {
      g_autofree char *ul = ul_to_string (coding);

      ingest_clip_set_attribute (w->clip, "mxf.picture_coding", ul);
      for (guint i = 0; i < G_N_ELEMENTS (picture_codings) && name == NULL; i++)
        if (memcmp (coding, ul_prefix, 4) == 0 &&
            memcmp (coding + 8, picture_codings[i].bytes, picture_codings[i].n) == 0)
          name = picture_codings[i].name;
      if (name != NULL && g_str_equal (name, "Apple ProRes") &&
          coding[14] > 0 && coding[14] < G_N_ELEMENTS (prores_profiles))
        name = prores_profiles[coding[14]];
    }
  container = set_find (set, TAG_ESSENCE_CONTAINER, &len);
  if (container != NULL && len == 16)
    {
      static const guint8 gc[] = { 0x0d, 0x01, 0x03, 0x01, 0x02 };
      g_autofree char *ul = ul_to_string (container);

      ingest_clip_set_attribute (w->clip, "mxf.essence_container", ul);
      for (guint i = 0; i < G_N_ELEMENTS (container_codings) && name == NULL; i++)
        if (memcmp (container, ul_prefix, 4) == 0 && memcmp (container + 8, gc, sizeof gc) == 0 &&
            container[13] == container_codings[i].mapping)
          name = container_codings[i].name;
    }
  if (name != NULL)
    ingest_clip_offer_field (w->clip, INGEST_CLIP_FIELD_CODEC, name);
  else
    ingest_clip_set_attribute (w->clip, "mxf.codec", "MXF (unknown coding)");

  /* The displayed picture (stored sizes are padded to the coding's
   * blocks: 368 for 360); separate fields and segmented frames give one
   * field's height. */
  set_u32 (set, TAG_FRAME_LAYOUT, &layout);
  if (set_u32 (set, TAG_STORED_WIDTH, &width) && set_u32 (set, TAG_STORED_HEIGHT, &height))
    {
      g_autofree char *text = g_strdup_printf ("%ux%u", width, height);

      ingest_clip_set_attribute (w->clip, "mxf.stored_size", text);
    }
  if (!set_u32 (set, TAG_DISPLAY_WIDTH, &width) || !set_u32 (set, TAG_DISPLAY_HEIGHT, &height))
    {
      width = height = 0;
      set_u32 (set, TAG_STORED_WIDTH, &width);
      set_u32 (set, TAG_STORED_HEIGHT, &height);
    }
  if (width > 0 && height > 0)
    {
      ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_WIDTH, width);
      ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_HEIGHT,
                             (gint64) height * (layout == 1 || layout == 4 ? 2 : 1));
    }
  if (set_rational (set, TAG_SAMPLE_RATE, &num, &den))
    {
      *rate_num = num;
      *rate_den = den;
      ingest_clip_offer_rate (w->clip, INGEST_CLIP_FIELD_FPS, num, den);
    }
  if (set_i64 (set, TAG_CONTAINER_DURATION, &duration) && duration > 0)
    ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_FRAMES, duration);
}

/* The timecode component of the material package's timecode track: its
 * sequence, or the component itself. */
static const Set *
material_timecode (Walk     *w,
                   guint32  *edit_num,
                   guint32  *edit_den)
{
  for (guint i = 0; i < w->sets->len; i++)
    {
      const Set *package = &g_array_index (w->sets, Set, i);
      const guint8 *tracks;
      guint32 n_tracks;

      if (package->kind != SET_MATERIAL_PACKAGE || !set_refs (package, TAG_PACKAGE_TRACKS, &tracks, &n_tracks))
        continue;
      for (guint32 t = 0; t < n_tracks; t++)
        {
          const Set *track = find_set (w, tracks + 16 * t);
          const Set *seq;
          const guint8 *items = NULL, *ref;
          guint32 n_items = 0;
          gsize len;

          if (track == NULL || (ref = set_find (track, TAG_TRACK_SEQUENCE, &len)) == NULL || len != 16 ||
              (seq = find_set (w, ref)) == NULL)
            continue;
          if (seq->kind == SET_TIMECODE || (seq->kind == SET_SEQUENCE &&
                                            set_refs (seq, TAG_SEQUENCE_COMPONENTS, &items, &n_items)))
            {
              const Set *tc = seq->kind == SET_TIMECODE ? seq : NULL;

              for (guint32 c = 0; tc == NULL && c < n_items; c++)
                {
                  const Set *component = find_set (w, items + 16 * c);

                  if (component != NULL && component->kind == SET_TIMECODE)
                    tc = component;
                }
              if (tc != NULL)
                {
                  set_rational (track, TAG_TRACK_EDIT_RATE, edit_num, edit_den);
                  return tc;
                }
            }
        }
      return NULL;
    }
  return NULL;
}

static void
offer_timecode (Walk      *w,
                const Set *tc_set,
                guint32    rate_num,
                guint32    rate_den)
{
  guint32 base = 0, drop = 0;
  gint64 start, duration;
  IngestTimecode tc;
  guint num, den;

  if (!set_u32 (tc_set, TAG_ROUNDED_BASE, &base) || base == 0 ||
      !set_i64 (tc_set, TAG_START_TIMECODE, &start) || start < 0)
    return;
  set_u32 (tc_set, TAG_DROP_FRAME, &drop);
  /* The picture's exact rate when it rounds to the base (30000/1001 for 30). */
  if (rate_num > 0 && rate_den > 0 && (rate_num + rate_den / 2) / rate_den == base)
    {
      num = rate_num;
      den = rate_den;
    }
  else if (drop)
    {
      num = base * 1000;
      den = 1001;
    }
  else
    {
      num = base;
      den = 1;
    }
  if (!ingest_timecode_init (&tc, num, den, drop != 0))
    return;
  ingest_timecode_set_frames (&tc, (guint64) start);
  ingest_clip_offer_timecode (w->clip, INGEST_CLIP_FIELD_TC_START, &tc);
  /* Its duration is the clip's when no descriptor says so. */
  if (set_i64 (tc_set, TAG_COMPONENT_DURATION, &duration) && duration > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, duration);

      ingest_clip_set_attribute (w->clip, "mxf.timecode_duration", text);
      ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_FRAMES, duration);
    }
}

static void
offer_sets (Walk *w)
{
  const Set *picture = NULL, *tc_set;
  guint32 rate_num = 0, rate_den = 0, edit_num = 0, edit_den = 0;
  guint channels = 0, n_sound = 0;
  gboolean have_identification = FALSE, have_package = FALSE;

  for (guint i = 0; i < w->sets->len; i++)
    {
      const Set *set = &g_array_index (w->sets, Set, i);
      gsize len;

      if (set->kind == SET_IDENTIFICATION && !have_identification)
        {
          /* The first identification is the writer of the file: the camera. */
          static const struct { guint16 tag; IngestClipField field; const char *attr; } items[] = {
            { TAG_COMPANY_NAME, INGEST_CLIP_FIELD_CAMERA_MAKE, "mxf.company_name" },
            { TAG_PRODUCT_NAME, INGEST_CLIP_FIELD_CAMERA_MODEL, "mxf.product_name" },
            { TAG_VERSION_STRING, INGEST_CLIP_FIELD_CAMERA_FIRMWARE, "mxf.version_string" },
          };

          have_identification = TRUE;
          for (guint k = 0; k < G_N_ELEMENTS (items); k++)
            {
              g_autofree char *text = set_string (set, items[k].tag);

              if (text == NULL || *text == '\0')
                continue;
              ingest_clip_set_attribute (w->clip, items[k].attr, text);
              ingest_clip_offer_text (w->clip, items[k].field, text, -1);
            }
        }
      else if (set->kind == SET_MATERIAL_PACKAGE && !have_package)
        {
          g_autofree char *text = set_string (set, TAG_PACKAGE_NAME);

          const guint8 *t = set_find (set, TAG_PACKAGE_CREATED, &len);

          have_package = TRUE;
          if (text != NULL && *text != '\0')
            ingest_clip_set_attribute (w->clip, "mxf.material_package_name", text);
          /* Year (16 bits), month, day, hour, minute, second, 1/250 s. The
           * zone is the writer's to know: kept without an offset. */
          if (t != NULL && len == 8 && rd16 (t) > 0)
            {
              g_autofree char *when = g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:%02u",
                                                       rd16 (t), t[2], t[3], t[4], t[5], t[6]);

              if (ingest_clip_field_check (INGEST_CLIP_FIELD_CREATED, when))
                ingest_clip_offer_field (w->clip, INGEST_CLIP_FIELD_CREATED, when);
            }
        }
      else if (picture == NULL &&
               (set_find (set, TAG_PICTURE_CODING, &len) != NULL ||
                set_find (set, TAG_STORED_WIDTH, &len) != NULL))
        picture = set;
      else if (set_find (set, TAG_CHANNEL_COUNT, &len) != NULL ||
               set_find (set, TAG_AUDIO_SAMPLING_RATE, &len) != NULL)
        {
          guint32 n = 0, bits, num, den;

          /* One descriptor per track: cameras record one per mono channel. */
          if (set_u32 (set, TAG_CHANNEL_COUNT, &n))
            channels += MIN (n, 1024);
          if (n_sound++ > 0)
            continue;
          if (set_rational (set, TAG_AUDIO_SAMPLING_RATE, &num, &den) && num / den > 0)
            ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE, (num + den / 2) / den);
          if (set_u32 (set, TAG_QUANTIZATION_BITS, &bits) && bits > 0)
            ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_AUDIO_BITS, bits);
        }
    }
  if (channels > 0)
    ingest_clip_offer_int (w->clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS, channels);
  if (picture != NULL)
    offer_picture (w, picture, &rate_num, &rate_den);

  tc_set = material_timecode (w, &edit_num, &edit_den);
  if (tc_set == NULL)
    for (guint i = 0; i < w->sets->len && tc_set == NULL; i++)
      if (g_array_index (w->sets, Set, i).kind == SET_TIMECODE)
        tc_set = &g_array_index (w->sets, Set, i);
  if (rate_num == 0 && edit_num > 0)
    {
      /* No picture rate: the material track's edit rate is the frame rate. */
      rate_num = edit_num;
      rate_den = edit_den;
      ingest_clip_offer_rate (w->clip, INGEST_CLIP_FIELD_FPS, edit_num, edit_den);
    }
  if (tc_set != NULL)
    offer_timecode (w, tc_set, rate_num, rate_den);
}

/* The partition pack at OFFSET: its header metadata's size and the footer's offset. */
typedef struct
{
  guint64 end;               /* first byte after the pack */
  guint8  kind;              /* 02 header, 03 body, 04 footer */
  guint8  status;            /* 01 open incomplete … 04 closed complete */
  guint64 footer;
  guint64 header_byte_count;
  guint8  op[16];
} Partition;

static gboolean
read_partition (Walk          *w,
                guint64        offset,
                Partition     *part,
                GError       **error)
{
  guint8 key[16], value[80];
  guint64 len = 0, value_offset = 0;

  if (!read_klv_header (w, offset, w->file_size, key, &len, &value_offset, error))
    return FALSE;
  if (!is_partition_pack (key))
    return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                 _("no partition pack at offset %" G_GUINT64_FORMAT), offset);
  if (len < 88 || len > MAX_PARTITION_PACK)
    return fail (w, error, INGEST_METADATA_ERROR_MALFORMED,
                 _("a partition pack of %" G_GUINT64_FORMAT " bytes"), len);
  if (!ingest_byte_source_read (w->source, value_offset, value, sizeof value, error))
    return FALSE;
  part->end = value_offset + len;
  part->kind = key[13];
  part->status = key[14];
  part->footer = rd64 (value + 24);
  part->header_byte_count = rd64 (value + 32);
  memcpy (part->op, value + 64, 16);
  return TRUE;
}

/* Where the header partition starts: at 0, or after a run-in of < 64 KiB. */
static gboolean
find_header_partition (Walk          *w,
                       guint64       *offset,
                       GError       **error)
{
  g_autoptr(GBytes) head = NULL;
  const guint8 *data;
  gsize len;
  guint8 key[16];

  if (w->file_size < 16)
    return fail (w, error, INGEST_METADATA_ERROR_TRUNCATED, _("too short for MXF"));
  if (!ingest_byte_source_read (w->source, 0, key, 16, error))
    return FALSE;
  if (is_partition_pack (key) && key[13] == 0x02)
    {
      *offset = 0;
      return TRUE;
    }
  head = ingest_byte_source_read_bytes (w->source, 0, MIN (w->file_size, MAX_RUN_IN + 16), error);
  if (head == NULL)
    return FALSE;
  data = g_bytes_get_data (head, &len);
  for (gsize i = 1; i + 16 <= len; i++)
    if (data[i] == 0x06 && is_partition_pack (data + i) && data[i + 13] == 0x02)
      {
        *offset = i;
        return TRUE;
      }
  return fail (w, error, INGEST_METADATA_ERROR_MALFORMED, _("no MXF header partition"));
}

static const char *
pattern_name (const guint8 *op,
              char          buf[8])
{
  static const guint8 tail[] = { 0x0d, 0x01, 0x02, 0x01 };

  if (memcmp (op, ul_prefix, 4) != 0 || memcmp (op + 8, tail, sizeof tail) != 0)
    return NULL;
  if (op[12] == 0x10)
    return "OP-Atom";
  if (op[12] >= 1 && op[12] <= 3 && op[13] >= 1 && op[13] <= 3)
    {
      g_snprintf (buf, 8, "OP%u%c", op[12], 'a' + op[13] - 1);
      return buf;
    }
  return NULL;
}

static gboolean
walk_file (Walk          *w,
           GError       **error)
{
  Partition header, footer, *use = &header;
  g_autoptr(GBytes) metadata = NULL;
  const guint8 *data;
  gsize len;
  guint64 start = 0;
  char op_buf[8];
  const char *op;
  gboolean ok;

  if (!find_header_partition (w, &start, error) || !read_partition (w, start, &header, error))
    return FALSE;
  ingest_clip_offer_field (w->clip, INGEST_CLIP_FIELD_CONTAINER, "MXF");
  op = pattern_name (header.op, op_buf);
  if (op != NULL)
    ingest_clip_set_attribute (w->clip, "mxf.operational_pattern", op);

  /* An open or incomplete header (a recording cut short, a streamed
   * write) defers to the footer's metadata when there is one. */
  if ((header.header_byte_count == 0 || header.status < 0x03) && header.footer > 0 &&
      header.footer <= w->file_size - start &&
      read_partition (w, start + header.footer, &footer, NULL) &&
      footer.kind == 0x04 && footer.header_byte_count > 0)
    use = &footer;
  if (use->header_byte_count == 0)
    return TRUE;
  if (use->header_byte_count > MAX_HEADER_METADATA)
    return fail (w, error, INGEST_METADATA_ERROR_TOO_LARGE,
                 _("header metadata of %" G_GUINT64_FORMAT " bytes"), use->header_byte_count);
  /* ffmpeg counts from the primer pack, after the fill that aligns it to
   * the KAG; ST 377 counts from the byte after the partition pack, fill
   * included. Start after the fill; a count that took it in may then
   * reach past the end of a file that ends with its header metadata. */
  {
    guint8 key[16];
    guint64 fill_len = 0, value_offset = 0, skipped = 0, avail;

    if (!read_klv_header (w, use->end, w->file_size, key, &fill_len, &value_offset, error))
      return FALSE;
    if (is_fill (key))
      {
        skipped = value_offset + fill_len - use->end;
        use->end = value_offset + fill_len;
      }
    avail = w->file_size - use->end;
    if (use->header_byte_count > avail && use->header_byte_count - avail <= skipped)
      use->header_byte_count = avail;
  }
  if (use->header_byte_count > w->file_size - use->end)
    return fail (w, error, INGEST_METADATA_ERROR_TRUNCATED,
                 _("header metadata of %" G_GUINT64_FORMAT " bytes runs past the end of the file"),
                 use->header_byte_count);
  metadata = ingest_byte_source_read_bytes (w->source, use->end, use->header_byte_count, error);
  if (metadata == NULL)
    return FALSE;
  data = g_bytes_get_data (metadata, &len);

  ok = collect_sets (w, data, len, error);
  /* Sets collected before an error still count. */
  for (guint i = 0; i < w->sets->len; i++)
    {
      Set *set = &g_array_index (w->sets, Set, i);

      if (set->has_uid)
        g_hash_table_insert (w->by_uid, set->uid, GUINT_TO_POINTER (i + 1));
    }
  offer_sets (w);
  return ok;
}

static guint
uid_hash (gconstpointer key)
{
  const guint8 *p = key;
  guint h = 5381;

  for (guint i = 0; i < 16; i++)
    h = h * 33 + p[i];
  return h;
}

static gboolean
uid_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, 16) == 0;
}

static gboolean
ingest_mxf_reader_accepts (IngestMetadataReader *reader,
                           const char           *path)
{
  static const char * const suffixes[] = { ".mxf", NULL };
  const char *base = strrchr (path, '/');

  /* "._A001C001.mov": macOS's AppleDouble resource fork beside the clip. */
  base = base != NULL ? base + 1 : path;
  return !g_str_has_prefix (base, "._") && ingest_metadata_path_has_suffix (path, suffixes);
}

static gboolean
ingest_mxf_reader_read_clip_file (IngestMetadataReader  *reader,
                                  IngestClip            *clip,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  Walk w = { 0 };
  gboolean ok;

  w.clip = clip;
  w.source = source;
  w.name = ingest_byte_source_get_name (source);
  w.file_size = ingest_byte_source_get_size (source);
  w.sets = g_array_new (FALSE, FALSE, sizeof (Set));
  /* Keys point into the sets array, which no longer grows once this is filled. */
  w.by_uid = g_hash_table_new (uid_hash, uid_equal);

  ok = walk_file (&w, error);

  g_hash_table_unref (w.by_uid);
  g_array_unref (w.sets);
  return ok;
}

static void
ingest_mxf_reader_class_init (IngestMxfReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "mxf";
  reader_class->accepts = ingest_mxf_reader_accepts;
  reader_class->read_clip_file = ingest_mxf_reader_read_clip_file;
}

static void
ingest_mxf_reader_init (IngestMxfReader *self)
{
}
