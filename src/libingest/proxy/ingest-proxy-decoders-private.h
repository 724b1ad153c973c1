/* ingest-proxy-decoders-private.h
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

#include <gst/gst.h>

G_BEGIN_DECLS

/* One line of ingest-proxy-decoders.defs. */
typedef struct
{
  const char *media_type;
  const char *field;       /* an integer field that must equal @value, or NULL */
  int         value;
  const char *parser;      /* NULL: none needed */
  const char *decoder;     /* NULL: raw already */
  const char *label;       /* "ProRes": said in messages */
} IngestProxyDecoder;

/* The table's line for a demuxer pad's caps, or NULL. */
const IngestProxyDecoder *_ingest_proxy_decoder_lookup (const GstCaps *caps);

/* A bin "parser ! decoder" (or an identity for raw) with ghost pads,
 * floating, or NULL with INGEST_PROXY_ERROR_MISSING_ELEMENT. */
GstElement               *_ingest_proxy_decoder_make   (const IngestProxyDecoder *decoder,
                                                        GError                  **error);

G_END_DECLS
