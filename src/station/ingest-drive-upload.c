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

#include <string.h>

#include <glib/gi18n.h>

#include "ingest-drive-upload.h"
#include "ingest-format.h"
#include "ingest-upload-item.h"

/* The upload of one drive (or folder) in the station: its IngestUploadJob,
 * and what the upload panel shows of it as plain properties (title, progress
 * line, counts, error) and three list models of IngestUploadItem, so the
 * wording is tested without a display:
 *
 *  - "active": the files being read and sent now, with their bytes (from
 *    the job's snapshot, at most a few times a second; a handful of rows
 *    changed in place);
 *  - "rolls": one row per roll, its bytes, state and counts, changed in
 *    place (a hash from roll path to row: no scan per file);
 *  - "files": one row per finished file, counted once whatever the number
 *    of destinations (its detail says what happened at each); files not
 *    delivered first, then the others in the order they finished. Rows come
 *    in batches (a list view pays for each change with the length of the
 *    list: per file, a 100,000-file card would cost it quadratic time).
 *
 * The drive's validation (IngestDriveValidation, one per drive identity)
 * follows the upload's validation as if it were its own: the drive page
 * shows its verdict, and a drive unplugged mid-upload that comes back, even
 * at another mount point, is resumed there. Meanwhile the upload says
 * "Drive removed" rather than offering a Resume that cannot work. */
struct _IngestDriveUpload
{
  GObject                parent_instance;

  IngestDriveValidation *validation;
  IngestCatalog         *catalog;
  IngestUploadJob       *job;
  GCancellable          *cancellable;
  guint                  n_destinations;

  GListStore            *active;
  GListStore            *rolls;
  GListStore            *files;
  guint                  n_problem_files;   /* at the start of files */
  GPtrArray             *new_problems;      /* finished, for the next batch */
  GPtrArray             *new_verified;
  guint                  flush_id;
  GHashTable            *roll_by_path;      /* roll path → Roll */
  GHashTable            *in_flight;         /* file path → Flight, the rows of active */

  /* Rate: bytes sent over the time the job was running. */
  GTimer                *running_time;
  GDateTime             *finished;          /* when the last run ended */

  IngestUploadState      state;
  char                  *progress_text;
  char                  *counts_text;
  char                  *error_text;
  double                 fraction;
  double                 rate;              /* source bytes a second, 0 = not known */
};

typedef struct {
  IngestUploadItem     *item;
  IngestValidationRoll *checked;      /* (nullable): what validation says of it */
  guint64           bytes_total;      /* from the drive's scan; 0 = not known */
  guint64           bytes_finished;   /* of its files delivered everywhere */
  guint64           bytes_active;     /* of its files in flight */
  guint             n_verified;
  guint             n_held;
  guint             n_failed;
  gboolean          listed;           /* in the rolls model */
  GPtrArray        *history;         /* char *: what each destination got of its ascmhl/, NULL-terminated */
  gboolean          history_failed;   /* some destination did not get it */
} Roll;

typedef struct {
  IngestUploadItem *item;
  gint64            since;            /* µs, monotonic: the rate is measured from here */
  guint64           bytes_since;
} Flight;

G_DEFINE_FINAL_TYPE (IngestDriveUpload, ingest_drive_upload, G_TYPE_OBJECT)
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
  PROP_VALIDATION,
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

static void update_flight (IngestDriveUpload *self,
                           Flight            *flight,
                           guint64            bytes_done,
                           guint64            size);

static void
roll_free (Roll *roll)
{
  g_object_unref (roll->item);
  g_clear_object (&roll->checked);
  g_ptr_array_unref (roll->history);
  g_free (roll);
}

static void
flight_free (Flight *flight)
{
  g_object_unref (flight->item);
  g_free (flight);
}

static gboolean
job_is_over (IngestDriveUpload *self)
{
  return self->state >= INGEST_UPLOAD_STATE_DONE;
}

/* Rates are measured while running only: from now on, after a pause; and
 * a file paused says so at once, not at its next bytes. */
static void
refresh_flights (IngestDriveUpload *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Flight *flight = value;

      flight->since = now;
      flight->bytes_since = ingest_upload_item_get_bytes_done (flight->item);
      update_flight (self, flight, flight->bytes_since, ingest_upload_item_get_bytes_total (flight->item));
    }
}

static void
set_state (IngestDriveUpload *self,
           IngestUploadState  state)
{
  gboolean was_running;

  if (self->state == state)
    return;
  was_running = ingest_drive_upload_get_running (self);
  if (state == INGEST_UPLOAD_STATE_RUNNING)
    g_timer_continue (self->running_time);
  else
    g_timer_stop (self->running_time);
  self->state = state;
  refresh_flights (self);
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

/* "1.2 GB of 4.0 GB · 180 MB/s · 2 min left" for the drive: bytes of the
 * source, so two destinations do not count a file twice (what the
 * destinations have, sent or already there, over their number). */
static void
update_progress (IngestDriveUpload *self)
{
  /* The scan's total is known first; the job's grows as files are queued. */
  IngestValidationJob *validation = ingest_upload_job_get_validation (self->job);
  guint64 total = MAX (ingest_upload_job_get_bytes_total (self->job),
                       validation != NULL ? ingest_validation_job_get_bytes_total (validation) : 0);
  guint files_total = MAX (ingest_upload_job_get_files_total (self->job),
                           validation != NULL ? ingest_validation_job_get_files_total (validation) : 0);
  guint n = MAX (self->n_destinations, 1);
  guint64 done = (ingest_upload_job_get_bytes_sent (self->job) + ingest_upload_job_get_bytes_resumed (self->job)) / n;
  double seconds = g_timer_elapsed (self->running_time, NULL);
  double rate = 0;
  gint64 eta = -1;
  double fraction;

  if (self->state == INGEST_UPLOAD_STATE_RUNNING && seconds >= 1 && ingest_upload_job_get_bytes_sent (self->job) > 0)
    {
      rate = ingest_upload_job_get_bytes_sent (self->job) / n / seconds;
      if (total > done)
        eta = (gint64) ((total - done) / rate + 0.5);
    }
  self->rate = rate;
  /* Once delivered: when, how long it took and how fast. */
  if ((self->state == INGEST_UPLOAD_STATE_DONE || self->state == INGEST_UPLOAD_STATE_PROBLEMS) && self->finished != NULL)
    set_text (self, &self->progress_text,
              ingest_format_upload_finished (self->finished, done, seconds,
                                             seconds > 0 ? ingest_upload_job_get_bytes_sent (self->job) / n / seconds : 0),
              PROP_PROGRESS_TEXT);
  else
    set_text (self, &self->progress_text, ingest_format_upload_progress (done, total, rate, eta),
              PROP_PROGRESS_TEXT);
  set_text (self, &self->counts_text,
            ingest_format_upload_counts (ingest_upload_job_get_files_verified (self->job),
                                         ingest_upload_job_get_files_failed (self->job),
                                         files_total),
            PROP_COUNTS_TEXT);
  /* The bar matches the line under it; full when every file is verified
   * (its history too), otherwise where delivery stopped. */
  if (self->state == INGEST_UPLOAD_STATE_DONE)
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

/* The validation pauses itself when the drive goes away, and carries on when
 * it is back: the user did not pause it, so there is nothing to resume. */
static void
validation_paused_cb (IngestDriveUpload   *self,
                      GParamSpec          *pspec,
                      IngestValidationJob *validation)
{
  if (self->job == NULL || validation != ingest_upload_job_get_validation (self->job))
    return;
  if (ingest_validation_job_get_paused (validation) && self->state == INGEST_UPLOAD_STATE_RUNNING)
    set_state (self, INGEST_UPLOAD_STATE_DRIVE_REMOVED);
  else if (!ingest_validation_job_get_paused (validation) && self->state == INGEST_UPLOAD_STATE_DRIVE_REMOVED)
    set_state (self, INGEST_UPLOAD_STATE_RUNNING);
  update_progress (self);
}

/*
 * Rolls
 */

static Roll *
add_roll (IngestDriveUpload    *self,
          const char           *path,
          const char           *name,
          IngestValidationRoll *checked)
{
  IngestDrive *drive = ingest_drive_validation_get_drive (self->validation);
  g_autoptr(GListModel) scanned = ingest_drive_list_rolls (drive);
  Roll *roll = g_new0 (Roll, 1);

  /* The drive's scan knows how big the roll is ("." is the drive's root). */
  for (guint i = 0; i < g_list_model_get_n_items (scanned); i++)
    {
      g_autoptr(IngestRoll) found = g_list_model_get_item (scanned, i);
      const char *found_path = ingest_roll_get_path (found);

      if (g_strcmp0 (found_path != NULL && *found_path != '\0' ? found_path : ".", path) == 0)
        roll->bytes_total = ingest_roll_get_total_bytes (found);
    }
  roll->item = ingest_upload_item_new (name, "waiting", NULL);
  roll->checked = checked != NULL ? g_object_ref (checked) : NULL;
  roll->history = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  g_hash_table_insert (self->roll_by_path, g_strdup (path), roll);
  return roll;
}

/* The roll a file belongs to: the deepest roll folder above it. */
static Roll *
roll_for (IngestDriveUpload *self,
          const char        *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  Roll *roll;

  while ((roll = g_hash_table_lookup (self->roll_by_path, dir)) == NULL &&
         strcmp (dir, ".") != 0 && strcmp (dir, "/") != 0)
    {
      char *up = g_path_get_dirname (dir);

      g_free (dir);
      dir = up;
    }
  /* A file no roll covers: the drive's root stands for it. */
  if (roll == NULL)
    roll = add_roll (self, ".", ingest_drive_get_label (ingest_drive_validation_get_drive (self->validation)), NULL);
  return roll;
}

static const char *
roll_state (IngestDriveUpload *self,
            Roll              *roll)
{
  gboolean started = roll->n_verified > 0 || roll->bytes_active > 0;
  guint64 n_expected = roll->checked != NULL ? ingest_validation_roll_get_n_expected (roll->checked) : 0;

  /* Its copy cannot be checked without its history. */
  if (roll->n_failed > 0 || roll->history_failed)
    return "failed";
  if (roll->n_held > 0)
    return "held";
  /* Every file its hash lists expect is verified everywhere. */
  if (n_expected > 0 && roll->n_verified >= n_expected && roll->bytes_active == 0)
    return "verified";
  if (job_is_over (self))
    {
      /* Once validated, a roll is verified only if validation says so too
       * (a missing file is never sent, so never counted here). */
      if (roll->n_verified > 0 &&
          (self->state == INGEST_UPLOAD_STATE_DONE || self->state == INGEST_UPLOAD_STATE_PROBLEMS) &&
          (roll->checked == NULL ||
           ingest_validation_roll_get_verdict (roll->checked) == INGEST_VALIDATION_VERDICT_OK))
        return "verified";
      return started ? "stopped" : "waiting";
    }
  if (started && self->state != INGEST_UPLOAD_STATE_RUNNING)
    return "paused";
  return started ? "uploading" : "waiting";
}

/* A verified roll is all there, its history included: the scan's bytes. */
static void
update_roll (IngestDriveUpload *self,
             Roll              *roll)
{
  const char *state = roll_state (self, roll);
  guint64 done = roll->bytes_finished + roll->bytes_active;
  g_autofree char *detail = NULL;
  gint64 eta = -1;
  guint n_files;

  if (roll->bytes_total > 0)
    done = g_str_equal (state, "verified") ? roll->bytes_total : MIN (done, roll->bytes_total);
  /* Files of its hash lists, or more when more came (files no list expects). */
  n_files = MAX (roll->checked != NULL ? ingest_validation_roll_get_n_expected (roll->checked) : 0,
                 roll->n_verified + roll->n_held + roll->n_failed);
  /* Rolls go up one after the other (files in path order): at the drive's pace. */
  if (g_str_equal (state, "uploading") && self->rate > 0 && roll->bytes_total > done)
    eta = (gint64) ((roll->bytes_total - done) / self->rate + 0.5);
  detail = ingest_format_upload_roll_detail (done, roll->bytes_total, roll->n_verified, roll->n_held + roll->n_failed,
                                             n_files, eta, (const char * const *) roll->history->pdata);
  ingest_upload_item_set_bytes (roll->item, done, roll->bytes_total);
  ingest_upload_item_set_detail (roll->item, detail);
  ingest_upload_item_set_state (roll->item, state);

  /* Listed once it has something to deliver: not the drive's root when
   * every file is in a roll. */
  if (!roll->listed &&
      ((roll->checked != NULL && ingest_validation_roll_get_n_expected (roll->checked) > 0) ||
       roll->n_verified + roll->n_held + roll->n_failed > 0 || roll->bytes_active > 0))
    {
      roll->listed = TRUE;
      g_list_store_append (self->rolls, roll->item);
    }
}

static void
clear_active_bytes (IngestDriveUpload *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->roll_by_path);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Roll *) value)->bytes_active = 0;
}

static void
update_rolls (IngestDriveUpload *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->roll_by_path);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    update_roll (self, value);
}

/* The validation lists the rolls once its scan is done. */
static void
validation_rolls_cb (IngestDriveUpload *self,
                     guint              position,
                     guint              removed,
                     guint              added,
                     GListModel        *rolls)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, i);

      if (g_hash_table_lookup (self->roll_by_path, ingest_validation_roll_get_path (roll)) == NULL)
        update_roll (self, add_roll (self, ingest_validation_roll_get_path (roll),
                                     ingest_validation_roll_get_name (roll), roll));
    }
}

/*
 * Files in flight
 */

/* "12.0 MB of 96.0 MB · 40.0 MB/s · 2 s left", the rate measured since the
 * file was first seen (or the run resumed); none while not running. */
static void
update_flight (IngestDriveUpload *self,
               Flight            *flight,
               guint64            bytes_done,
               guint64            size)
{
  double seconds = (g_get_monotonic_time () - flight->since) / (double) G_USEC_PER_SEC;
  double rate = 0;
  gint64 eta = -1;
  g_autofree char *detail = NULL;

  if (self->state == INGEST_UPLOAD_STATE_RUNNING && seconds >= 1 && bytes_done > flight->bytes_since)
    {
      rate = (bytes_done - flight->bytes_since) / seconds;
      eta = (gint64) ((size - MIN (bytes_done, size)) / rate + 0.5);
    }
  detail = ingest_format_upload_progress (bytes_done, size, rate, eta);
  ingest_upload_item_set_bytes (flight->item, bytes_done, size);
  ingest_upload_item_set_detail (flight->item, detail);
}

/* The job's snapshot of the files in flight (a few): rows that stay are
 * updated in place, the list changes only when a file comes or goes. */
static void
active_files_cb (IngestDriveUpload *self,
                 GParamSpec        *pspec,
                 IngestUploadJob   *job)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GHashTable *now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) flight_free);
  gboolean same;

  if (job != self->job)
    {
      g_hash_table_unref (now);
      return;
    }
  files = ingest_upload_job_dup_active_files (job);
  clear_active_bytes (self);

  for (guint i = 0; i < files->len; i++)
    {
      const IngestUploadActiveFile *file = g_ptr_array_index (files, i);
      g_autofree char *key = NULL;
      Flight *flight = NULL;

      if (g_hash_table_steal_extended (self->in_flight, file->path, (gpointer *) &key, (gpointer *) &flight))
        g_hash_table_insert (now, g_steal_pointer (&key), flight);
      else
        {
          flight = g_new0 (Flight, 1);
          flight->item = ingest_upload_item_new (file->path, "uploading", NULL);
          flight->since = g_get_monotonic_time ();
          flight->bytes_since = file->bytes_done;
          g_hash_table_insert (now, g_strdup (file->path), flight);
        }
      update_flight (self, flight, file->bytes_done, file->size);
      roll_for (self, file->path)->bytes_active += file->bytes_done;
      g_ptr_array_add (items, flight->item);
    }
  g_hash_table_unref (self->in_flight);
  self->in_flight = now;

  same = items->len == g_list_model_get_n_items (G_LIST_MODEL (self->active));
  for (guint i = 0; same && i < items->len; i++)
    {
      g_autoptr(IngestUploadItem) shown = g_list_model_get_item (G_LIST_MODEL (self->active), i);

      same = shown == g_ptr_array_index (items, i);
    }
  if (!same)
    g_list_store_splice (self->active, 0, g_list_model_get_n_items (G_LIST_MODEL (self->active)),
                         items->pdata, items->len);
  update_rolls (self);
}

/*
 * Finished files
 */

#define FILES_BATCH    256
#define FILES_BATCH_MS 100

static void
flush_files (IngestDriveUpload *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_list_store_splice (self->files, self->n_problem_files, 0,
                       self->new_problems->pdata, self->new_problems->len);
  self->n_problem_files += self->new_problems->len;
  g_list_store_splice (self->files, g_list_model_get_n_items (G_LIST_MODEL (self->files)), 0,
                       self->new_verified->pdata, self->new_verified->len);
  g_ptr_array_set_size (self->new_problems, 0);
  g_ptr_array_set_size (self->new_verified, 0);
}

static gboolean
flush_files_cb (gpointer user_data)
{
  IngestDriveUpload *self = user_data;

  self->flush_id = 0;
  flush_files (self);
  return G_SOURCE_REMOVE;
}

/* A file is verified when it is verified at every destination (its state is
 * the worst of theirs); otherwise it was not delivered, and comes first in
 * the list. A line per destination says what happened there. */
static void
file_outcome_cb (IngestDriveUpload *self,
                 IngestFileOutcome *outcome,
                 IngestUploadJob   *job)
{
  g_autoptr(IngestUploadItem) item = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  const char *path = ingest_file_outcome_get_path (outcome);
  IngestDeliveryState state = ingest_file_outcome_get_state (outcome);
  guint64 bytes = 0;
  Roll *roll;
  Flight *flight;

  if (job != self->job)
    return;
  roll = roll_for (self, path);

  for (guint i = 0; i < ingest_file_outcome_get_n_deliveries (outcome); i++)
    {
      const IngestDelivery *delivery = ingest_file_outcome_get_delivery (outcome, i);
      g_autofree char *line = ingest_format_upload_file_detail (delivery->state, delivery->destination,
                                                                delivery->location, delivery->reason);
      g_autofree char *sent = ingest_format_upload_file_bytes (delivery->bytes_sent, delivery->bytes_resumed);

      bytes = MAX (bytes, delivery->bytes_sent + delivery->bytes_resumed);
      if (sent != NULL && ingest_delivery_state_is_delivered (delivery->state))
        g_ptr_array_add (lines, g_strdup_printf ("%s · %s", line, sent));
      else
        g_ptr_array_add (lines, g_steal_pointer (&line));
    }

  /* Out of the files in flight now, rather than at the next snapshot. */
  flight = g_hash_table_lookup (self->in_flight, path);
  if (flight != NULL)
    {
      guint position;

      roll->bytes_active -= MIN (roll->bytes_active, ingest_upload_item_get_bytes_done (flight->item));
      if (g_list_store_find (self->active, flight->item, &position))
        g_list_store_remove (self->active, position);
      g_hash_table_remove (self->in_flight, path);
    }

  g_ptr_array_add (lines, NULL);
  detail = g_strjoinv ("\n", (char **) lines->pdata);
  item = ingest_upload_item_new (path, ingest_delivery_state_to_string (state), detail);
  ingest_upload_item_set_bytes (item, bytes, bytes);

  if (ingest_delivery_state_is_delivered (state))
    {
      g_ptr_array_add (self->new_verified, g_steal_pointer (&item));
      roll->n_verified++;
      roll->bytes_finished += bytes;
    }
  else
    {
      g_ptr_array_add (self->new_problems, g_steal_pointer (&item));
      if (state == INGEST_DELIVERY_STATE_HELD)
        roll->n_held++;
      else
        roll->n_failed++;
    }
  update_roll (self, roll);

  if (self->new_problems->len + self->new_verified->len >= FILES_BATCH)
    flush_files (self);
  else if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FILES_BATCH_MS, flush_files_cb, self);
}

/* What a destination got of a roll's ascmhl/, as the job says: a line
 * under the roll for each destination. */
static void
history_outcome_cb (IngestDriveUpload          *self,
                    const IngestHistoryOutcome *outcome,
                    IngestUploadJob            *job)
{
  Roll *roll;

  if (job != self->job || (roll = g_hash_table_lookup (self->roll_by_path, outcome->roll_path)) == NULL)
    return;
  g_ptr_array_add (roll->history, ingest_format_upload_history (outcome->destination, outcome->location,
                                                                outcome->generation, outcome->state,
                                                                outcome->reason));
  if (!ingest_delivery_state_is_delivered (outcome->state))
    roll->history_failed = TRUE;
  update_roll (self, roll);
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
  g_clear_pointer (&self->finished, g_date_time_unref);
  self->finished = g_date_time_new_now_local ();
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

  flush_files (self);
  g_hash_table_remove_all (self->in_flight);
  g_list_store_remove_all (self->active);
  clear_active_bytes (self);
  update_rolls (self);
  update_progress (self);
}

/* However it is cancelled (here, or from the drive page's validation, which
 * is this run's read), a paused job must wake up to see it. */
static void
cancelled_cb (IngestDriveUpload *self,
              GCancellable      *cancellable)
{
  if (cancellable == self->cancellable &&
      (self->state == INGEST_UPLOAD_STATE_PAUSED || self->state == INGEST_UPLOAD_STATE_DRIVE_REMOVED))
    ingest_upload_job_resume (self->job);
}

static void
ingest_drive_upload_dispose (GObject *object)
{
  IngestDriveUpload *self = (IngestDriveUpload *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_object (&self->job);
  g_clear_object (&self->catalog);
  g_clear_object (&self->validation);
  g_clear_object (&self->active);
  g_clear_object (&self->rolls);
  g_clear_object (&self->files);

  G_OBJECT_CLASS (ingest_drive_upload_parent_class)->dispose (object);
}

static void
ingest_drive_upload_finalize (GObject *object)
{
  IngestDriveUpload *self = (IngestDriveUpload *) object;

  g_free (self->progress_text);
  g_free (self->counts_text);
  g_free (self->error_text);
  g_hash_table_unref (self->roll_by_path);
  g_hash_table_unref (self->in_flight);
  g_ptr_array_unref (self->new_problems);
  g_ptr_array_unref (self->new_verified);
  g_timer_destroy (self->running_time);
  g_clear_pointer (&self->finished, g_date_time_unref);

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
    case PROP_VALIDATION:
      g_value_set_object (value, self->validation);
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
    case PROP_VALIDATION:
      self->validation = g_value_dup_object (value);
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

  properties[PROP_VALIDATION] =
    g_param_spec_object ("validation", NULL, NULL, INGEST_TYPE_DRIVE_VALIDATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, INGEST_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, INGEST_TYPE_UPLOAD_JOB, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, INGEST_TYPE_UPLOAD_STATE, INGEST_UPLOAD_STATE_IDLE, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  /* TRUE while a job runs, paused or waiting for its drive. */
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
  self->active = g_list_store_new (INGEST_TYPE_UPLOAD_ITEM);
  self->rolls = g_list_store_new (INGEST_TYPE_UPLOAD_ITEM);
  self->files = g_list_store_new (INGEST_TYPE_UPLOAD_ITEM);
  self->roll_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) roll_free);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) flight_free);
  self->new_problems = g_ptr_array_new_with_free_func (g_object_unref);
  self->new_verified = g_ptr_array_new_with_free_func (g_object_unref);
  self->running_time = g_timer_new ();
  g_timer_stop (self->running_time);
}

/**
 * ingest_drive_upload_new:
 * @validation: the drive's validation, which follows the upload's
 * @catalog: (nullable): where results and the resume journal persist
 */
IngestDriveUpload *
ingest_drive_upload_new (IngestDriveValidation *validation,
                         IngestCatalog         *catalog)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_VALIDATION (validation), NULL);
  g_return_val_if_fail (catalog == NULL || INGEST_IS_CATALOG (catalog), NULL);

  return g_object_new (INGEST_TYPE_DRIVE_UPLOAD, "validation", validation, "catalog", catalog, NULL);
}

IngestDriveValidation *
ingest_drive_upload_get_validation (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return self->validation;
}

/**
 * ingest_drive_upload_get_root:
 *
 * Returns: (nullable): where the job reads the drive (the validation is
 *   told when the drive comes back elsewhere), or where the drive is now
 *   when no job ran; %NULL for a drive that is not plugged in
 */
const char *
ingest_drive_upload_get_root (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  if (self->job != NULL && ingest_upload_job_get_validation (self->job) != NULL)
    return ingest_validation_job_get_root (ingest_upload_job_get_validation (self->job));
  return ingest_drive_get_mount_path (ingest_drive_validation_get_drive (self->validation));
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

  return self->state == INGEST_UPLOAD_STATE_RUNNING || self->state == INGEST_UPLOAD_STATE_PAUSED ||
         self->state == INGEST_UPLOAD_STATE_DRIVE_REMOVED;
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
 * ingest_drive_upload_get_active:
 *
 * Returns: (transfer none): a #GListModel of #IngestUploadItem, the files
 *   being read and sent now, in path order; each row's bytes change in place
 */
GListModel *
ingest_drive_upload_get_active (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return G_LIST_MODEL (self->active);
}

/**
 * ingest_drive_upload_get_rolls:
 *
 * Returns: (transfer none): a #GListModel of #IngestUploadItem, one per
 *   roll, changed in place
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
 * Returns: (transfer none): a #GListModel of #IngestUploadItem, one per
 *   finished file (at every destination): those not delivered first, then
 *   the verified ones in the order they finished; added in batches, at
 *   most a tenth of a second late
 */
GListModel *
ingest_drive_upload_get_files (IngestDriveUpload *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), NULL);

  return G_LIST_MODEL (self->files);
}

/**
 * ingest_drive_upload_check_key_template:
 *
 * Whether @key_template can lay out a drive's object keys: it names only
 * known values, and {path} or {file}, without which every file of a roll
 * would go to the same key.
 */
gboolean
ingest_drive_upload_check_key_template (const char  *key_template,
                                        GError     **error)
{
  static const char * const names[] = { "production", "shoot-day", "drive", "roll", "path", "file" };
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *key = NULL;

  g_return_val_if_fail (key_template != NULL, FALSE);

  if (strstr (key_template, "{path}") == NULL && strstr (key_template, "{file}") == NULL)
    {
      g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                           _("The object key template must hold {path} or {file}: without them every file of a roll would go to the same place"));
      return FALSE;
    }
  /* Every value set, so only a name it does not know or a "{" left open fails. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_hash_table_insert (variables, (gpointer) names[i], (gpointer) "x");
  key = ingest_upload_key_expand (key_template, variables, error);
  if (key == NULL)
    {
      g_prefix_error (error, _("The object key template cannot be used: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * ingest_drive_upload_dup_key_prefix:
 * @key_variables: (nullable) (array zero-terminated=1): name, value pairs
 *
 * The part of every object key that is the same for the whole drive: the
 * folders of @key_template before the first per-roll or per-file value,
 * filled in ("Feature X/D012"). Empty when there is none or the template
 * cannot be used.
 *
 * Returns: (transfer full): the prefix, without a trailing "/"
 */
char *
ingest_drive_upload_dup_key_prefix (const char         *key_template,
                                    const char * const *key_variables)
{
  static const char * const per_file[] = { "{drive}", "{roll}", "{path}", "{file}" };
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *head = NULL;
  const char *end = key_template + strlen (key_template);
  char *key;

  for (guint i = 0; i < G_N_ELEMENTS (per_file); i++)
    {
      const char *found = strstr (key_template, per_file[i]);

      if (found != NULL && found < end)
        end = found;
    }
  /* Whole folders only: "D012_{roll}" is not the same for every roll. */
  head = g_strndup (key_template, end - key_template);
  if (strrchr (head, '/') == NULL)
    return g_strdup ("");
  *strrchr (head, '/') = '\0';

  g_hash_table_insert (variables, (gpointer) "production", NULL);
  g_hash_table_insert (variables, (gpointer) "shoot-day", NULL);
  for (guint i = 0; key_variables != NULL && key_variables[i] != NULL && key_variables[i + 1] != NULL; i += 2)
    g_hash_table_insert (variables, (gpointer) key_variables[i], (gpointer) key_variables[i + 1]);
  key = ingest_upload_key_expand (head, variables, NULL);
  return key != NULL ? key : g_strdup ("");
}

/**
 * ingest_drive_upload_start:
 * @destinations: (element-type IngestDestination): where the files go
 * @key_template: (nullable): the object keys' layout, or %NULL for
 *   %INGEST_UPLOAD_DEFAULT_KEY_TEMPLATE
 * @key_variables: (nullable) (array zero-terminated=1): name, value pairs
 *   for it ("production", "Feature X", "shoot-day", "D012", NULL)
 *
 * Validates the drive where it is mounted now and delivers it to
 * @destinations from the same read. Fails when an upload or a validation of
 * the drive is running, the drive is not plugged in, there is nowhere to
 * go, or @key_template cannot be used.
 */
gboolean
ingest_drive_upload_start (IngestDriveUpload  *self,
                           GPtrArray          *destinations,
                           const char         *key_template,
                           const char * const *key_variables,
                           GError            **error)
{
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GListModel) rolls = NULL;
  IngestValidationJob *validation;
  const char *root;
  static const char * const notified[] = {
    "notify::bytes-sent", "notify::bytes-resumed", "notify::bytes-total",
    "notify::files-verified", "notify::files-failed", "notify::files-total", "notify::fraction",
  };

  g_return_val_if_fail (INGEST_IS_DRIVE_UPLOAD (self), FALSE);
  g_return_val_if_fail (destinations != NULL, FALSE);

  root = ingest_drive_get_mount_path (ingest_drive_validation_get_drive (self->validation));
  if (ingest_drive_upload_get_running (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("This drive is already being uploaded"));
      return FALSE;
    }
  if (ingest_drive_validation_get_running (self->validation) || ingest_drive_validation_get_sealing (self->validation))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("This drive is being validated: upload it when that is done (the upload checks it again as it reads)"));
      return FALSE;
    }
  if (root == NULL || ingest_drive_get_state (ingest_drive_validation_get_drive (self->validation)) == INGEST_DRIVE_STATE_REMOVED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_MOUNTED, _("The drive is not plugged in"));
      return FALSE;
    }
  if (destinations->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No destination is set up: add a bucket or a folder in Preferences"));
      return FALSE;
    }
  if (key_template != NULL && !ingest_drive_upload_check_key_template (key_template, error))
    return FALSE;

  job = ingest_upload_job_new (root);
  if (self->catalog != NULL)
    ingest_upload_job_set_catalog (job, self->catalog);
  for (guint i = 0; i < destinations->len; i++)
    ingest_upload_job_add_destination (job, g_ptr_array_index (destinations, i));
  /* Cancel means stop and leave nothing half-made behind at the destinations. */
  ingest_upload_job_set_abort_on_cancel (job, TRUE);
  if (key_template != NULL)
    ingest_upload_job_set_key_template (job, key_template);
  for (guint i = 0; key_variables != NULL && key_variables[i] != NULL && key_variables[i + 1] != NULL; i += 2)
    ingest_upload_job_set_key_variable (job, key_variables[i], key_variables[i + 1]);
  for (guint i = 0; i < G_N_ELEMENTS (notified); i++)
    g_signal_connect_object (job, notified[i], G_CALLBACK (job_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::active-files", G_CALLBACK (active_files_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "file-outcome", G_CALLBACK (file_outcome_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "history-outcome", G_CALLBACK (history_outcome_cb), self, G_CONNECT_SWAPPED);

  g_list_store_remove_all (self->active);
  g_list_store_remove_all (self->rolls);
  g_list_store_remove_all (self->files);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->new_problems, 0);
  g_ptr_array_set_size (self->new_verified, 0);
  self->n_problem_files = 0;
  g_hash_table_remove_all (self->roll_by_path);
  g_hash_table_remove_all (self->in_flight);
  set_text (self, &self->error_text, NULL, PROP_ERROR_TEXT);
  self->n_destinations = destinations->len;
  /* Zero, and stopped until the state says running. */
  g_timer_start (self->running_time);
  g_timer_stop (self->running_time);

  g_set_object (&self->job, job);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (cancelled_cb), self, G_CONNECT_SWAPPED);
  set_state (self, INGEST_UPLOAD_STATE_RUNNING);
  ingest_upload_job_run_async (job, self->cancellable, run_done_cb, g_object_ref (self));

  /* The run has its validation now: the drive's follows it. */
  validation = ingest_upload_job_get_validation (job);
  if (validation != NULL)
    {
      g_signal_connect_object (validation, "notify::paused", G_CALLBACK (validation_paused_cb), self, G_CONNECT_SWAPPED);
      rolls = ingest_validation_job_list_rolls (validation);
      g_signal_connect_object (rolls, "items-changed", G_CALLBACK (validation_rolls_cb), self, G_CONNECT_SWAPPED);
      validation_rolls_cb (self, 0, 0, g_list_model_get_n_items (rolls), rolls);
      if (!ingest_drive_validation_adopt (self->validation, validation, self->cancellable))
        g_warn_if_reached ();
    }
  update_progress (self);
  return TRUE;
}

void
ingest_drive_upload_pause (IngestDriveUpload *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_UPLOAD (self));

  if (self->state != INGEST_UPLOAD_STATE_RUNNING)
    return;
  /* First: the validation's "paused" that follows is the user's, not an unplug. */
  set_state (self, INGEST_UPLOAD_STATE_PAUSED);
  ingest_upload_job_pause (self->job);
  update_progress (self);
}

void
ingest_drive_upload_resume (IngestDriveUpload *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_UPLOAD (self));

  if (self->state != INGEST_UPLOAD_STATE_PAUSED)
    return;
  ingest_upload_job_resume (self->job);
  /* A drive unplugged meanwhile pauses it again, as "drive removed". */
  set_state (self, INGEST_UPLOAD_STATE_RUNNING);
  update_progress (self);
}

/* The job stops soon after; "state" becomes CANCELLED when it has. */
void
ingest_drive_upload_cancel (IngestDriveUpload *self)
{
  g_return_if_fail (INGEST_IS_DRIVE_UPLOAD (self));

  g_cancellable_cancel (self->cancellable);
}
