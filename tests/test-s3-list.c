/* test-s3-list.c
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

/* The ListObjectsV2 answer parser on its own, the answer the no-overwrite
 * guard trusts to learn what a bucket holds: a real answer (the shape
 * Ceph RGW 16 sends) and hostile ones. No server needed. */

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-s3-client-private.h"

static gboolean
parse (const char  *xml,
       GPtrArray  **objects,
       gboolean    *truncated,
       char       **next,
       GError     **error)
{
  *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_listed_object_free);
  return _ingest_s3_parse_list_page ((const guint8 *) xml, strlen (xml), *objects, truncated, next, error);
}

static void
test_rgw_page (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<Name>b</Name><Prefix>p/A001/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>"
    "<Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>"
    "<NextContinuationToken>tok2</NextContinuationToken>"
    "<Contents><Key>p/A001/c1.mov</Key><LastModified>2026-12-01T10:00:00.000Z</LastModified>"
    "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>300000</Size>"
    "<StorageClass>STANDARD</StorageClass></Contents>"
    "<Contents><Key>p/A001/EMPTY/</Key><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag>"
    "<Size>0</Size></Contents>"
    "<CommonPrefixes><Prefix>p/A001/ascmhl/</Prefix></CommonPrefixes>"
    "</ListBucketResult>";
  g_autoptr(GPtrArray) objects = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GError) error = NULL;
  gboolean truncated;
  IngestS3ListedObject *first;

  g_assert_true (parse (xml, &objects, &truncated, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (objects->len, ==, 2);
  first = g_ptr_array_index (objects, 0);
  g_assert_cmpstr (first->key, ==, "p/A001/c1.mov");
  g_assert_cmpuint (first->size, ==, 300000);
  g_assert_cmpstr (first->etag, ==, "0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (first->last_modified, ==, "2026-12-01T10:00:00.000Z");
  g_assert_cmpuint (((IngestS3ListedObject *) g_ptr_array_index (objects, 1))->size, ==, 0);
  g_assert_true (truncated);
  g_assert_cmpstr (next, ==, "tok2");
}

/* Each is refused as a whole page: a size that is not a plain number would
 * make another file look like ours (or ours like another). */
static void
test_hostile (void)
{
  const char *pages[] = {
    "",
    "not xml at all",
    "<Error><Code>InternalError</Code></Error>",
    "<ListBucketResult><Contents><Key>k</Key><Size>-5</Size></Contents></ListBucketResult>",
    "<ListBucketResult><Contents><Key>k</Key><Size>12abc</Size></Contents></ListBucketResult>",
    "<ListBucketResult><Contents><Key>k</Key><Size>99999999999999999999999</Size></Contents></ListBucketResult>",
    "<ListBucketResult><Contents><Key>k</Key><Size></Size></Contents></ListBucketResult>",
    "<ListBucketResult><Contents><Size>5</Size></Contents></ListBucketResult>",
    "<ListBucketResult><Contents><Key></Key><Size>5</Size></Contents></ListBucketResult>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ListBucketResult><Contents><Key>&e;</Key><Size>1</Size></Contents></ListBucketResult>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GPtrArray) objects = NULL;
      g_autofree char *next = NULL;
      g_autoptr(GError) error = NULL;
      gboolean truncated;

      g_test_message ("page %u", i);
      g_assert_false (parse (pages[i], &objects, &truncated, &next, &error));
      g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL);
    }
}

/* Nesting deeper than libxml2's limit, and a large page, end in bounded
 * time with an answer either way (no crash, no hang). */
static void
test_deep_and_large (void)
{
  g_autoptr(GString) deep = g_string_new ("<ListBucketResult>");
  g_autoptr(GString) large = g_string_new ("<ListBucketResult><IsTruncated>false</IsTruncated>");
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) many = NULL;
  g_autofree char *next = NULL;
  g_autofree char *next2 = NULL;
  g_autoptr(GError) error = NULL;
  gboolean truncated;

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<a>");
  g_assert_false (parse (deep->str, &objects, &truncated, &next, &error));
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL);
  g_clear_error (&error);

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (large, "<Contents><Key>k%04u</Key><Size>%u</Size></Contents>", i, i);
  g_string_append (large, "</ListBucketResult>");
  g_assert_true (parse (large->str, &many, &truncated, &next2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (many->len, ==, 1000);
  g_assert_false (truncated);
  g_assert_null (next2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/s3-list/rgw-page", test_rgw_page);
  g_test_add_func ("/s3-list/hostile", test_hostile);
  g_test_add_func ("/s3-list/deep-and-large", test_deep_and_large);

  return g_test_run ();
}
