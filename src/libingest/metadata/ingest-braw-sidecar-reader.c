/* ingest-braw-sidecar-reader.c
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

#define G_LOG_DOMAIN "ingest-braw-sidecar-reader"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ingest-braw-sidecar-reader.h"
#include "ingest-metadata-xml-private.h"

/*
 * Blackmagic RAW keeps its metadata in the .braw; when someone changes it in
 * post (Resolve, Blackmagic RAW Player), the changes go to a JSON ".sidecar"
 * beside the clip, which decoders then use instead. Its keys are the BRAW
 * SDK's metadata names (iso, white_balance_kelvin, reel_name…). So this
 * reader *sets* the fields it maps, over whatever the container said.
 */

struct _IngestBrawSidecarReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestBrawSidecarReader, ingest_braw_sidecar_reader, INGEST_TYPE_METADATA_READER)

#define MAX_SIDECAR_SIZE (1024 * 1024)
#define MAX_DEPTH        32
#define MAX_MEMBERS      4096

typedef enum
{
  AS_TEXT,
  AS_INTEGER,
  AS_NUMBER,
  AS_RATE,
  AS_BOOLEAN,
} Conversion;

static const struct
{
  const char      *key;
  IngestClipField  field;
  Conversion       as;
} keys[] = {
  { "iso", INGEST_CLIP_FIELD_ISO, AS_INTEGER },
  { "white_balance_kelvin", INGEST_CLIP_FIELD_WHITE_BALANCE_K, AS_INTEGER },
  { "white_balance_tint", INGEST_CLIP_FIELD_TINT, AS_NUMBER },
  { "shutter_value", INGEST_CLIP_FIELD_SHUTTER, AS_TEXT },
  { "shutter_angle", INGEST_CLIP_FIELD_SHUTTER, AS_TEXT },
  { "lens_type", INGEST_CLIP_FIELD_LENS, AS_TEXT },
  { "aperture", INGEST_CLIP_FIELD_APERTURE, AS_TEXT },
  { "focal_length", INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, AS_NUMBER },
  { "reel_name", INGEST_CLIP_FIELD_REEL, AS_TEXT },
  { "scene", INGEST_CLIP_FIELD_SCENE, AS_TEXT },
  { "take", INGEST_CLIP_FIELD_TAKE, AS_TEXT },
  { "good_take", INGEST_CLIP_FIELD_CIRCLED, AS_BOOLEAN },
  { "camera_type", INGEST_CLIP_FIELD_CAMERA_MODEL, AS_TEXT },
  { "manufacturer", INGEST_CLIP_FIELD_CAMERA_MAKE, AS_TEXT },
  { "camera_id", INGEST_CLIP_FIELD_CAMERA_SERIAL, AS_TEXT },
  { "camera_number", INGEST_CLIP_FIELD_CAMERA_INDEX, AS_TEXT },
  { "firmware_version", INGEST_CLIP_FIELD_CAMERA_FIRMWARE, AS_TEXT },
  { "gamma", INGEST_CLIP_FIELD_GAMMA, AS_TEXT },
  { "sensor_rate", INGEST_CLIP_FIELD_CAPTURE_FPS, AS_RATE },
};

static gboolean
ingest_braw_sidecar_reader_accepts (IngestMetadataReader *reader,
                                    const char           *path)
{
  static const char * const suffixes[] = { ".sidecar", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

/* json-glib parses by recursion without a limit: measure the nesting first. */
static gboolean
nesting_within (const char *data,
                gsize       len,
                guint       max)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* A scalar as text: strings as they are, numbers as JSON writes them. */
static char *
scalar_text (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char text[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (text, sizeof text, "%.10g", json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

/* "5600", "5600K", 5600.0 → 5600. */
static gboolean
parse_integer (const char *text,
               gint64     *value)
{
  char *end;
  double v;

  v = g_ascii_strtod (text, &end);
  while (g_ascii_isspace (*end))
    end++;
  if (end == text || !isfinite (v) || fabs (v) > 1e12 ||
      !(*end == '\0' || ((*end == 'K' || *end == 'k') && end[1] == '\0')))
    return FALSE;
  *value = (gint64) llround (v);
  return TRUE;
}

/* "50mm", "-3.5", 10 → a number. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end;
  double v = g_ascii_strtod (text, &end);

  while (g_ascii_isspace (*end))
    end++;
  if (end == text || !isfinite (v) || !(*end == '\0' || g_ascii_strcasecmp (end, "mm") == 0))
    return FALSE;
  *value = v;
  return TRUE;
}

static void
set_converted (IngestClip      *clip,
               IngestClipField  field,
               Conversion       as,
               const char      *text)
{
  gint64 integer;
  double number;
  guint num, den;

  switch (as)
    {
    case AS_TEXT:
      {
        g_autofree char *copy = g_strstrip (g_strdup (text));

        if (*copy != '\0' && g_utf8_validate (copy, -1, NULL))
          ingest_clip_set_field (clip, field, copy);
      }
      break;
    case AS_INTEGER:
      if (parse_integer (text, &integer))
        {
          char value[32];

          g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT, integer);
          ingest_clip_set_field (clip, field, value);
        }
      break;
    case AS_NUMBER:
      if (parse_number (text, &number))
        {
          char value[G_ASCII_DTOSTR_BUF_SIZE];

          if (number == floor (number) && fabs (number) < 1e15)
            g_snprintf (value, sizeof value, "%.0f", number);
          else
            g_ascii_formatd (value, sizeof value, "%.6g", number);
          ingest_clip_set_field (clip, field, value);
        }
      break;
    case AS_RATE:
      if (ingest_frame_rate_parse (text, &num, &den))
        {
          g_autofree char *value = ingest_frame_rate_to_string (num, den);

          ingest_clip_set_field (clip, field, value);
        }
      break;
    case AS_BOOLEAN:
      if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
        ingest_clip_set_field (clip, field, "true");
      else if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
        ingest_clip_set_field (clip, field, "false");
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
ingest_braw_sidecar_reader_read_clip_file (IngestMetadataReader  *reader,
                                           IngestClip            *clip,
                                           const char            *path,
                                           IngestByteSource      *source,
                                           GError               **error)
{
  g_autoptr(GBytes) bytes = _ingest_metadata_read_whole (source, MAX_SIDECAR_SIZE, error);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  const char *name = ingest_byte_source_get_name (source);
  const char *data;
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  gsize len;
  guint n = 0;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  if (!nesting_within (data, len, MAX_DEPTH))
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: JSON nested deeper than %u levels"), name, MAX_DEPTH), FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, len > 0 ? data : "", len, &json_error))
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: not valid JSON: %s"), name, json_error->message), FALSE;
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: a sidecar is a JSON object"), name), FALSE;
  object = json_node_get_object (node);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node) && n++ < MAX_MEMBERS)
    {
      g_autofree char *text = scalar_text (node);
      g_autofree char *attribute = NULL;

      if (text == NULL)
        {
          /* Nested values (a tone curve, a LUT) are kept as their JSON. */
          if (JSON_NODE_HOLDS_NULL (node))
            continue;
          text = json_to_string (node, FALSE);
        }
      attribute = g_strconcat ("braw.", member, NULL);
      ingest_clip_set_attribute (clip, attribute, text);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (strcmp (member, keys[k].key) == 0 && JSON_NODE_HOLDS_VALUE (node))
          set_converted (clip, keys[k].field, keys[k].as, text);
    }
  return TRUE;
}

static void
ingest_braw_sidecar_reader_class_init (IngestBrawSidecarReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "braw-sidecar";
  reader_class->accepts = ingest_braw_sidecar_reader_accepts;
  reader_class->read_clip_file = ingest_braw_sidecar_reader_read_clip_file;
}

static void
ingest_braw_sidecar_reader_init (IngestBrawSidecarReader *self)
{
}
