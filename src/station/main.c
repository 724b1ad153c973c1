/* main.c
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

#define G_LOG_DOMAIN "ingest-station"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(IngestApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ingest_init_gstreamer ();
  /* a file name in a log line stays on its line */
  g_log_set_writer_func (ingest_display_log_writer, NULL, NULL);

  app = ingest_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
