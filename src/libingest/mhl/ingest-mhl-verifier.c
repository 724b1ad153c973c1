/* ingest-mhl-verifier.c
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

/* The ASC MHL verifier: classify, hash, compare, pair renames, verify
 * folders, write the generation. Over 1,000 lines: one pass over one walk
 * whose steps share its state; the document layer is in ingest-mhl-*.c. */

#define G_LOG_DOMAIN "ingest-mhl-verifier"

#include "config.h"

#include <string.h>

#include "ingest-hash-job.h"
#include "ingest-mhl-date.h"
#include "ingest-mhl-error.h"
#include "ingest-mhl-verifier.h"
#include "ingest-mhl-walker.h"

#define DEFAULT_TOOL_NAME "ingest-station"

/* Per walk item: what the history knows and what to hash. */
typedef struct
{
  const IngestMhlRecord *record;
  IngestHashSet          verify;     /* kinds compared with the record */
  IngestHashSet          hash;       /* kinds computed */
  IngestHashJob         *job;
  IngestMhlResult       *result;     /* borrowed from self->results */
  guint                  normalized : 1;
} ItemState;

/* A recorded path that was not found. */
typedef struct
{
  guint                  scope;
  const IngestMhlRecord *record;
  gboolean               claimed;    /* paired with a renamed file */
} Missing;

struct _IngestMhlVerifier
{
  GObject             parent_instance;

  char               *root;
  IngestMhlOperation  operation;
  IngestHashSet       kinds;
  GPtrArray          *extra_patterns;     /* NULL-terminated */
  gboolean            directory_hashes;
  guint               n_threads;
  GHashTable         *precomputed;        /* absolute path → IngestHashJob, or NULL */

  GDateTime          *now;
  char               *hostname;
  char               *tool_name;
  char               *tool_version;
  char               *author_name;
  char               *author_email;
  char               *author_phone;
  char               *author_role;
  char               *location;
  char               *comment;

  /* progress, updated atomically while running */
  guint64             bytes_done;
  guint64             bytes_total;
  guint               files_done;
  guint               files_total;

  /* results */
  IngestMhlHistory   *history;
  GPtrArray          *results;            /* IngestMhlResult */
  GPtrArray          *written;            /* char*, NULL-terminated */
  guint               counts[INGEST_MHL_N_STATUSES];
  IngestHashSet       directory_kinds;
  IngestHashSet       requested;          /* formats asked for, after defaults */
  gboolean            ran;
};

G_DEFINE_FINAL_TYPE (IngestMhlVerifier, ingest_mhl_verifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_OPERATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where a history's root sits below the operation's root: "" or "A/B/". */
static char *
scope_prefix (IngestMhlVerifier *self,
              IngestMhlHistory  *history)
{
  const char *root = ingest_mhl_history_get_root (self->history);
  const char *child = ingest_mhl_history_get_root (history);
  gsize len = strlen (root);

  if (strcmp (root, child) == 0)
    return g_strdup ("");
  if (strcmp (root, "/") == 0)
    len = 0;
  return g_strconcat (child + len + 1, "/", NULL);
}

static IngestMhlResult *
add_result (IngestMhlVerifier *self,
            IngestMhlStatus    status,
            const char        *path)
{
  IngestMhlResult *result = ingest_mhl_result_new (status, path);

  g_ptr_array_add (self->results, result);
  return result;
}

static char *
escape_name (const char *path)
{
  /* Names that are not valid UTF-8 get their bytes shown as \xNN. */
  return g_strescape (path, NULL);
}

/* The record of @item's path in the history that owns it, or NULL. With
 * @normalized, the record of the same name in another Unicode normalization,
 * only if no other item took it: two files whose names differ only in NFC/NFD
 * are two files, and one record never vouches for both. */
static const IngestMhlRecord *
find_record (IngestMhlWalker         *walker,
             const IngestMhlWalkItem *item,
             GHashTable              *seen,
             gboolean                 normalized)
{
  IngestMhlHistory *history = ingest_mhl_walker_get_history (walker, item->scope);
  const char *rel = ingest_mhl_walk_item_get_relative_path (item);
  const IngestMhlRecord *record;

  record = normalized ? ingest_mhl_history_lookup_normalized (history, rel) : ingest_mhl_history_lookup (history, rel);
  if (record == NULL || (normalized && g_hash_table_contains (seen, record)))
    return NULL;
  /* a folder recorded where a file is now, or the other way round, is not this item's record */
  if (record->is_directory != (item->kind == INGEST_MHL_WALK_DIRECTORY))
    return NULL;
  return record;
}

/* Classifies every walk item against the history that owns it and decides what to hash. */
static void
classify (IngestMhlVerifier *self,
          IngestMhlWalker   *walker,
          ItemState         *states,
          GHashTable       **seen,
          IngestHashSet      requested)
{
  GArray *items = ingest_mhl_walker_get_items (walker);

  /* Exact names first, so that a name in another normalization only gets a
   * record no file carries exactly. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < items->len; i++)
      {
        IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
        ItemState *state = &states[i];

        if (item->kind != INGEST_MHL_WALK_FILE && item->kind != INGEST_MHL_WALK_DIRECTORY &&
            item->kind != INGEST_MHL_WALK_SYMLINK)
          continue;
        if (item->kind == INGEST_MHL_WALK_DIRECTORY && ingest_mhl_walk_item_get_relative_path (item)[0] == '\0')
          continue;  /* a history's own root has no record */
        if (state->record != NULL)
          continue;
        state->record = find_record (walker, item, seen[item->scope], pass == 1);
        state->normalized = pass == 1 && state->record != NULL;
        if (state->record != NULL)
          g_hash_table_add (seen[item->scope], (gpointer) state->record);
      }

  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      ItemState *state = &states[i];
      const IngestMhlRecord *record = state->record;

      if (item->kind != INGEST_MHL_WALK_FILE || self->operation == INGEST_MHL_OPERATION_DIFF)
        continue;

      if (record != NULL && record->has_reference)
        {
          IngestHashSet known = ingest_mhl_record_get_reference_kinds (record);

          state->verify = (requested & known) != 0 ? requested & known : INGEST_HASH_BIT (record->first_kind);
          state->hash = state->verify;
          if (self->operation == INGEST_MHL_OPERATION_CREATE)
            state->hash |= requested;
        }
      else
        {
          state->hash = requested;
        }
    }
}

/* Every path a visited history recorded that the walk did not meet (and that is not
 * ignored, renamed away, or inside a child history) is missing. */
static GArray *
find_missing (IngestMhlVerifier *self,
              IngestMhlWalker   *walker,
              GHashTable       **seen,
              GCancellable      *cancellable)
{
  GArray *missing = g_array_new (FALSE, TRUE, sizeof (Missing));

  for (guint s = 0; s < ingest_mhl_walker_get_n_histories (walker); s++)
    {
      IngestMhlHistory *history = ingest_mhl_walker_get_history (walker, s);
      IngestMhlIgnore *ignore = ingest_mhl_walker_get_ignore (walker, s);
      GPtrArray *records = ingest_mhl_history_get_records (history);

      if (!ingest_mhl_walker_get_visited (walker, s))
        continue;

      for (guint r = 0; r < records->len; r++)
        {
          const IngestMhlRecord *record = g_ptr_array_index (records, r);
          Missing m = { s, record, FALSE };

          if (record->moved || g_hash_table_contains (seen[s], record))
            continue;
          /* the caller checks: every record meets every pattern of the manifest */
          if (g_cancellable_is_cancelled (cancellable))
            return missing;
          if (ingest_mhl_ignore_match (ignore, record->path, record->is_directory, cancellable))
            continue;
          if (ingest_mhl_history_is_inside_child (history, record->path))
            continue;
          g_array_append_val (missing, m);
        }
    }

  return missing;
}

/* Takes the digests a caller computed from its own read of @path, when that
 * read saw the file as it is now (same size, mtime and ctime: a file rewritten
 * since, even with its mtime set back, is read again) and has every format
 * needed. Only the needed formats are taken: a generation records every
 * digest an item holds. */
static gboolean
take_precomputed (IngestMhlVerifier *self,
                  IngestMhlWalkItem *item,
                  const char        *path,
                  IngestHashSet      needed)
{
  const IngestHashJob *job;

  if (self->precomputed == NULL)
    return FALSE;
  job = g_hash_table_lookup (self->precomputed, path);
  if (job == NULL || job->error != NULL || job->size != item->size ||
      job->mtime != item->mtime || job->mtime_nsec != item->mtime_nsec || job->ctime_ns != item->ctime_ns)
    return FALSE;
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    if ((needed & INGEST_HASH_BIT (k)) && (k >= INGEST_MHL_WALK_N_KINDS || job->digests[k] == NULL))
      return FALSE;

  for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
    if (needed & INGEST_HASH_BIT (k))
      {
        g_free (item->hashes[k]);
        item->hashes[k] = g_strdup (job->digests[k]);
      }
  return TRUE;
}

static gboolean
hash_files (IngestMhlVerifier  *self,
            IngestMhlWalker    *walker,
            ItemState          *states,
            GCancellable       *cancellable,
            GError            **error)
{
  GArray *items = ingest_mhl_walker_get_items (walker);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  guint64 total = 0;
  guint n_precomputed = 0;
  gboolean ok;

  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      g_autofree char *path = NULL;

      if (item->kind != INGEST_MHL_WALK_FILE || states[i].hash == 0)
        continue;
      path = ingest_mhl_walker_dup_read_path (walker, item);
      if (take_precomputed (self, item, path, states[i].hash))
        {
          n_precomputed++;
          continue;
        }
      states[i].job = ingest_hash_job_new (path, states[i].hash);
      states[i].job->user_data = GUINT_TO_POINTER (i);
      states[i].job->no_follow = TRUE;  /* never read through a link swapped in since the walk */
      g_ptr_array_add (jobs, states[i].job);
      total += item->size;
    }

  /* Files with precomputed digests count as done; bytes count only reads. */
  __atomic_store_n (&self->bytes_total, total, __ATOMIC_RELAXED);
  g_atomic_int_set (&self->files_total, jobs->len + n_precomputed);
  g_atomic_int_set (&self->files_done, n_precomputed);
  g_debug ("%u files to read, %u with precomputed digests", jobs->len, n_precomputed);

  ok = ingest_hash_jobs_run (jobs, self->n_threads, cancellable, &self->bytes_done, &self->files_done, error);

  for (guint j = 0; j < jobs->len; j++)
    {
      IngestHashJob *job = g_ptr_array_index (jobs, j);
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, GPOINTER_TO_UINT (job->user_data));

      if (job->error != NULL)
        continue;  /* kept: its error becomes the result */
      item->size = job->size;
      for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
        {
          g_free (item->hashes[k]);
          item->hashes[k] = g_steal_pointer (&job->digests[k]);
        }
      /* Done with it; on a card of 100,000 files the jobs add up. */
      states[GPOINTER_TO_UINT (job->user_data)].job = NULL;
      ingest_hash_job_free (job);
    }

  return ok;
}

/* Compares files with their records and makes the per-item results, in walk order. */
static void
compare_files (IngestMhlVerifier *self,
               IngestMhlWalker   *walker,
               ItemState         *states)
{
  GArray *items = ingest_mhl_walker_get_items (walker);

  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      ItemState *state = &states[i];
      const IngestMhlRecord *record = state->record;
      IngestMhlResult *result;
      g_autofree char *escaped = NULL;

      switch (item->kind)
        {
        case INGEST_MHL_WALK_FILE:
          break;

        case INGEST_MHL_WALK_DIRECTORY:
          /* create lists every folder it records; the hashes come later */
          if (self->operation == INGEST_MHL_OPERATION_CREATE)
            {
              state->result = add_result (self, INGEST_MHL_STATUS_DIRECTORY_RECORDED, item->path);
              ingest_mhl_result_set_is_directory (state->result, TRUE);
            }
          continue;

        case INGEST_MHL_WALK_IGNORED:
          add_result (self, INGEST_MHL_STATUS_IGNORED, item->path);
          continue;

        case INGEST_MHL_WALK_SYMLINK_DIRECTORY:
          result = add_result (self, INGEST_MHL_STATUS_SYMLINK_DIRECTORY, item->path);
          ingest_mhl_result_set_message (result, "symbolic link to a folder: not followed");
          continue;

        case INGEST_MHL_WALK_INVALID_NAME:
          escaped = escape_name (item->path);
          result = add_result (self, INGEST_MHL_STATUS_INVALID_NAME, escaped);
          ingest_mhl_result_set_message (result, "name is not valid UTF-8, or holds a control character or a backslash; it cannot be recorded in ASC MHL");
          continue;

        case INGEST_MHL_WALK_SYMLINK:
          /* Never followed: what it points to may lie outside the root and is
           * not the medium's content. A recorded path that is now a link is
           * not verified. */
          if (record != NULL)
            {
              result = add_result (self, INGEST_MHL_STATUS_UNREADABLE, item->path);
              ingest_mhl_result_set_message (result, "recorded file is a symbolic link: not followed, not verified");
            }
          else
            {
              result = add_result (self, INGEST_MHL_STATUS_SKIPPED, item->path);
              ingest_mhl_result_set_message (result, "symbolic link: not followed");
            }
          continue;

        case INGEST_MHL_WALK_SPECIAL:
          result = add_result (self, INGEST_MHL_STATUS_SKIPPED, item->path);
          ingest_mhl_result_set_message (result, item->error_message != NULL ? item->error_message : "not a regular file or folder");
          continue;

        case INGEST_MHL_WALK_UNREADABLE:
          result = add_result (self, INGEST_MHL_STATUS_UNREADABLE, item->path);
          ingest_mhl_result_set_message (result, item->error_message);
          continue;

        default:
          g_assert_not_reached ();
        }

      if (state->job != NULL && state->job->error != NULL)
        {
          result = add_result (self, INGEST_MHL_STATUS_UNREADABLE, item->path);
          ingest_mhl_result_set_message (result, state->job->error->message);
          state->result = result;
          continue;
        }

      if (record != NULL && self->operation == INGEST_MHL_OPERATION_DIFF)
        {
          continue;  /* present; diff does not hash, so it says nothing more */
        }
      else if (record != NULL && record->has_reference)
        {
          IngestHashSet failed = 0;
          const char *why = NULL;

          for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
            if ((state->verify & INGEST_HASH_BIT (k)) && g_strcmp0 (item->hashes[k], record->reference[k]) != 0)
              failed |= INGEST_HASH_BIT (k);
          /* Equal digests are not enough when the history itself says otherwise. */
          if (failed == 0 && (record->conflicting & state->verify) != 0)
            {
              failed = record->conflicting & state->verify;
              why = "the history records different hashes (or sizes) for this file in different generations: none can verify it";
            }
          else if (failed == 0 && record->reference_size >= 0 && (guint64) record->reference_size != item->size)
            {
              failed = state->verify;
              why = "the hash matches, but the history records another size: the manifest is wrong";
            }
          result = add_result (self, failed != 0 ? INGEST_MHL_STATUS_FAILED : INGEST_MHL_STATUS_VERIFIED, item->path);
          if (why != NULL)
            ingest_mhl_result_set_message (result, why);
          for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
            if (item->hashes[k] != NULL || (state->verify & INGEST_HASH_BIT (k)))
              ingest_mhl_result_set_hash (result, k, item->hashes[k],
                                          (state->verify & INGEST_HASH_BIT (k)) ? record->reference[k] : NULL,
                                          (failed & INGEST_HASH_BIT (k)) != 0);
        }
      else if (record != NULL)
        {
          /* Only failed hashes were ever recorded: nothing trustworthy to compare with. */
          result = add_result (self, INGEST_MHL_STATUS_FAILED, item->path);
          ingest_mhl_result_set_message (result, "the history holds only failed hashes for this file");
          for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
            if (item->hashes[k] != NULL)
              ingest_mhl_result_set_hash (result, k, item->hashes[k], NULL, TRUE);
        }
      else
        {
          /* create records a new file in the requested formats only; others were
           * computed just to spot renames */
          result = add_result (self, INGEST_MHL_STATUS_NEW, item->path);
          for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
            if (item->hashes[k] != NULL &&
                (self->operation != INGEST_MHL_OPERATION_CREATE || (self->requested & INGEST_HASH_BIT (k))))
              ingest_mhl_result_set_hash (result, k, item->hashes[k], NULL, FALSE);
        }

      if (state->normalized)
        {
          ingest_mhl_result_set_normalization_differs (result, TRUE);
          ingest_mhl_result_set_previous_path (result, record->path);
          ingest_mhl_result_set_message (result, "recorded name differs only in Unicode normalization (NFC/NFD)");
        }
      state->result = result;
    }
}

/* Pairs new files with missing ones of the same recorded hash: renamed. The rest is missing. */
static void
pair_renames (IngestMhlVerifier *self,
              IngestMhlWalker   *walker,
              ItemState         *states,
              GArray            *missing)
{
  GArray *items = ingest_mhl_walker_get_items (walker);
  g_autoptr(GHashTable) by_hash = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint m = 0; m < missing->len; m++)
    {
      Missing *entry = &g_array_index (missing, Missing, m);

      if (entry->record->is_directory)
        continue;
      for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
        if (entry->record->reference[k] != NULL)
          g_hash_table_insert (by_hash, g_strdup_printf ("%u:%u:%s", entry->scope, k, entry->record->reference[k]), entry);
    }

  for (guint i = 0; i < items->len && g_hash_table_size (by_hash) > 0; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      IngestMhlResult *result = states[i].result;

      if (result == NULL || ingest_mhl_result_get_status (result) != INGEST_MHL_STATUS_NEW)
        continue;
      for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
        {
          g_autofree char *key = NULL;
          Missing *entry;

          if (item->hashes[k] == NULL)
            continue;
          key = g_strdup_printf ("%u:%u:%s", item->scope, k, item->hashes[k]);
          entry = g_hash_table_lookup (by_hash, key);
          if (entry == NULL || entry->claimed)
            continue;
          entry->claimed = TRUE;
          states[i].record = entry->record;
          ingest_mhl_result_set_status (result, INGEST_MHL_STATUS_RENAMED);
          ingest_mhl_result_set_previous_path (result, entry->record->path);
          ingest_mhl_result_set_hash (result, k, item->hashes[k], entry->record->reference[k], FALSE);
          break;
        }
    }

  for (guint m = 0; m < missing->len; m++)
    {
      Missing *entry = &g_array_index (missing, Missing, m);
      g_autofree char *prefix = NULL;
      g_autofree char *path = NULL;
      IngestMhlResult *result;

      if (entry->claimed)
        continue;
      prefix = scope_prefix (self, ingest_mhl_walker_get_history (walker, entry->scope));
      path = g_strconcat (prefix, entry->record->path, NULL);
      result = add_result (self, INGEST_MHL_STATUS_MISSING, path);
      ingest_mhl_result_set_is_directory (result, entry->record->is_directory);
      for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
        if (entry->record->reference[k] != NULL)
          ingest_mhl_result_set_hash (result, k, NULL, entry->record->reference[k], FALSE);
    }
}

/* A parent whose latest generation references a child manifest under a folder that
 * no longer has a history: the reference's "Missing ASC MHL history" (exit 30). */
static void
find_missing_histories (IngestMhlVerifier *self,
                        IngestMhlWalker   *walker)
{
  for (guint s = 0; s < ingest_mhl_walker_get_n_histories (walker); s++)
    {
      IngestMhlHistory *history = ingest_mhl_walker_get_history (walker, s);
      IngestMhlManifest *latest = ingest_mhl_history_get_latest_manifest (history);
      GPtrArray *children = ingest_mhl_history_get_children (history);

      if (latest == NULL || !ingest_mhl_walker_get_visited (walker, s))
        continue;
      for (guint r = 0; r < ingest_mhl_manifest_get_n_references (latest); r++)
        {
          const char *path = ingest_mhl_manifest_get_reference (latest, r, NULL);
          const char *marker = strstr (path, "/ascmhl/");
          g_autofree char *child_root = NULL;
          gboolean found = FALSE;

          if (marker == NULL)
            continue;
          child_root = g_strndup (path, marker - path);
          for (guint c = 0; c < children->len && !found; c++)
            found = g_strcmp0 (ingest_mhl_history_get_path_in_parent (g_ptr_array_index (children, c)), child_root) == 0;
          if (!found)
            {
              g_autofree char *prefix = scope_prefix (self, history);
              g_autofree char *full = g_strconcat (prefix, child_root, NULL);
              IngestMhlResult *result = add_result (self, INGEST_MHL_STATUS_MISSING_HISTORY, full);

              ingest_mhl_result_set_is_directory (result, TRUE);
              ingest_mhl_result_set_message (result, "Missing ASC MHL history referenced by the parent history");
            }
        }
    }
}

/* The directory kinds a verification can check: those of every visited history's latest root hash. */
static IngestHashSet
recorded_directory_kinds (IngestMhlWalker *walker)
{
  IngestHashSet kinds = 0;

  for (guint s = 0; s < ingest_mhl_walker_get_n_histories (walker); s++)
    {
      IngestMhlManifest *latest = ingest_mhl_history_get_latest_manifest (ingest_mhl_walker_get_history (walker, s));
      IngestMhlEntry *root = latest != NULL ? ingest_mhl_manifest_get_root_hash (latest) : NULL;

      if (root != NULL && ingest_mhl_walker_get_visited (walker, s))
        kinds |= ingest_mhl_entry_get_hash_kinds (root);
    }
  return kinds;
}

/* "md5, xxh64" */
static char *
describe_kinds (IngestHashSet kinds)
{
  GString *text = g_string_new (NULL);

  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    if (kinds & INGEST_HASH_BIT (k))
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", ingest_hash_kind_get_name (k));
  return g_string_free (text, FALSE);
}

static void
verify_directories (IngestMhlVerifier *self,
                    IngestMhlWalker   *walker)
{
  GArray *items = ingest_mhl_walker_get_items (walker);

  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      IngestMhlEntry *entry = NULL;
      IngestMhlResult *result = NULL;
      gboolean failed = FALSE;

      if (item->kind != INGEST_MHL_WALK_DIRECTORY)
        continue;
      if (item->history_root >= 0)
        {
          IngestMhlManifest *latest = ingest_mhl_history_get_latest_manifest (ingest_mhl_walker_get_history (walker, item->history_root));

          entry = latest != NULL ? ingest_mhl_manifest_get_root_hash (latest) : NULL;
        }
      else
        {
          const IngestMhlRecord *record = ingest_mhl_history_lookup (ingest_mhl_walker_get_history (walker, item->scope),
                                                                     ingest_mhl_walk_item_get_relative_path (item));

          entry = record != NULL && record->is_directory ? record->latest : NULL;
        }
      if (entry == NULL)
        continue;

      for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
        {
          const char *content;
          const char *structure;

          if (!(self->directory_kinds & INGEST_HASH_BIT (k)))
            continue;
          content = ingest_mhl_entry_get_content_hash (entry, k, NULL);
          structure = ingest_mhl_entry_get_structure_hash (entry, k, NULL);
          if (content == NULL && structure == NULL)
            continue;
          if (result == NULL)
            {
              result = add_result (self, INGEST_MHL_STATUS_DIRECTORY_VERIFIED, item->path);
              ingest_mhl_result_set_is_directory (result, TRUE);
            }
          if (g_strcmp0 (content, item->hashes[k]) != 0 || g_strcmp0 (structure, item->structure[k]) != 0)
            {
              g_autofree char *message = g_strdup_printf ("%s: content %s (recorded %s), structure %s (recorded %s)",
                                                          ingest_hash_kind_get_name (k),
                                                          item->hashes[k] ? item->hashes[k] : "none", content ? content : "none",
                                                          item->structure[k] ? item->structure[k] : "none", structure ? structure : "none");
              failed = TRUE;
              ingest_mhl_result_set_message (result, message);
              ingest_mhl_result_set_hash (result, k, item->hashes[k], content, TRUE);
              ingest_mhl_result_set_structure (result, k, item->structure[k]);
            }
          else
            {
              ingest_mhl_result_set_hash (result, k, item->hashes[k], content, FALSE);
              ingest_mhl_result_set_structure (result, k, item->structure[k]);
            }
        }
      if (result == NULL && ingest_mhl_entry_get_hash_kinds (entry) != 0)
        {
          /* recorded, but in none of the formats computed: nothing verifies it */
          g_autofree char *computed = describe_kinds (self->directory_kinds);
          g_autofree char *message = g_strdup_printf ("no directory hash recorded in the format(s) computed: %s", computed);

          result = add_result (self, INGEST_MHL_STATUS_DIRECTORY_FAILED, item->path);
          ingest_mhl_result_set_is_directory (result, TRUE);
          ingest_mhl_result_set_message (result, message);
        }
      if (result != NULL && failed)
        ingest_mhl_result_set_status (result, INGEST_MHL_STATUS_DIRECTORY_FAILED);
    }
}

static void
fill_directory_results (IngestMhlVerifier *self,
                        IngestMhlWalker   *walker,
                        ItemState         *states)
{
  GArray *items = ingest_mhl_walker_get_items (walker);

  for (guint i = 0; i < items->len; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);

      if (item->kind != INGEST_MHL_WALK_DIRECTORY || states[i].result == NULL)
        continue;
      for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
        if ((self->directory_kinds & INGEST_HASH_BIT (k)) && item->hashes[k] != NULL)
          {
            ingest_mhl_result_set_hash (states[i].result, k, item->hashes[k], NULL, FALSE);
            ingest_mhl_result_set_structure (states[i].result, k, item->structure[k]);
          }
    }
}

static char *
format_mtime (gint64 mtime)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_from_unix_utc (mtime);

  return datetime != NULL ? ingest_mhl_date_format (datetime) : NULL;
}

static void
set_directory_hashes (IngestMhlEntry          *entry,
                      const IngestMhlWalkItem *item,
                      IngestHashSet            kinds,
                      const char              *hash_date)
{
  for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
    if ((kinds & INGEST_HASH_BIT (k)) && item->hashes[k] != NULL && item->structure[k] != NULL)
      ingest_mhl_entry_set_directory_hash (entry, k, item->hashes[k], item->structure[k], hash_date);
}

/* The file entry of a new generation, from the item's result. */
static IngestMhlEntry *
make_file_entry (const IngestMhlWalkItem *item,
                 const ItemState         *state,
                 IngestHashSet            requested,
                 const char              *hash_date)
{
  IngestMhlResult *result = state->result;
  IngestMhlStatus status = ingest_mhl_result_get_status (result);
  IngestHashSet failed = ingest_mhl_result_get_failed_kinds (result);
  g_autoptr(IngestMhlEntry) entry = ingest_mhl_entry_new_file (ingest_mhl_walk_item_get_relative_path (item), item->size);
  g_autofree char *mtime = format_mtime (item->mtime);
  gboolean wrote = FALSE;

  ingest_mhl_entry_set_last_modification_date (entry, mtime);

  for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
    {
      IngestMhlHashAction action;

      if (item->hashes[k] == NULL)
        continue;
      switch ((int) status)
        {
        case INGEST_MHL_STATUS_NEW:
          if (!(requested & INGEST_HASH_BIT (k)))
            continue;
          action = INGEST_MHL_HASH_ACTION_ORIGINAL;
          break;

        case INGEST_MHL_STATUS_RENAMED:
          if (!(requested & INGEST_HASH_BIT (k)) && ingest_mhl_result_get_expected (result, k) == NULL)
            continue;
          action = INGEST_MHL_HASH_ACTION_VERIFIED;
          break;

        case INGEST_MHL_STATUS_VERIFIED:
          action = INGEST_MHL_HASH_ACTION_VERIFIED;
          break;

        case INGEST_MHL_STATUS_FAILED:
          /* With a mismatch, formats new to this file are not recorded. */
          if (state->record->has_reference && !(state->verify & INGEST_HASH_BIT (k)))
            continue;
          action = (failed & INGEST_HASH_BIT (k)) ? INGEST_MHL_HASH_ACTION_FAILED : INGEST_MHL_HASH_ACTION_VERIFIED;
          break;

        default:
          return NULL;
        }
      ingest_mhl_entry_set_hash (entry, k, item->hashes[k], action, hash_date);
      wrote = TRUE;
    }

  if (!wrote)
    return NULL;
  if (ingest_mhl_result_get_previous_path (result) != NULL)
    ingest_mhl_entry_set_previous_path (entry, ingest_mhl_result_get_previous_path (result));
  return g_steal_pointer (&entry);
}

static void
fill_creator (IngestMhlVerifier *self,
              IngestMhlManifest *manifest,
              IngestMhlIgnore   *ignore)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (self->now);
  g_autofree char *date = ingest_mhl_date_format (utc);

  ingest_mhl_manifest_set_creation_date (manifest, date);
  ingest_mhl_manifest_set_hostname (manifest, self->hostname);
  ingest_mhl_manifest_set_tool (manifest, self->tool_name, self->tool_version);
  if (self->author_name != NULL)
    ingest_mhl_manifest_add_author (manifest, self->author_name, self->author_email,
                                    self->author_phone, self->author_role);
  if (self->location != NULL)
    ingest_mhl_manifest_set_location (manifest, self->location);
  if (self->comment != NULL)
    ingest_mhl_manifest_set_comment (manifest, self->comment);
  ingest_mhl_manifest_set_process (manifest, INGEST_MHL_PROCESS_IN_PLACE);
  ingest_mhl_manifest_set_ignore_patterns (manifest, ingest_mhl_ignore_get_patterns (ignore));
}

/* Scope indices children first, in path order, as the reference writes them. */
static void
post_order (IngestMhlWalker *walker,
            guint            scope,
            GArray          *order)
{
  GPtrArray *children = ingest_mhl_history_get_children (ingest_mhl_walker_get_history (walker, scope));

  for (guint c = 0; c < children->len; c++)
    for (guint t = scope + 1; t < ingest_mhl_walker_get_n_histories (walker); t++)
      if (ingest_mhl_walker_get_history (walker, t) == g_ptr_array_index (children, c))
        post_order (walker, t, order);
  g_array_append_val (order, scope);
}

/* Writes one new generation per visited history, deepest first, parents referencing
 * the manifests their children just got. */
static gboolean
write_generations (IngestMhlVerifier  *self,
                   IngestMhlWalker    *walker,
                   ItemState          *states,
                   IngestHashSet       requested,
                   GCancellable       *cancellable,
                   GError            **error)
{
  GArray *items = ingest_mhl_walker_get_items (walker);
  guint n_scopes = ingest_mhl_walker_get_n_histories (walker);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (self->now);
  g_autofree char *hash_date = ingest_mhl_date_format_usec (utc);
  g_autoptr(GPtrArray) manifests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree gint *root_items = g_new (gint, n_scopes);
  g_autofree char **written_c4 = g_new0 (char *, n_scopes);
  g_autofree char **written_name = g_new0 (char *, n_scopes);
  g_autoptr(GArray) order = NULL;
  gboolean ok = TRUE;

  for (guint s = 0; s < n_scopes; s++)
    {
      g_ptr_array_add (manifests, ingest_mhl_manifest_new ());
      root_items[s] = -1;
    }

  /* One pass over the walk fills every history's entries in walk order. */
  for (guint i = 0; i < items->len && ok; i++)
    {
      IngestMhlWalkItem *item = &g_array_index (items, IngestMhlWalkItem, i);
      IngestMhlManifest *manifest = g_ptr_array_index (manifests, item->scope);
      g_autoptr(IngestMhlEntry) entry = NULL;

      if (item->kind == INGEST_MHL_WALK_DIRECTORY && item->history_root >= 0)
        root_items[item->history_root] = i;

      if (item->kind == INGEST_MHL_WALK_FILE && states[i].result != NULL)
        {
          entry = make_file_entry (item, &states[i], requested, hash_date);
        }
      else if (item->kind == INGEST_MHL_WALK_DIRECTORY && ingest_mhl_walk_item_get_relative_path (item)[0] != '\0')
        {
          g_autofree char *mtime = format_mtime (item->mtime);

          entry = ingest_mhl_entry_new_directory (ingest_mhl_walk_item_get_relative_path (item));
          ingest_mhl_entry_set_last_modification_date (entry, mtime);
          if (self->directory_hashes)
            set_directory_hashes (entry, item, requested, hash_date);
        }
      if (entry != NULL)
        ok = ingest_mhl_manifest_add_entry (manifest, entry, error);
    }

  order = g_array_new (FALSE, FALSE, sizeof (guint));
  post_order (walker, 0, order);
  for (guint o = 0; o < order->len && ok; o++)
    {
      guint s = g_array_index (order, guint, o);
      IngestMhlHistory *history = ingest_mhl_walker_get_history (walker, s);
      IngestMhlManifest *manifest = g_ptr_array_index (manifests, s);
      GPtrArray *children = ingest_mhl_history_get_children (history);
      g_autofree char *prefix = NULL;

      if (!ingest_mhl_walker_get_visited (walker, s) || root_items[s] < 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      fill_creator (self, manifest, ingest_mhl_walker_get_ignore (walker, s));
      if (self->directory_hashes)
        {
          g_autoptr(IngestMhlEntry) root = ingest_mhl_entry_new_directory ("");

          set_directory_hashes (root, &g_array_index (items, IngestMhlWalkItem, root_items[s]), requested, hash_date);
          ingest_mhl_manifest_set_root_hash (manifest, root);
        }

      /* Children are later scopes; find them by their history objects. */
      for (guint c = 0; c < children->len; c++)
        for (guint t = s + 1; t < n_scopes; t++)
          if (ingest_mhl_walker_get_history (walker, t) == g_ptr_array_index (children, c) && written_name[t] != NULL)
            {
              g_autofree char *ref = g_strconcat (ingest_mhl_history_get_path_in_parent (g_ptr_array_index (children, c)),
                                                  "/ascmhl/", written_name[t], NULL);

              ingest_mhl_manifest_add_reference (manifest, ref, written_c4[t]);
            }

      if (!ingest_mhl_history_append (history, manifest, self->now, &written_c4[s], cancellable, error))
        {
          ok = FALSE;
          break;
        }
      written_name[s] = g_strdup (ingest_mhl_manifest_get_file_name (manifest));
      prefix = scope_prefix (self, history);
      g_ptr_array_add (self->written, g_strconcat (prefix, "ascmhl/", written_name[s], NULL));
    }

  for (guint s = 0; s < n_scopes; s++)
    {
      g_free (written_c4[s]);
      g_free (written_name[s]);
    }
  return ok;
}

static void
ingest_mhl_verifier_finalize (GObject *object)
{
  IngestMhlVerifier *self = (IngestMhlVerifier *)object;

  g_clear_pointer (&self->root, g_free);
  g_clear_pointer (&self->extra_patterns, g_ptr_array_unref);
  g_clear_pointer (&self->precomputed, g_hash_table_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->hostname, g_free);
  g_clear_pointer (&self->tool_name, g_free);
  g_clear_pointer (&self->tool_version, g_free);
  g_clear_pointer (&self->author_name, g_free);
  g_clear_pointer (&self->author_email, g_free);
  g_clear_pointer (&self->author_phone, g_free);
  g_clear_pointer (&self->author_role, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->comment, g_free);
  g_clear_object (&self->history);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->written, g_ptr_array_unref);

  G_OBJECT_CLASS (ingest_mhl_verifier_parent_class)->finalize (object);
}

static void
ingest_mhl_verifier_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IngestMhlVerifier *self = INGEST_MHL_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;

    case PROP_OPERATION:
      g_value_set_enum (value, self->operation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_verifier_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IngestMhlVerifier *self = INGEST_MHL_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_string (value);
      break;

    case PROP_OPERATION:
      self->operation = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_verifier_class_init (IngestMhlVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_mhl_verifier_finalize;
  object_class->get_property = ingest_mhl_verifier_get_property;
  object_class->set_property = ingest_mhl_verifier_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPERATION] =
    g_param_spec_enum ("operation", NULL, NULL, ingest_mhl_operation_get_type (), INGEST_MHL_OPERATION_VERIFY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_mhl_verifier_init (IngestMhlVerifier *self)
{
  self->extra_patterns = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->directory_hashes = TRUE;
  self->results = g_ptr_array_new_with_free_func (g_object_unref);
  self->written = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/**
 * ingest_mhl_verifier_new:
 * @root: the folder to verify / seal
 *
 * Returns: (transfer full): a verifier; directory hashes default to on for
 *   create and off for verify
 */
IngestMhlVerifier *
ingest_mhl_verifier_new (const char         *root,
                         IngestMhlOperation  operation)
{
  IngestMhlVerifier *self;

  g_return_val_if_fail (root != NULL, NULL);

  self = g_object_new (INGEST_TYPE_MHL_VERIFIER, "root", root, "operation", operation, NULL);
  self->directory_hashes = operation == INGEST_MHL_OPERATION_CREATE;
  return self;
}

void
ingest_mhl_verifier_set_hash_kinds (IngestMhlVerifier *self,
                                    IngestHashSet      kinds)
{
  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));
  self->kinds = kinds;
}

void
ingest_mhl_verifier_add_ignore_pattern (IngestMhlVerifier *self,
                                        const char        *pattern)
{
  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));
  g_return_if_fail (pattern != NULL);
  g_ptr_array_add (self->extra_patterns, g_strdup (pattern));
}

void
ingest_mhl_verifier_set_directory_hashes (IngestMhlVerifier *self,
                                          gboolean           directory_hashes)
{
  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));
  self->directory_hashes = !!directory_hashes;
}

#define COPY_FIELD(field) g_free (self->field); self->field = g_strdup (creator->field)

void
ingest_mhl_verifier_set_creator (IngestMhlVerifier      *self,
                                 const IngestMhlCreator *creator)
{
  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));
  g_return_if_fail (creator != NULL);

  g_clear_pointer (&self->now, g_date_time_unref);
  if (creator->now != NULL)
    self->now = g_date_time_ref (creator->now);
  COPY_FIELD (hostname);
  COPY_FIELD (tool_name);
  COPY_FIELD (tool_version);
  COPY_FIELD (author_name);
  COPY_FIELD (author_email);
  COPY_FIELD (author_phone);
  COPY_FIELD (author_role);
  COPY_FIELD (location);
  COPY_FIELD (comment);
}

#undef COPY_FIELD

void
ingest_mhl_verifier_set_n_threads (IngestMhlVerifier *self,
                                   guint              n_threads)
{
  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));
  self->n_threads = n_threads;
}

/**
 * ingest_mhl_verifier_set_precomputed:
 * @self: a verifier, not yet run
 * @precomputed: (nullable) (element-type utf8 IngestHashJob): absolute file
 *   path (as the walk from the root builds it) → a finished #IngestHashJob
 *
 * Digests the caller already has from its own read of the files (the
 * validation job's one read, when it records a generation). A file whose
 * job has no error, the size and mtime (to the nanosecond) the walk sees now,
 * and every format this run needs for it is not read again; any other file
 * is hashed as usual. The table is referenced, not copied; don't change it
 * while the verifier runs.
 */
void
ingest_mhl_verifier_set_precomputed (IngestMhlVerifier *self,
                                     GHashTable        *precomputed)
{
  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));
  g_return_if_fail (!self->ran);

  g_clear_pointer (&self->precomputed, g_hash_table_unref);
  if (precomputed != NULL)
    self->precomputed = g_hash_table_ref (precomputed);
}

/* Phase timings, for G_MESSAGES_DEBUG=ingest-mhl-verifier. */
#define PHASE(what) g_debug ("%s after %.3f s", what, (g_get_monotonic_time () - start) / 1e6)

gboolean
ingest_mhl_verifier_run (IngestMhlVerifier  *self,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(IngestMhlWalker) walker = NULL;
  g_autofree ItemState *states = NULL;
  g_autofree GHashTable **seen = NULL;
  g_autoptr(GArray) missing = NULL;
  IngestHashSet requested = self->kinds;
  gint64 start;
  GArray *items;
  guint n_scopes;
  gboolean ok = TRUE;

  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), FALSE);
  g_return_val_if_fail (!self->ran, FALSE);

  self->ran = TRUE;
  if (self->now == NULL)
    self->now = g_date_time_new_now_utc ();
  if (self->hostname == NULL)
    self->hostname = g_strdup (g_get_host_name ());
  if (self->tool_name == NULL)
    self->tool_name = g_strdup (DEFAULT_TOOL_NAME);
  if (self->tool_version == NULL)
    self->tool_version = g_strdup (PACKAGE_VERSION);
  if (requested == 0 && self->operation == INGEST_MHL_OPERATION_CREATE)
    requested = INGEST_HASH_BIT (INGEST_HASH_XXH128);
  self->requested = requested;

  start = g_get_monotonic_time ();
  self->history = ingest_mhl_history_load (self->root, cancellable, error);
  PHASE ("history loaded");
  if (self->history == NULL)
    return FALSE;
  if (self->operation != INGEST_MHL_OPERATION_CREATE && !ingest_mhl_history_exists (self->history))
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_NO_HISTORY,
                   "Missing ASC MHL history at path %s", ingest_mhl_history_get_root (self->history));
      return FALSE;
    }

  walker = ingest_mhl_walker_new (self->history, (const char * const *) self->extra_patterns->pdata);
  if (!ingest_mhl_walker_run (walker, cancellable, error))
    return FALSE;
  items = ingest_mhl_walker_get_items (walker);
  n_scopes = ingest_mhl_walker_get_n_histories (walker);

  states = g_new0 (ItemState, items->len);
  seen = g_new0 (GHashTable *, n_scopes);
  for (guint s = 0; s < n_scopes; s++)
    seen[s] = g_hash_table_new (NULL, NULL);

  PHASE ("tree walked");
  classify (self, walker, states, seen, requested);
  missing = find_missing (self, walker, seen, cancellable);
  ok = !g_cancellable_set_error_if_cancelled (cancellable, error);

  if (self->operation == INGEST_MHL_OPERATION_CREATE && self->directory_hashes)
    self->directory_kinds = requested;
  else if (self->operation == INGEST_MHL_OPERATION_VERIFY && self->directory_hashes)
    /* as the reference's verify -dh -h: the formats asked for, else the recorded ones */
    self->directory_kinds = requested != 0 ? requested : recorded_directory_kinds (walker);

  if (ok && self->operation != INGEST_MHL_OPERATION_DIFF)
    {
      IngestHashSet rename_kinds = 0;

      /* New files are hashed in the formats of the missing ones, to spot renames. */
      for (guint m = 0; m < missing->len; m++)
        {
          const IngestMhlRecord *record = g_array_index (missing, Missing, m).record;

          if (!record->is_directory && record->has_reference)
            rename_kinds |= INGEST_HASH_BIT (record->first_kind);
        }
      for (guint i = 0; i < items->len; i++)
        {
          if (g_array_index (items, IngestMhlWalkItem, i).kind != INGEST_MHL_WALK_FILE)
            continue;
          if (states[i].record == NULL)
            states[i].hash |= rename_kinds;
          states[i].hash |= self->directory_kinds;
        }
      PHASE ("classified");
      ok = hash_files (self, walker, states, cancellable, error);
      PHASE ("hashed");
    }

  if (ok)
    {
      compare_files (self, walker, states);
      pair_renames (self, walker, states, missing);
      find_missing_histories (self, walker);

      if (self->directory_kinds != 0)
        {
          PHASE ("compared");
          ok = ingest_mhl_walker_compute_directory_hashes (walker, self->directory_kinds, error);
          if (ok && self->operation == INGEST_MHL_OPERATION_CREATE)
            fill_directory_results (self, walker, states);
          PHASE ("directory hashes");
        }
      if (ok && self->operation == INGEST_MHL_OPERATION_VERIFY && self->directory_kinds != 0)
        verify_directories (self, walker);
      if (ok && self->operation == INGEST_MHL_OPERATION_CREATE)
        {
          ok = write_generations (self, walker, states, requested, cancellable, error);
          PHASE ("written");
        }
    }

  for (guint i = 0; i < items->len; i++)
    g_clear_pointer (&states[i].job, ingest_hash_job_free);
  for (guint s = 0; s < n_scopes; s++)
    g_hash_table_unref (seen[s]);

  for (guint r = 0; r < self->results->len; r++)
    self->counts[ingest_mhl_result_get_status (g_ptr_array_index (self->results, r))]++;

  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (ingest_mhl_verifier_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Runs on a worker thread; don't touch the verifier until it finishes. */
void
ingest_mhl_verifier_run_async (IngestMhlVerifier   *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_mhl_verifier_run_async);
  g_task_run_in_thread (task, run_thread);
}

gboolean
ingest_mhl_verifier_run_finish (IngestMhlVerifier  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ingest_mhl_verifier_get_progress (IngestMhlVerifier *self,
                                  guint64           *bytes_done,
                                  guint64           *bytes_total,
                                  guint             *files_done,
                                  guint             *files_total)
{
  g_return_if_fail (INGEST_IS_MHL_VERIFIER (self));

  if (bytes_done != NULL)
    *bytes_done = __atomic_load_n (&self->bytes_done, __ATOMIC_RELAXED);
  if (bytes_total != NULL)
    *bytes_total = __atomic_load_n (&self->bytes_total, __ATOMIC_RELAXED);
  if (files_done != NULL)
    *files_done = g_atomic_int_get (&self->files_done);
  if (files_total != NULL)
    *files_total = g_atomic_int_get (&self->files_total);
}

/**
 * ingest_mhl_verifier_list_results:
 *
 * Returns: (transfer full): a new GListModel of IngestMhlResult, in walk order
 *   followed by the missing paths
 */
GListModel *
ingest_mhl_verifier_list_results (IngestMhlVerifier *self)
{
  GListStore *store;

  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), NULL);

  store = g_list_store_new (INGEST_TYPE_MHL_RESULT);
  g_list_store_splice (store, 0, 0, self->results->pdata, self->results->len);
  return G_LIST_MODEL (store);
}

guint
ingest_mhl_verifier_get_n_results (IngestMhlVerifier *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), 0);
  return self->results->len;
}

/* Returns: (transfer none) */
IngestMhlResult *
ingest_mhl_verifier_get_result (IngestMhlVerifier *self,
                                guint              position)
{
  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), NULL);
  g_return_val_if_fail (position < self->results->len, NULL);
  return g_ptr_array_index (self->results, position);
}

guint
ingest_mhl_verifier_get_count (IngestMhlVerifier *self,
                               IngestMhlStatus    status)
{
  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), 0);
  g_return_val_if_fail (status < INGEST_MHL_N_STATUSES, 0);
  return self->counts[status];
}

/* Returns: (transfer none) (nullable): the history loaded by the run */
IngestMhlHistory *
ingest_mhl_verifier_get_history (IngestMhlVerifier *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), NULL);
  return self->history;
}

const char * const *
ingest_mhl_verifier_get_written_manifests (IngestMhlVerifier *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), NULL);

  /* A null-terminated GPtrArray has no storage until its first element. */
  return self->written->pdata != NULL ? (const char * const *) self->written->pdata : empty;
}

IngestHashSet
ingest_mhl_verifier_get_directory_kinds (IngestMhlVerifier *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_VERIFIER (self), 0);
  return self->directory_kinds;
}
