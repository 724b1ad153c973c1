/* ingest-proxy-catalog-private.h
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

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include <gio/gio.h>

#include "ingest.h"
#include "ingest-proxy-preset.h"
#include "ingest-proxy-result.h"
#include "ingest-proxy-settings.h"

G_BEGIN_DECLS

/* The proxy stage's rows of the catalog (sql/0011-clip-proxies.sql): one
 * per clip, keyed by its roll (drive identity + roll path) and name. */
typedef struct
{
  IngestProxyPreset  preset;
  char              *settings;  /* _ingest_proxy_catalog_settings_key() */
  IngestProxyResult *result;
} IngestProxyRecord;

/* What of SETTINGS shapes the picture besides the preset, as text. */
char              *_ingest_proxy_catalog_settings_key (const IngestProxySettings *settings);

void               _ingest_proxy_record_free          (IngestProxyRecord   *record);
/* "roll path\x1fclip name" → IngestProxyRecord, for one drive. */
GHashTable        *_ingest_proxy_catalog_load         (IngestCatalog       *catalog,
                                                       const char          *drive_identity,
                                                       GError             **error);
char              *_ingest_proxy_catalog_key          (const char          *roll_path,
                                                       const char          *clip_name);
/* Through the catalog's writer thread; replaces the clip's row. */
void               _ingest_proxy_catalog_store_async  (IngestCatalog       *catalog,
                                                       const char          *drive_identity,
                                                       const char          *roll_path,
                                                       const char          *roll_name,
                                                       const IngestProxySettings *settings,
                                                       const IngestProxyResult *result,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           _ingest_proxy_catalog_store_finish (IngestCatalog       *catalog,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
