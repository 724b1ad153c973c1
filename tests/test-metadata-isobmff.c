/* test-metadata-isobmff.c
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

/* IngestIsobmffReader against files made by Debian's ffmpeg, every field
 * checked against what ffprobe says of the same file; tmcd timecode at each
 * rate (hand-worked end timecodes across midnight and DF minutes); hostile
 * boxes built in memory and truncated copies of real files. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "test-metadata-common.h"

typedef TestMetadataFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  test_metadata_fixture_init (f, "isobmff");
}

static gboolean
have_tools (void)
{
  return ingest_test_require_programs ("ffmpeg", "ffmpeg", "ffprobe", NULL);
}

/* ffprobe's ProRes profile names → the names the station shows. */
static const char *
expected_codec (JsonObject *video)
{
  static const struct { const char *profile, *name; } prores[] = {
    { "Proxy", "Apple ProRes 422 Proxy" }, { "LT", "Apple ProRes 422 LT" },
    { "Standard", "Apple ProRes 422" }, { "HQ", "Apple ProRes 422 HQ" },
    { "4444", "Apple ProRes 4444" }, { "4444XQ", "Apple ProRes 4444 XQ" },
  };
  const char *codec = json_object_get_string_member (video, "codec_name");
  const char *profile = json_object_get_string_member_with_default (video, "profile", "");

  if (g_str_equal (codec, "prores"))
    for (guint i = 0; i < G_N_ELEMENTS (prores); i++)
      if (g_str_equal (profile, prores[i].profile))
        return prores[i].name;
  if (g_str_equal (codec, "h264"))
    return "H.264";
  if (g_str_equal (codec, "hevc"))
    return "H.265";
  if (g_str_equal (codec, "mjpeg"))
    return "Motion JPEG";
  if (g_str_equal (codec, "mpeg4"))
    return "MPEG-4 Visual";
  g_assert_not_reached ();
}

/* Every field the reader set, against ffprobe's view of the same file. */
static void
assert_matches_ffprobe (IngestClip *clip,
                        JsonObject *probe)
{
  JsonObject *video = ingest_test_probe_stream (probe, "video");
  JsonObject *audio = ingest_test_probe_stream (probe, "audio");
  JsonObject *format = json_object_get_object_member (probe, "format");
  const char *rate = json_object_get_string_member (video, "r_frame_rate");
  const char *tc = test_metadata_probe_tag (video, "timecode");
  g_autofree char *fps = g_str_has_suffix (rate, "/1") ? g_strndup (rate, strlen (rate) - 2) : g_strdup (rate);
  double duration = g_ascii_strtod (json_object_get_string_member (video, "duration"), NULL);
  const char *brand = test_metadata_probe_tag (format, "major_brand");

  test_metadata_assert_field (clip, CONTAINER, g_str_equal (brand, "qt  ") ? "QuickTime" : "MPEG-4");
  test_metadata_assert_field (clip, CODEC, expected_codec (video));
  g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WIDTH), NULL, 10), ==,
                   json_object_get_int_member (video, "width"));
  g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_HEIGHT), NULL, 10), ==,
                   json_object_get_int_member (video, "height"));
  test_metadata_assert_field (clip, FPS, fps);
  test_metadata_assert_field (clip, FRAMES, json_object_get_string_member (video, "nb_frames"));
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S), NULL),
                                  duration, 0.0015);
  test_metadata_assert_field (clip, TC_START, tc);

  if (audio != NULL)
    {
      g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS), NULL, 10), ==,
                       json_object_get_int_member (audio, "channels"));
      test_metadata_assert_field (clip, AUDIO_SAMPLE_RATE, json_object_get_string_member (audio, "sample_rate"));
      if (g_str_has_prefix (json_object_get_string_member (audio, "codec_name"), "pcm_"))
        g_assert_cmpint (g_ascii_strtoll (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_BITS), NULL, 10), ==,
                         json_object_get_int_member (audio, "bits_per_sample"));
      else
        test_metadata_assert_field (clip, AUDIO_BITS, NULL);
    }
  else
    test_metadata_assert_field (clip, AUDIO_CHANNELS, NULL);

  /* Every mdta key ffprobe lists is an attribute with the same value. */
  if (json_object_has_member (format, "tags"))
    {
      JsonObject *tags = json_object_get_object_member (format, "tags");
      g_autoptr(GList) names = json_object_get_members (tags);

      for (GList *l = names; l != NULL; l = l->next)
        if (g_str_has_prefix (l->data, "com."))
          g_assert_cmpstr (ingest_clip_get_attribute (clip, l->data), ==,
                           json_object_get_string_member (tags, l->data));
    }
}

static void
test_prores_arri (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "A001C003_261121_R1AB.mov", NULL);
  const char *args[] = {
    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=24000/1001",
    "-f", "lavfi", "-i", "sine=sample_rate=48000",
    "-t", "1", "-c:v", "prores_ks", "-profile:v", "3", "-c:a", "pcm_s24le", "-ac", "2",
    "-timecode", "01:00:00:00", "-metadata:s:v:0", "reel_name=A001R1AB",
    "-movflags", "use_metadata_tags",
    "-metadata", "com.apple.quicktime.make=ARRI",
    "-metadata", "com.apple.quicktime.creationdate=2026-11-21T10:21:14+0100",
    "-metadata", "com.arri.camera.CameraModel=ALEXA Mini LF",
    "-metadata", "com.arri.camera.CameraSerialNumber=2871",
    "-metadata", "com.arri.camera.CameraIndex=A",
    "-metadata", "com.arri.camera.ReelName=A001R1AB",
    "-metadata", "com.arri.camera.SceneName=42A",
    "-metadata", "com.arri.camera.TakeName=3",
    "-metadata", "com.arri.camera.ExposureIndexAsa=800",
    "-metadata", "com.arri.camera.WhiteBalanceKelvin=5600",
    "-metadata", "com.arri.camera.SensorFps=23.976",
    "-metadata", "com.arri.camera.LensType=Signature Prime 35mm",
    "-metadata", "com.arri.camera.LookName=ARRI 709",
    "-metadata", "com.arri.camera.ColorGammaSxS=LogC4",
    "-metadata", "com.arri.camera.ShutterAngle=172.8",
    "-metadata", "com.arri.camera.CustomUnmappedKey=kept",
    NULL
  };
  g_autoptr(JsonObject) probe = NULL;
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  probe = ingest_test_ffprobe (path);
  clip = test_metadata_read_file (f->reader, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);

  assert_matches_ffprobe (clip, probe);
  /* The mapped keys (ffprobe shows them as the attributes checked above). */
  test_metadata_assert_field (clip, CAMERA_MAKE, "ARRI");
  test_metadata_assert_field (clip, CAMERA_MODEL, "ALEXA Mini LF");
  test_metadata_assert_field (clip, CAMERA_SERIAL, "2871");
  test_metadata_assert_field (clip, CAMERA_INDEX, "A");
  test_metadata_assert_field (clip, REEL, "A001R1AB");
  test_metadata_assert_field (clip, SCENE, "42A");
  test_metadata_assert_field (clip, TAKE, "3");
  test_metadata_assert_field (clip, ISO, "800");
  test_metadata_assert_field (clip, WHITE_BALANCE_K, "5600");
  test_metadata_assert_field (clip, CAPTURE_FPS, "24000/1001");
  test_metadata_assert_field (clip, LENS, "Signature Prime 35mm");
  test_metadata_assert_field (clip, LOOK, "ARRI 709");
  test_metadata_assert_field (clip, GAMMA, "LogC4");
  test_metadata_assert_field (clip, SHUTTER, "172.8°");
  /* Apple's offset without a colon, made ISO 8601. */
  test_metadata_assert_field (clip, CREATED, "2026-11-21T10:21:14+01:00");
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "com.arri.camera.CustomUnmappedKey"), ==, "kept");
  /* The tmcd entry's name atom, as ffprobe reads it. */
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "tmcd.reel"), ==,
                   test_metadata_probe_tag (ingest_test_probe_stream (probe, "data"), "reel_name"));
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <, 64 * 1024);
}

static void
test_mp4_h264 (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "C0001.mp4", NULL);
  const char *args[] = {
    "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25",
    "-f", "lavfi", "-i", "sine=sample_rate=44100",
    "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ac", "2",
    "-timecode", "10:00:00:00", "-metadata", "creation_time=2026-11-21T10:21:14Z", NULL
  };
  g_autoptr(JsonObject) probe = NULL;
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  probe = ingest_test_ffprobe (path);
  clip = test_metadata_read_file (f->reader, path, &error);
  g_assert_no_error (error);
  assert_matches_ffprobe (clip, probe);
  test_metadata_assert_field (clip, CONTAINER, "MPEG-4");
  test_metadata_assert_field (clip, CODEC, "H.264");
  /* The movie header's time (seconds since 1904), as ffprobe reads it. */
  g_assert_true (g_str_has_prefix (test_metadata_probe_tag (json_object_get_object_member (probe, "format"),
                                                            "creation_time"), "2026-11-21T10:21:14"));
  test_metadata_assert_field (clip, CREATED, "2026-11-21T10:21:14Z");
}

/* The header walk's cost: a 20 s clip, moov at the end, then the same
 * clip remuxed with its moov at the start. */
static void
test_bytes_read (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *end = g_build_filename (f->dir, "long-end.mov", NULL);
  g_autofree char *start = g_build_filename (f->dir, "long-start.mov", NULL);
  const char *encode[] = {
    "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25",
    "-f", "lavfi", "-i", "sine=sample_rate=48000",
    "-t", "20", "-c:v", "prores_ks", "-profile:v", "0", "-c:a", "pcm_s24le",
    "-timecode", "12:00:00:00", NULL
  };
  const char *remux[] = { "-i", end, "-map", "0", "-c", "copy", "-movflags", "faststart", NULL };
  const char *paths[] = { end, start };

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (end, encode);
  ingest_test_ffmpeg (start, remux);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonObject) probe = ingest_test_ffprobe (paths[i]);
      g_autoptr(IngestClip) clip = NULL;
      g_autoptr(GError) error = NULL;
      struct stat st;

      clip = test_metadata_read_file (f->reader, paths[i], &error);
      g_assert_no_error (error);
      assert_matches_ffprobe (clip, probe);
      g_assert_cmpint (g_stat (paths[i], &st), ==, 0);
      g_test_message ("20 s ProRes MOV (%s, %" G_GINT64_FORMAT " bytes): %" G_GUINT64_FORMAT " bytes read",
                      i == 0 ? "moov at the end" : "moov at the start",
                      (gint64) st.st_size, ingest_clip_get_bytes_read (clip));
      g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <=, 1024 * 1024);
    }
}

/* Through the reader table, as the metadata stage runs it. */
static void
test_extract (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "A002C001.mov", NULL);
  const char *args[] = {
    "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-frames:v", "50",
    "-c:v", "mjpeg", "-timecode", "23:59:59:00", NULL
  };
  g_autoptr(IngestClip) clip = ingest_clip_new ("A002C001", INGEST_CLIP_KIND_VIDEO, "roll", "");
  g_autoptr(GError) error = NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  ingest_clip_add_file (clip, "A002C001.mov", 0);
  g_assert_true (ingest_metadata_extract_clip (clip, f->dir, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  test_metadata_assert_field (clip, TC_START, "23:59:59:00");
  /* 50 frames at 25 from 23:59:59:00: the last is 00:00:00:24, past midnight. */
  test_metadata_assert_field (clip, TC_END, "00:00:00:24");
  test_metadata_assert_field (clip, DURATION_S, "2");
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), >, 0);

  /* By name: upper case too; never macOS's "._" resource forks. */
  g_assert_true (ingest_metadata_reader_accepts (f->reader, "A001/A001C001.MOV"));
  g_assert_true (ingest_metadata_reader_accepts (f->reader, "CLIP/C0001.MP4"));
  g_assert_false (ingest_metadata_reader_accepts (f->reader, "A001/._A001C001.mov"));
  g_assert_false (ingest_metadata_reader_accepts (f->reader, "C0001.MXF"));
}

static void
test_timecode_rate (Fixture       *f,
                    gconstpointer  data)
{
  const TestTcCase *c = data;
  g_autofree char *path = g_strdup_printf ("%s/tc.mov", f->dir);
  g_autofree char *src = g_strdup_printf ("testsrc=size=64x64:rate=%s", c->rate);
  const char *args[] = {
    "-f", "lavfi", "-i", src, "-frames:v", "12", "-c:v", "mjpeg", "-timecode", c->start, NULL
  };
  g_autoptr(JsonObject) probe = NULL;
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  probe = ingest_test_ffprobe (path);
  clip = test_metadata_read_file (f->reader, path, &error);
  g_assert_no_error (error);
  assert_matches_ffprobe (clip, probe);
  test_metadata_assert_field (clip, TC_START, c->start);
  test_metadata_assert_field (clip, FRAMES, "12");
  ingest_clip_complete_timing (clip);
  test_metadata_assert_field (clip, TC_END, c->end);
}

/* Hostile input, built in memory. */

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

static gsize
box_begin (GByteArray *a,
           const char *type)
{
  gsize start = a->len;

  put32 (a, 0);
  g_byte_array_append (a, (const guint8 *) type, 4);
  return start;
}

static void
box_end (GByteArray *a,
         gsize       start)
{
  guint32 size = a->len - start;

  a->data[start] = size >> 24;
  a->data[start + 1] = size >> 16;
  a->data[start + 2] = size >> 8;
  a->data[start + 3] = size;
}

static void
put_ftyp (GByteArray *a)
{
  gsize b = box_begin (a, "ftyp");

  g_byte_array_append (a, (const guint8 *) "qt  \0\0\2\0qt  ", 12);
  box_end (a, b);
}

static IngestClip *
read_hostile (Fixture     *f,
              GByteArray  *a,
              guint64      budget,
              GQuark       domain,
              int          code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (a->data, a->len);
  g_autoptr(GError) error = NULL;
  IngestClip *clip = test_metadata_read_bytes (f->reader, bytes, budget, &error);

  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  return clip;
}

static void
test_hostile_boxes (Fixture       *f,
                    gconstpointer  data)
{
  const GQuark E = INGEST_METADATA_ERROR;

  /* A box whose size runs past the end of the file. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;

    put_ftyp (a);
    put32 (a, 0x7fffffff);
    g_byte_array_append (a, (const guint8 *) "moov", 4);
    put32 (a, 0);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_TRUNCATED);
    /* What came before stands: the ftyp said QuickTime. */
    test_metadata_assert_field (clip, CONTAINER, "QuickTime");
  }
  /* Size 1 with a huge 64-bit size. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;

    put_ftyp (a);
    put32 (a, 1);
    g_byte_array_append (a, (const guint8 *) "mdat", 4);
    put64 (a, G_MAXUINT64);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_TRUNCATED);
  }
  /* Size 1 with a 64-bit size below its own header. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;

    put32 (a, 1);
    g_byte_array_append (a, (const guint8 *) "mdat", 4);
    put64 (a, 8);
    put64 (a, 0);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* Sizes below the header: 4 at the top, 3 inside the moov. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;

    put32 (a, 4);
    g_byte_array_append (a, (const guint8 *) "wide", 4);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;
    gsize moov = box_begin (a, "moov");

    put32 (a, 3);
    g_byte_array_append (a, (const guint8 *) "trak", 4);
    box_end (a, moov);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* A child bigger than its parent. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;
    gsize moov = box_begin (a, "moov");

    put32 (a, 64);
    g_byte_array_append (a, (const guint8 *) "trak", 4);
    put64 (a, 0);
    box_end (a, moov);
    put64 (a, 0);
    put64 (a, 0);
    put64 (a, 0);
    put64 (a, 0);
    put64 (a, 0);
    put64 (a, 0);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* Zero sizes: to the end of the parent, never a loop. Only zero bytes
   * after an empty moov-sized-zero: no moov content, no error but no fields. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(IngestClip) clip = NULL;
    g_autoptr(GError) error = NULL;
    gsize moov = box_begin (a, "moov");

    for (int i = 0; i < 4; i++)
      {
        put32 (a, 0);
        g_byte_array_append (a, (const guint8 *) "trak", 4);
      }
    box_end (a, moov);
    bytes = g_bytes_new (a->data, a->len);
    clip = test_metadata_read_bytes (f->reader, bytes, 0, &error);
    /* Each trak of size 0 holds the rest, so the second is a trak in a trak. */
    g_assert_error (error, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* 10 000 nested boxes. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;
    gsize *starts = g_new (gsize, 10001);

    starts[0] = box_begin (a, "moov");
    for (int i = 1; i <= 10000; i++)
      starts[i] = box_begin (a, i == 1 ? "trak" : "mdia");
    for (int i = 10000; i >= 0; i--)
      box_end (a, starts[i]);
    g_free (starts);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* A moov larger than the budget is refused before it is read. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;
    gsize moov = box_begin (a, "moov");

    g_byte_array_set_size (a, 2 * 1024 * 1024);
    memset (a->data + 8, 0, a->len - 8);
    box_end (a, moov);
    clip = read_hostile (f, a, 1024 * 1024, E, INGEST_METADATA_ERROR_TOO_LARGE);
    g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <, 1024);
  }
  /* No moov at all (a recording never closed). */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;
    gsize mdat;

    put_ftyp (a);
    mdat = box_begin (a, "mdat");
    put64 (a, 0);
    box_end (a, mdat);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  /* Counts that lie: keys and stts. */
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;
    gsize moov = box_begin (a, "moov"), meta, hdlr, keys;

    meta = box_begin (a, "meta");
    hdlr = box_begin (a, "hdlr");
    put32 (a, 0);
    put32 (a, 0);
    g_byte_array_append (a, (const guint8 *) "mdta", 4);
    box_end (a, hdlr);
    keys = box_begin (a, "keys");
    put32 (a, 0);
    put32 (a, 0xffffffff);
    box_end (a, keys);
    box_end (a, meta);
    box_end (a, moov);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
  {
    g_autoptr(GByteArray) a = g_byte_array_new ();
    g_autoptr(IngestClip) clip = NULL;
    gsize moov = box_begin (a, "moov"), trak, mdia, minf, stbl, stts;

    trak = box_begin (a, "trak");
    mdia = box_begin (a, "mdia");
    minf = box_begin (a, "minf");
    stbl = box_begin (a, "stbl");
    stts = box_begin (a, "stts");
    put32 (a, 0);
    put32 (a, 0x20000000);
    put32 (a, 1);
    put32 (a, 1001);
    box_end (a, stts);
    box_end (a, stbl);
    box_end (a, minf);
    box_end (a, mdia);
    box_end (a, trak);
    box_end (a, moov);
    clip = read_hostile (f, a, 0, E, INGEST_METADATA_ERROR_MALFORMED);
  }
}

/* Top-level box ends of a real file: cutting exactly there leaves a valid file. */
static gboolean
is_box_boundary (const guint8 *data,
                 gsize         len,
                 gsize         cut)
{
  gsize pos = 0;

  while (pos + 8 <= len)
    {
      guint64 size = (guint64) data[pos] << 24 | data[pos + 1] << 16 | data[pos + 2] << 8 | data[pos + 3];

      if (size == 1)
        for (int i = 0; i < 8; i++)
          size = (i == 0 ? 0 : size << 8) | data[pos + 8 + i];
      if (size < 8)
        return FALSE;
      pos += size;
      if (pos == cut)
        return TRUE;
    }
  return FALSE;
}

static void
test_truncated_copies (Fixture       *f,
                       gconstpointer  data)
{
  const char *flags[] = { NULL, "faststart" };

  if (!have_tools ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/cut-%u.mov", f->dir, i);
      const char *args[] = {
        "-f", "lavfi", "-i", "testsrc=size=64x64:rate=25", "-frames:v", "25", "-c:v", "mjpeg",
        "-timecode", "01:00:00:00", "-movflags", "use_metadata_tags",
        "-metadata", "com.arri.camera.ReelName=A001R1AB",
        flags[i] != NULL ? "-movflags" : NULL, flags[i], NULL
      };
      g_autoptr(GBytes) whole = NULL;
      const guint8 *bytes;
      gsize len;

      ingest_test_ffmpeg (path, args);
      whole = ingest_test_read_bytes (path);
      bytes = g_bytes_get_data (whole, &len);
      for (gsize cut = 0; cut < len; cut += (cut < 4096 ? 7 : 331))
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (whole, 0, cut);
          g_autoptr(IngestClip) clip = NULL;
          g_autoptr(GError) error = NULL;

          clip = test_metadata_read_bytes (f->reader, part, 0, &error);
          if (is_box_boundary (bytes, len, cut))
            continue;
          g_assert_nonnull (error);
          g_assert_true (error->domain == INGEST_METADATA_ERROR);
          /* moov at the start, cut in the media: the moov's fields stand. */
          if (flags[i] != NULL && error->code == INGEST_METADATA_ERROR_TRUNCATED &&
              ingest_clip_has_field (clip, INGEST_CLIP_FIELD_REEL))
            {
              test_metadata_assert_field (clip, CODEC, "Motion JPEG");
              test_metadata_assert_field (clip, FRAMES, "25");
            }
        }
    }
}

/* A moov-at-start file cut in its media keeps every field and says why. */
static void
test_fields_kept (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "kept.mov", NULL);
  const char *args[] = {
    "-f", "lavfi", "-i", "testsrc=size=64x64:rate=25", "-frames:v", "25", "-c:v", "mjpeg",
    "-timecode", "01:00:00:00", "-movflags", "+faststart+use_metadata_tags",
    "-metadata", "com.arri.camera.ReelName=A001R1AB", NULL
  };
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) part = NULL;
  g_autoptr(IngestClip) clip = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_tools ())
    return;
  ingest_test_ffmpeg (path, args);
  whole = ingest_test_read_bytes (path);
  part = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) - 100);
  clip = test_metadata_read_bytes (f->reader, part, 0, &error);
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED);
  test_metadata_assert_field (clip, CODEC, "Motion JPEG");
  test_metadata_assert_field (clip, REEL, "A001R1AB");
  test_metadata_assert_field (clip, FRAMES, "25");
  /* The tmcd sample sits in the mdat, still there. */
  test_metadata_assert_field (clip, TC_START, "01:00:00:00");

  /* Through the reader table the error becomes the clip's problem, named
   * by its file, and the fields stay. */
  {
    g_autofree char *cut = g_build_filename (f->dir, "cut.mov", NULL);
    g_autoptr(IngestClip) staged = ingest_clip_new ("cut", INGEST_CLIP_KIND_VIDEO, "roll", "");

    ingest_test_write_file (cut, g_bytes_get_data (part, NULL), g_bytes_get_size (part));
    ingest_clip_add_file (staged, "cut.mov", g_bytes_get_size (part));
    g_assert_true (ingest_metadata_extract_clip (staged, f->dir, NULL, NULL));
    g_assert_cmpuint (ingest_clip_get_n_problems (staged), ==, 1);
    g_assert_true (g_str_has_prefix (ingest_clip_get_problem (staged, 0), "cut.mov: "));
    test_metadata_assert_field (staged, REEL, "A001R1AB");
    test_metadata_assert_field (staged, TC_END, "01:00:00:24");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, test_metadata_fixture_teardown)
  ADD ("/metadata/isobmff/prores-arri", test_prores_arri);
  ADD ("/metadata/isobmff/mp4-h264", test_mp4_h264);
  ADD ("/metadata/isobmff/bytes-read", test_bytes_read);
  ADD ("/metadata/isobmff/extract", test_extract);
  for (guint i = 0; i < test_metadata_n_tc_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("/metadata/isobmff/timecode/%s", test_metadata_tc_cases[i].name);

      g_test_add (path, Fixture, &test_metadata_tc_cases[i], fixture_setup, test_timecode_rate, test_metadata_fixture_teardown);
    }
  ADD ("/metadata/isobmff/hostile-boxes", test_hostile_boxes);
  ADD ("/metadata/isobmff/truncated-copies", test_truncated_copies);
  ADD ("/metadata/isobmff/fields-kept", test_fields_kept);
#undef ADD

  return g_test_run ();
}
