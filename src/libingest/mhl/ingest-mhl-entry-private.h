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

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include "ingest-mhl-entry.h"
#include "ingest-mhl-path.h"

G_BEGIN_DECLS

typedef enum {
  INGEST_MHL_HASH_ROLE_FILE,
  INGEST_MHL_HASH_ROLE_CONTENT,
  INGEST_MHL_HASH_ROLE_STRUCTURE,
} IngestMhlHashRole;

/* One hash element of an entry. The action is also kept for directory
 * hashes, so that documents of tools that write one round-trip. @value is a
 * heap string of its own when @owned, else it lives in the entry's packed
 * block (see _ingest_mhl_entry_pack()). @date is an interned GRefString. */
typedef struct {
  guint8  kind;
  guint8  role;
  guint8  action;
  guint8  owned;
  char   *value;
  char   *date;
} IngestMhlHashSlot;

/* Dates are shared GRefStrings from g_ref_string_new_intern(). The parsers
 * intern through a cache of the last few: a manifest repeats a handful of
 * dates 100,000 times, and the global intern table takes a lock. */
typedef struct {
  char  *dates[4];
  guint  next;
} IngestMhlDateCache;

/* (transfer full) a shared GRefString equal to @date, NULL for NULL;
 * @cache may be NULL */
char                    *_ingest_mhl_date_intern       (IngestMhlDateCache  *cache,
                                                        const char          *date);
void                     _ingest_mhl_date_cache_clear  (IngestMhlDateCache  *cache);

/* Takes @path (normalized) and the dates (from _ingest_mhl_date_intern()). */
IngestMhlEntry          *_ingest_mhl_entry_new      (char                *path,
                                                     gboolean             is_directory,
                                                     gint64               size,
                                                     char                *creation_date,
                                                     char                *last_modification_date);
/* Takes @date (from _ingest_mhl_date_intern()). */
void                     _ingest_mhl_entry_set_slot (IngestMhlEntry      *self,
                                                     IngestHashKind       kind,
                                                     IngestMhlHashRole    role,
                                                     const char          *value,
                                                     IngestMhlHashAction  action,
                                                     char                *date);
const IngestMhlHashSlot *_ingest_mhl_entry_get_slot (IngestMhlEntry      *self,
                                                     IngestHashKind       kind,
                                                     IngestMhlHashRole    role);
/* Moves the path, the hash table and the hash texts into one allocation.
 * For the parsers, before anyone has seen the entry: the pointers
 * get_path() and get_hash() returned before are no longer valid. */
void                     _ingest_mhl_entry_pack     (IngestMhlEntry      *self);

G_END_DECLS
