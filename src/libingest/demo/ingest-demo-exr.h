/* ingest-demo-exr.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

/* Extra header attributes: NULL-name-terminated lists. */
typedef struct
{
  const char *name;
  const char *value;
} IngestDemoExrString;

typedef struct
{
  const char *name;
  float       value;
} IngestDemoExrFloat;

/*
 * One frame of a scanline RGB (or Y) half- or float OpenEXR file, written with
 * OpenEXR's C API (OpenEXRCore): colour bars varied by PATTERN, with a
 * timeCode (ST 12 packed, as OpenEXR's TimeCode keeps it), framesPerSecond
 * and any string and float attributes.
 */
typedef struct
{
  guint                      width;          /* 1…4096 */
  guint                      height;         /* 1…4096 */
  guint                      pattern;
  guint                      compression;    /* exr_compression_t: 0 none, 3 zip… */
  gboolean                   has_time_code;
  guint32                    time_and_flags;
  guint32                    user_data;
  gint                       fps_num;        /* 0: no framesPerSecond */
  guint                      fps_den;
  const IngestDemoExrString *strings;        /* NULL or up to a NULL name */
  const IngestDemoExrFloat  *floats;
  gboolean                   float_pixels;   /* FLOAT channels, not HALF */
  gboolean                   grey;           /* one Y channel: the bars' green */
  gboolean                   alpha;          /* and an A channel, 1.0 (opaque) */
} IngestDemoExr;

gboolean ingest_demo_exr_write (const char          *path,
                                const IngestDemoExr *exr,
                                GError             **error);

G_END_DECLS
