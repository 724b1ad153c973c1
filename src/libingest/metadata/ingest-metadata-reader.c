/* ingest-metadata-reader.c
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

#include "ingest-metadata-reader.h"

G_DEFINE_ABSTRACT_TYPE (IngestMetadataReader, ingest_metadata_reader, G_TYPE_OBJECT)

static void
ingest_metadata_reader_class_init (IngestMetadataReaderClass *klass)
{
}

static void
ingest_metadata_reader_init (IngestMetadataReader *self)
{
}

const char *
ingest_metadata_reader_get_name (IngestMetadataReader *self)
{
  g_return_val_if_fail (INGEST_IS_METADATA_READER (self), NULL);
  return INGEST_METADATA_READER_GET_CLASS (self)->name;
}

gboolean
ingest_metadata_reader_accepts (IngestMetadataReader *self,
                                const char           *path)
{
  IngestMetadataReaderClass *klass;

  g_return_val_if_fail (INGEST_IS_METADATA_READER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  klass = INGEST_METADATA_READER_GET_CLASS (self);
  return klass->accepts != NULL && klass->accepts (self, path);
}

gboolean
ingest_metadata_reader_read_clip_file (IngestMetadataReader  *self,
                                       IngestClip            *clip,
                                       const char            *path,
                                       IngestByteSource      *source,
                                       GError               **error)
{
  IngestMetadataReaderClass *klass;

  g_return_val_if_fail (INGEST_IS_METADATA_READER (self), FALSE);
  g_return_val_if_fail (INGEST_IS_CLIP (clip), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  klass = INGEST_METADATA_READER_GET_CLASS (self);
  if (klass->read_clip_file == NULL)
    return TRUE;
  return klass->read_clip_file (self, clip, path, source, error);
}

gboolean
ingest_metadata_reader_can_read_roll_files (IngestMetadataReader *self)
{
  g_return_val_if_fail (INGEST_IS_METADATA_READER (self), FALSE);
  return INGEST_METADATA_READER_GET_CLASS (self)->read_roll_file != NULL;
}

gboolean
ingest_metadata_reader_read_roll_file (IngestMetadataReader  *self,
                                       GPtrArray             *clips,
                                       const char            *path,
                                       IngestByteSource      *source,
                                       GError               **error)
{
  IngestMetadataReaderClass *klass;

  g_return_val_if_fail (INGEST_IS_METADATA_READER (self), FALSE);
  g_return_val_if_fail (clips != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  klass = INGEST_METADATA_READER_GET_CLASS (self);
  if (klass->read_roll_file == NULL)
    return TRUE;
  return klass->read_roll_file (self, clips, path, source, error);
}

gboolean
ingest_metadata_path_has_suffix (const char         *path,
                                 const char * const *suffixes)
{
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);

  len = strlen (path);
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      gsize n = strlen (suffixes[i]);

      if (n <= len && g_ascii_strcasecmp (path + len - n, suffixes[i]) == 0)
        return TRUE;
    }
  return FALSE;
}
