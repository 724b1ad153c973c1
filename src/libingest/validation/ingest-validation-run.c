/* ingest-validation-run.c
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

/* The plain data one validation run's threads share: its life, and the helpers every thread uses on it. */

#define G_LOG_DOMAIN "ingest-validation-job"

#include "config.h"

#include "ingest-hash-job.h"
#include "ingest-validation-run-private.h"

void
_ingest_validation_work_item_free (IngestValidationWorkItem *item)
{
  g_free (item->path);
  g_free (item->target);
  g_free (item);
}

static void
roll_data_free (gpointer data)
{
  IngestValidationRollData *roll = data;

  g_free (roll->name);
  g_free (roll->path);
  g_free (roll->kind_nick);
  g_free (roll->kind_label);
  g_free (roll->mhl_kind);
  g_free (roll);
}

static void
record_target_clear (gpointer data)
{
  IngestValidationRecordTarget *target = data;

  g_object_unref (target->history);
  g_free (target->prefix);
}

IngestValidationRun *
_ingest_validation_run_new (const char   *root,
                            GCancellable *cancellable)
{
  IngestValidationRun *run = g_new0 (IngestValidationRun, 1);

  g_atomic_ref_count_init (&run->ref);
  g_mutex_init (&run->mutex);
  g_cond_init (&run->cond);
  run->context = g_main_context_ref_thread_default ();
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  run->root = g_strdup (root);
  run->sinks = g_ptr_array_new_with_free_func (g_object_unref);
  run->rolls = g_ptr_array_new_with_free_func (roll_data_free);
  run->diagnostics = g_ptr_array_new_with_free_func (g_free);
  run->seen = g_hash_table_new (NULL, NULL);
  run->missing_by_hash = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->precomputed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ingest_hash_job_free);
  run->record_targets = g_array_new (FALSE, FALSE, sizeof (IngestValidationRecordTarget));
  g_array_set_clear_func (run->record_targets, record_target_clear);
  run->claimed = g_hash_table_new (NULL, NULL);
  run->produced = g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_validation_result_data_free);
  return run;
}

IngestValidationRun *
_ingest_validation_run_ref (IngestValidationRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

void
_ingest_validation_run_unref (IngestValidationRun *run)
{
  if (!g_atomic_ref_count_dec (&run->ref))
    return;

  g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  g_clear_object (&run->cancellable);
  g_main_context_unref (run->context);
  g_free (run->label);
  g_strfreev (run->expected_paths);
  g_clear_object (&run->catalog);
  g_free (run->identity);
  g_free (run->drive_label);
  g_free (run->uuid);
  g_free (run->filesystem);
  g_clear_object (&run->expected);
  g_clear_pointer (&run->rolls, g_ptr_array_unref);
  g_clear_pointer (&run->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&run->seen, g_hash_table_unref);
  g_clear_pointer (&run->missing_by_hash, g_hash_table_unref);
  g_free (run->roll_counts);
  g_free (run->root);
  g_queue_clear_full (&run->queue, (GDestroyNotify) _ingest_validation_work_item_free);
  g_ptr_array_unref (run->produced);
  g_hash_table_unref (run->claimed);
  g_hash_table_unref (run->precomputed);
  g_array_unref (run->record_targets);
  g_ptr_array_unref (run->sinks);
  g_free (run->pause_message);
  g_mutex_clear (&run->mutex);
  g_cond_clear (&run->cond);
  g_free (run);
}

char *
_ingest_validation_run_dup_root (IngestValidationRun *run)
{
  char *root;

  g_mutex_lock (&run->mutex);
  root = g_strdup (run->root);
  g_mutex_unlock (&run->mutex);
  return root;
}

void
_ingest_validation_run_add_diagnostic (IngestValidationRun *run,
                                       const char          *format,
                                       ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (run->diagnostics, g_strdup_vprintf (format, args));
  va_end (args);
}
