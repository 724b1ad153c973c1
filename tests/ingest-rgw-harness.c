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
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "ingest-rgw-harness.h"
#include "ingest-test-util.h"

/* A socket bound to a port of 127.0.0.1 the kernel says is free; the port is
 * ours while the socket is open. */
static GSocket *
bind_free_port (guint16 *port)
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
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

static char *
script_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "rgw", "rgw.sh", NULL);
}

/* Runs rgw.sh with ARGS; its stderr goes into *OUTPUT. Returns its exit
 * status (-1 when it could not run or died). */
static int
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
      return -1;
    }
  if (output != NULL)
    *output = g_steal_pointer (&err);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
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

/* rgw.sh's exit status when a port it was given was taken meanwhile. */
#define PORT_TAKEN 3

/* Starts a fresh cluster on two free ports; NULL with *OUTPUT set when it
 * did not start, *PORT_TAKEN set when only because a port was taken. */
static IngestRgw *
start_cluster (char     **output,
               gboolean  *port_taken)
{
  g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *mon_port = NULL;
  g_autofree char *rgw_port = NULL;
  g_autoptr(GSocket) mon_socket = NULL;
  g_autoptr(GSocket) rgw_socket = NULL;
  IngestRgw *rgw = g_new0 (IngestRgw, 1);
  guint16 port;
  int status;

  rgw->dir = ingest_test_make_tmpdir ("ingest-rgw");
  /* Both held while the second is picked, so that they differ. Another
   * program may still take one before the daemon binds it: rgw.sh then
   * exits with PORT_TAKEN, and the caller tries other ports. */
  mon_socket = bind_free_port (&port);
  mon_port = g_strdup_printf ("%u", port);
  rgw_socket = bind_free_port (&port);
  rgw_port = g_strdup_printf ("%u", port);
  g_clear_object (&mon_socket);
  g_clear_object (&rgw_socket);

  {
    const char *args[] = { "start", rgw->dir, mon_port, rgw_port, owner, NULL };

    status = run_script (args, output);
  }
  *port_taken = status == PORT_TAKEN;
  if (status != 0 || !read_env (rgw))
    {
      ingest_rgw_stop (rgw);
      return NULL;
    }
  return rgw;
}

/**
 * ingest_rgw_start:
 *
 * Starts a fresh cluster in a temporary directory (about 2 s), on ports of
 * its own. Without the Ceph packages, or when it does not start, the test
 * fails naming what is missing (`./station test` installs them).
 *
 * Returns: (transfer full): the running server
 */
IngestRgw *
ingest_rgw_start (void)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *output = NULL;
  gboolean port_taken = TRUE;
  IngestRgw *rgw = NULL;

  ingest_test_require_programs ("ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl",
                                "ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "monmaptool", "ceph",
                                "uuidgen", "curl", "awk", NULL);

  for (guint attempt = 0; rgw == NULL && port_taken && attempt < 5; attempt++)
    {
      g_clear_pointer (&output, g_free);
      rgw = start_cluster (&output, &port_taken);
      if (rgw == NULL && port_taken)
        g_test_message ("Ceph RGW: %s; trying other ports", output);
    }
  if (rgw == NULL)
    g_error ("Ceph RGW did not start: %s", output ? output : "");

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

  return run_script (args, NULL) == 0;
}

/* Starts the daemons that are not running (e.g. after ingest_rgw_kill())
 * again on the same data and ports; the others keep running. */
gboolean
ingest_rgw_restart (IngestRgw *rgw)
{
  g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
  const char *args[] = { "start", rgw->dir, "0", "0", owner, NULL };

  return run_script (args, NULL) == 0 && read_env (rgw);
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
