/* ingest-upload-history.c
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

/* The rolls' ASC MHL histories at the destinations: one transfer generation per run, on plain data. */

#define G_LOG_DOMAIN "ingest-upload-job"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest-mhl-chain.h"
#include "ingest-mhl-date.h"
#include "ingest-mhl-entry.h"
#include "ingest-mhl-history.h"
#include "ingest-mhl-manifest.h"
#include "ingest-s3-destination.h"
#include "ingest-upload-delivery-private.h"
#include "ingest-upload-error.h"
#include "ingest-upload-history-private.h"

/* A history file read back from a destination larger than this is not one of ours. */
#define MAX_HISTORY_FILE_SIZE (256 * 1024 * 1024)

void
_ingest_upload_history_free (IngestUploadHistory *history)
{
  if (history == NULL)
    return;
  g_free (history->root);
  g_ptr_array_unref (history->destinations);
  ingest_key_template_unref (history->key_template);
  g_free (history->drive_label);
  g_ptr_array_unref (history->rolls);
  g_ptr_array_unref (history->delivered);
  g_clear_object (&history->cancellable);
  if (history->report_data_free != NULL)
    history->report_data_free (history->report_data);
  g_free (history);
}

/* The key of @path at the destinations. */
static char *
history_key (IngestUploadHistory  *history,
             const char           *path,
             GError              **error)
{
  return _ingest_upload_make_key (history->key_template, history->drive_label, history->root,
                                  history->rolls, path, error);
}

/* Sends one small local file (a manifest, the chain) to every destination:
 * it has no expected hash of its own, the destination still checks its
 * copy (Content-MD5, HEAD). */
static gboolean
send_local_file (IngestUploadHistory  *history,
                 IngestDestination    *destination,
                 const char           *local_path,
                 const char           *key,
                 GBytes               *replaces,
                 GError              **error)
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

  file = ingest_destination_begin (destination, &source, history->cancellable, error);
  return file != NULL &&
         (len == 0 || ingest_destination_write (file, (const guint8 *) contents, len, 0, error)) &&
         ingest_destination_finish (file, history->cancellable, error);
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
        return _ingest_upload_set_io_error (error, source);
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
send_folder (IngestUploadHistory  *history,
             IngestDestination    *destination,
             const char           *local,
             const char           *relative,
             GBytes               *chain_replaces,
             GError              **error)
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
          if (!send_folder (history, destination, path, child, NULL, error))
            return FALSE;
        }
      else
        {
          g_autofree char *key = history_key (history, child, error);

          if (key == NULL ||
              !send_local_file (history, destination, path, key,
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
collect_empty_folders (IngestUploadHistory  *history,
                       const char           *roll_path,
                       const char           *folder,
                       const char           *relative,
                       GHashTable           *occupied,
                       GPtrArray            *empty,
                       GError              **error)
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
        return _ingest_upload_set_io_error (error, path);
      if (!S_ISDIR (st.st_mode) ||
          (g_str_equal (name, "ascmhl") && g_str_equal (relative, g_str_equal (roll_path, ".") ? "" : roll_path)))
        continue;
      for (guint i = 0; i < history->rolls->len; i++)
        other_roll |= g_str_equal (((IngestUploadRoll *) g_ptr_array_index (history->rolls, i))->path, child);
      if (other_roll)
        continue;
      if (!g_hash_table_contains (occupied, child))
        g_ptr_array_add (empty, g_strdup (child));
      if (!collect_empty_folders (history, roll_path, path, child, occupied, empty, error))
        return FALSE;
    }
  return TRUE;
}

/* The keys of the directory markers of a roll: "KEY/" for each of its
 * folders with no delivered file below it (Sony's empty XDROOT/Edit, say).
 * An object store has no folders, so without them a downloaded copy lacks
 * folders the roll's ASC MHL records, and fails verification. */
static GPtrArray *
roll_marker_keys (IngestUploadHistory  *history,
                  const char           *roll_path,
                  const char           *roll_folder,
                  GError              **error)
{
  g_autoptr(GHashTable) occupied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  const char *relative = g_str_equal (roll_path, ".") ? "" : roll_path;

  for (guint i = 0; i < history->delivered->len; i++)
    {
      const char *path = ((IngestUploadDelivered *) g_ptr_array_index (history->delivered, i))->path;

      for (const char *slash = strchr (path, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
        g_hash_table_add (occupied, g_strndup (path, slash - path));
    }

  if (!collect_empty_folders (history, roll_path, roll_folder, relative, occupied, empty, error))
    return NULL;
  for (guint i = 0; i < empty->len; i++)
    {
      char *key = history_key (history, g_ptr_array_index (empty, i), error);

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
send_markers (IngestUploadHistory  *history,
              IngestDestination    *destination,
              const char           *roll_folder,
              GPtrArray            *keys,
              GError              **error)
{
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autoptr(IngestDestinationFile) file = NULL;
      IngestUploadSource source = { 0 };

      source.path = roll_folder;
      source.key = key;
      file = ingest_destination_begin (destination, &source, history->cancellable, error);
      if (file == NULL || !ingest_destination_finish (file, history->cancellable, error))
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
describe_destinations (IngestUploadHistory *history,
                       const char          *roll_path)
{
  g_autoptr(GString) text = g_string_new ("ingest-station transfer verified at");
  g_autofree char *probe = roll_history_path (roll_path);
  g_autofree char *key = history_key (history, probe, NULL);

  for (guint i = 0; i < history->destinations->len; i++)
    {
      IngestDestination *destination = g_ptr_array_index (history->destinations, i);
      g_autofree char *base = NULL;
      g_autofree char *location = NULL;

      /* The key of the roll's folder: the history's key without "ascmhl". */
      if (key != NULL && g_str_has_suffix (key, "ascmhl"))
        base = g_strndup (key, strlen (key) - strlen ("ascmhl"));
      location = _ingest_upload_destination_location (destination, base ? base : "");
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
history_state_folder (IngestUploadHistory  *history,
                      IngestDestination    *destination,
                      const char           *roll_path,
                      const char           *local,
                      GError              **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *chain_path = g_build_filename (local, "ascmhl_chain.xml", NULL);
  g_autofree char *chain = NULL;
  g_autofree char *probe = roll_history_path (roll_path);
  g_autofree char *key = history_key (history, probe, error);
  gsize len = 0;

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
make_transfer_manifest (IngestUploadHistory *history,
                        const char          *roll_path,
                        GDateTime           *now,
                        guint               *n_entries)
{
  IngestMhlManifest *manifest = ingest_mhl_manifest_new ();
  g_autofree char *date = ingest_mhl_date_format (now);
  g_autofree char *comment = NULL;

  ingest_mhl_manifest_set_creation_date (manifest, date);
  ingest_mhl_manifest_set_hostname (manifest, g_get_host_name ());
  ingest_mhl_manifest_set_tool (manifest, "ingest-station", PACKAGE_VERSION);
  ingest_mhl_manifest_set_process (manifest, INGEST_MHL_PROCESS_TRANSFER);
  *n_entries = 0;
  comment = describe_destinations (history, roll_path);
  for (guint i = 0; i < history->delivered->len; i++)
    {
      IngestUploadDelivered *delivered = g_ptr_array_index (history->delivered, i);
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
  ingest_mhl_manifest_set_comment (manifest, comment);
  return manifest;
}

/* Makes version @next: a copy of @from_ascmhl with one more generation
 * (in a folder named like the roll's: the manifest's name has it) and,
 * next to it, "generation": that generation's number (0 when no file was
 * verified at every destination: then it is the history as it was), then
 * points "current" at it in one rename (a crash leaves the old one). */
static gboolean
stage_next_version (IngestUploadHistory  *history,
                    const char           *state,
                    const char           *from_ascmhl,
                    const char           *next,
                    const char           *roll_path,
                    const char           *roll_name,
                    GError              **error)
{
  g_autofree char *version = g_build_filename (state, next, NULL);
  g_autofree char *history_root = g_build_filename (version, roll_name, NULL);
  g_autofree char *stage = g_build_filename (history_root, "ascmhl", NULL);
  g_autofree char *link_tmp = g_build_filename (state, "current.tmp", NULL);
  g_autofree char *link = g_build_filename (state, "current", NULL);
  g_autofree char *generation_path = g_build_filename (version, "generation", NULL);
  g_autofree char *generation = NULL;
  g_autoptr(IngestMhlHistory) loaded = NULL;
  g_autoptr(IngestMhlManifest) manifest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n_entries;

  remove_tree (version);
  if (!copy_folder (from_ascmhl, stage, error) ||
      (loaded = ingest_mhl_history_load (history_root, history->cancellable, error)) == NULL)
    return FALSE;
  manifest = make_transfer_manifest (history, roll_path, now, &n_entries);
  if (n_entries > 0 && !ingest_mhl_history_append (loaded, manifest, now, NULL, history->cancellable, error))
    return FALSE;
  generation = g_strdup_printf ("%u", n_entries > 0 ? ingest_mhl_manifest_get_generation (manifest) : 0);
  if (!g_file_set_contents (generation_path, generation, -1, error))
    return FALSE;

  g_unlink (link_tmp);
  if (symlink (next, link_tmp) != 0 || g_rename (link_tmp, link) != 0)
    return _ingest_upload_set_io_error (error, link);
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
history_file_key (IngestUploadHistory  *history,
                  const char           *roll_path,
                  const char           *name,
                  GError              **error)
{
  g_autofree char *relative = roll_history_path (roll_path);
  g_autofree char *path = g_strconcat (relative, "/", name, NULL);

  return history_key (history, path, error);
}

/* Brings the destination's history of the roll (every manifest its chain
 * lists, and the chain) into @to, then loads it: the loader checks each
 * manifest against the chain's hash, so a damaged or forged one stops here. */
static gboolean
fetch_remote_history (IngestUploadHistory  *history,
                      IngestDestination    *destination,
                      const char           *roll_path,
                      IngestMhlChain       *chain,
                      GBytes               *chain_bytes,
                      const char           *to,
                      GError              **error)
{
  g_autofree char *chain_path = g_build_filename (to, "ascmhl_chain.xml", NULL);
  g_autofree char *root = g_path_get_dirname (to);
  g_autoptr(IngestMhlHistory) loaded = NULL;

  remove_tree (to);
  if (g_mkdir_with_parents (to, 0700) != 0)
    return _ingest_upload_set_io_error (error, to);
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
      if ((key = history_file_key (history, roll_path, entry->path, error)) == NULL ||
          (bytes = ingest_destination_fetch (destination, key, MAX_HISTORY_FILE_SIZE, history->cancellable, error)) == NULL)
        return FALSE;
      local = g_build_filename (to, entry->path, NULL);
      if (!g_file_set_contents (local, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        return FALSE;
    }
  if (!g_file_set_contents (chain_path, g_bytes_get_data (chain_bytes, NULL), g_bytes_get_size (chain_bytes), error))
    return FALSE;
  loaded = ingest_mhl_history_load (root, history->cancellable, error);
  return loaded != NULL;
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
reconcile_remote_history (IngestUploadHistory  *history,
                          IngestDestination    *destination,
                          gboolean              any_sent,
                          const char           *state,
                          char                **current,
                          const char           *roll_path,
                          const char           *roll_name,
                          const char           *local,
                          GBytes              **remote_chain,
                          RemoteHistory        *outcome,
                          GError              **error)
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
  if ((chain_key = history_file_key (history, roll_path, "ascmhl_chain.xml", error)) == NULL)
    return FALSE;
  location = _ingest_upload_destination_location (destination, chain_key);
  bytes = ingest_destination_fetch (destination, chain_key, MAX_HISTORY_FILE_SIZE, history->cancellable, &local_error);
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
  if (!fetch_remote_history (history, destination, roll_path, remote, bytes, remote_ascmhl, &local_error))
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

    if (!stage_next_version (history, state, remote_ascmhl, next, roll_path, roll_name, error))
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
upload_roll_history_to (IngestUploadHistory  *history,
                        IngestDestination    *destination,
                        gboolean              any_sent,
                        const char           *roll_path,
                        const char           *local,
                        GPtrArray            *markers,
                        guint                *generation,
                        const char          **note,
                        GError              **error)
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

  if ((state = history_state_folder (history, destination, roll_path, local, error)) == NULL)
    return FALSE;
  if (g_mkdir_with_parents (state, 0700) != 0)
    return _ingest_upload_set_io_error (error, state);
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

      if (!stage_next_version (history, state, from, next, roll_path, roll_name, error))
        return FALSE;
      if (current != NULL)
        {
          g_autofree char *old = g_build_filename (state, current, NULL);

          remove_tree (old);
        }
      g_free (current);
      current = g_steal_pointer (&next);
    }

  if (!reconcile_remote_history (history, destination, any_sent, state, &current, roll_path, roll_name, local,
                                 &remote_chain, &remote, error))
    return FALSE;
  if (remote == REMOTE_HISTORY_UP_TO_DATE)
    {
      *note = "already there, recorded further by another transfer; nothing new to record";
      return send_markers (history, destination, roll_folder, markers, error);
    }

  stage = g_build_filename (state, current, roll_name, "ascmhl", NULL);
  relative = roll_history_path (roll_path);
  if ((*generation = staged_generation (state, current, roll_name)) == 0)
    *note = "no file of the roll was verified at every destination, so it went as it was, without a transfer generation";
  return send_markers (history, destination, roll_folder, markers, error) &&
         send_folder (history, destination, stage, relative, remote_chain, error) &&
         g_file_set_contents (marker, current, -1, error);
}

/* Tells the caller (history->report) what @destination got of a roll's history. */
static void
push_history_outcome (IngestUploadHistory *history,
                      const char          *roll_path,
                      IngestDestination   *destination,
                      guint                generation,
                      const char          *message,
                      gboolean             ok)
{
  IngestHistoryOutcome *outcome = g_new0 (IngestHistoryOutcome, 1);
  g_autofree char *probe = roll_history_path (roll_path);
  g_autofree char *key = history_key (history, probe, NULL);

  outcome->roll_path = g_strdup (roll_path);
  outcome->destination = g_strdup (ingest_destination_get_uri (destination));
  /* A folder: its key ends in "/" (the template drops a trailing one). */
  if (key != NULL)
    {
      g_autofree char *folder_key = g_strconcat (key, "/", NULL);

      outcome->location = _ingest_upload_destination_location (destination, folder_key);
    }
  outcome->generation = generation;
  outcome->state = ok ? INGEST_DELIVERY_STATE_VERIFIED : INGEST_DELIVERY_STATE_FAILED;
  outcome->reason = g_strdup (message);
  history->report (outcome, history->report_data);
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
upload_roll_history (IngestUploadHistory     *history,
                     const IngestUploadRoll  *roll,
                     GError                 **failures,
                     GError                 **error)
{
  g_autofree char *local = NULL;
  g_autofree char *roll_folder = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  gboolean has_history;
  gboolean ok = TRUE;
  guint64 sent = 0;

  local = g_build_filename (history->root, g_str_equal (roll->path, ".") ? "" : roll->path, "ascmhl", NULL);
  for (guint i = 0; i < history->delivered->len; i++)
    {
      IngestUploadDelivered *delivered = g_ptr_array_index (history->delivered, i);

      if (g_str_equal (roll->path, ".") ||
          (g_str_has_prefix (delivered->path, roll->path) && delivered->path[strlen (roll->path)] == '/'))
        sent |= delivered->sent;
    }

  /* A roll without a history: its empty folders still go, on every run. */
  has_history = g_file_test (local, G_FILE_TEST_IS_DIR);
  roll_folder = g_path_get_dirname (local);
  if ((markers = roll_marker_keys (history, roll->path, roll_folder, error)) == NULL)
    {
      for (guint i = 0; has_history && i < history->destinations->len; i++)
        push_history_outcome (history, roll->path, g_ptr_array_index (history->destinations, i), 0, (*error)->message, FALSE);
      g_prefix_error (error, "the ASC MHL history of roll %s: ", roll->name);
      return FALSE;
    }

  for (guint i = 0; i < history->destinations->len; i++)
    {
      IngestDestination *destination = g_ptr_array_index (history->destinations, i);
      g_autoptr(GError) local_error = NULL;
      const char *note = NULL;
      guint generation = 0;

      if (failures[i] == NULL)
        {
          if (has_history)
            upload_roll_history_to (history, destination, (sent & _ingest_upload_destination_bit (i)) != 0,
                                    roll->path, local, markers, &generation, &note, &local_error);
          else
            send_markers (history, destination, roll_folder, markers, &local_error);
          if (local_error != NULL)
            failures[i] = g_error_copy (local_error);
        }
      if (has_history)
        push_history_outcome (history, roll->path, destination, failures[i] != NULL ? 0 : generation,
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

/* Each roll goes to every destination that has not failed yet; the run
 * fails with the first error. Its own thread: @history is its alone. */
gboolean
_ingest_upload_history_run (IngestUploadHistory  *history,
                            GError              **error)
{
  g_autoptr(GError) first = NULL;
  g_autofree GError **failures = g_new0 (GError *, history->destinations->len);

  for (guint i = 0; i < history->rolls->len; i++)
    {
      g_autoptr(GError) roll_error = NULL;

      if (!upload_roll_history (history, g_ptr_array_index (history->rolls, i), failures, &roll_error) &&
          first == NULL)
        first = g_steal_pointer (&roll_error);
    }
  for (guint i = 0; i < history->destinations->len; i++)
    g_clear_error (&failures[i]);
  if (first != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return FALSE;
    }
  return TRUE;
}
