/* test-drive-mount.c
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

#define G_LOG_DOMAIN "test-drive-mount"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/statvfs.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* A real drive: a 64 MiB image loop-mounted under /media, as a camera card
 * would be: ext4, and exFAT through FUSE (what most cards carry). Needs root.
 * The checks run in a subprocess so that the parent always unmounts and
 * detaches what it set up, whatever happens in them. */

#define IMAGE_NAME  "card.img"
#define TMP_PREFIX  "ingest-mount"

/* How long a mount or unmount may take to show up in the monitor. */
#define DETECT_USEC (2 * G_USEC_PER_SEC)

typedef struct
{
  const IngestTestFs *fs;
  const char         *label;
  const char         *subprocess;
} Variant;

static const Variant ext4_variant = {
  &ingest_test_fs_ext4, "INGESTTEST", "/drive-mount/ext4/subprocess"
};
static const Variant exfat_variant = {
  &ingest_test_fs_exfat, "INGEXFAT", "/drive-mount/exfat/subprocess"
};

/* The variant under test, for the signal handlers. */
static const Variant *variant;

/* Where this run mounts the variant's drive. */
#define MOUNT_POINT ingest_test_mount_point (variant->label)

typedef struct
{
  IngestDrive *added;
  IngestDrive *removed;
} Events;

static void
drive_added_cb (IngestDriveMonitor *monitor,
                IngestDrive        *drive,
                Events             *events)
{
  if (g_strcmp0 (ingest_drive_get_mount_path (drive), MOUNT_POINT) == 0)
    events->added = drive;
}

static void
drive_removed_cb (IngestDriveMonitor *monitor,
                  IngestDrive        *drive,
                  Events             *events)
{
  if (g_strcmp0 (ingest_drive_get_mount_path (drive), MOUNT_POINT) == 0)
    events->removed = drive;
}

/* Runs the main loop until *@slot is set or @usec pass; returns the time it took. */
static gint64
wait_for (IngestDrive **slot,
          gint64        usec)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + usec;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return g_get_monotonic_time () - start;
}

static void
wait_for_ready (IngestDrive *drive)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (ingest_drive_get_state (drive) == INGEST_DRIVE_STATE_SCANNING &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_READY);
}

/* What blkid(8) reads from the image: KEY=value lines. */
static GHashTable *
blkid_export (const char *image)
{
  const char *argv[] = { "blkid", "-o", "export", image, NULL };
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int status;
  g_autofree char *out = ingest_test_run_capture (argv, &status);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals = strchr (lines[i], '=');

      if (equals != NULL)
        g_hash_table_insert (values, g_strndup (lines[i], equals - lines[i]), g_strdup (equals + 1));
    }
  return values;
}

static void
unplug (void)
{
  const char *argv[] = { "umount", MOUNT_POINT, NULL };

  g_assert_true (ingest_test_run_quiet (argv));
}

/* A FUSE daemon that dies (killed, or crashed on a bad card) leaves its mount
 * in the mount table, dead: every access fails with ENOTCONN. The drive must
 * say so, not that its root is "not a folder"; unmounting it is a removal. */
static void
check_dead_fuse_mount (IngestDrive *drive,
                       Events      *events)
{
  g_autoptr(IngestDrive) probe = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  struct statvfs vfs;
  gint64 usec;
  int pid;
  int errsv;

  events->removed = NULL;
  pid = ingest_test_fuse_daemon_pid (variant->fs, MOUNT_POINT);
  g_assert_cmpint (pid, >, 1);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  /* statvfs(), not stat(): stat() may answer from the attribute cache. A
   * request in flight as the daemon dies fails with ECONNABORTED. */
  while ((statvfs (MOUNT_POINT, &vfs) == 0 || errno == ECONNABORTED) &&
         g_get_monotonic_time () < deadline)
    g_usleep (1000);
  errsv = errno;
  g_assert_cmpint (errsv, ==, ENOTCONN);
  g_assert_true (ingest_test_is_mounted (MOUNT_POINT));

  probe = ingest_drive_new_for_path (MOUNT_POINT, NULL, &error);
  g_assert_error (error, INGEST_DRIVE_ERROR, INGEST_DRIVE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOTCONN)));
  g_assert_null (probe);
  usec = wait_for (&events->removed, G_USEC_PER_SEC / 2);
  if (events->removed != NULL)
    g_printerr ("# %s: FUSE daemon killed: drive-removed %.3f s after\n", variant->fs->name, usec / 1e6);
  else
    g_printerr ("# %s: FUSE daemon killed: no drive-removed in %.3f s (the mount table did not change)\n",
                variant->fs->name, usec / 1e6);

  unplug ();
  if (events->removed == NULL)
    {
      usec = wait_for (&events->removed, DETECT_USEC);
      g_printerr ("# %s: dead mount unmounted: drive-removed %.3f s after\n", variant->fs->name, usec / 1e6);
    }
  g_assert_true (events->removed == drive);
}

/* Runs in the subprocess: the monitor against real mounts. */
static void
test_real_mount_subprocess (gconstpointer data)
{
  const char *image = g_getenv ("INGEST_TEST_IMAGE");
  g_autoptr(IngestDriveMonitor) monitor = NULL;
  g_autoptr(IngestRoll) roll = NULL;
  g_autoptr(GListModel) rolls = NULL;
  g_autoptr(GHashTable) blkid = NULL;
  g_autofree char *uuid_lower = NULL;
  g_autofree char *identity = NULL;
  IngestDrive *drive;
  Events events = { 0 };
  struct statvfs vfs;
  gint64 usec;

  variant = data;
  if (!g_test_subprocess ())
    {
      g_test_skip ("only runs as a subprocess of the test above it");
      return;
    }
  g_assert_nonnull (image);

  monitor = ingest_drive_monitor_new (NULL);
  g_signal_connect (monitor, "drive-added", G_CALLBACK (drive_added_cb), &events);
  g_signal_connect (monitor, "drive-removed", G_CALLBACK (drive_removed_cb), &events);
  /* Let drives already mounted arrive first. */
  {
    IngestDrive *none = NULL;
    wait_for (&none, G_USEC_PER_SEC / 4);
  }
  g_assert_null (events.added);

  /* Plug in. */
  g_assert_true (ingest_test_mount_drive (variant->fs, image, MOUNT_POINT, FALSE));
  usec = wait_for (&events.added, DETECT_USEC);
  g_printerr ("# %s: drive-added %.3f s after mount(8) returned\n", variant->fs->name, usec / 1e6);
  g_assert_nonnull (events.added);
  drive = events.added;

  /* The identity is the volume's, as blkid reads it, not the mount's. */
  blkid = blkid_export (image);
  g_assert_cmpstr (g_hash_table_lookup (blkid, "TYPE"), ==, variant->fs->name);
  g_assert_cmpstr (g_hash_table_lookup (blkid, "LABEL"), ==, variant->label);
  g_assert_nonnull (g_hash_table_lookup (blkid, "UUID"));
  uuid_lower = g_ascii_strdown (g_hash_table_lookup (blkid, "UUID"), -1);
  identity = g_strconcat ("uuid:", uuid_lower, NULL);
  g_assert_cmpstr (ingest_drive_get_label (drive), ==, variant->label);
  g_assert_cmpstr (ingest_drive_get_filesystem (drive), ==, variant->fs->name);
  g_assert_cmpstr (ingest_drive_get_uuid (drive), ==, g_hash_table_lookup (blkid, "UUID"));
  g_assert_cmpstr (ingest_drive_get_identity (drive), ==, identity);
  g_assert_false (ingest_drive_get_is_folder (drive));
  g_assert_true (ingest_drive_get_removable (drive));
  g_assert_false (ingest_drive_get_read_only (drive));
  g_assert_cmpint (statvfs (MOUNT_POINT, &vfs), ==, 0);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), ==, (guint64) vfs.f_blocks * vfs.f_frsize);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), >, 32 * 1024 * 1024);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), <=, 64 * 1024 * 1024);
  g_assert_true (g_list_model_get_n_items (G_LIST_MODEL (monitor)) >= 1);

  /* The card on it (ext4's lost+found is junk, not a roll). */
  wait_for_ready (drive);
  g_assert_cmpuint (ingest_drive_get_n_rolls (drive), ==, 1);
  g_assert_cmpuint (ingest_drive_get_n_files (drive), ==, 3);
  rolls = ingest_drive_list_rolls (drive);
  roll = g_list_model_get_item (rolls, 0);
  g_assert_cmpstr (ingest_roll_get_path (roll), ==, ".");
  g_assert_cmpstr (ingest_roll_get_name (roll), ==, "A001R1AB");
  g_assert_cmpint (ingest_roll_get_kind (roll), ==, INGEST_CARD_KIND_ARRI);
  g_assert_cmpuint (ingest_roll_get_n_clips (roll), ==, 2);

  /* Unplug. */
  g_object_ref (drive);
  unplug ();
  usec = wait_for (&events.removed, DETECT_USEC);
  g_printerr ("# %s: drive-removed %.3f s after umount(8) returned\n", variant->fs->name, usec / 1e6);
  g_assert_true (events.removed == drive);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_REMOVED);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (monitor)); i++)
    {
      g_autoptr(IngestDrive) other = g_list_model_get_item (G_LIST_MODEL (monitor), i);
      g_assert_true (other != drive);
    }
  usec = g_get_monotonic_time ();
  g_assert_true (ingest_test_wait_image_released (image, 5 * G_USEC_PER_SEC));
  g_printerr ("# %s: loop device released %.3f s after that\n", variant->fs->name,
              (g_get_monotonic_time () - usec) / 1e6);

  /* Plug in again, write-protected (a new loop device): the same drive object
   * comes back, read-only now. */
  events.added = NULL;
  g_assert_true (ingest_test_mount_drive (variant->fs, image, MOUNT_POINT, TRUE));
  usec = wait_for (&events.added, DETECT_USEC);
  g_printerr ("# %s: drive-added again %.3f s after mount(8) returned\n", variant->fs->name, usec / 1e6);
  g_assert_true (events.added == drive);
  g_assert_cmpstr (ingest_drive_get_identity (drive), ==, identity);
  g_assert_cmpstr (ingest_drive_get_filesystem (drive), ==, variant->fs->name);
  g_assert_true (ingest_drive_get_read_only (drive));
  wait_for_ready (drive);
  g_assert_cmpuint (ingest_drive_get_n_rolls (drive), ==, 1);
  g_assert_cmpuint (ingest_drive_get_n_files (drive), ==, 3);

  /* Unplug for good; through FUSE, the hard way. */
  if (variant->fs->mount_helper != NULL)
    check_dead_fuse_mount (drive, &events);
  else
    unplug ();
  g_assert_true (ingest_test_wait_image_released (image, 5 * G_USEC_PER_SEC));
  g_object_unref (drive);
}

static void
test_real_mount (gconstpointer data)
{
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *staging = NULL;

  variant = data;
  if (!ingest_test_drive_can_run (variant->fs, MOUNT_POINT))
    return;

  ingest_test_cleanup_drives (TMP_PREFIX, IMAGE_NAME, MOUNT_POINT);
  g_assert_false (ingest_test_is_mounted (MOUNT_POINT));

  dir = ingest_test_make_drive_dir (TMP_PREFIX);
  image = g_build_filename (dir, IMAGE_NAME, NULL);
  staging = g_build_filename (dir, "staging", NULL);
  {
    g_autofree char *a = g_build_filename (staging, "A001C001_261121_R1AB.mxf", NULL);
    g_autofree char *b = g_build_filename (staging, "A001C002_261121_R1AB.mxf", NULL);
    g_autofree char *c = g_build_filename (staging, "A001R1AB.ale", NULL);

    ingest_test_write_random_file (a, 100000, 1);
    ingest_test_write_random_file (b, 200000, 2);
    ingest_test_write_file (c, "Heading\n", 8);
    ingest_test_make_drive_image (variant->fs, image, "64M", variant->label, staging, MOUNT_POINT);
  }

  g_setenv ("INGEST_TEST_IMAGE", image, TRUE);
  g_test_trap_subprocess (variant->subprocess, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);

  /* Whatever the subprocess did or did not do. */
  ingest_test_cleanup_drives (TMP_PREFIX, IMAGE_NAME, MOUNT_POINT);
  ingest_test_rm_rf (dir);

  g_test_trap_assert_passed ();
  g_assert_false (ingest_test_is_mounted (MOUNT_POINT));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_data_func ("/drive-mount/ext4", &ext4_variant, test_real_mount);
  g_test_add_data_func (ext4_variant.subprocess, &ext4_variant, test_real_mount_subprocess);
  g_test_add_data_func ("/drive-mount/exfat", &exfat_variant, test_real_mount);
  g_test_add_data_func (exfat_variant.subprocess, &exfat_variant, test_real_mount_subprocess);

  return g_test_run ();
}
