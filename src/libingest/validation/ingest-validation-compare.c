/* ingest-validation-compare.c
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

/* The validation's rules as pure functions: a file's status and message, a roll's and a drive's verdict. */

#define G_LOG_DOMAIN "ingest-validation-job"

#include "config.h"

#include "ingest-validation-compare-private.h"

const IngestHashKind _ingest_validation_display_order[INGEST_HASH_N_KINDS] = {
  INGEST_HASH_XXH64, INGEST_HASH_XXH128, INGEST_HASH_XXH3, INGEST_HASH_MD5,
  INGEST_HASH_SHA1, INGEST_HASH_C4, INGEST_HASH_XXH32, INGEST_HASH_SHA256, INGEST_HASH_CRC32C,
};

/* The plain data the rules fill. */

void
_ingest_validation_result_data_free (IngestValidationResultData *data)
{
  if (data == NULL)
    return;
  g_free (data->path);
  g_free (data->expected);
  g_free (data->found);
  g_free (data->renamed_from);
  g_free (data->message);
  g_free (data->source);
  g_free (data->fingerprint);
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    g_free (data->digests[k]);
  g_free (data);
}

IngestValidationResultData *
_ingest_validation_result_data_new (IngestValidationStatus  status,
                                    const char             *path,
                                    guint                   roll)
{
  IngestValidationResultData *data = g_new0 (IngestValidationResultData, 1);

  data->status = status;
  data->path = g_strdup (path);
  data->roll = roll;
  data->kind = -1;
  data->size = -1;
  return data;
}

static const char *
source_label (IngestExpectedManifest *manifest,
              guint                   source)
{
  return ingest_expected_manifest_get_source (manifest, source)->label;
}

IngestHashKind
_ingest_validation_preferred_kind (IngestHashSet kinds)
{
  for (guint i = 0; i < G_N_ELEMENTS (_ingest_validation_display_order); i++)
    if (kinds & INGEST_HASH_BIT (_ingest_validation_display_order[i]))
      return _ingest_validation_display_order[i];
  return INGEST_HASH_XXH64;
}

/* Every expected value, in kind order, and the file's status change time
 * when it was read. Size and mtime alone do not tell a rewritten file from
 * an unchanged one (touch -d sets mtime back); ctime cannot be set back, so
 * a resumed run reads such a file again — on filesystems with a real ctime
 * only (see _ingest_validation_try_reuse()). */
char *
_ingest_validation_fingerprint (const IngestExpectedFile *expected,
                                gint64                    ctime_ns)
{
  GString *text = g_string_new (NULL);

  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    if (expected->values[k] != NULL)
      g_string_append_printf (text, "%s%s=%s", text->len > 0 ? ";" : "",
                              ingest_hash_kind_get_name (k), expected->values[k]);
  g_string_append_printf (text, ";ctime=%" G_GINT64_FORMAT, ctime_ns);
  return g_string_free (text, FALSE);
}

gboolean
_ingest_validation_compare_unread (IngestMhlWalkKind        kind,
                                   gboolean                 expected,
                                   const char              *error_message,
                                   IngestValidationStatus  *status,
                                   const char             **message)
{
  switch (kind)
    {
    case INGEST_MHL_WALK_IGNORED:
      *status = INGEST_VALIDATION_STATUS_IGNORED;
      *message = "matched by an ignore pattern";
      return TRUE;

    case INGEST_MHL_WALK_SYMLINK_DIRECTORY:
      *status = INGEST_VALIDATION_STATUS_IGNORED;
      *message = "symbolic link to a folder: not followed";
      return TRUE;

    case INGEST_MHL_WALK_INVALID_NAME:
      *status = INGEST_VALIDATION_STATUS_EXTRA;
      *message = "name is not valid UTF-8, or holds a control character or a backslash: no manifest can list it";
      return TRUE;

    case INGEST_MHL_WALK_SYMLINK:
      /* Never followed: it may point outside the drive, and what it points
       * to is not the drive's content. Expected there, it is not verified. */
      if (expected)
        {
          *status = INGEST_VALIDATION_STATUS_UNREADABLE;
          *message = "expected file is a symbolic link: not followed, not verified";
        }
      else
        {
          *status = INGEST_VALIDATION_STATUS_IGNORED;
          *message = "symbolic link: not followed";
        }
      return TRUE;

    case INGEST_MHL_WALK_SPECIAL:
    case INGEST_MHL_WALK_UNREADABLE:
      *status = INGEST_VALIDATION_STATUS_UNREADABLE;
      *message = error_message != NULL ? error_message : "not a regular file";
      return TRUE;

    case INGEST_MHL_WALK_FILE:
    case INGEST_MHL_WALK_DIRECTORY:
    default:
      return FALSE;
    }
}

void
_ingest_validation_compare_expected (IngestExpectedManifest     *manifest,
                                     const IngestExpectedFile   *expected,
                                     gint64                      ctime_ns,
                                     IngestValidationResultData *data)
{
  gint failed = -1;

  if (expected->only_failed)
    {
      data->status = INGEST_VALIDATION_STATUS_MISMATCH;
      data->kind = INGEST_HASH_XXH64;
      data->found = g_strdup (data->digests[INGEST_HASH_XXH64]);
      data->source = g_strdup (source_label (manifest, expected->first_source));
      data->message = g_strdup ("the ASC MHL history holds only failed hashes for this file: nothing to verify against");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (_ingest_validation_display_order) && failed < 0; i++)
    {
      IngestHashKind k = _ingest_validation_display_order[i];

      if (expected->values[k] != NULL && g_strcmp0 (data->digests[k], expected->values[k]) != 0)
        failed = k;
    }

  if (failed >= 0)
    {
      data->status = INGEST_VALIDATION_STATUS_MISMATCH;
      data->kind = failed;
      data->expected = g_strdup (expected->values[failed]);
      data->source = g_strdup (source_label (manifest, expected->sources[failed]));
      if (expected->size >= 0 && expected->size != data->size)
        data->message = g_strdup_printf ("%" G_GINT64_FORMAT " bytes; the manifest recorded %" G_GINT64_FORMAT,
                                         data->size, expected->size);
    }
  else if (expected->conflicts != NULL)
    {
      /* It matches the first source, so it cannot match the one that disagrees. */
      const IngestExpectedConflict *conflict = g_ptr_array_index (expected->conflicts, 0);

      data->status = INGEST_VALIDATION_STATUS_MISMATCH;
      data->kind = conflict->kind;
      data->expected = g_strdup (conflict->value);
      data->source = g_strdup (source_label (manifest, conflict->source));
    }
  else
    {
      data->kind = _ingest_validation_preferred_kind (ingest_expected_file_get_kinds (expected));
      data->expected = g_strdup (expected->values[data->kind]);
      data->source = g_strdup (source_label (manifest, expected->sources[data->kind]));
      if (expected->size >= 0 && expected->size != data->size)
        {
          /* Equal digests with another recorded size: the manifest is wrong,
           * so it cannot vouch for the file. */
          data->status = INGEST_VALIDATION_STATUS_MISMATCH;
          data->message = g_strdup_printf ("the hash matches, but the manifest records %" G_GINT64_FORMAT
                                           " bytes and the file has %" G_GINT64_FORMAT ": the manifest is wrong",
                                           expected->size, data->size);
        }
      else
        {
          data->status = INGEST_VALIDATION_STATUS_VERIFIED;
          data->fingerprint = _ingest_validation_fingerprint (expected, ctime_ns);
        }
    }
  data->found = g_strdup (data->digests[data->kind]);

  if (expected->conflicts != NULL)
    {
      g_autofree char *conflicts = ingest_expected_file_describe_conflicts (manifest, expected);

      data->disagreement = TRUE;
      g_free (data->message);
      data->message = g_strdup_printf ("%s; the file has %s %s", conflicts,
                                       ingest_hash_kind_get_name (data->kind), data->found);
    }
}

void
_ingest_validation_compare_extra (IngestExpectedManifest     *manifest,
                                  const IngestExpectedFile   *renamed_from,
                                  IngestHashKind              kind,
                                  IngestValidationResultData *data)
{
  if (renamed_from != NULL)
    {
      data->status = INGEST_VALIDATION_STATUS_RENAMED;
      data->kind = kind;
      data->expected = g_strdup (renamed_from->values[kind]);
      data->renamed_from = g_strdup (renamed_from->path);
      data->source = g_strdup (source_label (manifest, renamed_from->sources[kind]));
      data->message = g_strdup_printf ("same content as %s, which the manifest expects", renamed_from->path);
    }
  else
    {
      data->status = INGEST_VALIDATION_STATUS_EXTRA;
      data->kind = INGEST_HASH_XXH64;
      data->message = g_strdup ("not in any manifest");
    }
  data->found = g_strdup (data->digests[data->kind]);
}

void
_ingest_validation_compare_unreadable (IngestExpectedManifest     *manifest,
                                       const IngestExpectedFile   *expected,
                                       const char                 *error_message,
                                       IngestValidationResultData *data)
{
  data->status = INGEST_VALIDATION_STATUS_UNREADABLE;
  data->message = g_strdup (error_message);
  if (expected != NULL)
    {
      data->kind = _ingest_validation_preferred_kind (ingest_expected_file_get_kinds (expected));
      data->expected = g_strdup (expected->values[data->kind]);
      if (data->expected != NULL)
        data->source = g_strdup (source_label (manifest, expected->sources[data->kind]));
      else
        data->kind = -1;
    }
}

void
_ingest_validation_compare_missing (IngestExpectedManifest     *manifest,
                                    const IngestExpectedFile   *expected,
                                    IngestValidationResultData *data)
{
  IngestHashSet kinds = ingest_expected_file_get_kinds (expected);

  data->status = INGEST_VALIDATION_STATUS_MISSING;
  if (kinds != 0)
    {
      data->kind = _ingest_validation_preferred_kind (kinds);
      data->expected = g_strdup (expected->values[data->kind]);
      data->source = g_strdup (source_label (manifest, expected->sources[data->kind]));
    }
  else
    {
      data->source = g_strdup (source_label (manifest, expected->first_source));
    }
  if (expected->conflicts != NULL)
    {
      data->disagreement = TRUE;
      data->message = ingest_expected_file_describe_conflicts (manifest, expected);
    }
}

IngestValidationVerdict
_ingest_validation_verdict_decide (guint64        n_expected,
                                   const guint64 *counts)
{
  guint64 n_results = 0;
  guint64 n_problems = 0;

  for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
    {
      n_results += counts[s];
      if (ingest_validation_status_is_problem (s))
        n_problems += counts[s];
    }

  /* A roll no manifest speaks for is unverifiable even though its files are
   * all "extra": sealing it, not re-copying it, is the remedy. */
  if (n_expected == 0 && n_results > counts[INGEST_VALIDATION_STATUS_IGNORED])
    return INGEST_VALIDATION_VERDICT_UNVERIFIABLE;
  if (n_problems > 0)
    return INGEST_VALIDATION_VERDICT_PROBLEMS;
  return INGEST_VALIDATION_VERDICT_OK;
}

IngestValidationVerdict
_ingest_validation_verdict_combine (IngestValidationVerdict a,
                                    IngestValidationVerdict b)
{
  static const guint8 weight[] = { 0, 1, 3, 2 };  /* pending, ok, problems, unverifiable */

  return weight[a] >= weight[b] ? a : b;
}

IngestValidationVerdict
_ingest_validation_verdict_drive (GPtrArray *rolls,
                                  guint64  (*counts)[INGEST_VALIDATION_N_STATUSES],
                                  guint64   *n_verified)
{
  IngestValidationVerdict verdict = INGEST_VALIDATION_VERDICT_OK;
  guint64 verified = 0;

  for (guint r = 0; r < rolls->len; r++)
    {
      IngestValidationRollData *roll = g_ptr_array_index (rolls, r);

      verdict = _ingest_validation_verdict_combine (verdict, _ingest_validation_verdict_decide (roll->n_expected, counts[r]));
      verified += counts[r][INGEST_VALIDATION_STATUS_VERIFIED];
    }
  /* An empty drive, or one where every file is ignored, verified nothing. */
  if (verified == 0)
    verdict = _ingest_validation_verdict_combine (verdict, INGEST_VALIDATION_VERDICT_UNVERIFIABLE);
  if (n_verified != NULL)
    *n_verified = verified;
  return verdict;
}
