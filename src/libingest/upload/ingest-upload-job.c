/* ingest-upload-job.c
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

/* The GObject job: properties, signals, run/finish, pause/resume, progress; it drives the delivery and the histories. */

#define G_LOG_DOMAIN "ingest-upload-job"

#include "config.h"

#include "ingest-catalog.h"
#include "ingest-progress.h"
#include "ingest-upload-delivery-private.h"
#include "ingest-upload-history-private.h"
#include "ingest-upload-job.h"

/* Completions and HEADs run here, off the readers' threads. */
#define N_FINISHERS 4
#define PROGRESS_INTERVAL_MS 250

typedef IngestUploadShared Shared;
typedef IngestUploadReport Report;

struct _IngestUploadJob
{
  GObject              parent_instance;

  Shared              *shared;
  IngestCatalog       *catalog;
  GPtrArray           *expected_paths;
  IngestReadSink      *sink;
  gboolean             started;
  guint                n_threads;
  gboolean             upload_history;
  gboolean             abort_on_cancel;

  IngestValidationJob *validation;
  GTask               *task;
  GThreadPool         *finishers;
  gboolean             validated;
  gboolean             user_paused;
  gboolean             paused;
  guint                active_serial;  /* of the last "n-active-files" notify */
  guint                n_active_files;
  GError              *validation_error;
  guint                progress_source;

  guint                files_total;
  guint                files_verified;
  guint                files_already_delivered;
  guint                files_failed;
  guint64              bytes_total;
  guint64              bytes_sent;
  guint64              bytes_resumed;
  double               fraction;
  IngestProgress       progress;      /* "rate", "eta" */
  char                *message;
};

enum {
  PROP_0,
  PROP_FILES_TOTAL,
  PROP_FILES_VERIFIED,
  PROP_FILES_ALREADY_DELIVERED,
  PROP_FILES_FAILED,
  PROP_BYTES_TOTAL,
  PROP_BYTES_SENT,
  PROP_BYTES_RESUMED,
  PROP_FRACTION,
  PROP_RATE,
  PROP_ETA,
  PROP_MESSAGE,
  PROP_PAUSED,
  PROP_N_ACTIVE_FILES,
  PROP_ACTIVE_FILES,
  N_PROPS
};

enum {
  FILE_OUTCOME,
  HISTORY_OUTCOME,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (IngestUploadJob, ingest_upload_job, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/*
 * Main thread
 */

static void
set_fraction (IngestUploadJob *self,
              double           fraction)
{
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_message (IngestUploadJob *self,
             const char      *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

#define SET_COUNTER(self, field, value, prop)                                  \
  G_STMT_START {                                                               \
    if ((self)->field != (value))                                              \
      {                                                                        \
        (self)->field = (value);                                               \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);          \
      }                                                                        \
  } G_STMT_END

static void
update_progress (IngestUploadJob *self)
{
  Shared *shared = self->shared;
  guint64 sent = __atomic_load_n (&shared->bytes_sent, __ATOMIC_RELAXED);
  guint64 resumed = __atomic_load_n (&shared->bytes_resumed, __ATOMIC_RELAXED);

  /* Files still being read count as they go (a 200 GB clip must show
   * progress); never backwards while one passes to the finishers. */
  _ingest_upload_shared_in_flight (shared, &sent, &resumed);

  g_object_freeze_notify (G_OBJECT (self));
  SET_COUNTER (self, bytes_total, __atomic_load_n (&shared->bytes_total, __ATOMIC_RELAXED), PROP_BYTES_TOTAL);
  SET_COUNTER (self, bytes_sent, MAX (self->bytes_sent, sent), PROP_BYTES_SENT);
  SET_COUNTER (self, bytes_resumed, MAX (self->bytes_resumed, resumed), PROP_BYTES_RESUMED);
  /* Of what the scan found, times the destinations: delivered or already there. */
  if (self->validation != NULL && ingest_validation_job_get_bytes_total (self->validation) > 0)
    {
      double whole = (double) ingest_validation_job_get_bytes_total (self->validation) * shared->destinations->len;
      double fraction = MIN (1.0, (self->bytes_sent + self->bytes_resumed) / whole);
      guint64 remaining = (guint64) whole - MIN ((guint64) whole, self->bytes_sent + self->bytes_resumed);

      if (fraction - self->fraction > 0.001 || (fraction == 1.0 && self->fraction != 1.0))
        set_fraction (self, fraction);
      /* The rate of new bytes sent (what the resume skipped costs no time). */
      if (self->task != NULL &&
          ingest_progress_sample (&self->progress, self->bytes_sent, remaining, self->paused, g_get_monotonic_time ()))
        {
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Tells the GUI the files in flight changed (from the timer: at most ~4
 * times a second, however many small files go by). */
static void
notify_active (IngestUploadJob *self)
{
  guint serial, n;

  g_mutex_lock (&self->shared->lock);
  serial = self->shared->active_serial;
  n = g_hash_table_size (self->shared->active);
  g_mutex_unlock (&self->shared->lock);
  if (serial == self->active_serial)
    return;
  self->active_serial = serial;
  self->n_active_files = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE_FILES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_FILES]);
}

static gboolean
progress_cb (gpointer data)
{
  update_progress (data);
  notify_active (data);
  return G_SOURCE_CONTINUE;
}

/* Paused by the user, or by validation itself when the drive went away. */
static void
update_paused (IngestUploadJob *self)
{
  gboolean validation_paused = self->validation != NULL && ingest_validation_job_get_paused (self->validation);
  gboolean paused = self->user_paused || validation_paused;
  gboolean was_paused = self->paused;

  /* The message first: whoever hears "paused" reads why. */
  if (self->task != NULL && self->user_paused)
    set_message (self, "Paused");
  else if (self->task != NULL && validation_paused)
    set_message (self, ingest_validation_job_get_message (self->validation));
  else if (self->task != NULL && was_paused)
    set_message (self, "Reading, verifying and uploading");
  if (paused != was_paused)
    {
      self->paused = paused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
}

static void
validation_paused_cb (IngestValidationJob *validation,
                      GParamSpec          *pspec,
                      IngestUploadJob     *self)
{
  update_paused (self);
}

/* The drive came back at another mount point: read it there. */
static void
validation_root_cb (IngestValidationJob *validation,
                    GParamSpec          *pspec,
                    IngestUploadJob     *self)
{
  g_mutex_lock (&self->shared->lock);
  g_free (self->shared->root);
  self->shared->root = g_strdup (ingest_validation_job_get_root (validation));
  g_mutex_unlock (&self->shared->lock);
}

static void history_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);
static gboolean history_outcomes_cb (gpointer data);
static IngestUploadHistory *make_history (Shared *shared);
static void upload_histories_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable);

/* Everything read and every verdict reported: the histories, then done. */
static void
maybe_complete (IngestUploadJob *self)
{
  g_autoptr(GTask) history = NULL;

  if (!self->validated || g_atomic_int_get (&self->shared->outstanding) > 0 || self->task == NULL)
    return;

  if (self->validation_error == NULL && self->upload_history)
    {
      set_message (self, "Uploading the ASC MHL histories");
      history = g_task_new (self, g_task_get_cancellable (self->task), history_done_cb, NULL);
      g_task_set_task_data (history, make_history (self->shared), (GDestroyNotify) _ingest_upload_history_free);
      g_task_run_in_thread (history, upload_histories_thread);
      return;
    }
  history_done_cb (G_OBJECT (self), NULL, NULL);
}

static gboolean
report_cb (gpointer data)
{
  Report *report = data;
  IngestUploadJob *self = report->shared->job;

  _ingest_upload_shared_unset_active (self->shared, report->path);
  if (report->rows->len > 0)
    {
      g_autoptr(IngestFileOutcome) outcome = ingest_file_outcome_new (report->path, report->size, report->status,
                                                                      report->kind, report->hash, report->rows);

      g_signal_emit (self, signals[FILE_OUTCOME], 0, outcome);
    }
  if (report->counts)
    {
      g_object_freeze_notify (G_OBJECT (self));
      SET_COUNTER (self, files_total, self->files_total + 1, PROP_FILES_TOTAL);
      if (report->delivered && report->already && report->rows->len > 0)
        SET_COUNTER (self, files_already_delivered, self->files_already_delivered + 1, PROP_FILES_ALREADY_DELIVERED);
      if (report->delivered && report->rows->len > 0)
        SET_COUNTER (self, files_verified, self->files_verified + 1, PROP_FILES_VERIFIED);
      else
        SET_COUNTER (self, files_failed, self->files_failed + 1, PROP_FILES_FAILED);
      g_object_thaw_notify (G_OBJECT (self));
    }
  update_progress (self);

  /* A destination that can take nothing more (wrong key, no bucket): stop now. */
  for (guint i = 0; i < self->shared->destinations->len; i++)
    {
      g_autoptr(GError) fatal = ingest_destination_dup_fatal_error (g_ptr_array_index (self->shared->destinations, i));

      if (fatal != NULL && self->validation_error == NULL)
        {
          self->validation_error = g_error_copy (fatal);
          g_cancellable_cancel (self->shared->cancellable);
        }
    }

  g_atomic_int_dec_and_test (&self->shared->outstanding);
  maybe_complete (self);
  return G_SOURCE_REMOVE;
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   GCancellable *target)
{
  g_cancellable_cancel (target);
}

static void
phase_changed_cb (IngestValidationJob *validation,
                  GParamSpec          *pspec,
                  IngestUploadJob     *self)
{
  g_autoptr(GListModel) rolls = NULL;

  if (ingest_validation_job_get_phase (validation) < INGEST_VALIDATION_PHASE_HASHING || self->shared->scanned)
    return;

  rolls = ingest_validation_job_list_rolls (validation);
  _ingest_upload_shared_set_scan (self->shared, ingest_validation_job_get_drive_label (validation),
                                  ingest_validation_job_get_expected (validation), rolls);
  set_message (self, "Reading, verifying and uploading");
}

static void
validation_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(IngestUploadJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &error) &&
      self->validation_error == NULL)
    self->validation_error = g_steal_pointer (&error);

  /* Files whose read stopped before a verdict (cancelled): keep what the
   * destinations have for a later run, or drop it all when asked to. */
  _ingest_upload_shared_stop_reads (self->shared, self->abort_on_cancel);

  self->validated = TRUE;
  maybe_complete (self);
}

static void
history_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = NULL;

  if (result != NULL && !g_task_propagate_boolean (G_TASK (result), &error) && self->validation_error == NULL)
    self->validation_error = g_steal_pointer (&error);
  /* Every "history-outcome" before the run's end. */
  history_outcomes_cb (self->shared);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  update_progress (self);
  notify_active (self);
  g_signal_handlers_disconnect_by_data (self->validation, self);

  if (self->validation_error != NULL)
    {
      set_message (self, self->validation_error->message);
      g_task_return_error (task, g_steal_pointer (&self->validation_error));
      return;
    }
  /* Only a run that delivered everything is whole; a failed or cancelled
   * one keeps the fraction where it stopped. */
  if (self->files_failed == 0 && self->fraction != 1.0)
    set_fraction (self, 1.0);
  if (self->files_failed == 0 && ingest_progress_done (&self->progress))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
  set_message (self, self->files_failed == 0 ? "Every file verified at every destination"
                                             : "Some files were not delivered");
  g_task_return_boolean (task, self->files_failed == 0);
}

/*
 * The rolls' ASC MHL histories (ingest-upload-history.c, a worker thread,
 * after every file)
 */

/* Main thread. Once the run's task returned, the queue is empty: the job
 * is not touched. */
static gboolean
history_outcomes_cb (gpointer data)
{
  Shared *shared = data;
  IngestHistoryOutcome *outcome;

  while (shared->job != NULL && (outcome = g_async_queue_try_pop (shared->history_outcomes)) != NULL)
    {
      g_signal_emit (shared->job, signals[HISTORY_OUTCOME], 0, outcome);
      ingest_history_outcome_free (outcome);
    }
  return G_SOURCE_REMOVE;
}

/* The history's thread: passes @outcome to the main thread. */
static void
push_history_outcome (IngestHistoryOutcome *outcome,
                      gpointer              data)
{
  Shared *shared = data;

  g_async_queue_push (shared->history_outcomes, outcome);
  g_main_context_invoke_full (shared->context, G_PRIORITY_DEFAULT, history_outcomes_cb,
                              _ingest_upload_shared_ref (shared), (GDestroyNotify) _ingest_upload_shared_unref);
}

/* What the history thread works on: its own copy of the run's state,
 * every file reported (nothing changes it any more). */
static IngestUploadHistory *
make_history (Shared *shared)
{
  IngestUploadHistory *history = g_new0 (IngestUploadHistory, 1);

  g_mutex_lock (&shared->lock);
  history->root = g_strdup (shared->root);
  history->destinations = g_ptr_array_copy (shared->destinations, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (history->destinations, g_object_unref);
  history->key_template = ingest_key_template_ref (shared->key_template);
  history->drive_label = g_strdup (shared->drive_label);
  history->rolls = g_ptr_array_copy (shared->rolls, (GCopyFunc) _ingest_upload_roll_copy, NULL);
  g_ptr_array_set_free_func (history->rolls, (GDestroyNotify) _ingest_upload_roll_free);
  history->delivered = g_ptr_array_copy (shared->delivered, (GCopyFunc) _ingest_upload_delivered_copy, NULL);
  g_ptr_array_set_free_func (history->delivered, (GDestroyNotify) _ingest_upload_delivered_free);
  history->cancellable = shared->cancellable != NULL ? g_object_ref (shared->cancellable) : NULL;
  g_mutex_unlock (&shared->lock);
  history->report = push_history_outcome;
  history->report_data = _ingest_upload_shared_ref (shared);
  history->report_data_free = (GDestroyNotify) _ingest_upload_shared_unref;
  return history;
}

static void
upload_histories_thread (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!_ingest_upload_history_run (task_data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}


/*
 * Overrides
 */

static void
ingest_upload_job_dispose (GObject *object)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->finishers != NULL)
    {
      g_thread_pool_free (self->finishers, FALSE, TRUE);
      self->finishers = NULL;
    }
  self->shared->job = NULL;
  g_clear_object (&self->validation);
  g_clear_object (&self->sink);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (ingest_upload_job_parent_class)->dispose (object);
}

static void
ingest_upload_job_finalize (GObject *object)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);

  _ingest_upload_shared_unref (self->shared);
  g_ptr_array_unref (self->expected_paths);
  g_clear_error (&self->validation_error);
  g_free (self->message);

  G_OBJECT_CLASS (ingest_upload_job_parent_class)->finalize (object);
}

static void
ingest_upload_job_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);

  switch (prop_id)
    {
    case PROP_FILES_TOTAL:
      g_value_set_uint (value, self->files_total);
      break;
    case PROP_FILES_VERIFIED:
      g_value_set_uint (value, self->files_verified);
      break;

    case PROP_FILES_ALREADY_DELIVERED:
      g_value_set_uint (value, self->files_already_delivered);
      break;
    case PROP_FILES_FAILED:
      g_value_set_uint (value, self->files_failed);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_BYTES_RESUMED:
      g_value_set_uint64 (value, self->bytes_resumed);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->progress.rate);
      break;
    case PROP_ETA:
      g_value_set_int64 (value, self->progress.eta);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_N_ACTIVE_FILES:
      g_value_set_uint (value, self->n_active_files);
      break;
    case PROP_ACTIVE_FILES:
      g_value_take_boxed (value, ingest_upload_job_dup_active_files (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_job_class_init (IngestUploadJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_upload_job_dispose;
  object_class->finalize = ingest_upload_job_finalize;
  object_class->get_property = ingest_upload_job_get_property;

  properties[PROP_FILES_TOTAL] = g_param_spec_uint ("files-total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FILES_VERIFIED] = g_param_spec_uint ("files-verified", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FILES_ALREADY_DELIVERED] = g_param_spec_uint ("files-already-delivered", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FILES_FAILED] = g_param_spec_uint ("files-failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_SENT] = g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_RESUMED] = g_param_spec_uint64 ("bytes-resumed", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_N_ACTIVE_FILES] = g_param_spec_uint ("n-active-files", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ACTIVE_FILES] = g_param_spec_boxed ("active-files", NULL, NULL, G_TYPE_PTR_ARRAY, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IngestUploadJob::file-outcome:
   * @outcome: what every destination got of one file
   *
   * Once per file to deliver, after every destination answered for it
   * (main thread). A file not delivered has, per destination, where it was
   * meant to go (or %NULL when not known), never its source path.
   */
  signals[FILE_OUTCOME] =
    g_signal_new ("file-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_FILE_OUTCOME);

  /**
   * IngestUploadJob::history-outcome:
   * @outcome: (type IngestHistoryOutcome): what one destination got of one
   *   roll's ASC MHL history
   */
  signals[HISTORY_OUTCOME] =
    g_signal_new ("history-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_HISTORY_OUTCOME | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ingest_upload_job_init (IngestUploadJob *self)
{
  self->expected_paths = g_ptr_array_new_with_free_func (g_free);
  self->upload_history = TRUE;
  ingest_progress_init (&self->progress);
}

/*
 * Public API
 */

IngestUploadJob *
ingest_upload_job_new (const char *root)
{
  g_autoptr(IngestValidationJob) read = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  read = ingest_validation_job_new (root);
  return ingest_upload_job_new_for_validation (read);
}

/**
 * ingest_upload_job_new_for_validation:
 * @read: a validation that has not run yet
 *
 * An upload fed by @read, which someone else made: other sinks can be
 * added to it (before ingest_upload_job_run_async(), which runs it). The
 * upload configures it when it runs (expected manifests, catalog, threads;
 * every file is read again, as its bytes are what goes up).
 *
 * Returns: (transfer full): a new upload job
 */
IngestUploadJob *
ingest_upload_job_new_for_validation (IngestValidationJob *read)
{
  IngestUploadJob *self;

  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (read), NULL);
  g_return_val_if_fail (ingest_validation_job_get_phase (read) == INGEST_VALIDATION_PHASE_IDLE, NULL);

  self = g_object_new (INGEST_TYPE_UPLOAD_JOB, NULL);
  self->shared = _ingest_upload_shared_new (ingest_validation_job_get_root (read));
  self->validation = g_object_ref (read);
  self->sink = _ingest_upload_sink_new (self->shared);
  ingest_validation_job_add_sink (read, self->sink);
  return self;
}

void
ingest_upload_job_add_destination (IngestUploadJob   *self,
                                   IngestDestination *destination)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (INGEST_IS_DESTINATION (destination));
  g_return_if_fail (self->task == NULL);

  g_ptr_array_add (self->shared->destinations, g_object_ref (destination));
}

/* The catalog of the validation results (and of the destinations' journal). */
void
ingest_upload_job_set_catalog (IngestUploadJob *self,
                               IngestCatalog   *catalog)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->catalog, catalog);
}

/* Where each file goes below the destinations; the default is
 * INGEST_KEY_TEMPLATE_DEFAULT with no production or shoot day. */
void
ingest_upload_job_set_key_template (IngestUploadJob   *self,
                                    IngestKeyTemplate *key_template)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (key_template != NULL);
  g_return_if_fail (self->task == NULL);

  ingest_key_template_unref (self->shared->key_template);
  self->shared->key_template = ingest_key_template_ref (key_template);
}

void
ingest_upload_job_add_expected (IngestUploadJob *self,
                                const char      *path)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_ptr_array_add (self->expected_paths, g_strdup (path));
}

void
ingest_upload_job_set_n_threads (IngestUploadJob *self,
                                 guint            n_threads)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  self->n_threads = n_threads;
}

/* Upload each roll's ascmhl/ with a transfer generation (default TRUE). */
void
ingest_upload_job_set_upload_history (IngestUploadJob *self,
                                      gboolean         upload_history)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  self->upload_history = !!upload_history;
}

/* Cancelling aborts the unfinished uploads (default FALSE: they are kept,
 * and the next run resumes them). */
void
ingest_upload_job_set_abort_on_cancel (IngestUploadJob *self,
                                       gboolean         abort_on_cancel)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  self->abort_on_cancel = !!abort_on_cancel;
}

void
ingest_upload_job_run_async (IngestUploadJob     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->task == NULL && !self->started);
  g_return_if_fail (self->shared->destinations->len > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_upload_job_run_async);

  /* A template that cannot make keys fails now, not once per file. */
  {
    g_autoptr(GError) error = NULL;
    Shared *shared = self->shared;
    g_autofree char *key = _ingest_upload_make_key (shared->key_template, shared->drive_label, shared->root,
                                                    shared->rolls, "roll/file", &error);

    if (key == NULL)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
  }
  self->task = g_object_ref (task);
  self->started = TRUE;

  /* Our own cancellable: a fatal destination error stops the run too. */
  self->shared->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                           g_object_ref (self->shared->cancellable), g_object_unref);

  self->finishers = g_thread_pool_new (_ingest_upload_shared_finish, self->shared, N_FINISHERS, FALSE, NULL);
  self->shared->job = self;
  self->shared->report_func = report_cb;
  self->shared->finishers = self->finishers;
  self->shared->context = g_main_context_ref_thread_default ();
  for (guint i = 0; i < self->expected_paths->len; i++)
    ingest_validation_job_add_expected (self->validation, g_ptr_array_index (self->expected_paths, i));
  if (self->catalog != NULL)
    ingest_validation_job_set_catalog (self->validation, self->catalog);
  /* Every file must be read: its bytes are what goes up. */
  ingest_validation_job_set_reuse_verified (self->validation, FALSE);
  ingest_validation_job_set_n_threads (self->validation, self->n_threads);

  g_signal_connect (self->validation, "notify::phase", G_CALLBACK (phase_changed_cb), self);
  g_signal_connect (self->validation, "notify::paused", G_CALLBACK (validation_paused_cb), self);
  g_signal_connect (self->validation, "notify::root", G_CALLBACK (validation_root_cb), self);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);
  set_message (self, "Scanning");

  ingest_validation_job_run_async (self->validation, self->shared->cancellable,
                                   validation_done_cb, g_object_ref (self));
}

gboolean
ingest_upload_job_run_finish (IngestUploadJob  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stops reading new bytes (parts already in flight still finish); the
 * uploads wait with the read. Main thread, while running. */
void
ingest_upload_job_pause (IngestUploadJob *self)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->started);

  g_mutex_lock (&self->shared->lock);
  self->shared->paused = TRUE;
  g_mutex_unlock (&self->shared->lock);
  self->user_paused = TRUE;
  ingest_validation_job_pause (self->validation, "Paused");
  update_paused (self);
}

void
ingest_upload_job_resume (IngestUploadJob *self)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->started);

  g_mutex_lock (&self->shared->lock);
  self->shared->paused = FALSE;
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
  self->user_paused = FALSE;
  ingest_validation_job_resume (self->validation, NULL);
  update_paused (self);
}

gboolean
ingest_upload_job_get_paused (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), FALSE);
  return self->paused;
}

GPtrArray *
ingest_upload_job_dup_active_files (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self),
                        g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_upload_active_file_free));

  return _ingest_upload_shared_dup_active (self->shared);
}

/* (transfer none) (nullable): the validation run, once started */
IngestValidationJob *
ingest_upload_job_get_validation (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), NULL);
  return self->validation;
}

guint
ingest_upload_job_get_files_total (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_total;
}

/* Of the verified files, those every destination had already: nothing sent. */
guint
ingest_upload_job_get_files_already_delivered (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_already_delivered;
}

guint
ingest_upload_job_get_files_verified (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_verified;
}

guint
ingest_upload_job_get_files_failed (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_failed;
}

guint64
ingest_upload_job_get_bytes_total (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->bytes_total;
}

guint64
ingest_upload_job_get_bytes_sent (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->bytes_sent;
}

guint64
ingest_upload_job_get_bytes_resumed (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->bytes_resumed;
}

double
ingest_upload_job_get_fraction (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0.0);
  return self->fraction;
}

/* Bytes/s of new bytes sent, over the time the job was not paused. */
double
ingest_upload_job_get_rate (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0.0);
  return self->progress.rate;
}

/* Seconds left at that rate; -1 = unknown, 0 = done. */
gint64
ingest_upload_job_get_eta (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), -1);
  return self->progress.eta;
}

const char *
ingest_upload_job_get_message (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), NULL);
  return self->message;
}
