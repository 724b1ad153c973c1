/* ingest-proxy-delivery.h
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

#include "ingest-enums.h"
#include "ingest-file-outcome.h"
#include "ingest-history-outcome.h"
#include "ingest-types.h"
#include "ingest-upload-job.h"

G_BEGIN_DECLS

/* Where a roll's proxies go below a destination. The last component names
 * the files: "{clip}.mov" (the movie; its poster and filmstrip go beside it
 * under their own names) or "{path}" (every file under its name); the
 * folders before it may use {production}, {shoot-day} and {roll}. */
#define INGEST_PROXY_KEY_TEMPLATE_DEFAULT "{production}/{shoot-day}/proxies/{roll}/{clip}.mov"

/**
 * IngestProxyDeliveryPhase:
 * @INGEST_PROXY_DELIVERY_PHASE_IDLE: not started
 * @INGEST_PROXY_DELIVERY_PHASE_RECORDING: hashing the deliverables into a
 *   new generation of the folder's ASC MHL history
 * @INGEST_PROXY_DELIVERY_PHASE_UPLOADING: the upload job runs
 *   (ingest_proxy_delivery_get_upload_job() for its progress)
 * @INGEST_PROXY_DELIVERY_PHASE_HISTORY: sending `ascmhl/`
 * @INGEST_PROXY_DELIVERY_PHASE_DONE: finished; the outcomes say what went
 * @INGEST_PROXY_DELIVERY_PHASE_FAILED: the run failed or was cancelled
 */
typedef enum {
  INGEST_PROXY_DELIVERY_PHASE_IDLE,
  INGEST_PROXY_DELIVERY_PHASE_RECORDING,
  INGEST_PROXY_DELIVERY_PHASE_UPLOADING,
  INGEST_PROXY_DELIVERY_PHASE_HISTORY,
  INGEST_PROXY_DELIVERY_PHASE_DONE,
  INGEST_PROXY_DELIVERY_PHASE_FAILED,
} IngestProxyDeliveryPhase;

#define INGEST_TYPE_PROXY_DELIVERY (ingest_proxy_delivery_get_type ())

G_DECLARE_FINAL_TYPE (IngestProxyDelivery, ingest_proxy_delivery, INGEST, PROXY_DELIVERY, GObject)

/*
 * IngestProxyDelivery: one delivery of a roll's proxy folder
 * (`<clip>.mov`, `<clip>.poster.jpg`, `<clip>.filmstrip.jpg`) to the
 * session's destinations, so that a downloaded copy verifies on its own.
 *
 * A run
 * 1. adds a generation (process "in-place", tool "ingest-station", a
 *    comment naming the proxies of the roll; xxh64 and xxh128) to the
 *    folder's own ASC MHL history, `ascmhl/` inside the folder — unless
 *    the deliverables are as its latest generation records them (a run
 *    that only retries the upload). The history records the deliverables
 *    only: every other name in the folder (the maker's `<clip>.proxy.json`
 *    sidecar, its hidden partial files) is ignored by patterns the history
 *    keeps, so a verifier of the copy ignores them too;
 * 2. delivers the deliverables with an IngestUploadJob rooted at the
 *    folder: each copy checked against the hash that generation recorded,
 *    resumed and skipped through the journal the destinations keep in
 *    their catalog, so a second run sends only the new proxies. A proxy
 *    finished after the generation was written is left for the next run
 *    ("deferred", not a failure);
 * 3. sends `ascmhl/` to each destination that holds every deliverable
 *    (the manifests the chain lists, then the chain, which only ever
 *    replaces a chain it extends).
 *
 * The sidecar is not delivered: it is the station's own record of how the
 * proxy was made (its settings, local paths), means nothing to an editor,
 * and would change with every remake. A folder with nothing to deliver
 * yet (and no history) is left alone: the run succeeds with generation 0
 * and no outcomes.
 *
 * Properties (main thread): "phase" IngestProxyDeliveryPhase, "generation"
 * u. Signal "file-outcome" (IngestFileOutcome): one per deliverable, as
 * the upload job answers for it.
 *
 * After a run (main thread): the generation it delivered, one
 * IngestFileOutcome per deliverable (path relative to the folder), one
 * IngestHistoryOutcome per destination for `ascmhl/` (roll path ".",
 * generation = the one delivered, 0 when it did not go, with why). Nothing
 * blocks the caller's main loop: the hashing and the history's upload run
 * on worker threads, the job is asynchronous.
 */

IngestProxyDelivery *ingest_proxy_delivery_new                 (const char           *folder,
                                                                GPtrArray            *destinations,
                                                                const char           *key_template,
                                                                const char           *production,
                                                                const char           *shoot_day,
                                                                const char           *roll,
                                                                GError              **error);
const char          *ingest_proxy_delivery_get_folder          (IngestProxyDelivery  *self);
const char          *ingest_proxy_delivery_get_folder_key      (IngestProxyDelivery  *self);
char                *ingest_proxy_delivery_dup_key             (IngestProxyDelivery  *self,
                                                                const char           *path,
                                                                GError              **error);

void                 ingest_proxy_delivery_run_async           (IngestProxyDelivery  *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean             ingest_proxy_delivery_run_finish          (IngestProxyDelivery  *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

IngestProxyDeliveryPhase ingest_proxy_delivery_get_phase      (IngestProxyDelivery  *self);
IngestUploadJob     *ingest_proxy_delivery_get_upload_job      (IngestProxyDelivery  *self);
guint                ingest_proxy_delivery_get_generation      (IngestProxyDelivery  *self);
gboolean             ingest_proxy_delivery_get_recorded        (IngestProxyDelivery  *self);
GPtrArray           *ingest_proxy_delivery_get_file_outcomes   (IngestProxyDelivery  *self);
GPtrArray           *ingest_proxy_delivery_get_history_outcomes (IngestProxyDelivery *self);
guint                ingest_proxy_delivery_get_n_sent          (IngestProxyDelivery  *self);
guint                ingest_proxy_delivery_get_n_already_delivered (IngestProxyDelivery *self);
guint                ingest_proxy_delivery_get_n_failed        (IngestProxyDelivery  *self);
guint                ingest_proxy_delivery_get_n_deferred      (IngestProxyDelivery  *self);

G_END_DECLS
