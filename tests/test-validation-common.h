/* test-validation-common.h
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

/* What the validation test programs share: files and rolls to validate,
 * reference hashes from the command-line tools, running a job. */

#pragma once

#include <json-glib/json-glib.h>

#include "ingest.h"

G_BEGIN_DECLS

typedef struct {
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
} Wait;

char                   *tool_hash     (const char              *tool,
                                       const char              *path);
gboolean                have_tools    (void);
char                   *build         (const char              *root,
                                       const char              *relative);
void                    write_random  (const char              *root,
                                       const char              *relative,
                                       gsize                    size,
                                       guint32                  seed);
void                    make_roll     (const char              *root);
void                    seal_with_mhl (const char              *folder,
                                       IngestHashSet            kinds);
void                    run_done_cb   (GObject                 *object,
                                       GAsyncResult            *result,
                                       gpointer                 user_data);
gboolean                run_job_full  (IngestValidationJob     *job,
                                       GCancellable            *cancellable,
                                       GError                 **error);
IngestValidationJob    *validate      (const char              *root,
                                       IngestCatalog           *catalog,
                                       const char              *expected);
IngestValidationResult *find_result   (IngestValidationJob     *job,
                                       const char              *path);
void                    assert_status (IngestValidationJob     *job,
                                       const char              *path,
                                       IngestValidationStatus   status);
guint64                 count         (IngestValidationJob     *job,
                                       IngestValidationStatus   status);
JsonNode               *parse_json    (const char              *text);

G_END_DECLS
