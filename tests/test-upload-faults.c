/* test-upload-faults.c
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

#define G_LOG_DOMAIN "test-upload-faults"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-rgw-harness.h"
#include "ingest-test-util.h"

#define MiB (1024 * 1024)

static IngestRgw *rgw;
static char *rgw_skip_reason;
static char *bucket;

static gboolean
need_rgw (void)
{
  if (rgw == NULL)
    g_test_skip (rgw_skip_reason);
  return rgw != NULL;
}

/*
 * A fault-injecting HTTP proxy on 127.0.0.1, in front of radosgw. It
 * understands just enough HTTP/1.1 to pass requests and responses one at a
 * time, and spoils every Nth request in turn: a dropped connection, a
 * delay, a 500, a 503 SlowDown, a response cut in half, or a request body
 * with one byte flipped. SigV4 signs the Host header the client sent, which
 * the proxy passes unchanged, so radosgw still checks every signature.
 */

typedef enum {
  FAULT_NONE,
  FAULT_DROP,
  FAULT_DELAY,
  FAULT_500,
  FAULT_503,
  FAULT_TRUNCATE,
  FAULT_CORRUPT,
  N_FAULTS
} Fault;

static const char *fault_names[N_FAULTS] = { "none", "drop", "delay", "500", "503", "truncate", "corrupt" };

typedef struct
{
  int      listen_fd;
  guint16  port;
  guint16  upstream_port;
  guint    every;
  GThread *thread;
  gint     stop;
  gint     n_requests;
  gint     counts[N_FAULTS];
} Proxy;

typedef struct
{
  int     fd;
  GString *buffer;   /* read but not consumed */
} Peer;

static gboolean
read_more (Peer *peer)
{
  char chunk[65536];
  ssize_t n;

  do
    n = read (peer->fd, chunk, sizeof chunk);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return FALSE;
  g_string_append_len (peer->buffer, chunk, n);
  return TRUE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Takes one head (up to and including the blank line) from @peer. */
static char *
read_head (Peer *peer)
{
  char *end;

  while ((end = strstr (peer->buffer->str, "\r\n\r\n")) == NULL)
    if (!read_more (peer))
      return NULL;
  {
    gsize len = end - peer->buffer->str + 4;
    char *head = g_strndup (peer->buffer->str, len);

    g_string_erase (peer->buffer, 0, len);
    return head;
  }
}

static gboolean
read_exactly (Peer    *peer,
              gsize    len,
              GString *out)
{
  while (peer->buffer->len < len)
    if (!read_more (peer))
      return FALSE;
  g_string_append_len (out, peer->buffer->str, len);
  g_string_erase (peer->buffer, 0, len);
  return TRUE;
}

static const char *
find_header (const char *head,
             const char *name)
{
  g_autofree char *needle = g_strdup_printf ("\r\n%s:", name);
  const char *p = strcasestr (head, needle);

  if (p == NULL)
    return NULL;
  p += strlen (needle);
  while (*p == ' ')
    p++;
  return p;
}

/* A chunked body, as sent (so it can be passed on unchanged). */
static gboolean
read_chunked (Peer    *peer,
              GString *out)
{
  for (;;)
    {
      char *eol;
      guint64 size;

      while ((eol = strstr (peer->buffer->str, "\r\n")) == NULL)
        if (!read_more (peer))
          return FALSE;
      size = g_ascii_strtoull (peer->buffer->str, NULL, 16);
      if (!read_exactly (peer, eol - peer->buffer->str + 2, out) || !read_exactly (peer, size + 2, out))
        return FALSE;
      if (size == 0)
        return TRUE;
    }
}

static void
proxy_connection (Proxy *proxy,
                  int    client_fd)
{
  Peer client = { client_fd, g_string_new (NULL) };
  Peer upstream = { -1, g_string_new (NULL) };
  struct sockaddr_in addr = { 0 };

  addr.sin_family = AF_INET;
  addr.sin_port = htons (proxy->upstream_port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  upstream.fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (connect (upstream.fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    goto out;

  for (;;)
    {
      g_autofree char *head = read_head (&client);
      g_autoptr(GString) request = NULL;
      g_autoptr(GString) response = NULL;
      g_autofree char *response_head = NULL;
      const char *value;
      gboolean is_head;
      guint64 body_len = 0;
      Fault fault = FAULT_NONE;
      guint n;
      int status;

      if (head == NULL)
        break;
      n = g_atomic_int_add (&proxy->n_requests, 1);
      if (proxy->every > 0 && n % proxy->every == proxy->every - 1)
        fault = 1 + (n / proxy->every) % (N_FAULTS - 1);
      g_atomic_int_inc (&proxy->counts[fault]);

      if (fault == FAULT_DROP)
        break;

      /* Answer 100-continue here and drop the header: bodies then flow on. */
      if (find_header (head, "Expect") != NULL)
        {
          g_autofree char *stripped = NULL;
          char *start = strcasestr (head, "\r\nExpect:");
          char *end = strstr (start + 2, "\r\n");
          g_autofree char *before = g_strndup (head, start - head);

          stripped = g_strconcat (before, end, NULL);
          g_free (head);
          head = g_steal_pointer (&stripped);
          if (!write_all (client.fd, "HTTP/1.1 100 Continue\r\n\r\n", 25))
            break;
        }
      if ((value = find_header (head, "Content-Length")) != NULL)
        body_len = g_ascii_strtoull (value, NULL, 10);
      request = g_string_new (head);
      if (!read_exactly (&client, body_len, request))
        break;

      if (fault == FAULT_500 || fault == FAULT_503)
        {
          const char *body = fault == FAULT_503
            ? "<Error><Code>SlowDown</Code><Message>injected</Message></Error>"
            : "<Error><Code>InternalError</Code><Message>injected</Message></Error>";
          g_autofree char *reply = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: application/xml\r\n"
                                                    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                                    fault == FAULT_503 ? "503 Slow Down" : "500 Internal Server Error",
                                                    strlen (body), body);

          write_all (client.fd, reply, strlen (reply));
          break;
        }
      if (fault == FAULT_DELAY)
        g_usleep (1500 * 1000);
      if (fault == FAULT_CORRUPT && body_len > 0)
        request->str[request->len - body_len / 2 - 1] ^= 0x01;

      if (!write_all (upstream.fd, request->str, request->len) ||
          (response_head = read_head (&upstream)) == NULL)
        break;
      status = atoi (response_head + 9);
      is_head = g_str_has_prefix (head, "HEAD ");
      response = g_string_new (response_head);
      if (!is_head && status != 204 && status != 304)
        {
          if ((value = find_header (response_head, "Transfer-Encoding")) != NULL && g_ascii_strncasecmp (value, "chunked", 7) == 0)
            {
              if (!read_chunked (&upstream, response))
                break;
            }
          else if ((value = find_header (response_head, "Content-Length")) != NULL)
            {
              if (!read_exactly (&upstream, g_ascii_strtoull (value, NULL, 10), response))
                break;
            }
        }

      if (fault == FAULT_TRUNCATE)
        {
          write_all (client.fd, response->str, response->len / 2);
          break;
        }
      if (!write_all (client.fd, response->str, response->len))
        break;
    }

out:
  if (upstream.fd >= 0)
    close (upstream.fd);
  close (client.fd);
  g_string_free (client.buffer, TRUE);
  g_string_free (upstream.buffer, TRUE);
}

static gpointer
connection_thread (gpointer data)
{
  gpointer *args = data;

  proxy_connection (args[0], GPOINTER_TO_INT (args[1]));
  g_free (args);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  Proxy *proxy = data;

  while (!g_atomic_int_get (&proxy->stop))
    {
      int fd = accept4 (proxy->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      gpointer *args;

      if (fd < 0)
        continue;
      if (g_atomic_int_get (&proxy->stop))
        {
          close (fd);
          break;
        }
      args = g_new (gpointer, 2);
      args[0] = proxy;
      args[1] = GINT_TO_POINTER (fd);
      g_thread_unref (g_thread_new ("proxy-conn", connection_thread, args));
    }
  return NULL;
}

static Proxy *
proxy_start (guint every)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  const char *port = strrchr (rgw->endpoint, ':');

  proxy->every = every;
  proxy->upstream_port = atoi (port + 1);
  proxy->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (proxy->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (proxy->listen_fd, 64), ==, 0);
  g_assert_cmpint (getsockname (proxy->listen_fd, (struct sockaddr *) &addr, &len), ==, 0);
  proxy->port = ntohs (addr.sin_port);
  proxy->thread = g_thread_new ("proxy", accept_thread, proxy);
  return proxy;
}

static void
proxy_stop (Proxy *proxy)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_atomic_int_set (&proxy->stop, 1);
  /* Wake accept() up. */
  addr.sin_family = AF_INET;
  addr.sin_port = htons (proxy->port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  connect (fd, (struct sockaddr *) &addr, sizeof addr);
  close (fd);
  g_thread_join (proxy->thread);
  close (proxy->listen_fd);
  g_free (proxy);
}

/*
 * Running a job in-process
 */

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  GPtrArray *states;   /* "path|state|message" for the S3 destination */
} Run;

static void
file_outcome_cb (IngestUploadJob   *job,
                 IngestFileOutcome *outcome,
                 Run               *run)
{
  for (guint i = 0; i < ingest_file_outcome_get_n_deliveries (outcome); i++)
    {
      const IngestDelivery *delivery = ingest_file_outcome_get_delivery (outcome, i);

      g_ptr_array_add (run->states, g_strdup_printf ("%s|%s|%s", ingest_file_outcome_get_path (outcome),
                                                     ingest_delivery_state_to_string (delivery->state),
                                                     delivery->reason ? delivery->reason : ""));
    }
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->ok = ingest_upload_job_run_finish (INGEST_UPLOAD_JOB (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
kill_gateway_cb (gpointer data)
{
  g_assert_true (ingest_rgw_kill (rgw, "rgw"));
  g_test_message ("radosgw killed");
  return G_SOURCE_REMOVE;
}

static gboolean
restart_gateway_cb (gpointer data)
{
  g_assert_true (ingest_rgw_restart (rgw));
  g_test_message ("radosgw restarted");
  return G_SOURCE_REMOVE;
}

/* Every file verified must be byte-identical in the bucket (read directly,
 * not through the proxy); every other one must say why. */
static guint
check_outcomes (Run        *run,
                const char *roll,
                const char *prefix)
{
  g_autoptr(IngestS3Client) direct = ingest_test_rgw_client (rgw);
  guint verified = 0;

  for (guint i = 0; i < run->states->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (run->states, i), "|", 3);
      g_autofree char *base = g_path_get_basename (fields[0]);
      g_autofree char *rollname = g_path_get_basename (roll);
      g_autofree char *key = g_strdup_printf ("%s/%s/%s", prefix, rollname, base);
      g_autofree char *path = g_build_filename (roll, base, NULL);

      if (g_str_equal (fields[1], "verified"))
        {
          ingest_test_assert_object_equals_file (direct, bucket, key, path);
          verified++;
        }
      else
        {
          g_test_message ("%s: %s: %s", fields[0], fields[1], fields[2]);
          g_assert_cmpstr (fields[2], !=, "");
        }
    }
  return verified;
}

static void
run_job_through (const char  *endpoint,
                 const char  *drive,
                 const char  *prefix,
                 guint64      bwlimit,
                 guint        kill_after_ms,
                 Run         *run)
{
  g_autoptr(IngestS3Client) client = ingest_test_s3_client (endpoint, rgw->access_key, rgw->secret_key);
  g_autoptr(IngestS3Destination) s3 = ingest_s3_destination_new (client, bucket, prefix, NULL);
  g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);

  /* A stalled transfer gives up after 5 s instead of 30. */
  ingest_s3_client_set_low_speed_time (client, 5);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  ingest_s3_destination_set_parts_in_flight (s3, 3);
  ingest_s3_destination_set_bandwidth_limit (s3, bwlimit);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_set_upload_history (job, FALSE);

  run->loop = g_main_loop_new (NULL, FALSE);
  run->states = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (job, "file-outcome", G_CALLBACK (file_outcome_cb), run);
  if (kill_after_ms > 0)
    {
      g_timeout_add (kill_after_ms, kill_gateway_cb, NULL);
      g_timeout_add (kill_after_ms + 1500, restart_gateway_cb, NULL);
    }
  ingest_upload_job_run_async (job, NULL, run_done_cb, run);
  g_main_loop_run (run->loop);
  g_main_loop_unref (run->loop);
}

/*
 * Tests
 */

static void
test_proxy_faults (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *endpoint = NULL;
  const gsize sizes[] = { 23 * MiB + 11, 17 * MiB, 2 * MiB, 40 * 1024, 1 };
  Proxy *proxy;
  Run run = { 0 };
  guint verified;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-proxy-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "P001", NULL);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 300);

  /* Every 2nd request spoiled, each kind of fault in turn. */
  proxy = proxy_start (2);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
  run_job_through (endpoint, drive, "proxy", 0, 0, &run);
  for (guint f = 0; f < N_FAULTS; f++)
    g_test_message ("%s: %d", fault_names[f], proxy->counts[f]);
  for (guint f = 1; f < N_FAULTS; f++)
    g_assert_cmpint (proxy->counts[f], >, 0);
  proxy_stop (proxy);

  verified = check_outcomes (&run, roll, "proxy");
  g_assert_no_error (run.error);
  /* With retries every file gets through the faults. */
  g_assert_cmpuint (verified, ==, G_N_ELEMENTS (sizes));
  g_assert_true (run.ok);

  g_ptr_array_unref (run.states);
  ingest_test_rm_rf (dir);
}

static void
test_gateway_restart (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  const gsize sizes[] = { 40 * MiB };
  Run run = { 0 };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-restart-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "G001", NULL);
  ingest_test_make_mhl_roll (roll, sizes, 1, 400);

  /* 10 MiB/s: radosgw dies about a quarter of the way through. */
  run_job_through (rgw->endpoint, drive, "restart", 10 * MiB, 1000, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (check_outcomes (&run, roll, "restart"), ==, 1);
  g_assert_true (run.ok);

  g_ptr_array_unref (run.states);
  ingest_test_rm_rf (dir);
}

/* kill -9 of `ingestctl ingest` at random points, then a run to the end. */
static void
test_kill_trials (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *clip = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  const gsize sizes[] = { 31 * MiB + 777, 3 * MiB };
  guint n_resumed = 0;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-trials-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "T001", NULL);
  clip = g_build_filename (roll, "clip0.mov", NULL);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 500);
  client = ingest_test_rgw_client (rgw);

  for (guint trial = 0; trial < 10; trial++)
    {
      g_autofree char *catalog_path = g_strdup_printf ("%s/catalog-%u.db", dir, trial);
      g_autofree char *to = g_strdup_printf ("s3://%s/trial%u", bucket, trial);
      g_autofree char *key = g_strdup_printf ("trial%u/T001/clip0.mov", trial);
      g_autoptr(IngestCatalog) catalog = NULL;
      g_autoptr(JsonObject) summary = NULL;
      g_autoptr(GError) error = NULL;
      const char *slow[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "5M",
                             "--parts-in-flight", "2", "--bwlimit", "20M", "--no-history", NULL };
      const char *fast[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "5M",
                             "--parts-in-flight", "2", "--no-history", NULL };
      guint64 journaled = 0, on_server = 0;
      guint delay_ms = g_test_rand_int_range (100, 1800);
      int fd;
      GPid pid;

      pid = ingest_test_spawn_ingest (rgw, slow, &fd);
      g_usleep (delay_ms * 1000);
      kill (pid, SIGKILL);
      ingest_test_wait_child (pid);
      close (fd);

      catalog = ingest_catalog_open (catalog_path, &error);
      g_assert_no_error (error);
      {
        g_autoptr(GPtrArray) live = ingest_upload_journal_list (catalog, TRUE, &error);

        g_assert_no_error (error);
        for (guint i = 0; i < live->len; i++)
          {
            IngestUploadRecord *record = g_ptr_array_index (live, i);
            g_autoptr(GPtrArray) listed = NULL;

            if (record->remote_upload_id == NULL)
              continue;
            listed = ingest_s3_client_list_parts (client, bucket, record->key, record->remote_upload_id,
                                                  0, NULL, NULL, &error);
            /* Killed right after completing (the journal says "completing", or
             * "verifying" once the answer came back): the upload became the object. */
            if (g_error_matches (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD) &&
                (g_str_equal (record->state, "completing") || g_str_equal (record->state, "verifying")))
              {
                g_test_message ("trial %u: killed between completion and the journal", trial);
                g_clear_error (&error);
                continue;
              }
            g_assert_no_error (error);
            journaled += record->bytes_journaled;
            for (guint p = 0; p < listed->len; p++)
              on_server += ((IngestS3Part *) g_ptr_array_index (listed, p))->size;
          }
      }
      g_clear_object (&catalog);

      pid = ingest_test_spawn_ingest (rgw, fast, &fd);
      summary = ingest_test_read_json_summary (fd);
      g_assert_cmpint (WEXITSTATUS (ingest_test_wait_child (pid)), ==, 0);
      g_test_message ("trial %u: killed after %u ms; %" G_GUINT64_FORMAT " bytes journaled, %" G_GUINT64_FORMAT
                      " on the server; resumed %" G_GINT64_FORMAT, trial, delay_ms, journaled, on_server,
                      json_object_get_int_member (summary, "bytes_resumed"));
      g_assert_cmpint (json_object_get_int_member (summary, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 0);
      /* Journaled parts are never sent again; unjournaled ones are, and
       * they are at most the parts that were in flight. */
      g_assert_cmpint (json_object_get_int_member (summary, "bytes_resumed"), >=, journaled);
      g_assert_cmpuint (on_server - journaled, <=, 2 * 5 * MiB);
      if (journaled > 0)
        n_resumed++;
      ingest_test_assert_object_equals_file (client, bucket, key, clip);
    }
  /* Most kills land mid-file. */
  g_assert_cmpuint (n_resumed, >=, 3);
  ingest_test_rm_rf (dir);
}

/* The OSD stalls (radosgw accepts and hangs): the first request (the
 * listing before anything is sent) times out and fails clearly instead of
 * hanging, and it works once the OSD is back. */
static void
test_osd_stall (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (MiB);
  IngestUploadSource source = { 0 };
  gint64 start;

  if (!need_rgw ())
    return;

  for (gsize i = 0; i < MiB; i++)
    data[i] = i * 7;
  client = ingest_test_rgw_client (rgw);
  ingest_s3_client_set_low_speed_time (client, 3);
  destination = ingest_s3_destination_new (client, bucket, "stall", NULL);
  ingest_s3_destination_set_max_attempts (destination, 2);
  source.path = "/nowhere/stall.bin";
  source.key = "stall.bin";
  source.size = MiB;
  source.mtime_ns = 1;

  g_assert_true (ingest_rgw_kill (rgw, "osd"));
  start = g_get_monotonic_time ();
  {
    /* The first request is the look at what the key holds (a listing). */
    g_autoptr(IngestDestinationFile) file = ingest_destination_begin (INGEST_DESTINATION (destination), &source, NULL, &error);

    g_assert_null (file);
    g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_TIMEOUT);
    g_assert_nonnull (strstr (error->message, "cannot list s3://"));
    g_test_message ("stalled: %s after %.1f s", error->message, (g_get_monotonic_time () - start) / 1e6);
    g_clear_error (&error);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);

  g_assert_true (ingest_rgw_restart (rgw));
  ingest_s3_destination_set_max_attempts (destination, 8);
  {
    g_autoptr(IngestDestinationFile) file = ingest_destination_begin (INGEST_DESTINATION (destination), &source, NULL, &error);
    g_autoptr(GBytes) object = NULL;

    g_assert_no_error (error);
    g_assert_true (ingest_destination_write (file, data, MiB, 0, NULL));
    g_assert_true (ingest_destination_finish (file, NULL, &error));
    g_assert_no_error (error);
    object = ingest_s3_client_get_object (client, bucket, "stall/stall.bin", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (object, NULL), g_bytes_get_size (object), data, MiB);
  }
}

/* Over quota: the job stops at once with a clear error, and nothing over
 * the quota is marked verified. A user of its own, so other tests keep theirs. */
static void
test_quota (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *out = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) s3 = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GError) error = NULL;
  const gsize sizes[] = { 12 * MiB, 12 * MiB, 12 * MiB };
  Run run = { 0 };

  if (!need_rgw ())
    return;

  out = ingest_rgw_admin (rgw, "user", "create", "--uid=upload-quota", "--display-name=Quota",
                          "--access-key=UPLOADQUOTAACCESS01", "--secret=upload-quota-secret-0123456789", NULL);
  g_assert_nonnull (out);
  g_clear_pointer (&out, g_free);
  out = ingest_rgw_admin (rgw, "quota", "set", "--quota-scope=bucket", "--uid=upload-quota", "--max-size=20M", NULL);
  g_assert_nonnull (out);
  g_clear_pointer (&out, g_free);
  out = ingest_rgw_admin (rgw, "quota", "enable", "--quota-scope=bucket", "--uid=upload-quota", NULL);
  g_assert_nonnull (out);

  dir = ingest_test_make_tmpdir ("upload-quota-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "Q001", NULL);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 600);

  client = ingest_test_s3_client (rgw->endpoint, "UPLOADQUOTAACCESS01", "upload-quota-secret-0123456789");
  g_assert_true (ingest_s3_client_create_bucket (client, "ingest-upload-quota", NULL, &error));
  g_assert_no_error (error);
  s3 = ingest_s3_destination_new (client, "ingest-upload-quota", NULL, NULL);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  job = ingest_upload_job_new (drive);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_set_n_threads (job, 1);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.states = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (job, "file-outcome", G_CALLBACK (file_outcome_cb), &run);
  ingest_upload_job_run_async (job, NULL, run_done_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  g_assert_error (run.error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED);
  g_test_message ("%s", run.error->message);
  g_assert_false (run.ok);
  for (guint i = 0; i < run.states->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (run.states, i), "|", 3);

      g_test_message ("%s", (char *) g_ptr_array_index (run.states, i));
      if (g_str_equal (fields[1], "verified"))
        {
          g_autofree char *path = g_build_filename (drive, fields[0], NULL);

          ingest_test_assert_object_equals_file (client, "ingest-upload-quota", fields[0], path);
        }
    }
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), <, G_N_ELEMENTS (sizes));
  g_clear_error (&run.error);
  g_ptr_array_unref (run.states);
  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);

  g_test_add_func ("/upload-faults/proxy", test_proxy_faults);
  g_test_add_func ("/upload-faults/gateway-restart", test_gateway_restart);
  g_test_add_func ("/upload-faults/kill-trials", test_kill_trials);
  g_test_add_func ("/upload-faults/osd-stall", test_osd_stall);
  g_test_add_func ("/upload-faults/quota", test_quota);

  rgw = ingest_rgw_start ();
  bucket = ingest_test_rgw_new_bucket (rgw, "ingest-faults");

  ret = g_test_run ();

  g_clear_pointer (&rgw, ingest_rgw_stop);
  g_free (bucket);
  g_free (rgw_skip_reason);
  return ret;
}
