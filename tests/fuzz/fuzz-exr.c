/* fuzz-exr.c
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

/* libFuzzer harness: any input as an OpenEXR file for IngestExrReader
 * (OpenEXR's header parser reading through our byte source, and our walk of
 * its attributes). Besides memory safety: a refusal is an
 * INGEST_METADATA_ERROR, the reader reads within the byte source's budget,
 * and every attribute it keeps is valid UTF-8. */

#include "config.h"

#include "ingest.h"
#include "ingest-exr-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static IngestMetadataReader *reader;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "fuzz.exr");
  g_autoptr(IngestClip) clip = ingest_clip_new ("fuzz", INGEST_CLIP_KIND_SEQUENCE, "R", "R");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  if (reader == NULL)
    reader = g_object_new (INGEST_TYPE_EXR_READER, NULL);

  ingest_clip_add_file (clip, "fuzz.exr", size);
  ingest_clip_set_frame_range (clip, 86400, 86409);
  if (!ingest_metadata_reader_read_clip_file (reader, clip, "fuzz.exr", source, &error))
    g_assert (error != NULL && error->domain == INGEST_METADATA_ERROR);
  ingest_clip_complete_timing (clip);
  names = ingest_clip_dup_attribute_names (clip);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert (g_utf8_validate (ingest_clip_get_attribute (clip, names[i]), -1, NULL));
  g_assert (ingest_byte_source_get_bytes_read (source) <= INGEST_BYTE_SOURCE_DEFAULT_BUDGET);
  return 0;
}
