/* ingest-card-layout-private.h
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

#include "ingest-card-layout.h"

G_BEGIN_DECLS

/* What one file is to a layout of ingest-card-layouts.defs, for the clip
 * grouper: the table's compiled regexes, so no other file repeats them. */
typedef enum
{
  INGEST_CARD_ENTRY_OTHER,
  INGEST_CARD_ENTRY_CLIP,      /* clip_re matches its path: one clip */
  INGEST_CARD_ENTRY_FRAME,     /* frame_re matches its name: a frame of its folder's clip */
  INGEST_CARD_ENTRY_SIDECAR,   /* sidecar_re matches its name */
} IngestCardEntryRole;

/* PATH: '/'-separated, relative to the drive (or any folder above the card
 * root: clip regexes anchor on path components); NAME: its last component. */
IngestCardEntryRole _ingest_card_layout_classify_file   (IngestCardKind  kind,
                                                         const char     *path,
                                                         const char     *name);
/* A folder whose name matches the layout's clip_dir_re is one clip. */
gboolean            _ingest_card_layout_is_clip_dir     (IngestCardKind  kind,
                                                         const char     *folder_name);
/* The file or folder name junk of any drive (hidden, ".DS_Store", "._x",
 * Thumbs.db, "System Volume Information"...): never a clip nor part of one. */
gboolean            _ingest_card_layout_is_junk_name    (const char     *name,
                                                         gboolean        is_folder);

G_END_DECLS
