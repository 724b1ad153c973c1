/* ingestctl-ingest.c
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

#define G_LOG_DOMAIN "ingestctl-ingest"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>

#include "ingest-proxy.h"
#include "ingestctl-private.h"

/* Exit status when the run finished but not every file was verified at every destination. */
#define EXIT_PROBLEMS 3
/* Exit status when interrupted (SIGINT/SIGTERM); a re-run resumes. */
#define EXIT_INTERRUPTED 130

typedef struct
{
  GMainLoop          *loop;
  IngestDriveSession *session;
  IngestUploadJob    *job;
  const char * const *expected;
  GError             *error;
  gboolean            ok;
  gboolean            json;
  gint64              upload_started;  /* monotonic µs: the session entered UPLOADING */
  gint64              upload_seconds;  /* µs in UPLOADING (the read and the delivery) */
} Ingest;

/* How long the read and delivery took by themselves, not the stages after
 * (metadata, proxies): the proxies' cost to the upload is measured on it. */
static void
state_cb (IngestDriveSession *session,
          GParamSpec         *pspec,
          Ingest             *ingest)
{
  gboolean uploading = ingest_drive_session_get_state (session) == INGEST_SESSION_STATE_UPLOADING;

  if (uploading && ingest->upload_started == 0)
    ingest->upload_started = g_get_monotonic_time ();
  else if (!uploading && ingest->upload_started != 0)
    {
      ingest->upload_seconds += g_get_monotonic_time () - ingest->upload_started;
      ingest->upload_started = 0;
    }
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  g_print ("%s\n", text);
}

/* --json: a line per clip as its proxy is done, the verb proxy's object
 * with "event": "proxy". */
static void
proxy_done_cb (IngestProxyStage        *stage,
               IngestClip              *clip,
               const IngestProxyResult *result,
               gpointer                 user_data)
{
  g_autoptr(JsonNode) node = ingest_proxy_result_to_json (result);
  g_autofree char *text = NULL;

  json_object_set_string_member (json_node_get_object (node), "event", "proxy");
  text = json_to_string (node, FALSE);
  g_print ("%s\n", text);
  /* As it happens, also into a pipe. */
  fflush (stdout);
}

/* One line per roll history and destination: which transfer generation
 * records the copy, so a technician can name it in the delivery report. */
static void
history_outcome_cb (IngestUploadJob            *job,
                    const IngestHistoryOutcome *outcome,
                    Ingest                     *ingest)
{
  g_autoptr(JsonBuilder) builder = NULL;
  const char *state = ingest_delivery_state_to_string (outcome->state);
  const char *message = outcome->reason;
  const char *location = outcome->location;

  if (!ingest->json)
    {
      /* names escaped: one printed line per record, whatever a name holds */
      g_autofree char *roll_shown = ingest_display_name (outcome->roll_path);
      g_autofree char *place = ingest_display_name (location ? location : outcome->destination);
      g_autofree char *message_shown = ingest_display_message (message);

      if (outcome->generation > 0)
        g_print ("%-8s %s/ascmhl → %s: generation %u (transfer)\n", state, roll_shown, place, outcome->generation);
      else
        g_print ("%-8s %s/ascmhl → %s%s%s\n", state, roll_shown, place,
                 message ? ": " : "", message ? message_shown : "");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, "history");
  json_builder_set_member_name (builder, "roll");
  json_builder_add_string_value (builder, outcome->roll_path);
  json_builder_set_member_name (builder, "destination");
  json_builder_add_string_value (builder, outcome->destination);
  json_builder_set_member_name (builder, "location");
  json_builder_add_string_value (builder, location);
  json_builder_set_member_name (builder, "generation");
  json_builder_add_int_value (builder, outcome->generation);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  print_json (builder);
}

/* One record per file and destination, in the destinations' order. */
static void
file_outcome_cb (IngestUploadJob   *job,
                 IngestFileOutcome *outcome,
                 Ingest            *ingest)
{
  const char *path = ingest_file_outcome_get_path (outcome);

  for (guint i = 0; i < ingest_file_outcome_get_n_deliveries (outcome); i++)
    {
      const IngestDelivery *delivery = ingest_file_outcome_get_delivery (outcome, i);
      const char *state = ingest_delivery_state_to_string (delivery->state);
      const char *location = delivery->location;
      const char *message = delivery->reason;
      g_autoptr(JsonBuilder) builder = NULL;

      if (!ingest->json)
        {
          g_autofree char *path_shown = ingest_display_name (path);
          g_autofree char *place = ingest_display_name (location ? location : delivery->destination);
          g_autofree char *message_shown = ingest_display_message (message);

          if (!ingest_delivery_state_is_delivered (delivery->state) || message != NULL)
            g_print ("%-8s %s → %s%s%s\n", state, path_shown, place,
                     message ? ": " : "", message ? message_shown : "");
          continue;
        }

      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "event");
      json_builder_add_string_value (builder, "file");
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "destination");
      json_builder_add_string_value (builder, delivery->destination);
      json_builder_set_member_name (builder, "location");
      json_builder_add_string_value (builder, location);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, state);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "bytes_sent");
      json_builder_add_int_value (builder, delivery->bytes_sent);
      json_builder_set_member_name (builder, "bytes_resumed");
      json_builder_add_int_value (builder, delivery->bytes_resumed);
      json_builder_end_object (builder);
      print_json (builder);
    }
}

static void
add_counts (JsonBuilder     *builder,
            IngestUploadJob *job)
{
  IngestValidationJob *validation = ingest_upload_job_get_validation (job);

  json_builder_set_member_name (builder, "files");
  json_builder_add_int_value (builder, ingest_upload_job_get_files_total (job));
  json_builder_set_member_name (builder, "bytes_total");
  json_builder_add_int_value (builder, ingest_upload_job_get_bytes_total (job));
  json_builder_set_member_name (builder, "bytes_read");
  json_builder_add_int_value (builder, validation ? ingest_validation_job_get_bytes_done (validation) : 0);
  json_builder_set_member_name (builder, "bytes_sent");
  json_builder_add_int_value (builder, ingest_upload_job_get_bytes_sent (job));
  json_builder_set_member_name (builder, "bytes_resumed");
  json_builder_add_int_value (builder, ingest_upload_job_get_bytes_resumed (job));
  json_builder_set_member_name (builder, "verified");
  json_builder_add_int_value (builder, ingest_upload_job_get_files_verified (job));
  json_builder_set_member_name (builder, "already_delivered");
  json_builder_add_int_value (builder, ingest_upload_job_get_files_already_delivered (job));
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, ingest_upload_job_get_files_failed (job));
}

static gboolean
progress_cb (gpointer user_data)
{
  Ingest *ingest = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, "progress");
  add_counts (builder, ingest->job);
  json_builder_set_member_name (builder, "fraction");
  json_builder_add_double_value (builder, ingest_upload_job_get_fraction (ingest->job));
  json_builder_set_member_name (builder, "rate");
  json_builder_add_double_value (builder, ingest_upload_job_get_rate (ingest->job));
  json_builder_set_member_name (builder, "eta");
  json_builder_add_int_value (builder, ingest_upload_job_get_eta (ingest->job));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, ingest_upload_job_get_message (ingest->job));
  json_builder_end_object (builder);
  print_json (builder);
  return G_SOURCE_CONTINUE;
}

/* The read the session made: more expected manifests, and the job's own label. */
static void
prepare_read_cb (IngestDriveSession  *session,
                 IngestValidationJob *read,
                 Ingest              *ingest)
{
  for (guint i = 0; ingest->expected != NULL && ingest->expected[i] != NULL; i++)
    ingest_validation_job_add_expected (read, ingest->expected[i]);
  ingest_validation_job_set_label (read, NULL);
}

static void
finished_cb (IngestDriveSession *session,
             Ingest             *ingest)
{
  if (ingest_drive_session_get_cancelled (session))
    g_set_error_literal (&ingest->error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else if (ingest_drive_session_get_error (session) != NULL)
    ingest->error = g_error_copy (ingest_drive_session_get_error (session));
  ingest->ok = ingest->error == NULL && ingest_upload_job_get_files_failed (ingest->job) == 0;
  g_main_loop_quit (ingest->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  Ingest *ingest = user_data;

  ingest_drive_session_cancel (ingest->session);
  return G_SOURCE_CONTINUE;
}

static IngestDestination *
make_s3_destination (const char           *uri,
                     IngestS3Credentials  *credentials,
                     const char           *endpoint,
                     IngestCatalog        *catalog,
                     int                   parts_in_flight,
                     guint64               part_size,
                     guint64               bwlimit,
                     GError              **error)
{
  g_autofree char *bucket = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;

  if (!ingest_s3_parse_uri (uri, &bucket, &prefix, NULL, error) ||
      (client = ingest_s3_client_new (endpoint, credentials, error)) == NULL)
    return NULL;
  destination = ingest_s3_destination_new (client, bucket, prefix, catalog);
  if (parts_in_flight > 0)
    ingest_s3_destination_set_parts_in_flight (destination, parts_in_flight);
  if (part_size > 0)
    ingest_s3_destination_set_part_size (destination, part_size);
  ingest_s3_destination_set_bandwidth_limit (destination, bwlimit);
  /* Fail fast and plainly on wrong keys, a missing bucket or clock skew. */
  if (!ingest_s3_destination_check (destination, NULL, error))
    return NULL;
  return INGEST_DESTINATION (g_steal_pointer (&destination));
}

int
ingestctl_ingest_main (int    argc,
                       char **argv)
{
  g_auto(GStrv) to = NULL;
  g_auto(GStrv) expected = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *bwlimit_text = NULL;
  g_autofree char *part_size_text = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *key_template = NULL;
  g_autofree char *production = NULL;
  g_autofree char *shoot_day = NULL;
  g_autofree char *on_conflict_text = NULL;
  IngestConflictPolicy on_conflict = INGEST_CONFLICT_FAIL;
  int parts_in_flight = 0;
  int threads = 0;
  gboolean json = FALSE;
  gboolean no_catalog = FALSE;
  gboolean no_read_back = FALSE;
  gboolean share = FALSE;
  gboolean no_history = FALSE;
  gboolean abort_on_cancel = FALSE;
  gboolean no_metadata = FALSE;
  gboolean proxies = FALSE;
  g_autofree char *proxy_preset_name = NULL;
  g_autofree char *proxies_dir = NULL;
  const GOptionEntry entries[] = {
    { "to", 't', 0, G_OPTION_ARG_STRING_ARRAY, &to,
      N_("Destination: s3://BUCKET/PREFIX or a folder (repeat for several)"), N_("DEST") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint,
      N_("S3 endpoint URL (default: the profile's, else AWS)"), N_("URL") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile,
      N_("AWS profile for credentials and settings (default: $AWS_PROFILE, “default”)"), N_("NAME") },
    { "parts-in-flight", 'j', 0, G_OPTION_ARG_INT, &parts_in_flight,
      N_("S3 parts sent at once (default 4); memory ≈ part size × (this + 1)"), N_("N") },
    { "part-size", 0, 0, G_OPTION_ARG_STRING, &part_size_text,
      N_("Smallest S3 part, also the single-PUT threshold (default 16M)"), N_("SIZE") },
    { "bwlimit", 0, 0, G_OPTION_ARG_STRING, &bwlimit_text,
      N_("Bandwidth cap per S3 destination, bytes/s (e.g. 50M)"), N_("RATE") },
    { "expected", 'e', 0, G_OPTION_ARG_FILENAME_ARRAY, &expected,
      N_("An expected manifest, ascmhl folder or legacy .mhl (repeatable)"), N_("FILE") },
    { "production", 0, 0, G_OPTION_ARG_STRING, &production,
      N_("Production name for the object keys"), N_("NAME") },
    { "shoot-day", 0, 0, G_OPTION_ARG_STRING, &shoot_day,
      N_("Shoot day for the object keys (e.g. 2026-11-21 or D012)"), N_("DAY") },
    { "key-template", 0, 0, G_OPTION_ARG_STRING, &key_template,
      N_("Object key layout (default " INGEST_KEY_TEMPLATE_DEFAULT ")"), N_("TEMPLATE") },
    { "on-conflict", 0, 0, G_OPTION_ARG_STRING, &on_conflict_text,
      N_("When a key or path already holds a different file: “fail” that file (default) or "
         "“rename” it to “NAME (2).EXT”; the same file there is always “already delivered”"),
      N_("fail|rename") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_("Files read at once (default: by CPU count)"), N_("N") },
    { "no-read-back", 0, 0, G_OPTION_ARG_NONE, &no_read_back,
      N_("Folder destinations: don't read copies back from the disk"), NULL },
    { "share", 0, 0, G_OPTION_ARG_NONE, &share,
      N_("Folder destinations are network shares: refuse one that is not mounted"), NULL },
    { "no-history", 0, 0, G_OPTION_ARG_NONE, &no_history,
      N_("Don't upload the rolls' ascmhl/ histories with a transfer generation"), NULL },
    { "abort-on-cancel", 0, 0, G_OPTION_ARG_NONE, &abort_on_cancel,
      N_("On Ctrl-C abort unfinished uploads instead of keeping them for a resume"), NULL },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("Catalog database (default: the station's); holds the resume journal"), N_("FILE") },
    { "no-catalog", 0, 0, G_OPTION_ARG_NONE, &no_catalog,
      N_("Keep nothing: no resume"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("JSON lines: progress, one per file and destination, then a summary"), NULL },
    { "proxies", 0, 0, G_OPTION_ARG_NONE, &proxies,
      N_("Make each clip's proxy, poster and filmstrip as soon as its files are verified, and deliver "
         "them to the destinations under PRODUCTION/SHOOT-DAY/proxies/ROLL/"), NULL },
    { "proxy-preset", 0, 0, G_OPTION_ARG_STRING, &proxy_preset_name,
      N_("The proxies' preset: web (the default) or edit"), N_("PRESET") },
    { "proxies-dir", 0, 0, G_OPTION_ARG_FILENAME, &proxies_dir,
      N_("Folder for the proxies (default: beside the catalog, proxies/DRIVE/ROLL)"), N_("DIR") },
    { "no-metadata", 0, 0, G_OPTION_ARG_NONE, &no_metadata,
      N_("Don't read the clips' camera metadata along with the read (it is kept in the catalog)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH"));
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Credentials) credentials = NULL;
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IngestDrive) drive = NULL;
  g_autoptr(IngestDriveSession) session = NULL;
  g_autoptr(IngestMetadataStage) metadata = NULL;
  g_autoptr(IngestProxyStage) proxy_stage = NULL;
  IngestProxyPreset proxy_preset = INGEST_PROXY_PRESET_WEB;
  g_autoptr(IngestSessionStage) stage = NULL;
  IngestUploadJob *job;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint64 bwlimit = 0;
  guint64 part_size = 0;
  Ingest ingest = { 0 };
  guint sigint_id, sigterm_id, progress_id = 0;
  int status;

  g_option_context_set_summary (context,
                                _("Validates a drive against its MHL and delivers it to S3 and/or folders in\n"
                                  "one pass: each file is read once, and the same bytes feed the MHL hashes,\n"
                                  "the part checksums and the uploads. A file is completed at a destination\n"
                                  "only when its bytes match the manifest, then checked there (S3: the PUT's\n"
                                  "ETag, or a HEAD: size, multipart ETag, MHL hash metadata). Nothing there is\n"
                                  "overwritten. Running the same command again after an\n"
                                  "interruption resumes: parts the server already has are not sent again.\n"
                                  "Exit status: 0 every file verified at every destination, 3 some were not,\n"
                                  "1 error, 130 interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;
  if (argc != 2 || to == NULL)
    {
      g_printerr ("ingestctl ingest: %s\n", _("give one PATH and at least one --to"));
      return INGESTCTL_EXIT_USAGE;
    }
  if ((bwlimit_text != NULL && !ingest_parse_rate (bwlimit_text, &bwlimit, &error)) ||
      (part_size_text != NULL && !ingest_parse_rate (part_size_text, &part_size, &error)))
    return ingestctl_fail (g_steal_pointer (&error));
  if (part_size != 0 && part_size < INGEST_S3_MIN_PART_SIZE)
    {
      g_printerr ("ingestctl ingest: %s\n", _("the part size must be at least 5M"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (on_conflict_text != NULL && !ingest_conflict_policy_from_string (on_conflict_text, &on_conflict))
    {
      g_printerr ("ingestctl ingest: %s\n", _("--on-conflict takes “fail” or “rename”"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (parts_in_flight < 0 || parts_in_flight > 64)
    {
      g_printerr ("ingestctl ingest: %s\n", _("--parts-in-flight must be 1 to 64"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (proxies && no_metadata)
    {
      g_printerr ("ingestctl: %s\n", _("--proxies needs the clips' metadata: drop --no-metadata"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (proxy_preset_name != NULL && !ingest_proxy_preset_from_string (proxy_preset_name, &proxy_preset))
    {
      g_printerr ("ingestctl: %s\n", _("--proxy-preset is web or edit"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = ingest_display_name (argv[1]);

      g_printerr ("ingestctl ingest: %s: %s\n", shown, _("not a folder"));
      return INGESTCTL_EXIT_FAILURE;
    }

  if (!no_catalog && (catalog = ingest_catalog_open (catalog_path, &error)) == NULL)
    return ingestctl_fail (g_steal_pointer (&error));

  for (guint i = 0; to[i] != NULL; i++)
    {
      g_autoptr(IngestDestination) destination = NULL;

      const char *scheme = g_uri_peek_scheme (to[i]);

      /* Anything with a scheme is a URI, never a folder named "http:". */
      if (scheme != NULL && !g_str_equal (scheme, "s3"))
        {
          g_printerr ("ingestctl ingest: “%s” %s\n", to[i],
                      _("is not a destination: give s3://BUCKET/PREFIX or a folder path "
                        "(./NAME for a folder whose name has a “:”)"));
          return INGESTCTL_EXIT_USAGE;
        }
      if (scheme != NULL)
        {
          if (credentials == NULL && (credentials = ingest_s3_credentials_load (profile, &error)) == NULL)
            return ingestctl_fail (g_steal_pointer (&error));
          destination = make_s3_destination (to[i], credentials, endpoint, catalog, parts_in_flight,
                                             part_size, bwlimit, &error);
          if (destination == NULL)
            return ingestctl_fail (g_steal_pointer (&error));
        }
      else
        {
          IngestFolderDestination *folder = ingest_folder_destination_new (to[i], catalog);

          ingest_folder_destination_set_verify (folder, !no_read_back);
          ingest_folder_destination_set_network_share (folder, share);
          destination = INGEST_DESTINATION (folder);
          if (!ingest_folder_destination_check (folder, &error))
            return ingestctl_fail (g_steal_pointer (&error));
        }
      ingest_destination_set_on_conflict (destination, on_conflict);
      g_ptr_array_add (destinations, g_steal_pointer (&destination));
    }
  {
    const char *key_variables[] = { "production", production, "shoot-day", shoot_day, NULL };
    g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new (key_template, key_variables, &error);

    if (layout == NULL)
      return ingestctl_fail (g_steal_pointer (&error));
    stage = ingest_upload_stage_new (destinations, layout);
  }
  ingest_upload_stage_set_upload_history (INGEST_UPLOAD_STAGE (stage), !no_history);
  ingest_upload_stage_set_abort_on_cancel (INGEST_UPLOAD_STAGE (stage), abort_on_cancel);

  drive = ingest_drive_new_for_path (argv[1], NULL, &error);
  if (drive == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  /* The metadata stage groups the rolls the drive's scan found: without
   * one it would see none. */
  if (!no_metadata && !ingestctl_scan_drive (drive, &error))
    return ingestctl_fail (g_steal_pointer (&error));
  session = ingest_drive_session_new (drive, catalog);
  ingest_drive_session_set_n_threads (session, MAX (threads, 0));
  /* The clips' metadata, read beside the read at low priority. */
  if (!no_metadata)
    {
      metadata = ingest_metadata_stage_new ();
      ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (metadata));
    }
  /* Proxies, from the drive as each clip is verified, at low priority. */
  if (proxies)
    {
      g_autoptr(IngestProxySettings) settings = ingest_proxy_settings_new (proxy_preset);

      ingest_init_gstreamer ();
      proxy_stage = ingest_proxy_stage_new (metadata, settings);
      ingest_proxy_stage_set_output_dir (proxy_stage, proxies_dir);
      /* Delivered beside the footage, each roll's folder with its own history. */
      ingest_proxy_stage_set_delivery (proxy_stage, TRUE, NULL, production, shoot_day);
      ingest_drive_session_add_stage (session, INGEST_SESSION_STAGE (proxy_stage));
      if (json)
        g_signal_connect (proxy_stage, "clip-done", G_CALLBACK (proxy_done_cb), NULL);
    }

  loop = g_main_loop_new (NULL, FALSE);
  ingest.loop = loop;
  ingest.session = session;
  ingest.expected = (const char * const *) expected;
  ingest.json = json;
  g_signal_connect (session, "prepare-read", G_CALLBACK (prepare_read_cb), &ingest);
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), &ingest);
  g_signal_connect (session, "notify::state", G_CALLBACK (state_cb), &ingest);
  if (!ingest_drive_session_run (session, stage, &error))
    return ingestctl_fail (g_steal_pointer (&error));
  job = ingest.job = ingest_upload_stage_get_job (INGEST_UPLOAD_STAGE (stage));
  g_signal_connect (job, "file-outcome", G_CALLBACK (file_outcome_cb), &ingest);
  g_signal_connect (job, "history-outcome", G_CALLBACK (history_outcome_cb), &ingest);
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &ingest);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &ingest);
  if (json)
    progress_id = g_timeout_add_seconds (1, progress_cb, &ingest);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&progress_id, g_source_remove);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "event");
      json_builder_add_string_value (builder, "summary");
      add_counts (builder, job);
      /* The upload's own time, for tests/bench/proxy-upload.sh. */
      json_builder_set_member_name (builder, "upload_seconds");
      json_builder_add_double_value (builder, ingest.upload_seconds / (double) G_USEC_PER_SEC);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, ingest.error ? ingest.error->message : NULL);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_autofree char *total = g_format_size (ingest_upload_job_get_bytes_total (job));
      g_autofree char *sent = g_format_size (ingest_upload_job_get_bytes_sent (job));
      g_autofree char *resumed = g_format_size (ingest_upload_job_get_bytes_resumed (job));

      g_print ("%u files (%s): %u verified at every destination (%u of them already delivered), "
               "%u not delivered; sent %s, resumed %s\n",
               ingest_upload_job_get_files_total (job), total, ingest_upload_job_get_files_verified (job),
               ingest_upload_job_get_files_already_delivered (job),
               ingest_upload_job_get_files_failed (job), sent, resumed);
    }

  if (proxy_stage != NULL && !json)
    g_print (_("Proxies: %u made (%u of them already there), %u failed, %u without preview\n"),
             ingest_proxy_stage_get_n_made (proxy_stage), ingest_proxy_stage_get_n_reused (proxy_stage),
             ingest_proxy_stage_get_n_failed (proxy_stage), ingest_proxy_stage_get_n_no_preview (proxy_stage));

  /* On a terminal only: scripts and tests count the lines of the output. */
  if (metadata != NULL && isatty (STDERR_FILENO))
    ingestctl_print_clips_summary (metadata);

  if (g_error_matches (ingest.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("ingestctl: %s\n", abort_on_cancel ? _("interrupted; unfinished uploads were aborted")
                                                     : _("interrupted; run the same command again to resume"));
      g_clear_error (&ingest.error);
      return EXIT_INTERRUPTED;
    }
  if (ingest.error != NULL)
    return ingestctl_fail (g_steal_pointer (&ingest.error));
  return ingest.ok ? 0 : EXIT_PROBLEMS;
}
