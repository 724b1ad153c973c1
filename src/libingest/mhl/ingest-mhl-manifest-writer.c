/* ingest-mhl-manifest-writer.c
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

/* The serializer: the byte layout lxml gives the reference tool (2-space
 * indentation, LF, attributes in the reference's order), see
 * research/ascmhl.md §3. */

static void
indent (GString *out,
        guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* " name="value"" when @value is set. */
static void
append_attribute (GString    *out,
                  const char *name,
                  const char *value)
{
  if (value == NULL)
    return;
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  _ingest_mhl_xml_append_escaped (out, value, TRUE);
  g_string_append_c (out, '"');
}

static gboolean
check_text (const char  *what,
            const char  *text,
            GError     **error)
{
  if (text == NULL || ingest_mhl_text_is_xml_safe (text, -1))
    return TRUE;
  g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_NAME,
               "%s is not valid UTF-8 or has characters XML cannot carry", what);
  return FALSE;
}

static gboolean
check_path (const char  *path,
            GError     **error)
{
  GError *path_error = NULL;

  if (ingest_mhl_path_validate (path, &path_error))
    return TRUE;
  g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_NAME,
               "cannot record %s", path_error->message);
  g_error_free (path_error);
  return FALSE;
}

/* Every hash element of one role, in XSD order (the enum order). */
static void
append_hashes (GString           *out,
               guint              level,
               IngestMhlEntry    *entry,
               IngestMhlHashRole  role)
{
  for (IngestHashKind kind = 0; kind < INGEST_HASH_N_KINDS; kind++)
    {
      const IngestMhlHashSlot *slot;
      const char *name;

      if (!ingest_hash_kind_is_mhl (kind))
        continue;
      slot = _ingest_mhl_entry_get_slot (entry, kind, role);
      if (slot == NULL)
        continue;

      name = ingest_hash_kind_get_name (kind);
      indent (out, level);
      g_string_append_c (out, '<');
      g_string_append (out, name);
      append_attribute (out, "action", ingest_mhl_hash_action_to_string (slot->action));
      append_attribute (out, "hashdate", slot->date);
      g_string_append_c (out, '>');
      _ingest_mhl_xml_append_escaped (out, slot->value, FALSE);
      g_string_append (out, "</");
      g_string_append (out, name);
      g_string_append (out, ">\n");
    }
}

static gboolean
has_role (IngestMhlEntry    *entry,
          IngestMhlHashRole  role)
{
  for (IngestHashKind kind = 0; kind < INGEST_HASH_N_KINDS; kind++)
    if (ingest_hash_kind_is_mhl (kind) && _ingest_mhl_entry_get_slot (entry, kind, role) != NULL)
      return TRUE;
  return FALSE;
}

/* <content> or <structure>; "<content/>" when empty, as lxml writes it. */
static void
append_container (GString           *out,
                  guint              level,
                  const char        *name,
                  IngestMhlEntry    *entry,
                  IngestMhlHashRole  role)
{
  indent (out, level);
  if (!has_role (entry, role))
    {
      g_string_append_printf (out, "<%s/>\n", name);
      return;
    }
  g_string_append_printf (out, "<%s>\n", name);
  append_hashes (out, level + 1, entry, role);
  indent (out, level);
  g_string_append_printf (out, "</%s>\n", name);
}

static void
append_metadata (GString    *out,
                 guint       level,
                 const char *metadata)
{
  if (metadata == NULL)
    return;
  indent (out, level);
  g_string_append (out, metadata);
  g_string_append_c (out, '\n');
}

static gboolean
append_entry (GString         *out,
              IngestMhlEntry  *entry,
              GError         **error)
{
  gboolean is_directory = ingest_mhl_entry_is_directory (entry);
  const char *previous = ingest_mhl_entry_get_previous_path (entry);
  gint64 size = ingest_mhl_entry_get_size (entry);

  if (!check_path (ingest_mhl_entry_get_path (entry), error) ||
      (previous != NULL && !check_path (previous, error)) ||
      !check_text ("a date", ingest_mhl_entry_get_creation_date (entry), error) ||
      !check_text ("a date", ingest_mhl_entry_get_last_modification_date (entry), error) ||
      !check_text ("metadata", ingest_mhl_entry_get_metadata (entry), error))
    return FALSE;

  g_string_append (out, is_directory ? "    <directoryhash>\n      <path" : "    <hash>\n      <path");
  /* Unlike the reference (issue #168), size="0" is written for empty files. */
  if (!is_directory && size >= 0)
    g_string_append_printf (out, " size=\"%" G_GINT64_FORMAT "\"", size);
  append_attribute (out, "creationdate", ingest_mhl_entry_get_creation_date (entry));
  append_attribute (out, "lastmodificationdate", ingest_mhl_entry_get_last_modification_date (entry));
  g_string_append_c (out, '>');
  _ingest_mhl_xml_append_escaped (out, ingest_mhl_entry_get_path (entry), FALSE);
  g_string_append (out, "</path>\n");

  if (is_directory)
    {
      append_container (out, 3, "content", entry, INGEST_MHL_HASH_ROLE_CONTENT);
      append_container (out, 3, "structure", entry, INGEST_MHL_HASH_ROLE_STRUCTURE);
    }
  else
    append_hashes (out, 3, entry, INGEST_MHL_HASH_ROLE_FILE);

  if (previous != NULL)
    _ingest_mhl_xml_append_element (out, 3, "previousPath", previous);
  append_metadata (out, 3, ingest_mhl_entry_get_metadata (entry));
  g_string_append (out, is_directory ? "    </directoryhash>\n" : "    </hash>\n");
  return TRUE;
}

static gboolean
check_header (IngestMhlManifest  *self,
              GError            **error)
{
  const char *missing = NULL;

  if (self->creation_date == NULL)
    missing = "a creation date";
  else if (self->hostname == NULL)
    missing = "a host name";
  else if (self->tool_name == NULL)
    missing = "a tool name";
  else if (self->process == INGEST_MHL_PROCESS_NONE)
    missing = "a process";
  if (missing != NULL)
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_VALUE,
                   "cannot write a manifest without %s", missing);
      return FALSE;
    }

  if (!check_text ("the creation date", self->creation_date, error) ||
      !check_text ("the host name", self->hostname, error) ||
      !check_text ("the tool name", self->tool_name, error) ||
      !check_text ("the tool version", self->tool_version, error) ||
      !check_text ("the location", self->location, error) ||
      !check_text ("the comment", self->comment, error) ||
      !check_text ("the metadata", self->metadata, error))
    return FALSE;

  for (guint i = 0; i < self->authors->len; i++)
    {
      IngestMhlAuthor *author = &g_array_index (self->authors, IngestMhlAuthor, i);

      if (!check_text ("an author", author->name, error) ||
          !check_text ("an author's e-mail", author->email, error) ||
          !check_text ("an author's phone", author->phone, error) ||
          !check_text ("an author's role", author->role, error))
        return FALSE;
    }
  for (guint i = 0; i < self->ignore_patterns->len; i++)
    if (!check_text ("an ignore pattern", g_ptr_array_index (self->ignore_patterns, i), error))
      return FALSE;
  for (guint i = 0; i < self->reference_paths->len; i++)
    if (!check_path (g_ptr_array_index (self->reference_paths, i), error) ||
        !check_text ("a reference", g_ptr_array_index (self->reference_c4s, i), error))
      return FALSE;
  return TRUE;
}

static void
append_creatorinfo (IngestMhlManifest *self,
                    GString           *out)
{
  g_string_append (out, "  <creatorinfo>\n");
  _ingest_mhl_xml_append_element (out, 2, "creationdate", self->creation_date);
  _ingest_mhl_xml_append_element (out, 2, "hostname", self->hostname);
  g_string_append (out, "    <tool");
  append_attribute (out, "version", self->tool_version);
  g_string_append_c (out, '>');
  _ingest_mhl_xml_append_escaped (out, self->tool_name, FALSE);
  g_string_append (out, "</tool>\n");
  for (guint i = 0; i < self->authors->len; i++)
    {
      IngestMhlAuthor *author = &g_array_index (self->authors, IngestMhlAuthor, i);

      g_string_append (out, "    <author");
      append_attribute (out, "role", author->role);
      append_attribute (out, "email", author->email);
      append_attribute (out, "phone", author->phone);
      g_string_append_c (out, '>');
      _ingest_mhl_xml_append_escaped (out, author->name, FALSE);
      g_string_append (out, "</author>\n");
    }
  if (self->location != NULL)
    _ingest_mhl_xml_append_element (out, 2, "location", self->location);
  if (self->comment != NULL)
    _ingest_mhl_xml_append_element (out, 2, "comment", self->comment);
  g_string_append (out, "  </creatorinfo>\n");
}

static void
append_processinfo (IngestMhlManifest *self,
                    GString           *out)
{
  g_string_append (out, "  <processinfo>\n");
  _ingest_mhl_xml_append_element (out, 2, "process", ingest_mhl_process_to_string (self->process));
  if (self->root_hash != NULL)
    {
      g_string_append (out, "    <roothash>\n");
      append_container (out, 3, "content", self->root_hash, INGEST_MHL_HASH_ROLE_CONTENT);
      append_container (out, 3, "structure", self->root_hash, INGEST_MHL_HASH_ROLE_STRUCTURE);
      g_string_append (out, "    </roothash>\n");
    }
  if (self->ignore_patterns->len > 0)
    {
      g_string_append (out, "    <ignore>\n");
      for (guint i = 0; i < self->ignore_patterns->len; i++)
        _ingest_mhl_xml_append_element (out, 3, "pattern", g_ptr_array_index (self->ignore_patterns, i));
      g_string_append (out, "    </ignore>\n");
    }
  g_string_append (out, "  </processinfo>\n");
}

/**
 * ingest_mhl_manifest_serialize:
 * @self: a manifest
 * @error: return location for an %INGEST_MHL_ERROR
 *
 * Returns: (transfer full): the document bytes, or %NULL with @error set
 */
GBytes *
ingest_mhl_manifest_serialize (IngestMhlManifest  *self,
                               GError            **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_MANIFEST (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_header (self, error))
    return NULL;

  out = g_string_sized_new (1024 + 256 * self->entries->len);
  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<hashlist version=\"2.0\" xmlns=\"" INGEST_MHL_NS "\">\n");
  append_creatorinfo (self, out);
  append_processinfo (self, out);

  if (self->entries->len > 0)
    {
      g_string_append (out, "  <hashes>\n");
      for (guint i = 0; i < self->entries->len; i++)
        if (!append_entry (out, g_ptr_array_index (self->entries, i), error))
          return NULL;
      g_string_append (out, "  </hashes>\n");
    }

  append_metadata (out, 1, self->metadata);

  if (self->reference_paths->len > 0)
    {
      g_string_append (out, "  <references>\n");
      for (guint i = 0; i < self->reference_paths->len; i++)
        {
          g_string_append (out, "    <hashlistreference>\n");
          _ingest_mhl_xml_append_element (out, 3, "path", g_ptr_array_index (self->reference_paths, i));
          _ingest_mhl_xml_append_element (out, 3, "c4", g_ptr_array_index (self->reference_c4s, i));
          g_string_append (out, "    </hashlistreference>\n");
        }
      g_string_append (out, "  </references>\n");
    }

  g_string_append (out, "</hashlist>\n");
  return g_string_free_to_bytes (g_steal_pointer (&out));
}
