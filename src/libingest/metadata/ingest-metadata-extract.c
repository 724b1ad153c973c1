/* ingest-metadata-extract.c
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

#include "config.h"

#include "ingest-metadata-extract.h"

#include "ingest-ale-reader.h"
#include "ingest-braw-sidecar-reader.h"
#include "ingest-bwf-reader.h"
#include "ingest-cdl-reader.h"
#include "ingest-cinema-dng-reader.h"
#include "ingest-exr-reader.h"
#include "ingest-isobmff-reader.h"
#include "ingest-libraw-reader.h"
#include "ingest-mxf-reader.h"
#include "ingest-r3d-reader.h"
#include "ingest-sony-xml-reader.h"
#include "ingest-thumbnail-reader.h"

/* Every reader, most trusted first: a value offered earlier stands. Sidecars
 * a person edits after the shoot (BRAW .sidecar) beat what the camera wrote;
 * the camera's own XML beats the container it describes; ALE and CDL, made
 * later by other tools, only fill gaps. Add a reader here and nowhere else.
 * Raw frames and EXR headers are the camera's own file, after its sidecars
 * and before ALE/CDL; the CinemaDNG tags (timing) before LibRaw, which
 * knows none. */
static GType (* const reader_types[]) (void) = {
  ingest_braw_sidecar_reader_get_type,
  ingest_sony_xml_reader_get_type,
  /* The containers: what the camera wrote into the media file itself. */
  ingest_isobmff_reader_get_type,
  ingest_mxf_reader_get_type,
  ingest_bwf_reader_get_type,
  ingest_r3d_reader_get_type,
  ingest_cinema_dng_reader_get_type,
  ingest_libraw_reader_get_type,
  ingest_exr_reader_get_type,
  /* Made later by other tools: they fill gaps only. */
  ingest_ale_reader_get_type,
  ingest_cdl_reader_get_type,
  /* Last: a thumbnail beside the clip, when no reader found one inside. */
  ingest_thumbnail_reader_get_type,
};

GPtrArray *
ingest_metadata_get_readers (void)
{
  static GPtrArray *readers;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      readers = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < G_N_ELEMENTS (reader_types); i++)
        if (reader_types[i] != NULL)
          g_ptr_array_add (readers, g_object_new (reader_types[i] (), NULL));
      g_once_init_leave (&initialized, 1);
    }
  return readers;
}

IngestMetadataReader *
ingest_metadata_find_reader (const char *name)
{
  GPtrArray *readers = ingest_metadata_get_readers ();

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < readers->len; i++)
    if (g_strcmp0 (ingest_metadata_reader_get_name (g_ptr_array_index (readers, i)), name) == 0)
      return g_ptr_array_index (readers, i);
  return NULL;
}

static void
add_problem_from_error (IngestClip   *clip,
                        const GError *error)
{
  ingest_clip_add_problem (clip, error->message);
}

gboolean
ingest_metadata_extract_clip (IngestClip    *clip,
                              const char    *roll_root,
                              GCancellable  *cancellable,
                              GError       **error)
{
  GPtrArray *readers = ingest_metadata_get_readers ();

  g_return_val_if_fail (INGEST_IS_CLIP (clip), FALSE);
  g_return_val_if_fail (roll_root != NULL, FALSE);

  /* Readers outside, files inside: the table's trust order holds across the
   * clip's files (Sony's XML sidecar before the MXF it describes). */
  for (guint r = 0; r < readers->len; r++)
    {
      IngestMetadataReader *reader = g_ptr_array_index (readers, r);

      for (guint f = 0; f < ingest_clip_get_n_files (clip); f++)
        {
          const char *path = ingest_clip_get_file (clip, f);
          g_autofree char *absolute = NULL;
          g_autoptr(IngestByteSource) source = NULL;
          g_autoptr(GError) local_error = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (!ingest_metadata_reader_accepts (reader, path))
            continue;

          absolute = g_build_filename (roll_root, path, NULL);
          source = ingest_byte_source_open (absolute, path, INGEST_BYTE_SOURCE_DEFAULT_BUDGET,
                                            &local_error);
          if (source == NULL)
            {
              add_problem_from_error (clip, local_error);
              continue;
            }
          if (!ingest_metadata_reader_read_clip_file (reader, clip, path, source, &local_error))
            add_problem_from_error (clip, local_error);
          ingest_clip_add_bytes_read (clip, ingest_byte_source_get_bytes_read (source));
        }
    }

  ingest_clip_complete_timing (clip);
  return TRUE;
}

gboolean
ingest_metadata_extract_roll (GPtrArray     *clips,
                              const char    *roll_root,
                              GPtrArray     *other_paths,
                              GCancellable  *cancellable,
                              GError       **error)
{
  GPtrArray *readers = ingest_metadata_get_readers ();

  g_return_val_if_fail (clips != NULL, FALSE);
  g_return_val_if_fail (roll_root != NULL, FALSE);
  g_return_val_if_fail (other_paths != NULL, FALSE);

  for (guint p = 0; p < other_paths->len; p++)
    {
      const char *path = g_ptr_array_index (other_paths, p);
      g_autofree char *absolute = g_build_filename (roll_root, path, NULL);

      for (guint r = 0; r < readers->len; r++)
        {
          IngestMetadataReader *reader = g_ptr_array_index (readers, r);
          g_autoptr(IngestByteSource) source = NULL;
          g_autoptr(GError) local_error = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (!ingest_metadata_reader_can_read_roll_files (reader) ||
              !ingest_metadata_reader_accepts (reader, path))
            continue;

          source = ingest_byte_source_open (absolute, path, INGEST_BYTE_SOURCE_DEFAULT_BUDGET,
                                            &local_error);
          if (source == NULL ||
              !ingest_metadata_reader_read_roll_file (reader, clips, path, source, &local_error))
            /* A broken roll-level sidecar (an ALE, a .ccc) names no one clip. */
            g_debug ("%s", local_error->message);
        }
    }
  return TRUE;
}
