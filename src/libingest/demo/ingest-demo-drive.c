/* ingest-demo-drive.c
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

#define G_LOG_DOMAIN "ingest-demo-drive"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "ingest-demo-dng.h"
#include "ingest-demo-drive.h"
#include "ingest-demo-drive-private.h"
#include "ingest-demo-exr.h"
#include "ingest-gst-init.h"
#include "ingest-init.h"
#include "ingest-mhl-verifier.h"

/*
 * A synthetic shuttle drive as a DIT hands it over at wrap: one folder per
 * roll at the root, each in its camera's own card layout.
 *
 *   A001R1AB/                          ARRI ALEXA card (ProRes MOV + one DNxHR MXF, ALE)
 *   B001/XDROOT/Clip/C0001.MXF         Sony XDCAM card (XAVC-like H.264 MXF, NRT XML
 *   B001/XDROOT/MEDIAPRO.XML             sidecars, MEDIAPRO.XML index, JPEG thumbnails)
 *   C001/PRIVATE/M4ROOT/CLIP/C0001.MP4 Sony XAVC S card (H.264 MP4, same sidecars)
 *   SOUND_001/T001.WAV                 sound roll (BWF with bext + iXML; T004 and T005
 *                                        with 23.976 NDF and 29.97 DF timecode)
 *   D001/DCIM/100STILL/NJ1_0001.DNG    stills camera card (three DNGs with EXIF and
 *                                        a JPEG preview, by our own DNG writer)
 *   E001/E001C001/E001C001.0086400.exr an EXR frame sequence (OpenEXR's C API; timeCode,
 *                                        framesPerSecond, camera attributes), frame
 *                                        0086405 missing, as a dropped frame leaves it
 *
 * plus the Finder's litter (.DS_Store, an AppleDouble "._" file). At wrap the
 * DIT sealed each camera roll with a first ASC MHL generation (`<roll>/ascmhl/`);
 * the sound roll was not sealed, as happens.
 *
 * Every name, timecode and file time derives from one shoot day and the encoders
 * run deterministically, so two demo drives are byte-identical except for the MXF
 * files (mxfmux stamps random identifiers and the time of muxing into them) and
 * the manifests that hash those.
 */

#define ARRI_ROLL  "A001R1AB"
#define XDCAM_ROLL "B001"
#define XAVCS_ROLL "C001"
#define SOUND_ROLL "SOUND_001"
#define STILLS_ROLL "D001"
#define EXR_ROLL   "E001"
#define XDCAM_CARD XDCAM_ROLL "/XDROOT"
#define XAVCS_CARD XAVCS_ROLL "/PRIVATE/M4ROOT"

#define PRODUCTION "NIGHTJAR"
#define ARRI_MODEL  "ALEXA 35"
#define ARRI_SERIAL "52017"
#define ARRI_LENS   "Signature Prime 35mm T1.8"
#define FPS        25
#define AUDIO_RATE 48000
/* One video frame of audio: a buffer per frame keeps audio and video lengths equal.
 * A literal, as it goes into pipeline descriptions. */
#define SAMPLES_PER_FRAME 1920
G_STATIC_ASSERT (SAMPLES_PER_FRAME * FPS == AUDIO_RATE);

/* The shoot day, in UTC; timecode is time of day. */
#define SHOOT_YEAR  2026
#define SHOOT_MONTH 11
#define SHOOT_DAY   21

#define TC(h, m, s, f) ((((h) * 60 + (m)) * 60 + (s)) * FPS + (f))
/* The cards were formatted in the morning (empty folders keep that time); the Finder
 * browsed the drive at wrap, and the DIT sealed the camera rolls just after. */
#define FORMAT_TC TC (8, 2, 11, 0)
#define WRAP_TC   TC (19, 38, 0, 0)
#define SEAL_TC   TC (19, 42, 0, 0)

typedef enum {
  DEMO_MEDIA_PRORES_MOV,
  DEMO_MEDIA_DNXHR_MXF,
  DEMO_MEDIA_XAVC_MXF,
  DEMO_MEDIA_XAVC_MP4,
  DEMO_MEDIA_BWF,
} DemoMedia;

typedef struct
{
  DemoMedia   media;
  const char *roll;      /* roll folder at the drive root */
  const char *path;      /* relative to the drive root */
  const char *pattern;   /* videotestsrc pattern; each clip looks different */
  guint       tone_hz;   /* sine frequency of the audio */
  const char *scene;
  guint       take;
  guint       start;     /* timecode of the first frame, frames since midnight */
  guint       n_frames;
  /* Sound: the timecode rate the recorder was set to (0: the shoot's 25). */
  guint       tc_num;
  guint       tc_den;
  gboolean    drop_frame;
} DemoClip;

static const DemoClip demo_clips[] = {
  { DEMO_MEDIA_PRORES_MOV, ARRI_ROLL, ARRI_ROLL "/A001C001_261121_R1AB.mov", "smpte", 1000, "12A", 1, TC (10, 21, 14, 0), 3 * FPS },
  { DEMO_MEDIA_PRORES_MOV, ARRI_ROLL, ARRI_ROLL "/A001C002_261121_R1AB.mov", "ball", 1000, "12A", 2, TC (10, 24, 40, 12), 2 * FPS },
  { DEMO_MEDIA_PRORES_MOV, ARRI_ROLL, ARRI_ROLL "/A001C003_261121_R1AB.mov", "pinwheel", 1000, "12B", 1, TC (10, 31, 5, 0), 4 * FPS },
  { DEMO_MEDIA_DNXHR_MXF, ARRI_ROLL, ARRI_ROLL "/A001C004_261121_R1AB.mxf", "spokes", 0, "14", 1, TC (11, 2, 20, 0), 2 * FPS },
  { DEMO_MEDIA_XAVC_MXF, XDCAM_ROLL, XDCAM_CARD "/Clip/C0001.MXF", "smpte75", 0, "12A", 2, TC (10, 24, 39, 0), 3 * FPS },
  { DEMO_MEDIA_XAVC_MXF, XDCAM_ROLL, XDCAM_CARD "/Clip/C0002.MXF", "gradient", 0, "12B", 1, TC (10, 31, 4, 12), 3 * FPS },
  { DEMO_MEDIA_XAVC_MP4, XAVCS_ROLL, XAVCS_CARD "/CLIP/C0001.MP4", "circular", 0, "12B", 1, TC (10, 31, 6, 0), 2 * FPS },
  { DEMO_MEDIA_BWF, SOUND_ROLL, SOUND_ROLL "/T001.WAV", NULL, 440, "12A", 1, TC (10, 21, 12, 0), 4 * FPS },
  { DEMO_MEDIA_BWF, SOUND_ROLL, SOUND_ROLL "/T002.WAV", NULL, 523, "12A", 2, TC (10, 24, 38, 0), 4 * FPS },
  { DEMO_MEDIA_BWF, SOUND_ROLL, SOUND_ROLL "/T003.WAV", NULL, 659, "12B", 1, TC (10, 31, 3, 0), 5 * FPS },
  /* Wild tracks recorded with the recorder set for the NTSC unit's cameras. */
  { DEMO_MEDIA_BWF, SOUND_ROLL, SOUND_ROLL "/T004.WAV", NULL, 587, "WT1", 1, TC (11, 5, 0, 0), 2 * FPS, 24000, 1001, FALSE },
  { DEMO_MEDIA_BWF, SOUND_ROLL, SOUND_ROLL "/T005.WAV", NULL, 698, "WT2", 1, TC (11, 8, 30, 0), 2 * FPS, 30000, 1001, TRUE },
};

/* Sony cards: XDCAM (FX9, Venice...) record MXF under XDROOT, XAVC S cameras (FX3, FX6...)
 * MP4 under PRIVATE/M4ROOT; both keep per-clip XML sidecars, thumbnails and an index. */
typedef struct
{
  const char *roll;
  const char *card;           /* the card's root folder, relative to the drive root */
  const char *clip_folder;
  const char *thumbnail_folder;
  const char *extension;
  const char *model;
  const char *media_kind;
  const char * const *folders;   /* the other folders such a card always has */
} SonyCard;

static const char * const xdcam_folders[] = { "Edit", "General", "Sub", "Take", NULL };
static const char * const xavcs_folders[] = { "GENERAL", "SUB", NULL };

static const SonyCard sony_cards[] = {
  { XDCAM_ROLL, XDCAM_CARD, "Clip", "Thmbnl", "MXF", "PXW-FX9", "SxS", xdcam_folders },
  { XAVCS_ROLL, XAVCS_CARD, "CLIP", "THMBNL", "MP4", "ILME-FX3", "SD", xavcs_folders },
};

/* Elements the demo needs, with the Debian package that ships each where it is not obvious. */
static const struct {
  const char *element;
  const char *package;
} required_elements[] = {
  { "appsink", "gstreamer1.0-plugins-base" },
  { "audiotestsrc", "gstreamer1.0-plugins-base" },
  { "avenc_dnxhd", "gstreamer1.0-libav" },
  { "avenc_prores_aw", "gstreamer1.0-libav" },
  { "h264parse", "gstreamer1.0-plugins-bad" },
  { "jpegenc", "gstreamer1.0-plugins-good" },
  { "mp4mux", "gstreamer1.0-plugins-good" },
  { "mxfmux", "gstreamer1.0-plugins-bad" },
  { "qtmux", "gstreamer1.0-plugins-good" },
  { "textoverlay", "gstreamer1.0-x" },
  { "timecodestamper", "gstreamer1.0-plugins-bad" },
  { "timeoverlay", "gstreamer1.0-x" },
  { "videotestsrc", "gstreamer1.0-plugins-base" },
  { "x264enc", "gstreamer1.0-plugins-ugly" },
};

/* The test pattern with the clip name and the running timecode burnt in, up to videoconvert. */
#define VIDEO_SOURCE \
  "videotestsrc num-buffers=%u pattern=%s " \
  "! video/x-raw,width=%u,height=%u,framerate=25/1,pixel-aspect-ratio=1/1 " \
  "! timecodestamper set=always set-internal-timecode=%s " \
  "! textoverlay name=title valignment=top halignment=left font-desc=\"Sans Bold %u\" shaded-background=true " \
  "! timeoverlay time-mode=time-code valignment=bottom halignment=center font-desc=\"Monospace Bold %u\" shaded-background=true " \
  "! videoconvert "

/* A line-up tone: 24-bit stereo PCM, one buffer per video frame. */
#define TONE_SOURCE \
  "audiotestsrc num-buffers=%u samplesperbuffer=" G_STRINGIFY (SAMPLES_PER_FRAME) " wave=sine freq=%u volume=0.1 " \
  "! audio/x-raw,format=S24LE,rate=" G_STRINGIFY (AUDIO_RATE) ",channels=2,layout=interleaved "

/* Pin I420 and the profile: left alone, x264enc negotiates High 4:4:4 10-bit. One
 * thread: with two, x264 gives different bytes on each run. */
#define H264_ENCODE \
  "! video/x-raw,format=I420 ! x264enc speed-preset=superfast key-int-max=12 pass=qual quantizer=23 threads=1 " \
  "! video/x-h264,profile=high ! h264parse "

/* What follows VIDEO_SOURCE for each kind of file; the file sink is always named "sink". */
#define PRORES_MOV_TAIL \
  "! video/x-raw,format=I422_10LE ! avenc_prores_aw threads=auto ! qtmux name=mux ! filesink name=sink " \
  TONE_SOURCE "! mux."
#define DNXHR_MXF_TAIL \
  "! video/x-raw,format=Y42B ! avenc_dnxhd profile=dnxhr_lb ! mxfmux ! filesink name=sink"
#define XAVC_MXF_TAIL    H264_ENCODE "! mxfmux ! filesink name=sink"
#define XAVC_MP4_TAIL    H264_ENCODE "! mp4mux ! filesink name=sink"
#define THUMBNAIL_TAIL   "! videoscale ! video/x-raw,width=160,height=90 ! jpegenc ! filesink name=sink"
#define PCM_PIPELINE     TONE_SOURCE "! appsink name=sink sync=false"

/* Helpers */

static char *
clip_name (const DemoClip *clip)
{
  const char *base = strrchr (clip->path, '/') + 1;

  return g_strndup (base, strrchr (base, '.') - base);
}

static char *
format_timecode (guint frames)
{
  guint seconds = frames / FPS;

  return g_strdup_printf ("%02u:%02u:%02u:%02u", seconds / 3600, seconds / 60 % 60,
                          seconds % 60, frames % FPS);
}

/* Seconds since the epoch of a time of day (in frames) on the shoot day. */
static gint64
shoot_time (guint frames)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_utc (SHOOT_YEAR, SHOOT_MONTH, SHOOT_DAY, 0, 0, 0);

  return g_date_time_to_unix (midnight) + frames / FPS;
}

static GDateTime *
shoot_date_time (guint frames)
{
  return g_date_time_new_from_unix_utc (shoot_time (frames));
}

/* A clip's file is closed when the take ends. */
static guint
clip_end (const DemoClip *clip)
{
  return clip->start + clip->n_frames;
}

/* The end of the last take of a roll: when the camera wrote its sidecars. */
static guint
roll_end (const char *roll)
{
  guint end = 0;

  for (guint i = 0; i < G_N_ELEMENTS (demo_clips); i++)
    if (g_str_equal (demo_clips[i].roll, roll))
      end = MAX (end, clip_end (&demo_clips[i]));
  return end;
}

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  return g_mkdir_with_parents (path, 0755) == 0 || _ingest_demo_io_failed (error, "Cannot create", path);
}

static gboolean
set_mtime (const char  *path,
           gint64       seconds,
           GError     **error)
{
  struct timespec times[2] = { { seconds, 0 }, { seconds, 0 } };

  return utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW) == 0 ||
         _ingest_demo_io_failed (error, "Cannot set the time of", path);
}

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  return make_folder (parent, error);
}

/* Writes a file under DIR (creating its folders) and dates it FRAMES into the shoot day. */
static gboolean
write_file (const char  *dir,
            const char  *relpath,
            const void  *data,
            gsize        len,
            guint        frames,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, relpath, NULL);

  return make_parent (path, error) &&
         g_file_set_contents (path, data, len, error) &&
         set_mtime (path, shoot_time (frames), error);
}

static gboolean
write_bytes (const char  *dir,
             const char  *relpath,
             GBytes      *bytes,
             guint        frames,
             GError     **error)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  return write_file (dir, relpath, data, len, frames, error);
}

static gboolean
write_text (const char  *dir,
            const char  *relpath,
            GString     *text,
            guint        frames,
            GError     **error)
{
  return write_file (dir, relpath, text->str, text->len, frames, error);
}

static gboolean
check_elements (GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_elements); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (required_elements[i].element);

      if (factory == NULL)
        {
          g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                       "The GStreamer element “%s” is missing (Debian package %s)",
                       required_elements[i].element, required_elements[i].package);
          return FALSE;
        }
    }
  return TRUE;
}

static GstFlowReturn
pcm_new_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  GByteArray *pcm = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_EOS;
  if (!gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ))
    return GST_FLOW_ERROR;
  g_byte_array_append (pcm, map.data, map.size);
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
  return GST_FLOW_OK;
}

/* Runs a gst-launch DESCRIPTION to the end. Its sink "sink" writes to LOCATION, or, when
 * PCM is given, is an appsink whose bytes are collected there. TITLE goes into the
 * textoverlay "title" if there is one. */
static gboolean
run_pipeline (const char    *description,
              const char    *location,
              GByteArray    *pcm,
              const char    *title,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) overlay = NULL;
  g_autoptr(GstBus) bus = NULL;
  gboolean ok = FALSE;

  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (pipeline == NULL)
    return FALSE;
  gst_object_ref_sink (pipeline);

  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert (sink != NULL);
  if (pcm != NULL)
    {
      GstAppSinkCallbacks callbacks = { .new_sample = pcm_new_sample_cb };

      gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, pcm, NULL);
    }
  else
    {
      g_object_set (sink, "location", location, NULL);
    }

  overlay = gst_bin_get_by_name (GST_BIN (pipeline), "title");
  if (overlay != NULL)
    g_object_set (overlay, "text", title, NULL);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  /* A state change failure also posts an error message, so the bus alone tells the outcome. */
  while (!g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_autoptr(GstMessage) message = NULL;

      message = gst_bus_timed_pop_filtered (bus, 50 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (message == NULL)
        continue;

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autofree char *debug = NULL;
          GError *gst_error = NULL;

          gst_message_parse_error (message, &gst_error, &debug);
          g_debug ("%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), debug);
          g_propagate_error (error, gst_error);
        }
      else
        {
          ok = TRUE;
        }
      break;
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

/* Media */

static gboolean
make_video (const char      *dir,
            const DemoClip  *clip,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autofree char *path = g_build_filename (dir, clip->path, NULL);
  g_autofree char *name = clip_name (clip);
  g_autofree char *timecode = format_timecode (clip->start);
  g_autofree char *title = g_strdup_printf ("%s   SC %s  TK %u", name, clip->scene, clip->take);
  g_autofree char *description = NULL;

  switch (clip->media)
    {
    case DEMO_MEDIA_PRORES_MOV:
      description = g_strdup_printf (VIDEO_SOURCE PRORES_MOV_TAIL, clip->n_frames, clip->pattern,
                                     960, 540, timecode, 18, 28, clip->n_frames, clip->tone_hz);
      break;
    case DEMO_MEDIA_DNXHR_MXF:
      /* avenc_dnxhd takes only 1280x720 and 1920x1080. */
      description = g_strdup_printf (VIDEO_SOURCE DNXHR_MXF_TAIL, clip->n_frames, clip->pattern,
                                     1280, 720, timecode, 24, 36);
      break;
    case DEMO_MEDIA_XAVC_MXF:
      description = g_strdup_printf (VIDEO_SOURCE XAVC_MXF_TAIL, clip->n_frames, clip->pattern,
                                     960, 540, timecode, 18, 28);
      break;
    case DEMO_MEDIA_XAVC_MP4:
      description = g_strdup_printf (VIDEO_SOURCE XAVC_MP4_TAIL, clip->n_frames, clip->pattern,
                                     960, 540, timecode, 18, 28);
      break;
    case DEMO_MEDIA_BWF:
    default:
      g_assert_not_reached ();
    }

  if (!make_parent (path, error) ||
      !run_pipeline (description, path, NULL, title, cancellable, error))
    {
      g_prefix_error (error, "%s: ", clip->path);
      return FALSE;
    }
  if (clip->media == DEMO_MEDIA_PRORES_MOV)
    {
      g_autofree char *take = g_strdup_printf ("%u", clip->take);
      /* What an ALEXA 35 writes into its ProRes clips (a subset, same key names). */
      const char * const arri_keys[] = {
        "com.apple.quicktime.make", "ARRI",
        "com.apple.quicktime.model", ARRI_MODEL,
        "com.arri.camera.CameraModel", ARRI_MODEL,
        "com.arri.camera.CameraSerialNumber", ARRI_SERIAL,
        "com.arri.camera.CameraIndex", "A",
        "com.arri.camera.ReelName", clip->roll,
        "com.arri.camera.SceneName", clip->scene,
        "com.arri.camera.TakeName", take,
        "com.arri.camera.ExposureIndexAsa", "800",
        "com.arri.camera.WhiteBalanceKelvin", "5600",
        "com.arri.camera.SensorFps", G_STRINGIFY (FPS),
        "com.arri.camera.ShutterAngle", "172.8",
        "com.arri.camera.LensType", ARRI_LENS,
        "com.arri.camera.LookName", "ARRI 709",
        "com.arri.camera.ColorGammaSxS", "LogC4",
        NULL,
      };

      if (!_ingest_demo_stamp_quicktime (path, shoot_time (clip->start), clip->roll, arri_keys, error))
        return FALSE;
    }
  else if ((clip->media == DEMO_MEDIA_DNXHR_MXF || clip->media == DEMO_MEDIA_XAVC_MXF) &&
           !_ingest_demo_stamp_mxf (path, clip->start, shoot_time (clip->start), error))
    return FALSE;
  else if (clip->media == DEMO_MEDIA_XAVC_MP4 &&
           !_ingest_demo_stamp_quicktime (path, shoot_time (clip->start), clip->roll, NULL, error))
    return FALSE;
  return set_mtime (path, shoot_time (clip_end (clip)), error);
}

static const SonyCard *
find_sony_card (const DemoClip *clip)
{
  for (guint i = 0; i < G_N_ELEMENTS (sony_cards); i++)
    if (g_str_equal (sony_cards[i].roll, clip->roll))
      return &sony_cards[i];
  g_assert_not_reached ();
}

/* Sony cards keep a 160x90 JPEG of each clip's first frame. */
static gboolean
make_sony_thumbnail (const char      *dir,
                     const DemoClip  *clip,
                     GCancellable    *cancellable,
                     GError         **error)
{
  const SonyCard *card = find_sony_card (clip);
  g_autofree char *name = clip_name (clip);
  g_autofree char *relpath = g_strdup_printf ("%s/%s/%sT01.JPG", card->card, card->thumbnail_folder, name);
  g_autofree char *path = g_build_filename (dir, relpath, NULL);
  g_autofree char *timecode = format_timecode (clip->start);
  g_autofree char *description = NULL;

  description = g_strdup_printf (VIDEO_SOURCE THUMBNAIL_TAIL, 1, clip->pattern, 960, 540, timecode, 18, 28);
  if (!make_parent (path, error) ||
      !run_pipeline (description, path, NULL, name, cancellable, error))
    {
      g_prefix_error (error, "%s: ", relpath);
      return FALSE;
    }
  return set_mtime (path, shoot_time (clip_end (clip)), error);
}

/* The recorder's timecode rate as iXML writes it ("25/1", "24000/1001"). */
static char *
ixml_rate (const DemoClip *clip)
{
  if (clip->tc_num == 0)
    return g_strdup_printf ("%u/1", FPS);
  return g_strdup_printf ("%u/%u", clip->tc_num, clip->tc_den);
}

static GString *
build_ixml (const DemoClip *clip,
            const char     *file_name)
{
  guint64 samples = (guint64) clip->start * SAMPLES_PER_FRAME;
  g_autofree char *rate = ixml_rate (clip);
  GString *xml = g_string_new (NULL);

  g_string_append_printf (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<BWFXML>\n"
    "  <IXML_VERSION>1.61</IXML_VERSION>\n"
    "  <PROJECT>" PRODUCTION "</PROJECT>\n"
    "  <SCENE>%s</SCENE>\n"
    "  <TAKE>%u</TAKE>\n"
    "  <TAPE>" SOUND_ROLL "</TAPE>\n"
    "  <CIRCLED>FALSE</CIRCLED>\n"
    "  <FILE_UID>IST" PRODUCTION "%08u</FILE_UID>\n"
    "  <NOTE></NOTE>\n"
    "  <SPEED>\n"
    "    <MASTER_SPEED>%s</MASTER_SPEED>\n"
    "    <CURRENT_SPEED>%s</CURRENT_SPEED>\n"
    "    <TIMECODE_RATE>%s</TIMECODE_RATE>\n"
    "    <TIMECODE_FLAG>%s</TIMECODE_FLAG>\n"
    "    <FILE_SAMPLE_RATE>" G_STRINGIFY (AUDIO_RATE) "</FILE_SAMPLE_RATE>\n"
    "    <AUDIO_BIT_DEPTH>24</AUDIO_BIT_DEPTH>\n"
    "    <DIGITIZER_SAMPLE_RATE>" G_STRINGIFY (AUDIO_RATE) "</DIGITIZER_SAMPLE_RATE>\n"
    "    <TIMESTAMP_SAMPLE_RATE>" G_STRINGIFY (AUDIO_RATE) "</TIMESTAMP_SAMPLE_RATE>\n"
    "    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>%u</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>\n"
    "    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>%u</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>\n"
    "  </SPEED>\n"
    "  <HISTORY>\n"
    "    <ORIGINAL_FILENAME>%s</ORIGINAL_FILENAME>\n"
    "  </HISTORY>\n"
    "  <TRACK_LIST>\n"
    "    <TRACK_COUNT>2</TRACK_COUNT>\n"
    "    <TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>MixL</NAME></TRACK>\n"
    "    <TRACK><CHANNEL_INDEX>2</CHANNEL_INDEX><INTERLEAVE_INDEX>2</INTERLEAVE_INDEX><NAME>MixR</NAME></TRACK>\n"
    "  </TRACK_LIST>\n"
    "</BWFXML>\n",
    clip->scene, clip->take, clip->start, rate, rate, rate, clip->drop_frame ? "DF" : "NDF",
    (guint) (samples >> 32), (guint) (samples & 0xffffffff), file_name);
  return xml;
}

/* A Broadcast Wave file as a sound recorder writes it, with the take in bext and iXML. */
static gboolean
make_bwf (const char      *dir,
          const DemoClip  *clip,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autofree char *description = g_strdup_printf (PCM_PIPELINE, clip->n_frames, clip->tone_hz);
  g_autofree char *file_name = g_path_get_basename (clip->path);
  g_autoptr(GDateTime) started = shoot_date_time (clip->start);
  g_autofree char *date = g_date_time_format (started, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (started, "%H:%M:%S");
  g_autofree char *hhmmss = g_date_time_format (started, "%H%M%S");
  g_autofree char *bext_description = NULL;
  g_autofree char *reference = NULL;
  char speed[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autoptr(GString) ixml = NULL;
  g_autoptr(GBytes) wav = NULL;
  IngestDemoBext bext;

  if (!run_pipeline (description, NULL, pcm, NULL, cancellable, error))
    {
      g_prefix_error (error, "%s: ", clip->path);
      return FALSE;
    }

  /* Recorders put their metadata in the description as "sKEY=value" lines;
   * sSPEED is the timecode rate, three decimals, and -ND or -DF. */
  g_ascii_formatd (speed, sizeof speed, "%07.3f",
                   clip->tc_num ? (double) clip->tc_num / clip->tc_den : (double) FPS);
  bext_description = g_strdup_printf ("sSPEED=%s-%s\r\nsTAKE=%u\r\nsSCENE=%s\r\nsFILENAME=%s\r\n"
                                      "sTAPE=" SOUND_ROLL "\r\nsTRK1=MixL\r\nsTRK2=MixR\r\nsNOTE=\r\n",
                                      speed, clip->drop_frame ? "DF" : "ND", clip->take, clip->scene, file_name);
  /* An EBU unique source identifier: country, organisation, serial number, time, random. */
  reference = g_strdup_printf ("USIST000000000001%s%09u", hhmmss, clip->start);

  bext = (IngestDemoBext) {
    .description = bext_description,
    .originator = "Ingest Station demo",
    .originator_reference = reference,
    .origination_date = date,
    .origination_time = time,
    .time_reference = (guint64) clip->start * SAMPLES_PER_FRAME,
    .coding_history = "A=PCM,F=48000,W=24,M=stereo,T=Ingest Station demo\r\n",
  };
  ixml = build_ixml (clip, file_name);
  wav = _ingest_demo_bwf_new (&bext, ixml->str, 2, AUDIO_RATE, 24, pcm->data, pcm->len);

  return write_bytes (dir, clip->path, wav, clip_end (clip), error);
}

/* Sidecars */

/* The Avid Log Exchange file an ALEXA writes next to its clips. */
static gboolean
write_arri_ale (const char  *dir,
                GError     **error)
{
  g_autoptr(GString) ale = g_string_new (NULL);

  g_string_append (ale,
    "Heading\n"
    "FIELD_DELIM\tTABS\n"
    "VIDEO_FORMAT\tCUSTOM\n"
    "AUDIO_FORMAT\t48khz\n"
    "FPS\t25.000\n"
    "\n"
    "Column\n"
    "Name\tTracks\tStart\tEnd\tDuration\tTape\tSource File\tCamera\tCamera_Model\t"
    "Camera_Serial\tProject_FPS\tSensor_FPS\tImage_Size\tCodec\tScene\tTake\tDate\n"
    "\n"
    "Data\n");

  for (guint i = 0; i < G_N_ELEMENTS (demo_clips); i++)
    {
      const DemoClip *clip = &demo_clips[i];
      g_autofree char *name = NULL;
      g_autofree char *base = NULL;
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *duration = NULL;
      gboolean mxf = clip->media == DEMO_MEDIA_DNXHR_MXF;

      if (!g_str_equal (clip->roll, ARRI_ROLL))
        continue;

      name = clip_name (clip);
      base = g_path_get_basename (clip->path);
      start = format_timecode (clip->start);
      end = format_timecode (clip_end (clip));
      duration = format_timecode (clip->n_frames);
      g_string_append_printf (ale,
                              "%s\t%s\t%s\t%s\t%s\t" ARRI_ROLL "\t%s\tA\t" ARRI_MODEL "\t" ARRI_SERIAL "\t"
                              "25\t25.000\t%s\t%s\t%s\t%u\t%04d%02d%02d\n",
                              name, mxf ? "V" : "VA1A2", start, end, duration, base,
                              mxf ? "1280x720" : "960x540",
                              mxf ? "Avid DNxHR LB" : "Apple ProRes 422",
                              clip->scene, clip->take, SHOOT_YEAR, SHOOT_MONTH, SHOOT_DAY);
    }

  return write_text (dir, ARRI_ROLL "/" ARRI_ROLL ".ale", ale, roll_end (ARRI_ROLL), error);
}

/* The material number of a clip's UMID: its place in the table. */
static guint
clip_index (const DemoClip *clip)
{
  return clip - demo_clips;
}

/* Sony's per-clip NonRealTimeMeta sidecar, CxxxxM01.XML. */
static gboolean
write_sony_nrt (const char      *dir,
                const DemoClip  *clip,
                GError         **error)
{
  g_autoptr(GDateTime) created = shoot_date_time (clip->start);
  g_autofree char *created_text = g_date_time_format_iso8601 (created);
  const SonyCard *card = find_sony_card (clip);
  g_autofree char *name = clip_name (clip);
  g_autofree char *relpath = g_strdup_printf ("%s/%s/%sM01.XML", card->card, card->clip_folder, name);
  g_autoptr(GString) xml = g_string_new (NULL);
  guint seconds = clip->start / FPS;

  /* LTC values are BCD-like digits in frame, second, minute, hour order. */
  g_string_append_printf (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<NonRealTimeMeta xmlns=\"urn:schemas-professionalDisc:nonRealTimeMeta:ver.2.00\" "
    "xmlns:lib=\"urn:schemas-professionalDisc:lib:ver.2.00\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" lastUpdate=\"%s\">\n"
    "  <TargetMaterial umidRef=\"060A2B340101010501010D4313000000%08X0000000000000000\"/>\n"
    "  <Duration value=\"%u\"/>\n"
    "  <LtcChangeTable tcFps=\"25\" halfStep=\"false\">\n"
    "    <LtcChange frameCount=\"0\" value=\"%02u%02u%02u%02u\" status=\"increment\"/>\n"
    "    <LtcChange frameCount=\"%u\" value=\"%02u%02u%02u%02u\" status=\"end\"/>\n"
    "  </LtcChangeTable>\n"
    "  <CreationDate value=\"%s\"/>\n"
    "  <VideoFormat>\n"
    "    <VideoRecPort port=\"DIRECT\"/>\n"
    "    <VideoFrame videoCodec=\"AVC_960_540_HP@L31\" captureFps=\"25p\" formatFps=\"25p\"/>\n"
    "    <VideoLayout pixel=\"960\" numOfVerticalLine=\"540\" aspectRatio=\"16:9\"/>\n"
    "  </VideoFormat>\n"
    "  <AudioFormat numOfChannel=\"0\"/>\n"
    "  <Device manufacturer=\"Sony\" modelName=\"%s\" serialNo=\"0000001\"/>\n"
    "  <RecordingMode type=\"normal\" cacheRec=\"false\"/>\n"
    "  <UserDescriptiveMetadata><Meta name=\"Scene\" content=\"%s\"/><Meta name=\"Take\" content=\"%u\"/></UserDescriptiveMetadata>\n"
    "</NonRealTimeMeta>\n",
    created_text, clip_index (clip), clip->n_frames,
    clip->start % FPS, seconds % 60, seconds / 60 % 60, seconds / 3600,
    clip->n_frames - 1,
    (clip_end (clip) - 1) % FPS, (clip_end (clip) - 1) / FPS % 60,
    (clip_end (clip) - 1) / FPS / 60 % 60, (clip_end (clip) - 1) / FPS / 3600,
    created_text, card->model, clip->scene, clip->take);

  return write_text (dir, relpath, xml, clip_end (clip), error);
}

/* The card index, MEDIAPRO.XML, and the folders such a card always has. */
static gboolean
write_sony_index (const char      *dir,
                  const SonyCard  *card,
                  GError         **error)
{
  g_autofree char *relpath = g_build_filename (card->card, "MEDIAPRO.XML", NULL);
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GDateTime) formatted = shoot_date_time (FORMAT_TC);
  g_autofree char *formatted_text = g_date_time_format_iso8601 (formatted);

  g_string_append_printf (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<MediaProfile xmlns=\"http://xmlns.sony.net/pro/metadata/mediaprofile\" createdAt=\"%s\" version=\"1.20\">\n"
    "  <Properties>\n"
    "    <System systemId=\"0000001\" systemKind=\"%s ver.3.00\" masterVersion=\"1.20\" vender=\"Sony\"/>\n"
    "    <Attached mediaId=\"%s0000000000000001\" mediaKind=\"%s\" mediaName=\"%s\"/>\n"
    "  </Properties>\n"
    "  <Contents>\n", formatted_text, card->model, card->roll, card->media_kind, card->roll);

  for (guint i = 0; i < G_N_ELEMENTS (demo_clips); i++)
    {
      const DemoClip *clip = &demo_clips[i];
      g_autofree char *name = NULL;

      if (!g_str_equal (clip->roll, card->roll))
        continue;

      name = clip_name (clip);
      g_string_append_printf (xml,
        "    <Material uri=\"./%s/%s.%s\" type=\"%s\" videoType=\"AVC_960_540_HP@L31\" audioType=\"NONE\" "
        "fps=\"25p\" dur=\"%u\" ch=\"0\" aspectRatio=\"16:9\" offset=\"0\" "
        "umid=\"060A2B340101010501010D4313000000%08X0000000000000000\">\n"
        "      <RelevantInfo uri=\"./%s/%sM01.XML\" type=\"XML\"/>\n"
        "      <RelevantInfo uri=\"./%s/%sT01.JPG\" type=\"JPG\"/>\n"
        "    </Material>\n",
        card->clip_folder, name, card->extension, card->extension, clip->n_frames, clip_index (clip),
        card->clip_folder, name, card->thumbnail_folder, name);
    }
  g_string_append (xml, "  </Contents>\n</MediaProfile>\n");

  for (guint i = 0; card->folders[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, card->card, card->folders[i], NULL);

      if (!make_folder (path, error))
        return FALSE;
    }

  return write_text (dir, relpath, xml, roll_end (card->roll), error);
}

static gboolean
write_sony_indexes (const char  *dir,
                    GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sony_cards); i++)
    if (!write_sony_index (dir, &sony_cards[i], error))
      return FALSE;
  return TRUE;
}

/* Stills and frames */

/* The stills camera's card: DNGs a photographer took of the set between takes. */
typedef struct
{
  const char *name;
  guint       taken;       /* time of day, frames at FPS */
  const char *pattern;     /* videotestsrc pattern of the preview */
  guint       iso;
  guint       exposure_den;
  guint       f_number_x10;
  guint       focal_mm;
} DemoStill;

static const DemoStill demo_stills[] = {
  { "NJ1_0001.DNG", TC (10, 22, 30, 0), "smpte", 400, 125, 56, 35 },
  { "NJ1_0002.DNG", TC (10, 25, 10, 0), "ball", 800, 60, 28, 50 },
  { "NJ1_0003.DNG", TC (10, 33, 0, 0), "snow", 1600, 30, 20, 85 },
};

#define STILLS_FOLDER STILLS_ROLL "/DCIM/100STILL"
#define JPEG_PREVIEW \
  "videotestsrc num-buffers=1 pattern=%s ! video/x-raw,width=160,height=120,framerate=25/1 " \
  "! videoconvert ! jpegenc ! appsink name=sink sync=false"

static gboolean
make_stills (const char    *dir,
             GCancellable  *cancellable,
             GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_stills); i++)
    {
      const DemoStill *still = &demo_stills[i];
      g_autofree char *preview_pipeline = g_strdup_printf (JPEG_PREVIEW, still->pattern);
      g_autofree char *relpath = g_strconcat (STILLS_FOLDER "/", still->name, NULL);
      g_autoptr(GByteArray) jpeg = g_byte_array_new ();
      g_autoptr(GBytes) preview = NULL;
      g_autoptr(GBytes) dng = NULL;
      g_autoptr(GDateTime) taken = shoot_date_time (still->taken);
      g_autofree char *date = g_date_time_format (taken, "%Y:%m:%d %H:%M:%S");
      IngestDemoDng spec = {
        .width = 256, .height = 192, .pattern = i,
        .make = "Nightjar Optics", .model = "NJ-1", .serial = "NJ1-004217",
        .lens_model = "Nightjar Prime Set", .lens_serial = "NPS-0031",
        .software = "NJ-1 firmware 2.04",
        .date_time_original = date,
        .iso = still->iso, .exposure_num = 1, .exposure_den = still->exposure_den,
        .f_number_num = still->f_number_x10, .f_number_den = 10,
        .focal_num = still->focal_mm, .focal_den = 1,
        .as_shot_neutral = { 0.5, 1.0, 0.625 },
      };

      if (!run_pipeline (preview_pipeline, NULL, jpeg, NULL, cancellable, error))
        {
          g_prefix_error (error, "%s: ", relpath);
          return FALSE;
        }
      preview = g_byte_array_free_to_bytes (g_steal_pointer (&jpeg));
      spec.preview_jpeg = preview;
      dng = ingest_demo_dng_new (&spec);
      if (!write_bytes (dir, relpath, dng, still->taken, error))
        return FALSE;
    }
  return TRUE;
}

/* A short EXR sequence as a camera or a VFX pull delivers it: frames numbered by
 * their timecode at 24 fps (86400 = 01:00:00:00), one dropped in the middle. */
#define EXR_CLIP      "E001C001"
#define EXR_FIRST     86400
#define EXR_FRAMES    10
#define EXR_DROPPED   86405
#define EXR_FPS       24
#define EXR_RECORDED  TC (11, 40, 0, 0)

static guint8
to_bcd (guint value)
{
  return (value / 10) << 4 | value % 10;
}

static gboolean
make_exr_roll (const char  *dir,
               GError     **error)
{
  static const IngestDemoExrString strings[] = {
    { "cameraMake", "Nightjar Optics" },
    { "cameraModel", "NJ-C Cine" },
    { "cameraSerialNumber", "NJC-000123" },
    { "lensModel", "Nightjar 50mm T2.1" },
    { "reelName", EXR_ROLL },
    { "owner", PRODUCTION },
    { "capDate", "2026:11:21 11:40:00" },
    { NULL, NULL },
  };
  static const IngestDemoExrFloat floats[] = {
    { "nominalFocalLength", 50 },
    { "tStop", 2.1f },
    { "shutterAngle", 180 },
    { "isoSpeed", 800 },
    { "utcOffset", 0 },
    { NULL, 0 },
  };

  for (guint frame = EXR_FIRST; frame < EXR_FIRST + EXR_FRAMES; frame++)
    {
      g_autofree char *relpath = g_strdup_printf (EXR_ROLL "/" EXR_CLIP "/" EXR_CLIP ".%07u.exr", frame);
      g_autofree char *path = g_build_filename (dir, relpath, NULL);
      guint seconds = frame / EXR_FPS;
      IngestDemoExr exr = {
        .width = 64, .height = 36, .pattern = frame, .compression = 3 /* zip */,
        .has_time_code = TRUE,
        /* ST 12 packed low byte first: frames, seconds, minutes, hours (BCD). */
        .time_and_flags = to_bcd (frame % EXR_FPS) | to_bcd (seconds % 60) << 8 |
                          to_bcd (seconds / 60 % 60) << 16 | (guint32) to_bcd (seconds / 3600) << 24,
        .fps_num = EXR_FPS, .fps_den = 1,
        .strings = strings, .floats = floats,
      };

      if (frame == EXR_DROPPED)
        continue;
      if (!make_parent (path, error) ||
          !ingest_demo_exr_write (path, &exr, error) ||
          !set_mtime (path, shoot_time (EXR_RECORDED), error))
        return FALSE;
    }
  return TRUE;
}

/* What a Mac leaves behind: .DS_Store files, and an AppleDouble "._" file for a movie
 * the Finder copied. */
static gboolean
write_finder_litter (const char  *dir,
                     GError     **error)
{
  g_autoptr(GBytes) ds_store = _ingest_demo_ds_store_new ();
  g_autoptr(GBytes) apple_double = _ingest_demo_apple_double_new ("MooVTVOD");

  return write_bytes (dir, ".DS_Store", ds_store, WRAP_TC, error) &&
         write_bytes (dir, ARRI_ROLL "/.DS_Store", ds_store, WRAP_TC, error) &&
         write_bytes (dir, ARRI_ROLL "/._A001C001_261121_R1AB.mov", apple_double, WRAP_TC, error);
}

/* Dates the files of a history like the sealing left them. */
static gboolean
date_history (const char  *roll_path,
              GError     **error)
{
  g_autofree char *history = g_build_filename (roll_path, "ascmhl", NULL);
  g_autoptr(GDir) folder = g_dir_open (history, 0, error);
  const char *name;

  if (folder == NULL)
    return FALSE;
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (history, name, NULL);

      if (!set_mtime (path, shoot_time (SEAL_TC), error))
        return FALSE;
    }
  return TRUE;
}

/* On set, the DIT sealed each camera roll: a first ASC MHL generation (xxh128,
 * process in-place), made by the core's own MHL engine with an on-set creator. */
static gboolean
seal_camera_rolls (const char    *dir,
                   GCancellable  *cancellable,
                   GError       **error)
{
  static const char * const rolls[] = { ARRI_ROLL, XDCAM_ROLL, XAVCS_ROLL, STILLS_ROLL, EXR_ROLL };
  g_autoptr(GDateTime) sealed = shoot_date_time (SEAL_TC);
  const IngestMhlCreator creator = {
    .now = sealed,
    .hostname = "dit-cart-01",
    .author_name = "DIT",
    .author_role = "DIT",
    .location = "Stage 2",
    .comment = "On-set offload, shoot day 1 of " PRODUCTION,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rolls); i++)
    {
      g_autofree char *roll_path = g_build_filename (dir, rolls[i], NULL);
      gint64 started = g_get_monotonic_time ();
      g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (roll_path, INGEST_MHL_OPERATION_CREATE);

      ingest_mhl_verifier_set_creator (verifier, &creator);
      /* Offload tools leave macOS metadata out; ASC MHL's defaults cover only .DS_Store. */
      ingest_mhl_verifier_add_ignore_pattern (verifier, "._*");
      if (!ingest_mhl_verifier_run (verifier, cancellable, error) ||
          !date_history (roll_path, error))
        {
          g_prefix_error (error, "Sealing %s: ", rolls[i]);
          return FALSE;
        }
      g_debug ("%s sealed in %.2f s", rolls[i], (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
    }
  return TRUE;
}

/* Dates each folder like a copy would leave it: the newest time of what it holds.
 * Returns that time, or -1 on error. */
static gint64
date_folders (const char  *path,
              GError     **error)
{
  g_autoptr(GDir) folder = g_dir_open (path, 0, error);
  const char *name;
  gint64 newest = shoot_time (FORMAT_TC);

  if (folder == NULL)
    return -1;

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;
      gint64 mtime;

      if (g_lstat (child, &st) != 0)
        {
          _ingest_demo_io_failed (error, "Cannot read", child);
          return -1;
        }
      mtime = S_ISDIR (st.st_mode) ? date_folders (child, error) : st.st_mtime;
      if (mtime < 0)
        return -1;
      newest = MAX (newest, mtime);
    }

  return set_mtime (path, newest, error) ? newest : -1;
}

/* DIR must be new or empty: the demo never writes over someone's files. */
static gboolean
prepare_root (const char  *dir,
              GError     **error)
{
  g_autoptr(GDir) folder = NULL;

  if (!make_folder (dir, error))
    return FALSE;

  folder = g_dir_open (dir, 0, error);
  if (folder == NULL)
    return FALSE;
  if (g_dir_read_name (folder) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is not empty; the demo drive needs an empty folder", dir);
      return FALSE;
    }
  return g_access (dir, W_OK) == 0 || _ingest_demo_io_failed (error, "Cannot write to", dir);
}

static gboolean
make_clips (const char    *dir,
            GCancellable  *cancellable,
            GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_clips); i++)
    {
      const DemoClip *clip = &demo_clips[i];
      gint64 started = g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      switch (clip->media)
        {
        case DEMO_MEDIA_PRORES_MOV:
        case DEMO_MEDIA_DNXHR_MXF:
          if (!make_video (dir, clip, cancellable, error))
            return FALSE;
          break;
        case DEMO_MEDIA_XAVC_MXF:
        case DEMO_MEDIA_XAVC_MP4:
          if (!make_video (dir, clip, cancellable, error) ||
              !make_sony_thumbnail (dir, clip, cancellable, error) ||
              !write_sony_nrt (dir, clip, error))
            return FALSE;
          break;
        case DEMO_MEDIA_BWF:
          if (!make_bwf (dir, clip, cancellable, error))
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
      g_debug ("%s made in %.2f s", clip->path, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
    }
  return TRUE;
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (ingest_demo_drive_create (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ingest_demo_drive_create:
 * @dir: a folder to fill; it is created if needed and must be empty
 * @cancellable: (nullable): checked between files and while encoding
 * @error: return location for an error
 *
 * Makes a synthetic shuttle drive in @dir: an ARRI roll, two Sony rolls
 * (XDCAM and XAVC S cards), a sound roll, a stills card (DNG) and an EXR
 * sequence with a dropped frame, with test-pattern media made by GStreamer
 * (clip name and timecode burnt in), OpenEXR and our DNG writer, the
 * cameras' sidecars and some Finder litter, all dated on one shoot day. Each camera roll carries an ASC MHL history sealed "on
 * set" (host dit-cart-01, at wrap); the sound roll has none. Blocks for a few seconds; see
 * ingest_demo_drive_create_async() for the main thread. On failure the files
 * made so far are left in place.
 *
 * Returns: %TRUE on success
 */
gboolean
ingest_demo_drive_create (const char    *dir,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ingest_init_gstreamer ();

  return check_elements (error) &&
         prepare_root (dir, error) &&
         make_clips (dir, cancellable, error) &&
         make_stills (dir, cancellable, error) &&
         make_exr_roll (dir, error) &&
         write_arri_ale (dir, error) &&
         write_sony_indexes (dir, error) &&
         write_finder_litter (dir, error) &&
         /* Before sealing, as manifests record folder times; after, for ascmhl/. */
         date_folders (dir, error) >= 0 &&
         seal_camera_rolls (dir, cancellable, error) &&
         date_folders (dir, error) >= 0;
}

/**
 * ingest_demo_drive_create_async:
 * @dir: a folder to fill; it is created if needed and must be empty
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the drive is made
 * @user_data: data for @callback
 *
 * Makes the demo drive of ingest_demo_drive_create() on a worker thread.
 */
void
ingest_demo_drive_create_async (const char          *dir,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (dir != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_demo_drive_create_async);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, create_thread);
}

/**
 * ingest_demo_drive_create_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE if the demo drive was made
 */
gboolean
ingest_demo_drive_create_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ingest_demo_drive_create_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
