/* ingest-hash-job.h
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

#include "ingest-hash-kind.h"
#include "ingest-types.h"

G_BEGIN_DECLS

/* The size of each read: an IngestChunkFunc gets at most this many bytes at a time.
 * 1 MiB measured fastest with a warm cache (4 MiB reads were 12% slower: the
 * copy evicts the CPU cache before the digests read it); the kernel's
 * readahead, not this size, drives the device. */
#define INGEST_HASH_JOB_READ_SIZE (1024 * 1024)

/**
 * IngestChunkFunc:
 * @data: bytes just read from the file
 * @len: how many
 * @offset: where @data starts in the file
 * @user_data: the chunk data given to ingest_hash_job_run()
 * @error: return location for an error
 *
 * Called with every buffer read from the file, in order, before the buffer
 * is reused: the upload feeds the same bytes to S3 from here (one read).
 * Every chunk but the last is exactly %INGEST_HASH_JOB_READ_SIZE bytes, so
 * parts of a multiple of that size start on a chunk boundary. Called from
 * the thread that runs the job.
 *
 * Returns: %FALSE (with @error set) to abort the job
 */
typedef gboolean (*IngestChunkFunc) (const guint8  *data,
                                     gsize          len,
                                     guint64        offset,
                                     gpointer       user_data,
                                     GError       **error);

/**
 * IngestHashJob:
 * @path: (in): absolute path of the file
 * @kinds: (in): the digests wanted
 * @user_data: (in): the caller's; never touched
 * @no_follow: (in): fail instead of following @path when it is a symbolic
 *   link (a validation never reads through a link it did not classify)
 * @size: (out): bytes read
 * @mtime: (out): modification time in seconds since the epoch, from fstat of
 *   the open file descriptor
 * @mtime_nsec: (out): nanoseconds of @mtime
 * @ctime_ns: (out): status change time in nanoseconds: users cannot set it
 *   back (touch -d can set mtime), so it tells a rewritten file from one
 *   left alone
 * @digests: (out): canonical text of each kind in @kinds, %NULL for the others
 *   and for all when the job failed
 * @error: (out): why this file could not be hashed, or %NULL
 *
 * One file to hash. A plain struct so that workers can fill it without
 * touching objects; free it with ingest_hash_job_free().
 */
struct _IngestHashJob {
  char          *path;
  IngestHashSet  kinds;
  gpointer       user_data;
  gboolean       no_follow;
  guint64        size;
  gint64         mtime;
  gint64         mtime_nsec;
  gint64         ctime_ns;
  char          *digests[INGEST_HASH_N_KINDS];
  GError        *error;
};

IngestHashJob *ingest_hash_job_new  (const char       *path,
                                     IngestHashSet     kinds);
IngestHashJob *ingest_hash_job_copy (const IngestHashJob *job);
void           ingest_hash_job_free (IngestHashJob    *job);
gboolean       ingest_hash_job_run  (IngestHashJob    *job,
                                     IngestChunkFunc   chunk_func,
                                     gpointer          chunk_data,
                                     GCancellable     *cancellable,
                                     guint64          *bytes_done,
                                     GError          **error);
gboolean       ingest_hash_jobs_run (GPtrArray        *jobs,
                                     guint             n_threads,
                                     GCancellable     *cancellable,
                                     guint64          *bytes_done,
                                     guint            *files_done,
                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestHashJob, ingest_hash_job_free)

G_END_DECLS
