/* ingest-s3-resume.c
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

/* A multipart upload's life in the upload journal: started and journaled,
 * resumed after an interruption (journal ∩ ListParts), found completed
 * before the interruption, or dropped. */

#define G_LOG_DOMAIN "ingest-s3-destination"

#include "config.h"

#include <string.h>

#include "ingest-s3-checksum-private.h"
#include "ingest-s3-destination-private.h"
#include "ingest-upload-error.h"

/* Killed between CompleteMultipartUpload and the journal saying so: the
 * upload is gone because it became the object. If the object is exactly
 * what the journaled parts make, the earlier run's work stands. */
static gboolean
completed_before (IngestS3Destination      *self,
                  S3File                   *file,
                  const IngestUploadRecord *live,
                  GCancellable             *cancellable)
{
  g_autoptr(GPtrArray) journaled = NULL;
  g_autoptr(GByteArray) md5s = g_byte_array_new ();
  g_autoptr(GByteArray) crcs = g_byte_array_new ();
  g_autofree char *etag = NULL;
  g_autofree char *crc32c = NULL;

  if (g_strcmp0 (live->state, "completing") != 0 && g_strcmp0 (live->state, "verifying") != 0)
    return FALSE;
  journaled = ingest_upload_journal_list_parts (self->catalog, live->id, NULL);
  if (journaled == NULL || journaled->len != file->n_parts)
    return FALSE;
  for (guint i = 0; i < journaled->len; i++)
    {
      IngestUploadPartRecord *part = g_ptr_array_index (journaled, i);
      guint8 digest[16];

      if (part->part_number != i + 1 || part->md5 == NULL || strlen (part->md5) != 32)
        return FALSE;
      for (guint b = 0; b < 16; b++)
        digest[b] = g_ascii_xdigit_value (part->md5[2 * b]) << 4 | g_ascii_xdigit_value (part->md5[2 * b + 1]);
      g_byte_array_append (md5s, digest, 16);
      if (g_strcmp0 (part->checksum_kind, "crc32c") == 0 && _ingest_s3_decode_crc32c (part->checksum, digest))
        g_byte_array_append (crcs, digest, 4);
    }
  etag = ingest_s3_multipart_etag (md5s->data, file->n_parts);
  /* The composite CRC32C too, when every part was sent with one. */
  if (crcs->len == 4 * file->n_parts)
    crc32c = ingest_s3_composite_crc32c (crcs->data, file->n_parts);
  if (!_ingest_s3_destination_check_object (self, file, etag, crc32c, cancellable, NULL))
    return FALSE;

  ingest_upload_journal_set_state (self->catalog, live->id, "verified", NULL, etag, file->size, NULL);
  file->already = TRUE;
  _ingest_destination_file_set_already_delivered (&file->parent, file->size);
  _ingest_destination_file_add_note (&file->parent, "completed before the interruption; checked now");
  return TRUE;
}

/* Whether a resumed upload was created with the CRC32C algorithm: its
 * parts must then carry it, and the complete list too. The journal's
 * record of the CreateMultipartUpload first (@journal_algorithm, schema 6:
 * the only witness of an upload interrupted before its first part on a
 * server that omits <ChecksumAlgorithm>). A row from before that is
 * inferred: the server's word (AWS lists the upload's <ChecksumAlgorithm>
 * and each part's <ChecksumCRC32C>); a server that reports neither ignores
 * the headers (RGW 16), and then the journaled parts say what the earlier
 * run sent. */
static gboolean
resumed_crc_declared (const char *journal_algorithm,
                      const char *algorithm,
                      GPtrArray  *listed,
                      GPtrArray  *journaled)
{
  if (journal_algorithm != NULL)
    return g_ascii_strcasecmp (journal_algorithm, "crc32c") == 0;
  if (algorithm != NULL)
    return g_ascii_strcasecmp (algorithm, "CRC32C") == 0;
  for (guint i = 0; i < listed->len; i++)
    if (((IngestS3Part *) g_ptr_array_index (listed, i))->checksum_crc32c != NULL)
      return TRUE;
  for (guint i = 0; i < journaled->len; i++)
    if (g_strcmp0 (((IngestUploadPartRecord *) g_ptr_array_index (journaled, i))->checksum_kind, "crc32c") == 0)
      return TRUE;
  return FALSE;
}

/* Finds what an interrupted upload of this file left, or says why not. */
gboolean
_ingest_s3_destination_try_resume (IngestS3Destination  *self,
                                   S3File               *file,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  g_autoptr(IngestUploadRecord) live = NULL;
  g_autoptr(GPtrArray) journaled = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GHashTable) by_number = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *algorithm = NULL;
  guint n_resumable = 0;

  live = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                     file->key, FALSE, &local_error);
  if (live == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  if (live->remote_upload_id == NULL || file->upload_id == NULL)
    why = g_strdup ("the earlier attempt was not a multipart upload");
  else
    _ingest_s3_destination_same_fingerprint (live, file, &why);

  /* The journal's part size wins: the parts on the server were cut with it. */
  if (why == NULL)
    {
      file->part_size = live->part_size;
      file->n_parts = _ingest_s3_part_count (file->size, file->part_size);
      if (file->n_parts > INGEST_S3_MAX_PARTS)
        why = g_strdup ("the journaled part size no longer fits");
    }

  if (why == NULL)
    {
      for (guint attempt = 0;; attempt++)
        {
          g_clear_error (&local_error);
          g_clear_pointer (&algorithm, g_free);
          listed = ingest_s3_client_list_parts (self->client, self->bucket, file->key, live->remote_upload_id,
                                                0, &algorithm, cancellable, &local_error);
          if (listed != NULL || !_ingest_s3_destination_retry_after (self, local_error, attempt, FALSE, cancellable))
            break;
        }
      if (listed == NULL)
        {
          if (!g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (completed_before (self, file, live, cancellable))
            return TRUE;
          why = g_strdup ("the server no longer has the interrupted upload");
        }
    }

  if (why != NULL)
    {
      g_autofree char *message = g_strdup_printf ("restarted: %s", why);

      if (live->remote_upload_id != NULL)
        _ingest_s3_destination_abort_with_retries (self, file->key, live->remote_upload_id, cancellable, NULL);
      if (!ingest_upload_journal_set_state (self->catalog, live->id, "failed", message, NULL, 0, error))
        return FALSE;
      _ingest_destination_file_add_note (&file->parent, "%s", message);
      file->n_parts = _ingest_s3_part_count (file->size, file->part_size);
      return TRUE;
    }

  if ((journaled = ingest_upload_journal_list_parts (self->catalog, live->id, error)) == NULL)
    return FALSE;

  /* Never trust a part the server does not list, nor one it lists that the
   * journal does not know (its MD5 was never recorded). */
  by_number = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < listed->len; i++)
    {
      IngestS3Part *part = g_ptr_array_index (listed, i);

      g_hash_table_insert (by_number, GUINT_TO_POINTER (part->part_number), part);
    }

  file->parts = g_new0 (PartState, file->n_parts);
  for (guint i = 0; i < journaled->len; i++)
    {
      IngestUploadPartRecord *record = g_ptr_array_index (journaled, i);
      IngestS3Part *part = g_hash_table_lookup (by_number, GUINT_TO_POINTER (record->part_number));
      guint index = record->part_number - 1;
      guint64 want = MIN (file->part_size, file->size - (guint64) index * file->part_size);

      if (part == NULL || index >= file->n_parts || record->size != want || part->size != want ||
          g_ascii_strcasecmp (part->etag, record->etag) != 0)
        continue;
      /* The server's CRC32C of the part it holds must be the one sent. */
      if (part->checksum_crc32c != NULL &&
          (!_ingest_s3_decode_crc32c (part->checksum_crc32c, file->parts[index].listed_crc32c) ||
           (g_strcmp0 (record->checksum_kind, "crc32c") == 0 &&
            g_strcmp0 (record->checksum, part->checksum_crc32c) != 0)))
        {
          _ingest_destination_file_add_note (&file->parent, "part %u: the server lists CRC32C %s, %s was sent; "
                                             "sent again", record->part_number, part->checksum_crc32c,
                                             record->checksum ? record->checksum : "none");
          continue;
        }
      file->parts[index].has_listed_crc32c = part->checksum_crc32c != NULL;
      file->parts[index].resumable = TRUE;
      file->parts[index].etag = g_strdup (record->etag);
      file->parts[index].journal_md5 = g_strdup (record->md5);
      n_resumable++;
    }
  g_atomic_int_set (&file->crc_declared,
                    resumed_crc_declared (live->checksum_algorithm, algorithm, listed, journaled));

  file->journal_id = live->id;
  g_free (file->upload_id);
  file->upload_id = g_strdup (live->remote_upload_id);
  _ingest_destination_file_add_note (&file->parent, "resumed: %u of %u parts were already on the server",
                                     n_resumable, file->n_parts);
  _ingest_s3_destination_journal_state (self, file, "uploading", NULL, NULL);
  return TRUE;
}

/*
 * CreateMultipartUpload with x-amz-checksum-algorithm CRC32C, unless the
 * destination learnt that the server refuses checksum headers. A refusal
 * of the header is learnt here too: the upload is created again without
 * it, and its parts go with Content-MD5 alone.
 */
gboolean
_ingest_s3_destination_start_multipart (IngestS3Destination  *self,
                                        S3File               *file,
                                        GCancellable         *cancellable,
                                        GError              **error)
{
  IngestS3PutOptions options = { 0 };
  IngestS3PutResult result = { 0 };
  g_autoptr(GError) local_error = NULL;
  IngestUploadRecord record = { 0 };
  gboolean refused;

  g_mutex_lock (&self->lock);
  refused = self->checksum_mode == CHECKSUM_REFUSED;
  g_mutex_unlock (&self->lock);

  options.metadata = file->metadata;
  options.checksum_algorithm = refused ? NULL : "CRC32C";
  options.result = &result;
  for (guint attempt = 0;; attempt++)
    {
      g_clear_error (&local_error);
      file->upload_id = ingest_s3_client_create_multipart_upload (self->client, self->bucket, file->key,
                                                                  &options, cancellable, &local_error);
      if (file->upload_id == NULL && result.checksum_rejected && options.checksum_algorithm != NULL)
        {
          g_message ("%s refuses x-amz-checksum-algorithm (%s); relying on Content-MD5",
                     ingest_s3_client_get_endpoint (self->client), local_error->message);
          g_mutex_lock (&self->lock);
          self->checksum_mode = CHECKSUM_REFUSED;
          g_mutex_unlock (&self->lock);
          options.checksum_algorithm = NULL;
          continue;
        }
      if (file->upload_id != NULL || !_ingest_s3_destination_retry_after (self, local_error, attempt, FALSE, cancellable))
        break;
    }
  ingest_s3_put_result_clear (&result);
  g_atomic_int_set (&file->crc_declared, options.checksum_algorithm != NULL);
  if (file->upload_id == NULL)
    {
      _ingest_s3_destination_note_fatal (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  file->parts = g_new0 (PartState, file->n_parts);
  if (self->catalog == NULL)
    return TRUE;

  record.source_path = file->source_path;
  record.destination = (char *) ingest_destination_get_uri (INGEST_DESTINATION (self));
  record.key = file->key;
  record.remote_upload_id = file->upload_id;
  record.part_size = file->part_size;
  record.source_size = file->size;
  record.source_mtime_ns = file->mtime_ns;
  record.expected_hash_kind = file->expected_kind;
  record.expected_hash = file->expected;
  record.state = (char *) "uploading";
  record.checksum_algorithm = (char *) (options.checksum_algorithm != NULL ? "crc32c" : "none");
  file->journal_id = ingest_upload_journal_insert (self->catalog, &record, error);
  return file->journal_id != 0;
}

/* An interrupted multipart upload of this file made with a smaller part
 * size than ours: resume it as it was rather than start again. */
gboolean
_ingest_s3_destination_live_multipart_fits (IngestS3Destination *self,
                                            S3File              *file)
{
  g_autoptr(IngestUploadRecord) live = NULL;

  if (self->catalog == NULL)
    return FALSE;
  live = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                     file->key, FALSE, NULL);
  return live != NULL && live->remote_upload_id != NULL && live->part_size < file->size &&
         live->part_size >= INGEST_S3_MIN_PART_SIZE;
}

/* A small file with a live multipart upload in the journal (made with a
 * smaller part size), or a file already at the destination: that upload
 * will never be completed. */
void
_ingest_s3_destination_drop_live_multipart (IngestS3Destination *self,
                                            S3File              *file,
                                            const char          *why,
                                            GCancellable        *cancellable)
{
  g_autoptr(IngestUploadRecord) live = NULL;

  live = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                     file->key, FALSE, NULL);
  if (live == NULL)
    return;
  if (live->remote_upload_id != NULL)
    _ingest_s3_destination_abort_with_retries (self, file->key, live->remote_upload_id, cancellable, NULL);
  ingest_upload_journal_set_state (self->catalog, live->id, "failed", why, NULL, 0, NULL);
}

gboolean
_ingest_s3_destination_completed_earlier (IngestS3Destination *self,
                                          S3File              *file,
                                          GCancellable        *cancellable)
{
  g_autoptr(IngestUploadRecord) live = NULL;

  live = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                     file->key, FALSE, NULL);
  if (live == NULL || live->remote_upload_id == NULL || live->part_size == 0 || file->size == 0)
    return FALSE;
  file->part_size = live->part_size;
  file->n_parts = _ingest_s3_part_count (file->size, file->part_size);
  return file->n_parts <= INGEST_S3_MAX_PARTS && completed_before (self, file, live, cancellable);
}
