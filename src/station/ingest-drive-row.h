/* ingest-drive-row.h
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

#define INGEST_TYPE_DRIVE_ROW (ingest_drive_row_get_type())

G_DECLARE_FINAL_TYPE (IngestDriveRow, ingest_drive_row, INGEST, DRIVE_ROW, GtkWidget)

IngestDrive *ingest_drive_row_get_drive (IngestDriveRow *self);
void         ingest_drive_row_set_drive (IngestDriveRow *self,
                                         IngestDrive    *drive);

G_END_DECLS
