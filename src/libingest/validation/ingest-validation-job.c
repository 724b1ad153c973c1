/* ingest-validation-job.c
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

#define G_LOG_DOMAIN "ingest-validation-job"

#include "config.h"

#include "ingest-progress.h"
#include "ingest-validation-compare-private.h"
#include "ingest-validation-run-private.h"

/* Progress properties change at most this often. */
#define PROGRESS_INTERVAL_MS 200

struct _IngestValidationJob
{
  GObject                    parent_instance;

  /* configuration */
  char                      *root;
  char                      *label;
  GPtrArray                 *expected_paths;
  IngestCatalog             *catalog;
  guint                      n_threads;
  gboolean                   reuse;
  gboolean                   record;
  GPtrArray                 *sinks;            /* IngestReadSink * */

  IngestValidationRun       *run;
  guint                      progress_source;
  IngestProgress             progress;      /* "rate", "eta" */
  guint                      batches_delivered;

  /* state shown */
  IngestValidationPhase      phase;
  double                     fraction;
  guint64                    bytes_done;
  guint64                    bytes_total;
  guint64                    bytes_resumed;
  guint                      files_done;
  guint                      files_total;
  char                      *message;
  gboolean                   paused;
  IngestValidationVerdict    verdict;
  char                      *identity;
  char                      *drive_label;
  char                      *uuid;
  char                      *filesystem;
  gboolean                   read_only;
  guint64                    counts[INGEST_VALIDATION_N_STATUSES];
  gint64                     started_at;
  gint64                     finished_at;
  gint64                     run_id;
  GListStore                *results;
  GListStore                *rolls;
  IngestExpectedManifest    *expected;
  GPtrArray                 *diagnostics;      /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (IngestValidationJob, ingest_validation_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_PHASE,
  PROP_FRACTION,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_BYTES_RESUMED,
  PROP_FILES_DONE,
  PROP_FILES_TOTAL,
  PROP_RATE,
  PROP_ETA,
  PROP_MESSAGE,
  PROP_PAUSED,
  PROP_VERDICT,
  PROP_DRIVE_IDENTITY,
  PROP_DRIVE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Delivery: catalog (coordinator thread), then the main thread
 */

typedef struct {
  IngestValidationJob *job;
  IngestValidationRun *run;
  GPtrArray           *results;
  gboolean             scanned;
  gboolean             state;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  g_object_unref (delivery->job);
  _ingest_validation_run_unref (delivery->run);
  g_clear_pointer (&delivery->results, g_ptr_array_unref);
  g_free (delivery);
}

static gboolean deliver_cb (gpointer user_data);

void
_ingest_validation_job_post (IngestValidationJob *job,
                             IngestValidationRun *run,
                             GPtrArray           *results,
                             gboolean             scanned,
                             gboolean             state)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->job = g_object_ref (job);
  delivery->run = _ingest_validation_run_ref (run);
  delivery->results = results;
  delivery->scanned = scanned;
  delivery->state = state;
  if (results != NULL)
    g_atomic_int_inc (&run->batches_sent);
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, deliver_cb, delivery, delivery_free);
}

/* Appends an in-place generation to every target history through the MHL
 * engine's create operation, which records each file as verified or failed.
 * It takes the digests of this run's read (same size and mtime, same
 * formats); only files this run did not read (reused from an earlier run,
 * manifests, changed since) are read by it. */
static void
record_generations (IngestValidationRun *run)
{
  IngestMhlCreator creator = { 0 };
  g_autofree char *comment = NULL;

  comment = g_strdup_printf ("validated by %s: %s", PACKAGE_NAME, ingest_validation_verdict_to_string (run->verdict));
  creator.comment = comment;
  for (guint i = 0; i < run->record_targets->len; i++)
    {
      const IngestValidationRecordTarget *target = &g_array_index (run->record_targets, IngestValidationRecordTarget, i);
      const char *root = ingest_mhl_history_get_root (target->history);
      g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
      g_autoptr(GError) error = NULL;

      ingest_mhl_verifier_set_creator (verifier, &creator);
      ingest_mhl_verifier_set_hash_kinds (verifier, target->kinds);
      ingest_mhl_verifier_set_n_threads (verifier, run->n_threads);
      ingest_mhl_verifier_set_precomputed (verifier, run->precomputed);
      if (!ingest_mhl_verifier_run (verifier, run->cancellable, &error))
        _ingest_validation_run_add_diagnostic (run, "Could not record a new ASC MHL generation in %s: %s", root, error->message);
      else
        _ingest_validation_run_add_diagnostic (run, "Recorded a new ASC MHL generation (in-place) in %s", root);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  IngestValidationJob *job = source_object;
  IngestValidationRun *run = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  const char *verdict = NULL;
  guint64 n_verified;

  if (!_ingest_validation_run_scan (run, &history, &error))
    goto failed;
  if (run->catalog != NULL &&
      !_ingest_validation_catalog_begin (run->catalog, run->identity, run->drive_label, run->uuid,
                                         run->filesystem, run->rolls, run->started_at, &run->run_id, &error))
    goto failed;
  run->roll_counts = g_malloc0_n (run->rolls->len, sizeof *run->roll_counts);
  _ingest_validation_job_post (job, run, NULL, TRUE, FALSE);

  _ingest_validation_run_read (job, run);

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      if (run->catalog != NULL)
        _ingest_validation_catalog_end (run->catalog, run->run_id, "cancelled", NULL, "cancelled", NULL);
      _ingest_validation_run_end_sinks (run, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _ingest_validation_run_add_missing (run);
  if (run->produced->len > 0)
    _ingest_validation_run_flush (job, run, _ingest_validation_run_steal_produced (run));

  run->verdict = _ingest_validation_verdict_drive (run->rolls, run->roll_counts, &n_verified);
  if (n_verified == 0)
    _ingest_validation_run_add_diagnostic (run, "No file was verified: nothing on this drive is vouched for");
  if (run->record_targets->len > 0)
    record_generations (run);
  g_hash_table_remove_all (run->precomputed);

  verdict = run->verdict == INGEST_VALIDATION_VERDICT_OK ? "ok" : "problems";
  if (run->catalog != NULL &&
      !_ingest_validation_catalog_end (run->catalog, run->run_id, "finished", verdict,
                                       ingest_validation_verdict_to_string (run->verdict), &error))
    g_warning ("The validation run could not be closed in the catalog: %s", error->message);

  _ingest_validation_run_end_sinks (run, TRUE);
  g_task_return_boolean (task, TRUE);
  return;

failed:
  if (run->catalog != NULL && run->run_id != 0)
    _ingest_validation_catalog_end (run->catalog, run->run_id, "failed", NULL, error->message, NULL);
  _ingest_validation_run_end_sinks (run, FALSE);
  g_task_return_error (task, g_steal_pointer (&error));
}

/*
 * Main thread
 */

/* g_set_str() is GLib 2.76 */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_string (IngestValidationJob  *self,
            char                **field,
            const char           *value,
            guint                 prop)
{
  if (replace_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

#define SET_FIELD(self, field, value, prop) \
  G_STMT_START { \
    if ((self)->field != (value)) \
      { \
        (self)->field = (value); \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      } \
  } G_STMT_END

static void
set_phase (IngestValidationJob   *self,
           IngestValidationPhase  phase)
{
  SET_FIELD (self, phase, phase, PROP_PHASE);
}

static void
update_progress (IngestValidationJob *self)
{
  IngestValidationRun *run = self->run;
  gint64 now = g_get_monotonic_time ();
  guint64 bytes_done;
  double fraction;

  if (run == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  bytes_done = MIN (__atomic_load_n (&run->bytes_done, __ATOMIC_RELAXED), self->bytes_total);
  SET_FIELD (self, bytes_done, bytes_done, PROP_BYTES_DONE);
  SET_FIELD (self, files_done, (guint) g_atomic_int_get (&run->files_done), PROP_FILES_DONE);

  if (ingest_progress_sample (&self->progress, bytes_done, self->bytes_total - bytes_done, self->paused, now))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
    }

  fraction = self->bytes_total > 0 ? (double) bytes_done / self->bytes_total
           : self->files_total > 0 ? (double) self->files_done / self->files_total : 0;
  SET_FIELD (self, fraction, CLAMP (fraction, 0.0, 1.0), PROP_FRACTION);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
progress_cb (gpointer user_data)
{
  update_progress (user_data);
  return G_SOURCE_CONTINUE;
}

static void
take_diagnostics (IngestValidationJob *self,
                  GPtrArray           *diagnostics)
{
  g_ptr_array_set_size (self->diagnostics, 0);
  for (guint i = 0; i < diagnostics->len; i++)
    g_ptr_array_add (self->diagnostics, g_strdup (g_ptr_array_index (diagnostics, i)));
  g_ptr_array_add (self->diagnostics, NULL);
}

static void
deliver_scanned (IngestValidationJob *self,
                 IngestValidationRun *run)
{
  g_autoptr(GPtrArray) rolls = g_ptr_array_new_with_free_func (g_object_unref);

  set_string (self, &self->identity, run->identity, PROP_DRIVE_IDENTITY);
  set_string (self, &self->drive_label, run->drive_label, PROP_DRIVE_LABEL);
  replace_string (&self->uuid, run->uuid);
  replace_string (&self->filesystem, run->filesystem);
  self->read_only = run->read_only;
  self->run_id = run->run_id;
  g_set_object (&self->expected, run->expected);
  take_diagnostics (self, run->diagnostics);

  for (guint r = 0; r < run->rolls->len; r++)
    {
      IngestValidationRollData *roll = g_ptr_array_index (run->rolls, r);

      g_ptr_array_add (rolls, ingest_validation_roll_new (roll->name, roll->path, roll->kind_label,
                                                          roll->mhl_kind, roll->n_expected));
    }
  g_list_store_splice (self->rolls, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rolls)), rolls->pdata, rolls->len);

  g_object_freeze_notify (G_OBJECT (self));
  SET_FIELD (self, bytes_total, run->bytes_total, PROP_BYTES_TOTAL);
  SET_FIELD (self, bytes_resumed, run->bytes_resumed, PROP_BYTES_RESUMED);
  SET_FIELD (self, files_total, (guint) run->files_total, PROP_FILES_TOTAL);
  set_phase (self, INGEST_VALIDATION_PHASE_HASHING);
  if (!self->paused)
    set_string (self, &self->message, "Reading files", PROP_MESSAGE);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
deliver_results (IngestValidationJob *self,
                 GPtrArray           *batch)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_full (batch->len, g_object_unref);

  for (guint i = 0; i < batch->len; i++)
    {
      IngestValidationResultData *data = g_ptr_array_index (batch, i);
      IngestValidationRollData *roll = g_ptr_array_index (self->run->rolls, data->roll);
      g_autoptr(IngestValidationRoll) roll_object = g_list_model_get_item (G_LIST_MODEL (self->rolls), data->roll);

      g_ptr_array_add (objects,
                       g_object_new (INGEST_TYPE_VALIDATION_RESULT,
                                     "path", data->path,
                                     "status", data->status,
                                     "roll", roll->path,
                                     "kind", data->kind >= 0 ? ingest_hash_kind_get_name (data->kind) : NULL,
                                     "expected", data->expected,
                                     "found", data->found,
                                     "size", data->size,
                                     "mtime-ns", data->mtime_ns,
                                     "renamed-from", data->renamed_from,
                                     "message", data->message,
                                     "source", data->source,
                                     "disagreement", (gboolean) data->disagreement,
                                     "resumed", (gboolean) data->resumed,
                                     NULL));
      self->counts[data->status]++;
      if (roll_object != NULL)
        ingest_validation_roll_add_result (roll_object, data->status);
    }
  g_list_store_splice (self->results, g_list_model_get_n_items (G_LIST_MODEL (self->results)), 0,
                       objects->pdata, objects->len);
  self->batches_delivered++;
}

static gboolean
deliver_cb (gpointer user_data)
{
  Delivery *delivery = user_data;
  IngestValidationJob *self = delivery->job;

  if (self->run != delivery->run)
    return G_SOURCE_REMOVE;  /* from an earlier run */

  if (delivery->scanned)
    deliver_scanned (self, delivery->run);
  if (delivery->results != NULL)
    deliver_results (self, delivery->results);
  if (delivery->state)
    {
      gboolean paused;
      g_autofree char *message = NULL;

      g_mutex_lock (&delivery->run->mutex);
      paused = delivery->run->paused;
      message = g_strdup (delivery->run->pause_message);
      g_mutex_unlock (&delivery->run->mutex);
      g_object_freeze_notify (G_OBJECT (self));
      set_string (self, &self->message, paused ? message : "Reading files", PROP_MESSAGE);
      SET_FIELD (self, paused, paused, PROP_PAUSED);
      g_object_thaw_notify (G_OBJECT (self));
    }
  return G_SOURCE_REMOVE;
}

static char *
summary_message (IngestValidationJob *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
    if (self->counts[s] > 0)
      g_string_append_printf (text, "%s%" G_GUINT64_FORMAT " %s", text->len > 0 ? " · " : "",
                              self->counts[s], ingest_validation_status_to_string (s));
  if (text->len == 0)
    g_string_append (text, "no files");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  IngestValidationRun *run = self->run;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* Every batch the coordinator posted is delivered before this runs: they
   * were queued first on the same context at the same priority. */
  g_warn_if_fail (self->batches_delivered == (guint) g_atomic_int_get (&run->batches_sent));

  update_progress (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->finished_at = g_get_real_time ();

  g_object_freeze_notify (G_OBJECT (self));
  SET_FIELD (self, paused, FALSE, PROP_PAUSED);
  take_diagnostics (self, run->diagnostics);   /* the coordinator is done with them */
  if (ok)
    {
      g_autofree char *summary = NULL;

      for (guint r = 0; r < g_list_model_get_n_items (G_LIST_MODEL (self->rolls)); r++)
        {
          g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (G_LIST_MODEL (self->rolls), r);

          ingest_validation_roll_conclude (roll);
          if (ingest_validation_roll_get_verdict (roll) == INGEST_VALIDATION_VERDICT_UNVERIFIABLE)
            {
              g_ptr_array_remove_index (self->diagnostics, self->diagnostics->len - 1);
              g_ptr_array_add (self->diagnostics,
                               g_strdup_printf ("Roll %s (%s): no manifest covers it — unverifiable, not verified; "
                                                "it can be sealed (a first ASC MHL generation written)",
                                                ingest_validation_roll_get_name (roll),
                                                ingest_validation_roll_get_path (roll)));
              g_ptr_array_add (self->diagnostics, NULL);
            }
        }
      SET_FIELD (self, verdict, run->verdict, PROP_VERDICT);
      SET_FIELD (self, fraction, 1.0, PROP_FRACTION);
      if (ingest_progress_done (&self->progress))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
      summary = summary_message (self);
      set_string (self, &self->message, summary, PROP_MESSAGE);
      set_phase (self, INGEST_VALIDATION_PHASE_DONE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_string (self, &self->message, "Cancelled", PROP_MESSAGE);
      set_phase (self, INGEST_VALIDATION_PHASE_CANCELLED);
    }
  else
    {
      set_string (self, &self->message, error->message, PROP_MESSAGE);
      set_phase (self, INGEST_VALIDATION_PHASE_FAILED);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  IngestValidationRun *run = user_data;

  /* wake paused workers so they see it */
  g_mutex_lock (&run->mutex);
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
}

/*
 * GObject
 */

static void
ingest_validation_job_dispose (GObject *object)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->catalog);
  g_clear_object (&self->expected);
  g_ptr_array_set_size (self->sinks, 0);

  G_OBJECT_CLASS (ingest_validation_job_parent_class)->dispose (object);
}

static void
ingest_validation_job_finalize (GObject *object)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  g_clear_pointer (&self->run, _ingest_validation_run_unref);
  g_free (self->root);
  g_free (self->label);
  g_ptr_array_unref (self->expected_paths);
  g_free (self->message);
  g_free (self->identity);
  g_free (self->drive_label);
  g_free (self->uuid);
  g_free (self->filesystem);
  g_object_unref (self->results);
  g_object_unref (self->rolls);
  g_ptr_array_unref (self->diagnostics);
  g_ptr_array_unref (self->sinks);

  G_OBJECT_CLASS (ingest_validation_job_parent_class)->finalize (object);
}

static void
ingest_validation_job_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  switch (prop_id)
    {
    case PROP_ROOT: g_value_set_string (value, self->root); break;
    case PROP_PHASE: g_value_set_enum (value, self->phase); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_BYTES_DONE: g_value_set_uint64 (value, self->bytes_done); break;
    case PROP_BYTES_TOTAL: g_value_set_uint64 (value, self->bytes_total); break;
    case PROP_BYTES_RESUMED: g_value_set_uint64 (value, self->bytes_resumed); break;
    case PROP_FILES_DONE: g_value_set_uint (value, self->files_done); break;
    case PROP_FILES_TOTAL: g_value_set_uint (value, self->files_total); break;
    case PROP_RATE: g_value_set_double (value, self->progress.rate); break;
    case PROP_ETA: g_value_set_int64 (value, self->progress.eta); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_VERDICT: g_value_set_enum (value, self->verdict); break;
    case PROP_DRIVE_IDENTITY: g_value_set_string (value, self->identity); break;
    case PROP_DRIVE_LABEL: g_value_set_string (value, self->drive_label); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_job_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_canonicalize_filename (g_value_get_string (value), NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_job_class_init (IngestValidationJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_validation_job_dispose;
  object_class->finalize = ingest_validation_job_finalize;
  object_class->get_property = ingest_validation_job_get_property;
  object_class->set_property = ingest_validation_job_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] = g_param_spec_enum ("phase", NULL, NULL, INGEST_TYPE_VALIDATION_PHASE,
                                              INGEST_VALIDATION_PHASE_IDLE, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_RESUMED] = g_param_spec_uint64 ("bytes-resumed", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FILES_DONE] = g_param_spec_uint ("files-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FILES_TOTAL] = g_param_spec_uint ("files-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  properties[PROP_VERDICT] = g_param_spec_enum ("verdict", NULL, NULL, INGEST_TYPE_VALIDATION_VERDICT,
                                                INGEST_VALIDATION_VERDICT_PENDING, ro);
  properties[PROP_DRIVE_IDENTITY] = g_param_spec_string ("drive-identity", NULL, NULL, NULL, ro);
  properties[PROP_DRIVE_LABEL] = g_param_spec_string ("drive-label", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_validation_job_init (IngestValidationJob *self)
{
  self->reuse = TRUE;
  ingest_progress_init (&self->progress);
  self->expected_paths = g_ptr_array_new_with_free_func (g_free);
  self->results = g_list_store_new (INGEST_TYPE_VALIDATION_RESULT);
  self->rolls = g_list_store_new (INGEST_TYPE_VALIDATION_ROLL);
  self->diagnostics = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->diagnostics, NULL);
  self->sinks = g_ptr_array_new_with_free_func (g_object_unref);
}

/*
 * Public API
 */

IngestValidationJob *
ingest_validation_job_new (const char *root)
{
  g_return_val_if_fail (root != NULL, NULL);
  return g_object_new (INGEST_TYPE_VALIDATION_JOB, "root", root, NULL);
}

const char *
ingest_validation_job_get_root (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return self->root;
}

void
ingest_validation_job_add_expected (IngestValidationJob *self,
                                    const char          *path)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->run == NULL);

  g_ptr_array_add (self->expected_paths, g_canonicalize_filename (path, NULL));
}

void
ingest_validation_job_set_catalog (IngestValidationJob *self,
                                   IngestCatalog       *catalog)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (catalog == NULL || INGEST_IS_CATALOG (catalog));
  g_return_if_fail (self->run == NULL);

  g_set_object (&self->catalog, catalog);
}

void
ingest_validation_job_set_reuse_verified (IngestValidationJob *self,
                                          gboolean             reuse)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  self->reuse = !!reuse;
}

void
ingest_validation_job_set_record (IngestValidationJob *self,
                                  gboolean             record)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  self->record = !!record;
}

void
ingest_validation_job_set_n_threads (IngestValidationJob *self,
                                     guint                n_threads)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  self->n_threads = n_threads;
}

void
ingest_validation_job_set_label (IngestValidationJob *self,
                                 const char          *label)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  replace_string (&self->label, label);
}

/**
 * ingest_validation_job_add_sink:
 * @sink: (transfer none): fed from the run's read (a reference is kept)
 *
 * Before running. Every sink gets every file's bytes from the same buffer,
 * in order, and every file's verdict; see #IngestReadSink.
 */
void
ingest_validation_job_add_sink (IngestValidationJob *self,
                                IngestReadSink      *sink)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (INGEST_IS_READ_SINK (sink));
  g_return_if_fail (self->run == NULL);

  g_ptr_array_add (self->sinks, g_object_ref (sink));
}

void
ingest_validation_job_run_async (IngestValidationJob *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  IngestValidationRun *run;

  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->run == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_validation_job_run_async);

  run = _ingest_validation_run_new (self->root, cancellable);
  run->label = g_strdup (self->label);
  g_ptr_array_add (self->expected_paths, NULL);
  run->expected_paths = g_strdupv ((char **) self->expected_paths->pdata);
  g_ptr_array_remove_index (self->expected_paths, self->expected_paths->len - 1);
  run->catalog = self->catalog != NULL ? g_object_ref (self->catalog) : NULL;
  run->n_threads = self->n_threads;
  run->reuse = self->reuse && self->catalog != NULL;
  run->record = self->record;
  for (guint i = 0; i < self->sinks->len; i++)
    g_ptr_array_add (run->sinks, g_object_ref (g_ptr_array_index (self->sinks, i)));
  run->started_at = g_get_real_time ();
  run->cancelled_id = g_cancellable_connect (run->cancellable, G_CALLBACK (cancelled_cb), run, NULL);
  self->run = run;

  self->started_at = run->started_at;
  set_phase (self, INGEST_VALIDATION_PHASE_SCANNING);
  set_string (self, &self->message, "Reading manifests and listing files", PROP_MESSAGE);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);

  inner = g_task_new (self, run->cancellable, run_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, run_thread);
  g_task_set_task_data (inner, _ingest_validation_run_ref (run), (GDestroyNotify) _ingest_validation_run_unref);
  g_task_run_in_thread (inner, run_thread);
}

gboolean
ingest_validation_job_run_finish (IngestValidationJob  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ingest_validation_job_pause (IngestValidationJob *self,
                             const char          *message)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));

  if (self->run == NULL || self->phase >= INGEST_VALIDATION_PHASE_DONE)
    return;
  if (message == NULL)
    message = "Paused";
  g_mutex_lock (&self->run->mutex);
  self->run->paused = TRUE;
  replace_string (&self->run->pause_message, message);
  g_mutex_unlock (&self->run->mutex);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->message, message, PROP_MESSAGE);
  SET_FIELD (self, paused, TRUE, PROP_PAUSED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ingest_validation_job_resume (IngestValidationJob *self,
                              const char          *root)
{
  g_autofree char *canonical = NULL;

  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));

  if (self->run == NULL)
    return;
  if (root != NULL)
    canonical = g_canonicalize_filename (root, NULL);
  /* "root" first: whoever follows it (an upload's sink) knows the
   * new place before a worker reads from it. */
  if (canonical != NULL)
    set_string (self, &self->root, canonical, PROP_ROOT);
  g_mutex_lock (&self->run->mutex);
  if (canonical != NULL)
    {
      g_free (self->run->root);
      self->run->root = g_strdup (canonical);
    }
  self->run->paused = self->run->removed = FALSE;
  g_clear_pointer (&self->run->pause_message, g_free);
  g_cond_broadcast (&self->run->cond);
  g_mutex_unlock (&self->run->mutex);

  if (self->phase < INGEST_VALIDATION_PHASE_DONE)
    {
      g_object_freeze_notify (G_OBJECT (self));
      set_string (self, &self->message, "Reading files", PROP_MESSAGE);
      SET_FIELD (self, paused, FALSE, PROP_PAUSED);
      g_object_thaw_notify (G_OBJECT (self));
    }
}

#define GETTER(type, name, field) \
  type ingest_validation_job_get_##name (IngestValidationJob *self) \
  { \
    g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), 0); \
    return self->field; \
  }

GETTER (IngestValidationPhase, phase, phase)
GETTER (double, fraction, fraction)
GETTER (guint64, bytes_done, bytes_done)
GETTER (guint64, bytes_total, bytes_total)
GETTER (guint64, bytes_resumed, bytes_resumed)
GETTER (guint, files_done, files_done)
GETTER (guint, files_total, files_total)
GETTER (double, rate, progress.rate)
GETTER (gint64, eta, progress.eta)
GETTER (const char *, message, message)
GETTER (gboolean, paused, paused)
GETTER (IngestValidationVerdict, verdict, verdict)
GETTER (const char *, drive_identity, identity)
GETTER (const char *, drive_label, drive_label)
GETTER (const char *, drive_uuid, uuid)
GETTER (const char *, drive_filesystem, filesystem)
GETTER (gboolean, drive_read_only, read_only)
GETTER (gint64, started_at, started_at)
GETTER (gint64, finished_at, finished_at)
GETTER (gint64, run_id, run_id)
GETTER (IngestExpectedManifest *, expected, expected)

#undef GETTER

guint64
ingest_validation_job_get_count (IngestValidationJob    *self,
                                 IngestValidationStatus  status)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), 0);
  g_return_val_if_fail (status < INGEST_VALIDATION_N_STATUSES, 0);
  return self->counts[status];
}

/**
 * ingest_validation_job_list_results:
 *
 * Returns: (transfer full): a #GListModel of #IngestValidationResult, in the
 *   order they were produced; sort it with ingest_validation_result_compare()
 *   to see the problems first
 */
GListModel *
ingest_validation_job_list_results (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return g_object_ref (G_LIST_MODEL (self->results));
}

/**
 * ingest_validation_job_list_rolls:
 *
 * Returns: (transfer full): a #GListModel of #IngestValidationRoll
 */
GListModel *
ingest_validation_job_list_rolls (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return g_object_ref (G_LIST_MODEL (self->rolls));
}

const char * const *
ingest_validation_job_get_diagnostics (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return (const char * const *) self->diagnostics->pdata;
}
