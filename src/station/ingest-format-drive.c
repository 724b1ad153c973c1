/* ingest-format-drive.c
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

/* What the station shows of a drive and its rolls: summaries, details,
 * states and the tags of the roll rows. */

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

/* The rolls list when it is empty: still looking, or there are none. */
const char *
ingest_format_rolls_placeholder (gboolean busy)
{
  return busy ? _("Looking for camera and sound rolls…") : _("No camera or sound rolls on this drive");
}
