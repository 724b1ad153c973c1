/* ingest-mhl-manifest-reader.c
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

/* The ASC MHL v2.0 parser: a pull parser over the hardened reader. Each
 * parse_* function is called with the reader on its element's start tag and
 * returns with the element consumed. Elements are matched by local name in
 * the document's namespace; unknown elements are skipped. */

typedef struct {
  IngestMhlManifest  *manifest;
  IngestMhlXmlReader *reader;
  const char         *ns;
  IngestMhlDateCache  dates;
} Parser;

static gboolean
is (Parser     *p,
    const char *local_name)
{
  return _ingest_mhl_xml_is (p->reader, p->ns, local_name);
}

static const char *
local_name (Parser *p)
{
  return (const char *) xmlTextReaderConstLocalName (_ingest_mhl_xml_reader_get (p->reader));
}

/* The default namespace of a <metadata> fragment that declares none. In a
 * document without namespace (read as ASC MHL, written in its namespace) that
 * is ASC MHL's, like the rest of the document: with "" the <metadata> element
 * itself would leave the namespace when written, and be lost on the next
 * read. Otherwise unprefixed names are in no namespace. */
static const char *
outer_ns (Parser *p)
{
  return p->ns == NULL ? INGEST_MHL_NS : "";
}

/* Replaces *field with the element's text. */
static gboolean
read_text_into (Parser  *p,
                char   **field,
                GError **error)
{
  char *text = _ingest_mhl_xml_read_text (p->reader, error);

  if (text == NULL)
    return FALSE;
  g_free (*field);
  *field = text;
  return TRUE;
}

/* A path element's text, validated and normalized. */
static char *
read_path (Parser  *p,
           GError **error)
{
  g_autofree char *text = _ingest_mhl_xml_read_text (p->reader, error);
  GError *path_error = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  if (!ingest_mhl_path_validate (text, &path_error))
    {
      _ingest_mhl_xml_prefix_error (p->reader, error, INGEST_MHL_ERROR_INVALID_PATH, path_error);
      return NULL;
    }
  /* as ingest_mhl_path_normalize(), in place */
  len = strlen (text);
  if (len > 1 && text[len - 1] == '/')
    text[len - 1] = '\0';
  return g_steal_pointer (&text);
}

/* A hash kind allowed in ASC MHL from the current element's name. */
static gboolean
hash_kind_of_element (Parser         *p,
                      IngestHashKind *kind)
{
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (_ingest_mhl_xml_reader_get (p->reader));

  return g_strcmp0 (ns, p->ns) == 0 &&
         ingest_hash_kind_from_name (local_name (p), kind) &&
         ingest_hash_kind_is_mhl (*kind);
}

/* Skips an element we don't know; hash-like names are worth a warning. */
static gboolean
skip_unknown (Parser     *p,
              gboolean    in_hash_list,
              GError    **error)
{
  if (in_hash_list && is (p, local_name (p)))
    _ingest_mhl_manifest_warn (p->manifest, p->reader, "unknown hash format <%s> skipped",
                               local_name (p));
  return _ingest_mhl_xml_skip (p->reader, error);
}

/* <c4|md5|...  action=".." hashdate="..">value</..> */
static gboolean
parse_hash_value (Parser             *p,
                  IngestMhlEntry     *entry,
                  IngestHashKind      kind,
                  IngestMhlHashRole   role,
                  GError            **error)
{
  static const char * const names[] = { "action", "hashdate" };
  char *attributes[G_N_ELEMENTS (names)];
  g_autofree char *action_text = NULL;
  g_autofree char *hash_date = NULL;
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  IngestMhlHashAction action = INGEST_MHL_HASH_ACTION_NONE;

  _ingest_mhl_xml_get_attributes (p->reader, names, attributes, G_N_ELEMENTS (names));
  action_text = attributes[0];
  hash_date = attributes[1];
  if (action_text != NULL && !ingest_mhl_hash_action_from_string (action_text, &action))
    {
      g_autofree char *shown = g_strescape (action_text, "");

      _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_INVALID_VALUE,
                                 "unknown action “%s” (original, verified or failed)", shown);
      return FALSE;
    }
  if (_ingest_mhl_entry_get_slot (entry, kind, role) != NULL)
    {
      _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_INVALID_HASH,
                                 "<%s> appears twice for “%s”", ingest_hash_kind_get_name (kind),
                                 ingest_mhl_entry_get_path (entry));
      return FALSE;
    }

  text = _ingest_mhl_xml_read_text (p->reader, error);
  if (text == NULL ||
      !_ingest_mhl_manifest_read_hash (p->manifest, p->reader, kind, text, &value, error))
    return FALSE;

  _ingest_mhl_entry_set_slot (entry, kind, role, value, action, _ingest_mhl_date_intern (&p->dates, hash_date));
  return TRUE;
}

/* <content> or <structure>: hash values of a directory. */
static gboolean
parse_container (Parser             *p,
                 IngestMhlEntry     *entry,
                 IngestMhlHashRole   role,
                 GError            **error)
{
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      IngestHashKind kind;
      gboolean ok;

      if (hash_kind_of_element (p, &kind))
        ok = parse_hash_value (p, entry, kind, role, error);
      else
        ok = skip_unknown (p, TRUE, error);
      if (!ok)
        return FALSE;
    }
  return ret == 0;
}

/* The <path> of a <hash>/<directoryhash>; creates the entry. */
static IngestMhlEntry *
parse_entry_path (Parser    *p,
                  gboolean   is_directory,
                  GError   **error)
{
  static const char * const names[] = { "size", "creationdate", "lastmodificationdate" };
  char *attributes[G_N_ELEMENTS (names)];
  g_autofree char *size_text = NULL;
  g_autofree char *creation_date = NULL;
  g_autofree char *modification_date = NULL;
  char *path;
  gint64 size = -1;

  _ingest_mhl_xml_get_attributes (p->reader, names, attributes, G_N_ELEMENTS (names));
  size_text = attributes[0];
  creation_date = attributes[1];
  modification_date = attributes[2];

  /* A missing size means "unknown" (the reference omits it for empty files). */
  if (size_text != NULL && !is_directory)
    {
      g_autofree char *shown = NULL;
      guint64 value;

      if (!g_ascii_string_to_unsigned (size_text, 10, 0, G_MAXINT64, &value, NULL))
        {
          shown = g_strescape (size_text, "");
          _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_INVALID_VALUE,
                                     "size “%s” is not a number of bytes", shown);
          return NULL;
        }
      size = (gint64) value;
    }

  path = read_path (p, error);
  if (path == NULL)
    return NULL;

  return _ingest_mhl_entry_new (path, is_directory, size, _ingest_mhl_date_intern (&p->dates, creation_date),
                                _ingest_mhl_date_intern (&p->dates, modification_date));
}

/* <hash> and <directoryhash> */
static gboolean
parse_entry (Parser    *p,
             gboolean   is_directory,
             GError   **error)
{
  g_autoptr(IngestMhlEntry) entry = NULL;
  const char *element = is_directory ? "directoryhash" : "hash";
  IngestMhlXmlIter iter;
  GError *insert_error = NULL;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      IngestHashKind kind;
      gboolean ok;

      if (entry == NULL)
        {
          if (!is (p, "path"))
            {
              _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_PARSE,
                                         "<%s> must start with <path>, not <%s>", element, local_name (p));
              return FALSE;
            }
          entry = parse_entry_path (p, is_directory, error);
          ok = entry != NULL;
        }
      else if (!is_directory && hash_kind_of_element (p, &kind))
        ok = parse_hash_value (p, entry, kind, INGEST_MHL_HASH_ROLE_FILE, error);
      else if (is_directory && is (p, "content"))
        ok = parse_container (p, entry, INGEST_MHL_HASH_ROLE_CONTENT, error);
      else if (is_directory && is (p, "structure"))
        ok = parse_container (p, entry, INGEST_MHL_HASH_ROLE_STRUCTURE, error);
      else if (is (p, "previousPath"))
        {
          g_autofree char *previous = read_path (p, error);

          ingest_mhl_entry_set_previous_path (entry, previous);
          ok = previous != NULL;
        }
      else if (is (p, "metadata"))
        {
          g_autofree char *metadata = _ingest_mhl_xml_read_outer (p->reader, outer_ns (p), error);

          ingest_mhl_entry_set_metadata (entry, metadata);
          ok = metadata != NULL;
        }
      else
        ok = skip_unknown (p, !is_directory, error);

      if (!ok)
        return FALSE;
    }
  if (ret < 0)
    return FALSE;

  if (entry == NULL)
    {
      _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_PARSE,
                                 "<%s> without <path>", element);
      return FALSE;
    }
  _ingest_mhl_entry_pack (entry);
  if (!_ingest_mhl_manifest_insert (p->manifest, entry, TRUE, &insert_error))
    {
      _ingest_mhl_xml_prefix_error (p->reader, error, insert_error->code, insert_error);
      return FALSE;
    }
  (void) g_steal_pointer (&entry);  /* the manifest's now */
  return TRUE;
}

static gboolean
parse_hashes (Parser  *p,
              GError **error)
{
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (is (p, "hash"))
        ok = parse_entry (p, FALSE, error);
      else if (is (p, "directoryhash"))
        ok = parse_entry (p, TRUE, error);
      else
        ok = skip_unknown (p, FALSE, error);
      if (!ok)
        return FALSE;
    }
  return ret == 0;
}

static gboolean
parse_author (Parser  *p,
              GError **error)
{
  g_autofree char *email = _ingest_mhl_xml_get_attribute (p->reader, "email");
  g_autofree char *phone = _ingest_mhl_xml_get_attribute (p->reader, "phone");
  g_autofree char *role = _ingest_mhl_xml_get_attribute (p->reader, "role");
  g_autofree char *name = _ingest_mhl_xml_read_text (p->reader, error);

  if (name == NULL)
    return FALSE;
  ingest_mhl_manifest_add_author (p->manifest, name, email, phone, role);
  return TRUE;
}

static gboolean
parse_creatorinfo (Parser  *p,
                   GError **error)
{
  IngestMhlManifest *self = p->manifest;
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (is (p, "creationdate"))
        ok = read_text_into (p, &self->creation_date, error);
      else if (is (p, "hostname"))
        ok = read_text_into (p, &self->hostname, error);
      else if (is (p, "tool"))
        {
          g_free (self->tool_version);
          self->tool_version = _ingest_mhl_xml_get_attribute (p->reader, "version");
          ok = read_text_into (p, &self->tool_name, error);
        }
      else if (is (p, "author"))
        ok = parse_author (p, error);
      else if (is (p, "location"))
        ok = read_text_into (p, &self->location, error);
      else if (is (p, "comment"))
        ok = read_text_into (p, &self->comment, error);
      else
        ok = skip_unknown (p, FALSE, error);
      if (!ok)
        return FALSE;
    }
  return ret == 0;
}

static gboolean
parse_roothash (Parser  *p,
                GError **error)
{
  g_autoptr(IngestMhlEntry) root = ingest_mhl_entry_new_directory ("");
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (is (p, "content"))
        ok = parse_container (p, root, INGEST_MHL_HASH_ROLE_CONTENT, error);
      else if (is (p, "structure"))
        ok = parse_container (p, root, INGEST_MHL_HASH_ROLE_STRUCTURE, error);
      else
        ok = skip_unknown (p, FALSE, error);
      if (!ok)
        return FALSE;
    }
  if (ret < 0)
    return FALSE;

  ingest_mhl_manifest_set_root_hash (p->manifest, root);
  return TRUE;
}

static gboolean
parse_ignore (Parser  *p,
              GError **error)
{
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      if (is (p, "pattern"))
        {
          g_autofree char *pattern = _ingest_mhl_xml_read_text (p->reader, error);

          if (pattern == NULL)
            return FALSE;
          ingest_mhl_manifest_add_ignore_pattern (p->manifest, pattern);
        }
      else if (!skip_unknown (p, FALSE, error))
        return FALSE;
    }
  return ret == 0;
}

static gboolean
parse_processinfo (Parser  *p,
                   GError **error)
{
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (is (p, "process"))
        {
          g_autofree char *text = _ingest_mhl_xml_read_text (p->reader, error);

          if (text == NULL)
            return FALSE;
          if (!ingest_mhl_process_from_string (text, &p->manifest->process))
            {
              g_autofree char *shown = g_strescape (text, "");

              _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_INVALID_VALUE,
                                         "unknown process “%s” (in-place, transfer or flatten)", shown);
              return FALSE;
            }
          ok = TRUE;
        }
      else if (is (p, "roothash"))
        ok = parse_roothash (p, error);
      else if (is (p, "ignore"))
        ok = parse_ignore (p, error);
      else
        ok = skip_unknown (p, FALSE, error);
      if (!ok)
        return FALSE;
    }
  return ret == 0;
}

static gboolean
parse_hashlistreference (Parser  *p,
                         GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *c4 = NULL;
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      if (is (p, "path"))
        {
          g_free (path);
          path = read_path (p, error);
          if (path == NULL)
            return FALSE;
        }
      else if (is (p, "c4"))
        {
          g_autofree char *text = _ingest_mhl_xml_read_text (p->reader, error);

          g_clear_pointer (&c4, g_free);
          if (text == NULL ||
              !_ingest_mhl_manifest_read_hash (p->manifest, p->reader, INGEST_HASH_C4, text, &c4, error))
            return FALSE;
        }
      else if (!skip_unknown (p, FALSE, error))
        return FALSE;
    }
  if (ret < 0)
    return FALSE;

  if (path == NULL || c4 == NULL)
    {
      _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_PARSE,
                                 "<hashlistreference> needs a <path> and a <c4>");
      return FALSE;
    }
  ingest_mhl_manifest_add_reference (p->manifest, path, c4);
  return TRUE;
}

static gboolean
parse_references (Parser  *p,
                  GError **error)
{
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (is (p, "hashlistreference"))
        ok = parse_hashlistreference (p, error);
      else
        ok = skip_unknown (p, FALSE, error);
      if (!ok)
        return FALSE;
    }
  return ret == 0;
}

static gboolean
parse_document (Parser  *p,
                GError **error)
{
  IngestMhlManifest *self = p->manifest;
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (is (p, "creatorinfo"))
        ok = parse_creatorinfo (p, error);
      else if (is (p, "processinfo"))
        ok = parse_processinfo (p, error);
      else if (is (p, "hashes"))
        ok = parse_hashes (p, error);
      else if (is (p, "metadata"))
        {
          g_free (self->metadata);
          self->metadata = _ingest_mhl_xml_read_outer (p->reader, outer_ns (p), error);
          ok = self->metadata != NULL;
        }
      else if (is (p, "references"))
        ok = parse_references (p, error);
      else
        ok = skip_unknown (p, FALSE, error);
      if (!ok)
        return FALSE;
    }
  return ret == 0;
}

gboolean
_ingest_mhl_manifest_parse (IngestMhlManifest   *self,
                            IngestMhlXmlReader  *reader,
                            const char          *ns,
                            GError             **error)
{
  Parser p = { self, reader, ns, { { NULL } } };
  gboolean ok = parse_document (&p, error);

  _ingest_mhl_date_cache_clear (&p.dates);
  return ok;
}
