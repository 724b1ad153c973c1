/* ingest-clip-grouper-private.h
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
# error "A private header of the Ingest core: not for applications."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* A frame file's number as the grouper reads it ("name.0000123.dng",
 * "name_0123.dng", "name0123.dng": 3 to 18 digits before the extension),
 * and the length of the prefix before it. The sequence source numbers its
 * frames the same way, so missing frames are the grouper's missing frames. */
gboolean _ingest_clip_grouper_parse_frame_number (const char *name,
                                                  gint64     *number,
                                                  gsize      *prefix_len);

G_END_DECLS
