/* ingest-s3-request.c
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

/* One S3 request: its headers, SigV4 signature, a pooled curl easy handle,
 * the transfer callbacks, and the answer turned into data or a GError. No
 * retries here: the caller decides (ingest_upload_error_is_transient()). */

#define G_LOG_DOMAIN "ingest-s3-client"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/tree.h>

#include "ingest-s3-client-private.h"
#include "ingest-s3-request-private.h"
#include "ingest-sigv4.h"
#include "ingest-upload-error.h"

/* ---------------------------------------------------------------------- */
/* headers */

static gboolean
has_control_chars (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

void
_ingest_s3_request_add_header (GPtrArray  *headers,
                               const char *name,
                               const char *value)
{
  g_ptr_array_add (headers, g_strdup (name));
  g_ptr_array_add (headers, g_strdup (value));
}

/* Adds the headers of a request that carries object data. Header values
 * must not be able to smuggle in other headers, hence the control check. */
gboolean
_ingest_s3_request_add_put_headers (GPtrArray                 *headers,
                                    const IngestS3PutOptions  *options,
                                    const guint8              *data,
                                    gsize                      len,
                                    gboolean                   with_body,
                                    GError                   **error)
{
  static const IngestS3PutOptions no_options;
  GHashTableIter iter;
  gpointer name, value;

  if (options == NULL)
    options = &no_options;

  if (with_body)
    {
      if (options->content_md5 != NULL)
        _ingest_s3_request_add_header (headers, "Content-MD5", options->content_md5);
      else
        {
          g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
          guint8 digest[16];
          gsize digest_len = sizeof digest;
          g_autofree char *b64 = NULL;

          g_checksum_update (checksum, data, len);
          g_checksum_get_digest (checksum, digest, &digest_len);
          b64 = g_base64_encode (digest, digest_len);
          _ingest_s3_request_add_header (headers, "Content-MD5", b64);
        }
      if (options->checksum_crc32c != NULL)
        _ingest_s3_request_add_header (headers, "x-amz-checksum-crc32c", options->checksum_crc32c);
      if (options->checksum_sha256 != NULL)
        _ingest_s3_request_add_header (headers, "x-amz-checksum-sha256", options->checksum_sha256);
      if (options->if_none_match)
        _ingest_s3_request_add_header (headers, "If-None-Match", "*");
      /* Bare: Ceph RGW 16 refuses a quoted ETag here even when it matches. */
      if (options->if_match != NULL)
        _ingest_s3_request_add_header (headers, "If-Match", options->if_match);
    }
  else if (options->checksum_algorithm != NULL)
    _ingest_s3_request_add_header (headers, "x-amz-checksum-algorithm", options->checksum_algorithm);

  if (options->metadata != NULL)
    {
      g_hash_table_iter_init (&iter, options->metadata);
      while (g_hash_table_iter_next (&iter, &name, &value))
        {
          g_autofree char *header = g_strdup_printf ("x-amz-meta-%s", (const char *) name);

          if (has_control_chars (name) || has_control_chars (value) || strchr (name, ':') != NULL)
            {
              g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_INVALID_REQUEST,
                           "metadata “%s” has characters an HTTP header cannot carry",
                           (const char *) name);
              return FALSE;
            }
          _ingest_s3_request_add_header (headers, header, value);
        }
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */

/*
 * Whether a refusal is about the x-amz-checksum-* header itself (a part's
 * or object's checksum, or CreateMultipartUpload's algorithm) rather than
 * the bytes: a server without flexible checksums answers 400 InvalidArgument
 * or InvalidRequest, or 501 NotImplemented, naming the checksum in the
 * argument, header or message. BadDigest, InvalidDigest and
 * XAmzContentSHA256Mismatch mean damaged bytes and never match (AWS's own
 * "CRC32C did not match" is a BadDigest). AWS says InvalidRequest "Checksum
 * Type mismatch" to a part checksum its upload was not created with: that
 * too means "send without it".
 */
static gboolean
checksum_header_refused (IngestS3Request *req)
{
  static const char * const codes[] = { "InvalidArgument", "InvalidRequest", "NotImplemented", NULL };
  static const char * const fields[] = { "ArgumentName", "Header", "Message", NULL };
  gboolean sent = FALSE;
  gboolean refused = FALSE;
  g_autofree char *code = NULL;
  xmlDoc *doc;
  xmlNode *root;

  for (guint i = 0; i + 1 < req->headers->len; i += 2)
    if (g_str_has_prefix (g_ptr_array_index (req->headers, i), "x-amz-checksum-"))
      sent = TRUE;
  if (!sent || (req->status != 400 && req->status != 501) || req->response_body == NULL)
    return FALSE;

  doc = _ingest_s3_xml_parse (req->response_body->data, req->response_body->len);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (_ingest_s3_xml_is_element (root, "Error"))
    code = _ingest_s3_xml_dup_child_text (root, "Code");
  if (code != NULL && g_strv_contains (codes, code))
    for (guint i = 0; fields[i] != NULL && !refused; i++)
      {
        g_autofree char *text = _ingest_s3_xml_dup_child_text (root, fields[i]);
        g_autofree char *lower = text ? g_ascii_strdown (text, -1) : NULL;

        refused = lower != NULL && strstr (lower, "checksum") != NULL;
      }
  g_clear_pointer (&doc, xmlFreeDoc);
  return refused;
}

/* Fills options->result from the answer to a PUT or UploadPart. */
void
_ingest_s3_request_fill_put_result (IngestS3Request          *req,
                                    gboolean                  ok,
                                    const IngestS3PutOptions *options)
{
  IngestS3PutResult *result = options ? options->result : NULL;

  if (result == NULL)
    return;
  ingest_s3_put_result_clear (result);
  if (ok)
    result->checksum_crc32c = g_strdup (g_hash_table_lookup (req->response_headers, "x-amz-checksum-crc32c"));
  else
    result->checksum_rejected = checksum_header_refused (req);
}

/* Turns a non-2xx answer into a GError a person can act on. */
static void
set_http_error (GError          **error,
                IngestS3Request  *req,
                const char       *s3_code,
                const char       *s3_message)
{
  IngestUploadError code;
  g_autofree char *what = NULL;
  long status = req->status;
  const char *code_or_status = s3_code;
  g_autofree char *status_text = g_strdup_printf ("HTTP %ld", status);

  if (code_or_status == NULL)
    code_or_status = "";

  if (g_strcmp0 (s3_code, "NoSuchBucket") == 0)
    {
      code = INGEST_UPLOAD_ERROR_NO_SUCH_BUCKET;
      what = g_strdup_printf ("bucket “%s” does not exist", req->bucket);
    }
  else if (g_strcmp0 (s3_code, "NoSuchKey") == 0 || (s3_code == NULL && status == 404 && req->key))
    {
      code = INGEST_UPLOAD_ERROR_NO_SUCH_KEY;
      what = g_strdup_printf ("object “%s” does not exist in bucket “%s”", req->key, req->bucket);
    }
  else if (g_strcmp0 (s3_code, "NoSuchUpload") == 0)
    {
      code = INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD;
      what = g_strdup_printf ("the multipart upload of “%s” no longer exists", req->key);
    }
  else if (g_strcmp0 (s3_code, "PreconditionFailed") == 0 || status == 412)
    {
      /* "If-None-Match: *" or "If-Match: ETAG": the key holds something else. */
      code = INGEST_UPLOAD_ERROR_EXISTS;
      what = g_strdup_printf ("an object is already at “%s”; it was not replaced", req->key ? req->key : "");
    }
  else if (g_strcmp0 (s3_code, "InvalidAccessKeyId") == 0)
    {
      code = INGEST_UPLOAD_ERROR_CREDENTIALS;
      what = g_strdup ("the access key is not known to the server: check the credentials");
    }
  else if (g_strcmp0 (s3_code, "SignatureDoesNotMatch") == 0)
    {
      code = INGEST_UPLOAD_ERROR_CREDENTIALS;
      what = g_strdup ("the server rejected the signature: check the secret key");
    }
  else if (g_strcmp0 (s3_code, "ExpiredToken") == 0 || g_strcmp0 (s3_code, "InvalidToken") == 0
           || g_strcmp0 (s3_code, "TokenRefreshRequired") == 0)
    {
      code = INGEST_UPLOAD_ERROR_CREDENTIALS;
      what = g_strdup ("the session token is expired or invalid: renew the credentials");
    }
  else if (g_strcmp0 (s3_code, "AccessDenied") == 0 || (s3_code == NULL && status == 403))
    {
      code = INGEST_UPLOAD_ERROR_ACCESS_DENIED;
      what = g_strdup_printf ("access denied to bucket “%s”", req->bucket ? req->bucket : "");
    }
  else if (g_strcmp0 (s3_code, "RequestTimeTooSkewed") == 0)
    {
      code = INGEST_UPLOAD_ERROR_CLOCK_SKEW;
      what = g_strdup ("clock skew too large: set this computer's clock right");
    }
  else if (g_strcmp0 (s3_code, "BadDigest") == 0 || g_strcmp0 (s3_code, "InvalidDigest") == 0
           || g_strcmp0 (s3_code, "XAmzContentSHA256Mismatch") == 0)
    {
      code = INGEST_UPLOAD_ERROR_BAD_DIGEST;
      what = g_strdup ("the server received bytes that do not match their checksum");
    }
  else if (g_strcmp0 (s3_code, "QuotaExceeded") == 0)
    {
      code = INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED;
      what = g_strdup_printf ("storage quota exceeded for bucket “%s”", req->bucket);
    }
  else if (g_strcmp0 (s3_code, "SlowDown") == 0 || g_strcmp0 (s3_code, "ServiceUnavailable") == 0
           || status == 503)
    {
      code = INGEST_UPLOAD_ERROR_SLOW_DOWN;
      what = g_strdup ("the server asks to slow down");
    }
  else if (g_strcmp0 (s3_code, "RequestTimeout") == 0)
    {
      code = INGEST_UPLOAD_ERROR_TIMEOUT;
      what = g_strdup ("the server timed out waiting for data");
    }
  else if (g_strcmp0 (s3_code, "InternalError") == 0 || status >= 500)
    {
      code = INGEST_UPLOAD_ERROR_SERVER;
      what = g_strdup ("server error");
    }
  else if (status >= 400)
    {
      code = INGEST_UPLOAD_ERROR_INVALID_REQUEST;
      what = g_strdup_printf ("the server refused the request%s%s",
                              s3_message ? ": " : "", s3_message ? s3_message : "");
    }
  else
    {
      code = INGEST_UPLOAD_ERROR_PROTOCOL;
      what = g_strdup ("unexpected answer");
    }

  g_set_error (error, INGEST_UPLOAD_ERROR, code, "%s (%s%s%s %s %s)", what,
               code_or_status, code_or_status[0] ? ", " : "", status_text,
               req->method, req->key ? req->key : (req->bucket ? req->bucket : "/"));
}

static void
set_error_from_answer (GError          **error,
                       IngestS3Request  *req)
{
  xmlDoc *doc = _ingest_s3_xml_parse (req->response_body->data, req->response_body->len);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
  g_autofree char *s3_code = NULL;
  g_autofree char *s3_message = NULL;

  if (_ingest_s3_xml_is_element (root, "Error"))
    {
      s3_code = _ingest_s3_xml_dup_child_text (root, "Code");
      s3_message = _ingest_s3_xml_dup_child_text (root, "Message");
    }
  g_clear_pointer (&doc, xmlFreeDoc);

  set_http_error (error, req, s3_code, s3_message);
}

static void
set_curl_error (GError          **error,
                CURLcode          res,
                const char       *detail,
                IngestS3Request  *req)
{
  IngestUploadError code;

  if (res == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (req->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      return;
    }

  switch ((int) res)
    {
    case CURLE_OPERATION_TIMEDOUT:
      code = INGEST_UPLOAD_ERROR_TIMEOUT;
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      code = INGEST_UPLOAD_ERROR_NETWORK;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      code = INGEST_UPLOAD_ERROR_TLS;
      break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      code = INGEST_UPLOAD_ERROR_CONFIG;
      break;
    default:
      code = INGEST_UPLOAD_ERROR_FAILED;
      break;
    }

  g_set_error (error, INGEST_UPLOAD_ERROR, code, "%s %s: %s", req->method,
               req->key ? req->key : (req->bucket ? req->bucket : "/"),
               detail && detail[0] ? detail : curl_easy_strerror (res));
}

/* ---------------------------------------------------------------------- */
/* callbacks */

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  IngestS3Request *req = user_data;
  gsize n = MIN (size * nitems, req->body_len - req->read_offset);

  /* Under a cap, hand libcurl about 1/16 s of bytes at a time, paid for
   * first, so the rate is smooth within a request, not only across them. */
  if (req->limit != NULL && n > 0)
    {
      n = MIN (n, MAX (ingest_token_bucket_get_rate (req->limit) / 16, 4096));
      if (!ingest_token_bucket_take (req->limit, n, req->cancellable, NULL))
        return CURL_READFUNC_ABORT;
    }
  if (n > 0)
    memcpy (buffer, req->body + req->read_offset, n);
  req->read_offset += n;
  return n;
}

/* libcurl rewinds the body when it has to send it again (e.g. after a
 * 100-continue that never came). */
static int
seek_cb (void       *user_data,
         curl_off_t  offset,
         int         origin)
{
  IngestS3Request *req = user_data;

  if (origin != SEEK_SET || offset < 0 || (gsize) offset > req->body_len)
    return CURL_SEEKFUNC_FAIL;
  req->read_offset = offset;
  return CURL_SEEKFUNC_OK;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nitems,
          void   *user_data)
{
  IngestS3Request *req = user_data;
  gsize n = size * nitems;

  if (req->sink != NULL && req->status >= 200 && req->status < 300)
    {
      if (fwrite (data, 1, n, req->sink) != n)
        {
          req->sink_failed = TRUE;
          return 0;
        }
      return n;
    }

  g_byte_array_append (req->response_body, (const guint8 *) data, n);
  return n;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  IngestS3Request *req = user_data;
  gsize n = size * nitems;
  g_autofree char *line = g_strndup (data, n);
  char *colon;

  /* A new status line (after 100 Continue or a redirect) starts a new set. */
  if (g_str_has_prefix (line, "HTTP/"))
    {
      g_hash_table_remove_all (req->response_headers);
      req->headers_done = FALSE;
      req->status = 0;
      {
        const char *space = strchr (line, ' ');
        if (space != NULL)
          req->status = strtol (space + 1, NULL, 10);
      }
      return n;
    }
  if (strcmp (line, "\r\n") == 0 || strcmp (line, "\n") == 0)
    {
      req->headers_done = TRUE;
      return n;
    }

  colon = strchr (line, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      g_hash_table_insert (req->response_headers,
                           g_ascii_strdown (g_strstrip (line), -1),
                           g_strdup (g_strstrip (colon + 1)));
    }
  return n;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  IngestS3Request *req = user_data;

  return g_cancellable_is_cancelled (req->cancellable) ? 1 : 0;
}

/* ---------------------------------------------------------------------- */
/* the request engine */

static CURL *
take_handle (IngestS3Client *self)
{
  CURL *curl = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->pool->len > 0)
    curl = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (curl == NULL)
    curl = curl_easy_init ();
  else
    curl_easy_reset (curl);   /* keeps the connection cache */
  return curl;
}

static void
give_back_handle (IngestS3Client *self,
                  CURL           *curl)
{
  g_mutex_lock (&self->pool_lock);
  g_ptr_array_add (self->pool, curl);
  g_mutex_unlock (&self->pool_lock);
}

void
_ingest_s3_request_clear (IngestS3Request *req)
{
  g_clear_pointer (&req->response_headers, g_hash_table_unref);
  g_clear_pointer (&req->response_body, g_byte_array_unref);
  g_clear_pointer (&req->headers, g_ptr_array_unref);
}

void
_ingest_s3_request_init (IngestS3Request *req,
                         const char      *method,
                         const char      *bucket,
                         const char      *key)
{
  memset (req, 0, sizeof *req);
  req->method = method;
  req->bucket = bucket;
  req->key = key;
  req->headers = g_ptr_array_new_with_free_func (g_free);
}

/* Signs and sends REQ; TRUE for a 2xx answer, else an error made from the
 * answer (S3 error XML) or from libcurl. */
gboolean
_ingest_s3_request_perform (IngestS3Client   *self,
                            IngestS3Request  *req,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autoptr(IngestSigV4Request) sig = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *path = NULL;
  g_autofree char *host = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *encoded_path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth_line = NULL;
  struct curl_slist *slist = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  CURL *curl;
  CURLcode res;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  req->cancellable = cancellable;
  req->response_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  req->response_body = g_byte_array_new ();

  /* Path-style: host/bucket/key. Virtual-hosted: bucket.host/key. */
  if (self->path_style || req->bucket == NULL)
    {
      host = g_strdup (self->host);
      path = g_strdup_printf ("/%s%s%s", req->bucket ? req->bucket : "",
                              req->key ? "/" : "", req->key ? req->key : "");
    }
  else
    {
      host = g_strdup_printf ("%s.%s", req->bucket, self->host);
      path = g_strdup_printf ("/%s", req->key ? req->key : "");
    }

  if (req->payload_sha256 != NULL)
    payload_hash = g_strdup (req->payload_sha256);
  else
    payload_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, req->body ? req->body : (const guint8 *) "", req->body_len);

  sig = ingest_sigv4_request_new (req->method, path);
  for (guint i = 0; req->query != NULL && req->query[i] != NULL; i += 2)
    ingest_sigv4_request_add_query (sig, req->query[i], req->query[i + 1]);
  ingest_sigv4_request_add_header (sig, "Host", host);
  ingest_sigv4_request_add_header (sig, "x-amz-content-sha256", payload_hash);
  for (guint i = 0; i + 1 < req->headers->len; i += 2)
    ingest_sigv4_request_add_header (sig, req->headers->pdata[i], req->headers->pdata[i + 1]);
  ingest_sigv4_request_set_payload_hash (sig, payload_hash);

  now = g_date_time_new_now_utc ();
  when = g_date_time_add_seconds (now, (gdouble) self->clock_offset);
  authorization = ingest_sigv4_request_sign (sig, self->credentials->access_key_id,
                                             self->credentials->secret_access_key,
                                             self->credentials->session_token,
                                             self->credentials->region, "s3", when, NULL);

  /* Send exactly what was signed: the same encoded path and sorted query. */
  encoded_path = ingest_sigv4_request_dup_encoded_path (sig);
  query = ingest_sigv4_request_dup_query_string (sig);
  url = g_strdup_printf ("%s://%s%s%s%s", self->scheme, host, encoded_path,
                         query[0] ? "?" : "", query);

  lines = ingest_sigv4_request_dup_header_lines (sig);
  for (guint i = 0; i < lines->len; i++)
    slist = curl_slist_append (slist, lines->pdata[i]);
  auth_line = g_strdup_printf ("Authorization: %s", authorization);
  slist = curl_slist_append (slist, auth_line);

  curl = take_handle (self);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PATH_AS_IS, 1L);   /* keys may hold "." and ".." */
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, slist);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) self->connect_timeout);
  /* A server that stops answering fails the request instead of hanging it. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) self->low_speed_time);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, req);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, req);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, req);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  if (self->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, self->ca_file);

  if (strcmp (req->method, "HEAD") == 0)
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else if (strcmp (req->method, "PUT") == 0)
    {
      curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (curl, CURLOPT_READDATA, req);
      curl_easy_setopt (curl, CURLOPT_SEEKFUNCTION, seek_cb);
      curl_easy_setopt (curl, CURLOPT_SEEKDATA, req);
      curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) req->body_len);
    }
  else if (strcmp (req->method, "POST") == 0)
    {
      curl_easy_setopt (curl, CURLOPT_POST, 1L);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, req->body ? (const char *) req->body : "");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) req->body_len);
    }
  else if (strcmp (req->method, "GET") != 0)
    curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, req->method);

  g_atomic_int_inc (&self->n_requests);
  res = curl_easy_perform (curl);
  if (res == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &req->status);

  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all (slist);
  give_back_handle (self, curl);

  if (req->sink_failed)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                   "cannot write the downloaded object: %s", g_strerror (errno));
      return FALSE;
    }
  if (res != CURLE_OK)
    {
      set_curl_error (error, res, errbuf, req);
      return FALSE;
    }
  /* A connection closed in the middle of the headers can end "OK" with
   * half of them (a HEAD has no body to come up short): never read such an
   * answer as one without ETag or metadata. */
  if (!req->headers_done)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NETWORK,
                   "%s %s: the answer's headers were cut short", req->method,
                   req->key ? req->key : (req->bucket ? req->bucket : "/"));
      return FALSE;
    }
  if (req->status < 200 || req->status >= 300)
    {
      set_error_from_answer (error, req);
      return FALSE;
    }

  return TRUE;
}

/* Parses a 2xx XML answer whose root must be ROOT_NAME. S3 may answer
 * CompleteMultipartUpload with 200 and an <Error> document. */
xmlDoc *
_ingest_s3_request_parse_answer (IngestS3Request  *req,
                                 const char       *root_name,
                                 GError          **error)
{
  xmlDoc *doc = _ingest_s3_xml_parse (req->response_body->data, req->response_body->len);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

  gboolean is_error;

  if (_ingest_s3_xml_is_element (root, root_name))
    return doc;

  is_error = _ingest_s3_xml_is_element (root, "Error");
  g_clear_pointer (&doc, xmlFreeDoc);
  if (is_error)
    set_error_from_answer (error, req);
  else
    g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                 "%s %s: the server's answer is not a <%s> document",
                 req->method, req->key ? req->key : req->bucket, root_name);
  return NULL;
}
