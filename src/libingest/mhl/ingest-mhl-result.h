/* ingest-mhl-result.h
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
 * IngestMhlStatus:
 * @INGEST_MHL_STATUS_VERIFIED: hashed and equal to the recorded original/verified hash
 * @INGEST_MHL_STATUS_FAILED: hashed and different (or only failed hashes were ever recorded)
 * @INGEST_MHL_STATUS_MISSING: recorded in the history, not on disk
 * @INGEST_MHL_STATUS_NEW: on disk, not recorded
 * @INGEST_MHL_STATUS_RENAMED: not recorded under this name, but equal to a missing
 *   file's recorded hash; "previous-path" names it
 * @INGEST_MHL_STATUS_IGNORED: matched by the ignore patterns
 * @INGEST_MHL_STATUS_DIRECTORY_VERIFIED: a folder's content and structure hashes match
 * @INGEST_MHL_STATUS_DIRECTORY_FAILED: they differ
 * @INGEST_MHL_STATUS_SYMLINK_DIRECTORY: a symlink to a folder, not followed
 * @INGEST_MHL_STATUS_INVALID_NAME: a name that cannot be recorded (invalid UTF-8, control characters)
 * @INGEST_MHL_STATUS_UNREADABLE: a file or folder that could not be read
 * @INGEST_MHL_STATUS_SKIPPED: a device, FIFO, socket or dangling symlink
 * @INGEST_MHL_STATUS_MISSING_HISTORY: a child history referenced by its parent is gone
 * @INGEST_MHL_STATUS_DIRECTORY_RECORDED: create: a folder entry written to the new
 *   generation, with the directory hashes computed for it (none with -n)
 */
typedef enum {
  INGEST_MHL_STATUS_VERIFIED,
  INGEST_MHL_STATUS_FAILED,
  INGEST_MHL_STATUS_MISSING,
  INGEST_MHL_STATUS_NEW,
  INGEST_MHL_STATUS_RENAMED,
  INGEST_MHL_STATUS_IGNORED,
  INGEST_MHL_STATUS_DIRECTORY_VERIFIED,
  INGEST_MHL_STATUS_DIRECTORY_FAILED,
  INGEST_MHL_STATUS_SYMLINK_DIRECTORY,
  INGEST_MHL_STATUS_INVALID_NAME,
  INGEST_MHL_STATUS_UNREADABLE,
  INGEST_MHL_STATUS_SKIPPED,
  INGEST_MHL_STATUS_MISSING_HISTORY,
  INGEST_MHL_STATUS_DIRECTORY_RECORDED,
  INGEST_MHL_N_STATUSES /*< skip >*/
} IngestMhlStatus;

/* "verified", "failed", "missing", "new", "renamed", "ignored", "directory-verified", ... */
const char *ingest_mhl_status_to_string (IngestMhlStatus status);

#define INGEST_TYPE_MHL_RESULT (ingest_mhl_result_get_type ())

G_DECLARE_FINAL_TYPE (IngestMhlResult, ingest_mhl_result, INGEST, MHL_RESULT, GObject)

/*
 * IngestMhlResult: what a verification found for one path. Read-only
 * properties: "status" (IngestMhlStatus), "path" (relative to the operation's
 * root, on-disk bytes; "" for the root folder), "previous-path" (renamed: the
 * recorded name; or the recorded name when it matched only after Unicode
 * normalization), "normalization-differs" (b), "is-directory" (b),
 * "message" (s, human-readable detail or NULL).
 * Per hash kind: the value computed now and the recorded reference value.
 */

IngestMhlResult *ingest_mhl_result_new                 (IngestMhlStatus  status,
                                                        const char      *path);
IngestMhlStatus  ingest_mhl_result_get_status          (IngestMhlResult *self);
void             ingest_mhl_result_set_status          (IngestMhlResult *self,
                                                        IngestMhlStatus  status);
const char      *ingest_mhl_result_get_path            (IngestMhlResult *self);
const char      *ingest_mhl_result_get_previous_path   (IngestMhlResult *self);
void             ingest_mhl_result_set_previous_path   (IngestMhlResult *self,
                                                        const char      *previous_path);
gboolean         ingest_mhl_result_get_normalization_differs (IngestMhlResult *self);
void             ingest_mhl_result_set_normalization_differs (IngestMhlResult *self,
                                                        gboolean         differs);
gboolean         ingest_mhl_result_get_is_directory    (IngestMhlResult *self);
void             ingest_mhl_result_set_is_directory    (IngestMhlResult *self,
                                                        gboolean         is_directory);
const char      *ingest_mhl_result_get_message         (IngestMhlResult *self);
void             ingest_mhl_result_set_message         (IngestMhlResult *self,
                                                        const char      *message);
/* Kinds that have a value computed now. */
IngestHashSet    ingest_mhl_result_get_kinds           (IngestMhlResult *self);
/* Kinds whose computed value differs from the recorded one. */
IngestHashSet    ingest_mhl_result_get_failed_kinds    (IngestMhlResult *self);
const char      *ingest_mhl_result_get_hash            (IngestMhlResult *self,
                                                        IngestHashKind   kind);
const char      *ingest_mhl_result_get_expected        (IngestMhlResult *self,
                                                        IngestHashKind   kind);
/* Folders: the structure hash computed now (the content hash is the "hash"). */
const char      *ingest_mhl_result_get_structure       (IngestMhlResult *self,
                                                        IngestHashKind   kind);
void             ingest_mhl_result_set_structure       (IngestMhlResult *self,
                                                        IngestHashKind   kind,
                                                        const char      *structure);
/* @expected may be NULL (nothing recorded for @kind); @failed marks a mismatch. */
void             ingest_mhl_result_set_hash            (IngestMhlResult *self,
                                                        IngestHashKind   kind,
                                                        const char      *actual,
                                                        const char      *expected,
                                                        gboolean         failed);

G_END_DECLS
