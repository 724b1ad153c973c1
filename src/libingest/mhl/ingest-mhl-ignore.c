/* ingest-mhl-ignore.c
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

#define G_LOG_DOMAIN "ingest-mhl-ignore"

#include "config.h"

#include <ctype.h>
#include <string.h>

#include "ingest-mhl-ignore.h"

/* An ASC MHL ignore list: one .gitignore line per pattern (spec Appendix C), matched
 * against paths relative to the root of the history that owns them. Matching follows
 * git's rules: "*" and "?" never cross "/", "**" only at "/" boundaries spans folders,
 * a "/" at the start or in the middle anchors the pattern at the root, a trailing "/"
 * restricts it to folders, "!" re-includes, "\" escapes, and nothing inside an ignored
 * folder can be re-included. */

typedef struct
{
  char     *glob;           /* the pattern without "!", trailing "/", leading "/" */
  guint     negate : 1;
  guint     dir_only : 1;
  guint     basename_only : 1;
} Pattern;

struct _IngestMhlIgnore
{
  GObject    parent_instance;

  GPtrArray *patterns;      /* char*, as given (written to manifests), NULL-terminated */
  GArray    *compiled;      /* Pattern; comments and empty patterns are left out */
  GHashTable *known;        /* the patterns, borrowed: a manifest may list any number */
};

G_DEFINE_FINAL_TYPE (IngestMhlIgnore, ingest_mhl_ignore, G_TYPE_OBJECT)

const char * const ingest_mhl_ignore_default_patterns[] = { ".DS_Store", "ascmhl", "ascmhl/", NULL };

/* WM_ABORT_ALL: no later start for any "*" can match (the text ran out, or the pattern
 * is invalid); WM_ABORT_TO_STARSTAR: no later start for any "*" can match, except for a
 * "**" that may cross the "/" a "*" stopped at. Git's short-cut: without these, a pattern
 * like "*a*a*a*a*a*a*a*a*b" from a hostile manifest backtracks exponentially. */
enum { WM_NOMATCH = 0, WM_MATCH = 1, WM_ABORT_ALL = -1, WM_ABORT_TO_STARSTAR = -2 };

static void
pattern_clear (gpointer data)
{
  Pattern *pattern = data;

  g_free (pattern->glob);
}

/* Matches one bracket expression at *P (pointing at "[") against C; advances *P to the "]".
 * Returns WM_ABORT_ALL for an unterminated expression, which git treats as never matching. */
static int
match_class (const char **p,
             char         c)
{
  const char *q = *p + 1;
  gboolean negated = FALSE;
  gboolean matched = FALSE;
  gboolean first = TRUE;

  if (*q == '!' || *q == '^')
    {
      negated = TRUE;
      q++;
    }

  for (;; q++, first = FALSE)
    {
      char lo = *q;

      if (lo == '\0')
        return WM_ABORT_ALL;
      if (lo == ']' && !first)
        break;

      if (lo == '[' && q[1] == ':')
        {
          static const struct { const char *name; int (*func) (int); } classes[] = {
            { "alnum", isalnum }, { "alpha", isalpha }, { "blank", NULL },
            { "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
            { "lower", islower }, { "print", isprint }, { "punct", ispunct },
            { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
          };
          const char *end = strstr (q + 2, ":]");
          gsize len;
          guint i;

          if (end == NULL)
            return WM_ABORT_ALL;
          len = end - (q + 2);
          for (i = 0; i < G_N_ELEMENTS (classes); i++)
            if (strlen (classes[i].name) == len && strncmp (classes[i].name, q + 2, len) == 0)
              break;
          if (i == G_N_ELEMENTS (classes))
            return WM_ABORT_ALL;
          if (classes[i].func == NULL ? (c == ' ' || c == '\t') : classes[i].func ((guchar) c))
            matched = TRUE;
          q = end + 1;
          continue;
        }

      if (lo == '\\')
        {
          q++;
          lo = *q;
          if (lo == '\0')
            return WM_ABORT_ALL;
        }

      if (q[1] == '-' && q[2] != ']' && q[2] != '\0')
        {
          char hi = q[2];

          q += 2;
          if (hi == '\\')
            {
              q++;
              hi = *q;
              if (hi == '\0')
                return WM_ABORT_ALL;
            }
          if ((guchar) c >= (guchar) lo && (guchar) c <= (guchar) hi)
            matched = TRUE;
        }
      else if (c == lo)
        {
          matched = TRUE;
        }
    }

  *p = q;
  return matched != negated ? WM_MATCH : WM_NOMATCH;
}

static int
do_wildmatch (const char *pattern_start,
              const char *p,
              const char *t)
{
  for (; *p != '\0'; p++, t++)
    {
      int r;

      /* Text used up before the pattern: starting any "*" further on leaves even less. */
      if (*t == '\0' && *p != '*')
        return WM_ABORT_ALL;

      switch (*p)
        {
        case '\\':
          p++;
          if (*p == '\0')
            return WM_ABORT_ALL;  /* a trailing backslash is an invalid pattern */
          if (*t != *p)
            return WM_NOMATCH;
          break;

        case '?':
          if (*t == '/')
            return WM_NOMATCH;
          break;

        case '[':
          if (*t == '/')
            return match_class (&p, 'x') == WM_ABORT_ALL ? WM_ABORT_ALL : WM_NOMATCH;
          r = match_class (&p, *t);
          if (r != WM_MATCH)
            return r;
          break;

        case '*':
          {
            const char *q = p;
            gboolean any_depth;

            while (*q == '*')
              q++;
            /* "**" spans folders only as a whole path component. */
            any_depth = q - p >= 2 &&
                        (p == pattern_start || p[-1] == '/') &&
                        (*q == '\0' || *q == '/');

            if (any_depth)
              {
                if (*q == '\0')
                  return WM_MATCH;
                /* "**" followed by "/": zero or more whole folders. */
                if (do_wildmatch (pattern_start, q + 1, t) == WM_MATCH)
                  return WM_MATCH;
                for (const char *s = t; *s != '\0'; s++)
                  if (*s == '/')
                    {
                      r = do_wildmatch (pattern_start, q + 1, s + 1);
                      if (r == WM_MATCH || r == WM_ABORT_ALL)
                        return r;
                    }
                return WM_NOMATCH;
              }

            if (*q == '\0')
              return strchr (t, '/') == NULL ? WM_MATCH : WM_NOMATCH;
            for (const char *s = t;; s++)
              {
                r = do_wildmatch (pattern_start, q, s);
                if (r != WM_NOMATCH)
                  return r;
                /* This "*" cannot cross the "/": neither can one before it. */
                if (*s == '/')
                  return WM_ABORT_TO_STARSTAR;
                if (*s == '\0')
                  return WM_ABORT_ALL;
              }
          }

        default:
          if (*t != *p)
            return WM_NOMATCH;
          break;
        }
    }

  return *t == '\0' ? WM_MATCH : WM_NOMATCH;
}

/**
 * ingest_mhl_wildmatch:
 * @pattern: a glob in git's wildmatch syntax
 * @text: a "/"-separated path
 *
 * Matches a whole path against a glob where "*", "?" and bracket expressions do not
 * match "/" and "**" between slashes matches any number of folders.
 *
 * Returns: whether @text matches
 */
gboolean
ingest_mhl_wildmatch (const char *pattern,
                      const char *text)
{
  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return do_wildmatch (pattern, pattern, text) == WM_MATCH;
}

/* Compiles one gitignore line; returns FALSE for lines that never match (empty, comments). */
static gboolean
compile_pattern (const char *line,
                 Pattern    *out)
{
  g_autofree char *glob = NULL;
  const char *start = line;
  gsize len;
  gsize keep = 0;

  memset (out, 0, sizeof *out);

  if (line[0] == '#')
    return FALSE;
  if (line[0] == '!')
    {
      out->negate = TRUE;
      start++;
    }

  /* Trailing spaces go, unless escaped with a backslash. */
  len = strlen (start);
  for (gsize i = 0; i < len; i++)
    {
      if (start[i] == '\\' && i + 1 < len)
        {
          i++;
          keep = i + 1;
        }
      else if (start[i] != ' ')
        {
          keep = i + 1;
        }
    }
  glob = g_strndup (start, keep);
  len = keep;

  if (len > 0 && glob[len - 1] == '/')
    {
      out->dir_only = TRUE;
      glob[--len] = '\0';
    }
  if (len == 0)
    return FALSE;

  if (strchr (glob, '/') == NULL)
    {
      out->basename_only = TRUE;
      out->glob = g_steal_pointer (&glob);
    }
  else
    {
      out->glob = g_strdup (glob[0] == '/' ? glob + 1 : glob);
    }

  return out->glob[0] != '\0';
}

static void
ingest_mhl_ignore_finalize (GObject *object)
{
  IngestMhlIgnore *self = (IngestMhlIgnore *)object;

  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  g_clear_pointer (&self->compiled, g_array_unref);

  G_OBJECT_CLASS (ingest_mhl_ignore_parent_class)->finalize (object);
}

static void
ingest_mhl_ignore_class_init (IngestMhlIgnoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_mhl_ignore_finalize;
}

static void
ingest_mhl_ignore_init (IngestMhlIgnore *self)
{
  self->patterns = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  self->compiled = g_array_new (FALSE, FALSE, sizeof (Pattern));
  g_array_set_clear_func (self->compiled, pattern_clear);
  self->known = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * ingest_mhl_ignore_new:
 *
 * Returns: (transfer full): an empty ignore list
 */
IngestMhlIgnore *
ingest_mhl_ignore_new (void)
{
  return g_object_new (INGEST_TYPE_MHL_IGNORE, NULL);
}

/**
 * ingest_mhl_ignore_new_default:
 *
 * Returns: (transfer full): an ignore list holding the ASC MHL default patterns
 */
IngestMhlIgnore *
ingest_mhl_ignore_new_default (void)
{
  IngestMhlIgnore *self = ingest_mhl_ignore_new ();

  ingest_mhl_ignore_add_patterns (self, ingest_mhl_ignore_default_patterns);
  return self;
}

/**
 * ingest_mhl_ignore_copy:
 *
 * Returns: (transfer full): a new list with the same patterns
 */
IngestMhlIgnore *
ingest_mhl_ignore_copy (IngestMhlIgnore *self)
{
  IngestMhlIgnore *copy;

  g_return_val_if_fail (INGEST_IS_MHL_IGNORE (self), NULL);

  copy = ingest_mhl_ignore_new ();
  ingest_mhl_ignore_add_patterns (copy, ingest_mhl_ignore_get_patterns (self));
  return copy;
}

/**
 * ingest_mhl_ignore_add_pattern:
 * @pattern: one gitignore line (no newline)
 *
 * Appends a pattern unless it is empty or already in the list (order is kept, as
 * ignore lists only grow from one generation to the next).
 *
 * Returns: %TRUE if the pattern was added
 */
gboolean
ingest_mhl_ignore_add_pattern (IngestMhlIgnore *self,
                               const char      *pattern)
{
  Pattern compiled;
  char *copy;

  g_return_val_if_fail (INGEST_IS_MHL_IGNORE (self), FALSE);
  g_return_val_if_fail (pattern != NULL, FALSE);

  if (pattern[0] == '\0' || g_hash_table_contains (self->known, pattern))
    return FALSE;

  copy = g_strdup (pattern);
  g_ptr_array_add (self->patterns, copy);
  g_hash_table_add (self->known, copy);
  if (compile_pattern (pattern, &compiled))
    g_array_append_val (self->compiled, compiled);
  return TRUE;
}

void
ingest_mhl_ignore_add_patterns (IngestMhlIgnore    *self,
                                const char * const *patterns)
{
  g_return_if_fail (INGEST_IS_MHL_IGNORE (self));

  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    ingest_mhl_ignore_add_pattern (self, patterns[i]);
}

/**
 * ingest_mhl_ignore_add_file:
 * @path: a text file with one pattern per line
 *
 * Adds every non-empty line of @path (the reference's `-ii` option).
 */
gboolean
ingest_mhl_ignore_add_file (IngestMhlIgnore  *self,
                            const char       *path,
                            GError          **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_IGNORE (self), FALSE);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
      ingest_mhl_ignore_add_pattern (self, lines[i]);
    }
  return TRUE;
}

/**
 * ingest_mhl_ignore_get_patterns:
 *
 * Returns: (transfer none): the patterns in order, %NULL-terminated
 */
const char * const *
ingest_mhl_ignore_get_patterns (IngestMhlIgnore *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (INGEST_IS_MHL_IGNORE (self), NULL);
  /* A null-terminated GPtrArray has no storage until its first element. */
  return self->patterns->pdata != NULL ? (const char * const *) self->patterns->pdata : empty;
}

guint
ingest_mhl_ignore_get_n_patterns (IngestMhlIgnore *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_IGNORE (self), 0);

  return self->patterns->len;
}

/**
 * ingest_mhl_ignore_match_entry:
 * @relative_path: path relative to the history root, "/"-separated, no trailing "/"
 * @is_dir: whether the entry is a folder
 * @cancellable: (nullable): stops the matching early; the answer is then
 *   meaningless and the caller checks @cancellable
 *
 * Decides one entry by the last pattern that matches it, without looking at its
 * parent folders. A tree walk that never descends into ignored folders needs only this.
 */
gboolean
ingest_mhl_ignore_match_entry (IngestMhlIgnore *self,
                               const char      *relative_path,
                               gboolean         is_dir,
                               GCancellable    *cancellable)
{
  const char *basename;
  gboolean ignored = FALSE;

  g_return_val_if_fail (INGEST_IS_MHL_IGNORE (self), FALSE);
  g_return_val_if_fail (relative_path != NULL, FALSE);

  basename = strrchr (relative_path, '/');
  basename = basename != NULL ? basename + 1 : relative_path;

  for (guint i = 0; i < self->compiled->len; i++)
    {
      const Pattern *pattern = &g_array_index (self->compiled, Pattern, i);

      /* Only a later negation can change an earlier verdict, and vice versa. */
      if (pattern->negate != ignored)
        continue;
      /* A manifest from the drive may list any number of patterns. */
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (pattern->dir_only && !is_dir)
        continue;
      if (ingest_mhl_wildmatch (pattern->glob, pattern->basename_only ? basename : relative_path))
        ignored = !pattern->negate;
    }

  return ignored;
}

/**
 * ingest_mhl_ignore_match:
 * @relative_path: path relative to the history root, "/"-separated, no trailing "/"
 * @is_dir: whether the entry is a folder
 * @cancellable: (nullable): as for ingest_mhl_ignore_match_entry()
 *
 * Returns: whether the entry is ignored, either itself or because a folder above it is
 */
gboolean
ingest_mhl_ignore_match (IngestMhlIgnore *self,
                         const char      *relative_path,
                         gboolean         is_dir,
                         GCancellable    *cancellable)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (INGEST_IS_MHL_IGNORE (self), FALSE);
  g_return_val_if_fail (relative_path != NULL, FALSE);

  copy = g_strdup (relative_path);
  for (char *slash = strchr (copy, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      *slash = '\0';
      if (ingest_mhl_ignore_match_entry (self, copy, TRUE, cancellable))
        return TRUE;
      *slash = '/';
    }

  return ingest_mhl_ignore_match_entry (self, relative_path, is_dir, cancellable);
}
