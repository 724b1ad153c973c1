/* ingest-upload-stage.c
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

#include "ingest-drive-session.h"
#include "ingest-upload-stage.h"

struct _IngestUploadStage
{
  IngestSessionStage  parent_instance;

  GPtrArray          *destinations;   /* IngestDestination * */
  IngestKeyTemplate  *key_template;
  IngestUploadJob    *job;            /* made by prepare() */
  gboolean            abort_on_cancel;
  gboolean            upload_history;
};

G_DEFINE_FINAL_TYPE (IngestUploadStage, ingest_upload_stage, INGEST_TYPE_SESSION_STAGE)

static gboolean
ingest_upload_stage_prepare (IngestSessionStage   *stage,
                             IngestDriveSession   *session,
                             IngestValidationJob  *read,
                             GError              **error)
{
  IngestUploadStage *self = INGEST_UPLOAD_STAGE (stage);
  IngestCatalog *catalog = ingest_drive_session_get_catalog (session);
  g_autoptr(IngestUploadJob) job = ingest_upload_job_new_for_validation (read);

  if (catalog != NULL)
    ingest_upload_job_set_catalog (job, catalog);
  for (guint i = 0; i < self->destinations->len; i++)
    ingest_upload_job_add_destination (job, g_ptr_array_index (self->destinations, i));
  ingest_upload_job_set_abort_on_cancel (job, self->abort_on_cancel);
  ingest_upload_job_set_upload_history (job, self->upload_history);
  ingest_upload_job_set_key_template (job, self->key_template);
  g_set_object (&self->job, job);
  return TRUE;
}

static void
upload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: it ran, and some files were not delivered;
   * the outcomes say which. The stage itself did its work. */
  if (!ingest_upload_job_run_finish (INGEST_UPLOAD_JOB (object), result, &error) && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
ingest_upload_stage_run_async (IngestSessionStage  *stage,
                               IngestDriveSession  *session,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  IngestUploadStage *self = INGEST_UPLOAD_STAGE (stage);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ingest_upload_stage_run_async);
  ingest_upload_job_run_async (self->job, cancellable, upload_done_cb, task);
}

static gboolean
ingest_upload_stage_run_finish (IngestSessionStage  *stage,
                                GAsyncResult        *result,
                                GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ingest_upload_stage_pause (IngestSessionStage *stage)
{
  IngestUploadStage *self = INGEST_UPLOAD_STAGE (stage);

  ingest_upload_job_pause (self->job);
}

static void
ingest_upload_stage_resume (IngestSessionStage *stage,
                            const char         *root)
{
  IngestUploadStage *self = INGEST_UPLOAD_STAGE (stage);

  ingest_upload_job_resume (self->job);
}

static void
ingest_upload_stage_dispose (GObject *object)
{
  IngestUploadStage *self = (IngestUploadStage *) object;

  g_clear_object (&self->job);
  g_clear_pointer (&self->destinations, g_ptr_array_unref);
  g_clear_pointer (&self->key_template, ingest_key_template_unref);

  G_OBJECT_CLASS (ingest_upload_stage_parent_class)->dispose (object);
}

static void
ingest_upload_stage_class_init (IngestUploadStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IngestSessionStageClass *stage_class = INGEST_SESSION_STAGE_CLASS (klass);

  object_class->dispose = ingest_upload_stage_dispose;
  stage_class->prepare = ingest_upload_stage_prepare;
  stage_class->run_async = ingest_upload_stage_run_async;
  stage_class->run_finish = ingest_upload_stage_run_finish;
  stage_class->pause = ingest_upload_stage_pause;
  stage_class->resume = ingest_upload_stage_resume;
  ingest_session_stage_class_set_state (stage_class, INGEST_SESSION_STATE_UPLOADING);
}

static void
ingest_upload_stage_init (IngestUploadStage *self)
{
  self->abort_on_cancel = TRUE;
  self->upload_history = TRUE;
}

/**
 * ingest_upload_stage_new:
 * @destinations: (element-type IngestDestination): where the files go (one
 *   or more)
 * @key_template: where each file goes below them
 */
IngestSessionStage *
ingest_upload_stage_new (GPtrArray         *destinations,
                         IngestKeyTemplate *key_template)
{
  IngestUploadStage *self;

  g_return_val_if_fail (destinations != NULL && destinations->len > 0, NULL);
  g_return_val_if_fail (key_template != NULL, NULL);

  self = g_object_new (INGEST_TYPE_UPLOAD_STAGE, NULL);
  self->destinations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < destinations->len; i++)
    g_ptr_array_add (self->destinations, g_object_ref (g_ptr_array_index (destinations, i)));
  self->key_template = ingest_key_template_ref (key_template);
  return INGEST_SESSION_STAGE (self);
}

/* Returns: (transfer none) (nullable): the upload, once prepared */
IngestUploadJob *
ingest_upload_stage_get_job (IngestUploadStage *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_STAGE (self), NULL);

  return self->job;
}

guint
ingest_upload_stage_get_n_destinations (IngestUploadStage *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_STAGE (self), 0);

  return self->destinations->len;
}

/* Default TRUE: cancelling aborts what is half-sent (FALSE: it stays, and
 * the next run resumes it). Before the run starts. */
void
ingest_upload_stage_set_abort_on_cancel (IngestUploadStage *self,
                                         gboolean           abort_on_cancel)
{
  g_return_if_fail (INGEST_IS_UPLOAD_STAGE (self));

  self->abort_on_cancel = abort_on_cancel;
}

/* Default TRUE: each roll's ASC MHL history goes too, with a transfer
 * generation. Before the run starts. */
void
ingest_upload_stage_set_upload_history (IngestUploadStage *self,
                                        gboolean           upload_history)
{
  g_return_if_fail (INGEST_IS_UPLOAD_STAGE (self));

  self->upload_history = upload_history;
}

/* Returns: (transfer none) (element-type IngestDestination): the stage's destinations */
GPtrArray *
ingest_upload_stage_get_destinations (IngestUploadStage *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_STAGE (self), NULL);

  return self->destinations;
}

/* Returns: (transfer none): where each file goes below the destinations */
IngestKeyTemplate *
ingest_upload_stage_get_key_template (IngestUploadStage *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_STAGE (self), NULL);

  return self->key_template;
}
