/* test-clip.c
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

#define G_LOG_DOMAIN "test-clip"

#include "config.h"

#include <string.h>

#include "ingest.h"

/* The field table: keys unique and findable, every group labelled. */
static void
test_fields_table (void)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    {
      const char *key = ingest_clip_field_get_key (f);
      IngestClipField found;

      g_assert_nonnull (key);
      g_assert_false (g_hash_table_contains (keys, key));
      g_hash_table_add (keys, (gpointer) key);
      g_assert_true (ingest_clip_field_from_key (key, &found));
      g_assert_cmpint (found, ==, f);
      g_assert_nonnull (ingest_clip_field_get_label (f));
      g_assert_nonnull (ingest_clip_group_get_label (ingest_clip_field_get_group (f)));
    }
  g_assert_false (ingest_clip_field_from_key ("no_such_field", NULL));
  /* The JSON names the issue fixes. */
  for (const char * const *k = (const char * const[]) { "container", "codec", "width", "height", "fps",
         "frames", "duration_s", "tc_start", "tc_end", "reel", "camera_make", "camera_model",
         "camera_serial", "lens", "focal_length_mm", "iso", "white_balance_k", "tint", "shutter",
         "aperture", "scene", "take", "circled", "notes", "audio_channels", "audio_sample_rate",
         "audio_bits", "created", NULL }; *k != NULL; k++)
    g_assert_true (ingest_clip_field_from_key (*k, NULL));
}

static void
test_fields_check (void)
{
  static const struct { IngestClipField field; const char *value; gboolean ok; } cases[] = {
    { INGEST_CLIP_FIELD_WIDTH, "1920", TRUE },
    { INGEST_CLIP_FIELD_WIDTH, "-3", TRUE },
    { INGEST_CLIP_FIELD_WIDTH, "19x", FALSE },
    { INGEST_CLIP_FIELD_WIDTH, "", FALSE },
    { INGEST_CLIP_FIELD_WIDTH, " 12", FALSE },
    { INGEST_CLIP_FIELD_WIDTH, "99999999999999999999999", FALSE },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "35", TRUE },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "24.5", TRUE },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "nan", FALSE },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "inf", FALSE },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "0x10", FALSE },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "3.", FALSE },
    { INGEST_CLIP_FIELD_FPS, "25", TRUE },
    { INGEST_CLIP_FIELD_FPS, "24000/1001", TRUE },
    { INGEST_CLIP_FIELD_FPS, "48000/2002", FALSE },   /* not in lowest terms */
    { INGEST_CLIP_FIELD_FPS, "25/1", FALSE },          /* written "25" */
    { INGEST_CLIP_FIELD_FPS, "0", FALSE },
    { INGEST_CLIP_FIELD_FPS, "23.976", FALSE },        /* exact rationals only */
    { INGEST_CLIP_FIELD_TC_START, "10:21:14:00", TRUE },
    { INGEST_CLIP_FIELD_TC_START, "00:01:00;02", TRUE },
    { INGEST_CLIP_FIELD_TC_START, "24:00:00:00", FALSE },
    { INGEST_CLIP_FIELD_TC_START, "10:61:14:00", FALSE },
    { INGEST_CLIP_FIELD_TC_START, "10:21:14", FALSE },
    { INGEST_CLIP_FIELD_CIRCLED, "true", TRUE },
    { INGEST_CLIP_FIELD_CIRCLED, "yes", FALSE },
    { INGEST_CLIP_FIELD_CREATED, "2026-11-21T10:21:14+01:00", TRUE },
    { INGEST_CLIP_FIELD_CREATED, "2026-11-21T10:21:14Z", TRUE },
    { INGEST_CLIP_FIELD_CREATED, "2026-11-21", TRUE },
    { INGEST_CLIP_FIELD_CREATED, "2026-13-21T10:21:14Z", FALSE },
    { INGEST_CLIP_FIELD_CREATED, "yesterday", FALSE },
    { INGEST_CLIP_FIELD_SCENE, "12A", TRUE },
    { INGEST_CLIP_FIELD_SCENE, "a\001b", FALSE },
    { INGEST_CLIP_FIELD_SCENE, "\xff\xfe", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].value, NULL);

      g_test_message ("%s = “%s”", ingest_clip_field_get_key (cases[i].field), shown);
      g_assert_cmpint (ingest_clip_field_check (cases[i].field, cases[i].value), ==, cases[i].ok);
    }
}

/* Offer keeps the first (most trusted) value; a bad value is a problem, not a field. */
static void
test_offer (void)
{
  g_autoptr(IngestClip) clip = ingest_clip_new ("A001C001", INGEST_CLIP_KIND_VIDEO, "A001R1AB", "A001R1AB");

  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_ISO, "800"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_ISO, "1600"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ISO), ==, "800");
  g_assert_true (ingest_clip_set_field (clip, INGEST_CLIP_FIELD_ISO, "1600"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ISO), ==, "1600");
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);

  g_assert_false (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_WIDTH, "wide"));
  g_assert_false (ingest_clip_has_field (clip, INGEST_CLIP_FIELD_WIDTH));
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 1);
  g_assert_nonnull (strstr (ingest_clip_get_problem (clip, 0), "width"));

  /* Fixed-width text: stops at the NUL, trims padding, skips empty. */
  g_assert_true (ingest_clip_offer_text (clip, INGEST_CLIP_FIELD_ORIGINATOR, "Sound Devices\0\0\0junk", 20));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ORIGINATOR), ==, "Sound Devices");
  g_assert_true (ingest_clip_offer_text (clip, INGEST_CLIP_FIELD_NOTES, "   ", -1));
  g_assert_false (ingest_clip_has_field (clip, INGEST_CLIP_FIELD_NOTES));

  g_assert_true (ingest_clip_offer_number (clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, 35.0));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM), ==, "35");
  g_assert_true (ingest_clip_offer_number (clip, INGEST_CLIP_FIELD_TINT, -2.5));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TINT), ==, "-2.5");
  g_assert_true (ingest_clip_offer_rate (clip, INGEST_CLIP_FIELD_FPS, 48000, 2002));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, "24000/1001");
}

/* End TC and duration from start, rate and frames: the last frame is inclusive,
 * and a take that runs through midnight wraps. */
static void
test_complete_timing (void)
{
  static const struct { const char *fps, *start; gint64 frames; const char *end, *duration; } cases[] = {
    { "25", "10:21:14:00", 75, "10:21:16:24", "3" },
    { "25", "23:59:59:00", 50, "00:00:00:24", "2" },
    /* 29.97 DF: 00:00:59;29 + 1 is 00:01:00;02 (labels ;00 and ;01 dropped) */
    { "30000/1001", "00:00:59;28", 3, "00:01:00;02", "0.1" },
    /* 59.94 DF, ten-minute boundary keeps its labels */
    { "60000/1001", "00:09:59;58", 3, "00:10:00;00", "0.05" },
    { "24000/1001", "01:00:00:00", 24, "01:00:00:23", "1.001" },
    { "50", "23:59:59:49", 2, "00:00:00:00", "0.04" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IngestClip) clip = ingest_clip_new ("C", INGEST_CLIP_KIND_VIDEO, NULL, NULL);

      g_test_message ("%s %s + %" G_GINT64_FORMAT, cases[i].fps, cases[i].start, cases[i].frames);
      g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_FPS, cases[i].fps));
      g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TC_START, cases[i].start));
      g_assert_true (ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_FRAMES, cases[i].frames));
      ingest_clip_complete_timing (clip);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_END), ==, cases[i].end);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S), ==, cases[i].duration);
    }
}

/* JSON: typed values, unknown fields absent (never a made-up value). */
static void
test_json (void)
{
  g_autoptr(IngestClip) clip = ingest_clip_new ("E001C001", INGEST_CLIP_KIND_SEQUENCE, "E001", "E001");
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *missing;

  ingest_clip_set_drive_label (clip, "SHUTTLE_D01");
  ingest_clip_add_file (clip, "E001C001/E001C001.0086400.exr", 1000);
  ingest_clip_add_file (clip, "E001C001/E001C001.0086402.exr", 1000);
  ingest_clip_set_frame_range (clip, 86400, 86402);
  ingest_clip_add_missing_frames (clip, 86401, 86401);
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_WIDTH, "4096");
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_FPS, "24000/1001");
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CIRCLED, "true");
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "35.5");
  ingest_clip_set_verification (clip, INGEST_VALIDATION_STATUS_VERIFIED);
  ingest_clip_add_location (clip, "s3://dailies/NIGHTJAR/E001/E001C001.0086400.exr");
  ingest_clip_add_location (clip, "s3://dailies/NIGHTJAR/E001/E001C001.0086400.exr");

  node = ingest_clip_to_json (clip);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "clip"), ==, "E001C001");
  g_assert_cmpstr (json_object_get_string_member (object, "drive"), ==, "SHUTTLE_D01");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "sequence");
  g_assert_cmpint (json_object_get_int_member (object, "width"), ==, 4096);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "width")), ==, G_TYPE_INT64);
  g_assert_cmpstr (json_object_get_string_member (object, "fps"), ==, "24000/1001");
  g_assert_true (json_object_get_boolean_member (object, "circled"));
  g_assert_cmpfloat (json_object_get_double_member (object, "focal_length_mm"), ==, 35.5);
  g_assert_false (json_object_has_member (object, "iso"));
  g_assert_false (json_object_has_member (object, "tc_start"));
  g_assert_cmpint (json_object_get_int_member (object, "frame_first"), ==, 86400);
  missing = json_object_get_array_member (object, "frames_missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (missing, 0), 0), ==, 86401);
  g_assert_cmpstr (json_object_get_string_member (object, "verification"), ==, "verified");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "locations")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "files")), ==, 2);
}

/* The byte source: exact reads, bounds and budget checked before anything is read. */
static void
test_byte_source (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("0123456789", 10);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "ten.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) part = NULL;
  char buffer[4];

  g_assert_true (ingest_byte_source_read (source, 6, buffer, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, 4, "6789", 4);
  g_assert_false (ingest_byte_source_read (source, 7, buffer, 4, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "ten.bin"));
  g_clear_error (&error);
  /* A huge length from a hostile header: refused, nothing allocated. */
  part = ingest_byte_source_read_bytes (source, 2, G_MAXSIZE - 1, &error);
  g_assert_null (part);
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED);
  g_clear_error (&error);
  g_assert_false (ingest_byte_source_read (source, G_MAXUINT64, buffer, 1, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED);
  g_clear_error (&error);

  g_assert_cmpuint (ingest_byte_source_get_bytes_read (source), ==, 4);
  ingest_byte_source_set_budget (source, 6);
  g_assert_true (ingest_byte_source_read (source, 0, buffer, 2, &error));
  g_assert_false (ingest_byte_source_read (source, 0, buffer, 1, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TOO_LARGE);
}

static void
test_frame_rate_parse (void)
{
  static const struct { const char *text; guint num, den; gboolean ok; } cases[] = {
    { "25", 25, 1, TRUE }, { "24000/1001", 24000, 1001, TRUE }, { "23.976", 24000, 1001, TRUE },
    { "29.97", 30000, 1001, TRUE }, { "59.94", 60000, 1001, TRUE }, { "12.5", 25, 2, TRUE },
    { "50/2", 25, 1, TRUE }, { "", 0, 0, FALSE }, { "0", 0, 0, FALSE }, { "25/0", 0, 0, FALSE },
    { "x", 0, 0, FALSE }, { "25fps", 0, 0, FALSE }, { "-25", 0, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint num = 0, den = 0;

      g_assert_cmpint (ingest_frame_rate_parse (cases[i].text, &num, &den), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpuint (num, ==, cases[i].num);
          g_assert_cmpuint (den, ==, cases[i].den);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clip/fields/table", test_fields_table);
  g_test_add_func ("/clip/fields/check", test_fields_check);
  g_test_add_func ("/clip/offer", test_offer);
  g_test_add_func ("/clip/complete-timing", test_complete_timing);
  g_test_add_func ("/clip/json", test_json);
  g_test_add_func ("/clip/byte-source", test_byte_source);
  g_test_add_func ("/clip/frame-rate-parse", test_frame_rate_parse);

  return g_test_run ();
}
