/* ingest-mhl-manifest-private.h
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

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include "ingest-mhl-entry-private.h"
#include "ingest-mhl-manifest.h"
#include "ingest-mhl-xml-private.h"

G_BEGIN_DECLS

struct _IngestMhlManifest
{
  GObject           parent_instance;

  char             *file_name;
  char             *version;
  char             *creation_date;
  char             *hostname;
  char             *tool_name;
  char             *tool_version;
  char             *location;
  char             *comment;
  char             *metadata;
  GArray           *authors;          /* IngestMhlAuthor */
  GPtrArray        *ignore_patterns;  /* char*, NULL-terminated */
  GPtrArray        *entries;          /* IngestMhlEntry, document order */
  GHashTable       *by_path;          /* path (owned by the entry) → entry; built
                                       * on demand, see ensure_index() */
  GMutex            index_lock;
  GPtrArray        *reference_paths;
  GPtrArray        *reference_c4s;
  GPtrArray        *warnings;         /* char*, NULL-terminated */
  IngestMhlEntry   *root_hash;
  IngestMhlProcess  process;
  guint             generation;
};

/* Takes over the caller's reference to @entry on success (a parser's
 * unref per entry is measurable). @path_checked: the parser validated the
 * entry's path already. */
gboolean _ingest_mhl_manifest_insert      (IngestMhlManifest   *self,
                                           IngestMhlEntry      *entry,
                                           gboolean             path_checked,
                                           GError             **error);
/* A parser's finished entry: packed and inserted, or @error set at the
 * reader's line. Takes @entry either way. */
gboolean _ingest_mhl_manifest_add_parsed  (IngestMhlManifest   *self,
                                           IngestMhlXmlReader  *reader,
                                           IngestMhlEntry      *entry,
                                           GError             **error);
void     _ingest_mhl_manifest_set_version (IngestMhlManifest   *self,
                                           const char          *version);
/* @text is stripped of surrounding whitespace in place */
gboolean _ingest_mhl_manifest_read_hash   (IngestMhlManifest   *self,
                                           IngestMhlXmlReader  *reader,
                                           IngestHashKind       kind,
                                           char                *text,
                                           char               **canonical,
                                           GError             **error);
/* ingest-mhl-manifest-reader.c: the body of a <hashlist version="2.0">,
 * the reader on its start tag */
gboolean _ingest_mhl_manifest_parse       (IngestMhlManifest   *self,
                                           IngestMhlXmlReader  *reader,
                                           const char          *ns,
                                           GError             **error);
/* ingest-mhl-legacy.c: the body of a <hashlist version="1.x"> */
gboolean _ingest_mhl_legacy_parse         (IngestMhlManifest   *self,
                                           IngestMhlXmlReader  *reader,
                                           GError             **error);

G_END_DECLS
