/* ingest-metadata-reader.h
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

#include "ingest-byte-source.h"
#include "ingest-clip.h"
#include "ingest-metadata-error.h"

G_BEGIN_DECLS

/*
 * IngestMetadataReader: the extension point of the metadata family — one
 * small subclass per source (ISO-BMFF, MXF, BWF, Sony NRT XML, LibRaw,
 * OpenEXR, BRAW sidecar, R3D header, ALE, ASC CDL).
 *
 * Life cycle. One instance of each reader serves every clip, from several
 * worker threads at once: a reader keeps no per-file state in itself.
 * For each clip, ingest_metadata_extract_clip() walks the clip's files in
 * order and, for each file, asks every reader in trust order (the table in
 * ingest-metadata-extract.c) whether it ::accepts the file's path; each that
 * does gets ::read_clip_file with a fresh IngestByteSource on it. Files of the
 * roll that belong to no clip (an ALE, a .ccc collection) go to
 * ::read_roll_file with all of the roll's clips, for readers that match rows
 * or ids to clips.
 *
 * A reader offers what it finds (ingest_clip_offer_*()), so an earlier, more
 * trusted reader's value stands; unmapped names go to attributes. It reads
 * headers only, through the byte source (bytes are counted per clip), and
 * returns FALSE with an INGEST_METADATA_ERROR or G_IO_ERROR when the file is
 * broken or hostile — what it offered before the error stays, the error
 * becomes a problem of the clip, and the next reader and file go on.
 * Readers must not crash, loop or allocate by a length read from the file
 * without bounding it first; each has a fuzz target in tests/fuzz/.
 */
#define INGEST_TYPE_METADATA_READER (ingest_metadata_reader_get_type ())

G_DECLARE_DERIVABLE_TYPE (IngestMetadataReader, ingest_metadata_reader, INGEST, METADATA_READER, GObject)

struct _IngestMetadataReaderClass
{
  GObjectClass parent_class;

  /* Short name for diagnostics and measurements: "isobmff", "bwf"… */
  const char *name;

  /* PATH relative to the roll; decide by name only (no I/O). */
  gboolean (*accepts)        (IngestMetadataReader  *self,
                              const char            *path);
  gboolean (*read_clip_file) (IngestMetadataReader  *self,
                              IngestClip            *clip,
                              const char            *path,
                              IngestByteSource      *source,
                              GError               **error);
  /* Optional: a file of the roll in no clip. CLIPS: every IngestClip of the roll. */
  gboolean (*read_roll_file) (IngestMetadataReader  *self,
                              GPtrArray             *clips,
                              const char            *path,
                              IngestByteSource      *source,
                              GError               **error);

  /*< private >*/
  gpointer padding[8];
};

const char *ingest_metadata_reader_get_name       (IngestMetadataReader  *self);
gboolean    ingest_metadata_reader_accepts        (IngestMetadataReader  *self,
                                                   const char            *path);
gboolean    ingest_metadata_reader_read_clip_file (IngestMetadataReader  *self,
                                                   IngestClip            *clip,
                                                   const char            *path,
                                                   IngestByteSource      *source,
                                                   GError               **error);
gboolean    ingest_metadata_reader_can_read_roll_files (IngestMetadataReader *self);
gboolean    ingest_metadata_reader_read_roll_file (IngestMetadataReader  *self,
                                                   GPtrArray             *clips,
                                                   const char            *path,
                                                   IngestByteSource      *source,
                                                   GError               **error);

/* A helper for accepts(): TRUE when PATH ends in one of the
 * NULL-terminated SUFFIXES, compared ASCII-case-insensitively (".mov"). */
gboolean    ingest_metadata_path_has_suffix       (const char            *path,
                                                   const char * const    *suffixes);

G_END_DECLS
