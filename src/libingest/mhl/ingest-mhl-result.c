/* ingest-mhl-result.c
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

#define G_LOG_DOMAIN "ingest-mhl-result"

#include "config.h"

#include "ingest-mhl-result.h"

typedef struct
{
  IngestHashKind  kind;
  char           *actual;
  char           *expected;
  char           *structure;
} Value;

struct _IngestMhlResult
{
  GObject          parent_instance;

  IngestMhlStatus  status;
  char            *path;
  char            *previous_path;
  char            *message;
  IngestHashSet    kinds;
  IngestHashSet    failed_kinds;
  guint            normalization_differs : 1;
  guint            is_directory : 1;
  guint            n_values;
  /* (kind, computed, recorded) for the few kinds used: results exist per file,
   * so they are kept small for cards of 100,000 files */
  Value           *values;
};

G_DEFINE_FINAL_TYPE (IngestMhlResult, ingest_mhl_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_PATH,
  PROP_PREVIOUS_PATH,
  PROP_NORMALIZATION_DIFFERS,
  PROP_IS_DIRECTORY,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is newer than our GLib floor. */
static gboolean
set_str (char       **str,
         const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

/**
 * ingest_mhl_status_to_string:
 *
 * Returns: (transfer none): the status' nick, as used in JSON output
 */
const char *
ingest_mhl_status_to_string (IngestMhlStatus status)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (INGEST_TYPE_MHL_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  return value != NULL ? value->value_nick : NULL;
}

static void
ingest_mhl_result_finalize (GObject *object)
{
  IngestMhlResult *self = (IngestMhlResult *)object;

  g_free (self->path);
  g_free (self->previous_path);
  g_free (self->message);
  for (guint i = 0; i < self->n_values; i++)
    {
      g_free (self->values[i].actual);
      g_free (self->values[i].expected);
      g_free (self->values[i].structure);
    }
  g_free (self->values);

  G_OBJECT_CLASS (ingest_mhl_result_parent_class)->finalize (object);
}

static void
ingest_mhl_result_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IngestMhlResult *self = INGEST_MHL_RESULT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_PREVIOUS_PATH:
      g_value_set_string (value, self->previous_path);
      break;

    case PROP_NORMALIZATION_DIFFERS:
      g_value_set_boolean (value, self->normalization_differs);
      break;

    case PROP_IS_DIRECTORY:
      g_value_set_boolean (value, self->is_directory);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_result_class_init (IngestMhlResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_mhl_result_finalize;
  object_class->get_property = ingest_mhl_result_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, INGEST_TYPE_MHL_STATUS, INGEST_MHL_STATUS_VERIFIED, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_PREVIOUS_PATH] = g_param_spec_string ("previous-path", NULL, NULL, NULL, flags);
  properties[PROP_NORMALIZATION_DIFFERS] = g_param_spec_boolean ("normalization-differs", NULL, NULL, FALSE, flags);
  properties[PROP_IS_DIRECTORY] = g_param_spec_boolean ("is-directory", NULL, NULL, FALSE, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_mhl_result_init (IngestMhlResult *self)
{
}

/**
 * ingest_mhl_result_new:
 * @path: relative to the operation's root
 *
 * Returns: (transfer full): a result
 */
IngestMhlResult *
ingest_mhl_result_new (IngestMhlStatus  status,
                       const char      *path)
{
  IngestMhlResult *self = g_object_new (INGEST_TYPE_MHL_RESULT, NULL);

  self->status = status;
  self->path = g_strdup (path);
  return self;
}

IngestMhlStatus
ingest_mhl_result_get_status (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), INGEST_MHL_STATUS_FAILED);
  return self->status;
}

void
ingest_mhl_result_set_status (IngestMhlResult *self,
                              IngestMhlStatus  status)
{
  g_return_if_fail (INGEST_IS_MHL_RESULT (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

const char *
ingest_mhl_result_get_path (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), NULL);
  return self->path;
}

const char *
ingest_mhl_result_get_previous_path (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), NULL);
  return self->previous_path;
}

void
ingest_mhl_result_set_previous_path (IngestMhlResult *self,
                                     const char      *previous_path)
{
  g_return_if_fail (INGEST_IS_MHL_RESULT (self));

  if (set_str (&self->previous_path, previous_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS_PATH]);
}

gboolean
ingest_mhl_result_get_normalization_differs (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), FALSE);
  return self->normalization_differs;
}

void
ingest_mhl_result_set_normalization_differs (IngestMhlResult *self,
                                             gboolean         differs)
{
  g_return_if_fail (INGEST_IS_MHL_RESULT (self));

  if (self->normalization_differs != !!differs)
    {
      self->normalization_differs = !!differs;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NORMALIZATION_DIFFERS]);
    }
}

gboolean
ingest_mhl_result_get_is_directory (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), FALSE);
  return self->is_directory;
}

void
ingest_mhl_result_set_is_directory (IngestMhlResult *self,
                                    gboolean         is_directory)
{
  g_return_if_fail (INGEST_IS_MHL_RESULT (self));

  if (self->is_directory != !!is_directory)
    {
      self->is_directory = !!is_directory;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DIRECTORY]);
    }
}

const char *
ingest_mhl_result_get_message (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), NULL);
  return self->message;
}

void
ingest_mhl_result_set_message (IngestMhlResult *self,
                               const char      *message)
{
  g_return_if_fail (INGEST_IS_MHL_RESULT (self));

  if (set_str (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

IngestHashSet
ingest_mhl_result_get_kinds (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), 0);
  return self->kinds;
}

IngestHashSet
ingest_mhl_result_get_failed_kinds (IngestMhlResult *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), 0);
  return self->failed_kinds;
}

/* Returns: (nullable): the value computed now */
static Value *
find_value (IngestMhlResult *self,
            IngestHashKind   kind)
{
  for (guint i = 0; i < self->n_values; i++)
    if (self->values[i].kind == kind)
      return &self->values[i];
  return NULL;
}

const char *
ingest_mhl_result_get_hash (IngestMhlResult *self,
                            IngestHashKind   kind)
{
  Value *value;

  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), NULL);
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);
  value = find_value (self, kind);
  return value != NULL ? value->actual : NULL;
}

/* Returns: (nullable): the recorded value it was compared with */
const char *
ingest_mhl_result_get_expected (IngestMhlResult *self,
                                IngestHashKind   kind)
{
  Value *value;

  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), NULL);
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);
  value = find_value (self, kind);
  return value != NULL ? value->expected : NULL;
}

void
ingest_mhl_result_set_hash (IngestMhlResult *self,
                            IngestHashKind   kind,
                            const char      *actual,
                            const char      *expected,
                            gboolean         failed)
{
  Value *value;

  g_return_if_fail (INGEST_IS_MHL_RESULT (self));
  g_return_if_fail (kind < INGEST_HASH_N_KINDS);

  value = find_value (self, kind);
  if (value == NULL)
    {
      self->values = g_renew (Value, self->values, self->n_values + 1);
      value = &self->values[self->n_values++];
      value->kind = kind;
      value->actual = value->expected = value->structure = NULL;
    }
  set_str (&value->actual, actual);
  set_str (&value->expected, expected);
  if (actual != NULL)
    self->kinds |= INGEST_HASH_BIT (kind);
  else
    self->kinds &= ~INGEST_HASH_BIT (kind);
  if (failed)
    self->failed_kinds |= INGEST_HASH_BIT (kind);
  else
    self->failed_kinds &= ~INGEST_HASH_BIT (kind);
}

/* Returns: (nullable): a folder's structure hash computed now */
const char *
ingest_mhl_result_get_structure (IngestMhlResult *self,
                                 IngestHashKind   kind)
{
  Value *value;

  g_return_val_if_fail (INGEST_IS_MHL_RESULT (self), NULL);
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);
  value = find_value (self, kind);
  return value != NULL ? value->structure : NULL;
}

/* Call after ingest_mhl_result_set_hash() for the same kind. */
void
ingest_mhl_result_set_structure (IngestMhlResult *self,
                                 IngestHashKind   kind,
                                 const char      *structure)
{
  Value *value;

  g_return_if_fail (INGEST_IS_MHL_RESULT (self));
  value = find_value (self, kind);
  g_return_if_fail (value != NULL);
  set_str (&value->structure, structure);
}
