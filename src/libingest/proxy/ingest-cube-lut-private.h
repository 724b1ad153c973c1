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

/* The corners' weights of tetrahedral interpolation: the unit cube is cut
 * into six tetrahedra along its main diagonal, the one holding the point is
 * chosen by the order of the fractions, and the point is a weighted sum of
 * its four corners — c000, one step along the largest fraction's axis, one
 * more along the second's, c111. The same cut as ffmpeg's lut3d, so both
 * give the same colours. */
static inline void
_ingest_cube_lut_tetrahedral_cell (const float *data,
                                   gsize        size,
                                   gsize        base,
                                   const float  frac[3],
                                   float        out[3])
{
  const gsize stride[3] = { 3, 3 * size, 3 * size * size };
  const float *c000 = data + base;
  const float *c1, *c2, *c111;
  gsize first, second;
  float w0, w1, w2, w3;

  if (frac[0] > frac[1])
    {
      if (frac[1] > frac[2])        /* r > g > b */
        first = stride[0], second = stride[1], w0 = 1 - frac[0], w1 = frac[0] - frac[1], w2 = frac[1] - frac[2], w3 = frac[2];
      else if (frac[0] > frac[2])   /* r > b >= g */
        first = stride[0], second = stride[2], w0 = 1 - frac[0], w1 = frac[0] - frac[2], w2 = frac[2] - frac[1], w3 = frac[1];
      else                          /* b >= r > g */
        first = stride[2], second = stride[0], w0 = 1 - frac[2], w1 = frac[2] - frac[0], w2 = frac[0] - frac[1], w3 = frac[1];
    }
  else
    {
      if (frac[2] > frac[1])        /* b > g >= r */
        first = stride[2], second = stride[1], w0 = 1 - frac[2], w1 = frac[2] - frac[1], w2 = frac[1] - frac[0], w3 = frac[0];
      else if (frac[2] > frac[0])   /* g >= b > r */
        first = stride[1], second = stride[2], w0 = 1 - frac[1], w1 = frac[1] - frac[2], w2 = frac[2] - frac[0], w3 = frac[0];
      else                          /* g >= r >= b */
        first = stride[1], second = stride[0], w0 = 1 - frac[1], w1 = frac[1] - frac[0], w2 = frac[0] - frac[2], w3 = frac[2];
    }
  c1 = c000 + first;
  c2 = c1 + second;
  c111 = c000 + stride[0] + stride[1] + stride[2];
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

G_END_DECLS
