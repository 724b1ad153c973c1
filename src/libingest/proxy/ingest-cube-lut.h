/* ingest-cube-lut.h
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

G_BEGIN_DECLS

/* The largest LUT_3D_SIZE read (65³ entries, 3.3 MB of floats) and the
 * largest .cube file (a 65³ file of long numbers is about 12 MB). */
#define INGEST_CUBE_LUT_MAX_SIZE 65
#define INGEST_CUBE_LUT_MAX_FILE_SIZE (64 * 1024 * 1024)

/**
 * IngestCubeLut:
 *
 * A 3D LUT read from an Adobe / DaVinci Resolve `.cube` file: SIZE³ RGB
 * entries, red index fastest, over the input domain DOMAIN_MIN..DOMAIN_MAX
 * (0..1 unless the file says otherwise), applied with tetrahedral
 * interpolation. Immutable once made (reference counted), so it may be
 * shared between threads.
 */
typedef struct _IngestCubeLut IngestCubeLut;

GType          ingest_cube_lut_get_type        (void) G_GNUC_CONST;
#define INGEST_TYPE_CUBE_LUT (ingest_cube_lut_get_type ())

IngestCubeLut *ingest_cube_lut_new_from_file   (const char     *path,
                                                GError        **error);
IngestCubeLut *ingest_cube_lut_new_from_bytes  (GBytes         *bytes,
                                                const char     *name,
                                                GError        **error);
IngestCubeLut *ingest_cube_lut_new_from_data   (guint           size,
                                                const float    *rgb,
                                                const float     domain_min[3],
                                                const float     domain_max[3],
                                                GError        **error);
IngestCubeLut *ingest_cube_lut_ref             (IngestCubeLut  *self);
void           ingest_cube_lut_unref           (IngestCubeLut  *self);

guint          ingest_cube_lut_get_size        (IngestCubeLut  *self);
const char    *ingest_cube_lut_get_title       (IngestCubeLut  *self);
void           ingest_cube_lut_get_domain      (IngestCubeLut  *self,
                                                float           domain_min[3],
                                                float           domain_max[3]);
const float   *ingest_cube_lut_get_data        (IngestCubeLut  *self,
                                                gsize          *n_floats);
void           ingest_cube_lut_apply           (IngestCubeLut  *self,
                                                const float     rgb_in[3],
                                                float           rgb_out[3]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestCubeLut, ingest_cube_lut_unref)

G_END_DECLS
