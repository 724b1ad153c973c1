/* ingest-proxy-error.h
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

#include <glib.h>

G_BEGIN_DECLS

#define INGEST_PROXY_ERROR (ingest_proxy_error_quark ())

/* Why a clip got no proxy. Each is that clip's outcome, said to the
 * technician; never a failure of the card or of the other clips. */
typedef enum
{
  INGEST_PROXY_ERROR_NOT_DECODABLE,   /* a format nothing here decodes (R3D, BRAW, ARRIRAW…) */
  INGEST_PROXY_ERROR_DECODE,          /* the decoder or demuxer failed on this clip's bytes */
  INGEST_PROXY_ERROR_STALLED,         /* the pipeline made no progress within the watchdog's time */
  INGEST_PROXY_ERROR_INVALID,         /* the clip's facts cannot be a picture (0 or 16k+ sizes, no frames) */
  INGEST_PROXY_ERROR_VERIFY,          /* the written proxy did not decode back to the source's length */
  INGEST_PROXY_ERROR_MISSING_ELEMENT, /* a GStreamer element the preset needs is not installed */
  INGEST_PROXY_ERROR_IO,              /* the proxy could not be written or renamed */
} IngestProxyError;

GQuark ingest_proxy_error_quark (void);

G_END_DECLS
