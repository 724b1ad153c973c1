/* test-mhl-history-memory.c
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

#define G_LOG_DOMAIN "test-mhl-history-memory"

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* Loading a history holds one manifest's text at a time, not every
 * generation's (issue 3, point 8: 100,000 files make ~23 MB per generation).
 * The manifests here are mostly an XML comment, so their text is large and
 * what is parsed from them small: the peak RSS of a fresh process loading
 * them shows how many texts were alive at once. */

#define N_GENERATIONS 6
#define PADDING       (16 * 1024 * 1024)
/* libxml2 refuses a single text of more than 10 MB */
#define COMMENT_SIZE  (1024 * 1024)

static char *
c4_of (const char *data,
       gsize       len)
{
  return ingest_hash_bytes (INGEST_HASH_C4, data, len);
}

/* Pads every manifest with comments and records its new C4 in the chain,
 * so that the history is still whole. */
static void
pad_manifests (const char *root)
{
  g_autofree char *folder = g_build_filename (root, "ascmhl", NULL);
  g_autofree char *chain_path = g_build_filename (folder, "ascmhl_chain.xml", NULL);
  g_autofree char *chain = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n = 0;

  g_assert_true (g_file_get_contents (chain_path, &chain, NULL, &error));
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *old_c4 = NULL;
      g_autofree char *new_c4 = NULL;
      g_autofree char *padding = NULL;
      g_autoptr(GString) padded = NULL;
      g_auto(GStrv) parts = NULL;
      const char *declaration_end;
      gsize len;

      if (!g_str_has_suffix (name, ".mhl"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, &len, &error));
      old_c4 = c4_of (text, len);
      declaration_end = strstr (text, "?>");
      g_assert_nonnull (declaration_end);
      declaration_end += 2;

      padded = g_string_new_len (text, declaration_end - text);
      padding = g_strnfill (COMMENT_SIZE, 'x');
      for (guint c = 0; c < PADDING / COMMENT_SIZE; c++)
        g_string_append_printf (padded, "\n<!-- %s -->", padding);
      g_string_append (padded, declaration_end);
      new_c4 = c4_of (padded->str, padded->len);
      g_assert_true (g_file_set_contents (path, padded->str, padded->len, &error));

      parts = g_strsplit (chain, old_c4, -1);
      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      g_free (chain);
      chain = g_strjoinv (new_c4, parts);
      n++;
    }
  g_assert_cmpuint (n, ==, N_GENERATIONS);
  g_assert_true (g_file_set_contents (chain_path, chain, -1, &error));
}

static glong
peak_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

static void
test_one_text_at_a_time (void)
{
#ifdef __SANITIZE_ADDRESS__
  /* AddressSanitizer keeps freed memory in quarantine: peak RSS says nothing here. */
  g_test_skip ("peak RSS is meaningless under AddressSanitizer");
  return;
#endif

  if (g_test_subprocess ())
    {
      g_autoptr(IngestMhlHistory) history = NULL;
      g_autoptr(GError) error = NULL;
      glong before = peak_rss_kib ();
      glong growth;

      history = ingest_mhl_history_load (g_getenv ("INGEST_TEST_ROOT"), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, N_GENERATIONS);
      growth = peak_rss_kib () - before;
      g_printerr ("# peak RSS grew by %ld KiB loading %u manifests of %d KiB\n", growth,
                  N_GENERATIONS, PADDING / 1024);
      /* one text and what parsing it copies (~40 MiB); all six texts alone are 96 MiB */
      g_assert_cmpint (growth, <, 4 * PADDING / 1024);
      return;
    }

  {
    g_autofree char *root = ingest_test_make_tmpdir ("mhl-memory");
    g_autofree char *clip = g_build_filename (root, "Clips", "A.mov", NULL);
    g_autoptr(GError) error = NULL;

    ingest_test_write_random_file (clip, 1000, 1);
    for (guint g = 0; g < N_GENERATIONS; g++)
      {
        g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_CREATE);

        ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
        ingest_mhl_verifier_run (verifier, NULL, &error);
        g_assert_no_error (error);
      }
    pad_manifests (root);

    g_setenv ("INGEST_TEST_ROOT", root, TRUE);
    g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    ingest_test_rm_rf (root);
    g_test_trap_assert_passed ();
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mhl-history/memory/one-text-at-a-time", test_one_text_at_a_time);

  return g_test_run ();
}
