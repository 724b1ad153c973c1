/* ingest-s3-secret.h
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

/* The S3 secret access key lives in the desktop keyring (libsecret), under
 * a schema named after the application id, keyed by endpoint and access key
 * id: never in GSettings, plain files or logs. */

void      ingest_s3_secret_store_async   (const char          *endpoint,
                                          const char          *access_key_id,
                                          const char          *secret,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  ingest_s3_secret_store_finish  (GAsyncResult        *result,
                                          GError             **error);
void      ingest_s3_secret_lookup_async  (const char          *endpoint,
                                          const char          *access_key_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* The secret (free with ingest_s3_secret_free()), or NULL with @error unset
 * when the keyring has none. */
char     *ingest_s3_secret_lookup_finish (GAsyncResult        *result,
                                          GError             **error);
/* FALSE with @error unset when the keyring has none. */
void      ingest_s3_secret_exists_async  (const char          *endpoint,
                                          const char          *access_key_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  ingest_s3_secret_exists_finish (GAsyncResult        *result,
                                          GError             **error);
void      ingest_s3_secret_free          (char                *secret);

G_END_DECLS
