/* ingest-sony-xml-reader.h
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

/* Sony NonRealTimeMeta per-clip XML (…M01.XML) and the card's MEDIAPRO.XML index (roll-level). Name "sony-xml". */
#define INGEST_TYPE_SONY_XML_READER (ingest_sony_xml_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestSonyXmlReader, ingest_sony_xml_reader, INGEST, SONY_XML_READER, IngestMetadataReader)

G_END_DECLS
