/* ingest-drive-validation.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ingest-drive-validation"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-drive-validation.h"

/* The validation of one drive in the station: its current (or last) job, and
 * the drive's state to match. It lives as long as the application, keyed by
 * the drive's identity, so a drive that is unplugged mid-run and comes back
 * finds its paused job (the job resumes by itself; when the drive comes back
 * at another mount point it is told where). The job is its own, or an
 * upload's (which validates as it reads): the same holds for both. */
struct _IngestDriveValidation
{
  GObject              parent_instance;

  IngestDrive         *drive;
  IngestCatalog       *catalog;
  IngestValidationJob *job;
  GCancellable        *cancellable;

  guint                running : 1;
  guint                sealing : 1;
};

G_DEFINE_FINAL_TYPE (IngestDriveValidation, ingest_drive_validation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DRIVE,
  PROP_CATALOG,
  PROP_JOB,
  PROP_RUNNING,
  PROP_SEALING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_running (IngestDriveValidation *self,
             gboolean               running)
{
  if (self->running == !!running)
    return;
  self->running = !!running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_sealing (IngestDriveValidation *self,
             gboolean               sealing)
{
  if (self->sealing == !!sealing)
    return;
  self->sealing = !!sealing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEALING]);
}

static void
set_job (IngestDriveValidation *self,
         IngestValidationJob   *job)
{
  if (g_set_object (&self->job, job))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

/* The drive shows VERIFIED only after a finished run whose verdict is "ok".
 * Followed through the job's phase, so a job another run drives (an
 * upload's, see ingest_drive_validation_adopt()) ends the same way. */
static void
job_phase_cb (IngestDriveValidation *self,
              GParamSpec            *pspec,
              IngestValidationJob   *job)
{
  IngestValidationPhase phase = ingest_validation_job_get_phase (job);
  IngestDriveState state;

  if (job != self->job || !self->running || phase < INGEST_VALIDATION_PHASE_DONE)
    return;

  g_clear_object (&self->cancellable);
  if (ingest_drive_get_state (self->drive) != INGEST_DRIVE_STATE_REMOVED)
    {
      if (phase == INGEST_VALIDATION_PHASE_DONE)
        state = ingest_validation_job_get_verdict (job) == INGEST_VALIDATION_VERDICT_OK
              ? INGEST_DRIVE_STATE_VERIFIED : INGEST_DRIVE_STATE_PROBLEMS;
      else
        state = INGEST_DRIVE_STATE_READY;
      ingest_drive_set_state (self->drive, state);
    }
  set_running (self, FALSE);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IngestDriveValidation) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Validation of %s failed: %s", ingest_drive_get_label (self->drive), error->message);
}

/* From now on the drive is being validated by @job, until its phase ends. */
static void
follow_job (IngestDriveValidation *self,
            IngestValidationJob   *job,
            GCancellable          *cancellable)
{
  set_job (self, job);
  g_set_object (&self->cancellable, cancellable);
  g_signal_connect_object (job, "notify::phase", G_CALLBACK (job_phase_cb), self, G_CONNECT_SWAPPED);
  set_running (self, TRUE);
  ingest_drive_set_state (self->drive, INGEST_DRIVE_STATE_VALIDATING);
}

/* A rescan (the drive plugged in again) ends with READY: while a job runs the
 * drive is still being validated, and the job is told where the drive is now.
 * When nothing runs, a rescan makes the last result stale: it is dropped. */
static void
drive_state_cb (IngestDriveValidation *self,
                GParamSpec            *pspec,
                IngestDrive           *drive)
{
  IngestDriveState state = ingest_drive_get_state (drive);

  if (self->running && state == INGEST_DRIVE_STATE_READY)
    {
      if (ingest_validation_job_get_paused (self->job))
        ingest_validation_job_resume (self->job, ingest_drive_get_mount_path (drive));
      ingest_drive_set_state (drive, INGEST_DRIVE_STATE_VALIDATING);
    }
  else if (!self->running && !self->sealing && state == INGEST_DRIVE_STATE_SCANNING)
    {
      set_job (self, NULL);
    }
}

static void
ingest_drive_validation_constructed (GObject *object)
{
  IngestDriveValidation *self = (IngestDriveValidation *) object;

  G_OBJECT_CLASS (ingest_drive_validation_parent_class)->constructed (object);

  g_signal_connect_object (self->drive, "notify::state",
                           G_CALLBACK (drive_state_cb), self, G_CONNECT_SWAPPED);
}

static void
ingest_drive_validation_dispose (GObject *object)
{
  IngestDriveValidation *self = (IngestDriveValidation *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->job);
  g_clear_object (&self->catalog);
  g_clear_object (&self->drive);

  G_OBJECT_CLASS (ingest_drive_validation_parent_class)->dispose (object);
}

static void
ingest_drive_validation_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  IngestDriveValidation *self = INGEST_DRIVE_VALIDATION (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      g_value_set_object (value, self->drive);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_SEALING:
      g_value_set_boolean (value, self->sealing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_validation_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  IngestDriveValidation *self = INGEST_DRIVE_VALIDATION (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      self->drive = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_validation_class_init (IngestDriveValidationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ingest_drive_validation_constructed;
  object_class->dispose = ingest_drive_validation_dispose;
  object_class->get_property = ingest_drive_validation_get_property;
  object_class->set_property = ingest_drive_validation_set_property;

  properties[PROP_DRIVE] =
    g_param_spec_object ("drive", NULL, NULL,
                         INGEST_TYPE_DRIVE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         INGEST_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * IngestDriveValidation:job:
   *
   * The running or last validation; %NULL before the first and after a rescan.
   * A new job is set (and notified) before it starts running.
   */
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL,
                         INGEST_TYPE_VALIDATION_JOB,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEALING] =
    g_param_spec_boolean ("sealing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_drive_validation_init (IngestDriveValidation *self)
{
}

/**
 * ingest_drive_validation_new:
 * @catalog: (nullable): where results persist (and what a new run may skip)
 */
IngestDriveValidation *
ingest_drive_validation_new (IngestDrive   *drive,
                             IngestCatalog *catalog)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (drive), NULL);
  g_return_val_if_fail (catalog == NULL || INGEST_IS_CATALOG (catalog), NULL);

  return g_object_new (INGEST_TYPE_DRIVE_VALIDATION, "drive", drive, "catalog", catalog, NULL);
}

IngestDrive *
ingest_drive_validation_get_drive (IngestDriveValidation *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), NULL);

  return self->drive;
}

/**
 * ingest_drive_validation_get_job:
 *
 * Returns: (transfer none) (nullable): the running or last validation
 */
IngestValidationJob *
ingest_drive_validation_get_job (IngestDriveValidation *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), NULL);

  return self->job;
}

gboolean
ingest_drive_validation_get_running (IngestDriveValidation *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), FALSE);

  return self->running;
}

gboolean
ingest_drive_validation_get_sealing (IngestDriveValidation *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), FALSE);

  return self->sealing;
}

/* Validates the drive where it is mounted now; does nothing while busy. */
void
ingest_drive_validation_start (IngestDriveValidation *self)
{
  g_autoptr(IngestValidationJob) job = NULL;
  g_autoptr(GCancellable) cancellable = NULL;

  g_return_if_fail (INGEST_IS_DRIVE_VALIDATION (self));

  if (self->running || self->sealing)
    return;

  job = ingest_validation_job_new (ingest_drive_get_mount_path (self->drive));
  if (self->catalog != NULL)
    ingest_validation_job_set_catalog (job, self->catalog);
  ingest_validation_job_set_label (job, ingest_drive_get_label (self->drive));

  cancellable = g_cancellable_new ();
  follow_job (self, job, cancellable);
  ingest_validation_job_run_async (job, cancellable, run_done_cb, g_object_ref (self));
}

/**
 * ingest_drive_validation_adopt:
 * @job: a validation another run started (an upload's, which reads each file
 *   once for both)
 * @cancellable: what cancels that run
 *
 * Shows @job as the drive's validation, like one started here: the drive is
 * VALIDATING, then VERIFIED or PROBLEMS by its verdict; a drive unplugged
 * mid-run and back at another mount point is resumed there; cancelling
 * cancels @cancellable (the whole run: its read is the validation's).
 *
 * Returns: %FALSE when the drive is busy with a validation or sealing of its own
 */
gboolean
ingest_drive_validation_adopt (IngestDriveValidation *self,
                               IngestValidationJob   *job,
                               GCancellable          *cancellable)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), FALSE);
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (job), FALSE);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), FALSE);

  if (self->running || self->sealing)
    return FALSE;
  follow_job (self, job, cancellable);
  return TRUE;
}

/* The job stops soon after; "running" goes FALSE when it has. */
void
ingest_drive_validation_cancel (IngestDriveValidation *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_VALIDATION (self));

  g_cancellable_cancel (self->cancellable);
}

static gboolean
job_is_done (IngestDriveValidation *self)
{
  return !self->running && self->job != NULL &&
         ingest_validation_job_get_phase (self->job) == INGEST_VALIDATION_PHASE_DONE;
}

/**
 * ingest_drive_validation_dup_unverifiable:
 *
 * Returns: (transfer full): the paths (relative to the drive) of the rolls of
 *   the last finished run that no hash list covers; empty when none
 */
GStrv
ingest_drive_validation_dup_unverifiable (IngestDriveValidation *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), NULL);

  if (job_is_done (self))
    {
      g_autoptr(GListModel) rolls = ingest_validation_job_list_rolls (self->job);

      for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
        {
          g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, i);

          if (ingest_validation_roll_get_verdict (roll) == INGEST_VALIDATION_VERDICT_UNVERIFIABLE)
            g_strv_builder_add (builder, ingest_validation_roll_get_path (roll));
        }
    }
  return g_strv_builder_end (builder);
}

/* Sealing writes to the drive: never to a read-only one. */
gboolean
ingest_drive_validation_can_seal (IngestDriveValidation *self)
{
  g_auto(GStrv) rolls = NULL;

  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), FALSE);

  if (self->sealing || !job_is_done (self) || ingest_drive_get_read_only (self->drive))
    return FALSE;
  rolls = ingest_drive_validation_dup_unverifiable (self);
  return rolls[0] != NULL;
}

static void
seal_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char * const *folders = task_data;
  GError *error = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    if (!ingest_expected_manifest_seal (folders[i], 0, NULL, cancellable, &error))
      {
        g_task_return_error (task, error);
        return;
      }
  g_task_return_boolean (task, TRUE);
}

static void
seal_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  IngestDriveValidation *self = INGEST_DRIVE_VALIDATION (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  g_clear_object (&self->cancellable);
  set_sealing (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The rolls now have a hash list (the drive's scan says which), and what
   * was sealed is checked at once against it. */
  ingest_drive_scan_async (self->drive, NULL, NULL, NULL);
  ingest_drive_validation_start (self);
  g_task_return_boolean (task, TRUE);
}

/* Writes the first ASC MHL generation of each roll no hash list covers (the
 * files as they are now), then validates the drive again. */
void
ingest_drive_validation_seal_async (IngestDriveValidation *self,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_auto(GStrv) rolls = NULL;
  GStrvBuilder *folders;

  g_return_if_fail (INGEST_IS_DRIVE_VALIDATION (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ingest_drive_validation_seal_async);
  if (!ingest_drive_validation_can_seal (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Nothing on this drive can be sealed"));
      return;
    }

  rolls = ingest_drive_validation_dup_unverifiable (self);
  folders = g_strv_builder_new ();
  for (guint i = 0; rolls[i] != NULL; i++)
    {
      g_autofree char *folder = g_build_filename (ingest_validation_job_get_root (self->job), rolls[i], NULL);

      g_strv_builder_add (folders, folder);
    }

  self->cancellable = g_cancellable_new ();
  set_sealing (self, TRUE);
  worker = g_task_new (self, self->cancellable, seal_done_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, g_strv_builder_end (folders), (GDestroyNotify) g_strfreev);
  g_strv_builder_unref (folders);
  g_task_run_in_thread (worker, seal_thread);
}

gboolean
ingest_drive_validation_seal_finish (IngestDriveValidation  *self,
                                     GAsyncResult           *result,
                                     GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The JSON and HTML reports of the last finished run, into @dir. */
gboolean
ingest_drive_validation_write_report (IngestDriveValidation  *self,
                                      const char             *dir,
                                      char                  **json_path,
                                      char                  **html_path,
                                      GError                **error)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (!job_is_done (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("The drive has no finished validation to report"));
      return FALSE;
    }
  return ingest_validation_report_write (self->job, dir, json_path, html_path, error);
}
