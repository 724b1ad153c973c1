/* ingest-token-bucket.c
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

#define G_LOG_DOMAIN "ingest-token-bucket"

#include "config.h"

#include <stdlib.h>

#include "ingest-token-bucket.h"
#include "ingest-upload-error.h"

struct _IngestTokenBucket
{
  GMutex  lock;
  guint64 rate;       /* bytes per second */
  double  burst;
  double  tokens;     /* may go negative: debt */
  gint64  refilled;   /* monotonic µs */
};

IngestTokenBucket *
ingest_token_bucket_new (guint64 rate,
                         guint64 burst)
{
  IngestTokenBucket *self = g_new0 (IngestTokenBucket, 1);

  g_return_val_if_fail (rate > 0, NULL);

  g_mutex_init (&self->lock);
  self->rate = rate;
  self->burst = MAX (burst, 1);
  self->tokens = 0;   /* start empty: no burst above the cap at the start */
  self->refilled = g_get_monotonic_time ();
  return self;
}

guint64
ingest_token_bucket_get_rate (IngestTokenBucket *self)
{
  return self->rate;
}

/* Sleeps in short steps so that cancelling is noticed quickly. */
static gboolean
sleep_until (gint64         deadline,
             GCancellable  *cancellable,
             GError       **error)
{
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (now >= deadline)
        return TRUE;
      g_usleep (MIN (deadline - now, 50 * G_TIME_SPAN_MILLISECOND));
    }
}

/**
 * ingest_token_bucket_take:
 * @bytes: about to be sent
 *
 * Blocks until @bytes may be sent under the cap.
 *
 * Returns: %FALSE only when cancelled
 */
gboolean
ingest_token_bucket_take (IngestTokenBucket  *self,
                          guint64             bytes,
                          GCancellable       *cancellable,
                          GError            **error)
{
  gint64 now = g_get_monotonic_time ();
  gint64 deadline = now;

  g_mutex_lock (&self->lock);
  self->tokens = MIN (self->burst, self->tokens + (now - self->refilled) * (double) self->rate / G_USEC_PER_SEC);
  self->refilled = now;
  self->tokens -= bytes;
  if (self->tokens < 0)
    deadline = now + (gint64) (-self->tokens * G_USEC_PER_SEC / self->rate);
  g_mutex_unlock (&self->lock);

  return sleep_until (deadline, cancellable, error);
}

void
ingest_token_bucket_free (IngestTokenBucket *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  g_free (self);
}

/**
 * ingest_parse_rate:
 * @text: "50M", "1.5G", "800k", "100000" (bytes per second; binary units)
 * @rate: (out): bytes per second
 *
 * Returns: %FALSE with INGEST_UPLOAD_ERROR_CONFIG for anything else
 */
gboolean
ingest_parse_rate (const char  *text,
                   guint64     *rate,
                   GError     **error)
{
  char *end = NULL;
  double value;
  double unit = 1;

  value = g_ascii_strtod (text, &end);
  if (end != text && *end != '\0')
    {
      switch (g_ascii_tolower (*end))
        {
        case 'k': unit = 1024.0; break;
        case 'm': unit = 1024.0 * 1024; break;
        case 'g': unit = 1024.0 * 1024 * 1024; break;
        default: unit = 0; break;
        }
      end++;
      if (g_ascii_tolower (*end) == 'i')
        end++;
      if (g_ascii_tolower (*end) == 'b')
        end++;
    }
  if (end == text || *end != '\0' || unit == 0 || !(value * unit >= 1) || value * unit > 1e15)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "“%s” is not a rate: use bytes per second, e.g. 50M or 800k", text);
      return FALSE;
    }
  *rate = (guint64) (value * unit);
  return TRUE;
}
