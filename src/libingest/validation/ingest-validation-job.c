/* ingest-validation-job.c
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

#define G_LOG_DOMAIN "ingest-validation-job"

#include "config.h"

#include <string.h>

#include "ingest-card-layout.h"
#include "ingest-drive-private.h"
#include "ingest-hash-job.h"
#include "ingest-mhl-walker.h"
#include "ingest-progress.h"
#include "ingest-validation-compare-private.h"
#include "ingest-validation-job-private.h"

/* Results reach the catalog and the main thread in batches: at most this
 * many, or whatever came in this long. */
#define FLUSH_BATCH          512
#define FLUSH_INTERVAL_USEC  (500 * G_TIME_SPAN_MILLISECOND)
/* Progress properties change at most this often. */
#define PROGRESS_INTERVAL_MS 200
/* While the drive is away, look for it this often. */
#define REMOVED_POLL_USEC    G_USEC_PER_SEC

#define DRIVE_REMOVED_MESSAGE "Drive removed — plug it back in to continue"

/* Folders operating systems make at the top of a volume: shown as ignored,
 * never "extra" or "unreadable" (lost+found is root's alone on ext4). */
static const char * const volume_patterns[] = {
  "/lost+found/", "/.Spotlight-V100/", "/.fseventsd/", "/.Trashes/", "/.TemporaryItems/",
  "/.Trash-*/", "/System Volume Information/", "/$RECYCLE.BIN/", NULL,
};

/* A file to read. */
typedef struct {
  char                     *path;       /* relative to the root */
  char                     *target;     /* a file link's target below the root (read instead), or NULL */
  const IngestExpectedFile *expected;   /* NULL: not in any manifest */
  IngestHashSet             kinds;
  guint                     roll;
  guint64                   bytes_read; /* by the current attempt */
} WorkItem;

/* Everything the threads share: plain data. The job (main thread) and the
 * task each hold a reference. */
typedef struct {
  gatomicrefcount            ref;
  GMainContext              *context;
  GCancellable              *cancellable;
  gulong                     cancelled_id;

  /* fixed before the run */
  char                      *label;
  char                     **expected_paths;
  IngestCatalog             *catalog;
  guint                      n_threads;
  gboolean                   reuse;
  gboolean                   record;
  GPtrArray                 *sinks;            /* IngestReadSink * */

  /* found by the scan (coordinator), read-only afterwards */
  char                      *identity;
  char                      *drive_label;
  char                      *uuid;
  char                      *filesystem;
  gboolean                   read_only;
  gint64                     started_at;
  gint64                     run_id;
  IngestExpectedManifest    *expected;
  GPtrArray                 *rolls;            /* IngestValidationRollData */
  GPtrArray                 *diagnostics;      /* char * */
  GHashTable                *seen;             /* IngestExpectedFile * met on the drive */
  GHashTable                *missing_by_hash;  /* "kind:value" → IngestExpectedFile * not on the drive */
  guint64                  (*roll_counts)[INGEST_VALIDATION_N_STATUSES];
  IngestValidationVerdict    verdict;
  GArray                    *record_targets;   /* RecordTarget; empty unless recording */

  /* progress, atomic */
  guint64                    bytes_done;
  guint64                    bytes_total;
  guint64                    bytes_resumed;
  gint                       files_done;
  gint                       files_total;
  gint                       batches_sent;

  /* under mutex */
  GMutex                     mutex;
  GCond                      cond;
  char                      *root;
  GQueue                     queue;            /* WorkItem * */
  GPtrArray                 *produced;         /* IngestValidationResultData * */
  GHashTable                *claimed;          /* IngestExpectedFile * matched by a renamed file */
  GHashTable                *precomputed;      /* absolute path → IngestHashJob, when recording */
  guint                      n_busy;
  gboolean                   paused;
  gboolean                   removed;
  gboolean                   state_changed;
  char                      *pause_message;
} Run;

/* One attempt at reading a file, for the sinks (worker thread). */
typedef struct {
  Run            *run;
  WorkItem       *item;
  IngestHashJob  *job;
  IngestReadFile  file;
  char           *absolute;
  GHashTable     *metadata;   /* kind name → expected value, NULL until begun */
  gboolean        begun;
  GError        **failed;     /* per sink: why it gave up on this file, NULL = still taking it */
} ChunkData;

/* An ASC MHL history that gets a new generation when the run records. */
typedef struct {
  IngestMhlHistory *history;
  char             *prefix;   /* its root relative to the drive's: "" or "A001/" */
  IngestHashSet     kinds;    /* the formats it records; the new generation keeps to them */
} RecordTarget;

struct _IngestValidationJob
{
  GObject                    parent_instance;

  /* configuration */
  char                      *root;
  char                      *label;
  GPtrArray                 *expected_paths;
  IngestCatalog             *catalog;
  guint                      n_threads;
  gboolean                   reuse;
  gboolean                   record;
  GPtrArray                 *sinks;            /* IngestReadSink * */

  Run                       *run;
  guint                      progress_source;
  IngestProgress             progress;      /* "rate", "eta" */
  guint                      batches_delivered;

  /* state shown */
  IngestValidationPhase      phase;
  double                     fraction;
  guint64                    bytes_done;
  guint64                    bytes_total;
  guint64                    bytes_resumed;
  guint                      files_done;
  guint                      files_total;
  char                      *message;
  gboolean                   paused;
  IngestValidationVerdict    verdict;
  char                      *identity;
  char                      *drive_label;
  char                      *uuid;
  char                      *filesystem;
  gboolean                   read_only;
  guint64                    counts[INGEST_VALIDATION_N_STATUSES];
  gint64                     started_at;
  gint64                     finished_at;
  gint64                     run_id;
  GListStore                *results;
  GListStore                *rolls;
  IngestExpectedManifest    *expected;
  GPtrArray                 *diagnostics;      /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (IngestValidationJob, ingest_validation_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_PHASE,
  PROP_FRACTION,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_BYTES_RESUMED,
  PROP_FILES_DONE,
  PROP_FILES_TOTAL,
  PROP_RATE,
  PROP_ETA,
  PROP_MESSAGE,
  PROP_PAUSED,
  PROP_VERDICT,
  PROP_DRIVE_IDENTITY,
  PROP_DRIVE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Plain data
 */

static void
work_item_free (WorkItem *item)
{
  g_free (item->path);
  g_free (item->target);
  g_free (item);
}

static void
roll_data_free (gpointer data)
{
  IngestValidationRollData *roll = data;

  g_free (roll->name);
  g_free (roll->path);
  g_free (roll->kind_nick);
  g_free (roll->kind_label);
  g_free (roll->mhl_kind);
  g_free (roll);
}

static void
record_target_clear (gpointer data)
{
  RecordTarget *target = data;

  g_object_unref (target->history);
  g_free (target->prefix);
}

static Run *
run_ref (Run *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

static void
run_unref (Run *run)
{
  if (!g_atomic_ref_count_dec (&run->ref))
    return;

  g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  g_clear_object (&run->cancellable);
  g_main_context_unref (run->context);
  g_free (run->label);
  g_strfreev (run->expected_paths);
  g_clear_object (&run->catalog);
  g_free (run->identity);
  g_free (run->drive_label);
  g_free (run->uuid);
  g_free (run->filesystem);
  g_clear_object (&run->expected);
  g_clear_pointer (&run->rolls, g_ptr_array_unref);
  g_clear_pointer (&run->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&run->seen, g_hash_table_unref);
  g_clear_pointer (&run->missing_by_hash, g_hash_table_unref);
  g_free (run->roll_counts);
  g_free (run->root);
  g_queue_clear_full (&run->queue, (GDestroyNotify) work_item_free);
  g_ptr_array_unref (run->produced);
  g_hash_table_unref (run->claimed);
  g_hash_table_unref (run->precomputed);
  g_array_unref (run->record_targets);
  g_ptr_array_unref (run->sinks);
  g_free (run->pause_message);
  g_mutex_clear (&run->mutex);
  g_cond_clear (&run->cond);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_unref)

static char *
dup_root (Run *run)
{
  char *root;

  g_mutex_lock (&run->mutex);
  root = g_strdup (run->root);
  g_mutex_unlock (&run->mutex);
  return root;
}

/* Is the drive this run started on still answering at the root? Any
 * thread: a probe of plain data (statfs, the mount table), no object. */
static gboolean
drive_present (Run *run)
{
  g_autofree char *root = dup_root (run);
  g_autoptr(IngestDriveInfo) info = _ingest_drive_info_probe (root, NULL, NULL, NULL);

  return info != NULL && g_strcmp0 (info->identity, run->identity) == 0;
}

static void
add_diagnostic (Run        *run,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static void
add_diagnostic (Run        *run,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (run->diagnostics, g_strdup_vprintf (format, args));
  va_end (args);
}

/*
 * Scan (coordinator thread): manifests, tree, rolls, what to read
 */

static guint
assign_roll (Run        *run,
             const char *path)
{
  gint best = -1;
  gsize best_len = 0;

  for (guint r = 0; r < run->rolls->len; r++)
    {
      IngestValidationRollData *roll = g_ptr_array_index (run->rolls, r);
      gsize len;

      if (strcmp (roll->path, ".") == 0)
        {
          if (best < 0)
            best = r;
          continue;
        }
      len = strlen (roll->path);
      if (len > best_len && strncmp (path, roll->path, len) == 0 && path[len] == '/')
        {
          best = r;
          best_len = len;
        }
    }

  if (best < 0)
    {
      /* Files outside every roll the card scan found make a roll of the root. */
      IngestValidationRollData *roll = g_new0 (IngestValidationRollData, 1);

      roll->name = g_strdup (run->drive_label);
      roll->path = g_strdup (".");
      roll->kind_nick = g_strdup (ingest_card_kind_get_nick (INGEST_CARD_KIND_GENERIC));
      roll->kind_label = g_strdup (ingest_card_kind_get_label (INGEST_CARD_KIND_GENERIC));
      roll->mhl_kind = g_strdup ("none");
      g_ptr_array_add (run->rolls, roll);
      best = run->rolls->len - 1;
    }
  return best;
}

static gboolean
probe_drive (Run     *run,
             GError **error)
{
  g_autofree char *root = dup_root (run);
  g_autoptr(IngestDriveInfo) info = _ingest_drive_info_probe (root, run->label, NULL, error);

  if (info == NULL)
    return FALSE;
  run->identity = g_strdup (info->identity);
  run->drive_label = g_strdup (info->label);
  run->uuid = g_strdup (info->uuid);
  run->filesystem = g_strdup (info->filesystem);
  run->read_only = info->read_only;
  return TRUE;
}

static gboolean
scan_rolls (Run      *run,
            GError  **error)
{
  g_autoptr(IngestCardScan) scan = NULL;
  g_autofree char *root = dup_root (run);

  scan = ingest_card_layout_scan (root, run->drive_label, NULL, run->cancellable, error);
  if (scan == NULL)
    return FALSE;
  for (guint i = 0; i < scan->rolls->len; i++)
    {
      IngestCardRoll *card = g_ptr_array_index (scan->rolls, i);
      IngestValidationRollData *roll = g_new0 (IngestValidationRollData, 1);

      roll->name = g_strdup (card->name);
      roll->path = g_strdup (card->path);
      roll->kind_nick = g_strdup (ingest_card_kind_get_nick (card->kind));
      roll->kind_label = g_strdup (ingest_card_kind_get_label (card->kind));
      roll->mhl_kind = g_strdup (card->mhl_kind);
      g_ptr_array_add (run->rolls, roll);
    }
  return TRUE;
}

static gboolean
is_manifest_name (const char *name)
{
  gsize len = strlen (name);

  return len > 4 && g_ascii_strcasecmp (name + len - 4, ".mhl") == 0 && name[0] != '.';
}

#define SOURCE_MESSAGE "a manifest: source of expected hashes"
#define UNCHAINED_MESSAGE "an ASC MHL manifest in no history's chain: not used"

/* Loads every source of expectations. Fills @manifests: walk item index + 1 →
 * what the item is (a manifest, not content). */
static gboolean
gather_expected (Run              *run,
                 IngestMhlHistory *history,
                 IngestMhlWalker  *walker,
                 GHashTable       *manifests,
                 GError          **error)
{
  GArray *items = ingest_mhl_walker_get_items (walker);
  g_autofree char *root = dup_root (run);
  const char * const *warnings = ingest_mhl_history_get_warnings (history);

  run->expected = ingest_expected_manifest_new (root);
  ingest_expected_manifest_add_history (run->expected, history, "", run->cancellable);
  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    add_diagnostic (run, "ASC MHL: %s", warnings[i]);

  /* Legacy .mhl files lying in the tree. An ASC MHL v2 manifest outside an
   * ascmhl/ folder is in no chain: nothing vouches for it, so it is not a
   * source unless the user picks it (--expected). */
  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      g_autofree char *abs = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *prefix = NULL;
      g_autoptr(IngestMhlManifest) manifest = NULL;
      g_autoptr(GError) local_error = NULL;

      if (item->kind != INGEST_MHL_WALK_FILE || !is_manifest_name (ingest_mhl_walk_item_get_name (item)))
        continue;
      abs = g_build_filename (root, item->path, NULL);
      manifest = ingest_mhl_manifest_new_from_file (abs, &local_error);
      if (manifest == NULL)
        {
          add_diagnostic (run, "%s looks like an MHL file but could not be read: %s", item->path, local_error->message);
          continue;
        }
      if (g_str_equal (ingest_mhl_manifest_get_version (manifest), "2.0"))
        {
          add_diagnostic (run, "%s is an ASC MHL manifest outside any history (in no chain): its hashes are not used; "
                          "pick it with --expected to use it", item->path);
          g_hash_table_insert (manifests, GUINT_TO_POINTER (i + 1), (gpointer) UNCHAINED_MESSAGE);
          continue;
        }
      /* a legacy MHL lists paths relative to its own folder */
      dir = g_path_get_dirname (item->path);
      prefix = strcmp (dir, ".") == 0 ? g_strdup ("") : g_strconcat (dir, "/", NULL);
      ingest_expected_manifest_add_manifest (run->expected, manifest, prefix, INGEST_EXPECTED_SOURCE_LEGACY, abs);
      g_hash_table_insert (manifests, GUINT_TO_POINTER (i + 1), (gpointer) SOURCE_MESSAGE);
    }

  for (guint i = 0; run->expected_paths[i] != NULL; i++)
    {
      g_autofree char *canonical = g_canonicalize_filename (run->expected_paths[i], NULL);
      gsize len = strlen (root);

      if (!ingest_expected_manifest_add_path (run->expected, canonical, "", INGEST_EXPECTED_SOURCE_USER,
                                              run->cancellable, error))
        {
          g_prefix_error (error, "%s: ", run->expected_paths[i]);
          return FALSE;
        }
      /* the picked file may lie on the drive: it is a manifest, not content */
      if (strncmp (canonical, root, len) == 0 && canonical[len] == '/')
        for (guint j = 0; j < items->len; j++)
          if (strcmp (g_array_index (items, IngestMhlWalkItem, j).path, canonical + len + 1) == 0)
            g_hash_table_insert (manifests, GUINT_TO_POINTER (j + 1), (gpointer) SOURCE_MESSAGE);
    }

  if (ingest_expected_manifest_get_n_disagreements (run->expected) > 0)
    add_diagnostic (run, "The manifests disagree about the hash of %u file(s); those files are reported as mismatches",
                    ingest_expected_manifest_get_n_disagreements (run->expected));
  return TRUE;
}

static void
push_result (Run                        *run,
             IngestValidationResultData *data)
{
  g_mutex_lock (&run->mutex);
  g_ptr_array_add (run->produced, data);
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->mutex);
}

/* Decides, for every entry of the walk, its result now or the read it needs. */
static void
classify (Run             *run,
          IngestMhlWalker *walker,
          GHashTable      *manifests,
          GHashTable      *previous)
{
  GArray *items = ingest_mhl_walker_get_items (walker);
  GPtrArray *files = ingest_expected_manifest_get_files (run->expected);
  g_autofree char *root = dup_root (run);
  GPtrArray *extras = g_ptr_array_new ();
  IngestHashSet extra_kinds = INGEST_HASH_BIT (INGEST_HASH_XXH64);

  /* Exact names first: a name in another Unicode normalization only gets an
   * expectation no file on disk carries exactly, and only once. Two files
   * whose names differ only in NFC/NFD are two files. */
  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      const IngestExpectedFile *exact;

      if (item->kind == INGEST_MHL_WALK_DIRECTORY || item->kind == INGEST_MHL_WALK_INVALID_NAME)
        continue;
      exact = ingest_expected_manifest_lookup_exact (run->expected, item->path);
      if (exact != NULL)
        g_hash_table_add (run->seen, (gpointer) exact);
    }

  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      const IngestExpectedFile *expected = NULL;
      IngestValidationResultData *data = NULL;
      IngestValidationStatus status;
      const char *message;
      guint roll;

      if (item->kind == INGEST_MHL_WALK_DIRECTORY)
        continue;
      if (item->kind == INGEST_MHL_WALK_IGNORED && strcmp (ingest_mhl_walk_item_get_name (item), "ascmhl") == 0)
        continue;  /* a history's own folder */

      roll = assign_roll (run, item->path);
      if (item->kind != INGEST_MHL_WALK_INVALID_NAME)
        {
          expected = ingest_expected_manifest_lookup_exact (run->expected, item->path);
          if (expected == NULL)
            {
              expected = ingest_expected_manifest_lookup (run->expected, item->path);
              if (expected != NULL && !g_hash_table_add (run->seen, (gpointer) expected))
                expected = NULL;  /* another file has that name exactly, or took it first */
            }
        }

      if (_ingest_validation_compare_unread (item->kind, expected != NULL, item->error_message, &status, &message))
        {
          data = _ingest_validation_result_data_new (status, item->path, roll);
          data->message = g_strdup (message);
          /* no manifest can list it: shown escaped */
          if (item->kind == INGEST_MHL_WALK_INVALID_NAME)
            {
              g_free (data->path);
              data->path = g_strescape (item->path, NULL);
            }
          g_ptr_array_add (run->produced, data);
          continue;
        }

      g_assert (item->kind == INGEST_MHL_WALK_FILE);
      if (g_hash_table_contains (manifests, GUINT_TO_POINTER (i + 1)))
        {
          data = _ingest_validation_result_data_new (INGEST_VALIDATION_STATUS_IGNORED, item->path, roll);
          data->message = g_strdup (g_hash_table_lookup (manifests, GUINT_TO_POINTER (i + 1)));
          data->size = item->size;
        }
      else if (run->reuse && (data = _ingest_validation_try_reuse (previous, run->filesystem, root, item->path, expected, roll)) != NULL)
        {
          run->bytes_resumed += data->size;
        }
      else
        {
          WorkItem *work = g_new0 (WorkItem, 1);

          work->path = g_strdup (item->path);
          work->target = g_strdup (item->target);
          work->expected = expected;
          work->roll = roll;
          if (expected != NULL)
            {
              work->kinds = ingest_expected_file_get_kinds (expected);
              for (guint c = 0; expected->conflicts != NULL && c < expected->conflicts->len; c++)
                work->kinds |= INGEST_HASH_BIT (((IngestExpectedConflict *) g_ptr_array_index (expected->conflicts, c))->kind);
            }
          if (work->kinds == 0)
            g_ptr_array_add (extras, work);
          g_queue_push_tail (&run->queue, work);
          run->bytes_total += item->size;
          run->files_total++;
        }

      if (data != NULL)
        g_ptr_array_add (run->produced, data);
    }

  /* What a missing file would hash to, so a renamed copy is recognised. */
  for (guint f = 0; f < files->len; f++)
    {
      const IngestExpectedFile *file = g_ptr_array_index (files, f);
      IngestValidationRollData *roll = g_ptr_array_index (run->rolls, assign_roll (run, file->path));

      roll->n_expected++;
      if (g_hash_table_contains (run->seen, file))
        continue;
      for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
        if (file->values[k] != NULL)
          {
            char *key = g_strdup_printf ("%u:%s", k, file->values[k]);

            extra_kinds |= INGEST_HASH_BIT (k);
            if (!g_hash_table_contains (run->missing_by_hash, key))
              g_hash_table_insert (run->missing_by_hash, key, (gpointer) file);
            else
              g_free (key);
          }
    }
  for (guint e = 0; e < extras->len; e++)
    ((WorkItem *) g_ptr_array_index (extras, e))->kinds = extra_kinds;
  g_ptr_array_unref (extras);

  /* The generation to record needs its formats for every file of its history:
   * computed in this read, so that recording reads nothing again. */
  for (GList *l = run->queue.head; l != NULL && run->record_targets->len > 0; l = l->next)
    {
      WorkItem *work = l->data;

      for (guint t = 0; t < run->record_targets->len; t++)
        {
          const RecordTarget *target = &g_array_index (run->record_targets, RecordTarget, t);

          if (g_str_has_prefix (work->path, target->prefix))
            work->kinds |= target->kinds;
        }
    }
}

/*
 * Hashing (worker threads)
 */

static void
chunk_data_clear (ChunkData *chunk)
{
  for (guint i = 0; i < chunk->run->sinks->len; i++)
    g_clear_error (&chunk->failed[i]);
  g_free (chunk->failed);
  g_clear_pointer (&chunk->metadata, g_hash_table_unref);
  g_free (chunk->absolute);
}

/* Sink @i gave up on this file; the read and the other sinks go on. Unless
 * the drive is gone: that is why it failed, so the whole read fails and the
 * file is read again once the drive is back (every sink begins it anew). */
static gboolean
sink_failed (ChunkData  *chunk,
             guint       i,
             GError    **error)
{
  g_debug ("A reader of %s gave up on it: %s", chunk->item->path, chunk->failed[i]->message);
  if (drive_present (chunk->run))
    return TRUE;
  g_propagate_error (error, g_error_copy (chunk->failed[i]));
  return FALSE;
}

static gboolean
begin_sinks (ChunkData  *chunk,
             GError    **error)
{
  const IngestExpectedFile *expected = chunk->item->expected;
  IngestReadFile *file = &chunk->file;

  chunk->begun = TRUE;
  chunk->metadata = g_hash_table_new (g_str_hash, g_str_equal);
  file->path = chunk->item->path;
  file->absolute = chunk->absolute;
  file->size = chunk->job->size;
  file->mtime_ns = chunk->job->mtime * G_GINT64_CONSTANT (1000000000) + chunk->job->mtime_nsec;
  file->metadata = chunk->metadata;
  if (expected != NULL && !expected->only_failed)
    for (guint i = 0; i < G_N_ELEMENTS (_ingest_validation_display_order); i++)
      {
        IngestHashKind kind = _ingest_validation_display_order[i];

        if (expected->values[kind] == NULL)
          continue;
        g_hash_table_insert (chunk->metadata, (gpointer) ingest_hash_kind_get_name (kind), expected->values[kind]);
        if (file->expected == NULL)
          {
            file->expected_kind = ingest_hash_kind_get_name (kind);
            file->expected = expected->values[kind];
          }
      }

  for (guint i = 0; i < chunk->run->sinks->len; i++)
    if (!ingest_read_sink_begin_file (g_ptr_array_index (chunk->run->sinks, i), file, &chunk->failed[i]) &&
        !sink_failed (chunk, i, error))
      return FALSE;
  return TRUE;
}

static gboolean
chunk_cb (const guint8  *data,
          gsize          len,
          guint64        offset,
          gpointer       user_data,
          GError       **error)
{
  ChunkData *chunk = user_data;

  chunk->item->bytes_read += len;
  if (!chunk->begun && !begin_sinks (chunk, error))
    return FALSE;
  for (guint i = 0; i < chunk->run->sinks->len; i++)
    if (chunk->failed[i] == NULL &&
        !ingest_read_sink_chunk (g_ptr_array_index (chunk->run->sinks, i), &chunk->file, data, len, offset,
                                 &chunk->failed[i]) &&
        !sink_failed (chunk, i, error))
      return FALSE;
  return TRUE;
}

/* Every sink hears every file's verdict once: read here or not. */
static void
tell_sinks (Run                              *run,
            const IngestValidationResultData *data,
            guint64                           size,
            gboolean                          was_read)
{
  IngestReadVerdict verdict = { 0 };

  verdict.path = data->path;
  verdict.status = data->status;
  verdict.kind = data->kind >= 0 ? ingest_hash_kind_get_name (data->kind) : NULL;
  verdict.expected = data->expected;
  verdict.found = data->found;
  verdict.size = size;
  verdict.was_read = was_read;
  for (guint i = 0; i < run->sinks->len; i++)
    ingest_read_sink_verdict (g_ptr_array_index (run->sinks, i), &verdict);
}

/* A file no manifest lists: renamed if it equals a missing file, else extra. */
static void
match_extra (Run                        *run,
             IngestValidationResultData *data)
{
  const IngestExpectedFile *target = NULL;
  IngestHashKind kind = INGEST_HASH_XXH64;

  g_mutex_lock (&run->mutex);
  for (guint i = 0; i < G_N_ELEMENTS (_ingest_validation_display_order) && target == NULL; i++)
    {
      g_autofree char *key = NULL;
      const IngestExpectedFile *candidate;

      kind = _ingest_validation_display_order[i];
      if (data->digests[kind] == NULL)
        continue;
      key = g_strdup_printf ("%u:%s", kind, data->digests[kind]);
      candidate = g_hash_table_lookup (run->missing_by_hash, key);
      if (candidate != NULL && !g_hash_table_contains (run->claimed, candidate))
        {
          g_hash_table_add (run->claimed, (gpointer) candidate);
          target = candidate;
        }
    }
  g_mutex_unlock (&run->mutex);

  _ingest_validation_compare_extra (run->expected, target, kind, data);
}

static IngestValidationResultData *
make_result (Run           *run,
             WorkItem      *item,
             IngestHashJob *job)
{
  IngestValidationResultData *data = _ingest_validation_result_data_new (INGEST_VALIDATION_STATUS_UNREADABLE, item->path, item->roll);

  if (job->error != NULL)
    {
      _ingest_validation_compare_unreadable (run->expected, item->expected, job->error->message, data);
      return data;
    }

  data->size = job->size;
  data->mtime_ns = job->mtime * G_GINT64_CONSTANT (1000000000) + job->mtime_nsec;
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    data->digests[k] = g_steal_pointer (&job->digests[k]);

  if (item->expected != NULL)
    _ingest_validation_compare_expected (run->expected, item->expected, job->ctime_ns, data);
  else
    match_extra (run, data);
  if (item->target != NULL && data->message == NULL)
    data->message = g_strdup_printf ("symbolic link to %s on the drive: that file was read", item->target);
  return data;
}

static gpointer
worker_thread (gpointer user_data)
{
  Run *run = user_data;

  for (;;)
    {
      g_autoptr(IngestHashJob) job = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *abs = NULL;
      IngestValidationResultData *data;
      WorkItem *item;
      ChunkData chunk = { 0 };
      gboolean ok;

      g_mutex_lock (&run->mutex);
      while (run->paused && !g_cancellable_is_cancelled (run->cancellable))
        g_cond_wait (&run->cond, &run->mutex);
      item = g_cancellable_is_cancelled (run->cancellable) ? NULL : g_queue_pop_head (&run->queue);
      if (item != NULL)
        abs = g_build_filename (run->root, item->target != NULL ? item->target : item->path, NULL);
      g_mutex_unlock (&run->mutex);
      if (item == NULL)
        break;

      item->bytes_read = 0;
      job = ingest_hash_job_new (abs, item->kinds);
      job->no_follow = TRUE;  /* never read through a link swapped in since the walk */
      chunk.run = run;
      chunk.item = item;
      chunk.job = job;
      chunk.absolute = g_strdup (abs);
      chunk.failed = g_new0 (GError *, run->sinks->len);
      ok = ingest_hash_job_run (job, run->sinks->len > 0 ? chunk_cb : NULL, &chunk, run->cancellable,
                                &run->bytes_done, &error);
      /* An empty file gets no chunk: its sinks begin it now. */
      if (ok && !chunk.begun && run->sinks->len > 0)
        ok = begin_sinks (&chunk, &error);
      if (!ok)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              chunk_data_clear (&chunk);
              work_item_free (item);
              break;
            }
          if (!drive_present (run))
            {
              /* Not this file's fault: the drive went away. Read it again later. */
              __atomic_fetch_sub (&run->bytes_done, item->bytes_read, __ATOMIC_RELAXED);
              g_mutex_lock (&run->mutex);
              g_queue_push_head (&run->queue, item);
              if (!run->removed)
                {
                  run->paused = run->removed = run->state_changed = TRUE;
                  g_free (run->pause_message);
                  run->pause_message = g_strdup (DRIVE_REMOVED_MESSAGE);
                }
              g_cond_broadcast (&run->cond);
              g_mutex_unlock (&run->mutex);
              chunk_data_clear (&chunk);
              continue;
            }
        }

      if (run->record_targets->len > 0 && job->error == NULL)
        {
          IngestHashJob *copy = ingest_hash_job_copy (job);

          g_mutex_lock (&run->mutex);
          g_hash_table_replace (run->precomputed, copy->path, copy);
          g_mutex_unlock (&run->mutex);
        }
      data = make_result (run, item, job);
      tell_sinks (run, data, job->error == NULL ? job->size : 0, chunk.begun);
      data->told = TRUE;
      chunk_data_clear (&chunk);
      push_result (run, data);
      g_atomic_int_inc (&run->files_done);
      work_item_free (item);
    }

  g_mutex_lock (&run->mutex);
  run->n_busy--;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
  return NULL;
}

/*
 * Delivery: catalog (coordinator thread), then the main thread
 */

typedef struct {
  IngestValidationJob *job;
  Run                 *run;
  GPtrArray           *results;
  gboolean             scanned;
  gboolean             state;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  g_object_unref (delivery->job);
  run_unref (delivery->run);
  g_clear_pointer (&delivery->results, g_ptr_array_unref);
  g_free (delivery);
}

static gboolean deliver_cb (gpointer user_data);

static void
post (IngestValidationJob *job,
      Run                 *run,
      GPtrArray           *results,
      gboolean             scanned,
      gboolean             state)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->job = g_object_ref (job);
  delivery->run = run_ref (run);
  delivery->results = results;
  delivery->scanned = scanned;
  delivery->state = state;
  if (results != NULL)
    g_atomic_int_inc (&run->batches_sent);
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, deliver_cb, delivery, delivery_free);
}

/* Saves a batch (the catalog writes it in one transaction) and hands it to the
 * main thread in slices of FLUSH_BATCH, so that no main-loop iteration has to
 * make more than that many result objects. Takes @batch. */
static void
flush (IngestValidationJob *job,
       Run                 *run,
       GPtrArray           *batch)
{
  for (guint i = 0; i < batch->len; i++)
    {
      IngestValidationResultData *data = g_ptr_array_index (batch, i);

      run->roll_counts[data->roll][data->status]++;
      /* not read by a worker (missing, reused, not a file): after the scan
       * was posted, so a sink's main thread knows the rolls first */
      if (!data->told)
        {
          tell_sinks (run, data, data->size > 0 ? (guint64) data->size : 0, FALSE);
          data->told = TRUE;
        }
    }

  if (run->catalog != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!_ingest_validation_catalog_write_results (run->catalog, run->run_id, run->rolls, batch, &error))
        g_warning ("Validation results could not be saved to the catalog: %s", error->message);
    }

  while (batch->len > FLUSH_BATCH)
    {
      GPtrArray *slice = g_ptr_array_new_full (FLUSH_BATCH, (GDestroyNotify) _ingest_validation_result_data_free);

      for (guint i = 0; i < FLUSH_BATCH; i++)
        g_ptr_array_add (slice, g_steal_pointer (&batch->pdata[i]));
      g_ptr_array_remove_range (batch, 0, FLUSH_BATCH);   /* NULLs now: nothing freed */
      post (job, run, slice, FALSE, FALSE);
    }
  post (job, run, batch, FALSE, FALSE);
}

static GPtrArray *
steal_produced (Run *run)
{
  GPtrArray *batch = run->produced;

  run->produced = g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_validation_result_data_free);
  return batch;
}

/* Runs the workers and delivers their results until all are done. */
static void
hash_all (IngestValidationJob *job,
          Run                 *run)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads = run->n_threads;
  gint64 last_flush = g_get_monotonic_time ();
  gint64 last_poll = 0;

  if (n_threads == 0)
    n_threads = CLAMP (g_get_num_processors (), 1, 4);
  n_threads = MIN (n_threads, MAX (1, (guint) g_queue_get_length (&run->queue)));

  run->n_busy = n_threads;
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("ingest-validate", worker_thread, run));

  g_mutex_lock (&run->mutex);
  for (;;)
    {
      g_autoptr(GPtrArray) batch = NULL;
      gint64 now = g_get_monotonic_time ();
      gboolean done = run->n_busy == 0;
      gboolean state = run->state_changed;
      gboolean removed = run->removed;

      if (!done && !state && run->produced->len < FLUSH_BATCH &&
          now - last_flush < FLUSH_INTERVAL_USEC && !(removed && now - last_poll >= REMOVED_POLL_USEC))
        {
          g_cond_wait_until (&run->cond, &run->mutex, now + 100 * G_TIME_SPAN_MILLISECOND);
          continue;
        }

      run->state_changed = FALSE;
      if (run->produced->len > 0)
        batch = steal_produced (run);
      g_mutex_unlock (&run->mutex);

      if (batch != NULL)
        flush (job, run, g_steal_pointer (&batch));
      last_flush = now;
      if (state)
        post (job, run, NULL, FALSE, TRUE);
      if (removed && now - last_poll >= REMOVED_POLL_USEC)
        {
          last_poll = now;
          if (drive_present (run))
            {
              g_mutex_lock (&run->mutex);
              run->paused = run->removed = FALSE;
              run->state_changed = TRUE;
              g_clear_pointer (&run->pause_message, g_free);
              g_cond_broadcast (&run->cond);
              g_mutex_unlock (&run->mutex);
            }
        }

      g_mutex_lock (&run->mutex);
      if (done && run->produced->len == 0)
        break;
    }
  g_mutex_unlock (&run->mutex);

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
}

static void
report_missing (Run *run)
{
  GPtrArray *files = ingest_expected_manifest_get_files (run->expected);

  for (guint f = 0; f < files->len; f++)
    {
      const IngestExpectedFile *file = g_ptr_array_index (files, f);
      IngestValidationResultData *data;

      if (g_hash_table_contains (run->seen, file) || g_hash_table_contains (run->claimed, file))
        continue;
      data = _ingest_validation_result_data_new (INGEST_VALIDATION_STATUS_MISSING, file->path, assign_roll (run, file->path));
      _ingest_validation_compare_missing (run->expected, file, data);
      g_ptr_array_add (run->produced, data);
    }
}

/* The formats with a reference value anywhere in @history and its children. */
static IngestHashSet
recorded_kinds (IngestMhlHistory *history)
{
  GPtrArray *records = ingest_mhl_history_get_records (history);
  GPtrArray *children = ingest_mhl_history_get_children (history);
  IngestHashSet kinds = 0;

  for (guint r = 0; r < records->len; r++)
    kinds |= ingest_mhl_record_get_reference_kinds (g_ptr_array_index (records, r));
  for (guint c = 0; c < children->len; c++)
    kinds |= recorded_kinds (g_ptr_array_index (children, c));
  return kinds;
}

/* Where recording will append a generation: the top ASC MHL history, or each
 * top-most nested one. Histories are never started here: that is sealing. */
static void
find_record_targets (Run              *run,
                     IngestMhlHistory *history)
{
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();

  if (run->read_only)
    {
      add_diagnostic (run, "Not recorded as a new ASC MHL generation: the drive is read-only");
      return;
    }
  if (ingest_mhl_history_exists (history))
    g_ptr_array_add (roots, history);
  else
    g_ptr_array_extend (roots, ingest_mhl_history_get_children (history), NULL, NULL);

  for (guint i = 0; i < roots->len; i++)
    {
      IngestMhlHistory *root = g_ptr_array_index (roots, i);
      RecordTarget target;

      target.history = g_object_ref (root);
      target.prefix = root == history ? g_strdup ("")
                                      : g_strconcat (ingest_mhl_history_get_path_in_parent (root), "/", NULL);
      /* a history with no usable hash yet gets the engine's default format */
      target.kinds = recorded_kinds (root);
      if (target.kinds == 0)
        target.kinds = INGEST_HASH_BIT (INGEST_HASH_XXH128);
      g_array_append_val (run->record_targets, target);
    }
}

/* Appends an in-place generation to every target history through the MHL
 * engine's create operation, which records each file as verified or failed.
 * It takes the digests of this run's read (same size and mtime, same
 * formats); only files this run did not read (reused from an earlier run,
 * manifests, changed since) are read by it. */
static void
record_generations (Run *run)
{
  IngestMhlCreator creator = { 0 };
  g_autofree char *comment = NULL;

  comment = g_strdup_printf ("validated by %s: %s", PACKAGE_NAME, ingest_validation_verdict_to_string (run->verdict));
  creator.comment = comment;
  for (guint i = 0; i < run->record_targets->len; i++)
    {
      const RecordTarget *target = &g_array_index (run->record_targets, RecordTarget, i);
      const char *root = ingest_mhl_history_get_root (target->history);
      g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
      g_autoptr(GError) error = NULL;

      ingest_mhl_verifier_set_creator (verifier, &creator);
      ingest_mhl_verifier_set_hash_kinds (verifier, target->kinds);
      ingest_mhl_verifier_set_n_threads (verifier, run->n_threads);
      ingest_mhl_verifier_set_precomputed (verifier, run->precomputed);
      if (!ingest_mhl_verifier_run (verifier, run->cancellable, &error))
        add_diagnostic (run, "Could not record a new ASC MHL generation in %s: %s", root, error->message);
      else
        add_diagnostic (run, "Recorded a new ASC MHL generation (in-place) in %s", root);
    }
}

static void
end_sinks (Run      *run,
           gboolean  completed)
{
  for (guint i = 0; i < run->sinks->len; i++)
    ingest_read_sink_end (g_ptr_array_index (run->sinks, i), completed);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  IngestValidationJob *job = source_object;
  Run *run = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(IngestMhlWalker) walker = NULL;
  g_autoptr(GHashTable) manifests = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) previous = NULL;
  g_autofree char *root = dup_root (run);
  const char *verdict = NULL;
  guint64 n_verified;

  if (!probe_drive (run, &error))
    goto failed;
  history = ingest_mhl_history_load (root, cancellable, &error);
  if (history == NULL)
    goto failed;
  walker = ingest_mhl_walker_new (history, volume_patterns);
  if (!ingest_mhl_walker_run (walker, cancellable, &error))
    goto failed;
  if (!scan_rolls (run, &error) || !gather_expected (run, history, walker, manifests, &error))
    goto failed;
  if (run->record)
    find_record_targets (run, history);
  if (run->catalog != NULL && run->reuse)
    {
      previous = _ingest_validation_catalog_load_previous (run->catalog, run->identity, &error);
      if (previous == NULL)
        goto failed;
    }

  classify (run, walker, manifests, previous);
  g_clear_pointer (&walker, ingest_mhl_walker_free);
  if (run->catalog != NULL &&
      !_ingest_validation_catalog_begin (run->catalog, run->identity, run->drive_label, run->uuid,
                                         run->filesystem, run->rolls, run->started_at, &run->run_id, &error))
    goto failed;
  run->roll_counts = g_malloc0_n (run->rolls->len, sizeof *run->roll_counts);
  post (job, run, NULL, TRUE, FALSE);

  hash_all (job, run);

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      if (run->catalog != NULL)
        _ingest_validation_catalog_end (run->catalog, run->run_id, "cancelled", NULL, "cancelled", NULL);
      end_sinks (run, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  report_missing (run);
  if (run->produced->len > 0)
    flush (job, run, steal_produced (run));

  run->verdict = _ingest_validation_verdict_drive (run->rolls, run->roll_counts, &n_verified);
  if (n_verified == 0)
    add_diagnostic (run, "No file was verified: nothing on this drive is vouched for");
  if (run->record_targets->len > 0)
    record_generations (run);
  g_hash_table_remove_all (run->precomputed);

  verdict = run->verdict == INGEST_VALIDATION_VERDICT_OK ? "ok" : "problems";
  if (run->catalog != NULL &&
      !_ingest_validation_catalog_end (run->catalog, run->run_id, "finished", verdict,
                                       ingest_validation_verdict_to_string (run->verdict), &error))
    g_warning ("The validation run could not be closed in the catalog: %s", error->message);

  end_sinks (run, TRUE);
  g_task_return_boolean (task, TRUE);
  return;

failed:
  if (run->catalog != NULL && run->run_id != 0)
    _ingest_validation_catalog_end (run->catalog, run->run_id, "failed", NULL, error->message, NULL);
  end_sinks (run, FALSE);
  g_task_return_error (task, g_steal_pointer (&error));
}

/*
 * Main thread
 */

/* g_set_str() is GLib 2.76 */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_string (IngestValidationJob  *self,
            char                **field,
            const char           *value,
            guint                 prop)
{
  if (replace_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

#define SET_FIELD(self, field, value, prop) \
  G_STMT_START { \
    if ((self)->field != (value)) \
      { \
        (self)->field = (value); \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      } \
  } G_STMT_END

static void
set_phase (IngestValidationJob   *self,
           IngestValidationPhase  phase)
{
  SET_FIELD (self, phase, phase, PROP_PHASE);
}

static void
update_progress (IngestValidationJob *self)
{
  Run *run = self->run;
  gint64 now = g_get_monotonic_time ();
  guint64 bytes_done;
  double fraction;

  if (run == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  bytes_done = MIN (__atomic_load_n (&run->bytes_done, __ATOMIC_RELAXED), self->bytes_total);
  SET_FIELD (self, bytes_done, bytes_done, PROP_BYTES_DONE);
  SET_FIELD (self, files_done, (guint) g_atomic_int_get (&run->files_done), PROP_FILES_DONE);

  if (ingest_progress_sample (&self->progress, bytes_done, self->bytes_total - bytes_done, self->paused, now))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
    }

  fraction = self->bytes_total > 0 ? (double) bytes_done / self->bytes_total
           : self->files_total > 0 ? (double) self->files_done / self->files_total : 0;
  SET_FIELD (self, fraction, CLAMP (fraction, 0.0, 1.0), PROP_FRACTION);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
progress_cb (gpointer user_data)
{
  update_progress (user_data);
  return G_SOURCE_CONTINUE;
}

static void
take_diagnostics (IngestValidationJob *self,
                  GPtrArray           *diagnostics)
{
  g_ptr_array_set_size (self->diagnostics, 0);
  for (guint i = 0; i < diagnostics->len; i++)
    g_ptr_array_add (self->diagnostics, g_strdup (g_ptr_array_index (diagnostics, i)));
  g_ptr_array_add (self->diagnostics, NULL);
}

static void
deliver_scanned (IngestValidationJob *self,
                 Run                 *run)
{
  g_autoptr(GPtrArray) rolls = g_ptr_array_new_with_free_func (g_object_unref);

  set_string (self, &self->identity, run->identity, PROP_DRIVE_IDENTITY);
  set_string (self, &self->drive_label, run->drive_label, PROP_DRIVE_LABEL);
  replace_string (&self->uuid, run->uuid);
  replace_string (&self->filesystem, run->filesystem);
  self->read_only = run->read_only;
  self->run_id = run->run_id;
  g_set_object (&self->expected, run->expected);
  take_diagnostics (self, run->diagnostics);

  for (guint r = 0; r < run->rolls->len; r++)
    {
      IngestValidationRollData *roll = g_ptr_array_index (run->rolls, r);

      g_ptr_array_add (rolls, ingest_validation_roll_new (roll->name, roll->path, roll->kind_label,
                                                          roll->mhl_kind, roll->n_expected));
    }
  g_list_store_splice (self->rolls, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rolls)), rolls->pdata, rolls->len);

  g_object_freeze_notify (G_OBJECT (self));
  SET_FIELD (self, bytes_total, run->bytes_total, PROP_BYTES_TOTAL);
  SET_FIELD (self, bytes_resumed, run->bytes_resumed, PROP_BYTES_RESUMED);
  SET_FIELD (self, files_total, (guint) run->files_total, PROP_FILES_TOTAL);
  set_phase (self, INGEST_VALIDATION_PHASE_HASHING);
  if (!self->paused)
    set_string (self, &self->message, "Reading files", PROP_MESSAGE);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
deliver_results (IngestValidationJob *self,
                 GPtrArray           *batch)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_full (batch->len, g_object_unref);

  for (guint i = 0; i < batch->len; i++)
    {
      IngestValidationResultData *data = g_ptr_array_index (batch, i);
      IngestValidationRollData *roll = g_ptr_array_index (self->run->rolls, data->roll);
      g_autoptr(IngestValidationRoll) roll_object = g_list_model_get_item (G_LIST_MODEL (self->rolls), data->roll);

      g_ptr_array_add (objects,
                       g_object_new (INGEST_TYPE_VALIDATION_RESULT,
                                     "path", data->path,
                                     "status", data->status,
                                     "roll", roll->path,
                                     "kind", data->kind >= 0 ? ingest_hash_kind_get_name (data->kind) : NULL,
                                     "expected", data->expected,
                                     "found", data->found,
                                     "size", data->size,
                                     "mtime-ns", data->mtime_ns,
                                     "renamed-from", data->renamed_from,
                                     "message", data->message,
                                     "source", data->source,
                                     "disagreement", (gboolean) data->disagreement,
                                     "resumed", (gboolean) data->resumed,
                                     NULL));
      self->counts[data->status]++;
      if (roll_object != NULL)
        ingest_validation_roll_add_result (roll_object, data->status);
    }
  g_list_store_splice (self->results, g_list_model_get_n_items (G_LIST_MODEL (self->results)), 0,
                       objects->pdata, objects->len);
  self->batches_delivered++;
}

static gboolean
deliver_cb (gpointer user_data)
{
  Delivery *delivery = user_data;
  IngestValidationJob *self = delivery->job;

  if (self->run != delivery->run)
    return G_SOURCE_REMOVE;  /* from an earlier run */

  if (delivery->scanned)
    deliver_scanned (self, delivery->run);
  if (delivery->results != NULL)
    deliver_results (self, delivery->results);
  if (delivery->state)
    {
      gboolean paused;
      g_autofree char *message = NULL;

      g_mutex_lock (&delivery->run->mutex);
      paused = delivery->run->paused;
      message = g_strdup (delivery->run->pause_message);
      g_mutex_unlock (&delivery->run->mutex);
      g_object_freeze_notify (G_OBJECT (self));
      set_string (self, &self->message, paused ? message : "Reading files", PROP_MESSAGE);
      SET_FIELD (self, paused, paused, PROP_PAUSED);
      g_object_thaw_notify (G_OBJECT (self));
    }
  return G_SOURCE_REMOVE;
}

static char *
summary_message (IngestValidationJob *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
    if (self->counts[s] > 0)
      g_string_append_printf (text, "%s%" G_GUINT64_FORMAT " %s", text->len > 0 ? " · " : "",
                              self->counts[s], ingest_validation_status_to_string (s));
  if (text->len == 0)
    g_string_append (text, "no files");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Run *run = self->run;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* Every batch the coordinator posted is delivered before this runs: they
   * were queued first on the same context at the same priority. */
  g_warn_if_fail (self->batches_delivered == (guint) g_atomic_int_get (&run->batches_sent));

  update_progress (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->finished_at = g_get_real_time ();

  g_object_freeze_notify (G_OBJECT (self));
  SET_FIELD (self, paused, FALSE, PROP_PAUSED);
  take_diagnostics (self, run->diagnostics);   /* the coordinator is done with them */
  if (ok)
    {
      g_autofree char *summary = NULL;

      for (guint r = 0; r < g_list_model_get_n_items (G_LIST_MODEL (self->rolls)); r++)
        {
          g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (G_LIST_MODEL (self->rolls), r);

          ingest_validation_roll_conclude (roll);
          if (ingest_validation_roll_get_verdict (roll) == INGEST_VALIDATION_VERDICT_UNVERIFIABLE)
            {
              g_ptr_array_remove_index (self->diagnostics, self->diagnostics->len - 1);
              g_ptr_array_add (self->diagnostics,
                               g_strdup_printf ("Roll %s (%s): no manifest covers it — unverifiable, not verified; "
                                                "it can be sealed (a first ASC MHL generation written)",
                                                ingest_validation_roll_get_name (roll),
                                                ingest_validation_roll_get_path (roll)));
              g_ptr_array_add (self->diagnostics, NULL);
            }
        }
      SET_FIELD (self, verdict, run->verdict, PROP_VERDICT);
      SET_FIELD (self, fraction, 1.0, PROP_FRACTION);
      if (ingest_progress_done (&self->progress))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
      summary = summary_message (self);
      set_string (self, &self->message, summary, PROP_MESSAGE);
      set_phase (self, INGEST_VALIDATION_PHASE_DONE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_string (self, &self->message, "Cancelled", PROP_MESSAGE);
      set_phase (self, INGEST_VALIDATION_PHASE_CANCELLED);
    }
  else
    {
      set_string (self, &self->message, error->message, PROP_MESSAGE);
      set_phase (self, INGEST_VALIDATION_PHASE_FAILED);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  Run *run = user_data;

  /* wake paused workers so they see it */
  g_mutex_lock (&run->mutex);
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
}

/*
 * GObject
 */

static void
ingest_validation_job_dispose (GObject *object)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->catalog);
  g_clear_object (&self->expected);
  g_ptr_array_set_size (self->sinks, 0);

  G_OBJECT_CLASS (ingest_validation_job_parent_class)->dispose (object);
}

static void
ingest_validation_job_finalize (GObject *object)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  g_clear_pointer (&self->run, run_unref);
  g_free (self->root);
  g_free (self->label);
  g_ptr_array_unref (self->expected_paths);
  g_free (self->message);
  g_free (self->identity);
  g_free (self->drive_label);
  g_free (self->uuid);
  g_free (self->filesystem);
  g_object_unref (self->results);
  g_object_unref (self->rolls);
  g_ptr_array_unref (self->diagnostics);
  g_ptr_array_unref (self->sinks);

  G_OBJECT_CLASS (ingest_validation_job_parent_class)->finalize (object);
}

static void
ingest_validation_job_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  switch (prop_id)
    {
    case PROP_ROOT: g_value_set_string (value, self->root); break;
    case PROP_PHASE: g_value_set_enum (value, self->phase); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_BYTES_DONE: g_value_set_uint64 (value, self->bytes_done); break;
    case PROP_BYTES_TOTAL: g_value_set_uint64 (value, self->bytes_total); break;
    case PROP_BYTES_RESUMED: g_value_set_uint64 (value, self->bytes_resumed); break;
    case PROP_FILES_DONE: g_value_set_uint (value, self->files_done); break;
    case PROP_FILES_TOTAL: g_value_set_uint (value, self->files_total); break;
    case PROP_RATE: g_value_set_double (value, self->progress.rate); break;
    case PROP_ETA: g_value_set_int64 (value, self->progress.eta); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_VERDICT: g_value_set_enum (value, self->verdict); break;
    case PROP_DRIVE_IDENTITY: g_value_set_string (value, self->identity); break;
    case PROP_DRIVE_LABEL: g_value_set_string (value, self->drive_label); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_job_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  IngestValidationJob *self = INGEST_VALIDATION_JOB (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_canonicalize_filename (g_value_get_string (value), NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_job_class_init (IngestValidationJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_validation_job_dispose;
  object_class->finalize = ingest_validation_job_finalize;
  object_class->get_property = ingest_validation_job_get_property;
  object_class->set_property = ingest_validation_job_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] = g_param_spec_enum ("phase", NULL, NULL, INGEST_TYPE_VALIDATION_PHASE,
                                              INGEST_VALIDATION_PHASE_IDLE, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_RESUMED] = g_param_spec_uint64 ("bytes-resumed", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FILES_DONE] = g_param_spec_uint ("files-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FILES_TOTAL] = g_param_spec_uint ("files-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  properties[PROP_VERDICT] = g_param_spec_enum ("verdict", NULL, NULL, INGEST_TYPE_VALIDATION_VERDICT,
                                                INGEST_VALIDATION_VERDICT_PENDING, ro);
  properties[PROP_DRIVE_IDENTITY] = g_param_spec_string ("drive-identity", NULL, NULL, NULL, ro);
  properties[PROP_DRIVE_LABEL] = g_param_spec_string ("drive-label", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_validation_job_init (IngestValidationJob *self)
{
  self->reuse = TRUE;
  ingest_progress_init (&self->progress);
  self->expected_paths = g_ptr_array_new_with_free_func (g_free);
  self->results = g_list_store_new (INGEST_TYPE_VALIDATION_RESULT);
  self->rolls = g_list_store_new (INGEST_TYPE_VALIDATION_ROLL);
  self->diagnostics = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->diagnostics, NULL);
  self->sinks = g_ptr_array_new_with_free_func (g_object_unref);
}

/*
 * Public API
 */

IngestValidationJob *
ingest_validation_job_new (const char *root)
{
  g_return_val_if_fail (root != NULL, NULL);
  return g_object_new (INGEST_TYPE_VALIDATION_JOB, "root", root, NULL);
}

const char *
ingest_validation_job_get_root (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return self->root;
}

void
ingest_validation_job_add_expected (IngestValidationJob *self,
                                    const char          *path)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->run == NULL);

  g_ptr_array_add (self->expected_paths, g_canonicalize_filename (path, NULL));
}

void
ingest_validation_job_set_catalog (IngestValidationJob *self,
                                   IngestCatalog       *catalog)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (catalog == NULL || INGEST_IS_CATALOG (catalog));
  g_return_if_fail (self->run == NULL);

  g_set_object (&self->catalog, catalog);
}

void
ingest_validation_job_set_reuse_verified (IngestValidationJob *self,
                                          gboolean             reuse)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  self->reuse = !!reuse;
}

void
ingest_validation_job_set_record (IngestValidationJob *self,
                                  gboolean             record)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  self->record = !!record;
}

void
ingest_validation_job_set_n_threads (IngestValidationJob *self,
                                     guint                n_threads)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  self->n_threads = n_threads;
}

void
ingest_validation_job_set_label (IngestValidationJob *self,
                                 const char          *label)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  replace_string (&self->label, label);
}

/**
 * ingest_validation_job_add_sink:
 * @sink: (transfer none): fed from the run's read (a reference is kept)
 *
 * Before running. Every sink gets every file's bytes from the same buffer,
 * in order, and every file's verdict; see #IngestReadSink.
 */
void
ingest_validation_job_add_sink (IngestValidationJob *self,
                                IngestReadSink      *sink)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (INGEST_IS_READ_SINK (sink));
  g_return_if_fail (self->run == NULL);

  g_ptr_array_add (self->sinks, g_object_ref (sink));
}

void
ingest_validation_job_run_async (IngestValidationJob *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  Run *run;

  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->run == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_validation_job_run_async);

  run = g_new0 (Run, 1);
  g_atomic_ref_count_init (&run->ref);
  g_mutex_init (&run->mutex);
  g_cond_init (&run->cond);
  run->context = g_main_context_ref_thread_default ();
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  run->root = g_strdup (self->root);
  run->label = g_strdup (self->label);
  g_ptr_array_add (self->expected_paths, NULL);
  run->expected_paths = g_strdupv ((char **) self->expected_paths->pdata);
  g_ptr_array_remove_index (self->expected_paths, self->expected_paths->len - 1);
  run->catalog = self->catalog != NULL ? g_object_ref (self->catalog) : NULL;
  run->n_threads = self->n_threads;
  run->reuse = self->reuse && self->catalog != NULL;
  run->record = self->record;
  run->sinks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->sinks->len; i++)
    g_ptr_array_add (run->sinks, g_object_ref (g_ptr_array_index (self->sinks, i)));
  run->started_at = g_get_real_time ();
  run->rolls = g_ptr_array_new_with_free_func (roll_data_free);
  run->diagnostics = g_ptr_array_new_with_free_func (g_free);
  run->seen = g_hash_table_new (NULL, NULL);
  run->missing_by_hash = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->precomputed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ingest_hash_job_free);
  run->record_targets = g_array_new (FALSE, FALSE, sizeof (RecordTarget));
  g_array_set_clear_func (run->record_targets, record_target_clear);
  run->claimed = g_hash_table_new (NULL, NULL);
  run->produced = g_ptr_array_new_with_free_func ((GDestroyNotify) _ingest_validation_result_data_free);
  run->cancelled_id = g_cancellable_connect (run->cancellable, G_CALLBACK (cancelled_cb), run, NULL);
  self->run = run;

  self->started_at = run->started_at;
  set_phase (self, INGEST_VALIDATION_PHASE_SCANNING);
  set_string (self, &self->message, "Reading manifests and listing files", PROP_MESSAGE);
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);

  inner = g_task_new (self, run->cancellable, run_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, run_thread);
  g_task_set_task_data (inner, run_ref (run), (GDestroyNotify) run_unref);
  g_task_run_in_thread (inner, run_thread);
}

gboolean
ingest_validation_job_run_finish (IngestValidationJob  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ingest_validation_job_pause (IngestValidationJob *self,
                             const char          *message)
{
  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));

  if (self->run == NULL || self->phase >= INGEST_VALIDATION_PHASE_DONE)
    return;
  if (message == NULL)
    message = "Paused";
  g_mutex_lock (&self->run->mutex);
  self->run->paused = TRUE;
  replace_string (&self->run->pause_message, message);
  g_mutex_unlock (&self->run->mutex);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->message, message, PROP_MESSAGE);
  SET_FIELD (self, paused, TRUE, PROP_PAUSED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ingest_validation_job_resume (IngestValidationJob *self,
                              const char          *root)
{
  g_autofree char *canonical = NULL;

  g_return_if_fail (INGEST_IS_VALIDATION_JOB (self));

  if (self->run == NULL)
    return;
  if (root != NULL)
    canonical = g_canonicalize_filename (root, NULL);
  /* "root" first: whoever follows it (an upload's sink) knows the
   * new place before a worker reads from it. */
  if (canonical != NULL)
    set_string (self, &self->root, canonical, PROP_ROOT);
  g_mutex_lock (&self->run->mutex);
  if (canonical != NULL)
    {
      g_free (self->run->root);
      self->run->root = g_strdup (canonical);
    }
  self->run->paused = self->run->removed = FALSE;
  g_clear_pointer (&self->run->pause_message, g_free);
  g_cond_broadcast (&self->run->cond);
  g_mutex_unlock (&self->run->mutex);

  if (self->phase < INGEST_VALIDATION_PHASE_DONE)
    {
      g_object_freeze_notify (G_OBJECT (self));
      set_string (self, &self->message, "Reading files", PROP_MESSAGE);
      SET_FIELD (self, paused, FALSE, PROP_PAUSED);
      g_object_thaw_notify (G_OBJECT (self));
    }
}

#define GETTER(type, name, field) \
  type ingest_validation_job_get_##name (IngestValidationJob *self) \
  { \
    g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), 0); \
    return self->field; \
  }

GETTER (IngestValidationPhase, phase, phase)
GETTER (double, fraction, fraction)
GETTER (guint64, bytes_done, bytes_done)
GETTER (guint64, bytes_total, bytes_total)
GETTER (guint64, bytes_resumed, bytes_resumed)
GETTER (guint, files_done, files_done)
GETTER (guint, files_total, files_total)
GETTER (double, rate, progress.rate)
GETTER (gint64, eta, progress.eta)
GETTER (const char *, message, message)
GETTER (gboolean, paused, paused)
GETTER (IngestValidationVerdict, verdict, verdict)
GETTER (const char *, drive_identity, identity)
GETTER (const char *, drive_label, drive_label)
GETTER (const char *, drive_uuid, uuid)
GETTER (const char *, drive_filesystem, filesystem)
GETTER (gboolean, drive_read_only, read_only)
GETTER (gint64, started_at, started_at)
GETTER (gint64, finished_at, finished_at)
GETTER (gint64, run_id, run_id)
GETTER (IngestExpectedManifest *, expected, expected)

#undef GETTER

guint64
ingest_validation_job_get_count (IngestValidationJob    *self,
                                 IngestValidationStatus  status)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), 0);
  g_return_val_if_fail (status < INGEST_VALIDATION_N_STATUSES, 0);
  return self->counts[status];
}

/**
 * ingest_validation_job_list_results:
 *
 * Returns: (transfer full): a #GListModel of #IngestValidationResult, in the
 *   order they were produced; sort it with ingest_validation_result_compare()
 *   to see the problems first
 */
GListModel *
ingest_validation_job_list_results (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return g_object_ref (G_LIST_MODEL (self->results));
}

/**
 * ingest_validation_job_list_rolls:
 *
 * Returns: (transfer full): a #GListModel of #IngestValidationRoll
 */
GListModel *
ingest_validation_job_list_rolls (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return g_object_ref (G_LIST_MODEL (self->rolls));
}

const char * const *
ingest_validation_job_get_diagnostics (IngestValidationJob *self)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (self), NULL);
  return (const char * const *) self->diagnostics->pdata;
}
