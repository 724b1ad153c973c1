/* ingest-validation-report.c
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

#define G_LOG_DOMAIN "ingest-validation-report"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ingest-display-name.h"
#include "ingest-json-stream.h"
#include "ingest-validation-report.h"

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (usec > 0)
    {
      time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
    }
  add_string (builder, name, text);
}

/* g_ptr_array_sort_with_data() passes pointers to the elements. */
static int
compare_result_pointers (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  return ingest_validation_result_compare (*(gpointer *) a, *(gpointer *) b, user_data);
}

/* The job's results, problems first. (transfer container) */
static GPtrArray *
sorted_results (IngestValidationJob *job)
{
  g_autoptr(GListModel) model = ingest_validation_job_list_results (job);
  GPtrArray *results = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (results, g_list_model_get_item (model, i));
  g_ptr_array_sort_with_data (results, compare_result_pointers, NULL);
  return results;
}

static void
add_counts (JsonBuilder   *builder,
            const guint64 *counts)
{
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
    add_int (builder, ingest_validation_status_to_string (s), counts[s]);
  json_builder_end_object (builder);
}

/* "verdict", "counts" and "rolls": the summary up to its "files". */
static void
add_summary_head (JsonBuilder         *builder,
                  IngestValidationJob *job)
{
  g_autoptr(GListModel) rolls = ingest_validation_job_list_rolls (job);
  guint64 counts[INGEST_VALIDATION_N_STATUSES];

  add_string (builder, "verdict",
              ingest_validation_job_get_verdict (job) == INGEST_VALIDATION_VERDICT_OK ? "ok" : "problems");
  for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
    counts[s] = ingest_validation_job_get_count (job, s);
  add_counts (builder, counts);

  json_builder_set_member_name (builder, "rolls");
  json_builder_begin_array (builder);
  for (guint r = 0; r < g_list_model_get_n_items (rolls); r++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, r);

      for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
        counts[s] = ingest_validation_roll_get_count (roll, s);
      json_builder_begin_object (builder);
      add_string (builder, "name", ingest_validation_roll_get_name (roll));
      add_string (builder, "path", ingest_validation_roll_get_path (roll));
      add_string (builder, "kind", ingest_validation_roll_get_kind_label (roll));
      add_string (builder, "mhl_kind", ingest_validation_roll_get_mhl_kind (roll));
      add_string (builder, "verdict", ingest_validation_verdict_to_string (ingest_validation_roll_get_verdict (roll)));
      add_int (builder, "expected", ingest_validation_roll_get_n_expected (roll));
      add_counts (builder, counts);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* One element of "files". */
static JsonNode *
build_file (IngestValidationResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *kind = ingest_validation_result_get_kind (result);

  json_builder_begin_object (builder);
  add_string (builder, "path", ingest_validation_result_get_path (result));
  add_string (builder, "status", ingest_validation_status_to_string (ingest_validation_result_get_status (result)));
  add_string (builder, "roll", ingest_validation_result_get_roll (result));
  if (kind != NULL)
    add_string (builder, "kind", kind);
  if (ingest_validation_result_get_expected (result) != NULL)
    add_string (builder, "expected", ingest_validation_result_get_expected (result));
  if (ingest_validation_result_get_found (result) != NULL)
    add_string (builder, "found", ingest_validation_result_get_found (result));
  if (ingest_validation_result_get_size (result) >= 0)
    add_int (builder, "size", ingest_validation_result_get_size (result));
  if (ingest_validation_result_get_renamed_from (result) != NULL)
    add_string (builder, "renamed_from", ingest_validation_result_get_renamed_from (result));
  if (ingest_validation_result_get_source (result) != NULL)
    add_string (builder, "source", ingest_validation_result_get_source (result));
  if (ingest_validation_result_get_message (result) != NULL)
    add_string (builder, "message", ingest_validation_result_get_message (result));
  if (ingest_validation_result_get_disagreement (result))
    {
      json_builder_set_member_name (builder, "disagreement");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (ingest_validation_result_get_resumed (result))
    {
      json_builder_set_member_name (builder, "resumed");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
build_summary (JsonBuilder         *builder,
               IngestValidationJob *job)
{
  g_autoptr(GPtrArray) results = sorted_results (job);

  add_summary_head (builder, job);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    json_builder_add_value (builder, build_file (g_ptr_array_index (results, i)));
  json_builder_end_array (builder);
}

/* Writes HEAD and then "files", one result at a time (never the whole tree in memory). */
static gboolean
stream_files (IngestValidationJob  *job,
              JsonBuilder          *head,
              GOutputStream        *out,
              GError              **error)
{
  g_autoptr(JsonNode) head_node = json_builder_get_root (head);
  g_autoptr(IngestJsonStream) stream = ingest_json_stream_new (out, head_node, "files");
  g_autoptr(GPtrArray) results = sorted_results (job);

  for (guint i = 0; i < results->len; i++)
    {
      g_autoptr(JsonNode) file = build_file (g_ptr_array_index (results, i));

      if (!ingest_json_stream_add (stream, file, error))
        return FALSE;
    }
  return ingest_json_stream_close (stream, error);
}

/**
 * ingest_validation_report_write_summary:
 * @out: where the text goes (not closed)
 *
 * Writes what ingest_validation_report_build_summary() returns, pretty-printed
 * as json-glib prints it (no newline at the end), one file at a time.
 */
gboolean
ingest_validation_report_write_summary (IngestValidationJob  *job,
                                        GOutputStream        *out,
                                        GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (job), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  json_builder_begin_object (builder);
  add_summary_head (builder, job);
  json_builder_end_object (builder);
  return stream_files (job, builder, out, error);
}

/**
 * ingest_validation_report_build_summary:
 *
 * Returns: (transfer full): the `ingestctl validate --json` object
 */
JsonNode *
ingest_validation_report_build_summary (IngestValidationJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (job), NULL);

  json_builder_begin_object (builder);
  build_summary (builder, job);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Everything of the full report before the summary. */
static void
add_report_head (JsonBuilder         *builder,
                 IngestValidationJob *job)
{
  IngestExpectedManifest *expected;
  const char * const *diagnostics;

  expected = ingest_validation_job_get_expected (job);
  diagnostics = ingest_validation_job_get_diagnostics (job);

  json_builder_set_member_name (builder, "drive");
  json_builder_begin_object (builder);
  add_string (builder, "label", ingest_validation_job_get_drive_label (job));
  add_string (builder, "identity", ingest_validation_job_get_drive_identity (job));
  add_string (builder, "uuid", ingest_validation_job_get_drive_uuid (job));
  add_string (builder, "filesystem", ingest_validation_job_get_drive_filesystem (job));
  json_builder_set_member_name (builder, "read_only");
  json_builder_add_boolean_value (builder, ingest_validation_job_get_drive_read_only (job));
  add_string (builder, "root", ingest_validation_job_get_root (job));
  json_builder_end_object (builder);

  add_string (builder, "station", g_get_host_name ());
  add_string (builder, "tool", PACKAGE_NAME);
  add_string (builder, "tool_version", PACKAGE_VERSION);
  add_time (builder, "started_at", ingest_validation_job_get_started_at (job));
  add_time (builder, "finished_at", ingest_validation_job_get_finished_at (job));
  add_int (builder, "bytes_read", ingest_validation_job_get_bytes_done (job));
  add_int (builder, "bytes_resumed", ingest_validation_job_get_bytes_resumed (job));

  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; expected != NULL && i < ingest_expected_manifest_get_n_sources (expected); i++)
    {
      const IngestExpectedSource *source = ingest_expected_manifest_get_source (expected, i);

      json_builder_begin_object (builder);
      add_string (builder, "kind", ingest_expected_source_kind_to_string (source->kind));
      add_string (builder, "label", source->label);
      add_string (builder, "path", source->path);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_array (builder);
  for (guint i = 0; diagnostics[i] != NULL; i++)
    json_builder_add_string_value (builder, diagnostics[i]);
  json_builder_end_array (builder);
}

/**
 * ingest_validation_report_build_json:
 *
 * Returns: (transfer full): the full report of the drive
 */
JsonNode *
ingest_validation_report_build_json (IngestValidationJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (job), NULL);

  json_builder_begin_object (builder);
  add_report_head (builder, job);
  build_summary (builder, job);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The full report to @out, one file at a time. */
static gboolean
write_report_json (IngestValidationJob  *job,
                   GOutputStream        *out,
                   GError              **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_report_head (builder, job);
  add_summary_head (builder, job);
  json_builder_end_object (builder);
  return stream_files (job, builder, out, error);
}

/* Text first loses what would reorder or break it (bidi controls, newlines,
 * bytes that are not UTF-8; g_markup_escape_text() keeps those), then becomes
 * markup. @shown_text is @text escaped as a name or as a message. */
static void
append_shown (GString    *html,
              const char *text,
              char       *shown_text)
{
  g_autofree char *shown = shown_text;
  g_autofree char *escaped = NULL;

  if (text == NULL)
    {
      g_string_append (html, "—");
      return;
    }
  escaped = g_markup_escape_text (shown, -1);
  g_string_append (html, escaped);
}

static void
append_escaped (GString    *html,
                const char *text)
{
  append_shown (html, text, ingest_display_message (text));
}

static void
append_name (GString    *html,
             const char *name)
{
  append_shown (html, name, ingest_display_name (name));
}

static void
append_row (GString    *html,
            const char *name,
            const char *value)
{
  g_string_append (html, "<tr><th>");
  append_escaped (html, name);
  g_string_append (html, "</th><td>");
  append_escaped (html, value);
  g_string_append (html, "</td></tr>\n");
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = NULL;

  if (usec <= 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC");
}

static const char style[] =
  "body{font-family:sans-serif;margin:2em;color:#222}"
  "h1{font-size:1.5em;margin-bottom:.2em}"
  ".banner{padding:.8em 1em;border-radius:6px;font-size:1.2em;font-weight:bold;margin:1em 0}"
  ".ok{background:#e3f6e5;border:1px solid #2e7d32;color:#1b5e20}"
  ".problems{background:#fdecea;border:1px solid #c62828;color:#8e0000}"
  "table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}"
  "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top;font-size:.9em}"
  "th{background:#f4f4f4}"
  "table.info th{width:12em}"
  ".hash{font-family:monospace;word-break:break-all}"
  ".status-mismatch,.status-unreadable,.status-missing{color:#b71c1c;font-weight:bold}"
  ".status-extra,.status-renamed{color:#e65100;font-weight:bold}"
  "footer{margin-top:2em;font-size:.8em;color:#666}"
  "@media print{body{margin:0}.banner{border-width:2px}tr{page-break-inside:avoid}}";

/**
 * ingest_validation_report_build_html:
 *
 * Returns: (transfer full): one self-contained HTML page
 */
char *
ingest_validation_report_build_html (IngestValidationJob *job)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GListModel) rolls = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *started = NULL;
  g_autofree char *finished = NULL;
  g_autofree char *read = NULL;
  IngestExpectedManifest *expected;
  const char * const *diagnostics;
  gboolean ok;
  guint n_problems = 0;

  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (job), NULL);

  rolls = ingest_validation_job_list_rolls (job);
  results = sorted_results (job);
  expected = ingest_validation_job_get_expected (job);
  diagnostics = ingest_validation_job_get_diagnostics (job);
  ok = ingest_validation_job_get_verdict (job) == INGEST_VALIDATION_VERDICT_OK;
  started = format_time (ingest_validation_job_get_started_at (job));
  finished = format_time (ingest_validation_job_get_finished_at (job));
  read = g_format_size (ingest_validation_job_get_bytes_done (job));

  for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
    if (ingest_validation_job_get_count (job, s) > 0)
      g_string_append_printf (summary, "%s%" G_GUINT64_FORMAT " %s", summary->len > 0 ? " · " : "",
                              ingest_validation_job_get_count (job, s), ingest_validation_status_to_string (s));

  g_string_append (html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Validation report — ");
  append_name (html, ingest_validation_job_get_drive_label (job));
  g_string_append_printf (html, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Validation report — ", style);
  append_name (html, ingest_validation_job_get_drive_label (job));
  g_string_append_printf (html, "</h1>\n<div class=\"banner %s\">%s — ", ok ? "ok" : "problems",
                          ok ? "All files verified" : "Problems found: not every file is verified");
  append_escaped (html, summary->len > 0 ? summary->str : "no files");
  g_string_append (html, "</div>\n");

  g_string_append (html, "<h2>Drive</h2>\n<table class=\"info\">\n");
  g_string_append (html, "<tr><th>Label</th><td>");
  append_name (html, ingest_validation_job_get_drive_label (job));
  g_string_append (html, "</td></tr>\n");
  append_row (html, "Identity", ingest_validation_job_get_drive_identity (job));
  append_row (html, "Filesystem UUID", ingest_validation_job_get_drive_uuid (job));
  append_row (html, "Filesystem", ingest_validation_job_get_drive_filesystem (job));
  g_string_append (html, "<tr><th>Mounted at</th><td>");
  append_name (html, ingest_validation_job_get_root (job));
  g_string_append (html, "</td></tr>\n");
  append_row (html, "Station", g_get_host_name ());
  append_row (html, "Tool", PACKAGE_NAME " " PACKAGE_VERSION);
  append_row (html, "Started", started);
  append_row (html, "Finished", finished);
  append_row (html, "Bytes read", read);
  g_string_append (html, "</table>\n");

  g_string_append (html, "<h2>Rolls</h2>\n<table>\n<tr><th>Roll</th><th>Path</th><th>Layout</th><th>MHL</th>"
                         "<th>Expected files</th><th>Verdict</th><th>Counts</th></tr>\n");
  for (guint r = 0; r < g_list_model_get_n_items (rolls); r++)
    {
      g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, r);
      g_autoptr(GString) counts = g_string_new (NULL);

      for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
        if (ingest_validation_roll_get_count (roll, s) > 0)
          g_string_append_printf (counts, "%s%" G_GUINT64_FORMAT " %s", counts->len > 0 ? ", " : "",
                                  ingest_validation_roll_get_count (roll, s), ingest_validation_status_to_string (s));
      g_string_append (html, "<tr><td>");
      append_name (html, ingest_validation_roll_get_name (roll));
      g_string_append (html, "</td><td>");
      append_name (html, ingest_validation_roll_get_path (roll));
      g_string_append (html, "</td><td>");
      append_escaped (html, ingest_validation_roll_get_kind_label (roll));
      g_string_append (html, "</td><td>");
      append_escaped (html, ingest_validation_roll_get_mhl_kind (roll));
      g_string_append_printf (html, "</td><td>%" G_GUINT64_FORMAT "</td><td>%s</td><td>",
                              ingest_validation_roll_get_n_expected (roll),
                              ingest_validation_verdict_to_string (ingest_validation_roll_get_verdict (roll)));
      append_escaped (html, counts->str);
      g_string_append (html, "</td></tr>\n");
    }
  g_string_append (html, "</table>\n");

  g_string_append (html, "<h2>Problems</h2>\n");
  for (guint i = 0; i < results->len; i++)
    {
      IngestValidationResult *result = g_ptr_array_index (results, i);
      IngestValidationStatus status = ingest_validation_result_get_status (result);

      if (!ingest_validation_status_is_problem (status))
        continue;
      if (n_problems++ == 0)
        g_string_append (html, "<table>\n<tr><th>File</th><th>Status</th><th>Format</th><th>Expected</th>"
                               "<th>Found</th><th>Details</th></tr>\n");
      g_string_append (html, "<tr><td>");
      append_name (html, ingest_validation_result_get_path (result));
      g_string_append_printf (html, "</td><td class=\"status-%s\">%s</td><td>",
                              ingest_validation_status_to_string (status), ingest_validation_status_to_string (status));
      append_escaped (html, ingest_validation_result_get_kind (result));
      g_string_append (html, "</td><td class=\"hash\">");
      append_escaped (html, ingest_validation_result_get_expected (result));
      g_string_append (html, "</td><td class=\"hash\">");
      append_escaped (html, ingest_validation_result_get_found (result));
      g_string_append (html, "</td><td>");
      if (ingest_validation_result_get_renamed_from (result) != NULL)
        {
          g_string_append (html, "renamed from ");
          append_name (html, ingest_validation_result_get_renamed_from (result));
          g_string_append (html, ". ");
        }
      if (ingest_validation_result_get_message (result) != NULL)
        append_escaped (html, ingest_validation_result_get_message (result));
      if (ingest_validation_result_get_source (result) != NULL)
        {
          g_string_append (html, " <small>(");
          append_name (html, ingest_validation_result_get_source (result));
          g_string_append (html, ")</small>");
        }
      g_string_append (html, "</td></tr>\n");
    }
  if (n_problems > 0)
    g_string_append (html, "</table>\n");
  else
    g_string_append (html, "<p>None.</p>\n");

  g_string_append (html, "<h2>Expected hashes came from</h2>\n<ul>\n");
  for (guint i = 0; expected != NULL && i < ingest_expected_manifest_get_n_sources (expected); i++)
    {
      g_string_append (html, "<li>");
      append_escaped (html, ingest_expected_manifest_get_source (expected, i)->label);
      g_string_append (html, "</li>\n");
    }
  if (expected == NULL || ingest_expected_manifest_get_n_sources (expected) == 0)
    g_string_append (html, "<li>no manifest at all: nothing could be verified</li>\n");
  g_string_append (html, "</ul>\n");

  if (diagnostics[0] != NULL)
    {
      g_string_append (html, "<h2>Notes</h2>\n<ul>\n");
      for (guint i = 0; diagnostics[i] != NULL; i++)
        {
          g_string_append (html, "<li>");
          append_escaped (html, diagnostics[i]);
          g_string_append (html, "</li>\n");
        }
      g_string_append (html, "</ul>\n");
    }

  g_string_append (html, "<footer>Generated by " PACKAGE_NAME " " PACKAGE_VERSION " on ");
  append_escaped (html, g_get_host_name ());
  g_string_append (html, ".</footer>\n</body>\n</html>\n");
  return g_string_free (g_steal_pointer (&html), FALSE);
}

gboolean
ingest_validation_report_write (IngestValidationJob  *job,
                                const char           *dir,
                                char                **json_path,
                                char                **html_path,
                                GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GOutputStream) buffered = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *label = NULL;
  g_autofree char *base = NULL;
  g_autofree char *json_file = NULL;
  g_autofree char *html_file = NULL;
  g_autofree char *html_text = NULL;

  g_return_val_if_fail (INGEST_IS_VALIDATION_JOB (job), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  now = ingest_validation_job_get_finished_at (job) > 0
    ? g_date_time_new_from_unix_utc (ingest_validation_job_get_finished_at (job) / G_USEC_PER_SEC)
    : g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%SZ");
  label = g_strdup (ingest_validation_job_get_drive_label (job) != NULL ? ingest_validation_job_get_drive_label (job) : "drive");
  g_strdelimit (label, "/\\:*?\"<>| ", '_');
  for (char *p = label; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '_';
  base = g_strdup_printf ("%s_%s_validation", label, stamp);
  json_file = g_strdup_printf ("%s/%s.json", dir, base);
  html_file = g_strdup_printf ("%s/%s.html", dir, base);

  /* Written one file at a time: a report of a million files is never whole in memory. */
  file = g_file_new_for_path (json_file);
  out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error));
  if (out == NULL)
    return FALSE;
  buffered = g_buffered_output_stream_new_sized (out, 256 * 1024);
  if (!write_report_json (job, buffered, error) ||
      !g_output_stream_close (buffered, NULL, error))
    return FALSE;

  html_text = ingest_validation_report_build_html (job);
  if (!g_file_set_contents (html_file, html_text, -1, error))
    return FALSE;

  if (json_path != NULL)
    *json_path = g_steal_pointer (&json_file);
  if (html_path != NULL)
    *html_path = g_steal_pointer (&html_file);
  return TRUE;
}
