/* ingest-delivery-ledger-private.h
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

#include "ingest-drive.h"
#include "ingest-file-outcome.h"
#include "ingest-history-outcome.h"
#include "ingest-upload-job.h"
#include "ingest-validation-roll.h"

G_BEGIN_DECLS

/* What the rolls' states depend on, from the session's run. */
typedef struct
{
  gboolean running;      /* the upload has not ended */
  gboolean moving;       /* ...and is neither paused nor waiting for its drive */
  gboolean ended_well;   /* it ended, not cancelled nor failed */
  double   rate;         /* source bytes a second, 0 = not known */
} IngestLedgerRun;

/* The session's account of one upload: its rolls (IngestRollOutcome), its
 * finished files (IngestFileOutcome, problems first, in batches) and its
 * files in flight (IngestTransfer), kept on the main thread from what the
 * upload job reports. */
typedef struct _IngestDeliveryLedger IngestDeliveryLedger;

IngestDeliveryLedger *_ingest_delivery_ledger_new          (void);
void                  _ingest_delivery_ledger_free         (IngestDeliveryLedger       *self);
GListModel           *_ingest_delivery_ledger_get_rolls     (IngestDeliveryLedger       *self);
GListModel           *_ingest_delivery_ledger_get_files     (IngestDeliveryLedger       *self);
GListModel           *_ingest_delivery_ledger_get_transfers (IngestDeliveryLedger       *self);
void                  _ingest_delivery_ledger_reset        (IngestDeliveryLedger       *self,
                                                            IngestDrive                *drive);
void                  _ingest_delivery_ledger_add_roll     (IngestDeliveryLedger       *self,
                                                            IngestValidationRoll       *roll,
                                                            const IngestLedgerRun      *run);
void                  _ingest_delivery_ledger_set_active   (IngestDeliveryLedger       *self,
                                                            GPtrArray                  *active_files,
                                                            const IngestLedgerRun      *run);
void                  _ingest_delivery_ledger_add_file     (IngestDeliveryLedger       *self,
                                                            IngestFileOutcome          *outcome,
                                                            const IngestLedgerRun      *run);
void                  _ingest_delivery_ledger_add_history  (IngestDeliveryLedger       *self,
                                                            const IngestHistoryOutcome *history,
                                                            const IngestLedgerRun      *run);
void                  _ingest_delivery_ledger_refresh      (IngestDeliveryLedger       *self,
                                                            const IngestLedgerRun      *run);
void                  _ingest_delivery_ledger_end          (IngestDeliveryLedger       *self,
                                                            const IngestLedgerRun      *run);

G_END_DECLS
