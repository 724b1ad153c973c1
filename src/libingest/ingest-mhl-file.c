/* ingest-mhl-file.c
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

#define G_LOG_DOMAIN "ingest-mhl-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ingest-mhl-file.h"

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s “%s”: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          len,
           GCancellable  *cancellable,
           const char    *path,
           GError       **error)
{
  while (len > 0)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = write (fd, data, MIN (len, 1 << 20));
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return set_errno_error (error, errno, "Cannot write", path);
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Puts @tmp at @path without replacing an existing file. link() is atomic
 * but FAT/exFAT cards don't have it; there, check and rename. */
static gboolean
move_no_replace (const char  *tmp,
                 const char  *path,
                 GError     **error)
{
  if (link (tmp, path) == 0)
    {
      g_unlink (tmp);
      return TRUE;
    }
  if (errno == EEXIST)
    return set_errno_error (error, EEXIST, "Will not overwrite", path);
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS)
    return set_errno_error (error, errno, "Cannot create", path);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return set_errno_error (error, EEXIST, "Will not overwrite", path);
  if (g_rename (tmp, path) != 0)
    return set_errno_error (error, errno, "Cannot create", path);
  return TRUE;
}

/**
 * ingest_mhl_file_write_atomic:
 * @path: the file to write
 * @bytes: its new contents
 * @replace: whether an existing file may be replaced
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GIOError
 *
 * Returns: %TRUE if @path now durably holds @bytes
 */
gboolean
ingest_mhl_file_write_atomic (const char    *path,
                              GBytes        *bytes,
                              gboolean       replace,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  gsize len;
  const guint8 *data;
  int fd, dir_fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    return set_errno_error (error, errno, "Cannot create a temporary file for", path);

  data = g_bytes_get_data (bytes, &len);
  ok = write_all (fd, data, len, cancellable, tmp, error);
  if (ok && fsync (fd) != 0)
    ok = set_errno_error (error, errno, "Cannot sync", tmp);
  if (close (fd) != 0 && ok)
    ok = set_errno_error (error, errno, "Cannot close", tmp);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  if (ok)
    {
      if (replace)
        ok = g_rename (tmp, path) == 0 || set_errno_error (error, errno, "Cannot replace", path);
      else
        ok = move_no_replace (tmp, path, error);
    }
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }

  /* Make the rename itself durable. Some file systems can't sync a folder. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      if (fsync (dir_fd) != 0 && errno != EINVAL && errno != EROFS)
        ok = set_errno_error (error, errno, "Cannot sync", dir);
      close (dir_fd);
    }
  return ok;
}
