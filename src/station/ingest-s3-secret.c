/* ingest-s3-secret.c
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

#define G_LOG_DOMAIN "ingest-s3-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "ingest-s3-secret.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "access-key-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
ingest_s3_secret_store_async (const char          *endpoint,
                              const char          *access_key_id,
                              const char          *secret,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (endpoint != NULL && access_key_id != NULL && secret != NULL);

  /* Translators: the keyring item's name; %s is the access key id */
  label = g_strdup_printf (_("Ingest Station S3 secret key for %s"), access_key_id);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, callback, user_data,
                         "endpoint", endpoint,
                         "access-key-id", access_key_id,
                         NULL);
}

gboolean
ingest_s3_secret_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  return secret_password_store_finish (result, error);
}

void
ingest_s3_secret_lookup_async (const char          *endpoint,
                               const char          *access_key_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (endpoint != NULL && access_key_id != NULL);

  secret_password_lookup (get_schema (), cancellable, callback, user_data,
                          "endpoint", endpoint,
                          "access-key-id", access_key_id,
                          NULL);
}

char *
ingest_s3_secret_lookup_finish (GAsyncResult  *result,
                                GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

/* Whether the keyring holds a secret key for the endpoint and key id,
 * without reading (or unlocking) it. */
void
ingest_s3_secret_exists_async (const char          *endpoint,
                               const char          *access_key_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (endpoint != NULL && access_key_id != NULL);

  secret_password_search (get_schema (), SECRET_SEARCH_NONE, cancellable, callback, user_data,
                          "endpoint", endpoint,
                          "access-key-id", access_key_id,
                          NULL);
}

gboolean
ingest_s3_secret_exists_finish (GAsyncResult  *result,
                                GError       **error)
{
  GList *items = secret_password_search_finish (result, error);
  gboolean found = items != NULL;

  g_list_free_full (items, g_object_unref);
  return found;
}

/* Wipes the secret's bytes before they go back to the allocator. */
void
ingest_s3_secret_free (char *secret)
{
  secret_password_free (secret);
}
