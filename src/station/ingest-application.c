/* ingest-application.c
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

#define G_LOG_DOMAIN "ingest-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-application.h"

struct _IngestApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestApplication, ingest_application, ADW_TYPE_APPLICATION)

static void
ingest_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
      gtk_window_set_title (window, _("Ingest Station"));
    }
  gtk_window_present (window);
}

static void
ingest_application_class_init (IngestApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ingest_application_activate;
}

static void
ingest_application_init (IngestApplication *self)
{
}

IngestApplication *
ingest_application_new (void)
{
  return g_object_new (INGEST_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
