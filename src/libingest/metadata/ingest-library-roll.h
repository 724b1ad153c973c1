/* ingest-library-roll.h
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

G_BEGIN_DECLS

/* IngestLibraryRoll: one roll of one drive as the library lists it
 * (immutable). Properties, read-only: "production" s, "shoot-day" s
 * ("2026-11-21"), "drive-identity" s, "drive-label" s, "roll-name" s,
 * "roll-path" s, "n-clips" u, "ingested-at" x (µs since the epoch). */
#define INGEST_TYPE_LIBRARY_ROLL (ingest_library_roll_get_type ())

G_DECLARE_FINAL_TYPE (IngestLibraryRoll, ingest_library_roll, INGEST, LIBRARY_ROLL, GObject)

IngestLibraryRoll *ingest_library_roll_new                (const char        *production,
                                                           const char        *shoot_day,
                                                           const char        *drive_identity,
                                                           const char        *drive_label,
                                                           const char        *roll_name,
                                                           const char        *roll_path,
                                                           guint              n_clips,
                                                           gint64             ingested_at);
const char        *ingest_library_roll_get_production     (IngestLibraryRoll *self);
const char        *ingest_library_roll_get_shoot_day      (IngestLibraryRoll *self);
const char        *ingest_library_roll_get_drive_identity (IngestLibraryRoll *self);
const char        *ingest_library_roll_get_drive_label    (IngestLibraryRoll *self);
const char        *ingest_library_roll_get_roll_name      (IngestLibraryRoll *self);
const char        *ingest_library_roll_get_roll_path      (IngestLibraryRoll *self);
guint              ingest_library_roll_get_n_clips        (IngestLibraryRoll *self);
gint64             ingest_library_roll_get_ingested_at    (IngestLibraryRoll *self);

G_END_DECLS
