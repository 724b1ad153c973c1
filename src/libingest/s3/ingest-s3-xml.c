/* ingest-s3-xml.c
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

/* Reading S3's XML answers: libxml2 helpers that never fetch anything, and
 * the ListObjectsV2 page reader (also reached alone by tests and the fuzzer). */

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ingest-s3-checksum-private.h"
#include "ingest-s3-client-private.h"
#include "ingest-upload-error.h"


xmlDoc *
_ingest_s3_xml_parse (const guint8 *data,
                      gsize         len)
{
  if (data == NULL || len == 0 || len > G_MAXINT)
    return NULL;
  /* NONET and no entity substitution: answers are data, never fetched further. */
  return xmlReadMemory ((const char *) data, (int) len, NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

gboolean
_ingest_s3_xml_is_element (xmlNode    *node,
                           const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0;
}

xmlNode *
_ingest_s3_xml_find_child (xmlNode    *parent,
                           const char *name)
{
  for (xmlNode *child = parent ? parent->children : NULL; child != NULL; child = child->next)
    if (_ingest_s3_xml_is_element (child, name))
      return child;
  return NULL;
}

char *
_ingest_s3_xml_dup_child_text (xmlNode    *parent,
                               const char *name)
{
  xmlNode *child = _ingest_s3_xml_find_child (parent, name);
  xmlChar *content;
  char *text;

  if (child == NULL)
    return NULL;
  content = xmlNodeGetContent (child);
  text = g_strdup ((const char *) content);
  xmlFree (content);
  return text;
}

gboolean
_ingest_s3_xml_child_is_true (xmlNode    *parent,
                              const char *name)
{
  g_autofree char *text = _ingest_s3_xml_dup_child_text (parent, name);

  return text != NULL && g_ascii_strcasecmp (g_strstrip (text), "true") == 0;
}

/* One ListObjectsV2 page (<ListBucketResult>): its objects appended to
 * @objects, whether more follow, and the token of the next page. An entry
 * without a key, or whose size is not a plain number, makes the page a
 * protocol error: a wrong size would be taken for another file's. */
gboolean
_ingest_s3_xml_read_list_page (xmlNode    *root,
                               GPtrArray  *objects,
                               gboolean   *truncated,
                               char      **next_token,
                               GError    **error)
{
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      g_autofree char *size = NULL;
      g_autofree char *etag = NULL;
      g_autoptr(IngestS3ListedObject) object = NULL;

      if (!_ingest_s3_xml_is_element (node, "Contents"))
        continue;
      object = g_new0 (IngestS3ListedObject, 1);
      object->key = _ingest_s3_xml_dup_child_text (node, "Key");
      size = _ingest_s3_xml_dup_child_text (node, "Size");
      etag = _ingest_s3_xml_dup_child_text (node, "ETag");
      object->etag = _ingest_s3_strip_etag (etag);
      object->last_modified = _ingest_s3_xml_dup_child_text (node, "LastModified");
      if (object->key == NULL || object->key[0] == '\0' || size == NULL ||
          !g_ascii_string_to_unsigned (size, 10, 0, G_MAXUINT64, &object->size, NULL))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                       "ListObjectsV2: an entry without a key or with a size that is not a number");
          return FALSE;
        }
      g_ptr_array_add (objects, g_steal_pointer (&object));
    }
  *truncated = _ingest_s3_xml_child_is_true (root, "IsTruncated");
  *next_token = _ingest_s3_xml_dup_child_text (root, "NextContinuationToken");
  return TRUE;
}

/* The parser of one ListObjectsV2 answer on its own, for tests and the
 * fuzzer (tests/fuzz/fuzz-s3-list.c). */
gboolean
_ingest_s3_parse_list_page (const guint8  *data,
                            gsize          len,
                            GPtrArray     *objects,
                            gboolean      *truncated,
                            char         **next_token,
                            GError       **error)
{
  xmlDoc *doc = _ingest_s3_xml_parse (data, len);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  gboolean ok;

  *truncated = FALSE;
  *next_token = NULL;
  if (!_ingest_s3_xml_is_element (root, "ListBucketResult"))
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                   "ListObjectsV2: the answer is not a <ListBucketResult> document");
      return FALSE;
    }
  ok = _ingest_s3_xml_read_list_page (root, objects, truncated, next_token, error);
  xmlFreeDoc (doc);
  return ok;
}
