/* ingest-roll-outcome.c
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

#include "ingest-drive-session-private.h"
#include "ingest-roll-outcome.h"

struct _IngestRollOutcome
{
  GObject               parent_instance;

  char                 *path;
  char                 *name;
  IngestValidationRoll *validation;
  guint64               bytes_total;   /* from the drive's scan; 0 = not known */
  guint64               bytes_done;
  guint                 n_files;
  gint64                eta;
  IngestRollState       state;
  IngestRollTally       tally;
  GPtrArray            *history;       /* IngestHistoryOutcome *, one per destination */
};

G_DEFINE_FINAL_TYPE (IngestRollOutcome, ingest_roll_outcome, G_TYPE_OBJECT)
enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ingest_roll_outcome_finalize (GObject *object)
{
  IngestRollOutcome *self = (IngestRollOutcome *) object;

  g_free (self->path);
  g_free (self->name);
  g_clear_object (&self->validation);
  g_ptr_array_unref (self->history);

  G_OBJECT_CLASS (ingest_roll_outcome_parent_class)->finalize (object);
}

static void
ingest_roll_outcome_class_init (IngestRollOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_roll_outcome_finalize;

  /**
   * IngestRollOutcome::changed:
   *
   * Something of the roll changed (its state, bytes, counts or history).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ingest_roll_outcome_init (IngestRollOutcome *self)
{
  self->eta = -1;
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_history_outcome_free);
}

IngestRollOutcome *
_ingest_roll_outcome_new (const char           *path,
                          const char           *name,
                          guint64               bytes_total,
                          IngestValidationRoll *validation)
{
  IngestRollOutcome *self = g_object_new (INGEST_TYPE_ROLL_OUTCOME, NULL);

  self->path = g_strdup (path);
  self->name = g_strdup (name);
  self->bytes_total = bytes_total;
  self->validation = validation != NULL ? g_object_ref (validation) : NULL;
  return self;
}

void
_ingest_roll_outcome_update (IngestRollOutcome *self,
                             IngestRollState    state,
                             guint64            bytes_done,
                             guint              n_files,
                             gint64             eta)
{
  self->state = state;
  self->bytes_done = bytes_done;
  self->n_files = n_files;
  self->eta = eta;
  g_signal_emit (self, signals[CHANGED], 0);
}

IngestRollTally *
_ingest_roll_outcome_get_tally (IngestRollOutcome *self)
{
  return &self->tally;
}

void
_ingest_roll_outcome_add_history (IngestRollOutcome    *self,
                                  IngestHistoryOutcome *history)
{
  g_ptr_array_add (self->history, ingest_history_outcome_copy (history));
  if (history->state != INGEST_DELIVERY_STATE_VERIFIED)
    self->tally.history_failed = TRUE;
}

/* Relative to the drive's root, "." for the root itself. */
const char *
ingest_roll_outcome_get_path (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), NULL);

  return self->path;
}

const char *
ingest_roll_outcome_get_name (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), NULL);

  return self->name;
}

IngestRollState
ingest_roll_outcome_get_state (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), INGEST_ROLL_STATE_WAITING);

  return self->state;
}

/* Returns: (transfer none) (nullable): what the validation says of the roll */
IngestValidationRoll *
ingest_roll_outcome_get_validation (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), NULL);

  return self->validation;
}

/* From the drive's scan; 0 when not known. */
guint64
ingest_roll_outcome_get_bytes_total (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), 0);

  return self->bytes_total;
}

/* Delivered everywhere plus in flight; the whole roll once verified. */
guint64
ingest_roll_outcome_get_bytes_done (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), 0);

  return self->bytes_done;
}

/* The files its hash lists expect, or more when more came. */
guint
ingest_roll_outcome_get_n_files (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), 0);

  return self->n_files;
}

guint
ingest_roll_outcome_get_n_verified (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), 0);

  return self->tally.n_verified;
}

guint
ingest_roll_outcome_get_n_held (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), 0);

  return self->tally.n_held;
}

guint
ingest_roll_outcome_get_n_failed (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), 0);

  return self->tally.n_failed;
}

/* Seconds left while it uploads, -1 when not known. */
gint64
ingest_roll_outcome_get_eta (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), -1);

  return self->eta;
}

/**
 * ingest_roll_outcome_get_history:
 *
 * Returns: (transfer none) (element-type IngestHistoryOutcome): what each
 *   destination got of the roll's ascmhl/ folder, in the order they answered
 */
GPtrArray *
ingest_roll_outcome_get_history (IngestRollOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_OUTCOME (self), NULL);

  return self->history;
}
