/* test-sequence-src.c
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

#define G_LOG_DOMAIN "test-sequence-src"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "ingest-demo.h"
#include "ingest-proxy.h"
#include "ingest-sequence-src.h"
#include "ingest-test-util.h"

/* The frame sequence source in a real pipeline (source → videoconvert →
 * appsink): frames, missing frames, timestamps, and the pictures against
 * an independent decode (ffmpeg's EXR decoder with its own sRGB curve) or
 * the known bars the demo writers draw. Hostile frames fail cleanly. */

/* Every pipeline here ends well within this; more is a hang. */
#define PIPELINE_DEADLINE_S 30

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("test-sequence-src-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* What came out of a pipeline. */
typedef struct
{
  GPtrArray *frames;   /* GBytes: packed RGB rows, width × 3 bytes each */
  GArray    *pts;      /* GstClockTime */
  GArray    *duration; /* GstClockTime */
  guint      width;
  guint      height;
  int        fps_n;
  int        fps_d;
  char      *error;    /* the error message and its debug text, or NULL */
} Run;

static void
run_free (Run *run)
{
  g_ptr_array_unref (run->frames);
  g_array_unref (run->pts);
  g_array_unref (run->duration);
  g_free (run->error);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
take_sample (Run       *run,
             GstSample *sample)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GByteArray *packed;

  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  run->width = GST_VIDEO_INFO_WIDTH (&info);
  run->height = GST_VIDEO_INFO_HEIGHT (&info);
  run->fps_n = GST_VIDEO_INFO_FPS_N (&info);
  run->fps_d = GST_VIDEO_INFO_FPS_D (&info);
  g_assert_true (gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ));
  packed = g_byte_array_sized_new (run->width * run->height * 3);
  for (guint y = 0; y < run->height; y++)
    g_byte_array_append (packed, (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
                                 y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), run->width * 3);
  gst_video_frame_unmap (&frame);
  g_ptr_array_add (run->frames, g_byte_array_free_to_bytes (packed));
  g_array_append_val (run->pts, GST_BUFFER_PTS (buffer));
  g_array_append_val (run->duration, GST_BUFFER_DURATION (buffer));
}

/* Runs SRC → videoconvert → appsink (RGB) to EOS or an error, within the
 * deadline (a hang fails the test). */
static Run *
run_pipeline (GstElement *src)
{
  Run *run = g_new0 (Run, 1);
  g_autoptr(GstElement) pipeline = gst_pipeline_new (NULL);
  GstElement *convert = gst_element_factory_make ("videoconvert", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw,format=RGB");
  g_autoptr(GstBus) bus = NULL;
  gint64 deadline = g_get_monotonic_time () + PIPELINE_DEADLINE_S * G_USEC_PER_SEC;

  run->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  run->pts = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  run->duration = g_array_new (FALSE, FALSE, sizeof (GstClockTime));

  g_object_set (sink, "caps", caps, "sync", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, convert, sink, NULL);
  g_assert_true (gst_element_link_many (src, convert, sink, NULL));
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  for (;;)
    {
      GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 50 * GST_MSECOND);
      GstMessage *message;

      if (sample != NULL)
        {
          take_sample (run, sample);
          gst_sample_unref (sample);
          continue;
        }
      /* A source that fails posts its error, then sends EOS. */
      message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (message == NULL && gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      if (message != NULL)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (message, &error, &debug);
          run->error = g_strdup_printf ("%s (%s)", error->message, debug != NULL ? debug : "");
          gst_message_unref (message);
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return run;
}

static IngestProxySource *
make_source (GPtrArray *paths,
             gint64     first,
             gint64     last,
             guint      fps_num,
             guint      fps_den)
{
  IngestProxySource *source = g_new0 (IngestProxySource, 1);
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

  source->clip_name = g_strdup ("A001C002");
  source->roll_name = g_strdup ("A001");
  source->kind = paths->len > 1 ? INGEST_CLIP_KIND_SEQUENCE : INGEST_CLIP_KIND_STILL;
  for (guint i = 0; i < paths->len; i++)
    g_strv_builder_add (files, g_ptr_array_index (paths, i));
  source->files = g_strv_builder_end (files);
  source->fps_num = fps_num;
  source->fps_den = fps_den;
  source->frame_first = first;
  source->frame_last = last;
  source->squeeze = 1.0;
  return source;
}

static double
psnr (GBytes *a,
      GBytes *b)
{
  gsize len_a, len_b;
  const guint8 *pa = g_bytes_get_data (a, &len_a);
  const guint8 *pb = g_bytes_get_data (b, &len_b);
  double sum = 0;

  g_assert_cmpuint (len_a, ==, len_b);
  for (gsize i = 0; i < len_a; i++)
    sum += ((double) pa[i] - pb[i]) * ((double) pa[i] - pb[i]);
  if (sum == 0)
    return INFINITY;
  return 10 * log10 (255.0 * 255.0 / (sum / len_a));
}

/* ffmpeg's own decode of an EXR frame, with its own sRGB curve
 * (apply_trc), as packed RGB. A grey frame is taken as gray8 and spread
 * to RGB here: swscale's grey → RGB path would expand video range. */
static GBytes *
ffmpeg_decode_exr (const char *dir,
                   const char *path,
                   gboolean    grey)
{
  g_autofree char *out = g_build_filename (dir, "ffmpeg.raw", NULL);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-apply_trc", "iec61966_2_1", "-i", path,
                         "-f", "rawvideo", "-pix_fmt", grey ? "gray" : "rgb24", out, NULL };
  g_autofree char *output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GByteArray *rgb;
  const guint8 *data;
  gsize len;
  int status = -1;

  output = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  bytes = ingest_test_read_bytes (out);
  g_unlink (out);
  if (!grey)
    return g_steal_pointer (&bytes);
  data = g_bytes_get_data (bytes, &len);
  rgb = g_byte_array_sized_new (len * 3);
  for (gsize i = 0; i < len; i++)
    {
      guint8 triple[3] = { data[i], data[i], data[i] };

      g_byte_array_append (rgb, triple, 3);
    }
  return g_byte_array_free_to_bytes (rgb);
}

/* The mean of channel C over the middle half of bar BAR's columns, on the
 * middle rows. */
static double
bar_mean (GBytes *frame,
          guint   width,
          guint   height,
          guint   bar,
          guint   c)
{
  const guint8 *data = g_bytes_get_data (frame, NULL);
  guint x0 = bar * width / 8 + width / 32, x1 = (bar + 1) * width / 8 - width / 32;
  double sum = 0;
  guint n = 0;

  for (guint y = height / 4; y < height * 3 / 4; y++)
    for (guint x = x0; x < x1; x++, n++)
      sum += data[(y * width + x) * 3 + c];
  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

static void
assert_frame_equal (GBytes *a,
                    GBytes *b)
{
  g_assert_true (g_bytes_equal (a, b));
}

static void
assert_timestamps (Run   *run,
                   guint  fps_num,
                   guint  fps_den)
{
  for (guint i = 0; i < run->pts->len; i++)
    {
      GstClockTime pts = g_array_index (run->pts, GstClockTime, i);
      GstClockTime next = gst_util_uint64_scale (i + 1, GST_SECOND * fps_den, fps_num);

      g_assert_cmpuint (pts, ==, gst_util_uint64_scale (i, GST_SECOND * fps_den, fps_num));
      g_assert_cmpuint (g_array_index (run->duration, GstClockTime, i), ==, next - pts);
    }
  g_assert_cmpint (run->fps_n * (gint64) fps_den, ==, (gint64) fps_num * run->fps_d);
}

/* A 25 fps EXR sequence, frame 1002 missing: five frames at 40 ms, the
 * missing one a copy of 1001, each picture as ffmpeg decodes it. */
static void
write_exr_sequence (Fixture       *fixture,
                    GPtrArray     *paths,
                    IngestDemoExr *spec)
{
  static const gint64 numbers[] = { 1000, 1001, 1003, 1004 };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *name = g_strdup_printf ("A001C002.%07" G_GINT64_FORMAT ".exr", numbers[i]);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(GError) error = NULL;

      spec->pattern = i;
      g_assert_true (ingest_demo_exr_write (path, spec, &error));
      g_assert_no_error (error);
      g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

static void
check_exr_run (Fixture   *fixture,
               GPtrArray *paths,
               Run       *run,
               guint      width,
               guint      height,
               gboolean   grey)
{
  /* Output frame → file: 1002 holds 1001. */
  static const guint file_of_frame[] = { 0, 1, 1, 2, 3 };

  g_assert_null (run->error);
  g_assert_cmpuint (run->frames->len, ==, 5);
  g_assert_cmpuint (run->width, ==, width);
  g_assert_cmpuint (run->height, ==, height);
  assert_timestamps (run, 25, 1);
  assert_frame_equal (g_ptr_array_index (run->frames, 1), g_ptr_array_index (run->frames, 2));

  for (guint i = 0; i < run->frames->len; i++)
    {
      GBytes *ours = g_ptr_array_index (run->frames, i);
      g_autoptr(GBytes) theirs = ffmpeg_decode_exr (fixture->dir, g_ptr_array_index (paths, file_of_frame[i]), grey);
      double db = psnr (ours, theirs);

      /* Both round the same curve to 8 bits: at most 1 LSB apart. */
      g_test_message ("frame %u: PSNR %.1f dB against ffmpeg", i, db);
      g_assert_cmpfloat (db, >=, 45);

      /* The bars themselves: 0.75 → sRGB 225, 0.05 → 63, per bar bits. */
      for (guint bar = 0; bar < 8; bar++)
        {
          guint bits = (bar + file_of_frame[i]) % 8;

          for (guint c = 0; c < 3; c++)
            {
              gboolean on = grey ? (bits & 2) != 0 : (bits >> (2 - c)) & 1;

              g_assert_cmpfloat (fabs (bar_mean (ours, width, height, bar, c) - (on ? 225 : 63)), <=, 1);
            }
        }
    }
}

static void
test_exr_sequence (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  IngestDemoExr spec = { .width = 160, .height = 90, .compression = 3, .fps_num = 25, .fps_den = 1 };
  g_autoptr(IngestProxySource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  GstElement *src;

  write_exr_sequence (fixture, paths, &spec);
  source = make_source (paths, 1000, 1004, 25, 1);
  src = ingest_sequence_src_new (source, 960, &error);
  g_assert_no_error (error);
  g_assert_true (g_object_is_floating (src));
  run = run_pipeline (src);
  check_exr_run (fixture, paths, run, 160, 90, FALSE);
}

/* The same frames tiled (re-written by OpenEXR's own exrmaketiled, tiles
 * that do not divide the picture) with an alpha channel, in FLOAT with
 * alpha, and grey (Y). Alpha is left out (opaque here). */
static void
test_exr_variants (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint variant = 0; variant < 3; variant++)
    {
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      IngestDemoExr spec = { .width = 100, .height = 50, .compression = variant == 0 ? 0 : 3,
                             .fps_num = 25, .fps_den = 1,
                             .float_pixels = variant == 1, .grey = variant == 2, .alpha = variant < 2 };
      g_autoptr(IngestProxySource) source = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(Run) run = NULL;
      GstElement *src;

      g_test_message ("variant %u", variant);
      write_exr_sequence (fixture, paths, &spec);
      if (variant == 0)
        for (guint i = 0; i < paths->len; i++)
          {
            const char *path = g_ptr_array_index (paths, i);
            g_autofree char *tiled = g_strconcat (path, ".tiled.exr", NULL);
            const char *argv[] = { "exrmaketiled", "-t", "24", "16", "-z", "zip", path, tiled, NULL };
            g_autofree char *out = NULL;
            g_autofree char *header = NULL;
            const char *header_argv[] = { "exrheader", path, NULL };
            int status = -1;

            out = ingest_test_run_capture (argv, &status);
            g_assert_cmpint (status, ==, 0);
            g_assert_cmpint (g_rename (tiled, path), ==, 0);
            header = ingest_test_run_capture (header_argv, &status);
            g_assert_nonnull (strstr (header, "tiledesc"));
            g_assert_nonnull (strstr (header, "A, 16-bit floating-point"));
          }
      source = make_source (paths, 1000, 1004, 25, 1);
      src = ingest_sequence_src_new (source, 960, &error);
      g_assert_no_error (error);
      run = run_pipeline (src);
      check_exr_run (fixture, paths, run, 100, 50, variant == 2);
      for (guint i = 0; i < paths->len; i++)
        g_unlink (g_ptr_array_index (paths, i));
    }
}

static void
write_dng (const char *path,
           guint       width,
           guint       height,
           guint       pattern)
{
  IngestDemoDng spec = {
    .width = width, .height = height, .pattern = pattern,
    .make = "Nightjar Optics", .model = "NJ-C Cine",
    .frame_rate_num = 24000, .frame_rate_den = 1001,
  };
  g_autoptr(GBytes) dng = ingest_demo_dng_new (&spec);

  ingest_test_write_file (path, g_bytes_get_data (dng, NULL), g_bytes_get_size (dng));
}

static guint8
srgb_8bit (double linear)
{
  linear = CLAMP (linear, 0, 1);
  return (guint8) lround (255 * (linear <= 0.0031308 ? 12.92 * linear : 1.055 * pow (linear, 1 / 2.4) - 0.055));
}

/* ffmpeg's own decode of a DNG (its TIFF decoder scales to the white
 * level; swscale demosaics bilinearly), taken as linear RGB and encoded
 * here with the sRGB curve: the transform the source documents. */
static GBytes *
ffmpeg_decode_dng (const char *dir,
                   const char *path)
{
  g_autofree char *out = g_build_filename (dir, "ffmpeg.raw", NULL);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-i", path,
                         "-f", "rawvideo", "-pix_fmt", "rgb48le", out, NULL };
  g_autofree char *output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GByteArray *rgb;
  const guint8 *data;
  gsize len;
  int status = -1;

  output = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  bytes = ingest_test_read_bytes (out);
  g_unlink (out);
  data = g_bytes_get_data (bytes, &len);
  rgb = g_byte_array_sized_new (len / 2);
  for (gsize i = 0; i + 1 < len; i += 2)
    {
      guint8 value = srgb_8bit ((data[i] | data[i + 1] << 8) / 65535.0);

      g_byte_array_append (rgb, &value, 1);
    }
  return g_byte_array_free_to_bytes (rgb);
}

/* Colour of each bar: the demo DNG's camera sees like sRGB, so the on
 * channels (3000 + ramp, over white 4095: ~0.8 on the rows looked at, sRGB
 * ~232) come out bright and the off ones (300 + ramp: ~0.15, sRGB ~107)
 * dark, whatever the demosaic does inside the bar. */
static void
check_dng_bars (GBytes *frame,
                guint   width,
                guint   height,
                guint   pattern)
{
  double on_min = 255, off_max = 0;

  for (guint bar = 0; bar < 8; bar++)
    {
      guint bits = (bar + pattern) % 8;

      for (guint c = 0; c < 3; c++)
        {
          double mean = bar_mean (frame, width, height, bar, c);

          if ((bits >> (2 - c)) & 1)
            on_min = MIN (on_min, mean);
          else
            off_max = MAX (off_max, mean);
        }
    }
  g_test_message ("bars: on channels ≥ %.1f, off channels ≤ %.1f", on_min, off_max);
  g_assert_cmpfloat (on_min, >=, 226);
  g_assert_cmpfloat (off_max, <=, 114);
}

/* A 23.976 DNG sequence with frame 11 missing, at full size and at half
 * size (the consumer's width allows it). */
static void
test_dng_sequence (Fixture       *fixture,
                   gconstpointer  data)
{
  static const gint64 numbers[] = { 10, 12, 13 };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IngestProxySource) source = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *name = g_strdup_printf ("A001C002_%06" G_GINT64_FORMAT ".dng", numbers[i]);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      write_dng (path, 256, 144, i);
      g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  /* A CinemaDNG folder's sound and sidecar follow the frames in the clip's
   * files (the grouper's order): they are not frames. */
  for (guint i = 0; i < 2; i++)
    {
      char *other = g_build_filename (fixture->dir, i == 0 ? "A001C002.wav" : "A001C002.xml", NULL);

      ingest_test_write_random_file (other, 4096, i);
      g_ptr_array_add (paths, other);
    }
  source = make_source (paths, 10, 13, 24000, 1001);

  for (guint half = 0; half < 2; half++)
    {
      static const guint file_of_frame[] = { 0, 0, 1, 2 };
      g_autoptr(GError) error = NULL;
      g_autoptr(Run) run = NULL;
      guint width = half ? 128 : 256, height = half ? 72 : 144;
      GstElement *src = ingest_sequence_src_new (source, half ? 100 : 960, &error);

      g_assert_no_error (error);
      run = run_pipeline (src);
      g_assert_null (run->error);
      g_assert_cmpuint (run->frames->len, ==, 4);
      g_assert_cmpuint (run->width, ==, width);
      g_assert_cmpuint (run->height, ==, height);
      assert_timestamps (run, 24000, 1001);
      assert_frame_equal (g_ptr_array_index (run->frames, 0), g_ptr_array_index (run->frames, 1));
      for (guint i = 0; i < run->frames->len; i++)
        {
          GBytes *ours = g_ptr_array_index (run->frames, i);

          check_dng_bars (ours, width, height, file_of_frame[i]);
          if (!half)
            {
              g_autoptr(GBytes) theirs = ffmpeg_decode_dng (fixture->dir, g_ptr_array_index (paths, file_of_frame[i]));

              /* Same bars, same curve; the two demosaics differ only at
               * the bars' edges (colour fringes a few pixels wide). */
              g_test_message ("frame %u: PSNR %.1f dB against ffmpeg", i, psnr (ours, theirs));
              g_assert_cmpfloat (psnr (ours, theirs), >=, 38);
              for (guint bar = 0; bar < 8; bar++)
                for (guint c = 0; c < 3; c++)
                  g_assert_cmpfloat (fabs (bar_mean (ours, width, height, bar, c) -
                                           bar_mean (theirs, width, height, bar, c)), <=, 2);
            }
        }
    }
}

/* No rate known: 24 fps. A lone frame (a still) is one frame. */
static void
test_default_rate (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (fixture->dir, "still.dng", NULL);
  g_autoptr(IngestProxySource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  GstElement *src;

  write_dng (path, 64, 48, 0);
  g_ptr_array_add (paths, g_strdup (path));
  source = make_source (paths, 0, 0, 0, 0);
  src = ingest_sequence_src_new (source, 960, &error);
  g_assert_no_error (error);
  run = run_pipeline (src);
  g_assert_null (run->error);
  g_assert_cmpuint (run->frames->len, ==, 1);
  assert_timestamps (run, 24, 1);
}

/* Patches the first box2i attribute called NAME in the EXR at PATH. */
static void
patch_exr_box (const char *path,
               const char *name,
               gint32      max_x,
               gint32      max_y)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);
  gsize len;
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));
  gsize name_len = strlen (name);

  for (gsize i = 0; i + name_len + 7 + 4 + 16 < len; i++)
    if (memcmp (data + i, name, name_len + 1) == 0 && memcmp (data + i + name_len + 1, "box2i", 6) == 0)
      {
        guint8 *box = data + i + name_len + 1 + 6 + 4;

        box[8] = max_x & 0xff, box[9] = (max_x >> 8) & 0xff, box[10] = (max_x >> 16) & 0xff, box[11] = max_x >> 24;
        box[12] = max_y & 0xff, box[13] = (max_y >> 8) & 0xff, box[14] = (max_y >> 16) & 0xff, box[15] = max_y >> 24;
        ingest_test_write_file (path, data, len);
        return;
      }
  g_assert_not_reached ();
}

static void
truncate_file (const char *path,
               double      fraction)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);

  ingest_test_write_file (path, g_bytes_get_data (bytes, NULL), (gsize) (g_bytes_get_size (bytes) * fraction));
}

static IngestProxySource *
lone_source (const char *path)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  g_ptr_array_add (paths, (gpointer) path);
  return make_source (paths, 0, 0, 25, 1);
}

static void
assert_refused (const char *path,
                int         code)
{
  g_autoptr(IngestProxySource) source = lone_source (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (ingest_sequence_src_new (source, 960, &error));
  g_assert_error (error, INGEST_PROXY_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, base));
}

/* A sequence whose third frame is hostile: two frames, then an error
 * naming that file, never a hang. */
static void
assert_fails_at_third (Fixture    *fixture,
                       GPtrArray  *paths)
{
  g_autoptr(IngestProxySource) source = make_source (paths, 1, paths->len, 25, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, 2));
  GstElement *src = ingest_sequence_src_new (source, 960, &error);

  g_assert_no_error (error);
  run = run_pipeline (src);
  g_assert_nonnull (run->error);
  g_test_message ("%s", run->error);
  g_assert_nonnull (strstr (run->error, base));
  g_assert_cmpuint (run->frames->len, <=, 2);
}

static void
test_hostile_exr (Fixture       *fixture,
                  gconstpointer  data)
{
  IngestDemoExr spec = { .width = 64, .height = 32, .compression = 3 };
  g_autofree char *path = g_build_filename (fixture->dir, "lie.exr", NULL);
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.exr", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  /* 16k × 16k declared, and 100 000 lines: refused before any allocation. */
  g_assert_true (ingest_demo_exr_write (path, &spec, &error));
  patch_exr_box (path, "dataWindow", 16383, 16383);
  patch_exr_box (path, "displayWindow", 16383, 16383);
  assert_refused (path, INGEST_PROXY_ERROR_INVALID);
  g_assert_true (ingest_demo_exr_write (path, &spec, &error));
  patch_exr_box (path, "displayWindow", 63, 99999);
  assert_refused (path, INGEST_PROXY_ERROR_INVALID);
  /* 2^30 lines: OpenEXR's own header check refuses it first. */
  g_assert_true (ingest_demo_exr_write (path, &spec, &error));
  patch_exr_box (path, "dataWindow", 63, 1 << 30);
  assert_refused (path, INGEST_PROXY_ERROR_DECODE);

  /* Not an EXR at all. */
  ingest_test_write_random_file (garbage, 4096, 7);
  assert_refused (garbage, INGEST_PROXY_ERROR_DECODE);

  /* 1 × 1 is a picture. */
  spec.width = spec.height = 1;
  g_assert_true (ingest_demo_exr_write (path, &spec, &error));
  {
    g_autoptr(IngestProxySource) source = lone_source (path);
    g_autoptr(Run) run = NULL;
    GstElement *src = ingest_sequence_src_new (source, 960, &error);

    g_assert_no_error (error);
    run = run_pipeline (src);
    g_assert_null (run->error);
    g_assert_cmpuint (run->frames->len, ==, 1);
    g_assert_cmpuint (run->width, ==, 1);
  }

  /* A sequence whose third frame is cut short, or lies about its data
   * window while its display window matches. */
  spec.width = 64;
  spec.height = 32;
  for (guint hostile = 0; hostile < 3; hostile++)
    {
      g_ptr_array_set_size (paths, 0);
      for (guint i = 1; i <= 4; i++)
        {
          g_autofree char *name = g_strdup_printf ("S%u_%04u.exr", hostile, i);
          char *frame = g_build_filename (fixture->dir, name, NULL);

          spec.pattern = i;
          g_assert_true (ingest_demo_exr_write (frame, &spec, &error));
          g_ptr_array_add (paths, frame);
        }
      if (hostile == 0)
        truncate_file (g_ptr_array_index (paths, 2), 0.6);
      else if (hostile == 1)
        truncate_file (g_ptr_array_index (paths, 2), 0.1);
      else
        patch_exr_box (g_ptr_array_index (paths, 2), "dataWindow", 4000, 31);
      assert_fails_at_third (fixture, paths);
    }
}

/* Offset of the first IFD entry TAG in a little-endian TIFF. */
static gsize
find_tag (const guint8 *data,
          gsize         len,
          guint16       tag)
{
  guint32 ifd = data[4] | data[5] << 8 | data[6] << 16 | (guint32) data[7] << 24;
  guint n = data[ifd] | data[ifd + 1] << 8;

  for (guint i = 0; i < n; i++)
    {
      gsize at = ifd + 2 + 12 * i;

      if ((data[at] | data[at + 1] << 8) == tag)
        return at;
    }
  g_assert_not_reached ();
}

static void
patch_dng_size (const char *path,
                guint32     width,
                guint32     height)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);
  gsize len = g_bytes_get_size (bytes);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  guint8 *w = data + find_tag (data, len, 256) + 8;
  guint8 *h = data + find_tag (data, len, 257) + 8;

  w[0] = width & 0xff, w[1] = (width >> 8) & 0xff, w[2] = (width >> 16) & 0xff, w[3] = width >> 24;
  h[0] = height & 0xff, h[1] = (height >> 8) & 0xff, h[2] = (height >> 16) & 0xff, h[3] = height >> 24;
  ingest_test_write_file (path, data, len);
}

static void
test_hostile_dng (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "lie.dng", NULL);
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.dng", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IngestProxySource) lie = NULL;
  g_autoptr(GError) error = NULL;

  /* 16k × 16k declared: refused before LibRaw unpacks anything. */
  write_dng (path, 64, 32, 0);
  patch_dng_size (path, 16384, 16384);
  lie = lone_source (path);
  g_assert_null (ingest_sequence_src_new (lie, 960, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_error_matches (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID));
  g_clear_error (&error);

  ingest_test_write_random_file (garbage, 4096, 11);
  assert_refused (garbage, INGEST_PROXY_ERROR_NOT_DECODABLE);

  /* LibRaw takes nothing under 22 pixels a side for a raw: 2 × 2 is
   * "not decodable", not a crash. */
  write_dng (path, 2, 2, 0);
  assert_refused (path, INGEST_PROXY_ERROR_NOT_DECODABLE);

  /* A sequence whose third frame is cut in its pixels. */
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("T_%04u.dng", i);
      char *frame = g_build_filename (fixture->dir, name, NULL);

      write_dng (frame, 64, 32, i);
      g_ptr_array_add (paths, frame);
    }
  truncate_file (g_ptr_array_index (paths, 2), 0.7);
  assert_fails_at_third (fixture, paths);
}

/* What nothing here decodes, and facts that cannot be a clip. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *dpx = g_build_filename (fixture->dir, "A_0001.dpx", NULL);
  g_autofree char *dng = g_build_filename (fixture->dir, "A_0001.dng", NULL);
  g_autofree char *far = g_build_filename (fixture->dir, "A_999999999999.dng", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(IngestProxySource) source = NULL;
  g_autoptr(GError) error = NULL;

  ingest_test_write_random_file (dpx, 1024, 3);
  assert_refused (dpx, INGEST_PROXY_ERROR_NOT_DECODABLE);

  /* Two files a trillion frames apart. */
  write_dng (dng, 2, 2, 0);
  write_dng (far, 2, 2, 0);
  g_ptr_array_add (paths, dng);
  g_ptr_array_add (paths, far);
  source = make_source (paths, 1, 999999999999, 25, 1);
  g_assert_null (ingest_sequence_src_new (source, 960, &error));
  g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID);
  g_clear_error (&error);

  /* A FIFO among the frames (a read that would never return): refused
   * before anything opens it, first or third. */
  {
    g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 1; i <= 4; i++)
      {
        g_autofree char *name = g_strdup_printf ("P_%04u.dng", i);
        char *frame = g_build_filename (fixture->dir, name, NULL);

        if (i == 3)
          g_assert_cmpint (mkfifo (frame, 0600), ==, 0);
        else
          write_dng (frame, 64, 32, i);
        g_ptr_array_add (frames, frame);
      }
    assert_fails_at_third (fixture, frames);
    assert_refused (g_ptr_array_index (frames, 2), INGEST_PROXY_ERROR_INVALID);
  }

  /* The clip's own facts: 16k × 16k. */
  source->width = source->height = 20000;
  g_assert_null (ingest_sequence_src_new (source, 960, &error));
  g_assert_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init_gstreamer ();
  ingest_test_require_programs ("ffmpeg", "ffmpeg", NULL);
  ingest_test_require_programs ("openexr", "exrmaketiled", "exrheader", NULL);

  g_test_add ("/sequence-src/exr", Fixture, NULL, fixture_set_up, test_exr_sequence, fixture_tear_down);
  g_test_add ("/sequence-src/exr-variants", Fixture, NULL, fixture_set_up, test_exr_variants, fixture_tear_down);
  g_test_add ("/sequence-src/dng", Fixture, NULL, fixture_set_up, test_dng_sequence, fixture_tear_down);
  g_test_add ("/sequence-src/default-rate", Fixture, NULL, fixture_set_up, test_default_rate, fixture_tear_down);
  g_test_add ("/sequence-src/hostile-exr", Fixture, NULL, fixture_set_up, test_hostile_exr, fixture_tear_down);
  g_test_add ("/sequence-src/hostile-dng", Fixture, NULL, fixture_set_up, test_hostile_dng, fixture_tear_down);
  g_test_add ("/sequence-src/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  return g_test_run ();
}
