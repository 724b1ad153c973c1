/* test-forged-names.c
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

#define G_LOG_DOMAIN "test-forged-names"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* A drive whose file names try to print lines of their own: a newline, a tab,
 * a carriage return and an ANSI "erase line" before a fake "verified", a
 * right-to-left override, C1 controls and bytes that are not UTF-8, all on a
 * real filesystem. ingestctl runs as a subprocess; no line it prints may be
 * forged by a name, and each line is one record. */

#define ROLL "A001"

/* Names no ASC MHL path may hold: reported, never recorded. */
static const char * const unrecordable[] = {
  "y.mov\nverified  A001/fake.mov",
  "tab\tverified.mov",
  "cr.mov\rverified  A001/cr.mov",
  "\x1b[2Kverified  A001/esc.mov",
  "bad\xff\xfe.mov",
};
/* Names an ASC MHL may record: valid UTF-8 with bidi and C1 controls. */
#define RLO_NAME "clip\xe2\x80\xae" "vom.exe"
#define MISMATCH_NAME "m\xc2\x85verified  A001\xc2\x9b" "2K\xe2\x80\xae.mov"
/* A roll folder whose name forges a verdict line of `validate`/`scan`. */
#define ROLL_FORGED "B002\nOK: every file verified"

typedef struct
{
  const char *ingestctl;
  char       *drive;
  char       *roll;
  char       *reports;
} Fixture;

static void
write_text (const char *path,
            const char *text)
{
  ingest_test_write_file (path, text, strlen (text));
}

static char *
roll_file (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->roll, name, NULL);
}

/* Runs ingestctl with @args; @debug: with every debug log line on stderr. */
static void
run_logged (Fixture            *fixture,
            const char * const *args,
            gboolean            debug,
            char              **out,
            char              **err,
            int                *exit_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status = 0;

  if (debug)
    envp = g_environ_setenv (envp, "G_MESSAGES_DEBUG", "all", TRUE);
  g_ptr_array_add (argv, (char *) fixture->ingestctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *exit_status = WEXITSTATUS (wait_status);
}

static void
run (Fixture            *fixture,
     const char * const *args,
     char              **out,
     char              **err,
     int                *exit_status)
{
  run_logged (fixture, args, FALSE, out, err, exit_status);
}

static void assert_clean (const char *what,
                          const char *out,
                          const char *err);

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *other_roll = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  fixture->ingestctl = g_getenv ("INGESTCTL");
  g_assert_nonnull (fixture->ingestctl);
  fixture->drive = ingest_test_make_tmpdir ("forged-names");
  fixture->reports = ingest_test_make_tmpdir ("forged-names-reports");
  fixture->roll = g_build_filename (fixture->drive, ROLL, NULL);

  path = roll_file (fixture, "A001C001.mov");
  write_text (path, "real clip");
  g_clear_pointer (&path, g_free);
  path = roll_file (fixture, RLO_NAME);
  write_text (path, "override");
  g_clear_pointer (&path, g_free);
  path = roll_file (fixture, MISMATCH_NAME);
  write_text (path, "recorded bytes");
  g_clear_pointer (&path, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (unrecordable); i++)
    {
      path = roll_file (fixture, unrecordable[i]);
      write_text (path, unrecordable[i]);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_clear_pointer (&path, g_free);
    }

  /* The roll's ASC MHL, made by ingestctl: it records what it can and names the rest. */
  {
    const char *args[] = { "mhl", "create", "-h", "xxh64", fixture->roll, NULL };

    run (fixture, args, &out, &err, &status);
    assert_clean ("mhl create", out, err);
    g_assert_cmpint (status, ==, 11);
  }

  other_roll = g_build_filename (fixture->drive, ROLL_FORGED, "B002C001.mov", NULL);
  write_text (other_roll, "unsealed");

  /* After the manifest: the recorded bytes change. */
  path = roll_file (fixture, MISMATCH_NAME);
  write_text (path, "other bytes!!");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->drive);
  ingest_test_rm_rf (fixture->reports);
  g_free (fixture->drive);
  g_free (fixture->roll);
  g_free (fixture->reports);
}

/* Valid UTF-8; no control character but the newline that ends a line; no
 * bidi control or line separator. */
static void
assert_no_raw_controls (const char *what,
                        const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    g_error ("%s: output is not valid UTF-8", what);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      gboolean hidden = (ch < 0x20 && ch != '\n') || (ch >= 0x7f && ch <= 0x9f) ||
                        (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069) ||
                        ch == 0x200e || ch == 0x200f || ch == 0x2028 || ch == 0x2029;

      if (hidden)
        g_error ("%s: raw U+%04X at offset %" G_GSIZE_FORMAT " in:\n%s", what, ch, (gsize) (p - text), text);
    }
}

/* JSON output is left to json-glib, which escapes every control character
 * (RFC 8259 requires it below U+0020): a --json document holds no raw one. */
static void
assert_json_escaped (const char *what,
                     const char *json)
{
  g_assert_true (g_utf8_validate (json, -1, NULL));
  for (const char *p = json; *p; p++)
    if ((guchar) *p < 0x20 && *p != '\n')
      g_error ("%s: raw control 0x%02x in JSON output", what, (guchar) *p);
}

/* No line starts with what the names smuggle in. */
static void
assert_no_forged_lines (const char *what,
                        const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (*line == ' ')
        line++;
      if (g_str_has_prefix (line, "verified  ") || g_str_has_prefix (line, "verified.mov") ||
          g_str_has_prefix (line, "OK: every file") || g_str_has_prefix (line, "2K"))
        g_error ("%s: forged line %u: %s", what, i + 1, lines[i]);
    }
}

static void
assert_clean (const char *what,
              const char *out,
              const char *err)
{
  g_autofree char *what_out = g_strconcat (what, " (stdout)", NULL);
  g_autofree char *what_err = g_strconcat (what, " (stderr)", NULL);

  g_test_message ("%s stdout:\n%s\n%s stderr:\n%s", what, out, what, err);
  assert_no_raw_controls (what_out, out);
  assert_no_raw_controls (what_err, err);
  assert_no_forged_lines (what_out, out);
  assert_no_forged_lines (what_err, err);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

/* `ingestctl validate`: one line per problem (plus its indented details), one
 * per roll, notes and the verdict; the mismatch is still a mismatch. */
static void
test_validate (Fixture       *fixture,
               gconstpointer  data)
{
  const char *args[] = { "validate", "--no-catalog", "--report-dir", fixture->reports, fixture->drive, NULL };
  const char *plain_args[] = { "validate", "--no-catalog", fixture->drive, NULL };
  g_autofree char *logged_out = NULL;   /* with debug logs */
  g_autofree char *logged_err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected_line = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json_text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDir) dir = NULL;
  JsonObject *report;
  JsonArray *files;
  JsonArray *rolls;
  JsonArray *diagnostics;
  const char *name;
  guint n_lines;
  gboolean mismatch_found = FALSE;
  int status;

  /* with every debug log line (GLib writes them to stdout): logs are escaped too */
  run_logged (fixture, args, TRUE, &logged_out, &logged_err, &status);
  g_assert_cmpint (status, ==, 3);
  assert_clean ("validate (debug)", logged_out, logged_err);
  /* the lines themselves, counted */
  run (fixture, plain_args, &out, &err, &status);
  g_assert_cmpint (status, ==, 3);
  assert_clean ("validate", out, err);

  dir = g_dir_open (fixture->reports, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".json"))
        json_path = g_build_filename (fixture->reports, name, NULL);
      else if (g_str_has_suffix (name, ".html"))
        html_path = g_build_filename (fixture->reports, name, NULL);
    }
  g_assert_nonnull (json_path);
  g_assert_nonnull (html_path);

  /* The records, from the report's JSON (json-glib escapes every string). */
  g_assert_true (g_file_get_contents (json_path, &json_text, NULL, NULL));
  assert_json_escaped ("validate report", json_text);
  node = parse_json (json_text);
  report = json_node_get_object (node);
  files = json_object_get_array_member (report, "files");
  rolls = json_object_get_array_member (report, "rolls");
  diagnostics = json_object_get_array_member (report, "diagnostics");
  n_lines = json_array_get_length (rolls) + json_array_get_length (diagnostics) + 1;
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      const char *file_status = json_object_get_string_member (file, "status");

      if (g_str_equal (file_status, "verified") || g_str_equal (file_status, "ignored"))
        continue;
      n_lines++;
      if (g_str_equal (file_status, "mismatch"))
        n_lines++;
      if (json_object_has_member (file, "message") && !json_object_get_null_member (file, "message") &&
          !g_str_equal (file_status, "extra"))
        n_lines++;
      if (g_str_equal (json_object_get_string_member (file, "path"), ROLL "/" MISMATCH_NAME))
        {
          g_assert_cmpstr (file_status, ==, "mismatch");
          mismatch_found = TRUE;
        }
    }
  g_assert_true (mismatch_found);
  g_assert_cmpuint (count_lines (out), ==, n_lines);

  /* The mismatching file is reported as one, under its escaped name. */
  shown = ingest_display_name (ROLL "/" MISMATCH_NAME);
  expected_line = g_strdup_printf ("%-10s %s", "mismatch", shown);
  g_assert_true (has_line (out, expected_line));

  /* The HTML report: no raw control character anywhere, and the name escaped. */
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  assert_no_raw_controls ("HTML report", html);
  {
    g_autofree char *markup = g_markup_escape_text (shown, -1);

    g_assert_nonnull (strstr (html, markup));
  }
}

/* `ingestctl mhl verify`: one line per result that is reported, and the
 * mismatch is one (exit 11, its hash mismatch line). */
static void
test_mhl_verify (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *args[] = { "mhl", "verify", "-v", fixture->roll, NULL };
  const char *json_args[] = { "mhl", "verify", "--json", fixture->roll, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json_out = NULL;
  g_autofree char *json_err = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected_line = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *results;
  guint n_lines = 1; /* the verdict's "Error: …" */
  guint n_missing = 0;
  int status;

  run (fixture, args, &out, &err, &status);
  g_assert_cmpint (status, ==, 11);
  assert_clean ("mhl verify", out, err);

  run (fixture, json_args, &json_out, &json_err, &status);
  g_assert_cmpint (status, ==, 11);
  assert_json_escaped ("mhl verify --json", json_out);
  node = parse_json (json_out);
  results = json_object_get_array_member (json_node_get_object (node), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *result_status = json_object_get_string_member (result, "status");

      /* with -v: one line per verified format, one per failed format, one per other report */
      if (g_str_equal (result_status, "verified") || g_str_equal (result_status, "failed"))
        n_lines += json_object_get_size (json_object_get_object_member (result, "hashes"));
      else if (g_str_equal (result_status, "missing"))
        n_missing++;
      else if (!g_str_equal (result_status, "directory-recorded"))
        n_lines++;
    }
  if (n_missing > 0)
    n_lines += 1 + n_missing;
  g_assert_cmpuint (count_lines (out) + count_lines (err), ==, n_lines);

  shown = ingest_display_name (MISMATCH_NAME);
  expected_line = g_strdup_printf ("ERROR: hash mismatch        for %s old xxh64: ", shown);
  g_assert_nonnull (strstr (err, expected_line));
  g_clear_pointer (&shown, g_free);
  shown = ingest_display_name (RLO_NAME);
  g_clear_pointer (&expected_line, g_free);
  expected_line = g_strdup_printf ("verification (xxh64) of file %s: OK", shown);
  g_assert_true (has_line (out, expected_line));
}

/* The other mhl verbs and `ingestctl hash`: nothing raw, and hash prints one
 * line per file and format, escaped ones marked with a leading backslash as
 * md5sum does. */
static void
test_other_verbs (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *diff_args[] = { "mhl", "diff", "-v", fixture->roll, NULL };
  const char *info_args[] = { "mhl", "info", "-v", fixture->roll, NULL };
  g_autoptr(GPtrArray) hash_args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *escaped_line = NULL;
  int status;

  run (fixture, diff_args, &out, &err, &status);
  assert_clean ("mhl diff", out, err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  run (fixture, info_args, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  assert_clean ("mhl info", out, err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_ptr_array_add (hash_args, g_strdup ("hash"));
  for (guint i = 0; i < G_N_ELEMENTS (unrecordable); i++)
    g_ptr_array_add (hash_args, roll_file (fixture, unrecordable[i]));
  g_ptr_array_add (hash_args, roll_file (fixture, "A001C001.mov"));
  g_ptr_array_add (hash_args, NULL);
  run (fixture, (const char * const *) hash_args->pdata, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  assert_clean ("hash", out, err);
  g_assert_cmpuint (count_lines (out), ==, G_N_ELEMENTS (unrecordable) + 1);
  shown = ingest_display_name (hash_args->pdata[1]);
  escaped_line = g_strdup_printf ("\\xxh128 (%s) = ", shown);
  g_assert_nonnull (strstr (out, escaped_line));
}

/* `ingestctl scan`: four lines of drive, a blank line and a header, then one per roll. */
static void
test_scan (Fixture       *fixture,
           gconstpointer  data)
{
  const char *args[] = { "scan", fixture->drive, NULL };
  const char *json_args[] = { "scan", "--json", fixture->drive, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json_out = NULL;
  g_autofree char *json_err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *rolls;
  gboolean forged_roll_found = FALSE;
  int status;

  run (fixture, args, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  assert_clean ("scan", out, err);

  run (fixture, json_args, &json_out, &json_err, &status);
  g_assert_cmpint (status, ==, 0);
  assert_json_escaped ("scan --json", json_out);
  node = parse_json (json_out);
  rolls = json_object_get_array_member (json_node_get_object (node), "rolls");
  for (guint i = 0; i < json_array_get_length (rolls); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (rolls, i), "path"), ROLL_FORGED))
      forged_roll_found = TRUE;
  g_assert_true (forged_roll_found);
  g_assert_cmpuint (count_lines (out), ==, 6 + json_array_get_length (rolls));
}

/* `ingestctl ingest` to a folder: a file whose name no manifest can list is
 * not delivered, and says so on a line of its own; the run is not "ok". */
static void
test_ingest (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *nas = ingest_test_make_tmpdir ("forged-names-nas");
  const char *args[] = { "ingest", fixture->drive, "--to", nas, "--no-catalog", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_not_delivered = 0;
  int status;

  run (fixture, args, &out, &err, &status);
  assert_clean ("ingest", out, err);
  g_assert_cmpint (status, ==, 3);

  /* a line per file not delivered, a line per roll history, the summary */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "held ") || g_str_has_prefix (lines[i], "failed "))
      n_not_delivered++;
  /* the unrecordable names, the mismatch, and the roll folder no manifest can list */
  g_assert_cmpuint (n_not_delivered, ==, G_N_ELEMENTS (unrecordable) + 2);
  summary = g_strdup_printf ("%u not delivered", n_not_delivered);
  g_assert_nonnull (strstr (out, summary));
  ingest_test_rm_rf (nas);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/forged-names/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("validate", test_validate);
  ADD ("mhl-verify", test_mhl_verify);
  ADD ("scan", test_scan);
  ADD ("other-verbs", test_other_verbs);
  ADD ("ingest", test_ingest);
#undef ADD

  return g_test_run ();
}
