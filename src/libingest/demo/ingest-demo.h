/* ingest-demo.h
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

/* The umbrella header of the demo-drive library (libingest_demo_dep), which
 * links GStreamer and so is kept out of <ingest.h>. Its headers carry no
 * include guard yet: src/station still includes them one by one. */

#include "ingest.h"

#include "ingest-demo-dng.h"
#include "ingest-demo-drive.h"
#include "ingest-demo-exr.h"
#include "ingest-gst-init.h"
