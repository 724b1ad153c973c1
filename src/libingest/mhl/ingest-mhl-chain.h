/* ingest-mhl-chain.h
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

G_BEGIN_DECLS

/*
 * IngestMhlChainEntry: one `<hashlist>` of a chain or collection file.
 * Owned by the chain; read-only.
 *   sequence_nr  `sequencenr` (the old misspelling `sequencer` is accepted);
 *                0 when the attribute is missing
 *   path         manifest file name, relative to the chain file
 *   hash_format  local name of the hash element: "c4" normally; other tools
 *                have written e.g. "md5" here (see is_c4)
 *   hash_value   its text (c4 values are validated; others kept as read)
 *   is_c4        FALSE for such foreign entries: they are kept, written back
 *                as they were, listed by ingest_mhl_chain_get_warnings(), and
 *                cannot be used to check a manifest's bytes
 *   line         line in the file it was read from (0 for new entries)
 */
typedef struct {
  guint     sequence_nr;
  char     *path;
  char     *hash_format;
  char     *hash_value;
  gboolean  is_c4;
  guint     line;
} IngestMhlChainEntry;

#define INGEST_TYPE_MHL_CHAIN (ingest_mhl_chain_get_type ())

G_DECLARE_FINAL_TYPE (IngestMhlChain, ingest_mhl_chain, INGEST, MHL_CHAIN, GObject)

/*
 * IngestMhlChain: the chain file `ascmhl/ascmhl_chain.xml` of a history, or a
 * collection file `ascmhl_collection.xml` (same format), namespace
 * `urn:ASC:MHL:DIRECTORY:v2.0`. Parsed with the same hardening as manifests
 * (no DOCTYPE, no entities, no network).
 *
 * Property "file-name" s: base name used in error messages.
 */

IngestMhlChain            *ingest_mhl_chain_new           (void);
IngestMhlChain            *ingest_mhl_chain_new_from_bytes (GBytes          *bytes,
                                                           const char      *file_name,
                                                           GError         **error);
IngestMhlChain            *ingest_mhl_chain_new_from_file (const char      *path,
                                                           GError         **error);

const char                *ingest_mhl_chain_get_file_name (IngestMhlChain  *self);
void                       ingest_mhl_chain_set_file_name (IngestMhlChain  *self,
                                                           const char      *file_name);

guint                      ingest_mhl_chain_get_n_entries (IngestMhlChain  *self);
const IngestMhlChainEntry *ingest_mhl_chain_get_entry     (IngestMhlChain  *self,
                                                           guint            position);
/* by manifest file name; NULL if absent */
const IngestMhlChainEntry *ingest_mhl_chain_lookup        (IngestMhlChain  *self,
                                                           const char      *path);
/* Appends a c4 entry. Fails (INVALID_PATH / INVALID_HASH / DUPLICATE_PATH)
 * for a path with '/' or invalid characters, a bad c4, or a path already listed. */
gboolean                   ingest_mhl_chain_append        (IngestMhlChain  *self,
                                                           guint            sequence_nr,
                                                           const char      *path,
                                                           const char      *c4,
                                                           GError         **error);

/* Human-readable notes about entries that are kept but not usable (non-c4
 * hashes), "<file>:<line>: ..." each; NULL-terminated (transfer none). */
const char * const        *ingest_mhl_chain_get_warnings  (IngestMhlChain  *self);

/* The file in the reference tool's exact byte layout. (transfer full) */
GBytes                    *ingest_mhl_chain_serialize     (IngestMhlChain  *self,
                                                           GError         **error);
/* Writes ingest_mhl_chain_serialize() to @path atomically: a temporary file
 * in the same folder, written and fsync()ed, renamed over @path, then the
 * folder fsync()ed. */
gboolean                   ingest_mhl_chain_write_atomic  (IngestMhlChain  *self,
                                                           const char      *path,
                                                           GCancellable    *cancellable,
                                                           GError         **error);

G_END_DECLS
