/* ingest-s3-credentials.h
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

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define INGEST_TYPE_S3_CREDENTIALS (ingest_s3_credentials_get_type ())

/**
 * IngestS3Credentials:
 * @access_key_id: the access key id
 * @secret_access_key: the secret; never log it
 * @session_token: (nullable): a temporary session token
 * @region: the signing region (never %NULL; "us-east-1" when nothing says otherwise)
 * @endpoint_url: (nullable): a custom endpoint, e.g. "http://127.0.0.1:7480"
 * @ca_bundle: (nullable): a CA bundle file for TLS ($AWS_CA_BUNDLE or the
 *   profile's "ca_bundle")
 * @profile: (nullable): the profile the settings were read from
 * @source: where the keys came from, for diagnostics: "environment",
 *   "credentials file", "config file" or "given"
 *
 * Plain data, safe to hand to worker threads (copy it first).
 */
typedef struct
{
  char *access_key_id;
  char *secret_access_key;
  char *session_token;
  char *region;
  char *endpoint_url;
  char *ca_bundle;
  char *profile;
  char *source;
} IngestS3Credentials;

GType                ingest_s3_credentials_get_type (void) G_GNUC_CONST;
IngestS3Credentials *ingest_s3_credentials_new      (const char                *access_key_id,
                                                     const char                *secret_access_key,
                                                     const char                *session_token,
                                                     const char                *region);
IngestS3Credentials *ingest_s3_credentials_load     (const char                *profile,
                                                     GError                   **error);
IngestS3Credentials *ingest_s3_credentials_copy     (const IngestS3Credentials *self);
void                 ingest_s3_credentials_free     (IngestS3Credentials       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestS3Credentials, ingest_s3_credentials_free)

G_END_DECLS
