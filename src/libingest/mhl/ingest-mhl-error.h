/* ingest-mhl-error.h
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
#include "ingest-enums.h"

G_BEGIN_DECLS

#define INGEST_MHL_ERROR (ingest_mhl_error_quark ())

/**
 * IngestMhlError:
 * @INGEST_MHL_ERROR_PARSE: not well-formed XML, truncated, DOCTYPE/entities
 *   present, wrong root element, a required element missing or out of place
 * @INGEST_MHL_ERROR_UNSUPPORTED_VERSION: `<hashlist version>` is neither "2.0"
 *   (ASC MHL) nor "1.0"/"1.1" (legacy MHL)
 * @INGEST_MHL_ERROR_INVALID_PATH: a recorded path is empty, absolute, has `..`,
 *   `.` or empty segments, a backslash, control characters or invalid UTF-8
 * @INGEST_MHL_ERROR_DUPLICATE_PATH: two entries of one manifest share a path
 * @INGEST_MHL_ERROR_INVALID_HASH: a hash value of the wrong length or alphabet
 * @INGEST_MHL_ERROR_INVALID_VALUE: any other bad value: unknown action or
 *   process, negative/garbage size, unparseable date, bad sequence number
 * @INGEST_MHL_ERROR_INVALID_NAME: serializing: a name or text is not valid
 *   UTF-8 or has characters XML 1.0 cannot carry
 * @INGEST_MHL_ERROR_CHAIN_MISMATCH: a manifest's bytes do not have the C4 the
 *   chain records (reference exit code 31)
 * @INGEST_MHL_ERROR_MISSING_MANIFEST: the chain lists a manifest that is not
 *   there (exit code 33)
 * @INGEST_MHL_ERROR_NO_CHAIN: an `ascmhl/` folder without `ascmhl_chain.xml`
 *   (exit code 32)
 * @INGEST_MHL_ERROR_NO_HISTORY: no `ascmhl/` folder where one is needed
 *   (exit code 30)
 * @INGEST_MHL_ERROR_NON_C4_CHAIN: the chain holds an entry hashed with
 *   something other than c4 (only reported; such entries are kept)
 * @INGEST_MHL_ERROR_TOO_LARGE: a manifest or chain file is larger than
 *   ingest_mhl_get_max_manifest_size() allows
 *
 * Error codes of the ASC MHL subsystem. Messages of errors that come from a
 * document always start with "<manifest name>:<line>: ".
 */
typedef enum {
  INGEST_MHL_ERROR_PARSE,
  INGEST_MHL_ERROR_UNSUPPORTED_VERSION,
  INGEST_MHL_ERROR_INVALID_PATH,
  INGEST_MHL_ERROR_DUPLICATE_PATH,
  INGEST_MHL_ERROR_INVALID_HASH,
  INGEST_MHL_ERROR_INVALID_VALUE,
  INGEST_MHL_ERROR_INVALID_NAME,
  INGEST_MHL_ERROR_CHAIN_MISMATCH,
  INGEST_MHL_ERROR_MISSING_MANIFEST,
  INGEST_MHL_ERROR_NO_CHAIN,
  INGEST_MHL_ERROR_NO_HISTORY,
  INGEST_MHL_ERROR_NON_C4_CHAIN,
  INGEST_MHL_ERROR_TOO_LARGE,
} IngestMhlError;

GQuark ingest_mhl_error_quark (void);

G_END_DECLS
