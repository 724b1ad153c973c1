/* ingest-thumbnail-reader.h
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

#pragma once

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include "ingest-metadata-reader.h"

G_BEGIN_DECLS

/* The JPEG a camera writes beside a clip (Sony "C0001T01.JPG" in THMBNL/):
 * the clip's thumbnail, when no reader found an embedded one. Name "thumbnail". */
#define INGEST_TYPE_THUMBNAIL_READER (ingest_thumbnail_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestThumbnailReader, ingest_thumbnail_reader, INGEST, THUMBNAIL_READER, IngestMetadataReader)

G_END_DECLS
