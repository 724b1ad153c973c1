/* ingest-json-stream.c
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

#define G_LOG_DOMAIN "ingest-json-stream"

#include "config.h"

#include <string.h>

#include "ingest-json-stream.h"

struct _IngestJsonStream
{
  GOutputStream *out;
  JsonGenerator *generator;
  char          *head;        /* the head object's text, written with the first write */
  char          *member;
  guint          n_elements;
};

/* json-glib's pretty format: two spaces per level, "name" : value, "[]" when
 * empty. An element is printed inside a wrapper of the same depth as in the
 * whole document, so that it comes out exactly as it would there. */
#define WRAPPER_HEAD "{\n  \"x\" : [\n"
#define WRAPPER_TAIL "\n  ]\n}"

static char *
to_text (IngestJsonStream *self,
         JsonNode         *node)
{
  json_generator_set_root (self->generator, node);
  return json_generator_to_data (self->generator, NULL);
}

static gboolean
write_text (IngestJsonStream  *self,
            const char        *text,
            gsize              len,
            GError           **error)
{
  return g_output_stream_write_all (self->out, text, len, NULL, NULL, error);
}

/* The head without its closing "\n}", then the array's member name. */
static gboolean
write_head (IngestJsonStream  *self,
            GError           **error)
{
  g_autofree char *head = g_steal_pointer (&self->head);
  g_autoptr(JsonNode) name = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr(GString) text = NULL;
  gsize len;

  if (head == NULL)
    return TRUE;  /* written already */
  name = json_node_init_string (json_node_alloc (), self->member);
  quoted = to_text (self, name);
  text = g_string_new (NULL);
  len = strlen (head);
  /* "{}" for a head without members */
  if (len >= 2 && strcmp (head + len - 2, "\n}") == 0)
    g_string_append_printf (text, "%.*s,\n", (int) (len - 2), head);
  else
    g_string_append (text, "{\n");
  g_string_append_printf (text, "  %s : [", quoted);
  return write_text (self, text->str, text->len, error);
}

/**
 * ingest_json_stream_new:
 * @out: where the text goes (not closed)
 * @head: an object node: every member before the array
 * @array_member: the name of the array, the object's last member
 *
 * Returns: (transfer full): a stream; nothing is written before the first
 *   ingest_json_stream_add() or ingest_json_stream_close()
 */
IngestJsonStream *
ingest_json_stream_new (GOutputStream *out,
                        JsonNode      *head,
                        const char    *array_member)
{
  IngestJsonStream *self = g_new0 (IngestJsonStream, 1);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
  g_return_val_if_fail (JSON_NODE_HOLDS_OBJECT (head), NULL);

  self->out = g_object_ref (out);
  self->generator = json_generator_new ();
  json_generator_set_pretty (self->generator, TRUE);
  self->head = to_text (self, head);
  self->member = g_strdup (array_member);
  return self;
}

/* Appends one element of the array; it may be freed right after. */
gboolean
ingest_json_stream_add (IngestJsonStream  *self,
                        JsonNode          *element,
                        GError           **error)
{
  g_autoptr(JsonObject) wrapper = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonArray *array = json_array_new ();
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (element != NULL, FALSE);

  if (!write_head (self, error))
    return FALSE;

  json_array_add_element (array, json_node_copy (element));
  json_object_set_array_member (wrapper, "x", array);
  json_node_set_object (root, wrapper);
  text = to_text (self, root);
  len = strlen (text);
  g_assert (g_str_has_prefix (text, WRAPPER_HEAD) && g_str_has_suffix (text, WRAPPER_TAIL));

  if (self->n_elements++ > 0 && !write_text (self, ",", 1, error))
    return FALSE;
  /* the element's line break and indent come with it */
  return write_text (self, text + strlen (WRAPPER_HEAD) - 1,
                     len - strlen (WRAPPER_HEAD) - strlen (WRAPPER_TAIL) + 1, error);
}

/* Ends the array and the object (no newline after it) and flushes. */
gboolean
ingest_json_stream_close (IngestJsonStream  *self,
                          GError           **error)
{
  const char *tail = self->n_elements == 0 ? "]\n}" : "\n  ]\n}";

  return write_head (self, error) &&
         write_text (self, tail, strlen (tail), error) &&
         g_output_stream_flush (self->out, NULL, error);
}

void
ingest_json_stream_free (IngestJsonStream *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->out);
  g_object_unref (self->generator);
  g_free (self->head);
  g_free (self->member);
  g_free (self);
}
