/* ingest-validation-result.h
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

#include <glib-object.h>

#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestValidationStatus:
 * @INGEST_VALIDATION_STATUS_VERIFIED: read now (or earlier, unchanged since)
 *   and equal to every expected hash
 * @INGEST_VALIDATION_STATUS_MISMATCH: read and different from an expected hash
 *   (also: the sources disagree about it, see "disagreement")
 * @INGEST_VALIDATION_STATUS_MISSING: expected by a manifest, not on the drive
 * @INGEST_VALIDATION_STATUS_EXTRA: on the drive, not in any manifest
 * @INGEST_VALIDATION_STATUS_RENAMED: not expected under this name, but equal
 *   to a missing file's expected hash ("renamed-from" names it)
 * @INGEST_VALIDATION_STATUS_IGNORED: matched by ignore patterns, a manifest
 *   file itself, or a symbolic link to a folder
 * @INGEST_VALIDATION_STATUS_UNREADABLE: could not be read (I/O error, not a
 *   regular file, gone between the scan and the read)
 *
 * The nicks ("verified", "mismatch", ...) are the words of the JSON report.
 */
typedef enum {
  INGEST_VALIDATION_STATUS_VERIFIED,
  INGEST_VALIDATION_STATUS_MISMATCH,
  INGEST_VALIDATION_STATUS_MISSING,
  INGEST_VALIDATION_STATUS_EXTRA,
  INGEST_VALIDATION_STATUS_RENAMED,
  INGEST_VALIDATION_STATUS_IGNORED,
  INGEST_VALIDATION_STATUS_UNREADABLE,
  INGEST_VALIDATION_N_STATUSES /*< skip >*/
} IngestValidationStatus;

const char *ingest_validation_status_to_string   (IngestValidationStatus  status);
gboolean    ingest_validation_status_from_string (const char             *text,
                                                  IngestValidationStatus *status);
/* Everything but verified and ignored keeps a drive from being "ok". */
gboolean    ingest_validation_status_is_problem  (IngestValidationStatus  status);

#define INGEST_TYPE_VALIDATION_RESULT (ingest_validation_result_get_type ())

G_DECLARE_FINAL_TYPE (IngestValidationResult, ingest_validation_result, INGEST, VALIDATION_RESULT, GObject)

/*
 * IngestValidationResult: what a validation found for one file. Immutable;
 * all properties are construct-only:
 *   "path"          s  relative to the validated root ('/'-separated)
 *   "status"        IngestValidationStatus
 *   "roll"          s  path of the roll the file belongs to ("." = the root)
 *   "kind"          s  hash format of "expected"/"found" ("xxh64", "md5", ...) or NULL
 *   "expected"      s  the expected hash (for a mismatch: the one that differs)
 *   "found"         s  the hash computed from the bytes on the drive
 *   "size"          x  bytes on the drive, -1 when not on the drive
 *   "mtime-ns"      x  modification time in ns since the epoch, 0 = unknown
 *   "renamed-from"  s  renamed: the expected path it matches
 *   "message"       s  human-readable detail (the I/O error, the disagreement…)
 *   "source"        s  the manifest the expectation comes from
 *   "disagreement"  b  the manifests disagree about this file's hash
 *   "resumed"       b  verified by an earlier run; unchanged since, not re-read
 */

const char             *ingest_validation_result_get_path         (IngestValidationResult *self);
IngestValidationStatus  ingest_validation_result_get_status       (IngestValidationResult *self);
const char             *ingest_validation_result_get_roll         (IngestValidationResult *self);
const char             *ingest_validation_result_get_kind         (IngestValidationResult *self);
const char             *ingest_validation_result_get_expected     (IngestValidationResult *self);
const char             *ingest_validation_result_get_found        (IngestValidationResult *self);
gint64                  ingest_validation_result_get_size         (IngestValidationResult *self);
gint64                  ingest_validation_result_get_mtime_ns     (IngestValidationResult *self);
const char             *ingest_validation_result_get_renamed_from (IngestValidationResult *self);
const char             *ingest_validation_result_get_message      (IngestValidationResult *self);
const char             *ingest_validation_result_get_source       (IngestValidationResult *self);
gboolean                ingest_validation_result_get_disagreement (IngestValidationResult *self);
gboolean                ingest_validation_result_get_resumed      (IngestValidationResult *self);

/* Problems first (unreadable, mismatch, missing, renamed, extra), then
 * ignored, then verified; by path within a status. A GCompareDataFunc, for
 * g_list_store_sort() or a GtkCustomSorter. */
int                     ingest_validation_result_compare          (gconstpointer a,
                                                                   gconstpointer b,
                                                                   gpointer      user_data);

G_END_DECLS
