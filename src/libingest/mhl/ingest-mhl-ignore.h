/* ingest-mhl-ignore.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

#define INGEST_TYPE_MHL_IGNORE (ingest_mhl_ignore_get_type ())

G_DECLARE_FINAL_TYPE (IngestMhlIgnore, ingest_mhl_ignore, INGEST, MHL_IGNORE, GObject)

/* The patterns every ASC MHL history ignores (spec: .DS_Store files and ascmhl folders). */
extern const char * const ingest_mhl_ignore_default_patterns[];

IngestMhlIgnore     *ingest_mhl_ignore_new              (void);
IngestMhlIgnore     *ingest_mhl_ignore_new_default      (void);
IngestMhlIgnore     *ingest_mhl_ignore_copy             (IngestMhlIgnore    *self);
gboolean             ingest_mhl_ignore_add_pattern      (IngestMhlIgnore    *self,
                                                         const char         *pattern);
void                 ingest_mhl_ignore_add_patterns     (IngestMhlIgnore    *self,
                                                         const char * const *patterns);
gboolean             ingest_mhl_ignore_add_file         (IngestMhlIgnore    *self,
                                                         const char         *path,
                                                         GError            **error);
const char * const  *ingest_mhl_ignore_get_patterns     (IngestMhlIgnore    *self);
guint                ingest_mhl_ignore_get_n_patterns   (IngestMhlIgnore    *self);
gboolean             ingest_mhl_ignore_match            (IngestMhlIgnore    *self,
                                                         const char         *relative_path,
                                                         gboolean            is_dir,
                                                         GCancellable       *cancellable);
gboolean             ingest_mhl_ignore_match_entry      (IngestMhlIgnore    *self,
                                                         const char         *relative_path,
                                                         gboolean            is_dir,
                                                         GCancellable       *cancellable);
gboolean             ingest_mhl_wildmatch               (const char         *pattern,
                                                         const char         *text);

G_END_DECLS
