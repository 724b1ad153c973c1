/* ingest-isobmff-reader.h
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

/*
 * IngestIsobmffReader: ISO-BMFF / QuickTime (.mov, .mp4, .m4v, Canon .crm).
 * Walks the top-level box headers and reads the moov box only (never the
 * media, but for the 4-byte first sample of a tmcd track): codec, size, rate,
 * frames, timecode and reel, audio layout, and every moov/meta mdta key
 * (com.apple.quicktime.*, com.arri.camera.*) as an attribute, the known
 * ones mapped to fields.
 */
#define INGEST_TYPE_ISOBMFF_READER (ingest_isobmff_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestIsobmffReader, ingest_isobmff_reader, INGEST, ISOBMFF_READER, IngestMetadataReader)

G_END_DECLS
