/* ingest-drive.c
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

/* The drive object: its properties, state and roll scan. What a path's
 * drive is (the probe) is in ingest-drive-probe.c. */

#define G_LOG_DOMAIN "ingest-drive"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-card-layout.h"
#include "ingest-drive-private.h"
#include "ingest-roll.h"

struct _IngestDrive
{
  GObject                 parent_instance;

  char                   *label;
  GFile                  *root;
  char                   *mount_path;
  char                   *device;
  char                   *uuid;
  char                   *filesystem;
  char                   *identity;
  guint64                 capacity;
  guint64                 free_space;
  guint64                 n_files;
  guint64                 total_bytes;
  GListStore             *rolls;

  /* The scan in flight: only the newest one may change the drive. */
  GCancellable           *scan_cancellable;
  IngestCardScanProgress *scan_progress;   /* g_rc_box, shared with the worker */
  guint                   scan_serial;
  guint                   progress_source;

  IngestDriveState        state;
  guint                   read_only : 1;
  guint                   removable : 1;
  guint                   is_folder : 1;
  guint                   is_demo : 1;
};

typedef struct
{
  char                   *root_path;
  char                   *label;
  IngestCardScanProgress *progress;
  GCancellable           *caller_cancellable;
  gulong                  cancelled_id;
  guint                   serial;
  guint64                 capacity;
  guint64                 free_space;
} ScanData;

G_DEFINE_FINAL_TYPE (IngestDrive, ingest_drive, G_TYPE_OBJECT)

G_DEFINE_QUARK (ingest-drive-error-quark, ingest_drive_error)

enum {
  PROP_0,
  PROP_CAPACITY,
  PROP_FILESYSTEM,
  PROP_FREE_SPACE,
  PROP_IDENTITY,
  PROP_IS_DEMO,
  PROP_IS_FOLDER,
  PROP_LABEL,
  PROP_MOUNT_PATH,
  PROP_N_FILES,
  PROP_N_ROLLS,
  PROP_READ_ONLY,
  PROP_REMOVABLE,
  PROP_ROOT,
  PROP_STATE,
  PROP_TOTAL_BYTES,
  PROP_UUID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How often the live file and byte counts are published during a scan. */
#define PROGRESS_INTERVAL_MS 200

static void
scan_data_free (ScanData *data)
{
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_pointer (&data->progress, g_rc_box_release);
  g_free (data->root_path);
  g_free (data->label);
  g_free (data);
}

/* Sets a string field and notifies when it changed. */
static void
set_string (IngestDrive  *self,
            char        **field,
            const char   *value,
            guint         prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_uint64 (IngestDrive *self,
            guint64     *field,
            guint64      value,
            guint        prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_flag (IngestDrive *self,
          gboolean     old_value,
          gboolean     new_value,
          guint        prop_id)
{
  if (!old_value != !new_value)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
stop_progress (IngestDrive *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_pointer (&self->scan_progress, g_rc_box_release);
}

static gboolean
progress_cb (gpointer user_data)
{
  IngestDrive *self = user_data;

  set_uint64 (self, &self->n_files, __atomic_load_n (&self->scan_progress->n_files, __ATOMIC_RELAXED), PROP_N_FILES);
  set_uint64 (self, &self->total_bytes, __atomic_load_n (&self->scan_progress->total_bytes, __ATOMIC_RELAXED), PROP_TOTAL_BYTES);
  return G_SOURCE_CONTINUE;
}

static void
scan_cancelled_cb (GCancellable *caller_cancellable,
                   GCancellable *scan_cancellable)
{
  g_cancellable_cancel (scan_cancellable);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFileInfo) fs_info = NULL;
  IngestCardScan *scan;

  scan = ingest_card_layout_scan (data->root_path, data->label, data->progress, cancellable, &error);
  if (scan == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, INGEST_DRIVE_ERROR, INGEST_DRIVE_ERROR_UNREADABLE,
                                 "%s", error->message);
      return;
    }

  /* Free space changes; read it again while we are off the main thread. */
  root = g_file_new_for_path (data->root_path);
  fs_info = g_file_query_filesystem_info (root,
                                          G_FILE_ATTRIBUTE_FILESYSTEM_SIZE ","
                                          G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                          cancellable, NULL);
  if (fs_info != NULL)
    {
      data->capacity = g_file_info_get_attribute_uint64 (fs_info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
      data->free_space = g_file_info_get_attribute_uint64 (fs_info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
    }

  g_task_return_pointer (task, scan, (GDestroyNotify) ingest_card_scan_free);
}

static void
apply_scan (IngestDrive    *self,
            IngestCardScan *scan,
            ScanData       *data)
{
  g_autoptr(GPtrArray) rolls = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_n_rolls = g_list_model_get_n_items (G_LIST_MODEL (self->rolls));

  for (guint i = 0; i < scan->rolls->len; i++)
    g_ptr_array_add (rolls, ingest_roll_new_from_card_roll (g_ptr_array_index (scan->rolls, i)));

  g_object_freeze_notify (G_OBJECT (self));
  g_list_store_splice (self->rolls, 0, old_n_rolls, rolls->pdata, rolls->len);
  if (old_n_rolls != rolls->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROLLS]);
  set_uint64 (self, &self->n_files, scan->n_files, PROP_N_FILES);
  set_uint64 (self, &self->total_bytes, scan->total_bytes, PROP_TOTAL_BYTES);
  /* The demo drive's folder lives on the host's disk: its size is not the drive's. */
  if (data->capacity > 0 && !self->is_demo)
    {
      set_uint64 (self, &self->capacity, data->capacity, PROP_CAPACITY);
      set_uint64 (self, &self->free_space, data->free_space, PROP_FREE_SPACE);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  IngestDrive *self = INGEST_DRIVE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(IngestCardScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  ScanData *data = g_task_get_task_data (G_TASK (result));

  scan = g_task_propagate_pointer (G_TASK (result), &error);

  if (data->serial != self->scan_serial)
    {
      /* A newer scan replaced this one and owns the drive now. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("A newer scan of the drive replaced this one"));
      return;
    }

  stop_progress (self);
  g_clear_object (&self->scan_cancellable);

  if (scan != NULL)
    apply_scan (self, scan, data);

  if (self->state != INGEST_DRIVE_STATE_REMOVED)
    {
      if (scan != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ingest_drive_set_state (self, INGEST_DRIVE_STATE_READY);
      else
        ingest_drive_set_state (self, INGEST_DRIVE_STATE_PROBLEMS);
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
ingest_drive_dispose (GObject *object)
{
  IngestDrive *self = (IngestDrive *)object;

  _ingest_drive_cancel_scan (self);
  stop_progress (self);
  g_clear_object (&self->scan_cancellable);
  if (self->rolls != NULL)
    g_list_store_remove_all (self->rolls);

  G_OBJECT_CLASS (ingest_drive_parent_class)->dispose (object);
}

static void
ingest_drive_finalize (GObject *object)
{
  IngestDrive *self = (IngestDrive *)object;

  g_clear_object (&self->rolls);
  g_clear_object (&self->root);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->mount_path, g_free);
  g_clear_pointer (&self->device, g_free);
  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->filesystem, g_free);
  g_clear_pointer (&self->identity, g_free);

  G_OBJECT_CLASS (ingest_drive_parent_class)->finalize (object);
}

static void
ingest_drive_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IngestDrive *self = INGEST_DRIVE (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint64 (value, self->capacity);
      break;
    case PROP_FILESYSTEM:
      g_value_set_string (value, self->filesystem);
      break;
    case PROP_FREE_SPACE:
      g_value_set_uint64 (value, self->free_space);
      break;
    case PROP_IDENTITY:
      g_value_set_string (value, self->identity);
      break;
    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;
    case PROP_IS_FOLDER:
      g_value_set_boolean (value, self->is_folder);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_MOUNT_PATH:
      g_value_set_string (value, self->mount_path);
      break;
    case PROP_N_FILES:
      g_value_set_uint64 (value, self->n_files);
      break;
    case PROP_N_ROLLS:
      g_value_set_uint (value, ingest_drive_get_n_rolls (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_REMOVABLE:
      g_value_set_boolean (value, self->removable);
      break;
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total_bytes);
      break;
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IngestDrive *self = INGEST_DRIVE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      ingest_drive_set_state (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_class_init (IngestDriveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_drive_dispose;
  object_class->finalize = ingest_drive_finalize;
  object_class->get_property = ingest_drive_get_property;
  object_class->set_property = ingest_drive_set_property;

  properties[PROP_CAPACITY] =
    g_param_spec_uint64 ("capacity", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FILESYSTEM] =
    g_param_spec_string ("filesystem", NULL, NULL, NULL, ro);
  properties[PROP_FREE_SPACE] =
    g_param_spec_uint64 ("free-space", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_IDENTITY] =
    g_param_spec_string ("identity", NULL, NULL, NULL, ro);
  properties[PROP_IS_DEMO] =
    g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, ro);
  properties[PROP_IS_FOLDER] =
    g_param_spec_boolean ("is-folder", NULL, NULL, FALSE, ro);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_MOUNT_PATH] =
    g_param_spec_string ("mount-path", NULL, NULL, NULL, ro);
  properties[PROP_N_FILES] =
    g_param_spec_uint64 ("n-files", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_ROLLS] =
    g_param_spec_uint ("n-rolls", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, ro);
  properties[PROP_REMOVABLE] =
    g_param_spec_boolean ("removable", NULL, NULL, FALSE, ro);
  properties[PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       INGEST_TYPE_DRIVE_STATE, INGEST_DRIVE_STATE_READY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_BYTES] =
    g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_drive_init (IngestDrive *self)
{
  self->rolls = g_list_store_new (INGEST_TYPE_ROLL);
  self->state = INGEST_DRIVE_STATE_READY;
}

IngestDrive *
_ingest_drive_new (const IngestDriveInfo *info)
{
  IngestDrive *self = g_object_new (INGEST_TYPE_DRIVE, NULL);

  self->identity = g_strdup (info->identity);
  self->is_folder = info->is_folder;
  self->is_demo = info->is_demo;
  _ingest_drive_apply_info (self, info);
  return self;
}

/* A drive came back (or was first probed): take what may differ this time. */
void
_ingest_drive_apply_info (IngestDrive           *self,
                          const IngestDriveInfo *info)
{
  g_return_if_fail (INGEST_IS_DRIVE (self));
  g_return_if_fail (g_strcmp0 (self->identity, info->identity) == 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->mount_path, info->mount_path) != 0)
    {
      g_set_object (&self->root, NULL);
      self->root = g_file_new_for_path (info->mount_path);
      set_string (self, &self->mount_path, info->mount_path, PROP_MOUNT_PATH);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOT]);
    }
  g_free (self->device);
  self->device = g_strdup (info->device);
  set_string (self, &self->label, info->label, PROP_LABEL);
  set_string (self, &self->uuid, info->uuid, PROP_UUID);
  set_string (self, &self->filesystem, info->filesystem, PROP_FILESYSTEM);
  set_uint64 (self, &self->capacity, info->capacity, PROP_CAPACITY);
  set_uint64 (self, &self->free_space, info->free_space, PROP_FREE_SPACE);
  set_flag (self, self->read_only, info->read_only, PROP_READ_ONLY);
  self->read_only = !!info->read_only;
  set_flag (self, self->removable, info->removable, PROP_REMOVABLE);
  self->removable = !!info->removable;
  g_object_thaw_notify (G_OBJECT (self));
}

/* Stops the scan in flight, if any; its task ends with G_IO_ERROR_CANCELLED. */
void
_ingest_drive_cancel_scan (IngestDrive *self)
{
  g_return_if_fail (INGEST_IS_DRIVE (self));

  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
}

/* The block device behind a mount; NULL for a folder. */
const char *
_ingest_drive_get_device (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return self->device;
}

/**
 * ingest_drive_new_for_path:
 * @path: a mount point, or any folder to treat as a drive
 * @label: (nullable): the label to show; %NULL = the filesystem label or the
 *   folder's name
 * @error: return location for a #GError
 *
 * Makes a drive for @path without a monitor (the CLI does this). A mount point
 * gets the same identity the monitor gives it. Probes the filesystem, which
 * may block briefly. Nothing is scanned yet.
 *
 * Returns: (transfer full): a new #IngestDrive, or %NULL with @error set
 */
IngestDrive *
ingest_drive_new_for_path (const char  *path,
                           const char  *label,
                           GError     **error)
{
  g_autoptr(IngestDriveInfo) info = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = _ingest_drive_info_probe (path, label, NULL, error);
  if (info == NULL)
    return NULL;
  return _ingest_drive_new (info);
}

const char *
ingest_drive_get_label (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return self->label;
}

/**
 * ingest_drive_get_root:
 *
 * Returns: (transfer none): the drive's top folder
 */
GFile *
ingest_drive_get_root (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return self->root;
}

const char *
ingest_drive_get_mount_path (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return self->mount_path;
}

/**
 * ingest_drive_get_uuid:
 *
 * Returns: (transfer none) (nullable): the filesystem UUID when it could be
 *   read, a name-based UUID for a folder
 */
const char *
ingest_drive_get_uuid (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return self->uuid;
}

const char *
ingest_drive_get_filesystem (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return self->filesystem;
}

guint64
ingest_drive_get_capacity (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), 0);
  return self->capacity;
}

guint64
ingest_drive_get_free_space (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), 0);
  return self->free_space;
}

gboolean
ingest_drive_get_read_only (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), FALSE);
  return self->read_only;
}

gboolean
ingest_drive_get_removable (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), FALSE);
  return self->removable;
}

gboolean
ingest_drive_get_is_folder (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), FALSE);
  return self->is_folder;
}

/* The station's synthetic demo drive, not a real device. */
gboolean
ingest_drive_get_is_demo (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), FALSE);
  return self->is_demo;
}

IngestDriveState
ingest_drive_get_state (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), INGEST_DRIVE_STATE_READY);
  return self->state;
}

/**
 * ingest_drive_set_state:
 *
 * Sets the drive's state. The drive sets SCANNING/READY itself and the
 * monitor sets REMOVED; validation jobs set VALIDATING, VERIFIED and PROBLEMS.
 */
void
ingest_drive_set_state (IngestDrive      *self,
                        IngestDriveState  state)
{
  g_return_if_fail (INGEST_IS_DRIVE (self));
  g_return_if_fail (state <= INGEST_DRIVE_STATE_REMOVED);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * ingest_drive_get_identity:
 *
 * Returns: (transfer none): a key that stays the same when the drive is
 *   unplugged and plugged again: "uuid:<uuid>", "hash:<hex>" (label, filesystem
 *   and capacity, when no UUID is readable), "folder:<uuid>" or "demo:<uuid>"
 */
const char *
ingest_drive_get_identity (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return self->identity;
}

guint64
ingest_drive_get_n_files (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), 0);
  return self->n_files;
}

guint64
ingest_drive_get_total_bytes (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), 0);
  return self->total_bytes;
}

guint
ingest_drive_get_n_rolls (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rolls));
}

/**
 * ingest_drive_list_rolls:
 *
 * Returns: (transfer full): a #GListModel of #IngestRoll, sorted by path,
 *   replaced in place by every scan
 */
GListModel *
ingest_drive_list_rolls (IngestDrive *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), NULL);
  return g_object_ref (G_LIST_MODEL (self->rolls));
}

/**
 * ingest_drive_scan_async:
 * @self: a #IngestDrive
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the scan is over
 * @user_data: data for @callback
 *
 * Walks the drive on a worker thread and replaces its rolls. The state is
 * SCANNING meanwhile ("n-files" and "total-bytes" advance live), then READY
 * (PROBLEMS when the drive could not be read). A newer scan replaces one in
 * flight, which then ends with %G_IO_ERROR_CANCELLED.
 */
void
ingest_drive_scan_async (IngestDrive         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  ScanData *data;

  g_return_if_fail (INGEST_IS_DRIVE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_drive_scan_async);

  _ingest_drive_cancel_scan (self);
  g_clear_object (&self->scan_cancellable);
  stop_progress (self);

  self->scan_cancellable = g_cancellable_new ();
  self->scan_progress = g_rc_box_new0 (IngestCardScanProgress);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);

  data = g_new0 (ScanData, 1);
  data->root_path = g_strdup (self->mount_path);
  data->label = g_strdup (self->label);
  data->progress = g_rc_box_acquire (self->scan_progress);
  data->serial = ++self->scan_serial;
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (scan_cancelled_cb),
                                                  g_object_ref (self->scan_cancellable),
                                                  g_object_unref);
    }

  if (self->state != INGEST_DRIVE_STATE_REMOVED)
    ingest_drive_set_state (self, INGEST_DRIVE_STATE_SCANNING);

  worker = g_task_new (self, self->scan_cancellable, scan_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, ingest_drive_scan_async);
  g_task_set_task_data (worker, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (worker, scan_thread);
}

/**
 * ingest_drive_scan_finish:
 *
 * Returns: %TRUE when the scan finished and the rolls were replaced
 */
gboolean
ingest_drive_scan_finish (IngestDrive   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (INGEST_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
