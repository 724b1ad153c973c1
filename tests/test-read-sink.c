/* test-read-sink.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The read sinks of a validation, the upload's typed outcomes. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-sink.h"
#include "ingest-test-util.h"

/*
 * IngestFileOutcome
 */

static IngestFileOutcome *
outcome_with (IngestValidationStatus     validation,
              const IngestDeliveryState *states,
              guint                      n)
{
  g_autoptr(GPtrArray) deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_delivery_free);

  for (guint i = 0; i < n; i++)
    {
      IngestDelivery *delivery = g_new0 (IngestDelivery, 1);

      delivery->destination = g_strdup_printf ("/mnt/nas%u", i);
      delivery->state = states[i];
      delivery->bytes_sent = 10 * (i + 1);
      delivery->bytes_resumed = i;
      g_ptr_array_add (deliveries, delivery);
    }
  return ingest_file_outcome_new ("A001/clip.mov", 100, validation, "xxh64", "0123456789abcdef", deliveries);
}

/* A file's state is the worst of its destinations': already delivered
 * only when every destination had it, verified when one got new bytes. */
static void
test_outcome_worst (void)
{
  const struct {
    IngestDeliveryState states[3];
    guint               n;
    IngestDeliveryState expected;
  } cases[] = {
    { { INGEST_DELIVERY_STATE_VERIFIED, INGEST_DELIVERY_STATE_VERIFIED }, 2, INGEST_DELIVERY_STATE_VERIFIED },
    { { INGEST_DELIVERY_STATE_ALREADY_DELIVERED, INGEST_DELIVERY_STATE_ALREADY_DELIVERED }, 2,
      INGEST_DELIVERY_STATE_ALREADY_DELIVERED },
    { { INGEST_DELIVERY_STATE_ALREADY_DELIVERED, INGEST_DELIVERY_STATE_VERIFIED }, 2, INGEST_DELIVERY_STATE_VERIFIED },
    { { INGEST_DELIVERY_STATE_VERIFIED, INGEST_DELIVERY_STATE_HELD }, 2, INGEST_DELIVERY_STATE_HELD },
    { { INGEST_DELIVERY_STATE_FAILED, INGEST_DELIVERY_STATE_HELD }, 2, INGEST_DELIVERY_STATE_FAILED },
    { { INGEST_DELIVERY_STATE_VERIFIED, INGEST_DELIVERY_STATE_ALREADY_DELIVERED, INGEST_DELIVERY_STATE_FAILED }, 3,
      INGEST_DELIVERY_STATE_FAILED },
    { { INGEST_DELIVERY_STATE_ALREADY_DELIVERED }, 1, INGEST_DELIVERY_STATE_ALREADY_DELIVERED },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(IngestFileOutcome) outcome = outcome_with (INGEST_VALIDATION_STATUS_VERIFIED,
                                                           cases[c].states, cases[c].n);

      g_assert_cmpint (ingest_file_outcome_get_state (outcome), ==, cases[c].expected);
      g_assert_cmpuint (ingest_file_outcome_get_n_deliveries (outcome), ==, cases[c].n);
      for (guint i = 0; i < cases[c].n; i++)
        g_assert_cmpint (ingest_file_outcome_get_delivery (outcome, i)->state, ==, cases[c].states[i]);
    }

  {
    const IngestDeliveryState states[] = { INGEST_DELIVERY_STATE_VERIFIED, INGEST_DELIVERY_STATE_FAILED };
    g_autoptr(IngestFileOutcome) outcome = outcome_with (INGEST_VALIDATION_STATUS_VERIFIED, states, 2);

    g_assert_cmpstr (ingest_file_outcome_get_path (outcome), ==, "A001/clip.mov");
    g_assert_cmpuint (ingest_file_outcome_get_size (outcome), ==, 100);
    g_assert_cmpstr (ingest_file_outcome_get_hash_kind (outcome), ==, "xxh64");
    g_assert_cmpstr (ingest_file_outcome_get_hash (outcome), ==, "0123456789abcdef");
    g_assert_cmpuint (ingest_file_outcome_get_bytes_sent (outcome), ==, 30);
    g_assert_cmpuint (ingest_file_outcome_get_bytes_resumed (outcome), ==, 1);
    g_assert_cmpstr (ingest_file_outcome_get_delivery (outcome, 1)->destination, ==, "/mnt/nas1");
  }

  /* No destination: the validation says it. */
  {
    g_autoptr(IngestFileOutcome) verified = outcome_with (INGEST_VALIDATION_STATUS_VERIFIED, NULL, 0);
    g_autoptr(IngestFileOutcome) mismatch = outcome_with (INGEST_VALIDATION_STATUS_MISMATCH, NULL, 0);

    g_assert_cmpint (ingest_file_outcome_get_state (verified), ==, INGEST_DELIVERY_STATE_VERIFIED);
    g_assert_cmpint (ingest_file_outcome_get_state (mismatch), ==, INGEST_DELIVERY_STATE_HELD);
  }

  g_assert_true (ingest_delivery_state_is_delivered (INGEST_DELIVERY_STATE_ALREADY_DELIVERED));
  g_assert_true (ingest_delivery_state_is_delivered (INGEST_DELIVERY_STATE_VERIFIED));
  g_assert_false (ingest_delivery_state_is_delivered (INGEST_DELIVERY_STATE_HELD));
  g_assert_false (ingest_delivery_state_is_delivered (INGEST_DELIVERY_STATE_FAILED));
  g_assert_cmpstr (ingest_delivery_state_to_string (INGEST_DELIVERY_STATE_ALREADY_DELIVERED), ==, "verified");
  g_assert_cmpstr (ingest_delivery_state_to_string (INGEST_DELIVERY_STATE_HELD), ==, "held");
  g_assert_cmpstr (ingest_delivery_state_to_string (INGEST_DELIVERY_STATE_FAILED), ==, "failed");
}

/* The boxed rows copy what they hold. */
static void
test_boxed_copies (void)
{
  IngestDelivery delivery = { (char *) "/nas", (char *) "/nas/a", INGEST_DELIVERY_STATE_FAILED, (char *) "refused",
                              INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS, 1, 2 };
  IngestHistoryOutcome history = { (char *) "A001", (char *) "/nas", (char *) "/nas/A001/ascmhl/", 3,
                                   INGEST_DELIVERY_STATE_VERIFIED, NULL };
  g_autoptr(IngestDelivery) delivery_copy = g_boxed_copy (INGEST_TYPE_DELIVERY, &delivery);
  g_autoptr(IngestHistoryOutcome) history_copy = g_boxed_copy (INGEST_TYPE_HISTORY_OUTCOME, &history);

  g_assert_true (delivery_copy->reason != delivery.reason);
  g_assert_cmpstr (delivery_copy->reason, ==, "refused");
  g_assert_cmpuint (delivery_copy->error_domain, ==, INGEST_UPLOAD_ERROR);
  g_assert_cmpint (delivery_copy->error_code, ==, INGEST_UPLOAD_ERROR_EXISTS);
  g_assert_cmpuint (delivery_copy->bytes_resumed, ==, 2);
  g_assert_cmpstr (history_copy->location, ==, "/nas/A001/ascmhl/");
  g_assert_cmpuint (history_copy->generation, ==, 3);
  g_assert_null (history_copy->reason);
}

/*
 * A read with two sinks
 */

static void
async_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
run_validation (IngestValidationJob  *job,
                GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ingest_validation_job_run_async (job, NULL, async_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ingest_validation_job_run_finish (job, result, error);
}

/* Both sinks get every byte of every file read, once, from the same read;
 * each hears one verdict per file, read or not (a missing one), and the
 * end once. */
static void
test_two_sinks (void)
{
  const gsize sizes[] = { 3 * 1024 * 1024 + 17, 70000, 1, 0 };
  g_autofree char *dir = ingest_test_make_tmpdir ("read-sink");
  g_autofree char *roll = g_build_filename (dir, "A001", NULL);
  g_autofree char *gone = g_build_filename (roll, "clip1.mov", NULL);
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (dir);
  g_autoptr(IngestReadSink) first = ingest_test_sink_new (NULL, NULL, NULL);
  g_autoptr(IngestReadSink) second = ingest_test_sink_new (NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 40);
  g_assert_cmpint (g_unlink (gone), ==, 0);   /* missing: a verdict, no read */
  ingest_validation_job_set_n_threads (job, 2);
  ingest_validation_job_add_sink (job, first);
  ingest_validation_job_add_sink (job, second);
  g_assert_true (run_validation (job, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_validation_job_get_count (job, INGEST_VALIDATION_STATUS_MISSING), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("A001/clip%u.mov", i);
      g_autofree char *file = g_build_filename (dir, path, NULL);
      g_autofree char *expected = i == 1 ? NULL : ingest_test_xxh64_of_file (file);
      g_autofree char *tool = i == 1 || !ingest_test_have_program ("xxhsum") ? NULL
                            : ingest_test_tool_hash ("xxhsum", "-H1", file);
      g_autofree char *got_first = ingest_test_sink_dup_xxh64 (INGEST_TEST_SINK (first), path);
      g_autofree char *got_second = ingest_test_sink_dup_xxh64 (INGEST_TEST_SINK (second), path);

      g_assert_cmpuint (ingest_test_sink_get_n_verdicts (INGEST_TEST_SINK (first), path), ==, 1);
      g_assert_cmpuint (ingest_test_sink_get_n_verdicts (INGEST_TEST_SINK (second), path), ==, 1);
      g_assert_cmpuint (ingest_test_sink_get_n_begun (INGEST_TEST_SINK (first), path), ==, i == 1 ? 0 : 1);
      g_assert_cmpstr (got_first, ==, expected);
      g_assert_cmpstr (got_second, ==, expected);
      if (tool != NULL)
        g_assert_cmpstr (got_first, ==, tool);
    }
  g_assert_cmpuint (ingest_test_sink_get_n_ends (INGEST_TEST_SINK (first)), ==, 1);
  g_assert_cmpuint (ingest_test_sink_get_n_ends (INGEST_TEST_SINK (second)), ==, 1);

  ingest_test_rm_rf (dir);
}

/* A sink that fails a chunk gives up that file alone: the validation and
 * the other sink go on, and the file verifies. */
static gboolean
refuse_chunk (const char    *path,
              const guint8  *data,
              gsize          len,
              guint64        offset,
              gpointer       user_data,
              GError       **error)
{
  if (g_str_has_suffix (path, "clip0.mov"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "no space left");
      return FALSE;
    }
  return TRUE;
}

static void
test_sink_fails (void)
{
  const gsize sizes[] = { 2 * 1024 * 1024 + 5, 1000 };
  g_autofree char *dir = ingest_test_make_tmpdir ("read-sink");
  g_autofree char *roll = g_build_filename (dir, "A001", NULL);
  g_autofree char *clip0 = g_build_filename (roll, "clip0.mov", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autoptr(IngestValidationJob) job = ingest_validation_job_new (dir);
  g_autoptr(IngestReadSink) failing = ingest_test_sink_new (refuse_chunk, NULL, NULL);
  g_autoptr(IngestReadSink) other = ingest_test_sink_new (NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 7);
  ingest_validation_job_add_sink (job, failing);
  ingest_validation_job_add_sink (job, other);
  g_assert_true (run_validation (job, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ingest_validation_job_get_count (job, INGEST_VALIDATION_STATUS_VERIFIED), ==, 2);
  g_assert_cmpint (ingest_validation_job_get_verdict (job), ==, INGEST_VALIDATION_VERDICT_OK);
  expected = ingest_test_xxh64_of_file (clip0);
  got = ingest_test_sink_dup_xxh64 (INGEST_TEST_SINK (other), "A001/clip0.mov");
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (ingest_test_sink_get_n_verdicts (INGEST_TEST_SINK (failing), "A001/clip0.mov"), ==, 1);

  ingest_test_rm_rf (dir);
}

/*
 * The upload's file outcomes
 */

typedef struct
{
  GHashTable *outcomes;   /* path → number of "file-outcome" */
  guint       n_deliveries_wrong;
  guint       n_histories;
} Outcomes;

static void
file_outcome_cb (IngestUploadJob   *job,
                 IngestFileOutcome *outcome,
                 Outcomes          *outcomes)
{
  const char *path = ingest_file_outcome_get_path (outcome);

  g_hash_table_insert (outcomes->outcomes, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (outcomes->outcomes, path)) + 1));
  if (ingest_file_outcome_get_n_deliveries (outcome) != 2)
    outcomes->n_deliveries_wrong++;
  for (guint i = 0; i < ingest_file_outcome_get_n_deliveries (outcome); i++)
    g_assert_true (ingest_delivery_state_is_delivered (ingest_file_outcome_get_delivery (outcome, i)->state));
  g_assert_true (ingest_delivery_state_is_delivered (ingest_file_outcome_get_state (outcome)));
  g_assert_cmpstr (ingest_file_outcome_get_hash_kind (outcome), ==, "xxh64");
  g_assert_nonnull (ingest_file_outcome_get_hash (outcome));
}

static void
history_outcome_cb (IngestUploadJob            *job,
                    const IngestHistoryOutcome *outcome,
                    Outcomes                   *outcomes)
{
  g_assert_cmpint (outcome->state, ==, INGEST_DELIVERY_STATE_VERIFIED);
  outcomes->n_histories++;
}

static gboolean
run_upload (IngestUploadJob  *job,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ingest_upload_job_run_async (job, NULL, async_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ingest_upload_job_run_finish (job, result, error);
}

/* Two folder destinations: "file-outcome" once per file, with a row for
 * each; a second sink on the same read (ingest_upload_job_new_for_validation)
 * gets every byte too. */
static void
test_upload_outcome_once (void)
{
  const gsize sizes[] = { 1500000, 4096, 0, 333 };
  g_autofree char *dir = ingest_test_make_tmpdir ("read-sink-upload");
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *nas1 = g_build_filename (dir, "nas1", NULL);
  g_autofree char *nas2 = g_build_filename (dir, "nas2", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestFolderDestination) first = NULL;
  g_autoptr(IngestFolderDestination) second = NULL;
  g_autoptr(IngestValidationJob) read = NULL;
  g_autoptr(IngestReadSink) tap = ingest_test_sink_new (NULL, NULL, NULL);
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Outcomes outcomes = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0, 0 };

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 90);
  g_assert_cmpint (g_mkdir (nas1, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (nas2, 0755), ==, 0);
  catalog = ingest_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  first = ingest_folder_destination_new (nas1, catalog);
  second = ingest_folder_destination_new (nas2, catalog);

  read = ingest_validation_job_new (drive);
  job = ingest_upload_job_new_for_validation (read);
  g_assert_true (ingest_upload_job_get_validation (job) == read);
  ingest_validation_job_add_sink (read, tap);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (first));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (second));
  ingest_upload_job_set_n_threads (job, 2);
  g_signal_connect (job, "file-outcome", G_CALLBACK (file_outcome_cb), &outcomes);
  g_signal_connect (job, "history-outcome", G_CALLBACK (history_outcome_cb), &outcomes);
  g_assert_true (run_upload (job, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_hash_table_size (outcomes.outcomes), ==, G_N_ELEMENTS (sizes));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("A001/clip%u.mov", i);
      g_autofree char *source = g_build_filename (drive, path, NULL);
      g_autofree char *expected = ingest_test_xxh64_of_file (source);
      g_autofree char *tapped = ingest_test_sink_dup_xxh64 (INGEST_TEST_SINK (tap), path);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (outcomes.outcomes, path)), ==, 1);
      g_assert_cmpstr (tapped, ==, expected);
    }
  g_assert_cmpuint (outcomes.n_deliveries_wrong, ==, 0);
  g_assert_cmpuint (outcomes.n_histories, ==, 2);   /* one roll, two destinations */
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 0);

  g_hash_table_unref (outcomes.outcomes);
  ingest_test_rm_rf (dir);
}

static void
refused_outcome_cb (IngestUploadJob    *job,
                    IngestFileOutcome  *outcome,
                    IngestFileOutcome **refused)
{
  if (g_str_equal (ingest_file_outcome_get_path (outcome), "A001/clip0.mov"))
    g_set_object (refused, outcome);
}

/* A destination that holds a different file at the same name refuses it:
 * the row says so as data (the error's domain and code), not as words. */
static void
test_upload_refused (void)
{
  const gsize sizes[] = { 5000, 6000 };
  g_autofree char *dir = ingest_test_make_tmpdir ("read-sink-refused");
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autofree char *taken_dir = g_build_filename (nas, "A001", NULL);
  g_autofree char *taken = g_build_filename (taken_dir, "clip0.mov", NULL);
  g_autoptr(IngestFolderDestination) destination = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(IngestFileOutcome) refused = NULL;
  g_autoptr(GError) error = NULL;
  const IngestDelivery *delivery;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 11);
  g_assert_cmpint (g_mkdir_with_parents (taken_dir, 0755), ==, 0);
  ingest_test_write_file (taken, "someone else's clip", strlen ("someone else's clip"));
  destination = ingest_folder_destination_new (nas, NULL);

  job = ingest_upload_job_new (drive);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (destination));
  ingest_upload_job_set_upload_history (job, FALSE);
  g_signal_connect (job, "file-outcome", G_CALLBACK (refused_outcome_cb), &refused);
  g_assert_false (run_upload (job, &error));
  g_assert_no_error (error);

  g_assert_nonnull (refused);
  g_assert_cmpint (ingest_file_outcome_get_state (refused), ==, INGEST_DELIVERY_STATE_FAILED);
  g_assert_cmpint (ingest_file_outcome_get_validation (refused), ==, INGEST_VALIDATION_STATUS_VERIFIED);
  delivery = ingest_file_outcome_get_delivery (refused, 0);
  g_assert_cmpint (delivery->state, ==, INGEST_DELIVERY_STATE_FAILED);
  g_assert_cmpuint (delivery->error_domain, ==, INGEST_UPLOAD_ERROR);
  g_assert_cmpint (delivery->error_code, ==, INGEST_UPLOAD_ERROR_EXISTS);
  g_assert_nonnull (delivery->reason);
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, 1);
  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 1);

  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/read-sink/outcome/worst", test_outcome_worst);
  g_test_add_func ("/read-sink/outcome/boxed", test_boxed_copies);
  g_test_add_func ("/read-sink/two-sinks", test_two_sinks);
  g_test_add_func ("/read-sink/sink-fails", test_sink_fails);
  g_test_add_func ("/read-sink/upload/outcome-once", test_upload_outcome_once);
  g_test_add_func ("/read-sink/upload/refused", test_upload_refused);
  return g_test_run ();
}
