/* ingest-mhl-history.c
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

#define G_LOG_DOMAIN "ingest-mhl-history"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ingest-mhl-error.h"
#include "ingest-mhl-file.h"
#include "ingest-mhl-history.h"

#define HISTORY_FOLDER "ascmhl"
#define CHAIN_FILE     "ascmhl_chain.xml"

struct _IngestMhlHistory
{
  GObject            parent_instance;

  char              *root;
  char              *folder_name;
  char              *path_in_parent;   /* relative to the parent's root, or NULL */
  IngestMhlHistory  *parent;           /* weak: the parent owns its children */
  GPtrArray         *children;         /* IngestMhlHistory */
  GHashTable        *child_paths;      /* each child's path_in_parent (borrowed) */

  IngestMhlChain    *chain;            /* NULL when there is no history folder */
  GPtrArray         *manifests;        /* IngestMhlManifest, by generation */
  GPtrArray         *warnings;         /* char*, NULL-terminated */

  GPtrArray         *records;          /* IngestMhlRecord*, in the order first seen; owns them */
  GHashTable        *by_path;          /* path → IngestMhlRecord* */
  GHashTable        *by_nfc;           /* NFC of non-ASCII paths → IngestMhlRecord*, built on demand */
};

G_DEFINE_FINAL_TYPE (IngestMhlHistory, ingest_mhl_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

static void
index_manifest (IngestMhlHistory  *self,
                IngestMhlManifest *manifest)
{
  guint generation = ingest_mhl_manifest_get_generation (manifest);
  GPtrArray *entries = ingest_mhl_manifest_get_entries (manifest);

  for (guint i = 0; i < entries->len; i++)
    {
      IngestMhlEntry *entry = g_ptr_array_index (entries, i);
      const char *path = ingest_mhl_entry_get_path (entry);
      IngestMhlRecord *record = g_hash_table_lookup (self->by_path, path);
      IngestHashSet kinds;
      gboolean had_reference;
      gboolean trusted;

      if (record == NULL)
        {
          record = g_new0 (IngestMhlRecord, 1);
          record->path = path;
          record->reference_size = -1;
          g_ptr_array_add (self->records, record);
          g_hash_table_insert (self->by_path, (gpointer) path, record);
          if (self->by_nfc != NULL && !is_ascii (path))
            g_hash_table_insert (self->by_nfc, g_utf8_normalize (path, -1, G_NORMALIZE_NFC), record);
        }
      record->latest = entry;
      record->latest_generation = generation;
      record->moved = FALSE;
      if (ingest_mhl_entry_get_previous_path (entry) != NULL)
        {
          IngestMhlRecord *old = g_hash_table_lookup (self->by_path, ingest_mhl_entry_get_previous_path (entry));

          if (old != NULL && old != record)
            old->moved = TRUE;
        }
      record->is_directory = ingest_mhl_entry_is_directory (entry);
      if (record->is_directory)
        continue;

      kinds = ingest_mhl_entry_get_hash_kinds (entry);
      had_reference = record->has_reference;
      trusted = FALSE;
      for (guint kind = 0; kind < INGEST_HASH_N_KINDS; kind++)
        {
          IngestMhlHashAction action;
          const char *value;

          if (!(kinds & INGEST_HASH_BIT (kind)))
            continue;
          value = ingest_mhl_entry_get_hash (entry, kind, &action, NULL);
          if (value == NULL)
            continue;
          /* A failed hash is what a damaged file looked like: never a reference. */
          if (action == INGEST_MHL_HASH_ACTION_FAILED)
            {
              record->has_failed = TRUE;
              continue;
            }
          trusted = TRUE;
          if (record->reference[kind] == NULL)
            {
              record->reference[kind] = value;
              if (!record->has_reference)
                {
                  record->first_kind = kind;
                  record->has_reference = TRUE;
                  record->reference_size = ingest_mhl_entry_get_size (entry);
                }
            }
          else if (strcmp (record->reference[kind], value) != 0)
            {
              record->conflicting |= INGEST_HASH_BIT (kind);
            }
        }
      /* A vouched-for entry of another size contradicts every reference value. */
      if (trusted && had_reference && record->reference_size >= 0 &&
          ingest_mhl_entry_get_size (entry) >= 0 &&
          ingest_mhl_entry_get_size (entry) != record->reference_size)
        record->conflicting |= ingest_mhl_record_get_reference_kinds (record);
    }
}

static void
add_warning (IngestMhlHistory *self,
             const char       *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (IngestMhlHistory *self,
             const char       *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static int
compare_manifests (gconstpointer a,
                   gconstpointer b)
{
  IngestMhlManifest *ma = *(IngestMhlManifest **) a;
  IngestMhlManifest *mb = *(IngestMhlManifest **) b;
  guint ga = ingest_mhl_manifest_get_generation (ma);
  guint gb = ingest_mhl_manifest_get_generation (mb);

  /* one generation in two files: by name, as the folder lists them */
  if (ga == gb)
    return strcmp (ingest_mhl_manifest_get_file_name (ma), ingest_mhl_manifest_get_file_name (mb));
  return ga < gb ? -1 : ga > gb;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static gboolean
is_symlink (const char *path)
{
  struct stat st;

  return lstat (path, &st) == 0 && S_ISLNK (st.st_mode);
}

/* Present, but not a plain file (a link, a FIFO, a device): reading it could
 * take bytes from anywhere, or never end. */
static gboolean
is_odd_file (const char *path)
{
  struct stat st;

  return lstat (path, &st) == 0 && !S_ISREG (st.st_mode);
}

/* A manifest the folder loop below would read: "NNNN_….mhl", directly in ascmhl/. */
static gboolean
is_manifest_name (const char *name,
                  guint      *generation)
{
  return strchr (name, '/') == NULL && g_str_has_suffix (name, ".mhl") && !g_str_has_prefix (name, "._") &&
         ingest_mhl_manifest_parse_file_name (name, generation);
}

static gboolean
add_manifest (IngestMhlHistory  *self,
              GBytes            *bytes,
              const char        *file_name,
              guint              generation,
              GError           **error)
{
  IngestMhlManifest *manifest = ingest_mhl_manifest_new_from_bytes (bytes, file_name, error);

  if (manifest == NULL)
    return FALSE;
  ingest_mhl_manifest_set_file_name (manifest, file_name);
  ingest_mhl_manifest_set_generation (manifest, generation);
  g_ptr_array_add (self->manifests, manifest);
  return TRUE;
}

/* Reads the chain, checks every listed manifest's bytes against its C4 and loads every
 * manifest in the folder. Errors map to the reference's exit codes 31-33.
 * Each listed manifest is parsed from the very bytes that were checked, and
 * those are dropped before the next is read: one manifest's text in memory at
 * a time (~23 MB at 100,000 files), never the whole history's. */
static gboolean
load_folder (IngestMhlHistory  *self,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autofree char *folder = g_build_filename (self->root, HISTORY_FOLDER, NULL);
  g_autofree char *chain_path = g_build_filename (folder, CHAIN_FILE, NULL);
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char * const *chain_warnings;
  const char *name;

  /* A history is the bytes in this folder: the folder, its chain and its
   * manifests are never reached through a symbolic link, which could take
   * them from anywhere. */
  if (is_symlink (folder) || is_odd_file (chain_path))
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_NO_CHAIN,
                   "ASC MHL history %s: a symbolic link where the history or its chain should be; not trusted",
                   folder);
      return FALSE;
    }
  if (!g_file_test (chain_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_NO_CHAIN,
                   "Missing ASC MHL chain file at path %s", chain_path);
      return FALSE;
    }
  self->chain = ingest_mhl_chain_new_from_file (chain_path, error);
  if (self->chain == NULL)
    return FALSE;
  chain_warnings = ingest_mhl_chain_get_warnings (self->chain);
  for (guint i = 0; chain_warnings != NULL && chain_warnings[i] != NULL; i++)
    add_warning (self, "%s", chain_warnings[i]);

  for (guint i = 0; i < ingest_mhl_chain_get_n_entries (self->chain); i++)
    {
      const IngestMhlChainEntry *link = ingest_mhl_chain_get_entry (self->chain, i);
      g_autofree char *path = g_build_filename (folder, link->path, NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *data = NULL;
      g_autofree char *actual = NULL;
      gsize len = 0;
      guint generation = 0;
      IngestHashKind kind;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (is_odd_file (path))
        {
          g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_MISSING_MANIFEST,
                       "ASC MHL manifest %s listed in %s is not a plain file (a symbolic link?); not trusted",
                       link->path, chain_path);
          return FALSE;
        }
      if (!ingest_mhl_file_read (path, &data, &len, &local_error))
        {
          if (g_error_matches (local_error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_TOO_LARGE))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_MISSING_MANIFEST,
                       "Missing ASC MHL manifest %s listed in %s: %s", link->path, chain_path,
                       local_error->message);
          return FALSE;
        }
      /* Other tools may write another format than c4: checked in that format
       * when we know it. A manifest whose bytes nothing checks is not vouched
       * for, so its hashes are never a reference. */
      if (!ingest_hash_kind_from_name (link->hash_format, &kind))
        {
          add_warning (self, "%s: %s is recorded with an unknown %s hash; its hashes are not used for verification",
                       chain_path, link->path, link->hash_format);
          continue;
        }
      actual = ingest_hash_bytes (kind, data, len);
      if (kind == INGEST_HASH_C4 ? g_strcmp0 (actual, link->hash_value) != 0
                                 : g_ascii_strcasecmp (actual, link->hash_value) != 0)
        {
          g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_CHAIN_MISMATCH,
                       "ASC MHL manifest %s was modified: its %s is %s, the chain %s records %s",
                       path, link->hash_format, actual, chain_path, link->hash_value);
          return FALSE;
        }
      /* Parsed now, from the bytes just checked: reading the file again
       * later could get other bytes than those the chain vouched for. */
      bytes = g_bytes_new_take (g_steal_pointer (&data), len);
      if (is_manifest_name (link->path, &generation) && !g_hash_table_contains (checked, link->path))
        {
          if (!add_manifest (self, bytes, link->path, generation, error))
            return FALSE;
        }
      g_hash_table_add (checked, g_strdup (link->path));
    }

  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;
      guint generation = 0;

      if (!g_str_has_suffix (file_name, ".mhl") || g_str_has_prefix (file_name, "._"))
        continue;
      if (!ingest_mhl_manifest_parse_file_name (file_name, &generation))
        {
          add_warning (self, "%s/%s: not a manifest name (NNNN_….mhl), skipped", folder, file_name);
          continue;
        }
      if (g_hash_table_contains (checked, file_name))
        continue;  /* read above */

      path = g_build_filename (folder, file_name, NULL);
      if (is_odd_file (path))
        {
          add_warning (self, "%s: not a plain file (a symbolic link?), not read", path);
          continue;
        }
      if (!ingest_mhl_file_read (path, &data, &len, error))
        return FALSE;
      bytes = g_bytes_new_take (g_steal_pointer (&data), len);
      add_warning (self, "%s/%s: manifest is not listed in the chain; its hashes are not used for verification",
                   folder, file_name);
      if (!add_manifest (self, bytes, file_name, generation, error))
        return FALSE;
    }

  g_ptr_array_sort (self->manifests, compare_manifests);
  /* Only manifests the chain vouches for (by C4) say what a file should be: a
   * stray file in ascmhl/ (or one a crash left before the chain was updated)
   * is listed, but never used as a reference. */
  for (guint i = 0; i < self->manifests->len; i++)
    {
      IngestMhlManifest *manifest = g_ptr_array_index (self->manifests, i);

      if (g_hash_table_contains (checked, ingest_mhl_manifest_get_file_name (manifest)))
        index_manifest (self, manifest);
    }

  return TRUE;
}

static IngestMhlHistory *load_history (const char        *root,
                                       IngestMhlHistory  *parent,
                                       const char        *path_in_parent,
                                       GCancellable      *cancellable,
                                       GError           **error);

/* Every folder below the root (symlinks not followed) that holds an entry named
 * "ascmhl" is the root of a child history; its own children are its business. */
static gboolean
discover_children (IngestMhlHistory  *self,
                   const char        *dir_path,
                   const char        *relative,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  DIR *dir;
  struct dirent *dent;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  dir = opendir (dir_path);
  if (dir == NULL)
    return TRUE;  /* the tree walk reports unreadable folders */
  while ((dent = readdir (dir)) != NULL)
    {
      gboolean is_dir;

      if (strcmp (dent->d_name, ".") == 0 || strcmp (dent->d_name, "..") == 0 ||
          strcmp (dent->d_name, HISTORY_FOLDER) == 0)
        continue;
      if (dent->d_type == DT_UNKNOWN)
        {
          g_autofree char *path = g_build_filename (dir_path, dent->d_name, NULL);
          struct stat st;

          is_dir = lstat (path, &st) == 0 && S_ISDIR (st.st_mode);
        }
      else
        {
          is_dir = dent->d_type == DT_DIR;
        }
      if (is_dir)
        g_ptr_array_add (subdirs, g_strdup (dent->d_name));
    }
  closedir (dir);
  g_ptr_array_sort (subdirs, compare_strings);

  for (guint i = 0; i < subdirs->len; i++)
    {
      const char *name = g_ptr_array_index (subdirs, i);
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *marker = g_build_filename (path, HISTORY_FOLDER, NULL);
      g_autofree char *rel = relative[0] != '\0' ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      struct stat st;

      if (lstat (marker, &st) == 0)
        {
          IngestMhlHistory *child = load_history (path, self, rel, cancellable, error);

          if (child == NULL)
            return FALSE;
          g_ptr_array_add (self->children, child);
          g_hash_table_add (self->child_paths, child->path_in_parent);
        }
      else if (!discover_children (self, path, rel, cancellable, error))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static IngestMhlHistory *
load_history (const char        *root,
              IngestMhlHistory  *parent,
              const char        *path_in_parent,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(IngestMhlHistory) self = g_object_new (INGEST_TYPE_MHL_HISTORY, "root", root, NULL);
  g_autofree char *folder = g_build_filename (root, HISTORY_FOLDER, NULL);

  self->parent = parent;
  self->path_in_parent = g_strdup (path_in_parent);

  if ((g_file_test (folder, G_FILE_TEST_IS_DIR) || is_symlink (folder)) && !load_folder (self, cancellable, error))
    return NULL;
  if (!discover_children (self, root, "", cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
ingest_mhl_history_finalize (GObject *object)
{
  IngestMhlHistory *self = (IngestMhlHistory *)object;

  g_clear_pointer (&self->by_nfc, g_hash_table_unref);
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->child_paths, g_hash_table_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->manifests, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_object (&self->chain);
  g_clear_pointer (&self->root, g_free);
  g_clear_pointer (&self->folder_name, g_free);
  g_clear_pointer (&self->path_in_parent, g_free);

  G_OBJECT_CLASS (ingest_mhl_history_parent_class)->finalize (object);
}

static void
ingest_mhl_history_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestMhlHistory *self = INGEST_MHL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_history_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IngestMhlHistory *self = INGEST_MHL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_string (value);
      self->folder_name = g_path_get_basename (self->root);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_history_class_init (IngestMhlHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_mhl_history_finalize;
  object_class->get_property = ingest_mhl_history_get_property;
  object_class->set_property = ingest_mhl_history_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_mhl_history_init (IngestMhlHistory *self)
{
  self->children = g_ptr_array_new_with_free_func (g_object_unref);
  self->child_paths = g_hash_table_new (g_str_hash, g_str_equal);
  self->manifests = g_ptr_array_new_with_free_func (g_object_unref);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->records = g_ptr_array_new_with_free_func (g_free);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * ingest_mhl_history_load:
 * @root: the folder that holds (or will hold) `ascmhl/`
 *
 * Loads the history at @root and every child history below it. A root without
 * `ascmhl/` gives an empty history (ingest_mhl_history_exists() is %FALSE) that
 * can still be appended to. Every manifest listed in a chain is checked against
 * its C4 first. Errors: %INGEST_MHL_ERROR_NO_CHAIN, %INGEST_MHL_ERROR_MISSING_MANIFEST,
 * %INGEST_MHL_ERROR_CHAIN_MISMATCH, parse errors of a manifest or chain, and
 * %G_IO_ERROR_NOT_FOUND / %G_IO_ERROR_NOT_DIRECTORY for @root itself.
 *
 * Returns: (transfer full): the history, or %NULL
 */
IngestMhlHistory *
ingest_mhl_history_load (const char    *root,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  absolute = g_canonicalize_filename (root, NULL);
  if (!g_file_test (absolute, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR,
                   g_file_test (absolute, G_FILE_TEST_EXISTS) ? G_IO_ERROR_NOT_DIRECTORY : G_IO_ERROR_NOT_FOUND,
                   "Path %s is not a folder", absolute);
      return NULL;
    }

  return load_history (absolute, NULL, NULL, cancellable, error);
}

const char *
ingest_mhl_history_get_root (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->root;
}

/* The root's base name, used in manifest file names. */
const char *
ingest_mhl_history_get_folder_name (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->folder_name;
}

/* Whether the root has an `ascmhl/` folder (it may still be empty). */
gboolean
ingest_mhl_history_exists (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), FALSE);
  return self->chain != NULL;
}

/* Returns: (transfer none) (nullable): the history this one is nested in */
IngestMhlHistory *
ingest_mhl_history_get_parent (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->parent;
}

/* Returns: (nullable): the root relative to the parent's root, NULL for a top history */
const char *
ingest_mhl_history_get_path_in_parent (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->path_in_parent;
}

/* Returns: (transfer none) (element-type IngestMhlHistory): the direct child histories, by path */
GPtrArray *
ingest_mhl_history_get_children (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->children;
}

/**
 * ingest_mhl_history_is_inside_child:
 * @path: relative to the root of @self
 *
 * A child history speaks for its own folder: a path of @self's records that
 * lies in a child's folder is not @self's to expect.
 *
 * Returns: whether @path is below the root of one of the direct children
 */
gboolean
ingest_mhl_history_is_inside_child (IngestMhlHistory *self,
                                    const char       *path)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_hash_table_size (self->child_paths) == 0)
    return FALSE;
  copy = g_strdup (path);
  for (char *slash = strchr (copy, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      gboolean found;

      *slash = '\0';
      found = g_hash_table_contains (self->child_paths, copy);
      *slash = '/';
      if (found)
        return TRUE;
    }
  return FALSE;
}

/* Returns: (transfer none) (nullable): the chain, NULL until the history exists */
IngestMhlChain *
ingest_mhl_history_get_chain (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->chain;
}

guint
ingest_mhl_history_get_n_generations (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), 0);
  return self->manifests->len;
}

/* Returns: (transfer none): the manifest at @position, oldest first */
IngestMhlManifest *
ingest_mhl_history_get_manifest (IngestMhlHistory *self,
                                 guint             position)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  g_return_val_if_fail (position < self->manifests->len, NULL);
  return g_ptr_array_index (self->manifests, position);
}

/* Returns: (transfer none) (nullable): the newest manifest */
IngestMhlManifest *
ingest_mhl_history_get_latest_manifest (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->manifests->len > 0 ? g_ptr_array_index (self->manifests, self->manifests->len - 1) : NULL;
}

/* The number the next manifest gets: one more than any seen on disk or in the chain. */
guint
ingest_mhl_history_get_next_generation (IngestMhlHistory *self)
{
  guint highest = 0;

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), 0);

  for (guint i = 0; i < self->manifests->len; i++)
    highest = MAX (highest, ingest_mhl_manifest_get_generation (g_ptr_array_index (self->manifests, i)));
  for (guint i = 0; self->chain != NULL && i < ingest_mhl_chain_get_n_entries (self->chain); i++)
    highest = MAX (highest, ingest_mhl_chain_get_entry (self->chain, i)->sequence_nr);
  return highest + 1;
}

/* Returns: (transfer none): problems found while loading that did not stop it
 * (manifests outside the chain, odd names, non-c4 chain entries), NULL-terminated */
const char * const *
ingest_mhl_history_get_warnings (IngestMhlHistory *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);

  /* A null-terminated GPtrArray has no storage until its first element. */
  return self->warnings->pdata != NULL ? (const char * const *) self->warnings->pdata : empty;
}

/**
 * ingest_mhl_history_dup_ignore:
 *
 * Returns: (transfer full): the defaults followed by the patterns of the latest generation
 */
IngestMhlIgnore *
ingest_mhl_history_dup_ignore (IngestMhlHistory *self)
{
  IngestMhlIgnore *ignore;
  IngestMhlManifest *latest;

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);

  ignore = ingest_mhl_ignore_new_default ();
  latest = ingest_mhl_history_get_latest_manifest (self);
  if (latest != NULL)
    ingest_mhl_ignore_add_patterns (ignore, ingest_mhl_manifest_get_ignore_patterns (latest));
  return ignore;
}

/**
 * ingest_mhl_history_lookup:
 * @path: relative to the root, no trailing "/"
 *
 * Returns: (transfer none) (nullable): what the history knows about @path, byte-exact
 */
const IngestMhlRecord *
ingest_mhl_history_lookup (IngestMhlHistory *self,
                           const char       *path)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return g_hash_table_lookup (self->by_path, path);
}

/**
 * ingest_mhl_history_lookup_normalized:
 * @path: relative to the root
 *
 * Finds a record whose path equals @path after Unicode NFC normalization of both
 * (a name recorded NFD on macOS and read NFC here, or the other way round).
 *
 * Returns: (transfer none) (nullable): the record
 */
const IngestMhlRecord *
ingest_mhl_history_lookup_normalized (IngestMhlHistory *self,
                                      const char       *path)
{
  g_autofree char *nfc = NULL;
  const IngestMhlRecord *record;

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);

  if (is_ascii (path))
    return g_hash_table_lookup (self->by_path, path);
  nfc = g_utf8_normalize (path, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return NULL;

  if (self->by_nfc == NULL)
    {
      self->by_nfc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < self->records->len; i++)
        {
          IngestMhlRecord *r = g_ptr_array_index (self->records, i);
          char *key;

          if (is_ascii (r->path) || (key = g_utf8_normalize (r->path, -1, G_NORMALIZE_NFC)) == NULL)
            continue;
          g_hash_table_replace (self->by_nfc, key, r);
        }
    }

  record = g_hash_table_lookup (self->by_path, nfc);
  return record != NULL ? record : g_hash_table_lookup (self->by_nfc, nfc);
}

/* The kinds that have a reference value for @record. */
IngestHashSet
ingest_mhl_record_get_reference_kinds (const IngestMhlRecord *record)
{
  IngestHashSet kinds = 0;

  g_return_val_if_fail (record != NULL, 0);

  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    if (record->reference[k] != NULL)
      kinds |= INGEST_HASH_BIT (k);
  return kinds;
}

/* Returns: (transfer none) (element-type IngestMhlRecord): every recorded path, in the order first recorded */
GPtrArray *
ingest_mhl_history_get_records (IngestMhlHistory *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  return self->records;
}

/**
 * ingest_mhl_history_make_manifest_name:
 * @now: the time of the operation (any zone; the name uses UTC)
 *
 * Returns: (transfer full): "NNNN_<folder>_<YYYY-MM-DD>_<HHMMSS>Z.mhl"
 */
char *
ingest_mhl_history_make_manifest_name (IngestMhlHistory *self,
                                       guint             generation,
                                       GDateTime        *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  utc = g_date_time_to_utc (now);
  stamp = g_date_time_format (utc, "%Y-%m-%d_%H%M%SZ");
  return g_strdup_printf ("%04u_%s_%s.mhl", generation, self->folder_name, stamp);
}

/**
 * ingest_mhl_history_append:
 * @manifest: a complete new generation (its file name and generation are set here)
 * @now: the time of the operation, for the file name
 * @out_c4: (out) (optional): the C4 of the manifest's bytes
 *
 * Writes @manifest as the next generation: the manifest file first (never
 * overwriting one, fsync()ed), then the chain replaced atomically. A crash in
 * between leaves a manifest the chain does not list, never a chain entry
 * without its manifest.
 */
gboolean
ingest_mhl_history_append (IngestMhlHistory   *self,
                           IngestMhlManifest  *manifest,
                           GDateTime          *now,
                           char              **out_c4,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *chain_path = NULL;
  g_autofree char *c4 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(IngestMhlChain) chain = NULL;
  guint generation;

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (self), FALSE);
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (manifest), FALSE);

  generation = ingest_mhl_history_get_next_generation (self);
  name = ingest_mhl_history_make_manifest_name (self, generation, now);
  ingest_mhl_manifest_set_file_name (manifest, name);
  ingest_mhl_manifest_set_generation (manifest, generation);

  bytes = ingest_mhl_manifest_serialize (manifest, error);
  if (bytes == NULL)
    return FALSE;

  folder = g_build_filename (self->root, HISTORY_FOLDER, NULL);
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", folder, g_strerror (saved_errno));
      return FALSE;
    }
  path = g_build_filename (folder, name, NULL);
  if (!ingest_mhl_file_write_atomic (path, bytes, FALSE, cancellable, error))
    return FALSE;
  c4 = ingest_hash_bytes (INGEST_HASH_C4, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  chain = self->chain != NULL ? g_object_ref (self->chain) : ingest_mhl_chain_new ();
  ingest_mhl_chain_set_file_name (chain, CHAIN_FILE);
  if (!ingest_mhl_chain_append (chain, generation, name, c4, error))
    return FALSE;
  chain_path = g_build_filename (folder, CHAIN_FILE, NULL);
  if (!ingest_mhl_chain_write_atomic (chain, chain_path, cancellable, error))
    return FALSE;

  g_set_object (&self->chain, chain);
  g_ptr_array_add (self->manifests, g_object_ref (manifest));
  index_manifest (self, manifest);

  if (out_c4 != NULL)
    *out_c4 = g_steal_pointer (&c4);
  return TRUE;
}
