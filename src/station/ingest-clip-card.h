/* ingest-clip-card.h
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

#define INGEST_TYPE_CLIP_CARD (ingest_clip_card_get_type())

G_DECLARE_FINAL_TYPE (IngestClipCard, ingest_clip_card, INGEST, CLIP_CARD, GtkWidget)

IngestClip *ingest_clip_card_get_clip        (IngestClipCard *self);
void        ingest_clip_card_set_clip        (IngestClipCard *self,
                                              IngestClip     *clip);
gboolean    ingest_clip_card_get_has_poster  (IngestClipCard *self);
void        ingest_clip_card_scrub           (IngestClipCard *self,
                                              double          x);
void        ingest_clip_card_scrub_end       (IngestClipCard *self);
int         ingest_clip_card_get_scrub_cell  (IngestClipCard *self);
gboolean    ingest_clip_card_get_has_filmstrip (IngestClipCard *self);

G_END_DECLS
