/* ingest-clip-field.c
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

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-clip-field.h"
#include "ingest-timecode.h"

typedef struct
{
  const char          *key;
  IngestClipValueType  type;
  IngestClipGroup      group;
  const char          *label;
  gboolean             search;
} FieldDef;

static const FieldDef field_defs[] = {
#define INGEST_CLIP_FIELD(ID, key, type, group, label, search) \
  [INGEST_CLIP_FIELD_##ID] = { key, INGEST_CLIP_VALUE_##type, INGEST_CLIP_GROUP_##group, label, search },
#include "ingest-clip-fields.defs"
#undef INGEST_CLIP_FIELD
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_defs) == INGEST_CLIP_N_FIELDS);

const char *
ingest_clip_field_get_key (IngestClipField field)
{
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, NULL);
  return field_defs[field].key;
}

const char *
ingest_clip_field_get_label (IngestClipField field)
{
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, NULL);
  return _(field_defs[field].label);
}

IngestClipValueType
ingest_clip_field_get_type (IngestClipField field)
{
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, INGEST_CLIP_VALUE_TEXT);
  return field_defs[field].type;
}

IngestClipGroup
ingest_clip_field_get_group (IngestClipField field)
{
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, INGEST_CLIP_GROUP_CLIP);
  return field_defs[field].group;
}

gboolean
ingest_clip_field_is_searched (IngestClipField field)
{
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, FALSE);
  return field_defs[field].search;
}

gboolean
ingest_clip_field_from_key (const char      *key,
                            IngestClipField *field)
{
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < INGEST_CLIP_N_FIELDS; i++)
    if (strcmp (field_defs[i].key, key) == 0)
      {
        if (field != NULL)
          *field = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ingest_clip_group_get_label (IngestClipGroup group)
{
  switch (group)
    {
    case INGEST_CLIP_GROUP_CLIP:     return _("Clip");
    case INGEST_CLIP_GROUP_CAMERA:   return _("Camera");
    case INGEST_CLIP_GROUP_LENS:     return _("Lens");
    case INGEST_CLIP_GROUP_EXPOSURE: return _("Exposure");
    case INGEST_CLIP_GROUP_TIMECODE: return _("Timecode");
    case INGEST_CLIP_GROUP_PICTURE:  return _("Picture");
    case INGEST_CLIP_GROUP_AUDIO:    return _("Audio");
    case INGEST_CLIP_GROUP_SLATE:    return _("Slate");
    default:                         g_return_val_if_reached (NULL);
    }
}

static gboolean
check_integer (const char *value)
{
  char *end;

  if (*value == '\0' || g_ascii_isspace (*value) || *value == '+')
    return FALSE;
  errno = 0;
  (void) g_ascii_strtoll (value, &end, 10);
  return errno == 0 && *end == '\0';
}

static gboolean
check_number (const char *value)
{
  char *end;
  double d;

  if (*value == '\0' || g_ascii_isspace (*value) || *value == '+')
    return FALSE;
  errno = 0;
  d = g_ascii_strtod (value, &end);
  /* JSON numbers only: no "inf", "nan", hex or a trailing "." */
  return errno == 0 && *end == '\0' && isfinite (d) &&
         strspn (value, "-0123456789.eE") == strlen (value) && end[-1] != '.';
}

static gboolean
check_rational (const char *value)
{
  guint64 num, den;
  char *end;

  if (!g_ascii_isdigit (*value))
    return FALSE;
  num = g_ascii_strtoull (value, &end, 10);
  if (num == 0 || num > G_MAXUINT)
    return FALSE;
  if (*end == '\0')
    return TRUE;
  if (*end != '/' || !g_ascii_isdigit (end[1]))
    return FALSE;
  den = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0' || den <= 1 || den > G_MAXUINT)
    return FALSE;
  /* Lowest terms, so that equal rates compare equal as text. */
  for (guint64 a = num, b = den; ; )
    {
      guint64 t = a % b;
      if (t == 0)
        return b == 1;
      a = b;
      b = t;
    }
}

static gboolean
check_datetime (const char *value)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  /* A date is required; a time without an offset is read as UTC to check it. */
  if (strlen (value) < 10 || value[4] != '-' || value[7] != '-')
    return FALSE;
  if (strlen (value) == 10)
    {
      g_autofree char *midnight = g_strconcat (value, "T00:00:00", NULL);
      dt = g_date_time_new_from_iso8601 (midnight, utc);
    }
  else
    dt = g_date_time_new_from_iso8601 (value, utc);
  return dt != NULL;
}

static gboolean
check_text (const char *value)
{
  if (*value == '\0' || !g_utf8_validate (value, -1, NULL))
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      return FALSE;
  return TRUE;
}

gboolean
ingest_clip_field_check (IngestClipField  field,
                         const char      *value)
{
  IngestTimecode tc;

  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, FALSE);

  if (value == NULL)
    return FALSE;

  switch (field_defs[field].type)
    {
    case INGEST_CLIP_VALUE_TEXT:
      return check_text (value);
    case INGEST_CLIP_VALUE_INTEGER:
      return check_integer (value);
    case INGEST_CLIP_VALUE_NUMBER:
      return check_number (value);
    case INGEST_CLIP_VALUE_RATIONAL:
      return check_rational (value);
    case INGEST_CLIP_VALUE_TIMECODE:
      /* The rate is not known here: the syntax and the fields' ranges only. */
      return ingest_timecode_init (&tc, 999, 1, FALSE) &&
             ingest_timecode_parse (&tc, value);
    case INGEST_CLIP_VALUE_BOOLEAN:
      return strcmp (value, "true") == 0 || strcmp (value, "false") == 0;
    case INGEST_CLIP_VALUE_DATETIME:
      return check_datetime (value);
    default:
      g_return_val_if_reached (FALSE);
    }
}
