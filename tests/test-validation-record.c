/* test-validation-record.c
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

/* A validation that records (a new MHL generation in place, in one read)
 * and ingestctl validate. */

#define G_LOG_DOMAIN "test-validation-record"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-test-util.h"
#include "test-validation-common.h"

static guint
count_manifests (const char *folder)
{
  g_autofree char *history = g_build_filename (folder, "ascmhl", NULL);
  g_autoptr(GDir) dir = g_dir_open (history, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".mhl");
  return n;
}

/* --record: a new in-place generation, made by the MHL engine, readable by it. */
static void
test_record (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  IngestMhlManifest *latest;

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_assert_cmpuint (count_manifests (root), ==, 1);

  ingest_validation_job_set_record (job, TRUE);
  run_job_full (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
  g_assert_cmpuint (count_manifests (root), ==, 2);

  history = ingest_mhl_history_load (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 2);
  latest = ingest_mhl_history_get_latest_manifest (history);
  g_assert_cmpint (ingest_mhl_manifest_get_process (latest), ==, INGEST_MHL_PROCESS_IN_PLACE);
  g_assert_nonnull (strstr (ingest_mhl_manifest_get_comment (latest), "ok"));

  /* without the option nothing is written */
  {
    g_autoptr(IngestValidationJob) again = validate (root, NULL, NULL);

    g_assert_cmpint (ingest_validation_job_get_verdict (again), ==, INGEST_VALIDATION_VERDICT_OK);
    g_assert_cmpuint (count_manifests (root), ==, 2);
  }

  ingest_test_rm_rf (root);
}

/* Bytes this process has read through read() and friends, page cache
 * included (the kernel's count, /proc/self/io "rchar"); 0 when unknown. */
static guint64
process_bytes_read (void)
{
  g_autofree char *io = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/io", &io, NULL, NULL) || (line = strstr (io, "rchar: ")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("rchar: "), NULL, 10);
}

/* The chain's <c4> for @name, as written (the chain file read as text). */
static char *
chain_c4 (const char *chain_path,
          const char *name)
{
  g_autofree char *text = NULL;
  g_autofree char *tag = g_strdup_printf ("<path>%s</path>", name);
  const char *at, *start, *end;

  g_assert_true (g_file_get_contents (chain_path, &text, NULL, NULL));
  at = strstr (text, tag);
  g_assert_nonnull (at);
  start = strstr (at, "<c4>");
  g_assert_nonnull (start);
  start += strlen ("<c4>");
  end = strstr (start, "</c4>");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* C4 ID of a file: sha512sum's digest, base58-encoded by the C4 rules. */
static char *
file_c4 (const char *path)
{
  g_autofree char *hex = tool_hash ("sha512sum", path);
  guint8 digest[64];

  g_assert_cmpuint (strlen (hex), ==, 128);
  for (guint i = 0; i < 64; i++)
    digest[i] = g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]);
  return ingest_hash_encode (INGEST_HASH_C4, digest);
}

static void
files_done_cb (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  guint *last = user_data;
  guint now = ingest_validation_job_get_files_done (INGEST_VALIDATION_JOB (object));

  g_assert_cmpuint (now, >=, *last);
  g_assert_cmpuint (now, <=, ingest_validation_job_get_files_total (INGEST_VALIDATION_JOB (object)));
  *last = now;
}

/* --record reads every file once: the generation is made from the digests of
 * the validation's own read. Proven by the kernel's count of bytes read, and
 * the generation checked against xxhsum, the XSDs and sha512sum (chain C4). */
static void
test_record_one_read (void)
{
  const char * const sealed[] = {
    "A001/CLIPS/A001C001.mov", "A001/CLIPS/A001C002.mov", "A001/CLIPS/A001C003.mov",
    "A001/CLIPS/A001C004.mov", "A001/META/A001.ale", "A001/META/notes.txt",
  };
  const char *added = "A001/CLIPS/A001C099.mov";
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *chain_path = NULL;
  g_autofree char *expected_c4 = NULL;
  g_autofree char *recorded_c4 = NULL;
  IngestMhlManifest *latest;
  IngestMhlEntry *root_hash;
  IngestHashSet kinds = INGEST_HASH_BIT (INGEST_HASH_XXH64) | INGEST_HASH_BIT (INGEST_HASH_XXH128);
  guint64 tree_size = 0, before, read_bytes;
  guint files_done = 0;

  if (!have_tools () || !ingest_test_require_programs ("coreutils libxml2-utils", "sha512sum", "xmllint", NULL))
    return;
  g_assert_cmpuint (process_bytes_read (), >, 0);   /* /proc/self/io */

  /* some 9 MiB, so that the manifests and the card scan are noise next to it */
  make_roll (root);
  for (guint i = 0; i < G_N_ELEMENTS (sealed); i++)
    g_ptr_array_add (paths, g_strdup (sealed[i]));
  for (guint i = 0; i < 8; i++)
    {
      char *path = g_strdup_printf ("A001/CLIPS/A001C1%02u.mov", i);

      write_random (root, path, 1024 * 1024 + i * 4097, 100 + i);
      g_ptr_array_add (paths, path);
    }
  seal_with_mhl (root, kinds);
  /* shot after the seal: new to the history, recorded as original */
  write_random (root, added, 300 * 1024, 99);
  g_ptr_array_add (paths, g_strdup (added));
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *abs = build (root, g_ptr_array_index (paths, i));
      GStatBuf st;

      g_assert_cmpint (g_stat (abs, &st), ==, 0);
      tree_size += st.st_size;
    }

  ingest_validation_job_set_record (job, TRUE);
  g_signal_connect (job, "notify::files-done", G_CALLBACK (files_done_cb), &files_done);
  before = process_bytes_read ();
  run_job_full (job, NULL, &error);
  read_bytes = process_bytes_read () - before;
  g_assert_no_error (error);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, paths->len - 1);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_EXTRA), ==, 1);
  g_assert_cmpuint (count_manifests (root), ==, 2);

  /* One read: the job read the tree once, and the whole process (recording
   * included) read not much more — a second pass would double it. */
  g_test_message ("tree %" G_GUINT64_FORMAT " bytes, process read %" G_GUINT64_FORMAT, tree_size, read_bytes);
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, tree_size);
  g_assert_cmpuint (ingest_validation_job_get_files_done (job), ==, paths->len);
  g_assert_cmpuint (files_done, ==, paths->len);
  g_assert_cmpuint (read_bytes, >=, tree_size);
  g_assert_cmpuint (read_bytes, <, tree_size + tree_size / 10);

  /* The generation: every file, in the history's formats only, equal to xxhsum. */
  history = ingest_mhl_history_load (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 2);
  latest = ingest_mhl_history_get_latest_manifest (history);
  g_assert_cmpint (ingest_mhl_manifest_get_process (latest), ==, INGEST_MHL_PROCESS_IN_PLACE);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *abs = build (root, path);
      g_autofree char *xxh64 = ingest_test_tool_hash ("xxhsum", "-H1", abs);
      g_autofree char *xxh128 = ingest_test_tool_hash ("xxhsum", "-H2", abs);
      IngestMhlEntry *entry = ingest_mhl_manifest_lookup (latest, path);
      IngestMhlHashAction wanted = g_str_equal (path, added) ? INGEST_MHL_HASH_ACTION_ORIGINAL
                                                             : INGEST_MHL_HASH_ACTION_VERIFIED;
      IngestMhlHashAction action;

      g_assert_nonnull (entry);
      g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (entry), ==, kinds);
      g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, &action, NULL), ==, xxh64);
      g_assert_cmpint (action, ==, wanted);
      g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH128, &action, NULL), ==, xxh128);
      g_assert_cmpint (action, ==, wanted);
    }
  root_hash = ingest_mhl_manifest_get_root_hash (latest);
  g_assert_nonnull (root_hash);
  g_assert_nonnull (ingest_mhl_entry_get_content_hash (root_hash, INGEST_HASH_XXH64, NULL));
  g_assert_nonnull (ingest_mhl_entry_get_content_hash (root_hash, INGEST_HASH_XXH128, NULL));

  /* valid by the ASC XSDs, and chained by the C4 of its bytes */
  manifest_path = g_build_filename (root, "ascmhl", ingest_mhl_manifest_get_file_name (latest), NULL);
  chain_path = g_build_filename (root, "ascmhl", "ascmhl_chain.xml", NULL);
  ingest_test_assert_valid_mhl_xml (manifest_path, "ASCMHL.xsd");
  ingest_test_assert_valid_mhl_xml (chain_path, "ASCMHLDirectory__combined.xsd");
  expected_c4 = file_c4 (manifest_path);
  recorded_c4 = chain_c4 (chain_path, ingest_mhl_manifest_get_file_name (latest));
  g_assert_cmpstr (recorded_c4, ==, expected_c4);

  ingest_test_rm_rf (root);
}

/* Records in nested histories: each roll gets a generation in its own format
 * (xxh64 for A001, md5 for B001), still from one read. */
static void
test_record_nested (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *a = build (root, "A001");
  g_autofree char *b = build (root, "B001");
  g_autofree char *altered = build (root, "B001/B001C002.mxf");
  g_autofree char *altered_md5 = NULL;
  g_autofree char *clip = build (root, "A001/CLIPS/A001C003.mov");
  g_autofree char *clip_xxh64 = NULL;
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
  g_autoptr(IngestMhlHistory) history_a = NULL;
  g_autoptr(IngestMhlHistory) history_b = NULL;
  g_autoptr(GError) error = NULL;
  guint64 tree_size = (300 + 200 + 100 + 50 + 4) * 1024 + 1000 + 2 * 1024 * 1024, before, read_bytes;
  IngestMhlManifest *latest;
  IngestMhlEntry *entry;
  IngestMhlHashAction action;

  if (!have_tools ())
    return;
  g_assert_cmpuint (process_bytes_read (), >, 0);   /* /proc/self/io */

  make_roll (root);
  write_random (root, "B001/B001C001.mxf", 1024 * 1024, 11);
  write_random (root, "B001/B001C002.mxf", 1024 * 1024, 12);
  seal_with_mhl (a, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  seal_with_mhl (b, INGEST_HASH_BIT (INGEST_HASH_MD5));
  write_random (root, "B001/B001C002.mxf", 1024 * 1024, 13);

  ingest_validation_job_set_record (job, TRUE);
  before = process_bytes_read ();
  run_job_full (job, NULL, &error);
  read_bytes = process_bytes_read () - before;
  g_assert_no_error (error);
  g_test_message ("tree %" G_GUINT64_FORMAT " bytes, process read %" G_GUINT64_FORMAT, tree_size, read_bytes);
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, tree_size);
  g_assert_cmpuint (read_bytes, >=, tree_size);
  g_assert_cmpuint (read_bytes, <, tree_size + tree_size / 10);
  g_assert_cmpuint (count_manifests (a), ==, 2);
  g_assert_cmpuint (count_manifests (b), ==, 2);

  /* A001: xxh64 only, verified, equal to xxhsum */
  history_a = ingest_mhl_history_load (a, NULL, &error);
  g_assert_no_error (error);
  latest = ingest_mhl_history_get_latest_manifest (history_a);
  entry = ingest_mhl_manifest_lookup (latest, "CLIPS/A001C003.mov");
  g_assert_nonnull (entry);
  clip_xxh64 = tool_hash ("xxhsum", clip);
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (entry), ==, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, &action, NULL), ==, clip_xxh64);
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_VERIFIED);

  /* B001: md5 only; the altered clip recorded as failed with what md5sum says */
  history_b = ingest_mhl_history_load (b, NULL, &error);
  g_assert_no_error (error);
  latest = ingest_mhl_history_get_latest_manifest (history_b);
  entry = ingest_mhl_manifest_lookup (latest, "B001C002.mxf");
  g_assert_nonnull (entry);
  altered_md5 = tool_hash ("md5sum", altered);
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (entry), ==, INGEST_HASH_BIT (INGEST_HASH_MD5));
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_MD5, &action, NULL), ==, altered_md5);
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_FAILED);
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (ingest_mhl_manifest_lookup (latest, "B001C001.mxf")), ==,
                    INGEST_HASH_BIT (INGEST_HASH_MD5));

  ingest_test_rm_rf (root);
}

static JsonObject *
find_file (JsonArray  *files,
           const char *path)
{
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      if (g_str_equal (json_object_get_string_member (file, "path"), path))
        return file;
    }
  g_error ("%s is not in files[]", path);
}

/* `ingestctl validate`: exit codes, the --json object, the reports. */
static void
test_cli (void)
{
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *reports = ingest_test_make_tmpdir ("validation-reports");
  g_autofree char *altered = NULL;
  g_autofree char *old_hash = NULL;
  g_autofree char *new_hash = NULL;
  g_autofree char *out = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDir) dir = NULL;
  JsonObject *object;
  JsonObject *counts;
  JsonObject *file;
  JsonArray *files;
  const char *name;
  int status;
  guint n_reports = 0;
  static const char * const keys[] = { "verified", "mismatch", "missing", "extra", "renamed", "ignored", "unreadable" };

  if (ingestctl == NULL)
    {
      g_test_skip ("INGESTCTL is not set (run through meson test)");
      return;
    }
  if (!have_tools ())
    return;

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));

  {
    const char *argv[] = { ingestctl, "validate", "--no-catalog", "--json", root, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
    node = parse_json (out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "verdict"), ==, "ok");
    g_clear_pointer (&node, json_node_unref);
    g_clear_pointer (&out, g_free);
  }

  altered = build (root, "A001/CLIPS/A001C004.mov");
  old_hash = tool_hash ("xxhsum", altered);
  write_random (root, "A001/CLIPS/A001C004.mov", 50 * 1024, 44);
  new_hash = tool_hash ("xxhsum", altered);
  missing = build (root, "A001/META/A001.ale");
  g_assert_cmpint (g_unlink (missing), ==, 0);
  write_random (root, "A001/extra.bin", 10, 8);

  {
    const char *argv[] = { ingestctl, "validate", "--no-catalog", "--json", "--report-dir", reports, root, NULL };

    out = ingest_test_run_capture (argv, &status);
  }
  g_assert_cmpint (status, ==, 3);
  node = parse_json (out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "problems");
  counts = json_object_get_object_member (object, "counts");
  g_assert_cmpuint (json_object_get_size (counts), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (counts, keys[i]));
  g_assert_cmpint (json_object_get_int_member (counts, "verified"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (counts, "mismatch"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "missing"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "extra"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "renamed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "ignored"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "unreadable"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "rolls")), >=, 1);

  files = json_object_get_array_member (object, "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 7);
  file = find_file (files, "A001/CLIPS/A001C004.mov");   /* relative to PATH */
  g_assert_cmpstr (json_object_get_string_member (file, "status"), ==, "mismatch");
  g_assert_cmpstr (json_object_get_string_member (file, "expected"), ==, old_hash);
  g_assert_cmpstr (json_object_get_string_member (file, "found"), ==, new_hash);
  file = find_file (files, "A001/META/A001.ale");
  g_assert_cmpstr (json_object_get_string_member (file, "status"), ==, "missing");
  file = find_file (files, "A001/extra.bin");
  g_assert_cmpstr (json_object_get_string_member (file, "status"), ==, "extra");
  /* problems first */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0), "status"), ==, "mismatch");

  /* the reports */
  dir = g_dir_open (reports, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (reports, name, NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      if (g_str_has_suffix (name, ".html"))
        {
          g_assert_nonnull (strstr (text, "A001/CLIPS/A001C004.mov"));
          g_assert_nonnull (strstr (text, old_hash));
          g_assert_nonnull (strstr (text, new_hash));
          g_assert_nonnull (strstr (text, g_get_host_name ()));
          g_assert_null (strstr (text, "<script"));
          g_assert_null (strstr (text, "src=\"http"));
          n_reports++;
        }
      else if (g_str_has_suffix (name, ".json"))
        {
          g_autoptr(JsonNode) report = parse_json (text);
          JsonObject *ro = json_node_get_object (report);

          g_assert_cmpstr (json_object_get_string_member (ro, "station"), ==, g_get_host_name ());
          g_assert_cmpstr (json_object_get_string_member (ro, "tool_version"), ==, PACKAGE_VERSION);
          g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (ro, "drive"), "identity"));
          g_assert_nonnull (json_object_get_string_member (ro, "finished_at"));
          g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (ro, "counts"), "mismatch"), ==, 1);
          n_reports++;
        }
    }
  g_assert_cmpuint (n_reports, ==, 2);

  {
    const char *argv[] = { ingestctl, "validate", NULL };
    g_autofree char *usage = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 2);
  }

  /* --seal: an unverifiable roll gets its first generation; then it verifies */
  {
    g_autofree char *bare = ingest_test_make_tmpdir ("validation-bare");
    const char *seal_argv[] = { ingestctl, "validate", "--no-catalog", "--seal", bare, NULL };
    const char *check_argv[] = { ingestctl, "validate", "--no-catalog", bare, NULL };
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;

    make_roll (bare);
    first = ingest_test_run_capture (seal_argv, &status);
    g_assert_cmpint (status, ==, 3);   /* unverifiable is not ok */
    g_assert_nonnull (strstr (first, "unverifiable"));
    second = ingest_test_run_capture (check_argv, &status);
    g_assert_cmpint (status, ==, 0);
    ingest_test_rm_rf (bare);
  }

  ingest_test_rm_rf (root);
  ingest_test_rm_rf (reports);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validation/record", test_record);
  g_test_add_func ("/validation/record-one-read", test_record_one_read);
  g_test_add_func ("/validation/record-nested", test_record_nested);
  g_test_add_func ("/validation/cli", test_cli);

  return g_test_run ();
}
