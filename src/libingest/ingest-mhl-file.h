/* ingest-mhl-file.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @bytes to @path so that a crash never leaves a partial file there: a
 * temporary file in the same folder is written and fsync()ed, then renamed to
 * @path, then the folder is fsync()ed. With @replace FALSE an existing @path
 * is never overwritten (G_IO_ERROR_EXISTS; use it for manifests, which are
 * immutable); with TRUE it is replaced atomically (the chain file). */
gboolean ingest_mhl_file_write_atomic (const char    *path,
                                       GBytes        *bytes,
                                       gboolean       replace,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
