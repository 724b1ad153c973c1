/* ingest-clips-view.c
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

#define G_LOG_DOMAIN "ingest-clips-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-clip-card.h"
#include "ingest-clip-inspector.h"
#include "ingest-clips-view.h"
#include "ingest-format.h"
#include "ingest-reverse-list-model.h"

/* Clips (of a drive's metadata stage, a library roll or a search) as a grid
 * of cards or a list with sortable columns; both show one sorted model and
 * one selection, and the selected clip opens in the inspector beside them.
 *
 * The columns and their sorters are declared in ingest-clips-view.ui; the
 * sorters read the clip through the closures below, by column
 * (ingest_format_clip_column_text/number()), so a column sorts by what it
 * shows. Cells are GtkInscriptions: cheap to make for thousands of rows.
 *
 * GTK 4.8's column view sorter has no sort keys: a list sorted by it
 * compares clip by clip, evaluating the column's expression twice per
 * comparison (0.3–0.6 s for 10 000 clips, measured in test-ui-clips). The
 * column's own sorter sorts by keys (30–60 ms). So the clips are sorted by
 * the primary column's sorter, and turned around when it sorts descending;
 * which column and which way are asked of the column view's sorter by
 * comparing two clips with it (see update_sort()). */
struct _IngestClipsView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkLabel            *count_label;
  GtkToggleButton     *grid_button;
  GtkToggleButton     *list_button;
  GtkStack            *view_stack;
  AdwStatusPage       *empty_page;
  GtkGridView         *grid_view;
  GtkScrolledWindow   *grid_scroller;
  GtkScrolledWindow   *list_scroller;
  GtkColumnView       *clips_columns;
  GtkSingleSelection  *selection;
  GtkSortListModel    *sorted_clips;
  GtkRevealer         *inspector_revealer;
  IngestClipInspector *inspector;

  /* Owned references */
  GListModel          *clips;
  GSignalGroup        *clips_signals;
  IngestReverseListModel *ordered;      /* sorted_clips, descending or not */

  /* While the column view's sorter is asked which column it sorts by */
  gboolean             probing;
  int                  probed_column;   /* the first column it read, or -1 */
  gboolean             sort_known;      /* asked with two clips to compare */
};

G_DEFINE_FINAL_TYPE (IngestClipsView, ingest_clips_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (IngestClipColumn, ingest_clip_column,
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_CLIP, "clip"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_ROLL, "roll"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_TC_IN, "tc-in"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_TC_OUT, "tc-out"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_DURATION, "duration"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_FPS, "fps"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_RESOLUTION, "resolution"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_CODEC, "codec"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_CAMERA, "camera"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_LENS, "lens"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_ISO, "iso"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_WB, "wb"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_SCENE_TAKE, "scene-take"),
  G_DEFINE_ENUM_VALUE (INGEST_CLIP_COLUMN_VERIFICATION, "verification"))

enum {
  PROP_0,
  PROP_CLIPS,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * The sorters (closures in ingest-clips-view.ui): the object the expression
 * is evaluated on is the clip; the column is a constant.
 */

static void
note_probe (gpointer         user_data,
            IngestClipColumn column)
{
  IngestClipsView *self = user_data;

  if (INGEST_IS_CLIPS_VIEW (self) && self->probing && self->probed_column < 0)
    self->probed_column = column;
}

static char *
clip_column_text (IngestClip       *clip,
                  IngestClipColumn  column,
                  gpointer          user_data)
{
  char *text;

  note_probe (user_data, column);
  text = ingest_format_clip_column_text (clip, column);

  /* Unknown sorts first, as the empty text. */
  return text != NULL ? text : g_strdup ("");
}

static double
clip_column_number (IngestClip       *clip,
                    IngestClipColumn  column,
                    gpointer          user_data)
{
  note_probe (user_data, column);
  return ingest_format_clip_column_number (clip, column);
}

/*
 * Cells
 */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  IngestClipColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *cell = gtk_inscription_new (NULL);

  /* Clip names differ at their end (A001C003_261121_R2EC): cut in the middle. */
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), column == INGEST_CLIP_COLUMN_CLIP
                                     ? GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE
                                     : GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 3);
  gtk_inscription_set_min_lines (GTK_INSCRIPTION (cell), 1);
  /* Tabular digits, so that names and timecodes line up (the clip's name
   * in the body font: in bold, camera names no longer fit). */
  if (column != INGEST_CLIP_COLUMN_CAMERA && column != INGEST_CLIP_COLUMN_LENS &&
      column != INGEST_CLIP_COLUMN_CODEC && column != INGEST_CLIP_COLUMN_VERIFICATION &&
      column != INGEST_CLIP_COLUMN_SCENE_TAKE)
    gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (item, cell);
}

static const char * const verification_styles[] = { "success", "error", "warning", "neutral", "dim-label" };

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  IngestClipColumn column = GPOINTER_TO_UINT (user_data);
  IngestClip *clip = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  g_autofree char *text = ingest_format_clip_column_text (clip, column);

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
  if (column == INGEST_CLIP_COLUMN_CLIP)
    gtk_widget_set_tooltip_text (cell, text);
  if (column == INGEST_CLIP_COLUMN_VERIFICATION)
    {
      IngestValidationStatus status;
      gboolean known = ingest_clip_get_verification (clip, &status);
      const char *style = ingest_format_clip_verification_style (known, status);

      for (guint i = 0; i < G_N_ELEMENTS (verification_styles); i++)
        gtk_widget_remove_css_class (cell, verification_styles[i]);
      if (style != NULL)
        gtk_widget_add_css_class (cell, style);
    }
}

/* A card per grid item, made by hand: cheaper than a builder factory
 * parsing its XML for each of the cards a fast scroll makes. */
static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, g_object_new (INGEST_TYPE_CLIP_CARD, NULL));
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  ingest_clip_card_set_clip (INGEST_CLIP_CARD (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  ingest_clip_card_set_clip (INGEST_CLIP_CARD (gtk_list_item_get_child (item)), NULL);
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  IngestClipColumn     id)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (id));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (id));
  gtk_column_view_column_set_factory (column, factory);
}

static void update_count (IngestClipsView *self);

/*
 * Sorting
 */

/* Which column the column view sorts by, and which way: the first column
 * its sorter reads when comparing two clips is the primary one (columns
 * sorted earlier only break ties); the way is whether it agrees with that
 * column's own sorter on two clips that differ there. */
static void
update_sort (IngestClipsView *self)
{
  GtkSorter *view_sorter = gtk_column_view_get_sorter (self->clips_columns);
  guint n = self->clips != NULL ? g_list_model_get_n_items (self->clips) : 0;
  g_autoptr(GObject) first = NULL;
  GtkSorter *sorter = NULL;
  gboolean descending = FALSE;

  self->sort_known = n >= 2;
  if (n >= 2)
    {
      g_autoptr(GObject) second = g_list_model_get_item (self->clips, 1);

      first = g_list_model_get_item (self->clips, 0);
      self->probing = TRUE;
      self->probed_column = -1;
      gtk_sorter_compare (view_sorter, first, second);
      self->probing = FALSE;
    }

  if (n >= 2 && self->probed_column >= 0)
    {
      g_autoptr(GtkColumnViewColumn) column =
        g_list_model_get_item (gtk_column_view_get_columns (self->clips_columns), self->probed_column);

      sorter = gtk_column_view_column_get_sorter (column);
      /* Bounded: clips equal in that column for long are rare, and any way is right for them. */
      for (guint i = 1; i < MIN (n, 1024); i++)
        {
          g_autoptr(GObject) other = g_list_model_get_item (self->clips, i);
          GtkOrdering own = gtk_sorter_compare (sorter, first, other);

          if (own != GTK_ORDERING_EQUAL)
            {
              descending = gtk_sorter_compare (view_sorter, first, other) != own;
              break;
            }
        }
    }

  gtk_sort_list_model_set_sorter (self->sorted_clips, sorter);
  ingest_reverse_list_model_set_reversed (self->ordered, descending);
}

/*
 * Callbacks
 */

static void
clips_changed_cb (IngestClipsView *self)
{
  /* Two clips to compare at last: the order can be asked for. */
  if (!self->sort_known)
    update_sort (self);
  update_count (self);
}

static void
update_count (IngestClipsView *self)
{
  guint n = self->clips != NULL ? g_list_model_get_n_items (self->clips) : 0;
  g_autofree char *count = ingest_format_clip_count (n);
  const char *page = n == 0 ? "empty"
                   : gtk_toggle_button_get_active (self->list_button) ? "list" : "grid";

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->view_stack, page);
  /* Only the view shown follows the clips: a hidden one would redo its
   * bookkeeping of every item on each sort for nothing. */
  gtk_grid_view_set_model (self->grid_view, g_str_equal (page, "grid") ? GTK_SELECTION_MODEL (self->selection) : NULL);
  gtk_column_view_set_model (self->clips_columns, g_str_equal (page, "list") ? GTK_SELECTION_MODEL (self->selection) : NULL);
}

static void
mode_toggled_cb (IngestClipsView *self)
{
  update_count (self);
}

static void
selected_cb (IngestClipsView *self)
{
  IngestClip *clip = gtk_single_selection_get_selected_item (self->selection);

  ingest_clip_inspector_set_clip (self->inspector, clip);
  gtk_revealer_set_reveal_child (self->inspector_revealer, clip != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
grid_activate_cb (IngestClipsView *self,
                  guint            position)
{
  ingest_clips_view_select (self, position);
}

static void
list_activate_cb (IngestClipsView *self,
                  guint            position)
{
  ingest_clips_view_select (self, position);
}

static void
inspector_close_cb (IngestClipsView *self)
{
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/*
 * Overrides
 */

static void
ingest_clips_view_dispose (GObject *object)
{
  IngestClipsView *self = (IngestClipsView *) object;

  if (self->clips_signals != NULL)
    g_signal_group_set_target (self->clips_signals, NULL);
  g_clear_object (&self->clips_signals);
  if (self->sorted_clips != NULL)
    gtk_sort_list_model_set_model (self->sorted_clips, NULL);
  g_clear_object (&self->clips);
  /* The column view's sorter changes as its columns go. */
  if (self->clips_columns != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->clips_columns), update_sort, self);
  if (self->ordered != NULL)
    ingest_reverse_list_model_set_model (self->ordered, NULL);
  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->ordered);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_CLIPS_VIEW);
  /* The root box has no id: not the template's to clear. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ingest_clips_view_parent_class)->dispose (object);
}

static void
ingest_clips_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IngestClipsView *self = INGEST_CLIPS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIPS:
      g_value_set_object (value, self->clips);
      break;

    case PROP_SELECTED:
      g_value_set_object (value, ingest_clips_view_get_selected (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clips_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IngestClipsView *self = INGEST_CLIPS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIPS:
      ingest_clips_view_set_clips (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clips_view_class_init (IngestClipsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_clips_view_dispose;
  object_class->get_property = ingest_clips_view_get_property;
  object_class->set_property = ingest_clips_view_set_property;

  properties[PROP_CLIPS] =
    g_param_spec_object ("clips", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL,
                         INGEST_TYPE_CLIP,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INGEST_TYPE_CLIP);
  g_type_ensure (INGEST_TYPE_CLIP_CARD);
  g_type_ensure (INGEST_TYPE_CLIP_COLUMN);
  g_type_ensure (INGEST_TYPE_CLIP_INSPECTOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-clips-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, grid_button);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, list_button);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, grid_view);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, clips_columns);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, selection);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, sorted_clips);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, inspector_revealer);
  gtk_widget_class_bind_template_child (widget_class, IngestClipsView, inspector);
  gtk_widget_class_bind_template_callback (widget_class, clip_column_text);
  gtk_widget_class_bind_template_callback (widget_class, clip_column_number);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, inspector_close_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ingestclipsview");
}

static void
ingest_clips_view_init (IngestClipsView *self)
{
  GListModel *columns;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The columns are in IngestClipColumn order (ingest-clips-view.ui). */
  columns = gtk_column_view_get_columns (self->clips_columns);
  g_assert (g_list_model_get_n_items (columns) == INGEST_CLIP_COLUMN_VERIFICATION + 1);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      set_cell_factory (column, i);
    }
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), NULL);
    g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), NULL);
    gtk_grid_view_set_factory (self->grid_view, factory);
  }

  self->ordered = ingest_reverse_list_model_new (G_LIST_MODEL (self->sorted_clips));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->ordered));
  g_signal_connect_object (gtk_column_view_get_sorter (self->clips_columns), "changed",
                           G_CALLBACK (update_sort), self, G_CONNECT_SWAPPED);

  self->clips_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->clips_signals, "items-changed",
                                 G_CALLBACK (clips_changed_cb), self, G_CONNECT_SWAPPED);
  update_count (self);
}

/*
 * Public API
 */

/**
 * ingest_clips_view_get_clips:
 *
 * Returns: (transfer none) (nullable): the clips shown, unsorted
 */
GListModel *
ingest_clips_view_get_clips (IngestClipsView *self)
{
  g_return_val_if_fail (INGEST_IS_CLIPS_VIEW (self), NULL);

  return self->clips;
}

/**
 * ingest_clips_view_set_clips:
 * @clips: (nullable): of IngestClip
 */
void
ingest_clips_view_set_clips (IngestClipsView *self,
                             GListModel      *clips)
{
  g_return_if_fail (INGEST_IS_CLIPS_VIEW (self));
  g_return_if_fail (clips == NULL || G_IS_LIST_MODEL (clips));

  if (!g_set_object (&self->clips, clips))
    return;

  gtk_sort_list_model_set_model (self->sorted_clips, clips);
  g_signal_group_set_target (self->clips_signals, clips);
  update_sort (self);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIPS]);
}

/**
 * ingest_clips_view_set_results:
 * @results: (nullable): the drive's validation results (IngestValidationResult),
 *   where the inspector finds the files' hashes
 */
void
ingest_clips_view_set_results (IngestClipsView *self,
                               GListModel      *results)
{
  g_return_if_fail (INGEST_IS_CLIPS_VIEW (self));

  ingest_clip_inspector_set_results (self->inspector, results);
}

/* What the view says when there is no clip to show. */
void
ingest_clips_view_set_placeholder (IngestClipsView *self,
                                   const char      *title,
                                   const char      *description)
{
  g_return_if_fail (INGEST_IS_CLIPS_VIEW (self));

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
}

IngestClipsMode
ingest_clips_view_get_mode (IngestClipsView *self)
{
  g_return_val_if_fail (INGEST_IS_CLIPS_VIEW (self), INGEST_CLIPS_MODE_GRID);

  return gtk_toggle_button_get_active (self->list_button) ? INGEST_CLIPS_MODE_LIST : INGEST_CLIPS_MODE_GRID;
}

void
ingest_clips_view_set_mode (IngestClipsView *self,
                            IngestClipsMode  mode)
{
  g_return_if_fail (INGEST_IS_CLIPS_VIEW (self));

  gtk_toggle_button_set_active (mode == INGEST_CLIPS_MODE_LIST ? self->list_button : self->grid_button, TRUE);
}

/**
 * ingest_clips_view_get_shown:
 *
 * Returns: (transfer none): the clips in the order shown (a GtkSelectionModel)
 */
GListModel *
ingest_clips_view_get_shown (IngestClipsView *self)
{
  g_return_val_if_fail (INGEST_IS_CLIPS_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/**
 * ingest_clips_view_get_selected:
 *
 * Returns: (transfer none) (nullable): the clip in the inspector
 */
IngestClip *
ingest_clips_view_get_selected (IngestClipsView *self)
{
  g_return_val_if_fail (INGEST_IS_CLIPS_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

/* Selects the clip at POSITION (in the order shown) and opens it in the inspector. */
void
ingest_clips_view_select (IngestClipsView *self,
                          guint            position)
{
  g_return_if_fail (INGEST_IS_CLIPS_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);

  /* …and shows it: the list is the column view's inner list view. */
  if (ingest_clips_view_get_mode (self) == INGEST_CLIPS_MODE_GRID)
    gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
  else
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->clips_columns));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_LIST_VIEW (child))
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/* TRUE while the clips are being sorted. */
gboolean
ingest_clips_view_get_pending (IngestClipsView *self)
{
  g_return_val_if_fail (INGEST_IS_CLIPS_VIEW (self), FALSE);

  return gtk_sort_list_model_get_pending (self->sorted_clips) > 0;
}

/**
 * ingest_clips_view_get_inspector:
 *
 * Returns: (transfer none): the inspector of the selected clip
 */
IngestClipInspector *
ingest_clips_view_get_inspector (IngestClipsView *self)
{
  g_return_val_if_fail (INGEST_IS_CLIPS_VIEW (self), NULL);

  return self->inspector;
}
