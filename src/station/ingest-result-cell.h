/* ingest-result-cell.h
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

/* Which column of the file list a cell shows. */
typedef enum {
  INGEST_RESULT_FIELD_STATUS,
  INGEST_RESULT_FIELD_PATH,
  INGEST_RESULT_FIELD_SIZE,
  INGEST_RESULT_FIELD_EXPECTED,
  INGEST_RESULT_FIELD_FOUND,
} IngestResultField;

GType ingest_result_field_get_type (void) G_GNUC_CONST;
#define INGEST_TYPE_RESULT_FIELD (ingest_result_field_get_type ())

#define INGEST_TYPE_RESULT_CELL (ingest_result_cell_get_type())

G_DECLARE_FINAL_TYPE (IngestResultCell, ingest_result_cell, INGEST, RESULT_CELL, GtkWidget)

GtkWidget              *ingest_result_cell_new        (IngestResultField       field);
IngestValidationResult *ingest_result_cell_get_result (IngestResultCell       *self);
void                    ingest_result_cell_set_result (IngestResultCell       *self,
                                                       IngestValidationResult *result);
const char             *ingest_result_cell_get_text   (IngestResultCell       *self);

G_END_DECLS
