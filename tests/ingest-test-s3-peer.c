/* ingest-test-s3-peer.c
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

#define G_LOG_DOMAIN "ingest-test-s3-peer"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-test-s3-peer.h"
#include "ingest-test-util.h"

#define MiB (1024 * 1024)

/* CRC32C (Castagnoli, reflected 0x82f63b78) bit by bit: slow and obvious. */
guint32
ingest_test_crc32c (const guint8 *data,
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

/* Base64 of the big-endian CRC, as x-amz-checksum-crc32c carries it. */
char *
ingest_test_crc32c_base64 (guint32 crc)
{
  guint8 be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };

  return g_base64_encode (be, 4);
}

static IngestFakeS3Reply *
error_reply (guint       status,
             const char *code,
             const char *message)
{
  return ingest_fake_s3_reply_new_error (status, code, message);
}

static void
keep_meta (IngestTestPeer *peer)
{
  GHashTableIter iter;
  gpointer name, value;

  g_ptr_array_set_size (peer->object_meta, 0);
  g_hash_table_iter_init (&iter, peer->headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (g_str_has_prefix (name, "x-amz-meta-"))
      g_ptr_array_add (peer->object_meta, g_strdup_printf ("%s: %s\r\n", (char *) name, (char *) value));
}

/* HEAD: Content-Length is the object's, no body follows. The stored
 * checksum only when asked for with x-amz-checksum-mode, as AWS does. */
static IngestFakeS3Reply *
serve_head (IngestTestPeer *peer)
{
  g_autoptr(GString) headers = g_string_new (NULL);
  IngestFakeS3Reply *reply;

  peer->n_head++;
  if (peer->object_etag == NULL)
    return ingest_fake_s3_reply_new (404, NULL, NULL);
  g_string_append_printf (headers, "ETag: \"%s\"\r\n", peer->object_etag);
  if (peer->cut_head > 0)
    {
      /* The connection ends in the middle of the header block: after the
       * ETag and Content-Length lines. */
      g_autofree char *length_line = g_strdup_printf ("Content-Length: %" G_GUINT64_FORMAT "\r\n", peer->object_size);

      peer->cut_head--;
      reply = ingest_fake_s3_reply_new (200, headers->str, NULL);
      reply->content_length = peer->object_size;
      reply->close_after = strlen ("HTTP/1.1 200 OK\r\n") + headers->len + strlen (length_line);
      return reply;
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
  reply = ingest_fake_s3_reply_new (200, headers->str, NULL);
  reply->content_length = peer->object_size;
  return reply;
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
static IngestFakeS3Reply *
aws_complete (IngestTestPeer *peer,
              const guint8   *body,
              gsize           length)
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
    return error_reply (404, "NoSuchUpload", "The specified upload does not exist.");
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
        return error_reply (400, "InvalidPartOrder", "The list of parts was not in ascending order.");
      last = number;
      if (number > peer->part_md5s->len || g_ptr_array_index (peer->part_md5s, number - 1) == NULL)
        return error_reply (400, "InvalidPart", "One or more of the specified parts could not be found.");
      want_etag = g_strdup_printf ("\"%s\"", (char *) g_ptr_array_index (peer->part_md5s, number - 1));
      if (g_strcmp0 (etag, want_etag) != 0)
        return error_reply (400, "InvalidPart", "The specified entity tag may not match the part's entity tag.");
      part_crc = g_array_index (peer->part_crcs, guint32, number - 1);
      want_crc = ingest_test_crc32c_base64 (part_crc);
      if (peer->declared && crc == NULL)
        {
          g_autofree char *message = g_strdup_printf ("The upload was created using a crc32c checksum. The complete "
                                                      "request must include the checksum for each part. It was "
                                                      "missing for part %u in the request.", number);

          return error_reply (400, "InvalidRequest", message);
        }
      if (crc != NULL && g_strcmp0 (crc, want_crc) != 0)
        return error_reply (400, "InvalidPart", "The checksum of a part does not match.");
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
      g_autofree char *b64 = ingest_test_crc32c_base64 (ingest_test_crc32c (crcs->data, crcs->len));

      peer->object_crc32c = g_strdup_printf ("%s-%u", b64, n);
      peer->object_crc_type = "COMPOSITE";
    }
  peer->live = FALSE;
  answer = g_strdup_printf ("<CompleteMultipartUploadResult><ETag>&quot;%s&quot;</ETag>"
                            "</CompleteMultipartUploadResult>", peer->object_etag);
  return ingest_fake_s3_reply_new (200, NULL, answer);
}

static IngestFakeS3Reply *
aws_list_parts (IngestTestPeer *peer)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListPartsResult>");

  peer->n_list_parts++;
  if (!peer->live)
    return error_reply (404, "NoSuchUpload", "The specified upload does not exist.");
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
          g_autofree char *crc = ingest_test_crc32c_base64 (g_array_index (peer->part_crcs, guint32, i));

          g_string_append_printf (xml, "<ChecksumCRC32C>%s</ChecksumCRC32C>", crc);
        }
      g_string_append (xml, "</Part>");
    }
  g_string_append (xml, "</ListPartsResult>");
  return ingest_fake_s3_reply_new (200, NULL, xml->str);
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
static IngestFakeS3Reply *
serve_aws (IngestTestPeer *peer,
           const char     *request_line,
           const guint8   *body,
           gsize           length,
           guint32         crc)
{
  const char *algorithm = g_hash_table_lookup (peer->headers, "x-amz-checksum-algorithm");
  const char *sent_crc = g_hash_table_lookup (peer->headers, "x-amz-checksum-crc32c");
  const char *part = strstr (request_line, "partNumber=");
  g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, body, length);
  g_autofree char *want = ingest_test_crc32c_base64 (crc);
  g_autofree char *headers = NULL;

  if (g_str_has_prefix (request_line, "HEAD "))
    return serve_head (peer);
  if (g_str_has_prefix (request_line, "POST ") && strstr (request_line, "?uploads") != NULL)
    {
      if (algorithm != NULL && g_ascii_strcasecmp (algorithm, "CRC32C") != 0)
        return error_reply (400, "InvalidRequest", "Unsupported checksum algorithm.");
      keep_meta (peer);
      g_ptr_array_set_size (peer->part_md5s, 0);
      g_array_set_size (peer->part_crcs, 0);
      g_array_set_size (peer->part_sizes, 0);
      peer->live = TRUE;
      peer->declared = algorithm != NULL;
      return ingest_fake_s3_reply_new (200, peer->declared ? "x-amz-checksum-algorithm: CRC32C\r\n" : "",
                                       "<InitiateMultipartUploadResult><UploadId>up-1</UploadId>"
                                       "</InitiateMultipartUploadResult>");
    }
  if (g_str_has_prefix (request_line, "POST "))
    return aws_complete (peer, body, length);
  if (g_str_has_prefix (request_line, "GET ") && strstr (request_line, "uploadId=") != NULL)
    return aws_list_parts (peer);
  if (g_str_has_prefix (request_line, "DELETE ") && strstr (request_line, "uploadId=") != NULL)
    {
      peer->live = FALSE;
      return ingest_fake_s3_reply_new (204, NULL, NULL);
    }
  if (!g_str_has_prefix (request_line, "PUT "))
    return error_reply (501, "NotImplemented", "Not in this peer.");
  if (part != NULL && !peer->live)
    return error_reply (404, "NoSuchUpload", "The specified upload does not exist.");
  if (part != NULL && sent_crc != NULL && !peer->declared)
    {
      peer->n_mismatch++;
      return error_reply (400, "InvalidRequest",
                          "Checksum Type mismatch occurred, expected checksum Type: null, actual checksum Type: crc32c");
    }
  if (sent_crc != NULL && strcmp (sent_crc, want) != 0)
    return error_reply (400, "BadDigest", "The CRC32C you specified did not match the calculated checksum.");

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
  return ingest_fake_s3_reply_new (200, headers, NULL);
}

/* The requests of an IngestS3Destination beyond the PUT checks: HEAD,
 * CreateMultipartUpload, CompleteMultipartUpload, and PUTs in the
 * non-validating modes. NULL for what the VALIDATE check answers. */
static IngestFakeS3Reply *
serve_fake_s3 (IngestTestPeer *peer,
               const char     *request_line,
               const guint8   *body,
               gsize           length,
               guint32         crc)
{
  g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, body, length);
  const char *part = strstr (request_line, "partNumber=");
  gboolean has_crc = g_hash_table_contains (peer->headers, "x-amz-checksum-crc32c");
  g_autofree char *headers = NULL;

  /* The destination's look before sending: nothing is there yet. */
  if (g_str_has_prefix (request_line, "GET ") && strstr (request_line, "list-type=2") != NULL)
    {
      peer->n_list_objects++;
      return ingest_fake_s3_reply_new (200, "Content-Type: application/xml\r\n",
                                       "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount>"
                                       "</ListBucketResult>");
    }
  if (peer->mode == INGEST_TEST_PEER_AWS)
    return serve_aws (peer, request_line, body, length, crc);
  if (g_str_has_prefix (request_line, "HEAD "))
    return serve_head (peer);
  if (g_str_has_prefix (request_line, "POST ") && strstr (request_line, "?uploads") != NULL)
    {
      if (peer->mode == INGEST_TEST_PEER_REFUSE && peer->refuse_create &&
          g_hash_table_contains (peer->headers, "x-amz-checksum-algorithm"))
        {
          peer->n_refused++;
          return ingest_fake_s3_reply_new (400, "Content-Type: application/xml\r\n",
                                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidArgument</Code>"
                                           "<Message>Unsupported header</Message>"
                                           "<ArgumentName>x-amz-checksum-algorithm</ArgumentName></Error>");
        }
      keep_meta (peer);
      g_ptr_array_set_size (peer->part_md5s, 0);
      peer->parts_size = 0;
      return ingest_fake_s3_reply_new (200, NULL, "<InitiateMultipartUploadResult><UploadId>up-1</UploadId>"
                                                  "</InitiateMultipartUploadResult>");
    }
  if (g_str_has_prefix (request_line, "POST "))
    {
      g_autoptr(GByteArray) md5s = g_byte_array_new ();
      g_autofree char *md5_of_md5s = NULL;
      g_autofree char *answer = NULL;

      for (guint i = 0; i < peer->part_md5s->len; i++)
        if (g_ptr_array_index (peer->part_md5s, i) != NULL)
          append_hex (md5s, g_ptr_array_index (peer->part_md5s, i));
      g_free (peer->object_etag);
      md5_of_md5s = g_compute_checksum_for_data (G_CHECKSUM_MD5, md5s->data, md5s->len);
      peer->object_etag = g_strdup_printf ("%s-%u", md5_of_md5s, peer->part_md5s->len);
      peer->object_size = peer->parts_size;
      answer = g_strdup_printf ("<CompleteMultipartUploadResult><ETag>&quot;%s&quot;</ETag>"
                                "</CompleteMultipartUploadResult>", peer->object_etag);
      return ingest_fake_s3_reply_new (200, NULL, answer);
    }
  if (!g_str_has_prefix (request_line, "PUT ") || peer->mode == INGEST_TEST_PEER_VALIDATE)
    return NULL;

  peer->n_crc_sent += has_crc;
  if (peer->mode == INGEST_TEST_PEER_REFUSE && has_crc)
    {
      peer->n_refused++;
      return ingest_fake_s3_reply_new (400, "Content-Type: application/xml\r\n",
                                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidArgument</Code>"
                                       "<Message>Unsupported header</Message>"
                                       "<ArgumentName>x-amz-checksum-crc32c</ArgumentName></Error>");
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

  headers = g_strdup_printf ("ETag: \"%s\"\r\n", md5);
  if (peer->mode == INGEST_TEST_PEER_ECHO)
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
  return ingest_fake_s3_reply_new (200, headers, NULL);
}

/* The fake's handler (under its lock): the checksum verdicts, then the
 * mode's answer; VALIDATE answers a PUT 200 or BadDigest by the verdicts. */
static IngestFakeS3Reply *
peer_handler (const IngestFakeS3Request *request,
              gpointer                   data)
{
  IngestTestPeer *peer = data;
  gsize length;
  const guint8 *body = g_bytes_get_data (request->body, &length);
  guint32 crc = ingest_test_crc32c (body, length);
  g_autofree char *want_crc = ingest_test_crc32c_base64 (crc);
  g_autofree char *want_sha = NULL;
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  const char *crc_header = g_hash_table_lookup (request->headers, "x-amz-checksum-crc32c");
  const char *sha_header = g_hash_table_lookup (request->headers, "x-amz-checksum-sha256");
  IngestFakeS3Reply *reply;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  peer->crc32c_ok = crc_header == NULL || g_strcmp0 (crc_header, want_crc) == 0;
  g_checksum_update (sha, body, length);
  g_checksum_get_digest (sha, digest, &digest_len);
  want_sha = g_base64_encode (digest, digest_len);
  peer->sha256_ok = sha_header == NULL || g_strcmp0 (sha_header, want_sha) == 0;

  peer->headers = request->headers;
  reply = serve_fake_s3 (peer, request->request_line, body, length, crc);
  peer->headers = NULL;
  if (reply != NULL)
    return reply;
  if (!peer->crc32c_ok || !peer->sha256_ok)
    return error_reply (400, "BadDigest", "The CRC32C you specified did not match the calculated checksum.");
  return NULL;   /* the fake's default: 200, the body's MD5 as ETag */
}

IngestTestPeer *
ingest_test_peer_start (void)
{
  IngestTestPeer *peer = g_new0 (IngestTestPeer, 1);

  peer->part_md5s = g_ptr_array_new_with_free_func (g_free);
  peer->object_meta = g_ptr_array_new_with_free_func (g_free);
  peer->part_crcs = g_array_new (FALSE, TRUE, sizeof (guint32));
  peer->part_sizes = g_array_new (FALSE, TRUE, sizeof (guint64));
  peer->fake = ingest_fake_s3_new ();
  peer->port = ingest_fake_s3_get_port (peer->fake);
  ingest_fake_s3_set_handler (peer->fake, peer_handler, peer);
  return peer;
}

void
ingest_test_peer_free (IngestTestPeer *peer)
{
  ingest_fake_s3_free (peer->fake);
  g_ptr_array_unref (peer->part_md5s);
  g_ptr_array_unref (peer->object_meta);
  g_array_unref (peer->part_crcs);
  g_array_unref (peer->part_sizes);
  g_free (peer->object_crc32c);
  g_free (peer->object_etag);
  g_free (peer);
}

/* A client (keys "AK" and "SK") of the server on 127.0.0.1:@port. */
IngestS3Client *
ingest_test_loopback_client (guint16 port)
{
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);

  return ingest_test_s3_client (endpoint, "AK", "SK");
}

/* @size reproducible bytes of @seed. */
GBytes *
ingest_test_random_bytes (gsize   size,
                          guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, size);
}

/* An IngestS3Destination on @peer: 5 MiB parts, three in flight. */
IngestS3Destination *
ingest_test_peer_destination_with_catalog (IngestTestPeer  *peer,
                                           IngestCatalog *catalog)
{
  g_autoptr(IngestS3Client) client = ingest_test_loopback_client (peer->port);
  IngestS3Destination *destination;

  destination = ingest_s3_destination_new (client, "bucket", "", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  ingest_s3_destination_set_parts_in_flight (destination, 3);
  ingest_s3_destination_set_max_attempts (destination, 3);
  return destination;
}

IngestS3Destination *
ingest_test_peer_destination (IngestTestPeer *peer)
{
  return ingest_test_peer_destination_with_catalog (peer, NULL);
}

/* Sends @data as "KEY" the way the job does (begin, writes, finish); the
 * file comes back, its verdict in @error. */
IngestDestinationFile *
ingest_test_send_prefix (IngestS3Destination  *destination,
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

IngestDestinationFile *
ingest_test_send_bytes (IngestS3Destination  *destination,
                        const char           *key,
                        GBytes               *data,
                        GError              **error)
{
  return ingest_test_send_prefix (destination, key, data, g_bytes_get_size (data), error);
}
