/* ingest-format-validation.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ingest-format"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-format-private.h"

/* What the station shows of a validation: the banner's title, counts and
 * progress, and the file list's statuses, filter and cells. */

/* The words of the file list and the banner; "altered" is what a DIT calls a mismatch. */
const char *
ingest_format_status_label (IngestValidationStatus status)
{
  switch (status)
    {
    case INGEST_VALIDATION_STATUS_VERIFIED:
      return _("Verified");
    case INGEST_VALIDATION_STATUS_MISMATCH:
      return _("Altered");
    case INGEST_VALIDATION_STATUS_MISSING:
      return _("Missing");
    case INGEST_VALIDATION_STATUS_EXTRA:
      return _("Extra");
    case INGEST_VALIDATION_STATUS_RENAMED:
      return _("Renamed");
    case INGEST_VALIDATION_STATUS_IGNORED:
      return _("Ignored");
    case INGEST_VALIDATION_STATUS_UNREADABLE:
      return _("Unreadable");
    case INGEST_VALIDATION_N_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ingest_format_status_icon (IngestValidationStatus status)
{
  switch (status)
    {
    case INGEST_VALIDATION_STATUS_VERIFIED:
      return "emblem-ok-symbolic";
    case INGEST_VALIDATION_STATUS_MISMATCH:
    case INGEST_VALIDATION_STATUS_UNREADABLE:
      return "dialog-error-symbolic";
    case INGEST_VALIDATION_STATUS_MISSING:
      return "edit-delete-symbolic";
    case INGEST_VALIDATION_STATUS_EXTRA:
      return "list-add-symbolic";
    case INGEST_VALIDATION_STATUS_RENAMED:
      return "document-edit-symbolic";
    case INGEST_VALIDATION_STATUS_IGNORED:
      return "action-unavailable-symbolic";
    case INGEST_VALIDATION_N_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Damage is red, files that do not belong are amber, good files green. */
const char *
ingest_format_status_style (IngestValidationStatus status)
{
  switch (status)
    {
    case INGEST_VALIDATION_STATUS_VERIFIED:
      return "success";
    case INGEST_VALIDATION_STATUS_MISMATCH:
    case INGEST_VALIDATION_STATUS_MISSING:
    case INGEST_VALIDATION_STATUS_UNREADABLE:
      return "error";
    case INGEST_VALIDATION_STATUS_EXTRA:
    case INGEST_VALIDATION_STATUS_RENAMED:
      return "warning";
    case INGEST_VALIDATION_STATUS_IGNORED:
      return "neutral";
    case INGEST_VALIDATION_N_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The file list's order, problems first: the same order as
 * ingest_validation_result_compare() (tests/test-station-format.c checks it),
 * as a number a GtkNumericSorter in the .ui can use. */
guint
ingest_format_status_rank (IngestValidationStatus status)
{
  static const guint8 ranks[INGEST_VALIDATION_N_STATUSES] = {
    [INGEST_VALIDATION_STATUS_UNREADABLE] = 0,
    [INGEST_VALIDATION_STATUS_MISMATCH] = 1,
    [INGEST_VALIDATION_STATUS_MISSING] = 2,
    [INGEST_VALIDATION_STATUS_RENAMED] = 3,
    [INGEST_VALIDATION_STATUS_EXTRA] = 4,
    [INGEST_VALIDATION_STATUS_IGNORED] = 5,
    [INGEST_VALIDATION_STATUS_VERIFIED] = 6,
  };

  g_return_val_if_fail (status < INGEST_VALIDATION_N_STATUSES, G_N_ELEMENTS (ranks));

  return ranks[status];
}

gboolean
ingest_format_file_filter_matches (IngestFileFilter       filter,
                                   IngestValidationStatus status)
{
  switch (filter)
    {
    case INGEST_FILE_FILTER_ALL:
      return TRUE;
    case INGEST_FILE_FILTER_PROBLEMS:
      return ingest_validation_status_is_problem (status);
    case INGEST_FILE_FILTER_VERIFIED:
      return status == INGEST_VALIDATION_STATUS_VERIFIED;
    case INGEST_FILE_FILTER_IGNORED:
      return status == INGEST_VALIDATION_STATUS_IGNORED;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* "12.3 MB"; a file that is not on the drive has no size: "—" */
char *
ingest_format_result_size (gint64 size)
{
  if (size < 0)
    return g_strdup ("—");
  return g_format_size ((guint64) size);
}

/* "xxh64 0123456789abcdef", or "—" when there is none */
char *
ingest_format_result_hash (const char *kind,
                           const char *hash)
{
  if (hash == NULL || *hash == '\0')
    return g_strdup ("—");
  if (kind == NULL)
    return g_strdup (hash);
  return g_strdup_printf ("%s %s", kind, hash);
}

/* What was found on the drive: the hash, or why there is none. */
char *
ingest_format_result_found (IngestValidationStatus  status,
                            const char             *kind,
                            const char             *found,
                            const char             *message)
{
  if (status == INGEST_VALIDATION_STATUS_UNREADABLE && message != NULL)
    return ingest_display_message (message);
  if (status == INGEST_VALIDATION_STATUS_MISSING)
    return g_strdup (_("Not on the drive"));
  return ingest_format_result_hash (kind, found);
}

/* A file's tooltip: its path in full, what it was renamed from, why it is not
 * verified and where its expected hash came from, one line each. Names and
 * messages are escaped (ingest_display_name()): a name cannot add a line. */
char *
ingest_format_result_details (const char *path,
                              const char *renamed_from,
                              const char *message,
                              const char *source)
{
  g_autofree char *path_shown = ingest_display_name (path);
  g_autofree char *renamed_shown = ingest_display_name (renamed_from);
  g_autofree char *message_shown = ingest_display_message (message);
  g_autofree char *source_shown = ingest_display_message (source);
  GString *text = g_string_new (path_shown);

  if (renamed_shown != NULL)
    g_string_append_printf (text, "\n← %s", renamed_shown);
  if (message_shown != NULL)
    g_string_append_printf (text, "\n%s", message_shown);
  if (source_shown != NULL)
    g_string_append_printf (text, "\n%s", source_shown);
  return g_string_free (text, FALSE);
}

/* "1,204 verified · 2 missing · 1 altered": every status with files, good
 * news first, then what is wrong, worst last but ignored files. */
char *
ingest_format_validation_counts (const guint64 *counts)
{
  static const IngestValidationStatus order[] = {
    INGEST_VALIDATION_STATUS_VERIFIED, INGEST_VALIDATION_STATUS_MISSING,
    INGEST_VALIDATION_STATUS_MISMATCH, INGEST_VALIDATION_STATUS_UNREADABLE,
    INGEST_VALIDATION_STATUS_RENAMED, INGEST_VALIDATION_STATUS_EXTRA,
    INGEST_VALIDATION_STATUS_IGNORED,
  };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  G_STATIC_ASSERT (G_N_ELEMENTS (order) == INGEST_VALIDATION_N_STATUSES);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      guint64 n = counts[order[i]];
      g_autofree char *number = NULL;
      char *part = NULL;

      if (n == 0)
        continue;
      number = g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
      /* Translators: %s is a number of files, already formatted; each is one part
       * of "1,204 verified · 2 missing · 1 altered" */
      switch (order[i])
        {
        case INGEST_VALIDATION_STATUS_VERIFIED:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s verified", "%s verified", n), number);
          break;
        case INGEST_VALIDATION_STATUS_MISSING:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s missing", "%s missing", n), number);
          break;
        case INGEST_VALIDATION_STATUS_MISMATCH:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s altered", "%s altered", n), number);
          break;
        case INGEST_VALIDATION_STATUS_UNREADABLE:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s unreadable", "%s unreadable", n), number);
          break;
        case INGEST_VALIDATION_STATUS_RENAMED:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s renamed", "%s renamed", n), number);
          break;
        case INGEST_VALIDATION_STATUS_EXTRA:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s extra", "%s extra", n), number);
          break;
        case INGEST_VALIDATION_STATUS_IGNORED:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s ignored", "%s ignored", n), number);
          break;
        case INGEST_VALIDATION_N_STATUSES:
        default:
          g_assert_not_reached ();
        }
      g_ptr_array_add (parts, part);
    }

  if (parts->len == 0)
    return g_strdup (_("No files"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

gboolean
ingest_format_validation_running (IngestValidationPhase phase)
{
  return phase == INGEST_VALIDATION_PHASE_SCANNING ||
         phase == INGEST_VALIDATION_PHASE_HASHING ||
         phase == INGEST_VALIDATION_PHASE_FINISHING;
}

/* The banner's headline. Only a finished run whose verdict is "ok" says
 * verified; a drive with no hash list says it cannot be verified. */
const char *
ingest_format_validation_title (IngestValidationPhase   phase,
                                IngestValidationVerdict verdict,
                                gboolean                paused)
{
  if (paused && ingest_format_validation_running (phase))
    return _("Drive removed — plug it back in to continue");

  switch (phase)
    {
    case INGEST_VALIDATION_PHASE_IDLE:
      return _("Not validated yet");
    case INGEST_VALIDATION_PHASE_SCANNING:
      return _("Reading hash lists…");
    case INGEST_VALIDATION_PHASE_HASHING:
      return _("Validating…");
    case INGEST_VALIDATION_PHASE_FINISHING:
      return _("Finishing…");
    case INGEST_VALIDATION_PHASE_CANCELLED:
      return _("Validation cancelled — not verified");
    case INGEST_VALIDATION_PHASE_FAILED:
      return _("Validation failed");
    case INGEST_VALIDATION_PHASE_DONE:
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  switch (verdict)
    {
    case INGEST_VALIDATION_VERDICT_OK:
      return _("All files verified");
    case INGEST_VALIDATION_VERDICT_PROBLEMS:
      return _("Problems found");
    case INGEST_VALIDATION_VERDICT_UNVERIFIABLE:
      return _("No hash list — cannot be verified");
    case INGEST_VALIDATION_VERDICT_PENDING:
      return _("Validation failed");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A CSS class of the banner (ui/style.css): success only for a verified drive. */
const char *
ingest_format_validation_style (IngestValidationPhase   phase,
                                IngestValidationVerdict verdict,
                                gboolean                paused)
{
  if (ingest_format_validation_running (phase))
    return paused ? "warning" : "accent";

  switch (phase)
    {
    case INGEST_VALIDATION_PHASE_IDLE:
    case INGEST_VALIDATION_PHASE_CANCELLED:
      return "neutral";
    case INGEST_VALIDATION_PHASE_FAILED:
      return "error";
    case INGEST_VALIDATION_PHASE_DONE:
      break;
    case INGEST_VALIDATION_PHASE_SCANNING:
    case INGEST_VALIDATION_PHASE_HASHING:
    case INGEST_VALIDATION_PHASE_FINISHING:
    default:
      g_return_val_if_reached (NULL);
    }

  switch (verdict)
    {
    case INGEST_VALIDATION_VERDICT_OK:
      return "success";
    case INGEST_VALIDATION_VERDICT_UNVERIFIABLE:
      return "warning";
    case INGEST_VALIDATION_VERDICT_PROBLEMS:
    case INGEST_VALIDATION_VERDICT_PENDING:
    default:
      return "error";
    }
}

/* NULL while running: the caller shows a spinner. */
const char *
ingest_format_validation_icon (IngestValidationPhase   phase,
                               IngestValidationVerdict verdict,
                               gboolean                paused)
{
  const char *style;

  if (ingest_format_validation_running (phase))
    return paused ? "media-eject-symbolic" : NULL;
  if (phase == INGEST_VALIDATION_PHASE_IDLE)
    return "system-search-symbolic";

  style = ingest_format_validation_style (phase, verdict, paused);
  if (g_str_equal (style, "success"))
    return "emblem-ok-symbolic";
  if (g_str_equal (style, "neutral"))
    return "process-stop-symbolic";
  return "dialog-warning-symbolic";
}

/* "312.0 MB of 1.2 GB · 120 of 400 files · 85.0 MB/s · 12 s left" */
char *
ingest_format_validation_progress (guint64 bytes_done,
                                   guint64 bytes_total,
                                   guint   files_done,
                                   guint   files_total,
                                   double  rate,
                                   gint64  eta)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *done = g_format_size (bytes_done);
  g_autofree char *total = g_format_size (bytes_total);
  g_autofree char *files_number = g_strdup_printf ("%'u", files_done);
  g_autofree char *total_number = g_strdup_printf ("%'u", files_total);

  /* Translators: bytes read of the bytes to read, e.g. "312.0 MB of 1.2 GB" */
  g_ptr_array_add (parts, g_strdup_printf (_("%s of %s"), done, total));
  /* Translators: files read of the files to read, e.g. "120 of 400 files" */
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s file", "%s of %s files", files_total),
                                           files_number, total_number));
  ingest_format_add_rate_and_eta (parts, rate, eta);

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* The files on a drive its validation does not check: the ASC MHL
 * histories' own (ascmhl/ folders), e.g. "8 hash-list files not checked". */
char *
ingest_format_validation_unchecked (guint64 n_files)
{
  g_autofree char *number = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_files);

  /* Translators: %s is a number of files of ascmhl/ folders, already formatted */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hash-list file not checked",
                                       "%s hash-list files not checked", n_files), number);
}

/* "3 of 412 files": how much of the list the filter shows. With every file
 * shown the list may still be filling: the total is the count. */
char *
ingest_format_files_shown (guint            n_shown,
                           guint            n_total,
                           IngestFileFilter filter)
{
  g_autofree char *total = ingest_format_count_files (n_total);

  if (n_shown == n_total || filter == INGEST_FILE_FILTER_ALL)
    return g_steal_pointer (&total);
  /* Translators: files the filter shows, of all files, e.g. "3 of 412 files" */
  return g_strdup_printf (_("%u of %s"), n_shown, total);
}

/* The banner's line before any validation ran (and the Validate button's tooltip). */
const char *
ingest_format_validation_hint (void)
{
  return _("Check every file against the drive’s media hash lists");
}

/* The banner's title while the rolls without a hash list are sealed. */
const char *
ingest_format_sealing_title (void)
{
  return _("Sealing…");
}

/* The banner's title while the upload, which reads the drive, is paused:
 * not a removed drive. */
const char *
ingest_format_validation_upload_paused_title (void)
{
  return _("Paused with the upload");
}

/* The progress line before the files to read are known. */
const char *
ingest_format_validation_listing (void)
{
  return _("Reading the hash lists and listing the files…");
}

/* Once the verdict is in, the button says the run would be another one. */
const char *
ingest_format_validate_label (gboolean validated)
{
  return validated ? _("_Validate Again") : _("_Validate");
}

/* The question before sealing, @rolls: the rolls without a hash list. */
char *
ingest_format_seal_body (const char * const *rolls)
{
  g_autofree char *list = g_strjoinv (", ", (char **) rolls);

  /* Translators: %s is a list of rolls (folders on the drive) */
  return g_strdup_printf (_("A first ASC MHL generation is written into %s on the drive, recording "
                            "the files as they are now. Nothing can tell whether they were already "
                            "damaged: seal only media you trust, such as a card straight from the camera."),
                          list);
}

/* The title of the question before sealing (ingest_format_seal_body()). */
const char *
ingest_format_seal_title (void)
{
  return _("Seal Rolls Without a Hash List?");
}

/* "Could not seal: why" */
char *
ingest_format_seal_failed (const char *why)
{
  /* Translators: %s says why */
  return g_strdup_printf (_("Could not seal: %s"), why);
}

/* "Could not write the report: why" */
char *
ingest_format_report_failed (const char *why)
{
  /* Translators: %s says why */
  return g_strdup_printf (_("Could not write the report: %s"), why);
}
