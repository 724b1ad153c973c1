/* ingest-drive-private.h
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

#include <sys/types.h>

#include "ingest-drive.h"

G_BEGIN_DECLS

/* What the core knows of a drive before it is an object: plain data, probed on a
 * worker thread (statfs, libblkid, sysfs may block) and applied on the main thread. */
typedef struct
{
  char     *mount_path;   /* canonical */
  char     *device;       /* NULL for a folder */
  char     *label;
  char     *uuid;
  char     *filesystem;
  char     *identity;
  guint64   capacity;
  guint64   free_space;
  gboolean  read_only;
  gboolean  removable;
  gboolean  is_folder;
  gboolean  is_demo;
} IngestDriveInfo;

/* The filesystem type holding PATH (canonical; on device DEV) by the mounts
 * in MOUNTINFO (/proc/self/mountinfo's text), %NULL when none there holds it. */
char            *_ingest_mountinfo_fs_type (const char             *mountinfo,
                                            const char             *path,
                                            dev_t                   dev,
                                            gboolean               *read_only);
char            *_ingest_fs_type_of        (const char             *path,
                                            gboolean               *read_only);
IngestDriveInfo *_ingest_drive_info_probe  (const char             *path,
                                            const char             *label,
                                            const char             *uuid_hint,
                                            GError                **error);
IngestDriveInfo *_ingest_drive_info_demo   (const char             *path,
                                            const char             *label,
                                            GError                **error);
void             _ingest_drive_info_free   (IngestDriveInfo        *info);
IngestDrive     *_ingest_drive_new         (const IngestDriveInfo  *info);
void             _ingest_drive_apply_info  (IngestDrive            *self,
                                            const IngestDriveInfo  *info);
void             _ingest_drive_cancel_scan (IngestDrive            *self);
const char      *_ingest_drive_get_device  (IngestDrive            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestDriveInfo, _ingest_drive_info_free)

G_END_DECLS
