/* ingest-format-upload.c
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

#define G_LOG_DOMAIN "ingest-format"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ingest-format.h"
#include "ingest-format-private.h"

/* What the station shows of an upload: titles, progress, counts, the
 * details of its files, rolls and histories, and where it goes. */

const char *
ingest_format_upload_title (IngestUploadState state)
{
  switch (state)
    {
    case INGEST_UPLOAD_STATE_IDLE:
      return _("Not uploaded yet");
    case INGEST_UPLOAD_STATE_RUNNING:
      return _("Uploading…");
    case INGEST_UPLOAD_STATE_PAUSED:
      return _("Upload paused");
    case INGEST_UPLOAD_STATE_DRIVE_REMOVED:
      return _("Drive removed — plug it back in to continue");
    case INGEST_UPLOAD_STATE_DONE:
      return _("Uploaded and verified");
    case INGEST_UPLOAD_STATE_PROBLEMS:
      return _("Uploaded with problems — not every file was delivered");
    case INGEST_UPLOAD_STATE_CANCELLED:
      return _("Upload cancelled");
    case INGEST_UPLOAD_STATE_FAILED:
      return _("Upload failed");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ingest_format_upload_style (IngestUploadState state)
{
  switch (state)
    {
    case INGEST_UPLOAD_STATE_RUNNING:
      return "accent";
    case INGEST_UPLOAD_STATE_PAUSED:
    case INGEST_UPLOAD_STATE_DRIVE_REMOVED:
    case INGEST_UPLOAD_STATE_CANCELLED:
      return "warning";
    case INGEST_UPLOAD_STATE_DONE:
      return "success";
    case INGEST_UPLOAD_STATE_PROBLEMS:
    case INGEST_UPLOAD_STATE_FAILED:
      return "error";
    case INGEST_UPLOAD_STATE_IDLE:
    default:
      return "neutral";
    }
}

/* The Start button: once it has run, the next step is not uploading again
 * (as "Validate Again"). */
const char *
ingest_format_upload_start_label (IngestUploadState state)
{
  return state == INGEST_UPLOAD_STATE_IDLE ? _("Start _Upload") : _("_Upload Again");
}

/* "1.2 GB of 4.0 GB" */
static char *
upload_bytes_of (guint64 bytes_done,
                 guint64 bytes_total)
{
  g_autofree char *done = g_format_size (bytes_done);
  g_autofree char *total = g_format_size (bytes_total);

  /* Translators: bytes delivered of the bytes to deliver, e.g. "1.2 GB of 4.0 GB" */
  return g_strdup_printf (_("%s of %s"), done, total);
}

/* "1.2 GB of 4.0 GB · 180.0 MB/s · 2 min left" */
char *
ingest_format_upload_progress (guint64 bytes_done,
                               guint64 bytes_total,
                               double  rate,
                               gint64  eta)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, upload_bytes_of (bytes_done, bytes_total));
  ingest_format_add_rate_and_eta (parts, rate, eta);

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* "3 of 4 files uploaded and verified · 1 not delivered" */
char *
ingest_format_upload_counts (guint n_verified,
                             guint n_failed,
                             guint n_files)
{
  g_autofree char *verified = g_strdup_printf ("%'u", n_verified);
  g_autofree char *files = g_strdup_printf ("%'u", n_files);
  g_autofree char *failed = g_strdup_printf ("%'u", n_failed);
  /* Translators: files delivered and checked of the files to deliver */
  g_autofree char *head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s file uploaded and verified",
                                                        "%s of %s files uploaded and verified", n_files),
                                           verified, files);

  g_autofree char *tail = NULL;

  if (n_failed == 0)
    return g_steal_pointer (&head);
  /* Translators: %s is a number of files that were held back or failed */
  tail = g_strdup_printf (_("%s not delivered"), failed);
  return g_strdup_printf ("%s · %s", head, tail);
}

/* The state of a file or a roll, from the upload's words: "waiting",
 * "uploading", "paused", "verified" (at every destination), "held" (its
 * bytes did not verify), "failed", "stopped" (the run ended before it was
 * done). */
const char *
ingest_format_upload_file_state (const char *state)
{
  if (g_strcmp0 (state, "verified") == 0)
    return _("Uploaded and verified");
  if (g_strcmp0 (state, "held") == 0)
    return _("Held — not delivered");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Failed — not delivered");
  if (g_strcmp0 (state, "uploading") == 0)
    return _("Uploading");
  if (g_strcmp0 (state, "paused") == 0)
    return _("Paused");
  if (g_strcmp0 (state, "stopped") == 0)
    return _("Not finished");
  return _("Waiting");
}

const char *
ingest_format_upload_file_style (const char *state)
{
  if (g_strcmp0 (state, "verified") == 0)
    return "success";
  if (g_strcmp0 (state, "held") == 0 || g_strcmp0 (state, "failed") == 0)
    return "error";
  if (g_strcmp0 (state, "uploading") == 0)
    return "accent";
  if (g_strcmp0 (state, "stopped") == 0 || g_strcmp0 (state, "paused") == 0)
    return "warning";
  return "neutral";
}

/* A roll's line: "1.2 GB of 4.0 GB · 3 of 12 files verified · 1 not
 * delivered · 2 min left"; @bytes_total and @n_files 0, @eta -1 = not known.
 * @history: (nullable): what each destination got of its ASC MHL history
 * (ingest_format_upload_history()), one line each under it. */
char *
ingest_format_upload_roll_detail (guint64             bytes_done,
                                  guint64             bytes_total,
                                  guint               n_verified,
                                  guint               n_not_delivered,
                                  guint               n_files,
                                  gint64              eta,
                                  const char * const *history)
{
  g_autofree char *line = NULL;
  g_autofree char *lines = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  char *left;

  if (bytes_total > 0)
    g_ptr_array_add (parts, upload_bytes_of (bytes_done, bytes_total));
  else
    g_ptr_array_add (parts, g_format_size (bytes_done));
  if (n_files > 0)
    /* Translators: files of a roll delivered and checked at every destination, of its files */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u file verified",
                                                          "%'u of %'u files verified", n_files),
                                             n_verified, n_files));
  else if (n_verified > 0)
    /* Translators: files of a roll delivered and checked at every destination */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u file verified", "%'u files verified",
                                                          n_verified), n_verified));
  if (n_not_delivered > 0)
    /* Translators: files of a roll that were held back or failed */
    g_ptr_array_add (parts, g_strdup_printf (_("%'u not delivered"), n_not_delivered));
  if ((left = ingest_format_eta (eta)) != NULL)
    g_ptr_array_add (parts, left);
  g_ptr_array_add (parts, NULL);
  line = g_strjoinv (" · ", (char **) parts->pdata);
  if (history == NULL || history[0] == NULL)
    return g_steal_pointer (&line);
  lines = g_strjoinv ("\n", (char **) history);
  return g_strconcat (line, "\n", lines, NULL);
}

/* Where a file went: its object or its copy when it was verified there;
 * else the destination, an S3 one without the endpoint its URI carries
 * ("s3://bucket/prefix@https://…"). Escaped: it holds the drive's names. */
static char *
upload_place (const char *destination,
              const char *location)
{
  g_autofree char *place = NULL;
  const char *at;

  if (location != NULL && *location != '\0')
    return ingest_display_name (location);
  if (destination == NULL)
    return g_strdup ("");
  at = g_str_has_prefix (destination, "s3://") ? strchr (destination, '@') : NULL;
  place = at != NULL ? g_strndup (destination, at - destination) : g_strdup (destination);
  return ingest_display_name (place);
}

/* What a destination got of a roll's ASC MHL history
 * (IngestUploadJob::history-outcome): "ASC MHL history: generation 3
 * (transfer) at s3://bucket/A001/ascmhl/", "ASC MHL history at
 * /mnt/nas/A001/ascmhl/: already there…" when no generation was sent (the
 * job says why), "ASC MHL history not delivered to /mnt/nas: why". */
char *
ingest_format_upload_history (const char          *destination,
                              const char          *location,
                              guint                generation,
                              IngestDeliveryState  state,
                              const char          *message)
{
  gboolean delivered = ingest_delivery_state_is_delivered (state);
  g_autofree char *place = upload_place (destination, delivered ? location : NULL);
  g_autofree char *message_shown = ingest_display_message (message);

  message = message_shown;
  if (!delivered)
    {
      if (message == NULL || *message == '\0')
        /* Translators: %s is where the roll's ASC MHL history should have gone */
        return g_strdup_printf (_("ASC MHL history not delivered to %s"), place);
      /* Translators: %s is where the roll's ASC MHL history should have gone, then why it did not */
      return g_strdup_printf (_("ASC MHL history not delivered to %s: %s"), place, message);
    }
  if (generation > 0)
    /* Translators: %u is the number of the ASC MHL generation recording the
     * copy ("transfer" is its process, keep it), %s where the history is */
    return g_strdup_printf (_("ASC MHL history: generation %u (transfer) at %s"), generation, place);
  if (message == NULL || *message == '\0')
    /* Translators: %s is where the roll's ASC MHL history is */
    return g_strdup_printf (_("ASC MHL history at %s"), place);
  /* Translators: %s is where the roll's ASC MHL history is, then why no new generation was sent */
  return g_strdup_printf (_("ASC MHL history at %s: %s"), place, message);
}

/* "Not delivered to /mnt/nas: its bytes do not match the manifest" */
char *
ingest_format_upload_file_detail (IngestDeliveryState  state,
                                  const char          *destination,
                                  const char          *location,
                                  const char          *message)
{
  gboolean delivered = ingest_delivery_state_is_delivered (state);
  g_autofree char *place = upload_place (destination, delivered ? location : NULL);
  g_autofree char *message_shown = ingest_display_message (message);

  message = message_shown;
  if (delivered)
    {
      if (g_str_has_prefix (place, "s3://"))
        /* Translators: %s is the object the file became, s3://bucket/key */
        return g_strdup_printf (_("Verified in %s"), place);
      /* Translators: %s is the copy the file became, a path in a folder */
      return g_strdup_printf (_("Verified at %s"), place);
    }
  if (state == INGEST_DELIVERY_STATE_HELD || state == INGEST_DELIVERY_STATE_FAILED)
    {
      if (message == NULL || *message == '\0')
        /* Translators: %s is where the file should have gone */
        return g_strdup_printf (_("Not delivered to %s"), place);
      /* Translators: %s is where the file should have gone, then why it did not */
      return g_strdup_printf (_("Not delivered to %s: %s"), place, message);
    }
  return g_strdup (_("Waiting to be read"));
}

/* "Finished 14:32 · 36.9 MB in 0:04 · 9.2 MB/s": when (local time), the
 * bytes delivered over the time spent sending (pauses not counted), and the
 * rate of what was sent (none when the destinations had everything). */
char *
ingest_format_upload_finished (GDateTime *finished,
                               guint64    bytes,
                               double     seconds,
                               double     rate)
{
  g_autofree char *when = g_date_time_format (finished, "%H:%M");
  g_autofree char *size = g_format_size (bytes);
  g_autofree char *took = ingest_format_duration ((gint64) (seconds + 0.5));

  if (rate >= 1)
    {
      g_autofree char *speed = g_format_size ((guint64) rate);

      /* Translators: when an upload finished, its size, how long it took and its rate,
       * e.g. "Finished 14:32 · 36.9 MB in 0:04 · 9.2 MB/s" */
      return g_strdup_printf (_("Finished %s · %s in %s · %s/s"), when, size, took, speed);
    }
  /* Translators: when an upload finished, its size and how long it took */
  return g_strdup_printf (_("Finished %s · %s in %s"), when, size, took);
}

/* What a file cost to deliver: "96.0 MB sent", "2.0 MB already there" (a
 * resumed upload), both, or NULL when nothing was sent. */
char *
ingest_format_upload_file_bytes (guint64 bytes_sent,
                                 guint64 bytes_resumed)
{
  g_autofree char *sent = g_format_size (bytes_sent);
  g_autofree char *resumed = g_format_size (bytes_resumed);

  if (bytes_sent > 0 && bytes_resumed > 0)
    /* Translators: bytes sent now, then bytes the destination already had */
    return g_strdup_printf (_("%s sent · %s already there"), sent, resumed);
  if (bytes_sent > 0)
    /* Translators: bytes sent, e.g. "96.0 MB sent" */
    return g_strdup_printf (_("%s sent"), sent);
  if (bytes_resumed > 0)
    /* Translators: bytes the destination already had from an earlier upload */
    return g_strdup_printf (_("%s already there"), resumed);
  return NULL;
}

/* "127.0.0.1:7480" of "http://127.0.0.1:7480"; AWS when no endpoint is set. */
static char *
endpoint_host (const char *endpoint)
{
  g_autoptr(GUri) uri = NULL;

  if (endpoint == NULL || *endpoint == '\0')
    return g_strdup (_("Amazon S3"));
  uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (endpoint);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* Where the destination chosen in the upload panel is ("upload-destination":
 * 0 NAS, 1 S3, 2 both), in words: "S3 bucket “dailies” at 127.0.0.1:7480,
 * prefix show/day1/ · NAS folder /mnt/nas". */
char *
ingest_format_upload_destination (guint       choice,
                                  const char *nas_folder,
                                  const char *bucket,
                                  const char *prefix,
                                  const char *endpoint,
                                  const char *key_prefix)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  /* Production and shoot day, the folders every key starts with. */
  if (key_prefix == NULL)
    key_prefix = "";

  if (choice == 1 || choice == 2)
    {
      g_autofree char *host = endpoint_host (endpoint);
      g_autofree char *folder = NULL;

      if (bucket == NULL || *bucket == '\0')
        return g_strdup (_("The S3 bucket is not set up yet: see Preferences"));
      /* "/show/day1/" and "show/day1" are the same prefix: show/day1/ */
      folder = g_strdup (prefix != NULL ? prefix : "");
      g_strstrip (folder);
      while (folder[0] == '/')
        memmove (folder, folder + 1, strlen (folder));
      while (*folder != '\0' && folder[strlen (folder) - 1] == '/')
        folder[strlen (folder) - 1] = '\0';
      if (*key_prefix != '\0')
        {
          char *whole = *folder != '\0' ? g_strconcat (folder, "/", key_prefix, NULL) : g_strdup (key_prefix);

          g_free (folder);
          folder = whole;
        }
      if (*folder != '\0')
        /* Translators: an S3 bucket's name, the server's host, then the folder in the bucket */
        g_ptr_array_add (parts, g_strdup_printf (_("S3 bucket “%s” at %s, prefix %s/"), bucket, host, folder));
      else
        /* Translators: an S3 bucket's name, then the server's host */
        g_ptr_array_add (parts, g_strdup_printf (_("S3 bucket “%s” at %s"), bucket, host));
    }
  if (choice == 0 || choice == 2)
    {
      if (nas_folder == NULL || *nas_folder == '\0')
        return g_strdup (_("The NAS folder is not set up yet: see Preferences"));
      if (*key_prefix != '\0')
        /* Translators: the path of a folder on a NAS, then the folders below it every file goes into */
        g_ptr_array_add (parts, g_strdup_printf (_("NAS folder %s, prefix %s/"), nas_folder, key_prefix));
      else
        /* Translators: %s is the path of a folder on a NAS (or any disk) */
        g_ptr_array_add (parts, g_strdup_printf (_("NAS folder %s"), nas_folder));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Why an upload cannot start: the destination chosen is not set up. */
const char *
ingest_format_upload_not_set_up (gboolean s3)
{
  if (s3)
    return _("The S3 bucket is not set up: give its endpoint, bucket, access key and secret key in Preferences");
  return _("No NAS folder is set up: choose one in Preferences");
}

/* "The desktop keyring could not be read: why" */
char *
ingest_format_keyring_failed (const char *why)
{
  /* Translators: %s says why */
  return g_strdup_printf (_("The desktop keyring could not be read: %s"), why);
}
