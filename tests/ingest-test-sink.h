/* ingest-test-sink.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ingest.h"

G_BEGIN_DECLS

/* Hooks on a validation's read, for tests: called on reader threads. */
typedef gboolean (*IngestTestChunkFunc) (const char    *path,
                                         const guint8  *data,
                                         gsize          len,
                                         guint64        offset,
                                         gpointer       user_data,
                                         GError       **error);
/* Only for files the read began (not for missing, reused or unopenable ones). */
typedef void     (*IngestTestFileFunc)  (const char             *path,
                                         IngestValidationStatus  status,
                                         const char             *kind,
                                         const char             *expected,
                                         const char             *found,
                                         guint64                 size,
                                         gpointer                user_data);

#define INGEST_TYPE_TEST_SINK (ingest_test_sink_get_type ())

G_DECLARE_FINAL_TYPE (IngestTestSink, ingest_test_sink, INGEST, TEST_SINK, IngestReadSink)

/* A sink that calls @chunk_func and @file_func (both nullable), and counts
 * what it hears (under a lock: read the counters after the run). */
IngestReadSink *ingest_test_sink_new          (IngestTestChunkFunc  chunk_func,
                                               IngestTestFileFunc   file_func,
                                               gpointer             user_data);
/* Adds such a sink to @job (before it runs). */
void            ingest_test_add_sink          (IngestValidationJob *job,
                                               IngestTestChunkFunc  chunk_func,
                                               IngestTestFileFunc   file_func,
                                               gpointer             user_data);
/* The xxh64 of the bytes the sink got for @path, in order (NULL: none). */
char           *ingest_test_sink_dup_xxh64    (IngestTestSink      *self,
                                               const char          *path);
guint           ingest_test_sink_get_n_verdicts (IngestTestSink    *self,
                                               const char          *path);
guint           ingest_test_sink_get_n_begun  (IngestTestSink      *self,
                                               const char          *path);
guint           ingest_test_sink_get_n_ends   (IngestTestSink      *self);

G_END_DECLS
