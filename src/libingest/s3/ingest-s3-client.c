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

#define G_LOG_DOMAIN "ingest-s3-client"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ingest-hasher.h"
#include "ingest-s3-client.h"
#include "ingest-s3-client-private.h"
#include "ingest-sigv4.h"
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
struct _IngestS3Client
{
  GObject               parent_instance;

  char                 *endpoint;      /* scheme://host[:port], no path */
  char                 *scheme;
  char                 *host;          /* host[:port] as sent in Host */
  IngestS3Credentials  *credentials;
  char                 *ca_file;
  guint                 connect_timeout;
  guint                 low_speed_time;
  gint64                clock_offset;
  guint                 path_style : 1;
  /* An IP address cannot take a bucket as a sub-domain: path-style only. */
  guint                 ip_host : 1;

  GMutex                pool_lock;
  GPtrArray            *pool;          /* idle CURL easy handles: keep connections alive */
  guint                 n_requests;    /* atomic */
};

/* One request and its answer. */
typedef struct
{
  const char          *method;
  const char          *bucket;
  const char          *key;           /* nullable */
  const char * const  *query;         /* name, value (NULL = bare), ..., NULL */
  GPtrArray           *headers;       /* extra "name", "value" pairs */
  const guint8        *body;
  gsize                body_len;
  const char          *payload_sha256;
  FILE                *sink;          /* 2xx bodies go here instead of memory */
  IngestTokenBucket   *limit;         /* nullable: charged as the body goes out */

  /* answer */
  long                 status;
  GHashTable          *response_headers;
  GByteArray          *response_body;
  gsize                read_offset;
  gboolean             sink_failed;
  gboolean             headers_done;  /* the final answer's blank line came */
  GCancellable        *cancellable;
} Request;

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

/* ETags come quoted ("\"abc\""); we keep them bare. */
static char *
strip_etag (const char *etag)
{
  gsize len;

  if (etag == NULL)
    return NULL;
  len = strlen (etag);
  if (len >= 2 && etag[0] == '"' && etag[len - 1] == '"')
    return g_strndup (etag + 1, len - 2);
  return g_strdup (etag);
}

/**
 * ingest_s3_multipart_etag:
 * @part_md5s: the raw 16-byte MD5 of each part, in part order
 * @n_parts: number of parts
 *
 * The ETag S3 gives an object made by a multipart upload: the hex MD5 of
 * the concatenated part MD5s, then "-" and the number of parts. Comparing it
 * with HEAD proves the server assembled the parts we sent.
 *
 * Returns: (transfer full): e.g. "d41d8cd98f00b204e9800998ecf8427e-3"
 */
char *
ingest_s3_multipart_etag (const guint8 *part_md5s,
                          guint         n_parts)
{
  g_autofree char *md5 = NULL;

  g_return_val_if_fail (part_md5s != NULL || n_parts == 0, NULL);

  md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, part_md5s, (gsize) n_parts * 16);
  return g_strdup_printf ("%s-%u", md5, n_parts);
}

/**
 * ingest_s3_composite_crc32c:
 * @part_crcs: the raw 4-byte big-endian CRC32C of each part, in part order
 * @n_parts: number of parts
 *
 * The "composite" CRC32C AWS gives an object made by a multipart upload
 * created with the CRC32C algorithm: the CRC32C of the concatenated raw
 * part checksums, base64, then "-" and the number of parts.
 *
 * Returns: (transfer full): e.g. "Gk8cxQ==-3"
 */
char *
ingest_s3_composite_crc32c (const guint8 *part_crcs,
                            guint         n_parts)
{
  g_autoptr(IngestHasher) hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_CRC32C));
  g_autofree char *b64 = NULL;

  g_return_val_if_fail (part_crcs != NULL || n_parts == 0, NULL);

  ingest_hasher_update (hasher, part_crcs, (gsize) n_parts * 4);
  ingest_hasher_finish (hasher);
  b64 = g_base64_encode (ingest_hasher_get_digest (hasher, INGEST_HASH_CRC32C, NULL), 4);
  return g_strdup_printf ("%s-%u", b64, n_parts);
}

static gboolean
has_control_chars (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static void
add_header (GPtrArray  *headers,
            const char *name,
            const char *value)
{
  g_ptr_array_add (headers, g_strdup (name));
  g_ptr_array_add (headers, g_strdup (value));
}

/* Adds the headers of a request that carries object data. Header values
 * must not be able to smuggle in other headers, hence the control check. */
static gboolean
add_put_headers (GPtrArray                *headers,
                 const IngestS3PutOptions *options,
                 const guint8             *data,
                 gsize                     len,
                 gboolean                  with_body,
                 GError                  **error)
{
  static const IngestS3PutOptions no_options;
  GHashTableIter iter;
  gpointer name, value;

  if (options == NULL)
    options = &no_options;

  if (with_body)
    {
      if (options->content_md5 != NULL)
        add_header (headers, "Content-MD5", options->content_md5);
      else
        {
          g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
          guint8 digest[16];
          gsize digest_len = sizeof digest;
          g_autofree char *b64 = NULL;

          g_checksum_update (checksum, data, len);
          g_checksum_get_digest (checksum, digest, &digest_len);
          b64 = g_base64_encode (digest, digest_len);
          add_header (headers, "Content-MD5", b64);
        }
      if (options->checksum_crc32c != NULL)
        add_header (headers, "x-amz-checksum-crc32c", options->checksum_crc32c);
      if (options->checksum_sha256 != NULL)
        add_header (headers, "x-amz-checksum-sha256", options->checksum_sha256);
      if (options->if_none_match)
        add_header (headers, "If-None-Match", "*");
      /* Bare: Ceph RGW 16 refuses a quoted ETag here even when it matches. */
      if (options->if_match != NULL)
        add_header (headers, "If-Match", options->if_match);
    }
  else if (options->checksum_algorithm != NULL)
    add_header (headers, "x-amz-checksum-algorithm", options->checksum_algorithm);

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
          add_header (headers, header, value);
        }
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* helpers: XML */

static xmlDoc *
parse_xml (const guint8 *data,
           gsize         len)
{
  if (data == NULL || len == 0 || len > G_MAXINT)
    return NULL;
  /* NONET and no entity substitution: answers are data, never fetched further. */
  return xmlReadMemory ((const char *) data, (int) len, NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
find_child (xmlNode    *parent,
            const char *name)
{
  for (xmlNode *child = parent ? parent->children : NULL; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;
  return NULL;
}

static char *
dup_child_text (xmlNode    *parent,
                const char *name)
{
  xmlNode *child = find_child (parent, name);
  xmlChar *content;
  char *text;

  if (child == NULL)
    return NULL;
  content = xmlNodeGetContent (child);
  text = g_strdup ((const char *) content);
  xmlFree (content);
  return text;
}

static gboolean
child_is_true (xmlNode    *parent,
               const char *name)
{
  g_autofree char *text = dup_child_text (parent, name);

  return text != NULL && g_ascii_strcasecmp (g_strstrip (text), "true") == 0;
}

/* ---------------------------------------------------------------------- */
/* helpers: errors */

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
checksum_header_refused (Request *req)
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

  doc = parse_xml (req->response_body->data, req->response_body->len);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (is_element (root, "Error"))
    code = dup_child_text (root, "Code");
  if (code != NULL && g_strv_contains (codes, code))
    for (guint i = 0; fields[i] != NULL && !refused; i++)
      {
        g_autofree char *text = dup_child_text (root, fields[i]);
        g_autofree char *lower = text ? g_ascii_strdown (text, -1) : NULL;

        refused = lower != NULL && strstr (lower, "checksum") != NULL;
      }
  g_clear_pointer (&doc, xmlFreeDoc);
  return refused;
}

/* Fills options->result from the answer to a PUT or UploadPart. */
static void
fill_put_result (Request                  *req,
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
set_http_error (GError     **error,
                Request     *req,
                const char  *s3_code,
                const char  *s3_message)
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
set_error_from_answer (GError  **error,
                       Request  *req)
{
  xmlDoc *doc = parse_xml (req->response_body->data, req->response_body->len);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
  g_autofree char *s3_code = NULL;
  g_autofree char *s3_message = NULL;

  if (is_element (root, "Error"))
    {
      s3_code = dup_child_text (root, "Code");
      s3_message = dup_child_text (root, "Message");
    }
  g_clear_pointer (&doc, xmlFreeDoc);

  set_http_error (error, req, s3_code, s3_message);
}

static void
set_curl_error (GError       **error,
                CURLcode       res,
                const char    *detail,
                Request       *req)
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
  Request *req = user_data;
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
  Request *req = user_data;

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
  Request *req = user_data;
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
  Request *req = user_data;
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
  Request *req = user_data;

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

static void
request_clear (Request *req)
{
  g_clear_pointer (&req->response_headers, g_hash_table_unref);
  g_clear_pointer (&req->response_body, g_byte_array_unref);
  g_clear_pointer (&req->headers, g_ptr_array_unref);
}

static void
request_init (Request    *req,
              const char *method,
              const char *bucket,
              const char *key)
{
  memset (req, 0, sizeof *req);
  req->method = method;
  req->bucket = bucket;
  req->key = key;
  req->headers = g_ptr_array_new_with_free_func (g_free);
}

/* Signs and sends REQ; TRUE for a 2xx answer, else an error made from the
 * answer (S3 error XML) or from libcurl. */
static gboolean
perform (IngestS3Client  *self,
         Request         *req,
         GCancellable    *cancellable,
         GError         **error)
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
static xmlDoc *
parse_answer (Request     *req,
              const char  *root_name,
              GError     **error)
{
  xmlDoc *doc = parse_xml (req->response_body->data, req->response_body->len);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

  gboolean is_error;

  if (is_element (root, root_name))
    return doc;

  is_error = is_element (root, "Error");
  g_clear_pointer (&doc, xmlFreeDoc);
  if (is_error)
    set_error_from_answer (error, req);
  else
    g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                 "%s %s: the server's answer is not a <%s> document",
                 req->method, req->key ? req->key : req->bucket, root_name);
  return NULL;
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
  Request req;
  gboolean ok;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (bucket != NULL, FALSE);

  request_init (&req, "PUT", bucket, NULL);
  ok = perform (self, &req, cancellable, &local_error);
  if (!ok && req.response_body != NULL && req.response_body->len > 0
      && g_strstr_len ((const char *) req.response_body->data, req.response_body->len,
                       "<Code>BucketAlreadyOwnedByYou</Code>") != NULL)
    ok = TRUE;
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  request_clear (&req);
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
  Request req;
  char *etag = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  request_init (&req, "PUT", bucket, key);
  req.body = data;
  req.body_len = len;
  req.payload_sha256 = options ? options->payload_sha256 : NULL;
  req.limit = options ? options->limit : NULL;
  add_header (req.headers, "Content-Type",
              options && options->content_type ? options->content_type : "application/octet-stream");
  if (add_put_headers (req.headers, options, data, len, TRUE, error))
    {
      gboolean ok = perform (self, &req, cancellable, error);

      fill_put_result (&req, ok, options);
      if (ok)
        etag = strip_etag (g_hash_table_lookup (req.response_headers, "etag"));
    }
  request_clear (&req);

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
  Request req;
  IngestS3ObjectInfo *info = NULL;
  GHashTableIter iter;
  gpointer name, value;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);

  request_init (&req, "HEAD", bucket, key);
  /* AWS returns stored x-amz-checksum-* only when asked to. */
  add_header (req.headers, "x-amz-checksum-mode", "ENABLED");
  if (perform (self, &req, cancellable, error))
    {
      const char *length = g_hash_table_lookup (req.response_headers, "content-length");

      info = g_new0 (IngestS3ObjectInfo, 1);
      info->size = length ? g_ascii_strtoull (length, NULL, 10) : 0;
      info->etag = strip_etag (g_hash_table_lookup (req.response_headers, "etag"));
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
  request_clear (&req);
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
  Request req;
  GBytes *bytes = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);

  request_init (&req, "GET", bucket, key);
  if (perform (self, &req, cancellable, error))
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&req.response_body));
  request_clear (&req);
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
  Request req;
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

  request_init (&req, "GET", bucket, key);
  req.sink = fp;
  ok = perform (self, &req, cancellable, error);
  request_clear (&req);

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
  Request req;
  gboolean ok;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (bucket != NULL && key != NULL, FALSE);

  request_init (&req, "DELETE", bucket, key);
  ok = perform (self, &req, cancellable, error);
  request_clear (&req);
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
  Request req;
  char *upload_id = NULL;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (bucket != NULL && key != NULL, NULL);

  request_init (&req, "POST", bucket, key);
  req.query = query;
  /* libcurl would otherwise send (and the object keep) a form content type. */
  add_header (req.headers, "Content-Type",
              options && options->content_type ? options->content_type : "application/octet-stream");
  if (add_put_headers (req.headers, options, NULL, 0, FALSE, error))
    {
      gboolean ok = perform (self, &req, cancellable, error);
      xmlDoc *doc;

      fill_put_result (&req, ok, options);
      doc = ok ? parse_answer (&req, "InitiateMultipartUploadResult", error) : NULL;

      if (doc != NULL)
        {
          upload_id = dup_child_text (xmlDocGetRootElement (doc), "UploadId");
          xmlFreeDoc (doc);
          if (upload_id == NULL || upload_id[0] == '\0')
            {
              g_clear_pointer (&upload_id, g_free);
              g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                           "POST %s?uploads: the answer has no UploadId", key);
            }
        }
    }
  request_clear (&req);
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
  Request req;
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

  request_init (&req, "PUT", bucket, key);
  req.query = query;
  req.body = data;
  req.body_len = len;
  req.payload_sha256 = part_options.payload_sha256;
  req.limit = part_options.limit;
  if (add_put_headers (req.headers, &part_options, data, len, TRUE, error))
    {
      gboolean ok = perform (self, &req, cancellable, error);

      fill_put_result (&req, ok, options);
      if (ok)
        {
          etag = strip_etag (g_hash_table_lookup (req.response_headers, "etag"));
          if (etag == NULL)
            g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                         "PUT %s part %u: the answer has no ETag", key, part_number);
        }
      else if (error != NULL && g_error_matches (*error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY))
        (*error)->code = INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD;
    }
  request_clear (&req);
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
      Request req;
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

      request_init (&req, "GET", bucket, key);
      req.query = query;
      if (!perform (self, &req, cancellable, error) || !(doc = parse_answer (&req, "ListPartsResult", error)))
        {
          if (req.status == 404 && error != NULL && *error != NULL
              && (*error)->domain == INGEST_UPLOAD_ERROR
              && (*error)->code != INGEST_UPLOAD_ERROR_NO_SUCH_BUCKET)
            (*error)->code = INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD;
          request_clear (&req);
          return NULL;
        }

      root = xmlDocGetRootElement (doc);
      if (algorithm == NULL)
        algorithm = dup_child_text (root, "ChecksumAlgorithm");
      for (xmlNode *node = root->children; node != NULL; node = node->next)
        {
          g_autofree char *number = NULL;
          g_autofree char *etag = NULL;
          g_autofree char *size = NULL;
          IngestS3Part *part;

          if (!is_element (node, "Part"))
            continue;
          number = dup_child_text (node, "PartNumber");
          etag = dup_child_text (node, "ETag");
          size = dup_child_text (node, "Size");
          if (number == NULL || etag == NULL)
            continue;
          part = ingest_s3_part_new ((guint) g_ascii_strtoull (number, NULL, 10),
                                     NULL, size ? g_ascii_strtoull (size, NULL, 10) : 0);
          part->etag = strip_etag (etag);
          part->checksum_crc32c = dup_child_text (node, "ChecksumCRC32C");
          g_ptr_array_add (parts, part);
        }
      truncated = child_is_true (root, "IsTruncated");
      next = dup_child_text (root, "NextPartNumberMarker");
      xmlFreeDoc (doc);
      request_clear (&req);

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
  Request req;
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

  request_init (&req, "POST", bucket, key);
  req.query = query;
  req.body = (const guint8 *) body->str;
  req.body_len = body->len;
  add_header (req.headers, "Content-Type", "application/xml");
  if (if_none_match)
    add_header (req.headers, "If-None-Match", "*");
  if (perform (self, &req, cancellable, error))
    {
      xmlDoc *doc = parse_answer (&req, "CompleteMultipartUploadResult", error);

      if (doc != NULL)
        {
          g_autofree char *quoted = dup_child_text (xmlDocGetRootElement (doc), "ETag");

          etag = quoted ? strip_etag (quoted) : g_strdup ("");
          xmlFreeDoc (doc);
        }
    }
  else if (req.status == 404 && error != NULL && *error != NULL
           && (*error)->domain == INGEST_UPLOAD_ERROR
           && (*error)->code == INGEST_UPLOAD_ERROR_NO_SUCH_KEY)
    (*error)->code = INGEST_UPLOAD_ERROR_NO_SUCH_UPLOAD;
  request_clear (&req);
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
  Request req;
  gboolean ok;

  g_return_val_if_fail (INGEST_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (bucket != NULL && key != NULL && upload_id != NULL, FALSE);

  request_init (&req, "DELETE", bucket, key);
  req.query = query;
  ok = perform (self, &req, cancellable, error);
  request_clear (&req);
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
      Request req;
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

      request_init (&req, "GET", bucket, NULL);
      req.query = query;
      if (!perform (self, &req, cancellable, error)
          || !(doc = parse_answer (&req, "ListMultipartUploadsResult", error)))
        {
          request_clear (&req);
          return NULL;
        }

      root = xmlDocGetRootElement (doc);
      for (xmlNode *node = root->children; node != NULL; node = node->next)
        {
          IngestS3Upload *upload;

          if (!is_element (node, "Upload"))
            continue;
          upload = g_new0 (IngestS3Upload, 1);
          upload->key = dup_child_text (node, "Key");
          upload->upload_id = dup_child_text (node, "UploadId");
          upload->initiated = dup_child_text (node, "Initiated");
          if (upload->key == NULL || upload->upload_id == NULL)
            {
              ingest_s3_upload_free (upload);
              continue;
            }
          g_ptr_array_add (uploads, upload);
        }
      truncated = child_is_true (root, "IsTruncated");
      next_key = dup_child_text (root, "NextKeyMarker");
      next_id = dup_child_text (root, "NextUploadIdMarker");
      xmlFreeDoc (doc);
      request_clear (&req);

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


/* One ListObjectsV2 page (<ListBucketResult>): its objects appended to
 * @objects, whether more follow, and the token of the next page. An entry
 * without a key, or whose size is not a plain number, makes the page a
 * protocol error: a wrong size would be taken for another file's. */
static gboolean
read_list_page (xmlNode    *root,
                GPtrArray  *objects,
                gboolean   *truncated,
                char      **next_token,
                GError    **error)
{
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      g_autofree char *size = NULL;
      g_autofree char *etag = NULL;
      g_autoptr(IngestS3ListedObject) object = NULL;

      if (!is_element (node, "Contents"))
        continue;
      object = g_new0 (IngestS3ListedObject, 1);
      object->key = dup_child_text (node, "Key");
      size = dup_child_text (node, "Size");
      etag = dup_child_text (node, "ETag");
      object->etag = strip_etag (etag);
      object->last_modified = dup_child_text (node, "LastModified");
      if (object->key == NULL || object->key[0] == '\0' || size == NULL ||
          !g_ascii_string_to_unsigned (size, 10, 0, G_MAXUINT64, &object->size, NULL))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                       "ListObjectsV2: an entry without a key or with a size that is not a number");
          return FALSE;
        }
      g_ptr_array_add (objects, g_steal_pointer (&object));
    }
  *truncated = child_is_true (root, "IsTruncated");
  *next_token = dup_child_text (root, "NextContinuationToken");
  return TRUE;
}

/* The parser of one ListObjectsV2 answer on its own, for tests and the
 * fuzzer (tests/fuzz/fuzz-s3-list.c). */
gboolean
_ingest_s3_parse_list_page (const guint8  *data,
                            gsize          len,
                            GPtrArray     *objects,
                            gboolean      *truncated,
                            char         **next_token,
                            GError       **error)
{
  xmlDoc *doc = parse_xml (data, len);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  gboolean ok;

  *truncated = FALSE;
  *next_token = NULL;
  if (!is_element (root, "ListBucketResult"))
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL,
                   "ListObjectsV2: the answer is not a <ListBucketResult> document");
      return FALSE;
    }
  ok = read_list_page (root, objects, truncated, next_token, error);
  xmlFreeDoc (doc);
  return ok;
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
      Request req;
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

      request_init (&req, "GET", bucket, NULL);
      req.query = query;
      if (!perform (self, &req, cancellable, error) || !(doc = parse_answer (&req, "ListBucketResult", error)))
        {
          request_clear (&req);
          return NULL;
        }

      root = xmlDocGetRootElement (doc);
      ok = read_list_page (root, objects, &truncated, &next, error);
      xmlFreeDoc (doc);
      request_clear (&req);
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
