/* ingest-mhl-entry.h
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

#include <glib-object.h>

#include "ingest-hash-kind.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestMhlHashAction:
 * @INGEST_MHL_HASH_ACTION_NONE: no `action` attribute (always so for
 *   directory hashes; on file hashes only in documents of other tools)
 * @INGEST_MHL_HASH_ACTION_ORIGINAL: first time this hash was recorded
 * @INGEST_MHL_HASH_ACTION_VERIFIED: re-hashed and equal to the original
 * @INGEST_MHL_HASH_ACTION_FAILED: re-hashed and different (the value recorded
 *   is the new, bad hash); never use it as a reference for comparison
 */
typedef enum {
  INGEST_MHL_HASH_ACTION_NONE,
  INGEST_MHL_HASH_ACTION_ORIGINAL,
  INGEST_MHL_HASH_ACTION_VERIFIED,
  INGEST_MHL_HASH_ACTION_FAILED,
} IngestMhlHashAction;

const char *ingest_mhl_hash_action_to_string   (IngestMhlHashAction  action);   /* "original", ... NULL for NONE */
gboolean    ingest_mhl_hash_action_from_string (const char          *text,
                                                IngestMhlHashAction *action);

#define INGEST_TYPE_MHL_ENTRY (ingest_mhl_entry_get_type ())

G_DECLARE_FINAL_TYPE (IngestMhlEntry, ingest_mhl_entry, INGEST, MHL_ENTRY, GObject)

/*
 * IngestMhlEntry: one `<hash>` (file) or `<directoryhash>` (directory) of a
 * manifest, or the `<roothash>` (a directory entry whose path is "").
 *
 * Properties (read-only after construction except where a setter exists):
 *   "path"                   s   relative path, '/' separators, the on-disk
 *                                bytes, no trailing '/' (construct-only)
 *   "is-directory"           b   (construct-only)
 *   "previous-path"          s   `previousPath` (renamed in this generation) or NULL
 *   "size"                   x   file size in bytes, -1 = unknown (always -1 for directories)
 *   "creation-date"          s   `creationdate` attribute text as recorded, or NULL
 *   "last-modification-date" s   `lastmodificationdate` attribute text, or NULL
 *
 * Hash values are the canonical text of ingest_hash_encode() (lowercase hex;
 * the parser lowercases uppercase hex it reads). Date texts are kept exactly
 * as given so that documents round-trip byte for byte; make new ones with
 * ingest_mhl_date_format() / ingest_mhl_date_format_usec().
 *
 * Strings returned by the getters belong to the entry and stay valid until
 * that same field (or the hash of that same kind and role) is set again, or
 * the entry is finalized; setting other fields or other hashes leaves them be.
 *
 * Entries are plain data: create and fill them on any thread, but don't share
 * one between threads while it is being changed.
 */

IngestMhlEntry *ingest_mhl_entry_new_file                (const char          *path,
                                                          gint64               size);
IngestMhlEntry *ingest_mhl_entry_new_directory           (const char          *path);

const char     *ingest_mhl_entry_get_path                (IngestMhlEntry      *self);
gboolean        ingest_mhl_entry_is_directory            (IngestMhlEntry      *self);
const char     *ingest_mhl_entry_get_previous_path       (IngestMhlEntry      *self);
void            ingest_mhl_entry_set_previous_path       (IngestMhlEntry      *self,
                                                          const char          *previous_path);
gint64          ingest_mhl_entry_get_size                (IngestMhlEntry      *self);
void            ingest_mhl_entry_set_size                (IngestMhlEntry      *self,
                                                          gint64               size);
const char     *ingest_mhl_entry_get_creation_date       (IngestMhlEntry      *self);
void            ingest_mhl_entry_set_creation_date       (IngestMhlEntry      *self,
                                                          const char          *date);
const char     *ingest_mhl_entry_get_last_modification_date (IngestMhlEntry   *self);
void            ingest_mhl_entry_set_last_modification_date (IngestMhlEntry   *self,
                                                          const char          *date);

/* Formats that have a value: for files the file hashes, for directories the
 * formats that have a content or a structure hash. */
IngestHashSet   ingest_mhl_entry_get_hash_kinds          (IngestMhlEntry      *self);

/* File hashes. One value per kind; setting a kind again replaces it.
 * @hash_date may be NULL (no hashdate attribute: readers assume the
 * manifest's creationdate). Returns the value or NULL; @action and
 * @hash_date (borrowed) may be NULL. */
void            ingest_mhl_entry_set_hash                (IngestMhlEntry      *self,
                                                          IngestHashKind       kind,
                                                          const char          *value,
                                                          IngestMhlHashAction  action,
                                                          const char          *hash_date);
const char     *ingest_mhl_entry_get_hash                (IngestMhlEntry      *self,
                                                          IngestHashKind       kind,
                                                          IngestMhlHashAction *action,
                                                          const char         **hash_date);

/* Directory hashes (also the root hash). @content or @structure may be NULL
 * to leave that one unset. An entry with no directory hash at all is written
 * as `<content/><structure/>` (the reference's `-n` form). */
void            ingest_mhl_entry_set_directory_hash      (IngestMhlEntry      *self,
                                                          IngestHashKind       kind,
                                                          const char          *content,
                                                          const char          *structure,
                                                          const char          *hash_date);
const char     *ingest_mhl_entry_get_content_hash        (IngestMhlEntry      *self,
                                                          IngestHashKind       kind,
                                                          const char         **hash_date);
const char     *ingest_mhl_entry_get_structure_hash      (IngestMhlEntry      *self,
                                                          IngestHashKind       kind,
                                                          const char         **hash_date);

/* The `<metadata>` element of this entry exactly as read (outer XML), or NULL.
 * It is written back verbatim. */
const char     *ingest_mhl_entry_get_metadata            (IngestMhlEntry      *self);
void            ingest_mhl_entry_set_metadata            (IngestMhlEntry      *self,
                                                          const char          *metadata_xml);

G_END_DECLS
