/* ingest-roll-row.c
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

#define G_LOG_DOMAIN "ingest-roll-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-roll-row.h"

/* One roll on the drive page: reel name, kind, counts, size, which MHL covers
 * it and, once validated, its verdict. */
struct _IngestRollRow
{
  AdwActionRow  parent_instance;

  /* Template widgets */
  GtkImage     *kind_image;
  GtkLabel     *size_label;
  GtkLabel     *mhl_label;
  GtkLabel     *verdict_label;

  /* Owned references */
  IngestRoll   *roll;
  char         *verdict_style;
};

G_DEFINE_FINAL_TYPE (IngestRollRow, ingest_roll_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ROLL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A roll never changes (a rescan makes new ones), so this runs once. */
static void
ingest_roll_row_set_roll (IngestRollRow *self,
                          IngestRoll    *roll)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *size = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const char *mhl_kind;

  g_assert (self->roll == NULL);

  if (roll == NULL)
    return;

  self->roll = g_object_ref (roll);
  mhl_kind = ingest_roll_get_mhl_kind (roll);
  subtitle = ingest_format_roll_subtitle (ingest_roll_get_kind_label (roll),
                                          ingest_roll_get_n_clips (roll),
                                          ingest_roll_get_n_files (roll));
  size = g_format_size (ingest_roll_get_total_bytes (roll));
  name = ingest_display_name (ingest_roll_get_name (roll));
  path = ingest_display_name (ingest_roll_get_path (roll));

  /* a folder's name, not markup, and escaped (ingest_display_name()) */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), path);
  gtk_image_set_from_icon_name (self->kind_image, ingest_format_roll_icon_name (ingest_roll_get_kind (roll)));
  gtk_label_set_label (self->size_label, size);
  gtk_label_set_label (self->mhl_label, ingest_format_mhl_label (mhl_kind));
  gtk_widget_add_css_class (GTK_WIDGET (self->mhl_label), ingest_format_mhl_style (mhl_kind));
  if (ingest_roll_get_mhl_path (roll) != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->mhl_label), ingest_roll_get_mhl_path (roll));
}

static void
ingest_roll_row_dispose (GObject *object)
{
  IngestRollRow *self = (IngestRollRow *) object;

  g_clear_object (&self->roll);
  g_clear_pointer (&self->verdict_style, g_free);

  G_OBJECT_CLASS (ingest_roll_row_parent_class)->dispose (object);
}

static void
ingest_roll_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IngestRollRow *self = INGEST_ROLL_ROW (object);

  switch (prop_id)
    {
    case PROP_ROLL:
      g_value_set_object (value, self->roll);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_roll_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IngestRollRow *self = INGEST_ROLL_ROW (object);

  switch (prop_id)
    {
    case PROP_ROLL:
      ingest_roll_row_set_roll (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_roll_row_class_init (IngestRollRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_roll_row_dispose;
  object_class->get_property = ingest_roll_row_get_property;
  object_class->set_property = ingest_roll_row_set_property;

  properties[PROP_ROLL] =
    g_param_spec_object ("roll", NULL, NULL,
                         INGEST_TYPE_ROLL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-roll-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestRollRow, kind_image);
  gtk_widget_class_bind_template_child (widget_class, IngestRollRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, IngestRollRow, mhl_label);
  gtk_widget_class_bind_template_child (widget_class, IngestRollRow, verdict_label);
}

static void
ingest_roll_row_init (IngestRollRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ingest_roll_row_new (IngestRoll *roll)
{
  g_return_val_if_fail (INGEST_IS_ROLL (roll), NULL);

  return g_object_new (INGEST_TYPE_ROLL_ROW, "roll", roll, NULL);
}

/**
 * ingest_roll_row_get_roll:
 *
 * Returns: (transfer none): the roll shown
 */
IngestRoll *
ingest_roll_row_get_roll (IngestRollRow *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_ROW (self), NULL);

  return self->roll;
}

/* The roll's verdict in the last validation; PENDING hides it. */
void
ingest_roll_row_set_verdict (IngestRollRow           *self,
                             IngestValidationVerdict  verdict,
                             guint64                  n_problems)
{
  g_autofree char *label = NULL;
  const char *style;

  g_return_if_fail (INGEST_IS_ROLL_ROW (self));

  label = ingest_format_roll_verdict_label (verdict, n_problems);
  style = ingest_format_roll_verdict_style (verdict);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), label != NULL);
  gtk_label_set_label (self->verdict_label, label != NULL ? label : "");
  if (g_strcmp0 (style, self->verdict_style) != 0)
    {
      if (self->verdict_style != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), self->verdict_style);
      g_free (self->verdict_style);
      self->verdict_style = g_strdup (style);
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), style);
    }
}

/**
 * ingest_roll_row_get_verdict_label:
 *
 * Returns: (transfer none): the verdict tag (hidden when there is none)
 */
GtkLabel *
ingest_roll_row_get_verdict_label (IngestRollRow *self)
{
  g_return_val_if_fail (INGEST_IS_ROLL_ROW (self), NULL);

  return self->verdict_label;
}
