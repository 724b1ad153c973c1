/* ingest-clip-inspector.c
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

#define G_LOG_DOMAIN "ingest-clip-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-clip-inspector.h"
#include "ingest-clip-player.h"
#include "ingest-format.h"

/* What is known about one clip: a section per group of the clip field table
 * (Clip, Camera, Lens, Exposure, Timecode, Picture, Audio, Slate; the
 * table's groups and labels, in its order: no code per field), then its
 * files with sizes and, when the drive's validation read them, their
 * hashes; its delivery (verification, where the copies are); its problems;
 * and every other value the readers found. Only what is known is listed.
 *
 * Every value is a selectable label (Ctrl+C) with a button that puts it on
 * the clipboard as shown (inspector.copy). */
struct _IngestClipInspector
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkImage     *kind_image;
  IngestClipPlayer *player;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkScrolledWindow *scroller;
  GtkBox       *sections;

  /* Owned references */
  IngestClip   *clip;
  GListModel   *results;
};

G_DEFINE_FINAL_TYPE (IngestClipInspector, ingest_clip_inspector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIP,
  N_PROPS
};

enum {
  CLOSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A row: what the value is (small), the value, an optional detail line
 * (a hash), and a copy button for the value. */
static GtkWidget *
value_row_new (const char *caption,
               const char *value,
               const char *detail,
               const char *style)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption_label = gtk_label_new (caption);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *tooltip = NULL;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (caption_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_box_append (GTK_BOX (text), caption_label);

  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "inspector-value");
  if (style != NULL)
    gtk_widget_add_css_class (value_label, style);
  gtk_box_append (GTK_BOX (text), value_label);

  if (detail != NULL)
    {
      GtkWidget *detail_label = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (detail_label), PANGO_WRAP_CHAR);
      gtk_label_set_selectable (GTK_LABEL (detail_label), TRUE);
      gtk_widget_add_css_class (detail_label, "caption");
      gtk_widget_add_css_class (detail_label, "monospace");
      gtk_widget_add_css_class (detail_label, "dim-label");
      gtk_box_append (GTK_BOX (text), detail_label);
    }
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "inspector.copy");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", value);
  /* Translators: tooltip of a copy button; %s says what is copied, e.g. "Copy Lens" */
  tooltip = g_strdup_printf (_("Copy %s"), caption);
  gtk_widget_set_tooltip_text (copy, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_box_append (GTK_BOX (box), copy);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
add_section (IngestClipInspector *self,
             const char          *title)
{
  GtkWidget *group = adw_preferences_group_new ();
  /* The group's title is markup. */
  g_autofree char *markup = g_markup_escape_text (title, -1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), markup);
  gtk_box_append (self->sections, group);
  return group;
}

/* The drive's validation result for PATH (relative to the drive), or NULL. */
static IngestValidationResult *
find_result (IngestClipInspector *self,
             const char          *path)
{
  guint n = self->results != NULL ? g_list_model_get_n_items (self->results) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IngestValidationResult) result = g_list_model_get_item (self->results, i);

      if (g_strcmp0 (ingest_validation_result_get_path (result), path) == 0)
        return g_steal_pointer (&result);
    }
  return NULL;
}

static void
add_field_sections (IngestClipInspector *self)
{
  GtkWidget *groups[INGEST_CLIP_GROUP_SLATE + 1] = { NULL, };

  /* Sections in group order, rows in table order. */
  for (guint group = INGEST_CLIP_GROUP_CLIP; group <= INGEST_CLIP_GROUP_SLATE; group++)
    for (guint field = 0; field < INGEST_CLIP_N_FIELDS; field++)
      {
        g_autofree char *value = NULL;

        if (ingest_clip_field_get_group (field) != group || !ingest_clip_has_field (self->clip, field))
          continue;
        value = ingest_format_clip_value (field, ingest_clip_get_field (self->clip, field));
        if (groups[group] == NULL)
          groups[group] = add_section (self, ingest_clip_group_get_label (group));
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[group]),
                                   value_row_new (ingest_clip_field_get_label (field), value, NULL, NULL));
      }
}

static void
add_files_section (IngestClipInspector *self)
{
  GtkWidget *group;
  const char *roll_path = ingest_clip_get_roll_path (self->clip);
  gboolean any_hash = FALSE;

  if (ingest_clip_get_n_files (self->clip) == 0)
    return;

  group = add_section (self, _("Files & Hashes"));
  for (guint i = 0; i < ingest_clip_get_n_files (self->clip); i++)
    {
      const char *file = ingest_clip_get_file (self->clip, i);
      g_autofree char *drive_path = roll_path != NULL && *roll_path != '\0'
                                    ? g_strconcat (roll_path, "/", file, NULL) : g_strdup (file);
      g_autoptr(IngestValidationResult) result = find_result (self, drive_path);
      g_autofree char *size = g_format_size (ingest_clip_get_file_size (self->clip, i));
      g_autofree char *hash = NULL;
      const char *digest = NULL;

      if (result != NULL)
        {
          digest = ingest_validation_result_get_found (result);
          if (digest == NULL)
            digest = ingest_validation_result_get_expected (result);
        }
      if (digest != NULL)
        {
          hash = ingest_format_result_hash (ingest_validation_result_get_kind (result), digest);
          any_hash = TRUE;
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row_new (size, file, hash, NULL));
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         any_hash ? NULL : _("Hashes show once the drive is validated"));
}

static void
add_delivery_section (IngestClipInspector *self)
{
  IngestValidationStatus status;
  gboolean known = ingest_clip_get_verification (self->clip, &status);
  GtkWidget *group = add_section (self, _("Delivery"));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             value_row_new (_("Verification"), ingest_format_clip_verification (known, status), NULL,
                                            ingest_format_clip_verification_style (known, status)));
  for (guint i = 0; i < ingest_clip_get_n_locations (self->clip); i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               value_row_new (_("Copy at"), ingest_clip_get_location (self->clip, i), NULL, NULL));
  if (ingest_clip_get_n_locations (self->clip) == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("Not delivered to a destination yet"));
}

static void
add_problems_section (IngestClipInspector *self)
{
  GtkWidget *group = NULL;
  guint n_missing = ingest_clip_get_n_missing_ranges (self->clip);

  if (ingest_clip_get_n_problems (self->clip) == 0 && n_missing == 0)
    return;

  group = add_section (self, _("Problems"));
  for (guint i = 0; i < n_missing; i++)
    {
      g_autofree char *range = NULL;
      gint64 first, last;

      ingest_clip_get_missing_range (self->clip, i, &first, &last);
      range = first == last ? g_strdup_printf ("%" G_GINT64_FORMAT, first)
                            : g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, first, last);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 value_row_new (_("Missing frames"), range, NULL, "error"));
    }
  for (guint i = 0; i < ingest_clip_get_n_problems (self->clip); i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               value_row_new (_("Problem"), ingest_clip_get_problem (self->clip, i), NULL, NULL));
}

/* Everything else a reader found, under its own name. */
static void
add_attributes_section (IngestClipInspector *self)
{
  g_auto(GStrv) names = ingest_clip_dup_attribute_names (self->clip);
  GtkWidget *group;

  if (names == NULL || names[0] == NULL)
    return;

  group = add_section (self, _("More"));
  for (guint i = 0; names[i] != NULL; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               value_row_new (names[i], ingest_clip_get_attribute (self->clip, names[i]), NULL, NULL));
}

static void
ingest_clip_inspector_rebuild (IngestClipInspector *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections))) != NULL)
    gtk_box_remove (self->sections, child);

  if (self->clip == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      return;
    }

  {
    g_autofree char *subtitle = ingest_format_clip_subtitle (self->clip);

    gtk_image_set_from_icon_name (self->kind_image, ingest_format_clip_kind_icon (ingest_clip_get_kind (self->clip)));
    gtk_label_set_label (self->title_label, ingest_clip_get_name (self->clip));
    gtk_label_set_label (self->subtitle_label, subtitle);
  }

  add_field_sections (self);
  add_files_section (self);
  add_delivery_section (self);
  add_problems_section (self);
  add_attributes_section (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/*
 * Actions and callbacks
 */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (param, NULL));
}

static void
close_clicked_cb (IngestClipInspector *self)
{
  g_signal_emit (self, signals[CLOSE], 0);
}

/*
 * Overrides
 */

static void
ingest_clip_inspector_dispose (GObject *object)
{
  IngestClipInspector *self = (IngestClipInspector *) object;

  g_clear_object (&self->clip);
  g_clear_object (&self->results);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_CLIP_INSPECTOR);
  /* The root box has no id: not the template's to clear. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ingest_clip_inspector_parent_class)->dispose (object);
}

static void
ingest_clip_inspector_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IngestClipInspector *self = INGEST_CLIP_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      g_value_set_object (value, self->clip);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clip_inspector_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  IngestClipInspector *self = INGEST_CLIP_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      ingest_clip_inspector_set_clip (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clip_inspector_class_init (IngestClipInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_clip_inspector_dispose;
  object_class->get_property = ingest_clip_inspector_get_property;
  object_class->set_property = ingest_clip_inspector_set_property;

  properties[PROP_CLIP] =
    g_param_spec_object ("clip", NULL, NULL,
                         INGEST_TYPE_CLIP,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user closed the inspector. */
  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (INGEST_TYPE_CLIP_PLAYER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-clip-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestClipInspector, kind_image);
  gtk_widget_class_bind_template_child (widget_class, IngestClipInspector, player);
  gtk_widget_class_bind_template_child (widget_class, IngestClipInspector, title_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipInspector, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipInspector, scroller);
  gtk_widget_class_bind_template_child (widget_class, IngestClipInspector, sections);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ingestclipinspector");

  gtk_widget_class_install_action (widget_class, "inspector.copy", "s", copy_action);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Escape, 0, "close", NULL);
}

static void
ingest_clip_inspector_init (IngestClipInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ingest_clip_inspector_get_clip:
 *
 * Returns: (transfer none) (nullable): the clip shown
 */
IngestClip *
ingest_clip_inspector_get_clip (IngestClipInspector *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_INSPECTOR (self), NULL);

  return self->clip;
}

void
ingest_clip_inspector_set_clip (IngestClipInspector *self,
                                IngestClip          *clip)
{
  g_return_if_fail (INGEST_IS_CLIP_INSPECTOR (self));
  g_return_if_fail (clip == NULL || INGEST_IS_CLIP (clip));

  if (!g_set_object (&self->clip, clip))
    return;

  ingest_clip_player_set_clip (self->player, clip);
  ingest_clip_inspector_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
}

/**
 * ingest_clip_inspector_set_results:
 * @results: (nullable): validation results (IngestValidationResult) of the
 *   clip's drive: where the files' hashes come from
 */
void
ingest_clip_inspector_set_results (IngestClipInspector *self,
                                   GListModel          *results)
{
  g_return_if_fail (INGEST_IS_CLIP_INSPECTOR (self));
  g_return_if_fail (results == NULL || G_IS_LIST_MODEL (results));

  if (!g_set_object (&self->results, results))
    return;
  if (self->clip != NULL)
    ingest_clip_inspector_rebuild (self);
}

/**
 * ingest_clip_inspector_get_player:
 *
 * Returns: (transfer none): the preview player at the top of the inspector
 */
IngestClipPlayer *
ingest_clip_inspector_get_player (IngestClipInspector *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_INSPECTOR (self), NULL);

  return self->player;
}

/**
 * ingest_clip_inspector_set_library:
 * @library: (nullable): where the player's circled-take toggle is stored
 */
void
ingest_clip_inspector_set_library (IngestClipInspector *self,
                                   IngestClipLibrary   *library)
{
  g_return_if_fail (INGEST_IS_CLIP_INSPECTOR (self));

  ingest_clip_player_set_library (self->player, library);
}
