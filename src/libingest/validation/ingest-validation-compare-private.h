/* ingest-validation-compare-private.h
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

/* The validation's rules as pure functions: a file's status and message, a roll's and a drive's verdict. */

#pragma once

#if !defined (INGEST_COMPILATION)
# error "This header is private to the core."
#endif

#include "ingest-expected-manifest.h"
#include "ingest-hash-kind.h"
#include "ingest-mhl-walker.h"
#include "ingest-validation-job-private.h"

G_BEGIN_DECLS

/* These read their arguments and write only into @data (or return a value):
 * no I/O, no locks, callable from any thread. @manifest is only asked for
 * the labels of its sources. */

/* The order in which formats are shown, and compared first. */
extern const IngestHashKind _ingest_validation_display_order[INGEST_HASH_N_KINDS];

/* The first of @kinds in display order; xxh64 when @kinds is empty. */
IngestHashKind          _ingest_validation_preferred_kind     (IngestHashSet                kinds);

/* "md5=…;xxh64=…;ctime=N": what a verified file was verified against, and
 * its status change time then (what a resumed run compares). */
char                   *_ingest_validation_fingerprint        (const IngestExpectedFile    *expected,
                                                               gint64                       ctime_ns);

/* An entry of the walk that is never read: sets @status and @message
 * (static, or @error_message) and returns TRUE; FALSE for a regular file
 * or a folder. @expected: a manifest lists the entry. */
gboolean                _ingest_validation_compare_unread     (IngestMhlWalkKind            kind,
                                                               gboolean                     expected,
                                                               const char                  *error_message,
                                                               IngestValidationStatus      *status,
                                                               const char                 **message);

/* A listed file that was read: @data->size and @data->digests hold what
 * the read found; sets status (verified or mismatch), kind, expected, found,
 * source, message, fingerprint, disagreement. */
void                    _ingest_validation_compare_expected   (IngestExpectedManifest      *manifest,
                                                               const IngestExpectedFile    *expected,
                                                               gint64                       ctime_ns,
                                                               IngestValidationResultData  *data);

/* A file no manifest lists, read: renamed from @renamed_from (a missing
 * listed file whose @kind hash equals the file's), or extra when NULL. */
void                    _ingest_validation_compare_extra      (IngestExpectedManifest      *manifest,
                                                               const IngestExpectedFile    *renamed_from,
                                                               IngestHashKind               kind,
                                                               IngestValidationResultData  *data);

/* A file whose read failed with @error_message; @expected: NULL when no
 * manifest lists it. */
void                    _ingest_validation_compare_unreadable (IngestExpectedManifest      *manifest,
                                                               const IngestExpectedFile    *expected,
                                                               const char                  *error_message,
                                                               IngestValidationResultData  *data);

/* A listed file that is not on the drive (and no renamed file claimed it). */
void                    _ingest_validation_compare_missing    (IngestExpectedManifest      *manifest,
                                                               const IngestExpectedFile    *expected,
                                                               IngestValidationResultData  *data);

/* A roll's verdict from its counts per status (the one rule for verdicts). */
IngestValidationVerdict _ingest_validation_verdict_decide     (guint64                      n_expected,
                                                               const guint64               *counts);
/* Many rolls into one (a drive): problems beat unverifiable beat ok. */
IngestValidationVerdict _ingest_validation_verdict_combine    (IngestValidationVerdict      a,
                                                               IngestValidationVerdict      b);
/* A drive's verdict: its rolls' (IngestValidationRollData, counts per roll)
 * combined, and unverifiable as well when it verified no file at all.
 * @n_verified (out, optional): how many files it verified. */
IngestValidationVerdict _ingest_validation_verdict_drive      (GPtrArray                   *rolls,
                                                               guint64                    (*counts)[INGEST_VALIDATION_N_STATUSES],
                                                               guint64                     *n_verified);

G_END_DECLS
