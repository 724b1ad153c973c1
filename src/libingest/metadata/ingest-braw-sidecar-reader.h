/* ingest-braw-sidecar-reader.h
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

/* The JSON .sidecar Blackmagic RAW keeps beside a .braw; it overrides what the camera wrote. Name "braw-sidecar". */
#define INGEST_TYPE_BRAW_SIDECAR_READER (ingest_braw_sidecar_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestBrawSidecarReader, ingest_braw_sidecar_reader, INGEST, BRAW_SIDECAR_READER, IngestMetadataReader)

G_END_DECLS
