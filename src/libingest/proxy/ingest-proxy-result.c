/* ingest-proxy-result.c
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

#define G_LOG_DOMAIN "ingest-proxy"

#include "config.h"

#include "ingest-proxy-error.h"
#include "ingest-proxy-result.h"

G_DEFINE_BOXED_TYPE (IngestProxyResult, ingest_proxy_result,
                     ingest_proxy_result_copy, ingest_proxy_result_free)

const char *
ingest_proxy_status_to_string (IngestProxyStatus status)
{
  switch (status)
    {
    case INGEST_PROXY_STATUS_MADE:       return "made";
    case INGEST_PROXY_STATUS_REUSED:     return "reused";
    case INGEST_PROXY_STATUS_NO_PREVIEW: return "no-preview";
    case INGEST_PROXY_STATUS_FAILED:     return "failed";
    default:                             g_return_val_if_reached (NULL);
    }
}

IngestProxyResult *
ingest_proxy_result_new (const char        *clip_name,
                         IngestProxyStatus  status)
{
  IngestProxyResult *self = g_new0 (IngestProxyResult, 1);

  self->clip_name = g_strdup (clip_name);
  self->status = status;
  return self;
}

/* A clip nothing decodes is "no preview", anything else that stopped it
 * is a failure; the message is the reason either way. */
IngestProxyResult *
ingest_proxy_result_new_failed (const char   *clip_name,
                                const GError *error)
{
  IngestProxyResult *self;

  g_return_val_if_fail (error != NULL, NULL);

  self = ingest_proxy_result_new (clip_name,
                                  g_error_matches (error, INGEST_PROXY_ERROR,
                                                   INGEST_PROXY_ERROR_NOT_DECODABLE)
                                  ? INGEST_PROXY_STATUS_NO_PREVIEW : INGEST_PROXY_STATUS_FAILED);
  self->reason = g_strdup (error->message);
  return self;
}

IngestProxyResult *
ingest_proxy_result_copy (const IngestProxyResult *self)
{
  IngestProxyResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->clip_name = g_strdup (self->clip_name);
  copy->reason = g_strdup (self->reason);
  copy->proxy_path = g_strdup (self->proxy_path);
  copy->poster_path = g_strdup (self->poster_path);
  copy->filmstrip_path = g_strdup (self->filmstrip_path);
  copy->tc_start = g_strdup (self->tc_start);
  return copy;
}

void
ingest_proxy_result_free (IngestProxyResult *self)
{
  if (self == NULL)
    return;
  g_free (self->clip_name);
  g_free (self->reason);
  g_free (self->proxy_path);
  g_free (self->poster_path);
  g_free (self->filmstrip_path);
  g_free (self->tc_start);
  g_free (self);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The line `ingestctl proxy --json` writes per clip. Numbers the proxy does
 * not have (no proxy) are null, not 0. */
JsonNode *
ingest_proxy_result_to_json (const IngestProxyResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean has_proxy = self->proxy_path != NULL;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "clip", self->clip_name);
  add_string_or_null (builder, "proxy", self->proxy_path);
  add_string_or_null (builder, "poster", self->poster_path);
  add_string_or_null (builder, "filmstrip", self->filmstrip_path);
  json_builder_set_member_name (builder, "duration_s");
  if (has_proxy)
    json_builder_add_double_value (builder, self->duration_s);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "frames");
  if (has_proxy)
    json_builder_add_int_value (builder, self->frames);
  else
    json_builder_add_null_value (builder);
  add_string_or_null (builder, "tc_start", self->tc_start);
  json_builder_set_member_name (builder, "width");
  if (has_proxy)
    json_builder_add_int_value (builder, self->width);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "height");
  if (has_proxy)
    json_builder_add_int_value (builder, self->height);
  else
    json_builder_add_null_value (builder);
  add_string_or_null (builder, "status", ingest_proxy_status_to_string (self->status));
  add_string_or_null (builder, "reason", self->reason);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
