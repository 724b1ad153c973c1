/* test-s3-client.c
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

/* The S3 client against a real Ceph RGW: objects, multipart uploads,
 * errors the gateway gives (credentials, quota, clock skew, a restart).
 * What RGW cannot show is in test-s3-checksum-peer.c and test-s3-wire.c. */

#define G_LOG_DOMAIN "test-s3-client"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-rgw-harness.h"
#include "ingest-sqlite-private.h"
#include "ingest-test-s3-peer.h"
#include "ingest-test-util.h"

#define MiB (1024 * 1024)

/* One Ceph RGW for the whole binary (about 2 s to start). */
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
make_client (const char *access_key,
             const char *secret_key)
{
  IngestS3Client *client = ingest_test_s3_client (rgw->endpoint, access_key, secret_key);

  g_assert_true (ingest_s3_client_get_path_style (client));
  return client;
}

static IngestS3Client *
rgw_client (void)
{
  return make_client (rgw->access_key, rgw->secret_key);
}

static void
md5_raw (const guint8 *data,
         gsize         len,
         guint8        digest[16])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  gsize digest_len = 16;

  g_checksum_update (checksum, data, len);
  g_checksum_get_digest (checksum, digest, &digest_len);
}

static gboolean
has_upload (GPtrArray  *uploads,
            const char *upload_id)
{
  for (guint i = 0; i < uploads->len; i++)
    if (g_strcmp0 (((IngestS3Upload *) g_ptr_array_index (uploads, i))->upload_id, upload_id) == 0)
      return TRUE;
  return FALSE;
}

/* Put, get and head a small object whose key needs encoding; compare bytes. */
static void
test_put_get_head (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (100 * 1024 + 7, 1);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  g_autoptr(GHashTable) metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *etag = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file_bytes = NULL;
  gsize file_len = 0;
  const char *key = "Day 01/A001R1AB/A001C002_ü+=&$.mxf";
  IngestS3PutOptions options = { .metadata = metadata };

  if (!need_rgw ())
    return;
  client = rgw_client ();
  g_hash_table_insert (metadata, g_strdup ("xxh64"), g_strdup ("0123456789abcdef"));
  g_hash_table_insert (metadata, g_strdup ("roll"), g_strdup ("A001R1AB"));

  etag = ingest_s3_client_put_object (client, bucket, key, g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), &options, NULL, &error);
  g_assert_no_error (error);
  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, data);
  g_assert_cmpstr (etag, ==, md5);

  got = ingest_s3_client_get_object (client, bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, data));

  info = ingest_s3_client_head_object (client, bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->size, ==, g_bytes_get_size (data));
  g_assert_cmpstr (info->etag, ==, md5);
  g_assert_cmpstr (info->content_type, ==, "application/octet-stream");
  g_assert_cmpstr (g_hash_table_lookup (info->metadata, "xxh64"), ==, "0123456789abcdef");
  g_assert_cmpstr (g_hash_table_lookup (info->metadata, "roll"), ==, "A001R1AB");

  tmpdir = ingest_test_make_tmpdir ("test-s3-client");
  path = g_build_filename (tmpdir, "download", NULL);
  g_assert_true (ingest_s3_client_get_object_to_file (client, bucket, key, path, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &file_bytes, &file_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (file_bytes, file_len, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  ingest_test_rm_rf (tmpdir);

  /* UNSIGNED-PAYLOAD is signed as the literal string and accepted. */
  {
    IngestS3PutOptions unsigned_options = { .payload_sha256 = INGEST_SIGV4_UNSIGNED_PAYLOAD };
    g_autofree char *etag2 = ingest_s3_client_put_object (client, bucket, "unsigned", (const guint8 *) "abc", 3,
                                                          &unsigned_options, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (etag2, ==, "900150983cd24fb0d6963f7d28e17f72");
  }

  g_assert_true (ingest_s3_client_delete_object (client, bucket, key, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&info, ingest_s3_object_info_free);
  info = ingest_s3_client_head_object (client, bucket, key, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY);
  g_assert_null (info);
}

/* A Content-MD5 or payload SHA-256 that does not match the bytes: the
 * server refuses to store them, and our error says why. */
static void
test_bad_digest (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (64 * 1024, 2);
  g_autofree char *other_md5 = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *upload_id = NULL;
  guint8 digest[16];
  IngestS3PutOptions options = { 0, };

  if (!need_rgw ())
    return;
  client = rgw_client ();

  /* The MD5 of the same bytes with one bit flipped, as a corrupted read gives. */
  {
    g_autofree guint8 *corrupt = g_memdup2 (g_bytes_get_data (data, NULL), g_bytes_get_size (data));

    corrupt[1000] ^= 0x01;
    md5_raw (corrupt, g_bytes_get_size (data), digest);
    other_md5 = g_base64_encode (digest, sizeof digest);
  }
  options.content_md5 = other_md5;
  etag = ingest_s3_client_put_object (client, bucket, "bad-md5", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), &options, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST);
  g_assert_nonnull (strstr (error->message, "BadDigest"));
  g_assert_nonnull (strstr (error->message, "do not match their checksum"));
  g_assert_false (ingest_upload_error_is_transient (error));
  g_assert_null (etag);
  g_clear_error (&error);

  /* Nothing was stored. */
  g_assert_null (ingest_s3_client_head_object (client, bucket, "bad-md5", NULL, &error));
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY);
  g_clear_error (&error);

  /* A wrong payload SHA-256 (XAmzContentSHA256Mismatch). */
  options.content_md5 = NULL;
  options.payload_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
  etag = ingest_s3_client_put_object (client, bucket, "bad-sha", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), &options, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST);
  g_assert_null (etag);
  g_clear_error (&error);

  /* The same check on UploadPart. */
  upload_id = ingest_s3_client_create_multipart_upload (client, bucket, "bad-part", NULL, NULL, &error);
  g_assert_no_error (error);
  options.content_md5 = other_md5;
  options.payload_sha256 = NULL;
  etag = ingest_s3_client_upload_part (client, bucket, "bad-part", upload_id, 1, g_bytes_get_data (data, NULL),
                                       g_bytes_get_size (data), &options, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST);
  g_assert_null (etag);
  g_clear_error (&error);
  g_assert_true (ingest_s3_client_abort_multipart_upload (client, bucket, "bad-part", upload_id, NULL, &error));
  g_assert_no_error (error);
}

/* ~20 MiB in 5 MiB parts sent out of order, listed in pages, completed,
 * then checked with HEAD (size, multipart ETag computed here) and GET. */
static void
test_multipart (void)
{
  const gsize part_size = 5 * MiB;
  const gsize total = 20 * MiB + 12345;
  const guint n_parts = (total + part_size - 1) / part_size;
  const guint order[] = { 3, 1, 5, 2, 4 };
  const char *key = "A001R1AB/A001C003.mov";
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (total, 3);
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_part_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree guint8 *md5s = g_new0 (guint8, 16 * n_parts);
  g_autofree char *upload_id = NULL;
  g_autofree char *complete_etag = NULL;
  g_autofree char *expected_etag = NULL;
  const guint8 *bytes = g_bytes_get_data (data, NULL);
  guint64 n_requests;

  if (!need_rgw ())
    return;
  g_assert_cmpuint (n_parts, ==, G_N_ELEMENTS (order));
  client = rgw_client ();

  upload_id = ingest_s3_client_create_multipart_upload (client, bucket, key, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (upload_id);

  for (guint i = 0; i < n_parts; i++)
    {
      guint number = order[i];
      gsize offset = (number - 1) * part_size;
      gsize len = MIN (part_size, total - offset);
      g_autofree char *etag = NULL;
      g_autofree char *hex = NULL;

      etag = ingest_s3_client_upload_part (client, bucket, key, upload_id, number, bytes + offset, len,
                                           NULL, NULL, &error);
      g_assert_no_error (error);
      md5_raw (bytes + offset, len, md5s + 16 * (number - 1));
      hex = g_compute_checksum_for_data (G_CHECKSUM_MD5, bytes + offset, len);
      g_assert_cmpstr (etag, ==, hex);
      g_ptr_array_add (sent, ingest_s3_part_new (number, etag, len));
    }

  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_upload (uploads, upload_id));

  /* Two parts per page: three pages (three requests), in part order. */
  n_requests = ingest_s3_client_get_n_requests (client);
  listed = ingest_s3_client_list_parts (client, bucket, key, upload_id, 2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, n_parts);
  g_assert_cmpuint (ingest_s3_client_get_n_requests (client) - n_requests, ==, 3);
  for (guint i = 0; i < listed->len; i++)
    {
      IngestS3Part *part = g_ptr_array_index (listed, i);
      g_autofree char *hex = NULL;
      gsize len = MIN (part_size, total - i * part_size);

      hex = g_compute_checksum_for_data (G_CHECKSUM_MD5, bytes + i * part_size, len);
      g_assert_cmpuint (part->part_number, ==, i + 1);
      g_assert_cmpstr (part->etag, ==, hex);
      g_assert_cmpuint (part->size, ==, len);
    }

  /* Handed over in upload order; the client sorts them. */
  complete_etag = ingest_s3_client_complete_multipart_upload (client, bucket, key, upload_id, sent, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (complete_etag);   /* RGW 16 leaves it empty; HEAD is what counts */

  expected_etag = ingest_s3_multipart_etag (md5s, n_parts);
  info = ingest_s3_client_head_object (client, bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->size, ==, total);
  g_assert_cmpstr (info->etag, ==, expected_etag);

  got = ingest_s3_client_get_object (client, bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, data));

  g_clear_pointer (&uploads, g_ptr_array_unref);
  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (has_upload (uploads, upload_id));
}

/* Parts sent from several threads through one client at once, as the
 * upload engine will. */
typedef struct
{
  IngestS3Client *client;
  const char     *key;
  const char     *upload_id;
  const guint8   *bytes;
  gsize           part_size;
  guint           n_parts;
  guint           next;       /* atomic: next part number - 1 */
  char          **etags;      /* by part number - 1 */
} ParallelUpload;

static gpointer
parallel_worker (gpointer data)
{
  ParallelUpload *up = data;
  guint index;

  while ((index = (guint) g_atomic_int_add ((gint *) &up->next, 1)) < up->n_parts)
    {
      g_autoptr(GError) error = NULL;

      up->etags[index] = ingest_s3_client_upload_part (up->client, bucket, up->key, up->upload_id, index + 1,
                                                       up->bytes + index * up->part_size, up->part_size,
                                                       NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_parallel_parts (void)
{
  const guint n_threads = 3;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_part_free);
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *expected = NULL;
  g_autofree guint8 *md5s = NULL;
  GThread *threads[3];
  ParallelUpload up = { .key = "parallel.mov", .part_size = 5 * MiB, .n_parts = 6 };

  if (!need_rgw ())
    return;
  client = rgw_client ();
  data = ingest_test_random_bytes (up.part_size * up.n_parts, 9);
  md5s = g_new0 (guint8, 16 * up.n_parts);
  upload_id = ingest_s3_client_create_multipart_upload (client, bucket, up.key, NULL, NULL, &error);
  g_assert_no_error (error);

  up.client = client;
  up.upload_id = upload_id;
  up.bytes = g_bytes_get_data (data, NULL);
  up.etags = g_new0 (char *, up.n_parts + 1);
  for (guint i = 0; i < n_threads; i++)
    threads[i] = g_thread_new ("part-uploader", parallel_worker, &up);
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < up.n_parts; i++)
    {
      md5_raw (up.bytes + i * up.part_size, up.part_size, md5s + 16 * i);
      g_ptr_array_add (parts, ingest_s3_part_new (i + 1, up.etags[i], up.part_size));
    }
  g_strfreev (up.etags);

  etag = ingest_s3_client_complete_multipart_upload (client, bucket, up.key, upload_id, parts, FALSE, NULL, &error);
  g_assert_no_error (error);
  expected = ingest_s3_multipart_etag (md5s, up.n_parts);
  info = ingest_s3_client_head_object (client, bucket, up.key, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->etag, ==, expected);
  got = ingest_s3_client_get_object (client, bucket, up.key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, data));
}

/* Aborting leaves no upload listed, and the upload's parts are gone. */
static void
test_abort (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (5 * MiB, 4);
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *upload_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *etag = NULL;
  const char *key = "to-abort.mov";

  if (!need_rgw ())
    return;
  client = rgw_client ();

  upload_id = ingest_s3_client_create_multipart_upload (client, bucket, key, NULL, NULL, &error);
  g_assert_no_error (error);
  etag = ingest_s3_client_upload_part (client, bucket, key, upload_id, 1, g_bytes_get_data (data, NULL),
                                       g_bytes_get_size (data), NULL, NULL, &error);
  g_assert_no_error (error);

  /* One upload per page: the pages are followed. */
  other_id = ingest_s3_client_create_multipart_upload (client, bucket, "to-abort-too.mov", NULL, NULL, &error);
  g_assert_no_error (error);
  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, "to-", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 2);
  g_assert_true (has_upload (uploads, upload_id));
  g_assert_true (has_upload (uploads, other_id));
  g_clear_pointer (&uploads, g_ptr_array_unref);
  g_assert_true (ingest_s3_client_abort_multipart_upload (client, bucket, "to-abort-too.mov", other_id, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (ingest_s3_client_abort_multipart_upload (client, bucket, key, upload_id, NULL, &error));
  g_assert_no_error (error);

  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (has_upload (uploads, upload_id));

  /* RGW says NoSuchKey here, AWS NoSuchUpload: both mean "gone". */
  parts = ingest_s3_client_list_parts (client, bucket, key, upload_id, 0, NULL, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD);
  g_assert_null (parts);
  g_clear_error (&error);

  g_clear_pointer (&etag, g_free);
  etag = ingest_s3_client_upload_part (client, bucket, key, upload_id, 2, g_bytes_get_data (data, NULL),
                                       g_bytes_get_size (data), NULL, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD);
  g_assert_null (etag);
}

/* A wrong secret or unknown key: a clear credentials error after exactly
 * one request, not transient (no retry storm). */
static void
test_wrong_credentials (void)
{
  g_autoptr(IngestS3Client) wrong_secret = NULL;
  g_autoptr(IngestS3Client) wrong_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (2 * MiB, 5);
  g_autofree char *etag = NULL;

  if (!need_rgw ())
    return;
  wrong_secret = make_client (rgw->access_key, "not-the-secret-0123456789");
  etag = ingest_s3_client_put_object (wrong_secret, bucket, "never", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), NULL, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "secret key"));
  g_assert_false (ingest_upload_error_is_transient (error));
  g_assert_cmpuint (ingest_s3_client_get_n_requests (wrong_secret), ==, 1);
  g_assert_null (etag);
  g_clear_error (&error);

  wrong_key = make_client ("AKIDNOTKNOWNHERE0000", rgw->secret_key);
  g_assert_null (ingest_s3_client_head_object (wrong_key, bucket, "never", NULL, &error));
  /* HEAD answers carry no body: a bare 403 can only say "access denied". */
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  g_assert_null (ingest_s3_client_list_multipart_uploads (wrong_key, bucket, NULL, 0, NULL, &error));
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "access key"));
}

static void
test_no_such_bucket (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  if (!need_rgw ())
    return;
  client = rgw_client ();
  etag = ingest_s3_client_put_object (client, "no-such-bucket-here", "x", (const guint8 *) "x", 1,
                                      NULL, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_BUCKET);
  g_assert_true (g_str_has_prefix (error->message, "bucket “no-such-bucket-here” does not exist"));
  g_assert_false (ingest_upload_error_is_transient (error));
  g_assert_null (etag);
}

/* A clock two hours off is refused by the server, and we say so. */
static void
test_clock_skew (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  if (!need_rgw ())
    return;
  client = rgw_client ();
  ingest_s3_client_set_clock_offset (client, 2 * 3600);
  etag = ingest_s3_client_put_object (client, bucket, "skewed", (const guint8 *) "x", 1, NULL, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CLOCK_SKEW);
  g_assert_true (g_str_has_prefix (error->message, "clock skew too large"));
  g_assert_null (etag);
}

/* Over quota: a clear QuotaExceeded error (a user of its own, so the
 * other tests keep an unlimited one). */
static void
test_quota_exceeded (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (700 * 1024, 7);
  g_autofree char *out = NULL;
  g_autofree char *etag = NULL;

  if (!need_rgw ())
    return;
  out = ingest_rgw_admin (rgw, "user", "create", "--uid=quota-user", "--display-name=Quota",
                          "--access-key=QUOTAUSERACCESSKEY01", "--secret=quota-user-secret-0123456789", NULL);
  g_assert_nonnull (out);
  g_clear_pointer (&out, g_free);
  out = ingest_rgw_admin (rgw, "quota", "set", "--quota-scope=bucket", "--uid=quota-user", "--max-size=1M", NULL);
  g_assert_nonnull (out);
  g_clear_pointer (&out, g_free);
  out = ingest_rgw_admin (rgw, "quota", "enable", "--quota-scope=bucket", "--uid=quota-user", NULL);
  g_assert_nonnull (out);

  client = make_client ("QUOTAUSERACCESSKEY01", "quota-user-secret-0123456789");
  g_assert_true (ingest_s3_client_create_bucket (client, "ingest-quota-test", NULL, &error));
  g_assert_no_error (error);
  etag = ingest_s3_client_put_object (client, "ingest-quota-test", "first", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&etag, g_free);
  etag = ingest_s3_client_put_object (client, "ingest-quota-test", "second", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), NULL, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED);
  g_assert_true (g_str_has_prefix (error->message, "storage quota exceeded"));
  g_assert_false (ingest_upload_error_is_transient (error));
  g_assert_null (etag);
}

/* The harness's restart: SIGKILL the gateway, see a transient network
 * error, start it again on the same data, and the object is still there. */
static void
test_gateway_restart (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (300 * 1024, 8);
  g_autoptr(GBytes) got = NULL;
  g_autofree char *etag = NULL;

  if (!need_rgw ())
    return;
  client = rgw_client ();
  etag = ingest_s3_client_put_object (client, bucket, "survivor", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (ingest_rgw_kill (rgw, "rgw"));
  got = ingest_s3_client_get_object (client, bucket, "survivor", NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NETWORK);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_clear_error (&error);

  g_assert_true (ingest_rgw_restart (rgw));
  got = ingest_s3_client_get_object (client, bucket, "survivor", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, data));
}

/* The AWS way of sending CRC32C (algorithm at create, a checksum per part,
 * the checksums again at complete) against the real RGW 16, which ignores
 * all of it: the object is still made right, and its HEAD returns no
 * checksum, so nothing may be called "server-verified" there. */
static void
test_rgw_checksum_multipart (void)
{
  const gsize part_size = 5 * MiB;
  const gsize total = 2 * part_size + 4321;
  const char *key = "crc32c/A001C004.mov";
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = ingest_test_random_bytes (total, 10);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_part_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree guint8 *md5s = g_new0 (guint8, 16 * 3);
  g_autofree char *upload_id = NULL;
  g_autofree char *complete_etag = NULL;
  g_autofree char *expected_etag = NULL;
  g_autofree char *algorithm = NULL;
  const guint8 *bytes = g_bytes_get_data (data, NULL);
  IngestS3PutOptions options = { .checksum_algorithm = "CRC32C" };
  IngestS3PutResult result = { 0 };

  if (!need_rgw ())
    return;
  client = rgw_client ();

  options.result = &result;
  upload_id = ingest_s3_client_create_multipart_upload (client, bucket, key, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (result.checksum_rejected);

  for (guint i = 0; i < 3; i++)
    {
      gsize len = MIN (part_size, total - i * part_size);
      g_autofree char *crc = ingest_test_crc32c_base64 (ingest_test_crc32c (bytes + i * part_size, len));
      IngestS3PutOptions part_options = { .checksum_crc32c = crc, .result = &result };
      g_autofree char *etag = NULL;
      IngestS3Part *part;

      etag = ingest_s3_client_upload_part (client, bucket, key, upload_id, i + 1, bytes + i * part_size, len,
                                           &part_options, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (result.checksum_crc32c);   /* not echoed */
      md5_raw (bytes + i * part_size, len, md5s + 16 * i);
      part = ingest_s3_part_new (i + 1, etag, len);
      part->checksum_crc32c = g_steal_pointer (&crc);
      g_ptr_array_add (parts, part);
    }

  /* Nothing about the algorithm comes back from RGW 16. */
  listed = ingest_s3_client_list_parts (client, bucket, key, upload_id, 0, &algorithm, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_null (algorithm);
  g_assert_null (((IngestS3Part *) g_ptr_array_index (listed, 0))->checksum_crc32c);

  complete_etag = ingest_s3_client_complete_multipart_upload (client, bucket, key, upload_id, parts, FALSE, NULL, &error);
  g_assert_no_error (error);

  expected_etag = ingest_s3_multipart_etag (md5s, 3);
  info = ingest_s3_client_head_object (client, bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->size, ==, total);
  g_assert_cmpstr (info->etag, ==, expected_etag);
  g_assert_null (info->checksum_crc32c);
  got = ingest_s3_client_get_object (client, bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, data));
  ingest_s3_put_result_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  /* Loopback only, whatever proxy the environment sets. */
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);

  g_test_add_func ("/s3/rgw/put-get-head", test_put_get_head);
  g_test_add_func ("/s3/rgw/bad-digest", test_bad_digest);
  g_test_add_func ("/s3/rgw/multipart", test_multipart);
  g_test_add_func ("/s3/rgw/parallel-parts", test_parallel_parts);
  g_test_add_func ("/s3/rgw/abort", test_abort);
  g_test_add_func ("/s3/rgw/wrong-credentials", test_wrong_credentials);
  g_test_add_func ("/s3/rgw/no-such-bucket", test_no_such_bucket);
  g_test_add_func ("/s3/rgw/clock-skew", test_clock_skew);
  g_test_add_func ("/s3/rgw/quota-exceeded", test_quota_exceeded);
  g_test_add_func ("/s3/rgw/checksum-multipart", test_rgw_checksum_multipart);
  g_test_add_func ("/s3/rgw/gateway-restart", test_gateway_restart);

  rgw = ingest_rgw_start ();
  bucket = ingest_test_rgw_new_bucket (rgw, "ingest-test");

  ret = g_test_run ();

  ingest_rgw_stop (g_steal_pointer (&rgw));
  g_free (bucket);
  g_free (rgw_skip_reason);
  return ret;
}
