/* ingest-thumbnail-reader.c
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

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-thumbnail-reader.h"

/* Camera thumbnails are a few kB; more is not a thumbnail. */
#define MAX_THUMBNAIL_BYTES (256 * 1024)

struct _IngestThumbnailReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestThumbnailReader, ingest_thumbnail_reader, INGEST_TYPE_METADATA_READER)

static gboolean
ingest_thumbnail_reader_accepts (IngestMetadataReader *reader,
                                 const char           *path)
{
  static const char * const suffixes[] = { ".jpg", ".jpeg", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

static gboolean
ingest_thumbnail_reader_read_clip_file (IngestMetadataReader  *reader,
                                        IngestClip            *clip,
                                        const char            *path,
                                        IngestByteSource      *source,
                                        GError               **error)
{
  g_autoptr(GBytes) jpeg = NULL;
  guint8 magic[3];
  guint64 size = ingest_byte_source_get_size (source);

  /* A JPEG clip (a still) is a picture, not a sidecar of one; an embedded
   * preview a reader found comes first. */
  if (g_strcmp0 (path, ingest_clip_get_media_file (clip)) == 0 ||
      ingest_clip_get_thumbnail (clip) != NULL || ingest_clip_get_thumbnail_path (clip) != NULL)
    return TRUE;
  if (size > MAX_THUMBNAIL_BYTES)
    return TRUE;
  if (!ingest_byte_source_read (source, 0, magic, sizeof magic, error))
    return FALSE;
  if (magic[0] != 0xff || magic[1] != 0xd8 || magic[2] != 0xff)
    {
      g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                   _("%s: not a JPEG image"), ingest_byte_source_get_name (source));
      return FALSE;
    }
  jpeg = ingest_byte_source_read_bytes (source, 0, size, error);
  if (jpeg == NULL)
    return FALSE;
  ingest_clip_set_thumbnail (clip, jpeg);
  return TRUE;
}

static void
ingest_thumbnail_reader_class_init (IngestThumbnailReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "thumbnail";
  reader_class->accepts = ingest_thumbnail_reader_accepts;
  reader_class->read_clip_file = ingest_thumbnail_reader_read_clip_file;
}

static void
ingest_thumbnail_reader_init (IngestThumbnailReader *self)
{
}
