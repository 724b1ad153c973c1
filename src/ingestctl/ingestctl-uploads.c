/* ingestctl-uploads.c
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

#define G_LOG_DOMAIN "ingestctl-uploads"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest.h"
#include "ingestctl-private.h"

typedef struct
{
  char                *catalog_path;
  char                *profile;
  char                *endpoint;
  IngestCatalog       *catalog;
  IngestS3Credentials *credentials;
} Common;

static void
common_clear (Common *common)
{
  g_free (common->catalog_path);
  g_free (common->profile);
  g_free (common->endpoint);
  g_clear_object (&common->catalog);
  g_clear_pointer (&common->credentials, ingest_s3_credentials_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Common, common_clear)

/* The S3 destination a journal row (or an s3:// URI) names, with the
 * endpoint it was uploaded to unless --endpoint says otherwise. */
static IngestS3Destination *
s3_destination_for (Common      *common,
                    const char  *uri,
                    GError     **error)
{
  g_autofree char *bucket = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *endpoint = NULL;
  g_autoptr(IngestS3Client) client = NULL;

  if (!ingest_s3_parse_uri (uri, &bucket, &prefix, &endpoint, error))
    return NULL;
  if (common->credentials == NULL &&
      (common->credentials = ingest_s3_credentials_load (common->profile, error)) == NULL)
    return NULL;
  client = ingest_s3_client_new (common->endpoint ? common->endpoint : endpoint, common->credentials, error);
  if (client == NULL)
    return NULL;
  return ingest_s3_destination_new (client, bucket, prefix, common->catalog);
}

/* The destination a journal row names: an S3 bucket or a folder. */
static IngestDestination *
destination_for (Common                   *common,
                 const IngestUploadRecord *record,
                 GError                  **error)
{
  if (g_str_has_prefix (record->destination, "s3://"))
    return INGEST_DESTINATION (s3_destination_for (common, record->destination, error));
  return INGEST_DESTINATION (ingest_folder_destination_new (record->destination, common->catalog));
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static int
list_main (Common    *common,
           gboolean   all,
           gboolean   json,
           char     **remote)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ingest_upload_journal_list (common->catalog, !all, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (records == NULL)
    return ingestctl_fail (g_steal_pointer (&error));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uploads");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      IngestUploadRecord *record = g_ptr_array_index (records, i);

      if (json)
        {
          json_builder_begin_object (builder);
          add_int (builder, "id", record->id);
          add_string (builder, "kind", g_str_has_prefix (record->destination, "s3://") ? "s3" : "folder");
          add_string (builder, "state", record->state);
          add_string (builder, "destination", record->destination);
          add_string (builder, "key", record->key);
          add_string (builder, "upload_id", record->remote_upload_id);
          add_string (builder, "source", record->source_path);
          add_int (builder, "size", record->source_size);
          add_int (builder, "part_size", record->part_size);
          add_int (builder, "parts", record->n_parts);
          /* S3: the parts the server acknowledged; a folder: the synced
           * length of its partial copy. */
          add_int (builder, "bytes_acknowledged", g_str_has_prefix (record->destination, "s3://")
                                                  ? record->bytes_journaled : record->bytes_sent);
          add_string (builder, "message", record->message);
          add_int (builder, "updated_at", record->updated_at);
          json_builder_end_object (builder);
        }
      else
        {
          g_autofree char *done = g_format_size (MAX (record->bytes_journaled, record->bytes_sent));
          g_autofree char *size = g_format_size (record->source_size);
          /* names escaped: one printed line per record, whatever a name holds */
          g_autofree char *source = ingest_display_name (record->source_path);
          g_autofree char *key = ingest_display_name (record->key);
          g_autofree char *message = ingest_display_message (record->message);

          g_print ("%4" G_GINT64_FORMAT "  %-10s %s of %s  %s → %s%s%s\n", record->id, record->state, done, size,
                   source, key, message ? "  — " : "", message ? message : "");
        }
    }
  json_builder_end_array (builder);

  /* Unfinished uploads the server has under a prefix that no live journal
   * row knows (another station's, or a lost catalog's): stale. */
  json_builder_set_member_name (builder, "stale");
  json_builder_begin_array (builder);
  for (guint r = 0; remote != NULL && remote[r] != NULL; r++)
    {
      g_autoptr(IngestS3Destination) destination = s3_destination_for (common, remote[r], &error);
      g_autoptr(GPtrArray) uploads = NULL;

      if (destination == NULL ||
          (uploads = ingest_s3_client_list_multipart_uploads (ingest_s3_destination_get_client (destination),
                                                               ingest_s3_destination_get_bucket (destination),
                                                               ingest_s3_destination_get_prefix (destination),
                                                               0, NULL, &error)) == NULL)
        return ingestctl_fail (g_steal_pointer (&error));
      for (guint i = 0; i < uploads->len; i++)
        {
          IngestS3Upload *upload = g_ptr_array_index (uploads, i);
          gboolean known = FALSE;

          for (guint j = 0; j < records->len && !known; j++)
            {
              IngestUploadRecord *record = g_ptr_array_index (records, j);

              known = ingest_upload_journal_is_live_state (record->state) &&
                      g_strcmp0 (record->remote_upload_id, upload->upload_id) == 0;
            }
          if (known)
            continue;
          if (json)
            {
              json_builder_begin_object (builder);
              add_string (builder, "bucket", ingest_s3_destination_get_bucket (destination));
              add_string (builder, "key", upload->key);
              add_string (builder, "upload_id", upload->upload_id);
              add_string (builder, "initiated", upload->initiated);
              json_builder_end_object (builder);
            }
          else
            {
              g_autofree char *key = ingest_display_name (upload->key);
              g_autofree char *upload_id = ingest_display_message (upload->upload_id);

              g_print ("stale s3://%s/%s  upload %s  started %s\n", ingest_s3_destination_get_bucket (destination),
                       key, upload_id, upload->initiated ? upload->initiated : "?");
            }
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = json_to_string (root, TRUE);

      g_print ("%s\n", text);
    }
  return 0;
}

static int
abort_main (Common  *common,
            char   **ids,
            char   **remote)
{
  int status = 0;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestUploadRecord) record = NULL;
      g_autoptr(IngestDestination) destination = NULL;
      g_autofree char *key = NULL;
      gboolean ok;
      char *end = NULL;
      gint64 id = g_ascii_strtoll (ids[i], &end, 10);

      if (end == ids[i] || *end != '\0' ||
          (record = ingest_upload_journal_lookup (common->catalog, id, &error)) == NULL)
        {
          g_autofree char *message = ingest_display_message (error ? error->message : _("not an upload id"));

          g_printerr ("ingestctl uploads: %s\n", message);
          status = INGESTCTL_EXIT_FAILURE;
          continue;
        }
      if (!ingest_upload_journal_is_live_state (record->state))
        {
          g_printerr ("ingestctl uploads: %" G_GINT64_FORMAT ": %s %s\n", id, _("already"), record->state);
          continue;
        }
      /* S3: abort the multipart upload; a folder: delete the partial copy. */
      if ((destination = destination_for (common, record, &error)) == NULL)
        ok = FALSE;
      else if (INGEST_IS_S3_DESTINATION (destination))
        ok = ingest_s3_destination_abort_upload (INGEST_S3_DESTINATION (destination), record, NULL, &error);
      else
        ok = ingest_folder_destination_abort_upload (INGEST_FOLDER_DESTINATION (destination), record, &error);
      if (!ok)
        {
          g_autofree char *message = ingest_display_message (error->message);

          g_printerr ("ingestctl uploads: %" G_GINT64_FORMAT ": %s\n", id, message);
          status = INGESTCTL_EXIT_FAILURE;
          continue;
        }
      key = ingest_display_name (record->key);
      g_print ("aborted %" G_GINT64_FORMAT " %s\n", id, key);
    }

  for (guint r = 0; remote != NULL && remote[r] != NULL; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IngestS3Destination) destination = s3_destination_for (common, remote[r], &error);
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GPtrArray) uploads = NULL;
      IngestS3Client *client;

      if (destination == NULL || (records = ingest_upload_journal_list (common->catalog, TRUE, &error)) == NULL)
        return ingestctl_fail (g_steal_pointer (&error));
      client = ingest_s3_destination_get_client (destination);
      uploads = ingest_s3_client_list_multipart_uploads (client, ingest_s3_destination_get_bucket (destination),
                                                         ingest_s3_destination_get_prefix (destination), 0, NULL, &error);
      if (uploads == NULL)
        return ingestctl_fail (g_steal_pointer (&error));
      for (guint i = 0; i < uploads->len; i++)
        {
          IngestS3Upload *upload = g_ptr_array_index (uploads, i);
          gboolean known = FALSE;
          g_autofree char *key = NULL;
          g_autofree char *upload_id = NULL;
          g_autofree char *message = NULL;

          for (guint j = 0; j < records->len && !known; j++)
            known = g_strcmp0 (((IngestUploadRecord *) g_ptr_array_index (records, j))->remote_upload_id,
                               upload->upload_id) == 0;
          if (known)
            continue;   /* resumable: abort it by its id */
          key = ingest_display_name (upload->key);
          upload_id = ingest_display_message (upload->upload_id);
          if (!ingest_s3_client_abort_multipart_upload (client, ingest_s3_destination_get_bucket (destination),
                                                        upload->key, upload->upload_id, NULL, &error))
            {
              message = ingest_display_message (error->message);
              g_printerr ("ingestctl uploads: %s: %s\n", key, message);
              g_clear_error (&error);
              status = INGESTCTL_EXIT_FAILURE;
              continue;
            }
          g_print ("aborted stale s3://%s/%s %s\n", ingest_s3_destination_get_bucket (destination), key, upload_id);
        }
    }
  return status;
}

typedef struct
{
  IngestDestinationFile *file;
} ResumeRead;

static gboolean
resume_chunk_cb (const guint8  *data,
                 gsize          len,
                 guint64        offset,
                 gpointer       user_data,
                 GError       **error)
{
  ResumeRead *read = user_data;

  return ingest_destination_write (read->file, data, len, offset, error);
}

/* One file, one read: the bytes go up as they are hashed, and the upload
 * is completed only if they match the hash the journal expected. */
static int
resume_one (Common     *common,
            const char *id_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(IngestDestination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestHashJob) job = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *source_shown = NULL;
  g_autofree char *key_shown = NULL;
  g_autofree char *location = NULL;
  IngestUploadSource source = { 0 };
  IngestHashKind kind;
  ResumeRead read;
  struct stat st;
  gint64 id = g_ascii_strtoll (id_text, NULL, 10);

  if ((record = ingest_upload_journal_lookup (common->catalog, id, &error)) == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  if (!ingest_upload_journal_is_live_state (record->state))
    {
      g_printerr ("ingestctl uploads: %s: %s\n", id_text, _("not a live upload"));
      return INGESTCTL_EXIT_FAILURE;
    }
  if (record->expected_hash == NULL || !ingest_hash_kind_from_name (record->expected_hash_kind, &kind))
    {
      g_printerr ("ingestctl uploads: %s: %s\n", id_text, _("no expected hash to verify the file against"));
      return INGESTCTL_EXIT_FAILURE;
    }
  if ((destination = destination_for (common, record, &error)) == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  source_shown = ingest_display_name (record->source_path);
  key_shown = ingest_display_name (record->key);
  if (stat (record->source_path, &st) != 0)
    {
      g_printerr ("ingestctl uploads: %s: %s\n", source_shown, g_strerror (errno));
      return INGESTCTL_EXIT_FAILURE;
    }

  /* An S3 row's key has the destination's prefix; a folder's is relative. */
  if (INGEST_IS_S3_DESTINATION (destination))
    {
      const char *prefix = ingest_s3_destination_get_prefix (INGEST_S3_DESTINATION (destination));

      relative = g_strdup (prefix[0] != '\0' && g_str_has_prefix (record->key, prefix) ? record->key + strlen (prefix) + 1
                                                                                      : record->key);
    }
  else
    relative = g_strdup (record->key);
  source.path = record->source_path;
  source.key = relative;
  source.size = st.st_size;
  source.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  source.expected_kind = record->expected_hash_kind;
  source.expected = record->expected_hash;
  source.metadata = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (source.metadata, record->expected_hash_kind, record->expected_hash);

  file = ingest_destination_begin (destination, &source, NULL, &error);
  g_hash_table_unref (source.metadata);
  if (file == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  if (ingest_destination_file_get_note (file) != NULL)
    {
      g_autofree char *note = ingest_display_message (ingest_destination_file_get_note (file));

      g_print ("%s: %s\n", key_shown, note);
    }

  job = ingest_hash_job_new (record->source_path, INGEST_HASH_BIT (kind));
  read.file = file;
  if (!ingest_hash_job_run (job, resume_chunk_cb, &read, NULL, NULL, &error))
    {
      ingest_destination_suspend (file);
      return ingestctl_fail (g_steal_pointer (&error));
    }
  if (g_strcmp0 (job->digests[kind], record->expected_hash) != 0)
    {
      g_autofree char *reason = g_strdup_printf ("its bytes do not match the expected %s %s (read %s)",
                                                 record->expected_hash_kind, record->expected_hash,
                                                 job->digests[kind]);

      ingest_destination_hold (file, reason);
      g_printerr ("ingestctl uploads: %s: %s\n", source_shown, reason);
      return INGESTCTL_EXIT_FAILURE;
    }
  if (!ingest_destination_finish (file, NULL, &error))
    return ingestctl_fail (g_steal_pointer (&error));
  location = ingest_display_name (ingest_destination_file_get_location (file));
  g_print ("verified %s (sent %" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " were already there)\n",
           location, ingest_destination_file_get_bytes_sent (file),
           ingest_destination_file_get_bytes_resumed (file));
  return 0;
}

int
ingestctl_uploads_main (int    argc,
                        char **argv)
{
  g_auto(Common) common = { 0 };
  g_auto(GStrv) remote = NULL;
  gboolean all = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("list: also finished, failed and aborted uploads"), NULL },
    { "remote", 0, 0, G_OPTION_ARG_STRING_ARRAY, &remote,
      N_("list/abort: unfinished multipart uploads under s3://BUCKET/PREFIX that no live journal row knows"), N_("URI") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &common.endpoint, N_("S3 endpoint URL (default: the journaled one)"), N_("URL") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &common.profile, N_("AWS profile for credentials"), N_("NAME") },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &common.catalog_path, N_("Catalog database (default: the station's)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("list: JSON output"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("list | resume ID… | abort [ID…]"));
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_summary (context,
                                _("The upload journal: uploads that can be resumed, and unfinished uploads.\n"
                                  "  list            live uploads (--all: every one; --remote: stale ones on a server)\n"
                                  "  resume ID…      finish them from their source: one read, verified against the\n"
                                  "                  expected hash; only the parts the server lacks are sent (S3), a\n"
                                  "                  folder copy continues after its synced length and is read back\n"
                                  "  abort ID…       abort them on the server, or delete a folder's partial copy\n"
                                  "                  (--remote URI: every stale upload there)"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;
  if (argc < 2)
    {
      g_printerr ("ingestctl uploads: %s\n", _("say list, resume or abort"));
      return INGESTCTL_EXIT_USAGE;
    }
  if ((common.catalog = ingest_catalog_open (common.catalog_path, &error)) == NULL)
    return ingestctl_fail (g_steal_pointer (&error));

  if (g_str_equal (argv[1], "list") && argc == 2)
    return list_main (&common, all, json, remote);
  if (g_str_equal (argv[1], "abort") && (argc > 2 || remote != NULL))
    return abort_main (&common, argv + 2, remote);
  if (g_str_equal (argv[1], "resume") && argc > 2)
    {
      for (int i = 2; i < argc; i++)
        if ((status = resume_one (&common, argv[i])) != 0)
          return status;
      return 0;
    }
  g_printerr ("ingestctl uploads: %s\n", _("say list, resume ID… or abort ID…"));
  return INGESTCTL_EXIT_USAGE;
}
