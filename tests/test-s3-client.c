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
#include "ingest-rgw-harness.h"
#include "ingest-sqlite-private.h"
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

/* The multipart ETag helper against a value computed independently. */
static void
test_multipart_etag (void)
{
  guint8 md5s[32];
  g_autofree char *etag = NULL;

  md5_raw ((const guint8 *) "a", 1, md5s);
  md5_raw ((const guint8 *) "b", 1, md5s + 16);
  etag = ingest_s3_multipart_etag (md5s, 2);
  /* printf 0cc175b9c0f1b6a831c399e26977266192eb5ffee6ae2fec3ad71c777531578f | xxd -r -p | md5sum
   * (the MD5s of "a" and "b", concatenated) */
  g_assert_cmpstr (etag, ==, "96e024ba2074fe77e8e965ba43a704be-2");
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

static void
test_bad_endpoint (void)
{
  g_autoptr(IngestS3Credentials) credentials = ingest_s3_credentials_new ("AK", "SK", NULL, "eu-west-3");
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestS3Client) aws = NULL;
  const char *bad[] = { "ftp://host", "http://host/base/path", "not a url", "http://user:pw@host" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (ingest_s3_client_new (bad[i], credentials, &error));
      g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
      g_clear_error (&error);
    }

  /* No endpoint: AWS's regional one, virtual-hosted. */
  aws = ingest_s3_client_new (NULL, credentials, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_s3_client_get_endpoint (aws), ==, "https://s3.eu-west-3.amazonaws.com");
  g_assert_false (ingest_s3_client_get_path_style (aws));
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

/* ---------------------------------------------------------------------- */
/* The checksum peer: RGW 16 ignores x-amz-checksum-*, so a loopback HTTP
 * server of our own receives the request and checks the CRC32C and SHA-256
 * headers against the body with an independent CRC32C (bit by bit, checked
 * against the published check values below). Its modes stand for the
 * servers the client meets: one that checks part checksums, one that
 * refuses the headers, one that ignores them (RGW 16), one that echoes its
 * own CRC32C, and an AWS-strict one (algorithm declared at create, part
 * checksums again at complete, composite checksum on HEAD). */

static guint32
reference_crc32c (const guint8 *data,
                  gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0x82f63b78 & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
test_reference_crc32c (void)
{
  guint8 buf[32];

  /* The CRC catalogue's check value and the iSCSI vectors of RFC 3720 B.4. */
  g_assert_cmphex (reference_crc32c ((const guint8 *) "123456789", 9), ==, 0xe3069283);
  memset (buf, 0, sizeof buf);
  g_assert_cmphex (reference_crc32c (buf, sizeof buf), ==, 0x8a9136aa);
  memset (buf, 0xff, sizeof buf);
  g_assert_cmphex (reference_crc32c (buf, sizeof buf), ==, 0x62a8ab43);
  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = i;
  g_assert_cmphex (reference_crc32c (buf, sizeof buf), ==, 0x46dd794e);
}

/* How the peer treats x-amz-checksum-* on a PUT. */
typedef enum
{
  PEER_VALIDATE,   /* checks them like AWS: BadDigest on a mismatch */
  PEER_REFUSE,     /* a store without flexible checksums refusing the header */
  PEER_IGNORE,     /* ignores them (Ceph RGW 16) */
  PEER_ECHO,       /* ignores them and answers with the CRC32C it computed itself */
  PEER_AWS,        /* AWS's flexible checksums, strictly: serve_aws() */
} PeerMode;

/* When a 0.5 s window of the peer's clock received how many body bytes. */
typedef struct
{
  gint64 time;
  gsize  bytes;
} Arrival;

typedef struct
{
  GSocket      *listener;
  guint16       port;
  GThread      *thread;
  guint         n_requests;   /* 0: until checksum_peer_free() */
  GCancellable *stop;
  PeerMode      mode;
  guint         echo_wrong;   /* PEER_ECHO: corrupt this many echoes first */
  /* a minimal S3 for an IngestS3Destination: the object the PUTs, or the
   * parts and CompleteMultipartUpload, made, and its x-amz-meta-* */
  GPtrArray    *part_md5s;    /* hex, by part number - 1 */
  guint64       parts_size;
  guint64       object_size;
  char         *object_etag;
  GPtrArray    *object_meta;  /* "x-amz-meta-name: value" lines */
  guint         n_data;       /* PUTs answered 2xx */
  guint         n_refused;    /* requests refused for their checksum header */
  guint         n_crc_sent;   /* PUTs carrying x-amz-checksum-crc32c */
  gboolean      refuse_create; /* PEER_REFUSE: CreateMultipartUpload's x-amz-checksum-algorithm too */
  /* PEER_AWS */
  gboolean      live;         /* an unfinished upload exists */
  gboolean      declared;     /* ... created with x-amz-checksum-algorithm CRC32C */
  GArray       *part_crcs;    /* guint32, by part number - 1 */
  GArray       *part_sizes;   /* guint64, by part number - 1 */
  char         *object_crc32c;   /* what HEAD with x-amz-checksum-mode returns */
  const char   *object_crc_type;
  gboolean      wrong_composite; /* HEAD returns a composite CRC32C that is not the object's */
  gboolean      hide_algorithm;  /* ListParts without <ChecksumAlgorithm> */
  guint         n_mismatch;   /* part checksums refused: upload created without the algorithm */
  guint         n_list_parts;
  guint         n_list_objects;
  guint         n_head;
  guint         cut_head;     /* cut this many HEAD answers in the middle of the headers */
  GArray       *arrivals;     /* Arrival: body bytes as they came (NULL: not recorded) */
  /* what the last request carried, and the peer's verdict */
  char       *request_line;
  GHashTable *headers;
  GBytes     *body;
  gboolean    crc32c_ok;
  gboolean    sha256_ok;
  const char *reply;        /* body of a 200 answer (NULL: empty) */
} ChecksumPeer;

static gboolean
read_exactly (GSocket *socket,
              guint8  *buf,
              gsize    len)
{
  while (len > 0)
    {
      gssize n = g_socket_receive (socket, (char *) buf, len, NULL, NULL);

      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
    }
  return TRUE;
}

/* A request's head, through its blank line; NULL if the connection ends first. */
static char *
read_head (GSocket *socket)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char c;

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (!read_exactly (socket, (guint8 *) &c, 1))
        return NULL;
      g_string_append_c (head, c);
    }
  return g_string_free (g_steal_pointer (&head), FALSE);
}

static void
send_text (GSocket    *socket,
           const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      gssize n = g_socket_send (socket, text, len, NULL, NULL);

      if (n <= 0)
        return;
      text += n;
      len -= n;
    }
}

/* Like read_exactly(), noting when the bytes of object data came when
 * asked to. */
static gboolean
read_body (ChecksumPeer *peer,
           GSocket      *socket,
           guint8       *buf,
           gsize         len,
           gboolean      object_data)
{
  while (len > 0)
    {
      gssize n = g_socket_receive (socket, (char *) buf, MIN (len, 64 * 1024), NULL, NULL);

      if (n <= 0)
        return FALSE;
      if (peer->arrivals != NULL && object_data)
        {
          Arrival arrival = { g_get_monotonic_time (), n };

          g_array_append_val (peer->arrivals, arrival);
        }
      buf += n;
      len -= n;
    }
  return TRUE;
}

static void
send_answer (GSocket    *conn,
             const char *status,
             const char *headers,
             const char *body)
{
  g_autofree char *answer = g_strdup_printf ("HTTP/1.1 %s\r\n%sContent-Length: %zu\r\n"
                                             "Connection: close\r\n\r\n%s",
                                             status, headers, strlen (body), body);

  send_text (conn, answer);
}

static void
keep_meta (ChecksumPeer *peer)
{
  GHashTableIter iter;
  gpointer name, value;

  g_ptr_array_set_size (peer->object_meta, 0);
  g_hash_table_iter_init (&iter, peer->headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (g_str_has_prefix (name, "x-amz-meta-"))
      g_ptr_array_add (peer->object_meta, g_strdup_printf ("%s: %s\r\n", (char *) name, (char *) value));
}

static char *
crc_to_base64 (guint32 crc)
{
  guint8 be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };

  return g_base64_encode (be, 4);
}

static void
send_error (GSocket    *conn,
            const char *status,
            const char *code,
            const char *message)
{
  g_autofree char *xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code>"
                                          "<Message>%s</Message></Error>", code, message);

  send_answer (conn, status, "Content-Type: application/xml\r\n", xml);
}

/* HEAD: Content-Length is the object's, no body follows. The stored
 * checksum only when asked for with x-amz-checksum-mode, as AWS does. */
static void
serve_head (ChecksumPeer *peer,
            GSocket      *conn)
{
  g_autoptr(GString) headers = g_string_new (NULL);

  peer->n_head++;
  if (peer->object_etag == NULL)
    {
      send_answer (conn, "404 Not Found", "", "");
      return;
    }
  g_string_append_printf (headers, "HTTP/1.1 200 OK\r\nETag: \"%s\"\r\nContent-Length: %" G_GUINT64_FORMAT "\r\n",
                          peer->object_etag, peer->object_size);
  if (peer->cut_head > 0)
    {
      /* The connection ends in the middle of the header block. */
      peer->cut_head--;
      send_text (conn, headers->str);
      return;
    }
  if (peer->object_crc32c != NULL &&
      g_strcmp0 (g_hash_table_lookup (peer->headers, "x-amz-checksum-mode"), "ENABLED") == 0)
    {
      g_autofree char *value = g_strdup (peer->object_crc32c);

      if (peer->wrong_composite)
        value[0] = value[0] == 'A' ? 'B' : 'A';
      g_string_append_printf (headers, "x-amz-checksum-crc32c: %s\r\nx-amz-checksum-type: %s\r\n",
                              value, peer->object_crc_type);
    }
  for (guint i = 0; i < peer->object_meta->len; i++)
    g_string_append (headers, g_ptr_array_index (peer->object_meta, i));
  g_string_append (headers, "Connection: close\r\n\r\n");
  send_text (conn, headers->str);
}

/* The text of the first <TAG> in [from, to), or NULL. */
static char *
tag_text (const char *from,
          const char *to,
          const char *tag)
{
  g_autofree char *open = g_strdup_printf ("<%s>", tag);
  g_autofree char *close = g_strdup_printf ("</%s>", tag);
  const char *start = g_strstr_len (from, to - from, open);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (open);
  end = g_strstr_len (start, to - start, close);
  return end ? g_strndup (start, end - start) : NULL;
}

static void
append_hex (GByteArray *bytes,
            const char *hex)
{
  for (guint b = 0; hex[2 * b] != '\0' && hex[2 * b + 1] != '\0'; b++)
    {
      guint8 byte = g_ascii_xdigit_value (hex[2 * b]) << 4 | g_ascii_xdigit_value (hex[2 * b + 1]);

      g_byte_array_append (bytes, &byte, 1);
    }
}

/* CompleteMultipartUpload as AWS checks it: ascending parts, known ETags,
 * and for an upload created with CRC32C each part's <ChecksumCRC32C>. */
static void
aws_complete (ChecksumPeer *peer,
              GSocket      *conn,
              const guint8 *body,
              gsize         length)
{
  g_autofree char *xml = g_strndup ((const char *) body, length);
  g_autoptr(GByteArray) md5s = g_byte_array_new ();
  g_autoptr(GByteArray) crcs = g_byte_array_new ();
  g_autofree char *md5_of_md5s = NULL;
  g_autofree char *answer = NULL;
  guint64 size = 0;
  guint n = 0;
  guint last = 0;

  if (!peer->live)
    {
      send_error (conn, "404 Not Found", "NoSuchUpload", "The specified upload does not exist.");
      return;
    }
  for (const char *p = strstr (xml, "<Part>"); p != NULL; p = strstr (p + 1, "<Part>"))
    {
      const char *end = strstr (p, "</Part>");
      g_autofree char *number_text = end ? tag_text (p, end, "PartNumber") : NULL;
      g_autofree char *etag = end ? tag_text (p, end, "ETag") : NULL;
      g_autofree char *crc = end ? tag_text (p, end, "ChecksumCRC32C") : NULL;
      g_autofree char *want_etag = NULL;
      g_autofree char *want_crc = NULL;
      guint number = number_text ? g_ascii_strtoull (number_text, NULL, 10) : 0;
      guint32 part_crc;
      guint8 be[4];

      if (number <= last)
        {
          send_error (conn, "400 Bad Request", "InvalidPartOrder", "The list of parts was not in ascending order.");
          return;
        }
      last = number;
      if (number > peer->part_md5s->len || g_ptr_array_index (peer->part_md5s, number - 1) == NULL)
        {
          send_error (conn, "400 Bad Request", "InvalidPart", "One or more of the specified parts could not be found.");
          return;
        }
      want_etag = g_strdup_printf ("\"%s\"", (char *) g_ptr_array_index (peer->part_md5s, number - 1));
      if (g_strcmp0 (etag, want_etag) != 0)
        {
          send_error (conn, "400 Bad Request", "InvalidPart", "The specified entity tag may not match the part's entity tag.");
          return;
        }
      part_crc = g_array_index (peer->part_crcs, guint32, number - 1);
      want_crc = crc_to_base64 (part_crc);
      if (peer->declared && crc == NULL)
        {
          g_autofree char *message = g_strdup_printf ("The upload was created using a crc32c checksum. The complete "
                                                      "request must include the checksum for each part. It was "
                                                      "missing for part %u in the request.", number);

          send_error (conn, "400 Bad Request", "InvalidRequest", message);
          return;
        }
      if (crc != NULL && g_strcmp0 (crc, want_crc) != 0)
        {
          send_error (conn, "400 Bad Request", "InvalidPart", "The checksum of a part does not match.");
          return;
        }
      append_hex (md5s, g_ptr_array_index (peer->part_md5s, number - 1));
      be[0] = part_crc >> 24;
      be[1] = part_crc >> 16;
      be[2] = part_crc >> 8;
      be[3] = part_crc;
      g_byte_array_append (crcs, be, 4);
      size += g_array_index (peer->part_sizes, guint64, number - 1);
      n++;
    }

  md5_of_md5s = g_compute_checksum_for_data (G_CHECKSUM_MD5, md5s->data, md5s->len);
  g_free (peer->object_etag);
  peer->object_etag = g_strdup_printf ("%s-%u", md5_of_md5s, n);
  peer->object_size = size;
  g_clear_pointer (&peer->object_crc32c, g_free);
  if (peer->declared)
    {
      g_autofree char *b64 = crc_to_base64 (reference_crc32c (crcs->data, crcs->len));

      peer->object_crc32c = g_strdup_printf ("%s-%u", b64, n);
      peer->object_crc_type = "COMPOSITE";
    }
  peer->live = FALSE;
  answer = g_strdup_printf ("<CompleteMultipartUploadResult><ETag>&quot;%s&quot;</ETag>"
                            "</CompleteMultipartUploadResult>", peer->object_etag);
  send_answer (conn, "200 OK", "", answer);
}

static void
aws_list_parts (ChecksumPeer *peer,
                GSocket      *conn)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListPartsResult>");

  peer->n_list_parts++;
  if (!peer->live)
    {
      send_error (conn, "404 Not Found", "NoSuchUpload", "The specified upload does not exist.");
      return;
    }
  if (peer->declared && !peer->hide_algorithm)
    g_string_append (xml, "<ChecksumAlgorithm>CRC32C</ChecksumAlgorithm>");
  g_string_append (xml, "<IsTruncated>false</IsTruncated>");
  for (guint i = 0; i < peer->part_md5s->len; i++)
    {
      if (g_ptr_array_index (peer->part_md5s, i) == NULL)
        continue;
      g_string_append_printf (xml, "<Part><PartNumber>%u</PartNumber><ETag>&quot;%s&quot;</ETag>"
                              "<Size>%" G_GUINT64_FORMAT "</Size>", i + 1,
                              (char *) g_ptr_array_index (peer->part_md5s, i),
                              g_array_index (peer->part_sizes, guint64, i));
      if (peer->declared)
        {
          g_autofree char *crc = crc_to_base64 (g_array_index (peer->part_crcs, guint32, i));

          g_string_append_printf (xml, "<ChecksumCRC32C>%s</ChecksumCRC32C>", crc);
        }
      g_string_append (xml, "</Part>");
    }
  g_string_append (xml, "</ListPartsResult>");
  send_answer (conn, "200 OK", "", xml->str);
}

/*
 * AWS's flexible checksums as its documentation describes them: an upload
 * created with x-amz-checksum-algorithm CRC32C takes (and checks) each
 * part's x-amz-checksum-crc32c, wants every part's <ChecksumCRC32C> again in
 * CompleteMultipartUpload, lists them in ListParts, and its HEAD with
 * x-amz-checksum-mode ENABLED returns the composite "base64(CRC32C of the
 * part CRC32Cs)-N"; an upload created without it refuses a part checksum
 * (InvalidRequest, checksum type mismatch). A single PUT's CRC32C is
 * checked, kept and returned whole.
 */
static void
serve_aws (ChecksumPeer *peer,
           GSocket      *conn,
           const char   *request_line,
           const guint8 *body,
           gsize         length,
           guint32       crc)
{
  const char *algorithm = g_hash_table_lookup (peer->headers, "x-amz-checksum-algorithm");
  const char *sent_crc = g_hash_table_lookup (peer->headers, "x-amz-checksum-crc32c");
  const char *part = strstr (request_line, "partNumber=");
  g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, body, length);
  g_autofree char *want = crc_to_base64 (crc);
  g_autofree char *headers = NULL;

  if (g_str_has_prefix (request_line, "HEAD "))
    serve_head (peer, conn);
  else if (g_str_has_prefix (request_line, "POST ") && strstr (request_line, "?uploads") != NULL)
    {
      if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "CRC32C") != 0)
        {
          send_error (conn, "400 Bad Request", "InvalidRequest", "Unsupported checksum algorithm.");
          return;
        }
      keep_meta (peer);
      g_ptr_array_set_size (peer->part_md5s, 0);
      g_array_set_size (peer->part_crcs, 0);
      g_array_set_size (peer->part_sizes, 0);
      peer->live = TRUE;
      peer->declared = algorithm != NULL;
      send_answer (conn, "200 OK", peer->declared ? "x-amz-checksum-algorithm: CRC32C\r\n" : "",
                   "<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>");
    }
  else if (g_str_has_prefix (request_line, "POST "))
    aws_complete (peer, conn, body, length);
  else if (g_str_has_prefix (request_line, "GET ") && strstr (request_line, "uploadId=") != NULL)
    aws_list_parts (peer, conn);
  else if (g_str_has_prefix (request_line, "DELETE ") && strstr (request_line, "uploadId=") != NULL)
    {
      peer->live = FALSE;
      send_answer (conn, "204 No Content", "", "");
    }
  else if (!g_str_has_prefix (request_line, "PUT "))
    send_error (conn, "501 Not Implemented", "NotImplemented", "Not in this peer.");
  else if (part != NULL && !peer->live)
    send_error (conn, "404 Not Found", "NoSuchUpload", "The specified upload does not exist.");
  else if (part != NULL && sent_crc != NULL && !peer->declared)
    {
      peer->n_mismatch++;
      send_error (conn, "400 Bad Request", "InvalidRequest",
                  "Checksum Type mismatch occurred, expected checksum Type: null, actual checksum Type: crc32c");
    }
  else if (sent_crc != NULL && strcmp (sent_crc, want) != 0)
    send_error (conn, "400 Bad Request", "BadDigest",
                "The CRC32C you specified did not match the calculated checksum.");
  else
    {
      peer->n_crc_sent += sent_crc != NULL;
      peer->n_data++;
      if (part != NULL)
        {
          guint number = g_ascii_strtoull (part + strlen ("partNumber="), NULL, 10);

          if (peer->part_md5s->len < number)
            {
              g_ptr_array_set_size (peer->part_md5s, number);
              g_array_set_size (peer->part_crcs, number);
              g_array_set_size (peer->part_sizes, number);
            }
          g_free (g_ptr_array_index (peer->part_md5s, number - 1));
          g_ptr_array_index (peer->part_md5s, number - 1) = g_strdup (md5);
          g_array_index (peer->part_crcs, guint32, number - 1) = crc;
          g_array_index (peer->part_sizes, guint64, number - 1) = length;
        }
      else
        {
          keep_meta (peer);
          g_free (peer->object_etag);
          peer->object_etag = g_strdup (md5);
          peer->object_size = length;
          g_free (peer->object_crc32c);
          peer->object_crc32c = sent_crc ? g_strdup (want) : NULL;
          peer->object_crc_type = "FULL_OBJECT";
        }
      headers = g_strdup_printf ("ETag: \"%s\"\r\n%s%s%s", md5, sent_crc ? "x-amz-checksum-crc32c: " : "",
                                 sent_crc ? want : "", sent_crc ? "\r\n" : "");
      send_answer (conn, "200 OK", headers, "");
    }
}

/* The requests of an IngestS3Destination beyond the PUT checks: HEAD,
 * CreateMultipartUpload, CompleteMultipartUpload, and PUTs in the
 * non-validating modes. Returns FALSE for what serve_one() answers. */
static gboolean
serve_fake_s3 (ChecksumPeer *peer,
               GSocket      *conn,
               const char   *request_line,
               const guint8 *body,
               gsize         length,
               guint32       crc)
{
  g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, body, length);
  const char *part = strstr (request_line, "partNumber=");
  gboolean has_crc = g_hash_table_contains (peer->headers, "x-amz-checksum-crc32c");

  /* The destination's look before sending: nothing is there yet. */
  if (g_str_has_prefix (request_line, "GET ") && strstr (request_line, "list-type=2") != NULL)
    {
      peer->n_list_objects++;
      send_answer (conn, "200 OK", "Content-Type: application/xml\r\n",
                   "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>");
      return TRUE;
    }
  if (peer->mode == PEER_AWS)
    {
      serve_aws (peer, conn, request_line, body, length, crc);
      return TRUE;
    }
  if (g_str_has_prefix (request_line, "HEAD "))
    {
      serve_head (peer, conn);
      return TRUE;
    }
  if (g_str_has_prefix (request_line, "POST ") && strstr (request_line, "?uploads") != NULL)
    {
      if (peer->mode == PEER_REFUSE && peer->refuse_create &&
          g_hash_table_contains (peer->headers, "x-amz-checksum-algorithm"))
        {
          peer->n_refused++;
          send_answer (conn, "400 Bad Request", "Content-Type: application/xml\r\n",
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidArgument</Code>"
                       "<Message>Unsupported header</Message>"
                       "<ArgumentName>x-amz-checksum-algorithm</ArgumentName></Error>");
          return TRUE;
        }
      keep_meta (peer);
      g_ptr_array_set_size (peer->part_md5s, 0);
      peer->parts_size = 0;
      send_answer (conn, "200 OK", "", "<InitiateMultipartUploadResult><UploadId>up-1</UploadId>"
                                      "</InitiateMultipartUploadResult>");
      return TRUE;
    }
  if (g_str_has_prefix (request_line, "POST ") && peer->reply == NULL)
    {
      g_autoptr(GByteArray) md5s = g_byte_array_new ();
      g_autofree char *md5_of_md5s = NULL;
      g_autofree char *answer = NULL;

      for (guint i = 0; i < peer->part_md5s->len; i++)
        {
          const char *hex = g_ptr_array_index (peer->part_md5s, i);

          for (guint b = 0; hex != NULL && b < 16; b++)
            {
              guint8 byte = g_ascii_xdigit_value (hex[2 * b]) << 4 | g_ascii_xdigit_value (hex[2 * b + 1]);

              g_byte_array_append (md5s, &byte, 1);
            }
        }
      g_free (peer->object_etag);
      md5_of_md5s = g_compute_checksum_for_data (G_CHECKSUM_MD5, md5s->data, md5s->len);
      peer->object_etag = g_strdup_printf ("%s-%u", md5_of_md5s, peer->part_md5s->len);
      peer->object_size = peer->parts_size;
      answer = g_strdup_printf ("<CompleteMultipartUploadResult><ETag>&quot;%s&quot;</ETag>"
                                "</CompleteMultipartUploadResult>", peer->object_etag);
      send_answer (conn, "200 OK", "", answer);
      return TRUE;
    }
  if (!g_str_has_prefix (request_line, "PUT ") || peer->mode == PEER_VALIDATE)
    return FALSE;

  peer->n_crc_sent += has_crc;
  if (peer->mode == PEER_REFUSE && has_crc)
    {
      peer->n_refused++;
      send_answer (conn, "400 Bad Request", "Content-Type: application/xml\r\n",
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidArgument</Code>"
                   "<Message>Unsupported header</Message>"
                   "<ArgumentName>x-amz-checksum-crc32c</ArgumentName></Error>");
      return TRUE;
    }

  if (part != NULL)
    {
      guint number = g_ascii_strtoull (part + strlen ("partNumber="), NULL, 10);

      if (peer->part_md5s->len < number)
        g_ptr_array_set_size (peer->part_md5s, number);
      g_free (g_ptr_array_index (peer->part_md5s, number - 1));
      g_ptr_array_index (peer->part_md5s, number - 1) = g_strdup (md5);
      peer->parts_size += length;
    }
  else
    {
      keep_meta (peer);
      g_free (peer->object_etag);
      peer->object_etag = g_strdup (md5);
      peer->object_size = length;
    }
  peer->n_data++;

  {
    g_autofree char *headers = g_strdup_printf ("ETag: \"%s\"\r\n", md5);

    if (peer->mode == PEER_ECHO)
      {
        guint8 be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };
        g_autofree char *echo = NULL;

        if (peer->echo_wrong > 0)
          {
            peer->echo_wrong--;
            be[3] ^= 1;
          }
        echo = g_base64_encode (be, 4);
        g_free (headers);
        headers = g_strdup_printf ("ETag: \"%s\"\r\nx-amz-checksum-crc32c: %s\r\n", md5, echo);
      }
    send_answer (conn, "200 OK", headers, "");
  }
  return TRUE;
}

static void
serve_one (ChecksumPeer *peer,
           GSocket      *conn)
{
  g_autofree char *head = read_head (conn);
  g_auto(GStrv) lines = NULL;
  g_autofree guint8 *body = NULL;
  g_autofree char *want_sha = NULL;
  const char *length_text;
  const char *crc_header;
  const char *sha_header;
  gsize length;
  guint8 be[4];
  guint32 crc;

  if (head == NULL)
    return;
  lines = g_strsplit (head, "\r\n", -1);
  g_clear_pointer (&peer->request_line, g_free);
  g_clear_pointer (&peer->headers, g_hash_table_unref);
  peer->request_line = g_strdup (lines[0]);
  peer->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon != NULL)
        {
          *colon = '\0';
          g_hash_table_insert (peer->headers, g_ascii_strdown (lines[i], -1), g_strdup (g_strstrip (colon + 1)));
        }
    }

  if (g_strcmp0 (g_hash_table_lookup (peer->headers, "expect"), "100-continue") == 0)
    send_text (conn, "HTTP/1.1 100 Continue\r\n\r\n");
  length_text = g_hash_table_lookup (peer->headers, "content-length");
  length = length_text ? g_ascii_strtoull (length_text, NULL, 10) : 0;
  body = g_malloc (length + 1);
  if (!read_body (peer, conn, body, length, g_str_has_prefix (lines[0], "PUT ")))
    return;
  g_clear_pointer (&peer->body, g_bytes_unref);
  peer->body = g_bytes_new (body, length);

  crc = reference_crc32c (body, length);
  be[0] = crc >> 24;
  be[1] = crc >> 16;
  be[2] = crc >> 8;
  be[3] = crc;
  {
    g_autofree char *want_crc = g_base64_encode (be, 4);
    g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
    guint8 digest[32];
    gsize digest_len = sizeof digest;

    crc_header = g_hash_table_lookup (peer->headers, "x-amz-checksum-crc32c");
    peer->crc32c_ok = crc_header == NULL || g_strcmp0 (crc_header, want_crc) == 0;

    g_checksum_update (sha, body, length);
    g_checksum_get_digest (sha, digest, &digest_len);
    want_sha = g_base64_encode (digest, digest_len);
    sha_header = g_hash_table_lookup (peer->headers, "x-amz-checksum-sha256");
    peer->sha256_ok = sha_header == NULL || g_strcmp0 (sha_header, want_sha) == 0;
  }

  if (serve_fake_s3 (peer, conn, lines[0], body, length, crc))
    return;

  if (peer->crc32c_ok && peer->sha256_ok)
    {
      g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, body, length);
      const char *reply = peer->reply ? peer->reply : "";
      g_autofree char *answer = g_strdup_printf ("HTTP/1.1 200 OK\r\nETag: \"%s\"\r\nContent-Length: %zu\r\n"
                                                 "Connection: close\r\n\r\n%s", md5, strlen (reply), reply);
      send_text (conn, answer);
    }
  else
    {
      const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>BadDigest</Code>"
                        "<Message>The CRC32C you specified did not match the calculated checksum.</Message></Error>";
      g_autofree char *answer = g_strdup_printf ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\n"
                                                 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                                 strlen (xml), xml);
      send_text (conn, answer);
    }
}

static gpointer
peer_thread (gpointer data)
{
  ChecksumPeer *peer = data;

  for (guint i = 0; peer->n_requests == 0 || i < peer->n_requests; i++)
    {
      g_autoptr(GSocket) conn = g_socket_accept (peer->listener, peer->stop, NULL);

      if (conn == NULL)
        break;
      serve_one (peer, conn);
      g_socket_shutdown (conn, FALSE, TRUE, NULL);
    }
  return NULL;
}

static ChecksumPeer *
checksum_peer_start (guint n_requests)
{
  ChecksumPeer *peer = g_new0 (ChecksumPeer, 1);

  peer->listener = loopback_socket (TRUE, &peer->port);
  peer->n_requests = n_requests;
  peer->stop = g_cancellable_new ();
  peer->part_md5s = g_ptr_array_new_with_free_func (g_free);
  peer->object_meta = g_ptr_array_new_with_free_func (g_free);
  peer->part_crcs = g_array_new (FALSE, TRUE, sizeof (guint32));
  peer->part_sizes = g_array_new (FALSE, TRUE, sizeof (guint64));
  peer->thread = g_thread_new ("checksum-peer", peer_thread, peer);
  return peer;
}

static void
checksum_peer_free (ChecksumPeer *peer)
{
  if (peer->n_requests == 0)
    g_cancellable_cancel (peer->stop);
  if (peer->thread != NULL)
    g_thread_join (peer->thread);
  g_object_unref (peer->listener);
  g_object_unref (peer->stop);
  g_ptr_array_unref (peer->part_md5s);
  g_ptr_array_unref (peer->object_meta);
  g_array_unref (peer->part_crcs);
  g_array_unref (peer->part_sizes);
  g_clear_pointer (&peer->arrivals, g_array_unref);
  g_free (peer->object_crc32c);
  g_free (peer->object_etag);
  g_free (peer->request_line);
  g_clear_pointer (&peer->headers, g_hash_table_unref);
  g_clear_pointer (&peer->body, g_bytes_unref);
  g_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (2);
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

  checksum_peer_free (g_steal_pointer (&peer));
}

/* An IngestS3Destination on @peer: 5 MiB parts, three in flight. */
static IngestS3Destination *
peer_destination_with_catalog (ChecksumPeer  *peer,
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
peer_destination (ChecksumPeer *peer)
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
  ChecksumPeer *peer = checksum_peer_start (0);

  peer->mode = PEER_REFUSE;
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

  checksum_peer_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (0);
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = PEER_ECHO;
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

  checksum_peer_free (peer);
}

/* A server that ignores the header (like RGW 16): verified by Content-MD5
 * and the HEAD, and the file says the CRC32C was not confirmed. */
static void
test_checksum_ignored (void)
{
  g_autoptr(GBytes) data = random_bytes (12 * MiB + 3, 25);
  g_autoptr(GError) error = NULL;
  ChecksumPeer *peer = checksum_peer_start (0);
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;

  peer->mode = PEER_IGNORE;
  destination = peer_destination (peer);
  file = send_bytes (destination, "big.mov", data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peer->n_data, ==, 3);
  g_assert_cmpuint (peer->n_crc_sent, ==, 3);
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "crc32c not confirmed by the server"));
  assert_not_server_verified (file);

  checksum_peer_free (peer);
}

/* The composite CRC32C helper against the peer's bit-by-bit CRC32C. */
static void
test_composite_crc32c (void)
{
  const char *parts[] = { "123456789", "hello", "" };
  guint8 crcs[12];
  g_autofree char *composite = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *want = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      guint32 crc = reference_crc32c ((const guint8 *) parts[i], strlen (parts[i]));

      crcs[4 * i] = crc >> 24;
      crcs[4 * i + 1] = crc >> 16;
      crcs[4 * i + 2] = crc >> 8;
      crcs[4 * i + 3] = crc;
    }
  composite = ingest_s3_composite_crc32c (crcs, 3);
  b64 = crc_to_base64 (reference_crc32c (crcs, sizeof crcs));
  want = g_strdup_printf ("%s-3", b64);
  g_assert_cmpstr (composite, ==, want);
  /* CRC32C ("123456789") = e3069283, the first part checksum's bytes */
  g_assert_cmphex (crcs[0], ==, 0xe3);
  g_assert_cmphex (crcs[3], ==, 0x83);
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
  ChecksumPeer *peer = checksum_peer_start (0);
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = PEER_AWS;
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
    g_autofree char *want = crc_to_base64 (reference_crc32c (g_bytes_get_data (small, NULL), g_bytes_get_size (small)));

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_data, ==, 4);
    g_assert_cmpuint (peer->n_crc_sent, ==, 4);
    g_assert_cmpstr (peer->object_crc_type, ==, "FULL_OBJECT");
    g_assert_cmpstr (peer->object_crc32c, ==, want);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }
  checksum_peer_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (0);
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = PEER_AWS;
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
  checksum_peer_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (0);
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = PEER_REFUSE;
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
  checksum_peer_free (peer);
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
send_interrupted (ChecksumPeer  *peer,
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
  ChecksumPeer *peer = checksum_peer_start (0);
  guint n_data;

  g_assert_no_error (error);
  peer->mode = PEER_AWS;
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
  checksum_peer_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (0);

  g_assert_no_error (error);
  peer->mode = PEER_AWS;
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
  checksum_peer_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (0);
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  guint n_head;

  peer->mode = PEER_AWS;
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
  checksum_peer_free (peer);
}

/* A loopback sink that takes several requests at once (a thread per
 * connection) and notes when each body byte came: for the cap shared by
 * parts sent in parallel. Every request is answered 200 with the body's
 * MD5 as its ETag. */
typedef struct
{
  GSocket      *listener;
  guint16       port;
  GThread      *thread;
  GCancellable *stop;
  GMutex        lock;
  GArray       *arrivals;   /* Arrival */
  GPtrArray    *workers;    /* GThread */
} SinkPeer;

typedef struct
{
  SinkPeer *sink;
  GSocket  *conn;
} SinkConn;

static gpointer
sink_conn_thread (gpointer data)
{
  SinkConn *sc = data;
  g_autofree char *head = read_head (sc->conn);
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree char *answer = NULL;
  const char *length_text;
  guint64 length;
  char buf[64 * 1024];

  if (head == NULL)
    goto out;
  length_text = strstr (head, "Content-Length: ");
  length = length_text ? g_ascii_strtoull (length_text + strlen ("Content-Length: "), NULL, 10) : 0;
  if (strstr (head, "Expect: 100-continue") != NULL)
    send_text (sc->conn, "HTTP/1.1 100 Continue\r\n\r\n");
  while (length > 0)
    {
      gssize n = g_socket_receive (sc->conn, buf, MIN (length, sizeof buf), NULL, NULL);
      Arrival arrival = { g_get_monotonic_time (), n };

      if (n <= 0)
        goto out;
      g_mutex_lock (&sc->sink->lock);
      g_array_append_val (sc->sink->arrivals, arrival);
      g_mutex_unlock (&sc->sink->lock);
      g_checksum_update (md5, (const guchar *) buf, n);
      length -= n;
    }
  answer = g_strdup_printf ("HTTP/1.1 200 OK\r\nETag: \"%s\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                            g_checksum_get_string (md5));
  send_text (sc->conn, answer);
  g_socket_shutdown (sc->conn, FALSE, TRUE, NULL);
out:
  g_object_unref (sc->conn);
  g_free (sc);
  return NULL;
}

static gpointer
sink_accept_thread (gpointer data)
{
  SinkPeer *sink = data;
  GSocket *conn;

  while ((conn = g_socket_accept (sink->listener, sink->stop, NULL)) != NULL)
    {
      SinkConn *sc = g_new0 (SinkConn, 1);

      sc->sink = sink;
      sc->conn = conn;
      g_mutex_lock (&sink->lock);
      g_ptr_array_add (sink->workers, g_thread_new ("sink-conn", sink_conn_thread, sc));
      g_mutex_unlock (&sink->lock);
    }
  return NULL;
}

static SinkPeer *
sink_peer_start (void)
{
  SinkPeer *sink = g_new0 (SinkPeer, 1);

  sink->listener = loopback_socket (TRUE, &sink->port);
  sink->stop = g_cancellable_new ();
  g_mutex_init (&sink->lock);
  sink->arrivals = g_array_new (FALSE, FALSE, sizeof (Arrival));
  sink->workers = g_ptr_array_new ();
  sink->thread = g_thread_new ("sink", sink_accept_thread, sink);
  return sink;
}

static void
sink_peer_free (SinkPeer *sink)
{
  g_cancellable_cancel (sink->stop);
  g_thread_join (sink->thread);
  for (guint i = 0; i < sink->workers->len; i++)
    g_thread_join (g_ptr_array_index (sink->workers, i));
  g_ptr_array_unref (sink->workers);
  g_array_unref (sink->arrivals);
  g_mutex_clear (&sink->lock);
  g_object_unref (sink->listener);
  g_object_unref (sink->stop);
  g_free (sink);
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
      first = MIN (first, g_array_index (arrivals, Arrival, i).time);
      last = MAX (last, g_array_index (arrivals, Arrival, i).time);
    }
  for (guint i = 0; i < arrivals->len; i++)
    {
      const Arrival *arrival = &g_array_index (arrivals, Arrival, i);
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
 * cap, window by window (the sink reads every connection as it comes). */
static void
test_bandwidth_cap_parallel (void)
{
  const guint64 cap = 4 * MiB;
  g_autoptr(IngestTokenBucket) limit = ingest_token_bucket_new (cap, cap / 10);
  g_autoptr(GBytes) data = random_bytes (12 * MiB, 41);
  SinkPeer *sink = sink_peer_start ();
  g_autoptr(IngestS3Client) client = loopback_client (sink->port);
  CappedParts up = { .limit = limit, .part_size = 2 * MiB, .n_parts = 6 };
  GThread *threads[3];

  up.client = client;
  up.bytes = g_bytes_get_data (data, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("capped-part", capped_parts_worker, &up);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_mutex_lock (&sink->lock);
  assert_at_cap (sink->arrivals, g_bytes_get_size (data), cap, "3 in flight");
  g_mutex_unlock (&sink->lock);
  sink_peer_free (sink);
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
  ChecksumPeer *peer = checksum_peer_start (0);

  peer->mode = PEER_AWS;
  peer->arrivals = g_array_new (FALSE, FALSE, sizeof (Arrival));
  destination = peer_destination (peer);
  /* One part on the wire at a time: this peer reads one connection at once. */
  ingest_s3_destination_set_parts_in_flight (destination, 1);
  ingest_s3_destination_set_bandwidth_limit (destination, cap);
  file = send_bytes (destination, "capped.mov", data, &error);
  g_assert_no_error (error);

  assert_at_cap (peer->arrivals, g_bytes_get_size (data), cap, "1 in flight");
  checksum_peer_free (peer);
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
      g_autofree char *crc = crc_to_base64 (reference_crc32c (bytes + i * part_size, len));
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
  ChecksumPeer *peer = checksum_peer_start (1);
  const char *authorization;

  endpoint = g_strdup_printf ("http://127.0.0.1:%u", peer->port);
  host = g_strdup_printf ("127.0.0.1:%u", peer->port);
  client = ingest_s3_client_new (endpoint, credentials, &error);
  g_assert_no_error (error);
  etag = ingest_s3_client_upload_part (client, "bucket", "a b/ü+.mov", "x/y=", 12, (const guint8 *) "hello", 5,
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&peer->thread));

  g_assert_cmpstr (peer->request_line, ==,
                   "PUT /bucket/a%20b/%C3%BC%2B.mov?partNumber=12&uploadId=x%2Fy%3D HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "host"), ==, host);
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "content-length"), ==, "5");
  /* md5 ("hello") = 5d41402abc4b2a76b9719d911017c592, in base64 */
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "content-md5"), ==, "XUFAKrxLKna5cZ2REBfFkg==");
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "x-amz-content-sha256"), ==, sha);
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "x-amz-security-token"), ==, "TOKEN");
  g_assert_nonnull (g_hash_table_lookup (peer->headers, "x-amz-date"));
  g_assert_null (g_hash_table_lookup (peer->headers, "content-type"));
  authorization = g_hash_table_lookup (peer->headers, "authorization");
  g_assert_true (g_str_has_prefix (authorization, "AWS4-HMAC-SHA256 Credential=AK/"));
  g_assert_nonnull (strstr (authorization, "/us-east-1/s3/aws4_request, SignedHeaders="
                            "content-md5;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="));
  checksum_peer_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (2);
  g_autoptr(IngestS3Client) client = loopback_client (peer->port);
  const char *sent;

  peer->reply = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUploadResult>"
                "<Bucket>b</Bucket><Key>k</Key><ETag>&quot;abc-3&quot;</ETag></CompleteMultipartUploadResult>";
  g_ptr_array_add (parts, ingest_s3_part_new (10, "e10", 0));
  g_ptr_array_add (parts, ingest_s3_part_new (2, "e2", 0));
  g_ptr_array_add (parts, ingest_s3_part_new (1, "e1", 0));
  etag = ingest_s3_client_complete_multipart_upload (client, "b", "k", "id", parts, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (etag, ==, "abc-3");

  sent = g_bytes_get_data (peer->body, NULL);
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "content-type"), ==, "application/xml");
  g_assert_nonnull (strstr (sent, "<Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag></Part>"
                                  "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag></Part>"
                                  "<Part><PartNumber>10</PartNumber><ETag>\"e10\"</ETag></Part>"));
  /* The caller's array is left as it was. */
  g_assert_cmpuint (((IngestS3Part *) g_ptr_array_index (parts, 0))->part_number, ==, 10);

  peer->reply = "<Error><Code>InternalError</Code><Message>try again</Message></Error>";
  g_clear_pointer (&etag, g_free);
  etag = ingest_s3_client_complete_multipart_upload (client, "b", "k", "id", parts, FALSE, NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_SERVER);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (etag);

  checksum_peer_free (peer);
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
  ChecksumPeer *peer = checksum_peer_start (1);

  /* libcurl resolves every *.localhost name to the loopback address. */
  endpoint = g_strdup_printf ("http://localhost:%u", peer->port);
  host = g_strdup_printf ("my-bucket.localhost:%u", peer->port);
  client = ingest_test_s3_client (endpoint, "AK", "SK");
  ingest_s3_client_set_path_style (client, FALSE);
  etag = ingest_s3_client_put_object (client, "my-bucket", "dir/key.mov", (const guint8 *) "x", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&peer->thread));

  g_assert_cmpstr (peer->request_line, ==, "PUT /dir/key.mov HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "host"), ==, host);
  checksum_peer_free (peer);
}

/* An IP address endpoint stays path-style even when asked otherwise: a
 * bucket sub-domain of an address would be a DNS query for a name that
 * cannot exist (and leaves the machine). */
static void
test_ip_endpoint_path_style (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  ChecksumPeer *peer = checksum_peer_start (1);
  g_autoptr(IngestS3Client) client = loopback_client (peer->port);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", peer->port);

  ingest_s3_client_set_path_style (client, FALSE);
  g_assert_true (ingest_s3_client_get_path_style (client));
  etag = ingest_s3_client_put_object (client, "my-bucket", "dir/key.mov", (const guint8 *) "x", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&peer->thread));

  g_assert_cmpstr (peer->request_line, ==, "PUT /my-bucket/dir/key.mov HTTP/1.1");
  g_assert_cmpstr (g_hash_table_lookup (peer->headers, "host"), ==, host);
  checksum_peer_free (peer);
}

/* A server that takes the connection and then never answers: the request
 * fails with a transient timeout instead of hanging, and a cancellation
 * from another thread ends it at once. */
static gpointer
cancel_later_thread (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_stalled_server (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GBytes) got = NULL;
  guint16 port;
  GThread *thread;

  /* Listening but never accepting: the kernel completes the handshake and
   * takes the request, and nothing ever comes back. */
  listener = loopback_socket (TRUE, &port);
  client = loopback_client (port);
  ingest_s3_client_set_low_speed_time (client, 1);

  got = ingest_s3_client_get_object (client, "bucket", "key", NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_TIMEOUT);
  g_assert_true (ingest_upload_error_is_transient (error));
  g_assert_null (got);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10.0);
  g_clear_error (&error);

  ingest_s3_client_set_low_speed_time (client, 60);
  g_timer_start (timer);
  thread = g_thread_new ("cancel", cancel_later_thread, cancellable);
  got = ingest_s3_client_get_object (client, "bucket", "key", cancellable, &error);
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  g_clear_error (&error);

  /* Already cancelled: no request at all. */
  got = ingest_s3_client_get_object (client, "bucket", "key", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ingest_s3_client_get_n_requests (client), ==, 2);
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
  ChecksumPeer *peer = checksum_peer_start (0);
  IngestS3PutOptions options = { .limit = limit };
  GThread *thread;

  peer->mode = PEER_IGNORE;
  client = loopback_client (peer->port);

  thread = g_thread_new ("cancel", cancel_later_thread, cancellable);
  etag = ingest_s3_client_put_object (client, "bucket", "slow.mov", g_bytes_get_data (data, NULL),
                                      g_bytes_get_size (data), &options, cancellable, &error);
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (etag);
  /* 1 MiB at 64 KiB/s would take 16 s. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.0);
  checksum_peer_free (peer);
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

  g_test_add_func ("/s3/multipart-etag", test_multipart_etag);
  g_test_add_func ("/s3/reference-crc32c", test_reference_crc32c);
  g_test_add_func ("/s3/checksum-headers", test_checksum_headers);
  g_test_add_func ("/s3/checksum-refused", test_checksum_refused);
  g_test_add_func ("/s3/checksum-echo", test_checksum_echo);
  g_test_add_func ("/s3/checksum-ignored", test_checksum_ignored);
  g_test_add_func ("/s3/composite-crc32c", test_composite_crc32c);
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
  g_test_add_func ("/s3/bad-endpoint", test_bad_endpoint);
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
