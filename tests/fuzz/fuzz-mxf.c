/* fuzz-mxf.c
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

/* libFuzzer harness: any input as a MXF file, read by
 * IngestMxfReader through a byte source in memory with the readers'
 * default budget. Besides memory safety: a refusal is an
 * INGEST_METADATA_ERROR (never a G_IO_ERROR from memory), the reader never
 * reads more than the budget, and every field it set passes its check. */

#include "config.h"

#include "ingest.h"
#include "ingest-mxf-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static IngestMetadataReader *reader;
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "fuzz");
  g_autoptr(IngestClip) clip = ingest_clip_new ("clip", INGEST_CLIP_KIND_VIDEO, "roll", "");
  g_autoptr(GError) error = NULL;

  if (reader == NULL)
    reader = g_object_new (INGEST_TYPE_MXF_READER, NULL);
  ingest_byte_source_set_budget (source, INGEST_BYTE_SOURCE_DEFAULT_BUDGET);
  if (!ingest_metadata_reader_read_clip_file (reader, clip, "hostile.mxf", source, &error))
    g_assert (error != NULL && error->domain == INGEST_METADATA_ERROR);
  else
    g_assert (error == NULL);
  g_assert (ingest_byte_source_get_bytes_read (source) <= INGEST_BYTE_SOURCE_DEFAULT_BUDGET);
  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    {
      const char *value = ingest_clip_get_field (clip, f);

      g_assert (value == NULL || ingest_clip_field_check (f, value));
    }
  return 0;
}
