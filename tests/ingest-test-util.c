/* ingest-test-util.c
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

#define G_LOG_DOMAIN "ingest-test-util"

#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest-test-util.h"

/* Makes a fresh directory under $TMPDIR; the caller removes it with ingest_test_rm_rf(). */
char *
ingest_test_make_tmpdir (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_strdup_printf ("%s-XXXXXX", template_name);
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

static int
remove_entry_cb (const char        *path,
                 const struct stat *sb,
                 int                type,
                 struct FTW        *ftw)
{
  /* Directories may have been made read-only by a test; make them writable first. */
  if (type == FTW_DP)
    return rmdir (path) == 0 || errno == ENOENT ? 0 : -1;
  return unlink (path) == 0 || errno == ENOENT ? 0 : -1;
}

void
ingest_test_rm_rf (const char *path)
{
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return;
  g_assert_cmpint (nftw (path, remove_entry_cb, 32, FTW_DEPTH | FTW_PHYS), ==, 0);
}

/* Writes a file, creating its parent directories. */
void
ingest_test_write_file (const char *path,
                        const void *data,
                        gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* Writes SIZE pseudo-random bytes, reproducible from SEED (xorshift32). */
void
ingest_test_write_random_file (const char *path,
                               gsize       size,
                               guint32     seed)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree guint32 *block = g_new (guint32, 16384);
  guint32 state = seed ? seed : 0x9e3779b9;
  FILE *fp;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fp = fopen (path, "wb");
  g_assert_nonnull (fp);

  while (size > 0)
    {
      gsize chunk = MIN (size, 16384 * sizeof (guint32));

      for (guint i = 0; i < 16384; i++)
        {
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          block[i] = state;
        }
      g_assert_cmpuint (fwrite (block, 1, chunk, fp), ==, chunk);
      size -= chunk;
    }
  g_assert_cmpint (fclose (fp), ==, 0);
}

/* Runs a program and returns its stdout; EXIT_STATUS gets the exit code (or -1 if it died). */
char *
ingest_test_run_capture (const char * const *argv,
                         int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, NULL, &wait_status, &error);
  g_assert_no_error (error);

  if (exit_status != NULL)
    *exit_status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

gboolean
ingest_test_have_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

/* TEXT with every FROM replaced by TO. */
char *
ingest_test_replace (const char *text,
                     const char *from,
                     const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}
