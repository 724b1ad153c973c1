/* ingest-upload-panel.h
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
#include "ingest-upload-view.h"

G_BEGIN_DECLS

#define INGEST_TYPE_UPLOAD_PANEL (ingest_upload_panel_get_type())

G_DECLARE_FINAL_TYPE (IngestUploadPanel, ingest_upload_panel, INGEST, UPLOAD_PANEL, GtkWidget)

GtkWidget          *ingest_upload_panel_new         (void);
IngestDriveSession *ingest_upload_panel_get_session (IngestUploadPanel  *self);
void                ingest_upload_panel_set_session (IngestUploadPanel  *self,
                                                     IngestDriveSession *session);
IngestUploadView   *ingest_upload_panel_get_view    (IngestUploadPanel  *self);

G_END_DECLS
