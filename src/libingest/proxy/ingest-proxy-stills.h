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
 * @error: why not: %INGEST_PROXY_ERROR_IO (no such file, or a still could
 *   not be written), %INGEST_PROXY_ERROR_NOT_DECODABLE (not a movie
 *   GStreamer decodes), %INGEST_PROXY_ERROR_INVALID (no picture, no known
 *   length), %INGEST_PROXY_ERROR_DECODE, %INGEST_PROXY_ERROR_STALLED,
 *   %INGEST_PROXY_ERROR_MISSING_ELEMENT, or %G_IO_ERROR_CANCELLED
 *
 * The poster frame and the filmstrip of a movie, each written to its path
 * directly (the proxy maker passes temporary names and renames). Blocking:
 * call it from a worker thread; it iterates a main context of its own.
 * Each still is the frame shown at its time (accurate seeks: about 0.1 s a
 * still for a 960×540 proxy with a 2 s GOP), scaled to square pixels.
 */
gboolean ingest_proxy_stills_make_sync (const char                *movie_path,
                                        const IngestProxySettings *settings,
                                        const char                *poster_path,
                                        const char                *filmstrip_path,
                                        GCancellable              *cancellable,
                                        GError                   **error);

G_END_DECLS
