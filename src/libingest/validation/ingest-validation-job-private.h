/* ingest-validation-job-private.h
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

#if !defined (INGEST_COMPILATION)
# error "This header is private to the core."
#endif

#include "ingest-catalog.h"
#include "ingest-expected-manifest.h"
#include "ingest-hash-kind.h"
#include "ingest-validation-job.h"
#include "ingest-validation-roll.h"

G_BEGIN_DECLS

/* One file's result as plain data: made on worker threads, turned into an
 * IngestValidationResult on the main thread and written to the catalog. */
typedef struct {
  IngestValidationStatus  status;
  char                   *path;
  guint                   roll;
  gint                    kind;          /* IngestHashKind of expected/found, -1 = none */
  char                   *expected;
  char                   *found;
  gint64                  size;          /* -1 = not on the drive */
  gint64                  mtime_ns;
  char                   *renamed_from;
  char                   *message;
  char                   *source;
  char                   *fingerprint;   /* the expected hashes it was verified against */
  char                   *digests[INGEST_HASH_N_KINDS];
  guint                   disagreement : 1;
  guint                   resumed : 1;
  guint                   told : 1;      /* the sinks have its verdict */
} IngestValidationResultData;

IngestValidationResultData *_ingest_validation_result_data_new  (IngestValidationStatus      status,
                                                                 const char                 *path,
                                                                 guint                       roll);
void                        _ingest_validation_result_data_free (IngestValidationResultData *data);

/* A roll as the catalog and workers see it. */
typedef struct {
  char    *name;
  char    *path;        /* "." = the root */
  char    *kind_nick;
  char    *kind_label;
  char    *mhl_kind;
  gint64   db_id;
  guint64  n_expected;
} IngestValidationRollData;

/* What an earlier run said about a file (see _ingest_validation_catalog_load_previous()). */
typedef struct {
  char   *status;
  gint64  size;
  gint64  mtime_ns;
  char   *fingerprint;
  char   *kind;
  char   *expected;
  char   *found;
  gint64  run_started_at;  /* µs since the epoch: that run began before it read the file */
} IngestValidationPrevious;

/* ingest-validation-job-catalog.c — all run on the job's coordinator thread. */
gboolean    _ingest_validation_catalog_begin         (IngestCatalog   *catalog,
                                                      const char      *identity,
                                                      const char      *label,
                                                      const char      *uuid,
                                                      const char      *filesystem,
                                                      GPtrArray       *rolls,
                                                      gint64           started_at,
                                                      gint64          *run_id,
                                                      GError         **error);
/* path relative to the root → IngestValidationPrevious, the latest result per file */
GHashTable *_ingest_validation_catalog_load_previous (IngestCatalog   *catalog,
                                                      const char      *identity,
                                                      GError         **error);
gboolean    _ingest_validation_catalog_write_results (IngestCatalog   *catalog,
                                                      gint64           run_id,
                                                      GPtrArray       *rolls,
                                                      GPtrArray       *results,
                                                      GError         **error);
gboolean    _ingest_validation_catalog_end           (IngestCatalog   *catalog,
                                                      gint64           run_id,
                                                      const char      *state,
                                                      const char      *verdict,
                                                      const char      *message,
                                                      GError         **error);
/* A file verified by an earlier run (@previous: as load_previous gives it)
 * and unchanged since: its result, marked resumed; NULL = read it. */
IngestValidationResultData *
            _ingest_validation_try_reuse             (GHashTable               *previous,
                                                      const char               *filesystem,
                                                      const char               *root,
                                                      const char               *path,
                                                      const IngestExpectedFile *expected,
                                                      guint                     roll);
/* The path of a file relative to its roll ("." roll: unchanged). */
const char *_ingest_validation_path_in_roll          (const char      *path,
                                                      const char      *roll_path);

G_END_DECLS
