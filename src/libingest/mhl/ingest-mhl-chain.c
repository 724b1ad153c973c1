/* ingest-mhl-chain.c
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

#define G_LOG_DOMAIN "ingest-mhl-chain"

#include "config.h"

#include <string.h>

#include "ingest-hash-kind.h"
#include "ingest-mhl-chain.h"
#include "ingest-mhl-error.h"
#include "ingest-mhl-file.h"
#include "ingest-mhl-path.h"
#include "ingest-mhl-xml-private.h"

struct _IngestMhlChain
{
  GObject     parent_instance;

  char       *file_name;
  GArray     *entries;   /* IngestMhlChainEntry */
  GHashTable *by_path;   /* path → index + 1 (first entry of that path) */
  GPtrArray  *warnings;  /* char*, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (IngestMhlChain, ingest_mhl_chain, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
chain_entry_clear (gpointer data)
{
  IngestMhlChainEntry *entry = data;

  g_free (entry->path);
  g_free (entry->hash_format);
  g_free (entry->hash_value);
}

static void
add_entry (IngestMhlChain *self,
           guint           sequence_nr,
           char           *path,
           char           *hash_format,
           char           *hash_value,
           guint           line)
{
  IngestMhlChainEntry entry = {
    .sequence_nr = sequence_nr,
    .path = path,
    .hash_format = hash_format,
    .hash_value = hash_value,
    .is_c4 = strcmp (hash_format, "c4") == 0,
    .line = line,
  };

  g_array_append_val (self->entries, entry);
  if (!g_hash_table_contains (self->by_path, path))
    g_hash_table_insert (self->by_path, path, GUINT_TO_POINTER (self->entries->len));
}

static void
ingest_mhl_chain_finalize (GObject *object)
{
  IngestMhlChain *self = (IngestMhlChain *)object;

  g_hash_table_unref (self->by_path);
  g_array_unref (self->entries);
  g_ptr_array_unref (self->warnings);
  g_free (self->file_name);

  G_OBJECT_CLASS (ingest_mhl_chain_parent_class)->finalize (object);
}

static void
ingest_mhl_chain_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IngestMhlChain *self = INGEST_MHL_CHAIN (object);

  switch (prop_id)
    {
    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_chain_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IngestMhlChain *self = INGEST_MHL_CHAIN (object);

  switch (prop_id)
    {
    case PROP_FILE_NAME:
      ingest_mhl_chain_set_file_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_chain_class_init (IngestMhlChainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_mhl_chain_finalize;
  object_class->get_property = ingest_mhl_chain_get_property;
  object_class->set_property = ingest_mhl_chain_set_property;

  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_mhl_chain_init (IngestMhlChain *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (IngestMhlChainEntry));
  g_array_set_clear_func (self->entries, chain_entry_clear);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->warnings = g_ptr_array_new_null_terminated (1, g_free, TRUE);
}

/* <hashlist sequencenr="N"><path>..</path><c4>..</c4></hashlist> */
static gboolean
parse_hashlist (IngestMhlChain      *self,
                IngestMhlXmlReader  *reader,
                const char          *ns,
                GError             **error)
{
  g_autofree char *sequence = _ingest_mhl_xml_get_attribute (reader, "sequencenr");
  g_autofree char *path = NULL;
  g_autofree char *hash_format = NULL;
  g_autofree char *hash_value = NULL;
  GError *local_error = NULL;
  guint64 sequence_nr = 0;
  guint line = _ingest_mhl_xml_get_line (reader);
  IngestMhlXmlIter iter;
  int ret;

  /* Reference versions before 0.7 wrote the attribute misspelled. */
  if (sequence == NULL)
    sequence = _ingest_mhl_xml_get_attribute (reader, "sequencer");
  if (sequence != NULL &&
      !g_ascii_string_to_unsigned (sequence, 10, 0, G_MAXUINT, &sequence_nr, NULL))
    {
      g_autofree char *shown = g_strescape (sequence, "");

      _ingest_mhl_xml_set_error (reader, error, INGEST_MHL_ERROR_INVALID_VALUE,
                                 "sequence number “%s” is not a number", shown);
      return FALSE;
    }

  _ingest_mhl_xml_iter_init (reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (reader, &iter, error)) > 0)
    {
      const char *element_ns = (const char *) xmlTextReaderConstNamespaceUri (_ingest_mhl_xml_reader_get (reader));
      const char *name = (const char *) xmlTextReaderConstLocalName (_ingest_mhl_xml_reader_get (reader));
      char *text;

      if (g_strcmp0 (element_ns, ns) != 0 || (hash_format != NULL && strcmp (name, "path") != 0))
        {
          if (hash_format != NULL && g_strcmp0 (element_ns, ns) == 0)
            _ingest_mhl_xml_warn (reader, self->warnings, 0,
                                  "a second hash <%s> in one entry is ignored and not written back", name);
          if (!_ingest_mhl_xml_skip (reader, error))
            return FALSE;
          continue;
        }

      text = _ingest_mhl_xml_read_text (reader, error);
      if (text == NULL)
        return FALSE;
      if (strcmp (name, "path") == 0)
        {
          g_free (path);
          path = text;
          continue;
        }

      hash_format = g_strdup (name);
      hash_value = g_strstrip (text);
      if (strcmp (name, "c4") == 0)
        {
          guint8 digest[INGEST_HASH_MAX_DIGEST_SIZE];

          if (!ingest_hash_decode (INGEST_HASH_C4, hash_value, digest, &local_error))
            {
              _ingest_mhl_xml_prefix_error (reader, error, INGEST_MHL_ERROR_INVALID_HASH, local_error);
              return FALSE;
            }
        }
    }
  if (ret < 0)
    return FALSE;

  if (path == NULL || hash_format == NULL)
    {
      _ingest_mhl_xml_set_error (reader, error, INGEST_MHL_ERROR_PARSE,
                                 "<hashlist> needs a <path> and a <c4>");
      return FALSE;
    }
  if (!ingest_mhl_path_validate (path, &local_error))
    {
      _ingest_mhl_xml_prefix_error (reader, error, INGEST_MHL_ERROR_INVALID_PATH, local_error);
      return FALSE;
    }

  if (strcmp (hash_format, "c4") != 0)
    _ingest_mhl_xml_warn (reader, self->warnings, line,
                          "“%s” is recorded with a %s hash, not c4; it is kept but cannot be checked",
                          path, hash_format);
  if (g_hash_table_contains (self->by_path, path))
    _ingest_mhl_xml_warn (reader, self->warnings, line, "“%s” is listed more than once", path);

  add_entry (self, (guint) sequence_nr, g_steal_pointer (&path), g_steal_pointer (&hash_format),
             g_steal_pointer (&hash_value), line);
  return TRUE;
}

/**
 * ingest_mhl_chain_new:
 *
 * Returns: (transfer full): an empty chain
 */
IngestMhlChain *
ingest_mhl_chain_new (void)
{
  return g_object_new (INGEST_TYPE_MHL_CHAIN, NULL);
}

/**
 * ingest_mhl_chain_new_from_bytes:
 * @bytes: the file's contents
 * @file_name: (nullable): name for messages, e.g. "ascmhl_chain.xml"
 * @error: return location for an %INGEST_MHL_ERROR
 *
 * Returns: (transfer full): the chain, or %NULL with @error set
 */
IngestMhlChain *
ingest_mhl_chain_new_from_bytes (GBytes      *bytes,
                                 const char  *file_name,
                                 GError     **error)
{
  g_autoptr(IngestMhlChain) self = NULL;
  g_autoptr(IngestMhlXmlReader) reader = NULL;
  IngestMhlXmlIter iter;
  const char *ns;
  int ret;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ingest_mhl_chain_new ();
  self->file_name = g_strdup (file_name);

  reader = _ingest_mhl_xml_reader_new (bytes, file_name ? file_name : "ascmhl_chain.xml");
  if (!_ingest_mhl_xml_read_root_element (reader, "ascmhldirectory", INGEST_MHL_DIRECTORY_NS,
                                          "an ASC MHL chain", &ns, error))
    return NULL;

  _ingest_mhl_xml_iter_init (reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (_ingest_mhl_xml_is (reader, ns, "hashlist"))
        ok = parse_hashlist (self, reader, ns, error);
      else
        ok = _ingest_mhl_xml_skip (reader, error);
      if (!ok)
        return NULL;
    }
  if (ret < 0 || !_ingest_mhl_xml_finish (reader, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ingest_mhl_chain_new_from_file:
 * @path: a chain or collection file
 * @error: return location for an error
 *
 * Returns: (transfer full): the chain, or %NULL with @error set
 */
IngestMhlChain *
ingest_mhl_chain_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = _ingest_mhl_xml_load_file (path, &base, error);
  if (bytes == NULL)
    return NULL;
  return ingest_mhl_chain_new_from_bytes (bytes, base, error);
}

const char *
ingest_mhl_chain_get_file_name (IngestMhlChain *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), NULL);

  return self->file_name;
}

void
ingest_mhl_chain_set_file_name (IngestMhlChain *self,
                                const char     *file_name)
{
  g_return_if_fail (INGEST_IS_MHL_CHAIN (self));

  if (g_strcmp0 (self->file_name, file_name) == 0)
    return;
  g_free (self->file_name);
  self->file_name = g_strdup (file_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_NAME]);
}

guint
ingest_mhl_chain_get_n_entries (IngestMhlChain *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), 0);

  return self->entries->len;
}

/**
 * ingest_mhl_chain_get_entry:
 * @self: a chain
 * @position: index below ingest_mhl_chain_get_n_entries()
 *
 * Returns: (transfer none): the entry
 */
const IngestMhlChainEntry *
ingest_mhl_chain_get_entry (IngestMhlChain *self,
                            guint           position)
{
  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return &g_array_index (self->entries, IngestMhlChainEntry, position);
}

/**
 * ingest_mhl_chain_lookup:
 * @self: a chain
 * @path: a manifest path as listed
 *
 * Returns: (transfer none) (nullable): the first entry for @path
 */
const IngestMhlChainEntry *
ingest_mhl_chain_lookup (IngestMhlChain *self,
                         const char     *path)
{
  guint index;

  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_path, path));
  return index ? &g_array_index (self->entries, IngestMhlChainEntry, index - 1) : NULL;
}

/**
 * ingest_mhl_chain_append:
 * @self: a chain
 * @sequence_nr: sequence number (the generation)
 * @path: the manifest's path relative to the chain file
 * @c4: C4 of the manifest file's bytes
 * @error: return location for an %INGEST_MHL_ERROR
 *
 * Returns: %TRUE if the entry was appended
 */
gboolean
ingest_mhl_chain_append (IngestMhlChain  *self,
                         guint            sequence_nr,
                         const char      *path,
                         const char      *c4,
                         GError         **error)
{
  guint8 digest[INGEST_HASH_MAX_DIGEST_SIZE];
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (c4 != NULL, FALSE);

  if (!ingest_mhl_path_validate (path, error))
    return FALSE;
  if (!ingest_hash_decode (INGEST_HASH_C4, c4, digest, &local_error))
    {
      g_set_error_literal (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_HASH,
                           local_error->message);
      return FALSE;
    }
  if (g_hash_table_contains (self->by_path, path))
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_DUPLICATE_PATH,
                   "“%s” is already in the chain", path);
      return FALSE;
    }

  add_entry (self, sequence_nr, g_strdup (path), g_strdup ("c4"), g_strdup (c4), 0);
  return TRUE;
}

/**
 * ingest_mhl_chain_get_warnings:
 * @self: a chain
 *
 * Returns: (transfer none) (array zero-terminated=1): entries kept but unusable
 */
const char * const *
ingest_mhl_chain_get_warnings (IngestMhlChain *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), NULL);

  return (const char * const *) self->warnings->pdata;
}

/**
 * ingest_mhl_chain_serialize:
 * @self: a chain
 * @error: return location for an %INGEST_MHL_ERROR
 *
 * Entries that are not c4 are written back as they were read.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set
 */
GBytes *
ingest_mhl_chain_serialize (IngestMhlChain  *self,
                            GError         **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<ascmhldirectory xmlns=\"" INGEST_MHL_DIRECTORY_NS "\"");
  if (self->entries->len == 0)
    {
      g_string_append (out, "/>\n");
      return g_string_free_to_bytes (g_steal_pointer (&out));
    }
  g_string_append (out, ">\n");

  for (guint i = 0; i < self->entries->len; i++)
    {
      IngestMhlChainEntry *entry = &g_array_index (self->entries, IngestMhlChainEntry, i);

      if (!ingest_mhl_path_validate (entry->path, NULL) ||
          !ingest_mhl_text_is_xml_safe (entry->hash_value, -1))
        {
          g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_NAME,
                       "chain entry %u cannot be written as XML", i + 1);
          return NULL;
        }

      g_string_append (out, "  <hashlist");
      if (entry->sequence_nr > 0)
        g_string_append_printf (out, " sequencenr=\"%u\"", entry->sequence_nr);
      g_string_append (out, ">\n");
      _ingest_mhl_xml_append_element (out, 2, "path", entry->path);
      _ingest_mhl_xml_append_element (out, 2, entry->hash_format, entry->hash_value);
      g_string_append (out, "  </hashlist>\n");
    }
  g_string_append (out, "</ascmhldirectory>\n");
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/**
 * ingest_mhl_chain_write_atomic:
 * @self: a chain
 * @path: where to write, e.g. ".../ascmhl/ascmhl_chain.xml"
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Returns: %TRUE if the file now holds the chain
 */
gboolean
ingest_mhl_chain_write_atomic (IngestMhlChain  *self,
                               const char      *path,
                               GCancellable    *cancellable,
                               GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_CHAIN (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = ingest_mhl_chain_serialize (self, error);
  if (bytes == NULL)
    return FALSE;
  return ingest_mhl_file_write_atomic (path, bytes, TRUE, cancellable, error);
}
