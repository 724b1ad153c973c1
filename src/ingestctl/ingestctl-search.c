/* ingestctl-search.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ingestctl-search"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingestctl-private.h"

enum {
  COLUMN_CLIP,
  COLUMN_ROLL,
  COLUMN_DRIVE,
  COLUMN_TC_IN,
  COLUMN_SLATE,
  COLUMN_VERIFICATION,
  N_TABLE_COLUMNS
};

/* Wider cells are cut with "…" so that one long name keeps the table readable. */
#define MAX_CELL_WIDTH 40

/* A cell as the terminal may show it: control characters and invalid
 * UTF-8 from a card's metadata are escaped, never sent to the terminal. */
static char *
cell_text (const char *text)
{
  g_autofree char *shown = NULL;

  if (text == NULL)
    return g_strdup ("");
  shown = ingest_display_name (text);
  if (g_utf8_strlen (shown, -1) > MAX_CELL_WIDTH)
    {
      g_autofree char *cut = g_utf8_substring (shown, 0, MAX_CELL_WIDTH - 1);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&shown);
}

static char **
clip_cells (IngestClip *clip)
{
  char **cells = g_new0 (char *, N_TABLE_COLUMNS + 1);
  const char *scene = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE);
  const char *take = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TAKE);
  g_autofree char *slate = NULL;
  IngestValidationStatus status;

  if (scene != NULL || take != NULL)
    slate = g_strdup_printf ("%s/%s", scene != NULL ? scene : "–", take != NULL ? take : "–");

  cells[COLUMN_CLIP] = cell_text (ingest_clip_get_name (clip));
  cells[COLUMN_ROLL] = cell_text (ingest_clip_get_roll_name (clip));
  cells[COLUMN_DRIVE] = cell_text (ingest_clip_get_drive_label (clip) != NULL
                                   ? ingest_clip_get_drive_label (clip)
                                   : ingest_clip_get_drive_identity (clip));
  cells[COLUMN_TC_IN] = cell_text (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START));
  cells[COLUMN_SLATE] = cell_text (slate);
  cells[COLUMN_VERIFICATION] = g_strdup (ingest_clip_get_verification (clip, &status)
                                         ? ingest_validation_status_to_string (status)
                                         : _("not read"));
  return cells;
}

static void
append_padded (GString    *line,
               const char *text,
               guint       width)
{
  g_string_append (line, text);
  for (glong n = g_utf8_strlen (text, -1); n < (glong) width; n++)
    g_string_append_c (line, ' ');
}

static void
print_table (GListModel *clips)
{
  const char *headings[N_TABLE_COLUMNS] = {
    _("Clip"), _("Roll"), _("Drive"), _("TC in"), _("Scene/Take"), _("Verification"),
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_TABLE_COLUMNS];

  for (guint c = 0; c < N_TABLE_COLUMNS; c++)
    widths[c] = g_utf8_strlen (headings[c], -1);
  for (guint i = 0; i < g_list_model_get_n_items (clips); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);
      char **cells = clip_cells (clip);

      for (guint c = 0; c < N_TABLE_COLUMNS; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cells[c], -1));
      g_ptr_array_add (rows, cells);
    }

  for (guint i = 0; i <= rows->len; i++)
    {
      const char * const *cells = i == 0 ? headings : g_ptr_array_index (rows, i - 1);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < N_TABLE_COLUMNS; c++)
        {
          if (c + 1 < N_TABLE_COLUMNS)
            {
              append_padded (line, cells[c], widths[c]);
              g_string_append (line, "  ");
            }
          else
            g_string_append (line, cells[c]);
        }
      g_print ("%s\n", line->str);
    }
}

static void
print_json_lines (GListModel *clips)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  for (guint i = 0; i < g_list_model_get_n_items (clips); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);
      g_autoptr(JsonNode) node = ingest_clip_to_json (clip);
      g_autofree char *text = NULL;

      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
}

int
ingestctl_search_main (int    argc,
                       char **argv)
{
  g_autofree char *catalog_path = NULL;
  gboolean as_json = FALSE;
  int limit = 50;
  const GOptionEntry entries[] = {
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("Catalog database (default: the station’s)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print one JSON object per clip, one per line"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N clips, best first (default 50; 0: all)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("QUERY…"));
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestClipLibrary) library = NULL;
  g_autoptr(GListModel) clips = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  int status;

  g_option_context_set_summary (context,
                                _("Searches every clip the station has read, of every drive it has seen,\n"
                                  "in the catalog: clip and roll names, reel, camera, lens, scene, take,\n"
                                  "notes, production, shoot day and file names. Every word must match, each\n"
                                  "as the start of a word (“A003C01”, “alex”); a field name before a word\n"
                                  "looks only in that field (“scene 42 take 3”, “camera venice”). Quotes and\n"
                                  "other punctuation are taken as text.\n\n"
                                  "Exit status: 0 (also when nothing matches); 1 no catalog or it could not\n"
                                  "be read; 2 bad usage."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;

  if (argc < 2)
    {
      g_printerr ("ingestctl: %s\n", _("search needs a QUERY; see “ingestctl search --help”"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (limit < 0)
    {
      g_printerr ("ingestctl: %s\n", _("--limit must be 0 or more"));
      return INGESTCTL_EXIT_USAGE;
    }
  /* Several arguments are one query: `ingestctl search scene 42 take 3`. */
  query = g_strjoinv (" ", argv + 1);

  if (catalog_path == NULL)
    catalog_path = ingest_catalog_dup_default_path ();
  /* Searching must not create: opening a missing file would make an empty catalog. */
  if (!g_file_test (catalog_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = ingest_display_name (catalog_path);

      g_printerr (_("ingestctl: no catalog at “%s”\n"), shown);
      return INGESTCTL_EXIT_FAILURE;
    }

  catalog = ingest_catalog_open (catalog_path, &error);
  if (catalog == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  library = ingest_clip_library_new (catalog);
  clips = ingest_clip_library_search_sync (library, query, (guint) limit, &error);
  if (clips == NULL)
    {
      ingest_catalog_close (catalog, NULL);
      return ingestctl_fail (g_steal_pointer (&error));
    }

  if (as_json)
    print_json_lines (clips);
  else if (g_list_model_get_n_items (clips) == 0)
    {
      g_autofree char *shown = ingest_display_name (query);

      g_printerr (_("No clip matches “%s”.\n"), shown);
    }
  else
    print_table (clips);

  g_clear_object (&library);
  if (!ingest_catalog_close (catalog, &error))
    return ingestctl_fail (g_steal_pointer (&error));
  return 0;
}
