/* ingest-rgw-harness.c
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

#define G_LOG_DOMAIN "ingest-rgw-harness"

#include "config.h"

#include <stdarg.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ingest-rgw-harness.h"
#include "ingest-test-util.h"

static const char * const needed_programs[] = {
  "ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "monmaptool", "ceph", "uuidgen", "curl",
};

/* A port the kernel says is free on 127.0.0.1 right now. */
static guint16
pick_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
script_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "rgw", "rgw.sh", NULL);
}

/* Runs rgw.sh with ARGS; its stderr goes into *OUTPUT on failure. */
static gboolean
run_script (const char * const  *args,
            char               **output)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, script_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  /* Daemons inherit no pipe of ours (the script sends their output to
   * files), so this returns as soon as the script does. */
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &wait_status, &error))
    {
      if (output != NULL)
        *output = g_strdup (error->message);
      return FALSE;
    }
  if (output != NULL)
    *output = g_steal_pointer (&err);
  return g_spawn_check_wait_status (wait_status, NULL);
}

static char *
env_value (const char *env_text,
           const char *name)
{
  g_auto(GStrv) lines = g_strsplit (env_text, "\n", -1);
  g_autofree char *prefix = g_strconcat (name, "=", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i] + strlen (prefix));
  return NULL;
}

static gboolean
read_env (IngestRgw *rgw)
{
  g_autofree char *path = g_build_filename (rgw->dir, "env", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_free (rgw->endpoint);
  g_free (rgw->access_key);
  g_free (rgw->secret_key);
  g_free (rgw->uid);
  rgw->endpoint = env_value (text, "RGW_ENDPOINT");
  rgw->access_key = env_value (text, "RGW_ACCESS_KEY");
  rgw->secret_key = env_value (text, "RGW_SECRET_KEY");
  rgw->uid = env_value (text, "RGW_UID");
  return rgw->endpoint != NULL && rgw->access_key != NULL && rgw->secret_key != NULL;
}

/**
 * ingest_rgw_start:
 * @skip_reason: (out): why there is no server, when %NULL is returned
 *
 * Starts a fresh cluster in a temporary directory (about 2 s). Without the
 * Ceph packages the caller should skip its tests with @skip_reason — except
 * as root (CI), where missing packages or a failed start is a test failure.
 *
 * Returns: (transfer full) (nullable): the running server
 */
IngestRgw *
ingest_rgw_start (char **skip_reason)
{
  g_autofree char *mon_port = NULL;
  g_autofree char *rgw_port = NULL;
  g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *output = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gboolean must_run = geteuid () == 0;
  IngestRgw *rgw;

  for (guint i = 0; i < G_N_ELEMENTS (needed_programs); i++)
    if (!ingest_test_have_program (needed_programs[i]))
      {
        g_autofree char *reason = g_strdup_printf ("%s is not installed: the S3 tests need Ceph RGW "
                                                   "(apt-get install ceph-mon ceph-osd radosgw ceph-common; "
                                                   "./station test installs them)", needed_programs[i]);
        if (must_run)
          g_error ("%s", reason);
        *skip_reason = g_steal_pointer (&reason);
        return NULL;
      }

  rgw = g_new0 (IngestRgw, 1);
  rgw->dir = ingest_test_make_tmpdir ("ingest-rgw");
  mon_port = g_strdup_printf ("%u", pick_free_port ());
  rgw_port = g_strdup_printf ("%u", pick_free_port ());

  {
    const char *args[] = { "start", rgw->dir, mon_port, rgw_port, owner, NULL };

    if (!run_script (args, &output) || !read_env (rgw))
      {
        g_autofree char *reason = g_strdup_printf ("Ceph RGW did not start: %s", output ? output : "");

        ingest_rgw_stop (rgw);
        if (must_run)
          g_error ("%s", reason);
        *skip_reason = g_steal_pointer (&reason);
        return NULL;
      }
  }

  rgw->start_seconds = g_timer_elapsed (timer, NULL);
  g_test_message ("Ceph RGW up at %s in %.2f s (state in %s)", rgw->endpoint, rgw->start_seconds, rgw->dir);
  return rgw;
}

/* Stops every daemon by its PID and removes the state directory. */
void
ingest_rgw_stop (IngestRgw *rgw)
{
  const char *args[] = { "stop", NULL, NULL };

  if (rgw == NULL)
    return;

  args[1] = rgw->dir;
  run_script (args, NULL);
  ingest_test_rm_rf (rgw->dir);
  g_free (rgw->dir);
  g_free (rgw->endpoint);
  g_free (rgw->access_key);
  g_free (rgw->secret_key);
  g_free (rgw->uid);
  g_free (rgw);
}

/* SIGKILL one daemon ("mon", "osd" or "rgw"), for fault tests. */
gboolean
ingest_rgw_kill (IngestRgw  *rgw,
                 const char *daemon)
{
  const char *args[] = { "kill", rgw->dir, daemon, NULL };

  return run_script (args, NULL);
}

/* Starts the daemons that are not running (e.g. after ingest_rgw_kill())
 * again on the same data and ports; the others keep running. */
gboolean
ingest_rgw_restart (IngestRgw *rgw)
{
  g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
  const char *args[] = { "start", rgw->dir, "0", "0", owner, NULL };

  return run_script (args, NULL) && read_env (rgw);
}

/**
 * ingest_rgw_admin:
 * @first_arg: the first radosgw-admin argument, then more, then %NULL
 *
 * Runs radosgw-admin against the test cluster (quotas, users...).
 *
 * Returns: (transfer full) (nullable): its output, %NULL if it failed
 */
char *
ingest_rgw_admin (IngestRgw  *rgw,
                  const char *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int wait_status = 0;
  va_list ap;

  g_ptr_array_add (argv, g_strdup ("radosgw-admin"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_build_filename (rgw->dir, "ceph.conf", NULL));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &wait_status, &error)
      || !g_spawn_check_wait_status (wait_status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}
