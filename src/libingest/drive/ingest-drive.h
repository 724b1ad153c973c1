/* ingest-drive.h
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
 * IngestDriveState:
 * @INGEST_DRIVE_STATE_SCANNING: the tree is being walked
 * @INGEST_DRIVE_STATE_READY: rolls known, nothing running
 * @INGEST_DRIVE_STATE_VALIDATING: a validation job is running (set by the job)
 * @INGEST_DRIVE_STATE_VERIFIED: every file verified (set by the job)
 * @INGEST_DRIVE_STATE_PROBLEMS: validation found problems, or the scan failed
 * @INGEST_DRIVE_STATE_REMOVED: the drive is gone; the object comes back to
 *   life when a drive with the same identity is mounted again
 */
typedef enum {
  INGEST_DRIVE_STATE_SCANNING,
  INGEST_DRIVE_STATE_READY,
  INGEST_DRIVE_STATE_VALIDATING,
  INGEST_DRIVE_STATE_VERIFIED,
  INGEST_DRIVE_STATE_PROBLEMS,
  INGEST_DRIVE_STATE_REMOVED,
} IngestDriveState;

#define INGEST_DRIVE_ERROR (ingest_drive_error_quark ())

/**
 * IngestDriveError:
 * @INGEST_DRIVE_ERROR_NOT_FOUND: the path does not exist
 * @INGEST_DRIVE_ERROR_NOT_DIRECTORY: the path is not a folder
 * @INGEST_DRIVE_ERROR_UNREADABLE: the tree could not be read
 * @INGEST_DRIVE_ERROR_REMOVED: the drive went away
 */
typedef enum {
  INGEST_DRIVE_ERROR_NOT_FOUND,
  INGEST_DRIVE_ERROR_NOT_DIRECTORY,
  INGEST_DRIVE_ERROR_UNREADABLE,
  INGEST_DRIVE_ERROR_REMOVED,
} IngestDriveError;

GQuark ingest_drive_error_quark (void);

/**
 * IngestFilesystemTimes:
 * @INGEST_FILESYSTEM_TIMES_FINE: the status change time (ctime) is
 *   fine-grained and moves on every write (ext2/3/4, xfs, btrfs, f2fs, zfs,
 *   nfs, tmpfs): a file with the same size, mtime and ctime is unchanged, so
 *   a resumed validation may keep an earlier run's result for it
 * @INGEST_FILESYSTEM_TIMES_UNTRUSTED: a known filesystem whose times cannot
 *   tell a rewritten file (exFAT and FAT keep whole-second times and set ctime
 *   back with mtime; also through FUSE, and any filesystem not listed above):
 *   read in full every run
 * @INGEST_FILESYSTEM_TIMES_UNKNOWN: unknown filesystem — the folder's mount
 *   is not in /proc/self/mountinfo (a chroot or container whose root is no
 *   mount point there): read in full every run
 *
 * Whether a filesystem's times can tell that a file is unchanged.
 */
typedef enum {
  INGEST_FILESYSTEM_TIMES_FINE,
  INGEST_FILESYSTEM_TIMES_UNTRUSTED,
  INGEST_FILESYSTEM_TIMES_UNKNOWN,
} IngestFilesystemTimes;

IngestFilesystemTimes ingest_filesystem_times_for (const char *filesystem);

/* IngestDrive: a mounted drive or a folder opened as one.
 * Properties (read-only unless noted): "label" s, "root" GFile, "mount-path" s,
 * "uuid" s (filesystem UUID; for a folder a name-based UUID of its path),
 * "filesystem" s (%NULL when unknown), "capacity" u64, "free-space" u64, "read-only" b,
 * "removable" b, "is-folder" b, "is-demo" b (the station's synthetic demo
 * drive: shown as a removable exFAT drive, no capacity, no free space),
 * "state" IngestDriveState (read-write),
 * "identity" s (stable across re-plugs: "uuid:<UUID>", or
 * "hash:<hex>" of label+filesystem+capacity when no UUID is known, or
 * "folder:<UUID>", or "demo:<UUID>"), "n-files" u64, "total-bytes" u64 (advance live
 * during a scan), "n-rolls" u. */
#define INGEST_TYPE_DRIVE (ingest_drive_get_type ())

G_DECLARE_FINAL_TYPE (IngestDrive, ingest_drive, INGEST, DRIVE, GObject)

IngestDrive      *ingest_drive_new_for_path     (const char           *path,
                                                 const char           *label,
                                                 GError              **error);
const char       *ingest_drive_get_label        (IngestDrive          *self);
GFile            *ingest_drive_get_root         (IngestDrive          *self);
const char       *ingest_drive_get_mount_path   (IngestDrive          *self);
const char       *ingest_drive_get_uuid         (IngestDrive          *self);
const char       *ingest_drive_get_filesystem   (IngestDrive          *self);
guint64           ingest_drive_get_capacity     (IngestDrive          *self);
guint64           ingest_drive_get_free_space   (IngestDrive          *self);
gboolean          ingest_drive_get_read_only    (IngestDrive          *self);
gboolean          ingest_drive_get_removable    (IngestDrive          *self);
gboolean          ingest_drive_get_is_folder    (IngestDrive          *self);
gboolean          ingest_drive_get_is_demo      (IngestDrive          *self);
IngestDriveState  ingest_drive_get_state        (IngestDrive          *self);
void              ingest_drive_set_state        (IngestDrive          *self,
                                                 IngestDriveState      state);
const char       *ingest_drive_get_identity     (IngestDrive          *self);
guint64           ingest_drive_get_n_files      (IngestDrive          *self);
guint64           ingest_drive_get_total_bytes  (IngestDrive          *self);
guint             ingest_drive_get_n_rolls      (IngestDrive          *self);
GListModel       *ingest_drive_list_rolls       (IngestDrive          *self);
void              ingest_drive_scan_async       (IngestDrive          *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean          ingest_drive_scan_finish      (IngestDrive          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
