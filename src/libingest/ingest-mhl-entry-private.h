/* ingest-mhl-entry-private.h
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

#include "ingest-mhl-entry.h"
#include "ingest-mhl-path.h"

G_BEGIN_DECLS

typedef enum {
  INGEST_MHL_HASH_ROLE_FILE,
  INGEST_MHL_HASH_ROLE_CONTENT,
  INGEST_MHL_HASH_ROLE_STRUCTURE,
} IngestMhlHashRole;

/* One hash element of an entry. The action is also kept for directory
 * hashes, so that documents of tools that write one round-trip. */
typedef struct {
  guint8  kind;
  guint8  role;
  guint8  action;
  char   *value;
  char   *date;
} IngestMhlHashSlot;

IngestMhlEntry          *_ingest_mhl_entry_new      (char                *path,
                                                     gboolean             is_directory,
                                                     gint64               size,
                                                     const char          *creation_date,
                                                     const char          *last_modification_date);
void                     _ingest_mhl_entry_set_slot (IngestMhlEntry      *self,
                                                     IngestHashKind       kind,
                                                     IngestMhlHashRole    role,
                                                     const char          *value,
                                                     IngestMhlHashAction  action,
                                                     const char          *date);
const IngestMhlHashSlot *_ingest_mhl_entry_get_slot (IngestMhlEntry      *self,
                                                     IngestHashKind       kind,
                                                     IngestMhlHashRole    role);

G_END_DECLS
