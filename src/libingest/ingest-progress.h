/* ingest-progress.h
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

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/*
 * IngestProgress: the rate and ETA of a job that moves bytes, from the
 * samples its progress timer takes (main thread). The rate counts active
 * time only: while paused nothing is sampled, and the pause does not count
 * against the next sample. It is smoothed over ~2 s of samples so the ETA
 * does not jump about. Plain data, embedded in the job.
 */
typedef struct
{
  gint64  last_tick;   /* µs, monotonic; 0 = no sample yet (or paused since) */
  guint64 last_moved;
  double  rate;        /* bytes/s */
  gint64  eta;         /* seconds, -1 = unknown */
} IngestProgress;

void     ingest_progress_init   (IngestProgress *self);
/* @moved: bytes moved so far (never less than before), @remaining: bytes
 * still to move, @now: g_get_monotonic_time(). TRUE when rate or eta changed. */
gboolean ingest_progress_sample (IngestProgress *self,
                                 guint64         moved,
                                 guint64         remaining,
                                 gboolean        paused,
                                 gint64          now);
/* Done: nothing remains (eta 0). TRUE when eta changed. */
gboolean ingest_progress_done   (IngestProgress *self);

G_END_DECLS
