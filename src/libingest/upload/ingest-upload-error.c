/* ingest-upload-error.c
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

#define G_LOG_DOMAIN "ingest-upload-error"

#include "config.h"

#include "ingest-upload-error.h"

G_DEFINE_QUARK (ingest-upload-error-quark, ingest_upload_error)

/**
 * ingest_upload_error_is_transient:
 * @error: (nullable): an error from an upload request
 *
 * Whether trying the same request again later may succeed: network
 * failures, timeouts, 5xx and SlowDown. Wrong credentials, a missing bucket
 * or a digest mismatch are not transient: retrying them only hammers the
 * server.
 *
 * Returns: %TRUE if the request is worth retrying with backoff
 */
gboolean
ingest_upload_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != INGEST_UPLOAD_ERROR)
    return FALSE;

  return error->code == INGEST_UPLOAD_ERROR_NETWORK
      || error->code == INGEST_UPLOAD_ERROR_TIMEOUT
      || error->code == INGEST_UPLOAD_ERROR_SERVER
      || error->code == INGEST_UPLOAD_ERROR_SLOW_DOWN;
}
