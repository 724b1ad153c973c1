/* ingest.h
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

/* The umbrella header of the core. Applications include only this. */

#include <glib.h>
#include <gio/gio.h>

#define INGEST_INSIDE
# include "ingest-init.h"
# include "ingest-types.h"
#undef INGEST_INSIDE
