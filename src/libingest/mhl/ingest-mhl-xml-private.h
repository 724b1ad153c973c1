/* ingest-mhl-xml-private.h
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

#include <glib.h>
#include <libxml/xmlreader.h>

G_BEGIN_DECLS

/* The hardened streaming reader shared by the manifest and chain parsers, and
 * the escaping used by their writers. */

#define INGEST_MHL_NS           "urn:ASC:MHL:v2.0"
#define INGEST_MHL_DIRECTORY_NS "urn:ASC:MHL:DIRECTORY:v2.0"

/* A document keeps at most this many warnings. */
#define INGEST_MHL_MAX_WARNINGS 100

typedef struct _IngestMhlXmlReader IngestMhlXmlReader;

IngestMhlXmlReader *_ingest_mhl_xml_reader_new      (GBytes              *bytes,
                                                     const char          *file_name);
void                _ingest_mhl_xml_reader_free     (IngestMhlXmlReader  *self);
xmlTextReaderPtr    _ingest_mhl_xml_reader_get      (IngestMhlXmlReader  *self);
const char         *_ingest_mhl_xml_reader_get_file_name (IngestMhlXmlReader *self);
gboolean            _ingest_mhl_xml_read_root       (IngestMhlXmlReader  *self,
                                                     GError             **error);
gboolean            _ingest_mhl_xml_read_root_element (IngestMhlXmlReader *self,
                                                       const char         *local_name,
                                                       const char         *expected_ns,
                                                       const char         *what,
                                                       const char        **ns,
                                                       GError            **error);
GBytes             *_ingest_mhl_xml_load_file       (const char          *path,
                                                     char               **base_name,
                                                     GError             **error);
/* Iterating the children of the current element: init on its start tag, then
 * next() returns 1 with the reader on a child's start tag, 0 after the end
 * tag, -1 on error. Child handlers must consume the child (read_text, skip,
 * read_outer, or a nested iteration to its end). */
typedef struct {
  int      depth;
  gboolean done;
} IngestMhlXmlIter;

void                _ingest_mhl_xml_iter_init       (IngestMhlXmlReader  *self,
                                                     IngestMhlXmlIter    *iter);
int                 _ingest_mhl_xml_iter_next       (IngestMhlXmlReader  *self,
                                                     IngestMhlXmlIter    *iter,
                                                     GError             **error);
gboolean            _ingest_mhl_xml_finish          (IngestMhlXmlReader  *self,
                                                     GError             **error);
gboolean            _ingest_mhl_xml_is              (IngestMhlXmlReader  *self,
                                                     const char          *ns,
                                                     const char          *local_name);
char               *_ingest_mhl_xml_read_text       (IngestMhlXmlReader  *self,
                                                     GError             **error);
gboolean            _ingest_mhl_xml_read_text_into  (IngestMhlXmlReader  *self,
                                                     char               **field,
                                                     GError             **error);
gboolean            _ingest_mhl_xml_parse_size      (IngestMhlXmlReader  *self,
                                                     const char          *text,
                                                     gint64              *size,
                                                     GError             **error);
/* @default_ns: the default namespace to declare on the fragment when it has
 * none in scope ("" keeps unprefixed names in no namespace) */
char               *_ingest_mhl_xml_read_outer      (IngestMhlXmlReader  *self,
                                                     const char          *default_ns,
                                                     GError             **error);
gboolean            _ingest_mhl_xml_skip            (IngestMhlXmlReader  *self,
                                                     GError             **error);
char               *_ingest_mhl_xml_get_attribute   (IngestMhlXmlReader  *self,
                                                     const char          *name);
/* Like get_attribute() for @n_names names at once, in one pass over the
 * attributes: values[i] is a copy of the value of names[i], or NULL. */
void                _ingest_mhl_xml_get_attributes  (IngestMhlXmlReader  *self,
                                                     const char * const  *names,
                                                     char               **values,
                                                     guint                n_names);
guint               _ingest_mhl_xml_get_line        (IngestMhlXmlReader  *self);
void                _ingest_mhl_xml_set_error       (IngestMhlXmlReader  *self,
                                                     GError             **error,
                                                     int                  code,
                                                     const char          *format,
                                                     ...) G_GNUC_PRINTF (4, 5);
void                _ingest_mhl_xml_prefix_error    (IngestMhlXmlReader  *self,
                                                     GError             **error,
                                                     int                  code,
                                                     GError              *cause);
void                _ingest_mhl_xml_warn            (IngestMhlXmlReader  *self,
                                                     GPtrArray           *warnings,
                                                     guint                line,
                                                     const char          *format,
                                                     ...) G_GNUC_PRINTF (4, 5);

void                _ingest_mhl_xml_append_escaped  (GString             *out,
                                                     const char          *text,
                                                     gboolean             attribute);
void                _ingest_mhl_xml_append_element  (GString             *out,
                                                     guint                indent,
                                                     const char          *name,
                                                     const char          *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestMhlXmlReader, _ingest_mhl_xml_reader_free)

G_END_DECLS
