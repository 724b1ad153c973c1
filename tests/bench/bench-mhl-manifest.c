/* bench-mhl-manifest.c
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

/* Time and memory of the ASC MHL document layer at scale: builds a manifest
 * of N files in N/100 folders (xxh64 + md5 per file, content + structure per
 * folder), serializes it, parses it back G times (G generations held in
 * memory at once, as a history does) and prints wall times and peak RSS.
 *
 *   meson setup _build && meson compile -C _build   # for config.h, generated headers
 *   gcc -O2 -o /tmp/bench-mhl-manifest tests/bench/bench-mhl-manifest.c \
 *     -DINGEST_COMPILATION -I_build -I_build/src/libingest $(find src/libingest -type d -printf '-I%p ') \
 *     $(pkg-config --cflags gio-2.0 json-glib-1.0 libxml-2.0) \
 *     src/libingest/mhl/ingest-mhl-{chain,date,entry,error,file,legacy,manifest,manifest-reader,manifest-writer,path,xml}.c \
 *     src/libingest/hash/ingest-hash-kind.c src/libingest/hash/ingest-hasher.c src/libingest/ingest-display-name.c \
 *     $(pkg-config --libs gio-2.0 libxml-2.0 libxxhash libcrypto)
 *   /tmp/bench-mhl-manifest 100000 2
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest.h"

/* CPU time of this process in µs: wall times are noisy on a shared machine. */
static gint64
cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? atol (line + 6) : -1;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? atoi (argv[1]) : 100000;
  guint generations = argc > 2 ? atoi (argv[2]) : 2;
  g_autoptr(IngestMhlManifest) manifest = ingest_mhl_manifest_new ();
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *hd = "2026-11-21T22:26:25.588921+00:00";
  gint64 t0, t1, t2, t3, c2, c3;

  t0 = g_get_monotonic_time ();
  ingest_mhl_manifest_set_creation_date (manifest, "2026-11-21T22:26:25+00:00");
  ingest_mhl_manifest_set_hostname (manifest, "bench");
  ingest_mhl_manifest_set_tool (manifest, "ingest-station", "0.1.0");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("Day1/A001R1AB/Clips/F%04u/A001C%06u_260101_R1AB.ari", i / 100, i);
      g_autoptr(IngestMhlEntry) entry = ingest_mhl_entry_new_file (path, 12345678 + i);
      guint8 digest[16];
      g_autofree char *xxh = NULL;
      g_autofree char *md5 = NULL;

      for (guint j = 0; j < 16; j++)
        digest[j] = (guint8) g_random_int ();
      xxh = ingest_hash_encode (INGEST_HASH_XXH64, digest);
      md5 = ingest_hash_encode (INGEST_HASH_MD5, digest);
      ingest_mhl_entry_set_last_modification_date (entry, "2026-01-01T10:00:00+00:00");
      ingest_mhl_entry_set_hash (entry, INGEST_HASH_XXH64, xxh, INGEST_MHL_HASH_ACTION_ORIGINAL, hd);
      ingest_mhl_entry_set_hash (entry, INGEST_HASH_MD5, md5, INGEST_MHL_HASH_ACTION_ORIGINAL, hd);
      g_assert (ingest_mhl_manifest_add_entry (manifest, entry, NULL));
      if (i % 100 == 99)
        {
          g_autofree char *dir_path = g_strdup_printf ("Day1/A001R1AB/Clips/F%04u", i / 100);
          g_autoptr(IngestMhlEntry) dir = ingest_mhl_entry_new_directory (dir_path);

          ingest_mhl_entry_set_directory_hash (dir, INGEST_HASH_XXH64, xxh, xxh, hd);
          g_assert (ingest_mhl_manifest_add_entry (manifest, dir, NULL));
        }
    }
  t1 = g_get_monotonic_time ();
  bytes = ingest_mhl_manifest_serialize (manifest, &error);
  g_assert_no_error (error);
  t2 = g_get_monotonic_time ();
  g_clear_object (&manifest);
  c2 = cpu_usec ();

  for (guint g = 0; g < generations; g++)
    {
      IngestMhlManifest *m = ingest_mhl_manifest_new_from_bytes (bytes, "0001_bench.mhl", &error);

      g_assert_no_error (error);
      g_ptr_array_add (loaded, m);
    }
  t3 = g_get_monotonic_time ();
  c3 = cpu_usec ();

  printf ("entries: %u files + %u folders; manifest %.1f MB\n", n, n / 100,
          g_bytes_get_size (bytes) / 1e6);
  printf ("build %.2f s, serialize %.2f s, parse %.2f s per generation (CPU %.2f s)\n",
          (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6 / generations,
          (c3 - c2) / 1e6 / generations);
  g_clear_pointer (&bytes, g_bytes_unref);
  printf ("peak RSS %.1f MB with %u parsed generations in memory\n", peak_rss_kb () / 1024.0, generations);
  return 0;
}
