/* ingest-format.h
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

/* What the station shows for core values: pure functions of plain values, so the
 * wording is tested without a display (tests/test-station-format.c). */

char       *ingest_format_count_files         (guint64           n_files);
char       *ingest_format_drive_summary       (guint             n_rolls,
                                               guint64           n_files,
                                               guint64           total_bytes);
char       *ingest_format_scan_progress       (guint64           n_files,
                                               guint64           total_bytes);
char       *ingest_format_drive_short_summary (guint           n_rolls,
                                               guint64           total_bytes);
char       *ingest_format_drive_details       (const char       *filesystem,
                                               guint64           capacity,
                                               guint64           free_space,
                                               gboolean          read_only,
                                               gboolean          is_folder);
const char *ingest_format_drive_icon_name     (gboolean          removable,
                                               gboolean          is_folder);
const char *ingest_format_drive_state_label   (IngestDriveState  state);
gboolean    ingest_format_drive_state_busy    (IngestDriveState  state);
const char *ingest_format_drive_state_icon    (IngestDriveState  state);
const char *ingest_format_drive_state_style   (IngestDriveState  state);
char       *ingest_format_roll_subtitle       (const char       *kind_label,
                                               guint             n_clips,
                                               guint64           n_files);
const char *ingest_format_roll_icon_name      (IngestCardKind    kind);
const char *ingest_format_mhl_label           (const char       *mhl_kind);
const char *ingest_format_mhl_style           (const char       *mhl_kind);

G_END_DECLS
