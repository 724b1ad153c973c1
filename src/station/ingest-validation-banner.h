/* ingest-validation-banner.h
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

G_BEGIN_DECLS

#define INGEST_TYPE_VALIDATION_BANNER (ingest_validation_banner_get_type())

G_DECLARE_FINAL_TYPE (IngestValidationBanner, ingest_validation_banner, INGEST, VALIDATION_BANNER, GtkWidget)

IngestDriveSession *ingest_validation_banner_get_session           (IngestValidationBanner *self);
void                ingest_validation_banner_set_session           (IngestValidationBanner *self,
                                                                    IngestDriveSession     *session);
gboolean            ingest_validation_banner_get_pending           (IngestValidationBanner *self);
gboolean            ingest_validation_banner_get_can_validate      (IngestValidationBanner *self);
gboolean            ingest_validation_banner_get_can_cancel        (IngestValidationBanner *self);
gboolean            ingest_validation_banner_get_can_seal          (IngestValidationBanner *self);
gboolean            ingest_validation_banner_get_can_reveal_report (IngestValidationBanner *self);
void                ingest_validation_banner_validate              (IngestValidationBanner *self);
void                ingest_validation_banner_cancel                (IngestValidationBanner *self);
void                ingest_validation_banner_seal                  (IngestValidationBanner *self);
void                ingest_validation_banner_reveal_report         (IngestValidationBanner *self);
void                ingest_validation_banner_set_report_dir        (IngestValidationBanner *self,
                                                                    const char             *report_dir);

G_END_DECLS
