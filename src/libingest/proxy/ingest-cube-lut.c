/* ingest-cube-lut.c
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


#define G_LOG_DOMAIN "ingest-cube-lut"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-cube-lut-private.h"
#include "ingest-look-error.h"

/*
 * The .cube format (Adobe "Cube LUT Specification 1.0", as DaVinci Resolve
 * writes it): keyword lines (TITLE "…", LUT_3D_SIZE N, DOMAIN_MIN r g b,
 * DOMAIN_MAX r g b; Resolve's LUT_3D_INPUT_RANGE lo hi), "#" comments and
 * blank lines, then N³ lines of three numbers with the red index changing
 * fastest. A file may come from anyone, so the reader refuses rather than
 * guesses: every refusal names the line.
 */

struct _IngestCubeLut
{
  gatomicrefcount  ref;
  guint            size;
  char            *title;
  float            domain_min[3];
  float            domain_max[3];
  float           *data;      /* size³ × RGB, red fastest: ((b × size) + g) × size + r */
};

G_DEFINE_BOXED_TYPE (IngestCubeLut, ingest_cube_lut, ingest_cube_lut_ref, ingest_cube_lut_unref)

/* Longer lines are not a LUT (a 3×double line is under 80 bytes). */
#define MAX_LINE_LENGTH 1024
/* Entries beyond this would overflow the float maths of a filter for nothing. */
#define MAX_ABS_VALUE 1.0e6

typedef struct
{
  const char *name;
  guint       line;
  guint       size;
  guint       count;
  char       *title;
  float       domain_min[3];
  float       domain_max[3];
  gboolean    has_domain_min;
  gboolean    has_domain_max;
  float      *data;
} Parser;

typedef enum
{
  NUMBER_OK,
  NUMBER_NONE,
  NUMBER_BAD,
  NUMBER_NOT_FINITE,
} NumberResult;

static void
parser_clear (Parser *parser)
{
  g_clear_pointer (&parser->title, g_free);
  g_clear_pointer (&parser->data, g_free);
}

G_GNUC_PRINTF (4, 5)
static gboolean
parser_fail (Parser      *parser,
             GError     **error,
             int          code,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, INGEST_LOOK_ERROR, code, "%s:%u: %s", parser->name, parser->line, message);
  return FALSE;
}

/* The start of a bad token for a message: a few bytes, valid UTF-8. */
static char *
excerpt (const char *p)
{
  return g_utf8_make_valid (p, strnlen (p, 20));
}

static const char *
skip_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Nothing left but blanks or a comment. */
static gboolean
at_line_end (const char *p)
{
  p = skip_blanks (p);
  return *p == '\0' || *p == '#';
}

/* NaN and infinities as C libraries print them, to say what is wrong. */
static gboolean
is_not_finite_word (const char *p)
{
  static const char * const words[] = { "nan", "inf", "infinity", "1.#inf", "1.#qnan", "1.#ind" };
  const char *end;

  if (*p == '-' || *p == '+')
    p++;
  for (end = p; *end != '\0' && *end != ' ' && *end != '\t' && *end != '#'; end++)
    ;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i]) <= (gsize) (end - p) &&
        g_ascii_strncasecmp (p, words[i], strlen (words[i])) == 0)
      return TRUE;
  return FALSE;
}

/* One decimal number at *P (no hex, "nan" or "inf", which strtod takes). */
static NumberResult
read_number (const char **p,
             double      *value)
{
  const char *start = skip_blanks (*p);
  const char *end = start;
  char *parsed_end;
  char text[64];

  while (g_ascii_isdigit (*end) || *end == '.' || *end == '-' || *end == '+' ||
         *end == 'e' || *end == 'E')
    end++;
  if (is_not_finite_word (start))
    return NUMBER_NOT_FINITE;
  if (end == start)
    return *start == '\0' || *start == '#' ? NUMBER_NONE : NUMBER_BAD;
  if (*end != '\0' && *end != ' ' && *end != '\t' && *end != '#')
    return NUMBER_BAD;
  if ((gsize) (end - start) >= sizeof text)
    return NUMBER_BAD;
  memcpy (text, start, end - start);
  text[end - start] = '\0';
  *value = g_ascii_strtod (text, &parsed_end);
  if (*parsed_end != '\0' || parsed_end == text)
    return NUMBER_BAD;
  *p = end;
  return NUMBER_OK;
}

/* Exactly N numbers and the end of the line. */
static gboolean
read_numbers (Parser      *parser,
              const char  *p,
              const char  *what,
              double      *values,
              guint        n,
              GError     **error)
{
  g_autofree char *bad = NULL;

  for (guint i = 0; i < n; i++)
    {
      switch (read_number (&p, &values[i]))
        {
        case NUMBER_OK:
          break;
        case NUMBER_NONE:
          return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                              _("%s needs %u numbers, the line has %u"), what, n, i);
        case NUMBER_NOT_FINITE:
          return parser_fail (parser, error, INGEST_LOOK_ERROR_INVALID,
                              _("%s: “%s” is not a usable value"), what,
                              (bad = excerpt (skip_blanks (p))));
        case NUMBER_BAD:
        default:
          return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                              _("%s: “%s” is not a number"), what,
                              (bad = excerpt (skip_blanks (p))));
        }
      if (!isfinite (values[i]) || fabs (values[i]) > MAX_ABS_VALUE)
        return parser_fail (parser, error, INGEST_LOOK_ERROR_INVALID,
                            _("%s: %g is not a usable value"), what, values[i]);
    }
  if (!at_line_end (p))
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("%s: more than %u numbers on the line"), what, n);
  return TRUE;
}

static gboolean
read_title (Parser      *parser,
            const char  *p,
            GError     **error)
{
  const char *close;

  p = skip_blanks (p);
  if (*p != '"' || (close = strchr (p + 1, '"')) == NULL || !at_line_end (close + 1))
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("TITLE wants a text in double quotes"));
  if (!g_utf8_validate (p + 1, close - (p + 1), NULL))
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("TITLE is not UTF-8"));
  parser->title = g_strndup (p + 1, close - (p + 1));
  return TRUE;
}

static gboolean
read_size (Parser      *parser,
           const char  *p,
           GError     **error)
{
  const char *start = skip_blanks (p);
  const char *end = start;
  guint64 value = 0;

  while (g_ascii_isdigit (*end) && end - start < 9)
    value = value * 10 + (*end++ - '0');
  if (end == start || g_ascii_isdigit (*end) || !at_line_end (end))
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("LUT_3D_SIZE wants one whole number"));
  if (value < 2 || value > INGEST_CUBE_LUT_MAX_SIZE)
    return parser_fail (parser, error, INGEST_LOOK_ERROR_INVALID,
                        _("LUT_3D_SIZE %" G_GUINT64_FORMAT " is outside 2 to %d"), value,
                        INGEST_CUBE_LUT_MAX_SIZE);
  parser->size = (guint) value;
  parser->data = g_new (float, (gsize) parser->size * parser->size * parser->size * 3);
  return TRUE;
}

static gboolean
check_domain (Parser  *parser,
              GError **error)
{
  for (guint i = 0; i < 3; i++)
    if (!(parser->domain_min[i] < parser->domain_max[i]))
      return parser_fail (parser, error, INGEST_LOOK_ERROR_INVALID,
                          _("the domain of channel %u is empty (%g to %g)"), i,
                          parser->domain_min[i], parser->domain_max[i]);
  return TRUE;
}

static gboolean
read_keyword (Parser      *parser,
              const char  *p,
              GError     **error)
{
  const char *end = p;
  g_autofree char *keyword = NULL;
  g_autofree char *bad = NULL;
  double values[3];

  while (g_ascii_isalnum (*end) || *end == '_')
    end++;
  if (*end != '\0' && *end != ' ' && *end != '\t')
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("“%s” is neither a keyword nor three numbers"),
                        (bad = excerpt (p)));
  keyword = g_strndup (p, end - p);

  if (parser->count > 0)
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("keyword %s inside the table"), keyword);

  if (strcmp (keyword, "TITLE") == 0)
    {
      if (parser->title != NULL)
        return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED, _("a second TITLE"));
      return read_title (parser, end, error);
    }
  if (strcmp (keyword, "LUT_3D_SIZE") == 0)
    {
      if (parser->size != 0)
        return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED, _("a second LUT_3D_SIZE"));
      return read_size (parser, end, error);
    }
  if (strcmp (keyword, "LUT_1D_SIZE") == 0 || strcmp (keyword, "LUT_1D_INPUT_RANGE") == 0)
    return parser_fail (parser, error, INGEST_LOOK_ERROR_UNSUPPORTED,
                        _("a 1D LUT (%s); only 3D LUTs (LUT_3D_SIZE) are read"), keyword);
  if (strcmp (keyword, "DOMAIN_MIN") == 0 || strcmp (keyword, "DOMAIN_MAX") == 0)
    {
      gboolean is_min = keyword[7] == 'M' && keyword[8] == 'I';
      gboolean *seen = is_min ? &parser->has_domain_min : &parser->has_domain_max;
      float *domain = is_min ? parser->domain_min : parser->domain_max;

      if (*seen)
        return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED, _("a second %s"), keyword);
      if (!read_numbers (parser, end, keyword, values, 3, error))
        return FALSE;
      for (guint i = 0; i < 3; i++)
        domain[i] = values[i];
      *seen = TRUE;
      return !(parser->has_domain_min && parser->has_domain_max) || check_domain (parser, error);
    }
  if (strcmp (keyword, "LUT_3D_INPUT_RANGE") == 0)
    {
      if (parser->has_domain_min || parser->has_domain_max)
        return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                            _("a second input range"));
      if (!read_numbers (parser, end, keyword, values, 2, error))
        return FALSE;
      for (guint i = 0; i < 3; i++)
        {
          parser->domain_min[i] = values[0];
          parser->domain_max[i] = values[1];
        }
      parser->has_domain_min = parser->has_domain_max = TRUE;
      return check_domain (parser, error);
    }
  /* Other tools' own upper-case keywords (the format allows them) carry
   * nothing a 3D LUT needs. */
  for (const char *c = keyword; *c != '\0'; c++)
    if (!g_ascii_isupper (*c) && !g_ascii_isdigit (*c) && *c != '_')
      return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                          _("“%s” is neither a keyword nor three numbers"),
                          (bad = excerpt (keyword)));
  return TRUE;
}

static gboolean
read_entry (Parser      *parser,
            const char  *p,
            GError     **error)
{
  guint total;
  double values[3];

  if (parser->size == 0)
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("a table entry before LUT_3D_SIZE"));
  total = parser->size * parser->size * parser->size;
  if (parser->count == total)
    return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                        _("more entries than the %u of LUT_3D_SIZE %u"), total, parser->size);
  if (!read_numbers (parser, p, _("a table entry"), values, 3, error))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    parser->data[parser->count * 3 + i] = values[i];
  parser->count++;
  return TRUE;
}

static gboolean
read_line (Parser      *parser,
           const char  *line,
           gsize        length,
           GError     **error)
{
  char text[MAX_LINE_LENGTH + 1];
  const char *p;

  if (length > 0 && line[length - 1] == '\r')
    length--;
  if (length > MAX_LINE_LENGTH)
    return parser_fail (parser, error, INGEST_LOOK_ERROR_TOO_LARGE,
                        _("a line longer than %d bytes"), MAX_LINE_LENGTH);
  for (gsize i = 0; i < length; i++)
    if ((guchar) line[i] < 0x20 && line[i] != '\t')
      return parser_fail (parser, error, INGEST_LOOK_ERROR_MALFORMED,
                          _("control character 0x%02x: not a text file"), (guchar) line[i]);
  memcpy (text, line, length);
  text[length] = '\0';

  p = skip_blanks (text);
  if (*p == '\0' || *p == '#')
    return TRUE;
  if (g_ascii_isalpha (*p) && !is_not_finite_word (p))
    return read_keyword (parser, p, error);
  return read_entry (parser, p, error);
}

static IngestCubeLut *
lut_new (guint        size,
         char        *title,
         const float  domain_min[3],
         const float  domain_max[3],
         float       *data)
{
  IngestCubeLut *self = g_new0 (IngestCubeLut, 1);

  g_atomic_ref_count_init (&self->ref);
  self->size = size;
  self->title = title;
  memcpy (self->domain_min, domain_min, sizeof self->domain_min);
  memcpy (self->domain_max, domain_max, sizeof self->domain_max);
  self->data = data;
  return self;
}

/**
 * ingest_cube_lut_new_from_bytes:
 * @bytes: the file's contents
 * @name: what the error messages call the file
 *
 * Reads a `.cube` 3D LUT. Refused, with the line in the message: a file over
 * %INGEST_CUBE_LUT_MAX_FILE_SIZE bytes or with a line over 1 KB, a
 * LUT_3D_SIZE outside 2..65, a 1D LUT, a keyword twice or inside the table,
 * an entry that is not three finite decimal numbers, fewer or more entries
 * than SIZE³, an empty domain, control characters (binary data).
 *
 * Returns: (transfer full) (nullable): the LUT, or %NULL with @error
 *   (%INGEST_LOOK_ERROR)
 */
IngestCubeLut *
ingest_cube_lut_new_from_bytes (GBytes      *bytes,
                                const char  *name,
                                GError     **error)
{
  Parser parser = { .name = name != NULL ? name : "LUT" };
  gsize length;
  const char *data;
  const char *end;
  guint total;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  /* An empty GBytes may hold NULL. */
  if (data == NULL)
    data = "";
  end = data + length;
  if (length > INGEST_CUBE_LUT_MAX_FILE_SIZE)
    return parser_fail (&parser, error, INGEST_LOOK_ERROR_TOO_LARGE,
                        _("larger than %d MB"), INGEST_CUBE_LUT_MAX_FILE_SIZE / (1024 * 1024)), NULL;

  for (guint i = 0; i < 3; i++)
    {
      parser.domain_min[i] = 0;
      parser.domain_max[i] = 1;
    }
  for (const char *line = data; line != NULL && line < end;)
    {
      const char *newline = memchr (line, '\n', end - line);
      gsize line_length = (newline != NULL ? newline : end) - line;

      parser.line++;
      if (!read_line (&parser, line, line_length, error))
        {
          parser_clear (&parser);
          return NULL;
        }
      line = newline != NULL ? newline + 1 : NULL;
    }

  parser.line = MAX (parser.line, 1);
  if (parser.size == 0)
    {
      parser_fail (&parser, error, INGEST_LOOK_ERROR_MALFORMED,
                   length == 0 ? _("an empty file, not a LUT") : _("no LUT_3D_SIZE"));
      parser_clear (&parser);
      return NULL;
    }
  total = parser.size * parser.size * parser.size;
  if (parser.count < total)
    {
      parser_fail (&parser, error, INGEST_LOOK_ERROR_MALFORMED,
                   _("the table ends after %u of the %u entries of LUT_3D_SIZE %u"),
                   parser.count, total, parser.size);
      parser_clear (&parser);
      return NULL;
    }
  if (!check_domain (&parser, error))
    {
      parser_clear (&parser);
      return NULL;
    }
  return lut_new (parser.size, g_steal_pointer (&parser.title), parser.domain_min,
                  parser.domain_max, g_steal_pointer (&parser.data));
}

/**
 * ingest_cube_lut_new_from_file:
 * @path: a `.cube` file
 *
 * As ingest_cube_lut_new_from_bytes(), the file's size checked before it is
 * read.
 *
 * Returns: (transfer full) (nullable): the LUT, or %NULL with @error
 *   (%G_FILE_ERROR when the file cannot be read, else %INGEST_LOOK_ERROR)
 */
IngestCubeLut *
ingest_cube_lut_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  name = g_path_get_basename (path);
  if (g_mapped_file_get_length (mapped) > INGEST_CUBE_LUT_MAX_FILE_SIZE)
    return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_TOO_LARGE,
                        _("%s: larger than %d MB, not a LUT"), name,
                        INGEST_CUBE_LUT_MAX_FILE_SIZE / (1024 * 1024)), NULL;
  bytes = g_mapped_file_get_bytes (mapped);
  return ingest_cube_lut_new_from_bytes (bytes, name, error);
}

/**
 * ingest_cube_lut_new_from_data:
 * @size: entries per axis, 2..65
 * @rgb: (array): @size³ RGB triplets, red index fastest
 * @domain_min: (nullable): the input that maps to the first entry (0 0 0)
 * @domain_max: (nullable): the input that maps to the last (1 1 1)
 *
 * A LUT made in memory (tests, generated looks), checked as a file is.
 *
 * Returns: (transfer full) (nullable): the LUT, or %NULL with @error
 */
IngestCubeLut *
ingest_cube_lut_new_from_data (guint         size,
                               const float  *rgb,
                               const float   domain_min[3],
                               const float   domain_max[3],
                               GError      **error)
{
  static const float unit_min[3] = { 0, 0, 0 }, unit_max[3] = { 1, 1, 1 };
  Parser parser = { .name = "LUT", .line = 0 };
  gsize n;

  g_return_val_if_fail (rgb != NULL, NULL);

  if (size < 2 || size > INGEST_CUBE_LUT_MAX_SIZE)
    return parser_fail (&parser, error, INGEST_LOOK_ERROR_INVALID,
                        _("size %u is outside 2 to %d"), size, INGEST_CUBE_LUT_MAX_SIZE), NULL;
  n = (gsize) size * size * size * 3;
  for (gsize i = 0; i < n; i++)
    if (!isfinite (rgb[i]) || fabsf (rgb[i]) > MAX_ABS_VALUE)
      return parser_fail (&parser, error, INGEST_LOOK_ERROR_INVALID,
                          _("entry %" G_GSIZE_FORMAT " is not a usable value"), i / 3), NULL;
  memcpy (parser.domain_min, domain_min ? domain_min : unit_min, sizeof parser.domain_min);
  memcpy (parser.domain_max, domain_max ? domain_max : unit_max, sizeof parser.domain_max);
  if (!check_domain (&parser, error))
    return NULL;
  return lut_new (size, NULL, parser.domain_min, parser.domain_max,
                  g_memdup2 (rgb, n * sizeof (float)));
}

IngestCubeLut *
ingest_cube_lut_ref (IngestCubeLut *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ingest_cube_lut_unref (IngestCubeLut *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref))
    {
      g_free (self->title);
      g_free (self->data);
      g_free (self);
    }
}

guint
ingest_cube_lut_get_size (IngestCubeLut *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/**
 * ingest_cube_lut_get_title:
 *
 * Returns: (nullable): the file's TITLE, if it had one
 */
const char *
ingest_cube_lut_get_title (IngestCubeLut *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

void
ingest_cube_lut_get_domain (IngestCubeLut *self,
                            float          domain_min[3],
                            float          domain_max[3])
{
  g_return_if_fail (self != NULL);

  if (domain_min != NULL)
    memcpy (domain_min, self->domain_min, sizeof self->domain_min);
  if (domain_max != NULL)
    memcpy (domain_max, self->domain_max, sizeof self->domain_max);
}

/**
 * ingest_cube_lut_get_data:
 * @n_floats: (out) (optional): size³ × 3
 *
 * Returns: (transfer none): the entries, RGB triplets, red index fastest:
 *   entry (r, g, b) starts at ((b × size + g) × size + r) × 3
 */
const float *
ingest_cube_lut_get_data (IngestCubeLut *self,
                          gsize         *n_floats)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_floats != NULL)
    *n_floats = (gsize) self->size * self->size * self->size * 3;
  return self->data;
}

/**
 * ingest_cube_lut_apply:
 * @rgb_in: a colour in the LUT's domain (values outside are clamped to it)
 * @rgb_out: (out caller-allocates): the LUT's colour, tetrahedrally
 *   interpolated; not clamped
 */
void
ingest_cube_lut_apply (IngestCubeLut *self,
                       const float    rgb_in[3],
                       float          rgb_out[3])
{
  float pos[3];

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < 3; i++)
    {
      float scaled = (rgb_in[i] - self->domain_min[i]) *
                     ((self->size - 1) / (self->domain_max[i] - self->domain_min[i]));

      /* NaN goes to 0 as well. */
      pos[i] = scaled > 0 ? MIN (scaled, (float) (self->size - 1)) : 0;
    }
  _ingest_cube_lut_tetrahedral (self->data, self->size, pos, rgb_out);
}
