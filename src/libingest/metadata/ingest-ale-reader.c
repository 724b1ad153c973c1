/* ingest-ale-reader.c
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

#define G_LOG_DOMAIN "ingest-ale-reader"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-ale-reader.h"
#include "ingest-metadata-xml-private.h"

/*
 * An Avid Log Exchange file is tab-delimited text in three sections: Heading
 * (NAME<tab>value lines: FIELD_DELIM, VIDEO_FORMAT, FPS…), Column (one line
 * of column names) and Data (one line per clip). Cameras (ARRI) and dailies
 * tools write one per roll; rows are matched to clips by Name (the clip name
 * without extension) or Source File. Made later than the camera files, it
 * only fills gaps; every column is kept as "ale.<Column>".
 */

struct _IngestAleReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestAleReader, ingest_ale_reader, INGEST_TYPE_METADATA_READER)

#define MAX_ALE_SIZE (4 * 1024 * 1024)
#define MAX_COLUMNS  1024

typedef enum
{
  AS_TEXT,
  AS_INTEGER,
  AS_NUMBER,
  AS_RATE,
  AS_BOOLEAN,
  AS_TIMECODE,
} Conversion;

/* Column names as ARRI, Sony, RED and dailies tools spell them (compared
 * ASCII-case-insensitively, '_' and ' ' alike). */
static const struct
{
  const char      *column;
  IngestClipField  field;
  Conversion       as;
} columns[] = {
  { "Scene", INGEST_CLIP_FIELD_SCENE, AS_TEXT },
  { "Take", INGEST_CLIP_FIELD_TAKE, AS_TEXT },
  { "Tape", INGEST_CLIP_FIELD_REEL, AS_TEXT },
  { "Reel", INGEST_CLIP_FIELD_REEL, AS_TEXT },
  { "Camroll", INGEST_CLIP_FIELD_REEL, AS_TEXT },
  { "Start", INGEST_CLIP_FIELD_TC_START, AS_TIMECODE },
  { "Camera", INGEST_CLIP_FIELD_CAMERA_INDEX, AS_TEXT },
  { "Camera_Index", INGEST_CLIP_FIELD_CAMERA_INDEX, AS_TEXT },
  { "Camera_Model", INGEST_CLIP_FIELD_CAMERA_MODEL, AS_TEXT },
  { "Camera_Type", INGEST_CLIP_FIELD_CAMERA_MODEL, AS_TEXT },
  { "Camera_Serial", INGEST_CLIP_FIELD_CAMERA_SERIAL, AS_TEXT },
  { "Camera_SN", INGEST_CLIP_FIELD_CAMERA_SERIAL, AS_TEXT },
  { "Camera_Manufacturer", INGEST_CLIP_FIELD_CAMERA_MAKE, AS_TEXT },
  { "Manufacturer", INGEST_CLIP_FIELD_CAMERA_MAKE, AS_TEXT },
  { "Firmware", INGEST_CLIP_FIELD_CAMERA_FIRMWARE, AS_TEXT },
  { "ISO", INGEST_CLIP_FIELD_ISO, AS_INTEGER },
  { "ASA", INGEST_CLIP_FIELD_ISO, AS_INTEGER },
  { "Exposure_Index", INGEST_CLIP_FIELD_ISO, AS_INTEGER },
  { "EI", INGEST_CLIP_FIELD_ISO, AS_INTEGER },
  { "White_Balance", INGEST_CLIP_FIELD_WHITE_BALANCE_K, AS_INTEGER },
  { "Whitebalance", INGEST_CLIP_FIELD_WHITE_BALANCE_K, AS_INTEGER },
  { "Kelvin", INGEST_CLIP_FIELD_WHITE_BALANCE_K, AS_INTEGER },
  { "Color_Temperature", INGEST_CLIP_FIELD_WHITE_BALANCE_K, AS_INTEGER },
  { "Tint", INGEST_CLIP_FIELD_TINT, AS_NUMBER },
  { "Lens", INGEST_CLIP_FIELD_LENS, AS_TEXT },
  { "Lens_Type", INGEST_CLIP_FIELD_LENS, AS_TEXT },
  { "Lens_Model", INGEST_CLIP_FIELD_LENS, AS_TEXT },
  { "Lens_Serial", INGEST_CLIP_FIELD_LENS_SERIAL, AS_TEXT },
  { "Focal_Length", INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, AS_NUMBER },
  { "Shutter", INGEST_CLIP_FIELD_SHUTTER, AS_TEXT },
  { "Shutter_Angle", INGEST_CLIP_FIELD_SHUTTER, AS_TEXT },
  { "ND_Filter", INGEST_CLIP_FIELD_ND, AS_TEXT },
  { "Project_FPS", INGEST_CLIP_FIELD_FPS, AS_RATE },
  { "Sensor_FPS", INGEST_CLIP_FIELD_CAPTURE_FPS, AS_RATE },
  { "Codec", INGEST_CLIP_FIELD_CODEC, AS_TEXT },
  { "Gamma", INGEST_CLIP_FIELD_GAMMA, AS_TEXT },
  { "Look", INGEST_CLIP_FIELD_LOOK, AS_TEXT },
  { "Look_Name", INGEST_CLIP_FIELD_LOOK, AS_TEXT },
  { "Circled", INGEST_CLIP_FIELD_CIRCLED, AS_BOOLEAN },
  { "Circle", INGEST_CLIP_FIELD_CIRCLED, AS_BOOLEAN },
  { "Comments", INGEST_CLIP_FIELD_NOTES, AS_TEXT },
  { "Notes", INGEST_CLIP_FIELD_NOTES, AS_TEXT },
  { "Soundroll", INGEST_CLIP_FIELD_SOUND_ROLL, AS_TEXT },
  { "Sound_Roll", INGEST_CLIP_FIELD_SOUND_ROLL, AS_TEXT },
  { "Production", INGEST_CLIP_FIELD_PRODUCTION, AS_TEXT },
};

static gboolean
ingest_ale_reader_accepts (IngestMetadataReader *reader,
                           const char           *path)
{
  static const char * const suffixes[] = { ".ale", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

static gboolean
same_column (const char *a,
             const char *b)
{
  for (; *a != '\0' && *b != '\0'; a++, b++)
    {
      char x = *a == ' ' ? '_' : g_ascii_tolower (*a);
      char y = *b == ' ' ? '_' : g_ascii_tolower (*b);

      if (x != y)
        return FALSE;
    }
  return *a == *b;
}

/* "25.000" → 25, "23.976" → 24000/1001. */
static gboolean
parse_rate (const char *text,
            guint      *num,
            guint      *den)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *dot = strchr (copy, '.');

  if (dot != NULL)
    {
      char *last = copy + strlen (copy) - 1;

      while (last > dot && *last == '0')
        *last-- = '\0';
      if (last == dot)
        *dot = '\0';
    }
  return ingest_frame_rate_parse (copy, num, den);
}

typedef struct
{
  gboolean have_rate;
  guint    num;
  guint    den;
} Heading;

static void
apply_value (IngestClip      *clip,
             IngestClipField  field,
             Conversion       as,
             const char      *value,
             const Heading   *heading)
{
  char *end;

  switch (as)
    {
    case AS_TEXT:
      ingest_clip_offer_text (clip, field, value, -1);
      break;
    case AS_INTEGER:
      {
        double v = g_ascii_strtod (value, &end);

        if (end != value && isfinite (v) && fabs (v) < 1e12 &&
            (*end == '\0' || ((*end == 'K' || *end == 'k') && end[1] == '\0')))
          ingest_clip_offer_int (clip, field, (gint64) llround (v));
      }
      break;
    case AS_NUMBER:
      {
        double v = g_ascii_strtod (value, &end);

        if (end != value && (*end == '\0' || g_ascii_strcasecmp (end, "mm") == 0))
          ingest_clip_offer_number (clip, field, v);
      }
      break;
    case AS_RATE:
      {
        guint num, den;

        if (parse_rate (value, &num, &den))
          ingest_clip_offer_rate (clip, field, num, den);
      }
      break;
    case AS_BOOLEAN:
      if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0 ||
          strcmp (value, "1") == 0 || strcmp (value, "*") == 0)
        ingest_clip_offer_field (clip, field, "true");
      else if (g_ascii_strcasecmp (value, "false") == 0 || g_ascii_strcasecmp (value, "no") == 0 ||
               strcmp (value, "0") == 0)
        ingest_clip_offer_field (clip, field, "false");
      break;
    case AS_TIMECODE:
      {
        IngestTimecode tc;

        if (heading->have_rate &&
            ingest_timecode_init (&tc, heading->num, heading->den, strchr (value, ';') != NULL) &&
            ingest_timecode_parse (&tc, value))
          ingest_clip_offer_timecode (clip, field, &tc);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
apply_row (IngestClip     *clip,
           GStrv           names,
           GStrv           values,
           const Heading  *heading)
{
  for (guint c = 0; names[c] != NULL && values[c] != NULL; c++)
    {
      g_autofree char *attribute = NULL;
      char *value = g_strstrip (values[c]);

      if (*value == '\0' || *names[c] == '\0')
        continue;
      attribute = g_strconcat ("ale.", names[c], NULL);
      ingest_clip_set_attribute (clip, attribute, value);
      for (guint k = 0; k < G_N_ELEMENTS (columns); k++)
        if (same_column (names[c], columns[k].column))
          apply_value (clip, columns[k].field, columns[k].as, value, heading);
    }
}

static int
find_column (GStrv       names,
             const char *name)
{
  for (guint c = 0; names[c] != NULL; c++)
    if (same_column (names[c], name))
      return c;
  return -1;
}

typedef enum { SECTION_NONE, SECTION_HEADING, SECTION_COLUMN, SECTION_DATA } Section;

static gboolean
ingest_ale_reader_read_roll_file (IngestMetadataReader  *reader,
                                  GPtrArray             *clips,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  g_autoptr(GBytes) bytes = _ingest_metadata_read_whole (source, MAX_ALE_SIZE, error);
  const char *name = ingest_byte_source_get_name (source);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GHashTable) index = _ingest_metadata_clip_index_new (clips);
  Section section = SECTION_NONE;
  Heading heading = { FALSE, 0, 0 };
  int name_column = -1, source_column = -1;
  gsize len;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  if (memchr (data, '\0', len) != NULL)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: an ALE is text (this file has NUL bytes)"), name), FALSE;
  text = g_strndup (data, len);
  /* Older tools write Latin-1; what is not UTF-8 is replaced, not guessed. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize n = strlen (line);
      g_autofree char *trimmed = NULL;

      if (n > 0 && line[n - 1] == '\r')
        line[--n] = '\0';
      trimmed = g_strstrip (g_strdup (line));

      if (g_ascii_strcasecmp (trimmed, "Heading") == 0)
        {
          section = SECTION_HEADING;
          continue;
        }
      if (g_ascii_strcasecmp (trimmed, "Column") == 0)
        {
          section = SECTION_COLUMN;
          continue;
        }
      if (g_ascii_strcasecmp (trimmed, "Data") == 0)
        {
          if (names == NULL)
            return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                                _("%s: a Data section before any Column line"), name), FALSE;
          section = SECTION_DATA;
          continue;
        }
      if (*trimmed == '\0')
        continue;

      switch (section)
        {
        case SECTION_HEADING:
          {
            g_auto(GStrv) pair = g_strsplit (line, "\t", 2);

            if (pair[0] != NULL && pair[1] != NULL && g_ascii_strcasecmp (g_strstrip (pair[0]), "FPS") == 0)
              heading.have_rate = parse_rate (pair[1], &heading.num, &heading.den);
          }
          break;
        case SECTION_COLUMN:
          if (names == NULL)
            {
              names = g_strsplit (line, "\t", MAX_COLUMNS);
              for (guint c = 0; names[c] != NULL; c++)
                g_strstrip (names[c]);
              name_column = find_column (names, "Name");
              source_column = find_column (names, "Source_File");
            }
          break;
        case SECTION_DATA:
          {
            g_auto(GStrv) values = g_strsplit (line, "\t", MAX_COLUMNS);
            IngestClip *clip = NULL;
            guint n_values = g_strv_length (values);

            if (name_column >= 0 && (guint) name_column < n_values)
              clip = _ingest_metadata_clip_index_find (index, g_strstrip (values[name_column]));
            if (clip == NULL && source_column >= 0 && (guint) source_column < n_values)
              clip = _ingest_metadata_clip_index_find (index, g_strstrip (values[source_column]));
            if (clip != NULL)
              apply_row (clip, names, values, &heading);
          }
          break;
        case SECTION_NONE:
        default:
          break;
        }
    }

  if (names == NULL)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: not an ALE (no Column section)"), name), FALSE;
  return TRUE;
}

/* An ALE the grouper put in a clip speaks for that clip alone. */
static gboolean
ingest_ale_reader_read_clip_file (IngestMetadataReader  *reader,
                                  IngestClip            *clip,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, clip);
  return ingest_ale_reader_read_roll_file (reader, one, path, source, error);
}

static void
ingest_ale_reader_class_init (IngestAleReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "ale";
  reader_class->accepts = ingest_ale_reader_accepts;
  reader_class->read_clip_file = ingest_ale_reader_read_clip_file;
  reader_class->read_roll_file = ingest_ale_reader_read_roll_file;
}

static void
ingest_ale_reader_init (IngestAleReader *self)
{
}
