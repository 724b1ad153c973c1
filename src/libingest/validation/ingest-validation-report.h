/* ingest-validation-report.h
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

#include <json-glib/json-glib.h>

#include "ingest-validation-job.h"

G_BEGIN_DECLS

/*
 * Reports of a finished IngestValidationJob, per drive.
 *
 * The summary is the object `ingestctl validate --json` prints:
 *   { "verdict": "ok"|"problems",
 *     "counts": { "verified": n, "mismatch": n, "missing": n, "extra": n,
 *                 "renamed": n, "ignored": n, "unreadable": n },
 *     "rolls": [ { "name", "path", "kind", "mhl_kind", "verdict", "expected", "counts" } ],
 *     "files": [ { "path", "status", "roll", and where relevant "kind",
 *                  "expected", "found", "size", "renamed_from", "source",
 *                  "message", "disagreement", "resumed" } ] }
 * with paths relative to the validated root and the problems first.
 *
 * The report (JSON file) is the summary plus "drive" (label, identity, uuid,
 * filesystem, read_only, root), "station", "tool", "tool_version",
 * "started_at"/"finished_at" (ISO 8601 UTC), "bytes_read", "bytes_resumed",
 * "sources" and "diagnostics". The HTML report says the same for people: one
 * self-contained, printable page (no scripts, no external resources) that a
 * DIT can attach to an email.
 */

JsonNode *ingest_validation_report_build_summary (IngestValidationJob  *job);
gboolean  ingest_validation_report_write_summary (IngestValidationJob  *job,
                                                  GOutputStream        *out,
                                                  GError              **error);
JsonNode *ingest_validation_report_build_json    (IngestValidationJob  *job);
char     *ingest_validation_report_build_html    (IngestValidationJob  *job);
/* Writes "<label>_<YYYYMMDD-HHMMSS>Z_validation.json" and ".html" in @dir
 * (created if needed). @json_path/@html_path: (out) (optional) */
gboolean  ingest_validation_report_write         (IngestValidationJob  *job,
                                                  const char           *dir,
                                                  char                **json_path,
                                                  char                **html_path,
                                                  GError              **error);

G_END_DECLS
