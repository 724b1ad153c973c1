/* ingestctl-mhl.c
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

#define G_LOG_DOMAIN "ingestctl-mhl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingestctl-private.h"

/* Exit codes of the ASC MHL reference tool, so scripts port over. */
enum {
  EXIT_MISSING = 10,
  EXIT_FAILED = 11,
  EXIT_DIRECTORY_FAILED = 12,
  EXIT_NEW = 21,
  EXIT_NO_HISTORY = 30,
  EXIT_MODIFIED_MANIFEST = 31,
  EXIT_NO_CHAIN = 32,
  EXIT_MISSING_MANIFEST = 33,
};

typedef struct
{
  char     **hash_formats;
  char     **ignore;
  char      *ignore_spec;
  gboolean   no_directory_hashes;
  gboolean   directory_hashes;
  gboolean   verbose;
  gboolean   json;
  char      *author_name;
  char      *author_email;
  char      *author_phone;
  char      *author_role;
  char      *location;
  char      *comment;
} Options;

static void
options_clear (Options *options)
{
  g_strfreev (options->hash_formats);
  g_strfreev (options->ignore);
  g_free (options->ignore_spec);
  g_free (options->author_name);
  g_free (options->author_email);
  g_free (options->author_phone);
  g_free (options->author_role);
  g_free (options->location);
  g_free (options->comment);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static const char *
error_exit_name (int code)
{
  switch (code)
    {
    case EXIT_MISSING: return "missing";
    case EXIT_FAILED: return "failed";
    case EXIT_DIRECTORY_FAILED: return "directory-failed";
    case EXIT_NEW: return "new";
    case EXIT_NO_HISTORY: return "no-history";
    case EXIT_MODIFIED_MANIFEST: return "modified-manifest";
    case EXIT_NO_CHAIN: return "no-chain";
    case EXIT_MISSING_MANIFEST: return "missing-manifest";
    case 0: return "ok";
    default: return "error";
    }
}

/* History problems found while loading map to the reference's 30-33. */
static int
exit_code_for_error (const GError *error)
{
  if (error->domain == INGEST_MHL_ERROR)
    {
      switch (error->code)
        {
        case INGEST_MHL_ERROR_NO_HISTORY: return EXIT_NO_HISTORY;
        case INGEST_MHL_ERROR_CHAIN_MISMATCH: return EXIT_MODIFIED_MANIFEST;
        case INGEST_MHL_ERROR_NO_CHAIN: return EXIT_NO_CHAIN;
        case INGEST_MHL_ERROR_MISSING_MANIFEST: return EXIT_MISSING_MANIFEST;
        default: return INGESTCTL_EXIT_FAILURE;
        }
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    return INGESTCTL_EXIT_USAGE;
  return INGESTCTL_EXIT_FAILURE;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
fail_with (const char *command,
           GError     *error,
           gboolean    as_json)
{
  int code = exit_code_for_error (error);
  g_autofree char *message = NULL;

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "command");
      json_builder_add_string_value (builder, command);
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder, error_exit_name (code));
      json_builder_set_member_name (builder, "exit_code");
      json_builder_add_int_value (builder, code);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
      print_json (builder);
    }
  message = ingest_display_message (error->message);
  g_printerr ("Error: %s\n", message);
  g_error_free (error);
  return code;
}

/* Test-only overrides of clock, host and tool, read in this one place so golden
 * files of the reference can be reproduced from the command line too. */
static void
apply_test_overrides (IngestMhlCreator  *creator,
                      GDateTime        **now)
{
  const char *value;

  if ((value = g_getenv ("INGEST_MHL_TEST_NOW")) != NULL)
    {
      *now = g_date_time_new_from_iso8601 (value, NULL);
      if (*now == NULL)
        g_printerr ("ingestctl: ignoring INGEST_MHL_TEST_NOW=%s: not an ISO 8601 date and time\n", value);
      creator->now = *now;
    }
  if ((value = g_getenv ("INGEST_MHL_TEST_HOSTNAME")) != NULL)
    creator->hostname = value;
  if ((value = g_getenv ("INGEST_MHL_TEST_TOOL_NAME")) != NULL)
    creator->tool_name = value;
  if ((value = g_getenv ("INGEST_MHL_TEST_TOOL_VERSION")) != NULL)
    creator->tool_version = value;
}

static gboolean
parse_formats (char          **names,
               IngestHashSet  *kinds,
               GError        **error)
{
  *kinds = 0;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      IngestHashKind kind;

      if (!ingest_hash_kind_from_name (names[i], &kind) || !ingest_hash_kind_is_mhl (kind))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "Invalid value for “-h”: “%s” is not one of c4, md5, sha1, xxh128, xxh3, xxh64", names[i]);
          return FALSE;
        }
      *kinds |= INGEST_HASH_BIT (kind);
    }
  return TRUE;
}

/* The reference spells some options with two-letter single dashes (-ii, -dh);
 * GOption can't, so they are mapped to long names before parsing. */
static void
map_reference_options (int    argc,
                       char **argv)
{
  static const struct { const char *from; const char *to; } map[] = {
    { "-ii", "--ignore_spec" },
    { "-dh", "--directory_hash" },
  };

  for (int i = 1; i < argc; i++)
    for (guint m = 0; m < G_N_ELEMENTS (map); m++)
      if (strcmp (argv[i], map[m].from) == 0)
        argv[i] = (char *) map[m].to;
}

/* "-h" is the reference's hash format option, so GOption's own help is off and
 * "--help" is handled here. Returns -1 to go on, else the exit code. */
static int
parse (GOptionContext  *context,
       int             *argc,
       char          ***argv)
{
  for (int i = 1; i < *argc; i++)
    {
      if (strcmp ((*argv)[i], "--") == 0)
        break;
      if (strcmp ((*argv)[i], "--help") == 0 || strcmp ((*argv)[i], "-?") == 0)
        {
          g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

          g_print ("%s", help);
          return 0;
        }
    }
  g_option_context_set_help_enabled (context, FALSE);
  map_reference_options (*argc, *argv);
  if (ingestctl_parse_options (context, argc, argv) != 0)
    return INGESTCTL_EXIT_USAGE;
  return -1;
}

static void
add_result_json (JsonBuilder     *builder,
                 IngestMhlResult *result)
{
  IngestHashSet kinds = ingest_mhl_result_get_kinds (result);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, ingest_mhl_result_get_path (result));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, ingest_mhl_status_to_string (ingest_mhl_result_get_status (result)));
  if (ingest_mhl_result_get_is_directory (result))
    {
      json_builder_set_member_name (builder, "directory");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (ingest_mhl_result_get_previous_path (result) != NULL)
    {
      json_builder_set_member_name (builder, "previous_path");
      json_builder_add_string_value (builder, ingest_mhl_result_get_previous_path (result));
    }
  if (ingest_mhl_result_get_normalization_differs (result))
    {
      json_builder_set_member_name (builder, "normalization_differs");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (ingest_mhl_result_get_message (result) != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, ingest_mhl_result_get_message (result));
    }

  json_builder_set_member_name (builder, "hashes");
  json_builder_begin_object (builder);
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    {
      const char *expected = ingest_mhl_result_get_expected (result, k);

      if (!(kinds & INGEST_HASH_BIT (k)) && expected == NULL)
        continue;
      json_builder_set_member_name (builder, ingest_hash_kind_get_name (k));
      json_builder_begin_object (builder);
      if (kinds & INGEST_HASH_BIT (k))
        {
          json_builder_set_member_name (builder, "actual");
          json_builder_add_string_value (builder, ingest_mhl_result_get_hash (result, k));
        }
      if (ingest_mhl_result_get_structure (result, k) != NULL)
        {
          json_builder_set_member_name (builder, "structure");
          json_builder_add_string_value (builder, ingest_mhl_result_get_structure (result, k));
        }
      if (expected != NULL)
        {
          json_builder_set_member_name (builder, "expected");
          json_builder_add_string_value (builder, expected);
          json_builder_set_member_name (builder, "match");
          json_builder_add_boolean_value (builder, !(ingest_mhl_result_get_failed_kinds (result) & INGEST_HASH_BIT (k)));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static gboolean
print_report_json (const char         *command,
                   IngestMhlVerifier  *verifier,
                   int                 code,
                   GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(IngestJsonStream) stream = NULL;
  const char * const *written = ingest_mhl_verifier_get_written_manifests (verifier);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  json_builder_set_member_name (builder, "root");
  json_builder_add_string_value (builder, ingest_mhl_history_get_root (ingest_mhl_verifier_get_history (verifier)));
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, error_exit_name (code));
  json_builder_set_member_name (builder, "exit_code");
  json_builder_add_int_value (builder, code);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint s = 0; s < INGEST_MHL_N_STATUSES; s++)
    {
      json_builder_set_member_name (builder, ingest_mhl_status_to_string (s));
      json_builder_add_int_value (builder, ingest_mhl_verifier_get_count (verifier, s));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "manifests");
  json_builder_begin_array (builder);
  for (guint i = 0; written[i] != NULL; i++)
    json_builder_add_string_value (builder, written[i]);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  /* "results" last, written one at a time: never the whole run's JSON in memory. */
  head = json_builder_get_root (builder);
  out = ingestctl_stdout_stream ();
  stream = ingest_json_stream_new (out, head, "results");
  for (guint i = 0; i < ingest_mhl_verifier_get_n_results (verifier); i++)
    {
      g_autoptr(JsonBuilder) element = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      add_result_json (element, ingest_mhl_verifier_get_result (verifier, i));
      node = json_builder_get_root (element);
      if (!ingest_json_stream_add (stream, node, error))
        return FALSE;
    }
  return ingest_json_stream_close (stream, error) &&
         g_output_stream_write_all (out, "\n", 1, NULL, NULL, error) &&
         g_output_stream_close (out, NULL, error);
}

/* Messages in the reference's wording where it has them. */
static void
print_report_text (const char        *command,
                   IngestMhlVerifier *verifier,
                   gboolean           verbose)
{
  gboolean create = strcmp (command, "create") == 0;
  guint n_missing = ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_MISSING);
  const char * const *written = ingest_mhl_verifier_get_written_manifests (verifier);

  for (guint i = 0; i < ingest_mhl_verifier_get_n_results (verifier); i++)
    {
      IngestMhlResult *result = ingest_mhl_verifier_get_result (verifier, i);
      /* names escaped: one printed line per record, whatever a name holds */
      g_autofree char *path = ingest_display_name (ingest_mhl_result_get_path (result));
      g_autofree char *previous_path = ingest_display_name (ingest_mhl_result_get_previous_path (result));
      g_autofree char *message = ingest_display_message (ingest_mhl_result_get_message (result));
      IngestHashSet kinds = ingest_mhl_result_get_kinds (result);
      IngestHashSet failed = ingest_mhl_result_get_failed_kinds (result);

      switch (ingest_mhl_result_get_status (result))
        {
        case INGEST_MHL_STATUS_VERIFIED:
        case INGEST_MHL_STATUS_RENAMED:
          if (ingest_mhl_result_get_status (result) == INGEST_MHL_STATUS_RENAMED)
            g_print ("a renamed file was detected: from %s to %s\n", previous_path, path);
          if (ingest_mhl_result_get_normalization_differs (result))
            g_print ("note: %s is recorded as %s (same name, other Unicode normalization)\n",
                     path, previous_path);
          /* the verified formats first, then the ones recorded for the first time */
          for (guint k = 0; verbose && k < INGEST_HASH_N_KINDS; k++)
            if ((kinds & INGEST_HASH_BIT (k)) && ingest_mhl_result_get_expected (result, k) != NULL)
              g_print (create ? "  verified                      %s  %s: OK\n" : "verification (%2$s) of file %1$s: OK\n",
                       path, ingest_hash_kind_get_name (k));
          for (guint k = 0; verbose && create && k < INGEST_HASH_N_KINDS; k++)
            if ((kinds & INGEST_HASH_BIT (k)) && ingest_mhl_result_get_expected (result, k) == NULL)
              g_print ("  created new (verif.) hash for %s  %s: %s\n", path, ingest_hash_kind_get_name (k),
                       ingest_mhl_result_get_hash (result, k));
          break;

        case INGEST_MHL_STATUS_DIRECTORY_RECORDED:
          if (verbose && kinds == 0 && path[0] != '\0')
            g_print ("  added directory entry for     %s\n", path);
          for (guint k = 0; verbose && k < INGEST_HASH_N_KINDS; k++)
            if (kinds & INGEST_HASH_BIT (k))
              {
                if (path[0] != '\0')
                  g_print ("  calculated directory hash for %s  %s: %s (content), %s (structure)\n", path,
                           ingest_hash_kind_get_name (k), ingest_mhl_result_get_hash (result, k),
                           ingest_mhl_result_get_structure (result, k));
                else
                  g_print ("  calculated root hash  %s: %s (content), %s (structure)\n",
                           ingest_hash_kind_get_name (k), ingest_mhl_result_get_hash (result, k),
                           ingest_mhl_result_get_structure (result, k));
              }
          break;

        case INGEST_MHL_STATUS_NEW:
          if (!create)
            g_printerr ("found new file %s\n", path);
          for (guint k = 0; create && verbose && k < INGEST_HASH_N_KINDS; k++)
            if (kinds & INGEST_HASH_BIT (k))
              g_print ("  created original hash for     %s  %s: %s\n", path, ingest_hash_kind_get_name (k),
                       ingest_mhl_result_get_hash (result, k));
          break;

        case INGEST_MHL_STATUS_FAILED:
          if (failed == 0)
            g_printerr ("ERROR: %s: %s\n", path, message);
          for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
            if (failed & INGEST_HASH_BIT (k) && ingest_mhl_result_get_expected (result, k) != NULL)
              g_printerr (create ? "ERROR: hash mismatch for        %s  %s (old): %s, %s (new): %s\n"
                                 : "ERROR: hash mismatch        for %s old %s: %s, new %s: %s\n",
                          path, ingest_hash_kind_get_name (k), ingest_mhl_result_get_expected (result, k),
                          ingest_hash_kind_get_name (k), ingest_mhl_result_get_hash (result, k));
          break;

        case INGEST_MHL_STATUS_DIRECTORY_FAILED:
          g_printerr ("ERROR: directory hash mismatch for %s: %s\n", path[0] ? path : ".", message);
          break;

        case INGEST_MHL_STATUS_DIRECTORY_VERIFIED:
          if (verbose)
            g_print ("directory hash of %s: OK\n", path[0] ? path : ".");
          break;

        case INGEST_MHL_STATUS_IGNORED:
          if (verbose)
            g_print ("ignoring filepath %s\n", path);
          break;

        case INGEST_MHL_STATUS_SYMLINK_DIRECTORY:
        case INGEST_MHL_STATUS_SKIPPED:
          g_printerr ("WARNING: skipping %s: %s\n", path, message);
          break;

        case INGEST_MHL_STATUS_INVALID_NAME:
        case INGEST_MHL_STATUS_UNREADABLE:
        case INGEST_MHL_STATUS_MISSING_HISTORY:
          g_printerr ("ERROR: %s: %s\n", path, message);
          break;

        case INGEST_MHL_STATUS_MISSING:
        case INGEST_MHL_N_STATUSES:
        default:
          break;
        }
    }

  for (guint i = 0; written[i] != NULL; i++)
    {
      g_autofree char *shown = ingest_display_name (written[i]);

      g_print ("Created new generation %s\n", shown);
    }

  if (n_missing > 0)
    {
      g_printerr ("ERROR: %u missing file(s):\n", n_missing);
      for (guint i = 0; i < ingest_mhl_verifier_get_n_results (verifier); i++)
        {
          IngestMhlResult *result = ingest_mhl_verifier_get_result (verifier, i);
          g_autofree char *shown = NULL;

          if (ingest_mhl_result_get_status (result) != INGEST_MHL_STATUS_MISSING)
            continue;
          shown = ingest_display_name (ingest_mhl_result_get_path (result));
          g_printerr ("  %s\n", shown);
        }
    }
}

/* One exit code per run, in the reference's order of precedence per command. */
static int
verdict (const char        *command,
         IngestMhlVerifier *verifier)
{
#define COUNT(s) ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_##s)
  gboolean failed = COUNT (FAILED) + COUNT (UNREADABLE) + COUNT (INVALID_NAME) > 0;

  if (strcmp (command, "diff") == 0)
    return COUNT (MISSING) > 0 ? EXIT_MISSING : COUNT (NEW) > 0 ? EXIT_NEW : 0;
  if (failed)
    return EXIT_FAILED;
  if (COUNT (DIRECTORY_FAILED) > 0)
    return EXIT_DIRECTORY_FAILED;
  /* verify has no rename detection in the reference: a renamed file is new
   * there (its old path missing), and is no reason for exit 0 here either. */
  if (strcmp (command, "verify") == 0 && COUNT (NEW) + COUNT (RENAMED) > 0)
    return EXIT_NEW;
  if (COUNT (MISSING) > 0)
    return EXIT_MISSING;
  if (COUNT (MISSING_HISTORY) > 0)
    return EXIT_NO_HISTORY;
  return 0;
#undef COUNT
}

static const char *
verdict_message (int code)
{
  switch (code)
    {
    case EXIT_MISSING: return "Files referenced in the ASC MHL history are missing";
    case EXIT_FAILED: return "Verification of files referenced in the ASC MHL history failed";
    case EXIT_DIRECTORY_FAILED: return "Verification of directory hashes in the ASC MHL history failed";
    case EXIT_NEW: return "New files not referenced in the ASC MHL history have been found";
    case EXIT_NO_HISTORY: return "Missing ASC MHL history referenced by a parent history";
    default: return NULL;
    }
}

static int
run_verifier (const char         *command,
              IngestMhlOperation  operation,
              int                 argc,
              char              **argv)
{
  g_auto(Options) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  IngestMhlCreator creator = { 0 };
  IngestHashSet kinds = 0;
  const char *message;
  int code;
  GOptionEntry create_entries[] = {
    { "hash_format", 'h', 0, G_OPTION_ARG_STRING_ARRAY, &options.hash_formats, N_("Hash format (c4, md5, sha1, xxh128, xxh3, xxh64); repeatable. Default xxh128"), "FORMAT" },
    { "ignore", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &options.ignore, N_("Ignore pattern (gitignore syntax); repeatable"), "PATTERN" },
    { "ignore_spec", 0, 0, G_OPTION_ARG_FILENAME, &options.ignore_spec, N_("File with one ignore pattern per line (also -ii)"), "FILE" },
    { "no_directory_hashes", 'n', 0, G_OPTION_ARG_NONE, &options.no_directory_hashes, N_("Don't write directory and root hashes"), NULL },
    { "author_name", 0, 0, G_OPTION_ARG_STRING, &options.author_name, N_("Author name"), "NAME" },
    { "author_email", 0, 0, G_OPTION_ARG_STRING, &options.author_email, N_("Author e-mail"), "EMAIL" },
    { "author_phone", 0, 0, G_OPTION_ARG_STRING, &options.author_phone, N_("Author phone"), "PHONE" },
    { "author_role", 0, 0, G_OPTION_ARG_STRING, &options.author_role, N_("Author role"), "ROLE" },
    { "location", 0, 0, G_OPTION_ARG_STRING, &options.location, N_("Location"), "TEXT" },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &options.comment, N_("Comment"), "TEXT" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose, N_("Print every file"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print one JSON object with the verdict and every result"), NULL },
    INGESTCTL_MAX_MANIFEST_SIZE_ENTRY,
    { NULL }
  };
  GOptionEntry verify_entries[] = {
    { "hash_format", 'h', 0, G_OPTION_ARG_STRING_ARRAY, &options.hash_formats, N_("Verify files with this format where it is recorded; with -dh, compute directory hashes in it"), "FORMAT" },
    { "directory_hash", 0, 0, G_OPTION_ARG_NONE, &options.directory_hashes, N_("Also verify directory and root hashes (also -dh)"), NULL },
    { "ignore", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &options.ignore, N_("Ignore pattern (gitignore syntax); repeatable"), "PATTERN" },
    { "ignore_spec", 0, 0, G_OPTION_ARG_FILENAME, &options.ignore_spec, N_("File with one ignore pattern per line (also -ii)"), "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose, N_("Print every file"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print one JSON object with the verdict and every result"), NULL },
    INGESTCTL_MAX_MANIFEST_SIZE_ENTRY,
    { NULL }
  };
  GOptionEntry diff_entries[] = {
    { "ignore", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &options.ignore, N_("Ignore pattern (gitignore syntax); repeatable"), "PATTERN" },
    { "ignore_spec", 0, 0, G_OPTION_ARG_FILENAME, &options.ignore_spec, N_("File with one ignore pattern per line (also -ii)"), "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose, N_("Print every file"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print one JSON object with the verdict and every result"), NULL },
    INGESTCTL_MAX_MANIFEST_SIZE_ENTRY,
    { NULL }
  };

  context = g_option_context_new (_("ROOT"));
  if (operation == INGEST_MHL_OPERATION_CREATE)
    {
      g_option_context_set_summary (context, _("Verify ROOT against its ASC MHL history (if any) and append a new generation\n"
                                               "to it and to every nested history. Exit codes as the ASC reference tool:\n"
                                               "10 missing files, 11 failed verification, 30-33 history problems."));
      g_option_context_add_main_entries (context, create_entries, GETTEXT_PACKAGE);
    }
  else if (operation == INGEST_MHL_OPERATION_VERIFY)
    {
      g_option_context_set_summary (context, _("Verify ROOT against its ASC MHL history without writing. Exit codes:\n"
                                               "11 failed, 12 directory hash failed, 21 new files, 10 missing files,\n"
                                               "30-33 history problems."));
      g_option_context_add_main_entries (context, verify_entries, GETTEXT_PACKAGE);
    }
  else
    {
      g_option_context_set_summary (context, _("Compare ROOT with its ASC MHL history without hashing. Exit codes:\n"
                                               "10 missing files, 21 new files, 30-33 history problems."));
      g_option_context_add_main_entries (context, diff_entries, GETTEXT_PACKAGE);
    }
  /* Where we differ from the reference, on the safe side. */
  g_option_context_set_description (context,
                                    _("Symbolic links: a link to a file inside ROOT is read through, like the reference;\n"
                                      "links to folders, to anything outside ROOT, or to nothing are never followed,\n"
                                      "never recorded, and fail verification (11) where the history records a file.\n"
                                      "A history that records different hashes or sizes for one file in different\n"
                                      "generations, or a chain entry in a format nothing can check, verifies nothing."));

  if ((code = parse (context, &argc, &argv)) >= 0)
    return code;
  if (argc != 2)
    {
      g_printerr ("ingestctl mhl %s: %s\n", command, _("expected exactly one ROOT folder"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (!parse_formats (options.hash_formats, &kinds, &error))
    {
      g_autofree char *shown = ingest_display_message (error->message);

      g_printerr ("ingestctl mhl %s: %s\n", command, shown);
      return INGESTCTL_EXIT_USAGE;
    }

  verifier = ingest_mhl_verifier_new (argv[1], operation);
  ingest_mhl_verifier_set_hash_kinds (verifier, kinds);
  if (operation == INGEST_MHL_OPERATION_CREATE)
    ingest_mhl_verifier_set_directory_hashes (verifier, !options.no_directory_hashes);
  else if (operation == INGEST_MHL_OPERATION_VERIFY)
    ingest_mhl_verifier_set_directory_hashes (verifier, options.directory_hashes);
  for (guint i = 0; options.ignore != NULL && options.ignore[i] != NULL; i++)
    ingest_mhl_verifier_add_ignore_pattern (verifier, options.ignore[i]);
  if (options.ignore_spec != NULL)
    {
      g_autoptr(IngestMhlIgnore) spec = ingest_mhl_ignore_new ();
      const char * const *patterns;

      if (!ingest_mhl_ignore_add_file (spec, options.ignore_spec, &error))
        return fail_with (command, g_steal_pointer (&error), options.json);
      patterns = ingest_mhl_ignore_get_patterns (spec);
      for (guint i = 0; patterns[i] != NULL; i++)
        ingest_mhl_verifier_add_ignore_pattern (verifier, patterns[i]);
    }

  creator.author_name = options.author_name;
  creator.author_email = options.author_email;
  creator.author_phone = options.author_phone;
  creator.author_role = options.author_role;
  creator.location = options.location;
  creator.comment = options.comment;
  apply_test_overrides (&creator, &now);
  ingest_mhl_verifier_set_creator (verifier, &creator);

  if (options.verbose && !options.json && operation == INGEST_MHL_OPERATION_CREATE)
    {
      g_autofree char *shown = ingest_display_name (argv[1]);

      g_print ("Creating new generation for folder at path: %s ...\n", shown);
    }

  if (!ingest_mhl_verifier_run (verifier, NULL, &error))
    return fail_with (command, g_steal_pointer (&error), options.json);

  code = verdict (command, verifier);
  if (options.json)
    {
      if (!print_report_json (command, verifier, code, &error))
        return ingestctl_fail (g_steal_pointer (&error));
      return code;
    }
  print_report_text (command, verifier, options.verbose);
  message = verdict_message (code);
  if (message != NULL)
    g_printerr ("Error: %s\n", message);
  return code;
}

static void
add_manifest_json (JsonBuilder       *builder,
                   IngestMhlManifest *manifest)
{
  guint n_files = 0;
  guint n_dirs = 0;

  for (guint e = 0; e < ingest_mhl_manifest_get_n_entries (manifest); e++)
    {
      if (ingest_mhl_entry_is_directory (ingest_mhl_manifest_get_entry (manifest, e)))
        n_dirs++;
      else
        n_files++;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "generation");
  json_builder_add_int_value (builder, ingest_mhl_manifest_get_generation (manifest));
  json_builder_set_member_name (builder, "file_name");
  json_builder_add_string_value (builder, ingest_mhl_manifest_get_file_name (manifest));
  json_builder_set_member_name (builder, "creation_date");
  json_builder_add_string_value (builder, ingest_mhl_manifest_get_creation_date (manifest));
  json_builder_set_member_name (builder, "hostname");
  json_builder_add_string_value (builder, ingest_mhl_manifest_get_hostname (manifest));
  json_builder_set_member_name (builder, "tool");
  json_builder_add_string_value (builder, ingest_mhl_manifest_get_tool_name (manifest));
  json_builder_set_member_name (builder, "tool_version");
  json_builder_add_string_value (builder, ingest_mhl_manifest_get_tool_version (manifest));
  json_builder_set_member_name (builder, "process");
  json_builder_add_string_value (builder, ingest_mhl_process_to_string (ingest_mhl_manifest_get_process (manifest)));
  json_builder_set_member_name (builder, "files");
  json_builder_add_int_value (builder, n_files);
  json_builder_set_member_name (builder, "directories");
  json_builder_add_int_value (builder, n_dirs);
  json_builder_set_member_name (builder, "references");
  json_builder_add_int_value (builder, ingest_mhl_manifest_get_n_references (manifest));
  json_builder_end_object (builder);
}

static void
print_history_text (IngestMhlHistory *history,
                    const char       *indent,
                    gboolean          verbose)
{
  GPtrArray *children = ingest_mhl_history_get_children (history);
  const char * const *warnings = ingest_mhl_history_get_warnings (history);

  for (guint g = 0; g < ingest_mhl_history_get_n_generations (history); g++)
    {
      IngestMhlManifest *manifest = ingest_mhl_history_get_manifest (history, g);
      g_autofree char *date = ingest_display_message (ingest_mhl_manifest_get_creation_date (manifest));

      g_print ("%s  Generation %u (%s)\n", indent, ingest_mhl_manifest_get_generation (manifest), date);
      if (verbose)
        {
          /* what a manifest says is the drive's text: escaped like names */
          g_autofree char *file_name = ingest_display_name (ingest_mhl_manifest_get_file_name (manifest));
          g_autofree char *tool = g_strdup_printf ("%s %s", ingest_mhl_manifest_get_tool_name (manifest),
                                                   ingest_mhl_manifest_get_tool_version (manifest) ? ingest_mhl_manifest_get_tool_version (manifest) : "");
          g_autofree char *tool_shown = ingest_display_message (tool);
          g_autofree char *host = ingest_display_message (ingest_mhl_manifest_get_hostname (manifest));
          g_autofree char *location = ingest_display_message (ingest_mhl_manifest_get_location (manifest));
          g_autofree char *comment = ingest_display_message (ingest_mhl_manifest_get_comment (manifest));
          guint n_files = 0;
          guint n_dirs = 0;

          for (guint e = 0; e < ingest_mhl_manifest_get_n_entries (manifest); e++)
            {
              if (ingest_mhl_entry_is_directory (ingest_mhl_manifest_get_entry (manifest, e)))
                n_dirs++;
              else
                n_files++;
            }

          g_print ("%s    File: %s\n", indent, file_name);
          g_print ("%s    Tool: %s\n", indent, tool_shown);
          g_print ("%s    Host: %s\n", indent, host);
          for (guint a = 0; a < ingest_mhl_manifest_get_n_authors (manifest); a++)
            {
              const IngestMhlAuthor *author = ingest_mhl_manifest_get_author (manifest, a);
              g_autofree char *line = g_strdup_printf ("%s%s%s%s%s%s%s", author->name,
                                                       author->role ? ", " : "", author->role ? author->role : "",
                                                       author->email ? ", " : "", author->email ? author->email : "",
                                                       author->phone ? ", " : "", author->phone ? author->phone : "");
              g_autofree char *line_shown = ingest_display_message (line);

              g_print ("%s    Author: %s\n", indent, line_shown);
            }
          if (location != NULL)
            g_print ("%s    Location: %s\n", indent, location);
          if (comment != NULL)
            g_print ("%s    Comment: %s\n", indent, comment);
          g_print ("%s    Process: %s, %u file(s), %u folder(s), %u reference(s)\n", indent,
                   ingest_mhl_process_to_string (ingest_mhl_manifest_get_process (manifest)),
                   n_files, n_dirs, ingest_mhl_manifest_get_n_references (manifest));
        }
    }
  for (guint w = 0; warnings[w] != NULL; w++)
    {
      g_autofree char *warning = ingest_display_message (warnings[w]);

      g_printerr ("WARNING: %s\n", warning);
    }

  for (guint c = 0; c < children->len; c++)
    {
      IngestMhlHistory *child = g_ptr_array_index (children, c);
      g_autofree char *deeper = g_strconcat (indent, "  ", NULL);
      g_autofree char *path_in_parent = ingest_display_name (ingest_mhl_history_get_path_in_parent (child));

      g_print ("%sChild history at %s:\n", indent, path_in_parent);
      print_history_text (child, deeper, verbose);
    }
}

static void
add_history_json (JsonBuilder      *builder,
                  IngestMhlHistory *history)
{
  GPtrArray *children = ingest_mhl_history_get_children (history);
  const char * const *warnings = ingest_mhl_history_get_warnings (history);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "root");
  json_builder_add_string_value (builder, ingest_mhl_history_get_root (history));
  if (ingest_mhl_history_get_path_in_parent (history) != NULL)
    {
      json_builder_set_member_name (builder, "path_in_parent");
      json_builder_add_string_value (builder, ingest_mhl_history_get_path_in_parent (history));
    }
  json_builder_set_member_name (builder, "generations");
  json_builder_begin_array (builder);
  for (guint g = 0; g < ingest_mhl_history_get_n_generations (history); g++)
    add_manifest_json (builder, ingest_mhl_history_get_manifest (history, g));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint w = 0; warnings[w] != NULL; w++)
    json_builder_add_string_value (builder, warnings[w]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (guint c = 0; c < children->len; c++)
    add_history_json (builder, g_ptr_array_index (children, c));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static int
mhl_info (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  gboolean verbose = FALSE;
  gboolean json = FALSE;
  int code;
  GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Show creator and process of every generation"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    INGESTCTL_MAX_MANIFEST_SIZE_ENTRY,
    { NULL }
  };

  context = g_option_context_new (_("ROOT"));
  g_option_context_set_summary (context, _("List the generations of the ASC MHL history at ROOT and of its nested histories."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((code = parse (context, &argc, &argv)) >= 0)
    return code;
  if (argc != 2)
    {
      g_printerr ("ingestctl mhl info: %s\n", _("expected exactly one ROOT folder"));
      return INGESTCTL_EXIT_USAGE;
    }

  history = ingest_mhl_history_load (argv[1], NULL, &error);
  if (history != NULL && !ingest_mhl_history_exists (history))
    g_set_error (&error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_NO_HISTORY,
                 "Missing ASC MHL history at path %s", ingest_mhl_history_get_root (history));
  if (error != NULL)
    return fail_with ("info", g_steal_pointer (&error), json);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "command");
      json_builder_add_string_value (builder, "info");
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder, "ok");
      json_builder_set_member_name (builder, "exit_code");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "history");
      add_history_json (builder, history);
      json_builder_end_object (builder);
      print_json (builder);
      return 0;
    }

  root = ingest_display_name (ingest_mhl_history_get_root (history));
  g_print ("Info for history at path: %s\n", root);
  print_history_text (history, "", verbose);
  return 0;
}

static int
mhl_flatten (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  IngestMhlCreator creator = { 0 };
  gboolean json = FALSE;
  int code;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    INGESTCTL_MAX_MANIFEST_SIZE_ENTRY,
    { NULL }
  };

  context = g_option_context_new (_("ROOT DEST"));
  g_option_context_set_summary (context, _("Write every file hash of the history at ROOT and of its nested histories\n"
                                           "into one stand-alone manifest (process “flatten”) plus a collection file\n"
                                           "in DEST/collection_<date>/."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((code = parse (context, &argc, &argv)) >= 0)
    return code;
  if (argc != 3)
    {
      g_printerr ("ingestctl mhl flatten: %s\n", _("expected ROOT and DEST"));
      return INGESTCTL_EXIT_USAGE;
    }

  apply_test_overrides (&creator, &now);
  if (!ingest_mhl_flatten (argv[1], argv[2], &creator, &written, NULL, &error))
    return fail_with ("flatten", g_steal_pointer (&error), json);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "command");
      json_builder_add_string_value (builder, "flatten");
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder, "ok");
      json_builder_set_member_name (builder, "exit_code");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "manifest");
      json_builder_add_string_value (builder, written);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_autofree char *shown = ingest_display_name (written);

      g_print ("Flattened history written to %s\n", shown);
    }
  return 0;
}

static void
print_mhl_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: ingestctl mhl COMMAND [OPTION…] ROOT"), _("Commands:"));
  fprintf (stream, "  create    %s\n", _("Verify and append a new generation (seal a folder)"));
  fprintf (stream, "  verify    %s\n", _("Verify against the history without writing"));
  fprintf (stream, "  diff      %s\n", _("List new and missing files without hashing"));
  fprintf (stream, "  info      %s\n", _("List the generations of a history"));
  fprintf (stream, "  flatten   %s\n", _("Write all hashes of a history into one manifest"));
  fprintf (stream, "\n%s\n", _("Run “ingestctl mhl COMMAND --help” for the options of a command."));
}

int
ingestctl_mhl_main (int    argc,
                    char **argv)
{
  const char *command;
  g_autofree char *name = NULL;

  if (argc < 2)
    {
      print_mhl_usage (stderr);
      return INGESTCTL_EXIT_USAGE;
    }
  command = argv[1];
  if (strcmp (command, "--help") == 0 || strcmp (command, "help") == 0)
    {
      print_mhl_usage (stdout);
      return 0;
    }

  /* GOption has no sub-commands: the command word becomes argv[0]. */
  name = g_strdup_printf ("ingestctl mhl %s", command);
  argv[1] = name;
  if (strcmp (command, "create") == 0)
    return run_verifier ("create", INGEST_MHL_OPERATION_CREATE, argc - 1, argv + 1);
  if (strcmp (command, "verify") == 0)
    return run_verifier ("verify", INGEST_MHL_OPERATION_VERIFY, argc - 1, argv + 1);
  if (strcmp (command, "diff") == 0)
    return run_verifier ("diff", INGEST_MHL_OPERATION_DIFF, argc - 1, argv + 1);
  if (strcmp (command, "info") == 0)
    return mhl_info (argc - 1, argv + 1);
  if (strcmp (command, "flatten") == 0)
    return mhl_flatten (argc - 1, argv + 1);

  name = ingest_display_message (command);
  g_printerr ("ingestctl mhl: unknown command “%s”\n", name);
  print_mhl_usage (stderr);
  return INGESTCTL_EXIT_USAGE;
}
