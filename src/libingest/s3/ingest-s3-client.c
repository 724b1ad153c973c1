/* ingest-s3-client.c
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

/* The S3 client object, its settings and its operations. Over 1,000 lines
 * on purpose: some fifteen S3 operations, one public function each, short;
 * the request engine, XML readers and checksums live in files of their own. */

#define G_LOG_DOMAIN "ingest-s3-client"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/tree.h>

#include "ingest-s3-checksum-private.h"
#include "ingest-s3-client.h"
#include "ingest-s3-client-private.h"
#include "ingest-s3-request-private.h"
#include "ingest-upload-error.h"

/**
 * IngestS3Client:
 *
 * A small synchronous S3 client over libcurl with hand-made SigV4 signing.
 * Every request method blocks and is meant to run on a worker thread; the
 * client may be used from several threads at once once it is configured.
 * No request is retried here: the caller decides, with
 * ingest_upload_error_is_transient(), so that wrong credentials never turn
 * into a retry storm.
 */

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_PATH_STYLE,
  PROP_CA_FILE,
  PROP_CONNECT_TIMEOUT,
  PROP_LOW_SPEED_TIME,
  PROP_CLOCK_OFFSET,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (IngestS3Client, ingest_s3_client, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* helpers: data structures */

IngestS3Part *
ingest_s3_part_new (guint       part_number,
                    const char *etag,
                    guint64     size)
{
  IngestS3Part *part = g_new0 (IngestS3Part, 1);

  part->part_number = part_number;
  part->etag = g_strdup (etag);
  part->size = size;
  return part;
}

void
ingest_s3_part_free (IngestS3Part *part)
{
  if (part == NULL)
    return;
  g_free (part->etag);
  g_free (part->checksum_crc32c);
  g_free (part);
}

void
ingest_s3_upload_free (IngestS3Upload *upload)
{
  if (upload == NULL)
    return;
  g_free (upload->key);
  g_free (upload->upload_id);
  g_free (upload->initiated);
  g_free (upload);
}

void
ingest_s3_put_result_clear (IngestS3PutResult *result)
{
  g_clear_pointer (&result->checksum_crc32c, g_free);
  result->checksum_rejected = FALSE;
}

void
ingest_s3_object_info_free (IngestS3ObjectInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->etag);
  g_free (info->content_type);
  g_free (info->last_modified);
  g_free (info->checksum_crc32c);
  g_free (info->checksum_sha256);
  g_free (info->checksum_type);
  g_clear_pointer (&info->metadata, g_hash_table_unref);
  g_free (info);
}

void
ingest_s3_listed_object_free (IngestS3ListedObject *object)
{
  if (object == NULL)
    return;
  g_free (object->key);
  g_free (object->etag);
  g_free (object->last_modified);
  g_free (object);
}

/* ---------------------------------------------------------------------- */
/* GObject */

static void
ingest_s3_client_finalize (GObject *object)
{
  IngestS3Client *self = (IngestS3Client *) object;

  for (guint i = 0; i < self->pool->len; i++)
    curl_easy_cleanup (g_ptr_array_index (self->pool, i));
  g_ptr_array_unref (self->pool);
  g_mutex_clear (&self->pool_lock);
  g_clear_pointer (&self->credentials, ingest_s3_credentials_free);
  g_free (self->endpoint);
  g_free (self->scheme);
  g_free (self->host);
  g_free (self->ca_file);

  G_OBJECT_CLASS (ingest_s3_client_parent_class)->finalize (object);
}

static void
ingest_s3_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IngestS3Client *self = INGEST_S3_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_REGION:
      g_value_set_string (value, ingest_s3_client_get_region (self));
      break;
    case PROP_PATH_STYLE:
      g_value_set_boolean (value, self->path_style);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_LOW_SPEED_TIME:
      g_value_set_uint (value, self->low_speed_time);
      break;
    case PROP_CLOCK_OFFSET:
      g_value_set_int64 (value, self->clock_offset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_s3_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IngestS3Client *self = INGEST_S3_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PATH_STYLE:
      ingest_s3_client_set_path_style (self, g_value_get_boolean (value));
      break;
    case PROP_CA_FILE:
      ingest_s3_client_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      ingest_s3_client_set_connect_timeout (self, g_value_get_uint (value));
      break;
    case PROP_LOW_SPEED_TIME:
      ingest_s3_client_set_low_speed_time (self, g_value_get_uint (value));
      break;
    case PROP_CLOCK_OFFSET:
      ingest_s3_client_set_clock_offset (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_s3_client_class_init (IngestS3ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_s3_client_finalize;
  object_class->get_property = ingest_s3_client_get_property;
  object_class->set_property = ingest_s3_client_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH_STYLE] =
    g_param_spec_boolean ("path-style", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 3600, 10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOW_SPEED_TIME] =
    g_param_spec_uint ("low-speed-time", NULL, NULL, 1, 3600, 30,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK_OFFSET] =
    g_param_spec_int64 ("clock-offset", NULL, NULL, -G_MAXINT32, G_MAXINT32, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_s3_client_init (IngestS3Client *self)
{
  g_mutex_init (&self->pool_lock);
  self->pool = g_ptr_array_new ();
  self->connect_timeout = 10;
  self->low_speed_time = 30;
  self->path_style = TRUE;
}

/* ---------------------------------------------------------------------- */
/* public API: construction and settings */

/**
 * ingest_s3_client_new:
 * @endpoint: (nullable): "http(s)://host[:port]"; %NULL: the credentials'
 *   endpoint_url, else AWS's regional endpoint
 * @credentials: keys and region (copied)
 * @error: return location for an %INGEST_UPLOAD_ERROR_CONFIG error
 *
 * Custom endpoints (Ceph, MinIO...) start path-style; AWS starts
 * virtual-hosted. TLS certificates are always verified; proxies come from
 * the usual environment variables (libcurl's defaults).
 *
 * Returns: (transfer full): a new client, or %NULL for an unusable endpoint
 */
IngestS3Client *
ingest_s3_client_new (const char                 *endpoint,
                      const IngestS3Credentials  *credentials,
                      GError                    **error)
{
  g_autoptr(IngestS3Client) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *aws_endpoint = NULL;
  const char *path;

  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (credentials->access_key_id != NULL, NULL);
  g_return_val_if_fail (credentials->secret_access_key != NULL, NULL);

  if (endpoint == NULL)
    endpoint = credentials->endpoint_url;
  if (endpoint == NULL)
    endpoint = aws_endpoint = g_strdup_printf ("https://s3.%s.amazonaws.com",
                                               credentials->region ? credentials->region : "us-east-1");

  uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  path = uri ? g_uri_get_path (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
      || (path != NULL && path[0] != '\0' && strcmp (path, "/") != 0)
      || g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "“%s” is not a usable S3 endpoint: expected http(s)://host[:port]", endpoint);
      return NULL;
    }

  self = g_object_new (INGEST_TYPE_S3_CLIENT, NULL);
  self->credentials = ingest_s3_credentials_copy (credentials);
  if (self->credentials->region == NULL)
    self->credentials->region = g_strdup ("us-east-1");
  self->scheme = g_strdup (g_uri_get_scheme (uri));
  if (g_uri_get_port (uri) > 0)
    self->host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    self->host = g_strdup (g_uri_get_host (uri));
  if (strchr (g_uri_get_host (uri), ':') != NULL)   /* IPv6 literal */
    {
      g_free (self->host);
      self->host = g_uri_get_port (uri) > 0
        ? g_strdup_printf ("[%s]:%d", g_uri_get_host (uri), g_uri_get_port (uri))
        : g_strdup_printf ("[%s]", g_uri_get_host (uri));
    }
  self->endpoint = g_strdup_printf ("%s://%s", self->scheme, self->host);
  self->ip_host = g_hostname_is_ip_address (g_uri_get_host (uri));
  self->path_style = !g_str_has_suffix (g_uri_get_host (uri), ".amazonaws.com");
  self->ca_file = g_strdup (credentials->ca_bundle);

  return g_steal_pointer (&self);
}

const char *
ingest_s3_client_get_endpoint (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  return self->endpoint;
}

const char *
ingest_s3_client_get_region (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  return self->credentials ? self->credentials->region : NULL;
}

gboolean
ingest_s3_client_get_path_style (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  return self->path_style;
}

/* TRUE: http://host/bucket/key; FALSE: http://bucket.host/key (ignored for
 * an IP address endpoint, which would send "bucket.127.0.0.1" to DNS). */
void
ingest_s3_client_set_path_style (IngestS3Client *self,
                                 gboolean        path_style)
{
  g_return_if_fail (INGEST_IS_S3_CLIENT (self));

  path_style = !!path_style || self->ip_host;
  if (self->path_style == (guint) path_style)
    return;
  self->path_style = path_style;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH_STYLE]);
}

const char *
ingest_s3_client_get_ca_file (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  return self->ca_file;
}

/* A PEM bundle to verify the server with, instead of the system's. */
void
ingest_s3_client_set_ca_file (IngestS3Client *self,
                              const char     *ca_file)
{
  g_return_if_fail (INGEST_IS_S3_CLIENT (self));

  if (g_strcmp0 (self->ca_file, ca_file) == 0)
    return;
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

guint
ingest_s3_client_get_connect_timeout (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), 0);
  return self->connect_timeout;
}

void
ingest_s3_client_set_connect_timeout (IngestS3Client *self,
                                      guint           seconds)
{
  g_return_if_fail (INGEST_IS_S3_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->connect_timeout == seconds)
    return;
  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

guint
ingest_s3_client_get_low_speed_time (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), 0);
  return self->low_speed_time;
}

/* A request during which nothing moves for this many seconds fails with
 * INGEST_UPLOAD_ERROR_TIMEOUT (a stalled server must not hang an upload). */
void
ingest_s3_client_set_low_speed_time (IngestS3Client *self,
                                     guint           seconds)
{
  g_return_if_fail (INGEST_IS_S3_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->low_speed_time == seconds)
    return;
  self->low_speed_time = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOW_SPEED_TIME]);
}

gint64
ingest_s3_client_get_clock_offset (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), 0);
  return self->clock_offset;
}

/* Seconds added to the local clock when signing (0 normally). */
void
ingest_s3_client_set_clock_offset (IngestS3Client *self,
                                   gint64          seconds)
{
  g_return_if_fail (INGEST_IS_S3_CLIENT (self));

  if (self->clock_offset == seconds)
    return;
  self->clock_offset = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOCK_OFFSET]);
}

/* How many HTTP requests this client has sent (for tests and statistics). */
guint64
ingest_s3_client_get_n_requests (IngestS3Client *self)
{
  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), 0);
  return g_atomic_int_get (&self->n_requests);
}

/* ---------------------------------------------------------------------- */
/* public API: requests */

/**
 * ingest_s3_client_create_bucket:
 *
 * Creates @bucket in the default location (no LocationConstraint, which
 * Ceph refuses for any region but its own). An existing bucket owned by
 * these credentials counts as success.
 */
gboolean
ingest_s3_client_create_bucket (IngestS3Client  *self,
                                const char      *bucket,
                                GCancellable    *cancellable,
                                GError         **error)
{
  IngestS3Request req;
  gboolean ok;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (bucket != NULL, FALSE);

  _ingest_s3_request_init (&req, "PUT", bucket, NULL);
  ok = _ingest_s3_request_perform (self, &req, cancellable, &local_error);
  if (!ok && req.response_body != NULL && req.response_body->len > 0
      && g_strstr_len ((const char *) req.response_body->data, req.response_body->len,
                       "<Code>BucketAlreadyOwnedByYou</Code>") != NULL)
    ok = TRUE;
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  _ingest_s3_request_clear (&req);
  return ok;
}

/**
 * ingest_s3_client_put_object:
 * @data: (array length=len): the whole object
 * @options: (nullable): checksums, metadata, content type
 *
 * PutObject with Content-MD5 and the payload SHA-256, so the server checks
 * every byte it stores.
 *
 * Returns: (transfer full): the object's ETag (no quotes), or %NULL
 */
char *
ingest_s3_client_put_object (IngestS3Client            *self,
                             const char                *bucket,
                             const char                *key,
                             const guint8              *data,
                             gsize                      len,
                             const IngestS3PutOptions  *options,
                             GCancellable              *cancellable,
                             GError                   **error)
{
  IngestS3Request req;
  char *etag = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  _ingest_s3_request_init (&req, "PUT", bucket, key);
  req.body = data;
  req.body_len = len;
  req.payload_sha256 = options ? options->payload_sha256 : NULL;
  req.limit = options ? options->limit : NULL;
  _ingest_s3_request_add_header (req.headers, "Content-Type",
                                 options && options->content_type ? options->content_type : "application/octet-stream");
  if (_ingest_s3_request_add_put_headers (req.headers, options, data, len, TRUE, error))
    {
      gboolean ok = _ingest_s3_request_perform (self, &req, cancellable, error);

      _ingest_s3_request_fill_put_result (&req, ok, options);
      if (ok)
        etag = _ingest_s3_strip_etag (g_hash_table_lookup (req.response_headers, "etag"));
    }
  _ingest_s3_request_clear (&req);

  if (etag == NULL && error != NULL && *error == NULL)
    g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                 "PUT %s: the answer has no ETag", key);
  return etag;
}

/**
 * ingest_s3_client_head_object:
 *
 * Returns: (transfer full): size, ETag, metadata and any checksums of the
 *   object, or %NULL (%INGEST_UPLOAD_ERROR_NO_SUCH_KEY when it is not there)
 */
IngestS3ObjectInfo *
ingest_s3_client_head_object (IngestS3Client  *self,
                              const char      *bucket,
                              const char      *key,
                              GCancellable    *cancellable,
                              GError         **error)
{
  IngestS3Request req;
  IngestS3ObjectInfo *info = NULL;
  GHashTableIter iter;
  gpointer name, value;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);

  _ingest_s3_request_init (&req, "HEAD", bucket, key);
  /* AWS returns stored x-amz-checksum-* only when asked to. */
  _ingest_s3_request_add_header (req.headers, "x-amz-checksum-mode", "ENABLED");
  if (_ingest_s3_request_perform (self, &req, cancellable, error))
    {
      const char *length = g_hash_table_lookup (req.response_headers, "content-length");

      info = g_new0 (IngestS3ObjectInfo, 1);
      info->size = length ? g_ascii_strtoull (length, NULL, 10) : 0;
      info->etag = _ingest_s3_strip_etag (g_hash_table_lookup (req.response_headers, "etag"));
      info->content_type = g_strdup (g_hash_table_lookup (req.response_headers, "content-type"));
      info->last_modified = g_strdup (g_hash_table_lookup (req.response_headers, "last-modified"));
      info->checksum_crc32c = g_strdup (g_hash_table_lookup (req.response_headers, "x-amz-checksum-crc32c"));
      info->checksum_sha256 = g_strdup (g_hash_table_lookup (req.response_headers, "x-amz-checksum-sha256"));
      info->checksum_type = g_strdup (g_hash_table_lookup (req.response_headers, "x-amz-checksum-type"));
      info->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      g_hash_table_iter_init (&iter, req.response_headers);
      while (g_hash_table_iter_next (&iter, &name, &value))
        if (g_str_has_prefix (name, "x-amz-meta-"))
          g_hash_table_insert (info->metadata, g_strdup ((const char *) name + strlen ("x-amz-meta-")),
                               g_strdup (value));
    }
  _ingest_s3_request_clear (&req);
  return info;
}

/**
 * ingest_s3_client_get_object:
 *
 * Downloads a whole object into memory (tests and small files).
 *
 * Returns: (transfer full): the bytes, or %NULL
 */
GBytes *
ingest_s3_client_get_object (IngestS3Client  *self,
                             const char      *bucket,
                             const char      *key,
                             GCancellable    *cancellable,
                             GError         **error)
{
  IngestS3Request req;
  GBytes *bytes = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);

  _ingest_s3_request_init (&req, "GET", bucket, key);
  if (_ingest_s3_request_perform (self, &req, cancellable, error))
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&req.response_body));
  _ingest_s3_request_clear (&req);
  return bytes;
}

/**
 * ingest_s3_client_get_object_to_file:
 * @path: where to write the object (created or truncated)
 *
 * Downloads a whole object to a file without holding it in memory.
 */
gboolean
ingest_s3_client_get_object_to_file (IngestS3Client  *self,
                                     const char      *bucket,
                                     const char      *key,
                                     const char      *path,
                                     GCancellable    *cancellable,
                                     GError         **error)
{
  IngestS3Request req;
  gboolean ok;
  FILE *fp;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (bucket != NULL && key != NULL && path != NULL, FALSE);

  fp = fopen (path, "wb");
  if (fp == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "cannot create %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  _ingest_s3_request_init (&req, "GET", bucket, key);
  req.sink = fp;
  ok = _ingest_s3_request_perform (self, &req, cancellable, error);
  _ingest_s3_request_clear (&req);

  if (fclose (fp) != 0 && ok)
    {
      int saved_errno = errno;

      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "cannot write %s: %s", path, g_strerror (saved_errno));
      ok = FALSE;
    }
  return ok;
}

gboolean
ingest_s3_client_delete_object (IngestS3Client  *self,
                                const char      *bucket,
                                const char      *key,
                                GCancellable    *cancellable,
                                GError         **error)
{
  IngestS3Request req;
  gboolean ok;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (bucket != NULL && key != NULL, FALSE);

  _ingest_s3_request_init (&req, "DELETE", bucket, key);
  ok = _ingest_s3_request_perform (self, &req, cancellable, error);
  _ingest_s3_request_clear (&req);
  return ok;
}

/**
 * ingest_s3_client_create_multipart_upload:
 * @options: (nullable): content type, metadata and the checksum algorithm
 *   of the parts; @options->result says whether the server refused the
 *   algorithm header
 *
 * Returns: (transfer full): the new upload id, or %NULL
 */
char *
ingest_s3_client_create_multipart_upload (IngestS3Client            *self,
                                          const char                *bucket,
                                          const char                *key,
                                          const IngestS3PutOptions  *options,
                                          GCancellable              *cancellable,
                                          GError                   **error)
{
  static const char * const query[] = { "uploads", NULL, NULL };
  IngestS3Request req;
  char *upload_id = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);

  _ingest_s3_request_init (&req, "POST", bucket, key);
  req.query = query;
  /* libcurl would otherwise send (and the object keep) a form content type. */
  _ingest_s3_request_add_header (req.headers, "Content-Type",
                                 options && options->content_type ? options->content_type : "application/octet-stream");
  if (_ingest_s3_request_add_put_headers (req.headers, options, NULL, 0, FALSE, error))
    {
      gboolean ok = _ingest_s3_request_perform (self, &req, cancellable, error);
      xmlDoc *doc;

      _ingest_s3_request_fill_put_result (&req, ok, options);
      doc = ok ? _ingest_s3_request_parse_answer (&req, "InitiateMultipartUploadResult", error) : NULL;

      if (doc != NULL)
        {
          upload_id = _ingest_s3_xml_dup_child_text (xmlDocGetRootElement (doc), "UploadId");
          xmlFreeDoc (doc);
          if (upload_id == NULL || upload_id[0] == '\0')
            {
              g_clear_pointer (&upload_id, g_free);
              g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                           "POST %s?uploads: the answer has no UploadId", key);
            }
        }
    }
  _ingest_s3_request_clear (&req);
  return upload_id;
}

/**
 * ingest_s3_client_upload_part:
 * @part_number: 1 to 10000
 * @data: (array length=len): the part's bytes
 * @options: (nullable): precomputed Content-MD5 / SHA-256 / checksums
 *
 * Returns: (transfer full): the part's ETag (no quotes), or %NULL
 */
char *
ingest_s3_client_upload_part (IngestS3Client            *self,
                              const char                *bucket,
                              const char                *key,
                              const char                *upload_id,
                              guint                      part_number,
                              const guint8              *data,
                              gsize                      len,
                              const IngestS3PutOptions  *options,
                              GCancellable              *cancellable,
                              GError                   **error)
{
  g_autofree char *number = g_strdup_printf ("%u", part_number);
  const char *query[] = { "partNumber", number, "uploadId", upload_id, NULL };
  IngestS3PutOptions part_options = { 0, };
  IngestS3Request req;
  char *etag = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL && upload_id != NULL, NULL);
  g_return_val_if_fail (part_number >= 1 && part_number <= 10000, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* Metadata and content type belong to CreateMultipartUpload only. */
  if (options != NULL)
    {
      part_options = *options;
      part_options.metadata = NULL;
    }

  _ingest_s3_request_init (&req, "PUT", bucket, key);
  req.query = query;
  req.body = data;
  req.body_len = len;
  req.payload_sha256 = part_options.payload_sha256;
  req.limit = part_options.limit;
  if (_ingest_s3_request_add_put_headers (req.headers, &part_options, data, len, TRUE, error))
    {
      gboolean ok = _ingest_s3_request_perform (self, &req, cancellable, error);

      _ingest_s3_request_fill_put_result (&req, ok, options);
      if (ok)
        {
          etag = _ingest_s3_strip_etag (g_hash_table_lookup (req.response_headers, "etag"));
          if (etag == NULL)
            g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                         "PUT %s part %u: the answer has no ETag", key, part_number);
        }
      else if (error != NULL && g_error_matches (*error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY))
        (*error)->code = INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD;
    }
  _ingest_s3_request_clear (&req);
  return etag;
}

/**
 * ingest_s3_client_list_parts:
 * @page_size: parts per request (0: the server's default of 1000)
 * @checksum_algorithm: (out) (optional) (nullable): the <ChecksumAlgorithm>
 *   the upload was created with, as AWS reports it (%NULL: none reported)
 *
 * Lists every part the server holds for the upload, following the pages,
 * with each part's CRC32C when the server lists one.
 * Any 404 means the upload is gone (Ceph RGW 16 answers NoSuchKey where
 * AWS says NoSuchUpload): %INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD.
 *
 * Returns: (transfer full) (element-type IngestS3Part): parts by number
 */
GPtrArray *
ingest_s3_client_list_parts (IngestS3Client  *self,
                             const char      *bucket,
                             const char      *key,
                             const char      *upload_id,
                             guint            page_size,
                             char           **checksum_algorithm,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autofree char *algorithm = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_part_free);
  g_autofree char *marker = NULL;
  g_autofree char *max_parts = page_size ? g_strdup_printf ("%u", page_size) : NULL;
  gboolean truncated = TRUE;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL && upload_id != NULL, NULL);

  while (truncated)
    {
      const char *query[9] = { "uploadId", upload_id, NULL, };
      guint n = 2;
      IngestS3Request req;
      xmlDoc *doc = NULL;
      xmlNode *root;
      g_autofree char *next = NULL;
      guint n_before = parts->len;

      if (max_parts != NULL)
        {
          query[n++] = "max-parts";
          query[n++] = max_parts;
        }
      if (marker != NULL)
        {
          query[n++] = "part-number-marker";
          query[n++] = marker;
        }
      query[n] = NULL;

      _ingest_s3_request_init (&req, "GET", bucket, key);
      req.query = query;
      if (!_ingest_s3_request_perform (self, &req, cancellable, error) || !(doc = _ingest_s3_request_parse_answer (&req, "ListPartsResult", error)))
        {
          if (req.status == 404 && error != NULL && *error != NULL
              && (*error)->domain == INGEST_UPLOAD_ERROR
              && (*error)->code != INGEST_UPLOAD_ERROR_NO_SUCH_BUCKET)
            (*error)->code = INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD;
          _ingest_s3_request_clear (&req);
          return NULL;
        }

      root = xmlDocGetRootElement (doc);
      if (algorithm == NULL)
        algorithm = _ingest_s3_xml_dup_child_text (root, "ChecksumAlgorithm");
      for (xmlNode *node = root->children; node != NULL; node = node->next)
        {
          g_autofree char *number = NULL;
          g_autofree char *etag = NULL;
          g_autofree char *size = NULL;
          IngestS3Part *part;

          if (!_ingest_s3_xml_is_element (node, "Part"))
            continue;
          number = _ingest_s3_xml_dup_child_text (node, "PartNumber");
          etag = _ingest_s3_xml_dup_child_text (node, "ETag");
          size = _ingest_s3_xml_dup_child_text (node, "Size");
          if (number == NULL || etag == NULL)
            continue;
          part = ingest_s3_part_new ((guint) g_ascii_strtoull (number, NULL, 10),
                                     NULL, size ? g_ascii_strtoull (size, NULL, 10) : 0);
          part->etag = _ingest_s3_strip_etag (etag);
          part->checksum_crc32c = _ingest_s3_xml_dup_child_text (node, "ChecksumCRC32C");
          g_ptr_array_add (parts, part);
        }
      truncated = _ingest_s3_xml_child_is_true (root, "IsTruncated");
      next = _ingest_s3_xml_dup_child_text (root, "NextPartNumberMarker");
      xmlFreeDoc (doc);
      _ingest_s3_request_clear (&req);

      /* A truncated page that moves nowhere would loop forever. */
      if (truncated && (next == NULL || g_strcmp0 (next, marker) == 0 || parts->len == n_before))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                       "ListParts %s: a truncated page without a usable NextPartNumberMarker", key);
          return NULL;
        }
      g_free (marker);
      marker = g_steal_pointer (&next);
    }

  if (checksum_algorithm != NULL)
    *checksum_algorithm = algorithm && algorithm[0] ? g_steal_pointer (&algorithm) : NULL;
  return g_steal_pointer (&parts);
}

static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  const IngestS3Part *pa = *(const IngestS3Part * const *) a;
  const IngestS3Part *pb = *(const IngestS3Part * const *) b;

  return pa->part_number < pb->part_number ? -1 : pa->part_number > pb->part_number;
}

/**
 * ingest_s3_client_complete_multipart_upload:
 * @parts: (element-type IngestS3Part): the parts, in any order; those with
 *   a @checksum_crc32c carry it as <ChecksumCRC32C>, which AWS requires of
 *   an upload created with the CRC32C algorithm (and checks)
 *
 * @if_none_match: sent with "If-None-Match: *": a server that honours it
 *   (AWS since 2024) refuses to replace an object already at the key (HTTP
 *   412, %INGEST_UPLOAD_ERROR_EXISTS). Ceph RGW 16 ignores it here and
 *   replaces the object (test-s3-conflict pins that).
 *
 * Sends the parts sorted by number (AWS refuses any other order; Ceph RGW
 * 16 silently accepts it). Ceph RGW 16 answers with an empty ETag: the
 * caller should HEAD the object and compare its ETag with
 * ingest_s3_multipart_etag() anyway.
 *
 * Returns: (transfer full): the ETag from the answer (may be ""), or %NULL
 */
char *
ingest_s3_client_complete_multipart_upload (IngestS3Client  *self,
                                            const char      *bucket,
                                            const char      *key,
                                            const char      *upload_id,
                                            GPtrArray       *parts,
                                            gboolean         if_none_match,
                                            GCancellable    *cancellable,
                                            GError         **error)
{
  const char *query[] = { "uploadId", upload_id, NULL };
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GString) body = NULL;
  IngestS3Request req;
  char *etag = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL && upload_id != NULL, NULL);
  g_return_val_if_fail (parts != NULL && parts->len > 0, NULL);

  sorted = g_ptr_array_sized_new (parts->len);
  for (guint i = 0; i < parts->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (parts, i));
  g_ptr_array_sort (sorted, compare_parts);

  body = g_string_new ("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
  for (guint i = 0; i < sorted->len; i++)
    {
      const IngestS3Part *part = g_ptr_array_index (sorted, i);
      g_autofree char *escaped = g_markup_escape_text (part->etag, -1);

      g_string_append_printf (body, "<Part><PartNumber>%u</PartNumber><ETag>\"%s\"</ETag>",
                              part->part_number, escaped);
      if (part->checksum_crc32c != NULL)
        {
          g_autofree char *crc = g_markup_escape_text (part->checksum_crc32c, -1);

          g_string_append_printf (body, "<ChecksumCRC32C>%s</ChecksumCRC32C>", crc);
        }
      g_string_append (body, "</Part>");
    }
  g_string_append (body, "</CompleteMultipartUpload>");

  _ingest_s3_request_init (&req, "POST", bucket, key);
  req.query = query;
  req.body = (const guint8 *) body->str;
  req.body_len = body->len;
  _ingest_s3_request_add_header (req.headers, "Content-Type", "application/xml");
  if (if_none_match)
    _ingest_s3_request_add_header (req.headers, "If-None-Match", "*");
  if (_ingest_s3_request_perform (self, &req, cancellable, error))
    {
      xmlDoc *doc = _ingest_s3_request_parse_answer (&req, "CompleteMultipartUploadResult", error);

      if (doc != NULL)
        {
          g_autofree char *quoted = _ingest_s3_xml_dup_child_text (xmlDocGetRootElement (doc), "ETag");

          etag = quoted ? _ingest_s3_strip_etag (quoted) : g_strdup ("");
          xmlFreeDoc (doc);
        }
    }
  else if (req.status == 404 && error != NULL && *error != NULL
           && (*error)->domain == INGEST_UPLOAD_ERROR
           && (*error)->code == INGEST_UPLOAD_ERROR_NO_SUCH_KEY)
    (*error)->code = INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD;
  _ingest_s3_request_clear (&req);
  return etag;
}

gboolean
ingest_s3_client_abort_multipart_upload (IngestS3Client  *self,
                                         const char      *bucket,
                                         const char      *key,
                                         const char      *upload_id,
                                         GCancellable    *cancellable,
                                         GError         **error)
{
  const char *query[] = { "uploadId", upload_id, NULL };
  IngestS3Request req;
  gboolean ok;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (bucket != NULL && key != NULL && upload_id != NULL, FALSE);

  _ingest_s3_request_init (&req, "DELETE", bucket, key);
  req.query = query;
  ok = _ingest_s3_request_perform (self, &req, cancellable, error);
  _ingest_s3_request_clear (&req);
  return ok;
}

/**
 * ingest_s3_client_list_multipart_uploads:
 * @prefix: (nullable): only keys starting with this
 * @page_size: uploads per request (0: the server's default)
 *
 * Returns: (transfer full) (element-type IngestS3Upload): every unfinished
 *   upload in the bucket, following the pages
 */
GPtrArray *
ingest_s3_client_list_multipart_uploads (IngestS3Client  *self,
                                         const char      *bucket,
                                         const char      *prefix,
                                         guint            page_size,
                                         GCancellable    *cancellable,
                                         GError         **error)
{
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_upload_free);
  g_autofree char *key_marker = NULL;
  g_autofree char *id_marker = NULL;
  g_autofree char *max_uploads = page_size ? g_strdup_printf ("%u", page_size) : NULL;
  gboolean truncated = TRUE;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL, NULL);

  while (truncated)
    {
      const char *query[13] = { "uploads", NULL, NULL, };
      guint n = 2;
      IngestS3Request req;
      xmlDoc *doc = NULL;
      xmlNode *root;
      g_autofree char *next_key = NULL;
      g_autofree char *next_id = NULL;

      if (key_marker != NULL)
        {
          query[n++] = "key-marker";
          query[n++] = key_marker;
        }
      if (max_uploads != NULL)
        {
          query[n++] = "max-uploads";
          query[n++] = max_uploads;
        }
      if (prefix != NULL)
        {
          query[n++] = "prefix";
          query[n++] = prefix;
        }
      if (id_marker != NULL)
        {
          query[n++] = "upload-id-marker";
          query[n++] = id_marker;
        }
      query[n] = NULL;

      _ingest_s3_request_init (&req, "GET", bucket, NULL);
      req.query = query;
      if (!_ingest_s3_request_perform (self, &req, cancellable, error)
          || !(doc = _ingest_s3_request_parse_answer (&req, "ListMultipartUploadsResult", error)))
        {
          _ingest_s3_request_clear (&req);
          return NULL;
        }

      root = xmlDocGetRootElement (doc);
      for (xmlNode *node = root->children; node != NULL; node = node->next)
        {
          IngestS3Upload *upload;

          if (!_ingest_s3_xml_is_element (node, "Upload"))
            continue;
          upload = g_new0 (IngestS3Upload, 1);
          upload->key = _ingest_s3_xml_dup_child_text (node, "Key");
          upload->upload_id = _ingest_s3_xml_dup_child_text (node, "UploadId");
          upload->initiated = _ingest_s3_xml_dup_child_text (node, "Initiated");
          if (upload->key == NULL || upload->upload_id == NULL)
            {
              ingest_s3_upload_free (upload);
              continue;
            }
          g_ptr_array_add (uploads, upload);
        }
      truncated = _ingest_s3_xml_child_is_true (root, "IsTruncated");
      next_key = _ingest_s3_xml_dup_child_text (root, "NextKeyMarker");
      next_id = _ingest_s3_xml_dup_child_text (root, "NextUploadIdMarker");
      xmlFreeDoc (doc);
      _ingest_s3_request_clear (&req);

      if (truncated && (next_key == NULL || (g_strcmp0 (next_key, key_marker) == 0
                                             && g_strcmp0 (next_id, id_marker) == 0)))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                       "ListMultipartUploads %s: a truncated page without usable markers", bucket);
          return NULL;
        }
      g_free (key_marker);
      g_free (id_marker);
      key_marker = g_steal_pointer (&next_key);
      id_marker = g_steal_pointer (&next_id);
    }

  return g_steal_pointer (&uploads);
}

/**
 * ingest_s3_client_list_objects:
 * @prefix: (nullable): only keys starting with this
 * @delimiter: (nullable): e.g. "/": keys with it after @prefix are left
 *   out (they are "folders" below; their common prefixes are not returned)
 * @page_size: keys per request (0: the server's default of 1000)
 *
 * ListObjectsV2, following the continuation tokens.
 *
 * Returns: (transfer full) (element-type IngestS3ListedObject): every
 *   object, in the server's (key) order
 */
GPtrArray *
ingest_s3_client_list_objects (IngestS3Client  *self,
                               const char      *bucket,
                               const char      *prefix,
                               const char      *delimiter,
                               guint            page_size,
                               GCancellable    *cancellable,
                               GError         **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_listed_object_free);
  g_autofree char *token = NULL;
  g_autofree char *max_keys = page_size ? g_strdup_printf ("%u", page_size) : NULL;
  gboolean truncated = TRUE;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL, NULL);

  while (truncated)
    {
      const char *query[11] = { "list-type", "2", NULL, };
      guint n = 2;
      IngestS3Request req;
      xmlDoc *doc = NULL;
      xmlNode *root;
      g_autofree char *next = NULL;
      gboolean ok;

      if (token != NULL)
        {
          query[n++] = "continuation-token";
          query[n++] = token;
        }
      if (delimiter != NULL)
        {
          query[n++] = "delimiter";
          query[n++] = delimiter;
        }
      if (max_keys != NULL)
        {
          query[n++] = "max-keys";
          query[n++] = max_keys;
        }
      if (prefix != NULL)
        {
          query[n++] = "prefix";
          query[n++] = prefix;
        }
      query[n] = NULL;

      _ingest_s3_request_init (&req, "GET", bucket, NULL);
      req.query = query;
      if (!_ingest_s3_request_perform (self, &req, cancellable, error) || !(doc = _ingest_s3_request_parse_answer (&req, "ListBucketResult", error)))
        {
          _ingest_s3_request_clear (&req);
          return NULL;
        }

      root = xmlDocGetRootElement (doc);
      ok = _ingest_s3_xml_read_list_page (root, objects, &truncated, &next, error);
      xmlFreeDoc (doc);
      _ingest_s3_request_clear (&req);
      if (!ok)
        return NULL;

      /* A truncated page that leads nowhere would loop forever. */
      if (truncated && (next == NULL || next[0] == '\0' || g_strcmp0 (next, token) == 0))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                       "ListObjectsV2 %s: a truncated page without a usable continuation token", bucket);
          return NULL;
        }
      g_free (token);
      token = g_steal_pointer (&next);
    }

  return g_steal_pointer (&objects);
}
