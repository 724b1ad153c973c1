/* ingest-mhl-history.h
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
#include "ingest-mhl-chain.h"
#include "ingest-mhl-entry.h"
#include "ingest-mhl-ignore.h"
#include "ingest-mhl-manifest.h"

G_BEGIN_DECLS

/**
 * IngestMhlRecord:
 * @path: the path as recorded, relative to the history root
 * @reference: per kind, the first value ever recorded with action original,
 *   verified or none — never a failed one; NULL where there is none
 * @latest: the entry of the latest generation that lists @path
 * @latest_generation: that generation's number
 * @first_kind: the first kind recorded with a reference value (the one a
 *   verification falls back to)
 * @reference_size: the size recorded by the entry that gave the first
 *   reference value, -1 when it recorded none
 * @conflicting: kinds for which a later generation recorded, as original or
 *   verified, a value other than @reference: the history contradicts
 *   itself, so no value of those kinds can verify the file. A later
 *   non-failed entry with another size marks every reference kind.
 * @is_directory: the path is recorded as a directoryhash
 * @has_reference: at least one @reference is set
 * @has_failed: some generation recorded a failed hash for @path
 * @moved: a later generation recorded the file under another name
 *   (its previousPath is @path) and @path was not recorded again since
 *
 * What a history knows about one path, summed over all its generations.
 * Strings and entries are borrowed from the history's manifests.
 */
typedef struct {
  const char     *path;
  const char     *reference[INGEST_HASH_N_KINDS];
  IngestMhlEntry *latest;
  guint           latest_generation;
  IngestHashKind  first_kind;
  gint64          reference_size;
  IngestHashSet   conflicting;
  guint           is_directory : 1;
  guint           has_reference : 1;
  guint           has_failed : 1;
  guint           moved : 1;
} IngestMhlRecord;

#define INGEST_TYPE_MHL_HISTORY (ingest_mhl_history_get_type ())

G_DECLARE_FINAL_TYPE (IngestMhlHistory, ingest_mhl_history, INGEST, MHL_HISTORY, GObject)

/*
 * IngestMhlHistory: the `ascmhl/` folder of a root folder — its manifests
 * (generations) in order, its chain, and the child histories found below the
 * root (nested histories; each a full IngestMhlHistory whose parent is this).
 * Lookups by path over all generations are hash-table backed. Only manifests
 * listed in the chain feed the lookups; others are loaded, listed and warned
 * about (ingest_mhl_history_get_warnings()).
 *
 * Properties: "root" s (absolute path of the folder that holds `ascmhl/`).
 */

IngestMhlHistory       *ingest_mhl_history_load              (const char         *root,
                                                              GCancellable       *cancellable,
                                                              GError            **error);

const char             *ingest_mhl_history_get_root          (IngestMhlHistory   *self);
const char             *ingest_mhl_history_get_folder_name   (IngestMhlHistory   *self);
gboolean                ingest_mhl_history_exists            (IngestMhlHistory   *self);
IngestMhlHistory       *ingest_mhl_history_get_parent        (IngestMhlHistory   *self);
const char             *ingest_mhl_history_get_path_in_parent (IngestMhlHistory  *self);
GPtrArray              *ingest_mhl_history_get_children      (IngestMhlHistory   *self);
gboolean                ingest_mhl_history_is_inside_child   (IngestMhlHistory   *self,
                                                              const char         *path);
IngestMhlChain         *ingest_mhl_history_get_chain         (IngestMhlHistory   *self);

guint                   ingest_mhl_history_get_n_generations (IngestMhlHistory   *self);
IngestMhlManifest      *ingest_mhl_history_get_manifest      (IngestMhlHistory   *self,
                                                              guint               position);
IngestMhlManifest      *ingest_mhl_history_get_latest_manifest (IngestMhlHistory *self);
guint                   ingest_mhl_history_get_next_generation (IngestMhlHistory *self);
const char * const     *ingest_mhl_history_get_warnings      (IngestMhlHistory   *self);

IngestMhlIgnore        *ingest_mhl_history_dup_ignore        (IngestMhlHistory   *self);

IngestHashSet           ingest_mhl_record_get_reference_kinds (const IngestMhlRecord *record);

const IngestMhlRecord  *ingest_mhl_history_lookup            (IngestMhlHistory   *self,
                                                              const char         *path);
const IngestMhlRecord  *ingest_mhl_history_lookup_normalized (IngestMhlHistory   *self,
                                                              const char         *path);
GPtrArray              *ingest_mhl_history_get_records       (IngestMhlHistory   *self);

char                   *ingest_mhl_history_make_manifest_name (IngestMhlHistory  *self,
                                                              guint               generation,
                                                              GDateTime          *now);
gboolean                ingest_mhl_history_append            (IngestMhlHistory   *self,
                                                              IngestMhlManifest  *manifest,
                                                              GDateTime          *now,
                                                              char              **out_c4,
                                                              GCancellable       *cancellable,
                                                              GError            **error);

G_END_DECLS
