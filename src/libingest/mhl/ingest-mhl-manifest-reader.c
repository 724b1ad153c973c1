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
    _ingest_mhl_xml_warn (p->reader, p->manifest->warnings, 0, "unknown hash format <%s> skipped",
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

/* Parses one child element of the element being read; must consume it. */
typedef gboolean (*ChildParser) (Parser   *p,
                                 gpointer  data,
                                 GError  **error);

/* Calls @parse_child on each child of the current element; every parse_*
 * below walks its children through here. */
static gboolean
parse_children (Parser       *p,
                ChildParser   parse_child,
                gpointer      data,
                GError      **error)
{
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (p->reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (p->reader, &iter, error)) > 0)
    if (!parse_child (p, data, error))
      return FALSE;
  return ret == 0;
}

typedef struct {
  IngestMhlEntry    *entry;
  IngestMhlHashRole  role;
} Container;

static gboolean
parse_container_child (Parser   *p,
                       gpointer  data,
                       GError  **error)
{
  Container *container = data;
  IngestHashKind kind;

  if (hash_kind_of_element (p, &kind))
    return parse_hash_value (p, container->entry, kind, container->role, error);
  return skip_unknown (p, TRUE, error);
}

/* <content> or <structure>: hash values of a directory. */
static gboolean
parse_container (Parser             *p,
                 IngestMhlEntry     *entry,
                 IngestMhlHashRole   role,
                 GError            **error)
{
  Container container = { entry, role };

  return parse_children (p, parse_container_child, &container, error);
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
  if (size_text != NULL && !is_directory &&
      !_ingest_mhl_xml_parse_size (p->reader, size_text, &size, error))
    return NULL;

  path = read_path (p, error);
  if (path == NULL)
    return NULL;

  return _ingest_mhl_entry_new (path, is_directory, size, _ingest_mhl_date_intern (&p->dates, creation_date),
                                _ingest_mhl_date_intern (&p->dates, modification_date));
}

typedef struct {
  IngestMhlEntry *entry;   /* NULL until the <path> */
  gboolean        is_directory;
  const char     *element;
} Entry;

static gboolean
parse_entry_child (Parser   *p,
                   gpointer  data,
                   GError  **error)
{
  Entry *e = data;
  IngestHashKind kind;

  if (e->entry == NULL)
    {
      if (!is (p, "path"))
        {
          _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_PARSE,
                                     "<%s> must start with <path>, not <%s>", e->element, local_name (p));
          return FALSE;
        }
      e->entry = parse_entry_path (p, e->is_directory, error);
      return e->entry != NULL;
    }
  if (!e->is_directory && hash_kind_of_element (p, &kind))
    return parse_hash_value (p, e->entry, kind, INGEST_MHL_HASH_ROLE_FILE, error);
  if (e->is_directory && is (p, "content"))
    return parse_container (p, e->entry, INGEST_MHL_HASH_ROLE_CONTENT, error);
  if (e->is_directory && is (p, "structure"))
    return parse_container (p, e->entry, INGEST_MHL_HASH_ROLE_STRUCTURE, error);
  if (is (p, "previousPath"))
    {
      g_autofree char *previous = read_path (p, error);

      ingest_mhl_entry_set_previous_path (e->entry, previous);
      return previous != NULL;
    }
  if (is (p, "metadata"))
    {
      g_autofree char *metadata = _ingest_mhl_xml_read_outer (p->reader, outer_ns (p), error);

      ingest_mhl_entry_set_metadata (e->entry, metadata);
      return metadata != NULL;
    }
  return skip_unknown (p, !e->is_directory, error);
}

/* <hash> and <directoryhash> */
static gboolean
parse_entry (Parser    *p,
             gboolean   is_directory,
             GError   **error)
{
  g_autoptr(IngestMhlEntry) entry = NULL;
  Entry e = { NULL, is_directory, is_directory ? "directoryhash" : "hash" };
  gboolean ok;

  ok = parse_children (p, parse_entry_child, &e, error);
  entry = e.entry;
  if (!ok)
    return FALSE;

  if (entry == NULL)
    {
      _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_PARSE,
                                 "<%s> without <path>", e.element);
      return FALSE;
    }
  return _ingest_mhl_manifest_add_parsed (p->manifest, p->reader, g_steal_pointer (&entry), error);
}

static gboolean
parse_hashes_child (Parser   *p,
                    gpointer  data,
                    GError  **error)
{
  if (is (p, "hash"))
    return parse_entry (p, FALSE, error);
  if (is (p, "directoryhash"))
    return parse_entry (p, TRUE, error);
  return skip_unknown (p, FALSE, error);
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
parse_creatorinfo_child (Parser   *p,
                         gpointer  data,
                         GError  **error)
{
  IngestMhlManifest *self = p->manifest;

  if (is (p, "creationdate"))
    return _ingest_mhl_xml_read_text_into (p->reader, &self->creation_date, error);
  if (is (p, "hostname"))
    return _ingest_mhl_xml_read_text_into (p->reader, &self->hostname, error);
  if (is (p, "tool"))
    {
      g_free (self->tool_version);
      self->tool_version = _ingest_mhl_xml_get_attribute (p->reader, "version");
      return _ingest_mhl_xml_read_text_into (p->reader, &self->tool_name, error);
    }
  if (is (p, "author"))
    return parse_author (p, error);
  if (is (p, "location"))
    return _ingest_mhl_xml_read_text_into (p->reader, &self->location, error);
  if (is (p, "comment"))
    return _ingest_mhl_xml_read_text_into (p->reader, &self->comment, error);
  return skip_unknown (p, FALSE, error);
}

static gboolean
parse_roothash_child (Parser   *p,
                      gpointer  data,
                      GError  **error)
{
  IngestMhlEntry *root = data;

  if (is (p, "content"))
    return parse_container (p, root, INGEST_MHL_HASH_ROLE_CONTENT, error);
  if (is (p, "structure"))
    return parse_container (p, root, INGEST_MHL_HASH_ROLE_STRUCTURE, error);
  return skip_unknown (p, FALSE, error);
}

static gboolean
parse_roothash (Parser  *p,
                GError **error)
{
  g_autoptr(IngestMhlEntry) root = ingest_mhl_entry_new_directory ("");

  if (!parse_children (p, parse_roothash_child, root, error))
    return FALSE;

  ingest_mhl_manifest_set_root_hash (p->manifest, root);
  return TRUE;
}

static gboolean
parse_ignore_child (Parser   *p,
                    gpointer  data,
                    GError  **error)
{
  g_autofree char *pattern = NULL;

  if (!is (p, "pattern"))
    return skip_unknown (p, FALSE, error);

  pattern = _ingest_mhl_xml_read_text (p->reader, error);
  if (pattern == NULL)
    return FALSE;
  ingest_mhl_manifest_add_ignore_pattern (p->manifest, pattern);
  return TRUE;
}

static gboolean
parse_process (Parser  *p,
               GError **error)
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
  return TRUE;
}

static gboolean
parse_processinfo_child (Parser   *p,
                         gpointer  data,
                         GError  **error)
{
  if (is (p, "process"))
    return parse_process (p, error);
  if (is (p, "roothash"))
    return parse_roothash (p, error);
  if (is (p, "ignore"))
    return parse_children (p, parse_ignore_child, NULL, error);
  return skip_unknown (p, FALSE, error);
}

typedef struct {
  char *path;
  char *c4;
} Reference;

static gboolean
parse_hashlistreference_child (Parser   *p,
                               gpointer  data,
                               GError  **error)
{
  Reference *reference = data;

  if (is (p, "path"))
    {
      g_free (reference->path);
      reference->path = read_path (p, error);
      return reference->path != NULL;
    }
  if (is (p, "c4"))
    {
      g_autofree char *text = _ingest_mhl_xml_read_text (p->reader, error);

      g_clear_pointer (&reference->c4, g_free);
      return text != NULL &&
             _ingest_mhl_manifest_read_hash (p->manifest, p->reader, INGEST_HASH_C4, text, &reference->c4, error);
    }
  return skip_unknown (p, FALSE, error);
}

static void
reference_clear (Reference *reference)
{
  g_free (reference->path);
  g_free (reference->c4);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reference, reference_clear)

static gboolean
parse_hashlistreference (Parser  *p,
                         GError **error)
{
  g_auto(Reference) reference = { NULL, NULL };

  if (!parse_children (p, parse_hashlistreference_child, &reference, error))
    return FALSE;

  if (reference.path == NULL || reference.c4 == NULL)
    {
      _ingest_mhl_xml_set_error (p->reader, error, INGEST_MHL_ERROR_PARSE,
                                 "<hashlistreference> needs a <path> and a <c4>");
      return FALSE;
    }
  ingest_mhl_manifest_add_reference (p->manifest, reference.path, reference.c4);
  return TRUE;
}

static gboolean
parse_references_child (Parser   *p,
                        gpointer  data,
                        GError  **error)
{
  if (is (p, "hashlistreference"))
    return parse_hashlistreference (p, error);
  return skip_unknown (p, FALSE, error);
}

static gboolean
parse_document_child (Parser   *p,
                      gpointer  data,
                      GError  **error)
{
  IngestMhlManifest *self = p->manifest;

  if (is (p, "creatorinfo"))
    return parse_children (p, parse_creatorinfo_child, NULL, error);
  if (is (p, "processinfo"))
    return parse_children (p, parse_processinfo_child, NULL, error);
  if (is (p, "hashes"))
    return parse_children (p, parse_hashes_child, NULL, error);
  if (is (p, "metadata"))
    {
      g_free (self->metadata);
      self->metadata = _ingest_mhl_xml_read_outer (p->reader, outer_ns (p), error);
      return self->metadata != NULL;
    }
  if (is (p, "references"))
    return parse_children (p, parse_references_child, NULL, error);
  return skip_unknown (p, FALSE, error);
}

gboolean
_ingest_mhl_manifest_parse (IngestMhlManifest   *self,
                            IngestMhlXmlReader  *reader,
                            const char          *ns,
                            GError             **error)
{
  Parser p = { self, reader, ns, { { NULL } } };
  gboolean ok = parse_children (&p, parse_document_child, NULL, error);

  _ingest_mhl_date_cache_clear (&p.dates);
  return ok;
}
