/* ingest-library-page.h
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
#include "ingest-clips-view.h"

G_BEGIN_DECLS

#define INGEST_TYPE_LIBRARY_PAGE (ingest_library_page_get_type())

G_DECLARE_FINAL_TYPE (IngestLibraryPage, ingest_library_page, INGEST, LIBRARY_PAGE, GtkWidget)

IngestClipLibrary *ingest_library_page_get_library    (IngestLibraryPage *self);
void               ingest_library_page_set_library    (IngestLibraryPage *self,
                                                       IngestClipLibrary *library);
void               ingest_library_page_reload         (IngestLibraryPage *self);
void               ingest_library_page_focus_search   (IngestLibraryPage *self);
gboolean           ingest_library_page_get_pending    (IngestLibraryPage *self);
GListModel        *ingest_library_page_get_rolls      (IngestLibraryPage *self);
void               ingest_library_page_select_roll    (IngestLibraryPage *self,
                                                       IngestLibraryRoll *roll);
IngestClipsView   *ingest_library_page_get_clips_view (IngestLibraryPage *self);

G_END_DECLS
