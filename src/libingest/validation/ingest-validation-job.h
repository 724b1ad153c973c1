/* ingest-validation-job.h
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

#include "ingest-expected-manifest.h"
#include "ingest-read-sink.h"
#include "ingest-types.h"
#include "ingest-validation-result.h"
#include "ingest-validation-roll.h"

#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestValidationPhase:
 * @INGEST_VALIDATION_PHASE_IDLE: not started
 * @INGEST_VALIDATION_PHASE_SCANNING: reading manifests, walking the tree
 * @INGEST_VALIDATION_PHASE_HASHING: reading the files (see "paused")
 * @INGEST_VALIDATION_PHASE_FINISHING: missing files, verdicts, catalog
 * @INGEST_VALIDATION_PHASE_DONE: finished; see "verdict"
 * @INGEST_VALIDATION_PHASE_CANCELLED: cancelled; results so far are kept
 * @INGEST_VALIDATION_PHASE_FAILED: could not run (see the GError of _finish)
 */
typedef enum {
  INGEST_VALIDATION_PHASE_IDLE,
  INGEST_VALIDATION_PHASE_SCANNING,
  INGEST_VALIDATION_PHASE_HASHING,
  INGEST_VALIDATION_PHASE_FINISHING,
  INGEST_VALIDATION_PHASE_DONE,
  INGEST_VALIDATION_PHASE_CANCELLED,
  INGEST_VALIDATION_PHASE_FAILED,
} IngestValidationPhase;


#define INGEST_TYPE_VALIDATION_JOB (ingest_validation_job_get_type ())

G_DECLARE_FINAL_TYPE (IngestValidationJob, ingest_validation_job, INGEST, VALIDATION_JOB, GObject)

/*
 * IngestValidationJob: validates a drive (or any folder) against its expected
 * hashes (IngestExpectedManifest: on-drive ASC MHL histories, legacy .mhl
 * files, files the user picked). Each regular file is read once, hashed in
 * the formats its manifests carry (files no manifest lists: xxh64, plus the
 * formats of missing files to spot renames), on worker threads that touch
 * only plain data. Results are persisted to the catalog in batches as they
 * are produced, and a new run skips files an earlier run verified whose
 * size, mtime (ns) and expected hashes have not changed.
 *
 * When the drive disappears (its identity no longer answers at the root), the
 * job pauses with the message "Drive removed — plug it back in to continue"
 * and carries on by itself when the same drive is back at the root; a caller
 * that sees it come back elsewhere calls ingest_validation_job_resume() with
 * the new root.
 *
 * Properties (main thread, throttled): "root" s, "phase" IngestValidationPhase,
 * "fraction" d, "bytes-done" u64 (read in this run), "bytes-total" u64 (to
 * read in this run), "bytes-resumed" u64 (not re-read: verified earlier),
 * "files-done" u, "files-total" u, "rate" d (bytes/s), "eta" x (seconds,
 * -1 = unknown), "message" s, "paused" b, "verdict" IngestValidationVerdict,
 * "drive-identity" s, "drive-label" s.
 * Models: ingest_validation_job_list_results() (IngestValidationResult, in
 * the order produced), ingest_validation_job_list_rolls() (IngestValidationRoll).
 */

IngestValidationJob     *ingest_validation_job_new               (const char                *root);
const char              *ingest_validation_job_get_root          (IngestValidationJob       *self);

/* Configuration, before running: */
void                     ingest_validation_job_add_expected      (IngestValidationJob       *self,
                                                                  const char                *path);
void                     ingest_validation_job_set_catalog       (IngestValidationJob       *self,
                                                                  IngestCatalog             *catalog);
/* Skip files verified earlier and unchanged (default TRUE; needs a catalog). */
void                     ingest_validation_job_set_reuse_verified (IngestValidationJob      *self,
                                                                  gboolean                   reuse);
/* After validating, append an in-place generation to the drive's ASC MHL
 * histories (default FALSE: many facilities forbid writing to camera media;
 * never done on a read-only drive). It uses the MHL engine's create, in the
 * formats each history already records, fed with the digests of the
 * validation's own read: files are not read a second time (only those the
 * run did not read, e.g. reused from an earlier run, or changed since). */
void                     ingest_validation_job_set_record        (IngestValidationJob       *self,
                                                                  gboolean                   record);
/* 0 = one worker per CPU core, at most 4 */
void                     ingest_validation_job_set_n_threads     (IngestValidationJob       *self,
                                                                  guint                      n_threads);
void                     ingest_validation_job_set_label         (IngestValidationJob       *self,
                                                                  const char                *label);
/* Hands every byte read, and each file's verdict, to @sink as well (see
 * IngestReadSink): any number, each fed from the same buffer. */
void                     ingest_validation_job_add_sink          (IngestValidationJob       *self,
                                                                  IngestReadSink            *sink);

void                     ingest_validation_job_run_async         (IngestValidationJob       *self,
                                                                  GCancellable              *cancellable,
                                                                  GAsyncReadyCallback        callback,
                                                                  gpointer                   user_data);
/* TRUE when every file has a result (whatever the verdict). */
gboolean                 ingest_validation_job_run_finish        (IngestValidationJob       *self,
                                                                  GAsyncResult              *result,
                                                                  GError                   **error);

void                     ingest_validation_job_pause             (IngestValidationJob       *self,
                                                                  const char                *message);
/* @root: (nullable): where the drive is now; NULL = where it was */
void                     ingest_validation_job_resume            (IngestValidationJob       *self,
                                                                  const char                *root);

IngestValidationPhase    ingest_validation_job_get_phase         (IngestValidationJob       *self);
double                   ingest_validation_job_get_fraction      (IngestValidationJob       *self);
guint64                  ingest_validation_job_get_bytes_done    (IngestValidationJob       *self);
guint64                  ingest_validation_job_get_bytes_total   (IngestValidationJob       *self);
guint64                  ingest_validation_job_get_bytes_resumed (IngestValidationJob       *self);
guint                    ingest_validation_job_get_files_done    (IngestValidationJob       *self);
guint                    ingest_validation_job_get_files_total   (IngestValidationJob       *self);
double                   ingest_validation_job_get_rate          (IngestValidationJob       *self);
gint64                   ingest_validation_job_get_eta           (IngestValidationJob       *self);
const char              *ingest_validation_job_get_message       (IngestValidationJob       *self);
gboolean                 ingest_validation_job_get_paused        (IngestValidationJob       *self);
IngestValidationVerdict  ingest_validation_job_get_verdict       (IngestValidationJob       *self);
const char              *ingest_validation_job_get_drive_identity (IngestValidationJob      *self);
const char              *ingest_validation_job_get_drive_label   (IngestValidationJob       *self);
const char              *ingest_validation_job_get_drive_uuid    (IngestValidationJob       *self);
const char              *ingest_validation_job_get_drive_filesystem (IngestValidationJob    *self);
gboolean                 ingest_validation_job_get_drive_read_only (IngestValidationJob     *self);
guint64                  ingest_validation_job_get_count         (IngestValidationJob       *self,
                                                                  IngestValidationStatus     status);
/* µs since the epoch; 0 = not yet */
gint64                   ingest_validation_job_get_started_at    (IngestValidationJob       *self);
gint64                   ingest_validation_job_get_finished_at   (IngestValidationJob       *self);
/* the catalog's validation_runs.id, 0 without a catalog */
gint64                   ingest_validation_job_get_run_id        (IngestValidationJob       *self);

GListModel              *ingest_validation_job_list_results      (IngestValidationJob       *self);
GListModel              *ingest_validation_job_list_rolls        (IngestValidationJob       *self);
/* After the scan: where the expectations came from. (transfer none, nullable) */
IngestExpectedManifest  *ingest_validation_job_get_expected      (IngestValidationJob       *self);
/* Notes that are not per-file results: unreadable manifests, disagreements,
 * unverifiable rolls. NULL-terminated (transfer none). */
const char * const      *ingest_validation_job_get_diagnostics   (IngestValidationJob       *self);

G_END_DECLS
