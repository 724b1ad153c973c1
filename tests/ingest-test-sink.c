/* ingest-test-sink.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ingest-test-sink.h"

/* What the sink heard of one file. */
typedef struct
{
  IngestHasher *hasher;
  char         *xxh64;        /* once asked for */
  guint64       next_offset;
  guint         n_begun;
  guint         n_verdicts;
} Heard;

struct _IngestTestSink
{
  IngestReadSink       parent_instance;

  IngestTestChunkFunc  chunk_func;
  IngestTestFileFunc   file_func;
  gpointer             user_data;

  GMutex               lock;
  GHashTable          *files;     /* path → Heard * */
  guint                n_ends;
};

G_DEFINE_FINAL_TYPE (IngestTestSink, ingest_test_sink, INGEST_TYPE_READ_SINK)

static void
heard_free (Heard *heard)
{
  g_clear_pointer (&heard->hasher, ingest_hasher_free);
  g_free (heard->xxh64);
  g_free (heard);
}

/* Under the lock. */
static Heard *
lookup (IngestTestSink *self,
        const char     *path)
{
  Heard *heard = g_hash_table_lookup (self->files, path);

  if (heard == NULL)
    {
      heard = g_new0 (Heard, 1);
      g_hash_table_insert (self->files, g_strdup (path), heard);
    }
  return heard;
}

static gboolean
ingest_test_sink_begin_file (IngestReadSink        *sink,
                             const IngestReadFile  *file,
                             GError               **error)
{
  IngestTestSink *self = INGEST_TEST_SINK (sink);
  Heard *heard;

  g_mutex_lock (&self->lock);
  heard = lookup (self, file->path);
  heard->n_begun++;
  g_clear_pointer (&heard->hasher, ingest_hasher_free);
  g_clear_pointer (&heard->xxh64, g_free);
  heard->hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_XXH64));
  heard->next_offset = 0;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
ingest_test_sink_chunk (IngestReadSink        *sink,
                        const IngestReadFile  *file,
                        const guint8          *data,
                        gsize                  len,
                        guint64                offset,
                        GError               **error)
{
  IngestTestSink *self = INGEST_TEST_SINK (sink);
  Heard *heard;

  g_mutex_lock (&self->lock);
  heard = lookup (self, file->path);
  g_assert_nonnull (heard->hasher);
  g_assert_cmpuint (offset, ==, heard->next_offset);
  ingest_hasher_update (heard->hasher, data, len);
  heard->next_offset = offset + len;
  g_mutex_unlock (&self->lock);

  if (self->chunk_func != NULL)
    return self->chunk_func (file->path, data, len, offset, self->user_data, error);
  return TRUE;
}

static void
ingest_test_sink_verdict (IngestReadSink          *sink,
                          const IngestReadVerdict *verdict)
{
  IngestTestSink *self = INGEST_TEST_SINK (sink);

  g_mutex_lock (&self->lock);
  lookup (self, verdict->path)->n_verdicts++;
  g_mutex_unlock (&self->lock);

  if (self->file_func != NULL && verdict->was_read)
    self->file_func (verdict->path, verdict->status, verdict->kind, verdict->expected, verdict->found,
                     verdict->size, self->user_data);
}

static void
ingest_test_sink_end (IngestReadSink *sink,
                      gboolean        completed)
{
  IngestTestSink *self = INGEST_TEST_SINK (sink);

  g_mutex_lock (&self->lock);
  self->n_ends++;
  g_mutex_unlock (&self->lock);
}

static void
ingest_test_sink_finalize (GObject *object)
{
  IngestTestSink *self = INGEST_TEST_SINK (object);

  g_hash_table_unref (self->files);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ingest_test_sink_parent_class)->finalize (object);
}

static void
ingest_test_sink_class_init (IngestTestSinkClass *klass)
{
  IngestReadSinkClass *sink_class = INGEST_READ_SINK_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ingest_test_sink_finalize;
  sink_class->begin_file = ingest_test_sink_begin_file;
  sink_class->chunk = ingest_test_sink_chunk;
  sink_class->verdict = ingest_test_sink_verdict;
  sink_class->end = ingest_test_sink_end;
}

static void
ingest_test_sink_init (IngestTestSink *self)
{
  g_mutex_init (&self->lock);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) heard_free);
}

IngestReadSink *
ingest_test_sink_new (IngestTestChunkFunc chunk_func,
                      IngestTestFileFunc  file_func,
                      gpointer            user_data)
{
  IngestTestSink *self = g_object_new (INGEST_TYPE_TEST_SINK, NULL);

  self->chunk_func = chunk_func;
  self->file_func = file_func;
  self->user_data = user_data;
  return INGEST_READ_SINK (self);
}

void
ingest_test_add_sink (IngestValidationJob *job,
                      IngestTestChunkFunc  chunk_func,
                      IngestTestFileFunc   file_func,
                      gpointer             user_data)
{
  g_autoptr(IngestReadSink) sink = ingest_test_sink_new (chunk_func, file_func, user_data);

  ingest_validation_job_add_sink (job, sink);
}

char *
ingest_test_sink_dup_xxh64 (IngestTestSink *self,
                            const char     *path)
{
  Heard *heard;
  char *text = NULL;

  g_mutex_lock (&self->lock);
  heard = g_hash_table_lookup (self->files, path);
  if (heard != NULL && heard->hasher != NULL && heard->xxh64 == NULL)
    {
      ingest_hasher_finish (heard->hasher);
      heard->xxh64 = ingest_hasher_dup_text (heard->hasher, INGEST_HASH_XXH64);
    }
  if (heard != NULL)
    text = g_strdup (heard->xxh64);
  g_mutex_unlock (&self->lock);
  return text;
}

guint
ingest_test_sink_get_n_verdicts (IngestTestSink *self,
                                 const char     *path)
{
  Heard *heard;
  guint n;

  g_mutex_lock (&self->lock);
  heard = g_hash_table_lookup (self->files, path);
  n = heard != NULL ? heard->n_verdicts : 0;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
ingest_test_sink_get_n_begun (IngestTestSink *self,
                              const char     *path)
{
  Heard *heard;
  guint n;

  g_mutex_lock (&self->lock);
  heard = g_hash_table_lookup (self->files, path);
  n = heard != NULL ? heard->n_begun : 0;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
ingest_test_sink_get_n_ends (IngestTestSink *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_ends;
  g_mutex_unlock (&self->lock);
  return n;
}
