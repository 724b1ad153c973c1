/* ingest-roll-outcome.h
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

#include "ingest-history-outcome.h"
#include "ingest-validation-roll.h"

#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestRollState:
 * @INGEST_ROLL_STATE_WAITING: nothing of it delivered yet
 * @INGEST_ROLL_STATE_UPLOADING: its files are going now
 * @INGEST_ROLL_STATE_PAUSED: started, and the run is paused or the drive out
 * @INGEST_ROLL_STATE_STOPPED: started, and the run ended before it was whole
 * @INGEST_ROLL_STATE_VERIFIED: every file it expects is verified at every
 *   destination, and its ASC MHL history is there too
 * @INGEST_ROLL_STATE_HELD: a file of it did not verify on the drive
 * @INGEST_ROLL_STATE_FAILED: a file (or its history) could not be delivered
 */
typedef enum {
  INGEST_ROLL_STATE_WAITING,
  INGEST_ROLL_STATE_UPLOADING,
  INGEST_ROLL_STATE_PAUSED,
  INGEST_ROLL_STATE_STOPPED,
  INGEST_ROLL_STATE_VERIFIED,
  INGEST_ROLL_STATE_HELD,
  INGEST_ROLL_STATE_FAILED,
} IngestRollState;


#define INGEST_TYPE_ROLL_OUTCOME (ingest_roll_outcome_get_type ())

G_DECLARE_FINAL_TYPE (IngestRollOutcome, ingest_roll_outcome, INGEST, ROLL_OUTCOME, GObject)

/* One roll of a drive session's upload: what was delivered of it so far.
 * Owned and updated by its session on its main context; "changed" is
 * emitted once after each update. */
const char            *ingest_roll_outcome_get_path          (IngestRollOutcome *self);
const char            *ingest_roll_outcome_get_name          (IngestRollOutcome *self);
IngestRollState        ingest_roll_outcome_get_state         (IngestRollOutcome *self);
IngestValidationRoll  *ingest_roll_outcome_get_validation    (IngestRollOutcome *self);
guint64                ingest_roll_outcome_get_bytes_total   (IngestRollOutcome *self);
guint64                ingest_roll_outcome_get_bytes_done    (IngestRollOutcome *self);
guint                  ingest_roll_outcome_get_n_files       (IngestRollOutcome *self);
guint                  ingest_roll_outcome_get_n_verified    (IngestRollOutcome *self);
guint                  ingest_roll_outcome_get_n_held        (IngestRollOutcome *self);
guint                  ingest_roll_outcome_get_n_failed      (IngestRollOutcome *self);
gint64                 ingest_roll_outcome_get_eta           (IngestRollOutcome *self);
GPtrArray             *ingest_roll_outcome_get_history       (IngestRollOutcome *self);

G_END_DECLS
