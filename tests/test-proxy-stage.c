/* test-proxy-stage.c
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

/* The proxy stage in a drive session (validation + metadata + proxies) on
 * part of the demo drive (the ARRI and Sony XAVC rolls) and a RED roll of
 * made-up bytes: every clip that decodes gets a proxy whose length ffprobe
 * measures as the clip's; the R3D clip gets no preview and says why; the
 * catalog keeps each outcome and the library lists the clips with their
 * proxies; a second session makes nothing again; a cancelled one leaves no
 * half-written file; the clips that need the drive come down to none. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest-demo.h"
#include "ingest-test-sink.h"
#include "ingest-proxy.h"
#include "ingest-test-util.h"

/* The demo drive, made once; each test copies the rolls it needs. */
static char *demo_template;

#define RED_ROLL "R001_0101AB.RDM"
#define RED_CLIP "R001_C001_0101XY"

typedef struct
{
  char          *dir;
  char          *drive_path;
  char          *proxies_dir;
  IngestCatalog *catalog;
  IngestDrive   *drive;
} Fixture;

typedef struct
{
  GPtrArray *results;      /* of IngestProxyResult, as clip-done said */
  guint      max_pending;
  guint      pending_changes;
} Watch;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *arri = NULL;
  g_autofree char *xavc = NULL;
  g_autofree char *rdc = NULL;
  g_autofree char *r3d = NULL;

  fixture->dir = ingest_test_make_tmpdir ("ingest-proxy-stage-XXXXXX");
  fixture->drive_path = g_build_filename (fixture->dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  g_assert_cmpint (g_mkdir (fixture->drive_path, 0755), ==, 0);
  arri = g_build_filename (demo_template, "A001R1AB", NULL);
  xavc = g_build_filename (demo_template, "C001", NULL);
  ingest_test_copy_tree (arri, fixture->drive_path);
  ingest_test_copy_tree (xavc, fixture->drive_path);
  /* A RED clip: nothing here decodes R3D, whatever its bytes. */
  rdc = g_build_filename (fixture->drive_path, RED_ROLL, RED_CLIP ".RDC", NULL);
  g_assert_cmpint (g_mkdir_with_parents (rdc, 0755), ==, 0);
  r3d = g_build_filename (rdc, RED_CLIP "_001.R3D", NULL);
  ingest_test_write_random_file (r3d, 64 * 1024, 3);

  fixture->catalog = ingest_test_open_catalog (fixture->dir);
  fixture->proxies_dir = g_build_filename (fixture->dir, "proxies", NULL);
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
  g_free (fixture->proxies_dir);
}

static gboolean
stage_idle (gpointer user_data)
{
  return !ingest_proxy_stage_get_busy (user_data);
}

static gboolean
some_made (gpointer user_data)
{
  return ingest_proxy_stage_get_n_made (user_data) > 0;
}

static void
clip_done_cb (IngestProxyStage        *stage,
              IngestClip              *clip,
              const IngestProxyResult *result,
              Watch                   *watch)
{
  g_assert_cmpstr (ingest_clip_get_name (clip), ==, result->clip_name);
  g_ptr_array_add (watch->results, ingest_proxy_result_copy (result));
}

static void
pending_changed_cb (GListModel *pending,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Watch      *watch)
{
  watch->max_pending = MAX (watch->max_pending, g_list_model_get_n_items (pending));
  watch->pending_changes++;
}

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->results, g_ptr_array_unref);
}

/* A session of the three stages on the fixture's drive, run to its end. */
static IngestProxyStage *
run_session_full (Fixture  *fixture,
                  Watch    *watch,
                  gboolean  cancel_after_first,
                  gboolean  burn_in)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) metadata = ingest_metadata_stage_new ();
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(GError) error = NULL;
  IngestProxyStage *stage;

  settings->max_parallel = 2;
  settings->burn_in = burn_in;
  stage = ingest_proxy_stage_new (metadata, settings);
  watch->results = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_proxy_result_free);
  g_signal_connect (stage, "clip-done", G_CALLBACK (clip_done_cb), watch);
  g_signal_connect (ingest_proxy_stage_get_pending (stage), "items-changed", G_CALLBACK (pending_changed_cb), watch);
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (metadata));
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);
  if (cancel_after_first)
    {
      ingest_test_wait_until (some_made, stage, 120000);
      ingest_drive_session_cancel (session);
    }
  ingest_test_wait_until (ingest_test_session_idle, session, 180000);
  /* A clip in flight when the session ended comes back on its own. */
  ingest_test_wait_until (stage_idle, stage, 60000);
  if (!cancel_after_first)
    g_assert_null (ingest_drive_session_get_error (session));
  return stage;
}

static IngestProxyStage *
run_session (Fixture  *fixture,
             Watch    *watch,
             gboolean  cancel_after_first)
{
  return run_session_full (fixture, watch, cancel_after_first, TRUE);
}

/* ffprobe's duration of a movie, in seconds. */
static double
probe_duration (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  return g_ascii_strtod (out, NULL);
}

/* The clip's own length, from its headers. */
static double
clip_duration (IngestClip *clip)
{
  const char *duration = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S);
  const char *frames = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES);
  const char *fps = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS);
  guint num, den;

  if (duration != NULL)
    return g_ascii_strtod (duration, NULL);
  g_assert_nonnull (frames);
  g_assert_true (fps != NULL && ingest_frame_rate_parse (fps, &num, &den));
  return g_ascii_strtod (frames, NULL) * den / num;
}

/* Every file the stage left in its folders is published, none temporary. */
static guint
assert_only_published (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_movies = 0;

  if (listing == NULL)
    return 0;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          n_movies += assert_only_published (path);
          continue;
        }
      g_test_message ("left: %s", path);
      g_assert_false (name[0] == '.');
      g_assert_true (g_str_has_suffix (name, ".mov") || g_str_has_suffix (name, ".poster.jpg") ||
                     g_str_has_suffix (name, ".filmstrip.jpg") || g_str_has_suffix (name, ".proxy.json"));
      if (g_str_has_suffix (name, ".mov"))
        {
          g_assert_cmpfloat (probe_duration (path), >, 0.0);
          n_movies++;
        }
    }
  return n_movies;
}

static const IngestProxyResult *
find_result (GPtrArray  *results,
             const char *clip_name)
{
  for (guint i = 0; i < results->len; i++)
    {
      const IngestProxyResult *result = g_ptr_array_index (results, i);

      if (strcmp (result->clip_name, clip_name) == 0)
        return result;
    }
  return NULL;
}

/*
 * Tests
 */

static void
test_make_and_reuse (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(IngestClipLibrary) library = ingest_clip_library_new (fixture->catalog);
  g_autoptr(GListModel) stored = NULL;
  g_autoptr(IngestProxyStage) stage = NULL;
  g_autoptr(IngestProxyStage) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog_dir = g_path_get_dirname (ingest_catalog_get_path (fixture->catalog));
  g_autofree char *proxy_root = g_build_filename (catalog_dir, "proxies", NULL);
  g_autoptr(GHashTable) mtimes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Watch watch = { 0 }, second = { 0 };
  guint n_made = 0;

  stage = run_session (fixture, &watch, FALSE);

  /* ARRI: 4 clips, Sony XAVC: 1, RED: 1. */
  g_assert_cmpuint (ingest_proxy_stage_get_n_clips (stage), ==, 6);
  g_assert_cmpuint (watch.results->len, ==, 6);
  g_assert_cmpuint (ingest_proxy_stage_get_n_failed (stage), ==, 0);
  g_assert_cmpuint (ingest_proxy_stage_get_n_no_preview (stage), ==, 1);
  g_assert_cmpuint (ingest_proxy_stage_get_n_made (stage), ==, 5);
  g_assert_cmpuint (ingest_proxy_stage_get_n_reused (stage), ==, 0);
  /* Every clip needed the drive, and none does any more. */
  g_assert_cmpuint (watch.max_pending, >=, 1);
  g_assert_cmpuint (ingest_proxy_stage_get_n_pending (stage), ==, 0);
  g_assert_false (ingest_proxy_stage_get_needs_drive (stage));
  g_assert_null (ingest_proxy_stage_dup_pending_names (stage));

  stored = ingest_clip_library_list_clips_sync (library, ingest_drive_get_identity (fixture->drive), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 6);
  for (guint i = 0; i < g_list_model_get_n_items (stored); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (stored, i);
      const IngestProxyResult *result = find_result (watch.results, ingest_clip_get_name (clip));

      g_assert_nonnull (result);
      g_test_message ("%s: %s %s", result->clip_name, ingest_proxy_status_to_string (result->status),
                      result->proxy_path != NULL ? result->proxy_path : result->reason);
      if (strcmp (ingest_clip_get_name (clip), RED_CLIP) == 0)
        {
          g_assert_cmpint (result->status, ==, INGEST_PROXY_STATUS_NO_PREVIEW);
          g_assert_null (result->proxy_path);
          g_assert_nonnull (strstr (result->reason, "R3D"));
          /* The library says so too, from the catalog. */
          g_assert_null (ingest_clip_get_proxy_path (clip));
          g_assert_cmpstr (ingest_clip_get_preview_problem (clip), ==, result->reason);
          continue;
        }
      g_assert_cmpint (result->status, ==, INGEST_PROXY_STATUS_MADE);
      /* Beside the catalog, by drive and roll. */
      g_assert_true (g_str_has_prefix (result->proxy_path, proxy_root));
      g_assert_nonnull (strstr (result->proxy_path, ingest_clip_get_roll_name (clip)));
      /* As long as the clip, within a frame (25 fps), by ffprobe. */
      {
        double want = clip_duration (clip), got = probe_duration (result->proxy_path);
        GStatBuf sb;

        g_test_message ("%s: clip %.3f s, proxy %.3f s", result->clip_name, want, got);
        g_assert_cmpfloat (fabs (got - want), <=, 1.0 / 25 + 0.001);
        g_assert_cmpint (g_stat (result->proxy_path, &sb), ==, 0);
        g_hash_table_insert (mtimes, g_strdup (result->proxy_path), g_memdup2 (&sb.st_mtime, sizeof sb.st_mtime));
      }
      /* The library plays it after the drive is gone. */
      g_assert_cmpstr (ingest_clip_get_proxy_path (clip), ==, result->proxy_path);
      n_made++;
    }
  g_assert_cmpuint (n_made, ==, 5);
  g_assert_cmpuint (assert_only_published (proxy_root), ==, 5);

  /* Again: nothing is made twice, nothing needs the drive for long. */
  again = run_session (fixture, &second, FALSE);
  g_assert_cmpuint (second.results->len, ==, 6);
  for (guint i = 0; i < second.results->len; i++)
    {
      const IngestProxyResult *result = g_ptr_array_index (second.results, i);

      g_assert_cmpint (result->status, !=, INGEST_PROXY_STATUS_MADE);
      g_assert_cmpint (result->status, !=, INGEST_PROXY_STATUS_FAILED);
      if (result->proxy_path != NULL)
        {
          GStatBuf sb;

          g_assert_cmpint (g_stat (result->proxy_path, &sb), ==, 0);
          g_assert_cmpint (sb.st_mtime, ==, *(time_t *) g_hash_table_lookup (mtimes, result->proxy_path));
        }
    }
  g_assert_cmpuint (ingest_proxy_stage_get_n_reused (again), ==, 5);
  g_assert_cmpuint (ingest_proxy_stage_get_n_no_preview (again), ==, 1);
  /* Known from the catalog: none of them waited for the drive. */
  g_assert_cmpuint (second.max_pending, ==, 0);
  g_assert_false (ingest_proxy_stage_get_needs_drive (again));

  /* Without burn-ins the catalog's rows are not this run's proxies: all
   * made again, from the drive. */
  {
    g_autoptr(IngestProxyStage) clean = NULL;
    Watch third = { 0 };

    clean = run_session_full (fixture, &third, FALSE, FALSE);
    g_assert_cmpuint (ingest_proxy_stage_get_n_made (clean), ==, 5);
    g_assert_cmpuint (ingest_proxy_stage_get_n_reused (clean), ==, 0);
    g_assert_cmpuint (third.max_pending, >=, 1);
    watch_clear (&third);
  }

  watch_clear (&watch);
  watch_clear (&second);
}

/* Cancelled once the first proxy is made: the session ends, every file
 * left in the proxies' folder is a finished one; the next session makes
 * the rest and reuses what was made. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(IngestProxyStage) stage = NULL;
  g_autoptr(IngestProxyStage) again = NULL;
  g_autofree char *catalog_dir = g_path_get_dirname (ingest_catalog_get_path (fixture->catalog));
  g_autofree char *proxy_root = g_build_filename (catalog_dir, "proxies", NULL);
  Watch watch = { 0 }, second = { 0 };
  guint n_left, n_made_before;

  stage = run_session (fixture, &watch, TRUE);
  n_made_before = ingest_proxy_stage_get_n_made (stage);
  g_test_message ("made before the cancel took: %u of %u", n_made_before, ingest_proxy_stage_get_n_clips (stage));
  n_left = assert_only_published (proxy_root);
  g_assert_cmpuint (n_left, >=, 1);
  g_assert_cmpuint (n_left, ==, n_made_before);

  again = run_session (fixture, &second, FALSE);
  g_assert_cmpuint (ingest_proxy_stage_get_n_made (again), ==, 5);
  g_assert_cmpuint (ingest_proxy_stage_get_n_reused (again), >=, n_left);
  g_assert_cmpuint (ingest_proxy_stage_get_n_failed (again), ==, 0);
  g_assert_cmpuint (assert_only_published (proxy_root), ==, 5);
  g_assert_cmpuint (ingest_proxy_stage_get_n_pending (again), ==, 0);

  watch_clear (&watch);
  watch_clear (&second);
}

static gboolean
stage_busy (gpointer user_data)
{
  return ingest_proxy_stage_get_busy (user_data);
}

static gboolean
session_making_proxies (gpointer user_data)
{
  return ingest_drive_session_get_state (user_data) == INGEST_SESSION_STATE_MAKING_PROXIES;
}

/* Unplugged while a clip is made: the clip in flight stops and publishes
 * nothing, the stage holds the run in MAKING_PROXIES with the clips that
 * still need the drive listed; plugged back at another mount point, every
 * clip is made there, the interrupted one too. */
static void
test_pause_resume_elsewhere (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) metadata = ingest_metadata_stage_new ();
  g_autoptr(IngestProxyStage) stage = ingest_proxy_stage_new (metadata, NULL);
  g_autofree char *moved = g_build_filename (fixture->dir, "MOUNTED_AGAIN", NULL);
  g_autofree char *catalog_dir = g_path_get_dirname (ingest_catalog_get_path (fixture->catalog));
  g_autofree char *proxy_root = g_build_filename (catalog_dir, "proxies", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  guint n_done, n_pending;

  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (metadata));
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (stage_busy, stage, 120000);

  ingest_session_stage_pause (INGEST_SESSION_STAGE (stage));
  ingest_test_wait_until (stage_idle, stage, 60000);
  ingest_test_wait_until (session_making_proxies, session, 120000);
  g_assert_true (ingest_drive_session_get_running (session));

  n_done = ingest_proxy_stage_get_n_made (stage) + ingest_proxy_stage_get_n_no_preview (stage) +
           ingest_proxy_stage_get_n_failed (stage);
  n_pending = ingest_proxy_stage_get_n_pending (stage);
  names = ingest_proxy_stage_dup_pending_names (stage);
  g_test_message ("paused: %u done, still needing the drive: %s", n_done, names);
  g_assert_cmpuint (ingest_proxy_stage_get_n_clips (stage), ==, 6);
  g_assert_cmpuint (n_pending, >=, 1);
  g_assert_cmpuint (n_done + n_pending, ==, 6);
  g_assert_true (ingest_proxy_stage_get_needs_drive (stage));
  g_assert_nonnull (names);
  g_assert_cmpuint (assert_only_published (proxy_root), ==, ingest_proxy_stage_get_n_made (stage));

  g_assert_cmpint (g_rename (fixture->drive_path, moved), ==, 0);
  ingest_session_stage_resume (INGEST_SESSION_STAGE (stage), moved);
  ingest_test_wait_until (ingest_test_session_idle, session, 180000);
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_cmpuint (ingest_proxy_stage_get_n_made (stage), ==, 5);
  g_assert_cmpuint (ingest_proxy_stage_get_n_no_preview (stage), ==, 1);
  g_assert_cmpuint (ingest_proxy_stage_get_n_failed (stage), ==, 0);
  g_assert_cmpuint (ingest_proxy_stage_get_n_pending (stage), ==, 0);
  g_assert_false (ingest_proxy_stage_get_needs_drive (stage));
  g_assert_cmpuint (assert_only_published (proxy_root), ==, 5);
  g_assert_cmpint (g_rename (moved, fixture->drive_path), ==, 0);
}

/* Holds the read on the RED clip's file until released: the other clips'
 * files get their verdicts meanwhile. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean release;
  gboolean holding;
} Hold;

static gboolean
hold_chunk (const char    *path,
            const guint8  *data,
            gsize          len,
            guint64        offset,
            gpointer       user_data,
            GError       **error)
{
  Hold *hold = user_data;

  if (!g_str_has_suffix (path, ".R3D"))
    return TRUE;
  g_mutex_lock (&hold->lock);
  hold->holding = TRUE;
  while (!hold->release)
    g_cond_wait (&hold->cond, &hold->lock);
  g_mutex_unlock (&hold->lock);
  return TRUE;
}

static void
hold_prepare_read_cb (IngestDriveSession  *session,
                      IngestValidationJob *read,
                      Hold                *hold)
{
  ingest_test_add_sink (read, hold_chunk, NULL, hold);
}

static gboolean
some_made_reading (gpointer user_data)
{
  IngestProxyStage *stage = user_data;

  return ingest_proxy_stage_get_n_made (stage) >= 1;
}

/* A proxy is made while the read is still going: with the read held on
 * the RED clip's file, the other clips (verified) get their proxies, the
 * session still VALIDATING; released, the run ends as usual. */
static void
test_during_read (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) metadata = ingest_metadata_stage_new ();
  g_autoptr(IngestProxyStage) stage = ingest_proxy_stage_new (metadata, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  Hold hold = { 0 };

  g_mutex_init (&hold.lock);
  g_cond_init (&hold.cond);
  /* Readers enough that one held leaves others reading. */
  ingest_drive_session_set_n_threads (session, 4);
  g_signal_connect (session, "prepare-read", G_CALLBACK (hold_prepare_read_cb), &hold);
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (metadata));
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_validate (session, &error));
  g_assert_no_error (error);

  ingest_test_wait_until (some_made_reading, stage, 120000);
  g_assert_cmpint (ingest_drive_session_get_state (session), ==, INGEST_SESSION_STATE_VALIDATING);
  g_mutex_lock (&hold.lock);
  g_assert_true (hold.holding);
  hold.release = TRUE;
  g_cond_broadcast (&hold.cond);
  g_mutex_unlock (&hold.lock);
  names = ingest_proxy_stage_dup_pending_names (stage);
  g_test_message ("made during the read: %u; needing the drive then: %s",
                  ingest_proxy_stage_get_n_made (stage), names);

  ingest_test_wait_until (ingest_test_session_idle, session, 180000);
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_cmpuint (ingest_proxy_stage_get_n_made (stage), ==, 5);
  g_assert_cmpuint (ingest_proxy_stage_get_n_no_preview (stage), ==, 1);
  g_mutex_clear (&hold.lock);
  g_cond_clear (&hold.cond);
}

/* An upload with proxies: each roll's proxy folder goes to the upload's
 * destination under {production}/{shoot-day}/proxies/{roll}/ (the values
 * the originals were filed under), the same bytes, with its own ASC MHL
 * history beside them. */
static void
test_upload_delivers (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IngestDriveSession) session = ingest_drive_session_new (fixture->drive, fixture->catalog);
  g_autoptr(IngestMetadataStage) metadata = ingest_metadata_stage_new ();
  g_autoptr(IngestProxyStage) stage = ingest_proxy_stage_new (metadata, NULL);
  g_autofree char *nas = g_build_filename (fixture->dir, "nas", NULL);
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  const char *variables[] = { "production", "NIGHTJAR", "shoot-day", "2026-11-21", NULL };
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new ("{production}/{shoot-day}/{roll}/{path}",
                                                                 variables, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint n_delivered = 0;

  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  g_ptr_array_add (destinations, ingest_folder_destination_new (nas, fixture->catalog));
  /* No production or shoot day of its own: the originals' are taken. */
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (metadata));
  ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
  g_assert_true (ingest_drive_session_upload (session, destinations, layout, &error));
  g_assert_no_error (error);
  ingest_test_wait_until (ingest_test_session_idle, session, 180000);
  g_assert_null (ingest_drive_session_get_error (session));
  g_assert_false (ingest_proxy_stage_get_delivering (stage));

  results = ingest_proxy_stage_dup_results (stage);
  for (guint i = 0; i < results->len; i++)
    {
      const IngestProxyResult *result = g_ptr_array_index (results, i);
      g_autofree char *name = NULL;
      g_autofree char *roll = NULL;
      g_autofree char *copy = NULL;
      g_autofree char *want = NULL;
      g_autofree char *got = NULL;
      gsize want_len, got_len;

      if (result->proxy_path == NULL)
        continue;
      name = g_path_get_basename (result->proxy_path);
      {
        g_autofree char *folder = g_path_get_dirname (result->proxy_path);

        roll = g_path_get_basename (folder);
      }
      copy = g_build_filename (nas, "NIGHTJAR", "2026-11-21", "proxies", roll, name, NULL);
      g_test_message ("%s → %s", result->proxy_path, copy);
      g_assert_true (g_file_get_contents (result->proxy_path, &want, &want_len, NULL));
      g_assert_true (g_file_get_contents (copy, &got, &got_len, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (got, got_len, want, want_len);
      {
        g_autofree char *folder = g_path_get_dirname (copy);
        g_autofree char *chain = g_build_filename (folder, "ascmhl", "ascmhl_chain.xml", NULL);

        g_assert_true (g_file_test (chain, G_FILE_TEST_IS_REGULAR));
      }
      n_delivered++;
    }
  g_assert_cmpuint (n_delivered, ==, 5);
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
  ingest_init_gstreamer ();
  if (!ingest_test_require_programs ("ffmpeg", "ffprobe", NULL))
    return g_test_run ();

  template_dir = ingest_test_make_tmpdir ("ingest-proxy-demo-XXXXXX");
  demo_template = g_build_filename (template_dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  if (!ingest_demo_drive_create (demo_template, NULL, &error))
    g_error ("demo drive: %s", error->message);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/proxy-stage/make-and-reuse", test_make_and_reuse);
  ADD ("/proxy-stage/cancel", test_cancel);
  ADD ("/proxy-stage/pause-resume-elsewhere", test_pause_resume_elsewhere);
  ADD ("/proxy-stage/upload-delivers", test_upload_delivers);
  ADD ("/proxy-stage/during-read", test_during_read);
#undef ADD

  ret = g_test_run ();
  ingest_test_rm_rf (template_dir);
  g_free (demo_template);
  return ret;
}
