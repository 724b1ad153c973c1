/* ingest-proxy-burn-in-private.h
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

#include "ingest-proxy-settings.h"
#include "ingest-proxy-source.h"

G_BEGIN_DECLS

/* How every burn-in is drawn (textoverlay and timeoverlay properties): a
 * test renders a reference of the expected text with the same ones. The
 * font grows with the picture (auto-resize), so a line stays readable at
 * 960 and 1920 pixels alike. */
#define INGEST_PROXY_BURN_IN_FONT "Sans Bold 11"
#define INGEST_PROXY_BURN_IN_PAD  12

/* Sets the properties every burn-in element shares on ELEMENT (a
 * textoverlay or a timeoverlay): font, shading, padding. */
void        _ingest_proxy_burn_in_style    (GstElement                *element);

/* "CLIP · ROLL" (or the clip alone without a roll). */
char       *_ingest_proxy_burn_in_label    (const IngestProxySource   *source);

G_END_DECLS
