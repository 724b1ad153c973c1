/* ingest-cinema-dng-reader.h
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
 * IngestCinemaDngReader: the two CinemaDNG tags LibRaw does not expose,
 * TimeCodes (51043, SMPTE ST 12 BCD) and FrameRate (51044, SRATIONAL), read
 * by a small bounded TIFF IFD walker → tc_start, fps (and frames, for a
 * sequence, from its frame range). A sequence is read from its first frame
 * only.
 */
#define INGEST_TYPE_CINEMA_DNG_READER (ingest_cinema_dng_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestCinemaDngReader, ingest_cinema_dng_reader, INGEST, CINEMA_DNG_READER, IngestMetadataReader)

G_END_DECLS
