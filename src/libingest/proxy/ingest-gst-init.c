/* ingest-gst-init.c
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

#define G_LOG_DOMAIN "ingest-init"

#include "config.h"

#include <gst/gst.h>

#include "ingest-gst-init.h"
#include "ingest-init.h"

/**
 * ingest_init_gstreamer:
 *
 * Does what ingest_init() does and starts GStreamer. Safe to call more than
 * once and from any thread.
 */
void
ingest_init_gstreamer (void)
{
  static gsize initialized;

  ingest_init ();
  if (g_once_init_enter (&initialized))
    {
      gst_init (NULL, NULL);
      g_once_init_leave (&initialized, TRUE);
    }
}
