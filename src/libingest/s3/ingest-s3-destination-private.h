/* ingest-s3-destination-private.h
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

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include "ingest-catalog.h"
#include "ingest-destination-private.h"
#include "ingest-hasher.h"
#include "ingest-s3-destination.h"
#include "ingest-token-bucket.h"
#include "ingest-upload-journal.h"

G_BEGIN_DECLS

/* Where an object says which drive it came from (a later conflict names it). */
#define DRIVE_METADATA "ingest-drive"

/* The destination's state, shared by ingest-s3-destination.c (sending,
 * finishing), ingest-s3-placement.c (where a file goes) and
 * ingest-s3-resume.c (the multipart journal). */

typedef struct
{
  char    *etag;        /* acknowledged by the server (this run or journal ∩ ListParts) */
  char    *journal_md5; /* hex, for resumable parts */
  guint8   md5[16];
  guint8   crc32c[4];
  guint8   listed_crc32c[4]; /* what ListParts said of a resumable part */
  guint    resumable : 1;
  guint    have_md5 : 1;
  guint    has_listed_crc32c : 1;
} PartState;

/* A part's bytes. Mapped, not malloc'ed: an unmapped buffer goes back to
 * the system at once, so the process holds only the parts in use (glibc's
 * arenas kept some 50 MB more of freed 16 MiB buffers). */
typedef struct
{
  guint8 *data;
  gsize   capacity;
} PartBuffer;

typedef struct
{
  IngestDestinationFile  parent;

  char                  *key;
  char                  *source_path;
  guint64                size;
  gint64                 mtime_ns;
  char                  *expected_kind;
  char                  *expected;
  GHashTable            *metadata;
  char                  *wanted_key;   /* the key before any renaming */
  guint                  rename_n;     /* 1: the wanted key, n: "NAME (n).EXT" */
  char                  *taken_etag;   /* the single-part ETag of the object at the key, for finish() */
  char                  *replaces_md5; /* hex MD5 of source->replaces: the object it may replace */
  guint64                replaces_size;
  char                  *replace_etag; /* PLACE_REPLACE: the ETag the PUT's If-Match names */
  gboolean               keep_name;    /* never renamed (source->keep_name) */
  gboolean               claimed;      /* the key is claimed in the listing for this file */

  GCancellable          *cancellable;  /* the read's: stops sends and retries too */
  gint64                 journal_id;   /* 0: none */
  char                  *upload_id;    /* NULL: single PUT */
  guint64                part_size;
  guint                  n_parts;
  PartState             *parts;
  gint                   crc_declared; /* atomic: the upload was created with the CRC32C algorithm */
  gboolean               already;      /* verified earlier and unchanged */
  guint64                reserved;     /* single PUT: bytes of the memory budget held */

  /* the reader's */
  PartBuffer            *buffer;       /* NULL until the next byte arrives */
  gsize                  filled;
  gboolean               holds_slot;   /* @buffer counts in the destination's in_flight */
  IngestHasher          *hasher;
  guint64                next_offset;

  /* parts (or the PUT) sent this run, by what the server said of their
   * CRC32C; atomic */
  guint                  crc_verified;
  guint                  crc_unconfirmed;
  guint                  crc_not_sent;
  gboolean               crc_head_confirmed;  /* the HEAD returned our CRC32C */

  /* under the destination's lock */
  guint                  pending;
  GError                *error;
} S3File;

/* How far the server takes x-amz-checksum-crc32c, learnt on first use. */
typedef enum
{
  CHECKSUM_UNKNOWN,   /* no request carrying it has been answered yet */
  CHECKSUM_TAKEN,     /* accepted (which may mean ignored: RGW 16) */
  CHECKSUM_REFUSED,   /* refused: Content-MD5 alone protects the bytes */
} ChecksumMode;

struct _IngestS3Destination
{
  IngestDestination  parent_instance;

  IngestS3Client    *client;
  char              *bucket;
  char              *prefix;
  IngestCatalog     *catalog;
  guint              parts_in_flight;
  guint64            part_size;
  guint              max_attempts;
  IngestTokenBucket *limit;
  GThreadPool       *pool;

  GMutex             lock;
  GCond              cond;
  guint              in_flight;
  guint64            single_bytes;  /* whole small files held until their verdict */
  GError            *fatal;
  ChecksumMode       checksum_mode;
  GHashTable        *folders;       /* listed "folder/" → GHashTable key → Listed (NULL: being listed) */

  GMutex             probe_lock;    /* one data request at a time while the mode is unknown */
};

/* What is at one key, as a listing said it (or as this run left it). */
typedef struct
{
  guint64  size;
  char    *etag;           /* NULL: claimed by a file of this run, nothing there yet */
  char    *last_modified;  /* ISO 8601 */
} Listed;

/* What the key of a file holds, for begin() and finish(). */
typedef enum
{
  PLACE_ERROR,
  PLACE_FREE,      /* nothing: the key is claimed for the file */
  PLACE_SAME,      /* the same file: already delivered */
  PLACE_DEFER,     /* an object of the same size with a single-part ETag: finish() compares the MD5 */
  PLACE_DIFFERENT, /* another file */
  PLACE_REPLACE,   /* the one content the file may replace (source->replaces): PUT with If-Match */
} Place;

/* ingest-s3-destination.c */
IngestS3ObjectInfo *
          _ingest_s3_destination_head_with_retries  (IngestS3Destination       *self,
                                                      const char                *key,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
void      _ingest_s3_destination_note_fatal          (IngestS3Destination       *self,
                                                      const GError              *error);
gboolean  _ingest_s3_destination_retry_after         (IngestS3Destination       *self,
                                                      const GError              *error,
                                                      guint                      attempt,
                                                      gboolean                   body_retry,
                                                      GCancellable              *cancellable);
void      _ingest_s3_destination_journal_state       (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      const char                *state,
                                                      const char                *message,
                                                      const char                *etag);
gboolean  _ingest_s3_destination_same_fingerprint    (const IngestUploadRecord  *record,
                                                      S3File                    *file,
                                                      char                     **why);
gboolean  _ingest_s3_destination_abort_with_retries  (IngestS3Destination       *self,
                                                      const char                *key,
                                                      const char                *upload_id,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
gboolean  _ingest_s3_destination_check_object        (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      const char                *expected_etag,
                                                      const char                *expected_crc32c,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);

/* ingest-s3-placement.c */
Listed   *_ingest_s3_destination_listed_new          (guint64                    size,
                                                      const char                *etag,
                                                      const char                *last_modified);
void      _ingest_s3_destination_listed_free         (Listed                    *listed);
Place     _ingest_s3_destination_place_file          (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      guint                      n,
                                                      const char                *md5,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
Place     _ingest_s3_destination_place_again         (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      const char                *md5,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
void      _ingest_s3_destination_settle_claim        (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      const char                *etag);
char     *_ingest_s3_destination_describe_taken      (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      const char                *key,
                                                      const Listed              *there,
                                                      GCancellable              *cancellable);
void      _ingest_s3_destination_journal_verified_later (IngestS3Destination *self,
                                                         S3File              *file,
                                                         const char          *key,
                                                         const char          *etag,
                                                         guint64              bytes_sent,
                                                         const char          *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listed, _ingest_s3_destination_listed_free)

/* ingest-s3-resume.c */
gboolean  _ingest_s3_destination_try_resume          (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
gboolean  _ingest_s3_destination_start_multipart     (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
gboolean  _ingest_s3_destination_live_multipart_fits (IngestS3Destination       *self,
                                                      S3File                    *file);
void      _ingest_s3_destination_drop_live_multipart (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      const char                *why,
                                                      GCancellable              *cancellable);
gboolean  _ingest_s3_destination_completed_earlier   (IngestS3Destination       *self,
                                                      S3File                    *file,
                                                      GCancellable              *cancellable);

G_END_DECLS
