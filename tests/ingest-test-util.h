/* ingest-test-util.h
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

char    *ingest_test_make_tmpdir      (const char  *template_name);
void     ingest_test_rm_rf            (const char  *path);
void     ingest_test_write_file       (const char  *path,
                                       const void  *data,
                                       gsize        len);
void     ingest_test_write_random_file (const char *path,
                                       gsize        size,
                                       guint32      seed);
char    *ingest_test_run_capture      (const char * const *argv,
                                       int         *exit_status);
gboolean ingest_test_have_program     (const char  *program);
char    *ingest_test_replace          (const char  *text,
                                       const char  *from,
                                       const char  *to);

G_END_DECLS
