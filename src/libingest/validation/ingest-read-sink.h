/* ingest-read-sink.h
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

#include <gio/gio.h>

#include "ingest-validation-result.h"

G_BEGIN_DECLS

/**
 * IngestReadFile:
 * @path: relative to the read's root ('/'-separated)
 * @absolute: the file's path on the drive now (it changes when a drive
 *   comes back at another mount point)
 * @size: bytes, from fstat when the read opened the file
 * @mtime_ns: modification time in ns since the epoch
 * @expected_kind: (nullable): the hash format the drive's ASC MHL has for
 *   the file ("xxh64", ...)
 * @expected: (nullable): that hash
 * @metadata: (nullable) (element-type utf8 utf8): every hash the MHL has
 *   for it, kind name → value
 *
 * One file as a read hands it to its sinks: plain data owned by the read,
 * valid from begin_file() until verdict() returns.
 */
typedef struct
{
  const char *path;
  const char *absolute;
  guint64     size;
  gint64      mtime_ns;
  const char *expected_kind;
  const char *expected;
  GHashTable *metadata;
} IngestReadFile;

/**
 * IngestReadVerdict:
 * @path: relative to the read's root
 * @status: what the validation found
 * @kind: (nullable): the hash format compared
 * @expected: (nullable): the hash the MHL expects
 * @found: (nullable): the hash of the bytes read
 * @size: bytes read (or expected, for a file that is missing)
 * @was_read: the sink saw begin_file() for it in this read (a missing file,
 *   one verified by an earlier run or one that could not be opened was not)
 *
 * The validation's verdict on one file, once per file in the read.
 */
typedef struct
{
  const char             *path;
  IngestValidationStatus  status;
  const char             *kind;
  const char             *expected;
  const char             *found;
  guint64                 size;
  gboolean                was_read;
} IngestReadVerdict;

#define INGEST_TYPE_READ_SINK (ingest_read_sink_get_type ())

G_DECLARE_DERIVABLE_TYPE (IngestReadSink, ingest_read_sink, INGEST, READ_SINK, GObject)

/**
 * IngestReadSinkClass:
 * @begin_file: a file is about to be read from its first byte (also an
 *   empty one, which gets no chunk; again for a file read anew once its
 *   drive came back: the sink starts it over); %FALSE with @error when the
 *   sink cannot take it (the read goes on; the sink's verdict() still
 *   comes). A sink that fails while the drive is gone fails the read of
 *   that file instead: it is read again when the drive is back.
 * @chunk: the next @len bytes at @offset, in order; the buffer is the read's
 *   and is reused after the call. %FALSE with @error: the sink gives up on
 *   this file (the read and the other sinks go on)
 * @verdict: the validation's verdict on one file: after its last chunk, or
 *   without any for a file that was not read
 * @end: the read is over (@completed: every file had its verdict; %FALSE
 *   when it was cancelled or failed). Called once, on the read's thread.
 *
 * A consumer of the bytes a validation reads, so that each file is read
 * from the drive once whatever needs it: the upload, the metadata
 * inspector, a second copy. Every method runs on a reader thread, several
 * at once for different files: a sink touches only plain data of its own,
 * never a GObject it does not own, and hands results to its main context
 * itself. A sink is attached with ingest_validation_job_add_sink() before
 * the job runs.
 */
struct _IngestReadSinkClass
{
  GObjectClass parent_class;

  gboolean (*begin_file) (IngestReadSink           *self,
                          const IngestReadFile     *file,
                          GError                  **error);
  gboolean (*chunk)      (IngestReadSink           *self,
                          const IngestReadFile     *file,
                          const guint8             *data,
                          gsize                     len,
                          guint64                   offset,
                          GError                  **error);
  void     (*verdict)    (IngestReadSink           *self,
                          const IngestReadVerdict  *verdict);
  void     (*end)        (IngestReadSink           *self,
                          gboolean                  completed);

  /*< private >*/
  gpointer padding[8];
};

gboolean ingest_read_sink_begin_file (IngestReadSink           *self,
                                      const IngestReadFile     *file,
                                      GError                  **error);
gboolean ingest_read_sink_chunk      (IngestReadSink           *self,
                                      const IngestReadFile     *file,
                                      const guint8             *data,
                                      gsize                     len,
                                      guint64                   offset,
                                      GError                  **error);
void     ingest_read_sink_verdict    (IngestReadSink           *self,
                                      const IngestReadVerdict  *verdict);
void     ingest_read_sink_end        (IngestReadSink           *self,
                                      gboolean                  completed);

G_END_DECLS
