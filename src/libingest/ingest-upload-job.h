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

#include <gio/gio.h>

#include "ingest-destination.h"
#include "ingest-types.h"
#include "ingest-validation-job.h"

G_BEGIN_DECLS

/* Object keys below a destination (DESIGN.md §5). {roll} is the roll's name,
 * {path} the file's path inside the roll, {file} its path below the root,
 * {drive} the drive's label. Empty values drop their component. */
#define INGEST_UPLOAD_DEFAULT_KEY_TEMPLATE "{production}/{shoot-day}/{roll}/{path}"

#define INGEST_TYPE_UPLOAD_JOB (ingest_upload_job_get_type ())

G_DECLARE_FINAL_TYPE (IngestUploadJob, ingest_upload_job, INGEST, UPLOAD_JOB, GObject)

/*
 * IngestUploadJob: validate a drive (or folder) against its MHL and deliver
 * it to one or more destinations from the SAME read of each file. It runs
 * an IngestValidationJob and attaches to its per-file read: every buffer
 * goes to the MHL hashers (validation) and to each destination. A file is
 * completed at a destination only when validation says its bytes are the
 * ones the manifest expects; otherwise it is held (never delivered) with
 * the reason. Then each roll's `ascmhl/` history goes up too, with a new
 * generation (process "transfer") recording the verified copy.
 *
 * Properties (main thread, throttled): "files-total" u, "files-verified" u,
 * "files-failed" u, "bytes-total" u64 (source bytes of the files to
 * deliver), "bytes-sent" u64, "bytes-resumed" u64 (not sent again: the
 * destination already had them), "fraction" d, "message" s.
 * Signal "file-finished" (path, destination uri, location, state
 * "verified"/"held"/"failed", message, bytes sent, bytes resumed): one per
 * file and destination, main thread.
 */

IngestUploadJob     *ingest_upload_job_new               (const char           *root);
void                 ingest_upload_job_add_destination   (IngestUploadJob      *self,
                                                          IngestDestination    *destination);
void                 ingest_upload_job_set_catalog       (IngestUploadJob      *self,
                                                          IngestCatalog        *catalog);
void                 ingest_upload_job_set_key_template  (IngestUploadJob      *self,
                                                          const char           *key_template);
void                 ingest_upload_job_set_key_variable  (IngestUploadJob      *self,
                                                          const char           *name,
                                                          const char           *value);
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

IngestValidationJob *ingest_upload_job_get_validation    (IngestUploadJob      *self);
guint                ingest_upload_job_get_files_total   (IngestUploadJob      *self);
guint                ingest_upload_job_get_files_verified (IngestUploadJob     *self);
guint                ingest_upload_job_get_files_failed  (IngestUploadJob      *self);
guint64              ingest_upload_job_get_bytes_total   (IngestUploadJob      *self);
guint64              ingest_upload_job_get_bytes_sent    (IngestUploadJob      *self);
guint64              ingest_upload_job_get_bytes_resumed (IngestUploadJob      *self);
double               ingest_upload_job_get_fraction      (IngestUploadJob      *self);
const char          *ingest_upload_job_get_message       (IngestUploadJob      *self);

G_END_DECLS
