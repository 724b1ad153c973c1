/* ingest-metadata-sink.c
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

#include "ingest-metadata-sink-private.h"

struct _IngestMetadataSink
{
  IngestReadSink             parent_instance;

  IngestMetadataSinkEndFunc  end_func;
  IngestMetadataSinkVerdictFunc verdict_func;
  gpointer                   user_data;

  GMutex                     lock;
  GHashTable                *verdicts;  /* path → IngestValidationStatus + 1 */
};

G_DEFINE_FINAL_TYPE (IngestMetadataSink, ingest_metadata_sink, INGEST_TYPE_READ_SINK)

/* It reads no bytes: the stage's worker reads headers on its own, so the
 * read never waits for it. */
static gboolean
ingest_metadata_sink_begin_file (IngestReadSink        *sink,
                                 const IngestReadFile  *file,
                                 GError               **error)
{
  return TRUE;
}

static gboolean
ingest_metadata_sink_chunk (IngestReadSink        *sink,
                            const IngestReadFile  *file,
                            const guint8          *data,
                            gsize                  len,
                            guint64                offset,
                            GError               **error)
{
  return TRUE;
}

static void
ingest_metadata_sink_verdict (IngestReadSink          *sink,
                              const IngestReadVerdict *verdict)
{
  IngestMetadataSink *self = INGEST_METADATA_SINK (sink);

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->verdicts, g_strdup (verdict->path), GUINT_TO_POINTER (verdict->status + 1));
  g_mutex_unlock (&self->lock);
  if (self->verdict_func != NULL)
    self->verdict_func (self->user_data);
}

static void
ingest_metadata_sink_end (IngestReadSink *sink,
                          gboolean        completed)
{
  IngestMetadataSink *self = INGEST_METADATA_SINK (sink);

  if (self->end_func != NULL)
    self->end_func (completed, self->user_data);
}

static void
ingest_metadata_sink_finalize (GObject *object)
{
  IngestMetadataSink *self = INGEST_METADATA_SINK (object);

  g_hash_table_unref (self->verdicts);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ingest_metadata_sink_parent_class)->finalize (object);
}

static void
ingest_metadata_sink_class_init (IngestMetadataSinkClass *klass)
{
  IngestReadSinkClass *sink_class = INGEST_READ_SINK_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ingest_metadata_sink_finalize;
  sink_class->begin_file = ingest_metadata_sink_begin_file;
  sink_class->chunk = ingest_metadata_sink_chunk;
  sink_class->verdict = ingest_metadata_sink_verdict;
  sink_class->end = ingest_metadata_sink_end;
}

static void
ingest_metadata_sink_init (IngestMetadataSink *self)
{
  g_mutex_init (&self->lock);
  self->verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

IngestMetadataSink *
_ingest_metadata_sink_new (IngestMetadataSinkEndFunc     end_func,
                           IngestMetadataSinkVerdictFunc verdict_func,
                           gpointer                      user_data)
{
  IngestMetadataSink *self = g_object_new (INGEST_TYPE_METADATA_SINK, NULL);

  self->end_func = end_func;
  self->verdict_func = verdict_func;
  self->user_data = user_data;
  return self;
}

gboolean
_ingest_metadata_sink_get_verdict (IngestMetadataSink     *self,
                                   const char             *path,
                                   IngestValidationStatus *status)
{
  gpointer value;

  g_return_val_if_fail (INGEST_IS_METADATA_SINK (self), FALSE);

  g_mutex_lock (&self->lock);
  value = g_hash_table_lookup (self->verdicts, path);
  g_mutex_unlock (&self->lock);
  if (value == NULL)
    return FALSE;
  *status = GPOINTER_TO_UINT (value) - 1;
  return TRUE;
}

guint
_ingest_metadata_sink_get_n_verdicts (IngestMetadataSink *self)
{
  guint n;

  g_return_val_if_fail (INGEST_IS_METADATA_SINK (self), 0);

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->verdicts);
  g_mutex_unlock (&self->lock);
  return n;
}
