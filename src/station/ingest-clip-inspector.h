/* ingest-clip-inspector.h
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
#include "ingest-clip-player.h"

G_BEGIN_DECLS

#define INGEST_TYPE_CLIP_INSPECTOR (ingest_clip_inspector_get_type())

G_DECLARE_FINAL_TYPE (IngestClipInspector, ingest_clip_inspector, INGEST, CLIP_INSPECTOR, GtkWidget)

IngestClip *ingest_clip_inspector_get_clip    (IngestClipInspector *self);
void        ingest_clip_inspector_set_clip    (IngestClipInspector *self,
                                               IngestClip          *clip);
void        ingest_clip_inspector_set_results (IngestClipInspector *self,
                                               GListModel          *results);
IngestClipPlayer *ingest_clip_inspector_get_player (IngestClipInspector *self);
void        ingest_clip_inspector_set_library (IngestClipInspector *self,
                                               IngestClipLibrary   *library);

G_END_DECLS
