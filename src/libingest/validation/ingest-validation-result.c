/* ingest-validation-result.c
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

#define G_LOG_DOMAIN "ingest-validation-result"

#include "config.h"

#include <string.h>

#include "ingest-validation-result.h"

struct _IngestValidationResult
{
  GObject                 parent_instance;

  IngestValidationStatus  status;
  char                   *path;
  char                   *roll;
  char                   *kind;
  char                   *expected;
  char                   *found;
  gint64                  size;
  gint64                  mtime_ns;
  char                   *renamed_from;
  char                   *message;
  char                   *source;
  guint                   disagreement : 1;
  guint                   resumed : 1;
};

G_DEFINE_FINAL_TYPE (IngestValidationResult, ingest_validation_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_STATUS,
  PROP_ROLL,
  PROP_KIND,
  PROP_EXPECTED,
  PROP_FOUND,
  PROP_SIZE,
  PROP_MTIME_NS,
  PROP_RENAMED_FROM,
  PROP_MESSAGE,
  PROP_SOURCE,
  PROP_DISAGREEMENT,
  PROP_RESUMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = {
  "verified", "mismatch", "missing", "extra", "renamed", "ignored", "unreadable",
};
G_STATIC_ASSERT (G_N_ELEMENTS (status_names) == INGEST_VALIDATION_N_STATUSES);

/* Sort rank: the worst news first. */
static const guint8 status_rank[] = { 6, 1, 2, 4, 3, 5, 0 };
G_STATIC_ASSERT (G_N_ELEMENTS (status_rank) == INGEST_VALIDATION_N_STATUSES);

static void
ingest_validation_result_finalize (GObject *object)
{
  IngestValidationResult *self = INGEST_VALIDATION_RESULT (object);

  g_free (self->path);
  g_free (self->roll);
  g_free (self->kind);
  g_free (self->expected);
  g_free (self->found);
  g_free (self->renamed_from);
  g_free (self->message);
  g_free (self->source);

  G_OBJECT_CLASS (ingest_validation_result_parent_class)->finalize (object);
}

static void
ingest_validation_result_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  IngestValidationResult *self = INGEST_VALIDATION_RESULT (object);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_ROLL: g_value_set_string (value, self->roll); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_EXPECTED: g_value_set_string (value, self->expected); break;
    case PROP_FOUND: g_value_set_string (value, self->found); break;
    case PROP_SIZE: g_value_set_int64 (value, self->size); break;
    case PROP_MTIME_NS: g_value_set_int64 (value, self->mtime_ns); break;
    case PROP_RENAMED_FROM: g_value_set_string (value, self->renamed_from); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_SOURCE: g_value_set_string (value, self->source); break;
    case PROP_DISAGREEMENT: g_value_set_boolean (value, self->disagreement); break;
    case PROP_RESUMED: g_value_set_boolean (value, self->resumed); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_result_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  IngestValidationResult *self = INGEST_VALIDATION_RESULT (object);

  switch (prop_id)
    {
    case PROP_PATH: self->path = g_value_dup_string (value); break;
    case PROP_STATUS: self->status = g_value_get_enum (value); break;
    case PROP_ROLL: self->roll = g_value_dup_string (value); break;
    case PROP_KIND: self->kind = g_value_dup_string (value); break;
    case PROP_EXPECTED: self->expected = g_value_dup_string (value); break;
    case PROP_FOUND: self->found = g_value_dup_string (value); break;
    case PROP_SIZE: self->size = g_value_get_int64 (value); break;
    case PROP_MTIME_NS: self->mtime_ns = g_value_get_int64 (value); break;
    case PROP_RENAMED_FROM: self->renamed_from = g_value_dup_string (value); break;
    case PROP_MESSAGE: self->message = g_value_dup_string (value); break;
    case PROP_SOURCE: self->source = g_value_dup_string (value); break;
    case PROP_DISAGREEMENT: self->disagreement = g_value_get_boolean (value); break;
    case PROP_RESUMED: self->resumed = g_value_get_boolean (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_result_class_init (IngestValidationResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_validation_result_finalize;
  object_class->get_property = ingest_validation_result_get_property;
  object_class->set_property = ingest_validation_result_set_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, INGEST_TYPE_VALIDATION_STATUS,
                                               INGEST_VALIDATION_STATUS_VERIFIED, flags);
  properties[PROP_ROLL] = g_param_spec_string ("roll", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_EXPECTED] = g_param_spec_string ("expected", NULL, NULL, NULL, flags);
  properties[PROP_FOUND] = g_param_spec_string ("found", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] = g_param_spec_int64 ("size", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_MTIME_NS] = g_param_spec_int64 ("mtime-ns", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_RENAMED_FROM] = g_param_spec_string ("renamed-from", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, flags);
  properties[PROP_DISAGREEMENT] = g_param_spec_boolean ("disagreement", NULL, NULL, FALSE, flags);
  properties[PROP_RESUMED] = g_param_spec_boolean ("resumed", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_validation_result_init (IngestValidationResult *self)
{
  self->size = -1;
}

const char *
ingest_validation_status_to_string (IngestValidationStatus status)
{
  g_return_val_if_fail (status < INGEST_VALIDATION_N_STATUSES, NULL);
  return status_names[status];
}

gboolean
ingest_validation_status_from_string (const char             *text,
                                      IngestValidationStatus *status)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < INGEST_VALIDATION_N_STATUSES; i++)
    if (strcmp (text, status_names[i]) == 0)
      {
        if (status != NULL)
          *status = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
ingest_validation_status_is_problem (IngestValidationStatus status)
{
  return status != INGEST_VALIDATION_STATUS_VERIFIED && status != INGEST_VALIDATION_STATUS_IGNORED;
}

#define GETTER(type, name, field) \
  type ingest_validation_result_get_##name (IngestValidationResult *self) \
  { \
    g_return_val_if_fail (INGEST_IS_VALIDATION_RESULT (self), 0); \
    return self->field; \
  }

GETTER (const char *, path, path)
GETTER (IngestValidationStatus, status, status)
GETTER (const char *, roll, roll)
GETTER (const char *, kind, kind)
GETTER (const char *, expected, expected)
GETTER (const char *, found, found)
GETTER (gint64, size, size)
GETTER (gint64, mtime_ns, mtime_ns)
GETTER (const char *, renamed_from, renamed_from)
GETTER (const char *, message, message)
GETTER (const char *, source, source)
GETTER (gboolean, disagreement, disagreement)
GETTER (gboolean, resumed, resumed)

#undef GETTER

int
ingest_validation_result_compare (gconstpointer a,
                                  gconstpointer b,
                                  gpointer      user_data)
{
  const IngestValidationResult *ra = a;
  const IngestValidationResult *rb = b;

  if (status_rank[ra->status] != status_rank[rb->status])
    return (int) status_rank[ra->status] - (int) status_rank[rb->status];
  return strcmp (ra->path, rb->path);
}
