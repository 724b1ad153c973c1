/* ingest-drive-session.h
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

#include "ingest-catalog.h"
#include "ingest-drive.h"
#include "ingest-key-template.h"
#include "ingest-session-stage.h"
#include "ingest-session-state.h"
#include "ingest-upload-job.h"
#include "ingest-validation-job.h"

G_BEGIN_DECLS

/*
 * One drive's life, from the moment it is mounted to its eject.
 *
 *   DETECTED ──(scan done)──▶ RECOGNISED ──validate() / upload() / run()──┐
 *      ▲                          ▲                                       ▼
 *      │ rescan, nothing running  │ cancel()          VALIDATING or UPLOADING: the read
 *      └──────────────────────────┤                   (each file read once, hashed,
 *                                 │                   checked and fed to every sink)
 *                                 │                     │  ▲
 *                                 │        drive pulled │  │ drive back, at any mount:
 *                                 │                     ▼  │ the read goes on there
 *                                 │               PAUSED_UNPLUGGED
 *                                 │                     │
 *                                 │                     ▼ read done; then each added stage
 *                                 │     INSPECTING ─▶ MAKING_PROXIES ─▶ REPORTING (as added)
 *                                 │                     │
 *                                 │                     ▼
 *                                 └──── next run ── DONE (the verdict says how it went)
 *                                                   or FAILED (a stage's GError:
 *                                                   ingest_drive_session_get_error())
 *
 * A run is an ordered list of stages (IngestSessionStage): the one that runs
 * the read — IngestValidationStage for validate(), IngestUploadStage for
 * upload(), which validates and delivers from the same bytes — then the
 * stages added with ingest_drive_session_add_stage() (metadata, proxies,
 * report). Before the read starts the session says "prepare-read" (a front
 * end sets the read's options) and prepares every stage (one that wants the
 * bytes attaches an IngestReadSink); then the stages run in order.
 *
 * What a run found is typed and listed here: the rolls (IngestRollOutcome),
 * the finished files (IngestFileOutcome, problems first) and the files in
 * flight (IngestTransfer) of the last upload; the read's own results and
 * rolls are the read's (ingest_drive_session_get_read()). The drive's state
 * (IngestDrive:state) follows the read: VALIDATING, then VERIFIED or
 * PROBLEMS by its verdict.
 *
 * A session belongs to a drive identity: the drive monitor gives a drive
 * that comes back the same IngestDrive, and the session carries on with it.
 * Each run is a row of the catalog's drive_sessions (its state as it goes,
 * how it ended). Everything here runs on the thread-default main context it
 * was made on.
 */

#define INGEST_TYPE_DRIVE_SESSION (ingest_drive_session_get_type ())

G_DECLARE_FINAL_TYPE (IngestDriveSession, ingest_drive_session, INGEST, DRIVE_SESSION, GObject)

IngestDriveSession     *ingest_drive_session_new              (IngestDrive            *drive,
                                                               IngestCatalog          *catalog);
IngestDrive            *ingest_drive_session_get_drive        (IngestDriveSession     *self);
void                    ingest_drive_session_set_drive        (IngestDriveSession     *self,
                                                               IngestDrive            *drive);
const char             *ingest_drive_session_get_identity     (IngestDriveSession     *self);
IngestCatalog          *ingest_drive_session_get_catalog      (IngestDriveSession     *self);

/* Stages run after the read on every run (metadata, proxies, report). */
void                    ingest_drive_session_add_stage        (IngestDriveSession     *self,
                                                               IngestSessionStage     *stage);

/* Starting a run. FALSE with an error when one runs already. */
gboolean                ingest_drive_session_run              (IngestDriveSession     *self,
                                                               IngestSessionStage     *read_stage,
                                                               GError                **error);
gboolean                ingest_drive_session_validate         (IngestDriveSession     *self,
                                                               GError                **error);
gboolean                ingest_drive_session_upload           (IngestDriveSession     *self,
                                                               GPtrArray              *destinations,
                                                               IngestKeyTemplate      *key_template,
                                                               GError                **error);
void                    ingest_drive_session_set_n_threads    (IngestDriveSession     *self,
                                                               guint                   n_threads);
void                    ingest_drive_session_pause            (IngestDriveSession     *self);
void                    ingest_drive_session_resume           (IngestDriveSession     *self);
void                    ingest_drive_session_cancel           (IngestDriveSession     *self);

/* Where it is. */
IngestSessionState      ingest_drive_session_get_state        (IngestDriveSession     *self);
gboolean                ingest_drive_session_get_running      (IngestDriveSession     *self);
gboolean                ingest_drive_session_get_reading      (IngestDriveSession     *self);
gboolean                ingest_drive_session_get_uploading    (IngestDriveSession     *self);
gboolean                ingest_drive_session_get_paused       (IngestDriveSession     *self);
gboolean                ingest_drive_session_get_cancelled    (IngestDriveSession     *self);
const GError           *ingest_drive_session_get_error        (IngestDriveSession     *self);
IngestValidationVerdict ingest_drive_session_get_verdict      (IngestDriveSession     *self);
IngestValidationJob    *ingest_drive_session_get_read         (IngestDriveSession     *self);
IngestUploadJob        *ingest_drive_session_get_upload       (IngestDriveSession     *self);
IngestSessionStage     *ingest_drive_session_get_read_stage   (IngestDriveSession     *self);
const GError           *ingest_drive_session_get_upload_error (IngestDriveSession     *self);
gboolean                ingest_drive_session_get_upload_cancelled (IngestDriveSession *self);
guint                   ingest_drive_session_get_n_destinations (IngestDriveSession   *self);
double                  ingest_drive_session_get_upload_rate  (IngestDriveSession     *self);
double                  ingest_drive_session_get_upload_seconds (IngestDriveSession   *self);
GDateTime              *ingest_drive_session_get_finished_at  (IngestDriveSession     *self);
const char             *ingest_drive_session_get_record_uuid  (IngestDriveSession     *self);

/* What it found. */
GListModel             *ingest_drive_session_get_rolls        (IngestDriveSession     *self);
GListModel             *ingest_drive_session_get_files        (IngestDriveSession     *self);
GListModel             *ingest_drive_session_get_transfers    (IngestDriveSession     *self);

/* After a validation: rolls no hash list covers get their first generation. */
GStrv                   ingest_drive_session_dup_unverifiable (IngestDriveSession     *self);
gboolean                ingest_drive_session_can_seal         (IngestDriveSession     *self);
gboolean                ingest_drive_session_get_sealing      (IngestDriveSession     *self);
void                    ingest_drive_session_seal_async       (IngestDriveSession     *self,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
gboolean                ingest_drive_session_seal_finish      (IngestDriveSession     *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
gboolean                ingest_drive_session_write_report     (IngestDriveSession     *self,
                                                               const char             *dir,
                                                               char                  **json_path,
                                                               char                  **html_path,
                                                               GError                **error);

G_END_DECLS
