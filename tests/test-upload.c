/* test-upload.c
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

/* The upload job, its S3 destination and `ingestctl` against Ceph RGW
 * (suite net): single and multipart objects and their ETags, resuming,
 * restarting on a changed source, a kill after completion, `ingestctl
 * uploads`, one read of each file for every destination (counted outside
 * too, under strace), empty folders as markers, the roll's history in a
 * bucket (extended, and after a kill), held mismatches, pause, a wrong
 * secret, a kill mid-file and bounded memory. The folder-only cases are
 * test-upload-folder, which needs no gateway. */

#define G_LOG_DOMAIN "test-upload"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-rgw-harness.h"
#include "ingest-test-util.h"
#include "test-upload-common.h"

/* One Ceph RGW for the whole binary. */
static IngestRgw *rgw;
static char *rgw_skip_reason;
static char *bucket;

static gboolean
need_rgw (void)
{
  if (rgw == NULL)
    g_test_skip (rgw_skip_reason);
  return rgw != NULL;
}

static IngestS3Client *
rgw_client (void)
{
  return ingest_test_rgw_client (rgw);
}

/* The bucket's side of /upload/rgw/history-extended: the roll is
 * downloaded into place->copy to be read. */
static IngestDestination *
bucket_place_destination (const HistoryPlace *place,
                          IngestCatalog      *catalog)
{
  g_autoptr(IngestS3Client) client = rgw_client ();

  return INGEST_DESTINATION (ingest_s3_destination_new (client, bucket, place->prefix, catalog));
}

static void
bucket_place_read_back (const HistoryPlace *place)
{
  g_autofree char *roll_prefix = NULL;
  g_autoptr(IngestS3Client) client = NULL;

  ingest_test_rm_rf (place->copy);
  client = rgw_client ();
  roll_prefix = g_strdup_printf ("%s/A001/", place->prefix);
  ingest_test_download_prefix (rgw, client, bucket, roll_prefix, place->copy);
}

static void
bucket_place_remove_clip (const HistoryPlace *place)
{
  g_autofree char *key = g_strdup_printf ("%s/A001/clip1.mov", place->prefix);
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;

  client = rgw_client ();
  g_assert_true (ingest_s3_client_delete_object (client, bucket, key, NULL, &error));
  g_assert_no_error (error);
}

static const HistoryPlaceOps history_place_bucket = {
  .in_bucket = TRUE,
  .ready = need_rgw,
  .destination = bucket_place_destination,
  .read_back = bucket_place_read_back,
  .remove_clip = bucket_place_remove_clip,
};

/*
 * Against Ceph RGW
 */

/* Sends @path through @destination the way the job does: one hash job read. */
static IngestDestinationFile *
send_file (IngestDestination *destination,
           const char        *path,
           const char        *key,
           const char        *expected_xxh64,
           gboolean           finish,
           GError           **error)
{
  g_autoptr(IngestHashJob) job = ingest_hash_job_new (path, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  IngestUploadSource source = { 0 };
  IngestDestinationFile *file;
  struct stat st;
  struct { IngestDestinationFile *file; } feed;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_hash_table_insert (metadata, (gpointer) "xxh64", (gpointer) expected_xxh64);
  source.path = path;
  source.key = key;
  source.size = st.st_size;
  source.mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  source.expected_kind = "xxh64";
  source.expected = expected_xxh64;
  source.metadata = metadata;

  if ((file = ingest_destination_begin (destination, &source, NULL, error)) == NULL)
    return NULL;
  feed.file = file;
  g_assert_true (ingest_hash_job_run (job, ingest_test_feed_destination, feed.file, NULL, NULL, NULL));
  g_assert_cmpstr (job->digests[INGEST_HASH_XXH64], ==, expected_xxh64);
  if (finish && !ingest_destination_finish (file, NULL, error))
    g_clear_pointer (&file, ingest_destination_file_free);
  return file;
}

static void
test_single_and_multipart (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  const gsize sizes[] = { 1 * MiB + 17, 23 * MiB + 5 };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-parts-XXXXXX");
  client = rgw_client ();
  catalog = ingest_test_open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "parts/", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  ingest_s3_destination_set_parts_in_flight (destination, 3);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/file%u.bin", dir, i);
      g_autofree char *key = g_strdup_printf ("file%u.bin", i);
      g_autofree char *full = g_strdup_printf ("parts/file%u.bin", i);
      g_autofree char *xxh64 = NULL;
      g_autoptr(IngestDestinationFile) file = NULL;
      g_autoptr(IngestS3ObjectInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) part_md5s = g_string_new (NULL);
      g_autofree char *contents = NULL;
      g_autofree char *want_etag = NULL;
      gsize len;

      ingest_test_write_random_file (path, sizes[i], 100 + i);
      xxh64 = ingest_test_xxh64_of_file (path);
      file = send_file (INGEST_DESTINATION (destination), path, key, xxh64, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, sizes[i]);
      ingest_test_assert_object_equals_file (client, bucket, full, path);
      /* RGW 16 takes x-amz-checksum-crc32c and ignores it: never "server-verified". */
      g_assert_cmpstr (ingest_destination_file_get_note (file), ==,
                       "crc32c not confirmed by the server (not echoed); Content-MD5 protected every part");

      /* The ETag, computed here independently with GChecksum. */
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      if (len <= 5 * MiB)
        want_etag = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) contents, len);
      else
        {
          g_autofree char *md5_of_md5s = NULL;
          guint n = 0;

          for (gsize off = 0; off < len; off += 5 * MiB, n++)
            {
              g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
              guint8 digest[16];
              gsize digest_len = 16;

              g_checksum_update (md5, (const guint8 *) contents + off, MIN (5 * MiB, len - off));
              g_checksum_get_digest (md5, digest, &digest_len);
              g_string_append_len (part_md5s, (const char *) digest, 16);
            }
          md5_of_md5s = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) part_md5s->str, part_md5s->len);

          want_etag = g_strdup_printf ("%s-%u", md5_of_md5s, n);
          g_assert_cmpuint (n, ==, 5);
        }
      info = ingest_s3_client_head_object (client, bucket, full, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->etag, ==, want_etag);
      g_assert_cmpstr (g_hash_table_lookup (info->metadata, "xxh64"), ==, xxh64);
    }

  ingest_test_rm_rf (dir);
}

/* A partial upload, then a changed source: the next begin restarts and says why. */
static void
test_changed_source (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xxh64 = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_upload_id = NULL;
  struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-changed-XXXXXX");
  path = g_build_filename (dir, "clip.mov", NULL);
  ingest_test_write_random_file (path, 12 * MiB, 7);
  xxh64 = ingest_test_xxh64_of_file (path);
  client = rgw_client ();
  catalog = ingest_test_open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "changed", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);

  /* Sent, then interrupted before completion (suspend = kill, for the journal). */
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, FALSE, &error);
  g_assert_no_error (error);
  ingest_destination_suspend (file);
  g_clear_pointer (&file, ingest_destination_file_free);
  record = ingest_upload_journal_find (catalog, ingest_destination_get_uri (INGEST_DESTINATION (destination)),
                                       "changed/clip.mov", FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->n_parts, ==, 3);
  old_upload_id = g_strdup (record->remote_upload_id);

  /* Unchanged: resumes, sends nothing again. */
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "resumed: 3 of 3"));
  g_assert_cmpuint (ingest_destination_file_get_bytes_resumed (file), ==, 12 * MiB);
  g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, 0);
  ingest_destination_suspend (file);
  g_clear_pointer (&file, ingest_destination_file_free);

  /* Same bytes, other mtime: never resumed onto; the old upload is aborted. */
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "restarted: the source's modification time changed"));
  g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, 12 * MiB);
  ingest_test_assert_object_equals_file (client, bucket, "changed/clip.mov", path);

  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, "changed/", 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < uploads->len; i++)
    g_assert_cmpstr (((IngestS3Upload *) g_ptr_array_index (uploads, i))->upload_id, !=, old_upload_id);

  ingest_test_rm_rf (dir);
}

/* Killed after CompleteMultipartUpload, before the journal said so: the
 * next run checks the object instead of sending the file again. */
static void
test_killed_after_complete (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xxh64 = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *uri;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-completed-XXXXXX");
  path = g_build_filename (dir, "clip.mov", NULL);
  ingest_test_write_random_file (path, 11 * MiB, 9);
  xxh64 = ingest_test_xxh64_of_file (path);
  client = rgw_client ();
  catalog = ingest_test_open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "completed", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  uri = ingest_destination_get_uri (INGEST_DESTINATION (destination));

  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, TRUE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&file, ingest_destination_file_free);
  record = ingest_upload_journal_find (catalog, uri, "completed/clip.mov", TRUE, &error);
  g_assert_no_error (error);
  /* As the journal was when the process died. */
  g_assert_true (ingest_upload_journal_set_state (catalog, record->id, "completing", NULL, NULL, 0, &error));

  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "completed before the interruption; checked now");
  g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, 0);
  g_clear_pointer (&record, ingest_upload_record_free);
  record = ingest_upload_journal_lookup (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->state, ==, "verified");
  ingest_test_assert_object_equals_file (client, bucket, "completed/clip.mov", path);

  ingest_test_rm_rf (dir);
}

/* `ingestctl uploads`: list an interrupted upload, resume it (one read,
 * checked against the journaled hash), abort a stale one on the server. */
static void
test_uploads_verb (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xxh64 = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *stale = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-verb-XXXXXX");
  path = g_build_filename (dir, "clip.mov", NULL);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  remote = g_strdup_printf ("s3://%s/verb", bucket);
  ingest_test_write_random_file (path, 13 * MiB, 21);
  xxh64 = ingest_test_xxh64_of_file (path);
  client = rgw_client ();
  catalog = ingest_test_open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "verb", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, FALSE, &error);
  g_assert_no_error (error);
  ingest_destination_suspend (file);
  record = ingest_upload_journal_find (catalog, ingest_destination_get_uri (INGEST_DESTINATION (destination)),
                                       "verb/clip.mov", FALSE, &error);
  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);

  g_setenv ("AWS_ACCESS_KEY_ID", rgw->access_key, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", rgw->secret_key, TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "list", "--json", "--catalog", catalog_path, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"key\" : \"verb/clip.mov\""));
    g_assert_nonnull (strstr (out, "\"state\" : \"paused\""));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "resume", id, "--catalog", catalog_path, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "resumed: 3 of 3 parts were already on the server"));
    g_clear_pointer (&out, g_free);
  }
  ingest_test_assert_object_equals_file (client, bucket, "verb/clip.mov", path);
  g_clear_pointer (&record, ingest_upload_record_free);
  record = ingest_upload_journal_lookup (catalog, g_ascii_strtoll (id, NULL, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->state, ==, "verified");

  /* A multipart upload no journal knows: stale, listed, aborted. */
  stale = ingest_s3_client_create_multipart_upload (client, bucket, "verb/orphan.mov", NULL, NULL, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "list", "--catalog", catalog_path,
                           "--remote", remote, "--endpoint", rgw->endpoint, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, stale));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "abort", "--catalog", catalog_path,
                           "--remote", remote, "--endpoint", rgw->endpoint, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, "verb/", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 0);

  ingest_test_rm_rf (dir);
}

/* The job: one read feeds the hashers, an S3 bucket, a NAS folder and a
 * counting destination; every byte reaches each exactly once. */
/* The default key layout with production "Prod" and shoot day "D1" (owned by the test's process). */
static IngestKeyTemplate *
prod_d1_layout (void)
{
  static IngestKeyTemplate *layout;
  static const char * const values[] = { "production", "Prod", "shoot-day", "D1", NULL };

  if (layout == NULL)
    layout = ingest_key_template_new (NULL, values, NULL);
  return layout;
}

static void
test_one_read (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *nas = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) s3 = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) histories = NULL;
  g_autoptr(GError) run_error = NULL;
  g_autofree char *s3_ascmhl = NULL;
  const gsize sizes[] = { 11 * MiB + 3, 300 * 1024, 0, 6 * MiB };
  guint64 total = 0;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-one-read-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "A001", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 40);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    total += sizes[i];
  /* A symlink in ascmhl/ points off the drive: the history upload must not follow it. */
  {
    g_autofree char *link = g_build_filename (roll, "ascmhl", "passwd.link", NULL);

    g_assert_cmpint (symlink ("/etc/passwd", link), ==, 0);
  }

  client = rgw_client ();
  catalog = ingest_test_open_catalog (dir);
  s3 = ingest_s3_destination_new (client, bucket, "oneread", catalog);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  folder = ingest_folder_destination_new (nas, catalog);
  counting = g_object_new (counting_get_type (), "uri", "counting:", NULL);

  job = ingest_upload_job_new (drive);
  ingest_upload_job_set_catalog (job, catalog);
  ingest_upload_job_set_key_template (job, prod_d1_layout ());
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (counting));
  g_assert_true (run_job_full (job, &states, &histories, &run_error));
  g_assert_no_error (run_error);

  /* Read once: validation read exactly the bytes of the files... */
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (ingest_upload_job_get_validation (job)), ==, total);
  /* ...and every destination got each byte exactly once, in order. */
  g_assert_false (counting->out_of_order);
  g_assert_cmpuint (counting->n_held, ==, 0);
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (ingest_upload_job_get_bytes_total (job), ==, total);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *key = g_strdup_printf ("Prod/D1/A001/clip%u.mov", i);
      g_autofree char *s3_key = g_strdup_printf ("oneread/%s", key);
      g_autofree char *path = g_strdup_printf ("%s/clip%u.mov", roll, i);
      g_autofree char *copy = g_build_filename (nas, key, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *md5 = NULL;
      g_autofree char *copy_md5 = NULL;
      const guint64 *seen = g_hash_table_lookup (counting->seen, key);
      gsize len;
      struct stat a, b;

      g_assert_nonnull (seen);
      g_assert_cmpuint (*seen, ==, sizes[i]);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) contents, len);
      g_assert_cmpstr (g_hash_table_lookup (counting->md5, key), ==, md5);
      ingest_test_assert_object_equals_file (client, bucket, s3_key, path);

      /* NAS: same bytes, same mtime. */
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (copy, &contents, &len, NULL));
      g_clear_pointer (&copy_md5, g_free);
      copy_md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) contents, len);
      g_assert_cmpstr (copy_md5, ==, md5);
      g_assert_cmpint (g_stat (path, &a), ==, 0);
      g_assert_cmpint (g_stat (copy, &b), ==, 0);
      g_assert_cmpint (a.st_mtim.tv_sec, ==, b.st_mtim.tv_sec);
      g_assert_cmpint (a.st_mtim.tv_nsec, ==, b.st_mtim.tv_nsec);
    }

  /* The history went up with a transfer generation the MHL engine accepts. */
  {
    g_autofree char *cloud = g_build_filename (dir, "cloud", NULL);
    g_autoptr(IngestMhlVerifier) verifier = NULL;
    g_autoptr(IngestMhlHistory) history = NULL;
    g_autoptr(GError) error = NULL;
    IngestMhlManifest *latest;

    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autofree char *key = g_strdup_printf ("oneread/Prod/D1/A001/clip%u.mov", i);
        g_autofree char *target = g_strdup_printf ("%s/clip%u.mov", cloud, i);

        g_assert_cmpint (g_mkdir_with_parents (cloud, 0755), ==, 0);
        ingest_s3_client_get_object_to_file (client, bucket, key, target, NULL, &error);
        g_assert_no_error (error);   /* first, so that a failure says why */
      }
    {
      const char *prefix = "oneread/Prod/D1/A001/ascmhl/";
      g_autofree char *ascmhl = g_build_filename (cloud, "ascmhl", NULL);
      g_autofree char *nas_history = g_build_filename (nas, "Prod/D1/A001/ascmhl", NULL);
      g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, FALSE);
      g_autoptr(GDir) local = NULL;
      guint n_local = 0;

      g_assert_cmpint (g_mkdir_with_parents (ascmhl, 0755), ==, 0);

      local = g_dir_open (nas_history, 0, &error);
      g_assert_no_error (error);
      {
        g_autofree char *leaked = g_build_filename (nas_history, "passwd.link", NULL);

        g_assert_false (g_file_test (leaked, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));
      }
      /* The bucket holds as many history files as the NAS copy. Each
       * destination names its own transfer generation when it writes it, so
       * on a loaded machine the two names may differ in their second. */
      while (g_dir_read_name (local) != NULL)
        n_local++;
      g_assert_cmpuint (keys->len, ==, n_local);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = keys->pdata[i];
          g_autofree char *target = g_build_filename (ascmhl, key + strlen (prefix), NULL);

          g_assert_true (g_str_has_prefix (key, prefix));
          ingest_s3_client_get_object_to_file (client, bucket, key, target, NULL, &error);
          g_assert_no_error (error);
        }
    }
    history = ingest_mhl_history_load (cloud, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 2);
    latest = ingest_mhl_history_get_latest_manifest (history);
    g_assert_cmpint (ingest_mhl_manifest_get_process (latest), ==, INGEST_MHL_PROCESS_TRANSFER);
    g_assert_nonnull (strstr (ingest_mhl_manifest_get_comment (latest), "oneread/Prod/D1/A001/"));
    verifier = ingest_mhl_verifier_new (cloud, INGEST_MHL_OPERATION_VERIFY);
    g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_VERIFIED), ==, G_N_ELEMENTS (sizes));

    /* The job said so: the generation in the bucket's chain, at its key. */
    {
      g_autofree char *chain_path = g_build_filename (cloud, "ascmhl", "ascmhl_chain.xml", NULL);
      g_autofree char *expected = NULL;

      s3_ascmhl = g_strdup_printf ("s3://%s/oneread/Prod/D1/A001/ascmhl/", bucket);
      expected = g_strdup_printf ("A001|%s|%s|%u|verified|", ingest_destination_get_uri (INGEST_DESTINATION (s3)),
                                  s3_ascmhl, chain_last_generation (chain_path));
      g_assert_cmpuint (histories->len, ==, 3);
      g_assert_cmpstr (g_ptr_array_index (histories, 0), ==, expected);
      g_assert_cmpuint (chain_last_generation (chain_path), ==, ingest_mhl_manifest_get_generation (latest));
    }
  }

  /* Again: nothing is sent, everything is already there. */
  {
    g_autoptr(IngestUploadJob) again = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states2 = NULL;
    g_autoptr(GPtrArray) histories2 = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(IngestS3Destination) s3b = ingest_s3_destination_new (client, bucket, "oneread", catalog);

    ingest_upload_job_set_catalog (again, catalog);
    ingest_upload_job_set_key_template (again, prod_d1_layout ());
    ingest_upload_job_add_destination (again, INGEST_DESTINATION (s3b));
    g_assert_true (run_job_full (again, &states2, &histories2, &run_error));
    g_assert_no_error (run_error);
    expected = g_strdup_printf ("A001|%s|%s|0|verified|already there from an earlier run, nothing new to record",
                                ingest_destination_get_uri (INGEST_DESTINATION (s3b)), s3_ascmhl);
    g_assert_cmpuint (histories2->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (histories2, 0), ==, expected);
    g_assert_cmpuint (ingest_upload_job_get_bytes_sent (again), ==, 0);
    g_assert_cmpuint (ingest_upload_job_get_bytes_resumed (again), ==, total);
  }

  ingest_test_rm_rf (dir);
}

/*
 * A crash while the roll's ascmhl/ history goes up (a bucket)
 */

/* Runs `ingestctl ingest DRIVE --to s3://BUCKET/PREFIX [--to NAS] --catalog
 * CATALOG` against the gateway; its exit status and summary. */
static int
ingest_to_rgw (const char  *drive,
               const char  *to,
               const char  *nas,
               const char  *catalog,
               JsonObject **summary)
{
  const char *args[] = { drive, "--to", to, "--catalog", catalog, nas ? "--to" : NULL, nas, NULL };
  int fd = -1;
  GPid pid = ingest_test_spawn_ingest (rgw, args, &fd);
  int status;

  *summary = ingest_test_read_json_summary (fd);
  status = ingest_test_wait_child (pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* The bucket's objects under @prefix (key, ETag, mtime), one string. */
static char *
bucket_listing (const char *prefix)
{
  g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, TRUE);

  g_ptr_array_add (keys, NULL);
  return g_strjoinv ("\n", (char **) keys->pdata);
}

/* The same crash as /upload/folder/history-after-kill, against a bucket:
 * killed (SIGKILL) at a folder marker, before and between the history
 * files, before the chain, and mid-delivery of the clips. The next run
 * exits 0 and leaves in the bucket exactly the clips, the markers and one
 * whole history with one transfer generation (no other manifest, no
 * unfinished multipart upload); the roll downloaded from it verifies. The
 * run after that sends nothing and changes nothing. */
static void
test_rgw_history_after_kill (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  const gsize sizes[] = { 3 * MiB + 5, 700 * 1024, 0 };
  const char *kills[] = { "m1", "h1", "h2", "h3", "d2" };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-rgw-history-kill-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "H001", NULL);
  empty = g_build_filename (roll, "EMPTY", "Sub", NULL);
  g_assert_cmpint (g_mkdir_with_parents (empty, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 95);
  client = rgw_client ();

  for (guint trial = 0; trial < G_N_ELEMENTS (kills); trial++)
    {
      g_autofree char *prefix = g_strdup_printf ("hkill-%u/", trial);
      g_autofree char *to = g_strdup_printf ("s3://%s/hkill-%u", bucket, trial);
      g_autofree char *catalog = g_strdup_printf ("%s/catalog-%u.db", dir, trial);
      g_autofree char *cloud = g_strdup_printf ("%s/cloud-%u", dir, trial);
      g_autofree char *cloud_roll = g_build_filename (cloud, "H001", NULL);
      g_autofree char *spec = g_strdup_printf ("%s|%s|%s|%s", drive, to, catalog, kills[trial]);
      g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-upload", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GPtrArray) keys = NULL;
      g_autoptr(GPtrArray) uploads = NULL;
      g_autoptr(JsonObject) second = NULL;
      g_autoptr(JsonObject) third = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { self_path, NULL };
      g_auto(GStrv) env = g_get_environ ();
      guint n_history = 0;
      guint n_markers = 0;
      int status = 0;

      /* 1: killed by its destination at the chosen point. */
      env = g_environ_setenv (env, "INGEST_TEST_HISTORY_CHILD", spec, TRUE);
      env = g_environ_setenv (env, "INGEST_TEST_RGW_ENDPOINT", rgw->endpoint, TRUE);
      env = g_environ_setenv (env, "AWS_ACCESS_KEY_ID", rgw->access_key, TRUE);
      env = g_environ_setenv (env, "AWS_SECRET_ACCESS_KEY", rgw->secret_key, TRUE);
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      /* 2: converges. */
      g_assert_cmpint (ingest_to_rgw (drive, to, NULL, catalog, &second), ==, 0);
      g_assert_cmpint (json_object_get_int_member (second, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (second, "failed"), ==, 0);
      keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, FALSE);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);

          n_history += strstr (key, "/ascmhl/") != NULL;
          n_markers += g_str_has_suffix (key, "/");
        }
      g_assert_cmpuint (n_markers, ==, 2);       /* EMPTY/, EMPTY/Sub/ */
      g_assert_cmpuint (n_history, ==, 3);       /* 2 manifests and the chain */
      g_assert_cmpuint (keys->len, ==, G_N_ELEMENTS (sizes) + 2 + 3);
      uploads = ingest_s3_client_list_multipart_uploads (client, bucket, prefix, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (uploads->len, ==, 0);
      g_assert_cmpuint (ingest_test_download_prefix (rgw, client, bucket, prefix, cloud), ==, 2);
      assert_clips_copied (roll, cloud_roll, G_N_ELEMENTS (sizes));
      assert_nas_history (cloud_roll, G_N_ELEMENTS (sizes));
      before = bucket_listing (prefix);

      /* 3: nothing to send, nothing changed. */
      g_assert_cmpint (ingest_to_rgw (drive, to, NULL, catalog, &third), ==, 0);
      g_assert_cmpint (json_object_get_int_member (third, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (third, "bytes_sent"), ==, 0);
      after = bucket_listing (prefix);
      g_assert_cmpstr (after, ==, before);
      g_test_message ("killed at %s: converged", kills[trial]);
    }
  ingest_test_rm_rf (dir);
}

/*
 * Empty folders: S3 has none, the roll's ASC MHL records them
 */

/* `ingestctl mhl verify ROLL`: its exit status (0: every file verified,
 * nothing missing, nothing new; 10: something recorded is missing). */
static int
mhl_verify (const char *roll)
{
  const char *argv[] = { g_getenv ("INGESTCTL"), "mhl", "verify", roll, NULL };
  g_autofree char *out = NULL;
  int status;

  out = ingest_test_run_capture (argv, &status);
  return status;
}

/* The demo drive (Sony cards with empty XDROOT/Edit, General, Sub, Take and
 * M4ROOT/GENERAL, SUB) to a bucket and a NAS folder: each empty folder
 * becomes a "KEY/" marker of no bytes (application/x-directory) and an
 * empty folder at the NAS; folders with files get none. Every object of
 * the bucket downloaded (a "/" key made a folder), each roll verifies
 * against the history that went up with it (`ingestctl mhl verify`, exit
 * 0: nothing missing), and so does the NAS copy. Without a marker, the
 * same verification reports the folder missing. The work runs in other
 * processes: a heap grown here would show in /upload/rgw/bounded-memory,
 * whose child is forked from this one. */
static void
test_empty_folders (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *nas = NULL;
  g_autofree char *cloud = NULL;
  g_autofree char *sound = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *to = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  const char *rolls[] = { "A001R1AB", "B001", "C001" };
  const char *markers[] = {
    "emptydirs/B001/XDROOT/Edit/", "emptydirs/B001/XDROOT/General/", "emptydirs/B001/XDROOT/Sub/",
    "emptydirs/B001/XDROOT/Take/", "emptydirs/C001/PRIVATE/M4ROOT/GENERAL/", "emptydirs/C001/PRIVATE/M4ROOT/SUB/",
  };
  guint n_markers = 0;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-empty-folders-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  cloud = g_build_filename (dir, "cloud", NULL);
  catalog = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/emptydirs", bucket);
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "demo-drive", drive, NULL };
    g_autofree char *out = NULL;
    int status;

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  /* The sound roll has no manifest: it could not be delivered verified. */
  sound = g_build_filename (drive, "SOUND_001", NULL);
  ingest_test_rm_rf (sound);

  g_assert_cmpint (ingest_to_rgw (drive, to, nas, catalog, &summary), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 0);

  /* A marker for each empty folder and for nothing else. */
  client = rgw_client ();
  keys = ingest_test_rgw_list_keys (rgw, bucket, "emptydirs/", FALSE);
  for (guint i = 0; i < keys->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (keys, i), "/"))
      n_markers++;
  g_assert_cmpuint (n_markers, ==, G_N_ELEMENTS (markers));
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      g_autoptr(IngestS3ObjectInfo) info = ingest_s3_client_head_object (client, bucket, markers[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (info->size, ==, 0);
      g_assert_cmpstr (info->content_type, ==, "application/x-directory");
    }

  g_assert_cmpuint (ingest_test_download_prefix (rgw, client, bucket, "emptydirs/", cloud), ==, G_N_ELEMENTS (markers));
  for (guint i = 0; i < G_N_ELEMENTS (rolls); i++)
    {
      g_autofree char *cloud_roll = g_build_filename (cloud, rolls[i], NULL);
      g_autofree char *nas_roll = g_build_filename (nas, rolls[i], NULL);

      g_assert_cmpint (mhl_verify (cloud_roll), ==, 0);
      g_assert_cmpint (mhl_verify (nas_roll), ==, 0);
    }

  /* The check has teeth: without its marker a folder is missing. */
  {
    g_autofree char *edit = g_build_filename (cloud, "B001", "XDROOT", "Edit", NULL);
    g_autofree char *cloud_roll = g_build_filename (cloud, "B001", NULL);

    g_assert_cmpint (g_rmdir (edit), ==, 0);
    g_assert_cmpint (mhl_verify (cloud_roll), ==, 10);
  }
  ingest_test_rm_rf (dir);
}

/* The one read, counted outside our code: `ingestctl ingest` to S3 and a
 * NAS folder under strace; every byte of every source file is read exactly
 * once, from one open, whatever the number of destinations. */
static void
test_one_read_strace (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *log = NULL;
  g_autofree char *nas = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *out = NULL;
  g_autofree char *trace = NULL;
  g_auto(GStrv) lines = NULL;
  const gsize sizes[] = { 12 * MiB + 5, 300 * 1024 };
  guint64 read_bytes[G_N_ELEMENTS (sizes)] = { 0 };
  guint opens[G_N_ELEMENTS (sizes)] = { 0 };
  int status = -1;

  if (!need_rgw ())
    return;
  if (!ingest_test_require_programs ("strace", "strace", NULL))
    return;

  dir = ingest_test_make_tmpdir ("upload-strace-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "S001", NULL);
  log = g_build_filename (dir, "strace.log", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/strace", bucket);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 90);

  g_setenv ("AWS_ACCESS_KEY_ID", rgw->access_key, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", rgw->secret_key, TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  {
    /* -ff: one log per thread, so no call is split across lines. In an
     * ASan build LeakSanitizer cannot run under ptrace: leaks are checked
     * by the other tests. --no-metadata: this is about the read that
     * hashes and uploads; the metadata stage's bounded header reads beside
     * it are counted by test-metadata-stage. */
    const char *argv[] = { "env", "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1",
                           "strace", "-ff", "-qq", "-y", "-o", log,
                           "-e", "trace=openat,open,read,pread64,readv,preadv,preadv2,mmap,sendfile,copy_file_range,splice",
                           g_getenv ("INGESTCTL"), "ingest", drive, "--to", to, "--to", nas,
                           "--endpoint", rgw->endpoint, "--catalog", catalog_path, "--part-size", "5M",
                           "--no-metadata", NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }

  {
    g_autoptr(GDir) logs = g_dir_open (dir, 0, NULL);
    g_autoptr(GString) all = g_string_new (NULL);
    const char *name;

    while ((name = g_dir_read_name (logs)) != NULL)
      if (g_str_has_prefix (name, "strace.log."))
        {
          g_autofree char *one = NULL;
          g_autofree char *one_path = g_build_filename (dir, name, NULL);

          g_assert_true (g_file_get_contents (one_path, &one, NULL, NULL));
          g_string_append (all, one);
        }
    trace = g_string_free (g_steal_pointer (&all), FALSE);
  }
  lines = g_strsplit (trace, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/clip%u.mov", roll, i);
        g_autofree char *fd_tag = g_strdup_printf ("<%s>", path);
        g_autofree char *quoted = g_strdup_printf ("\"%s\"", path);
        const char *result = strrchr (lines[l], '=');

        if (strstr (lines[l], quoted) != NULL && strstr (lines[l], "open") != NULL)
          opens[i]++;
        else if (strstr (lines[l], fd_tag) != NULL)
          {
            /* Only plain reads of the source are allowed, nothing mapped or spliced. */
            g_assert_true (strstr (lines[l], "read(") != NULL || strstr (lines[l], "read64(") != NULL);
            g_assert_nonnull (result);
            read_bytes[i] += g_ascii_strtoull (result + 1, NULL, 10);
          }
      }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *key = g_strdup_printf ("strace/S001/clip%u.mov", i);
      g_autofree char *path = g_strdup_printf ("%s/clip%u.mov", roll, i);
      g_autoptr(IngestS3Client) client = rgw_client ();

      g_assert_cmpuint (opens[i], ==, 1);
      g_assert_cmpuint (read_bytes[i], ==, sizes[i]);
      ingest_test_assert_object_equals_file (client, bucket, key, path);
    }
  ingest_test_rm_rf (dir);
}

typedef struct
{
  IngestUploadJob *job;
  guint64          read_at_pause;
  guint64          read_after;
} PauseProbe;

static gboolean
pause_cb (gpointer data)
{
  PauseProbe *probe = data;

  ingest_upload_job_pause (probe->job);
  return G_SOURCE_REMOVE;
}

/* Once the pause has settled (progress is reported every 200 ms). */
static gboolean
settled_cb (gpointer data)
{
  PauseProbe *probe = data;

  probe->read_at_pause = ingest_validation_job_get_bytes_done (ingest_upload_job_get_validation (probe->job));
  return G_SOURCE_REMOVE;
}

static gboolean
resume_cb (gpointer data)
{
  PauseProbe *probe = data;

  probe->read_after = ingest_validation_job_get_bytes_done (ingest_upload_job_get_validation (probe->job));
  ingest_upload_job_resume (probe->job);
  return G_SOURCE_REMOVE;
}

/* Pause holds the read mid-file (and so the uploads); resume finishes. */
static void
test_pause (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *clip = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) s3 = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  const gsize sizes[] = { 40 * MiB };
  PauseProbe probe = { 0 };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-pause-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "P001", NULL);
  clip = g_build_filename (roll, "clip0.mov", NULL);
  ingest_test_make_mhl_roll (roll, sizes, 1, 70);
  client = rgw_client ();
  s3 = ingest_s3_destination_new (client, bucket, "pause", NULL);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  ingest_s3_destination_set_parts_in_flight (s3, 1);
  ingest_s3_destination_set_bandwidth_limit (s3, 10 * MiB);
  job = ingest_upload_job_new (drive);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_set_upload_history (job, FALSE);
  probe.job = job;
  g_timeout_add (700, pause_cb, &probe);
  g_timeout_add (1300, settled_cb, &probe);
  g_timeout_add (2500, resume_cb, &probe);
  g_assert_true (run_job (job, &states));

  /* Paused at 0.7 s of a 4 s file: nothing more was read for 1.2 s. */
  g_assert_cmpuint (probe.read_at_pause, <, sizes[0]);
  g_assert_cmpuint (probe.read_after, ==, probe.read_at_pause);
  ingest_test_assert_object_equals_file (client, bucket, "pause/P001/clip0.mov", clip);
  ingest_test_rm_rf (dir);
}

/* A file whose bytes differ from its MHL is never delivered anywhere. */
static void
test_mismatch_held (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *nas = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *nas_copy = NULL;
  g_autofree char *good = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) s3 = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  const gsize sizes[] = { 8 * MiB, 64 * 1024 };
  const char *state;
  FILE *f;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-mismatch-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "B002", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 80);

  /* One flipped byte in the middle of the big clip, same size. */
  bad = g_build_filename (roll, "clip0.mov", NULL);
  f = fopen (bad, "r+b");
  g_assert_nonnull (f);
  fseek (f, 7 * MiB + 12345, SEEK_SET);
  {
    int c = fgetc (f);

    fseek (f, 7 * MiB + 12345, SEEK_SET);
    fputc (c ^ 0x40, f);
  }
  fclose (f);

  client = rgw_client ();
  catalog = ingest_test_open_catalog (dir);
  s3 = ingest_s3_destination_new (client, bucket, "mismatch", catalog);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  folder = ingest_folder_destination_new (nas, catalog);
  job = ingest_upload_job_new (drive);
  ingest_upload_job_set_catalog (job, catalog);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  g_assert_false (run_job (job, &states));

  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 1);
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, 1);
  state = find_state (states, "B002/clip0.mov|s3://");
  g_assert_nonnull (state);
  g_assert_nonnull (strstr (state, "|held|its bytes do not match the manifest"));

  /* Not in the bucket, no multipart upload left to complete, not on the NAS. */
  info = ingest_s3_client_head_object (client, bucket, "mismatch/B002/clip0.mov", NULL, &error);
  g_assert_null (info);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY);
  g_clear_error (&error);
  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, "mismatch/", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 0);
  nas_copy = g_build_filename (nas, "B002/clip0.mov", NULL);
  good = g_build_filename (roll, "clip1.mov", NULL);
  g_assert_false (g_file_test (nas_copy, G_FILE_TEST_EXISTS));
  ingest_test_assert_object_equals_file (client, bucket, "mismatch/B002/clip1.mov", good);

  ingest_test_rm_rf (dir);
}

static void
test_wrong_secret (void)
{
  g_autoptr(IngestS3Credentials) credentials = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) fatal = NULL;
  gint64 start;

  if (!need_rgw ())
    return;

  credentials = ingest_s3_credentials_new (rgw->access_key, "not-the-secret", NULL, "us-east-1");
  client = ingest_s3_client_new (rgw->endpoint, credentials, NULL);
  destination = ingest_s3_destination_new (client, bucket, "x", NULL);
  start = g_get_monotonic_time ();
  g_assert_false (ingest_s3_destination_check (destination, NULL, &error));
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
  /* No retry storm: one request. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (ingest_s3_client_get_n_requests (client), ==, 1);
  fatal = ingest_destination_dup_fatal_error (INGEST_DESTINATION (destination));
  g_assert_error (fatal, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
}

/*
 * ingestctl ingest, killed with SIGKILL mid-file, then run again
 */

static void
test_resume_after_kill (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *clip = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GError) error = NULL;
  const gsize sizes[] = { 60 * MiB + 4321 };
  guint64 journaled = 0, on_server = 0;
  char *upload_id = NULL;
  int fd;
  GPid pid;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-kill-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "K001", NULL);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/kill", bucket);
  ingest_test_make_mhl_roll (roll, sizes, 1, 5);
  catalog = ingest_test_open_catalog (dir);

  /* Slowed down so that SIGKILL lands mid-file, after some parts. */
  {
    const char *args[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "5M",
                           "--parts-in-flight", "2", "--bwlimit", "10M", NULL };

    pid = ingest_test_spawn_ingest (rgw, args, &fd);
  }
  for (guint i = 0; i < 600 && journaled < 3 * 5 * MiB; i++)
    {
      g_autoptr(GPtrArray) live = NULL;

      g_usleep (50 * 1000);
      live = ingest_upload_journal_list (catalog, TRUE, NULL);
      if (live != NULL && live->len > 0)
        journaled = ((IngestUploadRecord *) g_ptr_array_index (live, 0))->bytes_journaled;
    }
  kill (pid, SIGKILL);
  g_assert_true (WIFSIGNALED (ingest_test_wait_child (pid)));
  close (fd);

  {
    g_autoptr(GPtrArray) live = ingest_upload_journal_list (catalog, TRUE, &error);
    IngestUploadRecord *record;

    g_assert_no_error (error);
    g_assert_cmpuint (live->len, ==, 1);
    record = g_ptr_array_index (live, 0);
    journaled = record->bytes_journaled;
    upload_id = g_strdup (record->remote_upload_id);
  }
  g_assert_cmpuint (journaled, >=, 3 * 5 * MiB);
  g_assert_cmpuint (journaled, <, sizes[0]);

  client = rgw_client ();
  listed = ingest_s3_client_list_parts (client, bucket, "kill/K001/clip0.mov", upload_id, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    on_server += ((IngestS3Part *) g_ptr_array_index (listed, i))->size;
  g_free (upload_id);

  /* Again, at full speed: it resumes. */
  {
    const char *args[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "5M",
                           "--parts-in-flight", "2", NULL };

    pid = ingest_test_spawn_ingest (rgw, args, &fd);
  }
  summary = ingest_test_read_json_summary (fd);
  g_assert_cmpint (WEXITSTATUS (ingest_test_wait_child (pid)), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "verified"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 0);
  /* Every journaled part was trusted, and nothing else: only what the server
   * had without a journal entry (the parts in flight) was sent again. */
  g_assert_cmpint (json_object_get_int_member (summary, "bytes_resumed"), ==, journaled);
  g_assert_cmpint (json_object_get_int_member (summary, "bytes_sent"), ==, sizes[0] - journaled);
  g_assert_cmpuint (on_server - journaled, <=, 2 * 5 * MiB);
  clip = g_build_filename (roll, "clip0.mov", NULL);
  ingest_test_assert_object_equals_file (client, bucket, "kill/K001/clip0.mov", clip);

  ingest_test_rm_rf (dir);
}

/* Memory stays at part size × parts in flight (+ 64 MB for the rest),
 * whatever the file size: the kernel's peak RSS of `ingestctl ingest`. */
static void
test_bounded_memory (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *roll = NULL;
  g_autoptr(JsonObject) summary = NULL;
  const gsize sizes[] = { 120 * MiB, 100 * MiB };
  struct rusage usage;
  int status = 0;
  int fd;
  GPid pid;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-memory-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "M001", NULL);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/memory", bucket);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 120);
  {
    const char *args[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "8M",
                           "--parts-in-flight", "2", "--no-history", NULL };

    pid = ingest_test_spawn_ingest (rgw, args, &fd);
  }
  summary = ingest_test_read_json_summary (fd);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpint (json_object_get_int_member (summary, "verified"), ==, G_N_ELEMENTS (sizes));
  g_test_message ("peak RSS %ld kB for 220 MiB, 8 MiB parts, 2 in flight", usage.ru_maxrss);
  /* ru_maxrss is in kB. In an ASan build the shadow memory counts too. */
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpint (usage.ru_maxrss, <=, (2 * 8 + 64) * 1024);
#endif
  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  char *state_home;
  int ret;

  if (g_getenv ("INGEST_TEST_HISTORY_CHILD") != NULL)
    return history_child_main (g_getenv ("INGEST_TEST_HISTORY_CHILD"));
  g_test_init (&argc, &argv, NULL);
  /* The transfer histories staged between runs stay out of $HOME. */
  state_home = ingest_test_make_tmpdir ("upload-state-XXXXXX");
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  ingest_init ();
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);

  g_test_add_data_func ("/upload/rgw/history-extended", &history_place_bucket, test_history_extended);
  g_test_add_func ("/upload/rgw/single-and-multipart", test_single_and_multipart);
  g_test_add_func ("/upload/rgw/changed-source", test_changed_source);
  g_test_add_func ("/upload/rgw/killed-after-complete", test_killed_after_complete);
  g_test_add_func ("/upload/rgw/uploads-verb", test_uploads_verb);
  g_test_add_func ("/upload/rgw/one-read", test_one_read);
  g_test_add_func ("/upload/rgw/empty-folders", test_empty_folders);
  g_test_add_func ("/upload/rgw/history-after-kill", test_rgw_history_after_kill);
  g_test_add_func ("/upload/rgw/one-read-strace", test_one_read_strace);
  g_test_add_func ("/upload/rgw/mismatch-held", test_mismatch_held);
  g_test_add_func ("/upload/rgw/pause", test_pause);
  g_test_add_func ("/upload/rgw/wrong-secret", test_wrong_secret);
  g_test_add_func ("/upload/rgw/resume-after-kill", test_resume_after_kill);
  g_test_add_func ("/upload/rgw/bounded-memory", test_bounded_memory);

  rgw = ingest_rgw_start ();
  if (rgw != NULL)
    {
      g_autoptr(IngestS3Client) client = rgw_client ();
      g_autoptr(GError) error = NULL;

      bucket = g_strdup_printf ("ingest-upload-%08x", g_random_int ());
      ingest_s3_client_create_bucket (client, bucket, NULL, &error);
      g_assert_no_error (error);
    }

  ret = g_test_run ();

  g_clear_pointer (&rgw, ingest_rgw_stop);
  ingest_test_rm_rf (state_home);
  g_free (state_home);
  g_free (bucket);
  g_free (rgw_skip_reason);
  return ret;
}
