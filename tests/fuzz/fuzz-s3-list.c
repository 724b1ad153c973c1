/* fuzz-s3-list.c
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

/* libFuzzer harness: any input as a ListObjectsV2 answer, the page the
 * no-overwrite guard trusts to know what a bucket holds. Besides memory
 * safety: a refusal is a protocol error, an accepted page lists only
 * objects with a non-empty key, and a page that says it is truncated
 * without a next token is what the caller then refuses. */

#include "config.h"

#include "ingest.h"
#include "ingest-s3-client-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_s3_listed_object_free);
  g_autofree char *next = NULL;
  g_autoptr(GError) error = NULL;
  gboolean truncated;

  if (!_ingest_s3_parse_list_page (data, size, objects, &truncated, &next, &error))
    {
      g_assert (g_error_matches (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_PROTOCOL));
      return 0;
    }
  g_assert (error == NULL);
  for (guint i = 0; i < objects->len; i++)
    {
      IngestS3ListedObject *object = g_ptr_array_index (objects, i);

      g_assert (object->key != NULL && object->key[0] != '\0');
    }
  return 0;
}
