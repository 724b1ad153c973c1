/* ingest-upload-sink-private.h
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

#include "ingest-read-sink.h"

G_BEGIN_DECLS

/* The upload job's plain data (ingest-upload-delivery-private.h), shared
 * with the validation's readers and the upload's finishers. */
typedef struct _IngestUploadShared IngestUploadShared;

IngestUploadShared *_ingest_upload_shared_ref        (IngestUploadShared       *shared);
void                _ingest_upload_shared_unref      (IngestUploadShared       *shared);
gboolean            _ingest_upload_shared_begin_file (IngestUploadShared       *shared,
                                                      const IngestReadFile     *file,
                                                      GError                  **error);
gboolean            _ingest_upload_shared_chunk      (IngestUploadShared       *shared,
                                                      const IngestReadFile     *file,
                                                      const guint8             *data,
                                                      gsize                     len,
                                                      guint64                   offset,
                                                      GError                  **error);
void                _ingest_upload_shared_verdict    (IngestUploadShared       *shared,
                                                      const IngestReadVerdict  *verdict);

#define INGEST_TYPE_UPLOAD_SINK (_ingest_upload_sink_get_type ())

G_DECLARE_FINAL_TYPE (IngestUploadSink, _ingest_upload_sink, INGEST, UPLOAD_SINK, IngestReadSink)

/* The upload's end of the one read: every method passes to @shared. */
IngestReadSink *_ingest_upload_sink_new (IngestUploadShared *shared);

G_END_DECLS
