/* ingest-drive-session-private.h
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

#include "ingest-drive-session.h"
#include "ingest-roll-outcome.h"

G_BEGIN_DECLS

/* A roll's outcome is the session's to change. */
IngestRollOutcome *_ingest_roll_outcome_new       (const char           *path,
                                                   const char           *name,
                                                   guint64               bytes_total,
                                                   IngestValidationRoll *validation);
void               _ingest_roll_outcome_update    (IngestRollOutcome    *self,
                                                   IngestRollState       state,
                                                   guint64               bytes_done,
                                                   guint                 n_files,
                                                   gint64                eta);

/* Counts of the files finished (bytes of those delivered everywhere) and of
 * the files in flight; the session sums them per roll. */
typedef struct
{
  guint64  bytes_finished;
  guint64  bytes_active;
  guint    n_verified;
  guint    n_held;
  guint    n_failed;
  gboolean listed;          /* in the session's rolls model */
  gboolean history_failed;  /* some destination did not get its ascmhl/ */
} IngestRollTally;

IngestRollTally   *_ingest_roll_outcome_get_tally (IngestRollOutcome    *self);
void               _ingest_roll_outcome_add_history (IngestRollOutcome  *self,
                                                   IngestHistoryOutcome *history);

/* The session's durable record (ingest-drive-session-record.c). */
void _ingest_drive_session_record_start  (IngestCatalog           *catalog,
                                          const char              *uuid,
                                          const char              *identity,
                                          const char              *label,
                                          gboolean                 upload,
                                          IngestSessionState       state);
void _ingest_drive_session_record_update (IngestCatalog           *catalog,
                                          const char              *uuid,
                                          IngestSessionState       state,
                                          gboolean                 finished,
                                          IngestValidationVerdict  verdict,
                                          gboolean                 cancelled,
                                          const GError            *error);

G_END_DECLS
