/* test-metadata-stage.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The metadata stage in a drive session on the demo drive: the clips it
 * lists after a validation, each with the worst verdict of its files (a
 * byte flipped on the card makes its clip a mismatch); where an upload put
 * them; paused before it reads anything, resumed at another mount point,
 * through the session when the drive is pulled and back; cancelled. */

#include "config.h"

#include <string.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-test-util.h"

/* The demo drive, made once and copied into each test's folder. */
static char *demo_template;

/* The demo's clips as the grouper makes them (its own test checks those
 * against the demo's layout), "roll/clip" in roll and name order. */
static GPtrArray *demo_clips;

static GPtrArray *
group_drive (const char *drive)
{
  g_autoptr(IngestCardScan) card = NULL;
  g_autoptr(GPtrArray) roll_paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  card = ingest_card_layout_scan (drive, INGEST_DEMO_DRIVE_LABEL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < card->rolls->len; i++)
    g_ptr_array_add (roll_paths, ((IngestCardRoll *) g_ptr_array_index (card->rolls, i))->path);
  g_ptr_array_add (roll_paths, NULL);
  for (guint i = 0; i < card->rolls->len; i++)
    {
      IngestCardRoll *roll = g_ptr_array_index (card->rolls, i);
      g_autoptr(IngestClipGrouping) grouping = NULL;

      grouping = ingest_clip_scan_roll_excluding (drive, roll->path, roll->kind, roll->name,
                                                  (const char * const *) roll_paths->pdata, NULL, &error);
      g_assert_no_error (error);
      for (guint c = 0; c < grouping->clips->len; c++)
        g_ptr_array_add (keys, g_strconcat (roll->path, "/",
                                            ingest_clip_get_name (g_ptr_array_index (grouping->clips, c)), NULL));
    }
  /* At least the demo's four rolls. */
  g_assert_cmpuint (card->rolls->len, >=, 4);
  return keys;
}

typedef struct
{
  char          *dir;
  char          *drive_path;
  IngestCatalog *catalog;
  IngestDrive   *drive;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("ingest-metadata-stage-XXXXXX");
  fixture->drive_path = g_build_filename (fixture->dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  ingest_test_copy_tree (demo_template, fixture->drive_path);
  fixture->catalog = ingest_test_open_catalog (fixture->dir);
  fixture->drive = ingest_test_scanned_drive (fixture->drive_path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->drive);
  ingest_test_close_catalog (&fixture->catalog);
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->drive_path);
}

static gboolean
session_inspecting (gpointer user_data)
{
  return ingest_drive_session_get_state (user_data) == INGEST_SESSION_STATE_INSPECTING;
}

static char *
clip_key (IngestClip *clip)
{
  return g_strconcat (ingest_clip_get_roll_path (clip), "/", ingest_clip_get_name (clip), NULL);
}

static void
assert_demo_clips (GListModel *clips)
{
  g_assert_cmpuint (g_list_model_get_n_items (clips), ==, demo_clips->len);
  for (guint i = 0; i < demo_clips->len; i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);
      g_autofree char *key = clip_key (clip);

      g_assert_cmpstr (key, ==, g_ptr_array_index (demo_clips, i));
    }
}

/* The read's own verdict on a drive-relative path. */
static gboolean
read_status (IngestValidationJob    *read,
             const char             *path,
             IngestValidationStatus *status)
{
  GListModel *results = ingest_validation_job_list_results (read);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(IngestValidationResult) result = g_list_model_get_item (results, i);

      if (strcmp (ingest_validation_result_get_path (result), path) == 0)
        {
          *status = ingest_validation_result_get_status (result);
          return TRUE;
        }
    }
  return FALSE;
}

/* Flips one byte in the middle of a file, keeping its size and time. */
static void
flip_byte (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;
  GStatBuf sb;
  struct utimbuf times;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_stat (path, &sb), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpuint (len, >, 2);
  contents[len / 2] ^= 0x5a;
  g_assert_true (g_file_set_contents (path, contents, len, &error));
  times.actime = sb.st_atime;
  times.modtime = sb.st_mtime;
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/*
 * Tests
 */

/* Validate with the stage: RECOGNISED → VALIDATING → INSPECTING → DONE, the
 * demo's clips in roll and name order, each with the drive and the
 * worst verdict of its files: the clip whose movie lost a byte is a
 * mismatch, the sealed rolls' other clips are verified, and the unsealed
 * sound roll's clips say what the read said of their files. */
static void
test_validate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) stage = ingest_metadata_stage_new ();
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (IngestSessionState));
  g_autoptr(GError) error = NULL;
  g_autofree char *tampered = g_build_filename (fixture->drive_path, "A001R1AB", "A001C002_261121_R1AB.mov", NULL);
  const IngestSessionState expected[] = {
    INGEST_SESSION_STATE_RECOGNISED, INGEST_SESSION_STATE_VALIDATING,
    INGEST_SESSION_STATE_INSPECTING, INGEST_SESSION_STATE_DONE,
  };
  GListModel *clips = ingest_metadata_stage_get_clips (stage);
  IngestValidationJob *read;
  guint64 bytes_read = 0;

  flip_byte (tampered);
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  ingest_test_record_state_cb (session, NULL, states);
  g_signal_connect (session, "notify::state", G_CALLBACK (ingest_test_record_state_cb), states);
  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);

  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_cmpuint (states->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < states->len; i++)
    g_assert_cmpint (g_array_index (states, IngestSessionState, i), ==, expected[i]);

  assert_demo_clips (clips);
  read = ingest_drive_session_get_read (session);
  for (guint i = 0; i < g_list_model_get_n_items (clips); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);
      g_autofree char *key = clip_key (clip);
      IngestValidationStatus status, want = INGEST_VALIDATION_STATUS_VERIFIED;
      g_autofree char *media = g_strconcat (ingest_clip_get_roll_path (clip), "/", ingest_clip_get_media_file (clip), NULL);

      g_assert_cmpstr (ingest_clip_get_drive_label (clip), ==, ingest_drive_get_label (fixture->drive));
      g_assert_cmpstr (ingest_clip_get_drive_identity (clip), ==, ingest_drive_get_identity (fixture->drive));
      g_assert_true (ingest_clip_get_verification (clip, &status));
      if (strcmp (key, "A001R1AB/A001C002_261121_R1AB") == 0)
        want = INGEST_VALIDATION_STATUS_MISMATCH;
      else if (g_str_has_prefix (key, "SOUND_001/"))
        g_assert_true (read_status (read, media, &want));
      g_test_message ("%s: %s", key, ingest_validation_status_to_string (status));
      g_assert_cmpint (status, ==, want);
      /* A validation delivers nothing. */
      g_assert_cmpuint (ingest_clip_get_n_locations (clip), ==, 0);
      bytes_read += ingest_clip_get_bytes_read (clip);
    }
  g_assert_cmpuint (ingest_metadata_stage_get_bytes_read (stage), ==, bytes_read);
  /* Headers only: at most 1 MiB a clip (the goal). */
  g_assert_cmpuint (bytes_read, <=, (guint64) demo_clips->len * 1024 * 1024);
  g_test_message ("bytes read for %u clips: %" G_GUINT64_FORMAT, g_list_model_get_n_items (clips), bytes_read);
}

/* What the stage read is in the catalog's library: the same clips, with
 * their verification, and found by a word of their metadata. */
static void
test_library (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) stage = ingest_metadata_stage_new ();
  g_autoptr(IngestClipLibrary) library = ingest_clip_library_new (fixture->catalog);
  g_autoptr(GListModel) stored = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *clips = ingest_metadata_stage_get_clips (stage);
  guint n_thumbnails = 0;

  ingest_metadata_stage_set_production (stage, "NIGHTJAR", "2026-11-21");
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);
  g_assert_null (ingest_drive_session_get_error (session));

  stored = ingest_clip_library_list_clips_sync (library, ingest_drive_get_identity (fixture->drive), NULL, &error);
  g_assert_no_error (error);
  assert_demo_clips (stored);
  for (guint i = 0; i < g_list_model_get_n_items (clips); i++)
    {
      g_autoptr(IngestClip) listed = g_list_model_get_item (clips, i);
      g_autoptr(IngestClip) kept = g_list_model_get_item (stored, i);
      IngestValidationStatus a, b;

      g_assert_true (ingest_clip_get_verification (listed, &a));
      g_assert_true (ingest_clip_get_verification (kept, &b));
      g_assert_cmpint (a, ==, b);
      g_assert_cmpuint (ingest_clip_get_n_files (kept), ==, ingest_clip_get_n_files (listed));

      /* A thumbnail the card carries (Sony THMBNL, a DNG's preview) outlives
       * the drive: a file beside the catalog holding the same bytes. */
      if (ingest_clip_get_thumbnail (listed) != NULL)
        {
          const char *path = ingest_clip_get_thumbnail_path (kept);
          g_autofree char *contents = NULL;
          g_autofree char *catalog_dir = g_path_get_dirname (ingest_catalog_get_path (fixture->catalog));
          gsize length;

          g_assert_nonnull (path);
          g_assert_true (g_str_has_prefix (path, catalog_dir));
          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          g_assert_cmpmem (contents, length, g_bytes_get_data (ingest_clip_get_thumbnail (listed), NULL),
                           g_bytes_get_size (ingest_clip_get_thumbnail (listed)));
          n_thumbnails++;
        }
    }
  /* The demo's three Sony clips and three DNG stills. */
  g_assert_cmpuint (n_thumbnails, ==, 6);

  /* The production the stage was told, searchable. */
  found = ingest_clip_library_search_sync (library, "NIGHTJAR", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, demo_clips->len);
}

/* Upload to a folder: each clip has one location per destination, the
 * file:// URI of its media file there, whose bytes are the card's. */
static void
test_upload_locations (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) stage = ingest_metadata_stage_new ();
  g_autofree char *nas = g_build_filename (fixture->dir, "nas", NULL);
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new ("{roll}/{path}", NULL, NULL);
  g_autoptr(GError) error = NULL;
  GListModel *clips = ingest_metadata_stage_get_clips (stage);

  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  g_ptr_array_add (destinations, ingest_folder_destination_new (nas, fixture->catalog));
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_upload (session, destinations, layout, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (ingest_test_session_idle, session, 120000);
  g_assert_null (ingest_drive_session_get_error (session));

  assert_demo_clips (clips);
  for (guint i = 0; i < g_list_model_get_n_items (clips); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);
      g_autofree char *key = clip_key (clip);
      g_autofree char *source = g_build_filename (fixture->drive_path, ingest_clip_get_roll_path (clip),
                                                  ingest_clip_get_media_file (clip), NULL);
      g_autofree char *copy = NULL;
      g_autofree char *want = NULL;
      g_autofree char *got = NULL;
      gsize want_len, got_len;
      IngestValidationStatus status;

      g_assert_true (ingest_clip_get_verification (clip, &status));
      if (status != INGEST_VALIDATION_STATUS_VERIFIED)
        {
          /* Held back (the unsealed sound roll, by the upload's policy): no copy. */
          g_test_message ("%s: %s, %u locations", key, ingest_validation_status_to_string (status),
                          ingest_clip_get_n_locations (clip));
          continue;
        }
      g_assert_cmpuint (ingest_clip_get_n_locations (clip), ==, 1);
      g_test_message ("%s at %s", key, ingest_clip_get_location (clip, 0));
      g_assert_true (g_str_has_prefix (ingest_clip_get_location (clip, 0), "file:///"));
      copy = g_filename_from_uri (ingest_clip_get_location (clip, 0), NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (copy, nas));
      g_assert_true (g_file_get_contents (source, &want, &want_len, NULL));
      g_assert_true (g_file_get_contents (copy, &got, &got_len, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (got, got_len, want, want_len);
    }

  /* The library keeps where they are. */
  {
    g_autoptr(IngestClipLibrary) library = ingest_clip_library_new (fixture->catalog);
    g_autoptr(GListModel) stored = ingest_clip_library_list_clips_sync (library, ingest_drive_get_identity (fixture->drive),
                                                                        NULL, &error);

    g_assert_no_error (error);
    assert_demo_clips (stored);
    for (guint i = 0; i < g_list_model_get_n_items (clips); i++)
      {
        g_autoptr(IngestClip) listed = g_list_model_get_item (clips, i);
        g_autoptr(IngestClip) kept = g_list_model_get_item (stored, i);

        g_assert_cmpuint (ingest_clip_get_n_locations (kept), ==, ingest_clip_get_n_locations (listed));
        for (guint l = 0; l < ingest_clip_get_n_locations (kept); l++)
          g_assert_cmpstr (ingest_clip_get_location (kept, l), ==, ingest_clip_get_location (listed, l));
      }
  }
}

/* Paused before the run (the drive is away), the worker reads nothing: the
 * read ends and the session waits in INSPECTING with no clip. Resumed at
 * another mount point (the old one is gone), every clip is read there. */
static void
test_pause_resume_elsewhere (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) stage = ingest_metadata_stage_new ();
  g_autofree char *moved = g_build_filename (fixture->dir, "MOUNTED_AGAIN", NULL);
  g_autoptr(GError) error = NULL;
  GListModel *clips = ingest_metadata_stage_get_clips (stage);
  IngestValidationJob *read;

  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  ingest_session_stage_pause (INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (session_inspecting, session, 60000);

  /* The read is over, the stage holds the run. */
  read = ingest_drive_session_get_read (session);
  g_assert_cmpint (ingest_validation_job_get_phase (read), ==, INGEST_VALIDATION_PHASE_DONE);
  g_assert_true (ingest_drive_session_get_running (session));
  g_assert_cmpuint (g_list_model_get_n_items (clips), ==, 0);

  g_assert_cmpint (g_rename (fixture->drive_path, moved), ==, 0);
  ingest_session_stage_resume (INGEST_SESSION_STAGE (stage), moved);
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_cmpint (ingest_drive_session_get_state (session), ==, INGEST_SESSION_STATE_DONE);
  /* Every roll was listed at the new mount (at the old one, none could be). */
  assert_demo_clips (clips);
  g_assert_cmpint (g_rename (moved, fixture->drive_path), ==, 0);
}

/* The session pauses its stages when the drive is pulled and resumes them
 * when it is back (what the drive monitor says). */
static void
test_unplug_during_inspection (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) stage = ingest_metadata_stage_new ();
  g_autoptr(GError) error = NULL;
  GListModel *clips = ingest_metadata_stage_get_clips (stage);

  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  ingest_session_stage_pause (INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  ingest_test_wait_until (session_inspecting, session, 60000);

  ingest_drive_set_state (fixture->drive, INGEST_DRIVE_STATE_REMOVED);
  g_assert_true (ingest_drive_session_get_running (session));
  g_assert_cmpuint (g_list_model_get_n_items (clips), ==, 0);
  ingest_drive_set_state (fixture->drive, INGEST_DRIVE_STATE_SCANNING);
  ingest_drive_set_state (fixture->drive, INGEST_DRIVE_STATE_READY);
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);
  g_assert_null (ingest_drive_session_get_error (session));
  assert_demo_clips (clips);
}

/* Cancelled while it waits for the worker: the run ends at once, cancelled,
 * with no clip; the next run lists them all. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) stage = ingest_metadata_stage_new ();
  g_autoptr(GError) error = NULL;
  GListModel *clips = ingest_metadata_stage_get_clips (stage);

  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  ingest_session_stage_pause (INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  ingest_test_wait_until (session_inspecting, session, 60000);
  ingest_drive_session_cancel (session);
  ingest_test_wait_until (ingest_test_session_idle, session, 10000);
  g_assert_true (ingest_drive_session_get_cancelled (session));
  g_assert_cmpuint (g_list_model_get_n_items (clips), ==, 0);

  ingest_session_stage_resume (INGEST_SESSION_STAGE (stage), NULL);
  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (ingest_test_session_idle, session, 60000);
  g_assert_false (ingest_drive_session_get_cancelled (session));
  assert_demo_clips (clips);
}

/* Cancelled during the read: the worker stops with it (the stage's
 * run_async never comes), nothing is listed, nothing hangs. */
static void
test_cancel_during_read (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) stage = ingest_metadata_stage_new ();
  g_autoptr(GError) error = NULL;

  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  ingest_session_stage_pause (INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  ingest_drive_session_cancel (session);
  ingest_test_wait_until (ingest_test_session_idle, session, 30000);
  g_assert_cmpuint (g_list_model_get_n_items (ingest_metadata_stage_get_clips (stage)), ==, 0);
  g_assert_cmpint (ingest_drive_session_get_state (session), !=, INGEST_SESSION_STATE_INSPECTING);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  template_dir = ingest_test_make_tmpdir ("ingest-metadata-demo-XXXXXX");
  demo_template = g_build_filename (template_dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  if (!ingest_demo_drive_create (demo_template, NULL, &error))
    g_error ("demo drive: %s", error->message);
  demo_clips = group_drive (demo_template);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/metadata-stage/validate", test_validate);
  ADD ("/metadata-stage/library", test_library);
  ADD ("/metadata-stage/upload-locations", test_upload_locations);
  ADD ("/metadata-stage/pause-resume-elsewhere", test_pause_resume_elsewhere);
  ADD ("/metadata-stage/unplug-during-inspection", test_unplug_during_inspection);
  ADD ("/metadata-stage/cancel", test_cancel);
  ADD ("/metadata-stage/cancel-during-read", test_cancel_during_read);
#undef ADD

  ret = g_test_run ();
  ingest_test_rm_rf (template_dir);
  g_free (demo_template);
  g_ptr_array_unref (demo_clips);
  return ret;
}
