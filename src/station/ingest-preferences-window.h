/* ingest-preferences-window.h
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

G_BEGIN_DECLS

#define INGEST_TYPE_PREFERENCES_WINDOW (ingest_preferences_window_get_type())

G_DECLARE_FINAL_TYPE (IngestPreferencesWindow, ingest_preferences_window, INGEST, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *ingest_preferences_window_new (GtkWindow *parent);

G_END_DECLS
