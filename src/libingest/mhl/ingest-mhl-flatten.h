/* ingest-mhl-flatten.h
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

#include "ingest-mhl-verifier.h"

G_BEGIN_DECLS

/* Writes every file of the history at @root and of its nested histories, with
 * the hashes recorded as original or verified (never failed; the first value of
 * each format), into one stand-alone manifest with process "flatten":
 * @dest/collection_<YYYY-MM-DD>/packinglist_<folder>_<YYYY-MM-DD>_<HHMMSS>Z.mhl,
 * listed in ascmhl_collection.xml next to it. Paths are relative to @root.
 * Files renamed away in a later generation are left out.
 * @out_path: (out) (optional): the manifest written */
gboolean ingest_mhl_flatten (const char              *root,
                             const char              *dest,
                             const IngestMhlCreator  *creator,
                             char                   **out_path,
                             GCancellable            *cancellable,
                             GError                 **error);

G_END_DECLS
