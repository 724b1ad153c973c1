/* ingest-look-error.h
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

#include <glib.h>

G_BEGIN_DECLS

#define INGEST_LOOK_ERROR (ingest_look_error_quark ())

/* Why a look (a .cube LUT or an ASC CDL) was refused. Failing to open or
 * read the file itself is a G_FILE_ERROR. */
typedef enum
{
  INGEST_LOOK_ERROR_MALFORMED,    /* bad syntax, short or extra data; the message names the line */
  INGEST_LOOK_ERROR_INVALID,      /* well-formed but out of range: NaN, LUT size, CDL power <= 0 */
  INGEST_LOOK_ERROR_TOO_LARGE,    /* over the size bound of the file or of one line */
  INGEST_LOOK_ERROR_UNSUPPORTED,  /* a 1D LUT, an unknown file extension */
} IngestLookError;

GQuark ingest_look_error_quark (void);

G_END_DECLS
