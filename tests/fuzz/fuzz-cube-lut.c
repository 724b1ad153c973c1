/* fuzz-cube-lut.c
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


/* libFuzzer harness: any input as a .cube 3D LUT (IngestCubeLut) and as an
 * ASC CDL look (IngestLook). Besides memory safety: a refusal is an
 * INGEST_LOOK_ERROR whose message names a line of the input; an accepted
 * LUT has a size of 2..65, finite entries, a non-empty domain, a UTF-8
 * title, and gives finite colours anywhere (NaN in included); an accepted
 * CDL has the ranges ASC CDL allows and gives colours in 0..1. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest-cube-lut.h"
#include "ingest-look-error.h"
#include "ingest-look.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint
count_lines (const guint8 *data,
             size_t        size)
{
  guint lines = 1;

  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  return lines;
}

static void
check_refusal (GError       *error,
               const guint8 *data,
               size_t        size)
{
  guint line = 0;

  g_assert (error != NULL && error->domain == INGEST_LOOK_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
  if (size <= INGEST_CUBE_LUT_MAX_FILE_SIZE)
    {
      g_assert (g_str_has_prefix (error->message, "fuzz.cube:"));
      g_assert (sscanf (error->message, "fuzz.cube:%u:", &line) == 1);
      g_assert (line >= 1 && line <= count_lines (data, size));
    }
}

static void
check_lut (IngestCubeLut *lut)
{
  static const float probes[][3] = {
    { 0, 0, 0 }, { 1, 1, 1 }, { 0.5f, 0.25f, 0.75f }, { -3, 7, 0.999f },
    { NAN, 0.5f, INFINITY }, { 1e30f, -1e30f, 0.1f },
  };
  guint n = ingest_cube_lut_get_size (lut);
  gsize n_floats;
  const float *entries = ingest_cube_lut_get_data (lut, &n_floats);
  float domain_min[3], domain_max[3];
  const char *title = ingest_cube_lut_get_title (lut);

  g_assert (n >= 2 && n <= INGEST_CUBE_LUT_MAX_SIZE);
  g_assert (n_floats == (gsize) n * n * n * 3);
  for (gsize i = 0; i < n_floats; i++)
    g_assert (isfinite (entries[i]));
  ingest_cube_lut_get_domain (lut, domain_min, domain_max);
  for (guint c = 0; c < 3; c++)
    g_assert (isfinite (domain_min[c]) && isfinite (domain_max[c]) && domain_min[c] < domain_max[c]);
  g_assert (title == NULL || g_utf8_validate (title, -1, NULL));

  for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
    {
      float out[3];

      ingest_cube_lut_apply (lut, probes[p], out);
      for (guint c = 0; c < 3; c++)
        g_assert (isfinite (out[c]));
    }
}

static void
check_cdl (IngestLook *look)
{
  static const float probes[][3] = { { 0, 0, 0 }, { 1, 1, 1 }, { 0.2f, 0.5f, 0.9f } };
  double slope[3], offset[3], power[3], saturation;

  g_assert (ingest_look_get_cdl (look, slope, offset, power, &saturation));
  for (guint c = 0; c < 3; c++)
    g_assert (slope[c] >= 0 && isfinite (offset[c]) && power[c] > 0 && isfinite (power[c]));
  g_assert (saturation >= 0 && isfinite (saturation));
  for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
    {
      float out[3];

      ingest_look_apply (look, probes[p], out);
      for (guint c = 0; c < 3; c++)
        g_assert (out[c] >= 0 && out[c] <= 1);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IngestCubeLut) lut = ingest_cube_lut_new_from_bytes (bytes, "fuzz.cube", &error);

    if (lut != NULL)
      {
        g_assert (error == NULL);
        check_lut (lut);
      }
    else
      check_refusal (error, data, size);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IngestLook) look = ingest_look_new_from_cdl_bytes (bytes, "fuzz.cc", NULL, &error);

    if (look != NULL)
      check_cdl (look);
    else
      g_assert (error != NULL && error->domain == INGEST_LOOK_ERROR);
  }
  return 0;
}
