/* ingest-proxy-burn-in.c
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

#include "ingest-proxy-burn-in-private.h"

void
_ingest_proxy_burn_in_style (GstElement *element)
{
  g_object_set (element,
                "font-desc", INGEST_PROXY_BURN_IN_FONT,
                "shaded-background", TRUE,
                "xpad", INGEST_PROXY_BURN_IN_PAD,
                "ypad", INGEST_PROXY_BURN_IN_PAD,
                NULL);
}

char *
_ingest_proxy_burn_in_label (const IngestProxySource *source)
{
  if (source->roll_name == NULL || *source->roll_name == '\0')
    return g_strdup (source->clip_name);
  return g_strdup_printf ("%s · %s", source->clip_name, source->roll_name);
}
