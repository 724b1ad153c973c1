/* ingest-upload-item.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#define G_LOG_DOMAIN "ingest-upload-item"

#include "config.h"

#include "ingest-upload-item.h"

/* One row of the upload panel, immutable: a file at one destination, or a
 * roll's summary. "state" is the core's word ("verified", "held", "failed")
 * and "detail" what the user reads about it. */
struct _IngestUploadItem
{
  GObject  parent_instance;

  char    *path;
  char    *destination;
  char    *state;
  char    *detail;
};

G_DEFINE_FINAL_TYPE (IngestUploadItem, ingest_upload_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_DESTINATION,
  PROP_STATE,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_upload_item_finalize (GObject *object)
{
  IngestUploadItem *self = (IngestUploadItem *) object;

  g_free (self->path);
  g_free (self->destination);
  g_free (self->state);
  g_free (self->detail);

  G_OBJECT_CLASS (ingest_upload_item_parent_class)->finalize (object);
}

static void
ingest_upload_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestUploadItem *self = INGEST_UPLOAD_ITEM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_DESTINATION:
      g_value_set_string (value, self->destination);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_item_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IngestUploadItem *self = INGEST_UPLOAD_ITEM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_DESTINATION:
      self->destination = g_value_dup_string (value);
      break;

    case PROP_STATE:
      self->state = g_value_dup_string (value);
      break;

    case PROP_DETAIL:
      self->detail = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_item_class_init (IngestUploadItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_upload_item_finalize;
  object_class->get_property = ingest_upload_item_get_property;
  object_class->set_property = ingest_upload_item_set_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_DESTINATION] = g_param_spec_string ("destination", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_upload_item_init (IngestUploadItem *self)
{
}

IngestUploadItem *
ingest_upload_item_new (const char *path,
                        const char *destination,
                        const char *state,
                        const char *detail)
{
  return g_object_new (INGEST_TYPE_UPLOAD_ITEM,
                       "path", path,
                       "destination", destination,
                       "state", state,
                       "detail", detail,
                       NULL);
}

const char *
ingest_upload_item_get_path (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), NULL);

  return self->path;
}

const char *
ingest_upload_item_get_destination (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), NULL);

  return self->destination;
}

const char *
ingest_upload_item_get_state (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), NULL);

  return self->state;
}

const char *
ingest_upload_item_get_detail (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), NULL);

  return self->detail;
}
