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

#include "ingest.h"
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

  /* Uploads (Preferences edits them, the upload panel starts from them) */
  guint      upload_destination;
  char      *nas_folder;
  gboolean   nas_network_share;
  guint      on_conflict;
  char      *s3_endpoint;
  char      *s3_region;
  char      *s3_bucket;
  char      *s3_prefix;
  char      *s3_access_key_id;
  char      *production;
  char      *shoot_day;
  char      *key_template;
  gboolean   s3_path_style;
  guint      s3_parts_in_flight;
  guint      s3_bandwidth_limit;
  gboolean   make_proxies;
  gboolean   proxy_burn_in;
  guint      proxy_preset;
};

G_DEFINE_FINAL_TYPE (IngestSettings, ingest_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MOUNT_ROOTS,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  PROP_UPLOAD_DESTINATION,
  PROP_NAS_FOLDER,
  PROP_S3_ENDPOINT,
  PROP_S3_REGION,
  PROP_S3_BUCKET,
  PROP_S3_PREFIX,
  PROP_S3_ACCESS_KEY_ID,
  PROP_PRODUCTION,
  PROP_SHOOT_DAY,
  PROP_KEY_TEMPLATE,
  PROP_S3_PATH_STYLE,
  PROP_S3_PARTS_IN_FLIGHT,
  PROP_S3_BANDWIDTH_LIMIT,
  PROP_NAS_NETWORK_SHARE,
  PROP_ON_CONFLICT,
  PROP_MAKE_PROXIES,
  PROP_PROXY_PRESET,
  PROP_PROXY_BURN_IN,
  N_PROPS
};

/* The string properties, PROP_NAS_FOLDER to this one */
#define LAST_STRING_PROP PROP_KEY_TEMPLATE

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

/* The string fields, in the order of their properties. */
static char **
string_field (IngestSettings *self,
              guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_NAS_FOLDER: return &self->nas_folder;
    case PROP_S3_ENDPOINT: return &self->s3_endpoint;
    case PROP_S3_REGION: return &self->s3_region;
    case PROP_S3_BUCKET: return &self->s3_bucket;
    case PROP_S3_PREFIX: return &self->s3_prefix;
    case PROP_S3_ACCESS_KEY_ID: return &self->s3_access_key_id;
    case PROP_PRODUCTION: return &self->production;
    case PROP_SHOOT_DAY: return &self->shoot_day;
    case PROP_KEY_TEMPLATE: return &self->key_template;
    default: g_return_val_if_reached (NULL);
    }
}

static void
set_string (IngestSettings *self,
            guint           prop_id,
            const char     *value)
{
  char **field = string_field (self, prop_id);

  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* The unsigned fields, kept within their properties' ranges. */
static guint *
uint_field (IngestSettings *self,
            guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_UPLOAD_DESTINATION: return &self->upload_destination;
    case PROP_S3_PARTS_IN_FLIGHT: return &self->s3_parts_in_flight;
    case PROP_S3_BANDWIDTH_LIMIT: return &self->s3_bandwidth_limit;
    case PROP_ON_CONFLICT: return &self->on_conflict;
    case PROP_PROXY_PRESET: return &self->proxy_preset;
    default: g_return_val_if_reached (NULL);
    }
}

static void
set_uint (IngestSettings *self,
          guint           prop_id,
          guint           value)
{
  GParamSpecUInt *pspec = G_PARAM_SPEC_UINT (properties[prop_id]);
  guint *field = uint_field (self, prop_id);

  value = CLAMP (value, pspec->minimum, pspec->maximum);
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
ingest_settings_finalize (GObject *object)
{
  IngestSettings *self = (IngestSettings *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->mount_roots, g_strfreev);
  for (guint i = PROP_NAS_FOLDER; i <= LAST_STRING_PROP; i++)
    g_clear_pointer (string_field (self, i), g_free);

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

    case PROP_UPLOAD_DESTINATION:
    case PROP_S3_PARTS_IN_FLIGHT:
    case PROP_S3_BANDWIDTH_LIMIT:
    case PROP_ON_CONFLICT:
    case PROP_PROXY_PRESET:
      g_value_set_uint (value, *uint_field (self, prop_id));
      break;

    case PROP_NAS_NETWORK_SHARE:
      g_value_set_boolean (value, self->nas_network_share);
      break;

    case PROP_MAKE_PROXIES:
      g_value_set_boolean (value, self->make_proxies);
      break;

    case PROP_PROXY_BURN_IN:
      g_value_set_boolean (value, self->proxy_burn_in);
      break;

    case PROP_NAS_FOLDER:
    case PROP_S3_ENDPOINT:
    case PROP_S3_REGION:
    case PROP_S3_BUCKET:
    case PROP_S3_PREFIX:
    case PROP_S3_ACCESS_KEY_ID:
    case PROP_PRODUCTION:
    case PROP_SHOOT_DAY:
    case PROP_KEY_TEMPLATE:
      g_value_set_string (value, *string_field (self, prop_id));
      break;

    case PROP_S3_PATH_STYLE:
      g_value_set_boolean (value, self->s3_path_style);
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

    case PROP_UPLOAD_DESTINATION:
    case PROP_S3_PARTS_IN_FLIGHT:
    case PROP_S3_BANDWIDTH_LIMIT:
    case PROP_ON_CONFLICT:
    case PROP_PROXY_PRESET:
      set_uint (self, prop_id, g_value_get_uint (value));
      break;

    case PROP_NAS_FOLDER:
    case PROP_S3_ENDPOINT:
    case PROP_S3_REGION:
    case PROP_S3_BUCKET:
    case PROP_S3_PREFIX:
    case PROP_S3_ACCESS_KEY_ID:
    case PROP_PRODUCTION:
    case PROP_SHOOT_DAY:
    case PROP_KEY_TEMPLATE:
      set_string (self, prop_id, g_value_get_string (value));
      break;

    case PROP_S3_PATH_STYLE:
    case PROP_NAS_NETWORK_SHARE:
    case PROP_MAKE_PROXIES:
    case PROP_PROXY_BURN_IN:
      {
        gboolean *field = prop_id == PROP_S3_PATH_STYLE ? &self->s3_path_style
                          : prop_id == PROP_NAS_NETWORK_SHARE ? &self->nas_network_share
                          : prop_id == PROP_MAKE_PROXIES ? &self->make_proxies
                          : &self->proxy_burn_in;

        if (*field != g_value_get_boolean (value))
          {
            *field = g_value_get_boolean (value);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_settings_class_init (IngestSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const struct {
    guint       prop;
    const char *name;
    const char *default_value;
  } strings[] = {
    { PROP_NAS_FOLDER, "nas-folder", "" },
    { PROP_S3_ENDPOINT, "s3-endpoint", "" },
    { PROP_S3_REGION, "s3-region", "us-east-1" },
    { PROP_S3_BUCKET, "s3-bucket", "" },
    { PROP_S3_PREFIX, "s3-prefix", "" },
    { PROP_S3_ACCESS_KEY_ID, "s3-access-key-id", "" },
    /* The object keys' layout and its values (DESIGN.md §5) */
    { PROP_PRODUCTION, "production", "" },
    { PROP_SHOOT_DAY, "shoot-day", "" },
    { PROP_KEY_TEMPLATE, "key-template", INGEST_KEY_TEMPLATE_DEFAULT },
  };
  static const struct {
    guint       prop;
    const char *name;
    guint       minimum, maximum, default_value;
  } uints[] = {
    /* 0: the NAS folder; 1: the S3 bucket; 2: both (IngestUploadChoice) */
    { PROP_UPLOAD_DESTINATION, "upload-destination", 0, INGEST_UPLOAD_CHOICE_BOTH, 0 },
    { PROP_S3_PARTS_IN_FLIGHT, "s3-parts-in-flight", 1, 64, 4 },
    /* MB/s, 0 = no cap */
    { PROP_S3_BANDWIDTH_LIMIT, "s3-bandwidth-limit", 0, G_MAXUINT, 0 },
    /* A different file already there: 0 fail it, 1 put it beside (IngestConflictPolicy) */
    { PROP_ON_CONFLICT, "on-conflict", INGEST_CONFLICT_FAIL, INGEST_CONFLICT_RENAME, INGEST_CONFLICT_FAIL },
    /* The proxies' IngestProxyPreset: 0 web, 1 edit */
    { PROP_PROXY_PRESET, "proxy-preset", 0, INGEST_PROXY_N_PRESETS - 1, INGEST_PROXY_PRESET_WEB },
  };

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

  /* "" = not set up. The S3 secret key is in the desktop keyring
   * (ingest-s3-secret.c), never here. */
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].prop] =
      g_param_spec_string (strings[i].name, NULL, NULL, strings[i].default_value,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_S3_PATH_STYLE] =
    g_param_spec_boolean ("s3-path-style", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The NAS folder must be a mount of its own (ingest_folder_destination_check()). */
  properties[PROP_NAS_NETWORK_SHARE] =
    g_param_spec_boolean ("nas-network-share", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Each clip's proxy made from the drive as soon as it is verified. */
  properties[PROP_MAKE_PROXIES] =
    g_param_spec_boolean ("make-proxies", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROXY_BURN_IN] =
    g_param_spec_boolean ("proxy-burn-in", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < G_N_ELEMENTS (uints); i++)
    properties[uints[i].prop] =
      g_param_spec_uint (uints[i].name, NULL, NULL,
                         uints[i].minimum, uints[i].maximum, uints[i].default_value,
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
  for (guint i = PROP_NAS_FOLDER; i <= LAST_STRING_PROP; i++)
    *string_field (self, i) = g_strdup (G_PARAM_SPEC_STRING (properties[i])->default_value);
  self->s3_parts_in_flight = G_PARAM_SPEC_UINT (properties[PROP_S3_PARTS_IN_FLIGHT])->default_value;
  self->make_proxies = TRUE;
  self->proxy_burn_in = TRUE;

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

guint
ingest_settings_get_upload_destination (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), 0);

  return self->upload_destination;
}

void
ingest_settings_set_upload_destination (IngestSettings *self,
                                        guint           choice)
{
  g_return_if_fail (INGEST_IS_SETTINGS (self));
  g_return_if_fail (choice <= INGEST_UPLOAD_CHOICE_BOTH);

  set_uint (self, PROP_UPLOAD_DESTINATION, choice);
}

/* The upload settings, as they are now. (transfer none), never NULL ("" = not set up) */
const char *
ingest_settings_get_nas_folder (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->nas_folder;
}

const char *
ingest_settings_get_s3_endpoint (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->s3_endpoint;
}

const char *
ingest_settings_get_s3_region (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->s3_region;
}

const char *
ingest_settings_get_s3_bucket (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->s3_bucket;
}

const char *
ingest_settings_get_s3_prefix (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->s3_prefix;
}

const char *
ingest_settings_get_s3_access_key_id (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->s3_access_key_id;
}

gboolean
ingest_settings_get_s3_path_style (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), FALSE);

  return self->s3_path_style;
}

guint
ingest_settings_get_s3_parts_in_flight (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), 1);

  return self->s3_parts_in_flight;
}

gboolean
ingest_settings_get_nas_network_share (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), FALSE);

  return self->nas_network_share;
}

/* What every destination does when a different file is already there. */
IngestConflictPolicy
ingest_settings_get_on_conflict (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), INGEST_CONFLICT_FAIL);

  return self->on_conflict;
}

/* In bytes per second; 0 = no cap. */
guint64
ingest_settings_get_s3_bandwidth_limit (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), 0);

  return (guint64) self->s3_bandwidth_limit * 1000000;
}

const char *
ingest_settings_get_production (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->production;
}

const char *
ingest_settings_get_shoot_day (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->shoot_day;
}

/* Not checked here: ingest_key_template_check() says what is wrong. */
const char *
ingest_settings_get_key_template (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), NULL);

  return self->key_template;
}

gboolean
ingest_settings_get_make_proxies (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), TRUE);

  return self->make_proxies;
}

IngestProxyPreset
ingest_settings_get_proxy_preset (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), INGEST_PROXY_PRESET_WEB);

  return (IngestProxyPreset) self->proxy_preset;
}

gboolean
ingest_settings_get_proxy_burn_in (IngestSettings *self)
{
  g_return_val_if_fail (INGEST_IS_SETTINGS (self), TRUE);

  return self->proxy_burn_in;
}
