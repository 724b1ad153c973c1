/* ingest-drive-probe.c
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

/* What a path's drive is, as plain data (IngestDriveInfo): mountinfo,
 * statfs, the superblock (libblkid), sysfs and /dev/disk links; and what
 * its filesystem's times can be trusted for. May block: worker threads. */

#define G_LOG_DOMAIN "ingest-drive"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <blkid.h>
#include <gio/gunixmounts.h>
#include <glib/gi18n-lib.h>

#include "ingest-drive-private.h"

/* udev escapes odd bytes in /dev/disk/by-* names as \xHH. */
static char *
unescape_udev (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p; p++)
    {
      if (p[0] == '\\' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[2]) * 16 + g_ascii_xdigit_value (p[3])));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The name of the /dev/disk/by-<kind>/ link pointing at @device, when udev runs. */
static char *
lookup_disk_link (const char *kind,
                  const char *device)
{
  g_autofree char *dir_path = g_build_filename ("/dev/disk", kind, NULL);
  g_autofree char *real_device = realpath (device, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (real_device == NULL || (dir = g_dir_open (dir_path, 0, NULL)) == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (dir_path, name, NULL);
      g_autofree char *target = realpath (link, NULL);

      if (g_strcmp0 (target, real_device) == 0)
        return unescape_udev (name);
    }
  return NULL;
}

/* Reads label, UUID and type from the superblock; needs read access to the
 * device (root, or the disk group), else leaves them NULL. */
static void
probe_superblock (const char  *device,
                  char       **label,
                  char       **uuid,
                  char       **type)
{
  blkid_probe probe;
  const char *value;

  if (device == NULL || !g_str_has_prefix (device, "/dev/"))
    return;
  if ((probe = blkid_new_probe_from_filename (device)) == NULL)
    return;

  blkid_probe_enable_superblocks (probe, 1);
  blkid_probe_set_superblocks_flags (probe, BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
  if (blkid_do_safeprobe (probe) == 0)
    {
      if (blkid_probe_lookup_value (probe, "LABEL", &value, NULL) == 0 && value[0])
        *label = g_strdup (value);
      if (blkid_probe_lookup_value (probe, "UUID", &value, NULL) == 0 && value[0])
        *uuid = g_strdup (value);
      if (blkid_probe_lookup_value (probe, "TYPE", &value, NULL) == 0 && value[0])
        *type = g_strdup (value);
    }
  blkid_free_probe (probe);
}

static gboolean
sysfs_flag (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && contents[0] == '1';
}

/* Removable media, a USB disk (which often says removable=0) or a loop image. */
static gboolean
device_is_removable (const char *device)
{
  g_autofree char *real_device = NULL;
  g_autofree char *base = NULL;
  g_autofree char *class_path = NULL;
  g_autofree char *sys_path = NULL;
  g_autofree char *loop_path = NULL;
  g_autofree char *parent = NULL;

  if (device == NULL || (real_device = realpath (device, NULL)) == NULL)
    return FALSE;
  base = g_path_get_basename (real_device);
  class_path = g_build_filename ("/sys/class/block", base, NULL);
  if ((sys_path = realpath (class_path, NULL)) == NULL)
    return FALSE;

  loop_path = g_build_filename (sys_path, "loop", NULL);
  if (g_file_test (loop_path, G_FILE_TEST_IS_DIR) || strstr (sys_path, "/usb") != NULL)
    return TRUE;

  parent = g_path_get_dirname (sys_path);
  return sysfs_flag (sys_path, "removable") || sysfs_flag (parent, "removable");
}

/* A name-based (version 5 layout) UUID for a folder, stable for its path. */
static char *
folder_uuid (const char *path)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) "ingest-station:folder:", -1);
  g_checksum_update (checksum, (const guchar *) path, -1);
  g_checksum_get_digest (checksum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static char *
make_identity (const IngestDriveInfo *info)
{
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;

  if (info->is_demo)
    return g_strconcat ("demo:", info->uuid, NULL);
  if (info->is_folder)
    return g_strconcat ("folder:", info->uuid, NULL);
  if (info->uuid != NULL)
    {
      g_autofree char *uuid = g_ascii_strdown (info->uuid, -1);

      return g_strconcat ("uuid:", uuid, NULL);
    }

  key = g_strdup_printf ("%s\n%s\n%" G_GUINT64_FORMAT, info->label, info->filesystem, info->capacity);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  return g_strdup_printf ("hash:%.16s", hash);
}

/* Filesystems whose ctime is fine-grained and moves on every write, whatever
 * mtime is set to. exFAT and FAT (also through FUSE) keep whole or even-second
 * times and a ctime that follows mtime (touch -d sets both back), so a rewritten
 * file can look unchanged there. */
static const char * const fine_time_filesystems[] = {
  "btrfs", "ext2", "ext3", "ext4", "f2fs", "nfs", "nfs4", "tmpfs", "xfs", "zfs", NULL,
};

/**
 * ingest_filesystem_times_for:
 * @filesystem: (nullable): a filesystem type as the kernel names it
 *   (ingest_drive_get_filesystem()); %NULL when it is unknown
 *
 * Returns: whether the filesystem's times can tell an unchanged file
 */
IngestFilesystemTimes
ingest_filesystem_times_for (const char *filesystem)
{
  if (filesystem == NULL)
    return INGEST_FILESYSTEM_TIMES_UNKNOWN;
  if (g_strv_contains (fine_time_filesystems, filesystem))
    return INGEST_FILESYSTEM_TIMES_FINE;
  return INGEST_FILESYSTEM_TIMES_UNTRUSTED;
}

/* Whether MOUNT_POINT is PATH or one of its ancestors. */
static gboolean
path_is_under (const char *path,
               const char *mount_point)
{
  gsize len = strlen (mount_point);

  if (strcmp (mount_point, "/") == 0)
    return path[0] == '/';
  return strncmp (path, mount_point, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

char *
_ingest_mountinfo_fs_type (const char *mountinfo,
                           const char *path,
                           dev_t       dev,
                           gboolean   *read_only)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *best_type = NULL;
  g_autofree char *same_dev_type = NULL;
  g_autofree char *dev_text = g_strdup_printf ("%u:%u", major (dev), minor (dev));
  gboolean best_ro = FALSE;
  gboolean same_dev_ro = FALSE;
  gsize best_len = 0;

  g_return_val_if_fail (mountinfo != NULL && path != NULL, NULL);

  /* "ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL…] - TYPE SOURCE SUPER_OPTIONS",
   * names with octal escapes. The longest mount point holding PATH wins;
   * of equal ones the later, mounted over the earlier. A chroot's or
   * container's root is missing when it is no mount point: then a mount of
   * the same device elsewhere (a bind mount) still names the filesystem. */
  lines = g_strsplit (mountinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      g_autofree char *mount_point = NULL;
      guint n = g_strv_length (fields);
      guint dash = 6;
      gboolean ro;

      while (dash < n && strcmp (fields[dash], "-") != 0)
        dash++;
      if (dash + 1 >= n)
        continue;
      ro = g_str_equal (fields[5], "ro") || g_str_has_prefix (fields[5], "ro,");
      if (same_dev_type == NULL && g_str_equal (fields[2], dev_text))
        {
          same_dev_type = g_strcompress (fields[dash + 1]);
          same_dev_ro = ro;
        }
      mount_point = g_strcompress (fields[4]);
      if (!path_is_under (path, mount_point) || strlen (mount_point) < best_len)
        continue;
      best_len = strlen (mount_point);
      g_free (best_type);
      best_type = g_strcompress (fields[dash + 1]);
      best_ro = ro;
    }

  if (best_type == NULL)
    {
      best_type = g_steal_pointer (&same_dev_type);
      best_ro = same_dev_ro;
    }
  if (read_only != NULL)
    *read_only = best_type != NULL && best_ro;
  return g_steal_pointer (&best_type);
}

/* The filesystem type holding PATH (canonical) by this process's mounts. */
char *
_ingest_fs_type_of (const char *path,
                    gboolean   *read_only)
{
  g_autofree char *mountinfo = NULL;
  struct stat st;

  if (read_only != NULL)
    *read_only = FALSE;
  if (stat (path, &st) != 0 || !g_file_get_contents ("/proc/self/mountinfo", &mountinfo, NULL, NULL))
    return NULL;
  return _ingest_mountinfo_fs_type (mountinfo, path, st.st_dev, read_only);
}

/**
 * _ingest_drive_info_probe:
 * @path: a mount point or a folder
 * @label: (nullable): the label to use; %NULL = the filesystem label, else the
 *   folder's name
 * @uuid_hint: (nullable): a UUID GIO knows for the mount, used when the
 *   superblock cannot be read
 *
 * Finds out what is known of the drive at @path. Blocks (statfs, superblock):
 * call it on a worker, or where a short block is acceptable.
 *
 * Returns: (transfer full): the info, or %NULL with @error set
 */
IngestDriveInfo *
_ingest_drive_info_probe (const char  *path,
                          const char  *label,
                          const char  *uuid_hint,
                          GError     **error)
{
  g_autoptr(IngestDriveInfo) info = g_new0 (IngestDriveInfo, 1);
  g_autoptr(GUnixMountEntry) entry = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) fs_info = NULL;
  g_autofree char *sb_label = NULL;
  g_autofree char *sb_type = NULL;
  struct statvfs vfs;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  info->mount_path = realpath (path, NULL);
  /* A FUSE mount whose daemon died (exfat-fuse killed, or crashed on a bad
   * card) fails with ENOTCONN, which is no "not a folder"; stat() may still
   * answer from the attribute cache for a second, statvfs() never does. */
  if (info->mount_path == NULL || stat (info->mount_path, &st) != 0 || statvfs (info->mount_path, &vfs) != 0)
    {
      int errsv = errno;

      g_set_error (error, INGEST_DRIVE_ERROR,
                   errsv == ENOENT ? INGEST_DRIVE_ERROR_NOT_FOUND : INGEST_DRIVE_ERROR_UNREADABLE,
                   _("Cannot open “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, INGEST_DRIVE_ERROR, INGEST_DRIVE_ERROR_NOT_DIRECTORY,
                   _("“%s” is not a folder"), path);
      return NULL;
    }

  entry = g_unix_mount_at (info->mount_path, NULL);
  if (entry != NULL)
    {
      info->device = g_strdup (g_unix_mount_get_device_path (entry));
      info->filesystem = g_strdup (g_unix_mount_get_fs_type (entry));
      info->read_only = g_unix_mount_is_readonly (entry);
      info->removable = device_is_removable (info->device);

      probe_superblock (info->device, &sb_label, &info->uuid, &sb_type);
      if (info->uuid == NULL && info->device != NULL)
        info->uuid = lookup_disk_link ("by-uuid", info->device);
      if (info->uuid == NULL)
        info->uuid = g_strdup (uuid_hint);
      if (sb_label == NULL && info->device != NULL)
        sb_label = lookup_disk_link ("by-label", info->device);
      /* FUSE filesystems (exFAT, NTFS) say "fuseblk"; the superblock knows better. */
      if (sb_type != NULL && g_str_has_prefix (info->filesystem, "fuse"))
        {
          g_free (info->filesystem);
          info->filesystem = g_steal_pointer (&sb_type);
        }
    }
  else
    {
      info->is_folder = TRUE;
      info->uuid = folder_uuid (info->mount_path);
      /* NULL (unknown) when no mount holds it: see ingest_filesystem_times_for(). */
      info->filesystem = _ingest_fs_type_of (info->mount_path, &info->read_only);
      info->read_only |= access (info->mount_path, W_OK) != 0;
    }

  if (label != NULL)
    info->label = g_strdup (label);
  else if (sb_label != NULL)
    info->label = g_steal_pointer (&sb_label);
  else
    info->label = g_path_get_basename (info->mount_path);

  file = g_file_new_for_path (info->mount_path);
  fs_info = g_file_query_filesystem_info (file,
                                          G_FILE_ATTRIBUTE_FILESYSTEM_SIZE ","
                                          G_FILE_ATTRIBUTE_FILESYSTEM_FREE ","
                                          G_FILE_ATTRIBUTE_FILESYSTEM_READONLY,
                                          NULL, NULL);
  if (fs_info != NULL)
    {
      info->capacity = g_file_info_get_attribute_uint64 (fs_info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
      info->free_space = g_file_info_get_attribute_uint64 (fs_info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
      info->read_only |= g_file_info_get_attribute_boolean (fs_info, G_FILE_ATTRIBUTE_FILESYSTEM_READONLY);
    }

  info->identity = make_identity (info);

  return g_steal_pointer (&info);
}

/**
 * _ingest_drive_info_demo:
 * @path: the folder the demo drive was made in
 * @label: the drive's label
 *
 * What the station shows for its demo drive: a removable exFAT drive, as a
 * shuttle drive would be. The folder's own filesystem, capacity and free
 * space are the host's, so none of them is shown as the drive's.
 *
 * Returns: (transfer full): the info, or %NULL with @error set
 */
IngestDriveInfo *
_ingest_drive_info_demo (const char  *path,
                         const char  *label,
                         GError     **error)
{
  g_autoptr(IngestDriveInfo) info = NULL;

  g_return_val_if_fail (label != NULL, NULL);

  info = _ingest_drive_info_probe (path, label, NULL, error);
  if (info == NULL)
    return NULL;

  info->is_folder = FALSE;
  info->is_demo = TRUE;
  info->removable = TRUE;
  info->capacity = 0;
  info->free_space = 0;
  g_free (info->filesystem);
  info->filesystem = g_strdup ("exfat");
  g_free (info->identity);
  info->identity = make_identity (info);

  return g_steal_pointer (&info);
}

void
_ingest_drive_info_free (IngestDriveInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->mount_path);
  g_free (info->device);
  g_free (info->label);
  g_free (info->uuid);
  g_free (info->filesystem);
  g_free (info->identity);
  g_free (info);
}
