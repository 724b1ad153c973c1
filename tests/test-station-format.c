/* test-station-format.c
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

/* The station's wording for drives and rolls, checked without a display. */

#include "config.h"

#include "ingest-format.h"

/* g_format_size() puts a no-break space between number and unit in UTF-8 locales
 * (the tests run in C.UTF-8). */
static void
test_drive_summary (void)
{
  g_autofree char *many = ingest_format_drive_summary (3, 42, 1200000000);
  g_autofree char *one = ingest_format_drive_summary (1, 1, 1000);
  g_autofree char *none = ingest_format_drive_summary (0, 0, 0);
  g_autofree char *sidebar = ingest_format_drive_short_summary (12, 987654321);
  g_autofree char *scanning = ingest_format_scan_progress (812, 3100000000);

  g_assert_cmpstr (many, ==, "3 rolls · 42 files · 1.2\u00a0GB");
  g_assert_cmpstr (one, ==, "1 roll · 1 file · 1.0\u00a0kB");
  g_assert_cmpstr (none, ==, "0 rolls · 0 files · 0 bytes");
  g_assert_cmpstr (sidebar, ==, "12 rolls · 987.7\u00a0MB");
  g_assert_cmpstr (scanning, ==, "812 files · 3.1\u00a0GB so far");
}

static void
test_drive_details (void)
{
  g_autofree char *card = ingest_format_drive_details ("exfat", 2000000000000, 312400000000, TRUE, FALSE);
  g_autofree char *shuttle = ingest_format_drive_details ("ntfs3", 4000000000000, 0, FALSE, FALSE);
  g_autofree char *other = ingest_format_drive_details ("btrfs", 0, 0, FALSE, FALSE);
  g_autofree char *folder = ingest_format_drive_details ("ext4", 500000000000, 50000000000, FALSE, TRUE);

  g_assert_cmpstr (card, ==, "exFAT · 2.0\u00a0TB · 312.4\u00a0GB free · Read-only");
  g_assert_cmpstr (shuttle, ==, "NTFS · 4.0\u00a0TB · 0 bytes free");
  g_assert_cmpstr (other, ==, "btrfs");
  /* A folder's capacity is its host's: not shown. */
  g_assert_cmpstr (folder, ==, "Folder · 50.0\u00a0GB free");
}

/* Only a verified drive may say so; a drive merely scanned says it is not validated. */
static void
test_drive_state (void)
{
  GEnumClass *klass = g_type_class_ref (INGEST_TYPE_DRIVE_STATE);

  for (guint i = 0; i < klass->n_values; i++)
    {
      IngestDriveState state = klass->values[i].value;
      const char *label = ingest_format_drive_state_label (state);

      g_assert_nonnull (label);
      g_assert_nonnull (ingest_format_drive_state_style (state));
      if (state == INGEST_DRIVE_STATE_VERIFIED)
        g_assert_cmpstr (label, ==, "Verified");
      else
        g_assert_null (strstr (label, "erified"));
      g_assert_cmpint (ingest_format_drive_state_busy (state), ==,
                       state == INGEST_DRIVE_STATE_SCANNING || state == INGEST_DRIVE_STATE_VALIDATING);
      /* A busy drive shows a spinner, never an icon that could read as a verdict. */
      if (ingest_format_drive_state_busy (state))
        g_assert_null (ingest_format_drive_state_icon (state));
    }
  g_assert_cmpstr (ingest_format_drive_state_label (INGEST_DRIVE_STATE_READY), ==, "Not Validated");
  g_assert_cmpstr (ingest_format_drive_state_icon (INGEST_DRIVE_STATE_VERIFIED), ==, "emblem-ok-symbolic");
  g_assert_cmpstr (ingest_format_drive_state_style (INGEST_DRIVE_STATE_PROBLEMS), ==, "error");

  g_type_class_unref (klass);
}

static void
test_roll (void)
{
  g_autofree char *arri = ingest_format_roll_subtitle ("ARRI", 4, 7);
  g_autofree char *sound = ingest_format_roll_subtitle ("Sound", 1, 1);

  g_assert_cmpstr (arri, ==, "ARRI · 4 clips · 7 files");
  g_assert_cmpstr (sound, ==, "Sound · 1 clip · 1 file");

  g_assert_cmpstr (ingest_format_roll_icon_name (INGEST_CARD_KIND_SOUND), ==, "audio-x-generic-symbolic");
  g_assert_cmpstr (ingest_format_roll_icon_name (INGEST_CARD_KIND_ARRI), ==, "camera-video-symbolic");
  g_assert_cmpstr (ingest_format_roll_icon_name (INGEST_CARD_KIND_DCIM), ==, "camera-photo-symbolic");

  g_assert_cmpstr (ingest_format_mhl_label ("ascmhl"), ==, "ASC MHL");
  g_assert_cmpstr (ingest_format_mhl_label ("legacy"), ==, "Legacy MHL");
  g_assert_cmpstr (ingest_format_mhl_label ("none"), ==, "No MHL");
  g_assert_cmpstr (ingest_format_mhl_label (NULL), ==, "No MHL");
  /* A roll nothing can verify stands out. */
  g_assert_cmpstr (ingest_format_mhl_style ("none"), ==, "warning");
  g_assert_cmpstr (ingest_format_mhl_style ("ascmhl"), ==, "neutral");
}

static void
test_icons (void)
{
  g_assert_cmpstr (ingest_format_drive_icon_name (TRUE, FALSE), ==, "drive-removable-media-symbolic");
  g_assert_cmpstr (ingest_format_drive_icon_name (FALSE, FALSE), ==, "drive-harddisk-symbolic");
  g_assert_cmpstr (ingest_format_drive_icon_name (FALSE, TRUE), ==, "folder-symbolic");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingest/station/format/drive-summary", test_drive_summary);
  g_test_add_func ("/ingest/station/format/drive-details", test_drive_details);
  g_test_add_func ("/ingest/station/format/drive-state", test_drive_state);
  g_test_add_func ("/ingest/station/format/roll", test_roll);
  g_test_add_func ("/ingest/station/format/icons", test_icons);

  return g_test_run ();
}
