/* ingest-clip-library.h
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

#include "ingest-catalog.h"
#include "ingest-clip.h"

G_BEGIN_DECLS

/*
 * IngestClipLibrary: every clip the station ever read, in the catalog
 * (tables clips, clip_files, clip_values and the FTS5 index clip_search;
 * sql/0009-clips.sql), searchable after the drive is long gone.
 *
 * Storing goes through the catalog's writer thread (one transaction per
 * call: a roll's clips replace what the library had for that roll of that
 * drive). Queries run on a read connection on the calling thread (_sync) or
 * on a worker (_async) and return new IngestClip objects with their fields,
 * files, verification and locations.
 *
 * Search: the user's words, as typed ("scene 42 take 3", "A003C012",
 * "ALEXA 35"), each word a prefix match, all words required, over clip,
 * roll, reel, camera, lens, scene, take, notes, production, shoot day and
 * file names; ranked by bm25. Quotes and FTS5 operators in the text are
 * taken literally, never as syntax. A field's name or label before a word
 * ("scene 42", "camera venice", "reel A003") looks for that word in that
 * field only, and a number there whole ("take 3" is not take 31). Clips
 * whose names start with the query as typed come first ("A003C012_26…").
 * Words after the 32nd are ignored.
 */
#define INGEST_TYPE_CLIP_LIBRARY (ingest_clip_library_get_type ())

G_DECLARE_FINAL_TYPE (IngestClipLibrary, ingest_clip_library, INGEST, CLIP_LIBRARY, GObject)

IngestClipLibrary *ingest_clip_library_new               (IngestCatalog      *catalog);
IngestCatalog     *ingest_clip_library_get_catalog       (IngestClipLibrary  *self);

/* CLIPS: of IngestClip, each with its drive identity, drive label and roll
 * path set. PRODUCTION/SHOOT_DAY: how the library files them (NULL: from
 * the clips' "production" and "created" fields, else today).
 * Errors: G_IO_ERROR_INVALID_ARGUMENT for a clip without a drive identity
 * or a SHOOT_DAY that is not YYYY-MM-DD (nothing stored);
 * INGEST_CATALOG_ERROR_CONSTRAINT for two clips of one name on one roll
 * (the call stores nothing). Loaded clips carry the production they are
 * filed under as their "production" field when the card named none. */
void               ingest_clip_library_store_async       (IngestClipLibrary  *self,
                                                          GPtrArray          *clips,
                                                          const char         *production,
                                                          const char         *shoot_day,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean           ingest_clip_library_store_finish      (IngestClipLibrary  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);
gboolean           ingest_clip_library_store_sync        (IngestClipLibrary  *self,
                                                          GPtrArray          *clips,
                                                          const char         *production,
                                                          const char         *shoot_day,
                                                          GCancellable       *cancellable,
                                                          GError            **error);

/* The circled-take mark the technician sets on CLIP (table clip_marks,
 * sql/0010-clip-marks.sql): kept by the clip's roll and name, so it
 * survives the roll being stored again, and put on the CIRCLED field of
 * the clips the queries below return (over what the card said).
 * Errors: G_IO_ERROR_INVALID_ARGUMENT for a clip without a drive identity,
 * G_IO_ERROR_NOT_FOUND when the library has no such roll. */
void               ingest_clip_library_set_circled_async (IngestClipLibrary  *self,
                                                          IngestClip         *clip,
                                                          gboolean            circled,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean           ingest_clip_library_set_circled_finish (IngestClipLibrary *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);
gboolean           ingest_clip_library_set_circled_sync  (IngestClipLibrary  *self,
                                                          IngestClip         *clip,
                                                          gboolean            circled,
                                                          GCancellable       *cancellable,
                                                          GError            **error);

/* The mark stored for CLIP (a clip read from the drive again, not listed
 * from the library): TRUE and CIRCLED when there is one; FALSE without an
 * error when there is none. */
void               ingest_clip_library_lookup_circled_async (IngestClipLibrary *self,
                                                          IngestClip         *clip,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean           ingest_clip_library_lookup_circled_finish (IngestClipLibrary *self,
                                                          GAsyncResult       *result,
                                                          gboolean           *circled,
                                                          GError            **error);

/* Of IngestClip, best match first; LIMIT 0 = no limit. */
GListModel        *ingest_clip_library_search_sync       (IngestClipLibrary  *self,
                                                          const char         *query,
                                                          guint               limit,
                                                          GError            **error);
void               ingest_clip_library_search_async      (IngestClipLibrary  *self,
                                                          const char         *query,
                                                          guint               limit,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
GListModel        *ingest_clip_library_search_finish     (IngestClipLibrary  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

/* Of IngestClip, in roll and name order. ROLL_PATH NULL: the whole drive. */
GListModel        *ingest_clip_library_list_clips_sync   (IngestClipLibrary  *self,
                                                          const char         *drive_identity,
                                                          const char         *roll_path,
                                                          GError            **error);
void               ingest_clip_library_list_clips_async  (IngestClipLibrary  *self,
                                                          const char         *drive_identity,
                                                          const char         *roll_path,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
GListModel        *ingest_clip_library_list_clips_finish (IngestClipLibrary  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

/* Of IngestLibraryRoll, by production, shoot day (newest first), drive, roll. */
GListModel        *ingest_clip_library_list_rolls_sync   (IngestClipLibrary  *self,
                                                          GError            **error);
void               ingest_clip_library_list_rolls_async  (IngestClipLibrary  *self,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
GListModel        *ingest_clip_library_list_rolls_finish (IngestClipLibrary  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

G_END_DECLS
