/* ingest-demo-drive-private.h
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

/* The byte formats the demo drive writes by hand (ingest-demo-drive-formats.c). */

/* The fields of a Broadcast Wave `bext` chunk, version 1 (EBU Tech 3285). */
typedef struct
{
  const char *description;           /* up to 256 bytes */
  const char *originator;            /* up to 32 */
  const char *originator_reference;  /* up to 32 */
  const char *origination_date;      /* "yyyy-mm-dd" */
  const char *origination_time;      /* "hh:mm:ss" */
  guint64     time_reference;        /* samples since midnight */
  const char *coding_history;
} IngestDemoBext;

gboolean  _ingest_demo_io_failed        (GError               **error,
                                         const char            *what,
                                         const char            *path);
GBytes   *_ingest_demo_bwf_new          (const IngestDemoBext  *bext,
                                         const char            *ixml,
                                         guint                  channels,
                                         guint                  rate,
                                         guint                  bits,
                                         const guint8          *pcm,
                                         gsize                  pcm_len);
GBytes   *_ingest_demo_ds_store_new     (void);
GBytes   *_ingest_demo_apple_double_new (const char            *type_creator);
gboolean  _ingest_demo_stamp_quicktime  (const char            *path,
                                         gint64                 unix_time,
                                         const char            *reel,
                                         const char * const    *mdta,
                                         GError               **error);
gboolean  _ingest_demo_stamp_mxf         (const char            *path,
                                         guint64                start_frames,
                                         gint64                 unix_time,
                                         GError               **error);

G_END_DECLS
