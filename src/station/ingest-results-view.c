/* ingest-results-view.c
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

#define G_LOG_DOMAIN "ingest-results-view"

#include "config.h"

#include "ingest-format.h"
#include "ingest-result-cell.h"
#include "ingest-results-view.h"

/* The files a validation checked, problems first, filterable by status: a
 * list the drive page gives the job's results (appended to as it runs). It
 * hides itself while there is no file to show. */
struct _IngestResultsView
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkLabel              *files_count_label;
  GtkDropDown           *filter_dropdown;
  GtkColumnView         *files_view;
  GtkScrolledWindow     *files_scroller;
  GtkColumnViewColumn   *status_column;
  GtkColumnViewColumn   *path_column;
  GtkColumnViewColumn   *size_column;
  GtkColumnViewColumn   *expected_column;
  GtkColumnViewColumn   *found_column;
  GtkFilterListModel    *filtered_results;
  GtkSortListModel      *sorted_results;
  GtkFilter             *status_filter;

  /* Owned references */
  GSignalGroup          *results_signals;
  GListStore            *shown;          /* the results the list holds, fed in slices */
  GListModel            *feed_source;    /* the job's results */
  guint                  n_fed;          /* of feed_source, in shown */
  guint                  n_stale;        /* at the start of shown: an earlier job's */
  guint                  feed_id;
  gulong                 keep_top_id;    /* after-paint handler: back to the top */
  guint                  count_id;       /* the count, once per burst of changes */
};

G_DEFINE_FINAL_TYPE (IngestResultsView, ingest_results_view, GTK_TYPE_WIDGET)

/* "3 of 412 files": how much of the list the filter shows. */
static void
update_files_count (IngestResultsView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered_results));
  guint total = self->feed_source != NULL ? g_list_model_get_n_items (self->feed_source) : 0;
  g_autofree char *text = ingest_format_files_shown (shown, total, gtk_drop_down_get_selected (self->filter_dropdown));

  gtk_label_set_label (self->files_count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self), total > 0);
}

static gboolean
count_cb (gpointer user_data)
{
  IngestResultsView *self = user_data;

  self->count_id = 0;
  update_files_count (self);
  return G_SOURCE_REMOVE;
}

/* Results come in batches: the count is brought up to date once for all of
 * them, before the next frame. */
static void
queue_count (IngestResultsView *self)
{
  if (self->count_id == 0)
    self->count_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, count_cb, self, NULL);
}

/*
 * Feeding the list. A GtkColumnView makes and destroys the widgets of up to
 * a couple of hundred rows when that many items come or go at once, which
 * takes longer than a frame on a slow machine. So the list holds its own copy
 * of the job's results, changed a slice at a time within a time budget, in an
 * idle below the redraw priority: the main loop keeps its pace whatever the
 * batches the job delivers, and a new job's list replaces the old one's the
 * same way (removed from the end, where the rows are not on screen).
 */

#define FEED_SLICE   16
#define FEED_BUDGET  (3 * G_TIME_SPAN_MILLISECOND)

/* The list keeps its anchor row when rows are inserted above it; once the
 * frame is laid out, show the top again. */
static void
keep_top_cb (IngestResultsView *self,
             GdkFrameClock     *clock)
{
  GtkAdjustment *vadjustment;

  g_clear_signal_handler (&self->keep_top_id, clock);
  if (self->files_scroller == NULL)  /* disposed */
    return;
  vadjustment = gtk_scrolled_window_get_vadjustment (self->files_scroller);
  if (gtk_adjustment_get_value (vadjustment) > 0)
    gtk_adjustment_set_value (vadjustment, 0);
}

static void
keep_top (IngestResultsView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->files_view));

  if (clock != NULL && self->keep_top_id == 0)
    self->keep_top_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (keep_top_cb),
                                                 self, G_CONNECT_SWAPPED);
}

static gboolean
feed_cb (gpointer user_data)
{
  IngestResultsView *self = user_data;
  gint64 deadline = g_get_monotonic_time () + FEED_BUDGET;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->files_scroller);
  /* Problems sort first, arriving at any time: a list that shows its top
   * keeps showing it, rather than the row that was there. */
  gboolean at_top = gtk_adjustment_get_value (vadjustment) <= 0;

  do
    {
      guint n_source = self->feed_source ? g_list_model_get_n_items (self->feed_source) : 0;

      if (self->n_stale > 0)
        {
          guint n = MIN (self->n_stale, FEED_SLICE);

          g_list_store_splice (self->shown, self->n_stale - n, n, NULL, 0);
          self->n_stale -= n;
        }
      else if (self->n_fed < n_source)
        {
          guint n = MIN (n_source - self->n_fed, FEED_SLICE);
          g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

          for (guint i = 0; i < n; i++)
            g_ptr_array_add (items, g_list_model_get_item (self->feed_source, self->n_fed + i));
          g_list_store_splice (self->shown, g_list_model_get_n_items (G_LIST_MODEL (self->shown)), 0,
                               items->pdata, n);
          self->n_fed += n;
        }
      else
        {
          self->feed_id = 0;
          break;
        }
    }
  while (g_get_monotonic_time () < deadline);

  if (at_top)
    keep_top (self);
  return self->feed_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
feed_later (IngestResultsView *self)
{
  if (self->feed_id == 0)
    self->feed_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, feed_cb, self, NULL);
}

/* What the list shows from now on: SOURCE's items (appended to as a job runs). */
static void
feed_from (IngestResultsView *self,
           GListModel        *source)
{
  /* Whatever was fed so far goes; what was still to come does not come. */
  self->n_stale = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  self->n_fed = 0;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->files_scroller), 0);
  g_set_object (&self->feed_source, source);
  feed_later (self);
}

static void
results_changed_cb (IngestResultsView *self,
                    guint              position,
                    guint              removed,
                    guint              added,
                    GListModel        *results)
{
  /* Results are only ever appended; anything else starts the list again. */
  if (removed > 0 || position < self->n_fed)
    feed_from (self, results);
  else if (added > 0)
    feed_later (self);

  queue_count (self);
}

/*
 * Cells: made in C rather than by a GtkBuilderListItemFactory, which parses
 * its template for every row it makes; a new run makes a couple of hundred.
 */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  field)
{
  gtk_list_item_set_child (item, ingest_result_cell_new (GPOINTER_TO_UINT (field)));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  field)
{
  ingest_result_cell_set_result (INGEST_RESULT_CELL (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  field)
{
  ingest_result_cell_set_result (INGEST_RESULT_CELL (gtk_list_item_get_child (item)), NULL);
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  IngestResultField    field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GUINT_TO_POINTER (field));
  gtk_column_view_column_set_factory (column, factory);
}

/*
 * The sorter and the filter of the file list (closures in ingest-results-view.ui).
 * The first argument is the object the expression is evaluated on; unused.
 */

static guint
status_rank (gpointer               this,
             IngestValidationStatus status)
{
  return ingest_format_status_rank (status);
}

static gboolean
status_shown (gpointer               this,
              IngestValidationStatus status,
              guint                  filter)
{
  return ingest_format_file_filter_matches (filter, status);
}

static void
filter_selected_cb (IngestResultsView *self,
                    GParamSpec        *pspec,
                    GtkDropDown       *dropdown)
{
  gtk_filter_changed (self->status_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/* Shown again (the drive page's Files view): problems are first, so the list
 * opens on its top; rows that came while it was hidden moved its anchor. */
static void
ingest_results_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ingest_results_view_parent_class)->map (widget);

  keep_top (INGEST_RESULTS_VIEW (widget));
}

static void
ingest_results_view_dispose (GObject *object)
{
  IngestResultsView *self = (IngestResultsView *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->feed_id, g_source_remove);
  g_clear_handle_id (&self->count_id, g_source_remove);
  if (self->keep_top_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->keep_top_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  if (self->results_signals != NULL)
    g_signal_group_set_target (self->results_signals, NULL);
  g_clear_object (&self->results_signals);
  g_clear_object (&self->feed_source);
  if (self->sorted_results != NULL)
    gtk_sort_list_model_set_model (self->sorted_results, NULL);
  g_clear_object (&self->shown);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_RESULTS_VIEW);
  /* Its root box has no id: not the template's to clear. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ingest_results_view_parent_class)->dispose (object);
}

static void
ingest_results_view_class_init (IngestResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_results_view_dispose;
  widget_class->map = ingest_results_view_map;

  g_type_ensure (INGEST_TYPE_VALIDATION_RESULT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, files_count_label);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, files_view);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, files_scroller);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, status_column);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, path_column);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, size_column);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, expected_column);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, found_column);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, filtered_results);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, sorted_results);
  gtk_widget_class_bind_template_child (widget_class, IngestResultsView, status_filter);
  gtk_widget_class_bind_template_callback (widget_class, filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_rank);
  gtk_widget_class_bind_template_callback (widget_class, status_shown);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ingest_results_view_init (IngestResultsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->results_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->results_signals, "items-changed",
                                 G_CALLBACK (results_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->filtered_results, "items-changed",
                           G_CALLBACK (queue_count), self, G_CONNECT_SWAPPED);

  set_cell_factory (self->status_column, INGEST_RESULT_FIELD_STATUS);
  set_cell_factory (self->path_column, INGEST_RESULT_FIELD_PATH);
  set_cell_factory (self->size_column, INGEST_RESULT_FIELD_SIZE);
  set_cell_factory (self->expected_column, INGEST_RESULT_FIELD_EXPECTED);
  set_cell_factory (self->found_column, INGEST_RESULT_FIELD_FOUND);

  self->shown = g_list_store_new (INGEST_TYPE_VALIDATION_RESULT);
  gtk_sort_list_model_set_model (self->sorted_results, G_LIST_MODEL (self->shown));
}

/**
 * ingest_results_view_set_results:
 * @results: (nullable): a job's results (IngestValidationResult), appended
 *   to as it runs
 *
 * Shows @results from now on: the list follows them, a slice at a time.
 */
void
ingest_results_view_set_results (IngestResultsView *self,
                                 GListModel        *results)
{
  g_return_if_fail (INGEST_IS_RESULTS_VIEW (self));
  g_return_if_fail (results == NULL || G_IS_LIST_MODEL (results));

  g_signal_group_set_target (self->results_signals, results);
  feed_from (self, results);
  update_files_count (self);
}

/**
 * ingest_results_view_get_pending:
 *
 * Returns: %TRUE while the list does not yet hold every result (or is
 *   sorting or filtering them), or its count is about to be brought up to date
 */
gboolean
ingest_results_view_get_pending (IngestResultsView *self)
{
  g_return_val_if_fail (INGEST_IS_RESULTS_VIEW (self), FALSE);

  return self->feed_id != 0 || self->count_id != 0 ||
         gtk_sort_list_model_get_pending (self->sorted_results) > 0 ||
         gtk_filter_list_model_get_pending (self->filtered_results) > 0;
}
