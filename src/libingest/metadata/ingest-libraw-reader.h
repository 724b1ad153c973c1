/* ingest-libraw-reader.h
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
 * IngestLibrawReader: still and raw-frame metadata through LibRaw's C API
 * (thread-safe libraw_r): DNG, CR3, CR2, NEF, ARW, RAF, RW2, ORF → camera,
 * serial, lens, exposure, date, size, white balance, and the embedded JPEG
 * preview as the clip's thumbnail. LibRaw parses from memory: the first MiB
 * of the file, read through the byte source; if LibRaw cannot parse that, or
 * the thumbnail lies beyond it, the first budget's worth (4 MiB); only if
 * that fails too does LibRaw open the file itself (its reads then counted
 * from /proc/thread-self/io).
 * A sequence is read from its first frame only.
 */
#define INGEST_TYPE_LIBRAW_READER (ingest_libraw_reader_get_type ())

G_DECLARE_FINAL_TYPE (IngestLibrawReader, ingest_libraw_reader, INGEST, LIBRAW_READER, IngestMetadataReader)

G_END_DECLS
