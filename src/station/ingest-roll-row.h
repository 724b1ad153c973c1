/* ingest-roll-row.h
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

G_BEGIN_DECLS

#define INGEST_TYPE_ROLL_ROW (ingest_roll_row_get_type())

G_DECLARE_FINAL_TYPE (IngestRollRow, ingest_roll_row, INGEST, ROLL_ROW, AdwActionRow)

GtkWidget  *ingest_roll_row_new               (IngestRoll              *roll);
IngestRoll *ingest_roll_row_get_roll          (IngestRollRow           *self);
void        ingest_roll_row_set_verdict       (IngestRollRow           *self,
                                               IngestValidationVerdict  verdict,
                                               guint64                  n_problems);
GtkLabel   *ingest_roll_row_get_verdict_label (IngestRollRow           *self);

G_END_DECLS
