/* ingest-validation-stage.c
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

#include "config.h"

#include "ingest-validation-stage.h"

struct _IngestValidationStage
{
  IngestSessionStage   parent_instance;

  IngestValidationJob *read;
};

G_DEFINE_FINAL_TYPE (IngestValidationStage, ingest_validation_stage, INGEST_TYPE_SESSION_STAGE)

static gboolean
ingest_validation_stage_prepare (IngestSessionStage   *stage,
                                 IngestDriveSession   *session,
                                 IngestValidationJob  *read,
                                 GError              **error)
{
  IngestValidationStage *self = INGEST_VALIDATION_STAGE (stage);

  g_set_object (&self->read, read);
  return TRUE;
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
ingest_validation_stage_run_async (IngestSessionStage  *stage,
                                   IngestDriveSession  *session,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  IngestValidationStage *self = INGEST_VALIDATION_STAGE (stage);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ingest_validation_stage_run_async);
  ingest_validation_job_run_async (self->read, cancellable, read_done_cb, task);
}

static gboolean
ingest_validation_stage_run_finish (IngestSessionStage  *stage,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ingest_validation_stage_dispose (GObject *object)
{
  IngestValidationStage *self = (IngestValidationStage *) object;

  g_clear_object (&self->read);

  G_OBJECT_CLASS (ingest_validation_stage_parent_class)->dispose (object);
}

static void
ingest_validation_stage_class_init (IngestValidationStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IngestSessionStageClass *stage_class = INGEST_SESSION_STAGE_CLASS (klass);

  object_class->dispose = ingest_validation_stage_dispose;
  stage_class->prepare = ingest_validation_stage_prepare;
  stage_class->run_async = ingest_validation_stage_run_async;
  stage_class->run_finish = ingest_validation_stage_run_finish;
  ingest_session_stage_class_set_state (stage_class, INGEST_SESSION_STATE_VALIDATING);
}

static void
ingest_validation_stage_init (IngestValidationStage *self)
{
}

IngestSessionStage *
ingest_validation_stage_new (void)
{
  return g_object_new (INGEST_TYPE_VALIDATION_STAGE, NULL);
}
