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
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest-proxy.h"
#include "ingest-proxy-burn-in-private.h"
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
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *out = NULL;
  int status = -1;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_ptr_array_add (argv, (gpointer) "ffmpeg");
  g_ptr_array_add (argv, (gpointer) "-nostdin");
  g_ptr_array_add (argv, (gpointer) "-v");
  g_ptr_array_add (argv, (gpointer) "error");
  g_ptr_array_add (argv, (gpointer) "-y");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, NULL);
  out = ingest_test_run_capture ((const char * const *) argv->pdata, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
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
  assert_proxy (result, source, &source_probe, width, height);
  probe_clear (&source_probe);
  return result;
}

/* ---- the codecs ---- */

/* 10-bit ProRes 422 HQ with 24-bit PCM on four channels and a timecode;
 * the web preset, then the same settings again: reused, not made. */
static void
test_prores (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25",
                         "-f", "lavfi", "-i", "sine=f=440:r=48000",
                         "-filter_complex", "[1:a]asplit=4[a][b][c][d];[a][b][c][d]amerge=inputs=4[out]",
                         "-map", "0:v", "-map", "[out]", "-t", "1",
                         "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le",
                         "-c:a", "pcm_s24le", "-timecode", "01:02:03:04", NULL };
  g_autofree char *path = make_source ("A001C001.mov", args);
  g_autofree char *out_dir = out_dir_new ("prores");
  g_autoptr(IngestProxySource) source = source_new ("A001C001", path, 25, 1, "01:02:03:04");
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(IngestProxyResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *leftover = g_build_filename (out_dir, ".A001C001.partial.mov", NULL);
  GStatBuf before, after;

  /* What a killed run left is cleaned, not published. */
  g_mkdir_with_parents (out_dir, 0755);
  ingest_test_write_file (leftover, "half", 4);

  result = make_and_check (source, settings, out_dir, 960, 540);
  g_assert_false (g_file_test (leftover, G_FILE_TEST_EXISTS));
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
  g_test_add_func ("/proxy-maker/not-decodable", test_not_decodable);
  g_test_add_func ("/proxy-maker/unknown-codec", test_unknown_codec);
  g_test_add_func ("/proxy-maker/bad-names", test_bad_names);

  status = g_test_run ();
  ingest_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
