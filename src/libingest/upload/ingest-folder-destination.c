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

/* The folder destination. Over 1,000 lines: one class whose begin/write/
 * finish share the per-file state and the descriptor-relative (openat,
 * O_NOFOLLOW) walk; the next seam to cut is the partial file (create,
 * resume, publish). */

#define G_LOG_DOMAIN "ingest-folder-destination"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
 * hidden partial file next to its final name, synced, given the source's
 * modification time, optionally read back from the disk (its cached pages
 * dropped first) and compared by MD5 with the bytes that were read from the
 * source, then published under its final name and the folder synced. A
 * verified copy is journaled, so a re-run skips files whose copy is still
 * there unchanged.
 *
 * Nothing is overwritten, and no link is followed. The root is opened once
 * (it must exist: it is never created, see ingest_folder_destination_check())
 * and every folder below it is made and entered with mkdirat()/openat()
 * and O_NOFOLLOW relative to its parent's descriptor, so a symlinked
 * subfolder planted in the share fails with its name instead of carrying
 * the copy elsewhere. Before the first byte, begin() looks at the final
 * name without following links: nothing there → copy; a regular file of
 * the same size whose bytes hash to the MHL hash we hold (or a journaled
 * copy whose inode and ctime are unchanged) → "already delivered", nothing
 * written; anything else → INGEST_UPLOAD_ERROR_EXISTS, or under
 * INGEST_CONFLICT_RENAME the first free "NAME (n).EXT". The partial file is
 * published with renameat2(RENAME_NOREPLACE) on the folder's descriptor
 * (link + unlink where the filesystem refuses it): if the name appeared in
 * the meantime, the two are compared again by MD5, never replaced.
 *
 * The partial file is ".NAME.TOKEN.ingest-part", TOKEN random per copy and
 * created with O_CREAT|O_EXCL|O_NOFOLLOW, so no file of a drive (however it
 * is called) can be taken for it. Its name and inode are journaled in the
 * row's remote_upload_id ("part INODE NAME"); a verified row records the
 * final file's "file INODE CTIME_NS" there instead, and its key where the
 * file ended up.
 *
 * Resume: while a file is copied, every CHECKPOINT_BYTES the partial file is
 * synced and its length journaled (a live row, like an S3 multipart
 * upload). A later run of the same unchanged source continues after that
 * length instead of copying it again, if the journaled partial file is still
 * a regular file with that inode and a single link; anything else at that
 * name is an error naming it, never truncated or deleted. The one read
 * still reads the whole source, and the bytes kept from before are trusted
 * only because the whole copy is read back and compared at the end: so
 * resuming needs read-back on (otherwise the copy restarts, and the note
 * says why). A held file leaves nothing behind; an interrupted one keeps
 * its partial file until it is resumed or aborted (ingestctl uploads abort).
 *
 * A key ending in "/" is a folder of the roll that no file brings into
 * being (an empty one): finish() creates it, by the same rules, and syncs
 * its parent.
 */

/* How much a crash may cost to copy again; each checkpoint is one sync of
 * the partial file and one journal write. */
#define CHECKPOINT_BYTES (32 * 1024 * 1024)

/* "NAME (2).EXT" … beyond this, something is wrong with the folder. */
#define MAX_RENAMES 1000

struct _IngestFolderDestination
{
  IngestDestination  parent_instance;

  char              *folder;
  IngestCatalog     *catalog;
  gboolean           verify;
  gboolean           network_share;
  GMutex             lock;
  int                root_fd;         /* opened once, -1 until then */
};

typedef struct
{
  IngestDestinationFile  parent;

  char                  *key;
  char                  *source_path;
  char                  *final_path;
  int                    dir_fd;        /* the folder it goes in */
  char                  *name;          /* its name in that folder */
  guint                  n;             /* 1: its own name, else "NAME (n).EXT" */
  char                  *part_name;
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
  GBytes                *replaces;      /* the one content it may replace, or NULL */
  gboolean               keep_name;     /* never placed under another name */
} FolderFile;

/* What is at a name, compared with a file of ours. */
typedef enum {
  FOUND_NOTHING,
  FOUND_SAME,
  FOUND_OTHER,
  FOUND_UNSURE,   /* same size, no hash of ours to compare with before the bytes */
  FOUND_REPLACEABLE, /* the one content the file may replace (IngestUploadSource.replaces) */
} Found;

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

static gint64
stat_ctime_ns (const struct stat *st)
{
  return (gint64) st->st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_ctim.tv_nsec;
}

static char *
display_path (IngestFolderDestination *self,
              const char              *key)
{
  return g_build_filename (self->folder, key, NULL);
}

/* The root, opened once; never created. */
static int
root_fd (IngestFolderDestination  *self,
         GError                  **error)
{
  int fd;
  int saved = 0;

  g_mutex_lock (&self->lock);
  if (self->root_fd < 0)
    {
      self->root_fd = open (self->folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      saved = errno;
    }
  fd = self->root_fd;
  g_mutex_unlock (&self->lock);

  if (fd < 0 && saved == ENOENT)
    g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                 "NAS folder %s is not there — is the share mounted?", self->folder);
  else if (fd < 0 && saved == ENOTDIR)
    g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                 "NAS folder %s is not a folder", self->folder);
  else if (fd < 0)
    set_errno_error (error, saved, "open the NAS folder", self->folder);
  return fd;
}

/* Enters the folder @dir ('/'-separated, "" for the root) below the root,
 * making each level when @create, never through a link. Returns a new
 * descriptor. */
static int
open_folder (IngestFolderDestination  *self,
             const char               *dir,
             gboolean                  create,
             GError                  **error)
{
  g_auto(GStrv) parts = g_strsplit (dir, "/", -1);
  g_autoptr(GString) shown = g_string_new (self->folder);
  int top = root_fd (self, error);
  int fd;

  if (top < 0)
    return -1;
  fd = fcntl (top, F_DUPFD_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, "open the folder", self->folder);
      return -1;
    }
  for (guint i = 0; dir[0] != '\0' && parts[i] != NULL; i++)
    {
      int next;

      if (parts[i][0] == '\0' && parts[i + 1] == NULL)
        break;   /* a trailing "/" */
      g_string_append_printf (shown, "/%s", parts[i]);
      if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                       "“%s” is not a plain path below the folder", dir);
          close (fd);
          return -1;
        }
      if (create && mkdirat (fd, parts[i], 0777) != 0 && errno != EEXIST)
        {
          set_errno_error (error, errno, "create the folder", shown->str);
          close (fd);
          return -1;
        }
      next = openat (fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0 && (errno == ELOOP || errno == ENOTDIR))
        g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                     "%s is a link or not a folder — nothing is copied through it", shown->str);
      else if (next < 0 && errno == ENOENT && !create)
        g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY, "“%s” is not there", shown->str);
      else if (next < 0)
        set_errno_error (error, errno, "open the folder", shown->str);
      close (fd);
      if (next < 0)
        return -1;
      fd = next;
    }
  return fd;
}

/* Hashes what @fd holds from the start, reading the disk (not the page
 * cache) when @drop_cache. */
static IngestHasher *
hash_fd (int             fd,
         IngestHashKind  kind,
         gboolean        drop_cache,
         const char     *shown,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(IngestHasher) hasher = ingest_hasher_new (INGEST_HASH_BIT (kind));
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  ssize_t n;
  off_t offset = 0;

  if (drop_cache)
    posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  while ((n = pread (fd, buffer, 1024 * 1024, offset)) != 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_errno_error (error, errno, "read", shown);
          return NULL;
        }
      ingest_hasher_update (hasher, buffer, n);
      offset += n;
    }
  ingest_hasher_finish (hasher);
  return g_steal_pointer (&hasher);
}

/* Reads the copy back from the disk and hashes it. */
static char *
read_back_md5 (int      fd,
               GError **error)
{
  g_autoptr(IngestHasher) hasher = hash_fd (fd, INGEST_HASH_MD5, TRUE, "the copy", NULL, error);

  return hasher != NULL ? ingest_hasher_dup_text (hasher, INGEST_HASH_MD5) : NULL;
}

/* Whether the regular file @name (already lstat'ed as @st) holds @size
 * bytes that hash to @expected (text of the hash format @kind_name). */
static Found
holds (int                dir_fd,
       const char        *name,
       const struct stat *st,
       guint64            size,
       const char        *kind_name,
       const char        *expected,
       const char        *shown,
       GCancellable      *cancellable,
       GError           **error)
{
  g_autoptr(IngestHasher) hasher = NULL;
  guint8 want[INGEST_HASH_MAX_DIGEST_SIZE];
  const guint8 *have;
  IngestHashKind kind;
  struct stat now;
  gsize len;
  int fd;

  if (!S_ISREG (st->st_mode) || (guint64) st->st_size != size)
    return FOUND_OTHER;
  if (kind_name == NULL || expected == NULL || !ingest_hash_kind_from_name (kind_name, &kind) ||
      !ingest_hash_decode (kind, expected, want, NULL))
    return FOUND_UNSURE;
  fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      set_errno_error (error, errno, "read", shown);
      return FOUND_OTHER;
    }
  /* The file read is the one looked at. */
  if (fstat (fd, &now) != 0 || now.st_ino != st->st_ino || now.st_dev != st->st_dev)
    {
      close (fd);
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "%s changed while it was compared", shown);
      return FOUND_OTHER;
    }
  hasher = hash_fd (fd, kind, FALSE, shown, cancellable, error);
  close (fd);
  if (hasher == NULL)
    return FOUND_OTHER;
  have = ingest_hasher_get_digest (hasher, kind, &len);
  return len == ingest_hash_kind_get_digest_size (kind) && memcmp (have, want, len) == 0 ? FOUND_SAME : FOUND_OTHER;
}

/* Whether the regular file @name holds exactly @want (a small file). */
static gboolean
holds_bytes (int         dir_fd,
             const char *name,
             GBytes     *want)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (want, &len);
  g_autofree guint8 *have = g_malloc (len + 1);
  gsize done = 0;
  struct stat st;
  int fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || (guint64) st.st_size != len)
    {
      close (fd);
      return FALSE;
    }
  while (done < len)
    {
      ssize_t n = pread (fd, have + done, len - done, done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  close (fd);
  return done == len && memcmp (have, data, len) == 0;
}

/* "a different file (12.3 MB, modified 2026-12-01 10:22)", "a link", ... */
static char *
describe (const struct stat *st)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (st->st_mtim.tv_sec);
  g_autofree char *size = g_format_size (st->st_size);
  g_autofree char *date = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");

  if (S_ISLNK (st->st_mode))
    return g_strdup ("a symbolic link");
  if (S_ISDIR (st->st_mode))
    return g_strdup ("a folder");
  if (!S_ISREG (st->st_mode))
    return g_strdup ("a special file (a pipe, socket or device)");
  return g_strdup_printf ("a different file (%s, modified %s)", size, date);
}

/* "file INODE CTIME_NS": what a verified row says about the file it left. */
static char *
file_identity (const struct stat *st)
{
  return g_strdup_printf ("file %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT, (guint64) st->st_ino, stat_ctime_ns (st));
}

/* "part INODE NAME": the partial file a live row left. */
static gboolean
parse_part_identity (const char  *text,
                     guint64     *ino,
                     const char **name)
{
  char *end;

  if (text == NULL || !g_str_has_prefix (text, "part "))
    return FALSE;
  *ino = g_ascii_strtoull (text + 5, &end, 10);
  if (end == text + 5 || *end != ' ' || end[1] == '\0' || strchr (end + 1, '/') != NULL)
    return FALSE;
  *name = end + 1;
  return TRUE;
}

/* A journaled verified copy at @key that is still the file we left there
 * (same inode and ctime; rows from before that was recorded: size and
 * modification time). */
static gboolean
verified_row_unchanged (const IngestUploadRecord *row,
                        const struct stat        *st)
{
  g_autofree char *identity = file_identity (st);

  if (row->remote_upload_id != NULL)
    return g_str_equal (row->remote_upload_id, identity);
  return S_ISREG (st->st_mode) && (guint64) st->st_size == row->source_size &&
         stat_mtime_ns (st) == row->source_mtime_ns;
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

static const char *
placed_name (FolderFile *file,
             guint       n,
             char      **storage)
{
  if (n <= 1)
    return file->name;
  *storage = _ingest_destination_renamed_key (file->name, n);
  return *storage;
}

/* The key of @name, in the folder of the file's key. */
static char *
placed_key (FolderFile *file,
            const char *name)
{
  const char *slash = strrchr (file->key, '/');

  return slash != NULL ? g_strdup_printf ("%.*s/%s", (int) (slash - file->key), file->key, name) : g_strdup (name);
}

/* What is at @name now, compared with the file being delivered. A
 * journaled copy of ours found changed is marked so, and @replaced says it. */
static Found
look_at (IngestFolderDestination  *self,
         FolderFile               *file,
         const char               *name,
         const char               *shown,
         struct stat              *st,
         gboolean                 *replaced,
         GCancellable             *cancellable,
         GError                  **error)
{
  g_autoptr(IngestUploadRecord) row = NULL;
  g_autoptr(GError) row_error = NULL;
  g_autofree char *key = placed_key (file, name);
  Found found;

  *replaced = FALSE;
  if (fstatat (file->dir_fd, name, st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return FOUND_NOTHING;
      set_errno_error (error, errno, "look at", shown);
      return FOUND_OTHER;
    }
  if (file->replaces != NULL && holds_bytes (file->dir_fd, name, file->replaces))
    return FOUND_REPLACEABLE;

  if (self->catalog != NULL)
    row = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                      key, TRUE, NULL);
  if (row != NULL && verified_row_unchanged (row, st))
    {
      /* Our own verified copy, untouched: no need to read it. */
      if (row->source_size == file->size && file->expected != NULL &&
          g_strcmp0 (row->expected_hash_kind, file->expected_kind) == 0 &&
          g_strcmp0 (row->expected_hash, file->expected) == 0)
        return FOUND_SAME;
      g_clear_pointer (&row, ingest_upload_record_free);
    }

  found = holds (file->dir_fd, name, st, file->size, file->expected_kind, file->expected, shown, cancellable, error);
  if (found != FOUND_OTHER || row == NULL)
    return found;

  /* A copy we verified here is gone or changed: is it still its bytes?
   * (Only a comparison that ran to its end can say it was replaced.) */
  if (holds (file->dir_fd, name, st, row->source_size, row->expected_hash_kind, row->expected_hash,
             shown, cancellable, &row_error) == FOUND_OTHER && row_error == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      *replaced = TRUE;
      if (!ingest_upload_journal_set_state (self->catalog, row->id, "replaced",
                                            "delivered here earlier, but replaced since by another file",
                                            NULL, 0, &local_error))
        g_warning ("Could not journal the copy %s: %s", shown, local_error->message);
    }
  return found;
}

static void
conflict_error (GError            **error,
                const char         *shown,
                const struct stat  *st,
                gboolean            replaced)
{
  g_autofree char *what = describe (st);

  g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
               "%s already holds %s%s — not overwritten", shown, what,
               replaced ? "; it was delivered here earlier, but replaced since by another file" : "");
}

/* The file now goes to (or is already at) @name. */
static void
place (FolderFile *file,
       guint       n,
       const char *shown)
{
  if (file->n != n)
    {
      g_autofree char *storage = NULL;

      _ingest_destination_file_add_note (&file->parent, "%s already holds a different file: put beside it as %s",
                                         file->final_path, placed_name (file, n, &storage));
    }
  file->n = n;
  g_free (file->parent.location);
  file->parent.location = g_strdup (shown);
}

static void
set_already (FolderFile *file,
             const char *shown)
{
  file->already = TRUE;
  /* What went to a partial file before the same file showed up was not delivered. */
  __atomic_store_n (&file->parent.bytes_sent, 0, __ATOMIC_RELAXED);
  _ingest_destination_file_set_already_delivered (&file->parent, file->size);
  _ingest_destination_file_add_note (&file->parent, "already delivered: the same file is at %s", shown);
}

/* Before the first byte: where the file goes, or that it is already there.
 * FALSE with @error set: a different file is there and we may not rename. */
static gboolean
choose_name (IngestFolderDestination  *self,
             FolderFile               *file,
             GCancellable             *cancellable,
             GError                  **error)
{
  gboolean rename = ingest_destination_get_on_conflict (INGEST_DESTINATION (self)) == INGEST_CONFLICT_RENAME &&
                    !file->keep_name;

  for (guint n = 1; n <= MAX_RENAMES; n++)
    {
      g_autofree char *storage = NULL;
      const char *name = placed_name (file, n, &storage);
      g_autofree char *key = placed_key (file, name);
      g_autofree char *shown = display_path (self, key);
      GError *local_error = NULL;
      gboolean replaced;
      struct stat st;
      Found found = look_at (self, file, name, shown, &st, &replaced, cancellable, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (replaced)
        _ingest_destination_file_add_note (&file->parent, "%s was delivered here earlier, but replaced since by another file",
                                           shown);
      if (found == FOUND_OTHER && rename)
        continue;
      if (found == FOUND_OTHER)
        {
          conflict_error (error, shown, &st, replaced);
          return FALSE;
        }
      place (file, n, shown);
      if (found == FOUND_SAME)
        set_already (file, shown);
      return TRUE;
    }
  g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
               "%s and %u names beside it already hold other files — not overwritten", file->final_path, MAX_RENAMES);
  return FALSE;
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

/* Deletes our partial file: only if the name still is the file we hold. */
static void
unlink_part (FolderFile *file)
{
  struct stat ours, there;

  if (file->part_name == NULL || file->fd < 0 || fstat (file->fd, &ours) != 0)
    return;
  if (fstatat (file->dir_fd, file->part_name, &there, AT_SYMLINK_NOFOLLOW) == 0 &&
      there.st_ino == ours.st_ino && there.st_dev == ours.st_dev)
    unlinkat (file->dir_fd, file->part_name, 0);
}

/* Nothing of it stays: the partial file goes, the row is closed. */
static void
discard_part (IngestFolderDestination *self,
              FolderFile              *file,
              const char              *reason)
{
  unlink_part (file);
  close_part (file);
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

/* Opens a journaled partial file of ours, or fails naming what is there
 * instead. -1 without @error: it is gone. */
static int
open_our_part (FolderFile  *file,
               const char  *name,
               guint64      ino,
               const char  *shown,
               GError     **error)
{
  struct stat st;
  int fd = openat (file->dir_fd, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT)
    return -1;
  if (fd < 0 && errno != ELOOP)
    {
      set_errno_error (error, errno, "open", shown);
      return -1;
    }
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_nlink != 1 || st.st_ino != ino)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "%s is not the partial copy this station left there (a link, or another file): "
                   "left as it is, nothing copied", shown);
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

/* An interrupted copy of this file: its partial file is opened and the
 * length that can be kept returned. Otherwise 0, the old row closed with
 * the reason (and our partial file deleted). FALSE: something that is not
 * ours sits at the journaled name. */
static gboolean
find_resumable (IngestFolderDestination  *self,
                FolderFile               *file,
                GError                  **error)
{
  g_autoptr(IngestUploadRecord) live = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = NULL;
  const char *why = NULL;
  const char *name;
  guint64 ino;
  struct stat st;
  int fd;

  if (self->catalog == NULL || file->expected == NULL)
    return TRUE;
  live = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                     file->key, FALSE, NULL);
  if (live == NULL)
    return TRUE;

  if (!parse_part_identity (live->remote_upload_id, &ino, &name))
    why = "the partial copy is from an older version of the station";
  else
    {
      g_autofree char *dir = g_path_get_dirname (file->final_path);

      shown = g_build_filename (dir, name, NULL);
      fd = open_our_part (file, name, ino, shown, error);
      if (fd < 0 && *error != NULL)
        return FALSE;
      if (fd < 0)
        why = "the partial copy is gone";
      else
        {
          file->fd = fd;
          file->part_name = g_strdup (name);
          if (live->source_size != file->size || live->source_mtime_ns != file->mtime_ns ||
              g_strcmp0 (live->expected_hash, file->expected) != 0)
            why = "the source changed since the interrupted copy";
          else if (!self->verify)
            why = "copies are not read back, so a partial copy is not trusted";
          else if (fstat (fd, &st) != 0 || (guint64) st.st_size < live->bytes_sent)
            why = "the partial copy is shorter than journaled";
          else if (flock (fd, LOCK_EX | LOCK_NB) != 0)
            {
              close_part (file);
              g_clear_pointer (&file->part_name, g_free);
              g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                           "“%s” is being copied by another run", file->final_path);
              return FALSE;
            }
          if (why != NULL)
            {
              unlink_part (file);
              close_part (file);
              g_clear_pointer (&file->part_name, g_free);
            }
        }
    }
  if (why != NULL)
    {
      _ingest_destination_file_add_note (&file->parent, "%s: copied again from the start", why);
      if (!ingest_upload_journal_set_state (self->catalog, live->id, "failed", why, NULL, 0, &local_error))
        g_warning ("Could not journal the copy %s: %s", file->final_path, local_error->message);
      return TRUE;
    }

  file->journal_id = live->id;
  file->resume_from = live->bytes_sent;
  if (live->bytes_sent > 0)
    _ingest_destination_file_add_note (&file->parent, "continued an interrupted copy after %" G_GUINT64_FORMAT " bytes",
                                       live->bytes_sent);
  return TRUE;
}

/* A new partial file, with a name no drive file can hold in advance. */
static gboolean
create_part (FolderFile  *file,
             GError     **error)
{
  g_autofree char *token = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *dir = g_path_get_dirname (file->final_path);
  g_autofree char *shown = NULL;

  file->part_name = g_strdup_printf (".%s.%s.ingest-part", file->name, token);
  shown = g_build_filename (dir, file->part_name, NULL);
  file->fd = openat (file->dir_fd, file->part_name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (file->fd < 0)
    {
      if (errno == EEXIST)
        g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                     "%s is already there and is not ours: left as it is, nothing copied", shown);
      else
        set_errno_error (error, errno, "create", shown);
      g_clear_pointer (&file->part_name, g_free);
      return FALSE;
    }
  flock (file->fd, LOCK_EX | LOCK_NB);
  return TRUE;
}

/* A folder of the roll that no file brings into being: made in finish(). */
static IngestDestinationFile *
begin_directory (IngestFolderDestination  *self,
                 const IngestUploadSource *source)
{
  g_autofree char *key = g_strndup (source->key, strlen (source->key) - 1);
  FolderFile *file = g_new0 (FolderFile, 1);
  g_autofree char *final_path = display_path (self, key);

  _ingest_destination_file_init (&file->parent, INGEST_DESTINATION (self), final_path);
  file->fd = -1;
  file->dir_fd = -1;
  file->directory = TRUE;
  file->key = g_strdup (source->key);
  file->source_path = g_strdup (source->path);
  file->final_path = g_steal_pointer (&final_path);
  return &file->parent;
}

/* Makes the folder (and those above it) below the root, never through a
 * link, and syncs its parent so that it survives a crash. */
static gboolean
finish_directory (IngestFolderDestination  *self,
                  FolderFile               *file,
                  GError                  **error)
{
  g_autofree char *key = g_strndup (file->key, strlen (file->key) - 1);
  g_autofree char *parent = g_path_get_dirname (key);
  int fd = open_folder (self, key, TRUE, error);
  int parent_fd;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  close (fd);
  parent_fd = open_folder (self, g_str_equal (parent, ".") ? "" : parent, FALSE, error);
  if (parent_fd < 0)
    return FALSE;
  ok = fsync (parent_fd) == 0;
  if (!ok)
    set_errno_error (error, errno, "sync the folder", file->final_path);
  close (parent_fd);
  return ok;
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
  struct stat st;

  if (g_str_has_suffix (source->key, "/"))
    return begin_directory (self, source);

  final_path = display_path (self, source->key);
  file = g_new0 (FolderFile, 1);
  _ingest_destination_file_init (&file->parent, destination, final_path);
  file->fd = -1;
  file->n = 1;
  file->key = g_strdup (source->key);
  file->name = g_path_get_basename (source->key);
  file->source_path = g_strdup (source->path);
  file->final_path = g_steal_pointer (&final_path);
  file->size = source->size;
  file->mtime_ns = source->mtime_ns;
  file->expected_kind = g_strdup (source->expected_kind);
  file->expected = g_strdup (source->expected);
  file->replaces = source->replaces != NULL ? g_bytes_ref (source->replaces) : NULL;
  file->keep_name = source->keep_name;

  dir = g_path_get_dirname (source->key);
  file->dir_fd = open_folder (self, g_str_equal (dir, ".") ? "" : dir, TRUE, error);
  if (file->dir_fd < 0 || !choose_name (self, file, cancellable, error))
    goto failed;
  if (file->already)
    return &file->parent;

  if (!find_resumable (self, file, error) || (file->fd < 0 && !create_part (file, error)))
    goto failed;
  file->checkpoint = file->resume_from;
  if (ftruncate (file->fd, file->resume_from) != 0)
    {
      set_errno_error (error, errno, "truncate", file->part_name);
      goto failed;
    }
  file->parent.bytes_resumed = file->resume_from;

  if (file->journal_id == 0 && self->catalog != NULL && file->expected != NULL && fstat (file->fd, &st) == 0)
    {
      IngestUploadRecord record = { 0 };
      g_autoptr(GError) local_error = NULL;
      g_autofree char *identity = g_strdup_printf ("part %" G_GUINT64_FORMAT " %s", (guint64) st.st_ino, file->part_name);

      record.source_path = file->source_path;
      record.destination = (char *) ingest_destination_get_uri (destination);
      record.key = file->key;
      record.remote_upload_id = identity;
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

failed:
  unlink_part (file);
  ingest_destination_file_free (&file->parent);
  return NULL;
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
          set_errno_error (&file->error, errno, "write", file->part_name);
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

/* Gives the partial file name @name unless the name is taken. FALSE with
 * errno EEXIST: it is. */
static gboolean
publish_as (FolderFile *file,
            const char *name)
{
  if (renameat2 (file->dir_fd, file->part_name, file->dir_fd, name, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return FALSE;
  /* A filesystem without RENAME_NOREPLACE (some network shares): a link
   * cannot replace either. */
  if (linkat (file->dir_fd, file->part_name, file->dir_fd, name, 0) != 0)
    return FALSE;
  unlinkat (file->dir_fd, file->part_name, 0);
  return TRUE;
}

/* Puts the partial file in place of @name only if @name still holds the
 * content it may replace: swapped atomically, then the old content checked
 * (and swapped back when it is not that). Where the filesystem cannot swap,
 * checked then renamed over: a short race, documented. */
static gboolean
replace_if_same (FolderFile *file,
                 const char *name)
{
  if (renameat2 (file->dir_fd, file->part_name, file->dir_fd, name, RENAME_EXCHANGE) == 0)
    {
      if (holds_bytes (file->dir_fd, file->part_name, file->replaces))
        {
          unlinkat (file->dir_fd, file->part_name, 0);
          return TRUE;
        }
      renameat2 (file->dir_fd, file->part_name, file->dir_fd, name, RENAME_EXCHANGE);
      return FALSE;
    }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return FALSE;
  return holds_bytes (file->dir_fd, name, file->replaces) &&
         renameat (file->dir_fd, file->part_name, file->dir_fd, name) == 0;
}

/* Puts the verified partial file in place, never over anything: a name
 * that appeared since begin() is compared again (by MD5 of the bytes we
 * wrote). */
static gboolean
publish (IngestFolderDestination  *self,
         FolderFile               *file,
         const char               *md5,
         GCancellable             *cancellable,
         GError                  **error)
{
  gboolean rename = ingest_destination_get_on_conflict (INGEST_DESTINATION (self)) == INGEST_CONFLICT_RENAME &&
                    !file->keep_name;

  for (guint n = file->n; n <= MAX_RENAMES; n++)
    {
      g_autofree char *storage = NULL;
      const char *name = placed_name (file, n, &storage);
      g_autofree char *key = placed_key (file, name);
      g_autofree char *shown = display_path (self, key);
      struct stat st;
      Found found;
      gboolean done = publish_as (file, name);
      int saved = errno;

      if (!done && saved == EEXIST && n == 1 && file->replaces != NULL)
        done = replace_if_same (file, name);
      if (done)
        {
          place (file, n, shown);
          return TRUE;
        }
      if (saved != EEXIST)
        {
          set_errno_error (error, saved, "put in place", shown);
          return FALSE;
        }
      if (fstatat (file->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          set_errno_error (error, errno, "look at", shown);
          return FALSE;
        }
      found = holds (file->dir_fd, name, &st, file->size, "md5", md5, shown, cancellable, error);
      if (found == FOUND_SAME)
        {
          unlink_part (file);
          place (file, n, shown);
          set_already (file, shown);
          return TRUE;
        }
      if (*error != NULL)
        return FALSE;
      if (!rename)
        {
          conflict_error (error, shown, &st, FALSE);
          return FALSE;
        }
    }
  g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
               "%s and %u names beside it already hold other files — not overwritten", file->final_path, MAX_RENAMES);
  return FALSE;
}

/* The verified row: where the file ended up and what it is there. */
static void
journal_verified (IngestFolderDestination *self,
                  FolderFile              *file,
                  const char              *md5)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *key = placed_key (file, placed_name (file, file->n, &storage));
  g_autofree char *identity = NULL;
  struct stat st;

  if (self->catalog == NULL)
    return;
  if (fstatat (file->dir_fd, placed_name (file, file->n, &storage), &st, AT_SYMLINK_NOFOLLOW) == 0)
    identity = file_identity (&st);
  if (file->journal_id != 0)
    {
      journal_state (self, file, "verified", NULL, md5, file->size);
      if (!ingest_upload_journal_set_placement (self->catalog, file->journal_id, key, identity, &local_error))
        g_warning ("Could not journal the copy %s: %s", file->final_path, local_error->message);
    }
  else
    {
      IngestUploadRecord record = { 0 };

      record.source_path = file->source_path;
      record.destination = (char *) ingest_destination_get_uri (INGEST_DESTINATION (self));
      record.key = key;
      record.remote_upload_id = identity;
      record.part_size = MAX (file->size, 1);
      record.source_size = file->size;
      record.source_mtime_ns = file->mtime_ns;
      record.expected_hash_kind = file->expected_kind;
      record.expected_hash = file->expected;
      record.state = (char *) "verified";
      record.remote_etag = (char *) md5;
      record.bytes_sent = file->size;
      if (ingest_upload_journal_insert (self->catalog, &record, &local_error) == 0)
        g_warning ("Could not journal the copy %s: %s", file->final_path, local_error->message);
    }
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
    return finish_directory (self, file, error);
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
      set_errno_error (&file->error, errno, "sync", file->part_name);
      goto failed;
    }
  if (futimens (file->fd, times) != 0)
    {
      set_errno_error (&file->error, errno, "set the modification time of", file->part_name);
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
  if (!publish (self, file, md5, cancellable, &file->error))
    goto failed;
  close_part (file);
  g_clear_pointer (&file->part_name, g_free);
  if (fsync (file->dir_fd) != 0)
    {
      set_errno_error (&file->error, errno, "sync the folder of", file->final_path);
      goto failed;
    }
  journal_verified (self, file, md5);
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
  if (file->dir_fd >= 0)
    close (file->dir_fd);
  g_free (file->key);
  g_free (file->name);
  g_free (file->source_path);
  g_free (file->final_path);
  g_free (file->part_name);
  g_free (file->expected_kind);
  g_free (file->expected);
  g_clear_pointer (&file->hasher, ingest_hasher_free);
  g_clear_pointer (&file->replaces, g_bytes_unref);
  g_clear_error (&file->error);
  g_free (file);
}

/* Opens the file @key below the folder, never following a link: a
 * symlink planted in the share cannot point the read elsewhere. */
static int
open_below (IngestFolderDestination  *self,
            const char               *key,
            GError                  **error)
{
  g_autofree char *dir = g_path_get_dirname (key);
  g_autofree char *name = g_path_get_basename (key);
  g_autofree char *path = g_build_filename (self->folder, key, NULL);
  int dir_fd = open_folder (self, g_str_equal (dir, ".") ? "" : dir, FALSE, error);
  int fd;

  if (dir_fd < 0)
    return -1;
  fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY, "“%s” is not there", path);
  else if (fd < 0 && errno == ELOOP)
    g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                 "“%s” is a symbolic link: not followed", path);
  else if (fd < 0)
    set_errno_error (error, errno, "open", path);
  close (dir_fd);
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
  if (self->root_fd >= 0)
    close (self->root_fd);
  g_mutex_clear (&self->lock);

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
  self->root_fd = -1;
  g_mutex_init (&self->lock);
}

/**
 * ingest_folder_destination_new:
 * @folder: where the copies go: an existing folder (never created; the
 *   folders below it are)
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

/* Marked as a network share: the root must be a mount of its own. */
void
ingest_folder_destination_set_network_share (IngestFolderDestination *self,
                                             gboolean                 network_share)
{
  g_return_if_fail (INGEST_IS_FOLDER_DESTINATION (self));
  self->network_share = !!network_share;
}

gboolean
ingest_folder_destination_get_network_share (IngestFolderDestination *self)
{
  g_return_val_if_fail (INGEST_IS_FOLDER_DESTINATION (self), FALSE);
  return self->network_share;
}

/* Whether @path is a mount point in /proc/self/mountinfo (a bind mount of
 * a folder of the same filesystem has the same device as its parent). */
static gboolean
is_mount_point (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/mountinfo", &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 6);
      g_autofree char *mount_point = NULL;

      if (g_strv_length (fields) < 5)
        continue;
      /* Field 5, with space, tab, newline and backslash written in octal. */
      mount_point = g_strcompress (fields[4]);
      if (g_str_equal (mount_point, path))
        return TRUE;
    }
  return FALSE;
}

/**
 * ingest_folder_destination_check:
 *
 * Refuses a folder that is not what it claims, before any file is read: it
 * must exist (it is never created), be a folder and be writable; marked as
 * a network share, it must be mounted (on another device than "/" or a
 * mount point of its own), not the empty folder a share is mounted on.
 */
gboolean
ingest_folder_destination_check (IngestFolderDestination  *self,
                                 GError                  **error)
{
  g_autofree char *parent = NULL;
  g_autofree char *real = NULL;
  struct stat st, root_st, parent_st;
  int fd;

  g_return_val_if_fail (INGEST_IS_FOLDER_DESTINATION (self), FALSE);

  fd = root_fd (self, error);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0)
    {
      set_errno_error (error, errno, "look at", self->folder);
      return FALSE;
    }
  if (faccessat (fd, ".", W_OK, AT_EACCESS) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_ACCESS_DENIED,
                   "NAS folder %s is not writable: %s", self->folder, g_strerror (errno));
      return FALSE;
    }
  if (!self->network_share)
    return TRUE;

  parent = g_path_get_dirname (self->folder);
  if (stat ("/", &root_st) == 0 && st.st_dev != root_st.st_dev)
    return TRUE;
  if (stat (parent, &parent_st) == 0 && st.st_dev != parent_st.st_dev)
    return TRUE;
  real = realpath (self->folder, NULL);   /* mountinfo names mounts by their real path */
  if (real != NULL && is_mount_point (real))
    return TRUE;
  g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
               "NAS folder %s is on this computer's own disk, not a mounted share — is the share mounted?",
               self->folder);
  return FALSE;
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
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *legacy = NULL;
  g_autofree char *shown = NULL;
  const char *name;
  guint64 ino = 0;
  gboolean known;
  struct stat st;
  int dir_fd;

  g_return_val_if_fail (INGEST_IS_FOLDER_DESTINATION (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  dir = g_path_get_dirname (record->key);
  base = g_path_get_basename (record->key);
  known = parse_part_identity (record->remote_upload_id, &ino, &name);
  if (!known)
    name = legacy = g_strdup_printf (".%s.ingest-part", base);   /* from before the token */
  shown = g_build_filename (self->folder, g_str_equal (dir, ".") ? "" : dir, name, NULL);

  dir_fd = open_folder (self, g_str_equal (dir, ".") ? "" : dir, FALSE, error);
  if (dir_fd < 0)
    return FALSE;
  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    {
      if (!S_ISREG (st.st_mode) || st.st_nlink != 1 || (known && st.st_ino != ino))
        {
          close (dir_fd);
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                       "%s is not the partial copy this station left there (a link, or another file): left as it is",
                       shown);
          return FALSE;
        }
      if (unlinkat (dir_fd, name, 0) != 0)
        {
          set_errno_error (error, errno, "delete", shown);
          close (dir_fd);
          return FALSE;
        }
    }
  close (dir_fd);
  return self->catalog == NULL ||
         ingest_upload_journal_set_state (self->catalog, record->id, "aborted", "aborted by the user", NULL, 0, error);
}
