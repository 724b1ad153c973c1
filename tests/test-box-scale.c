/* test-box-scale.c
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

#define G_LOG_DOMAIN "test-box-scale"

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "ingest.h"
#include "ingest-proxy.h"
#include "ingest-test-util.h"

/*
 * The proxy's box scaler in a real pipeline (rawvideoparse → ingestboxscale
 * → appsink) against ffmpeg's area scaling of the same frame, and what it
 * must leave alone: interlaced pictures, pictures too small to halve.
 */

static char *scratch_dir;

/* One raw frame of ffmpeg's testsrc2 at SIZE in PIX_FMT. */
static char *
make_frame (const char *name,
            const char *size,
            const char *pix_fmt)
{
  char *path = g_build_filename (scratch_dir, name, NULL);
  g_autofree char *source = g_strdup_printf ("testsrc2=size=%s:rate=25", size);
  const char *argv[] = {
    "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", source, "-frames:v", "1",
    "-pix_fmt", pix_fmt, "-f", "rawvideo", "-y", path, NULL
  };
  g_autofree char *out = NULL;
  int status;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  return path;
}

/* ffmpeg's reference: the same frame area-scaled to W × H, 8-bit 4:2:0. */
static GBytes *
ffmpeg_area (const char *in_path,
             const char *size,
             const char *pix_fmt,
             guint       w,
             guint       h)
{
  g_autofree char *path = g_build_filename (scratch_dir, "reference.yuv", NULL);
  g_autofree char *filter = g_strdup_printf ("scale=%u:%u:flags=area,format=yuv420p", w, h);
  const char *argv[] = {
    "ffmpeg", "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", size,
    "-i", in_path, "-vf", filter, "-f", "rawvideo", "-y", path, NULL
  };
  g_autofree char *out = NULL;
  int status;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  return ingest_test_read_bytes (path);
}

/* Runs the frame at IN_PATH (FORMAT, W × H, INTERLACE) through the scaler
 * fitting MAX_W × MAX_H; returns the sample, caps included. */
static GstSample *
run_scaler (const char *in_path,
            const char *format,
            guint       w,
            guint       h,
            const char *interlace,
            guint       max_w,
            guint       max_h)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  GstSample *sample;

  g_assert_true (ingest_box_scale_register ());
  description = g_strdup_printf ("filesrc location=\"%s\" ! rawvideoparse format=%s width=%u height=%u "
                                 "framerate=25/1 interlaced=%s ! ingestboxscale max-width=%u max-height=%u "
                                 "! appsink name=sink sync=false",
                                 in_path, format, w, h, interlace, max_w, max_h);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_nonnull (sample);
  return sample;
}

/* PSNR of one plane of our I420 frame against the reference's. */
static double
plane_psnr (GstVideoFrame *frame,
            guint          c,
            const guint8  *reference,
            gsize          offset)
{
  int w = GST_VIDEO_FRAME_COMP_WIDTH (frame, c);
  int h = GST_VIDEO_FRAME_COMP_HEIGHT (frame, c);
  double sum = 0;

  for (int y = 0; y < h; y++)
    {
      const guint8 *ours = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (frame, c) + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (frame, c);
      const guint8 *theirs = reference + offset + (gsize) y * w;

      for (int x = 0; x < w; x++)
        sum += (double) (ours[x] - theirs[x]) * (ours[x] - theirs[x]);
    }
  return sum == 0 ? INFINITY : 10 * log10 (255.0 * 255.0 / (sum / ((double) w * h)));
}

static void
check_against_ffmpeg (const char *name,
                      const char *size,
                      const char *pix_fmt,
                      const char *gst_format,
                      guint       w,
                      guint       h,
                      guint       out_w,
                      guint       out_h)
{
  g_autofree char *in_path = make_frame (name, size, pix_fmt);
  g_autoptr(GBytes) reference = ffmpeg_area (in_path, size, pix_fmt, out_w, out_h);
  g_autoptr(GstSample) sample = run_scaler (in_path, gst_format, w, h, "false", 960, 540);
  GstVideoInfo info;
  GstVideoFrame frame;
  const guint8 *ref = g_bytes_get_data (reference, NULL);
  gsize luma = (gsize) out_w * out_h;

  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_I420);
  g_assert_cmpint (info.width, ==, out_w);
  g_assert_cmpint (info.height, ==, out_h);
  g_assert_cmpuint (g_bytes_get_size (reference), ==, luma * 3 / 2);
  g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
  {
    double y = plane_psnr (&frame, 0, ref, 0);
    double u = plane_psnr (&frame, 1, ref, luma);
    double v = plane_psnr (&frame, 2, ref, luma + luma / 4);

    g_test_message ("%s %s → %u×%u vs ffmpeg area: PSNR Y %.1f, U %.1f, V %.1f dB",
                    size, pix_fmt, out_w, out_h, y, u, v);
    /* ffmpeg's area scaler weighs the same boxes; what differs is its
     * rounding and dithering from 10 to 8 bits, and chroma siting. */
    g_assert_cmpfloat (y, >=, 40);
    g_assert_cmpfloat (u, >=, 36);
    g_assert_cmpfloat (v, >=, 36);
  }
  gst_video_frame_unmap (&frame);
}

static void
test_halve_10bit_422 (void)
{
  if (!ingest_test_require_programs ("ffmpeg", "ffmpeg", NULL))
    return;
  check_against_ffmpeg ("hq.yuv", "1920x1080", "yuv422p10le", "i422-10le", 1920, 1080, 960, 540);
}

static void
test_quarter_8bit_420 (void)
{
  if (!ingest_test_require_programs ("ffmpeg", "ffmpeg", NULL))
    return;
  check_against_ffmpeg ("uhd.yuv", "3840x2160", "yuv420p", "i420", 3840, 2160, 960, 540);
}

static void
test_halve_10bit_444 (void)
{
  if (!ingest_test_require_programs ("ffmpeg", "ffmpeg", NULL))
    return;
  /* DCI 2K: halved to 1024×540, the converter after it fits 960×506. */
  check_against_ffmpeg ("4444.yuv", "2048x1080", "yuv444p10le", "y444-10le", 2048, 1080, 1024, 540);
}

/* Left alone: an interlaced picture (halving would mix its fields) and
 * one the proxy needs whole. */
static void
test_passthrough (void)
{
  static const struct { const char *size; guint w, h; const char *interlaced; } cases[] = {
    { "1920x1080", 1920, 1080, "true" },
    { "1280x720", 1280, 720, "false" },
    { "1920x1082", 1920, 1082, "false" },  /* not divisible by 4 */
  };

  if (!ingest_test_require_programs ("ffmpeg", "ffmpeg", NULL))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *in_path = make_frame ("pass.yuv", cases[i].size, "yuv422p10le");
      g_autoptr(GstSample) sample = run_scaler (in_path, "i422-10le", cases[i].w, cases[i].h,
                                                cases[i].interlaced, 960, 540);
      g_autoptr(GBytes) original = ingest_test_read_bytes (in_path);
      GstVideoInfo info;
      GstMapInfo map;

      g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
      g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_I422_10LE);
      g_assert_cmpint (info.width, ==, cases[i].w);
      g_assert_cmpint (info.height, ==, cases[i].h);
      g_assert_true (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ));
      g_assert_cmpmem (map.data, map.size, g_bytes_get_data (original, NULL), g_bytes_get_size (original));
      gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ingest_init_gstreamer ();
  scratch_dir = ingest_test_make_tmpdir ("test-box-scale");

  g_test_add_func ("/box-scale/halve-10bit-422", test_halve_10bit_422);
  g_test_add_func ("/box-scale/quarter-8bit-420", test_quarter_8bit_420);
  g_test_add_func ("/box-scale/halve-10bit-444", test_halve_10bit_444);
  g_test_add_func ("/box-scale/passthrough", test_passthrough);

  status = g_test_run ();
  ingest_test_rm_rf (scratch_dir);
  g_free (scratch_dir);
  return status;
}
