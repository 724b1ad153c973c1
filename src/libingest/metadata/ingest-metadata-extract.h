/* ingest-metadata-extract.h
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

#include "ingest-clip.h"
#include "ingest-metadata-reader.h"

G_BEGIN_DECLS

/* Running the readers (any thread; see ingest-metadata-reader.h). */

/* Every reader, one instance each, in trust order (most trusted first). */
GPtrArray *ingest_metadata_get_readers      (void);
/* The reader of that ::name ("isobmff", "bwf"…), or NULL; not a new reference. */
IngestMetadataReader *ingest_metadata_find_reader (const char *name);

/* Reads what the readers know about CLIP from its files under ROLL_ROOT (the
 * roll's folder, absolute). Problems go to the clip; bytes read are added to
 * it. Ends with ingest_clip_complete_timing(). FALSE only when cancelled. */
gboolean   ingest_metadata_extract_clip     (IngestClip         *clip,
                                             const char         *roll_root,
                                             GCancellable       *cancellable,
                                             GError            **error);
/* The roll's files in no clip (OTHER_PATHS, relative to the roll), read by
 * the readers with ::read_roll_file against CLIPS. Problems of such a file
 * go to every clip it names, or are logged at debug level when none. */
gboolean   ingest_metadata_extract_roll     (GPtrArray          *clips,
                                             const char         *roll_root,
                                             GPtrArray          *other_paths,
                                             GCancellable       *cancellable,
                                             GError            **error);

G_END_DECLS
