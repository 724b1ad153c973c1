/* test-mhl-bounded.c
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

#define G_LOG_DOMAIN "test-mhl-bounded"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* A hostile drive brings its own manifests: whatever they hold, the work they
 * cause stays bounded and can be cancelled (issue 9, point 4). */

#define N_PATTERNS 3000
#define N_FILES    3000

/* Distinct patterns (a list drops duplicates) that each walk the whole name
 * before failing: cheap one by one, long when every file meets all of them. */
static char *
hostile_pattern (guint i)
{
  return g_strdup_printf ("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b%u", i);
}

static char *
hostile_name (guint i)
{
  g_autofree char *a = g_strnfill (200, 'a');

  return g_strdup_printf ("%s%u", a, i);
}

typedef struct {
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
  gint64     finished;
} Wait;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &wait->error);
  wait->finished = g_get_monotonic_time ();
  g_main_loop_quit (wait->loop);
}

typedef struct {
  GCancellable *cancellable;
  gint64        started;
  gint64        cancelled;
} Canceller;

/* Polls until the job has had time to get into the walk, then cancels. */
static gboolean
cancel_cb (gpointer user_data)
{
  Canceller *canceller = user_data;

  if (g_get_monotonic_time () - canceller->started < G_USEC_PER_SEC / 2)
    return G_SOURCE_CONTINUE;
  canceller->cancelled = g_get_monotonic_time ();
  g_cancellable_cancel (canceller->cancellable);
  return G_SOURCE_REMOVE;
}

/* A drive whose manifest ignores thousands of patterns next to thousands of
 * files: the walk matches every file against every pattern. */
static void
test_cancel_in_patterns (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("mhl-bounded");
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(IngestMhlIgnore) ignore = NULL;
  g_autoptr(IngestValidationJob) job = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = hostile_name (0);
  g_autofree char *seed = g_build_filename (root, "seed.mov", NULL);
  Wait wait = { loop, NULL, FALSE, 0 };
  Canceller canceller = { cancellable, 0, 0 };
  gint64 start;
  gint64 one_file;
  guint source;

  ingest_test_write_file (seed, "seed", 4);
  ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  for (guint i = 0; i < N_PATTERNS; i++)
    {
      g_autofree char *pattern = hostile_pattern (i);

      ingest_mhl_verifier_add_ignore_pattern (verifier, pattern);
    }
  ingest_mhl_verifier_run (verifier, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *name = hostile_name (i);
      g_autofree char *path = g_build_filename (root, name, NULL);

      ingest_test_write_file (path, "", 0);
    }

  /* What the whole walk would cost: one file against the manifest's list, times all. */
  history = ingest_mhl_history_load (root, NULL, &error);
  g_assert_no_error (error);
  ignore = ingest_mhl_history_dup_ignore (history);
  g_assert_cmpuint (ingest_mhl_ignore_get_n_patterns (ignore), >=, N_PATTERNS);
  start = g_get_monotonic_time ();
  g_assert_false (ingest_mhl_ignore_match (ignore, sample, FALSE, NULL));
  one_file = g_get_monotonic_time () - start;
  g_test_message ("one file against %u patterns: %.2f ms; the walk alone: ~%.1f s",
                  N_PATTERNS, one_file / 1000.0, one_file * (double) N_FILES / G_USEC_PER_SEC);
  g_assert_cmpint (one_file * N_FILES, >, 3 * G_USEC_PER_SEC);

  job = ingest_validation_job_new (root);
  canceller.started = g_get_monotonic_time ();
  ingest_validation_job_run_async (job, cancellable, run_done_cb, &wait);
  source = g_timeout_add (10, cancel_cb, &canceller);
  g_main_loop_run (loop);
  if (canceller.cancelled == 0)
    g_source_remove (source);

  g_assert_cmpint (canceller.cancelled, >, 0);  /* it was still running */
  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_assert_cmpint (ingest_validation_job_get_phase (job), ==, INGEST_VALIDATION_PHASE_CANCELLED);
  g_printerr ("# cancelled %.2f s into the run; stopped %.3f s after the cancel\n",
              (canceller.cancelled - canceller.started) / 1e6, (wait.finished - canceller.cancelled) / 1e6);
  g_assert_cmpint (wait.finished - canceller.cancelled, <, G_USEC_PER_SEC);

  ingest_test_rm_rf (root);
}

static void
test_parse_size (void)
{
  static const struct { const char *text; guint64 size; } good[] = {
    { "1", 1 }, { "1024", 1024 }, { "10K", 10 * 1024 }, { "10KiB", 10 * 1024 }, { "512M", 512 * 1024 * 1024 },
    { "512mb", 512 * 1024 * 1024 }, { "2G", G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024 },
  };
  static const char * const bad[] = { "", "0", "0M", "-1", "M", "1T", "1 M", "1.5G", "99999999999999999999", "17179869184G" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint64 size = 0;

      g_assert_true (ingest_mhl_parse_size (good[i].text, &size));
      g_assert_cmpuint (size, ==, good[i].size);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint64 size = 0;

      if (ingest_mhl_parse_size (bad[i], &size))
        g_error ("“%s” read as %" G_GUINT64_FORMAT " bytes", bad[i], size);
    }
}

/* Runs ingestctl with ARGS; returns its exit code and stdout. */
static int
run_ingestctl (char       **out,
               const char  *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("INGESTCTL"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  *out = ingest_test_run_capture ((const char * const *) argv->pdata, &status);
  return status;
}

/* A manifest larger than the limit is refused before it is read, with an
 * error that names it and the limit; the loaders and the CLI share the limit. */
static void
test_manifest_size_limit (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("mhl-bounded-size");
  g_autofree char *clip = g_build_filename (root, "Clips", "A.mov", NULL);
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *folder = g_build_filename (root, "ascmhl", NULL);
  const char *name;
  struct stat st;

  ingest_test_write_random_file (clip, 4096, 1);
  ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  ingest_mhl_verifier_run (verifier, NULL, &error);
  g_assert_no_error (error);
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".mhl"))
      manifest_path = g_build_filename (folder, name, NULL);
  g_assert_nonnull (manifest_path);
  g_assert_cmpint (g_stat (manifest_path, &st), ==, 0);

  g_assert_cmpuint (ingest_mhl_get_max_manifest_size (), ==, 256 * 1024 * 1024);
  ingest_mhl_set_max_manifest_size (st.st_size - 1);
  history = ingest_mhl_history_load (root, NULL, &error);
  g_assert_null (history);
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, manifest_path));
  g_assert_nonnull (strstr (error->message, "limit"));
  g_clear_error (&error);
  ingest_mhl_set_max_manifest_size (st.st_size);
  history = ingest_mhl_history_load (root, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&history);
  ingest_mhl_set_max_manifest_size (0);
  g_assert_cmpuint (ingest_mhl_get_max_manifest_size (), ==, INGEST_MHL_DEFAULT_MAX_MANIFEST_SIZE);

  limit = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) st.st_size - 1);
  g_assert_cmpint (run_ingestctl (&out, "mhl", "verify", "--json", "--max-manifest-size", limit, root, NULL), ==, 1);
  g_assert_nonnull (strstr (out, manifest_path));
  g_assert_nonnull (strstr (out, "--max-manifest-size"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_ingestctl (&out, "mhl", "verify", "--max-manifest-size=1G", root, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_ingestctl (&out, "mhl", "verify", "--max-manifest-size=lots", root, NULL), ==, 2);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_ingestctl (&out, "validate", "--no-catalog", "--json", "--max-manifest-size", limit, root, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "\"error\""));
  g_assert_nonnull (strstr (out, manifest_path));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_ingestctl (&out, "validate", "--no-catalog", "--max-manifest-size", "1M", root, NULL), ==, 0);

  ingest_test_rm_rf (root);
}

static char *
pretty (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
memory_text (GOutputStream *out)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

/* Streamed, the text is byte for byte what json-glib prints for the whole tree. */
static void
test_json_stream (void)
{
  static const char * const documents[] = {
    "{\"a\": 1, \"b\": {\"x\": [], \"y\": [1, {\"z\": null}]}, \"files\": "
    "[{\"e\": {}, \"f\": [{}]}, {\"p\": \"a/b\\n\\u0001\u00e9\\\"\", \"t\": true, \"o\": {\"k\": [2]}}, {\"q\": 2.5}, [], \"s\"]}",
    "{\"a\": \"only\", \"files\": []}",
    "{\"files\": [{}]}",
  };

  for (guint d = 0; d < G_N_ELEMENTS (documents); d++)
    {
      g_autoptr(JsonNode) whole = json_from_string (documents[d], NULL);
      g_autoptr(JsonNode) head = json_from_string (documents[d], NULL);  /* a copy would share the object */
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(IngestJsonStream) stream = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = pretty (whole);
      g_autofree char *streamed = NULL;
      JsonArray *files;

      g_assert_nonnull (whole);
      files = json_object_get_array_member (json_node_get_object (whole), "files");
      json_object_remove_member (json_node_get_object (head), "files");
      stream = ingest_json_stream_new (out, head, "files");
      for (guint i = 0; i < json_array_get_length (files); i++)
        {
          g_assert_true (ingest_json_stream_add (stream, json_array_get_element (files, i), &error));
          g_assert_no_error (error);
        }
      g_assert_true (ingest_json_stream_close (stream, &error));
      g_assert_no_error (error);
      streamed = memory_text (out);
      g_assert_cmpstr (streamed, ==, expected);
    }
}

/* `ingestctl validate --json` streams the summary: the same bytes as the tree. */
static void
test_validation_summary_stream (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("mhl-bounded-json");
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *streamed = NULL;
  g_autofree char *gone = g_build_filename (root, "A001", "C002.mov", NULL);
  g_autofree char *changed = g_build_filename (root, "A001", "C003.mov", NULL);
  g_autofree char *added = g_build_filename (root, "A001", "new\tname.mov", NULL);
  Wait wait = { loop, NULL, FALSE, 0 };

  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/A001/C%03u.mov", root, i);
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      ingest_test_write_random_file (path, 1000 + i, i);
    }
  ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  ingest_mhl_verifier_run (verifier, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (gone), ==, 0);
  ingest_test_write_random_file (changed, 1003, 99);
  ingest_test_write_random_file (added, 10, 7);

  ingest_validation_job_run_async (job, NULL, run_done_cb, &wait);
  g_main_loop_run (loop);
  g_assert_no_error (wait.error);

  summary = ingest_validation_report_build_summary (job);
  expected = pretty (summary);
  g_assert_true (ingest_validation_report_write_summary (job, out, &error));
  g_assert_no_error (error);
  streamed = memory_text (out);
  g_assert_nonnull (strstr (streamed, "\"missing\""));
  g_assert_cmpstr (streamed, ==, expected);

  ingest_test_rm_rf (root);
}

/* N empty files with clip-like names in folders of 1000, and their history;
 * returns the manifest's size in bytes. */
static goffset
make_large_history (const char *root,
                    guint       n)
{
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (root, "ascmhl", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  goffset size = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/Day1/A001R1AB/Clips/F%04u/A001C%06u_260101_R1AB.ari",
                                               root, i / 1000, i);

      if (i % 1000 == 0)
        {
          g_autofree char *parent = g_path_get_dirname (path);

          g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
        }
      ingest_test_write_file (path, "", 0);
    }
  ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  ingest_mhl_verifier_run (verifier, NULL, &error);
  g_assert_no_error (error);

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".mhl"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);
        struct stat st;

        g_assert_cmpint (g_stat (path, &st), ==, 0);
        size += st.st_size;
      }
  return size;
}

/* Peak RSS in KiB of `ingestctl ARGS… ROOT` (its output discarded). */
static glong
peak_rss_of (const char * const *args,
             const char         *root)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  GPid pid;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("INGESTCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) root);
  g_ptr_array_add (argv, NULL);
  g_spawn_async (NULL, (char **) argv->pdata, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return usage.ru_maxrss;
}

/* What each manifest MB costs in memory stays bounded, JSON output included:
 * (peak RSS at N files − at N/8) / (manifest MB at N − at N/8). */
static void
test_rss_per_manifest_mb (void)
{
  static const char * const verify[] = { "mhl", "verify", NULL };
  static const char * const verify_json[] = { "mhl", "verify", "--json", NULL };
  static const char * const validate[] = { "validate", "--no-catalog", NULL };
  static const char * const validate_json[] = { "validate", "--no-catalog", "--json", NULL };
  static const struct { const char * const *args; const char *label; } commands[] = {
    { verify, "mhl verify" }, { verify_json, "mhl verify --json" }, { validate, "validate" },
    { validate_json, "validate --json" },
  };
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;
  goffset small_bytes;
  goffset large_bytes;

#ifdef __SANITIZE_ADDRESS__
  g_test_skip ("peak RSS is meaningless under AddressSanitizer");
  return;
#endif

  small = ingest_test_make_tmpdir ("mhl-bounded-rss-small");
  large = ingest_test_make_tmpdir ("mhl-bounded-rss-large");
  small_bytes = make_large_history (small, 2000);
  large_bytes = make_large_history (large, 16000);

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      glong small_kib = peak_rss_of (commands[c].args, small);
      glong large_kib = peak_rss_of (commands[c].args, large);
      double per_mb = (large_kib - small_kib) / 1024.0 / ((large_bytes - small_bytes) / 1e6);

      g_printerr ("# %s: %.1f MB RSS with a %.2f MB manifest, %.1f MB with %.2f MB: %.2f MB per manifest MB\n",
                  commands[c].label, small_kib / 1024.0, small_bytes / 1e6, large_kib / 1024.0,
                  large_bytes / 1e6, per_mb);
      /* before the JSON was streamed, --json took 15-17 MB per manifest MB */
      g_assert_cmpfloat (per_mb, <, 10.0);
    }

  ingest_test_rm_rf (small);
  ingest_test_rm_rf (large);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mhl-bounded/cancel-in-patterns", test_cancel_in_patterns);
  g_test_add_func ("/mhl-bounded/parse-size", test_parse_size);
  g_test_add_func ("/mhl-bounded/manifest-size-limit", test_manifest_size_limit);
  g_test_add_func ("/mhl-bounded/json-stream", test_json_stream);
  g_test_add_func ("/mhl-bounded/validation-summary-stream", test_validation_summary_stream);
  g_test_add_func ("/mhl-bounded/rss-per-manifest-mb", test_rss_per_manifest_mb);

  return g_test_run ();
}
