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

#include "ingest-destination.h"
#include "ingest-proxy-preset.h"

G_BEGIN_DECLS

/* The "upload-destination" setting: where the upload panel sends a drive. */
typedef enum {
  INGEST_UPLOAD_CHOICE_NAS,
  INGEST_UPLOAD_CHOICE_S3,
  INGEST_UPLOAD_CHOICE_BOTH,
} IngestUploadChoice;

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
guint                ingest_settings_get_upload_destination (IngestSettings *self);
void                 ingest_settings_set_upload_destination (IngestSettings *self,
                                                          guint           choice);
const char          *ingest_settings_get_nas_folder      (IngestSettings *self);
gboolean             ingest_settings_get_nas_network_share (IngestSettings *self);
IngestConflictPolicy ingest_settings_get_on_conflict     (IngestSettings *self);
const char          *ingest_settings_get_s3_endpoint     (IngestSettings *self);
const char          *ingest_settings_get_s3_region       (IngestSettings *self);
const char          *ingest_settings_get_s3_bucket       (IngestSettings *self);
const char          *ingest_settings_get_s3_prefix       (IngestSettings *self);
const char          *ingest_settings_get_s3_access_key_id (IngestSettings *self);
gboolean             ingest_settings_get_s3_path_style   (IngestSettings *self);
guint                ingest_settings_get_s3_parts_in_flight (IngestSettings *self);
guint64              ingest_settings_get_s3_bandwidth_limit (IngestSettings *self);
const char          *ingest_settings_get_production      (IngestSettings *self);
const char          *ingest_settings_get_shoot_day       (IngestSettings *self);
const char          *ingest_settings_get_key_template    (IngestSettings *self);
gboolean             ingest_settings_get_make_proxies    (IngestSettings *self);
IngestProxyPreset    ingest_settings_get_proxy_preset    (IngestSettings *self);
gboolean             ingest_settings_get_proxy_burn_in   (IngestSettings *self);

G_END_DECLS
