/* ingest-look.h
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

#include "ingest-cube-lut.h"

G_BEGIN_DECLS

/**
 * IngestLook:
 *
 * What a proxy's pictures go through: an optional ASC CDL (slope, offset,
 * power per channel, then saturation, as ASC CDL v1.2 defines them with its
 * clamps to 0..1 and Rec. 709 luma weights), then an optional 3D LUT.
 * Immutable once made (reference counted), so a pipeline's streaming thread
 * may hold it.
 */
typedef struct _IngestLook IngestLook;

GType          ingest_look_get_type          (void) G_GNUC_CONST;
#define INGEST_TYPE_LOOK (ingest_look_get_type ())

IngestLook    *ingest_look_new               (const double    slope[3],
                                              const double    offset[3],
                                              const double    power[3],
                                              double          saturation,
                                              IngestCubeLut  *lut,
                                              GError        **error);
IngestLook    *ingest_look_new_from_cdl      (const double    slope[3],
                                              const double    offset[3],
                                              const double    power[3],
                                              double          saturation,
                                              GError        **error);
IngestLook    *ingest_look_new_from_cube_lut (IngestCubeLut  *lut);
IngestLook    *ingest_look_new_from_cdl_file (const char     *path,
                                              const char     *id,
                                              GError        **error);
IngestLook    *ingest_look_new_from_cdl_bytes (GBytes        *bytes,
                                              const char     *name,
                                              const char     *id,
                                              GError        **error);
IngestLook    *ingest_look_new_from_file     (const char     *path,
                                              GError        **error);
IngestLook    *ingest_look_ref               (IngestLook     *self);
void           ingest_look_unref             (IngestLook     *self);

const char    *ingest_look_get_name          (IngestLook     *self);
gboolean       ingest_look_get_cdl           (IngestLook     *self,
                                              double          slope[3],
                                              double          offset[3],
                                              double          power[3],
                                              double         *saturation);
IngestCubeLut *ingest_look_get_cube_lut      (IngestLook     *self);
gboolean       ingest_look_is_identity       (IngestLook     *self);
void           ingest_look_apply             (IngestLook     *self,
                                              const float     rgb_in[3],
                                              float           rgb_out[3]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestLook, ingest_look_unref)

G_END_DECLS
