/* fuzz-tiff.c
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

/* libFuzzer harness: any input as a DNG for the CinemaDNG IFD walker
 * (IngestCinemaDngReader). Besides memory safety: a refusal is an
 * INGEST_METADATA_ERROR, and every value it offers passes the field's check
 * (a refused value would be a problem naming the field, which we reject). */

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-cinema-dng-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static IngestMetadataReader *reader;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "fuzz.dng");
  g_autoptr(IngestClip) clip = ingest_clip_new ("fuzz", INGEST_CLIP_KIND_SEQUENCE, "R", "R");
  g_autoptr(GError) error = NULL;

  if (reader == NULL)
    reader = g_object_new (INGEST_TYPE_CINEMA_DNG_READER, NULL);

  ingest_clip_add_file (clip, "fuzz.dng", size);
  ingest_clip_set_frame_range (clip, 86400, 86409);
  if (!ingest_metadata_reader_read_clip_file (reader, clip, "fuzz.dng", source, &error))
    g_assert (error != NULL && error->domain == INGEST_METADATA_ERROR);
  for (guint i = 0; i < ingest_clip_get_n_problems (clip); i++)
    g_assert (strstr (ingest_clip_get_problem (clip, i), "CinemaDNG") != NULL);
  ingest_clip_complete_timing (clip);
  /* A walk never reads more than its IFDs and two values. */
  g_assert (ingest_byte_source_get_bytes_read (source) <= 8 + 32 * (2 + 12 * 1024 + 4) + 16 * 4 * 32 + 16);
  return 0;
}
