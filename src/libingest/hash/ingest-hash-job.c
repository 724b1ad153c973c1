/* ingest-hash-job.c
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

#define G_LOG_DOMAIN "ingest-hash-job"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest-hash-job.h"
#include "ingest-hasher.h"

/* Large reads keep the syscall count down and give the uploader big chunks;
 * one such buffer per worker bounds the memory. See the header for the size. */
#define READ_BUFFER_SIZE INGEST_HASH_JOB_READ_SIZE

typedef struct {
  GPtrArray    *jobs;
  GCancellable *cancellable;
  guint64      *bytes_done;
  guint        *files_done;
  int           next_job;   /* atomic */
  int           n_cancelled; /* atomic */
} JobsRun;

static void
clear_outputs (IngestHashJob *job)
{
  job->size = 0;
  job->mtime = 0;
  job->mtime_nsec = 0;
  job->ctime_ns = 0;
  for (guint i = 0; i < INGEST_HASH_N_KINDS; i++)
    g_clear_pointer (&job->digests[i], g_free);
  g_clear_error (&job->error);
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Could not %s “%s”: %s", what, display, g_strerror (saved_errno));
}

static gboolean
same_stat (const struct stat *a,
           const struct stat *b)
{
  return a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
         a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
         a->st_ctim.tv_nsec == b->st_ctim.tv_nsec &&
         a->st_ino == b->st_ino &&
         a->st_dev == b->st_dev;
}

/* Reads until BUFFER is full or the end of the file; returns the count or -1. */
static gssize
read_full (int     fd,
           guint8 *buffer,
           gsize   size,
           int    *saved_errno)
{
  gsize filled = 0;

  while (filled < size)
    {
      gssize n = read (fd, buffer + filled, size - filled);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          return -1;
        }
      if (n == 0)
        break;
      filled += n;
    }

  return filled;
}

/* The one read pass over an open regular file: every buffer goes to the
 * hasher and to CHUNK_FUNC before it is reused. */
static gboolean
hash_fd (IngestHashJob     *job,
         int                fd,
         const struct stat *st,
         IngestHasher      *hasher,
         guint8            *buffer,
         gsize              buffer_size,
         IngestChunkFunc    chunk_func,
         gpointer           chunk_data,
         GCancellable      *cancellable,
         guint64           *bytes_done,
         GError           **error)
{
  g_autofree char *display = g_filename_display_name (job->path);
  guint64 expected = st->st_size;
  guint64 offset = 0;
  struct stat after;

  for (;;)
    {
      int saved_errno = 0;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = read_full (fd, buffer, buffer_size, &saved_errno);
      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not read “%s” at byte %" G_GUINT64_FORMAT ": %s",
                       display, offset, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      if (offset + n > expected)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "“%s” grew while being read: it had %" G_GUINT64_FORMAT " bytes when opened",
                       display, expected);
          return FALSE;
        }

      ingest_hasher_update (hasher, buffer, n);
      if (chunk_func != NULL && !chunk_func (buffer, n, offset, chunk_data, error))
        return FALSE;

      offset += n;
      if (bytes_done != NULL)
        __atomic_fetch_add (bytes_done, (guint64) n, __ATOMIC_RELAXED);
    }

  if (offset != expected)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "“%s” shrank while being read: %" G_GUINT64_FORMAT " bytes expected, "
                   "only %" G_GUINT64_FORMAT " could be read",
                   display, expected, offset);
      return FALSE;
    }

  /* Same size is not enough: a file rewritten in place during the pass
   * would give a digest of no version of it. */
  if (fstat (fd, &after) != 0)
    {
      set_errno_error (error, errno, "stat", job->path);
      return FALSE;
    }
  if (!same_stat (st, &after))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "“%s” was modified while being read", display);
      return FALSE;
    }

  return TRUE;
}

/* Runs JOB with BUFFER (or a buffer of its own when NULL). Every failure,
 * cancellation included, also goes to job->error, so a job has either
 * digests or an error. */
static gboolean
run_job (IngestHashJob    *job,
         guint8           *buffer,
         gsize             buffer_size,
         IngestChunkFunc   chunk_func,
         gpointer          chunk_data,
         GCancellable     *cancellable,
         guint64          *bytes_done,
         GError          **error)
{
  g_autoptr(IngestHasher) hasher = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *own_buffer = NULL;
  struct stat st;
  int fd = -1;
  int flags;

  clear_outputs (job);

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto failed;

  /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
  do
    fd = open (job->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (job->no_follow ? O_NOFOLLOW : 0));
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      set_errno_error (&local_error, errno, "open", job->path);
      goto failed;
    }

  if (fstat (fd, &st) != 0)
    {
      set_errno_error (&local_error, errno, "stat", job->path);
      goto failed;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (job->path);

      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   "“%s” is not a regular file", display);
      goto failed;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags < 0 || fcntl (fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
    {
      set_errno_error (&local_error, errno, "open", job->path);
      goto failed;
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  /* Known from here on, so a chunk func can tell its readers. */
  job->size = st.st_size;
  job->mtime = st.st_mtim.tv_sec;
  job->mtime_nsec = st.st_mtim.tv_nsec;

  if (buffer == NULL)
    {
      /* Small files get a small buffer, still big enough to see the end in one read. */
      buffer_size = MIN ((guint64) READ_BUFFER_SIZE, (guint64) st.st_size + 1);
      buffer = own_buffer = g_malloc (buffer_size);
    }

  hasher = ingest_hasher_new (job->kinds);
  if (!hash_fd (job, fd, &st, hasher, buffer, buffer_size, chunk_func, chunk_data,
                cancellable, bytes_done, &local_error))
    goto failed;

  close (fd);
  ingest_hasher_finish (hasher);

  job->size = st.st_size;
  job->mtime = st.st_mtim.tv_sec;
  job->mtime_nsec = st.st_mtim.tv_nsec;
  job->ctime_ns = (gint64) st.st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_ctim.tv_nsec;
  for (guint i = 0; i < INGEST_HASH_N_KINDS; i++)
    {
      if (job->kinds & INGEST_HASH_BIT (i))
        job->digests[i] = ingest_hasher_dup_text (hasher, i);
    }
  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  job->size = 0;
  job->mtime = job->mtime_nsec = 0;
  job->error = g_error_copy (local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gpointer
jobs_worker (gpointer data)
{
  JobsRun *run = data;
  g_autofree guint8 *buffer = g_malloc (READ_BUFFER_SIZE);

  for (;;)
    {
      int i = g_atomic_int_add (&run->next_job, 1);
      g_autoptr(GError) error = NULL;

      if (i >= (int) run->jobs->len)
        break;
      if (!run_job (g_ptr_array_index (run->jobs, i), buffer, READ_BUFFER_SIZE, NULL, NULL,
                    run->cancellable, run->bytes_done, &error) &&
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_atomic_int_inc (&run->n_cancelled);
      else if (run->files_done != NULL)
        g_atomic_int_inc (run->files_done);  /* hashed, or its error is final */
    }

  return NULL;
}

/**
 * ingest_hash_job_new:
 * @path: absolute path of a file
 * @kinds: the digests to compute
 *
 * Returns: (transfer full): a new job, not yet run
 */
IngestHashJob *
ingest_hash_job_new (const char    *path,
                     IngestHashSet  kinds)
{
  IngestHashJob *job;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail ((kinds & ~INGEST_HASH_SET_ALL) == 0, NULL);

  job = g_new0 (IngestHashJob, 1);
  job->path = g_strdup (path);
  job->kinds = kinds;
  return job;
}

/**
 * ingest_hash_job_copy:
 * @job: a job
 *
 * Returns: (transfer full): a copy of @job with its outputs (digests, size,
 *   mtime, error); @user_data is copied as a pointer
 */
IngestHashJob *
ingest_hash_job_copy (const IngestHashJob *job)
{
  IngestHashJob *copy;

  g_return_val_if_fail (job != NULL, NULL);

  copy = ingest_hash_job_new (job->path, job->kinds);
  copy->user_data = job->user_data;
  copy->no_follow = job->no_follow;
  copy->size = job->size;
  copy->mtime = job->mtime;
  copy->mtime_nsec = job->mtime_nsec;
  copy->ctime_ns = job->ctime_ns;
  for (guint i = 0; i < INGEST_HASH_N_KINDS; i++)
    copy->digests[i] = g_strdup (job->digests[i]);
  copy->error = job->error != NULL ? g_error_copy (job->error) : NULL;
  return copy;
}

/**
 * ingest_hash_job_free:
 * @job: (nullable): a job
 *
 * Frees the job and its outputs; @job->user_data is the caller's.
 */
void
ingest_hash_job_free (IngestHashJob *job)
{
  if (job == NULL)
    return;

  clear_outputs (job);
  g_free (job->path);
  g_free (job);
}

/**
 * ingest_hash_job_run:
 * @job: a job
 * @chunk_func: (nullable) (scope call): called with every buffer read, in order
 * @chunk_data: data for @chunk_func
 * @cancellable: (nullable): checked between reads
 * @bytes_done: (nullable) (inout): advanced atomically as bytes are read
 * @error: return location for a #GError
 *
 * Hashes one file with one read pass, in the calling thread: opens it,
 * takes size and mtime from fstat of the open descriptor, and reads it to
 * the end. A file that is not a regular file, cannot be read, or changes
 * size or mtime while being read gives an error naming the file, never a
 * digest. Any previous outputs of @job are cleared first.
 *
 * On failure (including cancellation and a @chunk_func error) the error is
 * both returned and stored in @job->error, and no digests are set.
 *
 * Returns: %TRUE if @job->digests hold the digests of the whole file
 */
gboolean
ingest_hash_job_run (IngestHashJob    *job,
                     IngestChunkFunc   chunk_func,
                     gpointer          chunk_data,
                     GCancellable     *cancellable,
                     guint64          *bytes_done,
                     GError          **error)
{
  g_return_val_if_fail (job != NULL, FALSE);
  g_return_val_if_fail (job->path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_job (job, NULL, 0, chunk_func, chunk_data, cancellable, bytes_done, error);
}

/**
 * ingest_hash_jobs_run:
 * @jobs: (element-type IngestHashJob): the jobs; their order is kept
 * @n_threads: worker threads, 0 for the number of CPUs
 * @cancellable: (nullable): checked between reads
 * @bytes_done: (nullable) (inout): advanced atomically as bytes are read
 * @files_done: (nullable) (inout): advanced atomically as each job ends with
 *   digests or with an error of its own (not cancellation); read it with
 *   g_atomic_int_get()
 * @error: return location for a #GError
 *
 * Hashes many files across worker threads (the calling thread is one of
 * them) and blocks until all are done. Memory is bounded: one read buffer
 * per worker. A file that cannot be read sets its job's error and the
 * others go on; on cancellation every job not finished gets a
 * %G_IO_ERROR_CANCELLED error.
 *
 * Returns: %FALSE (with @error set) only when cancelled before all jobs finished
 */
gboolean
ingest_hash_jobs_run (GPtrArray     *jobs,
                      guint          n_threads,
                      GCancellable  *cancellable,
                      guint64       *bytes_done,
                      guint         *files_done,
                      GError       **error)
{
  JobsRun run = { jobs, cancellable, bytes_done, files_done, 0, 0 };
  g_autoptr(GPtrArray) threads = NULL;

  g_return_val_if_fail (jobs != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, MAX (jobs->len, 1));

  threads = g_ptr_array_new ();
  for (guint i = 1; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("ingest-hash", jobs_worker, &run));
  jobs_worker (&run);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  if (g_atomic_int_get (&run.n_cancelled) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return FALSE;
    }
  return TRUE;
}
