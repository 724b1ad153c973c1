/* ingest-library-roll.c
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

#define G_LOG_DOMAIN "ingest-library-roll"

#include "config.h"

#include "ingest-library-roll.h"

struct _IngestLibraryRoll
{
  GObject  parent_instance;

  char    *production;
  char    *shoot_day;
  char    *drive_identity;
  char    *drive_label;
  char    *roll_name;
  char    *roll_path;
  guint    n_clips;
  gint64   ingested_at;
};

G_DEFINE_FINAL_TYPE (IngestLibraryRoll, ingest_library_roll, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PRODUCTION,
  PROP_SHOOT_DAY,
  PROP_DRIVE_IDENTITY,
  PROP_DRIVE_LABEL,
  PROP_ROLL_NAME,
  PROP_ROLL_PATH,
  PROP_N_CLIPS,
  PROP_INGESTED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_library_roll_finalize (GObject *object)
{
  IngestLibraryRoll *self = INGEST_LIBRARY_ROLL (object);

  g_free (self->production);
  g_free (self->shoot_day);
  g_free (self->drive_identity);
  g_free (self->drive_label);
  g_free (self->roll_name);
  g_free (self->roll_path);

  G_OBJECT_CLASS (ingest_library_roll_parent_class)->finalize (object);
}

static void
ingest_library_roll_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IngestLibraryRoll *self = INGEST_LIBRARY_ROLL (object);

  switch (prop_id)
    {
    case PROP_PRODUCTION: g_value_set_string (value, self->production); break;
    case PROP_SHOOT_DAY: g_value_set_string (value, self->shoot_day); break;
    case PROP_DRIVE_IDENTITY: g_value_set_string (value, self->drive_identity); break;
    case PROP_DRIVE_LABEL: g_value_set_string (value, self->drive_label); break;
    case PROP_ROLL_NAME: g_value_set_string (value, self->roll_name); break;
    case PROP_ROLL_PATH: g_value_set_string (value, self->roll_path); break;
    case PROP_N_CLIPS: g_value_set_uint (value, self->n_clips); break;
    case PROP_INGESTED_AT: g_value_set_int64 (value, self->ingested_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
    }
}

static void
ingest_library_roll_class_init (IngestLibraryRollClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_library_roll_finalize;
  object_class->get_property = ingest_library_roll_get_property;

  properties[PROP_PRODUCTION] = g_param_spec_string ("production", NULL, NULL, NULL, ro);
  properties[PROP_SHOOT_DAY] = g_param_spec_string ("shoot-day", NULL, NULL, NULL, ro);
  properties[PROP_DRIVE_IDENTITY] = g_param_spec_string ("drive-identity", NULL, NULL, NULL, ro);
  properties[PROP_DRIVE_LABEL] = g_param_spec_string ("drive-label", NULL, NULL, NULL, ro);
  properties[PROP_ROLL_NAME] = g_param_spec_string ("roll-name", NULL, NULL, NULL, ro);
  properties[PROP_ROLL_PATH] = g_param_spec_string ("roll-path", NULL, NULL, NULL, ro);
  properties[PROP_N_CLIPS] = g_param_spec_uint ("n-clips", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_INGESTED_AT] = g_param_spec_int64 ("ingested-at", NULL, NULL,
                                                     0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_library_roll_init (IngestLibraryRoll *self)
{
}

IngestLibraryRoll *
ingest_library_roll_new (const char *production,
                         const char *shoot_day,
                         const char *drive_identity,
                         const char *drive_label,
                         const char *roll_name,
                         const char *roll_path,
                         guint       n_clips,
                         gint64      ingested_at)
{
  IngestLibraryRoll *self = g_object_new (INGEST_TYPE_LIBRARY_ROLL, NULL);

  self->production = g_strdup (production);
  self->shoot_day = g_strdup (shoot_day);
  self->drive_identity = g_strdup (drive_identity);
  self->drive_label = g_strdup (drive_label);
  self->roll_name = g_strdup (roll_name);
  self->roll_path = g_strdup (roll_path);
  self->n_clips = n_clips;
  self->ingested_at = ingested_at;
  return self;
}

const char *
ingest_library_roll_get_production (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), NULL);
  return self->production;
}

const char *
ingest_library_roll_get_shoot_day (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), NULL);
  return self->shoot_day;
}

const char *
ingest_library_roll_get_drive_identity (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), NULL);
  return self->drive_identity;
}

const char *
ingest_library_roll_get_drive_label (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), NULL);
  return self->drive_label;
}

const char *
ingest_library_roll_get_roll_name (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), NULL);
  return self->roll_name;
}

const char *
ingest_library_roll_get_roll_path (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), NULL);
  return self->roll_path;
}

guint
ingest_library_roll_get_n_clips (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), 0);
  return self->n_clips;
}

gint64
ingest_library_roll_get_ingested_at (IngestLibraryRoll *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_ROLL (self), 0);
  return self->ingested_at;
}
