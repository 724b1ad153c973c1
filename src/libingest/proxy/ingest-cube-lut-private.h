/* ingest-cube-lut-private.h
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

#include "ingest-cube-lut.h"

G_BEGIN_DECLS

/* Tetrahedral interpolation: the unit cube is cut into six tetrahedra
 * along its main diagonal, the one holding the point is chosen by the order
 * of the fractions, and the point is a weighted sum of its four corners —
 * c000, one step along the largest fraction's axis, one more along the
 * second's, c111 — with weights 1 - high, high - middle, middle - low, low.
 * The same cut as ffmpeg's lut3d, so both give the same colours. */
static inline void
_ingest_cube_lut_tetrahedral_cell (const float *data,
                                   gsize        size,
                                   gsize        base,
                                   const float  frac[3],
                                   float        out[3])
{
  /* The two axes walked first, by the order of the fractions, as a table
   * rather than branches: video's colours make the branches unpredictable.
   * Index: bit 0 r > g, bit 1 g > b, bit 2 r > b; 3 and 4 cannot happen. */
  static const guint8 walk[8][2] = {
    { 2, 1 },   /* b >= g >= r */
    { 2, 0 },   /* b >= r > g */
    { 1, 2 },   /* g > b >= r */
    { 0, 1 },
    { 2, 1 },
    { 0, 2 },   /* r > b >= g */
    { 1, 0 },   /* g >= r > b */
    { 0, 1 },   /* r > g > b */
  };
  const gsize stride[3] = { 3, 3 * size, 3 * size * size };
  guint index = (frac[0] > frac[1]) | (frac[1] > frac[2]) << 1 | (frac[0] > frac[2]) << 2;
  float low_rg = frac[0] < frac[1] ? frac[0] : frac[1];
  float high_rg = frac[0] > frac[1] ? frac[0] : frac[1];
  float high = high_rg > frac[2] ? high_rg : frac[2];
  float low = low_rg < frac[2] ? low_rg : frac[2];
  float middle_b = high_rg < frac[2] ? high_rg : frac[2];
  float middle = low_rg > middle_b ? low_rg : middle_b;
  const float *c000 = data + base;
  const float *c1 = c000 + stride[walk[index][0]];
  const float *c2 = c1 + stride[walk[index][1]];
  const float *c111 = c000 + stride[0] + stride[1] + stride[2];
  float w0 = 1 - high, w1 = high - middle, w2 = middle - low, w3 = low;

  for (guint i = 0; i < 3; i++)
    out[i] = w0 * c000[i] + w1 * c1[i] + w2 * c2[i] + w3 * c111[i];
}

/* POS: the position in cells, 0..size-1 on each axis. */
static inline void
_ingest_cube_lut_tetrahedral (const float *data,
                              guint        size,
                              const float  pos[3],
                              float        out[3])
{
  gsize base = 0, stride = 3;
  float frac[3];

  for (guint i = 0; i < 3; i++)
    {
      /* Cells 0..size-2; the top edge is the far side of the last cell. */
      int cell = MIN ((int) pos[i], (int) size - 2);

      frac[i] = pos[i] - cell;
      base += cell * stride;
      stride *= size;
    }
  _ingest_cube_lut_tetrahedral_cell (data, size, base, frac, out);
}

/* A 1D LUT's CHANNEL at POS (in entries, 0..size-1), linearly
 * interpolated as ffmpeg's lut1d does. */
static inline float
_ingest_cube_lut_linear (const float *data,
                         guint        size,
                         guint        channel,
                         float        pos)
{
  int cell = MIN ((int) pos, (int) size - 2);
  float frac = pos - cell;
  float low = data[cell * 3 + channel], high = data[(cell + 1) * 3 + channel];

  return low + (high - low) * frac;
}

G_END_DECLS
