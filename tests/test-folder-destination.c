/* test-folder-destination.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The folder / NAS destination never overwrites, never follows a link and
 * refuses a root that is not what it claims: driven directly (begin, write,
 * finish as the upload job does) on real files, each attack planted in a
 * private temp folder. */

#include "config.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-destination-private.h"
#include "ingest-test-util.h"

typedef struct
{
  char          *dir;
  char          *root;      /* the destination folder */
  char          *outside;   /* where a link points: must stay untouched */
  char          *drive;     /* source files */
  IngestCatalog *catalog;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog = NULL;

  fixture->dir = ingest_test_make_tmpdir ("folder-destination");
  fixture->root = g_build_filename (fixture->dir, "nas", NULL);
  fixture->outside = g_build_filename (fixture->dir, "outside", NULL);
  fixture->drive = g_build_filename (fixture->dir, "drive", NULL);
  g_assert_cmpint (g_mkdir (fixture->root, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (fixture->outside, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (fixture->drive, 0755), ==, 0);
  catalog = g_build_filename (fixture->dir, "catalog.db", NULL);
  fixture->catalog = ingest_catalog_open (catalog, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->catalog);
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->root);
  g_free (fixture->outside);
  g_free (fixture->drive);
}

static IngestFolderDestination *
make_destination (Fixture *fixture)
{
  return ingest_folder_destination_new (fixture->root, fixture->catalog);
}

/* A source file on the drive: @text repeated to @size bytes. */
static char *
make_source (Fixture    *fixture,
             const char *name,
             const char *text,
             gsize       size)
{
  g_autofree char *path = g_build_filename (fixture->drive, name, NULL);
  g_autofree char *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = text[i % strlen (text)];
  ingest_test_write_file (path, data, size);
  return g_steal_pointer (&path);
}

static void
write_at (const char *path,
          const char *text,
          gsize       size)
{
  g_autofree char *data = g_malloc (size);
  g_autofree char *dir = g_path_get_dirname (path);

  for (gsize i = 0; i < size; i++)
    data[i] = text[i % strlen (text)];
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  ingest_test_write_file (path, data, size);
}

typedef struct
{
  GBytes             *bytes;
  char               *xxh64;
  IngestUploadSource  source;
} Source;

static void
source_load (Source     *source,
             const char *path,
             const char *key)
{
  struct stat st;
  gconstpointer data;
  gsize len;

  source->bytes = ingest_test_read_bytes (path);
  data = g_bytes_get_data (source->bytes, &len);
  source->xxh64 = ingest_hash_bytes (INGEST_HASH_XXH64, data, len);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  source->source.path = path;
  source->source.key = key;
  source->source.size = len;
  source->source.mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  source->source.expected_kind = "xxh64";
  source->source.expected = source->xxh64;
  source->source.drive = "CARD";
}

static void
source_clear (Source *source)
{
  g_bytes_unref (source->bytes);
  g_free (source->xxh64);
}

/* begin → write (all of it, in chunks) → finish, like the upload job. NULL
 * with @error: begin() refused; a file with @error: finish() did. */
static IngestDestinationFile *
deliver (IngestFolderDestination  *destination,
         const char               *path,
         const char               *key,
         GError                  **error)
{
  Source source = { 0 };
  IngestDestinationFile *file;
  const guint8 *data;
  gsize len;

  source_load (&source, path, key);
  data = g_bytes_get_data (source.bytes, &len);
  file = ingest_destination_begin (INGEST_DESTINATION (destination), &source.source, NULL, error);
  if (file != NULL)
    {
      for (gsize offset = 0; offset < len; offset += 4096)
        g_assert_true (ingest_destination_write (file, data + offset, MIN (4096, len - offset), offset, NULL));
      ingest_destination_finish (file, NULL, error);
    }
  source_clear (&source);
  return file;
}

static void
assert_same_bytes (const char *a,
                   const char *b)
{
  g_autoptr(GBytes) bytes_a = ingest_test_read_bytes (a);
  g_autoptr(GBytes) bytes_b = ingest_test_read_bytes (b);

  g_assert_true (g_bytes_equal (bytes_a, bytes_b));
}

/* Hidden partial files left in @folder. */
static GPtrArray *
list_parts (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] == '.' && g_str_has_suffix (name, ".ingest-part"))
      g_ptr_array_add (parts, g_strdup (name));
  return parts;
}

static void
test_new_file (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "new bytes", 100000);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "c1.mov", NULL);
  g_autofree char *folder = g_path_get_dirname (copy);
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GError) error = NULL;

  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_no_error (error);
  g_assert_false (ingest_destination_file_get_already_delivered (file));
  g_assert_cmpstr (ingest_destination_file_get_location (file), ==, copy);
  assert_same_bytes (path, copy);
  parts = list_parts (folder);
  g_assert_cmpuint (parts->len, ==, 0);
}

/* Different bytes at the final name: not overwritten, a plain reason. */
static void
test_conflict_fail (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "card two", 100000);
  g_autofree char *other = make_source (fixture, "c2.mov", "card two", 100000);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "c1.mov", NULL);
  g_autofree char *copy2 = g_build_filename (fixture->root, "A001", "c2.mov", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept", NULL);
  g_autofree char *folder = g_path_get_dirname (copy);
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *size = NULL;

  /* Same size, other bytes; and another size. */
  write_at (copy, "card one", 100000);
  write_at (kept, "card one", 100000);
  write_at (copy2, "card one", 5000);

  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_null (file);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
  size = g_format_size (100000);
  reason = g_strdup_printf ("%s already holds a different file (%s, modified ", copy, size);
  g_assert_true (g_str_has_prefix (error->message, reason));
  g_assert_true (g_str_has_suffix (error->message, ") — not overwritten"));
  assert_same_bytes (copy, kept);
  g_clear_error (&error);

  file = deliver (destination, other, "A001/c2.mov", &error);
  g_assert_null (file);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
  {
    struct stat st;

    g_assert_cmpint (g_stat (copy2, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, 5000);
  }
  parts = list_parts (folder);
  g_assert_cmpuint (parts->len, ==, 0);
}

/* The same bytes already there: nothing written, counted as delivered. */
static void
test_already_delivered (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "the same", 100000);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "c1.mov", NULL);
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  struct stat before, after;

  write_at (copy, "the same", 100000);
  g_assert_cmpint (g_stat (copy, &before), ==, 0);

  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_no_error (error);
  g_assert_true (ingest_destination_file_get_already_delivered (file));
  g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, 0);
  note = g_strdup_printf ("already delivered: the same file is at %s", copy);
  g_assert_cmpstr (ingest_destination_file_get_note (file), ==, note);
  g_assert_cmpint (g_stat (copy, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
}

/* Comparing with a big file already there stops when cancelled. */
static void
test_compare_cancelled (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "the same", 4 * 1024 * 1024);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "c1.mov", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;
  Source source = { 0 };

  write_at (copy, "the same", 4 * 1024 * 1024);
  source_load (&source, path, "A001/c1.mov");
  g_cancellable_cancel (cancellable);
  file = ingest_destination_begin (INGEST_DESTINATION (destination), &source.source, cancellable, &error);
  g_assert_null (file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_same_bytes (path, copy);
  source_clear (&source);
}

/* Under "rename" the new file goes beside: "c1 (2).mov", then "(3)". */
static void
test_conflict_rename (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "card two", 100000);
  g_autofree char *path3 = make_source (fixture, "c3.mov", "card three", 100000);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "c1.mov", NULL);
  g_autofree char *beside = g_build_filename (fixture->root, "A001", "c1 (2).mov", NULL);
  g_autofree char *third = g_build_filename (fixture->root, "A001", "c1 (3).mov", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept", NULL);
  g_autoptr(GError) error = NULL;

  write_at (copy, "card one", 100000);
  write_at (kept, "card one", 100000);
  ingest_destination_set_on_conflict (INGEST_DESTINATION (destination), INGEST_CONFLICT_RENAME);

  {
    g_autoptr(IngestDestinationFile) file = deliver (destination, path, "A001/c1.mov", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ingest_destination_file_get_location (file), ==, beside);
    g_assert_false (ingest_destination_file_get_already_delivered (file));
    assert_same_bytes (path, beside);
    assert_same_bytes (copy, kept);
  }
  {
    /* Again: it is already there, beside. */
    g_autoptr(IngestDestinationFile) file = deliver (destination, path, "A001/c1.mov", &error);

    g_assert_no_error (error);
    g_assert_true (ingest_destination_file_get_already_delivered (file));
    g_assert_cmpstr (ingest_destination_file_get_location (file), ==, beside);
  }
  {
    g_autoptr(IngestDestinationFile) file = deliver (destination, path3, "A001/c1.mov", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ingest_destination_file_get_location (file), ==, third);
    assert_same_bytes (path3, third);
  }
  assert_same_bytes (copy, kept);
  assert_same_bytes (path, beside);
}

/* A link, a folder or a pipe at the final name is not a delivered file. */
static void
test_not_a_file_at_name (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "bytes", 100000);
  g_autofree char *target = g_build_filename (fixture->outside, "target.mov", NULL);
  g_autofree char *folder = g_build_filename (fixture->root, "A001", NULL);
  g_autofree char *link = g_build_filename (folder, "c1.mov", NULL);
  g_autofree char *dir = g_build_filename (folder, "c2.mov", NULL);
  g_autofree char *fifo = g_build_filename (folder, "c3.mov", NULL);
  g_autofree char *same_link = g_build_filename (folder, "c4.mov", NULL);
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  write_at (target, "outside", 100);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  /* A link to a file with the very same bytes is still not our copy. */
  g_assert_cmpint (symlink (path, same_link), ==, 0);

  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_null (file);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "a symbolic link — not overwritten"));
  g_clear_error (&error);
  file = deliver (destination, path, "A001/c2.mov", &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "a folder — not overwritten"));
  g_clear_error (&error);
  file = deliver (destination, path, "A001/c3.mov", &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
  g_clear_error (&error);
  file = deliver (destination, path, "A001/c4.mov", &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 100);
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
}

/* A subfolder of the share that is a link to elsewhere: nothing goes
 * through it, the error names it. */
static void
test_symlinked_subfolder (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "bytes", 100000);
  g_autofree char *planted = g_build_filename (fixture->root, "A001", NULL);
  g_autofree char *b001 = g_build_filename (fixture->root, "B001", NULL);
  g_autofree char *deeper = g_build_filename (b001, "sub", NULL);
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (symlink (fixture->outside, planted), ==, 0);
  g_assert_cmpint (g_mkdir (b001, 0755), ==, 0);
  g_assert_cmpint (symlink (fixture->outside, deeper), ==, 0);

  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_null (file);
  expected = g_strdup_printf ("%s is a link or not a folder — nothing is copied through it", planted);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  file = deliver (destination, path, "B001/sub/clips/c1.mov", &error);
  g_assert_null (file);
  g_assert_nonnull (strstr (error->message, deeper));
  g_clear_error (&error);

  /* A folder marker goes no further either. */
  {
    IngestUploadSource source = { 0 };

    source.path = fixture->drive;
    source.key = "A001/empty/";
    file = ingest_destination_begin (INGEST_DESTINATION (destination), &source, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (ingest_destination_finish (file, NULL, &error));
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_pointer (&file, ingest_destination_file_free);
    g_clear_error (&error);
  }

  dir = g_dir_open (fixture->outside, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
}

/* A drive file called like the old partial name is delivered as itself and
 * never taken for, truncated as or published as c1.mov's partial file. */
static void
test_drive_file_named_like_part (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *clip = make_source (fixture, "c1.mov", "the clip", 100000);
  g_autofree char *odd = make_source (fixture, ".c1.mov.ingest-part", "a drive file", 30000);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "c1.mov", NULL);
  g_autofree char *odd_copy = g_build_filename (fixture->root, "A001", ".c1.mov.ingest-part", NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(IngestDestinationFile) file = deliver (destination, odd, "A001/.c1.mov.ingest-part", &error);

    g_assert_no_error (error);
  }
  {
    g_autoptr(IngestDestinationFile) file = deliver (destination, clip, "A001/c1.mov", &error);

    g_assert_no_error (error);
  }
  assert_same_bytes (clip, copy);
  assert_same_bytes (odd, odd_copy);

  /* The other order: c1.mov's copy is open when the drive file comes. */
  {
    g_autofree char *root2 = g_build_filename (fixture->dir, "nas2", NULL);
    g_autoptr(IngestFolderDestination) second = NULL;
    g_autofree char *copy2 = g_build_filename (root2, "A001", "c1.mov", NULL);
    g_autofree char *odd_copy2 = g_build_filename (root2, "A001", ".c1.mov.ingest-part", NULL);
    g_autoptr(IngestDestinationFile) file = NULL;
    Source source = { 0 };
    const guint8 *bytes;
    gsize len;

    g_assert_cmpint (g_mkdir (root2, 0755), ==, 0);
    second = ingest_folder_destination_new (root2, fixture->catalog);
    source_load (&source, clip, "A001/c1.mov");
    bytes = g_bytes_get_data (source.bytes, &len);
    file = ingest_destination_begin (INGEST_DESTINATION (second), &source.source, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ingest_destination_write (file, bytes, len / 2, 0, NULL));
    {
      g_autoptr(IngestDestinationFile) other = deliver (second, odd, "A001/.c1.mov.ingest-part", &error);

      g_assert_no_error (error);
    }
    g_assert_true (ingest_destination_write (file, bytes + len / 2, len - len / 2, len / 2, NULL));
    g_assert_true (ingest_destination_finish (file, NULL, &error));
    g_assert_no_error (error);
    source_clear (&source);
    assert_same_bytes (clip, copy2);
    assert_same_bytes (odd, odd_copy2);
  }
}

/* The name appears between begin() and the publish: compared again. */
static void
test_final_appears_before_publish (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "ours", 100000);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept", NULL);
  g_autofree char *folder = g_build_filename (fixture->root, "A001", NULL);
  const struct { const char *key; const char *planted; IngestConflictPolicy policy; } cases[] = {
    { "A001/c1.mov", "theirs", INGEST_CONFLICT_FAIL },
    { "A001/c2.mov", "ours", INGEST_CONFLICT_FAIL },
    { "A001/c3.mov", "theirs", INGEST_CONFLICT_RENAME },
  };

  write_at (kept, "theirs", 100000);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IngestDestinationFile) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) parts = NULL;
      g_autofree char *copy = g_build_filename (fixture->root, cases[i].key, NULL);
      Source source = { 0 };
      const guint8 *bytes;
      gsize len;

      ingest_destination_set_on_conflict (INGEST_DESTINATION (destination), cases[i].policy);
      source_load (&source, path, cases[i].key);
      bytes = g_bytes_get_data (source.bytes, &len);
      file = ingest_destination_begin (INGEST_DESTINATION (destination), &source.source, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ingest_destination_write (file, bytes, len, 0, NULL));
      write_at (copy, cases[i].planted, 100000);
      ingest_destination_finish (file, NULL, &error);
      source_clear (&source);

      if (i == 0)
        {
          g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
          g_assert_true (g_str_has_suffix (error->message, "— not overwritten"));
          assert_same_bytes (copy, kept);
        }
      else if (i == 1)
        {
          g_assert_no_error (error);
          g_assert_true (ingest_destination_file_get_already_delivered (file));
        }
      else
        {
          g_autofree char *beside = g_build_filename (folder, "c3 (2).mov", NULL);

          g_assert_no_error (error);
          g_assert_cmpstr (ingest_destination_file_get_location (file), ==, beside);
          assert_same_bytes (copy, kept);
          assert_same_bytes (path, beside);
        }
      parts = list_parts (folder);
      g_assert_cmpuint (parts->len, ==, 0);
    }
}

/* An interrupted copy: begin, half the bytes, suspend. Returns the name of
 * the partial file it left. */
static char *
interrupt_copy (IngestFolderDestination *destination,
                const char              *path,
                const char              *key,
                const char              *folder)
{
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  Source source = { 0 };
  const guint8 *bytes;
  gsize len;

  source_load (&source, path, key);
  bytes = g_bytes_get_data (source.bytes, &len);
  file = ingest_destination_begin (INGEST_DESTINATION (destination), &source.source, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ingest_destination_write (file, bytes, len / 2, 0, NULL));
  ingest_destination_suspend (file);
  source_clear (&source);
  parts = list_parts (folder);
  g_assert_cmpuint (parts->len, ==, 1);
  return g_strdup (g_ptr_array_index (parts, 0));
}

/* An interrupted copy resumes from its own partial file. */
static void
test_resume_own_part (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "resumed", 300000);
  g_autofree char *folder = g_build_filename (fixture->root, "A001", NULL);
  g_autofree char *copy = g_build_filename (folder, "c1.mov", NULL);
  g_autofree char *part = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = NULL;

  part = interrupt_copy (destination, path, "A001/c1.mov", folder);
  /* Random per copy: no drive file can hold the name in advance. */
  g_assert_true (g_str_has_prefix (part, ".c1.mov."));
  g_assert_cmpstr (part, !=, ".c1.mov.ingest-part");

  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_destination_file_get_bytes_resumed (file), ==, 150000);
  assert_same_bytes (path, copy);
  parts = list_parts (folder);
  g_assert_cmpuint (parts->len, ==, 0);
}

/* The journaled partial file swapped for a link or a hard link: an error
 * naming it; what it points to is never truncated, the name never deleted. */
static void
test_planted_part (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_source (fixture, "c1.mov", "resumed", 300000);
  g_autofree char *folder = g_build_filename (fixture->root, "A001", NULL);
  g_autofree char *target = g_build_filename (fixture->outside, "precious", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept", NULL);
  const char *kinds[] = { "symlink", "hard link to another file", "hard link to the part" };

  write_at (target, "precious bytes", 200000);
  write_at (kept, "precious bytes", 200000);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
      g_autofree char *part = interrupt_copy (destination, path, "A001/c1.mov", folder);
      g_autofree char *part_path = g_build_filename (folder, part, NULL);
      g_autofree char *second_name = g_build_filename (fixture->outside, "second-name", NULL);
      g_autoptr(IngestDestinationFile) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(IngestUploadRecord) live = NULL;
      struct stat st;

      g_test_message ("planted: %s", kinds[i]);
      if (i == 2)
        {
          g_assert_cmpint (link (part_path, second_name), ==, 0);
        }
      else
        {
          g_assert_cmpint (g_unlink (part_path), ==, 0);
          if (i == 0)
            g_assert_cmpint (symlink (target, part_path), ==, 0);
          else
            g_assert_cmpint (link (target, part_path), ==, 0);
        }

      file = deliver (destination, path, "A001/c1.mov", &error);
      g_assert_null (file);
      expected = g_strdup_printf ("%s is not the partial copy this station left there (a link, or another file): "
                                  "left as it is, nothing copied", part_path);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
      assert_same_bytes (target, kept);
      g_assert_cmpint (lstat (part_path, &st), ==, 0);

      /* Aborting it deletes nothing that is not ours either. */
      live = ingest_upload_journal_find (fixture->catalog, ingest_destination_get_uri (INGEST_DESTINATION (destination)),
                                         "A001/c1.mov", FALSE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (live);
      g_assert_false (ingest_folder_destination_abort_upload (destination, live, &error));
      g_free (expected);
      expected = g_strdup_printf ("%s is not the partial copy this station left there (a link, or another file): "
                                  "left as it is", part_path);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
      g_assert_cmpint (lstat (part_path, &st), ==, 0);
      assert_same_bytes (target, kept);

      /* Clean up as the user would, for the next kind. */
      g_assert_cmpint (g_unlink (part_path), ==, 0);
      g_unlink (second_name);
      g_assert_true (ingest_folder_destination_abort_upload (destination, live, &error));
      g_assert_no_error (error);
    }
}

/* Today's partial name planted as a link to a file elsewhere: never
 * opened, never truncated. */
static void
test_old_part_name_link (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "bytes", 100000);
  g_autofree char *folder = g_build_filename (fixture->root, "A001", NULL);
  g_autofree char *planted = g_build_filename (folder, ".c1.mov.ingest-part", NULL);
  g_autofree char *copy = g_build_filename (folder, "c1.mov", NULL);
  g_autofree char *target = g_build_filename (fixture->outside, "precious", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept", NULL);
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  write_at (target, "precious bytes", 200000);
  write_at (kept, "precious bytes", 200000);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (symlink (target, planted), ==, 0);

  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_no_error (error);
  assert_same_bytes (target, kept);
  assert_same_bytes (path, copy);
  g_assert_cmpint (lstat (planted, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (copy, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
}

/* A copy delivered and journaled, then replaced by someone else: the
 * conflict says so, and the journal row no longer claims it. */
static void
test_replaced_since (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "c1.mov", "delivered", 100000);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "c1.mov", NULL);
  g_autoptr(IngestUploadRecord) verified = NULL;
  g_autoptr(IngestUploadRecord) row = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(IngestDestinationFile) file = deliver (destination, path, "A001/c1.mov", &error);

    g_assert_no_error (error);
  }
  verified = ingest_upload_journal_find (fixture->catalog, ingest_destination_get_uri (INGEST_DESTINATION (destination)),
                                         "A001/c1.mov", TRUE, &error);
  g_assert_nonnull (verified);
  g_assert_true (g_str_has_prefix (verified->remote_upload_id, "file "));

  /* Again, untouched: already delivered without reading it. */
  {
    g_autoptr(IngestDestinationFile) file = deliver (destination, path, "A001/c1.mov", &error);

    g_assert_no_error (error);
    g_assert_true (ingest_destination_file_get_already_delivered (file));
  }

  g_assert_cmpint (g_unlink (copy), ==, 0);
  write_at (copy, "someone else", 100000);
  {
    g_autoptr(IngestDestinationFile) file = deliver (destination, path, "A001/c1.mov", &error);

    g_assert_null (file);
    g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
    g_assert_nonnull (strstr (error->message, "delivered here earlier, but replaced since by another file"));
    g_clear_error (&error);
  }
  row = ingest_upload_journal_lookup (fixture->catalog, verified->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (row->state, ==, "replaced");
  g_assert_cmpstr (row->message, ==, "delivered here earlier, but replaced since by another file");
}

static void
test_missing_root (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "mnt", "dailies", NULL);
  g_autoptr(IngestFolderDestination) destination = ingest_folder_destination_new (missing, fixture->catalog);
  g_autofree char *path = make_source (fixture, "c1.mov", "bytes", 1000);
  g_autofree char *expected = g_strdup_printf ("NAS folder %s is not there — is the share mounted?", missing);
  g_autofree char *file_root = g_build_filename (fixture->dir, "a-file", NULL);
  g_autoptr(IngestFolderDestination) not_folder = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (ingest_folder_destination_check (destination, &error));
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  file = deliver (destination, path, "A001/c1.mov", &error);
  g_assert_null (file);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  write_at (file_root, "x", 1);
  not_folder = ingest_folder_destination_new (file_root, fixture->catalog);
  g_assert_false (ingest_folder_destination_check (not_folder, &error));
  g_assert_true (g_str_has_suffix (error->message, "is not a folder"));
  g_clear_error (&error);

  if (geteuid () != 0)
    {
      g_autoptr(IngestFolderDestination) read_only = make_destination (fixture);

      g_assert_cmpint (g_chmod (fixture->root, 0555), ==, 0);
      g_assert_false (ingest_folder_destination_check (read_only, &error));
      g_assert_true (g_str_has_prefix (error->message, "NAS folder "));
      g_assert_nonnull (strstr (error->message, "is not writable"));
      g_assert_cmpint (g_chmod (fixture->root, 0755), ==, 0);
    }
}

/* Whether @path counts as a mounted share the way the product decides. */
static gboolean
same_device_as_root (const char *path)
{
  struct stat st, root_st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (g_stat ("/", &root_st), ==, 0);
  return st.st_dev == root_st.st_dev;
}

static void
test_share_not_mounted (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *share = NULL;
  g_autofree char *expected = NULL;
  const char *build_dir = g_getenv ("G_TEST_BUILDDIR");

  /* An empty folder on the system disk, where a share would be mounted. */
  if (same_device_as_root (fixture->dir))
    share = g_strdup (fixture->root);
  else if (build_dir != NULL && same_device_as_root (build_dir))
    {
      share = g_build_filename (build_dir, "folder-destination-share-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (share));
    }
  if (share == NULL)
    {
      g_test_skip ("no folder on the same filesystem as / to stand for an unmounted share");
      return;
    }

  destination = ingest_folder_destination_new (share, fixture->catalog);
  g_assert_true (ingest_folder_destination_check (destination, &error));
  g_assert_no_error (error);
  ingest_folder_destination_set_network_share (destination, TRUE);
  g_assert_false (ingest_folder_destination_check (destination, &error));
  expected = g_strdup_printf ("NAS folder %s is on this computer's own disk, not a mounted share — "
                              "is the share mounted?", share);
  g_assert_cmpstr (error->message, ==, expected);
  if (!g_str_equal (share, fixture->root))
    g_rmdir (share);
}

/* A mount point (/dev/shm, a tmpfs of its own) passes as a share. */
static void
test_share_mounted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) || same_device_as_root ("/dev/shm") ||
      access ("/dev/shm", W_OK) != 0)
    {
      g_test_skip ("no writable mount point of its own at /dev/shm");
      return;
    }
  destination = ingest_folder_destination_new ("/dev/shm", fixture->catalog);
  ingest_folder_destination_set_network_share (destination, TRUE);
  g_assert_true (ingest_folder_destination_check (destination, &error));
  g_assert_no_error (error);
}

/* A history's chain may replace the one content it extends, and only it,
 * even when the name changes between begin() and the publish. */
static void
test_replaces_only_what_it_extends (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *path = make_source (fixture, "ascmhl_chain.xml", "<chain>1 2</chain>", 200);
  g_autofree char *copy = g_build_filename (fixture->root, "A001", "ascmhl", "ascmhl_chain.xml", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept", NULL);
  g_autoptr(GBytes) old_chain = g_bytes_new_static ("<chain>1</chain>", 16);
  const char *key = "A001/ascmhl/ascmhl_chain.xml";

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(IngestDestinationFile) file = NULL;
      g_autoptr(GError) error = NULL;
      Source source = { 0 };
      const guint8 *bytes;
      gsize len;

      ingest_test_write_file (copy, i == 1 ? "<chain>9</chain>" : "<chain>1</chain>", 16);
      source_load (&source, path, key);
      source.source.expected_kind = source.source.expected = NULL;
      source.source.replaces = old_chain;
      bytes = g_bytes_get_data (source.bytes, &len);
      file = ingest_destination_begin (INGEST_DESTINATION (destination), &source.source, NULL, &error);
      if (i == 1)
        {
          /* Another card's chain: not replaced. */
          g_assert_null (file);
          g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
          source_clear (&source);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ingest_destination_write (file, bytes, len, 0, NULL));
      if (i == 2)
        {
          /* It changed after the check: the swap is undone. */
          ingest_test_write_file (copy, "<chain>7</chain>", 16);
          ingest_test_write_file (kept, "<chain>7</chain>", 16);
          g_assert_false (ingest_destination_finish (file, NULL, &error));
          g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS);
          assert_same_bytes (copy, kept);
        }
      else
        {
          g_assert_true (ingest_destination_finish (file, NULL, &error));
          g_assert_no_error (error);
          assert_same_bytes (path, copy);
        }
      source_clear (&source);
    }
}

/* fetch() reads no file through a link. */
static void
test_fetch_no_link (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IngestFolderDestination) destination = make_destination (fixture);
  g_autofree char *secret = g_build_filename (fixture->outside, "ascmhl_chain.xml", NULL);
  g_autofree char *roll = g_build_filename (fixture->root, "A001", NULL);
  g_autofree char *planted = g_build_filename (roll, "ascmhl", NULL);
  g_autofree char *linked_file = g_build_filename (roll, "chain.xml", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  write_at (secret, "outside", 7);
  g_assert_cmpint (g_mkdir (roll, 0755), ==, 0);
  g_assert_cmpint (symlink (fixture->outside, planted), ==, 0);
  g_assert_cmpint (symlink (secret, linked_file), ==, 0);
  bytes = ingest_destination_fetch (INGEST_DESTINATION (destination), "A001/ascmhl/ascmhl_chain.xml", 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);
  g_clear_error (&error);
  bytes = ingest_destination_fetch (INGEST_DESTINATION (destination), "A001/chain.xml", 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);
  g_clear_error (&error);
  bytes = ingest_destination_fetch (INGEST_DESTINATION (destination), "B001/ascmhl/ascmhl_chain.xml", 1024, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY);
}

/* Runs @argv; its standard output and error, one after the other. */
static char *
run_both (const char * const *argv,
          int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return g_strconcat (out, err, NULL);
}

/* `ingestctl ingest DRIVE --to NAS …`: its output and exit status. */
static char *
ingest_card (Fixture     *fixture,
             const char  *drive,
             const char  *extra,
             int         *status)
{
  g_autofree char *catalog = g_build_filename (fixture->dir, "cli-catalog.db", NULL);
  const char *argv[] = { g_getenv ("INGESTCTL"), "ingest", drive, "--to", fixture->root, "--catalog", catalog,
                         extra, NULL };
  char *out = run_both (argv, status);

  g_test_message ("%s", out);
  return out;
}

/* md5sum of every file below @folder, by path relative to it. */
static GHashTable *
md5_tree (const char *folder)
{
  g_autofree char *command = g_strdup_printf ("cd '%s' && find . -type f -print0 | sort -z | xargs -0 md5sum",
                                              folder);
  const char *argv[] = { "sh", "-c", command, NULL };
  GHashTable *sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int status = -1;
  g_autofree char *out = ingest_test_run_capture (argv, &status);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strlen (lines[i]) > 36)   /* "MD5  ./PATH" */
      g_hash_table_insert (sums, g_strdup (lines[i] + 36), g_strndup (lines[i], 32));
  return sums;
}

/* Two cards with the same roll name, different bytes, to the same folder:
 * the second one's clips fail with the reason and the first card's clips
 * and ascmhl/ are still there, byte for byte. The same card again is
 * "already delivered"; with --on-conflict=rename the second goes beside. */
static void
test_cli_two_cards (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *card1 = g_build_filename (fixture->dir, "card1", NULL);
  g_autofree char *card2 = g_build_filename (fixture->dir, "card2", NULL);
  g_autofree char *roll1 = g_build_filename (card1, "A001", NULL);
  g_autofree char *roll2 = g_build_filename (card2, "A001", NULL);
  g_autofree char *copy0 = g_build_filename (fixture->root, "A001", "clip0.mov", NULL);
  g_autofree char *beside = g_build_filename (fixture->root, "A001", "clip0 (2).mov", NULL);
  g_autofree char *card1_clip0 = g_build_filename (roll1, "clip0.mov", NULL);
  g_autofree char *card2_clip0 = g_build_filename (roll2, "clip0.mov", NULL);
  g_autofree char *reason = g_strdup_printf ("%s already holds a different file (", copy0);
  const gsize sizes[] = { 300 * 1024, 40 * 1024 };
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *out = NULL;
  GHashTableIter iter;
  gpointer path, sum;
  int status = -1;

  ingest_test_make_mhl_roll (roll1, sizes, G_N_ELEMENTS (sizes), 10);
  ingest_test_make_mhl_roll (roll2, sizes, G_N_ELEMENTS (sizes), 20);

  out = ingest_card (fixture, card1, NULL, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  first = md5_tree (fixture->root);
  g_assert_true (g_hash_table_contains (first, "A001/clip0.mov"));
  g_assert_true (g_hash_table_contains (first, "A001/ascmhl/ascmhl_chain.xml"));

  /* The second card: its clips are not sent, the first card's stay. */
  out = ingest_card (fixture, card2, NULL, &status);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (out, reason));
  g_assert_nonnull (strstr (out, "— not overwritten"));
  g_clear_pointer (&out, g_free);
  after = md5_tree (fixture->root);
  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, &path, &sum))
    {
      g_test_message ("kept: %s", (char *) path);
      g_assert_cmpstr (g_hash_table_lookup (after, path), ==, sum);
    }
  g_clear_pointer (&after, g_hash_table_unref);

  /* The first card again: nothing sent. */
  out = ingest_card (fixture, card1, NULL, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "already delivered"));
  g_clear_pointer (&out, g_free);
  assert_same_bytes (card1_clip0, copy0);

  /* The second card beside it. */
  out = ingest_card (fixture, card2, "--on-conflict=rename", &status);
  g_assert_nonnull (strstr (out, beside));
  assert_same_bytes (card2_clip0, beside);
  assert_same_bytes (card1_clip0, copy0);
  after = md5_tree (fixture->root);
  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, &path, &sum))
    g_assert_cmpstr (g_hash_table_lookup (after, path), ==, sum);
}

/* A missing root fails before the card is read; marked --share, a plain
 * folder is refused too. */
static void
test_cli_missing_root (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *card = g_build_filename (fixture->dir, "card", NULL);
  g_autofree char *roll = g_build_filename (card, "A001", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "mnt", "dailies", NULL);
  g_autofree char *catalog = g_build_filename (fixture->dir, "cli-catalog.db", NULL);
  g_autofree char *expected = g_strdup_printf ("NAS folder %s is not there — is the share mounted?", missing);
  const gsize sizes[] = { 1000 };
  const char *argv[] = { g_getenv ("INGESTCTL"), "ingest", card, "--to", missing, "--catalog", catalog, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 3);
  out = run_both (argv, &status);
  g_test_message ("%s", out);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (out, expected));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/folder-destination/new-file", test_new_file);
  ADD ("/folder-destination/conflict-fail", test_conflict_fail);
  ADD ("/folder-destination/already-delivered", test_already_delivered);
  ADD ("/folder-destination/compare-cancelled", test_compare_cancelled);
  ADD ("/folder-destination/conflict-rename", test_conflict_rename);
  ADD ("/folder-destination/not-a-file-at-name", test_not_a_file_at_name);
  ADD ("/folder-destination/symlinked-subfolder", test_symlinked_subfolder);
  ADD ("/folder-destination/drive-file-named-like-part", test_drive_file_named_like_part);
  ADD ("/folder-destination/final-appears-before-publish", test_final_appears_before_publish);
  ADD ("/folder-destination/resume-own-part", test_resume_own_part);
  ADD ("/folder-destination/planted-part", test_planted_part);
  ADD ("/folder-destination/old-part-name-link", test_old_part_name_link);
  ADD ("/folder-destination/replaced-since", test_replaced_since);
  ADD ("/folder-destination/missing-root", test_missing_root);
  ADD ("/folder-destination/share-not-mounted", test_share_not_mounted);
  ADD ("/folder-destination/share-mounted", test_share_mounted);
  ADD ("/folder-destination/replaces-only-what-it-extends", test_replaces_only_what_it_extends);
  ADD ("/folder-destination/fetch-no-link", test_fetch_no_link);
  ADD ("/folder-destination/cli-two-cards", test_cli_two_cards);
  ADD ("/folder-destination/cli-missing-root", test_cli_missing_root);

#undef ADD

  return g_test_run ();
}
