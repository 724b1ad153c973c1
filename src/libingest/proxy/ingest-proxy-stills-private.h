/* ingest-proxy-stills-private.h
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
# error "ingest-proxy-stills-private.h is private to the core and its tests"
#endif

#include "ingest-proxy-stills.h"

G_BEGIN_DECLS

/* How each still is found in the movie. */
typedef enum
{
  INGEST_PROXY_STILLS_SEEK_ACCURATE,  /* the frame at the time: decodes from the key frame before it */
  INGEST_PROXY_STILLS_SEEK_KEY_UNIT,  /* the key frame nearest the time: one decode per still */
} IngestProxyStillsSeek;

/* ingest_proxy_stills_make_sync() with the seek chosen (it uses
 * ACCURATE); for the tests that measure one against the other. */
gboolean _ingest_proxy_stills_make_full (const char                *movie_path,
                                         const IngestProxySettings *settings,
                                         IngestProxyStillsSeek      seek,
                                         const char                *poster_path,
                                         const char                *filmstrip_path,
                                         GCancellable              *cancellable,
                                         GError                   **error);

G_END_DECLS
