/* test-sigv4.c
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

#define G_LOG_DOMAIN "test-sigv4"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* Part 1: every case of AWS's SigV4 test suite in tests/data/sigv4 (see its
 * README): the request is parsed from request.txt, signed with the
 * credentials of context.json, and the canonical request, string to sign and
 * Authorization header must equal the published ones byte for byte. */

static char *
read_vector_file (const char *dir,
                  const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static char *
percent_decode (const char *text)
{
  char *decoded = g_uri_unescape_string (text, NULL);

  g_assert_nonnull (decoded);
  return decoded;
}

/* Builds the request of request.txt: "METHOD target HTTP/1.1", header lines
 * (a line starting with white space continues the previous value), an empty
 * line and the body. The target's path is raw; its query is percent-encoded. */
static IngestSigV4Request *
parse_vector_request (const char  *text,
                      GPtrArray  **out_headers,
                      char       **out_body)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  IngestSigV4Request *request;
  const char *space;
  const char *version;
  char *query;
  guint i;

  lines = g_strsplit (text, "\n", -1);
  space = strchr (lines[0], ' ');
  version = g_strrstr (lines[0], " HTTP/");
  g_assert_nonnull (space);
  g_assert_nonnull (version);
  target = g_strndup (space + 1, version - space - 1);

  query = strchr (target, '?');
  if (query != NULL)
    *query++ = '\0';

  {
    g_autofree char *method = g_strndup (lines[0], space - lines[0]);
    request = ingest_sigv4_request_new (method, target);
  }

  if (query != NULL && query[0] != '\0')
    {
      g_auto(GStrv) params = g_strsplit (query, "&", -1);

      for (guint j = 0; params[j] != NULL; j++)
        {
          char *eq = strchr (params[j], '=');
          g_autofree char *name = NULL;
          g_autofree char *value = NULL;

          if (eq != NULL)
            *eq = '\0';
          name = percent_decode (params[j]);
          value = percent_decode (eq ? eq + 1 : "");
          ingest_sigv4_request_add_query (request, name, value);
        }
    }

  for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      if (g_ascii_isspace (lines[i][0]))
        {
          char **last = (char **) &values->pdata[values->len - 1];
          char *joined = g_strconcat (*last, "\n", lines[i], NULL);

          g_free (*last);
          *last = joined;
          continue;
        }

      {
        const char *colon = strchr (lines[i], ':');

        g_assert_nonnull (colon);
        g_ptr_array_add (names, g_strndup (lines[i], colon - lines[i]));
        g_ptr_array_add (values, g_strdup (colon + 1));
      }
    }
  for (guint j = 0; j < names->len; j++)
    ingest_sigv4_request_add_header (request, names->pdata[j], values->pdata[j]);

  *out_body = lines[i] != NULL ? g_strjoinv ("\n", &lines[i + 1]) : g_strdup ("");
  *out_headers = g_steal_pointer (&names);
  return request;
}

static char *
strip_final_newline (char *text)
{
  gsize len = strlen (text);

  if (len > 0 && text[len - 1] == '\n')
    text[len - 1] = '\0';
  return text;
}

/* The expected Authorization value: the "Authorization:" line of the signed request. */
static char *
expected_authorization (const char *signed_request)
{
  g_auto(GStrv) lines = g_strsplit (signed_request, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Authorization:"))
      return g_strdup (lines[i] + strlen ("Authorization:"));

  g_assert_not_reached ();
}

static void
test_vector (gconstpointer data)
{
  const char *dir = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestSigV4Request) request = NULL;
  g_autoptr(GPtrArray) header_names = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *context_path = g_build_filename (dir, "context.json", NULL);
  g_autofree char *request_text = read_vector_file (dir, "request.txt");
  g_autofree char *want_canonical = strip_final_newline (read_vector_file (dir, "header-canonical-request.txt"));
  g_autofree char *want_to_sign = strip_final_newline (read_vector_file (dir, "header-string-to-sign.txt"));
  g_autofree char *signed_request = read_vector_file (dir, "header-signed-request.txt");
  g_autofree char *want_authorization = expected_authorization (signed_request);
  g_autofree char *body = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *authorization = NULL;
  JsonObject *context;
  JsonObject *credentials;

  json_parser_load_from_file (parser, context_path, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  credentials = json_object_get_object_member (context, "credentials");
  when = g_date_time_new_from_iso8601 (json_object_get_string_member (context, "timestamp"), NULL);
  g_assert_nonnull (when);

  request = parse_vector_request (request_text, &header_names, &body);
  ingest_sigv4_request_set_normalize_path (request, json_object_get_boolean_member (context, "normalize"));
  if (json_object_get_boolean_member (context, "sign_body"))
    {
      g_autofree char *body_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);

      ingest_sigv4_request_add_header (request, "X-Amz-Content-Sha256", body_hash);
      ingest_sigv4_request_set_payload_hash (request, body_hash);
    }

  authorization = ingest_sigv4_request_sign (request,
                                             json_object_get_string_member (credentials, "access_key_id"),
                                             json_object_get_string_member (credentials, "secret_access_key"),
                                             json_object_get_string_member_with_default (credentials, "token", NULL),
                                             json_object_get_string_member (context, "region"),
                                             json_object_get_string_member (context, "service"),
                                             when, &to_sign);
  canonical = ingest_sigv4_request_dup_canonical (request);

  g_assert_cmpstr (canonical, ==, want_canonical);
  g_assert_cmpstr (to_sign, ==, want_to_sign);
  g_assert_cmpstr (authorization, ==, want_authorization);
}

/* Part 2: the S3 examples of the AWS S3 API reference, "Examples: Signature
 * Calculations in AWS Signature Version 4" (header-based auth, single chunk):
 * bucket examplebucket, 2013-05-24T00:00:00Z, us-east-1. */

#define S3_ACCESS_KEY "AKIAIOSFODNN7EXAMPLE"
#define S3_SECRET_KEY "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
#define S3_HOST "examplebucket.s3.amazonaws.com"

static char *
sign_s3_example (IngestSigV4Request *request,
                 const char         *payload_hash,
                 char              **string_to_sign)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2013, 5, 24, 0, 0, 0);

  ingest_sigv4_request_add_header (request, "Host", S3_HOST);
  ingest_sigv4_request_add_header (request, "x-amz-content-sha256", payload_hash);
  ingest_sigv4_request_set_payload_hash (request, payload_hash);
  return ingest_sigv4_request_sign (request, S3_ACCESS_KEY, S3_SECRET_KEY, NULL,
                                    "us-east-1", "s3", when, string_to_sign);
}

static void
test_s3_get_object (void)
{
  g_autoptr(IngestSigV4Request) request = ingest_sigv4_request_new ("GET", "/test.txt");
  g_autofree char *to_sign = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *canonical = NULL;

  ingest_sigv4_request_add_header (request, "Range", "bytes=0-9");
  authorization = sign_s3_example (request, INGEST_SIGV4_EMPTY_SHA256, &to_sign);
  canonical = ingest_sigv4_request_dup_canonical (request);

  g_assert_cmpstr (canonical, ==,
                   "GET\n/test.txt\n\n"
                   "host:examplebucket.s3.amazonaws.com\n"
                   "range:bytes=0-9\n"
                   "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
                   "x-amz-date:20130524T000000Z\n\n"
                   "host;range;x-amz-content-sha256;x-amz-date\n"
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (to_sign, ==,
                   "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                   "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  g_assert_cmpstr (authorization, ==,
                   "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                   "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                   "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

static void
test_s3_put_object (void)
{
  /* The key "test$file.text": '$' must be encoded once, as %24. */
  g_autoptr(IngestSigV4Request) request = ingest_sigv4_request_new ("PUT", "/test$file.text");
  g_autofree char *payload_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Welcome to Amazon S3.", -1);
  g_autofree char *authorization = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpstr (payload_hash, ==, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  ingest_sigv4_request_add_header (request, "Date", "Fri, 24 May 2013 00:00:00 GMT");
  ingest_sigv4_request_add_header (request, "x-amz-storage-class", "REDUCED_REDUNDANCY");
  authorization = sign_s3_example (request, payload_hash, NULL);
  path = ingest_sigv4_request_dup_encoded_path (request);

  g_assert_cmpstr (path, ==, "/test%24file.text");
  g_assert_cmpstr (authorization, ==,
                   "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                   "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                   "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

static void
test_s3_get_lifecycle (void)
{
  g_autoptr(IngestSigV4Request) request = ingest_sigv4_request_new ("GET", "/");
  g_autofree char *authorization = NULL;
  g_autofree char *query = NULL;

  /* A bare sub-resource: signed and sent as "lifecycle=". */
  ingest_sigv4_request_add_query (request, "lifecycle", NULL);
  authorization = sign_s3_example (request, INGEST_SIGV4_EMPTY_SHA256, NULL);
  query = ingest_sigv4_request_dup_query_string (request);

  g_assert_cmpstr (query, ==, "lifecycle=");
  g_assert_true (g_str_has_suffix (authorization,
                                   "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                                   "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
}

static void
test_s3_list_objects (void)
{
  g_autoptr(IngestSigV4Request) request = ingest_sigv4_request_new ("GET", "/");
  g_autofree char *authorization = NULL;
  g_autofree char *query = NULL;

  /* Given out of order on purpose: they are sorted by name. */
  ingest_sigv4_request_add_query (request, "prefix", "J");
  ingest_sigv4_request_add_query (request, "max-keys", "2");
  authorization = sign_s3_example (request, INGEST_SIGV4_EMPTY_SHA256, NULL);
  query = ingest_sigv4_request_dup_query_string (request);

  g_assert_cmpstr (query, ==, "max-keys=2&prefix=J");
  g_assert_true (g_str_has_suffix (authorization,
                                   "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
}

/* Object keys: every segment encoded once, slashes kept, no normalisation
 * ("a/../b" is a legal S3 key and must be signed as written). */
static void
test_s3_key_encoding (void)
{
  g_autoptr(IngestSigV4Request) request = ingest_sigv4_request_new ("PUT", "/bucket/A001/clip 1+2%/./../ü~.mov");
  g_autofree char *path = ingest_sigv4_request_dup_encoded_path (request);
  g_autofree char *query = NULL;

  g_assert_cmpstr (path, ==, "/bucket/A001/clip%201%2B2%25/./../%C3%BC~.mov");

  ingest_sigv4_request_add_query (request, "uploadId", "2~a/b=c d");
  ingest_sigv4_request_add_query (request, "partNumber", "10");
  query = ingest_sigv4_request_dup_query_string (request);
  g_assert_cmpstr (query, ==, "partNumber=10&uploadId=2~a%2Fb%3Dc%20d");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  root = g_test_build_filename (G_TEST_DIST, "data", "sigv4", NULL);
  dir = g_dir_open (root, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, ingest_test_compare_strings);
  g_assert_cmpuint (names->len, >=, 30);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/sigv4/aws-suite/%s", (char *) names->pdata[i]);

      g_test_add_data_func_full (test_path, g_build_filename (root, names->pdata[i], NULL),
                                 test_vector, g_free);
    }
  g_test_add_func ("/sigv4/s3/get-object", test_s3_get_object);
  g_test_add_func ("/sigv4/s3/put-object", test_s3_put_object);
  g_test_add_func ("/sigv4/s3/get-bucket-lifecycle", test_s3_get_lifecycle);
  g_test_add_func ("/sigv4/s3/list-objects", test_s3_list_objects);
  g_test_add_func ("/sigv4/s3/key-encoding", test_s3_key_encoding);

  return g_test_run ();
}
