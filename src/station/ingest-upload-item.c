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

/* One row of the upload panel: a file being sent, a file finished (at every
 * destination), or a roll. "state" is a word the panel turns into plain
 * words and a colour ("waiting", "uploading", "verified", "held", "failed",
 * "stopped"); "detail" is what the user reads under it; "bytes-done" of
 * "bytes-total" drive its progress bar. Rows in flight change as the upload
 * goes, so every property notifies, and only on change: a bound row redraws
 * only what moved. */
struct _IngestUploadItem
{
  GObject  parent_instance;

  char    *path;
  char    *state;
  char    *detail;
  guint64  bytes_done;
  guint64  bytes_total;
};

G_DEFINE_FINAL_TYPE (IngestUploadItem, ingest_upload_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_STATE,
  PROP_DETAIL,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_upload_item_finalize (GObject *object)
{
  IngestUploadItem *self = (IngestUploadItem *) object;

  g_free (self->path);
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

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    case PROP_BYTES_DONE:
      g_value_set_uint64 (value, self->bytes_done);
      break;

    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, ingest_upload_item_get_fraction (self));
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

    case PROP_STATE:
      ingest_upload_item_set_state (self, g_value_get_string (value));
      break;

    case PROP_DETAIL:
      ingest_upload_item_set_detail (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_upload_item_class_init (IngestUploadItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_upload_item_finalize;
  object_class->get_property = ingest_upload_item_get_property;
  object_class->set_property = ingest_upload_item_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_upload_item_init (IngestUploadItem *self)
{
}

IngestUploadItem *
ingest_upload_item_new (const char *path,
                        const char *state,
                        const char *detail)
{
  return g_object_new (INGEST_TYPE_UPLOAD_ITEM,
                       "path", path,
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
ingest_upload_item_get_state (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), NULL);

  return self->state;
}

void
ingest_upload_item_set_state (IngestUploadItem *self,
                              const char       *state)
{
  g_return_if_fail (INGEST_IS_UPLOAD_ITEM (self));

  if (g_strcmp0 (self->state, state) == 0)
    return;
  g_free (self->state);
  self->state = g_strdup (state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
ingest_upload_item_get_detail (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), NULL);

  return self->detail;
}

void
ingest_upload_item_set_detail (IngestUploadItem *self,
                               const char       *detail)
{
  g_return_if_fail (INGEST_IS_UPLOAD_ITEM (self));

  if (g_strcmp0 (self->detail, detail) == 0)
    return;
  g_free (self->detail);
  self->detail = g_strdup (detail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

guint64
ingest_upload_item_get_bytes_done (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), 0);

  return self->bytes_done;
}

guint64
ingest_upload_item_get_bytes_total (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), 0);

  return self->bytes_total;
}

/* bytes-done of bytes-total; 0 while the total is unknown */
double
ingest_upload_item_get_fraction (IngestUploadItem *self)
{
  g_return_val_if_fail (INGEST_IS_UPLOAD_ITEM (self), 0);

  if (self->bytes_total == 0)
    return 0;
  return MIN (1.0, (double) self->bytes_done / self->bytes_total);
}

/* @bytes_total: 0 = unknown */
void
ingest_upload_item_set_bytes (IngestUploadItem *self,
                              guint64           bytes_done,
                              guint64           bytes_total)
{
  double fraction;

  g_return_if_fail (INGEST_IS_UPLOAD_ITEM (self));

  if (self->bytes_done == bytes_done && self->bytes_total == bytes_total)
    return;
  fraction = ingest_upload_item_get_fraction (self);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->bytes_done != bytes_done)
    {
      self->bytes_done = bytes_done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
    }
  if (self->bytes_total != bytes_total)
    {
      self->bytes_total = bytes_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
    }
  if (fraction != ingest_upload_item_get_fraction (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_thaw_notify (G_OBJECT (self));
}
