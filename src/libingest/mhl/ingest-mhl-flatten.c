/* ingest-mhl-flatten.c
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

#define G_LOG_DOMAIN "ingest-mhl-flatten"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "ingest-mhl-date.h"
#include "ingest-mhl-error.h"
#include "ingest-mhl-file.h"
#include "ingest-mhl-flatten.h"
#include "ingest-mhl-history.h"

#define COLLECTION_FILE "ascmhl_collection.xml"

/* Adds the files of @history (and, unlike the reference, of its children) with
 * paths prefixed by @prefix. */
static gboolean
add_history (IngestMhlManifest  *manifest,
             IngestMhlHistory   *history,
             const char         *prefix,
             const char         *hash_date,
             GError            **error)
{
  GPtrArray *records = ingest_mhl_history_get_records (history);
  GPtrArray *children = ingest_mhl_history_get_children (history);

  for (guint r = 0; r < records->len; r++)
    {
      const IngestMhlRecord *record = g_ptr_array_index (records, r);
      g_autoptr(IngestMhlEntry) entry = NULL;
      g_autofree char *path = NULL;

      if (record->is_directory || record->moved || !record->has_reference)
        continue;
      path = g_strconcat (prefix, record->path, NULL);
      entry = ingest_mhl_entry_new_file (path, ingest_mhl_entry_get_size (record->latest));
      if (ingest_mhl_entry_get_last_modification_date (record->latest) != NULL)
        ingest_mhl_entry_set_last_modification_date (entry, ingest_mhl_entry_get_last_modification_date (record->latest));
      for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
        if (record->reference[k] != NULL && ingest_hash_kind_is_mhl (k))
          ingest_mhl_entry_set_hash (entry, k, record->reference[k], INGEST_MHL_HASH_ACTION_ORIGINAL, hash_date);
      if (!ingest_mhl_manifest_add_entry (manifest, entry, error))
        return FALSE;
    }

  for (guint c = 0; c < children->len; c++)
    {
      IngestMhlHistory *child = g_ptr_array_index (children, c);
      g_autofree char *child_prefix = g_strconcat (prefix, ingest_mhl_history_get_path_in_parent (child), "/", NULL);

      if (!add_history (manifest, child, child_prefix, hash_date, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ingest_mhl_flatten (const char              *root,
                    const char              *dest,
                    const IngestMhlCreator  *creator,
                    char                   **out_path,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new ();
  g_autoptr(IngestMhlChain) collection = NULL;
  g_autoptr(IngestMhlIgnore) ignore = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *date = NULL;
  g_autofree char *hash_date = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *collection_path = NULL;
  g_autofree char *c4 = NULL;
  g_autofree char *day = NULL;
  g_autofree char *stamp = NULL;
  guint sequence = 1;

  g_return_val_if_fail (root != NULL && dest != NULL && creator != NULL, FALSE);

  history = ingest_mhl_history_load (root, cancellable, error);
  if (history == NULL)
    return FALSE;
  if (!ingest_mhl_history_exists (history))
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_NO_HISTORY,
                   "Missing ASC MHL history at path %s", ingest_mhl_history_get_root (history));
      return FALSE;
    }

  now = creator->now != NULL ? g_date_time_to_utc (creator->now) : g_date_time_new_now_utc ();
  date = ingest_mhl_date_format (now);
  hash_date = ingest_mhl_date_format_usec (now);
  ingest_mhl_manifest_set_creation_date (manifest, date);
  ingest_mhl_manifest_set_hostname (manifest, creator->hostname != NULL ? creator->hostname : g_get_host_name ());
  ingest_mhl_manifest_set_tool (manifest, creator->tool_name != NULL ? creator->tool_name : "ingest-station",
                                creator->tool_version != NULL ? creator->tool_version : PACKAGE_VERSION);
  if (creator->author_name != NULL)
    ingest_mhl_manifest_add_author (manifest, creator->author_name, creator->author_email,
                                    creator->author_phone, creator->author_role);
  if (creator->location != NULL)
    ingest_mhl_manifest_set_location (manifest, creator->location);
  if (creator->comment != NULL)
    ingest_mhl_manifest_set_comment (manifest, creator->comment);
  ingest_mhl_manifest_set_process (manifest, INGEST_MHL_PROCESS_FLATTEN);
  ignore = ingest_mhl_history_dup_ignore (history);
  ingest_mhl_manifest_set_ignore_patterns (manifest, ingest_mhl_ignore_get_patterns (ignore));

  if (!add_history (manifest, history, "", hash_date, error))
    return FALSE;

  day = g_date_time_format (now, "%Y-%m-%d");
  stamp = g_date_time_format (now, "%Y-%m-%d_%H%M%SZ");
  folder = g_strdup_printf ("%s/collection_%s", dest, day);
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", folder, g_strerror (saved_errno));
      return FALSE;
    }
  name = g_strdup_printf ("packinglist_%s_%s.mhl", ingest_mhl_history_get_folder_name (history), stamp);
  ingest_mhl_manifest_set_file_name (manifest, name);
  bytes = ingest_mhl_manifest_serialize (manifest, error);
  if (bytes == NULL)
    return FALSE;
  path = g_build_filename (folder, name, NULL);
  if (!ingest_mhl_file_write_atomic (path, bytes, FALSE, cancellable, error))
    return FALSE;
  c4 = ingest_hash_bytes (INGEST_HASH_C4, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  collection_path = g_build_filename (folder, COLLECTION_FILE, NULL);
  if (g_file_test (collection_path, G_FILE_TEST_EXISTS))
    {
      collection = ingest_mhl_chain_new_from_file (collection_path, error);
      if (collection == NULL)
        return FALSE;
      for (guint i = 0; i < ingest_mhl_chain_get_n_entries (collection); i++)
        sequence = MAX (sequence, ingest_mhl_chain_get_entry (collection, i)->sequence_nr + 1);
    }
  else
    {
      collection = ingest_mhl_chain_new ();
    }
  ingest_mhl_chain_set_file_name (collection, COLLECTION_FILE);
  if (!ingest_mhl_chain_append (collection, sequence, name, c4, error) ||
      !ingest_mhl_chain_write_atomic (collection, collection_path, cancellable, error))
    return FALSE;

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}
