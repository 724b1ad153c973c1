/* ingest-sequence-src.h
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

#include <gst/gst.h>

#include "ingest-proxy-source.h"

G_BEGIN_DECLS

/**
 * ingest_sequence_src_new:
 * @source: a %INGEST_CLIP_KIND_SEQUENCE clip of DNG or EXR frames (or a
 *   %INGEST_CLIP_KIND_STILL: one frame)
 * @max_width: the largest width the consumer needs (the proxy preset's):
 *   raw frames may be decoded at half size when that is still larger
 * @error: %INGEST_PROXY_ERROR_NOT_DECODABLE for frames nothing here reads,
 *   %INGEST_PROXY_ERROR_INVALID for facts that cannot be a picture
 *
 * A source element for a proxy pipeline: it decodes each frame file in
 * order (DNG through LibRaw, EXR through the OpenEXR C API), one at a
 * time, and pushes raw video (video/x-raw, a packed RGB format, square
 * pixels) timestamped at @source's frame rate (24 fps when none is known),
 * from 0. A missing frame repeats the previous one, so the proxy keeps the
 * sequence's length and timecode. A frame that fails to decode is a
 * stream error naming the file.
 *
 * Returns: (transfer floating): the element, or %NULL with @error
 */
GstElement *ingest_sequence_src_new (const IngestProxySource *source,
                                     guint                    max_width,
                                     GError                 **error);

/* Whether PATH's name is a frame format the source reads (EXR, or a raw
 * LibRaw opens: DNG, CR2, CR3, NEF, ARW, RAF, RW2, ORF), without opening
 * it. */
gboolean    ingest_sequence_src_can_decode (const char *path);

G_END_DECLS
