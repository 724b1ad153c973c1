/* ingestctl-validate.c
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

#define G_LOG_DOMAIN "ingestctl-validate"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <unistd.h>

#include "ingest.h"
#include "ingestctl-private.h"

/* Exit status when the validation ran and not every file is verified. */
#define EXIT_PROBLEMS 3
/* Exit status when interrupted (SIGINT/SIGTERM); results so far are kept. */
#define EXIT_INTERRUPTED 130

typedef struct
{
  GMainLoop          *loop;
  IngestDriveSession *session;
  const char * const *expected;
  const char         *label;
  gboolean            reread;
  gboolean            record;
  gboolean            show_progress;
} Validate;

static void progress_cb (IngestValidationJob *job,
                         GParamSpec          *pspec,
                         Validate            *validate);

/* The read the session made: this command's options, and its progress. */
static void
prepare_read_cb (IngestDriveSession  *session,
                 IngestValidationJob *read,
                 Validate            *validate)
{
  for (guint i = 0; validate->expected != NULL && validate->expected[i] != NULL; i++)
    ingest_validation_job_add_expected (read, validate->expected[i]);
  ingest_validation_job_set_reuse_verified (read, !validate->reread);
  ingest_validation_job_set_label (read, validate->label);
  ingest_validation_job_set_record (read, validate->record);
  g_signal_connect (read, "notify::bytes-done", G_CALLBACK (progress_cb), validate);
  g_signal_connect (read, "notify::paused", G_CALLBACK (progress_cb), validate);
}

static void
finished_cb (IngestDriveSession *session,
             Validate           *validate)
{
  g_main_loop_quit (validate->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  Validate *validate = user_data;

  ingest_drive_session_cancel (validate->session);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (IngestValidationJob *job,
             GParamSpec          *pspec,
             Validate            *validate)
{
  g_autofree char *done = g_format_size (ingest_validation_job_get_bytes_done (job));
  g_autofree char *total = g_format_size (ingest_validation_job_get_bytes_total (job));
  g_autofree char *rate = g_format_size ((guint64) ingest_validation_job_get_rate (job));

  if (!validate->show_progress)
    return;
  if (ingest_validation_job_get_paused (job))
    {
      g_autofree char *message = ingest_display_message (ingest_validation_job_get_message (job));

      g_printerr ("\r\033[K%s", message);
    }
  else
    g_printerr ("\r\033[K%u/%u files · %s of %s · %s/s", ingest_validation_job_get_files_done (job),
                ingest_validation_job_get_files_total (job), done, total, rate);
}

static void
print_text (IngestValidationJob *job)
{
  g_autoptr(GListModel) results = ingest_validation_job_list_results (job);
  g_autoptr(GListModel) rolls = ingest_validation_job_list_rolls (job);
  const char * const *diagnostics = ingest_validation_job_get_diagnostics (job);
  g_autofree char *verdict_message = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(IngestValidationResult) result = g_list_model_get_item (results, i);
      IngestValidationStatus status = ingest_validation_result_get_status (result);
      g_autofree char *path = NULL;
      g_autofree char *renamed_from = NULL;
      g_autofree char *message = NULL;

      if (!ingest_validation_status_is_problem (status))
        continue;
      /* names escaped: one printed line per record, whatever a name holds */
      path = ingest_display_name (ingest_validation_result_get_path (result));
      renamed_from = ingest_display_name (ingest_validation_result_get_renamed_from (result));
      message = ingest_display_message (ingest_validation_result_get_message (result));
      g_print ("%-10s %s", ingest_validation_status_to_string (status), path);
      if (renamed_from != NULL)
        g_print (" (from %s)", renamed_from);
      if (status == INGEST_VALIDATION_STATUS_MISMATCH)
        g_print ("\n           %s expected %s, found %s", ingest_validation_result_get_kind (result),
                 ingest_validation_result_get_expected (result), ingest_validation_result_get_found (result));
      if (message != NULL && status != INGEST_VALIDATION_STATUS_EXTRA)
        g_print ("\n           %s", message);
      g_print ("\n");
    }

  for (guint r = 0; r < g_list_model_get_n_items (rolls); r++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, r);
      g_autofree char *name = ingest_display_name (ingest_validation_roll_get_name (roll));
      g_autofree char *path = ingest_display_name (ingest_validation_roll_get_path (roll));

      g_print ("%s: roll %s (%s, %s): %" G_GUINT64_FORMAT " files\n",
               ingest_validation_verdict_to_string (ingest_validation_roll_get_verdict (roll)),
               name, path, ingest_validation_roll_get_kind_label (roll), ingest_validation_roll_get_n_results (roll));
    }
  for (guint i = 0; diagnostics[i] != NULL; i++)
    {
      g_autofree char *diagnostic = ingest_display_message (diagnostics[i]);

      g_print ("note: %s\n", diagnostic);
    }
  verdict_message = ingest_display_message (ingest_validation_job_get_message (job));
  switch (ingest_validation_job_get_verdict (job))
    {
    case INGEST_VALIDATION_VERDICT_OK:
      g_print ("%s: %s\n", _("OK"), verdict_message);
      break;
    case INGEST_VALIDATION_VERDICT_UNVERIFIABLE:
      g_print ("%s: %s (%s)\n", _("UNVERIFIABLE"), verdict_message,
               _("no manifest covers some rolls; --seal starts their history"));
      break;
    case INGEST_VALIDATION_VERDICT_PENDING:
    case INGEST_VALIDATION_VERDICT_PROBLEMS:
    default:
      g_print ("%s: %s\n", _("PROBLEMS"), verdict_message);
      break;
    }
}

/* Written one file at a time: a run over a million files never holds its JSON. */
static gboolean
print_json (IngestValidationJob  *job,
            GError              **error)
{
  g_autoptr(GOutputStream) out = ingestctl_stdout_stream ();

  return ingest_validation_report_write_summary (job, out, error) &&
         g_output_stream_write_all (out, "\n", 1, NULL, NULL, error) &&
         g_output_stream_close (out, NULL, error);
}

/* With --json, a run that could not validate still prints one object, so a
 * script never mistakes silence for a verdict. "manifest": a history or
 * manifest that cannot be trusted (modified, unlisted, unparsable). */
static void
print_json_error (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, "error");
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "class");
  json_builder_add_string_value (builder, error->domain == INGEST_MHL_ERROR ? "manifest" : "other");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Writes the first ASC MHL generation of every roll no manifest covers. */
static gboolean
seal_unverifiable (IngestValidationJob  *job,
                   GError              **error)
{
  g_autoptr(GListModel) rolls = ingest_validation_job_list_rolls (job);

  for (guint r = 0; r < g_list_model_get_n_items (rolls); r++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, r);
      g_autofree char *folder = NULL;
      g_autofree char *shown = NULL;

      if (ingest_validation_roll_get_verdict (roll) != INGEST_VALIDATION_VERDICT_UNVERIFIABLE)
        continue;
      folder = g_build_filename (ingest_validation_job_get_root (job), ingest_validation_roll_get_path (roll), NULL);
      if (!ingest_expected_manifest_seal (folder, 0, NULL, NULL, error))
        return FALSE;
      shown = ingest_display_name (folder);
      g_printerr (_("Sealed %s: wrote the first generation of its ASC MHL history\n"), shown);
    }
  return TRUE;
}

int
ingestctl_validate_main (int    argc,
                         char **argv)
{
  g_auto(GStrv) expected = NULL;
  g_autofree char *report_dir = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *label = NULL;
  gboolean as_json = FALSE;
  gboolean no_catalog = FALSE;
  gboolean reread = FALSE;
  gboolean seal = FALSE;
  gboolean record = FALSE;
  int n_threads = 0;
  gboolean no_metadata = FALSE;
  const GOptionEntry entries[] = {
    { "expected", 'e', 0, G_OPTION_ARG_FILENAME_ARRAY, &expected,
      N_("Also expect the hashes of FILE: an ASC MHL manifest, an ascmhl/ history folder (or its chain file), "
         "or a legacy .mhl; its paths are relative to PATH (repeatable)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print one JSON object: verdict, counts, rolls[], files[]"), NULL },
    { "report-dir", 0, 0, G_OPTION_ARG_FILENAME, &report_dir,
      N_("Write the drive’s JSON and HTML reports in DIR"), N_("DIR") },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("Catalog database (default: the station’s)"), N_("FILE") },
    { "no-catalog", 0, 0, G_OPTION_ARG_NONE, &no_catalog,
      N_("Keep no results: nothing saved, nothing resumed"), NULL },
    { "reread", 0, 0, G_OPTION_ARG_NONE, &reread,
      N_("Read every file again, even those an earlier run verified and that have not changed"), NULL },
    { "record", 0, 0, G_OPTION_ARG_NONE, &record,
      N_("Record the validation as a new ASC MHL generation (in-place) in the drive’s histories; "
         "in the formats they record, from this run's one read; never on a read-only drive (writes to the drive)"), NULL },
    { "seal", 0, 0, G_OPTION_ARG_NONE, &seal,
      N_("Write the first ASC MHL generation of every roll no manifest covers (writes to the drive)"), NULL },
    { "threads", 't', 0, G_OPTION_ARG_INT, &n_threads,
      N_("Files read at once (default: one per CPU core, at most 4)"), N_("N") },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label,
      N_("Label to give the drive (default: the filesystem label or the folder’s name)"), N_("LABEL") },
    { "no-metadata", 0, 0, G_OPTION_ARG_NONE, &no_metadata,
      N_("Don't read the clips' camera metadata along with the read (it is kept in the catalog)"), NULL },
    INGESTCTL_MAX_MANIFEST_SIZE_ENTRY,
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH"));
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestDrive) drive = NULL;
  g_autoptr(IngestDriveSession) session = NULL;
  g_autoptr(IngestMetadataStage) metadata = NULL;
  IngestValidationJob *job;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Validate validate = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  g_option_context_set_summary (context,
                                _("Validates a drive (a mount point or any folder) against its expected hashes:\n"
                                  "the ASC MHL histories on it (nested ones too), legacy .mhl files, and any\n"
                                  "--expected manifest. Each file is read once. Every file ends verified,\n"
                                  "mismatch, missing, extra, renamed, ignored or unreadable; a roll no manifest\n"
                                  "covers is unverifiable, and so is a drive where no file was verified.\n"
                                  "Results are kept in the catalog, so a run that was interrupted continues\n"
                                  "without reading again files it verified that have not changed since: same\n"
                                  "size, modification time and status change time (ctime, which touch -d\n"
                                  "cannot set back). Only on filesystems whose ctime is fine-grained and\n"
                                  "moves on every write (ext2/3/4, xfs, btrfs, f2fs, zfs, nfs, tmpfs), and\n"
                                  "only for files whose times are at least 2 s older than the run that read\n"
                                  "them; exFAT, FAT and other drives are always read in full. Use --reread\n"
                                  "to read everything regardless.\n\n"
                                  "Symbolic links are never followed out of the drive: a link to a file on\n"
                                  "the drive is read through (its target's bytes); a link to a folder, to\n"
                                  "anything outside the drive, or to nothing is not read and never verified\n"
                                  "(reported ignored, or unreadable when a manifest expects a file there).\n\n"
                                  "Exit status: 0 every file verified; 3 problems found (or unverifiable);\n"
                                  "1 could not validate (with --json: {\"verdict\": \"error\", ...}, e.g. a\n"
                                  "modified manifest); 2 bad usage; 130 interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;

  if (argc != 2)
    {
      g_printerr ("ingestctl: %s\n", _("validate needs one PATH; see “ingestctl validate --help”"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = ingest_display_name (argv[1]);

      g_printerr ("ingestctl: %s: %s\n", shown, _("not a folder"));
      return INGESTCTL_EXIT_FAILURE;
    }

  if (!no_catalog)
    {
      catalog = ingest_catalog_open (catalog_path, &error);
      if (catalog == NULL)
        return ingestctl_fail (g_steal_pointer (&error));
    }

  drive = ingest_drive_new_for_path (argv[1], label, &error);
  if (drive == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  session = ingest_drive_session_new (drive, catalog);
  ingest_drive_session_set_n_threads (session, MAX (n_threads, 0));
  /* The clips' metadata, read beside the read at low priority. */
  if (!no_metadata)
    {
      metadata = ingest_metadata_stage_new ();
      ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (metadata));
    }

  loop = g_main_loop_new (NULL, FALSE);
  validate.loop = loop;
  validate.session = session;
  validate.expected = (const char * const *) expected;
  validate.label = label;
  validate.reread = reread;
  validate.record = record;
  validate.show_progress = isatty (STDERR_FILENO);
  g_signal_connect (session, "prepare-read", G_CALLBACK (prepare_read_cb), &validate);
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), &validate);
  if (!ingest_drive_session_validate (session, &error))
    return ingestctl_fail (g_steal_pointer (&error));
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &validate);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &validate);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (validate.show_progress)
    g_printerr ("\r\033[K");

  job = ingest_drive_session_get_read (session);
  if (ingest_drive_session_get_cancelled (session))
    {
      g_printerr ("ingestctl: %s\n", _("interrupted; the results so far are in the catalog"));
      return EXIT_INTERRUPTED;
    }
  if (ingest_drive_session_get_error (session) != NULL)
    {
      GError *run_error = g_error_copy (ingest_drive_session_get_error (session));

      if (as_json)
        print_json_error (run_error);
      return ingestctl_fail (run_error);
    }

  /* On a terminal only: scripts and tests count the lines of the output. */
  if (metadata != NULL && validate.show_progress)
    ingestctl_print_clips_summary (metadata);

  if (as_json && !print_json (job, &error))
    return ingestctl_fail (g_steal_pointer (&error));
  if (!as_json)
    print_text (job);

  if (report_dir != NULL)
    {
      g_autofree char *json_path = NULL;
      g_autofree char *html_path = NULL;
      g_autofree char *json_shown = NULL;
      g_autofree char *html_shown = NULL;

      if (!ingest_drive_session_write_report (session, report_dir, &json_path, &html_path, &error))
        return ingestctl_fail (g_steal_pointer (&error));
      json_shown = ingest_display_name (json_path);
      html_shown = ingest_display_name (html_path);
      g_printerr (_("Reports: %s, %s\n"), json_shown, html_shown);
    }

  if (seal && !seal_unverifiable (job, &error))
    return ingestctl_fail (g_steal_pointer (&error));

  return ingest_validation_job_get_verdict (job) == INGEST_VALIDATION_VERDICT_OK ? 0 : EXIT_PROBLEMS;
}
