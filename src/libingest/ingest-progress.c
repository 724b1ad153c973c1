/* ingest-progress.c
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

#define G_LOG_DOMAIN "ingest-progress"

#include "config.h"

#include "ingest-progress.h"

#define INGEST_PROGRESS_MIN_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)

void
ingest_progress_init (IngestProgress *self)
{
  g_return_if_fail (self != NULL);

  self->last_tick = 0;
  self->last_moved = 0;
  self->rate = 0;
  self->eta = -1;
}

gboolean
ingest_progress_sample (IngestProgress *self,
                        guint64         moved,
                        guint64         remaining,
                        gboolean        paused,
                        gint64          now)
{
  double rate = self->rate;
  gint64 eta = self->eta;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Paused: keep the last figures; the next interval starts at the resume. */
  if (paused)
    {
      self->last_tick = 0;
      return FALSE;
    }
  /* An interval shorter than this is no measure: its bytes count in the
   * next one (a starved main loop samples twice in a row, and a burst over
   * a millisecond read as gigabytes a second). */
  if (self->last_tick != 0 && now - self->last_tick < INGEST_PROGRESS_MIN_INTERVAL_US)
    return FALSE;
  if (self->last_tick != 0)
    {
      double instant = (double) (moved - MIN (moved, self->last_moved)) * G_USEC_PER_SEC / (now - self->last_tick);

      /* smoothed over ~10 samples */
      rate = self->rate > 0 ? 0.9 * self->rate + 0.1 * instant : instant;
      eta = rate > 1 ? (gint64) (remaining / rate) : -1;
    }
  self->last_tick = now;
  self->last_moved = moved;
  if (rate == self->rate && eta == self->eta)
    return FALSE;
  self->rate = rate;
  self->eta = eta;
  return TRUE;
}

gboolean
ingest_progress_done (IngestProgress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->eta == 0)
    return FALSE;
  self->eta = 0;
  return TRUE;
}
