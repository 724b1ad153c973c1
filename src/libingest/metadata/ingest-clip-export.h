/* ingest-clip-export.h
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

G_BEGIN_DECLS

/* Clip lists for editorial (any thread; CLIPS of IngestClip, read only). */

/* ALE as Avid imports it: "Heading" (FIELD_DELIM TABS, VIDEO_FORMAT,
 * AUDIO_FORMAT, FPS: the clips' most common picture height, sample rate and
 * rate; a line is left out when no clip knows it), "Column", "Data", one
 * row per clip. Start is the first frame, End the frame after the last
 * (Avid's convention), Duration the length as a time address. Cells of
 * unknown values are empty; tabs and line breaks in values become spaces. */
char *ingest_clip_export_ale (GPtrArray *clips);
/* CSV (RFC 4180: CRLF, quotes doubled) with a header of the JSON keys: clip,
 * roll, drive, kind, files (";"-separated), every field of
 * ingest-clip-fields.defs, verification, locations (" "-separated). */
char *ingest_clip_export_csv (GPtrArray *clips);

G_END_DECLS
