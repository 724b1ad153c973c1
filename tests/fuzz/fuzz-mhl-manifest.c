/* fuzz-mhl-manifest.c
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

/* libFuzzer harness for the ASC MHL manifest parser (v2.0 and legacy 1.x).
 * Build and run: see README.md. Besides memory errors it checks a property:
 * whatever we write from a parsed document reads back and writes the same
 * bytes again. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "ingest.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  xmlInitParser ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(IngestMhlManifest) manifest = NULL;
  g_autoptr(IngestMhlManifest) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;

  manifest = ingest_mhl_manifest_new_from_bytes (bytes, "0001_fuzz.mhl", &error);
  if (manifest == NULL)
    {
      if (error == NULL || error->domain != INGEST_MHL_ERROR)
        abort ();
      return 0;
    }

  /* Exercise the lookups. */
  for (guint i = 0; i < ingest_mhl_manifest_get_n_entries (manifest); i++)
    {
      IngestMhlEntry *entry = ingest_mhl_manifest_get_entry (manifest, i);

      if (ingest_mhl_manifest_lookup (manifest, ingest_mhl_entry_get_path (entry)) != entry)
        abort ();
    }

  written = ingest_mhl_manifest_serialize (manifest, &error);
  if (written == NULL)
    return 0;   /* e.g. legacy documents have no process */

  again = ingest_mhl_manifest_new_from_bytes (written, "0001_fuzz.mhl", &error);
  if (again == NULL)
    {
      fprintf (stderr, "our own output does not parse: %s\n", error->message);
      abort ();
    }
  rewritten = ingest_mhl_manifest_serialize (again, &error);
  if (rewritten == NULL || !g_bytes_equal (written, rewritten))
    {
      fprintf (stderr, "writing is not stable\n");
      abort ();
    }
  return 0;
}
