/* ingest-metadata-sink-private.h
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
# error "A private header of the Ingest core: not for applications."
#endif

#include "ingest-read-sink.h"

G_BEGIN_DECLS

/* The metadata stage's ear on the read: each file's verdict (plain data,
 * locked; verdicts come from several reader threads at once), and a hook
 * called once when the read ends (on the read's thread). */
#define INGEST_TYPE_METADATA_SINK (ingest_metadata_sink_get_type ())

G_DECLARE_FINAL_TYPE (IngestMetadataSink, ingest_metadata_sink, INGEST, METADATA_SINK, IngestReadSink)

typedef void (*IngestMetadataSinkEndFunc) (gboolean completed,
                                           gpointer user_data);
typedef void (*IngestMetadataSinkVerdictFunc) (gpointer user_data);

/* END_FUNC and VERDICT_FUNC (after each verdict is noted, nullable): any
 * thread; USER_DATA must outlive the sink's read. */
IngestMetadataSink *_ingest_metadata_sink_new         (IngestMetadataSinkEndFunc  end_func,
                                                       IngestMetadataSinkVerdictFunc verdict_func,
                                                       gpointer                   user_data);
/* PATH relative to the read's root. FALSE when the read gave it no verdict. */
gboolean            _ingest_metadata_sink_get_verdict (IngestMetadataSink        *self,
                                                       const char                *path,
                                                       IngestValidationStatus    *status);
guint               _ingest_metadata_sink_get_n_verdicts (IngestMetadataSink     *self);

G_END_DECLS
