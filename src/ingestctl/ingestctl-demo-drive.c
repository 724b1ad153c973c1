/* ingestctl-demo-drive.c
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

#define G_LOG_DOMAIN "ingestctl-demo-drive"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingestctl-private.h"

int
ingestctl_demo_drive_main (int    argc,
                           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DIR"));
  g_autoptr(GError) error = NULL;
  gint64 started;
  int status;

  g_option_context_set_summary (context,
                                _("Makes a synthetic camera shuttle drive in DIR (created if needed, must be empty):\n"
                                  "an ARRI roll, two Sony rolls (XDCAM, XAVC S) and a sound roll of test-pattern\n"
                                  "media with their cameras' sidecars; each camera roll is sealed with an ASC MHL\n"
                                  "history as if on set."));
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;

  if (argc != 2)
    {
      g_printerr ("ingestctl: %s\n", _("demo-drive needs one DIR; see “ingestctl demo-drive --help”"));
      return INGESTCTL_EXIT_USAGE;
    }

  started = g_get_monotonic_time ();
  if (!ingest_demo_drive_create (argv[1], NULL, &error))
    return ingestctl_fail (g_steal_pointer (&error));

  g_print (_("Made demo drive %s in %s (%.1f s)\n"), INGEST_DEMO_DRIVE_LABEL, argv[1],
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return 0;
}
