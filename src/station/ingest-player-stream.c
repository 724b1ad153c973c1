/* ingest-player-stream.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ingest-player-stream"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "ingest-player-stream.h"

/* A GtkMediaStream on its own GStreamer pipeline: playbin decodes the file;
 * the picture goes through videoscale (down to the box the widget shows,
 * square pixels) and videoconvert to BGRA into an appsink, the sound through
 * audioconvert and a level element (peak and RMS per channel, every 50 ms,
 * as bus messages) into the sound device or a syncing fakesink.
 *
 * Frames: the appsink's streaming thread puts each sample into a slot that
 * holds one (a newer one replaces a frame not shown yet: frames are dropped,
 * never queued) and wakes the stream's main context once, by an idle
 * source; there the sample becomes a GdkMemoryTexture wrapping the mapped
 * buffer (no copy), the stream's timestamp the frame's start and the
 * timecode property the source timecode of that frame. The streaming
 * thread touches only the slot.
 *
 * Shuttle: a rate is a flushing, accurate seek from the frame shown, with
 * the stop there for a negative rate (qtdemux and the H.264 decoder play
 * long-GOP files backwards a GOP at a time). Frame step forward is a step
 * event of one buffer (the sink prerolls the next frame); back, and every
 * other seek, is an accurate seek a quarter into the frame to show (see
 * frame_target()). */

#define LEVEL_INTERVAL_NS (50 * GST_MSECOND)
/* The box is rounded up to this, so that resizing the window does not
 * renegotiate the scaler at every pixel. */
#define BOX_STEP 64

typedef struct
{
  GMutex      mutex;
  GstSample  *sample;      /* the newest frame not shown yet */
  gboolean    scheduled;   /* a main-context callback is on its way */
  guint64     dropped;
  GWeakRef    stream;      /* read on the main thread only */
  GMainContext *context;   /* the stream's: where frames are shown */
} FrameSlot;

struct _IngestPlayerStream
{
  GtkMediaStream          parent_instance;

  GFile                  *file;
  IngestPlayerAudioOutput output;

  GstElement             *pipeline;
  GstElement             *capsfilter;
  guint                   bus_watch;
  FrameSlot              *slot;

  GdkTexture             *texture;
  int                     display_width;    /* decoded size in square pixels */
  int                     display_height;
  int                     max_width;
  int                     max_height;
  guint                   fps_num;
  guint                   fps_den;

  double                  rate;
  GstClockTime            shown_time;       /* stream time of the frame shown */
  gint64                  frame;
  char                   *timecode;
  IngestTimecode          tc_start;
  gboolean                has_tc_start;

  guint                   n_channels;
  double                  peak[INGEST_PLAYER_MAX_CHANNELS];
  double                  rms[INGEST_PLAYER_MAX_CHANNELS];

  guint                   prepared : 1;
  guint                   seeking : 1;      /* a GtkMediaStream seek waits for ASYNC_DONE */
  guint                   stepped : 1;      /* frames stepped since the pipeline last played */
};

static void ingest_player_stream_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IngestPlayerStream, ingest_player_stream, GTK_TYPE_MEDIA_STREAM,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, ingest_player_stream_paintable_init))

G_DEFINE_ENUM_TYPE (IngestPlayerAudioOutput, ingest_player_audio_output,
                    G_DEFINE_ENUM_VALUE (INGEST_PLAYER_AUDIO_OUTPUT_DEVICE, "device"),
                    G_DEFINE_ENUM_VALUE (INGEST_PLAYER_AUDIO_OUTPUT_SILENT, "silent"))

enum {
  PROP_0,
  PROP_FILE,
  PROP_AUDIO_OUTPUT,
  PROP_RATE,
  PROP_TIMECODE,
  PROP_FRAME,
  PROP_N_CHANNELS,
  PROP_LEVELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * The frame slot (shared with the streaming threads)
 */

static FrameSlot *
frame_slot_new (IngestPlayerStream *stream)
{
  FrameSlot *slot = g_atomic_rc_box_new0 (FrameSlot);

  g_mutex_init (&slot->mutex);
  g_weak_ref_init (&slot->stream, stream);
  slot->context = g_main_context_ref_thread_default ();
  return slot;
}

static void
frame_slot_clear (gpointer data)
{
  FrameSlot *slot = data;

  g_clear_pointer (&slot->sample, gst_sample_unref);
  g_weak_ref_clear (&slot->stream);
  g_main_context_unref (slot->context);
  g_mutex_clear (&slot->mutex);
}

static void
frame_slot_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, frame_slot_clear);
}

static gboolean frame_ready_cb (gpointer data);

/* Streaming thread: keep only the newest sample, wake the main context once. */
static void
frame_slot_put (FrameSlot *slot,
                GstSample *sample)
{
  gboolean wake;

  g_mutex_lock (&slot->mutex);
  if (slot->sample != NULL)
    {
      gst_sample_unref (slot->sample);
      slot->dropped++;
    }
  slot->sample = sample;
  wake = !slot->scheduled;
  slot->scheduled = TRUE;
  g_mutex_unlock (&slot->mutex);

  /* An idle source, not g_main_context_invoke(): that would run the
   * callback right here whenever this thread can acquire the context. */
  if (wake)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, frame_ready_cb, g_atomic_rc_box_acquire (slot), frame_slot_release);
      g_source_set_static_name (source, "[ingest] player frame");
      g_source_attach (source, slot->context);
      g_source_unref (source);
    }
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample != NULL)
    frame_slot_put (user_data, sample);
  return GST_FLOW_OK;
}

static GstFlowReturn
new_preroll_cb (GstAppSink *sink,
                gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_preroll (sink);

  if (sample != NULL)
    frame_slot_put (user_data, sample);
  return GST_FLOW_OK;
}

/*
 * Helpers
 */

typedef struct
{
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedBuffer;

static void
mapped_buffer_free (gpointer data)
{
  MappedBuffer *mapped = data;

  gst_buffer_unmap (mapped->buffer, &mapped->map);
  gst_buffer_unref (mapped->buffer);
  g_free (mapped);
}

static GdkTexture *
texture_from_sample (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  g_autoptr(GBytes) bytes = NULL;
  GstVideoMeta *meta;
  MappedBuffer *mapped;
  GstVideoInfo info;
  gsize offset;
  int stride;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;

  mapped = g_new0 (MappedBuffer, 1);
  mapped->buffer = gst_buffer_ref (buffer);
  if (!gst_buffer_map (buffer, &mapped->map, GST_MAP_READ))
    {
      gst_buffer_unref (mapped->buffer);
      g_free (mapped);
      return NULL;
    }
  meta = gst_buffer_get_video_meta (buffer);
  offset = meta != NULL ? meta->offset[0] : GST_VIDEO_INFO_PLANE_OFFSET (&info, 0);
  stride = meta != NULL ? meta->stride[0] : GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  if (offset + (gsize) stride * GST_VIDEO_INFO_HEIGHT (&info) > mapped->map.size)
    {
      mapped_buffer_free (mapped);
      return NULL;
    }
  bytes = g_bytes_new_with_free_func (mapped->map.data + offset, (gsize) stride * GST_VIDEO_INFO_HEIGHT (&info),
                                      mapped_buffer_free, mapped);
  /* BGRA of opaque video: alpha is 255, so premultiplied is the same. */
  return gdk_memory_texture_new (GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info),
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
}

static void
update_timecode (IngestPlayerStream *self)
{
  g_autofree char *text = NULL;

  if (self->frame >= 0 && self->has_tc_start)
    {
      IngestTimecode tc = self->tc_start;

      ingest_timecode_add_frames (&tc, self->frame);
      text = ingest_timecode_to_string (&tc);
    }
  if (g_strcmp0 (text, self->timecode) == 0)
    return;
  g_free (self->timecode);
  self->timecode = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMECODE]);
}

/* The frame rate that numbers frames: the picture's, else the timecode's. */
static gboolean
get_counting_rate (IngestPlayerStream *self,
                   guint              *num,
                   guint              *den)
{
  if (self->fps_num > 0 && self->fps_den > 0)
    {
      *num = self->fps_num;
      *den = self->fps_den;
      return TRUE;
    }
  if (self->has_tc_start)
    {
      *num = self->tc_start.rate_num;
      *den = self->tc_start.rate_den;
      return TRUE;
    }
  return FALSE;
}

static GstClockTime
frame_duration (IngestPlayerStream *self)
{
  guint num, den;

  if (!get_counting_rate (self, &num, &den))
    return GST_SECOND / 25;
  return gst_util_uint64_scale_int (GST_SECOND, den, num);
}

/* Where a seek lands to show frame N: a quarter into it. The decoder clips
 * the frame's timestamp to the seek position, and the file's timescale
 * rounds its start either way; a quarter frame in is frame N on both counts
 * (frames are numbered by rounding). Without a rate, TIME itself. */
static GstClockTime
frame_target (IngestPlayerStream *self,
              gint64              n,
              GstClockTime        time)
{
  guint num, den;

  if (!get_counting_rate (self, &num, &den) || n < 0)
    return time;
  return gst_util_uint64_scale ((guint64) n, (guint64) den * GST_SECOND, num) + frame_duration (self) / 4;
}

/* The frame that holds stream time TIME (for a seek from the scrub bar). */
static gint64
frame_at (IngestPlayerStream *self,
          GstClockTime        time)
{
  guint num, den;

  if (!get_counting_rate (self, &num, &den))
    return -1;
  return (gint64) gst_util_uint64_scale (time, num, (guint64) den * GST_SECOND);
}

static void
set_frame_time (IngestPlayerStream *self,
                GstClockTime        stream_time)
{
  GstClockTime timestamp = stream_time;
  gint64 frame = -1;
  guint num, den;

  self->shown_time = stream_time;
  if (get_counting_rate (self, &num, &den))
    {
      frame = (gint64) gst_util_uint64_scale_round (stream_time, num, (guint64) den * GST_SECOND);
      /* The frame's own start, not where a seek clipped it. */
      timestamp = gst_util_uint64_scale ((guint64) frame, (guint64) den * GST_SECOND, num);
    }
  if (frame != self->frame)
    {
      self->frame = frame;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
    }
  update_timecode (self);
  if (self->prepared)
    gtk_media_stream_update (GTK_MEDIA_STREAM (self), timestamp / 1000);
}

static void
show_sample (IngestPlayerStream *self,
             GstSample          *sample)
{
  g_autoptr(GdkTexture) texture = texture_from_sample (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  gboolean resized;

  if (texture == NULL)
    return;
  resized = self->texture == NULL ||
            gdk_texture_get_width (texture) != gdk_texture_get_width (self->texture) ||
            gdk_texture_get_height (texture) != gdk_texture_get_height (self->texture);
  g_set_object (&self->texture, texture);
  if (self->display_width == 0)
    {
      self->display_width = gdk_texture_get_width (texture);
      self->display_height = gdk_texture_get_height (texture);
      resized = TRUE;
    }

  if (GST_BUFFER_PTS_IS_VALID (buffer) && segment != NULL && segment->format == GST_FORMAT_TIME)
    {
      guint64 stream_time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));

      if (stream_time != GST_CLOCK_TIME_NONE)
        set_frame_time (self, stream_time);
    }

  if (resized)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static gboolean
frame_ready_cb (gpointer data)
{
  FrameSlot *slot = data;
  g_autoptr(IngestPlayerStream) self = g_weak_ref_get (&slot->stream);
  GstSample *sample;

  g_mutex_lock (&slot->mutex);
  sample = g_steal_pointer (&slot->sample);
  slot->scheduled = FALSE;
  g_mutex_unlock (&slot->mutex);

  if (self != NULL && sample != NULL)
    show_sample (self, sample);
  g_clear_pointer (&sample, gst_sample_unref);
  return G_SOURCE_REMOVE;
}

static void
apply_box (IngestPlayerStream *self)
{
  g_autoptr(GstCaps) caps = NULL;

  if (self->capsfilter == NULL)
    return;
  if (self->max_width > 0 && self->max_height > 0)
    caps = gst_caps_new_simple ("video/x-raw",
                                "format", G_TYPE_STRING, "BGRA",
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                "width", GST_TYPE_INT_RANGE, 16, MAX (self->max_width, 16),
                                "height", GST_TYPE_INT_RANGE, 16, MAX (self->max_height, 16),
                                NULL);
  else
    caps = gst_caps_new_simple ("video/x-raw",
                                "format", G_TYPE_STRING, "BGRA",
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                NULL);
  g_object_set (self->capsfilter, "caps", caps, NULL);
}

/* Flushing and accurate, from POSITION at RATE (a negative rate plays from
 * POSITION back to the start). */
static gboolean
seek_to (IngestPlayerStream *self,
         GstClockTime        position,
         double              rate)
{
  GstSeekFlags flags = GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE;

  if (rate > 0)
    return gst_element_seek (self->pipeline, rate, GST_FORMAT_TIME, flags,
                             GST_SEEK_TYPE_SET, position, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
  return gst_element_seek (self->pipeline, rate, GST_FORMAT_TIME, flags,
                           GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_SET, position);
}

static void
read_stream_info (IngestPlayerStream *self)
{
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstVideoInfo info;

  g_signal_emit_by_name (self->pipeline, "get-video-pad", 0, &pad);
  if (pad != NULL)
    caps = gst_pad_get_current_caps (pad);
  if (caps != NULL && gst_video_info_from_caps (&info, caps))
    {
      int par_n = MAX (GST_VIDEO_INFO_PAR_N (&info), 1);
      int par_d = MAX (GST_VIDEO_INFO_PAR_D (&info), 1);

      self->display_width = (int) gst_util_uint64_scale_int (GST_VIDEO_INFO_WIDTH (&info), par_n, par_d);
      self->display_height = GST_VIDEO_INFO_HEIGHT (&info);
      if (GST_VIDEO_INFO_FPS_N (&info) > 0 && GST_VIDEO_INFO_FPS_D (&info) > 0)
        {
          self->fps_num = GST_VIDEO_INFO_FPS_N (&info);
          self->fps_den = GST_VIDEO_INFO_FPS_D (&info);
        }
      gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
    }
}

static void
prepare (IngestPlayerStream *self)
{
  g_autoptr(GstQuery) seeking = gst_query_new_seeking (GST_FORMAT_TIME);
  gboolean seekable = FALSE;
  gint64 duration = 0;
  int n_audio = 0, n_video = 0;

  read_stream_info (self);
  if (gst_element_query (self->pipeline, seeking))
    gst_query_parse_seeking (seeking, NULL, &seekable, NULL, NULL);
  if (!gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration))
    duration = 0;
  g_object_get (self->pipeline, "n-audio", &n_audio, "n-video", &n_video, NULL);

  self->prepared = TRUE;
  gtk_media_stream_stream_prepared (GTK_MEDIA_STREAM (self), n_audio > 0, n_video > 0, seekable,
                                    duration / 1000);
  /* The preroll frame came before this: number it again now the rate is known. */
  if (self->texture != NULL)
    set_frame_time (self, self->shown_time);
}

static void
read_levels (IngestPlayerStream *self,
             const GstStructure *s)
{
  const GValue *peaks = gst_structure_get_value (s, "peak");
  const GValue *rms = gst_structure_get_value (s, "rms");
  GValueArray *peak_array, *rms_array;
  guint n;

  /* level still posts GValueArrays. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (peaks == NULL || rms == NULL || !G_VALUE_HOLDS (peaks, g_value_array_get_type ()) ||
      !G_VALUE_HOLDS (rms, g_value_array_get_type ()))
    return;
  peak_array = g_value_get_boxed (peaks);
  rms_array = g_value_get_boxed (rms);
  n = MIN (MIN (peak_array->n_values, rms_array->n_values), INGEST_PLAYER_MAX_CHANNELS);
  for (guint i = 0; i < n; i++)
    {
      self->peak[i] = g_value_get_double (g_value_array_get_nth (peak_array, i));
      self->rms[i] = g_value_get_double (g_value_array_get_nth (rms_array, i));
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (n != self->n_channels)
    {
      self->n_channels = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHANNELS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVELS]);
}

/*
 * Callbacks
 */

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  IngestPlayerStream *self = user_data;
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);

  GstMessageType type = GST_MESSAGE_TYPE (message);

  if (type == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;
      g_autofree char *name = g_file_get_basename (self->file);

      gst_message_parse_error (message, &gst_error, &debug);
      g_debug ("%s: %s", name, debug);
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gtk_media_stream_error (stream, G_IO_ERROR, G_IO_ERROR_FAILED,
                              _("“%s” cannot be played: %s"), name, gst_error->message);
    }
  else if (type == GST_MESSAGE_EOS)
    {
      if (gtk_media_stream_get_loop (stream))
        seek_to (self, self->rate > 0 ? 0 : (GstClockTime) gtk_media_stream_get_duration (stream) * 1000, self->rate);
      else
        {
          gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
          gtk_media_stream_stream_ended (stream);
        }
    }
  else if (type == GST_MESSAGE_ASYNC_DONE)
    {
      if (!self->prepared)
        prepare (self);
      if (self->seeking)
        {
          self->seeking = FALSE;
          gtk_media_stream_seek_success (stream);
        }
    }
  else if (type == GST_MESSAGE_ELEMENT)
    {
      const GstStructure *s = gst_message_get_structure (message);

      if (s != NULL && gst_structure_has_name (s, "level"))
        read_levels (self, s);
    }
  return G_SOURCE_CONTINUE;
}

static GstElement *
make_element (const char *factory,
              const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  /* Part of gst-plugins-base/-good, which the station depends on. */
  if (element == NULL)
    g_error ("GStreamer element “%s” is missing", factory);
  return element;
}

static GstElement *
make_video_sink (IngestPlayerStream *self)
{
  GstElement *bin = gst_bin_new ("video-sink");
  GstElement *scale = make_element ("videoscale", NULL);
  GstElement *convert = make_element ("videoconvert", NULL);
  GstElement *sink = make_element ("appsink", NULL);
  GstAppSinkCallbacks callbacks = { NULL, new_preroll_cb, new_sample_cb, };
  g_autoptr(GstPad) pad = NULL;

  self->capsfilter = make_element ("capsfilter", NULL);
  apply_box (self);
  g_object_set (sink, "sync", TRUE, "max-buffers", 1, "drop", TRUE, "qos", TRUE,
                "enable-last-sample", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks,
                              g_atomic_rc_box_acquire (self->slot), frame_slot_release);

  gst_bin_add_many (GST_BIN (bin), scale, convert, self->capsfilter, sink, NULL);
  gst_element_link_many (scale, convert, self->capsfilter, sink, NULL);
  pad = gst_element_get_static_pad (scale, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  return bin;
}

/* level (1.22) posts a last message at EOS with the running time of its
 * segment, and criticals when an EOS follows a flush with no segment
 * between (a flushing seek that lands past the sound, as shuttling back to
 * the start does). A TIME segment is given to it first then. The probe's
 * state is a plain flag of the streaming thread. */
static GstPadProbeReturn
level_event_probe_cb (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         user_data)
{
  gboolean *has_segment = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

  switch ((int) GST_EVENT_TYPE (event))
    {
    case GST_EVENT_FLUSH_STOP:
      *has_segment = FALSE;
      break;
    case GST_EVENT_SEGMENT:
      *has_segment = TRUE;
      break;
    case GST_EVENT_EOS:
      if (!*has_segment)
        {
          GstSegment segment;

          gst_segment_init (&segment, GST_FORMAT_TIME);
          gst_pad_send_event (pad, gst_event_new_segment (&segment));
        }
      break;
    default:
      break;
    }
  return GST_PAD_PROBE_OK;
}

static GstElement *
make_audio_sink (IngestPlayerStream *self)
{
  GstElement *bin = gst_bin_new ("audio-sink");
  GstElement *convert = make_element ("audioconvert", NULL);
  GstElement *level = make_element ("level", NULL);
  GstElement *sink;
  g_autoptr(GstPad) pad = NULL;

  if (self->output == INGEST_PLAYER_AUDIO_OUTPUT_SILENT)
    {
      sink = make_element ("fakesink", NULL);
      g_object_set (sink, "sync", TRUE, NULL);
    }
  else
    sink = make_element ("autoaudiosink", NULL);
  g_object_set (level, "post-messages", TRUE, "interval", (guint64) LEVEL_INTERVAL_NS, NULL);

  gst_bin_add_many (GST_BIN (bin), convert, level, sink, NULL);
  gst_element_link_many (convert, level, sink, NULL);
  pad = gst_element_get_static_pad (level, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
                     level_event_probe_cb, g_new0 (gboolean, 1), g_free);
  g_clear_object (&pad);
  pad = gst_element_get_static_pad (convert, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  return bin;
}

/*
 * GdkPaintable
 */

static void
ingest_player_stream_paintable_snapshot (GdkPaintable *paintable,
                                         GdkSnapshot  *snapshot,
                                         double        width,
                                         double        height)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (paintable);

  if (self->texture != NULL)
    gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), self->texture,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static GdkPaintable *
ingest_player_stream_paintable_get_current_image (GdkPaintable *paintable)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (self->display_width, self->display_height);
}

static int
ingest_player_stream_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return INGEST_PLAYER_STREAM (paintable)->display_width;
}

static int
ingest_player_stream_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return INGEST_PLAYER_STREAM (paintable)->display_height;
}

static double
ingest_player_stream_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (paintable);

  if (self->display_width <= 0 || self->display_height <= 0)
    return 0;
  return (double) self->display_width / self->display_height;
}

static void
ingest_player_stream_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = ingest_player_stream_paintable_snapshot;
  iface->get_current_image = ingest_player_stream_paintable_get_current_image;
  iface->get_intrinsic_width = ingest_player_stream_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = ingest_player_stream_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = ingest_player_stream_paintable_get_intrinsic_aspect_ratio;
}

/*
 * GtkMediaStream
 */

static gboolean
ingest_player_stream_play (GtkMediaStream *stream)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (stream);

  if (!self->prepared)
    return FALSE;
  /* From the start (or the end, in reverse) after the end; after frame
   * steps, from the frame shown, so that sound and picture agree again. */
  if (gtk_media_stream_get_ended (stream))
    seek_to (self, self->rate > 0 ? 0 : (GstClockTime) gtk_media_stream_get_duration (stream) * 1000, self->rate);
  else if (self->stepped)
    seek_to (self, frame_target (self, self->frame, self->shown_time), self->rate);
  self->stepped = FALSE;
  return gst_element_set_state (self->pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE;
}

static void
ingest_player_stream_pause (GtkMediaStream *stream)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (stream);

  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

static void
ingest_player_stream_seek (GtkMediaStream *stream,
                           gint64          timestamp)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (stream);

  GstClockTime time = (GstClockTime) MAX (timestamp, 0) * 1000;

  self->seeking = TRUE;
  if (!seek_to (self, frame_target (self, frame_at (self, time), time), self->rate))
    {
      self->seeking = FALSE;
      gtk_media_stream_seek_failed (stream);
    }
}

static void
ingest_player_stream_update_audio (GtkMediaStream *stream,
                                   gboolean        muted,
                                   double          volume)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (stream);

  g_object_set (self->pipeline, "mute", muted, "volume", volume, NULL);
}

/*
 * GObject
 */

static void
ingest_player_stream_constructed (GObject *object)
{
  IngestPlayerStream *self = (IngestPlayerStream *) object;
  g_autofree char *uri = NULL;
  g_autoptr(GstBus) bus = NULL;
  /* video | audio | soft-volume: no subtitles, no colour balance, no deinterlacer */
  guint flags = (1 << 0) | (1 << 1) | (1 << 4);

  G_OBJECT_CLASS (ingest_player_stream_parent_class)->constructed (object);

  g_assert (self->file != NULL);
  uri = g_file_get_uri (self->file);
  self->pipeline = gst_object_ref_sink (make_element ("playbin", NULL));
  g_object_set (self->pipeline,
                "uri", uri,
                "flags", flags,
                "video-sink", make_video_sink (self),
                "audio-sink", make_audio_sink (self),
                NULL);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  /* Preroll: the first frame shows, and the stream is prepared. */
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

static void
ingest_player_stream_dispose (GObject *object)
{
  IngestPlayerStream *self = (IngestPlayerStream *) object;

  if (self->pipeline != NULL)
    {
      /* Joins the streaming threads: no frame is put into the slot after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_handle_id (&self->bus_watch, g_source_remove);
      self->capsfilter = NULL;
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (ingest_player_stream_parent_class)->dispose (object);
}

static void
ingest_player_stream_finalize (GObject *object)
{
  IngestPlayerStream *self = (IngestPlayerStream *) object;

  g_clear_pointer (&self->slot, frame_slot_release);
  g_clear_object (&self->file);
  g_free (self->timecode);

  G_OBJECT_CLASS (ingest_player_stream_parent_class)->finalize (object);
}

static void
ingest_player_stream_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_AUDIO_OUTPUT:
      g_value_set_enum (value, self->output);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_TIMECODE:
      g_value_set_string (value, self->timecode);
      break;

    case PROP_FRAME:
      g_value_set_int64 (value, self->frame);
      break;

    case PROP_N_CHANNELS:
      g_value_set_uint (value, self->n_channels);
      break;

    case PROP_LEVELS:
      {
        g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(dd)"));

        for (guint i = 0; i < self->n_channels; i++)
          g_variant_builder_add (&builder, "(dd)", self->peak[i], self->rms[i]);
        g_value_set_variant (value, g_variant_builder_end (&builder));
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_player_stream_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IngestPlayerStream *self = INGEST_PLAYER_STREAM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    case PROP_AUDIO_OUTPUT:
      self->output = g_value_get_enum (value);
      break;

    case PROP_RATE:
      ingest_player_stream_set_rate (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_player_stream_class_init (IngestPlayerStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkMediaStreamClass *stream_class = GTK_MEDIA_STREAM_CLASS (klass);

  object_class->constructed = ingest_player_stream_constructed;
  object_class->dispose = ingest_player_stream_dispose;
  object_class->finalize = ingest_player_stream_finalize;
  object_class->get_property = ingest_player_stream_get_property;
  object_class->set_property = ingest_player_stream_set_property;

  stream_class->play = ingest_player_stream_play;
  stream_class->pause = ingest_player_stream_pause;
  stream_class->seek = ingest_player_stream_seek;
  stream_class->update_audio = ingest_player_stream_update_audio;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUDIO_OUTPUT] =
    g_param_spec_enum ("audio-output", NULL, NULL,
                       INGEST_TYPE_PLAYER_AUDIO_OUTPUT,
                       INGEST_PLAYER_AUDIO_OUTPUT_DEVICE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL,
                         -64, 64, 1,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMECODE] =
    g_param_spec_string ("timecode", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FRAME] =
    g_param_spec_int64 ("frame", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_CHANNELS] =
    g_param_spec_uint ("n-channels", NULL, NULL,
                       0, INGEST_PLAYER_MAX_CHANNELS, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* (peak, RMS) in dBFS per channel, as the level meter last measured
   * them (every 50 ms while sound plays); also ingest_player_stream_get_peak()
   * and _get_rms(). */
  properties[PROP_LEVELS] =
    g_param_spec_variant ("levels", NULL, NULL,
                          G_VARIANT_TYPE ("a(dd)"), NULL,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_player_stream_init (IngestPlayerStream *self)
{
  self->rate = 1.0;
  self->frame = -1;
  self->shown_time = 0;
  self->slot = frame_slot_new (self);
  for (guint i = 0; i < INGEST_PLAYER_MAX_CHANNELS; i++)
    self->peak[i] = self->rms[i] = -INFINITY;
}

/*
 * Public API
 */

IngestPlayerAudioOutput
ingest_player_audio_output_default (void)
{
  return g_strcmp0 (g_getenv ("INGEST_AUDIO_SINK"), "fake") == 0
         ? INGEST_PLAYER_AUDIO_OUTPUT_SILENT : INGEST_PLAYER_AUDIO_OUTPUT_DEVICE;
}

/**
 * ingest_player_stream_new:
 * @file: a movie GStreamer decodes (a proxy)
 * @output: where the sound goes
 *
 * Starts prerolling at once: the first frame shows and the stream becomes
 * prepared (or reports an error) from the main context.
 */
IngestPlayerStream *
ingest_player_stream_new (GFile                   *file,
                          IngestPlayerAudioOutput  output)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (INGEST_TYPE_PLAYER_STREAM, "file", file, "audio-output", output, NULL);
}

GFile *
ingest_player_stream_get_file (IngestPlayerStream *self)
{
  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), NULL);

  return self->file;
}

void
ingest_player_stream_set_timecode_start (IngestPlayerStream   *self,
                                         const IngestTimecode *start)
{
  g_return_if_fail (INGEST_IS_PLAYER_STREAM (self));

  self->has_tc_start = start != NULL;
  if (start != NULL)
    self->tc_start = *start;
  if (self->texture != NULL)
    set_frame_time (self, self->shown_time);
  else
    update_timecode (self);
}

const char *
ingest_player_stream_get_timecode (IngestPlayerStream *self)
{
  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), NULL);

  return self->timecode;
}

gint64
ingest_player_stream_get_frame (IngestPlayerStream *self)
{
  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), -1);

  return self->frame;
}

void
ingest_player_stream_set_max_size (IngestPlayerStream *self,
                                   int                 width,
                                   int                 height)
{
  g_return_if_fail (INGEST_IS_PLAYER_STREAM (self));

  width = width > 0 ? (width + BOX_STEP - 1) / BOX_STEP * BOX_STEP : 0;
  height = height > 0 ? (height + BOX_STEP - 1) / BOX_STEP * BOX_STEP : 0;
  if (width == self->max_width && height == self->max_height)
    return;
  self->max_width = width;
  self->max_height = height;
  apply_box (self);
  /* Paused, the frame shown is decoded again at the new size (playing, the
   * next frame is). In reverse that seek would show the frame before. */
  if (self->prepared && self->texture != NULL && self->rate > 0 &&
      !gtk_media_stream_get_playing (GTK_MEDIA_STREAM (self)) && !self->seeking)
    seek_to (self, frame_target (self, self->frame, self->shown_time), self->rate);
}

double
ingest_player_stream_get_rate (IngestPlayerStream *self)
{
  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), 1.0);

  return self->rate;
}

void
ingest_player_stream_set_rate (IngestPlayerStream *self,
                               double              rate)
{
  g_return_if_fail (INGEST_IS_PLAYER_STREAM (self));
  g_return_if_fail (rate != 0);

  if (rate == self->rate)
    return;
  self->rate = rate;
  if (self->prepared)
    seek_to (self, frame_target (self, self->frame, self->shown_time), rate);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

double
ingest_player_stream_query_pipeline_rate (IngestPlayerStream *self)
{
  g_autoptr(GstQuery) query = gst_query_new_segment (GST_FORMAT_TIME);
  double rate = 0;

  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), 0);

  if (gst_element_query (self->pipeline, query))
    gst_query_parse_segment (query, &rate, NULL, NULL, NULL);
  return rate;
}

void
ingest_player_stream_step (IngestPlayerStream *self,
                           int                 direction)
{
  g_return_if_fail (INGEST_IS_PLAYER_STREAM (self));
  g_return_if_fail (direction == 1 || direction == -1);

  if (!self->prepared)
    return;
  gtk_media_stream_pause (GTK_MEDIA_STREAM (self));
  self->stepped = TRUE;

  if (direction > 0 && self->rate == 1.0)
    {
      gst_element_send_event (self->pipeline, gst_event_new_step (GST_FORMAT_BUFFERS, 1, 1.0, TRUE, FALSE));
      return;
    }

  /* Back (or forward out of a shuttle): an accurate seek into that frame. */
  if (self->rate != 1.0)
    {
      self->rate = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
  seek_to (self, frame_target (self, MAX (self->frame + direction, 0), self->shown_time), 1.0);
}

guint
ingest_player_stream_get_n_channels (IngestPlayerStream *self)
{
  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), 0);

  return self->n_channels;
}

double
ingest_player_stream_get_peak (IngestPlayerStream *self,
                               guint               channel)
{
  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), -INFINITY);
  g_return_val_if_fail (channel < INGEST_PLAYER_MAX_CHANNELS, -INFINITY);

  return self->peak[channel];
}

double
ingest_player_stream_get_rms (IngestPlayerStream *self,
                              guint               channel)
{
  g_return_val_if_fail (INGEST_IS_PLAYER_STREAM (self), -INFINITY);
  g_return_val_if_fail (channel < INGEST_PLAYER_MAX_CHANNELS, -INFINITY);

  return self->rms[channel];
}

void
ingest_player_stream_get_frame_rate (IngestPlayerStream *self,
                                     guint              *num,
                                     guint              *den)
{
  g_return_if_fail (INGEST_IS_PLAYER_STREAM (self));

  if (num != NULL)
    *num = self->fps_num;
  if (den != NULL)
    *den = self->fps_den > 0 ? self->fps_den : 1;
}
