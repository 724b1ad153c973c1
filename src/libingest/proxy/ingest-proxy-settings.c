/* ingest-proxy-settings.c
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

#include "ingest-proxy-settings.h"

G_DEFINE_BOXED_TYPE (IngestProxySettings, ingest_proxy_settings,
                     ingest_proxy_settings_copy, ingest_proxy_settings_free)

IngestProxySettings *
ingest_proxy_settings_new (IngestProxyPreset preset)
{
  IngestProxySettings *self = g_new0 (IngestProxySettings, 1);

  self->preset = preset;
  self->burn_in = ingest_proxy_preset_get_burn_in (preset);
  self->poster_offset = 0.1;
  self->filmstrip_frames = 10;
  self->filmstrip_height = 90;
  self->stall_seconds = 20;
  /* Two cores: one clip per core leaves the read and the upload room. */
  self->max_parallel = 2;
  return self;
}

IngestProxySettings *
ingest_proxy_settings_copy (const IngestProxySettings *self)
{
  IngestProxySettings *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->watermark = g_strdup (self->watermark);
  copy->look_path = g_strdup (self->look_path);
  return copy;
}

void
ingest_proxy_settings_free (IngestProxySettings *self)
{
  if (self == NULL)
    return;
  g_free (self->watermark);
  g_free (self->look_path);
  g_free (self);
}
