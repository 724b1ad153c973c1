/* ingest-upload-view.c
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


#include "config.h"

#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-upload-item.h"
#include "ingest-upload-view.h"

/* What the upload panel shows of one drive session's upload, formatted: a
 * title, a progress line, counts, an error, and three lists of rows
 * (IngestUploadItem) mapped from the session's typed outcomes:
 *
 *  - "active": the files in flight (IngestTransfer), updated in place;
 *  - "rolls": one row per roll (IngestRollOutcome), updated on "changed";
 *  - "files": one row per finished file (IngestFileOutcome), files not
 *    delivered first.
 *
 * Each list is a store of rows kept in step with the session's list.
 *
 * It controls nothing (the session does) and keeps no state of its own
 * beyond the texts, so the wording is tested without a display. */
struct _IngestUploadView
{
  GObject             parent_instance;

  IngestDriveSession *session;
  GListModel         *active;
  GListModel         *rolls;
  GListModel         *files;

  IngestUploadState   state;
  char               *progress_text;
  char               *counts_text;
  char               *error_text;
  double              fraction;
};

G_DEFINE_FINAL_TYPE (IngestUploadView, ingest_upload_view, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (IngestUploadState, ingest_upload_state,
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_DRIVE_REMOVED, "drive-removed"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_PROBLEMS, "problems"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_CANCELLED, "cancelled"),
                    G_DEFINE_ENUM_VALUE (INGEST_UPLOAD_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_SESSION,
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

/*
 * Rows
 */

/* The row's word for a roll, as ingest-format.c styles and names it. */
static const char *
roll_word (IngestRollState state)
{
  switch (state)
    {
    case INGEST_ROLL_STATE_UPLOADING:
      return "uploading";
    case INGEST_ROLL_STATE_PAUSED:
      return "paused";
    case INGEST_ROLL_STATE_STOPPED:
      return "stopped";
    case INGEST_ROLL_STATE_VERIFIED:
      return "verified";
    case INGEST_ROLL_STATE_HELD:
      return "held";
    case INGEST_ROLL_STATE_FAILED:
      return "failed";
    case INGEST_ROLL_STATE_WAITING:
    default:
      return "waiting";
    }
}

static void
roll_changed_cb (IngestRollOutcome *roll,
                 IngestUploadItem  *item)
{
  GPtrArray *history = ingest_roll_outcome_get_history (roll);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_null_terminated (history->len, g_free, TRUE);
  g_autofree char *detail = NULL;

  for (guint i = 0; i < history->len; i++)
    {
      const IngestHistoryOutcome *outcome = g_ptr_array_index (history, i);

      g_ptr_array_add (lines, ingest_format_upload_history (outcome->destination, outcome->location,
                                                            outcome->generation, outcome->state,
                                                            outcome->reason));
    }
  detail = ingest_format_upload_roll_detail (ingest_roll_outcome_get_bytes_done (roll),
                                             ingest_roll_outcome_get_bytes_total (roll),
                                             ingest_roll_outcome_get_n_verified (roll),
                                             ingest_roll_outcome_get_n_held (roll) + ingest_roll_outcome_get_n_failed (roll),
                                             ingest_roll_outcome_get_n_files (roll),
                                             ingest_roll_outcome_get_eta (roll),
                                             (const char * const *) lines->pdata);
  ingest_upload_item_set_bytes (item, ingest_roll_outcome_get_bytes_done (roll), ingest_roll_outcome_get_bytes_total (roll));
  ingest_upload_item_set_detail (item, detail);
  ingest_upload_item_set_state (item, roll_word (ingest_roll_outcome_get_state (roll)));
}

/* A row that follows a roll or a file in flight lives as long as it does
 * (its widgets are bound to it, which keeps no reference of its own). */
static IngestUploadItem *
kept_row (gpointer object)
{
  IngestUploadItem *row = g_object_get_data (object, "ingest-upload-row");

  return row != NULL ? g_object_ref (row) : NULL;
}

static IngestUploadItem *
keep_row (gpointer          object,
          IngestUploadItem *row)
{
  g_object_set_data_full (object, "ingest-upload-row", g_object_ref (row), g_object_unref);
  return row;
}

static gpointer
roll_item (gpointer item,
           gpointer user_data)
{
  g_autoptr(IngestRollOutcome) roll = item;
  IngestUploadItem *row = kept_row (roll);

  if (row != NULL)
    return row;
  row = ingest_upload_item_new (ingest_roll_outcome_get_name (roll), NULL, NULL);
  roll_changed_cb (roll, row);
  g_signal_connect_object (roll, "changed", G_CALLBACK (roll_changed_cb), row, 0);
  return keep_row (roll, row);
}

/* "12.0 MB of 96.0 MB · 40.0 MB/s · 2 s left", none while not moving. */
static void
transfer_changed_cb (IngestTransfer   *transfer,
                     GParamSpec       *pspec,
                     IngestUploadItem *item)
{
  g_autofree char *detail = ingest_format_upload_progress (ingest_transfer_get_bytes_done (transfer),
                                                           ingest_transfer_get_size (transfer),
                                                           ingest_transfer_get_rate (transfer),
                                                           ingest_transfer_get_eta (transfer));

  ingest_upload_item_set_bytes (item, ingest_transfer_get_bytes_done (transfer), ingest_transfer_get_size (transfer));
  ingest_upload_item_set_detail (item, detail);
}

static gpointer
transfer_item (gpointer item,
               gpointer user_data)
{
  g_autoptr(IngestTransfer) transfer = item;
  IngestUploadItem *row = kept_row (transfer);

  if (row != NULL)
    return row;
  row = ingest_upload_item_new (ingest_transfer_get_path (transfer), "uploading", NULL);
  transfer_changed_cb (transfer, NULL, row);
  g_signal_connect_object (transfer, "notify", G_CALLBACK (transfer_changed_cb), row, 0);
  return keep_row (transfer, row);
}

/* One line per destination: where the copy is, or why it is not there. */
static gpointer
file_item (gpointer item,
           gpointer user_data)
{
  g_autoptr(IngestFileOutcome) outcome = item;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  g_autofree char *detail = NULL;
  IngestUploadItem *row;
  guint64 bytes = 0;

  for (guint i = 0; i < ingest_file_outcome_get_n_deliveries (outcome); i++)
    {
      const IngestDelivery *delivery = ingest_file_outcome_get_delivery (outcome, i);
      g_autofree char *line = ingest_format_upload_file_detail (delivery->state, delivery->destination,
                                                                delivery->location, delivery->reason);
      g_autofree char *sent = ingest_format_upload_file_bytes (delivery->bytes_sent, delivery->bytes_resumed);

      if (sent != NULL && ingest_delivery_state_is_delivered (delivery->state))
        g_ptr_array_add (lines, g_strdup_printf ("%s · %s", line, sent));
      else
        g_ptr_array_add (lines, g_steal_pointer (&line));
      bytes = MAX (bytes, delivery->bytes_sent + delivery->bytes_resumed);
    }
  detail = g_strjoinv ("\n", (char **) lines->pdata);
  row = ingest_upload_item_new (ingest_file_outcome_get_path (outcome),
                                ingest_delivery_state_to_string (ingest_file_outcome_get_state (outcome)), detail);
  ingest_upload_item_set_bytes (row, bytes, bytes);
  return row;
}

/* Rows in a store of their own that follows the session's list, change for
 * change (a list view pays for each change with the length of the list:
 * the session's batches stay batches here). */
typedef gpointer (*RowFunc) (gpointer item,
                             gpointer user_data);

static void
source_changed_cb (GListModel *source,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GListStore *rows)
{
  RowFunc make_row = g_object_get_data (G_OBJECT (rows), "ingest-row-func");
  g_autoptr(GPtrArray) made = g_ptr_array_new_full (added, g_object_unref);

  for (guint i = position; i < position + added; i++)
    g_ptr_array_add (made, make_row (g_list_model_get_item (source, i), NULL));
  g_list_store_splice (rows, position, removed, made->pdata, made->len);
}

static GListModel *
mirror (IngestUploadView *self,
        GListModel       *source,
        RowFunc           make_row)
{
  GListStore *rows = g_list_store_new (INGEST_TYPE_UPLOAD_ITEM);

  g_object_set_data (G_OBJECT (rows), "ingest-row-func", make_row);
  g_signal_connect_object (source, "items-changed", G_CALLBACK (source_changed_cb), rows, 0);
  source_changed_cb (source, 0, 0, g_list_model_get_n_items (source), rows);
  return G_LIST_MODEL (rows);
}

/*
 * Texts
 */

static IngestUploadState
current_state (IngestUploadView *self)
{
  IngestUploadJob *job = ingest_drive_session_get_upload (self->session);

  if (job == NULL)
    return INGEST_UPLOAD_STATE_IDLE;
  if (ingest_drive_session_get_uploading (self->session))
    {
      if (ingest_drive_session_get_paused (self->session))
        return INGEST_UPLOAD_STATE_PAUSED;
      if (ingest_drive_session_get_state (self->session) == INGEST_SESSION_STATE_PAUSED_UNPLUGGED)
        return INGEST_UPLOAD_STATE_DRIVE_REMOVED;
      return INGEST_UPLOAD_STATE_RUNNING;
    }
  if (ingest_drive_session_get_upload_cancelled (self->session))
    return INGEST_UPLOAD_STATE_CANCELLED;
  if (ingest_drive_session_get_upload_error (self->session) != NULL)
    return INGEST_UPLOAD_STATE_FAILED;
  return ingest_upload_job_get_files_failed (job) == 0 ? INGEST_UPLOAD_STATE_DONE : INGEST_UPLOAD_STATE_PROBLEMS;
}

static void
set_text (IngestUploadView  *self,
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

/* "1.2 GB of 4.0 GB · 180 MB/s · 2 min left" for the drive: bytes of the
 * source, so two destinations do not count a file twice (what the
 * destinations have, sent or already there, over their number). */
static void
update (IngestUploadView *self)
{
  IngestUploadJob *job;
  IngestUploadState state;
  gboolean was_running = ingest_upload_view_get_running (self);
  const GError *error;
  IngestValidationJob *read;
  guint64 total, done;
  guint files_total, n;
  double seconds, rate, fraction;
  gint64 eta = -1;

  job = ingest_drive_session_get_upload (self->session);
  state = current_state (self);
  error = ingest_drive_session_get_upload_error (self->session);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      if (was_running != (state >= INGEST_UPLOAD_STATE_RUNNING && state <= INGEST_UPLOAD_STATE_DRIVE_REMOVED))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  /* The core's messages are plain words ("bucket “x” does not exist"). */
  set_text (self, &self->error_text,
            state == INGEST_UPLOAD_STATE_FAILED && error != NULL ? g_strdup (error->message) : NULL,
            PROP_ERROR_TEXT);
  if (job == NULL)
    return;

  /* The scan's total is known first; the job's grows as files are queued. */
  read = ingest_upload_job_get_validation (job);
  total = MAX (ingest_upload_job_get_bytes_total (job), read != NULL ? ingest_validation_job_get_bytes_total (read) : 0);
  files_total = MAX (ingest_upload_job_get_files_total (job), read != NULL ? ingest_validation_job_get_files_total (read) : 0);
  n = MAX (ingest_drive_session_get_n_destinations (self->session), 1);
  done = (ingest_upload_job_get_bytes_sent (job) + ingest_upload_job_get_bytes_resumed (job)) / n;
  seconds = ingest_drive_session_get_upload_seconds (self->session);
  rate = ingest_drive_session_get_upload_rate (self->session);
  if (state == INGEST_UPLOAD_STATE_RUNNING && rate > 0 && total > done)
    eta = (gint64) ((total - done) / rate + 0.5);

  /* Once delivered: when, how long it took and how fast. */
  if ((state == INGEST_UPLOAD_STATE_DONE || state == INGEST_UPLOAD_STATE_PROBLEMS) &&
      ingest_drive_session_get_finished_at (self->session) != NULL)
    set_text (self, &self->progress_text,
              ingest_format_upload_finished (ingest_drive_session_get_finished_at (self->session), done, seconds,
                                             seconds > 0 ? ingest_upload_job_get_bytes_sent (job) / n / seconds : 0),
              PROP_PROGRESS_TEXT);
  else
    set_text (self, &self->progress_text,
              ingest_format_upload_progress (done, total, state == INGEST_UPLOAD_STATE_RUNNING ? rate : 0, eta),
              PROP_PROGRESS_TEXT);
  set_text (self, &self->counts_text,
            ingest_format_upload_counts (ingest_upload_job_get_files_verified (job),
                                         ingest_upload_job_get_files_failed (job), files_total),
            PROP_COUNTS_TEXT);
  /* The bar matches the line under it; full when every file is verified
   * (its history too), otherwise where delivery stopped. */
  if (state == INGEST_UPLOAD_STATE_DONE)
    fraction = 1.0;
  else
    fraction = total > 0 ? MIN (1.0, (double) done / total) : 0.0;
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

/*
 * GObject
 */

static void
ingest_upload_view_constructed (GObject *object)
{
  IngestUploadView *self = (IngestUploadView *) object;

  G_OBJECT_CLASS (ingest_upload_view_parent_class)->constructed (object);

  self->active = mirror (self, ingest_drive_session_get_transfers (self->session), transfer_item);
  self->rolls = mirror (self, ingest_drive_session_get_rolls (self->session), roll_item);
  self->files = mirror (self, ingest_drive_session_get_files (self->session), file_item);
  g_signal_connect_object (self->session, "progress", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::upload", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
ingest_upload_view_dispose (GObject *object)
{
  IngestUploadView *self = (IngestUploadView *) object;

  g_clear_object (&self->active);
  g_clear_object (&self->rolls);
  g_clear_object (&self->files);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ingest_upload_view_parent_class)->dispose (object);
}

static void
ingest_upload_view_finalize (GObject *object)
{
  IngestUploadView *self = (IngestUploadView *) object;

  g_free (self->progress_text);
  g_free (self->counts_text);
  g_free (self->error_text);

  G_OBJECT_CLASS (ingest_upload_view_parent_class)->finalize (object);
}

static void
ingest_upload_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestUploadView *self = INGEST_UPLOAD_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_TITLE:
      g_value_set_string (value, ingest_upload_view_get_title (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, ingest_upload_view_get_running (self));
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
ingest_upload_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IngestUploadView *self = INGEST_UPLOAD_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_view_class_init (IngestUploadViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ingest_upload_view_constructed;
  object_class->dispose = ingest_upload_view_dispose;
  object_class->finalize = ingest_upload_view_finalize;
  object_class->get_property = ingest_upload_view_get_property;
  object_class->set_property = ingest_upload_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, INGEST_TYPE_DRIVE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, INGEST_TYPE_UPLOAD_STATE, INGEST_UPLOAD_STATE_IDLE, readable);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, readable);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, readable);
  properties[PROP_PROGRESS_TEXT] = g_param_spec_string ("progress-text", NULL, NULL, NULL, readable);
  properties[PROP_COUNTS_TEXT] = g_param_spec_string ("counts-text", NULL, NULL, NULL, readable);
  properties[PROP_ERROR_TEXT] = g_param_spec_string ("error-text", NULL, NULL, NULL, readable);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_upload_view_init (IngestUploadView *self)
{
}

IngestUploadView *
ingest_upload_view_new (IngestDriveSession *session)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_SESSION (session), NULL);

  return g_object_new (INGEST_TYPE_UPLOAD_VIEW, "session", session, NULL);
}

IngestDriveSession *
ingest_upload_view_get_session (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return self->session;
}

IngestUploadState
ingest_upload_view_get_state (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), INGEST_UPLOAD_STATE_IDLE);

  return self->state;
}

/* Running, paused or waiting for its drive: not over. */
gboolean
ingest_upload_view_get_running (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), FALSE);

  return self->state == INGEST_UPLOAD_STATE_RUNNING || self->state == INGEST_UPLOAD_STATE_PAUSED ||
         self->state == INGEST_UPLOAD_STATE_DRIVE_REMOVED;
}

const char *
ingest_upload_view_get_title (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return ingest_format_upload_title (self->state);
}

const char *
ingest_upload_view_get_progress_text (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return self->progress_text;
}

const char *
ingest_upload_view_get_counts_text (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return self->counts_text;
}

/* Why the whole upload failed, in plain words; NULL when it did not. */
const char *
ingest_upload_view_get_error_text (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return self->error_text;
}

double
ingest_upload_view_get_fraction (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), 0);

  return self->fraction;
}

/* Returns: (transfer none): IngestUploadItem, the files in flight */
GListModel *
ingest_upload_view_get_active (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return self->active;
}

/* Returns: (transfer none): IngestUploadItem, one per roll */
GListModel *
ingest_upload_view_get_rolls (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return self->rolls;
}

/* Returns: (transfer none): IngestUploadItem, one per finished file */
GListModel *
ingest_upload_view_get_files (IngestUploadView *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_VIEW (self), NULL);

  return self->files;
}
