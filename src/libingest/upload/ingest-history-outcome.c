/* ingest-history-outcome.c
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

#define G_LOG_DOMAIN "ingest-history-outcome"

#include "config.h"

#include "ingest-history-outcome.h"

G_DEFINE_BOXED_TYPE (IngestHistoryOutcome, ingest_history_outcome, ingest_history_outcome_copy,
                     ingest_history_outcome_free)

IngestHistoryOutcome *
ingest_history_outcome_copy (const IngestHistoryOutcome *outcome)
{
  IngestHistoryOutcome *copy;

  g_return_val_if_fail (outcome != NULL, NULL);

  copy = g_new0 (IngestHistoryOutcome, 1);
  *copy = *outcome;
  copy->roll_path = g_strdup (outcome->roll_path);
  copy->destination = g_strdup (outcome->destination);
  copy->location = g_strdup (outcome->location);
  copy->reason = g_strdup (outcome->reason);
  return copy;
}

void
ingest_history_outcome_free (IngestHistoryOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->roll_path);
  g_free (outcome->destination);
  g_free (outcome->location);
  g_free (outcome->reason);
  g_free (outcome);
}
