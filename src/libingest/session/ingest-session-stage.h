/* ingest-session-stage.h
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

#pragma once

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <gio/gio.h>

#include "ingest-session-state.h"
#include "ingest-types.h"
#include "ingest-validation-job.h"

G_BEGIN_DECLS

typedef struct _IngestDriveSession IngestDriveSession;

#define INGEST_TYPE_SESSION_STAGE (ingest_session_stage_get_type ())

G_DECLARE_DERIVABLE_TYPE (IngestSessionStage, ingest_session_stage, INGEST, SESSION_STAGE, GObject)

/**
 * IngestSessionStageClass:
 * @prepare: called on the main thread, for every stage of a run in order,
 *   before the read starts: a stage that wants the bytes attaches its
 *   #IngestReadSink to @read here (ingest_validation_job_add_sink()); a
 *   stage that runs the read itself (the upload) builds its job around it.
 *   %FALSE with @error: the run does not start.
 * @run_async: the stage's work, run after the previous stage's ended. The
 *   stage that runs the read runs it here; the others finish what their
 *   sinks gathered (or do work of their own, off the main thread).
 * @run_finish: %FALSE with @error when the stage failed: the session is
 *   FAILED and the later stages do not run. Cancelling is
 *   %G_IO_ERROR_CANCELLED.
 * @pause: the drive was unplugged: stop touching it (optional)
 * @resume: the drive is back, mounted at @root (optional)
 *
 * One step of a drive session (see ingest-drive-session.h). Adding a stage
 * to the product is adding one subclass: say which #IngestSessionState the
 * session shows while it runs (ingest_session_stage_class_set_state()),
 * and implement @run_async/@run_finish, and @prepare if it reads along.
 */
struct _IngestSessionStageClass
{
  GObjectClass parent_class;

  gboolean (*prepare)    (IngestSessionStage   *self,
                          IngestDriveSession   *session,
                          IngestValidationJob  *read,
                          GError              **error);
  void     (*run_async)  (IngestSessionStage   *self,
                          IngestDriveSession   *session,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data);
  gboolean (*run_finish) (IngestSessionStage   *self,
                          GAsyncResult         *result,
                          GError              **error);
  void     (*pause)      (IngestSessionStage   *self);
  void     (*resume)     (IngestSessionStage   *self,
                          const char           *root);

  /*< private >*/
  IngestSessionState state;  /* set with ingest_session_stage_class_set_state() */
  gpointer padding[8];
};

void     ingest_session_stage_class_set_state (IngestSessionStageClass  *klass,
                                               IngestSessionState        state);
IngestSessionState ingest_session_stage_get_state       (IngestSessionStage       *self);

gboolean ingest_session_stage_prepare         (IngestSessionStage       *self,
                                               IngestDriveSession       *session,
                                               IngestValidationJob      *read,
                                               GError                  **error);
void     ingest_session_stage_run_async       (IngestSessionStage       *self,
                                               IngestDriveSession       *session,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data);
gboolean ingest_session_stage_run_finish      (IngestSessionStage       *self,
                                               GAsyncResult             *result,
                                               GError                  **error);
void     ingest_session_stage_pause           (IngestSessionStage       *self);
void     ingest_session_stage_resume          (IngestSessionStage       *self,
                                               const char               *root);

G_END_DECLS
