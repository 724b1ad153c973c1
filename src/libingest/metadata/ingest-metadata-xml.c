/* ingest-metadata-xml.c
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

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>

#include "ingest-metadata-error.h"
#include "ingest-metadata-xml-private.h"

/* No XML_PARSE_NOENT (entities stay references), no DTDLOAD or DTDATTR, no
 * network, no XML_PARSE_HUGE (libxml2 keeps its depth and size limits). */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | \
                       XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS)

GBytes *
_ingest_metadata_read_whole (IngestByteSource  *source,
                             gsize              max_size,
                             GError           **error)
{
  guint64 size = ingest_byte_source_get_size (source);

  if (size > max_size)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TOO_LARGE,
                        _("%s: %" G_GUINT64_FORMAT " bytes is more than a sidecar can be (%"
                          G_GSIZE_FORMAT ")"), ingest_byte_source_get_name (source), size,
                        max_size), NULL;
  return ingest_byte_source_read_bytes (source, 0, size, error);
}

/* libxml2's encoding layer reports through the per-thread generic handler,
 * which prints to stderr; hostile input must not spam it. */
static void
quiet_generic_error_cb (void       *ctx,
                        const char *msg,
                        ...)
{
}

xmlDoc *
_ingest_metadata_xml_parse (GBytes      *bytes,
                            const char  *name,
                            GError     **error)
{
  xmlGenericErrorFunc saved = xmlGenericError;
  void *saved_context = xmlGenericErrorContext;
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len > G_MAXINT)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TOO_LARGE,
                        _("%s: too large for XML"), name), NULL;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: cannot parse XML"), name), NULL;
  xmlSetGenericErrorFunc (NULL, quiet_generic_error_cb);
  doc = xmlCtxtReadMemory (ctxt, data ? data : "", (int) len, NULL, NULL, PARSE_OPTIONS);
  xmlSetGenericErrorFunc (saved_context, saved);

  if (doc == NULL || !ctxt->wellFormed)
    {
      xmlError *last = xmlCtxtGetLastError (ctxt);
      g_autofree char *message = g_strdup (last && last->message ? last->message : "not well-formed");

      g_strchomp (message);
      g_strdelimit (message, "\r\n", ' ');
      g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                   _("%s: not well-formed XML (line %d): %s"), name,
                   last ? last->line : 0, message);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      /* Sidecars have no use for a DOCTYPE; it is where entity bombs and
       * external entities live. */
      g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                   _("%s: an XML document type declaration is not accepted"), name);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                   _("%s: an XML document without a root element"), name);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  xmlFreeParserCtxt (ctxt);
  return doc;
}

xmlDoc *
_ingest_metadata_xml_read (IngestByteSource  *source,
                           gsize              max_size,
                           GError           **error)
{
  g_autoptr(GBytes) bytes = _ingest_metadata_read_whole (source, max_size, error);

  if (bytes == NULL)
    return NULL;
  return _ingest_metadata_xml_parse (bytes, ingest_byte_source_get_name (source), error);
}

gboolean
_ingest_metadata_xml_is (xmlNode    *node,
                         const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0;
}

xmlNode *
_ingest_metadata_xml_next (xmlNode    *node,
                           const char *name)
{
  for (; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && (name == NULL || strcmp ((const char *) node->name, name) == 0))
      return node;
  return NULL;
}

xmlNode *
_ingest_metadata_xml_child (xmlNode    *node,
                            const char *name)
{
  if (node == NULL)
    return NULL;
  return _ingest_metadata_xml_next (node->children, name);
}

char *
_ingest_metadata_xml_prop (xmlNode    *node,
                           const char *name)
{
  if (node == NULL)
    return NULL;
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    if (strcmp ((const char *) attr->name, name) == 0)
      return _ingest_metadata_xml_text ((xmlNode *) attr);
  return NULL;
}

char *
_ingest_metadata_xml_text (xmlNode *node)
{
  GString *text;

  if (node == NULL)
    return NULL;
  text = g_string_new (NULL);
  /* Text children only: an entity reference is never followed. */
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
        child->content != NULL)
      g_string_append (text, (const char *) child->content);
  return g_string_free (text, FALSE);
}

char *
_ingest_metadata_xml_child_text (xmlNode    *node,
                                 const char *name)
{
  return _ingest_metadata_xml_text (_ingest_metadata_xml_child (node, name));
}

char *
_ingest_metadata_path_stem (const char *path)
{
  const char *base = strrchr (path, '/');
  const char *dot;

  base = base != NULL ? base + 1 : path;
  dot = strrchr (base, '.');
  return dot != NULL && dot != base ? g_strndup (base, dot - base) : g_strdup (base);
}

IngestClip *
_ingest_metadata_find_clip (GPtrArray  *clips,
                            const char *name)
{
  g_autofree char *stem = NULL;

  if (name == NULL || *name == '\0')
    return NULL;
  stem = _ingest_metadata_path_stem (name);
  for (guint i = 0; i < clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (clips, i);
      const char *media = ingest_clip_get_media_file (clip);

      if (g_ascii_strcasecmp (ingest_clip_get_name (clip), name) == 0 ||
          g_ascii_strcasecmp (ingest_clip_get_name (clip), stem) == 0)
        return clip;
      if (media != NULL)
        {
          g_autofree char *media_stem = _ingest_metadata_path_stem (media);

          if (g_ascii_strcasecmp (media_stem, stem) == 0)
            return clip;
        }
    }
  return NULL;
}

GHashTable *
_ingest_metadata_clip_index_new (GPtrArray *clips)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (clips, i);
      const char *media = ingest_clip_get_media_file (clip);
      char *name = g_ascii_strdown (ingest_clip_get_name (clip), -1);

      if (g_hash_table_contains (index, name))
        g_free (name);
      else
        g_hash_table_insert (index, name, clip);
      if (media != NULL)
        {
          g_autofree char *stem = _ingest_metadata_path_stem (media);
          char *key = g_ascii_strdown (stem, -1);

          if (g_hash_table_contains (index, key))
            g_free (key);
          else
            g_hash_table_insert (index, key, clip);
        }
    }
  return index;
}

IngestClip *
_ingest_metadata_clip_index_find (GHashTable *index,
                                  const char *name)
{
  g_autofree char *key = NULL;
  g_autofree char *stem = NULL;
  IngestClip *clip;

  if (name == NULL || *name == '\0')
    return NULL;
  key = g_ascii_strdown (name, -1);
  if ((clip = g_hash_table_lookup (index, key)) != NULL)
    return clip;
  stem = _ingest_metadata_path_stem (key);
  return g_hash_table_lookup (index, stem);
}
