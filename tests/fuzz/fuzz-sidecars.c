/* fuzz-sidecars.c
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

/* libFuzzer harness: any input as a BRAW .sidecar, an R3D header, an ALE and
 * an ASC CDL (beside a clip and as a roll's collection). Besides memory
 * safety: a refusal is an INGEST_METADATA_ERROR, and no field holds a value
 * its type refuses. */

#include "config.h"

#include "ingest.h"
#include "ingest-ale-reader.h"
#include "ingest-braw-sidecar-reader.h"
#include "ingest-cdl-reader.h"
#include "ingest-r3d-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check (IngestClip *clip,
       gboolean    ok,
       GError     *error)
{
  g_autoptr(JsonNode) json = NULL;

  if (ok)
    g_assert (error == NULL);
  else
    g_assert (error != NULL && error->domain == INGEST_METADATA_ERROR);
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
  static IngestMetadataReader *readers[4];
  static const char * const paths[] = { "C0001.sidecar", "C0001.R3D", "roll.ale", "C0001.ccc" };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  if (readers[0] == NULL)
    {
      readers[0] = g_object_new (INGEST_TYPE_BRAW_SIDECAR_READER, NULL);
      readers[1] = g_object_new (INGEST_TYPE_R3D_READER, NULL);
      readers[2] = g_object_new (INGEST_TYPE_ALE_READER, NULL);
      readers[3] = g_object_new (INGEST_TYPE_CDL_READER, NULL);
    }

  for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
    {
      g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
      g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, paths[r]);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      ingest_clip_add_file (clip, paths[r], size);
      ok = ingest_metadata_reader_read_clip_file (readers[r], clip, paths[r], source, &error);
      check (clip, ok, error);

      if (ingest_metadata_reader_can_read_roll_files (readers[r]))
        {
          g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
          g_autoptr(IngestByteSource) roll_source = ingest_byte_source_new_for_bytes (bytes, paths[r]);
          g_autoptr(GError) roll_error = NULL;

          g_ptr_array_add (clips, ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R"));
          g_ptr_array_add (clips, ingest_clip_new ("A001C002", INGEST_CLIP_KIND_VIDEO, "R", "R"));
          ok = ingest_metadata_reader_read_roll_file (readers[r], clips, paths[r], roll_source, &roll_error);
          for (guint i = 0; i < clips->len; i++)
            check (g_ptr_array_index (clips, i), ok, roll_error);
        }
    }
  return 0;
}
