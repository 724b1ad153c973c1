/* ingest-validation-job-read.c
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

/* The validation job's read: a pool of readers hashing each file once, feeding the sinks, and the batches they deliver. */

#define G_LOG_DOMAIN "ingest-validation-job"

#include "config.h"

#include "ingest-drive-private.h"
#include "ingest-hash-job.h"
#include "ingest-validation-compare-private.h"
#include "ingest-validation-run-private.h"

/* Results reach the catalog and the main thread in batches: at most this
 * many, or whatever came in this long. */
#define FLUSH_BATCH          512
#define FLUSH_INTERVAL_USEC  (500 * G_TIME_SPAN_MILLISECOND)
/* While the drive is away, look for it this often. */
#define REMOVED_POLL_USEC    G_USEC_PER_SEC

#define DRIVE_REMOVED_MESSAGE "Drive removed — plug it back in to continue"

/* One attempt at reading a file, for the sinks (worker thread). */
typedef struct {
  IngestValidationRun       *run;
  IngestValidationWorkItem  *item;
  IngestHashJob             *job;
  IngestReadFile             file;
  char                      *absolute;
  GHashTable                *metadata;   /* kind name → expected value, NULL until begun */
  gboolean                   begun;
  GError                   **failed;     /* per sink: why it gave up on this file, NULL = still taking it */
} ChunkData;

/* Is the drive this run started on still answering at the root? Any
 * thread: a probe of plain data (statfs, the mount table), no object. */
static gboolean
drive_present (IngestValidationRun *run)
{
  g_autofree char *root = _ingest_validation_run_dup_root (run);
  g_autoptr(IngestDriveInfo) info = _ingest_drive_info_probe (root, NULL, NULL, NULL);

  return info != NULL && g_strcmp0 (info->identity, run->identity) == 0;
}

static void
push_result (IngestValidationRun        *run,
             IngestValidationResultData *data)
{
  g_mutex_lock (&run->mutex);
  g_ptr_array_add (run->produced, data);
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->mutex);
}

static void
chunk_data_clear (ChunkData *chunk)
{
  for (guint i = 0; i < chunk->run->sinks->len; i++)
    g_clear_error (&chunk->failed[i]);
  g_free (chunk->failed);
  g_clear_pointer (&chunk->metadata, g_hash_table_unref);
  g_free (chunk->absolute);
}

/* Sink @i gave up on this file; the read and the other sinks go on. Unless
 * the drive is gone: that is why it failed, so the whole read fails and the
 * file is read again once the drive is back (every sink begins it anew). */
static gboolean
sink_failed (ChunkData  *chunk,
             guint       i,
             GError    **error)
{
  g_debug ("A reader of %s gave up on it: %s", chunk->item->path, chunk->failed[i]->message);
  if (drive_present (chunk->run))
    return TRUE;
  g_propagate_error (error, g_error_copy (chunk->failed[i]));
  return FALSE;
}

static gboolean
begin_sinks (ChunkData  *chunk,
             GError    **error)
{
  const IngestExpectedFile *expected = chunk->item->expected;
  IngestReadFile *file = &chunk->file;

  chunk->begun = TRUE;
  chunk->metadata = g_hash_table_new (g_str_hash, g_str_equal);
  file->path = chunk->item->path;
  file->absolute = chunk->absolute;
  file->size = chunk->job->size;
  file->mtime_ns = chunk->job->mtime * G_GINT64_CONSTANT (1000000000) + chunk->job->mtime_nsec;
  file->metadata = chunk->metadata;
  if (expected != NULL && !expected->only_failed)
    for (guint i = 0; i < G_N_ELEMENTS (_ingest_validation_display_order); i++)
      {
        IngestHashKind kind = _ingest_validation_display_order[i];

        if (expected->values[kind] == NULL)
          continue;
        g_hash_table_insert (chunk->metadata, (gpointer) ingest_hash_kind_get_name (kind), expected->values[kind]);
        if (file->expected == NULL)
          {
            file->expected_kind = ingest_hash_kind_get_name (kind);
            file->expected = expected->values[kind];
          }
      }

  for (guint i = 0; i < chunk->run->sinks->len; i++)
    if (!ingest_read_sink_begin_file (g_ptr_array_index (chunk->run->sinks, i), file, &chunk->failed[i]) &&
        !sink_failed (chunk, i, error))
      return FALSE;
  return TRUE;
}

static gboolean
chunk_cb (const guint8  *data,
          gsize          len,
          guint64        offset,
          gpointer       user_data,
          GError       **error)
{
  ChunkData *chunk = user_data;

  chunk->item->bytes_read += len;
  if (!chunk->begun && !begin_sinks (chunk, error))
    return FALSE;
  for (guint i = 0; i < chunk->run->sinks->len; i++)
    if (chunk->failed[i] == NULL &&
        !ingest_read_sink_chunk (g_ptr_array_index (chunk->run->sinks, i), &chunk->file, data, len, offset,
                                 &chunk->failed[i]) &&
        !sink_failed (chunk, i, error))
      return FALSE;
  return TRUE;
}

/* Every sink hears every file's verdict once: read here or not. */
static void
tell_sinks (IngestValidationRun              *run,
            const IngestValidationResultData *data,
            guint64                           size,
            gboolean                          was_read)
{
  IngestReadVerdict verdict = { 0 };

  verdict.path = data->path;
  verdict.status = data->status;
  verdict.kind = data->kind >= 0 ? ingest_hash_kind_get_name (data->kind) : NULL;
  verdict.expected = data->expected;
  verdict.found = data->found;
  verdict.size = size;
  verdict.was_read = was_read;
  for (guint i = 0; i < run->sinks->len; i++)
    ingest_read_sink_verdict (g_ptr_array_index (run->sinks, i), &verdict);
}

/* A file no manifest lists: it claims a missing listed file with the same
 * content, if one is left (renamed), else it is extra. */
static void
match_extra (IngestValidationRun        *run,
             IngestValidationResultData *data)
{
  const IngestExpectedFile *target = NULL;
  IngestHashKind kind = INGEST_HASH_XXH64;

  g_mutex_lock (&run->mutex);
  for (guint i = 0; i < G_N_ELEMENTS (_ingest_validation_display_order) && target == NULL; i++)
    {
      g_autofree char *key = NULL;
      const IngestExpectedFile *candidate;

      kind = _ingest_validation_display_order[i];
      if (data->digests[kind] == NULL)
        continue;
      key = g_strdup_printf ("%u:%s", kind, data->digests[kind]);
      candidate = g_hash_table_lookup (run->missing_by_hash, key);
      if (candidate != NULL && !g_hash_table_contains (run->claimed, candidate))
        {
          g_hash_table_add (run->claimed, (gpointer) candidate);
          target = candidate;
        }
    }
  g_mutex_unlock (&run->mutex);

  _ingest_validation_compare_extra (run->expected, target, kind, data);
}

static IngestValidationResultData *
make_result (IngestValidationRun      *run,
             IngestValidationWorkItem *item,
             IngestHashJob            *job)
{
  IngestValidationResultData *data = _ingest_validation_result_data_new (INGEST_VALIDATION_STATUS_UNREADABLE, item->path, item->roll);

  if (job->error != NULL)
    {
      _ingest_validation_compare_unreadable (run->expected, item->expected, job->error->message, data);
      return data;
    }

  data->size = job->size;
  data->mtime_ns = job->mtime * G_GINT64_CONSTANT (1000000000) + job->mtime_nsec;
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    data->digests[k] = g_steal_pointer (&job->digests[k]);

  if (item->expected != NULL)
    _ingest_validation_compare_expected (run->expected, item->expected, job->ctime_ns, data);
  else
    match_extra (run, data);
  if (item->target != NULL && data->message == NULL)
    data->message = g_strdup_printf ("symbolic link to %s on the drive: that file was read", item->target);
  return data;
}

static gpointer
worker_thread (gpointer user_data)
{
  IngestValidationRun *run = user_data;

  for (;;)
    {
      g_autoptr(IngestHashJob) job = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *abs = NULL;
      IngestValidationResultData *data;
      IngestValidationWorkItem *item;
      ChunkData chunk = { 0 };
      gboolean ok;

      g_mutex_lock (&run->mutex);
      while (run->paused && !g_cancellable_is_cancelled (run->cancellable))
        g_cond_wait (&run->cond, &run->mutex);
      item = g_cancellable_is_cancelled (run->cancellable) ? NULL : g_queue_pop_head (&run->queue);
      if (item != NULL)
        abs = g_build_filename (run->root, item->target != NULL ? item->target : item->path, NULL);
      g_mutex_unlock (&run->mutex);
      if (item == NULL)
        break;

      item->bytes_read = 0;
      job = ingest_hash_job_new (abs, item->kinds);
      job->no_follow = TRUE;  /* never read through a link swapped in since the walk */
      chunk.run = run;
      chunk.item = item;
      chunk.job = job;
      chunk.absolute = g_strdup (abs);
      chunk.failed = g_new0 (GError *, run->sinks->len);
      ok = ingest_hash_job_run (job, run->sinks->len > 0 ? chunk_cb : NULL, &chunk, run->cancellable,
                                &run->bytes_done, &error);
      /* An empty file gets no chunk: its sinks begin it now. */
      if (ok && !chunk.begun && run->sinks->len > 0)
        ok = begin_sinks (&chunk, &error);
      if (!ok)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              chunk_data_clear (&chunk);
              _ingest_validation_work_item_free (item);
              break;
            }
          if (!drive_present (run))
            {
              /* Not this file's fault: the drive went away. Read it again later. */
              __atomic_fetch_sub (&run->bytes_done, item->bytes_read, __ATOMIC_RELAXED);
              g_mutex_lock (&run->mutex);
              g_queue_push_head (&run->queue, item);
              if (!run->removed)
                {
                  run->paused = run->removed = run->state_changed = TRUE;
                  g_free (run->pause_message);
                  run->pause_message = g_strdup (DRIVE_REMOVED_MESSAGE);
                }
              g_cond_broadcast (&run->cond);
              g_mutex_unlock (&run->mutex);
              chunk_data_clear (&chunk);
              continue;
            }
        }

      if (run->record_targets->len > 0 && job->error == NULL)
        {
          IngestHashJob *copy = ingest_hash_job_copy (job);

          g_mutex_lock (&run->mutex);
          g_hash_table_replace (run->precomputed, copy->path, copy);
          g_mutex_unlock (&run->mutex);
        }
      data = make_result (run, item, job);
      tell_sinks (run, data, job->error == NULL ? job->size : 0, chunk.begun);
      data->told = TRUE;
      chunk_data_clear (&chunk);
      push_result (run, data);
      g_atomic_int_inc (&run->files_done);
      _ingest_validation_work_item_free (item);
    }

  g_mutex_lock (&run->mutex);
  run->n_busy--;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
  return NULL;
}

/* Saves a batch (the catalog writes it in one transaction) and hands it to the
 * main thread in slices of FLUSH_BATCH, so that no main-loop iteration has to
 * make more than that many result objects. Takes @batch. */
void
_ingest_validation_run_flush (IngestValidationJob *job,
                              IngestValidationRun *run,
                              GPtrArray           *batch)
{
  for (guint i = 0; i < batch->len; i++)
    {
      IngestValidationResultData *data = g_ptr_array_index (batch, i);

      run->roll_counts[data->roll][data->status]++;
      /* not read by a worker (missing, reused, not a file): after the scan
       * was posted, so a sink's main thread knows the rolls first */
      if (!data->told)
        {
          tell_sinks (run, data, data->size > 0 ? (guint64) data->size : 0, FALSE);
          data->told = TRUE;
        }
    }

  if (run->catalog != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!_ingest_validation_catalog_write_results (run->catalog, run->run_id, run->rolls, batch, &error))
        g_warning ("Validation results could not be saved to the catalog: %s", error->message);
    }

  while (batch->len > FLUSH_BATCH)
    {
      GPtrArray *slice = g_ptr_array_new_full (FLUSH_BATCH, (GDestroyNotify) _ingest_validation_result_data_free);

      for (guint i = 0; i < FLUSH_BATCH; i++)
        g_ptr_array_add (slice, g_steal_pointer (&batch->pdata[i]));
      g_ptr_array_remove_range (batch, 0, FLUSH_BATCH);   /* NULLs now: nothing freed */
      _ingest_validation_job_post (job, run, slice, FALSE, FALSE);
    }
  _ingest_validation_job_post (job, run, batch, FALSE, FALSE);
}

GPtrArray *
_ingest_validation_run_steal_produced (IngestValidationRun *run)
{
  GPtrArray *batch = run->produced;

  run->produced = g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_validation_result_data_free);
  return batch;
}

/* Runs the workers and delivers their results until all are done. */
void
_ingest_validation_run_read (IngestValidationJob *job,
                             IngestValidationRun *run)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads = run->n_threads;
  gint64 last_flush = g_get_monotonic_time ();
  gint64 last_poll = 0;

  if (n_threads == 0)
    n_threads = CLAMP (g_get_num_processors (), 1, 4);
  n_threads = MIN (n_threads, MAX (1, (guint) g_queue_get_length (&run->queue)));

  run->n_busy = n_threads;
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("ingest-validate", worker_thread, run));

  g_mutex_lock (&run->mutex);
  for (;;)
    {
      g_autoptr(GPtrArray) batch = NULL;
      gint64 now = g_get_monotonic_time ();
      gboolean done = run->n_busy == 0;
      gboolean state = run->state_changed;
      gboolean removed = run->removed;

      if (!done && !state && run->produced->len < FLUSH_BATCH &&
          now - last_flush < FLUSH_INTERVAL_USEC && !(removed && now - last_poll >= REMOVED_POLL_USEC))
        {
          g_cond_wait_until (&run->cond, &run->mutex, now + 100 * G_TIME_SPAN_MILLISECOND);
          continue;
        }

      run->state_changed = FALSE;
      if (run->produced->len > 0)
        batch = _ingest_validation_run_steal_produced (run);
      g_mutex_unlock (&run->mutex);

      if (batch != NULL)
        _ingest_validation_run_flush (job, run, g_steal_pointer (&batch));
      last_flush = now;
      if (state)
        _ingest_validation_job_post (job, run, NULL, FALSE, TRUE);
      if (removed && now - last_poll >= REMOVED_POLL_USEC)
        {
          last_poll = now;
          if (drive_present (run))
            {
              g_mutex_lock (&run->mutex);
              run->paused = run->removed = FALSE;
              run->state_changed = TRUE;
              g_clear_pointer (&run->pause_message, g_free);
              g_cond_broadcast (&run->cond);
              g_mutex_unlock (&run->mutex);
            }
        }

      g_mutex_lock (&run->mutex);
      if (done && run->produced->len == 0)
        break;
    }
  g_mutex_unlock (&run->mutex);

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
}

void
_ingest_validation_run_end_sinks (IngestValidationRun *run,
                                  gboolean             completed)
{
  for (guint i = 0; i < run->sinks->len; i++)
    ingest_read_sink_end (g_ptr_array_index (run->sinks, i), completed);
}
