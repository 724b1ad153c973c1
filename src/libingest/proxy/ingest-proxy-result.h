/* ingest-proxy-result.h
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

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  INGEST_PROXY_STATUS_MADE,        /* made now */
  INGEST_PROXY_STATUS_REUSED,      /* a finished proxy of this clip and settings was already there */
  INGEST_PROXY_STATUS_NO_PREVIEW,  /* a format nothing here decodes: no proxy, the files are still verified */
  INGEST_PROXY_STATUS_FAILED,      /* the clip's media failed to decode or the proxy to verify */
} IngestProxyStatus;

const char *ingest_proxy_status_to_string (IngestProxyStatus status);  /* the JSON nick */

#define INGEST_TYPE_PROXY_RESULT (ingest_proxy_result_get_type ())

/**
 * IngestProxyResult:
 * @clip_name: the clip
 * @status: what happened
 * @reason: why there is no proxy (NO_PREVIEW, FAILED), else %NULL
 * @proxy_path: the proxy movie (%NULL without one)
 * @poster_path: the poster frame, a JPEG (or %NULL)
 * @filmstrip_path: the filmstrip, one JPEG of @filmstrip_frames frames side
 *   by side (or %NULL)
 * @filmstrip_frames: see @filmstrip_path
 * @duration_s: the proxy's duration as decoded back
 * @frames: the proxy's frames
 * @tc_start: the timecode its timecode track starts at ("HH:MM:SS:FF", ";"
 *   for drop-frame), or %NULL
 * @width: the proxy's stored picture size
 * @height: see @width
 *
 * One clip's outcome of the proxy maker: plain data.
 */
typedef struct
{
  char              *clip_name;
  IngestProxyStatus  status;
  char              *reason;
  char              *proxy_path;
  char              *poster_path;
  char              *filmstrip_path;
  guint              filmstrip_frames;
  double             duration_s;
  gint64             frames;
  char              *tc_start;
  guint              width;
  guint              height;
} IngestProxyResult;

GType              ingest_proxy_result_get_type   (void) G_GNUC_CONST;
IngestProxyResult *ingest_proxy_result_new        (const char              *clip_name,
                                                   IngestProxyStatus        status);
IngestProxyResult *ingest_proxy_result_new_failed (const char              *clip_name,
                                                   const GError            *error);
IngestProxyResult *ingest_proxy_result_copy       (const IngestProxyResult *self);
void               ingest_proxy_result_free       (IngestProxyResult       *self);
JsonNode          *ingest_proxy_result_to_json    (const IngestProxyResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestProxyResult, ingest_proxy_result_free)

G_END_DECLS
