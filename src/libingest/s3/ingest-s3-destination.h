/* ingest-s3-destination.h
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

#include "ingest-destination.h"
#include "ingest-s3-client.h"
#include "ingest-upload-journal.h"

G_BEGIN_DECLS

/* S3's limits, and our defaults. */
#define INGEST_S3_MAX_PARTS               10000
#define INGEST_S3_MIN_PART_SIZE           (5 * 1024 * 1024)
#define INGEST_S3_DEFAULT_PART_SIZE       (16 * 1024 * 1024)
#define INGEST_S3_DEFAULT_PARTS_IN_FLIGHT 4
#define INGEST_S3_DEFAULT_MAX_ATTEMPTS    8

#define INGEST_TYPE_S3_DESTINATION (ingest_s3_destination_get_type ())

#define INGEST_S3_DESTINATION(obj)    (G_TYPE_CHECK_INSTANCE_CAST ((obj), INGEST_TYPE_S3_DESTINATION, IngestS3Destination))
#define INGEST_IS_S3_DESTINATION(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), INGEST_TYPE_S3_DESTINATION))

/* Final; opaque like its parent (class structs in the .c file). */
typedef struct _IngestS3Destination      IngestS3Destination;
typedef struct _IngestS3DestinationClass IngestS3DestinationClass;

GType ingest_s3_destination_get_type (void) G_GNUC_CONST;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestS3Destination, g_object_unref)

IngestS3Destination *ingest_s3_destination_new                   (IngestS3Client       *client,
                                                                  const char           *bucket,
                                                                  const char           *prefix,
                                                                  IngestCatalog        *catalog);
IngestS3Client      *ingest_s3_destination_get_client            (IngestS3Destination  *self);
const char          *ingest_s3_destination_get_bucket            (IngestS3Destination  *self);
const char          *ingest_s3_destination_get_prefix            (IngestS3Destination  *self);
void                 ingest_s3_destination_set_parts_in_flight   (IngestS3Destination  *self,
                                                                  guint                 parts_in_flight);
void                 ingest_s3_destination_set_part_size         (IngestS3Destination  *self,
                                                                  guint64               part_size);
void                 ingest_s3_destination_set_bandwidth_limit   (IngestS3Destination  *self,
                                                                  guint64               bytes_per_second);
void                 ingest_s3_destination_set_max_attempts      (IngestS3Destination  *self,
                                                                  guint                 max_attempts);
guint64              ingest_s3_destination_choose_part_size      (IngestS3Destination  *self,
                                                                  guint64               size);
gboolean             ingest_s3_destination_check                 (IngestS3Destination  *self,
                                                                  GCancellable         *cancellable,
                                                                  GError              **error);
gboolean             ingest_s3_destination_abort_upload          (IngestS3Destination  *self,
                                                                  const IngestUploadRecord *record,
                                                                  GCancellable         *cancellable,
                                                                  GError              **error);

gboolean             ingest_s3_parse_uri                         (const char           *uri,
                                                                  char                **bucket,
                                                                  char                **prefix,
                                                                  char                **endpoint,
                                                                  GError              **error);

G_END_DECLS
