/* test-proxy-delivery.c
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

/* A roll's proxy folder delivered to a folder and to a real Ceph RGW: its
 * own ASC MHL history (a generation per delivery) verifies there with our
 * verifier, the files' hashes match xxhsum and md5sum, the keys follow the
 * template, and a second delivery sends only the new proxy. */

#include <string.h>

#include <glib/gstdio.h>

#include <ingest.h>

#include "ingest-rgw-harness.h"
#include "ingest-test-util.h"

/* One Ceph RGW for the whole binary. */
static IngestRgw *rgw;
static char *bucket;

/* What the maker leaves in a roll's folder: per clip a movie, a poster, a
 * filmstrip and the sidecar that must not go; any bytes will do. */
static void
make_clip (const char *folder,
           const char *clip,
           guint32     seed)
{
  static const struct { const char *suffix; gsize size; } files[] = {
    { ".mov", 300 * 1024 + 17 },
    { ".poster.jpg", 20 * 1024 + 3 },
    { ".filmstrip.jpg", 60 * 1024 + 9 },
  };
  g_autofree char *sidecar = g_strdup_printf ("%s/%s.proxy.json", folder, clip);
  g_autofree char *json = g_strdup_printf ("{\"clip\": \"%s\", \"seed\": %u}\n", clip, seed);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s%s", folder, clip, files[i].suffix);

      ingest_test_write_random_file (path, files[i].size, seed + i);
    }
  g_assert_true (g_file_set_contents (sidecar, json, -1, NULL));
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Runs @delivery to its end; returns what run_finish() said. */
static gboolean
run_delivery (IngestProxyDelivery  *delivery,
              GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ingest_proxy_delivery_run_async (delivery, NULL, store_result_cb, &result);
  ingest_test_wait_until (have_result, &result, 60000);
  return ingest_proxy_delivery_run_finish (delivery, result, error);
}

/* Our verifier over @folder: every file verified, nothing missing, new or
 * failed; returns how many files it verified. */
static guint
verify_folder (const char *folder)
{
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (folder, INGEST_MHL_OPERATION_VERIFY);
  g_autoptr(GError) error = NULL;

  ingest_mhl_verifier_set_directory_hashes (verifier, TRUE);
  g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_FAILED), ==, 0);
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_MISSING), ==, 0);
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_NEW), ==, 0);
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_DIRECTORY_FAILED), ==, 0);
  return ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_VERIFIED);
}

/* The deliverables of @folder (sorted names): what the history records;
 * hidden names are the maker's partial files. */
static GPtrArray *
list_deliverables (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && (g_str_has_suffix (name, ".mov") || g_str_has_suffix (name, ".poster.jpg") ||
        g_str_has_suffix (name, ".filmstrip.jpg")))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, ingest_test_compare_strings);
  return names;
}

/* Each deliverable of @local is at @copy, its xxh64 (xxhsum) the one the
 * history of @copy recorded and its bytes the same (md5sum); the sidecar
 * never went. */
static void
assert_copy_matches (const char *local,
                     const char *copy)
{
  g_autoptr(GPtrArray) names = list_deliverables (local);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  history = ingest_mhl_history_load (copy, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *ours = g_build_filename (local, file, NULL);
      g_autofree char *theirs = g_build_filename (copy, file, NULL);
      g_autofree char *xxh_ours = ingest_test_tool_hash ("xxhsum", "-H1", ours);
      g_autofree char *xxh_theirs = ingest_test_tool_hash ("xxhsum", "-H1", theirs);
      g_autofree char *md5_ours = ingest_test_tool_hash ("md5sum", NULL, ours);
      g_autofree char *md5_theirs = ingest_test_tool_hash ("md5sum", NULL, theirs);
      const IngestMhlRecord *record = ingest_mhl_history_lookup (history, file);

      g_assert_cmpstr (xxh_theirs, ==, xxh_ours);
      g_assert_cmpstr (md5_theirs, ==, md5_ours);
      g_assert_nonnull (record);
      g_assert_cmpstr (record->reference[INGEST_HASH_XXH64], ==, xxh_ours);
      g_assert_nonnull (record->reference[INGEST_HASH_XXH128]);
    }

  /* Nothing else: no sidecar, no temporary file. */
  dir = g_dir_open (copy, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_true (g_str_equal (name, "ascmhl") || g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL));
}

/* The history at @folder validates against the ASC MHL schemas (xmllint). */
static void
assert_schema_valid (const char *folder)
{
  g_autofree char *ascmhl = g_build_filename (folder, "ascmhl", NULL);
  g_autoptr(GDir) dir = g_dir_open (ascmhl, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ascmhl, name, NULL);

      ingest_test_assert_valid_mhl_xml (path, g_str_equal (name, "ascmhl_chain.xml") ? "ASCMHLDirectory__combined.xsd"
                                                                                    : "ASCMHL.xsd");
      n++;
    }
  g_assert_cmpuint (n, >=, 2);
}

static guint
chain_length (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "ascmhl", "ascmhl_chain.xml", NULL);
  g_autoptr(IngestMhlChain) chain = NULL;
  g_autoptr(GError) error = NULL;

  chain = ingest_mhl_chain_new_from_file (path, &error);
  g_assert_no_error (error);
  return ingest_mhl_chain_get_n_entries (chain);
}

static const IngestFileOutcome *
find_outcome (IngestProxyDelivery *delivery,
              const char          *path)
{
  GPtrArray *outcomes = ingest_proxy_delivery_get_file_outcomes (delivery);

  for (guint i = 0; i < outcomes->len; i++)
    if (g_str_equal (ingest_file_outcome_get_path (g_ptr_array_index (outcomes, i)), path))
      return g_ptr_array_index (outcomes, i);
  return NULL;
}

static void
assert_history_outcome (IngestProxyDelivery *delivery,
                        guint                generation,
                        const char          *location)
{
  GPtrArray *outcomes = ingest_proxy_delivery_get_history_outcomes (delivery);
  const IngestHistoryOutcome *outcome;

  g_assert_cmpuint (outcomes->len, ==, 1);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_cmpint (outcome->state, ==, INGEST_DELIVERY_STATE_VERIFIED);
  g_assert_cmpuint (outcome->generation, ==, generation);
  if (location != NULL)
    g_assert_cmpstr (outcome->location, ==, location);
}

/* Every deliverable's copy is journaled as verified in the catalog, at its
 * templated key: what lets a later run skip it (and resume a cut one). */
static void
assert_journaled (IngestCatalog       *catalog,
                  const char          *uri,
                  IngestProxyDelivery *delivery,
                  const char          *folder)
{
  g_autoptr(GPtrArray) names = list_deliverables (folder);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = ingest_proxy_delivery_dup_key (delivery, g_ptr_array_index (names, i), &error);
      g_autoptr(IngestUploadRecord) record = NULL;

      g_assert_no_error (error);
      record = ingest_upload_journal_find (catalog, uri, key, TRUE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (record);
      g_assert_cmpstr (record->state, ==, "verified");
      g_assert_cmpstr (record->expected_hash_kind, ==, "xxh64");
    }
}

static void
phase_cb (IngestProxyDelivery *delivery,
          GParamSpec          *pspec,
          GString             *phases)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (INGEST_TYPE_PROXY_DELIVERY_PHASE);

  g_string_append_printf (phases, "%s%s", phases->len > 0 ? " " : "",
                          g_enum_get_value (klass, ingest_proxy_delivery_get_phase (delivery))->value_nick);
}

static void
count_outcome_cb (IngestProxyDelivery *delivery,
                  IngestFileOutcome   *outcome,
                  guint               *n)
{
  g_assert_true (INGEST_IS_FILE_OUTCOME (outcome));
  (*n)++;
}

/* What the folder tests start from: a private folder holding a roll's
 * proxy folder where the stage puts it, a catalog, and a NAS folder as the
 * one destination. */
typedef struct
{
  char          *dir;
  char          *folder;
  char          *nas;
  IngestCatalog *catalog;
  GPtrArray     *destinations;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = ingest_test_make_tmpdir ("proxy-delivery");
  f->folder = g_build_filename (f->dir, "catalog", "proxies", "0b9f21", "A001", NULL);
  f->nas = g_build_filename (f->dir, "nas", NULL);
  f->catalog = ingest_test_open_catalog (f->dir);
  f->destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_assert_cmpint (g_mkdir_with_parents (f->nas, 0755), ==, 0);
  g_ptr_array_add (f->destinations, ingest_folder_destination_new (f->nas, f->catalog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->destinations, g_ptr_array_unref);
  g_clear_object (&f->catalog);
  ingest_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->folder);
  g_free (f->nas);
}

/* A delivery of @folder made and run to its end; @complete: whether the
 * run must say everything went (else that something did not). */
static IngestProxyDelivery *
deliver (const char *folder,
         GPtrArray  *destinations,
         const char *template,
         const char *production,
         const char *shoot_day,
         const char *roll,
         gboolean    complete)
{
  g_autoptr(IngestProxyDelivery) delivery = NULL;
  g_autoptr(GError) error = NULL;

  delivery = ingest_proxy_delivery_new (folder, destinations, template, production, shoot_day, roll, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_delivery (delivery, &error), ==, complete);
  g_assert_no_error (error);
  return g_steal_pointer (&delivery);
}

/*
 * A folder destination
 */

static void
test_folder (Fixture       *f,
             gconstpointer  data)
{
  const char *folder = f->folder;
  g_autofree char *copy = g_build_filename (f->nas, "Feature X", "D012", "proxies", "A001", NULL);
  g_autofree char *copy_history = g_strconcat (copy, "/ascmhl/", NULL);
  g_autofree char *new_proxy = g_build_filename (folder, "A001C003.mov", NULL);
  g_autofree char *partial = g_build_filename (folder, ".A001C004.partial.mov", NULL);
  g_autoptr(IngestProxyDelivery) first = NULL;
  g_autoptr(IngestProxyDelivery) second = NULL;
  g_autoptr(IngestProxyDelivery) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GString) phases = g_string_new (NULL);
  guint n_signalled = 0;
  const IngestFileOutcome *outcome;

  make_clip (folder, "A001C001", 1);
  make_clip (folder, "A001C002", 10);
  /* The maker's partial file of a clip still being made: never goes. */
  ingest_test_write_random_file (partial, 4096, 77);

  first = ingest_proxy_delivery_new (folder, f->destinations, NULL, "Feature X", "D012", "A001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_proxy_delivery_get_folder_key (first), ==, "Feature X/D012/proxies/A001");
  key = ingest_proxy_delivery_dup_key (first, "A001C001.poster.jpg", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "Feature X/D012/proxies/A001/A001C001.poster.jpg");

  g_signal_connect (first, "notify::phase", G_CALLBACK (phase_cb), phases);
  g_signal_connect (first, "file-outcome", G_CALLBACK (count_outcome_cb), &n_signalled);
  g_assert_true (run_delivery (first, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (phases->str, ==, "recording uploading history done");
  g_assert_cmpuint (n_signalled, ==, 6);
  g_assert_cmpuint (ingest_proxy_delivery_get_generation (first), ==, 1);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (first), ==, 6);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_already_delivered (first), ==, 0);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_failed (first), ==, 0);
  g_assert_cmpuint (ingest_proxy_delivery_get_file_outcomes (first)->len, ==, 6);
  assert_history_outcome (first, 1, copy_history);

  /* The copy's location is the templated key at the destination. */
  outcome = find_outcome (first, "A001C002.filmstrip.jpg");
  g_assert_nonnull (outcome);
  {
    g_autofree char *expected = g_build_filename (copy, "A001C002.filmstrip.jpg", NULL);

    g_assert_cmpstr (ingest_file_outcome_get_delivery ((IngestFileOutcome *) outcome, 0)->location, ==, expected);
  }

  g_assert_cmpuint (verify_folder (copy), ==, 6);
  assert_copy_matches (folder, copy);
  g_assert_cmpuint (chain_length (copy), ==, 1);
  assert_journaled (f->catalog, f->nas, first, folder);
  /* The local history is the one delivered: one generation. */
  g_assert_cmpuint (chain_length (folder), ==, 1);

  /* One more proxy: generation 2, and only it goes. */
  ingest_test_write_random_file (new_proxy, 128 * 1024 + 5, 99);
  second = deliver (folder, f->destinations, NULL, "Feature X", "D012", "A001", TRUE);
  g_assert_cmpuint (ingest_proxy_delivery_get_generation (second), ==, 2);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (second), ==, 1);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_already_delivered (second), ==, 6);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_failed (second), ==, 0);
  outcome = find_outcome (second, "A001C003.mov");
  g_assert_nonnull (outcome);
  g_assert_cmpint (ingest_file_outcome_get_state ((IngestFileOutcome *) outcome), ==, INGEST_DELIVERY_STATE_VERIFIED);
  g_assert_cmpuint (ingest_file_outcome_get_bytes_sent ((IngestFileOutcome *) outcome), ==, 128 * 1024 + 5);
  outcome = find_outcome (second, "A001C001.mov");
  g_assert_cmpint (ingest_file_outcome_get_state ((IngestFileOutcome *) outcome), ==, INGEST_DELIVERY_STATE_ALREADY_DELIVERED);
  g_assert_cmpuint (ingest_file_outcome_get_bytes_sent ((IngestFileOutcome *) outcome), ==, 0);
  assert_history_outcome (second, 2, copy_history);

  g_assert_cmpuint (verify_folder (copy), ==, 7);
  assert_copy_matches (folder, copy);
  g_assert_cmpuint (chain_length (copy), ==, 2);
  assert_schema_valid (copy);
  g_assert_true (ingest_proxy_delivery_get_recorded (second));

  /* Nothing new: the upload is checked again, the history does not grow. */
  third = deliver (folder, f->destinations, NULL, "Feature X", "D012", "A001", TRUE);
  g_assert_false (ingest_proxy_delivery_get_recorded (third));
  g_assert_cmpuint (ingest_proxy_delivery_get_generation (third), ==, 2);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (third), ==, 0);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_already_delivered (third), ==, 7);
  assert_history_outcome (third, 2, copy_history);
  g_assert_cmpuint (chain_length (folder), ==, 2);
  g_assert_cmpuint (chain_length (copy), ==, 2);
  g_assert_cmpuint (verify_folder (copy), ==, 7);
}

/* A template whose last component renames the files would leave a copy
 * whose history names files that are not there: refused when made. */
static void
test_template_refused (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("proxy-delivery-template");
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IngestProxyDelivery) renamed = NULL;
  g_autoptr(IngestProxyDelivery) unknown = NULL;
  g_autoptr(IngestProxyDelivery) flat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_ptr_array_add (destinations, ingest_folder_destination_new (dir, NULL));
  renamed = ingest_proxy_delivery_new (dir, destinations, "{roll}/{clip}_proxy.mov", NULL, NULL, "A001", &error);
  g_assert_null (renamed);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_clear_error (&error);
  unknown = ingest_proxy_delivery_new (dir, destinations, "{drive}/{roll}/{path}", NULL, NULL, "A001", &error);
  g_assert_null (unknown);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_clear_error (&error);

  /* Values left empty drop their folders; {path} keeps every name. */
  flat = ingest_proxy_delivery_new (dir, destinations, "{production}/{shoot-day}/{roll}/{path}", "", NULL, "B002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_proxy_delivery_get_folder_key (flat), ==, "B002");
  key = ingest_proxy_delivery_dup_key (flat, "ascmhl/ascmhl_chain.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "B002/ascmhl/ascmhl_chain.xml");

  /* A session's upload stage says where its proxies go. */
  {
    const char *values[] = { "production", "Feature X", "shoot-day", "D012", NULL };
    g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new (NULL, values, &error);
    g_autoptr(IngestSessionStage) stage = NULL;
    g_autoptr(IngestProxyDelivery) from_stage = NULL;
    IngestKeyTemplate *used;

    g_assert_no_error (error);
    stage = ingest_upload_stage_new (destinations, layout);
    used = ingest_upload_stage_get_key_template (INGEST_UPLOAD_STAGE (stage));
    g_assert_true (used == layout);
    g_assert_true (g_ptr_array_index (ingest_upload_stage_get_destinations (INGEST_UPLOAD_STAGE (stage)), 0) ==
                   g_ptr_array_index (destinations, 0));
    from_stage = ingest_proxy_delivery_new (dir, ingest_upload_stage_get_destinations (INGEST_UPLOAD_STAGE (stage)), NULL,
                                            ingest_key_template_get_variable (used, "production"),
                                            ingest_key_template_get_variable (used, "shoot-day"), "A001", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ingest_proxy_delivery_get_folder_key (from_stage), ==, "Feature X/D012/proxies/A001");
  }

  ingest_test_rm_rf (dir);
}

/* Two destinations, one of which already holds a different file at a
 * proxy's key: it gets every other proxy but not the history (which would
 * list a file it does not have); the other gets everything. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  const char *folder = f->folder;
  g_autofree char *taken = g_build_filename (f->dir, "taken", NULL);
  g_autofree char *clean_copy = g_build_filename (f->nas, "D012", "proxies", "A001", NULL);
  g_autofree char *taken_copy = g_build_filename (taken, "D012", "proxies", "A001", NULL);
  g_autofree char *squatter = g_build_filename (taken_copy, "A001C001.mov", NULL);
  g_autofree char *taken_history = g_build_filename (taken_copy, "ascmhl", NULL);
  g_autoptr(IngestProxyDelivery) delivery = NULL;
  GPtrArray *histories;
  const IngestHistoryOutcome *refused;
  const IngestFileOutcome *outcome;

  make_clip (folder, "A001C001", 1);
  make_clip (folder, "A001C002", 10);
  g_assert_cmpint (g_mkdir_with_parents (taken_copy, 0755), ==, 0);
  ingest_test_write_random_file (squatter, 1000, 7);
  g_ptr_array_add (f->destinations, ingest_folder_destination_new (taken, f->catalog));

  delivery = deliver (folder, f->destinations, NULL, NULL, "D012", "A001", FALSE);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_failed (delivery), ==, 1);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (delivery), ==, 5);
  outcome = find_outcome (delivery, "A001C001.mov");
  g_assert_cmpint (ingest_file_outcome_get_state ((IngestFileOutcome *) outcome), ==, INGEST_DELIVERY_STATE_FAILED);
  g_assert_cmpint (ingest_file_outcome_get_delivery ((IngestFileOutcome *) outcome, 1)->error_code, ==,
                   INGEST_UPLOAD_ERROR_EXISTS);

  histories = ingest_proxy_delivery_get_history_outcomes (delivery);
  g_assert_cmpuint (histories->len, ==, 2);
  g_assert_cmpint (((IngestHistoryOutcome *) g_ptr_array_index (histories, 0))->state, ==, INGEST_DELIVERY_STATE_VERIFIED);
  g_assert_cmpuint (((IngestHistoryOutcome *) g_ptr_array_index (histories, 0))->generation, ==, 1);
  refused = g_ptr_array_index (histories, 1);
  g_assert_cmpint (refused->state, ==, INGEST_DELIVERY_STATE_FAILED);
  g_assert_cmpuint (refused->generation, ==, 0);
  g_assert_nonnull (strstr (refused->reason, "1 proxy was not delivered"));

  g_assert_cmpuint (verify_folder (clean_copy), ==, 6);
  assert_copy_matches (folder, clean_copy);
  g_assert_false (g_file_test (taken_history, G_FILE_TEST_EXISTS));
  /* The file that was there is untouched. */
  g_assert_cmpint (g_file_test (squatter, G_FILE_TEST_IS_REGULAR), ==, TRUE);
  {
    g_autoptr(GBytes) bytes = ingest_test_read_bytes (squatter);

    g_assert_cmpuint (g_bytes_get_size (bytes), ==, 1000);
  }
}

/* Cancelled before it could do anything: a cancellation error, nothing at
 * the destination; the next run delivers everything. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  const char *folder = f->folder;
  GPtrArray *destinations = f->destinations;
  g_autofree char *copy = g_build_filename (f->nas, "A001", NULL);
  g_autofree char *ascmhl = g_build_filename (folder, "ascmhl", NULL);
  g_autofree char *orphan = g_build_filename (ascmhl, "0001_A001_2026-12-07_120000Z.mhl", NULL);
  g_autofree char *chain = g_build_filename (ascmhl, "ascmhl_chain.xml", NULL);
  g_autoptr(IngestProxyDelivery) cancelled = NULL;
  g_autoptr(IngestProxyDelivery) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  make_clip (folder, "A001C001", 1);

  cancelled = ingest_proxy_delivery_new (folder, destinations, "{roll}/{path}", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ingest_proxy_delivery_run_async (cancelled, cancellable, store_result_cb, &result);
  /* One delivery of a folder at a time. */
  {
    g_autoptr(IngestProxyDelivery) twin = ingest_proxy_delivery_new (folder, destinations, NULL, NULL, NULL, NULL, NULL);
    g_autoptr(GAsyncResult) busy = NULL;

    ingest_proxy_delivery_run_async (twin, NULL, store_result_cb, &busy);
    ingest_test_wait_until (have_result, &busy, 10000);
    g_assert_false (ingest_proxy_delivery_run_finish (twin, busy, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
    g_clear_error (&error);
  }
  g_cancellable_cancel (cancellable);
  ingest_test_wait_until (have_result, &result, 60000);
  g_assert_false (ingest_proxy_delivery_run_finish (cancelled, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (ingest_proxy_delivery_get_phase (cancelled), ==, INGEST_PROXY_DELIVERY_PHASE_FAILED);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));

  /* What a seal cut short between its manifest and its chain leaves (or
   * a kill -9 there): a manifest no chain lists. It goes; the run works. */
  g_assert_cmpint (g_mkdir_with_parents (ascmhl, 0755), ==, 0);
  g_assert_true (g_file_set_contents (orphan, "<hashlist/>", -1, NULL));
  if (g_file_test (chain, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_unlink (chain), ==, 0);

  /* The roll's name defaults to the folder's. */
  again = deliver (folder, destinations, "{roll}/{path}", NULL, NULL, NULL, TRUE);
  g_assert_cmpstr (ingest_proxy_delivery_get_folder_key (again), ==, "A001");
  g_assert_cmpuint (verify_folder (copy), ==, 3);
  assert_copy_matches (folder, copy);
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (chain_length (copy), ==, 1);
}

/* A proxy made again with other bytes under the same name (the preset
 * changed): the history keeps what it recorded, so it is held, with why;
 * the destination keeps the copy it had. */
static void
test_remade (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->nas, "A001", NULL);
  g_autofree char *movie = g_build_filename (f->folder, "A001C001.mov", NULL);
  g_autoptr(IngestProxyDelivery) first = NULL;
  g_autoptr(IngestProxyDelivery) second = NULL;
  const IngestFileOutcome *outcome;
  const IngestHistoryOutcome *history;

  make_clip (f->folder, "A001C001", 1);
  first = deliver (f->folder, f->destinations, "{roll}/{path}", NULL, NULL, NULL, TRUE);

  ingest_test_write_random_file (movie, 5000, 1234);
  second = deliver (f->folder, f->destinations, "{roll}/{path}", NULL, NULL, NULL, FALSE);
  g_assert_cmpuint (ingest_proxy_delivery_get_generation (second), ==, 2);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_failed (second), ==, 1);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_already_delivered (second), ==, 2);
  outcome = find_outcome (second, "A001C001.mov");
  g_assert_cmpint (ingest_file_outcome_get_state ((IngestFileOutcome *) outcome), ==, INGEST_DELIVERY_STATE_HELD);
  g_assert_cmpint (ingest_file_outcome_get_validation ((IngestFileOutcome *) outcome), ==, INGEST_VALIDATION_STATUS_MISMATCH);
  history = g_ptr_array_index (ingest_proxy_delivery_get_history_outcomes (second), 0);
  g_assert_cmpint (history->state, ==, INGEST_DELIVERY_STATE_FAILED);
  g_assert_cmpuint (history->generation, ==, 0);

  /* The destination is as the first delivery left it, and verifies. */
  g_assert_cmpuint (chain_length (copy), ==, 1);
  g_assert_cmpuint (verify_folder (copy), ==, 3);
  {
    g_autofree char *theirs = g_build_filename (copy, "A001C001.mov", NULL);
    g_autoptr(GBytes) bytes = ingest_test_read_bytes (theirs);

    g_assert_cmpuint (g_bytes_get_size (bytes), ==, 300 * 1024 + 17);
  }
}

/* The maker finishes a proxy while the roll is being delivered, after the
 * generation was written: it is left for the next delivery (deferred, not
 * failed), the history still goes, and the next delivery sends it. */
static void
make_late_proxy_cb (IngestProxyDelivery *delivery,
                    GParamSpec          *pspec,
                    const char          *path)
{
  if (ingest_proxy_delivery_get_phase (delivery) == INGEST_PROXY_DELIVERY_PHASE_UPLOADING)
    ingest_test_write_random_file (path, 70000, 55);
}

static void
test_late_proxy (Fixture       *f,
                 gconstpointer  data)
{
  const char *folder = f->folder;
  g_autofree char *copy = g_build_filename (f->nas, "A001", NULL);
  g_autofree char *late = g_build_filename (folder, "A001C009.mov", NULL);
  g_autofree char *late_copy = g_build_filename (copy, "A001C009.mov", NULL);
  g_autoptr(IngestProxyDelivery) first = NULL;
  g_autoptr(IngestProxyDelivery) second = NULL;
  g_autoptr(GError) error = NULL;
  const IngestFileOutcome *outcome;

  make_clip (folder, "A001C001", 1);

  first = ingest_proxy_delivery_new (folder, f->destinations, "{roll}/{path}", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (first, "notify::phase", G_CALLBACK (make_late_proxy_cb), late);
  g_assert_true (run_delivery (first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (first), ==, 3);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_deferred (first), ==, 1);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_failed (first), ==, 0);
  outcome = find_outcome (first, "A001C009.mov");
  g_assert_nonnull (outcome);
  g_assert_cmpint (ingest_file_outcome_get_validation ((IngestFileOutcome *) outcome), ==, INGEST_VALIDATION_STATUS_EXTRA);
  assert_history_outcome (first, 1, NULL);
  g_assert_false (g_file_test (late_copy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (verify_folder (copy), ==, 3);

  second = deliver (folder, f->destinations, "{roll}/{path}", NULL, NULL, NULL, TRUE);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (second), ==, 1);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_deferred (second), ==, 0);
  assert_history_outcome (second, 2, NULL);
  g_assert_cmpuint (verify_folder (copy), ==, 4);
  assert_copy_matches (folder, copy);
}

/*
 * Against Ceph RGW
 */

/* One RGW for the binary, started by the first test that needs it. CI has
 * RGW: a run that cannot start one fails, it never skips. */
static void
ensure_rgw (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;

  if (rgw != NULL)
    return;
  rgw = ingest_rgw_start ();
  g_assert_nonnull (rgw);
  client = ingest_test_rgw_client (rgw);
  bucket = g_strdup_printf ("ingest-proxies-%08x", g_random_int ());
  ingest_s3_client_create_bucket (client, bucket, NULL, &error);
  g_assert_no_error (error);
}

static void
test_rgw (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("proxy-delivery-rgw");
  g_autofree char *folder = g_build_filename (dir, "catalog", "proxies", "0b9f21", "A001", NULL);
  g_autofree char *download = g_build_filename (dir, "download", NULL);
  g_autofree char *new_proxy = g_build_filename (folder, "A001C003.mov", NULL);
  g_autoptr(IngestCatalog) catalog = ingest_test_open_catalog (dir);
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IngestProxyDelivery) first = NULL;
  g_autoptr(IngestProxyDelivery) second = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  const char *prefix = "dailies/Feature X/D012/proxies/A001/";
  g_autofree char *history_location = NULL;
  guint n_history = 0;

  ensure_rgw ();
  client = ingest_test_rgw_client (rgw);
  history_location = g_strdup_printf ("s3://%s/%sascmhl/", bucket, prefix);

  make_clip (folder, "A001C001", 1);
  make_clip (folder, "A001C002", 10);
  g_ptr_array_add (destinations, ingest_s3_destination_new (client, bucket, "dailies", catalog));

  first = deliver (folder, destinations, NULL, "Feature X", "D012", "A001", TRUE);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (first), ==, 6);
  assert_history_outcome (first, 1, history_location);

  /* Every deliverable at its templated key: its size, its ETag (a single
   * PUT: the MD5) that of md5sum, the xxh64 it carries that of xxhsum. */
  keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, FALSE);
  names = list_deliverables (folder);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *md5 = ingest_test_tool_hash ("md5sum", NULL, path);
      g_autofree char *xxh64 = ingest_test_tool_hash ("xxhsum", "-H1", path);
      g_autofree char *key = g_strconcat ("dailies/", ingest_proxy_delivery_get_folder_key (first), "/", name, NULL);
      g_autoptr(IngestS3ObjectInfo) info = NULL;
      g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);

      g_assert_true (g_str_has_prefix (key, prefix));
      g_assert_true (g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL));
      info = ingest_s3_client_head_object (client, bucket, key, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (info->size, ==, g_bytes_get_size (bytes));
      g_assert_cmpstr (info->etag, ==, md5);
      g_assert_cmpstr (g_hash_table_lookup (info->metadata, "xxh64"), ==, xxh64);
    }
  /* Beside them only the history's manifest and chain; no sidecar. */
  for (guint k = 0; k < keys->len; k++)
    {
      const char *entry = g_ptr_array_index (keys, k);

      g_assert_true (g_str_has_prefix (entry, prefix));
      g_assert_null (strstr (entry, ".proxy.json"));
      if (g_str_has_prefix (entry + strlen (prefix), "ascmhl/"))
        n_history++;
    }
  g_assert_cmpuint (n_history, ==, 2);   /* the manifest and the chain */
  g_assert_cmpuint (keys->len, ==, names->len + n_history);

  ingest_test_download_prefix (rgw, client, bucket, prefix, download);
  g_assert_cmpuint (verify_folder (download), ==, 6);
  assert_copy_matches (folder, download);

  /* One more proxy: only it and the history's new files go. */
  ingest_test_write_random_file (new_proxy, 128 * 1024 + 5, 99);
  second = deliver (folder, destinations, NULL, "Feature X", "D012", "A001", TRUE);
  g_assert_cmpuint (ingest_proxy_delivery_get_generation (second), ==, 2);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (second), ==, 1);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_already_delivered (second), ==, 6);
  assert_history_outcome (second, 2, history_location);

  ingest_test_rm_rf (download);
  ingest_test_download_prefix (rgw, client, bucket, prefix, download);
  g_assert_cmpuint (verify_folder (download), ==, 7);
  assert_copy_matches (folder, download);
  g_assert_cmpuint (chain_length (download), ==, 2);

  ingest_test_rm_rf (dir);
}

/* Cut while a proxy's multipart upload is under way (one 5 MiB part at a
 * time, slowed to 4 MiB/s, so that the cut lands inside it): the next
 * delivery resumes it from the parts the journal holds, and the object is
 * whole and checks out. */
typedef struct
{
  IngestProxyDelivery *delivery;
  GCancellable        *cancellable;
} Cut;

static void
cut_bytes_cb (IngestUploadJob *job,
              GParamSpec      *pspec,
              Cut             *cut)
{
  /* The first part is in (the S3 destination counts whole parts). */
  if (ingest_upload_job_get_bytes_sent (job) >= 5 * 1024 * 1024)
    g_cancellable_cancel (cut->cancellable);
}

static void
cut_phase_cb (IngestProxyDelivery *delivery,
              GParamSpec          *pspec,
              Cut                 *cut)
{
  if (ingest_proxy_delivery_get_phase (delivery) == INGEST_PROXY_DELIVERY_PHASE_UPLOADING)
    g_signal_connect (ingest_proxy_delivery_get_upload_job (delivery), "notify::bytes-sent",
                      G_CALLBACK (cut_bytes_cb), cut);
}

static void
test_rgw_resume (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("proxy-delivery-resume");
  g_autofree char *folder = g_build_filename (dir, "catalog", "proxies", "0b9f21", "B002", NULL);
  g_autofree char *movie = g_build_filename (folder, "B002C001.mov", NULL);
  g_autofree char *download = g_build_filename (dir, "download", NULL);
  g_autoptr(IngestCatalog) catalog = ingest_test_open_catalog (dir);
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) slow = NULL;
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) again_destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IngestProxyDelivery) cut_delivery = NULL;
  g_autoptr(IngestProxyDelivery) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *md5 = NULL;
  const IngestFileOutcome *outcome;
  const guint64 size = 16 * 1024 * 1024 + 4321;
  Cut cut = { NULL, cancellable };

  ensure_rgw ();
  client = ingest_test_rgw_client (rgw);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  ingest_test_write_random_file (movie, size, 4242);

  slow = ingest_s3_destination_new (client, bucket, "resume", catalog);
  ingest_s3_destination_set_part_size (slow, 5 * 1024 * 1024);
  ingest_s3_destination_set_parts_in_flight (slow, 1);
  ingest_s3_destination_set_bandwidth_limit (slow, 4 * 1024 * 1024);
  g_ptr_array_add (destinations, g_object_ref (slow));
  cut_delivery = ingest_proxy_delivery_new (folder, destinations, NULL, NULL, "D013", NULL, &error);
  g_assert_no_error (error);
  cut.delivery = cut_delivery;
  g_signal_connect (cut_delivery, "notify::phase", G_CALLBACK (cut_phase_cb), &cut);
  ingest_proxy_delivery_run_async (cut_delivery, cancellable, store_result_cb, &result);
  ingest_test_wait_until (have_result, &result, 60000);
  g_assert_false (ingest_proxy_delivery_run_finish (cut_delivery, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The next delivery, at full speed: the parts already there are not sent again. */
  g_ptr_array_add (again_destinations, ingest_s3_destination_new (client, bucket, "resume", catalog));
  again = deliver (folder, again_destinations, NULL, NULL, "D013", NULL, TRUE);
  outcome = find_outcome (again, "B002C001.mov");
  g_assert_nonnull (outcome);
  g_assert_cmpint (ingest_file_outcome_get_state ((IngestFileOutcome *) outcome), ==, INGEST_DELIVERY_STATE_VERIFIED);
  g_assert_cmpuint (ingest_file_outcome_get_bytes_resumed ((IngestFileOutcome *) outcome), >=, 5 * 1024 * 1024);
  g_assert_cmpuint (ingest_file_outcome_get_bytes_sent ((IngestFileOutcome *) outcome) +
                    ingest_file_outcome_get_bytes_resumed ((IngestFileOutcome *) outcome), ==, size);
  g_test_message ("resumed %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
                  ingest_file_outcome_get_bytes_resumed ((IngestFileOutcome *) outcome), size);

  /* Whole: the object's size and its xxh64; the copy verifies. */
  info = ingest_s3_client_head_object (client, bucket, "resume/D013/proxies/B002/B002C001.mov", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->size, ==, size);
  md5 = ingest_test_tool_hash ("xxhsum", "-H1", movie);
  g_assert_cmpstr (g_hash_table_lookup (info->metadata, "xxh64"), ==, md5);
  ingest_test_download_prefix (rgw, client, bucket, "resume/D013/proxies/B002/", download);
  g_assert_cmpuint (verify_folder (download), ==, 1);
  assert_copy_matches (folder, download);

  ingest_test_rm_rf (dir);
}

/* Two drives with a roll of the same name on the same day: their proxy
 * folders lay out to one key. The second one's proxies go beside the
 * first's (other names), but its history never replaces the first's. */
static void
test_same_roll_name (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *two = g_build_filename (f->dir, "catalog", "proxies", "77aa03", "A001", NULL);
  g_autofree char *copy = g_build_filename (f->nas, "D012", "proxies", "A001", NULL);
  g_autoptr(IngestProxyDelivery) first = NULL;
  g_autoptr(IngestProxyDelivery) second = NULL;
  g_autoptr(GError) error = NULL;
  const IngestHistoryOutcome *refused;

  make_clip (f->folder, "A001C001", 1);
  make_clip (two, "A001C002", 10);

  first = deliver (f->folder, f->destinations, NULL, NULL, "D012", "A001", TRUE);
  second = deliver (two, f->destinations, NULL, NULL, "D012", "A001", FALSE);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_sent (second), ==, 3);
  refused = g_ptr_array_index (ingest_proxy_delivery_get_history_outcomes (second), 0);
  g_assert_cmpint (refused->state, ==, INGEST_DELIVERY_STATE_FAILED);
  g_assert_cmpuint (refused->generation, ==, 0);
  g_assert_nonnull (strstr (refused->reason, "does not extend"));

  /* The first drive's history stands: its files verify, the others are new to it. */
  {
    g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (copy, INGEST_MHL_OPERATION_VERIFY);

    g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_VERIFIED), ==, 3);
    g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_FAILED), ==, 0);
    g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_NEW), ==, 3);
  }
  g_assert_cmpuint (chain_length (copy), ==, 1);
}

/* A destination that keeps a clashing file beside the one there
 * (INGEST_CONFLICT_RENAME) gets the proxy under another name, and so not
 * the history, which names it under its own. */
static void
test_renamed (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->nas, "A001", NULL);
  g_autofree char *squatter = g_build_filename (copy, "A001C001.mov", NULL);
  g_autofree char *beside = g_build_filename (copy, "A001C001 (2).mov", NULL);
  g_autofree char *history_path = g_build_filename (copy, "ascmhl", NULL);
  g_autoptr(IngestProxyDelivery) delivery = NULL;
  const IngestHistoryOutcome *refused;

  make_clip (f->folder, "A001C001", 1);
  g_assert_cmpint (g_mkdir_with_parents (copy, 0755), ==, 0);
  ingest_test_write_random_file (squatter, 1000, 7);
  ingest_destination_set_on_conflict (g_ptr_array_index (f->destinations, 0), INGEST_CONFLICT_RENAME);

  delivery = deliver (f->folder, f->destinations, "{roll}/{path}", NULL, NULL, NULL, FALSE);
  g_assert_cmpuint (ingest_proxy_delivery_get_n_failed (delivery), ==, 0);
  g_assert_true (g_file_test (beside, G_FILE_TEST_IS_REGULAR));
  refused = g_ptr_array_index (ingest_proxy_delivery_get_history_outcomes (delivery), 0);
  g_assert_cmpint (refused->state, ==, INGEST_DELIVERY_STATE_FAILED);
  g_assert_nonnull (strstr (refused->reason, "under another name"));
  g_assert_false (g_file_test (history_path, G_FILE_TEST_EXISTS));
}

/* A folder with only a sidecar: nothing to deliver, nothing recorded,
 * nothing at the destination. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *sidecar = g_build_filename (f->folder, "A001C001.proxy.json", NULL);
  g_autofree char *ascmhl = g_build_filename (f->folder, "ascmhl", NULL);
  g_autofree char *copy = g_build_filename (f->nas, "proxies", NULL);
  g_autoptr(IngestProxyDelivery) delivery = NULL;

  g_assert_cmpint (g_mkdir_with_parents (f->folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (sidecar, "{}", -1, NULL));
  delivery = deliver (f->folder, f->destinations, NULL, NULL, NULL, NULL, TRUE);
  g_assert_cmpint (ingest_proxy_delivery_get_phase (delivery), ==, INGEST_PROXY_DELIVERY_PHASE_DONE);
  g_assert_cmpuint (ingest_proxy_delivery_get_generation (delivery), ==, 0);
  g_assert_false (ingest_proxy_delivery_get_recorded (delivery));
  g_assert_cmpuint (ingest_proxy_delivery_get_file_outcomes (delivery)->len, ==, 0);
  g_assert_cmpuint (ingest_proxy_delivery_get_history_outcomes (delivery)->len, ==, 0);
  g_assert_false (g_file_test (ascmhl, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  char *state_home;
  int ret;

  g_test_init (&argc, &argv, NULL);
  state_home = ingest_test_make_tmpdir ("proxy-delivery-state");
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  ingest_init ();
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);

  g_test_add ("/proxy-delivery/folder", Fixture, NULL, fixture_set_up, test_folder, fixture_tear_down);
  g_test_add_func ("/proxy-delivery/template-refused", test_template_refused);
  g_test_add ("/proxy-delivery/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/proxy-delivery/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/proxy-delivery/remade", Fixture, NULL, fixture_set_up, test_remade, fixture_tear_down);
  g_test_add ("/proxy-delivery/late-proxy", Fixture, NULL, fixture_set_up, test_late_proxy, fixture_tear_down);
  g_test_add ("/proxy-delivery/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/proxy-delivery/same-roll-name", Fixture, NULL, fixture_set_up, test_same_roll_name, fixture_tear_down);
  g_test_add ("/proxy-delivery/renamed", Fixture, NULL, fixture_set_up, test_renamed, fixture_tear_down);
  g_test_add_func ("/proxy-delivery/rgw", test_rgw);
  g_test_add_func ("/proxy-delivery/rgw-resume", test_rgw_resume);

  ret = g_test_run ();

  g_clear_pointer (&rgw, ingest_rgw_stop);
  ingest_test_rm_rf (state_home);
  g_free (state_home);
  g_free (bucket);
  return ret;
}
