/* ingest-types.h
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

#include <glib-object.h>

G_BEGIN_DECLS

/* Forward declarations of the core's types, so headers need not include each other. */

typedef struct _IngestCatalog IngestCatalog;
typedef struct _IngestHashJob IngestHashJob;
typedef struct _IngestHasher IngestHasher;

G_END_DECLS
