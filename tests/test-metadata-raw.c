/* test-metadata-raw.c
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

#define G_LOG_DOMAIN "test-metadata-raw"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-test-util.h"

/* Raw stills through LibRaw and the CinemaDNG tags through our own IFD walker,
 * checked against exiftool. The DNGs come from the demo drive's writer
 * (Debian ships no independent DNG maker: dcraw/LibRaw read only). */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("test-metadata-raw-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* A 160×120 JPEG from ffmpeg's test source: the preview to embed. */
static GBytes *
make_jpeg (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "preview.jpg", NULL);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=1",
                         "-frames:v", "1", "-f", "mjpeg", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;
  GBytes *bytes;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  bytes = ingest_test_read_bytes (path);
  g_unlink (path);
  return bytes;
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  ingest_test_write_file (path, data, len);
}

/* exiftool's view of PATH (-n: numbers as numbers), as one JSON object. */
static JsonObject *
exiftool (const char *path,
          gboolean    numeric)
{
  const char *argv[] = { "exiftool", "-json", numeric ? "-n" : "-S", path, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  JsonArray *array;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  return json_object_ref (json_array_get_object_element (array, 0));
}

static IngestClip *
extract (const char     *dir,
         const char     *file,
         IngestClipKind  kind)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  IngestClip *clip = ingest_clip_new (file, kind, "D001", "D001");
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  ingest_clip_add_file (clip, file, st.st_size);
  g_assert_true (ingest_metadata_extract_clip (clip, dir, NULL, &error));
  g_assert_no_error (error);
  return clip;
}

static void
assert_field_int (IngestClip      *clip,
                  IngestClipField  field,
                  gint64           expected)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, expected);

  g_assert_cmpstr (ingest_clip_get_field (clip, field), ==, text);
}

static void
set32 (guint8  *data,
       gsize    offset,
       guint32  value)
{
  data[offset] = value & 0xff;
  data[offset + 1] = (value >> 8) & 0xff;
  data[offset + 2] = (value >> 16) & 0xff;
  data[offset + 3] = value >> 24;
}

static guint16
get16 (const guint8 *data,
       gsize         offset)
{
  return data[offset] | data[offset + 1] << 8;
}

static const IngestDemoDng still = {
  .width = 64, .height = 48, .pattern = 3,
  .make = "Nightjar Optics", .model = "NJ-1 Still", .serial = "NJ1-004217",
  .lens_model = "Nightjar 35mm F2.8 Prime", .lens_serial = "L-88031",
  .software = "Ingest Station demo",
  .date_time_original = "2026:11:21 10:21:14",
  .iso = 800, .exposure_num = 1, .exposure_den = 50,
  .f_number_num = 28, .f_number_den = 10, .focal_num = 35, .focal_den = 1,
  .as_shot_neutral = { 0.5, 1.0, 0.625 },
};

/* Field by field against exiftool -json -n. */
static void
test_dng_fields (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = make_jpeg (fixture->dir);
  IngestDemoDng spec = still;
  g_autoptr(GBytes) dng = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "S001.DNG", NULL);
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(JsonObject) exif = NULL;
  g_autofree char *created = NULL;
  g_autofree char *aperture = NULL;
  g_autofree char *shutter = NULL;
  GBytes *thumbnail;
  double number;

  spec.preview_jpeg = jpeg;
  dng = ingest_demo_dng_new (&spec);
  write_bytes (path, dng);
  clip = extract (fixture->dir, "S001.DNG", INGEST_CLIP_KIND_STILL);
  exif = exiftool (path, TRUE);

  for (guint i = 0; i < ingest_clip_get_n_problems (clip); i++)
    g_test_message ("problem: %s", ingest_clip_get_problem (clip, i));
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);

  g_assert_cmpstr (json_object_get_string_member (exif, "FileType"), ==, "DNG");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE), ==,
                   json_object_get_string_member (exif, "Make"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL), ==,
                   json_object_get_string_member (exif, "Model"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_SERIAL), ==,
                   json_object_get_string_member (exif, "SerialNumber"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_LENS), ==,
                   json_object_get_string_member (exif, "LensModel"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_LENS_SERIAL), ==,
                   json_object_get_string_member (exif, "LensSerialNumber"));
  assert_field_int (clip, INGEST_CLIP_FIELD_ISO, json_object_get_int_member (exif, "ISO"));
  assert_field_int (clip, INGEST_CLIP_FIELD_WIDTH, json_object_get_int_member (exif, "ImageWidth"));
  assert_field_int (clip, INGEST_CLIP_FIELD_HEIGHT, json_object_get_int_member (exif, "ImageHeight"));

  /* ExposureTime 0.02 s is shown as 1/50 s. */
  number = json_object_get_double_member (exif, "ExposureTime");
  shutter = g_strdup_printf ("1/%.0f", 1 / number);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SHUTTER), ==, shutter);
  number = json_object_get_double_member (exif, "FNumber");
  aperture = g_strdup_printf ("f/%.1f", number);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_APERTURE), ==, aperture);
  number = json_object_get_double_member (exif, "FocalLength");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM), NULL),
                                  number, 0.01);
  /* "2026:11:21 10:21:14" → ISO 8601, zone-less as the camera wrote it. */
  created = g_strdup (json_object_get_string_member (exif, "DateTimeOriginal"));
  created[4] = created[7] = '-';
  created[10] = 'T';
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CREATED), ==, created);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CONTAINER), ==, "DNG");

  /* White balance: the multipliers are 1/AsShotNeutral, normalised to green
   * (0.5, 1, 0.625 → 2, 1, 1.6); a DNG has no temperature table, so no K. */
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "libraw.as_shot_multipliers"), ==, "2.0000 1.0000 1.6000 0.0000");
  g_assert_false (ingest_clip_has_field (clip, INGEST_CLIP_FIELD_WHITE_BALANCE_K));

  /* The thumbnail is exiftool's ThumbnailImage, byte for byte. */
  thumbnail = ingest_clip_get_thumbnail (clip);
  g_assert_nonnull (thumbnail);
  g_assert_true (g_bytes_equal (thumbnail, jpeg));
  {
    const char *argv[] = { "exiftool", "-b", "-ThumbnailImage", path, NULL };
    int status = -1;
    g_autofree char *out = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_cmpuint (strlen (out), <=, g_bytes_get_size (jpeg));
    g_assert_cmpmem (out, 4, g_bytes_get_data (jpeg, NULL), 4);
  }

  /* A small still is read whole, once per reader (CinemaDNG walker + LibRaw). */
  g_test_message ("bytes read for a %" G_GSIZE_FORMAT "-byte DNG: %" G_GUINT64_FORMAT,
                  g_bytes_get_size (dng), ingest_clip_get_bytes_read (clip));
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), >=, g_bytes_get_size (dng));
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <, 2 * g_bytes_get_size (dng));
}

/* A full-size frame (4096×2160, 17 MB): LibRaw parses it from the first
 * budget's worth (4 MiB) read through the byte source; the walker reads only
 * its IFDs. */
static void
test_large_dng (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = make_jpeg (fixture->dir);
  IngestDemoDng spec = still;
  g_autoptr(GBytes) dng = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "BIG.DNG", NULL);
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(JsonObject) exif = NULL;

  spec.width = 4096;
  spec.height = 2160;
  spec.preview_jpeg = jpeg;
  dng = ingest_demo_dng_new (&spec);
  write_bytes (path, dng);
  clip = extract (fixture->dir, "BIG.DNG", INGEST_CLIP_KIND_STILL);
  exif = exiftool (path, TRUE);

  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  assert_field_int (clip, INGEST_CLIP_FIELD_WIDTH, json_object_get_int_member (exif, "ImageWidth"));
  assert_field_int (clip, INGEST_CLIP_FIELD_HEIGHT, json_object_get_int_member (exif, "ImageHeight"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_SERIAL), ==,
                   json_object_get_string_member (exif, "SerialNumber"));
  g_assert_true (g_bytes_equal (ingest_clip_get_thumbnail (clip), jpeg));
  g_test_message ("bytes read for a %" G_GSIZE_FORMAT "-byte DNG: %" G_GUINT64_FORMAT,
                  g_bytes_get_size (dng), ingest_clip_get_bytes_read (clip));
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, INGEST_BYTE_SOURCE_DEFAULT_BUDGET + 4096);
}

/* A 1.4 MB preview ends past the first MiB: the read grows to the budget
 * for it. Then a DNG whose IFD0 lies past the budget (moved to the end of a
 * 17 MB file): LibRaw must open the file itself, and its reads are counted. */
static void
test_far_structures (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *jpeg_path = g_build_filename (fixture->dir, "big.jpg", NULL);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                         "-i", "nullsrc=s=1600x1200,geq=lum='random(1)*255':cb=128:cr=128",
                         "-frames:v", "1", "-q:v", "2", "-f", "mjpeg", jpeg_path, NULL };
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) dng = NULL;
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(IngestClip) moved_clip = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "PREVIEW.DNG", NULL);
  g_autofree char *moved_path = g_build_filename (fixture->dir, "MOVED.DNG", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GByteArray) moved = NULL;
  IngestDemoDng spec = still;
  guint32 ifd0_end, at;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  jpeg = ingest_test_read_bytes (jpeg_path);
  g_assert_cmpuint (g_bytes_get_size (jpeg), >, 1024 * 1024 + 4096);
  g_assert_cmpuint (g_bytes_get_size (jpeg), <, 2 * 1024 * 1024);

  spec.width = 4096;
  spec.height = 2160;
  spec.preview_jpeg = jpeg;
  dng = ingest_demo_dng_new (&spec);
  write_bytes (path, dng);
  clip = extract (fixture->dir, "PREVIEW.DNG", INGEST_CLIP_KIND_STILL);
  g_assert_nonnull (ingest_clip_get_thumbnail (clip));
  g_assert_true (g_bytes_equal (ingest_clip_get_thumbnail (clip), jpeg));
  g_test_message ("bytes read with a 1.4 MB preview: %" G_GUINT64_FORMAT, ingest_clip_get_bytes_read (clip));
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, INGEST_BYTE_SOURCE_DEFAULT_BUDGET + 4096);

  /* IFD0 (at 8, up to the Exif IFD it points to) copied to the end; its values
   * stay where they were, so only the header's pointer changes. */
  spec.preview_jpeg = NULL;
  g_clear_pointer (&dng, g_bytes_unref);
  dng = ingest_demo_dng_new (&spec);
  moved = g_byte_array_new ();
  g_byte_array_append (moved, g_bytes_get_data (dng, NULL), g_bytes_get_size (dng));
  ifd0_end = 8 + 2 + 12 * get16 (moved->data, 8) + 4;
  at = moved->len + moved->len % 2;
  g_byte_array_set_size (moved, at);
  g_byte_array_append (moved, moved->data + 8, ifd0_end - 8);
  set32 (moved->data, 4, at);
  ingest_test_write_file (moved_path, moved->data, moved->len);
  moved_clip = extract (fixture->dir, "MOVED.DNG", INGEST_CLIP_KIND_STILL);
  g_assert_cmpuint (ingest_clip_get_n_problems (moved_clip), ==, 0);
  g_assert_cmpstr (ingest_clip_get_field (moved_clip, INGEST_CLIP_FIELD_CAMERA_SERIAL), ==, "NJ1-004217");
  g_assert_cmpstr (ingest_clip_get_field (moved_clip, INGEST_CLIP_FIELD_ISO), ==, "800");
  g_test_message ("bytes read for a %u-byte DNG LibRaw opened itself: %" G_GUINT64_FORMAT,
                  moved->len, ingest_clip_get_bytes_read (moved_clip));
  /* The budget's worth, then LibRaw's own reads (at least IFD0 at the end). */
  g_assert_cmpuint (ingest_clip_get_bytes_read (moved_clip), >, INGEST_BYTE_SOURCE_DEFAULT_BUDGET + 2 + 12);
}

/* CinemaDNG TimeCodes (ST 12 BCD, frames byte first) and FrameRate. */
typedef struct
{
  gint         rate_num;
  gint         rate_den;
  guint8       bcd[4];
  const char  *exiftool_time_codes;  /* what exiftool prints ("." before the frames) */
  const char  *fps;
  const char  *tc;
} CdngCase;

static const CdngCase cdng_cases[] = {
  /* 10:21:14:23 at 23.976 */
  { 24000, 1001, { 0x23, 0x14, 0x21, 0x10 }, "10:21:14.23", "24000/1001", "10:21:14:23" },
  /* 10:21:14:00 at 25, a writer's thousandths form 25000/1000 */
  { 25000, 1000, { 0x00, 0x14, 0x21, 0x10 }, "10:21:14.00", "25", "10:21:14:00" },
  /* 01:10:00;02 at 29.97 with the drop-frame flag (0x40 in the frames byte) */
  { 30000, 1001, { 0x42, 0x00, 0x10, 0x01 }, "01:10:00.02", "30000/1001", "01:10:00;02" },
  /* 29.97 written as 2997/100 */
  { 2997, 100, { 0x42, 0x00, 0x10, 0x01 }, "01:10:00.02", "30000/1001", "01:10:00;02" },
};

static void
test_cinema_dng (Fixture       *fixture,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (cdng_cases); i++)
    {
      const CdngCase *c = &cdng_cases[i];
      guint8 time_codes[8] = { c->bcd[0], c->bcd[1], c->bcd[2], c->bcd[3], 0, 0, 0, 0 };
      IngestDemoDng spec = still;
      g_autoptr(GBytes) dng = NULL;
      g_autofree char *name = g_strdup_printf ("C%03u.dng", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(IngestClip) clip = NULL;
      g_autoptr(JsonObject) exif = NULL;
      g_autofree char *exif_rate = NULL;
      guint num, den;

      spec.time_codes = time_codes;
      spec.frame_rate_num = c->rate_num;
      spec.frame_rate_den = c->rate_den;
      dng = ingest_demo_dng_new (&spec);
      write_bytes (path, dng);
      clip = extract (fixture->dir, name, INGEST_CLIP_KIND_STILL);
      exif = exiftool (path, FALSE);

      /* exiftool decodes the time address (without the flags) … */
      g_assert_cmpstr (json_object_get_string_member (exif, "TimeCodes"), ==, c->exiftool_time_codes);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, c->tc);
      /* … and the rate as a decimal, which we keep exact. */
      exif_rate = g_strdup_printf ("%g", json_object_get_double_member (exif, "FrameRate"));
      g_assert_true (ingest_frame_rate_parse (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), &num, &den));
      g_assert_cmpfloat_with_epsilon ((double) num / den, g_ascii_strtod (exif_rate, NULL), 0.001);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, c->fps);
    }
}

/* A big-endian ("MM") TIFF written by hand: the walker reads both byte
 * orders. IFD0 at 8 with two entries, TimeCodes (8 bytes) at 38 and
 * FrameRate (SRATIONAL 24000/1001) at 46; exiftool reads it too. */
static void
test_big_endian (Fixture       *fixture,
                 gconstpointer  data)
{
  static const guint8 tiff[] = {
    'M', 'M', 0, 42, 0, 0, 0, 8,
    0, 2,                                             /* two entries */
    0xc7, 0x63, 0, 1, 0, 0, 0, 8, 0, 0, 0, 38,        /* 51043 BYTE[8] at 38 */
    0xc7, 0x64, 0, 10, 0, 0, 0, 1, 0, 0, 0, 46,       /* 51044 SRATIONAL at 46 */
    0, 0, 0, 0,                                       /* no next IFD */
    0x12, 0x30, 0x45, 0x09, 0, 0, 0, 0,               /* 09:45:30:12 */
    0, 0, 0x5d, 0xc0, 0, 0, 0x03, 0xe9,               /* 24000/1001 */
  };
  g_autofree char *path = g_build_filename (fixture->dir, "BE.dng", NULL);
  IngestMetadataReader *walker = ingest_metadata_find_reader ("cinemadng");
  g_autoptr(GBytes) bytes = g_bytes_new_static (tiff, sizeof tiff);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "BE.dng");
  g_autoptr(IngestClip) clip = ingest_clip_new ("BE", INGEST_CLIP_KIND_STILL, "D001", "D001");
  g_autoptr(JsonObject) exif = NULL;
  g_autoptr(GError) error = NULL;

  G_STATIC_ASSERT (sizeof tiff == 54);
  ingest_test_write_file (path, tiff, sizeof tiff);
  exif = exiftool (path, FALSE);
  g_assert_cmpstr (json_object_get_string_member (exif, "TimeCodes"), ==, "09:45:30.12");
  g_assert_true (ingest_metadata_reader_read_clip_file (walker, clip, "BE.dng", source, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "09:45:30:12");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, "24000/1001");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (exif, "FrameRate"), 24000.0 / 1001, 0.001);
}

/* A CinemaDNG sequence: timing from its first frame, frames from the range. */
static void
test_cinema_dng_sequence (Fixture       *fixture,
                          gconstpointer  data)
{
  static const guint8 time_codes[8] = { 0x00, 0x14, 0x21, 0x10 };  /* 10:21:14:00 */
  g_autoptr(IngestClip) clip = ingest_clip_new ("A001C002", INGEST_CLIP_KIND_SEQUENCE, "D001", "D001");
  g_autoptr(GError) error = NULL;
  guint64 first_size = 0;

  for (guint frame = 100; frame < 110; frame++)
    {
      IngestDemoDng spec = still;
      g_autoptr(GBytes) dng = NULL;
      g_autofree char *name = g_strdup_printf ("A001C002_%07u.dng", frame);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      if (frame == 104)
        continue;   /* a dropped frame */
      spec.time_codes = time_codes;
      spec.frame_rate_num = 25;
      spec.frame_rate_den = 1;
      spec.pattern = frame;
      dng = ingest_demo_dng_new (&spec);
      write_bytes (path, dng);
      ingest_clip_add_file (clip, name, g_bytes_get_size (dng));
      if (first_size == 0)
        first_size = g_bytes_get_size (dng);
    }
  ingest_clip_set_frame_range (clip, 100, 109);
  ingest_clip_add_missing_frames (clip, 104, 104);

  g_assert_true (ingest_metadata_extract_clip (clip, fixture->dir, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "10:21:14:00");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, "25");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES), ==, "10");
  /* 10 frames from 10:21:14:00: the last is :09. */
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_END), ==, "10:21:14:09");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL), ==, "NJ-1 Still");
  /* Only the first frame was read (by the walker and by LibRaw). */
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, 2 * first_size);
}

/* Hostile TIFF structures: a clean error from the walker, no crash or hang,
 * and the extraction of the clip goes on with a problem noted. */

/* The offset of the entry of TAG in the IFD at IFD. */
static gsize
find_entry (const guint8 *data,
            gsize         ifd,
            guint16       tag)
{
  guint n = get16 (data, ifd);

  for (guint i = 0; i < n; i++)
    if (get16 (data, ifd + 2 + 12 * i) == tag)
      return ifd + 2 + 12 * i;
  g_assert_not_reached ();
}

typedef enum { HOSTILE_LOOP, HOSTILE_SELF_SUB_IFD, HOSTILE_COUNT, HOSTILE_OFFSET,
               HOSTILE_VALUE_OFFSET, HOSTILE_TRUNCATED, HOSTILE_NOT_TIFF } Hostile;

static const struct {
  Hostile     kind;
  const char *name;
  int         code;
} hostile_cases[] = {
  { HOSTILE_LOOP, "IFD1 points back to IFD0", INGEST_METADATA_ERROR_MALFORMED },
  { HOSTILE_SELF_SUB_IFD, "a SubIFD that is IFD0", INGEST_METADATA_ERROR_MALFORMED },
  { HOSTILE_COUNT, "65535 entries", INGEST_METADATA_ERROR_MALFORMED },
  { HOSTILE_OFFSET, "IFD0 past the end", INGEST_METADATA_ERROR_MALFORMED },
  { HOSTILE_VALUE_OFFSET, "TimeCodes value past the end", INGEST_METADATA_ERROR_TRUNCATED },
  { HOSTILE_TRUNCATED, "cut inside IFD0", INGEST_METADATA_ERROR_TRUNCATED },
  { HOSTILE_NOT_TIFF, "not a TIFF", INGEST_METADATA_ERROR_MALFORMED },
};

static void
test_hostile_dng (Fixture       *fixture,
                  gconstpointer  data)
{
  static const guint8 time_codes[8] = { 0x00, 0x14, 0x21, 0x10 };
  IngestMetadataReader *walker = ingest_metadata_find_reader ("cinemadng");
  IngestMetadataReader *libraw = ingest_metadata_find_reader ("libraw");
  g_autoptr(GBytes) jpeg = make_jpeg (fixture->dir);
  IngestDemoDng spec = still;
  g_autoptr(GBytes) good = NULL;

  spec.time_codes = time_codes;
  spec.frame_rate_num = 25;
  spec.frame_rate_den = 1;
  spec.preview_jpeg = jpeg;
  good = ingest_demo_dng_new (&spec);

  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      gsize len = g_bytes_get_size (good);
      g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (good, NULL), len);
      g_autoptr(GBytes) hostile = NULL;
      g_autoptr(IngestByteSource) source = NULL;
      g_autoptr(IngestClip) clip = ingest_clip_new ("H", INGEST_CLIP_KIND_STILL, "D001", "D001");
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("H%02u.dng", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(IngestClip) extracted = NULL;
      guint32 ifd1;
      gsize entry;

      g_test_message ("%s", hostile_cases[i].name);
      /* IFD0 at 8; its next pointer after its entries leads to IFD1. */
      ifd1 = bytes[10 + 12 * get16 (bytes, 8)] | bytes[11 + 12 * get16 (bytes, 8)] << 8;
      switch (hostile_cases[i].kind)
        {
        case HOSTILE_LOOP:
          g_assert_cmpuint (ifd1, !=, 0);
          set32 (bytes, ifd1 + 2 + 12 * get16 (bytes, ifd1), 8);
          break;
        case HOSTILE_SELF_SUB_IFD:
          /* Turn ExifIFD (34665) into SubIFDs (330) pointing at IFD0. */
          entry = find_entry (bytes, 8, 34665);
          bytes[entry] = 330 & 0xff;
          bytes[entry + 1] = 330 >> 8;
          set32 (bytes, entry + 8, 8);
          break;
        case HOSTILE_COUNT:
          bytes[8] = bytes[9] = 0xff;
          break;
        case HOSTILE_OFFSET:
          set32 (bytes, 4, 0xfffffff0);
          break;
        case HOSTILE_VALUE_OFFSET:
          entry = find_entry (bytes, 8, 51043);
          set32 (bytes, entry + 8, len - 2);
          break;
        case HOSTILE_TRUNCATED:
          len = 8 + 2 + 12 * 10;
          break;
        case HOSTILE_NOT_TIFF:
        default:
          bytes[0] = 'X';
          break;
        }
      hostile = g_bytes_new (bytes, len);

      source = ingest_byte_source_new_for_bytes (hostile, name);
      g_assert_false (ingest_metadata_reader_read_clip_file (walker, clip, name, source, &error));
      g_assert_error (error, INGEST_METADATA_ERROR, hostile_cases[i].code);
      g_clear_error (&error);

      /* LibRaw either reads what it can or refuses; either way no crash. */
      g_clear_pointer (&source, ingest_byte_source_free);
      source = ingest_byte_source_new_for_bytes (hostile, name);
      if (!ingest_metadata_reader_read_clip_file (libraw, clip, name, source, &error))
        {
          g_assert_true (error->domain == INGEST_METADATA_ERROR || error->domain == G_IO_ERROR);
          g_test_message ("LibRaw: %s", error->message);
        }
      g_clear_error (&error);

      /* Through extraction: a problem of the clip, not a failure. */
      write_bytes (path, hostile);
      extracted = extract (fixture->dir, name, INGEST_CLIP_KIND_STILL);
      g_assert_cmpuint (ingest_clip_get_n_problems (extracted), >=, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!ingest_test_require_programs ("libimage-exiftool-perl", "exiftool", NULL) ||
      !ingest_test_require_programs ("ffmpeg", "ffmpeg", NULL))
    return g_test_run ();

  g_test_add ("/metadata-raw/dng-fields", Fixture, NULL, fixture_set_up, test_dng_fields, fixture_tear_down);
  g_test_add ("/metadata-raw/large-dng", Fixture, NULL, fixture_set_up, test_large_dng, fixture_tear_down);
  g_test_add ("/metadata-raw/far-structures", Fixture, NULL, fixture_set_up, test_far_structures, fixture_tear_down);
  g_test_add ("/metadata-raw/cinema-dng", Fixture, NULL, fixture_set_up, test_cinema_dng, fixture_tear_down);
  g_test_add ("/metadata-raw/big-endian", Fixture, NULL, fixture_set_up, test_big_endian, fixture_tear_down);
  g_test_add ("/metadata-raw/cinema-dng-sequence", Fixture, NULL, fixture_set_up, test_cinema_dng_sequence,
              fixture_tear_down);
  g_test_add ("/metadata-raw/hostile", Fixture, NULL, fixture_set_up, test_hostile_dng, fixture_tear_down);
  return g_test_run ();
}
