/* ingest-proxy-stills.c
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

#define G_LOG_DOMAIN "ingest-proxy-stills"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "ingest-gst-init.h"
#include "ingest-proxy-error.h"
#include "ingest-proxy-stills-private.h"

/* The poster and the filmstrip come from one decoding pipeline held in
 * PAUSED: each still is a flushing seek after which the appsink prerolls
 * on the frame at that time, decoded to RGB at the movie's own size. The
 * stills are scaled to square pixels here (GstVideoConverter, the cells
 * straight into the strip) and encoded by jpegenc, so the JPEG's colours
 * come from libjpeg's own RGB conversion.
 *
 * The pipeline's bus, the watchdog and the cancellable are sources of a
 * main context of this call's own, iterated in the calling thread. */

/* The elements the stills need: missing ones are said up front. */
static const char * const required_elements[] = {
  "filesrc", "decodebin", "videoconvert", "appsink", "jpegenc",
};

#define NO_PICTURE_MESSAGE "ingest-stills-no-picture"

typedef struct
{
  const char   *movie_path;
  GMainContext *context;
  GstElement   *pipeline;
  GstElement   *convert;
  GstAppSink   *sink;
  GSource      *bus_watch;
  guint         stall_ms;
  int           picture_linked;  /* atomic: set by decodebin's streaming thread */

  /* What ends a wait */
  gboolean      prerolled;
  GError       *error;
} Stills;

static void
stills_clear (Stills *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != NULL)
    g_source_destroy (self->bus_watch);
  g_clear_pointer (&self->bus_watch, g_source_unref);
  g_clear_object (&self->sink);
  g_clear_object (&self->pipeline);
  g_clear_error (&self->error);
}

/* Even and at least 2: what the encoders and the cells' layout need. */
static int
round_even (double value)
{
  int even = 2 * (int) (value / 2.0 + 0.5);

  return MAX (even, 2);
}

static GError *
stills_error_from_message (Stills     *self,
                           GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  IngestProxyError code = INGEST_PROXY_ERROR_DECODE;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("%s: %s (%s)", self->movie_path, gst_error->message, debug);

  if (gst_error->domain == GST_STREAM_ERROR &&
      (gst_error->code == GST_STREAM_ERROR_TYPE_NOT_FOUND ||
       gst_error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND ||
       gst_error->code == GST_STREAM_ERROR_WRONG_TYPE))
    code = INGEST_PROXY_ERROR_NOT_DECODABLE;
  else if (gst_error->domain == GST_CORE_ERROR && gst_error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    code = INGEST_PROXY_ERROR_NOT_DECODABLE;
  else if (gst_error->domain == GST_RESOURCE_ERROR)
    code = INGEST_PROXY_ERROR_IO;

  return g_error_new (INGEST_PROXY_ERROR, code,
                      _("No poster or filmstrip from “%s”: %s"),
                      self->movie_path, gst_error->message);
}

static gboolean
stills_bus_cb (GstBus     *bus,
               GstMessage *message,
               gpointer    user_data)
{
  Stills *self = user_data;

  /* Only the pipeline's own ASYNC_DONE: it has prerolled as a whole. */
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR && self->error == NULL)
    self->error = stills_error_from_message (self, message);
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ASYNC_DONE &&
           GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
    self->prerolled = TRUE;
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_APPLICATION && self->error == NULL &&
           gst_message_has_name (message, NO_PICTURE_MESSAGE))
    self->error = g_error_new (INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                               _("No poster or filmstrip from “%s”: it has no picture"),
                               self->movie_path);

  return G_SOURCE_CONTINUE;
}

static gboolean
stills_stalled_cb (gpointer user_data)
{
  Stills *self = user_data;

  if (self->error == NULL)
    self->error = g_error_new (INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_STALLED,
                               _("No poster or filmstrip from “%s”: decoding made no progress in %u s"),
                               self->movie_path, self->stall_ms / 1000);
  return G_SOURCE_REMOVE;
}

static gboolean
stills_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Stills *self = user_data;

  if (self->error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &self->error);
  return G_SOURCE_REMOVE;
}

/* The first picture stream goes to the sink; the others stay unlinked. */
static void
stills_pad_added_cb (GstElement *decodebin,
                     GstPad     *pad,
                     gpointer    user_data)
{
  Stills *self = user_data;
  g_autoptr(GstCaps) caps = gst_pad_query_caps (pad, NULL);
  g_autoptr(GstPad) sink_pad = NULL;
  const char *media;

  if (gst_caps_is_empty (caps) || gst_caps_is_any (caps))
    return;
  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (!g_str_has_prefix (media, "video/") || g_atomic_int_get (&self->picture_linked))
    return;

  sink_pad = gst_element_get_static_pad (self->convert, "sink");
  if (gst_pad_link (pad, sink_pad) == GST_PAD_LINK_OK)
    g_atomic_int_set (&self->picture_linked, TRUE);
}

/* A movie without a picture would never preroll: said on the bus at once. */
static void
stills_no_more_pads_cb (GstElement *decodebin,
                        gpointer    user_data)
{
  Stills *self = user_data;

  if (!g_atomic_int_get (&self->picture_linked))
    gst_element_post_message (decodebin,
                              gst_message_new_application (GST_OBJECT (decodebin),
                                                           gst_structure_new_empty (NO_PICTURE_MESSAGE)));
}

static gboolean
stills_build (Stills      *self,
              const char  *movie_path,
              GError     **error)
{
  GstElement *source;
  GstElement *decode;
  GstElement *sink;
  g_autoptr(GstCaps) rgb = NULL;
  g_autoptr(GstBus) bus = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (required_elements); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (required_elements[i]);

      if (factory == NULL)
        return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_MISSING_ELEMENT,
                            _("The GStreamer element “%s” is not installed (posters and filmstrips need it)"),
                            required_elements[i]), FALSE;
    }

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("stills"));
  source = gst_element_factory_make ("filesrc", NULL);
  decode = gst_element_factory_make ("decodebin", NULL);
  self->convert = gst_element_factory_make ("videoconvert", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), source, decode, self->convert, sink, NULL);
  self->sink = GST_APP_SINK (gst_object_ref (sink));

  g_object_set (source, "location", movie_path, NULL);
  rgb = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGB", NULL);
  /* Never played: prerolled frames are all it gives. */
  g_object_set (sink, "caps", rgb, "sync", FALSE, "enable-last-sample", FALSE, NULL);
  if (!gst_element_link (source, decode) || !gst_element_link (self->convert, sink))
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_MISSING_ELEMENT,
                        _("The stills pipeline could not be linked")), FALSE;
  g_signal_connect (decode, "pad-added", G_CALLBACK (stills_pad_added_cb), self);
  g_signal_connect (decode, "no-more-pads", G_CALLBACK (stills_no_more_pads_cb), self);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, (GSourceFunc) stills_bus_cb, self, NULL);
  g_source_attach (self->bus_watch, self->context);
  return TRUE;
}

/* Iterates the context until the pipeline has prerolled, fails, stalls or
 * is cancelled. The watchdog restarts with every wait: each still is
 * progress. */
static gboolean
stills_wait_preroll (Stills        *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GSource) stall = g_timeout_source_new (self->stall_ms);
  g_autoptr(GSource) cancel = NULL;

  g_source_set_callback (stall, stills_stalled_cb, self, NULL);
  g_source_attach (stall, self->context);
  if (cancellable != NULL)
    {
      cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel, (GSourceFunc) stills_cancelled_cb, self, NULL);
      g_source_attach (cancel, self->context);
    }

  while (!self->prerolled && self->error == NULL)
    g_main_context_iteration (self->context, TRUE);

  g_source_destroy (stall);
  if (cancel != NULL)
    g_source_destroy (cancel);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

/* The frame at @position, as the appsink prerolled on it. */
static GstSample *
stills_grab (Stills                 *self,
             GstClockTime            position,
             IngestProxyStillsSeek   seek,
             GCancellable           *cancellable,
             GError                **error)
{
  GstSeekFlags flags = GST_SEEK_FLAG_FLUSH;
  GstSample *sample;

  if (seek == INGEST_PROXY_STILLS_SEEK_ACCURATE)
    flags |= GST_SEEK_FLAG_ACCURATE;
  else
    flags |= GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_NEAREST;

  self->prerolled = FALSE;
  if (!gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME, flags, position))
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                        _("No poster or filmstrip from “%s”: it cannot be searched (to %.2f s)"),
                        self->movie_path, (double) position / GST_SECOND), NULL;
  if (!stills_wait_preroll (self, cancellable, error))
    return NULL;

  sample = gst_app_sink_try_pull_preroll (self->sink, 0);
  if (sample == NULL)
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                        _("No poster or filmstrip from “%s”: no picture at %.2f s"),
                        self->movie_path, (double) position / GST_SECOND), NULL;
  return sample;
}

/* Scales @sample into the rectangle (@x, 0, @width, @height) of @out,
 * leaving the rest of @out as it is. */
static gboolean
stills_scale_into (GstSample      *sample,
                   GstVideoFrame  *out,
                   int             x,
                   int             width,
                   int             height)
{
  GstVideoConverter *converter;
  GstVideoFrame in;
  GstVideoInfo info;
  GstVideoInfo out_info;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&in, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return FALSE;

  /* The converter scales pictures, not time: the rates must agree. */
  out_info = out->info;
  out_info.fps_n = info.fps_n;
  out_info.fps_d = info.fps_d;
  out_info.interlace_mode = info.interlace_mode;
  converter = gst_video_converter_new (&info, &out_info,
                                       gst_structure_new ("config",
                                                          GST_VIDEO_CONVERTER_OPT_DEST_X, G_TYPE_INT, x,
                                                          GST_VIDEO_CONVERTER_OPT_DEST_Y, G_TYPE_INT, 0,
                                                          GST_VIDEO_CONVERTER_OPT_DEST_WIDTH, G_TYPE_INT, width,
                                                          GST_VIDEO_CONVERTER_OPT_DEST_HEIGHT, G_TYPE_INT, height,
                                                          /* the other cells are already there */
                                                          GST_VIDEO_CONVERTER_OPT_FILL_BORDER, G_TYPE_BOOLEAN, FALSE,
                                                          GST_VIDEO_CONVERTER_OPT_THREADS, G_TYPE_UINT, 1,
                                                          NULL));
  if (converter != NULL)
    {
      gst_video_converter_frame (converter, &in, out);
      gst_video_converter_free (converter);
    }
  gst_video_frame_unmap (&in);
  return converter != NULL;
}

/* An RGB frame of @width × @height (square pixels) to be filled. */
static GstBuffer *
stills_new_frame (GstVideoInfo *info,
                  int           width,
                  int           height)
{
  gst_video_info_set_format (info, GST_VIDEO_FORMAT_RGB, width, height);
  return gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
}

static gboolean
stills_write_jpeg (Stills              *self,
                   GstBuffer           *buffer,
                   const GstVideoInfo  *info,
                   const char          *what,
                   const char          *path,
                   GError             **error)
{
  g_autoptr(GstCaps) caps = gst_video_info_to_caps (info);
  g_autoptr(GstCaps) jpeg_caps = NULL;
  g_autoptr(GstSample) sample = gst_sample_new (buffer, caps, NULL, NULL);
  g_autoptr(GstSample) jpeg = NULL;
  g_autoptr(GError) local_error = NULL;
  GstMapInfo map;
  gboolean written;

  jpeg_caps = gst_caps_new_simple ("image/jpeg",
                                   "width", G_TYPE_INT, GST_VIDEO_INFO_WIDTH (info),
                                   "height", G_TYPE_INT, GST_VIDEO_INFO_HEIGHT (info),
                                   "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                   NULL);
  /* A pipeline of its own (appsrc ! jpegenc ! appsink) with a deadline. */
  jpeg = gst_video_convert_sample (sample, jpeg_caps, (GstClockTime) self->stall_ms * GST_MSECOND, &local_error);
  if (jpeg == NULL)
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                        _("The %s of “%s” could not be encoded: %s"),
                        what, self->movie_path, local_error != NULL ? local_error->message : "?"), FALSE;

  if (!gst_buffer_map (gst_sample_get_buffer (jpeg), &map, GST_MAP_READ))
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                        _("The %s of “%s” could not be encoded"), what, self->movie_path), FALSE;
  written = g_file_set_contents_full (path, (const char *) map.data, map.size,
                                      G_FILE_SET_CONTENTS_NONE, 0666, &local_error);
  gst_buffer_unmap (gst_sample_get_buffer (jpeg), &map);
  if (!written)
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                        _("The %s could not be written: %s"), what, local_error->message), FALSE;
  return TRUE;
}

static gboolean
stills_make (Stills                     *self,
             const IngestProxySettings  *settings,
             IngestProxyStillsSeek       seek,
             const char                 *poster_path,
             const char                 *filmstrip_path,
             GCancellable               *cancellable,
             GError                    **error)
{
  g_autoptr(GstSample) poster = NULL;
  g_autoptr(GstBuffer) strip = NULL;
  GstVideoInfo info, poster_info, strip_info;
  GstVideoFrame strip_frame;
  GstClockTime position;
  gint64 duration = 0;
  double display_aspect;
  int poster_width, cell_width, cell_height;
  guint n = settings->filmstrip_frames;

  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  if (!stills_wait_preroll (self, cancellable, error))
    return FALSE;
  if (!gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) || duration <= 0)
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                        _("No poster or filmstrip from “%s”: its length is not known"),
                        self->movie_path), FALSE;

  /* Not past the last frame: a seek to the very end finds none. */
  position = (GstClockTime) (CLAMP (settings->poster_offset, 0.0, 1.0) * duration);
  poster = stills_grab (self, MIN (position, (GstClockTime) duration - 1), seek, cancellable, error);
  if (poster == NULL)
    return FALSE;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (poster)))
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                        _("No poster or filmstrip from “%s”: its picture has no size"),
                        self->movie_path), FALSE;

  /* Square pixels at the display aspect: an anamorphic proxy is widened. */
  display_aspect = (double) info.width * info.par_n / ((double) info.height * info.par_d);
  if (info.par_n == info.par_d)
    {
      if (!stills_write_jpeg (self, gst_sample_get_buffer (poster), &info, _("poster"), poster_path, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GstBuffer) square = NULL;
      GstVideoFrame frame;
      gboolean scaled;

      poster_width = round_even (info.height * display_aspect);
      square = stills_new_frame (&poster_info, poster_width, info.height);
      if (!gst_video_frame_map (&frame, &poster_info, square, GST_MAP_WRITE))
        return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                            _("Out of memory for the poster of “%s”"), self->movie_path), FALSE;
      scaled = stills_scale_into (poster, &frame, 0, poster_width, info.height);
      gst_video_frame_unmap (&frame);
      if (!scaled)
        return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                            _("The poster of “%s” could not be scaled"), self->movie_path), FALSE;
      if (!stills_write_jpeg (self, square, &poster_info, _("poster"), poster_path, error))
        return FALSE;
    }

  cell_height = settings->filmstrip_height;
  cell_width = round_even (cell_height * display_aspect);
  strip = stills_new_frame (&strip_info, cell_width * n, cell_height);
  if (!gst_video_frame_map (&strip_frame, &strip_info, strip, GST_MAP_WRITE))
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                        _("Out of memory for the filmstrip of “%s”"), self->movie_path), FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstSample) cell = NULL;

      position = gst_util_uint64_scale (duration, 2 * i + 1, 2 * n);
      cell = stills_grab (self, position, seek, cancellable, error);
      if (cell == NULL || !stills_scale_into (cell, &strip_frame, i * cell_width, cell_width, cell_height))
        {
          gst_video_frame_unmap (&strip_frame);
          return cell == NULL ? FALSE : (g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                                                      _("The filmstrip of “%s” could not be scaled"),
                                                      self->movie_path), FALSE);
        }
    }
  gst_video_frame_unmap (&strip_frame);

  return stills_write_jpeg (self, strip, &strip_info, _("filmstrip"), filmstrip_path, error);
}

gboolean
_ingest_proxy_stills_make_full (const char                *movie_path,
                                const IngestProxySettings *settings,
                                IngestProxyStillsSeek      seek,
                                const char                *poster_path,
                                const char                *filmstrip_path,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  g_autoptr(GMainContext) context = NULL;
  Stills self = { 0 };
  gboolean made;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (movie_path != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (settings->filmstrip_frames > 0, FALSE);
  g_return_val_if_fail (settings->filmstrip_height >= 2, FALSE);
  g_return_val_if_fail (poster_path != NULL, FALSE);
  g_return_val_if_fail (filmstrip_path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* filesrc would block opening a FIFO, and say less about a missing file. */
  if (!g_file_test (movie_path, G_FILE_TEST_IS_REGULAR))
    return g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                        g_file_test (movie_path, G_FILE_TEST_EXISTS)
                        ? _("No poster or filmstrip from “%s”: it is not a file")
                        : _("No poster or filmstrip from “%s”: there is no such file"),
                        movie_path), FALSE;

  ingest_init_gstreamer ();
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  self.movie_path = movie_path;
  self.context = context;
  self.stall_ms = MAX (settings->stall_seconds, 1) * 1000;

  made = stills_build (&self, movie_path, error) &&
         stills_make (&self, settings, seek, poster_path, filmstrip_path, cancellable, error);

  stills_clear (&self);
  g_main_context_pop_thread_default (context);

  g_debug ("Stills of %s: %s in %.3f s", movie_path, made ? "made" : "failed",
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return made;
}

gboolean
ingest_proxy_stills_make_sync (const char                *movie_path,
                               const IngestProxySettings *settings,
                               const char                *poster_path,
                               const char                *filmstrip_path,
                               GCancellable              *cancellable,
                               GError                   **error)
{
  return _ingest_proxy_stills_make_full (movie_path, settings, INGEST_PROXY_STILLS_SEEK_ACCURATE,
                                         poster_path, filmstrip_path, cancellable, error);
}
