/* ingest-expected-manifest.c
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

#define G_LOG_DOMAIN "ingest-expected-manifest"

#include "config.h"

#include <string.h>

#include "ingest-expected-manifest.h"
#include "ingest-mhl-entry.h"
#include "ingest-mhl-error.h"

struct _IngestExpectedManifest
{
  GObject      parent_instance;

  char        *root;
  GPtrArray   *sources;      /* IngestExpectedSource */
  GPtrArray   *files;        /* IngestExpectedFile */
  GHashTable  *by_path;      /* path → IngestExpectedFile */
  GHashTable  *by_nfc;       /* NFC path → IngestExpectedFile */
  guint        n_disagreements;
};

G_DEFINE_FINAL_TYPE (IngestExpectedManifest, ingest_expected_manifest, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
source_free (gpointer data)
{
  IngestExpectedSource *source = data;

  g_free (source->path);
  g_free (source->label);
  g_free (source);
}

static void
conflict_free (gpointer data)
{
  IngestExpectedConflict *conflict = data;

  g_free (conflict->value);
  g_free (conflict);
}

static void
file_free (gpointer data)
{
  IngestExpectedFile *file = data;

  g_free (file->path);
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    g_free (file->values[k]);
  g_clear_pointer (&file->conflicts, g_ptr_array_unref);
  g_free (file);
}

static guint
add_source (IngestExpectedManifest   *self,
            IngestExpectedSourceKind  kind,
            const char               *path,
            const char               *label)
{
  IngestExpectedSource *source = g_new0 (IngestExpectedSource, 1);

  source->kind = kind;
  source->path = g_strdup (path);
  source->label = g_strdup (label);
  g_ptr_array_add (self->sources, source);
  return self->sources->len - 1;
}

/* A path shown relative to the root when it lies below it. */
static const char *
relative_to_root (IngestExpectedManifest *self,
                  const char             *path)
{
  gsize len = strlen (self->root);

  if (strncmp (path, self->root, len) == 0 && path[len] == '/')
    return path + len + 1;
  return path;
}

static void
add_conflict (IngestExpectedManifest *self,
              IngestExpectedFile     *file,
              IngestHashKind          kind,
              const char             *value,
              guint                   source)
{
  IngestExpectedConflict *conflict = g_new0 (IngestExpectedConflict, 1);

  conflict->kind = kind;
  conflict->value = g_strdup (value);
  conflict->source = source;
  if (file->conflicts == NULL)
    {
      file->conflicts = g_ptr_array_new_with_free_func (conflict_free);
      self->n_disagreements++;
    }
  g_ptr_array_add (file->conflicts, conflict);
}

/* Records what one source says about one path. @values may be all NULL
 * (only failed hashes known). */
static IngestExpectedFile *
add_expectation (IngestExpectedManifest *self,
                 const char             *path,
                 gint64                  size,
                 const char * const     *values,
                 guint                   source)
{
  IngestExpectedFile *file = g_hash_table_lookup (self->by_path, path);
  gboolean any = FALSE;

  if (file == NULL)
    {
      g_autofree char *nfc = g_utf8_normalize (path, -1, G_NORMALIZE_NFC);

      file = g_new0 (IngestExpectedFile, 1);
      file->path = g_strdup (path);
      file->size = -1;
      file->first_source = source;
      g_ptr_array_add (self->files, file);
      g_hash_table_insert (self->by_path, file->path, file);
      if (nfc != NULL && !g_hash_table_contains (self->by_nfc, nfc))
        g_hash_table_insert (self->by_nfc, g_steal_pointer (&nfc), file);
    }
  if (file->size < 0)
    file->size = size;

  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    {
      if (values[k] == NULL)
        continue;
      any = TRUE;
      if (file->values[k] == NULL)
        {
          file->values[k] = g_strdup (values[k]);
          file->sources[k] = source;
        }
      else if (strcmp (file->values[k], values[k]) != 0)
        {
          add_conflict (self, file, k, values[k], source);
        }
    }

  file->only_failed = ingest_expected_file_get_kinds (file) == 0 && !any;
  return file;
}

static void
add_history_full (IngestExpectedManifest   *self,
                  IngestMhlHistory         *history,
                  const char               *prefix,
                  IngestExpectedSourceKind  kind,
                  GCancellable             *cancellable)
{
  GPtrArray *children = ingest_mhl_history_get_children (history);

  if (ingest_mhl_history_exists (history))
    {
      g_autofree char *folder = g_build_filename (ingest_mhl_history_get_root (history), "ascmhl", NULL);
      g_autofree char *label = NULL;
      g_autoptr(IngestMhlIgnore) ignore = ingest_mhl_history_dup_ignore (history);
      GPtrArray *records = ingest_mhl_history_get_records (history);
      guint source;

      label = kind == INGEST_EXPECTED_SOURCE_USER
        ? g_strdup_printf ("expected %s", folder)
        : g_strdup_printf ("ascmhl %s", relative_to_root (self, folder));
      source = add_source (self, kind, folder, label);

      /* The same selection as the verifier: a child history speaks for its
       * own folder, renamed-away and ignored paths are not expected. */
      for (guint r = 0; r < records->len; r++)
        {
          const IngestMhlRecord *record = g_ptr_array_index (records, r);
          g_autofree char *path = NULL;
          IngestExpectedFile *file;

          if (record->is_directory || record->moved)
            continue;
          /* the caller checks: every record meets every pattern of the manifest */
          if (g_cancellable_is_cancelled (cancellable))
            return;
          if (ingest_mhl_ignore_match (ignore, record->path, FALSE, cancellable))
            continue;
          if (ingest_mhl_history_is_inside_child (history, record->path))
            continue;
          path = g_strconcat (prefix, record->path, NULL);
          file = add_expectation (self, path, record->reference_size, record->reference, source);
          /* A history that contradicts itself is a disagreement like any other. */
          for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
            if (record->conflicting & INGEST_HASH_BIT (k))
              add_conflict (self, file, k, "(another value or size in a later generation)", source);
        }
    }

  for (guint c = 0; c < children->len; c++)
    {
      IngestMhlHistory *child = g_ptr_array_index (children, c);
      g_autofree char *child_prefix = g_strconcat (prefix, ingest_mhl_history_get_path_in_parent (child), "/", NULL);

      add_history_full (self, child, child_prefix, kind, cancellable);
    }
}

static void
ingest_expected_manifest_finalize (GObject *object)
{
  IngestExpectedManifest *self = INGEST_EXPECTED_MANIFEST (object);

  g_free (self->root);
  g_hash_table_unref (self->by_nfc);
  g_hash_table_unref (self->by_path);
  g_ptr_array_unref (self->files);
  g_ptr_array_unref (self->sources);

  G_OBJECT_CLASS (ingest_expected_manifest_parent_class)->finalize (object);
}

static void
ingest_expected_manifest_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  IngestExpectedManifest *self = INGEST_EXPECTED_MANIFEST (object);

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
ingest_expected_manifest_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  IngestExpectedManifest *self = INGEST_EXPECTED_MANIFEST (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_expected_manifest_class_init (IngestExpectedManifestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_expected_manifest_finalize;
  object_class->get_property = ingest_expected_manifest_get_property;
  object_class->set_property = ingest_expected_manifest_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_expected_manifest_init (IngestExpectedManifest *self)
{
  self->sources = g_ptr_array_new_with_free_func (source_free);
  self->files = g_ptr_array_new_with_free_func (file_free);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_nfc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

const char *
ingest_expected_source_kind_to_string (IngestExpectedSourceKind kind)
{
  static const char * const names[] = { "ascmhl", "legacy", "user", "service" };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

IngestExpectedManifest *
ingest_expected_manifest_new (const char *root)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  canonical = g_canonicalize_filename (root, NULL);
  return g_object_new (INGEST_TYPE_EXPECTED_MANIFEST, "root", canonical, NULL);
}

const char *
ingest_expected_manifest_get_root (IngestExpectedManifest *self)
{
  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), NULL);
  return self->root;
}

/* Stops early when @cancellable is cancelled; the caller checks it. */
void
ingest_expected_manifest_add_history (IngestExpectedManifest *self,
                                      IngestMhlHistory       *history,
                                      const char             *prefix,
                                      GCancellable           *cancellable)
{
  g_autofree char *computed = NULL;

  g_return_if_fail (INGEST_IS_EXPECTED_MANIFEST (self));
  g_return_if_fail (INGEST_IS_MHL_HISTORY (history));

  if (prefix == NULL)
    {
      const char *rel = relative_to_root (self, ingest_mhl_history_get_root (history));

      /* not below the root (or the root itself): its paths are the root's */
      computed = rel[0] == '/' ? g_strdup ("") : g_strconcat (rel, "/", NULL);
      prefix = computed;
    }
  add_history_full (self, history, prefix, INGEST_EXPECTED_SOURCE_ASCMHL, cancellable);
}

guint
ingest_expected_manifest_add_manifest (IngestExpectedManifest   *self,
                                       IngestMhlManifest        *manifest,
                                       const char               *prefix,
                                       IngestExpectedSourceKind  kind,
                                       const char               *source_path)
{
  g_autofree char *label = NULL;
  guint source;

  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), 0);
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (manifest), 0);

  if (prefix == NULL)
    prefix = "";
  if (kind == INGEST_EXPECTED_SOURCE_USER)
    label = g_strdup_printf ("expected %s", source_path);
  else
    label = g_strdup_printf ("%s %s", ingest_expected_source_kind_to_string (kind),
                             relative_to_root (self, source_path));
  source = add_source (self, kind, source_path, label);

  for (guint i = 0; i < ingest_mhl_manifest_get_n_entries (manifest); i++)
    {
      IngestMhlEntry *entry = ingest_mhl_manifest_get_entry (manifest, i);
      const char *values[INGEST_HASH_N_KINDS] = { NULL, };
      IngestHashSet kinds = ingest_mhl_entry_get_hash_kinds (entry);
      g_autofree char *path = NULL;

      if (ingest_mhl_entry_is_directory (entry))
        continue;
      for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
        {
          IngestMhlHashAction action;
          const char *value;

          if (!(kinds & INGEST_HASH_BIT (k)))
            continue;
          value = ingest_mhl_entry_get_hash (entry, k, &action, NULL);
          if (action != INGEST_MHL_HASH_ACTION_FAILED)
            values[k] = value;
        }
      path = g_strconcat (prefix, ingest_mhl_entry_get_path (entry), NULL);
      add_expectation (self, path, ingest_mhl_entry_get_size (entry), values, source);
    }

  return source;
}

gboolean
ingest_expected_manifest_add_path (IngestExpectedManifest    *self,
                                   const char                *path,
                                   const char                *prefix,
                                   IngestExpectedSourceKind   kind,
                                   GCancellable              *cancellable,
                                   GError                   **error)
{
  g_autofree char *base = NULL;
  g_autofree char *history_root = NULL;
  g_autoptr(IngestMhlManifest) manifest = NULL;

  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (prefix == NULL)
    prefix = "";
  base = g_path_get_basename (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    history_root = strcmp (base, "ascmhl") == 0 ? g_path_get_dirname (path) : g_strdup (path);
  else if (strcmp (base, "ascmhl_chain.xml") == 0)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      history_root = g_path_get_dirname (folder);
    }

  if (history_root != NULL)
    {
      g_autoptr(IngestMhlHistory) history = ingest_mhl_history_load (history_root, cancellable, error);

      if (history == NULL)
        return FALSE;
      if (!ingest_mhl_history_exists (history) && ingest_mhl_history_get_children (history)->len == 0)
        {
          g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_NO_HISTORY,
                       "No ASC MHL history in %s", history_root);
          return FALSE;
        }
      add_history_full (self, history, prefix, kind, cancellable);
      return !g_cancellable_set_error_if_cancelled (cancellable, error);
    }

  manifest = ingest_mhl_manifest_new_from_file (path, error);
  if (manifest == NULL)
    return FALSE;
  ingest_expected_manifest_add_manifest (self, manifest, prefix, kind, path);
  return TRUE;
}

guint
ingest_expected_manifest_get_n_sources (IngestExpectedManifest *self)
{
  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), 0);
  return self->sources->len;
}

const IngestExpectedSource *
ingest_expected_manifest_get_source (IngestExpectedManifest *self,
                                     guint                   position)
{
  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), NULL);
  g_return_val_if_fail (position < self->sources->len, NULL);
  return g_ptr_array_index (self->sources, position);
}

GPtrArray *
ingest_expected_manifest_get_files (IngestExpectedManifest *self)
{
  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), NULL);
  return self->files;
}

const IngestExpectedFile *
ingest_expected_manifest_lookup_exact (IngestExpectedManifest *self,
                                       const char             *path)
{
  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_hash_table_lookup (self->by_path, path);
}

const IngestExpectedFile *
ingest_expected_manifest_lookup (IngestExpectedManifest *self,
                                 const char             *path)
{
  IngestExpectedFile *file;
  g_autofree char *nfc = NULL;

  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  file = g_hash_table_lookup (self->by_path, path);
  if (file != NULL)
    return file;
  nfc = g_utf8_normalize (path, -1, G_NORMALIZE_NFC);
  return nfc != NULL ? g_hash_table_lookup (self->by_nfc, nfc) : NULL;
}

IngestHashSet
ingest_expected_file_get_kinds (const IngestExpectedFile *file)
{
  IngestHashSet kinds = 0;

  g_return_val_if_fail (file != NULL, 0);

  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    if (file->values[k] != NULL)
      kinds |= INGEST_HASH_BIT (k);
  return kinds;
}

gboolean
ingest_expected_manifest_covers (IngestExpectedManifest *self,
                                 const char             *prefix)
{
  gsize len;

  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), FALSE);

  if (prefix == NULL || prefix[0] == '\0' || strcmp (prefix, ".") == 0)
    return self->files->len > 0;
  len = strlen (prefix);
  for (guint i = 0; i < self->files->len; i++)
    {
      const IngestExpectedFile *file = g_ptr_array_index (self->files, i);

      if (strncmp (file->path, prefix, len) == 0 && file->path[len] == '/')
        return TRUE;
    }
  return FALSE;
}

guint
ingest_expected_manifest_get_n_disagreements (IngestExpectedManifest *self)
{
  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), 0);
  return self->n_disagreements;
}

char *
ingest_expected_file_describe_conflicts (IngestExpectedManifest   *self,
                                         const IngestExpectedFile *file)
{
  g_autoptr(GString) text = g_string_new ("the manifests disagree: ");
  IngestHashSet shown = 0;

  g_return_val_if_fail (INGEST_IS_EXPECTED_MANIFEST (self), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  if (file->conflicts == NULL)
    return NULL;
  for (guint c = 0; c < file->conflicts->len; c++)
    {
      const IngestExpectedConflict *conflict = g_ptr_array_index (file->conflicts, c);
      const IngestExpectedSource *first = g_ptr_array_index (self->sources, file->sources[conflict->kind]);
      const IngestExpectedSource *other = g_ptr_array_index (self->sources, conflict->source);

      if (!(shown & INGEST_HASH_BIT (conflict->kind)))
        {
          g_string_append_printf (text, "%s%s says %s %s", shown != 0 ? "; " : "",
                                  first->label, ingest_hash_kind_get_name (conflict->kind),
                                  file->values[conflict->kind]);
          shown |= INGEST_HASH_BIT (conflict->kind);
        }
      g_string_append_printf (text, ", %s says %s %s", other->label,
                              ingest_hash_kind_get_name (conflict->kind), conflict->value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
ingest_expected_manifest_seal (const char              *folder,
                               IngestHashSet            kinds,
                               const IngestMhlCreator  *creator,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autofree char *history = NULL;

  g_return_val_if_fail (folder != NULL, FALSE);

  history = g_build_filename (folder, "ascmhl", NULL);
  if (g_file_test (history, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s already has an ASC MHL history: it is verified, not sealed", folder);
      return FALSE;
    }

  verifier = ingest_mhl_verifier_new (folder, INGEST_MHL_OPERATION_CREATE);
  ingest_mhl_verifier_set_hash_kinds (verifier, kinds != 0 ? kinds : INGEST_HASH_BIT (INGEST_HASH_XXH64));
  if (creator != NULL)
    ingest_mhl_verifier_set_creator (verifier, creator);
  return ingest_mhl_verifier_run (verifier, cancellable, error);
}
