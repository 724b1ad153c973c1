/* fuzz-sequence-src.c
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

/* libFuzzer harness: any input as a frame for the sequence source (first
 * byte even: an EXR through the OpenEXR C API and our chunk walk; odd: a
 * DNG through LibRaw), decoded by a real pipeline to a fakesink. Besides
 * memory safety: a refusal is an INGEST_PROXY_ERROR, a frame that fails is
 * a stream error, the pipeline ends (EOS or error) within 10 s, and a
 * picture that decodes is one frame of the size the caps said. */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ingest-proxy.h"
#include "ingest-sequence-src.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint frames;

static void
handoff_cb (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            gpointer    user_data)
{
  frames++;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static char *dir;
  g_autofree char *path = NULL;
  char *files[2] = { NULL, NULL };
  IngestProxySource source = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  GstElement *src, *sink;

  if (size < 1)
    return 0;
  if (dir == NULL)
    {
      ingest_init_gstreamer ();
      dir = g_dir_make_tmp ("fuzz-sequence-src-XXXXXX", NULL);
      g_assert (dir != NULL);
    }
  path = g_build_filename (dir, data[0] % 2 == 0 ? "F_0001.exr" : "F_0001.dng", NULL);
  g_assert (g_file_set_contents (path, (const char *) data + 1, size - 1, NULL));

  files[0] = path;
  source.clip_name = (char *) "fuzz";
  source.kind = INGEST_CLIP_KIND_STILL;
  source.files = files;
  source.squeeze = 1.0;
  src = ingest_sequence_src_new (&source, 960, &error);
  if (src == NULL)
    {
      g_assert (error != NULL && error->domain == INGEST_PROXY_ERROR);
      return 0;
    }

  frames = 0;
  pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (sink, "signal-handoffs", TRUE, "sync", FALSE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (handoff_cb), NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, sink, NULL);
  g_assert (gst_element_link (src, sink));
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert (message != NULL);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) stream_error = NULL;

      gst_message_parse_error (message, &stream_error, NULL);
      g_assert (stream_error->domain == GST_STREAM_ERROR || stream_error->domain == GST_RESOURCE_ERROR);
      g_assert (frames == 0);
    }
  else
    {
      g_assert (frames == 1);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return 0;
}
