/* ingest-proxy-stills.h
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

#include "ingest-proxy-settings.h"

G_BEGIN_DECLS

/**
 * ingest_proxy_stills_make_sync:
 * @movie_path: a movie GStreamer decodes (a proxy made here)
 * @settings: where the poster is (@poster_offset) and the filmstrip's size
 * @poster_path: the JPEG to write, full proxy size
 * @filmstrip_path: the JPEG to write: @filmstrip_frames frames of
 *   @filmstrip_height pixels, side by side, left to right, evenly spaced
 *   over the movie (frame i at (i + 0.5) / n of the duration)
 * @cancellable: (nullable): stops it
 * @error: why not
 *
 * The poster frame and the filmstrip of a movie, each written to its path
 * directly (the proxy maker passes temporary names and renames). Blocking:
 * call it from a worker thread.
 */
gboolean ingest_proxy_stills_make_sync (const char                *movie_path,
                                        const IngestProxySettings *settings,
                                        const char                *poster_path,
                                        const char                *filmstrip_path,
                                        GCancellable              *cancellable,
                                        GError                   **error);

G_END_DECLS
