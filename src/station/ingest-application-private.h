/* ingest-application-private.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ingest-application.h"

G_BEGIN_DECLS

void _ingest_application_init_actions (IngestApplication *self);

G_END_DECLS
