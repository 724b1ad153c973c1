/* ingest-upload-delivery-private.h
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

/* The job's per-file delivery (ingest-upload-delivery.c): the plain data its threads share, and its plain types. */

#pragma once

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include "ingest-destination-private.h"
#include "ingest-expected-manifest.h"
#include "ingest-key-template.h"
#include "ingest-upload-job.h"
#include "ingest-upload-sink-private.h"

G_BEGIN_DECLS

/* A roll the scan found: its files' keys are made relative to it. */
typedef struct
{
  char *path;   /* relative to the root, "." = the root */
  char *name;
} IngestUploadRoll;

/* A file verified at every destination, for the transfer generation. */
typedef struct
{
  char     *path;
  char     *kind;
  char     *value;
  guint64   size;
  guint64   sent;   /* bit i (_ingest_upload_destination_bit()): destination i got new bytes in this run */
} IngestUploadDelivered;

/* One file's outcome, from a finisher to IngestUploadShared.report_func
 * (in the job's main context). */
typedef struct
{
  IngestUploadShared     *shared;
  char                   *path;
  GPtrArray              *rows;        /* IngestDelivery * per destination */
  IngestValidationStatus  status;
  guint64                 size;
  char                   *kind;
  char                   *hash;
  gboolean                delivered;   /* verified at every destination */
  gboolean                already;     /* ... and every destination had it already */
  gboolean                counts;      /* a file to deliver (not an ignored one) */
} IngestUploadReport;

/* Plain data shared by the job (main thread) with the reader and finisher
 * threads; the entries being read stay inside ingest-upload-delivery.c. */
struct _IngestUploadShared
{
  gatomicrefcount          ref;
  GMutex                   lock;
  GCond                    cond;
  char                    *root;
  GPtrArray               *destinations;  /* IngestDestination *, fixed during a run */
  IngestKeyTemplate       *key_template;  /* fixed during a run */
  char                    *drive_label;   /* set with the scan, for the copies' records */
  GCancellable            *cancellable;
  GMainContext            *context;       /* the job's: outcomes go there */
  GSourceFunc              report_func;   /* takes an IngestUploadReport *, in context */
  IngestUploadJob         *job;           /* unowned, main thread only: alive until the run's task returns */
  GThreadPool             *finishers;     /* unowned: the job's */
  GAsyncQueue             *history_outcomes;  /* IngestHistoryOutcome *, from the history thread */

  /* under lock */
  gboolean                 paused;
  gboolean                 scanned;
  IngestExpectedManifest  *expected;
  GPtrArray               *rolls;         /* IngestUploadRoll * */
  GHashTable              *entries;       /* path → the file's state at each destination, while read */
  GHashTable              *active;        /* path → IngestUploadActiveFile *: read until reported */
  guint                    active_serial; /* bumped on every change of active */
  GPtrArray               *delivered;     /* IngestUploadDelivered *: verified at every destination */
  GHashTable              *gave_up;       /* path → why the upload gave up on its read, until its verdict */

  /* atomic */
  guint64                  bytes_total;
  guint64                  bytes_sent;
  guint64                  bytes_resumed;
  gint                     outstanding;   /* verdicts not yet reported */
};

/* Plain helpers, also for the history thread. */
IngestUploadRoll      *_ingest_upload_roll_copy             (const IngestUploadRoll       *roll);
void                   _ingest_upload_roll_free             (IngestUploadRoll             *roll);
IngestUploadDelivered *_ingest_upload_delivered_copy        (const IngestUploadDelivered  *delivered);
void                   _ingest_upload_delivered_free        (IngestUploadDelivered        *delivered);
guint64                _ingest_upload_destination_bit       (guint                         i);
char                  *_ingest_upload_make_key              (IngestKeyTemplate            *key_template,
                                                             const char                   *drive_label,
                                                             const char                   *root,
                                                             GPtrArray                    *rolls,
                                                             const char                   *path,
                                                             GError                      **error);
char                  *_ingest_upload_destination_location  (IngestDestination            *destination,
                                                             const char                   *key);
gboolean               _ingest_upload_set_io_error          (GError                      **error,
                                                             const char                   *path);
void                   _ingest_upload_active_file_free      (IngestUploadActiveFile       *file);

IngestUploadShared    *_ingest_upload_shared_new            (const char                   *root);
void                   _ingest_upload_shared_set_scan       (IngestUploadShared           *shared,
                                                             const char                   *drive_label,
                                                             IngestExpectedManifest       *expected,
                                                             GListModel                   *rolls);
void                   _ingest_upload_shared_finish         (gpointer                      verdict,
                                                             gpointer                      shared);
void                   _ingest_upload_report_free           (IngestUploadReport           *report);
void                   _ingest_upload_shared_unset_active   (IngestUploadShared           *shared,
                                                             const char                   *path);
GPtrArray             *_ingest_upload_shared_dup_active     (IngestUploadShared           *shared);
void                   _ingest_upload_shared_in_flight      (IngestUploadShared           *shared,
                                                             guint64                      *sent,
                                                             guint64                      *resumed);
void                   _ingest_upload_shared_stop_reads     (IngestUploadShared           *shared,
                                                             gboolean                      abort_uploads);

G_END_DECLS
