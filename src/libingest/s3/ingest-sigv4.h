/* ingest-sigv4.h
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

G_BEGIN_DECLS

/* The payload hash of an empty body, and the marker for a body not hashed. */
#define INGEST_SIGV4_EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define INGEST_SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"

/**
 * IngestSigV4Request:
 *
 * One HTTP request to sign with AWS Signature Version 4 (header form).
 * Done by hand rather than with libcurl's CURLOPT_AWS_SIGV4, whose 7.88
 * version signs query strings as written and signs an empty Content-Type it
 * never sends.
 *
 * The path is given decoded (raw bytes of the object key); it is URI-encoded
 * once per segment, as S3 wants (no double encoding). Query parameters are
 * given decoded too and are encoded and sorted. Every header added is signed.
 */
typedef struct _IngestSigV4Request IngestSigV4Request;

IngestSigV4Request *ingest_sigv4_request_new              (const char         *method,
                                                           const char         *path);
void                ingest_sigv4_request_free             (IngestSigV4Request *self);
void                ingest_sigv4_request_add_query        (IngestSigV4Request *self,
                                                           const char         *name,
                                                           const char         *value);
void                ingest_sigv4_request_add_header       (IngestSigV4Request *self,
                                                           const char         *name,
                                                           const char         *value);
void                ingest_sigv4_request_set_payload_hash (IngestSigV4Request *self,
                                                           const char         *payload_hash);
void                ingest_sigv4_request_set_normalize_path (IngestSigV4Request *self,
                                                           gboolean            normalize);
char               *ingest_sigv4_request_dup_encoded_path (IngestSigV4Request *self);
char               *ingest_sigv4_request_dup_query_string (IngestSigV4Request *self);
GPtrArray          *ingest_sigv4_request_dup_header_lines (IngestSigV4Request *self);
char               *ingest_sigv4_request_dup_canonical    (IngestSigV4Request *self);
char               *ingest_sigv4_request_sign             (IngestSigV4Request *self,
                                                           const char         *access_key,
                                                           const char         *secret_key,
                                                           const char         *session_token,
                                                           const char         *region,
                                                           const char         *service,
                                                           GDateTime          *when,
                                                           char              **string_to_sign);

char               *ingest_sigv4_uri_encode               (const char         *text,
                                                           gboolean            keep_slash);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestSigV4Request, ingest_sigv4_request_free)

G_END_DECLS
