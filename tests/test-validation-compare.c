/* test-validation-compare.c
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

/* The validation's compare rules (ingest-validation-compare-private.h) on
 * hand-made expected entries and hand-made reads: no drive, no file, no
 * thread. Each table states the rule its expected results follow; the
 * results are worked from that rule, not from running the code.
 *
 * Formats are compared in display order: xxh64, xxh128, xxh3, md5, sha1,
 * c4, xxh32, sha256, crc32c. A fingerprint lists the expected values in
 * IngestHashKind order (c4, md5, sha1, xxh128, xxh3, xxh64, xxh32, crc32c,
 * sha256), then ";ctime=N". */

#define G_LOG_DOMAIN "test-validation-compare"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-validation-compare-private.h"

/* The two sources every case may name: their labels are "<kind> <path
 * relative to the root>" for a manifest on the drive and "expected <path>"
 * for one the user picked. */
#define ROOT "/drive"
#define S0   "legacy A001.mhl"
#define S1   "expected /elsewhere/picked.mhl"

static IngestExpectedManifest *
make_manifest (void)
{
  IngestExpectedManifest *manifest = ingest_expected_manifest_new (ROOT);
  g_autoptr(IngestMhlManifest) empty = ingest_mhl_manifest_new ();

  g_assert_cmpuint (ingest_expected_manifest_add_manifest (manifest, empty, "", INGEST_EXPECTED_SOURCE_LEGACY,
                                                           ROOT "/A001.mhl"), ==, 0);
  g_assert_cmpuint (ingest_expected_manifest_add_manifest (manifest, empty, "", INGEST_EXPECTED_SOURCE_USER,
                                                           "/elsewhere/picked.mhl"), ==, 1);
  return manifest;
}

static IngestValidationResultData *
data_new (gint64              size,
          const char * const *digests)
{
  IngestValidationResultData *data = g_new0 (IngestValidationResultData, 1);

  data->path = g_strdup ("A001/clip.mov");
  data->kind = -1;
  data->size = size;
  for (guint k = 0; digests != NULL && k < INGEST_HASH_N_KINDS; k++)
    data->digests[k] = g_strdup (digests[k]);
  return data;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestValidationResultData, _ingest_validation_result_data_free)

/* What a compare function should have written. */
typedef struct {
  IngestValidationStatus  status;
  gint                    kind;           /* -1 = none */
  const char             *expected;
  const char             *found;
  const char             *source;
  const char             *message;
  const char             *fingerprint;
  const char             *renamed_from;
  gboolean                disagreement;
} Outcome;

static void
assert_outcome (const IngestValidationResultData *data,
                const Outcome                    *want)
{
  g_assert_cmpstr (ingest_validation_status_to_string (data->status), ==,
                   ingest_validation_status_to_string (want->status));
  g_assert_cmpint (data->kind, ==, want->kind);
  g_assert_cmpstr (data->expected, ==, want->expected);
  g_assert_cmpstr (data->found, ==, want->found);
  g_assert_cmpstr (data->source, ==, want->source);
  g_assert_cmpstr (data->message, ==, want->message);
  g_assert_cmpstr (data->fingerprint, ==, want->fingerprint);
  g_assert_cmpstr (data->renamed_from, ==, want->renamed_from);
  g_assert_cmpint (data->disagreement, ==, want->disagreement);
}

/* A listed entry, as the manifests made it. */
typedef struct {
  gint64      size;                          /* -1: no manifest recorded one */
  const char *values[INGEST_HASH_N_KINDS];
  guint       sources[INGEST_HASH_N_KINDS];
  guint       first_source;
  gboolean    only_failed;
  gint        conflict_kind;                 /* -1: the sources agree */
  const char *conflict_value;
  guint       conflict_source;
} Entry;

static void
entry_fill (const Entry        *entry,
            const char         *path,
            IngestExpectedFile *file,
            GPtrArray         **conflicts)
{
  memset (file, 0, sizeof *file);
  file->path = (char *) path;
  file->size = entry->size;
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    {
      file->values[k] = (char *) entry->values[k];
      file->sources[k] = entry->sources[k];
    }
  file->first_source = entry->first_source;
  file->only_failed = entry->only_failed;
  if (entry->conflict_kind >= 0)
    {
      IngestExpectedConflict *conflict = g_new0 (IngestExpectedConflict, 1);

      conflict->kind = entry->conflict_kind;
      conflict->value = (char *) entry->conflict_value;
      conflict->source = entry->conflict_source;
      *conflicts = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (*conflicts, conflict);
      file->conflicts = *conflicts;
    }
}

#define NO_CONFLICT .conflict_kind = -1

/*
 * A listed file that was read (_ingest_validation_compare_expected), rules:
 *  1. Only failed hashes in the history: mismatch on xxh64 (found = the
 *     read's xxh64), source = the first source, message "the ASC MHL history
 *     holds only failed hashes for this file: nothing to verify against".
 *  2. Else the first expected format, in display order, whose read value
 *     differs (or was not computed): mismatch on it, expected/source = that
 *     format's; message "<read> bytes; the manifest recorded <size>" when a
 *     size was recorded and differs, else none.
 *  3. Else, when sources disagree: mismatch on the first conflict's format,
 *     expected/source = the conflict's (the file matches the first source,
 *     so it cannot match the other).
 *  4. Else kind = the first expected format in display order; a recorded
 *     size that differs: mismatch, "the hash matches, but the manifest
 *     records <size> bytes and the file has <read>: the manifest is wrong";
 *     otherwise verified, with a fingerprint.
 *  5. found = the read's value of the chosen format.
 *  6. Disagreeing sources: disagreement set, message = "the manifests
 *     disagree: <first label> says <kind> <value>, <other label> says <kind>
 *     <value>; the file has <kind> <found>".
 */
typedef struct {
  const char *name;
  Entry       entry;
  gint64      read_size;
  const char *digests[INGEST_HASH_N_KINDS];
  Outcome     want;
} ExpectedCase;

static const ExpectedCase expected_cases[] = {
  { "verified",                               /* rule 4, 5 */
    { 10, { [INGEST_HASH_XXH64] = "a1" }, { 0 }, 0, FALSE, NO_CONFLICT },
    10, { [INGEST_HASH_XXH64] = "a1" },
    { INGEST_VALIDATION_STATUS_VERIFIED, INGEST_HASH_XXH64, "a1", "a1", S0, NULL, "xxh64=a1;ctime=5", NULL, FALSE } },
  { "verified-two-formats",                   /* rule 4: xxh128 comes before md5; fingerprint in kind order */
    { 10, { [INGEST_HASH_MD5] = "m1", [INGEST_HASH_XXH128] = "x1" }, { [INGEST_HASH_MD5] = 1, [INGEST_HASH_XXH128] = 0 }, 0, FALSE, NO_CONFLICT },
    10, { [INGEST_HASH_MD5] = "m1", [INGEST_HASH_XXH128] = "x1", [INGEST_HASH_XXH64] = "other" },
    { INGEST_VALIDATION_STATUS_VERIFIED, INGEST_HASH_XXH128, "x1", "x1", S0, NULL, "md5=m1;xxh128=x1;ctime=5", NULL, FALSE } },
  { "verified-no-size-recorded",              /* rule 4: no recorded size, nothing to differ */
    { -1, { [INGEST_HASH_SHA1] = "s1" }, { [INGEST_HASH_SHA1] = 1 }, 1, FALSE, NO_CONFLICT },
    99, { [INGEST_HASH_SHA1] = "s1" },
    { INGEST_VALIDATION_STATUS_VERIFIED, INGEST_HASH_SHA1, "s1", "s1", S1, NULL, "sha1=s1;ctime=5", NULL, FALSE } },
  { "mismatch",                               /* rule 2, same size: no message */
    { 10, { [INGEST_HASH_XXH64] = "a1" }, { 0 }, 0, FALSE, NO_CONFLICT },
    10, { [INGEST_HASH_XXH64] = "b2" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_XXH64, "a1", "b2", S0, NULL, NULL, NULL, FALSE } },
  { "mismatch-second-format",                 /* rule 2: xxh128 agrees, md5 is the first that differs */
    { 10, { [INGEST_HASH_MD5] = "m1", [INGEST_HASH_XXH128] = "x1" }, { [INGEST_HASH_MD5] = 1 }, 0, FALSE, NO_CONFLICT },
    10, { [INGEST_HASH_MD5] = "m2", [INGEST_HASH_XXH128] = "x1" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_MD5, "m1", "m2", S1, NULL, NULL, NULL, FALSE } },
  { "mismatch-format-not-computed",           /* rule 2: no read value differs from any */
    { 10, { [INGEST_HASH_C4] = "c1" }, { 0 }, 0, FALSE, NO_CONFLICT },
    10, { [INGEST_HASH_XXH64] = "a1" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_C4, "c1", NULL, S0, NULL, NULL, NULL, FALSE } },
  { "mismatch-hash-and-size",                 /* rule 2 with a size that differs */
    { 10, { [INGEST_HASH_XXH64] = "a1" }, { 0 }, 0, FALSE, NO_CONFLICT },
    12, { [INGEST_HASH_XXH64] = "b2" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_XXH64, "a1", "b2", S0, "12 bytes; the manifest recorded 10", NULL, NULL, FALSE } },
  { "mismatch-size-only",                     /* rule 4: the manifest is wrong */
    { 10, { [INGEST_HASH_XXH64] = "a1" }, { 0 }, 0, FALSE, NO_CONFLICT },
    12, { [INGEST_HASH_XXH64] = "a1" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_XXH64, "a1", "a1", S0,
      "the hash matches, but the manifest records 10 bytes and the file has 12: the manifest is wrong", NULL, NULL, FALSE } },
  { "only-failed",                            /* rule 1 */
    { -1, { NULL }, { 0 }, 1, TRUE, NO_CONFLICT },
    10, { [INGEST_HASH_XXH64] = "a1" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_XXH64, NULL, "a1", S1,
      "the ASC MHL history holds only failed hashes for this file: nothing to verify against", NULL, NULL, FALSE } },
  { "sources-disagree-file-matches-first",    /* rules 3, 5, 6 */
    { 10, { [INGEST_HASH_XXH64] = "a1" }, { 0 }, 0, FALSE, INGEST_HASH_XXH64, "c3", 1 },
    10, { [INGEST_HASH_XXH64] = "a1" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_XXH64, "c3", "a1", S1,
      "the manifests disagree: " S0 " says xxh64 a1, " S1 " says xxh64 c3; the file has xxh64 a1", NULL, NULL, TRUE } },
  { "sources-disagree-file-matches-none",     /* rules 2, 6: the size message is replaced */
    { 10, { [INGEST_HASH_XXH64] = "a1" }, { 0 }, 0, FALSE, INGEST_HASH_XXH64, "c3", 1 },
    12, { [INGEST_HASH_XXH64] = "b2" },
    { INGEST_VALIDATION_STATUS_MISMATCH, INGEST_HASH_XXH64, "a1", "b2", S0,
      "the manifests disagree: " S0 " says xxh64 a1, " S1 " says xxh64 c3; the file has xxh64 b2", NULL, NULL, TRUE } },
};

static void
test_compare_expected (gconstpointer user_data)
{
  const ExpectedCase *c = user_data;
  g_autoptr(IngestExpectedManifest) manifest = make_manifest ();
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(IngestValidationResultData) data = data_new (c->read_size, c->digests);
  IngestExpectedFile file;

  entry_fill (&c->entry, "A001/clip.mov", &file, &conflicts);
  _ingest_validation_compare_expected (manifest, &file, 5, data);
  assert_outcome (data, &c->want);
}

/*
 * A file no manifest lists, read (_ingest_validation_compare_extra), rules:
 *  - a missing listed file with the same value of a format was found for
 *    it: renamed, kind = that format, expected = the listed value, source =
 *    that format's source, renamed-from = the listed path, message "same
 *    content as <path>, which the manifest expects";
 *  - else extra on xxh64, message "not in any manifest", no expected value
 *    and no source;
 *  - found = the read's value of the kind.
 */
typedef struct {
  const char *name;
  gboolean    renamed;
  Entry       entry;          /* the missing file it may be */
  gint        kind;
  const char *digests[INGEST_HASH_N_KINDS];
  Outcome     want;
} ExtraCase;

static const ExtraCase extra_cases[] = {
  { "extra", FALSE, { .conflict_kind = -1 }, INGEST_HASH_XXH64,
    { [INGEST_HASH_XXH64] = "e1" },
    { INGEST_VALIDATION_STATUS_EXTRA, INGEST_HASH_XXH64, NULL, "e1", NULL, "not in any manifest", NULL, NULL, FALSE } },
  { "renamed", TRUE,
    { 10, { [INGEST_HASH_MD5] = "m1" }, { [INGEST_HASH_MD5] = 1 }, 1, FALSE, NO_CONFLICT }, INGEST_HASH_MD5,
    { [INGEST_HASH_MD5] = "m1", [INGEST_HASH_XXH64] = "e1" },
    { INGEST_VALIDATION_STATUS_RENAMED, INGEST_HASH_MD5, "m1", "m1", S1,
      "same content as A001/old-name.mov, which the manifest expects", NULL, "A001/old-name.mov", FALSE } },
};

static void
test_compare_extra (gconstpointer user_data)
{
  const ExtraCase *c = user_data;
  g_autoptr(IngestExpectedManifest) manifest = make_manifest ();
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(IngestValidationResultData) data = data_new (10, c->digests);
  IngestExpectedFile file;

  entry_fill (&c->entry, "A001/old-name.mov", &file, &conflicts);
  _ingest_validation_compare_extra (manifest, c->renamed ? &file : NULL, c->kind, data);
  assert_outcome (data, &c->want);
}

/*
 * A file whose read failed (_ingest_validation_compare_unreadable), rules:
 * unreadable, message = the error; when listed, kind/expected/source = the
 * first expected format in display order, or none when it lists no value.
 * Nothing was found.
 *
 * A listed file not on the drive (_ingest_validation_compare_missing),
 * rules: missing; kind/expected/source = the first expected format in
 * display order, or no kind and the first source when it lists no value;
 * disagreeing sources: disagreement set and message = "the manifests
 * disagree: …" (no file to quote).
 */
typedef struct {
  const char *name;
  gboolean    missing;        /* else unreadable */
  gboolean    listed;
  Entry       entry;
  Outcome     want;
} AbsentCase;

#define DENIED "Error opening file: Permission denied"

static const AbsentCase absent_cases[] = {
  { "unreadable-unlisted", FALSE, FALSE, { .conflict_kind = -1 },
    { INGEST_VALIDATION_STATUS_UNREADABLE, -1, NULL, NULL, NULL, DENIED, NULL, NULL, FALSE } },
  { "unreadable-listed", FALSE, TRUE,
    { 10, { [INGEST_HASH_MD5] = "m1", [INGEST_HASH_XXH3] = "x3" }, { [INGEST_HASH_MD5] = 0, [INGEST_HASH_XXH3] = 1 }, 0, FALSE, NO_CONFLICT },
    { INGEST_VALIDATION_STATUS_UNREADABLE, INGEST_HASH_XXH3, "x3", NULL, S1, DENIED, NULL, NULL, FALSE } },
  { "unreadable-listed-without-hash", FALSE, TRUE,
    { 10, { NULL }, { 0 }, 1, TRUE, NO_CONFLICT },
    { INGEST_VALIDATION_STATUS_UNREADABLE, -1, NULL, NULL, NULL, DENIED, NULL, NULL, FALSE } },
  { "missing", TRUE, TRUE,
    { 10, { [INGEST_HASH_SHA1] = "s1", [INGEST_HASH_C4] = "c1" }, { [INGEST_HASH_SHA1] = 1, [INGEST_HASH_C4] = 0 }, 0, FALSE, NO_CONFLICT },
    { INGEST_VALIDATION_STATUS_MISSING, INGEST_HASH_SHA1, "s1", NULL, S1, NULL, NULL, NULL, FALSE } },
  { "missing-without-hash", TRUE, TRUE,
    { -1, { NULL }, { 0 }, 1, TRUE, NO_CONFLICT },
    { INGEST_VALIDATION_STATUS_MISSING, -1, NULL, NULL, S1, NULL, NULL, NULL, FALSE } },
  { "missing-sources-disagree", TRUE, TRUE,
    { 10, { [INGEST_HASH_XXH64] = "a1" }, { 0 }, 0, FALSE, INGEST_HASH_XXH64, "c3", 1 },
    { INGEST_VALIDATION_STATUS_MISSING, INGEST_HASH_XXH64, "a1", NULL, S0,
      "the manifests disagree: " S0 " says xxh64 a1, " S1 " says xxh64 c3", NULL, NULL, TRUE } },
};

static void
test_compare_absent (gconstpointer user_data)
{
  const AbsentCase *c = user_data;
  g_autoptr(IngestExpectedManifest) manifest = make_manifest ();
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(IngestValidationResultData) data = data_new (-1, NULL);
  IngestExpectedFile file;

  entry_fill (&c->entry, "A001/clip.mov", &file, &conflicts);
  if (c->missing)
    _ingest_validation_compare_missing (manifest, &file, data);
  else
    _ingest_validation_compare_unreadable (manifest, c->listed ? &file : NULL, DENIED, data);
  assert_outcome (data, &c->want);
  g_assert_cmpint (data->size, ==, -1);
}

/*
 * An entry of the walk that is not a regular file
 * (_ingest_validation_compare_unread), rules: ignore patterns and links to
 * folders are ignored; a name no manifest can hold is extra; a link to
 * something that is not a file on the drive is unreadable when a manifest
 * lists it (not verified) and ignored otherwise; devices and entries that
 * cannot be stat()ed are unreadable with the walk's error, or "not a
 * regular file"; regular files and folders are not decided here.
 */
typedef struct {
  IngestMhlWalkKind       kind;
  gboolean                expected;
  const char             *error;
  gboolean                decided;
  IngestValidationStatus  status;
  const char             *message;
} UnreadCase;

static const UnreadCase unread_cases[] = {
  { INGEST_MHL_WALK_IGNORED, FALSE, NULL, TRUE, INGEST_VALIDATION_STATUS_IGNORED, "matched by an ignore pattern" },
  { INGEST_MHL_WALK_IGNORED, TRUE, NULL, TRUE, INGEST_VALIDATION_STATUS_IGNORED, "matched by an ignore pattern" },
  { INGEST_MHL_WALK_SYMLINK_DIRECTORY, FALSE, NULL, TRUE, INGEST_VALIDATION_STATUS_IGNORED, "symbolic link to a folder: not followed" },
  { INGEST_MHL_WALK_INVALID_NAME, FALSE, NULL, TRUE, INGEST_VALIDATION_STATUS_EXTRA,
    "name is not valid UTF-8, or holds a control character or a backslash: no manifest can list it" },
  { INGEST_MHL_WALK_SYMLINK, TRUE, NULL, TRUE, INGEST_VALIDATION_STATUS_UNREADABLE,
    "expected file is a symbolic link: not followed, not verified" },
  { INGEST_MHL_WALK_SYMLINK, FALSE, NULL, TRUE, INGEST_VALIDATION_STATUS_IGNORED, "symbolic link: not followed" },
  { INGEST_MHL_WALK_SPECIAL, FALSE, NULL, TRUE, INGEST_VALIDATION_STATUS_UNREADABLE, "not a regular file" },
  { INGEST_MHL_WALK_UNREADABLE, TRUE, DENIED, TRUE, INGEST_VALIDATION_STATUS_UNREADABLE, DENIED },
  { INGEST_MHL_WALK_FILE, TRUE, NULL, FALSE, 0, NULL },
  { INGEST_MHL_WALK_DIRECTORY, FALSE, NULL, FALSE, 0, NULL },
};

static void
test_compare_unread (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (unread_cases); i++)
    {
      const UnreadCase *c = &unread_cases[i];
      IngestValidationStatus status = INGEST_VALIDATION_N_STATUSES;
      const char *message = NULL;

      g_test_message ("walk kind %d, expected %d", c->kind, c->expected);
      g_assert_cmpint (_ingest_validation_compare_unread (c->kind, c->expected, c->error, &status, &message), ==, c->decided);
      if (!c->decided)
        continue;
      g_assert_cmpint (status, ==, c->status);
      g_assert_cmpstr (message, ==, c->message);
    }
}

/* The first of a set in display order; xxh64 for none. The fingerprint: the
 * values in kind order, then the status change time. */
static void
test_compare_kinds (void)
{
  IngestExpectedFile file = { 0 };

  g_assert_cmpint (_ingest_validation_preferred_kind (0), ==, INGEST_HASH_XXH64);
  g_assert_cmpint (_ingest_validation_preferred_kind (INGEST_HASH_BIT (INGEST_HASH_C4) | INGEST_HASH_BIT (INGEST_HASH_MD5)),
                   ==, INGEST_HASH_MD5);
  g_assert_cmpint (_ingest_validation_preferred_kind (INGEST_HASH_BIT (INGEST_HASH_CRC32C) | INGEST_HASH_BIT (INGEST_HASH_SHA256)),
                   ==, INGEST_HASH_SHA256);
  g_assert_cmpint (_ingest_validation_preferred_kind (INGEST_HASH_SET_ALL), ==, INGEST_HASH_XXH64);

  file.values[INGEST_HASH_XXH64] = (char *) "a1";
  file.values[INGEST_HASH_C4] = (char *) "c1";
  {
    g_autofree char *fingerprint = _ingest_validation_fingerprint (&file, -7);

    g_assert_cmpstr (fingerprint, ==, "c4=c1;xxh64=a1;ctime=-7");
  }
}

/*
 * A roll's verdict (_ingest_validation_verdict_decide), rules: a roll no
 * manifest lists anything in (n_expected 0) with any result that is not
 * ignored is unverifiable; else any problem (everything but verified and
 * ignored) makes problems; else ok.
 */
typedef struct {
  guint64                  n_expected;
  guint64                  counts[INGEST_VALIDATION_N_STATUSES];
  IngestValidationVerdict  verdict;
} RollCase;

#define V(n) [INGEST_VALIDATION_STATUS_VERIFIED] = n
#define MM(n) [INGEST_VALIDATION_STATUS_MISMATCH] = n
#define MI(n) [INGEST_VALIDATION_STATUS_MISSING] = n
#define EX(n) [INGEST_VALIDATION_STATUS_EXTRA] = n
#define RN(n) [INGEST_VALIDATION_STATUS_RENAMED] = n
#define IG(n) [INGEST_VALIDATION_STATUS_IGNORED] = n
#define UR(n) [INGEST_VALIDATION_STATUS_UNREADABLE] = n

static const RollCase roll_cases[] = {
  { 3, { V (3) }, INGEST_VALIDATION_VERDICT_OK },
  { 3, { V (3), IG (2) }, INGEST_VALIDATION_VERDICT_OK },
  { 3, { V (2), MI (1) }, INGEST_VALIDATION_VERDICT_PROBLEMS },
  { 3, { V (2), MM (1) }, INGEST_VALIDATION_VERDICT_PROBLEMS },
  { 3, { V (3), EX (1) }, INGEST_VALIDATION_VERDICT_PROBLEMS },
  { 3, { V (2), RN (1) }, INGEST_VALIDATION_VERDICT_PROBLEMS },
  { 3, { V (2), UR (1) }, INGEST_VALIDATION_VERDICT_PROBLEMS },
  { 3, { 0 }, INGEST_VALIDATION_VERDICT_OK },                   /* no result yet: nothing wrong */
  { 0, { EX (2) }, INGEST_VALIDATION_VERDICT_UNVERIFIABLE },
  { 0, { EX (2), IG (1), UR (1) }, INGEST_VALIDATION_VERDICT_UNVERIFIABLE },
  { 0, { IG (2) }, INGEST_VALIDATION_VERDICT_OK },
  { 0, { 0 }, INGEST_VALIDATION_VERDICT_OK },
};

static void
test_verdict_roll (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (roll_cases); i++)
    {
      g_test_message ("roll case %u", i);
      g_assert_cmpint (_ingest_validation_verdict_decide (roll_cases[i].n_expected, roll_cases[i].counts),
                       ==, roll_cases[i].verdict);
    }
}

/* Many rolls into one, rule: problems beat unverifiable beat ok beat
 * pending, whichever way round. */
static void
test_verdict_combine (void)
{
  static const struct {
    IngestValidationVerdict a, b, combined;
  } cases[] = {
    { INGEST_VALIDATION_VERDICT_PENDING, INGEST_VALIDATION_VERDICT_PENDING, INGEST_VALIDATION_VERDICT_PENDING },
    { INGEST_VALIDATION_VERDICT_PENDING, INGEST_VALIDATION_VERDICT_OK, INGEST_VALIDATION_VERDICT_OK },
    { INGEST_VALIDATION_VERDICT_OK, INGEST_VALIDATION_VERDICT_OK, INGEST_VALIDATION_VERDICT_OK },
    { INGEST_VALIDATION_VERDICT_OK, INGEST_VALIDATION_VERDICT_UNVERIFIABLE, INGEST_VALIDATION_VERDICT_UNVERIFIABLE },
    { INGEST_VALIDATION_VERDICT_OK, INGEST_VALIDATION_VERDICT_PROBLEMS, INGEST_VALIDATION_VERDICT_PROBLEMS },
    { INGEST_VALIDATION_VERDICT_UNVERIFIABLE, INGEST_VALIDATION_VERDICT_PROBLEMS, INGEST_VALIDATION_VERDICT_PROBLEMS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (_ingest_validation_verdict_combine (cases[i].a, cases[i].b), ==, cases[i].combined);
      g_assert_cmpint (_ingest_validation_verdict_combine (cases[i].b, cases[i].a), ==, cases[i].combined);
    }
}

/*
 * A drive's verdict (_ingest_validation_verdict_drive), rules: its rolls'
 * verdicts combined (above); a drive that verified no file at all is
 * unverifiable as well (combined: problems still win).
 */
typedef struct {
  guint                    n_rolls;
  guint64                  n_expected[3];
  guint64                  counts[3][INGEST_VALIDATION_N_STATUSES];
  IngestValidationVerdict  verdict;
  guint64                  n_verified;
} DriveCase;

static const DriveCase drive_cases[] = {
  { 1, { 2 }, { { V (2) } }, INGEST_VALIDATION_VERDICT_OK, 2 },
  { 2, { 2, 1 }, { { V (2) }, { V (1), IG (4) } }, INGEST_VALIDATION_VERDICT_OK, 3 },
  { 2, { 2, 0 }, { { V (2) }, { EX (1) } }, INGEST_VALIDATION_VERDICT_UNVERIFIABLE, 2 },
  { 3, { 2, 0, 1 }, { { V (2) }, { EX (1) }, { MI (1) } }, INGEST_VALIDATION_VERDICT_PROBLEMS, 2 },
  { 1, { 0 }, { { IG (2) } }, INGEST_VALIDATION_VERDICT_UNVERIFIABLE, 0 },    /* all ignored: nothing verified */
  { 0, { 0 }, { { 0 } }, INGEST_VALIDATION_VERDICT_UNVERIFIABLE, 0 },         /* empty drive */
  { 1, { 2 }, { { MM (2) } }, INGEST_VALIDATION_VERDICT_PROBLEMS, 0 },        /* problems beat unverifiable */
};

static void
test_verdict_drive (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (drive_cases); i++)
    {
      const DriveCase *c = &drive_cases[i];
      g_autoptr(GPtrArray) rolls = g_ptr_array_new_with_free_func (g_free);
      guint64 counts[3][INGEST_VALIDATION_N_STATUSES];
      guint64 n_verified = G_MAXUINT64;

      g_test_message ("drive case %u", i);
      memcpy (counts, c->counts, sizeof counts);
      for (guint r = 0; r < c->n_rolls; r++)
        {
          IngestValidationRollData *roll = g_new0 (IngestValidationRollData, 1);

          roll->n_expected = c->n_expected[r];
          g_ptr_array_add (rolls, roll);
        }
      g_assert_cmpint (_ingest_validation_verdict_drive (rolls, counts, &n_verified), ==, c->verdict);
      g_assert_cmpuint (n_verified, ==, c->n_verified);
    }
}

/* The labels the tables name, as the manifest makes them. */
static void
test_compare_sources (void)
{
  g_autoptr(IngestExpectedManifest) manifest = make_manifest ();

  g_assert_cmpstr (ingest_expected_manifest_get_source (manifest, 0)->label, ==, S0);
  g_assert_cmpstr (ingest_expected_manifest_get_source (manifest, 1)->label, ==, S1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validation-compare/sources", test_compare_sources);
  for (guint i = 0; i < G_N_ELEMENTS (expected_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validation-compare/expected/%s", expected_cases[i].name);

      g_test_add_data_func (path, &expected_cases[i], test_compare_expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (extra_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validation-compare/extra/%s", extra_cases[i].name);

      g_test_add_data_func (path, &extra_cases[i], test_compare_extra);
    }
  for (guint i = 0; i < G_N_ELEMENTS (absent_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validation-compare/absent/%s", absent_cases[i].name);

      g_test_add_data_func (path, &absent_cases[i], test_compare_absent);
    }
  g_test_add_func ("/validation-compare/unread", test_compare_unread);
  g_test_add_func ("/validation-compare/kinds", test_compare_kinds);
  g_test_add_func ("/validation-compare/verdict/roll", test_verdict_roll);
  g_test_add_func ("/validation-compare/verdict/combine", test_verdict_combine);
  g_test_add_func ("/validation-compare/verdict/drive", test_verdict_drive);

  return g_test_run ();
}
