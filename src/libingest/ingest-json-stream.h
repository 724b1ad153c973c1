/* ingest-json-stream.h
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

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes one pretty-printed JSON object whose last member is a long array,
 * one element at a time, byte for byte as json-glib would print the whole
 * tree: a run over a million files never holds its report in memory. */
typedef struct _IngestJsonStream IngestJsonStream;

IngestJsonStream *ingest_json_stream_new   (GOutputStream     *out,
                                            JsonNode          *head,
                                            const char        *array_member);
gboolean          ingest_json_stream_add   (IngestJsonStream  *self,
                                            JsonNode          *element,
                                            GError           **error);
gboolean          ingest_json_stream_close (IngestJsonStream  *self,
                                            GError           **error);
void              ingest_json_stream_free  (IngestJsonStream  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestJsonStream, ingest_json_stream_free)

G_END_DECLS
