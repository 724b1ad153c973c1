/* ingest-validation-stage.h
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

#include "ingest-session-stage.h"

G_BEGIN_DECLS

#define INGEST_TYPE_VALIDATION_STAGE (ingest_validation_stage_get_type ())

G_DECLARE_FINAL_TYPE (IngestValidationStage, ingest_validation_stage, INGEST, VALIDATION_STAGE, IngestSessionStage)

/* Runs the session's read alone: every file read once, hashed and checked
 * against the drive's ASC MHL (state VALIDATING). */
IngestSessionStage *ingest_validation_stage_new (void);

G_END_DECLS
