/* ingest-demo-drive.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

/* The volume label the demo drive presents (the station shows it as the drive's name). */
#define INGEST_DEMO_DRIVE_LABEL "SHUTTLE_D01"

gboolean ingest_demo_drive_create        (const char           *dir,
                                          GCancellable         *cancellable,
                                          GError              **error);
void     ingest_demo_drive_create_async  (const char           *dir,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean ingest_demo_drive_create_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
