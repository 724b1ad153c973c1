/* ingest-upload-stage.h
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

#include "ingest-key-template.h"
#include "ingest-session-stage.h"
#include "ingest-upload-job.h"

G_BEGIN_DECLS

#define INGEST_TYPE_UPLOAD_STAGE (ingest_upload_stage_get_type ())

G_DECLARE_FINAL_TYPE (IngestUploadStage, ingest_upload_stage, INGEST, UPLOAD_STAGE, IngestSessionStage)

/* Runs the session's read and delivers each file it reads to every
 * destination from the same bytes (state UPLOADING): an IngestUploadJob
 * built around the read. Cancelling leaves nothing half-made behind at the
 * destinations. */
IngestSessionStage *ingest_upload_stage_new     (GPtrArray          *destinations,
                                                 IngestKeyTemplate  *key_template);
IngestUploadJob    *ingest_upload_stage_get_job (IngestUploadStage  *self);
guint               ingest_upload_stage_get_n_destinations (IngestUploadStage *self);
void                ingest_upload_stage_set_abort_on_cancel (IngestUploadStage *self,
                                                             gboolean           abort_on_cancel);
void                ingest_upload_stage_set_upload_history  (IngestUploadStage *self,
                                                             gboolean           upload_history);
/* What the stage was made with, for deliveries of the same session
 * (IngestProxyDelivery: the destinations, {production} and {shoot-day}). */
GPtrArray          *ingest_upload_stage_get_destinations    (IngestUploadStage *self);
IngestKeyTemplate  *ingest_upload_stage_get_key_template    (IngestUploadStage *self);

G_END_DECLS
