/* ingest-mhl-legacy.c
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

#define G_LOG_DOMAIN "ingest-mhl-legacy"

#include "config.h"

#include <string.h>

#include "ingest-mhl-error.h"
#include "ingest-mhl-manifest-private.h"

/* Legacy MHL 1.0/1.1 (mediahashlist.org), no namespace:
 *
 *   <hashlist version="1.1">
 *     <creatorinfo> name username hostname tool startdate finishdate … </creatorinfo>
 *     <hash> file size creationdate? lastmodificationdate?
 *            (md5 | sha1 | xxhash | xxhash64 | xxhash64be | null) hashdate? </hash>
 *   </hashlist>
 *
 * Loaded into the same model as ASC MHL so verification is the same: every
 * hash becomes an "original" file hash. <xxhash> is XXH32 as a decimal
 * number; <xxhash64> is XXH64 hex in little-endian byte order and is turned
 * into the canonical (big-endian) xxh64 text; <xxhash64be> is that text
 * already. Dates are kept as written (1.0 used "YYYY-MM-DD HH-MM-SS"). */

static gboolean
is (IngestMhlXmlReader *reader,
    const char         *local_name)
{
  return _ingest_mhl_xml_is (reader, NULL, local_name);
}

/* A legacy hash element: its kind and canonical value. */
static gboolean
read_legacy_hash (IngestMhlManifest   *self,
                  IngestMhlXmlReader  *reader,
                  IngestHashKind      *kind,
                  char               **value,
                  GError             **error)
{
  g_autofree char *text = NULL;
  gboolean little_endian = FALSE;

  if (is (reader, "md5"))
    *kind = INGEST_HASH_MD5;
  else if (is (reader, "sha1"))
    *kind = INGEST_HASH_SHA1;
  else if (is (reader, "xxhash"))
    *kind = INGEST_HASH_XXH32;
  else if (is (reader, "xxhash64be"))
    *kind = INGEST_HASH_XXH64;
  else if (is (reader, "xxhash64"))
    {
      *kind = INGEST_HASH_XXH64;
      little_endian = TRUE;
    }
  else
    g_assert_not_reached ();

  text = _ingest_mhl_xml_read_text (reader, error);
  if (text == NULL ||
      !_ingest_mhl_manifest_read_hash (self, reader, *kind, text, value, error))
    return FALSE;

  if (little_endian)
    {
      guint8 digest[8], swapped[8];

      if (!ingest_hash_decode (INGEST_HASH_XXH64, *value, digest, error))
        return FALSE;
      for (guint i = 0; i < 8; i++)
        swapped[i] = digest[7 - i];
      g_free (*value);
      *value = ingest_hash_encode (INGEST_HASH_XXH64, swapped);
    }
  return TRUE;
}

static gboolean
is_legacy_hash (IngestMhlXmlReader *reader)
{
  return is (reader, "md5") || is (reader, "sha1") || is (reader, "xxhash") ||
         is (reader, "xxhash64") || is (reader, "xxhash64be");
}

static gboolean
parse_hash (IngestMhlManifest   *self,
            IngestMhlXmlReader  *reader,
            GError             **error)
{
  g_autofree char *path = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *creation_date = NULL;
  g_autofree char *modification_date = NULL;
  g_autofree char *hash_date = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (IngestHashKind));
  g_autoptr(IngestMhlEntry) entry = NULL;
  IngestMhlXmlIter iter;
  GError *local_error = NULL;
  gint64 size = -1;   /* unknown */
  int ret;

  _ingest_mhl_xml_iter_init (reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (reader, &iter, error)) > 0)
    {
      char **field = NULL;

      if (is (reader, "file"))
        field = &path;
      else if (is (reader, "size"))
        field = &size_text;
      else if (is (reader, "creationdate"))
        field = &creation_date;
      else if (is (reader, "lastmodificationdate"))
        field = &modification_date;
      else if (is (reader, "hashdate"))
        field = &hash_date;
      else if (is_legacy_hash (reader))
        {
          IngestHashKind kind;
          char *value = NULL;

          if (!read_legacy_hash (self, reader, &kind, &value, error))
            return FALSE;
          g_array_append_val (kinds, kind);
          g_ptr_array_add (values, value);
          continue;
        }
      else if (!_ingest_mhl_xml_skip (reader, error))  /* <null/> and anything unknown */
        return FALSE;

      if (field != NULL && !_ingest_mhl_xml_read_text_into (reader, field, error))
        return FALSE;
    }
  if (ret < 0)
    return FALSE;

  if (path == NULL)
    {
      _ingest_mhl_xml_set_error (reader, error, INGEST_MHL_ERROR_PARSE, "<hash> without <file>");
      return FALSE;
    }
  if (!ingest_mhl_path_validate (path, &local_error))
    {
      _ingest_mhl_xml_prefix_error (reader, error, INGEST_MHL_ERROR_INVALID_PATH, local_error);
      return FALSE;
    }
  if (size_text != NULL &&
      !_ingest_mhl_xml_parse_size (reader, g_strstrip (size_text), &size, error))
    return FALSE;

  entry = _ingest_mhl_entry_new (ingest_mhl_path_normalize (path), FALSE, size,
                                 _ingest_mhl_date_intern (NULL, creation_date),
                                 _ingest_mhl_date_intern (NULL, modification_date));
  for (guint i = 0; i < kinds->len; i++)
    ingest_mhl_entry_set_hash (entry, g_array_index (kinds, IngestHashKind, i),
                               g_ptr_array_index (values, i),
                               INGEST_MHL_HASH_ACTION_ORIGINAL, hash_date);

  return _ingest_mhl_manifest_add_parsed (self, reader, g_steal_pointer (&entry), error);
}

static gboolean
parse_creatorinfo (IngestMhlManifest   *self,
                   IngestMhlXmlReader  *reader,
                   GError             **error)
{
  g_autofree char *name = NULL;
  g_autofree char *username = NULL;
  IngestMhlXmlIter iter;
  int ret;

  _ingest_mhl_xml_iter_init (reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (reader, &iter, error)) > 0)
    {
      char **field = NULL;

      if (is (reader, "name"))
        field = &name;
      else if (is (reader, "username"))
        field = &username;
      else if (is (reader, "hostname"))
        field = &self->hostname;
      else if (is (reader, "tool"))
        field = &self->tool_name;
      else if (is (reader, "startdate"))
        field = &self->creation_date;
      else if (!_ingest_mhl_xml_skip (reader, error))
        return FALSE;

      if (field != NULL && !_ingest_mhl_xml_read_text_into (reader, field, error))
        return FALSE;
    }
  if (ret < 0)
    return FALSE;

  if (name != NULL || username != NULL)
    ingest_mhl_manifest_add_author (self, name ? name : username, NULL, NULL, NULL);
  return TRUE;
}

gboolean
_ingest_mhl_legacy_parse (IngestMhlManifest   *self,
                          IngestMhlXmlReader  *reader,
                          GError             **error)
{
  IngestMhlXmlIter iter;
  int ret;

  self->process = INGEST_MHL_PROCESS_NONE;

  _ingest_mhl_xml_iter_init (reader, &iter);
  while ((ret = _ingest_mhl_xml_iter_next (reader, &iter, error)) > 0)
    {
      gboolean ok;

      if (is (reader, "creatorinfo"))
        ok = parse_creatorinfo (self, reader, error);
      else if (is (reader, "hash"))
        ok = parse_hash (self, reader, error);
      else
        ok = _ingest_mhl_xml_skip (reader, error);
      if (!ok)
        return FALSE;
    }
  return ret == 0;
}
