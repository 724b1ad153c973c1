/* ingest-validation-roll.h
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

#include "ingest-validation-result.h"

#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestValidationVerdict:
 * @INGEST_VALIDATION_VERDICT_PENDING: not decided yet
 * @INGEST_VALIDATION_VERDICT_OK: every file verified (or ignored)
 * @INGEST_VALIDATION_VERDICT_PROBLEMS: at least one file is not
 * @INGEST_VALIDATION_VERDICT_UNVERIFIABLE: no manifest covers it: nothing
 *   could be verified (it can be sealed; it is never "ok")
 */
typedef enum {
  INGEST_VALIDATION_VERDICT_PENDING,
  INGEST_VALIDATION_VERDICT_OK,
  INGEST_VALIDATION_VERDICT_PROBLEMS,
  INGEST_VALIDATION_VERDICT_UNVERIFIABLE,
} IngestValidationVerdict;

/* "pending", "ok", "problems", "unverifiable" */
const char *ingest_validation_verdict_to_string (IngestValidationVerdict verdict);

#define INGEST_TYPE_VALIDATION_ROLL (ingest_validation_roll_get_type ())

G_DECLARE_FINAL_TYPE (IngestValidationRoll, ingest_validation_roll, INGEST, VALIDATION_ROLL, GObject)

/*
 * IngestValidationRoll: one roll of a validation and its verdict. Owned by
 * the main thread; counts grow as results arrive.
 * Properties: "name" s, "path" s ("." = the validated root), "kind-label" s,
 * "mhl-kind" s ("ascmhl", "legacy", "none": what the card scan saw),
 * "n-expected" u64 (files the manifests expect here), "n-results" u64,
 * "n-problems" u64, "verdict" IngestValidationVerdict.
 */

IngestValidationRoll    *ingest_validation_roll_new            (const char             *name,
                                                                const char             *path,
                                                                const char             *kind_label,
                                                                const char             *mhl_kind,
                                                                guint64                 n_expected);
const char              *ingest_validation_roll_get_name       (IngestValidationRoll   *self);
const char              *ingest_validation_roll_get_path       (IngestValidationRoll   *self);
const char              *ingest_validation_roll_get_kind_label (IngestValidationRoll   *self);
const char              *ingest_validation_roll_get_mhl_kind   (IngestValidationRoll   *self);
guint64                  ingest_validation_roll_get_n_expected (IngestValidationRoll   *self);
guint64                  ingest_validation_roll_get_n_results  (IngestValidationRoll   *self);
guint64                  ingest_validation_roll_get_n_problems (IngestValidationRoll   *self);
guint64                  ingest_validation_roll_get_count      (IngestValidationRoll   *self,
                                                                IngestValidationStatus  status);
IngestValidationVerdict  ingest_validation_roll_get_verdict    (IngestValidationRoll   *self);

/* For the job: */
void                     ingest_validation_roll_add_result     (IngestValidationRoll   *self,
                                                                IngestValidationStatus  status);
/* Decides the verdict from the counts (call when every result is in). */
void                     ingest_validation_roll_conclude       (IngestValidationRoll   *self);

G_END_DECLS
