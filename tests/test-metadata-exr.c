/* test-metadata-exr.c
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

#define G_LOG_DOMAIN "test-metadata-exr"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-test-util.h"

/* EXR headers through IngestExrReader, checked against exrheader (OpenEXR's
 * own C++ tool, Debian package openexr). The files are written here with
 * OpenEXR's C API (the demo drive's writer). */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("test-metadata-exr-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* exrheader's listing: "name (type T): value" lines, each attribute's
 * indented continuation lines appended to its value after a newline. */
static GHashTable *
exrheader (const char *path)
{
  const char *argv[] = { "exrheader", path, NULL };
  GHashTable *attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  char *current = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *type = strstr (line, " (type ");
      const char *colon = type != NULL ? strstr (type, "):") : NULL;

      if (line[0] != ' ' && type != NULL && colon != NULL)
        {
          current = g_strndup (line, type - line);
          g_hash_table_insert (attrs, current, g_strdup (g_strstrip (g_strdup (colon + 2))));
        }
      else if (line[0] == ' ' && current != NULL)
        {
          const char *before = g_hash_table_lookup (attrs, current);
          g_autofree char *stripped = g_strstrip (g_strdup (line));

          g_hash_table_insert (attrs, g_strdup (current),
                               *before == '\0' ? g_strdup (stripped) : g_strconcat (before, "\n", stripped, NULL));
        }
    }
  return attrs;
}

static IngestClip *
extract (const char     *dir,
         const char     *file,
         IngestClipKind  kind)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  IngestClip *clip = ingest_clip_new (file, kind, "E001", "E001");
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  ingest_clip_add_file (clip, file, st.st_size);
  g_assert_true (ingest_metadata_extract_clip (clip, dir, NULL, &error));
  g_assert_no_error (error);
  return clip;
}

/* ST 12 as OpenEXR packs it, low byte first: frames (bit 6 drop-frame),
 * seconds, minutes, hours, each two BCD digits. */
static guint32
pack_time (guint    h,
           guint    m,
           guint    s,
           guint    f,
           gboolean drop)
{
#define BCD(v) ((guint32) (((v) / 10) << 4 | (v) % 10))
  return BCD (f) | (drop ? 0x40 : 0) | BCD (s) << 8 | BCD (m) << 16 | BCD (h) << 24;
#undef BCD
}

static const IngestDemoExrString camera_strings[] = {
  { "cameraMake", "Nightjar Optics" },
  { "cameraModel", "NJ-C Cine" },
  { "cameraSerialNumber", "NJC-000123" },
  { "cameraFirmwareVersion", "3.1.0" },
  { "cameraLabel", "A" },
  { "lensModel", "Nightjar 50mm T2.1" },
  { "lensSerialNumber", "NL50-77" },
  { "reelName", "E001" },
  { "owner", "NIGHTJAR" },
  { "comments", "Plate for shot 012A" },
  { "capDate", "2026:11:21 11:40:00" },
  { "com.arri.camera.ExposureIndex", "800" },
  { NULL, NULL },
};

static const IngestDemoExrFloat camera_floats[] = {
  { "nominalFocalLength", 50 },
  { "tStop", 2.1f },
  { "shutterAngle", 172.8f },
  { "isoSpeed", 800 },
  /* UTC = local + utcOffset: the camera's clock ran at UTC+01:00. */
  { "utcOffset", -3600 },
  { NULL, 0 },
};

static void
parse_box (const char *text,
           int        *min_x,
           int        *min_y,
           int        *max_x,
           int        *max_y)
{
  g_assert_cmpint (sscanf (text, "(%d %d) - (%d %d)", min_x, min_y, max_x, max_y), ==, 4);
}

/* Every field and every attribute against exrheader. */
static void
test_header (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "plate.exr", NULL);
  IngestDemoExr exr = {
    .width = 80, .height = 45, .compression = 3, .has_time_code = TRUE,
    .time_and_flags = pack_time (1, 0, 0, 0, FALSE), .fps_num = 24, .fps_den = 1,
    .strings = camera_strings, .floats = camera_floats,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(GHashTable) header = NULL;
  g_autofree char *compression = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int x0, y0, x1, y1;
  GStatBuf st;

  g_assert_true (ingest_demo_exr_write (path, &exr, &error));
  g_assert_no_error (error);
  clip = extract (fixture->dir, "plate.exr", INGEST_CLIP_KIND_STILL);
  header = exrheader (path);
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);

  parse_box (g_hash_table_lookup (header, "displayWindow"), &x0, &y0, &x1, &y1);
  g_assert_cmpint (atoi (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WIDTH)), ==, x1 - x0 + 1);
  g_assert_cmpint (atoi (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_HEIGHT)), ==, y1 - y0 + 1);
  /* "zip, multi-scanline blocks" */
  compression = g_strndup (g_hash_table_lookup (header, "compression"),
                           strcspn (g_hash_table_lookup (header, "compression"), ","));
  g_assert_cmpstr (compression, ==, "zip");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CODEC), ==, "OpenEXR zip");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CONTAINER), ==, "OpenEXR");

  /* Every attribute exrheader lists is kept under its name; strings and
   * numbers as exrheader prints them. */
  g_hash_table_iter_init (&iter, header);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strconcat ("exr.", key, NULL);
      const char *ours = ingest_clip_get_attribute (clip, name);
      const char *theirs = value;

      g_test_message ("%s: exrheader %s, ours %s", (char *) key, theirs, ours);
      g_assert_nonnull (ours);
      if (theirs[0] == '"')
        {
          g_autofree char *unquoted = g_strndup (theirs + 1, strlen (theirs) - 2);

          g_assert_cmpstr (ours, ==, unquoted);
        }
      else if (g_ascii_isdigit (theirs[0]) || theirs[0] == '-')
        {
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (ours, NULL), g_ascii_strtod (theirs, NULL), 1e-4);
        }
    }

  /* exrheader: "framesPerSecond (type rational): 24/1 (24)"; the timecode's lines. */
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (header, "framesPerSecond"), "24/1"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, "24");
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (header, "timeCode"), "time 01:00:00:00\ndrop frame 0"));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "01:00:00:00");

  /* The OpenEXR 3.2 camera names, mapped to fields. */
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE), ==, "Nightjar Optics");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL), ==, "NJ-C Cine");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_SERIAL), ==, "NJC-000123");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_FIRMWARE), ==, "3.1.0");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_INDEX), ==, "A");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_LENS), ==, "Nightjar 50mm T2.1");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_LENS_SERIAL), ==, "NL50-77");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_REEL), ==, "E001");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_NOTES), ==, "Plate for shot 012A");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM), ==, "50");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_APERTURE), ==, "T2.1");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SHUTTER), ==, "172.8°");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ISO), ==, "800");
  /* capDate is local time; utcOffset −3600 s means local = UTC + 1 h. */
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CREATED), ==, "2026-11-21T11:40:00+01:00");
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "exr.com.arri.camera.ExposureIndex"), ==, "800");

  /* The header only: at most the file, and OpenEXR reads it in small blocks. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("bytes read for a %" G_GINT64_FORMAT "-byte EXR frame: %" G_GUINT64_FORMAT,
                  (gint64) st.st_size, ingest_clip_get_bytes_read (clip));
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), >, 0);
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, st.st_size);
}

/* A full-size frame (4096×2160 half RGB, uncompressed, 53 MB): only the
 * header's blocks are read. */
static void
test_large_frame (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "big.exr", NULL);
  IngestDemoExr exr = {
    .width = 4096, .height = 2160, .has_time_code = TRUE, .time_and_flags = pack_time (1, 0, 0, 0, FALSE),
    .fps_num = 24, .fps_den = 1, .strings = camera_strings, .floats = camera_floats,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestClip) clip = NULL;
  GStatBuf st;

  g_assert_true (ingest_demo_exr_write (path, &exr, &error));
  g_assert_no_error (error);
  clip = extract (fixture->dir, "big.exr", INGEST_CLIP_KIND_STILL);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WIDTH), ==, "4096");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "01:00:00:00");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("bytes read for a %" G_GINT64_FORMAT "-byte EXR frame: %" G_GUINT64_FORMAT,
                  (gint64) st.st_size, ingest_clip_get_bytes_read (clip));
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, 64 * 1024);
}

typedef struct
{
  gint        num;
  guint       den;
  guint       h, m, s, f;
  gboolean    drop;
  const char *fps;
  const char *tc;
} TimecodeCase;

static const TimecodeCase timecode_cases[] = {
  { 24, 1, 1, 0, 0, 0, FALSE, "24", "01:00:00:00" },
  { 24000, 1001, 10, 21, 14, 23, FALSE, "24000/1001", "10:21:14:23" },
  { 25, 1, 23, 59, 59, 24, FALSE, "25", "23:59:59:24" },
  /* 29.97 DF: 01:10:00;02 is a label drop-frame keeps (minute 10 keeps :00 and :01);
   * 00:01:00;02 is the first label after a dropped pair. */
  { 30000, 1001, 1, 10, 0, 2, TRUE, "30000/1001", "01:10:00;02" },
  { 30000, 1001, 0, 1, 0, 2, TRUE, "30000/1001", "00:01:00;02" },
  { 30000, 1001, 0, 1, 0, 2, FALSE, "30000/1001", "00:01:00:02" },
  /* ST 12 keeps two bits for the frame tens: 0–39 (higher rates count pairs). */
  { 50, 1, 12, 0, 0, 19, FALSE, "50", "12:00:00:19" },
  { 60000, 1001, 0, 2, 0, 4, TRUE, "60000/1001", "00:02:00;04" },
  /* The drop-frame flag at 25 means nothing: read as non-drop. */
  { 25, 1, 1, 0, 0, 0, TRUE, "25", "01:00:00:00" },
};

static void
test_timecode (Fixture       *fixture,
               gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (timecode_cases); i++)
    {
      const TimecodeCase *c = &timecode_cases[i];
      g_autofree char *name = g_strdup_printf ("tc%02u.exr", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      IngestDemoExr exr = {
        .width = 16, .height = 9, .has_time_code = TRUE,
        .time_and_flags = pack_time (c->h, c->m, c->s, c->f, c->drop),
        .fps_num = c->num, .fps_den = c->den,
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestClip) clip = NULL;
      g_autoptr(GHashTable) header = NULL;
      g_autofree char *expected_tc = NULL;
      g_autofree char *expected_rate = NULL;
      g_autofree char *written_rate = g_strdup_printf ("%d/%u", c->num, c->den);
      g_auto(GStrv) lines = NULL;
      int dh, dm, ds, df, drop;

      g_assert_true (ingest_demo_exr_write (path, &exr, &error));
      g_assert_no_error (error);
      clip = extract (fixture->dir, name, INGEST_CLIP_KIND_STILL);
      header = exrheader (path);

      /* "time HH:MM:SS:FF\ndrop frame D, …" */
      lines = g_strsplit (g_hash_table_lookup (header, "timeCode"), "\n", -1);
      g_assert_cmpint (sscanf (lines[0], "time %d:%d:%d:%d", &dh, &dm, &ds, &df), ==, 4);
      g_test_message ("%s / %s", lines[0], lines[1]);
      g_assert_cmpint (sscanf (lines[1], "drop frame %d", &drop), ==, 1);
      g_assert_cmpint (drop, ==, c->drop);
      /* Drop-frame labels only exist at 29.97 and 59.94. */
      expected_tc = g_strdup_printf ("%02d:%02d:%02d%c%02d", dh, dm, ds,
                                     drop && c->den == 1001 ? ';' : ':', df);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, expected_tc);
      g_assert_cmpstr (expected_tc, ==, c->tc);
      /* "framesPerSecond (type rational): 30000/1001 (29.97)" */
      expected_rate = g_strndup (g_hash_table_lookup (header, "framesPerSecond"),
                                 strcspn (g_hash_table_lookup (header, "framesPerSecond"), " "));
      g_assert_cmpstr (expected_rate, ==, written_rate);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, c->fps);
    }
}

/* A sequence with a dropped frame: timing from the first frame, which alone is read. */
static void
test_sequence (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(IngestClip) clip = ingest_clip_new ("E001C001", INGEST_CLIP_KIND_SEQUENCE, "E001", "E001");
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "E001C001", NULL);
  guint64 first_size = 0;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint frame = 86400; frame < 86410; frame++)
    {
      g_autofree char *rel = g_strdup_printf ("E001C001/E001C001.%07u.exr", frame);
      g_autofree char *path = g_build_filename (fixture->dir, rel, NULL);
      guint s = frame / 24;
      IngestDemoExr exr = {
        .width = 16, .height = 9, .pattern = frame, .has_time_code = TRUE,
        .time_and_flags = pack_time (s / 3600, s / 60 % 60, s % 60, frame % 24, FALSE),
        .fps_num = 24, .fps_den = 1, .strings = camera_strings,
      };
      GStatBuf st;

      if (frame == 86405)
        continue;
      g_assert_true (ingest_demo_exr_write (path, &exr, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      ingest_clip_add_file (clip, rel, st.st_size);
      if (first_size == 0)
        first_size = st.st_size;
    }
  ingest_clip_set_frame_range (clip, 86400, 86409);
  ingest_clip_add_missing_frames (clip, 86405, 86405);

  g_assert_true (ingest_metadata_extract_clip (clip, fixture->dir, NULL, &error));
  g_assert_no_error (error);
  /* Frame 86400 at 24 fps is 3600 s: 01:00:00:00; ten frames end at :09. */
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "01:00:00:00");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES), ==, "10");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_END), ==, "01:00:00:09");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL), ==, "NJ-C Cine");
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, first_size);
}

static gsize
find_bytes (const guint8 *data,
            gsize         len,
            const char   *needle,
            gsize         needle_len)
{
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (data + i, needle, needle_len) == 0)
      return i;
  g_assert_not_reached ();
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

static void
assert_refused (IngestMetadataReader *reader,
                const guint8         *data,
                gsize                 len,
                const char           *what)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "hostile.exr");
  g_autoptr(IngestClip) clip = ingest_clip_new ("H", INGEST_CLIP_KIND_STILL, "E001", "E001");
  g_autoptr(GError) error = NULL;

  if (ingest_metadata_reader_read_clip_file (reader, clip, "hostile.exr", source, &error))
    g_error ("%s: accepted", what);
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "hostile.exr: "));
}

/* Truncations and attribute sizes that lie: clean errors, no crash, no
 * allocation by the lie. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  IngestMetadataReader *reader = ingest_metadata_find_reader ("openexr");
  g_autofree char *path = g_build_filename (fixture->dir, "good.exr", NULL);
  IngestDemoExr exr = {
    .width = 16, .height = 9, .has_time_code = TRUE, .time_and_flags = pack_time (1, 0, 0, 0, FALSE),
    .fps_num = 24, .fps_den = 1, .strings = camera_strings, .floats = camera_floats,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) good = NULL;
  const guint8 *bytes;
  gsize len, header_end, size_at;
  static const guint32 lies[] = { 0x7fffffff, 0xfffffff0, 0x00100000, 3 };
  static const char camera_model[] = "cameraModel\0string";
  static const char time_code[] = "timeCode\0timecode";

  g_assert_true (ingest_demo_exr_write (path, &exr, &error));
  g_assert_no_error (error);
  good = ingest_test_read_bytes (path);
  bytes = g_bytes_get_data (good, &len);

  /* The header ends with an empty name (a NUL) before the offset table:
   * every cut inside it is refused. */
  header_end = find_bytes (bytes, len, "type\0string", 11);
  header_end = find_bytes (bytes + header_end, len - header_end, "scanlineimage", 13) + header_end + 13;
  for (gsize cut = 0; cut < header_end; cut++)
    assert_refused (reader, bytes, cut, "a truncated header");

  /* An attribute's size lies: huge, negative, past the end, too small (the
   * rest of the string then reads as the next name, "Cine…", of no type). */
  size_at = find_bytes (bytes, len, camera_model, sizeof camera_model) + sizeof camera_model;
  for (guint i = 0; i < G_N_ELEMENTS (lies); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (bytes, len);

      set32 (copy, size_at, lies[i]);
      g_test_message ("cameraModel size %08x", lies[i]);
      if (lies[i] == 3)
        {
          /* Too small is undetectable when the rest still parses as the next
           * attribute ("C Cine…" + "cameraSerialNumber" as one name): the
           * value is then what the size says, nothing more. */
          g_autoptr(GBytes) hostile = g_bytes_new (copy, len);
          g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (hostile, "hostile.exr");
          g_autoptr(IngestClip) clip = ingest_clip_new ("H", INGEST_CLIP_KIND_STILL, "E001", "E001");
          g_autoptr(GError) local_error = NULL;

          if (ingest_metadata_reader_read_clip_file (reader, clip, "hostile.exr", source, &local_error))
            g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL), ==, "NJ-");
          else
            g_assert_error (local_error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
          continue;
        }
      assert_refused (reader, copy, len, "a lying attribute size");
    }

  /* A timecode of the wrong size. */
  size_at = find_bytes (bytes, len, time_code, sizeof time_code) + sizeof time_code;
  {
    g_autofree guint8 *copy = g_memdup2 (bytes, len);

    set32 (copy, size_at, 4);
    assert_refused (reader, copy, len, "a 4-byte timecode");
  }

  /* Not an EXR at all. */
  assert_refused (reader, (const guint8 *) "GIF89a and then some", 20, "a GIF");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_test_require_programs ("openexr", "exrheader", NULL);

  g_test_add ("/metadata-exr/header", Fixture, NULL, fixture_set_up, test_header, fixture_tear_down);
  g_test_add ("/metadata-exr/large-frame", Fixture, NULL, fixture_set_up, test_large_frame, fixture_tear_down);
  g_test_add ("/metadata-exr/timecode", Fixture, NULL, fixture_set_up, test_timecode, fixture_tear_down);
  g_test_add ("/metadata-exr/sequence", Fixture, NULL, fixture_set_up, test_sequence, fixture_tear_down);
  g_test_add ("/metadata-exr/hostile", Fixture, NULL, fixture_set_up, test_hostile, fixture_tear_down);
  return g_test_run ();
}
