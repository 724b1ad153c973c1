/* ingest-look-filter.h
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

#include "ingest-look.h"

G_BEGIN_DECLS

/* "ingestlook": a GstVideoFilter applying an IngestLook (property "look")
 * in place to packed 8-bit RGB (RGBx, BGRx, xRGB, xBGR, RGBA, BGRA, ARGB,
 * ABGR, RGB, BGR; alpha left alone). Without a look, or with one that
 * changes nothing, it is a passthrough. The look may be changed while
 * playing; the next frame uses it. */
#define INGEST_TYPE_LOOK_FILTER (ingest_look_filter_get_type ())

G_DECLARE_FINAL_TYPE (IngestLookFilter, ingest_look_filter, INGEST, LOOK_FILTER, GstVideoFilter)

gboolean    ingest_look_filter_register (void);
GstElement *ingest_look_filter_new      (IngestLook       *look);
void        ingest_look_filter_set_look (IngestLookFilter *self,
                                         IngestLook       *look);
IngestLook *ingest_look_filter_dup_look (IngestLookFilter *self);

G_END_DECLS
