/* ingest-cdl-reader-private.h
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

#if !defined (INGEST_COMPILATION)
# error "A private header of the core."
#endif

#include <libxml/tree.h>

#include "ingest-cdl-reader.h"

G_BEGIN_DECLS

/* What the proxies' looks (proxy/ingest-look.c) share with the reader: the
 * numbers of an ASC CDL document, read the one way. */

typedef struct
{
  double   slope[3];
  double   offset[3];
  double   power[3];
  double   saturation;
  gboolean has_sop;
  gboolean has_saturation;
} IngestCdlValues;

gboolean   _ingest_cdl_read_correction     (xmlNode          *correction,
                                            IngestCdlValues  *values,
                                            const char      **reason);
GPtrArray *_ingest_cdl_collect_corrections (xmlNode          *root);

G_END_DECLS
