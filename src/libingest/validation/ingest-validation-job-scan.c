/* ingest-validation-job-scan.c
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

/* The validation job's scan: the drive, its rolls, manifests and tree, into results known now and a queue of files to read. */

#define G_LOG_DOMAIN "ingest-validation-job"

#include "config.h"

#include <string.h>

#include "ingest-card-layout.h"
#include "ingest-drive-private.h"
#include "ingest-mhl-walker.h"
#include "ingest-validation-compare-private.h"
#include "ingest-validation-run-private.h"

/* Folders operating systems make at the top of a volume: shown as ignored,
 * never "extra" or "unreadable" (lost+found is root's alone on ext4). */
static const char * const volume_patterns[] = {
  "/lost+found/", "/.Spotlight-V100/", "/.fseventsd/", "/.Trashes/", "/.TemporaryItems/",
  "/.Trash-*/", "/System Volume Information/", "/$RECYCLE.BIN/", NULL,
};

static guint
assign_roll (IngestValidationRun *run,
             const char          *path)
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
probe_drive (IngestValidationRun  *run,
             GError              **error)
{
  g_autofree char *root = _ingest_validation_run_dup_root (run);
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
scan_rolls (IngestValidationRun  *run,
            GError              **error)
{
  g_autoptr(IngestCardScan) scan = NULL;
  g_autofree char *root = _ingest_validation_run_dup_root (run);

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
gather_expected (IngestValidationRun  *run,
                 IngestMhlHistory     *history,
                 IngestMhlWalker      *walker,
                 GHashTable           *manifests,
                 GError              **error)
{
  GArray *items = ingest_mhl_walker_get_items (walker);
  g_autofree char *root = _ingest_validation_run_dup_root (run);
  const char * const *warnings = ingest_mhl_history_get_warnings (history);

  run->expected = ingest_expected_manifest_new (root);
  ingest_expected_manifest_add_history (run->expected, history, "", run->cancellable);
  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    _ingest_validation_run_add_diagnostic (run, "ASC MHL: %s", warnings[i]);

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
          _ingest_validation_run_add_diagnostic (run, "%s looks like an MHL file but could not be read: %s", item->path, local_error->message);
          continue;
        }
      if (g_str_equal (ingest_mhl_manifest_get_version (manifest), "2.0"))
        {
          _ingest_validation_run_add_diagnostic (run, "%s is an ASC MHL manifest outside any history (in no chain): its hashes are not used; "
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
    _ingest_validation_run_add_diagnostic (run, "The manifests disagree about the hash of %u file(s); those files are reported as mismatches",
                    ingest_expected_manifest_get_n_disagreements (run->expected));
  return TRUE;
}

/* Decides, for every entry of the walk, its result now or the read it needs. */
static void
classify (IngestValidationRun *run,
          IngestMhlWalker     *walker,
          GHashTable          *manifests,
          GHashTable          *previous)
{
  GArray *items = ingest_mhl_walker_get_items (walker);
  GPtrArray *files = ingest_expected_manifest_get_files (run->expected);
  g_autofree char *root = _ingest_validation_run_dup_root (run);
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
          IngestValidationWorkItem *work = g_new0 (IngestValidationWorkItem, 1);

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
    ((IngestValidationWorkItem *) g_ptr_array_index (extras, e))->kinds = extra_kinds;
  g_ptr_array_unref (extras);

  /* The generation to record needs its formats for every file of its history:
   * computed in this read, so that recording reads nothing again. */
  for (GList *l = run->queue.head; l != NULL && run->record_targets->len > 0; l = l->next)
    {
      IngestValidationWorkItem *work = l->data;

      for (guint t = 0; t < run->record_targets->len; t++)
        {
          const IngestValidationRecordTarget *target = &g_array_index (run->record_targets, IngestValidationRecordTarget, t);

          if (g_str_has_prefix (work->path, target->prefix))
            work->kinds |= target->kinds;
        }
    }
}

void
_ingest_validation_run_add_missing (IngestValidationRun *run)
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
find_record_targets (IngestValidationRun *run,
                     IngestMhlHistory    *history)
{
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();

  if (run->read_only)
    {
      _ingest_validation_run_add_diagnostic (run, "Not recorded as a new ASC MHL generation: the drive is read-only");
      return;
    }
  if (ingest_mhl_history_exists (history))
    g_ptr_array_add (roots, history);
  else
    g_ptr_array_extend (roots, ingest_mhl_history_get_children (history), NULL, NULL);

  for (guint i = 0; i < roots->len; i++)
    {
      IngestMhlHistory *root = g_ptr_array_index (roots, i);
      IngestValidationRecordTarget target;

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

/* What the drive holds and what is expected of it, from the coordinator
 * thread before anything is read. */
gboolean
_ingest_validation_run_scan (IngestValidationRun  *run,
                             IngestMhlHistory    **history,
                             GError              **error)
{
  g_autoptr(IngestMhlWalker) walker = NULL;
  g_autoptr(GHashTable) manifests = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) previous = NULL;
  g_autofree char *root = _ingest_validation_run_dup_root (run);

  if (!probe_drive (run, error))
    return FALSE;
  *history = ingest_mhl_history_load (root, run->cancellable, error);
  if (*history == NULL)
    return FALSE;
  walker = ingest_mhl_walker_new (*history, volume_patterns);
  if (!ingest_mhl_walker_run (walker, run->cancellable, error))
    return FALSE;
  if (!scan_rolls (run, error) || !gather_expected (run, *history, walker, manifests, error))
    return FALSE;
  if (run->record)
    find_record_targets (run, *history);
  if (run->catalog != NULL && run->reuse)
    {
      previous = _ingest_validation_catalog_load_previous (run->catalog, run->identity, error);
      if (previous == NULL)
        return FALSE;
    }

  classify (run, walker, manifests, previous);
  return TRUE;
}
