/* ingest-key-template.c
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

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-destination.h"
#include "ingest-key-template.h"
#include "ingest-upload-error.h"

struct _IngestKeyTemplate
{
  gatomicrefcount  ref;
  char            *text;
  GStrv            variables;   /* name, value, name, value…: the drive-wide ones */
};

G_DEFINE_BOXED_TYPE (IngestKeyTemplate, ingest_key_template, ingest_key_template_ref, ingest_key_template_unref)

/* The names a template may use; the first three are set once per drive. */
static const char * const drive_wide[] = { "production", "shoot-day", "drive", NULL };
static const char * const per_file[] = { "roll", "path", "file" };
/* What a template may be given: the drive-wide values, and "roll" for an
 * upload whose root is one roll named by its caller (a proxy folder). */
static const char * const given[] = { "production", "shoot-day", "drive", "roll", NULL };

/**
 * ingest_key_template_check:
 *
 * Whether @text can lay out a drive's object keys: it names only known
 * values, and {path} or {file}, without which every file of a roll would go
 * to the same key.
 */
gboolean
ingest_key_template_check (const char  *text,
                           GError     **error)
{
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *key = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  if (strstr (text, "{path}") == NULL && strstr (text, "{file}") == NULL)
    {
      g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                           _("The object key template must hold {path} or {file}: without them every file of a roll would go to the same place"));
      return FALSE;
    }
  /* Every value set, so only a name it does not know or a "{" left open fails. */
  for (guint i = 0; drive_wide[i] != NULL; i++)
    g_hash_table_insert (variables, (gpointer) drive_wide[i], (gpointer) "x");
  for (guint i = 0; i < G_N_ELEMENTS (per_file); i++)
    g_hash_table_insert (variables, (gpointer) per_file[i], (gpointer) "x");
  key = ingest_upload_key_expand (text, variables, error);
  if (key == NULL)
    {
      g_prefix_error (error, _("The object key template cannot be used: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * ingest_key_template_new:
 * @text: (nullable): the template; %NULL for %INGEST_KEY_TEMPLATE_DEFAULT
 * @variables: (nullable) (array zero-terminated=1): name, value pairs of the
 *   drive-wide values ("production", "Feature X", "shoot-day", "D012", NULL);
 *   a %NULL or empty value is left out of the keys. "roll", when given and
 *   not empty, is {roll} for every file instead of its roll's name.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with @error
 *   when ingest_key_template_check() refuses it or a name is not one of
 *   "production", "shoot-day", "drive", "roll"
 */
IngestKeyTemplate *
ingest_key_template_new (const char          *text,
                         const char * const  *variables,
                         GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  IngestKeyTemplate *self;

  if (text == NULL)
    text = INGEST_KEY_TEMPLATE_DEFAULT;
  if (!ingest_key_template_check (text, error))
    return NULL;

  for (guint i = 0; variables != NULL && variables[i] != NULL; i += 2)
    {
      if (!g_strv_contains (given, variables[i]))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       "“%s” is not a value an object key template can be given", variables[i]);
          return NULL;
        }
      g_strv_builder_add (builder, variables[i]);
      g_strv_builder_add (builder, variables[i + 1] != NULL ? variables[i + 1] : "");
      if (variables[i + 1] == NULL)
        break;
    }

  self = g_new0 (IngestKeyTemplate, 1);
  g_atomic_ref_count_init (&self->ref);
  self->text = g_strdup (text);
  self->variables = g_strv_builder_end (builder);
  return self;
}

IngestKeyTemplate *
ingest_key_template_ref (IngestKeyTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ingest_key_template_unref (IngestKeyTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_free (self->text);
  g_strfreev (self->variables);
  g_free (self);
}

const char *
ingest_key_template_get_text (IngestKeyTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

/* Returns: (nullable): the drive-wide value @name was given ("" = empty) */
const char *
ingest_key_template_get_variable (IngestKeyTemplate *self,
                                  const char        *name)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; self->variables[i] != NULL; i += 2)
    if (g_str_equal (self->variables[i], name))
      return self->variables[i + 1];
  return NULL;
}

/* Returns: (transfer none): name, value pairs, %NULL-terminated */
const char * const *
ingest_key_template_get_variables (IngestKeyTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->variables;
}

static GHashTable *
drive_wide_values (IngestKeyTemplate *self)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; drive_wide[i] != NULL; i++)
    g_hash_table_insert (values, (gpointer) drive_wide[i], NULL);
  for (guint i = 0; self->variables[i] != NULL; i += 2)
    if (self->variables[i + 1][0] != '\0')
      g_hash_table_insert (values, self->variables[i], self->variables[i + 1]);
  return values;
}

/**
 * ingest_key_template_expand:
 * @drive: (nullable): the drive's label, {drive} unless the template was
 *   given one
 * @roll: the roll's name ({roll}) unless the template was given one
 * @path_in_roll: the file's path in its roll ({path})
 * @file: the file's path on the drive ({file})
 *
 * Returns: (transfer full) (nullable): the file's key, or %NULL with @error
 *   (a "." or ".." component, an empty key)
 */
char *
ingest_key_template_expand (IngestKeyTemplate  *self,
                            const char         *drive,
                            const char         *roll,
                            const char         *path_in_roll,
                            const char         *file,
                            GError            **error)
{
  g_autoptr(GHashTable) values = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  values = drive_wide_values (self);
  if (g_hash_table_lookup (values, "drive") == NULL)
    g_hash_table_insert (values, (gpointer) "drive", (gpointer) drive);
  if (g_hash_table_lookup (values, "roll") == NULL)
    g_hash_table_insert (values, (gpointer) "roll", (gpointer) roll);
  g_hash_table_insert (values, (gpointer) "path", (gpointer) path_in_roll);
  g_hash_table_insert (values, (gpointer) "file", (gpointer) file);
  return ingest_upload_key_expand (self->text, values, error);
}

/**
 * ingest_key_template_dup_prefix:
 *
 * The part of every object key that is the same for the whole drive: the
 * folders of the template before the first per-roll or per-file value (or
 * {drive}), filled in ("Feature X/D012"). Empty when there is none.
 *
 * Returns: (transfer full): the prefix, without a trailing "/"
 */
char *
ingest_key_template_dup_prefix (IngestKeyTemplate *self)
{
  static const char * const varying[] = { "{drive}", "{roll}", "{path}", "{file}" };
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *head = NULL;
  const char *end;
  char *key;

  g_return_val_if_fail (self != NULL, NULL);

  end = self->text + strlen (self->text);
  for (guint i = 0; i < G_N_ELEMENTS (varying); i++)
    {
      const char *found = strstr (self->text, varying[i]);

      if (found != NULL && found < end)
        end = found;
    }
  /* Whole folders only: "D012_{roll}" is not the same for every roll. */
  head = g_strndup (self->text, end - self->text);
  if (strrchr (head, '/') == NULL)
    return g_strdup ("");
  *strrchr (head, '/') = '\0';

  values = drive_wide_values (self);
  key = ingest_upload_key_expand (head, values, NULL);
  return key != NULL ? key : g_strdup ("");
}
