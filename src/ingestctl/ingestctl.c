/* ingestctl.c
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

#define G_LOG_DOMAIN "ingestctl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "ingest.h"
#include "ingestctl-private.h"

typedef struct
{
  const char *name;
  int       (*main) (int argc, char **argv);
  const char *summary;
} IngestctlVerb;

static const IngestctlVerb verbs[] = {
#define INGESTCTL_VERB(name, func, summary) { name, func, summary },
#include "ingestctl-verbs.defs"
#undef INGESTCTL_VERB
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: ingestctl [--version] VERB [OPTION…]"));
  fprintf (stream, "%s\n", _("Verbs:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (stream, "  %-14s %s\n", verbs[i].name, _(verbs[i].summary));
  fprintf (stream, "\n%s\n", _("Run “ingestctl VERB --help” for the options of a verb."));
}

/* Parses a verb's options; prints the error and returns a usage exit code on failure, 0 on success. */
int
ingestctl_parse_options (GOptionContext   *context,
                         int              *argc,
                         char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *message = ingest_display_message (error->message);

      g_printerr ("ingestctl: %s\n", message);
      return INGESTCTL_EXIT_USAGE;
    }
  return 0;
}

gboolean
ingestctl_max_manifest_size_cb (const char  *option_name,
                                const char  *value,
                                gpointer     data,
                                GError     **error)
{
  guint64 size;

  if (!ingest_mhl_parse_size (value, &size))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a size (bytes, or a number followed by K, M or G)"), option_name, value);
      return FALSE;
    }
  ingest_mhl_set_max_manifest_size (size);
  return TRUE;
}

/* Standard output as a buffered stream, for JSON written as it is produced;
 * whatever stdio holds is written first. Closing it leaves the descriptor open. */
GOutputStream *
ingestctl_stdout_stream (void)
{
  g_autoptr(GOutputStream) fd_stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  fflush (stdout);
  return g_buffered_output_stream_new_sized (fd_stream, 256 * 1024);
}

/* Prints an error to stderr and returns the generic failure exit code. Takes the error. */
int
ingestctl_fail (GError *error)
{
  g_autofree char *message = ingest_display_message (error->message);

  g_printerr ("ingestctl: %s\n", message);
  g_error_free (error);
  return INGESTCTL_EXIT_FAILURE;
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} ScanWait;

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ScanWait *wait = user_data;

  ingest_drive_scan_finish (INGEST_DRIVE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* Scans @drive, running the default main context until the scan is over:
 * a verb that lists or groups the rolls needs them found first. */
gboolean
ingestctl_scan_drive (IngestDrive  *drive,
                      GError      **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ScanWait wait = { loop, NULL };

  ingest_drive_scan_async (drive, NULL, scan_done_cb, &wait);
  g_main_loop_run (loop);
  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return FALSE;
    }
  return TRUE;
}

void
ingestctl_json_add_string (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ingestctl_json_add_int (JsonBuilder *builder,
                        const char  *name,
                        gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ingestctl_json_add_bool (JsonBuilder *builder,
                         const char  *name,
                         gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* Prints the builder's document, indented, on stdout. */
void
ingestctl_json_print (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
main (int    argc,
      char **argv)
{
  const char *verb;
  g_autofree char *shown = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return INGESTCTL_EXIT_USAGE;
    }

  verb = argv[1];
  if (strcmp (verb, "--help") == 0 || strcmp (verb, "-h") == 0 || strcmp (verb, "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (verb, "--version") == 0)
    {
      g_print ("ingestctl %s\n", ingest_get_version ());
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      if (strcmp (verb, verbs[i].name) == 0)
        {
          /* The verb sees itself as the program so GOptionContext prints "ingestctl VERB". */
          argv[1] = g_strdup_printf ("ingestctl %s", verb);
          g_set_prgname (argv[1]);
          ingest_init ();
          /* a file name in a log line stays on its line */
          g_log_set_writer_func (ingest_display_log_writer, NULL, NULL);
          return verbs[i].main (argc - 1, argv + 1);
        }
    }

  shown = ingest_display_message (verb);
  g_printerr (_("ingestctl: unknown verb “%s”\n"), shown);
  print_usage (stderr);
  return INGESTCTL_EXIT_USAGE;
}
