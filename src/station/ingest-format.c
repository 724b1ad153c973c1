/* ingest-format.c
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

#include <string.h>

#include <glib/gi18n.h>

#include "ingest-format.h"

/* Mount types as people know them; anything else is shown as the kernel names it. */
static const struct {
  const char *type;
  const char *name;
} filesystem_names[] = {
  { "apfs", "APFS" },
  { "exfat", "exFAT" },
  { "fuseblk", "NTFS" },
  { "hfsplus", "HFS+" },
  { "msdos", "FAT" },
  { "ntfs", "NTFS" },
  { "ntfs3", "NTFS" },
  { "udf", "UDF" },
  { "vfat", "FAT32" },
};

static const char *
filesystem_display_name (const char *filesystem)
{
  for (guint i = 0; i < G_N_ELEMENTS (filesystem_names); i++)
    if (g_ascii_strcasecmp (filesystem, filesystem_names[i].type) == 0)
      return filesystem_names[i].name;
  return filesystem;
}

/* "1,204 files" (grouping as the locale has it) */
char *
ingest_format_count_files (guint64 n_files)
{
  g_autofree char *number = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_files);

  /* Translators: %s is a number of files, already formatted */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s file", "%s files", n_files), number);
}

/* "3 rolls · 42 files · 1.2 GB" */
char *
ingest_format_drive_summary (guint   n_rolls,
                             guint64 n_files,
                             guint64 total_bytes)
{
  g_autofree char *rolls = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u roll", "%u rolls", n_rolls), n_rolls);
  g_autofree char *files = ingest_format_count_files (n_files);
  g_autofree char *size = g_format_size (total_bytes);

  /* Translators: rolls, files and size of a drive, e.g. "3 rolls · 42 files · 1.2 GB" */
  return g_strdup_printf (_("%s · %s · %s"), rolls, files, size);
}

/* "72,623 files · 7.9 GB so far": while a scan runs, rolls are not known yet. */
char *
ingest_format_scan_progress (guint64 n_files,
                             guint64 total_bytes)
{
  g_autofree char *files = ingest_format_count_files (n_files);
  g_autofree char *size = g_format_size (total_bytes);

  /* Translators: files and bytes a running scan has found, e.g. "72,623 files · 7.9 GB so far" */
  return g_strdup_printf (_("%s · %s so far"), files, size);
}

/* "3 rolls · 1.2 GB", for the sidebar */
char *
ingest_format_drive_short_summary (guint   n_rolls,
                                   guint64 total_bytes)
{
  g_autofree char *rolls = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u roll", "%u rolls", n_rolls), n_rolls);
  g_autofree char *size = g_format_size (total_bytes);

  /* Translators: rolls and size of a drive, e.g. "3 rolls · 1.2 GB" */
  return g_strdup_printf (_("%s · %s"), rolls, size);
}

/* "exFAT · 2.0 TB · 312.4 GB free · Read-only"; a folder opened as a drive
 * shows no capacity, since that is its host's. The demo drive says what it is,
 * so nobody takes it for a real device. */
char *
ingest_format_drive_details (const char *filesystem,
                             guint64     capacity,
                             guint64     free_space,
                             gboolean    read_only,
                             gboolean    is_folder,
                             gboolean    is_demo)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (is_folder)
    g_ptr_array_add (parts, g_strdup (_("Folder")));
  else if (filesystem != NULL && *filesystem != '\0')
    g_ptr_array_add (parts, g_strdup (filesystem_display_name (filesystem)));

  if (!is_folder && capacity > 0)
    g_ptr_array_add (parts, g_format_size (capacity));

  if (capacity > 0 || free_space > 0)
    {
      g_autofree char *size = g_format_size (free_space);

      /* Translators: free space on a drive, e.g. "312.4 GB free" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s free"), size));
    }

  if (read_only)
    g_ptr_array_add (parts, g_strdup (_("Read-only")));

  if (is_demo)
    g_ptr_array_add (parts, g_strdup (_("Demo drive")));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

const char *
ingest_format_drive_icon_name (gboolean removable,
                               gboolean is_folder)
{
  if (is_folder)
    return "folder-symbolic";
  return removable ? "drive-removable-media-symbolic" : "drive-harddisk-symbolic";
}

/* READY means scanned, nothing checked: say so, never anything that sounds verified. */
const char *
ingest_format_drive_state_label (IngestDriveState state)
{
  switch (state)
    {
    case INGEST_DRIVE_STATE_SCANNING:
      return _("Scanning…");
    case INGEST_DRIVE_STATE_READY:
      return _("Not Validated");
    case INGEST_DRIVE_STATE_VALIDATING:
      return _("Validating…");
    case INGEST_DRIVE_STATE_VERIFIED:
      return _("Verified");
    case INGEST_DRIVE_STATE_PROBLEMS:
      return _("Problems Found");
    case INGEST_DRIVE_STATE_REMOVED:
      /* Only a drive a job waits for is still shown once removed. */
      return _("Removed — plug it back in");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* TRUE while work runs on the drive: the caller shows a spinner. */
gboolean
ingest_format_drive_state_busy (IngestDriveState state)
{
  return state == INGEST_DRIVE_STATE_SCANNING || state == INGEST_DRIVE_STATE_VALIDATING;
}

/* NULL when there is nothing to point out (busy, or scanned and idle). */
const char *
ingest_format_drive_state_icon (IngestDriveState state)
{
  switch (state)
    {
    case INGEST_DRIVE_STATE_SCANNING:
    case INGEST_DRIVE_STATE_VALIDATING:
    case INGEST_DRIVE_STATE_READY:
      return NULL;
    case INGEST_DRIVE_STATE_VERIFIED:
      return "emblem-ok-symbolic";
    case INGEST_DRIVE_STATE_PROBLEMS:
      return "dialog-warning-symbolic";
    case INGEST_DRIVE_STATE_REMOVED:
      return "media-eject-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A CSS class from ui/style.css (libadwaita's colour names). */
const char *
ingest_format_drive_state_style (IngestDriveState state)
{
  switch (state)
    {
    case INGEST_DRIVE_STATE_SCANNING:
    case INGEST_DRIVE_STATE_VALIDATING:
      return "accent";
    case INGEST_DRIVE_STATE_READY:
    case INGEST_DRIVE_STATE_REMOVED:
      return "neutral";
    case INGEST_DRIVE_STATE_VERIFIED:
      return "success";
    case INGEST_DRIVE_STATE_PROBLEMS:
      return "error";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "ARRI · 4 clips · 12 files" */
char *
ingest_format_roll_subtitle (const char *kind_label,
                             guint       n_clips,
                             guint64     n_files)
{
  g_autofree char *clips = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clip", "%u clips", n_clips), n_clips);
  g_autofree char *files = ingest_format_count_files (n_files);

  /* Translators: kind of roll, clips and files, e.g. "ARRI · 4 clips · 12 files" */
  return g_strdup_printf (_("%s · %s · %s"), kind_label, clips, files);
}

const char *
ingest_format_roll_icon_name (IngestCardKind kind)
{
  switch ((int) kind)
    {
    case INGEST_CARD_KIND_SOUND:
      return "audio-x-generic-symbolic";
    case INGEST_CARD_KIND_DCIM:
      return "camera-photo-symbolic";
    case INGEST_CARD_KIND_PROXY:
    case INGEST_CARD_KIND_GENERIC:
      return "video-x-generic-symbolic";
    default:
      return "camera-video-symbolic";
    }
}

const char *
ingest_format_mhl_label (const char *mhl_kind)
{
  if (g_strcmp0 (mhl_kind, "ascmhl") == 0)
    return _("ASC MHL");
  if (g_strcmp0 (mhl_kind, "legacy") == 0)
    return _("Legacy MHL");
  return _("No MHL");
}

/* A roll without any manifest cannot be verified: it stands out. */
const char *
ingest_format_mhl_style (const char *mhl_kind)
{
  if (g_strcmp0 (mhl_kind, "ascmhl") == 0 || g_strcmp0 (mhl_kind, "legacy") == 0)
    return "neutral";
  return "warning";
}

/*
 * Validation
 */

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

/* "12 s left", "4 min left", "2 h 05 min left"; NULL when unknown */
char *
ingest_format_eta (gint64 seconds)
{
  if (seconds < 0)
    return NULL;
  if (seconds < 60)
    /* Translators: time left of a validation, in seconds */
    return g_strdup_printf (_("%u s left"), (guint) seconds);
  if (seconds < 3600)
    /* Translators: time left of a validation, in minutes (rounded up) */
    return g_strdup_printf (_("%u min left"), (guint) ((seconds + 59) / 60));
  /* Translators: time left of a validation, in hours and minutes */
  return g_strdup_printf (_("%u h %02u min left"), (guint) (seconds / 3600), (guint) (seconds % 3600 / 60));
}

/* Appends the speed ("85.0 MB/s") when there is one and the time left when
 * it is known: the tail of every progress line. */
static void
add_rate_and_eta (GPtrArray *parts,
                  double     rate,
                  gint64     eta)
{
  char *left;

  if (rate >= 1)
    {
      g_autofree char *speed = g_format_size ((guint64) rate);

      /* Translators: a reading or upload speed, e.g. "85.0 MB/s" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s/s"), speed));
    }
  if ((left = ingest_format_eta (eta)) != NULL)
    g_ptr_array_add (parts, left);
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
  add_rate_and_eta (parts, rate, eta);

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* The tag on a roll row once it has been validated; NULL = no tag. */
char *
ingest_format_roll_verdict_label (IngestValidationVerdict verdict,
                                  guint64                 n_problems)
{
  switch (verdict)
    {
    case INGEST_VALIDATION_VERDICT_PENDING:
      return NULL;
    case INGEST_VALIDATION_VERDICT_OK:
      return g_strdup (_("Verified"));
    case INGEST_VALIDATION_VERDICT_PROBLEMS:
      {
        g_autofree char *number = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_problems);

        /* Translators: %s is a number of files with a problem, already formatted */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s problem", "%s problems", n_problems), number);
      }
    case INGEST_VALIDATION_VERDICT_UNVERIFIABLE:
      return g_strdup (_("No hash list — cannot be verified"));
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ingest_format_roll_verdict_style (IngestValidationVerdict verdict)
{
  switch (verdict)
    {
    case INGEST_VALIDATION_VERDICT_OK:
      return "success";
    case INGEST_VALIDATION_VERDICT_PROBLEMS:
      return "error";
    case INGEST_VALIDATION_VERDICT_UNVERIFIABLE:
      return "warning";
    case INGEST_VALIDATION_VERDICT_PENDING:
    default:
      return "neutral";
    }
}

/* Upload (issue 5) */

const char *
ingest_format_upload_title (IngestUploadState state)
{
  switch (state)
    {
    case INGEST_UPLOAD_STATE_IDLE:
      return _("Not uploaded yet");
    case INGEST_UPLOAD_STATE_RUNNING:
      return _("Uploading…");
    case INGEST_UPLOAD_STATE_PAUSED:
      return _("Upload paused");
    case INGEST_UPLOAD_STATE_DRIVE_REMOVED:
      return _("Drive removed — plug it back in to continue");
    case INGEST_UPLOAD_STATE_DONE:
      return _("Uploaded and verified");
    case INGEST_UPLOAD_STATE_PROBLEMS:
      return _("Uploaded with problems — not every file was delivered");
    case INGEST_UPLOAD_STATE_CANCELLED:
      return _("Upload cancelled");
    case INGEST_UPLOAD_STATE_FAILED:
      return _("Upload failed");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ingest_format_upload_style (IngestUploadState state)
{
  switch (state)
    {
    case INGEST_UPLOAD_STATE_RUNNING:
      return "accent";
    case INGEST_UPLOAD_STATE_PAUSED:
    case INGEST_UPLOAD_STATE_DRIVE_REMOVED:
    case INGEST_UPLOAD_STATE_CANCELLED:
      return "warning";
    case INGEST_UPLOAD_STATE_DONE:
      return "success";
    case INGEST_UPLOAD_STATE_PROBLEMS:
    case INGEST_UPLOAD_STATE_FAILED:
      return "error";
    case INGEST_UPLOAD_STATE_IDLE:
    default:
      return "neutral";
    }
}

/* "1.2 GB of 4.0 GB" */
static char *
upload_bytes_of (guint64 bytes_done,
                 guint64 bytes_total)
{
  g_autofree char *done = g_format_size (bytes_done);
  g_autofree char *total = g_format_size (bytes_total);

  /* Translators: bytes delivered of the bytes to deliver, e.g. "1.2 GB of 4.0 GB" */
  return g_strdup_printf (_("%s of %s"), done, total);
}

/* "1.2 GB of 4.0 GB · 180.0 MB/s · 2 min left" */
char *
ingest_format_upload_progress (guint64 bytes_done,
                               guint64 bytes_total,
                               double  rate,
                               gint64  eta)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, upload_bytes_of (bytes_done, bytes_total));
  add_rate_and_eta (parts, rate, eta);

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* "3 of 4 files uploaded and verified · 1 not delivered" */
char *
ingest_format_upload_counts (guint n_verified,
                             guint n_failed,
                             guint n_files)
{
  g_autofree char *verified = g_strdup_printf ("%'u", n_verified);
  g_autofree char *files = g_strdup_printf ("%'u", n_files);
  g_autofree char *failed = g_strdup_printf ("%'u", n_failed);
  /* Translators: files delivered and checked of the files to deliver */
  g_autofree char *head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s file uploaded and verified",
                                                        "%s of %s files uploaded and verified", n_files),
                                           verified, files);

  g_autofree char *tail = NULL;

  if (n_failed == 0)
    return g_steal_pointer (&head);
  /* Translators: %s is a number of files that were held back or failed */
  tail = g_strdup_printf (_("%s not delivered"), failed);
  return g_strdup_printf ("%s · %s", head, tail);
}

/* The state of a file or a roll, from the upload's words: "waiting",
 * "uploading", "paused", "verified" (at every destination), "held" (its
 * bytes did not verify), "failed", "stopped" (the run ended before it was
 * done). */
const char *
ingest_format_upload_file_state (const char *state)
{
  if (g_strcmp0 (state, "verified") == 0)
    return _("Uploaded and verified");
  if (g_strcmp0 (state, "held") == 0)
    return _("Held — not delivered");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Failed — not delivered");
  if (g_strcmp0 (state, "uploading") == 0)
    return _("Uploading");
  if (g_strcmp0 (state, "paused") == 0)
    return _("Paused");
  if (g_strcmp0 (state, "stopped") == 0)
    return _("Not finished");
  return _("Waiting");
}

const char *
ingest_format_upload_file_style (const char *state)
{
  if (g_strcmp0 (state, "verified") == 0)
    return "success";
  if (g_strcmp0 (state, "held") == 0 || g_strcmp0 (state, "failed") == 0)
    return "error";
  if (g_strcmp0 (state, "uploading") == 0)
    return "accent";
  if (g_strcmp0 (state, "stopped") == 0 || g_strcmp0 (state, "paused") == 0)
    return "warning";
  return "neutral";
}

/* A roll's line: "1.2 GB of 4.0 GB · 3 of 12 files verified · 1 not
 * delivered · 2 min left"; @bytes_total and @n_files 0, @eta -1 = not known.
 * @history: (nullable): what each destination got of its ASC MHL history
 * (ingest_format_upload_history()), one line each under it. */
char *
ingest_format_upload_roll_detail (guint64             bytes_done,
                                  guint64             bytes_total,
                                  guint               n_verified,
                                  guint               n_not_delivered,
                                  guint               n_files,
                                  gint64              eta,
                                  const char * const *history)
{
  g_autofree char *line = NULL;
  g_autofree char *lines = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  char *left;

  if (bytes_total > 0)
    g_ptr_array_add (parts, upload_bytes_of (bytes_done, bytes_total));
  else
    g_ptr_array_add (parts, g_format_size (bytes_done));
  if (n_files > 0)
    /* Translators: files of a roll delivered and checked at every destination, of its files */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u file verified",
                                                          "%'u of %'u files verified", n_files),
                                             n_verified, n_files));
  else if (n_verified > 0)
    /* Translators: files of a roll delivered and checked at every destination */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u file verified", "%'u files verified",
                                                          n_verified), n_verified));
  if (n_not_delivered > 0)
    /* Translators: files of a roll that were held back or failed */
    g_ptr_array_add (parts, g_strdup_printf (_("%'u not delivered"), n_not_delivered));
  if ((left = ingest_format_eta (eta)) != NULL)
    g_ptr_array_add (parts, left);
  g_ptr_array_add (parts, NULL);
  line = g_strjoinv (" · ", (char **) parts->pdata);
  if (history == NULL || history[0] == NULL)
    return g_steal_pointer (&line);
  lines = g_strjoinv ("\n", (char **) history);
  return g_strconcat (line, "\n", lines, NULL);
}

/* Where a file went: its object or its copy when it was verified there;
 * else the destination, an S3 one without the endpoint its URI carries
 * ("s3://bucket/prefix@https://…"). Escaped: it holds the drive's names. */
static char *
upload_place (const char *destination,
              const char *location)
{
  g_autofree char *place = NULL;
  const char *at;

  if (location != NULL && *location != '\0')
    return ingest_display_name (location);
  if (destination == NULL)
    return g_strdup ("");
  at = g_str_has_prefix (destination, "s3://") ? strchr (destination, '@') : NULL;
  place = at != NULL ? g_strndup (destination, at - destination) : g_strdup (destination);
  return ingest_display_name (place);
}

/* What a destination got of a roll's ASC MHL history
 * (IngestUploadJob::history-outcome): "ASC MHL history: generation 3
 * (transfer) at s3://bucket/A001/ascmhl/", "ASC MHL history at
 * /mnt/nas/A001/ascmhl/: already there…" when no generation was sent (the
 * job says why), "ASC MHL history not delivered to /mnt/nas: why". */
char *
ingest_format_upload_history (const char          *destination,
                              const char          *location,
                              guint                generation,
                              IngestDeliveryState  state,
                              const char          *message)
{
  gboolean delivered = ingest_delivery_state_is_delivered (state);
  g_autofree char *place = upload_place (destination, delivered ? location : NULL);
  g_autofree char *message_shown = ingest_display_message (message);

  message = message_shown;
  if (!delivered)
    {
      if (message == NULL || *message == '\0')
        /* Translators: %s is where the roll's ASC MHL history should have gone */
        return g_strdup_printf (_("ASC MHL history not delivered to %s"), place);
      /* Translators: %s is where the roll's ASC MHL history should have gone, then why it did not */
      return g_strdup_printf (_("ASC MHL history not delivered to %s: %s"), place, message);
    }
  if (generation > 0)
    /* Translators: %u is the number of the ASC MHL generation recording the
     * copy ("transfer" is its process, keep it), %s where the history is */
    return g_strdup_printf (_("ASC MHL history: generation %u (transfer) at %s"), generation, place);
  if (message == NULL || *message == '\0')
    /* Translators: %s is where the roll's ASC MHL history is */
    return g_strdup_printf (_("ASC MHL history at %s"), place);
  /* Translators: %s is where the roll's ASC MHL history is, then why no new generation was sent */
  return g_strdup_printf (_("ASC MHL history at %s: %s"), place, message);
}

/* "Not delivered to /mnt/nas: its bytes do not match the manifest" */
char *
ingest_format_upload_file_detail (IngestDeliveryState  state,
                                  const char          *destination,
                                  const char          *location,
                                  const char          *message)
{
  gboolean delivered = ingest_delivery_state_is_delivered (state);
  g_autofree char *place = upload_place (destination, delivered ? location : NULL);
  g_autofree char *message_shown = ingest_display_message (message);

  message = message_shown;
  if (delivered)
    {
      if (g_str_has_prefix (place, "s3://"))
        /* Translators: %s is the object the file became, s3://bucket/key */
        return g_strdup_printf (_("Verified in %s"), place);
      /* Translators: %s is the copy the file became, a path in a folder */
      return g_strdup_printf (_("Verified at %s"), place);
    }
  if (state == INGEST_DELIVERY_STATE_HELD || state == INGEST_DELIVERY_STATE_FAILED)
    {
      if (message == NULL || *message == '\0')
        /* Translators: %s is where the file should have gone */
        return g_strdup_printf (_("Not delivered to %s"), place);
      /* Translators: %s is where the file should have gone, then why it did not */
      return g_strdup_printf (_("Not delivered to %s: %s"), place, message);
    }
  return g_strdup (_("Waiting to be read"));
}

/* "0:04", "12:30", "1:02:03" */
char *
ingest_format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds < 3600)
    return g_strdup_printf ("%u:%02u", (guint) (seconds / 60), (guint) (seconds % 60));
  return g_strdup_printf ("%u:%02u:%02u", (guint) (seconds / 3600), (guint) (seconds % 3600 / 60),
                          (guint) (seconds % 60));
}

/* "Finished 14:32 · 36.9 MB in 0:04 · 9.2 MB/s": when (local time), the
 * bytes delivered over the time spent sending (pauses not counted), and the
 * rate of what was sent (none when the destinations had everything). */
char *
ingest_format_upload_finished (GDateTime *finished,
                               guint64    bytes,
                               double     seconds,
                               double     rate)
{
  g_autofree char *when = g_date_time_format (finished, "%H:%M");
  g_autofree char *size = g_format_size (bytes);
  g_autofree char *took = ingest_format_duration ((gint64) (seconds + 0.5));

  if (rate >= 1)
    {
      g_autofree char *speed = g_format_size ((guint64) rate);

      /* Translators: when an upload finished, its size, how long it took and its rate,
       * e.g. "Finished 14:32 · 36.9 MB in 0:04 · 9.2 MB/s" */
      return g_strdup_printf (_("Finished %s · %s in %s · %s/s"), when, size, took, speed);
    }
  /* Translators: when an upload finished, its size and how long it took */
  return g_strdup_printf (_("Finished %s · %s in %s"), when, size, took);
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

/* What a file cost to deliver: "96.0 MB sent", "2.0 MB already there" (a
 * resumed upload), both, or NULL when nothing was sent. */
char *
ingest_format_upload_file_bytes (guint64 bytes_sent,
                                 guint64 bytes_resumed)
{
  g_autofree char *sent = g_format_size (bytes_sent);
  g_autofree char *resumed = g_format_size (bytes_resumed);

  if (bytes_sent > 0 && bytes_resumed > 0)
    /* Translators: bytes sent now, then bytes the destination already had */
    return g_strdup_printf (_("%s sent · %s already there"), sent, resumed);
  if (bytes_sent > 0)
    /* Translators: bytes sent, e.g. "96.0 MB sent" */
    return g_strdup_printf (_("%s sent"), sent);
  if (bytes_resumed > 0)
    /* Translators: bytes the destination already had from an earlier upload */
    return g_strdup_printf (_("%s already there"), resumed);
  return NULL;
}

/* "127.0.0.1:7480" of "http://127.0.0.1:7480"; AWS when no endpoint is set. */
static char *
endpoint_host (const char *endpoint)
{
  g_autoptr(GUri) uri = NULL;

  if (endpoint == NULL || *endpoint == '\0')
    return g_strdup (_("Amazon S3"));
  uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (endpoint);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* Where the destination chosen in the upload panel is ("upload-destination":
 * 0 NAS, 1 S3, 2 both), in words: "S3 bucket “dailies” at 127.0.0.1:7480,
 * prefix show/day1/ · NAS folder /mnt/nas". */
char *
ingest_format_upload_destination (guint       choice,
                                  const char *nas_folder,
                                  const char *bucket,
                                  const char *prefix,
                                  const char *endpoint,
                                  const char *key_prefix)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  /* Production and shoot day, the folders every key starts with. */
  if (key_prefix == NULL)
    key_prefix = "";

  if (choice == 1 || choice == 2)
    {
      g_autofree char *host = endpoint_host (endpoint);
      g_autofree char *folder = NULL;

      if (bucket == NULL || *bucket == '\0')
        return g_strdup (_("The S3 bucket is not set up yet: see Preferences"));
      /* "/show/day1/" and "show/day1" are the same prefix: show/day1/ */
      folder = g_strdup (prefix != NULL ? prefix : "");
      g_strstrip (folder);
      while (folder[0] == '/')
        memmove (folder, folder + 1, strlen (folder));
      while (*folder != '\0' && folder[strlen (folder) - 1] == '/')
        folder[strlen (folder) - 1] = '\0';
      if (*key_prefix != '\0')
        {
          char *whole = *folder != '\0' ? g_strconcat (folder, "/", key_prefix, NULL) : g_strdup (key_prefix);

          g_free (folder);
          folder = whole;
        }
      if (*folder != '\0')
        /* Translators: an S3 bucket's name, the server's host, then the folder in the bucket */
        g_ptr_array_add (parts, g_strdup_printf (_("S3 bucket “%s” at %s, prefix %s/"), bucket, host, folder));
      else
        /* Translators: an S3 bucket's name, then the server's host */
        g_ptr_array_add (parts, g_strdup_printf (_("S3 bucket “%s” at %s"), bucket, host));
    }
  if (choice == 0 || choice == 2)
    {
      if (nas_folder == NULL || *nas_folder == '\0')
        return g_strdup (_("The NAS folder is not set up yet: see Preferences"));
      if (*key_prefix != '\0')
        /* Translators: the path of a folder on a NAS, then the folders below it every file goes into */
        g_ptr_array_add (parts, g_strdup_printf (_("NAS folder %s, prefix %s/"), nas_folder, key_prefix));
      else
        /* Translators: %s is the path of a folder on a NAS (or any disk) */
        g_ptr_array_add (parts, g_strdup_printf (_("NAS folder %s"), nas_folder));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}
