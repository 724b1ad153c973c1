/* ingest-upload-item.h
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

#define INGEST_TYPE_UPLOAD_ITEM (ingest_upload_item_get_type())

G_DECLARE_FINAL_TYPE (IngestUploadItem, ingest_upload_item, INGEST, UPLOAD_ITEM, GObject)

IngestUploadItem *ingest_upload_item_new             (const char       *path,
                                                      const char       *destination,
                                                      const char       *state,
                                                      const char       *detail);
const char       *ingest_upload_item_get_path        (IngestUploadItem *self);
const char       *ingest_upload_item_get_destination (IngestUploadItem *self);
const char       *ingest_upload_item_get_state       (IngestUploadItem *self);
const char       *ingest_upload_item_get_detail      (IngestUploadItem *self);

G_END_DECLS
