/* ingest-fake-s3.c
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

#define G_LOG_DOMAIN "ingest-fake-s3"

#include "config.h"

#include <string.h>

#include "ingest-fake-s3.h"

#define MAX_HEAD (64 * 1024)

struct _IngestFakeS3
{
  GMutex               lock;
  GCond                cond;      /* signalled when stopping */
  gboolean             stopping;
  GSocket             *listener;
  guint16              port;
  GCancellable        *stop;
  GThread             *accept_thread;
  GPtrArray           *workers;   /* GThread */
  GQueue               script;    /* IngestFakeS3Reply */
  IngestFakeS3Handler  handler;
  gpointer             handler_data;
  GPtrArray           *requests;  /* IngestFakeS3Request, refcounted */
  gboolean             record;
  GArray              *arrivals;  /* IngestFakeS3Arrival */
};

typedef struct
{
  IngestFakeS3 *fake;
  GSocket      *conn;
} Connection;

static void
request_clear (gpointer data)
{
  IngestFakeS3Request *request = data;

  g_free (request->request_line);
  g_free (request->method);
  g_free (request->target);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
}

void
ingest_fake_s3_request_free (IngestFakeS3Request *request)
{
  if (request != NULL)
    g_atomic_rc_box_release_full (request, request_clear);
}

IngestFakeS3Reply *
ingest_fake_s3_reply_new (guint       status,
                          const char *headers,
                          const char *body)
{
  IngestFakeS3Reply *reply = g_new0 (IngestFakeS3Reply, 1);

  reply->status = status;
  reply->headers = g_strdup (headers != NULL ? headers : "");
  reply->body = g_bytes_new (body != NULL ? body : "", body != NULL ? strlen (body) : 0);
  reply->content_length = -1;
  reply->close_after = -1;
  return reply;
}

/* An S3 error document, as AWS words them. */
IngestFakeS3Reply *
ingest_fake_s3_reply_new_error (guint       status,
                                const char *code,
                                const char *message)
{
  g_autofree char *xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code>"
                                          "<Message>%s</Message></Error>", code, message);

  return ingest_fake_s3_reply_new (status, "Content-Type: application/xml\r\n", xml);
}

void
ingest_fake_s3_reply_free (IngestFakeS3Reply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->headers);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply);
}

static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

static gboolean
send_all (IngestFakeS3 *self,
          GSocket      *conn,
          const char   *data,
          gsize         len)
{
  while (len > 0)
    {
      gssize n = g_socket_send (conn, data, len, self->stop, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* The request's head through its blank line; NULL if the connection ends
 * (or the fake stops) first. */
static char *
read_head (IngestFakeS3 *self,
           GSocket      *conn)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char c;

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (head->len > MAX_HEAD || g_socket_receive (conn, &c, 1, self->stop, NULL) != 1)
        return NULL;
      g_string_append_c (head, c);
    }
  return g_string_free (g_steal_pointer (&head), FALSE);
}

static IngestFakeS3Request *
parse_head (const char *head)
{
  IngestFakeS3Request *request = g_atomic_rc_box_new0 (IngestFakeS3Request);
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  g_auto(GStrv) words = g_strsplit (lines[0], " ", 3);

  request->request_line = g_strdup (lines[0]);
  request->method = g_strdup (words[0]);
  request->target = g_strdup (words[0] != NULL ? words[1] : NULL);
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon != NULL)
        {
          *colon = '\0';
          g_hash_table_insert (request->headers, g_ascii_strdown (lines[i], -1), g_strdup (g_strstrip (colon + 1)));
        }
    }
  return request;
}

static gboolean
read_body (IngestFakeS3        *self,
           GSocket             *conn,
           IngestFakeS3Request *request)
{
  const char *length_text = g_hash_table_lookup (request->headers, "content-length");
  gsize length = length_text != NULL ? g_ascii_strtoull (length_text, NULL, 10) : 0;
  gboolean object_data = g_strcmp0 (request->method, "PUT") == 0;
  guint8 *buf = g_malloc (length + 1);
  gsize got = 0;

  while (got < length)
    {
      gssize n = g_socket_receive (conn, (char *) buf + got, MIN (length - got, 64 * 1024), self->stop, NULL);

      if (n <= 0)
        {
          g_free (buf);
          return FALSE;
        }
      if (object_data)
        {
          IngestFakeS3Arrival arrival = { g_get_monotonic_time (), n };

          g_mutex_lock (&self->lock);
          if (self->record)
            g_array_append_val (self->arrivals, arrival);
          g_mutex_unlock (&self->lock);
        }
      got += n;
    }
  buf[length] = '\0';   /* a text body can be read as a string */
  request->body = g_bytes_new_take (buf, length);
  return TRUE;
}

static IngestFakeS3Reply *
default_reply (const IngestFakeS3Request *request)
{
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, request->body);
  g_autofree char *headers = g_strdup_printf ("ETag: \"%s\"\r\n", md5);

  return ingest_fake_s3_reply_new (200, headers, NULL);
}

/* Waits until @deadline (monotonic µs, G_MAXINT64: forever) or the stop. */
static void
wait_until_stopping (IngestFakeS3 *self,
                     gint64        deadline)
{
  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      if (deadline == G_MAXINT64)
        g_cond_wait (&self->cond, &self->lock);
      else if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
        break;
    }
  g_mutex_unlock (&self->lock);
}

static void
serve (IngestFakeS3 *self,
       GSocket      *conn)
{
  g_autofree char *head = read_head (self, conn);
  g_autoptr(IngestFakeS3Request) request = NULL;
  g_autoptr(IngestFakeS3Reply) reply = NULL;
  g_autoptr(GString) answer = NULL;
  gint64 content_length;
  gsize len;

  if (head == NULL)
    return;
  request = parse_head (head);
  if (g_strcmp0 (g_hash_table_lookup (request->headers, "expect"), "100-continue") == 0 &&
      !send_all (self, conn, "HTTP/1.1 100 Continue\r\n\r\n", strlen ("HTTP/1.1 100 Continue\r\n\r\n")))
    return;
  if (!read_body (self, conn, request))
    return;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, g_atomic_rc_box_acquire (request));
  reply = g_queue_pop_head (&self->script);
  if (reply == NULL && self->handler != NULL)
    reply = self->handler (request, self->handler_data);
  g_mutex_unlock (&self->lock);
  if (reply == NULL)
    reply = default_reply (request);

  if (reply->hang)
    {
      wait_until_stopping (self, G_MAXINT64);
      return;
    }
  if (reply->delay_ms > 0)
    wait_until_stopping (self, g_get_monotonic_time () + reply->delay_ms * G_TIME_SPAN_MILLISECOND);

  content_length = reply->content_length >= 0 ? reply->content_length : (gint64) g_bytes_get_size (reply->body);
  answer = g_string_new (NULL);
  g_string_append_printf (answer, "HTTP/1.1 %u %s\r\n%sContent-Length: %" G_GINT64_FORMAT "\r\n"
                          "Connection: close\r\n\r\n",
                          reply->status, reason_phrase (reply->status), reply->headers, content_length);
  g_string_append_len (answer, g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
  len = reply->close_after >= 0 ? MIN ((gsize) reply->close_after, answer->len) : answer->len;
  send_all (self, conn, answer->str, len);
}

static gpointer
connection_thread (gpointer data)
{
  Connection *connection = data;

  serve (connection->fake, connection->conn);
  g_socket_shutdown (connection->conn, FALSE, TRUE, NULL);
  g_socket_close (connection->conn, NULL);
  g_object_unref (connection->conn);
  g_free (connection);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  IngestFakeS3 *self = data;
  GSocket *conn;

  while ((conn = g_socket_accept (self->listener, self->stop, NULL)) != NULL)
    {
      Connection *connection = g_new0 (Connection, 1);

      connection->fake = self;
      connection->conn = conn;
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->workers, g_thread_new ("fake-s3-conn", connection_thread, connection));
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

IngestFakeS3 *
ingest_fake_s3_new (void)
{
  IngestFakeS3 *self = g_new0 (IngestFakeS3, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->script);
  self->stop = g_cancellable_new ();
  self->workers = g_ptr_array_new ();
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_fake_s3_request_free);
  self->arrivals = g_array_new (FALSE, FALSE, sizeof (IngestFakeS3Arrival));

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  self->accept_thread = g_thread_new ("fake-s3", accept_thread, self);
  return self;
}

/* Stops listening, ends every connection (hanging ones too) and waits for
 * their threads. */
void
ingest_fake_s3_free (IngestFakeS3 *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->stop);
  g_thread_join (self->accept_thread);
  for (guint i = 0; i < self->workers->len; i++)
    g_thread_join (g_ptr_array_index (self->workers, i));

  g_ptr_array_unref (self->workers);
  g_queue_clear_full (&self->script, (GDestroyNotify) ingest_fake_s3_reply_free);
  g_ptr_array_unref (self->requests);
  g_array_unref (self->arrivals);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->stop);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint16
ingest_fake_s3_get_port (IngestFakeS3 *self)
{
  return self->port;
}

/* "http://127.0.0.1:PORT" */
char *
ingest_fake_s3_dup_endpoint (IngestFakeS3 *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

void
ingest_fake_s3_set_handler (IngestFakeS3        *self,
                            IngestFakeS3Handler  handler,
                            gpointer             user_data)
{
  g_mutex_lock (&self->lock);
  self->handler = handler;
  self->handler_data = user_data;
  g_mutex_unlock (&self->lock);
}

/* Takes @reply: the answer to the next request not yet answered. */
void
ingest_fake_s3_push (IngestFakeS3      *self,
                     IngestFakeS3Reply *reply)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->script, reply);
  g_mutex_unlock (&self->lock);
}

/* Whether to note when the body bytes of PUTs come (all connections). */
void
ingest_fake_s3_record_arrivals (IngestFakeS3 *self,
                                gboolean      record)
{
  g_mutex_lock (&self->lock);
  self->record = record;
  g_mutex_unlock (&self->lock);
}

GArray *
ingest_fake_s3_dup_arrivals (IngestFakeS3 *self)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (IngestFakeS3Arrival));

  g_mutex_lock (&self->lock);
  g_array_append_vals (copy, self->arrivals->data, self->arrivals->len);
  g_mutex_unlock (&self->lock);
  return copy;
}

/* Requests whose head and body came (answered or about to be). */
guint
ingest_fake_s3_get_n_requests (IngestFakeS3 *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->requests->len;
  g_mutex_unlock (&self->lock);
  return n;
}

/* The request at @index (negative: from the end, -1 the last), or NULL. */
IngestFakeS3Request *
ingest_fake_s3_dup_request (IngestFakeS3 *self,
                            int           index)
{
  IngestFakeS3Request *request = NULL;

  g_mutex_lock (&self->lock);
  if (index < 0)
    index += self->requests->len;
  if (index >= 0 && (guint) index < self->requests->len)
    request = g_atomic_rc_box_acquire (g_ptr_array_index (self->requests, index));
  g_mutex_unlock (&self->lock);
  return request;
}

/* Around reading what a handler keeps. */
void
ingest_fake_s3_lock (IngestFakeS3 *self)
{
  g_mutex_lock (&self->lock);
}

void
ingest_fake_s3_unlock (IngestFakeS3 *self)
{
  g_mutex_unlock (&self->lock);
}
