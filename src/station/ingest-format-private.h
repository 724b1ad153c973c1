/* ingest-format-private.h
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

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the ingest-format*.c files only; the station includes ingest-format.h. */

G_GNUC_INTERNAL
void ingest_format_add_rate_and_eta (GPtrArray *parts,
                                     double     rate,
                                     gint64     eta);

G_END_DECLS
