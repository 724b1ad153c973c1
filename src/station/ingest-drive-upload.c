/* ingest-drive-upload.c
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

#define G_LOG_DOMAIN "ingest-drive-upload"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-drive-upload.h"
#include "ingest-format.h"
#include "ingest-upload-item.h"

/* The upload of one drive (or folder) in the station: its IngestUploadJob,
 * and what the upload panel shows of it as plain properties (title, progress
 * line, counts, error), so the wording is tested without a display. Rolls
 * and files are list models of IngestUploadItem: a file appears when the job
 * reports it finished at a destination; a roll's row sums its files. */
struct _IngestDriveUpload
{
  GObject            parent_instance;

  char              *root;
  IngestCatalog     *catalog;
  IngestUploadJob   *job;
  GCancellable      *cancellable;
  guint              n_destinations;

  GListStore        *rolls;
  GListStore        *files;
  GHashTable        *roll_counts;    /* roll → guint[2]: verified, not delivered */

  /* Rate: bytes sent over the time the job was not paused. */
  GTimer            *active;

  IngestUploadState  state;
  char              *progress_text;
  char              *counts_text;
  char              *error_text;
  double             fraction;
};

G_DEFINE_FINAL_TYPE (IngestDriveUpload, ingest_drive_upload, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (IngestUploadState, ingest_upload_state,
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_PROBLEMS, "problems"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_CANCELLED, "cancelled"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_ROOT,
  PROP_CATALOG,
  PROP_JOB,
  PROP_STATE,
  PROP_TITLE,
  PROP_RUNNING,
  PROP_PROGRESS_TEXT,
  PROP_COUNTS_TEXT,
  PROP_ERROR_TEXT,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (IngestDriveUpload *self,
           IngestUploadState  state)
{
  gboolean was_running;

  if (self->state == state)
    return;
  was_running = ingest_drive_upload_get_running (self);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (was_running != ingest_drive_upload_get_running (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_text (IngestDriveUpload *self,
          char             **field,
          char              *text,
          guint              prop)
{
  if (g_strcmp0 (*field, text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (*field);
  *field = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Bytes count once per destination: what was sent, or found already there. */
static void
update_progress (IngestDriveUpload *self)
{
  /* The scan's total is known first; the job's grows as files are queued. */
  IngestValidationJob *validation = ingest_upload_job_get_validation (self->job);
  guint64 source = MAX (ingest_upload_job_get_bytes_total (self->job),
                        validation != NULL ? ingest_validation_job_get_bytes_total (validation) : 0);
  guint64 total = source * self->n_destinations;
  guint files_total = MAX (ingest_upload_job_get_files_total (self->job),
                           validation != NULL ? ingest_validation_job_get_files_total (validation) : 0);
  double fraction;
  guint64 done = ingest_upload_job_get_bytes_sent (self->job) + ingest_upload_job_get_bytes_resumed (self->job);
  double seconds = g_timer_elapsed (self->active, NULL);
  double rate = 0;
  gint64 eta = -1;

  if (seconds >= 1 && ingest_upload_job_get_bytes_sent (self->job) > 0)
    {
      rate = ingest_upload_job_get_bytes_sent (self->job) / seconds;
      if (total > done)
        eta = (gint64) ((total - done) / rate + 0.5);
    }
  if (self->state != INGEST_UPLOAD_STATE_RUNNING)
    {
      rate = 0;
      eta = -1;
    }
  set_text (self, &self->progress_text, ingest_format_upload_progress (done, total, rate, eta),
            PROP_PROGRESS_TEXT);
  set_text (self, &self->counts_text,
            ingest_format_upload_counts (ingest_upload_job_get_files_verified (self->job),
                                         ingest_upload_job_get_files_failed (self->job),
                                         files_total),
            PROP_COUNTS_TEXT);
  /* The bar matches the line under it; only a finished run is full (a
   * cancelled one stays where it stopped). */
  if (self->state == INGEST_UPLOAD_STATE_DONE || self->state == INGEST_UPLOAD_STATE_PROBLEMS)
    fraction = 1.0;
  else
    fraction = total > 0 ? MIN (1.0, (double) done / total) : 0.0;
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

static void
job_notify_cb (IngestDriveUpload *self,
               GParamSpec        *pspec,
               IngestUploadJob   *job)
{
  if (job == self->job)
    update_progress (self);
}

/* The roll's row is replaced (items are immutable), in place. */
static void
update_roll (IngestDriveUpload *self,
             const char        *roll,
             gboolean           verified)
{
  guint *counts = g_hash_table_lookup (self->roll_counts, roll);
  g_autoptr(IngestUploadItem) item = NULL;
  g_autofree char *detail = NULL;
  guint position = G_MAXUINT;

  if (counts == NULL)
    {
      counts = g_new0 (guint, 2);
      g_hash_table_insert (self->roll_counts, g_strdup (roll), counts);
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rolls)); i++)
        {
          g_autoptr(IngestUploadItem) old = g_list_model_get_item (G_LIST_MODEL (self->rolls), i);

          if (g_strcmp0 (ingest_upload_item_get_path (old), roll) == 0)
            position = i;
        }
    }
  counts[verified ? 0 : 1]++;

  /* Per destination: a file counts once for each place it goes. */
  detail = ingest_format_upload_counts (counts[0], counts[1], counts[0] + counts[1]);
  item = ingest_upload_item_new (roll, NULL, counts[1] > 0 ? "held" : "verified", detail);
  if (position == G_MAXUINT)
    g_list_store_append (self->rolls, item);
  else
    g_list_store_splice (self->rolls, position, 1, (gpointer *) &item, 1);
}

static void
file_finished_cb (IngestDriveUpload *self,
                  const char        *path,
                  const char        *destination,
                  const char        *location,
                  const char        *state,
                  const char        *message,
                  guint64            bytes_sent,
                  guint64            bytes_resumed,
                  IngestUploadJob   *job)
{
  g_autoptr(IngestUploadItem) item = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *roll = NULL;
  const char *slash;

  if (job != self->job)
    return;

  detail = ingest_format_upload_file_detail (state, destination, message);
  bytes = ingest_format_upload_file_bytes (bytes_sent, bytes_resumed);
  if (bytes != NULL && g_strcmp0 (state, "verified") == 0)
    {
      char *both = g_strdup_printf ("%s · %s", detail, bytes);

      g_free (detail);
      detail = both;
    }
  item = ingest_upload_item_new (path, destination, state, detail);
  g_list_store_append (self->files, item);

  slash = strchr (path, '/');
  roll = slash != NULL ? g_strndup (path, slash - path) : g_strdup (path);
  update_roll (self, roll, g_strcmp0 (state, "verified") == 0);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  IngestUploadJob *job = INGEST_UPLOAD_JOB (object);
  g_autoptr(IngestDriveUpload) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = ingest_upload_job_run_finish (job, result, &error);
  if (job != self->job)
    return;

  g_clear_object (&self->cancellable);
  g_timer_stop (self->active);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, INGEST_UPLOAD_STATE_CANCELLED);
  else if (error != NULL)
    {
      /* The core's messages are plain words ("bucket “x” does not exist"). */
      set_text (self, &self->error_text, g_strdup (error->message), PROP_ERROR_TEXT);
      set_state (self, INGEST_UPLOAD_STATE_FAILED);
    }
  else
    set_state (self, ok ? INGEST_UPLOAD_STATE_DONE : INGEST_UPLOAD_STATE_PROBLEMS);
  update_progress (self);
}

static void
ingest_drive_upload_dispose (GObject *object)
{
  IngestDriveUpload *self = (IngestDriveUpload *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->job);
  g_clear_object (&self->catalog);
  g_clear_object (&self->rolls);
  g_clear_object (&self->files);

  G_OBJECT_CLASS (ingest_drive_upload_parent_class)->dispose (object);
}

static void
ingest_drive_upload_finalize (GObject *object)
{
  IngestDriveUpload *self = (IngestDriveUpload *) object;

  g_free (self->root);
  g_free (self->progress_text);
  g_free (self->counts_text);
  g_free (self->error_text);
  g_hash_table_unref (self->roll_counts);
  g_timer_destroy (self->active);

  G_OBJECT_CLASS (ingest_drive_upload_parent_class)->finalize (object);
}

static void
ingest_drive_upload_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IngestDriveUpload *self = INGEST_DRIVE_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_TITLE:
      g_value_set_string (value, ingest_drive_upload_get_title (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, ingest_drive_upload_get_running (self));
      break;

    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;

    case PROP_COUNTS_TEXT:
      g_value_set_string (value, self->counts_text);
      break;

    case PROP_ERROR_TEXT:
      g_value_set_string (value, self->error_text);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_upload_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IngestDriveUpload *self = INGEST_DRIVE_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_string (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_upload_class_init (IngestDriveUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_drive_upload_dispose;
  object_class->finalize = ingest_drive_upload_finalize;
  object_class->get_property = ingest_drive_upload_get_property;
  object_class->set_property = ingest_drive_upload_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, INGEST_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, INGEST_TYPE_UPLOAD_JOB, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, INGEST_TYPE_UPLOAD_STATE, INGEST_UPLOAD_STATE_IDLE, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  /* TRUE while a job runs, paused or not. */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_PROGRESS_TEXT] = g_param_spec_string ("progress-text", NULL, NULL, NULL, flags);
  properties[PROP_COUNTS_TEXT] = g_param_spec_string ("counts-text", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_TEXT] = g_param_spec_string ("error-text", NULL, NULL, NULL, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_drive_upload_init (IngestDriveUpload *self)
{
  self->rolls = g_list_store_new (INGEST_TYPE_UPLOAD_ITEM);
  self->files = g_list_store_new (INGEST_TYPE_UPLOAD_ITEM);
  self->roll_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->active = g_timer_new ();
  g_timer_stop (self->active);
}

/**
 * ingest_drive_upload_new:
 * @root: the drive's mount point or the folder
 * @catalog: (nullable): where results and the resume journal persist
 */
IngestDriveUpload *
ingest_drive_upload_new (const char    *root,
                         IngestCatalog *catalog)
{
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || INGEST_IS_CATALOG (catalog), NULL);

  return g_object_new (INGEST_TYPE_DRIVE_UPLOAD, "root", root, "catalog", catalog, NULL);
}

const char *
ingest_drive_upload_get_root (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return self->root;
}

/**
 * ingest_drive_upload_get_catalog:
 *
 * Returns: (transfer none) (nullable): what the destinations journal into
 */
IngestCatalog *
ingest_drive_upload_get_catalog (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return self->catalog;
}

/**
 * ingest_drive_upload_get_job:
 *
 * Returns: (transfer none) (nullable): the running or last upload
 */
IngestUploadJob *
ingest_drive_upload_get_job (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return self->job;
}

IngestUploadState
ingest_drive_upload_get_state (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), INGEST_UPLOAD_STATE_IDLE);

  return self->state;
}

gboolean
ingest_drive_upload_get_running (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), FALSE);

  return self->state == INGEST_UPLOAD_STATE_RUNNING || self->state == INGEST_UPLOAD_STATE_PAUSED;
}

const char *
ingest_drive_upload_get_title (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return ingest_format_upload_title (self->state);
}

const char *
ingest_drive_upload_get_progress_text (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return self->progress_text;
}

const char *
ingest_drive_upload_get_counts_text (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return self->counts_text;
}

/* Why the whole upload failed, in plain words; NULL when it did not. */
const char *
ingest_drive_upload_get_error_text (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return self->error_text;
}

double
ingest_drive_upload_get_fraction (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), 0);

  return self->fraction;
}

/**
 * ingest_drive_upload_get_rolls:
 *
 * Returns: (transfer none): a #GListModel of #IngestUploadItem, one per roll
 */
GListModel *
ingest_drive_upload_get_rolls (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return G_LIST_MODEL (self->rolls);
}

/**
 * ingest_drive_upload_get_files:
 *
 * Returns: (transfer none): a #GListModel of #IngestUploadItem, one per file
 *   and destination, in the order they finished
 */
GListModel *
ingest_drive_upload_get_files (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return G_LIST_MODEL (self->files);
}

/**
 * ingest_drive_upload_start:
 * @destinations: (element-type IngestDestination): where the files go
 *
 * Validates the drive and delivers it to @destinations from the same read.
 * Fails when an upload is already running or there is nowhere to go.
 */
gboolean
ingest_drive_upload_start (IngestDriveUpload  *self,
                           GPtrArray          *destinations,
                           GError            **error)
{
  g_autoptr(IngestUploadJob) job = NULL;
  static const char * const notified[] = {
    "notify::bytes-sent", "notify::bytes-resumed", "notify::bytes-total",
    "notify::files-verified", "notify::files-failed", "notify::files-total", "notify::fraction",
  };

  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), FALSE);
  g_return_val_if_fail (destinations != NULL, FALSE);

  if (ingest_drive_upload_get_running (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("This drive is already being uploaded"));
      return FALSE;
    }
  if (destinations->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No destination is set up: add a bucket or a folder in Preferences"));
      return FALSE;
    }

  job = ingest_upload_job_new (self->root);
  if (self->catalog != NULL)
    ingest_upload_job_set_catalog (job, self->catalog);
  for (guint i = 0; i < destinations->len; i++)
    ingest_upload_job_add_destination (job, g_ptr_array_index (destinations, i));
  /* Cancel means stop and leave nothing half-made behind at the destinations. */
  ingest_upload_job_set_abort_on_cancel (job, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (notified); i++)
    g_signal_connect_object (job, notified[i], G_CALLBACK (job_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "file-finished", G_CALLBACK (file_finished_cb), self, G_CONNECT_SWAPPED);

  g_list_store_remove_all (self->rolls);
  g_list_store_remove_all (self->files);
  g_hash_table_remove_all (self->roll_counts);
  set_text (self, &self->error_text, NULL, PROP_ERROR_TEXT);
  self->n_destinations = destinations->len;
  g_timer_start (self->active);

  g_set_object (&self->job, job);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
  self->cancellable = g_cancellable_new ();
  set_state (self, INGEST_UPLOAD_STATE_RUNNING);
  update_progress (self);
  ingest_upload_job_run_async (job, self->cancellable, run_done_cb, g_object_ref (self));
  return TRUE;
}

void
ingest_drive_upload_pause (IngestDriveUpload *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_UPLOAD (self));

  if (self->state != INGEST_UPLOAD_STATE_RUNNING)
    return;
  ingest_upload_job_pause (self->job);
  g_timer_stop (self->active);
  set_state (self, INGEST_UPLOAD_STATE_PAUSED);
  update_progress (self);
}

void
ingest_drive_upload_resume (IngestDriveUpload *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_UPLOAD (self));

  if (self->state != INGEST_UPLOAD_STATE_PAUSED)
    return;
  g_timer_continue (self->active);
  ingest_upload_job_resume (self->job);
  set_state (self, INGEST_UPLOAD_STATE_RUNNING);
  update_progress (self);
}

/* The job stops soon after; "state" becomes CANCELLED when it has. */
void
ingest_drive_upload_cancel (IngestDriveUpload *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_UPLOAD (self));

  /* Cancelled before a paused job wakes up, so it reads nothing more. */
  g_cancellable_cancel (self->cancellable);
  if (self->state == INGEST_UPLOAD_STATE_PAUSED)
    ingest_upload_job_resume (self->job);
}
