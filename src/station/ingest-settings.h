/* ingest-settings.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

#define INGEST_TYPE_SETTINGS (ingest_settings_get_type())

G_DECLARE_FINAL_TYPE (IngestSettings, ingest_settings, INGEST, SETTINGS, GObject)

IngestSettings      *ingest_settings_new                 (void);
const char * const  *ingest_settings_get_mount_roots     (IngestSettings *self);
int                  ingest_settings_get_window_width    (IngestSettings *self);
void                 ingest_settings_set_window_width    (IngestSettings *self,
                                                          int             width);
int                  ingest_settings_get_window_height   (IngestSettings *self);
void                 ingest_settings_set_window_height   (IngestSettings *self,
                                                          int             height);
gboolean             ingest_settings_get_window_maximized (IngestSettings *self);
void                 ingest_settings_set_window_maximized (IngestSettings *self,
                                                          gboolean        maximized);

G_END_DECLS
