/* ingest-file-outcome.c
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

#define G_LOG_DOMAIN "ingest-file-outcome"

#include "config.h"

#include "ingest-file-outcome.h"

struct _IngestFileOutcome
{
  GObject                 parent_instance;

  char                   *path;
  guint64                 size;
  IngestValidationStatus  validation;
  char                   *hash_kind;
  char                   *hash;
  GPtrArray              *deliveries;   /* IngestDelivery * */
  IngestDeliveryState     state;
  guint64                 bytes_sent;
  guint64                 bytes_resumed;
};

G_DEFINE_FINAL_TYPE (IngestFileOutcome, ingest_file_outcome, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (IngestDelivery, ingest_delivery, ingest_delivery_copy, ingest_delivery_free)

gboolean
ingest_delivery_state_is_delivered (IngestDeliveryState state)
{
  return state == INGEST_DELIVERY_STATE_VERIFIED || state == INGEST_DELIVERY_STATE_ALREADY_DELIVERED;
}

const char *
ingest_delivery_state_to_string (IngestDeliveryState state)
{
  switch (state)
    {
    case INGEST_DELIVERY_STATE_ALREADY_DELIVERED:
    case INGEST_DELIVERY_STATE_VERIFIED:
      return "verified";
    case INGEST_DELIVERY_STATE_HELD:
      return "held";
    case INGEST_DELIVERY_STATE_FAILED:
      return "failed";
    default:
      g_return_val_if_reached (NULL);
    }
}

IngestDelivery *
ingest_delivery_copy (const IngestDelivery *delivery)
{
  IngestDelivery *copy;

  g_return_val_if_fail (delivery != NULL, NULL);

  copy = g_new0 (IngestDelivery, 1);
  *copy = *delivery;
  copy->destination = g_strdup (delivery->destination);
  copy->location = g_strdup (delivery->location);
  copy->reason = g_strdup (delivery->reason);
  return copy;
}

void
ingest_delivery_free (IngestDelivery *delivery)
{
  if (delivery == NULL)
    return;
  g_free (delivery->destination);
  g_free (delivery->location);
  g_free (delivery->reason);
  g_free (delivery);
}

static void
ingest_file_outcome_finalize (GObject *object)
{
  IngestFileOutcome *self = INGEST_FILE_OUTCOME (object);

  g_free (self->path);
  g_free (self->hash_kind);
  g_free (self->hash);
  g_ptr_array_unref (self->deliveries);

  G_OBJECT_CLASS (ingest_file_outcome_parent_class)->finalize (object);
}

static void
ingest_file_outcome_class_init (IngestFileOutcomeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ingest_file_outcome_finalize;
}

static void
ingest_file_outcome_init (IngestFileOutcome *self)
{
  self->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_delivery_free);
}

/**
 * ingest_file_outcome_new:
 * @deliveries: (nullable) (element-type IngestDelivery) (transfer none):
 *   one row per destination, copied
 *
 * Returns: (transfer full): a new outcome
 */
IngestFileOutcome *
ingest_file_outcome_new (const char             *path,
                         guint64                 size,
                         IngestValidationStatus  validation,
                         const char             *hash_kind,
                         const char             *hash,
                         GPtrArray              *deliveries)
{
  IngestFileOutcome *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (validation < INGEST_VALIDATION_N_STATUSES, NULL);

  self = g_object_new (INGEST_TYPE_FILE_OUTCOME, NULL);
  self->path = g_strdup (path);
  self->size = size;
  self->validation = validation;
  self->hash_kind = g_strdup (hash_kind);
  self->hash = g_strdup (hash);

  if (deliveries == NULL || deliveries->len == 0)
    self->state = validation == INGEST_VALIDATION_STATUS_VERIFIED ? INGEST_DELIVERY_STATE_VERIFIED
                                                                  : INGEST_DELIVERY_STATE_HELD;
  else
    self->state = INGEST_DELIVERY_STATE_ALREADY_DELIVERED;
  for (guint i = 0; deliveries != NULL && i < deliveries->len; i++)
    {
      const IngestDelivery *delivery = g_ptr_array_index (deliveries, i);

      g_ptr_array_add (self->deliveries, ingest_delivery_copy (delivery));
      self->state = MAX (self->state, delivery->state);
      self->bytes_sent += delivery->bytes_sent;
      self->bytes_resumed += delivery->bytes_resumed;
    }
  return self;
}

const char *
ingest_file_outcome_get_path (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), NULL);
  return self->path;
}

guint64
ingest_file_outcome_get_size (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), 0);
  return self->size;
}

IngestValidationStatus
ingest_file_outcome_get_validation (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), INGEST_VALIDATION_STATUS_UNREADABLE);
  return self->validation;
}

const char *
ingest_file_outcome_get_hash_kind (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), NULL);
  return self->hash_kind;
}

const char *
ingest_file_outcome_get_hash (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), NULL);
  return self->hash;
}

IngestDeliveryState
ingest_file_outcome_get_state (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), INGEST_DELIVERY_STATE_FAILED);
  return self->state;
}

guint
ingest_file_outcome_get_n_deliveries (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), 0);
  return self->deliveries->len;
}

/**
 * ingest_file_outcome_get_delivery:
 *
 * Returns: (transfer none): the row of the @i-th destination, in the order
 *   they were added to the upload
 */
const IngestDelivery *
ingest_file_outcome_get_delivery (IngestFileOutcome *self,
                                  guint              i)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), NULL);
  g_return_val_if_fail (i < self->deliveries->len, NULL);
  return g_ptr_array_index (self->deliveries, i);
}

guint64
ingest_file_outcome_get_bytes_sent (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), 0);
  return self->bytes_sent;
}

guint64
ingest_file_outcome_get_bytes_resumed (IngestFileOutcome *self)
{
  g_return_val_if_fail (INGEST_IS_FILE_OUTCOME (self), 0);
  return self->bytes_resumed;
}
