/* ingest-token-bucket.h
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

G_BEGIN_DECLS

/*
 * IngestTokenBucket: a bandwidth cap shared by threads. Senders take bytes
 * before they go out (the S3 client does it per chunk of a request body,
 * about 1/16 s worth, so the rate is smooth within a part); the bucket
 * refills at @rate bytes/s and holds at most @burst. Taking more than there
 * is runs into debt, and the taker sleeps until the debt is paid, so the
 * long-run rate never exceeds @rate whatever the chunk sizes.
 */
typedef struct _IngestTokenBucket IngestTokenBucket;

IngestTokenBucket *ingest_token_bucket_new     (guint64             rate,
                                                guint64             burst);
guint64            ingest_token_bucket_get_rate (IngestTokenBucket  *self);
gboolean           ingest_token_bucket_take    (IngestTokenBucket  *self,
                                                guint64             bytes,
                                                GCancellable       *cancellable,
                                                GError            **error);
void               ingest_token_bucket_free    (IngestTokenBucket  *self);
gboolean           ingest_parse_rate           (const char         *text,
                                                guint64            *rate,
                                                GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestTokenBucket, ingest_token_bucket_free)

G_END_DECLS
