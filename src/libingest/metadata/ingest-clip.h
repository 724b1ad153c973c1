/* ingest-clip.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ingest-clip-field.h"
#include "ingest-timecode.h"
#include "ingest-types.h"
#include "ingest-validation-result.h"

G_BEGIN_DECLS

/* What kind of shot a clip is (JSON "kind"). */
typedef enum
{
  INGEST_CLIP_KIND_VIDEO,     /* a movie file (MOV, MXF, MP4, R3D, BRAW…) and its parts */
  INGEST_CLIP_KIND_AUDIO,     /* a sound take: one polyphonic or several split-mono files */
  INGEST_CLIP_KIND_STILL,     /* one photograph (DNG, CR3, JPEG…) */
  INGEST_CLIP_KIND_SEQUENCE,  /* numbered frames (DNG, EXR, DPX, ARRIRAW) */
  INGEST_CLIP_KIND_OTHER,     /* a media file of a layout nothing here knows */
} IngestClipKind;

const char *ingest_clip_kind_to_string (IngestClipKind kind);  /* the JSON nick */

/*
 * IngestClip: one shot — the files that make it and what is known about it.
 *
 * Threads: a clip is built and filled by one thread (the metadata stage's
 * worker, a reader, a catalog query) and only read once it is handed over
 * (a GTask result, a GListModel item). The setters are not locked.
 *
 * Files are '/'-separated paths relative to the roll, the clip's media file
 * first, then its parts and sidecars in name order.
 *
 * Fields (ingest-clip-fields.defs) are canonical text, unset until a reader
 * knows them: never a made-up value. Readers run in the table order of
 * ingest-metadata-reader.c, the most trusted source first, and *offer*
 * values (kept only when the field is still unset); a value that fails the
 * field's check is refused and noted as a problem of the clip.
 *
 * Attributes are every other named value a reader found (ARRI keys it does
 * not map, every EXR attribute, Sony XML items…), kept for the inspector.
 * Problems are per-clip diagnostics ("A001C003.mov: moov box runs past the
 * end of the file"): the clip is still listed, the rest of the card read.
 */
#define INGEST_TYPE_CLIP (ingest_clip_get_type ())

G_DECLARE_FINAL_TYPE (IngestClip, ingest_clip, INGEST, CLIP, GObject)

IngestClip     *ingest_clip_new                (const char          *name,
                                                IngestClipKind       kind,
                                                const char          *roll_name,
                                                const char          *roll_path);
const char     *ingest_clip_get_name           (IngestClip          *self);
IngestClipKind  ingest_clip_get_kind           (IngestClip          *self);
void            ingest_clip_set_kind           (IngestClip          *self,
                                                IngestClipKind       kind);
const char     *ingest_clip_get_roll_name      (IngestClip          *self);
/* Relative to the drive root, "" for the root itself. */
const char     *ingest_clip_get_roll_path      (IngestClip          *self);
const char     *ingest_clip_get_drive_label    (IngestClip          *self);
void            ingest_clip_set_drive_label    (IngestClip          *self,
                                                const char          *label);
/* The catalog's identity of the drive (IngestDrive:identity), or NULL. */
const char     *ingest_clip_get_drive_identity (IngestClip          *self);
void            ingest_clip_set_drive_identity (IngestClip          *self,
                                                const char          *identity);

/* Files */
void            ingest_clip_add_file           (IngestClip          *self,
                                                const char          *path,
                                                guint64              size);
guint           ingest_clip_get_n_files        (IngestClip          *self);
const char     *ingest_clip_get_file           (IngestClip          *self,
                                                guint                index);
guint64         ingest_clip_get_file_size      (IngestClip          *self,
                                                guint                index);
guint64         ingest_clip_get_total_bytes    (IngestClip          *self);
/* The file readers start from: the first one added. */
const char     *ingest_clip_get_media_file     (IngestClip          *self);

/* Sequences: the first and last frame numbers and the numbers missing
 * between them, as inclusive ranges in ascending order. */
void            ingest_clip_set_frame_range    (IngestClip          *self,
                                                gint64               first,
                                                gint64               last);
gboolean        ingest_clip_get_frame_range    (IngestClip          *self,
                                                gint64              *first,
                                                gint64              *last);
void            ingest_clip_add_missing_frames (IngestClip          *self,
                                                gint64               first,
                                                gint64               last);
guint           ingest_clip_get_n_missing_ranges (IngestClip        *self);
void            ingest_clip_get_missing_range  (IngestClip          *self,
                                                guint                index,
                                                gint64              *first,
                                                gint64              *last);

/* Fields: set replaces, offer keeps an earlier value; both return FALSE
 * (and add a problem naming the field) when VALUE is not canonical. NULL
 * unsets with set, and is ignored by offer. */
gboolean        ingest_clip_set_field          (IngestClip          *self,
                                                IngestClipField      field,
                                                const char          *value);
gboolean        ingest_clip_offer_field        (IngestClip          *self,
                                                IngestClipField      field,
                                                const char          *value);
gboolean        ingest_clip_offer_int          (IngestClip          *self,
                                                IngestClipField      field,
                                                gint64               value);
gboolean        ingest_clip_offer_number       (IngestClip          *self,
                                                IngestClipField      field,
                                                double               value);
gboolean        ingest_clip_offer_rate         (IngestClip          *self,
                                                IngestClipField      field,
                                                guint                num,
                                                guint                den);
gboolean        ingest_clip_offer_timecode     (IngestClip          *self,
                                                IngestClipField      field,
                                                const IngestTimecode *tc);
/* Trims ASCII space and NULs, skips empty text, keeps valid UTF-8 only. */
gboolean        ingest_clip_offer_text         (IngestClip          *self,
                                                IngestClipField      field,
                                                const char          *text,
                                                gssize               len);
const char     *ingest_clip_get_field          (IngestClip          *self,
                                                IngestClipField      field);
gboolean        ingest_clip_has_field          (IngestClip          *self,
                                                IngestClipField      field);
/* Once start TC, rate and frames are known: the end TC (last frame,
 * inclusive), the duration in seconds from frames and rate, when unset. */
void            ingest_clip_complete_timing    (IngestClip          *self);

/* Attributes: NAME → text, any name; set replaces. */
void            ingest_clip_set_attribute      (IngestClip          *self,
                                                const char          *name,
                                                const char          *value);
const char     *ingest_clip_get_attribute      (IngestClip          *self,
                                                const char          *name);
/* Names in sorted order; free with g_strfreev(). */
char          **ingest_clip_dup_attribute_names (IngestClip         *self);

/* Problems, in the order found (a message already there is not added again). */
void            ingest_clip_add_problem        (IngestClip          *self,
                                                const char          *message);
guint           ingest_clip_get_n_problems     (IngestClip          *self);
const char     *ingest_clip_get_problem        (IngestClip          *self,
                                                guint                index);

/* Bytes readers read to learn all this (the header-only goal is ≤ 1 MiB). */
guint64         ingest_clip_get_bytes_read     (IngestClip          *self);
void            ingest_clip_add_bytes_read     (IngestClip          *self,
                                                guint64              n);

/* A JPEG the card carries for the clip (embedded preview, Sony thumbnail):
 * in memory from a reader, or as a file once cached; NULL when none. */
GBytes         *ingest_clip_get_thumbnail      (IngestClip          *self);
void            ingest_clip_set_thumbnail      (IngestClip          *self,
                                                GBytes              *jpeg);
const char     *ingest_clip_get_thumbnail_path (IngestClip          *self);
void            ingest_clip_set_thumbnail_path (IngestClip          *self,
                                                const char          *path);

/* The clip's preview, made after it is shown (by the proxy stage, or
 * listed from the catalog): a playable proxy movie, a poster frame (JPEG)
 * and a filmstrip (one JPEG of @filmstrip_frames frames side by side, left
 * to right, evenly spaced over the clip). Properties, with notify: the
 * views bind them. A clip nothing here decodes has no proxy and a
 * preview problem instead, a sentence for the technician
 * ("R3D cannot be decoded here; the files are still verified"). */
const char     *ingest_clip_get_proxy_path     (IngestClip          *self);
const char     *ingest_clip_get_poster_path    (IngestClip          *self);
const char     *ingest_clip_get_filmstrip_path (IngestClip          *self);
guint           ingest_clip_get_filmstrip_frames (IngestClip        *self);
const char     *ingest_clip_get_preview_problem (IngestClip         *self);
void            ingest_clip_set_preview        (IngestClip          *self,
                                                const char          *proxy_path,
                                                const char          *poster_path,
                                                const char          *filmstrip_path,
                                                guint                filmstrip_frames);
void            ingest_clip_set_preview_problem (IngestClip         *self,
                                                const char          *reason);

/* Verification: the worst state of the clip's files in the last read
 * (mismatch > unreadable > missing > renamed > extra > verified), or
 * FALSE from get when the clip's files were not read. */
void            ingest_clip_set_verification   (IngestClip          *self,
                                                IngestValidationStatus status);
gboolean        ingest_clip_get_verification   (IngestClip          *self,
                                                IngestValidationStatus *status);
/* Where copies are: "s3://bucket/key", "file:///mnt/nas/…" (one per
 * destination that holds every file of the clip). */
void            ingest_clip_add_location       (IngestClip          *self,
                                                const char          *uri);
guint           ingest_clip_get_n_locations    (IngestClip          *self);
const char     *ingest_clip_get_location       (IngestClip          *self,
                                                guint                index);

/* One JSON object: clip, roll, drive, kind, files, every set field under
 * its key with its type (numbers as numbers, booleans as booleans), frame
 * range and missing frames for sequences, verification, locations,
 * problems, bytes_read. Keys of unknown values are absent. */
JsonNode       *ingest_clip_to_json            (IngestClip          *self);

G_END_DECLS
