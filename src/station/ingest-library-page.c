/* ingest-library-page.c
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

#define G_LOG_DOMAIN "ingest-library-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-library-page.h"

/* The Library: every roll the catalog keeps, as productions → shoot days →
 * drives → rolls, and a search over all their clips. Selecting a roll lists
 * its clips, a search lists the clips it finds, both in an IngestClipsView
 * (activating one opens its inspector).
 *
 * Every query runs on the library's worker (the _async calls) and is
 * cancelled by the next one: typing in the search entry (debounced by the
 * entry's search-delay) or picking another roll never waits for the last.
 *
 * The tree is built once per listing of the rolls: a group (production,
 * day, drive) is a GtkStringObject carrying the list of what it holds. */
struct _IngestLibraryPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkStack           *rolls_stack;
  GtkListView        *rolls_view;
  GtkSingleSelection *rolls_selection;
  IngestClipsView    *clips_view;

  /* Owned references */
  IngestClipLibrary  *library;
  GListModel         *rolls;          /* of IngestLibraryRoll, as listed */
  GCancellable       *rolls_query;
  GCancellable       *clips_query;
  GListModel         *roll_clips;     /* the selected roll's, shown without a search */
};

G_DEFINE_FINAL_TYPE (IngestLibraryPage, ingest_library_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark children_quark;

#define SEARCH_LIMIT 1000

/*
 * The tree
 */

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListModel *children = g_object_get_qdata (item, children_quark);

  return children != NULL ? g_object_ref (children) : NULL;
}

/* The group named NAME at the end of PARENT (rolls come grouped in order),
 * made when the last one has another name. */
static GListStore *
group_in (GListStore *parent,
          const char *name,
          GType       child_type)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (parent));
  g_autoptr(GtkStringObject) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (parent), n - 1) : NULL;
  GListStore *children;

  if (last != NULL && g_strcmp0 (gtk_string_object_get_string (last), name) == 0)
    return g_object_get_qdata (G_OBJECT (last), children_quark);

  g_clear_object (&last);
  last = gtk_string_object_new (name);
  children = g_list_store_new (child_type);
  g_object_set_qdata_full (G_OBJECT (last), children_quark, children, g_object_unref);
  g_list_store_append (parent, last);
  return children;
}

static GListModel *
build_tree (GListModel *rolls)
{
  GListStore *productions = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestLibraryRoll) roll = g_list_model_get_item (rolls, i);
      const char *production = ingest_library_roll_get_production (roll);
      const char *drive = ingest_library_roll_get_drive_label (roll);
      g_autofree char *drive_name = ingest_display_name (drive != NULL && *drive != '\0' ? drive : _("Unnamed drive"));
      GListStore *days, *drives, *drive_rolls;

      days = group_in (productions, production != NULL && *production != '\0' ? production : _("No production"),
                       GTK_TYPE_STRING_OBJECT);
      drives = group_in (days, ingest_library_roll_get_shoot_day (roll), GTK_TYPE_STRING_OBJECT);
      drive_rolls = group_in (drives, drive_name, INGEST_TYPE_LIBRARY_ROLL);
      g_list_store_append (drive_rolls, roll);
    }
  return G_LIST_MODEL (productions);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *labels = gtk_widget_get_next_sibling (image);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  gpointer node = gtk_tree_list_row_get_item (row);
  guint depth = gtk_tree_list_row_get_depth (row);
  static const char * const icons[] = { "folder-videos-symbolic", "x-office-calendar-symbolic",
                                        "drive-harddisk-symbolic", "camera-video-symbolic" };

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), icons[MIN (depth, G_N_ELEMENTS (icons) - 1)]);
  if (depth == 0)
    gtk_widget_add_css_class (title, "heading");
  else
    gtk_widget_remove_css_class (title, "heading");

  if (INGEST_IS_LIBRARY_ROLL (node))
    {
      IngestLibraryRoll *roll = node;
      g_autofree char *name = ingest_display_name (ingest_library_roll_get_roll_name (roll));
      g_autofree char *clips = ingest_format_clip_count (ingest_library_roll_get_n_clips (roll));

      gtk_label_set_label (GTK_LABEL (title), name);
      gtk_label_set_label (GTK_LABEL (subtitle), clips);
      gtk_widget_set_visible (subtitle, TRUE);
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (title), gtk_string_object_get_string (node));
      gtk_widget_set_visible (subtitle, FALSE);
    }
  g_object_unref (node);
}

/*
 * Queries
 */

static void
set_pending (IngestLibraryPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
list_rolls_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(IngestLibraryPage) self = user_data;
  g_autoptr(GListModel) rolls = NULL;
  g_autoptr(GListModel) tree = NULL;
  g_autoptr(GError) error = NULL;
  GtkTreeListModel *tree_model;

  rolls = ingest_clip_library_list_rolls_finish (INGEST_CLIP_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->rolls_query);
  if (rolls == NULL)
    {
      g_debug ("Could not list the library's rolls: %s", error->message);
      set_pending (self);
      return;
    }

  g_set_object (&self->rolls, rolls);
  tree = build_tree (rolls);
  tree_model = gtk_tree_list_model_new (g_steal_pointer (&tree), FALSE, TRUE, create_children_cb, NULL, NULL);
  gtk_single_selection_set_model (self->rolls_selection, G_LIST_MODEL (tree_model));
  g_object_unref (tree_model);
  gtk_stack_set_visible_child_name (self->rolls_stack, g_list_model_get_n_items (rolls) > 0 ? "rolls" : "empty");
  set_pending (self);
}

/* The clips of a query (a roll's, or a search's) shown, once it is done. */
static void
show_clips (IngestLibraryPage *self,
            GListModel        *clips,
            gboolean           searched)
{
  if (searched)
    ingest_clips_view_set_placeholder (self->clips_view, _("No Results"),
                                       _("No clip matches all of these words"));
  else
    ingest_clips_view_set_placeholder (self->clips_view, _("No Roll Selected"),
                                       _("Pick a roll, or search every clip ever ingested"));
  ingest_clips_view_set_clips (self->clips_view, clips);
}

static void
list_clips_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(IngestLibraryPage) self = user_data;
  g_autoptr(GListModel) clips = NULL;
  g_autoptr(GError) error = NULL;

  clips = ingest_clip_library_list_clips_finish (INGEST_CLIP_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->clips_query);
  if (clips == NULL)
    g_debug ("Could not list the roll's clips: %s", error->message);
  g_set_object (&self->roll_clips, clips);
  show_clips (self, clips, FALSE);
  set_pending (self);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IngestLibraryPage) self = user_data;
  g_autoptr(GListModel) clips = NULL;
  g_autoptr(GError) error = NULL;

  clips = ingest_clip_library_search_finish (INGEST_CLIP_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->clips_query);
  if (clips == NULL)
    g_debug ("Search failed: %s", error->message);
  show_clips (self, clips, TRUE);
  set_pending (self);
}

static GCancellable *
restart (GCancellable **query)
{
  if (*query != NULL)
    g_cancellable_cancel (*query);
  g_clear_object (query);
  *query = g_cancellable_new ();
  return *query;
}

/*
 * Callbacks
 */

static void
roll_selected_cb (IngestLibraryPage *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->rolls_selection);
  g_autoptr(GObject) node = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
  IngestLibraryRoll *roll;

  if (!INGEST_IS_LIBRARY_ROLL (node) || self->library == NULL)
    return;
  roll = INGEST_LIBRARY_ROLL (node);

  /* A roll picked is what the user wants to see, not the last search. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  ingest_clip_library_list_clips_async (self->library,
                                        ingest_library_roll_get_drive_identity (roll),
                                        ingest_library_roll_get_roll_path (roll),
                                        restart (&self->clips_query),
                                        list_clips_cb, g_object_ref (self));
  set_pending (self);
}

static void
search_changed_cb (IngestLibraryPage *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (self->library == NULL)
    return;
  if (*query == '\0')
    {
      /* Back to the roll picked, if any. */
      if (self->clips_query != NULL)
        g_cancellable_cancel (self->clips_query);
      g_clear_object (&self->clips_query);
      show_clips (self, self->roll_clips, FALSE);
      set_pending (self);
      return;
    }
  ingest_clip_library_search_async (self->library, query, SEARCH_LIMIT, restart (&self->clips_query),
                                    search_cb, g_object_ref (self));
  set_pending (self);
}

/* Enter: the first result in the inspector. */
static void
search_activate_cb (IngestLibraryPage *self)
{
  if (g_list_model_get_n_items (ingest_clips_view_get_shown (self->clips_view)) > 0)
    ingest_clips_view_select (self->clips_view, 0);
}

/*
 * Overrides
 */

static void
ingest_library_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ingest_library_page_parent_class)->map (widget);

  /* What was ingested since it was last shown. */
  ingest_library_page_reload (INGEST_LIBRARY_PAGE (widget));
}

static void
ingest_library_page_dispose (GObject *object)
{
  IngestLibraryPage *self = (IngestLibraryPage *) object;

  if (self->rolls_query != NULL)
    g_cancellable_cancel (self->rolls_query);
  if (self->clips_query != NULL)
    g_cancellable_cancel (self->clips_query);
  g_clear_object (&self->rolls_query);
  g_clear_object (&self->clips_query);
  g_clear_object (&self->library);
  g_clear_object (&self->rolls);
  g_clear_object (&self->roll_clips);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_LIBRARY_PAGE);
  /* The root box has no id: not the template's to clear. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ingest_library_page_parent_class)->dispose (object);
}

static void
ingest_library_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IngestLibraryPage *self = INGEST_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, ingest_library_page_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_library_page_class_init (IngestLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_library_page_dispose;
  object_class->get_property = ingest_library_page_get_property;
  widget_class->map = ingest_library_page_map;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  children_quark = g_quark_from_static_string ("ingest-library-children");

  g_type_ensure (INGEST_TYPE_CLIPS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestLibraryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IngestLibraryPage, rolls_stack);
  gtk_widget_class_bind_template_child (widget_class, IngestLibraryPage, rolls_view);
  gtk_widget_class_bind_template_child (widget_class, IngestLibraryPage, rolls_selection);
  gtk_widget_class_bind_template_child (widget_class, IngestLibraryPage, clips_view);
  gtk_widget_class_bind_template_callback (widget_class, roll_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ingestlibrarypage");
}

static void
ingest_library_page_init (IngestLibraryPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->rolls_view, factory);
  show_clips (self, NULL, FALSE);
}

/*
 * Public API
 */

/**
 * ingest_library_page_get_library:
 *
 * Returns: (transfer none) (nullable): the library shown
 */
IngestClipLibrary *
ingest_library_page_get_library (IngestLibraryPage *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_PAGE (self), NULL);

  return self->library;
}

void
ingest_library_page_set_library (IngestLibraryPage *self,
                                 IngestClipLibrary *library)
{
  g_return_if_fail (INGEST_IS_LIBRARY_PAGE (self));
  g_return_if_fail (library == NULL || INGEST_IS_CLIP_LIBRARY (library));

  if (!g_set_object (&self->library, library))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ingest_library_page_reload (self);
}

/* Lists the rolls again (on a worker); the tree is replaced when they come. */
void
ingest_library_page_reload (IngestLibraryPage *self)
{
  g_return_if_fail (INGEST_IS_LIBRARY_PAGE (self));

  if (self->library == NULL)
    return;
  ingest_clip_library_list_rolls_async (self->library, restart (&self->rolls_query),
                                        list_rolls_cb, g_object_ref (self));
  set_pending (self);
}

void
ingest_library_page_focus_search (IngestLibraryPage *self)
{
  g_return_if_fail (INGEST_IS_LIBRARY_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* TRUE while a query runs. */
gboolean
ingest_library_page_get_pending (IngestLibraryPage *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_PAGE (self), FALSE);

  return self->rolls_query != NULL || self->clips_query != NULL;
}

/**
 * ingest_library_page_get_rolls:
 *
 * Returns: (transfer none) (nullable): the rolls (IngestLibraryRoll) last listed
 */
GListModel *
ingest_library_page_get_rolls (IngestLibraryPage *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_PAGE (self), NULL);

  return self->rolls;
}

/* Selects ROLL in the tree, which lists its clips. */
void
ingest_library_page_select_roll (IngestLibraryPage *self,
                                 IngestLibraryRoll *roll)
{
  GListModel *rows;

  g_return_if_fail (INGEST_IS_LIBRARY_PAGE (self));

  rows = G_LIST_MODEL (self->rolls_selection);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) node = gtk_tree_list_row_get_item (row);

      if (node == (GObject *) roll)
        {
          gtk_single_selection_set_selected (self->rolls_selection, i);
          return;
        }
    }
}

/**
 * ingest_library_page_get_clips_view:
 *
 * Returns: (transfer none): the view of the roll's or the search's clips
 */
IngestClipsView *
ingest_library_page_get_clips_view (IngestLibraryPage *self)
{
  g_return_val_if_fail (INGEST_IS_LIBRARY_PAGE (self), NULL);

  return self->clips_view;
}
