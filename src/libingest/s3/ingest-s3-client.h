/* ingest-s3-client.h
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

#include "ingest-s3-credentials.h"
#include "ingest-token-bucket.h"

G_BEGIN_DECLS

/**
 * IngestS3Part:
 * @part_number: 1 to 10000
 * @etag: the part's ETag without quotes (the hex MD5 of the part)
 * @size: bytes (0 when unknown, e.g. a part given to complete)
 * @checksum_crc32c: (nullable): base64 CRC32C of the part: listed by
 *   ListParts for an upload created with the CRC32C algorithm, and sent as
 *   <ChecksumCRC32C> by CompleteMultipartUpload when set
 *
 * One part of a multipart upload.
 */
typedef struct
{
  guint    part_number;
  char    *etag;
  guint64  size;
  char    *checksum_crc32c;
} IngestS3Part;

/**
 * IngestS3Upload:
 * @key: the object key
 * @upload_id: the multipart upload id
 * @initiated: (nullable): ISO 8601 time the upload started
 *
 * One unfinished multipart upload, as ListMultipartUploads reports it.
 */
typedef struct
{
  char *key;
  char *upload_id;
  char *initiated;
} IngestS3Upload;

/**
 * IngestS3ObjectInfo:
 * @size: bytes
 * @etag: the ETag without quotes ("<md5>" or "<md5 of part md5s>-<N>")
 * @content_type: (nullable): as stored
 * @last_modified: (nullable): the Last-Modified header, as sent
 * @checksum_crc32c: (nullable): base64, when the server returns one; for
 *   an object made by a multipart upload AWS returns the composite form
 *   "base64(CRC32C of the concatenated part CRC32Cs)-N"
 * @checksum_sha256: (nullable): base64, when the server returns one
 * @checksum_type: (nullable): x-amz-checksum-type ("COMPOSITE" or
 *   "FULL_OBJECT"), when the server returns one
 * @metadata: user metadata: lowercase name without "x-amz-meta-" → value
 */
typedef struct
{
  guint64     size;
  char       *etag;
  char       *content_type;
  char       *last_modified;
  char       *checksum_crc32c;
  char       *checksum_sha256;
  char       *checksum_type;
  GHashTable *metadata;
} IngestS3ObjectInfo;

/**
 * IngestS3ListedObject:
 * @key: the object key
 * @size: bytes
 * @etag: the ETag without quotes
 * @last_modified: (nullable): ISO 8601, as ListObjectsV2 gives it
 *
 * One object of a listing (no metadata: that takes a HEAD).
 */
typedef struct
{
  char    *key;
  guint64  size;
  char    *etag;
  char    *last_modified;
} IngestS3ListedObject;

/**
 * IngestS3PutResult:
 * @checksum_crc32c: (nullable): the x-amz-checksum-crc32c of a 2xx answer:
 *   the server's own CRC32C of the bytes it stored (%NULL: not echoed, as
 *   Ceph RGW 16 does)
 * @checksum_rejected: the request failed because the server refuses the
 *   x-amz-checksum-* header itself, not because of the bytes
 *
 * What the answer to a request carrying object data says about checksums.
 * Free the members with ingest_s3_put_result_clear().
 */
typedef struct
{
  char     *checksum_crc32c;
  gboolean  checksum_rejected;
} IngestS3PutResult;

/**
 * IngestS3PutOptions:
 * @content_md5: (nullable): base64 MD5 of the body; %NULL: computed here
 * @payload_sha256: (nullable): hex SHA-256 of the body, or
 *   %INGEST_SIGV4_UNSIGNED_PAYLOAD; %NULL: computed here. The server checks
 *   both against the bytes it receives.
 * @checksum_crc32c: (nullable): base64 of the big-endian CRC32C, sent as
 *   x-amz-checksum-crc32c
 * @checksum_sha256: (nullable): base64 SHA-256, sent as x-amz-checksum-sha256
 * @checksum_algorithm: (nullable): "CRC32C" or "SHA256": sent by
 *   CreateMultipartUpload as x-amz-checksum-algorithm. AWS takes a part's
 *   x-amz-checksum-* only for an upload created with its algorithm, and then
 *   wants the part checksums again in CompleteMultipartUpload.
 * @limit: (nullable): a bandwidth cap, charged as the body goes out
 * @metadata: (nullable) (element-type utf8 utf8): name → value, sent as
 *   x-amz-meta-NAME (PutObject and CreateMultipartUpload)
 * @content_type: (nullable): default "application/octet-stream"
 * @result: (out caller-allocates) (optional): filled by PutObject,
 *   UploadPart and CreateMultipartUpload, on success and on failure
 * @if_none_match: PutObject only: sent with "If-None-Match: *", so that the
 *   server refuses to replace an object already at the key (HTTP 412,
 *   %INGEST_UPLOAD_ERROR_EXISTS); Ceph RGW 16 honours it
 * @if_match: (nullable): PutObject only: sent as "If-Match: ETAG", so that the
 *   server replaces only that very object (412, %INGEST_UPLOAD_ERROR_EXISTS,
 *   when another one is there now)
 *
 * Options of a request that carries object data. All may be zero.
 */
typedef struct
{
  const char *content_md5;
  const char *payload_sha256;
  const char *checksum_crc32c;
  const char *checksum_sha256;
  const char *checksum_algorithm;
  IngestTokenBucket *limit;
  GHashTable *metadata;
  const char *content_type;
  IngestS3PutResult *result;
  gboolean    if_none_match;
  const char *if_match;
} IngestS3PutOptions;

#define INGEST_TYPE_S3_CLIENT (ingest_s3_client_get_type ())

G_DECLARE_FINAL_TYPE (IngestS3Client, ingest_s3_client, INGEST, S3_CLIENT, GObject)

IngestS3Client     *ingest_s3_client_new                       (const char                *endpoint,
                                                                const IngestS3Credentials *credentials,
                                                                GError                   **error);
const char         *ingest_s3_client_get_endpoint              (IngestS3Client            *self);
const char         *ingest_s3_client_get_region                (IngestS3Client            *self);
gboolean            ingest_s3_client_get_path_style            (IngestS3Client            *self);
void                ingest_s3_client_set_path_style            (IngestS3Client            *self,
                                                                gboolean                   path_style);
const char         *ingest_s3_client_get_ca_file               (IngestS3Client            *self);
void                ingest_s3_client_set_ca_file               (IngestS3Client            *self,
                                                                const char                *ca_file);
guint               ingest_s3_client_get_connect_timeout       (IngestS3Client            *self);
void                ingest_s3_client_set_connect_timeout       (IngestS3Client            *self,
                                                                guint                      seconds);
guint               ingest_s3_client_get_low_speed_time        (IngestS3Client            *self);
void                ingest_s3_client_set_low_speed_time        (IngestS3Client            *self,
                                                                guint                      seconds);
gint64              ingest_s3_client_get_clock_offset          (IngestS3Client            *self);
void                ingest_s3_client_set_clock_offset          (IngestS3Client            *self,
                                                                gint64                     seconds);
guint64             ingest_s3_client_get_n_requests            (IngestS3Client            *self);

gboolean            ingest_s3_client_create_bucket             (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
char               *ingest_s3_client_put_object                (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                const guint8              *data,
                                                                gsize                      len,
                                                                const IngestS3PutOptions  *options,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
IngestS3ObjectInfo *ingest_s3_client_head_object               (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
GBytes             *ingest_s3_client_get_object                (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
gboolean            ingest_s3_client_get_object_to_file        (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                const char                *path,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
gboolean            ingest_s3_client_delete_object             (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
char               *ingest_s3_client_create_multipart_upload   (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                const IngestS3PutOptions  *options,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
char               *ingest_s3_client_upload_part               (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                const char                *upload_id,
                                                                guint                      part_number,
                                                                const guint8              *data,
                                                                gsize                      len,
                                                                const IngestS3PutOptions  *options,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
GPtrArray          *ingest_s3_client_list_parts                (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                const char                *upload_id,
                                                                guint                      page_size,
                                                                char                     **checksum_algorithm,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
char               *ingest_s3_client_complete_multipart_upload (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                const char                *upload_id,
                                                                GPtrArray                 *parts,
                                                                gboolean                   if_none_match,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
gboolean            ingest_s3_client_abort_multipart_upload    (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *key,
                                                                const char                *upload_id,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
GPtrArray          *ingest_s3_client_list_multipart_uploads    (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *prefix,
                                                                guint                      page_size,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);
GPtrArray          *ingest_s3_client_list_objects              (IngestS3Client            *self,
                                                                const char                *bucket,
                                                                const char                *prefix,
                                                                const char                *delimiter,
                                                                guint                      page_size,
                                                                GCancellable              *cancellable,
                                                                GError                   **error);

char               *ingest_s3_multipart_etag                   (const guint8              *part_md5s,
                                                                guint                      n_parts);
char               *ingest_s3_composite_crc32c                 (const guint8              *part_crcs,
                                                                guint                      n_parts);

IngestS3Part       *ingest_s3_part_new                         (guint                      part_number,
                                                                const char                *etag,
                                                                guint64                    size);
void                ingest_s3_part_free                        (IngestS3Part              *part);
void                ingest_s3_upload_free                      (IngestS3Upload            *upload);
void                ingest_s3_object_info_free                 (IngestS3ObjectInfo        *info);
void                ingest_s3_listed_object_free               (IngestS3ListedObject      *object);
void                ingest_s3_put_result_clear                 (IngestS3PutResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestS3Part, ingest_s3_part_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestS3Upload, ingest_s3_upload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestS3ObjectInfo, ingest_s3_object_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestS3ListedObject, ingest_s3_listed_object_free)

G_END_DECLS
