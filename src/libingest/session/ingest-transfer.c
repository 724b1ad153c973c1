/* ingest-transfer.c
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

#include "ingest-transfer.h"

struct _IngestTransfer
{
  GObject  parent_instance;

  char    *path;
  guint64  size;
  guint64  bytes_done;
  double   rate;
  gint64   eta;
  gint64   since;        /* µs, monotonic: the rate is measured from here */
  guint64  bytes_since;
};

G_DEFINE_FINAL_TYPE (IngestTransfer, ingest_transfer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SIZE,
  PROP_BYTES_DONE,
  PROP_RATE,
  PROP_ETA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_transfer_finalize (GObject *object)
{
  IngestTransfer *self = (IngestTransfer *) object;

  g_free (self->path);

  G_OBJECT_CLASS (ingest_transfer_parent_class)->finalize (object);
}

static void
ingest_transfer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IngestTransfer *self = INGEST_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    case PROP_BYTES_DONE:
      g_value_set_uint64 (value, self->bytes_done);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_ETA:
      g_value_set_int64 (value, self->eta);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_transfer_class_init (IngestTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ingest_transfer_finalize;
  object_class->get_property = ingest_transfer_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_transfer_init (IngestTransfer *self)
{
  self->eta = -1;
}

IngestTransfer *
ingest_transfer_new (const char *path,
                     guint64     size)
{
  IngestTransfer *self = g_object_new (INGEST_TYPE_TRANSFER, NULL);

  self->path = g_strdup (path);
  self->size = size;
  self->since = g_get_monotonic_time ();
  return self;
}

const char *
ingest_transfer_get_path (IngestTransfer *self)
{
  g_return_val_if_fail (INGEST_IS_TRANSFER (self), NULL);

  return self->path;
}

guint64
ingest_transfer_get_size (IngestTransfer *self)
{
  g_return_val_if_fail (INGEST_IS_TRANSFER (self), 0);

  return self->size;
}

guint64
ingest_transfer_get_bytes_done (IngestTransfer *self)
{
  g_return_val_if_fail (INGEST_IS_TRANSFER (self), 0);

  return self->bytes_done;
}

/* Bytes a second, 0 when not known or not moving. */
double
ingest_transfer_get_rate (IngestTransfer *self)
{
  g_return_val_if_fail (INGEST_IS_TRANSFER (self), 0);

  return self->rate;
}

/* Seconds left, -1 when not known. */
gint64
ingest_transfer_get_eta (IngestTransfer *self)
{
  g_return_val_if_fail (INGEST_IS_TRANSFER (self), -1);

  return self->eta;
}

/* After a pause, the rate is measured from now on. */
void
ingest_transfer_restart_rate (IngestTransfer *self)
{
  g_return_if_fail (INGEST_IS_TRANSFER (self));

  self->since = g_get_monotonic_time ();
  self->bytes_since = self->bytes_done;
}

/* @moving: the run is going (not paused, the drive plugged in). */
void
ingest_transfer_update (IngestTransfer *self,
                        guint64         bytes_done,
                        gboolean        moving)
{
  double seconds;
  double rate = 0;
  gint64 eta = -1;

  g_return_if_fail (INGEST_IS_TRANSFER (self));

  seconds = (g_get_monotonic_time () - self->since) / (double) G_USEC_PER_SEC;
  if (moving && seconds >= 1 && bytes_done > self->bytes_since)
    {
      rate = (bytes_done - self->bytes_since) / seconds;
      eta = (gint64) ((self->size - MIN (bytes_done, self->size)) / rate + 0.5);
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->bytes_done != bytes_done)
    {
      self->bytes_done = bytes_done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
    }
  if (self->rate != rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
  if (self->eta != eta)
    {
      self->eta = eta;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
