/* test-test-util.c
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

#include <glib/gstdio.h>

#include "ingest-test-util.h"

/* The helpers other tests rely on: random files are reproducible and the right size,
 * and rm_rf removes a whole tree. */
static void
test_random_file (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-util");
  g_autofree char *a = g_build_filename (dir, "sub", "a.bin", NULL);
  g_autofree char *b = g_build_filename (dir, "b.bin", NULL);
  g_autofree char *da = NULL, *db = NULL;
  gsize la, lb;

  ingest_test_write_random_file (a, 100001, 7);
  ingest_test_write_random_file (b, 100001, 7);
  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  g_assert_cmpuint (la, ==, 100001);
  g_assert_cmpmem (da, la, db, lb);

  ingest_test_rm_rf (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static gboolean
set_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_set (gpointer user_data)
{
  return g_atomic_int_get ((gint *) user_data);
}

static gpointer
set_thread (gpointer user_data)
{
  g_atomic_int_set ((gint *) user_data, TRUE);
  return NULL;
}

/* wait_until returns once a main-loop source, or another thread, makes
 * the condition true, and fails the test when it never does. */
static void
test_wait_until (void)
{
  gboolean flag = FALSE;
  GThread *thread;

  g_idle_add (set_cb, &flag);
  g_assert_true (ingest_test_wait_until (is_set, &flag, 5000));
  g_assert_true (flag);

  flag = FALSE;
  thread = g_thread_new ("set", set_thread, &flag);
  g_assert_true (ingest_test_wait_until (is_set, &flag, 5000));
  g_thread_join (thread);
}

static void
test_wait_until_timeout (void)
{
  gboolean never = FALSE;

  if (g_test_subprocess ())
    {
      ingest_test_wait_until (is_set, &never, 50);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*gave up after 50 ms waiting for is_set*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ingest/test-util/random-file", test_random_file);
  g_test_add_func ("/ingest/test-util/wait-until", test_wait_until);
  g_test_add_func ("/ingest/test-util/wait-until-timeout", test_wait_until_timeout);
  return g_test_run ();
}
