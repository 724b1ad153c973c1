/* ingest-sigv4.c
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

#define G_LOG_DOMAIN "ingest-sigv4"

#include "config.h"

#include <string.h>

#include "ingest-sigv4.h"

typedef struct
{
  char *name;     /* as given, for sending */
  char *lname;    /* lowercase, for signing */
  char *value;    /* as given */
} Header;

typedef struct
{
  char *name;     /* encoded */
  char *value;    /* encoded */
} Param;

struct _IngestSigV4Request
{
  char      *method;
  char      *path;
  GPtrArray *query;      /* of Param */
  GPtrArray *headers;    /* of Header */
  char      *payload_hash;
  guint      normalize_path : 1;
  guint      signed_ : 1;
};

static void
header_free (gpointer data)
{
  Header *h = data;

  g_free (h->name);
  g_free (h->lname);
  g_free (h->value);
  g_free (h);
}

static void
param_free (gpointer data)
{
  Param *p = data;

  g_free (p->name);
  g_free (p->value);
  g_free (p);
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const Param *pa = *(const Param * const *) a;
  const Param *pb = *(const Param * const *) b;
  int cmp = strcmp (pa->name, pb->name);

  return cmp != 0 ? cmp : strcmp (pa->value, pb->value);
}

static int
compare_headers (gconstpointer a,
                 gconstpointer b)
{
  const Header *ha = *(const Header * const *) a;
  const Header *hb = *(const Header * const *) b;

  return strcmp (ha->lname, hb->lname);
}

/* Trims the value and turns every run of white space into one space. */
static void
append_trimmed_value (GString    *out,
                      const char *value)
{
  gboolean pending_space = FALSE;

  while (g_ascii_isspace (*value))
    value++;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = TRUE;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }
}

/* RFC 3986 dot-segment removal plus collapsing of empty segments; S3 never
 * normalises, the generic AWS test suite does. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  gsize len = strlen (path);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || strcmp (segments[i], ".") == 0)
        continue;
      if (strcmp (segments[i], "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, segments[i]);
    }

  for (guint i = 0; i < kept->len; i++)
    g_string_append_printf (out, "/%s", (const char *) g_ptr_array_index (kept, i));
  if (out->len == 0 || (len > 0 && path[len - 1] == '/'))
    g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

/* A sorted view of the items: g_ptr_array_copy() would carry over the free
 * function and free them with the view. */
static GPtrArray *
sorted_view (GPtrArray    *items,
             GCompareFunc  compare)
{
  GPtrArray *view = g_ptr_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (view, g_ptr_array_index (items, i));
  g_ptr_array_sort (view, compare);   /* stable: repeated names keep their order */

  return view;
}

static void
hex_encode (GString      *out,
            const guint8 *data,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", data[i]);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_len,
             const char   *data,
             guint8        digest[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize digest_len = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, digest, &digest_len);
  g_assert (digest_len == 32);
}

/**
 * ingest_sigv4_uri_encode:
 * @text: the raw bytes to encode
 * @keep_slash: leave '/' as is (object key paths)
 *
 * URI-encodes @text the way SigV4 wants: everything but the unreserved
 * characters A-Z a-z 0-9 - _ . ~ becomes %XX with upper-case hex digits.
 *
 * Returns: (transfer full): the encoded text
 */
char *
ingest_sigv4_uri_encode (const char *text,
                         gboolean    keep_slash)
{
  GString *out = g_string_sized_new (strlen (text) + 16);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~'
          || (keep_slash && *p == '/'))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * ingest_sigv4_request_new:
 * @method: "GET", "PUT"...
 * @path: the absolute path, decoded (e.g. "/bucket/A001/clip 1.mov")
 *
 * Returns: (transfer full): a request without query, headers or payload
 *   hash (the empty body's hash until one is set)
 */
IngestSigV4Request *
ingest_sigv4_request_new (const char *method,
                          const char *path)
{
  IngestSigV4Request *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  self = g_new0 (IngestSigV4Request, 1);
  self->method = g_strdup (method);
  self->path = g_strdup (path);
  self->query = g_ptr_array_new_with_free_func (param_free);
  self->headers = g_ptr_array_new_with_free_func (header_free);
  self->payload_hash = g_strdup (INGEST_SIGV4_EMPTY_SHA256);

  return self;
}

void
ingest_sigv4_request_free (IngestSigV4Request *self)
{
  if (self == NULL)
    return;

  g_free (self->method);
  g_free (self->path);
  g_ptr_array_unref (self->query);
  g_ptr_array_unref (self->headers);
  g_free (self->payload_hash);
  g_free (self);
}

/**
 * ingest_sigv4_request_add_query:
 * @name: decoded parameter name
 * @value: (nullable): decoded value; %NULL for a bare sub-resource such as
 *   "uploads", which is signed and sent as "uploads="
 */
void
ingest_sigv4_request_add_query (IngestSigV4Request *self,
                                const char         *name,
                                const char         *value)
{
  Param *param;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  param = g_new0 (Param, 1);
  param->name = ingest_sigv4_uri_encode (name, FALSE);
  param->value = ingest_sigv4_uri_encode (value ? value : "", FALSE);
  g_ptr_array_add (self->query, param);
}

/**
 * ingest_sigv4_request_add_header:
 *
 * Adds a header that is both sent and signed. Adding a name twice sends two
 * lines and signs "name:first,second", as HTTP folds them.
 */
void
ingest_sigv4_request_add_header (IngestSigV4Request *self,
                                 const char         *name,
                                 const char         *value)
{
  Header *header;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && value != NULL);
  g_return_if_fail (!self->signed_);

  header = g_new0 (Header, 1);
  header->name = g_strdup (name);
  header->lname = g_ascii_strdown (name, -1);
  header->value = g_strdup (value);
  g_ptr_array_add (self->headers, header);
}

/**
 * ingest_sigv4_request_set_payload_hash:
 * @payload_hash: lowercase hex SHA-256 of the body, or
 *   %INGEST_SIGV4_UNSIGNED_PAYLOAD
 *
 * Sets the last line of the canonical request. S3 also wants the same value
 * in an x-amz-content-sha256 header, which the caller adds.
 */
void
ingest_sigv4_request_set_payload_hash (IngestSigV4Request *self,
                                       const char         *payload_hash)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (payload_hash != NULL);

  g_free (self->payload_hash);
  self->payload_hash = g_strdup (payload_hash);
}

/* Whether to remove "." and ".." segments and empty segments from the path
 * before signing. Off by default, as S3 signs the path as sent. */
void
ingest_sigv4_request_set_normalize_path (IngestSigV4Request *self,
                                         gboolean            normalize)
{
  g_return_if_fail (self != NULL);

  self->normalize_path = !!normalize;
}

/**
 * ingest_sigv4_request_dup_encoded_path:
 *
 * Returns: (transfer full): the path as it is signed and must be sent
 */
char *
ingest_sigv4_request_dup_encoded_path (IngestSigV4Request *self)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->normalize_path)
    normalized = normalize_path (self->path);

  return ingest_sigv4_uri_encode (normalized ? normalized : self->path, TRUE);
}

/**
 * ingest_sigv4_request_dup_query_string:
 *
 * Returns: (transfer full): the sorted, encoded query, without "?"; sending
 *   exactly this string keeps what is sent and what is signed the same
 */
char *
ingest_sigv4_request_dup_query_string (IngestSigV4Request *self)
{
  g_autoptr(GPtrArray) sorted = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  sorted = sorted_view (self->query, compare_params);
  for (guint i = 0; i < sorted->len; i++)
    {
      const Param *param = g_ptr_array_index (sorted, i);

      g_string_append_printf (out, "%s%s=%s", i > 0 ? "&" : "", param->name, param->value);
    }

  return g_string_free (out, FALSE);
}

/**
 * ingest_sigv4_request_dup_header_lines:
 *
 * Returns: (transfer container) (element-type utf8): "Name: value" for
 *   every header, in the order added (for CURLOPT_HTTPHEADER)
 */
GPtrArray *
ingest_sigv4_request_dup_header_lines (IngestSigV4Request *self)
{
  GPtrArray *lines;

  g_return_val_if_fail (self != NULL, NULL);

  lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->headers->len; i++)
    {
      const Header *header = g_ptr_array_index (self->headers, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s: %s", header->name, header->value));
    }

  return lines;
}

static char *
dup_signed_headers (GPtrArray *sorted)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sorted->len; i++)
    {
      const Header *header = g_ptr_array_index (sorted, i);

      if (i > 0 && strcmp (header->lname, ((const Header *) g_ptr_array_index (sorted, i - 1))->lname) == 0)
        continue;
      g_string_append_printf (out, "%s%s", out->len > 0 ? ";" : "", header->lname);
    }

  return g_string_free (out, FALSE);
}

/**
 * ingest_sigv4_request_dup_canonical:
 *
 * Returns: (transfer full): the canonical request: method, encoded path,
 *   sorted query, sorted lowercase trimmed headers, signed header names and
 *   payload hash, one per line
 */
char *
ingest_sigv4_request_dup_canonical (IngestSigV4Request *self)
{
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *signed_headers = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  path = ingest_sigv4_request_dup_encoded_path (self);
  query = ingest_sigv4_request_dup_query_string (self);
  sorted = sorted_view (self->headers, compare_headers);
  signed_headers = dup_signed_headers (sorted);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n%s\n%s\n", self->method, path, query);
  for (guint i = 0; i < sorted->len; i++)
    {
      const Header *header = g_ptr_array_index (sorted, i);
      const Header *prev = i > 0 ? g_ptr_array_index (sorted, i - 1) : NULL;

      if (prev != NULL && strcmp (prev->lname, header->lname) == 0)
        g_string_append_c (out, ',');
      else
        g_string_append_printf (out, "%s%s:", i > 0 ? "\n" : "", header->lname);
      append_trimmed_value (out, header->value);
    }
  g_string_append_printf (out, "\n\n%s\n%s", signed_headers, self->payload_hash);

  return g_string_free (out, FALSE);
}

/**
 * ingest_sigv4_request_sign:
 * @access_key: the access key id
 * @secret_key: the secret access key
 * @session_token: (nullable): a temporary session token, sent and signed
 *   as x-amz-security-token
 * @region: e.g. "us-east-1"
 * @service: "s3"
 * @when: the signing time (any time zone)
 * @string_to_sign: (out) (optional) (transfer full): for tests
 *
 * Adds X-Amz-Date (and X-Amz-Security-Token) to the request and computes
 * the signature. A request is signed once; add the Authorization header the
 * caller gets back when sending.
 *
 * Returns: (transfer full): the value of the Authorization header
 */
char *
ingest_sigv4_request_sign (IngestSigV4Request  *self,
                           const char          *access_key,
                           const char          *secret_key,
                           const char          *session_token,
                           const char          *region,
                           const char          *service,
                           GDateTime           *when,
                           char               **string_to_sign)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *day = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *canonical_hash = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *signed_headers = NULL;
  guint8 key[32];
  guint8 signature[32];
  GString *hex;
  char *authorization;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->signed_, NULL);
  g_return_val_if_fail (access_key != NULL && secret_key != NULL, NULL);
  g_return_val_if_fail (region != NULL && service != NULL && when != NULL, NULL);

  utc = g_date_time_to_utc (when);
  amz_date = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  day = g_date_time_format (utc, "%Y%m%d");
  scope = g_strdup_printf ("%s/%s/%s/aws4_request", day, region, service);

  ingest_sigv4_request_add_header (self, "X-Amz-Date", amz_date);
  if (session_token != NULL && session_token[0] != '\0')
    ingest_sigv4_request_add_header (self, "X-Amz-Security-Token", session_token);
  self->signed_ = TRUE;

  canonical = ingest_sigv4_request_dup_canonical (self);
  canonical_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  to_sign = g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, canonical_hash);

  /* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request") */
  secret = g_strconcat ("AWS4", secret_key, NULL);
  hmac_sha256 ((const guint8 *) secret, strlen (secret), day, key);
  hmac_sha256 (key, sizeof key, region, key);
  hmac_sha256 (key, sizeof key, service, key);
  hmac_sha256 (key, sizeof key, "aws4_request", key);
  hmac_sha256 (key, sizeof key, to_sign, signature);
  memset (secret, 0, strlen (secret));

  sorted = sorted_view (self->headers, compare_headers);
  signed_headers = dup_signed_headers (sorted);

  hex = g_string_new (NULL);
  hex_encode (hex, signature, sizeof signature);
  authorization = g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                                   access_key, scope, signed_headers, hex->str);
  g_string_free (hex, TRUE);

  if (string_to_sign != NULL)
    *string_to_sign = g_steal_pointer (&to_sign);

  return authorization;
}
