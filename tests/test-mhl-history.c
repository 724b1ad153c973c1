/* test-mhl-history.c
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

#define G_LOG_DOMAIN "test-mhl-history"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* Histories written and checked through the CLI (exit codes, JSON results) and the
 * API, against independent references: xxhsum, xmllint with the ASC XSDs, the
 * directory-hash vectors of research/ascmhl.md §6. */

typedef struct
{
  char       *dir;
  JsonParser *parser;
  int         status;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("mhl-history");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_clear_object (&fixture->parser);
}

static void
put (Fixture    *fixture,
     const char *rel,
     const char *content)
{
  g_autofree char *path = g_build_filename (fixture->dir, rel, NULL);

  ingest_test_write_file (path, content, strlen (content));
}

static char *
path_of (Fixture    *fixture,
         const char *rel)
{
  return g_build_filename (fixture->dir, rel, NULL);
}

/* Runs `ingestctl mhl ARGS... --json` with a fixed clock; returns the exit code. */
static int
mhl (Fixture    *fixture,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("INGESTCTL"));
  g_ptr_array_add (argv, (gpointer) "mhl");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, (gpointer) "--json");
  g_ptr_array_add (argv, NULL);

  out = ingest_test_run_capture ((const char * const *) argv->pdata, &fixture->status);
  g_clear_object (&fixture->parser);
  fixture->parser = json_parser_new ();
  if (!json_parser_load_from_data (fixture->parser, out, -1, &error))
    g_error ("not JSON (%s): %s", error->message, out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (fixture->parser)), "exit_code"),
                   ==, fixture->status);
  return fixture->status;
}

/* The status the last run reported for PATH, or NULL. */
static const char *
status_of (Fixture    *fixture,
           const char *path)
{
  JsonObject *root = json_node_get_object (json_parser_get_root (fixture->parser));
  JsonArray *results;

  if (!json_object_has_member (root, "results"))
    return NULL;
  results = json_object_get_array_member (root, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (strcmp (json_object_get_string_member (result, "path"), path) == 0)
        return json_object_get_string_member (result, "status");
    }
  return NULL;
}

static JsonObject *
result_of (Fixture    *fixture,
           const char *path)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (json_parser_get_root (fixture->parser)), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (strcmp (json_object_get_string_member (result, "path"), path) == 0)
        return result;
    }
  return NULL;
}

static gint64
count_of (Fixture    *fixture,
          const char *status)
{
  JsonObject *root = json_node_get_object (json_parser_get_root (fixture->parser));

  return json_object_get_int_member (json_object_get_object_member (root, "counts"), status);
}

/* The newest manifest of the history at REL (relative to the fixture). */
static char *
latest_manifest (Fixture    *fixture,
                 const char *rel)
{
  g_autofree char *folder = g_build_filename (fixture->dir, rel, "ascmhl", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *best = NULL;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".mhl") && (best == NULL || strcmp (name, best) > 0))
      {
        g_free (best);
        best = g_strdup (name);
      }
  g_assert_nonnull (best);
  return g_build_filename (folder, best, NULL);
}

static char *
read_text (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&text);
}

static void
assert_history_valid (Fixture    *fixture,
                      const char *rel)
{
  g_autofree char *folder = g_build_filename (fixture->dir, rel, "ascmhl", NULL);
  g_autofree char *chain = g_build_filename (folder, "ascmhl_chain.xml", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".mhl"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        ingest_test_assert_valid_mhl_xml (path, "ASCMHL.xsd");
      }
  ingest_test_assert_valid_mhl_xml (chain, "ASCMHLDirectory__combined.xsd");
}

static void
make_card (Fixture *fixture)
{
  put (fixture, "Card/Clips/A001.mov", "clip one\n");
  put (fixture, "Card/Clips/A002.mov", "clip two\n");
  put (fixture, "Card/Clips/Sub/A003.mov", "clip three\n");
  put (fixture, "Card/Sidecar.txt", "sidecar\n");
  put (fixture, "Card/empty.bin", "");
}

static void
test_create_and_classify (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *a001 = path_of (fixture, "Card/Clips/A001.mov");
  g_autofree char *a002 = path_of (fixture, "Card/Clips/A002.mov");
  g_autofree char *a002_renamed = path_of (fixture, "Card/Clips/A002_renamed.mov");
  g_autofree char *expected = NULL;
  JsonObject *result;

  make_card (fixture);

  /* No history yet: verify and diff say so (30); create starts one. */
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 30);
  g_assert_cmpint (mhl (fixture, "diff", card, NULL), ==, 30);
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "Clips/A001.mov"), ==, "new");
  assert_history_valid (fixture, "Card");

  /* Recorded values agree with xxhsum; empty files get size="0". */
  manifest_path = latest_manifest (fixture, "Card");
  g_assert_true (g_str_has_prefix (strrchr (manifest_path, '/') + 1, "0001_Card_"));
  g_assert_true (g_str_has_suffix (manifest_path, "Z.mhl"));
  manifest = read_text (manifest_path);
  expected = ingest_test_tool_hash ("xxhsum", "-H1", a001);
  g_assert_nonnull (strstr (manifest, expected));
  g_assert_nonnull (strstr (manifest, "<path size=\"0\""));
  g_assert_nonnull (strstr (manifest, "<roothash>"));

  /* Unchanged: everything verifies. */
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "Clips/A001.mov"), ==, "verified");
  g_assert_cmpint (count_of (fixture, "verified"), ==, 5);
  g_assert_cmpint (mhl (fixture, "diff", card, NULL), ==, 0);

  /* Altered content: failed (11), with both values in the result. */
  put (fixture, "Card/Clips/A001.mov", "clip one, altered\n");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 11);
  g_assert_cmpstr (status_of (fixture, "Clips/A001.mov"), ==, "failed");
  result = result_of (fixture, "Clips/A001.mov");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (result, "hashes"), "xxh64"), "expected"),
                   ==, expected);
  g_assert_cmpint (mhl (fixture, "diff", card, NULL), ==, 0);  /* diff does not hash */
  put (fixture, "Card/Clips/A001.mov", "clip one\n");

  /* New file: 21 for verify and diff; missing file: 10; missing wins in diff. */
  put (fixture, "Card/Clips/A009.mov", "new clip\n");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 21);
  g_assert_cmpstr (status_of (fixture, "Clips/A009.mov"), ==, "new");
  g_assert_cmpint (mhl (fixture, "diff", card, NULL), ==, 21);
  g_assert_cmpint (g_unlink (a002), ==, 0);
  g_assert_cmpint (mhl (fixture, "diff", card, NULL), ==, 10);
  g_assert_cmpstr (status_of (fixture, "Clips/A002.mov"), ==, "missing");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 21);  /* new beats missing in verify */
  {
    g_autofree char *a009 = path_of (fixture, "Card/Clips/A009.mov");

    g_assert_cmpint (g_unlink (a009), ==, 0);
  }
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 10);

  /* Renamed: same content under a new name is paired with the missing one;
   * verify still exits 21, as the reference (which calls it new) does. */
  put (fixture, "Card/Clips/A002_renamed.mov", "clip two\n");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 21);
  g_assert_cmpstr (status_of (fixture, "Clips/A002_renamed.mov"), ==, "renamed");
  g_assert_cmpstr (json_object_get_string_member (result_of (fixture, "Clips/A002_renamed.mov"), "previous_path"), ==, "Clips/A002.mov");
  g_assert_null (status_of (fixture, "Clips/A002.mov"));

  /* -dh: the rename changed the structure hash of Clips (and the root): 12. */
  g_assert_cmpint (mhl (fixture, "verify", card, "-dh", NULL), ==, 12);
  g_assert_cmpstr (status_of (fixture, "Clips"), ==, "directory-failed");
  g_assert_cmpstr (status_of (fixture, "Clips/Sub"), ==, "directory-verified");

  /* Create records the rename with previousPath; the next run is clean. */
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 0);
  manifest_path = (g_free (manifest_path), latest_manifest (fixture, "Card"));
  g_free (manifest);
  manifest = read_text (manifest_path);
  g_assert_nonnull (strstr (manifest, "<previousPath>Clips/A002.mov</previousPath>"));
  g_assert_true (g_str_has_prefix (strrchr (manifest_path, '/') + 1, "0002_Card_"));
  assert_history_valid (fixture, "Card");
  g_assert_cmpint (mhl (fixture, "verify", card, "-dh", NULL), ==, 0);
  g_assert_cmpint (mhl (fixture, "diff", card, NULL), ==, 0);
  g_assert_true (g_file_test (a002_renamed, G_FILE_TEST_EXISTS));

  /* -h with a format never recorded falls back to the recorded one. */
  g_assert_cmpint (mhl (fixture, "verify", card, "-h", "md5", NULL), ==, 0);
  g_assert_nonnull (json_object_get_object_member (json_object_get_object_member (result_of (fixture, "Clips/A001.mov"), "hashes"), "xxh64"));

  /* info lists both generations. */
  g_assert_cmpint (mhl (fixture, "info", card, NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (fixture->parser)), "history"), "generations")), ==, 2);

  /* -dh -h: directory hashes in the format asked for, as the reference's
   * verify does; folders recorded only in xxh64 cannot be verified in md5. */
  g_assert_cmpint (mhl (fixture, "verify", card, "-dh", "-h", "xxh64", NULL), ==, 0);
  g_assert_cmpint (mhl (fixture, "verify", card, "-dh", "-h", "md5", NULL), ==, 12);
  g_assert_cmpstr (status_of (fixture, "Clips"), ==, "directory-failed");
  g_assert_cmpstr (status_of (fixture, "Clips/A001.mov"), ==, "verified");

  /* create -h with a new format: verified in the recorded one, and the new
   * one recorded as verified (the reference's "created new (verif.) hash"). */
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "md5", NULL), ==, 0);
  manifest_path = (g_free (manifest_path), latest_manifest (fixture, "Card"));
  g_free (manifest);
  manifest = read_text (manifest_path);
  {
    g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, "clip one\n", -1);
    const char *entry = strstr (manifest, "Clips/A001.mov</path>");
    g_autofree char *hash = NULL;

    g_assert_nonnull (entry);
    hash = g_strndup (entry, strstr (entry, "</hash>") - entry);
    g_assert_nonnull (strstr (hash, "<md5 action=\"verified\""));
    g_assert_nonnull (strstr (hash, md5));
    g_assert_nonnull (strstr (hash, "<xxh64 action=\"verified\""));
  }
  assert_history_valid (fixture, "Card");
  g_assert_cmpint (mhl (fixture, "verify", card, "-dh", "-h", "md5", NULL), ==, 0);
}

/* A failed hash is recorded but never becomes the reference. */
static void
test_failed_not_reference (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *manifest = NULL;
  g_autofree char *manifest_path = NULL;

  make_card (fixture);
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 0);
  put (fixture, "Card/Sidecar.txt", "corrupted\n");
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 11);
  manifest_path = latest_manifest (fixture, "Card");
  manifest = read_text (manifest_path);
  g_assert_nonnull (strstr (manifest, "action=\"failed\""));
  assert_history_valid (fixture, "Card");

  /* Still corrupted: compared with the original again, still failed. */
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 11);
  g_assert_cmpstr (status_of (fixture, "Sidecar.txt"), ==, "failed");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 11);
  /* Restored: verified against the original, not against the failed value. */
  put (fixture, "Card/Sidecar.txt", "sidecar\n");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "Sidecar.txt"), ==, "verified");
}

static void
test_missing_in_create (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *sidecar = path_of (fixture, "Card/Sidecar.txt");

  make_card (fixture);
  g_assert_cmpint (mhl (fixture, "create", card, NULL), ==, 0);
  g_assert_cmpint (g_unlink (sidecar), ==, 0);
  /* The generation is still written; the exit code says files are missing. */
  g_assert_cmpint (mhl (fixture, "create", card, NULL), ==, 10);
  g_assert_cmpstr (status_of (fixture, "Sidecar.txt"), ==, "missing");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (fixture->parser)), "manifests")), ==, 1);
  /* ...and stays missing in later generations (recorded in generation 1). */
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 10);
}

static void
test_history_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *manifest_path = NULL;
  g_autofree char *chain = path_of (fixture, "Card/ascmhl/ascmhl_chain.xml");
  g_autofree char *saved = NULL;
  g_autofree char *saved_chain = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *nowhere = path_of (fixture, "nowhere");
  gsize len;

  make_card (fixture);
  g_assert_cmpint (mhl (fixture, "create", card, NULL), ==, 0);
  manifest_path = latest_manifest (fixture, "Card");
  saved = read_text (manifest_path);
  saved_chain = read_text (chain);

  /* One byte changed in a manifest: 31 for every command. */
  tampered = g_strdup (saved);
  len = strlen (tampered);
  tampered[len - 2] = tampered[len - 2] == '>' ? ' ' : '>';
  ingest_test_write_file (manifest_path, tampered, len);
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 31);
  g_assert_cmpint (mhl (fixture, "create", card, NULL), ==, 31);
  g_assert_cmpint (mhl (fixture, "info", card, NULL), ==, 31);

  /* Manifest gone: 33. Chain gone: 32. */
  g_assert_cmpint (g_unlink (manifest_path), ==, 0);
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 33);
  ingest_test_write_file (manifest_path, saved, strlen (saved));
  g_assert_cmpint (g_unlink (chain), ==, 0);
  g_assert_cmpint (mhl (fixture, "diff", card, NULL), ==, 32);
  ingest_test_write_file (chain, saved_chain, strlen (saved_chain));
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 0);

  /* Not a folder: usage error. */
  g_assert_cmpint (mhl (fixture, "verify", nowhere, NULL), ==, 2);
}

static void
test_nested (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *reels = path_of (fixture, "Reels");
  g_autofree char *card = path_of (fixture, "Reels/Card");
  g_autofree char *parent_manifest = NULL;
  g_autofree char *child_manifest = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  IngestMhlHistory *child;
  const IngestMhlRecord *record;

  put (fixture, "Reels/Card/Clips/A001.mov", "clip one\n");
  put (fixture, "Reels/Card/Sidecar.txt", "sidecar\n");
  put (fixture, "Reels/Card/notes.RMD", "child-ignored\n");
  put (fixture, "Reels/Summary.txt", "summary\n");
  put (fixture, "Reels/top.RMD", "kept by the parent\n");

  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", "-i", "*.RMD", NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "notes.RMD"), ==, "ignored");

  /* The parent: the child gets generation 2 (its own ignore list still applies), the
   * parent generation 1 with a reference to it; children are written first. */
  g_assert_cmpint (mhl (fixture, "create", reels, "-h", "xxh64", NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "Card/Clips/A001.mov"), ==, "verified");
  g_assert_cmpstr (status_of (fixture, "Card/notes.RMD"), ==, "ignored");
  g_assert_cmpstr (status_of (fixture, "top.RMD"), ==, "new");
  g_assert_cmpstr (status_of (fixture, "Summary.txt"), ==, "new");
  assert_history_valid (fixture, "Reels");
  assert_history_valid (fixture, "Reels/Card");

  parent_manifest = latest_manifest (fixture, "Reels");
  child_manifest = latest_manifest (fixture, "Reels/Card");
  g_assert_true (g_str_has_prefix (strrchr (child_manifest, '/') + 1, "0002_Card_"));
  text = read_text (parent_manifest);
  reference = g_strdup_printf ("<path>Card/ascmhl/%s</path>", strrchr (child_manifest, '/') + 1);
  g_assert_nonnull (strstr (text, reference));
  g_assert_null (strstr (text, "Clips/A001.mov"));        /* the child's files stay in the child */
  g_assert_nonnull (strstr (text, ">Card</path>"));        /* its root folder is listed in the parent */

  /* Through the API: nested discovery and lookups by path. */
  history = ingest_mhl_history_load (reels, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 1);
  g_assert_cmpuint (ingest_mhl_history_get_children (history)->len, ==, 1);
  child = g_ptr_array_index (ingest_mhl_history_get_children (history), 0);
  g_assert_cmpstr (ingest_mhl_history_get_path_in_parent (child), ==, "Card");
  g_assert_cmpuint (ingest_mhl_history_get_n_generations (child), ==, 2);
  record = ingest_mhl_history_lookup (child, "Clips/A001.mov");
  g_assert_nonnull (record);
  g_assert_cmpuint (record->latest_generation, ==, 2);
  g_assert_nonnull (record->reference[INGEST_HASH_XXH64]);
  g_assert_null (ingest_mhl_history_lookup (history, "Card/Clips/A001.mov"));

  /* A change in the child fails the parent's verification, with the full path. */
  put (fixture, "Reels/Card/Sidecar.txt", "changed\n");
  g_assert_cmpint (mhl (fixture, "verify", reels, NULL), ==, 11);
  g_assert_cmpstr (status_of (fixture, "Card/Sidecar.txt"), ==, "failed");
  put (fixture, "Reels/Card/Sidecar.txt", "sidecar\n");
  g_assert_cmpint (mhl (fixture, "verify", reels, "-dh", NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "Card"), ==, "directory-verified");

  /* The child's history vanishes: the parent still references it (30). */
  {
    g_autofree char *child_history = path_of (fixture, "Reels/Card/ascmhl");

    ingest_test_rm_rf (child_history);
  }
  g_assert_cmpint (mhl (fixture, "verify", reels, NULL), ==, 21);  /* its files are new to the parent */
  g_assert_cmpstr (status_of (fixture, "Card"), ==, "missing-history");
}

static void
test_unicode_and_odd_entries (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *nfd = path_of (fixture, "Card/Cafe\xcc\x81.txt");      /* "Café" decomposed */
  g_autofree char *nfc = path_of (fixture, "Card/Caf\xc3\xa9.txt");      /* "Café" composed */
  g_autofree char *target = path_of (fixture, "Elsewhere");
  g_autofree char *link = path_of (fixture, "Card/LinkedFolder");
  g_autofree char *file_link = path_of (fixture, "Card/link.txt");
  g_autofree char *bad = path_of (fixture, "Card/bad\xff.txt");
  g_autofree char *manifest = NULL;
  g_autofree char *manifest_path = NULL;
  JsonObject *result;

  make_card (fixture);
  put (fixture, "Card/Cafe\xcc\x81.txt", "accent\n");
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 0);

  /* The same name, NFC on disk now: verified, and the result says why it matched. */
  g_assert_cmpint (g_rename (nfd, nfc), ==, 0);
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 0);
  result = result_of (fixture, "Caf\xc3\xa9.txt");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "verified");
  g_assert_true (json_object_get_boolean_member (result, "normalization_differs"));
  g_assert_cmpstr (json_object_get_string_member (result, "previous_path"), ==, "Cafe\xcc\x81.txt");
  g_assert_cmpint (count_of (fixture, "missing"), ==, 0);

  /* A symlinked folder is reported, not followed; a file symlink to a file
   * inside the card is hashed (its target is read), like the reference. */
  put (fixture, "Elsewhere/inside.txt", "outside the card\n");
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_cmpint (symlink ("Sidecar.txt", file_link), ==, 0);
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "LinkedFolder"), ==, "symlink-directory");
  g_assert_cmpstr (status_of (fixture, "link.txt"), ==, "new");
  g_assert_null (status_of (fixture, "LinkedFolder/inside.txt"));
  manifest_path = latest_manifest (fixture, "Card");
  manifest = read_text (manifest_path);
  g_assert_null (strstr (manifest, "inside.txt"));
  g_assert_nonnull (strstr (manifest, ">link.txt</path>"));
  assert_history_valid (fixture, "Card");

  /* A name that is not UTF-8: reported (exit 11), never written into XML. */
  ingest_test_write_file (bad, "x", 1);
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 11);
  g_assert_cmpstr (status_of (fixture, "bad\\377.txt"), ==, "invalid-name");
  g_assert_cmpint (mhl (fixture, "create", card, NULL), ==, 11);
  assert_history_valid (fixture, "Card");

  /* Nor a control character. */
  g_assert_cmpint (g_unlink (bad), ==, 0);
  put (fixture, "Card/ctl\001.txt", "x");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 11);
  g_assert_cmpstr (status_of (fixture, "ctl\\001.txt"), ==, "invalid-name");
}

static void
test_ignore_persists (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *spec = path_of (fixture, "ignore.txt");
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;

  make_card (fixture);
  put (fixture, "Card/.DS_Store", "finder\n");
  put (fixture, "Card/Clips/.DS_Store", "finder\n");
  put (fixture, "Card/cache/tmp.bin", "cache\n");
  put (fixture, "Card/Clips/x.tmp", "tmp\n");
  put (fixture, "ignore.txt", "*.tmp\n\n/cache/\n");

  g_assert_cmpint (mhl (fixture, "create", card, "-ii", spec, NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "Clips/.DS_Store"), ==, "ignored");
  g_assert_cmpstr (status_of (fixture, "cache"), ==, "ignored");
  g_assert_cmpstr (status_of (fixture, "Clips/x.tmp"), ==, "ignored");
  manifest_path = latest_manifest (fixture, "Card");
  manifest = read_text (manifest_path);
  g_assert_nonnull (strstr (manifest, "<pattern>/cache/</pattern>"));
  g_assert_null (strstr (manifest, "x.tmp"));

  /* The patterns of the latest generation apply without repeating them. */
  put (fixture, "Card/Clips/y.tmp", "tmp\n");
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 0);
  g_assert_cmpstr (status_of (fixture, "Clips/y.tmp"), ==, "ignored");
  g_assert_cmpint (mhl (fixture, "create", card, "-i", "*.bak", NULL), ==, 0);
  g_free (manifest_path);
  g_free (manifest);
  manifest_path = latest_manifest (fixture, "Card");
  manifest = read_text (manifest_path);
  g_assert_nonnull (strstr (manifest, "<pattern>*.tmp</pattern>"));
  g_assert_nonnull (strstr (manifest, "<pattern>*.bak</pattern>"));
}

/* Directory hashes and order against the worked vectors of research/ascmhl.md §6. */
static void
test_directory_vectors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *root = path_of (fixture, "Vec");
  g_autofree char *empty_dir = path_of (fixture, "Vec/empty_dir");
  g_autofree char *link = path_of (fixture, "Vec/link.mov");
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  IngestMhlManifest *manifest;
  IngestMhlEntry *entry;
  static const struct { const char *path; const char *content; const char *structure; } dirs[] = {
    { "Clips/Sub", "d43f190b95d5c63c", "c5bd653e3d608bd0" },
    { "Clips", "b90dbea2f60c42fe", "a4049d2a997a3cfe" },
    { "empty_dir", "ef46db3751d8e999", "ef46db3751d8e999" },
  };
  static const char *order[] = {
    "Clips/Sub/Caf\xc3\xa9 \xc3\xa9.txt", "Clips/Sub", "Clips/A.mov", "Clips/B.mov", "Clips/empty.bin",
    "Clips", "empty_dir", "link.mov",
  };

  put (fixture, "Vec/Clips/A.mov", "abcd\n");
  put (fixture, "Vec/Clips/B.mov", "def\n");
  put (fixture, "Vec/Clips/empty.bin", "");
  put (fixture, "Vec/Clips/Sub/Caf\xc3\xa9 \xc3\xa9.txt", "x");
  g_assert_cmpint (g_mkdir (empty_dir, 0755), ==, 0);
  g_assert_cmpint (symlink ("Clips/A.mov", link), ==, 0);

  ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
  g_assert_no_error (error);

  history = ingest_mhl_history_load (root, NULL, &error);
  g_assert_no_error (error);
  manifest = ingest_mhl_history_get_latest_manifest (history);
  g_assert_cmpuint (ingest_mhl_manifest_get_n_entries (manifest), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (ingest_mhl_entry_get_path (ingest_mhl_manifest_get_entry (manifest, i)), ==, order[i]);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      entry = ingest_mhl_manifest_lookup (manifest, dirs[i].path);
      g_assert_nonnull (entry);
      g_assert_cmpstr (ingest_mhl_entry_get_content_hash (entry, INGEST_HASH_XXH64, NULL), ==, dirs[i].content);
      g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (entry, INGEST_HASH_XXH64, NULL), ==, dirs[i].structure);
    }
  entry = ingest_mhl_manifest_get_root_hash (manifest);
  g_assert_cmpstr (ingest_mhl_entry_get_content_hash (entry, INGEST_HASH_XXH64, NULL), ==, "cddb34c508950a6c");
  g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (entry, INGEST_HASH_XXH64, NULL), ==, "f6d9af28f7ecce81");
  g_assert_cmpint (ingest_mhl_entry_get_size (ingest_mhl_manifest_lookup (manifest, "Clips/empty.bin")), ==, 0);
}

static void
test_upstream_vector (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *root = path_of (fixture, "Up");
  g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  IngestMhlManifest *manifest;
  IngestMhlEntry *entry;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 22, 1, 2, 3.25);
  IngestMhlCreator creator = { .now = now, .hostname = "host", .tool_name = "tool", .tool_version = "9" };
  g_autofree char *name = NULL;

  put (fixture, "Up/Stuff.txt", "stuff\n");
  put (fixture, "Up/A/A1.txt", "A1\n");
  ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  ingest_mhl_verifier_set_creator (verifier, &creator);
  g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));

  history = ingest_mhl_history_load (root, NULL, &error);
  g_assert_no_error (error);
  manifest = ingest_mhl_history_get_latest_manifest (history);
  g_assert_cmpstr (ingest_mhl_manifest_get_file_name (manifest), ==, "0001_Up_2026-11-22_010203Z.mhl");
  g_assert_cmpstr (ingest_mhl_manifest_get_creation_date (manifest), ==, "2026-11-22T01:02:03+00:00");
  g_assert_cmpstr (ingest_mhl_manifest_get_hostname (manifest), ==, "host");
  entry = ingest_mhl_manifest_lookup (manifest, "A");
  g_assert_cmpstr (ingest_mhl_entry_get_content_hash (entry, INGEST_HASH_XXH64, NULL), ==, "d3904ee76bba3d2a");
  g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (entry, INGEST_HASH_XXH64, NULL), ==, "3fbe33b2924e26aa");
  entry = ingest_mhl_manifest_get_root_hash (manifest);
  g_assert_cmpstr (ingest_mhl_entry_get_content_hash (entry, INGEST_HASH_XXH64, NULL), ==, "ca56d22f064fdf1b");
  g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (entry, INGEST_HASH_XXH64, NULL), ==, "2ccca3899111eabb");
  {
    const char *hash_date = NULL;

    ingest_mhl_entry_get_hash (ingest_mhl_manifest_lookup (manifest, "Stuff.txt"), INGEST_HASH_XXH64, NULL, &hash_date);
    g_assert_cmpstr (hash_date, ==, "2026-11-22T01:02:03.250000+00:00");
  }

  name = ingest_mhl_history_make_manifest_name (history, 12345, now);
  g_assert_cmpstr (name, ==, "12345_Up_2026-11-22_010203Z.mhl");
  g_assert_cmpuint (ingest_mhl_history_get_next_generation (history), ==, 2);
}

/* A crash between manifest and chain leaves an unlisted manifest, which loads with a
 * warning and does not take the next number twice. */
static void
test_unlisted_manifest (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *stray = path_of (fixture, "Card/ascmhl/0002_Card_2020-01-01_000000.mhl");
  g_autofree char *apple = path_of (fixture, "Card/ascmhl/._0003_Card.mhl");
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  make_card (fixture);
  g_assert_cmpint (mhl (fixture, "create", card, NULL), ==, 0);
  first = latest_manifest (fixture, "Card");
  text = read_text (first);
  /* a name without the Z, not in the chain, recording a file the chain never saw */
  {
    g_autofree char *stray_text = ingest_test_replace (text, ">Sidecar.txt<", ">Stray.txt<");

    ingest_test_write_file (stray, stray_text, strlen (stray_text));
  }
  put (fixture, "Card/Stray.txt", "sidecar\n");
  ingest_test_write_file (apple, "junk", 4);

  history = ingest_mhl_history_load (card, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 2);
  g_assert_cmpuint (g_strv_length ((GStrv) ingest_mhl_history_get_warnings (history)), ==, 1);
  g_assert_cmpuint (ingest_mhl_history_get_next_generation (history), ==, 3);
  g_assert_null (ingest_mhl_history_lookup (history, "Stray.txt"));
  /* Its hashes are no reference: the file is new, not verified. */
  g_assert_cmpint (mhl (fixture, "verify", card, NULL), ==, 21);
  g_assert_cmpstr (status_of (fixture, "Stray.txt"), ==, "new");
  g_assert_cmpstr (status_of (fixture, "Sidecar.txt"), ==, "verified");
}

static void
test_flatten (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *reels = path_of (fixture, "Reels");
  g_autofree char *card = path_of (fixture, "Reels/Card");
  g_autofree char *dest = path_of (fixture, "Out");
  g_autofree char *collection = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *a001 = path_of (fixture, "Reels/Card/Clips/A001.mov");
  const char *manifest;

  put (fixture, "Reels/Card/Clips/A001.mov", "clip one\n");
  put (fixture, "Reels/Card/Sidecar.txt", "sidecar\n");
  put (fixture, "Reels/Summary.txt", "summary\n");
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 0);
  g_assert_cmpint (mhl (fixture, "create", reels, "-h", "md5", NULL), ==, 0);

  g_assert_cmpint (mhl (fixture, "flatten", reels, dest, NULL), ==, 0);
  manifest = json_object_get_string_member (json_node_get_object (json_parser_get_root (fixture->parser)), "manifest");
  g_assert_true (g_str_has_prefix (manifest, dest));
  g_assert_nonnull (strstr (manifest, "/packinglist_Reels_"));
  ingest_test_assert_valid_mhl_xml (manifest, "ASCMHL.xsd");
  text = read_text (manifest);
  /* The child's files are in it, with their paths from ROOT and the first hashes recorded. */
  expected = ingest_test_tool_hash ("xxhsum", "-H1", a001);
  g_assert_nonnull (strstr (text, ">Card/Clips/A001.mov</path>"));
  g_assert_nonnull (strstr (text, expected));
  g_assert_nonnull (strstr (text, ">Summary.txt</path>"));
  g_assert_nonnull (strstr (text, "<process>flatten</process>"));
  {
    g_autofree char *folder = g_path_get_dirname (manifest);

    collection = g_build_filename (folder, "ascmhl_collection.xml", NULL);
  }
  ingest_test_assert_valid_mhl_xml (collection, "ASCMHLDirectory__combined.xsd");
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  ingest_mhl_verifier_run_finish (INGEST_MHL_VERIFIER (object), result, error);
  *(gboolean *) g_object_get_data (object, "done") = TRUE;
}

static void
test_async_and_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autoptr(IngestMhlVerifier) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = NULL;
  gboolean done = FALSE;
  guint64 bytes_done = 0, bytes_total = 0;
  guint files_done = 0, files_total = 0;

  make_card (fixture);
  {
    g_autofree char *big = path_of (fixture, "Card/Clips/big.mov");

    ingest_test_write_random_file (big, 3 * 1024 * 1024, 7);
  }

  verifier = ingest_mhl_verifier_new (card, INGEST_MHL_OPERATION_CREATE);
  g_object_set_data (G_OBJECT (verifier), "done", &done);
  ingest_mhl_verifier_run_async (verifier, NULL, run_done_cb, &error);
  while (!done)
    {
      guint last = files_done;

      /* progress only grows, and never past the total */
      g_main_context_iteration (NULL, FALSE);
      ingest_mhl_verifier_get_progress (verifier, NULL, NULL, &files_done, &files_total);
      g_assert_cmpuint (files_done, >=, last);
      g_assert_cmpuint (files_done, <=, files_total);
      g_usleep (100);
    }
  g_assert_no_error (error);
  ingest_mhl_verifier_get_progress (verifier, &bytes_done, &bytes_total, &files_done, &files_total);
  g_assert_cmpuint (files_total, ==, 6);
  g_assert_cmpuint (files_done, ==, files_total);
  g_assert_cmpuint (bytes_total, ==, bytes_done);
  g_assert_cmpuint (bytes_total, >, 3 * 1024 * 1024);
  results = ingest_mhl_verifier_list_results (verifier);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 6 + 3);  /* and Clips/Sub, Clips, the root */
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_DIRECTORY_RECORDED), ==, 3);
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_NEW), ==, 6);

  /* Cancelled before it starts: an error, and no new generation. */
  cancelled = ingest_mhl_verifier_new (card, INGEST_MHL_OPERATION_CREATE);
  g_cancellable_cancel (cancellable);
  g_assert_false (ingest_mhl_verifier_run (cancelled, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_strv_length ((GStrv) ingest_mhl_verifier_get_written_manifests (cancelled)), ==, 0);
  {
    g_autoptr(IngestMhlHistory) history = ingest_mhl_history_load (card, NULL, NULL);

    g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 1);
  }
}

static void
test_creator_options (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *manifest_path = NULL;
  g_autofree char *text = NULL;

  make_card (fixture);
  g_assert_cmpint (mhl (fixture, "create", card, "-n", "-h", "md5",
                        "--author_name", "Ann Example", "--author_email", "ann@example.com",
                        "--author_phone", "+1 555 0100", "--author_role", "DIT",
                        "--location", "Stage 5", "--comment", "Day 1 <A&B>", NULL), ==, 0);
  manifest_path = latest_manifest (fixture, "Card");
  text = read_text (manifest_path);
  g_assert_nonnull (strstr (text, "<author role=\"DIT\" email=\"ann@example.com\" phone=\"+1 555 0100\">Ann Example</author>"));
  g_assert_nonnull (strstr (text, "<location>Stage 5</location>"));
  g_assert_nonnull (strstr (text, "<comment>Day 1 &lt;A&amp;B&gt;</comment>"));
  /* -n: folders listed without hashes, no root hash */
  g_assert_null (strstr (text, "<roothash>"));
  g_assert_nonnull (strstr (text, ">Clips</path>"));
  g_assert_nonnull (strstr (text, "<md5 action=\"original\""));
  assert_history_valid (fixture, "Card");
  g_assert_cmpint (mhl (fixture, "verify", card, "-dh", NULL), ==, 0);
  g_assert_cmpint (count_of (fixture, "directory-verified"), ==, 0);
}

static IngestMhlResult *
result_for (IngestMhlVerifier *verifier,
            const char        *path)
{
  for (guint i = 0; i < ingest_mhl_verifier_get_n_results (verifier); i++)
    if (g_strcmp0 (ingest_mhl_result_get_path (ingest_mhl_verifier_get_result (verifier, i)), path) == 0)
      return ingest_mhl_verifier_get_result (verifier, i);
  g_error ("no result for %s", path);
}

/* A finished job for @rel (relative to the card), read by the hash engine. */
static IngestHashJob *
read_job (Fixture       *fixture,
          const char    *rel,
          IngestHashSet  kinds)
{
  g_autofree char *rel_path = g_build_filename ("Card", rel, NULL);
  g_autofree char *path = path_of (fixture, rel_path);
  IngestHashJob *job = ingest_hash_job_new (path, kinds);

  g_assert_true (ingest_hash_job_run (job, NULL, NULL, NULL, NULL, NULL));
  return job;
}

/* Precomputed digests are taken only for a file still as it was read (size and
 * mtime to the nanosecond) and holding every format needed; other files are
 * read. A forged digest proves which were not read: it ends up recorded. */
static void
test_precomputed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ingest_hash_job_free);
  g_autoptr(GError) error = NULL;
  IngestHashSet xxh64 = INGEST_HASH_BIT (INGEST_HASH_XXH64);
  IngestHashJob *job;
  guint64 bytes_done = 0;
  guint files_done = 0, files_total = 0;

  make_card (fixture);
  g_assert_cmpint (mhl (fixture, "create", card, "-h", "xxh64", NULL), ==, 0);

  /* as read, but forged: taken, so the file fails */
  job = read_job (fixture, "Clips/A001.mov", xxh64);
  g_free (job->digests[INGEST_HASH_XXH64]);
  job->digests[INGEST_HASH_XXH64] = g_strdup ("0123456789abcdef");
  g_hash_table_insert (table, job->path, job);
  /* read at another mtime: stale, read again */
  job = read_job (fixture, "Clips/A002.mov", xxh64);
  job->mtime_nsec = (job->mtime_nsec + 1) % G_GINT64_CONSTANT (1000000000);
  g_hash_table_insert (table, job->path, job);
  /* without the format needed: read again */
  job = read_job (fixture, "Clips/Sub/A003.mov", INGEST_HASH_BIT (INGEST_HASH_MD5));
  g_hash_table_insert (table, job->path, job);
  /* as read, correct: taken */
  job = read_job (fixture, "Sidecar.txt", xxh64);
  g_hash_table_insert (table, job->path, job);
  /* a failed read is never taken */
  job = read_job (fixture, "empty.bin", xxh64);
  g_set_error_literal (&job->error, G_IO_ERROR, G_IO_ERROR_FAILED, "forged failure");
  g_hash_table_insert (table, job->path, job);

  verifier = ingest_mhl_verifier_new (card, INGEST_MHL_OPERATION_CREATE);
  ingest_mhl_verifier_set_hash_kinds (verifier, xxh64);
  ingest_mhl_verifier_set_precomputed (verifier, table);
  g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (ingest_mhl_result_get_status (result_for (verifier, "Clips/A001.mov")), ==, INGEST_MHL_STATUS_FAILED);
  g_assert_cmpstr (ingest_mhl_result_get_hash (result_for (verifier, "Clips/A001.mov"), INGEST_HASH_XXH64), ==, "0123456789abcdef");
  g_assert_cmpint (ingest_mhl_result_get_status (result_for (verifier, "Clips/A002.mov")), ==, INGEST_MHL_STATUS_VERIFIED);
  g_assert_cmpint (ingest_mhl_result_get_status (result_for (verifier, "Clips/Sub/A003.mov")), ==, INGEST_MHL_STATUS_VERIFIED);
  g_assert_cmpint (ingest_mhl_result_get_status (result_for (verifier, "Sidecar.txt")), ==, INGEST_MHL_STATUS_VERIFIED);
  g_assert_cmpint (ingest_mhl_result_get_status (result_for (verifier, "empty.bin")), ==, INGEST_MHL_STATUS_VERIFIED);

  /* read: A002 (9 bytes), A003 (11), empty.bin (0); every file is done */
  ingest_mhl_verifier_get_progress (verifier, &bytes_done, NULL, &files_done, &files_total);
  g_assert_cmpuint (bytes_done, ==, 9 + 11);
  g_assert_cmpuint (files_total, ==, 5);
  g_assert_cmpuint (files_done, ==, 5);
}

static void
test_cli_help (void)
{
  const char *argv[] = { g_getenv ("INGESTCTL"), "mhl", "create", "--help", NULL };
  const char *bad[] = { g_getenv ("INGESTCTL"), "mhl", "create", "-h", "crc32", "/", NULL };
  g_autofree char *out = NULL;
  g_autofree char *bad_out = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "--hash_format"));
  bad_out = ingest_test_run_capture (bad, &status);
  g_assert_cmpint (status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

#define ADD(name, func) g_test_add ("/mhl-history/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create-and-classify", test_create_and_classify);
  ADD ("failed-not-reference", test_failed_not_reference);
  ADD ("missing-in-create", test_missing_in_create);
  ADD ("history-errors", test_history_errors);
  ADD ("nested", test_nested);
  ADD ("unicode-and-odd-entries", test_unicode_and_odd_entries);
  ADD ("ignore-persists", test_ignore_persists);
  ADD ("directory-vectors", test_directory_vectors);
  ADD ("upstream-vector", test_upstream_vector);
  ADD ("unlisted-manifest", test_unlisted_manifest);
  ADD ("flatten", test_flatten);
  ADD ("creator-options", test_creator_options);
  ADD ("async-and-cancel", test_async_and_cancel);
  ADD ("precomputed", test_precomputed);
#undef ADD
  g_test_add_func ("/mhl-history/cli-help", test_cli_help);

  return g_test_run ();
}
