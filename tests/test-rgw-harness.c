/* test-rgw-harness.c
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

#include "config.h"

#include <sys/wait.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* The S3 tests' own Ceph clusters side by side: two started at once (as two
 * test runs do, or a run next to a user's own Ceph) keep to their own ports,
 * data and keys, and a gateway port another program took is a failed start,
 * never a start that talks to the other program. */

static gpointer
start_thread (gpointer data)
{
  return ingest_rgw_start ();
}

static char *
endpoint_port (IngestRgw *rgw)
{
  return g_strdup (strrchr (rgw->endpoint, ':') + 1);
}

/* Each cluster's keys open only its own gateway; what one stores, the other
 * never shows. */
static void
test_two_at_once (void)
{
  GThread *threads[2];
  IngestRgw *rgw[2];
  char *bucket[2];

  threads[0] = g_thread_new ("rgw-a", start_thread, NULL);
  threads[1] = g_thread_new ("rgw-b", start_thread, NULL);
  rgw[0] = g_thread_join (threads[0]);
  rgw[1] = g_thread_join (threads[1]);

  g_assert_cmpstr (rgw[0]->endpoint, !=, rgw[1]->endpoint);
  g_assert_cmpstr (rgw[0]->access_key, !=, rgw[1]->access_key);
  g_assert_cmpstr (rgw[0]->secret_key, !=, rgw[1]->secret_key);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(IngestS3Client) client = ingest_test_rgw_client (rgw[i]);
      g_autofree char *key = g_strdup_printf ("only-in-%u", i);
      g_autofree char *etag = NULL;
      g_autoptr(GError) error = NULL;

      bucket[i] = ingest_test_rgw_new_bucket (rgw[i], "two-at-once");
      etag = ingest_s3_client_put_object (client, bucket[i], key, (const guint8 *) key, strlen (key),
                                          NULL, NULL, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 2; i++)
    {
      guint other = 1 - i;
      g_autoptr(IngestS3Client) client = ingest_test_rgw_client (rgw[i]);
      g_autoptr(IngestS3Client) stranger = ingest_test_s3_client (rgw[i]->endpoint, rgw[other]->access_key,
                                                                  rgw[other]->secret_key);
      g_autofree char *key = g_strdup_printf ("only-in-%u", i);
      g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw[i], bucket[i], "", FALSE);
      g_autoptr(GBytes) object = NULL;
      g_autoptr(GBytes) refused = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *other_bucket_arg = g_strdup_printf ("--bucket=%s", bucket[other]);
      g_autofree char *other_listing = NULL;

      /* its own object, read back through its gateway and its admin tool */
      object = ingest_s3_client_get_object (client, bucket[i], key, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (object, NULL), g_bytes_get_size (object), key, strlen (key));
      g_assert_cmpuint (keys->len, ==, 1);
      g_assert_cmpstr (keys->pdata[0], ==, key);

      /* the other cluster's bucket is not here, nor are its keys valid */
      other_listing = ingest_rgw_admin (rgw[i], "bucket", "list", other_bucket_arg, NULL);
      g_assert_null (other_listing);
      refused = ingest_s3_client_get_object (stranger, bucket[i], key, NULL, &error);
      g_assert_null (refused);
      g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
    }

  for (guint i = 0; i < 2; i++)
    {
      ingest_rgw_stop (rgw[i]);
      g_free (bucket[i]);
    }
}

/* A cluster asked to serve on a port another gateway holds (a second test
 * run's, or the user's own radosgw) does not start; its environment is not
 * written, so no test can be sent to the other gateway. */
static void
test_port_taken (void)
{
  IngestRgw *rgw = ingest_rgw_start ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "rgw", "rgw.sh", NULL);
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-rgw-taken");
  g_autofree char *env = g_build_filename (dir, "env", NULL);
  g_autofree char *taken = endpoint_port (rgw);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *start[] = { script, "start", dir, "0", taken, NULL };
  const char *stop[] = { script, "stop", dir, NULL };
  guint16 mon_port;
  int wait_status;

  /* a free monitor port, held until the script runs */
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
    g_assert_no_error (error);
    g_socket_bind (socket, any, FALSE, &error);
    g_assert_no_error (error);
    bound = g_socket_get_local_address (socket, &error);
    g_assert_no_error (error);
    mon_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  start[3] = g_strdup_printf ("%u", mon_port);
  g_clear_object (&socket);

  g_spawn_sync (NULL, (char **) start, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("rgw.sh on a taken port: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 3);
  g_assert_nonnull (strstr (err, taken));
  g_assert_false (g_file_test (env, G_FILE_TEST_EXISTS));

  g_spawn_sync (NULL, (char **) stop, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_free ((char *) start[3]);
  ingest_test_rm_rf (dir);

  /* the gateway that held the port still serves its own cluster */
  {
    g_autoptr(IngestS3Client) client = ingest_test_rgw_client (rgw);
    g_autofree char *bucket = ingest_test_rgw_new_bucket (rgw, "still-mine");
    g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw, bucket, "", FALSE);

    g_assert_nonnull (client);
    g_assert_cmpuint (keys->len, ==, 0);
  }
  ingest_rgw_stop (rgw);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);

  g_test_add_func ("/rgw-harness/two-at-once", test_two_at_once);
  g_test_add_func ("/rgw-harness/port-taken", test_port_taken);

  return g_test_run ();
}
