/* ingest-s3-credentials.c
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

#define G_LOG_DOMAIN "ingest-s3-credentials"

#include "config.h"

#include <string.h>

#include "ingest-s3-credentials.h"
#include "ingest-upload-error.h"

G_DEFINE_BOXED_TYPE (IngestS3Credentials, ingest_s3_credentials,
                     ingest_s3_credentials_copy, ingest_s3_credentials_free)

#define DEFAULT_REGION "us-east-1"

/* Settings a profile may use that we cannot act on: better to say so than
 * to fail later with "no credentials". */
static const char * const unsupported_keys[] = {
  "credential_process", "role_arn", "sso_session", "sso_start_url", "web_identity_token_file",
};

static const char *
non_empty_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* $HOME is read each time (g_get_home_dir() caches it) so tests can move it. */
static char *
aws_file_path (const char *env_name,
               const char *basename)
{
  const char *path = non_empty_env (env_name);
  const char *home = non_empty_env ("HOME");

  if (path != NULL)
    return g_strdup (path);
  return g_build_filename (home ? home : g_get_home_dir (), ".aws", basename, NULL);
}

/* Whether @line (leading blanks skipped) is blank, a comment, a [section] or
 * a key = value setting; @in_section says whether a section came before. */
static gboolean
aws_line_is_valid (const char *line,
                   gboolean   *in_section)
{
  const char *end = line + strlen (line);

  while (end > line && g_ascii_isspace (end[-1]))
    end--;
  if (!g_utf8_validate (line, end - line, NULL))
    return FALSE;
  if (line == end || *line == '#' || *line == ';')
    return TRUE;
  if (*line == '[')
    {
      if (end[-1] != ']' || end - line < 3 || memchr (line + 1, '[', end - line - 1) != NULL ||
          memchr (line + 1, ']', end - line - 2) != NULL)
        return FALSE;
      *in_section = TRUE;
      return TRUE;
    }
  return *in_section && *line != '=' && memchr (line, '=', end - line) != NULL;
}

/* Loads an AWS INI file with GKeyFile. GKeyFile knows only '#' comments, so
 * ';' comment lines are blanked first. A missing file is an empty one.
 * Errors name the file and the line, never the line's text: it may hold a
 * secret (GKeyFile's own messages quote it). */
static GKeyFile *
load_aws_file (const char  *path,
               GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) cleaned = g_string_new (NULL);
  gboolean in_section = FALSE;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&key_file);
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "cannot read %s: %s", path, local_error->message);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (g_ascii_isspace (*line))
        line++;
      if (!aws_line_is_valid (line, &in_section))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       in_section ? "cannot parse %s, line %u: not a “key = value” setting, a [section] or a comment"
                                  : "cannot parse %s, line %u: not a [section] or a comment before the first section",
                       path, i + 1);
          return NULL;
        }
      if (*line != ';')
        g_string_append (cleaned, lines[i]);
      g_string_append_c (cleaned, '\n');
    }

  if (!g_key_file_load_from_data (key_file, cleaned->str, cleaned->len, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "cannot parse %s: not an INI file of [sections] and “key = value” settings", path);
      return NULL;
    }

  return g_steal_pointer (&key_file);
}

/* The raw value (GKeyFile's get_string would unescape backslashes in secrets). */
static char *
dup_value (GKeyFile   *key_file,
           const char *group,
           const char *key)
{
  char *value;

  if (group == NULL || !g_key_file_has_key (key_file, group, key, NULL))
    return NULL;
  value = g_strstrip (g_key_file_get_value (key_file, group, key, NULL));
  if (value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* In ~/.aws/config a profile is "[profile NAME]", except "[default]". */
static const char *
config_group (GKeyFile   *config,
              const char *profile,
              char      **storage)
{
  *storage = g_strdup_printf ("profile %s", profile);
  if (g_key_file_has_group (config, *storage))
    return *storage;
  if (strcmp (profile, "default") == 0 && g_key_file_has_group (config, "default"))
    return "default";
  return NULL;
}

IngestS3Credentials *
ingest_s3_credentials_new (const char *access_key_id,
                           const char *secret_access_key,
                           const char *session_token,
                           const char *region)
{
  IngestS3Credentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (IngestS3Credentials, 1);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = g_strdup (session_token);
  self->region = g_strdup (region ? region : DEFAULT_REGION);
  self->source = g_strdup ("given");

  return self;
}

IngestS3Credentials *
ingest_s3_credentials_copy (const IngestS3Credentials *self)
{
  IngestS3Credentials *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (IngestS3Credentials, 1);
  copy->access_key_id = g_strdup (self->access_key_id);
  copy->secret_access_key = g_strdup (self->secret_access_key);
  copy->session_token = g_strdup (self->session_token);
  copy->region = g_strdup (self->region);
  copy->endpoint_url = g_strdup (self->endpoint_url);
  copy->ca_bundle = g_strdup (self->ca_bundle);
  copy->profile = g_strdup (self->profile);
  copy->source = g_strdup (self->source);

  return copy;
}

void
ingest_s3_credentials_free (IngestS3Credentials *self)
{
  if (self == NULL)
    return;

  g_free (self->access_key_id);
  if (self->secret_access_key != NULL)
    memset (self->secret_access_key, 0, strlen (self->secret_access_key));
  g_free (self->secret_access_key);
  g_free (self->session_token);
  g_free (self->region);
  g_free (self->endpoint_url);
  g_free (self->ca_bundle);
  g_free (self->profile);
  g_free (self->source);
  g_free (self);
}

/**
 * ingest_s3_credentials_load:
 * @profile: (nullable): a profile asked for explicitly (like `--profile`),
 *   or %NULL for $AWS_PROFILE, then "default"
 * @error: return location for an %INGEST_UPLOAD_ERROR
 *
 * Finds credentials and settings the way the AWS CLI does:
 *
 * - keys: $AWS_ACCESS_KEY_ID + $AWS_SECRET_ACCESS_KEY (+ $AWS_SESSION_TOKEN),
 *   unless @profile is given explicitly; then the profile's
 *   aws_access_key_id/aws_secret_access_key/aws_session_token from the
 *   credentials file ("[NAME]"), then from the config file ("[profile NAME]");
 * - region: $AWS_REGION, $AWS_DEFAULT_REGION, the profile's "region" in the
 *   config file, then "us-east-1";
 * - endpoint: $AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL, the profile's
 *   "endpoint_url";
 * - CA bundle: $AWS_CA_BUNDLE, the profile's "ca_bundle";
 * - files: $AWS_SHARED_CREDENTIALS_FILE and $AWS_CONFIG_FILE, or
 *   ~/.aws/credentials and ~/.aws/config.
 *
 * Returns: (transfer full): the credentials, or %NULL with
 *   %INGEST_UPLOAD_ERROR_CREDENTIALS (none found) or
 *   %INGEST_UPLOAD_ERROR_CONFIG (unknown profile, unreadable file,
 *   unsupported profile kind)
 */
IngestS3Credentials *
ingest_s3_credentials_load (const char  *profile,
                            GError     **error)
{
  g_autoptr(IngestS3Credentials) self = g_new0 (IngestS3Credentials, 1);
  g_autofree char *credentials_path = aws_file_path ("AWS_SHARED_CREDENTIALS_FILE", "credentials");
  g_autofree char *config_path = aws_file_path ("AWS_CONFIG_FILE", "config");
  g_autofree char *config_group_storage = NULL;
  g_autoptr(GKeyFile) credentials = NULL;
  g_autoptr(GKeyFile) config = NULL;
  const char *cred_group;
  const char *conf_group;
  gboolean explicit_profile = profile != NULL;

  if (profile == NULL)
    profile = non_empty_env ("AWS_PROFILE");
  if (profile == NULL)
    profile = non_empty_env ("AWS_DEFAULT_PROFILE");
  if (profile == NULL)
    profile = "default";
  self->profile = g_strdup (profile);

  if (!(credentials = load_aws_file (credentials_path, error)) ||
      !(config = load_aws_file (config_path, error)))
    return NULL;
  cred_group = g_key_file_has_group (credentials, profile) ? profile : NULL;
  conf_group = config_group (config, profile, &config_group_storage);

  /* An explicitly named profile must exist; "default" may be absent. */
  if (cred_group == NULL && conf_group == NULL
      && (explicit_profile || strcmp (profile, "default") != 0))
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "the AWS profile “%s” is in neither %s nor %s",
                   profile, credentials_path, config_path);
      return NULL;
    }

  if (!explicit_profile && non_empty_env ("AWS_ACCESS_KEY_ID") != NULL)
    {
      if (non_empty_env ("AWS_SECRET_ACCESS_KEY") == NULL)
        {
          g_set_error_literal (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS,
                               "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
          return NULL;
        }
      self->access_key_id = g_strdup (non_empty_env ("AWS_ACCESS_KEY_ID"));
      self->secret_access_key = g_strdup (non_empty_env ("AWS_SECRET_ACCESS_KEY"));
      self->session_token = g_strdup (non_empty_env ("AWS_SESSION_TOKEN"));
      self->source = g_strdup ("environment");
    }
  else
    {
      struct { GKeyFile *file; const char *group; const char *source; } sources[] = {
        { credentials, cred_group, "credentials file" },
        { config, conf_group, "config file" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (sources) && self->access_key_id == NULL; i++)
        {
          self->access_key_id = dup_value (sources[i].file, sources[i].group, "aws_access_key_id");
          if (self->access_key_id == NULL)
            continue;
          self->secret_access_key = dup_value (sources[i].file, sources[i].group, "aws_secret_access_key");
          self->session_token = dup_value (sources[i].file, sources[i].group, "aws_session_token");
          self->source = g_strdup (sources[i].source);
          if (self->secret_access_key == NULL)
            {
              g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS,
                           "the AWS profile “%s” has aws_access_key_id but no aws_secret_access_key",
                           profile);
              return NULL;
            }
        }
    }

  if (self->access_key_id == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (unsupported_keys); i++)
        {
          g_autofree char *value = dup_value (config, conf_group, unsupported_keys[i]);

          if (value != NULL)
            {
              g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                           "the AWS profile “%s” uses %s, which is not supported; "
                           "give it aws_access_key_id and aws_secret_access_key",
                           profile, unsupported_keys[i]);
              return NULL;
            }
        }
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS,
                   "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                   "or add the profile “%s” to %s", profile, credentials_path);
      return NULL;
    }

  if (non_empty_env ("AWS_REGION") != NULL)
    self->region = g_strdup (non_empty_env ("AWS_REGION"));
  else if (non_empty_env ("AWS_DEFAULT_REGION") != NULL)
    self->region = g_strdup (non_empty_env ("AWS_DEFAULT_REGION"));
  else if ((self->region = dup_value (config, conf_group, "region")) == NULL)
    self->region = g_strdup (DEFAULT_REGION);

  if (non_empty_env ("AWS_ENDPOINT_URL_S3") != NULL)
    self->endpoint_url = g_strdup (non_empty_env ("AWS_ENDPOINT_URL_S3"));
  else if (non_empty_env ("AWS_ENDPOINT_URL") != NULL)
    self->endpoint_url = g_strdup (non_empty_env ("AWS_ENDPOINT_URL"));
  else
    self->endpoint_url = dup_value (config, conf_group, "endpoint_url");

  if (non_empty_env ("AWS_CA_BUNDLE") != NULL)
    self->ca_bundle = g_strdup (non_empty_env ("AWS_CA_BUNDLE"));
  else
    self->ca_bundle = dup_value (config, conf_group, "ca_bundle");

  return g_steal_pointer (&self);
}
