/* ingest-format.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ingest-format"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-format-private.h"

/* What the station shows of sizes, counts, durations and rates: the words
 * every part of the station shares. */

/* "1,204 files" (grouping as the locale has it) */
char *
ingest_format_count_files (guint64 n_files)
{
  g_autofree char *number = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_files);

  /* Translators: %s is a number of files, already formatted */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s file", "%s files", n_files), number);
}

/* "12 s left", "4 min left", "2 h 05 min left"; NULL when unknown */
char *
ingest_format_eta (gint64 seconds)
{
  if (seconds < 0)
    return NULL;
  if (seconds < 60)
    /* Translators: time left of a validation, in seconds */
    return g_strdup_printf (_("%u s left"), (guint) seconds);
  if (seconds < 3600)
    /* Translators: time left of a validation, in minutes (rounded up) */
    return g_strdup_printf (_("%u min left"), (guint) ((seconds + 59) / 60));
  /* Translators: time left of a validation, in hours and minutes */
  return g_strdup_printf (_("%u h %02u min left"), (guint) (seconds / 3600), (guint) (seconds % 3600 / 60));
}

/* Appends the speed ("85.0 MB/s") when there is one and the time left when
 * it is known: the tail of every progress line. */
void
ingest_format_add_rate_and_eta (GPtrArray *parts,
                                double     rate,
                                gint64     eta)
{
  char *left;

  if (rate >= 1)
    {
      g_autofree char *speed = g_format_size ((guint64) rate);

      /* Translators: a reading or upload speed, e.g. "85.0 MB/s" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s/s"), speed));
    }
  if ((left = ingest_format_eta (eta)) != NULL)
    g_ptr_array_add (parts, left);
}

/* "0:04", "12:30", "1:02:03" */
char *
ingest_format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds < 3600)
    return g_strdup_printf ("%u:%02u", (guint) (seconds / 60), (guint) (seconds % 60));
  return g_strdup_printf ("%u:%02u:%02u", (guint) (seconds / 3600), (guint) (seconds % 3600 / 60),
                          (guint) (seconds % 60));
}
