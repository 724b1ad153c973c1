/* ingest-cdl-reader.h
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

/* ASC CDL: .cdl and .cc beside a clip, .ccc collections matched by id. Name "cdl". */
#define INGEST_TYPE_CDL_READER (ingest_cdl_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestCdlReader, ingest_cdl_reader, INGEST, CDL_READER, IngestMetadataReader)

G_END_DECLS
