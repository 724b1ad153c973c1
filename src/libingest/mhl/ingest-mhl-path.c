/* ingest-mhl-path.c
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

#define G_LOG_DOMAIN "ingest-mhl-path"

#include "config.h"

#include <string.h>

#include "ingest-display-name.h"
#include "ingest-mhl-error.h"
#include "ingest-mhl-path-private.h"
#include "ingest-mhl-path.h"

/* XML 1.0 Char production, as code points. */
static gboolean
is_xml_char (gunichar ch)
{
  return ch == 0x9 || ch == 0xA || ch == 0xD ||
         (ch >= 0x20 && ch <= 0xD7FF) ||
         (ch >= 0xE000 && ch <= 0xFFFD) ||
         (ch >= 0x10000 && ch <= 0x10FFFF);
}

/**
 * ingest_mhl_text_is_xml_safe:
 * @text: bytes
 * @len: length of @text, or -1 if NUL-terminated
 *
 * Returns: %TRUE if @text is valid UTF-8 made only of characters XML 1.0 allows
 */
gboolean
ingest_mhl_text_is_xml_safe (const char *text,
                             gssize      len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  end = p + (len < 0 ? strlen (text) : (gsize) len);
  while (p < end)
    {
      gunichar ch;

      /* ASCII fast path: everything but C0 controls other than tab, LF, CR */
      if (*p < 0x80)
        {
          if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return FALSE;
          p++;
          continue;
        }
      ch = g_utf8_get_char_validated ((const char *) p, end - p);
      if (ch == (gunichar) -1 || ch == (gunichar) -2 || !is_xml_char (ch))
        return FALSE;
      p = (const guchar *) g_utf8_next_char (p);
    }
  return TRUE;
}

/* A form of @text that is safe to print in a message: the product's one
 * escaping of names (ingest_display_name()). */
char *
_ingest_mhl_path_printable (const char *text)
{
  return text != NULL ? ingest_display_name (text) : g_strdup ("(null)");
}

/**
 * ingest_mhl_path_validate:
 * @path: a relative path as recorded in an ASC MHL document
 * @error: return location for an %INGEST_MHL_ERROR_INVALID_PATH error
 *
 * Returns: %TRUE if @path may be recorded
 */
gboolean
ingest_mhl_path_validate (const char  *path,
                          GError     **error)
{
  g_autofree char *shown = NULL;
  const char *why = NULL;
  const char *segment;
  gsize len;

  if (path == NULL || path[0] == '\0')
    {
      g_set_error_literal (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_PATH,
                           "empty path");
      return FALSE;
    }

  len = strlen (path);
  /* One trailing '/' is tolerated (directories). */
  if (len > 1 && path[len - 1] == '/')
    len--;

  if (!ingest_mhl_text_is_xml_safe (path, len))
    why = g_utf8_validate (path, len, NULL) ? "contains characters XML cannot carry" : "is not valid UTF-8";
  else if (path[0] == '/')
    why = "is absolute";

  for (gsize i = 0; why == NULL && i < len; i++)
    {
      if (path[i] == '\\')
        why = "contains a backslash";
      else if ((guchar) path[i] < 0x20 || path[i] == 0x7f)
        why = "contains a control character";
    }

  for (segment = path; why == NULL && segment <= path + len; )
    {
      const char *slash = memchr (segment, '/', path + len - segment);
      gsize seg_len = (slash ? slash : path + len) - segment;

      if (seg_len == 0)
        why = "has an empty segment";
      else if ((seg_len == 1 && segment[0] == '.') ||
               (seg_len == 2 && segment[0] == '.' && segment[1] == '.'))
        why = "has a “.” or “..” segment";
      if (slash == NULL)
        break;
      segment = slash + 1;
    }

  if (why == NULL)
    return TRUE;

  shown = _ingest_mhl_path_printable (path);
  g_set_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_PATH,
               "path “%s” %s", shown, why);
  return FALSE;
}

/**
 * ingest_mhl_path_normalize:
 * @path: a relative path
 *
 * Returns: (transfer full): @path without a trailing '/'
 */
char *
ingest_mhl_path_normalize (const char *path)
{
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  len = strlen (path);
  if (len > 1 && path[len - 1] == '/')
    len--;
  return g_strndup (path, len);
}
