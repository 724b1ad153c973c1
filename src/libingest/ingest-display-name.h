/* ingest-display-name.h
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

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

char             *ingest_display_name       (const char       *name);
char             *ingest_display_message    (const char       *message);
GLogWriterOutput  ingest_display_log_writer (GLogLevelFlags    log_level,
                                             const GLogField  *fields,
                                             gsize             n_fields,
                                             gpointer          user_data);

G_END_DECLS
