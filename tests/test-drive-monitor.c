/* test-drive-monitor.c
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
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-drive-private.h"
#include "ingest-test-util.h"

/* Folders opened as drives: properties checked against statvfs(2) and df(1),
 * rolls against the tree the test wrote, signals and the list model against
 * each other. Real mounts are in test-drive-mount.c (suite slow, root only). */

/* A mount root nothing is ever mounted under, so real mounts stay out of these tests. */
static const char * const no_mount_roots[] = { "/nonexistent-ingest-test-root", NULL };

typedef struct
{
  GPtrArray *added;
  GPtrArray *removed;
  guint      items_added;
  guint      items_removed;
} Events;

static void
drive_added_cb (IngestDriveMonitor *monitor,
                IngestDrive        *drive,
                Events             *events)
{
  g_ptr_array_add (events->added, drive);
}

static void
drive_removed_cb (IngestDriveMonitor *monitor,
                  IngestDrive        *drive,
                  Events             *events)
{
  g_ptr_array_add (events->removed, drive);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Events     *events)
{
  events->items_added += added;
  events->items_removed += removed;
}

static void
connect_events (IngestDriveMonitor *monitor,
                Events             *events)
{
  events->added = g_ptr_array_new ();
  events->removed = g_ptr_array_new ();
  g_signal_connect (monitor, "drive-added", G_CALLBACK (drive_added_cb), events);
  g_signal_connect (monitor, "drive-removed", G_CALLBACK (drive_removed_cb), events);
  g_signal_connect (monitor, "items-changed", G_CALLBACK (items_changed_cb), events);
}

static void
events_clear (Events *events)
{
  g_clear_pointer (&events->added, g_ptr_array_unref);
  g_clear_pointer (&events->removed, g_ptr_array_unref);
}

static void
write_tree (const char *root)
{
  const char *files[] = {
    "A001R1AB/A001C001_261121_R1AB.mxf",
    "A001R1AB/A001C002_261121_R1AB.mxf",
    "A001R1AB/A001R1AB.ale",
    "SOUND_D01/T001.WAV",
    "SOUND_D01/T002.WAV",
    ".DS_Store",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (root, files[i], NULL);

      ingest_test_write_random_file (path, 1000 * (i + 1), i + 1);
    }
}

#define TREE_N_FILES 6
#define TREE_BYTES   (1000 * (1 + 2 + 3 + 4 + 5 + 6))

static IngestRoll *
get_roll (IngestDrive *drive,
          guint        position)
{
  g_autoptr(GListModel) rolls = ingest_drive_list_rolls (drive);

  return g_list_model_get_item (rolls, position);
}

/* df(1)'s view of the filesystem holding @path: type and size in bytes. */
static void
df (const char  *path,
    char       **fstype,
    guint64     *size)
{
  const char *argv[] = { "df", "-B1", "--output=fstype,size", path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  int status;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  fields = g_strsplit_set (g_strstrip (lines[1]), " ", -1);
  *fstype = g_strdup (fields[0]);
  *size = g_ascii_strtoull (fields[g_strv_length (fields) - 1], NULL, 10);
}

static void
test_add_folder (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-monitor");
  g_autoptr(IngestDriveMonitor) monitor = ingest_drive_monitor_new (no_mount_roots);
  g_autoptr(IngestRoll) roll0 = NULL;
  g_autoptr(IngestRoll) roll1 = NULL;
  g_autofree char *df_type = NULL;
  g_autofree char *mount_type = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir_file = NULL;
  IngestDrive *drive;
  IngestDrive *again;
  Events events = { 0 };
  struct statvfs vfs;
  guint64 df_size;

  write_tree (dir);
  connect_events (monitor, &events);
  g_assert_cmpstrv (ingest_drive_monitor_get_mount_roots (monitor), no_mount_roots);

  drive = ingest_drive_monitor_add_folder (monitor, dir, "SHUTTLE_T01", &error);
  g_assert_no_error (error);
  g_assert_nonnull (drive);

  /* Added at once, and scanning. */
  g_assert_cmpuint (events.added->len, ==, 1);
  g_assert_true (events.added->pdata[0] == drive);
  g_assert_cmpuint (events.items_added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (monitor)) == INGEST_TYPE_DRIVE);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_SCANNING);

  g_assert_cmpstr (ingest_drive_get_label (drive), ==, "SHUTTLE_T01");
  g_assert_cmpstr (ingest_drive_get_mount_path (drive), ==, dir);
  dir_file = g_file_new_for_path (dir);
  g_assert_true (g_file_equal (ingest_drive_get_root (drive), dir_file));
  g_assert_true (ingest_drive_get_is_folder (drive));
  g_assert_false (ingest_drive_get_removable (drive));
  g_assert_false (ingest_drive_get_read_only (drive));
  g_assert_true (g_str_has_prefix (ingest_drive_get_identity (drive), "folder:"));
  g_assert_cmpstr (ingest_drive_get_identity (drive) + strlen ("folder:"), ==, ingest_drive_get_uuid (drive));
  g_assert_true (g_uuid_string_is_valid (ingest_drive_get_uuid (drive)));
  g_assert_true (ingest_drive_monitor_lookup (monitor, ingest_drive_get_identity (drive)) == drive);

  /* The filesystem as this process's mounts name it: df(1) must agree. Where
   * no mount holds the folder (a chroot or container whose root is no mount
   * point) it is unknown, to df too, and read in full every run. */
  df (dir, &df_type, &df_size);
  mount_type = _ingest_fs_type_of (ingest_drive_get_mount_path (drive), NULL);
  g_test_message ("%s is on %s (df: %s)", dir, mount_type ? mount_type : "an unknown filesystem", df_type);
  g_assert_cmpstr (ingest_drive_get_filesystem (drive), ==, mount_type);
  if (mount_type != NULL)
    g_assert_cmpstr (df_type, ==, mount_type);
  else
    g_assert_cmpstr (df_type, ==, "-");
  g_assert_cmpint (statvfs (dir, &vfs), ==, 0);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), ==, (guint64) vfs.f_blocks * vfs.f_frsize);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), ==, df_size);
  g_assert_cmpuint (ingest_drive_get_free_space (drive), >, 0);
  g_assert_cmpuint (ingest_drive_get_free_space (drive), <=, ingest_drive_get_capacity (drive));

  ingest_test_wait_drive_ready (drive);
  g_assert_cmpuint (ingest_drive_get_n_files (drive), ==, TREE_N_FILES);
  g_assert_cmpuint (ingest_drive_get_total_bytes (drive), ==, TREE_BYTES);
  g_assert_cmpuint (ingest_drive_get_n_rolls (drive), ==, 2);

  roll0 = get_roll (drive, 0);
  roll1 = get_roll (drive, 1);
  g_assert_cmpstr (ingest_roll_get_name (roll0), ==, "A001R1AB");
  g_assert_cmpint (ingest_roll_get_kind (roll0), ==, INGEST_CARD_KIND_ARRI);
  g_assert_cmpstr (ingest_roll_get_kind_label (roll0), ==, "ARRI");
  g_assert_cmpuint (ingest_roll_get_n_clips (roll0), ==, 2);
  g_assert_cmpuint (ingest_roll_get_n_files (roll0), ==, 3);
  g_assert_cmpuint (ingest_roll_get_total_bytes (roll0), ==, 1000 + 2000 + 3000);
  g_assert_cmpstr (ingest_roll_get_mhl_kind (roll0), ==, "none");
  g_assert_cmpstr (ingest_roll_get_name (roll1), ==, "SOUND_D01");
  g_assert_cmpint (ingest_roll_get_kind (roll1), ==, INGEST_CARD_KIND_SOUND);
  g_assert_cmpuint (ingest_roll_get_n_clips (roll1), ==, 2);

  /* The same folder again is the same drive. */
  again = ingest_drive_monitor_add_folder (monitor, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again == drive);
  g_assert_cmpuint (events.added->len, ==, 1);

  /* Removed: out of the list, state REMOVED; back: the same object, rescanned. */
  g_object_ref (drive);
  ingest_drive_monitor_remove_folder (monitor, drive);
  g_assert_cmpuint (events.removed->len, ==, 1);
  g_assert_cmpuint (events.items_removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 0);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_REMOVED);
  g_assert_true (ingest_drive_monitor_lookup (monitor, ingest_drive_get_identity (drive)) == drive);

  {
    g_autofree char *extra = g_build_filename (dir, "SOUND_D01", "T003.WAV", NULL);

    ingest_test_write_random_file (extra, 10, 9);
  }
  again = ingest_drive_monitor_add_folder (monitor, dir, "SHUTTLE_T01", &error);
  g_assert_no_error (error);
  g_assert_true (again == drive);
  g_assert_cmpuint (events.added->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 1);
  ingest_test_wait_drive_ready (drive);
  g_assert_cmpuint (ingest_drive_get_n_files (drive), ==, TREE_N_FILES + 1);
  g_clear_object (&roll1);
  roll1 = get_roll (drive, 1);
  g_assert_cmpuint (ingest_roll_get_n_clips (roll1), ==, 3);
  g_object_unref (drive);

  events_clear (&events);
  g_clear_object (&monitor);
  ingest_test_rm_rf (dir);
}

/* The demo drive arrives as a mount does ("drive-added", scanned), looks like a
 * removable exFAT drive, and shows none of the host's sizes as its own. */
static void
test_add_demo_drive (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-demo-monitor");
  g_autoptr(IngestDriveMonitor) monitor = ingest_drive_monitor_new (no_mount_roots);
  g_autoptr(GError) error = NULL;
  IngestDrive *drive;
  IngestDrive *folder;
  Events events = { 0 };

  write_tree (dir);
  connect_events (monitor, &events);

  drive = ingest_drive_monitor_add_demo_drive (monitor, dir, "SHUTTLE_D01", &error);
  g_assert_no_error (error);
  g_assert_nonnull (drive);
  g_assert_cmpuint (events.added->len, ==, 1);
  g_assert_true (events.added->pdata[0] == drive);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_SCANNING);

  g_assert_cmpstr (ingest_drive_get_label (drive), ==, "SHUTTLE_D01");
  g_assert_cmpstr (ingest_drive_get_mount_path (drive), ==, dir);
  g_assert_true (ingest_drive_get_is_demo (drive));
  g_assert_false (ingest_drive_get_is_folder (drive));
  g_assert_true (ingest_drive_get_removable (drive));
  g_assert_cmpstr (ingest_drive_get_filesystem (drive), ==, "exfat");
  g_assert_true (g_str_has_prefix (ingest_drive_get_identity (drive), "demo:"));
  g_assert_true (g_uuid_string_is_valid (ingest_drive_get_uuid (drive)));

  /* Scanned like any drive; the monitor's first look at the mount table (it is
   * in none) leaves it alone; the scan adds no capacity, which is the host's. */
  ingest_test_wait_drive_ready (drive);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 1);
  g_assert_cmpuint (events.removed->len, ==, 0);
  g_assert_cmpuint (ingest_drive_get_n_files (drive), ==, TREE_N_FILES);
  g_assert_cmpuint (ingest_drive_get_n_rolls (drive), ==, 2);
  g_assert_cmpuint (ingest_drive_get_capacity (drive), ==, 0);
  g_assert_cmpuint (ingest_drive_get_free_space (drive), ==, 0);

  /* The same folder opened as a folder is another drive. */
  folder = ingest_drive_monitor_add_folder (monitor, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (folder != drive);
  g_assert_true (ingest_drive_get_is_folder (folder));
  g_assert_false (ingest_drive_get_is_demo (folder));
  ingest_test_wait_drive_ready (folder);
  ingest_drive_monitor_remove_folder (monitor, folder);

  /* Ejected: out of the list. */
  ingest_drive_monitor_remove_folder (monitor, drive);
  g_assert_cmpuint (events.removed->len, ==, 2);
  g_assert_true (events.removed->pdata[1] == drive);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 0);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_REMOVED);

  events_clear (&events);
  g_clear_object (&monitor);
  ingest_test_rm_rf (dir);
}

static void
test_identity (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-identity");
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *alias = g_build_filename (dir, "alias", NULL);
  g_autoptr(IngestDrive) a = NULL;
  g_autoptr(IngestDrive) b = NULL;
  g_autoptr(IngestDrive) c = NULL;
  g_autoptr(IngestDrive) d = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (symlink (sub, alias), ==, 0);

  a = ingest_drive_new_for_path (sub, NULL, &error);
  g_assert_no_error (error);
  b = ingest_drive_new_for_path (sub, "OTHER", &error);
  g_assert_no_error (error);
  c = ingest_drive_new_for_path (dir, NULL, &error);
  g_assert_no_error (error);
  d = ingest_drive_new_for_path (alias, NULL, &error);
  g_assert_no_error (error);

  /* The label does not change a folder's identity; the path does; a symlink
   * to it is the same folder. */
  g_assert_cmpstr (ingest_drive_get_label (a), ==, "sub");
  g_assert_cmpstr (ingest_drive_get_label (b), ==, "OTHER");
  g_assert_cmpstr (ingest_drive_get_identity (a), ==, ingest_drive_get_identity (b));
  g_assert_cmpstr (ingest_drive_get_identity (a), !=, ingest_drive_get_identity (c));
  g_assert_cmpstr (ingest_drive_get_identity (a), ==, ingest_drive_get_identity (d));
  g_assert_cmpstr (ingest_drive_get_mount_path (d), ==, sub);

  ingest_test_rm_rf (dir);
}

static void
test_errors (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-drive-errors");
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autoptr(IngestDriveMonitor) monitor = ingest_drive_monitor_new (no_mount_roots);
  g_autoptr(GError) error = NULL;

  ingest_test_write_file (file, "x", 1);
  g_assert_null (ingest_drive_monitor_add_folder (monitor, "/nonexistent/ingest", NULL, &error));
  g_assert_error (error, INGEST_DRIVE_ERROR, INGEST_DRIVE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ingest_drive_monitor_add_folder (monitor, file, NULL, &error));
  g_assert_error (error, INGEST_DRIVE_ERROR, INGEST_DRIVE_ERROR_NOT_DIRECTORY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (monitor)), ==, 0);

  ingest_test_rm_rf (dir);
}

/* A folder that vanishes before its scan ends in PROBLEMS with an error. */
static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (ingest_drive_scan_finish (INGEST_DRIVE (object), result, error));
}

static void
test_scan_vanished (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-vanish");
  g_autoptr(IngestDrive) drive = NULL;
  g_autoptr(GError) error = NULL;

  drive = ingest_drive_new_for_path (dir, NULL, &error);
  g_assert_no_error (error);
  ingest_test_rm_rf (dir);

  ingest_drive_scan_async (drive, NULL, scan_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, INGEST_DRIVE_ERROR, INGEST_DRIVE_ERROR_UNREADABLE);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_PROBLEMS);
}

/* `ingestctl scan --json` prints the drive and its rolls. */
static void
test_cli (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-cli-scan");
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autofree char *out = NULL;
  g_autofree char *table = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonArray *rolls;
  JsonObject *roll;
  int status;

  if (ingestctl == NULL)
    {
      g_test_skip ("INGESTCTL is not set (run through meson test)");
      return;
    }

  write_tree (dir);
  {
    const char *argv[] = { ingestctl, "scan", "--json", "--label", "SHUTTLE_T01", dir, NULL };

    out = ingest_test_run_capture (argv, &status);
  }
  g_assert_cmpint (status, ==, 0);
  object = ingest_test_parse_json_object (out);
  g_assert_cmpstr (json_object_get_string_member (object, "label"), ==, "SHUTTLE_T01");
  g_assert_cmpstr (json_object_get_string_member (object, "mount_path"), ==, dir);
  g_assert_cmpint (json_object_get_int_member (object, "n_files"), ==, TREE_N_FILES);
  g_assert_cmpint (json_object_get_int_member (object, "total_bytes"), ==, TREE_BYTES);
  g_assert_true (json_object_get_boolean_member (object, "is_folder"));
  rolls = json_object_get_array_member (object, "rolls");
  g_assert_cmpuint (json_array_get_length (rolls), ==, 2);
  roll = json_array_get_object_element (rolls, 0);
  g_assert_cmpstr (json_object_get_string_member (roll, "name"), ==, "A001R1AB");
  g_assert_cmpstr (json_object_get_string_member (roll, "kind"), ==, "arri");
  g_assert_cmpstr (json_object_get_string_member (roll, "path"), ==, "A001R1AB");
  g_assert_cmpint (json_object_get_int_member (roll, "n_clips"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (roll, "mhl_kind"), ==, "none");
  roll = json_array_get_object_element (rolls, 1);
  g_assert_cmpstr (json_object_get_string_member (roll, "kind"), ==, "sound");

  /* The table names both rolls; a missing path fails with status 1. */
  {
    const char *argv[] = { ingestctl, "scan", dir, NULL };

    table = ingest_test_run_capture (argv, &status);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (table, "A001R1AB"));
  g_assert_nonnull (strstr (table, "SOUND_D01"));
  {
    const char *argv[] = { ingestctl, "scan", "/nonexistent/ingest", NULL };
    g_autofree char *nothing = ingest_test_run_capture (argv, &status);
  }
  g_assert_cmpint (status, ==, 1);
  {
    const char *argv[] = { ingestctl, "scan", NULL };
    g_autofree char *nothing = ingest_test_run_capture (argv, &status);
  }
  g_assert_cmpint (status, ==, 2);

  ingest_test_rm_rf (dir);
}

/* What a chroot sees: its root is no mount point, so it is missing from
 * mountinfo; other mounts (escaped names, optional fields, over-mounts) are there. */
static const char chroot_mountinfo[] =
  "21 26 0:20 / /proc rw,relatime - proc proc rw\n"
  "23 26 0:6 / /dev rw,relatime shared:2 - devtmpfs devtmpfs rw,size=123k,mode=755\n"
  "40 26 8:17 / /media/my\\040card ro,nosuid,nodev shared:7 master:1 - exfat /dev/sdb1 ro,fmask=0022\n"
  "41 40 8:33 / /media/my\\040card/sub rw,relatime - ext4 /dev/sdc1 rw\n"
  "42 26 0:50 / /srv rw - tmpfs tmpfs rw\n"
  "43 26 0:51 / /srv rw - xfs /dev/sdd1 rw\n"
  "44 26 8:49 /data /bound rw - xfs /dev/sde1 rw\n";

static void
assert_fs_type (const char  *mountinfo,
                const char  *path,
                dev_t        dev,
                const char  *type,
                gboolean     read_only,
                IngestFilesystemTimes times)
{
  g_autofree char *found = NULL;
  gboolean found_ro = !read_only;

  found = _ingest_mountinfo_fs_type (mountinfo, path, dev, &found_ro);
  g_assert_cmpstr (found, ==, type);
  g_assert_cmpint (found_ro, ==, read_only);
  g_assert_cmpint (ingest_filesystem_times_for (found), ==, times);
}

static void
test_mountinfo (void)
{
  g_autofree char *with_root = g_strconcat ("26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n",
                                            chroot_mountinfo, NULL);
  dev_t other = makedev (254, 7);

  /* No mount holds the folder: unknown, read in full every run. */
  assert_fs_type (chroot_mountinfo, "/tmp/ingest-1/R", other, NULL, FALSE, INGEST_FILESYSTEM_TIMES_UNKNOWN);
  assert_fs_type (chroot_mountinfo, "/", other, NULL, FALSE, INGEST_FILESYSTEM_TIMES_UNKNOWN);
  assert_fs_type (chroot_mountinfo, "/media/my cardX/a", other, NULL, FALSE, INGEST_FILESYSTEM_TIMES_UNKNOWN);
  assert_fs_type (chroot_mountinfo, "/proc2", other, NULL, FALSE, INGEST_FILESYSTEM_TIMES_UNKNOWN);
  /* ... unless the same device is mounted elsewhere (here bound from /data) */
  assert_fs_type (chroot_mountinfo, "/tmp/ingest-1/R", makedev (8, 49), "xfs", FALSE, INGEST_FILESYSTEM_TIMES_FINE);

  /* The longest mount point holding the path; of two on one point, the later. */
  assert_fs_type (chroot_mountinfo, "/media/my card", other, "exfat", TRUE, INGEST_FILESYSTEM_TIMES_UNTRUSTED);
  assert_fs_type (chroot_mountinfo, "/media/my card/A001/c.mov", other, "exfat", TRUE, INGEST_FILESYSTEM_TIMES_UNTRUSTED);
  assert_fs_type (chroot_mountinfo, "/media/my card/sub/c.mov", other, "ext4", FALSE, INGEST_FILESYSTEM_TIMES_FINE);
  assert_fs_type (chroot_mountinfo, "/srv/x", other, "xfs", FALSE, INGEST_FILESYSTEM_TIMES_FINE);
  assert_fs_type (chroot_mountinfo, "/proc/self", other, "proc", FALSE, INGEST_FILESYSTEM_TIMES_UNTRUSTED);

  /* With the root mounted, it holds everything else. */
  assert_fs_type (with_root, "/tmp/ingest-1/R", other, "ext4", FALSE, INGEST_FILESYSTEM_TIMES_FINE);
  assert_fs_type (with_root, "/media/my cardX/a", other, "ext4", FALSE, INGEST_FILESYSTEM_TIMES_FINE);
  assert_fs_type (with_root, "/media/my card/a", other, "exfat", TRUE, INGEST_FILESYSTEM_TIMES_UNTRUSTED);

  /* Nothing readable: unknown. */
  assert_fs_type ("", "/tmp", other, NULL, FALSE, INGEST_FILESYSTEM_TIMES_UNKNOWN);
  assert_fs_type ("garbage without fields\n\n", "/tmp", other, NULL, FALSE, INGEST_FILESYSTEM_TIMES_UNKNOWN);

  g_assert_cmpint (ingest_filesystem_times_for ("fuseblk"), ==, INGEST_FILESYSTEM_TIMES_UNTRUSTED);
  g_assert_cmpint (ingest_filesystem_times_for ("vfat"), ==, INGEST_FILESYSTEM_TIMES_UNTRUSTED);
  g_assert_cmpint (ingest_filesystem_times_for ("overlay"), ==, INGEST_FILESYSTEM_TIMES_UNTRUSTED);
  g_assert_cmpint (ingest_filesystem_times_for ("tmpfs"), ==, INGEST_FILESYSTEM_TIMES_FINE);
  g_assert_cmpint (ingest_filesystem_times_for (NULL), ==, INGEST_FILESYSTEM_TIMES_UNKNOWN);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/drive-monitor/mountinfo", test_mountinfo);
  g_test_add_func ("/drive-monitor/add-folder", test_add_folder);
  g_test_add_func ("/drive-monitor/add-demo-drive", test_add_demo_drive);
  g_test_add_func ("/drive-monitor/identity", test_identity);
  g_test_add_func ("/drive-monitor/errors", test_errors);
  g_test_add_func ("/drive-monitor/scan-vanished", test_scan_vanished);
  g_test_add_func ("/drive-monitor/cli", test_cli);

  return g_test_run ();
}
