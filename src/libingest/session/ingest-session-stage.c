/* ingest-session-stage.c
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

#include "ingest-session-stage.h"

G_DEFINE_ABSTRACT_TYPE (IngestSessionStage, ingest_session_stage, G_TYPE_OBJECT)

static gboolean
ingest_session_stage_real_prepare (IngestSessionStage   *self,
                                   IngestDriveSession   *session,
                                   IngestValidationJob  *read,
                                   GError              **error)
{
  return TRUE;
}

static void
ingest_session_stage_class_init (IngestSessionStageClass *klass)
{
  klass->prepare = ingest_session_stage_real_prepare;
  klass->state = INGEST_SESSION_STATE_VALIDATING;
}

static void
ingest_session_stage_init (IngestSessionStage *self)
{
}

/* Called from a subclass's class_init. */
void
ingest_session_stage_class_set_state (IngestSessionStageClass *klass,
                                      IngestSessionState       state)
{
  g_return_if_fail (INGEST_IS_SESSION_STAGE_CLASS (klass));
  g_return_if_fail (ingest_session_state_is_running (state) && state != INGEST_SESSION_STATE_PAUSED_UNPLUGGED);

  klass->state = state;
}

/* What the session shows while this stage runs. */
IngestSessionState
ingest_session_stage_get_state (IngestSessionStage *self)
{
  g_return_val_if_fail (INGEST_IS_SESSION_STAGE (self), INGEST_SESSION_STATE_VALIDATING);

  return INGEST_SESSION_STAGE_GET_CLASS (self)->state;
}

gboolean
ingest_session_stage_prepare (IngestSessionStage   *self,
                              IngestDriveSession   *session,
                              IngestValidationJob  *read,
                              GError              **error)
{
  g_return_val_if_fail (INGEST_IS_SESSION_STAGE (self), FALSE);
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (read), FALSE);

  return INGEST_SESSION_STAGE_GET_CLASS (self)->prepare (self, session, read, error);
}

void
ingest_session_stage_run_async (IngestSessionStage  *self,
                                IngestDriveSession  *session,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (INGEST_IS_SESSION_STAGE (self));
  g_return_if_fail (INGEST_SESSION_STAGE_GET_CLASS (self)->run_async != NULL);

  INGEST_SESSION_STAGE_GET_CLASS (self)->run_async (self, session, cancellable, callback, user_data);
}

gboolean
ingest_session_stage_run_finish (IngestSessionStage  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (INGEST_IS_SESSION_STAGE (self), FALSE);

  return INGEST_SESSION_STAGE_GET_CLASS (self)->run_finish (self, result, error);
}

void
ingest_session_stage_pause (IngestSessionStage *self)
{
  g_return_if_fail (INGEST_IS_SESSION_STAGE (self));

  if (INGEST_SESSION_STAGE_GET_CLASS (self)->pause != NULL)
    INGEST_SESSION_STAGE_GET_CLASS (self)->pause (self);
}

void
ingest_session_stage_resume (IngestSessionStage *self,
                             const char         *root)
{
  g_return_if_fail (INGEST_IS_SESSION_STAGE (self));

  if (INGEST_SESSION_STAGE_GET_CLASS (self)->resume != NULL)
    INGEST_SESSION_STAGE_GET_CLASS (self)->resume (self, root);
}
