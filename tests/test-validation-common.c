/* test-validation-common.c
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

#define G_LOG_DOMAIN "test-validation"

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

/* Hashes come from the command-line tools, never from our own hasher;
 * xxhsum means -H1 (xxh64). */
char *
tool_hash (const char *tool,
           const char *path)
{
  return ingest_test_tool_hash (tool, g_str_equal (tool, "xxhsum") ? "-H1" : NULL, path);
}

gboolean
have_tools (void)
{
  /* independent references */
  return ingest_test_require_programs ("xxhash coreutils", "xxhsum", "md5sum", NULL);
}

char *
build (const char *root,
       const char *relative)
{
  return g_build_filename (root, relative, NULL);
}

void
write_random (const char *root,
              const char *relative,
              gsize       size,
              guint32     seed)
{
  g_autofree char *path = build (root, relative);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  ingest_test_write_random_file (path, size, seed);
}

/* A roll: A001/ with clips in two folders. */
void
make_roll (const char *root)
{
  write_random (root, "A001/CLIPS/A001C001.mov", 300 * 1024, 1);
  write_random (root, "A001/CLIPS/A001C002.mov", 200 * 1024, 2);
  write_random (root, "A001/CLIPS/A001C003.mov", 100 * 1024, 3);
  write_random (root, "A001/CLIPS/A001C004.mov", 50 * 1024, 4);
  write_random (root, "A001/META/A001.ale", 4 * 1024, 5);
  write_random (root, "A001/META/notes.txt", 1000, 6);
}

/* Our own create: the first generation of an ASC MHL history. */
void
seal_with_mhl (const char    *folder,
               IngestHashSet  kinds)
{
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (folder, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(GError) error = NULL;

  ingest_mhl_verifier_set_hash_kinds (verifier, kinds);
  ingest_mhl_verifier_run (verifier, NULL, &error);
  g_assert_no_error (error);
}

void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

gboolean
run_job_full (IngestValidationJob  *job,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL, FALSE };

  ingest_validation_job_run_async (job, cancellable, run_done_cb, &wait);
  g_main_loop_run (loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

IngestValidationJob *
validate (const char    *root,
          IngestCatalog *catalog,
          const char    *expected)
{
  IngestValidationJob *job = ingest_validation_job_new (root);
  g_autoptr(GError) error = NULL;

  ingest_validation_job_set_catalog (job, catalog);
  if (expected != NULL)
    ingest_validation_job_add_expected (job, expected);
  run_job_full (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ingest_validation_job_get_phase (job), ==, INGEST_VALIDATION_PHASE_DONE);
  return job;
}

IngestValidationResult *
find_result (IngestValidationJob *job,
             const char          *path)
{
  g_autoptr(GListModel) results = ingest_validation_job_list_results (job);
  IngestValidationResult *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(IngestValidationResult) result = g_list_model_get_item (results, i);

      if (g_str_equal (ingest_validation_result_get_path (result), path))
        {
          g_assert_null (found);  /* one result per path */
          found = result;
        }
    }
  g_assert_nonnull (found);
  return found;  /* the job's model keeps it alive */
}

void
assert_status (IngestValidationJob    *job,
               const char             *path,
               IngestValidationStatus  status)
{
  IngestValidationResult *result = find_result (job, path);

  if (ingest_validation_result_get_status (result) != status)
    g_error ("%s: expected %s, got %s (%s)", path, ingest_validation_status_to_string (status),
             ingest_validation_status_to_string (ingest_validation_result_get_status (result)),
             ingest_validation_result_get_message (result));
}

guint64
count (IngestValidationJob    *job,
       IngestValidationStatus  status)
{
  return ingest_validation_job_get_count (job, status);
}

JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}
