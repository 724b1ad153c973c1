/* ingest-sony-xml-reader.c
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

#define G_LOG_DOMAIN "ingest-sony-xml-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-metadata-xml-private.h"
#include "ingest-sony-xml-reader.h"

/*
 * Sony XDCAM / XAVC cards keep, beside each clip, a NonRealTimeMeta document
 * (urn:schemas-professionalDisc:nonRealTimeMeta, "C0001M01.XML"), and at the
 * card's root an index of every clip (MEDIAPRO.XML, a MediaProfile). Elements
 * are matched by local name: the namespace's version changes between models.
 */

struct _IngestSonyXmlReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestSonyXmlReader, ingest_sony_xml_reader, INGEST_TYPE_METADATA_READER)

/* A clip's NRT is a few kB (a long clip's KLV mark table a few hundred);
 * a full card's index a few hundred kB. */
#define MAX_NRT_SIZE      (1024 * 1024)
#define MAX_MEDIAPRO_SIZE (4 * 1024 * 1024)
#define MAX_ITEMS         4096

static gboolean
is_index (const char *path)
{
  const char *base = strrchr (path, '/');

  return g_ascii_strcasecmp (base ? base + 1 : path, "MEDIAPRO.XML") == 0;
}

static gboolean
ingest_sony_xml_reader_accepts (IngestMetadataReader *reader,
                                const char           *path)
{
  static const char * const suffixes[] = { "M01.XML", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes) || is_index (path);
}

/* "25p", "29.97p", "59.94i", "23.98p" → a frame rate; an interlaced rate
 * names fields, so its frame rate is half. */
static gboolean
parse_sony_fps (const char *text,
                guint      *num,
                guint      *den)
{
  g_autofree char *copy = NULL;
  gsize len;
  gboolean interlaced = FALSE;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  len = strlen (copy);
  if (len > 0 && (copy[len - 1] == 'p' || copy[len - 1] == 'P' ||
                  copy[len - 1] == 'i' || copy[len - 1] == 'I'))
    {
      interlaced = copy[len - 1] == 'i' || copy[len - 1] == 'I';
      copy[len - 1] = '\0';
    }
  if (!ingest_frame_rate_parse (copy, num, den))
    return FALSE;
  if (interlaced)
    {
      if (*num % 2 == 0)
        *num /= 2;
      else if (*den <= G_MAXUINT / 2)
        *den *= 2;
      else
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *value)
{
  char *end;
  guint64 v;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > max)
    return FALSE;
  *value = v;
  return TRUE;
}

static void
offer_prop (IngestClip      *clip,
            xmlNode         *node,
            const char      *name,
            IngestClipField  field)
{
  g_autofree char *value = _ingest_metadata_xml_prop (node, name);

  ingest_clip_offer_text (clip, field, value, -1);
}

static void
offer_prop_int (IngestClip      *clip,
                xmlNode         *node,
                const char      *name,
                IngestClipField  field)
{
  g_autofree char *value = _ingest_metadata_xml_prop (node, name);
  guint64 v;

  if (value != NULL && parse_uint (g_strstrip (value), G_MAXINT32, &v))
    ingest_clip_offer_int (clip, field, v);
}

static void
offer_prop_fps (IngestClip      *clip,
                xmlNode         *node,
                const char      *name,
                IngestClipField  field)
{
  g_autofree char *value = _ingest_metadata_xml_prop (node, name);
  guint num, den;

  if (parse_sony_fps (value, &num, &den))
    ingest_clip_offer_rate (clip, field, num, den);
}

static gboolean
hex_byte (const char *p,
          guint8     *byte)
{
  if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]))
    return FALSE;
  *byte = g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]);
  return TRUE;
}

/*
 * LtcChange@value: the LTC's four BCD bytes, frames first, with the flag bits
 * still in (drop-frame is bit 6 of the frames byte). The labels count at
 * tcFps; with halfStep (high frame rates) each label covers two frames, and
 * the seconds byte's flag bit marks the second of the pair.
 */
static void
apply_ltc (IngestClip *clip,
           xmlNode    *table,
           xmlNode    *video_frame)
{
  g_autofree char *tc_fps = _ingest_metadata_xml_prop (table, "tcFps");
  g_autofree char *half_step = _ingest_metadata_xml_prop (table, "halfStep");
  g_autofree char *format_fps = _ingest_metadata_xml_prop (video_frame, "formatFps");
  g_autofree char *value = NULL;
  xmlNode *change;
  guint8 b[4];
  guint64 base;
  guint num, den, timebase, h, m, s, f;
  gboolean half, drop, ntsc;
  IngestTimecode label, tc;

  change = _ingest_metadata_xml_child (table, "LtcChange");
  if (change == NULL || !parse_uint (tc_fps, 999, &base) || base == 0)
    return;
  value = _ingest_metadata_xml_prop (change, "value");
  if (value == NULL || strlen (value) != 8 ||
      !hex_byte (value, &b[0]) || !hex_byte (value + 2, &b[1]) ||
      !hex_byte (value + 4, &b[2]) || !hex_byte (value + 6, &b[3]))
    {
      ingest_clip_add_problem (clip, "tc_start: an LtcChange value that is not four BCD bytes");
      return;
    }

  half = g_strcmp0 (half_step, "true") == 0;
  drop = (b[0] & 0x40) != 0;
  /* The rate's NTSC-ness comes from the format (or the drop-frame flag). */
  ntsc = drop || (parse_sony_fps (format_fps, &num, &den) && den == 1001);
  timebase = (guint) base * (half ? 2 : 1);

  /* The labels at tcFps first, then as frames at the full rate. */
  if (!ingest_timecode_init (&label, ntsc ? base * 1000 : base, ntsc ? 1001 : 1, drop) ||
      !ingest_timecode_set_bcd (&label, b[0], b[1], b[2], b[3]) ||
      !ingest_timecode_init (&tc, ntsc ? timebase * 1000 : timebase, ntsc ? 1001 : 1, drop))
    {
      g_autofree char *message = g_strdup_printf ("tc_start: LtcChange value “%s” is not a time at %s fps",
                                                  value, tc_fps);

      ingest_clip_add_problem (clip, message);
      return;
    }
  ingest_timecode_get_hmsf (&label, &h, &m, &s, &f);
  if (half)
    f = f * 2 + ((b[1] & 0x80) ? 1 : 0);
  if (ingest_timecode_set_hmsf (&tc, h, m, s, f))
    ingest_clip_offer_timecode (clip, INGEST_CLIP_FIELD_TC_START, &tc);
}

static void
apply_acquisition_record (IngestClip *clip,
                          xmlNode    *record)
{
  guint n = 0;

  for (xmlNode *group = _ingest_metadata_xml_child (record, "Group");
       group != NULL; group = _ingest_metadata_xml_next (group->next, "Group"))
    for (xmlNode *item = _ingest_metadata_xml_child (group, "Item");
         item != NULL && n < MAX_ITEMS;
         item = _ingest_metadata_xml_next (item->next, "Item"), n++)
      {
        g_autofree char *name = _ingest_metadata_xml_prop (item, "name");
        g_autofree char *value = _ingest_metadata_xml_prop (item, "value");
        g_autofree char *attribute = NULL;

        if (name == NULL || value == NULL)
          continue;
        attribute = g_strconcat ("sony.", name, NULL);
        ingest_clip_set_attribute (clip, attribute, value);
        if (strcmp (name, "CaptureGammaEquation") == 0)
          ingest_clip_offer_text (clip, INGEST_CLIP_FIELD_GAMMA, value, -1);
      }
}

static gboolean
read_nrt (IngestClip        *clip,
          IngestByteSource  *source,
          GError           **error)
{
  g_autoptr(xmlDoc) doc = _ingest_metadata_xml_read (source, MAX_NRT_SIZE, error);
  xmlNode *root, *node, *video_format, *video_frame;
  g_autofree char *umid = NULL;

  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  if (!_ingest_metadata_xml_is (root, "NonRealTimeMeta"))
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED,
                        _("%s: not a Sony NonRealTimeMeta document"),
                        ingest_byte_source_get_name (source)), FALSE;

  video_format = _ingest_metadata_xml_child (root, "VideoFormat");
  video_frame = _ingest_metadata_xml_child (video_format, "VideoFrame");

  offer_prop_int (clip, _ingest_metadata_xml_child (root, "Duration"), "value", INGEST_CLIP_FIELD_FRAMES);
  offer_prop_fps (clip, video_frame, "formatFps", INGEST_CLIP_FIELD_FPS);
  offer_prop_fps (clip, video_frame, "captureFps", INGEST_CLIP_FIELD_CAPTURE_FPS);
  offer_prop (clip, video_frame, "videoCodec", INGEST_CLIP_FIELD_CODEC);
  if ((node = _ingest_metadata_xml_child (root, "LtcChangeTable")) != NULL)
    apply_ltc (clip, node, video_frame);
  node = _ingest_metadata_xml_child (video_format, "VideoLayout");
  offer_prop_int (clip, node, "pixel", INGEST_CLIP_FIELD_WIDTH);
  offer_prop_int (clip, node, "numOfVerticalLine", INGEST_CLIP_FIELD_HEIGHT);
  offer_prop_int (clip, _ingest_metadata_xml_child (root, "AudioFormat"), "numOfChannel",
                  INGEST_CLIP_FIELD_AUDIO_CHANNELS);
  node = _ingest_metadata_xml_child (root, "Device");
  offer_prop (clip, node, "manufacturer", INGEST_CLIP_FIELD_CAMERA_MAKE);
  offer_prop (clip, node, "modelName", INGEST_CLIP_FIELD_CAMERA_MODEL);
  offer_prop (clip, node, "serialNo", INGEST_CLIP_FIELD_CAMERA_SERIAL);
  offer_prop (clip, _ingest_metadata_xml_child (root, "Lens"), "modelName", INGEST_CLIP_FIELD_LENS);
  offer_prop (clip, _ingest_metadata_xml_child (root, "CreationDate"), "value", INGEST_CLIP_FIELD_CREATED);

  umid = _ingest_metadata_xml_prop (_ingest_metadata_xml_child (root, "TargetMaterial"), "umidRef");
  if (umid != NULL && *umid != '\0')
    ingest_clip_set_attribute (clip, "umid", umid);
  {
    g_autofree char *mode = _ingest_metadata_xml_prop (_ingest_metadata_xml_child (root, "RecordingMode"), "type");

    if (mode != NULL)
      ingest_clip_set_attribute (clip, "sony.RecordingMode", mode);
  }
  apply_acquisition_record (clip, _ingest_metadata_xml_child (root, "AcquisitionRecord"));

  /* Slate names some cameras (and the planning metadata) put here. */
  node = _ingest_metadata_xml_child (root, "UserDescriptiveMetadata");
  for (xmlNode *meta = _ingest_metadata_xml_child (node, "Meta");
       meta != NULL; meta = _ingest_metadata_xml_next (meta->next, "Meta"))
    {
      g_autofree char *name = _ingest_metadata_xml_prop (meta, "name");
      g_autofree char *content = _ingest_metadata_xml_prop (meta, "content");

      if (name == NULL || content == NULL)
        continue;
      if (g_ascii_strcasecmp (name, "Scene") == 0)
        ingest_clip_offer_text (clip, INGEST_CLIP_FIELD_SCENE, content, -1);
      else if (g_ascii_strcasecmp (name, "Take") == 0)
        ingest_clip_offer_text (clip, INGEST_CLIP_FIELD_TAKE, content, -1);
      else
        {
          g_autofree char *attribute = g_strconcat ("sony.", name, NULL);

          ingest_clip_set_attribute (clip, attribute, content);
        }
    }
  return TRUE;
}

/* MEDIAPRO.XML: one Material per clip, its uri relative to the card root. */
static gboolean
read_index (GPtrArray         *clips,
            IngestByteSource  *source,
            GError           **error)
{
  g_autoptr(xmlDoc) doc = _ingest_metadata_xml_read (source, MAX_MEDIAPRO_SIZE, error);
  xmlNode *root, *contents;
  g_autofree char *media_name = NULL;
  g_autoptr(GHashTable) index = NULL;

  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  if (!_ingest_metadata_xml_is (root, "MediaProfile"))
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED,
                        _("%s: not a Sony MediaProfile document"),
                        ingest_byte_source_get_name (source)), FALSE;

  media_name = _ingest_metadata_xml_prop (_ingest_metadata_xml_child (_ingest_metadata_xml_child (root, "Properties"),
                                                                      "Attached"), "mediaName");
  contents = _ingest_metadata_xml_child (root, "Contents");
  index = _ingest_metadata_clip_index_new (clips);
  for (xmlNode *material = _ingest_metadata_xml_child (contents, "Material");
       material != NULL; material = _ingest_metadata_xml_next (material->next, "Material"))
    {
      g_autofree char *uri = _ingest_metadata_xml_prop (material, "uri");
      g_autofree char *umid = _ingest_metadata_xml_prop (material, "umid");
      IngestClip *clip = _ingest_metadata_clip_index_find (index, uri);

      if (clip == NULL)
        continue;
      if (umid != NULL && *umid != '\0' && ingest_clip_get_attribute (clip, "umid") == NULL)
        ingest_clip_set_attribute (clip, "umid", umid);
      if (media_name != NULL && *media_name != '\0')
        ingest_clip_set_attribute (clip, "sony.mediaName", media_name);
      offer_prop (clip, material, "videoType", INGEST_CLIP_FIELD_CODEC);
      offer_prop_fps (clip, material, "fps", INGEST_CLIP_FIELD_FPS);
      offer_prop_int (clip, material, "dur", INGEST_CLIP_FIELD_FRAMES);
      offer_prop_int (clip, material, "ch", INGEST_CLIP_FIELD_AUDIO_CHANNELS);
    }
  return TRUE;
}

static gboolean
ingest_sony_xml_reader_read_clip_file (IngestMetadataReader  *reader,
                                       IngestClip            *clip,
                                       const char            *path,
                                       IngestByteSource      *source,
                                       GError               **error)
{
  if (is_index (path))
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, clip);
      return read_index (one, source, error);
    }
  return read_nrt (clip, source, error);
}

static gboolean
ingest_sony_xml_reader_read_roll_file (IngestMetadataReader  *reader,
                                       GPtrArray             *clips,
                                       const char            *path,
                                       IngestByteSource      *source,
                                       GError               **error)
{
  if (is_index (path))
    return read_index (clips, source, error);

  /* A clip's sidecar the grouper left out of the clip: match it by name. */
  {
    g_autofree char *stem = _ingest_metadata_path_stem (path);
    IngestClip *clip;

    if (strlen (stem) > 3)
      stem[strlen (stem) - 3] = '\0';   /* "C0001M01" → "C0001" */
    clip = _ingest_metadata_find_clip (clips, stem);
    return clip == NULL || read_nrt (clip, source, error);
  }
}

static void
ingest_sony_xml_reader_class_init (IngestSonyXmlReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "sony-xml";
  reader_class->accepts = ingest_sony_xml_reader_accepts;
  reader_class->read_clip_file = ingest_sony_xml_reader_read_clip_file;
  reader_class->read_roll_file = ingest_sony_xml_reader_read_roll_file;
}

static void
ingest_sony_xml_reader_init (IngestSonyXmlReader *self)
{
}
