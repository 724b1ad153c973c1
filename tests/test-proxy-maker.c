/* test-proxy-maker.c
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

#define G_LOG_DOMAIN "test-proxy-maker"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest-demo.h"
#include "ingest-proxy.h"
#include "ingest-proxy-burn-in-private.h"
#include "ingest-proxy-tmcd-private.h"
#include "ingest-test-util.h"

/* The proxy maker against ffmpeg-made camera-like sources, every proxy
 * checked with ffprobe/ffmpeg (and a GStreamer pipeline of our own for the
 * burned-in text's reference). Sources are short and small: the whole
 * program has to stay well under a minute on two shared cores. */

static char *tmp_dir;

/* ---- sources ---- */

static char *
make_source (const char         *name,
             const char * const *args)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    ingest_test_ffmpeg (path, args);
  return path;
}

static IngestProxySource *
source_new (const char *clip_name,
            const char *path,
            guint       fps_num,
            guint       fps_den,
            const char *tc)
{
  IngestProxySource *source = g_new0 (IngestProxySource, 1);
  const char *files[] = { path, NULL };

  source->clip_name = g_strdup (clip_name);
  source->roll_name = g_strdup ("A001");
  source->reel = g_strdup ("A001R2XY");
  source->kind = INGEST_CLIP_KIND_VIDEO;
  source->files = g_strdupv ((char **) files);
  source->fps_num = fps_num;
  source->fps_den = fps_den;
  source->squeeze = 1.0;
  if (tc != NULL)
    {
      g_assert_true (ingest_timecode_init (&source->tc_start, fps_num, fps_den, strchr (tc, ';') != NULL));
      g_assert_true (ingest_timecode_parse (&source->tc_start, tc));
      source->has_tc = TRUE;
    }
  return source;
}

static char *
out_dir_new (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* ---- ffprobe ---- */

typedef struct
{
  JsonParser *parser;
  JsonObject *video;
  JsonObject *audio;
  JsonObject *tmcd;
  JsonObject *format;
} Probe;

static void
probe_clear (Probe *probe)
{
  g_clear_object (&probe->parser);
}

static const char *
tag (JsonObject *object,
     const char *name)
{
  JsonObject *tags;

  if (object == NULL || !json_object_has_member (object, "tags"))
    return NULL;
  tags = json_object_get_object_member (object, "tags");
  return json_object_get_string_member_with_default (tags, name, NULL);
}

static void
probe_file (Probe      *probe,
            const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-print_format", "json", "-count_packets",
                         "-show_streams", "-show_format", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *streams;
  int status = -1;

  memset (probe, 0, sizeof *probe);
  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  probe->parser = json_parser_new ();
  json_parser_load_from_data (probe->parser, out, -1, &error);
  g_assert_no_error (error);
  streams = json_object_get_array_member (json_node_get_object (json_parser_get_root (probe->parser)), "streams");
  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);
      const char *type = json_object_get_string_member (stream, "codec_type");

      if (g_strcmp0 (type, "video") == 0 && probe->video == NULL)
        probe->video = stream;
      else if (g_strcmp0 (type, "audio") == 0 && probe->audio == NULL)
        probe->audio = stream;
      else if (g_strcmp0 (type, "data") == 0 &&
               g_strcmp0 (json_object_get_string_member_with_default (stream, "codec_tag_string", ""), "tmcd") == 0)
        probe->tmcd = stream;
    }
  probe->format = json_object_get_object_member (json_node_get_object (json_parser_get_root (probe->parser)), "format");
}

static double
member_double (JsonObject *object,
               const char *name)
{
  const char *text = json_object_get_string_member_with_default (object, name, "nan");

  return g_ascii_strtod (text, NULL);
}

static gint64
member_int_text (JsonObject *object,
                 const char *name)
{
  return g_ascii_strtoll (json_object_get_string_member_with_default (object, name, "-1"), NULL, 10);
}

/* What every proxy is: H.264 High 8-bit 4:2:0 in a MOV (moov first),
 * square pixels, the source's rate, length and frames, a timecode track
 * starting at the source timecode with the clip and reel names. */
static void
assert_proxy (const IngestProxyResult *result,
              const IngestProxySource *source,
              IngestProxyPreset        settings_preset,
              Probe                   *source_probe,
              guint                    width,
              guint                    height)
{
  Probe probe;
  double frame = (double) source->fps_den / source->fps_num;
  g_autofree char *rate = g_strdup_printf ("%u/%u", source->fps_num, source->fps_den);
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (result->proxy_path);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  const void *moov = memmem (data, g_bytes_get_size (bytes), "moov", 4);
  const void *mdat = memmem (data, g_bytes_get_size (bytes), "mdat", 4);

  g_assert_nonnull (moov);
  g_assert_nonnull (mdat);
  g_assert_true ((const guint8 *) moov < (const guint8 *) mdat);  /* faststart */

  probe_file (&probe, result->proxy_path);
  g_assert_nonnull (probe.video);
  g_assert_cmpstr (json_object_get_string_member (probe.video, "codec_name"), ==, "h264");
  g_assert_cmpstr (json_object_get_string_member (probe.video, "profile"), ==, "High");
  g_assert_cmpstr (json_object_get_string_member (probe.video, "pix_fmt"), ==, "yuv420p");
  g_assert_cmpint (json_object_get_int_member (probe.video, "width"), ==, width);
  g_assert_cmpint (json_object_get_int_member (probe.video, "height"), ==, height);
  g_assert_cmpuint (result->width, ==, width);
  g_assert_cmpuint (result->height, ==, height);
  if (json_object_has_member (probe.video, "sample_aspect_ratio"))
    g_assert_cmpstr (json_object_get_string_member (probe.video, "sample_aspect_ratio"), ==, "1:1");
  g_assert_cmpstr (json_object_get_string_member (probe.video, "r_frame_rate"), ==, rate);
  /* Progressive, whatever the source was. */
  if (json_object_has_member (probe.video, "field_order"))
    g_assert_cmpstr (json_object_get_string_member (probe.video, "field_order"), ==, "progressive");

  /* Duration within a frame, the same frames. */
  g_assert_cmpfloat (fabs (member_double (probe.video, "duration") -
                           member_double (source_probe->video, "duration")), <=, frame + 1e-6);
  g_assert_cmpfloat (fabs (result->duration_s - member_double (source_probe->video, "duration")), <=, frame + 1e-6);
  g_assert_cmpint (member_int_text (probe.video, "nb_read_packets"), ==,
                   member_int_text (source_probe->video, "nb_read_packets"));
  g_assert_cmpint (result->frames, ==, member_int_text (source_probe->video, "nb_read_packets"));

  g_assert_cmpstr (tag (probe.format, "title"), ==, source->clip_name);
  if (source->has_tc)
    {
      g_autofree char *tc = ingest_timecode_to_string (&source->tc_start);

      g_assert_nonnull (probe.tmcd);
      g_assert_cmpstr (tag (probe.tmcd, "timecode"), ==, tc);
      g_assert_cmpstr (tag (probe.tmcd, "reel_name"), ==, source->reel);
      g_assert_cmpstr (result->tc_start, ==, tc);
    }

  if (source_probe->audio != NULL)
    {
      g_assert_nonnull (probe.audio);
      g_assert_cmpstr (json_object_get_string_member (probe.audio, "codec_name"), ==, "aac");
      g_assert_cmpstr (json_object_get_string_member (probe.audio, "profile"), ==, "LC");
      g_assert_cmpstr (json_object_get_string_member (probe.audio, "sample_rate"), ==, "48000");
      g_assert_cmpint (json_object_get_int_member (probe.audio, "channels"), ==, 2);
      /* The preset's rate, give or take what a short clip's AAC frames make of it. */
      g_assert_cmpfloat (fabs (member_double (probe.audio, "bit_rate") /
                               ingest_proxy_preset_get_audio_bitrate (settings_preset) - 1), <, 0.25);
    }
  else
    g_assert_null (probe.audio);
  probe_clear (&probe);
}

static IngestProxyResult *
make_and_check (IngestProxySource   *source,
                IngestProxySettings *settings,
                const char          *out_dir,
                guint                width,
                guint                height)
{
  g_autoptr(GError) error = NULL;
  IngestProxyResult *result;
  Probe source_probe;

  result = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, INGEST_PROXY_STATUS_MADE);
  probe_file (&source_probe, source->files[0]);
  assert_proxy (result, source, settings->preset, &source_probe, width, height);
  probe_clear (&source_probe);
  return result;
}

/* ---- the codecs ---- */

static void
made_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  IngestProxyResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ingest_proxy_make_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer user_data)
{
  return *(gpointer *) user_data != NULL;
}

/* The RMS level (dB) of each of the two channels of a movie's sound. */
static void
channel_levels (const char *path,
                double     *left,
                double     *right)
{
  g_autofree char *graph = g_strdup_printf ("amovie=%s,astats=metadata=1:reset=0", path);
  const char *argv[] = { "ffprobe", "-v", "error", "-f", "lavfi", "-i", graph, "-show_entries",
                         "frame_tags=lavfi.astats.1.RMS_level,lavfi.astats.2.RMS_level",
                         "-of", "csv=p=0", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  guint n;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >, 0);
  fields = g_strsplit (lines[n - 1], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  *left = g_ascii_strcasecmp (fields[0], "-inf") == 0 ? -200 : g_ascii_strtod (fields[0], NULL);
  *right = g_ascii_strcasecmp (fields[1], "-inf") == 0 ? -200 : g_ascii_strtod (fields[1], NULL);
}

/* 10-bit ProRes 422 HQ with a timecode and 24-bit PCM on four channels: a
 * tone on 1, silence on 2, loud noise on 3 and 4. The proxy's stereo is
 * channels 1 and 2, not a mix of all four. The web preset; then the same
 * settings again (also asynchronously): reused, not made; other settings:
 * made again. */
static void
test_prores (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25",
                         "-f", "lavfi", "-i", "sine=f=440:r=48000",
                         "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono",
                         "-f", "lavfi", "-i", "anoisesrc=r=48000:a=0.9",
                         "-filter_complex", "[3:a]asplit=2[c][d];[1:a][2:a][c][d]amerge=inputs=4[out]",
                         "-map", "0:v", "-map", "[out]", "-t", "1",
                         "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le",
                         "-c:a", "pcm_s24le", "-timecode", "01:02:03:04", NULL };
  g_autofree char *path = make_source ("A001C001.mov", args);
  g_autofree char *out_dir = out_dir_new ("prores");
  g_autoptr(IngestProxySource) source = source_new ("A001C001", path, 25, 1, "01:02:03:04");
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(IngestProxyResult) again = NULL;
  g_autoptr(IngestProxyResult) async = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *leftover = g_build_filename (out_dir, ".A001C001.partial.mov", NULL);
  GStatBuf before, after;
  double left, right;

  /* What a killed run left is cleaned, not published. */
  g_mkdir_with_parents (out_dir, 0755);
  ingest_test_write_file (leftover, "half", 4);

  result = make_and_check (source, settings, out_dir, 960, 540);
  g_assert_false (g_file_test (leftover, G_FILE_TEST_EXISTS));
  channel_levels (result->proxy_path, &left, &right);
  g_test_message ("proxy sound: left %.1f dB, right %.1f dB", left, right);
  /* The tone alone is -21 dB; the noise of 3 and 4 would be near -5. */
  g_assert_cmpfloat (left, >, -24);
  g_assert_cmpfloat (left, <, -18);
  g_assert_cmpfloat (right, <, -60);
  /* The poster and the filmstrip are published beside it. */
  g_assert_true (g_file_test (result->poster_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (result->filmstrip_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (result->filmstrip_frames, ==, settings->filmstrip_frames);
  g_assert_cmpstr (result->proxy_path, ==, g_build_filename (out_dir, "A001C001.mov", NULL));

  g_assert_cmpint (g_stat (result->proxy_path, &before), ==, 0);
  again = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->status, ==, INGEST_PROXY_STATUS_REUSED);
  g_assert_cmpint (g_stat (again->proxy_path, &after), ==, 0);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);
  g_assert_cmpint (again->frames, ==, result->frames);
  g_assert_cmpstr (again->tc_start, ==, result->tc_start);
  g_assert_cmpstr (again->poster_path, ==, result->poster_path);

  /* The same through GTask, the result back on this thread's context. */
  ingest_proxy_make_async (source, settings, out_dir, NULL, made_cb, &async);
  ingest_test_wait_until (is_set, &async, 30000);
  g_assert_cmpint (async->status, ==, INGEST_PROXY_STATUS_REUSED);

  /* Other settings: made again, over the old one. */
  settings->burn_in = !settings->burn_in;
  g_clear_pointer (&again, ingest_proxy_result_free);
  again = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->status, ==, INGEST_PROXY_STATUS_MADE);
}

/* One source per codec family, made by ffmpeg, with the clip's rate and
 * start timecode as the metadata stage gives them, and the preset and size
 * its proxy must have. */
typedef struct
{
  const char        *name;     /* the test's, and its output folder's */
  const char        *file;     /* the source's; the clip is its stem */
  guint              fps_num;
  guint              fps_den;
  const char        *tc;
  IngestProxyPreset  preset;
  guint              width;
  guint              height;
  const char        *args[32];
} CodecCase;

static const CodecCase codec_cases[] = {
  /* DNxHR HQ in MXF (mxfdemux), 16-bit PCM. */
  { "dnxhr-mxf", "B001C002.mxf", 25, 1, "10:00:00:00", INGEST_PROXY_PRESET_WEB, 960, 540,
    { "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
      "-f", "lavfi", "-i", "sine=f=440:r=48000", "-t", "1",
      "-c:v", "dnxhd", "-profile:v", "dnxhr_hq", "-pix_fmt", "yuv422p",
      "-c:a", "pcm_s16le", "-timecode", "10:00:00:00", "-f", "mxf", NULL } },
  /* XAVC-like H.264 High 4:2:2 10-bit intra in MP4, the edit preset (no
   * larger than the source). */
  { "h264-422-10bit", "C001C003.mp4", 50, 1, "12:00:00:00", INGEST_PROXY_PRESET_EDIT, 1280, 720,
    { "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=50", "-t", "0.6",
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv422p10le",
      "-profile:v", "high422", "-x264-params", "keyint=1", NULL } },
  /* HEVC Main10 ('hvc1') at 23.976 with a timecode just before the hour. */
  { "hevc-main10", "D001C004.mov", 24000, 1001, "00:59:59:23", INGEST_PROXY_PRESET_WEB, 640, 360,
    { "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24000/1001", "-t", "1",
      "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
      "-x265-params", "log-level=error", "-tag:v", "hvc1",
      "-timecode", "00:59:59:23", NULL } },
  /* MPEG-2 at 29.97 drop-frame, interlaced (bottom field first, as NTSC
   * DV and XDCAM SD are), with AAC sound: a progressive proxy with the
   * source's frames and rate, starting at the drop-frame timecode. */
  { "mpeg2-drop-frame", "E001C005.mov", 30000, 1001, "01:00:00;02", INGEST_PROXY_PRESET_WEB, 720, 480,
    { "-f", "lavfi", "-i", "testsrc2=size=720x480:rate=30000/1001",
      "-f", "lavfi", "-i", "sine=f=440:r=48000", "-t", "1",
      "-c:v", "mpeg2video", "-q:v", "4", "-flags", "+ilme+ildct", "-top", "0",
      "-c:a", "aac",
      "-timecode", "01:00:00;02", NULL } },
  /* AVCHD: H.264 and AC-3 in an M2TS (192-byte packets), tsdemux. */
  { "avchd", "00001.MTS", 25, 1, "00:10:00:00", INGEST_PROXY_PRESET_WEB, 640, 360,
    { "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
      "-f", "lavfi", "-i", "sine=f=440:r=48000", "-t", "1",
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
      "-c:a", "ac3", "-f", "mpegts", "-mpegts_m2ts_mode", "1", NULL } },
};

/* assert_proxy() checks the rest: codec, rate, frames, timecode (as
 * written, drop-frame too), sound. */
static void
test_codec (gconstpointer data)
{
  const CodecCase *c = data;
  g_autofree char *clip = g_strndup (c->file, strcspn (c->file, "."));
  g_autofree char *path = make_source (c->file, c->args);
  g_autofree char *out_dir = out_dir_new (c->name);
  g_autoptr(IngestProxySource) source = source_new (clip, path, c->fps_num, c->fps_den, c->tc);
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (c->preset);
  g_autoptr(IngestProxyResult) result = make_and_check (source, settings, out_dir, c->width, c->height);

  g_assert_cmpstr (result->tc_start, ==, c->tc);
}

/* The display aspect is kept: 2:1 pixels in the container, or a 2× squeeze
 * from the metadata on square pixels, both give a picture twice as wide,
 * in square pixels. No sound in the source, none in the proxy. */
static void
test_anamorphic (void)
{
  const char *sar_args[] = { "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25", "-t", "0.4",
                             "-vf", "setsar=2", "-c:v", "prores_ks", "-profile:v", "0", NULL };
  const char *square_args[] = { "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25", "-t", "0.4",
                                "-c:v", "prores_ks", "-profile:v", "0", NULL };
  g_autofree char *sar_path = make_source ("F001C006.mov", sar_args);
  g_autofree char *square_path = make_source ("F001C007.mov", square_args);
  g_autofree char *out_dir = out_dir_new ("anamorphic");
  g_autoptr(IngestProxySource) sar = source_new ("F001C006", sar_path, 25, 1, NULL);
  g_autoptr(IngestProxySource) squeezed = source_new ("F001C007", square_path, 25, 1, NULL);
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) sar_result = NULL;
  g_autoptr(IngestProxyResult) squeezed_result = NULL;

  settings->burn_in = FALSE;
  sar_result = make_and_check (sar, settings, out_dir, 960, 270);
  squeezed->squeeze = 2.0;
  squeezed_result = make_and_check (squeezed, settings, out_dir, 960, 270);
}

/* An EXR frame sequence (OpenEXR through the sequence source), frame 1002
 * missing: the proxy still has the sequence's five frames, its rate and
 * its timecode. */
static void
test_exr_sequence (void)
{
  static const gint64 numbers[] = { 1000, 1001, 1003, 1004 };
  g_autofree char *frames_dir = g_build_filename (tmp_dir, "K001C011", NULL);
  g_autofree char *out_dir = out_dir_new ("exr");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IngestProxySource) source = NULL;
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IngestDemoExr spec = { .width = 320, .height = 180, .compression = 3, .fps_num = 25, .fps_den = 1 };
  Probe probe;

  g_mkdir_with_parents (frames_dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *name = g_strdup_printf ("K001C011.%07" G_GINT64_FORMAT ".exr", numbers[i]);
      char *path = g_build_filename (frames_dir, name, NULL);

      spec.pattern = i;
      g_assert_true (ingest_demo_exr_write (path, &spec, &error));
      g_assert_no_error (error);
      g_ptr_array_add (files, path);
    }
  g_ptr_array_add (files, NULL);

  source = source_new ("K001C011", "/unused", 25, 1, "03:00:00:00");
  g_strfreev (source->files);
  source->files = g_strdupv ((char **) files->pdata);
  source->kind = INGEST_CLIP_KIND_SEQUENCE;
  source->frame_first = 1000;
  source->frame_last = 1004;
  source->frames = 5;

  result = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, INGEST_PROXY_STATUS_MADE);
  probe_file (&probe, result->proxy_path);
  g_assert_cmpstr (json_object_get_string_member (probe.video, "codec_name"), ==, "h264");
  g_assert_cmpint (json_object_get_int_member (probe.video, "width"), ==, 320);
  g_assert_cmpint (json_object_get_int_member (probe.video, "height"), ==, 180);
  g_assert_cmpint (member_int_text (probe.video, "nb_read_packets"), ==, 5);
  g_assert_cmpfloat (fabs (member_double (probe.video, "duration") - 0.2), <=, 1.0 / 25 + 1e-6);
  g_assert_cmpstr (json_object_get_string_member (probe.video, "r_frame_rate"), ==, "25/1");
  g_assert_cmpstr (tag (probe.tmcd, "timecode"), ==, "03:00:00:00");
  g_assert_cmpstr (tag (probe.tmcd, "reel_name"), ==, "A001R2XY");
  g_assert_null (probe.audio);
  probe_clear (&probe);
}

/* A key frame every two seconds, on the second: frames 0, 50 and 100 of a
 * 5 s clip at 25 fps (ffprobe's packet flags). */
static void
test_gop (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-t", "5",
                         "-c:v", "prores_ks", "-profile:v", "0", NULL };
  g_autofree char *path = make_source ("L001C012.mov", args);
  g_autofree char *out_dir = out_dir_new ("gop");
  g_autoptr(IngestProxySource) source = source_new ("L001C012", path, 25, 1, NULL);
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) keys = g_string_new (NULL);
  int status = -1;

  settings->burn_in = FALSE;
  result = make_and_check (source, settings, out_dir, 160, 90);
  {
    const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                           "packet=flags", "-of", "csv=p=0", result->proxy_path, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] == 'K')
      g_string_append_printf (keys, "%s%u", keys->len > 0 ? "," : "", i);
  g_assert_cmpstr (keys->str, ==, "0,50,100");
}

/* ---- sound and picture together ---- */

/* Seconds of the first line of "time,value" CSV whose value passes
 * THRESHOLD, or -1. */
static double
first_over (const char *csv,
            double      threshold)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      if (g_strv_length (fields) >= 2 && g_ascii_strtod (fields[1], NULL) > threshold &&
          g_ascii_strcasecmp (g_strstrip (fields[1]), "-inf") != 0)
        return g_ascii_strtod (fields[0], NULL);
    }
  return -1;
}

/* A white flash on frame 50 of a 50 fps clip and a beep starting at the
 * same instant (1.000 s): found in the proxy by ffprobe's signalstats and
 * astats, at most a frame (20 ms) apart — AAC's encoder delay (33 ms) is
 * more than that. */
static void
test_av_sync (void)
{
  const char *args[] = { "-f", "lavfi", "-i",
                         "color=c=black:size=320x180:rate=50:duration=2,drawbox=c=white:t=fill:enable='eq(n,50)'",
                         "-f", "lavfi", "-i",
                         "aevalsrc=exprs='if(between(t,1,1.2),0.8*sin(2*PI*1000*t),0)':s=48000:d=2",
                         "-c:v", "prores_ks", "-profile:v", "0", "-c:a", "pcm_s16le", NULL };
  g_autofree char *path = make_source ("G001C008.mov", args);
  g_autofree char *out_dir = out_dir_new ("sync");
  g_autoptr(IngestProxySource) source = source_new ("G001C008", path, 50, 1, "00:00:10:00");
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autofree char *video_graph = NULL;
  g_autofree char *audio_graph = NULL;
  g_autofree char *video_csv = NULL;
  g_autofree char *audio_csv = NULL;
  double flash, beep;
  int status = -1;

  settings->burn_in = FALSE;
  result = make_and_check (source, settings, out_dir, 320, 180);

  video_graph = g_strdup_printf ("movie=%s,signalstats", result->proxy_path);
  audio_graph = g_strdup_printf ("amovie=%s,asetnsamples=n=240,astats=metadata=1:reset=1", result->proxy_path);
  {
    const char *argv[] = { "ffprobe", "-v", "error", "-f", "lavfi", "-i", video_graph,
                           "-show_entries", "frame=pts_time:frame_tags=lavfi.signalstats.YAVG",
                           "-of", "csv=p=0", NULL };

    video_csv = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *argv[] = { "ffprobe", "-v", "error", "-f", "lavfi", "-i", audio_graph,
                           "-show_entries", "frame=pts_time:frame_tags=lavfi.astats.Overall.RMS_level",
                           "-of", "csv=p=0", NULL };

    audio_csv = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  flash = first_over (video_csv, 128);
  beep = first_over (audio_csv, -30);
  g_test_message ("flash at %.4f s, beep at %.4f s", flash, beep);
  g_assert_cmpfloat (flash, >, 0.9);
  g_assert_cmpfloat (beep, >, 0.9);
  g_assert_cmpfloat (fabs (flash - beep), <=, 1.0 / 50 + 1e-6);
}

/* ---- burn-ins ---- */

typedef struct
{
  guint8 *data;
  guint   width;
  guint   height;
} Gray;

/* Frame N of a movie as 8-bit luma, decoded by ffmpeg. */
static Gray
gray_frame (const char *path,
            guint       n,
            guint       width,
            guint       height)
{
  g_autofree char *filter = g_strdup_printf ("select=eq(n\\,%u)", n);
  g_autofree char *out_path = g_strdup_printf ("%s.%u.gray", path, n);
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", path, "-vf", filter,
                         "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", out_path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int status = -1;
  Gray gray = { NULL, width, height };

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  bytes = ingest_test_read_bytes (out_path);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, (gsize) width * height);
  gray.data = g_memdup2 (g_bytes_get_data (bytes, NULL), width * height);
  return gray;
}

/* Frame N of the raw GRAY8 frames GStreamer wrote to PATH. */
static Gray
gray_raw_frame (const char *path,
                guint       n,
                guint       width,
                guint       height)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);
  gsize frame = (gsize) width * height;
  Gray gray = { NULL, width, height };

  g_assert_cmpuint (g_bytes_get_size (bytes), >=, frame * (n + 1));
  gray.data = g_memdup2 ((const guint8 *) g_bytes_get_data (bytes, NULL) + frame * n, frame);
  return gray;
}

/* PSNR (dB) of 8-bit samples from their summed squared differences; 99
 * for identical ones. */
static double
psnr_of (double sum,
         guint  count)
{
  if (sum == 0)
    return 99;
  return 10 * log10 (255.0 * 255.0 / (sum / count));
}

/* PSNR of two pictures over the rectangle x0..x1 × y0..y1 (fractions). */
static double
region_psnr (const Gray *a,
             const Gray *b,
             double      x0,
             double      y0,
             double      x1,
             double      y1)
{
  double sum = 0;
  guint count = 0;

  for (guint y = y0 * a->height; y < y1 * a->height; y++)
    for (guint x = x0 * a->width; x < x1 * a->width; x++)
      {
        double d = (double) a->data[y * a->width + x] - b->data[y * b->width + x];

        sum += d * d;
        count++;
      }
  return psnr_of (sum, count);
}

/* PSNR of A against B over the pixels where the references R1 and R2
 * differ: where the two candidate texts are told apart. */
static double
masked_psnr (const Gray *a,
             const Gray *b,
             const Gray *r1,
             const Gray *r2)
{
  double sum = 0;
  guint count = 0;

  for (gsize i = 0; i < (gsize) a->width * a->height; i++)
    if (abs ((int) r1->data[i] - (int) r2->data[i]) > 16)
      {
        double d = (double) a->data[i] - b->data[i];

        sum += d * d;
        count++;
      }
  g_assert_cmpuint (count, >, 20);
  return psnr_of (sum, count);
}

/* The proxy without burn-ins, with a text drawn on it the way the maker
 * draws its timecode (ingest-proxy-burn-in-private.h), by a GStreamer
 * pipeline of the test's own: every frame as GRAY8 into OUT_PATH. */
static void
render_reference (const char *movie,
                  const char *text,
                  const char *out_path)
{
  g_autofree char *location = g_strdup_printf ("location=%s", movie);
  g_autofree char *out_location = g_strdup_printf ("location=%s", out_path);
  g_autofree char *text_arg = g_strdup_printf ("text=%s", text);
  g_autofree char *font = g_strdup_printf ("font-desc=%s", INGEST_PROXY_BURN_IN_FONT);
  g_autofree char *xpad = g_strdup_printf ("xpad=%d", INGEST_PROXY_BURN_IN_PAD);
  g_autofree char *ypad = g_strdup_printf ("ypad=%d", INGEST_PROXY_BURN_IN_PAD);
  const char *argv[] = { "gst-launch-1.0", "-q", "filesrc", location, "!", "qtdemux", "!", "h264parse", "!",
                         "avdec_h264", "!", "textoverlay", text_arg, font, xpad, ypad,
                         "shaded-background=true", "halignment=right", "valignment=bottom", "!",
                         "videoconvert", "!", "video/x-raw,format=GRAY8", "!", "filesink", out_location, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
}

/* The burn-ins are there (the regions differ from the same proxy made
 * without them), and the timecode burned into frame 10 reads 01:02:03:14:
 * it matches a reference of that text drawn the same way much better than
 * one of the next frame's timecode. */
static void
test_burn_in (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "1",
                         "-c:v", "prores_ks", "-profile:v", "0", "-timecode", "01:02:03:04", NULL };
  g_autofree char *path = make_source ("H001C009.mov", args);
  g_autofree char *burn_dir = out_dir_new ("burn");
  g_autofree char *plain_dir = out_dir_new ("plain");
  g_autoptr(IngestProxySource) source = source_new ("H001C009", path, 25, 1, "01:02:03:04");
  g_autoptr(IngestProxySettings) burn = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxySettings) plain = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) burned = NULL;
  g_autoptr(IngestProxyResult) clean = NULL;
  g_autofree char *right_path = g_build_filename (tmp_dir, "right.gray", NULL);
  g_autofree char *wrong_path = g_build_filename (tmp_dir, "wrong.gray", NULL);
  Gray with, without, right, wrong;
  double label, timecode, watermark, right_psnr, wrong_psnr;

  burn->burn_in = TRUE;
  burn->watermark = g_strdup ("NIGHTFALL — For review only");
  plain->burn_in = FALSE;
  burned = make_and_check (source, burn, burn_dir, 640, 360);
  clean = make_and_check (source, plain, plain_dir, 640, 360);

  with = gray_frame (burned->proxy_path, 10, 640, 360);
  without = gray_frame (clean->proxy_path, 10, 640, 360);
  label = region_psnr (&with, &without, 0, 0.85, 0.4, 1);
  timecode = region_psnr (&with, &without, 0.6, 0.85, 1, 1);
  watermark = region_psnr (&with, &without, 0.2, 0, 0.8, 0.15);
  g_test_message ("PSNR with/without burn-ins: label %.1f dB, timecode %.1f dB, watermark %.1f dB",
                  label, timecode, watermark);
  g_assert_cmpfloat (label, <, 25);
  g_assert_cmpfloat (timecode, <, 25);
  g_assert_cmpfloat (watermark, <, 25);

  render_reference (clean->proxy_path, "01:02:03:14", right_path);
  render_reference (clean->proxy_path, "01:02:03:15", wrong_path);
  right = gray_raw_frame (right_path, 10, 640, 360);
  wrong = gray_raw_frame (wrong_path, 10, 640, 360);
  /* The whole timecode box first, then only where the two texts differ. */
  right_psnr = region_psnr (&with, &right, 0.6, 0.85, 1, 1);
  g_test_message ("timecode region vs its reference: %.1f dB", right_psnr);
  g_assert_cmpfloat (right_psnr, >, 28);
  right_psnr = masked_psnr (&with, &right, &right, &wrong);
  wrong_psnr = masked_psnr (&with, &wrong, &right, &wrong);
  g_test_message ("where 01:02:03:14 and 01:02:03:15 differ: %.1f dB to the first, %.1f dB to the second",
                  right_psnr, wrong_psnr);
  g_assert_cmpfloat (right_psnr, >, wrong_psnr + 6);

  g_free (with.data);
  g_free (without.data);
  g_free (right.data);
  g_free (wrong.data);
}

/* The settings' look is applied: a 2³ .cube LUT that inverts every
 * channel gives the negative of the same proxy made without it. A look
 * file that cannot be read is the settings' error, said. */
static void
test_look (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "1",
                         "-c:v", "prores_ks", "-profile:v", "0", "-timecode", "01:02:03:04", NULL };
  static const char cube[] = "TITLE \"negative\"\nLUT_3D_SIZE 2\n"
                             "1 1 1\n0 1 1\n1 0 1\n0 0 1\n1 1 0\n0 1 0\n1 0 0\n0 0 0\n";
  g_autofree char *path = make_source ("H001C009.mov", args);
  g_autofree char *cube_path = g_build_filename (tmp_dir, "negative.cube", NULL);
  g_autofree char *bad_path = g_build_filename (tmp_dir, "bad.cube", NULL);
  g_autofree char *look_dir = out_dir_new ("look");
  g_autofree char *plain_dir = out_dir_new ("look-plain");
  g_autoptr(IngestProxySource) source = source_new ("H001C009", path, 25, 1, "01:02:03:04");
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) looked = NULL;
  g_autoptr(IngestProxyResult) plain = NULL;
  g_autoptr(IngestProxyResult) bad = NULL;
  g_autoptr(GError) error = NULL;
  Gray with, without;
  double inverted, same;

  ingest_test_write_file (cube_path, cube, strlen (cube));
  ingest_test_write_file (bad_path, "LUT_3D_SIZE 2\n1 1 1\n", 20);
  settings->burn_in = FALSE;
  plain = make_and_check (source, settings, plain_dir, 640, 360);
  settings->look_path = g_strdup (cube_path);
  looked = make_and_check (source, settings, look_dir, 640, 360);

  with = gray_frame (looked->proxy_path, 10, 640, 360);
  without = gray_frame (plain->proxy_path, 10, 640, 360);
  same = region_psnr (&with, &without, 0, 0, 1, 1);
  for (gsize i = 0; i < 640 * 360; i++)
    without.data[i] = 255 - without.data[i];
  inverted = region_psnr (&with, &without, 0, 0, 1, 1);
  g_test_message ("look vs plain: %.1f dB as it is, %.1f dB inverted", same, inverted);
  g_assert_cmpfloat (inverted, >, 25);
  g_assert_cmpfloat (same, <, 15);
  g_free (with.data);
  g_free (without.data);

  g_free (settings->look_path);
  settings->look_path = g_strdup (bad_path);
  bad = ingest_proxy_make_sync (source, settings, look_dir, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID);
}

/* ---- stopping ---- */

typedef struct
{
  GCancellable *cancellable;
  char         *watch_path;
} Canceller;

/* Cancels as soon as the partial movie exists: the pipeline is running. */
static gpointer
cancel_thread (gpointer data)
{
  Canceller *canceller = data;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_file_test (canceller->watch_path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_cancellable_cancel (canceller->cancellable);
  return NULL;
}

static void
test_cancel (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "20",
                         "-c:v", "prores_ks", "-profile:v", "0", NULL };
  g_autofree char *path = make_source ("J001C010.mov", args);
  g_autofree char *out_dir = out_dir_new ("cancel");
  g_autoptr(IngestProxySource) source = source_new ("J001C010", path, 25, 1, NULL);
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  Canceller canceller = { cancellable, g_build_filename (out_dir, ".J001C010.partial.mov", NULL) };
  GThread *thread = g_thread_new ("cancel", cancel_thread, &canceller);
  const char *name;

  result = ingest_proxy_make_sync (source, settings, out_dir, cancellable, &error);
  g_thread_join (thread);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing published, nothing left behind. */
  dir = g_dir_open (out_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, NULL);
  g_free (canceller.watch_path);
}

/* The watchdog: a pipeline that makes no progress fails its clip after
 * stall_seconds, is torn down and publishes nothing. The stall is real:
 * GStreamer 1.22's mxfdemux spins on an MXF cut inside its header
 * partition, pulling at the end for ever and posting nothing. */
static void
test_watchdog (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                         "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                         "-t", "2", "-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt", "yuv422p",
                         "-c:a", "pcm_s16le", "-f", "mxf", NULL };
  g_autofree char *whole = make_source ("N001C014-whole.mxf", args);
  g_autofree char *path = g_build_filename (tmp_dir, "N001C014.mxf", NULL);
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (whole);
  g_autofree char *out_dir = out_dir_new ("watchdog");
  g_autoptr(IngestProxySource) source = source_new ("N001C014", path, 25, 1, NULL);
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  gint64 start = g_get_monotonic_time ();
  const char *name;

  ingest_test_write_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) / 20);
  settings->stall_seconds = 1;
  result = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_STALLED);
  /* Seconds, not the 20 s default nor a hang (generous for a busy machine). */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  dir = g_dir_open (out_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, NULL);
}

/* A reel name longer than the tmcd entry's 'name' allows is cut at 255
 * bytes on a character's boundary; ffprobe reads what was written. */
static void
test_long_reel (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-t", "0.4",
                         "-c:v", "prores_ks", "-profile:v", "0", "-timecode", "00:00:01:00", NULL };
  g_autofree char *path = make_source ("M001C013.mov", args);
  g_autofree char *out_dir = out_dir_new ("reel");
  g_autoptr(IngestProxySource) source = source_new ("M001C013", path, 25, 1, "00:00:01:00");
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(GString) reel = g_string_new ("R");
  g_autoptr(GError) error = NULL;
  Probe probe;

  for (guint i = 0; i < 150; i++)
    g_string_append (reel, "é");  /* 301 bytes: the cut falls inside a character */
  g_free (source->reel);
  source->reel = g_strdup (reel->str);
  result = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_no_error (error);
  probe_file (&probe, result->proxy_path);
  g_assert_cmpuint (strlen (tag (probe.tmcd, "reel_name")), ==, 255);
  g_assert_true (g_str_has_prefix (reel->str, tag (probe.tmcd, "reel_name")));
  g_assert_cmpint (member_int_text (probe.video, "nb_read_packets"), ==, 10);
  probe_clear (&probe);
}

/* The post-pass refuses what is not a well-formed moov with a timecode
 * track, without reading past it: truncations, a box claiming more than
 * its parent, no tmcd at all. */
static void
test_tmcd_hostile (void)
{
  static const guint8 no_tmcd[] = { 0, 0, 0, 16, 'm', 'o', 'o', 'v', 0, 0, 0, 8, 't', 'r', 'a', 'k' };
  static const guint8 too_long[] = { 0, 0, 0, 16, 'm', 'o', 'o', 'v', 0, 0, 1, 0, 't', 'r', 'a', 'k' };
  static const guint8 zero[] = { 0, 0, 0, 16, 'm', 'o', 'o', 'v', 0, 0, 0, 0, 's', 't', 's', 'd' };
  static const guint8 short_stsd[] = { 0, 0, 0, 20, 'm', 'o', 'o', 'v', 0, 0, 0, 12, 's', 't', 's', 'd',
                                       0, 0, 0, 9 };
  g_autofree char *out_dir = out_dir_new ("reel");
  g_autofree char *mov = g_build_filename (out_dir, "M001C013.mov", NULL);
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  const guint8 *moov;
  gsize moov_size;

  g_assert_null (_ingest_proxy_tmcd_rewrite_moov (no_tmcd, sizeof no_tmcd, "A", 0));
  g_assert_null (_ingest_proxy_tmcd_rewrite_moov (too_long, sizeof too_long, "A", 0));
  g_assert_null (_ingest_proxy_tmcd_rewrite_moov (zero, sizeof zero, "A", 0));
  g_assert_null (_ingest_proxy_tmcd_rewrite_moov (short_stsd, sizeof short_stsd, "A", 0));

  /* Every truncation of a real moov (the previous test's proxy). */
  if (!g_file_test (mov, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("needs /proxy-maker/long-reel");
      return;
    }
  bytes = ingest_test_read_bytes (mov);
  data = g_bytes_get_data (bytes, NULL);
  moov = memmem (data, g_bytes_get_size (bytes), "moov", 4);
  g_assert_nonnull (moov);
  moov -= 4;
  moov_size = ((gsize) moov[0] << 24) | (moov[1] << 16) | (moov[2] << 8) | moov[3];
  for (gsize cut = 8; cut < moov_size; cut += 7)
    {
      g_autofree guint8 *copy = g_memdup2 (moov, cut);
      g_autoptr(GBytes) rewritten = NULL;

      /* The outer size says the whole moov: a lie the walk catches. */
      g_assert_null (_ingest_proxy_tmcd_rewrite_moov (copy, cut, "A", 0));
      /* Made consistent, the walk meets the cut inside: refused, or
       * (cut on a box boundary after the tmcd entry) rewritten, never
       * read past the copy (valgrind/ASan watch). */
      copy[0] = cut >> 24;
      copy[1] = cut >> 16;
      copy[2] = cut >> 8;
      copy[3] = cut;
      rewritten = _ingest_proxy_tmcd_rewrite_moov (copy, cut, "A", 0);
      if (rewritten != NULL)
        g_assert_cmpuint (g_bytes_get_size (rewritten), <=, cut + 16);
    }
  {
    g_autoptr(GBytes) whole = _ingest_proxy_tmcd_rewrite_moov (moov, moov_size, "A", 0);

    g_assert_nonnull (whole);
  }
}

/* ---- what gets no proxy ---- */

static void
test_not_decodable (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "A002C003_230101_R1AB.R3D", NULL);
  g_autofree char *out_dir = out_dir_new ("r3d");
  g_autoptr(IngestProxySource) source = NULL;
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(IngestProxyResult) failed = NULL;
  g_autoptr(GError) error = NULL;

  ingest_test_write_random_file (path, 4096, 3);
  source = source_new ("A002C003_230101_R1AB", path, 24, 1, NULL);
  g_assert_false (ingest_proxy_check_decodable (source, &error));
  g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE);
  g_assert_nonnull (strstr (error->message, "R3D"));
  g_clear_error (&error);

  result = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE);
  failed = ingest_proxy_result_new_failed (source->clip_name, error);
  g_assert_cmpint (failed->status, ==, INGEST_PROXY_STATUS_NO_PREVIEW);
  g_assert_nonnull (strstr (failed->reason, "R3D cannot be decoded here; the files are still verified"));

  /* The others nothing here decodes, each said by name. */
  {
    static const struct { const char *file; IngestClipKind kind; const char *codec; const char *said; } cases[] = {
      { "A001_C002.braw", INGEST_CLIP_KIND_VIDEO, NULL, "Blackmagic RAW" },
      { "A001C003.ari", INGEST_CLIP_KIND_SEQUENCE, NULL, "ARRIRAW" },
      { "A001C004.mxf", INGEST_CLIP_KIND_VIDEO, "ARRIRAW", "ARRIRAW" },
      { "A001C005.0000001.dpx", INGEST_CLIP_KIND_SEQUENCE, NULL, "DPX" },
      { "T001.wav", INGEST_CLIP_KIND_AUDIO, NULL, "sound take" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *file = g_build_filename (tmp_dir, cases[i].file, NULL);
        g_autoptr(IngestProxySource) other = source_new ("other", file, 24, 1, NULL);

        other->kind = cases[i].kind;
        other->codec = g_strdup (cases[i].codec);
        g_clear_error (&error);
        g_assert_false (ingest_proxy_check_decodable (other, &error));
        g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE);
        g_assert_nonnull (strstr (error->message, cases[i].said));
        g_assert_true (g_str_has_prefix (error->message, "No preview — "));
      }
  }

  /* Stills and frames LibRaw or OpenEXR read are decodable, by name. */
  {
    static const char * const files[] = { "IMG_0001.CR2", "IMG_0002.cr3", "DSC_0003.NEF", "DSC04.ARW",
                                          "A001C006.0000001.dng", "E001C001.000100.exr" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (tmp_dir, files[i], NULL);
        g_autoptr(IngestProxySource) still = source_new ("still", file, 24, 1, NULL);

        still->kind = strchr (files[i], '_') != NULL ? INGEST_CLIP_KIND_STILL : INGEST_CLIP_KIND_SEQUENCE;
        g_clear_error (&error);
        g_assert_true (ingest_proxy_check_decodable (still, &error));
        g_assert_no_error (error);
      }
  }
}

/* A codec the table does not list (QuickTime Animation) is no preview,
 * not a failure: it is not the clip's fault. */
static void
test_unknown_codec (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "0.4",
                         "-c:v", "qtrle", NULL };
  g_autofree char *path = make_source ("rle.mov", args);
  g_autofree char *out_dir = out_dir_new ("rle");
  g_autoptr(IngestProxySource) source = source_new ("rle", path, 25, 1, NULL);
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mov = g_build_filename (out_dir, "rle.mov", NULL);

  result = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE);
  g_assert_false (g_file_test (mov, G_FILE_TEST_EXISTS));
}

static void
test_bad_names (void)
{
  const char *names[] = { "a/b", ".hidden", "", NULL };
  g_autofree char *out_dir = out_dir_new ("names");
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(IngestProxySource) source = source_new (names[i], "/nonexistent.mov", 25, 1, NULL);
      g_autoptr(IngestProxyResult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = ingest_proxy_make_sync (source, settings, out_dir, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ingest_init_gstreamer ();

  if (!ingest_test_require_programs ("ffmpeg", "ffmpeg", "ffprobe", NULL))
    return g_test_run ();

  tmp_dir = ingest_test_make_tmpdir ("test-proxy-maker-XXXXXX");

  g_test_add_func ("/proxy-maker/prores", test_prores);
  for (guint i = 0; i < G_N_ELEMENTS (codec_cases); i++)
    {
      g_autofree char *test_path = g_strconcat ("/proxy-maker/", codec_cases[i].name, NULL);

      g_test_add_data_func (test_path, &codec_cases[i], test_codec);
    }
  g_test_add_func ("/proxy-maker/anamorphic", test_anamorphic);
  g_test_add_func ("/proxy-maker/exr-sequence", test_exr_sequence);
  g_test_add_func ("/proxy-maker/gop", test_gop);
  g_test_add_func ("/proxy-maker/av-sync", test_av_sync);
  g_test_add_func ("/proxy-maker/burn-in", test_burn_in);
  g_test_add_func ("/proxy-maker/look", test_look);
  g_test_add_func ("/proxy-maker/cancel", test_cancel);
  g_test_add_func ("/proxy-maker/watchdog", test_watchdog);
  g_test_add_func ("/proxy-maker/long-reel", test_long_reel);
  g_test_add_func ("/proxy-maker/tmcd-hostile", test_tmcd_hostile);
  g_test_add_func ("/proxy-maker/not-decodable", test_not_decodable);
  g_test_add_func ("/proxy-maker/unknown-codec", test_unknown_codec);
  g_test_add_func ("/proxy-maker/bad-names", test_bad_names);

  status = g_test_run ();
  ingest_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
