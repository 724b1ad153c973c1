/* ingest-test-ui-util.h
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

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the station's window tests share (linked only by the tests that need
 * a display): reading what a user can read, and screenshots. */

void      ingest_test_ui_iterate_for     (guint       ms);
void      ingest_test_ui_collect_text    (GtkWidget  *widget,
                                          GString    *text);
char     *ingest_test_ui_dup_text        (GtkWidget  *widget);
gboolean  ingest_test_ui_shows           (GtkWidget  *widget,
                                          const char *words);
void      ingest_test_ui_save_screenshot (GtkWidget  *widget,
                                          const char *name);
gint64    ingest_test_ui_thread_cpu_time (void);

G_END_DECLS
