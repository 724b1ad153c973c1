/* ingest-transfer.h
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

#define INGEST_TYPE_TRANSFER (ingest_transfer_get_type ())

G_DECLARE_FINAL_TYPE (IngestTransfer, ingest_transfer, INGEST, TRANSFER, GObject)

/* A file being read and sent now, as its drive session lists it. Updated
 * in place on the session's main context (properties "bytes-done", "rate",
 * "eta" notify); the rate is measured from when the file was first seen or
 * the run last resumed, and is 0 while the run is not moving. */
IngestTransfer *ingest_transfer_new            (const char     *path,
                                                guint64         size);
const char     *ingest_transfer_get_path       (IngestTransfer *self);
guint64         ingest_transfer_get_size       (IngestTransfer *self);
guint64         ingest_transfer_get_bytes_done (IngestTransfer *self);
double          ingest_transfer_get_rate       (IngestTransfer *self);
gint64          ingest_transfer_get_eta        (IngestTransfer *self);

void            ingest_transfer_restart_rate   (IngestTransfer *self);
void            ingest_transfer_update         (IngestTransfer *self,
                                                guint64         bytes_done,
                                                gboolean        moving);

G_END_DECLS
