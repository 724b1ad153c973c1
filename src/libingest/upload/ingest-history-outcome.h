/* ingest-history-outcome.h
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

#include "ingest-file-outcome.h"

G_BEGIN_DECLS

/**
 * IngestHistoryOutcome:
 * @roll_path: the roll, relative to the upload's root ("." = the root)
 * @destination: the destination's URI (ingest_destination_get_uri())
 * @location: (nullable): the roll's ascmhl folder there, ending in "/"
 *   ("s3://bucket/key/ascmhl/", "/nas/path/ascmhl/")
 * @generation: the transfer generation sent; 0 = none (already there whole
 *   from an earlier run, nothing of the roll verified at every destination,
 *   or failed: @reason says which)
 * @state: %INGEST_DELIVERY_STATE_VERIFIED or %INGEST_DELIVERY_STATE_FAILED
 * @reason: (nullable): why, or what happened on the way
 *
 * What one destination got of one roll's ASC MHL history.
 */
typedef struct
{
  char                *roll_path;
  char                *destination;
  char                *location;
  guint                generation;
  IngestDeliveryState  state;
  char                *reason;
} IngestHistoryOutcome;

GType                 ingest_history_outcome_get_type (void) G_GNUC_CONST;
#define INGEST_TYPE_HISTORY_OUTCOME (ingest_history_outcome_get_type ())
IngestHistoryOutcome *ingest_history_outcome_copy     (const IngestHistoryOutcome *outcome);
void                  ingest_history_outcome_free     (IngestHistoryOutcome       *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestHistoryOutcome, ingest_history_outcome_free)

G_END_DECLS
