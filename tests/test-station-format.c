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

/* The station's wording for drives, rolls and validations, checked without a display. */

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
  g_autofree char *card = ingest_format_drive_details ("exfat", 2000000000000, 312400000000, TRUE, FALSE, FALSE);
  g_autofree char *shuttle = ingest_format_drive_details ("ntfs3", 4000000000000, 0, FALSE, FALSE, FALSE);
  g_autofree char *other = ingest_format_drive_details ("btrfs", 0, 0, FALSE, FALSE, FALSE);
  g_autofree char *demo = ingest_format_drive_details ("exfat", 0, 0, FALSE, FALSE, TRUE);
  g_autofree char *folder = ingest_format_drive_details ("ext4", 500000000000, 50000000000, FALSE, TRUE, FALSE);

  g_assert_cmpstr (card, ==, "exFAT · 2.0\u00a0TB · 312.4\u00a0GB free · Read-only");
  g_assert_cmpstr (shuttle, ==, "NTFS · 4.0\u00a0TB · 0 bytes free");
  g_assert_cmpstr (other, ==, "btrfs");
  /* A folder's capacity is its host's: not shown. */
  g_assert_cmpstr (folder, ==, "Folder · 50.0\u00a0GB free");
  /* The demo drive says so, and shows no sizes of its own. */
  g_assert_cmpstr (demo, ==, "exFAT · Demo drive");
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

/* The banner's counts: each status with files, in a fixed order, grouped digits. */
static void
test_validation_counts (void)
{
  guint64 counts[INGEST_VALIDATION_N_STATUSES] = { 0 };
  g_autofree char *none = ingest_format_validation_counts (counts);
  g_autofree char *mixed = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *expected = NULL;
  /* Digits are grouped as the locale has it: "1,204" in en_US, "1204" in C. */
  g_autofree char *n1204 = g_strdup_printf ("%'u", 1204);

  g_assert_cmpstr (none, ==, "No files");

  counts[INGEST_VALIDATION_STATUS_VERIFIED] = 1204;
  verified = ingest_format_validation_counts (counts);
  expected = g_strdup_printf ("%s verified", n1204);
  g_assert_cmpstr (verified, ==, expected);
  g_clear_pointer (&expected, g_free);

  counts[INGEST_VALIDATION_STATUS_MISSING] = 2;
  counts[INGEST_VALIDATION_STATUS_MISMATCH] = 1;
  counts[INGEST_VALIDATION_STATUS_EXTRA] = 3;
  counts[INGEST_VALIDATION_STATUS_IGNORED] = 4;
  counts[INGEST_VALIDATION_STATUS_UNREADABLE] = 5;
  counts[INGEST_VALIDATION_STATUS_RENAMED] = 6;
  mixed = ingest_format_validation_counts (counts);
  expected = g_strdup_printf ("%s verified · 2 missing · 1 altered · 5 unreadable · 6 renamed · 3 extra · 4 ignored", n1204);
  g_assert_cmpstr (mixed, ==, expected);

  /* What the drive's header counts and validation does not: said, so the
   * numbers add up (30 files = 19 verified + 3 ignored + 8 of histories). */
  {
    g_autofree char *unchecked = ingest_format_validation_unchecked (8);
    g_autofree char *one = ingest_format_validation_unchecked (1);

    g_assert_cmpstr (unchecked, ==, "8 hash-list files not checked");
    g_assert_cmpstr (one, ==, "1 hash-list file not checked");
  }
  /* Listed while removed only when a job waits: the row says what to do. */
  g_assert_cmpstr (ingest_format_drive_state_label (INGEST_DRIVE_STATE_REMOVED), ==, "Removed — plug it back in");
}

/* Green only for a finished run whose verdict is ok; never for a drive no hash
 * list covers, nor for a run that did not finish. */
static void
test_validation_banner (void)
{
  GEnumClass *phases = g_type_class_ref (INGEST_TYPE_VALIDATION_PHASE);
  GEnumClass *verdicts = g_type_class_ref (INGEST_TYPE_VALIDATION_VERDICT);

  for (guint p = 0; p < phases->n_values; p++)
    for (guint v = 0; v < verdicts->n_values; v++)
      for (guint paused = 0; paused <= 1; paused++)
        {
          IngestValidationPhase phase = phases->values[p].value;
          IngestValidationVerdict verdict = verdicts->values[v].value;
          const char *title = ingest_format_validation_title (phase, verdict, paused);
          const char *style = ingest_format_validation_style (phase, verdict, paused);
          const char *icon = ingest_format_validation_icon (phase, verdict, paused);
          gboolean verified = phase == INGEST_VALIDATION_PHASE_DONE && verdict == INGEST_VALIDATION_VERDICT_OK;

          g_assert_nonnull (title);
          g_assert_nonnull (style);
          g_assert_cmpint (g_str_equal (style, "success"), ==, verified);
          g_assert_cmpint (strstr (title, "verified") != NULL && strstr (title, "not verified") == NULL &&
                           strstr (title, "cannot be verified") == NULL, ==, verified);
          g_assert_cmpint (g_strcmp0 (icon, "emblem-ok-symbolic") == 0, ==, verified);
          /* Running shows a spinner, unless paused (the drive is away). */
          if (ingest_format_validation_running (phase))
            g_assert_cmpint (icon == NULL, ==, !paused);
          if (phase == INGEST_VALIDATION_PHASE_DONE && verdict == INGEST_VALIDATION_VERDICT_UNVERIFIABLE)
            {
              g_assert_cmpstr (title, ==, "No hash list — cannot be verified");
              g_assert_cmpstr (style, ==, "warning");
            }
        }

  g_assert_cmpstr (ingest_format_validation_title (INGEST_VALIDATION_PHASE_HASHING, INGEST_VALIDATION_VERDICT_PENDING, TRUE),
                   ==, "Drive removed — plug it back in to continue");
  g_assert_cmpstr (ingest_format_validation_title (INGEST_VALIDATION_PHASE_DONE, INGEST_VALIDATION_VERDICT_PROBLEMS, FALSE),
                   ==, "Problems found");
  g_assert_cmpstr (ingest_format_validation_style (INGEST_VALIDATION_PHASE_DONE, INGEST_VALIDATION_VERDICT_PROBLEMS, FALSE),
                   ==, "error");

  g_type_class_unref (phases);
  g_type_class_unref (verdicts);
}

static void
test_validation_progress (void)
{
  g_autofree char *running = ingest_format_validation_progress (312000000, 1200000000, 120, 400, 85000000, 12);
  g_autofree char *starting = ingest_format_validation_progress (0, 1000, 0, 1, 0, -1);
  g_autofree char *minutes = ingest_format_eta (61);
  g_autofree char *hours = ingest_format_eta (2 * 3600 + 5 * 60 + 7);

  g_assert_cmpstr (running, ==, "312.0\u00a0MB of 1.2\u00a0GB · 120 of 400 files · 85.0\u00a0MB/s · 12 s left");
  g_assert_cmpstr (starting, ==, "0 bytes of 1.0\u00a0kB · 0 of 1 file");
  g_assert_cmpstr (minutes, ==, "2 min left");
  g_assert_cmpstr (hours, ==, "2 h 05 min left");
  g_assert_null (ingest_format_eta (-1));
}

/* The upload panel's wording (issue 5 point 8): the brief's own example line,
 * every state titled, failures in plain words, no "verified" for a held file. */
static void
test_upload (void)
{
  g_autofree char *running = ingest_format_upload_progress (1200000000, 4000000000, 180000000, 120);
  g_autofree char *paused = ingest_format_upload_progress (0, 1000, 0, -1);
  g_autofree char *all = ingest_format_upload_counts (4, 0, 4);
  g_autofree char *some = ingest_format_upload_counts (1, 1, 2);
  g_autofree char *one = ingest_format_upload_counts (0, 0, 1);
  g_autofree char *held = ingest_format_upload_file_detail (INGEST_DELIVERY_STATE_HELD, "/mnt/nas", "/mnt/nas/A001/c.mov",
                                                            "its bytes do not match the manifest");
  g_autofree char *failed = ingest_format_upload_file_detail (INGEST_DELIVERY_STATE_FAILED, "s3://b/p@http://127.0.0.1:7480", NULL, NULL);
  g_autofree char *verified = ingest_format_upload_file_detail (INGEST_DELIVERY_STATE_VERIFIED, "/mnt/nas", "/mnt/nas/A001/c.mov", NULL);
  /* Each destination says where the file is now, not the endpoint its URI carries. */
  g_autofree char *in_s3 = ingest_format_upload_file_detail (INGEST_DELIVERY_STATE_VERIFIED, "s3://b/p@http://127.0.0.1:7480",
                                                             "s3://b/p/A001/c.mov", NULL);
  GEnumClass *states = g_type_class_ref (INGEST_TYPE_UPLOAD_STATE);

  g_assert_cmpstr (running, ==, "1.2\u00a0GB of 4.0\u00a0GB · 180.0\u00a0MB/s · 2 min left");
  g_assert_cmpstr (paused, ==, "0 bytes of 1.0\u00a0kB");
  g_assert_cmpstr (all, ==, "4 of 4 files uploaded and verified");
  g_assert_cmpstr (some, ==, "1 of 2 files uploaded and verified · 1 not delivered");
  g_assert_cmpstr (one, ==, "0 of 1 file uploaded and verified");
  g_assert_cmpstr (held, ==, "Not delivered to /mnt/nas: its bytes do not match the manifest");
  g_assert_cmpstr (failed, ==, "Not delivered to s3://b/p");
  g_assert_cmpstr (verified, ==, "Verified at /mnt/nas/A001/c.mov");
  g_assert_cmpstr (in_s3, ==, "Verified in s3://b/p/A001/c.mov");

  {
    g_autofree char *sent = ingest_format_upload_file_bytes (96000000, 0);
    g_autofree char *resumed = ingest_format_upload_file_bytes (0, 2000000);
    g_autofree char *both = ingest_format_upload_file_bytes (1000, 2000000);

    g_assert_cmpstr (sent, ==, "96.0\u00a0MB sent");
    g_assert_cmpstr (resumed, ==, "2.0\u00a0MB already there");
    g_assert_cmpstr (both, ==, "1.0\u00a0kB sent · 2.0\u00a0MB already there");
    g_assert_null (ingest_format_upload_file_bytes (0, 0));
  }
  g_assert_cmpstr (ingest_format_upload_file_state ("held"), ==, "Held — not delivered");
  g_assert_cmpstr (ingest_format_upload_file_state ("failed"), ==, "Failed — not delivered");
  g_assert_cmpstr (ingest_format_upload_file_state ("verified"), ==, "Uploaded and verified");
  g_assert_cmpstr (ingest_format_upload_file_state (NULL), ==, "Waiting");
  g_assert_cmpstr (ingest_format_upload_file_style ("held"), ==, "error");
  g_assert_cmpstr (ingest_format_upload_file_style ("verified"), ==, "success");

  for (guint i = 0; i < states->n_values; i++)
    {
      IngestUploadState state = states->values[i].value;

      g_assert_nonnull (ingest_format_upload_title (state));
      g_assert_nonnull (ingest_format_upload_style (state));
      /* Only a finished upload with nothing held says "verified". */
      if (state != INGEST_UPLOAD_STATE_DONE)
        g_assert_null (strstr (ingest_format_upload_title (state), "verified"));
    }
  g_assert_cmpstr (ingest_format_upload_title (INGEST_UPLOAD_STATE_DONE), ==, "Uploaded and verified");
  {
    g_autofree char *nas = ingest_format_upload_destination (0, "/mnt/nas", "", "", "", "");
    g_autofree char *s3 = ingest_format_upload_destination (1, "", "dailies", "/show/day1/", "http://127.0.0.1:7480", NULL);
    g_autofree char *both = ingest_format_upload_destination (2, "/mnt/nas", "dailies", "", "https://s3.example.com/", "");
    g_autofree char *aws = ingest_format_upload_destination (1, "", "dailies", "show", "", "");
    g_autofree char *unset = ingest_format_upload_destination (2, "", "dailies", "", "", "");
    /* With a production and a shoot day: the folders every key starts with. */
    g_autofree char *keyed_s3 = ingest_format_upload_destination (1, "", "rushes", "/dailies/", "http://127.0.0.1:7480",
                                                                  "Feature X/D012");
    g_autofree char *keyed_both = ingest_format_upload_destination (2, "/mnt/nas", "rushes", "", "http://127.0.0.1:7480",
                                                                    "Feature X/D012");

    g_assert_cmpstr (nas, ==, "NAS folder /mnt/nas");
    g_assert_cmpstr (s3, ==, "S3 bucket “dailies” at 127.0.0.1:7480, prefix show/day1/");
    g_assert_cmpstr (both, ==, "S3 bucket “dailies” at s3.example.com · NAS folder /mnt/nas");
    g_assert_cmpstr (aws, ==, "S3 bucket “dailies” at Amazon S3, prefix show/");
    g_assert_cmpstr (unset, ==, "The NAS folder is not set up yet: see Preferences");
    g_assert_cmpstr (keyed_s3, ==, "S3 bucket “rushes” at 127.0.0.1:7480, prefix dailies/Feature X/D012/");
    g_assert_cmpstr (keyed_both, ==, "S3 bucket “rushes” at 127.0.0.1:7480, prefix Feature X/D012/"
                                     " · NAS folder /mnt/nas, prefix Feature X/D012/");
  }
  g_assert_cmpstr (ingest_format_upload_style (INGEST_UPLOAD_STATE_PROBLEMS), ==, "error");

  /* A drive pulled mid-upload: what to do, not a Resume that cannot work. */
  g_assert_cmpstr (ingest_format_upload_title (INGEST_UPLOAD_STATE_DRIVE_REMOVED), ==,
                   "Drive removed — plug it back in to continue");
  g_assert_cmpstr (ingest_format_upload_style (INGEST_UPLOAD_STATE_DRIVE_REMOVED), ==, "warning");

  /* Rolls: bytes of the scan's, files of the hash lists', problems said. */
  {
    g_autofree char *roll = ingest_format_upload_roll_detail (1200000000, 4000000000, 3, 1, 12, 120, NULL);
    g_autofree char *single = ingest_format_upload_roll_detail (5, 5, 1, 0, 1, -1, NULL);
    g_autofree char *unknown = ingest_format_upload_roll_detail (2000000, 0, 2, 0, 0, -1, NULL);
    g_autofree char *nothing = ingest_format_upload_roll_detail (0, 0, 0, 0, 0, -1, NULL);

    g_assert_cmpstr (roll, ==, "1.2\u00a0GB of 4.0\u00a0GB · 3 of 12 files verified · 1 not delivered · 2 min left");
    g_assert_cmpstr (single, ==, "5 bytes of 5 bytes · 1 of 1 file verified");
    g_assert_cmpstr (unknown, ==, "2.0\u00a0MB · 2 files verified");
    g_assert_cmpstr (nothing, ==, "0 bytes");
  }

  /* A roll's ASC MHL history, as each destination got it (the job's
   * "history-outcome"): the generation and where, why none was sent, or
   * why it did not get there; a line each, under the roll's. */
  {
    g_autofree char *sent = ingest_format_upload_history ("s3://b/p@http://127.0.0.1:7480", "s3://b/p/A001/ascmhl/",
                                                          3, INGEST_DELIVERY_STATE_VERIFIED, NULL);
    g_autofree char *there = ingest_format_upload_history ("/mnt/nas", "/mnt/nas/A001/ascmhl/", 0, INGEST_DELIVERY_STATE_VERIFIED,
                                                           "already there from an earlier run, nothing new to record");
    g_autofree char *not_there = ingest_format_upload_history ("s3://b/p@http://127.0.0.1:7480", "s3://b/p/A001/ascmhl/",
                                                               0, INGEST_DELIVERY_STATE_FAILED, "Permission denied");
    g_autofree char *failed_bare = ingest_format_upload_history ("/mnt/nas", NULL, 0, INGEST_DELIVERY_STATE_FAILED, NULL);
    const char *lines[] = { sent, not_there, NULL };
    g_autofree char *roll = ingest_format_upload_roll_detail (5, 5, 1, 0, 1, -1, lines);
    const char *none[] = { NULL };
    g_autofree char *no_history = ingest_format_upload_roll_detail (5, 5, 1, 0, 1, -1, none);

    g_assert_cmpstr (sent, ==, "ASC MHL history: generation 3 (transfer) at s3://b/p/A001/ascmhl/");
    g_assert_cmpstr (there, ==, "ASC MHL history at /mnt/nas/A001/ascmhl/: "
                                "already there from an earlier run, nothing new to record");
    /* Not delivered: the destination (without its endpoint), never "at". */
    g_assert_cmpstr (not_there, ==, "ASC MHL history not delivered to s3://b/p: Permission denied");
    g_assert_cmpstr (failed_bare, ==, "ASC MHL history not delivered to /mnt/nas");
    g_assert_cmpstr (roll, ==, "5 bytes of 5 bytes · 1 of 1 file verified\n"
                               "ASC MHL history: generation 3 (transfer) at s3://b/p/A001/ascmhl/\n"
                               "ASC MHL history not delivered to s3://b/p: Permission denied");
    g_assert_cmpstr (no_history, ==, "5 bytes of 5 bytes · 1 of 1 file verified");
  }

  /* A finished upload: when, how much in how long, how fast (the rate of
   * what was sent; none when everything was already there). */
  {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GDateTime) when = g_date_time_new (utc, 2026, 11, 22, 14, 32, 7);
    g_autofree char *finished = ingest_format_upload_finished (when, 36900000, 4.0, 9225000);
    g_autofree char *resumed = ingest_format_upload_finished (when, 36900000, 0.2, 0);
    g_autofree char *long_one = ingest_format_duration (3723);

    g_assert_cmpstr (finished, ==, "Finished 14:32 · 36.9\u00a0MB in 0:04 · 9.2\u00a0MB/s");
    g_assert_cmpstr (resumed, ==, "Finished 14:32 · 36.9\u00a0MB in 0:00");
    g_assert_cmpstr (long_one, ==, "1:02:03");
  }
  g_assert_cmpstr (ingest_format_upload_file_state ("uploading"), ==, "Uploading");
  g_assert_cmpstr (ingest_format_upload_file_state ("paused"), ==, "Paused");
  g_assert_cmpstr (ingest_format_upload_file_state ("stopped"), ==, "Not finished");
  g_assert_cmpstr (ingest_format_upload_file_state ("waiting"), ==, "Waiting");
  g_assert_cmpstr (ingest_format_upload_file_style ("uploading"), ==, "accent");
  g_assert_cmpstr (ingest_format_upload_file_style ("stopped"), ==, "warning");
  g_type_class_unref (states);
}

static IngestValidationResult *
make_result (const char             *path,
             IngestValidationStatus  status)
{
  return g_object_new (INGEST_TYPE_VALIDATION_RESULT, "path", path, "status", status, NULL);
}

/* The rank the file list sorts by (in the .ui) orders statuses exactly as the
 * core's ingest_validation_result_compare() does: problems first. */
static void
test_status_rank (void)
{
  for (guint a = 0; a < INGEST_VALIDATION_N_STATUSES; a++)
    {
      g_autoptr(IngestValidationResult) ra = make_result ("same/path", a);

      g_assert_nonnull (ingest_format_status_label (a));
      g_assert_nonnull (ingest_format_status_icon (a));
      g_assert_nonnull (ingest_format_status_style (a));
      for (guint b = 0; b < INGEST_VALIDATION_N_STATUSES; b++)
        {
          g_autoptr(IngestValidationResult) rb = make_result ("same/path", b);
          int by_core = ingest_validation_result_compare (ra, rb, NULL);
          int by_rank = (int) ingest_format_status_rank (a) - (int) ingest_format_status_rank (b);

          g_assert_cmpint ((by_core > 0) - (by_core < 0), ==, (by_rank > 0) - (by_rank < 0));
        }
      /* Problems sort before everything else. */
      if (ingest_validation_status_is_problem (a))
        g_assert_cmpuint (ingest_format_status_rank (a), <, ingest_format_status_rank (INGEST_VALIDATION_STATUS_IGNORED));
    }
  g_assert_cmpstr (ingest_format_status_label (INGEST_VALIDATION_STATUS_MISMATCH), ==, "Altered");
  g_assert_cmpstr (ingest_format_status_style (INGEST_VALIDATION_STATUS_VERIFIED), ==, "success");
  g_assert_cmpstr (ingest_format_status_style (INGEST_VALIDATION_STATUS_MISSING), ==, "error");
}

static void
test_file_filter (void)
{
  for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
    {
      g_assert_true (ingest_format_file_filter_matches (INGEST_FILE_FILTER_ALL, s));
      g_assert_cmpint (ingest_format_file_filter_matches (INGEST_FILE_FILTER_PROBLEMS, s), ==,
                       ingest_validation_status_is_problem (s));
      g_assert_cmpint (ingest_format_file_filter_matches (INGEST_FILE_FILTER_VERIFIED, s), ==,
                       s == INGEST_VALIDATION_STATUS_VERIFIED);
      g_assert_cmpint (ingest_format_file_filter_matches (INGEST_FILE_FILTER_IGNORED, s), ==,
                       s == INGEST_VALIDATION_STATUS_IGNORED);
    }
}

static void
test_result_cells (void)
{
  g_autofree char *size = ingest_format_result_size (12300000);
  g_autofree char *no_size = ingest_format_result_size (-1);
  g_autofree char *hash = ingest_format_result_hash ("xxh64", "0123456789abcdef");
  g_autofree char *no_hash = ingest_format_result_hash ("xxh64", NULL);
  g_autofree char *unreadable = ingest_format_result_found (INGEST_VALIDATION_STATUS_UNREADABLE, NULL, NULL, "Input/output error");
  g_autofree char *missing = ingest_format_result_found (INGEST_VALIDATION_STATUS_MISSING, "xxh64", NULL, NULL);
  g_autofree char *found = ingest_format_result_found (INGEST_VALIDATION_STATUS_MISMATCH, "md5", "ffee", NULL);

  g_assert_cmpstr (size, ==, "12.3\u00a0MB");
  g_assert_cmpstr (no_size, ==, "—");
  g_assert_cmpstr (hash, ==, "xxh64 0123456789abcdef");
  g_assert_cmpstr (no_hash, ==, "—");
  g_assert_cmpstr (unreadable, ==, "Input/output error");
  g_assert_cmpstr (missing, ==, "Not on the drive");
  g_assert_cmpstr (found, ==, "md5 ffee");
}

static void
test_roll_verdict (void)
{
  g_autofree char *ok = ingest_format_roll_verdict_label (INGEST_VALIDATION_VERDICT_OK, 0);
  g_autofree char *problems = ingest_format_roll_verdict_label (INGEST_VALIDATION_VERDICT_PROBLEMS, 1203);
  g_autofree char *one = ingest_format_roll_verdict_label (INGEST_VALIDATION_VERDICT_PROBLEMS, 1);
  g_autofree char *unverifiable = ingest_format_roll_verdict_label (INGEST_VALIDATION_VERDICT_UNVERIFIABLE, 0);
  g_autofree char *expected = g_strdup_printf ("%'u problems", 1203);

  g_assert_null (ingest_format_roll_verdict_label (INGEST_VALIDATION_VERDICT_PENDING, 0));
  g_assert_cmpstr (ok, ==, "Verified");
  g_assert_cmpstr (problems, ==, expected);
  g_assert_cmpstr (one, ==, "1 problem");
  g_assert_cmpstr (unverifiable, ==, "No hash list — cannot be verified");
  g_assert_cmpstr (ingest_format_roll_verdict_style (INGEST_VALIDATION_VERDICT_UNVERIFIABLE), ==, "warning");
  g_assert_cmpstr (ingest_format_roll_verdict_style (INGEST_VALIDATION_VERDICT_OK), ==, "success");
}

/* A file name or message that holds a newline, a terminal escape or a bidi
 * control shows escaped: one label line per name, read as stored. */
static void
test_forged_names (void)
{
  g_autofree char *details = ingest_format_result_details ("A001/x.mov\nverified  A001/fake.mov", "A001/old\t.mov",
                                                           "cannot read\x1b[2K", "ascmhl history A001\xe2\x80\xae");
  g_autofree char *found = ingest_format_result_found (INGEST_VALIDATION_STATUS_UNREADABLE, NULL, NULL,
                                                       "gone\nverified  A001/fake.mov");
  g_autofree char *verified = ingest_format_upload_file_detail (INGEST_DELIVERY_STATE_VERIFIED, "/mnt/nas",
                                                                "/mnt/nas/A001/x.mov\nVerified at /mnt/nas/fake.mov", NULL);
  g_autofree char *held = ingest_format_upload_file_detail (INGEST_DELIVERY_STATE_HELD, "/mnt/nas\r", NULL, "bytes differ\n\xff");
  g_autofree char *history = ingest_format_upload_history ("s3://b/p@http://127.0.0.1:7480",
                                                           "s3://b/p/A001\xc2\x85/ascmhl/", 2, INGEST_DELIVERY_STATE_VERIFIED, NULL);
  g_autofree char *history_failed = ingest_format_upload_history ("/mnt/nas", NULL, 0, INGEST_DELIVERY_STATE_FAILED, "no\nverified");
  g_autofree char *plain = ingest_format_result_details ("A001/C001.mov", NULL, NULL, NULL);

  /* the details are several lines by design, one per part, each escaped */
  g_assert_cmpstr (details, ==, "A001/x.mov\\nverified  A001/fake.mov\n← A001/old\\t.mov\n"
                                "cannot read\\x1b[2K\nascmhl history A001\\u202e");
  g_assert_cmpstr (plain, ==, "A001/C001.mov");
  g_assert_cmpstr (found, ==, "gone\\nverified  A001/fake.mov");
  g_assert_cmpstr (verified, ==, "Verified at /mnt/nas/A001/x.mov\\nVerified at /mnt/nas/fake.mov");
  g_assert_cmpstr (held, ==, "Not delivered to /mnt/nas\\r: bytes differ\\n\\xff");
  g_assert_cmpstr (history, ==, "ASC MHL history: generation 2 (transfer) at s3://b/p/A001\\u0085/ascmhl/");
  g_assert_cmpstr (history_failed, ==, "ASC MHL history not delivered to /mnt/nas: no\\nverified");
}

/* The words the drive page and the upload panel used to build themselves. */
static void
test_page_words (void)
{
  const char *rolls[] = { "A001", "SOUND_01", NULL };
  g_autofree char *all = ingest_format_files_shown (412, 412, INGEST_FILE_FILTER_PROBLEMS);
  g_autofree char *filling = ingest_format_files_shown (3, 412, INGEST_FILE_FILTER_ALL);
  g_autofree char *filtered = ingest_format_files_shown (3, 412, INGEST_FILE_FILTER_PROBLEMS);
  g_autofree char *body = ingest_format_seal_body (rolls);
  g_autofree char *sealed = ingest_format_seal_failed ("read-only");
  g_autofree char *report = ingest_format_report_failed ("no space");
  g_autofree char *keyring = ingest_format_keyring_failed ("locked");

  g_assert_cmpstr (all, ==, "412 files");
  g_assert_cmpstr (filling, ==, "412 files");
  g_assert_cmpstr (filtered, ==, "3 of 412 files");
  g_assert_cmpstr (ingest_format_rolls_placeholder (TRUE), ==, "Looking for camera and sound rolls…");
  g_assert_cmpstr (ingest_format_rolls_placeholder (FALSE), ==, "No camera or sound rolls on this drive");
  g_assert_cmpstr (ingest_format_validation_hint (), ==, "Check every file against the drive’s media hash lists");
  g_assert_cmpstr (ingest_format_sealing_title (), ==, "Sealing…");
  g_assert_cmpstr (ingest_format_validation_upload_paused_title (), ==, "Paused with the upload");
  g_assert_cmpstr (ingest_format_validation_listing (), ==, "Reading the hash lists and listing the files…");
  g_assert_cmpstr (ingest_format_validate_label (FALSE), ==, "_Validate");
  g_assert_cmpstr (ingest_format_validate_label (TRUE), ==, "_Validate Again");
  g_assert_true (g_str_has_prefix (body, "A first ASC MHL generation is written into A001, SOUND_01 on the drive, "));
  g_assert_cmpstr (ingest_format_upload_start_label (INGEST_UPLOAD_STATE_IDLE), ==, "Start _Upload");
  g_assert_cmpstr (ingest_format_upload_start_label (INGEST_UPLOAD_STATE_DONE), ==, "_Upload Again");
  g_assert_cmpstr (ingest_format_seal_title (), ==, "Seal Rolls Without a Hash List?");
  g_assert_true (g_str_has_prefix (ingest_format_upload_not_set_up (TRUE), "The S3 bucket is not set up: "));
  g_assert_cmpstr (ingest_format_upload_not_set_up (FALSE), ==, "No NAS folder is set up: choose one in Preferences");
  g_assert_cmpstr (sealed, ==, "Could not seal: read-only");
  g_assert_cmpstr (report, ==, "Could not write the report: no space");
  g_assert_cmpstr (keyring, ==, "The desktop keyring could not be read: locked");
}

/* Frame rates as a technician says them: the exact rational divided out,
 * three decimals at most, trailing zeros dropped. 24000/1001 = 23.97602…,
 * 30000/1001 = 29.97003…, 60000/1001 = 59.94006…, 25/2 = 12.5. */
static void
test_clip_rate (void)
{
  static const struct { const char *rate, *shown; double value; } cases[] = {
    { "25", "25", 25 },
    { "24000/1001", "23.976", 24000.0 / 1001 },
    { "30000/1001", "29.97", 30000.0 / 1001 },
    { "60000/1001", "59.94", 60000.0 / 1001 },
    { "25/2", "12.5", 12.5 },
    { "48/2", "24", 24 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ingest_format_clip_rate (cases[i].rate);

      g_assert_cmpstr (shown, ==, cases[i].shown);
      g_assert_cmpfloat_with_epsilon (ingest_format_clip_rate_value (cases[i].rate), cases[i].value, 1e-9);
    }
  /* Not a rate: nothing shown, and 0 to sort by. */
  g_assert_null (ingest_format_clip_rate (NULL));
  g_assert_null (ingest_format_clip_rate ("0"));
  g_assert_null (ingest_format_clip_rate ("24/x"));
  g_assert_cmpfloat (ingest_format_clip_rate_value ("fast"), ==, 0);
}

/* Durations: with frames, a timecode duration at the nominal rate;
 * 24000/1001 counts at 24, so 1 000 frames = 41 s and 16 frames
 * (41 × 24 = 984); 90 000 frames at 25 = 3 600 s = 01:00:00:00. Without
 * frames, from the seconds. */
static void
test_clip_duration (void)
{
  static const struct { const char *seconds, *frames, *fps, *shown; } cases[] = {
    { NULL, "1000", "24000/1001", "00:00:41:16" },
    { "41.708", "1000", "24000/1001", "00:00:41:16" },
    { NULL, "90000", "25", "01:00:00:00" },
    { NULL, "59", "30000/1001", "00:00:01:29" },
    { "12.48", NULL, NULL, "12.5 s" },
    { "0", NULL, NULL, "0.0 s" },
    { "62.9", NULL, NULL, "1:02" },
    { "3723", NULL, "25", "1:02:03" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ingest_format_clip_duration (cases[i].seconds, cases[i].frames, cases[i].fps);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  g_assert_null (ingest_format_clip_duration (NULL, NULL, "25"));
  g_assert_null (ingest_format_clip_duration ("-3", NULL, NULL));
}

/* Each field with its unit; booleans in words; a date with a space for the "T". */
static void
test_clip_values (void)
{
  static const struct { IngestClipField field; const char *value, *shown; } cases[] = {
    { INGEST_CLIP_FIELD_FPS, "24000/1001", "23.976 fps" },
    { INGEST_CLIP_FIELD_WHITE_BALANCE_K, "5600", "5600 K" },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "35", "35 mm" },
    { INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, "12.5", "12.5 mm" },
    { INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE, "48000", "48 kHz" },
    { INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE, "44100", "44.1 kHz" },
    { INGEST_CLIP_FIELD_AUDIO_BITS, "24", "24-bit" },
    { INGEST_CLIP_FIELD_WIDTH, "3840", "3840 px" },
    { INGEST_CLIP_FIELD_CIRCLED, "true", "Yes" },
    { INGEST_CLIP_FIELD_CIRCLED, "false", "No" },
    { INGEST_CLIP_FIELD_CREATED, "2026-11-21T10:21:14+01:00", "2026-11-21 10:21:14+01:00" },
    { INGEST_CLIP_FIELD_TC_START, "10:00:00;02", "10:00:00;02" },
    { INGEST_CLIP_FIELD_ISO, "800", "800" },
    { INGEST_CLIP_FIELD_LENS, "Signature Prime 35 mm", "Signature Prime 35 mm" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ingest_format_clip_value (cases[i].field, cases[i].value);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  g_assert_null (ingest_format_clip_value (INGEST_CLIP_FIELD_ISO, NULL));
}

/* The columns read the clip's fields; unknown values show nothing, and
 * sort first (numbers: -1) except the verification, where problems come
 * first and clips not checked last. */
static void
test_clip_columns (void)
{
  g_autoptr(IngestClip) clip = ingest_clip_new ("A002C007_261121_R2EC", INGEST_CLIP_KIND_VIDEO, "A002R2EC", "A002R2EC");
  g_autoptr(IngestClip) bare = ingest_clip_new ("SND_0042", INGEST_CLIP_KIND_AUDIO, "SOUND_002", "SOUND_002");
  static const struct { IngestClipColumn column; const char *shown; } cases[] = {
    { INGEST_CLIP_COLUMN_CLIP, "A002C007_261121_R2EC" },
    { INGEST_CLIP_COLUMN_ROLL, "A002R2EC" },
    { INGEST_CLIP_COLUMN_TC_IN, "14:03:10:00" },
    { INGEST_CLIP_COLUMN_TC_OUT, "14:03:22:11" },
    /* 300 frames at 24: 12 s 12 frames */
    { INGEST_CLIP_COLUMN_DURATION, "00:00:12:12" },
    { INGEST_CLIP_COLUMN_FPS, "24" },
    { INGEST_CLIP_COLUMN_RESOLUTION, "4608 × 3164" },
    { INGEST_CLIP_COLUMN_CODEC, "ProRes 4444 XQ" },
    { INGEST_CLIP_COLUMN_CAMERA, "A · ALEXA 35" },
    { INGEST_CLIP_COLUMN_LENS, "Signature Prime 47 mm" },
    { INGEST_CLIP_COLUMN_ISO, "800" },
    { INGEST_CLIP_COLUMN_WB, "5600 K" },
    { INGEST_CLIP_COLUMN_SCENE_TAKE, "12A / 2, circled" },
    { INGEST_CLIP_COLUMN_VERIFICATION, "Altered" },
  };

  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TC_START, "14:03:10:00"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TC_END, "14:03:22:11"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_FRAMES, "300"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_FPS, "24"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_WIDTH, "4608"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_HEIGHT, "3164"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CODEC, "ProRes 4444 XQ"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_INDEX, "A"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE, "ARRI"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL, "ALEXA 35"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_LENS, "Signature Prime 47 mm"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_ISO, "800"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_WHITE_BALANCE_K, "5600"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_SCENE, "12A"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TAKE, "2"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CIRCLED, "true"));
  ingest_clip_set_verification (clip, INGEST_VALIDATION_STATUS_MISMATCH);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ingest_format_clip_column_text (clip, cases[i].column);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }

  g_assert_cmpfloat_with_epsilon (ingest_format_clip_column_number (clip, INGEST_CLIP_COLUMN_DURATION), 12.5, 1e-9);
  g_assert_cmpfloat (ingest_format_clip_column_number (clip, INGEST_CLIP_COLUMN_ISO), ==, 800);
  g_assert_cmpfloat (ingest_format_clip_column_number (clip, INGEST_CLIP_COLUMN_WB), ==, 5600);
  g_assert_cmpfloat (ingest_format_clip_column_number (clip, INGEST_CLIP_COLUMN_VERIFICATION), ==,
                     ingest_format_status_rank (INGEST_VALIDATION_STATUS_MISMATCH));
  /* 4096 × 2160 has more pixels than 3840 × 2160 and fewer than 4608 × 3164. */
  g_assert_cmpfloat (ingest_format_clip_column_number (clip, INGEST_CLIP_COLUMN_RESOLUTION), >, 4096.0 * 2160);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ingest_format_clip_column_text (bare, cases[i].column);

      if (cases[i].column == INGEST_CLIP_COLUMN_CLIP)
        g_assert_cmpstr (shown, ==, "SND_0042");
      else if (cases[i].column == INGEST_CLIP_COLUMN_ROLL)
        g_assert_cmpstr (shown, ==, "SOUND_002");
      else if (cases[i].column == INGEST_CLIP_COLUMN_VERIFICATION)
        g_assert_cmpstr (shown, ==, "Not checked");
      else
        g_assert_null (shown);
    }
  g_assert_cmpfloat (ingest_format_clip_column_number (bare, INGEST_CLIP_COLUMN_ISO), ==, -1);
  g_assert_cmpfloat (ingest_format_clip_column_number (bare, INGEST_CLIP_COLUMN_VERIFICATION), >,
                     ingest_format_status_rank (INGEST_VALIDATION_STATUS_VERIFIED));
}

static void
test_clip_words (void)
{
  g_autoptr(IngestClip) clip = ingest_clip_new ("A002C007", INGEST_CLIP_KIND_VIDEO, "A002R2EC", "A002R2EC");
  g_autoptr(IngestClip) still = ingest_clip_new ("DSC_0001", INGEST_CLIP_KIND_STILL, "DCIM", "DCIM");
  g_autofree char *subtitle = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *still_detail = NULL;
  g_autofree char *one = ingest_format_clip_count (1);
  g_autofree char *many = ingest_format_clip_count (10000);
  g_autofree char *roll = ingest_format_library_roll ("SHUTTLE_03", 42);
  g_autofree char *roll_unlabelled = ingest_format_library_roll (NULL, 1);
  g_autofree char *scene = ingest_format_clip_scene_take ("42", NULL, NULL);
  g_autofree char *take = ingest_format_clip_scene_take (NULL, "3", "false");
  g_autofree char *camera = ingest_format_clip_camera (NULL, "Sony", NULL);

  ingest_clip_add_file (clip, "A002C007.mov", 1000000);
  ingest_clip_add_file (clip, "A002C007M01.XML", 2000);
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TC_START, "10:00:00:00");
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_DURATION_S, "8");
  ingest_clip_add_file (still, "DSC_0001.DNG", 24100000);

  subtitle = ingest_format_clip_subtitle (clip);
  detail = ingest_format_clip_card_detail (clip);
  still_detail = ingest_format_clip_card_detail (still);
  g_assert_cmpstr (subtitle, ==, "Video · roll A002R2EC · 2 files · 1.0\u00a0MB");
  g_assert_cmpstr (detail, ==, "10:00:00:00 · 8.0 s");
  g_assert_cmpstr (still_detail, ==, "Still · 24.1\u00a0MB");
  g_assert_cmpstr (one, ==, "1 clip");
  g_assert_cmpstr (many, ==, "10000 clips");
  g_assert_cmpstr (roll, ==, "SHUTTLE_03 · 42 clips");
  g_assert_cmpstr (roll_unlabelled, ==, "1 clip");
  g_assert_cmpstr (scene, ==, "42");
  g_assert_cmpstr (take, ==, "take 3");
  g_assert_cmpstr (camera, ==, "Sony");
  g_assert_cmpstr (ingest_format_clip_kind_icon (INGEST_CLIP_KIND_AUDIO), ==, "audio-x-generic-symbolic");
  g_assert_cmpstr (ingest_format_clip_verification (FALSE, 0), ==, "Not checked");
  g_assert_cmpstr (ingest_format_clip_verification (TRUE, INGEST_VALIDATION_STATUS_VERIFIED), ==, "Verified");
}

/* The drive page's proxies line and what still needs the drive. */
static void
test_proxies (void)
{
  const char *two[] = { "A001C003", "A001C004", NULL };
  const char *seven[] = { "C1", "C2", "C3", "C4", "C5", "C6", "C7", NULL };
  g_autofree char *none = ingest_format_proxy_progress (0, 0, 0, 0);
  g_autofree char *some = ingest_format_proxy_progress (6, 3, 0, 0);
  g_autofree char *all = ingest_format_proxy_progress (6, 4, 1, 1);
  g_autofree char *needs_two = ingest_format_proxy_needs_drive (two, FALSE);
  g_autofree char *needs_seven = ingest_format_proxy_needs_drive (seven, TRUE);
  g_autofree char *coming = ingest_format_proxy_needs_drive (NULL, TRUE);
  g_autofree char *done = ingest_format_proxy_needs_drive (NULL, FALSE);

  g_assert_null (none);
  g_assert_cmpstr (some, ==, "Proxies: 3 of 6 made");
  g_assert_cmpstr (all, ==, "Proxies: 4 of 6 made · 1 without preview · 1 failed");
  g_assert_cmpstr (needs_two, ==, "Safe to eject except: A001C003, A001C004 — their proxies still read from the drive");
  g_assert_cmpstr (needs_seven, ==, "Safe to eject except: C1, C2, C3, C4, C5 and 2 more — their proxies still read from the drive");
  g_assert_nonnull (coming);
  g_assert_nonnull (strstr (coming, "Keep the drive in"));
  g_assert_null (done);
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
  g_test_add_func ("/ingest/station/format/validation-counts", test_validation_counts);
  g_test_add_func ("/ingest/station/format/validation-banner", test_validation_banner);
  g_test_add_func ("/ingest/station/format/validation-progress", test_validation_progress);
  g_test_add_func ("/ingest/station/format/status-rank", test_status_rank);
  g_test_add_func ("/ingest/station/format/file-filter", test_file_filter);
  g_test_add_func ("/ingest/station/format/result-cells", test_result_cells);
  g_test_add_func ("/ingest/station/format/roll-verdict", test_roll_verdict);
  g_test_add_func ("/ingest/station/format/upload", test_upload);
  g_test_add_func ("/ingest/station/format/forged-names", test_forged_names);
  g_test_add_func ("/ingest/station/format/page-words", test_page_words);
  g_test_add_func ("/ingest/station/format/clip-rate", test_clip_rate);
  g_test_add_func ("/ingest/station/format/clip-duration", test_clip_duration);
  g_test_add_func ("/ingest/station/format/clip-values", test_clip_values);
  g_test_add_func ("/ingest/station/format/clip-columns", test_clip_columns);
  g_test_add_func ("/ingest/station/format/clip-words", test_clip_words);
  g_test_add_func ("/ingest/station/format/proxies", test_proxies);

  return g_test_run ();
}
