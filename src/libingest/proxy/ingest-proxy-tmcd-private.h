/* ingest-proxy-tmcd-private.h
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

#include <glib.h>

G_BEGIN_DECLS

/* The longest moov the post-pass reads (a proxy's is a few hundred KiB). */
#define INGEST_PROXY_TMCD_MAX_MOOV (64 * 1024 * 1024)

/* Names the source tape (the reel) in the timecode track of PATH, a MOV
 * that qtmux wrote with its moov first: qtmux names every tape "Tape". The
 * tmcd sample entry's 'name' box is replaced (or added), the boxes around
 * it resized and every chunk offset moved by the difference; the file is
 * rewritten under a temporary name and renamed over PATH. Reads only the
 * moov (bounded); fails with INGEST_PROXY_ERROR_IO when PATH is not such
 * a file. */
gboolean _ingest_proxy_tmcd_set_reel_name (const char  *path,
                                           const char  *reel,
                                           GError     **error);

/* The same on a moov box in memory (header included): the new moov, or
 * NULL when MOOV has no timecode track or is malformed. Offsets in stco and
 * co64 at or above MEDIA_START move by the change in size. */
GBytes  *_ingest_proxy_tmcd_rewrite_moov  (const guint8 *moov,
                                           gsize         length,
                                           const char   *reel,
                                           guint64       media_start);

G_END_DECLS
