/* ingest-mhl-manifest.h
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

#include "ingest-hash-kind.h"
#include "ingest-mhl-entry.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestMhlProcess:
 * @INGEST_MHL_PROCESS_NONE: no `<process>` (legacy MHL 1.x documents)
 * @INGEST_MHL_PROCESS_IN_PLACE: "in-place"
 * @INGEST_MHL_PROCESS_TRANSFER: "transfer"
 * @INGEST_MHL_PROCESS_FLATTEN: "flatten"
 */
typedef enum {
  INGEST_MHL_PROCESS_NONE,
  INGEST_MHL_PROCESS_IN_PLACE,
  INGEST_MHL_PROCESS_TRANSFER,
  INGEST_MHL_PROCESS_FLATTEN,
} IngestMhlProcess;

const char *ingest_mhl_process_to_string   (IngestMhlProcess  process);
gboolean    ingest_mhl_process_from_string (const char       *text,
                                            IngestMhlProcess *process);

/* One `<author>` of the creatorinfo; any field but @name may be NULL. */
typedef struct {
  char *name;
  char *email;
  char *phone;
  char *role;
} IngestMhlAuthor;

#define INGEST_TYPE_MHL_MANIFEST (ingest_mhl_manifest_get_type ())

G_DECLARE_FINAL_TYPE (IngestMhlManifest, ingest_mhl_manifest, INGEST, MHL_MANIFEST, GObject)

/*
 * IngestMhlManifest: one ASC MHL v2.0 manifest (`<hashlist version="2.0">`,
 * one generation of a history), or a legacy MHL 1.x document loaded into the
 * same model so verification works the same way.
 *
 * It is also a GListModel of its IngestMhlEntry items, in document order.
 *
 * Properties:
 *   "file-name"      s  base name of the manifest file (e.g. "0002_A002R2EC_2020-01-17_143000Z.mhl"),
 *                       used in error messages; NULL for a new one until set
 *   "generation"     u  generation number from the file name (0 = unknown)
 *   "version"        s  "2.0" or, for legacy documents, "1.0"/"1.1" (read-only)
 *   "creation-date"  s  creatorinfo/creationdate text
 *   "hostname"       s
 *   "tool-name"      s  creatorinfo/tool text
 *   "tool-version"   s  creatorinfo/tool@version
 *   "location"       s  optional
 *   "comment"        s  optional
 *   "process"        IngestMhlProcess (plain enum, exposed as an int property)
 *
 * Loading (ingest_mhl_manifest_new_from_bytes/_file) uses libxml2's streaming
 * reader with XML_PARSE_NONET, no entity substitution, no DTD loading and no
 * XML_PARSE_HUGE. Any DOCTYPE is refused (INGEST_MHL_ERROR_PARSE): ASC MHL
 * has no DTD, so this closes XXE and entity-expansion attacks at the door.
 * Elements are matched by local name + namespace `urn:ASC:MHL:v2.0` (any
 * prefix); legacy documents have no namespace. Tolerated: missing optional
 * attributes, a trailing '/' on paths, unknown hash formats (skipped),
 * uppercase hex (lowercased). Refused with "<file-name>:<line>: ..." errors:
 * invalid paths (see ingest_mhl_path_validate()), duplicate paths, hashes of
 * the wrong length/alphabet, unknown action or process values, version other
 * than 2.0 / 1.0 / 1.1.
 */

IngestMhlManifest *ingest_mhl_manifest_new                (void);
IngestMhlManifest *ingest_mhl_manifest_new_from_bytes     (GBytes             *bytes,
                                                           const char         *file_name,
                                                           GError            **error);
/* Reads the whole file and parses it; "file-name" and "generation" are set
 * from the base name of @path. */
IngestMhlManifest *ingest_mhl_manifest_new_from_file      (const char         *path,
                                                           GError            **error);

/* Splits an ASC MHL manifest file name "NNNN[_anything].mhl" (4 or more
 * digits; with or without the trailing Z of newer names). Returns FALSE for
 * names that are not manifests (also for AppleDouble "._*" files). */
gboolean           ingest_mhl_manifest_parse_file_name    (const char         *file_name,
                                                           guint              *generation);

const char        *ingest_mhl_manifest_get_file_name      (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_file_name      (IngestMhlManifest  *self,
                                                           const char         *file_name);
guint              ingest_mhl_manifest_get_generation     (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_generation     (IngestMhlManifest  *self,
                                                           guint               generation);
const char        *ingest_mhl_manifest_get_version        (IngestMhlManifest  *self);
gboolean           ingest_mhl_manifest_is_legacy          (IngestMhlManifest  *self);

/* creatorinfo */
const char        *ingest_mhl_manifest_get_creation_date  (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_creation_date  (IngestMhlManifest  *self,
                                                           const char         *date);
const char        *ingest_mhl_manifest_get_hostname       (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_hostname       (IngestMhlManifest  *self,
                                                           const char         *hostname);
const char        *ingest_mhl_manifest_get_tool_name      (IngestMhlManifest  *self);
const char        *ingest_mhl_manifest_get_tool_version   (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_tool           (IngestMhlManifest  *self,
                                                           const char         *name,
                                                           const char         *version);
const char        *ingest_mhl_manifest_get_location       (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_location       (IngestMhlManifest  *self,
                                                           const char         *location);
const char        *ingest_mhl_manifest_get_comment        (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_comment        (IngestMhlManifest  *self,
                                                           const char         *comment);
guint              ingest_mhl_manifest_get_n_authors      (IngestMhlManifest  *self);
const IngestMhlAuthor *ingest_mhl_manifest_get_author     (IngestMhlManifest  *self,
                                                           guint               position);
void               ingest_mhl_manifest_add_author         (IngestMhlManifest  *self,
                                                           const char         *name,
                                                           const char         *email,
                                                           const char         *phone,
                                                           const char         *role);

/* processinfo */
IngestMhlProcess   ingest_mhl_manifest_get_process        (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_process        (IngestMhlManifest  *self,
                                                           IngestMhlProcess    process);
/* The `<roothash>` as a directory entry with path "" (transfer none), or NULL
 * when the manifest has none. */
IngestMhlEntry    *ingest_mhl_manifest_get_root_hash      (IngestMhlManifest  *self);
/* @root: (nullable): a directory entry (its path is ignored); NULL removes it. */
void               ingest_mhl_manifest_set_root_hash      (IngestMhlManifest  *self,
                                                           IngestMhlEntry     *root);
/* NULL-terminated, in order (transfer none) */
const char * const *ingest_mhl_manifest_get_ignore_patterns (IngestMhlManifest *self);
void               ingest_mhl_manifest_set_ignore_patterns (IngestMhlManifest *self,
                                                           const char * const *patterns);
void               ingest_mhl_manifest_add_ignore_pattern (IngestMhlManifest  *self,
                                                           const char         *pattern);

/* hashes: entries in document order, O(1) lookup by path (a loaded manifest
 * builds its path index on the first lookup: a history holding many
 * generations does not pay for indexes it never uses). */
guint              ingest_mhl_manifest_get_n_entries      (IngestMhlManifest  *self);
IngestMhlEntry    *ingest_mhl_manifest_get_entry          (IngestMhlManifest  *self,
                                                           guint               position);
/* (transfer none) the manifest's own array of IngestMhlEntry; don't modify */
GPtrArray         *ingest_mhl_manifest_get_entries        (IngestMhlManifest  *self);
/* @path with or without a trailing '/'; (transfer none) or NULL */
IngestMhlEntry    *ingest_mhl_manifest_lookup             (IngestMhlManifest  *self,
                                                           const char         *path);
/* Appends @entry (takes a new reference). Fails with INVALID_PATH or
 * DUPLICATE_PATH (entry not added). */
gboolean           ingest_mhl_manifest_add_entry          (IngestMhlManifest  *self,
                                                           IngestMhlEntry     *entry,
                                                           GError            **error);

/* references to child histories' manifests (path relative to this manifest's
 * root, c4 of that file's bytes) */
guint              ingest_mhl_manifest_get_n_references   (IngestMhlManifest  *self);
const char        *ingest_mhl_manifest_get_reference      (IngestMhlManifest  *self,
                                                           guint               position,
                                                           const char        **c4);
void               ingest_mhl_manifest_add_reference      (IngestMhlManifest  *self,
                                                           const char         *path,
                                                           const char         *c4);

/* Notes from loading that are not errors, "<file>:<line>: ..." each (e.g.
 * uppercase hex that was lowercased, hash formats that were skipped);
 * NULL-terminated, at most 100 (transfer none). */
const char * const *ingest_mhl_manifest_get_warnings      (IngestMhlManifest  *self);

/* The document-level `<metadata>` as read (outer XML), written back verbatim. */
const char        *ingest_mhl_manifest_get_metadata       (IngestMhlManifest  *self);
void               ingest_mhl_manifest_set_metadata       (IngestMhlManifest  *self,
                                                           const char         *metadata_xml);

/* The document in the reference tool's exact byte layout (see
 * research/ascmhl.md §3), except that empty files get size="0". Hash formats
 * that ASC MHL does not allow (e.g. legacy xxh32) are left out. Fails with
 * INGEST_MHL_ERROR_INVALID_NAME when a path or text cannot be written as XML,
 * INGEST_MHL_ERROR_INVALID_VALUE when creation-date, hostname or tool name is missing.
 * (transfer full) */
GBytes            *ingest_mhl_manifest_serialize          (IngestMhlManifest  *self,
                                                           GError            **error);

G_END_DECLS
