/* ingest-application.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ingest.h"
#include "ingest-proxy.h"
#include "ingest-settings.h"

G_BEGIN_DECLS

#define INGEST_TYPE_APPLICATION (ingest_application_get_type())

G_DECLARE_FINAL_TYPE (IngestApplication, ingest_application, INGEST, APPLICATION, AdwApplication)

IngestApplication  *ingest_application_new                (void);
IngestDriveMonitor *ingest_application_get_drive_monitor  (IngestApplication  *self);
IngestSettings     *ingest_application_get_settings       (IngestApplication  *self);
gboolean            ingest_application_get_preparing_demo (IngestApplication  *self);
IngestDrive        *ingest_application_open_folder        (IngestApplication  *self,
                                                           const char         *path,
                                                           GError            **error);
IngestCatalog      *ingest_application_get_catalog        (IngestApplication  *self);
IngestDriveSession *ingest_application_get_session        (IngestApplication  *self,
                                                           IngestDrive        *drive);
IngestDriveSession *ingest_application_lookup_session     (IngestApplication  *self,
                                                           IngestDrive        *drive);
char               *ingest_application_dup_report_dir     (IngestApplication  *self);
GListModel         *ingest_application_get_clips          (IngestApplication  *self,
                                                           IngestDrive        *drive);
IngestProxyStage   *ingest_application_get_proxy_stage    (IngestApplication  *self,
                                                           IngestDrive        *drive);
IngestClipLibrary  *ingest_application_get_clip_library   (IngestApplication  *self);

G_END_DECLS
