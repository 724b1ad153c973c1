/* test-ui-clips.c
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

/* The Clips view with 10 000 clips built here: the grid and the list scroll
 * to the end and the list sorts by each column, while a 10 ms probe timer
 * records the main loop's longest gap; the order after each sort is checked
 * against an order computed here; the inspector shows the clip's values by
 * section, and its copy buttons put the value on the clipboard (read back).
 * Screenshots (grid, list, inspector) at 1280×800 and 1024×700 go to
 * tests/screenshots/ in the build dir.
 *
 * The cards' previews: posters and a filmstrip made from an ffmpeg movie by
 * the core's stills maker appear when the clips learn of them (as the proxy
 * stage tells them), and a pointer moving over a card shows the filmstrip's
 * cell under it, compared with ffmpeg's decoding of that cell. */

#include "config.h"

#include <math.h>
#include <time.h>

#include "ingest-clip-card.h"
#include "ingest-clip-inspector.h"
#include "ingest-clips-view.h"
#include "ingest-format.h"
#include "ingest-proxy.h"
#include "ingest-test-ui-util.h"
#include "ingest-test-util.h"

#define N_CLIPS 10000

/* The most main-thread CPU time allowed between two ticks of the 10 ms
 * probe (as test-ui-station-validation.c, the wall time between ticks is
 * printed but not bounded: on a shared 2-core machine it mostly measures
 * the other processes). A frame at 60 Hz is 16.7 ms; the bound is generous
 * for Xvfb with software rendering and an accessibility bus listening, on
 * a machine shared with other builds: a page of new cards in the grid, or
 * re-sorting 10 000 rows of 14 columns, costs a few frames there. */
#define STALL_LIMIT_MS 400

typedef struct {
  guint   probe_id;
  gint64  last;
  gint64  last_cpu;
  gint64  worst_gap;    /* µs of wall time */
  gint64  worst_busy;   /* µs of the main thread's CPU time */
  gint64  worst_switch; /* the same, while switching between grid and list */
  const char *phase;
  const char *worst_phase;
} Probe;

/* As in test-ui-station-validation.c: two figures between ticks, the wall
 * time (what a user sees, and whatever else the machine does) and the main
 * thread's CPU time (the work done on the main loop). */
static gboolean
probe_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = ingest_test_ui_thread_cpu_time ();

  if (probe->last != 0)
    {
      if (cpu - probe->last_cpu > 50 * G_TIME_SPAN_MILLISECOND)
        g_test_message ("main loop: %.1f ms between ticks, %.1f ms of it busy (%s)",
                        (now - probe->last) / 1000.0, (cpu - probe->last_cpu) / 1000.0, probe->phase);
      if (g_str_has_prefix (probe->phase, "switch"))
        probe->worst_switch = MAX (probe->worst_switch, cpu - probe->last_cpu);
      else
        {
          if (cpu - probe->last_cpu > probe->worst_busy)
            probe->worst_phase = probe->phase;
          probe->worst_gap = MAX (probe->worst_gap, now - probe->last);
          probe->worst_busy = MAX (probe->worst_busy, cpu - probe->last_cpu);
        }
    }
  probe->last = now;
  probe->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
probe_pause (Probe *probe)
{
  probe->last = 0;
}

static const char * const models[] = { "ALEXA 35", "ALEXA Mini LF", "VENICE 2", "FX6" };
static const char * const makes[] = { "ARRI", "ARRI", "Sony", "Sony" };
static const char * const codecs[] = { "ProRes 4444 XQ", "ARRIRAW", "X-OCN ST", "XAVC-I" };
static const char * const lenses[] = { "Signature Prime 35 mm", "Signature Prime 47 mm", "Ultra Prime 85 mm", "Cooke S4 25 mm" };
static const char * const rates[] = { "24", "24000/1001", "25", "30000/1001", "50" };

/* Clip I: varied, so that every column has something to sort; every 7th
 * clip knows little (as a sound take or an unknown file would). */
static IngestClip *
make_clip (guint i)
{
  g_autofree char *name = g_strdup_printf ("%c%03uC%03u_261121_R%04X", 'A' + (i % 3), i / 200 + 1, i % 200 + 1, i * 7919 % 65536);
  g_autofree char *roll = g_strdup_printf ("%c%03uR2EC", 'A' + (i % 3), i / 200 + 1);
  IngestClip *clip = ingest_clip_new (name, i % 7 == 6 ? INGEST_CLIP_KIND_AUDIO : INGEST_CLIP_KIND_VIDEO, roll, roll);
  g_autofree char *file = g_strdup_printf ("%s.mov", name);
  g_autofree char *tc = g_strdup_printf ("%02u:%02u:%02u:%02u", (i * 37) % 24, (i * 13) % 60, (i * 7) % 60, i % 24);
  g_autofree char *scene = g_strdup_printf ("%u%c", i % 97 + 1, 'A' + (i % 4));

  ingest_clip_add_file (clip, file, 1000000 + i * 1000);
  ingest_clip_set_drive_label (clip, "SHUTTLE_03");
  if (i % 5 != 4)
    ingest_clip_set_verification (clip, i % 50 == 3 ? INGEST_VALIDATION_STATUS_MISMATCH : INGEST_VALIDATION_STATUS_VERIFIED);
  if (i % 7 == 6)
    return clip;

  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TC_START, tc));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_FPS, rates[i % G_N_ELEMENTS (rates)]));
  g_assert_true (ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_FRAMES, 24 + (i * 31) % 9000));
  ingest_clip_complete_timing (clip);
  g_assert_true (ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_WIDTH, i % 2 ? 4608 : 3840));
  g_assert_true (ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_HEIGHT, i % 2 ? 3164 : 2160));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CODEC, codecs[i % G_N_ELEMENTS (codecs)]));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE, makes[i % G_N_ELEMENTS (makes)]));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL, models[i % G_N_ELEMENTS (models)]));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_INDEX, (const char *[]) { "A", "B", "C" }[i % 3]));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_LENS, lenses[(i / 3) % G_N_ELEMENTS (lenses)]));
  g_assert_true (ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_ISO, (i % 4 + 1) * 400));
  g_assert_true (ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_WHITE_BALANCE_K, 3200 + (i % 9) * 300));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_SCENE, scene));
  g_assert_true (ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_TAKE, i % 6 + 1));
  return clip;
}

typedef struct {
  GtkWidget       *window;
  IngestClipsView *view;
  GListStore      *clips;
  Probe            probe;
} Fixture;

static gboolean
view_settled (gpointer user_data)
{
  Fixture *fixture = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (fixture->view)) && gtk_widget_get_width (GTK_WIDGET (fixture->view)) > 0 &&
         !ingest_clips_view_get_pending (fixture->view);
}

/* Scrolls SCROLLER to its end a page per 20 ms, as a user flinging it
 * would, and waits for the last rows to be drawn. */
static void
scroll_to_end (GtkScrolledWindow *scroller)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  for (guint step = 0; step < 2000; step++)
    {
      double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      double next = MIN (end, gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));

      gtk_adjustment_set_value (adjustment, next);
      ingest_test_ui_iterate_for (20);
      if (gtk_adjustment_get_value (adjustment) >= end - 1)
        break;
    }
  ingest_test_ui_iterate_for (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **store = user_data;

  *store = g_object_ref (result);
}

/* The copy button of the inspector row whose value reads VALUE. */
static GtkWidget *
find_copy_button (GtkWidget  *root,
                  const char *value)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), "inspector.copy") == 0)
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));

      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), value) == 0)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_copy_button (child, value);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  /* The application's style sheet, as AdwApplication would load it. */
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  fixture->clips = g_list_store_new (INGEST_TYPE_CLIP);
  for (guint i = 0; i < N_CLIPS; i++)
    {
      g_autoptr(IngestClip) clip = make_clip (i);

      g_list_store_append (fixture->clips, clip);
    }

  fixture->window = adw_window_new ();
  fixture->view = g_object_new (INGEST_TYPE_CLIPS_VIEW, NULL);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->probe.probe_id = g_timeout_add (10, probe_cb, &fixture->probe);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_handle_id (&fixture->probe.probe_id, g_source_remove);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->clips);
}

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  probe_pause (&fixture->probe);
  ingest_test_ui_save_screenshot (fixture->window, name);
  probe_pause (&fixture->probe);
}

/* Clips in the order shown, by the column's text (or number). */
static void
assert_sorted (Fixture             *fixture,
               IngestClipColumn     column,
               gboolean             numeric,
               GtkSortType          order)
{
  GListModel *shown = ingest_clips_view_get_shown (fixture->view);
  g_autoptr(IngestClip) previous = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_CLIPS);
  for (guint i = 0; i < N_CLIPS; i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (shown, i);

      if (previous != NULL)
        {
          int cmp;

          if (numeric)
            {
              double a = ingest_format_clip_column_number (previous, column);
              double b = ingest_format_clip_column_number (clip, column);

              cmp = a < b ? -1 : a > b;
            }
          else
            {
              g_autofree char *a = ingest_format_clip_column_text (previous, column);
              g_autofree char *b = ingest_format_clip_column_text (clip, column);
              g_autofree char *ka = a != NULL ? g_utf8_collate_key (a, -1) : g_strdup ("");
              g_autofree char *kb = b != NULL ? g_utf8_collate_key (b, -1) : g_strdup ("");

              cmp = strcmp (ka, kb);
            }
          if (order == GTK_SORT_ASCENDING)
            g_assert_cmpint (cmp, <=, 0);
          else
            g_assert_cmpint (cmp, >=, 0);
        }
      g_set_object (&previous, clip);
    }
}


static gboolean
inspector_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

static void
test_clips_view (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkScrolledWindow *grid_scroller;
  GtkScrolledWindow *list_scroller;
  GtkColumnView *columns;
  GListModel *column_list;
  IngestClipInspector *inspector;
  g_autoptr(IngestClip) selected = NULL;
  g_autofree char *text = NULL;

  ingest_test_wait_until (view_settled, fixture, 10000);

  /* Empty, it says so. */
  g_assert_true (ingest_test_ui_shows (GTK_WIDGET (fixture->view), "No Clips"));

  /* 10 000 clips in the grid, scrolled to the end. */
  fixture->probe.phase = "grid: set clips";
  ingest_clips_view_set_clips (fixture->view, G_LIST_MODEL (fixture->clips));
  ingest_test_wait_until (view_settled, fixture, 30000);
  ingest_test_ui_iterate_for (300);
  g_assert_true (ingest_test_ui_shows (GTK_WIDGET (fixture->view), "10000 clips"));
  g_assert_true (ingest_test_ui_shows (GTK_WIDGET (fixture->view), "A001C001_261121_R0000"));
  g_test_message ("window %d×%d, view %d×%d", gtk_widget_get_width (fixture->window), gtk_widget_get_height (fixture->window), gtk_widget_get_width (GTK_WIDGET (fixture->view)), gtk_widget_get_height (GTK_WIDGET (fixture->view)));
  screenshot (fixture, "ui-clips-grid.png");

  fixture->probe.phase = "grid: scroll to the end";
  grid_scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (fixture->view), INGEST_TYPE_CLIPS_VIEW, "grid_scroller"));
  scroll_to_end (grid_scroller);

  /* The list: each column sorted both ways, and scrolled to the end once. */
  fixture->probe.phase = "switch to the list";
  ingest_clips_view_set_mode (fixture->view, INGEST_CLIPS_MODE_LIST);
  ingest_test_ui_iterate_for (300);
  g_assert_cmpint (ingest_clips_view_get_mode (fixture->view), ==, INGEST_CLIPS_MODE_LIST);
  columns = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->view), INGEST_TYPE_CLIPS_VIEW, "clips_columns"));
  list_scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (fixture->view), INGEST_TYPE_CLIPS_VIEW, "list_scroller"));
  screenshot (fixture, "ui-clips-list.png");

  column_list = gtk_column_view_get_columns (columns);
  for (guint i = 0; i < g_list_model_get_n_items (column_list); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (column_list, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (column);
      gboolean numeric = GTK_IS_NUMERIC_SORTER (sorter);

      g_assert_nonnull (sorter);
      for (GtkSortType order = GTK_SORT_ASCENDING; order <= GTK_SORT_DESCENDING; order++)
        {
          gint64 start = g_get_monotonic_time ();

          fixture->probe.phase = gtk_column_view_column_get_title (column);
          gtk_column_view_sort_by_column (columns, column, order);
          ingest_test_wait_until (view_settled, fixture, 30000);
          g_test_message ("sorted by %s %s in %.0f ms", gtk_column_view_column_get_title (column),
                          order == GTK_SORT_ASCENDING ? "ascending" : "descending",
                          (g_get_monotonic_time () - start) / 1000.0);
          assert_sorted (fixture, i, numeric, order);
        }
    }

  /* Sorted by TC in, descending: the list scrolled to its end. */
  {
    g_autoptr(GtkColumnViewColumn) tc_column = g_list_model_get_item (column_list, INGEST_CLIP_COLUMN_TC_IN);

    gtk_column_view_sort_by_column (columns, tc_column, GTK_SORT_ASCENDING);
    ingest_test_wait_until (view_settled, fixture, 30000);
  }
  fixture->probe.phase = "list: scroll to the end";
  scroll_to_end (list_scroller);

  g_test_message ("worst main-loop stall with %u clips, scrolling and sorting: %.1f ms busy (%s); "
                  "%.1f ms between ticks, on a shared machine; switching from grid to list: %.1f ms busy",
                  N_CLIPS, fixture->probe.worst_busy / 1000.0, fixture->probe.worst_phase,
                  fixture->probe.worst_gap / 1000.0, fixture->probe.worst_switch / 1000.0);
  g_assert_cmpint (fixture->probe.worst_busy, <, STALL_LIMIT_MS * G_TIME_SPAN_MILLISECOND);

  /* The inspector: the clip with the earliest TC in (the clips without one,
   * the sound takes built to know little, sort first). */
  fixture->probe.phase = "switch: the inspector";
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (list_scroller), 0);
  {
    GListModel *shown = ingest_clips_view_get_shown (fixture->view);
    guint first_with_tc = 0;

    for (;; first_with_tc++)
      {
        g_autoptr(IngestClip) clip = g_list_model_get_item (shown, first_with_tc);

        g_assert_nonnull (clip);
        if (ingest_clip_has_field (clip, INGEST_CLIP_FIELD_TC_START))
          break;
      }
    /* 10 000 / 7 clips know no timecode: 1 428 (i % 7 == 6 for i < 10 000). */
    g_assert_cmpuint (first_with_tc, ==, 1428);
    ingest_clips_view_select (fixture->view, first_with_tc);
  }
  inspector = ingest_clips_view_get_inspector (fixture->view);
  /* The pane slides in: wait for it to be shown, however busy the machine. */
  ingest_test_wait_until (inspector_mapped, inspector, 30000);
  selected = g_object_ref (ingest_clips_view_get_selected (fixture->view));
  g_assert_nonnull (selected);
  g_assert_true (ingest_clip_inspector_get_clip (inspector) == selected);

  /* Its sections, by the table's groups, and values as the format shows them. */
  text = ingest_test_ui_dup_text (GTK_WIDGET (inspector));
  g_assert_nonnull (strstr (text, ingest_clip_get_name (selected)));
  /* Sections only for what is known: these clips have no audio fields. */
  for (IngestClipGroup group = INGEST_CLIP_GROUP_CAMERA; group <= INGEST_CLIP_GROUP_SLATE; group++)
    if (group != INGEST_CLIP_GROUP_AUDIO)
      g_assert_nonnull (strstr (text, ingest_clip_group_get_label (group)));
    else
      g_assert_null (strstr (text, ingest_clip_group_get_label (group)));
  g_assert_nonnull (strstr (text, "Files &amp; Hashes"));  /* the group title's markup */
  g_assert_nonnull (strstr (text, "Delivery"));
  g_assert_nonnull (strstr (text, ingest_clip_get_field (selected, INGEST_CLIP_FIELD_TC_START)));
  g_assert_nonnull (strstr (text, ingest_clip_get_field (selected, INGEST_CLIP_FIELD_LENS)));
  g_assert_nonnull (strstr (text, ingest_clip_get_file (selected, 0)));
  screenshot (fixture, "ui-clips-inspector-list.png");

  /* Copy: the white balance's button puts "…K" on the clipboard. */
  {
    g_autofree char *wb = ingest_format_clip_value (INGEST_CLIP_FIELD_WHITE_BALANCE_K,
                                                    ingest_clip_get_field (selected, INGEST_CLIP_FIELD_WHITE_BALANCE_K));
    GtkWidget *button = find_copy_button (GTK_WIDGET (inspector), wb);
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (inspector));
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *copied = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (button);
    g_assert_nonnull (strstr (text, wb));
    gdk_clipboard_set_text (clipboard, "something else");
    g_assert_true (gtk_widget_activate (button));
    /* A button activated from the keyboard clicks once it has shown itself pressed. */
    ingest_test_ui_iterate_for (500);
    gdk_clipboard_read_text_async (clipboard, NULL, store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    copied = gdk_clipboard_read_text_finish (clipboard, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (copied, ==, wb);
  }

  /* Grid with the inspector, then the smaller window. */
  ingest_clips_view_set_mode (fixture->view, INGEST_CLIPS_MODE_GRID);
  ingest_test_ui_iterate_for (400);
  screenshot (fixture, "ui-clips-inspector-grid.png");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 700);
  ingest_test_ui_iterate_for (600);
  screenshot (fixture, "ui-clips-inspector-grid-1024.png");
  ingest_clips_view_set_mode (fixture->view, INGEST_CLIPS_MODE_LIST);
  ingest_test_ui_iterate_for (400);
  screenshot (fixture, "ui-clips-inspector-list-1024.png");

  /* Closing the inspector unselects. */
  g_signal_emit_by_name (inspector, "close");
  ingest_test_ui_iterate_for (400);
  g_assert_null (ingest_clips_view_get_selected (fixture->view));
}

#include <glib/gstdio.h>

#include "ingest-library-page.h"

/* The Library page over a catalog in a temporary folder: three rolls of two
 * drives stored through IngestClipLibrary; the page lists them as
 * production → day → drive → roll, a roll's clips come when it is picked,
 * and the search entry finds a clip by its slate ("scene 12A take 2"). */

typedef struct {
  GtkWidget         *window;
  IngestLibraryPage *page;
} LibraryFixture;

static IngestClip *
make_library_clip (const char *drive,
                   const char *label,
                   const char *roll,
                   const char *name,
                   const char *scene,
                   const char *take)
{
  IngestClip *clip = ingest_clip_new (name, INGEST_CLIP_KIND_VIDEO, roll, roll);
  g_autofree char *file = g_strconcat (name, ".mov", NULL);

  ingest_clip_set_drive_identity (clip, drive);
  ingest_clip_set_drive_label (clip, label);
  ingest_clip_add_file (clip, file, 123456789);
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL, "ALEXA 35"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TC_START, "14:03:10:00"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_FPS, "24"));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_SCENE, scene));
  g_assert_true (ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_TAKE, take));
  ingest_clip_set_verification (clip, INGEST_VALIDATION_STATUS_VERIFIED);
  ingest_clip_add_location (clip, "s3://dailies/NIGHT_SHOOT/A002R2EC/");
  return clip;
}

static void
store_roll (IngestClipLibrary *library,
            const char        *drive,
            const char        *label,
            const char        *roll,
            const char        *day,
            guint              first_take)
{
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("%.4sC%03u_261121_R2EC", roll, i + 1);
      g_autofree char *take = g_strdup_printf ("%u", first_take + i);

      g_ptr_array_add (clips, make_library_clip (drive, label, roll, name, i < 2 ? "12A" : "14", take));
    }
  g_assert_true (ingest_clip_library_store_sync (library, clips, "Night Shoot", day, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
library_settled (gpointer user_data)
{
  LibraryFixture *fixture = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page)) && gtk_widget_get_width (GTK_WIDGET (fixture->page)) > 0 &&
         !ingest_library_page_get_pending (fixture->page) &&
         ingest_library_page_get_rolls (fixture->page) != NULL &&
         !ingest_clips_view_get_pending (ingest_library_page_get_clips_view (fixture->page));
}

static void
test_library_page (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-ui-library");
  g_autofree char *path = g_build_filename (dir, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestCatalog) catalog = ingest_catalog_open (path, &error);
  g_autoptr(IngestClipLibrary) library = NULL;
  LibraryFixture fixture = { NULL, };
  IngestClipsView *clips_view;
  GtkEditable *entry;
  GListModel *rolls;
  g_autoptr(IngestClip) found = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  library = ingest_clip_library_new (catalog);
  store_roll (library, "fs:aaaa-1111", "A_CAM_SHUTTLE", "A002R2EC", "2026-11-21", 1);
  store_roll (library, "fs:aaaa-1111", "A_CAM_SHUTTLE", "A003R2EC", "2026-11-21", 5);
  store_roll (library, "fs:bbbb-2222", "B_CAM_SHUTTLE", "B001R1AB", "2026-11-22", 1);

  fixture.window = adw_window_new ();
  fixture.page = g_object_new (INGEST_TYPE_LIBRARY_PAGE, NULL);
  ingest_library_page_set_library (fixture.page, library);
  adw_window_set_content (ADW_WINDOW (fixture.window), GTK_WIDGET (fixture.page));
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture.window));
  ingest_test_wait_until (library_settled, &fixture, 30000);

  /* Three rolls; the tree shows them under the production, days and drives. */
  rolls = ingest_library_page_get_rolls (fixture.page);
  g_assert_cmpuint (g_list_model_get_n_items (rolls), ==, 3);
  ingest_test_ui_iterate_for (300);
  text = ingest_test_ui_dup_text (GTK_WIDGET (fixture.page));
  g_assert_nonnull (strstr (text, "Night Shoot"));
  g_assert_nonnull (strstr (text, "2026-11-22"));
  g_assert_nonnull (strstr (text, "B_CAM_SHUTTLE"));
  g_assert_nonnull (strstr (text, "A003R2EC"));
  g_assert_nonnull (strstr (text, "4 clips"));

  /* A roll picked: its four clips. */
  {
    g_autoptr(IngestLibraryRoll) roll = NULL;

    for (guint i = 0; i < 3 && roll == NULL; i++)
      {
        g_autoptr(IngestLibraryRoll) candidate = g_list_model_get_item (rolls, i);

        if (g_strcmp0 (ingest_library_roll_get_roll_name (candidate), "A003R2EC") == 0)
          roll = g_steal_pointer (&candidate);
      }
    g_assert_nonnull (roll);
    ingest_library_page_select_roll (fixture.page, roll);
  }
  clips_view = ingest_library_page_get_clips_view (fixture.page);
  ingest_test_wait_until (library_settled, &fixture, 30000);
  ingest_test_ui_iterate_for (300);
  g_assert_cmpuint (g_list_model_get_n_items (ingest_clips_view_get_shown (clips_view)), ==, 4);
  g_assert_true (ingest_test_ui_shows (GTK_WIDGET (clips_view), "A003C001_261121_R2EC"));
  ingest_test_ui_save_screenshot (fixture.window, "ui-library-roll.png");

  /* The search: only A002R2EC's second clip is scene 12A, take 2. */
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (fixture.page), INGEST_TYPE_LIBRARY_PAGE, "search_entry"));
  ingest_library_page_focus_search (fixture.page);
  gtk_editable_set_text (entry, "scene 12A take 2");
  /* The entry waits for the typing to pause before it searches. */
  ingest_test_ui_iterate_for (600);
  ingest_test_wait_until (library_settled, &fixture, 30000);
  ingest_test_ui_iterate_for (300);
  g_assert_cmpuint (g_list_model_get_n_items (ingest_clips_view_get_shown (clips_view)), >=, 1);
  found = g_list_model_get_item (ingest_clips_view_get_shown (clips_view), 0);
  g_assert_cmpstr (ingest_clip_get_name (found), ==, "A002C002_261121_R2EC");
  g_assert_cmpstr (ingest_clip_get_field (found, INGEST_CLIP_FIELD_SCENE), ==, "12A");
  g_assert_cmpstr (ingest_clip_get_field (found, INGEST_CLIP_FIELD_TAKE), ==, "2");

  /* Activating the result (Enter in the entry) opens it in the inspector. */
  g_signal_emit_by_name (entry, "activate");
  ingest_test_ui_iterate_for (400);
  g_assert_true (ingest_clip_inspector_get_clip (ingest_clips_view_get_inspector (clips_view)) == found);
  g_assert_true (ingest_test_ui_shows (GTK_WIDGET (ingest_clips_view_get_inspector (clips_view)), "s3://dailies/NIGHT_SHOOT/A002R2EC/"));
  ingest_test_ui_save_screenshot (fixture.window, "ui-library-search.png");
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 1024, 700);
  ingest_test_ui_iterate_for (600);
  ingest_test_ui_save_screenshot (fixture.window, "ui-library-search-1024.png");

  gtk_window_destroy (GTK_WINDOW (fixture.window));
  ingest_test_ui_iterate_for (100);
  g_clear_object (&library);
  g_assert_true (ingest_catalog_close (catalog, &error));
  g_assert_no_error (error);
  ingest_test_rm_rf (dir);
}

/* The preview test's movie: ffmpeg's test picture with its hue turning
 * once over 4 s, so every cell of its filmstrip has a colour of its own. */
#define PREVIEW_CELLS 10

/* ffmpeg's RGB of cell @cell of @strip (@cell_width × @cell_height cells),
 * scaled to @width × @height. */
static GBytes *
ffmpeg_cell_rgb (const char *dir,
                 const char *strip,
                 int         cell,
                 int         cell_width,
                 int         cell_height,
                 int         width,
                 int         height)
{
  g_autofree char *out_path = g_build_filename (dir, "cell.rgb", NULL);
  g_autofree char *filter = g_strdup_printf ("crop=%d:%d:%d:0,format=rgb24,scale=%d:%d:flags=bilinear",
                                             cell_width, cell_height, cell * cell_width, width, height);
  const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-i", strip, "-vf", filter,
                         "-f", "rawvideo", "-pix_fmt", "rgb24", out_path, NULL };
  GBytes *bytes;

  g_assert_true (ingest_test_run_quiet (argv));
  bytes = ingest_test_read_bytes (out_path);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, (gsize) width * height * 3);
  return bytes;
}

/* PSNR of the rectangle (@x, @y, @width, @height) of @bgra (GdkTexture's
 * download: B, G, R, A; @stride) against the same rectangle of @rgb
 * (@rgb_width wide). */
static double
psnr_bgra_rgb (const guchar *bgra,
               gsize         stride,
               GBytes       *rgb,
               int           rgb_width,
               int           x,
               int           y,
               int           width,
               int           height)
{
  const guchar *p = g_bytes_get_data (rgb, NULL);
  double sum = 0;

  for (int row = y; row < y + height; row++)
    for (int col = x; col < x + width; col++)
      for (int c = 0; c < 3; c++)
        {
          double d = (double) bgra[row * stride + col * 4 + 2 - c] - p[(row * rgb_width + col) * 3 + c];

          sum += d * d;
        }
  sum /= (double) width * height * 3;
  return sum == 0 ? 99.0 : 10 * log10 (255.0 * 255.0 / sum);
}

static IngestClipCard *
find_card (GtkWidget  *root,
           IngestClip *clip)
{
  if (INGEST_IS_CLIP_CARD (root) && ingest_clip_card_get_clip (INGEST_CLIP_CARD (root)) == clip)
    return INGEST_CLIP_CARD (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      IngestClipCard *found = find_card (child, clip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  IngestClipCard *card;
  int             cell;
} CardWait;

static gboolean
card_has_poster (gpointer user_data)
{
  CardWait *wait = user_data;

  return ingest_clip_card_get_has_poster (wait->card);
}

static gboolean
card_shows_cell (gpointer user_data)
{
  CardWait *wait = user_data;

  return ingest_clip_card_get_scrub_cell (wait->card) == wait->cell;
}

static void
test_clip_preview (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-ui-preview-XXXXXX");
  g_autofree char *movie = g_build_filename (dir, "A001C001.mov", NULL);
  g_autofree char *strip = g_build_filename (dir, "A001C001.filmstrip.jpg", NULL);
  g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  g_autoptr(GBytes) screenshot_png = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *shot_path = NULL;
  GtkEventController *motion;
  GtkWidget *picture;
  GtkWidget *frame;
  GListStore *few;
  IngestClipCard *card;
  CardWait wait;
  graphene_rect_t bounds;
  const int k = 7;

  fixture->probe.phase = "preview: set clips";
  if (!ingest_test_require_programs ("ffmpeg", "ffmpeg", NULL))
    return;
  {
    const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=960x540:rate=25",
                           "-vf", "hue=H=2*PI*t/4", "-t", "4", "-c:v", "libx264", "-preset", "veryfast",
                           "-g", "50", "-pix_fmt", "yuv420p", movie, NULL };
    g_assert_true (ingest_test_run_quiet (argv));
  }

  /* Eight clips; the first four get a poster each (10 %, 35 %, 60 %, 85 %
   * into the movie) and the filmstrip. */
  few = g_list_store_new (INGEST_TYPE_CLIP);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(IngestClip) clip = make_clip (i);

      g_list_store_append (few, clip);
    }
  ingest_clips_view_set_clips (fixture->view, G_LIST_MODEL (few));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 700);
  ingest_test_wait_until (view_settled, fixture, 30000);
  ingest_test_ui_iterate_for (300);

  {
    g_autoptr(IngestClip) first = g_list_model_get_item (G_LIST_MODEL (few), 0);

    card = find_card (GTK_WIDGET (fixture->view), first);
    g_assert_nonnull (card);
    g_assert_false (ingest_clip_card_get_has_poster (card));
  }

  settings->filmstrip_frames = PREVIEW_CELLS;
  settings->filmstrip_height = 90;
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (G_LIST_MODEL (few), i);
      g_autofree char *poster = g_strdup_printf ("%s/poster-%u.jpg", dir, i);
      g_autofree char *scratch = g_strdup_printf ("%s/filmstrip-%u.jpg", dir, i);
      g_autoptr(GError) error = NULL;

      settings->poster_offset = 0.1 + 0.25 * i;
      g_assert_true (ingest_proxy_stills_make_sync (movie, settings, poster, i == 0 ? strip : scratch,
                                                    NULL, &error));
      g_assert_no_error (error);
      /* As the proxy stage tells a clip, on the main thread. */
      ingest_clip_set_preview (clip, movie, poster, strip, PREVIEW_CELLS);
    }

  /* The poster appears without rebinding (notify::poster-path). */
  wait.card = card;
  ingest_test_wait_until (card_has_poster, &wait, 10000);
  g_assert_cmpint (ingest_clip_card_get_scrub_cell (card), ==, -1);
  picture = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (card), INGEST_TYPE_CLIP_CARD, "poster"));
  g_assert_true (gtk_widget_get_visible (picture));
  {
    g_autoptr(IngestClip) clip = g_list_model_get_item (G_LIST_MODEL (few), 5);

    g_assert_false (ingest_clip_card_get_has_poster (find_card (GTK_WIDGET (fixture->view), clip)));
  }

  /* No filmstrip is decoded before the pointer comes. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (G_LIST_MODEL (few), i);

      g_assert_false (ingest_clip_card_get_has_filmstrip (find_card (GTK_WIDGET (fixture->view), clip)));
    }

  /* The pointer enters the poster and moves to cell k's place. */
  motion = GTK_EVENT_CONTROLLER (gtk_widget_get_template_child (GTK_WIDGET (card), INGEST_TYPE_CLIP_CARD, "scrub_motion"));
  frame = gtk_event_controller_get_widget (motion);
  g_signal_emit_by_name (motion, "enter", 2.0, 40.0);
  g_signal_emit_by_name (motion, "motion", (k + 0.5) * gtk_widget_get_width (frame) / PREVIEW_CELLS, 40.0);
  wait.cell = k;
  ingest_test_wait_until (card_shows_cell, &wait, 10000);
  ingest_test_ui_iterate_for (200);

  /* The picture shows cell k: its texture is that cell of the JPEG, as
   * ffmpeg decodes it, and not its neighbours. */
  {
    GdkTexture *texture = GDK_TEXTURE (gtk_picture_get_paintable (GTK_PICTURE (picture)));
    int width = gdk_texture_get_width (texture);
    int height = gdk_texture_get_height (texture);
    g_autofree guchar *cell_pixels = g_malloc ((gsize) width * height * 4);
    double own = 0, neighbours = 0;

    g_assert_cmpint (width, ==, 160);
    g_assert_cmpint (height, ==, 90);
    gdk_texture_download (texture, cell_pixels, (gsize) width * 4);
    for (int c = k - 1; c <= k + 1; c++)
      {
        g_autoptr(GBytes) expected = ffmpeg_cell_rgb (dir, strip, c, 160, 90, 160, 90);
        double p = psnr_bgra_rgb (cell_pixels, (gsize) width * 4, expected, 160, 0, 0, 160, 90);

        if (c == k)
          own = p;
        else
          neighbours = MAX (neighbours, p);
      }
    g_test_message ("cell %d's texture: %.1f dB to ffmpeg's cell %d, %.1f dB to its neighbours", k, own, k, neighbours);
    g_assert_cmpfloat (own, >=, 40.0);
    g_assert_cmpfloat (own, >, neighbours + 10.0);
  }

  /* And it is what is drawn: the card rendered, its picture's area against
   * ffmpeg's cell scaled to the size drawn (below the badge, inside the
   * rounded corners). */
  ingest_test_ui_save_screenshot (GTK_WIDGET (card), "ui-clips-scrub-card.png");
  shot_path = g_test_build_filename (G_TEST_BUILT, "screenshots", "ui-clips-scrub-card.png", NULL);
  shot = gdk_texture_new_from_filename (shot_path, NULL);
  g_assert_nonnull (shot);
  pixels = g_malloc ((gsize) gdk_texture_get_width (shot) * gdk_texture_get_height (shot) * 4);
  gdk_texture_download (shot, pixels, (gsize) gdk_texture_get_width (shot) * 4);
  g_assert_true (gtk_widget_compute_bounds (picture, GTK_WIDGET (card), &bounds));
  {
    /* keep-aspect-ratio: the 16:9 cell fills the height or the width, centred. */
    double scale = MIN (bounds.size.width / 160, bounds.size.height / 90);
    int drawn_width = (int) round (160 * scale);
    int drawn_height = (int) round (90 * scale);
    int x0 = (int) floor (bounds.origin.x + (bounds.size.width - drawn_width) / 2);
    int y0 = (int) floor (bounds.origin.y + (bounds.size.height - drawn_height) / 2);
    gsize stride = (gsize) gdk_texture_get_width (shot) * 4;
    double own = 0, others = 0;

    g_test_message ("picture drawn at %d,%d, %d×%d", x0, y0, drawn_width, drawn_height);
    for (int c = 0; c < PREVIEW_CELLS; c++)
      {
        g_autoptr(GBytes) expected = ffmpeg_cell_rgb (dir, strip, c, 160, 90, drawn_width, drawn_height);
        g_autoptr(GBytes) placed = NULL;
        guchar *rgb = g_malloc0 ((gsize) gdk_texture_get_width (shot) * gdk_texture_get_height (shot) * 3);
        const guchar *src = g_bytes_get_data (expected, NULL);
        double p;

        /* Cell c where the card draws its picture, to compare in place. */
        for (int row = 0; row < drawn_height; row++)
          memcpy (rgb + ((gsize) (y0 + row) * gdk_texture_get_width (shot) + x0) * 3,
                  src + (gsize) row * drawn_width * 3, (gsize) drawn_width * 3);
        placed = g_bytes_new_take (rgb, (gsize) gdk_texture_get_width (shot) * gdk_texture_get_height (shot) * 3);
        /* Centred at a fraction of a pixel, the renderer may start a pixel earlier or later. */
        p = 0;
        for (int dx = -1; dx <= 1; dx++)
          for (int dy = -1; dy <= 1; dy++)
            {
              double shifted = psnr_bgra_rgb (pixels + dy * (gssize) stride + dx * 4, stride, placed,
                                              gdk_texture_get_width (shot),
                                              x0 + 10, y0 + 40, drawn_width - 20, drawn_height - 50);

              p = MAX (p, shifted);
            }
        if (c == k)
          own = p;
        else
          others = MAX (others, p);
      }
    g_test_message ("drawn cell: %.1f dB to ffmpeg's cell %d, at most %.1f dB to the others", own, k, others);
    g_assert_cmpfloat (own, >=, 28.0);
    g_assert_cmpfloat (own, >, others + 8.0);
  }
  screenshot (fixture, "ui-clips-preview.png");

  /* Only the card under the pointer decoded its filmstrip. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (G_LIST_MODEL (few), i);

      g_assert_true (ingest_clip_card_get_has_filmstrip (find_card (GTK_WIDGET (fixture->view), clip)) == (i == 0));
    }

  /* The pointer leaves: the poster again. */
  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (ingest_clip_card_get_scrub_cell (card), ==, -1);
  g_assert_true (ingest_clip_card_get_has_poster (card));
  screenshot (fixture, "ui-clips-posters.png");

  ingest_clips_view_set_clips (fixture->view, NULL);
  ingest_test_ui_iterate_for (100);
  g_object_unref (few);
  ingest_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* GTK 4.8's list views warn when a scroll lands between rows whose
   * heights they only estimated ("failed to scroll to given position"); the
   * view carries on, and the test checks where it ended. GTK logs
   * structured, past g_test_log_set_fatal_handler(): warnings are made not
   * fatal here, criticals stay fatal (G_DEBUG=fatal-criticals). */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add ("/ingest/station/clips/view", Fixture, NULL, fixture_set_up, test_clips_view, fixture_tear_down);
  g_test_add_func ("/ingest/station/clips/library", test_library_page);
  g_test_add ("/ingest/station/clips/preview", Fixture, NULL, fixture_set_up, test_clip_preview, fixture_tear_down);

  return g_test_run ();
}
