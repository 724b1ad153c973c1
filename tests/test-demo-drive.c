/* test-demo-drive.c
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

#define G_LOG_DOMAIN "test-demo-drive"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-test-util.h"

/* What the demo drive must hold, written down independently of the generator. */
static const char * const expected_paths[] = {
  ".DS_Store",
  "A001R1AB/.DS_Store",
  "A001R1AB/._A001C001_261121_R1AB.mov",
  "A001R1AB/A001C001_261121_R1AB.mov",
  "A001R1AB/A001C002_261121_R1AB.mov",
  "A001R1AB/A001C003_261121_R1AB.mov",
  "A001R1AB/A001C004_261121_R1AB.mxf",
  "A001R1AB/A001R1AB.ale",
  "A001R1AB/ascmhl/0001_A001R1AB_2026-11-21_194200Z.mhl",
  "A001R1AB/ascmhl/ascmhl_chain.xml",
  "B001/ascmhl/0001_B001_2026-11-21_194200Z.mhl",
  "B001/ascmhl/ascmhl_chain.xml",
  "B001/XDROOT/Clip/C0001.MXF",
  "B001/XDROOT/Clip/C0001M01.XML",
  "B001/XDROOT/Clip/C0002.MXF",
  "B001/XDROOT/Clip/C0002M01.XML",
  "B001/XDROOT/MEDIAPRO.XML",
  "B001/XDROOT/Thmbnl/C0001T01.JPG",
  "B001/XDROOT/Thmbnl/C0002T01.JPG",
  "C001/ascmhl/0001_C001_2026-11-21_194200Z.mhl",
  "C001/ascmhl/ascmhl_chain.xml",
  "C001/PRIVATE/M4ROOT/CLIP/C0001.MP4",
  "C001/PRIVATE/M4ROOT/CLIP/C0001M01.XML",
  "C001/PRIVATE/M4ROOT/MEDIAPRO.XML",
  "C001/PRIVATE/M4ROOT/THMBNL/C0001T01.JPG",
  "D001/ascmhl/0001_D001_2026-11-21_194200Z.mhl",
  "D001/ascmhl/ascmhl_chain.xml",
  "D001/DCIM/100STILL/NJ1_0001.DNG",
  "D001/DCIM/100STILL/NJ1_0002.DNG",
  "D001/DCIM/100STILL/NJ1_0003.DNG",
  "E001/ascmhl/0001_E001_2026-11-21_194200Z.mhl",
  "E001/ascmhl/ascmhl_chain.xml",
  "E001/E001C001/E001C001.0086400.exr",
  "E001/E001C001/E001C001.0086401.exr",
  "E001/E001C001/E001C001.0086402.exr",
  "E001/E001C001/E001C001.0086403.exr",
  "E001/E001C001/E001C001.0086404.exr",
  "E001/E001C001/E001C001.0086406.exr",
  "E001/E001C001/E001C001.0086407.exr",
  "E001/E001C001/E001C001.0086408.exr",
  "E001/E001C001/E001C001.0086409.exr",
  "SOUND_001/T001.WAV",
  "SOUND_001/T002.WAV",
  "SOUND_001/T003.WAV",
  "SOUND_001/T004.WAV",
  "SOUND_001/T005.WAV",
};

static const char * const expected_folders[] = {
  "B001/XDROOT/Edit", "B001/XDROOT/General", "B001/XDROOT/Sub", "B001/XDROOT/Take",
  "C001/PRIVATE/M4ROOT/GENERAL", "C001/PRIVATE/M4ROOT/SUB",
};

typedef struct
{
  const char *path;
  const char *caps;        /* structure name of the video caps */
  guint       width;
  guint       height;
  guint       seconds;
  const char *codec;       /* ffprobe's codec_name */
  const char *profile;     /* ffprobe's profile */
  const char *timecode;    /* QuickTime tmcd start, or NULL */
  guint       n_audio;
  const char *mtime;       /* end of the take, UTC */
} ExpectedVideo;

static const ExpectedVideo expected_videos[] = {
  { "A001R1AB/A001C001_261121_R1AB.mov", "video/x-prores", 960, 540, 3, "prores", "Standard", "10:21:14:00", 1, "2026-11-21T10:21:17Z" },
  { "A001R1AB/A001C002_261121_R1AB.mov", "video/x-prores", 960, 540, 2, "prores", "Standard", "10:24:40:12", 1, "2026-11-21T10:24:42Z" },
  { "A001R1AB/A001C003_261121_R1AB.mov", "video/x-prores", 960, 540, 4, "prores", "Standard", "10:31:05:00", 1, "2026-11-21T10:31:09Z" },
  { "A001R1AB/A001C004_261121_R1AB.mxf", "video/x-dnxhd", 1280, 720, 2, "dnxhd", "DNXHR LB", NULL, 0, "2026-11-21T11:02:22Z" },
  { "B001/XDROOT/Clip/C0001.MXF", "video/x-h264", 960, 540, 3, "h264", "High", NULL, 0, "2026-11-21T10:24:42Z" },
  { "B001/XDROOT/Clip/C0002.MXF", "video/x-h264", 960, 540, 3, "h264", "High", NULL, 0, "2026-11-21T10:31:07Z" },
  { "C001/PRIVATE/M4ROOT/CLIP/C0001.MP4", "video/x-h264", 960, 540, 2, "h264", "High", NULL, 0, "2026-11-21T10:31:08Z" },
};

typedef struct
{
  const char *path;
  const char *scene;
  const char *take;
  const char *time;        /* bext OriginationTime = start timecode */
  guint       seconds;
  guint       tone_hz;
  const char *tc_rate;     /* iXML TIMECODE_RATE */
  const char *tc_flag;     /* iXML TIMECODE_FLAG */
  const char *speed;       /* bext sSPEED */
  const char *tc_start;    /* what the BWF reader makes of it */
} ExpectedSound;

/* The takes' timecodes are the wall-clock start at the recorder's rate, in
 * whole frames: 10:21:12 at 25 is 10:21:12:00. 11:05:00 = 39900 s at
 * 24000/1001 is 956643.36 → 956643 frames = 39860 s × 24 + 3 → 11:04:20:03.
 * 11:08:30 = 40110 s at 30000/1001 is 1202097.9 → 1202097 frames; 66 blocks
 * of ten minutes (17982 frames) leave 15285, 8 dropping minutes in: labels
 * 1202097 + 66 × 18 + 8 × 2 = 1203301 = 40110 s × 30 + 1 → 11:08:30;01. */

static const ExpectedSound expected_sounds[] = {
  { "SOUND_001/T001.WAV", "12A", "1", "10:21:12", 4, 440, "25/1", "NDF", "025.000-ND", "10:21:12:00" },
  { "SOUND_001/T002.WAV", "12A", "2", "10:24:38", 4, 523, "25/1", "NDF", "025.000-ND", "10:24:38:00" },
  { "SOUND_001/T003.WAV", "12B", "1", "10:31:03", 5, 659, "25/1", "NDF", "025.000-ND", "10:31:03:00" },
  { "SOUND_001/T004.WAV", "WT1", "1", "11:05:00", 2, 587, "24000/1001", "NDF", "023.976-ND", "11:04:20:03" },
  { "SOUND_001/T005.WAV", "WT2", "1", "11:08:30", 2, 698, "30000/1001", "DF", "029.970-DF", "11:08:30;01" },
};

static char *demo_dir;
static char *scratch_dir;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AsyncOutcome;

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncOutcome *outcome = user_data;

  outcome->ok = ingest_demo_drive_create_finish (result, &outcome->error);
  outcome->done = TRUE;
}

/* Makes a drive through the async API and waits for it on the main context. */
static gboolean
create_async_and_wait (const char    *dir,
                       GCancellable  *cancellable,
                       GError       **error)
{
  AsyncOutcome outcome = { FALSE, FALSE, NULL };

  ingest_demo_drive_create_async (dir, cancellable, created_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (outcome.ok == (outcome.error == NULL));
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

/* The drive every read-only test looks at, made once (through the async API). */
static const char *
get_demo_drive (void)
{
  if (demo_dir == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_build_filename (scratch_dir, "SHUTTLE_D01", NULL);
      gint64 started = g_get_monotonic_time ();

      g_assert_true (create_async_and_wait (dir, NULL, &error));
      g_assert_no_error (error);
      g_test_message ("demo drive made in %.2f s", (g_get_monotonic_time () - started) / 1e6);
      demo_dir = g_steal_pointer (&dir);
    }
  return demo_dir;
}

static char *
drive_path (const char *relpath)
{
  return g_build_filename (get_demo_drive (), relpath, NULL);
}

static GBytes *
read_drive_file (const char *relpath)
{
  g_autofree char *path = drive_path (relpath);

  return ingest_test_read_bytes (path);
}

static gint64
parse_utc (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[1] << 8 | p[0]);
}

/* Runs ingestctl with up to two arguments; returns the exit status, captures both streams. */
static int
run_ingestctl (const char  *arg1,
               const char  *arg2,
               char       **out,
               char       **err)
{
  const char *ingestctl = g_getenv ("INGESTCTL");
  const char *argv[] = { ingestctl, "demo-drive", arg1, arg2, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (ingestctl);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static char *
xpath_string (xmlDoc     *doc,
              const char *expression)
{
  xmlXPathContext *context = xmlXPathNewContext (doc);
  xmlXPathObject *result;
  char *text;

  xmlXPathRegisterNs (context, (const xmlChar *) "nrt",
                      (const xmlChar *) "urn:schemas-professionalDisc:nonRealTimeMeta:ver.2.00");
  xmlXPathRegisterNs (context, (const xmlChar *) "mp",
                      (const xmlChar *) "http://xmlns.sony.net/pro/metadata/mediaprofile");
  xmlXPathRegisterNs (context, (const xmlChar *) "mhl", (const xmlChar *) "urn:ASC:MHL:v2.0");
  xmlXPathRegisterNs (context, (const xmlChar *) "dir", (const xmlChar *) "urn:ASC:MHL:DIRECTORY:v2.0");
  result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  g_assert_nonnull (result);
  text = (char *) xmlXPathCastToString (result);
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  return text;
}

static xmlDoc *
parse_xml (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  xmlDoc *doc = xmlReadMemory (data, len, NULL, NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

/* Tests */

static void
test_layout (void)
{
  g_autofree char *root = NULL;
  GStatBuf st;

  for (guint i = 0; i < G_N_ELEMENTS (expected_paths); i++)
    {
      g_autofree char *path = drive_path (expected_paths[i]);

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_true (S_ISREG (st.st_mode));
      g_assert_cmpint (st.st_size, >, 0);
      /* Everything is dated on the shoot day. */
      g_assert_cmpint (st.st_mtime, >=, parse_utc ("2026-11-21T00:00:00Z"));
      g_assert_cmpint (st.st_mtime, <, parse_utc ("2026-11-22T00:00:00Z"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected_folders); i++)
    {
      g_autofree char *path = drive_path (expected_folders[i]);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
      /* Empty since the card was formatted in the morning. */
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mtime, ==, parse_utc ("2026-11-21T08:02:11Z"));
    }

  /* A folder is as new as what it holds: the rolls were sealed at 19:42. */
  root = drive_path ("");
  g_assert_cmpint (g_stat (root, &st), ==, 0);
  g_assert_cmpint (st.st_mtime, ==, parse_utc ("2026-11-21T19:42:00Z"));
}

static void
test_finder_litter (void)
{
  g_autoptr(GBytes) ds_store = read_drive_file (".DS_Store");
  g_autoptr(GBytes) apple_double = read_drive_file ("A001R1AB/._A001C001_261121_R1AB.mov");
  const guint8 *ad;
  gsize len;

  g_assert_cmpmem (g_bytes_get_data (ds_store, NULL), 8, "\0\0\0\1Bud1", 8);

  /* AppleDouble v2: magic, version, two entries; the resource fork ends the file. */
  ad = g_bytes_get_data (apple_double, &len);
  g_assert_cmpuint (len, ==, 4096);
  g_assert_cmphex (be32 (ad), ==, 0x00051607);
  g_assert_cmphex (be32 (ad + 4), ==, 0x00020000);
  g_assert_cmpuint ((ad[24] << 8) | ad[25], ==, 2);
  g_assert_cmpuint (be32 (ad + 26), ==, 9);
  g_assert_cmpuint (be32 (ad + 38), ==, 2);
  g_assert_cmpuint (be32 (ad + 42) + be32 (ad + 46), ==, len);
}

static void
test_video_discoverer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (20 * GST_SECOND, &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (expected_videos); i++)
    {
      const ExpectedVideo *want = &expected_videos[i];
      g_autofree char *path = drive_path (want->path);
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      g_autoptr(GstDiscovererInfo) info = NULL;
      GList *videos, *audios;
      GstDiscovererStreamInfo *video;
      g_autoptr(GstCaps) caps = NULL;
      GStatBuf st;

      g_test_message ("%s", want->path);
      info = gst_discoverer_discover_uri (discoverer, uri, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
      g_assert_cmpuint (gst_discoverer_info_get_duration (info), ==, want->seconds * GST_SECOND);

      videos = gst_discoverer_info_get_video_streams (info);
      g_assert_cmpuint (g_list_length (videos), ==, 1);
      video = videos->data;
      caps = gst_discoverer_stream_info_get_caps (video);
      g_assert_cmpstr (gst_structure_get_name (gst_caps_get_structure (caps, 0)), ==, want->caps);
      g_assert_cmpuint (gst_discoverer_video_info_get_width (GST_DISCOVERER_VIDEO_INFO (video)), ==, want->width);
      g_assert_cmpuint (gst_discoverer_video_info_get_height (GST_DISCOVERER_VIDEO_INFO (video)), ==, want->height);
      g_assert_cmpuint (gst_discoverer_video_info_get_framerate_num (GST_DISCOVERER_VIDEO_INFO (video)), ==, 25);
      gst_discoverer_stream_info_list_free (videos);

      audios = gst_discoverer_info_get_audio_streams (info);
      g_assert_cmpuint (g_list_length (audios), ==, want->n_audio);
      for (GList *l = audios; l != NULL; l = l->next)
        {
          g_assert_cmpuint (gst_discoverer_audio_info_get_channels (l->data), ==, 2);
          g_assert_cmpuint (gst_discoverer_audio_info_get_sample_rate (l->data), ==, 48000);
        }
      gst_discoverer_stream_info_list_free (audios);

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mtime, ==, parse_utc (want->mtime));
      /* Small files, but real media: more than a few kB a second. */
      g_assert_cmpint (st.st_size, >, 20000 * want->seconds);
      g_assert_cmpint (st.st_size, <, 10 * 1024 * 1024 * want->seconds);
    }
}

static JsonObject *
ffprobe (const char *relpath)
{
  g_autofree char *path = drive_path (relpath);

  return ingest_test_ffprobe (path);
}

static void
test_video_ffprobe (void)
{
  if (!ingest_test_require_programs ("ffmpeg", "ffprobe", NULL))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (expected_videos); i++)
    {
      const ExpectedVideo *want = &expected_videos[i];
      g_autoptr(JsonObject) probe = ffprobe (want->path);
      JsonArray *streams = json_object_get_array_member (probe, "streams");
      JsonObject *first = json_array_get_object_element (streams, 0);
      gboolean found_tmcd = FALSE;

      g_test_message ("%s", want->path);
      g_assert_cmpstr (json_object_get_string_member (first, "codec_name"), ==, want->codec);
      g_assert_cmpstr (json_object_get_string_member (first, "profile"), ==, want->profile);

      for (guint s = 0; s < json_array_get_length (streams); s++)
        {
          JsonObject *stream = json_array_get_object_element (streams, s);
          JsonObject *tags;

          if (g_strcmp0 (json_object_get_string_member_with_default (stream, "codec_tag_string", ""), "tmcd") != 0)
            continue;
          found_tmcd = TRUE;
          tags = json_object_get_object_member (stream, "tags");
          g_assert_cmpstr (json_object_get_string_member (tags, "timecode"), ==, want->timecode);
          /* The reel is named like the card, as the camera does (qtmux alone says "Tape"). */
          g_assert_cmpstr (json_object_get_string_member (tags, "reel_name"), ==, "A001R1AB");
        }
      g_assert_true (found_tmcd == (want->timecode != NULL));

      if (want->timecode != NULL)
        {
          JsonObject *format_tags = json_object_get_object_member (json_object_get_object_member (probe, "format"), "tags");
          g_autofree char *expected_creation = g_strdup_printf ("2026-11-21T%.8s.000000Z", want->timecode);

          /* The movie is dated at the start of the take, not when the demo was made. */
          g_assert_cmpstr (json_object_get_string_member (format_tags, "creation_time"), ==, expected_creation);
        }
    }
}

/* Walks the RIFF chunks of a WAV and returns the one with ID, or NULL. */
static const guint8 *
find_chunk (GBytes     *wav,
            const char *id,
            gsize      *chunk_len)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (wav, &len);
  gsize pos = 12;

  g_assert_cmpuint (len, >=, 12);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpuint (le32 (data + 4), ==, len - 8);
  g_assert_cmpmem (data + 8, 4, "WAVE", 4);

  while (pos + 8 <= len)
    {
      guint32 size = le32 (data + pos + 4);

      g_assert_cmpuint (pos + 8 + size, <=, len);
      if (memcmp (data + pos, id, 4) == 0)
        {
          *chunk_len = size;
          return data + pos + 8;
        }
      pos += 8 + size + (size & 1);
    }
  return NULL;
}

static void
test_bwf (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected_sounds); i++)
    {
      const ExpectedSound *want = &expected_sounds[i];
      g_autoptr(GBytes) wav = read_drive_file (want->path);
      g_autofree char *description = NULL;
      g_autofree char *scene_line = g_strdup_printf ("sSCENE=%s\r\n", want->scene);
      g_autofree char *speed_line = g_strdup_printf ("sSPEED=%s\r\n", want->speed);
      g_autofree char *ixml_text = NULL;
      g_autofree char *value = NULL;
      g_autofree char *samples_text = NULL;
      const guint8 *bext, *ixml, *fmt, *data;
      gsize bext_len, ixml_len, fmt_len, data_len;
      guint h, m, s;
      guint64 samples;
      xmlDoc *doc;
      guint crossings = 0;

      g_test_message ("%s", want->path);
      bext = find_chunk (wav, "bext", &bext_len);
      ixml = find_chunk (wav, "iXML", &ixml_len);
      fmt = find_chunk (wav, "fmt ", &fmt_len);
      data = find_chunk (wav, "data", &data_len);
      g_assert_nonnull (bext);
      g_assert_nonnull (ixml);
      g_assert_nonnull (fmt);
      g_assert_nonnull (data);

      /* fmt: PCM, 2 channels, 48 kHz, 24 bit; data: the whole take. */
      g_assert_cmpuint (le16 (fmt), ==, 1);
      g_assert_cmpuint (le16 (fmt + 2), ==, 2);
      g_assert_cmpuint (le32 (fmt + 4), ==, 48000);
      g_assert_cmpuint (le16 (fmt + 12), ==, 6);
      g_assert_cmpuint (le16 (fmt + 14), ==, 24);
      g_assert_cmpuint (data_len, ==, want->seconds * 48000 * 6);

      /* The tone is the take's sine: count sign changes of the left channel. */
      for (gsize f = 1; f < data_len / 6; f++)
        {
          gint32 a = (gint32) (le32 (data + (f - 1) * 6) << 8) >> 8;
          gint32 b = (gint32) (le32 (data + f * 6) << 8) >> 8;

          crossings += (a < 0) != (b < 0);
        }
      g_assert_cmpint (ABS ((int) crossings - (int) (2 * want->tone_hz * want->seconds)), <=, 2);

      /* bext (EBU Tech 3285): fixed fields, then the coding history. */
      g_assert_cmpuint (bext_len, >, 602);
      description = g_strndup ((const char *) bext, 256);
      g_assert_nonnull (strstr (description, scene_line));
      g_assert_nonnull (strstr (description, speed_line));
      g_assert_cmpmem (bext + 256, strlen ("Ingest Station demo") + 1, "Ingest Station demo", strlen ("Ingest Station demo") + 1);
      g_assert_cmpmem (bext + 320, 10, "2026-11-21", 10);
      g_assert_cmpmem (bext + 330, 8, want->time, 8);
      g_assert_cmpint (sscanf (want->time, "%u:%u:%u", &h, &m, &s), ==, 3);
      samples = ((guint64) h * 3600 + m * 60 + s) * 48000;
      g_assert_cmpuint (le32 (bext + 338) | (guint64) le32 (bext + 342) << 32, ==, samples);
      g_assert_cmpuint (le16 (bext + 346), ==, 1);
      g_assert_cmpmem (bext + 602, 18, "A=PCM,F=48000,W=24", 18);

      /* iXML: the same take, the same time stamp. */
      ixml_text = g_strndup ((const char *) ixml, ixml_len);
      doc = xmlReadMemory (ixml_text, strlen (ixml_text), NULL, NULL, XML_PARSE_NONET);
      g_assert_nonnull (doc);
      value = xpath_string (doc, "string(/BWFXML/SCENE)");
      g_assert_cmpstr (value, ==, want->scene);
      g_free (value);
      value = xpath_string (doc, "string(/BWFXML/TAKE)");
      g_assert_cmpstr (value, ==, want->take);
      g_free (value);
      value = xpath_string (doc, "string(/BWFXML/TAPE)");
      g_assert_cmpstr (value, ==, "SOUND_001");
      g_free (value);
      value = xpath_string (doc, "string(/BWFXML/SPEED/TIMECODE_RATE)");
      g_assert_cmpstr (value, ==, want->tc_rate);
      g_free (value);
      value = xpath_string (doc, "string(/BWFXML/SPEED/TIMECODE_FLAG)");
      g_assert_cmpstr (value, ==, want->tc_flag);
      g_free (value);
      value = xpath_string (doc, "string(/BWFXML/SPEED/TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO)");
      samples_text = g_strdup_printf ("%" G_GUINT64_FORMAT, samples);
      g_assert_cmpstr (value, ==, samples_text);
      xmlFreeDoc (doc);

      /* The metadata stage's reader finds the take's timecode and slate. */
      {
        g_autofree char *roll = drive_path ("SOUND_001");
        g_autoptr(IngestClip) clip = ingest_clip_new (want->path + strlen ("SOUND_001/"),
                                                       INGEST_CLIP_KIND_AUDIO, "SOUND_001", "SOUND_001");
        g_autoptr(GError) error = NULL;

        ingest_clip_add_file (clip, want->path + strlen ("SOUND_001/"), g_bytes_get_size (wav));
        g_assert_true (ingest_metadata_extract_clip (clip, roll, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, want->tc_start);
        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE), ==, want->scene);
        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TAKE), ==, want->take);
        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SOUND_ROLL), ==, "SOUND_001");
        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_TRACKS), ==, "MixL, MixR");
      }

      /* And a third-party reader sees the same bext fields. */
      if (ingest_test_require_programs ("ffmpeg", "ffprobe", NULL))
        {
          g_autoptr(JsonObject) probe = ffprobe (want->path);
          JsonObject *tags = json_object_get_object_member (json_object_get_object_member (probe, "format"), "tags");

          g_assert_cmpstr (json_object_get_string_member (tags, "time_reference"), ==, samples_text);
          g_assert_cmpstr (json_object_get_string_member (tags, "encoded_by"), ==, "Ingest Station demo");
          g_assert_cmpstr (json_object_get_string_member (tags, "date"), ==, "2026-11-21");
        }
    }
}

/* A Sony card's index lists its clips, and every file it points at is on the card. */
static void
check_sony_index (const char *card,
                  const char *n_materials)
{
  g_autofree char *relpath = g_build_filename (card, "MEDIAPRO.XML", NULL);
  g_autoptr(GBytes) mediapro = read_drive_file (relpath);
  xmlDoc *doc = parse_xml (mediapro);
  char *value;

  value = xpath_string (doc, "count(/mp:MediaProfile/mp:Contents/mp:Material)");
  g_assert_cmpstr (value, ==, n_materials);
  xmlFree (value);
  for (guint i = 1; i <= atoi (n_materials); i++)
    {
      const char *attributes[] = { "@uri", "mp:RelevantInfo[1]/@uri", "mp:RelevantInfo[2]/@uri" };

      for (guint a = 0; a < G_N_ELEMENTS (attributes); a++)
        {
          g_autofree char *expression = g_strdup_printf ("string(/mp:MediaProfile/mp:Contents/mp:Material[%u]/%s)",
                                                         i, attributes[a]);
          g_autofree char *file = NULL;
          g_autofree char *path = NULL;

          value = xpath_string (doc, expression);
          g_assert_true (g_str_has_prefix (value, "./"));
          file = g_build_filename (card, value, NULL);
          xmlFree (value);
          path = drive_path (file);
          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        }
    }
  xmlFreeDoc (doc);
}

static void
test_sony_sidecars (void)
{
  g_autoptr(GBytes) nrt = read_drive_file ("B001/XDROOT/Clip/C0001M01.XML");
  xmlDoc *doc;
  char *value;

  check_sony_index ("B001/XDROOT", "2");
  check_sony_index ("C001/PRIVATE/M4ROOT", "1");

  /* The clip's sidecar: 75 frames from 10:24:39:00 (LTC digits frame, second, minute, hour). */
  doc = parse_xml (nrt);
  value = xpath_string (doc, "string(/nrt:NonRealTimeMeta/nrt:Duration/@value)");
  g_assert_cmpstr (value, ==, "75");
  xmlFree (value);
  value = xpath_string (doc, "string(/nrt:NonRealTimeMeta/nrt:LtcChangeTable/nrt:LtcChange[1]/@value)");
  g_assert_cmpstr (value, ==, "00392410");
  xmlFree (value);
  xmlFreeDoc (doc);
}

static void
test_arri_ale (void)
{
  g_autoptr(GBytes) ale = read_drive_file ("A001R1AB/A001R1AB.ale");
  g_autofree char *text = g_strndup (g_bytes_get_data (ale, NULL), g_bytes_get_size (ale));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto(GStrv) columns = NULL;
  guint data_line = 0, n_rows = 0;
  int name_col = -1, start_col = -1, file_col = -1;

  g_assert_cmpstr (lines[0], ==, "Heading");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "Column"))
        columns = g_strsplit (lines[i + 1], "\t", -1);
      if (g_str_equal (lines[i], "Data"))
        data_line = i + 1;
    }
  g_assert_nonnull (columns);
  g_assert_cmpuint (data_line, >, 0);
  for (int c = 0; columns[c] != NULL; c++)
    {
      if (g_str_equal (columns[c], "Name"))
        name_col = c;
      else if (g_str_equal (columns[c], "Start"))
        start_col = c;
      else if (g_str_equal (columns[c], "Source File"))
        file_col = c;
    }
  g_assert_cmpint (name_col, >=, 0);
  g_assert_cmpint (start_col, >=, 0);
  g_assert_cmpint (file_col, >=, 0);

  for (guint i = data_line; lines[i] != NULL && *lines[i] != '\0'; i++, n_rows++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_autofree char *relpath = g_build_filename ("A001R1AB", fields[file_col], NULL);
      g_autofree char *path = drive_path (relpath);

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (columns));
      g_assert_true (g_str_has_prefix (fields[file_col], fields[name_col]));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      if (n_rows == 0)
        g_assert_cmpstr (fields[start_col], ==, "10:21:14:00");
    }
  g_assert_cmpuint (n_rows, ==, 4);
}

/* Lists the files of a roll as the on-set seal covers them (not .DS_Store, ._*, ascmhl/). */
static void
list_roll_files (const char *dir,
                 const char *prefix,
                 GPtrArray  *files)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *relpath = *prefix ? g_strconcat (prefix, "/", name, NULL) : g_strdup (name);

      if (g_str_equal (name, ".DS_Store") || g_str_has_prefix (name, "._") || g_str_equal (relpath, "ascmhl"))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_roll_files (path, relpath, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&relpath));
    }
}

/* Each camera roll has a first ASC MHL generation from the set: read it with libxml2
 * and check every recorded hash against xxhsum, a reader that shares nothing with us. */
static void
check_sealed_roll (const char *roll)
{
  g_autofree char *manifest_rel = g_strdup_printf ("%s/ascmhl/0001_%s_2026-11-21_194200Z.mhl", roll, roll);
  g_autofree char *chain_rel = g_strdup_printf ("%s/ascmhl/ascmhl_chain.xml", roll);
  g_autofree char *roll_path = drive_path (roll);
  g_autoptr(GBytes) manifest = read_drive_file (manifest_rel);
  g_autoptr(GBytes) chain = read_drive_file (chain_rel);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  xmlDoc *doc = parse_xml (manifest);
  char *value;

  g_test_message ("%s", manifest_rel);
  value = xpath_string (doc, "string(/mhl:hashlist/@version)");
  g_assert_cmpstr (value, ==, "2.0");
  xmlFree (value);
  value = xpath_string (doc, "string(/mhl:hashlist/mhl:creatorinfo/mhl:hostname)");
  g_assert_cmpstr (value, ==, "dit-cart-01");
  xmlFree (value);
  value = xpath_string (doc, "string(/mhl:hashlist/mhl:creatorinfo/mhl:creationdate)");
  g_assert_cmpint (parse_utc (value), ==, parse_utc ("2026-11-21T19:42:00Z"));
  xmlFree (value);
  value = xpath_string (doc, "string(/mhl:hashlist/mhl:creatorinfo/mhl:author)");
  g_assert_cmpstr (value, ==, "DIT");
  xmlFree (value);
  value = xpath_string (doc, "string(/mhl:hashlist/mhl:processinfo/mhl:process)");
  g_assert_cmpstr (value, ==, "in-place");
  xmlFree (value);
  value = xpath_string (doc, "count(/mhl:hashlist/mhl:processinfo/mhl:ignore/mhl:pattern[.='._*'])");
  g_assert_cmpstr (value, ==, "1");
  xmlFree (value);

  /* Every file of the roll is recorded, with its size and the hash xxhsum gives. */
  list_roll_files (roll_path, "", files);
  g_assert_cmpuint (files->len, >, 0);
  for (guint i = 0; i < files->len; i++)
    {
      const char *relpath = files->pdata[i];
      g_autofree char *path = g_build_filename (roll_path, relpath, NULL);
      g_autofree char *hash_query = g_strdup_printf ("string(//mhl:hash[mhl:path='%s']/mhl:xxh128)", relpath);
      g_autofree char *size_query = g_strdup_printf ("string(//mhl:hash/mhl:path[.='%s']/@size)", relpath);
      const char *argv[] = { "xxhsum", "-q", "-H2", path, NULL };
      g_autofree char *out = NULL;
      g_autofree char *size_text = NULL;
      GStatBuf st;
      int status;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      size_text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) st.st_size);
      value = xpath_string (doc, size_query);
      g_assert_cmpstr (value, ==, size_text);
      xmlFree (value);

      if (!ingest_test_require_programs ("xxhash", "xxhsum", NULL))
        continue;
      out = ingest_test_run_capture (argv, &status);
      g_assert_cmpint (status, ==, 0);
      value = xpath_string (doc, hash_query);
      g_assert_cmpuint (strlen (value), ==, 32);
      g_assert_true (g_str_has_prefix (out, value));
      xmlFree (value);
    }
  value = xpath_string (doc, "count(/mhl:hashlist/mhl:hashes/mhl:hash[mhl:path])");
  g_assert_cmpuint (atoi (value), ==, files->len);
  xmlFree (value);
  xmlFreeDoc (doc);

  /* The chain lists that one generation. */
  doc = parse_xml (chain);
  value = xpath_string (doc, "string(/dir:ascmhldirectory/dir:hashlist[@sequencenr='1']/dir:path)");
  g_assert_true (g_str_has_suffix (manifest_rel, value));
  xmlFree (value);
  value = xpath_string (doc, "count(/dir:ascmhldirectory/dir:hashlist)");
  g_assert_cmpstr (value, ==, "1");
  xmlFree (value);
  xmlFreeDoc (doc);
}

/* The stills card and the EXR roll: the card layouts recognise both, exiftool
 * and exrheader read them, and our readers agree. */
static void
test_stills_and_exr (void)
{
  g_autoptr(IngestCardScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  IngestCardScanProgress progress = { 0 };
  g_autofree char *dng = drive_path ("D001/DCIM/100STILL/NJ1_0001.DNG");
  g_autofree char *exr = drive_path ("E001/E001C001/E001C001.0086400.exr");
  g_autofree char *exr_roll = drive_path ("E001");
  g_autofree char *out = NULL;
  g_autoptr(IngestClip) clip = NULL;
  guint found = 0;
  int status = -1;

  scan = ingest_card_layout_scan (get_demo_drive (), INGEST_DEMO_DRIVE_LABEL, &progress, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < scan->rolls->len; i++)
    {
      const IngestCardRoll *roll = g_ptr_array_index (scan->rolls, i);

      if (g_str_equal (roll->path, "D001"))
        {
          g_assert_cmpstr (ingest_card_kind_get_nick (roll->kind), ==, "dcim");
          g_assert_cmpuint (roll->n_clips, ==, 3);
          found++;
        }
      else if (g_str_equal (roll->path, "E001"))
        {
          /* One folder of frames, one clip. */
          g_assert_cmpstr (ingest_card_kind_get_nick (roll->kind), ==, "generic");
          g_assert_cmpuint (roll->n_clips, ==, 1);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 2);

  if (ingest_test_require_programs ("libimage-exiftool-perl", "exiftool", NULL))
    {
      const char *argv[] = { "exiftool", "-s3", "-Make", "-Model", "-ISO", "-DateTimeOriginal", "-LensModel", dng, NULL };

      out = ingest_test_run_capture (argv, &status);
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpstr (out, ==, "Nightjar Optics\nNJ-1\n400\n2026:11:21 10:22:30\nNightjar Prime Set\n");
      g_clear_pointer (&out, g_free);
    }
  if (ingest_test_require_programs ("openexr", "exrheader", NULL))
    {
      const char *argv[] = { "exrheader", exr, NULL };

      out = ingest_test_run_capture (argv, &status);
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (out, "cameraModel (type string): \"NJ-C Cine\""));
      g_assert_nonnull (strstr (out, "framesPerSecond (type rational): 24/1"));
      g_assert_nonnull (strstr (out, "    time 01:00:00:00\n"));
      g_clear_pointer (&out, g_free);
    }

  /* The sequence as the grouper forms it: frames 86400–86409, 86405 missing. */
  clip = ingest_clip_new ("E001C001", INGEST_CLIP_KIND_SEQUENCE, "E001", "E001");
  for (guint frame = 86400; frame < 86410; frame++)
    {
      g_autofree char *rel = g_strdup_printf ("E001C001/E001C001.%07u.exr", frame);

      if (frame != 86405)
        ingest_clip_add_file (clip, rel, 1);
    }
  ingest_clip_set_frame_range (clip, 86400, 86409);
  ingest_clip_add_missing_frames (clip, 86405, 86405);
  g_assert_true (ingest_metadata_extract_clip (clip, exr_roll, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "01:00:00:00");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_END), ==, "01:00:00:09");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_REEL), ==, "E001");
}

static void
test_mhl (void)
{
  g_autofree char *sound_history = drive_path ("SOUND_001/ascmhl");

  if (!ingest_test_require_programs ("xxhash", "xxhsum", NULL))
    return;
  check_sealed_roll ("A001R1AB");
  check_sealed_roll ("B001");
  check_sealed_roll ("C001");
  check_sealed_roll ("D001");
  check_sealed_roll ("E001");
  /* The sound roll was not sealed: the station offers to seal it. */
  g_assert_false (g_file_test (sound_history, G_FILE_TEST_EXISTS));
}

/* ingestctl makes a second drive: every file the muxers do not stamp with random
 * identifiers (MXF UUIDs) is byte-identical to the first one's. */
static void
test_cli_deterministic (void)
{
  g_autofree char *dir = g_build_filename (scratch_dir, "cli-drive", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_ingestctl (dir, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "SHUTTLE_D01"));

  for (guint i = 0; i < G_N_ELEMENTS (expected_paths); i++)
    {
      g_autofree char *mine = g_build_filename (dir, expected_paths[i], NULL);
      g_autofree char *other = drive_path (expected_paths[i]);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gsize a_len, b_len;
      GStatBuf a_st, b_st;

      g_assert_true (g_file_get_contents (mine, &a, &a_len, NULL));
      g_assert_true (g_file_get_contents (other, &b, &b_len, NULL));
      g_assert_cmpint (g_stat (mine, &a_st), ==, 0);
      g_assert_cmpint (g_stat (other, &b_st), ==, 0);
      g_assert_cmpint (a_st.st_mtime, ==, b_st.st_mtime);
      /* The MXF files differ, and so do the manifests that hash them. */
      if (g_str_has_suffix (expected_paths[i], ".mxf") || g_str_has_suffix (expected_paths[i], ".MXF") ||
          (g_str_has_suffix (expected_paths[i], ".mhl") && !g_str_has_prefix (expected_paths[i], "C001") &&
           !g_str_has_prefix (expected_paths[i], "D001") && !g_str_has_prefix (expected_paths[i], "E001")) ||
          strstr (expected_paths[i], "ascmhl_chain.xml") != NULL)
        continue;
      g_test_message ("%s", expected_paths[i]);
      g_assert_cmpmem (a, a_len, b, b_len);
    }
}

static void
test_cli_errors (void)
{
  g_autofree char *file = g_build_filename (scratch_dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "drive", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* No DIR. */
  g_assert_cmpint (run_ingestctl (NULL, NULL, &out, &err), !=, 0);
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Two DIRs. */
  g_assert_cmpint (run_ingestctl ("a", "b", &out, &err), !=, 0);
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A DIR that cannot be made: its parent is a file (root can write anywhere else). */
  ingest_test_write_file (file, "x", 1);
  g_assert_cmpint (run_ingestctl (under_file, NULL, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, under_file));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A DIR with files in it is never written over. */
  g_assert_cmpint (run_ingestctl (get_demo_drive (), NULL, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "not empty"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --help. */
  g_assert_cmpint (run_ingestctl ("--help", NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "DIR"));
}

typedef struct
{
  const char   *dir;
  GCancellable *cancellable;
} CancelWhenStarted;

/* Cancels once the drive's folder exists: the work is under way. */
static gboolean
cancel_when_started_cb (gpointer user_data)
{
  CancelWhenStarted *when = user_data;

  if (!g_file_test (when->dir, G_FILE_TEST_IS_DIR))
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (when->cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autofree char *dir = g_build_filename (scratch_dir, "cancelled", NULL);
  g_autofree char *last = g_build_filename (dir, "SOUND_001/T005.WAV", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  CancelWhenStarted when = { dir, cancellable };

  /* (cancelled is the only way it ends here, and removes the source) */
  g_timeout_add (1, cancel_when_started_cb, &when);
  g_assert_false (create_async_and_wait (dir, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It stopped well before the end. */
  g_assert_false (g_file_test (last, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  scratch_dir = ingest_test_make_tmpdir ("test-demo-drive");

  g_test_add_func ("/demo-drive/layout", test_layout);
  g_test_add_func ("/demo-drive/finder-litter", test_finder_litter);
  g_test_add_func ("/demo-drive/video/discoverer", test_video_discoverer);
  g_test_add_func ("/demo-drive/video/ffprobe", test_video_ffprobe);
  g_test_add_func ("/demo-drive/bwf", test_bwf);
  g_test_add_func ("/demo-drive/sony-sidecars", test_sony_sidecars);
  g_test_add_func ("/demo-drive/arri-ale", test_arri_ale);
  g_test_add_func ("/demo-drive/stills-and-exr", test_stills_and_exr);
  g_test_add_func ("/demo-drive/mhl", test_mhl);
  g_test_add_func ("/demo-drive/cli/deterministic", test_cli_deterministic);
  g_test_add_func ("/demo-drive/cli/errors", test_cli_errors);
  g_test_add_func ("/demo-drive/cancel", test_cancel);

  status = g_test_run ();

  ingest_test_rm_rf (scratch_dir);
  g_free (scratch_dir);
  g_free (demo_dir);
  return status;
}
