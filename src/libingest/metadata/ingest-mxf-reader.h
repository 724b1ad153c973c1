/* ingest-mxf-reader.h
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
 * IngestMxfReader: MXF (SMPTE ST 377). Reads the header partition pack and
 * the header metadata after it (local sets, resolved through the primer
 * pack): operational pattern, identification, material package name and
 * timecode, picture and sound descriptors. Never the essence.
 */
#define INGEST_TYPE_MXF_READER (ingest_mxf_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestMxfReader, ingest_mxf_reader, INGEST, MXF_READER, IngestMetadataReader)

G_END_DECLS
