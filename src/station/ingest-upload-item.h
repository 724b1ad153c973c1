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
                                                      const char       *state,
                                                      const char       *detail);
const char       *ingest_upload_item_get_path        (IngestUploadItem *self);
const char       *ingest_upload_item_get_state       (IngestUploadItem *self);
void              ingest_upload_item_set_state       (IngestUploadItem *self,
                                                      const char       *state);
const char       *ingest_upload_item_get_detail      (IngestUploadItem *self);
void              ingest_upload_item_set_detail      (IngestUploadItem *self,
                                                      const char       *detail);
guint64           ingest_upload_item_get_bytes_done  (IngestUploadItem *self);
guint64           ingest_upload_item_get_bytes_total (IngestUploadItem *self);
double            ingest_upload_item_get_fraction    (IngestUploadItem *self);
void              ingest_upload_item_set_bytes       (IngestUploadItem *self,
                                                      guint64           bytes_done,
                                                      guint64           bytes_total);

G_END_DECLS
