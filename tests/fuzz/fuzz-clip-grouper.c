/* fuzz-clip-grouper.c
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

/* libFuzzer harness: any input as a roll's file list (the first byte picks
 * the card layout, then one path a line), the names a card hands the clip
 * grouper. Besides memory safety: no file is placed twice (in clips and the
 * roll's other files together), litter is left out; every clip
 * has a name and a media file; a sequence's range holds its gaps. */

#include "config.h"

#include <string.h>

#include "ingest.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_roll_entry_free);
  g_autoptr(IngestClipGrouping) grouping = NULL;
  IngestCardKind kind;
  gsize start = 1;
  guint n_placed = 0;

  if (size < 1)
    return 0;
  kind = data[0] % INGEST_CARD_N_KINDS;
  for (gsize i = 1; i <= size; i++)
    {
      if (i < size && data[i] != '\n')
        continue;
      if (i > start)
        {
          IngestRollEntry *entry = g_new0 (IngestRollEntry, 1);

          /* Names on a disk hold no NUL: the line up to the first one. */
          entry->path = g_strndup ((const char *) data + start, i - start);
          entry->size = i;
          g_ptr_array_add (entries, entry);
        }
      start = i + 1;
    }

  grouping = ingest_clip_group_roll (kind, "ROLL", "ROLL", entries);
  for (guint c = 0; c < grouping->clips->len; c++)
    {
      IngestClip *clip = g_ptr_array_index (grouping->clips, c);
      gint64 first, last;

      g_assert (ingest_clip_get_name (clip) != NULL);
      g_assert (ingest_clip_get_n_files (clip) > 0);
      g_assert (ingest_clip_get_media_file (clip) != NULL);
      n_placed += ingest_clip_get_n_files (clip);
      if (ingest_clip_get_frame_range (clip, &first, &last))
        {
          g_assert (first <= last);
          for (guint m = 0; m < ingest_clip_get_n_missing_ranges (clip); m++)
            {
              gint64 a, b;

              ingest_clip_get_missing_range (clip, m, &a, &b);
              g_assert (first < a && a <= b && b < last);
            }
        }
    }
  n_placed += grouping->other_paths->len;
  /* Each input line is placed once at most (litter is left out). */
  g_assert (n_placed <= entries->len);
  return 0;
}
