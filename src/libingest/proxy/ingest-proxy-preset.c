/* ingest-proxy-preset.c
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

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ingest-proxy-preset.h"

typedef struct
{
  const char *nick;
  const char *label;
  guint       max_width;
  guint       max_height;
  guint       quantizer;
  guint       audio_bitrate;
  gboolean    burn_in;
} PresetInfo;

static const PresetInfo presets[] = {
#define INGEST_PROXY_PRESET(NAME, nick, label, w, h, q, abr, burn) { nick, label, w, h, q, abr, burn },
#include "ingest-proxy-presets.defs"
#undef INGEST_PROXY_PRESET
};

G_STATIC_ASSERT (G_N_ELEMENTS (presets) == INGEST_PROXY_N_PRESETS);

static const PresetInfo *
info (IngestProxyPreset preset)
{
  g_return_val_if_fail ((guint) preset < INGEST_PROXY_N_PRESETS, &presets[0]);
  return &presets[preset];
}

const char *
ingest_proxy_preset_to_string (IngestProxyPreset preset)
{
  return info (preset)->nick;
}

gboolean
ingest_proxy_preset_from_string (const char        *nick,
                                 IngestProxyPreset *preset)
{
  for (guint i = 0; i < INGEST_PROXY_N_PRESETS; i++)
    if (g_strcmp0 (nick, presets[i].nick) == 0)
      {
        if (preset != NULL)
          *preset = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ingest_proxy_preset_get_label (IngestProxyPreset preset)
{
  return _(info (preset)->label);
}

void
ingest_proxy_preset_get_max_size (IngestProxyPreset  preset,
                                  guint             *width,
                                  guint             *height)
{
  if (width != NULL)
    *width = info (preset)->max_width;
  if (height != NULL)
    *height = info (preset)->max_height;
}

guint
ingest_proxy_preset_get_quantizer (IngestProxyPreset preset)
{
  return info (preset)->quantizer;
}

guint
ingest_proxy_preset_get_audio_bitrate (IngestProxyPreset preset)
{
  return info (preset)->audio_bitrate;
}

gboolean
ingest_proxy_preset_get_burn_in (IngestProxyPreset preset)
{
  return info (preset)->burn_in;
}
