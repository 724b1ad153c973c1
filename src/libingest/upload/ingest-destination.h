/* ingest-destination.h
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

#include "ingest-types.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestUploadSource:
 * @path: absolute path of the file being read
 * @key: where it goes, relative to the destination's prefix or folder
 *   ('/'-separated, see ingest_upload_key_expand())
 * @size: bytes, from stat when the read starts
 * @mtime_ns: modification time in ns since the epoch
 * @expected_kind: (nullable): the hash format of @expected ("xxh64", ...)
 * @expected: (nullable): the hash the manifest expects for the file
 * @metadata: (nullable) (element-type utf8 utf8): every expected MHL hash,
 *   kind name → value; an S3 object carries them as x-amz-meta-KIND
 * @drive: (nullable): the label of the drive the file comes from, kept with
 *   the copy where the destination can (x-amz-meta-ingest-drive) so that a
 *   later conflict can say whose file is there
 * @replaces: (nullable): the one content the file may replace at its key:
 *   an ASC MHL chain file that the new one extends (same generations, one
 *   more). Any other content there is a conflict, as always.
 * @keep_name: the file is only right under its own name (a history's
 *   manifest or chain): a conflict fails it even under INGEST_CONFLICT_RENAME
 *
 * What a destination knows about a file before its bytes arrive. Together
 * @size, @mtime_ns and @expected are the source fingerprint the resume
 * journal checks: an upload is never resumed onto a file that differs.
 */
typedef struct
{
  const char *path;
  const char *key;
  guint64     size;
  gint64      mtime_ns;
  const char *expected_kind;
  const char *expected;
  GHashTable *metadata;
  const char *drive;
  GBytes     *replaces;
  gboolean    keep_name;
} IngestUploadSource;

/**
 * IngestConflictPolicy:
 * @INGEST_CONFLICT_FAIL: the file is not sent and fails with the reason
 *   ("s3://b/k already holds a different file … — not overwritten"); the default
 * @INGEST_CONFLICT_RENAME: the file goes beside it under a new name
 *   ("A001C001 (2).mov", the first free number), and the outcome says where
 *
 * What a destination does when the key or path a file is meant for already
 * holds a different file. Identical content (same size and MHL hash) is
 * always "already delivered", whatever the policy: nothing is sent, and it
 * counts as delivered. Nothing is ever overwritten.
 */
typedef enum {
  INGEST_CONFLICT_FAIL,
  INGEST_CONFLICT_RENAME,
} IngestConflictPolicy;

const char *ingest_conflict_policy_to_string   (IngestConflictPolicy  policy);
gboolean    ingest_conflict_policy_from_string (const char           *text,
                                                IngestConflictPolicy *policy);

#define INGEST_TYPE_DESTINATION         (ingest_destination_get_type ())
#define INGEST_DESTINATION(obj)         (G_TYPE_CHECK_INSTANCE_CAST ((obj), INGEST_TYPE_DESTINATION, IngestDestination))
#define INGEST_IS_DESTINATION(obj)      (G_TYPE_CHECK_INSTANCE_TYPE ((obj), INGEST_TYPE_DESTINATION))
#define INGEST_DESTINATION_CLASS(klass) (G_TYPE_CHECK_CLASS_CAST ((klass), INGEST_TYPE_DESTINATION, IngestDestinationClass))
#define INGEST_DESTINATION_GET_CLASS(obj) (G_TYPE_INSTANCE_GET_CLASS ((obj), INGEST_TYPE_DESTINATION, IngestDestinationClass))

/* Opaque: the structs and virtual functions are in ingest-destination-private.h. */
typedef struct _IngestDestination      IngestDestination;
typedef struct _IngestDestinationClass IngestDestinationClass;

GType ingest_destination_get_type (void) G_GNUC_CONST;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestDestination, g_object_unref)

/* One file on its way to one destination (plain data, owned by the thread
 * that reads the file). */
typedef struct _IngestDestinationFile IngestDestinationFile;

/*
 * IngestDestination: where verified bytes go (an S3 bucket, a NAS folder).
 * An extension point: the class is opaque, implementations live in the core
 * (IngestS3Destination, IngestFolderDestination).
 *
 * A destination is a sink of events fed from the ONE read of each file:
 * begin (before the first byte) → write (every buffer, in order) → finish
 * (only when the bytes matched the expected MHL hash: complete and check the
 * remote copy) or hold (they did not, or the read failed: never deliver).
 * All calls for one file come from one thread at a time; several files may
 * be in progress on different threads at once. finish() blocks until the
 * copy is verified or has failed.
 *
 * A destination never overwrites. begin() first learns what is already at
 * the file's key or path: the same bytes (same size and MHL hash, from the
 * object's x-amz-meta-* or a read of the file) make the file "already
 * delivered" (nothing is sent, finish() succeeds at once); different bytes
 * fail begin() with INGEST_UPLOAD_ERROR_EXISTS, or, under
 * INGEST_CONFLICT_RENAME, move the file to a free name beside it (its
 * location says where).
 *
 * Properties: "uri" s (construct-only, what the journal and the user see),
 * "on-conflict" IngestConflictPolicy (default INGEST_CONFLICT_FAIL).
 */

const char            *ingest_destination_get_uri         (IngestDestination       *self);
IngestConflictPolicy   ingest_destination_get_on_conflict (IngestDestination       *self);
void                   ingest_destination_set_on_conflict (IngestDestination       *self,
                                                           IngestConflictPolicy     policy);
/* A failure that dooms every file (wrong credentials, no such bucket), or NULL. (transfer full) */
GError                *ingest_destination_dup_fatal_error (IngestDestination       *self);

IngestDestinationFile *ingest_destination_begin           (IngestDestination       *self,
                                                           const IngestUploadSource *source,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
gboolean               ingest_destination_write           (IngestDestinationFile   *file,
                                                           const guint8            *data,
                                                           gsize                    len,
                                                           guint64                  offset,
                                                           GError                 **error);
gboolean               ingest_destination_finish          (IngestDestinationFile   *file,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
void                   ingest_destination_hold            (IngestDestinationFile   *file,
                                                           const char              *reason);
void                   ingest_destination_suspend         (IngestDestinationFile   *file);
void                   ingest_destination_file_free       (IngestDestinationFile   *file);
GBytes                *ingest_destination_fetch           (IngestDestination       *self,
                                                           const char              *key,
                                                           gsize                    max_size,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);

IngestDestination     *ingest_destination_file_get_destination (IngestDestinationFile *file);
const char            *ingest_destination_file_get_location    (IngestDestinationFile *file);
guint64                ingest_destination_file_get_bytes_sent  (IngestDestinationFile *file);
guint64                ingest_destination_file_get_bytes_resumed (IngestDestinationFile *file);
const char            *ingest_destination_file_get_note        (IngestDestinationFile *file);
gboolean               ingest_destination_file_get_already_delivered (IngestDestinationFile *file);

char                  *ingest_upload_key_expand           (const char              *key_template,
                                                           GHashTable              *variables,
                                                           GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestDestinationFile, ingest_destination_file_free)

G_END_DECLS
