/* ingest-init.c
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

#include <curl/curl.h>
#include <libxml/parser.h>

#include "ingest-init.h"

/**
 * ingest_init:
 *
 * Initialises the libraries the core builds on (libcurl, libxml2).
 * Safe to call more than once and from any thread; call it before anything
 * else in the core. GStreamer is not started here: its start-up costs up to
 * a second, and the core does not link it (see ingest_init_gstreamer() in
 * the demo library).
 */
void
ingest_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      xmlInitParser ();
      g_once_init_leave (&initialized, TRUE);
    }
}

/**
 * ingest_get_version:
 *
 * Returns: (transfer none): the version of the core, e.g. "0.1.0"
 */
const char *
ingest_get_version (void)
{
  return PACKAGE_VERSION;
}
