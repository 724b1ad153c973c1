/* ingestctl-hash.c
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

#define G_LOG_DOMAIN "ingestctl-hash"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ingest.h"
#include "ingestctl-private.h"

static gboolean
parse_kinds (char           **names,
             IngestHashSet   *kinds,
             GError         **error)
{
  *kinds = 0;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      IngestHashKind kind;

      if (!ingest_hash_kind_from_name (names[i], &kind))
        {
          g_autoptr(GString) known = g_string_new (NULL);

          for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
            g_string_append_printf (known, "%s%s", k ? ", " : "", ingest_hash_kind_get_name (k));
          g_set_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_UNKNOWN_KIND,
                       _("Unknown hash format “%s” (known: %s)"), names[i], known->str);
          return FALSE;
        }
      *kinds |= INGEST_HASH_BIT (kind);
    }

  /* The reference's default format. */
  if (*kinds == 0)
    *kinds = INGEST_HASH_BIT (INGEST_HASH_XXH128);
  return TRUE;
}

int
ingestctl_hash_main (int    argc,
                     char **argv)
{
  g_auto(GStrv) formats = NULL;
  int n_threads = 0;
  const GOptionEntry entries[] = {
    { "hash-format", 'h', 0, G_OPTION_ARG_STRING_ARRAY, &formats,
      N_("Hash format: c4, md5, sha1, xxh128 (default), xxh3, xxh64, xxh32, crc32c, sha256; repeat for several"), N_("FORMAT") },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &n_threads,
      N_("Files hashed in parallel (default: number of CPUs)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE…"));
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  IngestHashSet kinds;
  int status;

  g_option_context_set_summary (context,
                                _("Hashes files with one read each, every format from the same read,\n"
                                  "several files in parallel. Prints “FORMAT (FILE) = VALUE” lines\n"
                                  "in the order given, as ascmhl-debug hash does."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;

  if (argc < 2 || n_threads < 0)
    {
      g_printerr ("ingestctl: %s\n", _("hash needs at least one FILE; see “ingestctl hash --help”"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (!parse_kinds (formats, &kinds, &error))
    {
      g_printerr ("ingestctl: %s\n", error->message);
      return INGESTCTL_EXIT_USAGE;
    }

  jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_hash_job_free);
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *path = g_canonicalize_filename (argv[i], NULL);
      IngestHashJob *job = ingest_hash_job_new (path, kinds);

      job->user_data = argv[i];
      g_ptr_array_add (jobs, job);
    }

  ingest_hash_jobs_run (jobs, n_threads, NULL, NULL, NULL, NULL);

  status = 0;
  for (guint i = 0; i < jobs->len; i++)
    {
      IngestHashJob *job = g_ptr_array_index (jobs, i);

      g_autofree char *shown = NULL;

      if (job->error != NULL)
        {
          g_autofree char *message = ingest_display_message (job->error->message);

          g_printerr ("ingestctl: %s\n", message);
          status = INGESTCTL_EXIT_FAILURE;
          continue;
        }
      /* printf, not g_print: a plain file name goes out byte for byte, as
       * xxhsum does; one a line could not hold is escaped, and the line then
       * starts with a backslash, as md5sum and sha1sum mark it. */
      shown = ingest_display_name (job->user_data);
      for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
        {
          if (job->digests[k] != NULL)
            printf ("%s%s (%s) = %s\n", strcmp (shown, job->user_data) != 0 ? "\\" : "",
                    ingest_hash_kind_get_name (k), shown, job->digests[k]);
        }
    }

  return status;
}
