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

#include "config.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <gio/gunixmounts.h>
#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* A real drive: a 64 MiB ext4 image loop-mounted under /media, as a camera card
 * would be. Needs root. The checks run in a subprocess so that the parent
 * always unmounts and detaches what it set up, whatever happens in them. */

#define LABEL       "INGESTTEST"
#define MOUNT_POINT "/media/" LABEL
#define IMAGE_NAME  "card.img"
#define TMP_PREFIX  "ingest-mount"

/* How long a mount or unmount may take to show up in the monitor. */
#define DETECT_USEC (2 * G_USEC_PER_SEC)

static gboolean
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("%s failed: %s", argv[0], err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_mounted (const char *path)
{
  g_autoptr(GUnixMountEntry) entry = g_unix_mount_at (path, NULL);

  return entry != NULL;
}

/* Unmounts and detaches every loop device backed by one of our images (this run's,
 * or a crashed run's), found by the image path in `losetup -a`. */
static void
cleanup_loops (void)
{
  const char *argv[] = { "losetup", "-a", NULL };
  g_autofree char *out = ingest_test_run_capture (argv, NULL);
  g_auto(GStrv) lines = g_strsplit (out ? out : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *device = NULL;
      const char *colon = strchr (lines[i], ':');

      if (colon == NULL || strstr (lines[i], "/" TMP_PREFIX "-") == NULL ||
          strstr (lines[i], IMAGE_NAME) == NULL)
        continue;
      device = g_strndup (lines[i], colon - lines[i]);

      while (is_mounted (MOUNT_POINT))
        {
          const char *umount_argv[] = { "umount", MOUNT_POINT, NULL };

          if (!run (umount_argv))
            break;
        }
      {
        const char *umount_argv[] = { "umount", device, NULL };
        const char *detach_argv[] = { "losetup", "-d", device, NULL };

        run (umount_argv);
        run (detach_argv);
      }
    }
  g_rmdir (MOUNT_POINT);
}

static gboolean
mount_image (const char *image)
{
  const char *argv[] = { "mount", "-o", "loop", image, MOUNT_POINT, NULL };

  return run (argv);
}

static gboolean
unmount_image (void)
{
  const char *argv[] = { "umount", MOUNT_POINT, NULL };

  return run (argv);
}

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

static char *
blkid_uuid (const char *image)
{
  const char *argv[] = { "blkid", "-s", "UUID", "-o", "value", image, NULL };
  int status;
  char *out = ingest_test_run_capture (argv, &status);

  g_assert_cmpint (status, ==, 0);
  return g_strstrip (out);
}

/* Runs in the subprocess: the monitor against real mounts. */
static void
test_real_mount_subprocess (void)
{
  const char *image = g_getenv ("INGEST_TEST_IMAGE");
  g_autoptr(IngestDriveMonitor) monitor = NULL;
  g_autoptr(IngestRoll) roll = NULL;
  g_autoptr(GListModel) rolls = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *identity = NULL;
  IngestDrive *drive;
  Events events = { 0 };
  struct statvfs vfs;
  gint64 usec;

  if (!g_test_subprocess ())
    {
      g_test_skip ("only runs as a subprocess of /drive-mount/real-mount");
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
  g_assert_true (mount_image (image));
  usec = wait_for (&events.added, DETECT_USEC);
  g_printerr ("# drive-added %.3f s after mount(8) returned\n", usec / 1e6);
  g_assert_nonnull (events.added);
  drive = events.added;

  uuid = blkid_uuid (image);
  identity = g_strconcat ("uuid:", uuid, NULL);
  g_assert_cmpstr (ingest_drive_get_label (drive), ==, LABEL);
  g_assert_cmpstr (ingest_drive_get_filesystem (drive), ==, "ext4");
  g_assert_cmpstr (ingest_drive_get_uuid (drive), ==, uuid);
  g_assert_cmpstr (ingest_drive_get_identity (drive), ==, identity);
  g_assert_false (ingest_drive_get_is_folder (drive));
  g_assert_true (ingest_drive_get_removable (drive));
  g_assert_false (ingest_drive_get_read_only (drive));
  g_assert_cmpint (statvfs (MOUNT_POINT, &vfs), ==, 0);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), ==, (guint64) vfs.f_blocks * vfs.f_frsize);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), >, 32 * 1024 * 1024);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), <=, 64 * 1024 * 1024);
  g_assert_true (g_list_model_get_n_items (G_LIST_MODEL (monitor)) >= 1);

  /* The card on it (lost+found is junk, not a roll). */
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
  g_assert_true (unmount_image ());
  usec = wait_for (&events.removed, DETECT_USEC);
  g_printerr ("# drive-removed %.3f s after umount(8) returned\n", usec / 1e6);
  g_assert_true (events.removed == drive);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_REMOVED);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (monitor)); i++)
    {
      g_autoptr(IngestDrive) other = g_list_model_get_item (G_LIST_MODEL (monitor), i);
      g_assert_true (other != drive);
    }

  /* Plug in again: the same drive object comes back. */
  events.added = NULL;
  g_assert_true (mount_image (image));
  usec = wait_for (&events.added, DETECT_USEC);
  g_printerr ("# drive-added again %.3f s after mount(8) returned\n", usec / 1e6);
  g_assert_true (events.added == drive);
  g_assert_cmpstr (ingest_drive_get_identity (drive), ==, identity);
  wait_for_ready (drive);
  g_assert_cmpuint (ingest_drive_get_n_rolls (drive), ==, 1);
  g_object_unref (drive);

  g_assert_true (unmount_image ());
}

static void
test_real_mount (void)
{
  const char * const programs[] = { "mkfs.ext4", "mount", "umount", "losetup", "blkid", NULL };
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *staging = NULL;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root: loop-mounts an ext4 image under " MOUNT_POINT);
      return;
    }
  for (guint i = 0; programs[i] != NULL; i++)
    if (!ingest_test_have_program (programs[i]))
      {
        g_test_skip_printf ("needs %s", programs[i]);
        return;
      }
  if (!g_file_test ("/dev/loop-control", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("needs loop devices (/dev/loop-control)");
      return;
    }

  cleanup_loops ();
  if (is_mounted (MOUNT_POINT))
    {
      g_test_skip (MOUNT_POINT " is in use by another mount");
      return;
    }

  dir = ingest_test_make_tmpdir (TMP_PREFIX);
  image = g_build_filename (dir, IMAGE_NAME, NULL);
  staging = g_build_filename (dir, "staging", NULL);
  {
    g_autofree char *a = g_build_filename (staging, "A001C001_261121_R1AB.mxf", NULL);
    g_autofree char *b = g_build_filename (staging, "A001C002_261121_R1AB.mxf", NULL);
    g_autofree char *c = g_build_filename (staging, "A001R1AB.ale", NULL);
    const char *truncate_argv[] = { "truncate", "-s", "64M", image, NULL };
    const char *mkfs_argv[] = { "mkfs.ext4", "-q", "-F", "-L", LABEL, "-d", staging, image, NULL };

    ingest_test_write_random_file (a, 100000, 1);
    ingest_test_write_random_file (b, 200000, 2);
    ingest_test_write_file (c, "Heading\n", 8);
    g_assert_true (run (truncate_argv));
    g_assert_true (run (mkfs_argv));
  }
  g_assert_cmpint (g_mkdir_with_parents (MOUNT_POINT, 0755), ==, 0);

  g_setenv ("INGEST_TEST_IMAGE", image, TRUE);
  g_test_trap_subprocess ("/drive-mount/real-mount/subprocess", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);

  /* Whatever the subprocess did or did not do. */
  cleanup_loops ();
  ingest_test_rm_rf (dir);

  g_test_trap_assert_passed ();
  g_assert_false (is_mounted (MOUNT_POINT));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/drive-mount/real-mount", test_real_mount);
  g_test_add_func ("/drive-mount/real-mount/subprocess", test_real_mount_subprocess);

  return g_test_run ();
}
