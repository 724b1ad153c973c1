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

#include "ingest-mhl-error.h"
#include "ingest-mhl-file.h"

static guint64 max_manifest_size = INGEST_MHL_DEFAULT_MAX_MANIFEST_SIZE;

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

/**
 * ingest_mhl_set_max_manifest_size:
 * @max_size: bytes; 0 restores the default
 *
 * Sets the largest manifest or chain file this process reads, for every
 * history, manifest and legacy MHL loaded from now on.
 */
void
ingest_mhl_set_max_manifest_size (guint64 max_size)
{
  __atomic_store_n (&max_manifest_size, max_size != 0 ? max_size : INGEST_MHL_DEFAULT_MAX_MANIFEST_SIZE,
                    __ATOMIC_RELAXED);
}

guint64
ingest_mhl_get_max_manifest_size (void)
{
  return __atomic_load_n (&max_manifest_size, __ATOMIC_RELAXED);
}

/**
 * ingest_mhl_parse_size:
 * @text: a number of bytes, optionally followed by K, M or G (powers of 1024,
 *   "KiB"/"MiB"/"GiB" and "KB"/"MB"/"GB" read the same)
 *
 * Returns: whether @text is a size above 0
 */
gboolean
ingest_mhl_parse_size (const char *text,
                       guint64    *size)
{
  static const char * const units[] = { "", "K", "M", "G" };
  guint64 value;
  char *end = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || value == 0)
    return FALSE;
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      g_autofree char *kib = g_strconcat (units[u], "iB", NULL);
      g_autofree char *kb = g_strconcat (units[u], "B", NULL);

      if (g_ascii_strcasecmp (end, units[u]) != 0 && (u == 0 || (g_ascii_strcasecmp (end, kib) != 0 &&
                                                                 g_ascii_strcasecmp (end, kb) != 0)))
        continue;
      if (value > G_MAXUINT64 >> (10 * u))
        return FALSE;
      *size = value << (10 * u);
      return TRUE;
    }
  return FALSE;
}

static gboolean
set_too_large_error (GError     **error,
                     const char  *path,
                     guint64      limit)
{
  g_autofree char *limit_text = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);

  g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_TOO_LARGE,
               "%s is larger than the limit for a manifest, %s (--max-manifest-size); not read",
               path, limit_text);
  return FALSE;
}

gboolean
ingest_mhl_file_read (const char  *path,
                      char       **contents,
                      gsize       *len,
                      GError     **error)
{
  guint64 limit = ingest_mhl_get_max_manifest_size ();
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize allocated;
  gsize used = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return set_errno_error (error, errno, "Cannot open", path);
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_errno_error (error, saved_errno, "Cannot read", path);
    }
  if (S_ISREG (st.st_mode) && (guint64) st.st_size > limit)
    {
      close (fd);
      return set_too_large_error (error, path, limit);
    }

  /* The size seen is a hint only: the file may grow while it is read. */
  allocated = S_ISREG (st.st_mode) ? (gsize) st.st_size + 1 : 64 * 1024;
  buffer = g_malloc (allocated);
  for (;;)
    {
      gssize n;

      if (used == allocated)
        {
          allocated = MIN (allocated * 2, (gsize) limit + 1);
          buffer = g_realloc (buffer, allocated);
        }
      n = read (fd, buffer + used, allocated - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          return set_errno_error (error, saved_errno, "Cannot read", path);
        }
      if (n == 0)
        break;
      used += n;
      if (used > limit)
        {
          close (fd);
          return set_too_large_error (error, path, limit);
        }
    }
  close (fd);

  /* NUL-terminated, like g_file_get_contents() */
  if (used == allocated)
    buffer = g_realloc (buffer, allocated + 1);
  buffer[used] = '\0';
  *contents = g_steal_pointer (&buffer);
  if (len != NULL)
    *len = used;
  return TRUE;
}
