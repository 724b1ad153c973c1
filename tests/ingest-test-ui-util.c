/* ingest-test-ui-util.c
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

#define G_LOG_DOMAIN "ingest-test-ui-util"

#include "config.h"

#include <string.h>
#include <time.h>

#include "ingest-test-ui-util.h"

/* Runs the main loop for @ms without blocking in it (timeouts still fire). */
void
ingest_test_ui_iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
}

/* Every label text under @widget that is visible, one per line: what the
 * user can read. */
void
ingest_test_ui_collect_text (GtkWidget *widget,
                             GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ingest_test_ui_collect_text (child, text);
}

char *
ingest_test_ui_dup_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  ingest_test_ui_collect_text (widget, text);
  return g_string_free (text, FALSE);
}

gboolean
ingest_test_ui_shows (GtkWidget  *widget,
                      const char *words)
{
  g_autofree char *text = ingest_test_ui_dup_text (widget);

  return strstr (text, words) != NULL;
}

typedef struct {
  GtkWidget     *widget;
  GskRenderNode *node;
} Capture;

static void
after_paint_cb (GdkFrameClock *clock,
                Capture       *capture)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;

  if (capture->node != NULL)
    return;
  paintable = gtk_widget_paintable_new (capture->widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (capture->widget), gtk_widget_get_height (capture->widget));
  capture->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* The widget as it was just painted: between frames a widget whose layout
 * changed draws nothing, so this waits for the next frame. */
static GskRenderNode *
capture_node (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Capture capture = { widget, NULL };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &capture);
  while (capture.node == NULL && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
  return capture.node;
}

/* Renders @widget's tree with its own renderer, as on screen, into
 * screenshots/@name in the build dir, and checks the PNG reads back as a
 * real picture (its size, and not one flat colour). */
void
ingest_test_ui_save_screenshot (GtkWidget  *widget,
                                const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride = (gsize) width * 4;
  guint n_distinct = 0;
  guint32 first;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  node = capture_node (widget);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  reloaded = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (reloaded), ==, width);
  g_assert_cmpint (gdk_texture_get_height (reloaded), ==, height);

  pixels = g_malloc (stride * height);
  gdk_texture_download (reloaded, pixels, stride);
  first = ((guint32 *) pixels)[0];
  for (gsize i = 0; i < (gsize) width * height && n_distinct < 64; i++)
    if (((guint32 *) pixels)[i] != first)
      n_distinct++;
  g_assert_cmpuint (n_distinct, >=, 64);
}

/* The main thread's CPU time (µs): with the wall time between a timer's
 * ticks, what tells the station's own stalls from a busy machine's. */
gint64
ingest_test_ui_thread_cpu_time (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}
