/* ingest-display-name.c
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

#define G_LOG_DOMAIN "ingest-display-name"

#include "config.h"

#include <string.h>

#include "ingest-display-name.h"

/* Characters that move the cursor, end a line or reorder what follows:
 * C0 and C1 controls, DEL, line and paragraph separators, and the Unicode
 * bidirectional controls (a U+202E makes "vom.txt" read "txt.mov"). */
static gboolean
is_hidden (gunichar ch)
{
  return ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) ||
         ch == 0x061c || ch == 0x200e || ch == 0x200f ||
         ch == 0x2028 || ch == 0x2029 ||
         (ch >= 0x202a && ch <= 0x202e) ||
         (ch >= 0x2066 && ch <= 0x2069);
}

static gboolean
needs_escape (const char *text,
              gboolean    escape_backslash)
{
  const char *end = text + strlen (text);

  for (const char *p = text; p < end; )
    {
      gunichar ch;

      if ((guchar) *p < 0x80)
        {
          if ((guchar) *p < 0x20 || *p == 0x7f || (escape_backslash && *p == '\\'))
            return TRUE;
          p++;
          continue;
        }
      ch = g_utf8_get_char_validated (p, end - p);
      if (ch == (gunichar) -1 || ch == (gunichar) -2 || is_hidden (ch))
        return TRUE;
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

static char *
escape (const char *text,
        gboolean    escape_backslash)
{
  const char *end;
  GString *shown;

  if (text == NULL)
    return NULL;
  if (!needs_escape (text, escape_backslash))
    return g_strdup (text);

  end = text + strlen (text);
  shown = g_string_sized_new (end - text + 16);
  for (const char *p = text; p < end; )
    {
      guchar byte = (guchar) *p;
      gunichar ch;

      if (byte < 0x80)
        {
          if (byte == '\n')
            g_string_append (shown, "\\n");
          else if (byte == '\t')
            g_string_append (shown, "\\t");
          else if (byte == '\r')
            g_string_append (shown, "\\r");
          else if (byte < 0x20 || byte == 0x7f)
            g_string_append_printf (shown, "\\x%02x", byte);
          else if (byte == '\\' && escape_backslash)
            g_string_append (shown, "\\\\");
          else
            g_string_append_c (shown, byte);
          p++;
          continue;
        }
      ch = g_utf8_get_char_validated (p, end - p);
      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          /* not UTF-8: the byte itself, and the next one starts afresh */
          g_string_append_printf (shown, "\\x%02x", byte);
          p++;
          continue;
        }
      if (is_hidden (ch))
        g_string_append_printf (shown, "\\u%04x", ch);
      else
        g_string_append_len (shown, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (shown, FALSE);
}

/**
 * ingest_display_name:
 * @name: (nullable): a file name or path, any bytes
 *
 * The form of @name to show a person: valid UTF-8 on one line, reading the
 * way its characters are stored. Tab, newline and carriage return become
 * `\t`, `\n`, `\r`; other control bytes and bytes that are not UTF-8 become
 * `\xNN`; C1 controls, line separators and bidirectional controls become
 * `\uNNNN`; a backslash is doubled, so every name has one form and no two
 * names share it. A crafted name can therefore never print a line of its own.
 *
 * JSON output needs none of this: its strings are escaped by json-glib.
 *
 * Returns: (transfer full) (nullable): the escaped name, %NULL for %NULL
 */
char *
ingest_display_name (const char *name)
{
  return escape (name, TRUE);
}

/**
 * ingest_display_message:
 * @message: (nullable): a sentence that may hold file names (an error message,
 *   a note, a log line)
 *
 * Escapes @message as ingest_display_name() does, except that backslashes
 * stay single: a message is read, not parsed, and one that already holds
 * an escaped name is not escaped twice.
 *
 * Returns: (transfer full) (nullable): the escaped message, %NULL for %NULL
 */
char *
ingest_display_message (const char *message)
{
  return escape (message, FALSE);
}

/**
 * ingest_display_log_writer:
 *
 * A #GLogWriterFunc for applications (g_log_set_writer_func()): writes each
 * log message as g_log_writer_default() does, escaped with
 * ingest_display_message(), so a file name in a log line cannot start a line
 * of its own.
 */
GLogWriterOutput
ingest_display_log_writer (GLogLevelFlags   log_level,
                           const GLogField *fields,
                           gsize            n_fields,
                           gpointer         user_data)
{
  g_autofree GLogField *copy = g_memdup2 (fields, n_fields * sizeof (GLogField));
  g_autofree char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (copy[i].key, "MESSAGE") != 0 || copy[i].length != -1 || message != NULL)
        continue;
      message = ingest_display_message (copy[i].value);
      copy[i].value = message;
    }
  return g_log_writer_default (log_level, copy, n_fields, user_data);
}
