/* ingest-drive-monitor.c
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

#define G_LOG_DOMAIN "ingest-drive-monitor"

#include "config.h"

#include <string.h>

#include <gio/gunixmounts.h>

#include "ingest-drive-monitor.h"
#include "ingest-drive-private.h"

struct _IngestDriveMonitor
{
  GObject            parent_instance;

  char             **mount_roots;
  GPtrArray         *patterns;        /* of GPatternSpec*, one per mount root */
  GVolumeMonitor    *volume_monitor;
  GUnixMountMonitor *unix_monitor;
  GCancellable      *cancellable;     /* probes in flight */

  GPtrArray         *drives;          /* the model: present drives, in arrival order */
  GHashTable        *known;           /* identity → IngestDrive, removed ones included */
  GHashTable        *mounts;          /* mount path → IngestDrive (borrowed), present mounts */
  GHashTable        *probing;         /* mount paths being probed */
  guint              resync_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IngestDriveMonitor, ingest_drive_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MOUNT_ROOTS,
  N_PROPS
};

enum {
  DRIVE_ADDED,
  DRIVE_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Where desktops mount removable media: /media/LABEL (a loop mount by hand),
 * /media/$USER/LABEL (udisks on Debian), /run/media/$USER/LABEL (udisks elsewhere). */
static const char * const default_mount_roots[] = { "/media", "/media/*", "/run/media/*", NULL };

typedef struct
{
  char *mount_path;
  char *uuid_hint;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_free (data->mount_path);
  g_free (data->uuid_hint);
  g_free (data);
}

static gboolean
matches_mount_roots (IngestDriveMonitor *self,
                     const char         *mount_path)
{
  g_autofree char *parent = g_path_get_dirname (mount_path);

  for (guint i = 0; i < self->patterns->len; i++)
    if (g_pattern_spec_match_string (g_ptr_array_index (self->patterns, i), parent))
      return TRUE;
  return FALSE;
}

/* The filesystem UUID GIO knows for the mount at @mount_path, if it knows one. */
static char *
lookup_gio_uuid (IngestDriveMonitor *self,
                 const char         *mount_path)
{
  GList *mounts = g_volume_monitor_get_mounts (self->volume_monitor);
  char *uuid = NULL;

  for (const GList *l = mounts; l != NULL && uuid == NULL; l = l->next)
    {
      g_autoptr(GFile) root = g_mount_get_root (l->data);
      g_autofree char *path = g_file_get_path (root);
      g_autoptr(GVolume) volume = NULL;

      if (g_strcmp0 (path, mount_path) != 0)
        continue;
      uuid = g_mount_get_uuid (l->data);
      if (uuid == NULL && (volume = g_mount_get_volume (l->data)) != NULL)
        uuid = g_volume_get_identifier (volume, G_VOLUME_IDENTIFIER_KIND_UUID);
    }
  g_list_free_full (mounts, g_object_unref);
  return uuid;
}

static void
remove_drive (IngestDriveMonitor *self,
              IngestDrive        *drive)
{
  g_autoptr(IngestDrive) stolen = NULL;
  const char *mount_path = ingest_drive_get_mount_path (drive);
  guint position;

  if (!g_ptr_array_find (self->drives, drive, &position))
    return;

  stolen = g_ptr_array_steal_index (self->drives, position);
  if (g_hash_table_lookup (self->mounts, mount_path) == drive)
    g_hash_table_remove (self->mounts, mount_path);

  _ingest_drive_cancel_scan (drive);
  ingest_drive_set_state (drive, INGEST_DRIVE_STATE_REMOVED);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[DRIVE_REMOVED], 0, drive);
}

/* Adds the drive @info describes, re-using the object of a drive seen before. */
static IngestDrive *
add_drive (IngestDriveMonitor    *self,
           const IngestDriveInfo *info)
{
  IngestDrive *drive = g_hash_table_lookup (self->known, info->identity);

  if (drive != NULL && g_ptr_array_find (self->drives, drive, NULL))
    return drive;

  if (drive == NULL)
    {
      drive = _ingest_drive_new (info);
      g_hash_table_insert (self->known, g_strdup (info->identity), drive);
    }
  else
    _ingest_drive_apply_info (drive, info);

  /* Folders and the demo drive are no mounts: the mount table never lists them. */
  if (!info->is_folder && !info->is_demo)
    g_hash_table_insert (self->mounts, g_strdup (info->mount_path), drive);
  g_ptr_array_add (self->drives, g_object_ref (drive));

  ingest_drive_set_state (drive, INGEST_DRIVE_STATE_SCANNING);
  ingest_drive_scan_async (drive, NULL, NULL, NULL);

  g_list_model_items_changed (G_LIST_MODEL (self), self->drives->len - 1, 0, 1);
  g_signal_emit (self, signals[DRIVE_ADDED], 0, drive);

  return drive;
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ProbeData *data = task_data;
  GError *error = NULL;
  IngestDriveInfo *info;

  info = _ingest_drive_info_probe (data->mount_path, NULL, data->uuid_hint, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) _ingest_drive_info_free);
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  IngestDriveMonitor *self = INGEST_DRIVE_MONITOR (object);
  ProbeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(IngestDriveInfo) info = NULL;
  g_autoptr(GUnixMountEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  info = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_hash_table_remove (self->probing, data->mount_path);
  if (info == NULL)
    {
      g_debug ("Ignoring the mount at %s: %s", data->mount_path, error->message);
      return;
    }

  /* It may have gone while we looked at it. */
  entry = g_unix_mount_at (data->mount_path, NULL);
  if (entry == NULL || info->is_folder)
    return;

  add_drive (self, info);
}

static void
start_probe (IngestDriveMonitor *self,
             const char         *mount_path)
{
  g_autoptr(GTask) task = NULL;
  ProbeData *data;

  data = g_new0 (ProbeData, 1);
  data->mount_path = g_strdup (mount_path);
  data->uuid_hint = lookup_gio_uuid (self, mount_path);

  g_hash_table_add (self->probing, g_strdup (mount_path));

  task = g_task_new (self, self->cancellable, probe_done_cb, NULL);
  g_task_set_source_tag (task, start_probe);
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);
  g_task_run_in_thread (task, probe_thread);
}

/* Compares the mount table with the drives we have: gone ones are removed, new
 * ones under a mount root are probed off the main thread, then added. */
static gboolean
resync_cb (gpointer user_data)
{
  IngestDriveMonitor *self = user_data;
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GList *entries;
  GHashTableIter iter;
  gpointer key, value;

  self->resync_source = 0;

  entries = g_unix_mounts_get (NULL);
  for (const GList *l = entries; l != NULL; l = l->next)
    g_hash_table_insert (present,
                         g_strdup (g_unix_mount_get_mount_path (l->data)),
                         g_strdup (g_unix_mount_get_device_path (l->data)));
  g_list_free_full (entries, (GDestroyNotify) g_unix_mount_free);

  /* Gone, or something else is mounted there now. */
  g_hash_table_iter_init (&iter, self->mounts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *device;

      if (!g_hash_table_lookup_extended (present, key, NULL, (gpointer *) &device) ||
          g_strcmp0 (device, _ingest_drive_get_device (value)) != 0)
        g_ptr_array_add (gone, value);
    }
  for (guint i = 0; i < gone->len; i++)
    remove_drive (self, g_ptr_array_index (gone, i));

  g_hash_table_iter_init (&iter, present);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_hash_table_contains (self->mounts, key) ||
          g_hash_table_contains (self->probing, key) ||
          !matches_mount_roots (self, key))
        continue;
      start_probe (self, key);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_resync (IngestDriveMonitor *self)
{
  if (self->resync_source == 0)
    self->resync_source = g_idle_add (resync_cb, self);
}

static void
mounts_changed_cb (IngestDriveMonitor *self)
{
  queue_resync (self);
}

static GType
ingest_drive_monitor_get_item_type (GListModel *model)
{
  return INGEST_TYPE_DRIVE;
}

static guint
ingest_drive_monitor_get_n_items (GListModel *model)
{
  return INGEST_DRIVE_MONITOR (model)->drives->len;
}

static gpointer
ingest_drive_monitor_get_item (GListModel *model,
                               guint       position)
{
  IngestDriveMonitor *self = INGEST_DRIVE_MONITOR (model);

  if (position >= self->drives->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->drives, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ingest_drive_monitor_get_item_type;
  iface->get_n_items = ingest_drive_monitor_get_n_items;
  iface->get_item = ingest_drive_monitor_get_item;
}

static void
ingest_drive_monitor_constructed (GObject *object)
{
  IngestDriveMonitor *self = (IngestDriveMonitor *)object;

  G_OBJECT_CLASS (ingest_drive_monitor_parent_class)->constructed (object);

  if (self->mount_roots == NULL)
    self->mount_roots = g_strdupv ((char **) default_mount_roots);
  for (guint i = 0; self->mount_roots[i] != NULL; i++)
    g_ptr_array_add (self->patterns, g_pattern_spec_new (self->mount_roots[i]));

  /* GVolumeMonitor reports /media mounts with GIO's names; GUnixMountMonitor
   * reports every mount, including those GVolumeMonitor ignores. */
  self->volume_monitor = g_volume_monitor_get ();
  g_signal_connect_object (self->volume_monitor, "mount-added",
                           G_CALLBACK (mounts_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->volume_monitor, "mount-removed",
                           G_CALLBACK (mounts_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->volume_monitor, "mount-changed",
                           G_CALLBACK (mounts_changed_cb), self, G_CONNECT_SWAPPED);
  self->unix_monitor = g_unix_mount_monitor_get ();
  g_signal_connect_object (self->unix_monitor, "mounts-changed",
                           G_CALLBACK (mounts_changed_cb), self, G_CONNECT_SWAPPED);

  /* Drives already mounted arrive like new ones, from the main loop. */
  queue_resync (self);
}

static void
ingest_drive_monitor_dispose (GObject *object)
{
  IngestDriveMonitor *self = (IngestDriveMonitor *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->resync_source, g_source_remove);
  if (self->volume_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->volume_monitor, self);
  if (self->unix_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->unix_monitor, self);
  g_clear_object (&self->volume_monitor);
  g_clear_object (&self->unix_monitor);

  for (guint i = 0; i < self->drives->len; i++)
    _ingest_drive_cancel_scan (g_ptr_array_index (self->drives, i));
  g_hash_table_remove_all (self->mounts);
  g_ptr_array_set_size (self->drives, 0);
  g_hash_table_remove_all (self->known);

  G_OBJECT_CLASS (ingest_drive_monitor_parent_class)->dispose (object);
}

static void
ingest_drive_monitor_finalize (GObject *object)
{
  IngestDriveMonitor *self = (IngestDriveMonitor *)object;

  g_clear_pointer (&self->mount_roots, g_strfreev);
  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  g_clear_pointer (&self->drives, g_ptr_array_unref);
  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->mounts, g_hash_table_unref);
  g_clear_pointer (&self->probing, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ingest_drive_monitor_parent_class)->finalize (object);
}

static void
ingest_drive_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IngestDriveMonitor *self = INGEST_DRIVE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_MOUNT_ROOTS:
      g_value_set_boxed (value, self->mount_roots);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_monitor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IngestDriveMonitor *self = INGEST_DRIVE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_MOUNT_ROOTS:
      self->mount_roots = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_monitor_class_init (IngestDriveMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ingest_drive_monitor_constructed;
  object_class->dispose = ingest_drive_monitor_dispose;
  object_class->finalize = ingest_drive_monitor_finalize;
  object_class->get_property = ingest_drive_monitor_get_property;
  object_class->set_property = ingest_drive_monitor_set_property;

  /**
   * IngestDriveMonitor:mount-roots:
   *
   * Glob patterns of the folders drives are mounted in: a mount is a drive
   * when its parent folder matches one. %NULL = the desktop's usual places.
   */
  properties[PROP_MOUNT_ROOTS] =
    g_param_spec_boxed ("mount-roots", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IngestDriveMonitor::drive-added:
   * @drive: the drive, already in the list and being scanned
   */
  signals[DRIVE_ADDED] =
    g_signal_new ("drive-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_DRIVE);

  /**
   * IngestDriveMonitor::drive-removed:
   * @drive: the drive, out of the list, state REMOVED
   */
  signals[DRIVE_REMOVED] =
    g_signal_new ("drive-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_DRIVE);
}

static void
ingest_drive_monitor_init (IngestDriveMonitor *self)
{
  self->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free);
  self->drives = g_ptr_array_new_with_free_func (g_object_unref);
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->mounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->probing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

/**
 * ingest_drive_monitor_new:
 * @mount_roots: (nullable) (array zero-terminated=1): glob patterns of the
 *   folders drives are mounted in; %NULL = "/media", "/media/ *",
 *   "/run/media/ *" (without the spaces)
 *
 * Returns: (transfer full): a new monitor; drives already mounted are added
 *   once the main loop runs
 */
IngestDriveMonitor *
ingest_drive_monitor_new (const char * const *mount_roots)
{
  return g_object_new (INGEST_TYPE_DRIVE_MONITOR,
                       "mount-roots", mount_roots,
                       NULL);
}

/**
 * ingest_drive_monitor_get_mount_roots:
 *
 * Returns: (transfer none): the mount root patterns
 */
const char * const *
ingest_drive_monitor_get_mount_roots (IngestDriveMonitor *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_MONITOR (self), NULL);

  return (const char * const *) self->mount_roots;
}

/**
 * ingest_drive_monitor_add_folder:
 * @self: a #IngestDriveMonitor
 * @path: a folder (a network share, a copy of a card, the demo drive)
 * @label: (nullable): the label to show; %NULL = the folder's name
 * @error: return location for a #GError
 *
 * Opens a folder as a drive: it joins the list and is scanned. Opening the
 * same folder again returns the same drive. A mount point gets the identity
 * the monitor would give the mount, and leaves the list when unmounted.
 *
 * Returns: (transfer none): the drive, or %NULL with @error set
 */
IngestDrive *
ingest_drive_monitor_add_folder (IngestDriveMonitor  *self,
                                 const char          *path,
                                 const char          *label,
                                 GError             **error)
{
  g_autoptr(IngestDriveInfo) info = NULL;

  g_return_val_if_fail (INGEST_IS_DRIVE_MONITOR (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = _ingest_drive_info_probe (path, label, NULL, error);
  if (info == NULL)
    return NULL;
  return add_drive (self, info);
}

/**
 * ingest_drive_monitor_add_demo_drive:
 * @self: a #IngestDriveMonitor
 * @path: the folder the demo drive was made in (ingest_demo_drive_create_async())
 * @label: the drive's label
 * @error: return location for a #GError
 *
 * Presents the demo drive as a removable drive that was just mounted: it joins
 * the list through the same path as a real mount ("drive-added", then a scan).
 * It is marked "is-demo" and shows no capacity or free space, which would be
 * the host's. ingest_drive_monitor_remove_folder() takes it out again.
 *
 * Returns: (transfer none): the drive, or %NULL with @error set
 */
IngestDrive *
ingest_drive_monitor_add_demo_drive (IngestDriveMonitor  *self,
                                     const char          *path,
                                     const char          *label,
                                     GError             **error)
{
  g_autoptr(IngestDriveInfo) info = NULL;

  g_return_val_if_fail (INGEST_IS_DRIVE_MONITOR (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = _ingest_drive_info_demo (path, label, error);
  if (info == NULL)
    return NULL;
  return add_drive (self, info);
}

/**
 * ingest_drive_monitor_remove_folder:
 * @self: a #IngestDriveMonitor
 * @drive: a drive of @self
 *
 * Takes a drive out of the list ("drive-removed", state REMOVED); meant for
 * folders opened with ingest_drive_monitor_add_folder() and the demo drive
 * (ingest_drive_monitor_add_demo_drive()). Opening it again brings back the
 * same object.
 */
void
ingest_drive_monitor_remove_folder (IngestDriveMonitor *self,
                                    IngestDrive        *drive)
{
  g_return_if_fail (INGEST_IS_DRIVE_MONITOR (self));
  g_return_if_fail (INGEST_IS_DRIVE (drive));

  remove_drive (self, drive);
}

/**
 * ingest_drive_monitor_lookup:
 * @self: a #IngestDriveMonitor
 * @identity: a drive identity (ingest_drive_get_identity())
 *
 * Returns: (transfer none) (nullable): the drive with that identity, present
 *   or removed (state REMOVED), or %NULL when this monitor never saw it
 */
IngestDrive *
ingest_drive_monitor_lookup (IngestDriveMonitor *self,
                             const char         *identity)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_MONITOR (self), NULL);
  g_return_val_if_fail (identity != NULL, NULL);

  return g_hash_table_lookup (self->known, identity);
}
