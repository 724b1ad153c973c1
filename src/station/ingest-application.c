/* ingest-application.c
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

#define G_LOG_DOMAIN "ingest-application"

#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "ingest-application-private.h"
#include "ingest-demo.h"
#include "ingest-window.h"

/* The station: one drive monitor for every window, the settings, the catalog
 * validations persist in (opened on first use), the session of each drive
 * (IngestDriveSession, kept across unplugging, by drive identity), and the
 * demo drive (made in a temporary folder, removed on quit). */
struct _IngestApplication
{
  AdwApplication      parent_instance;

  /* Owned references */
  IngestSettings     *settings;
  IngestDriveMonitor *monitor;
  GCancellable       *cancellable;
  char               *demo_dir;
  IngestDrive        *demo_drive;
  char               *catalog_path;
  IngestCatalog      *catalog;
  GHashTable         *sessions;        /* identity → IngestDriveSession */
  GHashTable         *stages;          /* identity → its session's IngestMetadataStage */
  GHashTable         *proxy_stages;    /* identity → its session's IngestProxyStage */
  IngestClipLibrary  *library;

  guint               sigint_source;
  guint               sigterm_source;

  guint               preparing_demo : 1;
  guint               catalog_failed : 1;
};

G_DEFINE_FINAL_TYPE (IngestApplication, ingest_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_PREPARING_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show a synthetic camera drive, made in a temporary folder and removed on quit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "catalog", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Catalog database validations are kept in (default: the station’s)"), N_("FILE") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, N_("[FOLDER…]") },
  { NULL }
};

static void
set_preparing_demo (IngestApplication *self,
                    gboolean           preparing)
{
  if (self->preparing_demo == !!preparing)
    return;

  self->preparing_demo = !!preparing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREPARING_DEMO]);
}

static void
show_message (IngestApplication *self,
              const char        *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (INGEST_IS_WINDOW (window))
    ingest_window_show_message (INGEST_WINDOW (window), message);
  else
    g_printerr ("%s\n", message);
}

static int
make_writable_cb (const char        *path,
                  const struct stat *sb,
                  int                type,
                  struct FTW        *ftw)
{
  if (type == FTW_D)
    g_chmod (path, 0700);
  return 0;
}

static int
remove_entry_cb (const char        *path,
                 const struct stat *sb,
                 int                type,
                 struct FTW        *ftw)
{
  if (type == FTW_DP)
    return rmdir (path) == 0 || errno == ENOENT ? 0 : -1;
  return unlink (path) == 0 || errno == ENOENT ? 0 : -1;
}

/* The demo folder is ours alone; it may hold read-only folders, so open them up first. */
static void
remove_demo_dir (IngestApplication *self)
{
  if (self->demo_dir == NULL)
    return;

  nftw (self->demo_dir, make_writable_cb, 16, FTW_PHYS);
  if (nftw (self->demo_dir, remove_entry_cb, 16, FTW_DEPTH | FTW_PHYS) != 0)
    g_printerr (_("Could not remove the demo drive at %s: %s\n"), self->demo_dir, g_strerror (errno));
  g_clear_pointer (&self->demo_dir, g_free);
}

static void
demo_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IngestApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  IngestDrive *drive;

  g_assert (INGEST_IS_APPLICATION (self));

  set_preparing_demo (self, FALSE);

  if (!ingest_demo_drive_create_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The demo drive could not be made: %s"), error->message);
      show_message (self, message);
      return;
    }

  /* Shutdown may have come first: then the folder is already gone. */
  if (self->monitor == NULL || self->demo_dir == NULL)
    return;

  path = g_build_filename (self->demo_dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  drive = ingest_drive_monitor_add_demo_drive (self->monitor, path, INGEST_DEMO_DRIVE_LABEL, &error);
  if (drive == NULL)
    show_message (self, error->message);
  else
    g_set_object (&self->demo_drive, drive);
}

static void
ingest_application_start_demo (IngestApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->demo_dir != NULL)
    return;

  self->demo_dir = g_dir_make_tmp ("ingest-station-demo-XXXXXX", &error);
  if (self->demo_dir == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The demo drive could not be made: %s"), error->message);

      show_message (self, message);
      return;
    }

  path = g_build_filename (self->demo_dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  set_preparing_demo (self, TRUE);
  ingest_demo_drive_create_async (path, self->cancellable, demo_created_cb, g_object_ref (self));
}

/* Ctrl+C in a terminal, or a session ending: quit properly so the demo folder goes away. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  IngestApplication *self = user_data;

  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_CONTINUE;
}

static int
ingest_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return -1;
}

/* Runs in the primary instance, also for a second `ingest-station --demo`. */
static int
ingest_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  IngestApplication *self = INGEST_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **folders = NULL;
  g_autofree char *catalog_path = NULL;
  int status = EXIT_SUCCESS;

  /* Before anything validates: the catalog is opened on first use. */
  if (g_variant_dict_lookup (options, "catalog", "^ay", &catalog_path) && self->catalog == NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, catalog_path);

      g_free (self->catalog_path);
      self->catalog_path = g_file_get_path (file);
    }

  g_application_activate (app);

  if (g_variant_dict_contains (options, "demo"))
    ingest_application_start_demo (self);

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &folders))
    {
      for (guint i = 0; folders[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, folders[i]);
          g_autofree char *path = g_file_get_path (file);
          g_autoptr(GError) error = NULL;

          if (path == NULL || ingest_application_open_folder (self, path, &error) == NULL)
            {
              g_application_command_line_printerr (command_line, "%s: %s\n", folders[i],
                                                   error ? error->message : _("Not a local folder"));
              status = EXIT_FAILURE;
            }
        }
    }

  return status;
}

static void
ingest_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ingest_window_new (INGEST_APPLICATION (app)));
  gtk_window_present (window);
}

/* A folder closed (or the demo drive ejected) mid-run is not coming back: its
 * run stops. A drive unplugged keeps its session, which pauses until the
 * drive is back. */
static void
drive_removed_cb (IngestApplication  *self,
                  IngestDrive        *drive,
                  IngestDriveMonitor *monitor)
{
  IngestDriveSession *session = g_hash_table_lookup (self->sessions, ingest_drive_get_identity (drive));

  if (session != NULL && (ingest_drive_get_is_folder (drive) || ingest_drive_get_is_demo (drive)))
    ingest_drive_session_cancel (session);
}

static gboolean
any_session_busy (IngestApplication *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (ingest_drive_session_get_running (value) || ingest_drive_session_get_sealing (value))
      return TRUE;
  return FALSE;
}

static void
ingest_application_startup (GApplication *app)
{
  IngestApplication *self = INGEST_APPLICATION (app);

  G_APPLICATION_CLASS (ingest_application_parent_class)->startup (app);

  self->settings = ingest_settings_new ();
  self->monitor = ingest_drive_monitor_new (ingest_settings_get_mount_roots (self->settings));
  g_signal_connect_object (self->monitor, "drive-removed",
                           G_CALLBACK (drive_removed_cb), self, G_CONNECT_SWAPPED);

  _ingest_application_init_actions (self);

  self->sigint_source = g_unix_signal_add (SIGINT, quit_signal_cb, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
}

static void
ingest_application_shutdown (GApplication *app)
{
  IngestApplication *self = INGEST_APPLICATION (app);
  GHashTableIter iter;
  gpointer value;

  g_cancellable_cancel (self->cancellable);

  /* Runs write to the catalog: let them stop before it closes. */
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ingest_drive_session_cancel (value);
  while (any_session_busy (self))
    g_main_context_iteration (NULL, TRUE);
  g_hash_table_remove_all (self->sessions);
  g_hash_table_remove_all (self->stages);
  g_hash_table_remove_all (self->proxy_stages);
  g_clear_object (&self->library);
  if (self->catalog != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!ingest_catalog_close (self->catalog, &error))
        g_warning ("Could not close the catalog: %s", error->message);
      g_clear_object (&self->catalog);
    }
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  /* A cancelled demo still has a worker writing into its folder: let it stop first. */
  while (self->preparing_demo)
    g_main_context_iteration (NULL, TRUE);

  if (self->demo_drive != NULL && self->monitor != NULL)
    ingest_drive_monitor_remove_folder (self->monitor, self->demo_drive);
  g_clear_object (&self->demo_drive);
  g_clear_object (&self->monitor);
  remove_demo_dir (self);

  G_APPLICATION_CLASS (ingest_application_parent_class)->shutdown (app);
}

static void
ingest_application_dispose (GObject *object)
{
  IngestApplication *self = (IngestApplication *) object;

  g_clear_object (&self->demo_drive);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->stages, g_hash_table_unref);
  g_clear_pointer (&self->proxy_stages, g_hash_table_unref);
  g_clear_object (&self->library);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->catalog_path, g_free);

  G_OBJECT_CLASS (ingest_application_parent_class)->dispose (object);
}

static void
ingest_application_finalize (GObject *object)
{
  IngestApplication *self = (IngestApplication *) object;

  /* Normally gone at shutdown; this covers an application that never ran. */
  remove_demo_dir (self);

  G_OBJECT_CLASS (ingest_application_parent_class)->finalize (object);
}

static void
ingest_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestApplication *self = INGEST_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PREPARING_DEMO:
      g_value_set_boolean (value, ingest_application_get_preparing_demo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_application_class_init (IngestApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ingest_application_dispose;
  object_class->finalize = ingest_application_finalize;
  object_class->get_property = ingest_application_get_property;

  app_class->activate = ingest_application_activate;
  app_class->command_line = ingest_application_command_line;
  app_class->handle_local_options = ingest_application_handle_local_options;
  app_class->startup = ingest_application_startup;
  app_class->shutdown = ingest_application_shutdown;

  /**
   * IngestApplication:preparing-demo:
   *
   * Whether the demo drive is being made (it shows up in the drive monitor when done).
   */
  properties[PROP_PREPARING_DEMO] =
    g_param_spec_boolean ("preparing-demo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_application_init (IngestApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->stages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->proxy_stages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Check camera drives against their media hash lists. "
                                              "Each FOLDER is opened as a drive."));
}

IngestApplication *
ingest_application_new (void)
{
  return g_object_new (INGEST_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * ingest_application_get_drive_monitor:
 *
 * Returns: (transfer none) (nullable): the drives, or %NULL before startup and after shutdown
 */
IngestDriveMonitor *
ingest_application_get_drive_monitor (IngestApplication *self)
{
  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);

  return self->monitor;
}

/**
 * ingest_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings, or %NULL before startup
 */
IngestSettings *
ingest_application_get_settings (IngestApplication *self)
{
  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);

  return self->settings;
}

gboolean
ingest_application_get_preparing_demo (IngestApplication *self)
{
  g_return_val_if_fail (INGEST_IS_APPLICATION (self), FALSE);

  return self->preparing_demo;
}

/**
 * ingest_application_open_folder:
 * @path: a local folder, e.g. a network share or a copied card
 *
 * Presents @path as a drive (named after the folder); the monitor scans it.
 *
 * Returns: (transfer none) (nullable): the drive, or %NULL with @error set
 */
IngestDrive *
ingest_application_open_folder (IngestApplication  *self,
                                const char         *path,
                                GError            **error)
{
  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (self->monitor != NULL, NULL);

  return ingest_drive_monitor_add_folder (self->monitor, path, NULL, error);
}

/**
 * ingest_application_get_catalog:
 *
 * Opens the catalog on first use (--catalog, or the station's default). When
 * it cannot be opened the user is told once, and validations run without it.
 *
 * Returns: (transfer none) (nullable): the catalog
 */
IngestCatalog *
ingest_application_get_catalog (IngestApplication *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);

  if (self->catalog != NULL || self->catalog_failed)
    return self->catalog;

  self->catalog = ingest_catalog_open (self->catalog_path, &error);
  if (self->catalog == NULL)
    {
      g_autofree char *message = NULL;

      self->catalog_failed = TRUE;
      /* Translators: %s says why */
      message = g_strdup_printf (_("Validation results will not be kept: the catalog could not be opened: %s"),
                                 error->message);
      show_message (self, message);
    }
  return self->catalog;
}

/**
 * ingest_application_get_session:
 *
 * The session of @drive, made on first use; the same object for as long as
 * the application runs, also after the drive was unplugged and came back:
 * the page shows it again when the drive is selected again, and a run the
 * drive left mid-way carries on when it comes back, wherever it is mounted.
 *
 * Returns: (transfer none): the session
 */
/* The library files a drive's clips under the production and shoot day of
 * the Preferences as they are when its read starts (unset: the clips' own). */
static void
session_prepare_read_cb (IngestDriveSession *session,
                         IngestValidationJob *read,
                         IngestApplication   *self)
{
  IngestMetadataStage *stage = g_hash_table_lookup (self->stages, ingest_drive_session_get_identity (session));
  IngestProxyStage *proxies = g_hash_table_lookup (self->proxy_stages, ingest_drive_session_get_identity (session));
  const char *production = ingest_settings_get_production (self->settings);
  const char *shoot_day = ingest_settings_get_shoot_day (self->settings);

  if (stage != NULL)
    ingest_metadata_stage_set_production (stage,
                                          production != NULL && *production != '\0' ? production : NULL,
                                          shoot_day != NULL && *shoot_day != '\0' ? shoot_day : NULL);
  /* The proxies as the Preferences say when the read starts. */
  if (proxies != NULL)
    {
      g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (ingest_settings_get_proxy_preset (self->settings));

      settings->burn_in = ingest_settings_get_proxy_burn_in (self->settings);
      ingest_proxy_stage_set_settings (proxies, settings);
      ingest_proxy_stage_set_enabled (proxies, ingest_settings_get_make_proxies (self->settings));
      ingest_proxy_stage_set_delivery (proxies, TRUE, NULL,
                                       production != NULL && *production != '\0' ? production : NULL,
                                       shoot_day != NULL && *shoot_day != '\0' ? shoot_day : NULL);
    }
}

IngestDriveSession *
ingest_application_get_session (IngestApplication *self,
                                IngestDrive       *drive)
{
  IngestDriveSession *session;
  IngestMetadataStage *stage;
  IngestProxyStage *proxies;

  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (INGEST_IS_DRIVE (drive), NULL);

  session = ingest_application_lookup_session (self, drive);
  if (session == NULL)
    {
      session = ingest_drive_session_new (drive, ingest_application_get_catalog (self));
      g_hash_table_replace (self->sessions, g_strdup (ingest_drive_get_identity (drive)), session);
      /* What is on the card: its clips, read while the drive is validated
       * and uploaded, for the drive page's Clips view and the library. */
      stage = ingest_metadata_stage_new ();
      ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (stage));
      g_hash_table_replace (self->stages, g_strdup (ingest_drive_get_identity (drive)), stage);
      /* Each clip's proxy, from the drive as soon as the clip is verified. */
      ingest_init_gstreamer ();
      proxies = ingest_proxy_stage_new (stage, NULL);
      ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (proxies));
      g_hash_table_replace (self->proxy_stages, g_strdup (ingest_drive_get_identity (drive)), proxies);
      g_signal_connect_object (session, "prepare-read", G_CALLBACK (session_prepare_read_cb), self, 0);
    }
  return session;
}

/**
 * ingest_application_get_clips:
 *
 * Returns: (transfer none) (nullable): the clips (IngestClip) of @drive's
 *   session's metadata stage, once it has a session
 */
GListModel *
ingest_application_get_clips (IngestApplication *self,
                              IngestDrive       *drive)
{
  IngestMetadataStage *stage;

  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (INGEST_IS_DRIVE (drive), NULL);

  stage = g_hash_table_lookup (self->stages, ingest_drive_get_identity (drive));
  if (stage != NULL && ingest_application_lookup_session (self, drive) != NULL)
    return ingest_metadata_stage_get_clips (stage);
  return NULL;
}

/**
 * ingest_application_get_proxy_stage:
 *
 * Returns: (transfer none) (nullable): @drive's session's proxy stage,
 *   once it has a session
 */
IngestProxyStage *
ingest_application_get_proxy_stage (IngestApplication *self,
                                    IngestDrive       *drive)
{
  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (INGEST_IS_DRIVE (drive), NULL);

  if (ingest_application_lookup_session (self, drive) == NULL)
    return NULL;
  return g_hash_table_lookup (self->proxy_stages, ingest_drive_get_identity (drive));
}

/**
 * ingest_application_get_clip_library:
 *
 * Returns: (transfer none) (nullable): every clip ever read, in the
 *   catalog; %NULL without a catalog
 */
IngestClipLibrary *
ingest_application_get_clip_library (IngestApplication *self)
{
  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);

  if (self->library == NULL && ingest_application_get_catalog (self) != NULL)
    self->library = ingest_clip_library_new (ingest_application_get_catalog (self));
  return self->library;
}

/**
 * ingest_application_lookup_session:
 *
 * Returns: (transfer none) (nullable): the session of @drive, if it has one
 */
IngestDriveSession *
ingest_application_lookup_session (IngestApplication *self,
                                   IngestDrive       *drive)
{
  IngestDriveSession *session;

  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (INGEST_IS_DRIVE (drive), NULL);

  session = g_hash_table_lookup (self->sessions, ingest_drive_get_identity (drive));
  if (session != NULL && ingest_drive_session_get_drive (session) != drive)
    return NULL;
  return session;
}

/**
 * ingest_application_dup_report_dir:
 *
 * Returns: (transfer full): where validation reports are written: beside
 *   the catalog, in "reports"
 */
char *
ingest_application_dup_report_dir (IngestApplication *self)
{
  IngestCatalog *catalog;
  g_autofree char *base = NULL;

  g_return_val_if_fail (INGEST_IS_APPLICATION (self), NULL);

  catalog = ingest_application_get_catalog (self);
  if (catalog != NULL)
    base = g_path_get_dirname (ingest_catalog_get_path (catalog));
  else if (self->catalog_path != NULL)
    base = g_path_get_dirname (self->catalog_path);
  else
    base = g_build_filename (g_get_user_data_dir (), "ingest-station", NULL);
  return g_build_filename (base, "reports", NULL);
}
