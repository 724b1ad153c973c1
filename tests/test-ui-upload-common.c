/* test-ui-upload-common.c
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

/* The helpers test-ui-upload and test-ui-upload-unplug share (see
 * test-ui-upload-common.h). */

#include "config.h"

#include <glib/gstdio.h>

#include "ingest-test-ui-util.h"
#include "ingest-test-util.h"
#include "test-ui-upload-common.h"

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *catalog = NULL;
  g_autofree char *no_mounts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *scroller;

  fixture->dir = ingest_test_make_tmpdir ("ingest-ui-upload");
  fixture->nas = g_build_filename (fixture->dir, "nas", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->nas, 0755), ==, 0);
  no_mounts = g_build_filename (fixture->dir, "no-mounts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (no_mounts, 0755), ==, 0);
  fixture->monitor = ingest_drive_monitor_new ((const char * const []) { no_mounts, NULL });
  catalog = g_build_filename (fixture->dir, "catalog.db", NULL);
  fixture->catalog = ingest_catalog_open (catalog, &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "nas-folder", fixture->nas);
  g_settings_set_uint (settings, "upload-destination", 0);

  fixture->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 760);
  fixture->panel = INGEST_UPLOAD_PANEL (ingest_upload_panel_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (fixture->panel), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (fixture->panel), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (fixture->panel), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (fixture->panel), 24);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fixture->panel));
  adw_window_set_content (ADW_WINDOW (fixture->window), scroller);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->catalog);
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->nas);
}

IngestDriveSession *
session_of (IngestUploadView *upload)
{
  return ingest_upload_view_get_session (upload);
}

IngestUploadJob *
upload_job (IngestUploadView *upload)
{
  return ingest_drive_session_get_upload (session_of (upload));
}

/* Once the window has settled (idle redraws, batches of rows). */
void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  ingest_test_ui_iterate_for (200);
  ingest_test_ui_save_screenshot (widget, name);
}

void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  g_assert_cmpmem (ca, la, cb, lb);
}
