/* ingest-clip-field.h
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

/* How a field's canonical text looks (checked by ingest_clip_field_check()). */
typedef enum
{
  INGEST_CLIP_VALUE_TEXT,      /* any UTF-8 without control characters */
  INGEST_CLIP_VALUE_INTEGER,   /* a decimal integer, "-12" */
  INGEST_CLIP_VALUE_NUMBER,    /* a finite decimal number, "0.5", "35" */
  INGEST_CLIP_VALUE_RATIONAL,  /* "25" or "24000/1001" (lowest terms, den > 1) */
  INGEST_CLIP_VALUE_TIMECODE,  /* "HH:MM:SS:FF", or "HH:MM:SS;FF" when drop-frame */
  INGEST_CLIP_VALUE_BOOLEAN,   /* "true" or "false" */
  INGEST_CLIP_VALUE_DATETIME,  /* ISO 8601 with a date, "2026-11-21T10:21:14+01:00"
                                * (a time without an offset is kept as written) */
} IngestClipValueType;

/* The inspector's sections, in the order it shows them. */
typedef enum
{
  INGEST_CLIP_GROUP_CLIP,
  INGEST_CLIP_GROUP_CAMERA,
  INGEST_CLIP_GROUP_LENS,
  INGEST_CLIP_GROUP_EXPOSURE,
  INGEST_CLIP_GROUP_TIMECODE,
  INGEST_CLIP_GROUP_PICTURE,
  INGEST_CLIP_GROUP_AUDIO,
  INGEST_CLIP_GROUP_SLATE,
} IngestClipGroup;

/* One per line of ingest-clip-fields.defs, in table order. */
typedef enum /*< skip >*/
{
#define INGEST_CLIP_FIELD(ID, key, type, group, label, search) INGEST_CLIP_FIELD_##ID,
#include "ingest-clip-fields.defs"
#undef INGEST_CLIP_FIELD
} IngestClipField;

/* Not an enumerator, so that switches over every field need no case for it. */
#define INGEST_CLIP_N_FIELDS (INGEST_CLIP_FIELD_ORIGINATOR + 1)

const char          *ingest_clip_field_get_key      (IngestClipField      field);
const char          *ingest_clip_field_get_label    (IngestClipField      field);
IngestClipValueType  ingest_clip_field_get_type     (IngestClipField      field);
IngestClipGroup      ingest_clip_field_get_group    (IngestClipField      field);
gboolean             ingest_clip_field_is_searched  (IngestClipField      field);
gboolean             ingest_clip_field_from_key     (const char          *key,
                                                     IngestClipField     *field);
const char          *ingest_clip_group_get_label    (IngestClipGroup      group);

/* TRUE when VALUE is the canonical text of the field's type. */
gboolean             ingest_clip_field_check        (IngestClipField      field,
                                                     const char          *value);

G_END_DECLS
