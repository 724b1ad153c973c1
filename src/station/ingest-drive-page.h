/* ingest-drive-page.h
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

#include <gtk/gtk.h>

#include "ingest.h"
#include "ingest-clips-view.h"
#include "ingest-proxy.h"
#include "ingest-results-view.h"
#include "ingest-validation-banner.h"

G_BEGIN_DECLS

#define INGEST_TYPE_DRIVE_PAGE (ingest_drive_page_get_type())

G_DECLARE_FINAL_TYPE (IngestDrivePage, ingest_drive_page, INGEST, DRIVE_PAGE, GtkWidget)

IngestDrive        *ingest_drive_page_get_drive        (IngestDrivePage    *self);
void                ingest_drive_page_set_drive        (IngestDrivePage    *self,
                                                        IngestDrive        *drive,
                                                        IngestDriveSession *session);
IngestDriveSession *ingest_drive_page_get_session      (IngestDrivePage    *self);
gboolean            ingest_drive_page_get_list_pending (IngestDrivePage    *self);
IngestValidationBanner *ingest_drive_page_get_banner       (IngestDrivePage *self);
IngestResultsView  *ingest_drive_page_get_results_view (IngestDrivePage    *self);

void                ingest_drive_page_set_clips        (IngestDrivePage    *self,
                                                        GListModel         *clips);
void                ingest_drive_page_set_proxy_stage  (IngestDrivePage    *self,
                                                        IngestProxyStage   *stage);
IngestClipsView    *ingest_drive_page_get_clips_view   (IngestDrivePage    *self);
void                ingest_drive_page_set_view         (IngestDrivePage    *self,
                                                        const char         *name);
void                ingest_drive_page_set_report_dir   (IngestDrivePage    *self,
                                                        const char         *report_dir);

G_END_DECLS
