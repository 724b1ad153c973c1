/* ingest-s3-destination.c
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

/* The S3 destination: sending each file (one PUT or parts), finishing and
 * verifying it. Over 1,000 lines: one class whose begin/write/finish share
 * the per-file state; where a file goes is in ingest-s3-placement.c, the
 * multipart journal in ingest-s3-resume.c, the arithmetic in
 * ingest-s3-checksum.c. */

#define G_LOG_DOMAIN "ingest-s3-destination"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "ingest-catalog.h"
#include "ingest-destination-private.h"
#include "ingest-hash-kind.h"
#include "ingest-hasher.h"
#include "ingest-s3-checksum-private.h"
#include "ingest-s3-destination.h"
#include "ingest-s3-destination-private.h"
#include "ingest-token-bucket.h"
#include "ingest-upload-error.h"

/* Backoff between attempts: 0.5 s doubling up to 20 s, with jitter (a
 * random delay between half and all of it) so that threads retrying after
 * the same outage do not hit the server in step. */
#define BACKOFF_BASE_USEC (500 * G_TIME_SPAN_MILLISECOND)
#define BACKOFF_MAX_USEC  (20 * G_USEC_PER_SEC)
#define MiB               (1024 * 1024)
#define DIRECTORY_CONTENT_TYPE "application/x-directory"

/*
 * IngestS3Destination: an S3 bucket (and key prefix) as a destination.
 *
 * Files up to the part size go up as one PUT, larger ones as a multipart
 * upload whose parts are cut from the one read of the file: the reader
 * fills a part buffer, hashes it (MD5 for Content-MD5 and the multipart
 * ETag, CRC32C for x-amz-checksum-crc32c) as the bytes arrive, and hands it
 * to a pool of uploader threads.
 *
 * The additional CRC32C goes as AWS wants it: the upload is created with
 * x-amz-checksum-algorithm CRC32C (AWS refuses a part checksum of an upload
 * created without it), each part carries its x-amz-checksum-crc32c,
 * CompleteMultipartUpload lists them again, and the HEAD's composite
 * checksum must equal the one computed here. A single PUT carries the whole
 * file's CRC32C. A server that refuses the headers is learnt once per job
 * and then gets Content-MD5 alone; one that ignores them (Ceph RGW 16)
 * leaves the file "not confirmed by the server".
 *
 * A part's buffer exists from its first byte to the end of its upload,
 * and at most "parts in flight" + 1 of them exist at once (readers wait
 * for one), so memory stays at part size ×
 * (parts in flight + 1) whatever the number of files read at once; small
 * files, held whole until their verdict, share a budget of the same size.
 *
 * Every part the server acknowledges is journaled (catalog, fsynced) with
 * its ETag and MD5. begin() of a file with a live journal row resumes it:
 * the parts that both the journal and ListParts know (same ETag and size)
 * are not sent again — but their bytes still pass through the one read,
 * because the whole file's MHL hash is needed before the object may be
 * completed. That re-read is local (disk speed, no network) and it buys a
 * check: each skipped part's MD5 is recomputed and compared with the
 * journal, so a source altered in place under the same size and mtime has
 * its changed parts sent again instead of trusted; a part whose CRC32C
 * as ListParts gives it differs from the journal's (or from the re-read's)
 * is sent again too. The cost is reading the already-uploaded prefix once
 * more from the drive. A resumed upload keeps the checksum mode it was
 * created with: the journal records it at CreateMultipartUpload; for a row
 * from before schema 6, ListParts' <ChecksumAlgorithm> says it (AWS), else
 * the journaled parts do.
 *
 * A source whose key ends in "/" is a folder of the roll: it goes up as a
 * zero-byte directory marker (Content-Type application/x-directory) and
 * its HEAD must say so too.
 *
 * Completion happens only in finish(), i.e. after the file matched its
 * expected MHL hash. A multipart object is then HEADed: size, the multipart
 * ETag computed here from the part MD5s, the MHL hash metadata and any
 * returned checksum must match before it counts as verified.
 *
 * A single PUT is checked by its own answer, with no HEAD: the request
 * carried Content-MD5, so the server refused it unless the bytes it
 * received had that MD5 (BadDigest), and the ETag it answers is the MD5 it
 * computed of what it stored; that ETag must equal the MD5 computed here
 * during the one read, as must any CRC32C it echoes. The metadata and
 * content type went in the same request, which the server stores whole or
 * not at all. A HEAD afterwards would only repeat what the answer said, at
 * the price of one more round trip per file; it proves nothing more
 * (neither does it re-read the stored bytes). A multipart object has no
 * such answer (RGW 16 gives an empty ETag on completion), hence its HEAD.
 *
 * Nothing is ever overwritten. Before the first byte of a file goes out,
 * begin() knows what is at its key: what is in a "folder" of the bucket
 * is learnt with one ListObjectsV2 (delimiter "/", 1,000 keys a page) the
 * first time a file goes there, and kept for the destination's life (one
 * job) under the lock; files of this run claim their keys in it. A free
 * key is taken. An object there is the same file when its size is ours
 * and its x-amz-meta-KIND is our expected MHL hash (one HEAD, only for an
 * object of the same size), or when the journal verified that very object
 * (same ETag and size) for the same hash: then nothing is sent ("already
 * delivered"). A file without an expected hash (the ASC MHL history)
 * waits for its MD5, which finish() compares with the object's single-part
 * ETag. Anything else is a different file: under INGEST_CONFLICT_FAIL the
 * file fails with INGEST_UPLOAD_ERROR_EXISTS and a reason naming what is
 * there (hash, drive, day), under INGEST_CONFLICT_RENAME it goes to the
 * first free "NAME (n).EXT". A journal row that verified a delivery at the
 * key whose object is now another one is marked "replaced" and said so.
 *
 * Someone else may write the key after the listing. A single PUT carries
 * "If-None-Match: *", which Ceph RGW 16 (and AWS) honour: the server
 * refuses (412) instead of replacing, and finish() compares again. RGW 16
 * ignores the same header on CompleteMultipartUpload (AWS honours it), so
 * a multipart upload HEADs its key just before completing: the race left
 * is an object written between that HEAD and the completion, a window of
 * one round trip, on servers that ignore the condition.
 */

typedef struct
{
  S3File *file;
  guint   index;
  GBytes *data;
} PartJob;

static void upload_part_func (gpointer data, gpointer user_data);

struct _IngestS3DestinationClass
{
  IngestDestinationClass parent_class;
};

G_DEFINE_FINAL_TYPE (IngestS3Destination, ingest_s3_destination, INGEST_TYPE_DESTINATION)

/*
 * Helpers
 */

/* Errors that no retry and no other file can get past. */
static gboolean
is_fatal (const GError *error)
{
  return error->domain == INGEST_UPLOAD_ERROR &&
         (error->code == INGEST_UPLOAD_ERROR_CREDENTIALS ||
          error->code == INGEST_UPLOAD_ERROR_ACCESS_DENIED ||
          error->code == INGEST_UPLOAD_ERROR_CLOCK_SKEW ||
          error->code == INGEST_UPLOAD_ERROR_NO_SUCH_BUCKET ||
          error->code == INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED ||
          error->code == INGEST_UPLOAD_ERROR_TLS ||
          error->code == INGEST_UPLOAD_ERROR_CONFIG);
}

void
_ingest_s3_destination_note_fatal (IngestS3Destination *self,
                                   const GError        *error)
{
  if (!is_fatal (error))
    return;
  g_mutex_lock (&self->lock);
  if (self->fatal == NULL)
    self->fatal = g_error_copy (error);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
check_fatal (IngestS3Destination  *self,
             GError              **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->lock);
  if (self->fatal != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->fatal);
      ok = FALSE;
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

/*
 * Decides after a failed attempt whether to try again, and waits the
 * backoff. Transient errors only (network, timeouts, 5xx, SlowDown); a
 * BadDigest too when @body_retry (the bytes we hold are right — they were
 * hashed as they were read — so the damage was in transit).
 */
gboolean
_ingest_s3_destination_retry_after (IngestS3Destination *self,
                                    const GError        *error,
                                    guint                attempt,
                                    gboolean             body_retry,
                                    GCancellable        *cancellable)
{
  gint64 delay;
  gint64 deadline;

  if (attempt + 1 >= self->max_attempts)
    return FALSE;
  if (!ingest_upload_error_is_transient (error) &&
      !(body_retry && g_error_matches (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST)))
    return FALSE;
  if (!check_fatal (self, NULL))
    return FALSE;

  delay = MIN (BACKOFF_MAX_USEC, BACKOFF_BASE_USEC << MIN (attempt, 10));
  delay = g_random_int_range (delay / 2, delay + 1);
  g_debug ("attempt %u failed (%s); next in %.1f s", attempt + 1, error->message, delay / 1e6);

  deadline = g_get_monotonic_time () + delay;
  while (g_get_monotonic_time () < deadline)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (deadline - g_get_monotonic_time (), 50 * G_TIME_SPAN_MILLISECOND) + 1);
    }
  return TRUE;
}

static char *
full_key (IngestS3Destination *self,
          const char          *key)
{
  if (self->prefix[0] == '\0')
    return g_strdup (key);
  return g_strconcat (self->prefix, "/", key, NULL);
}

/* A key ending in "/" is a folder: a marker object of no bytes, the
 * de-facto convention of S3 consoles and rclone, for a folder of the roll
 * that no file would otherwise bring into being. */
static gboolean
is_directory_marker (S3File *file)
{
  return g_str_has_suffix (file->key, "/");
}

static void
file_set_error (IngestS3Destination *self,
                S3File              *file,
                const GError        *error)
{
  g_mutex_lock (&self->lock);
  if (file->error == NULL)
    file->error = g_error_copy (error);
  g_mutex_unlock (&self->lock);
  _ingest_s3_destination_note_fatal (self, error);
}

static void
wait_pending (IngestS3Destination *self,
              S3File              *file)
{
  g_mutex_lock (&self->lock);
  while (file->pending > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

void
_ingest_s3_destination_journal_state (IngestS3Destination *self,
                                      S3File              *file,
                                      const char          *state,
                                      const char          *message,
                                      const char          *etag)
{
  g_autoptr(GError) error = NULL;

  if (self->catalog == NULL || file->journal_id == 0)
    return;
  if (!ingest_upload_journal_set_state (self->catalog, file->journal_id, state, message, etag,
                                        ingest_destination_file_get_bytes_sent (&file->parent), &error))
    g_warning ("Could not record upload state “%s” for %s: %s", state, file->key, error->message);
}

gboolean
_ingest_s3_destination_same_fingerprint (const IngestUploadRecord  *record,
                                         S3File                    *file,
                                         char                     **why)
{
  if (record->source_size != file->size)
    *why = g_strdup_printf ("the source is now %" G_GUINT64_FORMAT " bytes, it was %" G_GUINT64_FORMAT,
                            file->size, record->source_size);
  else if (record->source_mtime_ns != file->mtime_ns)
    *why = g_strdup ("the source's modification time changed");
  else if (g_strcmp0 (record->expected_hash_kind, file->expected_kind) != 0 ||
           g_strcmp0 (record->expected_hash, file->expected) != 0)
    *why = g_strdup_printf ("the expected hash changed (%s %s, was %s %s)",
                            file->expected_kind ? file->expected_kind : "none",
                            file->expected ? file->expected : "-",
                            record->expected_hash_kind ? record->expected_hash_kind : "none",
                            record->expected_hash ? record->expected_hash : "-");
  else
    return TRUE;
  return FALSE;
}

IngestS3ObjectInfo *
_ingest_s3_destination_head_with_retries (IngestS3Destination  *self,
                                          const char           *key,
                                          GCancellable         *cancellable,
                                          GError              **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      IngestS3ObjectInfo *info;

      info = ingest_s3_client_head_object (self->client, self->bucket, key, cancellable, &local_error);
      if (info != NULL)
        return info;
      if (!_ingest_s3_destination_retry_after (self, local_error, attempt, FALSE, cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

gboolean
_ingest_s3_destination_abort_with_retries (IngestS3Destination  *self,
                                           const char           *key,
                                           const char           *upload_id,
                                           GCancellable         *cancellable,
                                           GError              **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (ingest_s3_client_abort_multipart_upload (self->client, self->bucket, key, upload_id,
                                                   cancellable, &local_error) ||
          g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD))
        return TRUE;
      if (!_ingest_s3_destination_retry_after (self, local_error, attempt, FALSE, cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
}

/* Compares what one HEAD says with what was sent. */
static gboolean
compare_object (IngestS3Destination  *self,
                S3File               *file,
                const char           *expected_etag,
                const char           *expected_crc32c,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  const char *meta = NULL;

  if ((info = _ingest_s3_destination_head_with_retries (self, file->key, cancellable, error)) == NULL)
    return FALSE;

  if (info->size != file->size)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                   "%s has %" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " were sent",
                   file->parent.location, info->size, file->size);
      return FALSE;
    }
  if (g_ascii_strcasecmp (info->etag ? info->etag : "", expected_etag) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                   "%s has ETag %s, the parts sent make %s",
                   file->parent.location, info->etag ? info->etag : "(none)", expected_etag);
      return FALSE;
    }
  if (is_directory_marker (file) && g_strcmp0 (info->content_type, DIRECTORY_CONTENT_TYPE) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                   "the folder marker %s has Content-Type %s, not " DIRECTORY_CONTENT_TYPE,
                   file->parent.location, info->content_type ? info->content_type : "(none)");
      return FALSE;
    }
  if (file->expected_kind != NULL && info->metadata != NULL)
    meta = g_hash_table_lookup (info->metadata, file->expected_kind);
  if (file->expected_kind != NULL && g_strcmp0 (meta, file->expected) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                   "%s carries %s %s in its metadata, expected %s",
                   file->parent.location, file->expected_kind, meta ? meta : "nothing", file->expected);
      return FALSE;
    }
  /* Servers that keep x-amz-checksum-* return it (for a multipart object
   * the composite "-N" form); RGW 16 does not. */
  if (info->checksum_crc32c != NULL && expected_crc32c != NULL &&
      g_strcmp0 (info->checksum_crc32c, expected_crc32c) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                   "%s has CRC32C %s, the bytes sent make %s",
                   file->parent.location, info->checksum_crc32c, expected_crc32c);
      return FALSE;
    }
  file->crc_head_confirmed = info->checksum_crc32c != NULL && expected_crc32c != NULL;
  return TRUE;
}

/* An answer cut short can look like a HEAD without the metadata: only a
 * difference that HEAD repeats is the object's. */
gboolean
_ingest_s3_destination_check_object (IngestS3Destination  *self,
                                     S3File               *file,
                                     const char           *expected_etag,
                                     const char           *expected_crc32c,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (compare_object (self, file, expected_etag, expected_crc32c, cancellable, &local_error))
        return TRUE;
      if (attempt >= 2 || !g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST) ||
          g_cancellable_is_cancelled (cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("%s; asking again", local_error->message);
      g_usleep ((attempt + 1) * 200 * G_TIME_SPAN_MILLISECOND);
    }
}

static char *
send_once (IngestS3Destination  *self,
           S3File               *file,
           guint                 part_number,
           const guint8         *bytes,
           gsize                 len,
           IngestS3PutOptions   *options,
           GCancellable         *cancellable,
           GError              **error)
{
  if (part_number == 0)
    return ingest_s3_client_put_object (self->client, self->bucket, file->key, bytes, len,
                                        options, cancellable, error);
  return ingest_s3_client_upload_part (self->client, self->bucket, file->key, file->upload_id,
                                       part_number, bytes, len, options, cancellable, error);
}

/*
 * One PutObject (@part_number 0) or UploadPart, carrying @crc32c (%NULL:
 * none for this upload) as x-amz-checksum-crc32c as far as the server
 * takes it. Until one such request is answered they go one at a time; a
 * server that refuses the header gets this request again at once without
 * it, and every later one of the destination too: exactly one refused
 * request per job. A CRC32C the server echoes must be ours: another one
 * means it stored other bytes (damage in transit), a digest error the
 * caller retries like BadDigest. On return options->checksum_crc32c says
 * whether the CRC32C went with the bytes.
 */
static char *
send_data (IngestS3Destination  *self,
           S3File               *file,
           guint                 part_number,
           const guint8         *bytes,
           gsize                 len,
           IngestS3PutOptions   *options,
           const char           *crc32c,
           GCancellable         *cancellable,
           GError              **error)
{
  IngestS3PutResult result = { 0 };
  ChecksumMode mode;
  gboolean probing;
  char *etag;

  g_mutex_lock (&self->probe_lock);
  g_mutex_lock (&self->lock);
  mode = self->checksum_mode;
  g_mutex_unlock (&self->lock);
  probing = mode == CHECKSUM_UNKNOWN;
  if (!probing)
    g_mutex_unlock (&self->probe_lock);

  options->result = &result;
  options->checksum_crc32c = mode == CHECKSUM_REFUSED ? NULL : crc32c;
  if (probing && crc32c == NULL)
    {
      /* Nothing to learn from a request without the header. */
      probing = FALSE;
      g_mutex_unlock (&self->probe_lock);
    }
  etag = send_once (self, file, part_number, bytes, len, options, cancellable, error);
  if (etag == NULL && result.checksum_rejected && options->checksum_crc32c != NULL)
    {
      g_message ("%s refuses x-amz-checksum-crc32c (%s); relying on Content-MD5",
                 ingest_s3_client_get_endpoint (self->client), (*error)->message);
      g_clear_error (error);
      mode = CHECKSUM_REFUSED;
      options->checksum_crc32c = NULL;
      etag = send_once (self, file, part_number, bytes, len, options, cancellable, error);
    }
  else if (etag != NULL && mode == CHECKSUM_UNKNOWN)
    mode = CHECKSUM_TAKEN;
  if (probing)
    {
      g_mutex_lock (&self->lock);
      self->checksum_mode = mode;
      g_mutex_unlock (&self->lock);
      g_mutex_unlock (&self->probe_lock);
    }

  /* A part without it makes the upload's complete list go without them. */
  if (crc32c != NULL && options->checksum_crc32c == NULL)
    g_atomic_int_set (&file->crc_declared, FALSE);

  if (etag != NULL && options->checksum_crc32c == NULL)
    g_atomic_int_inc (&file->crc_not_sent);
  else if (etag != NULL && result.checksum_crc32c == NULL)
    g_atomic_int_inc (&file->crc_unconfirmed);
  else if (etag != NULL && strcmp (result.checksum_crc32c, crc32c) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                   "%s (part %u): the server computed CRC32C %s, the bytes sent have %s",
                   file->parent.location, MAX (part_number, 1), result.checksum_crc32c, crc32c);
      g_clear_pointer (&etag, g_free);
    }
  else if (etag != NULL)
    g_atomic_int_inc (&file->crc_verified);

  ingest_s3_put_result_clear (&result);
  options->result = NULL;
  return etag;
}

/* What the server's checksums said of this run's bytes, for the file's result. */
static void
note_checksums (S3File *file)
{
  guint verified = g_atomic_int_get (&file->crc_verified);
  guint unconfirmed = g_atomic_int_get (&file->crc_unconfirmed);
  guint not_sent = g_atomic_int_get (&file->crc_not_sent);

  /* The server's own checksum of the whole object, equal to ours. */
  if (file->crc_head_confirmed)
    {
      _ingest_destination_file_add_note (&file->parent, "server-verified crc32c");
      return;
    }
  if (not_sent > 0)
    _ingest_destination_file_add_note (&file->parent, "server does not support x-amz-checksum-crc32c; "
                                       "relying on Content-MD5");
  if (unconfirmed > 0)
    _ingest_destination_file_add_note (&file->parent, "crc32c not confirmed by the server (not echoed); "
                                       "Content-MD5 protected every part");
  if (verified > 0 && unconfirmed == 0 && not_sent == 0)
    _ingest_destination_file_add_note (&file->parent, "server-verified crc32c");
  else if (verified > 0)
    _ingest_destination_file_add_note (&file->parent, "server-verified crc32c for %u of %u parts",
                                       verified, verified + unconfirmed + not_sent);
}

/* A small file's buffer comes from malloc: unmapping one per file cost a
 * TLB shootdown on every CPU each time (a fifth of a card of small files'
 * CPU time), and freed small blocks do not pile up in the arenas. */
#define MAPPED_BUFFER_MIN MiB

static PartBuffer *
part_buffer_new (gsize capacity)
{
  PartBuffer *buffer = g_new0 (PartBuffer, 1);

  buffer->capacity = MAX (capacity, 1);
  if (buffer->capacity < MAPPED_BUFFER_MIN)
    {
      buffer->data = g_malloc (buffer->capacity);
      return buffer;
    }
  buffer->data = mmap (NULL, buffer->capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buffer->data == MAP_FAILED)
    g_error ("Could not map %" G_GSIZE_FORMAT " bytes for a part: %s", buffer->capacity, g_strerror (errno));
  return buffer;
}

static void
part_buffer_free (PartBuffer *buffer)
{
  if (buffer->capacity < MAPPED_BUFFER_MIN)
    g_free (buffer->data);
  else
    munmap (buffer->data, buffer->capacity);
  g_free (buffer);
}

/*
 * The buffer and hasher of the part (or small file) the next bytes belong
 * to. Bounded memory: a part's buffer takes one of "parts in flight + 1"
 * slots from the moment it is made until its upload ends (the +1 lets the
 * next part fill while the others are on the wire), so the process holds
 * at most that many parts whatever the number of files being read.
 */
static void
ensure_part_buffer (IngestS3Destination *self,
                    S3File              *file)
{
  if (file->buffer == NULL && file->upload_id != NULL)
    {
      g_mutex_lock (&self->lock);
      while (self->in_flight > self->parts_in_flight && self->fatal == NULL &&
             !g_cancellable_is_cancelled (file->cancellable))
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
      /* Failing anyway: the bytes go nowhere, no slot needed. */
      file->holds_slot = self->fatal == NULL && !g_cancellable_is_cancelled (file->cancellable);
      if (file->holds_slot)
        self->in_flight++;
      g_mutex_unlock (&self->lock);
    }
  if (file->buffer == NULL)
    {
      file->buffer = part_buffer_new (file->upload_id != NULL ? file->part_size : file->size);
      file->filled = 0;
    }
  if (file->hasher == NULL)
    file->hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_MD5) | INGEST_HASH_BIT (INGEST_HASH_CRC32C));
}

static void
finish_hasher (S3File    *file,
               PartState *part)
{
  ingest_hasher_finish (file->hasher);
  memcpy (part->md5, ingest_hasher_get_digest (file->hasher, INGEST_HASH_MD5, NULL), 16);
  memcpy (part->crc32c, ingest_hasher_get_digest (file->hasher, INGEST_HASH_CRC32C, NULL), 4);
  part->have_md5 = TRUE;
  g_clear_pointer (&file->hasher, ingest_hasher_free);
}

/* The reader filled part @index: skip it if the server has it, else queue it. */
static gboolean
part_filled (IngestS3Destination  *self,
             S3File               *file,
             guint                 index,
             GError              **error)
{
  PartState *part = &file->parts[index];
  g_autofree char *md5 = NULL;
  PartJob *job;

  finish_hasher (file, part);
  md5 = _ingest_s3_hex_of (part->md5, 16);

  if (part->resumable && g_strcmp0 (md5, part->journal_md5) == 0 &&
      (!part->has_listed_crc32c || memcmp (part->crc32c, part->listed_crc32c, 4) == 0))
    {
      __atomic_fetch_add (&file->parent.bytes_resumed, (guint64) file->filled, __ATOMIC_RELAXED);
      file->filled = 0;   /* the same buffer takes the next part */
      return TRUE;
    }
  if (part->resumable)
    {
      _ingest_destination_file_add_note (&file->parent, "part %u changed since it was uploaded; sent again", index + 1);
      part->resumable = FALSE;
      g_clear_pointer (&part->etag, g_free);
    }

  g_mutex_lock (&self->lock);
  if (!file->holds_slot || self->fatal != NULL || g_cancellable_is_cancelled (file->cancellable))
    {
      g_mutex_unlock (&self->lock);
      file->filled = 0;
      return TRUE;   /* finish() reports it */
    }
  /* The buffer's slot passes to the upload, which gives it back. */
  file->holds_slot = FALSE;
  file->pending++;
  g_mutex_unlock (&self->lock);

  job = g_new0 (PartJob, 1);
  job->file = file;
  job->index = index;
  job->data = g_bytes_new_with_free_func (file->buffer->data, file->filled,
                                         (GDestroyNotify) part_buffer_free, file->buffer);
  file->buffer = NULL;
  file->filled = 0;
  g_thread_pool_push (self->pool, job, NULL);
  return TRUE;
}

/*
 * Uploader threads
 */

static void
upload_part_func (gpointer data,
                  gpointer user_data)
{
  IngestS3Destination *self = user_data;
  PartJob *job = data;
  S3File *file = job->file;
  PartState *part = &file->parts[job->index];
  g_autofree char *content_md5 = g_base64_encode (part->md5, 16);
  g_autofree char *crc32c = g_base64_encode (part->crc32c, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  IngestS3PutOptions options = { 0 };
  gsize len;
  const guint8 *bytes = g_bytes_get_data (job->data, &len);

  options.content_md5 = content_md5;
  options.payload_sha256 = "UNSIGNED-PAYLOAD";   /* Content-MD5 already makes the server check every byte */
  options.limit = self->limit;

  for (guint attempt = 0; check_fatal (self, &error); attempt++)
    {
      etag = send_data (self, file, job->index + 1, bytes, len, &options,
                        g_atomic_int_get (&file->crc_declared) ? crc32c : NULL, file->cancellable, &error);
      if (etag != NULL || !_ingest_s3_destination_retry_after (self, error, attempt, TRUE, file->cancellable))
        break;
      g_clear_error (&error);
    }

  if (etag != NULL)
    {
      g_autofree char *md5 = _ingest_s3_hex_of (part->md5, 16);

      if (g_ascii_strcasecmp (etag, md5) != 0)
        g_set_error (&error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                     "part %u of %s: the server's ETag %s is not the MD5 %s of the bytes sent",
                     job->index + 1, file->parent.location, etag, md5);
      else
        {
          gboolean crc_sent = options.checksum_crc32c != NULL;
          IngestUploadPartRecord record = { job->index + 1, len, etag, md5,
                                            crc_sent ? (char *) "crc32c" : NULL, crc_sent ? crc32c : NULL };

          /* Journal only what the server acknowledged; a crash between the
           * two just sends this part again. */
          if (self->catalog != NULL && file->journal_id != 0 &&
              !ingest_upload_journal_add_part (self->catalog, file->journal_id, &record, &error))
            g_prefix_error (&error, "could not journal part %u: ", job->index + 1);
          __atomic_fetch_add (&file->parent.bytes_sent, (guint64) len, __ATOMIC_RELAXED);
        }
    }

  g_mutex_lock (&self->lock);
  if (error == NULL)
    part->etag = g_steal_pointer (&etag);
  self->in_flight--;
  g_mutex_unlock (&self->lock);

  if (error != NULL)
    file_set_error (self, file, error);

  g_mutex_lock (&self->lock);
  file->pending--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_bytes_unref (job->data);
  g_free (job);
}

/*
 * Overrides
 */

static IngestDestinationFile *
ingest_s3_destination_begin (IngestDestination        *destination,
                             const IngestUploadSource *source,
                             GCancellable             *cancellable,
                             GError                  **error)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  S3File *file;
  g_autofree char *location = NULL;
  g_autofree char *key = NULL;

  if (!check_fatal (self, error))
    return NULL;

  key = full_key (self, source->key);
  location = g_strdup_printf ("s3://%s/%s", self->bucket, key);
  file = g_new0 (S3File, 1);
  _ingest_destination_file_init (&file->parent, destination, location);
  file->key = g_steal_pointer (&key);
  file->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  file->source_path = g_strdup (source->path);
  file->size = source->size;
  file->mtime_ns = source->mtime_ns;
  file->expected_kind = g_strdup (source->expected_kind);
  file->expected = g_strdup (source->expected);
  file->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (source->metadata != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, source->metadata);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_hash_table_insert (file->metadata, g_strdup (name), g_strdup (value));
    }

  if (source->drive != NULL)
    g_hash_table_insert (file->metadata, g_strdup (DRIVE_METADATA),
                         g_uri_escape_string (source->drive, " !$&'()*+,;=:@[]", FALSE));
  file->wanted_key = g_strdup (file->key);
  file->keep_name = source->keep_name;
  if (source->replaces != NULL)
    {
      file->replaces_md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, source->replaces);
      file->replaces_size = g_bytes_get_size (source->replaces);
    }

  /* Killed between completing a multipart upload and journaling it: the
   * earlier run's object, if it is exactly what the journaled parts make. */
  if (self->catalog != NULL && _ingest_s3_destination_completed_earlier (self, file, cancellable))
    return &file->parent;

  switch (_ingest_s3_destination_place_file (self, file, 1, NULL, cancellable, error))
    {
    case PLACE_ERROR:
      ingest_destination_file_free (&file->parent);
      return NULL;
    case PLACE_SAME:
      if (self->catalog != NULL)
        _ingest_s3_destination_drop_live_multipart (self, file, "the same file is already at the destination", cancellable);
      return &file->parent;
    case PLACE_FREE:
    case PLACE_DEFER:
    case PLACE_DIFFERENT:
    case PLACE_REPLACE:
    default:
      break;
    }

  if (file->size <= self->part_size && !_ingest_s3_destination_live_multipart_fits (self, file))
    {
      /* A small file is held whole until its verdict: keep the sum of
       * those within the same budget as the parts in flight. */
      g_mutex_lock (&self->lock);
      while (self->single_bytes > 0 &&
             self->single_bytes + file->size > (guint64) self->parts_in_flight * self->part_size &&
             self->fatal == NULL && !g_cancellable_is_cancelled (cancellable))
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
      self->single_bytes += file->size;
      file->reserved = file->size;
      g_mutex_unlock (&self->lock);

      if (self->catalog != NULL)
        _ingest_s3_destination_drop_live_multipart (self, file, "restarted as a single PUT", cancellable);
      return &file->parent;
    }

  file->part_size = ingest_s3_destination_choose_part_size (self, file->size);
  file->upload_id = NULL;
  file->n_parts = _ingest_s3_part_count (file->size, file->part_size);

  /* _ingest_s3_destination_try_resume() compares with the journal; it
   * needs upload_id non-NULL to mean "multipart": mark it so, then clear. */
  file->upload_id = g_strdup ("");
  if (self->catalog != NULL && !_ingest_s3_destination_try_resume (self, file, cancellable, error))
    {
      ingest_destination_file_free (&file->parent);
      return NULL;
    }
  if (file->already)
    {
      g_clear_pointer (&file->upload_id, g_free);
      return &file->parent;
    }
  if (file->upload_id[0] == '\0')
    {
      g_clear_pointer (&file->upload_id, g_free);
      g_clear_pointer (&file->parts, g_free);
      if (!_ingest_s3_destination_start_multipart (self, file, cancellable, error))
        {
          ingest_destination_file_free (&file->parent);
          return NULL;
        }
    }
  return &file->parent;
}

static gboolean
ingest_s3_destination_write (IngestDestination      *destination,
                             IngestDestinationFile  *base,
                             const guint8           *data,
                             gsize                   len,
                             guint64                 offset,
                             GError                **error)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  S3File *file = (S3File *) base;

  if (file->already)
    return TRUE;
  if (offset != file->next_offset || offset + len > file->size)
    {
      g_autoptr(GError) local_error = NULL;

      g_set_error (&local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "%s changed while it was read (bytes at %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT
                   " of %" G_GUINT64_FORMAT ")", file->source_path, offset, file->next_offset, file->size);
      file_set_error (self, file, local_error);
      file->next_offset = G_MAXUINT64;
      return TRUE;
    }

  while (len > 0)
    {
      guint64 end = file->size;
      gsize n;

      if (file->upload_id != NULL)
        end = MIN (file->size, (offset / file->part_size + 1) * file->part_size);
      n = MIN (len, end - offset);

      ensure_part_buffer (self, file);
      memcpy (file->buffer->data + file->filled, data, n);
      file->filled += n;
      ingest_hasher_update (file->hasher, data, n);
      data += n;
      len -= n;
      offset += n;
      file->next_offset = offset;

      if (file->upload_id != NULL && offset == end &&
          !part_filled (self, file, (offset - 1) / file->part_size, error))
        return FALSE;
    }
  return TRUE;
}

/*
 * Whether the key of a multipart upload is still free, by a HEAD just
 * before completing. When an object is there: %FALSE, and either the same
 * file (size and MHL hash: already delivered, no @error) or @error
 * (INGEST_UPLOAD_ERROR_EXISTS with the reason, or the HEAD's failure).
 */
static gboolean
still_free (IngestS3Destination  *self,
            S3File               *file,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Listed) there = NULL;
  g_autofree char *reason = NULL;

  info = _ingest_s3_destination_head_with_retries (self, file->key, cancellable, &local_error);
  if (info == NULL && g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY))
    return TRUE;
  if (info == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  _ingest_s3_destination_settle_claim (self, file, NULL);
  if (info->size == file->size && file->expected_kind != NULL &&
      g_strcmp0 (g_hash_table_lookup (info->metadata, file->expected_kind), file->expected) == 0)
    {
      _ingest_destination_file_set_already_delivered (&file->parent, file->size);
      _ingest_destination_file_add_note (&file->parent, "the same file was written at %s meanwhile; not sent again",
                                         file->parent.location);
      return FALSE;
    }
  there = _ingest_s3_destination_listed_new (info->size, info->etag, info->last_modified);
  reason = _ingest_s3_destination_describe_taken (self, file, file->key, there, cancellable);
  g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS, reason);
  return FALSE;
}

static gboolean
finish_single (IngestS3Destination  *self,
               S3File               *file,
               GCancellable         *cancellable,
               GError              **error)
{
  PartState whole = { 0 };
  g_autofree char *md5 = NULL;
  g_autofree char *content_md5 = NULL;
  g_autofree char *crc32c = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *etag = NULL;
  IngestS3PutOptions options = { 0 };

  ensure_part_buffer (self, file);   /* an empty file got no write */
  finish_hasher (file, &whole);
  md5 = _ingest_s3_hex_of (whole.md5, 16);
  content_md5 = g_base64_encode (whole.md5, 16);
  crc32c = g_base64_encode (whole.crc32c, 4);
  options.content_md5 = content_md5;
  options.payload_sha256 = "UNSIGNED-PAYLOAD";
  options.metadata = file->metadata;
  options.limit = self->limit;
  /* Never replace what someone wrote since the listing; a chain replaces
   * only the object it extends, as long as that is still there. */
  options.if_none_match = file->replace_etag == NULL;
  options.if_match = file->replace_etag;
  if (is_directory_marker (file))
    options.content_type = DIRECTORY_CONTENT_TYPE;

  /* An object of our size was there: now our MD5 tells whether it is ours. */
  if (file->taken_etag != NULL)
    {
      Place place = _ingest_s3_destination_place_file (self, file, file->rename_n, md5, cancellable, error);

      if (place == PLACE_ERROR)
        return FALSE;
      if (place == PLACE_SAME)
        return TRUE;
    }

  for (guint attempt = 0; check_fatal (self, &local_error); attempt++)
    {
      etag = send_data (self, file, 0, file->buffer->data, file->filled, &options, crc32c,
                        cancellable, &local_error);
      if (etag != NULL)
        break;
      /* 412: written by someone else since the listing; look again. */
      if (g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS))
        {
          Place place;

          g_clear_error (&local_error);
          place = _ingest_s3_destination_place_again (self, file, md5, cancellable, error);
          if (place == PLACE_ERROR)
            return FALSE;
          if (place == PLACE_SAME)
            return TRUE;
          continue;   /* renamed */
        }
      if (!_ingest_s3_destination_retry_after (self, local_error, attempt, TRUE, cancellable))
        break;
      g_clear_error (&local_error);
    }
  if (etag == NULL)
    {
      _ingest_s3_destination_note_fatal (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  file->parent.bytes_sent = file->filled;

  /* The cloud check, from the PUT's own answer (see the top of the file). */
  if (g_ascii_strcasecmp (etag, md5) != 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST,
                   "%s has ETag %s, the bytes sent have MD5 %s", file->parent.location, etag, md5);
      return FALSE;
    }
  _ingest_s3_destination_settle_claim (self, file, md5);
  note_checksums (file);

  if (self->catalog != NULL)
    _ingest_s3_destination_journal_verified_later (self, file, file->key, md5, file->size, NULL);
  return TRUE;
}

static gboolean
finish_multipart (IngestS3Destination  *self,
                  S3File               *file,
                  GCancellable         *cancellable,
                  GError              **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_part_free);
  g_autofree guint8 *md5s = g_malloc ((gsize) file->n_parts * 16);
  g_autofree guint8 *crcs = g_malloc ((gsize) file->n_parts * 4);
  g_autofree char *etag = NULL;
  g_autofree char *crc32c = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *completed = NULL;
  gboolean tried = FALSE;
  gboolean declared;

  wait_pending (self, file);
  g_mutex_lock (&self->lock);
  if (file->error != NULL)
    local_error = g_error_copy (file->error);
  g_mutex_unlock (&self->lock);
  if (local_error != NULL)
    {
      /* Keep the journal for a resume unless the upload itself is gone. */
      if (g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD))
        _ingest_s3_destination_journal_state (self, file, "failed", local_error->message, NULL);
      else
        _ingest_s3_destination_journal_state (self, file, "paused", local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  declared = g_atomic_int_get (&file->crc_declared);
  for (guint i = 0; i < file->n_parts; i++)
    {
      IngestS3Part *part;

      /* A part dropped because the destination failed for every file. */
      if (!file->parts[i].have_md5 || file->parts[i].etag == NULL)
        {
          if (check_fatal (self, &local_error))
            g_set_error (&local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                         "part %u of %s was never acknowledged", i + 1, file->parent.location);
          _ingest_s3_destination_journal_state (self, file, "paused", local_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      part = ingest_s3_part_new (i + 1, file->parts[i].etag, 0);
      /* Every part's CRC32C was computed from this run's read, resumed ones too. */
      if (declared)
        part->checksum_crc32c = g_base64_encode (file->parts[i].crc32c, 4);
      g_ptr_array_add (parts, part);
      memcpy (md5s + 16 * i, file->parts[i].md5, 16);
      memcpy (crcs + 4 * i, file->parts[i].crc32c, 4);
    }
  etag = ingest_s3_multipart_etag (md5s, file->n_parts);
  crc32c = ingest_s3_composite_crc32c (crcs, file->n_parts);

  /* RGW 16 ignores If-None-Match here: look just before completing. */
  if (!still_free (self, file, cancellable, &local_error))
    {
      gboolean same = local_error == NULL;

      _ingest_s3_destination_abort_with_retries (self, file->key, file->upload_id, cancellable, NULL);
      _ingest_s3_destination_journal_state (self, file, "failed", same ? "the same file was written there meanwhile" : local_error->message, NULL);
      if (same)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _ingest_s3_destination_journal_state (self, file, "completing", NULL, NULL);
  for (guint attempt = 0; check_fatal (self, &local_error); attempt++)
    {
      g_free (completed);
      completed = ingest_s3_client_complete_multipart_upload (self->client, self->bucket, file->key,
                                                              file->upload_id, parts, TRUE, cancellable, &local_error);
      if (completed != NULL)
        break;
      /* A server that honours If-None-Match (AWS): someone wrote it meanwhile. */
      if (g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS))
        {
          gboolean same;

          g_clear_error (&local_error);
          _ingest_s3_destination_abort_with_retries (self, file->key, file->upload_id, cancellable, NULL);
          same = !still_free (self, file, cancellable, &local_error) && local_error == NULL;
          if (local_error == NULL && !same)
            g_set_error (&local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
                         "%s was written meanwhile — not overwritten", file->parent.location);
          _ingest_s3_destination_journal_state (self, file, "failed", same ? "the same file was written there meanwhile" : local_error->message, NULL);
          if (same)
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* An earlier attempt may have completed it and lost the answer: HEAD decides. */
      if (tried && g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD))
        {
          g_clear_error (&local_error);
          break;
        }
      tried = TRUE;
      /* The part list we send is right: a digest error is damage in transit. */
      if (!_ingest_s3_destination_retry_after (self, local_error, attempt, TRUE, cancellable))
        break;
      g_clear_error (&local_error);
    }
  if (local_error != NULL)
    {
      _ingest_s3_destination_note_fatal (self, local_error);
      _ingest_s3_destination_journal_state (self, file,
                                            g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD) ? "failed" : "paused",
                                            local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _ingest_s3_destination_journal_state (self, file, "verifying", NULL, NULL);
  if (!_ingest_s3_destination_check_object (self, file, etag, crc32c, cancellable, &local_error))
    {
      _ingest_s3_destination_journal_state (self, file, "failed", local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  _ingest_s3_destination_journal_state (self, file, "verified", NULL, etag);
  _ingest_s3_destination_settle_claim (self, file, etag);
  note_checksums (file);
  return TRUE;
}

static gboolean
ingest_s3_destination_finish (IngestDestination      *destination,
                              IngestDestinationFile  *base,
                              GCancellable           *cancellable,
                              GError                **error)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  S3File *file = (S3File *) base;

  if (file->already)
    return TRUE;
  if (file->next_offset != file->size)
    {
      g_autoptr(GError) local_error = NULL;

      wait_pending (self, file);
      g_mutex_lock (&self->lock);
      if (file->error != NULL)
        local_error = g_error_copy (file->error);
      g_mutex_unlock (&self->lock);
      if (local_error == NULL)
        g_set_error (&local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                     "only %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes of %s were read",
                     file->next_offset, file->size, file->source_path);
      _ingest_s3_destination_journal_state (self, file, "failed", local_error->message, NULL);
      if (file->upload_id != NULL)
        _ingest_s3_destination_abort_with_retries (self, file->key, file->upload_id, cancellable, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (file->upload_id == NULL)
    return finish_single (self, file, cancellable, error);
  return finish_multipart (self, file, cancellable, error);
}

static void
ingest_s3_destination_hold (IngestDestination     *destination,
                            IngestDestinationFile *base,
                            const char            *reason)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  S3File *file = (S3File *) base;
  g_autofree char *message = g_strdup_printf ("not delivered: %s", reason);

  if (file->already)
    return;
  wait_pending (self, file);
  /* Nothing partial stays behind that could be completed by mistake. */
  if (file->upload_id != NULL)
    _ingest_s3_destination_abort_with_retries (self, file->key, file->upload_id, NULL, NULL);
  _ingest_s3_destination_journal_state (self, file, "failed", message, NULL);
}

static void
ingest_s3_destination_suspend (IngestDestination     *destination,
                               IngestDestinationFile *base)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  S3File *file = (S3File *) base;

  wait_pending (self, file);
  if (!file->already)
    _ingest_s3_destination_journal_state (self, file, "paused", "interrupted before the end of the file", NULL);
}

static void
ingest_s3_destination_file_free (IngestDestination     *destination,
                                 IngestDestinationFile *base)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  S3File *file = (S3File *) base;

  g_assert (file->pending == 0);
  _ingest_s3_destination_settle_claim (self, file, NULL);
  if (file->reserved > 0 || file->holds_slot)
    {
      g_mutex_lock (&self->lock);
      self->single_bytes -= file->reserved;
      if (file->holds_slot)
        self->in_flight--;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  for (guint i = 0; file->parts != NULL && i < file->n_parts; i++)
    {
      g_free (file->parts[i].etag);
      g_free (file->parts[i].journal_md5);
    }
  g_free (file->parts);
  g_free (file->key);
  g_free (file->source_path);
  g_free (file->expected_kind);
  g_free (file->expected);
  g_clear_pointer (&file->metadata, g_hash_table_unref);
  g_free (file->wanted_key);
  g_free (file->taken_etag);
  g_free (file->replaces_md5);
  g_free (file->replace_etag);
  g_free (file->upload_id);
  g_clear_pointer (&file->buffer, part_buffer_free);
  g_clear_pointer (&file->hasher, ingest_hasher_free);
  g_clear_error (&file->error);
  g_clear_object (&file->cancellable);
  g_free (file);
}

static GError *
ingest_s3_destination_dup_fatal_error (IngestDestination *destination)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  GError *error = NULL;

  check_fatal (self, &error);
  return error;
}

static GBytes *
ingest_s3_destination_fetch (IngestDestination  *destination,
                             const char         *key,
                             gsize               max_size,
                             GCancellable       *cancellable,
                             GError            **error)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (destination);
  g_autofree char *object_key = full_key (self, key);
  g_autoptr(IngestS3ObjectInfo) info = NULL;

  /* HEAD first: a hostile object at the key must not fill the memory. */
  if ((info = _ingest_s3_destination_head_with_retries (self, object_key, cancellable, error)) == NULL)
    return NULL;
  if (info->size > max_size)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "s3://%s/%s is %" G_GUINT64_FORMAT " bytes, more than the %" G_GSIZE_FORMAT " expected at most",
                   self->bucket, object_key, info->size, max_size);
      return NULL;
    }
  return ingest_s3_client_get_object (self->client, self->bucket, object_key, cancellable, error);
}

static void
ingest_s3_destination_finalize (GObject *object)
{
  IngestS3Destination *self = INGEST_S3_DESTINATION (object);

  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_object (&self->client);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->bucket, g_free);
  g_clear_pointer (&self->prefix, g_free);
  g_clear_pointer (&self->limit, ingest_token_bucket_free);
  g_clear_error (&self->fatal);
  g_clear_pointer (&self->folders, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->probe_lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (ingest_s3_destination_parent_class)->finalize (object);
}

/* A folder's listing; NULL while it is being made. */
static void
listing_free (gpointer listing)
{
  if (listing != NULL)
    g_hash_table_unref (listing);
}

static void
ingest_s3_destination_class_init (IngestS3DestinationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IngestDestinationClass *destination_class = INGEST_DESTINATION_CLASS (klass);

  object_class->finalize = ingest_s3_destination_finalize;

  destination_class->begin = ingest_s3_destination_begin;
  destination_class->write = ingest_s3_destination_write;
  destination_class->finish = ingest_s3_destination_finish;
  destination_class->hold = ingest_s3_destination_hold;
  destination_class->suspend = ingest_s3_destination_suspend;
  destination_class->file_free = ingest_s3_destination_file_free;
  destination_class->fetch = ingest_s3_destination_fetch;
  destination_class->dup_fatal_error = ingest_s3_destination_dup_fatal_error;
}

static void
ingest_s3_destination_init (IngestS3Destination *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->probe_lock);
  g_cond_init (&self->cond);
  self->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, listing_free);
  self->parts_in_flight = INGEST_S3_DEFAULT_PARTS_IN_FLIGHT;
  self->part_size = INGEST_S3_DEFAULT_PART_SIZE;
  self->max_attempts = INGEST_S3_DEFAULT_MAX_ATTEMPTS;
}

/*
 * Public API
 */

/**
 * ingest_s3_destination_new:
 * @client: the client (its handle pool gives each uploader thread its own
 *   connection)
 * @bucket: the bucket
 * @prefix: (nullable): key prefix, without a trailing "/"
 * @catalog: (nullable): where the resume journal lives; %NULL: no resume
 *
 * Returns: (transfer full): a new destination
 */
IngestS3Destination *
ingest_s3_destination_new (IngestS3Client *client,
                           const char     *bucket,
                           const char     *prefix,
                           IngestCatalog  *catalog)
{
  IngestS3Destination *self;
  g_autofree char *clean = g_strdup (prefix != NULL ? prefix : "");
  g_autofree char *uri = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (client), NULL);
  g_return_val_if_fail (bucket != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || INGEST_IS_CATALOG (catalog), NULL);

  while (clean[0] != '\0' && clean[strlen (clean) - 1] == '/')
    clean[strlen (clean) - 1] = '\0';
  uri = g_strdup_printf ("s3://%s%s%s@%s", bucket, clean[0] ? "/" : "", clean,
                         ingest_s3_client_get_endpoint (client));

  self = g_object_new (INGEST_TYPE_S3_DESTINATION, "uri", uri, NULL);
  self->client = g_object_ref (client);
  self->bucket = g_strdup (bucket);
  self->prefix = g_steal_pointer (&clean);
  self->catalog = catalog != NULL ? g_object_ref (catalog) : NULL;
  self->pool = g_thread_pool_new (upload_part_func, self, self->parts_in_flight, FALSE, NULL);
  return self;
}

IngestS3Client *
ingest_s3_destination_get_client (IngestS3Destination *self)
{
  g_return_val_if_fail (INGEST_IS_S3_DESTINATION (self), NULL);
  return self->client;
}

const char *
ingest_s3_destination_get_bucket (IngestS3Destination *self)
{
  g_return_val_if_fail (INGEST_IS_S3_DESTINATION (self), NULL);
  return self->bucket;
}

const char *
ingest_s3_destination_get_prefix (IngestS3Destination *self)
{
  g_return_val_if_fail (INGEST_IS_S3_DESTINATION (self), NULL);
  return self->prefix;
}

/* How many parts may be on the wire at once (uploader threads); memory is
 * part size × (this + 1). */
void
ingest_s3_destination_set_parts_in_flight (IngestS3Destination *self,
                                           guint                parts_in_flight)
{
  g_return_if_fail (INGEST_IS_S3_DESTINATION (self));
  g_return_if_fail (parts_in_flight >= 1 && parts_in_flight <= 64);

  g_mutex_lock (&self->lock);
  self->parts_in_flight = parts_in_flight;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_pool_set_max_threads (self->pool, parts_in_flight, NULL);
}

/* The smallest part size, also the single-PUT threshold (before any file starts). */
void
ingest_s3_destination_set_part_size (IngestS3Destination *self,
                                     guint64              part_size)
{
  g_return_if_fail (INGEST_IS_S3_DESTINATION (self));
  g_return_if_fail (part_size >= INGEST_S3_MIN_PART_SIZE);

  self->part_size = part_size;
}

/* 0 = no cap (before any file starts). */
void
ingest_s3_destination_set_bandwidth_limit (IngestS3Destination *self,
                                           guint64              bytes_per_second)
{
  g_return_if_fail (INGEST_IS_S3_DESTINATION (self));

  g_clear_pointer (&self->limit, ingest_token_bucket_free);
  /* A small burst (1/10 s): bytes saved while idle (between files, during
   * a HEAD) must not go out later as a spike above the cap. */
  if (bytes_per_second > 0)
    self->limit = ingest_token_bucket_new (bytes_per_second, MAX (bytes_per_second / 10, 16 * 1024));
}

void
ingest_s3_destination_set_max_attempts (IngestS3Destination *self,
                                        guint                max_attempts)
{
  g_return_if_fail (INGEST_IS_S3_DESTINATION (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
}

/**
 * ingest_s3_destination_choose_part_size:
 * @size: the file's size
 *
 * The configured part size, grown (in whole MiB, so parts start on the read
 * size's boundaries) until @size needs at most 10,000 parts.
 */
guint64
ingest_s3_destination_choose_part_size (IngestS3Destination *self,
                                        guint64              size)
{
  return _ingest_s3_part_size_for (self->part_size, size);
}

/**
 * ingest_s3_destination_check:
 *
 * One cheap signed request (ListMultipartUploads of the prefix) so that
 * wrong credentials, a missing bucket or clock skew fail at once, in plain
 * words, before any file is read.
 */
gboolean
ingest_s3_destination_check (IngestS3Destination  *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (INGEST_IS_S3_DESTINATION (self), FALSE);

  for (guint attempt = 0;; attempt++)
    {
      g_clear_error (&local_error);
      uploads = ingest_s3_client_list_multipart_uploads (self->client, self->bucket, self->prefix, 1,
                                                         cancellable, &local_error);
      if (uploads != NULL || !_ingest_s3_destination_retry_after (self, local_error, attempt, FALSE, cancellable))
        break;
    }
  if (uploads == NULL)
    {
      _ingest_s3_destination_note_fatal (self, local_error);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "s3://%s: ", self->bucket);
      return FALSE;
    }
  return TRUE;
}

/**
 * ingest_s3_destination_abort_upload:
 * @record: a journaled upload to this destination
 *
 * Aborts the multipart upload on the server (an upload already gone counts
 * as aborted) and marks it aborted in the journal.
 */
gboolean
ingest_s3_destination_abort_upload (IngestS3Destination       *self,
                                    const IngestUploadRecord  *record,
                                    GCancellable              *cancellable,
                                    GError                   **error)
{
  g_return_val_if_fail (INGEST_IS_S3_DESTINATION (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->remote_upload_id != NULL &&
      !_ingest_s3_destination_abort_with_retries (self, record->key, record->remote_upload_id, cancellable, error))
    return FALSE;
  if (self->catalog != NULL &&
      !ingest_upload_journal_set_state (self->catalog, record->id, "aborted", "aborted by the user", NULL, 0, error))
    return FALSE;
  return TRUE;
}

/* S3's rules for a bucket name: 3 to 63 lowercase letters, digits, dots
 * and hyphens, beginning and ending with a letter or digit, no "..". */
static gboolean
is_bucket_name (const char *name)
{
  gsize len = strlen (name);

  if (len < 3 || len > 63 || !g_ascii_isalnum (name[0]) || !g_ascii_isalnum (name[len - 1]) ||
      strstr (name, "..") != NULL)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '-'))
      return FALSE;
  return TRUE;
}

/**
 * ingest_s3_parse_uri:
 * @uri: "s3://BUCKET[/PREFIX][@ENDPOINT]" (the scheme in any case)
 * @bucket: (out): the bucket
 * @prefix: (out): the prefix without the trailing "/" ("" = none)
 * @endpoint: (out) (optional) (nullable): the endpoint after "@", if any
 *
 * The bucket must be a valid S3 bucket name; the prefix is checked like
 * an object key: no "." or ".." component, no "//", no leading "/".
 *
 * Returns: %FALSE with INGEST_UPLOAD_ERROR_CONFIG when @uri is not an s3 URI
 */
gboolean
ingest_s3_parse_uri (const char  *uri,
                     char       **bucket,
                     char       **prefix,
                     char       **endpoint,
                     GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) parts = NULL;
  const char *at;
  const char *slash;

  if (g_ascii_strncasecmp (uri, "s3://", 5) != 0 || uri[5] == '\0' || uri[5] == '/')
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "“%s” is not an S3 location: write s3://BUCKET/PREFIX", uri);
      return FALSE;
    }
  at = strstr (uri + 5, "@http");
  path = at != NULL ? g_strndup (uri + 5, at - uri - 5) : g_strdup (uri + 5);
  slash = strchr (path, '/');
  name = slash != NULL ? g_strndup (path, slash - path) : g_strdup (path);
  if (!is_bucket_name (name))
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "“%s”: “%s” is not a valid bucket name (3 to 63 lowercase letters, digits, "
                   "dots and hyphens)", uri, name);
      return FALSE;
    }
  clean = g_strdup (slash != NULL ? slash + 1 : "");
  if (clean[0] != '\0' && clean[strlen (clean) - 1] == '/')
    clean[strlen (clean) - 1] = '\0';
  parts = g_strsplit (clean, "/", -1);
  for (guint i = 0; clean[0] != '\0' && parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      {
        if (parts[i][0] == '\0')
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       "“%s”: the prefix has an empty component (“//” or a leading “/”)", uri);
        else
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       "“%s”: the prefix has a “%s” component", uri, parts[i]);
        return FALSE;
      }
  *bucket = g_steal_pointer (&name);
  *prefix = g_steal_pointer (&clean);
  if (endpoint != NULL)
    *endpoint = at != NULL ? g_strdup (at + 1) : NULL;
  return TRUE;
}
