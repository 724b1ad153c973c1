/* ingest-s3-client-private.h
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

#pragma once

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include <libxml/tree.h>

#include "ingest-s3-client.h"

G_BEGIN_DECLS

/* Reading S3's XML answers (ingest-s3-xml.c). _ingest_s3_xml_parse() fetches
 * nothing (no network, no entities) and is NULL for an empty or bad body. */
xmlDoc   *_ingest_s3_xml_parse          (const guint8  *data,
                                         gsize          len);
gboolean  _ingest_s3_xml_is_element     (xmlNode       *node,
                                         const char    *name);
xmlNode  *_ingest_s3_xml_find_child     (xmlNode       *parent,
                                         const char    *name);
char     *_ingest_s3_xml_dup_child_text (xmlNode       *parent,
                                         const char    *name);
gboolean  _ingest_s3_xml_child_is_true  (xmlNode       *parent,
                                         const char    *name);
gboolean  _ingest_s3_xml_read_list_page (xmlNode       *root,
                                         GPtrArray     *objects,
                                         gboolean      *truncated,
                                         char         **next_token,
                                         GError       **error);

/* One ListObjectsV2 answer parsed on its own: appends its objects
 * (IngestS3ListedObject *) to @objects, says whether more pages follow and
 * the token of the next. FALSE with INGEST_UPLOAD_ERROR_PROTOCOL for
 * anything but a well-formed <ListBucketResult> whose entries all have a
 * key and a numeric size. */
gboolean _ingest_s3_parse_list_page (const guint8  *data,
                                     gsize          len,
                                     GPtrArray     *objects,
                                     gboolean      *truncated,
                                     char         **next_token,
                                     GError       **error);

G_END_DECLS
