/* ingest-upload-history-private.h
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

/* The rolls' ASC MHL histories (ingest-upload-history.c), run on a plain copy of the run's state. */

#pragma once

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include "ingest-destination-private.h"
#include "ingest-history-outcome.h"
#include "ingest-key-template.h"

G_BEGIN_DECLS

/* Called on the history's thread with each destination's outcome for
 * each roll; takes @outcome. */
typedef void (*IngestUploadHistoryFunc) (IngestHistoryOutcome *outcome,
                                         gpointer              user_data);

/* What the rolls' histories need, owned by the history's thread: a copy
 * of the run's state once every file has been reported. */
typedef struct
{
  char                    *root;
  GPtrArray               *destinations;  /* IngestDestination * */
  IngestKeyTemplate       *key_template;
  char                    *drive_label;   /* nullable */
  GPtrArray               *rolls;         /* IngestUploadRoll * */
  GPtrArray               *delivered;     /* IngestUploadDelivered *: verified at every destination */
  GCancellable            *cancellable;   /* nullable */
  IngestUploadHistoryFunc  report;
  gpointer                 report_data;
  GDestroyNotify           report_data_free;
} IngestUploadHistory;

void     _ingest_upload_history_free (IngestUploadHistory  *history);
gboolean _ingest_upload_history_run  (IngestUploadHistory  *history,
                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestUploadHistory, _ingest_upload_history_free)

G_END_DECLS
