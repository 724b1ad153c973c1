/* ingest-proxy-source.h
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

#pragma once

#include <glib-object.h>

#include "ingest.h"

G_BEGIN_DECLS

#define INGEST_TYPE_PROXY_SOURCE (ingest_proxy_source_get_type ())

/**
 * IngestProxySource:
 * @clip_name: the clip's name: the proxy is `<clip_name>.mov` and carries
 *   it, so editorial relinks
 * @roll_name: the roll (camera card), burned in beside the clip name
 * @reel: the reel name the proxy's timecode track carries (the clip's
 *   reel field, else the roll name)
 * @production: the production, for the watermark (or %NULL)
 * @kind: what the clip is
 * @files: absolute paths, %NULL-terminated: the media file first (a movie
 *   clip's other files follow: sidecars, spans), or, for a sequence, every
 *   frame file in frame order
 * @codec: the codec the metadata names (or %NULL)
 * @fps_num: the frame rate as a fraction (0/0: unknown)
 * @fps_den: see @fps_num
 * @has_tc: whether @tc_start holds the source timecode
 * @tc_start: the source timecode of the first frame
 * @frames: frames in the clip (0: unknown)
 * @frame_first: a sequence's first frame number (with @frame_last)
 * @frame_last: a sequence's last frame number; frames between without a
 *   file are missing (the proxy holds the previous frame)
 * @width: the stored picture size (0: unknown)
 * @height: see @width
 * @squeeze: the anamorphic squeeze the metadata gives (1.0 otherwise): the
 *   proxy is stretched by it on top of the container's pixel aspect
 *
 * One clip as the proxy maker needs it: plain data, made from an
 * #IngestClip on the thread that owns the clip, then read by a worker.
 */
typedef struct
{
  char           *clip_name;
  char           *roll_name;
  char           *reel;
  char           *production;
  IngestClipKind  kind;
  GStrv           files;
  char           *codec;
  guint           fps_num;
  guint           fps_den;
  gboolean        has_tc;
  IngestTimecode  tc_start;
  gint64          frames;
  gint64          frame_first;
  gint64          frame_last;
  guint           width;
  guint           height;
  double          squeeze;
} IngestProxySource;

GType              ingest_proxy_source_get_type     (void) G_GNUC_CONST;
IngestProxySource *ingest_proxy_source_new_for_clip (IngestClip              *clip,
                                                     const char              *roll_root);
IngestProxySource *ingest_proxy_source_copy         (const IngestProxySource *self);
void               ingest_proxy_source_free         (IngestProxySource       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestProxySource, ingest_proxy_source_free)

G_END_DECLS
