/* ingest-drive-page.c
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

#define G_LOG_DOMAIN "ingest-drive-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-drive-page.h"
#include "ingest-format.h"
#include "ingest-roll-row.h"

/* The selected drive: identity, state, a one-line summary and its rolls.
 * validation_slot and files_slot are where the validation banner and the file
 * list go (issue 4); they stay hidden until something is put in them. */
struct _IngestDrivePage
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkImage     *icon;
  GtkLabel     *title_label;
  GtkLabel     *summary_label;
  GtkLabel     *details_label;
  GtkWidget    *state_box;
  GtkSpinner   *state_spinner;
  GtkImage     *state_image;
  GtkLabel     *state_label;
  GtkWidget    *validation_slot;
  GtkListBox   *rolls_list;
  GtkLabel     *rolls_placeholder;
  GtkWidget    *files_slot;

  /* Owned references */
  IngestDrive  *drive;
  GListModel   *rolls;
  GSignalGroup *drive_signals;
  char         *state_style;
};

G_DEFINE_FINAL_TYPE (IngestDrivePage, ingest_drive_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_drive_page_update (IngestDrivePage *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  IngestDriveState state;
  const char *state_icon;
  const char *style;
  gboolean busy;

  if (self->drive == NULL)
    return;

  state = ingest_drive_get_state (self->drive);
  busy = ingest_format_drive_state_busy (state);
  state_icon = ingest_format_drive_state_icon (state);
  style = ingest_format_drive_state_style (state);

  gtk_image_set_from_icon_name (self->icon,
                                ingest_format_drive_icon_name (ingest_drive_get_removable (self->drive),
                                                               ingest_drive_get_is_folder (self->drive)));
  gtk_label_set_label (self->title_label, ingest_drive_get_label (self->drive));

  if (state == INGEST_DRIVE_STATE_SCANNING)
    summary = ingest_format_scan_progress (ingest_drive_get_n_files (self->drive),
                                           ingest_drive_get_total_bytes (self->drive));
  else
    summary = ingest_format_drive_summary (ingest_drive_get_n_rolls (self->drive),
                                           ingest_drive_get_n_files (self->drive),
                                           ingest_drive_get_total_bytes (self->drive));
  gtk_label_set_label (self->summary_label, summary);

  details = ingest_format_drive_details (ingest_drive_get_filesystem (self->drive),
                                         ingest_drive_get_capacity (self->drive),
                                         ingest_drive_get_free_space (self->drive),
                                         ingest_drive_get_read_only (self->drive),
                                         ingest_drive_get_is_folder (self->drive));
  gtk_label_set_label (self->details_label, details);

  gtk_label_set_label (self->state_label, ingest_format_drive_state_label (state));
  gtk_spinner_set_spinning (self->state_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->state_spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->state_image), state_icon != NULL);
  if (state_icon != NULL)
    gtk_image_set_from_icon_name (self->state_image, state_icon);
  if (g_strcmp0 (style, self->state_style) != 0)
    {
      if (self->state_style != NULL)
        gtk_widget_remove_css_class (self->state_box, self->state_style);
      g_free (self->state_style);
      self->state_style = g_strdup (style);
      gtk_widget_add_css_class (self->state_box, style);
    }

  gtk_label_set_label (self->rolls_placeholder,
                       busy ? _("Looking for camera and sound rolls…")
                            : _("No camera or sound rolls on this drive"));
}

static GtkWidget *
create_roll_row_cb (gpointer item,
                    gpointer user_data)
{
  return ingest_roll_row_new (INGEST_ROLL (item));
}

static void
drive_notify_cb (IngestDrivePage *self,
                 GParamSpec      *pspec,
                 IngestDrive     *drive)
{
  g_assert (INGEST_IS_DRIVE_PAGE (self));

  ingest_drive_page_update (self);
}

static void
ingest_drive_page_dispose (GObject *object)
{
  IngestDrivePage *self = (IngestDrivePage *) object;
  GtkWidget *child;

  if (self->rolls_list != NULL)
    gtk_list_box_bind_model (self->rolls_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_DRIVE_PAGE);
  /* Children without an id are not the template's to clear. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->drive_signals != NULL)
    g_signal_group_set_target (self->drive_signals, NULL);
  g_clear_object (&self->drive_signals);
  g_clear_object (&self->rolls);
  g_clear_object (&self->drive);
  g_clear_pointer (&self->state_style, g_free);

  G_OBJECT_CLASS (ingest_drive_page_parent_class)->dispose (object);
}

static void
ingest_drive_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      g_value_set_object (value, ingest_drive_page_get_drive (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IngestDrivePage *self = INGEST_DRIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DRIVE:
      ingest_drive_page_set_drive (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_drive_page_class_init (IngestDrivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_drive_page_dispose;
  object_class->get_property = ingest_drive_page_get_property;
  object_class->set_property = ingest_drive_page_set_property;

  properties[PROP_DRIVE] =
    g_param_spec_object ("drive", NULL, NULL,
                         INGEST_TYPE_DRIVE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-drive-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, icon);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, details_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_box);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_spinner);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_image);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, validation_slot);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, rolls_list);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, rolls_placeholder);
  gtk_widget_class_bind_template_child (widget_class, IngestDrivePage, files_slot);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ingest_drive_page_init (IngestDrivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->drive_signals = g_signal_group_new (INGEST_TYPE_DRIVE);
  g_signal_group_connect_object (self->drive_signals, "notify",
                                 G_CALLBACK (drive_notify_cb), self, G_CONNECT_SWAPPED);
}

/**
 * ingest_drive_page_get_drive:
 *
 * Returns: (transfer none) (nullable): the drive shown
 */
IngestDrive *
ingest_drive_page_get_drive (IngestDrivePage *self)
{
  g_return_val_if_fail (INGEST_IS_DRIVE_PAGE (self), NULL);

  return self->drive;
}

void
ingest_drive_page_set_drive (IngestDrivePage *self,
                             IngestDrive     *drive)
{
  g_return_if_fail (INGEST_IS_DRIVE_PAGE (self));
  g_return_if_fail (drive == NULL || INGEST_IS_DRIVE (drive));

  if (!g_set_object (&self->drive, drive))
    return;

  g_clear_object (&self->rolls);
  if (drive != NULL)
    self->rolls = ingest_drive_list_rolls (drive);
  gtk_list_box_bind_model (self->rolls_list, self->rolls, create_roll_row_cb, NULL, NULL);

  g_signal_group_set_target (self->drive_signals, drive);
  ingest_drive_page_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVE]);
}
