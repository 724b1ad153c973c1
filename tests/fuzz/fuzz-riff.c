/* fuzz-riff.c
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

/* libFuzzer harness: any input as a Broadcast Wave file (RIFF/RF64 chunk
 * walk, fmt, bext, iXML). Besides memory safety: a refusal is an
 * INGEST_METADATA_ERROR, no field holds a value its type refuses, and the
 * reader read no more than the input. */

#include "config.h"

#include "ingest.h"
#include "ingest-bwf-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static IngestMetadataReader *reader;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "fuzz.wav");
  g_autoptr(IngestClip) clip = ingest_clip_new ("fuzz", INGEST_CLIP_KIND_AUDIO, "R", "R");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;

  if (reader == NULL)
    reader = g_object_new (INGEST_TYPE_BWF_READER, NULL);

  if (!ingest_metadata_reader_read_clip_file (reader, clip, "fuzz.wav", source, &error))
    g_assert (error != NULL && error->domain == INGEST_METADATA_ERROR);
  else
    g_assert (error == NULL);

  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    {
      const char *value = ingest_clip_get_field (clip, f);

      g_assert (value == NULL || ingest_clip_field_check (f, value));
    }
  g_assert (ingest_byte_source_get_bytes_read (source) <= size);
  ingest_clip_complete_timing (clip);
  json = ingest_clip_to_json (clip);
  g_assert (json != NULL);
  return 0;
}
