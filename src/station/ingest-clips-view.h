/* ingest-clips-view.h
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
#include "ingest-clip-inspector.h"

G_BEGIN_DECLS

#define INGEST_TYPE_CLIP_COLUMN (ingest_clip_column_get_type())
GType ingest_clip_column_get_type (void) G_GNUC_CONST;

#define INGEST_TYPE_CLIPS_VIEW (ingest_clips_view_get_type())

G_DECLARE_FINAL_TYPE (IngestClipsView, ingest_clips_view, INGEST, CLIPS_VIEW, GtkWidget)

typedef enum {
  INGEST_CLIPS_MODE_GRID,
  INGEST_CLIPS_MODE_LIST,
} IngestClipsMode;

GListModel         *ingest_clips_view_get_clips       (IngestClipsView    *self);
void                ingest_clips_view_set_clips       (IngestClipsView    *self,
                                                       GListModel         *clips);
void                ingest_clips_view_set_results     (IngestClipsView    *self,
                                                       GListModel         *results);
void                ingest_clips_view_set_placeholder (IngestClipsView    *self,
                                                       const char         *title,
                                                       const char         *description);
IngestClipsMode     ingest_clips_view_get_mode        (IngestClipsView    *self);
void                ingest_clips_view_set_mode        (IngestClipsView    *self,
                                                       IngestClipsMode     mode);
GListModel         *ingest_clips_view_get_shown       (IngestClipsView    *self);
IngestClip         *ingest_clips_view_get_selected    (IngestClipsView    *self);
void                ingest_clips_view_select          (IngestClipsView    *self,
                                                       guint               position);
gboolean            ingest_clips_view_get_pending     (IngestClipsView    *self);
IngestClipInspector *ingest_clips_view_get_inspector  (IngestClipsView    *self);

G_END_DECLS
