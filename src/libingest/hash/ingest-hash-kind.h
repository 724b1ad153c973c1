/* ingest-hash-kind.h
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

#include "ingest-types.h"

G_BEGIN_DECLS

/**
 * IngestHashKind:
 *
 * The digests the core can compute, generated from `ingest-hash-kinds.defs`.
 * The first six are the ASC MHL v2 formats in XSD order; %INGEST_HASH_XXH32 is
 * only for legacy MHL 1.x `<xxhash>`; %INGEST_HASH_CRC32C and
 * %INGEST_HASH_SHA256 are S3 checksums.
 */
typedef enum {
#define INGEST_HASH_KIND(ID, name, size, is_mhl) INGEST_HASH_##ID,
#include "ingest-hash-kinds.defs"
#undef INGEST_HASH_KIND
  INGEST_HASH_N_KINDS
} IngestHashKind;

#define INGEST_TYPE_HASH_KIND (ingest_hash_kind_get_type ())

/* A set of kinds: INGEST_HASH_BIT (kind) = 1u << kind. */
typedef guint IngestHashSet;
#define INGEST_HASH_BIT(kind) (1u << (kind))
#define INGEST_HASH_SET_ALL   ((1u << INGEST_HASH_N_KINDS) - 1)

/* The largest raw digest (c4's SHA-512) and the longest text (c4, without NUL). */
#define INGEST_HASH_MAX_DIGEST_SIZE 64
#define INGEST_HASH_MAX_TEXT_LEN    90

#define INGEST_HASH_ERROR (ingest_hash_error_quark ())

/**
 * IngestHashError:
 * @INGEST_HASH_ERROR_UNKNOWN_KIND: not a hash kind we know
 * @INGEST_HASH_ERROR_INVALID_TEXT: a hash text with the wrong length, a
 *   character outside its alphabet, or a value out of range
 */
typedef enum {
  INGEST_HASH_ERROR_UNKNOWN_KIND,
  INGEST_HASH_ERROR_INVALID_TEXT,
} IngestHashError;

GQuark       ingest_hash_error_quark          (void);
GType        ingest_hash_kind_get_type        (void) G_GNUC_CONST;

const char  *ingest_hash_kind_get_name        (IngestHashKind   kind);
gboolean     ingest_hash_kind_from_name       (const char      *name,
                                               IngestHashKind  *kind);
gboolean     ingest_hash_kind_is_mhl          (IngestHashKind   kind);
gsize        ingest_hash_kind_get_digest_size (IngestHashKind   kind);

char        *ingest_hash_encode               (IngestHashKind   kind,
                                               const guint8    *digest);
gboolean     ingest_hash_decode               (IngestHashKind   kind,
                                               const char      *text,
                                               guint8          *digest_out,
                                               GError         **error);
char        *ingest_hash_of_list              (IngestHashKind   kind,
                                               GPtrArray       *texts,
                                               GError         **error);
char        *ingest_hash_bytes                (IngestHashKind   kind,
                                               const void      *data,
                                               gsize            len);

G_END_DECLS
