/* ingest-validation-run-private.h
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

/* The state one validation run's threads share (plain data), and what the job's files call in each other. */

#pragma once

#if !defined (INGEST_COMPILATION)
# error "This header is private to the core."
#endif

#include "ingest-catalog.h"
#include "ingest-expected-manifest.h"
#include "ingest-mhl-history.h"
#include "ingest-validation-job-private.h"

G_BEGIN_DECLS

/* A file to read. */
typedef struct {
  char                     *path;       /* relative to the root */
  char                     *target;     /* a file link's target below the root (read instead), or NULL */
  const IngestExpectedFile *expected;   /* NULL: not in any manifest */
  IngestHashSet             kinds;
  guint                     roll;
  guint64                   bytes_read; /* by the current attempt */
} IngestValidationWorkItem;

/* Everything the threads share: plain data. The job (main thread) and the
 * task each hold a reference. */
typedef struct {
  gatomicrefcount            ref;
  GMainContext              *context;
  GCancellable              *cancellable;
  gulong                     cancelled_id;

  /* fixed before the run */
  char                      *label;
  char                     **expected_paths;
  IngestCatalog             *catalog;
  guint                      n_threads;
  gboolean                   reuse;
  gboolean                   record;
  GPtrArray                 *sinks;            /* IngestReadSink * */

  /* found by the scan (coordinator), read-only afterwards */
  char                      *identity;
  char                      *drive_label;
  char                      *uuid;
  char                      *filesystem;
  gboolean                   read_only;
  gint64                     started_at;
  gint64                     run_id;
  IngestExpectedManifest    *expected;
  GPtrArray                 *rolls;            /* IngestValidationRollData */
  GPtrArray                 *diagnostics;      /* char * */
  GHashTable                *seen;             /* IngestExpectedFile * met on the drive */
  GHashTable                *missing_by_hash;  /* "kind:value" → IngestExpectedFile * not on the drive */
  guint64                  (*roll_counts)[INGEST_VALIDATION_N_STATUSES];
  IngestValidationVerdict    verdict;
  GArray                    *record_targets;   /* IngestValidationRecordTarget; empty unless recording */

  /* progress, atomic */
  guint64                    bytes_done;
  guint64                    bytes_total;
  guint64                    bytes_resumed;
  gint                       files_done;
  gint                       files_total;
  gint                       batches_sent;

  /* under mutex */
  GMutex                     mutex;
  GCond                      cond;
  char                      *root;
  GQueue                     queue;            /* IngestValidationWorkItem * */
  GPtrArray                 *produced;         /* IngestValidationResultData * */
  GHashTable                *claimed;          /* IngestExpectedFile * matched by a renamed file */
  GHashTable                *precomputed;      /* absolute path → IngestHashJob, when recording */
  guint                      n_busy;
  gboolean                   paused;
  gboolean                   removed;
  gboolean                   state_changed;
  char                      *pause_message;
} IngestValidationRun;

/* An ASC MHL history that gets a new generation when the run records. */
typedef struct {
  IngestMhlHistory *history;
  char             *prefix;   /* its root relative to the drive's: "" or "A001/" */
  IngestHashSet     kinds;    /* the formats it records; the new generation keeps to them */
} IngestValidationRecordTarget;

/* ingest-validation-run.c (any thread) */
/* Empty containers, @root and @cancellable (or a new one); the job fills in
 * its configuration before the run starts. */
IngestValidationRun *_ingest_validation_run_new            (const char               *root,
                                                            GCancellable             *cancellable);
IngestValidationRun *_ingest_validation_run_ref            (IngestValidationRun      *run);
void                 _ingest_validation_run_unref          (IngestValidationRun      *run);
/* The root now (a drive that comes back may be mounted elsewhere). */
char                *_ingest_validation_run_dup_root       (IngestValidationRun      *run);
/* Coordinator thread only. */
void                 _ingest_validation_run_add_diagnostic (IngestValidationRun      *run,
                                                            const char               *format,
                                                            ...) G_GNUC_PRINTF (2, 3);
void                 _ingest_validation_work_item_free     (IngestValidationWorkItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestValidationRun, _ingest_validation_run_unref)

/* ingest-validation-job.c (the coordinator and the main thread) */
/* Hands the main thread the scan (@scanned), a batch of @results (taken)
 * or a change of pause state (@state). */
void  _ingest_validation_job_post           (IngestValidationJob      *job,
                                             IngestValidationRun      *run,
                                             GPtrArray                *results,
                                             gboolean                  scanned,
                                             gboolean                  state);

/* ingest-validation-job-scan.c (coordinator thread) */
/* The drive, its histories (@history: kept by the caller while the run
 * records), manifests and tree: fills the run's rolls, expectations, the
 * results known without reading and the queue of files to read. */
gboolean _ingest_validation_run_scan        (IngestValidationRun      *run,
                                             IngestMhlHistory        **history,
                                             GError                  **error);
/* A missing result for every listed file no file on the drive took. */
void     _ingest_validation_run_add_missing (IngestValidationRun      *run);

/* ingest-validation-job-read.c (the coordinator and the readers) */
/* Reads the queue on a pool of threads, feeding the sinks, and delivers the
 * results until all are done. */
void       _ingest_validation_run_read           (IngestValidationJob *job,
                                                  IngestValidationRun *run);
/* Counts, tells the sinks, saves and delivers a batch (taken). */
void       _ingest_validation_run_flush          (IngestValidationJob *job,
                                                  IngestValidationRun *run,
                                                  GPtrArray           *batch);
GPtrArray *_ingest_validation_run_steal_produced (IngestValidationRun *run);
void       _ingest_validation_run_end_sinks      (IngestValidationRun *run,
                                                  gboolean             completed);

G_END_DECLS
