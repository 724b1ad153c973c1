/* ingest-rgw-harness.h
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

#include <glib.h>

G_BEGIN_DECLS

/**
 * IngestRgw:
 * @dir: the cluster's state directory (removed by ingest_rgw_stop())
 * @endpoint: "http://127.0.0.1:PORT"
 * @access_key: the test user's access key
 * @secret_key: the test user's secret
 * @uid: the test user's id (for radosgw-admin)
 * @start_seconds: how long the start took
 *
 * A single-node Ceph RADOS Gateway started by tests/rgw/rgw.sh for one test
 * binary: one monitor, one BlueStore OSD on a sparse file, radosgw (beast)
 * on 127.0.0.1 only. Stopped by PID.
 */
typedef struct
{
  char   *dir;
  char   *endpoint;
  char   *access_key;
  char   *secret_key;
  char   *uid;
  double  start_seconds;
} IngestRgw;

IngestRgw *ingest_rgw_start      (void);
void       ingest_rgw_stop       (IngestRgw   *rgw);
gboolean   ingest_rgw_kill       (IngestRgw   *rgw,
                                  const char  *daemon);
gboolean   ingest_rgw_restart    (IngestRgw   *rgw);
char      *ingest_rgw_admin      (IngestRgw   *rgw,
                                  const char  *first_arg,
                                  ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
