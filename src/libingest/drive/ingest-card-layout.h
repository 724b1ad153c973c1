/* ingest-card-layout.h
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

#include "ingest-types.h"

G_BEGIN_DECLS

/**
 * IngestCardKind:
 *
 * The card and roll layouts the recogniser knows, generated from
 * `ingest-card-layouts.defs` (%INGEST_CARD_KIND_ARRI, %INGEST_CARD_KIND_RED,
 * %INGEST_CARD_KIND_SONY_XDCAM, %INGEST_CARD_KIND_SONY_XAVC,
 * %INGEST_CARD_KIND_CANON, %INGEST_CARD_KIND_BLACKMAGIC,
 * %INGEST_CARD_KIND_PANASONIC_P2, %INGEST_CARD_KIND_DCIM,
 * %INGEST_CARD_KIND_SOUND, %INGEST_CARD_KIND_PROXY, %INGEST_CARD_KIND_GENERIC).
 * A registered GEnum (nicks from the table).
 */
typedef enum {
#define INGEST_CARD_LAYOUT(ID, nick, label, root_paths, root_name_re, clip_re, clip_dir_re, frame_re, sidecar_re, reel_re) \
  INGEST_CARD_KIND_##ID,
#include "ingest-card-layouts.defs"
#undef INGEST_CARD_LAYOUT
} IngestCardKind;

/* Not an enumerator, so that switches over every kind need no case for it.
 * GENERIC is the table's last line. */
#define INGEST_CARD_N_KINDS (INGEST_CARD_KIND_GENERIC + 1)

#define INGEST_TYPE_CARD_KIND (ingest_card_kind_get_type ())

GType        ingest_card_kind_get_type  (void) G_GNUC_CONST;
const char  *ingest_card_kind_get_nick  (IngestCardKind  kind);
const char  *ingest_card_kind_get_label (IngestCardKind  kind);
gboolean     ingest_card_kind_from_nick (const char     *nick,
                                         IngestCardKind *kind);

/**
 * IngestCardRoll:
 *
 * One roll found by ingest_card_layout_scan(): plain data, safe on any thread.
 * @path is relative to the scanned root ("." for the root itself).
 * @mhl_kind is "ascmhl" (an `ascmhl/` folder at the roll root or above it),
 * "legacy" (a MHL 1.x file in the roll or beside it) or "none"; @mhl_path is
 * the folder holding `ascmhl/`, or the legacy `.mhl` file, relative to the
 * root (NULL for "none").
 */
typedef struct {
  char           *name;
  IngestCardKind  kind;
  char           *path;
  guint64         n_files;
  guint           n_clips;
  guint64         total_bytes;
  const char     *mhl_kind;
  char           *mhl_path;
} IngestCardRoll;

/**
 * IngestCardScan:
 *
 * The result of walking a drive: totals over every file (hidden and junk
 * files included; regular files and symlinks, symlinks are not followed and
 * weigh 0 bytes) and the rolls, sorted by path. Plain data.
 */
typedef struct {
  guint64    n_files;
  guint64    total_bytes;
  guint64    n_dirs;
  guint64    n_unreadable; /* folders that could not be opened (skipped) */
  GPtrArray *rolls;      /* of IngestCardRoll */
} IngestCardScan;

/* Live counters a scan advances with __atomic adds; read them from any thread. */
typedef struct {
  guint64 n_files;
  guint64 total_bytes;
} IngestCardScanProgress;

IngestCardScan *ingest_card_layout_scan (const char              *root_path,
                                         const char              *root_name,
                                         IngestCardScanProgress  *progress,
                                         GCancellable            *cancellable,
                                         GError                 **error);
void            ingest_card_scan_free   (IngestCardScan          *scan);
void            ingest_card_roll_free   (IngestCardRoll          *roll);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestCardScan, ingest_card_scan_free)

G_END_DECLS
