/* ingest-mhl-date.h
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

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Dates as ASC MHL writes them. Documents keep the text they were read with,
 * so a round trip is byte-identical; these helpers make text for new entries. */

/* "2020-01-16T09:15:00+00:00": seconds, numeric offset of @datetime (as the
 * reference writes creationdate and lastmodificationdate). (transfer full) */
char      *ingest_mhl_date_format       (GDateTime   *datetime);

/* "2026-11-21T22:26:25.588921+00:00": microseconds, the fraction dropped when
 * it is 0 (as the reference writes hashdate). (transfer full) */
char      *ingest_mhl_date_format_usec  (GDateTime   *datetime);

/* Parses any xs:dateTime ("Z", "+hh:mm", fractions, no offset = UTC) and the
 * old MHL 1.0 "YYYY-MM-DD HH-MM-SS" / "YYYY-MM-DD HH:MM:SS" forms (UTC).
 * Returns NULL if @text is none of these. (transfer full) */
GDateTime *ingest_mhl_date_parse        (const char  *text);

G_END_DECLS
