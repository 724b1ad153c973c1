/* ingest-upload-job.h
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

#include "ingest-destination.h"
#include "ingest-key-template.h"
#include "ingest-file-outcome.h"
#include "ingest-history-outcome.h"
#include "ingest-types.h"
#include "ingest-validation-job.h"

G_BEGIN_DECLS

/* Object keys below a destination (DESIGN.md §5). {roll} is the roll's name,
 * {path} the file's path inside the roll, {file} its path below the root,
 * {drive} the drive's label. Empty values drop their component. */

/* A file being read and sent right now. */
typedef struct {
  char    *path;        /* relative to the job's root */
  guint64  size;        /* source bytes */
  guint64  bytes_done;  /* read and handed to every destination so far in this run
                           plus the bytes resumed (already at the destination) */
} IngestUploadActiveFile;

#define INGEST_TYPE_UPLOAD_JOB (ingest_upload_job_get_type ())

G_DECLARE_FINAL_TYPE (IngestUploadJob, ingest_upload_job, INGEST, UPLOAD_JOB, GObject)

/*
 * IngestUploadJob: validate a drive (or folder) against its MHL and deliver
 * it to one or more destinations from the SAME read of each file. It runs
 * an IngestValidationJob (its own, or one given to
 * ingest_upload_job_new_for_validation()) and is one of that read's
 * IngestReadSinks: every buffer goes to the MHL hashers (validation) and to
 * each destination. A file is
 * completed at a destination only when validation says its bytes are the
 * ones the manifest expects; otherwise it is held (never delivered) with
 * the reason. Then each roll's `ascmhl/` history goes up too, with a new
 * generation (process "transfer") recording the verified copy. What each
 * destination was given is staged under $XDG_STATE_HOME/ingest-station/
 * transfer-histories until it arrived whole, so a run interrupted there
 * sends the same generation again (never a second one), and a run that
 * sent nothing new to a destination with a whole history leaves it alone.
 * Before a roll's history, each of its folders that holds no delivered file
 * (an empty XDROOT/Edit) goes to each destination as a source whose key
 * ends in "/": a zero-byte directory marker object in S3, an empty folder
 * in a folder destination; the ASC MHL records folders, so a downloaded
 * copy needs them to verify.
 *
 * Properties (main thread, throttled): "files-total" u, "files-verified" u,
 * "files-already-delivered" u (of the verified, those every destination
 * had already, same bytes: nothing sent),
 * "files-failed" u, "bytes-total" u64 (source bytes of the files to
 * deliver), "bytes-sent" u64, "bytes-resumed" u64 (not sent again: the
 * destination already had them), "fraction" d (stays where it stopped when
 * the run is cancelled or fails), "rate" d (bytes/s of new bytes sent, over
 * the time not paused), "eta" x (seconds, -1 = unknown), "message" s, "paused" b (the user paused,
 * or validation paused itself because the drive was removed; "message"
 * says which), "n-active-files" u and "active-files" (a GPtrArray of
 * IngestUploadActiveFile, see ingest_upload_job_dup_active_files()):
 * notified at most ~4 times a second while files are in flight.
 * Signal "file-outcome" (IngestFileOutcome): one per file to deliver, once
 * every destination answered for it, main thread; see IngestFileOutcome for
 * the states and why. Signal "history-outcome" (IngestHistoryOutcome): one
 * per roll with a history and destination, main thread, all before the run
 * finishes. Generation 0 = none: already delivered whole by an earlier run,
 * or no file of the roll verified at every destination (the reason says
 * which), or failed. None is emitted when the run stopped before the
 * histories (cancelled, failed read, upload_history off). A destination that
 * failed one roll's history is not tried again for the next rolls: they
 * report FAILED with the same reason.
 */

IngestUploadJob     *ingest_upload_job_new               (const char           *root);
IngestUploadJob     *ingest_upload_job_new_for_validation (IngestValidationJob *read);
void                 ingest_upload_job_add_destination   (IngestUploadJob      *self,
                                                          IngestDestination    *destination);
void                 ingest_upload_job_set_catalog       (IngestUploadJob      *self,
                                                          IngestCatalog        *catalog);
void                 ingest_upload_job_set_key_template  (IngestUploadJob      *self,
                                                          IngestKeyTemplate    *key_template);
void                 ingest_upload_job_add_expected      (IngestUploadJob      *self,
                                                          const char           *path);
void                 ingest_upload_job_set_n_threads     (IngestUploadJob      *self,
                                                          guint                 n_threads);
void                 ingest_upload_job_set_upload_history (IngestUploadJob     *self,
                                                          gboolean              upload_history);
void                 ingest_upload_job_set_abort_on_cancel (IngestUploadJob    *self,
                                                          gboolean              abort_on_cancel);

void                 ingest_upload_job_run_async         (IngestUploadJob      *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* TRUE when every file is verified in every destination. */
gboolean             ingest_upload_job_run_finish        (IngestUploadJob      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void                 ingest_upload_job_pause             (IngestUploadJob      *self);
void                 ingest_upload_job_resume            (IngestUploadJob      *self);

/* TRUE when paused by the user or because the drive was removed. */
gboolean             ingest_upload_job_get_paused        (IngestUploadJob      *self);
/* Snapshot of the files in flight, main thread, in path order.
 * Returns: (transfer full) (element-type IngestUploadActiveFile): with its free func set */
GPtrArray           *ingest_upload_job_dup_active_files  (IngestUploadJob      *self);

IngestValidationJob *ingest_upload_job_get_validation    (IngestUploadJob      *self);
guint                ingest_upload_job_get_files_total   (IngestUploadJob      *self);
guint                ingest_upload_job_get_files_verified (IngestUploadJob     *self);
guint                ingest_upload_job_get_files_already_delivered (IngestUploadJob *self);
guint                ingest_upload_job_get_files_failed  (IngestUploadJob      *self);
guint64              ingest_upload_job_get_bytes_total   (IngestUploadJob      *self);
guint64              ingest_upload_job_get_bytes_sent    (IngestUploadJob      *self);
guint64              ingest_upload_job_get_bytes_resumed (IngestUploadJob      *self);
double               ingest_upload_job_get_fraction      (IngestUploadJob      *self);
double               ingest_upload_job_get_rate          (IngestUploadJob      *self);
gint64               ingest_upload_job_get_eta           (IngestUploadJob      *self);
const char          *ingest_upload_job_get_message       (IngestUploadJob      *self);

G_END_DECLS
