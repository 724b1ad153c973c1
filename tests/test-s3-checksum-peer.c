/* test-s3-checksum-peer.c
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

/* Flexible checksums (x-amz-checksum-*) between the client, the S3
 * destination and the servers it meets, played by IngestTestPeer on a
 * loopback fake S3 (RGW 16 ignores the headers): checked, refused, ignored,
 * echoed, AWS-strict; resumes; a HEAD cut short. No Ceph. */

#define G_LOG_DOMAIN "test-s3-checksum-peer"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-rgw-harness.h"
#include "ingest-sqlite-private.h"
#include "ingest-test-s3-peer.h"
#include "ingest-test-util.h"

#define MiB (1024 * 1024)

static void
test_checksum_headers (void)
{
  g_autoptr(GBytes) data = ingest_test_random_bytes (3 * MiB + 5, 6);
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

  client = ingest_test_loopback_client (peer->port);

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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 21);
  g_autoptr(GBytes) small = ingest_test_random_bytes (MiB, 22);
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestDestinationFile) file2 = NULL;
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();

  peer->mode = INGEST_TEST_PEER_REFUSE;
  destination = ingest_test_peer_destination (peer);
  file = ingest_test_send_bytes (destination, "big.mov", data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peer->n_refused, ==, 1);
  g_assert_cmpuint (peer->n_crc_sent, ==, 1);
  g_assert_cmpuint (peer->n_data, ==, 3);
  g_assert_cmpuint (peer->object_size, ==, g_bytes_get_size (data));
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file),
                            "server does not support x-amz-checksum-crc32c; relying on Content-MD5"));
  assert_not_server_verified (file);

  /* Remembered for the rest of the job: no second refusal. */
  file2 = ingest_test_send_bytes (destination, "small.mov", small, &error);
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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 23);
  g_autoptr(GBytes) small = ingest_test_random_bytes (MiB + 7, 24);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_ECHO;
  destination = ingest_test_peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "big.mov", data, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_data, ==, 3);
    g_assert_cmpuint (peer->n_crc_sent, ==, 3);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }

  peer->echo_wrong = 1;
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "small.mov", small, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_data, ==, 5);
    g_assert_cmpuint (peer->echo_wrong, ==, 0);
    g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "server-verified crc32c");
  }

  peer->echo_wrong = 100;
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "doomed.mov", small, &error);

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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 25);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;

  peer->mode = INGEST_TEST_PEER_IGNORE;
  destination = ingest_test_peer_destination (peer);
  file = ingest_test_send_bytes (destination, "big.mov", data, &error);
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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 31);
  g_autoptr(GBytes) small = ingest_test_random_bytes (MiB + 11, 32);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_AWS;
  destination = ingest_test_peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "big.mov", data, &error);

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
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "small.mov", small, &error);
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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 33);
  g_autoptr(GBytes) small = ingest_test_random_bytes (MiB, 34);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_AWS;
  peer->wrong_composite = TRUE;
  destination = ingest_test_peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "big.mov", data, &error);

    g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_BAD_DIGEST);
    g_assert_nonnull (strstr (error->message, "has CRC32C"));
    g_assert_nonnull (strstr (error->message, "-3"));
    assert_not_server_verified (file);
    g_clear_error (&error);
  }
  {
    guint n_head = peer->n_head;
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "small.mov", small, &error);

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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 35);
  g_autoptr(GBytes) small = ingest_test_random_bytes (MiB, 36);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;

  peer->mode = INGEST_TEST_PEER_REFUSE;
  peer->refuse_create = TRUE;
  destination = ingest_test_peer_destination (peer);
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "big.mov", data, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (peer->n_refused, ==, 1);
    g_assert_cmpuint (peer->n_crc_sent, ==, 0);
    g_assert_cmpuint (peer->n_data, ==, 3);
    g_assert_cmpuint (peer->object_size, ==, g_bytes_get_size (data));
    g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "relying on Content-MD5"));
  }
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "small.mov", small, &error);

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
  g_autoptr(IngestS3Destination) first = ingest_test_peer_destination_with_catalog (peer, catalog);
  g_autoptr(IngestDestinationFile) file = ingest_test_send_prefix (first, "clip.mov", data, parts_before * 5 * MiB, &error);

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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 37);
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
    g_autoptr(IngestS3Destination) second = ingest_test_peer_destination_with_catalog (peer, catalog);
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (second, "clip.mov", data, &error);
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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 38);
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
    g_autoptr(IngestS3Destination) second = ingest_test_peer_destination_with_catalog (peer, catalog);
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (second, "clip.mov", data, &error);

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
  g_autoptr(GBytes) data = ingest_test_random_bytes (12 * MiB + 3, 38);
  g_autoptr(GError) error = NULL;
  IngestTestPeer *peer = ingest_test_peer_start ();
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  guint n_head;

  peer->mode = INGEST_TEST_PEER_AWS;
  destination = ingest_test_peer_destination (peer);
  peer->cut_head = 2;
  {
    g_autoptr(IngestDestinationFile) file = ingest_test_send_bytes (destination, "big.mov", data, &error);

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

int
main (int   argc,
      char *argv[])
{
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

  return g_test_run ();
}
