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

/* Validating a drive against its ASC MHL histories and expected lists:
 * verdicts, problems, legacy MHL, nested histories, the chunk hook.
 * Recording and the CLI: test-validation-record.c; resuming and pausing:
 * test-validation-resume.c. */

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
#include "test-validation-common.h"

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
  g_test_add_func ("/validation/chunk-hook", test_chunk_hook);

  return g_test_run ();
}
