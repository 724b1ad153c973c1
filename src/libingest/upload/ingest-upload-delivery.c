/* ingest-upload-delivery.c
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

/* Each file's way to the destinations: its begin, chunks and verdict from the read, then its finish or hold. */

#define G_LOG_DOMAIN "ingest-upload-job"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ingest-s3-destination.h"
#include "ingest-upload-delivery-private.h"
#include "ingest-validation-roll.h"

typedef IngestUploadShared Shared;
typedef IngestUploadReport Report;

/* The MHL formats, in the order we pick one for the fingerprint and the
 * verdict message (the fast, common ones first). */
static const IngestHashKind preferred_kinds[] = {
  INGEST_HASH_XXH64, INGEST_HASH_XXH128, INGEST_HASH_XXH3, INGEST_HASH_MD5, INGEST_HASH_SHA1, INGEST_HASH_C4,
};

/* One file being read: its state at each destination. Touched only by the
 * reader thread until validation's verdict takes it out of the table. */
typedef struct
{
  char       *path;          /* relative to the root */
  char       *absolute;
  char       *key;
  guint64     size;
  gint64      mtime_ns;
  char       *expected_kind;
  char       *expected;
  GHashTable *metadata;
  GPtrArray  *files;         /* IngestDestinationFile *, NULL where begin failed */
  GPtrArray  *begin_errors;  /* GError *, NULL where begin worked */
} Entry;

/* One verdict for the finisher pool. */
typedef struct
{
  Entry                  *entry;        /* nullable: no byte was read */
  char                   *path;
  IngestValidationStatus  status;
  gboolean                deliverable;  /* verified, and the upload took every byte */
  char                   *reason;       /* why it may not be delivered */
  gint64                  size;
  char                   *kind;         /* nullable: of the hash below */
  char                   *hash;         /* nullable: found, else expected */
} Verdict;

/*
 * Helpers
 */

IngestUploadRoll *
_ingest_upload_roll_copy (const IngestUploadRoll *roll)
{
  IngestUploadRoll *copy = g_new0 (IngestUploadRoll, 1);

  copy->path = g_strdup (roll->path);
  copy->name = g_strdup (roll->name);
  return copy;
}

void
_ingest_upload_roll_free (IngestUploadRoll *roll)
{
  g_free (roll->path);
  g_free (roll->name);
  g_free (roll);
}

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
entry_free (Entry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->files, g_ptr_array_unref);
  g_clear_pointer (&entry->begin_errors, g_ptr_array_unref);
  g_clear_pointer (&entry->metadata, g_hash_table_unref);
  g_free (entry->path);
  g_free (entry->absolute);
  g_free (entry->key);
  g_free (entry->expected_kind);
  g_free (entry->expected);
  g_free (entry);
}

void
_ingest_upload_active_file_free (IngestUploadActiveFile *file)
{
  g_free (file->path);
  g_free (file);
}

/* Destinations past the 64th share the last bit (they all count as sent). */
guint64
_ingest_upload_destination_bit (guint i)
{
  return G_GUINT64_CONSTANT (1) << MIN (i, 63);
}

IngestUploadDelivered *
_ingest_upload_delivered_copy (const IngestUploadDelivered *delivered)
{
  IngestUploadDelivered *copy = g_memdup2 (delivered, sizeof (IngestUploadDelivered));

  copy->path = g_strdup (delivered->path);
  copy->kind = g_strdup (delivered->kind);
  copy->value = g_strdup (delivered->value);
  return copy;
}

void
_ingest_upload_delivered_free (IngestUploadDelivered *delivered)
{
  g_free (delivered->path);
  g_free (delivered->kind);
  g_free (delivered->value);
  g_free (delivered);
}

IngestUploadShared *
_ingest_upload_shared_new (const char *root)
{
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->lock);
  g_cond_init (&shared->cond);
  shared->root = g_canonicalize_filename (root, NULL);
  shared->destinations = g_ptr_array_new_with_free_func (g_object_unref);
  shared->key_template = ingest_key_template_new (NULL, NULL, NULL);
  shared->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  shared->active = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _ingest_upload_active_file_free);
  shared->rolls = g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_upload_roll_free);
  shared->delivered = g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_upload_delivered_free);
  shared->gave_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  shared->history_outcomes = g_async_queue_new_full ((GDestroyNotify) ingest_history_outcome_free);
  return shared;
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
  g_free (shared->root);
  g_ptr_array_unref (shared->destinations);
  ingest_key_template_unref (shared->key_template);
  g_free (shared->drive_label);
  g_hash_table_unref (shared->entries);
  g_hash_table_unref (shared->active);
  g_hash_table_unref (shared->gave_up);
  g_async_queue_unref (shared->history_outcomes);
  if (shared->context != NULL)
    g_main_context_unref (shared->context);
  g_ptr_array_unref (shared->rolls);
  g_ptr_array_unref (shared->delivered);
  g_clear_object (&shared->expected);
  g_clear_object (&shared->cancellable);
  g_free (shared);
}

void
_ingest_upload_report_free (Report *report)
{
  shared_unref (report->shared);
  g_free (report->path);
  g_free (report->kind);
  g_free (report->hash);
  g_ptr_array_unref (report->rows);
  g_free (report);
}

static void
verdict_free (Verdict *verdict)
{
  entry_free (verdict->entry);
  g_free (verdict->path);
  g_free (verdict->reason);
  g_free (verdict->kind);
  g_free (verdict->hash);
  g_free (verdict);
}

/* The roll a path belongs to: the longest roll path that contains it. */
static const IngestUploadRoll *
find_roll (GPtrArray  *rolls,
           const char *path)
{
  const IngestUploadRoll *best = NULL;
  gsize best_len = 0;

  for (guint i = 0; i < rolls->len; i++)
    {
      const IngestUploadRoll *roll = g_ptr_array_index (rolls, i);
      gsize len = strlen (roll->path);

      if (g_str_equal (roll->path, "."))
        {
          if (best == NULL)
            best = roll;
          continue;
        }
      if (g_str_has_prefix (path, roll->path) && path[len] == '/' && len > best_len)
        {
          best = roll;
          best_len = len;
        }
    }
  return best;
}

/* Makes the object key of @path: the template with this file's values
 * (@rolls: the scan's, IngestUploadRoll *). */
char *
_ingest_upload_make_key (IngestKeyTemplate  *key_template,
                         const char         *drive_label,
                         const char         *root,
                         GPtrArray          *rolls,
                         const char         *path,
                         GError            **error)
{
  const IngestUploadRoll *roll = find_roll (rolls, path);
  const char *in_roll = path;
  g_autofree char *name = NULL;

  if (roll != NULL && !g_str_equal (roll->path, "."))
    in_roll = path + strlen (roll->path) + 1;
  if (roll != NULL)
    name = g_strdup (roll->name);
  else
    name = g_path_get_basename (root);
  return ingest_key_template_expand (key_template, drive_label, name, in_roll, path, error);
}

/* Under the lock (or before the run starts). */
static char *
make_key (Shared      *shared,
          const char  *path,
          GError     **error)
{
  return _ingest_upload_make_key (shared->key_template, shared->drive_label, shared->root,
                                  shared->rolls, path, error);
}

/* Where @key lands at @destination, as the user sees it: s3://bucket/key
 * (with the destination's prefix) or the path in the destination folder. */
char *
_ingest_upload_destination_location (IngestDestination *destination,
                                     const char        *key)
{
  if (INGEST_IS_S3_DESTINATION (destination))
    {
      IngestS3Destination *s3 = INGEST_S3_DESTINATION (destination);
      const char *prefix = ingest_s3_destination_get_prefix (s3);

      return g_strdup_printf ("s3://%s/%s%s%s", ingest_s3_destination_get_bucket (s3),
                              prefix, prefix[0] ? "/" : "", key);
    }
  return g_strconcat (ingest_destination_get_uri (destination), "/", key, NULL);
}

/* Waits until the scan said what is expected (or the run is cancelled). */
static gboolean
wait_scanned (Shared  *shared,
              GError **error)
{
  g_mutex_lock (&shared->lock);
  while (!shared->scanned && !g_cancellable_is_cancelled (shared->cancellable))
    g_cond_wait_until (&shared->cond, &shared->lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
  g_mutex_unlock (&shared->lock);
  return !g_cancellable_set_error_if_cancelled (shared->cancellable, error);
}

/* errno as a GError about @path; FALSE. */
gboolean
_ingest_upload_set_io_error (GError     **error,
                             const char  *path)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
  return FALSE;
}

/* Starts @path at every destination. Fails only when the file cannot be
 * stat'ed (its size and mtime are the fingerprint); a destination that
 * cannot begin records why. */
static Entry *
entry_begin (Shared      *shared,
             const char  *path,
             GError     **error)
{
  Entry *entry = g_new0 (Entry, 1);
  const IngestExpectedFile *expected = NULL;
  g_autoptr(GError) key_error = NULL;
  g_autofree char *drive_label = NULL;
  IngestUploadSource source = { 0 };
  struct stat st;

  entry->path = g_strdup (path);
  g_mutex_lock (&shared->lock);
  entry->absolute = g_build_filename (shared->root, path, NULL);
  g_mutex_unlock (&shared->lock);
  entry->files = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_destination_file_free);
  entry->begin_errors = g_ptr_array_new_with_free_func (error_free0);
  entry->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (g_stat (entry->absolute, &st) != 0)
    {
      _ingest_upload_set_io_error (error, entry->absolute);
      entry_free (entry);
      return NULL;
    }
  entry->size = st.st_size;
  entry->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;

  g_mutex_lock (&shared->lock);
  if (shared->expected != NULL)
    expected = ingest_expected_manifest_lookup (shared->expected, path);
  entry->key = make_key (shared, path, &key_error);
  g_mutex_unlock (&shared->lock);

  if (expected != NULL && !expected->only_failed)
    for (guint i = 0; i < G_N_ELEMENTS (preferred_kinds); i++)
      {
        IngestHashKind kind = preferred_kinds[i];

        if (expected->values[kind] == NULL)
          continue;
        g_hash_table_insert (entry->metadata, (gpointer) ingest_hash_kind_get_name (kind),
                             g_strdup (expected->values[kind]));
        if (entry->expected_kind == NULL)
          {
            entry->expected_kind = g_strdup (ingest_hash_kind_get_name (kind));
            entry->expected = g_strdup (expected->values[kind]);
          }
      }

  /* Nothing expected: nothing could make it deliverable, so send nothing. */
  if (entry->expected == NULL)
    return entry;
  if (entry->key == NULL)
    {
      for (guint i = 0; i < shared->destinations->len; i++)
        {
          g_ptr_array_add (entry->files, NULL);
          g_ptr_array_add (entry->begin_errors, g_error_copy (key_error));
        }
      return entry;
    }

  source.path = entry->absolute;
  source.key = entry->key;
  source.size = entry->size;
  source.mtime_ns = entry->mtime_ns;
  source.expected_kind = entry->expected_kind;
  source.expected = entry->expected;
  source.metadata = entry->metadata;
  g_mutex_lock (&shared->lock);
  drive_label = g_strdup (shared->drive_label);
  g_mutex_unlock (&shared->lock);
  source.drive = drive_label;

  for (guint i = 0; i < shared->destinations->len; i++)
    {
      g_autoptr(GError) begin_error = NULL;
      IngestDestinationFile *file;

      file = ingest_destination_begin (g_ptr_array_index (shared->destinations, i), &source,
                                       shared->cancellable, &begin_error);
      g_ptr_array_add (entry->files, file);
      g_ptr_array_add (entry->begin_errors, g_steal_pointer (&begin_error));
    }
  return entry;
}

/* The files in flight, for ingest_upload_job_dup_active_files(): from the
 * first chunk until the main thread reports their outcome. */
static void
set_active (Shared     *shared,
            const char *path,
            guint64     size,
            guint64     bytes_done)
{
  IngestUploadActiveFile *file;

  g_mutex_lock (&shared->lock);
  file = g_hash_table_lookup (shared->active, path);
  if (file == NULL)
    {
      file = g_new0 (IngestUploadActiveFile, 1);
      file->path = g_strdup (path);
      g_hash_table_insert (shared->active, file->path, file);
    }
  file->size = MAX (size, bytes_done);
  file->bytes_done = bytes_done;
  shared->active_serial++;
  g_mutex_unlock (&shared->lock);
}

void
_ingest_upload_shared_unset_active (Shared     *shared,
                                    const char *path)
{
  g_mutex_lock (&shared->lock);
  if (g_hash_table_remove (shared->active, path))
    shared->active_serial++;
  g_mutex_unlock (&shared->lock);
}

IngestUploadShared *
_ingest_upload_shared_ref (IngestUploadShared *shared)
{
  return shared_ref (shared);
}

void
_ingest_upload_shared_unref (IngestUploadShared *shared)
{
  shared_unref (shared);
}

/* Does some destination take this file's bytes? */
static gboolean
entry_is_sent (Entry *entry)
{
  for (guint i = 0; i < entry->files->len; i++)
    if (g_ptr_array_index (entry->files, i) != NULL)
      return TRUE;
  return FALSE;
}

/*
 * The one read: the upload's sink (validation's workers) gets every buffer.
 */

/* The upload gives up on @path's read (a destination refused a write, the
 * run was cancelled): its verdict holds it everywhere. */
static gboolean
give_up (Shared      *shared,
         const char  *path,
         GError     **error)
{
  g_mutex_lock (&shared->lock);
  g_hash_table_replace (shared->gave_up, g_strdup (path), g_strdup ((*error)->message));
  g_mutex_unlock (&shared->lock);
  return FALSE;
}

gboolean
_ingest_upload_shared_begin_file (IngestUploadShared    *shared,
                                  const IngestReadFile  *file,
                                  GError               **error)
{
  Entry *old = NULL;
  Entry *entry;

  /* Read again from the start (the drive came back): keep what the
   * destinations acknowledged; begin() resumes from it. */
  g_mutex_lock (&shared->lock);
  g_hash_table_steal_extended (shared->entries, file->path, NULL, (gpointer *) &old);
  g_hash_table_remove (shared->gave_up, file->path);
  g_mutex_unlock (&shared->lock);
  entry_free (old);

  /* An empty file: nothing to send while reading; its verdict begins it. */
  if (file->size == 0)
    return TRUE;

  /* The file is open but its path no longer answers (the drive went
   * away right after the open): fail, validation sees the drive gone and
   * reads the file again once it is back. */
  if (!wait_scanned (shared, error) || (entry = entry_begin (shared, file->path, error)) == NULL)
    return give_up (shared, file->path, error);
  g_mutex_lock (&shared->lock);
  g_hash_table_insert (shared->entries, entry->path, entry);
  g_mutex_unlock (&shared->lock);
  return TRUE;
}

gboolean
_ingest_upload_shared_chunk (IngestUploadShared    *shared,
                             const IngestReadFile  *read,
                             const guint8          *data,
                             gsize                  len,
                             guint64                offset,
                             GError               **error)
{
  const char *path = read->path;
  Entry *entry;

  /* Paused: hold the read here, mid-file (validation pauses between files). */
  g_mutex_lock (&shared->lock);
  while (shared->paused && !g_cancellable_is_cancelled (shared->cancellable))
    g_cond_wait_until (&shared->cond, &shared->lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
  entry = g_hash_table_lookup (shared->entries, path);
  g_mutex_unlock (&shared->lock);

  if (entry == NULL)
    return TRUE;
  for (guint i = 0; i < entry->files->len; i++)
    {
      IngestDestinationFile *file = g_ptr_array_index (entry->files, i);

      if (file != NULL && !ingest_destination_write (file, data, len, offset, error))
        return give_up (shared, path, error);
    }
  if (entry_is_sent (entry))
    set_active (shared, path, entry->size, offset + len);
  if (g_cancellable_set_error_if_cancelled (shared->cancellable, error))
    return give_up (shared, path, error);
  return TRUE;
}

/*
 * Finisher threads: complete and verify, or hold.
 */

/* @key: (nullable): where the file was meant to go, for a file that never
 * reached @destination (no @file). */
static void
add_outcome (Report                *report,
             IngestDestination     *destination,
             IngestDestinationFile *file,
             const char            *key,
             IngestDeliveryState    state,
             const char            *message,
             const GError          *error)
{
  IngestDelivery *outcome = g_new0 (IngestDelivery, 1);

  outcome->destination = g_strdup (ingest_destination_get_uri (destination));
  if (file != NULL)
    outcome->location = g_strdup (ingest_destination_file_get_location (file));
  else if (key != NULL)
    outcome->location = _ingest_upload_destination_location (destination, key);
  outcome->state = state;
  outcome->reason = g_strdup (error != NULL ? error->message : message);
  if (error != NULL)
    {
      outcome->error_domain = error->domain;
      outcome->error_code = error->code;
    }
  if (file != NULL)
    {
      outcome->bytes_sent = ingest_destination_file_get_bytes_sent (file);
      outcome->bytes_resumed = ingest_destination_file_get_bytes_resumed (file);
    }
  g_ptr_array_add (report->rows, outcome);
}

/* A finisher (the job's pool): completes and verifies @data, a Verdict,
 * or holds it, then hands its Report to shared->report_func. */
void
_ingest_upload_shared_finish (gpointer data,
                              gpointer user_data)
{
  Verdict *verdict = data;
  Shared *shared = user_data;
  Report *report = g_new0 (Report, 1);
  gboolean ok_verdict = verdict->deliverable;
  g_autofree char *key = NULL;

  report->shared = shared_ref (shared);
  report->path = g_strdup (verdict->path);
  report->status = verdict->status;
  report->size = MAX (verdict->size, 0);
  report->kind = g_strdup (verdict->kind);
  report->hash = g_strdup (verdict->hash);
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_delivery_free);
  report->counts = verdict->status != INGEST_VALIDATION_STATUS_IGNORED;
  report->delivered = ok_verdict;
  report->already = ok_verdict;

  /* An empty file: validation read no byte, so nothing began. */
  if (verdict->entry == NULL && ok_verdict && verdict->size == 0 && wait_scanned (shared, NULL))
    verdict->entry = entry_begin (shared, verdict->path, NULL);

  /* Where a file no destination began would have gone (once the scan
   * named the rolls: before, the key would be a guess). */
  if (verdict->entry != NULL)
    key = g_strdup (verdict->entry->key);
  else if (wait_scanned (shared, NULL))
    {
      g_mutex_lock (&shared->lock);
      key = make_key (shared, verdict->path, NULL);
      g_mutex_unlock (&shared->lock);
    }

  for (guint i = 0; report->counts && i < shared->destinations->len; i++)
    {
      IngestDestination *destination = g_ptr_array_index (shared->destinations, i);
      IngestDestinationFile *file = NULL;
      const GError *begin_error = NULL;
      g_autoptr(GError) error = NULL;

      if (verdict->entry != NULL && i < verdict->entry->files->len)
        {
          file = g_ptr_array_index (verdict->entry->files, i);
          begin_error = g_ptr_array_index (verdict->entry->begin_errors, i);
        }

      if (!ok_verdict)
        {
          if (file != NULL)
            ingest_destination_hold (file, verdict->reason);
          add_outcome (report, destination, file, key, INGEST_DELIVERY_STATE_HELD, verdict->reason, NULL);
        }
      else if (file == NULL)
        {
          report->delivered = FALSE;
          add_outcome (report, destination, NULL, key, INGEST_DELIVERY_STATE_FAILED,
                       verdict->entry != NULL && verdict->entry->expected == NULL ? "no expected hash to verify against"
                       : "the file was not read for this destination", begin_error);
        }
      else if (ingest_destination_finish (file, shared->cancellable, &error))
        {
          gboolean already = ingest_destination_file_get_already_delivered (file);

          report->already &= already;
          add_outcome (report, destination, file, NULL,
                       already ? INGEST_DELIVERY_STATE_ALREADY_DELIVERED : INGEST_DELIVERY_STATE_VERIFIED,
                       ingest_destination_file_get_note (file), NULL);
        }
      else
        {
          report->delivered = FALSE;
          add_outcome (report, destination, file, NULL, INGEST_DELIVERY_STATE_FAILED, NULL, error);
        }
    }

  if (report->delivered && report->rows->len > 0 && verdict->entry != NULL && verdict->entry->expected != NULL)
    {
      IngestUploadDelivered *delivered = g_new0 (IngestUploadDelivered, 1);

      delivered->path = g_strdup (verdict->path);
      delivered->kind = g_strdup (verdict->entry->expected_kind);
      delivered->value = g_strdup (verdict->entry->expected);
      delivered->size = verdict->entry->size;
      for (guint i = 0; i < report->rows->len; i++)
        if (((IngestDelivery *) g_ptr_array_index (report->rows, i))->bytes_sent > 0)
          delivered->sent |= _ingest_upload_destination_bit (i);
      g_mutex_lock (&shared->lock);
      g_ptr_array_add (shared->delivered, delivered);
      g_mutex_unlock (&shared->lock);
    }

  if (report->counts)
    for (guint i = 0; i < report->rows->len; i++)
      {
        IngestDelivery *outcome = g_ptr_array_index (report->rows, i);

        __atomic_fetch_add (&shared->bytes_sent, outcome->bytes_sent, __ATOMIC_RELAXED);
        __atomic_fetch_add (&shared->bytes_resumed, outcome->bytes_resumed, __ATOMIC_RELAXED);
      }

  g_main_context_invoke_full (shared->context, G_PRIORITY_DEFAULT,
                              shared->report_func, report, (GDestroyNotify) _ingest_upload_report_free);
  verdict_free (verdict);
}

/*
 * Verdicts: validation's, handed to the finishers.
 */

static char *
describe_verdict (IngestValidationStatus  status,
                  const char             *kind,
                  const char             *expected,
                  const char             *found)
{
  switch (status)
    {
    case INGEST_VALIDATION_STATUS_MISMATCH:
      return g_strdup_printf ("its bytes do not match the manifest (%s expected %s, read %s)",
                              kind ? kind : "hash", expected ? expected : "?", found ? found : "?");
    case INGEST_VALIDATION_STATUS_MISSING:
      return g_strdup ("the manifest lists it but it is not on the drive");
    case INGEST_VALIDATION_STATUS_EXTRA:
      return g_strdup ("no manifest lists it: nothing to verify it against");
    case INGEST_VALIDATION_STATUS_RENAMED:
      return g_strdup_printf ("no manifest lists it under this name (it has the %s of a missing file)", kind ? kind : "hash");
    case INGEST_VALIDATION_STATUS_UNREADABLE:
      return g_strdup ("it could not be read to the end (see the validation report)");
    case INGEST_VALIDATION_STATUS_VERIFIED:
    case INGEST_VALIDATION_STATUS_IGNORED:
    case INGEST_VALIDATION_N_STATUSES:
    default:
      return NULL;
    }
}

/* Hands a file's verdict, with what its read began at each destination,
 * to the finishers (any thread). Takes @reason. */
static void
dispatch_verdict (Shared                  *shared,
                  const IngestReadVerdict *read,
                  gboolean                 deliverable,
                  char                    *reason,
                  gint64                   size)
{
  Verdict *verdict = g_new0 (Verdict, 1);
  Entry *entry = NULL;

  verdict->path = g_strdup (read->path);
  verdict->status = read->status;
  verdict->deliverable = deliverable;
  verdict->reason = reason;
  verdict->size = size;
  verdict->kind = g_strdup (read->kind);
  verdict->hash = g_strdup (read->found != NULL ? read->found : read->expected);

  g_mutex_lock (&shared->lock);
  g_hash_table_steal_extended (shared->entries, read->path, NULL, (gpointer *) &entry);
  g_mutex_unlock (&shared->lock);
  verdict->entry = entry;

  if (size > 0)
    __atomic_fetch_add (&shared->bytes_total, (guint64) size, __ATOMIC_RELAXED);

  g_atomic_int_inc (&shared->outstanding);
  g_thread_pool_push (shared->finishers, verdict, NULL);
}

/* Validation's verdict on a file, right after its last chunk (a validation
 * worker), or for a file not read (its coordinator, after the scan): the
 * finishers complete or hold it while the reader goes on. A file not read
 * that is no problem (ignored, or verified by an earlier run) is no
 * business of the upload; a problem one still counts: its roll is not
 * delivered whole. */
void
_ingest_upload_shared_verdict (IngestUploadShared      *shared,
                               const IngestReadVerdict *verdict)
{
  g_autofree char *gave_up = NULL;
  gboolean problem = ingest_validation_status_is_problem (verdict->status);
  char *reason;

  if (!verdict->was_read && !problem)
    return;

  g_mutex_lock (&shared->lock);
  g_hash_table_steal_extended (shared->gave_up, verdict->path, NULL, (gpointer *) &gave_up);
  g_mutex_unlock (&shared->lock);

  if (gave_up != NULL && !problem)
    reason = g_strdup_printf ("it could not be read to the end: %s", gave_up);
  else if (verdict->was_read)
    reason = describe_verdict (verdict->status, verdict->kind, verdict->expected, verdict->found);
  else
    reason = describe_verdict (verdict->status, NULL, NULL, NULL);
  dispatch_verdict (shared, verdict, !problem && gave_up == NULL && verdict->status == INGEST_VALIDATION_STATUS_VERIFIED,
                    reason, verdict->was_read ? (gint64) verdict->size : 0);
}
/*
 * The job's side (main thread)
 */

/* What the scan found: the read's files may begin (wait_scanned()).
 * @rolls: IngestValidationRoll *. */
void
_ingest_upload_shared_set_scan (Shared                 *shared,
                                const char             *drive_label,
                                IngestExpectedManifest *expected,
                                GListModel             *rolls)
{
  g_mutex_lock (&shared->lock);
  g_free (shared->drive_label);
  shared->drive_label = g_strdup (drive_label);
  g_set_object (&shared->expected, expected);
  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, i);
      IngestUploadRoll *info = g_new0 (IngestUploadRoll, 1);

      info->path = g_strdup (ingest_validation_roll_get_path (roll));
      info->name = g_strdup (ingest_validation_roll_get_name (roll));
      g_ptr_array_add (shared->rolls, info);
    }
  shared->scanned = TRUE;
  g_cond_broadcast (&shared->cond);
  g_mutex_unlock (&shared->lock);
}

/* Adds to @sent and @resumed what the destinations have of the files
 * still being read. */
void
_ingest_upload_shared_in_flight (Shared  *shared,
                                 guint64 *sent,
                                 guint64 *resumed)
{
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&shared->lock);
  g_hash_table_iter_init (&iter, shared->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      for (guint i = 0; i < entry->files->len; i++)
        if (g_ptr_array_index (entry->files, i) != NULL)
          {
            *sent += ingest_destination_file_get_bytes_sent (g_ptr_array_index (entry->files, i));
            *resumed += ingest_destination_file_get_bytes_resumed (g_ptr_array_index (entry->files, i));
          }
    }
  g_mutex_unlock (&shared->lock);
}

/* Files whose read stopped before a verdict (cancelled): keep what the
 * destinations have for a later run, or drop it all (@abort_uploads). */
void
_ingest_upload_shared_stop_reads (Shared   *shared,
                                  gboolean  abort_uploads)
{
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&shared->lock);
  g_hash_table_iter_init (&iter, shared->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      if (g_hash_table_remove (shared->active, entry->path))
        shared->active_serial++;
      for (guint i = 0; i < entry->files->len; i++)
        {
          IngestDestinationFile *file = g_ptr_array_index (entry->files, i);

          if (file == NULL)
            continue;
          if (abort_uploads)
            ingest_destination_hold (file, "cancelled");
          else
            ingest_destination_suspend (file);
        }
    }
  g_hash_table_remove_all (shared->entries);
  g_mutex_unlock (&shared->lock);
}

static int
compare_active (gconstpointer a,
                gconstpointer b)
{
  const IngestUploadActiveFile *fa = *(IngestUploadActiveFile * const *) a;
  const IngestUploadActiveFile *fb = *(IngestUploadActiveFile * const *) b;

  return strcmp (fa->path, fb->path);
}

/* The files in flight, by path. */
GPtrArray *
_ingest_upload_shared_dup_active (Shared *shared)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_upload_active_file_free);
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&shared->lock);
  g_hash_table_iter_init (&iter, shared->active);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      IngestUploadActiveFile *file = g_memdup2 (value, sizeof (IngestUploadActiveFile));

      file->path = g_strdup (file->path);
      g_ptr_array_add (files, file);
    }
  g_mutex_unlock (&shared->lock);
  g_ptr_array_sort (files, compare_active);
  return files;
}
