/* ingest-proxy-maker.h
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

#include <gio/gio.h>

#include "ingest-proxy-result.h"
#include "ingest-proxy-settings.h"
#include "ingest-proxy-source.h"

G_BEGIN_DECLS

/**
 * ingest_proxy_make_sync:
 * @source: the clip
 * @settings: preset, burn-ins, look, poster and filmstrip
 * @out_dir: where `<clip>.mov`, `<clip>.poster.jpg` and
 *   `<clip>.filmstrip.jpg` go (created if needed)
 * @cancellable: (nullable): stops the pipeline; nothing is published
 * @error: why the clip got no proxy (#IngestProxyError), or
 *   %G_IO_ERROR_CANCELLED
 *
 * Makes one clip's proxy: decoded by an explicitly chosen demuxer and
 * decoder (or, for DNG and EXR frames, by LibRaw and OpenEXR), fitted into
 * the preset's size at the display aspect, with the burn-ins and the look
 * the settings ask for, H.264 + AAC in a MOV whose timecode track starts
 * at the source timecode and carries the clip and reel names, moov first.
 * Then its poster frame and filmstrip.
 *
 * Everything is written under temporary names in @out_dir and renamed only
 * after the proxy decoded back to the source's length, the movie last: a
 * `<clip>.mov` that exists is finished, whatever instant a kill came at.
 * A finished proxy made with the same settings is reused
 * (%INGEST_PROXY_STATUS_REUSED). Blocking, with a stall watchdog: call it
 * from a worker thread; it touches no GObject but its own pipeline.
 *
 * Returns: (transfer full): the outcome, or %NULL with @error
 */
IngestProxyResult *ingest_proxy_make_sync   (const IngestProxySource   *source,
                                             const IngestProxySettings *settings,
                                             const char                *out_dir,
                                             GCancellable              *cancellable,
                                             GError                   **error);

/* The same on a worker thread of GTask's pool. */
void               ingest_proxy_make_async  (const IngestProxySource   *source,
                                             const IngestProxySettings *settings,
                                             const char                *out_dir,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data);
IngestProxyResult *ingest_proxy_make_finish (GAsyncResult              *result,
                                             GError                   **error);

/**
 * ingest_proxy_check_decodable:
 * @source: the clip
 * @error: %INGEST_PROXY_ERROR_NOT_DECODABLE with the sentence the
 *   technician reads ("R3D cannot be decoded here; the files are still
 *   verified")
 *
 * Answers from the clip's files and metadata alone (no decoding) whether
 * anything here can decode it.
 */
gboolean           ingest_proxy_check_decodable (const IngestProxySource *source,
                                                 GError                 **error);

G_END_DECLS
