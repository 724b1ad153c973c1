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
#include "ingest-upload-view.h"

G_BEGIN_DECLS

/* What the station shows for core values: pure functions of plain values, so the
 * wording is tested without a display (tests/test-station-format.c). One
 * header for the family of ingest-format*.c files, one file per domain. */

/* Shared: counts, sizes, time left, durations (ingest-format.c) */

char       *ingest_format_count_files         (guint64           n_files);
char       *ingest_format_eta                 (gint64            seconds);
char       *ingest_format_duration            (gint64            seconds);

/* Drives and rolls: summaries, details, states, the roll rows' tags
 * (ingest-format-drive.c) */

char       *ingest_format_drive_summary       (guint             n_rolls,
                                               guint64           n_files,
                                               guint64           total_bytes);
char       *ingest_format_scan_progress       (guint64           n_files,
                                               guint64           total_bytes);
char       *ingest_format_drive_short_summary (guint             n_rolls,
                                               guint64           total_bytes);
char       *ingest_format_drive_details       (const char       *filesystem,
                                               guint64           capacity,
                                               guint64           free_space,
                                               gboolean          read_only,
                                               gboolean          is_folder,
                                               gboolean          is_demo);
const char *ingest_format_drive_icon_name     (gboolean          removable,
                                               gboolean          is_folder);
const char *ingest_format_drive_state_label   (IngestDriveState  state);
gboolean    ingest_format_drive_state_busy    (IngestDriveState  state);
const char *ingest_format_drive_state_icon    (IngestDriveState  state);
const char *ingest_format_drive_state_style   (IngestDriveState  state);
const char *ingest_format_rolls_placeholder   (gboolean          busy);
char       *ingest_format_roll_subtitle       (const char       *kind_label,
                                               guint             n_clips,
                                               guint64           n_files);
const char *ingest_format_roll_icon_name      (IngestCardKind    kind);
const char *ingest_format_mhl_label           (const char       *mhl_kind);
const char *ingest_format_mhl_style           (const char       *mhl_kind);
char       *ingest_format_roll_verdict_label  (IngestValidationVerdict  verdict,
                                               guint64                  n_problems);
const char *ingest_format_roll_verdict_style  (IngestValidationVerdict  verdict);

/* Validation (issue 4): the banner, the file list (ingest-format-validation.c) */

/* The file list's filter, in the order of the drop-down in ingest-results-view.ui. */
typedef enum {
  INGEST_FILE_FILTER_ALL,
  INGEST_FILE_FILTER_PROBLEMS,
  INGEST_FILE_FILTER_VERIFIED,
  INGEST_FILE_FILTER_IGNORED,
} IngestFileFilter;

const char *ingest_format_status_label        (IngestValidationStatus   status);
const char *ingest_format_status_icon         (IngestValidationStatus   status);
const char *ingest_format_status_style        (IngestValidationStatus   status);
guint       ingest_format_status_rank         (IngestValidationStatus   status);
gboolean    ingest_format_file_filter_matches (IngestFileFilter         filter,
                                               IngestValidationStatus   status);
char       *ingest_format_files_shown         (guint                    n_shown,
                                               guint                    n_total,
                                               IngestFileFilter         filter);
char       *ingest_format_result_size         (gint64                   size);
char       *ingest_format_result_hash         (const char              *kind,
                                               const char              *hash);
char       *ingest_format_result_found        (IngestValidationStatus   status,
                                               const char              *kind,
                                               const char              *found,
                                               const char              *message);
char       *ingest_format_result_details      (const char              *path,
                                               const char              *renamed_from,
                                               const char              *message,
                                               const char              *source);
char       *ingest_format_validation_counts   (const guint64           *counts);
const char *ingest_format_validation_hint     (void);
const char *ingest_format_validation_title    (IngestValidationPhase    phase,
                                               IngestValidationVerdict  verdict,
                                               gboolean                 paused);
const char *ingest_format_validation_style    (IngestValidationPhase    phase,
                                               IngestValidationVerdict  verdict,
                                               gboolean                 paused);
const char *ingest_format_validation_icon     (IngestValidationPhase    phase,
                                               IngestValidationVerdict  verdict,
                                               gboolean                 paused);
const char *ingest_format_sealing_title       (void);
const char *ingest_format_validation_upload_paused_title (void);
gboolean    ingest_format_validation_running  (IngestValidationPhase    phase);
const char *ingest_format_validation_listing  (void);
char       *ingest_format_validation_progress (guint64                  bytes_done,
                                               guint64                  bytes_total,
                                               guint                    files_done,
                                               guint                    files_total,
                                               double                   rate,
                                               gint64                   eta);
char       *ingest_format_validation_unchecked (guint64                 n_files);
const char *ingest_format_validate_label      (gboolean                 validated);
const char *ingest_format_seal_title          (void);
char       *ingest_format_seal_body           (const char * const      *rolls);
char       *ingest_format_seal_failed         (const char              *why);
char       *ingest_format_report_failed       (const char              *why);

/* Upload (issue 5) (ingest-format-upload.c). A file's or a roll's state is a
 * word: the core's "verified", "held" or "failed"
 * (ingest_delivery_state_to_string()), or the panel's "waiting" (also NULL),
 * "uploading", "paused", "stopped". */

const char *ingest_format_upload_title        (IngestUploadState        state);
const char *ingest_format_upload_style        (IngestUploadState        state);
const char *ingest_format_upload_start_label  (IngestUploadState        state);
const char *ingest_format_upload_not_set_up   (gboolean                 s3);
char       *ingest_format_keyring_failed      (const char              *why);
char       *ingest_format_upload_progress     (guint64                  bytes_done,
                                               guint64                  bytes_total,
                                               double                   rate,
                                               gint64                   eta);
char       *ingest_format_upload_counts       (guint                    n_verified,
                                               guint                    n_failed,
                                               guint                    n_files);
const char *ingest_format_upload_file_state   (const char              *state);
const char *ingest_format_upload_file_style   (const char              *state);
char       *ingest_format_upload_roll_detail  (guint64                  bytes_done,
                                               guint64                  bytes_total,
                                               guint                    n_verified,
                                               guint                    n_not_delivered,
                                               guint                    n_files,
                                               gint64                   eta,
                                               const char * const      *history);
char       *ingest_format_upload_history      (const char              *destination,
                                               const char              *location,
                                               guint                    generation,
                                               IngestDeliveryState      state,
                                               const char              *message);
char       *ingest_format_upload_file_detail  (IngestDeliveryState      state,
                                               const char              *destination,
                                               const char              *location,
                                               const char              *message);
char       *ingest_format_upload_finished     (GDateTime               *finished,
                                               guint64                  bytes,
                                               double                   seconds,
                                               double                   rate);
char       *ingest_format_upload_file_bytes   (guint64                  bytes_sent,
                                               guint64                  bytes_resumed);
char       *ingest_format_upload_destination  (guint                    choice,
                                               const char              *nas_folder,
                                               const char              *bucket,
                                               const char              *prefix,
                                               const char              *endpoint,
                                               const char              *key_prefix);

/* Clips (issue 11): the cards, the columns and the inspector of the Clips
 * view and the Library (ingest-format-clip.c). Values are the clip table's
 * canonical text (ingest-clip-fields.defs); NULL when the value is unknown. */

/* The columns of the clip list, in the order of ingest-clips-view.ui. */
typedef enum {
  INGEST_CLIP_COLUMN_CLIP,
  INGEST_CLIP_COLUMN_ROLL,
  INGEST_CLIP_COLUMN_TC_IN,
  INGEST_CLIP_COLUMN_TC_OUT,
  INGEST_CLIP_COLUMN_DURATION,
  INGEST_CLIP_COLUMN_FPS,
  INGEST_CLIP_COLUMN_RESOLUTION,
  INGEST_CLIP_COLUMN_CODEC,
  INGEST_CLIP_COLUMN_CAMERA,
  INGEST_CLIP_COLUMN_LENS,
  INGEST_CLIP_COLUMN_ISO,
  INGEST_CLIP_COLUMN_WB,
  INGEST_CLIP_COLUMN_SCENE_TAKE,
  INGEST_CLIP_COLUMN_VERIFICATION,
} IngestClipColumn;

const char *ingest_format_clip_kind_icon      (IngestClipKind           kind);
const char *ingest_format_clip_kind_label     (IngestClipKind           kind);
char       *ingest_format_clip_rate           (const char              *rate);
double      ingest_format_clip_rate_value     (const char              *rate);
char       *ingest_format_clip_resolution     (const char              *width,
                                               const char              *height);
char       *ingest_format_clip_duration       (const char              *duration_s,
                                               const char              *frames,
                                               const char              *fps);
char       *ingest_format_clip_scene_take     (const char              *scene,
                                               const char              *take,
                                               const char              *circled);
char       *ingest_format_clip_camera         (const char              *camera_index,
                                               const char              *make,
                                               const char              *model);
char       *ingest_format_clip_value          (IngestClipField          field,
                                               const char              *value);
const char *ingest_format_clip_verification   (gboolean                 known,
                                               IngestValidationStatus   status);
const char *ingest_format_clip_verification_icon  (gboolean             known,
                                                   IngestValidationStatus status);
const char *ingest_format_clip_verification_style (gboolean             known,
                                                   IngestValidationStatus status);
char       *ingest_format_clip_column_text    (IngestClip              *clip,
                                               IngestClipColumn         column);
double      ingest_format_clip_column_number  (IngestClip              *clip,
                                               IngestClipColumn         column);
char       *ingest_format_clip_count          (guint                    n_clips);
char       *ingest_format_clip_card_detail    (IngestClip              *clip);
char       *ingest_format_clip_subtitle       (IngestClip              *clip);
char       *ingest_format_library_roll        (const char              *drive_label,
                                               guint                    n_clips);

/* Proxies (issue 12), under the drive's upload panel (ingest-format-clip.c):
 * "Proxies: 3 of 6 made · 1 without preview · 1 failed" (NULL: no clip);
 * what still needs the drive, from the pending clips' names (NULL: nothing;
 * MORE_COMING: clips not yet read may need it too). */
char       *ingest_format_proxy_progress      (guint                    n_clips,
                                               guint                    n_made,
                                               guint                    n_no_preview,
                                               guint                    n_failed);
char       *ingest_format_proxy_needs_drive   (const char * const      *pending,
                                               gboolean                 more_coming);

G_END_DECLS
