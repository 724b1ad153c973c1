/* ingest-nice-task-pool.h
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


#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define INGEST_TYPE_NICE_TASK_POOL (ingest_nice_task_pool_get_type ())

G_DECLARE_FINAL_TYPE (IngestNiceTaskPool, ingest_nice_task_pool, INGEST, NICE_TASK_POOL, GstTaskPool)

/* A task pool whose every streaming thread is a new thread of its own at
 * the nice value of the thread that made the pool plus @nice_increment,
 * ended when its task is joined. Threads a decoder or x264 starts from it
 * inherit the value; nothing is left niced in a shared pool afterwards. */
GstTaskPool *ingest_nice_task_pool_new (int nice_increment);

G_END_DECLS
