/* ingest-mhl-walker.h
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
#include "ingest-mhl-ignore.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestMhlWalkKind:
 * @INGEST_MHL_WALK_FILE: a regular file, or a symbolic link whose final
 *   target is a regular file inside the walk's root (then @target names it)
 * @INGEST_MHL_WALK_DIRECTORY: a folder (traversed)
 * @INGEST_MHL_WALK_IGNORED: matched by the owning history's ignore patterns
 * @INGEST_MHL_WALK_SYMLINK_DIRECTORY: a symlink to a folder: not followed
 * @INGEST_MHL_WALK_INVALID_NAME: a name no ASC MHL path may hold (not valid
 *   UTF-8, control characters, a backslash); it can never be recorded
 * @INGEST_MHL_WALK_SPECIAL: a device, FIFO or socket
 * @INGEST_MHL_WALK_UNREADABLE: a folder that cannot be listed, or an entry
 *   that cannot be stat()ed
 * @INGEST_MHL_WALK_SYMLINK: a symbolic link that is neither a folder link
 *   nor a link to a regular file inside the root: pointing outside the root,
 *   dangling, looping, or to a device. Never followed, never hashed: a
 *   validation of a drive must not read bytes that are not on it (the
 *   reference follows every file link).
 */
typedef enum {
  INGEST_MHL_WALK_FILE,
  INGEST_MHL_WALK_DIRECTORY,
  INGEST_MHL_WALK_IGNORED,
  INGEST_MHL_WALK_SYMLINK_DIRECTORY,
  INGEST_MHL_WALK_INVALID_NAME,
  INGEST_MHL_WALK_SPECIAL,
  INGEST_MHL_WALK_UNREADABLE,
  INGEST_MHL_WALK_SYMLINK,
} IngestMhlWalkKind;

/* The ASC MHL formats come first in IngestHashKind: walk items keep only those. */
#define INGEST_MHL_WALK_N_KINDS (INGEST_HASH_XXH64 + 1)

/**
 * IngestMhlWalkItem:
 * @kind: what the entry is
 * @path: relative to the walk's root folder ("" for the root itself), on-disk bytes
 * @name_offset: @path + @name_offset is the base name
 * @rel_offset: @path + @rel_offset is the path relative to the owning history's root
 * @scope: index of the owning history (see ingest_mhl_walker_get_history())
 * @parent: index of the parent folder's item, -1 for the root
 * @history_root: for a folder that is the root of a history, that history's
 *   scope index; -1 otherwise. The folder itself is owned by the enclosing history.
 * @size: bytes (files)
 * @mtime: seconds since the epoch
 * @mtime_nsec: nanoseconds of @mtime
 * @ctime_ns: status change time in nanoseconds (users cannot set it back)
 * @hashes: file hashes, or a folder's content hashes (filled by the caller / by
 *   ingest_mhl_walker_compute_directory_hashes())
 * @structure: a folder's structure hashes (an array of %INGEST_MHL_WALK_N_KINDS,
 *   allocated by ingest_mhl_walker_compute_directory_hashes(); NULL for files)
 * @error_message: why the entry is unreadable, or %NULL
 * @target: for a file reached through a symbolic link, its resolved path
 *   relative to the walk's root (read instead of @path); %NULL otherwise
 */
typedef struct {
  IngestMhlWalkKind  kind;
  char              *path;
  guint              name_offset;
  guint              rel_offset;
  guint              scope;
  gint               parent;
  gint               history_root;
  guint64            size;
  gint64             mtime;
  gint64             mtime_nsec;
  gint64             ctime_ns;
  char              *hashes[INGEST_MHL_WALK_N_KINDS];
  char             **structure;
  char              *error_message;
  char              *target;
} IngestMhlWalkItem;

typedef struct _IngestMhlWalker IngestMhlWalker;

/*
 * IngestMhlWalker: lists a folder tree in the ASC MHL reference's post-order —
 * per folder, entries sorted by name (byte order); all subfolders (recursively)
 * first, then the other entries, then the folder itself; the root comes last.
 * Each entry is matched against the ignore patterns of the history that owns
 * it, with its path relative to that history's root; ignored folders are not
 * entered, symbolic links are never followed. Plain data: use on one thread.
 */

IngestMhlWalker   *ingest_mhl_walker_new                  (IngestMhlHistory    *top,
                                                           const char * const  *extra_patterns);
void               ingest_mhl_walker_free                 (IngestMhlWalker     *self);
gboolean           ingest_mhl_walker_run                  (IngestMhlWalker     *self,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
GArray            *ingest_mhl_walker_get_items            (IngestMhlWalker     *self);
guint              ingest_mhl_walker_get_n_histories      (IngestMhlWalker     *self);
IngestMhlHistory  *ingest_mhl_walker_get_history          (IngestMhlWalker     *self,
                                                           guint                scope);
IngestMhlIgnore   *ingest_mhl_walker_get_ignore           (IngestMhlWalker     *self,
                                                           guint                scope);
gboolean           ingest_mhl_walker_get_visited          (IngestMhlWalker     *self,
                                                           guint                scope);
char              *ingest_mhl_walker_dup_absolute_path    (IngestMhlWalker     *self,
                                                           const IngestMhlWalkItem *item);
char              *ingest_mhl_walker_dup_read_path        (IngestMhlWalker     *self,
                                                           const IngestMhlWalkItem *item);
gboolean           ingest_mhl_walker_compute_directory_hashes (IngestMhlWalker *self,
                                                           IngestHashSet        kinds,
                                                           GError             **error);

#define ingest_mhl_walk_item_get_relative_path(item) ((const char *) (item)->path + (item)->rel_offset)
#define ingest_mhl_walk_item_get_name(item)          ((const char *) (item)->path + (item)->name_offset)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestMhlWalker, ingest_mhl_walker_free)

G_END_DECLS
