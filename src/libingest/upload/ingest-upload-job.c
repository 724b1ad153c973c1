/* ingest-upload-job.c
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

#define G_LOG_DOMAIN "ingest-upload-job"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest-catalog.h"
#include "ingest-destination-private.h"
#include "ingest-expected-manifest.h"
#include "ingest-key-template.h"
#include "ingest-mhl-date.h"
#include "ingest-mhl-entry.h"
#include "ingest-mhl-history.h"
#include "ingest-mhl-manifest.h"
#include "ingest-progress.h"
#include "ingest-s3-destination.h"
#include "ingest-upload-error.h"
#include "ingest-upload-job.h"
#include "ingest-upload-sink-private.h"
#include "ingest-validation-result.h"
#include "ingest-validation-roll.h"

/* Completions and HEADs run here, off the readers' threads. */
#define N_FINISHERS 4
/* A history file read back from a destination larger than this is not one of ours. */
#define MAX_HISTORY_FILE_SIZE (256 * 1024 * 1024)
#define PROGRESS_INTERVAL_MS 250

/* The MHL formats, in the order we pick one for the fingerprint and the
 * verdict message (the fast, common ones first). */
static const IngestHashKind preferred_kinds[] = {
  INGEST_HASH_XXH64, INGEST_HASH_XXH128, INGEST_HASH_XXH3, INGEST_HASH_MD5, INGEST_HASH_SHA1, INGEST_HASH_C4,
};

typedef struct
{
  char *path;   /* relative to the root, "." = the root */
  char *name;
} RollInfo;

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

/* Plain data shared with the reader and finisher threads. */
typedef struct _IngestUploadShared Shared;
struct _IngestUploadShared
{
  gatomicrefcount          ref;
  GMutex                   lock;
  GCond                    cond;
  char                    *root;
  GPtrArray               *destinations;  /* IngestDestination *, fixed during a run */
  IngestKeyTemplate       *key_template;  /* fixed during a run */
  char                    *drive_label;   /* set with the scan, for the copies' records */
  GCancellable            *cancellable;
  GMainContext            *context;       /* the job's: outcomes go there */
  IngestUploadJob         *job;           /* unowned, main thread only: alive until the run's task returns */
  GThreadPool             *finishers;     /* unowned: the job's */
  GAsyncQueue             *history_outcomes;  /* IngestHistoryOutcome *, from the history thread */

  /* under lock */
  gboolean                 paused;
  gboolean                 scanned;
  IngestExpectedManifest  *expected;
  GPtrArray               *rolls;         /* RollInfo * */
  GHashTable              *entries;       /* path → Entry * */
  GHashTable              *active;        /* path → IngestUploadActiveFile *: read until reported */
  guint                    active_serial; /* bumped on every change of active */
  GPtrArray               *delivered;     /* Delivered *: verified at every destination */
  GHashTable              *gave_up;       /* path → why the upload gave up on its read, until its verdict */

  /* atomic */
  guint64                  bytes_total;
  guint64                  bytes_sent;
  guint64                  bytes_resumed;
  gint                     outstanding;   /* verdicts not yet reported */
};

/* A file verified everywhere, for the transfer generation. */
typedef struct
{
  char     *path;
  char     *kind;
  char     *value;
  guint64   size;
  guint64   sent;   /* bit i: destination i got new bytes in this run */
} Delivered;

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

/* One file's outcome for the main thread. */
typedef struct
{
  Shared                 *shared;
  char                   *path;
  GPtrArray              *rows;        /* IngestDelivery * per destination */
  IngestValidationStatus  status;
  guint64                 size;
  char                   *kind;
  char                   *hash;
  gboolean                delivered;   /* verified at every destination */
  gboolean                already;     /* ... and every destination had it already */
  gboolean                counts;      /* a file to deliver (not an ignored one) */
} Report;

struct _IngestUploadJob
{
  GObject              parent_instance;

  Shared              *shared;
  IngestCatalog       *catalog;
  GPtrArray           *expected_paths;
  IngestReadSink      *sink;
  gboolean             started;
  guint                n_threads;
  gboolean             upload_history;
  gboolean             abort_on_cancel;

  IngestValidationJob *validation;
  GTask               *task;
  GThreadPool         *finishers;
  gboolean             validated;
  gboolean             user_paused;
  gboolean             paused;
  guint                active_serial;  /* of the last "n-active-files" notify */
  guint                n_active_files;
  GError              *validation_error;
  guint                progress_source;

  guint                files_total;
  guint                files_verified;
  guint                files_already_delivered;
  guint                files_failed;
  guint64              bytes_total;
  guint64              bytes_sent;
  guint64              bytes_resumed;
  double               fraction;
  IngestProgress       progress;      /* "rate", "eta" */
  char                *message;
};

enum {
  PROP_0,
  PROP_FILES_TOTAL,
  PROP_FILES_VERIFIED,
  PROP_FILES_ALREADY_DELIVERED,
  PROP_FILES_FAILED,
  PROP_BYTES_TOTAL,
  PROP_BYTES_SENT,
  PROP_BYTES_RESUMED,
  PROP_FRACTION,
  PROP_RATE,
  PROP_ETA,
  PROP_MESSAGE,
  PROP_PAUSED,
  PROP_N_ACTIVE_FILES,
  PROP_ACTIVE_FILES,
  N_PROPS
};

enum {
  FILE_OUTCOME,
  HISTORY_OUTCOME,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (IngestUploadJob, ingest_upload_job, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/*
 * Helpers
 */

static void
roll_info_free (RollInfo *roll)
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

static void
active_file_free (IngestUploadActiveFile *file)
{
  g_free (file->path);
  g_free (file);
}

/* Destinations past the 64th share the last bit (they all count as sent). */
static guint64
destination_bit (guint i)
{
  return G_GUINT64_CONSTANT (1) << MIN (i, 63);
}

static void
delivered_free (Delivered *delivered)
{
  g_free (delivered->path);
  g_free (delivered->kind);
  g_free (delivered->value);
  g_free (delivered);
}

static Shared *
shared_new (const char *root)
{
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->lock);
  g_cond_init (&shared->cond);
  shared->root = g_canonicalize_filename (root, NULL);
  shared->destinations = g_ptr_array_new_with_free_func (g_object_unref);
  shared->key_template = ingest_key_template_new (NULL, NULL, NULL);
  shared->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  shared->active = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) active_file_free);
  shared->rolls = g_ptr_array_new_with_free_func ((GDestroyNotify) roll_info_free);
  shared->delivered = g_ptr_array_new_with_free_func ((GDestroyNotify) delivered_free);
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

static void
report_free (Report *report)
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
static const RollInfo *
find_roll (Shared     *shared,
           const char *path)
{
  const RollInfo *best = NULL;
  gsize best_len = 0;

  for (guint i = 0; i < shared->rolls->len; i++)
    {
      const RollInfo *roll = g_ptr_array_index (shared->rolls, i);
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

/* Makes the object key of @path: the template with this file's values. */
static char *
make_key (Shared      *shared,
          const char  *path,
          GError     **error)
{
  const RollInfo *roll = find_roll (shared, path);
  const char *in_roll = path;
  g_autofree char *name = NULL;

  if (roll != NULL && !g_str_equal (roll->path, "."))
    in_roll = path + strlen (roll->path) + 1;
  if (roll != NULL)
    name = g_strdup (roll->name);
  else
    name = g_path_get_basename (shared->root);
  return ingest_key_template_expand (shared->key_template, shared->drive_label, name, in_roll, path, error);
}

/* Where @key lands at @destination, as the user sees it: s3://bucket/key
 * (with the destination's prefix) or the path in the destination folder. */
static char *
destination_location (IngestDestination *destination,
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
static gboolean
set_io_error (GError     **error,
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
      set_io_error (error, entry->absolute);
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

static void
unset_active (Shared     *shared,
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
    outcome->location = destination_location (destination, key);
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

static gboolean report_cb (gpointer data);

static void
finish_func (gpointer data,
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
      Delivered *delivered = g_new0 (Delivered, 1);

      delivered->path = g_strdup (verdict->path);
      delivered->kind = g_strdup (verdict->entry->expected_kind);
      delivered->value = g_strdup (verdict->entry->expected);
      delivered->size = verdict->entry->size;
      for (guint i = 0; i < report->rows->len; i++)
        if (((IngestDelivery *) g_ptr_array_index (report->rows, i))->bytes_sent > 0)
          delivered->sent |= destination_bit (i);
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
                              report_cb, report, (GDestroyNotify) report_free);
  verdict_free (verdict);
}

/*
 * Main thread
 */

static void
set_fraction (IngestUploadJob *self,
              double           fraction)
{
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_message (IngestUploadJob *self,
             const char      *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

#define SET_COUNTER(self, field, value, prop)                                  \
  G_STMT_START {                                                               \
    if ((self)->field != (value))                                              \
      {                                                                        \
        (self)->field = (value);                                               \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);          \
      }                                                                        \
  } G_STMT_END

static void
update_progress (IngestUploadJob *self)
{
  Shared *shared = self->shared;
  guint64 sent = __atomic_load_n (&shared->bytes_sent, __ATOMIC_RELAXED);
  guint64 resumed = __atomic_load_n (&shared->bytes_resumed, __ATOMIC_RELAXED);
  GHashTableIter iter;
  gpointer value;

  /* Files still being read count as they go (a 200 GB clip must show
   * progress); never backwards while one passes to the finishers. */
  g_mutex_lock (&shared->lock);
  g_hash_table_iter_init (&iter, shared->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      for (guint i = 0; i < entry->files->len; i++)
        if (g_ptr_array_index (entry->files, i) != NULL)
          {
            sent += ingest_destination_file_get_bytes_sent (g_ptr_array_index (entry->files, i));
            resumed += ingest_destination_file_get_bytes_resumed (g_ptr_array_index (entry->files, i));
          }
    }
  g_mutex_unlock (&shared->lock);

  g_object_freeze_notify (G_OBJECT (self));
  SET_COUNTER (self, bytes_total, __atomic_load_n (&shared->bytes_total, __ATOMIC_RELAXED), PROP_BYTES_TOTAL);
  SET_COUNTER (self, bytes_sent, MAX (self->bytes_sent, sent), PROP_BYTES_SENT);
  SET_COUNTER (self, bytes_resumed, MAX (self->bytes_resumed, resumed), PROP_BYTES_RESUMED);
  /* Of what the scan found, times the destinations: delivered or already there. */
  if (self->validation != NULL && ingest_validation_job_get_bytes_total (self->validation) > 0)
    {
      double whole = (double) ingest_validation_job_get_bytes_total (self->validation) * shared->destinations->len;
      double fraction = MIN (1.0, (self->bytes_sent + self->bytes_resumed) / whole);
      guint64 remaining = (guint64) whole - MIN ((guint64) whole, self->bytes_sent + self->bytes_resumed);

      if (fraction - self->fraction > 0.001 || (fraction == 1.0 && self->fraction != 1.0))
        set_fraction (self, fraction);
      /* The rate of new bytes sent (what the resume skipped costs no time). */
      if (self->task != NULL &&
          ingest_progress_sample (&self->progress, self->bytes_sent, remaining, self->paused, g_get_monotonic_time ()))
        {
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Tells the GUI the files in flight changed (from the timer: at most ~4
 * times a second, however many small files go by). */
static void
notify_active (IngestUploadJob *self)
{
  guint serial, n;

  g_mutex_lock (&self->shared->lock);
  serial = self->shared->active_serial;
  n = g_hash_table_size (self->shared->active);
  g_mutex_unlock (&self->shared->lock);
  if (serial == self->active_serial)
    return;
  self->active_serial = serial;
  self->n_active_files = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE_FILES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_FILES]);
}

static gboolean
progress_cb (gpointer data)
{
  update_progress (data);
  notify_active (data);
  return G_SOURCE_CONTINUE;
}

/* Paused by the user, or by validation itself when the drive went away. */
static void
update_paused (IngestUploadJob *self)
{
  gboolean validation_paused = self->validation != NULL && ingest_validation_job_get_paused (self->validation);
  gboolean paused = self->user_paused || validation_paused;
  gboolean was_paused = self->paused;

  /* The message first: whoever hears "paused" reads why. */
  if (self->task != NULL && self->user_paused)
    set_message (self, "Paused");
  else if (self->task != NULL && validation_paused)
    set_message (self, ingest_validation_job_get_message (self->validation));
  else if (self->task != NULL && was_paused)
    set_message (self, "Reading, verifying and uploading");
  if (paused != was_paused)
    {
      self->paused = paused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
}

static void
validation_paused_cb (IngestValidationJob *validation,
                      GParamSpec          *pspec,
                      IngestUploadJob     *self)
{
  update_paused (self);
}

/* The drive came back at another mount point: read it there. */
static void
validation_root_cb (IngestValidationJob *validation,
                    GParamSpec          *pspec,
                    IngestUploadJob     *self)
{
  g_mutex_lock (&self->shared->lock);
  g_free (self->shared->root);
  self->shared->root = g_strdup (ingest_validation_job_get_root (validation));
  g_mutex_unlock (&self->shared->lock);
}

static void history_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);
static gboolean history_outcomes_cb (gpointer data);
static void upload_histories_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable);

/* Everything read and every verdict reported: the histories, then done. */
static void
maybe_complete (IngestUploadJob *self)
{
  g_autoptr(GTask) history = NULL;

  if (!self->validated || g_atomic_int_get (&self->shared->outstanding) > 0 || self->task == NULL)
    return;

  if (self->validation_error == NULL && self->upload_history)
    {
      set_message (self, "Uploading the ASC MHL histories");
      history = g_task_new (self, g_task_get_cancellable (self->task), history_done_cb, NULL);
      g_task_set_task_data (history, shared_ref (self->shared), (GDestroyNotify) shared_unref);
      g_task_run_in_thread (history, upload_histories_thread);
      return;
    }
  history_done_cb (G_OBJECT (self), NULL, NULL);
}

static gboolean
report_cb (gpointer data)
{
  Report *report = data;
  IngestUploadJob *self = report->shared->job;

  unset_active (self->shared, report->path);
  if (report->rows->len > 0)
    {
      g_autoptr(IngestFileOutcome) outcome = ingest_file_outcome_new (report->path, report->size, report->status,
                                                                      report->kind, report->hash, report->rows);

      g_signal_emit (self, signals[FILE_OUTCOME], 0, outcome);
    }
  if (report->counts)
    {
      g_object_freeze_notify (G_OBJECT (self));
      SET_COUNTER (self, files_total, self->files_total + 1, PROP_FILES_TOTAL);
      if (report->delivered && report->already && report->rows->len > 0)
        SET_COUNTER (self, files_already_delivered, self->files_already_delivered + 1, PROP_FILES_ALREADY_DELIVERED);
      if (report->delivered && report->rows->len > 0)
        SET_COUNTER (self, files_verified, self->files_verified + 1, PROP_FILES_VERIFIED);
      else
        SET_COUNTER (self, files_failed, self->files_failed + 1, PROP_FILES_FAILED);
      g_object_thaw_notify (G_OBJECT (self));
    }
  update_progress (self);

  /* A destination that can take nothing more (wrong key, no bucket): stop now. */
  for (guint i = 0; i < self->shared->destinations->len; i++)
    {
      g_autoptr(GError) fatal = ingest_destination_dup_fatal_error (g_ptr_array_index (self->shared->destinations, i));

      if (fatal != NULL && self->validation_error == NULL)
        {
          self->validation_error = g_error_copy (fatal);
          g_cancellable_cancel (self->shared->cancellable);
        }
    }

  g_atomic_int_dec_and_test (&self->shared->outstanding);
  maybe_complete (self);
  return G_SOURCE_REMOVE;
}

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

static void
forward_cancel_cb (GCancellable *cancellable,
                   GCancellable *target)
{
  g_cancellable_cancel (target);
}

static void
phase_changed_cb (IngestValidationJob *validation,
                  GParamSpec          *pspec,
                  IngestUploadJob     *self)
{
  Shared *shared = self->shared;
  g_autoptr(GListModel) rolls = NULL;

  if (ingest_validation_job_get_phase (validation) < INGEST_VALIDATION_PHASE_HASHING || shared->scanned)
    return;

  rolls = ingest_validation_job_list_rolls (validation);
  g_mutex_lock (&shared->lock);
  g_free (shared->drive_label);
  shared->drive_label = g_strdup (ingest_validation_job_get_drive_label (validation));
  g_set_object (&shared->expected, ingest_validation_job_get_expected (validation));
  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, i);
      RollInfo *info = g_new0 (RollInfo, 1);

      info->path = g_strdup (ingest_validation_roll_get_path (roll));
      info->name = g_strdup (ingest_validation_roll_get_name (roll));
      g_ptr_array_add (shared->rolls, info);
    }
  shared->scanned = TRUE;
  g_cond_broadcast (&shared->cond);
  g_mutex_unlock (&shared->lock);
  set_message (self, "Reading, verifying and uploading");
}

static void
validation_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(IngestUploadJob) self = user_data;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer value;

  if (!ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &error) &&
      self->validation_error == NULL)
    self->validation_error = g_steal_pointer (&error);

  /* Files whose read stopped before a verdict (cancelled): keep what the
   * destinations have for a later run, or drop it all when asked to. */
  g_mutex_lock (&self->shared->lock);
  g_hash_table_iter_init (&iter, self->shared->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      if (g_hash_table_remove (self->shared->active, entry->path))
        self->shared->active_serial++;
      for (guint i = 0; i < entry->files->len; i++)
        {
          IngestDestinationFile *file = g_ptr_array_index (entry->files, i);

          if (file == NULL)
            continue;
          if (self->abort_on_cancel)
            ingest_destination_hold (file, "cancelled");
          else
            ingest_destination_suspend (file);
        }
    }
  g_hash_table_remove_all (self->shared->entries);
  g_mutex_unlock (&self->shared->lock);

  self->validated = TRUE;
  maybe_complete (self);
}

static void
history_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = NULL;

  if (result != NULL && !g_task_propagate_boolean (G_TASK (result), &error) && self->validation_error == NULL)
    self->validation_error = g_steal_pointer (&error);
  /* Every "history-outcome" before the run's end. */
  history_outcomes_cb (self->shared);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  update_progress (self);
  notify_active (self);
  g_signal_handlers_disconnect_by_data (self->validation, self);

  if (self->validation_error != NULL)
    {
      set_message (self, self->validation_error->message);
      g_task_return_error (task, g_steal_pointer (&self->validation_error));
      return;
    }
  /* Only a run that delivered everything is whole; a failed or cancelled
   * one keeps the fraction where it stopped. */
  if (self->files_failed == 0 && self->fraction != 1.0)
    set_fraction (self, 1.0);
  if (self->files_failed == 0 && ingest_progress_done (&self->progress))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
  set_message (self, self->files_failed == 0 ? "Every file verified at every destination"
                                             : "Some files were not delivered");
  g_task_return_boolean (task, self->files_failed == 0);
}

/*
 * The rolls' ASC MHL histories (a worker thread, after every file)
 */

/* Sends one small local file (a manifest, the chain) to every destination:
 * it has no expected hash of its own, the destination still checks its
 * copy (Content-MD5, HEAD). */
static gboolean
send_local_file (Shared             *shared,
                 IngestDestination  *destination,
                 const char         *local_path,
                 const char         *key,
                 GBytes             *replaces,
                 GError            **error)
{
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  struct stat st;
  IngestUploadSource source = { 0 };

  if (!g_file_get_contents (local_path, &contents, &len, error) || g_stat (local_path, &st) != 0)
    return FALSE;
  source.path = local_path;
  source.key = key;
  source.size = len;
  source.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  source.replaces = replaces;
  source.keep_name = TRUE;   /* a history's files are only right under their names */

  file = ingest_destination_begin (destination, &source, shared->cancellable, error);
  return file != NULL &&
         (len == 0 || ingest_destination_write (file, (const guint8 *) contents, len, 0, error)) &&
         ingest_destination_finish (file, shared->cancellable, error);
}

static gboolean
copy_folder (const char  *from,
             const char  *to,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, error);
  const char *name;

  if (dir == NULL || g_mkdir_with_parents (to, 0700) != 0)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      struct stat st;

      /* Like the history loader, trust only real folders and regular files:
       * a symlink in ascmhl/ could point anywhere (/etc/passwd, /dev/zero, a loop). */
      if (lstat (source, &st) != 0)
        return set_io_error (error, source);
      if (S_ISDIR (st.st_mode))
        {
          if (!copy_folder (source, target, error))
            return FALSE;
        }
      else if (!S_ISREG (st.st_mode))
        {
          g_debug ("not uploading %s: not a regular file", source);
        }
      else
        {
          g_autofree char *contents = NULL;
          gsize len;

          if (!g_file_get_contents (source, &contents, &len, error) ||
              !g_file_set_contents (target, contents, len, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Chain last: whoever reads the destination (or a crash between two
 * files) sees a chain that names only manifests already there. */
static int
compare_history_names (gconstpointer a,
                       gconstpointer b)
{
  const char *na = *(const char * const *) a;
  const char *nb = *(const char * const *) b;
  gboolean chain_a = g_str_equal (na, "ascmhl_chain.xml");
  gboolean chain_b = g_str_equal (nb, "ascmhl_chain.xml");

  if (chain_a != chain_b)
    return chain_a ? 1 : -1;
  return strcmp (na, nb);
}

/* @chain_replaces: what the destination's chain file held when it was
 * checked (NULL: nothing), the one content the new chain may replace. */
static gboolean
send_folder (Shared             *shared,
             IngestDestination  *destination,
             const char         *local,
             const char         *relative,
             GBytes             *chain_replaces,
             GError            **error)
{
  g_autoptr(GDir) dir = g_dir_open (local, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_history_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (local, g_ptr_array_index (names, i), NULL);
      g_autofree char *child = g_strconcat (relative, "/", g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!send_folder (shared, destination, path, child, NULL, error))
            return FALSE;
        }
      else
        {
          g_autofree char *key = NULL;

          g_mutex_lock (&shared->lock);
          key = make_key (shared, child, error);
          g_mutex_unlock (&shared->lock);
          if (key == NULL ||
              !send_local_file (shared, destination, path, key,
                                g_str_equal (g_ptr_array_index (names, i), "ascmhl_chain.xml") ? chain_replaces : NULL,
                                error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Gathers below @folder (@relative to the root) the folders that hold no
 * delivered file at any depth (@occupied: the folders that do), parents
 * before their children. The roll's own ascmhl/ goes up as files, other
 * rolls have their own walk, and, like the history loader, only real
 * folders count (no symlinks). */
static gboolean
collect_empty_folders (Shared      *shared,
                       const char  *roll_path,
                       const char  *folder,
                       const char  *relative,
                       GHashTable  *occupied,
                       GPtrArray   *empty,
                       GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *child = relative[0] != '\0' ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      gboolean other_roll = FALSE;
      struct stat st;

      if (lstat (path, &st) != 0)
        return set_io_error (error, path);
      if (!S_ISDIR (st.st_mode) ||
          (g_str_equal (name, "ascmhl") && g_str_equal (relative, g_str_equal (roll_path, ".") ? "" : roll_path)))
        continue;
      for (guint i = 0; i < shared->rolls->len; i++)
        other_roll |= g_str_equal (((RollInfo *) g_ptr_array_index (shared->rolls, i))->path, child);
      if (other_roll)
        continue;
      if (!g_hash_table_contains (occupied, child))
        g_ptr_array_add (empty, g_strdup (child));
      if (!collect_empty_folders (shared, roll_path, path, child, occupied, empty, error))
        return FALSE;
    }
  return TRUE;
}

/* The keys of the directory markers of a roll: "KEY/" for each of its
 * folders with no delivered file below it (Sony's empty XDROOT/Edit, say).
 * An object store has no folders, so without them a downloaded copy lacks
 * folders the roll's ASC MHL records, and fails verification. */
static GPtrArray *
roll_marker_keys (Shared      *shared,
                  const char  *roll_path,
                  const char  *roll_folder,
                  GError     **error)
{
  g_autoptr(GHashTable) occupied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  const char *relative = g_str_equal (roll_path, ".") ? "" : roll_path;

  g_mutex_lock (&shared->lock);
  for (guint i = 0; i < shared->delivered->len; i++)
    {
      const char *path = ((Delivered *) g_ptr_array_index (shared->delivered, i))->path;

      for (const char *slash = strchr (path, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
        g_hash_table_add (occupied, g_strndup (path, slash - path));
    }
  g_mutex_unlock (&shared->lock);

  if (!collect_empty_folders (shared, roll_path, roll_folder, relative, occupied, empty, error))
    return NULL;
  for (guint i = 0; i < empty->len; i++)
    {
      char *key;

      g_mutex_lock (&shared->lock);
      key = make_key (shared, g_ptr_array_index (empty, i), error);
      g_mutex_unlock (&shared->lock);
      if (key == NULL)
        return NULL;
      g_ptr_array_add (keys, g_strconcat (key, "/", NULL));
      g_free (key);
    }
  return g_steal_pointer (&keys);
}

/* Sends the directory markers of the roll in @roll_folder: a "KEY/"
 * object of no bytes (an S3 bucket) or an empty folder (a folder
 * destination), each checked like a file. */
static gboolean
send_markers (Shared             *shared,
              IngestDestination  *destination,
              const char         *roll_folder,
              GPtrArray          *keys,
              GError            **error)
{
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autoptr(IngestDestinationFile) file = NULL;
      IngestUploadSource source = { 0 };

      source.path = roll_folder;
      source.key = key;
      file = ingest_destination_begin (destination, &source, shared->cancellable, error);
      if (file == NULL || !ingest_destination_finish (file, shared->cancellable, error))
        {
          g_prefix_error (error, "the folder %s: ", key);
          return FALSE;
        }
    }
  return TRUE;
}

/* The roll's ascmhl/ folder, relative to the root. */
static char *
roll_history_path (const char *roll_path)
{
  return g_str_equal (roll_path, ".") ? g_strdup ("ascmhl") : g_strconcat (roll_path, "/ascmhl", NULL);
}

/* Where the files of a roll went, for the creator comment. */
static char *
describe_destinations (Shared     *shared,
                       const char *roll_path)
{
  g_autoptr(GString) text = g_string_new ("ingest-station transfer verified at");
  g_autofree char *probe = roll_history_path (roll_path);
  g_autofree char *key = make_key (shared, probe, NULL);

  for (guint i = 0; i < shared->destinations->len; i++)
    {
      IngestDestination *destination = g_ptr_array_index (shared->destinations, i);
      g_autofree char *base = NULL;
      g_autofree char *location = NULL;

      /* The key of the roll's folder: the history's key without "ascmhl". */
      if (key != NULL && g_str_has_suffix (key, "ascmhl"))
        base = g_strndup (key, strlen (key) - strlen ("ascmhl"));
      location = destination_location (destination, base ? base : "");
      g_string_append_printf (text, " %s", location);
      if (INGEST_IS_S3_DESTINATION (destination))
        g_string_append_printf (text, " (endpoint %s)",
                                ingest_s3_client_get_endpoint (ingest_s3_destination_get_client (INGEST_S3_DESTINATION (destination))));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  return g_rmdir (path) == 0;
}

/* Where the history a roll's delivery puts at a destination is kept
 * between runs: one folder per (destination, roll key, drive history). It
 * holds versions "vN/ascmhl" (what the destinations get), a symlink
 * "current" to the latest, and "delivered" naming the version every
 * destination has received whole. */
static char *
history_state_folder (Shared             *shared,
                      IngestDestination  *destination,
                      const char         *roll_path,
                      const char         *local,
                      GError            **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *chain_path = g_build_filename (local, "ascmhl_chain.xml", NULL);
  g_autofree char *chain = NULL;
  g_autofree char *probe = roll_history_path (roll_path);
  g_autofree char *key = NULL;
  gsize len = 0;

  g_mutex_lock (&shared->lock);
  key = make_key (shared, probe, error);
  g_mutex_unlock (&shared->lock);
  if (key == NULL)
    return NULL;
  g_checksum_update (checksum, (const guint8 *) ingest_destination_get_uri (destination), -1);
  g_checksum_update (checksum, (const guint8 *) "\n", 1);
  g_checksum_update (checksum, (const guint8 *) key, -1);
  g_checksum_update (checksum, (const guint8 *) "\n", 1);
  if (g_file_get_contents (chain_path, &chain, &len, NULL))
    g_checksum_update (checksum, (const guint8 *) chain, len);
  return g_build_filename (g_get_user_state_dir (), "ingest-station", "transfer-histories",
                           g_checksum_get_string (checksum), NULL);
}

/* The files this run verified at every destination, as one generation. */
static IngestMhlManifest *
make_transfer_manifest (Shared     *shared,
                        const char *roll_path,
                        GDateTime  *now,
                        guint      *n_entries)
{
  IngestMhlManifest *manifest = ingest_mhl_manifest_new ();
  g_autofree char *date = ingest_mhl_date_format (now);
  g_autofree char *comment = NULL;

  ingest_mhl_manifest_set_creation_date (manifest, date);
  ingest_mhl_manifest_set_hostname (manifest, g_get_host_name ());
  ingest_mhl_manifest_set_tool (manifest, "ingest-station", PACKAGE_VERSION);
  ingest_mhl_manifest_set_process (manifest, INGEST_MHL_PROCESS_TRANSFER);
  *n_entries = 0;
  g_mutex_lock (&shared->lock);
  comment = describe_destinations (shared, roll_path);
  for (guint i = 0; i < shared->delivered->len; i++)
    {
      Delivered *delivered = g_ptr_array_index (shared->delivered, i);
      const char *in_roll = delivered->path;
      g_autoptr(IngestMhlEntry) entry = NULL;
      IngestHashKind kind;

      if (!g_str_equal (roll_path, "."))
        {
          if (!g_str_has_prefix (delivered->path, roll_path) || delivered->path[strlen (roll_path)] != '/')
            continue;
          in_roll = delivered->path + strlen (roll_path) + 1;
        }
      if (!ingest_hash_kind_from_name (delivered->kind, &kind))
        continue;
      entry = ingest_mhl_entry_new_file (in_roll, delivered->size);
      ingest_mhl_entry_set_hash (entry, kind, delivered->value, INGEST_MHL_HASH_ACTION_VERIFIED, date);
      if (ingest_mhl_manifest_add_entry (manifest, entry, NULL))
        (*n_entries)++;
    }
  g_mutex_unlock (&shared->lock);
  ingest_mhl_manifest_set_comment (manifest, comment);
  return manifest;
}

/* Makes version @next: a copy of @from_ascmhl with one more generation
 * (in a folder named like the roll's: the manifest's name has it) and,
 * next to it, "generation": that generation's number (0 when no file was
 * verified at every destination: then it is the history as it was), then
 * points "current" at it in one rename (a crash leaves the old one). */
static gboolean
stage_next_version (Shared      *shared,
                    const char  *state,
                    const char  *from_ascmhl,
                    const char  *next,
                    const char  *roll_path,
                    const char  *roll_name,
                    GError     **error)
{
  g_autofree char *version = g_build_filename (state, next, NULL);
  g_autofree char *history_root = g_build_filename (version, roll_name, NULL);
  g_autofree char *stage = g_build_filename (history_root, "ascmhl", NULL);
  g_autofree char *link_tmp = g_build_filename (state, "current.tmp", NULL);
  g_autofree char *link = g_build_filename (state, "current", NULL);
  g_autofree char *generation_path = g_build_filename (version, "generation", NULL);
  g_autofree char *generation = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(IngestMhlManifest) manifest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n_entries;

  remove_tree (version);
  if (!copy_folder (from_ascmhl, stage, error) ||
      (history = ingest_mhl_history_load (history_root, shared->cancellable, error)) == NULL)
    return FALSE;
  manifest = make_transfer_manifest (shared, roll_path, now, &n_entries);
  if (n_entries > 0 && !ingest_mhl_history_append (history, manifest, now, NULL, shared->cancellable, error))
    return FALSE;
  generation = g_strdup_printf ("%u", n_entries > 0 ? ingest_mhl_manifest_get_generation (manifest) : 0);
  if (!g_file_set_contents (generation_path, generation, -1, error))
    return FALSE;

  g_unlink (link_tmp);
  if (symlink (next, link_tmp) != 0 || g_rename (link_tmp, link) != 0)
    return set_io_error (error, link);
  return TRUE;
}

/* The transfer generation of the staged version @version (0 = none).
 * A version staged before "generation" was kept: its latest generation,
 * when that is one of ours. */
static guint
staged_generation (const char *state,
                   const char *version,
                   const char *roll_name)
{
  g_autofree char *path = g_build_filename (state, version, "generation", NULL);
  g_autofree char *text = NULL;
  g_autofree char *root = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  IngestMhlManifest *latest;

  if (g_file_get_contents (path, &text, NULL, NULL))
    return (guint) g_ascii_strtoull (text, NULL, 10);
  root = g_build_filename (state, version, roll_name, NULL);
  if ((history = ingest_mhl_history_load (root, NULL, NULL)) == NULL ||
      (latest = ingest_mhl_history_get_latest_manifest (history)) == NULL ||
      ingest_mhl_manifest_get_process (latest) != INGEST_MHL_PROCESS_TRANSFER ||
      g_strcmp0 (ingest_mhl_manifest_get_tool_name (latest), "ingest-station") != 0)
    return 0;
  return ingest_mhl_manifest_get_generation (latest);
}

/* How many leading generations @a and @b share (same number, manifest and
 * hash): the common part of two histories of one roll. */
static guint
chains_common_prefix (IngestMhlChain *a,
                      IngestMhlChain *b)
{
  guint n = MIN (ingest_mhl_chain_get_n_entries (a), ingest_mhl_chain_get_n_entries (b));
  guint i;

  for (i = 0; i < n; i++)
    {
      const IngestMhlChainEntry *ea = ingest_mhl_chain_get_entry (a, i);
      const IngestMhlChainEntry *eb = ingest_mhl_chain_get_entry (b, i);

      if (ea->sequence_nr != eb->sequence_nr || g_strcmp0 (ea->path, eb->path) != 0 ||
          g_strcmp0 (ea->hash_format, eb->hash_format) != 0 || g_strcmp0 (ea->hash_value, eb->hash_value) != 0)
        break;
    }
  return i;
}

static IngestMhlChain *
load_chain_file (const char  *ascmhl,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (ascmhl, "ascmhl_chain.xml", NULL);

  return ingest_mhl_chain_new_from_file (path, error);
}

/* The destination's key of a file in the roll's ascmhl/ folder. */
static char *
history_file_key (Shared     *shared,
                  const char *roll_path,
                  const char *name,
                  GError    **error)
{
  g_autofree char *relative = roll_history_path (roll_path);
  g_autofree char *path = g_strconcat (relative, "/", name, NULL);
  char *key;

  g_mutex_lock (&shared->lock);
  key = make_key (shared, path, error);
  g_mutex_unlock (&shared->lock);
  return key;
}

/* Brings the destination's history of the roll (every manifest its chain
 * lists, and the chain) into @to, then loads it: the loader checks each
 * manifest against the chain's hash, so a damaged or forged one stops here. */
static gboolean
fetch_remote_history (Shared             *shared,
                      IngestDestination  *destination,
                      const char         *roll_path,
                      IngestMhlChain     *chain,
                      GBytes             *chain_bytes,
                      const char         *to,
                      GError            **error)
{
  g_autofree char *chain_path = g_build_filename (to, "ascmhl_chain.xml", NULL);
  g_autofree char *root = g_path_get_dirname (to);
  g_autoptr(IngestMhlHistory) history = NULL;

  remove_tree (to);
  if (g_mkdir_with_parents (to, 0700) != 0)
    return set_io_error (error, to);
  for (guint i = 0; i < ingest_mhl_chain_get_n_entries (chain); i++)
    {
      const IngestMhlChainEntry *entry = ingest_mhl_chain_get_entry (chain, i);
      g_autofree char *key = NULL;
      g_autofree char *local = NULL;
      g_autoptr(GBytes) bytes = NULL;

      /* A chain names manifests inside its own folder, never elsewhere. */
      if (entry->path == NULL || strchr (entry->path, '/') != NULL || entry->path[0] == '.')
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                       "its ASC MHL chain names “%s”, not a manifest of its folder", entry->path);
          return FALSE;
        }
      if ((key = history_file_key (shared, roll_path, entry->path, error)) == NULL ||
          (bytes = ingest_destination_fetch (destination, key, MAX_HISTORY_FILE_SIZE, shared->cancellable, error)) == NULL)
        return FALSE;
      local = g_build_filename (to, entry->path, NULL);
      if (!g_file_set_contents (local, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        return FALSE;
    }
  if (!g_file_set_contents (chain_path, g_bytes_get_data (chain_bytes, NULL), g_bytes_get_size (chain_bytes), error))
    return FALSE;
  history = ingest_mhl_history_load (root, shared->cancellable, error);
  return history != NULL;
}

typedef enum {
  REMOTE_HISTORY_NONE,        /* nothing there: send ours */
  REMOTE_HISTORY_EXTENDED,    /* ours extends it (or equals it): send ours */
  REMOTE_HISTORY_RESTAGED,    /* it went further: ours was staged again on top of it */
  REMOTE_HISTORY_UP_TO_DATE,  /* nothing new to send and it has the drive's history whole */
} RemoteHistory;

/*
 * What the destination already holds of the roll's history decides what
 * may go there; its history is extended, never replaced:
 * - nothing: the staged version goes;
 * - a chain the staged one extends (every generation it lists, the same,
 *   then ours): the staged version goes, its chain replacing that one;
 * - a chain that went further from the drive's own history (another
 *   station's transfer generation, say): when new bytes went out, the
 *   staged version is made again on top of it (its generations, then
 *   ours); otherwise it is left as it is;
 * - anything else is the history of another card (or a damaged one):
 *   nothing of it is replaced, and the roll's history fails with why.
 * @remote_chain is set to the chain's bytes as they were, the only
 * content the new chain may replace.
 */
static gboolean
reconcile_remote_history (Shared             *shared,
                          IngestDestination  *destination,
                          gboolean            any_sent,
                          const char         *state,
                          char              **current,
                          const char         *roll_path,
                          const char         *roll_name,
                          const char         *local,
                          GBytes            **remote_chain,
                          RemoteHistory      *outcome,
                          GError            **error)
{
  g_autofree char *chain_key = NULL;
  g_autofree char *stage = g_build_filename (state, *current, roll_name, "ascmhl", NULL);
  g_autofree char *remote_root = g_build_filename (state, "remote", roll_name, NULL);
  g_autofree char *remote_ascmhl = g_build_filename (remote_root, "ascmhl", NULL);
  g_autofree char *location = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(IngestMhlChain) remote = NULL;
  g_autoptr(IngestMhlChain) staged = NULL;
  g_autoptr(IngestMhlChain) drive = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_remote;
  guint64 n;

  *outcome = REMOTE_HISTORY_NONE;
  if ((chain_key = history_file_key (shared, roll_path, "ascmhl_chain.xml", error)) == NULL)
    return FALSE;
  location = destination_location (destination, chain_key);
  bytes = ingest_destination_fetch (destination, chain_key, MAX_HISTORY_FILE_SIZE, shared->cancellable, &local_error);
  if (bytes == NULL && g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY))
    return TRUE;
  if (bytes == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "could not read the ASC MHL history already at %s: ", location);
      return FALSE;
    }
  if ((remote = ingest_mhl_chain_new_from_bytes (bytes, "ascmhl_chain.xml", &local_error)) == NULL)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
                   "%s already holds an ASC MHL chain that cannot be read (%s) — not replaced",
                   location, local_error->message);
      return FALSE;
    }
  if ((staged = load_chain_file (stage, error)) == NULL || (drive = load_chain_file (local, error)) == NULL)
    return FALSE;

  *remote_chain = g_bytes_ref (bytes);
  n_remote = ingest_mhl_chain_get_n_entries (remote);
  if (chains_common_prefix (remote, staged) == n_remote)
    {
      *outcome = REMOTE_HISTORY_EXTENDED;
      return TRUE;
    }
  if (chains_common_prefix (remote, drive) != ingest_mhl_chain_get_n_entries (drive) ||
      n_remote < ingest_mhl_chain_get_n_entries (drive))
    {
      guint first = chains_common_prefix (remote, drive);
      const IngestMhlChainEntry *theirs = first < n_remote ? ingest_mhl_chain_get_entry (remote, first) : NULL;

      g_clear_pointer (remote_chain, g_bytes_unref);
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
                   "%s already holds the ASC MHL history of another card (its generation %u is %s, "
                   "the drive's is not) — not overwritten",
                   location, theirs != NULL ? theirs->sequence_nr : first + 1,
                   theirs != NULL ? theirs->path : "missing");
      return FALSE;
    }

  /* It has the drive's history whole and more: another station's record. */
  if (!any_sent)
    {
      *outcome = REMOTE_HISTORY_UP_TO_DATE;
      return TRUE;
    }
  if (!fetch_remote_history (shared, destination, roll_path, remote, bytes, remote_ascmhl, &local_error))
    {
      g_clear_pointer (remote_chain, g_bytes_unref);
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
                   "the ASC MHL history at %s cannot be extended: %s — not overwritten", location, local_error->message);
      return FALSE;
    }
  n = (*current)[0] == 'v' ? g_ascii_strtoull (*current + 1, NULL, 10) : 0;
  {
    g_autofree char *next = g_strdup_printf ("v%" G_GUINT64_FORMAT, n + 1);
    g_autofree char *old = g_build_filename (state, *current, NULL);

    if (!stage_next_version (shared, state, remote_ascmhl, next, roll_path, roll_name, error))
      return FALSE;
    remove_tree (old);
    remove_tree (remote_root);
    g_free (*current);
    *current = g_steal_pointer (&next);
  }
  *outcome = REMOTE_HISTORY_RESTAGED;
  return TRUE;
}

/* What one destination has of the roll's history, brought up to date.
 * @generation: the transfer generation sent (0: none), @note: set when
 * none was, to say why. */
static gboolean
upload_roll_history_to (Shared             *shared,
                        IngestDestination  *destination,
                        gboolean            any_sent,
                        const char         *roll_path,
                        const char         *local,
                        GPtrArray          *markers,
                        guint              *generation,
                        const char        **note,
                        GError            **error)
{
  g_autofree char *state = NULL;
  g_autofree char *link = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *current = NULL;
  g_autofree char *delivered = NULL;
  g_autofree char *current_chain = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *roll_folder = g_path_get_dirname (local);
  g_autofree char *roll_name = g_path_get_basename (roll_folder);
  g_autoptr(GBytes) remote_chain = NULL;
  RemoteHistory remote;
  gboolean have_stage;

  if ((state = history_state_folder (shared, destination, roll_path, local, error)) == NULL)
    return FALSE;
  if (g_mkdir_with_parents (state, 0700) != 0)
    return set_io_error (error, state);
  link = g_build_filename (state, "current", NULL);
  marker = g_build_filename (state, "delivered", NULL);
  current = g_file_read_link (link, NULL);
  if (current != NULL)
    current_chain = g_build_filename (state, current, roll_name, "ascmhl", "ascmhl_chain.xml", NULL);
  have_stage = current_chain != NULL && g_file_test (current_chain, G_FILE_TEST_IS_REGULAR);
  g_file_get_contents (marker, &delivered, NULL, NULL);

  *generation = 0;
  *note = NULL;

  /* Nothing new, and the destination has the whole history already. */
  if (have_stage && !any_sent && g_strcmp0 (delivered, current) == 0)
    {
      *note = "already there from an earlier run, nothing new to record";
      return TRUE;
    }

  /* New bytes went out (or nothing was staged yet): one more generation,
   * on top of what the destination was last given. A staged version that
   * never arrived whole is sent again as it is: same generation, same
   * names, so a crash never leaves two of them. */
  if (!have_stage || any_sent)
    {
      g_autofree char *from = have_stage ? g_build_filename (state, current, roll_name, "ascmhl", NULL) : g_strdup (local);
      guint64 n = current != NULL && current[0] == 'v' ? g_ascii_strtoull (current + 1, NULL, 10) : 0;
      g_autofree char *next = g_strdup_printf ("v%" G_GUINT64_FORMAT, n + 1);

      if (!stage_next_version (shared, state, from, next, roll_path, roll_name, error))
        return FALSE;
      if (current != NULL)
        {
          g_autofree char *old = g_build_filename (state, current, NULL);

          remove_tree (old);
        }
      g_free (current);
      current = g_steal_pointer (&next);
    }

  if (!reconcile_remote_history (shared, destination, any_sent, state, &current, roll_path, roll_name, local,
                                 &remote_chain, &remote, error))
    return FALSE;
  if (remote == REMOTE_HISTORY_UP_TO_DATE)
    {
      *note = "already there, recorded further by another transfer; nothing new to record";
      return send_markers (shared, destination, roll_folder, markers, error);
    }

  stage = g_build_filename (state, current, roll_name, "ascmhl", NULL);
  relative = roll_history_path (roll_path);
  if ((*generation = staged_generation (state, current, roll_name)) == 0)
    *note = "no file of the roll was verified at every destination, so it went as it was, without a transfer generation";
  return send_markers (shared, destination, roll_folder, markers, error) &&
         send_folder (shared, destination, stage, relative, remote_chain, error) &&
         g_file_set_contents (marker, current, -1, error);
}

/* Main thread. Once the run's task returned, the queue is empty: the job
 * is not touched. */
static gboolean
history_outcomes_cb (gpointer data)
{
  Shared *shared = data;
  IngestHistoryOutcome *outcome;

  while (shared->job != NULL && (outcome = g_async_queue_try_pop (shared->history_outcomes)) != NULL)
    {
      g_signal_emit (shared->job, signals[HISTORY_OUTCOME], 0, outcome);
      ingest_history_outcome_free (outcome);
    }
  return G_SOURCE_REMOVE;
}

/* Tells the main thread what @destination got of a roll's history. */
static void
push_history_outcome (Shared            *shared,
                      const char        *roll_path,
                      IngestDestination *destination,
                      guint              generation,
                      const char        *message,
                      gboolean           ok)
{
  IngestHistoryOutcome *outcome = g_new0 (IngestHistoryOutcome, 1);
  g_autofree char *probe = roll_history_path (roll_path);
  g_autofree char *key = NULL;

  g_mutex_lock (&shared->lock);
  key = make_key (shared, probe, NULL);
  g_mutex_unlock (&shared->lock);
  outcome->roll_path = g_strdup (roll_path);
  outcome->destination = g_strdup (ingest_destination_get_uri (destination));
  /* A folder: its key ends in "/" (the template drops a trailing one). */
  if (key != NULL)
    {
      g_autofree char *folder_key = g_strconcat (key, "/", NULL);

      outcome->location = destination_location (destination, folder_key);
    }
  outcome->generation = generation;
  outcome->state = ok ? INGEST_DELIVERY_STATE_VERIFIED : INGEST_DELIVERY_STATE_FAILED;
  outcome->reason = g_strdup (message);
  g_async_queue_push (shared->history_outcomes, outcome);
  g_main_context_invoke_full (shared->context, G_PRIORITY_DEFAULT, history_outcomes_cb,
                              shared_ref (shared), (GDestroyNotify) shared_unref);
}

/* A copy of the roll's history with one more generation (process
 * "transfer") listing the files verified at every destination, uploaded
 * next to the files, after the markers of the roll's empty folders (which
 * thus go with the history: a run that leaves it alone leaves them too).
 * The drive itself is never written to. Each destination's outcome goes
 * to "history-outcome"; one that failed (@failures[i], set here) is not
 * tried again for the next rolls.
 *
 * It converges after a crash: the staged version is kept until the
 * destination has all of it, and a re-run sends that same version again
 * instead of making another one; a run that sent nothing new to a
 * destination that has its history whole does nothing there. */
static gboolean
upload_roll_history (Shared          *shared,
                     const RollInfo  *roll,
                     GError         **failures,
                     GError         **error)
{
  g_autofree char *local = NULL;
  g_autofree char *roll_folder = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  gboolean has_history;
  gboolean ok = TRUE;
  guint64 sent = 0;

  g_mutex_lock (&shared->lock);
  local = g_build_filename (shared->root, g_str_equal (roll->path, ".") ? "" : roll->path, "ascmhl", NULL);
  for (guint i = 0; i < shared->delivered->len; i++)
    {
      Delivered *delivered = g_ptr_array_index (shared->delivered, i);

      if (g_str_equal (roll->path, ".") ||
          (g_str_has_prefix (delivered->path, roll->path) && delivered->path[strlen (roll->path)] == '/'))
        sent |= delivered->sent;
    }
  g_mutex_unlock (&shared->lock);

  /* A roll without a history: its empty folders still go, on every run. */
  has_history = g_file_test (local, G_FILE_TEST_IS_DIR);
  roll_folder = g_path_get_dirname (local);
  if ((markers = roll_marker_keys (shared, roll->path, roll_folder, error)) == NULL)
    {
      for (guint i = 0; has_history && i < shared->destinations->len; i++)
        push_history_outcome (shared, roll->path, g_ptr_array_index (shared->destinations, i), 0, (*error)->message, FALSE);
      g_prefix_error (error, "the ASC MHL history of roll %s: ", roll->name);
      return FALSE;
    }

  for (guint i = 0; i < shared->destinations->len; i++)
    {
      IngestDestination *destination = g_ptr_array_index (shared->destinations, i);
      g_autoptr(GError) local_error = NULL;
      const char *note = NULL;
      guint generation = 0;

      if (failures[i] == NULL)
        {
          if (has_history)
            upload_roll_history_to (shared, destination, (sent & destination_bit (i)) != 0, roll->path, local,
                                    markers, &generation, &note, &local_error);
          else
            send_markers (shared, destination, roll_folder, markers, &local_error);
          if (local_error != NULL)
            failures[i] = g_error_copy (local_error);
        }
      if (has_history)
        push_history_outcome (shared, roll->path, destination, failures[i] != NULL ? 0 : generation,
                              failures[i] != NULL ? failures[i]->message : note, failures[i] == NULL);
      if (local_error != NULL && ok)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "the ASC MHL history of roll %s: ", roll->name);
          ok = FALSE;
        }
    }
  return ok;
}

static void
upload_histories_thread (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  Shared *shared = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree GError **failures = g_new0 (GError *, shared->destinations->len);

  /* Each roll goes to every destination that has not failed yet; the run
   * fails with the first error. */
  for (guint i = 0; i < shared->rolls->len; i++)
    {
      g_autoptr(GError) roll_error = NULL;

      if (!upload_roll_history (shared, g_ptr_array_index (shared->rolls, i), failures, &roll_error) &&
          error == NULL)
        error = g_steal_pointer (&roll_error);
    }
  for (guint i = 0; i < shared->destinations->len; i++)
    g_clear_error (&failures[i]);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/*
 * Overrides
 */

static void
ingest_upload_job_dispose (GObject *object)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->finishers != NULL)
    {
      g_thread_pool_free (self->finishers, FALSE, TRUE);
      self->finishers = NULL;
    }
  self->shared->job = NULL;
  g_clear_object (&self->validation);
  g_clear_object (&self->sink);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (ingest_upload_job_parent_class)->dispose (object);
}

static void
ingest_upload_job_finalize (GObject *object)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);

  shared_unref (self->shared);
  g_ptr_array_unref (self->expected_paths);
  g_clear_error (&self->validation_error);
  g_free (self->message);

  G_OBJECT_CLASS (ingest_upload_job_parent_class)->finalize (object);
}

static void
ingest_upload_job_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IngestUploadJob *self = INGEST_UPLOAD_JOB (object);

  switch (prop_id)
    {
    case PROP_FILES_TOTAL:
      g_value_set_uint (value, self->files_total);
      break;
    case PROP_FILES_VERIFIED:
      g_value_set_uint (value, self->files_verified);
      break;

    case PROP_FILES_ALREADY_DELIVERED:
      g_value_set_uint (value, self->files_already_delivered);
      break;
    case PROP_FILES_FAILED:
      g_value_set_uint (value, self->files_failed);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_BYTES_RESUMED:
      g_value_set_uint64 (value, self->bytes_resumed);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->progress.rate);
      break;
    case PROP_ETA:
      g_value_set_int64 (value, self->progress.eta);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_N_ACTIVE_FILES:
      g_value_set_uint (value, self->n_active_files);
      break;
    case PROP_ACTIVE_FILES:
      g_value_take_boxed (value, ingest_upload_job_dup_active_files (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_job_class_init (IngestUploadJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_upload_job_dispose;
  object_class->finalize = ingest_upload_job_finalize;
  object_class->get_property = ingest_upload_job_get_property;

  properties[PROP_FILES_TOTAL] = g_param_spec_uint ("files-total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FILES_VERIFIED] = g_param_spec_uint ("files-verified", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FILES_ALREADY_DELIVERED] = g_param_spec_uint ("files-already-delivered", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FILES_FAILED] = g_param_spec_uint ("files-failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_SENT] = g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_RESUMED] = g_param_spec_uint64 ("bytes-resumed", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_N_ACTIVE_FILES] = g_param_spec_uint ("n-active-files", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ACTIVE_FILES] = g_param_spec_boxed ("active-files", NULL, NULL, G_TYPE_PTR_ARRAY, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IngestUploadJob::file-outcome:
   * @outcome: what every destination got of one file
   *
   * Once per file to deliver, after every destination answered for it
   * (main thread). A file not delivered has, per destination, where it was
   * meant to go (or %NULL when not known), never its source path.
   */
  signals[FILE_OUTCOME] =
    g_signal_new ("file-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_FILE_OUTCOME);

  /**
   * IngestUploadJob::history-outcome:
   * @outcome: (type IngestHistoryOutcome): what one destination got of one
   *   roll's ASC MHL history
   */
  signals[HISTORY_OUTCOME] =
    g_signal_new ("history-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_HISTORY_OUTCOME | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ingest_upload_job_init (IngestUploadJob *self)
{
  self->expected_paths = g_ptr_array_new_with_free_func (g_free);
  self->upload_history = TRUE;
  ingest_progress_init (&self->progress);
}

/*
 * Public API
 */

IngestUploadJob *
ingest_upload_job_new (const char *root)
{
  g_autoptr(IngestValidationJob) read = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  read = ingest_validation_job_new (root);
  return ingest_upload_job_new_for_validation (read);
}

/**
 * ingest_upload_job_new_for_validation:
 * @read: a validation that has not run yet
 *
 * An upload fed by @read, which someone else made: other sinks can be
 * added to it (before ingest_upload_job_run_async(), which runs it). The
 * upload configures it when it runs (expected manifests, catalog, threads;
 * every file is read again, as its bytes are what goes up).
 *
 * Returns: (transfer full): a new upload job
 */
IngestUploadJob *
ingest_upload_job_new_for_validation (IngestValidationJob *read)
{
  IngestUploadJob *self;

  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (read), NULL);
  g_return_val_if_fail (ingest_validation_job_get_phase (read) == INGEST_VALIDATION_PHASE_IDLE, NULL);

  self = g_object_new (INGEST_TYPE_UPLOAD_JOB, NULL);
  self->shared = shared_new (ingest_validation_job_get_root (read));
  self->validation = g_object_ref (read);
  self->sink = _ingest_upload_sink_new (self->shared);
  ingest_validation_job_add_sink (read, self->sink);
  return self;
}

void
ingest_upload_job_add_destination (IngestUploadJob   *self,
                                   IngestDestination *destination)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (INGEST_IS_DESTINATION (destination));
  g_return_if_fail (self->task == NULL);

  g_ptr_array_add (self->shared->destinations, g_object_ref (destination));
}

/* The catalog of the validation results (and of the destinations' journal). */
void
ingest_upload_job_set_catalog (IngestUploadJob *self,
                               IngestCatalog   *catalog)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->catalog, catalog);
}

/* Where each file goes below the destinations; the default is
 * INGEST_KEY_TEMPLATE_DEFAULT with no production or shoot day. */
void
ingest_upload_job_set_key_template (IngestUploadJob   *self,
                                    IngestKeyTemplate *key_template)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (key_template != NULL);
  g_return_if_fail (self->task == NULL);

  ingest_key_template_unref (self->shared->key_template);
  self->shared->key_template = ingest_key_template_ref (key_template);
}

void
ingest_upload_job_add_expected (IngestUploadJob *self,
                                const char      *path)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_ptr_array_add (self->expected_paths, g_strdup (path));
}

void
ingest_upload_job_set_n_threads (IngestUploadJob *self,
                                 guint            n_threads)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  self->n_threads = n_threads;
}

/* Upload each roll's ascmhl/ with a transfer generation (default TRUE). */
void
ingest_upload_job_set_upload_history (IngestUploadJob *self,
                                      gboolean         upload_history)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  self->upload_history = !!upload_history;
}

/* Cancelling aborts the unfinished uploads (default FALSE: they are kept,
 * and the next run resumes them). */
void
ingest_upload_job_set_abort_on_cancel (IngestUploadJob *self,
                                       gboolean         abort_on_cancel)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  self->abort_on_cancel = !!abort_on_cancel;
}

void
ingest_upload_job_run_async (IngestUploadJob     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->task == NULL && !self->started);
  g_return_if_fail (self->shared->destinations->len > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_upload_job_run_async);

  /* A template that cannot make keys fails now, not once per file. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = make_key (self->shared, "roll/file", &error);

    if (key == NULL)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
  }
  self->task = g_object_ref (task);
  self->started = TRUE;

  /* Our own cancellable: a fatal destination error stops the run too. */
  self->shared->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                           g_object_ref (self->shared->cancellable), g_object_unref);

  self->finishers = g_thread_pool_new (finish_func, self->shared, N_FINISHERS, FALSE, NULL);
  self->shared->job = self;
  self->shared->finishers = self->finishers;
  self->shared->context = g_main_context_ref_thread_default ();
  for (guint i = 0; i < self->expected_paths->len; i++)
    ingest_validation_job_add_expected (self->validation, g_ptr_array_index (self->expected_paths, i));
  if (self->catalog != NULL)
    ingest_validation_job_set_catalog (self->validation, self->catalog);
  /* Every file must be read: its bytes are what goes up. */
  ingest_validation_job_set_reuse_verified (self->validation, FALSE);
  ingest_validation_job_set_n_threads (self->validation, self->n_threads);

  g_signal_connect (self->validation, "notify::phase", G_CALLBACK (phase_changed_cb), self);
  g_signal_connect (self->validation, "notify::paused", G_CALLBACK (validation_paused_cb), self);
  g_signal_connect (self->validation, "notify::root", G_CALLBACK (validation_root_cb), self);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);
  set_message (self, "Scanning");

  ingest_validation_job_run_async (self->validation, self->shared->cancellable,
                                   validation_done_cb, g_object_ref (self));
}

gboolean
ingest_upload_job_run_finish (IngestUploadJob  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stops reading new bytes (parts already in flight still finish); the
 * uploads wait with the read. Main thread, while running. */
void
ingest_upload_job_pause (IngestUploadJob *self)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->started);

  g_mutex_lock (&self->shared->lock);
  self->shared->paused = TRUE;
  g_mutex_unlock (&self->shared->lock);
  self->user_paused = TRUE;
  ingest_validation_job_pause (self->validation, "Paused");
  update_paused (self);
}

void
ingest_upload_job_resume (IngestUploadJob *self)
{
  g_return_if_fail (INGEST_IS_UPLOAD_JOB (self));
  g_return_if_fail (self->started);

  g_mutex_lock (&self->shared->lock);
  self->shared->paused = FALSE;
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
  self->user_paused = FALSE;
  ingest_validation_job_resume (self->validation, NULL);
  update_paused (self);
}

gboolean
ingest_upload_job_get_paused (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), FALSE);
  return self->paused;
}

static int
compare_active (gconstpointer a,
                gconstpointer b)
{
  const IngestUploadActiveFile *fa = *(IngestUploadActiveFile * const *) a;
  const IngestUploadActiveFile *fb = *(IngestUploadActiveFile * const *) b;

  return strcmp (fa->path, fb->path);
}

GPtrArray *
ingest_upload_job_dup_active_files (IngestUploadJob *self)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) active_file_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), files);

  g_mutex_lock (&self->shared->lock);
  g_hash_table_iter_init (&iter, self->shared->active);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      IngestUploadActiveFile *file = g_memdup2 (value, sizeof (IngestUploadActiveFile));

      file->path = g_strdup (file->path);
      g_ptr_array_add (files, file);
    }
  g_mutex_unlock (&self->shared->lock);
  g_ptr_array_sort (files, compare_active);
  return files;
}

/* (transfer none) (nullable): the validation run, once started */
IngestValidationJob *
ingest_upload_job_get_validation (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), NULL);
  return self->validation;
}

guint
ingest_upload_job_get_files_total (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_total;
}

/* Of the verified files, those every destination had already: nothing sent. */
guint
ingest_upload_job_get_files_already_delivered (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_already_delivered;
}

guint
ingest_upload_job_get_files_verified (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_verified;
}

guint
ingest_upload_job_get_files_failed (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->files_failed;
}

guint64
ingest_upload_job_get_bytes_total (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->bytes_total;
}

guint64
ingest_upload_job_get_bytes_sent (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->bytes_sent;
}

guint64
ingest_upload_job_get_bytes_resumed (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0);
  return self->bytes_resumed;
}

double
ingest_upload_job_get_fraction (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0.0);
  return self->fraction;
}

/* Bytes/s of new bytes sent, over the time the job was not paused. */
double
ingest_upload_job_get_rate (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), 0.0);
  return self->progress.rate;
}

/* Seconds left at that rate; -1 = unknown, 0 = done. */
gint64
ingest_upload_job_get_eta (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), -1);
  return self->progress.eta;
}

const char *
ingest_upload_job_get_message (IngestUploadJob *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_JOB (self), NULL);
  return self->message;
}
