/* ingest-drive-session.c
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

#define G_LOG_DOMAIN "ingest-drive-session"

/* One drive's life cycle in one place (see ingest-drive-session.h). Over
 * 1,000 lines for a reason: the state machine, the read and the unplug
 * handling only make sense read together; what an upload delivered lives
 * in ingest-delivery-ledger.c, the stages in their own files. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-delivery-ledger-private.h"
#include "ingest-drive-session-private.h"
#include "ingest-expected-manifest.h"
#include "ingest-file-outcome.h"
#include "ingest-roll.h"
#include "ingest-transfer.h"
#include "ingest-upload-stage.h"
#include "ingest-validation-report.h"
#include "ingest-validation-stage.h"

struct _IngestDriveSession
{
  GObject                  parent_instance;

  IngestDrive             *drive;
  IngestCatalog           *catalog;
  char                    *identity;
  GPtrArray               *extra_stages;    /* IngestSessionStage *: after the read, every run */
  guint                    n_threads;

  /* The current (or last) run. */
  IngestSessionState       state;
  GPtrArray               *stages;          /* IngestSessionStage *: the one that runs the read first */
  guint                    stage_index;
  IngestValidationJob     *read;
  IngestUploadJob         *upload;
  GCancellable            *cancellable;
  GError                  *error;
  GError                  *upload_error;    /* of the last upload run */
  IngestValidationVerdict  verdict;
  char                    *record_uuid;     /* the run's row in the catalog */
  guint                    running : 1;     /* from start to the last stage's end */
  guint                    reading : 1;     /* the read's phase has not ended */
  guint                    paused : 1;      /* by the user */
  guint                    unplugged : 1;   /* the read paused itself: the drive is gone */
  guint                    stages_away : 1; /* the stages after the read were told the drive is gone */
  guint                    cancelled : 1;
  guint                    sealing : 1;
  guint                    uploading : 1;   /* the run is an upload (upload is the last one) */
  guint                    upload_cancelled : 1;
  guint                    timing : 1;      /* running_time runs */

  /* What the last upload delivered, typed and listed. */
  IngestDeliveryLedger    *ledger;
  guint                    n_destinations;
  GTimer                  *running_time;    /* runs while the upload moves */
  GDateTime               *finished_at;
  double                   rate;
};

G_DEFINE_FINAL_TYPE (IngestDriveSession, ingest_drive_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DRIVE,
  PROP_CATALOG,
  PROP_STATE,
  PROP_RUNNING,
  PROP_READING,
  PROP_PAUSED,
  PROP_SEALING,
  PROP_READ,
  PROP_UPLOAD,
  PROP_VERDICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PREPARE_READ,
  FILE_OUTCOME,
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/*
 * State
 */

static gboolean
upload_moving (IngestDriveSession *self)
{
  return self->running && self->uploading && !self->paused && !self->unplugged;
}

static void ledger_run (IngestDriveSession *self,
                        IngestLedgerRun    *run);

/* The state a running session shows now. */
static IngestSessionState
running_state (IngestDriveSession *self)
{
  if (self->unplugged)
    return INGEST_SESSION_STATE_PAUSED_UNPLUGGED;
  if (self->stage_index < self->stages->len)
    return ingest_session_stage_get_state (g_ptr_array_index (self->stages, self->stage_index));
  return INGEST_SESSION_STATE_VALIDATING;
}

static void
set_state (IngestDriveSession *self,
           IngestSessionState  state)
{
  IngestLedgerRun run;

  if (upload_moving (self) != self->timing)
    {
      self->timing = upload_moving (self);
      if (self->timing)
        g_timer_continue (self->running_time);
      else
        g_timer_stop (self->running_time);
    }
  ledger_run (self, &run);
  _ingest_delivery_ledger_refresh (self->ledger, &run);

  if (self->state == state)
    return;
  if (self->running && self->catalog != NULL && self->record_uuid != NULL)
    _ingest_drive_session_record_update (self->catalog, self->record_uuid, state, FALSE, self->verdict, FALSE, NULL);
  g_debug ("%s: %s → %s", self->identity,
           g_enum_to_string (INGEST_TYPE_SESSION_STATE, self->state),
           g_enum_to_string (INGEST_TYPE_SESSION_STATE, state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_running (IngestDriveSession *self,
             gboolean            running)
{
  if (self->running == !!running)
    return;
  self->running = !!running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static IngestSessionState
idle_state (IngestDriveSession *self)
{
  return ingest_drive_get_state (self->drive) == INGEST_DRIVE_STATE_SCANNING
         ? INGEST_SESSION_STATE_DETECTED : INGEST_SESSION_STATE_RECOGNISED;
}

/*
 * The read: the drive follows it
 */

/* The drive shows VERIFIED only after a finished read whose verdict is "ok". */
static void
read_phase_cb (IngestDriveSession  *self,
               GParamSpec          *pspec,
               IngestValidationJob *read)
{
  IngestValidationPhase phase = ingest_validation_job_get_phase (read);
  IngestDriveState drive_state;

  if (read != self->read || !self->reading || phase < INGEST_VALIDATION_PHASE_DONE)
    return;

  self->reading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
  if (phase == INGEST_VALIDATION_PHASE_DONE)
    {
      self->verdict = ingest_validation_job_get_verdict (read);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
    }
  if (ingest_drive_get_state (self->drive) != INGEST_DRIVE_STATE_REMOVED)
    {
      if (phase == INGEST_VALIDATION_PHASE_DONE)
        drive_state = self->verdict == INGEST_VALIDATION_VERDICT_OK
                      ? INGEST_DRIVE_STATE_VERIFIED : INGEST_DRIVE_STATE_PROBLEMS;
      else
        drive_state = INGEST_DRIVE_STATE_READY;
      ingest_drive_set_state (self->drive, drive_state);
    }
}

/* The read pauses itself when the drive goes away, and carries on when it
 * is back: the user did not pause it, so there is nothing to resume. */
static void
read_paused_cb (IngestDriveSession  *self,
                GParamSpec          *pspec,
                IngestValidationJob *read)
{
  gboolean unplugged;

  if (read != self->read || !self->running)
    return;
  unplugged = ingest_validation_job_get_paused (read) && !self->paused;
  if (self->unplugged == unplugged)
    return;
  self->unplugged = unplugged;
  set_state (self, running_state (self));
  g_signal_emit (self, signals[PROGRESS], 0);
}

/* A rescan (the drive plugged in again) ends with READY: while a read runs
 * the drive is still being read, and the read is told where it is now. When
 * nothing runs, a rescan makes the last result stale: it is dropped. */
static void
drive_state_cb (IngestDriveSession *self,
                GParamSpec         *pspec,
                IngestDrive        *drive)
{
  IngestDriveState state = ingest_drive_get_state (drive);

  if (drive != self->drive)
    return;
  /* The stages that read along on their own (metadata) pause with the drive,
   * and carry on where it is mounted now. */
  if (self->running && state == INGEST_DRIVE_STATE_REMOVED && !self->stages_away)
    {
      self->stages_away = TRUE;
      for (guint i = 1; i < self->stages->len; i++)
        ingest_session_stage_pause (g_ptr_array_index (self->stages, i));
    }
  else if (self->running && state == INGEST_DRIVE_STATE_READY && self->stages_away)
    {
      self->stages_away = FALSE;
      for (guint i = 1; i < self->stages->len; i++)
        ingest_session_stage_resume (g_ptr_array_index (self->stages, i), ingest_drive_get_mount_path (drive));
    }
  /* Pulled out: the read stops at once rather than at its next failed read. */
  if (self->reading && state == INGEST_DRIVE_STATE_REMOVED && !ingest_validation_job_get_paused (self->read))
    ingest_validation_job_pause (self->read, _("Drive removed — plug it back in to continue"));
  else if (self->reading && state == INGEST_DRIVE_STATE_READY)
    {
      if (ingest_validation_job_get_paused (self->read) && !self->paused)
        ingest_validation_job_resume (self->read, ingest_drive_get_mount_path (drive));
      ingest_drive_set_state (drive, INGEST_DRIVE_STATE_VALIDATING);
    }
  else if (!self->running && !self->sealing && state == INGEST_DRIVE_STATE_SCANNING)
    {
      if (g_set_object (&self->read, NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
    }
  if (!self->running)
    set_state (self, self->error != NULL && state != INGEST_DRIVE_STATE_SCANNING && self->read != NULL
                     ? INGEST_SESSION_STATE_FAILED : idle_state (self));
}

static void
ledger_run (IngestDriveSession *self,
            IngestLedgerRun    *run)
{
  run->running = self->running;
  run->moving = upload_moving (self);
  run->ended_well = !self->cancelled && self->error == NULL;
  run->rate = self->rate;
}

/* The read lists the rolls once its scan is done. */
static void
read_rolls_cb (IngestDriveSession *self,
               guint               position,
               guint               removed,
               guint               added,
               GListModel         *rolls)
{
  IngestLedgerRun run;

  if (!self->uploading)
    return;
  ledger_run (self, &run);
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, i);

      _ingest_delivery_ledger_add_roll (self->ledger, roll, &run);
    }
}

/*
 * What the upload reports
 */

static void
update_rate (IngestDriveSession *self)
{
  guint n = MAX (self->n_destinations, 1);
  double seconds = g_timer_elapsed (self->running_time, NULL);
  guint64 sent = ingest_upload_job_get_bytes_sent (self->upload);

  self->rate = upload_moving (self) && seconds >= 1 && sent > 0 ? sent / n / seconds : 0;
}

static void
upload_progress_cb (IngestDriveSession *self,
                    GParamSpec         *pspec,
                    IngestUploadJob    *job)
{
  if (job != self->upload)
    return;
  update_rate (self);
  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
active_files_cb (IngestDriveSession *self,
                 GParamSpec         *pspec,
                 IngestUploadJob    *job)
{
  g_autoptr(GPtrArray) files = NULL;
  IngestLedgerRun run;

  if (job != self->upload)
    return;
  files = ingest_upload_job_dup_active_files (job);
  ledger_run (self, &run);
  _ingest_delivery_ledger_set_active (self->ledger, files, &run);
}

static void
file_outcome_cb (IngestDriveSession *self,
                 IngestFileOutcome  *outcome,
                 IngestUploadJob    *job)
{
  IngestLedgerRun run;

  if (job != self->upload)
    return;
  ledger_run (self, &run);
  _ingest_delivery_ledger_add_file (self->ledger, outcome, &run);
  g_signal_emit (self, signals[FILE_OUTCOME], 0, outcome);
}

static void
history_outcome_cb (IngestDriveSession         *self,
                    const IngestHistoryOutcome *history,
                    IngestUploadJob            *job)
{
  IngestLedgerRun run;

  if (job != self->upload)
    return;
  ledger_run (self, &run);
  _ingest_delivery_ledger_add_history (self->ledger, history, &run);
}

static void
follow_upload (IngestDriveSession *self,
               IngestUploadJob    *job)
{
  static const char * const notified[] = {
    "notify::bytes-sent", "notify::bytes-resumed", "notify::bytes-total",
    "notify::files-verified", "notify::files-failed", "notify::files-total", "notify::fraction",
  };

  for (guint i = 0; i < G_N_ELEMENTS (notified); i++)
    g_signal_connect_object (job, notified[i], G_CALLBACK (upload_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::active-files", G_CALLBACK (active_files_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "file-outcome", G_CALLBACK (file_outcome_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "history-outcome", G_CALLBACK (history_outcome_cb), self, G_CONNECT_SWAPPED);
}

/*
 * Runs
 */

static void run_stage (IngestDriveSession *self);

static void
end_run (IngestDriveSession *self,
         GError             *error)
{
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  self->finished_at = g_date_time_new_now_local ();
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->cancelled = TRUE;
      g_clear_error (&error);
    }
  g_clear_error (&self->error);
  self->error = error;
  self->paused = FALSE;
  self->unplugged = FALSE;
  g_ptr_array_set_size (self->stages, 0);
  /* A run that failed before its read started (or ended) leaves the drive as it was. */
  if (self->reading)
    {
      self->reading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
      if (ingest_drive_get_state (self->drive) == INGEST_DRIVE_STATE_VALIDATING)
        ingest_drive_set_state (self->drive, INGEST_DRIVE_STATE_READY);
    }
  set_running (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  /* A run that ends while the drive is out leaves no stage waiting for it. */
  if (self->stages_away)
    {
      self->stages_away = FALSE;
      for (guint i = 1; i < self->stages->len; i++)
        ingest_session_stage_resume (g_ptr_array_index (self->stages, i), ingest_drive_get_mount_path (self->drive));
    }

  if (self->uploading)
    {
      IngestLedgerRun run;

      g_clear_error (&self->upload_error);
      self->upload_error = self->error != NULL ? g_error_copy (self->error) : NULL;
      self->upload_cancelled = self->cancelled;
      ledger_run (self, &run);
      _ingest_delivery_ledger_end (self->ledger, &run);
    }
  if (self->error != NULL)
    set_state (self, INGEST_SESSION_STATE_FAILED);
  else if (self->cancelled)
    set_state (self, idle_state (self));
  else
    set_state (self, INGEST_SESSION_STATE_DONE);
  if (self->catalog != NULL && self->record_uuid != NULL)
    _ingest_drive_session_record_update (self->catalog, self->record_uuid, self->state, TRUE,
                                         self->verdict, self->cancelled, self->error);
  g_signal_emit (self, signals[PROGRESS], 0);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
stage_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(IngestDriveSession) self = user_data;
  GError *error = NULL;

  if (!ingest_session_stage_run_finish (INGEST_SESSION_STAGE (object), result, &error))
    {
      g_debug ("%s: stage %s failed: %s", self->identity, G_OBJECT_TYPE_NAME (object), error->message);
      end_run (self, error);
      return;
    }
  self->stage_index++;
  run_stage (self);
}

static void
run_stage (IngestDriveSession *self)
{
  IngestSessionStage *stage;

  if (self->stage_index >= self->stages->len)
    {
      end_run (self, NULL);
      return;
    }
  stage = g_ptr_array_index (self->stages, self->stage_index);
  set_state (self, running_state (self));
  ingest_session_stage_run_async (stage, self, self->cancellable, stage_done_cb, g_object_ref (self));
}

/* However it is cancelled, a paused run must wake up to see it. */
static void
cancelled_cb (IngestDriveSession *self,
              GCancellable       *cancellable)
{
  if (cancellable == self->cancellable && self->paused)
    ingest_drive_session_resume (self);
}

static gboolean
start_run (IngestDriveSession  *self,
           IngestSessionStage  *read_stage,
           guint                n_destinations,
           GError             **error)
{
  g_autoptr(IngestValidationJob) read = NULL;
  g_autoptr(GListModel) rolls = NULL;
  const char *root = ingest_drive_get_mount_path (self->drive);

  if (self->running || self->sealing)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           self->uploading && self->running
                           ? _("This drive is already being uploaded")
                           : _("This drive is being validated: upload it when that is done (the upload checks it again as it reads)"));
      return FALSE;
    }
  if (root == NULL || ingest_drive_get_state (self->drive) == INGEST_DRIVE_STATE_REMOVED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_MOUNTED, _("The drive is not plugged in"));
      return FALSE;
    }

  read = ingest_validation_job_new (root);
  if (self->catalog != NULL)
    ingest_validation_job_set_catalog (read, self->catalog);
  ingest_validation_job_set_label (read, ingest_drive_get_label (self->drive));
  if (self->n_threads > 0)
    ingest_validation_job_set_n_threads (read, self->n_threads);

  g_signal_emit (self, signals[PREPARE_READ], 0, read);

  g_ptr_array_set_size (self->stages, 0);
  g_ptr_array_add (self->stages, g_object_ref (read_stage));
  g_ptr_array_extend (self->stages, self->extra_stages, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  for (guint i = 0; i < self->stages->len; i++)
    if (!ingest_session_stage_prepare (g_ptr_array_index (self->stages, i), self, read, error))
      {
        g_ptr_array_set_size (self->stages, 0);
        return FALSE;
      }

  /* Nothing can fail from here on. */
  g_clear_error (&self->error);
  self->cancelled = FALSE;
  self->paused = FALSE;
  self->unplugged = FALSE;
  self->stages_away = FALSE;
  self->stage_index = 0;
  self->verdict = INGEST_VALIDATION_VERDICT_OK;
  g_set_object (&self->read, read);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
  /* A validation leaves the last upload's outcomes as they are. */
  self->uploading = INGEST_IS_UPLOAD_STAGE (read_stage);
  if (self->uploading)
    {
      g_clear_object (&self->upload);
      _ingest_delivery_ledger_reset (self->ledger, self->drive);
      self->n_destinations = n_destinations;
      self->rate = 0;
      /* Zero, and stopped until the upload moves. */
      g_timer_start (self->running_time);
      g_timer_stop (self->running_time);
      self->timing = FALSE;
      self->upload = g_object_ref (ingest_upload_stage_get_job (INGEST_UPLOAD_STAGE (read_stage)));
      follow_upload (self, self->upload);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD]);
    }

  g_signal_connect_object (read, "notify::phase", G_CALLBACK (read_phase_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (read, "notify::paused", G_CALLBACK (read_paused_cb), self, G_CONNECT_SWAPPED);
  rolls = ingest_validation_job_list_rolls (read);
  g_signal_connect_object (rolls, "items-changed", G_CALLBACK (read_rolls_cb), self, G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (cancelled_cb), self, G_CONNECT_SWAPPED);
  g_free (self->record_uuid);
  self->record_uuid = g_uuid_string_random ();
  if (self->catalog != NULL)
    _ingest_drive_session_record_start (self->catalog, self->record_uuid, self->identity,
                                        ingest_drive_get_label (self->drive), self->uploading,
                                        ingest_session_stage_get_state (read_stage));
  self->reading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
  set_running (self, TRUE);
  ingest_drive_set_state (self->drive, INGEST_DRIVE_STATE_VALIDATING);
  run_stage (self);
  g_signal_emit (self, signals[PROGRESS], 0);
  return TRUE;
}

/*
 * GObject
 */

static void
ingest_drive_session_dispose (GObject *object)
{
  IngestDriveSession *self = (IngestDriveSession *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ledger, _ingest_delivery_ledger_free);
  g_clear_object (&self->upload);
  g_clear_object (&self->read);
  g_clear_object (&self->catalog);
  g_clear_object (&self->drive);

  G_OBJECT_CLASS (ingest_drive_session_parent_class)->dispose (object);
}

static void
ingest_drive_session_finalize (GObject *object)
{
  IngestDriveSession *self = (IngestDriveSession *) object;

  g_free (self->identity);
  g_free (self->record_uuid);
  g_ptr_array_unref (self->extra_stages);
  g_ptr_array_unref (self->stages);
  g_clear_error (&self->error);
  g_clear_error (&self->upload_error);
  g_timer_destroy (self->running_time);
  g_clear_pointer (&self->finished_at, g_date_time_unref);

  G_OBJECT_CLASS (ingest_drive_session_parent_class)->finalize (object);
}

static void
ingest_drive_session_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IngestDriveSession *self = INGEST_DRIVE_SESSION (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      g_value_set_object (value, self->drive);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_READING:
      g_value_set_boolean (value, self->reading);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_SEALING:
      g_value_set_boolean (value, self->sealing);
      break;

    case PROP_READ:
      g_value_set_object (value, self->read);
      break;

    case PROP_UPLOAD:
      g_value_set_object (value, self->upload);
      break;

    case PROP_VERDICT:
      g_value_set_enum (value, self->verdict);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_session_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IngestDriveSession *self = INGEST_DRIVE_SESSION (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      ingest_drive_session_set_drive (self, g_value_get_object (value));
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_session_class_init (IngestDriveSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_drive_session_dispose;
  object_class->finalize = ingest_drive_session_finalize;
  object_class->get_property = ingest_drive_session_get_property;
  object_class->set_property = ingest_drive_session_set_property;

  properties[PROP_DRIVE] =
    g_param_spec_object ("drive", NULL, NULL, INGEST_TYPE_DRIVE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, INGEST_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, INGEST_TYPE_SESSION_STATE, INGEST_SESSION_STATE_DETECTED, readable);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, readable);
  /**
   * IngestDriveSession:reading:
   *
   * The read is under way (it ends before an upload's last stages do).
   */
  properties[PROP_READING] = g_param_spec_boolean ("reading", NULL, NULL, FALSE, readable);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, readable);
  properties[PROP_SEALING] = g_param_spec_boolean ("sealing", NULL, NULL, FALSE, readable);
  /**
   * IngestDriveSession:read:
   *
   * The running or last read; %NULL before the first and after a rescan
   * with nothing running. A new read is set (and notified) before it runs.
   */
  properties[PROP_READ] = g_param_spec_object ("read", NULL, NULL, INGEST_TYPE_VALIDATION_JOB, readable);
  properties[PROP_UPLOAD] = g_param_spec_object ("upload", NULL, NULL, INGEST_TYPE_UPLOAD_JOB, readable);
  properties[PROP_VERDICT] =
    g_param_spec_enum ("verdict", NULL, NULL, INGEST_TYPE_VALIDATION_VERDICT, INGEST_VALIDATION_VERDICT_OK, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IngestDriveSession::prepare-read:
   * @read: the new read, not started yet
   *
   * A run is starting: a front end sets the read's options here (more
   * expected manifests, re-reading, recording a generation, a label).
   */
  signals[PREPARE_READ] =
    g_signal_new ("prepare-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_VALIDATION_JOB);
  /**
   * IngestDriveSession::file-outcome:
   * @outcome: one file of an upload, once, after every destination answered
   */
  signals[FILE_OUTCOME] =
    g_signal_new ("file-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_FILE_OUTCOME);
  /**
   * IngestDriveSession::progress:
   *
   * The run moved on (bytes, counts, pause); at most a few times a second.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * IngestDriveSession::finished:
   *
   * A run ended: DONE, FAILED (see ingest_drive_session_get_error()) or
   * cancelled (ingest_drive_session_get_cancelled()).
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ingest_drive_session_init (IngestDriveSession *self)
{
  self->extra_stages = g_ptr_array_new_with_free_func (g_object_unref);
  self->stages = g_ptr_array_new_with_free_func (g_object_unref);
  self->ledger = _ingest_delivery_ledger_new ();
  self->running_time = g_timer_new ();
  g_timer_stop (self->running_time);
  self->verdict = INGEST_VALIDATION_VERDICT_OK;
}

/*
 * API
 */

/**
 * ingest_drive_session_new:
 * @drive: the drive as it is mounted now
 * @catalog: (nullable): where results, the resume journal and the session's
 *   record persist (and what a new read may skip)
 */
IngestDriveSession *
ingest_drive_session_new (IngestDrive   *drive,
                          IngestCatalog *catalog)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (drive), NULL);
  g_return_val_if_fail (catalog == NULL || INGEST_IS_CATALOG (catalog), NULL);

  return g_object_new (INGEST_TYPE_DRIVE_SESSION, "drive", drive, "catalog", catalog, NULL);
}

IngestDrive *
ingest_drive_session_get_drive (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->drive;
}

/**
 * ingest_drive_session_set_drive:
 * @drive: the same drive identity, plugged in again (a new #IngestDrive)
 *
 * A run in progress carries on with it: when the drive comes back, at
 * whatever mount point, the read resumes there.
 */
void
ingest_drive_session_set_drive (IngestDriveSession *self,
                                IngestDrive        *drive)
{
  g_return_if_fail (INGEST_IS_DRIVE_SESSION (self));
  g_return_if_fail (INGEST_IS_DRIVE (drive));
  g_return_if_fail (self->identity == NULL || g_str_equal (self->identity, ingest_drive_get_identity (drive)));

  if (self->drive == drive)
    return;
  if (self->drive != NULL)
    g_signal_handlers_disconnect_by_data (self->drive, self);
  g_set_object (&self->drive, drive);
  if (self->identity == NULL)
    self->identity = g_strdup (ingest_drive_get_identity (drive));
  g_signal_connect_object (drive, "notify::state", G_CALLBACK (drive_state_cb), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVE]);
  drive_state_cb (self, NULL, drive);
}

const char *
ingest_drive_session_get_identity (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->identity;
}

/* Returns: (transfer none) (nullable) */
IngestCatalog *
ingest_drive_session_get_catalog (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->catalog;
}

/**
 * ingest_drive_session_add_stage:
 * @stage: runs after the read on every run from now on, in the order added
 */
void
ingest_drive_session_add_stage (IngestDriveSession *self,
                                IngestSessionStage *stage)
{
  g_return_if_fail (INGEST_IS_DRIVE_SESSION (self));
  g_return_if_fail (INGEST_IS_SESSION_STAGE (stage));

  g_ptr_array_add (self->extra_stages, g_object_ref (stage));
}

/* Readers for the next read (0 = the read's default). */
void
ingest_drive_session_set_n_threads (IngestDriveSession *self,
                                    guint               n_threads)
{
  g_return_if_fail (INGEST_IS_DRIVE_SESSION (self));

  self->n_threads = n_threads;
}

/**
 * ingest_drive_session_run:
 * @read_stage: the stage that runs the read (an #IngestValidationStage or
 *   an #IngestUploadStage), set up as the caller wants it
 *
 * Starts a run: @read_stage, then the stages added with
 * ingest_drive_session_add_stage(). Fails when a run or a seal is under
 * way, the drive is not plugged in, or a stage cannot be prepared.
 */
gboolean
ingest_drive_session_run (IngestDriveSession  *self,
                          IngestSessionStage  *read_stage,
                          GError             **error)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);
  g_return_val_if_fail (INGEST_IS_VALIDATION_STAGE (read_stage) || INGEST_IS_UPLOAD_STAGE (read_stage), FALSE);

  return start_run (self, read_stage,
                    INGEST_IS_UPLOAD_STAGE (read_stage)
                    ? ingest_upload_stage_get_n_destinations (INGEST_UPLOAD_STAGE (read_stage)) : 0,
                    error);
}

/**
 * ingest_drive_session_validate:
 *
 * Validates the drive where it is mounted now. Fails when a run or a seal
 * is under way, or the drive is not plugged in.
 */
gboolean
ingest_drive_session_validate (IngestDriveSession  *self,
                               GError             **error)
{
  g_autoptr(IngestSessionStage) stage = ingest_validation_stage_new ();

  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return start_run (self, stage, 0, error);
}

/**
 * ingest_drive_session_upload:
 * @destinations: (element-type IngestDestination): where the files go
 * @key_template: where each file goes below them
 *
 * Validates the drive where it is mounted now and delivers it to
 * @destinations from the same read. Fails when a run or a seal is under
 * way, the drive is not plugged in, or there is nowhere to go.
 */
gboolean
ingest_drive_session_upload (IngestDriveSession  *self,
                             GPtrArray           *destinations,
                             IngestKeyTemplate   *key_template,
                             GError             **error)
{
  g_autoptr(IngestSessionStage) stage = NULL;

  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);
  g_return_val_if_fail (destinations != NULL, FALSE);
  g_return_val_if_fail (key_template != NULL, FALSE);

  if (destinations->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No destination is set up: add a bucket or a folder in Preferences"));
      return FALSE;
    }
  stage = ingest_upload_stage_new (destinations, key_template);
  return start_run (self, stage, destinations->len, error);
}

/* Stops reading new bytes; what is in flight finishes. Only an upload can
 * be paused (a validation is cancelled and resumed from the catalog). */
void
ingest_drive_session_pause (IngestDriveSession *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_SESSION (self));

  if (!self->running || self->paused || !self->uploading || self->unplugged)
    return;
  /* First: the read's "paused" that follows is the user's, not an unplug. */
  self->paused = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  set_state (self, running_state (self));
  ingest_session_stage_pause (g_ptr_array_index (self->stages, 0));
  g_signal_emit (self, signals[PROGRESS], 0);
}

void
ingest_drive_session_resume (IngestDriveSession *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_SESSION (self));

  if (!self->paused)
    return;
  self->paused = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  ingest_session_stage_resume (g_ptr_array_index (self->stages, 0), ingest_drive_get_mount_path (self->drive));
  /* A drive unplugged meanwhile pauses it again, as unplugged. */
  set_state (self, running_state (self));
  g_signal_emit (self, signals[PROGRESS], 0);
}

/* The run stops soon after; "running" goes FALSE when it has. */
void
ingest_drive_session_cancel (IngestDriveSession *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_SESSION (self));

  g_cancellable_cancel (self->cancellable);
}

IngestSessionState
ingest_drive_session_get_state (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), INGEST_SESSION_STATE_DETECTED);

  return self->state;
}

/* From the start of a run to the end of its last stage, paused included. */
gboolean
ingest_drive_session_get_running (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return self->running;
}

/* Paused by the user (not by an unplug: that is PAUSED_UNPLUGGED). */
gboolean
ingest_drive_session_get_paused (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return self->paused;
}

/* The last run was cancelled. */
gboolean
ingest_drive_session_get_cancelled (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return self->cancelled;
}

/* Returns: (nullable): why the last run failed (the core's plain words) */
const GError *
ingest_drive_session_get_error (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->error;
}

/* The last finished read's verdict; OK before any. */
IngestValidationVerdict
ingest_drive_session_get_verdict (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), INGEST_VALIDATION_VERDICT_OK);

  return self->verdict;
}

/* Returns: (transfer none) (nullable): the running or last read */
IngestValidationJob *
ingest_drive_session_get_read (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->read;
}

/* The read of the run under way has not ended (see IngestDriveSession:reading). */
gboolean
ingest_drive_session_get_reading (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return self->reading;
}

/* The run under way is an upload (not a validation alone). */
gboolean
ingest_drive_session_get_uploading (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return self->running && self->uploading;
}

/* Returns: (transfer none) (nullable): the running or last upload; a
 *   validation since leaves it (and the outcomes it listed) as it was */
IngestUploadJob *
ingest_drive_session_get_upload (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->upload;
}

/* Returns: (nullable): the uuid of the last run's row in the catalog's
 *   drive_sessions (NULL before the first run) */
const char *
ingest_drive_session_get_record_uuid (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->record_uuid;
}

/* Returns: (nullable): why the last upload failed, once it ended */
const GError *
ingest_drive_session_get_upload_error (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->upload_error;
}

/* The last upload was cancelled (once it ended). */
gboolean
ingest_drive_session_get_upload_cancelled (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return self->upload_cancelled;
}

guint
ingest_drive_session_get_n_destinations (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), 0);

  return self->n_destinations;
}

/* Source bytes a second the upload delivers while moving; 0 = not known. */
double
ingest_drive_session_get_upload_rate (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), 0);

  return self->rate;
}

/**
 * ingest_drive_session_get_read_stage:
 *
 * Returns: (transfer none) (nullable): the stage that runs the read of
 *   the run going on (an #IngestValidationStage or #IngestUploadStage):
 *   a later stage finds there where the upload delivers
 */
IngestSessionStage *
ingest_drive_session_get_read_stage (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->stages->len > 0 ? g_ptr_array_index (self->stages, 0) : NULL;
}

/* Seconds the upload has been moving (pauses and unplugs left out). */
double
ingest_drive_session_get_upload_seconds (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), 0);

  return g_timer_elapsed (self->running_time, NULL);
}

/* Returns: (transfer none) (nullable): when the last run ended */
GDateTime *
ingest_drive_session_get_finished_at (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return self->finished_at;
}

/* Returns: (transfer none): IngestRollOutcome, one per roll of the upload */
GListModel *
ingest_drive_session_get_rolls (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return _ingest_delivery_ledger_get_rolls (self->ledger);
}

/* Returns: (transfer none): IngestFileOutcome, files not delivered first,
 *   then the others in the order they finished */
GListModel *
ingest_drive_session_get_files (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return _ingest_delivery_ledger_get_files (self->ledger);
}

/* Returns: (transfer none): IngestTransfer, the files being sent now */
GListModel *
ingest_drive_session_get_transfers (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  return _ingest_delivery_ledger_get_transfers (self->ledger);
}

/*
 * Sealing and reports
 */

static gboolean
read_is_done (IngestDriveSession *self)
{
  return !self->running && self->read != NULL &&
         ingest_validation_job_get_phase (self->read) == INGEST_VALIDATION_PHASE_DONE;
}

/**
 * ingest_drive_session_dup_unverifiable:
 *
 * Returns: (transfer full): the paths (relative to the drive) of the rolls of
 *   the last finished read that no hash list covers; empty when none
 */
GStrv
ingest_drive_session_dup_unverifiable (IngestDriveSession *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), NULL);

  if (read_is_done (self))
    {
      g_autoptr(GListModel) rolls = ingest_validation_job_list_rolls (self->read);

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
ingest_drive_session_can_seal (IngestDriveSession *self)
{
  g_auto(GStrv) rolls = NULL;

  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  if (self->sealing || !read_is_done (self) || ingest_drive_get_read_only (self->drive))
    return FALSE;
  rolls = ingest_drive_session_dup_unverifiable (self);
  return rolls[0] != NULL;
}

gboolean
ingest_drive_session_get_sealing (IngestDriveSession *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);

  return self->sealing;
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
  IngestDriveSession *self = INGEST_DRIVE_SESSION (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  g_clear_object (&self->cancellable);
  self->sealing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEALING]);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The rolls now have a hash list (the drive's scan says which), and what
   * was sealed is checked at once against it. */
  ingest_drive_scan_async (self->drive, NULL, NULL, NULL);
  ingest_drive_session_validate (self, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Writes the first ASC MHL generation of each roll no hash list covers (the
 * files as they are now), then validates the drive again. */
void
ingest_drive_session_seal_async (IngestDriveSession  *self,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_auto(GStrv) rolls = NULL;
  GStrvBuilder *folders;

  g_return_if_fail (INGEST_IS_DRIVE_SESSION (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ingest_drive_session_seal_async);
  if (!ingest_drive_session_can_seal (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Nothing on this drive can be sealed"));
      return;
    }

  rolls = ingest_drive_session_dup_unverifiable (self);
  folders = g_strv_builder_new ();
  for (guint i = 0; rolls[i] != NULL; i++)
    {
      g_autofree char *folder = g_build_filename (ingest_validation_job_get_root (self->read), rolls[i], NULL);

      g_strv_builder_add (folders, folder);
    }

  self->cancellable = g_cancellable_new ();
  self->sealing = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEALING]);
  worker = g_task_new (self, self->cancellable, seal_done_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, g_strv_builder_end (folders), (GDestroyNotify) g_strfreev);
  g_strv_builder_unref (folders);
  g_task_run_in_thread (worker, seal_thread);
}

gboolean
ingest_drive_session_seal_finish (IngestDriveSession  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The JSON and HTML reports of the last finished read, into @dir. */
gboolean
ingest_drive_session_write_report (IngestDriveSession  *self,
                                   const char          *dir,
                                   char               **json_path,
                                   char               **html_path,
                                   GError             **error)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (!read_is_done (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("The drive has no finished validation to report"));
      return FALSE;
    }
  return ingest_validation_report_write (self->read, dir, json_path, html_path, error);
}
