/* test-proxy-stills.c
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

#define G_LOG_DOMAIN "test-proxy-stills"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ingest-proxy.h"
#include "ingest-proxy-stills-private.h"
#include "ingest-test-util.h"

/* Posters and filmstrips checked against ffmpeg: the movie is ffmpeg's
 * test picture with its hue turning once over the clip (every second a
 * different colour), H.264 with a 2 s GOP and AAC like a web proxy; each
 * still must be the frame ffmpeg decodes at that time, scaled by ffmpeg to
 * the same size, and no other. */

#define FPS 25
#define SECONDS 10

/* The movies every test reads, made once. */
static char *movies_dir;
static char *movie_path;       /* 960×540, SECONDS s */
static char *anamorphic_path;  /* 720×540 stored, 4:3 pixels: 960×540 shown */

typedef struct
{
  char *dir;
  char *poster;
  char *filmstrip;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("test-proxy-stills-XXXXXX");
  fixture->poster = g_build_filename (fixture->dir, "poster.jpg", NULL);
  fixture->filmstrip = g_build_filename (fixture->dir, "filmstrip.jpg", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->poster);
  g_free (fixture->filmstrip);
}

static char *
make_movie (const char *name,
            const char *size,
            const char *extra_filter,
            int         seconds)
{
  g_autofree char *source = g_strdup_printf ("testsrc2=size=%s:rate=%d", size, FPS);
  g_autofree char *filter = g_strdup_printf ("hue=H=2*PI*t/%d%s", seconds, extra_filter);
  g_autofree char *duration = g_strdup_printf ("%d", seconds);
  g_autofree char *gop = g_strdup_printf ("%d", 2 * FPS);
  char *path = g_build_filename (movies_dir, name, NULL);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source,
                         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                         "-vf", filter, "-t", duration,
                         "-c:v", "libx264", "-preset", "veryfast", "-g", gop, "-keyint_min", gop,
                         "-sc_threshold", "0", "-pix_fmt", "yuv420p",
                         "-c:a", "aac", "-movflags", "+faststart", path, NULL };

  g_assert_true (ingest_test_run_quiet (argv));
  return path;
}

static void
probe_size (const char *path,
            int        *width,
            int        *height)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v:0",
                         "-show_entries", "stream=width,height", "-of", "csv=p=0", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (sscanf (out, "%d,%d", width, height), ==, 2);
}

/* ffmpeg's RGB of a picture file, or of the movie's frame @frame scaled to
 * @width × @height (-ss at the frame's own start: that frame, exactly).
 * Scaled in RGB, as the stills are: ffmpeg's default scales the 4:2:0
 * planes, which moves the saturated test bars' edges by a fraction of a
 * cell pixel (25 dB against 37 dB for the same frame). */
static GBytes *
ffmpeg_rgb (const char *dir,
            const char *path,
            int         frame,
            int         width,
            int         height)
{
  g_autofree char *out_path = g_build_filename (dir, "ffmpeg.rgb", NULL);
  g_autofree char *start = g_strdup_printf ("%d.%03d", frame / FPS, (frame % FPS) * 1000 / FPS);
  g_autofree char *scale = g_strdup_printf ("format=rgb24,scale=%d:%d", width, height);
  GBytes *bytes;

  if (frame < 0)
    {
      const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-i", path,
                             "-f", "rawvideo", "-pix_fmt", "rgb24", out_path, NULL };
      g_assert_true (ingest_test_run_quiet (argv));
    }
  else
    {
      const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-ss", start, "-i", path,
                             "-frames:v", "1", "-vf", scale,
                             "-f", "rawvideo", "-pix_fmt", "rgb24", out_path, NULL };
      g_assert_true (ingest_test_run_quiet (argv));
    }
  bytes = ingest_test_read_bytes (out_path);
  if (frame >= 0)
    g_assert_cmpuint (g_bytes_get_size (bytes), ==, (gsize) width * height * 3);
  return bytes;
}

/* PSNR of the @width × @height rectangle at column @x of @a (@a_width
 * wide) against all of @b (@width wide). */
static double
psnr (GBytes *a,
      int     a_width,
      int     x,
      GBytes *b,
      int     width,
      int     height)
{
  const guint8 *pa = g_bytes_get_data (a, NULL);
  const guint8 *pb = g_bytes_get_data (b, NULL);
  double sum = 0;

  g_assert_cmpuint (g_bytes_get_size (a), >=, (gsize) a_width * height * 3);
  g_assert_cmpuint (g_bytes_get_size (b), >=, (gsize) width * height * 3);
  for (int row = 0; row < height; row++)
    for (int col = 0; col < width * 3; col++)
      {
        double d = (double) pa[(row * a_width + x) * 3 + col] - pb[row * width * 3 + col];

        sum += d * d;
      }
  sum /= (double) width * height * 3;
  return sum == 0 ? 99.0 : 10 * log10 (255.0 * 255.0 / sum);
}

/* The frame shown at time t: the one whose interval holds it. */
static int
frame_at (double fraction,
          int    seconds)
{
  return (int) floor (fraction * seconds * FPS);
}

static IngestProxySettings *
new_settings (void)
{
  IngestProxySettings *settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);

  settings->stall_seconds = 20;
  return settings;
}

/* Makes the fixture's poster and filmstrip of @movie; that must work. */
static void
make_stills (Fixture             *fixture,
             const char          *movie,
             IngestProxySettings *settings)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ingest_proxy_stills_make_sync (movie, settings, fixture->poster, fixture->filmstrip,
                                                NULL, &error));
  g_assert_no_error (error);
}

/* The poster is @width × @height (ffprobe), the filmstrip @n_cells cells
 * of 160 × 90. */
static void
assert_stills_size (Fixture *fixture,
                    int      width,
                    int      height,
                    guint    n_cells)
{
  int w, h;

  probe_size (fixture->poster, &w, &h);
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, height);
  probe_size (fixture->filmstrip, &w, &h);
  g_assert_cmpint (w, ==, 160 * n_cells);
  g_assert_cmpint (h, ==, 90);
}

static void
test_poster_and_filmstrip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  g_autoptr(GBytes) poster = NULL;
  g_autoptr(GBytes) strip = NULL;
  GBytes *cells[10] = { NULL };
  int poster_frame;
  guint n;
  gint64 started;

  settings->poster_offset = 0.1;
  settings->filmstrip_frames = n = 10;
  settings->filmstrip_height = 90;
  started = g_get_monotonic_time ();
  make_stills (fixture, movie_path, settings);
  g_test_message ("poster + %u-frame filmstrip of a %d s 960×540 movie: %.2f s (accurate seeks)",
                  n, SECONDS, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  assert_stills_size (fixture, 960, 540, n);

  /* The poster is frame 25 (1.0 s), not its neighbours. */
  poster = ffmpeg_rgb (fixture->dir, fixture->poster, -1, 960, 540);
  poster_frame = frame_at (0.1, SECONDS);
  g_assert_cmpint (poster_frame, ==, 25);
  {
    g_autoptr(GBytes) expected = ffmpeg_rgb (fixture->dir, movie_path, poster_frame, 960, 540);
    g_autoptr(GBytes) before = ffmpeg_rgb (fixture->dir, movie_path, poster_frame - 1, 960, 540);
    g_autoptr(GBytes) after = ffmpeg_rgb (fixture->dir, movie_path, poster_frame + 1, 960, 540);
    double exact = psnr (poster, 960, 0, expected, 960, 540);
    double p_before = psnr (poster, 960, 0, before, 960, 540);
    double p_after = psnr (poster, 960, 0, after, 960, 540);

    g_test_message ("poster: %.1f dB to frame %d, %.1f / %.1f dB to the frames around it",
                    exact, poster_frame, p_before, p_after);
    g_assert_cmpfloat (exact, >=, 30.0);
    g_assert_cmpfloat (exact, >, p_before + 3.0);
    g_assert_cmpfloat (exact, >, p_after + 3.0);
  }

  /* Cell k is the frame at (k + 0.5) / n of the clip, and no other cell's. */
  strip = ffmpeg_rgb (fixture->dir, fixture->filmstrip, -1, 160 * n, 90);
  for (guint k = 0; k < n; k++)
    cells[k] = ffmpeg_rgb (fixture->dir, movie_path, frame_at ((k + 0.5) / n, SECONDS), 160, 90);
  for (guint k = 0; k < n; k++)
    {
      double own = psnr (strip, 160 * n, 160 * k, cells[k], 160, 90);
      double best_other = 0;

      for (guint j = 0; j < n; j++)
        if (j != k)
          best_other = MAX (best_other, psnr (strip, 160 * n, 160 * k, cells[j], 160, 90));
      g_test_message ("cell %u: %.1f dB to frame %d, at most %.1f dB to the other cells' frames",
                      k, own, frame_at ((k + 0.5) / n, SECONDS), best_other);
      g_assert_cmpfloat (own, >=, 28.0);
      g_assert_cmpfloat (own, >, best_other + 6.0);
    }
  for (guint k = 0; k < n; k++)
    g_bytes_unref (cells[k]);
}

/* 4:3 pixels: the stills are square-pixel, at the display aspect. */
static void
test_anamorphic (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  g_autoptr(GBytes) strip = NULL;
  g_autoptr(GBytes) expected = NULL;
  int width, height;

  settings->filmstrip_frames = 4;
  settings->filmstrip_height = 90;
  make_stills (fixture, anamorphic_path, settings);

  probe_size (anamorphic_path, &width, &height);
  g_assert_cmpint (width, ==, 720);
  assert_stills_size (fixture, 960, 540, 4);

  /* Widened, not cropped: the cell is ffmpeg's frame scaled to 160×90. */
  strip = ffmpeg_rgb (fixture->dir, fixture->filmstrip, -1, 4 * 160, 90);
  expected = ffmpeg_rgb (fixture->dir, anamorphic_path, frame_at (0.125, 2), 160, 90);
  g_assert_cmpfloat (psnr (strip, 4 * 160, 0, expected, 160, 90), >=, 28.0);
}

static void
assert_fails (Fixture    *fixture,
              const char *path,
              GQuark      domain,
              int         code)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ingest_proxy_stills_make_sync (path, settings, fixture->poster, fixture->filmstrip,
                                                 NULL, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (fixture->poster, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->filmstrip, G_FILE_TEST_EXISTS));
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "gone.mov", NULL);

  assert_fails (fixture, path, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO);
  /* A folder is not a movie either. */
  assert_fails (fixture, fixture->dir, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO);
}

static void
test_not_a_movie (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "notes.mov", NULL);
  g_autofree char *noise = g_build_filename (fixture->dir, "noise.mov", NULL);
  g_autofree char *truncated = g_build_filename (fixture->dir, "truncated.mov", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  ingest_test_write_file (text, "Scene 12, take 3: circled.\n", 27);
  assert_fails (fixture, text, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE);
  ingest_test_write_random_file (noise, 256 * 1024, 12);
  assert_fails (fixture, noise, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE);

  /* The header and the index, but only the first kilobytes of the pictures. */
  g_assert_true (g_file_get_contents (movie_path, &contents, &len, NULL));
  ingest_test_write_file (truncated, contents, MIN (len, 64 * 1024));
  {
    g_autoptr(IngestProxySettings) settings = new_settings ();
    g_autoptr(GError) error = NULL;

    g_assert_false (ingest_proxy_stills_make_sync (truncated, settings, fixture->poster, fixture->filmstrip,
                                                   NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("truncated: %s", error->message);
    g_assert_true (error->domain == INGEST_PROXY_ERROR);
  }

  /* Noise over the middle of the pictures: the decoder conceals it or
   * fails; either way the call returns. */
  {
    g_autoptr(IngestProxySettings) settings = new_settings ();
    g_autoptr(GError) error = NULL;
    g_autofree char *damaged = g_build_filename (fixture->dir, "damaged.mov", NULL);
    GRand *rand = g_rand_new_with_seed (7);
    gint64 started;
    gboolean made;

    for (gsize i = len / 3; i < len / 3 + 256 * 1024 && i < len; i++)
      contents[i] = g_rand_int_range (rand, 0, 256);
    g_rand_free (rand);
    ingest_test_write_file (damaged, contents, len);
    settings->stall_seconds = 5;
    started = g_get_monotonic_time ();
    made = ingest_proxy_stills_make_sync (damaged, settings, fixture->poster, fixture->filmstrip, NULL, &error);
    g_test_message ("damaged: %s in %.2f s", made ? "made" : error->message,
                    (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
    g_assert_true (made || error->domain == INGEST_PROXY_ERROR);
    g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
  }
}

static void
test_no_picture (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "sound.m4a", NULL);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
                         "-c:a", "aac", path, NULL };

  g_assert_true (ingest_test_run_quiet (argv));
  assert_fails (fixture, path, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID);
}

static void
test_cancelled_before (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (ingest_proxy_stills_make_sync (movie_path, settings, fixture->poster, fixture->filmstrip,
                                                 cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (fixture->poster, G_FILE_TEST_EXISTS));
}

typedef struct
{
  Fixture             *fixture;
  IngestProxySettings *settings;
  GCancellable        *cancellable;
  GError              *error;
  gboolean             made;
  gint64               returned;
  gint                 done;
} Running;

static gpointer
run_thread (gpointer data)
{
  Running *running = data;

  running->made = ingest_proxy_stills_make_sync (movie_path, running->settings,
                                                 running->fixture->poster, running->fixture->filmstrip,
                                                 running->cancellable, &running->error);
  running->returned = g_get_monotonic_time ();
  g_atomic_int_set (&running->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
poster_written (gpointer data)
{
  Running *running = data;

  return g_file_test (running->fixture->poster, G_FILE_TEST_EXISTS) || g_atomic_int_get (&running->done);
}

static gboolean
thread_done (gpointer data)
{
  Running *running = data;

  return g_atomic_int_get (&running->done);
}

/* Cancelled in the middle of the filmstrip (a long one: hundreds of
 * seeks), from another thread: it stops promptly and writes no strip. */
static void
test_cancelled_running (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Running running = { fixture, settings, cancellable, NULL, FALSE, 0, FALSE };
  GThread *thread;
  gint64 cancelled;

  settings->filmstrip_frames = 500;
  thread = g_thread_new ("stills", run_thread, &running);
  ingest_test_wait_until (poster_written, &running, 30000);
  g_assert_false (g_atomic_int_get (&running.done));
  cancelled = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  ingest_test_wait_until (thread_done, &running, 10000);
  g_thread_join (thread);

  g_assert_false (running.made);
  g_assert_error (running.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&running.error);
  g_test_message ("returned %.0f ms after the cancel", (running.returned - cancelled) / 1000.0);
  g_assert_cmpint (running.returned - cancelled, <, G_USEC_PER_SEC);
  g_assert_false (g_file_test (fixture->filmstrip, G_FILE_TEST_EXISTS));
}

/* A proxy as the maker writes it (GStreamer's qtmux: H.264, AAC and a
 * timecode track, moov first): the timecode track is no picture. */
static void
test_qtmux_proxy (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  g_autofree char *proxy = g_build_filename (fixture->dir, "A001C001.mov", NULL);
  g_autofree char *location = g_strdup_printf ("location=%s", proxy);
  g_autofree char *out = NULL;
  const char *argv[] = { "gst-launch-1.0", "-q",
                         "videotestsrc", "num-buffers=100", "pattern=smpte", "!",
                         "video/x-raw,width=960,height=540,framerate=25/1,format=I420", "!",
                         "timecodestamper", "set=always", "set-internal-timecode=14:22:05:10", "!",
                         "x264enc", "speed-preset=veryfast", "key-int-max=50", "!", "h264parse", "!", "mux.",
                         "audiotestsrc", "num-buffers=188", "!", "audio/x-raw,rate=48000,channels=2", "!",
                         "voaacenc", "!", "aacparse", "!", "mux.",
                         "qtmux", "name=mux", "faststart=true", "!", "filesink", location, NULL };
  const char *probe[] = { "ffprobe", "-v", "error", "-show_entries", "stream=codec_tag_string",
                          "-of", "csv=p=0", proxy, NULL };
  int status = -1;

  g_assert_true (ingest_test_run_quiet (argv));
  out = ingest_test_run_capture (probe, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "tmcd"));

  settings->filmstrip_frames = 5;
  make_stills (fixture, proxy, settings);
  assert_stills_size (fixture, 960, 540, 5);
}

/* A clip of a single frame: every still is that frame. */
static void
test_one_frame (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  g_autofree char *movie = g_build_filename (fixture->dir, "one.mov", NULL);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                         "-frames:v", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", movie, NULL };

  g_assert_true (ingest_test_run_quiet (argv));
  settings->filmstrip_frames = 3;
  settings->filmstrip_height = 90;
  make_stills (fixture, movie, settings);
  assert_stills_size (fixture, 320, 180, 3);
}

typedef struct
{
  char     *poster;
  char     *filmstrip;
  gboolean  made;
  GError   *error;
} Parallel;

static gpointer
parallel_thread (gpointer data)
{
  Parallel *job = data;
  g_autoptr(IngestProxySettings) settings = new_settings ();

  job->made = ingest_proxy_stills_make_sync (anamorphic_path, settings, job->poster, job->filmstrip,
                                             NULL, &job->error);
  return NULL;
}

/* Two workers at once (the stage's max_parallel): each call has its own
 * pipeline and main context. */
static void
test_parallel (Fixture       *fixture,
               gconstpointer  data)
{
  Parallel jobs[2];
  GThread *threads[2];

  for (guint i = 0; i < 2; i++)
    {
      jobs[i] = (Parallel) { g_strdup_printf ("%s/poster-%u.jpg", fixture->dir, i),
                             g_strdup_printf ("%s/filmstrip-%u.jpg", fixture->dir, i), FALSE, NULL };
      threads[i] = g_thread_new ("stills", parallel_thread, &jobs[i]);
    }
  for (guint i = 0; i < 2; i++)
    {
      int width, height;

      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
      g_assert_true (jobs[i].made);
      probe_size (jobs[i].filmstrip, &width, &height);
      g_assert_cmpint (width, ==, 10 * 160);
      g_free (jobs[i].poster);
      g_free (jobs[i].filmstrip);
    }
}

/* The figure: accurate seeks against key-unit seeks on the same movie. Key
 * units are the key frame nearest the time (2 s GOP: up to a second off). */
static void
test_seek_modes (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IngestProxySettings) settings = new_settings ();
  double seconds[2];

  for (int mode = INGEST_PROXY_STILLS_SEEK_ACCURATE; mode <= INGEST_PROXY_STILLS_SEEK_KEY_UNIT; mode++)
    {
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();

      g_assert_true (_ingest_proxy_stills_make_full (movie_path, settings, mode,
                                                     fixture->poster, fixture->filmstrip, NULL, &error));
      g_assert_no_error (error);
      seconds[mode] = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
    }
  g_test_message ("poster + 10 cells of a %d s 960×540 H.264 movie (2 s GOP): accurate %.2f s, key-unit %.2f s",
                  SECONDS, seconds[0], seconds[1]);

  /* The key-unit poster is a key frame (0 s or 2 s), not frame 25. */
  {
    g_autoptr(GBytes) poster = ffmpeg_rgb (fixture->dir, fixture->poster, -1, 960, 540);
    g_autoptr(GBytes) at_0 = ffmpeg_rgb (fixture->dir, movie_path, 0, 960, 540);
    g_autoptr(GBytes) at_50 = ffmpeg_rgb (fixture->dir, movie_path, 2 * FPS, 960, 540);

    g_assert_cmpfloat (MAX (psnr (poster, 960, 0, at_0, 960, 540), psnr (poster, 960, 0, at_50, 960, 540)),
                       >=, 30.0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!ingest_test_require_programs ("ffmpeg", "ffmpeg", "ffprobe", NULL) ||
      !ingest_test_require_programs ("gstreamer1.0-tools", "gst-launch-1.0", NULL))
    return g_test_run ();

  movies_dir = ingest_test_make_tmpdir ("test-proxy-stills-movies-XXXXXX");
  movie_path = make_movie ("movie.mov", "960x540", "", SECONDS);
  anamorphic_path = make_movie ("anamorphic.mov", "720x540", ",setsar=4/3", 2);

  g_test_add ("/proxy-stills/poster-and-filmstrip", Fixture, NULL, fixture_set_up, test_poster_and_filmstrip,
              fixture_tear_down);
  g_test_add ("/proxy-stills/anamorphic", Fixture, NULL, fixture_set_up, test_anamorphic, fixture_tear_down);
  g_test_add ("/proxy-stills/missing", Fixture, NULL, fixture_set_up, test_missing, fixture_tear_down);
  g_test_add ("/proxy-stills/not-a-movie", Fixture, NULL, fixture_set_up, test_not_a_movie, fixture_tear_down);
  g_test_add ("/proxy-stills/no-picture", Fixture, NULL, fixture_set_up, test_no_picture, fixture_tear_down);
  g_test_add ("/proxy-stills/cancelled-before", Fixture, NULL, fixture_set_up, test_cancelled_before,
              fixture_tear_down);
  g_test_add ("/proxy-stills/cancelled-running", Fixture, NULL, fixture_set_up, test_cancelled_running,
              fixture_tear_down);
  g_test_add ("/proxy-stills/qtmux-proxy", Fixture, NULL, fixture_set_up, test_qtmux_proxy, fixture_tear_down);
  g_test_add ("/proxy-stills/one-frame", Fixture, NULL, fixture_set_up, test_one_frame, fixture_tear_down);
  g_test_add ("/proxy-stills/parallel", Fixture, NULL, fixture_set_up, test_parallel, fixture_tear_down);
  g_test_add ("/proxy-stills/seek-modes", Fixture, NULL, fixture_set_up, test_seek_modes, fixture_tear_down);

  status = g_test_run ();
  ingest_test_rm_rf (movies_dir);
  g_clear_pointer (&movies_dir, g_free);
  g_clear_pointer (&movie_path, g_free);
  g_clear_pointer (&anamorphic_path, g_free);
  return status;
}
