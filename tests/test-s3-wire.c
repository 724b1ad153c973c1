/* test-s3-wire.c
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

/* What the client puts on the wire and how it treats a difficult server,
 * on a loopback fake S3: request shape, addressing styles, a refused or
 * stalled connection, and the bandwidth cap measured at the peer. No Ceph. */

#define G_LOG_DOMAIN "test-s3-wire"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-rgw-harness.h"
#include "ingest-sqlite-private.h"
#include "ingest-test-s3-peer.h"
#include "ingest-test-util.h"

#define MiB (1024 * 1024)

/* A TCP socket bound to a free port of 127.0.0.1, listening if @listening
 * (one that does not listen refuses connections). */
static GSocket *
loopback_socket (gboolean  listening,
                 guint16  *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any, listening, &error);
  g_assert_no_error (error);
  if (listening)
    {
      g_socket_listen (socket, &error);
      g_assert_no_error (error);
    }
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* A refused connection is a transient network error, not a hang. */
static void
test_connection_refused (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GBytes) got = NULL;
  guint16 port;

  /* A port that is bound but not listening refuses connections. */
  socket = loopback_socket (FALSE, &port);
  client = ingest_test_loopback_client (port);
  got = ingest_s3_client_get_object (client, "bucket", "key", NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NETWORK);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (got);
}

/* Body bytes per 0.5 s window from the first one; the last (partial)
 * window is dropped. Returns the overall rate in bytes per second. */
static double
arrival_windows (GArray  *arrivals,
                 GArray  *windows,
                 guint64 *total)
{
  gint64 first = G_MAXINT64;
  gint64 last = 0;

  *total = 0;
  for (guint i = 0; i < arrivals->len; i++)
    {
      first = MIN (first, g_array_index (arrivals, IngestFakeS3Arrival, i).time);
      last = MAX (last, g_array_index (arrivals, IngestFakeS3Arrival, i).time);
    }
  for (guint i = 0; i < arrivals->len; i++)
    {
      const IngestFakeS3Arrival *arrival = &g_array_index (arrivals, IngestFakeS3Arrival, i);
      guint index = (arrival->time - first) / (G_USEC_PER_SEC / 2);

      if (windows->len <= index)
        g_array_set_size (windows, index + 1);
      g_array_index (windows, guint64, index) += arrival->bytes;
      *total += arrival->bytes;
    }
  g_array_set_size (windows, MAX (windows->len, 1) - 1);
  return *total / ((last - first) / 1e6);
}

/* The body bytes in @arrivals are all of @size and came at @cap (bytes per
 * second) ±15 % overall, and never ran ahead of it: by the end of every
 * 0.5 s window at most 1.15 × cap × elapsed plus a 0.15 s allowance had
 * arrived. Arrivals are timed where they are received, so a busy machine
 * only makes them late (bunched in a later window, which a per-window band
 * would call a burst); a limiter that charges a whole part at once runs a
 * part ahead and is caught. */
static void
assert_at_cap (GArray     *arrivals,
               gsize       size,
               guint64     cap,
               const char *what)
{
  g_autoptr(GArray) windows = g_array_new (FALSE, TRUE, sizeof (guint64));
  guint64 total;
  guint64 so_far = 0;
  double rate = arrival_windows (arrivals, windows, &total);

  g_assert_cmpuint (total, ==, size);
  g_test_message ("%s: overall %.2f MiB/s for a cap of %.2f MiB/s", what, rate / MiB, (double) cap / MiB);
  g_assert_cmpfloat (rate, >, 0.85 * cap);
  g_assert_cmpfloat (rate, <, 1.15 * cap);
  g_assert_cmpuint (windows->len, >=, 5);
  for (guint i = 0; i < windows->len; i++)
    {
      guint64 bytes = g_array_index (windows, guint64, i);

      so_far += bytes;
      g_test_message ("window %u: %.2f MiB, %.2f MiB so far", i, (double) bytes / MiB, (double) so_far / MiB);
      g_assert_cmpfloat (so_far, <, 1.15 * cap * (i + 1) / 2 + 0.15 * cap);
    }
}

typedef struct
{
  IngestS3Client    *client;
  IngestTokenBucket *limit;
  const guint8      *bytes;
  gsize              part_size;
  guint              n_parts;
  guint              next;       /* atomic */
} CappedParts;

static gpointer
capped_parts_worker (gpointer data)
{
  CappedParts *up = data;
  guint index;

  while ((index = (guint) g_atomic_int_add ((gint *) &up->next, 1)) < up->n_parts)
    {
      IngestS3PutOptions options = { .limit = up->limit, .payload_sha256 = INGEST_SIGV4_UNSIGNED_PAYLOAD };
      g_autoptr(GError) error = NULL;
      g_autofree char *etag = NULL;

      etag = ingest_s3_client_upload_part (up->client, "bucket", "capped.mov", "up-1", index + 1,
                                           up->bytes + index * up->part_size, up->part_size,
                                           &options, NULL, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

/* Three parts on the wire at once share one cap: together they stay at the
 * cap, window by window (the fake reads every connection as it comes,
 * a thread each, and answers 200 with the body's MD5). */
static void
test_bandwidth_cap_parallel (void)
{
  const guint64 cap = 4 * MiB;
  g_autoptr(IngestTokenBucket) limit = ingest_token_bucket_new (cap, cap / 10);
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB, 41);
  g_autoptr(IngestFakeS3) sink = ingest_fake_s3_new ();
  g_autoptr(IngestS3Client) client = ingest_test_loopback_client (ingest_fake_s3_get_port (sink));
  g_autoptr(GArray) arrivals = NULL;
  CappedParts up = { .limit = limit, .part_size = 2 * MiB, .n_parts = 6 };
  GThread *threads[3];

  ingest_fake_s3_record_arrivals (sink, TRUE);
  up.client = client;
  up.bytes = g_bytes_get_data (data, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("capped-part", capped_parts_worker, &up);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  arrivals = ingest_fake_s3_dup_arrivals (sink);
  assert_at_cap (arrivals, g_bytes_get_size (data), cap, "3 in flight");
}

/*
 * The bandwidth cap is smooth within a part: measured on the peer's side
 * of the loopback, every 0.5 s window gets about cap / 2 bytes (charging a
 * whole 5 MiB part at once sent it in a few milliseconds, then nothing),
 * and the whole file goes at the cap ±15 %.
 */
static void
test_bandwidth_cap (void)
{
  const guint64 cap = 4 * MiB;
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB, 39);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();

  peer->mode = INGEST_TEST_PEER_AWS;
  ingest_fake_s3_record_arrivals (peer->fake, TRUE);
  destination = ingest_test_peer_destination (peer);
  /* One part on the wire at a time: the cap of one sender. */
  ingest_s3_destination_set_parts_in_flight (destination, 1);
  ingest_s3_destination_set_bandwidth_limit (destination, cap);
  file = ingest_test_send_bytes (destination, "capped.mov", data, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GArray) arrivals = ingest_fake_s3_dup_arrivals (peer->fake);

    assert_at_cap (arrivals, g_bytes_get_size (data), cap, "1 in flight");
  }
  ingest_test_peer_free (peer);
}

/* What goes on the wire: path-style, the key encoded once, the query
 * sorted and sent exactly as signed, and every header we rely on. */
static void
test_request_shape (void)
{
  g_autoptr(IngestS3Credentials) credentials = ingest_s3_credentials_new ("AK", "SK", "TOKEN", NULL);
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *host = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "hello", 5);
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;
  const char *authorization;

  endpoint = g_strdup_printf ("http://127.0.0.1:%u", ingest_fake_s3_get_port (fake));
  host = g_strdup_printf ("127.0.0.1:%u", ingest_fake_s3_get_port (fake));
  client = ingest_s3_client_new (endpoint, credentials, &error);
  g_assert_no_error (error);
  etag = ingest_s3_client_upload_part (client, "bucket", "a b/ü+.mov", "x/y=", 12, (const guint8 *) "hello", 5,
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  request = ingest_fake_s3_dup_request (fake, -1);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);

  g_assert_cmpstr (request->request_line, ==,
                   "PUT /bucket/a%20b/%C3%BC%2B.mov?partNumber=12&uploadId=x%2Fy%3D HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "host"), ==, host);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-length"), ==, "5");
  /* md5 ("hello") = 5d41402abc4b2a76b9719d911017c592, in base64 */
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-md5"), ==, "XUFAKrxLKna5cZ2REBfFkg==");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "x-amz-content-sha256"), ==, sha);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "x-amz-security-token"), ==, "TOKEN");
  g_assert_nonnull (g_hash_table_lookup (request->headers, "x-amz-date"));
  g_assert_null (g_hash_table_lookup (request->headers, "content-type"));
  authorization = g_hash_table_lookup (request->headers, "authorization");
  g_assert_true (g_str_has_prefix (authorization, "AWS4-HMAC-SHA256 Credential=AK/"));
  g_assert_nonnull (strstr (authorization, "/us-east-1/s3/aws4_request, SignedHeaders="
                            "content-md5;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="));
}

/* CompleteMultipartUpload lists the parts sorted by number whatever order
 * they come in (RGW 16 would accept any order; AWS answers InvalidPartOrder),
 * and a 200 answer holding an <Error> is an error. */
static void
test_complete_sorts_parts (void)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_part_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;
  g_autoptr(IngestS3Client) client = ingest_test_loopback_client (ingest_fake_s3_get_port (fake));
  const char *sent;

  ingest_fake_s3_push (fake, ingest_fake_s3_reply_new (200, NULL, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                                   "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
                                                   "<ETag>&quot;abc-3&quot;</ETag></CompleteMultipartUploadResult>"));
  /* ... then a 200 holding an error */
  ingest_fake_s3_push (fake, ingest_fake_s3_reply_new (200, NULL, "<Error><Code>InternalError</Code>"
                                                   "<Message>try again</Message></Error>"));
  g_ptr_array_add (parts, ingest_s3_part_new (10, "e10", 0));
  g_ptr_array_add (parts, ingest_s3_part_new (2, "e2", 0));
  g_ptr_array_add (parts, ingest_s3_part_new (1, "e1", 0));
  etag = ingest_s3_client_complete_multipart_upload (client, "b", "k", "id", parts, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (etag, ==, "abc-3");

  request = ingest_fake_s3_dup_request (fake, -1);
  sent = g_bytes_get_data (request->body, NULL);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-type"), ==, "application/xml");
  g_assert_nonnull (strstr (sent, "<Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag></Part>"
                                  "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag></Part>"
                                  "<Part><PartNumber>10</PartNumber><ETag>\"e10\"</ETag></Part>"));
  /* The caller's array is left as it was. */
  g_assert_cmpuint (((IngestS3Part *) g_ptr_array_index (parts, 0))->part_number, ==, 10);

  g_clear_pointer (&etag, g_free);
  etag = ingest_s3_client_complete_multipart_upload (client, "b", "k", "id", parts, FALSE, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_SERVER);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (etag);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 2);
}

/* Virtual-hosted style: the bucket moves into the host name. */
static void
test_virtual_hosted (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *host = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;

  /* libcurl resolves every *.localhost name to the loopback address. */
  endpoint = g_strdup_printf ("http://localhost:%u", ingest_fake_s3_get_port (fake));
  host = g_strdup_printf ("my-bucket.localhost:%u", ingest_fake_s3_get_port (fake));
  client = ingest_test_s3_client (endpoint, "AK", "SK");
  ingest_s3_client_set_path_style (client, FALSE);
  etag = ingest_s3_client_put_object (client, "my-bucket", "dir/key.mov", (const guint8 *) "x", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  request = ingest_fake_s3_dup_request (fake, -1);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);

  g_assert_cmpstr (request->request_line, ==, "PUT /dir/key.mov HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "host"), ==, host);
}

/* An IP address endpoint stays path-style even when asked otherwise: a
 * bucket sub-domain of an address would be a DNS query for a name that
 * cannot exist (and leaves the machine). */
static void
test_ip_endpoint_path_style (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;
  g_autoptr(IngestS3Client) client = ingest_test_loopback_client (ingest_fake_s3_get_port (fake));
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", ingest_fake_s3_get_port (fake));

  ingest_s3_client_set_path_style (client, FALSE);
  g_assert_true (ingest_s3_client_get_path_style (client));
  etag = ingest_s3_client_put_object (client, "my-bucket", "dir/key.mov", (const guint8 *) "x", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  request = ingest_fake_s3_dup_request (fake, -1);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);

  g_assert_cmpstr (request->request_line, ==, "PUT /my-bucket/dir/key.mov HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "host"), ==, host);
}

/* Cancels once the fake has seen @n_requests requests, or (@n_requests 0)
 * once PUT body bytes came: the request is then surely under way. */
typedef struct
{
  IngestFakeS3 *fake;
  guint         n_requests;
  GCancellable *cancellable;
} CancelWhen;

static gpointer
cancel_when_thread (gpointer data)
{
  CancelWhen *when = data;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GArray) arrivals = ingest_fake_s3_dup_arrivals (when->fake);

      if (when->n_requests > 0 ? ingest_fake_s3_get_n_requests (when->fake) >= when->n_requests
                               : arrivals->len > 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_TIME_SPAN_MILLISECOND);   /* a poll of the condition */
    }
  g_cancellable_cancel (when->cancellable);
  return NULL;
}

/* A server that takes the request and then never answers: the request
 * fails with a transient timeout instead of hanging, and a cancellation
 * from another thread ends it at once. */
static void
test_stalled_server (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GBytes) got = NULL;
  CancelWhen when = { fake, 2, cancellable };
  GThread *thread;

  for (guint i = 0; i < 2; i++)
    {
      IngestFakeS3Reply *hang = ingest_fake_s3_reply_new (0, NULL, NULL);

      hang->hang = TRUE;
      ingest_fake_s3_push (fake, hang);
    }
  client = ingest_test_loopback_client (ingest_fake_s3_get_port (fake));
  ingest_s3_client_set_low_speed_time (client, 1);

  got = ingest_s3_client_get_object (client, "bucket", "key", NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_TIMEOUT);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (got);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10.0);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);
  g_clear_error (&error);

  ingest_s3_client_set_low_speed_time (client, 60);
  g_timer_start (timer);
  thread = g_thread_new ("cancel", cancel_when_thread, &when);
  got = ingest_s3_client_get_object (client, "bucket", "key", cancellable, &error);
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  g_clear_error (&error);

  /* Already cancelled: no request at all. */
  got = ingest_s3_client_get_object (client, "bucket", "key", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ingest_s3_client_get_n_requests (client), ==, 2);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 2);
}

/* Under a low cap a request body takes long; cancelling ends it at once
 * (the wait for tokens watches the cancellable) with a cancelled error. */
static void
test_bandwidth_cap_cancel (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestTokenBucket) limit = ingest_token_bucket_new (64 * 1024, 16 * 1024);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) data = ingest_test_random_bytes (MiB, 40);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  CancelWhen when = { fake, 0, cancellable };
  IngestS3PutOptions options = { .limit = limit };
  GThread *thread;

  ingest_fake_s3_record_arrivals (fake, TRUE);
  client = ingest_test_loopback_client (ingest_fake_s3_get_port (fake));

  thread = g_thread_new ("cancel", cancel_when_thread, &when);
  etag = ingest_s3_client_put_object (client, "bucket", "slow.mov", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), &options, cancellable, &error);
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (etag);
  /* 1 MiB at 64 KiB/s would take 16 s. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.0);
  /* the body never came whole */
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  /* Loopback only, whatever proxy the environment sets. */
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);

  g_test_add_func ("/s3/bandwidth-cap", test_bandwidth_cap);
  g_test_add_func ("/s3/bandwidth-cap-parallel", test_bandwidth_cap_parallel);
  g_test_add_func ("/s3/bandwidth-cap-cancel", test_bandwidth_cap_cancel);
  g_test_add_func ("/s3/request-shape", test_request_shape);
  g_test_add_func ("/s3/complete-sorts-parts", test_complete_sorts_parts);
  g_test_add_func ("/s3/virtual-hosted", test_virtual_hosted);
  g_test_add_func ("/s3/ip-endpoint-path-style", test_ip_endpoint_path_style);
  g_test_add_func ("/s3/stalled-server", test_stalled_server);
  g_test_add_func ("/s3/connection-refused", test_connection_refused);

  return g_test_run ();
}
