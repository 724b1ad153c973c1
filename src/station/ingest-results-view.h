/* ingest-results-view.h
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

#include <gtk/gtk.h>

#include "ingest.h"

G_BEGIN_DECLS

#define INGEST_TYPE_RESULTS_VIEW (ingest_results_view_get_type())

G_DECLARE_FINAL_TYPE (IngestResultsView, ingest_results_view, INGEST, RESULTS_VIEW, GtkWidget)

void     ingest_results_view_set_results (IngestResultsView *self,
                                          GListModel        *results);
gboolean ingest_results_view_get_pending (IngestResultsView *self);

G_END_DECLS
