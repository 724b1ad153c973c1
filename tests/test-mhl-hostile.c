/* test-mhl-hostile.c
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

#define G_LOG_DOMAIN "test-mhl-hostile"

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* Manifests and chains written to hurt: external entities, entity
 * expansion, bad paths and hashes, truncation, garbage. Each must be
 * refused with an INGEST_MHL_ERROR naming the document and line. */

#define HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n" \
  "  <creatorinfo>\n" \
  "    <creationdate>2020-01-16T09:15:00+00:00</creationdate>\n" \
  "    <hostname>h</hostname>\n" \
  "    <tool version=\"1\">t</tool>\n" \
  "  </creatorinfo>\n" \
  "  <processinfo>\n" \
  "    <process>in-place</process>\n" \
  "  </processinfo>\n" \
  "  <hashes>\n"
/* HEAD has 11 lines; the first <hash> is on line 12. */
#define TAIL \
  "  </hashes>\n" \
  "</hashlist>\n"
#define HASH(path, fmt, value) \
  "    <hash>\n" \
  "      <path size=\"1\">" path "</path>\n" \
  "      <" fmt " action=\"original\">" value "</" fmt ">\n" \
  "    </hash>\n"
#define OK_HASH(path) HASH (path, "xxh64", "0ea03b369a463d9d")

static guint n_entity_loads;

static xmlParserInputPtr
recording_loader (const char       *url,
                  const char       *id,
                  xmlParserCtxtPtr  ctxt)
{
  n_entity_loads++;
  return NULL;
}

static IngestMhlManifest *
parse (const char  *doc,
       gssize       len,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (doc, len < 0 ? strlen (doc) : (gsize) len);

  return ingest_mhl_manifest_new_from_bytes (bytes, "0002_EVIL_2020-01-17_143000Z.mhl", error);
}

/* The same document in UTF-16LE with a BOM: the byte-level DOCTYPE check
 * cannot see it, so libxml2's own limits and our DOCTYPE node check must hold. */
static GBytes *
utf16 (const char *doc,
       gsize       len)
{
  g_autoptr(GError) error = NULL;
  gsize out_len = 0;
  g_autofree char *converted = NULL;
  g_autofree char *with_decl = NULL;
  char *buf;

  with_decl = ingest_test_replace (doc, "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>");
  converted = g_convert (with_decl, -1, "UTF-16LE", "UTF-8", NULL, &out_len, &error);
  g_assert_no_error (error);
  buf = g_malloc (out_len + 2);
  buf[0] = (char) 0xff;
  buf[1] = (char) 0xfe;
  memcpy (buf + 2, converted, out_len);
  return g_bytes_new_take (buf, out_len + 2);
}

static void
assert_refused (const char *doc,
                int         code,
                guint       line,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestMhlManifest) manifest = parse (doc, -1, &error);
  g_autofree char *prefix = g_strdup_printf ("0002_EVIL_2020-01-17_143000Z.mhl:%u: ", line);

  g_assert_null (manifest);
  g_assert_error (error, INGEST_MHL_ERROR, code);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with “%s”", error->message, prefix);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* XXE: an external entity naming a local file is never loaded, and its
 * contents never appear. */
static void
test_xxe (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("mhl-xxe-XXXXXX");
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *uri = g_filename_to_uri (secret, NULL, NULL);
  g_autofree char *doc = NULL;
  g_autofree char *dtd_doc = NULL;
  g_autofree char *param_doc = NULL;
  xmlExternalEntityLoader saved = xmlGetExternalEntityLoader ();
  const char *docs[3];

  ingest_test_write_file (secret, "TOPSECRET", 9);
  doc = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE hashlist [ <!ENTITY x SYSTEM \"%s\"> ]>\n"
                         "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
                         "<creatorinfo><hostname>&x;</hostname></creatorinfo>\n"
                         "</hashlist>\n", uri);
  dtd_doc = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                             "<!DOCTYPE hashlist SYSTEM \"%s\">\n"
                             "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\"/>\n", uri);
  param_doc = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                               "<!DOCTYPE hashlist [ <!ENTITY %% p SYSTEM \"%s\"> %%p; ]>\n"
                               "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\"/>\n", uri);
  docs[0] = doc;
  docs[1] = dtd_doc;
  docs[2] = param_doc;

  xmlSetExternalEntityLoader (recording_loader);
  n_entity_loads = 0;
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlManifest) manifest = parse (docs[i], -1, &error);
      g_autoptr(GBytes) chain_bytes = NULL;
      g_autoptr(IngestMhlChain) chain = NULL;
      g_autofree char *chain_doc = ingest_test_replace (docs[i], "hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\"",
                                                        "ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"");

      g_assert_null (manifest);
      g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE);
      g_assert_null (strstr (error->message, "TOPSECRET"));
      g_test_message ("%s", error->message);
      g_clear_error (&error);

      chain_bytes = g_bytes_new (chain_doc, strlen (chain_doc));
      chain = ingest_mhl_chain_new_from_bytes (chain_bytes, "ascmhl_chain.xml", &error);
      g_assert_null (chain);
      g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE);
      g_assert_null (strstr (error->message, "TOPSECRET"));
      g_clear_error (&error);

      {
        g_autoptr(GBytes) wide = utf16 (docs[i], strlen (docs[i]));
        g_autoptr(IngestMhlManifest) wide_manifest = ingest_mhl_manifest_new_from_bytes (wide, "wide.mhl", &error);

        g_assert_null (wide_manifest);
        g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE);
        g_assert_null (strstr (error->message, "TOPSECRET"));
        g_test_message ("UTF-16: %s", error->message);
      }
    }
  xmlSetExternalEntityLoader (saved);
  g_assert_cmpuint (n_entity_loads, ==, 0);

  /* A DOCTYPE alone is refused too, with a clear reason. */
  assert_refused ("<?xml version=\"1.0\"?>\n<!DOCTYPE hashlist>\n"
                  "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\"/>\n",
                  INGEST_MHL_ERROR_PARSE, 2, "DOCTYPE");

  ingest_test_rm_rf (dir);
}

/* Billion laughs (and a quadratic blow-up) end quickly with an error. */
static void
test_entity_expansion (void)
{
  g_autoptr(GString) laughs = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE hashlist [\n"
                                            "<!ENTITY l0 \"ha\">\n");
  g_autoptr(GString) quadratic = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE hashlist [\n<!ENTITY a \"");
  gint64 start = g_get_monotonic_time ();

  for (guint i = 1; i <= 10; i++)
    g_string_append_printf (laughs, "<!ENTITY l%u \"&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;\">\n",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (laughs, "]>\n<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
                           "<creatorinfo><hostname>&l10;</hostname></creatorinfo></hashlist>\n");

  for (guint i = 0; i < 50000; i++)
    g_string_append_c (quadratic, 'x');
  g_string_append (quadratic, "\">\n]>\n<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n<creatorinfo><hostname>");
  for (guint i = 0; i < 50000; i++)
    g_string_append (quadratic, "&a;");
  g_string_append (quadratic, "</hostname></creatorinfo></hashlist>\n");

  for (guint i = 0; i < 2; i++)
    {
      GString *doc = i == 0 ? laughs : quadratic;
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlManifest) manifest = parse (doc->str, doc->len, &error);

      g_autoptr(GBytes) wide = utf16 (doc->str, doc->len);
      g_autoptr(IngestMhlManifest) wide_manifest = NULL;

      g_assert_null (manifest);
      g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE);
      g_clear_error (&error);

      wide_manifest = ingest_mhl_manifest_new_from_bytes (wide, "wide.mhl", &error);
      g_assert_null (wide_manifest);
      g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE);
      g_test_message ("UTF-16: %s", error->message);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* Each bad value is refused with its code, the manifest name and the line. */
static void
test_bad_values (void)
{
  static const struct { const char *doc; int code; guint line; const char *needle; } cases[] = {
    /* paths */
    { HEAD OK_HASH ("ok.mov") OK_HASH ("/etc/passwd") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 17, "absolute" },
    { HEAD OK_HASH ("../../etc/passwd") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, ".." },
    { HEAD OK_HASH ("Clips/../../x") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, ".." },
    { HEAD OK_HASH ("Clips/./x") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, "“.”" },
    { HEAD OK_HASH ("..") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, NULL },
    { HEAD OK_HASH ("Clips\\x.mov") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, "backslash" },
    { HEAD OK_HASH ("Clips//x.mov") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, "empty segment" },
    { HEAD OK_HASH ("") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, "empty path" },
    { HEAD OK_HASH ("tab&#9;name") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, "control" },
    { HEAD OK_HASH ("line&#10;break") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, "control" },
    { HEAD OK_HASH ("del&#127;") TAIL, INGEST_MHL_ERROR_INVALID_PATH, 13, "control" },
    { HEAD OK_HASH ("a.mov") "    <hash><path>b</path><previousPath>/abs</previousPath></hash>\n" TAIL,
      INGEST_MHL_ERROR_INVALID_PATH, 16, "absolute" },
    /* characters XML itself forbids: libxml2 refuses the document */
    { HEAD OK_HASH ("nul&#0;") TAIL, INGEST_MHL_ERROR_PARSE, 13, NULL },
    { HEAD OK_HASH ("ctl&#1;") TAIL, INGEST_MHL_ERROR_PARSE, 13, NULL },
    { HEAD OK_HASH ("raw\x01") TAIL, INGEST_MHL_ERROR_PARSE, 13, NULL },
    { HEAD OK_HASH ("bad\xff\xfe") TAIL, INGEST_MHL_ERROR_PARSE, 13, NULL },
    /* duplicates, also through the trailing '/' */
    { HEAD OK_HASH ("a.mov") OK_HASH ("b.mov") OK_HASH ("a.mov") TAIL, INGEST_MHL_ERROR_DUPLICATE_PATH, 20, "a.mov" },
    { HEAD "    <directoryhash><path>Clips</path><content/><structure/></directoryhash>\n"
           "    <directoryhash><path>Clips/</path><content/><structure/></directoryhash>\n" TAIL,
      INGEST_MHL_ERROR_DUPLICATE_PATH, 13, "Clips" },
    /* hashes */
    { HEAD HASH ("a", "xxh64", "0ea03b369a463d9") TAIL, INGEST_MHL_ERROR_INVALID_HASH, 14, "0ea03b369a463d9" },
    { HEAD HASH ("a", "xxh64", "0ea03b369a463d9d0") TAIL, INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD HASH ("a", "xxh64", "0ea03b369a463d9g") TAIL, INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD HASH ("a", "md5", "") TAIL, INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD HASH ("a", "sha1", "da39a3ee5e6b4b0d3255bfef95601890afd8070") TAIL, INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD HASH ("a", "xxh128", "99aa06d3014798d86001c324468d497") TAIL, INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD HASH ("a", "c4", "c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sF0") TAIL,
      INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD HASH ("a", "c4", "c459dsjf") TAIL, INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD HASH ("a", "c4", "zz59dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT") TAIL,
      INGEST_MHL_ERROR_INVALID_HASH, 14, NULL },
    { HEAD "    <hash><path>a</path><xxh64>0ea03b369a463d9d</xxh64><xxh64>0ea03b369a463d9d</xxh64></hash>\n" TAIL,
      INGEST_MHL_ERROR_INVALID_HASH, 12, "twice" },
    /* other values */
    { HEAD HASH ("a", "xxh64\" action=\"new", "0ea03b369a463d9d") TAIL, INGEST_MHL_ERROR_PARSE, 14, NULL },
    { HEAD "    <hash><path>a</path>\n<xxh64 action=\"new\">0ea03b369a463d9d</xxh64></hash>\n" TAIL,
      INGEST_MHL_ERROR_INVALID_VALUE, 13, "new" },
    { HEAD "    <hash><path size=\"-1\">a</path></hash>\n" TAIL, INGEST_MHL_ERROR_INVALID_VALUE, 12, "size" },
    { HEAD "    <hash><path size=\"12k\">a</path></hash>\n" TAIL, INGEST_MHL_ERROR_INVALID_VALUE, 12, "size" },
    { HEAD "    <hash><xxh64>0ea03b369a463d9d</xxh64><path>a</path></hash>\n" TAIL, INGEST_MHL_ERROR_PARSE, 12, "<path>" },
    { HEAD "    <hash/>\n" TAIL, INGEST_MHL_ERROR_PARSE, 12, "<path>" },
    { HEAD "    <hash><path>a<b/></path></hash>\n" TAIL, INGEST_MHL_ERROR_PARSE, 12, "unexpected element" },
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
      "<processinfo><process>copy</process></processinfo></hashlist>\n", INGEST_MHL_ERROR_INVALID_VALUE, 3, "copy" },
    /* versions and roots */
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"3.0\" xmlns=\"urn:ASC:MHL:v2.0\"/>\n", INGEST_MHL_ERROR_UNSUPPORTED_VERSION, 2, "3.0" },
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"1.1\" xmlns=\"urn:ASC:MHL:v2.0\"/>\n", INGEST_MHL_ERROR_UNSUPPORTED_VERSION, 2, "1.1" },
    { "<?xml version=\"1.0\"?>\n\n<hashlist xmlns=\"urn:ASC:MHL:v2.0\"/>\n", INGEST_MHL_ERROR_UNSUPPORTED_VERSION, 3, "version" },
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"1.5\"/>\n", INGEST_MHL_ERROR_UNSUPPORTED_VERSION, 2, "1.5" },
    { "<?xml version=\"1.0\"?>\n<html><body/></html>\n", INGEST_MHL_ERROR_PARSE, 2, "root element" },
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"2.0\" xmlns=\"urn:other\"/>\n", INGEST_MHL_ERROR_PARSE, 2, "root element" },
    /* not well-formed */
    { HEAD OK_HASH ("a") "  </hashez>\n</hashlist>\n", INGEST_MHL_ERROR_PARSE, 16, NULL },
    { HEAD OK_HASH ("a") TAIL "<hashlist/>\n", INGEST_MHL_ERROR_PARSE, 18, NULL },
    { HEAD OK_HASH ("a&undefined;") TAIL, INGEST_MHL_ERROR_PARSE, 13, NULL },
    { "", INGEST_MHL_ERROR_PARSE, 1, "empty" },
    /* legacy documents get the same path and hash checks */
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"1.1\">\n<hash><file>../x</file><size>1</size></hash>\n</hashlist>\n",
      INGEST_MHL_ERROR_INVALID_PATH, 3, ".." },
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"1.1\">\n<hash><file>x</file><size>1</size>\n<xxhash>4294967296</xxhash></hash>\n</hashlist>\n",
      INGEST_MHL_ERROR_INVALID_HASH, 4, NULL },
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"1.1\">\n<hash><file>x</file>\n<xxhash64>abc</xxhash64></hash>\n</hashlist>\n",
      INGEST_MHL_ERROR_INVALID_HASH, 4, NULL },
    { "<?xml version=\"1.0\"?>\n<hashlist version=\"1.0\">\n<hash><file>x</file></hash>\n<hash><file>x</file></hash>\n</hashlist>\n",
      INGEST_MHL_ERROR_DUPLICATE_PATH, 4, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      assert_refused (cases[i].doc, cases[i].code, cases[i].line, cases[i].needle);
    }
}

static void
test_bad_chains (void)
{
  static const struct { const char *doc; int code; } cases[] = {
    { "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"><hashlist><path>/etc/passwd</path>"
      "<c4>c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT</c4></hashlist></ascmhldirectory>",
      INGEST_MHL_ERROR_INVALID_PATH },
    { "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"><hashlist><path>a.mhl</path><c4>c4xyz</c4></hashlist></ascmhldirectory>",
      INGEST_MHL_ERROR_INVALID_HASH },
    { "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"><hashlist sequencenr=\"one\"><path>a.mhl</path>"
      "<c4>c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT</c4></hashlist></ascmhldirectory>",
      INGEST_MHL_ERROR_INVALID_VALUE },
    { "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"><hashlist><path>a.mhl</path></hashlist></ascmhldirectory>",
      INGEST_MHL_ERROR_PARSE },
    { "<ascmhldirectory xmlns=\"urn:ASC:MHL:v2.0\"/>", INGEST_MHL_ERROR_PARSE },
    { "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\"><hashlist>", INGEST_MHL_ERROR_PARSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].doc, strlen (cases[i].doc));
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlChain) chain = ingest_mhl_chain_new_from_bytes (bytes, "ascmhl_chain.xml", &error);

      g_assert_null (chain);
      g_assert_error (error, INGEST_MHL_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "ascmhl_chain.xml:1: "));
    }
}

static char *
golden_manifest (gsize *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ascmhl", "scenarios", "scenario_05",
                                                 "file_server", "Reels", "ascmhl",
                                                 "0001_Reels_2020-01-17_143000Z.mhl", NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

/* Every prefix of a real manifest is refused (the whole one is not). */
static void
test_truncated (void)
{
  gsize len;
  g_autofree char *doc = golden_manifest (&len);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlManifest) manifest = NULL;

      /* A cut in the final newline leaves a complete document. */
      if (cut == len - 1)
        continue;
      manifest = parse (doc, cut, &error);
      g_assert_null (manifest);
      g_assert_error (error, INGEST_MHL_ERROR, INGEST_MHL_ERROR_PARSE);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IngestMhlManifest) manifest = parse (doc, len, &error);
    g_assert_no_error (error);
  }
}

/* Random bytes and random mutations of a real manifest: no crash, and
 * either a manifest or an error. */
static void
test_garbage (void)
{
  gsize len;
  g_autofree char *doc = golden_manifest (&len);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  guint n_parsed = 0;

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *buf = NULL;
      gsize buf_len;
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestMhlManifest) manifest = NULL;
      g_autoptr(IngestMhlChain) chain = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (i % 2 == 0)
        {
          buf_len = g_rand_int_range (rand, 0, 512);
          buf = g_malloc (buf_len + 1);
          for (gsize j = 0; j < buf_len; j++)
            buf[j] = (char) g_rand_int_range (rand, 0, 256);
        }
      else
        {
          guint n = g_rand_int_range (rand, 1, 8);

          buf = g_memdup2 (doc, len);
          buf_len = len;
          for (guint j = 0; j < n; j++)
            buf[g_rand_int_range (rand, 0, len)] = "<>&/\"'=x \n\0\xff"[g_rand_int_range (rand, 0, 13)];
        }

      manifest = parse (buf, buf_len, &error);
      g_assert_true ((manifest == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_true (error->domain == INGEST_MHL_ERROR);
      else
        n_parsed++;
      g_clear_error (&error);

      bytes = g_bytes_new (buf, buf_len);
      chain = ingest_mhl_chain_new_from_bytes (bytes, "ascmhl_chain.xml", &error);
      g_assert_true ((chain == NULL) != (error == NULL));
    }
  g_test_message ("%u mutated manifests still parsed", n_parsed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/mhl/hostile/xxe", test_xxe);
  g_test_add_func ("/mhl/hostile/entity-expansion", test_entity_expansion);
  g_test_add_func ("/mhl/hostile/bad-values", test_bad_values);
  g_test_add_func ("/mhl/hostile/bad-chains", test_bad_chains);
  g_test_add_func ("/mhl/hostile/truncated", test_truncated);
  g_test_add_func ("/mhl/hostile/garbage", test_garbage);

  return g_test_run ();
}
