/* ingest-upload-error.h
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

#include <glib.h>
#include "ingest-enums.h"

G_BEGIN_DECLS

#define INGEST_UPLOAD_ERROR (ingest_upload_error_quark ())

/**
 * IngestUploadError:
 * @INGEST_UPLOAD_ERROR_FAILED: anything not covered below
 * @INGEST_UPLOAD_ERROR_NETWORK: connection refused, reset or cut (transient)
 * @INGEST_UPLOAD_ERROR_TIMEOUT: connect timeout, stalled transfer, S3
 *   RequestTimeout (transient)
 * @INGEST_UPLOAD_ERROR_SERVER: HTTP 5xx, S3 InternalError (transient)
 * @INGEST_UPLOAD_ERROR_SLOW_DOWN: S3 SlowDown / HTTP 503 (transient)
 * @INGEST_UPLOAD_ERROR_CREDENTIALS: wrong or unknown access key or secret,
 *   expired or invalid session token, no credentials configured
 * @INGEST_UPLOAD_ERROR_ACCESS_DENIED: the credentials are valid but not allowed
 * @INGEST_UPLOAD_ERROR_CLOCK_SKEW: the server says our clock is too far off
 * @INGEST_UPLOAD_ERROR_NO_SUCH_BUCKET: the bucket does not exist
 * @INGEST_UPLOAD_ERROR_NO_SUCH_KEY: the object does not exist
 * @INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD: the multipart upload is gone (aborted,
 *   completed or expired)
 * @INGEST_UPLOAD_ERROR_BAD_DIGEST: the server got bytes that do not match the
 *   Content-MD5 or payload SHA-256 we sent (BadDigest, InvalidDigest,
 *   XAmzContentSHA256Mismatch)
 * @INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED: bucket or user quota reached
 * @INGEST_UPLOAD_ERROR_INVALID_REQUEST: any other 4xx (bad bucket name, part
 *   too small, wrong part ETag...)
 * @INGEST_UPLOAD_ERROR_TLS: certificate or TLS handshake failure
 * @INGEST_UPLOAD_ERROR_PROTOCOL: an answer we cannot understand
 * @INGEST_UPLOAD_ERROR_CONFIG: bad endpoint, region or profile settings
 * @INGEST_UPLOAD_ERROR_EXISTS: the destination already holds a different
 *   file at that key or path: nothing was sent, nothing was overwritten
 *
 * Error codes of the upload subsystem. Messages are plain words the UI can
 * show ("bucket “x” does not exist"), followed by the server's error code and
 * HTTP status in parentheses when there was one.
 */
typedef enum {
  INGEST_UPLOAD_ERROR_FAILED,
  INGEST_UPLOAD_ERROR_NETWORK,
  INGEST_UPLOAD_ERROR_TIMEOUT,
  INGEST_UPLOAD_ERROR_SERVER,
  INGEST_UPLOAD_ERROR_SLOW_DOWN,
  INGEST_UPLOAD_ERROR_CREDENTIALS,
  INGEST_UPLOAD_ERROR_ACCESS_DENIED,
  INGEST_UPLOAD_ERROR_CLOCK_SKEW,
  INGEST_UPLOAD_ERROR_NO_SUCH_BUCKET,
  INGEST_UPLOAD_ERROR_NO_SUCH_KEY,
  INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD,
  INGEST_UPLOAD_ERROR_BAD_DIGEST,
  INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED,
  INGEST_UPLOAD_ERROR_INVALID_REQUEST,
  INGEST_UPLOAD_ERROR_TLS,
  INGEST_UPLOAD_ERROR_PROTOCOL,
  INGEST_UPLOAD_ERROR_CONFIG,
  INGEST_UPLOAD_ERROR_EXISTS,
} IngestUploadError;

GQuark   ingest_upload_error_quark        (void);
gboolean ingest_upload_error_is_transient (const GError *error);

G_END_DECLS
