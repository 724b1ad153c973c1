/* ingest-hasher.h
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

#include "ingest-hash-kind.h"
#include "ingest-types.h"

G_BEGIN_DECLS

IngestHasher  *ingest_hasher_new        (IngestHashSet   kinds);
void           ingest_hasher_update     (IngestHasher   *self,
                                         const void     *data,
                                         gsize           len);
void           ingest_hasher_finish     (IngestHasher   *self);
IngestHashSet  ingest_hasher_get_kinds  (IngestHasher   *self);
char          *ingest_hasher_dup_text   (IngestHasher   *self,
                                         IngestHashKind  kind);
const guint8  *ingest_hasher_get_digest (IngestHasher   *self,
                                         IngestHashKind  kind,
                                         gsize          *len);
void           ingest_hasher_free       (IngestHasher   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestHasher, ingest_hasher_free)

G_END_DECLS
