/* ingest-mhl-date.c
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

#define G_LOG_DOMAIN "ingest-mhl-date"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ingest-mhl-date.h"

/**
 * ingest_mhl_date_format:
 * @datetime: a date and time
 *
 * Returns: (transfer full): e.g. "2020-01-16T09:15:00+00:00"
 */
char *
ingest_mhl_date_format (GDateTime *datetime)
{
  g_return_val_if_fail (datetime != NULL, NULL);

  return g_date_time_format (datetime, "%Y-%m-%dT%H:%M:%S%:z");
}

/**
 * ingest_mhl_date_format_usec:
 * @datetime: a date and time
 *
 * Like Python's isoformat(): microseconds, omitted when they are 0.
 *
 * Returns: (transfer full): e.g. "2026-11-21T22:26:25.588921+00:00"
 */
char *
ingest_mhl_date_format_usec (GDateTime *datetime)
{
  g_autofree char *date = NULL;
  g_autofree char *offset = NULL;
  int usec;

  g_return_val_if_fail (datetime != NULL, NULL);

  usec = g_date_time_get_microsecond (datetime);
  if (usec == 0)
    return ingest_mhl_date_format (datetime);

  date = g_date_time_format (datetime, "%Y-%m-%dT%H:%M:%S");
  offset = g_date_time_format (datetime, "%:z");
  return g_strdup_printf ("%s.%06d%s", date, usec, offset);
}

/**
 * ingest_mhl_date_parse:
 * @text: a date as found in an MHL document
 *
 * Returns: (transfer full) (nullable): the date, or %NULL if @text is not one
 */
GDateTime *
ingest_mhl_date_parse (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int year, month, day, hour, minute, second, consumed = 0;

  g_return_val_if_fail (text != NULL, NULL);

  /* Old MHL 1.0: "2013-05-15 15-47-20" (or with ':'); taken as UTC. */
  if (strlen (text) == 19 && text[10] == ' ' &&
      (sscanf (text, "%4d-%2d-%2d %2d-%2d-%2d%n", &year, &month, &day, &hour, &minute, &second, &consumed) == 6 ||
       sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &consumed) == 6) &&
      consumed == 19)
    return g_date_time_new (utc, year, month, day, hour, minute, second);

  return g_date_time_new_from_iso8601 (text, utc);
}
