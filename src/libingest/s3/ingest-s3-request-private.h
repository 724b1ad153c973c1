/* ingest-s3-request-private.h
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

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include <stdio.h>

#include <libxml/tree.h>

#include "ingest-s3-client.h"
#include "ingest-s3-credentials.h"
#include "ingest-token-bucket.h"

G_BEGIN_DECLS

/* The client's state, shared by ingest-s3-client.c (settings, the S3
 * operations) and ingest-s3-request.c (sending one request). */
struct _IngestS3Client
{
  GObject               parent_instance;

  char                 *endpoint;      /* scheme://host[:port], no path */
  char                 *scheme;
  char                 *host;          /* host[:port] as sent in Host */
  IngestS3Credentials  *credentials;
  char                 *ca_file;
  guint                 connect_timeout;
  guint                 low_speed_time;
  gint64                clock_offset;
  guint                 path_style : 1;
  /* An IP address cannot take a bucket as a sub-domain: path-style only. */
  guint                 ip_host : 1;

  GMutex                pool_lock;
  GPtrArray            *pool;          /* idle CURL easy handles: keep connections alive */
  guint                 n_requests;    /* atomic */
};

/* One request and its answer. */
typedef struct
{
  const char          *method;
  const char          *bucket;
  const char          *key;           /* nullable */
  const char * const  *query;         /* name, value (NULL = bare), ..., NULL */
  GPtrArray           *headers;       /* extra "name", "value" pairs */
  const guint8        *body;
  gsize                body_len;
  const char          *payload_sha256;
  FILE                *sink;          /* 2xx bodies go here instead of memory */
  IngestTokenBucket   *limit;         /* nullable: charged as the body goes out */

  /* answer */
  long                 status;
  GHashTable          *response_headers;
  GByteArray          *response_body;
  gsize                read_offset;
  gboolean             sink_failed;
  gboolean             headers_done;  /* the final answer's blank line came */
  GCancellable        *cancellable;
} IngestS3Request;

void      _ingest_s3_request_init            (IngestS3Request           *req,
                                              const char                *method,
                                              const char                *bucket,
                                              const char                *key);
void      _ingest_s3_request_clear           (IngestS3Request           *req);
void      _ingest_s3_request_add_header      (GPtrArray                 *headers,
                                              const char                *name,
                                              const char                *value);
gboolean  _ingest_s3_request_add_put_headers (GPtrArray                 *headers,
                                              const IngestS3PutOptions  *options,
                                              const guint8              *data,
                                              gsize                      len,
                                              gboolean                   with_body,
                                              GError                   **error);
gboolean  _ingest_s3_request_perform         (IngestS3Client            *self,
                                              IngestS3Request           *req,
                                              GCancellable              *cancellable,
                                              GError                   **error);
xmlDoc   *_ingest_s3_request_parse_answer    (IngestS3Request           *req,
                                              const char                *root_name,
                                              GError                   **error);
void      _ingest_s3_request_fill_put_result (IngestS3Request           *req,
                                              gboolean                   ok,
                                              const IngestS3PutOptions  *options);

G_END_DECLS
