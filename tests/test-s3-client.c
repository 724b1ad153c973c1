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

#define G_LOG_DOMAIN "test-s3-client"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-hasher.h"
#include "ingest-rgw-harness.h"
#include "ingest-s3-client.h"
#include "ingest-s3-destination.h"
#include "ingest-sigv4.h"
#include "ingest-sqlite-private.h"
#include "ingest-test-s3-peer.h"
#include "ingest-test-util.h"
#include "ingest-upload-error.h"

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

/* A TCP socket bound to a free port of 127.0.0.1, listening if @listening
 * (one that does not listen refuses connections). */
static GSocket *
loopback_socket (gboolean  listening,
                 guint16  *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any, listening, &error);
  g_assert_no_error (error);
  if (listening)
    {
      g_socket_listen (socket, &error);
      g_assert_no_error (error);
    }
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* A client (keys "AK" and "SK") of the server on 127.0.0.1:@port. */
static IngestS3Client *
loopback_client (guint16 port)
{
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);

  return ingest_test_s3_client (endpoint, "AK", "SK");
}

static GBytes *
random_bytes (gsize   size,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, size);
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
  g_autoptr(GBytes) data = random_bytes (100 * 1024 + 7, 1);
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
  g_autoptr(GBytes) data = random_bytes (64 * 1024, 2);
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
  g_autoptr(GBytes) data = random_bytes (total, 3);
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
  data = random_bytes (up.part_size * up.n_parts, 9);
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
  g_autoptr(GBytes) data = random_bytes (5 * MiB, 4);
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
  g_autoptr(GBytes) data = random_bytes (2 * MiB, 5);
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

/* A refused connection is a transient network error, not a hang. */
static void
test_connection_refused (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GBytes) got = NULL;
  guint16 port;

  /* A port that is bound but not listening refuses connections. */
  socket = loopback_socket (FALSE, &port);
  client = loopback_client (port);
  got = ingest_s3_client_get_object (client, "bucket", "key", NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NETWORK);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (got);
}

/* Over quota: a clear QuotaExceeded error (a user of its own, so the
 * other tests keep an unlimited one). */
static void
test_quota_exceeded (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = random_bytes (700 * 1024, 7);
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
  g_autoptr(GBytes) data = random_bytes (300 * 1024, 8);
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

static void
test_checksum_headers (void)
{
  g_autoptr(GBytes) data = random_bytes (3 * MiB + 5, 6);
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestHasher) hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_CRC32C) | INGEST_HASH_BIT (INGEST_HASH_SHA256));
  g_autoptr(GError) error = NULL;
  g_autofree char *crc_b64 = NULL;
  g_autofree char *sha_b64 = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *md5 = NULL;
  const guint8 *digest;
  gsize digest_len;
  IngestTestPeer *peer = ingest_test_peer_start ();
  IngestS3PutOptions options = { 0, };

  /* The values the upload engine will send come from the one-read hasher. */
  ingest_hasher_update (hasher, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  ingest_hasher_finish (hasher);
  digest = ingest_hasher_get_digest (hasher, INGEST_HASH_CRC32C, &digest_len);
  crc_b64 = g_base64_encode (digest, digest_len);
  digest = ingest_hasher_get_digest (hasher, INGEST_HASH_SHA256, &digest_len);
  sha_b64 = g_base64_encode (digest, digest_len);

  client = loopback_client (peer->port);

  options.checksum_crc32c = crc_b64;
  options.checksum_sha256 = sha_b64;
  etag = ingest_s3_client_upload_part (client, "bucket", "clip.mov", "upload-1", 7, g_bytes_get_data (data, NULL),
                                       g_bytes_get_size (data), &options, NULL, &error);
  g_assert_no_error (error);
  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, data);
  g_assert_cmpstr (etag, ==, md5);

  /* A corrupted CRC32C must come back as a digest error. */
  {
    g_autofree char *wrong = g_strdup (crc_b64);
    g_autofree char *etag2 = NULL;

    IngestS3PutResult result = { 0 };

    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    options.checksum_crc32c = wrong;
    options.checksum_sha256 = NULL;
    options.result = &result;
    etag2 = ingest_s3_client_upload_part (client, "bucket", "clip.mov", "upload-1", 8, g_bytes_get_data (data, NULL),
                                          g_bytes_get_size (data), &options, NULL, &error);
    g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST);
    g_assert_null (etag2);
    /* Damaged bytes, never "the server does not take the header". */
    g_assert_false (result.checksum_rejected);
    ingest_s3_put_result_clear (&result);
  }

  ingest_test_peer_free (g_steal_pointer (&peer));
}

/* An IngestS3Destination on @peer: 5 MiB parts, three in flight. */
static IngestS3Destination *
peer_destination_with_catalog (IngestTestPeer  *peer,
                               IngestCatalog *catalog)
{
  g_autoptr(IngestS3Client) client = loopback_client (peer->port);
  IngestS3Destination *destination;

  destination = ingest_s3_destination_new (client, "bucket", "", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  ingest_s3_destination_set_parts_in_flight (destination, 3);
  ingest_s3_destination_set_max_attempts (destination, 3);
  return destination;
}

static IngestS3Destination *
peer_destination (IngestTestPeer *peer)
{
  return peer_destination_with_catalog (peer, NULL);
}

/* Sends @data as "KEY" the way the job does (begin, writes, finish); the
 * file comes back, its verdict in @error. */
static IngestDestinationFile *
send_prefix (IngestS3Destination  *destination,
             const char           *key,
             GBytes               *data,
             gsize                 stop_at,
             GError              **error)
{
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  IngestUploadSource source = { 0 };
  IngestDestinationFile *file;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);

  g_hash_table_insert (metadata, (gpointer) "xxh64", (gpointer) "0123456789abcdef");
  source.path = key;
  source.key = key;
  source.size = len;
  source.expected_kind = "xxh64";
  source.expected = "0123456789abcdef";
  source.metadata = metadata;

  file = ingest_destination_begin (INGEST_DESTINATION (destination), &source, NULL, error);
  g_assert_nonnull (file);
  for (gsize offset = 0; offset < stop_at; offset += MIN (MiB, stop_at - offset))
    g_assert_true (ingest_destination_write (file, bytes + offset, MIN (MiB, stop_at - offset), offset, NULL));
  if (stop_at == len)
    ingest_destination_finish (file, NULL, error);
  else
    ingest_destination_suspend (file);   /* interrupted: what was sent stays journaled */
  return file;
}

static IngestDestinationFile *
send_bytes (IngestS3Destination  *destination,
            const char           *key,
            GBytes               *data,
            GError              **error)
{
  return send_prefix (destination, key, data, g_bytes_get_size (data), error);
}

/* The file's note, if any, never calls it verified by the server. */
static void
assert_not_server_verified (IngestDestinationFile *file)
{
  const char *note = ingest_destination_file_get_note (file);

  g_assert_null (strstr (note != NULL ? note : "", "server-verified"));
}

/* A store that refuses x-amz-checksum-crc32c: exactly one refused request
 * (the first goes alone although three parts are in flight), then every
 * request of the destination goes without it, and the file says so. */
static void
test_checksum_refused (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 21);
  g_autoptr(GBytes) small = random_bytes (MiB, 22);
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestDestinationFile) file2 = NULL;
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();

  peer->mode = INGEST_TEST_PEER_REFUSE;
  destination = peer_destination (peer);
  file = send_bytes (destination, "big.mov", data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peer->n_refused, ==, 1);
  g_assert_cmpuint (peer->n_crc_sent, ==, 1);
  g_assert_cmpuint (peer->n_data, ==, 3);
  g_assert_cmpuint (peer->object_size, ==, g_bytes_get_size (data));
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file),
                            "server does not support x-amz-checksum-crc32c; relying on Content-MD5"));
  assert_not_server_verified (file);

  /* Remembered for the rest of the job: no second refusal. */
  file2 = send_bytes (destination, "small.mov", small, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peer->n_refused, ==, 1);
  g_assert_cmpuint (peer->n_crc_sent, ==, 1);
  g_assert_cmpuint (peer->n_data, ==, 4);
  {
    g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, small);

    g_assert_cmpstr (peer->object_etag, ==, md5);
  }
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file2), "relying on Content-MD5"));

  ingest_test_peer_free (peer);
}

/* The server's own CRC32C (the peer's independent implementation) echoed:
 * right → "server-verified"; wrong once → damage in transit, sent again;
 * wrong every time → the file fails, never verified. */
static void
test_checksum_echo (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 23);
  g_autoptr(GBytes) small = random_bytes (MiB + 7, 24);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_ECHO;
  destination = peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "big.mov", data, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_data, ==, 3);
    g_assert_cmpuint (peer->n_crc_sent, ==, 3);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }

  peer->echo_wrong = 1;
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "small.mov", small, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_data, ==, 5);
    g_assert_cmpuint (peer->echo_wrong, ==, 0);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }

  peer->echo_wrong = 100;
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "doomed.mov", small, &error);

    g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST);
    g_assert_nonnull (strstr (error->message, "the server computed CRC32C"));
    g_assert_cmpuint (peer->n_data, ==, 5 + 3);   /* max_attempts */
  }

  ingest_test_peer_free (peer);
}

/* A server that ignores the header (like RGW 16): verified by Content-MD5
 * and the HEAD, and the file says the CRC32C was not confirmed. */
static void
test_checksum_ignored (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 25);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;

  peer->mode = INGEST_TEST_PEER_IGNORE;
  destination = peer_destination (peer);
  file = send_bytes (destination, "big.mov", data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peer->n_data, ==, 3);
  g_assert_cmpuint (peer->n_crc_sent, ==, 3);
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "crc32c not confirmed by the server"));
  assert_not_server_verified (file);

  ingest_test_peer_free (peer);
}

/* A server that does flexible checksums as AWS does: the upload is created
 * with the CRC32C algorithm, every part carries its checksum (none is
 * refused), the complete list repeats them, and the HEAD's composite
 * checksum equals ours: "server-verified". A single PUT likewise with the
 * whole file's CRC32C. */
static void
test_checksum_aws (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 31);
  g_autoptr(GBytes) small = random_bytes (MiB + 11, 32);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_AWS;
  destination = peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "big.mov", data, &error);

    g_assert_no_error (error);
    g_assert_true (peer->declared);
    g_assert_cmpuint (peer->n_mismatch, ==, 0);
    g_assert_cmpuint (peer->n_data, ==, 3);
    g_assert_cmpuint (peer->n_crc_sent, ==, 3);
    g_assert_cmpstr (peer->object_crc_type, ==, "COMPOSITE");
    g_assert_true (g_str_has_suffix (peer->object_crc32c, "-3"));
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "small.mov", small, &error);
    g_autofree char *want = ingest_test_crc32c_base64 (ingest_test_crc32c (g_bytes_get_data (small, NULL), g_bytes_get_size (small)));

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_data, ==, 4);
    g_assert_cmpuint (peer->n_crc_sent, ==, 4);
    g_assert_cmpstr (peer->object_crc_type, ==, "FULL_OBJECT");
    g_assert_cmpstr (peer->object_crc32c, ==, want);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }
  ingest_test_peer_free (peer);
}

/* The server says the object's CRC32C is another one than the bytes sent
 * make: the file fails, it is never verified. A single PUT is checked by
 * its own answer (ETag = our MD5, the CRC32C it echoed = ours): no HEAD
 * follows, so a HEAD's later word does not count (/s3/checksum-echo covers
 * a wrong echo). */
static void
test_checksum_aws_wrong (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 33);
  g_autoptr(GBytes) small = random_bytes (MiB, 34);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_AWS;
  peer->wrong_composite = TRUE;
  destination = peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "big.mov", data, &error);

    g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST);
    g_assert_nonnull (strstr (error->message, "has CRC32C"));
    g_assert_nonnull (strstr (error->message, "-3"));
    assert_not_server_verified (file);
    g_clear_error (&error);
  }
  {
    guint n_head = peer->n_head;
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "small.mov", small, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_head, ==, n_head);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }
  ingest_test_peer_free (peer);
}

/* A store that refuses x-amz-checksum-algorithm at CreateMultipartUpload:
 * one refusal, the upload is created again without it, no part carries a
 * checksum (none is refused), and the rest of the job does the same. */
static void
test_checksum_refused_at_create (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 35);
  g_autoptr(GBytes) small = random_bytes (MiB, 36);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_REFUSE;
  peer->refuse_create = TRUE;
  destination = peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "big.mov", data, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_refused, ==, 1);
    g_assert_cmpuint (peer->n_crc_sent, ==, 0);
    g_assert_cmpuint (peer->n_data, ==, 3);
    g_assert_cmpuint (peer->object_size, ==, g_bytes_get_size (data));
    g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "relying on Content-MD5"));
  }
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "small.mov", small, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_refused, ==, 1);
    g_assert_cmpuint (peer->n_crc_sent, ==, 0);
    g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "relying on Content-MD5"));
  }
  ingest_test_peer_free (peer);
}

/* The checksum algorithm the journal's one upload row records. */
static void
assert_journal_algorithm (IngestCatalog *catalog,
                          const char    *want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ingest_upload_journal_list (catalog, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((IngestUploadRecord *) g_ptr_array_index (rows, 0))->checksum_algorithm, ==, want);
}

/* The first @parts_before parts of @data sent as "clip.mov" through a
 * destination journaling in @catalog, then the job interrupted. */
static void
send_interrupted (IngestTestPeer  *peer,
                  IngestCatalog *catalog,
                  GBytes        *data,
                  guint          parts_before)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestS3Destination) first = peer_destination_with_catalog (peer, catalog);
  g_autoptr(IngestDestinationFile) file = send_prefix (first, "clip.mov", data, parts_before * 5 * MiB, &error);

  g_assert_no_error (error);
  g_assert_true (peer->live);
  g_assert_true (peer->declared);
  g_assert_cmpuint (peer->n_data, ==, parts_before);
}

/*
 * Resume on the AWS-like peer, as a new process would (a new destination
 * on the same catalog): the upload keeps the CRC32C mode it was created
 * with, parts the server holds are not sent again, and a part whose
 * listed CRC32C is not the journaled one is.
 */
static void
aws_resume (guint     parts_before,
            gboolean  damage_part_1,
            gboolean  hide_algorithm,
            guint     expect_sent)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 37);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = ingest_test_make_tmpdir ("test-s3-resume");
  g_autofree char *path = g_build_filename (tmpdir, "catalog.db", NULL);
  g_autoptr(IngestCatalog) catalog = ingest_catalog_open (path, &error);
  IngestTestPeer *peer = ingest_test_peer_start ();
  guint n_data;

  g_assert_no_error (error);
  peer->mode = INGEST_TEST_PEER_AWS;
  peer->hide_algorithm = hide_algorithm;
  send_interrupted (peer, catalog, data, parts_before);
  assert_journal_algorithm (catalog, "crc32c");
  if (damage_part_1)
    g_array_index (peer->part_crcs, guint32, 0) ^= 1;
  n_data = peer->n_data;

  {
    g_autoptr(IngestS3Destination) second = peer_destination_with_catalog (peer, catalog);
    g_autoptr(IngestDestinationFile) file = send_bytes (second, "clip.mov", data, &error);
    const char *note;

    g_assert_no_error (error);
    note = ingest_destination_file_get_note (file);
    g_assert_cmpuint (peer->n_list_parts, ==, 1);
    g_assert_cmpuint (peer->n_mismatch, ==, 0);
    g_assert_cmpuint (peer->n_data - n_data, ==, expect_sent);
    g_assert_cmpuint (peer->n_crc_sent, ==, n_data + expect_sent);
    g_assert_cmpuint (peer->object_size, ==, g_bytes_get_size (data));
    g_assert_nonnull (strstr (note, "server-verified crc32c"));
    if (damage_part_1)
      g_assert_nonnull (strstr (note, "part 1: the server lists CRC32C"));
    g_assert_cmpuint (ingest_destination_file_get_bytes_resumed (file), ==,
                      (parts_before - (damage_part_1 ? 1 : 0)) * 5 * MiB);
  }
  ingest_test_peer_free (peer);
  ingest_test_rm_rf (tmpdir);
}

static void
test_aws_resume (void)
{
  aws_resume (2, FALSE, FALSE, 1);
}

/* Interrupted before any part: the journal and the server (ListParts'
 * <ChecksumAlgorithm>) both say the upload was created with CRC32C. */
static void
test_aws_resume_no_parts (void)
{
  aws_resume (0, FALSE, FALSE, 3);
}

static void
test_aws_resume_listed_crc (void)
{
  aws_resume (2, TRUE, FALSE, 2);
}

/* Interrupted before any part, and ListParts says nothing of the algorithm
 * (an S3 that omits <ChecksumAlgorithm>): only the journal's record of the
 * CreateMultipartUpload knows the parts must carry CRC32C. */
static void
test_aws_resume_journal_algorithm (void)
{
  aws_resume (0, FALSE, TRUE, 3);
}

static gboolean
forget_algorithm_cb (sqlite3   *db,
                     gpointer   data,
                     GError   **error)
{
  return _ingest_sqlite_exec (db, "UPDATE uploads SET checksum_algorithm = NULL", error);
}

/* The same interruption journaled by a build before schema 6 (the column
 * NULL): the resume infers, the inference cannot know, the parts go without
 * CRC32C and the strict server refuses the complete. The file fails; it is
 * never verified. This is what the journal's column is for. */
static void
test_aws_resume_unknown_algorithm (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 38);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = ingest_test_make_tmpdir ("test-s3-resume");
  g_autofree char *path = g_build_filename (tmpdir, "catalog.db", NULL);
  g_autoptr(IngestCatalog) catalog = ingest_catalog_open (path, &error);
  IngestTestPeer *peer = ingest_test_peer_start ();

  g_assert_no_error (error);
  peer->mode = INGEST_TEST_PEER_AWS;
  peer->hide_algorithm = TRUE;
  send_interrupted (peer, catalog, data, 0);
  g_assert_true (ingest_catalog_write_sync (catalog, forget_algorithm_cb, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_journal_algorithm (catalog, NULL);
  {
    g_autoptr(IngestS3Destination) second = peer_destination_with_catalog (peer, catalog);
    g_autoptr(IngestDestinationFile) file = send_bytes (second, "clip.mov", data, &error);

    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "created using a crc32c checksum"));
    g_assert_cmpuint (peer->n_crc_sent, ==, 0);
    assert_not_server_verified (file);
  }
  ingest_test_peer_free (peer);
  ingest_test_rm_rf (tmpdir);
}

/* A HEAD whose connection ends in the middle of the headers is a transient
 * network error, never an object without metadata; the destination asks
 * again and the file is verified. */
static void
test_head_cut (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 38);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  guint n_head;

  peer->mode = INGEST_TEST_PEER_AWS;
  destination = peer_destination (peer);
  peer->cut_head = 2;
  {
    g_autoptr(IngestDestinationFile) file = send_bytes (destination, "big.mov", data, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->cut_head, ==, 0);
    /* The look before completing (nothing there), then three for the check. */
    g_assert_cmpuint (peer->n_head, ==, 1 + 3);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }

  peer->cut_head = 1;
  n_head = peer->n_head;
  info = ingest_s3_client_head_object (ingest_s3_destination_get_client (destination), "bucket", "big.mov",
                                       NULL, &error);
  /* libcurl itself ends such a HEAD with CURLE_OK: the client's own check. */
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "headers were cut short"));
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (info);
  g_assert_cmpuint (peer->n_head, ==, n_head + 1);
  g_clear_error (&error);

  info = ingest_s3_client_head_object (ingest_s3_destination_get_client (destination), "bucket", "big.mov",
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->size, ==, g_bytes_get_size (data));
  g_assert_cmpstr (g_hash_table_lookup (info->metadata, "xxh64"), ==, "0123456789abcdef");
  ingest_test_peer_free (peer);
}

/* Body bytes per 0.5 s window from the first one; the last (partial)
 * window is dropped. Returns the overall rate in bytes per second. */
static double
arrival_windows (GArray  *arrivals,
                 GArray  *windows,
                 guint64 *total)
{
  gint64 first = G_MAXINT64;
  gint64 last = 0;

  *total = 0;
  for (guint i = 0; i < arrivals->len; i++)
    {
      first = MIN (first, g_array_index (arrivals, IngestFakeS3Arrival, i).time);
      last = MAX (last, g_array_index (arrivals, IngestFakeS3Arrival, i).time);
    }
  for (guint i = 0; i < arrivals->len; i++)
    {
      const IngestFakeS3Arrival *arrival = &g_array_index (arrivals, IngestFakeS3Arrival, i);
      guint index = (arrival->time - first) / (G_USEC_PER_SEC / 2);

      if (windows->len <= index)
        g_array_set_size (windows, index + 1);
      g_array_index (windows, guint64, index) += arrival->bytes;
      *total += arrival->bytes;
    }
  g_array_set_size (windows, MAX (windows->len, 1) - 1);
  return *total / ((last - first) / 1e6);
}

/* The body bytes in @arrivals are all of @size and came at @cap (bytes per
 * second) ±15 % overall, and ±30 % in every 0.5 s window: room for a busy
 * machine, where charging a whole part at once gives 0 % or 200 %. */
static void
assert_at_cap (GArray     *arrivals,
               gsize       size,
               guint64     cap,
               const char *what)
{
  g_autoptr(GArray) windows = g_array_new (FALSE, TRUE, sizeof (guint64));
  guint64 total;
  double rate = arrival_windows (arrivals, windows, &total);

  g_assert_cmpuint (total, ==, size);
  g_test_message ("%s: overall %.2f MiB/s for a cap of %.2f MiB/s", what, rate / MiB, (double) cap / MiB);
  g_assert_cmpfloat (rate, >, 0.85 * cap);
  g_assert_cmpfloat (rate, <, 1.15 * cap);
  g_assert_cmpuint (windows->len, >=, 5);
  for (guint i = 0; i < windows->len; i++)
    {
      guint64 bytes = g_array_index (windows, guint64, i);

      g_test_message ("window %u: %.2f MiB", i, (double) bytes / MiB);
      g_assert_cmpfloat (bytes, >, 0.70 * cap / 2);
      g_assert_cmpfloat (bytes, <, 1.30 * cap / 2);
    }
}

typedef struct
{
  IngestS3Client    *client;
  IngestTokenBucket *limit;
  const guint8      *bytes;
  gsize              part_size;
  guint              n_parts;
  guint              next;       /* atomic */
} CappedParts;

static gpointer
capped_parts_worker (gpointer data)
{
  CappedParts *up = data;
  guint index;

  while ((index = (guint) g_atomic_int_add ((gint *) &up->next, 1)) < up->n_parts)
    {
      IngestS3PutOptions options = { .limit = up->limit, .payload_sha256 = INGEST_SIGV4_UNSIGNED_PAYLOAD };
      g_autoptr(GError) error = NULL;
      g_autofree char *etag = NULL;

      etag = ingest_s3_client_upload_part (up->client, "bucket", "capped.mov", "up-1", index + 1,
                                           up->bytes + index * up->part_size, up->part_size,
                                           &options, NULL, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

/* Three parts on the wire at once share one cap: together they stay at the
 * cap, window by window (the fake reads every connection as it comes,
 * a thread each, and answers 200 with the body's MD5). */
static void
test_bandwidth_cap_parallel (void)
{
  const guint64 cap = 4 * MiB;
  g_autoptr(IngestTokenBucket) limit = ingest_token_bucket_new (cap, cap / 10);
  g_autoptr(GBytes) data = random_bytes (12 * MiB, 41);
  g_autoptr(IngestFakeS3) sink = ingest_fake_s3_new ();
  g_autoptr(IngestS3Client) client = loopback_client (ingest_fake_s3_get_port (sink));
  g_autoptr(GArray) arrivals = NULL;
  CappedParts up = { .limit = limit, .part_size = 2 * MiB, .n_parts = 6 };
  GThread *threads[3];

  ingest_fake_s3_record_arrivals (sink, TRUE);
  up.client = client;
  up.bytes = g_bytes_get_data (data, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("capped-part", capped_parts_worker, &up);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  arrivals = ingest_fake_s3_dup_arrivals (sink);
  assert_at_cap (arrivals, g_bytes_get_size (data), cap, "3 in flight");
}

/*
 * The bandwidth cap is smooth within a part: measured on the peer's side
 * of the loopback, every 0.5 s window gets about cap / 2 bytes (charging a
 * whole 5 MiB part at once sent it in a few milliseconds, then nothing),
 * and the whole file goes at the cap ±15 %.
 */
static void
test_bandwidth_cap (void)
{
  const guint64 cap = 4 * MiB;
  g_autoptr(GBytes) data = random_bytes (12 * MiB, 39);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();

  peer->mode = INGEST_TEST_PEER_AWS;
  ingest_fake_s3_record_arrivals (peer->fake, TRUE);
  destination = peer_destination (peer);
  /* One part on the wire at a time: the cap of one sender. */
  ingest_s3_destination_set_parts_in_flight (destination, 1);
  ingest_s3_destination_set_bandwidth_limit (destination, cap);
  file = send_bytes (destination, "capped.mov", data, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GArray) arrivals = ingest_fake_s3_dup_arrivals (peer->fake);

    assert_at_cap (arrivals, g_bytes_get_size (data), cap, "1 in flight");
  }
  ingest_test_peer_free (peer);
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
  g_autoptr(GBytes) data = random_bytes (total, 10);
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

/* What goes on the wire: path-style, the key encoded once, the query
 * sorted and sent exactly as signed, and every header we rely on. */
static void
test_request_shape (void)
{
  g_autoptr(IngestS3Credentials) credentials = ingest_s3_credentials_new ("AK", "SK", "TOKEN", NULL);
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *host = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "hello", 5);
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;
  const char *authorization;

  endpoint = g_strdup_printf ("http://127.0.0.1:%u", ingest_fake_s3_get_port (fake));
  host = g_strdup_printf ("127.0.0.1:%u", ingest_fake_s3_get_port (fake));
  client = ingest_s3_client_new (endpoint, credentials, &error);
  g_assert_no_error (error);
  etag = ingest_s3_client_upload_part (client, "bucket", "a b/ü+.mov", "x/y=", 12, (const guint8 *) "hello", 5,
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  request = ingest_fake_s3_dup_request (fake, -1);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);

  g_assert_cmpstr (request->request_line, ==,
                   "PUT /bucket/a%20b/%C3%BC%2B.mov?partNumber=12&uploadId=x%2Fy%3D HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "host"), ==, host);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-length"), ==, "5");
  /* md5 ("hello") = 5d41402abc4b2a76b9719d911017c592, in base64 */
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-md5"), ==, "XUFAKrxLKna5cZ2REBfFkg==");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "x-amz-content-sha256"), ==, sha);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "x-amz-security-token"), ==, "TOKEN");
  g_assert_nonnull (g_hash_table_lookup (request->headers, "x-amz-date"));
  g_assert_null (g_hash_table_lookup (request->headers, "content-type"));
  authorization = g_hash_table_lookup (request->headers, "authorization");
  g_assert_true (g_str_has_prefix (authorization, "AWS4-HMAC-SHA256 Credential=AK/"));
  g_assert_nonnull (strstr (authorization, "/us-east-1/s3/aws4_request, SignedHeaders="
                            "content-md5;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="));
}

/* CompleteMultipartUpload lists the parts sorted by number whatever order
 * they come in (RGW 16 would accept any order; AWS answers InvalidPartOrder),
 * and a 200 answer holding an <Error> is an error. */
static void
test_complete_sorts_parts (void)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_part_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;
  g_autoptr(IngestS3Client) client = loopback_client (ingest_fake_s3_get_port (fake));
  const char *sent;

  ingest_fake_s3_push (fake, ingest_fake_s3_reply_new (200, NULL, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                                   "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
                                                   "<ETag>&quot;abc-3&quot;</ETag></CompleteMultipartUploadResult>"));
  /* ... then a 200 holding an error */
  ingest_fake_s3_push (fake, ingest_fake_s3_reply_new (200, NULL, "<Error><Code>InternalError</Code>"
                                                   "<Message>try again</Message></Error>"));
  g_ptr_array_add (parts, ingest_s3_part_new (10, "e10", 0));
  g_ptr_array_add (parts, ingest_s3_part_new (2, "e2", 0));
  g_ptr_array_add (parts, ingest_s3_part_new (1, "e1", 0));
  etag = ingest_s3_client_complete_multipart_upload (client, "b", "k", "id", parts, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (etag, ==, "abc-3");

  request = ingest_fake_s3_dup_request (fake, -1);
  sent = g_bytes_get_data (request->body, NULL);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-type"), ==, "application/xml");
  g_assert_nonnull (strstr (sent, "<Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag></Part>"
                                  "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag></Part>"
                                  "<Part><PartNumber>10</PartNumber><ETag>\"e10\"</ETag></Part>"));
  /* The caller's array is left as it was. */
  g_assert_cmpuint (((IngestS3Part *) g_ptr_array_index (parts, 0))->part_number, ==, 10);

  g_clear_pointer (&etag, g_free);
  etag = ingest_s3_client_complete_multipart_upload (client, "b", "k", "id", parts, FALSE, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_SERVER);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (etag);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 2);
}

/* Virtual-hosted style: the bucket moves into the host name. */
static void
test_virtual_hosted (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *host = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;

  /* libcurl resolves every *.localhost name to the loopback address. */
  endpoint = g_strdup_printf ("http://localhost:%u", ingest_fake_s3_get_port (fake));
  host = g_strdup_printf ("my-bucket.localhost:%u", ingest_fake_s3_get_port (fake));
  client = ingest_test_s3_client (endpoint, "AK", "SK");
  ingest_s3_client_set_path_style (client, FALSE);
  etag = ingest_s3_client_put_object (client, "my-bucket", "dir/key.mov", (const guint8 *) "x", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  request = ingest_fake_s3_dup_request (fake, -1);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);

  g_assert_cmpstr (request->request_line, ==, "PUT /dir/key.mov HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "host"), ==, host);
}

/* An IP address endpoint stays path-style even when asked otherwise: a
 * bucket sub-domain of an address would be a DNS query for a name that
 * cannot exist (and leaves the machine). */
static void
test_ip_endpoint_path_style (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(IngestFakeS3Request) request = NULL;
  g_autoptr(IngestS3Client) client = loopback_client (ingest_fake_s3_get_port (fake));
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", ingest_fake_s3_get_port (fake));

  ingest_s3_client_set_path_style (client, FALSE);
  g_assert_true (ingest_s3_client_get_path_style (client));
  etag = ingest_s3_client_put_object (client, "my-bucket", "dir/key.mov", (const guint8 *) "x", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  request = ingest_fake_s3_dup_request (fake, -1);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);

  g_assert_cmpstr (request->request_line, ==, "PUT /my-bucket/dir/key.mov HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "host"), ==, host);
}

/* Cancels once the fake has seen @n_requests requests, or (@n_requests 0)
 * once PUT body bytes came: the request is then surely under way. */
typedef struct
{
  IngestFakeS3 *fake;
  guint         n_requests;
  GCancellable *cancellable;
} CancelWhen;

static gpointer
cancel_when_thread (gpointer data)
{
  CancelWhen *when = data;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GArray) arrivals = ingest_fake_s3_dup_arrivals (when->fake);

      if (when->n_requests > 0 ? ingest_fake_s3_get_n_requests (when->fake) >= when->n_requests
                               : arrivals->len > 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_TIME_SPAN_MILLISECOND);   /* a poll of the condition */
    }
  g_cancellable_cancel (when->cancellable);
  return NULL;
}

/* A server that takes the request and then never answers: the request
 * fails with a transient timeout instead of hanging, and a cancellation
 * from another thread ends it at once. */
static void
test_stalled_server (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GBytes) got = NULL;
  CancelWhen when = { fake, 2, cancellable };
  GThread *thread;

  for (guint i = 0; i < 2; i++)
    {
      IngestFakeS3Reply *hang = ingest_fake_s3_reply_new (0, NULL, NULL);

      hang->hang = TRUE;
      ingest_fake_s3_push (fake, hang);
    }
  client = loopback_client (ingest_fake_s3_get_port (fake));
  ingest_s3_client_set_low_speed_time (client, 1);

  got = ingest_s3_client_get_object (client, "bucket", "key", NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_TIMEOUT);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (got);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10.0);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 1);
  g_clear_error (&error);

  ingest_s3_client_set_low_speed_time (client, 60);
  g_timer_start (timer);
  thread = g_thread_new ("cancel", cancel_when_thread, &when);
  got = ingest_s3_client_get_object (client, "bucket", "key", cancellable, &error);
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  g_clear_error (&error);

  /* Already cancelled: no request at all. */
  got = ingest_s3_client_get_object (client, "bucket", "key", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ingest_s3_client_get_n_requests (client), ==, 2);
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 2);
}

/* Under a low cap a request body takes long; cancelling ends it at once
 * (the wait for tokens watches the cancellable) with a cancelled error. */
static void
test_bandwidth_cap_cancel (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestTokenBucket) limit = ingest_token_bucket_new (64 * 1024, 16 * 1024);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) data = random_bytes (MiB, 40);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(IngestFakeS3) fake = ingest_fake_s3_new ();
  CancelWhen when = { fake, 0, cancellable };
  IngestS3PutOptions options = { .limit = limit };
  GThread *thread;

  ingest_fake_s3_record_arrivals (fake, TRUE);
  client = loopback_client (ingest_fake_s3_get_port (fake));

  thread = g_thread_new ("cancel", cancel_when_thread, &when);
  etag = ingest_s3_client_put_object (client, "bucket", "slow.mov", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), &options, cancellable, &error);
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (etag);
  /* 1 MiB at 64 KiB/s would take 16 s. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.0);
  /* the body never came whole */
  g_assert_cmpuint (ingest_fake_s3_get_n_requests (fake), ==, 0);
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

  g_test_add_func ("/s3/checksum-headers", test_checksum_headers);
  g_test_add_func ("/s3/checksum-refused", test_checksum_refused);
  g_test_add_func ("/s3/checksum-echo", test_checksum_echo);
  g_test_add_func ("/s3/checksum-ignored", test_checksum_ignored);
  g_test_add_func ("/s3/checksum-aws", test_checksum_aws);
  g_test_add_func ("/s3/checksum-aws-wrong", test_checksum_aws_wrong);
  g_test_add_func ("/s3/checksum-refused-at-create", test_checksum_refused_at_create);
  g_test_add_func ("/s3/aws-resume", test_aws_resume);
  g_test_add_func ("/s3/aws-resume-no-parts", test_aws_resume_no_parts);
  g_test_add_func ("/s3/aws-resume-listed-crc", test_aws_resume_listed_crc);
  g_test_add_func ("/s3/aws-resume-journal-algorithm", test_aws_resume_journal_algorithm);
  g_test_add_func ("/s3/aws-resume-unknown-algorithm", test_aws_resume_unknown_algorithm);
  g_test_add_func ("/s3/head-cut", test_head_cut);
  g_test_add_func ("/s3/bandwidth-cap", test_bandwidth_cap);
  g_test_add_func ("/s3/bandwidth-cap-parallel", test_bandwidth_cap_parallel);
  g_test_add_func ("/s3/bandwidth-cap-cancel", test_bandwidth_cap_cancel);
  g_test_add_func ("/s3/request-shape", test_request_shape);
  g_test_add_func ("/s3/complete-sorts-parts", test_complete_sorts_parts);
  g_test_add_func ("/s3/virtual-hosted", test_virtual_hosted);
  g_test_add_func ("/s3/ip-endpoint-path-style", test_ip_endpoint_path_style);
  g_test_add_func ("/s3/stalled-server", test_stalled_server);
  g_test_add_func ("/s3/connection-refused", test_connection_refused);
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
