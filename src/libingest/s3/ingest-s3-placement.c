/* ingest-s3-placement.c
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

/* The no-overwrite guard: what is at a key before anything goes there (one
 * listing per folder, claims of this run, the journal's deliveries), and
 * where a file goes under the conflict policy. */

#define G_LOG_DOMAIN "ingest-s3-destination"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ingest-s3-checksum-private.h"
#include "ingest-s3-destination-private.h"
#include "ingest-upload-error.h"

/*
 * The guard: what is at a key before anything goes there
 */

void
_ingest_s3_destination_listed_free (Listed *listed)
{
  g_free (listed->etag);
  g_free (listed->last_modified);
  g_free (listed);
}

Listed *
_ingest_s3_destination_listed_new (guint64     size,
                                   const char *etag,
                                   const char *last_modified)
{
  Listed *listed = g_new0 (Listed, 1);

  listed->size = size;
  listed->etag = g_strdup (etag);
  listed->last_modified = g_strdup (last_modified);
  return listed;
}

static char *
location_of (IngestS3Destination *self,
             const char          *key)
{
  return g_strdup_printf ("s3://%s/%s", self->bucket, key);
}

/* The listing a key belongs to: up to its last "/" ("" at the top). A
 * directory marker "a/b/" is in "a/b/": with the delimiter, "a/" would
 * give it as a common prefix, not as an object. */
static char *
folder_of (const char *key)
{
  const char *slash = strrchr (key, '/');

  return slash != NULL ? g_strndup (key, slash - key + 1) : g_strdup ("");
}

/* Lists @folder once per destination (other threads wanting it wait). */
static gboolean
ensure_listed (IngestS3Destination  *self,
               const char           *folder,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTable *listing;
  gpointer value;

  g_mutex_lock (&self->lock);
  while (g_hash_table_lookup_extended (self->folders, folder, NULL, &value) && value == NULL)
    g_cond_wait (&self->cond, &self->lock);
  if (value != NULL)
    {
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  g_hash_table_insert (self->folders, g_strdup (folder), NULL);
  g_mutex_unlock (&self->lock);

  for (guint attempt = 0;; attempt++)
    {
      g_clear_error (&local_error);
      objects = ingest_s3_client_list_objects (self->client, self->bucket, folder[0] ? folder : NULL, "/", 0,
                                               cancellable, &local_error);
      if (objects != NULL || !_ingest_s3_destination_retry_after (self, local_error, attempt, FALSE, cancellable))
        break;
    }

  g_mutex_lock (&self->lock);
  if (objects == NULL)
    g_hash_table_remove (self->folders, folder);
  else
    {
      listing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _ingest_s3_destination_listed_free);
      for (guint i = 0; i < objects->len; i++)
        {
          IngestS3ListedObject *object = g_ptr_array_index (objects, i);

          g_hash_table_insert (listing, g_strdup (object->key),
                               _ingest_s3_destination_listed_new (object->size, object->etag, object->last_modified));
        }
      g_hash_table_insert (self->folders, g_strdup (folder), listing);
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (objects == NULL)
    {
      _ingest_s3_destination_note_fatal (self, local_error);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "cannot list s3://%s/%s: ",
                                  self->bucket, folder);
      return FALSE;
    }
  return TRUE;
}

/* Under the lock: the listing @key is in (listed already). */
static GHashTable *
listing_of (IngestS3Destination *self,
            const char          *key)
{
  g_autofree char *folder = folder_of (key);
  GHashTable *listing = g_hash_table_lookup (self->folders, folder);

  g_assert (listing != NULL);
  return listing;
}

/* What is at @key; when nothing, claims it for @file (returns NULL). */
static Listed *
claim_or_dup (IngestS3Destination *self,
              S3File              *file,
              const char          *key)
{
  GHashTable *listing;
  Listed *there;
  Listed *copy = NULL;

  g_mutex_lock (&self->lock);
  listing = listing_of (self, key);
  there = g_hash_table_lookup (listing, key);
  if (there == NULL)
    {
      g_hash_table_insert (listing, g_strdup (key), _ingest_s3_destination_listed_new (0, NULL, NULL));
      file->claimed = TRUE;
    }
  else
    copy = _ingest_s3_destination_listed_new (there->size, there->etag, there->last_modified);
  g_mutex_unlock (&self->lock);
  return copy;
}

/* The file's key now holds its object (@etag), or (@etag NULL) it never
 * will: the claim goes. */
void
_ingest_s3_destination_settle_claim (IngestS3Destination *self,
                                     S3File              *file,
                                     const char          *etag)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;
  GHashTable *listing;

  if (!file->claimed)
    return;
  file->claimed = FALSE;
  now = g_date_time_new_now_utc ();
  when = g_date_time_format_iso8601 (now);
  g_mutex_lock (&self->lock);
  listing = listing_of (self, file->key);
  if (etag == NULL)
    g_hash_table_remove (listing, file->key);
  else
    g_hash_table_insert (listing, g_strdup (file->key), _ingest_s3_destination_listed_new (file->size, etag, when));
  g_mutex_unlock (&self->lock);
}

/* "2026-12-01" from ListObjectsV2's ISO 8601 or HEAD's "Tue, 01 Dec 2026 10:00:00 GMT". */
static char *
day_of (const char *when)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  char month[4] = "";
  int day, year;
  const char *found;

  if (when == NULL)
    return NULL;
  if (strlen (when) >= 10 && when[4] == '-' && when[7] == '-')
    return g_strndup (when, 10);
  if (sscanf (when, "%*3s, %d %3s %d", &day, month, &year) == 3 &&
      (found = strstr (months, month)) != NULL && (found - months) % 3 == 0)
    return g_strdup_printf ("%04d-%02d-%02d", year, (int) (found - months) / 3 + 1, day);
  return NULL;
}

/* "s3://b/k already holds a different file (xxh64 …, from drive D, 2026-12-01) — not overwritten" */
char *
_ingest_s3_destination_describe_taken (IngestS3Destination *self,
                                       S3File              *file,
                                       const char          *key,
                                       const Listed        *there,
                                       GCancellable        *cancellable)
{
  g_autoptr(IngestS3ObjectInfo) info = _ingest_s3_destination_head_with_retries (self, key, cancellable, NULL);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *location = location_of (self, key);
  g_autofree char *joined = NULL;
  const char *hash_kind = NULL;
  const char *drive = NULL;
  char *day;

  if (info != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;
      IngestHashKind kind;

      if (file->expected_kind != NULL && g_hash_table_contains (info->metadata, file->expected_kind))
        hash_kind = file->expected_kind;
      g_hash_table_iter_init (&iter, info->metadata);
      while (hash_kind == NULL && g_hash_table_iter_next (&iter, &name, &value))
        if (ingest_hash_kind_from_name (name, &kind))
          hash_kind = name;
      drive = g_hash_table_lookup (info->metadata, DRIVE_METADATA);
    }
  if (hash_kind != NULL)
    g_ptr_array_add (details, g_strdup_printf ("%s %s", hash_kind, (char *) g_hash_table_lookup (info->metadata, hash_kind)));
  else
    g_ptr_array_add (details, g_strdup_printf ("%" G_GUINT64_FORMAT " bytes, no MHL hash recorded",
                                               info != NULL ? info->size : there->size));
  if (drive != NULL)
    {
      /* Sent escaped (a header carries ASCII); shown as the label was, unless it hides controls. */
      g_autofree char *label = g_uri_unescape_string (drive, NULL);
      gboolean plain = label != NULL;

      for (const char *p = label; plain && *p != '\0'; p++)
        plain = (guchar) *p >= 0x20 && *p != 0x7f;
      g_ptr_array_add (details, g_strdup_printf ("from drive %s", plain ? label : drive));
    }
  if ((day = day_of (info != NULL ? info->last_modified : there->last_modified)) != NULL)
    g_ptr_array_add (details, day);
  g_ptr_array_add (details, NULL);
  joined = g_strjoinv (", ", (char **) details->pdata);
  if (there->etag == NULL)
    return g_strdup_printf ("another file of this run goes to %s — not overwritten", location);
  return g_strdup_printf ("%s already holds a different file (%s) — not overwritten", location, joined);
}

/* Same size and the object's recorded MHL hash is ours (one HEAD). */
static gboolean
same_hash_there (IngestS3Destination *self,
                 S3File              *file,
                 const char          *key,
                 GCancellable        *cancellable)
{
  g_autoptr(IngestS3ObjectInfo) info = _ingest_s3_destination_head_with_retries (self, key, cancellable, NULL);

  return info != NULL && info->size == file->size && file->expected_kind != NULL &&
         g_strcmp0 (g_hash_table_lookup (info->metadata, file->expected_kind), file->expected) == 0;
}

/* A verified row for @file at @key whose object has @etag. Not waited
 * for: a lost row is learnt again from the bucket (its listing and the
 * object's x-amz-meta hash), so a card of small files costs no fsync each. */
void
_ingest_s3_destination_journal_verified_later (IngestS3Destination *self,
                                               S3File              *file,
                                               const char          *key,
                                               const char          *etag,
                                               guint64              bytes_sent,
                                               const char          *message)
{
  IngestUploadRecord record = { 0 };

  record.source_path = file->source_path;
  record.destination = (char *) ingest_destination_get_uri (INGEST_DESTINATION (self));
  record.key = (char *) key;
  record.part_size = MAX (file->size, 1);
  record.source_size = file->size;
  record.source_mtime_ns = file->mtime_ns;
  record.expected_hash_kind = file->expected_kind;
  record.expected_hash = file->expected;
  record.state = (char *) "verified";
  record.message = (char *) message;
  record.remote_etag = (char *) etag;
  record.bytes_sent = bytes_sent;
  ingest_upload_journal_insert_later (self->catalog, &record);
}

/*
 * What is at @key for @file (@md5: the file's, once known). The journal's
 * verified delivery at @key counts when the object is still that one (same
 * ETag and size) and the hash is ours; when the object is another one now,
 * the row is marked "replaced" and @replaced says so.
 */
static Place
look_at (IngestS3Destination  *self,
         S3File               *file,
         const char           *key,
         const char           *md5,
         char                **reason,
         gboolean             *replaced,
         GCancellable         *cancellable,
         GError              **error)
{
  g_autofree char *folder = folder_of (key);
  g_autoptr(Listed) there = NULL;
  g_autoptr(IngestUploadRecord) done = NULL;
  Place place;

  if (!ensure_listed (self, folder, cancellable, error))
    return PLACE_ERROR;
  if (self->catalog != NULL)
    done = ingest_upload_journal_find (self->catalog, ingest_destination_get_uri (INGEST_DESTINATION (self)),
                                       key, TRUE, NULL);
  if ((there = claim_or_dup (self, file, key)) == NULL)
    {
      if (done != NULL)
        _ingest_destination_file_add_note (&file->parent, "the object verified earlier is gone; sending again");
      return PLACE_FREE;
    }

  if (done != NULL && there->etag != NULL &&
      (done->remote_etag == NULL || done->source_size != there->size ||
       g_ascii_strcasecmp (done->remote_etag, there->etag) != 0))
    {
      *replaced = TRUE;
      ingest_upload_journal_set_state (self->catalog, done->id, "replaced",
                                       "delivered here earlier, replaced since by another file",
                                       NULL, done->bytes_sent, NULL);
    }

  if (there->etag == NULL)
    place = PLACE_DIFFERENT;
  else if (g_str_has_suffix (key, "/"))
    place = there->size == 0 ? PLACE_SAME : PLACE_DIFFERENT;   /* a marker is a marker */
  else if (there->size != file->size)
    place = PLACE_DIFFERENT;
  else if (done != NULL && !*replaced && file->expected != NULL &&
           g_strcmp0 (done->expected_hash_kind, file->expected_kind) == 0 &&
           g_strcmp0 (done->expected_hash, file->expected) == 0)
    place = PLACE_SAME;   /* the object we verified for this very hash, unchanged */
  else if (file->expected != NULL)
    place = same_hash_there (self, file, key, cancellable) ? PLACE_SAME : PLACE_DIFFERENT;
  else if (_ingest_s3_is_md5_etag (there->etag) && md5 != NULL)
    place = g_ascii_strcasecmp (md5, there->etag) == 0 ? PLACE_SAME : PLACE_DIFFERENT;
  else if (_ingest_s3_is_md5_etag (there->etag) && file->size <= self->part_size)
    place = PLACE_DEFER;
  else
    place = PLACE_DIFFERENT;   /* the same size, but nothing proves the same bytes */

  /* An ASC MHL chain replaces the one it extends, and only that one. */
  if (place == PLACE_DIFFERENT && file->replaces_md5 != NULL && file->size <= self->part_size &&
      _ingest_s3_is_md5_etag (there->etag) && there->size == file->replaces_size &&
      g_ascii_strcasecmp (there->etag, file->replaces_md5) == 0)
    {
      place = PLACE_REPLACE;
      g_free (file->replace_etag);
      file->replace_etag = g_strdup (there->etag);
    }
  if (place == PLACE_DEFER)
    {
      g_free (file->taken_etag);
      file->taken_etag = g_strdup (there->etag);
    }
  /* The catalog knows it is here from now on (a later replacement shows). */
  if (place == PLACE_SAME && self->catalog != NULL && (done == NULL || *replaced))
    _ingest_s3_destination_journal_verified_later (self, file, key, there->etag, 0, "already at the destination");
  if (place == PLACE_DIFFERENT)
    *reason = _ingest_s3_destination_describe_taken (self, file, key, there, cancellable);
  return place;
}

/* Points @file at @key. */
static void
move_to_key (IngestS3Destination *self,
             S3File              *file,
             const char          *key)
{
  g_free (file->key);
  file->key = g_strdup (key);
  g_free (file->parent.location);
  file->parent.location = location_of (self, key);
}

/*
 * Finds where @file goes, from rename number @n on: its key when free, the
 * same file there (already delivered), or per the policy on a different
 * one. @md5 (the file's, at finish()) settles what begin() had to defer.
 */
Place
_ingest_s3_destination_place_file (IngestS3Destination  *self,
                                   S3File               *file,
                                   guint                 n,
                                   const char           *md5,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  IngestConflictPolicy policy = file->keep_name ? INGEST_CONFLICT_FAIL
                                                : ingest_destination_get_on_conflict (INGEST_DESTINATION (self));
  g_autofree char *first_reason = NULL;
  gboolean replaced = FALSE;

  for (;; n++)
    {
      g_autofree char *key = n == 1 ? g_strdup (file->wanted_key) : _ingest_destination_renamed_key (file->wanted_key, n);
      g_autofree char *reason = NULL;
      Place place = look_at (self, file, key, md5, &reason, &replaced, cancellable, error);

      if (place != PLACE_DIFFERENT)
        {
          move_to_key (self, file, key);
          file->rename_n = n;
          if (place == PLACE_SAME)
            {
              _ingest_destination_file_set_already_delivered (&file->parent, file->size);
              file->already = TRUE;
              _ingest_destination_file_add_note (&file->parent, "already at %s (the same file); not sent again",
                                                 file->parent.location);
            }
          if (place != PLACE_ERROR && first_reason != NULL)
            _ingest_destination_file_add_note (&file->parent, "%s; placed beside it", first_reason);
          return place;
        }
      if (first_reason == NULL)
        first_reason = replaced ? g_strdup_printf ("delivered here earlier, replaced since by another file: %s", reason)
                                : g_steal_pointer (&reason);
      if (policy == INGEST_CONFLICT_FAIL)
        {
          move_to_key (self, file, key);
          g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS, first_reason);
          return PLACE_ERROR;
        }
    }
}

/* finish() found the key taken after all (a 412, or the object whose
 * ETag waited for our @md5): looks again, from the listing's point of
 * view updated with what the HEAD says. */
Place
_ingest_s3_destination_place_again (IngestS3Destination  *self,
                                    S3File               *file,
                                    const char           *md5,
                                    GCancellable         *cancellable,
                                    GError              **error)
{
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTable *listing;

  info = _ingest_s3_destination_head_with_retries (self, file->key, cancellable, &local_error);
  if (info == NULL && !g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return PLACE_ERROR;
    }
  _ingest_s3_destination_settle_claim (self, file, NULL);
  g_mutex_lock (&self->lock);
  listing = listing_of (self, file->key);
  if (info != NULL)
    g_hash_table_insert (listing, g_strdup (file->key), _ingest_s3_destination_listed_new (info->size, info->etag, info->last_modified));
  else
    g_hash_table_remove (listing, file->key);
  g_mutex_unlock (&self->lock);
  return _ingest_s3_destination_place_file (self, file, file->rename_n, md5, cancellable, error);
}
