/* test-validation.c
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
#include "ingest-test-sink.h"
#include "ingest-test-util.h"

/* Hashes come from the command-line tools, never from our own hasher;
 * xxhsum means -H1 (xxh64). */
static char *
tool_hash (const char *tool,
           const char *path)
{
  return ingest_test_tool_hash (tool, g_str_equal (tool, "xxhsum") ? "-H1" : NULL, path);
}

static gboolean
have_tools (void)
{
  /* independent references */
  return ingest_test_require_programs ("xxhash coreutils", "xxhsum", "md5sum", NULL);
}

static char *
build (const char *root,
       const char *relative)
{
  return g_build_filename (root, relative, NULL);
}

static void
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
static void
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
static void
seal_with_mhl (const char    *folder,
               IngestHashSet  kinds)
{
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (folder, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(GError) error = NULL;

  ingest_mhl_verifier_set_hash_kinds (verifier, kinds);
  ingest_mhl_verifier_run (verifier, NULL, &error);
  g_assert_no_error (error);
}

typedef struct {
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
} Wait;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = ingest_validation_job_run_finish (INGEST_VALIDATION_JOB (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
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

static IngestValidationJob *
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

static IngestValidationResult *
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

static void
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

static guint64
count (IngestValidationJob    *job,
       IngestValidationStatus  status)
{
  return ingest_validation_job_get_count (job, status);
}

/* Every file verified; expected == found == xxhsum -H1. */
static void
test_all_verified (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autoptr(IngestValidationJob) job = NULL;
  g_autoptr(GListModel) rolls = NULL;
  g_autoptr(IngestValidationRoll) roll = NULL;
  g_autofree char *clip = NULL;
  g_autofree char *reference = NULL;
  IngestValidationResult *result;

  if (!have_tools ())
    return;

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));

  job = validate (root, NULL, NULL);
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 6);
  for (guint s = INGEST_VALIDATION_STATUS_MISMATCH; s < INGEST_VALIDATION_N_STATUSES; s++)
    g_assert_cmpuint (count (job, s), ==, 0);
  g_assert_cmpuint (ingest_validation_job_get_files_done (job), ==, 6);
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, (300 + 200 + 100 + 50 + 4) * 1024 + 1000);
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, ingest_validation_job_get_bytes_total (job));
  g_assert_cmpfloat (ingest_validation_job_get_fraction (job), ==, 1.0);

  clip = build (root, "A001/CLIPS/A001C002.mov");
  reference = tool_hash ("xxhsum", clip);
  result = find_result (job, "A001/CLIPS/A001C002.mov");
  g_assert_cmpstr (ingest_validation_result_get_kind (result), ==, "xxh64");
  g_assert_cmpstr (ingest_validation_result_get_expected (result), ==, reference);
  g_assert_cmpstr (ingest_validation_result_get_found (result), ==, reference);
  g_assert_cmpint (ingest_validation_result_get_size (result), ==, 200 * 1024);

  rolls = ingest_validation_job_list_rolls (job);
  g_assert_cmpuint (g_list_model_get_n_items (rolls), >=, 1);
  roll = g_list_model_get_item (rolls, 0);
  g_assert_cmpint (ingest_validation_roll_get_verdict (roll), ==, INGEST_VALIDATION_VERDICT_OK);

  ingest_test_rm_rf (root);
}

/* Altered, deleted, added, renamed and ignored files, each told apart. */
static void
test_problems (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autoptr(IngestValidationJob) job = NULL;
  g_autofree char *altered = NULL;
  g_autofree char *old_hash = NULL;
  g_autofree char *new_hash = NULL;
  g_autofree char *renamed_hash = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *ignored = NULL;
  g_autofree char *added_hash = NULL;
  g_autofree char *added = NULL;
  IngestValidationResult *result;

  if (!have_tools ())
    return;

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));

  altered = build (root, "A001/CLIPS/A001C001.mov");
  old_hash = tool_hash ("xxhsum", altered);
  write_random (root, "A001/CLIPS/A001C001.mov", 300 * 1024, 99);   /* same size, other bytes */
  new_hash = tool_hash ("xxhsum", altered);
  g_assert_cmpstr (old_hash, !=, new_hash);

  deleted = build (root, "A001/META/notes.txt");
  g_assert_cmpint (g_unlink (deleted), ==, 0);

  from = build (root, "A001/CLIPS/A001C003.mov");
  to = build (root, "A001/CLIPS/A001C003_renamed.mov");
  renamed_hash = tool_hash ("xxhsum", from);
  g_assert_cmpint (g_rename (from, to), ==, 0);

  write_random (root, "A001/CLIPS/A001C009.mov", 10 * 1024, 9);
  added = build (root, "A001/CLIPS/A001C009.mov");
  added_hash = tool_hash ("xxhsum", added);
  ignored = build (root, "A001/CLIPS/.DS_Store");
  ingest_test_write_file (ignored, "x", 1);
  /* what operating systems leave at the top of a volume is ignored, not extra */
  write_random (root, "lost+found/#1234", 100, 1);
  write_random (root, ".fseventsd/0000000000000001", 100, 2);

  job = validate (root, NULL, NULL);
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_PROBLEMS);

  result = find_result (job, "A001/CLIPS/A001C001.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_MISMATCH);
  g_assert_cmpstr (ingest_validation_result_get_kind (result), ==, "xxh64");
  g_assert_cmpstr (ingest_validation_result_get_expected (result), ==, old_hash);
  g_assert_cmpstr (ingest_validation_result_get_found (result), ==, new_hash);

  result = find_result (job, "A001/META/notes.txt");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_MISSING);
  g_assert_cmpint (ingest_validation_result_get_size (result), ==, -1);
  g_assert_nonnull (ingest_validation_result_get_expected (result));
  g_assert_null (ingest_validation_result_get_found (result));

  result = find_result (job, "A001/CLIPS/A001C003_renamed.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_RENAMED);
  g_assert_cmpstr (ingest_validation_result_get_renamed_from (result), ==, "A001/CLIPS/A001C003.mov");
  g_assert_cmpstr (ingest_validation_result_get_found (result), ==, renamed_hash);
  g_assert_cmpstr (ingest_validation_result_get_expected (result), ==, renamed_hash);

  result = find_result (job, "A001/CLIPS/A001C009.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_EXTRA);
  g_assert_cmpstr (ingest_validation_result_get_found (result), ==, added_hash);

  assert_status (job, "A001/CLIPS/.DS_Store", INGEST_VALIDATION_STATUS_IGNORED);
  assert_status (job, "lost+found", INGEST_VALIDATION_STATUS_IGNORED);
  assert_status (job, ".fseventsd", INGEST_VALIDATION_STATUS_IGNORED);
  assert_status (job, "A001/CLIPS/A001C002.mov", INGEST_VALIDATION_STATUS_VERIFIED);

  /* the renamed file is not also missing */
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_MISSING), ==, 1);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_MISMATCH), ==, 1);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_EXTRA), ==, 1);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_RENAMED), ==, 1);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_IGNORED), ==, 3);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 3);

  /* problems sort first */
  {
    g_autoptr(GListModel) model = ingest_validation_job_list_results (job);
    g_autoptr(GListStore) store = g_list_store_new (INGEST_TYPE_VALIDATION_RESULT);
    g_autoptr(IngestValidationResult) first = NULL;
    g_autoptr(IngestValidationResult) last = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (model, i);
        g_list_store_append (store, item);
      }
    g_list_store_sort (store, ingest_validation_result_compare, NULL);
    first = g_list_model_get_item (G_LIST_MODEL (store), 0);
    last = g_list_model_get_item (G_LIST_MODEL (store), g_list_model_get_n_items (G_LIST_MODEL (store)) - 1);
    g_assert_cmpint (ingest_validation_result_get_status (first), ==, INGEST_VALIDATION_STATUS_MISMATCH);
    g_assert_cmpint (ingest_validation_result_get_status (last), ==, INGEST_VALIDATION_STATUS_VERIFIED);
  }

  ingest_test_rm_rf (root);
}

typedef struct {
  char *root;
  char *victim;
  gboolean done;
} Sabotage;

/* While the first file is read, the next one is replaced by a folder. */
static gboolean
sabotage_chunk (const char    *path,
                const guint8  *data,
                gsize          len,
                guint64        offset,
                gpointer       user_data,
                GError       **error)
{
  Sabotage *sabotage = user_data;

  if (!sabotage->done)
    {
      g_autofree char *victim = build (sabotage->root, sabotage->victim);

      sabotage->done = TRUE;
      g_assert_cmpint (g_unlink (victim), ==, 0);
      g_assert_cmpint (g_mkdir (victim, 0755), ==, 0);
    }
  return TRUE;
}

/* A file that cannot be read is reported and the others go on. */
static void
test_unreadable (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *fifo = NULL;
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
  g_autoptr(GError) error = NULL;
  Sabotage sabotage = { root, (char *) "A001/CLIPS/A001C002.mov", FALSE };
  IngestValidationResult *result;

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  fifo = build (root, "A001/META/pipe");
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  /* one reader: files are read in walk order, C001 before C002 */
  ingest_validation_job_set_n_threads (job, 1);
  ingest_test_add_sink (job, sabotage_chunk, NULL, &sabotage);
  run_job_full (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sabotage.done);

  result = find_result (job, "A001/CLIPS/A001C002.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_UNREADABLE);
  g_assert_nonnull (ingest_validation_result_get_message (result));
  g_assert_nonnull (ingest_validation_result_get_expected (result));  /* what it should have been */
  g_test_message ("unreadable: %s", ingest_validation_result_get_message (result));
  assert_status (job, "A001/META/pipe", INGEST_VALIDATION_STATUS_UNREADABLE);

  /* the rest went on */
  assert_status (job, "A001/CLIPS/A001C001.mov", INGEST_VALIDATION_STATUS_VERIFIED);
  assert_status (job, "A001/CLIPS/A001C003.mov", INGEST_VALIDATION_STATUS_VERIFIED);
  assert_status (job, "A001/META/notes.txt", INGEST_VALIDATION_STATUS_VERIFIED);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 5);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_UNREADABLE), ==, 2);
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_PROBLEMS);

  ingest_test_rm_rf (root);
}

/* A legacy MHL 1.1 file with the md5 of each file, as md5sum gives it. */
static void
write_legacy_mhl (const char         *path,
                  const char         *base,
                  const char * const *files,
                  const char         *element,
                  const char * const *values)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hashlist version=\"1.1\">\n"
                                         "  <creatorinfo><name>test</name><username>test</username>"
                                         "<hostname>test</hostname><tool>hand</tool>"
                                         "<startdate>2020-01-01T00:00:00Z</startdate>"
                                         "<finishdate>2020-01-01T00:00:00Z</finishdate></creatorinfo>\n");

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *file = build (base, files[i]);
      g_autofree char *value = values != NULL ? g_strdup (values[i]) : tool_hash ("md5sum", file);
      struct stat st;

      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_string_append_printf (xml, "  <hash><file>%s</file><size>%" G_GINT64_FORMAT "</size>"
                                   "<lastmodificationdate>2020-01-01T00:00:00Z</lastmodificationdate>"
                                   "<%s>%s</%s><hashdate>2020-01-01T00:00:00Z</hashdate></hash>\n",
                              files[i], (gint64) st.st_size, element, value, element);
    }
  g_string_append (xml, "</hashlist>\n");
  ingest_test_write_file (path, xml->str, xml->len);
}

static void
test_legacy (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *roll = NULL;
  g_autofree char *mhl = NULL;
  g_autofree char *old_md5 = NULL;
  g_autofree char *new_md5 = NULL;
  g_autofree char *altered = NULL;
  g_autoptr(IngestValidationJob) job = NULL;
  const char * const files[] = { "CLIPS/A001C001.mov", "CLIPS/A001C002.mov", "META/A001.ale", NULL };
  IngestValidationResult *result;

  if (!have_tools ())
    return;

  make_roll (root);
  roll = build (root, "A001");
  mhl = build (root, "A001/A001_2020-01-01.mhl");
  write_legacy_mhl (mhl, roll, files, "md5", NULL);

  altered = build (root, "A001/CLIPS/A001C002.mov");
  old_md5 = tool_hash ("md5sum", altered);
  write_random (root, "A001/CLIPS/A001C002.mov", 200 * 1024, 77);
  new_md5 = tool_hash ("md5sum", altered);

  job = validate (root, NULL, NULL);
  result = find_result (job, "A001/CLIPS/A001C001.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_VERIFIED);
  g_assert_cmpstr (ingest_validation_result_get_kind (result), ==, "md5");

  result = find_result (job, "A001/CLIPS/A001C002.mov");
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_MISMATCH);
  g_assert_cmpstr (ingest_validation_result_get_kind (result), ==, "md5");
  g_assert_cmpstr (ingest_validation_result_get_expected (result), ==, old_md5);
  g_assert_cmpstr (ingest_validation_result_get_found (result), ==, new_md5);

  /* the .mhl itself is a source, not content */
  assert_status (job, "A001/A001_2020-01-01.mhl", INGEST_VALIDATION_STATUS_IGNORED);
  /* files it does not list are extra */
  assert_status (job, "A001/CLIPS/A001C003.mov", INGEST_VALIDATION_STATUS_EXTRA);
  g_assert_cmpuint (ingest_expected_manifest_get_n_sources (ingest_validation_job_get_expected (job)), ==, 1);
  g_assert_cmpint (ingest_expected_manifest_get_source (ingest_validation_job_get_expected (job), 0)->kind, ==,
                   INGEST_EXPECTED_SOURCE_LEGACY);

  ingest_test_rm_rf (root);
}

/* A manifest the user picks: a single ASC MHL manifest file, or a history folder. */
static void
test_expected_file (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *elsewhere = ingest_test_make_tmpdir ("validation-expected");
  g_autofree char *history = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *manifest = NULL;
  const char *name;

  if (!have_tools ())
    return;

  /* the same content in two places; the history is made in the other one */
  make_roll (root);
  make_roll (elsewhere);
  seal_with_mhl (elsewhere, INGEST_HASH_BIT (INGEST_HASH_MD5));
  history = build (elsewhere, "ascmhl");
  dir = g_dir_open (history, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".mhl"))
      manifest = g_build_filename (history, name, NULL);
  g_assert_nonnull (manifest);

  {
    g_autoptr(IngestValidationJob) job = NULL;

    /* nothing on the drive: unverifiable */
    job = validate (root, NULL, NULL);
    g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_UNVERIFIABLE);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 0);
  }
  {
    g_autoptr(IngestValidationJob) job = validate (root, NULL, manifest);
    IngestValidationResult *result = find_result (job, "A001/CLIPS/A001C004.mov");
    g_autofree char *clip = build (root, "A001/CLIPS/A001C004.mov");
    g_autofree char *md5 = tool_hash ("md5sum", clip);

    g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 6);
    g_assert_cmpstr (ingest_validation_result_get_kind (result), ==, "md5");
    g_assert_cmpstr (ingest_validation_result_get_found (result), ==, md5);
    g_assert_cmpint (ingest_expected_manifest_get_source (ingest_validation_job_get_expected (job), 0)->kind, ==,
                     INGEST_EXPECTED_SOURCE_USER);
  }
  {
    /* the history folder, and the folder that holds it, work too */
    g_autoptr(IngestValidationJob) job = validate (root, NULL, history);
    g_autoptr(IngestValidationJob) job2 = validate (root, NULL, elsewhere);

    g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
    g_assert_cmpint (ingest_validation_job_get_verdict (job2), ==, INGEST_VALIDATION_VERDICT_OK);
    g_assert_cmpuint (count (job2, INGEST_VALIDATION_STATUS_VERIFIED), ==, 6);
  }

  ingest_test_rm_rf (root);
  ingest_test_rm_rf (elsewhere);
}

/* The on-drive history and a picked legacy file disagree about a hash: shown, not resolved. */
static void
test_disagreement (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *other = ingest_test_make_tmpdir ("validation-other");
  g_autofree char *mhl = NULL;
  g_autofree char *good = NULL;
  g_autofree char *good_hash = NULL;
  g_autoptr(IngestValidationJob) job = NULL;
  const char * const files[] = { "A001/CLIPS/A001C001.mov", "A001/CLIPS/A001C002.mov", NULL };
  const char *values[] = { NULL, "0123456789abcdef", NULL };
  IngestValidationResult *result;
  IngestExpectedManifest *expected;

  if (!have_tools ())
    return;

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  good = build (root, files[0]);
  good_hash = tool_hash ("xxhsum", good);
  values[0] = good_hash;
  mhl = g_build_filename (other, "picked.mhl", NULL);
  /* <xxhash64be> is the canonical xxh64 text */
  write_legacy_mhl (mhl, root, files, "xxhash64be", values);

  job = validate (root, NULL, mhl);
  expected = ingest_validation_job_get_expected (job);
  g_assert_cmpuint (ingest_expected_manifest_get_n_sources (expected), ==, 2);
  g_assert_cmpuint (ingest_expected_manifest_get_n_disagreements (expected), ==, 1);

  /* agreeing sources: verified */
  result = find_result (job, files[0]);
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_VERIFIED);
  g_assert_false (ingest_validation_result_get_disagreement (result));

  /* disagreeing sources: never verified, both values named */
  result = find_result (job, files[1]);
  g_assert_cmpint (ingest_validation_result_get_status (result), ==, INGEST_VALIDATION_STATUS_MISMATCH);
  g_assert_true (ingest_validation_result_get_disagreement (result));
  g_assert_cmpstr (ingest_validation_result_get_expected (result), ==, "0123456789abcdef");
  g_assert_nonnull (strstr (ingest_validation_result_get_message (result), "0123456789abcdef"));
  g_assert_nonnull (strstr (ingest_validation_result_get_message (result), "ascmhl"));
  g_assert_nonnull (ingest_validation_job_get_diagnostics (job)[0]);
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_PROBLEMS);

  ingest_test_rm_rf (root);
  ingest_test_rm_rf (other);
}

/* No manifest at all: unverifiable, never verified; sealing starts a history. */
static void
test_unverifiable_and_seal (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  make_roll (root);
  {
    g_autoptr(IngestValidationJob) job = validate (root, NULL, NULL);
    g_autoptr(GListModel) rolls = ingest_validation_job_list_rolls (job);

    g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_UNVERIFIABLE);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 0);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_EXTRA), ==, 6);
    g_assert_cmpuint (g_list_model_get_n_items (rolls), >=, 1);
    for (guint r = 0; r < g_list_model_get_n_items (rolls); r++)
      {
        g_autoptr(IngestValidationRoll) roll = g_list_model_get_item (rolls, r);

        g_assert_cmpint (ingest_validation_roll_get_verdict (roll), ==, INGEST_VALIDATION_VERDICT_UNVERIFIABLE);
        g_ptr_array_add (folders, g_build_filename (root, ingest_validation_roll_get_path (roll), NULL));
      }
  }

  for (guint i = 0; i < folders->len; i++)
    {
      g_assert_true (ingest_expected_manifest_seal (g_ptr_array_index (folders, i), 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  /* sealing twice is refused: the second time it is verified, not sealed */
  g_assert_false (ingest_expected_manifest_seal (g_ptr_array_index (folders, 0), 0, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  {
    g_autoptr(IngestValidationJob) job = validate (root, NULL, NULL);

    g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 6);
  }

  ingest_test_rm_rf (root);
}

/* Nested histories: each roll's own history speaks for its files. */
static void
test_nested (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(IngestValidationJob) job = NULL;

  make_roll (root);
  write_random (root, "B001/B001C001.mxf", 64 * 1024, 11);
  write_random (root, "B001/B001C002.mxf", 64 * 1024, 12);
  a = build (root, "A001");
  b = build (root, "B001");
  seal_with_mhl (a, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  seal_with_mhl (b, INGEST_HASH_BIT (INGEST_HASH_MD5));
  write_random (root, "B001/B001C002.mxf", 64 * 1024, 13);

  job = validate (root, NULL, NULL);
  assert_status (job, "A001/CLIPS/A001C001.mov", INGEST_VALIDATION_STATUS_VERIFIED);
  assert_status (job, "B001/B001C001.mxf", INGEST_VALIDATION_STATUS_VERIFIED);
  assert_status (job, "B001/B001C002.mxf", INGEST_VALIDATION_STATUS_MISMATCH);
  g_assert_cmpstr (ingest_validation_result_get_kind (find_result (job, "B001/B001C001.mxf")), ==, "md5");
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 7);

  ingest_test_rm_rf (root);
}

/* What an upload attached to the read sees. */
typedef struct {
  GMutex      mutex;
  GHashTable *streams;   /* path → Stream */
} Tap;

typedef struct {
  GChecksum              *md5;
  guint64                 bytes;
  guint                   n_done;
  IngestValidationStatus  status;
  guint64                 size;
} Stream;

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_checksum_free (stream->md5);
  g_free (stream);
}

static Stream *
tap_stream (Tap        *tap,
            const char *path)
{
  Stream *stream = g_hash_table_lookup (tap->streams, path);

  if (stream == NULL)
    {
      stream = g_new0 (Stream, 1);
      stream->md5 = g_checksum_new (G_CHECKSUM_MD5);
      g_hash_table_insert (tap->streams, g_strdup (path), stream);
    }
  return stream;
}

static gboolean
tap_chunk (const char    *path,
           const guint8  *data,
           gsize          len,
           guint64        offset,
           gpointer       user_data,
           GError       **error)
{
  Tap *tap = user_data;
  Stream *stream;

  g_mutex_lock (&tap->mutex);
  stream = tap_stream (tap, path);
  g_assert_cmpuint (offset, ==, stream->bytes);   /* in order, no byte twice */
  g_assert_cmpuint (stream->n_done, ==, 0);        /* nothing after the verdict */
  g_checksum_update (stream->md5, data, len);
  stream->bytes += len;
  g_mutex_unlock (&tap->mutex);
  return TRUE;
}

static void
tap_file (const char             *path,
          IngestValidationStatus  status,
          const char             *kind,
          const char             *expected,
          const char             *found,
          guint64                 size,
          gpointer                user_data)
{
  Tap *tap = user_data;
  Stream *stream;

  g_mutex_lock (&tap->mutex);
  stream = tap_stream (tap, path);
  stream->n_done++;
  stream->status = status;
  stream->size = size;
  g_mutex_unlock (&tap->mutex);
}

/* The hook gets every byte hashed, once, in order: an upload can feed from the same read. */
static void
test_chunk_hook (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *empty = NULL;
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
  g_autoptr(GError) error = NULL;
  Tap tap;
  GHashTableIter iter;
  const char *path;
  Stream *stream;
  guint64 total = 0;

  if (!have_tools ())
    return;

  make_roll (root);
  empty = build (root, "A001/META/empty.txt");
  ingest_test_write_file (empty, "", 0);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  write_random (root, "A001/CLIPS/A001C005.mov", 70000, 55);   /* extra */
  write_random (root, "A001/CLIPS/A001C001.mov", 300 * 1024, 56);   /* mismatch */

  g_mutex_init (&tap.mutex);
  tap.streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stream_free);
  ingest_validation_job_set_n_threads (job, 3);
  ingest_test_add_sink (job, tap_chunk, tap_file, &tap);
  run_job_full (job, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_hash_table_size (tap.streams), ==, 8);
  g_hash_table_iter_init (&iter, tap.streams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, (gpointer *) &stream))
    {
      g_autofree char *file = build (root, path);
      g_autofree char *md5 = tool_hash ("md5sum", file);
      IngestValidationResult *result = find_result (job, path);

      g_assert_cmpuint (stream->n_done, ==, 1);
      g_assert_cmpstr (g_checksum_get_string (stream->md5), ==, md5);
      g_assert_cmpuint (stream->bytes, ==, stream->size);
      g_assert_cmpint (stream->status, ==, ingest_validation_result_get_status (result));
      total += stream->bytes;
    }
  stream = g_hash_table_lookup (tap.streams, "A001/META/empty.txt");
  g_assert_nonnull (stream);
  g_assert_cmpuint (stream->size, ==, 0);
  g_assert_cmpint (stream->status, ==, INGEST_VALIDATION_STATUS_VERIFIED);
  g_assert_cmpint (((Stream *) g_hash_table_lookup (tap.streams, "A001/CLIPS/A001C001.mov"))->status, ==,
                   INGEST_VALIDATION_STATUS_MISMATCH);
  g_assert_cmpint (((Stream *) g_hash_table_lookup (tap.streams, "A001/CLIPS/A001C005.mov"))->status, ==,
                   INGEST_VALIDATION_STATUS_EXTRA);
  /* one pass: the bytes read are the bytes the hook got */
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, total);

  g_hash_table_unref (tap.streams);
  g_mutex_clear (&tap.mutex);
  ingest_test_rm_rf (root);
}

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

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
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

static gint64
sql_int (const char *db_path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return -1;
    }
  sqlite3_busy_timeout (db, 1000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* A run reuses a result only for files whose times are at least 2 s older
 * than the run that read them (ingest-validation-job.c, REUSE_MARGIN_NS). */
#define REUSE_WAIT_USEC (2100 * G_TIME_SPAN_MILLISECOND)

static void
sql_exec (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 1000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_close (db);
}

static gint64
stat_ctime_ns (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  return (gint64) st.st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_ctim.tv_nsec;
}

/* A file rewritten in the same second as the earlier read, on a filesystem
 * with coarse times: same size, same mtime, same ctime. The catalog is made to
 * hold what such a filesystem would have shown (the new ctime); the file was
 * written after that run began, so it must be read again, not "verified". */
static void
test_resume_same_second (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *state = ingest_test_make_tmpdir ("validation-state");
  g_autofree char *db = g_build_filename (state, "catalog.db", NULL);
  g_autofree char *path = g_build_filename (root, "R", "A.mov", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  gboolean resumes = ingest_test_resumes_on (root);
  struct timespec times[2];
  struct stat st;

  write_random (root, "R/A.mov", 64 * 1024, 1);
  write_random (root, "R/B.mov", 64 * 1024, 2);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_usleep (REUSE_WAIT_USEC);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(IngestCatalog) catalog = ingest_catalog_open (db, &error);
      g_autoptr(IngestValidationJob) job = NULL;

      g_assert_no_error (error);
      job = validate (root, catalog, NULL);
      g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 2);
      /* the unchanged, older files are resumed the second time */
      g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, resumes ? pass * 2 * 64 * 1024 : 0);
      g_clear_object (&job);
      g_assert_true (ingest_catalog_close (catalog, &error));
      g_assert_no_error (error);
    }

  /* rewrite A with the same size, set its mtime back */
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  write_random (root, "R/A.mov", 64 * 1024, 3);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
  sql = g_strdup_printf ("UPDATE validation_results SET fingerprint = "
                         "substr(fingerprint, 1, instr(fingerprint, ';ctime=') + 6) || '%" G_GINT64_FORMAT "' "
                         "WHERE file_id = (SELECT id FROM files WHERE path LIKE '%%A.mov')",
                         stat_ctime_ns (path));
  sql_exec (db, sql);

  {
    g_autoptr(IngestCatalog) catalog = ingest_catalog_open (db, &error);
    g_autoptr(IngestValidationJob) job = NULL;

    g_assert_no_error (error);
    job = validate (root, catalog, NULL);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_MISMATCH), ==, 1);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 1);
    g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, resumes ? 64 * 1024 : 0);
    g_clear_object (&job);
    g_assert_true (ingest_catalog_close (catalog, &error));
    g_assert_no_error (error);
  }

  ingest_test_rm_rf (root);
  ingest_test_rm_rf (state);
}

/* kill -9 in the middle, run again: what was verified is not read again. */
static void
test_resume_after_kill (void)
{
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *state = ingest_test_make_tmpdir ("validation-state");
  g_autofree char *catalog = g_build_filename (state, "catalog.db", NULL);
  g_autofree char *reports = g_build_filename (state, "reports", NULL);
  g_autofree char *report_text = NULL;
  g_autofree char *altered_path = NULL;
  g_autofree char *roll = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const guint n_files = 160;
  const gsize file_size = 2 * 1024 * 1024;
  const char *name;
  const char *argv[] = { ingestctl, "validate", "--catalog", catalog, "--threads", "1", root, NULL };
  gint64 verified_before = 0;
  gint64 n_resumed = 0;
  char *altered = NULL;
  JsonObject *object;
  JsonArray *files;
  GPid pid;
  int wait_status;
  int status;

  if (ingestctl == NULL)
    {
      g_test_skip ("INGESTCTL is not set (run through meson test)");
      return;
    }

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *rel = g_strdup_printf ("R001/CLIPS/C%04u.mov", i);

      write_random (root, rel, file_size, 1000 + i);
    }
  /* slow formats on purpose, so that the run can be caught in the middle */
  roll = build (root, "R001");
  seal_with_mhl (roll, INGEST_HASH_BIT (INGEST_HASH_SHA1) | INGEST_HASH_BIT (INGEST_HASH_MD5) |
                       INGEST_HASH_BIT (INGEST_HASH_C4));
  g_usleep (REUSE_WAIT_USEC);

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  for (guint tries = 0; tries < 3000; tries++)
    {
      verified_before = sql_int (catalog, "SELECT count(*) FROM validation_results WHERE status = 'verified'");
      if (verified_before >= 10)
        break;
      g_usleep (5 * 1000);
    }
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (wait_status));   /* killed, not finished */
  verified_before = sql_int (catalog, "SELECT count(*) FROM validation_results WHERE status = 'verified'");
  g_test_message ("killed after %" G_GINT64_FORMAT " verified results", verified_before);
  g_assert_cmpint (verified_before, >=, 10);
  g_assert_cmpint (verified_before, <, n_files);
  g_assert_cmpint (sql_int (catalog, "SELECT count(*) FROM validation_runs WHERE state = 'running'"), ==, 1);

  /* a file verified before the kill is changed since: it must be read again */
  altered = g_strdup_printf ("R001/CLIPS/C%04u.mov", 0);
  altered_path = build (root, altered);
  write_random (root, altered, file_size, 4242);

  {
    const char *argv2[] = { ingestctl, "validate", "--catalog", catalog, "--report-dir", reports, root, NULL };
    g_autofree char *out = ingest_test_run_capture (argv2, &status);
  }
  g_assert_cmpint (status, ==, 3);   /* the altered file */

  dir = g_dir_open (reports, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      {
        g_autofree char *path = g_build_filename (reports, name, NULL);

        g_assert_true (g_file_get_contents (path, &report_text, NULL, NULL));
      }
  g_assert_nonnull (report_text);
  report = parse_json (report_text);
  object = json_node_get_object (report);

  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"), "verified"), ==, n_files - 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"), "mismatch"), ==, 1);
  files = json_object_get_array_member (object, "files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      if (json_object_has_member (file, "resumed"))
        {
          g_assert_cmpstr (json_object_get_string_member (file, "path"), !=, altered);
          n_resumed++;
        }
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0), "path"), ==, altered);
  /* every file verified before the kill but the altered one was not read
   * again — where the filesystem's times can tell (else every file is read) */
  g_assert_cmpint (n_resumed, ==, ingest_test_resumes_on (root) ? verified_before - 1 : 0);
  g_assert_cmpint (json_object_get_int_member (object, "bytes_resumed"), ==, n_resumed * file_size);
  g_assert_cmpint (json_object_get_int_member (object, "bytes_read"), ==, (n_files - n_resumed) * file_size);

  g_free (altered);
  ingest_test_rm_rf (root);
  ingest_test_rm_rf (state);
}

typedef struct {
  char     *root;
  char     *away;
  gboolean  moved;
  gboolean  saw_pause;
  char     *pause_message;
} Unplug;

/* The first buffer read "pulls the drive": the folder disappears. */
static gboolean
unplug_chunk (const char    *path,
              const guint8  *data,
              gsize          len,
              guint64        offset,
              gpointer       user_data,
              GError       **error)
{
  Unplug *unplug = user_data;

  if (!unplug->moved)
    {
      unplug->moved = TRUE;
      g_assert_cmpint (g_rename (unplug->root, unplug->away), ==, 0);
    }
  return TRUE;
}

static gboolean
replug_cb (gpointer user_data)
{
  Unplug *unplug = user_data;

  g_assert_cmpint (g_rename (unplug->away, unplug->root), ==, 0);
  return G_SOURCE_REMOVE;
}

static void
paused_cb (IngestValidationJob *job,
           GParamSpec          *pspec,
           Unplug              *unplug)
{
  if (!ingest_validation_job_get_paused (job))
    return;
  unplug->saw_pause = TRUE;
  g_free (unplug->pause_message);
  unplug->pause_message = g_strdup (ingest_validation_job_get_message (job));
  g_timeout_add (300, replug_cb, unplug);
}

/* The drive goes away mid-run: the job pauses, and continues when it is back. */
static void
test_pause_when_removed (void)
{
  g_autofree char *parent = ingest_test_make_tmpdir ("validation-unplug");
  g_autofree char *root = g_build_filename (parent, "DRIVE", NULL);
  g_autofree char *away = g_build_filename (parent, "gone", NULL);
  g_autoptr(IngestValidationJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Unplug unplug = { root, away, FALSE, FALSE, NULL };

  make_roll (root);
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));

  job = ingest_validation_job_new (root);
  ingest_validation_job_set_n_threads (job, 1);
  ingest_test_add_sink (job, unplug_chunk, NULL, &unplug);
  g_signal_connect (job, "notify::paused", G_CALLBACK (paused_cb), &unplug);
  run_job_full (job, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (unplug.moved);
  g_assert_true (unplug.saw_pause);
  g_assert_cmpstr (unplug.pause_message, ==, "Drive removed — plug it back in to continue");
  g_assert_false (ingest_validation_job_get_paused (job));
  /* nothing was lost to the removal: every file verified once */
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 6);
  g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_UNREADABLE), ==, 0);
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, ingest_validation_job_get_bytes_total (job));

  g_free (unplug.pause_message);
  ingest_test_rm_rf (parent);
}

/* In-process resume through the API: cancel, run again, count the bytes read. */
static void
cancel_after_results_cb (GListModel   *model,
                         guint         position,
                         guint         removed,
                         guint         added,
                         GCancellable *cancellable)
{
  if (g_list_model_get_n_items (model) >= 3)
    g_cancellable_cancel (cancellable);
}

static gboolean
slow_chunk (const char    *path,
            const guint8  *data,
            gsize          len,
            guint64        offset,
            gpointer       user_data,
            GError       **error)
{
  g_usleep (20 * 1000);   /* a slow drive */
  return TRUE;
}

static void
test_resume_api (void)
{
  g_autofree char *root = ingest_test_make_tmpdir ("validation");
  g_autofree char *state = ingest_test_make_tmpdir ("validation-state");
  g_autofree char *db = g_build_filename (state, "catalog.db", NULL);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  gboolean resumes = ingest_test_resumes_on (root);
  guint64 verified_first = 0;
  guint64 resumed_first;
  guint64 total = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *rel = g_strdup_printf ("R/C%02u.mov", i);

      write_random (root, rel, 64 * 1024, i);
      total += 64 * 1024;
    }
  seal_with_mhl (root, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_usleep (REUSE_WAIT_USEC);
  catalog = ingest_catalog_open (db, &error);
  g_assert_no_error (error);

  {
    g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GListModel) results = ingest_validation_job_list_results (job);

    ingest_validation_job_set_catalog (job, catalog);
    ingest_validation_job_set_n_threads (job, 1);
    ingest_test_add_sink (job, slow_chunk, NULL, NULL);
    g_signal_connect (results, "items-changed", G_CALLBACK (cancel_after_results_cb), cancellable);
    g_assert_false (run_job_full (job, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpint (ingest_validation_job_get_phase (job), ==, INGEST_VALIDATION_PHASE_CANCELLED);
    verified_first = count (job, INGEST_VALIDATION_STATUS_VERIFIED);
    g_assert_cmpuint (verified_first, >=, 3);
    g_assert_cmpuint (verified_first, <, 40);
  }
  {
    g_autoptr(IngestValidationJob) job = validate (root, catalog, NULL);
    g_autoptr(GListModel) results = ingest_validation_job_list_results (job);
    guint n_resumed = 0;

    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(IngestValidationResult) result = g_list_model_get_item (results, i);

        n_resumed += ingest_validation_result_get_resumed (result);
      }
    /* where the filesystem's times cannot tell an unchanged file, none is kept */
    resumed_first = resumes ? verified_first : 0;
    g_assert_cmpuint (n_resumed, ==, resumed_first);
    g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, resumed_first * 64 * 1024);
    g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, total - resumed_first * 64 * 1024);
    g_assert_cmpuint (count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 40);
    g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
  }
  {
    /* and without reuse, everything is read */
    g_autoptr(IngestValidationJob) job = ingest_validation_job_new (root);

    ingest_validation_job_set_catalog (job, catalog);
    ingest_validation_job_set_reuse_verified (job, FALSE);
    run_job_full (job, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_validation_job_get_bytes_done (job), ==, total);
    g_assert_cmpuint (ingest_validation_job_get_bytes_resumed (job), ==, 0);
  }

  g_assert_true (ingest_catalog_close (catalog, &error));
  g_assert_no_error (error);
  ingest_test_rm_rf (root);
  ingest_test_rm_rf (state);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validation/all-verified", test_all_verified);
  g_test_add_func ("/validation/problems", test_problems);
  g_test_add_func ("/validation/unreadable", test_unreadable);
  g_test_add_func ("/validation/legacy", test_legacy);
  g_test_add_func ("/validation/expected-file", test_expected_file);
  g_test_add_func ("/validation/disagreement", test_disagreement);
  g_test_add_func ("/validation/unverifiable-and-seal", test_unverifiable_and_seal);
  g_test_add_func ("/validation/nested", test_nested);
  g_test_add_func ("/validation/record", test_record);
  g_test_add_func ("/validation/record-one-read", test_record_one_read);
  g_test_add_func ("/validation/record-nested", test_record_nested);
  g_test_add_func ("/validation/chunk-hook", test_chunk_hook);
  g_test_add_func ("/validation/cli", test_cli);
  g_test_add_func ("/validation/resume-api", test_resume_api);
  g_test_add_func ("/validation/resume-after-kill", test_resume_after_kill);
  g_test_add_func ("/validation/resume-same-second", test_resume_same_second);
  g_test_add_func ("/validation/pause-when-removed", test_pause_when_removed);

  return g_test_run ();
}
