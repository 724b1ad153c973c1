/* ingest-clip-player.h
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
#include "ingest-player-stream.h"

G_BEGIN_DECLS

/* What the player shows for its clip. */
typedef enum
{
  INGEST_CLIP_PLAYER_STATE_EMPTY,      /* no clip */
  INGEST_CLIP_PLAYER_STATE_WAITING,    /* no proxy yet: the poster, if any */
  INGEST_CLIP_PLAYER_STATE_NO_PREVIEW, /* nothing here decodes the clip: its preview problem */
  INGEST_CLIP_PLAYER_STATE_PLAYER,     /* the proxy, with transport */
} IngestClipPlayerState;

#define INGEST_TYPE_CLIP_PLAYER_STATE (ingest_clip_player_state_get_type ())
GType ingest_clip_player_state_get_type (void) G_GNUC_CONST;

#define INGEST_TYPE_CLIP_PLAYER (ingest_clip_player_get_type())

G_DECLARE_FINAL_TYPE (IngestClipPlayer, ingest_clip_player, INGEST, CLIP_PLAYER, GtkWidget)

IngestClip            *ingest_clip_player_get_clip       (IngestClipPlayer  *self);
void                   ingest_clip_player_set_clip       (IngestClipPlayer  *self,
                                                          IngestClip        *clip);
/* Where the circled-take toggle is stored (NULL: only on the clip). */
void                   ingest_clip_player_set_library    (IngestClipPlayer  *self,
                                                          IngestClipLibrary *library);
IngestClipPlayerState  ingest_clip_player_get_state      (IngestClipPlayer  *self);
/* The stream playing the clip's proxy, or NULL. */
IngestPlayerStream    *ingest_clip_player_get_stream     (IngestClipPlayer  *self);
/* The full-screen window while the player is full screen, else NULL. */
GtkWindow             *ingest_clip_player_get_fullscreen_window (IngestClipPlayer *self);

G_END_DECLS
