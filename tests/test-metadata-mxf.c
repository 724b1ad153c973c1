/* test-metadata-mxf.c
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

/* IngestMxfReader against MXF files made by Debian's ffmpeg, each field
 * checked against ffprobe and exiftool (which reads the identification set
 * and the descriptors by itself); the timecode component at each rate (end
 * timecodes worked by hand); hostile KLV built in memory and truncated
 * copies of real files. */

#include "config.h"

#include <string.h>

#include "test-metadata-common.h"

typedef TestMetadataFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  test_metadata_fixture_init (f, "mxf");
}

static gboolean
have_tools (void)
{
  return ingest_test_require_programs ("ffmpeg", "ffmpeg", "ffprobe", NULL) &&
         ingest_test_require_programs ("libimage-exiftool-perl", "exiftool", NULL);
}

static JsonObject *
exiftool (const char *path)
{
  const char *argv[] = { "exiftool", "-j", "-a", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0));
}

/* ffprobe's codec names → the station's names for the coding label. */
static const char *
expected_codec (const char *codec_name)
{
  if (g_str_equal (codec_name, "mpeg2video"))
    return "MPEG-2";
  if (g_str_equal (codec_name, "dnxhd"))
    return "Avid DNxHD/DNxHR (VC-3)";
  if (g_str_equal (codec_name, "jpeg2000"))
    return "JPEG 2000";
  g_assert_not_reached ();
}

static char *
strip_separators (const char *ul)
{
  GString *s = g_string_new (NULL);

  for (const char *p = ul; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static void
assert_matches_tools (IngestClip *clip,
                      const char *path)
{
  g_autoptr(JsonObject) probe = ingest_test_ffprobe (path);
  g_autoptr(JsonObject) exif = exiftool (path);
  JsonObject *video = ingest_test_probe_stream (probe, "video");
  JsonObject *audio = ingest_test_probe_stream (probe, "audio");
  JsonObject *format = json_object_get_object_member (probe, "format");
  JsonArray *streams = json_object_get_array_member (probe, "streams");
  const char *rate = json_object_get_string_member (video, "r_frame_rate");
  g_autofree char *fps = g_str_has_suffix (rate, "/1") ? g_strndup (rate, strlen (rate) - 2) : g_strdup (rate);
  const char *op = test_metadata_probe_tag (format, "operational_pattern_ul");
  const char *codec = json_object_get_string_member (video, "codec_name");
  g_autofree char *coding = strip_separators (json_object_get_string_member (exif, "VideoCodingSchemeID"));
  g_autofree char *our_coding = strip_separators (ingest_clip_get_attribute (clip, "mxf.picture_coding"));
  g_autofree char *op_name = NULL;
  gint64 channels = 0;

  test_metadata_assert_field (clip, CONTAINER, "MXF");
  /* ffprobe's operational pattern label: byte 12 the item complexity (1–3),
   * byte 13 the package complexity (a–c). */
  g_assert_cmpuint (strlen (op), ==, 35);
  op_name = g_strdup_printf ("OP%c%c", op[28], 'a' + (op[30] - '1'));
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "mxf.operational_pattern"), ==, op_name);

  if (g_str_equal (codec, "h264"))
    g_assert_true (g_str_has_prefix (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CODEC), "H.264/AVC"));
  else
    test_metadata_assert_field (clip, CODEC, expected_codec (codec));
  g_assert_cmpstr (our_coding, ==, coding);
  g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WIDTH), NULL, 10), ==,
                   json_object_get_int_member (video, "width"));
  g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_HEIGHT), NULL, 10), ==,
                   json_object_get_int_member (video, "height"));
  test_metadata_assert_field (clip, FPS, fps);
  /* ffprobe counts the video in edit units of 1/fps. */
  g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES), NULL, 10), ==,
                   json_object_get_int_member (video, "duration_ts"));
  test_metadata_assert_field (clip, TC_START, test_metadata_probe_tag (format, "timecode"));

  /* The identification set, as both tools read it. */
  test_metadata_assert_field (clip, CAMERA_MAKE, test_metadata_probe_tag (format, "company_name"));
  test_metadata_assert_field (clip, CAMERA_MODEL, test_metadata_probe_tag (format, "product_name"));
  test_metadata_assert_field (clip, CAMERA_FIRMWARE, json_object_get_string_member (exif, "ApplicationVersionString"));
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "mxf.company_name"), ==,
                   json_object_get_string_member (exif, "ApplicationSupplierName"));

  /* Sound: one descriptor per mono track, channels summed. */
  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);

      if (g_str_equal (json_object_get_string_member (stream, "codec_type"), "audio"))
        channels += json_object_get_int_member (stream, "channels");
    }
  if (audio != NULL)
    {
      g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS), NULL, 10), ==,
                       channels);
      test_metadata_assert_field (clip, AUDIO_SAMPLE_RATE, json_object_get_string_member (audio, "sample_rate"));
      g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_BITS), NULL, 10), ==,
                       json_object_get_int_member (audio, "bits_per_sample"));
    }
  else
    test_metadata_assert_field (clip, AUDIO_CHANNELS, NULL);
}

static IngestClip *
read_file_ok (Fixture    *f,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  IngestClip *clip = test_metadata_read_file (f->reader, path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  return clip;
}

static void
test_mpeg2_sound (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "C0001.mxf", NULL);
  const char *args[] = {
    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
    "-f", "lavfi", "-i", "sine=sample_rate=48000",
    "-map", "0:v", "-map", "1:a", "-map", "1:a",
    "-t", "1", "-c:v", "mpeg2video", "-c:a", "pcm_s24le", "-ac", "1",
    "-timecode", "10:00:00:00", "-metadata", "material_package_name=A001C002_261121",
    "-metadata", "creation_time=2026-11-21T10:21:14Z", "-f", "mxf", NULL
  };
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(JsonObject) probe = NULL;
  g_autoptr(JsonObject) exif = NULL;
  g_autofree char *created = NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  clip = read_file_ok (f, path);
  assert_matches_tools (clip, path);
  test_metadata_assert_field (clip, AUDIO_CHANNELS, "2");
  probe = ingest_test_ffprobe (path);
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "mxf.material_package_name"), ==,
                   test_metadata_probe_tag (json_object_get_object_member (probe, "format"),
                                            "material_package_name"));
  /* exiftool: "2026:11:21 10:21:14.000" → ISO 8601 without the fraction. */
  exif = exiftool (path);
  created = g_strdup (json_object_get_string_member (exif, "CreateDate"));
  created[4] = created[7] = '-';
  created[10] = 'T';
  created[19] = '\0';
  test_metadata_assert_field (clip, CREATED, created);
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <, 64 * 1024);
}

static void
test_codecs (Fixture       *f,
             gconstpointer  data)
{
  static const char * const codecs[][6] = {
    { "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt", "yuv422p", "640x360" },
    { "jpeg2000", "-pix_fmt", "yuv422p", NULL, NULL, "640x360" },
    { "libx264", "-x264-params", "keyint=1", "-pix_fmt", "yuv422p10le", "1920x1080" },
  };

  if (!have_tools ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/codec-%u.mxf", f->dir, i);
      g_autofree char *src = g_strdup_printf ("testsrc=size=%s:rate=25", codecs[i][5]);
      const char *args[] = {
        "-f", "lavfi", "-i", src, "-frames:v", "3", "-timecode", "01:00:00:00", "-f", "mxf",
        "-c:v", codecs[i][0], codecs[i][1], codecs[i][2], codecs[i][3], codecs[i][4], NULL
      };
      g_autoptr(IngestClip) clip = NULL;

      ingest_test_ffmpeg (path, args);
      clip = read_file_ok (f, path);
      assert_matches_tools (clip, path);
    }
}

static void
test_timecode_rate (Fixture       *f,
                    gconstpointer  data)
{
  const TestTcCase *c = data;
  g_autofree char *path = g_strdup_printf ("%s/tc.mxf", f->dir);
  g_autofree char *src = g_strdup_printf ("testsrc=size=320x240:rate=%s", c->rate);
  const char *args[] = {
    "-f", "lavfi", "-i", src, "-frames:v", "12", "-c:v", "mpeg2video",
    "-timecode", c->start, "-f", "mxf", NULL
  };
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(JsonObject) exif = NULL;
  gboolean drop = strchr (c->start, ';') != NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  clip = read_file_ok (f, path);
  assert_matches_tools (clip, path);
  exif = exiftool (path);
  g_assert_cmpint (json_object_get_boolean_member (exif, "DropFrame"), ==, drop);
  test_metadata_assert_field (clip, TC_START, c->start);
  test_metadata_assert_field (clip, FRAMES, "12");
  ingest_clip_complete_timing (clip);
  test_metadata_assert_field (clip, TC_END, c->end);
}

/* Hostile KLV, built in memory. */

static const guint8 header_partition_key[16] = {
  0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01, 0x0d, 0x01, 0x02, 0x01, 0x01, 0x02, 0x04, 0x00
};
static const guint8 primer_key[16] = {
  0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01, 0x0d, 0x01, 0x02, 0x01, 0x01, 0x05, 0x01, 0x00
};
static const guint8 identification_key[16] = {
  0x06, 0x0e, 0x2b, 0x34, 0x02, 0x53, 0x01, 0x01, 0x0d, 0x01, 0x01, 0x01, 0x01, 0x01, 0x30, 0x00
};
static const guint8 op1a[16] = {
  0x06, 0x0e, 0x2b, 0x34, 0x04, 0x01, 0x01, 0x01, 0x0d, 0x01, 0x02, 0x01, 0x01, 0x01, 0x09, 0x00
};

static void
put16 (GByteArray *a,
       guint16     v)
{
  guint8 b[2] = { v >> 8, v };

  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
put64 (GByteArray *a,
       guint64     v)
{
  put32 (a, v >> 32);
  put32 (a, v & 0xffffffff);
}

/* A KLV with a 4-byte BER length (0x83 and three bytes). */
static void
put_klv (GByteArray   *a,
         const guint8 *key,
         GByteArray   *value)
{
  g_byte_array_append (a, key, 16);
  g_byte_array_append (a, (const guint8 []) { 0x83, value->len >> 16, value->len >> 8, value->len }, 4);
  g_byte_array_append (a, value->data, value->len);
}

static void
put_item_utf16 (GByteArray *a,
                guint16     tag,
                const char *ascii)
{
  put16 (a, tag);
  put16 (a, 2 * strlen (ascii));
  for (const char *p = ascii; *p != '\0'; p++)
    put16 (a, *p);
}

static const guint8 fill_key[16] = {
  0x06, 0x0e, 0x2b, 0x34, 0x01, 0x01, 0x01, 0x02, 0x03, 0x01, 0x02, 0x10, 0x01, 0x00, 0x00, 0x00
};

/* A header partition pack whose header metadata (METADATA) follows it,
 * after a fill KLV of FILL bytes when FILL > 0. */
static GByteArray *
build_mxf_fill (GByteArray *metadata,
                guint64     header_byte_count,
                guint       fill)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GByteArray) pack = g_byte_array_new ();

  put16 (pack, 1);                    /* major version */
  put16 (pack, 3);                    /* minor version */
  put32 (pack, 1);                    /* KAG */
  put64 (pack, 0);                    /* this partition */
  put64 (pack, 0);                    /* previous */
  put64 (pack, 0);                    /* footer */
  put64 (pack, header_byte_count);
  put64 (pack, 0);                    /* index byte count */
  put32 (pack, 0);                    /* index SID */
  put64 (pack, 0);                    /* body offset */
  put32 (pack, 0);                    /* body SID */
  g_byte_array_append (pack, op1a, 16);
  put32 (pack, 0);                    /* essence containers: none */
  put32 (pack, 16);
  put_klv (a, header_partition_key, pack);
  if (fill > 0)
    {
      g_autoptr(GByteArray) zeros = g_byte_array_sized_new (fill);

      g_byte_array_set_size (zeros, fill);
      memset (zeros->data, 0, fill);
      put_klv (a, fill_key, zeros);
    }
  if (metadata != NULL)
    g_byte_array_append (a, metadata->data, metadata->len);
  return a;
}

static GByteArray *
build_mxf (GByteArray *metadata,
           guint64     header_byte_count)
{
  return build_mxf_fill (metadata, header_byte_count, 0);
}

/* A primer pack, then an identification set saying ARRI / ALEXA 35. */
static GByteArray *
build_metadata (guint32 primer_count,
                guint32 primer_item_size)
{
  GByteArray *m = g_byte_array_new ();
  g_autoptr(GByteArray) primer = g_byte_array_new ();
  g_autoptr(GByteArray) ident = g_byte_array_new ();

  put32 (primer, primer_count);
  put32 (primer, primer_item_size);
  for (guint i = 0; i < MIN (primer_count, 2); i++)
    {
      put16 (primer, 0x3c01 + i);
      g_byte_array_append (primer, op1a, 16);
    }
  put_klv (m, primer_key, primer);

  put16 (ident, 0x3c0a);
  put16 (ident, 16);
  g_byte_array_append (ident, op1a, 16);
  put_item_utf16 (ident, 0x3c01, "ARRI");
  put_item_utf16 (ident, 0x3c02, "ALEXA 35");
  put_klv (m, identification_key, ident);
  return m;
}

static IngestClip *
read_hostile (Fixture    *f,
              GByteArray *a,
              guint64     budget,
              int         code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (a->data, a->len);
  g_autoptr(GError) error = NULL;
  IngestClip *clip = test_metadata_read_bytes (f->reader, bytes, budget, &error);

  g_assert_error (error, INGEST_METADATA_ERROR, code);
  g_test_message ("%s", error->message);
  return clip;
}

static void
test_hostile_klv (Fixture       *f,
                  gconstpointer  data)
{
  /* The builder itself reads back: no error, ARRI / ALEXA 35. */
  {
    g_autoptr(GByteArray) m = build_metadata (2, 18);
    g_autoptr(GByteArray) a = build_mxf (m, m->len);
    g_autoptr(GBytes) bytes = g_bytes_new (a->data, a->len);
    g_autoptr(IngestClip) clip = NULL;
    g_autoptr(GError) error = NULL;

    clip = test_metadata_read_bytes (f->reader, bytes, 0, &error);
    g_assert_no_error (error);
    test_metadata_assert_field (clip, CAMERA_MAKE, "ARRI");
    test_metadata_assert_field (clip, CAMERA_MODEL, "ALEXA 35");
    g_assert_cmpstr (ingest_clip_get_attribute (clip, "mxf.operational_pattern"), ==, "OP1a");
  }
  /* A fill after the pack, counted in the header byte count (as ST 377
   * says) or not (as ffmpeg writes), the file ending with the metadata. */
  for (guint counted = 0; counted < 2; counted++)
    {
      g_autoptr(GByteArray) m = build_metadata (2, 18);
      g_autoptr(GByteArray) a = build_mxf_fill (m, m->len + (counted ? 20 + 100 : 0), 100);
      g_autoptr(GBytes) bytes = g_bytes_new (a->data, a->len);
      g_autoptr(IngestClip) clip = NULL;
      g_autoptr(GError) error = NULL;

      clip = test_metadata_read_bytes (f->reader, bytes, 0, &error);
      g_assert_no_error (error);
      test_metadata_assert_field (clip, CAMERA_MODEL, "ALEXA 35");
    }
  /* BER 0x88 then eight 0xff: a length of 2^64 - 1. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;

    g_byte_array_append (a, header_partition_key, 16);
    g_byte_array_append (a, (const guint8 []) { 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 9);
    g_byte_array_set_size (a, 200);
    clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_TRUNCATED);
  }
  /* BER lengths KLV forbids: nine bytes, and 0x80 (indefinite). */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;

    g_byte_array_append (a, header_partition_key, 16);
    g_byte_array_append (a, (const guint8 []) { 0x89 }, 1);
    g_byte_array_set_size (a, 200);
    clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_MALFORMED);
    a->data[16] = 0x80;
    g_clear_object (&clip);
    clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* Header metadata larger than the file, and than any budget. */
  {
    g_autoptr(GByteArray) m = build_metadata (2, 18);
    g_autoptr(GByteArray) a = build_mxf (m, m->len + 1000);
    g_autoptr(GByteArray) b = build_mxf (m, G_GUINT64_CONSTANT (1) << 62);
    g_autoptr(IngestClip) clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_TRUNCATED);
    g_autoptr(IngestClip) clip2 = read_hostile (f, b, 0, INGEST_METADATA_ERROR_TOO_LARGE);

    test_metadata_assert_field (clip, CONTAINER, "MXF");
  }
  /* Header metadata within the file but over the reader's budget. */
  {
    g_autoptr(GByteArray) m = build_metadata (2, 18);
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(IngestClip) clip = NULL;

    g_byte_array_set_size (m, 256 * 1024);
    a = build_mxf (m, m->len);
    clip = read_hostile (f, a, 64 * 1024, INGEST_METADATA_ERROR_TOO_LARGE);
  }
  /* A KLV in the header metadata whose length runs past it: what came
   * before (the identification) stands. */
  {
    g_autoptr(GByteArray) m = build_metadata (2, 18);
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(IngestClip) clip = NULL;

    g_byte_array_append (m, identification_key, 16);
    g_byte_array_append (m, (const guint8 []) { 0x84, 0x7f, 0xff, 0xff, 0xff }, 5);
    g_byte_array_append (m, (const guint8 []) { 0, 0, 0, 0 }, 4);
    a = build_mxf (m, m->len);
    clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_MALFORMED);
    test_metadata_assert_field (clip, CAMERA_MAKE, "ARRI");
  }
  /* A local item whose length runs past its set. */
  {
    g_autoptr(GByteArray) m = build_metadata (2, 18);
    g_autoptr(GByteArray) set = g_byte_array_new ();
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(IngestClip) clip = NULL;

    put16 (set, 0x3c02);
    put16 (set, 0xffff);
    put32 (set, 0);
    put_klv (m, identification_key, set);
    a = build_mxf (m, m->len);
    clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_MALFORMED);
    test_metadata_assert_field (clip, CAMERA_MAKE, "ARRI");
  }
  /* Primer packs with absurd counts and item sizes. */
  {
    g_autoptr(GByteArray) m = build_metadata (0xffffffff, 18);
    g_autoptr(GByteArray) m2 = build_metadata (2, 0);
    g_autoptr(GByteArray) a = build_mxf (m, m->len);
    g_autoptr(GByteArray) b = build_mxf (m2, m2->len);
    g_autoptr(IngestClip) clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_MALFORMED);
    g_autoptr(IngestClip) clip2 = read_hostile (f, b, 0, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* Not MXF at all. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;

    g_byte_array_set_size (a, 100 * 1024);
    memset (a->data, 0x06, a->len);
    clip = read_hostile (f, a, 0, INGEST_METADATA_ERROR_MALFORMED);
    g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, 16 + 65536 + 16);
  }
}

/* A picture descriptor with no coding label (as GStreamer writes VC-3):
 * the essence container label names the codec. Label bytes: 06 0E 2B 34
 * 04 01 01 0A, then 0D 01 03 01 02 11 (the VC-3 mapping, ST 2019-4) 01 00. */
static void
test_container_label (Fixture       *f,
                      gconstpointer  data)
{
  static const guint8 cdci_key[16] = {
    0x06, 0x0e, 0x2b, 0x34, 0x02, 0x53, 0x01, 0x01, 0x0d, 0x01, 0x01, 0x01, 0x01, 0x01, 0x28, 0x00
  };
  static const guint8 vc3[16] = {
    0x06, 0x0e, 0x2b, 0x34, 0x04, 0x01, 0x01, 0x0a, 0x0d, 0x01, 0x03, 0x01, 0x02, 0x11, 0x01, 0x00
  };
  g_autoptr(GByteArray) m = build_metadata (2, 18);
  g_autoptr(GByteArray) set = g_byte_array_new ();
  g_autoptr(GByteArray) a = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(GError) error = NULL;

  put16 (set, 0x3203);          /* stored width */
  put16 (set, 4);
  put32 (set, 1280);
  put16 (set, 0x3202);          /* stored height */
  put16 (set, 4);
  put32 (set, 720);
  put16 (set, 0x3004);          /* essence container */
  put16 (set, 16);
  g_byte_array_append (set, vc3, 16);
  put16 (set, 0x3001);          /* sample rate 25/1 */
  put16 (set, 8);
  put32 (set, 25);
  put32 (set, 1);
  put_klv (m, cdci_key, set);
  a = build_mxf (m, m->len);
  bytes = g_bytes_new (a->data, a->len);
  clip = test_metadata_read_bytes (f->reader, bytes, 0, &error);
  g_assert_no_error (error);
  test_metadata_assert_field (clip, CODEC, "Avid DNxHD/DNxHR (VC-3)");
  test_metadata_assert_field (clip, WIDTH, "1280");
  test_metadata_assert_field (clip, HEIGHT, "720");
  test_metadata_assert_field (clip, FPS, "25");
  g_assert_null (ingest_clip_get_attribute (clip, "mxf.codec"));
}

/* Every cut of a real file before the end of its header metadata is an
 * error; no cut crashes. */
static void
test_truncated_copies (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "cut.mxf", NULL);
  const char *args[] = {
    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "5",
    "-c:v", "mpeg2video", "-timecode", "01:00:00:00", "-f", "mxf", NULL
  };
  g_autoptr(GBytes) whole = NULL;
  const guint8 *bytes;
  gsize len, pack_end, metadata_end;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  whole = ingest_test_read_bytes (path);
  bytes = g_bytes_get_data (whole, &len);
  /* ffmpeg writes the partition pack with a 4-byte BER length (0x83). */
  g_assert_cmpuint (bytes[16], ==, 0x83);
  pack_end = 20 + (bytes[17] << 16 | bytes[18] << 8 | bytes[19]);
  metadata_end = pack_end + ((gsize) bytes[20 + 36] << 24 | bytes[20 + 37] << 16 |
                             bytes[20 + 38] << 8 | bytes[20 + 39]);
  g_assert_cmpuint (metadata_end, <, len);

  for (gsize cut = 0; cut < len; cut += (cut < metadata_end + 64 ? 5 : 997))
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (whole, 0, cut);
      g_autoptr(IngestClip) clip = NULL;
      g_autoptr(GError) error = NULL;

      clip = test_metadata_read_bytes (f->reader, part, 0, &error);
      if (cut < metadata_end)
        g_assert_nonnull (error);
      if (error != NULL)
        g_assert_true (error->domain == INGEST_METADATA_ERROR);
      else
        test_metadata_assert_field (clip, TC_START, "01:00:00:00");
    }
}

/* Through the reader table, as the metadata stage runs it. */
static void
test_extract (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "A001C002.mxf", NULL);
  const char *args[] = {
    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "50",
    "-c:v", "mpeg2video", "-timecode", "23:59:59:00", "-f", "mxf", NULL
  };
  g_autoptr(IngestClip) clip = ingest_clip_new ("A001C002", INGEST_CLIP_KIND_VIDEO, "roll", "");
  g_autoptr(GError) error = NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  ingest_clip_add_file (clip, "A001C002.mxf", 0);
  g_assert_true (ingest_metadata_extract_clip (clip, f->dir, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  /* 50 frames at 25 from 23:59:59:00: the last is 00:00:00:24, past midnight. */
  test_metadata_assert_field (clip, TC_END, "00:00:00:24");
  test_metadata_assert_field (clip, DURATION_S, "2");

  /* By name: upper case too; never macOS's "._" resource forks. */
  g_assert_true (ingest_metadata_reader_accepts (f->reader, "XDROOT/Clip/C0001.MXF"));
  g_assert_false (ingest_metadata_reader_accepts (f->reader, "._C0001.mxf"));
  g_assert_false (ingest_metadata_reader_accepts (f->reader, "C0001.mov"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, test_metadata_fixture_teardown)
  ADD ("/metadata/mxf/mpeg2-sound", test_mpeg2_sound);
  ADD ("/metadata/mxf/codecs", test_codecs);
  for (guint i = 0; i < test_metadata_n_tc_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("/metadata/mxf/timecode/%s", test_metadata_tc_cases[i].name);

      g_test_add (path, Fixture, &test_metadata_tc_cases[i], fixture_setup, test_timecode_rate, test_metadata_fixture_teardown);
    }
  ADD ("/metadata/mxf/hostile-klv", test_hostile_klv);
  ADD ("/metadata/mxf/container-label", test_container_label);
  ADD ("/metadata/mxf/truncated-copies", test_truncated_copies);
  ADD ("/metadata/mxf/extract", test_extract);
#undef ADD

  return g_test_run ();
}
