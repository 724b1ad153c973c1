/* ingest-bwf-reader.c
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

#define G_LOG_DOMAIN "ingest-bwf-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-bwf-reader.h"
#include "ingest-metadata-xml-private.h"

/*
 * RIFF (and RF64/BW64, EBU Tech 3306) is a list of chunks: a four-byte id, a
 * 32-bit little-endian size, the data, a pad byte after an odd size. In RF64
 * the sizes that do not fit 32 bits are 0xFFFFFFFF and the real ones are in
 * the `ds64` chunk, which comes first. The walker reads only the chunk
 * headers and the small chunks it wants (fmt, bext, iXML); it skips the
 * samples wherever they are, as recorders write iXML before or after them.
 */

struct _IngestBwfReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestBwfReader, ingest_bwf_reader, INGEST_TYPE_METADATA_READER)

#define MAX_CHUNKS     4096              /* a real file has a dozen */
#define MAX_FMT        1024
#define MAX_BEXT       (256 * 1024)      /* the coding history is free text */
#define MAX_IXML       (1024 * 1024)
#define MAX_DS64_TABLE 64
#define SIZE_IN_DS64   0xffffffffu

/* EBU Tech 3285 bext: the fixed part, then the coding history. */
#define BEXT_DESCRIPTION   0
#define BEXT_ORIGINATOR    256
#define BEXT_REFERENCE     288
#define BEXT_DATE          320
#define BEXT_TIME          330
#define BEXT_TIME_REF      338
#define BEXT_VERSION       346
#define BEXT_UMID          348
#define BEXT_FIXED         602

#define WAVE_FORMAT_EXTENSIBLE 0xfffe

typedef struct
{
  const char *name;
  guint64     file_size;
  /* ds64 */
  gboolean    rf64;
  guint64     ds64_data_size;
  /* fmt */
  gboolean    have_fmt;
  guint       channels;
  guint       sample_rate;
  guint       block_align;
  guint       bits;
  /* data */
  gboolean    have_data;
  guint64     data_size;
  /* what bext and iXML carry */
  GBytes     *bext;
  GBytes     *ixml;
} Wave;

static void
wave_clear (Wave *wave)
{
  g_clear_pointer (&wave->bext, g_bytes_unref);
  g_clear_pointer (&wave->ixml, g_bytes_unref);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint64
le64 (const guint8 *p)
{
  return le32 (p) | ((guint64) le32 (p + 4) << 32);
}

static gboolean
malformed (GError     **error,
           const char  *name,
           const char  *what)
{
  g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED, "%s: %s", name, what);
  return FALSE;
}

static gboolean
ingest_bwf_reader_accepts (IngestMetadataReader *reader,
                           const char           *path)
{
  static const char * const suffixes[] = { ".wav", ".bwf", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

static gboolean
read_ds64 (Wave              *wave,
           IngestByteSource  *source,
           guint64            offset,
           guint32            size,
           GError           **error)
{
  guint8 head[28];

  /* riff size, data size, sample count (64 bits each), table length. */
  if (size < sizeof head)
    return malformed (error, wave->name, _("the ds64 chunk is too short"));
  if (!ingest_byte_source_read (source, offset, head, sizeof head, error))
    return FALSE;
  wave->ds64_data_size = le64 (head + 8);
  /* The table sizes other chunks; none this reader wants is ever that large. */
  if (le32 (head + 24) > MAX_DS64_TABLE)
    return malformed (error, wave->name, _("the ds64 chunk's table is too long"));
  return TRUE;
}

static gboolean
read_fmt (Wave              *wave,
          IngestByteSource  *source,
          guint64            offset,
          guint32            size,
          GError           **error)
{
  guint8 fmt[40];
  guint tag;

  if (size < 16)
    return malformed (error, wave->name, _("the fmt chunk is too short"));
  if (size > MAX_FMT)
    return malformed (error, wave->name, _("the fmt chunk is too long"));
  if (!ingest_byte_source_read (source, offset, fmt, MIN (size, sizeof fmt), error))
    return FALSE;

  tag = le16 (fmt);
  wave->channels = le16 (fmt + 2);
  wave->sample_rate = le32 (fmt + 4);
  wave->block_align = le16 (fmt + 12);
  wave->bits = le16 (fmt + 14);
  /* WAVE_FORMAT_EXTENSIBLE: cbSize 22, then the valid bits per sample. */
  if (tag == WAVE_FORMAT_EXTENSIBLE && size >= 40 && le16 (fmt + 16) >= 22 && le16 (fmt + 18) != 0)
    wave->bits = le16 (fmt + 18);
  wave->have_fmt = TRUE;
  return TRUE;
}

/* Walks the chunks; keeps the small ones it wants. */
static gboolean
walk (Wave              *wave,
      IngestByteSource  *source,
      GError           **error)
{
  guint8 head[12];
  guint64 end, pos = 12;
  guint n = 0;

  if (!ingest_byte_source_read (source, 0, head, sizeof head, error))
    return FALSE;
  if (memcmp (head + 8, "WAVE", 4) != 0)
    return malformed (error, wave->name, _("not a WAVE file"));
  if (memcmp (head, "RF64", 4) == 0 || memcmp (head, "BW64", 4) == 0)
    wave->rf64 = TRUE;
  else if (memcmp (head, "RIFF", 4) != 0)
    return malformed (error, wave->name, _("not a RIFF file"));

  /* The RIFF size is often wrong in files a recorder did not close; the
   * file's own size bounds the walk. */
  end = wave->file_size;

  while (pos + 8 <= end)
    {
      guint8 chunk[8];
      guint64 size, offset = pos + 8;

      if (++n > MAX_CHUNKS)
        return malformed (error, wave->name, _("too many RIFF chunks"));
      if (!ingest_byte_source_read (source, pos, chunk, sizeof chunk, error))
        return FALSE;
      size = le32 (chunk + 4);

      if (wave->rf64 && n == 1)
        {
          if (memcmp (chunk, "ds64", 4) != 0)
            return malformed (error, wave->name, _("an RF64 file without a ds64 chunk"));
          if (size > end - offset)
            goto past_end;
          if (!read_ds64 (wave, source, offset, size, error))
            return FALSE;
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          if (wave->rf64 && size == SIZE_IN_DS64)
            size = wave->ds64_data_size;
          if (size > end - offset)
            goto past_end;
          wave->have_data = TRUE;
          wave->data_size = size;
        }
      else
        {
          if (size > end - offset)
            goto past_end;
          if (memcmp (chunk, "fmt ", 4) == 0)
            {
              if (!read_fmt (wave, source, offset, size, error))
                return FALSE;
            }
          else if (memcmp (chunk, "bext", 4) == 0 && wave->bext == NULL)
            {
              if (size < BEXT_FIXED || size > MAX_BEXT)
                return malformed (error, wave->name, _("the bext chunk has an impossible size"));
              wave->bext = ingest_byte_source_read_bytes (source, offset, size, error);
              if (wave->bext == NULL)
                return FALSE;
            }
          else if (memcmp (chunk, "iXML", 4) == 0 && wave->ixml == NULL)
            {
              if (size > MAX_IXML)
                return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TOO_LARGE,
                                    _("%s: the iXML chunk is larger than %u bytes"),
                                    wave->name, MAX_IXML), FALSE;
              wave->ixml = ingest_byte_source_read_bytes (source, offset, size, error);
              if (wave->ixml == NULL)
                return FALSE;
            }
        }

      /* Odd sizes are followed by a pad byte (a missing last one is fine). */
      pos = offset + size + (size & 1);
    }
  return TRUE;

past_end:
  return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                      _("%s: a RIFF chunk runs past the end of the file"), wave->name), FALSE;
}

/* Timecode */

typedef struct
{
  guint    num;
  guint    den;
  gboolean drop_frame;
  gboolean known;
} TcRate;

/* Sound Devices' "sSPEED=029.970-DF", "025.000-ND", "23.976-NDF". */
static gboolean
parse_speed (const char *text,
             TcRate     *rate)
{
  g_autofree char *number = NULL;
  const char *dash;
  char *p;

  while (*text == '0' && g_ascii_isdigit (text[1]))
    text++;
  dash = strchr (text, '-');
  number = dash ? g_strndup (text, dash - text) : g_strdup (text);
  g_strstrip (number);
  /* "29.970" → "29.97", "25.000" → "25": the forms the rate parser knows. */
  if ((p = strchr (number, '.')) != NULL)
    {
      char *last = number + strlen (number) - 1;

      while (last > p && *last == '0')
        *last-- = '\0';
      if (last == p)
        *p = '\0';
    }
  if (!ingest_frame_rate_parse (number, &rate->num, &rate->den))
    return FALSE;
  rate->drop_frame = dash != NULL && g_ascii_strncasecmp (dash + 1, "DF", 2) == 0;
  rate->known = TRUE;
  return TRUE;
}

/* bext description lines: "sKEY=value". */

typedef struct
{
  const char      *key;
  IngestClipField  field;
} DescriptionKey;

static const DescriptionKey description_keys[] = {
  { "SCENE", INGEST_CLIP_FIELD_SCENE },
  { "TAKE", INGEST_CLIP_FIELD_TAKE },
  { "TAPE", INGEST_CLIP_FIELD_SOUND_ROLL },
  { "TAPE", INGEST_CLIP_FIELD_REEL },
  { "NOTE", INGEST_CLIP_FIELD_NOTES },
  { "PROJECT", INGEST_CLIP_FIELD_PRODUCTION },
};

static void
offer_circled (IngestClip *clip,
               const char *value)
{
  if (g_ascii_strcasecmp (value, "TRUE") == 0 || g_strcmp0 (value, "1") == 0)
    ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CIRCLED, "true");
  else if (g_ascii_strcasecmp (value, "FALSE") == 0 || g_strcmp0 (value, "0") == 0)
    ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CIRCLED, "false");
}

static void
apply_description (IngestClip *clip,
                   const char *description,
                   gsize       len,
                   TcRate     *speed)
{
  g_autofree char *text = g_strndup (description, strnlen (description, len));
  g_auto(GStrv) lines = NULL;

  if (*g_strstrip (text) == '\0')
    return;
  ingest_clip_set_attribute (clip, "bext.description", text);

  lines = g_strsplit_set (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *eq = strchr (line, '=');
      g_autofree char *key = NULL;
      g_autofree char *attribute = NULL;

      /* A lower-case type letter, then the upper-case key. */
      if (eq == NULL || eq - line < 2 || !g_ascii_islower (line[0]) || !g_ascii_isupper (line[1]))
        continue;
      key = g_strndup (line + 1, eq - line - 1);
      attribute = g_strconcat ("bext.", key, NULL);
      ingest_clip_set_attribute (clip, attribute, eq + 1);

      for (guint k = 0; k < G_N_ELEMENTS (description_keys); k++)
        if (strcmp (key, description_keys[k].key) == 0)
          ingest_clip_offer_text (clip, description_keys[k].field, eq + 1, -1);
      if (strcmp (key, "CIRCLED") == 0)
        offer_circled (clip, eq + 1);
      else if (strcmp (key, "SPEED") == 0 && !speed->known)
        parse_speed (eq + 1, speed);
    }
}

/* "2026-11-21" + "10:21:12" (any separators, EBU 3285 says) → ISO 8601. */
static void
offer_origination (IngestClip   *clip,
                   const guint8 *date,
                   const guint8 *time)
{
  char text[20];

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return;
  for (guint i = 0; i < 8; i++)
    if (i != 2 && i != 5 && !g_ascii_isdigit (time[i]))
      return;
  g_snprintf (text, sizeof text, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s",
              date, date + 5, date + 8, time, time + 3, time + 6);
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CREATED, text);
}

typedef struct
{
  gboolean have_samples;
  guint64  samples;        /* since midnight */
  guint    sample_rate;    /* of the time stamp */
} Stamp;

static void
apply_bext (IngestClip *clip,
            GBytes     *bext,
            TcRate     *speed,
            Stamp      *stamp)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bext, &len);
  g_autofree char *umid = NULL;
  gboolean umid_set = FALSE;

  apply_description (clip, (const char *) data + BEXT_DESCRIPTION, 256, speed);
  ingest_clip_offer_text (clip, INGEST_CLIP_FIELD_ORIGINATOR, (const char *) data + BEXT_ORIGINATOR, 32);
  {
    g_autofree char *reference = g_strndup ((const char *) data + BEXT_REFERENCE, 32);

    if (*g_strstrip (reference) != '\0')
      ingest_clip_set_attribute (clip, "bext.originator_reference", reference);
  }
  offer_origination (clip, data + BEXT_DATE, data + BEXT_TIME);

  if (!stamp->have_samples)
    {
      stamp->samples = le64 (data + BEXT_TIME_REF);
      stamp->have_samples = TRUE;
    }

  /* Version 1 and later carry a SMPTE 330 UMID. */
  if (le16 (data + BEXT_VERSION) >= 1)
    {
      for (guint i = 0; i < 64; i++)
        umid_set |= data[BEXT_UMID + i] != 0;
      if (umid_set)
        {
          /* A basic UMID is 32 bytes, an extended one 64. */
          guint n = 64;

          while (n > 32 && data[BEXT_UMID + n - 1] == 0)
            n--;
          umid = g_malloc (n * 2 + 1);
          for (guint i = 0; i < n; i++)
            g_snprintf (umid + i * 2, 3, "%02X", data[BEXT_UMID + i]);
          ingest_clip_set_attribute (clip, "umid", umid);
        }
    }
  if (len > BEXT_FIXED)
    {
      g_autofree char *history = g_strndup ((const char *) data + BEXT_FIXED,
                                            strnlen ((const char *) data + BEXT_FIXED, len - BEXT_FIXED));

      if (*g_strstrip (history) != '\0')
        ingest_clip_set_attribute (clip, "bext.coding_history", history);
    }
}

/* iXML (ixml.org, v1.61) */

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *value)
{
  char *end;
  guint64 v;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (!g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || v > max)
    return FALSE;
  *value = v;
  return TRUE;
}

static void
offer_xml_text (IngestClip      *clip,
                xmlNode         *parent,
                const char      *name,
                IngestClipField  field)
{
  g_autofree char *text = _ingest_metadata_xml_child_text (parent, name);

  ingest_clip_offer_text (clip, field, text, -1);
}

typedef struct
{
  guint64  index;
  char    *name;
} Track;

static int
compare_tracks (gconstpointer a,
                gconstpointer b)
{
  const Track *x = a, *y = b;

  return x->index < y->index ? -1 : x->index > y->index;
}

static void
apply_track_list (IngestClip *clip,
                  xmlNode    *list)
{
  g_autoptr(GArray) tracks = g_array_new (FALSE, FALSE, sizeof (Track));
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = 0;

  for (xmlNode *track = _ingest_metadata_xml_child (list, "TRACK");
       track != NULL && n < 1024;
       track = _ingest_metadata_xml_next (track->next, "TRACK"), n++)
    {
      g_autofree char *index_text = _ingest_metadata_xml_child_text (track, "CHANNEL_INDEX");
      Track t = { G_MAXUINT64, _ingest_metadata_xml_child_text (track, "NAME") };

      if (!parse_uint (index_text, G_MAXUINT32, &t.index))
        t.index = G_MAXUINT32 + (guint64) n;   /* unnumbered: in file order, last */
      if (t.name == NULL)
        t.name = g_strdup ("");
      g_strstrip (t.name);
      g_array_append_val (tracks, t);
    }
  g_array_sort (tracks, compare_tracks);
  for (guint i = 0; i < tracks->len; i++)
    {
      Track *t = &g_array_index (tracks, Track, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, t->name);
      g_free (t->name);
    }
  if (tracks->len > 0)
    ingest_clip_offer_text (clip, INGEST_CLIP_FIELD_AUDIO_TRACKS, names->str, -1);
}

/* Leaves of the root and of SPEED that no field takes, as "ixml.<NAME>". */
static void
keep_leaves (IngestClip *clip,
             xmlNode    *parent,
             const char *prefix)
{
  guint n = 0;

  for (xmlNode *node = _ingest_metadata_xml_child (parent, NULL);
       node != NULL && n < 256;
       node = _ingest_metadata_xml_next (node->next, NULL), n++)
    {
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;

      if (_ingest_metadata_xml_child (node, NULL) != NULL)
        continue;
      text = _ingest_metadata_xml_text (node);
      if (*g_strstrip (text) == '\0')
        continue;
      name = g_strconcat (prefix, (const char *) node->name, NULL);
      ingest_clip_set_attribute (clip, name, text);
    }
}

static gboolean
apply_ixml (IngestClip  *clip,
            Wave        *wave,
            TcRate      *rate,
            Stamp       *stamp,
            GError     **error)
{
  g_autoptr(xmlDoc) doc = _ingest_metadata_xml_parse (wave->ixml, wave->name, error);
  xmlNode *root, *speed;
  g_autofree char *circled = NULL;

  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  if (!_ingest_metadata_xml_is (root, "BWFXML"))
    return malformed (error, wave->name, _("the iXML chunk is not a BWFXML document"));

  offer_xml_text (clip, root, "PROJECT", INGEST_CLIP_FIELD_PRODUCTION);
  offer_xml_text (clip, root, "SCENE", INGEST_CLIP_FIELD_SCENE);
  offer_xml_text (clip, root, "TAKE", INGEST_CLIP_FIELD_TAKE);
  offer_xml_text (clip, root, "TAPE", INGEST_CLIP_FIELD_SOUND_ROLL);
  offer_xml_text (clip, root, "TAPE", INGEST_CLIP_FIELD_REEL);
  offer_xml_text (clip, root, "NOTE", INGEST_CLIP_FIELD_NOTES);
  circled = _ingest_metadata_xml_child_text (root, "CIRCLED");
  if (circled != NULL)
    offer_circled (clip, g_strstrip (circled));
  keep_leaves (clip, root, "ixml.");

  speed = _ingest_metadata_xml_child (root, "SPEED");
  if (speed != NULL)
    {
      g_autofree char *tc_rate = _ingest_metadata_xml_child_text (speed, "TIMECODE_RATE");
      g_autofree char *flag = _ingest_metadata_xml_child_text (speed, "TIMECODE_FLAG");
      g_autofree char *stamp_rate = _ingest_metadata_xml_child_text (speed, "TIMESTAMP_SAMPLE_RATE");
      g_autofree char *file_rate = _ingest_metadata_xml_child_text (speed, "FILE_SAMPLE_RATE");
      g_autofree char *hi = _ingest_metadata_xml_child_text (speed, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI");
      g_autofree char *lo = _ingest_metadata_xml_child_text (speed, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO");
      guint64 hi_value, lo_value, sr;

      keep_leaves (clip, speed, "ixml.SPEED.");
      if (tc_rate != NULL && ingest_frame_rate_parse (g_strstrip (tc_rate), &rate->num, &rate->den))
        {
          rate->known = TRUE;
          rate->drop_frame = flag != NULL && g_ascii_strcasecmp (g_strstrip (flag), "DF") == 0;
        }
      if (parse_uint (stamp_rate, G_MAXUINT32, &sr) && sr > 0)
        stamp->sample_rate = sr;
      else if (parse_uint (file_rate, G_MAXUINT32, &sr) && sr > 0)
        stamp->sample_rate = sr;
      if (parse_uint (hi, G_MAXUINT32, &hi_value) && parse_uint (lo, G_MAXUINT32, &lo_value))
        {
          stamp->samples = hi_value << 32 | lo_value;
          stamp->have_samples = TRUE;
        }
    }

  apply_track_list (clip, _ingest_metadata_xml_child (root, "TRACK_LIST"));
  return TRUE;
}

static gboolean
ingest_bwf_reader_read_clip_file (IngestMetadataReader  *reader,
                                  IngestClip            *clip,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  Wave wave = { .name = ingest_byte_source_get_name (source),
                .file_size = ingest_byte_source_get_size (source) };
  TcRate rate = { 0, };
  Stamp stamp = { 0, };
  g_autoptr(GError) ixml_error = NULL;
  gboolean ok;

  ok = walk (&wave, source, error);
  /* What came before a broken chunk is still good. */

  if (wave.have_fmt)
    {
      if (wave.channels > 0)
        ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS, wave.channels);
      if (wave.sample_rate > 0)
        ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE, wave.sample_rate);
      if (wave.bits > 0)
        ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_AUDIO_BITS, wave.bits);
      stamp.sample_rate = wave.sample_rate;
    }

  /* iXML first: it says the timecode rate that bext leaves out. */
  if (wave.ixml != NULL && !apply_ixml (clip, &wave, &rate, &stamp, &ixml_error))
    {
      if (ok)
        g_propagate_error (error, g_steal_pointer (&ixml_error));
      ok = FALSE;
    }
  if (wave.bext != NULL)
    apply_bext (clip, wave.bext, &rate, &stamp);

  if (rate.known)
    ingest_clip_offer_rate (clip, INGEST_CLIP_FIELD_FPS, rate.num, rate.den);

  if (stamp.have_samples)
    {
      IngestTimecode tc;
      g_autofree char *samples = g_strdup_printf ("%" G_GUINT64_FORMAT, stamp.samples);

      if (rate.known && stamp.sample_rate > 0 &&
          ingest_timecode_init (&tc, rate.num, rate.den, rate.drop_frame) &&
          ingest_timecode_set_samples (&tc, stamp.samples, stamp.sample_rate))
        ingest_clip_offer_timecode (clip, INGEST_CLIP_FIELD_TC_START, &tc);
      else
        /* No rate to say it in: keep the count itself. */
        ingest_clip_set_attribute (clip, "time_reference_samples", samples);
    }

  if (wave.have_data && wave.have_fmt && wave.block_align > 0 && wave.sample_rate > 0)
    {
      guint64 samples = wave.data_size / wave.block_align;

      ingest_clip_offer_number (clip, INGEST_CLIP_FIELD_DURATION_S,
                                (double) samples / wave.sample_rate);
      /* (A week bounds the arithmetic below; no take is that long.) */
      if (rate.known && samples / wave.sample_rate < 7 * 86400)
        {
          /* Whole frames the take covers at the timecode rate. */
          guint64 seconds = samples / wave.sample_rate;
          guint64 rest = samples % wave.sample_rate;
          guint64 frames = seconds * rate.num / rate.den +
                           ((seconds * rate.num % rate.den) * wave.sample_rate + rest * rate.num) /
                           ((guint64) wave.sample_rate * rate.den);

          if (frames > 0)
            ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_FRAMES, frames);
        }
    }

  wave_clear (&wave);
  return ok;
}

static void
ingest_bwf_reader_class_init (IngestBwfReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "bwf";
  reader_class->accepts = ingest_bwf_reader_accepts;
  reader_class->read_clip_file = ingest_bwf_reader_read_clip_file;
}

static void
ingest_bwf_reader_init (IngestBwfReader *self)
{
}
