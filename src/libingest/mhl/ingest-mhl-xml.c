/* ingest-mhl-xml.c
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

#define G_LOG_DOMAIN "ingest-mhl-xml"

#include "config.h"

#include <string.h>

#include "ingest-mhl-error.h"
#include "ingest-mhl-file.h"
#include "ingest-mhl-xml-private.h"

/* Entities are not substituted (no XML_PARSE_NOENT), no DTD is loaded or
 * validated, no network, no XML_PARSE_HUGE; a DOCTYPE is refused outright. */
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | \
                        XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

struct _IngestMhlXmlReader
{
  xmlTextReaderPtr  reader;
  GBytes           *bytes;
  char             *file_name;
  char             *first_error;
  guint             first_error_line;
  xmlGenericErrorFunc saved_generic_error;
  void             *saved_generic_error_context;
};

/* libxml2's encoding and I/O layers report through the (per-thread) generic
 * error handler, which prints to stderr; hostile input must not spam it. */
static void
quiet_generic_error_cb (void       *ctx,
                        const char *msg,
                        ...)
{
}

static void
structured_error_cb (void        *user_data,
                     xmlErrorPtr  error)
{
  IngestMhlXmlReader *self = user_data;

  if (error == NULL || error->level < XML_ERR_ERROR || self->first_error != NULL)
    return;

  self->first_error = g_strchomp (g_strdup (error->message ? error->message : "XML error"));
  g_strdelimit (self->first_error, "\r\n", ' ');
  self->first_error_line = error->line > 0 ? (guint) error->line : 0;
}

IngestMhlXmlReader *
_ingest_mhl_xml_reader_new (GBytes     *bytes,
                            const char *file_name)
{
  IngestMhlXmlReader *self;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  self = g_new0 (IngestMhlXmlReader, 1);
  self->saved_generic_error = xmlGenericError;
  self->saved_generic_error_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc (NULL, quiet_generic_error_cb);
  self->bytes = g_bytes_ref (bytes);
  self->file_name = g_strdup (file_name ? file_name : "(manifest)");
  /* libxml2 wants a non-NULL buffer even for empty input. */
  self->reader = xmlReaderForMemory (data ? data : "", (int) MIN (len, (gsize) G_MAXINT),
                                     NULL, NULL, READER_OPTIONS);
  if (self->reader != NULL)
    xmlTextReaderSetStructuredErrorHandler (self->reader, structured_error_cb, self);
  return self;
}

void
_ingest_mhl_xml_reader_free (IngestMhlXmlReader *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->reader, xmlFreeTextReader);
  xmlSetGenericErrorFunc (self->saved_generic_error_context, self->saved_generic_error);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->file_name);
  g_free (self->first_error);
  g_free (self);
}

xmlTextReaderPtr
_ingest_mhl_xml_reader_get (IngestMhlXmlReader *self)
{
  return self->reader;
}

const char *
_ingest_mhl_xml_reader_get_file_name (IngestMhlXmlReader *self)
{
  return self->file_name;
}

guint
_ingest_mhl_xml_get_line (IngestMhlXmlReader *self)
{
  xmlNodePtr node;
  long line = 0;

  if (self->reader == NULL)
    return 0;
  node = xmlTextReaderCurrentNode (self->reader);
  if (node != NULL)
    line = xmlGetLineNo (node);
  if (line <= 0)
    line = xmlTextReaderGetParserLineNumber (self->reader);
  return line > 0 ? (guint) line : 0;
}

void
_ingest_mhl_xml_set_error (IngestMhlXmlReader  *self,
                           GError             **error,
                           int                  code,
                           const char          *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, INGEST_MHL_ERROR, code, "%s:%u: %s",
               self->file_name, _ingest_mhl_xml_get_line (self), message);
}

/* Re-raises @cause (e.g. an INVALID_PATH from ingest_mhl_path_validate())
 * with the file name and line in front. Takes @cause. */
void
_ingest_mhl_xml_prefix_error (IngestMhlXmlReader  *self,
                              GError             **error,
                              int                  code,
                              GError              *cause)
{
  _ingest_mhl_xml_set_error (self, error, code, "%s", cause->message);
  g_error_free (cause);
}

/* Adds "FILE:LINE: message" to a document's @warnings, up to
 * INGEST_MHL_MAX_WARNINGS. @line: 0 for the reader's current line. */
void
_ingest_mhl_xml_warn (IngestMhlXmlReader *self,
                      GPtrArray          *warnings,
                      guint               line,
                      const char         *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (warnings->len >= INGEST_MHL_MAX_WARNINGS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (warnings,
                   g_strdup_printf ("%s:%u: %s", self->file_name,
                                    line != 0 ? line : _ingest_mhl_xml_get_line (self), message));
}

/* One step of the reader; FALSE on a parse error or at the end. */
static gboolean
read_node (IngestMhlXmlReader  *self,
           GError             **error)
{
  int ret;

  if (self->reader == NULL)
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE,
                   "%s:0: cannot create an XML reader", self->file_name);
      return FALSE;
    }

  ret = xmlTextReaderRead (self->reader);
  if (ret == 1)
    {
      if (xmlTextReaderNodeType (self->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          _ingest_mhl_xml_set_error (self, error, INGEST_MHL_ERROR_PARSE,
                                     "a DOCTYPE is not allowed in an MHL document");
          return FALSE;
        }
      return TRUE;
    }

  if (ret < 0 || self->first_error != NULL)
    g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE, "%s:%u: %s",
                 self->file_name,
                 self->first_error_line ? self->first_error_line : _ingest_mhl_xml_get_line (self),
                 self->first_error ? self->first_error : "not well-formed XML");
  else
    g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE,
                 "%s:%u: unexpected end of the document", self->file_name,
                 _ingest_mhl_xml_get_line (self));
  return FALSE;
}

/* Finds a DOCTYPE in the prolog before libxml2 parses anything: the reader
 * reports the DOCTYPE node only after it has parsed ahead, possibly into
 * entity references. Works on ASCII-compatible encodings; for UTF-16/32 the
 * DOCTYPE node check in read_node() remains (libxml2 then neither loads
 * external entities nor expands entities without bound). */
static gboolean
check_prolog (IngestMhlXmlReader  *self,
              GError             **error)
{
  gsize len;
  const char *data = g_bytes_get_data (self->bytes, &len);
  guint line = 1;

  for (gsize i = 0; data != NULL && i + 1 < len; i++)
    {
      if (data[i] == '\n')
        line++;
      if (data[i] != '<')
        continue;
      if (g_ascii_isalpha (data[i + 1]) || data[i + 1] == '_')
        break;   /* the root element */
      if (len - i >= 9 && memcmp (data + i, "<!DOCTYPE", 9) == 0)
        {
          g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE,
                       "%s:%u: a DOCTYPE is not allowed in an MHL document", self->file_name, line);
          return FALSE;
        }
    }
  return TRUE;
}

/* Positions the reader on the root element's start tag. */
gboolean
_ingest_mhl_xml_read_root (IngestMhlXmlReader  *self,
                           GError             **error)
{
  if (g_bytes_get_size (self->bytes) == 0)
    {
      g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE,
                   "%s:1: the document is empty", self->file_name);
      return FALSE;
    }
  if (!check_prolog (self, error))
    return FALSE;

  do
    {
      if (!read_node (self, error))
        return FALSE;
    }
  while (xmlTextReaderNodeType (self->reader) != XML_READER_TYPE_ELEMENT);
  return TRUE;
}

/* Replaces *@field with the element's text; on error *@field is kept. */
gboolean
_ingest_mhl_xml_read_text_into (IngestMhlXmlReader  *self,
                                char               **field,
                                GError             **error)
{
  char *text = _ingest_mhl_xml_read_text (self, error);

  if (text == NULL)
    return FALSE;
  g_free (*field);
  *field = text;
  return TRUE;
}

/* A file size in bytes, as both MHL versions write it. */
gboolean
_ingest_mhl_xml_parse_size (IngestMhlXmlReader  *self,
                            const char          *text,
                            gint64              *size,
                            GError             **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_autofree char *shown = g_strescape (text, "");

      _ingest_mhl_xml_set_error (self, error, INGEST_MHL_ERROR_INVALID_VALUE,
                                 "size “%s” is not a number of bytes", shown);
      return FALSE;
    }
  *size = (gint64) value;
  return TRUE;
}

/* Positions the reader on the root element and checks that it is
 * <@local_name> in @expected_ns or in no namespace (the reference reader
 * ignores namespaces). @what names the document in the error, e.g.
 * "an MHL document". *@ns is the root's namespace, NULL for none; the reader
 * owns it. */
gboolean
_ingest_mhl_xml_read_root_element (IngestMhlXmlReader  *self,
                                   const char          *local_name,
                                   const char          *expected_ns,
                                   const char          *what,
                                   const char         **ns,
                                   GError             **error)
{
  if (!_ingest_mhl_xml_read_root (self, error))
    return FALSE;

  *ns = (const char *) xmlTextReaderConstNamespaceUri (self->reader);
  if (!_ingest_mhl_xml_is (self, *ns, local_name) ||
      (*ns != NULL && strcmp (*ns, expected_ns) != 0))
    {
      _ingest_mhl_xml_set_error (self, error, INGEST_MHL_ERROR_PARSE,
                                 "not %s: the root element is not <%s> in namespace %s",
                                 what, local_name, expected_ns);
      return FALSE;
    }
  return TRUE;
}

/* Reads a whole manifest or chain file; *@base_name is its name for messages.
 * Read, not mmap: a card pulled out mid-parse must not raise SIGBUS. */
GBytes *
_ingest_mhl_xml_load_file (const char  *path,
                           char       **base_name,
                           GError     **error)
{
  char *contents = NULL;
  gsize len;

  if (!ingest_mhl_file_read (path, &contents, &len, error))
    return NULL;
  *base_name = g_path_get_basename (path);
  return g_bytes_new_take (contents, len);
}

/* After the root element: only comments, PIs and whitespace may follow. */
gboolean
_ingest_mhl_xml_finish (IngestMhlXmlReader  *self,
                        GError             **error)
{
  int ret;

  while ((ret = xmlTextReaderRead (self->reader)) == 1)
    if (xmlTextReaderNodeType (self->reader) == XML_READER_TYPE_ELEMENT)
      break;

  if (ret == 0 && self->first_error == NULL)
    return TRUE;

  if (ret == 1)
    _ingest_mhl_xml_set_error (self, error, INGEST_MHL_ERROR_PARSE,
                               "content after the root element");
  else
    g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE, "%s:%u: %s",
                 self->file_name,
                 self->first_error_line ? self->first_error_line : _ingest_mhl_xml_get_line (self),
                 self->first_error ? self->first_error : "not well-formed XML");
  return FALSE;
}

gboolean
_ingest_mhl_xml_is (IngestMhlXmlReader *self,
                    const char         *ns,
                    const char         *local_name)
{
  const char *node_ns = (const char *) xmlTextReaderConstNamespaceUri (self->reader);
  const char *node_name = (const char *) xmlTextReaderConstLocalName (self->reader);

  return g_strcmp0 (node_ns, ns) == 0 && g_strcmp0 (node_name, local_name) == 0;
}

void
_ingest_mhl_xml_iter_init (IngestMhlXmlReader *self,
                           IngestMhlXmlIter   *iter)
{
  iter->depth = xmlTextReaderDepth (self->reader);
  iter->done = xmlTextReaderIsEmptyElement (self->reader) != 0;
}

int
_ingest_mhl_xml_iter_next (IngestMhlXmlReader  *self,
                           IngestMhlXmlIter    *iter,
                           GError             **error)
{
  while (!iter->done)
    {
      int type;

      if (!read_node (self, error))
        return -1;

      type = xmlTextReaderNodeType (self->reader);
      if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth (self->reader) == iter->depth + 1)
        return 1;
      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (self->reader) == iter->depth)
        iter->done = TRUE;
      /* Text between elements (indentation), comments and PIs are skipped. */
    }
  return 0;
}

/* The text of a simple element, from its start tag to its end tag. */
char *
_ingest_mhl_xml_read_text (IngestMhlXmlReader  *self,
                           GError             **error)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *first = NULL;   /* the usual case: one text node */
  IngestMhlXmlIter iter;

  _ingest_mhl_xml_iter_init (self, &iter);
  while (!iter.done)
    {
      int type;

      if (!read_node (self, error))
        return NULL;

      type = xmlTextReaderNodeType (self->reader);
      switch (type)
        {
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          if (first == NULL && text == NULL)
            first = g_strdup ((const char *) xmlTextReaderConstValue (self->reader));
          else
            {
              if (text == NULL)
                {
                  text = g_string_new (first);
                  g_clear_pointer (&first, g_free);
                }
              g_string_append (text, (const char *) xmlTextReaderConstValue (self->reader));
            }
          break;
        case XML_READER_TYPE_END_ELEMENT:
          if (xmlTextReaderDepth (self->reader) == iter.depth)
            iter.done = TRUE;
          break;
        case XML_READER_TYPE_ELEMENT:
          _ingest_mhl_xml_set_error (self, error, INGEST_MHL_ERROR_PARSE,
                                     "unexpected element <%s> in a text element",
                                     (const char *) xmlTextReaderConstLocalName (self->reader));
          return NULL;
        default:
          /* Comments and processing instructions carry no text. An entity
           * reference cannot occur: a DOCTYPE is refused and undeclared
           * entities are errors. */
          break;
        }
    }
  if (text != NULL)
    return g_string_free (g_steal_pointer (&text), FALSE);
  return first != NULL ? g_steal_pointer (&first) : g_strdup ("");
}

/* Consumes the current element and everything inside it. */
gboolean
_ingest_mhl_xml_skip (IngestMhlXmlReader  *self,
                      GError             **error)
{
  IngestMhlXmlIter iter;

  _ingest_mhl_xml_iter_init (self, &iter);
  while (!iter.done)
    {
      if (!read_node (self, error))
        return FALSE;
      if (xmlTextReaderNodeType (self->reader) == XML_READER_TYPE_END_ELEMENT &&
          xmlTextReaderDepth (self->reader) == iter.depth)
        iter.done = TRUE;
    }
  return TRUE;
}

/* The current element as XML text (e.g. <metadata>), then consumes it. */
char *
_ingest_mhl_xml_read_outer (IngestMhlXmlReader  *self,
                            const char          *default_ns,
                            GError             **error)
{
  xmlChar *outer = xmlTextReaderReadOuterXml (self->reader);
  char *result;

  if (outer == NULL)
    {
      _ingest_mhl_xml_set_error (self, error, INGEST_MHL_ERROR_PARSE, "cannot read element");
      return NULL;
    }
  result = g_strdup ((const char *) outer);
  xmlFree (outer);

  /* libxml2 declares every namespace in scope on the fragment. Without a
   * default namespace in scope, say which one unprefixed names are in, or
   * they would land in ASC MHL's default namespace when the fragment is
   * written into one of our documents. */
  if (strstr (result, " xmlns=\"") == NULL || strstr (result, " xmlns=\"") > strchr (result, '>'))
    {
      gsize name_len = strcspn (result, " \t\r\n/>");
      char *fixed = g_strdup_printf ("%.*s xmlns=\"%s\"%s", (int) name_len, result, default_ns,
                                     result + name_len);

      g_free (result);
      result = fixed;
    }

  if (!_ingest_mhl_xml_skip (self, error))
    {
      g_free (result);
      return NULL;
    }
  return result;
}

/* An attribute without namespace of the current element, or NULL. */
char *
_ingest_mhl_xml_get_attribute (IngestMhlXmlReader *self,
                               const char         *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (self->reader, (const xmlChar *) name);
  char *result;

  if (value == NULL)
    return NULL;
  result = g_strdup ((const char *) value);
  xmlFree (value);
  return result;
}

void
_ingest_mhl_xml_get_attributes (IngestMhlXmlReader  *self,
                                const char * const  *names,
                                char               **values,
                                guint                n_names)
{
  int ret;

  memset (values, 0, n_names * sizeof (char *));
  if (xmlTextReaderHasAttributes (self->reader) != 1)
    return;

  for (ret = xmlTextReaderMoveToFirstAttribute (self->reader); ret == 1;
       ret = xmlTextReaderMoveToNextAttribute (self->reader))
    {
      const char *name;

      /* attributes in a namespace, and xmlns declarations, are not ours */
      if (xmlTextReaderConstNamespaceUri (self->reader) != NULL)
        continue;
      name = (const char *) xmlTextReaderConstLocalName (self->reader);
      for (guint i = 0; i < n_names; i++)
        if (values[i] == NULL && g_strcmp0 (name, names[i]) == 0)
          {
            values[i] = g_strdup ((const char *) xmlTextReaderConstValue (self->reader));
            break;
          }
    }
  xmlTextReaderMoveToElement (self->reader);
}

/* Escapes like lxml: & < > in text; also " and the whitespace that attribute
 * normalization would otherwise eat in attributes; \r always. */
void
_ingest_mhl_xml_append_escaped (GString    *out,
                                const char *text,
                                gboolean    attribute)
{
  for (const char *p = text; *p; p++)
    {
      gsize plain = strcspn (p, "&<>\r\"\n\t");

      if (plain > 0)
        {
          g_string_append_len (out, p, plain);
          p += plain;
          if (*p == '\0')
            break;
        }
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '\r':
          g_string_append (out, "&#13;");
          break;
        case '"':
          g_string_append (out, attribute ? "&quot;" : "\"");
          break;
        case '\n':
          g_string_append (out, attribute ? "&#10;" : "\n");
          break;
        case '\t':
          g_string_append (out, attribute ? "&#9;" : "\t");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

/* "<indent><name>text</name>\n" */
void
_ingest_mhl_xml_append_element (GString    *out,
                                guint       indent,
                                const char *name,
                                const char *text)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
  g_string_append_c (out, '<');
  g_string_append (out, name);
  g_string_append_c (out, '>');
  _ingest_mhl_xml_append_escaped (out, text, FALSE);
  g_string_append (out, "</");
  g_string_append (out, name);
  g_string_append (out, ">\n");
}
