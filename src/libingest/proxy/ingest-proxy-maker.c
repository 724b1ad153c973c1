/* ingest-proxy-maker.c
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

#define G_LOG_DOMAIN "ingest-proxy"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/video/video.h>

#include "ingest-box-scale.h"
#include "ingest-gst-init.h"
#include "ingest-look-filter.h"
#include "ingest-look.h"
#include "ingest-nice-task-pool.h"
#include "ingest-proxy-burn-in-private.h"
#include "ingest-proxy-decoders-private.h"
#include "ingest-proxy-error.h"
#include "ingest-proxy-maker.h"
#include "ingest-proxy-stills.h"
#include "ingest-proxy-tmcd-private.h"
#include "ingest-sequence-src.h"

/*
 * One clip, three pipelines, each run to EOS on a GMainContext of its own
 * (bus, watchdog and cancellation are sources on it):
 *
 *   transcode  filesrc ! <demuxer> ! queue ! [parser !] decoder
 *                ! videoconvertscale ! I420 at the fitted size, square pixels
 *                ! [look] ! [timecodestamper] ! [burn-ins] ! x264enc ! qtmux
 *              <demuxer> ! queue ! [parser ! decoder] ! audioconvert (first
 *                two channels) ! audioresample ! 48 kHz stereo ! voaacenc ! qtmux
 *   post-pass  the tmcd sample entry's name becomes the reel (qtmux writes
 *              "Tape"), ingest-proxy-tmcd.c
 *   verify     the written proxy decoded back: frames counted, its length
 *              compared with what was decoded from the source
 *
 * then the stills of the proxy, and the renames. Streaming threads come from
 * an IngestNiceTaskPool: new threads at nice +10 (x264's and libav's
 * threads inherit it), ended with the pipeline, so the calling thread and
 * GLib's shared pools keep their priority.
 */

/* Bumped when the proxies made change, so old ones are made again. */
#define MAKER_VERSION 1

/* Encoder (and converter) threads per clip: clips run two at a time on
 * two cores (see the settings' max_parallel), a third thread buys nothing
 * there; one made a single clip slower (measured, see the report). */
#define ENCODER_THREADS 2

#define NICE_INCREMENT 10

/* Between two looks of the watchdog. */
#define WATCHDOG_PERIOD_MS 250

/* Each stream's queue after the demuxer holds up to this many bytes, with
 * no limit in time or buffers: when one stream has a gap (frames a decoder
 * dropped, sound interleaved in long chunks), the muxer waits for it while
 * the other stream's queue fills; a queue full at 1 s (the default) then
 * blocks the demuxer and the clip deadlocks instead of ending. */
#define STREAM_QUEUE_BYTES (64u * 1024 * 1024)

typedef struct
{
  const IngestProxySource   *source;
  const IngestProxySettings *settings;

  GMainLoop   *loop;
  GstElement  *pipeline;
  GstElement  *mux;          /* transcode only */
  GstTaskPool *pool;
  IngestLook  *look;         /* the settings' look, or NULL */
  gboolean     verify;       /* decode the proxy back, encode nothing */

  GMutex       lock;         /* guards the fields below it */
  GError      *error;        /* the first failure */
  gboolean     have_video;
  gboolean     have_audio;
  guint        width;        /* what the proxy is (transcode) or was (verify) */
  guint        height;
  int          fps_num;
  int          fps_den;

  gint64       start_time;     /* monotonic µs when the run started */
  gint         progress_ms;    /* ms after start_time of the last buffer; atomic */
  gint         frames;         /* video frames seen; atomic */
  GstClockTime first_pts;      /* streaming thread only */
  GstClockTime end_time;
  GstClockTime movie_duration; /* at EOS, the container's length (main context) */
  /* The decoded video's times (restamp_probe_cb), its streaming thread only. */
  GstClockTime first_decoded;
  guint64      decoded;
} Run;

static void
run_fail (Run    *run,
          GError *error)
{
  g_mutex_lock (&run->lock);
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&run->lock);
  /* Before the loop exists (building), the caller sees run->error. */
  if (run->loop != NULL)
    g_main_loop_quit (run->loop);
}

static gboolean
run_failed (Run *run)
{
  gboolean failed;

  g_mutex_lock (&run->lock);
  failed = run->error != NULL;
  g_mutex_unlock (&run->lock);
  return failed;
}

static void
run_note_progress (Run *run)
{
  g_atomic_int_set (&run->progress_ms, (gint) ((g_get_monotonic_time () - run->start_time) / 1000));
}

static GstElement *
make (const char  *factory,
      GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is not installed"), factory);
  return element;
}

/* Adds ELEMENTS (NULL-terminated, floating) to the pipeline, links them in
 * order and starts them, the last first. */
static gboolean
add_chain (Run         *run,
           GstElement **elements,
           GError     **error)
{
  guint n = 0;

  for (; elements[n] != NULL; n++)
    gst_bin_add (GST_BIN (run->pipeline), elements[n]);
  for (guint i = 1; i < n; i++)
    if (!gst_element_link (elements[i - 1], elements[i]))
      {
        g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                     _("Could not link %s to %s"),
                     GST_OBJECT_NAME (elements[i - 1]), GST_OBJECT_NAME (elements[i]));
        return FALSE;
      }
  for (guint i = n; i > 0; i--)
    gst_element_sync_state_with_parent (elements[i - 1]);
  return TRUE;
}

/* ---- progress, watchdog, bus ---- */

static GstPadProbeReturn
progress_probe_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  Run *run = user_data;

  run_note_progress (run);
  return GST_PAD_PROBE_OK;
}

/* Counts the frames of the video stream and where it ends. */
static GstPadProbeReturn
frame_probe_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  Run *run = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  run_note_progress (run);
  g_atomic_int_inc (&run->frames);
  if (GST_CLOCK_TIME_IS_VALID (pts))
    {
      GstClockTime end = pts + (GST_BUFFER_DURATION_IS_VALID (buffer) ? GST_BUFFER_DURATION (buffer) : 0);

      if (!GST_CLOCK_TIME_IS_VALID (run->first_pts) || pts < run->first_pts)
        run->first_pts = pts;
      if (!GST_CLOCK_TIME_IS_VALID (run->end_time) || end > run->end_time)
        run->end_time = end;
    }
  return GST_PAD_PROBE_OK;
}

/* Every decoded picture is timed by its count from the first one, at the
 * stream's rate: a camera original is at a constant rate, and its
 * demuxer's times may not be (mxfdemux gives long-GOP H.264 its decode
 * times as presentation times, so the decoder repeats and reorders them,
 * which x264 and qtmux refuse). The proxy then has exactly the source's
 * frames, evenly spaced, from where the source starts. */
static GstPadProbeReturn
restamp_probe_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  Run *run = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  guint64 n = run->decoded++;
  int num, den;

  if (n == 0)
    run->first_decoded = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : 0;
  g_mutex_lock (&run->lock);
  num = run->fps_num > 0 && run->fps_den > 0 ? run->fps_num : 24;
  den = run->fps_num > 0 && run->fps_den > 0 ? run->fps_den : 1;
  g_mutex_unlock (&run->lock);

  buffer = gst_buffer_make_writable (buffer);
  GST_BUFFER_PTS (buffer) = run->first_decoded + gst_util_uint64_scale (n * GST_SECOND, den, num);
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (GST_SECOND, den, num);
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  return GST_PAD_PROBE_OK;
}

static void
add_probe (Run                 *run,
           GstElement          *element,
           const char          *pad_name,
           GstPadProbeCallback  callback)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (element, pad_name);

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, callback, run, NULL);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  Run *run = user_data;
  gint64 now_ms = (g_get_monotonic_time () - run->start_time) / 1000;
  gint64 idle_ms = now_ms - g_atomic_int_get (&run->progress_ms);

  if (idle_ms > (gint64) run->settings->stall_seconds * 1000)
    {
      run_fail (run, g_error_new (INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_STALLED,
                                  _("The decoder made no progress for %u seconds"),
                                  run->settings->stall_seconds));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  run_fail (run, error);
  return G_SOURCE_REMOVE;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  Run *run = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;
      gboolean io;

      gst_message_parse_error (message, &gst_error, &debug);
      /* A sink that cannot write is the disk's fault, not the clip's. */
      io = GST_IS_BASE_SINK (GST_MESSAGE_SRC (message)) && gst_error->domain == GST_RESOURCE_ERROR;
      g_debug ("%s: %s (%s)", GST_MESSAGE_SRC_NAME (message), gst_error->message, debug);
      run_fail (run, g_error_new (INGEST_PROXY_ERROR,
                                  io ? INGEST_PROXY_ERROR_IO : INGEST_PROXY_ERROR_DECODE,
                                  "%s: %s", GST_MESSAGE_SRC_NAME (message), gst_error->message));
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      gint64 duration;

      /* The movie's own length (its longest track), before it is torn down. */
      if (gst_element_query_duration (run->pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
        run->movie_duration = (GstClockTime) duration;
      g_main_loop_quit (run->loop);
    }
  return G_SOURCE_CONTINUE;
}

/* Streaming threads are made by our pool: see the top of the file. */
static GstBusSyncReply
bus_sync_cb (GstBus     *bus,
             GstMessage *message,
             gpointer    user_data)
{
  Run *run = user_data;
  GstStreamStatusType type;
  GstElement *owner;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_STREAM_STATUS)
    return GST_BUS_PASS;
  gst_message_parse_stream_status (message, &type, &owner);
  if (type == GST_STREAM_STATUS_TYPE_CREATE)
    {
      const GValue *value = gst_message_get_stream_status_object (message);

      if (value != NULL && G_VALUE_HOLDS (value, GST_TYPE_TASK))
        gst_task_set_pool (g_value_get_object (value), run->pool);
    }
  /* A dropped message is the handler's to free. */
  gst_message_unref (message);
  return GST_BUS_DROP;
}

/* Plays the pipeline to its end (or a failure, a stall, a cancellation) on
 * a main context of its own, then stops it. */
static gboolean
run_pipeline (Run           *run,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GstBus) bus = gst_element_get_bus (run->pipeline);
  g_autoptr(GSource) bus_source = NULL;
  g_autoptr(GSource) watchdog = NULL;
  g_autoptr(GSource) cancel_source = NULL;

  g_main_context_push_thread_default (context);
  run->loop = g_main_loop_new (context, FALSE);

  gst_bus_set_sync_handler (bus, bus_sync_cb, run, NULL);
  bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (bus_source, (GSourceFunc) (void (*) (void)) bus_cb, run, NULL);
  g_source_attach (bus_source, context);

  run->start_time = g_get_monotonic_time ();
  g_atomic_int_set (&run->progress_ms, 0);
  watchdog = g_timeout_source_new (WATCHDOG_PERIOD_MS);
  g_source_set_callback (watchdog, watchdog_cb, run, NULL);
  g_source_attach (watchdog, context);

  if (cancellable != NULL)
    {
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel_source, (GSourceFunc) (void (*) (void)) cancelled_cb, run, NULL);
      g_source_attach (cancel_source, context);
    }

  if (!g_cancellable_is_cancelled (cancellable) && !run_failed (run))
    {
      if (gst_element_set_state (run->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        {
          /* The element said why on the bus: let the loop read it. */
          g_autoptr(GSource) idle = g_timeout_source_new (100);

          g_source_set_callback (idle, (GSourceFunc) (void (*) (void)) g_main_loop_quit, run->loop, NULL);
          g_source_attach (idle, context);
          g_main_loop_run (run->loop);
          g_source_destroy (idle);
          if (!run_failed (run))
            run_fail (run, g_error_new (INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                                        _("The pipeline could not start")));
        }
      else
        g_main_loop_run (run->loop);
    }

  gst_element_set_state (run->pipeline, GST_STATE_NULL);
  g_source_destroy (bus_source);
  g_source_destroy (watchdog);
  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_main_context_pop_thread_default (context);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  g_mutex_lock (&run->lock);
  if (run->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run->error));
      g_mutex_unlock (&run->lock);
      return FALSE;
    }
  g_mutex_unlock (&run->lock);
  return TRUE;
}

static void
run_init (Run                       *run,
          const IngestProxySource   *source,
          const IngestProxySettings *settings,
          gboolean                   verify)
{
  memset (run, 0, sizeof *run);
  run->source = source;
  run->settings = settings;
  run->verify = verify;
  run->first_pts = run->end_time = run->first_decoded = run->movie_duration = GST_CLOCK_TIME_NONE;
  g_mutex_init (&run->lock);
  run->pipeline = gst_object_ref_sink (gst_pipeline_new (verify ? "verify" : "transcode"));
  run->pool = ingest_nice_task_pool_new (NICE_INCREMENT);
}

static void
run_clear (Run *run)
{
  if (run->pipeline != NULL)
    gst_element_set_state (run->pipeline, GST_STATE_NULL);
  gst_clear_object (&run->pipeline);
  gst_clear_object (&run->pool);
  g_clear_pointer (&run->look, ingest_look_unref);
  g_clear_error (&run->error);
  g_mutex_clear (&run->lock);
}

/* ---- the picture ---- */

/* Fits the display size (stored size × pixel aspect × squeeze) into the
 * preset's box, never larger than the display size, even dimensions. */
static void
fit_size (guint   width,
          guint   height,
          int     par_n,
          int     par_d,
          double  squeeze,
          guint   max_width,
          guint   max_height,
          guint  *out_width,
          guint  *out_height)
{
  double display_w = (double) width * par_n / par_d * squeeze;
  double display_h = height;
  double scale = MIN (1.0, MIN (max_width / display_w, max_height / display_h));
  guint w = (guint) (display_w * scale / 2.0 + 0.5) * 2;
  guint h = (guint) (display_h * scale / 2.0 + 0.5) * 2;

  *out_width = CLAMP (w, 2, max_width);
  *out_height = CLAMP (h, 2, max_height);
}

typedef struct
{
  Run        *run;
  GstElement *scaled;   /* the capsfilter after videoconvertscale */
  const char *format;   /* what the scaled picture is */
} VideoBranch;

/* On the decoded picture's caps (before videoconvertscale sees them):
 * the proxy's size, rate and GOP follow from them. */
static GstPadProbeReturn
video_caps_probe_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  VideoBranch *branch = user_data;
  Run *run = branch->run;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps;
  GstVideoInfo vinfo;
  guint max_w, max_h, w, h;
  g_autoptr(GstCaps) scaled = NULL;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  if (!gst_video_info_from_caps (&vinfo, caps) ||
      vinfo.width < 2 || vinfo.height < 2 || vinfo.width > 16384 || vinfo.height > 16384)
    {
      run_fail (run, g_error_new (INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                                  _("The decoded picture has no usable size")));
      return GST_PAD_PROBE_DROP;
    }

  ingest_proxy_preset_get_max_size (run->settings->preset, &max_w, &max_h);
  fit_size (vinfo.width, vinfo.height,
            MAX (vinfo.par_n, 1), MAX (vinfo.par_d, 1),
            run->source->squeeze > 0 ? run->source->squeeze : 1.0,
            max_w, max_h, &w, &h);

  g_mutex_lock (&run->lock);
  run->width = w;
  run->height = h;
  run->fps_num = vinfo.fps_n;
  run->fps_den = vinfo.fps_d;
  g_mutex_unlock (&run->lock);

  scaled = gst_caps_new_simple ("video/x-raw",
                                "format", G_TYPE_STRING, branch->format,
                                "width", G_TYPE_INT, (int) w,
                                "height", G_TYPE_INT, (int) h,
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                NULL);
  g_object_set (branch->scaled, "caps", scaled, NULL);

  return GST_PAD_PROBE_OK;
}

static GstElement *
make_timecode_stamper (Run     *run,
                       GError **error)
{
  const IngestTimecode *tc = &run->source->tc_start;
  GstElement *stamper;
  GstVideoTimeCode *start;
  guint h, m, s, f;

  if ((stamper = make ("timecodestamper", error)) == NULL)
    return NULL;
  ingest_timecode_get_hmsf (tc, &h, &m, &s, &f);
  start = gst_video_time_code_new (tc->rate_num, tc->rate_den, NULL,
                                   tc->drop_frame ? GST_VIDEO_TIME_CODE_FLAGS_DROP_FRAME
                                                  : GST_VIDEO_TIME_CODE_FLAGS_NONE,
                                   h, m, s, f, 0);
  gst_util_set_object_arg (G_OBJECT (stamper), "set", "always");
  g_object_set (stamper,
                "drop-frame", tc->drop_frame,
                "set-internal-timecode", start,
                NULL);
  gst_video_time_code_free (start);
  return stamper;
}

/* The settings' look as an "ingestlook" element (8-bit RGB in place). */
static GstElement *
make_look_filter (Run     *run,
                  GError **error)
{
  g_assert (run->look != NULL);

  if (!ingest_look_filter_register ())
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_MISSING_ELEMENT,
                   _("The look filter could not be registered"));
      return NULL;
    }
  return ingest_look_filter_new (run->look);
}

static void
set_stream_queue_size (GstElement *queue)
{
  g_object_set (queue,
                "max-size-buffers", 0,
                "max-size-time", (guint64) 0,
                "max-size-bytes", STREAM_QUEUE_BYTES,
                NULL);
}

static void
unref_floating (GstElement **elements,
                guint        n)
{
  for (guint i = 0; i < n; i++)
    if (elements[i] != NULL && g_object_is_floating (elements[i]))
      gst_object_unref (gst_object_ref_sink (elements[i]));
}

/* Frames in INGEST_PROXY_GOP_SECONDS at the rate of the stream PAD
 * carries (x264enc takes its GOP only before it starts): the demuxer's
 * caps, else the metadata's, else 24. */
static guint
gop_frames (Run    *run,
            GstPad *pad)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  int num = 0, den = 0;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  /* Empty or ANY (a pad being torn down answers ANY): no structure. */
  if (caps == NULL || gst_caps_get_size (caps) == 0 ||
      !gst_structure_get_fraction (gst_caps_get_structure (caps, 0), "framerate", &num, &den) ||
      num <= 0 || den <= 0)
    {
      /* The sequence source's rate without metadata is 24. */
      num = run->source->fps_num > 0 ? (int) run->source->fps_num : 24;
      den = run->source->fps_num > 0 ? (int) run->source->fps_den : 1;
    }
  return MAX (1u, (guint) floor ((double) INGEST_PROXY_GOP_SECONDS * num / den + 0.5));
}

/* The encoder and what feeds it: [look] ! [timecodestamper] ! [burn-ins] !
 * x264enc ! High profile ! h264parse, appended to CHAIN. */
static gboolean
append_encode (Run         *run,
               GstPad      *pad,
               GstElement **chain,
               guint       *n,
               GstElement **encoder_out,
               GError     **error)
{
  GstElement *handoff, *encoder, *profile, *parse;
  g_autoptr(GstCaps) high = gst_caps_from_string ("video/x-h264,profile=high");

  if (run->source->has_tc)
    {
      GstElement *stamper = make_timecode_stamper (run, error);

      if (stamper == NULL)
        return FALSE;
      chain[(*n)++] = stamper;
    }

  if (run->settings->burn_in)
    {
      GstElement *label = make ("textoverlay", error);
      GstElement *timecode = label != NULL ? make ("timeoverlay", error) : NULL;
      g_autofree char *text = _ingest_proxy_burn_in_label (run->source);

      if (timecode == NULL)
        {
          unref_floating (&label, 1);
          return FALSE;
        }
      _ingest_proxy_burn_in_style (label);
      gst_util_set_object_arg (G_OBJECT (label), "halignment", "left");
      gst_util_set_object_arg (G_OBJECT (label), "valignment", "bottom");
      g_object_set (label, "text", text, NULL);
      _ingest_proxy_burn_in_style (timecode);
      gst_util_set_object_arg (G_OBJECT (timecode), "halignment", "right");
      gst_util_set_object_arg (G_OBJECT (timecode), "valignment", "bottom");
      /* Without a source timecode the running time is the honest clock. */
      gst_util_set_object_arg (G_OBJECT (timecode), "time-mode",
                               run->source->has_tc ? "time-code" : "running-time");
      chain[(*n)++] = label;
      chain[(*n)++] = timecode;
    }
  if (run->settings->watermark != NULL && *run->settings->watermark != '\0')
    {
      GstElement *watermark = make ("textoverlay", error);

      if (watermark == NULL)
        return FALSE;
      _ingest_proxy_burn_in_style (watermark);
      gst_util_set_object_arg (G_OBJECT (watermark), "halignment", "center");
      gst_util_set_object_arg (G_OBJECT (watermark), "valignment", "top");
      g_object_set (watermark, "text", run->settings->watermark, NULL);
      chain[(*n)++] = watermark;
    }

  /* Decoding and converting on one side, encoding on the other: two
   * threads that overlap instead of taking turns. */
  if ((handoff = make ("queue", error)) == NULL)
    return FALSE;
  g_object_set (handoff, "max-size-buffers", 8, "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
  chain[(*n)++] = handoff;
  if ((encoder = make ("x264enc", error)) == NULL)
    return FALSE;
  chain[(*n)++] = encoder;
  if ((profile = make ("capsfilter", error)) == NULL)
    return FALSE;
  chain[(*n)++] = profile;
  if ((parse = make ("h264parse", error)) == NULL)
    return FALSE;
  chain[(*n)++] = parse;

  /* veryfast at a fixed quantizer: the speed ffmpeg's proxy presets use;
   * the quality is the preset's, not a bit rate's. */
  gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
  gst_util_set_object_arg (G_OBJECT (encoder), "pass", "qual");
  g_object_set (encoder,
                "quantizer", ingest_proxy_preset_get_quantizer (run->settings->preset),
                "threads", ENCODER_THREADS,
                "key-int-max", gop_frames (run, pad),
                NULL);
  g_object_set (profile, "caps", high, NULL);
  *encoder_out = encoder;
  return TRUE;
}

/* decoded video (from PAD) → the muxer's video pad, or (verifying) a
 * counting sink. Takes DECODER (floating, or NULL for raw frames). */
static gboolean
link_video (Run         *run,
            GstPad      *pad,
            GstElement  *decoder,
            GError     **error)
{
  GstElement *chain[24] = { NULL };
  guint n = 0;
  GstElement *queue, *scale = NULL, *scaled = NULL, *encoder = NULL;
  g_autoptr(GstPad) sink = NULL;

  if ((queue = make ("queue", error)) == NULL)
    {
      unref_floating (&decoder, 1);
      return FALSE;
    }
  set_stream_queue_size (queue);
  chain[n++] = queue;
  if (decoder != NULL)
    chain[n++] = decoder;

  if (run->verify)
    {
      GstElement *fakesink = make ("fakesink", error);

      if (fakesink == NULL)
        goto fail;
      g_object_set (fakesink, "sync", FALSE, NULL);
      chain[n++] = fakesink;
      add_probe (run, fakesink, "sink", frame_probe_cb);
    }
  else
    {
      GstElement *look = NULL;
      guint max_w, max_h;

      /* A picture twice the proxy's size or more is first halved (or
       * quartered) by box means straight to 8-bit I420: GStreamer's
       * converter would unpack it whole to 16 bits first. */
      if (!ingest_box_scale_register ())
        {
          g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_MISSING_ELEMENT,
                       _("The box scaler could not be registered"));
          goto fail;
        }
      ingest_proxy_preset_get_max_size (run->settings->preset, &max_w, &max_h);
      chain[n++] = ingest_box_scale_new (max_w, max_h, run->source->squeeze);
      add_probe (run, chain[n - 1], "sink", restamp_probe_cb);
      if ((scale = make ("videoconvertscale", error)) == NULL)
        goto fail;
      chain[n++] = scale;
      /* What is left to convert and scale (an 8-bit picture after the box
       * scaler, or a smaller one): two threads, like the encoder. */
      g_object_set (scale, "n-threads", ENCODER_THREADS, NULL);
      if ((scaled = make ("capsfilter", error)) == NULL)
        goto fail;
      chain[n++] = scaled;
      {
        GstElement *deinterlace = make ("deinterlace", error);

        /* Interlaced sources (1080i XDCAM, AVCHD) made progressive after
         * the field-aware scaling, one frame per frame (the top field's):
         * the proxy keeps the source's rate and frames; a progressive
         * source passes through untouched. */
        if (deinterlace == NULL)
          goto fail;
        gst_util_set_object_arg (G_OBJECT (deinterlace), "mode", "auto");
        gst_util_set_object_arg (G_OBJECT (deinterlace), "fields", "top");
        chain[n++] = deinterlace;
      }
      if (run->look != NULL)
        {
          GstElement *convert, *i420;
          g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw,format=I420");

          if ((look = make_look_filter (run, error)) == NULL)
            goto fail;
          chain[n++] = look;
          if ((convert = make ("videoconvert", error)) == NULL)
            goto fail;
          chain[n++] = convert;
          if ((i420 = make ("capsfilter", error)) == NULL)
            goto fail;
          chain[n++] = i420;
          g_object_set (i420, "caps", caps, NULL);
        }
      if (!append_encode (run, pad, chain, &n, &encoder, error))
        goto fail;
      add_probe (run, encoder, "sink", frame_probe_cb);

      {
        VideoBranch *branch = g_new0 (VideoBranch, 1);
        g_autoptr(GstPad) scale_sink = gst_element_get_static_pad (scale, "sink");

        branch->run = run;
        branch->scaled = scaled;
        /* The look works on 8-bit RGB, after scaling: a quarter of the pixels. */
        branch->format = look != NULL ? "RGBx" : "I420";
        gst_pad_add_probe (scale_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                           video_caps_probe_cb, branch, g_free);
      }
    }

  g_assert (n < G_N_ELEMENTS (chain));
  if (!add_chain (run, chain, error))
    return FALSE;
  if (!run->verify)
    {
      g_autoptr(GstPad) mux_pad = gst_element_request_pad_simple (run->mux, "video_%u");
      g_autoptr(GstPad) src = gst_element_get_static_pad (chain[n - 1], "src");

      if (mux_pad == NULL || gst_pad_link (src, mux_pad) != GST_PAD_LINK_OK)
        {
          g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                       _("The proxy's video could not be muxed"));
          return FALSE;
        }
    }
  sink = gst_element_get_static_pad (queue, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   _("The clip's video could not be linked to its decoder"));
      return FALSE;
    }
  return TRUE;

fail:
  unref_floating (chain, n);
  return FALSE;
}

/* Only the first two channels go to the proxy (the mix of a production
 * recorder is on 1-2; the rest are isolated mics): a matrix that picks them,
 * set before audioconvert sees the caps. */
static GstPadProbeReturn
audio_caps_probe_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  GstElement *convert = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps;
  int channels = 0;
  GValue matrix = G_VALUE_INIT;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  if (!gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &channels) || channels <= 2)
    return GST_PAD_PROBE_OK;

  g_value_init (&matrix, GST_TYPE_ARRAY);
  for (int out = 0; out < 2; out++)
    {
      GValue row = G_VALUE_INIT;

      g_value_init (&row, GST_TYPE_ARRAY);
      for (int in = 0; in < channels; in++)
        {
          GValue gain = G_VALUE_INIT;

          g_value_init (&gain, G_TYPE_FLOAT);
          g_value_set_float (&gain, in == out ? 1.0f : 0.0f);
          gst_value_array_append_and_take_value (&row, &gain);
        }
      gst_value_array_append_and_take_value (&matrix, &row);
    }
  g_object_set_property (G_OBJECT (convert), "mix-matrix", &matrix);
  g_value_unset (&matrix);
  return GST_PAD_PROBE_OK;
}

/* voaacenc's output starts 1600 samples late (the AAC-LC frame of 1024 plus
 * its 576 of look-ahead: measured on a click, 33 ms at 48 kHz), and qtmux
 * writes no edit list to say so. So the first 1600 samples of the source
 * never reach the encoder and every later one is moved 1600 samples
 * earlier: the decoded proxy's sound lines up with its picture. */
#define AAC_ENCODER_DELAY 1600

typedef struct
{
  guint64      to_drop;   /* samples still to drop */
  GstClockTime shift;     /* taken off every timestamp */
} AudioTrim;

static GstPadProbeReturn
audio_trim_probe_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  AudioTrim *trim = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  struct { int rate; int channels; guint bpf; } ainfo = { 0, 0, 0 };
  gsize size = gst_buffer_get_size (buffer);
  guint64 samples;

  /* S16 interleaved: the capsfilter before the encoder pins it. */
  if (caps == NULL ||
      !gst_structure_get_int (gst_caps_get_structure (caps, 0), "rate", &ainfo.rate) ||
      !gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &ainfo.channels) ||
      ainfo.rate <= 0 || ainfo.channels <= 0)
    return GST_PAD_PROBE_OK;
  ainfo.bpf = 2 * ainfo.channels;
  if (trim->shift == GST_CLOCK_TIME_NONE)
    trim->shift = gst_util_uint64_scale (AAC_ENCODER_DELAY, GST_SECOND, ainfo.rate);
  samples = size / ainfo.bpf;

  if (trim->to_drop >= samples)
    {
      trim->to_drop -= samples;
      return GST_PAD_PROBE_DROP;
    }
  if (trim->to_drop > 0)
    {
      GstBuffer *rest = gst_buffer_copy_region (buffer, GST_BUFFER_COPY_ALL,
                                                trim->to_drop * ainfo.bpf,
                                                size - trim->to_drop * ainfo.bpf);

      if (GST_BUFFER_PTS_IS_VALID (buffer))
        GST_BUFFER_PTS (rest) = GST_BUFFER_PTS (buffer) +
                                gst_util_uint64_scale (trim->to_drop, GST_SECOND, ainfo.rate);
      GST_BUFFER_DURATION (rest) = gst_util_uint64_scale (samples - trim->to_drop, GST_SECOND, ainfo.rate);
      trim->to_drop = 0;
      gst_buffer_unref (buffer);
      buffer = rest;
    }
  else
    buffer = gst_buffer_make_writable (buffer);
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    GST_BUFFER_PTS (buffer) = GST_BUFFER_PTS (buffer) > trim->shift ? GST_BUFFER_PTS (buffer) - trim->shift : 0;
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  return GST_PAD_PROBE_OK;
}

static gboolean
link_audio (Run         *run,
            GstPad      *pad,
            GstElement  *decoder,
            GError     **error)
{
  GstElement *chain[8] = { NULL };
  guint n = 0;
  GstElement *queue, *convert, *resample, *filter, *encoder;
  g_autoptr(GstCaps) caps = gst_caps_from_string ("audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2");
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) convert_sink = NULL;
  g_autoptr(GstPad) src = NULL;
  g_autoptr(GstPad) mux_pad = NULL;

  queue = make ("queue", error);
  convert = queue != NULL ? make ("audioconvert", error) : NULL;
  resample = convert != NULL ? make ("audioresample", error) : NULL;
  filter = resample != NULL ? make ("capsfilter", error) : NULL;
  encoder = filter != NULL ? make ("voaacenc", error) : NULL;
  if (encoder == NULL)
    {
      GstElement *made[] = { queue, convert, resample, filter, decoder };

      for (gsize i = 0; i < G_N_ELEMENTS (made); i++)
        if (made[i] != NULL)
          gst_object_unref (gst_object_ref_sink (made[i]));
      return FALSE;
    }
  set_stream_queue_size (queue);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (encoder, "bitrate", (int) ingest_proxy_preset_get_audio_bitrate (run->settings->preset), NULL);
  chain[n++] = queue;
  if (decoder != NULL)
    chain[n++] = decoder;
  chain[n++] = convert;
  chain[n++] = resample;
  chain[n++] = filter;
  chain[n++] = encoder;

  convert_sink = gst_element_get_static_pad (convert, "sink");
  gst_pad_add_probe (convert_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     audio_caps_probe_cb, convert, NULL);
  add_probe (run, encoder, "sink", progress_probe_cb);
  {
    g_autoptr(GstPad) encoder_sink = gst_element_get_static_pad (encoder, "sink");
    AudioTrim *trim = g_new0 (AudioTrim, 1);

    trim->to_drop = AAC_ENCODER_DELAY;
    trim->shift = GST_CLOCK_TIME_NONE;
    gst_pad_add_probe (encoder_sink, GST_PAD_PROBE_TYPE_BUFFER, audio_trim_probe_cb, trim, g_free);
  }

  if (!add_chain (run, chain, error))
    return FALSE;
  mux_pad = gst_element_request_pad_simple (run->mux, "audio_%u");
  src = gst_element_get_static_pad (encoder, "src");
  if (mux_pad == NULL || gst_pad_link (src, mux_pad) != GST_PAD_LINK_OK)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   _("The proxy's sound could not be muxed"));
      return FALSE;
    }
  sink = gst_element_get_static_pad (queue, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   _("The clip's sound could not be linked to its decoder"));
      return FALSE;
    }
  return TRUE;
}

static GstPadProbeReturn
drop_probe_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  return GST_PAD_PROBE_DROP;
}

/* A stream the proxy does not carry (a second video or audio stream, data)
 * flows into nothing: its buffers are dropped before a sink could hold the
 * demuxer's thread in preroll (the other streams share that thread); the
 * events still reach a sink, so EOS and errors do. */
static void
link_discard (Run    *run,
              GstPad *pad)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sink_pad = NULL;

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (run->pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sink_pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     drop_probe_cb, NULL, NULL);
  gst_pad_link (pad, sink_pad);
}

static void
pad_added_cb (GstElement *demuxer,
              GstPad     *pad,
              gpointer    user_data)
{
  Run *run = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GError) error = NULL;
  const IngestProxyDecoder *entry;
  const char *type;
  gboolean video, audio, take;
  GstElement *decoder = NULL;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  /* A pad added while the pipeline is torn down may answer ANY. */
  if (caps == NULL || gst_caps_get_size (caps) == 0)
    {
      link_discard (run, pad);
      return;
    }
  type = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  video = g_str_has_prefix (type, "video/") || g_str_has_prefix (type, "image/");
  audio = g_str_has_prefix (type, "audio/");

  g_mutex_lock (&run->lock);
  take = (video && !run->have_video) || (audio && !run->have_audio && !run->verify);
  if (take && video)
    run->have_video = TRUE;
  else if (take && audio)
    run->have_audio = TRUE;
  g_mutex_unlock (&run->lock);

  if (!take)
    {
      link_discard (run, pad);
      return;
    }

  entry = _ingest_proxy_decoder_lookup (caps);
  if (entry == NULL)
    {
      if (audio)
        {
          /* An unknown sound codec costs the proxy its sound, not its picture. */
          g_debug ("%s: no decoder for sound %s", run->source->clip_name, type);
          g_mutex_lock (&run->lock);
          run->have_audio = FALSE;
          g_mutex_unlock (&run->lock);
          link_discard (run, pad);
          return;
        }
      run_fail (run, g_error_new (INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                                  _("No preview — this clip’s video (%s) cannot be decoded here; the files are still verified"),
                                  type));
      link_discard (run, pad);
      return;
    }
  if ((decoder = _ingest_proxy_decoder_make (entry, &error)) == NULL ||
      !(video ? link_video (run, pad, decoder, &error) : link_audio (run, pad, decoder, &error)))
    {
      run_fail (run, g_steal_pointer (&error));
      return;
    }
}

/* Picks the demuxer from the file's first bytes, not its name. */
static const char *
sniff_demuxer (const char  *path,
               GError     **error)
{
  static const guint8 mxf_key[] = { 0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01 };
  static const char *const boxes[] = { "ftyp", "moov", "wide", "mdat", "free", "skip", "pnot" };
  guint8 head[200] = { 0 };
  gssize got;
  GStatBuf st;
  int fd;

  /* A FIFO or a device would block here, before any watchdog runs. */
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   _("%s is not a regular file"), path);
      return NULL;
    }
  if ((fd = g_open (path, O_RDONLY | O_NONBLOCK, 0)) < 0)
    {
      int saved = errno;

      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                   _("Cannot open %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  got = read (fd, head, sizeof head);
  close (fd);

  if (got >= 16 && memcmp (head, mxf_key, sizeof mxf_key) == 0)
    return "mxfdemux";
  for (gsize i = 0; got >= 8 && i < G_N_ELEMENTS (boxes); i++)
    if (memcmp (head + 4, boxes[i], 4) == 0)
      return "qtdemux";
  if (got >= 189 && head[0] == 0x47 && head[188] == 0x47)
    return "tsdemux";
  if (got >= 197 && head[4] == 0x47 && head[196] == 0x47)
    return "tsdemux";  /* M2TS: a 4-byte time stamp before each packet (AVCHD) */
  if (got >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0xba)
    return "mpegpsdemux";

  g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
               _("No preview — this clip’s container cannot be read here; the files are still verified"));
  return NULL;
}

/* DNG and EXR frames, decoded by LibRaw and OpenEXR (ingest-sequence-src.c). */
static GstElement *
make_sequence_source (Run     *run,
                      GError **error)
{
  guint max_width;

  ingest_proxy_preset_get_max_size (run->settings->preset, &max_width, NULL);
  return ingest_sequence_src_new (run->source, max_width, error);
}

static gboolean
is_sequence (const IngestProxySource *source)
{
  return source->kind == INGEST_CLIP_KIND_SEQUENCE || source->kind == INGEST_CLIP_KIND_STILL;
}

/* The source: a file and its demuxer, whose pads are linked as they come. */
static gboolean
build_input (Run         *run,
             const char  *path,
             GError     **error)
{
  GstElement *filesrc, *demuxer;
  const char *demuxer_name;

  if (!run->verify && is_sequence (run->source))
    {
      GstElement *src = make_sequence_source (run, error);
      g_autoptr(GstPad) pad = NULL;

      if (src == NULL)
        return FALSE;
      gst_bin_add (GST_BIN (run->pipeline), src);
      pad = gst_element_get_static_pad (src, "src");
      run->have_video = TRUE;
      return link_video (run, pad, NULL, error);
    }

  if ((demuxer_name = run->verify ? "qtdemux" : sniff_demuxer (path, error)) == NULL)
    return FALSE;
  if ((filesrc = make ("filesrc", error)) == NULL)
    return FALSE;
  if ((demuxer = make (demuxer_name, error)) == NULL)
    {
      gst_object_unref (gst_object_ref_sink (filesrc));
      return FALSE;
    }
  g_object_set (filesrc, "location", path, NULL);
  gst_bin_add_many (GST_BIN (run->pipeline), filesrc, demuxer, NULL);
  if (!gst_element_link (filesrc, demuxer))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   _("Could not link %s"), demuxer_name);
      return FALSE;
    }
  g_signal_connect (demuxer, "pad-added", G_CALLBACK (pad_added_cb), run);
  return TRUE;
}

/* ---- the clip's files ---- */

typedef struct
{
  char *mov;
  char *poster;
  char *filmstrip;
  char *json;
  char *media;   /* qtmux's media before the moov goes first (partial only) */
} Paths;

static void
paths_init (Paths      *paths,
            const char *out_dir,
            const char *clip_name,
            gboolean    partial)
{
  /* Partial names start with '.', which no clip name may: they never
   * collide with a finished proxy, and the next run finds them. */
  const char *prefix = partial ? "." : "";
  const char *suffix = partial ? ".partial" : "";
  g_autofree char *mov = g_strdup_printf ("%s%s%s.mov", prefix, clip_name, suffix);
  g_autofree char *poster = g_strdup_printf ("%s%s%s.poster.jpg", prefix, clip_name, suffix);
  g_autofree char *filmstrip = g_strdup_printf ("%s%s%s.filmstrip.jpg", prefix, clip_name, suffix);
  g_autofree char *json = g_strdup_printf ("%s%s%s.proxy.json", prefix, clip_name, suffix);

  paths->mov = g_build_filename (out_dir, mov, NULL);
  paths->poster = g_build_filename (out_dir, poster, NULL);
  paths->filmstrip = g_build_filename (out_dir, filmstrip, NULL);
  paths->json = g_build_filename (out_dir, json, NULL);
  if (partial)
    {
      g_autofree char *media = g_strdup_printf (".%s.partial.media", clip_name);

      paths->media = g_build_filename (out_dir, media, NULL);
    }
}

static void
paths_clear (Paths *paths)
{
  g_clear_pointer (&paths->mov, g_free);
  g_clear_pointer (&paths->poster, g_free);
  g_clear_pointer (&paths->filmstrip, g_free);
  g_clear_pointer (&paths->json, g_free);
  g_clear_pointer (&paths->media, g_free);
}

static void
paths_unlink (const Paths *paths)
{
  g_unlink (paths->mov);
  g_unlink (paths->poster);
  g_unlink (paths->filmstrip);
  g_unlink (paths->json);
  if (paths->media != NULL)
    g_unlink (paths->media);
}

/* What the proxy depends on, hashed: the settings that change its bytes,
 * the clip's names and facts, its media file's size and time. */
static char *
fingerprint (const IngestProxySource   *source,
             const IngestProxySettings *settings)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *tc = source->has_tc ? ingest_timecode_to_string (&source->tc_start) : NULL;
  GStatBuf st;

  g_string_append_printf (text, "maker=%d\npreset=%s\nburn_in=%d\nwatermark=%s\nlook=%s\n",
                          MAKER_VERSION, ingest_proxy_preset_to_string (settings->preset),
                          settings->burn_in, settings->watermark ? settings->watermark : "",
                          settings->look_path ? settings->look_path : "");
  if (settings->look_path != NULL && g_stat (settings->look_path, &st) == 0)
    g_string_append_printf (text, "look_size=%" G_GINT64_FORMAT "\nlook_mtime=%" G_GINT64_FORMAT "\n",
                            (gint64) st.st_size, (gint64) st.st_mtime);
  g_string_append_printf (text, "poster=%.4f\nstrip=%u×%u\n",
                          settings->poster_offset, settings->filmstrip_frames, settings->filmstrip_height);
  g_string_append_printf (text, "clip=%s\nroll=%s\nreel=%s\ntc=%s\nsqueeze=%.4f\n",
                          source->clip_name, source->roll_name ? source->roll_name : "",
                          source->reel ? source->reel : "", tc ? tc : "", source->squeeze);
  for (guint i = 0; source->files != NULL && source->files[i] != NULL; i++)
    {
      g_string_append_printf (text, "file=%s\n", source->files[i]);
      if (g_stat (source->files[i], &st) == 0)
        g_string_append_printf (text, "size=%" G_GINT64_FORMAT "\nmtime=%" G_GINT64_FORMAT "\n",
                                (gint64) st.st_size, (gint64) st.st_mtime);
      /* A movie's media file is enough; a sequence's every frame counts. */
      if (!is_sequence (source))
        break;
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* The finished proxy of the same fingerprint, or NULL. */
static IngestProxyResult *
load_reusable (const IngestProxySource *source,
               const Paths             *paths,
               const char              *print)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *result;
  IngestProxyResult *self;

  if (!g_file_test (paths->mov, G_FILE_TEST_IS_REGULAR) ||
      !json_parser_load_from_file (parser, paths->json, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "fingerprint", ""), print) != 0 ||
      json_object_get_int_member_with_default (root, "proxy_size", -2) != file_size (paths->mov) ||
      !json_object_has_member (root, "result") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "result")))
    return NULL;
  result = json_object_get_object_member (root, "result");

  self = ingest_proxy_result_new (source->clip_name, INGEST_PROXY_STATUS_REUSED);
  self->proxy_path = g_strdup (paths->mov);
  if (g_file_test (paths->poster, G_FILE_TEST_IS_REGULAR))
    self->poster_path = g_strdup (paths->poster);
  if (g_file_test (paths->filmstrip, G_FILE_TEST_IS_REGULAR))
    {
      self->filmstrip_path = g_strdup (paths->filmstrip);
      self->filmstrip_frames = json_object_get_int_member_with_default (root, "filmstrip_frames", 0);
    }
  self->duration_s = json_object_get_double_member_with_default (result, "duration_s", 0);
  self->frames = json_object_get_int_member_with_default (result, "frames", 0);
  self->tc_start = g_strdup (json_object_get_string_member_with_default (result, "tc_start", NULL));
  self->width = json_object_get_int_member_with_default (result, "width", 0);
  self->height = json_object_get_int_member_with_default (result, "height", 0);
  return self;
}

static gboolean
write_json (const char               *path,
            const IngestProxyResult  *result,
            const char               *print,
            gint64                    proxy_size,
            GError                  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fingerprint");
  json_builder_add_string_value (builder, print);
  json_builder_set_member_name (builder, "proxy_size");
  json_builder_add_int_value (builder, proxy_size);
  json_builder_set_member_name (builder, "filmstrip_frames");
  json_builder_add_int_value (builder, result->filmstrip_frames);
  json_builder_set_member_name (builder, "result");
  json_builder_add_value (builder, ingest_proxy_result_to_json (result));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  if (!json_generator_to_file (generator, path, &local_error))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                   _("Cannot write %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
publish (const char  *from,
         const char  *to,
         GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved = errno;

      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                   _("Cannot rename %s to %s: %s"), from, to, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* ---- the steps ---- */

typedef struct
{
  gint64       frames;
  GstClockTime duration;  /* of the video, first frame to the end of the last */
  guint        width;
  guint        height;
  int          fps_num;
  int          fps_den;
  GstClockTime movie_duration;  /* verify: the container's length (its longest track) */
} Decoded;

static gboolean
transcode (const IngestProxySource   *source,
           const IngestProxySettings *settings,
           const char                *out_path,
           const char                *media_path,
           Decoded                   *decoded,
           GCancellable              *cancellable,
           GError                   **error)
{
  Run run;
  GstElement *sink;
  gboolean ok = FALSE;

  run_init (&run, source, settings, FALSE);
  if (settings->look_path != NULL)
    {
      g_autoptr(GError) look_error = NULL;

      /* A look that cannot be read is the settings' fault: said, not skipped. */
      if ((run.look = ingest_look_new_from_file (settings->look_path, &look_error)) == NULL)
        {
          g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                       _("The look %s cannot be used: %s"), settings->look_path, look_error->message);
          goto out;
        }
    }
  if ((run.mux = make ("qtmux", error)) == NULL || (sink = make ("filesink", error)) == NULL)
    goto out;
  /* moov first, so the proxy streams and a reader can seek at once; the
   * media waits beside the proxy (not in /tmp), where a next run cleans it. */
  g_object_set (run.mux, "faststart", TRUE, "faststart-file", media_path, NULL);
  gst_tag_setter_add_tags (GST_TAG_SETTER (run.mux), GST_TAG_MERGE_REPLACE,
                           GST_TAG_TITLE, source->clip_name, NULL);
  g_object_set (sink, "location", out_path, NULL);
  /* qtmux copies its media after the moov at the end (faststart): that
   * is progress too, with no frame going in. */
  add_probe (&run, sink, "sink", progress_probe_cb);
  gst_bin_add_many (GST_BIN (run.pipeline), run.mux, sink, NULL);
  gst_element_link (run.mux, sink);

  if (!build_input (&run, source->files[0], error) ||
      !run_pipeline (&run, cancellable, error))
    goto out;
  if (!run.have_video || run.frames == 0)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   _("The clip has no picture to decode"));
      goto out;
    }
  decoded->frames = run.frames;
  decoded->duration = GST_CLOCK_TIME_IS_VALID (run.end_time) ? run.end_time - run.first_pts : 0;
  decoded->width = run.width;
  decoded->height = run.height;
  decoded->fps_num = run.fps_num;
  decoded->fps_den = run.fps_den;
  ok = TRUE;

out:
  run_clear (&run);
  return ok;
}

static gboolean
verify (const IngestProxySource   *source,
        const IngestProxySettings *settings,
        const char                *path,
        Decoded                   *decoded,
        GCancellable              *cancellable,
        GError                   **error)
{
  Run run;
  gboolean ok = FALSE;

  run_init (&run, source, settings, TRUE);
  if (!build_input (&run, path, error) || !run_pipeline (&run, cancellable, error))
    goto out;
  decoded->frames = run.frames;
  decoded->duration = GST_CLOCK_TIME_IS_VALID (run.end_time) ? run.end_time - run.first_pts : 0;
  decoded->movie_duration = run.movie_duration;
  ok = TRUE;

out:
  run_clear (&run);
  return ok;
}

/* The proxy decodes back to the frames encoded and lasts as long as the
 * source's picture, within a frame. */
static gboolean
check_decoded_back (const IngestProxySource  *source,
                    const Decoded            *made,
                    const Decoded            *back,
                    GError                  **error)
{
  GstClockTime frame = made->fps_num > 0
                       ? gst_util_uint64_scale (GST_SECOND, made->fps_den, made->fps_num)
                       : GST_SECOND / 24;
  GstClockTime diff = made->duration > back->duration ? made->duration - back->duration
                                                      : back->duration - made->duration;

  if (back->frames != made->frames)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_VERIFY,
                   _("The proxy decoded back to %" G_GINT64_FORMAT " frames, not %" G_GINT64_FORMAT),
                   back->frames, made->frames);
      return FALSE;
    }
  if (diff > frame)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_VERIFY,
                   _("The proxy lasts %.3f s, the clip %.3f s"),
                   (double) back->duration / GST_SECOND, (double) made->duration / GST_SECOND);
      return FALSE;
    }
  /* Without a frame count from the metadata (checked below): sound that
   * outlasts the picture by more than two frames (and AAC's last packet)
   * means frames of the clip did not decode — the decoder dropped damaged
   * ones — and the proxy would drift. */
  if (source->frames <= 0 && GST_CLOCK_TIME_IS_VALID (back->movie_duration) &&
      back->movie_duration > back->duration + MAX (2 * frame, 100 * GST_MSECOND))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_VERIFY,
                   _("The picture ends at %.3f s but the sound runs to %.3f s: frames of the clip did not decode"),
                   (double) back->duration / GST_SECOND, (double) back->movie_duration / GST_SECOND);
      return FALSE;
    }
  if (source->frames > 0 && !is_sequence (source) && source->frames != made->frames)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_VERIFY,
                   _("The clip decoded to %" G_GINT64_FORMAT " frames; its metadata says %" G_GINT64_FORMAT),
                   made->frames, source->frames);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || *name == '\0' || *name == '.' || strchr (name, '/') != NULL ||
      strchr (name, '\\') != NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   _("“%s” cannot name a proxy file"), name != NULL ? name : "");
      return FALSE;
    }
  return TRUE;
}

/* ---- public API ---- */

/* A short name of what nothing here decodes, by the media file's
 * extension (the metadata readers recognised it by the same). */
static const char *
undecodable_format (const IngestProxySource *source)
{
  static const struct { const char *ext; const char *label; } formats[] = {
    { ".r3d", "R3D" }, { ".braw", "Blackmagic RAW" }, { ".ari", "ARRIRAW" }, { ".arx", "ARRIRAW" },
    { ".crm", "Cinema RAW Light" }, { ".dpx", "DPX" }, { ".rmf", "Canon RAW" },
    { ".vrw", "VENICE X-OCN" },
    { ".mxf", NULL },
  };
  const char *path = source->files != NULL ? source->files[0] : NULL;
  g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;

  if (lower == NULL)
    return NULL;
  if (source->codec != NULL)
    {
      g_autofree char *codec = g_ascii_strdown (source->codec, -1);

      /* ARRIRAW and X-OCN also come wrapped in MXF. */
      if (strstr (codec, "arriraw") != NULL)
        return "ARRIRAW";
      if (strstr (codec, "x-ocn") != NULL || strstr (codec, "xocn") != NULL)
        return "X-OCN";
    }
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].label != NULL && g_str_has_suffix (lower, formats[i].ext))
      return formats[i].label;
  return NULL;
}

gboolean
ingest_proxy_check_decodable (const IngestProxySource  *source,
                              GError                  **error)
{
  const char *format;

  g_return_val_if_fail (source != NULL, FALSE);

  if (source->files == NULL || source->files[0] == NULL)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   _("The clip has no media file"));
      return FALSE;
    }
  if (source->kind == INGEST_CLIP_KIND_AUDIO)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                   _("No preview — a sound take has no picture; the files are still verified"));
      return FALSE;
    }
  if ((format = undecodable_format (source)) != NULL)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                   _("No preview — %s cannot be decoded here; the files are still verified"), format);
      return FALSE;
    }
  if (is_sequence (source))
    {
      if (!ingest_sequence_src_can_decode (source->files[0]))
        {
          g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                       _("No preview — these frames cannot be decoded here; the files are still verified"));
          return FALSE;
        }
    }
  else if (source->kind == INGEST_CLIP_KIND_OTHER)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                   _("No preview — this kind of file cannot be decoded here; the files are still verified"));
      return FALSE;
    }
  return TRUE;
}

IngestProxyResult *
ingest_proxy_make_sync (const IngestProxySource   *source,
                        const IngestProxySettings *settings,
                        const char                *out_dir,
                        GCancellable              *cancellable,
                        GError                   **error)
{
  Paths final = { NULL }, partial = { NULL };
  g_autofree char *print = NULL;
  g_autoptr(IngestProxyResult) result = NULL;
  Decoded made = { 0 }, back = { 0 };
  gboolean stills = FALSE;
  gint64 times[4];

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (out_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ingest_init_gstreamer ();

  if (!check_name (source->clip_name, error) || !ingest_proxy_check_decodable (source, error))
    return NULL;
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                   _("Cannot create %s: %s"), out_dir, g_strerror (saved));
      return NULL;
    }

  paths_init (&final, out_dir, source->clip_name, FALSE);
  paths_init (&partial, out_dir, source->clip_name, TRUE);
  /* What a killed run left is never finished: start over. */
  paths_unlink (&partial);

  print = fingerprint (source, settings);
  if ((result = load_reusable (source, &final, print)) != NULL)
    goto done;
  /* The old record goes before anything new is published, so it never
   * vouches for a movie it did not describe. */
  g_unlink (final.json);

  times[0] = g_get_monotonic_time ();
  if (!transcode (source, settings, partial.mov, partial.media, &made, cancellable, error))
    goto fail;
  times[1] = g_get_monotonic_time ();
  if (source->reel != NULL && *source->reel != '\0' && source->has_tc &&
      !_ingest_proxy_tmcd_set_reel_name (partial.mov, source->reel, error))
    goto fail;
  times[2] = g_get_monotonic_time ();
  if (!verify (source, settings, partial.mov, &back, cancellable, error) ||
      !check_decoded_back (source, &made, &back, error))
    goto fail;
  if (!ingest_proxy_stills_make_sync (partial.mov, settings, partial.poster, partial.filmstrip,
                                      cancellable, error))
    goto fail;
  stills = g_file_test (partial.poster, G_FILE_TEST_IS_REGULAR);
  times[3] = g_get_monotonic_time ();
  /* For the bench (G_MESSAGES_DEBUG=ingest-proxy): where the time went. */
  g_debug ("%s: %" G_GINT64_FORMAT " frames; transcode %.2f s, reel %.2f s, decode-back and stills %.2f s",
           source->clip_name, made.frames, (times[1] - times[0]) / 1e6,
           (times[2] - times[1]) / 1e6, (times[3] - times[2]) / 1e6);

  result = ingest_proxy_result_new (source->clip_name, INGEST_PROXY_STATUS_MADE);
  result->proxy_path = g_strdup (final.mov);
  result->duration_s = (double) back.duration / GST_SECOND;
  result->frames = back.frames;
  result->width = made.width;
  result->height = made.height;
  if (source->has_tc)
    result->tc_start = ingest_timecode_to_string (&source->tc_start);
  if (stills)
    {
      result->poster_path = g_strdup (final.poster);
      result->filmstrip_path = g_strdup (final.filmstrip);
      result->filmstrip_frames = settings->filmstrip_frames;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  /* The stills, the record, then the movie: a <clip>.mov that exists is
   * finished; the record names its size, so a kill between the two
   * leaves a record that vouches for nothing. */
  if ((stills && (!publish (partial.poster, final.poster, error) ||
                  !publish (partial.filmstrip, final.filmstrip, error))) ||
      !write_json (partial.json, result, print, file_size (partial.mov), error) ||
      !publish (partial.json, final.json, error) ||
      !publish (partial.mov, final.mov, error))
    goto fail;

done:
  paths_clear (&final);
  paths_clear (&partial);
  return g_steal_pointer (&result);

fail:
  paths_unlink (&partial);
  paths_clear (&final);
  paths_clear (&partial);
  return NULL;
}

typedef struct
{
  IngestProxySource   *source;
  IngestProxySettings *settings;
  char                *out_dir;
} MakeData;

static void
make_data_free (MakeData *data)
{
  ingest_proxy_source_free (data->source);
  ingest_proxy_settings_free (data->settings);
  g_free (data->out_dir);
  g_free (data);
}

static void
make_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MakeData *data = task_data;
  IngestProxyResult *result;
  GError *error = NULL;

  result = ingest_proxy_make_sync (data->source, data->settings, data->out_dir, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ingest_proxy_result_free);
}

void
ingest_proxy_make_async (const IngestProxySource   *source,
                         const IngestProxySettings *settings,
                         const char                *out_dir,
                         GCancellable              *cancellable,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  MakeData *data;

  g_return_if_fail (source != NULL);
  g_return_if_fail (settings != NULL);
  g_return_if_fail (out_dir != NULL);

  data = g_new0 (MakeData, 1);
  data->source = ingest_proxy_source_copy (source);
  data->settings = ingest_proxy_settings_copy (settings);
  data->out_dir = g_strdup (out_dir);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_proxy_make_async);
  g_task_set_task_data (task, data, (GDestroyNotify) make_data_free);
  g_task_run_in_thread (task, make_thread);
}

IngestProxyResult *
ingest_proxy_make_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, ingest_proxy_make_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
