/* test-proxy-hostile.c
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

#define G_LOG_DOMAIN "test-proxy-hostile"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest-demo.h"
#include "ingest-proxy.h"
#include "ingest-test-util.h"

/* The whole proxy maker on hostile media: truncated MOV and MXF, lying
 * headers, empty streams, corrupt frames mid-clip, a FIFO for a file.
 * Each clip either fails with a reason (an INGEST_PROXY_ERROR and a
 * message) and leaves nothing in the output folder, or — where that is the honest outcome — makes a valid proxy
 * that ffprobe reads back at the length the maker reports. Every make is
 * bounded: a hang fails the test. Sources are ffmpeg's, 320×180, 2 s. */

#define CLIP_FRAMES   50
/* The watchdog's time in these tests, and what any make may take at most. */
#define STALL_SECONDS 3
#define MAKE_DEADLINE_MS (40 * 1000)

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

/* ProRes 422 HQ + 24-bit PCM; FASTSTART: moov before mdat. */
static char *
prores_mov (gboolean faststart)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                         "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                         "-t", "2", "-c:v", "prores_ks", "-profile:v", "3",
                         "-c:a", "pcm_s24le", "-timecode", "01:00:00:00",
                         faststart ? "-movflags" : NULL, "+faststart", NULL };

  return make_source (faststart ? "prores-fast.mov" : "prores.mov", args);
}

/* H.264 High (GOP 10, so the damage reaches P frames) + PCM, moov first. */
static char *
h264_mov (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                         "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                         "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10",
                         "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "-movflags", "+faststart", NULL };

  return make_source ("h264.mov", args);
}

/* DNxHR LB in MXF (OP1a) + 16-bit PCM. */
static char *
dnxhr_mxf (void)
{
  const char *args[] = { "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                         "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                         "-t", "2", "-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt", "yuv422p",
                         "-c:a", "pcm_s16le", "-timecode", "01:00:00:00", "-f", "mxf", NULL };

  return make_source ("dnxhr.mxf", args);
}

/* A copy of FROM named NAME, changed by EDIT (its bytes, its length). */
typedef void (*EditFunc) (GByteArray *bytes, gconstpointer data);

static char *
hostile_copy (const char    *from,
              const char    *name,
              EditFunc       edit,
              gconstpointer  data)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (from);
  g_autoptr(GByteArray) copy = g_byte_array_new ();
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_byte_array_append (copy, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  edit (copy, data);
  ingest_test_write_file (path, copy->data, copy->len);
  return path;
}

static void
cut_at (GByteArray    *bytes,
        gconstpointer  data)
{
  g_byte_array_set_size (bytes, (guint) (bytes->len * *(const double *) data));
}

/* Offset of the first box TYPE (e.g. "mdat", "stsd") found by a byte scan
 * after FROM: good enough for files ffmpeg just wrote. */
static gsize
find_box (GByteArray *bytes,
          const char *type,
          gsize       from)
{
  for (gsize i = MAX (from, 4); i + 4 <= bytes->len; i++)
    if (memcmp (bytes->data + i, type, 4) == 0)
      return i - 4;
  g_assert_not_reached ();
}

static void
put_be16 (guint8  *p,
          guint16  v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

/* The video sample entry's and the track header's picture size. */
static void
set_size (GByteArray    *bytes,
          gconstpointer  data)
{
  const guint *size = data;
  gsize tkhd = find_box (bytes, "tkhd", 0);
  gsize stsd = find_box (bytes, "stsd", 0);

  /* tkhd v0: width and height (16.16) are its last 8 bytes of 92. */
  put_be32 (bytes->data + tkhd + 84, size[0] << 16);
  put_be32 (bytes->data + tkhd + 88, size[1] << 16);
  /* stsd: 16 bytes of box and count, then the entry: 8 of header, 24 of
   * sample and video entry fields, then width and height. */
  put_be16 (bytes->data + stsd + 16 + 32, size[0]);
  put_be16 (bytes->data + stsd + 16 + 34, size[1]);
}

/* Every chunk offset of the first track points past the end of the file. */
static void
offsets_past_end (GByteArray    *bytes,
                  gconstpointer  data)
{
  gsize stco = find_box (bytes, "stco", 0);
  guint32 n = (guint32) bytes->data[stco + 12] << 24 | bytes->data[stco + 13] << 16 |
              bytes->data[stco + 14] << 8 | bytes->data[stco + 15];

  for (guint32 i = 0; i < n && stco + 16 + 4 * (i + 1) <= bytes->len; i++)
    put_be32 (bytes->data + stco + 16 + 4 * i, 0x7ff00000u + i * 4096);
}

/* The moov, then an mdat that declares its whole size and holds nothing. */
static void
empty_mdat (GByteArray    *bytes,
            gconstpointer  data)
{
  gsize mdat = find_box (bytes, "mdat", find_box (bytes, "moov", 0));

  g_byte_array_set_size (bytes, mdat + 8);
}

/* Random bytes over the middle fifth of the mdat: every codec's frames
 * there are damaged, the container intact. */
static void
corrupt_middle (GByteArray    *bytes,
                gconstpointer  data)
{
  gsize mdat = find_box (bytes, "mdat", find_box (bytes, "moov", 0)) + 8;
  gsize size = bytes->len - mdat;
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);

  for (gsize i = mdat + size * 2 / 5; i < mdat + size * 3 / 5; i++)
    bytes->data[i] = g_rand_int (rand) & 0xff;
}

/* ---- the maker, bounded ---- */

static IngestProxySource *
source_new (const char *clip_name,
            const char *path,
            gint64      frames)
{
  IngestProxySource *source = g_new0 (IngestProxySource, 1);
  const char *files[] = { path, NULL };

  source->clip_name = g_strdup (clip_name);
  source->roll_name = g_strdup ("H001");
  source->reel = g_strdup ("H001");
  source->kind = INGEST_CLIP_KIND_VIDEO;
  source->files = g_strdupv ((char **) files);
  source->fps_num = 25;
  source->fps_den = 1;
  source->frames = frames;
  source->squeeze = 1.0;
  g_assert_true (ingest_timecode_init (&source->tc_start, 25, 1, FALSE));
  g_assert_true (ingest_timecode_parse (&source->tc_start, "01:00:00:00"));
  source->has_tc = TRUE;
  return source;
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
made_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
made (gpointer user_data)
{
  return ((Wait *) user_data)->result != NULL;
}

/* Makes SOURCE's proxy in OUT_DIR on a worker; a make that outlives the
 * deadline fails the test (a hang). Returns the result or NULL with ERROR,
 * and the seconds it took. */
static IngestProxyResult *
make_bounded (const IngestProxySource  *source,
              const char               *out_dir,
              double                   *seconds,
              GError                  **error)
{
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  Wait wait = { NULL };
  gint64 start = g_get_monotonic_time ();
  IngestProxyResult *result;

  settings->burn_in = FALSE;
  settings->stall_seconds = STALL_SECONDS;
  settings->filmstrip_frames = 4;
  ingest_proxy_make_async (source, settings, out_dir, NULL, made_cb, &wait);
  ingest_test_wait_until (made, &wait, MAKE_DEADLINE_MS);
  result = ingest_proxy_make_finish (wait.result, error);
  g_object_unref (wait.result);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return result;
}

static void
assert_dir_empty (const char *out_dir)
{
  g_autoptr(GDir) dir = g_dir_open (out_dir, 0, NULL);
  const char *name;

  /* The maker may not even have made the folder. */
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, NULL);
}

/* ffprobe's count of the proxy's video frames. */
static gint64
ffprobe_frames (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                         "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  return g_ascii_strtoll (out, NULL, 10);
}

typedef enum
{
  OUTCOME_FAIL,            /* fails with one of the codes given */
  OUTCOME_FAIL_OR_SHORTER, /* fails, or a valid proxy of at most the clip's frames */
} Outcome;

/* Makes the clip CLIP from PATH and checks the outcome: a failure with a
 * reason and an empty folder, or a valid proxy read back by ffprobe. */
static void
check_source (const IngestProxySource *source,
              Outcome                  outcome,
              const int               *codes)
{
  const char *clip = source->clip_name;
  g_autofree char *out_dir = g_build_filename (tmp_dir, "out", clip, NULL);
  g_autoptr(IngestProxyResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  result = make_bounded (source, out_dir, &seconds, &error);
  if (result == NULL)
    {
      gboolean listed = FALSE;

      g_assert_nonnull (error);
      g_test_message ("%s: failed in %.1f s: %s (code %d)", clip, seconds, error->message, error->code);
      g_assert_true (error->domain == INGEST_PROXY_ERROR);
      g_assert_cmpuint (strlen (error->message), >, 0);
      for (guint i = 0; codes[i] >= 0; i++)
        listed |= error->code == codes[i];
      g_assert_true (listed);
      assert_dir_empty (out_dir);
      return;
    }

  g_test_message ("%s: made in %.1f s: %" G_GINT64_FORMAT " frames, %.2f s", clip, seconds,
                  result->frames, result->duration_s);
  g_assert_cmpint (outcome, ==, OUTCOME_FAIL_OR_SHORTER);
  g_assert_cmpint (result->status, ==, INGEST_PROXY_STATUS_MADE);
  g_assert_true (g_file_test (result->proxy_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (result->frames, >, 0);
  g_assert_cmpint (result->frames, <=, CLIP_FRAMES);
  g_assert_cmpint (ffprobe_frames (result->proxy_path), ==, result->frames);
}

static void
check_clip (const char *clip,
            const char *path,
            gint64      frames,
            Outcome     outcome,
            const int  *codes)
{
  g_autoptr(IngestProxySource) source = source_new (clip, path, frames);

  check_source (source, outcome, codes);
}

/* The reasons each case may honestly give. */
static const int decode[] = { INGEST_PROXY_ERROR_DECODE, -1 };
static const int decode_or_short[] = { INGEST_PROXY_ERROR_DECODE, INGEST_PROXY_ERROR_VERIFY, -1 };
static const int decode_or_invalid[] = { INGEST_PROXY_ERROR_DECODE, INGEST_PROXY_ERROR_INVALID, -1 };
static const int nothing_to_decode[] = { INGEST_PROXY_ERROR_NOT_DECODABLE, INGEST_PROXY_ERROR_INVALID,
                                         INGEST_PROXY_ERROR_DECODE, -1 };
/* GStreamer 1.22's mxfdemux spins on a file cut inside its header
 * partition (pulling at the end, never posting EOS or an error): only the
 * watchdog ends that clip. */
static const int mxf_cut[] = { INGEST_PROXY_ERROR_DECODE, INGEST_PROXY_ERROR_VERIFY,
                               INGEST_PROXY_ERROR_STALLED, -1 };

/* ---- tests ---- */

/* Cut anywhere: without its moov (ffmpeg writes it last) there is no
 * movie; with the moov first, a cut mdat is a shorter clip, which the
 * maker refuses when the metadata knows the length and may make as a
 * shorter proxy when it does not. */
static void
test_truncated_mov (void)
{
  static const double cuts[] = { 0.05, 0.5, 0.95 };
  g_autofree char *mov = prores_mov (FALSE);
  g_autofree char *fast = prores_mov (TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("T%03u", (guint) (cuts[i] * 100));
      g_autofree char *fast_name = g_strdup_printf ("F%03u", (guint) (cuts[i] * 100));
      g_autofree char *unknown_name = g_strdup_printf ("U%03u", (guint) (cuts[i] * 100));
      g_autofree char *cut = hostile_copy (mov, name, cut_at, &cuts[i]);
      g_autofree char *fast_cut = hostile_copy (fast, fast_name, cut_at, &cuts[i]);

      check_clip (name, cut, CLIP_FRAMES, OUTCOME_FAIL, decode);
      check_clip (fast_name, fast_cut, CLIP_FRAMES, OUTCOME_FAIL, decode_or_short);
      check_clip (unknown_name, fast_cut, 0, OUTCOME_FAIL_OR_SHORTER, decode);
    }
}

static void
test_truncated_mxf (void)
{
  static const double cuts[] = { 0.05, 0.5, 0.95 };
  g_autofree char *mxf = dnxhr_mxf ();

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("X%03u", (guint) (cuts[i] * 100));
      g_autofree char *unknown_name = g_strdup_printf ("Y%03u", (guint) (cuts[i] * 100));
      g_autofree char *cut = hostile_copy (mxf, name, cut_at, &cuts[i]);

      check_clip (name, cut, CLIP_FRAMES, OUTCOME_FAIL, mxf_cut);
      check_clip (unknown_name, cut, 0, OUTCOME_FAIL_OR_SHORTER, mxf_cut);
    }
}

/* Sizes the headers lie about: ProRes frames carry their own size, so
 * the decoder may well be right where the container is not. */
static void
test_lying_sizes (void)
{
  static const guint sizes[][2] = { { 16384, 16384 }, { 1, 1 }, { 0, 0 }, { 65535, 65535 } };
  g_autofree char *fast = prores_mov (TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("S%ux%u", sizes[i][0], sizes[i][1]);
      g_autofree char *path = hostile_copy (fast, name, set_size, sizes[i]);

      check_clip (name, path, CLIP_FRAMES, OUTCOME_FAIL_OR_SHORTER, decode_or_invalid);
    }
}

/* Nothing to decode: an empty file, an mdat with no bytes, a moov whose
 * chunks are all past the end of the file. */
static void
test_empty_streams (void)
{
  g_autofree char *fast = prores_mov (TRUE);
  g_autofree char *empty = g_build_filename (tmp_dir, "E000", NULL);
  g_autofree char *no_data = hostile_copy (fast, "E001", empty_mdat, NULL);
  g_autofree char *past_end = hostile_copy (fast, "E002", offsets_past_end, NULL);

  ingest_test_write_file (empty, "", 0);
  check_clip ("E000", empty, 0, OUTCOME_FAIL, nothing_to_decode);
  check_clip ("E001", no_data, 0, OUTCOME_FAIL, nothing_to_decode);
  check_clip ("E002", past_end, 0, OUTCOME_FAIL, nothing_to_decode);
}

/* Damaged frames in the middle of the clip: the decoders drop them (a
 * handful of errors is under GstVideoDecoder's max-errors). The queues
 * after the demuxer are bounded by bytes, so the muxer never deadlocks
 * waiting for the missing pictures: the clip decodes short and the maker's
 * check against the metadata's 50 frames fails it; not knowing the length,
 * the check that the sound does not outlast the picture does. Either way a
 * reason, never a hang. */
static const int corrupt[] = { INGEST_PROXY_ERROR_DECODE, INGEST_PROXY_ERROR_VERIFY, -1 };

static void
test_corrupt_frames (void)
{
  g_autofree char *fast = prores_mov (TRUE);
  g_autofree char *h264 = h264_mov ();
  g_autofree char *prores_bad = hostile_copy (fast, "C001", corrupt_middle, NULL);
  g_autofree char *h264_bad = hostile_copy (h264, "C002", corrupt_middle, NULL);

  check_clip ("C001", prores_bad, CLIP_FRAMES, OUTCOME_FAIL, corrupt);
  check_clip ("C002", h264_bad, CLIP_FRAMES, OUTCOME_FAIL, corrupt);
  check_clip ("C003", prores_bad, 0, OUTCOME_FAIL_OR_SHORTER, corrupt);
  check_clip ("C004", h264_bad, 0, OUTCOME_FAIL_OR_SHORTER, corrupt);
}

/* A clip "file" that is a FIFO (a pipe nobody writes: the shape of a read
 * that never returns) is refused at once, before anything opens it. The
 * watchdog's own case, a pipeline that waits forever, is X005 above
 * (mxfdemux on a cut header partition). */
static void
test_not_a_file (void)
{
  g_autofree char *fifo = g_build_filename (tmp_dir, "Z001.mov", NULL);
  const int not_a_file[] = { INGEST_PROXY_ERROR_INVALID, INGEST_PROXY_ERROR_IO, -1 };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  check_clip ("Z001", fifo, CLIP_FRAMES, OUTCOME_FAIL, not_a_file);
}

/* A DNG or EXR sequence of 8 frames (frame 4 missing), HOSTILE applied to
 * its third file. */
typedef void (*FrameEditFunc) (const char *path);

static IngestProxySource *
sequence_new (const char    *clip,
              gboolean       exr,
              guint          width,
              guint          height,
              FrameEditFunc  hostile)
{
  IngestProxySource *source = source_new (clip, "", 8);
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
  g_autofree char *dir = g_build_filename (tmp_dir, clip, NULL);
  guint n = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%06u.%s", clip, 1000 + i, exr ? "exr" : "dng");
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (i == 4)
        continue;
      if (exr)
        {
          IngestDemoExr spec = { .width = width, .height = height, .pattern = i, .compression = 3 };
          g_autoptr(GError) error = NULL;

          g_assert_true (ingest_demo_exr_write (path, &spec, &error));
        }
      else
        {
          IngestDemoDng spec = { .width = width, .height = height, .pattern = i };
          g_autoptr(GBytes) dng = ingest_demo_dng_new (&spec);

          ingest_test_write_file (path, g_bytes_get_data (dng, NULL), g_bytes_get_size (dng));
        }
      if (n++ == 2 && hostile != NULL)
        hostile (path);
      g_strv_builder_add (files, path);
    }
  g_strfreev (source->files);
  source->files = g_strv_builder_end (files);
  source->kind = INGEST_CLIP_KIND_SEQUENCE;
  source->frame_first = 1000;
  source->frame_last = 1007;
  return source;
}

static void
cut_file (const char *path)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);

  ingest_test_write_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) * 6 / 10);
}

static void
garble_file (const char *path)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);
  g_autoptr(GByteArray) copy = g_byte_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  g_byte_array_append (copy, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (guint i = 0; i < copy->len; i++)
    copy->data[i] = g_rand_int (rand) & 0xff;
  ingest_test_write_file (path, copy->data, copy->len);
}

/* Frame sequences through the whole maker: a good one keeps its length
 * (the missing frame held); a cut or garbled frame fails the clip naming
 * it; a first frame declaring 16k × 16k is refused before decoding; a
 * 1 × 1 picture, which x264 cannot take, is refused as having no usable
 * size (or made, if the maker scales it up). */
static void
test_sequences (void)
{
  for (guint exr = 0; exr < 2; exr++)
    {
      g_autofree char *good = g_strdup_printf ("Q%u00", exr);
      g_autofree char *cut = g_strdup_printf ("Q%u01", exr);
      g_autofree char *garbled = g_strdup_printf ("Q%u02", exr);
      g_autoptr(IngestProxySource) good_source = sequence_new (good, exr, 64, 32, NULL);
      g_autoptr(IngestProxySource) cut_source = sequence_new (cut, exr, 64, 32, cut_file);
      g_autoptr(IngestProxySource) garbled_source = sequence_new (garbled, exr, 64, 32, garble_file);
      g_autoptr(IngestProxyResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out_dir = g_build_filename (tmp_dir, "out", good, NULL);

      result = make_bounded (good_source, out_dir, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result->frames, ==, 8);
      g_assert_cmpint (ffprobe_frames (result->proxy_path), ==, 8);

      check_source (cut_source, OUTCOME_FAIL, decode);
      check_source (garbled_source, OUTCOME_FAIL, decode);
      /* The reason names the frame. */
      {
        g_autoptr(IngestProxySource) again = sequence_new ("Q_name", exr, 64, 32, cut_file);
        g_autofree char *dir = g_build_filename (tmp_dir, "out", "Q_name", NULL);
        g_autoptr(IngestProxyResult) none = NULL;
        g_autoptr(GError) why = NULL;
        g_autofree char *base = g_path_get_basename (again->files[2]);

        none = make_bounded (again, dir, NULL, &why);
        g_assert_null (none);
        g_assert_nonnull (strstr (why->message, base));
        assert_dir_empty (dir);
        ingest_test_rm_rf (dir);
        g_clear_pointer (&dir, g_free);
        dir = g_build_filename (tmp_dir, "Q_name", NULL);
        ingest_test_rm_rf (dir);
      }
    }

  {
    const int invalid[] = { INGEST_PROXY_ERROR_INVALID, -1 };
    g_autoptr(IngestProxySource) lie = sequence_new ("Q200", TRUE, 64, 32, NULL);
    g_autoptr(IngestProxySource) tiny = sequence_new ("Q201", TRUE, 1, 1, NULL);
    g_autoptr(GBytes) bytes = ingest_test_read_bytes (lie->files[0]);
    g_autoptr(GByteArray) copy = g_byte_array_new ();
    const guint sides[] = { 16384, 16384 };

    /* The first frame's windows: both boxes to 16384 × 16384. */
    g_byte_array_append (copy, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    for (guint k = 0; k < 2; k++)
      {
        const char *name = k == 0 ? "dataWindow" : "displayWindow";
        gsize len = strlen (name);

        for (gsize i = 0; i + len + 27 < copy->len; i++)
          if (memcmp (copy->data + i, name, len + 1) == 0)
            {
              guint8 *box = copy->data + i + len + 1 + 6 + 4;

              for (guint c = 0; c < 2; c++)
                {
                  guint32 v = sides[c] - 1;

                  box[8 + 4 * c] = v & 0xff;
                  box[9 + 4 * c] = (v >> 8) & 0xff;
                  box[10 + 4 * c] = (v >> 16) & 0xff;
                  box[11 + 4 * c] = v >> 24;
                }
              break;
            }
      }
    ingest_test_write_file (lie->files[0], copy->data, copy->len);
    check_source (lie, OUTCOME_FAIL, invalid);
    check_source (tiny, OUTCOME_FAIL_OR_SHORTER, invalid);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ingest_test_require_programs ("ffmpeg", "ffmpeg", "ffprobe", NULL);
  ingest_init_gstreamer ();
  tmp_dir = ingest_test_make_tmpdir ("test-proxy-hostile-XXXXXX");

  g_test_add_func ("/proxy-hostile/truncated-mov", test_truncated_mov);
  g_test_add_func ("/proxy-hostile/truncated-mxf", test_truncated_mxf);
  g_test_add_func ("/proxy-hostile/lying-sizes", test_lying_sizes);
  g_test_add_func ("/proxy-hostile/empty-streams", test_empty_streams);
  g_test_add_func ("/proxy-hostile/corrupt-frames", test_corrupt_frames);
  g_test_add_func ("/proxy-hostile/not-a-file", test_not_a_file);
  g_test_add_func ("/proxy-hostile/sequences", test_sequences);
  status = g_test_run ();

  ingest_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
