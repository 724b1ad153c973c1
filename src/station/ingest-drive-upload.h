/* ingest-drive-upload.h
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

#include "ingest-drive-validation.h"

G_BEGIN_DECLS

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

#define INGEST_TYPE_DRIVE_UPLOAD (ingest_drive_upload_get_type())

G_DECLARE_FINAL_TYPE (IngestDriveUpload, ingest_drive_upload, INGEST, DRIVE_UPLOAD, GObject)

IngestDriveUpload     *ingest_drive_upload_new               (IngestDriveValidation  *validation,
                                                              IngestCatalog          *catalog);
IngestDriveValidation *ingest_drive_upload_get_validation    (IngestDriveUpload      *self);
const char            *ingest_drive_upload_get_root          (IngestDriveUpload      *self);
IngestCatalog         *ingest_drive_upload_get_catalog       (IngestDriveUpload      *self);
IngestUploadJob       *ingest_drive_upload_get_job           (IngestDriveUpload      *self);
IngestUploadState      ingest_drive_upload_get_state         (IngestDriveUpload      *self);
gboolean               ingest_drive_upload_get_running       (IngestDriveUpload      *self);
const char            *ingest_drive_upload_get_title         (IngestDriveUpload      *self);
const char            *ingest_drive_upload_get_progress_text (IngestDriveUpload      *self);
const char            *ingest_drive_upload_get_counts_text   (IngestDriveUpload      *self);
const char            *ingest_drive_upload_get_error_text    (IngestDriveUpload      *self);
double                 ingest_drive_upload_get_fraction      (IngestDriveUpload      *self);
GListModel            *ingest_drive_upload_get_active        (IngestDriveUpload      *self);
GListModel            *ingest_drive_upload_get_rolls         (IngestDriveUpload      *self);
GListModel            *ingest_drive_upload_get_files         (IngestDriveUpload      *self);
gboolean               ingest_drive_upload_start             (IngestDriveUpload      *self,
                                                              GPtrArray              *destinations,
                                                              const char             *key_template,
                                                              const char * const     *key_variables,
                                                              GError                **error);
void                   ingest_drive_upload_pause             (IngestDriveUpload      *self);
void                   ingest_drive_upload_resume            (IngestDriveUpload      *self);
void                   ingest_drive_upload_cancel            (IngestDriveUpload      *self);

gboolean               ingest_drive_upload_check_key_template (const char            *key_template,
                                                              GError                **error);
char                  *ingest_drive_upload_dup_key_prefix    (const char             *key_template,
                                                              const char * const     *key_variables);

G_END_DECLS
