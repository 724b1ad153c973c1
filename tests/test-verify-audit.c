/* test-verify-audit.c
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

#define G_LOG_DOMAIN "test-verify-audit"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-test-util.h"

/*
 * Hostile cases for the verification chain: a drive, a history or a manifest
 * built to make a file look verified when it is not. Every case runs the
 * real command line (`ingestctl mhl verify` / `ingestctl validate`, with
 * --json and their exit codes); expected hashes come from xxhsum, never
 * from our hasher.
 */

#define EXIT_MHL_FAILED 11
#define EXIT_MHL_NEW 21
#define EXIT_MHL_CHAIN_MISMATCH 31
#define EXIT_VALIDATE_PROBLEMS 3
#define EXIT_VALIDATE_FAILURE 1

typedef struct {
  char *dir;
} Fixture;

/* One <hash> of a hand-written manifest. */
typedef struct {
  const char *path;
  gint64      size;     /* -1: no size attribute */
  const char *kind;     /* element name: xxh64, xxh3, md5 ... */
  const char *value;
  const char *action;   /* NULL: no action attribute */
} Hash;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("verify-audit-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
skip_without_tools (void)
{
  if (g_getenv ("INGESTCTL") == NULL)
    {
      g_test_skip ("INGESTCTL is not set (run through meson test)");
      return TRUE;
    }
  return !ingest_test_require_programs ("xxhash", "xxhsum", NULL);
}

static char *
path_of (Fixture    *fixture,
         const char *relative)
{
  return g_build_filename (fixture->dir, relative, NULL);
}

static void
put (Fixture    *fixture,
     const char *relative,
     const char *text)
{
  g_autofree char *path = path_of (fixture, relative);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  ingest_test_write_file (path, text, strlen (text));
}

/* xxh64 of a file, by xxhsum */
static char *
xxh64_of (Fixture    *fixture,
          const char *relative)
{
  g_autofree char *path = path_of (fixture, relative);

  return ingest_test_tool_hash ("xxhsum", "-H1", path);
}

static char *
manifest_text (const Hash *hashes,
               guint       n)
{
  GString *text = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
                                "  <creatorinfo><creationdate>2026-11-22T00:00:00+00:00</creationdate>"
                                "<hostname>h</hostname><tool version=\"1\">hand</tool></creatorinfo>\n"
                                "  <processinfo><process>in-place</process></processinfo>\n"
                                "  <hashes>\n");

  for (guint i = 0; i < n; i++)
    {
      g_string_append (text, "    <hash><path");
      if (hashes[i].size >= 0)
        g_string_append_printf (text, " size=\"%" G_GINT64_FORMAT "\"", hashes[i].size);
      g_string_append_printf (text, ">%s</path><%s", hashes[i].path, hashes[i].kind);
      if (hashes[i].action != NULL)
        g_string_append_printf (text, " action=\"%s\"", hashes[i].action);
      g_string_append_printf (text, " hashdate=\"2026-11-22T00:00:00+00:00\">%s</%s></hash>\n",
                              hashes[i].value, hashes[i].kind);
    }
  g_string_append (text, "  </hashes>\n</hashlist>\n");
  return g_string_free (text, FALSE);
}

static void
put_manifest (Fixture    *fixture,
              const char *relative,
              const Hash *hashes,
              guint       n)
{
  g_autofree char *text = manifest_text (hashes, n);

  put (fixture, relative, text);
}

/* Generation @generation of the history of @root ("Card"), listed in no chain yet. */
static char *
put_generation (Fixture    *fixture,
                const char *root,
                guint       generation,
                const Hash *hashes,
                guint       n)
{
  char *name = g_strdup_printf ("%04u_%s_2026-11-22_00000%uZ.mhl", generation, root, generation);
  g_autofree char *relative = g_strdup_printf ("%s/ascmhl/%s", root, name);

  put_manifest (fixture, relative, hashes, n);
  return name;
}

/* The chain of @root's history listing @names with @format hashes of their
 * bytes (@value overrides the computed one when set). */
static void
put_chain (Fixture            *fixture,
           const char         *root,
           const char * const *names,
           const char         *format,
           const char         *value)
{
  g_autoptr(GString) text = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                          "<ascmhldirectory xmlns=\"urn:ASC:MHL:DIRECTORY:v2.0\">\n");
  g_autofree char *relative = g_strdup_printf ("%s/ascmhl/ascmhl_chain.xml", root);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *manifest = g_strdup_printf ("%s/%s/ascmhl/%s", fixture->dir, root, names[i]);
      g_autofree char *computed = NULL;
      g_autofree char *contents = NULL;
      gsize len;
      IngestHashKind kind = INGEST_HASH_C4;

      g_assert_true (g_file_get_contents (manifest, &contents, &len, NULL));
      if (ingest_hash_kind_from_name (format, &kind))
        computed = ingest_hash_bytes (kind, contents, len);
      g_string_append_printf (text, "  <hashlist sequencenr=\"%u\"><path>%s</path><%s>%s</%s></hashlist>\n",
                              i + 1, names[i], format, value != NULL ? value : computed, format);
    }
  g_string_append (text, "</ascmhldirectory>\n");
  put (fixture, relative, text->str);
}

/* Runs ingestctl with @args (NULL-terminated); returns its --json output. */
static JsonObject *
run_json (const char * const *args,
          int                *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("INGESTCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--json");
  g_ptr_array_add (argv, NULL);
  out = ingest_test_run_capture ((const char * const *) argv->pdata, status);
  if (out == NULL || out[0] == '\0')
    return NULL;
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
mhl_verify (Fixture    *fixture,
            const char *root,
            int        *status)
{
  g_autofree char *path = path_of (fixture, root);
  const char *args[] = { "mhl", "verify", path, NULL };

  return run_json (args, status);
}

/* validate @root without a catalog, with an optional --expected file */
static JsonObject *
validate (Fixture    *fixture,
          const char *root,
          const char *expected,
          int        *status)
{
  g_autofree char *path = path_of (fixture, root);
  g_autofree char *expected_path = expected != NULL ? path_of (fixture, expected) : NULL;
  const char *args[] = { "validate", path, "--no-catalog", NULL, NULL, NULL };

  if (expected_path != NULL)
    {
      args[3] = "--expected";
      args[4] = expected_path;
    }
  return run_json (args, status);
}

/* The status of @path in a result list ("files" of validate, "results" of mhl), or NULL. */
static const char *
status_in (JsonObject *json,
           const char *member,
           const char *path)
{
  JsonArray *list = json_object_get_array_member (json, member);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (item, "path"), path) == 0)
        return json_object_get_string_member (item, "status");
    }
  return NULL;
}

#define FILE_STATUS(json, path) status_in ((json), "files", (path))
#define MHL_STATUS(json, path) status_in ((json), "results", (path))

static gint64
count_in (JsonObject *json,
          const char *status)
{
  return json_object_get_int_member (json_object_get_object_member (json, "counts"), status);
}

/* validate --json when the run could not validate: an error object, never a verdict */
static void
assert_manifest_error (JsonObject *json)
{
  g_assert_nonnull (json);
  g_assert_cmpstr (json_object_get_string_member (json, "verdict"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json, "error"), "class"), ==, "manifest");
  g_assert_false (json_object_has_member (json, "files"));
}

/* Symbolic links on a drive: never read outside it, never verified as such. */
static void
test_symlinks (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *outside = path_of (fixture, "outside.txt");
  g_autofree char *secret_hash = NULL;
  g_autofree char *clip_hash = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *text = NULL;
  g_autofree char *link = path_of (fixture, "Card/link.mov");
  g_autofree char *absolute = path_of (fixture, "Card/abs.mov");
  g_autofree char *inside = path_of (fixture, "Card/inside.mov");
  g_autofree char *dangling = path_of (fixture, "Card/dangling.mov");
  g_autofree char *loop = path_of (fixture, "Card/Sub/loop");
  g_autoptr(JsonObject) json = NULL;
  const char *create[] = { "mhl", "create", card, "-h", "xxh64", NULL };
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/A001.mov", "camera original\n");
  put (fixture, "Card/Sub/B.mov", "bee\n");
  put (fixture, "outside.txt", "not on the card\n");
  secret_hash = xxh64_of (fixture, "outside.txt");
  clip_hash = xxh64_of (fixture, "Card/A001.mov");
  g_assert_cmpint (symlink ("../outside.txt", link), ==, 0);
  g_assert_cmpint (symlink (outside, absolute), ==, 0);
  g_assert_cmpint (symlink ("A001.mov", inside), ==, 0);
  g_assert_cmpint (symlink ("nowhere.mov", dangling), ==, 0);
  g_assert_cmpint (symlink ("..", loop), ==, 0);

  /* create: links that leave the card are reported and never recorded */
  json = run_json (create, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (MHL_STATUS (json, "link.mov"), ==, "skipped");
  g_assert_cmpstr (MHL_STATUS (json, "abs.mov"), ==, "skipped");
  g_assert_cmpstr (MHL_STATUS (json, "dangling.mov"), ==, "skipped");
  g_assert_cmpstr (MHL_STATUS (json, "Sub/loop"), ==, "symlink-directory");
  g_assert_cmpstr (MHL_STATUS (json, "inside.mov"), ==, "new");
  latest = g_strdup_printf ("%s/%s", card,
                            json_array_get_string_element (json_object_get_array_member (json, "manifests"), 0));
  g_assert_true (g_file_get_contents (latest, &text, NULL, NULL));
  g_assert_null (strstr (text, "link.mov"));
  g_assert_null (strstr (text, "abs.mov"));
  g_assert_null (strstr (text, secret_hash));
  /* a link to a file on the card is read like the reference does: its target's bytes */
  g_assert_nonnull (strstr (text, ">inside.mov</path>"));
  g_clear_pointer (&json, json_object_unref);

  /* validate: the links are not verified; the drive verifies what is on it */
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (FILE_STATUS (json, "link.mov"), ==, "ignored");
  g_assert_cmpstr (FILE_STATUS (json, "abs.mov"), ==, "ignored");
  g_assert_cmpstr (FILE_STATUS (json, "inside.mov"), ==, "verified");
  g_assert_cmpint (count_in (json, "verified"), ==, 3);
  g_clear_pointer (&json, json_object_unref);

  /* A manifest that names the links with the true hash of the outside file
   * must not make them verified: they are reported, not followed. */
  {
    Hash forged[] = {
      { "A001.mov", 16, "xxh64", clip_hash, "original" },
      { "link.mov", 16, "xxh64", secret_hash, "original" },
      { "abs.mov", 16, "xxh64", secret_hash, "original" },
    };

    put_manifest (fixture, "forged.mhl", forged, G_N_ELEMENTS (forged));
  }
  json = validate (fixture, "Card", "forged.mhl", &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (json_object_get_string_member (json, "verdict"), ==, "problems");
  g_assert_cmpstr (FILE_STATUS (json, "link.mov"), ==, "unreadable");
  g_assert_cmpstr (FILE_STATUS (json, "abs.mov"), ==, "unreadable");
  g_assert_cmpstr (FILE_STATUS (json, "A001.mov"), ==, "verified");
  g_clear_pointer (&json, json_object_unref);

  /* The same claim in a history (as a tool that follows links would write it). */
  {
    Hash recorded[] = {
      { "A001.mov", 16, "xxh64", clip_hash, "original" },
      { "link.mov", 16, "xxh64", secret_hash, "original" },
    };
    g_autofree char *name = NULL;
    g_autofree char *linked = path_of (fixture, "Linked/link.mov");
    const char *names[2] = { NULL, NULL };

    put (fixture, "Linked/A001.mov", "camera original\n");
    g_assert_cmpint (symlink ("../outside.txt", linked), ==, 0);
    name = put_generation (fixture, "Linked", 1, recorded, G_N_ELEMENTS (recorded));
    names[0] = name;
    put_chain (fixture, "Linked", names, "c4", NULL);
  }
  json = mhl_verify (fixture, "Linked", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_FAILED);
  g_assert_cmpstr (MHL_STATUS (json, "link.mov"), ==, "unreadable");
  g_assert_cmpstr (MHL_STATUS (json, "A001.mov"), ==, "verified");
}

/* An IngestHashJob told not to follow links refuses one (the race where a
 * file is swapped for a link between the walk and the read). */
static void
test_hash_job_no_follow (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *target = path_of (fixture, "target.bin");
  g_autofree char *link = path_of (fixture, "link.bin");
  g_autoptr(IngestHashJob) job = NULL;
  g_autoptr(GError) error = NULL;

  put (fixture, "target.bin", "bytes\n");
  g_assert_cmpint (symlink (target, link), ==, 0);

  job = ingest_hash_job_new (link, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_assert_true (ingest_hash_job_run (job, NULL, NULL, NULL, NULL, NULL));
  g_assert_nonnull (job->digests[INGEST_HASH_XXH64]);

  job->no_follow = TRUE;
  g_assert_false (ingest_hash_job_run (job, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_null (job->digests[INGEST_HASH_XXH64]);
}

/* Manifest paths that try to leave the root are refused, never matched. */
static void
test_hostile_manifest_paths (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const hostile[] = {
    "../outside.txt", "/etc/passwd", "Clips\\..\\..\\outside.txt", "Clips/../../outside.txt", "./A.mov",
    "bad\xff.mov",   /* not UTF-8 */
  };
  g_autofree char *secret_hash = NULL;
  g_autofree char *clip_hash = NULL;
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/A.mov", "a\n");
  put (fixture, "outside.txt", "secret\n");
  secret_hash = xxh64_of (fixture, "outside.txt");
  clip_hash = xxh64_of (fixture, "Card/A.mov");

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      Hash hashes[] = {
        { "A.mov", 2, "xxh64", clip_hash, "original" },
        { hostile[i], 7, "xxh64", secret_hash, "original" },
      };
      g_autoptr(JsonObject) json = NULL;

      put_manifest (fixture, "hostile.mhl", hashes, G_N_ELEMENTS (hashes));
      json = validate (fixture, "Card", "hostile.mhl", &status);
      {
        /* TAP output must stay UTF-8: one of the names is not */
        g_autofree char *shown = g_strescape (hostile[i], NULL);

        g_test_message ("%s: exit %d", shown, status);
      }
      /* refused outright: the run could not validate against it */
      g_assert_cmpint (status, ==, EXIT_VALIDATE_FAILURE);
      assert_manifest_error (json);
    }

  /* Percent-encoding is not decoded: the name is literal and matches nothing. */
  {
    Hash hashes[] = {
      { "A.mov", 2, "xxh64", clip_hash, "original" },
      { "%2e%2e/outside.txt", 7, "xxh64", secret_hash, "original" },
    };
    g_autoptr(JsonObject) json = NULL;

    put_manifest (fixture, "hostile.mhl", hashes, G_N_ELEMENTS (hashes));
    json = validate (fixture, "Card", "hostile.mhl", &status);
    g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
    g_assert_cmpstr (FILE_STATUS (json, "%2e%2e/outside.txt"), ==, "missing");
    g_assert_cmpint (count_in (json, "verified"), ==, 1);
  }
}

/* Two files whose names differ only in NFC/NFD: one record never verifies both. */
static void
test_normalization_twins (Fixture       *fixture,
                          gconstpointer  data)
{
#define NFC "Caf\xc3\xa9.mov"
#define NFD "Cafe\xcc\x81.mov"
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *hash = NULL;
  g_autofree char *upper = NULL;
  g_autoptr(JsonObject) json = NULL;
  const char *create[] = { "mhl", "create", card, "-h", "xxh64", NULL };
  int status;

  if (skip_without_tools ())
    return;

  /* validate, --expected listing only the NFC name; both exist with the same bytes */
  put (fixture, "Card/" NFC, "same\n");
  put (fixture, "Card/" NFD, "same\n");
  put (fixture, "Card/A.MOV", "upper\n");
  put (fixture, "Card/a.mov", "upper\n");
  hash = xxh64_of (fixture, "Card/" NFC);
  upper = xxh64_of (fixture, "Card/A.MOV");
  {
    Hash hashes[] = {
      { NFC, 5, "xxh64", hash, "original" },
      { "A.MOV", 6, "xxh64", upper, "original" },
    };

    put_manifest (fixture, "expected.mhl", hashes, G_N_ELEMENTS (hashes));
  }
  json = validate (fixture, "Card", "expected.mhl", &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, NFC), ==, "verified");
  g_assert_cmpstr (FILE_STATUS (json, NFD), ==, "extra");
  g_assert_cmpstr (FILE_STATUS (json, "A.MOV"), ==, "verified");
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), ==, "extra");
  g_assert_cmpint (count_in (json, "verified"), ==, 2);
  g_clear_pointer (&json, json_object_unref);

  /* Only the NFD twin on disk: it still matches the NFC record. */
  {
    g_autofree char *nfc = path_of (fixture, "Card/" NFC);

    g_assert_cmpint (g_unlink (nfc), ==, 0);
  }
  json = validate (fixture, "Card", "expected.mhl", &status);
  g_assert_cmpstr (FILE_STATUS (json, NFD), ==, "verified");
  g_clear_pointer (&json, json_object_unref);

  /* mhl verify: a history of the NFC name only; the NFD twin appears later */
  ingest_test_rm_rf (card);
  put (fixture, "Card/" NFC, "same\n");
  json = run_json (create, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&json, json_object_unref);
  put (fixture, "Card/" NFD, "same\n");
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_NEW);
  g_assert_cmpstr (MHL_STATUS (json, NFC), ==, "verified");
  g_assert_cmpstr (MHL_STATUS (json, NFD), ==, "new");
  g_assert_cmpint (count_in (json, "verified"), ==, 1);
#undef NFC
#undef NFD
}

/* Hash semantics: what a record says, and what it does not. */
static void
test_record_semantics (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *gen1 = NULL;
  g_autofree char *gen2 = NULL;
  g_autoptr(JsonObject) json = NULL;
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/a.mov", "hello\n");
  put (fixture, "Card/b.mov", "abc");
  put (fixture, "Card/empty.mov", "");
  put (fixture, "Card/empty2.mov", "");
  put (fixture, "Card/failed.mov", "damaged\n");
  put (fixture, "Card/wrongformat.mov", "x\n");
  a = xxh64_of (fixture, "Card/a.mov");
  b = xxh64_of (fixture, "Card/b.mov");
  empty = xxh64_of (fixture, "Card/empty.mov");
  upper = g_ascii_strup (a, -1);

  /* --expected: a size that lies (hash right), uppercase hex, empty files with
   * and without size, only failed, an xxh64 value in an xxh3 element */
  {
    g_autofree char *wrong = xxh64_of (fixture, "Card/wrongformat.mov");
    g_autofree char *failed = xxh64_of (fixture, "Card/failed.mov");
    Hash hashes[] = {
      { "a.mov", 6, "xxh64", upper, "original" },
      { "b.mov", 999, "xxh64", b, "original" },
      { "empty.mov", -1, "xxh64", empty, "original" },
      { "empty2.mov", 0, "xxh64", empty, NULL },
      { "failed.mov", 8, "xxh64", failed, "failed" },
      { "wrongformat.mov", 2, "xxh3", wrong, "original" },
    };

    put_manifest (fixture, "expected.mhl", hashes, G_N_ELEMENTS (hashes));
  }
  json = validate (fixture, "Card", "expected.mhl", &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), ==, "verified");
  g_assert_cmpstr (FILE_STATUS (json, "b.mov"), ==, "mismatch");
  g_assert_cmpstr (FILE_STATUS (json, "empty.mov"), ==, "verified");
  g_assert_cmpstr (FILE_STATUS (json, "empty2.mov"), ==, "verified");
  g_assert_cmpstr (FILE_STATUS (json, "failed.mov"), ==, "mismatch");
  g_assert_cmpstr (FILE_STATUS (json, "wrongformat.mov"), ==, "mismatch");
  g_clear_pointer (&json, json_object_unref);

  /* A history: generation 1 right, generation 2 records another "original"
   * for a.mov and another size for b.mov. The history contradicts itself:
   * neither file is verified, whichever generation is right. */
  {
    Hash first[] = {
      { "a.mov", 6, "xxh64", a, "original" },
      { "b.mov", 3, "xxh64", b, "original" },
      { "empty.mov", 0, "xxh64", empty, "original" },
    };
    Hash second[] = {
      { "a.mov", 6, "xxh64", "0123456789abcdef", "original" },
      { "b.mov", 4, "xxh64", b, "verified" },
      { "empty.mov", -1, "xxh64", empty, "verified" },
    };
    const char *names[3] = { NULL, NULL, NULL };

    put (fixture, "Hist/a.mov", "hello\n");
    put (fixture, "Hist/b.mov", "abc");
    put (fixture, "Hist/empty.mov", "");
    gen1 = put_generation (fixture, "Hist", 1, first, G_N_ELEMENTS (first));
    gen2 = put_generation (fixture, "Hist", 2, second, G_N_ELEMENTS (second));
    names[0] = gen1;
    names[1] = gen2;
    put_chain (fixture, "Hist", names, "c4", NULL);
  }
  json = mhl_verify (fixture, "Hist", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_FAILED);
  g_assert_cmpstr (MHL_STATUS (json, "a.mov"), ==, "failed");
  g_assert_cmpstr (MHL_STATUS (json, "b.mov"), ==, "failed");
  /* the reference writes no size for empty files: that is no contradiction */
  g_assert_cmpstr (MHL_STATUS (json, "empty.mov"), ==, "verified");
  g_clear_pointer (&json, json_object_unref);

  json = validate (fixture, "Hist", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), ==, "mismatch");
  g_assert_cmpstr (FILE_STATUS (json, "b.mov"), ==, "mismatch");
  g_assert_cmpstr (FILE_STATUS (json, "empty.mov"), ==, "verified");
}

/* A recorded folder that is a file now, and a recorded file that is a folder:
 * neither is matched to the other's record. */
static void
test_file_folder_swap (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *x = path_of (fixture, "Card/X");
  g_autofree char *y = path_of (fixture, "Card/Y");
  const char *seal[] = { "mhl", "create", card, "-h", "xxh64", NULL };
  g_autoptr(JsonObject) json = NULL;
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/X/in.mov", "x\n");
  put (fixture, "Card/Y", "y\n");
  json = run_json (seal, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&json, json_object_unref);

  ingest_test_rm_rf (x);
  ingest_test_rm_rf (y);
  put (fixture, "Card/X", "x\n");
  put (fixture, "Card/Y/f", "y\n");
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpint (count_in (json, "verified"), ==, 0);
  g_assert_cmpstr (MHL_STATUS (json, "X"), !=, "verified");
  g_clear_pointer (&json, json_object_unref);
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpint (count_in (json, "verified"), ==, 0);
}

/* mhl verify: a renamed file is not "all verified" (the reference says new, 21). */
static void
test_verify_renamed_is_not_ok (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *a = path_of (fixture, "Card/A001.mov");
  g_autofree char *c = path_of (fixture, "Card/A001_renamed.mov");
  const char *seal[] = { "mhl", "create", card, "-h", "xxh64", NULL };
  g_autoptr(JsonObject) json = NULL;
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/A001.mov", "a\n");
  put (fixture, "Card/B001.mov", "b\n");
  json = run_json (seal, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&json, json_object_unref);
  g_assert_cmpint (g_rename (a, c), ==, 0);
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_NEW);
  g_assert_cmpstr (MHL_STATUS (json, "A001_renamed.mov"), ==, "renamed");
  g_clear_pointer (&json, json_object_unref);
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, "A001_renamed.mov"), ==, "renamed");
}

/* The chain vouches for manifests; nothing else does. */
static void
test_chain_integrity (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *gen1 = NULL;
  g_autofree char *stray = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(JsonObject) json = NULL;
  const char *names[2] = { NULL, NULL };
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/a.mov", "hello\n");
  a = xxh64_of (fixture, "Card/a.mov");
  {
    Hash hashes[] = { { "a.mov", 6, "xxh64", "0123456789abcdef", "original" } };

    gen1 = put_generation (fixture, "Card", 1, hashes, 1);
    names[0] = gen1;
  }

  /* A chain entry in md5 (another tool's) is checked in md5: right, it vouches */
  put_chain (fixture, "Card", names, "md5", NULL);
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_FAILED);
  g_clear_pointer (&json, json_object_unref);

  /* the manifest rewritten to carry the file's real hash: the md5 no longer
   * matches, so the history is broken (exit 31), not verified */
  manifest = g_strdup_printf ("%s/Card/ascmhl/%s", fixture->dir, gen1);
  g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
  edited = ingest_test_replace (text, "0123456789abcdef", a);
  ingest_test_write_file (manifest, edited, strlen (edited));
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_CHAIN_MISMATCH);
  g_clear_pointer (&json, json_object_unref);
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_FAILURE);
  assert_manifest_error (json);
  g_clear_pointer (&json, json_object_unref);

  /* the same with a c4 entry (the reference's): exit 31 as well */
  put_chain (fixture, "Card", names, "c4", "c45WQci4e38KRfLxkgxh7BaWwaU93NpNEtjnfzadFimzUUftqzu1uJPnKLNiH1g8G7Cjjsi8z6wRCzxEkoWewwtc7h");
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_CHAIN_MISMATCH);
  g_clear_pointer (&json, json_object_unref);

  /* A format nothing can check vouches for nothing: the file is new, not verified. */
  put_chain (fixture, "Card", names, "sha3", "00");
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_NEW);
  g_assert_cmpstr (MHL_STATUS (json, "a.mov"), ==, "new");
  g_clear_pointer (&json, json_object_unref);
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), !=, "verified");
  g_clear_pointer (&json, json_object_unref);

  /* nor does an ASC MHL manifest lying loose on the drive, in no chain */
  {
    Hash loose[] = { { "a.mov", 6, "xxh64", a, "original" } };

    put_manifest (fixture, "Card/loose.mhl", loose, 1);
  }
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), !=, "verified");
  g_assert_cmpstr (FILE_STATUS (json, "loose.mhl"), ==, "ignored");
  g_clear_pointer (&json, json_object_unref);
  /* ... unless the user picks it */
  json = validate (fixture, "Card", "Card/loose.mhl", &status);
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), ==, "verified");
  g_clear_pointer (&json, json_object_unref);
  {
    g_autofree char *loose = path_of (fixture, "Card/loose.mhl");

    g_assert_cmpint (g_unlink (loose), ==, 0);
  }

  /* A manifest in ascmhl/ that the chain does not list is not a source. */
  {
    Hash wrong[] = { { "a.mov", 6, "xxh64", "0123456789abcdef", "original" } };
    Hash right[] = { { "a.mov", 6, "xxh64", a, "original" } };

    g_free (gen1);
    gen1 = put_generation (fixture, "Card", 1, wrong, 1);
    names[0] = gen1;
    put_chain (fixture, "Card", names, "c4", NULL);
    stray = put_generation (fixture, "Card", 2, right, 1);
  }
  json = mhl_verify (fixture, "Card", &status);
  g_assert_cmpint (status, ==, EXIT_MHL_FAILED);
  g_clear_pointer (&json, json_object_unref);
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), ==, "mismatch");
  g_clear_pointer (&json, json_object_unref);
  /* ... nor when the user picks the history folder */
  json = validate (fixture, "Card", "Card/ascmhl", &status);
  g_assert_cmpstr (FILE_STATUS (json, "a.mov"), ==, "mismatch");
  g_clear_pointer (&json, json_object_unref);

  /* Manifests are the bytes in ascmhl/: a stray link to a device is not
   * read (reading /dev/zero would never end) ... */
  {
    g_autofree char *zero = path_of (fixture, "Card/ascmhl/0009_Card_2026-11-22_000009Z.mhl");

    g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
    json = mhl_verify (fixture, "Card", &status);
    g_assert_cmpint (status, ==, EXIT_MHL_FAILED);
    g_clear_pointer (&json, json_object_unref);
    g_assert_cmpint (g_unlink (zero), ==, 0);
  }
  /* ... and a listed manifest reached through a link is not trusted, even
   * with the right C4 */
  {
    g_autofree char *listed = g_strdup_printf ("%s/Card/ascmhl/%s", fixture->dir, gen1);
    g_autofree char *moved = path_of (fixture, "elsewhere.mhl");

    g_assert_cmpint (g_rename (listed, moved), ==, 0);
    g_assert_cmpint (symlink (moved, listed), ==, 0);
    json = mhl_verify (fixture, "Card", &status);
    g_assert_cmpint (status, ==, 33);
    g_clear_pointer (&json, json_object_unref);
    json = validate (fixture, "Card", NULL, &status);
    g_assert_cmpint (status, ==, EXIT_VALIDATE_FAILURE);
    assert_manifest_error (json);
    g_clear_pointer (&json, json_object_unref);
    g_assert_cmpint (g_unlink (listed), ==, 0);
    g_assert_cmpint (g_rename (moved, listed), ==, 0);
  }

  /* A chain entry that leaves ascmhl/ is refused (parse error), not read. */
  {
    g_autofree char *chain = path_of (fixture, "Card/ascmhl/ascmhl_chain.xml");
    g_autofree char *chain_text = NULL;
    g_autofree char *escaped = NULL;

    put (fixture, "Card/x.mhl", text);
    g_assert_true (g_file_get_contents (chain, &chain_text, NULL, NULL));
    escaped = ingest_test_replace (chain_text, gen1, "../x.mhl");
    ingest_test_write_file (chain, escaped, strlen (escaped));
    json = mhl_verify (fixture, "Card", &status);
    g_assert_cmpint (status, ==, 1);  /* the chain does not parse: an error naming its line */
    g_assert_cmpstr (json_object_get_string_member (json, "verdict"), ==, "error");
    g_clear_pointer (&json, json_object_unref);
    json = validate (fixture, "Card", NULL, &status);
    g_assert_cmpint (status, ==, EXIT_VALIDATE_FAILURE);
    assert_manifest_error (json);
  }
}

/* Legacy MHL 1.x: byte order cannot be confused into a match; paths stay in their folder. */
static void
test_legacy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *be = NULL;
  g_autofree char *le = NULL;
  g_autofree char *other = NULL;
  static const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hashlist version=\"1.1\">"
                            "<creatorinfo><name>n</name><username>u</username><hostname>h</hostname><tool>t</tool>"
                            "<startdate>2020-01-01T00:00:00Z</startdate><finishdate>2020-01-01T00:00:00Z</finishdate></creatorinfo>\n";
  struct { const char *element; gboolean little; const char *status; } cases[] = {
    { "xxhash64be", FALSE, "verified" },
    { "xxhash64", TRUE, "verified" },
    { "xxhash64be", TRUE, "mismatch" },
    { "xxhash64", FALSE, "mismatch" },
  };
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/Clips/a.mov", "hello\n");
  put (fixture, "Card/Other/s.mov", "secret\n");
  be = xxh64_of (fixture, "Card/Clips/a.mov");
  other = xxh64_of (fixture, "Card/Other/s.mov");
  le = g_strdup (be);
  for (guint i = 0; i < 8; i++)
    {
      le[2 * i] = be[14 - 2 * i];
      le[2 * i + 1] = be[15 - 2 * i];
    }

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *text = g_strdup_printf ("%s<hash><file>a.mov</file><size>6</size><%s>%s</%s>"
                                               "<hashdate>2020-01-01T00:00:00Z</hashdate></hash></hashlist>\n",
                                               head, cases[c].element, cases[c].little ? le : be, cases[c].element);
      g_autoptr(JsonObject) json = NULL;

      put (fixture, "Card/Clips/Clips.mhl", text);
      json = validate (fixture, "Card", NULL, &status);
      g_assert_cmpstr (FILE_STATUS (json, "Clips/a.mov"), ==, cases[c].status);
    }

  /* A legacy file listing a path outside its folder is refused as a whole. */
  {
    g_autofree char *text = g_strdup_printf ("%s<hash><file>a.mov</file><size>6</size><xxhash64be>%s</xxhash64be>"
                                             "<hashdate>2020-01-01T00:00:00Z</hashdate></hash>"
                                             "<hash><file>../Other/s.mov</file><size>7</size><xxhash64be>%s</xxhash64be>"
                                             "<hashdate>2020-01-01T00:00:00Z</hashdate></hash></hashlist>\n",
                                             head, be, other);
    g_autoptr(JsonObject) json = NULL;

    put (fixture, "Card/Clips/Clips.mhl", text);
    json = validate (fixture, "Card", NULL, &status);
    g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
    g_assert_cmpstr (FILE_STATUS (json, "Other/s.mov"), ==, "extra");
    g_assert_cmpint (count_in (json, "verified"), ==, 0);
  }
}

/* Nothing verified is never "ok". */
static void
test_verdict_needs_verified_files (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *empty = path_of (fixture, "Empty");
  g_autofree char *card = path_of (fixture, "Card");
  const char *seal_empty[] = { "mhl", "create", empty, "-h", "xxh64", NULL };
  const char *seal_ignored[] = { "mhl", "create", card, "-h", "xxh64", "-i", "*.mov", NULL };
  g_autoptr(JsonObject) json = NULL;
  int status;

  if (skip_without_tools ())
    return;

  /* an empty folder with a history that records nothing */
  g_assert_cmpint (g_mkdir_with_parents (empty, 0755), ==, 0);
  json = run_json (seal_empty, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&json, json_object_unref);
  json = validate (fixture, "Empty", NULL, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (json_object_get_string_member (json, "verdict"), !=, "ok");
  g_clear_pointer (&json, json_object_unref);

  /* every file ignored by the history's own patterns */
  put (fixture, "Card/A.mov", "a\n");
  put (fixture, "Card/B.mov", "b\n");
  json = run_json (seal_ignored, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&json, json_object_unref);
  json = validate (fixture, "Card", NULL, &status);
  g_assert_cmpint (count_in (json, "ignored"), ==, 2);
  g_assert_cmpint (count_in (json, "verified"), ==, 0);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (json_object_get_string_member (json, "verdict"), !=, "ok");
}

/* A file rewritten after it was verified, with its size and mtime put back:
 * a resumed run must read it again. */
static void
test_resume_rewritten_same_mtime (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *clip = path_of (fixture, "Card/A.mov");
  g_autofree char *catalog = path_of (fixture, "catalog.db");
  g_autofree char *catalog_arg = g_strdup_printf ("--catalog=%s", catalog);
  const char *seal[] = { "mhl", "create", card, "-h", "xxh64", NULL };
  const char *run[] = { "validate", card, catalog_arg, NULL };
  g_autoptr(JsonObject) json = NULL;
  struct stat before;
  struct timespec times[2];
  int status;

  if (skip_without_tools ())
    return;

  put (fixture, "Card/A.mov", "original bytes\n");
  json = run_json (seal, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&json, json_object_unref);
  json = run_json (run, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&json, json_object_unref);

  /* resumed while unchanged: not read again */
  json = run_json (run, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (FILE_STATUS (json, "A.mov"), ==, "verified");
  g_clear_pointer (&json, json_object_unref);

  /* same size, other bytes, mtime set back (what touch -d does) */
  g_assert_cmpint (stat (clip, &before), ==, 0);
  put (fixture, "Card/A.mov", "ORIGINAL BYTES\n");
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, clip, times, 0), ==, 0);
  json = run_json (run, &status);
  g_assert_cmpint (status, ==, EXIT_VALIDATE_PROBLEMS);
  g_assert_cmpstr (FILE_STATUS (json, "A.mov"), ==, "mismatch");
}

/* Digests a validation read are reused for recording a generation only if
 * the file is still as it was read: same ctime too, since mtime can be set
 * back after a rewrite. A forged digest shows whether it was taken. */
static void
test_precomputed_needs_same_ctime (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *card = path_of (fixture, "Card");
  g_autofree char *clip = path_of (fixture, "Card/A.mov");
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ingest_hash_job_free);
  g_autoptr(GError) error = NULL;
  IngestHashSet xxh64 = INGEST_HASH_BIT (INGEST_HASH_XXH64);
  IngestMhlResult *result = NULL;
  IngestHashJob *job;

  put (fixture, "Card/A.mov", "clip\n");
  {
    g_autoptr(IngestMhlVerifier) seal = ingest_mhl_verifier_new (card, INGEST_MHL_OPERATION_CREATE);

    ingest_mhl_verifier_set_hash_kinds (seal, xxh64);
    g_assert_true (ingest_mhl_verifier_run (seal, NULL, &error));
    g_assert_no_error (error);
  }

  for (guint forged_ctime = 0; forged_ctime < 2; forged_ctime++)
    {
      g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (card, INGEST_MHL_OPERATION_VERIFY);

      job = ingest_hash_job_new (clip, xxh64);
      g_assert_true (ingest_hash_job_run (job, NULL, NULL, NULL, NULL, &error));
      g_free (job->digests[INGEST_HASH_XXH64]);
      job->digests[INGEST_HASH_XXH64] = g_strdup ("0123456789abcdef");
      if (forged_ctime)
        job->ctime_ns++;   /* read before a rewrite that put size and mtime back */
      g_hash_table_replace (table, job->path, job);

      ingest_mhl_verifier_set_precomputed (verifier, table);
      g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
      g_assert_no_error (error);
      result = ingest_mhl_verifier_get_result (verifier, 0);
      g_assert_cmpstr (ingest_mhl_result_get_path (result), ==, "A.mov");
      /* taken while the file is unchanged (the forged digest fails); read again otherwise */
      g_assert_cmpint (ingest_mhl_result_get_status (result), ==,
                       forged_ctime ? INGEST_MHL_STATUS_VERIFIED : INGEST_MHL_STATUS_FAILED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/verify-audit/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("symlinks", test_symlinks);
  ADD ("hash-job-no-follow", test_hash_job_no_follow);
  ADD ("hostile-manifest-paths", test_hostile_manifest_paths);
  ADD ("normalization-twins", test_normalization_twins);
  ADD ("record-semantics", test_record_semantics);
  ADD ("file-folder-swap", test_file_folder_swap);
  ADD ("verify-renamed-is-not-ok", test_verify_renamed_is_not_ok);
  ADD ("chain-integrity", test_chain_integrity);
  ADD ("legacy", test_legacy);
  ADD ("verdict-needs-verified-files", test_verdict_needs_verified_files);
  ADD ("resume-rewritten-same-mtime", test_resume_rewritten_same_mtime);
  ADD ("precomputed-needs-same-ctime", test_precomputed_needs_same_ctime);
#undef ADD

  return g_test_run ();
}
