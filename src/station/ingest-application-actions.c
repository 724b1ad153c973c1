/* ingest-application-actions.c
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

#define G_LOG_DOMAIN "ingest-application-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-application-private.h"
#include "ingest-preferences-window.h"

static void
ingest_application_actions_about (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  static const char *developers[] = {
    "The Ingest Station authors",
    NULL
  };
  IngestApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *core = g_strdup_printf ("libingest %s\nGTK %u.%u.%u\nlibadwaita %u.%u.%u",
                                           ingest_get_version (),
                                           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                                           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  AdwAboutWindow *about;

  g_assert (INGEST_IS_APPLICATION (self));

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, _("Ingest Station"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Ingest Station authors"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_comments (about, _("Check camera drives against their media hash lists and bring them into the studio."));
  adw_about_window_set_website (about, "https://github.com/ingeststation/ingest-station");
  adw_about_window_set_issue_url (about, "https://github.com/ingeststation/ingest-station/issues");
  adw_about_window_set_copyright (about, "© 2026 The Ingest Station authors");
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_debug_info (about, core);
  /* Translators: your names, one per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ingest_application_actions_preferences (GSimpleAction *action,
                                        GVariant      *param,
                                        gpointer      user_data)
{
  IngestApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_assert (INGEST_IS_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (ingest_preferences_window_new (window)));
}

/* Close the windows rather than quitting outright, so each saves its state. */
static void
ingest_application_actions_quit (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  IngestApplication *self = user_data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                     (GCopyFunc) g_object_ref, NULL);

  g_assert (INGEST_IS_APPLICATION (self));

  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (GTK_WINDOW (iter->data));
  g_list_free_full (windows, g_object_unref);
}

static const GActionEntry app_actions[] = {
  { "about", ingest_application_actions_about },
  { "preferences", ingest_application_actions_preferences },
  { "quit", ingest_application_actions_quit },
};

void
_ingest_application_init_actions (IngestApplication *self)
{
  g_assert (INGEST_IS_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open-folder",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.close-folder",
                                         (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.eject",
                                         (const char *[]) { "<Control>e", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search",
                                         (const char *[]) { "<Control>f", NULL });
}
