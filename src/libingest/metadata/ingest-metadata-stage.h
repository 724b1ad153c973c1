/* ingest-metadata-stage.h
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

#include <gio/gio.h>

#include "ingest-session-stage.h"

G_BEGIN_DECLS

/*
 * IngestMetadataStage: the drive session's stage that knows what is on the
 * card (session state INSPECTING while it finishes).
 *
 * When the read is prepared it starts one low-priority worker that groups
 * each roll into clips and runs the readers over them, headers only, while
 * the read (validation and upload) goes on: it never waits for the read and
 * the read never waits for it. A read sink notes each file's verdict; when
 * the read is done, run_async() waits for the worker, gives each clip the
 * worst verdict of its files and where the upload put them, stores the
 * clips in the catalog (IngestClipLibrary) and completes. Pausing (an
 * unplugged drive) pauses the worker; resume() carries on at the new mount.
 *
 * The clips are listed (in roll and name order) once they are read, on the
 * main context the stage was made on. Before that, ::clip-ready hands out
 * each clip as soon as it is read and the read gave all its files a verdict
 * (the proxy stage starts its proxy then, while the card is still read).
 */
#define INGEST_TYPE_METADATA_STAGE (ingest_metadata_stage_get_type ())

G_DECLARE_FINAL_TYPE (IngestMetadataStage, ingest_metadata_stage, INGEST, METADATA_STAGE, IngestSessionStage)

IngestMetadataStage *ingest_metadata_stage_new            (void);
/* Production and shoot day the library files the clips under (NULL: from
 * the clips' own metadata, else the session's date). */
void                 ingest_metadata_stage_set_production (IngestMetadataStage *self,
                                                           const char          *production,
                                                           const char          *shoot_day);
/* Of IngestClip. */
GListModel          *ingest_metadata_stage_get_clips      (IngestMetadataStage *self);
guint64              ingest_metadata_stage_get_bytes_read (IngestMetadataStage *self);

G_END_DECLS
