/* ingestctl-export.c
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

#define G_LOG_DOMAIN "ingestctl-export"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ingest.h"
#include "ingestctl-private.h"

int
ingestctl_export_main (int    argc,
                       char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *label = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (default: standard output)"), N_("FILE") },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label,
      N_("Label to give the drive (default: the filesystem label or the folder’s name)"), N_("LABEL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ale|csv PATH"));
  g_autoptr(GPtrArray) clips = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  g_option_context_set_summary (context,
                                _("Writes the clips of a drive, a roll or any folder (as “ingestctl clips”\n"
                                  "finds them) for editorial: “ale” as Avid imports it (Heading, Column,\n"
                                  "Data; Name, Tape, Start, End, Duration, Source File, Scene, Take…),\n"
                                  "“csv” with a header of the JSON field names."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;
  if (argc != 3 || (strcmp (argv[1], "ale") != 0 && strcmp (argv[1], "csv") != 0))
    {
      g_printerr ("ingestctl: %s\n", _("export needs a format (ale or csv) and one PATH; see “ingestctl export --help”"));
      return INGESTCTL_EXIT_USAGE;
    }

  clips = ingestctl_read_clips (argv[2], label, NULL, &error);
  if (clips == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  text = strcmp (argv[1], "ale") == 0 ? ingest_clip_export_ale (clips) : ingest_clip_export_csv (clips);

  if (output != NULL)
    {
      if (!g_file_set_contents (output, text, -1, &error))
        return ingestctl_fail (g_steal_pointer (&error));
    }
  else
    {
      fwrite (text, 1, strlen (text), stdout);
      fflush (stdout);
    }
  return 0;
}
