/* ingest-box-scale.h
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

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

/* "ingestboxscale": a first, cheap step down for proxies. A progressive
 * planar YUV picture (8- or 10-bit, 4:2:0, 4:2:2 or 4:4:4) at least twice
 * (or four times) as large as the picture the proxy needs — given by the
 * properties max-width, max-height and squeeze, fitted as the maker fits
 * it — becomes 8-bit I420 at a half (or a quarter) of its size, each sample
 * the mean of the box it covers. What follows (videoconvertscale) then
 * scales an 8-bit picture of a quarter of the pixels, or passes it through.
 * Anything else — interlaced (fields must not be mixed), other formats, a
 * picture not large enough or not divisible — passes through untouched. */
#define INGEST_TYPE_BOX_SCALE (ingest_box_scale_get_type ())

G_DECLARE_FINAL_TYPE (IngestBoxScale, ingest_box_scale, INGEST, BOX_SCALE, GstVideoFilter)

gboolean    ingest_box_scale_register (void);
GstElement *ingest_box_scale_new      (guint  max_width,
                                       guint  max_height,
                                       double squeeze);

G_END_DECLS
