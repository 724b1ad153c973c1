/* test-metadata-sidecars.c
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

#define G_LOG_DOMAIN "test-metadata-sidecars"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* The BRAW sidecar, R3D header (against exiftool), ALE and ASC CDL readers. */

static char *scratch_dir;

/* A roll folder under scratch_dir holding FILES (name, contents). */
static char *
make_roll (const char         *roll,
           const char * const *files)
{
  char *root = g_build_filename (scratch_dir, roll, NULL);

  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  for (guint i = 0; files[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (root, files[i], NULL);

      ingest_test_write_file (path, files[i + 1], strlen (files[i + 1]));
    }
  return root;
}

static IngestClip *
extract_one (const char *root,
             const char *name,
             const char *file)
{
  IngestClip *clip = ingest_clip_new (name, INGEST_CLIP_KIND_VIDEO, "R", "R");
  g_autoptr(GError) error = NULL;

  ingest_clip_add_file (clip, file, 0);
  g_assert_true (ingest_metadata_extract_clip (clip, root, NULL, &error));
  g_assert_no_error (error);
  return clip;
}

static gboolean
read_bytes (const char  *reader,
            const char  *path,
            const char  *data,
            gsize        len,
            IngestClip  *clip,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, path);

  return ingest_metadata_reader_read_clip_file (ingest_metadata_find_reader (reader), clip, path, source, error);
}

/* BRAW sidecar */

static const char braw_sidecar[] =
  "{\n"
  "  \"iso\": 1600,\n"
  "  \"white_balance_kelvin\": 4300,\n"
  "  \"white_balance_tint\": -12,\n"
  "  \"exposure\": 0.5,\n"
  "  \"shutter_value\": \"172.8°\",\n"
  "  \"lens_type\": \"Sigma 18-35mm F1.8 DC HSM | Art 013\",\n"
  "  \"reel_name\": \"A014\",\n"
  "  \"scene\": \"27\",\n"
  "  \"take\": \"4\",\n"
  "  \"good_take\": \"true\",\n"
  "  \"camera_number\": \"A\",\n"
  "  \"camera_type\": \"Blackmagic URSA Mini Pro 12K\",\n"
  "  \"gamma\": \"Blackmagic Design Film\",\n"
  "  \"sensor_rate\": \"23.976\",\n"
  "  \"environment\": \"exterior\",\n"
  "  \"tone_curve\": { \"contrast\": 1.2, \"saturation\": [1, 1] },\n"
  "  \"nothing\": null\n"
  "}\n";

static void
test_braw (void)
{
  const char * const files[] = { "A014_11211021_C004.sidecar", braw_sidecar, NULL };
  g_autofree char *root = make_roll ("braw", files);
  g_autoptr(IngestClip) clip = ingest_clip_new ("A014_11211021_C004", INGEST_CLIP_KIND_VIDEO, "R", "R");
  g_autoptr(GError) error = NULL;

  /* What the camera wrote (as if read from the .braw before): the sidecar,
   * edited later, overrides it. */
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_ISO, "800");
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE, "Blackmagic Design");
  ingest_clip_add_file (clip, "A014_11211021_C004.sidecar", strlen (braw_sidecar));
  g_assert_true (ingest_metadata_extract_clip (clip, root, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ISO), ==, "1600");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE), ==, "Blackmagic Design");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WHITE_BALANCE_K), ==, "4300");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TINT), ==, "-12");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SHUTTER), ==, "172.8°");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_LENS), ==, "Sigma 18-35mm F1.8 DC HSM | Art 013");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_REEL), ==, "A014");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE), ==, "27");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TAKE), ==, "4");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CIRCLED), ==, "true");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_INDEX), ==, "A");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL), ==, "Blackmagic URSA Mini Pro 12K");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_GAMMA), ==, "Blackmagic Design Film");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAPTURE_FPS), ==, "24000/1001");
  /* Every key is kept. */
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "braw.exposure"), ==, "0.5");
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "braw.environment"), ==, "exterior");
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "braw.iso"), ==, "1600");
  g_assert_nonnull (strstr (ingest_clip_get_attribute (clip, "braw.tone_curve"), "\"contrast\""));
  g_assert_null (ingest_clip_get_attribute (clip, "braw.nothing"));
}

static void
test_braw_hostile (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  const char *bad[] = { "not json", "[1, 2]", "{\"iso\": ", "\xff\xfe{}" };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
      g_autoptr(GError) error = NULL;

      g_assert_false (read_bytes ("braw-sidecar", "x.sidecar", bad[i], strlen (bad[i]), clip, &error));
      g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
    }
  {
    g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_false (read_bytes ("braw-sidecar", "x.sidecar", deep->str, deep->len, clip, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* Values of the wrong kind are refused one by one, never guessed. */
  {
    static const char odd[] = "{\"iso\": \"high\", \"white_balance_kelvin\": \"warm\", \"scene\": \"\\u0001\", \"take\": \"5\"}";
    g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_true (read_bytes ("braw-sidecar", "x.sidecar", odd, strlen (odd), clip, &error));
    g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ISO));
    g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WHITE_BALANCE_K));
    g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE));
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TAKE), ==, "5");
  }
}

/* R3D */

static void
put_be16 (GByteArray *a,
          guint16     v)
{
  guint8 b[2] = { v >> 8, v & 0xff };

  g_byte_array_append (a, b, 2);
}

static void
put_entry (GByteArray   *a,
           guint16       tag,
           const void   *data,
           gsize         len)
{
  put_be16 (a, len + 4);
  put_be16 (a, tag);
  g_byte_array_append (a, data, len);
}

static void
put_string_entry (GByteArray *a,
                  guint16     tag,
                  const char *text)
{
  put_entry (a, tag, text, strlen (text));
}

static void
put_u16_entry (GByteArray *a,
               guint16     tag,
               guint16     value)
{
  guint8 b[2] = { value >> 8, value & 0xff };

  put_entry (a, tag, b, 2);
}

static void
put_float_entry (GByteArray *a,
                 guint16     tag,
                 float       value)
{
  union { float f; guint32 u; } bits = { .f = value };
  guint8 b[4] = { bits.u >> 24, (bits.u >> 16) & 0xff, (bits.u >> 8) & 0xff, bits.u & 0xff };

  put_entry (a, tag, b, 4);
}

/* A REDCODE 2 header: one rdi record (0x44–0x5b, holding the picture size
 * and rate), then the tag directory at 0x5c; tags as exiftool's Red.pm
 * numbers them. */
static GBytes *
build_r3d (guint dir_len)
{
  g_autoptr(GByteArray) dir = g_byte_array_new ();
  GByteArray *a = g_byte_array_new ();
  guint size = 0x5e + dir_len + 16;

  put_string_entry (dir, 0x1001, "01:02:03:04");
  put_string_entry (dir, 0x101a, "A001");
  put_string_entry (dir, 0x101b, "3");
  put_string_entry (dir, 0x1006, "123-456-789");
  put_string_entry (dir, 0x1071, "V-RAPTOR 8K VV");
  put_string_entry (dir, 0x1025, "1.5.1");
  put_string_entry (dir, 0x1070, "Canon EF 50mm f/1.2L");
  put_string_entry (dir, 0x1005, "20261121102114");
  put_float_entry (dir, 0x200d, 5600.0f);
  put_float_entry (dir, 0x2066, 23.976f);
  put_u16_entry (dir, 0x403b, 800);
  put_u16_entry (dir, 0x406a, 28);
  put_u16_entry (dir, 0x406b, 50);
  g_assert_cmpuint (dir->len, <=, dir_len);

  g_byte_array_set_size (a, size);
  memset (a->data, 0, size);
  a->data[0] = size >> 24;
  a->data[1] = (size >> 16) & 0xff;
  a->data[2] = (size >> 8) & 0xff;
  a->data[3] = size & 0xff;
  memcpy (a->data + 4, "RED2", 4);
  /* 8192 × 4320; 24000/1001 as (denominator, numerator high, low). */
  a->data[0x4e] = 0x20;
  a->data[0x52] = 0x10;
  a->data[0x53] = 0xe0;
  a->data[0x56] = 1001 >> 8;
  a->data[0x57] = 1001 & 0xff;
  a->data[0x5a] = 24000 >> 8;
  a->data[0x5b] = 24000 & 0xff;
  a->data[0x40] = 1;
  a->data[0x5c] = dir_len >> 8;
  a->data[0x5d] = dir_len & 0xff;
  memcpy (a->data + 0x5e, dir->data, dir->len);
  /* Frames would follow; some bytes of them. */
  for (guint i = 0; i < 64; i++)
    g_byte_array_append (a, (const guint8 *) "\x5a", 1);
  return g_byte_array_free_to_bytes (a);
}

static JsonObject *
exiftool (const char *path)
{
  const char *argv[] = { "exiftool", "-json", "-n", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0));
}

static char *
exif_text (JsonObject *exif,
           const char *tag)
{
  JsonNode *node = json_object_get_member (exif, tag);

  g_assert_nonnull (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

static void
test_r3d (void)
{
  g_autoptr(GBytes) r3d = build_r3d (400);
  g_autofree char *root = g_build_filename (scratch_dir, "red", NULL);
  g_autofree char *path = g_build_filename (root, "A001_C003_1121XY_001.R3D", NULL);
  g_autoptr(IngestClip) clip = NULL;
  guint num, den;

  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  ingest_test_write_file (path, g_bytes_get_data (r3d, NULL), g_bytes_get_size (r3d));
  clip = extract_one (root, "A001_C003_1121XY", "A001_C003_1121XY_001.R3D");

  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "preview"), ==, "not decodable here");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "01:02:03:04");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, "24000/1001");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAPTURE_FPS), ==, "24000/1001");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_APERTURE), ==, "f/2.8");

  if (!ingest_test_require_programs ("libimage-exiftool-perl", "exiftool", NULL))
    return;
  {
    g_autoptr(JsonObject) exif = exiftool (path);
    static const struct { const char *tag; IngestClipField field; } same[] = {
      { "StartTimecode", INGEST_CLIP_FIELD_TC_START },
      { "ReelNumber", INGEST_CLIP_FIELD_REEL },
      { "Take", INGEST_CLIP_FIELD_TAKE },
      { "SerialNumber", INGEST_CLIP_FIELD_CAMERA_SERIAL },
      { "Model", INGEST_CLIP_FIELD_CAMERA_MODEL },
      { "FirmwareVersion", INGEST_CLIP_FIELD_CAMERA_FIRMWARE },
      { "LensModel", INGEST_CLIP_FIELD_LENS },
      { "ColorTemperature", INGEST_CLIP_FIELD_WHITE_BALANCE_K },
      { "ISO", INGEST_CLIP_FIELD_ISO },
      { "FocalLength", INGEST_CLIP_FIELD_FOCAL_LENGTH_MM },
      { "ImageWidth", INGEST_CLIP_FIELD_WIDTH },
      { "ImageHeight", INGEST_CLIP_FIELD_HEIGHT },
    };
    g_autofree char *when = exif_text (exif, "DateTimeOriginal");
    g_autofree char *fnumber = g_strdup_printf ("f/%.1f", json_object_get_double_member (exif, "FNumber"));

    g_assert_cmpstr (json_object_get_string_member (exif, "FileType"), ==, "R3D");
    for (guint i = 0; i < G_N_ELEMENTS (same); i++)
      {
        g_autofree char *text = exif_text (exif, same[i].tag);

        g_test_message ("%s", same[i].tag);
        g_assert_cmpstr (ingest_clip_get_field (clip, same[i].field), ==, text);
      }
    /* "2026:11:21 10:21:14" */
    when[4] = when[7] = '-';
    when[10] = 'T';
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CREATED), ==, when);
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_APERTURE), ==, fnumber);
    g_assert_true (ingest_frame_rate_parse (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), &num, &den));
    g_assert_cmpfloat_with_epsilon ((double) num / den, json_object_get_double_member (exif, "FrameRate"), 1e-9);
    g_assert_true (ingest_frame_rate_parse (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAPTURE_FPS), &num, &den));
    g_assert_cmpfloat_with_epsilon ((double) num / den, json_object_get_double_member (exif, "OriginalFrameRate"), 1e-3);
  }
}

/* REDCODE 1 (RED ONE): the picture in the header, the directory at 0x22 of
 * the next block. */
static void
test_r3d_version1 (void)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  g_autoptr(GByteArray) dir = g_byte_array_new ();
  g_autofree char *root = g_build_filename (scratch_dir, "redone", NULL);
  g_autofree char *path = g_build_filename (root, "A001_C001_0101AB.RDC.R3D", NULL);
  g_autoptr(IngestClip) clip = NULL;
  guint8 header[0x80] = { 0, 0, 0, 0x80, 'R', 'E', 'D', '1' };

  /* 4096 × 2304 (16 bits each), 24000/1001 as two 16-bit words. */
  header[0x36] = 0x10;
  header[0x3a] = 0x09;
  header[0x3e] = 24000 >> 8;
  header[0x3f] = 24000 & 0xff;
  header[0x40] = 1001 >> 8;
  header[0x41] = 1001 & 0xff;
  g_byte_array_append (a, header, sizeof header);
  put_string_entry (dir, 0x1001, "10:00:00:00");
  put_string_entry (dir, 0x101a, "001");
  put_string_entry (dir, 0x1071, "RED ONE");
  put_u16_entry (dir, 0x403b, 320);
  g_byte_array_set_size (a, a->len + 0x22);
  memset (a->data + 0x80, 0, 0x22);
  put_be16 (a, 320);
  g_byte_array_append (a, dir->data, dir->len);
  for (guint i = dir->len; i < 320 + 32; i++)
    g_byte_array_append (a, (const guint8 *) "", 1);

  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  ingest_test_write_file (path, a->data, a->len);
  clip = extract_one (root, "A001_C001_0101AB", "A001_C001_0101AB.RDC.R3D");
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "10:00:00:00");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, "24000/1001");

  if (!ingest_test_require_programs ("libimage-exiftool-perl", "exiftool", NULL))
    return;
  {
    g_autoptr(JsonObject) exif = exiftool (path);
    static const struct { const char *tag; IngestClipField field; } same[] = {
      { "StartTimecode", INGEST_CLIP_FIELD_TC_START },
      { "ReelNumber", INGEST_CLIP_FIELD_REEL },
      { "Model", INGEST_CLIP_FIELD_CAMERA_MODEL },
      { "ISO", INGEST_CLIP_FIELD_ISO },
      { "ImageWidth", INGEST_CLIP_FIELD_WIDTH },
      { "ImageHeight", INGEST_CLIP_FIELD_HEIGHT },
    };
    guint num, den;

    g_assert_cmpint (json_object_get_int_member (exif, "RedcodeVersion"), ==, 1);
    for (guint i = 0; i < G_N_ELEMENTS (same); i++)
      {
        g_autofree char *text = exif_text (exif, same[i].tag);

        g_assert_cmpstr (ingest_clip_get_field (clip, same[i].field), ==, text);
      }
    /* exiftool prints this rate to seven digits. */
    g_assert_true (ingest_frame_rate_parse (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), &num, &den));
    g_assert_cmpfloat_with_epsilon ((double) num / den, json_object_get_double_member (exif, "FrameRate"), 1e-5);
  }
}

static void
test_r3d_hostile (void)
{
  g_autoptr(GBytes) good = build_r3d (400);
  gsize len;
  const guint8 *data = g_bytes_get_data (good, &len);
  struct { gsize offset; guint8 value; int code; } cases[] = {
    { 0, 0x7f, INGEST_METADATA_ERROR_MALFORMED },      /* a 2 GB header */
    { 7, '1', INGEST_METADATA_ERROR_TRUNCATED },       /* RED1: no block after the header */
    { 5, 'X', INGEST_METADATA_ERROR_MALFORMED },       /* not RED */
    { 0x5c, 0xff, INGEST_METADATA_ERROR_TRUNCATED },   /* directory past the header */
    { 0x40, 0xff, INGEST_METADATA_ERROR_TRUNCATED },   /* 255 rdi records */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree guint8 *bad = g_memdup2 (data, len);
      g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
      g_autoptr(GError) error = NULL;

      bad[cases[i].offset] = cases[i].value;
      g_assert_false (read_bytes ("r3d", "x.R3D", (const char *) bad, len, clip, &error));
      g_assert_error (error, INGEST_METADATA_ERROR, cases[i].code);
      g_assert_cmpstr (ingest_clip_get_attribute (clip, "preview"), ==, "not decodable here");
    }
  /* An entry length that points past the directory stops the walk there. */
  {
    g_autofree guint8 *bad = g_memdup2 (data, len);
    g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    bad[0x5e] = 0xff;
    g_assert_true (read_bytes ("r3d", "x.R3D", (const char *) bad, len, clip, &error));
    g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START));
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WIDTH), ==, "8192");
  }
  for (gsize cut = 0; cut < len; cut += 5)
    {
      g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
      g_autoptr(GError) error = NULL;

      if (!read_bytes ("r3d", "x.R3D", (const char *) data, cut, clip, &error))
        g_assert_true (error->domain == INGEST_METADATA_ERROR);
    }
}

/* ALE */

/* As an ALEXA writes it (the demo's write_arri_ale), with columns a dailies
 * tool adds; CRLF line ends. */
static const char arri_ale[] =
  "Heading\r\n"
  "FIELD_DELIM\tTABS\r\n"
  "VIDEO_FORMAT\tCUSTOM\r\n"
  "AUDIO_FORMAT\t48khz\r\n"
  "FPS\t25.000\r\n"
  "\r\n"
  "Column\r\n"
  "Name\tTracks\tStart\tEnd\tDuration\tTape\tSource File\tCamera\tCamera_Model\t"
  "Camera_Serial\tProject_FPS\tSensor_FPS\tImage_Size\tCodec\tScene\tTake\tDate\t"
  "ISO\tWhite Balance\tLens\tCircled\tComments\tDay_Night\r\n"
  "\r\n"
  "Data\r\n"
  "A001C001_261121_R1AB\tVA1A2\t10:21:14:00\t10:21:17:00\t00:00:03:00\tA001R1AB\tA001C001_261121_R1AB.mov\tA\tAMIRA\t1667\t"
  "25\t25.000\t960x540\tApple ProRes 422\t12A\t1\t20261121\t800\t5600K\tZeiss CP.3 35mm\tyes\tnice\tDAY\r\n"
  "A001C004_OTHERNAME\tV\t11:02:20:00\t11:02:22:00\t00:00:02:00\tA001R1AB\tA001C004_261121_R1AB.mxf\tA\tAMIRA\t1667\t"
  "25\t50.000\t1280x720\tAvid DNxHR LB\t14\t1\t20261121\t1280\t3200\t\t\t\tNIGHT\r\n"
  "A001C999_261121_R1AB\tV\t12:00:00:00\t12:00:01:00\t00:00:01:00\tA001R1AB\tA001C999_261121_R1AB.mov\tA\tAMIRA\t1667\t"
  "25\t25.000\t960x540\tX\t1\t1\t20261121\t800\t5600\t\t\t\t\r\n";

static void
test_ale (void)
{
  const char * const files[] = { "A001R1AB.ale", arri_ale, NULL };
  g_autofree char *root = make_roll ("ale", files);
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  IngestClip *one = ingest_clip_new ("A001C001_261121_R1AB", INGEST_CLIP_KIND_VIDEO, "A001R1AB", "ale");
  IngestClip *four = ingest_clip_new ("A001C004_261121_R1AB", INGEST_CLIP_KIND_VIDEO, "A001R1AB", "ale");

  ingest_clip_add_file (one, "A001C001_261121_R1AB.mov", 0);
  ingest_clip_add_file (four, "A001C004_261121_R1AB.mxf", 0);
  /* The camera's own file said this first: the ALE only fills gaps. */
  ingest_clip_offer_field (four, INGEST_CLIP_FIELD_SCENE, "14B");
  g_ptr_array_add (clips, one);
  g_ptr_array_add (clips, four);
  g_ptr_array_add (others, (gpointer) "A001R1AB.ale");

  g_assert_true (ingest_metadata_extract_roll (clips, root, others, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_TC_START), ==, "10:21:14:00");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_REEL), ==, "A001R1AB");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_CAMERA_INDEX), ==, "A");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_CAMERA_MODEL), ==, "AMIRA");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_CAMERA_SERIAL), ==, "1667");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_FPS), ==, "25");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_CAPTURE_FPS), ==, "25");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_SCENE), ==, "12A");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_TAKE), ==, "1");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_ISO), ==, "800");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_WHITE_BALANCE_K), ==, "5600");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_LENS), ==, "Zeiss CP.3 35mm");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_CIRCLED), ==, "true");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_NOTES), ==, "nice");
  g_assert_cmpstr (ingest_clip_get_attribute (one, "ale.Day_Night"), ==, "DAY");
  g_assert_cmpstr (ingest_clip_get_attribute (one, "ale.Image_Size"), ==, "960x540");

  /* Matched by Source File, its Name being another. */
  g_assert_cmpstr (ingest_clip_get_field (four, INGEST_CLIP_FIELD_TC_START), ==, "11:02:20:00");
  g_assert_cmpstr (ingest_clip_get_field (four, INGEST_CLIP_FIELD_CAPTURE_FPS), ==, "50");
  g_assert_cmpstr (ingest_clip_get_field (four, INGEST_CLIP_FIELD_SCENE), ==, "14B");
  g_assert_cmpstr (ingest_clip_get_field (four, INGEST_CLIP_FIELD_WHITE_BALANCE_K), ==, "3200");
  g_assert_null (ingest_clip_get_field (four, INGEST_CLIP_FIELD_LENS));
  g_assert_cmpstr (ingest_clip_get_attribute (four, "ale.Day_Night"), ==, "NIGHT");
}

/* An NTSC ALE: drop-frame starts; a Latin-1 byte replaced, not guessed. */
static void
test_ale_ntsc (void)
{
  static const char ale[] =
    "Heading\nFIELD_DELIM\tTABS\nFPS\t29.97\n\nColumn\nName\tStart\tComments\n\nData\n"
    "C0001\t01:00:00;02\tCaf\xe9\n";
  g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
  g_autoptr(GError) error = NULL;

  g_assert_true (read_bytes ("ale", "day.ale", ale, strlen (ale), clip, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "01:00:00;02");
  g_assert_true (g_utf8_validate (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_NOTES), -1, NULL));
}

static void
test_ale_hostile (void)
{
  static const char with_nul[] = "Column\nName\n\0Data\n";
  const char *bad[] = { "", "Heading\nFPS\t25\n", "Data\nx\ty\n", with_nul };
  g_autoptr(GString) wide = g_string_new ("Column\n");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
      g_autoptr(GError) error = NULL;
      gsize len = i == 3 ? sizeof with_nul - 1 : strlen (bad[i]);

      g_assert_false (read_bytes ("ale", "x.ale", bad[i], len, clip, &error));
      g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
    }
  /* 100000 columns, a row that names the clip: bounded, no crash. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (wide, "Name\t");
  g_string_append (wide, "\nData\nx\n");
  {
    g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_true (read_bytes ("ale", "x.ale", wide->str, wide->len, clip, &error));
  }
}

/* ASC CDL */

static const char cc_file[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<ColorCorrection id=\"A001C001\">\n"
  "  <SOPNode>\n"
  "    <Description>warm</Description>\n"
  "    <Slope>1.1 1.0 0.9</Slope>\n"
  "    <Offset>0.01 0 -0.02</Offset>\n"
  "    <Power>1 1 1.05</Power>\n"
  "  </SOPNode>\n"
  "  <SatNode><Saturation>0.9</Saturation></SatNode>\n"
  "</ColorCorrection>\n";

static const char cdl_file[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<ColorDecisionList xmlns=\"urn:ASC:CDL:v1.01\">\n"
  "  <ColorDecision>\n"
  "    <ColorCorrection id=\"look_1\">\n"
  "      <SOPNode><Slope>0.95 0.95 0.95</Slope><Offset>0 0 0</Offset><Power>1.2 1.2 1.2</Power></SOPNode>\n"
  "      <SATNode><Saturation>1.1</Saturation></SATNode>\n"
  "    </ColorCorrection>\n"
  "  </ColorDecision>\n"
  "</ColorDecisionList>\n";

static const char ccc_file[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<ColorCorrectionCollection xmlns=\"urn:ASC:CDL:v1.01\">\n"
  "  <ColorCorrection id=\"B001C002\">\n"
  "    <SOPNode><Slope>2 2 2</Slope><Offset>0.1 0.1 0.1</Offset><Power>0.5 0.5 0.5</Power></SOPNode>\n"
  "  </ColorCorrection>\n"
  "  <ColorCorrection id=\"B001C003\">\n"
  "    <SatNode><Saturation>0</Saturation></SatNode>\n"
  "  </ColorCorrection>\n"
  "  <ColorCorrection id=\"B001C009\">\n"
  "    <SatNode><Saturation>1</Saturation></SatNode>\n"
  "  </ColorCorrection>\n"
  "  <ColorCorrection id=\"B001C004\">\n"
  "    <SOPNode><Slope>1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode>\n"
  "  </ColorCorrection>\n"
  "</ColorCorrectionCollection>\n";

static void
test_cdl (void)
{
  const char * const files[] = { "A001C001.cc", cc_file, "A001C002.cdl", cdl_file, "day.ccc", ccc_file, NULL };
  g_autofree char *root = make_roll ("cdl", files);
  g_autoptr(IngestClip) cc = extract_one (root, "A001C001", "A001C001.cc");
  g_autoptr(IngestClip) cdl = extract_one (root, "A001C002", "A001C002.cdl");
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  IngestClip *b2 = ingest_clip_new ("B001C002", INGEST_CLIP_KIND_VIDEO, "B001", "cdl");
  IngestClip *b3 = ingest_clip_new ("B001C003", INGEST_CLIP_KIND_VIDEO, "B001", "cdl");
  IngestClip *b4 = ingest_clip_new ("B001C004", INGEST_CLIP_KIND_VIDEO, "B001", "cdl");

  /* Numbers as written, in the field's one form. */
  g_assert_cmpstr (ingest_clip_get_field (cc, INGEST_CLIP_FIELD_CDL), ==,
                   "slope 1.1 1 0.9; offset 0.01 0 -0.02; power 1 1 1.05; sat 0.9");
  g_assert_cmpstr (ingest_clip_get_attribute (cc, "cdl.id"), ==, "A001C001");
  g_assert_cmpstr (ingest_clip_get_field (cdl, INGEST_CLIP_FIELD_CDL), ==,
                   "slope 0.95 0.95 0.95; offset 0 0 0; power 1.2 1.2 1.2; sat 1.1");
  g_assert_cmpstr (ingest_clip_get_attribute (cdl, "cdl.id"), ==, "look_1");

  g_ptr_array_add (clips, b2);
  g_ptr_array_add (clips, b3);
  g_ptr_array_add (clips, b4);
  g_ptr_array_add (others, (gpointer) "day.ccc");
  g_assert_true (ingest_metadata_extract_roll (clips, root, others, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_clip_get_field (b2, INGEST_CLIP_FIELD_CDL), ==,
                   "slope 2 2 2; offset 0.1 0.1 0.1; power 0.5 0.5 0.5");
  g_assert_cmpstr (ingest_clip_get_field (b3, INGEST_CLIP_FIELD_CDL), ==, "sat 0");
  /* Two numbers for three: refused, said. */
  g_assert_null (ingest_clip_get_field (b4, INGEST_CLIP_FIELD_CDL));
  g_assert_cmpuint (ingest_clip_get_n_problems (b4), ==, 1);
}

static void
test_cdl_hostile (void)
{
  static const char xxe[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE ColorCorrection [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<ColorCorrection id=\"&x;\"><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power>"
    "<Description>&x;</Description></SOPNode></ColorCorrection>\n";
  static const char nan[] =
    "<ColorCorrection><SOPNode><Slope>nan 1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode></ColorCorrection>";
  static const char other[] = "<Look/>";
  g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_VIDEO, "R", "R");
  g_autoptr(GError) error = NULL;

  g_assert_false (read_bytes ("cdl", "x.cc", xxe, strlen (xxe), clip, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (ingest_clip_get_attribute (clip, "cdl.id"));

  g_assert_true (read_bytes ("cdl", "x.cc", nan, strlen (nan), clip, &error));
  g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CDL));
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 1);

  g_assert_false (read_bytes ("cdl", "x.cc", other, strlen (other), clip, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED);
}

/* Thumbnails beside a clip: the JPEG's bytes, as they are on the card; the
 * media file itself, a file that is not a JPEG and an oversized one are not. */
static void
test_thumbnail (void)
{
  static const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00 rest of a tiny picture \xff\xd9";
  g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "B001", "B001");
  g_autoptr(IngestClip) still = ingest_clip_new ("IMG_0001", INGEST_CLIP_KIND_STILL, "D001", "D001");
  g_autoptr(IngestClip) other = ingest_clip_new ("C0002", INGEST_CLIP_KIND_VIDEO, "B001", "B001");
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc0 (300 * 1024);

  ingest_clip_add_file (clip, "Clip/C0001.MXF", 0);
  g_assert_true (read_bytes ("thumbnail", "Thmbnl/C0001T01.JPG", jpeg, sizeof jpeg - 1, clip, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ingest_clip_get_thumbnail (clip));
  g_assert_cmpmem (g_bytes_get_data (ingest_clip_get_thumbnail (clip), NULL),
                   g_bytes_get_size (ingest_clip_get_thumbnail (clip)), jpeg, sizeof jpeg - 1);

  /* A JPEG still is the picture itself. */
  ingest_clip_add_file (still, "DCIM/IMG_0001.JPG", 0);
  g_assert_true (read_bytes ("thumbnail", "DCIM/IMG_0001.JPG", jpeg, sizeof jpeg - 1, still, &error));
  g_assert_null (ingest_clip_get_thumbnail (still));

  ingest_clip_add_file (other, "Clip/C0002.MXF", 0);
  g_assert_false (read_bytes ("thumbnail", "Thmbnl/C0002T01.JPG", "<html>", 6, other, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
  g_clear_error (&error);
  memcpy (big, jpeg, 3);
  g_assert_true (read_bytes ("thumbnail", "Thmbnl/C0002T01.JPG", big, 300 * 1024, other, &error));
  g_assert_null (ingest_clip_get_thumbnail (other));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  scratch_dir = ingest_test_make_tmpdir ("test-metadata-sidecars");

  g_test_add_func ("/metadata/braw-sidecar", test_braw);
  g_test_add_func ("/metadata/braw-sidecar/hostile", test_braw_hostile);
  g_test_add_func ("/metadata/r3d", test_r3d);
  g_test_add_func ("/metadata/r3d/version1", test_r3d_version1);
  g_test_add_func ("/metadata/r3d/hostile", test_r3d_hostile);
  g_test_add_func ("/metadata/ale", test_ale);
  g_test_add_func ("/metadata/ale/ntsc", test_ale_ntsc);
  g_test_add_func ("/metadata/ale/hostile", test_ale_hostile);
  g_test_add_func ("/metadata/cdl", test_cdl);
  g_test_add_func ("/metadata/cdl/hostile", test_cdl_hostile);
  g_test_add_func ("/metadata/thumbnail", test_thumbnail);

  status = g_test_run ();
  ingest_test_rm_rf (scratch_dir);
  g_free (scratch_dir);
  return status;
}
