/* ingest-proxy.h
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

/* The umbrella header of the proxy library (libingest_proxy_dep): proxies,
 * posters and filmstrips made with GStreamer, LibRaw and OpenEXR, and the
 * session stage that makes and delivers them. It links GStreamer, so it is
 * kept out of <ingest.h>; the station, ingestctl and the tests use it. */

#include "ingest.h"

#include "ingest-cube-lut.h"
#include "ingest-gst-init.h"
#include "ingest-look-error.h"
#include "ingest-box-scale.h"
#include "ingest-look-filter.h"
#include "ingest-look.h"
#include "ingest-proxy-error.h"
#include "ingest-proxy-maker.h"
#include "ingest-proxy-preset.h"
#include "ingest-proxy-result.h"
#include "ingest-proxy-settings.h"
#include "ingest-proxy-source.h"
#include "ingest-proxy-stage.h"
#include "ingest-proxy-stills.h"
