/* ingest-drive-row.c
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

#define G_LOG_DOMAIN "ingest-drive-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-drive-row.h"
#include "ingest-format.h"

/* One drive in the sidebar: icon, label, a short summary and the drive's state. */
struct _IngestDriveRow
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkImage     *icon;
  GtkLabel     *title_label;
  GtkLabel     *detail_label;
  GtkSpinner   *spinner;
  GtkImage     *state_image;

  /* Owned references */
  IngestDrive  *drive;
  GSignalGroup *drive_signals;
};

G_DEFINE_FINAL_TYPE (IngestDriveRow, ingest_drive_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_drive_row_update (IngestDriveRow *self)
{
  IngestDriveState state;
  g_autofree char *detail = NULL;
  g_autofree char *label = NULL;
  const char *state_icon;
  gboolean busy;

  if (self->drive == NULL)
    return;

  state = ingest_drive_get_state (self->drive);
  busy = ingest_format_drive_state_busy (state);
  state_icon = ingest_format_drive_state_icon (state);

  gtk_image_set_from_icon_name (self->icon,
                                ingest_format_drive_icon_name (ingest_drive_get_removable (self->drive),
                                                               ingest_drive_get_is_folder (self->drive)));
  label = ingest_display_name (ingest_drive_get_label (self->drive));
  gtk_label_set_label (self->title_label, label);

  if (busy || state == INGEST_DRIVE_STATE_REMOVED)
    detail = g_strdup (ingest_format_drive_state_label (state));
  else
    detail = ingest_format_drive_short_summary (ingest_drive_get_n_rolls (self->drive),
                                                ingest_drive_get_total_bytes (self->drive));
  gtk_label_set_label (self->detail_label, detail);
  /* Listed while removed only because a job waits for it to come back. */
  if (state == INGEST_DRIVE_STATE_REMOVED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);

  gtk_widget_set_visible (GTK_WIDGET (self->state_image), state_icon != NULL);
  if (state_icon != NULL)
    {
      gtk_image_set_from_icon_name (self->state_image, state_icon);
      gtk_widget_set_css_classes (GTK_WIDGET (self->state_image),
                                  (const char *[]) { ingest_format_drive_state_style (state), NULL });
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_image), ingest_format_drive_state_label (state));
    }
}

static void
drive_notify_cb (IngestDriveRow *self,
                 GParamSpec     *pspec,
                 IngestDrive    *drive)
{
  g_assert (INGEST_IS_DRIVE_ROW (self));

  ingest_drive_row_update (self);
}

static void
ingest_drive_row_dispose (GObject *object)
{
  IngestDriveRow *self = (IngestDriveRow *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_DRIVE_ROW);
  /* Children without an id are not the template's to clear. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->drive_signals != NULL)
    g_signal_group_set_target (self->drive_signals, NULL);
  g_clear_object (&self->drive_signals);
  g_clear_object (&self->drive);

  G_OBJECT_CLASS (ingest_drive_row_parent_class)->dispose (object);
}

static void
ingest_drive_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IngestDriveRow *self = INGEST_DRIVE_ROW (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      g_value_set_object (value, ingest_drive_row_get_drive (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IngestDriveRow *self = INGEST_DRIVE_ROW (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      ingest_drive_row_set_drive (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_row_class_init (IngestDriveRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_drive_row_dispose;
  object_class->get_property = ingest_drive_row_get_property;
  object_class->set_property = ingest_drive_row_set_property;

  properties[PROP_DRIVE] =
    g_param_spec_object ("drive", NULL, NULL,
                         INGEST_TYPE_DRIVE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-drive-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestDriveRow, icon);
  gtk_widget_class_bind_template_child (widget_class, IngestDriveRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDriveRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDriveRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, IngestDriveRow, state_image);
  gtk_widget_class_set_css_name (widget_class, "ingestdriverow");
}

static void
ingest_drive_row_init (IngestDriveRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->drive_signals = g_signal_group_new (INGEST_TYPE_DRIVE);
  g_signal_group_connect_object (self->drive_signals, "notify",
                                 G_CALLBACK (drive_notify_cb), self, G_CONNECT_SWAPPED);
}

/**
 * ingest_drive_row_get_drive:
 *
 * Returns: (transfer none) (nullable): the drive shown
 */
IngestDrive *
ingest_drive_row_get_drive (IngestDriveRow *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_ROW (self), NULL);

  return self->drive;
}

void
ingest_drive_row_set_drive (IngestDriveRow *self,
                            IngestDrive    *drive)
{
  g_return_if_fail (INGEST_IS_DRIVE_ROW (self));
  g_return_if_fail (drive == NULL || INGEST_IS_DRIVE (drive));

  if (!g_set_object (&self->drive, drive))
    return;

  g_signal_group_set_target (self->drive_signals, drive);
  ingest_drive_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVE]);
}
