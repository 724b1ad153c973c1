/* ingest-metadata-xml-private.h
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
# error "A private header of the core."
#endif

#include <libxml/tree.h>

#include "ingest-byte-source.h"
#include "ingest-clip.h"

G_BEGIN_DECLS

/* What the sidecar readers share: a whole small file read under a size
 * bound, XML parsed without entities, DTDs or network, and clips matched by
 * name. */

/* The whole of SOURCE when it holds at most MAX_SIZE bytes; else
 * INGEST_METADATA_ERROR_TOO_LARGE before a byte is read. */
GBytes     *_ingest_metadata_read_whole     (IngestByteSource  *source,
                                             gsize              max_size,
                                             GError           **error);

/* Parses XML of at most MAX_SIZE bytes. A document with a DOCTYPE (where
 * entities would be declared) is refused as MALFORMED. */
xmlDoc     *_ingest_metadata_xml_parse      (GBytes            *bytes,
                                             const char        *name,
                                             GError           **error);
xmlDoc     *_ingest_metadata_xml_read       (IngestByteSource  *source,
                                             gsize              max_size,
                                             GError           **error);

/* The first element child of NODE with local name NAME (any namespace). */
xmlNode    *_ingest_metadata_xml_child      (xmlNode           *node,
                                             const char        *name);
xmlNode    *_ingest_metadata_xml_next       (xmlNode           *node,
                                             const char        *name);
/* An attribute's value (any namespace), or NULL; free with g_free(). */
char       *_ingest_metadata_xml_prop       (xmlNode           *node,
                                             const char        *name);
/* The text directly inside NODE (its text children, never an entity's
 * expansion), or NULL; free with g_free(). */
char       *_ingest_metadata_xml_text       (xmlNode           *node);
/* The text of NODE's first child element NAME. */
char       *_ingest_metadata_xml_child_text (xmlNode           *node,
                                             const char        *name);
gboolean    _ingest_metadata_xml_is         (xmlNode           *node,
                                             const char        *name);

/* The clip of CLIPS whose name, or media file's name without its extension,
 * is NAME (ASCII case-insensitive); NAME may carry a folder or an
 * extension. NULL when none. */
IngestClip *_ingest_metadata_find_clip      (GPtrArray         *clips,
                                             const char        *name);

/* The same match for many names: an index of CLIPS by lower-case name and
 * media file stem (the first clip wins). Free with g_hash_table_unref(). */
GHashTable *_ingest_metadata_clip_index_new (GPtrArray         *clips);
IngestClip *_ingest_metadata_clip_index_find (GHashTable       *index,
                                             const char        *name);

/* "a/b/C0001.MXF" → "C0001". */
char       *_ingest_metadata_path_stem      (const char        *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
