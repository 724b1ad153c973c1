/* ingest-clip-grouper.h
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

#include "ingest-card-layout.h"
#include "ingest-clip.h"

G_BEGIN_DECLS

/*
 * Grouping a roll's files into clips, as its card layout forms them
 * (ingest-card-layouts.defs: clip_re, clip_dir_re, frame_re, sidecar_re):
 *
 *  - a clip file (MOV/MXF/MP4, R3D, BRAW, WAV…) is one clip, with the files
 *    that share its stem as parts and sidecars (Sony "C0001M01.XML" and
 *    "C0001T01.JPG" thumbnails, BRAW ".sidecar", spanned "_002.R3D" parts);
 *  - a clip folder (RED "*.RDC", ARRIRAW clip folders) is one clip of all its files;
 *  - numbered frames in one folder ("name.0000123.ext", "name_0123.dng") are
 *    one SEQUENCE clip with its frame range and the numbers missing in it;
 *  - split-mono BWF ("T001_1.WAV", "T001_2.WAV"…) are one AUDIO clip;
 *  - anything else the layout does not know: one OTHER clip per media file
 *    (by extension), and the rest in other_paths.
 *
 * Linear in the number of files (100k-file cards are normal).
 */

typedef struct
{
  char    *path;   /* relative to the roll, '/'-separated */
  guint64  size;
} IngestRollEntry;

typedef struct
{
  GPtrArray *clips;        /* of IngestClip, in name order */
  GPtrArray *other_paths;  /* of char *: files of the roll in no clip */
} IngestClipGrouping;

IngestClipGrouping *ingest_clip_group_roll     (IngestCardKind   kind,
                                                const char      *roll_name,
                                                const char      *roll_path,
                                                GPtrArray       *entries);
/* Lists the roll's folder under DRIVE_ROOT (lstat only, no symlinked
 * folders, no ascmhl/ folder, no hidden litter) and groups it. */
IngestClipGrouping *ingest_clip_scan_roll      (const char      *drive_root,
                                                const char      *roll_path,
                                                IngestCardKind   kind,
                                                const char      *roll_name,
                                                GCancellable    *cancellable,
                                                GError         **error);
/* The same, without the folders SKIP_PATHS (relative to DRIVE_ROOT; the
 * drive's other rolls, which a shuttle drive's loose roll holds). */
IngestClipGrouping *ingest_clip_scan_roll_excluding (const char          *drive_root,
                                                     const char          *roll_path,
                                                     IngestCardKind       kind,
                                                     const char          *roll_name,
                                                     const char * const  *skip_paths,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
void                ingest_clip_grouping_free  (IngestClipGrouping *grouping);
void                ingest_roll_entry_free     (IngestRollEntry    *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestClipGrouping, ingest_clip_grouping_free)

G_END_DECLS
