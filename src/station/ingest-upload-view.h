/* ingest-upload-view.h
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

#include "ingest.h"

G_BEGIN_DECLS

/* What the upload panel shows of a session's upload. */
typedef enum {
  INGEST_UPLOAD_STATE_IDLE,
  INGEST_UPLOAD_STATE_RUNNING,
  INGEST_UPLOAD_STATE_PAUSED,
  INGEST_UPLOAD_STATE_DRIVE_REMOVED,
  INGEST_UPLOAD_STATE_DONE,
  INGEST_UPLOAD_STATE_PROBLEMS,
  INGEST_UPLOAD_STATE_CANCELLED,
  INGEST_UPLOAD_STATE_FAILED,
} IngestUploadState;

#define INGEST_TYPE_UPLOAD_STATE (ingest_upload_state_get_type())
GType ingest_upload_state_get_type (void) G_GNUC_CONST;

#define INGEST_TYPE_UPLOAD_VIEW (ingest_upload_view_get_type())

G_DECLARE_FINAL_TYPE (IngestUploadView, ingest_upload_view, INGEST, UPLOAD_VIEW, GObject)

IngestUploadView   *ingest_upload_view_new               (IngestDriveSession *session);
IngestDriveSession *ingest_upload_view_get_session       (IngestUploadView   *self);
IngestUploadState   ingest_upload_view_get_state         (IngestUploadView   *self);
gboolean            ingest_upload_view_get_running       (IngestUploadView   *self);
const char         *ingest_upload_view_get_title         (IngestUploadView   *self);
const char         *ingest_upload_view_get_progress_text (IngestUploadView   *self);
const char         *ingest_upload_view_get_counts_text   (IngestUploadView   *self);
const char         *ingest_upload_view_get_error_text    (IngestUploadView   *self);
double              ingest_upload_view_get_fraction      (IngestUploadView   *self);
GListModel         *ingest_upload_view_get_active        (IngestUploadView   *self);
GListModel         *ingest_upload_view_get_rolls         (IngestUploadView   *self);
GListModel         *ingest_upload_view_get_files         (IngestUploadView   *self);

G_END_DECLS
