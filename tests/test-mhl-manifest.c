/* test-mhl-manifest.c
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

#define G_LOG_DOMAIN "test-mhl-manifest"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* The golden files are the reference tool's own output (tests/data/ascmhl,
 * MIT): parsing, re-serializing byte for byte, the chain C4s and the XSDs
 * are all checks against something we did not write. */

static char *
data_path (const char *first,
           ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "data");
  g_ptr_array_add (parts, (gpointer) "ascmhl");
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

/* The @kind hash of the file at @path, computed by the core's hasher. */
static char *
hash_file (IngestHashKind  kind,
           const char     *path)
{
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);

  return ingest_hash_bytes (kind, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
collect_files (const char *dir,
               GPtrArray  *manifests,
               GPtrArray  *chains)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (path, manifests, chains);
      else if (g_str_has_suffix (name, ".mhl"))
        g_ptr_array_add (manifests, g_steal_pointer (&path));
      else if (strcmp (name, "ascmhl_chain.xml") == 0)
        g_ptr_array_add (chains, g_steal_pointer (&path));
    }
}

static void
golden_files (GPtrArray **manifests,
              GPtrArray **chains)
{
  g_autofree char *root = data_path ("scenarios", NULL);

  *manifests = g_ptr_array_new_with_free_func (g_free);
  *chains = g_ptr_array_new_with_free_func (g_free);
  collect_files (root, *manifests, *chains);
  /* 5 scenarios: 17 manifests in 12 histories (see README) */
  g_assert_cmpuint ((*manifests)->len, ==, 17);
  g_assert_cmpuint ((*chains)->len, ==, 12);
}

static void
assert_bytes_equal (GBytes     *actual,
                    GBytes     *expected,
                    const char *what)
{
  if (!g_bytes_equal (actual, expected))
    {
      g_test_message ("%s differs.\nexpected:\n%.*s\nactual:\n%.*s", what,
                      (int) g_bytes_get_size (expected), (const char *) g_bytes_get_data (expected, NULL),
                      (int) g_bytes_get_size (actual), (const char *) g_bytes_get_data (actual, NULL));
      g_test_fail ();
    }
}

/* In-process XSD validation with libxml2; XSDs are parsed once. */
static void
assert_valid (const char *xsd_name,
              GBytes     *bytes,
              gboolean    expect_valid)
{
  static GHashTable *schemas;
  xmlSchemaPtr schema;
  xmlSchemaValidCtxtPtr ctx;
  xmlDocPtr doc;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  int ret;

  if (schemas == NULL)
    schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  schema = g_hash_table_lookup (schemas, xsd_name);
  if (schema == NULL)
    {
      g_autofree char *path = data_path ("xsd", xsd_name, NULL);
      xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt (path);

      schema = xmlSchemaParse (parser);
      xmlSchemaFreeParserCtxt (parser);
      g_assert_nonnull (schema);
      g_hash_table_insert (schemas, g_strdup (xsd_name), schema);
    }

  doc = xmlReadMemory (data, (int) len, "doc.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  ctx = xmlSchemaNewValidCtxt (schema);
  ret = xmlSchemaValidateDoc (ctx, doc);
  xmlSchemaFreeValidCtxt (ctx);
  xmlFreeDoc (doc);
  if (expect_valid)
    g_assert_cmpint (ret, ==, 0);
  else
    g_assert_cmpint (ret, >, 0);
}

/* Every golden manifest parses, and serializes back to the same bytes; the
 * output validates against ASCMHL.xsd. */
static void
test_golden_manifests (void)
{
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GPtrArray) chains = NULL;

  golden_files (&manifests, &chains);
  for (guint i = 0; i < manifests->len; i++)
    {
      const char *path = g_ptr_array_index (manifests, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_file (path, &error);
      g_autoptr(GBytes) expected = ingest_test_read_bytes (path);
      g_autoptr(GBytes) actual = NULL;
      g_autofree char *base = g_path_get_basename (path);
      guint generation = 0;

      g_assert_no_error (error);
      g_assert_true (ingest_mhl_manifest_parse_file_name (base, &generation));
      g_assert_cmpuint (ingest_mhl_manifest_get_generation (manifest), ==, generation);
      g_assert_cmpstr (ingest_mhl_manifest_get_file_name (manifest), ==, base);
      g_assert_false (ingest_mhl_manifest_is_legacy (manifest));
      g_assert_cmpstr (ingest_mhl_manifest_get_hostname (manifest), ==, "myHost.local");
      g_assert_cmpstr (ingest_mhl_manifest_get_tool_name (manifest), ==, "ascmhl.py");
      g_assert_cmpstr (ingest_mhl_manifest_get_tool_version (manifest), ==, "0.3 alpha");
      g_assert_cmpint (ingest_mhl_manifest_get_process (manifest), ==, INGEST_MHL_PROCESS_IN_PLACE);
      g_assert_cmpstr (ingest_mhl_manifest_get_ignore_patterns (manifest)[1], ==, "ascmhl");
      g_assert_cmpuint (ingest_mhl_manifest_get_n_entries (manifest), >, 0);
      g_assert_null (ingest_mhl_manifest_get_warnings (manifest)[0]);

      actual = ingest_mhl_manifest_serialize (manifest, &error);
      g_assert_no_error (error);
      assert_bytes_equal (actual, expected, path);
      assert_valid ("ASCMHL.xsd", actual, TRUE);
    }
}

/* Every chain parses and re-serializes byte for byte, validates against the
 * combined directory XSD, and the C4 of each listed manifest's bytes equals
 * its entry. */
static void
test_golden_chains (void)
{
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GPtrArray) chains = NULL;
  guint n_checked = 0;

  golden_files (&manifests, &chains);
  for (guint i = 0; i < chains->len; i++)
    {
      const char *path = g_ptr_array_index (chains, i);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlChain) chain = ingest_mhl_chain_new_from_file (path, &error);
      g_autoptr(GBytes) expected = ingest_test_read_bytes (path);
      g_autoptr(GBytes) actual = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (ingest_mhl_chain_get_n_entries (chain), >, 0);
      g_assert_null (ingest_mhl_chain_get_warnings (chain)[0]);

      for (guint j = 0; j < ingest_mhl_chain_get_n_entries (chain); j++)
        {
          const IngestMhlChainEntry *entry = ingest_mhl_chain_get_entry (chain, j);
          g_autofree char *manifest_path = g_build_filename (dir, entry->path, NULL);
          g_autofree char *c4 = hash_file (INGEST_HASH_C4, manifest_path);

          g_assert_cmpuint (entry->sequence_nr, ==, j + 1);
          g_assert_true (entry->is_c4);
          g_assert_cmpstr (entry->hash_format, ==, "c4");
          g_assert_cmpstr (entry->hash_value, ==, c4);
          g_assert_true (ingest_mhl_chain_lookup (chain, entry->path) == entry);
          n_checked++;
        }

      actual = ingest_mhl_chain_serialize (chain, &error);
      g_assert_no_error (error);
      assert_bytes_equal (actual, expected, path);
      assert_valid ("ASCMHLDirectory__combined.xsd", actual, TRUE);
    }
  g_assert_cmpuint (n_checked, ==, 17);
}

/* The latest generation of each golden history records the hashes of the
 * sample files next to it (any action: a "failed" entry holds the new hash);
 * the nested parent's references hold the C4s of the child manifests. */
static void
test_golden_values (void)
{
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GPtrArray) chains = NULL;
  guint n_files = 0;

  golden_files (&manifests, &chains);
  for (guint i = 0; i < chains->len; i++)
    {
      const char *chain_path = g_ptr_array_index (chains, i);
      g_autofree char *history = g_path_get_dirname (chain_path);
      g_autofree char *root = g_path_get_dirname (history);
      g_autoptr(IngestMhlChain) chain = ingest_mhl_chain_new_from_file (chain_path, NULL);
      guint last = ingest_mhl_chain_get_n_entries (chain) - 1;
      g_autofree char *path = g_build_filename (history, ingest_mhl_chain_get_entry (chain, last)->path, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_file (path, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < ingest_mhl_manifest_get_n_entries (manifest); j++)
        {
          IngestMhlEntry *entry = ingest_mhl_manifest_get_entry (manifest, j);
          g_autofree char *file = NULL;
          g_autoptr(GBytes) bytes = NULL;

          g_assert_true (ingest_mhl_manifest_lookup (manifest, ingest_mhl_entry_get_path (entry)) == entry);
          if (ingest_mhl_entry_is_directory (entry))
            continue;

          file = g_build_filename (root, ingest_mhl_entry_get_path (entry), NULL);
          bytes = ingest_test_read_bytes (file);
          g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, g_bytes_get_size (bytes));
          for (IngestHashKind kind = 0; kind < INGEST_HASH_N_KINDS; kind++)
            {
              IngestMhlHashAction action;
              const char *date = NULL;
              const char *value = ingest_mhl_entry_get_hash (entry, kind, &action, &date);
              g_autofree char *computed = NULL;

              if (value == NULL)
                continue;
              computed = ingest_hash_bytes (kind, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
              g_assert_cmpstr (value, ==, computed);
              g_assert_cmpint (action, !=, INGEST_MHL_HASH_ACTION_NONE);
              g_assert_nonnull (date);
              n_files++;
            }
        }

      for (guint j = 0; j < ingest_mhl_manifest_get_n_references (manifest); j++)
        {
          const char *c4 = NULL;
          const char *ref = ingest_mhl_manifest_get_reference (manifest, j, &c4);
          g_autofree char *ref_path = g_build_filename (root, ref, NULL);
          g_autofree char *computed = hash_file (INGEST_HASH_C4, ref_path);

          g_assert_cmpstr (c4, ==, computed);
        }
    }
  g_assert_cmpuint (n_files, >=, 25);
}

/* Values of the nested parent of scenario 5, read by hand from the file. */
static void
test_golden_nested (void)
{
  g_autofree char *path = data_path ("scenarios", "scenario_05", "file_server", "Reels", "ascmhl",
                                     "0001_Reels_2020-01-17_143000Z.mhl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_file (path, &error);
  IngestMhlEntry *root, *dir, *file;
  IngestMhlHashAction action;
  const char *date = NULL;
  const char *c4 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_manifest_get_generation (manifest), ==, 1);
  g_assert_cmpstr (ingest_mhl_manifest_get_creation_date (manifest), ==, "2020-01-17T14:30:00+00:00");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manifest)), ==, 3);

  root = ingest_mhl_manifest_get_root_hash (manifest);
  g_assert_nonnull (root);
  g_assert_cmpstr (ingest_mhl_entry_get_content_hash (root, INGEST_HASH_XXH64, &date), ==, "92950bc8fda076ec");
  g_assert_cmpstr (date, ==, "2020-01-17T14:30:00+00:00");
  g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (root, INGEST_HASH_XXH64, NULL), ==, "2c2ce52605558158");
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (root), ==, INGEST_HASH_BIT (INGEST_HASH_XXH64));

  dir = ingest_mhl_manifest_lookup (manifest, "A002R2EC/");
  g_assert_nonnull (dir);
  g_assert_true (ingest_mhl_entry_is_directory (dir));
  g_assert_cmpint (ingest_mhl_entry_get_size (dir), ==, -1);
  g_assert_cmpstr (ingest_mhl_entry_get_last_modification_date (dir), ==, "2020-01-15T13:00:00+00:00");
  g_assert_cmpstr (ingest_mhl_entry_get_content_hash (dir, INGEST_HASH_XXH64, NULL), ==, "8d02114c32e28cbe");
  g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (dir, INGEST_HASH_XXH64, NULL), ==, "f557f8ca8e5a88ef");
  g_assert_null (ingest_mhl_entry_get_hash (dir, INGEST_HASH_XXH64, NULL, NULL));

  file = ingest_mhl_manifest_lookup (manifest, "Summary.txt");
  g_assert_nonnull (file);
  g_assert_cmpint (ingest_mhl_entry_get_size (file), ==, 48);
  g_assert_cmpstr (ingest_mhl_entry_get_hash (file, INGEST_HASH_XXH64, &action, NULL), ==, "0ac48e431d4538ba");
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_ORIGINAL);
  g_assert_null (ingest_mhl_entry_get_hash (file, INGEST_HASH_MD5, NULL, NULL));
  g_assert_null (ingest_mhl_manifest_lookup (manifest, "summary.txt"));

  g_assert_cmpuint (ingest_mhl_manifest_get_n_references (manifest), ==, 2);
  g_assert_cmpstr (ingest_mhl_manifest_get_reference (manifest, 1, &c4), ==,
                   "A003R2EC/ascmhl/0002_A003R2EC_2020-01-17_143000Z.mhl");
  g_assert_cmpstr (c4, ==, "c42zP4mMY3CEpYEM9F9xde62ZbdmwRBc5gne7basp6RfZ11tZQxwcS95Gyhbrpea76em3aPE3Q823657oT27rrFYhB");
}

/* Same document with every element under an "ascmhl:" prefix: same model,
 * and our writer gives back the reference's bytes. */
static void
test_prefixed_namespace (void)
{
  g_autofree char *path = data_path ("scenarios", "scenario_05", "file_server", "Reels", "ascmhl",
                                     "0001_Reels_2020-01-17_143000Z.mhl", NULL);
  g_autoptr(GBytes) golden = ingest_test_read_bytes (path);
  g_autoptr(GRegex) open_tag = g_regex_new ("<(/?)([a-zA-Z])", 0, 0, NULL);
  g_autofree char *prefixed = NULL;
  g_autofree char *fixed = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = NULL;

  prefixed = g_regex_replace (open_tag, g_bytes_get_data (golden, NULL), g_bytes_get_size (golden),
                              0, "<\\1ascmhl:\\2", 0, NULL);
  fixed = ingest_test_replace (prefixed, "xmlns=", "xmlns:ascmhl=");
  g_assert_nonnull (strstr (fixed, "<ascmhl:hashlist version=\"2.0\" xmlns:ascmhl="));
  g_assert_nonnull (strstr (fixed, "</ascmhl:xxh64>"));

  input = bytes_from_string (fixed);
  manifest = ingest_mhl_manifest_new_from_bytes (input, "prefixed.mhl", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_manifest_get_n_entries (manifest), ==, 3);
  g_assert_cmpuint (ingest_mhl_manifest_get_n_references (manifest), ==, 2);
  output = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_no_error (error);
  assert_bytes_equal (output, golden, "prefixed round trip");
}

/* Optional attributes left out, a trailing '/' on a directory, an unknown
 * hash format, uppercase hex, comments and CDATA. */
static void
test_tolerant (void)
{
  const char *doc =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- written by another tool -->\n"
    "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
    "  <creatorinfo><creationdate>2022-02-08T14:54:36-08:00</creationdate>"
    "<hostname>ca<!-- split -->r<?pi x?>t</hostname><tool>other</tool></creatorinfo>\n"
    "  <processinfo><process>transfer</process></processinfo>\n"
    "  <hashes>\n"
    "    <hash><path>a.mov</path><xxh64>0EA03B369A463D9D</xxh64></hash>\n"
    "    <hash><path size=\"0\">empty.bin</path>"
    "<xxh32 action=\"original\">02cc5d05</xxh32>"
    "<md5 action=\"verified\"><![CDATA[d41d8cd98f00b204e9800998ecf8427e]]></md5></hash>\n"
    "    <directoryhash><path>Clips/</path><content/><structure/></directoryhash>\n"
    "  </hashes>\n"
    "</hashlist>\n";
  g_autoptr(GBytes) bytes = bytes_from_string (doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_bytes (bytes, "other.mhl", &error);
  const char * const *warnings;
  IngestMhlEntry *entry;
  IngestMhlHashAction action;
  const char *date = "unset";

  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_manifest_get_generation (manifest), ==, 0);
  g_assert_cmpint (ingest_mhl_manifest_get_process (manifest), ==, INGEST_MHL_PROCESS_TRANSFER);
  g_assert_cmpstr (ingest_mhl_manifest_get_hostname (manifest), ==, "cart");
  g_assert_null (ingest_mhl_manifest_get_tool_version (manifest));
  g_assert_null (ingest_mhl_manifest_get_root_hash (manifest));
  g_assert_null (ingest_mhl_manifest_get_ignore_patterns (manifest)[0]);

  entry = ingest_mhl_manifest_lookup (manifest, "a.mov");
  g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, -1);
  g_assert_null (ingest_mhl_entry_get_last_modification_date (entry));
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, &action, &date), ==, "0ea03b369a463d9d");
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_NONE);
  g_assert_null (date);

  entry = ingest_mhl_manifest_lookup (manifest, "empty.bin");
  g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, 0);
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (entry), ==, INGEST_HASH_BIT (INGEST_HASH_MD5));
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_MD5, &action, NULL), ==,
                   "d41d8cd98f00b204e9800998ecf8427e");
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_VERIFIED);

  entry = ingest_mhl_manifest_lookup (manifest, "Clips");
  g_assert_nonnull (entry);
  g_assert_true (ingest_mhl_manifest_lookup (manifest, "Clips/") == entry);
  g_assert_cmpstr (ingest_mhl_entry_get_path (entry), ==, "Clips");
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (entry), ==, 0);

  warnings = ingest_mhl_manifest_get_warnings (manifest);
  g_assert_nonnull (warnings[0]);
  g_assert_true (g_str_has_prefix (warnings[0], "other.mhl:7: "));
  g_assert_nonnull (strstr (warnings[0], "lowercased"));
  g_assert_nonnull (strstr (warnings[1], "<xxh32>"));
  g_assert_null (warnings[2]);
}

/* Loaded entries are packed into one block each and a loaded manifest drops
 * its path index (memory, issue 3 point 8). Changing a loaded entry must keep
 * the pointers handed out before valid (the history keeps them), lookups and
 * duplicate checks must still work, and attributes in another namespace are
 * not taken for ours. */
static void
test_loaded_entries (void)
{
  const char *doc =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\" xmlns:x=\"urn:example\">\n"
    "  <creatorinfo><creationdate>2020-01-16T09:15:00+00:00</creationdate>"
    "<hostname>cart</hostname><tool>other</tool></creatorinfo>\n"
    "  <hashes>\n"
    "    <hash><path size=\"5\" lastmodificationdate=\"2020-01-15T13:00:00+00:00\">Clips/a.mov</path>"
    "<xxh64 action=\"original\" hashdate=\"2020-01-16T09:15:00+00:00\">0ea03b369a463d9d</xxh64></hash>\n"
    "    <hash><path x:size=\"7\" size=\"4\" creationdate=\"2020-01-14T10:00:00+00:00\">b.mov</path>"
    "<md5 x:action=\"failed\" action=\"verified\">d41d8cd98f00b204e9800998ecf8427e</md5>"
    "<previousPath>old/b.mov</previousPath></hash>\n"
    "    <directoryhash><path>Clips/</path><content><xxh64>cddb34c508950a6c</xxh64></content>"
    "<structure><xxh64>f6d9af28f7ecce81</xxh64></structure></directoryhash>\n"
    "  </hashes>\n"
    "</hashlist>\n";
  g_autoptr(GBytes) bytes = bytes_from_string (doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_bytes (bytes, "loaded.mhl", &error);
  g_autoptr(IngestMhlEntry) duplicate = ingest_mhl_entry_new_file ("b.mov", 1);
  g_autoptr(IngestMhlEntry) added = ingest_mhl_entry_new_file ("c.mov", 1);
  g_autoptr(GBytes) output = NULL;
  g_autofree char *text = NULL;
  IngestMhlEntry *entry;
  IngestMhlHashAction action;
  const char *path;
  const char *xxh64;
  const char *date = NULL;

  g_assert_no_error (error);
  entry = ingest_mhl_manifest_get_entry (manifest, 0);
  g_assert_true (ingest_mhl_manifest_lookup (manifest, "Clips/a.mov") == entry);
  path = ingest_mhl_entry_get_path (entry);
  xxh64 = ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, &action, &date);
  g_assert_cmpstr (path, ==, "Clips/a.mov");
  g_assert_cmpstr (xxh64, ==, "0ea03b369a463d9d");
  g_assert_cmpstr (date, ==, "2020-01-16T09:15:00+00:00");
  g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, 5);

  /* A second format on a loaded entry: the texts handed out stay put. */
  ingest_mhl_entry_set_hash (entry, INGEST_HASH_MD5, "d41d8cd98f00b204e9800998ecf8427e",
                             INGEST_MHL_HASH_ACTION_VERIFIED, "2020-01-17T08:00:00+00:00");
  g_assert_true (ingest_mhl_entry_get_path (entry) == path);
  g_assert_true (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, NULL, NULL) == xxh64);
  g_assert_cmpstr (xxh64, ==, "0ea03b369a463d9d");
  g_assert_cmpstr (path, ==, "Clips/a.mov");
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (entry), ==,
                    INGEST_HASH_BIT (INGEST_HASH_XXH64) | INGEST_HASH_BIT (INGEST_HASH_MD5));
  /* Replacing a packed value. */
  ingest_mhl_entry_set_hash (entry, INGEST_HASH_XXH64, "cddb34c508950a6c", INGEST_MHL_HASH_ACTION_FAILED, NULL);
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, &action, &date), ==, "cddb34c508950a6c");
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_FAILED);
  g_assert_null (date);
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_MD5, &action, &date), ==,
                   "d41d8cd98f00b204e9800998ecf8427e");
  g_assert_cmpstr (date, ==, "2020-01-17T08:00:00+00:00");

  entry = ingest_mhl_manifest_lookup (manifest, "b.mov");
  g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, 4);
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_MD5, &action, NULL), ==,
                   "d41d8cd98f00b204e9800998ecf8427e");
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_VERIFIED);
  g_assert_cmpstr (ingest_mhl_entry_get_creation_date (entry), ==, "2020-01-14T10:00:00+00:00");
  g_assert_cmpstr (ingest_mhl_entry_get_previous_path (entry), ==, "old/b.mov");
  g_assert_null (ingest_mhl_entry_get_last_modification_date (entry));

  entry = ingest_mhl_manifest_lookup (manifest, "Clips/");
  g_assert_nonnull (entry);
  g_assert_true (ingest_mhl_entry_is_directory (entry));
  g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, -1);
  g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (entry, INGEST_HASH_XXH64, NULL), ==, "f6d9af28f7ecce81");

  /* The index comes back for duplicate checks and new entries. */
  g_assert_false (ingest_mhl_manifest_add_entry (manifest, duplicate, &error));
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_DUPLICATE_PATH);
  g_clear_error (&error);
  g_assert_true (ingest_mhl_manifest_add_entry (manifest, added, &error));
  g_assert_no_error (error);
  g_assert_true (ingest_mhl_manifest_lookup (manifest, "c.mov") == added);
  g_assert_null (ingest_mhl_manifest_lookup (manifest, "d.mov"));

  output = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output));
  g_assert_nonnull (strstr (text,
    "      <path size=\"5\" lastmodificationdate=\"2020-01-15T13:00:00+00:00\">Clips/a.mov</path>\n"
    "      <md5 action=\"verified\" hashdate=\"2020-01-17T08:00:00+00:00\">d41d8cd98f00b204e9800998ecf8427e</md5>\n"
    "      <xxh64 action=\"failed\">cddb34c508950a6c</xxh64>\n"));
  g_assert_nonnull (strstr (text,
    "      <path size=\"4\" creationdate=\"2020-01-14T10:00:00+00:00\">b.mov</path>\n"
    "      <md5 action=\"verified\">d41d8cd98f00b204e9800998ecf8427e</md5>\n"
    "      <previousPath>old/b.mov</previousPath>\n"));
}

/* A 2.0 document without namespace is read as ASC MHL and written in its
 * namespace, <metadata> included (found by the fuzzer: it was written in no
 * namespace and so dropped on the next read). */
static void
test_no_namespace_metadata (void)
{
  const char *doc =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<hashlist version=\"2.0\">\n"
    "  <creatorinfo><creationdate>2020-01-16T09:15:00+00:00</creationdate>"
    "<hostname>cart</hostname><tool>other</tool></creatorinfo>\n"
    "  <processinfo><process>in-place</process></processinfo>\n"
    "  <hashes>\n"
    "    <hash><path>a.mov</path><xxh64>0ea03b369a463d9d</xxh64><metadata><note>take 2</note></metadata></hash>\n"
    "  </hashes>\n"
    "  <metadata>shot on <b>stage 4</b></metadata>\n"
    "</hashlist>\n";
  g_autoptr(GBytes) bytes = bytes_from_string (doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_bytes (bytes, "plain.mhl", &error);
  g_autoptr(IngestMhlManifest) reread = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;

  g_assert_no_error (error);
  written = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_no_error (error);
  reread = ingest_mhl_manifest_new_from_bytes (written, "plain.mhl", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_mhl_manifest_get_metadata (reread), ==,
                   "<metadata xmlns=\"urn:ASC:MHL:v2.0\">shot on <b>stage 4</b></metadata>");
  g_assert_cmpstr (ingest_mhl_entry_get_metadata (ingest_mhl_manifest_lookup (reread, "a.mov")), ==,
                   "<metadata xmlns=\"urn:ASC:MHL:v2.0\"><note>take 2</note></metadata>");
  rewritten = ingest_mhl_manifest_serialize (reread, &error);
  g_assert_no_error (error);
  assert_bytes_equal (rewritten, written, "no-namespace round trip");
}

/* Entries made through GObject properties, as a binding would. */
static void
test_entry_properties (void)
{
  g_autoptr(IngestMhlEntry) dir = g_object_new (INGEST_TYPE_MHL_ENTRY, "path", "Clips/", "is-directory", TRUE,
                                                "size", (gint64) 5, NULL);
  g_autoptr(IngestMhlEntry) file = g_object_new (INGEST_TYPE_MHL_ENTRY, "path", "Clips/a.mov",
                                                 "size", (gint64) 7, "previous-path", "a.mov", NULL);
  g_autoptr(IngestMhlEntry) bare = g_object_new (INGEST_TYPE_MHL_ENTRY, NULL);
  g_autofree char *path = NULL;
  gboolean is_directory = FALSE;
  gint64 size = 0;

  g_object_get (dir, "path", &path, "is-directory", &is_directory, "size", &size, NULL);
  g_assert_cmpstr (path, ==, "Clips");
  g_assert_true (is_directory);
  g_assert_cmpint (size, ==, -1);

  g_assert_false (ingest_mhl_entry_is_directory (file));
  g_assert_cmpint (ingest_mhl_entry_get_size (file), ==, 7);
  g_assert_cmpstr (ingest_mhl_entry_get_previous_path (file), ==, "a.mov");
  ingest_mhl_entry_set_size (file, -5);
  g_assert_cmpint (ingest_mhl_entry_get_size (file), ==, -1);

  g_assert_cmpstr (ingest_mhl_entry_get_path (bare), ==, "");
  g_assert_false (ingest_mhl_entry_is_directory (bare));
  g_assert_cmpint (ingest_mhl_entry_get_size (bare), ==, -1);
}

/* The XSD's own sample: two authors, metadata, "Clips/", "failed". Its
 * reference C4s are made-up 16-digit values: those are refused, and with
 * real C4s put in, the rest loads. */
static void
test_xsd_example (void)
{
  g_autofree char *path = data_path ("xsd", "examples", "0001_TEST01_2019-10-11_155603.mhl", NULL);
  g_autoptr(GBytes) bytes = ingest_test_read_bytes (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_bytes (bytes, "example.mhl", &error);
  g_autofree char *half_fixed = NULL;
  g_autofree char *fixed = NULL;
  g_autoptr(GBytes) fixed_bytes = NULL;
  g_autoptr(GBytes) output = NULL;
  const IngestMhlAuthor *author;
  IngestMhlEntry *entry;
  IngestMhlHashAction action;

  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_HASH);
  g_assert_true (g_str_has_prefix (error->message, "example.mhl:61: "));
  g_assert_null (manifest);
  g_clear_error (&error);

  half_fixed = ingest_test_replace (g_bytes_get_data (bytes, NULL), "87210d6e0589c31c",
                               "c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT");
  fixed = ingest_test_replace (half_fixed, "40116e7da1ca1487",
                               "c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG");
  fixed_bytes = bytes_from_string (fixed);
  manifest = ingest_mhl_manifest_new_from_bytes (fixed_bytes, "example.mhl", &error);
  g_assert_no_error (error);

  g_assert_cmpuint (ingest_mhl_manifest_get_n_authors (manifest), ==, 2);
  author = ingest_mhl_manifest_get_author (manifest, 1);
  g_assert_cmpstr (author->name, ==, "Ben Zed");
  g_assert_cmpstr (author->email, ==, "zed@bar.foo.foo.com");
  g_assert_cmpstr (author->phone, ==, "+1 234 567 890 99");
  g_assert_null (author->role);
  g_assert_cmpstr (ingest_mhl_manifest_get_location (manifest), ==, "Munich, Germany");
  g_assert_cmpstr (ingest_mhl_manifest_get_ignore_patterns (manifest)[1], ==, "/tmp");
  g_assert_nonnull (strstr (ingest_mhl_manifest_get_metadata (manifest), "<foo bar=\"1\">lorem</foo>"));

  entry = ingest_mhl_manifest_lookup (manifest, "Sidecar.txt");
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, &action, NULL), ==, "3ab5a4166b9bde44");
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_FAILED);
  g_assert_nonnull (strstr (ingest_mhl_entry_get_metadata (entry), "bar=\"Foo\""));
  entry = ingest_mhl_manifest_lookup (manifest, "Clips");
  g_assert_true (ingest_mhl_entry_is_directory (entry));
  g_assert_cmpstr (ingest_mhl_entry_get_structure_hash (entry, INGEST_HASH_XXH64, NULL), ==, "8f4a80fd7680e5f9");

  /* What we write from it is valid, metadata included. */
  output = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_no_error (error);
  assert_valid ("ASCMHL.xsd", output, TRUE);
}

/* A manifest built through the API: every field, every format, escaping,
 * size="0", the -n directory form; exact bytes, XSD-valid, and it reads back
 * to the same bytes. */
static void
test_write_new (void)
{
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new ();
  g_autoptr(IngestMhlManifest) reread = NULL;
  g_autoptr(IngestMhlEntry) file = ingest_mhl_entry_new_file ("Clips/A&B <1> \"q\".mov", 5);
  g_autoptr(IngestMhlEntry) empty = ingest_mhl_entry_new_file ("Clips/empty.bin", 0);
  g_autoptr(IngestMhlEntry) dir = ingest_mhl_entry_new_directory ("Clips");
  g_autoptr(IngestMhlEntry) bare = ingest_mhl_entry_new_directory ("empty_dir");
  g_autoptr(IngestMhlEntry) root = ingest_mhl_entry_new_directory ("");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = NULL;
  g_autoptr(GBytes) broken_bytes = NULL;
  const char *hd = "2026-11-21T22:26:25.588921+00:00";
  const char *expected =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
    "  <creatorinfo>\n"
    "    <creationdate>2026-11-21T22:26:25+00:00</creationdate>\n"
    "    <hostname>cart-01</hostname>\n"
    "    <tool version=\"0.1.0\">ingest-station</tool>\n"
    "    <author role=\"DIT\" email=\"jo@example.com\" phone=\"+1 555\">Jo &amp; \"Sam\"</author>\n"
    "    <location>Stage &lt;4&gt;</location>\n"
    "    <comment>s3://bucket/prefix</comment>\n"
    "  </creatorinfo>\n"
    "  <processinfo>\n"
    "    <process>transfer</process>\n"
    "    <roothash>\n"
    "      <content>\n"
    "        <md5 hashdate=\"2026-11-21T22:26:25.588921+00:00\">d41d8cd98f00b204e9800998ecf8427e</md5>\n"
    "        <xxh64 hashdate=\"2026-11-21T22:26:25.588921+00:00\">cddb34c508950a6c</xxh64>\n"
    "      </content>\n"
    "      <structure>\n"
    "        <md5 hashdate=\"2026-11-21T22:26:25.588921+00:00\">d41d8cd98f00b204e9800998ecf8427e</md5>\n"
    "        <xxh64 hashdate=\"2026-11-21T22:26:25.588921+00:00\">f6d9af28f7ecce81</xxh64>\n"
    "      </structure>\n"
    "    </roothash>\n"
    "    <ignore>\n"
    "      <pattern>.DS_Store</pattern>\n"
    "      <pattern>ascmhl</pattern>\n"
    "      <pattern>ascmhl/</pattern>\n"
    "    </ignore>\n"
    "  </processinfo>\n"
    "  <hashes>\n"
    "    <hash>\n"
    "      <path size=\"5\" lastmodificationdate=\"2020-01-15T13:00:00+00:00\">Clips/A&amp;B &lt;1&gt; \"q\".mov</path>\n"
    "      <c4 action=\"original\" hashdate=\"2026-11-21T22:26:25.588921+00:00\">c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG</c4>\n"
    "      <md5 action=\"verified\" hashdate=\"2026-11-21T22:26:25.588921+00:00\">f5ac8127b3b6b85cdc13f237c6005d80</md5>\n"
    "      <sha1 action=\"verified\" hashdate=\"2026-11-21T22:26:25.588921+00:00\">3330b4373640f9e4604991e73c7e86bfd8da2dc3</sha1>\n"
    "      <xxh128 action=\"verified\" hashdate=\"2026-11-21T22:26:25.588921+00:00\">ad3e38cc4333ed1b742b20a1b224a05e</xxh128>\n"
    "      <xxh3 action=\"failed\" hashdate=\"2026-11-21T22:26:25.588921+00:00\">5c6d5318a0809172</xxh3>\n"
    "      <xxh64 action=\"original\">0ea03b369a463d9d</xxh64>\n"
    "      <previousPath>Clips/old &amp; name.mov</previousPath>\n"
    "    </hash>\n"
    "    <hash>\n"
    "      <path size=\"0\">Clips/empty.bin</path>\n"
    "      <xxh64 action=\"original\" hashdate=\"2026-11-21T22:26:25.588921+00:00\">ef46db3751d8e999</xxh64>\n"
    "    </hash>\n"
    "    <directoryhash>\n"
    "      <path lastmodificationdate=\"2020-01-15T13:00:00+00:00\">Clips</path>\n"
    "      <content>\n"
    "        <xxh64 hashdate=\"2026-11-21T22:26:25.588921+00:00\">b90dbea2f60c42fe</xxh64>\n"
    "      </content>\n"
    "      <structure>\n"
    "        <xxh64 hashdate=\"2026-11-21T22:26:25.588921+00:00\">a4049d2a997a3cfe</xxh64>\n"
    "      </structure>\n"
    "    </directoryhash>\n"
    "    <directoryhash>\n"
    "      <path>empty_dir</path>\n"
    "      <content/>\n"
    "      <structure/>\n"
    "    </directoryhash>\n"
    "  </hashes>\n"
    "  <references>\n"
    "    <hashlistreference>\n"
    "      <path>A002R2EC/ascmhl/0002_A002R2EC_2020-01-17_143000Z.mhl</path>\n"
    "      <c4>c45kfAU9bNHnT32pMzSdio6Qb7us3xkd65ff8uAvJcgdkpoQZUKoPFckwtVHozxgftZj4uUoXrRiAiwSqNGAxLUAKM</c4>\n"
    "    </hashlistreference>\n"
    "  </references>\n"
    "</hashlist>\n";

  ingest_mhl_manifest_set_creation_date (manifest, "2026-11-21T22:26:25+00:00");
  ingest_mhl_manifest_set_hostname (manifest, "cart-01");
  ingest_mhl_manifest_set_tool (manifest, "ingest-station", "0.1.0");
  ingest_mhl_manifest_add_author (manifest, "Jo & \"Sam\"", "jo@example.com", "+1 555", "DIT");
  ingest_mhl_manifest_set_location (manifest, "Stage <4>");
  ingest_mhl_manifest_set_comment (manifest, "s3://bucket/prefix");
  ingest_mhl_manifest_set_process (manifest, INGEST_MHL_PROCESS_TRANSFER);
  ingest_mhl_manifest_set_ignore_patterns (manifest, (const char * const[]) { ".DS_Store", "ascmhl", NULL });
  ingest_mhl_manifest_add_ignore_pattern (manifest, "ascmhl/");

  /* set out of XSD order on purpose: the writer sorts */
  ingest_mhl_entry_set_hash (file, INGEST_HASH_XXH64, "0ea03b369a463d9d", INGEST_MHL_HASH_ACTION_ORIGINAL, NULL);
  ingest_mhl_entry_set_hash (file, INGEST_HASH_MD5, "f5ac8127b3b6b85cdc13f237c6005d80", INGEST_MHL_HASH_ACTION_VERIFIED, hd);
  ingest_mhl_entry_set_hash (file, INGEST_HASH_XXH3, "5c6d5318a0809172", INGEST_MHL_HASH_ACTION_FAILED, hd);
  ingest_mhl_entry_set_hash (file, INGEST_HASH_SHA1, "3330b4373640f9e4604991e73c7e86bfd8da2dc3", INGEST_MHL_HASH_ACTION_VERIFIED, hd);
  ingest_mhl_entry_set_hash (file, INGEST_HASH_XXH128, "ad3e38cc4333ed1b742b20a1b224a05e", INGEST_MHL_HASH_ACTION_VERIFIED, hd);
  ingest_mhl_entry_set_hash (file, INGEST_HASH_C4, "c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG",
                             INGEST_MHL_HASH_ACTION_ORIGINAL, hd);
  /* legacy-only formats are never written */
  ingest_mhl_entry_set_hash (file, INGEST_HASH_XXH32, "12345", INGEST_MHL_HASH_ACTION_ORIGINAL, hd);
  ingest_mhl_entry_set_last_modification_date (file, "2020-01-15T13:00:00+00:00");
  ingest_mhl_entry_set_previous_path (file, "Clips/old & name.mov");
  ingest_mhl_entry_set_hash (empty, INGEST_HASH_XXH64, "ef46db3751d8e999", INGEST_MHL_HASH_ACTION_ORIGINAL, hd);
  ingest_mhl_entry_set_directory_hash (dir, INGEST_HASH_XXH64, "b90dbea2f60c42fe", "a4049d2a997a3cfe", hd);
  ingest_mhl_entry_set_last_modification_date (dir, "2020-01-15T13:00:00+00:00");
  ingest_mhl_entry_set_directory_hash (root, INGEST_HASH_XXH64, "cddb34c508950a6c", "f6d9af28f7ecce81", hd);
  ingest_mhl_entry_set_directory_hash (root, INGEST_HASH_MD5, "d41d8cd98f00b204e9800998ecf8427e",
                                       "d41d8cd98f00b204e9800998ecf8427e", hd);
  ingest_mhl_manifest_set_root_hash (manifest, root);

  g_assert_true (ingest_mhl_manifest_add_entry (manifest, file, &error));
  g_assert_true (ingest_mhl_manifest_add_entry (manifest, empty, &error));
  g_assert_true (ingest_mhl_manifest_add_entry (manifest, dir, &error));
  g_assert_true (ingest_mhl_manifest_add_entry (manifest, bare, &error));
  g_assert_no_error (error);
  g_assert_false (ingest_mhl_manifest_add_entry (manifest, dir, &error));
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_DUPLICATE_PATH);
  g_clear_error (&error);
  ingest_mhl_manifest_add_reference (manifest, "A002R2EC/ascmhl/0002_A002R2EC_2020-01-17_143000Z.mhl",
                                     "c45kfAU9bNHnT32pMzSdio6Qb7us3xkd65ff8uAvJcgdkpoQZUKoPFckwtVHozxgftZj4uUoXrRiAiwSqNGAxLUAKM");

  bytes = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, expected);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen (expected));
  assert_valid ("ASCMHL.xsd", bytes, TRUE);

  /* The validator does reject a broken document (the check above can fail). */
  broken = ingest_test_replace (expected, "action=\"failed\"", "action=\"lost\"");
  broken_bytes = bytes_from_string (broken);
  assert_valid ("ASCMHL.xsd", broken_bytes, FALSE);

  reread = ingest_mhl_manifest_new_from_bytes (bytes, "0001_x.mhl", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_manifest_get_generation (reread), ==, 1);
  g_assert_cmpstr (ingest_mhl_manifest_get_author (reread, 0)->name, ==, "Jo & \"Sam\"");
  g_assert_cmpstr (ingest_mhl_entry_get_path (ingest_mhl_manifest_get_entry (reread, 0)), ==, "Clips/A&B <1> \"q\".mov");
  again = ingest_mhl_manifest_serialize (reread, &error);
  g_assert_no_error (error);
  assert_bytes_equal (again, bytes, "re-read");
}

/* Names that could never be read back are refused, not written. */
static void
test_write_refuses (void)
{
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new ();
  g_autoptr(IngestMhlEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *bad_paths[] = { "bad\xff.mov", "bad\x01.mov", "tab\t.mov", "/abs.mov", "a/../b", "a\\b", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_paths); i++)
    {
      g_autoptr(IngestMhlEntry) bad = ingest_mhl_entry_new_file (bad_paths[i], 1);

      g_assert_false (ingest_mhl_manifest_add_entry (manifest, bad, &error));
      g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_PATH);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }
  g_assert_false (ingest_mhl_text_is_xml_safe ("a\xef\xbf\xbe", -1));  /* U+FFFE */
  g_assert_true (ingest_mhl_text_is_xml_safe ("Caf\xc3\xa9 \xf0\x9f\x8e\xac", -1));

  bytes = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_VALUE);
  g_assert_null (bytes);
  g_clear_error (&error);

  ingest_mhl_manifest_set_creation_date (manifest, "2026-11-21T22:26:25+00:00");
  ingest_mhl_manifest_set_hostname (manifest, "host\xff");
  ingest_mhl_manifest_set_tool (manifest, "ingest-station", NULL);
  bytes = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_NAME);
  g_clear_error (&error);

  ingest_mhl_manifest_set_hostname (manifest, "host");
  entry = ingest_mhl_entry_new_file ("ok.mov", 1);
  ingest_mhl_entry_set_previous_path (entry, "old\x02.mov");
  g_assert_true (ingest_mhl_manifest_add_entry (manifest, entry, &error));
  bytes = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_NAME);
  g_assert_null (bytes);
}

static void
test_file_names (void)
{
  static const struct { const char *name; gboolean ok; guint generation; } cases[] = {
    { "0001_A002R2EC_2020-01-16_091500Z.mhl", TRUE, 1 },
    { "0002_A002R2EC_2020-01-17_143000.mhl", TRUE, 2 },   /* before reference v1.0: no Z */
    { "12345_Reels_2020-01-17_143000Z.mhl", TRUE, 12345 },
    { "0007.mhl", TRUE, 7 },
    { "0003_x_y_z.mhl", TRUE, 3 },
    { "001_short.mhl", FALSE, 0 },
    { "._0001_A002R2EC_2020-01-16_091500Z.mhl", FALSE, 0 },
    { "0001x.mhl", FALSE, 0 },
    { "0001_.mhl", FALSE, 0 },
    { "A002R2EC_2020-01-16_091500.mhl", FALSE, 0 },
    { "0001_A002R2EC.xml", FALSE, 0 },
    { "99999999999_x.mhl", FALSE, 0 },
    { ".mhl", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint generation = 0;

      g_assert_cmpint (ingest_mhl_manifest_parse_file_name (cases[i].name, &generation), ==, cases[i].ok);
      g_assert_cmpuint (generation, ==, cases[i].generation);
    }
}

static void
test_dates (void)
{
  g_autoptr(GTimeZone) pst = g_time_zone_new_identifier ("-08:00");
  g_autoptr(GDateTime) a = g_date_time_new_utc (2020, 1, 16, 9, 15, 0);
  g_autoptr(GDateTime) b = g_date_time_new (pst, 2022, 2, 8, 14, 54, 36);
  g_autoptr(GDateTime) c = g_date_time_new_utc (2026, 11, 21, 22, 26, 25.588921);
  g_autoptr(GDateTime) d = g_date_time_new_utc (2026, 11, 21, 22, 26, 25.000007);
  static const struct { const char *text; gint64 seconds; } parse[] = {
    { "2020-01-16T09:15:00+00:00", 1579166100 },
    { "2020-01-16T09:15:00Z", 1579166100 },
    { "2020-01-16T09:15:00", 1579166100 },                 /* no offset: UTC */
    { "2020-01-16T01:15:00-08:00", 1579166100 },
    { "2020-01-16T09:15:00.588921+00:00", 1579166100 },
    { "2020-01-16 09-15-00", 1579166100 },                 /* MHL 1.0 */
    { "2020-01-16 09:15:00", 1579166100 },
  };
  g_autofree char *fa = ingest_mhl_date_format (a);
  g_autofree char *fb = ingest_mhl_date_format (b);
  g_autofree char *fc = ingest_mhl_date_format_usec (c);
  g_autofree char *fa_usec = ingest_mhl_date_format_usec (a);
  g_autofree char *fd = ingest_mhl_date_format_usec (d);

  g_assert_cmpstr (fa, ==, "2020-01-16T09:15:00+00:00");
  g_assert_cmpstr (fb, ==, "2022-02-08T14:54:36-08:00");
  g_assert_cmpstr (fc, ==, "2026-11-21T22:26:25.588921+00:00");
  g_assert_cmpstr (fa_usec, ==, "2020-01-16T09:15:00+00:00");
  g_assert_cmpstr (fd, ==, "2026-11-21T22:26:25.000007+00:00");

  for (guint i = 0; i < G_N_ELEMENTS (parse); i++)
    {
      g_autoptr(GDateTime) dt = ingest_mhl_date_parse (parse[i].text);

      g_assert_nonnull (dt);
      g_assert_cmpint (g_date_time_to_unix (dt), ==, parse[i].seconds);
    }
  g_assert_null (ingest_mhl_date_parse ("yesterday"));
  g_assert_null (ingest_mhl_date_parse ("2020-13-16T09:15:00Z"));
  g_assert_null (ingest_mhl_date_parse (""));
}

/* Chains: the old "sequencer" spelling, entries hashed with something else
 * than c4 are kept and reported, appending, atomic write. */
static void
test_chain (void)
{
  const char *doc =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<d:ascmhldirectory xmlns:d=\"urn:ASC:MHL:DIRECTORY:v2.0\">\n"
    "  <d:hashlist sequencer=\"1\">\n"
    "    <d:path>0001_A_2020-01-16_091500.mhl</d:path>\n"
    "    <d:c4>c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT</d:c4>\n"
    "  </d:hashlist>\n"
    "  <d:hashlist sequencenr=\"2\">\n"
    "    <d:path>0002_A_2020-01-17_143000Z.mhl</d:path>\n"
    "    <d:md5>d41d8cd98f00b204e9800998ecf8427e</d:md5>\n"
    "  </d:hashlist>\n"
    "</d:ascmhldirectory>\n";
  const char *expected =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\">\n"
    "  <hashlist sequencenr=\"1\">\n"
    "    <path>0001_A_2020-01-16_091500.mhl</path>\n"
    "    <c4>c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT</c4>\n"
    "  </hashlist>\n"
    "  <hashlist sequencenr=\"2\">\n"
    "    <path>0002_A_2020-01-17_143000Z.mhl</path>\n"
    "    <md5>d41d8cd98f00b204e9800998ecf8427e</md5>\n"
    "  </hashlist>\n"
    "  <hashlist sequencenr=\"3\">\n"
    "    <path>0003_A_2020-01-18_100000Z.mhl</path>\n"
    "    <c4>c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG</c4>\n"
    "  </hashlist>\n"
    "</ascmhldirectory>\n";
  g_autoptr(GBytes) bytes = bytes_from_string (doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlChain) chain = ingest_mhl_chain_new_from_bytes (bytes, "ascmhl_chain.xml", &error);
  g_autoptr(IngestMhlChain) empty = ingest_mhl_chain_new ();
  g_autoptr(IngestMhlChain) reread = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) empty_out = NULL;
  g_autofree char *dir = ingest_test_make_tmpdir ("mhl-chain-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "ascmhl_chain.xml", NULL);
  g_autofree char *new_path = g_build_filename (dir, "0001_A_2020-01-16_091500Z.mhl", NULL);
  g_autofree char *written = NULL;
  g_autofree char *written2 = NULL;
  g_autofree char *written3 = NULL;
  const IngestMhlChainEntry *entry;
  const char * const *warnings;

  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_chain_get_n_entries (chain), ==, 2);
  entry = ingest_mhl_chain_get_entry (chain, 0);
  g_assert_cmpuint (entry->sequence_nr, ==, 1);
  g_assert_true (entry->is_c4);
  g_assert_cmpuint (entry->line, ==, 3);
  entry = ingest_mhl_chain_lookup (chain, "0002_A_2020-01-17_143000Z.mhl");
  g_assert_nonnull (entry);
  g_assert_false (entry->is_c4);
  g_assert_cmpstr (entry->hash_format, ==, "md5");
  g_assert_cmpstr (entry->hash_value, ==, "d41d8cd98f00b204e9800998ecf8427e");
  warnings = ingest_mhl_chain_get_warnings (chain);
  g_assert_nonnull (warnings[0]);
  g_assert_true (g_str_has_prefix (warnings[0], "ascmhl_chain.xml:7: "));
  g_assert_null (warnings[1]);

  g_assert_false (ingest_mhl_chain_append (chain, 3, "0002_A_2020-01-17_143000Z.mhl",
                                           "c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG", &error));
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_DUPLICATE_PATH);
  g_clear_error (&error);
  g_assert_false (ingest_mhl_chain_append (chain, 3, "0003.mhl", "c4abc", &error));
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_HASH);
  g_clear_error (&error);
  g_assert_false (ingest_mhl_chain_append (chain, 3, "../0003.mhl",
                                           "c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG", &error));
  g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_INVALID_PATH);
  g_clear_error (&error);
  g_assert_true (ingest_mhl_chain_append (chain, 3, "0003_A_2020-01-18_100000Z.mhl",
                                          "c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG", &error));
  g_assert_no_error (error);

  out = ingest_mhl_chain_serialize (chain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (out, NULL), ==, expected);
  g_assert_cmpuint (g_bytes_get_size (out), ==, strlen (expected));

  empty_out = ingest_mhl_chain_serialize (empty, &error);
  g_assert_cmpstr (g_bytes_get_data (empty_out, NULL), ==,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"/>\n");

  /* atomic write: replaces, leaves no temporary behind */
  ingest_test_write_file (path, "old", 3);
  g_assert_true (ingest_mhl_chain_write_atomic (chain, path, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &written, NULL, &error);
  g_assert_cmpstr (written, ==, expected);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (d), ==, "ascmhl_chain.xml");
    g_assert_null (g_dir_read_name (d));
  }
  reread = ingest_mhl_chain_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_chain_get_n_entries (reread), ==, 3);

  /* manifests are never overwritten */
  g_assert_false (ingest_mhl_file_write_atomic (path, out, FALSE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_file_get_contents (path, &written2, NULL, &error);
  g_assert_cmpstr (written2, ==, expected);
  g_assert_true (ingest_mhl_file_write_atomic (new_path, empty_out, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (new_path, &written3, NULL, &error);
  g_assert_cmpstr (written3, ==, g_bytes_get_data (empty_out, NULL));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }

  ingest_test_rm_rf (dir);
}

/* Legacy MHL 1.1 written by hand with values from xxhsum/md5sum/sha1sum;
 * <xxhash64> is the little-endian form of the xxhsum -H1 value and must come
 * out canonical. */
static void
test_legacy (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autofree char *xxh64 = NULL, *xxh64_b = NULL, *xxh32 = NULL, *md5 = NULL, *sha1 = NULL;
  g_autofree char *le = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *decimal = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = NULL;
  IngestMhlEntry *entry;
  IngestMhlHashAction action;
  const char *date = NULL;

  if (!ingest_test_require_programs ("xxhash", "xxhsum", NULL))
    return;

  dir = ingest_test_make_tmpdir ("mhl-legacy-XXXXXX");
  a = g_build_filename (dir, "a.mov", NULL);
  b = g_build_filename (dir, "b.wav", NULL);
  ingest_test_write_random_file (a, 100000, 7);
  ingest_test_write_random_file (b, 4321, 8);
  xxh64 = ingest_test_tool_hash ("xxhsum", "-H1", a);
  xxh64_b = ingest_test_tool_hash ("xxhsum", "-H1", b);
  xxh32 = ingest_test_tool_hash ("xxhsum", "-H0", a);
  md5 = ingest_test_tool_hash ("md5sum", NULL, a);
  sha1 = ingest_test_tool_hash ("sha1sum", NULL, b);
  g_assert_cmpuint (strlen (xxh64), ==, 16);
  g_assert_cmpuint (strlen (xxh32), ==, 8);

  le = g_malloc0 (17);
  for (guint i = 0; i < 8; i++)
    memcpy (le + 2 * i, xxh64 + 14 - 2 * i, 2);
  decimal = g_strdup_printf ("%" G_GUINT64_FORMAT, g_ascii_strtoull (xxh32, NULL, 16));

  doc = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<hashlist version=\"1.1\">\n"
    "  <creatorinfo>\n"
    "    <name>Jane DIT</name>\n"
    "    <username>jane</username>\n"
    "    <hostname>cart01</hostname>\n"
    "    <tool>mhl ver. 0.2.0</tool>\n"
    "    <startdate>2013-05-15T15:47:20Z</startdate>\n"
    "    <finishdate>2013-05-15T15:48:20Z</finishdate>\n"
    "  </creatorinfo>\n"
    "  <hash>\n"
    "    <file>Clips/a.mov</file>\n"
    "    <size>100000</size>\n"
    "    <lastmodificationdate>2013-05-15 15-47-20</lastmodificationdate>\n"
    "    <xxhash64>%s</xxhash64>\n"
    "    <hashdate>2013-05-15T15:47:21Z</hashdate>\n"
    "  </hash>\n"
    "  <hash><file>Clips/a32.mov</file><size>100000</size><xxhash>%s</xxhash></hash>\n"
    "  <hash><file>Clips/a.md5</file><size>100000</size><md5>%s</md5></hash>\n"
    "  <hash><file>Sound/b.wav</file><size>4321</size><xxhash64be>%s</xxhash64be><sha1>%s</sha1></hash>\n"
    "  <hash><file>notes.txt</file><size>3</size><null/></hash>\n"
    "</hashlist>\n", le, decimal, md5, xxh64_b, sha1);
  bytes = bytes_from_string (doc);
  manifest = ingest_mhl_manifest_new_from_bytes (bytes, "A001_2013-05-15_154720.mhl", &error);
  g_assert_no_error (error);

  g_assert_true (ingest_mhl_manifest_is_legacy (manifest));
  g_assert_cmpstr (ingest_mhl_manifest_get_version (manifest), ==, "1.1");
  g_assert_cmpint (ingest_mhl_manifest_get_process (manifest), ==, INGEST_MHL_PROCESS_NONE);
  g_assert_cmpstr (ingest_mhl_manifest_get_hostname (manifest), ==, "cart01");
  g_assert_cmpstr (ingest_mhl_manifest_get_creation_date (manifest), ==, "2013-05-15T15:47:20Z");
  g_assert_cmpstr (ingest_mhl_manifest_get_author (manifest, 0)->name, ==, "Jane DIT");
  g_assert_cmpuint (ingest_mhl_manifest_get_n_entries (manifest), ==, 5);

  entry = ingest_mhl_manifest_lookup (manifest, "Clips/a.mov");
  g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, 100000);
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, &action, &date), ==, xxh64);
  g_assert_cmpint (action, ==, INGEST_MHL_HASH_ACTION_ORIGINAL);
  g_assert_cmpstr (date, ==, "2013-05-15T15:47:21Z");
  {
    g_autoptr(GDateTime) mtime = ingest_mhl_date_parse (ingest_mhl_entry_get_last_modification_date (entry));
    g_assert_cmpint (g_date_time_to_unix (mtime), ==, 1368632840);
  }
  entry = ingest_mhl_manifest_lookup (manifest, "Clips/a32.mov");
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH32, NULL, NULL), ==, decimal);
  entry = ingest_mhl_manifest_lookup (manifest, "Clips/a.md5");
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_MD5, NULL, NULL), ==, md5);
  entry = ingest_mhl_manifest_lookup (manifest, "Sound/b.wav");
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_XXH64, NULL, NULL), ==, xxh64_b);
  g_assert_cmpstr (ingest_mhl_entry_get_hash (entry, INGEST_HASH_SHA1, NULL, NULL), ==, sha1);
  entry = ingest_mhl_manifest_lookup (manifest, "notes.txt");
  g_assert_cmpuint (ingest_mhl_entry_get_hash_kinds (entry), ==, 0);
  g_assert_cmpint (ingest_mhl_entry_get_size (entry), ==, 3);

  /* The values our own hasher gives for the same files agree. */
  {
    g_autoptr(GBytes) content = ingest_test_read_bytes (a);
    g_autofree char *ours = ingest_hash_bytes (INGEST_HASH_XXH64, g_bytes_get_data (content, NULL),
                                               g_bytes_get_size (content));
    g_autofree char *ours32 = ingest_hash_bytes (INGEST_HASH_XXH32, g_bytes_get_data (content, NULL),
                                                 g_bytes_get_size (content));
    g_assert_cmpstr (ours, ==, xxh64);
    g_assert_cmpstr (ours32, ==, decimal);
  }

  ingest_test_rm_rf (dir);
}

/* Legacy files in other encodings: libxml2 converts what the prolog declares. */
static void
test_legacy_encodings (void)
{
  const char *latin1 =
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
    "<hashlist version=\"1.0\"><creatorinfo><hostname>h\xf6st</hostname></creatorinfo>"
    "<hash><file>Caf\xe9.mov</file><size>1</size><md5>D41D8CD98F00B204E9800998ECF8427E</md5>"
    "<hashdate>2013-05-15 15-47-20</hashdate></hash></hashlist>\n";
  const char *utf8 =
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
    "<hashlist version=\"1.1\"><hash><file>\xe9\x9f\xb3/Caf\xc3\xa9.wav</file><size>1</size>"
    "<sha1>da39a3ee5e6b4b0d3255bfef95601890afd80709</sha1></hash></hashlist>\n";
  g_autoptr(GBytes) bytes = bytes_from_string (latin1);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new_from_bytes (bytes, "latin1.mhl", &error);
  g_autoptr(IngestMhlManifest) manifest16 = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *with_bom = NULL;
  g_autoptr(GBytes) bytes16 = NULL;
  gsize len16;

  g_assert_no_error (error);
  g_assert_cmpstr (ingest_mhl_manifest_get_version (manifest), ==, "1.0");
  g_assert_cmpstr (ingest_mhl_manifest_get_hostname (manifest), ==, "h\xc3\xb6st");
  g_assert_nonnull (ingest_mhl_manifest_lookup (manifest, "Caf\xc3\xa9.mov"));
  g_assert_cmpstr (ingest_mhl_entry_get_hash (ingest_mhl_manifest_lookup (manifest, "Caf\xc3\xa9.mov"),
                                              INGEST_HASH_MD5, NULL, NULL), ==, "d41d8cd98f00b204e9800998ecf8427e");

  utf16 = g_convert (utf8, -1, "UTF-16LE", "UTF-8", NULL, &len16, &error);
  g_assert_no_error (error);
  with_bom = g_malloc (len16 + 2);
  with_bom[0] = (char) 0xff;
  with_bom[1] = (char) 0xfe;
  memcpy (with_bom + 2, utf16, len16);
  bytes16 = g_bytes_new (with_bom, len16 + 2);
  manifest16 = ingest_mhl_manifest_new_from_bytes (bytes16, "utf16.mhl", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ingest_mhl_manifest_lookup (manifest16, "\xe9\x9f\xb3/Caf\xc3\xa9.wav"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  /* The XSDs must be read offline (ASCMHLDirectory.xsd names a remote URL). */
  xmlSetExternalEntityLoader (xmlNoNetExternalEntityLoader);

  g_test_add_func ("/mhl/manifest/golden", test_golden_manifests);
  g_test_add_func ("/mhl/manifest/golden-chains", test_golden_chains);
  g_test_add_func ("/mhl/manifest/golden-values", test_golden_values);
  g_test_add_func ("/mhl/manifest/golden-nested", test_golden_nested);
  g_test_add_func ("/mhl/manifest/prefixed-namespace", test_prefixed_namespace);
  g_test_add_func ("/mhl/manifest/tolerant", test_tolerant);
  g_test_add_func ("/mhl/manifest/loaded-entries", test_loaded_entries);
  g_test_add_func ("/mhl/manifest/no-namespace-metadata", test_no_namespace_metadata);
  g_test_add_func ("/mhl/manifest/entry-properties", test_entry_properties);
  g_test_add_func ("/mhl/manifest/xsd-example", test_xsd_example);
  g_test_add_func ("/mhl/manifest/write-new", test_write_new);
  g_test_add_func ("/mhl/manifest/write-refuses", test_write_refuses);
  g_test_add_func ("/mhl/manifest/file-names", test_file_names);
  g_test_add_func ("/mhl/manifest/dates", test_dates);
  g_test_add_func ("/mhl/chain", test_chain);
  g_test_add_func ("/mhl/legacy/hashes", test_legacy);
  g_test_add_func ("/mhl/legacy/encodings", test_legacy_encodings);

  return g_test_run ();
}
