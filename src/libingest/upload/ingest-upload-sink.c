/* ingest-upload-sink.c
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

#define G_LOG_DOMAIN "ingest-upload-sink"

#include "config.h"

#include "ingest-upload-sink-private.h"

/* Holds only the upload's plain data, never the job: the validation that
 * keeps this sink may outlive the job, and its readers call from threads. */
struct _IngestUploadSink
{
  IngestReadSink      parent_instance;

  IngestUploadShared *shared;
};

G_DEFINE_FINAL_TYPE (IngestUploadSink, _ingest_upload_sink, INGEST_TYPE_READ_SINK)

static gboolean
ingest_upload_sink_begin_file (IngestReadSink        *sink,
                               const IngestReadFile  *file,
                               GError               **error)
{
  return _ingest_upload_shared_begin_file (INGEST_UPLOAD_SINK (sink)->shared, file, error);
}

static gboolean
ingest_upload_sink_chunk (IngestReadSink        *sink,
                          const IngestReadFile  *file,
                          const guint8          *data,
                          gsize                  len,
                          guint64                offset,
                          GError               **error)
{
  return _ingest_upload_shared_chunk (INGEST_UPLOAD_SINK (sink)->shared, file, data, len, offset, error);
}

static void
ingest_upload_sink_verdict (IngestReadSink          *sink,
                            const IngestReadVerdict *verdict)
{
  _ingest_upload_shared_verdict (INGEST_UPLOAD_SINK (sink)->shared, verdict);
}

static void
ingest_upload_sink_finalize (GObject *object)
{
  IngestUploadSink *self = INGEST_UPLOAD_SINK (object);

  _ingest_upload_shared_unref (self->shared);

  G_OBJECT_CLASS (_ingest_upload_sink_parent_class)->finalize (object);
}

static void
_ingest_upload_sink_class_init (IngestUploadSinkClass *klass)
{
  IngestReadSinkClass *sink_class = INGEST_READ_SINK_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ingest_upload_sink_finalize;
  sink_class->begin_file = ingest_upload_sink_begin_file;
  sink_class->chunk = ingest_upload_sink_chunk;
  sink_class->verdict = ingest_upload_sink_verdict;
}

static void
_ingest_upload_sink_init (IngestUploadSink *self)
{
}

IngestReadSink *
_ingest_upload_sink_new (IngestUploadShared *shared)
{
  IngestUploadSink *self = g_object_new (INGEST_TYPE_UPLOAD_SINK, NULL);

  self->shared = _ingest_upload_shared_ref (shared);
  return INGEST_READ_SINK (self);
}
