/* ingest-mhl-manifest.c
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

#define G_LOG_DOMAIN "ingest-mhl-manifest"

#include "config.h"

#include <string.h>

#include "ingest-mhl-error.h"
#include "ingest-mhl-manifest-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IngestMhlManifest, ingest_mhl_manifest, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_FILE_NAME,
  PROP_GENERATION,
  PROP_VERSION,
  PROP_CREATION_DATE,
  PROP_HOSTNAME,
  PROP_TOOL_NAME,
  PROP_TOOL_VERSION,
  PROP_LOCATION,
  PROP_COMMENT,
  PROP_PROCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const process_names[] = {
  [INGEST_MHL_PROCESS_NONE] = NULL,
  [INGEST_MHL_PROCESS_IN_PLACE] = "in-place",
  [INGEST_MHL_PROCESS_TRANSFER] = "transfer",
  [INGEST_MHL_PROCESS_FLATTEN] = "flatten",
};

/* The string fields behind the string properties. */
static char **
string_field (IngestMhlManifest *self,
              guint              prop_id)
{
  switch (prop_id)
    {
    case PROP_FILE_NAME: return &self->file_name;
    case PROP_CREATION_DATE: return &self->creation_date;
    case PROP_HOSTNAME: return &self->hostname;
    case PROP_TOOL_NAME: return &self->tool_name;
    case PROP_TOOL_VERSION: return &self->tool_version;
    case PROP_LOCATION: return &self->location;
    case PROP_COMMENT: return &self->comment;
    default: return NULL;
    }
}

static void
set_string_property (IngestMhlManifest *self,
                     guint              prop_id,
                     const char        *value)
{
  char **field = string_field (self, prop_id);

  g_assert (field != NULL);
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
author_clear (gpointer data)
{
  IngestMhlAuthor *author = data;

  g_free (author->name);
  g_free (author->email);
  g_free (author->phone);
  g_free (author->role);
}

static GType
ingest_mhl_manifest_get_item_type (GListModel *model)
{
  return INGEST_TYPE_MHL_ENTRY;
}

static guint
ingest_mhl_manifest_get_n_items (GListModel *model)
{
  return INGEST_MHL_MANIFEST (model)->entries->len;
}

static gpointer
ingest_mhl_manifest_get_item (GListModel *model,
                              guint       position)
{
  IngestMhlManifest *self = INGEST_MHL_MANIFEST (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ingest_mhl_manifest_get_item_type;
  iface->get_n_items = ingest_mhl_manifest_get_n_items;
  iface->get_item = ingest_mhl_manifest_get_item;
}

static void
ingest_mhl_manifest_dispose (GObject *object)
{
  IngestMhlManifest *self = (IngestMhlManifest *)object;

  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->root_hash);

  G_OBJECT_CLASS (ingest_mhl_manifest_parent_class)->dispose (object);
}

static void
ingest_mhl_manifest_finalize (GObject *object)
{
  IngestMhlManifest *self = (IngestMhlManifest *)object;

  g_free (self->file_name);
  g_free (self->version);
  g_free (self->creation_date);
  g_free (self->hostname);
  g_free (self->tool_name);
  g_free (self->tool_version);
  g_free (self->location);
  g_free (self->comment);
  g_free (self->metadata);
  g_array_unref (self->authors);
  g_ptr_array_unref (self->ignore_patterns);
  g_ptr_array_unref (self->reference_paths);
  g_ptr_array_unref (self->reference_c4s);
  g_ptr_array_unref (self->warnings);
  g_mutex_clear (&self->index_lock);

  G_OBJECT_CLASS (ingest_mhl_manifest_parent_class)->finalize (object);
}

static void
ingest_mhl_manifest_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IngestMhlManifest *self = INGEST_MHL_MANIFEST (object);

  switch (prop_id)
    {
    case PROP_GENERATION:
      g_value_set_uint (value, self->generation);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_PROCESS:
      g_value_set_uint (value, self->process);
      break;
    case PROP_FILE_NAME:
    case PROP_CREATION_DATE:
    case PROP_HOSTNAME:
    case PROP_TOOL_NAME:
    case PROP_TOOL_VERSION:
    case PROP_LOCATION:
    case PROP_COMMENT:
      g_value_set_string (value, *string_field (self, prop_id));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_manifest_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IngestMhlManifest *self = INGEST_MHL_MANIFEST (object);

  switch (prop_id)
    {
    case PROP_GENERATION:
      ingest_mhl_manifest_set_generation (self, g_value_get_uint (value));
      break;
    case PROP_PROCESS:
      ingest_mhl_manifest_set_process (self, g_value_get_uint (value));
      break;
    case PROP_FILE_NAME:
    case PROP_CREATION_DATE:
    case PROP_HOSTNAME:
    case PROP_TOOL_NAME:
    case PROP_TOOL_VERSION:
    case PROP_LOCATION:
    case PROP_COMMENT:
      set_string_property (self, prop_id, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_manifest_class_init (IngestMhlManifestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const struct { guint id; const char *name; } strings[] = {
    { PROP_FILE_NAME, "file-name" },
    { PROP_CREATION_DATE, "creation-date" },
    { PROP_HOSTNAME, "hostname" },
    { PROP_TOOL_NAME, "tool-name" },
    { PROP_TOOL_VERSION, "tool-version" },
    { PROP_LOCATION, "location" },
    { PROP_COMMENT, "comment" },
  };

  object_class->dispose = ingest_mhl_manifest_dispose;
  object_class->finalize = ingest_mhl_manifest_finalize;
  object_class->get_property = ingest_mhl_manifest_get_property;
  object_class->set_property = ingest_mhl_manifest_set_property;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].id] =
      g_param_spec_string (strings[i].name, NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENERATION] =
    g_param_spec_uint ("generation", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, "2.0",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCESS] =
    g_param_spec_uint ("process", NULL, NULL,
                       INGEST_MHL_PROCESS_NONE, INGEST_MHL_PROCESS_FLATTEN, INGEST_MHL_PROCESS_IN_PLACE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_mhl_manifest_init (IngestMhlManifest *self)
{
  self->version = g_strdup ("2.0");
  self->process = INGEST_MHL_PROCESS_IN_PLACE;
  self->authors = g_array_new (FALSE, TRUE, sizeof (IngestMhlAuthor));
  g_array_set_clear_func (self->authors, author_clear);
  self->ignore_patterns = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->index_lock);
  self->reference_paths = g_ptr_array_new_with_free_func (g_free);
  self->reference_c4s = g_ptr_array_new_with_free_func (g_free);
  self->warnings = g_ptr_array_new_null_terminated (1, g_free, TRUE);
}

/* The path index. A loaded manifest drops it (a history keeps every
 * generation and looks paths up in its own index), so it is built again on
 * the first lookup; the lock lets concurrent lookups do that safely. */
static GHashTable *
ensure_index (IngestMhlManifest *self)
{
  GHashTable *by_path = g_atomic_pointer_get (&self->by_path);

  if (by_path != NULL)
    return by_path;

  g_mutex_lock (&self->index_lock);
  by_path = self->by_path;
  if (by_path == NULL)
    {
      by_path = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < self->entries->len; i++)
        {
          IngestMhlEntry *entry = g_ptr_array_index (self->entries, i);

          g_hash_table_insert (by_path, (gpointer) ingest_mhl_entry_get_path (entry), entry);
        }
      g_atomic_pointer_set (&self->by_path, by_path);
    }
  g_mutex_unlock (&self->index_lock);
  return by_path;
}

/* Adds without notifying (the parsers fill a manifest nobody watches yet). */
gboolean
_ingest_mhl_manifest_insert (IngestMhlManifest  *self,
                             IngestMhlEntry     *entry,
                             gboolean            path_checked,
                             GError            **error)
{
  const char *path = ingest_mhl_entry_get_path (entry);
  GHashTable *by_path;

  if (!path_checked && !ingest_mhl_path_validate (path, error))
    return FALSE;
  by_path = ensure_index (self);
  if (g_hash_table_contains (by_path, path))
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_DUPLICATE_PATH,
                   "path “%s” is listed more than once", path);
      return FALSE;
    }
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (by_path, (gpointer) path, entry);
  return TRUE;
}

gboolean
_ingest_mhl_manifest_add_parsed (IngestMhlManifest   *self,
                                 IngestMhlXmlReader  *reader,
                                 IngestMhlEntry      *entry,
                                 GError             **error)
{
  GError *insert_error = NULL;

  _ingest_mhl_entry_pack (entry);
  if (!_ingest_mhl_manifest_insert (self, entry, TRUE, &insert_error))
    {
      g_object_unref (entry);
      _ingest_mhl_xml_prefix_error (reader, error, insert_error->code, insert_error);
      return FALSE;
    }
  return TRUE;
}

void
_ingest_mhl_manifest_set_version (IngestMhlManifest *self,
                                  const char        *version)
{
  g_free (self->version);
  self->version = g_strdup (version);
}

/* Checks a hash text strictly (length, alphabet) and returns its canonical
 * form: surrounding whitespace dropped, hex lowercased (with a warning). */
gboolean
_ingest_mhl_manifest_read_hash (IngestMhlManifest   *self,
                                IngestMhlXmlReader  *reader,
                                IngestHashKind       kind,
                                char                *text,
                                char               **canonical,
                                GError             **error)
{
  const char *stripped = g_strstrip (text);
  guint8 digest[INGEST_HASH_MAX_DIGEST_SIZE];
  g_autoptr(GError) local_error = NULL;

  if (!ingest_hash_decode (kind, stripped, digest, &local_error))
    {
      _ingest_mhl_xml_set_error (reader, error, INGEST_MHL_ERROR_INVALID_HASH,
                                 "%s", local_error->message);
      return FALSE;
    }
  *canonical = ingest_hash_encode (kind, digest);
  if (kind != INGEST_HASH_XXH32 && kind != INGEST_HASH_C4 && strcmp (*canonical, stripped) != 0)
    _ingest_mhl_xml_warn (reader, self->warnings, 0, "%s hash “%s” read as “%s” (lowercased)",
                               ingest_hash_kind_get_name (kind), stripped, *canonical);
  return TRUE;
}

/**
 * ingest_mhl_process_to_string:
 * @process: a process
 *
 * Returns: (nullable): "in-place", "transfer", "flatten", or %NULL for none
 */
const char *
ingest_mhl_process_to_string (IngestMhlProcess process)
{
  g_return_val_if_fail (process <= INGEST_MHL_PROCESS_FLATTEN, NULL);

  return process_names[process];
}

/**
 * ingest_mhl_process_from_string:
 * @text: a `<process>` text
 * @process: (out): the process
 *
 * Returns: %TRUE if @text is one of the three ASC MHL v2.0 processes
 */
gboolean
ingest_mhl_process_from_string (const char       *text,
                                IngestMhlProcess *process)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = INGEST_MHL_PROCESS_IN_PLACE; i < G_N_ELEMENTS (process_names); i++)
    if (strcmp (text, process_names[i]) == 0)
      {
        *process = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * ingest_mhl_manifest_new:
 *
 * Returns: (transfer full): an empty ASC MHL v2.0 manifest, process in-place
 */
IngestMhlManifest *
ingest_mhl_manifest_new (void)
{
  return g_object_new (INGEST_TYPE_MHL_MANIFEST, NULL);
}

/**
 * ingest_mhl_manifest_new_from_bytes:
 * @bytes: the document
 * @file_name: (nullable): name for error messages and the "file-name"
 *   property (its generation is parsed from it)
 * @error: return location for an %INGEST_MHL_ERROR
 *
 * Parses an ASC MHL v2.0 manifest or a legacy MHL 1.0/1.1 document.
 *
 * Returns: (transfer full): the manifest, or %NULL with @error set
 */
IngestMhlManifest *
ingest_mhl_manifest_new_from_bytes (GBytes      *bytes,
                                    const char  *file_name,
                                    GError     **error)
{
  g_autoptr(IngestMhlManifest) self = NULL;
  g_autoptr(IngestMhlXmlReader) reader = NULL;
  g_autofree char *version = NULL;
  const char *ns;
  guint generation;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ingest_mhl_manifest_new ();
  self->file_name = g_strdup (file_name);
  if (file_name != NULL && ingest_mhl_manifest_parse_file_name (file_name, &generation))
    self->generation = generation;

  reader = _ingest_mhl_xml_reader_new (bytes, file_name);
  if (!_ingest_mhl_xml_read_root_element (reader, "hashlist", INGEST_MHL_NS, "an MHL document", &ns, error))
    return NULL;

  version = _ingest_mhl_xml_get_attribute (reader, "version");
  if (g_strcmp0 (version, "2.0") == 0)
    {
      /* The reference reader ignores namespaces; a 2.0 document without one is accepted. */
      if (!_ingest_mhl_manifest_parse (self, reader, ns, error))
        return NULL;
    }
  else if (ns == NULL && (g_strcmp0 (version, "1.0") == 0 || g_strcmp0 (version, "1.1") == 0))
    {
      _ingest_mhl_manifest_set_version (self, version);
      if (!_ingest_mhl_legacy_parse (self, reader, error))
        return NULL;
    }
  else
    {
      g_autofree char *shown = g_strescape (version ? version : "", "");

      _ingest_mhl_xml_set_error (reader, error, INGEST_MHL_ERROR_UNSUPPORTED_VERSION,
                                 version ? "unsupported MHL version “%s” (2.0, 1.1 and 1.0 are supported)"
                                         : "<hashlist> has no version%s", shown);
      return NULL;
    }

  if (!_ingest_mhl_xml_finish (reader, error))
    return NULL;

  g_clear_pointer (&self->by_path, g_hash_table_unref);
  return g_steal_pointer (&self);
}

/**
 * ingest_mhl_manifest_new_from_file:
 * @path: a manifest file
 * @error: return location for an error
 *
 * Returns: (transfer full): the manifest, or %NULL with @error set
 */
IngestMhlManifest *
ingest_mhl_manifest_new_from_file (const char  *path,
                                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = _ingest_mhl_xml_load_file (path, &base, error);
  if (bytes == NULL)
    return NULL;
  return ingest_mhl_manifest_new_from_bytes (bytes, base, error);
}

/**
 * ingest_mhl_manifest_parse_file_name:
 * @file_name: a base name
 * @generation: (out) (optional): the generation number
 *
 * Returns: %TRUE if @file_name is "NNNN[_...].mhl" with 4 or more digits
 */
gboolean
ingest_mhl_manifest_parse_file_name (const char *file_name,
                                     guint      *generation)
{
  gsize len, digits = 0;
  guint64 number = 0;

  g_return_val_if_fail (file_name != NULL, FALSE);

  len = strlen (file_name);
  if (len < 4 || !g_str_has_suffix (file_name, ".mhl") || g_str_has_prefix (file_name, "._"))
    return FALSE;
  len -= 4;

  while (digits < len && g_ascii_isdigit (file_name[digits]))
    {
      number = number * 10 + (guint64) (file_name[digits] - '0');
      if (number > G_MAXUINT)
        return FALSE;
      digits++;
    }
  if (digits < 4 || (digits < len && (file_name[digits] != '_' || digits + 1 == len)))
    return FALSE;

  if (generation != NULL)
    *generation = (guint) number;
  return TRUE;
}

const char *
ingest_mhl_manifest_get_file_name (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->file_name;
}

void
ingest_mhl_manifest_set_file_name (IngestMhlManifest *self,
                                   const char        *file_name)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  set_string_property (self, PROP_FILE_NAME, file_name);
}

guint
ingest_mhl_manifest_get_generation (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), 0);

  return self->generation;
}

void
ingest_mhl_manifest_set_generation (IngestMhlManifest *self,
                                    guint              generation)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  if (self->generation == generation)
    return;
  self->generation = generation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
}

const char *
ingest_mhl_manifest_get_version (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->version;
}

/**
 * ingest_mhl_manifest_is_legacy:
 * @self: a manifest
 *
 * Returns: %TRUE if it was loaded from an MHL 1.x document
 */
gboolean
ingest_mhl_manifest_is_legacy (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), FALSE);

  return strcmp (self->version, "2.0") != 0;
}

const char *
ingest_mhl_manifest_get_creation_date (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->creation_date;
}

void
ingest_mhl_manifest_set_creation_date (IngestMhlManifest *self,
                                       const char        *date)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  set_string_property (self, PROP_CREATION_DATE, date);
}

const char *
ingest_mhl_manifest_get_hostname (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->hostname;
}

void
ingest_mhl_manifest_set_hostname (IngestMhlManifest *self,
                                  const char        *hostname)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  set_string_property (self, PROP_HOSTNAME, hostname);
}

const char *
ingest_mhl_manifest_get_tool_name (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->tool_name;
}

const char *
ingest_mhl_manifest_get_tool_version (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->tool_version;
}

/**
 * ingest_mhl_manifest_set_tool:
 * @self: a manifest
 * @name: (nullable): tool name, e.g. "ingest-station"
 * @version: (nullable): its version (the `version` attribute)
 */
void
ingest_mhl_manifest_set_tool (IngestMhlManifest *self,
                              const char        *name,
                              const char        *version)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  set_string_property (self, PROP_TOOL_NAME, name);
  set_string_property (self, PROP_TOOL_VERSION, version);
}

const char *
ingest_mhl_manifest_get_location (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->location;
}

void
ingest_mhl_manifest_set_location (IngestMhlManifest *self,
                                  const char        *location)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  set_string_property (self, PROP_LOCATION, location);
}

const char *
ingest_mhl_manifest_get_comment (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->comment;
}

void
ingest_mhl_manifest_set_comment (IngestMhlManifest *self,
                                 const char        *comment)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  set_string_property (self, PROP_COMMENT, comment);
}

guint
ingest_mhl_manifest_get_n_authors (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), 0);

  return self->authors->len;
}

/**
 * ingest_mhl_manifest_get_author:
 * @self: a manifest
 * @position: index below ingest_mhl_manifest_get_n_authors()
 *
 * Returns: (transfer none): the author
 */
const IngestMhlAuthor *
ingest_mhl_manifest_get_author (IngestMhlManifest *self,
                                guint              position)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);
  g_return_val_if_fail (position < self->authors->len, NULL);

  return &g_array_index (self->authors, IngestMhlAuthor, position);
}

/**
 * ingest_mhl_manifest_add_author:
 * @self: a manifest
 * @name: the author's name
 * @email: (nullable): e-mail address
 * @phone: (nullable): phone number
 * @role: (nullable): role, e.g. "DIT"
 */
void
ingest_mhl_manifest_add_author (IngestMhlManifest *self,
                                const char        *name,
                                const char        *email,
                                const char        *phone,
                                const char        *role)
{
  IngestMhlAuthor author;

  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));
  g_return_if_fail (name != NULL);

  author.name = g_strdup (name);
  author.email = g_strdup (email);
  author.phone = g_strdup (phone);
  author.role = g_strdup (role);
  g_array_append_val (self->authors, author);
}

IngestMhlProcess
ingest_mhl_manifest_get_process (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), INGEST_MHL_PROCESS_NONE);

  return self->process;
}

void
ingest_mhl_manifest_set_process (IngestMhlManifest *self,
                                 IngestMhlProcess   process)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));
  g_return_if_fail (process <= INGEST_MHL_PROCESS_FLATTEN);

  if (self->process == process)
    return;
  self->process = process;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCESS]);
}

/**
 * ingest_mhl_manifest_get_root_hash:
 * @self: a manifest
 *
 * Returns: (transfer none) (nullable): the `<roothash>` as a directory entry
 */
IngestMhlEntry *
ingest_mhl_manifest_get_root_hash (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->root_hash;
}

/**
 * ingest_mhl_manifest_set_root_hash:
 * @self: a manifest
 * @root: (nullable): a directory entry holding the root content and structure hashes
 */
void
ingest_mhl_manifest_set_root_hash (IngestMhlManifest *self,
                                   IngestMhlEntry    *root)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));
  g_return_if_fail (root == NULL || ingest_mhl_entry_is_directory (root));

  g_set_object (&self->root_hash, root);
}

/**
 * ingest_mhl_manifest_get_ignore_patterns:
 * @self: a manifest
 *
 * Returns: (transfer none) (array zero-terminated=1): the ignore patterns
 */
const char * const *
ingest_mhl_manifest_get_ignore_patterns (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return (const char * const *) self->ignore_patterns->pdata;
}

/**
 * ingest_mhl_manifest_set_ignore_patterns:
 * @self: a manifest
 * @patterns: (nullable) (array zero-terminated=1): the patterns, in order
 */
void
ingest_mhl_manifest_set_ignore_patterns (IngestMhlManifest  *self,
                                         const char * const *patterns)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  g_ptr_array_set_size (self->ignore_patterns, 0);
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    g_ptr_array_add (self->ignore_patterns, g_strdup (patterns[i]));
}

void
ingest_mhl_manifest_add_ignore_pattern (IngestMhlManifest *self,
                                        const char        *pattern)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));
  g_return_if_fail (pattern != NULL);

  g_ptr_array_add (self->ignore_patterns, g_strdup (pattern));
}

guint
ingest_mhl_manifest_get_n_entries (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), 0);

  return self->entries->len;
}

/**
 * ingest_mhl_manifest_get_entry:
 * @self: a manifest
 * @position: index below ingest_mhl_manifest_get_n_entries()
 *
 * Returns: (transfer none): the entry
 */
IngestMhlEntry *
ingest_mhl_manifest_get_entry (IngestMhlManifest *self,
                               guint              position)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, position);
}

/**
 * ingest_mhl_manifest_get_entries:
 * @self: a manifest
 *
 * Returns: (transfer none) (element-type IngestMhlEntry): the entries in order
 */
GPtrArray *
ingest_mhl_manifest_get_entries (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->entries;
}

/**
 * ingest_mhl_manifest_lookup:
 * @self: a manifest
 * @path: a relative path, a trailing '/' is allowed
 *
 * Returns: (transfer none) (nullable): the entry recorded for @path
 */
IngestMhlEntry *
ingest_mhl_manifest_lookup (IngestMhlManifest *self,
                            const char        *path)
{
  gsize len;

  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  len = strlen (path);
  if (len > 1 && path[len - 1] == '/')
    {
      g_autofree char *normalized = ingest_mhl_path_normalize (path);

      return g_hash_table_lookup (ensure_index (self), normalized);
    }
  return g_hash_table_lookup (ensure_index (self), path);
}

/**
 * ingest_mhl_manifest_add_entry:
 * @self: a manifest
 * @entry: an entry (a new reference is taken)
 * @error: return location for an %INGEST_MHL_ERROR_INVALID_PATH or
 *   %INGEST_MHL_ERROR_DUPLICATE_PATH error
 *
 * Returns: %TRUE if @entry was appended
 */
gboolean
ingest_mhl_manifest_add_entry (IngestMhlManifest  *self,
                               IngestMhlEntry     *entry,
                               GError            **error)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), FALSE);
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (entry), FALSE);

  if (!_ingest_mhl_manifest_insert (self, g_object_ref (entry), FALSE, error))
    {
      g_object_unref (entry);
      return FALSE;
    }
  g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len - 1, 0, 1);
  return TRUE;
}

guint
ingest_mhl_manifest_get_n_references (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), 0);

  return self->reference_paths->len;
}

/**
 * ingest_mhl_manifest_get_reference:
 * @self: a manifest
 * @position: index below ingest_mhl_manifest_get_n_references()
 * @c4: (out) (optional) (transfer none): the C4 of the referenced manifest
 *
 * Returns: (transfer none): path of the referenced manifest
 */
const char *
ingest_mhl_manifest_get_reference (IngestMhlManifest  *self,
                                   guint               position,
                                   const char        **c4)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);
  g_return_val_if_fail (position < self->reference_paths->len, NULL);

  if (c4 != NULL)
    *c4 = g_ptr_array_index (self->reference_c4s, position);
  return g_ptr_array_index (self->reference_paths, position);
}

void
ingest_mhl_manifest_add_reference (IngestMhlManifest *self,
                                   const char        *path,
                                   const char        *c4)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (c4 != NULL);

  g_ptr_array_add (self->reference_paths, g_strdup (path));
  g_ptr_array_add (self->reference_c4s, g_strdup (c4));
}

/**
 * ingest_mhl_manifest_get_warnings:
 * @self: a manifest
 *
 * Returns: (transfer none) (array zero-terminated=1): notes from loading
 */
const char * const *
ingest_mhl_manifest_get_warnings (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return (const char * const *) self->warnings->pdata;
}

const char *
ingest_mhl_manifest_get_metadata (IngestMhlManifest *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);

  return self->metadata;
}

void
ingest_mhl_manifest_set_metadata (IngestMhlManifest *self,
                                  const char        *metadata_xml)
{
  g_return_if_fail (INGEST_IS_MHL_MANIFEST (self));

  g_free (self->metadata);
  self->metadata = g_strdup (metadata_xml);
}
