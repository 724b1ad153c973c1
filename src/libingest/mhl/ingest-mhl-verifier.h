/* ingest-mhl-verifier.h
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

#include "ingest-hash-kind.h"
#include "ingest-mhl-history.h"
#include "ingest-mhl-result.h"
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestMhlOperation:
 * @INGEST_MHL_OPERATION_VERIFY: hash and compare with the history; writes nothing
 * @INGEST_MHL_OPERATION_CREATE: verify, then append a generation to every
 *   history in the tree (bottom-up, parents referencing their children);
 *   starts a history where there is none
 * @INGEST_MHL_OPERATION_DIFF: completeness only (new / missing), no hashing
 */
typedef enum {
  INGEST_MHL_OPERATION_VERIFY,
  INGEST_MHL_OPERATION_CREATE,
  INGEST_MHL_OPERATION_DIFF,
} IngestMhlOperation;

/**
 * IngestMhlCreator:
 * @now: (nullable): the time of the operation; every manifest of the run and
 *   every hashdate uses it (spec: one timestamp per operation). NULL = now.
 * @hostname: (nullable): NULL = this machine's name
 * @tool_name: (nullable): NULL = "ingest-station"
 * @tool_version: (nullable): NULL = the core's version
 * @author_name: (nullable): one author, written when the name is set
 * @author_email: (nullable)
 * @author_phone: (nullable)
 * @author_role: (nullable)
 * @location: (nullable)
 * @comment: (nullable)
 *
 * What a new generation says about who made it. Tests pass a fixed @now,
 * @hostname and tool to reproduce the reference's golden files.
 */
typedef struct {
  GDateTime  *now;
  const char *hostname;
  const char *tool_name;
  const char *tool_version;
  const char *author_name;
  const char *author_email;
  const char *author_phone;
  const char *author_role;
  const char *location;
  const char *comment;
} IngestMhlCreator;

#define INGEST_TYPE_MHL_VERIFIER (ingest_mhl_verifier_get_type ())

G_DECLARE_FINAL_TYPE (IngestMhlVerifier, ingest_mhl_verifier, INGEST, MHL_VERIFIER, GObject)

/*
 * IngestMhlVerifier: one verify / create / diff run over a folder tree and
 * its ASC MHL histories. Configure it, run it once (sync on any thread, or
 * async), then read the typed results.
 *
 * Files are compared only with hashes recorded as original or verified (never
 * failed ones). A file is hashed in the formats recorded for it that were
 * requested (or the first recorded one when none was), plus, for create, the
 * requested formats. Names that differ from the recorded ones only in Unicode
 * normalization (NFC/NFD) still match; the result says so.
 *
 * Results come in walk order (the reference's post-order), then the missing
 * paths. Create also lists every folder it records (DIRECTORY_RECORDED, with
 * the content and structure hashes computed), its root last.
 *
 * Property "root" s (construct-only); "operation" IngestMhlOperation.
 */

IngestMhlVerifier *ingest_mhl_verifier_new             (const char          *root,
                                                        IngestMhlOperation   operation);
/* 0 = default: create uses xxh128; verify uses the recorded formats */
void               ingest_mhl_verifier_set_hash_kinds  (IngestMhlVerifier   *self,
                                                        IngestHashSet        kinds);
void               ingest_mhl_verifier_add_ignore_pattern (IngestMhlVerifier *self,
                                                        const char          *pattern);
/* create: write directory and root hashes (default TRUE; the reference's -n
 * is FALSE). verify: also verify directory hashes (default FALSE; -dh). */
void               ingest_mhl_verifier_set_directory_hashes (IngestMhlVerifier *self,
                                                        gboolean             directory_hashes);
void               ingest_mhl_verifier_set_creator     (IngestMhlVerifier   *self,
                                                        const IngestMhlCreator *creator);
/* worker threads for hashing, 0 = one per CPU */
void               ingest_mhl_verifier_set_n_threads   (IngestMhlVerifier   *self,
                                                        guint                n_threads);
/* absolute path → finished IngestHashJob: files still as they were read are not read again */
void               ingest_mhl_verifier_set_precomputed (IngestMhlVerifier   *self,
                                                        GHashTable          *precomputed);

/* Fails (and writes nothing) with INGEST_MHL_ERROR_NO_HISTORY (verify/diff
 * without `ascmhl/`), _NO_CHAIN, _MISSING_MANIFEST, _CHAIN_MISMATCH, parse
 * errors, G_IO_ERROR_* for the root, or cancellation. Problems with files
 * are results, not errors. */
gboolean           ingest_mhl_verifier_run             (IngestMhlVerifier   *self,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
void               ingest_mhl_verifier_run_async       (IngestMhlVerifier   *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           ingest_mhl_verifier_run_finish      (IngestMhlVerifier   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Thread-safe; call while it runs. Any out argument may be NULL. Bytes count
 * the reads; files count every file that needs digests, those taken from
 * the precomputed table being done from the start. */
void               ingest_mhl_verifier_get_progress    (IngestMhlVerifier   *self,
                                                        guint64             *bytes_done,
                                                        guint64             *bytes_total,
                                                        guint               *files_done,
                                                        guint               *files_total);

/* After a run: */
GListModel        *ingest_mhl_verifier_list_results    (IngestMhlVerifier   *self);
guint              ingest_mhl_verifier_get_n_results   (IngestMhlVerifier   *self);
IngestMhlResult   *ingest_mhl_verifier_get_result      (IngestMhlVerifier   *self,
                                                        guint                position);
guint              ingest_mhl_verifier_get_count       (IngestMhlVerifier   *self,
                                                        IngestMhlStatus      status);
IngestMhlHistory  *ingest_mhl_verifier_get_history     (IngestMhlVerifier   *self);
/* create: the manifests written, relative to the root, children first */
const char * const *ingest_mhl_verifier_get_written_manifests (IngestMhlVerifier *self);
/* the formats used for directory hashes (create, or verify with directory hashes) */
IngestHashSet      ingest_mhl_verifier_get_directory_kinds (IngestMhlVerifier *self);

G_END_DECLS
