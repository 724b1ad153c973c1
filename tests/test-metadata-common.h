/* test-metadata-common.h
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

#include "ingest-test-util.h"

G_BEGIN_DECLS

/* What the container reader tests share: media made with Debian's ffmpeg,
 * ffprobe's view of it as the oracle, and a reader run on a file or bytes. */

/* A private folder and the reader a test exercises (by its name, as
 * ingest_metadata_find_reader() knows it), for a fixture's set-up. */
typedef struct
{
  char                 *dir;
  IngestMetadataReader *reader;
} TestMetadataFixture;

void        test_metadata_fixture_init     (TestMetadataFixture *f,
                                            const char          *reader_name);
void        test_metadata_fixture_teardown (TestMetadataFixture *f,
                                            gconstpointer        data);

/* A string member of OBJECT's "tags", or NULL. */
const char *test_metadata_probe_tag       (JsonObject          *object,
                                           const char          *tag);

/* A new clip read by READER from the file at PATH (default budget); bytes
 * read are added to the clip. */
IngestClip *test_metadata_read_file       (IngestMetadataReader *reader,
                                           const char          *path,
                                           GError             **error);
/* The same from bytes in memory, with BUDGET (0: none). */
IngestClip *test_metadata_read_bytes      (IngestMetadataReader *reader,
                                           GBytes              *bytes,
                                           guint64              budget,
                                           GError             **error);

/* Timecode per rate, the same cases for every container: the start as
 * ffprobe reads it, the end worked by hand (test-metadata-common.c). */
typedef struct
{
  const char *name;
  const char *rate;
  const char *start;
  const char *end;    /* start + 11 frames (12 frames, the last inclusive) */
} TestTcCase;

extern const TestTcCase test_metadata_tc_cases[];
extern const guint      test_metadata_n_tc_cases;

/* Asserts the field's canonical text (NULL: unset). */
#define test_metadata_assert_field(clip, field, expected) \
  g_assert_cmpstr (ingest_clip_get_field ((clip), INGEST_CLIP_FIELD_##field), ==, (expected))

G_END_DECLS
