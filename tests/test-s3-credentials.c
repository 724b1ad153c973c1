/* test-s3-credentials.c
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

#define G_LOG_DOMAIN "test-s3-credentials"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* Each test runs in a fresh $HOME with no AWS_* variables set, writes the
 * files the AWS CLI would read, and checks what the loader finds there. */

typedef struct
{
  char *home;
} Fixture;

static const char * const aws_variables[] = {
  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
  "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_CA_BUNDLE",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (aws_variables); i++)
    g_unsetenv (aws_variables[i]);
  fixture->home = ingest_test_make_tmpdir ("test-s3-credentials");
  g_setenv ("HOME", fixture->home, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->home);
  g_free (fixture->home);
}

static void
write_aws_file (Fixture    *fixture,
                const char *name,
                const char *text)
{
  g_autofree char *path = g_build_filename (fixture->home, ".aws", name, NULL);

  ingest_test_write_file (path, text, strlen (text));
}

static const char credentials_file[] =
  "# comment\n"
  "; another comment\n"
  "[default]\n"
  "aws_access_key_id = AKIADEFAULT\n"
  "aws_secret_access_key = wJalr/K7MDENG+bPxRfi\\CYEXAMPLE\n"
  "\n"
  "[work]\n"
  "aws_access_key_id=AKIAWORK\n"
  "aws_secret_access_key=work-secret\n"
  "aws_session_token = work-token\n";

static const char config_file[] =
  "[default]\n"
  "region = eu-central-1\n"
  "\n"
  "[profile work]\n"
  "region = eu-west-3\n"
  "endpoint_url = http://127.0.0.1:7480\n"
  "s3 =\n"
  "  addressing_style = path\n"
  "\n"
  "[onlyconfig]\n"
  "aws_access_key_id = AKIAWRONGGROUP\n"
  "aws_secret_access_key = never-read\n"
  "\n"
  "[profile configkeys]\n"
  "aws_access_key_id = AKIACONFIG\n"
  "aws_secret_access_key = config-secret\n"
  "region = ap-south-1\n"
  "\n"
  "[profile sso]\n"
  "sso_session = corp\n"
  "region = us-west-2\n";

/* The usual ~/.aws: both files above. */
static void
write_aws_files (Fixture *fixture)
{
  write_aws_file (fixture, "credentials", credentials_file);
  write_aws_file (fixture, "config", config_file);
}

/* Loads @profile (NULL: the default), which must succeed. */
static IngestS3Credentials *
load_ok (const char *profile)
{
  g_autoptr(GError) error = NULL;
  IngestS3Credentials *creds = ingest_s3_credentials_load (profile, &error);

  g_assert_no_error (error);
  return creds;
}

static void
test_default_profile (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;

  write_aws_files (fixture);

  creds = load_ok (NULL);
  g_assert_cmpstr (creds->access_key_id, ==, "AKIADEFAULT");
  /* Kept raw: no GKeyFile unescaping of the backslash. */
  g_assert_cmpstr (creds->secret_access_key, ==, "wJalr/K7MDENG+bPxRfi\\CYEXAMPLE");
  g_assert_null (creds->session_token);
  g_assert_cmpstr (creds->region, ==, "eu-central-1");
  g_assert_null (creds->endpoint_url);
  g_assert_cmpstr (creds->profile, ==, "default");
  g_assert_cmpstr (creds->source, ==, "credentials file");
}

/* $AWS_REGION beats $AWS_DEFAULT_REGION beats the profile's region. */
static void
test_region_precedence (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;

  write_aws_files (fixture);

  g_setenv ("AWS_DEFAULT_REGION", "sa-east-1", TRUE);
  creds = load_ok (NULL);
  g_assert_cmpstr (creds->region, ==, "sa-east-1");
  g_clear_pointer (&creds, ingest_s3_credentials_free);

  g_setenv ("AWS_REGION", "ca-central-1", TRUE);
  creds = load_ok (NULL);
  g_assert_cmpstr (creds->region, ==, "ca-central-1");
}

/* $AWS_PROFILE picks "[work]" in credentials and "[profile work]" in config. */
static void
test_named_profile (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;

  write_aws_files (fixture);

  g_setenv ("AWS_PROFILE", "work", TRUE);
  creds = load_ok (NULL);
  g_assert_cmpstr (creds->access_key_id, ==, "AKIAWORK");
  g_assert_cmpstr (creds->secret_access_key, ==, "work-secret");
  g_assert_cmpstr (creds->session_token, ==, "work-token");
  g_assert_cmpstr (creds->region, ==, "eu-west-3");
  g_assert_cmpstr (creds->endpoint_url, ==, "http://127.0.0.1:7480");
  g_assert_cmpstr (creds->profile, ==, "work");

  /* The endpoint variables beat the profile, the S3-specific one first. */
  g_clear_pointer (&creds, ingest_s3_credentials_free);
  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:1", TRUE);
  creds = load_ok (NULL);
  g_assert_cmpstr (creds->endpoint_url, ==, "http://127.0.0.1:1");
  g_clear_pointer (&creds, ingest_s3_credentials_free);
  g_setenv ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2", TRUE);
  creds = load_ok (NULL);
  g_assert_cmpstr (creds->endpoint_url, ==, "http://127.0.0.1:2");
}

/* Keys in the environment beat the files — unless a profile is asked for
 * explicitly (like `aws --profile`). $AWS_PROFILE does not count as explicit. */
static void
test_environment_keys (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  write_aws_files (fixture);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIAENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  g_setenv ("AWS_SESSION_TOKEN", "env-token", TRUE);
  g_setenv ("AWS_PROFILE", "work", TRUE);

  creds = load_ok (NULL);
  g_assert_cmpstr (creds->access_key_id, ==, "AKIAENV");
  g_assert_cmpstr (creds->secret_access_key, ==, "env-secret");
  g_assert_cmpstr (creds->session_token, ==, "env-token");
  g_assert_cmpstr (creds->source, ==, "environment");
  g_assert_cmpstr (creds->region, ==, "eu-west-3");   /* settings still from the profile */
  g_clear_pointer (&creds, ingest_s3_credentials_free);

  creds = load_ok ("default");
  g_assert_cmpstr (creds->access_key_id, ==, "AKIADEFAULT");
  g_assert_cmpstr (creds->source, ==, "credentials file");
  g_clear_pointer (&creds, ingest_s3_credentials_free);

  /* Half a key pair is an error, not a silent fallback. */
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  creds = ingest_s3_credentials_load (NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
  g_assert_null (creds);
}

/* Keys may also live in the config file; only "[profile NAME]" counts there. */
static void
test_config_file_keys (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  write_aws_file (fixture, "config", config_file);

  creds = load_ok ("configkeys");
  g_assert_cmpstr (creds->access_key_id, ==, "AKIACONFIG");
  g_assert_cmpstr (creds->region, ==, "ap-south-1");
  g_assert_cmpstr (creds->source, ==, "config file");
  g_clear_pointer (&creds, ingest_s3_credentials_free);

  creds = ingest_s3_credentials_load ("onlyconfig", &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "“onlyconfig”"));
  g_assert_null (creds);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing anywhere. */
  creds = ingest_s3_credentials_load (NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
  g_assert_true (g_str_has_prefix (error->message, "no S3 credentials"));
  g_clear_error (&error);

  write_aws_file (fixture, "config", config_file);

  /* A profile that does not exist. */
  creds = ingest_s3_credentials_load ("nope", &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_clear_error (&error);
  g_setenv ("AWS_PROFILE", "nope", TRUE);
  creds = ingest_s3_credentials_load (NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_clear_error (&error);

  /* A kind of profile we cannot use is named as such. */
  creds = ingest_s3_credentials_load ("sso", &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "sso_session"));
  g_assert_null (creds);
}

/* A secret that must never be printed: it sits on a malformed line. */
#define SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRET"

static void
assert_names_line_not_secret (const char *text,
                              const char *file_name,
                              const char *line)
{
  g_assert_nonnull (strstr (text, file_name));
  g_assert_nonnull (strstr (text, line));
  g_assert_null (strstr (text, SECRET));
  g_assert_null (strstr (text, "SECRET"));
}

/* A malformed line is reported with its file and number, never its content
 * (GKeyFile's own message quotes the line: the secret went to stderr). */
static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials_path = g_build_filename (fixture->home, ".aws", "credentials", NULL);
  g_autofree char *config_path = g_build_filename (fixture->home, ".aws", "config", NULL);

  /* the secret pasted without its key; a ';' comment before it still counts as a line */
  write_aws_file (fixture, "credentials",
                  "[default]\n"
                  "aws_access_key_id = AKIADEFAULT\n"
                  "; pasted from the console\n"
                  SECRET "\n");
  creds = ingest_s3_credentials_load (NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_assert_null (creds);
  assert_names_line_not_secret (error->message, credentials_path, "line 4");
  g_clear_error (&error);

  /* a section header left open, and a setting before any section */
  write_aws_file (fixture, "credentials", "[default\naws_secret_access_key = " SECRET "\n");
  creds = ingest_s3_credentials_load (NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  assert_names_line_not_secret (error->message, credentials_path, "line 1");
  g_clear_error (&error);
  write_aws_file (fixture, "credentials", "\n# keys\naws_secret_access_key = " SECRET "\n[default]\n");
  creds = ingest_s3_credentials_load (NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  assert_names_line_not_secret (error->message, credentials_path, "line 3");
  g_clear_error (&error);

  /* the same in the config file */
  write_aws_file (fixture, "credentials", credentials_file);
  write_aws_file (fixture, "config", "[default]\nregion = eu-west-1\n\n\n[profile x]\n" SECRET "\xff\n");
  creds = ingest_s3_credentials_load (NULL, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  assert_names_line_not_secret (error->message, config_path, "line 6");
}

/* What ingestctl ingest and ingestctl uploads print on stderr for a
 * malformed credentials file: its name and line, never the secret. Nothing
 * is sent anywhere: the files are read before any connection. */
static void
test_malformed_cli (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *credentials_path = g_build_filename (fixture->home, ".aws", "credentials", NULL);
  g_autofree char *drive = g_build_filename (fixture->home, "DRIVE", NULL);
  g_autofree char *clip = g_build_filename (drive, "A001", "clip.mov", NULL);
  g_autofree char *catalog = g_build_filename (fixture->home, "catalog.db", NULL);
  const char *ingestctl = g_getenv ("INGESTCTL");
  const char *ingest_argv[] = { ingestctl, "ingest", drive, "--to", "s3://bucket/prefix",
                                "--endpoint", "http://127.0.0.1:9", "--no-catalog", NULL };
  const char *uploads_argv[] = { ingestctl, "uploads", "list", "--remote", "s3://bucket/prefix",
                                 "--endpoint", "http://127.0.0.1:9", "--catalog", catalog, NULL };
  const char * const *runs[] = { ingest_argv, uploads_argv };

  g_assert_nonnull (ingestctl);
  ingest_test_write_file (clip, "frames", 6);
  write_aws_file (fixture, "credentials",
                  "[default]\n"
                  "aws_access_key_id = AKIADEFAULT\n"
                  "aws_secret_access_key: " SECRET "\n");

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int wait_status = 0;

      g_spawn_sync (NULL, (char **) runs[i], NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
      g_assert_no_error (error);
      g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
      g_test_message ("%s: %s", runs[i][1], err);
      assert_names_line_not_secret (err, credentials_path, "line 3");
      g_assert_null (strstr (out, "SECRET"));
    }
}

/* $AWS_SHARED_CREDENTIALS_FILE and $AWS_CONFIG_FILE move the files. */
static void
test_file_variables (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(IngestS3Credentials) creds = NULL;
  g_autofree char *cred_path = g_build_filename (fixture->home, "elsewhere", "creds", NULL);
  g_autofree char *conf_path = g_build_filename (fixture->home, "elsewhere", "conf", NULL);
  const char creds_text[] = "[default]\naws_access_key_id = AKIAMOVED\naws_secret_access_key = moved\n";
  const char conf_text[] = "[default]\nregion = me-south-1\nca_bundle = /etc/ssl/corp.pem\n";

  write_aws_file (fixture, "credentials", credentials_file);
  ingest_test_write_file (cred_path, creds_text, strlen (creds_text));
  ingest_test_write_file (conf_path, conf_text, strlen (conf_text));
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", cred_path, TRUE);
  g_setenv ("AWS_CONFIG_FILE", conf_path, TRUE);

  creds = load_ok (NULL);
  g_assert_cmpstr (creds->access_key_id, ==, "AKIAMOVED");
  g_assert_cmpstr (creds->region, ==, "me-south-1");
  g_assert_cmpstr (creds->ca_bundle, ==, "/etc/ssl/corp.pem");
  g_clear_pointer (&creds, ingest_s3_credentials_free);

  g_setenv ("AWS_CA_BUNDLE", "/etc/ssl/other.pem", TRUE);
  creds = load_ok (NULL);
  g_assert_cmpstr (creds->ca_bundle, ==, "/etc/ssl/other.pem");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/s3-credentials/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("default-profile", test_default_profile);
  ADD ("region-precedence", test_region_precedence);
  ADD ("named-profile", test_named_profile);
  ADD ("environment-keys", test_environment_keys);
  ADD ("config-file-keys", test_config_file_keys);
  ADD ("errors", test_errors);
  ADD ("malformed", test_malformed);
  ADD ("malformed-cli", test_malformed_cli);
  ADD ("file-variables", test_file_variables);
#undef ADD

  return g_test_run ();
}
