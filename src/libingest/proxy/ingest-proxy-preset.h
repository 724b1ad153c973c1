/* ingest-proxy-preset.h
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

#include <glib.h>

G_BEGIN_DECLS

/* Seconds between key frames in every proxy (2 s: a scrub lands quickly). */
#define INGEST_PROXY_GOP_SECONDS 2

typedef enum
{
#define INGEST_PROXY_PRESET(NAME, nick, label, w, h, q, abr, burn) INGEST_PROXY_PRESET_##NAME,
#include "ingest-proxy-presets.defs"
#undef INGEST_PROXY_PRESET
  INGEST_PROXY_N_PRESETS
} IngestProxyPreset;

const char *ingest_proxy_preset_to_string     (IngestProxyPreset  preset);
gboolean    ingest_proxy_preset_from_string   (const char        *nick,
                                               IngestProxyPreset *preset);
const char *ingest_proxy_preset_get_label     (IngestProxyPreset  preset);
void        ingest_proxy_preset_get_max_size  (IngestProxyPreset  preset,
                                               guint             *width,
                                               guint             *height);
guint       ingest_proxy_preset_get_quantizer (IngestProxyPreset  preset);
guint       ingest_proxy_preset_get_audio_bitrate (IngestProxyPreset preset);
gboolean    ingest_proxy_preset_get_burn_in   (IngestProxyPreset  preset);

G_END_DECLS
