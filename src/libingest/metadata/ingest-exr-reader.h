/* ingest-exr-reader.h
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
 * IngestExrReader: the header of an OpenEXR file through OpenEXR's C API
 * (OpenEXRCore), its reads going through the byte source (counted, within
 * the budget): size, compression, timeCode and framesPerSecond, capDate,
 * comments, the OpenEXR 3.2 camera and lens names (cameraModel, lensModel,
 * tStop, shutterAngle…) — and every attribute of the first part by name
 * ("exr.<name>"). A sequence is read from its first frame only.
 */
#define INGEST_TYPE_EXR_READER (ingest_exr_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestExrReader, ingest_exr_reader, INGEST, EXR_READER, IngestMetadataReader)

G_END_DECLS
