/* ingest-proxy-stage.h
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

#include <gio/gio.h>

#include "ingest.h"
#include "ingest-proxy-result.h"
#include "ingest-proxy-settings.h"

G_BEGIN_DECLS

/*
 * IngestProxyStage: the drive session's stage that makes each clip's proxy
 * (session state MAKING_PROXIES while it finishes).
 *
 * It starts a clip's proxy as soon as the session's metadata stage has
 * grouped and read the clip and the read gave every file of it a verdict
 * (IngestMetadataStage::clip-ready), reading from the drive while the rest
 * of the card is read and uploaded: at most settings->max_parallel clips at
 * once, on threads of its own at low CPU and I/O priority. Unplugging the
 * drive stops the clips in flight (nothing half-made is published); they
 * start again at the drive's new mount. run_async() completes when every
 * clip is done.
 *
 * Proxies go to `<catalog dir>/proxies/<drive identity>/<roll>/` (or the
 * folder set with ingest_proxy_stage_set_output_dir()); the catalog keeps
 * each clip's outcome (sql/0011-clip-proxies.sql), so a session run again
 * after a crash skips the clips done. Outcomes are applied to the clips
 * (ingest_clip_set_preview(), _set_preview_problem()) on the main context
 * the stage was made on.
 *
 * A clip "needs the drive" from the moment the stage knows it until its
 * proxy is made: the station lists those (ingest_proxy_stage_get_pending())
 * so the technician may eject early when they are done.
 */
#define INGEST_TYPE_PROXY_STAGE (ingest_proxy_stage_get_type ())

G_DECLARE_FINAL_TYPE (IngestProxyStage, ingest_proxy_stage, INGEST, PROXY_STAGE, IngestSessionStage)

IngestProxyStage          *ingest_proxy_stage_new            (IngestMetadataStage       *metadata,
                                                             const IngestProxySettings *settings);
const IngestProxySettings *ingest_proxy_stage_get_settings   (IngestProxyStage          *self);
void                       ingest_proxy_stage_set_settings   (IngestProxyStage          *self,
                                                             const IngestProxySettings *settings);
void                       ingest_proxy_stage_set_enabled    (IngestProxyStage          *self,
                                                             gboolean                   enabled);
void                       ingest_proxy_stage_set_delivery   (IngestProxyStage          *self,
                                                             gboolean                   deliver,
                                                             const char                *key_template,
                                                             const char                *production,
                                                             const char                *shoot_day);
gboolean                   ingest_proxy_stage_get_delivering (IngestProxyStage          *self);
/* Where the proxies go instead of beside the catalog (NULL: the default). */
void                       ingest_proxy_stage_set_output_dir (IngestProxyStage          *self,
                                                             const char                *dir);
/* Of IngestClip: the clips whose proxy still needs the drive, in the order
 * they were found. */
GListModel                *ingest_proxy_stage_get_pending    (IngestProxyStage          *self);
/* "A001C003, A001C004" or NULL: the pending clips' names. */
char                      *ingest_proxy_stage_dup_pending_names (IngestProxyStage       *self);
/* The last run's outcomes so far, in the order they came (of IngestProxyResult). */
GPtrArray                 *ingest_proxy_stage_dup_results    (IngestProxyStage          *self);
gboolean                   ingest_proxy_stage_get_needs_drive (IngestProxyStage         *self);
gboolean                   ingest_proxy_stage_get_busy       (IngestProxyStage          *self);
guint                      ingest_proxy_stage_get_n_clips    (IngestProxyStage          *self);
guint                      ingest_proxy_stage_get_n_made     (IngestProxyStage          *self);
guint                      ingest_proxy_stage_get_n_reused   (IngestProxyStage          *self);
guint                      ingest_proxy_stage_get_n_failed   (IngestProxyStage          *self);
guint                      ingest_proxy_stage_get_n_no_preview (IngestProxyStage        *self);
guint                      ingest_proxy_stage_get_n_pending  (IngestProxyStage          *self);

G_END_DECLS
