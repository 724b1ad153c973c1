/* ingestctl-watch.c
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

#define G_LOG_DOMAIN "ingestctl-watch"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>

#include "ingest.h"
#include "ingestctl-private.h"

/* Progress lines are printed at most this often per drive. */
#define PROGRESS_INTERVAL_USEC G_USEC_PER_SEC

typedef struct
{
  GMainLoop          *loop;
  IngestDriveMonitor *monitor;
  IngestCatalog      *catalog;
  GCancellable       *cancellable;
  GHashTable         *sessions;      /* identity → IngestDriveSession */
  char               *report_dir;
  gboolean            as_json;
  gboolean            auto_validate;
} Watch;

/* Prints one event: a JSON object on one line, or a line for people. */
static void
emit (Watch       *watch,
      JsonBuilder *builder,
      const char  *text)
{
  if (watch->as_json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) node = json_builder_get_root (builder);
      g_autofree char *line = NULL;

      json_generator_set_root (generator, node);
      line = json_generator_to_data (generator, NULL);
      g_print ("%s\n", line);
    }
  else
    {
      g_print ("%s\n", text);
    }
}

static JsonBuilder *
begin_event (const char  *event,
             IngestDrive *drive)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "mount");
  json_builder_add_string_value (builder, ingest_drive_get_mount_path (drive));
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, ingest_drive_get_label (drive));
  json_builder_set_member_name (builder, "identity");
  json_builder_add_string_value (builder, ingest_drive_get_identity (drive));
  return builder;
}

static void
end_event (Watch       *watch,
           JsonBuilder *builder,
           const char  *text)
{
  json_builder_end_object (builder);
  emit (watch, builder, text);
}

/* When a drive's last progress line was printed, kept on its session. */
static gboolean
progress_due (IngestDriveSession *session)
{
  static GQuark quark;
  gint64 now = g_get_monotonic_time ();
  gint64 *last;

  if (quark == 0)
    quark = g_quark_from_static_string ("ingestctl-watch-last-progress");
  last = g_object_get_qdata (G_OBJECT (session), quark);
  if (last == NULL)
    {
      last = g_new0 (gint64, 1);
      g_object_set_qdata_full (G_OBJECT (session), quark, last, g_free);
    }
  else if (now - *last < PROGRESS_INTERVAL_USEC)
    return FALSE;
  *last = now;
  return TRUE;
}

static void
progress_cb (IngestDriveSession  *session,
             GParamSpec          *pspec,
             IngestValidationJob *job)
{
  Watch *watch = g_object_get_data (G_OBJECT (session), "ingestctl-watch");
  IngestDrive *drive = ingest_drive_session_get_drive (session);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  if (job != ingest_drive_session_get_read (session) ||
      ingest_validation_job_get_phase (job) >= INGEST_VALIDATION_PHASE_DONE || !progress_due (session))
    return;

  builder = begin_event ("validation-progress", drive);
  ingestctl_json_add_int (builder, "files_done", ingest_validation_job_get_files_done (job));
  ingestctl_json_add_int (builder, "files_total", ingest_validation_job_get_files_total (job));
  ingestctl_json_add_int (builder, "bytes_done", ingest_validation_job_get_bytes_done (job));
  ingestctl_json_add_int (builder, "bytes_total", ingest_validation_job_get_bytes_total (job));
  ingestctl_json_add_int (builder, "rate", (gint64) ingest_validation_job_get_rate (job));
  ingestctl_json_add_int (builder, "eta", ingest_validation_job_get_eta (job));
  label = ingest_display_name (ingest_drive_get_label (drive));
  text = g_strdup_printf ("%s: %u/%u files, %.0f%%", label,
                          ingest_validation_job_get_files_done (job), ingest_validation_job_get_files_total (job),
                          100 * ingest_validation_job_get_fraction (job));
  end_event (watch, builder, text);
}

/* The session is PAUSED_UNPLUGGED while its drive is out. */
static void
state_cb (IngestDriveSession *session,
          GParamSpec         *pspec,
          Watch              *watch)
{
  IngestValidationJob *job = ingest_drive_session_get_read (session);
  IngestDrive *drive = ingest_drive_session_get_drive (session);
  gboolean paused = ingest_drive_session_get_state (session) == INGEST_SESSION_STATE_PAUSED_UNPLUGGED;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  gboolean *was_paused = g_object_get_data (G_OBJECT (session), "ingestctl-watch-paused");

  if (job == NULL || ingest_validation_job_get_phase (job) >= INGEST_VALIDATION_PHASE_DONE ||
      *was_paused == paused)
    return;
  *was_paused = paused;
  builder = begin_event (paused ? "validation-paused" : "validation-resumed", drive);
  ingestctl_json_add_string (builder, "message", ingest_validation_job_get_message (job));
  label = ingest_display_name (ingest_drive_get_label (drive));
  message = ingest_display_message (paused ? ingest_validation_job_get_message (job) : _("validation continues"));
  text = g_strdup_printf ("%s: %s", label, message);
  end_event (watch, builder, text);
}

/* Problem files as they arrive (results are only ever appended). */
static void
results_changed_cb (GListModel         *results,
                    guint               position,
                    guint               removed,
                    guint               added,
                    IngestDriveSession *session)
{
  Watch *watch = g_object_get_data (G_OBJECT (session), "ingestctl-watch");
  IngestDrive *drive = ingest_drive_session_get_drive (session);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(IngestValidationResult) result = g_list_model_get_item (results, i);
      IngestValidationStatus status = ingest_validation_result_get_status (result);
      g_autoptr(JsonBuilder) builder = NULL;
      g_autofree char *text = NULL;
      g_autofree char *label = NULL;
      g_autofree char *path = NULL;

      if (!ingest_validation_status_is_problem (status))
        continue;
      builder = begin_event ("validation-file", drive);
      ingestctl_json_add_string (builder, "path", ingest_validation_result_get_path (result));
      ingestctl_json_add_string (builder, "status", ingest_validation_status_to_string (status));
      if (ingest_validation_result_get_kind (result) != NULL)
        ingestctl_json_add_string (builder, "kind", ingest_validation_result_get_kind (result));
      if (ingest_validation_result_get_expected (result) != NULL)
        ingestctl_json_add_string (builder, "expected", ingest_validation_result_get_expected (result));
      if (ingest_validation_result_get_found (result) != NULL)
        ingestctl_json_add_string (builder, "found", ingest_validation_result_get_found (result));
      if (ingest_validation_result_get_renamed_from (result) != NULL)
        ingestctl_json_add_string (builder, "renamed_from", ingest_validation_result_get_renamed_from (result));
      if (ingest_validation_result_get_message (result) != NULL)
        ingestctl_json_add_string (builder, "message", ingest_validation_result_get_message (result));
      label = ingest_display_name (ingest_drive_get_label (drive));
      path = ingest_display_name (ingest_validation_result_get_path (result));
      text = g_strdup_printf ("%s: %-10s %s", label, ingest_validation_status_to_string (status), path);
      end_event (watch, builder, text);
    }
}

/* Each new read: its results and its byte count are followed from here. */
static void
prepare_read_cb (IngestDriveSession  *session,
                 IngestValidationJob *read,
                 Watch               *watch)
{
  g_autoptr(GListModel) results = ingest_validation_job_list_results (read);

  g_signal_connect_object (read, "notify::bytes-done", G_CALLBACK (progress_cb), session, G_CONNECT_SWAPPED);
  g_signal_connect_object (results, "items-changed", G_CALLBACK (results_changed_cb), session, 0);
}

static void
finished_cb (IngestDriveSession *session,
             Watch              *watch)
{
  IngestValidationJob *job = ingest_drive_session_get_read (session);
  IngestDrive *drive = ingest_drive_session_get_drive (session);
  const GError *error = ingest_drive_session_get_error (session);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  gboolean ok = error == NULL;

  if (ingest_drive_session_get_cancelled (session))
    return;   /* shutting down */

  builder = begin_event (ok ? "validation-finished" : "validation-failed", drive);
  label = ingest_display_name (ingest_drive_get_label (drive));
  if (ok)
    {
      IngestValidationVerdict verdict = ingest_drive_session_get_verdict (session);

      ingestctl_json_add_string (builder, "verdict", verdict == INGEST_VALIDATION_VERDICT_OK ? "ok" : "problems");
      json_builder_set_member_name (builder, "counts");
      json_builder_begin_object (builder);
      for (guint s = 0; s < INGEST_VALIDATION_N_STATUSES; s++)
        ingestctl_json_add_int (builder, ingest_validation_status_to_string (s), ingest_validation_job_get_count (job, s));
      json_builder_end_object (builder);
      if (watch->report_dir != NULL)
        {
          g_autoptr(GError) report_error = NULL;

          if (ingest_drive_session_write_report (session, watch->report_dir, &json_path, &html_path, &report_error))
            {
              ingestctl_json_add_string (builder, "report_json", json_path);
              ingestctl_json_add_string (builder, "report_html", html_path);
            }
          else
            {
              ingestctl_json_add_string (builder, "report_error", report_error->message);
            }
        }
      message = ingest_display_message (ingest_validation_job_get_message (job));
      text = g_strdup_printf ("%s: %s (%s)", label,
                              verdict == INGEST_VALIDATION_VERDICT_OK ? _("all files verified") : _("PROBLEMS"),
                              message);
    }
  else
    {
      ingestctl_json_add_string (builder, "message", error->message);
      message = ingest_display_message (error->message);
      text = g_strdup_printf ("%s: %s", label, message);
    }
  end_event (watch, builder, text);
}

/* One session per drive identity, for as long as the watch runs: a drive
 * pulled mid-read and plugged back in (the monitor gives it back as the same
 * drive) carries on where it stopped; a finished one is validated again on
 * its next insertion (reusing what is verified). */
static void
start_validation (Watch       *watch,
                  IngestDrive *drive)
{
  IngestDriveSession *session = g_hash_table_lookup (watch->sessions, ingest_drive_get_identity (drive));
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  if (session != NULL && ingest_drive_session_get_drive (session) != drive)
    {
      g_hash_table_remove (watch->sessions, ingest_drive_get_identity (drive));
      session = NULL;
    }
  if (session == NULL)
    {
      session = ingest_drive_session_new (drive, watch->catalog);
      g_object_set_data (G_OBJECT (session), "ingestctl-watch", watch);
      g_object_set_data_full (G_OBJECT (session), "ingestctl-watch-paused", g_new0 (gboolean, 1), g_free);
      g_signal_connect (session, "prepare-read", G_CALLBACK (prepare_read_cb), watch);
      g_signal_connect (session, "notify::state", G_CALLBACK (state_cb), watch);
      g_signal_connect (session, "finished", G_CALLBACK (finished_cb), watch);
      g_hash_table_insert (watch->sessions, g_strdup (ingest_drive_get_identity (drive)), session);
    }
  if (ingest_drive_session_get_running (session))
    return;   /* back after an unplug: the session resumes its read itself */

  if (!ingest_drive_session_validate (session, &error))
    {
      builder = begin_event ("validation-failed", drive);
      ingestctl_json_add_string (builder, "message", error->message);
      label = ingest_display_name (ingest_drive_get_label (drive));
      text = g_strdup_printf ("%s: %s", label, error->message);
      end_event (watch, builder, text);
      return;
    }
  builder = begin_event ("validation-started", drive);
  label = ingest_display_name (ingest_drive_get_label (drive));
  text = g_strdup_printf ("%s: %s", label, _("validation started"));
  end_event (watch, builder, text);
}

static void
drive_added_cb (IngestDriveMonitor *monitor,
                IngestDrive        *drive,
                Watch              *watch)
{
  g_autoptr(JsonBuilder) builder = begin_event ("drive-added", drive);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  g_autofree char *mount_path = NULL;

  ingestctl_json_add_string (builder, "uuid", ingest_drive_get_uuid (drive));
  ingestctl_json_add_string (builder, "filesystem", ingest_drive_get_filesystem (drive));
  ingestctl_json_add_bool (builder, "read_only", ingest_drive_get_read_only (drive));
  label = ingest_display_name (ingest_drive_get_label (drive));
  mount_path = ingest_display_name (ingest_drive_get_mount_path (drive));
  text = g_strdup_printf ("%s: %s %s", label, _("added at"), mount_path);
  end_event (watch, builder, text);

  if (watch->auto_validate)
    start_validation (watch, drive);
}

static void
drive_removed_cb (IngestDriveMonitor *monitor,
                  IngestDrive        *drive,
                  Watch              *watch)
{
  g_autoptr(JsonBuilder) builder = begin_event ("drive-removed", drive);
  g_autofree char *label = ingest_display_name (ingest_drive_get_label (drive));
  g_autofree char *text = g_strdup_printf ("%s: %s", label, _("removed"));

  /* A session reading it pauses by itself (the drive's state says REMOVED). */
  end_event (watch, builder, text);
}

static gboolean
signal_cb (gpointer user_data)
{
  Watch *watch = user_data;

  g_cancellable_cancel (watch->cancellable);
  g_main_loop_quit (watch->loop);
  return G_SOURCE_CONTINUE;
}

int
ingestctl_watch_main (int    argc,
                      char **argv)
{
  g_auto(GStrv) mount_roots = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *report_dir = NULL;
  gboolean as_json = FALSE;
  gboolean auto_validate = FALSE;
  gboolean no_catalog = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print one JSON object per line and event"), NULL },
    { "auto-validate", 0, 0, G_OPTION_ARG_NONE, &auto_validate,
      N_("Validate each drive that appears"), NULL },
    { "mount-root", 'm', 0, G_OPTION_ARG_FILENAME_ARRAY, &mount_roots,
      N_("Watch for drives mounted in DIR (a glob pattern; repeatable; default /media, /media/*, /run/media/*)"),
      N_("DIR") },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("Catalog database (default: the station’s)"), N_("FILE") },
    { "no-catalog", 0, 0, G_OPTION_ARG_NONE, &no_catalog,
      N_("Keep no results: nothing saved, nothing resumed"), NULL },
    { "report-dir", 0, 0, G_OPTION_ARG_FILENAME, &report_dir,
      N_("Write each drive’s JSON and HTML reports in DIR"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(IngestDriveMonitor) monitor = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GHashTable) sessions = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  g_option_context_set_summary (context,
                                _("A headless station: reports drives as they are mounted and removed and,\n"
                                  "with --auto-validate, validates each one (as “ingestctl validate” does).\n"
                                  "A drive pulled during its validation pauses it; plugged back in, it\n"
                                  "continues. Events: drive-added, drive-removed, validation-started,\n"
                                  "validation-progress (at most once a second), validation-paused,\n"
                                  "validation-resumed, validation-file (each problem file),\n"
                                  "validation-finished, validation-failed. Ctrl+C or SIGTERM stops it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;
  if (argc != 1)
    {
      g_printerr ("ingestctl: %s\n", _("watch takes no arguments; see “ingestctl watch --help”"));
      return INGESTCTL_EXIT_USAGE;
    }

  if (auto_validate && !no_catalog)
    {
      catalog = ingest_catalog_open (catalog_path, &error);
      if (catalog == NULL)
        return ingestctl_fail (g_steal_pointer (&error));
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  monitor = ingest_drive_monitor_new ((const char * const *) mount_roots);

  watch.loop = loop;
  watch.monitor = monitor;
  watch.catalog = catalog;
  watch.cancellable = cancellable;
  watch.sessions = sessions;
  watch.report_dir = report_dir;
  watch.as_json = as_json;
  watch.auto_validate = auto_validate;

  g_signal_connect (monitor, "drive-added", G_CALLBACK (drive_added_cb), &watch);
  g_signal_connect (monitor, "drive-removed", G_CALLBACK (drive_removed_cb), &watch);
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &watch);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &watch);

  g_main_loop_run (loop);

  /* Let cancelled validations wind down so their results so far are saved. */
  for (gboolean running = TRUE; running; )
    {
      GHashTableIter iter;
      gpointer session;

      running = FALSE;
      g_hash_table_iter_init (&iter, sessions);
      while (g_hash_table_iter_next (&iter, NULL, &session))
        {
          ingest_drive_session_cancel (session);
          running |= ingest_drive_session_get_running (session);
        }
      if (running)
        g_main_context_iteration (NULL, TRUE);
    }

  g_signal_handlers_disconnect_by_data (monitor, &watch);
  g_hash_table_remove_all (sessions);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  return 0;
}
