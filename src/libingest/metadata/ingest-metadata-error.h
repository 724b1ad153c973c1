/* ingest-metadata-error.h
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

#include <glib.h>

G_BEGIN_DECLS

#define INGEST_METADATA_ERROR (ingest_metadata_error_quark ())

/* Why a reader could not read a file; each becomes a problem of the clip,
 * never a failure of the card. */
typedef enum
{
  INGEST_METADATA_ERROR_TRUNCATED,    /* a structure runs past the end of the file */
  INGEST_METADATA_ERROR_MALFORMED,    /* sizes that lie or loop, bad syntax, bad nesting */
  INGEST_METADATA_ERROR_TOO_LARGE,    /* over the reader's byte budget (a 2 GB "XML") */
  INGEST_METADATA_ERROR_UNSUPPORTED,  /* a version or variant this reader does not know */
} IngestMetadataError;

GQuark ingest_metadata_error_quark (void);

G_END_DECLS
