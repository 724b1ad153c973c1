/* test-ui-station-common.h
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

/* What the station's window tests share: the fixture (an application of
 * the station's own, on an empty mount root), finding widgets, running the
 * application until a check holds. */

#pragma once

#include <fcntl.h>
#include <time.h>

#include <glib/gstdio.h>

#include "ingest-application.h"
#include "ingest-demo.h"
#include "ingest-drive-page.h"
#include "ingest-format.h"
#include "ingest-drive-row.h"
#include "ingest-roll-row.h"
#include "ingest-test-ui-util.h"
#include "ingest-test-util.h"
#include "ingest-window.h"

G_BEGIN_DECLS

#define POLL_INTERVAL_MS 100
#define GIVE_UP_AFTER_S  90
/* Polls to wait once the window is right, so the last frame is drawn. */
#define SETTLE_POLLS     5

typedef struct {
  IngestApplication *app;
  char              *mount_root;       /* an empty folder: no real mount shows up */
  gboolean         (*check) (gpointer fixture);
  guint              settled;
  gint64             deadline;
  gboolean           timed_out;
  guint              poll_id;
  char              *demo_path;        /* where the demo drive was made */
  char              *folder;           /* a folder opened as a drive */
  IngestDrive       *folder_drive;
  guint              phase;
  gboolean           saw_preparing;    /* the demo's "Preparing" page was up */

  /* validation */
  char              *catalog;          /* --catalog, in a temporary folder */
  char              *away;             /* where the folder goes while "removed" */
  IngestDriveSession *session;
  gboolean           throttle;         /* a slow card reader, for the first run */
  guint              held;             /* polls the current phase's condition held */
  guint              probe_id;
  gint64             probe_last;
  gint64             probe_last_cpu;
  gint64             worst_gap;        /* µs of wall time, while a validation ran */
  gint64             worst_busy;       /* µs of the main thread's CPU time */
  guint              owner_id;         /* our org.freedesktop.FileManager1 */
  guint              object_id;
  gboolean           owns_file_manager;
  char              *shown_uri;        /* what ShowItems was asked to show */

  /* eject */
  int                busy_fd;          /* a file open on the card, or -1 */
} Fixture;

extern gboolean taking_screenshot;

void          fixture_set_up     (Fixture              *fixture,
                                  gconstpointer         data);
void          fixture_tear_down  (Fixture              *fixture,
                                  gconstpointer         data);
void          collect_widgets    (GtkWidget            *widget,
                                  GType                 type,
                                  GPtrArray            *found);
GPtrArray    *find_widgets       (GtkWidget            *root,
                                  GType                 type);
GtkLabel     *find_label         (GtkWidget            *root,
                                  const char           *text);
GtkWidget    *find_button        (GtkWidget            *root,
                                  const char           *icon_name);
GtkImage     *find_image         (GtkWidget            *root);
IngestWindow *get_window         (Fixture              *fixture);
void          save_screenshot    (GtkWidget            *widget,
                                  const char           *name);
gboolean      poll_cb            (gpointer              user_data);
int           run_until          (Fixture              *fixture,
                                  gboolean            (*check) (gpointer fixture),
                                  const char * const   *args);
void          assert_has_accel   (Fixture              *fixture,
                                  const char           *action,
                                  const char           *accel);
void          assert_keyboard    (Fixture              *fixture,
                                  IngestWindow         *window);
IngestDrive  *find_drive         (Fixture              *fixture,
                                  const char         *(*get) (IngestDrive *drive),
                                  const char           *value);

G_END_DECLS
