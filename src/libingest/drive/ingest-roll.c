/* ingest-roll.c
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

#define G_LOG_DOMAIN "ingest-roll"

#include "config.h"

#include "ingest-roll.h"

struct _IngestRoll
{
  GObject         parent_instance;

  char           *name;
  char           *path;
  char           *mhl_kind;
  char           *mhl_path;
  guint64         n_files;
  guint64         total_bytes;
  guint           n_clips;
  IngestCardKind  kind;
};

G_DEFINE_FINAL_TYPE (IngestRoll, ingest_roll, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_MHL_KIND,
  PROP_MHL_PATH,
  PROP_N_CLIPS,
  PROP_N_FILES,
  PROP_NAME,
  PROP_PATH,
  PROP_TOTAL_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_roll_finalize (GObject *object)
{
  IngestRoll *self = (IngestRoll *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->mhl_kind, g_free);
  g_clear_pointer (&self->mhl_path, g_free);

  G_OBJECT_CLASS (ingest_roll_parent_class)->finalize (object);
}

static void
ingest_roll_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IngestRoll *self = INGEST_ROLL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, ingest_roll_get_kind_label (self));
      break;
    case PROP_MHL_KIND:
      g_value_set_string (value, self->mhl_kind);
      break;
    case PROP_MHL_PATH:
      g_value_set_string (value, self->mhl_path);
      break;
    case PROP_N_CLIPS:
      g_value_set_uint (value, self->n_clips);
      break;
    case PROP_N_FILES:
      g_value_set_uint64 (value, self->n_files);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_roll_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  IngestRoll *self = INGEST_ROLL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_MHL_KIND:
      self->mhl_kind = g_value_dup_string (value);
      break;
    case PROP_MHL_PATH:
      self->mhl_path = g_value_dup_string (value);
      break;
    case PROP_N_CLIPS:
      self->n_clips = g_value_get_uint (value);
      break;
    case PROP_N_FILES:
      self->n_files = g_value_get_uint64 (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_TOTAL_BYTES:
      self->total_bytes = g_value_get_uint64 (value);
      break;
    case PROP_KIND_LABEL:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_roll_class_init (IngestRollClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_roll_finalize;
  object_class->get_property = ingest_roll_get_property;
  object_class->set_property = ingest_roll_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       INGEST_TYPE_CARD_KIND, INGEST_CARD_KIND_GENERIC, flags);
  properties[PROP_KIND_LABEL] =
    g_param_spec_string ("kind-label", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MHL_KIND] =
    g_param_spec_string ("mhl-kind", NULL, NULL, "none", flags);
  properties[PROP_MHL_PATH] =
    g_param_spec_string ("mhl-path", NULL, NULL, NULL, flags);
  properties[PROP_N_CLIPS] =
    g_param_spec_uint ("n-clips", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_FILES] =
    g_param_spec_uint64 ("n-files", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, ".", flags);
  properties[PROP_TOTAL_BYTES] =
    g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_roll_init (IngestRoll *self)
{
}

/**
 * ingest_roll_new_from_card_roll:
 * @info: a roll found by ingest_card_layout_scan()
 *
 * Returns: (transfer full): a new #IngestRoll with a copy of @info
 */
IngestRoll *
ingest_roll_new_from_card_roll (const IngestCardRoll *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return g_object_new (INGEST_TYPE_ROLL,
                       "name", info->name,
                       "kind", info->kind,
                       "path", info->path,
                       "n-files", info->n_files,
                       "n-clips", info->n_clips,
                       "total-bytes", info->total_bytes,
                       "mhl-kind", info->mhl_kind,
                       "mhl-path", info->mhl_path,
                       NULL);
}

const char *
ingest_roll_get_name (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), NULL);
  return self->name;
}

IngestCardKind
ingest_roll_get_kind (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), INGEST_CARD_KIND_GENERIC);
  return self->kind;
}

/**
 * ingest_roll_get_kind_label:
 *
 * Returns: (transfer none): the translated name of the roll's kind ("ARRI", "Sound"…)
 */
const char *
ingest_roll_get_kind_label (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), NULL);
  return ingest_card_kind_get_label (self->kind);
}

/**
 * ingest_roll_get_path:
 *
 * Returns: (transfer none): the roll's folder relative to the drive root ("." for the root)
 */
const char *
ingest_roll_get_path (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), NULL);
  return self->path;
}

guint64
ingest_roll_get_n_files (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), 0);
  return self->n_files;
}

guint
ingest_roll_get_n_clips (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), 0);
  return self->n_clips;
}

guint64
ingest_roll_get_total_bytes (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), 0);
  return self->total_bytes;
}

/**
 * ingest_roll_get_mhl_kind:
 *
 * Returns: (transfer none): "ascmhl", "legacy" or "none"
 */
const char *
ingest_roll_get_mhl_kind (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), NULL);
  return self->mhl_kind;
}

/**
 * ingest_roll_get_mhl_path:
 *
 * Returns: (transfer none) (nullable): the folder holding the ascmhl/ history,
 *   or the legacy .mhl file, relative to the drive root; %NULL when none
 */
const char *
ingest_roll_get_mhl_path (IngestRoll *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL (self), NULL);
  return self->mhl_path;
}
