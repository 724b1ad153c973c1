/* ingest-byte-source.c
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

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ingest-byte-source.h"
#include "ingest-metadata-error.h"

struct _IngestByteSource
{
  int      fd;           /* -1 for bytes in memory */
  GBytes  *bytes;
  char    *name;
  guint64  size;
  guint64  budget;
  guint64  bytes_read;
};

IngestByteSource *
ingest_byte_source_open (const char  *path,
                         const char  *display_name,
                         guint64      budget,
                         GError     **error)
{
  IngestByteSource *self;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open “%s”: %s"), display_name ? display_name : path,
                   g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), display_name ? display_name : path);
      return NULL;
    }
  /* Header reads only: tell the kernel not to read ahead a whole clip. */
  (void) posix_fadvise (fd, 0, 0, POSIX_FADV_RANDOM);

  self = g_new0 (IngestByteSource, 1);
  self->fd = fd;
  self->name = g_strdup (display_name ? display_name : path);
  self->size = st.st_size;
  self->budget = budget;
  return self;
}

IngestByteSource *
ingest_byte_source_new_for_bytes (GBytes     *bytes,
                                  const char *display_name)
{
  IngestByteSource *self;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_new0 (IngestByteSource, 1);
  self->fd = -1;
  self->bytes = g_bytes_ref (bytes);
  self->name = g_strdup (display_name ? display_name : "(memory)");
  self->size = g_bytes_get_size (bytes);
  self->budget = G_MAXUINT64;
  return self;
}

void
ingest_byte_source_free (IngestByteSource *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->name);
  g_free (self);
}

const char *
ingest_byte_source_get_name (IngestByteSource *self)
{
  return self->name;
}

guint64
ingest_byte_source_get_size (IngestByteSource *self)
{
  return self->size;
}

guint64
ingest_byte_source_get_bytes_read (IngestByteSource *self)
{
  return self->bytes_read;
}

int
ingest_byte_source_get_fd (IngestByteSource *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->fd;
}

void
ingest_byte_source_set_budget (IngestByteSource *self,
                               guint64           budget)
{
  self->budget = budget;
}

/* Whether LENGTH bytes at OFFSET are in the file and within the budget. */
static gboolean
check_range (IngestByteSource  *self,
             guint64            offset,
             gsize              length,
             GError           **error)
{
  if (offset > self->size || length > self->size - offset)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                        _("%s: %" G_GSIZE_FORMAT " bytes at offset %" G_GUINT64_FORMAT
                          " run past the end of the file (%" G_GUINT64_FORMAT " bytes)"),
                        self->name, length, offset, self->size), FALSE;
  if (length > self->budget - MIN (self->budget, self->bytes_read))
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TOO_LARGE,
                        _("%s: reading its metadata would take more than %" G_GUINT64_FORMAT
                          " bytes"), self->name, self->budget), FALSE;
  return TRUE;
}

gboolean
ingest_byte_source_read (IngestByteSource  *self,
                         guint64            offset,
                         void              *buffer,
                         gsize              length,
                         GError           **error)
{
  gsize done = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (buffer != NULL || length == 0, FALSE);

  if (!check_range (self, offset, length, error))
    return FALSE;
  /* Empty bytes may have no data pointer at all: nothing to copy. */
  if (length == 0)
    return TRUE;

  if (self->bytes != NULL)
    {
      memcpy (buffer, (const guint8 *) g_bytes_get_data (self->bytes, NULL) + offset, length);
      self->bytes_read += length;
      return TRUE;
    }

  while (done < length)
    {
      ssize_t n = pread (self->fd, (guint8 *) buffer + done, length - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                              _("Could not read “%s”: %s"), self->name, g_strerror (saved)), FALSE;
        }
      if (n == 0)
        /* The file shrank since it was opened. */
        return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED,
                            _("%s: the file ended early (at %" G_GUINT64_FORMAT " bytes)"),
                            self->name, offset + done), FALSE;
      done += n;
      self->bytes_read += n;
    }
  return TRUE;
}

GBytes *
ingest_byte_source_read_bytes (IngestByteSource  *self,
                               guint64            offset,
                               gsize              length,
                               GError           **error)
{
  guint8 *data;

  g_return_val_if_fail (self != NULL, NULL);

  /* Check before allocating: LENGTH may come from a hostile header. */
  if (!check_range (self, offset, length, error))
    return NULL;
  data = g_malloc (MAX (length, 1));
  if (!ingest_byte_source_read (self, offset, data, length, error))
    {
      g_free (data);
      return NULL;
    }
  return g_bytes_new_take (data, length);
}
