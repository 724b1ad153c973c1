/* ingest-result-cell.c
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

#define G_LOG_DOMAIN "ingest-result-cell"

#include "config.h"

#include "ingest-format.h"
#include "ingest-result-cell.h"

/* One cell of the file list: a field of an IngestValidationResult, in the
 * station's wording. Results never change, so a cell is filled once per item
 * it is bound to, with two widgets at most and no tooltip until asked for: a
 * list of thousands of rows stays cheap to scroll and to update while a
 * validation runs. */
struct _IngestResultCell
{
  GtkWidget               parent_instance;

  GtkImage               *image;         /* status only */
  GtkInscription         *inscription;

  IngestResultField       field;
  IngestValidationResult *result;
  char                   *style;
};

G_DEFINE_FINAL_TYPE (IngestResultCell, ingest_result_cell, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (IngestResultField, ingest_result_field,
  G_DEFINE_ENUM_VALUE (INGEST_RESULT_FIELD_STATUS, "status"),
  G_DEFINE_ENUM_VALUE (INGEST_RESULT_FIELD_PATH, "path"),
  G_DEFINE_ENUM_VALUE (INGEST_RESULT_FIELD_SIZE, "size"),
  G_DEFINE_ENUM_VALUE (INGEST_RESULT_FIELD_EXPECTED, "expected"),
  G_DEFINE_ENUM_VALUE (INGEST_RESULT_FIELD_FOUND, "found"))

enum {
  PROP_0,
  PROP_FIELD,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The path in full, and what else there is to know about the file. */
static char *
describe (IngestValidationResult *result)
{
  return ingest_format_result_details (ingest_validation_result_get_path (result),
                                       ingest_validation_result_get_renamed_from (result),
                                       ingest_validation_result_get_message (result),
                                       ingest_validation_result_get_source (result));
}

static void
ingest_result_cell_update (IngestResultCell *self)
{
  IngestValidationResult *result = self->result;
  IngestValidationStatus status = result ? ingest_validation_result_get_status (result) : INGEST_VALIDATION_STATUS_VERIFIED;
  g_autofree char *text = NULL;
  const char *style = NULL;

  if (result != NULL)
    {
      switch (self->field)
        {
        case INGEST_RESULT_FIELD_STATUS:
          text = g_strdup (ingest_format_status_label (status));
          style = ingest_format_status_style (status);
          if (self->image != NULL)
            gtk_image_set_from_icon_name (self->image, ingest_format_status_icon (status));
          break;

        case INGEST_RESULT_FIELD_PATH:
          text = ingest_display_name (ingest_validation_result_get_path (result));
          break;

        case INGEST_RESULT_FIELD_SIZE:
          text = ingest_format_result_size (ingest_validation_result_get_size (result));
          break;

        case INGEST_RESULT_FIELD_EXPECTED:
          text = ingest_format_result_hash (ingest_validation_result_get_kind (result),
                                            ingest_validation_result_get_expected (result));
          break;

        case INGEST_RESULT_FIELD_FOUND:
          text = ingest_format_result_found (status,
                                             ingest_validation_result_get_kind (result),
                                             ingest_validation_result_get_found (result),
                                             ingest_validation_result_get_message (result));
          break;

        default:
          g_assert_not_reached ();
        }
    }

  gtk_inscription_set_text (self->inscription, text);
  if (g_strcmp0 (style, self->style) != 0)
    {
      if (self->style != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self), self->style);
      g_free (self->style);
      self->style = g_strdup (style);
      if (style != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self), style);
    }
}

/* Asked for when the pointer rests on the cell: setting a tooltip on every
 * cell as rows are bound costs a round trip to the X server each. The path
 * says what else there is to know; a hash cell shows the whole hash. */
static gboolean
ingest_result_cell_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_tooltip,
                                  GtkTooltip *tooltip)
{
  IngestResultCell *self = INGEST_RESULT_CELL (widget);
  g_autofree char *text = NULL;

  if (self->result == NULL || self->field == INGEST_RESULT_FIELD_STATUS || self->field == INGEST_RESULT_FIELD_SIZE)
    return FALSE;

  if (self->field == INGEST_RESULT_FIELD_PATH)
    text = describe (self->result);
  else
    text = g_strdup (gtk_inscription_get_text (self->inscription));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
ingest_result_cell_set_field (IngestResultCell  *self,
                              IngestResultField  field)
{
  self->field = field;

  switch (field)
    {
    case INGEST_RESULT_FIELD_STATUS:
      /* Fewer widgets per row, faster rows: only this column has an icon. */
      self->image = GTK_IMAGE (gtk_image_new ());
      gtk_widget_insert_after (GTK_WIDGET (self->image), GTK_WIDGET (self), NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self), "status-cell");
      gtk_inscription_set_min_chars (self->inscription, 8);
      break;

    case INGEST_RESULT_FIELD_PATH:
      gtk_inscription_set_text_overflow (self->inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
      gtk_inscription_set_min_chars (self->inscription, 34);
      gtk_inscription_set_nat_chars (self->inscription, 48);
      break;

    case INGEST_RESULT_FIELD_SIZE:
      gtk_inscription_set_xalign (self->inscription, 1);
      gtk_inscription_set_min_chars (self->inscription, 8);
      gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
      break;

    case INGEST_RESULT_FIELD_EXPECTED:
    case INGEST_RESULT_FIELD_FOUND:
      gtk_inscription_set_text_overflow (self->inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_min_chars (self->inscription, 10);
      gtk_inscription_set_nat_chars (self->inscription, 20);
      gtk_widget_add_css_class (GTK_WIDGET (self), "monospace");
      if (field == INGEST_RESULT_FIELD_EXPECTED)
        gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
      break;

    default:
      g_assert_not_reached ();
    }
  ingest_result_cell_update (self);
}

static void
ingest_result_cell_dispose (GObject *object)
{
  IngestResultCell *self = (IngestResultCell *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->result);
  g_clear_pointer (&self->style, g_free);

  G_OBJECT_CLASS (ingest_result_cell_parent_class)->dispose (object);
}

static void
ingest_result_cell_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestResultCell *self = INGEST_RESULT_CELL (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_enum (value, self->field);
      break;

    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_result_cell_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IngestResultCell *self = INGEST_RESULT_CELL (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      ingest_result_cell_set_field (self, g_value_get_enum (value));
      break;

    case PROP_RESULT:
      ingest_result_cell_set_result (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_result_cell_class_init (IngestResultCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_result_cell_dispose;
  object_class->get_property = ingest_result_cell_get_property;
  object_class->set_property = ingest_result_cell_set_property;

  widget_class->query_tooltip = ingest_result_cell_query_tooltip;

  properties[PROP_FIELD] =
    g_param_spec_enum ("field", NULL, NULL,
                       INGEST_TYPE_RESULT_FIELD,
                       INGEST_RESULT_FIELD_PATH,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL,
                         INGEST_TYPE_VALIDATION_RESULT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "resultcell");
}

static void
ingest_result_cell_init (IngestResultCell *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->inscription), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->inscription), GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
ingest_result_cell_new (IngestResultField field)
{
  return g_object_new (INGEST_TYPE_RESULT_CELL, "field", field, NULL);
}

/**
 * ingest_result_cell_get_result:
 *
 * Returns: (transfer none) (nullable): the result shown
 */
IngestValidationResult *
ingest_result_cell_get_result (IngestResultCell *self)
{
  g_return_val_if_fail (INGEST_IS_RESULT_CELL (self), NULL);

  return self->result;
}

void
ingest_result_cell_set_result (IngestResultCell       *self,
                               IngestValidationResult *result)
{
  g_return_if_fail (INGEST_IS_RESULT_CELL (self));
  g_return_if_fail (result == NULL || INGEST_IS_VALIDATION_RESULT (result));

  if (!g_set_object (&self->result, result))
    return;

  ingest_result_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

/* The text shown (for tests and accessibility checks). */
const char *
ingest_result_cell_get_text (IngestResultCell *self)
{
  g_return_val_if_fail (INGEST_IS_RESULT_CELL (self), NULL);

  return gtk_inscription_get_text (self->inscription);
}
