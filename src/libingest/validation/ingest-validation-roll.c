/* ingest-validation-roll.c
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

#define G_LOG_DOMAIN "ingest-validation-roll"

#include "config.h"

#include "ingest-validation-compare-private.h"
#include "ingest-validation-roll.h"

struct _IngestValidationRoll
{
  GObject                  parent_instance;

  char                    *name;
  char                    *path;
  char                    *kind_label;
  char                    *mhl_kind;
  guint64                  n_expected;
  guint64                  counts[INGEST_VALIDATION_N_STATUSES];
  guint64                  n_results;
  guint64                  n_problems;
  IngestValidationVerdict  verdict;
};

G_DEFINE_FINAL_TYPE (IngestValidationRoll, ingest_validation_roll, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PATH,
  PROP_KIND_LABEL,
  PROP_MHL_KIND,
  PROP_N_EXPECTED,
  PROP_N_RESULTS,
  PROP_N_PROBLEMS,
  PROP_VERDICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_validation_roll_finalize (GObject *object)
{
  IngestValidationRoll *self = INGEST_VALIDATION_ROLL (object);

  g_free (self->name);
  g_free (self->path);
  g_free (self->kind_label);
  g_free (self->mhl_kind);

  G_OBJECT_CLASS (ingest_validation_roll_parent_class)->finalize (object);
}

static void
ingest_validation_roll_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  IngestValidationRoll *self = INGEST_VALIDATION_ROLL (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_KIND_LABEL: g_value_set_string (value, self->kind_label); break;
    case PROP_MHL_KIND: g_value_set_string (value, self->mhl_kind); break;
    case PROP_N_EXPECTED: g_value_set_uint64 (value, self->n_expected); break;
    case PROP_N_RESULTS: g_value_set_uint64 (value, self->n_results); break;
    case PROP_N_PROBLEMS: g_value_set_uint64 (value, self->n_problems); break;
    case PROP_VERDICT: g_value_set_enum (value, self->verdict); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_validation_roll_class_init (IngestValidationRollClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_validation_roll_finalize;
  object_class->get_property = ingest_validation_roll_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, ro);
  properties[PROP_MHL_KIND] = g_param_spec_string ("mhl-kind", NULL, NULL, NULL, ro);
  properties[PROP_N_EXPECTED] = g_param_spec_uint64 ("n-expected", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_RESULTS] = g_param_spec_uint64 ("n-results", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_PROBLEMS] = g_param_spec_uint64 ("n-problems", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_VERDICT] = g_param_spec_enum ("verdict", NULL, NULL, INGEST_TYPE_VALIDATION_VERDICT,
                                                INGEST_VALIDATION_VERDICT_PENDING, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_validation_roll_init (IngestValidationRoll *self)
{
}

const char *
ingest_validation_verdict_to_string (IngestValidationVerdict verdict)
{
  static const char * const names[] = { "pending", "ok", "problems", "unverifiable" };

  g_return_val_if_fail (verdict < G_N_ELEMENTS (names), NULL);
  return names[verdict];
}

IngestValidationRoll *
ingest_validation_roll_new (const char *name,
                            const char *path,
                            const char *kind_label,
                            const char *mhl_kind,
                            guint64     n_expected)
{
  IngestValidationRoll *self = g_object_new (INGEST_TYPE_VALIDATION_ROLL, NULL);

  self->name = g_strdup (name);
  self->path = g_strdup (path);
  self->kind_label = g_strdup (kind_label);
  self->mhl_kind = g_strdup (mhl_kind);
  self->n_expected = n_expected;
  return self;
}

#define GETTER(type, name, field) \
  type ingest_validation_roll_get_##name (IngestValidationRoll *self) \
  { \
    g_return_val_if_fail (INGEST_IS_VALIDATION_ROLL (self), 0); \
    return self->field; \
  }

GETTER (const char *, name, name)
GETTER (const char *, path, path)
GETTER (const char *, kind_label, kind_label)
GETTER (const char *, mhl_kind, mhl_kind)
GETTER (guint64, n_expected, n_expected)
GETTER (guint64, n_results, n_results)
GETTER (guint64, n_problems, n_problems)
GETTER (IngestValidationVerdict, verdict, verdict)

#undef GETTER

guint64
ingest_validation_roll_get_count (IngestValidationRoll   *self,
                                  IngestValidationStatus  status)
{
  g_return_val_if_fail (INGEST_IS_VALIDATION_ROLL (self), 0);
  g_return_val_if_fail (status < INGEST_VALIDATION_N_STATUSES, 0);
  return self->counts[status];
}

void
ingest_validation_roll_add_result (IngestValidationRoll   *self,
                                   IngestValidationStatus  status)
{
  g_return_if_fail (INGEST_IS_VALIDATION_ROLL (self));
  g_return_if_fail (status < INGEST_VALIDATION_N_STATUSES);

  self->counts[status]++;
  self->n_results++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RESULTS]);
  if (ingest_validation_status_is_problem (status))
    {
      self->n_problems++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
    }
}

void
ingest_validation_roll_conclude (IngestValidationRoll *self)
{
  IngestValidationVerdict verdict;

  g_return_if_fail (INGEST_IS_VALIDATION_ROLL (self));

  verdict = _ingest_validation_verdict_decide (self->n_expected, self->counts);
  if (verdict != self->verdict)
    {
      self->verdict = verdict;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
    }
}
