/* ingest-settings.c
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

#define G_LOG_DOMAIN "ingest-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-settings.h"

/* The station's settings as typed properties, kept in sync with GSettings.
 * Without an installed schema (a build run by hand) it holds the defaults and
 * nothing is saved. */
struct _IngestSettings
{
  GObject    parent_instance;

  /* Owned references */
  GSettings *settings;
  char     **mount_roots;

  int        window_width;
  int        window_height;
  gboolean   window_maximized;
};

G_DEFINE_FINAL_TYPE (IngestSettings, ingest_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MOUNT_ROOTS,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ingest_settings_set_mount_roots (IngestSettings     *self,
                                 const char * const *mount_roots)
{
  if (self->mount_roots != NULL && mount_roots != NULL &&
      g_strv_equal ((const char * const *) self->mount_roots, mount_roots))
    return;

  g_strfreev (self->mount_roots);
  self->mount_roots = g_strdupv ((char **) mount_roots);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOUNT_ROOTS]);
}

static void
ingest_settings_finalize (GObject *object)
{
  IngestSettings *self = (IngestSettings *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->mount_roots, g_strfreev);

  G_OBJECT_CLASS (ingest_settings_parent_class)->finalize (object);
}

static void
ingest_settings_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IngestSettings *self = INGEST_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_MOUNT_ROOTS:
      g_value_set_boxed (value, self->mount_roots);
      break;

    case PROP_WINDOW_WIDTH:
      g_value_set_int (value, ingest_settings_get_window_width (self));
      break;

    case PROP_WINDOW_HEIGHT:
      g_value_set_int (value, ingest_settings_get_window_height (self));
      break;

    case PROP_WINDOW_MAXIMIZED:
      g_value_set_boolean (value, ingest_settings_get_window_maximized (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_settings_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IngestSettings *self = INGEST_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_MOUNT_ROOTS:
      ingest_settings_set_mount_roots (self, g_value_get_boxed (value));
      break;

    case PROP_WINDOW_WIDTH:
      ingest_settings_set_window_width (self, g_value_get_int (value));
      break;

    case PROP_WINDOW_HEIGHT:
      ingest_settings_set_window_height (self, g_value_get_int (value));
      break;

    case PROP_WINDOW_MAXIMIZED:
      ingest_settings_set_window_maximized (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_settings_class_init (IngestSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_settings_finalize;
  object_class->get_property = ingest_settings_get_property;
  object_class->set_property = ingest_settings_set_property;

  /* Read at start-up by the drive monitor. */
  properties[PROP_MOUNT_ROOTS] =
    g_param_spec_boxed ("mount-roots", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW_WIDTH] =
    g_param_spec_int ("window-width", NULL, NULL,
                      360, G_MAXINT, 1100,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW_HEIGHT] =
    g_param_spec_int ("window-height", NULL, NULL,
                      294, G_MAXINT, 720,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW_MAXIMIZED] =
    g_param_spec_boolean ("window-maximized", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_settings_init (IngestSettings *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  self->window_width = 1100;
  self->window_height = 720;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("Settings schema %s is not installed; using defaults. "
                    "Set GSETTINGS_SCHEMA_DIR to the build’s data folder.\n"), APP_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  for (guint i = PROP_MOUNT_ROOTS; i < N_PROPS; i++)
    g_settings_bind (self->settings, properties[i]->name, self, properties[i]->name, G_SETTINGS_BIND_DEFAULT);
}

IngestSettings *
ingest_settings_new (void)
{
  return g_object_new (INGEST_TYPE_SETTINGS, NULL);
}

/**
 * ingest_settings_get_mount_roots:
 *
 * Returns: (transfer none) (nullable): the glob patterns of the folders drives
 *   are mounted in, or %NULL for the drive monitor's defaults
 */
const char * const *
ingest_settings_get_mount_roots (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  if (self->mount_roots == NULL || self->mount_roots[0] == NULL)
    return NULL;
  return (const char * const *) self->mount_roots;
}

int
ingest_settings_get_window_width (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), 0);

  return self->window_width;
}

void
ingest_settings_set_window_width (IngestSettings *self,
                                  int             width)
{
  g_return_if_fail (INGEST_IS_SETTINGS (self));

  width = MAX (width, 360);
  if (self->window_width == width)
    return;
  self->window_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_WIDTH]);
}

int
ingest_settings_get_window_height (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), 0);

  return self->window_height;
}

void
ingest_settings_set_window_height (IngestSettings *self,
                                   int             height)
{
  g_return_if_fail (INGEST_IS_SETTINGS (self));

  height = MAX (height, 294);
  if (self->window_height == height)
    return;
  self->window_height = height;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_HEIGHT]);
}

gboolean
ingest_settings_get_window_maximized (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), FALSE);

  return self->window_maximized;
}

void
ingest_settings_set_window_maximized (IngestSettings *self,
                                      gboolean        maximized)
{
  g_return_if_fail (INGEST_IS_SETTINGS (self));

  maximized = !!maximized;
  if (self->window_maximized == maximized)
    return;
  self->window_maximized = maximized;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_MAXIMIZED]);
}
