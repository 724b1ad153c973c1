/* ingest-expected-manifest.h
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
#include "ingest-mhl-history.h"
#include "ingest-mhl-manifest.h"
#include "ingest-mhl-verifier.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestExpectedSourceKind:
 * @INGEST_EXPECTED_SOURCE_ASCMHL: an `ascmhl/` history on the drive (nested ones too)
 * @INGEST_EXPECTED_SOURCE_LEGACY: a legacy MHL 1.x `.mhl` file on the drive
 * @INGEST_EXPECTED_SOURCE_USER: a manifest, history folder or legacy `.mhl`
 *   the user picked (its paths are relative to the validated root)
 * @INGEST_EXPECTED_SOURCE_SERVICE: the manifest the central service expects
 */
typedef enum {
  INGEST_EXPECTED_SOURCE_ASCMHL,
  INGEST_EXPECTED_SOURCE_LEGACY,
  INGEST_EXPECTED_SOURCE_USER,
  INGEST_EXPECTED_SOURCE_SERVICE,
} IngestExpectedSourceKind;

const char *ingest_expected_source_kind_to_string (IngestExpectedSourceKind kind); /* "ascmhl", "legacy", "user", "service" */

/* Where expectations come from. @label is short text for people:
 * "ascmhl A001R1AB/ascmhl", "legacy A001.mhl", "expected /path/x.mhl". */
typedef struct {
  IngestExpectedSourceKind  kind;
  char                     *path;   /* absolute path of the manifest file or history root */
  char                     *label;
} IngestExpectedSource;

/* Another source said something else about a file's hash. */
typedef struct {
  IngestHashKind  kind;
  char           *value;
  guint           source;
} IngestExpectedConflict;

/**
 * IngestExpectedFile:
 * @path: relative to the manifest's root ('/'-separated, on-disk bytes)
 * @size: the size a manifest recorded, -1 when none did
 * @values: per kind, the expected hash (the first source's) or %NULL
 * @sources: per kind, the index of the source that gave @values
 * @first_source: the first source that listed the file
 * @conflicts: (nullable): values other sources gave that differ from @values
 * @only_failed: an ASC MHL history recorded only failed hashes for it:
 *   nothing trustworthy to compare with
 */
typedef struct {
  char       *path;
  gint64      size;
  char       *values[INGEST_HASH_N_KINDS];
  guint       sources[INGEST_HASH_N_KINDS];
  guint       first_source;
  GPtrArray  *conflicts;
  guint       only_failed : 1;
} IngestExpectedFile;

#define INGEST_TYPE_EXPECTED_MANIFEST (ingest_expected_manifest_get_type ())

G_DECLARE_FINAL_TYPE (IngestExpectedManifest, ingest_expected_manifest, INGEST, EXPECTED_MANIFEST, GObject)

/*
 * IngestExpectedManifest: the expected hashes for the files below a root
 * folder, gathered from every source there is: the ASC MHL histories on the
 * drive (through IngestMhlHistory's records: the first original/verified
 * hash of each path, never a failed one), legacy `.mhl` files, a file the
 * user picked, and later the central service. Nothing is resolved
 * silently: when two sources give different values of one kind for one
 * path, the file carries the conflict and ingest_expected_manifest_get_n_disagreements()
 * counts it.
 *
 * Fill it on one thread, then read it from any number of threads.
 * Property: "root" s (construct-only).
 */

IngestExpectedManifest     *ingest_expected_manifest_new            (const char              *root);
const char                 *ingest_expected_manifest_get_root       (IngestExpectedManifest  *self);

/* @history and its nested children; @prefix: where @history's root sits below
 * this root ("" or "A001/"); NULL = work it out from the history's root. */
void                        ingest_expected_manifest_add_history    (IngestExpectedManifest  *self,
                                                                     IngestMhlHistory        *history,
                                                                     const char              *prefix,
                                                                     GCancellable            *cancellable);
/* An ASC MHL manifest or legacy document whose paths are relative to
 * @prefix ("" = the root). Returns the source index. */
guint                       ingest_expected_manifest_add_manifest   (IngestExpectedManifest  *self,
                                                                     IngestMhlManifest       *manifest,
                                                                     const char              *prefix,
                                                                     IngestExpectedSourceKind kind,
                                                                     const char              *source_path);
/* A file or folder given by path: an ASC MHL manifest, a legacy `.mhl`, an
 * `ascmhl/` folder, its `ascmhl_chain.xml`, or a folder holding `ascmhl/`.
 * Its paths are taken relative to @prefix below the root. */
gboolean                    ingest_expected_manifest_add_path       (IngestExpectedManifest  *self,
                                                                     const char              *path,
                                                                     const char              *prefix,
                                                                     IngestExpectedSourceKind kind,
                                                                     GCancellable            *cancellable,
                                                                     GError                 **error);

guint                       ingest_expected_manifest_get_n_sources  (IngestExpectedManifest  *self);
const IngestExpectedSource *ingest_expected_manifest_get_source     (IngestExpectedManifest  *self,
                                                                     guint                    position);
/* (transfer none) of IngestExpectedFile, in the order they were added */
GPtrArray                  *ingest_expected_manifest_get_files      (IngestExpectedManifest  *self);
/* The file listed under exactly @path (byte for byte), or NULL. (transfer none) */
const IngestExpectedFile   *ingest_expected_manifest_lookup_exact   (IngestExpectedManifest  *self,
                                                                     const char              *path);
/* Exact path first, then the same name in Unicode NFC. A caller matching
 * files on disk must not give one listed file to two files whose names
 * differ only in normalization (see ingest_expected_manifest_lookup_exact()).
 * (transfer none) */
const IngestExpectedFile   *ingest_expected_manifest_lookup         (IngestExpectedManifest  *self,
                                                                     const char              *path);
IngestHashSet               ingest_expected_file_get_kinds          (const IngestExpectedFile *file);
/* Does any expected file lie below @prefix ("" or "." = anywhere)? */
gboolean                    ingest_expected_manifest_covers         (IngestExpectedManifest  *self,
                                                                     const char              *prefix);
guint                       ingest_expected_manifest_get_n_disagreements (IngestExpectedManifest *self);
/* "ascmhl A001/ascmhl says xxh64 0123…, legacy A001.mhl says xxh64 4567…" (transfer full) */
char                       *ingest_expected_file_describe_conflicts (IngestExpectedManifest  *self,
                                                                     const IngestExpectedFile *file);

/* Seals a folder that no manifest covers: writes the first ASC MHL generation
 * of its history (IngestMhlVerifier create; @kinds 0 = xxh64). Nothing else
 * ever writes to the drive. */
gboolean                    ingest_expected_manifest_seal           (const char              *folder,
                                                                     IngestHashSet            kinds,
                                                                     const IngestMhlCreator  *creator,
                                                                     GCancellable            *cancellable,
                                                                     GError                 **error);

G_END_DECLS
