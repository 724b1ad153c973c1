/* test-metadata-common.c
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

#include "config.h"

#include "test-metadata-common.h"

void
test_metadata_fixture_init (TestMetadataFixture *f,
                            const char          *reader_name)
{
  g_autofree char *name = g_strconcat ("test-metadata-", reader_name, NULL);

  f->dir = ingest_test_make_tmpdir (name);
  f->reader = g_object_ref (ingest_metadata_find_reader (reader_name));
}

void
test_metadata_fixture_teardown (TestMetadataFixture *f,
                                gconstpointer        data)
{
  g_clear_object (&f->reader);
  ingest_test_rm_rf (f->dir);
  g_free (f->dir);
}

const char *
test_metadata_probe_tag (JsonObject *object,
                         const char *tag)
{
  JsonObject *tags;

  if (object == NULL || !json_object_has_member (object, "tags"))
    return NULL;
  tags = json_object_get_object_member (object, "tags");
  return json_object_get_string_member_with_default (tags, tag, NULL);
}

static IngestClip *
read_source (IngestMetadataReader  *reader,
             IngestByteSource      *source,
             const char            *path,
             GError               **error)
{
  IngestClip *clip = ingest_clip_new ("clip", INGEST_CLIP_KIND_VIDEO, "roll", "");

  ingest_clip_add_file (clip, path, ingest_byte_source_get_size (source));
  g_assert_true (ingest_metadata_reader_accepts (reader, path));
  ingest_metadata_reader_read_clip_file (reader, clip, path, source, error);
  ingest_clip_add_bytes_read (clip, ingest_byte_source_get_bytes_read (source));
  return clip;
}

IngestClip *
test_metadata_read_file (IngestMetadataReader  *reader,
                         const char            *path,
                         GError               **error)
{
  g_autoptr(IngestByteSource) source = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = g_path_get_basename (path);

  source = ingest_byte_source_open (path, base, INGEST_BYTE_SOURCE_DEFAULT_BUDGET, &local_error);
  g_assert_no_error (local_error);
  return read_source (reader, source, base, error);
}

IngestClip *
test_metadata_read_bytes (IngestMetadataReader  *reader,
                          GBytes                *bytes,
                          guint64                budget,
                          GError               **error)
{
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "hostile");
  const char *path = g_str_equal (ingest_metadata_reader_get_name (reader), "mxf") ? "hostile.mxf" : "hostile.mov";

  if (budget > 0)
    ingest_byte_source_set_budget (source, budget);
  return read_source (reader, source, path, error);
}

const TestTcCase test_metadata_tc_cases[] = {
  /* 20..23 then 00..07 */
  { "23.976", "24000/1001", "23:59:59:20", "00:00:00:07" },
  { "24", "24",         "23:59:59:20", "00:00:00:07" },
  /* 20..24 then 00..06 */
  { "25", "25",         "23:59:59:20", "00:00:00:06" },
  /* 25..29 then 00..06 */
  { "29.97-ndf", "30000/1001", "23:59:59:25", "00:00:00:06" },
  /* DF: minute 00 keeps ;00 and ;01 (divisible by ten) */
  { "29.97-df-midnight", "30000/1001", "23:59:59;25", "00:00:00;06" },
  /* DF: ;25..;29, then minute 01 starts at ;02: ;02..;08 */
  { "29.97-df-minute", "30000/1001", "00:00:59;25", "00:01:00;08" },
  /* 45..49 then 00..06 */
  { "50", "50",         "23:59:59:45", "00:00:00:06" },
  /* DF at 59.94: ;50..;59 then ;00, ;01 of minute 00 */
  { "59.94-df-midnight", "60000/1001", "23:59:59;50", "00:00:00;01" },
  /* DF at 59.94: ;55..;59, then minute 01 starts at ;04: ;04..;10 */
  { "59.94-df-minute", "60000/1001", "00:00:59;55", "00:01:00;10" },
};

const guint test_metadata_n_tc_cases = G_N_ELEMENTS (test_metadata_tc_cases);
