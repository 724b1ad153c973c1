/* ingest-drive-validation.h
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

#define INGEST_TYPE_DRIVE_VALIDATION (ingest_drive_validation_get_type())

G_DECLARE_FINAL_TYPE (IngestDriveValidation, ingest_drive_validation, INGEST, DRIVE_VALIDATION, GObject)

IngestDriveValidation *ingest_drive_validation_new            (IngestDrive            *drive,
                                                               IngestCatalog          *catalog);
IngestDrive           *ingest_drive_validation_get_drive      (IngestDriveValidation  *self);
IngestValidationJob   *ingest_drive_validation_get_job        (IngestDriveValidation  *self);
gboolean               ingest_drive_validation_get_running    (IngestDriveValidation  *self);
gboolean               ingest_drive_validation_get_sealing    (IngestDriveValidation  *self);
void                   ingest_drive_validation_start          (IngestDriveValidation  *self);
void                   ingest_drive_validation_cancel         (IngestDriveValidation  *self);
gboolean               ingest_drive_validation_adopt          (IngestDriveValidation  *self,
                                                               IngestValidationJob    *job,
                                                               GCancellable           *cancellable);
GStrv                  ingest_drive_validation_dup_unverifiable (IngestDriveValidation *self);
gboolean               ingest_drive_validation_can_seal       (IngestDriveValidation  *self);
void                   ingest_drive_validation_seal_async     (IngestDriveValidation  *self,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
gboolean               ingest_drive_validation_seal_finish    (IngestDriveValidation  *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
gboolean               ingest_drive_validation_write_report   (IngestDriveValidation  *self,
                                                               const char             *dir,
                                                               char                  **json_path,
                                                               char                  **html_path,
                                                               GError                **error);

G_END_DECLS
