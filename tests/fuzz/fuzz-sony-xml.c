/* fuzz-sony-xml.c
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

/* libFuzzer harness: any input as a Sony NonRealTimeMeta clip sidecar
 * (C0001M01.XML) and as the card's MEDIAPRO.XML against two clips. Besides
 * memory safety: a refusal is an INGEST_METADATA_ERROR, and no field holds
 * a value its type refuses. */

#include "config.h"

#include "ingest.h"
#include "ingest-sony-xml-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_fields (IngestClip *clip)
{
  g_autoptr(JsonNode) json = NULL;

  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    {
      const char *value = ingest_clip_get_field (clip, f);

      g_assert (value == NULL || ingest_clip_field_check (f, value));
    }
  ingest_clip_complete_timing (clip);
  json = ingest_clip_to_json (clip);
  g_assert (json != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static IngestMetadataReader *reader;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (reader == NULL)
    reader = g_object_new (INGEST_TYPE_SONY_XML_READER, NULL);

  {
    g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "C0001M01.XML");

    if (!ingest_metadata_reader_read_clip_file (reader, clip, "Clip/C0001M01.XML", source, &error))
      g_assert (error != NULL && error->domain == INGEST_METADATA_ERROR);
    else
      g_assert (error == NULL);
    g_clear_error (&error);
    check_fields (clip);
  }

  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("C000%u", i);
      g_autofree char *file = g_strdup_printf ("Clip/C000%u.MXF", i);
      IngestClip *c = ingest_clip_new (name, INGEST_CLIP_KIND_VIDEO, "R", "R");

      ingest_clip_add_file (c, file, 0);
      g_ptr_array_add (clips, c);
    }
  {
    g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "MEDIAPRO.XML");

    if (!ingest_metadata_reader_read_roll_file (reader, clips, "MEDIAPRO.XML", source, &error))
      g_assert (error != NULL && error->domain == INGEST_METADATA_ERROR);
    else
      g_assert (error == NULL);
    for (guint i = 0; i < clips->len; i++)
      check_fields (g_ptr_array_index (clips, i));
  }
  return 0;
}
