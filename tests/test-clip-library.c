/* test-clip-library.c
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

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* The clips are built here with known values; which clip a search must find
 * is decided by hand from those values (the reasoning next to each query),
 * and what is in the catalog's tables is read back with Debian's sqlite3
 * program, not through the library. */

#define DRIVE_A "fs:aaaa-1111"
#define DRIVE_B "fs:bbbb-2222"

typedef struct
{
  char              *dir;
  char              *path;
  IngestCatalog     *catalog;
  IngestClipLibrary *library;
} Fixture;

/*
 * Helpers
 */

/* A clip of DRIVE/ROLL with NAME.mov (or NAME.wav for audio) as its media
 * file, then KEY, VALUE pairs of ingest-clip-fields.defs up to NULL. */
static IngestClip *
make_clip (const char     *drive,
           const char     *roll,
           const char     *name,
           IngestClipKind  kind,
           ...)
{
  IngestClip *clip = ingest_clip_new (name, kind, roll, roll);
  g_autofree char *media = g_strconcat (name, kind == INGEST_CLIP_KIND_AUDIO ? ".wav" : ".mov", NULL);
  const char *key;
  va_list ap;

  ingest_clip_set_drive_identity (clip, drive);
  ingest_clip_set_drive_label (clip, g_str_equal (drive, DRIVE_A) ? "A_CAM_SHUTTLE" : "SOUND_B");
  ingest_clip_add_file (clip, media, 1000 + strlen (name));

  va_start (ap, kind);
  while ((key = va_arg (ap, const char *)) != NULL)
    {
      const char *value = va_arg (ap, const char *);
      IngestClipField field;

      g_assert_true (ingest_clip_field_from_key (key, &field));
      g_assert_true (ingest_clip_offer_field (clip, field, value));
    }
  va_end (ap);
  return clip;
}

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->catalog = ingest_catalog_open (f->path, &error);
  g_assert_no_error (error);
  f->library = ingest_clip_library_new (f->catalog);
  g_assert_true (ingest_clip_library_get_catalog (f->library) == f->catalog);
}

static void
fixture_close (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->library);
  g_assert_true (ingest_catalog_close (f->catalog, &error));
  g_assert_no_error (error);
  g_clear_object (&f->catalog);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = ingest_test_make_tmpdir ("ingest-clip-library");
  f->path = g_build_filename (f->dir, "catalog.db", NULL);
  fixture_open (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->catalog != NULL)
    fixture_close (f);
  ingest_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
store (Fixture    *f,
       GPtrArray  *clips,
       const char *production,
       const char *shoot_day)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ingest_clip_library_store_sync (f->library, clips, production, shoot_day, NULL, &error));
  g_assert_no_error (error);
}

/* The two drives' clips. Drive A: an ARRI roll A003R1AB of four clips and
 * a Sony roll; drive B: a sound roll. Values chosen so each search below has
 * one right answer and near misses (scene 42 take 31, scene 4 take 3, "scene
 * 42 take 3" written in a note of scene 7). */
static GPtrArray *
two_drives (void)
{
  GPtrArray *clips = g_ptr_array_new_with_free_func (g_object_unref);
  IngestClip *clip;

  clip = make_clip (DRIVE_A, "A003R1AB", "A003C012_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                    "camera_make", "ARRI", "camera_model", "ALEXA 35", "camera_serial", "35-10123",
                    "reel", "A003R1AB", "scene", "42", "take", "3", "tc_start", "14:02:11:07",
                    "fps", "24000/1001", "lens", "Signature Prime 47mm", "iso", "800",
                    "white_balance_k", "5600", "created", "2026-11-21T14:02:11+01:00", NULL);
  ingest_clip_add_file (clip, "A003C012_261121_R1AB.xml", 321);
  ingest_clip_set_verification (clip, INGEST_VALIDATION_STATUS_VERIFIED);
  ingest_clip_add_location (clip, "s3://dailies/night/A003C012_261121_R1AB.mov");
  ingest_clip_add_location (clip, "file:///mnt/nas/night/A003C012_261121_R1AB.mov");
  g_ptr_array_add (clips, clip);

  clip = make_clip (DRIVE_A, "A003R1AB", "A003C013_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                    "camera_make", "ARRI", "camera_model", "ALEXA 35", "reel", "A003R1AB",
                    "scene", "42", "take", "31", "created", "2026-11-21T14:20:00+01:00", NULL);
  ingest_clip_set_verification (clip, INGEST_VALIDATION_STATUS_MISMATCH);
  g_ptr_array_add (clips, clip);

  clip = make_clip (DRIVE_A, "A003R1AB", "A003C014_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                    "camera_make", "ARRI", "camera_model", "ALEXA 35", "reel", "A003R1AB",
                    "scene", "4", "take", "3", "created", "2026-11-21T15:00:00+01:00", NULL);
  g_ptr_array_add (clips, clip);

  clip = make_clip (DRIVE_A, "A003R1AB", "A003C015_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                    "camera_make", "ARRI", "camera_model", "ALEXA 35", "scene", "7", "take", "1",
                    "notes", "Plan séquence devant l’église — redo of scene 42 take 3",
                    "created", "2026-11-21T16:00:00+01:00", NULL);
  g_ptr_array_add (clips, clip);

  clip = make_clip (DRIVE_A, "XDROOT/Clip", "C0001", INGEST_CLIP_KIND_VIDEO,
                    "camera_make", "Sony", "camera_model", "VENICE 2", "scene", "12", "take", "2",
                    "created", "2026-11-20T09:00:00+01:00", NULL);
  ingest_clip_add_file (clip, "C0001M01.XML", 2048);
  g_ptr_array_add (clips, clip);

  clip = make_clip (DRIVE_B, "SR014", "T003", INGEST_CLIP_KIND_AUDIO,
                    "scene", "42", "take", "1", "sound_roll", "SR014", "originator", "Sound Devices 888",
                    "notes", "Señor Núñez off mic", "audio_channels", "8", "audio_sample_rate", "48000",
                    "created", "2026-11-21T14:05:00+01:00", NULL);
  g_ptr_array_add (clips, clip);
  return clips;
}

/* Names of the clips of MODEL, in order, as one string "a b c". */
static char *
names_of (GListModel *model)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s%s", i > 0 ? " " : "", ingest_clip_get_name (clip));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  return *text == '\0' ? 0 : g_strv_length (words);
}

static char *
search_names (Fixture    *f,
              const char *query,
              guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) result = ingest_clip_library_search_sync (f->library, query, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (g_list_model_get_item_type (result) == INGEST_TYPE_CLIP);
  return names_of (result);
}

/* Names matched by QUERY, sorted, for the queries whose ranking is not the point. */
static char *
search_set (Fixture    *f,
            const char *query)
{
  g_autofree char *names = search_names (f, query, 0);
  g_auto(GStrv) list = g_strsplit (names, " ", -1);

  if (*names == '\0')
    return g_strdup ("");
  qsort (list, g_strv_length (list), sizeof (char *), ingest_test_compare_strings);
  return g_strjoinv (" ", list);
}

/* One value from the catalog file, read by the sqlite3 program. */
static char *
sqlite_cli (const char *path,
            const char *sql)
{
  const char *argv[] = { "sqlite3", "-readonly", path, sql, NULL };
  int status;
  char *out = ingest_test_run_capture (argv, &status);

  g_assert_cmpint (status, ==, 0);
  g_strchomp (out);
  return out;
}

static gint64
sqlite_int (const char *path,
            const char *sql)
{
  g_autofree char *out = sqlite_cli (path, sql);

  return g_ascii_strtoll (out, NULL, 10);
}

static char *
clip_json (IngestClip *clip)
{
  g_autoptr(JsonNode) node = ingest_clip_to_json (clip);

  return json_to_string (node, FALSE);
}

/*
 * Tests
 */

/* Everything a clip carries comes back from the catalog as it went in:
 * ingest_clip_to_json of the stored and of the loaded clip are the same
 * text (fields by the table, files in order, frame range and gaps,
 * verification, locations, problems, bytes read). */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestClip) loaded = NULL;
  g_autoptr(IngestClip) loaded_seq = NULL;
  g_auto(GStrv) attributes = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_seq = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got_seq = NULL;
  IngestClip *clip, *seq;

  /* Every field of the table, with a canonical value of its type. */
  clip = ingest_clip_new ("A001C001", INGEST_CLIP_KIND_VIDEO, "A001", "A001");
  ingest_clip_set_drive_identity (clip, DRIVE_A);
  ingest_clip_set_drive_label (clip, "A_CAM");
  for (guint fld = 0; fld < INGEST_CLIP_N_FIELDS; fld++)
    {
      const char *value;

      switch (ingest_clip_field_get_type (fld))
        {
        case INGEST_CLIP_VALUE_INTEGER:  value = "-12"; break;
        case INGEST_CLIP_VALUE_NUMBER:   value = "0.5"; break;
        case INGEST_CLIP_VALUE_RATIONAL: value = "30000/1001"; break;
        case INGEST_CLIP_VALUE_TIMECODE: value = "01:00:00;02"; break;
        case INGEST_CLIP_VALUE_BOOLEAN:  value = "true"; break;
        case INGEST_CLIP_VALUE_DATETIME: value = "2026-11-21T10:21:14+01:00"; break;
        case INGEST_CLIP_VALUE_TEXT:
        default:                         value = ingest_clip_field_get_key (fld); break;
        }
      g_assert_true (ingest_clip_set_field (clip, fld, value));
    }
  ingest_clip_add_file (clip, "A001C001.mov", 123456789012);
  ingest_clip_add_file (clip, "A001C001_M01.xml", 0);
  ingest_clip_set_attribute (clip, "com.arri.camera.SensorFps", "23.976");
  ingest_clip_set_attribute (clip, "exr:owner", "Ünïcode “quoted”");
  ingest_clip_add_problem (clip, "A001C001.mov: moov box runs past the end of the file");
  ingest_clip_add_problem (clip, "second problem");
  ingest_clip_add_bytes_read (clip, 65536);
  ingest_clip_set_thumbnail_path (clip, "/var/cache/thumb/a.jpg");
  ingest_clip_set_verification (clip, INGEST_VALIDATION_STATUS_UNREADABLE);
  ingest_clip_add_location (clip, "s3://b/k");
  g_ptr_array_add (clips, clip);

  seq = ingest_clip_new ("plate.####.exr", INGEST_CLIP_KIND_SEQUENCE, "EXR", "EXR");
  ingest_clip_set_drive_identity (seq, DRIVE_A);
  ingest_clip_set_drive_label (seq, "A_CAM");
  ingest_clip_set_frame_range (seq, 86400, 86500);
  ingest_clip_add_missing_frames (seq, 86410, 86412);
  ingest_clip_add_missing_frames (seq, 86499, 86499);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("plate.%07u.exr", 86400 + i);
      ingest_clip_add_file (seq, name, 4096);
    }
  g_ptr_array_add (clips, seq);

  expected = clip_json (clip);
  expected_seq = clip_json (seq);
  store (f, clips, NULL, NULL);

  listed = ingest_clip_library_list_clips_sync (f->library, DRIVE_A, NULL, &error);
  g_assert_no_error (error);
  /* Roll order: "A001" before "EXR". */
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  loaded = g_list_model_get_item (listed, 0);
  loaded_seq = g_list_model_get_item (listed, 1);
  got = clip_json (loaded);
  got_seq = clip_json (loaded_seq);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (got_seq, ==, expected_seq);

  g_assert_cmpstr (ingest_clip_get_drive_identity (loaded), ==, DRIVE_A);
  g_assert_cmpstr (ingest_clip_get_roll_path (loaded), ==, "A001");
  g_assert_cmpstr (ingest_clip_get_thumbnail_path (loaded), ==, "/var/cache/thumb/a.jpg");
  g_assert_cmpuint (ingest_clip_get_file_size (loaded, 0), ==, 123456789012);
  attributes = ingest_clip_dup_attribute_names (loaded);
  g_assert_cmpuint (g_strv_length (attributes), ==, 2);
  g_assert_cmpstr (ingest_clip_get_attribute (loaded, "exr:owner"), ==, "Ünïcode “quoted”");

  /* The rows themselves, read independently: one clip_values row per field. */
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_values v JOIN clips c ON c.id = v.clip_id "
                                        "WHERE c.name = 'A001C001'"), ==, INGEST_CLIP_N_FIELDS);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_missing_frames"), ==, 2);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_search"), ==, 2);
}

/* Searches over two drives, each with its one right answer (see two_drives). */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = two_drives ();
  struct { const char *query; const char *expected; } cases[] = {
    /* Bound to their fields, numbers whole: not take 31 (C013), not scene 4
     * (C014), not the note of C015 that says the same words. */
    { "scene 42 take 3", "A003C012_261121_R1AB" },
    { "Scene 42 Take 3", "A003C012_261121_R1AB" },
    { "scene 42", "A003C012_261121_R1AB A003C013_261121_R1AB T003" },
    { "take 3", "A003C012_261121_R1AB A003C014_261121_R1AB" },
    /* Camera: the ARRI clips by model, the Sony one by field and prefix. */
    { "ALEXA", "A003C012_261121_R1AB A003C013_261121_R1AB A003C014_261121_R1AB A003C015_261121_R1AB" },
    { "camera venice", "C0001" },
    { "ven", "C0001" },
    { "lens signature", "A003C012_261121_R1AB" },
    /* A sidecar's file name, whole and as a prefix. */
    { "C0001M01.XML", "C0001" },
    { "c0001m0", "C0001" },
    /* Prefixes of a clip name, as the index splits it and as typed. */
    { "A003C012", "A003C012_261121_R1AB" },
    { "A003C01", "A003C012_261121_R1AB A003C013_261121_R1AB A003C014_261121_R1AB A003C015_261121_R1AB" },
    { "A003C012_2611", "A003C012_261121_R1AB" },
    /* Diacritics either way. */
    { "eglise", "A003C015_261121_R1AB" },
    { "ÉGLISE", "A003C015_261121_R1AB" },
    { "senor nunez", "T003" },
    { "Señor", "T003" },
    /* Reel, roll and sound roll, drive label, shoot day; the recorder is
     * not a searched field (ingest-clip-fields.defs). */
    { "reel A003R1AB", "A003C012_261121_R1AB A003C013_261121_R1AB A003C014_261121_R1AB" },
    { "SR014", "T003" },
    { "888", "" },
    { "SOUND_B", "T003" },
    { "2026-11-20", "C0001" },   /* the day as a phrase: "20" alone is a prefix of 2026 */
    /* Every word required. */
    { "ALEXA venice", "" },
    { "nothing-like-this", "" },
  };

  store (f, clips, "Night Shift", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = search_set (f, cases[i].query);

      g_test_message ("search “%s” → “%s”", cases[i].query, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }

  /* Ranked: clips whose names start with the query first, by name, then
   * the other matches ("ALEXA" in the note of none; "42" as a scene). */
  {
    g_autofree char *got = search_names (f, "A003C01", 2);
    g_autofree char *mixed = search_names (f, "4", 0);

    g_assert_cmpstr (got, ==, "A003C012_261121_R1AB A003C013_261121_R1AB");
    /* No name starts with "4": scene 42 (C012, C013, T003), scene 4 (C014),
     * take 4 of none, the note's "42" (C015), in bm25 order — all five, none
     * of C0001 (scene 12, take 2). */
    g_assert_cmpuint (count_words (mixed), ==, 5);
    g_assert_null (strstr (mixed, "C0001"));
  }
  /* The production the clips were filed under is searchable and reported. */
  {
    g_autofree char *got = search_set (f, "night shift");
    g_autoptr(GListModel) result = ingest_clip_library_search_sync (f->library, "T003", 1, NULL);
    g_autoptr(IngestClip) clip = g_list_model_get_item (result, 0);

    g_assert_cmpuint (count_words (got), ==, 6);
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_PRODUCTION), ==, "Night Shift");
    g_assert_cmpstr (ingest_clip_get_drive_label (clip), ==, "SOUND_B");
  }
  /* LIMIT */
  {
    g_autofree char *two = search_names (f, "A003", 2);

    g_assert_cmpuint (count_words (two), ==, 2);
  }
}

/* Text that is FTS5 syntax, SQL or odd Unicode is only ever text: no error,
 * and never everything. Each is checked against the six clips: none of them
 * holds these words, so nothing may match (the expected sets say why where
 * something does). */
static void
test_hostile_queries (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = two_drives ();
  g_autoptr(GString) huge = g_string_new (NULL);
  struct { const char *query; const char *expected; } cases[] = {
    { "\"", "" },
    { "\"\"", "" },
    { "'", "" },
    { "*", "" },
    { "**", "" },
    { "NEAR(", "" },
    { "NEAR(ALEXA venice, 5)", "" },
    { "AND OR", "" },
    { "OR", "" },
    { "NOT", "" },
    { "ALEXA OR venice", "" },          /* OR is a word that must also match */
    { "ALEXA NOT venice", "" },
    { "-venice", "C0001" },             /* not "NOT venice": the word venice */
    { "^venice", "C0001" },
    { "camera:venice", "" },           /* "camera venice" as one phrase: not in any column */
    { "{camera}: venice", "" },        /* the word "camera", which no clip holds, and venice */
    { "\" OR \"\"=\"", "" },
    { "'; DROP TABLE clips; --", "" },
    { "%", "" },
    { "_", "" },
    { "\\", "" },
    { "()", "" },
    { "\u200b", "" },
    { "\u0301", "" },                   /* a combining accent alone */
    { "🎬", "" },
    { "日本語", "" },
    { "   ", "" },
    { "", "" },
    { "\xff\xfe", "" },                 /* not UTF-8 */
    /* A field name with no word after it is a word: the note of C015 says "scene". */
    { "scene", "A003C015_261121_R1AB" },
    { "scene \"", "A003C015_261121_R1AB" },
  };

  store (f, clips, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = search_set (f, cases[i].query);

      g_assert_cmpstr (got, ==, cases[i].expected);
    }

  /* A query of 100,000 characters: bounded, answered, matching nothing. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (huge, "\"ALEXA\"* ");
  g_string_append (huge, "zzzz");
  {
    g_autofree char *got = search_set (f, huge->str);
    /* Only the first 32 words count: 32 × ALEXA → the four ARRI clips. */
    g_assert_cmpstr (got, ==, "A003C012_261121_R1AB A003C013_261121_R1AB A003C014_261121_R1AB "
                              "A003C015_261121_R1AB");
  }

  /* The tables are intact after all that. */
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clips"), ==, 6);
}

/* Every drive ever ingested stays searchable after the catalog is closed
 * and opened again (the station restarted, the drives long unplugged). */
static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = two_drives ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  store (f, clips, NULL, NULL);
  before = search_names (f, "scene 42", 0);
  fixture_close (f);
  fixture_open (f);
  after = search_names (f, "scene 42", 0);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "T003"));
  g_assert_nonnull (strstr (after, "A003C012"));
  {
    g_autoptr(GListModel) listed = ingest_clip_library_list_clips_sync (f->library, DRIVE_B, NULL, NULL);

    g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);
  }
}

/* Storing a roll again replaces that roll's clips only: a clip gone from
 * the card is gone from the library and its index, a kept clip keeps the
 * time it was first stored, the other rolls are untouched. */
static void
test_replace_roll (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = two_drives ();
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) roll = NULL;
  g_autofree char *names = NULL;
  g_autofree char *first_stored = NULL;
  g_autofree char *first_stored_after = NULL;
  g_autoptr(GError) error = NULL;

  store (f, clips, NULL, NULL);
  first_stored = sqlite_cli (f->path, "SELECT ingested_at FROM clips WHERE name = 'A003C012_261121_R1AB'");

  g_ptr_array_add (again, make_clip (DRIVE_A, "A003R1AB", "A003C012_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                                     "scene", "42", "take", "4", NULL));
  g_ptr_array_add (again, make_clip (DRIVE_A, "A003R1AB", "A003C016_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                                     "scene", "43", "take", "1", NULL));
  store (f, again, NULL, NULL);

  roll = ingest_clip_library_list_clips_sync (f->library, DRIVE_A, "A003R1AB", &error);
  g_assert_no_error (error);
  names = names_of (roll);
  g_assert_cmpstr (names, ==, "A003C012_261121_R1AB A003C016_261121_R1AB");

  {
    g_autofree char *old_take = search_set (f, "scene 42 take 3");
    g_autofree char *new_take = search_set (f, "scene 42 take 4");
    g_autofree char *gone = search_set (f, "A003C013");
    g_autofree char *sony = search_set (f, "venice");
    g_autofree char *sound = search_set (f, "T003");

    g_assert_cmpstr (old_take, ==, "");
    g_assert_cmpstr (new_take, ==, "A003C012_261121_R1AB");
    g_assert_cmpstr (gone, ==, "");
    g_assert_cmpstr (sony, ==, "C0001");
    g_assert_cmpstr (sound, ==, "T003");
  }

  /* Independently: 2 + 1 + 1 clips, one index row each, no orphans. */
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clips"), ==, 4);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_search"), ==, 4);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_search WHERE rowid NOT IN (SELECT id FROM clips)"), ==, 0);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_values WHERE clip_id NOT IN (SELECT id FROM clips)"), ==, 0);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_files WHERE clip_id NOT IN (SELECT id FROM clips)"), ==, 0);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_locations"), ==, 0);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM rolls"), ==, 3);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM drives"), ==, 2);
  first_stored_after = sqlite_cli (f->path, "SELECT ingested_at FROM clips WHERE name = 'A003C012_261121_R1AB'");
  g_assert_cmpstr (first_stored_after, ==, first_stored);
}

/* A store that fails changes nothing: two clips of one name on one roll
 * break UNIQUE (roll_id, name), and the roll keeps its earlier clips. */
static void
test_store_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = two_drives ();
  g_autoptr(GPtrArray) twice = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) no_drive = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  store (f, clips, NULL, NULL);
  g_ptr_array_add (twice, make_clip (DRIVE_A, "A003R1AB", "X", INGEST_CLIP_KIND_VIDEO, NULL));
  g_ptr_array_add (twice, make_clip (DRIVE_A, "A003R1AB", "X", INGEST_CLIP_KIND_VIDEO, NULL));
  g_assert_false (ingest_clip_library_store_sync (f->library, twice, NULL, NULL, NULL, &error));
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clips c JOIN rolls r ON r.id = c.roll_id "
                                        "WHERE r.path = 'A003R1AB'"), ==, 4);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_search"), ==, 6);

  /* Clips the library cannot file are refused before anything is queued. */
  g_ptr_array_add (no_drive, ingest_clip_new ("Y", INGEST_CLIP_KIND_OTHER, "R", "R"));
  g_assert_false (ingest_clip_library_store_sync (f->library, no_drive, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ingest_clip_library_store_sync (f->library, clips, NULL, "2026-02-30", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* Rolls by production (none last), shoot day newest first, drive label,
 * roll path; shoot days from the argument, else the clips' recording day,
 * else today. */
static void
test_list_rolls (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) day1 = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) day2 = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sound = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loose = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) rolls = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *expected = NULL;

  g_ptr_array_add (day1, make_clip (DRIVE_A, "A001", "A001C001", INGEST_CLIP_KIND_VIDEO,
                                    "created", "2026-11-20T09:00:00+01:00", NULL));
  g_ptr_array_add (day1, make_clip (DRIVE_A, "A001", "A001C002", INGEST_CLIP_KIND_VIDEO,
                                    "created", "2026-11-20T10:00:00+01:00", NULL));
  g_ptr_array_add (day2, make_clip (DRIVE_A, "A002", "A002C001", INGEST_CLIP_KIND_VIDEO,
                                    "created", "2026-11-21T09:00:00+01:00", NULL));
  g_ptr_array_add (sound, make_clip (DRIVE_B, "SR01", "T001", INGEST_CLIP_KIND_AUDIO, NULL));
  g_ptr_array_add (loose, make_clip (DRIVE_B, "MISC", "M001", INGEST_CLIP_KIND_OTHER, NULL));
  g_ptr_array_add (own, make_clip (DRIVE_B, "PROMO", "P001", INGEST_CLIP_KIND_VIDEO,
                                   "production", "Commercial", "created", "2026-10-01T08:00:00Z", NULL));

  store (f, day1, "Night Shift", NULL);
  store (f, day2, "Night Shift", NULL);
  store (f, sound, "Night Shift", "2026-11-21");
  store (f, loose, NULL, NULL);
  store (f, own, NULL, NULL);

  rolls = ingest_clip_library_list_rolls_sync (f->library, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (rolls) == INGEST_TYPE_LIBRARY_ROLL);
  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestLibraryRoll) roll = g_list_model_get_item (rolls, i);
      g_autofree char *production = NULL;
      guint n_clips = 0;
      gint64 at = 0;

      g_object_get (roll, "production", &production, "n-clips", &n_clips, "ingested-at", &at, NULL);
      g_assert_cmpstr (production, ==, ingest_library_roll_get_production (roll));
      g_assert_cmpuint (n_clips, ==, ingest_library_roll_get_n_clips (roll));
      g_assert_cmpint (at, >, 0);
      g_string_append_printf (got, "%s|%s|%s|%s|%s|%u\n",
                              ingest_library_roll_get_production (roll) ? ingest_library_roll_get_production (roll) : "-",
                              ingest_library_roll_get_shoot_day (roll),
                              ingest_library_roll_get_drive_label (roll),
                              ingest_library_roll_get_roll_name (roll),
                              ingest_library_roll_get_roll_path (roll),
                              ingest_library_roll_get_n_clips (roll));
      g_assert_cmpstr (ingest_library_roll_get_drive_identity (roll), ==,
                       g_str_equal (ingest_library_roll_get_drive_label (roll), "SOUND_B") ? DRIVE_B : DRIVE_A);
    }
  /* "Commercial" < "Night Shift"; on 2026-11-21 drive A_CAM_SHUTTLE before
   * SOUND_B; 2026-11-20 after it; no production last, on today. */
  expected = g_strdup_printf ("Commercial|2026-10-01|SOUND_B|PROMO|PROMO|1\n"
                              "Night Shift|2026-11-21|A_CAM_SHUTTLE|A002|A002|1\n"
                              "Night Shift|2026-11-21|SOUND_B|SR01|SR01|1\n"
                              "Night Shift|2026-11-20|A_CAM_SHUTTLE|A001|A001|2\n"
                              "-|%s|SOUND_B|MISC|MISC|1\n", today);
  g_assert_cmpstr (got->str, ==, expected);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/* The async variants: the same answers, delivered on the main context. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = two_drives ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *model;
  g_autofree char *names = NULL;

  ingest_clip_library_store_async (f->library, clips, NULL, NULL, NULL, async_done_cb, &result);
  ingest_test_wait_until (have_result, &result, 10000);
  g_assert_true (ingest_clip_library_store_finish (f->library, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ingest_clip_library_search_async (f->library, "scene 42 take 3", 0, NULL, async_done_cb, &result);
  ingest_test_wait_until (have_result, &result, 10000);
  model = ingest_clip_library_search_finish (f->library, result, &error);
  g_assert_no_error (error);
  names = names_of (model);
  g_assert_cmpstr (names, ==, "A003C012_261121_R1AB");
  g_object_unref (model);
  g_clear_object (&result);

  ingest_clip_library_list_clips_async (f->library, DRIVE_A, "XDROOT/Clip", NULL, async_done_cb, &result);
  ingest_test_wait_until (have_result, &result, 10000);
  model = ingest_clip_library_list_clips_finish (f->library, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_object_unref (model);
  g_clear_object (&result);

  ingest_clip_library_list_rolls_async (f->library, NULL, async_done_cb, &result);
  ingest_test_wait_until (have_result, &result, 10000);
  model = ingest_clip_library_list_rolls_finish (f->library, result, &error);
  g_assert_no_error (error);
  /* A003R1AB and XDROOT/Clip of drive A, SR014 of drive B, all on one day. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_object_unref (model);
  g_clear_object (&result);

  /* Cancelled before it runs: G_IO_ERROR_CANCELLED, no model. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    ingest_clip_library_search_async (f->library, "ALEXA", 0, cancellable, async_done_cb, &result);
    ingest_test_wait_until (have_result, &result, 10000);
    g_assert_null (ingest_clip_library_search_finish (f->library, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_object (&result);
  }
}

/* The circled-take mark: set through the library (async and sync), it
 * shows on the CIRCLED field of listed and searched clips, is in the
 * clip_marks table (read by the sqlite3 program), outlives the roll being
 * stored again, overrides what the card said, and unset is "false"; it is
 * looked up for a clip read again. A clip of a roll the library never
 * stored is refused. */
static void
test_circled (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) clips = two_drives ();
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IngestClip) stranger = make_clip (DRIVE_A, "A999R1AB", "A999C001", INGEST_CLIP_KIND_VIDEO, NULL);
  g_autoptr(IngestClip) card_circled = NULL;
  g_autoptr(GListModel) roll = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(IngestClip) first = NULL;
  g_autoptr(IngestClip) second = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  store (f, clips, NULL, NULL);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_marks"), ==, 0);

  ingest_clip_library_set_circled_async (f->library, g_ptr_array_index (clips, 0), TRUE, NULL,
                                         async_done_cb, &result);
  ingest_test_wait_until (have_result, &result, 10000);
  g_assert_true (ingest_clip_library_set_circled_finish (f->library, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (sqlite_int (f->path,
                               "SELECT m.circled FROM clip_marks m JOIN rolls r ON r.id = m.roll_id "
                               "WHERE r.path = 'A003R1AB' AND m.clip_name = 'A003C012_261121_R1AB'"), ==, 1);

  roll = ingest_clip_library_list_clips_sync (f->library, DRIVE_A, "A003R1AB", &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (roll, 0);
  second = g_list_model_get_item (roll, 1);
  g_assert_cmpstr (ingest_clip_get_name (first), ==, "A003C012_261121_R1AB");
  g_assert_cmpstr (ingest_clip_get_field (first, INGEST_CLIP_FIELD_CIRCLED), ==, "true");
  g_assert_false (ingest_clip_has_field (second, INGEST_CLIP_FIELD_CIRCLED));
  found = ingest_clip_library_search_sync (f->library, "A003C012", 0, &error);
  g_assert_no_error (error);
  g_clear_object (&first);
  first = g_list_model_get_item (found, 0);
  g_assert_cmpstr (ingest_clip_get_field (first, INGEST_CLIP_FIELD_CIRCLED), ==, "true");

  /* The roll stored again (its clip rows replaced): the mark stays, and a
   * card's "true" gives way to the station's "false". */
  g_ptr_array_add (again, make_clip (DRIVE_A, "A003R1AB", "A003C012_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                                     "scene", "42", "take", "4", NULL));
  card_circled = make_clip (DRIVE_A, "A003R1AB", "A003C016_261121_R1AB", INGEST_CLIP_KIND_VIDEO,
                            "circled", "true", NULL);
  g_ptr_array_add (again, g_object_ref (card_circled));
  g_assert_true (ingest_clip_library_set_circled_sync (f->library, card_circled, FALSE, NULL, &error));
  g_assert_no_error (error);
  store (f, again, NULL, NULL);

  g_clear_object (&roll);
  g_clear_object (&first);
  g_clear_object (&second);
  roll = ingest_clip_library_list_clips_sync (f->library, DRIVE_A, "A003R1AB", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (roll), ==, 2);
  first = g_list_model_get_item (roll, 0);
  second = g_list_model_get_item (roll, 1);
  g_assert_cmpstr (ingest_clip_get_field (first, INGEST_CLIP_FIELD_TAKE), ==, "4");
  g_assert_cmpstr (ingest_clip_get_field (first, INGEST_CLIP_FIELD_CIRCLED), ==, "true");
  g_assert_cmpstr (ingest_clip_get_name (second), ==, "A003C016_261121_R1AB");
  g_assert_cmpstr (ingest_clip_get_field (second, INGEST_CLIP_FIELD_CIRCLED), ==, "false");
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_marks"), ==, 2);

  /* Unset again: "false", one row still. */
  g_assert_true (ingest_clip_library_set_circled_sync (f->library, first, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_marks WHERE circled = 0"), ==, 2);

  /* Looked up for a clip read from the card again (a new object). */
  {
    g_autoptr(IngestClip) reread = make_clip (DRIVE_A, "A003R1AB", "A003C016_261121_R1AB", INGEST_CLIP_KIND_VIDEO, NULL);
    g_autoptr(IngestClip) unmarked = make_clip (DRIVE_A, "A003R1AB", "A003C099_261121_R1AB", INGEST_CLIP_KIND_VIDEO, NULL);
    gboolean circled = TRUE;

    ingest_clip_library_lookup_circled_async (f->library, reread, NULL, async_done_cb, &result);
    ingest_test_wait_until (have_result, &result, 10000);
    g_assert_true (ingest_clip_library_lookup_circled_finish (f->library, result, &circled, &error));
    g_assert_no_error (error);
    g_assert_false (circled);
    g_clear_object (&result);

    ingest_clip_library_lookup_circled_async (f->library, unmarked, NULL, async_done_cb, &result);
    ingest_test_wait_until (have_result, &result, 10000);
    g_assert_false (ingest_clip_library_lookup_circled_finish (f->library, result, &circled, &error));
    g_assert_no_error (error);
    g_clear_object (&result);
  }

  g_assert_false (ingest_clip_library_set_circled_sync (f->library, stranger, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  ingest_clip_set_drive_identity (stranger, NULL);
  g_assert_false (ingest_clip_library_set_circled_sync (f->library, stranger, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* N clips in one store call (10,000; INGEST_BENCH_CLIPS=100000 for the
 * larger measurement), then listed and searched back; times reported. */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  const char *env = g_getenv ("INGEST_BENCH_CLIPS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 10000;
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListModel) found_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestClip) last = NULL;
  gint64 t0, t_store, t_replace, t_list, t_search, t_name;
  char wanted[32];

  n = MAX (n, 1000);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *roll = g_strdup_printf ("A%03uR1AB", i / 1000 + 1);
      g_autofree char *name = g_strdup_printf ("A%03uC%04u_261121_R1AB", i / 1000 + 1, i % 1000 + 1);
      g_autofree char *scene = g_strdup_printf ("%u", i % 97 + 1);
      g_autofree char *take = g_strdup_printf ("%u", i % 7 + 1);
      IngestClip *clip = make_clip (DRIVE_A, roll, name, INGEST_CLIP_KIND_VIDEO,
                                    "camera_make", "ARRI", "camera_model", "ALEXA 35", "reel", roll,
                                    "scene", scene, "take", take, "fps", "25", "tc_start", "10:00:00:00",
                                    "frames", "250", "iso", "800", "white_balance_k", "5600",
                                    "lens", "Signature Prime 47mm", "codec", "ProRes 4444 XQ",
                                    "created", "2026-11-21T14:02:11+01:00", NULL);

      ingest_clip_complete_timing (clip);
      ingest_clip_add_file (clip, "sidecar.xml", 100);
      ingest_clip_set_verification (clip, INGEST_VALIDATION_STATUS_VERIFIED);
      g_ptr_array_add (clips, clip);
    }

  t0 = g_get_monotonic_time ();
  store (f, clips, "Night Shift", NULL);
  t_store = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  listed = ingest_clip_library_list_clips_sync (f->library, DRIVE_A, NULL, &error);
  t_list = g_get_monotonic_time () - t0;
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, n);
  last = g_list_model_get_item (listed, n - 1);
  g_snprintf (wanted, sizeof wanted, "A%03uC%04u_261121_R1AB", (n - 1) / 1000 + 1, (n - 1) % 1000 + 1);
  g_assert_cmpstr (ingest_clip_get_name (last), ==, wanted);
  g_assert_cmpstr (ingest_clip_get_field (last, INGEST_CLIP_FIELD_TC_END), ==, "10:00:09:24");

  /* Scene 42 take 3: i ≡ 41 (mod 97) and i ≡ 2 (mod 7), i.e. i ≡ 429 (mod
   * 679) by the Chinese remainder theorem (429 = 4·97 + 41 = 61·7 + 2). */
  t0 = g_get_monotonic_time ();
  found = ingest_clip_library_search_sync (f->library, "scene 42 take 3", 0, &error);
  t_search = g_get_monotonic_time () - t0;
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, (n - 429 + 678) / 679);

  t0 = g_get_monotonic_time ();
  found_name = ingest_clip_library_search_sync (f->library, "A001C0999", 10, &error);
  t_name = g_get_monotonic_time () - t0;
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found_name), ==, 1);

  /* A drive read again: its first roll's 1,000 clips replaced (deleted
   * with their index rows, inserted again) in a library of N. */
  g_ptr_array_set_size (clips, 1000);
  t0 = g_get_monotonic_time ();
  store (f, clips, "Night Shift", NULL);
  t_replace = g_get_monotonic_time () - t0;
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clips"), ==, n);
  g_assert_cmpint (sqlite_int (f->path, "SELECT count(*) FROM clip_search"), ==, n);

  g_test_message ("%u clips: store %.3f s, store one roll of 1000 again %.3f s, list %.3f s, "
                  "search “scene 42 take 3” %.3f s (%u hits), search by name %.3f s",
                  n, t_store / 1e6, t_replace / 1e6, t_list / 1e6, t_search / 1e6,
                  g_list_model_get_n_items (found), t_name / 1e6);
}

/* A catalog left at schema 8 by the previous build, with a drive session
 * recorded, gains the clip tables and keeps its data. Built by the sqlite3
 * program from the migration files of the source tree. */
static void
test_migrate_v8 (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-clip-library");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *script_path = g_build_filename (dir, "v8.sql", NULL);
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "..", "src", "libingest", "catalog", "sql", NULL);
  g_autoptr(GString) script = g_string_new ("BEGIN;");
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestClipLibrary) library = NULL;
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  const char *previous[] = { "0001-initial.sql", "0002-upload-journal.sql", "0003-event-outbox.sql",
                             "0004-validation-resume.sql", "0005-upload-verified.sql",
                             "0006-upload-checksum-algorithm.sql", "0007-upload-replaced.sql",
                             "0008-drive-sessions.sql" };

  for (guint i = 0; i < G_N_ELEMENTS (previous); i++)
    {
      g_autofree char *file = g_build_filename (src, previous[i], NULL);
      g_autofree char *sql = NULL;

      g_file_get_contents (file, &sql, NULL, &error);
      g_assert_no_error (error);
      g_string_append (script, sql);
    }
  g_string_append (script,
                   "PRAGMA user_version = 8;"
                   "INSERT INTO drives (identity, label, first_seen_at, last_seen_at) "
                   "  VALUES ('" DRIVE_A "', 'OLD_LABEL', 10, 20);"
                   "INSERT INTO rolls (drive_id, path, name, kind, mhl_kind) "
                   "  VALUES (1, 'A003R1AB', 'A003R1AB', 'arri', 'ascmhl');"
                   "INSERT INTO drive_sessions (uuid, drive_identity, drive_label, kind, state, verdict, started_at, finished_at) "
                   "  VALUES ('6f1c0d2e-0000-4000-8000-000000000001', '" DRIVE_A "', 'OLD_LABEL', 'validation', "
                   "          'done', 'ok', 100, 200);"
                   "COMMIT;");
  ingest_test_write_file (script_path, script->str, script->len);
  {
    g_autofree char *read = g_strconcat (".read ", script_path, NULL);
    const char *argv[] = { "sqlite3", path, read, NULL };
    int status;
    g_autofree char *out = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 0);
  }
  g_assert_cmpint (sqlite_int (path, "PRAGMA user_version"), ==, 8);

  catalog = ingest_catalog_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_catalog_get_schema_version (catalog), ==, ingest_catalog_get_latest_schema_version ());
  g_assert_cmpuint (ingest_catalog_get_schema_version (catalog), >=, 9);

  /* The old roll is the one the library files into: its card kind and MHL
   * kind stay as validation recorded them. */
  library = ingest_clip_library_new (catalog);
  g_ptr_array_add (clips, make_clip (DRIVE_A, "A003R1AB", "A003C012", INGEST_CLIP_KIND_VIDEO,
                                     "scene", "42", NULL));
  {
    g_autoptr(GPtrArray) unlabelled = g_ptr_array_new ();
    IngestClip *clip = g_ptr_array_index (clips, 0);

    /* No label on the clip: the drive keeps the one it had. */
    ingest_clip_set_drive_label (clip, NULL);
    g_ptr_array_add (unlabelled, clip);
    g_assert_true (ingest_clip_library_store_sync (library, unlabelled, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  found = ingest_clip_library_search_sync (library, "scene 42", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&library);
  g_assert_true (ingest_catalog_close (catalog, &error));
  g_assert_no_error (error);

  session = sqlite_cli (path, "SELECT uuid || '|' || drive_label || '|' || state || '|' || verdict || '|' || "
                              "started_at || '|' || finished_at FROM drive_sessions");
  g_assert_cmpstr (session, ==, "6f1c0d2e-0000-4000-8000-000000000001|OLD_LABEL|done|ok|100|200");
  {
    g_autofree char *roll = sqlite_cli (path, "SELECT kind || '|' || mhl_kind FROM rolls");
    g_autofree char *drive = sqlite_cli (path, "SELECT label || '|' || first_seen_at FROM drives");

    g_assert_cmpstr (roll, ==, "arri|ascmhl");
    g_assert_cmpstr (drive, ==, "OLD_LABEL|10");
  }
  g_assert_cmpint (sqlite_int (path, "SELECT count(*) FROM rolls"), ==, 1);
  g_assert_cmpint (sqlite_int (path, "PRAGMA user_version"), ==, ingest_catalog_get_latest_schema_version ());

  ingest_test_rm_rf (dir);
}

/* ingestctl search over a catalog filled here: the table, one JSON object
 * per line, --limit, no match, no catalog. */
static void
test_ingestctl (Fixture       *f,
                gconstpointer  data)
{
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autoptr(GPtrArray) clips = two_drives ();
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  int status;

  if (ingestctl == NULL)
    {
      g_test_skip ("INGESTCTL is not set (run through meson test)");
      return;
    }
  store (f, clips, "Night Shift", NULL);
  fixture_close (f);

  {
    const char *argv[] = { ingestctl, "search", "scene 42 take 3", "--catalog", f->path, "--json", NULL };
    g_autofree char *out = ingest_test_run_capture (argv, &status);
    g_auto(GStrv) lines = NULL;
    g_autoptr(JsonObject) obj = NULL;
    JsonArray *locations;

    g_assert_cmpint (status, ==, 0);
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    obj = ingest_test_parse_json_object (lines[0]);
    g_assert_cmpstr (json_object_get_string_member (obj, "clip"), ==, "A003C012_261121_R1AB");
    g_assert_cmpstr (json_object_get_string_member (obj, "roll"), ==, "A003R1AB");
    g_assert_cmpstr (json_object_get_string_member (obj, "drive"), ==, "A_CAM_SHUTTLE");
    g_assert_cmpstr (json_object_get_string_member (obj, "kind"), ==, "video");
    g_assert_cmpstr (json_object_get_string_member (obj, "scene"), ==, "42");
    g_assert_cmpstr (json_object_get_string_member (obj, "take"), ==, "3");
    g_assert_cmpstr (json_object_get_string_member (obj, "tc_start"), ==, "14:02:11:07");
    g_assert_cmpstr (json_object_get_string_member (obj, "fps"), ==, "24000/1001");
    g_assert_cmpint (json_object_get_int_member (obj, "iso"), ==, 800);
    g_assert_cmpstr (json_object_get_string_member (obj, "production"), ==, "Night Shift");
    g_assert_cmpstr (json_object_get_string_member (obj, "verification"), ==, "verified");
    locations = json_object_get_array_member (obj, "locations");
    g_assert_cmpuint (json_array_get_length (locations), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (locations, 0), ==,
                     "s3://dailies/night/A003C012_261121_R1AB.mov");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "files")), ==, 2);
    /* Absent when unknown, never a fake value. */
    g_assert_false (json_object_has_member (obj, "tc_end"));
  }
  {
    /* Words as separate arguments are one query; the table has a heading
     * line and one line per clip, with scene/take and the verification. */
    const char *argv[] = { ingestctl, "search", "--catalog", f->path, "scene", "42", NULL };
    g_autofree char *out = ingest_test_run_capture (argv, &status);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (status, ==, 0);
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_true (g_str_has_prefix (lines[0], "Clip"));
    g_assert_nonnull (strstr (lines[0], "Verification"));
    g_assert_nonnull (strstr (out, "A003C013_261121_R1AB"));
    g_assert_nonnull (strstr (out, "42/31"));
    g_assert_nonnull (strstr (out, "mismatch"));
    g_assert_nonnull (strstr (out, "14:02:11:07"));
    g_assert_nonnull (strstr (out, "SOUND_B"));
  }
  {
    const char *argv[] = { ingestctl, "search", "ALEXA", "--limit", "2", "--json", "--catalog", f->path, NULL };
    g_autofree char *out = ingest_test_run_capture (argv, &status);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (status, ==, 0);
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
  }
  {
    const char *argv[] = { ingestctl, "search", "NEAR(\"", "--json", "--catalog", f->path, NULL };
    g_autofree char *out = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_cmpstr (out, ==, "");
  }
  {
    const char *argv[] = { ingestctl, "search", "ALEXA", "--catalog", missing, NULL };
    g_autofree char *out = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 1);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
  {
    const char *argv[] = { ingestctl, "search", "--catalog", f->path, NULL };
    g_autofree char *out = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 2);
  }
  fixture_open (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/clip-library/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("search", test_search);
  ADD ("hostile-queries", test_hostile_queries);
  ADD ("reopen", test_reopen);
  ADD ("replace-roll", test_replace_roll);
  ADD ("store-failure", test_store_failure);
  ADD ("list-rolls", test_list_rolls);
  ADD ("async", test_async);
  ADD ("many", test_many);
  ADD ("ingestctl", test_ingestctl);
  ADD ("circled", test_circled);
  g_test_add_func ("/clip-library/migrate-v8", test_migrate_v8);

#undef ADD

  return g_test_run ();
}
