/* ingest-folder-destination.c
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

#define G_LOG_DOMAIN "ingest-folder-destination"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest-catalog.h"
#include "ingest-destination-private.h"
#include "ingest-folder-destination.h"
#include "ingest-hasher.h"
#include "ingest-upload-error.h"
#include "ingest-upload-journal.h"

/*
 * IngestFolderDestination: a local or NAS folder. Each file is written to a
 * hidden partial file next to its final name (".NAME.ingest-part"), synced,
 * given the source's modification time, optionally read back from the disk
 * (its cached pages dropped first) and compared by MD5 with the bytes that
 * were read from the source, then renamed into place and the folder synced.
 * A verified copy is journaled, so a re-run skips files whose copy is still
 * there unchanged.
 *
 * Resume: while a file is copied, every CHECKPOINT_BYTES the partial file is
 * synced and its length journaled (a live row, like an S3 multipart
 * upload). A later run of the same unchanged source continues after that
 * length instead of copying it again. The one read still reads the whole
 * source, and the bytes kept from before are trusted only because the whole
 * copy is read back and compared at the end: so resuming needs read-back on
 * (otherwise the copy restarts, and the note says why). A held file leaves
 * nothing behind; an interrupted one keeps its partial file until it is
 * resumed or aborted (ingestctl uploads abort).
 *
 * A key ending in "/" is a folder of the roll that no file brings into
 * being (an empty one): finish() creates it and syncs its parent.
 */

/* How much a crash may cost to copy again; each checkpoint is one sync of
 * the partial file and one journal write. */
#define CHECKPOINT_BYTES (32 * 1024 * 1024)

struct _IngestFolderDestination
{
  IngestDestination  parent_instance;

  char              *folder;
  IngestCatalog     *catalog;
  gboolean           verify;
};

typedef struct
{
  IngestDestinationFile  parent;

  char                  *key;
  char                  *source_path;
  char                  *final_path;
  char                  *part_path;
  int                    fd;
  guint64                size;
  gint64                 mtime_ns;
  char                  *expected_kind;
  char                  *expected;
  guint64                next_offset;   /* the next byte the read hands over */
  guint64                resume_from;   /* bytes already in the partial file from before */
  guint64                checkpoint;    /* bytes synced and journaled */
  gint64                 journal_id;    /* the live row, 0 = none */
  IngestHasher          *hasher;
  GError                *error;
  gboolean               already;
  gboolean               directory;     /* a key ending in "/": an empty folder */
} FolderFile;

struct _IngestFolderDestinationClass
{
  IngestDestinationClass parent_class;
};

G_DEFINE_FINAL_TYPE (IngestFolderDestination, ingest_folder_destination, INGEST_TYPE_DESTINATION)

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what,
                 const char  *path)
{
  g_set_error (error, INGEST_UPLOAD_ERROR,
               saved_errno == ENOSPC || saved_errno == EDQUOT ? INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED
                                                              : INGEST_UPLOAD_ERROR_FAILED,
               "could not %s “%s”: %s", what, path, g_strerror (saved_errno));
}

static gint64
stat_mtime_ns (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

/* ".NAME.ingest-part" next to NAME: found again by the next run. */
static char *
part_path_for (const char *final_path)
{
  g_autofree char *dir = g_path_get_dirname (final_path);
  g_autofree char *base = g_path_get_basename (final_path);
  g_autofree char *name = g_strdup_printf (".%s.ingest-part", base);

  return g_build_filename (dir, name, NULL);
}

static void
journal_state (IngestFolderDestination *self,
               FolderFile              *file,
               const char              *state,
               const char              *message,
               const char              *md5,
               guint64                  bytes)
{
  g_autoptr(GError) error = NULL;

  if (self->catalog == NULL || file->journal_id == 0)
    return;
  if (!ingest_upload_journal_set_state (self->catalog, file->journal_id, state, message, md5, bytes, &error))
    g_warning ("Could not journal the copy %s: %s", file->final_path, error->message);
}

static void
close_part (FolderFile *file)
{
  if (file->fd >= 0)
    {
      close (file->fd);
      file->fd = -1;
    }
}

/* Nothing of it stays: the partial file goes, the row is closed. */
static void
discard_part (IngestFolderDestination *self,
              FolderFile              *file,
              const char              *reason)
{
  close_part (file);
  if (file->part_path != NULL)
    g_unlink (file->part_path);
  journal_state (self, file, "failed", reason, NULL, 0);
  file->journal_id = 0;
}

/* The partial file stays for a later run: synced, its length journaled. */
static void
keep_part (IngestFolderDestination *self,
           FolderFile              *file,
           const char              *message)
{
  guint64 kept = MAX (file->next_offset, file->resume_from);

  if (file->fd < 0)
    return;
  /* A failed write: the partial file is shorter than what was read. */
  if (self->catalog == NULL || file->journal_id == 0 || file->error != NULL)
    {
      discard_part (self, file, message);
      return;
    }
  if (fdatasync (file->fd) != 0)
    kept = file->checkpoint;
  journal_state (self, file, "paused", message, NULL, kept);
  close_part (file);
}

/* Reads the copy back from the disk (not the page cache) and hashes it. */
static char *
read_back_md5 (int      fd,
               GError **error)
{
  g_autoptr(IngestHasher) hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_MD5));
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  ssize_t n;
  off_t offset = 0;

  posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  while ((n = pread (fd, buffer, 1024 * 1024, offset)) != 0)
    {
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_errno_error (error, errno, "read back", "the copy");
          return NULL;
        }
      ingest_hasher_update (hasher, buffer, n);
      offset += n;
    }
  ingest_hasher_finish (hasher);
  return ingest_hasher_dup_text (hasher, INGEST_HASH_MD5);
}

static gboolean
fsync_folder (const char  *path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      set_errno_error (error, saved, "sync the folder", dir);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Journaled as verified before, and the copy is still there as we left it? */
static gboolean
already_copied (IngestFolderDestination *self,
                FolderFile              *file)
{
  g_autoptr(IngestUploadRecord) done = NULL;
  struct stat st;

  if (self->catalog == NULL || file->expected == NULL)
    return FALSE;
  done = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                     file->key, TRUE, NULL);
  return done != NULL &&
         done->source_size == file->size && done->source_mtime_ns == file->mtime_ns &&
         g_strcmp0 (done->expected_hash, file->expected) == 0 &&
         g_stat (file->final_path, &st) == 0 && (guint64) st.st_size == file->size &&
         stat_mtime_ns (&st) == file->mtime_ns;
}

/* How much of an interrupted copy of this file can be kept: the journaled
 * length of its partial file, when the source is the same one. Otherwise
 * 0, and the old row is closed with the reason. */
static guint64
find_resumable (IngestFolderDestination *self,
                FolderFile              *file)
{
  g_autoptr(IngestUploadRecord) live = NULL;
  const char *why = NULL;
  struct stat st;

  if (self->catalog == NULL || file->expected == NULL)
    return 0;
  live = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                     file->key, FALSE, NULL);
  if (live == NULL)
    return 0;

  if (live->source_size != file->size || live->source_mtime_ns != file->mtime_ns ||
      g_strcmp0 (live->expected_hash, file->expected) != 0)
    why = "the source changed since the interrupted copy";
  else if (!self->verify)
    why = "copies are not read back, so a partial copy is not trusted";
  else if (fstat (file->fd, &st) != 0 || (guint64) st.st_size < live->bytes_sent)
    why = "the partial copy is shorter than journaled";
  if (why != NULL)
    {
      g_autoptr(GError) error = NULL;

      _ingest_destination_file_add_note (&file->parent, "%s: copied again from the start", why);
      if (!ingest_upload_journal_set_state (self->catalog, live->id, "failed", why, NULL, 0, &error))
        g_warning ("Could not journal the copy %s: %s", file->final_path, error->message);
      return 0;
    }

  file->journal_id = live->id;
  if (live->bytes_sent > 0)
    _ingest_destination_file_add_note (&file->parent, "continued an interrupted copy after %" G_GUINT64_FORMAT " bytes",
                                       live->bytes_sent);
  return live->bytes_sent;
}

/* A folder of the roll that no file brings into being: made in finish(). */
static IngestDestinationFile *
begin_directory (IngestFolderDestination  *self,
                 const IngestUploadSource *source)
{
  g_autofree char *key = g_strndup (source->key, strlen (source->key) - 1);
  FolderFile *file = g_new0 (FolderFile, 1);
  g_autofree char *final_path = g_build_filename (self->folder, key, NULL);

  _ingest_destination_file_init (&file->parent, INGEST_DESTINATION (self), final_path);
  file->fd = -1;
  file->directory = TRUE;
  file->key = g_strdup (source->key);
  file->source_path = g_strdup (source->path);
  file->final_path = g_steal_pointer (&final_path);
  return &file->parent;
}

/* Makes the folder and syncs its parent, so that it survives a crash. */
static gboolean
finish_directory (FolderFile  *file,
                  GError     **error)
{
  struct stat st;

  if (g_mkdir_with_parents (file->final_path, 0777) != 0)
    {
      set_errno_error (error, errno, "create the folder", file->final_path);
      return FALSE;
    }
  if (lstat (file->final_path, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "“%s” is not a folder", file->final_path);
      return FALSE;
    }
  return fsync_folder (file->final_path, error);
}

static IngestDestinationFile *
ingest_folder_destination_begin (IngestDestination        *destination,
                                 const IngestUploadSource *source,
                                 GCancellable             *cancellable,
                                 GError                  **error)
{
  IngestFolderDestination *self = INGEST_FOLDER_DESTINATION (destination);
  g_autofree char *final_path = NULL;
  g_autofree char *dir = NULL;
  FolderFile *file;

  if (g_str_has_suffix (source->key, "/"))
    return begin_directory (self, source);

  final_path = g_build_filename (self->folder, source->key, NULL);
  dir = g_path_get_dirname (final_path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      set_errno_error (error, errno, "create the folder", dir);
      return NULL;
    }

  file = g_new0 (FolderFile, 1);
  _ingest_destination_file_init (&file->parent, destination, final_path);
  file->fd = -1;
  file->key = g_strdup (source->key);
  file->source_path = g_strdup (source->path);
  file->final_path = g_steal_pointer (&final_path);
  file->size = source->size;
  file->mtime_ns = source->mtime_ns;
  file->expected_kind = g_strdup (source->expected_kind);
  file->expected = g_strdup (source->expected);

  if (already_copied (self, file))
    {
      file->already = TRUE;
      file->parent.bytes_resumed = file->size;
      _ingest_destination_file_add_note (&file->parent, "already copied and verified; not copied again");
      return &file->parent;
    }

  file->part_path = part_path_for (file->final_path);
  file->fd = open (file->part_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (file->fd < 0)
    {
      set_errno_error (error, errno, "create", file->part_path);
      g_clear_pointer (&file->part_path, g_free);
      ingest_destination_file_free (&file->parent);
      return NULL;
    }
  /* Two runs copying the same file to the same place would interleave. */
  if (flock (file->fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "“%s” is being copied by another run", file->final_path);
      g_clear_pointer (&file->part_path, g_free);
      ingest_destination_file_free (&file->parent);
      return NULL;
    }

  file->resume_from = file->checkpoint = find_resumable (self, file);
  if (ftruncate (file->fd, file->resume_from) != 0)
    {
      set_errno_error (error, errno, "truncate", file->part_path);
      ingest_destination_file_free (&file->parent);
      return NULL;
    }
  file->parent.bytes_resumed = file->resume_from;

  if (file->journal_id == 0 && self->catalog != NULL && file->expected != NULL)
    {
      IngestUploadRecord record = { 0 };
      g_autoptr(GError) local_error = NULL;

      record.source_path = file->source_path;
      record.destination = (char *) ingest_destination_get_uri (destination);
      record.key = file->key;
      record.part_size = CHECKPOINT_BYTES;
      record.source_size = file->size;
      record.source_mtime_ns = file->mtime_ns;
      record.expected_hash_kind = file->expected_kind;
      record.expected_hash = file->expected;
      record.state = (char *) "uploading";
      file->journal_id = ingest_upload_journal_insert (self->catalog, &record, &local_error);
      if (file->journal_id == 0)
        g_warning ("Could not journal the copy %s: %s", file->final_path, local_error->message);
    }
  file->hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_MD5));
  return &file->parent;
}

static gboolean
ingest_folder_destination_write (IngestDestination      *destination,
                                 IngestDestinationFile  *base,
                                 const guint8           *data,
                                 gsize                   len,
                                 guint64                 offset,
                                 GError                **error)
{
  IngestFolderDestination *self = INGEST_FOLDER_DESTINATION (destination);
  FolderFile *file = (FolderFile *) base;
  gsize skip;

  if (file->directory && len > 0 && file->error == NULL)
    g_set_error (&file->error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                 "“%s” is a folder: it has no bytes", file->key);
  if (file->already || file->error != NULL)
    return TRUE;
  if (offset != file->next_offset)
    {
      g_set_error (&file->error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "bytes of %s arrived out of order", file->source_path);
      return TRUE;
    }

  /* Every byte is hashed (the read-back compares the whole copy); the
   * ones the partial file already has are not written again. */
  ingest_hasher_update (file->hasher, data, len);
  file->next_offset += len;
  skip = offset < file->resume_from ? MIN (len, file->resume_from - offset) : 0;
  data += skip;
  len -= skip;
  offset += skip;
  while (len > 0)
    {
      ssize_t n = pwrite (file->fd, data, len, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (&file->error, errno, "write", file->part_path);
          return TRUE;
        }
      data += n;
      len -= n;
      offset += n;
      __atomic_fetch_add (&file->parent.bytes_sent, (guint64) n, __ATOMIC_RELAXED);
    }

  if (file->journal_id != 0 && file->next_offset >= file->checkpoint + CHECKPOINT_BYTES &&
      fdatasync (file->fd) == 0)
    {
      file->checkpoint = file->next_offset;
      journal_state (self, file, "uploading", NULL, NULL, file->checkpoint);
    }
  return TRUE;
}

static gboolean
ingest_folder_destination_finish (IngestDestination      *destination,
                                  IngestDestinationFile  *base,
                                  GCancellable           *cancellable,
                                  GError                **error)
{
  IngestFolderDestination *self = INGEST_FOLDER_DESTINATION (destination);
  FolderFile *file = (FolderFile *) base;
  g_autofree char *md5 = NULL;
  struct timespec times[2];

  if (file->already)
    return TRUE;
  if (file->directory && file->error == NULL)
    return finish_directory (file, error);
  if (file->error == NULL && file->next_offset != file->size)
    g_set_error (&file->error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                 "only %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes of %s were read",
                 file->next_offset, file->size, file->source_path);
  if (file->error != NULL)
    goto failed;

  ingest_hasher_finish (file->hasher);
  md5 = ingest_hasher_dup_text (file->hasher, INGEST_HASH_MD5);

  times[0].tv_sec = times[1].tv_sec = file->mtime_ns / 1000000000;
  times[0].tv_nsec = times[1].tv_nsec = file->mtime_ns % 1000000000;
  if (fsync (file->fd) != 0)
    {
      set_errno_error (&file->error, errno, "sync", file->part_path);
      goto failed;
    }
  if (futimens (file->fd, times) != 0)
    {
      set_errno_error (&file->error, errno, "set the modification time of", file->part_path);
      goto failed;
    }
  if (self->verify)
    {
      g_autofree char *back = read_back_md5 (file->fd, &file->error);

      if (back == NULL)
        goto failed;
      if (g_strcmp0 (back, md5) != 0)
        {
          g_set_error (&file->error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                       "the copy %s reads back as MD5 %s, the bytes written had %s",
                       file->final_path, back, md5);
          goto failed;
        }
    }
  if (g_rename (file->part_path, file->final_path) != 0)
    {
      set_errno_error (&file->error, errno, "rename into place", file->final_path);
      goto failed;
    }
  close_part (file);
  g_clear_pointer (&file->part_path, g_free);
  if (!fsync_folder (file->final_path, &file->error))
    goto failed;

  if (file->journal_id != 0)
    journal_state (self, file, "verified", NULL, md5, file->size);
  else if (self->catalog != NULL)
    {
      IngestUploadRecord record = { 0 };
      g_autoptr(GError) local_error = NULL;

      record.source_path = file->source_path;
      record.destination = (char *) ingest_destination_get_uri (destination);
      record.key = file->key;
      record.part_size = MAX (file->size, 1);
      record.source_size = file->size;
      record.source_mtime_ns = file->mtime_ns;
      record.expected_hash_kind = file->expected_kind;
      record.expected_hash = file->expected;
      record.state = (char *) "verified";
      record.remote_etag = md5;
      record.bytes_sent = file->size;
      if (ingest_upload_journal_insert (self->catalog, &record, &local_error) == 0)
        g_warning ("Could not journal the copy %s: %s", file->final_path, local_error->message);
    }
  return TRUE;

failed:
  discard_part (self, file, file->error->message);
  g_propagate_error (error, g_steal_pointer (&file->error));
  return FALSE;
}

static void
ingest_folder_destination_hold (IngestDestination     *destination,
                                IngestDestinationFile *base,
                                const char            *reason)
{
  discard_part (INGEST_FOLDER_DESTINATION (destination), (FolderFile *) base, reason);
}

static void
ingest_folder_destination_suspend (IngestDestination     *destination,
                                   IngestDestinationFile *base)
{
  keep_part (INGEST_FOLDER_DESTINATION (destination), (FolderFile *) base, "interrupted before the end of the file");
}

static void
ingest_folder_destination_file_free (IngestDestination     *destination,
                                     IngestDestinationFile *base)
{
  FolderFile *file = (FolderFile *) base;

  close_part (file);   /* an open file was suspended first: its part stays */
  g_free (file->key);
  g_free (file->source_path);
  g_free (file->final_path);
  g_free (file->part_path);
  g_free (file->expected_kind);
  g_free (file->expected);
  g_clear_pointer (&file->hasher, ingest_hasher_free);
  g_clear_error (&file->error);
  g_free (file);
}

/* Opens @key below the folder one component at a time, never following
 * a link: a symlink planted in the share cannot point the read elsewhere. */
static int
open_below (IngestFolderDestination  *self,
            const char               *key,
            GError                  **error)
{
  g_auto(GStrv) parts = g_strsplit (key, "/", -1);
  int fd = open (self->folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  for (guint i = 0; fd >= 0 && parts[i] != NULL; i++)
    {
      gboolean last = parts[i + 1] == NULL;
      int next;

      if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        {
          close (fd);
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       "“%s” is not a plain relative path", key);
          return -1;
        }
      next = openat (fd, parts[i], O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? 0 : O_DIRECTORY));
      if (next < 0)
        {
          int saved = errno;
          g_autofree char *path = g_build_filename (self->folder, key, NULL);

          close (fd);
          if (saved == ENOENT)
            g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY,
                         "“%s” is not there", path);
          else if (saved == ELOOP || saved == ENOTDIR)
            g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                         "“%s” goes through a symbolic link or a file: not followed", path);
          else
            set_errno_error (error, saved, "open", path);
          return -1;
        }
      close (fd);
      fd = next;
    }
  if (fd < 0)
    set_errno_error (error, errno, "open", self->folder);
  return fd;
}

static GBytes *
ingest_folder_destination_fetch (IngestDestination  *destination,
                                 const char         *key,
                                 gsize               max_size,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  IngestFolderDestination *self = INGEST_FOLDER_DESTINATION (destination);
  g_autofree char *path = g_build_filename (self->folder, key, NULL);
  g_autofree guint8 *data = NULL;
  struct stat st;
  gsize done = 0;
  int fd;

  if ((fd = open_below (self, key, error)) < 0)
    return NULL;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || (guint64) st.st_size > max_size)
    {
      close (fd);
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "“%s” is not a regular file of at most %" G_GSIZE_FORMAT " bytes", path, max_size);
      return NULL;
    }
  data = g_malloc (MAX (st.st_size, 1));
  while (done < (gsize) st.st_size)
    {
      ssize_t n = pread (fd, data + done, st.st_size - done, done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          set_errno_error (error, n < 0 ? errno : EIO, "read", path);
          close (fd);
          return NULL;
        }
      done += n;
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&data), done);
}

static void
ingest_folder_destination_finalize (GObject *object)
{
  IngestFolderDestination *self = INGEST_FOLDER_DESTINATION (object);

  g_clear_pointer (&self->folder, g_free);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (ingest_folder_destination_parent_class)->finalize (object);
}

static void
ingest_folder_destination_class_init (IngestFolderDestinationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IngestDestinationClass *destination_class = INGEST_DESTINATION_CLASS (klass);

  object_class->finalize = ingest_folder_destination_finalize;

  destination_class->begin = ingest_folder_destination_begin;
  destination_class->write = ingest_folder_destination_write;
  destination_class->finish = ingest_folder_destination_finish;
  destination_class->hold = ingest_folder_destination_hold;
  destination_class->suspend = ingest_folder_destination_suspend;
  destination_class->file_free = ingest_folder_destination_file_free;
  destination_class->fetch = ingest_folder_destination_fetch;
}

static void
ingest_folder_destination_init (IngestFolderDestination *self)
{
  self->verify = TRUE;
}

/**
 * ingest_folder_destination_new:
 * @folder: where the copies go (created as needed)
 * @catalog: (nullable): where verified copies are journaled
 *
 * Returns: (transfer full): a new destination that reads every copy back
 *   (see ingest_folder_destination_set_verify())
 */
IngestFolderDestination *
ingest_folder_destination_new (const char    *folder,
                               IngestCatalog *catalog)
{
  IngestFolderDestination *self;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (folder != NULL, NULL);

  absolute = g_canonicalize_filename (folder, NULL);
  self = g_object_new (INGEST_TYPE_FOLDER_DESTINATION, "uri", absolute, NULL);
  self->folder = g_steal_pointer (&absolute);
  self->catalog = catalog != NULL ? g_object_ref (catalog) : NULL;
  return self;
}

const char *
ingest_folder_destination_get_folder (IngestFolderDestination *self)
{
  g_return_val_if_fail (INGEST_IS_FOLDER_DESTINATION (self), NULL);
  return self->folder;
}

/* Read every copy back from the disk before it counts (default TRUE). */
void
ingest_folder_destination_set_verify (IngestFolderDestination *self,
                                      gboolean                 verify)
{
  g_return_if_fail (INGEST_IS_FOLDER_DESTINATION (self));
  self->verify = !!verify;
}

gboolean
ingest_folder_destination_get_verify (IngestFolderDestination *self)
{
  g_return_val_if_fail (INGEST_IS_FOLDER_DESTINATION (self), FALSE);
  return self->verify;
}

/**
 * ingest_folder_destination_abort_upload:
 * @record: a journaled, unfinished copy to this destination
 *
 * Deletes its partial file and marks it aborted in the journal.
 */
gboolean
ingest_folder_destination_abort_upload (IngestFolderDestination   *self,
                                        const IngestUploadRecord  *record,
                                        GError                   **error)
{
  g_autofree char *final_path = NULL;
  g_autofree char *part_path = NULL;

  g_return_val_if_fail (INGEST_IS_FOLDER_DESTINATION (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  final_path = g_build_filename (self->folder, record->key, NULL);
  part_path = part_path_for (final_path);
  if (g_unlink (part_path) != 0 && errno != ENOENT)
    {
      set_errno_error (error, errno, "delete", part_path);
      return FALSE;
    }
  return self->catalog == NULL ||
         ingest_upload_journal_set_state (self->catalog, record->id, "aborted", "aborted by the user", NULL, 0, error);
}
