/* ingest-file-outcome.h
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

#pragma once

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <gio/gio.h>

#include "ingest-validation-result.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestDeliveryState:
 * @INGEST_DELIVERY_STATE_ALREADY_DELIVERED: the destination already held the
 *   same bytes (same size and hash); nothing was sent, and it counts as
 *   verified
 * @INGEST_DELIVERY_STATE_VERIFIED: the copy was written (or resumed) in this
 *   run and checked against the hash the drive's ASC MHL expects
 * @INGEST_DELIVERY_STATE_HELD: not sent: the file did not verify on the drive
 *   (mismatch, unreadable, missing, not covered by a hash list)
 * @INGEST_DELIVERY_STATE_FAILED: sending or checking failed, or the
 *   destination refused (a different file at the same name): see the reason
 *
 * What happened to one file at one destination. Ordered from best to worst:
 * a file's overall state is the worst of its destinations' (so a file is
 * already delivered only when every destination had it, and verified when
 * one of them got new bytes).
 */
typedef enum {
  INGEST_DELIVERY_STATE_ALREADY_DELIVERED,
  INGEST_DELIVERY_STATE_VERIFIED,
  INGEST_DELIVERY_STATE_HELD,
  INGEST_DELIVERY_STATE_FAILED,
} IngestDeliveryState;

/* TRUE for VERIFIED and ALREADY_DELIVERED: the copy there is good. */
gboolean    ingest_delivery_state_is_delivered (IngestDeliveryState state);
/* The word ingestctl and the station show: "verified" (also for a copy
 * already delivered: it is verified), "held" or "failed". */
const char *ingest_delivery_state_to_string    (IngestDeliveryState state);

/**
 * IngestDelivery:
 * @destination: the destination's URI (ingest_destination_get_uri())
 * @location: (nullable): where the copy is (s3://bucket/key, a path); for a
 *   file not delivered, where it was meant to go, or %NULL when not known.
 *   Never the file's source path.
 * @state: what happened there
 * @reason: (nullable): why (user-facing, translated), or what happened on
 *   the way ("kept beside a different file as clip (2).mov")
 * @error_domain: for %INGEST_DELIVERY_STATE_FAILED, the #GError's domain
 *   (0 when none), so callers can tell a conflict
 *   (%INGEST_UPLOAD_ERROR_EXISTS) from a network failure without parsing
 * @error_code: the #GError's code
 * @bytes_sent: bytes sent to this destination in this run
 * @bytes_resumed: bytes not sent again: the destination had them
 *
 * One row of a file's outcome: its copy at one destination.
 */
typedef struct
{
  char                *destination;
  char                *location;
  IngestDeliveryState  state;
  char                *reason;
  GQuark               error_domain;
  int                  error_code;
  guint64              bytes_sent;
  guint64              bytes_resumed;
} IngestDelivery;

GType           ingest_delivery_get_type (void) G_GNUC_CONST;
#define INGEST_TYPE_DELIVERY (ingest_delivery_get_type ())
IngestDelivery *ingest_delivery_copy     (const IngestDelivery *delivery);
void            ingest_delivery_free     (IngestDelivery       *delivery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestDelivery, ingest_delivery_free)

#define INGEST_TYPE_FILE_OUTCOME (ingest_file_outcome_get_type ())

G_DECLARE_FINAL_TYPE (IngestFileOutcome, ingest_file_outcome, INGEST, FILE_OUTCOME, GObject)

/* Immutable once made: made by the upload job on its main context, one per
 * file and run, after every destination has answered for it. @deliveries
 * (element-type IngestDelivery) is copied; with none, the state is
 * %INGEST_DELIVERY_STATE_VERIFIED for a verified file, else HELD. */
IngestFileOutcome     *ingest_file_outcome_new                 (const char             *path,
                                                                guint64                 size,
                                                                IngestValidationStatus  validation,
                                                                const char             *hash_kind,
                                                                const char             *hash,
                                                                GPtrArray              *deliveries);
const char            *ingest_file_outcome_get_path            (IngestFileOutcome      *self);
guint64                ingest_file_outcome_get_size            (IngestFileOutcome      *self);
IngestValidationStatus ingest_file_outcome_get_validation      (IngestFileOutcome      *self);
const char            *ingest_file_outcome_get_hash_kind       (IngestFileOutcome      *self);
const char            *ingest_file_outcome_get_hash            (IngestFileOutcome      *self);
IngestDeliveryState    ingest_file_outcome_get_state           (IngestFileOutcome      *self);
guint                  ingest_file_outcome_get_n_deliveries    (IngestFileOutcome      *self);
const IngestDelivery  *ingest_file_outcome_get_delivery        (IngestFileOutcome      *self,
                                                                guint                   i);
guint64                ingest_file_outcome_get_bytes_sent      (IngestFileOutcome      *self);
guint64                ingest_file_outcome_get_bytes_resumed   (IngestFileOutcome      *self);

G_END_DECLS
