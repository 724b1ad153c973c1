/* ingest-bwf-reader.h
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

/* Broadcast Wave (.wav, .bwf; RIFF and RF64): fmt, bext and iXML, by its own
 * chunk walker; never the samples. Name "bwf". */
#define INGEST_TYPE_BWF_READER (ingest_bwf_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestBwfReader, ingest_bwf_reader, INGEST, BWF_READER, IngestMetadataReader)

G_END_DECLS
