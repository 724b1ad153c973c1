/* test-ui-upload-common.h
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

/* What the upload panel test programs share: a panel in its own window
 * with a NAS folder and a catalog in a private directory (the fixture),
 * the session and job behind a view, screenshots, and comparing files. */

#pragma once

#include <adwaita.h>

#include "ingest-upload-panel.h"
#include "ingest-upload-view.h"

G_BEGIN_DECLS

#define MiB (1024 * 1024)
#define GIVE_UP_AFTER_S 120

typedef struct {
  char               *dir;
  char               *nas;
  IngestCatalog      *catalog;
  IngestDriveMonitor *monitor;      /* folders only: its mount root is empty */
  GtkWidget          *window;
  IngestUploadPanel  *panel;
} Fixture;

void                fixture_set_up    (Fixture          *fixture,
                                       gconstpointer     data);
void                fixture_tear_down (Fixture          *fixture,
                                       gconstpointer     data);
IngestDriveSession *session_of        (IngestUploadView *upload);
IngestUploadJob    *upload_job        (IngestUploadView *upload);
void                save_screenshot   (GtkWidget        *widget,
                                       const char       *name);
void                assert_same_file  (const char       *a,
                                       const char       *b);

G_END_DECLS
