/* fuzz-mhl-chain.c
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

/* libFuzzer harness for the ASC MHL chain/collection parser. Build and run:
 * see README.md. Property: what we write from a parsed chain reads back to
 * the same entries and the same bytes. */

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
  g_autoptr(IngestMhlChain) chain = NULL;
  g_autoptr(IngestMhlChain) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;

  chain = ingest_mhl_chain_new_from_bytes (bytes, "ascmhl_chain.xml", &error);
  if (chain == NULL)
    {
      if (error == NULL || error->domain != INGEST_MHL_ERROR)
        abort ();
      return 0;
    }

  for (guint i = 0; i < ingest_mhl_chain_get_n_entries (chain); i++)
    if (ingest_mhl_chain_lookup (chain, ingest_mhl_chain_get_entry (chain, i)->path) == NULL)
      abort ();

  written = ingest_mhl_chain_serialize (chain, &error);
  if (written == NULL)
    abort ();
  again = ingest_mhl_chain_new_from_bytes (written, "ascmhl_chain.xml", &error);
  if (again == NULL)
    {
      fprintf (stderr, "our own output does not parse: %s\n", error->message);
      abort ();
    }
  if (ingest_mhl_chain_get_n_entries (again) != ingest_mhl_chain_get_n_entries (chain))
    abort ();
  rewritten = ingest_mhl_chain_serialize (again, &error);
  if (rewritten == NULL || !g_bytes_equal (written, rewritten))
    abort ();
  return 0;
}
