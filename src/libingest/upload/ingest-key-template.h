/* ingest-key-template.h
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

#include <glib-object.h>

G_BEGIN_DECLS

#define INGEST_KEY_TEMPLATE_DEFAULT "{production}/{shoot-day}/{roll}/{path}"

/**
 * IngestKeyTemplate:
 *
 * Where each file of a drive goes below a destination's prefix or folder:
 * a template such as "{production}/{shoot-day}/{roll}/{path}" and the
 * drive-wide values it names. Per file, {roll} is the roll's name, {path}
 * the file's path in its roll and {file} its path on the drive; {production},
 * {shoot-day} and {drive} are set once. {roll} may be set once too (an
 * upload of one roll named by its caller, a proxy folder): then it is that
 * for every file. A value left empty drops its path component. Immutable once made (reference counted); checked when made, so
 * a run never starts with a template that cannot lay out its keys.
 */
typedef struct _IngestKeyTemplate IngestKeyTemplate;

GType               ingest_key_template_get_type     (void) G_GNUC_CONST;
#define INGEST_TYPE_KEY_TEMPLATE (ingest_key_template_get_type ())

IngestKeyTemplate  *ingest_key_template_new          (const char          *text,
                                                      const char * const  *variables,
                                                      GError             **error);
IngestKeyTemplate  *ingest_key_template_ref          (IngestKeyTemplate   *self);
void                ingest_key_template_unref        (IngestKeyTemplate   *self);
const char         *ingest_key_template_get_text     (IngestKeyTemplate   *self);
const char         *ingest_key_template_get_variable (IngestKeyTemplate   *self,
                                                      const char          *name);
const char * const *ingest_key_template_get_variables (IngestKeyTemplate  *self);
char               *ingest_key_template_expand       (IngestKeyTemplate   *self,
                                                      const char          *drive,
                                                      const char          *roll,
                                                      const char          *path_in_roll,
                                                      const char          *file,
                                                      GError             **error);
char               *ingest_key_template_dup_prefix   (IngestKeyTemplate   *self);
gboolean            ingest_key_template_check        (const char          *text,
                                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestKeyTemplate, ingest_key_template_unref)

G_END_DECLS
