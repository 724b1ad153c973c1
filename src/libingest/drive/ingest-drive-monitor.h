/* ingest-drive-monitor.h
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

#include "ingest-drive.h"
#include "ingest-types.h"

G_BEGIN_DECLS

/* IngestDriveMonitor: the drives present now, as a GListModel of IngestDrive.
 * Sources: GVolumeMonitor mount-added/-removed, GUnixMountMonitor
 * "mounts-changed" (mounts GVolumeMonitor ignores), folders opened as
 * drives, and the station's demo drive. A mount is a drive when its parent folder matches one of the mount
 * roots (glob patterns; NULL = "/media", "/media/ *", "/run/media/ *" without
 * the spaces). Each new drive is scanned at once (state SCANNING → READY).
 * A removed drive leaves the list (state REMOVED, "drive-removed"); when a drive
 * with the same identity comes back the same object is re-used and re-added.
 * Property "mount-roots" (GStrv, construct-only).
 * Signals: "drive-added" (IngestDrive *), "drive-removed" (IngestDrive *). */
#define INGEST_TYPE_DRIVE_MONITOR (ingest_drive_monitor_get_type ())

G_DECLARE_FINAL_TYPE (IngestDriveMonitor, ingest_drive_monitor, INGEST, DRIVE_MONITOR, GObject)

IngestDriveMonitor  *ingest_drive_monitor_new             (const char * const  *mount_roots);
const char * const  *ingest_drive_monitor_get_mount_roots (IngestDriveMonitor  *self);
IngestDrive         *ingest_drive_monitor_add_folder      (IngestDriveMonitor  *self,
                                                           const char          *path,
                                                           const char          *label,
                                                           GError             **error);
IngestDrive         *ingest_drive_monitor_add_demo_drive  (IngestDriveMonitor  *self,
                                                           const char          *path,
                                                           const char          *label,
                                                           GError             **error);
void                 ingest_drive_monitor_remove_folder   (IngestDriveMonitor  *self,
                                                           IngestDrive         *drive);
IngestDrive         *ingest_drive_monitor_lookup          (IngestDriveMonitor  *self,
                                                           const char          *identity);

G_END_DECLS
