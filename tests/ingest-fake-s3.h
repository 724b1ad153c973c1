/* ingest-fake-s3.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * IngestFakeS3: a loopback HTTP peer for S3 client tests that need an
 * answer no real store gives on demand. It listens on 127.0.0.1 on a free
 * port, serves every connection on a thread of its own (one request per
 * connection, "Connection: close"), records each request, and answers:
 * first the scripted replies in the order pushed, then the handler's, then
 * the default (200, the MD5 of the body as ETag). "Expect: 100-continue" is
 * honoured. Everything is thread-safe; the handler runs under the fake's
 * lock, so state it keeps is safe to read between ingest_fake_s3_lock() and
 * ingest_fake_s3_unlock().
 */
typedef struct _IngestFakeS3 IngestFakeS3;

typedef struct
{
  gint64 time;    /* monotonic µs */
  gsize  bytes;
} IngestFakeS3Arrival;

typedef struct
{
  char       *request_line;   /* "PUT /bucket/key?partNumber=1 HTTP/1.1" */
  char       *method;
  char       *target;         /* path and query, as sent */
  GHashTable *headers;        /* lower-case name → value */
  GBytes     *body;
} IngestFakeS3Request;

/*
 * @status: 0 with @hang: no answer at all
 * @headers: extra header lines, each ending in "\r\n"
 * @content_length: what Content-Length says; -1: the body's size (a HEAD
 *   sets the object's and no body)
 * @delay_ms: wait before answering
 * @hang: never answer; the connection stays open until the fake is freed
 * @close_after: -1: the whole answer; else only its first bytes, then close
 */
typedef struct
{
  guint     status;
  char     *headers;
  GBytes   *body;
  gint64    content_length;
  guint     delay_ms;
  gboolean  hang;
  gssize    close_after;
} IngestFakeS3Reply;

/* Runs under the fake's lock; returns a new reply, or NULL for the default. */
typedef IngestFakeS3Reply *(*IngestFakeS3Handler) (const IngestFakeS3Request *request,
                                                  gpointer                   user_data);

IngestFakeS3        *ingest_fake_s3_new            (void);
void                 ingest_fake_s3_free           (IngestFakeS3        *self);
guint16              ingest_fake_s3_get_port       (IngestFakeS3        *self);
char                *ingest_fake_s3_dup_endpoint   (IngestFakeS3        *self);
void                 ingest_fake_s3_set_handler    (IngestFakeS3        *self,
                                                    IngestFakeS3Handler  handler,
                                                    gpointer             user_data);
void                 ingest_fake_s3_push           (IngestFakeS3        *self,
                                                    IngestFakeS3Reply   *reply);
void                 ingest_fake_s3_record_arrivals (IngestFakeS3       *self,
                                                    gboolean             record);
GArray              *ingest_fake_s3_dup_arrivals   (IngestFakeS3        *self);
guint                ingest_fake_s3_get_n_requests (IngestFakeS3        *self);
IngestFakeS3Request *ingest_fake_s3_dup_request    (IngestFakeS3        *self,
                                                    int                  index);
void                 ingest_fake_s3_lock           (IngestFakeS3        *self);
void                 ingest_fake_s3_unlock         (IngestFakeS3        *self);

IngestFakeS3Reply   *ingest_fake_s3_reply_new      (guint                status,
                                                    const char          *headers,
                                                    const char          *body);
IngestFakeS3Reply   *ingest_fake_s3_reply_new_error (guint               status,
                                                    const char          *code,
                                                    const char          *message);
void                 ingest_fake_s3_reply_free     (IngestFakeS3Reply   *reply);
void                 ingest_fake_s3_request_free   (IngestFakeS3Request *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestFakeS3, ingest_fake_s3_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestFakeS3Reply, ingest_fake_s3_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestFakeS3Request, ingest_fake_s3_request_free)

G_END_DECLS
