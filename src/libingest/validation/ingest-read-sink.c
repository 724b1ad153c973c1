/* ingest-read-sink.c
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

#define G_LOG_DOMAIN "ingest-read-sink"

#include "config.h"

#include "ingest-read-sink.h"

G_DEFINE_ABSTRACT_TYPE (IngestReadSink, ingest_read_sink, G_TYPE_OBJECT)

static gboolean
ingest_read_sink_real_begin_file (IngestReadSink        *self,
                                  const IngestReadFile  *file,
                                  GError               **error)
{
  return TRUE;
}

static gboolean
ingest_read_sink_real_chunk (IngestReadSink        *self,
                             const IngestReadFile  *file,
                             const guint8          *data,
                             gsize                  len,
                             guint64                offset,
                             GError               **error)
{
  return TRUE;
}

static void
ingest_read_sink_real_verdict (IngestReadSink          *self,
                               const IngestReadVerdict *verdict)
{
}

static void
ingest_read_sink_real_end (IngestReadSink *self,
                           gboolean        completed)
{
}

static void
ingest_read_sink_class_init (IngestReadSinkClass *klass)
{
  klass->begin_file = ingest_read_sink_real_begin_file;
  klass->chunk = ingest_read_sink_real_chunk;
  klass->verdict = ingest_read_sink_real_verdict;
  klass->end = ingest_read_sink_real_end;
}

static void
ingest_read_sink_init (IngestReadSink *self)
{
}

gboolean
ingest_read_sink_begin_file (IngestReadSink        *self,
                             const IngestReadFile  *file,
                             GError               **error)
{
  g_return_val_if_fail (INGEST_IS_READ_SINK (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return INGEST_READ_SINK_GET_CLASS (self)->begin_file (self, file, error);
}

gboolean
ingest_read_sink_chunk (IngestReadSink        *self,
                        const IngestReadFile  *file,
                        const guint8          *data,
                        gsize                  len,
                        guint64                offset,
                        GError               **error)
{
  g_return_val_if_fail (INGEST_IS_READ_SINK (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return INGEST_READ_SINK_GET_CLASS (self)->chunk (self, file, data, len, offset, error);
}

void
ingest_read_sink_verdict (IngestReadSink          *self,
                          const IngestReadVerdict *verdict)
{
  g_return_if_fail (INGEST_IS_READ_SINK (self));
  g_return_if_fail (verdict != NULL);

  INGEST_READ_SINK_GET_CLASS (self)->verdict (self, verdict);
}

void
ingest_read_sink_end (IngestReadSink *self,
                      gboolean        completed)
{
  g_return_if_fail (INGEST_IS_READ_SINK (self));

  INGEST_READ_SINK_GET_CLASS (self)->end (self, completed);
}
