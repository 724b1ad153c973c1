/* ingest-nice-task-pool.c
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


#define G_LOG_DOMAIN "ingest-proxy"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ingest-nice-task-pool.h"

struct _IngestNiceTaskPool
{
  GstTaskPool parent_instance;
  int         nice;  /* what every thread gets: the creator's + the increment */
};

typedef struct
{
  GstTaskPoolFunction func;
  gpointer            user_data;
  int                 nice;
} ThreadStart;

G_DEFINE_FINAL_TYPE (IngestNiceTaskPool, ingest_nice_task_pool, GST_TYPE_TASK_POOL)

static gpointer
nice_thread_func (gpointer data)
{
  ThreadStart *start = data;
  /* setpriority with PRIO_PROCESS and a thread id changes that thread
   * only on Linux: the rest of the process keeps its priority. */
  id_t tid = (id_t) syscall (SYS_gettid);
  int current;

  /* The value is absolute: a thread started from another streaming
   * thread (already niced) must not go further down. */
  errno = 0;
  current = getpriority (PRIO_PROCESS, tid);
  if (errno == 0 && current < start->nice)
    (void) setpriority (PRIO_PROCESS, tid, start->nice);
  start->func (start->user_data);
  g_free (start);
  return NULL;
}

static void
ingest_nice_task_pool_prepare (GstTaskPool  *pool,
                               GError      **error)
{
}

static void
ingest_nice_task_pool_cleanup (GstTaskPool *pool)
{
}

static gpointer
ingest_nice_task_pool_push (GstTaskPool          *pool,
                            GstTaskPoolFunction   func,
                            gpointer              user_data,
                            GError              **error)
{
  IngestNiceTaskPool *self = INGEST_NICE_TASK_POOL (pool);
  ThreadStart *start = g_new0 (ThreadStart, 1);
  GThread *thread;

  start->func = func;
  start->user_data = user_data;
  start->nice = self->nice;
  thread = g_thread_try_new ("ingest-proxy", nice_thread_func, start, error);
  if (thread == NULL)
    g_free (start);
  return thread;
}

static void
ingest_nice_task_pool_join (GstTaskPool *pool,
                            gpointer     id)
{
  if (id != NULL)
    g_thread_join (id);
}

/* A task that is not joined lets its thread go. */
static void
ingest_nice_task_pool_dispose_handle (GstTaskPool *pool,
                                      gpointer     id)
{
  if (id != NULL)
    g_thread_unref (id);
}

static void
ingest_nice_task_pool_class_init (IngestNiceTaskPoolClass *klass)
{
  GstTaskPoolClass *pool_class = GST_TASK_POOL_CLASS (klass);

  pool_class->prepare = ingest_nice_task_pool_prepare;
  pool_class->cleanup = ingest_nice_task_pool_cleanup;
  pool_class->push = ingest_nice_task_pool_push;
  pool_class->join = ingest_nice_task_pool_join;
  pool_class->dispose_handle = ingest_nice_task_pool_dispose_handle;
}

static void
ingest_nice_task_pool_init (IngestNiceTaskPool *self)
{
}

GstTaskPool *
ingest_nice_task_pool_new (int nice_increment)
{
  IngestNiceTaskPool *self = g_object_new (INGEST_TYPE_NICE_TASK_POOL, NULL);
  int current;

  errno = 0;
  current = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
  if (errno != 0)
    current = 0;
  self->nice = CLAMP (current + nice_increment, -20, 19);
  return GST_TASK_POOL (self);
}
