/* ingest-delivery-ledger.c
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

#include <string.h>

#include "ingest-delivery-ledger-private.h"
#include "ingest-drive-session-private.h"
#include "ingest-roll.h"
#include "ingest-transfer.h"

/* Finished files reach the files model in batches: a list view pays for
 * each change with the length of the list, so one per file would cost a
 * 100,000-file card quadratic time. */
#define FILES_BATCH    256
#define FILES_BATCH_MS 100

struct _IngestDeliveryLedger
{
  IngestDrive *drive;
  GListStore  *rolls;            /* IngestRollOutcome, once they have something to deliver */
  GListStore  *files;            /* IngestFileOutcome: problems first */
  GListStore  *transfers;        /* IngestTransfer */
  GHashTable  *roll_by_path;     /* path → IngestRollOutcome (listed or not) */
  GHashTable  *in_flight;        /* path → IngestTransfer */
  guint        n_problem_files;  /* at the start of files */
  GPtrArray   *new_problems;     /* finished, for the next batch */
  GPtrArray   *new_verified;
  guint        flush_id;
};

IngestDeliveryLedger *
_ingest_delivery_ledger_new (void)
{
  IngestDeliveryLedger *self = g_new0 (IngestDeliveryLedger, 1);

  self->rolls = g_list_store_new (INGEST_TYPE_ROLL_OUTCOME);
  self->files = g_list_store_new (INGEST_TYPE_FILE_OUTCOME);
  self->transfers = g_list_store_new (INGEST_TYPE_TRANSFER);
  self->roll_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->new_problems = g_ptr_array_new_with_free_func (g_object_unref);
  self->new_verified = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

void
_ingest_delivery_ledger_free (IngestDeliveryLedger *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_object (&self->drive);
  g_object_unref (self->rolls);
  g_object_unref (self->files);
  g_object_unref (self->transfers);
  g_hash_table_unref (self->roll_by_path);
  g_hash_table_unref (self->in_flight);
  g_ptr_array_unref (self->new_problems);
  g_ptr_array_unref (self->new_verified);
  g_free (self);
}

GListModel *
_ingest_delivery_ledger_get_rolls (IngestDeliveryLedger *self)
{
  return G_LIST_MODEL (self->rolls);
}

GListModel *
_ingest_delivery_ledger_get_files (IngestDeliveryLedger *self)
{
  return G_LIST_MODEL (self->files);
}

GListModel *
_ingest_delivery_ledger_get_transfers (IngestDeliveryLedger *self)
{
  return G_LIST_MODEL (self->transfers);
}

/* A new upload of @drive: everything listed goes. */
void
_ingest_delivery_ledger_reset (IngestDeliveryLedger *self,
                               IngestDrive          *drive)
{
  g_set_object (&self->drive, drive);
  g_list_store_remove_all (self->transfers);
  g_list_store_remove_all (self->rolls);
  g_list_store_remove_all (self->files);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->new_problems, 0);
  g_ptr_array_set_size (self->new_verified, 0);
  self->n_problem_files = 0;
  g_hash_table_remove_all (self->roll_by_path);
  g_hash_table_remove_all (self->in_flight);
}

/*
 * Rolls
 */

static IngestRollOutcome *
add_roll (IngestDeliveryLedger *self,
          const char           *path,
          const char           *name,
          IngestValidationRoll *checked)
{
  g_autoptr(GListModel) scanned = ingest_drive_list_rolls (self->drive);
  IngestRollOutcome *roll;
  guint64 bytes_total = 0;

  /* The drive's scan knows how big the roll is ("." is the drive's root). */
  for (guint i = 0; i < g_list_model_get_n_items (scanned); i++)
    {
      g_autoptr(IngestRoll) found = g_list_model_get_item (scanned, i);
      const char *found_path = ingest_roll_get_path (found);

      if (g_strcmp0 (found_path != NULL && *found_path != '\0' ? found_path : ".", path) == 0)
        bytes_total = ingest_roll_get_total_bytes (found);
    }
  roll = _ingest_roll_outcome_new (path, name, bytes_total, checked);
  g_hash_table_insert (self->roll_by_path, g_strdup (path), roll);
  return roll;
}

/* The roll a file belongs to: the deepest roll folder above it. */
static IngestRollOutcome *
roll_for (IngestDeliveryLedger *self,
          const char           *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  IngestRollOutcome *roll;

  while ((roll = g_hash_table_lookup (self->roll_by_path, dir)) == NULL &&
         strcmp (dir, ".") != 0 && strcmp (dir, "/") != 0)
    {
      char *up = g_path_get_dirname (dir);

      g_free (dir);
      dir = up;
    }
  /* A file no roll covers: the drive's root stands for it. */
  if (roll == NULL)
    roll = add_roll (self, ".", ingest_drive_get_label (self->drive), NULL);
  return roll;
}

static IngestRollState
roll_state (IngestRollOutcome     *roll,
            const IngestLedgerRun *run)
{
  IngestRollTally *tally = _ingest_roll_outcome_get_tally (roll);
  IngestValidationRoll *checked = ingest_roll_outcome_get_validation (roll);
  gboolean started = tally->n_verified > 0 || tally->bytes_active > 0;
  guint64 n_expected = checked != NULL ? ingest_validation_roll_get_n_expected (checked) : 0;

  /* Its copy cannot be checked without its history. */
  if (tally->n_failed > 0 || tally->history_failed)
    return INGEST_ROLL_STATE_FAILED;
  if (tally->n_held > 0)
    return INGEST_ROLL_STATE_HELD;
  /* Every file its hash lists expect is verified everywhere. */
  if (n_expected > 0 && tally->n_verified >= n_expected && tally->bytes_active == 0)
    return INGEST_ROLL_STATE_VERIFIED;
  if (!run->running)
    {
      /* Once validated, a roll is verified only if validation says so too
       * (a missing file is never sent, so never counted here). */
      if (tally->n_verified > 0 && run->ended_well &&
          (checked == NULL || ingest_validation_roll_get_verdict (checked) == INGEST_VALIDATION_VERDICT_OK))
        return INGEST_ROLL_STATE_VERIFIED;
      return started ? INGEST_ROLL_STATE_STOPPED : INGEST_ROLL_STATE_WAITING;
    }
  if (started && !run->moving)
    return INGEST_ROLL_STATE_PAUSED;
  return started ? INGEST_ROLL_STATE_UPLOADING : INGEST_ROLL_STATE_WAITING;
}

/* A verified roll is all there, its history included: the scan's bytes. */
static void
update_roll (IngestDeliveryLedger  *self,
             IngestRollOutcome     *roll,
             const IngestLedgerRun *run)
{
  IngestRollTally *tally = _ingest_roll_outcome_get_tally (roll);
  IngestValidationRoll *checked = ingest_roll_outcome_get_validation (roll);
  IngestRollState state = roll_state (roll, run);
  guint64 bytes_total = ingest_roll_outcome_get_bytes_total (roll);
  guint64 done = tally->bytes_finished + tally->bytes_active;
  guint n_expected = checked != NULL ? ingest_validation_roll_get_n_expected (checked) : 0;
  gint64 eta = -1;

  if (bytes_total > 0)
    done = state == INGEST_ROLL_STATE_VERIFIED ? bytes_total : MIN (done, bytes_total);
  /* Rolls go up one after the other (files in path order): at the drive's pace. */
  if (state == INGEST_ROLL_STATE_UPLOADING && run->rate > 0 && bytes_total > done)
    eta = (gint64) ((bytes_total - done) / run->rate + 0.5);
  /* Files of its hash lists, or more when more came (files no list expects). */
  _ingest_roll_outcome_update (roll, state, done,
                               MAX (n_expected, tally->n_verified + tally->n_held + tally->n_failed), eta);

  /* Listed once it has something to deliver: not the drive's root when
   * every file is in a roll. */
  if (!tally->listed &&
      (n_expected > 0 || tally->n_verified + tally->n_held + tally->n_failed > 0 || tally->bytes_active > 0))
    {
      tally->listed = TRUE;
      g_list_store_append (self->rolls, roll);
    }
}

static void
update_rolls (IngestDeliveryLedger  *self,
              const IngestLedgerRun *run)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->roll_by_path);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    update_roll (self, value, run);
}

static void
clear_active_bytes (IngestDeliveryLedger *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->roll_by_path);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _ingest_roll_outcome_get_tally (value)->bytes_active = 0;
}

/* A roll the read found (its scan lists them once it is done). */
void
_ingest_delivery_ledger_add_roll (IngestDeliveryLedger  *self,
                                  IngestValidationRoll  *roll,
                                  const IngestLedgerRun *run)
{
  if (g_hash_table_lookup (self->roll_by_path, ingest_validation_roll_get_path (roll)) == NULL)
    update_roll (self, add_roll (self, ingest_validation_roll_get_path (roll),
                                 ingest_validation_roll_get_name (roll), roll), run);
}

/*
 * Files in flight
 */

/* The job's snapshot of the files in flight (a few, IngestUploadActiveFile):
 * rows that stay are updated in place, the list changes only when a file
 * comes or goes. */
void
_ingest_delivery_ledger_set_active (IngestDeliveryLedger  *self,
                                    GPtrArray             *files,
                                    const IngestLedgerRun *run)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GHashTable *now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gboolean same;

  clear_active_bytes (self);
  for (guint i = 0; i < files->len; i++)
    {
      const IngestUploadActiveFile *file = g_ptr_array_index (files, i);
      g_autofree char *key = NULL;
      IngestTransfer *transfer = NULL;

      if (!g_hash_table_steal_extended (self->in_flight, file->path, (gpointer *) &key, (gpointer *) &transfer))
        {
          transfer = ingest_transfer_new (file->path, file->size);
          key = g_strdup (file->path);
          /* Its rate counts from what it had when first seen. */
          ingest_transfer_update (transfer, file->bytes_done, FALSE);
          ingest_transfer_restart_rate (transfer);
        }
      ingest_transfer_update (transfer, file->bytes_done, run->moving);
      _ingest_roll_outcome_get_tally (roll_for (self, file->path))->bytes_active += file->bytes_done;
      g_ptr_array_add (items, transfer);
      g_hash_table_insert (now, g_steal_pointer (&key), transfer);
    }
  g_hash_table_unref (self->in_flight);
  self->in_flight = now;

  same = items->len == g_list_model_get_n_items (G_LIST_MODEL (self->transfers));
  for (guint i = 0; same && i < items->len; i++)
    {
      g_autoptr(IngestTransfer) shown = g_list_model_get_item (G_LIST_MODEL (self->transfers), i);

      same = shown == g_ptr_array_index (items, i);
    }
  if (!same)
    g_list_store_splice (self->transfers, 0, g_list_model_get_n_items (G_LIST_MODEL (self->transfers)),
                         items->pdata, items->len);
  update_rolls (self, run);
}

/*
 * Finished files
 */

static void
flush_files (IngestDeliveryLedger *self)
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
  IngestDeliveryLedger *self = user_data;

  self->flush_id = 0;
  flush_files (self);
  return G_SOURCE_REMOVE;
}

/* A file is verified when it is verified at every destination; otherwise it
 * was not delivered, and comes first in the list. */
void
_ingest_delivery_ledger_add_file (IngestDeliveryLedger  *self,
                                  IngestFileOutcome     *outcome,
                                  const IngestLedgerRun *run)
{
  const char *path = ingest_file_outcome_get_path (outcome);
  IngestRollOutcome *roll = roll_for (self, path);
  IngestRollTally *tally = _ingest_roll_outcome_get_tally (roll);
  IngestTransfer *transfer;

  /* Out of the files in flight now, rather than at the next snapshot. */
  transfer = g_hash_table_lookup (self->in_flight, path);
  if (transfer != NULL)
    {
      guint position;

      tally->bytes_active -= MIN (tally->bytes_active, ingest_transfer_get_bytes_done (transfer));
      if (g_list_store_find (self->transfers, transfer, &position))
        g_list_store_remove (self->transfers, position);
      g_hash_table_remove (self->in_flight, path);
    }

  switch (ingest_file_outcome_get_state (outcome))
    {
    case INGEST_DELIVERY_STATE_VERIFIED:
    case INGEST_DELIVERY_STATE_ALREADY_DELIVERED:
      g_ptr_array_add (self->new_verified, g_object_ref (outcome));
      tally->n_verified++;
      tally->bytes_finished += ingest_file_outcome_get_size (outcome);
      break;

    case INGEST_DELIVERY_STATE_HELD:
      g_ptr_array_add (self->new_problems, g_object_ref (outcome));
      tally->n_held++;
      break;

    case INGEST_DELIVERY_STATE_FAILED:
    default:
      g_ptr_array_add (self->new_problems, g_object_ref (outcome));
      tally->n_failed++;
      break;
    }
  update_roll (self, roll, run);

  if (self->new_problems->len + self->new_verified->len >= FILES_BATCH)
    flush_files (self);
  else if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FILES_BATCH_MS, flush_files_cb, self);
}

/* What a destination got of a roll's ascmhl/. */
void
_ingest_delivery_ledger_add_history (IngestDeliveryLedger       *self,
                                     const IngestHistoryOutcome *history,
                                     const IngestLedgerRun      *run)
{
  IngestRollOutcome *roll = g_hash_table_lookup (self->roll_by_path, history->roll_path);

  if (roll == NULL)
    return;
  _ingest_roll_outcome_add_history (roll, (IngestHistoryOutcome *) history);
  update_roll (self, roll, run);
}

/* The run paused, resumed or moved on: rates start again, states follow. */
void
_ingest_delivery_ledger_refresh (IngestDeliveryLedger  *self,
                                 const IngestLedgerRun *run)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ingest_transfer_restart_rate (value);
      ingest_transfer_update (value, ingest_transfer_get_bytes_done (value), run->moving);
    }
}

/* The upload ended: every file it finished is listed, none is in flight. */
void
_ingest_delivery_ledger_end (IngestDeliveryLedger  *self,
                             const IngestLedgerRun *run)
{
  flush_files (self);
  g_hash_table_remove_all (self->in_flight);
  g_list_store_remove_all (self->transfers);
  clear_active_bytes (self);
  update_rolls (self, run);
}
