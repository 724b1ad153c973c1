/* ingest-proxy-settings.h
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

#include <glib-object.h>

#include "ingest-proxy-preset.h"

G_BEGIN_DECLS

#define INGEST_TYPE_PROXY_SETTINGS (ingest_proxy_settings_get_type ())

/**
 * IngestProxySettings:
 * @preset: the size and rates (ingest-proxy-presets.defs)
 * @burn_in: burn clip · roll (lower left) and the running source timecode
 *   (lower right) into the picture
 * @watermark: a line burned in at the top (e.g. "NIGHTFALL — For review
 *   only"), or %NULL
 * @look_path: an ASC CDL (.cc/.cdl/.ccc) or a .cube 3D LUT applied to the
 *   picture, or %NULL
 * @poster_offset: where the poster frame is, as a fraction of the clip
 *   (0.1: the first frames are often black or a slate)
 * @filmstrip_frames: frames in the filmstrip, evenly spaced
 * @filmstrip_height: height of each filmstrip frame in pixels (the width
 *   follows the display aspect)
 * @stall_seconds: the watchdog: a pipeline that makes no progress for this
 *   long fails its clip
 * @max_parallel: clips transcoded at once by a stage or a verb
 *
 * Plain data, copied into each job: workers read their own copy.
 */
typedef struct
{
  IngestProxyPreset preset;
  gboolean          burn_in;
  char             *watermark;
  char             *look_path;
  double            poster_offset;
  guint             filmstrip_frames;
  guint             filmstrip_height;
  guint             stall_seconds;
  guint             max_parallel;
} IngestProxySettings;

GType                ingest_proxy_settings_get_type (void) G_GNUC_CONST;
IngestProxySettings *ingest_proxy_settings_new      (IngestProxyPreset          preset);
IngestProxySettings *ingest_proxy_settings_copy     (const IngestProxySettings *self);
void                 ingest_proxy_settings_free     (IngestProxySettings       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestProxySettings, ingest_proxy_settings_free)

G_END_DECLS
