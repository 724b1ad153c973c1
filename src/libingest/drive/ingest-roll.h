/* ingest-roll.h
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
#include "ingest-types.h"

G_BEGIN_DECLS

/* IngestRoll: one camera or sound roll on a drive (immutable; a rescan makes new ones).
 * Properties (read-only, construct-only): "name" s (reel, e.g. A001R1AB),
 * "kind" IngestCardKind, "kind-label" s ("ARRI", "Sony XDCAM", "Sound"…),
 * "path" s (relative to the drive root, "." for the root), "n-files" u64
 * (media + sidecars + anything else in the roll), "n-clips" u, "total-bytes" u64,
 * "mhl-kind" s ("ascmhl", "legacy", "none"), "mhl-path" s (folder holding
 * ascmhl/ or the legacy .mhl file, relative to the drive root; NULL for none). */
#define INGEST_TYPE_ROLL (ingest_roll_get_type ())

G_DECLARE_FINAL_TYPE (IngestRoll, ingest_roll, INGEST, ROLL, GObject)

IngestRoll     *ingest_roll_new_from_card_roll (const IngestCardRoll *info);
const char     *ingest_roll_get_name           (IngestRoll *self);
IngestCardKind  ingest_roll_get_kind           (IngestRoll *self);
const char     *ingest_roll_get_kind_label     (IngestRoll *self);
const char     *ingest_roll_get_path           (IngestRoll *self);
guint64         ingest_roll_get_n_files        (IngestRoll *self);
guint           ingest_roll_get_n_clips        (IngestRoll *self);
guint64         ingest_roll_get_total_bytes    (IngestRoll *self);
const char     *ingest_roll_get_mhl_kind       (IngestRoll *self);
const char     *ingest_roll_get_mhl_path       (IngestRoll *self);

G_END_DECLS
