/* test-fake-s3.c
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

/* The loopback fake S3 peer itself, through a plain socket: scripted
 * answers in order, then the default; a cut answer; a late one; recorded
 * requests. */

#include "config.h"

#include <string.h>

#include "ingest-fake-s3.h"

/* Sends @request to the fake and reads until it closes the connection. */
static char *
exchange (IngestFakeS3 *fake,
          const char   *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  GInputStream *in;
  char buf[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", ingest_fake_s3_get_port (fake), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request, strlen (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, &error)) > 0)
    g_string_append_len (answer, buf, n);
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

static void
test_scripted (void)
{
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) first = NULL;
  g_autoptr(IngestFakeS3Request) last = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  IngestFakeS3Reply *cut = ingest_fake_s3_reply_new (200, "ETag: \"x\"\r\n", "0123456789");
  gint64 start;

  ingest_fake_s3_push (fake, ingest_fake_s3_reply_new_error (503, "SlowDown", "Reduce your request rate."));
  cut->close_after = strlen ("HTTP/1.1 200 OK\r\nETag: \"x\"\r\nContent-Length: 10\r\nConnection: close\r\n\r\n") + 4;
  cut->delay_ms = 200;
  ingest_fake_s3_push (fake, cut);

  a = exchange (fake, "GET /bucket/key HTTP/1.1\r\nHost: h\r\n\r\n");
  g_assert_true (g_str_has_prefix (a, "HTTP/1.1 503 Service Unavailable\r\n"));
  g_assert_nonnull (strstr (a, "<Code>SlowDown</Code>"));

  /* Late and cut in the body: four of its ten bytes. */
  start = g_get_monotonic_time ();
  b = exchange (fake, "PUT /bucket/key HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (g_str_has_suffix (b, "\r\n\r\n0123"));
  g_assert_nonnull (strstr (b, "Content-Length: 10\r\n"));

  /* The script is used up: the default, the MD5 of "hello" as ETag. */
  c = exchange (fake, "PUT /bucket/other HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello");
  g_assert_true (g_str_has_prefix (c, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (c, "ETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n"));

  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 3);
  first = ingest_fake_s3_dup_request (fake, 0);
  g_assert_cmpstr (first->method, ==, "GET");
  g_assert_cmpstr (first->target, ==, "/bucket/key");
  g_assert_cmpstr (g_hash_table_lookup (first->headers, "host"), ==, "h");
  last = ingest_fake_s3_dup_request (fake, -1);
  g_assert_cmpstr (last->request_line, ==, "PUT /bucket/other HTTP/1.1");
  g_assert_cmpmem (g_bytes_get_data (last->body, NULL), g_bytes_get_size (last->body), "hello", 5);
  g_assert_null (ingest_fake_s3_dup_request (fake, 3));
}

static IngestFakeS3Reply *
count_handler (const IngestFakeS3Request *request,
               gpointer                   data)
{
  guint *n = data;
  g_autofree char *body = g_strdup_printf ("%u", ++*n);

  return ingest_fake_s3_reply_new (404, NULL, body);
}

/* A handler answers after the script; freeing ends a hanging connection. */
static void
test_handler_and_hang (void)
{
  IngestFakeS3 *fake = ingest_fake_s3_new ();
  IngestFakeS3Reply *hang = ingest_fake_s3_reply_new (0, NULL, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  char byte;
  guint n = 0;

  ingest_fake_s3_set_handler (fake, count_handler, &n);
  a = exchange (fake, "GET /x HTTP/1.1\r\n\r\n");
  g_assert_true (g_str_has_prefix (a, "HTTP/1.1 404 Not Found\r\n"));
  g_assert_true (g_str_has_suffix (a, "\r\n\r\n1"));

  hang->hang = TRUE;
  ingest_fake_s3_push (fake, hang);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", ingest_fake_s3_get_port (fake), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), "GET /y HTTP/1.1\r\n\r\n",
                             strlen ("GET /y HTTP/1.1\r\n\r\n"), NULL, NULL, &error);
  g_assert_no_error (error);
  /* Freed while that connection waits: it is closed without an answer. */
  while (ingest_fake_s3_get_n_requests (fake) < 2)
    g_thread_yield ();
  ingest_fake_s3_free (fake);
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), &byte, 1,
                                        NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fake-s3/scripted", test_scripted);
  g_test_add_func ("/fake-s3/handler-and-hang", test_handler_and_hang);

  return g_test_run ();
}
