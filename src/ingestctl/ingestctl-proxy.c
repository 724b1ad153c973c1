/* ingestctl-proxy.c
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

#define G_LOG_DOMAIN "ingestctl-proxy"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest-proxy.h"
#include "ingestctl-private.h"

/* Exit status when at least one clip's proxy failed (no preview is not a failure). */
#define EXIT_FAILED_CLIPS 3

typedef struct
{
  IngestProxySource         *source;
  const IngestProxySettings *settings;  /* the verb's, read only */
  char                      *out_dir;
  GAsyncQueue               *done;      /* of ProxyJob, with its result */
  IngestProxyResult         *result;
} ProxyJob;

static void
proxy_job_free (ProxyJob *job)
{
  ingest_proxy_source_free (job->source);
  g_free (job->out_dir);
  g_clear_pointer (&job->result, ingest_proxy_result_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProxyJob, proxy_job_free)

/* A pool thread: one clip, plain data in and out. */
static void
make_proxy (gpointer data,
            gpointer user_data)
{
  ProxyJob *job = data;
  g_autoptr(GError) error = NULL;
  GAsyncQueue *done = g_steal_pointer (&job->done);

  job->result = ingest_proxy_make_sync (job->source, job->settings, job->out_dir, NULL, &error);
  if (job->result == NULL)
    job->result = ingest_proxy_result_new_failed (job->source->clip_name, error);
  g_async_queue_push (done, job);
  g_async_queue_unref (done);
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static char *
roll_root (const char *mount,
           const char *roll_path)
{
  return roll_path[0] == '\0' || strcmp (roll_path, ".") == 0
    ? g_strdup (mount) : g_build_filename (mount, roll_path, NULL);
}

/* PATH a movie or frame file: the clip that holds it, from its folder. */
static GPtrArray *
read_clip_of_file (const char  *path,
                   char       **mount,
                   GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GPtrArray) clips = ingestctl_read_clips (folder, NULL, mount, error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  if (clips == NULL)
    return NULL;
  for (guint i = 0; i < clips->len && found->len == 0; i++)
    {
      IngestClip *clip = g_ptr_array_index (clips, i);
      g_autofree char *root = roll_root (*mount, ingest_clip_get_roll_path (clip));

      for (guint f = 0; f < ingest_clip_get_n_files (clip); f++)
        {
          g_autofree char *file = g_build_filename (root, ingest_clip_get_file (clip, f), NULL);

          if (same_file (file, path))
            {
              g_ptr_array_add (found, g_object_ref (clip));
              break;
            }
        }
    }
  if (found->len == 0)
    {
      g_autofree char *shown = ingest_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s is not a file of any clip"), shown);
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* "A001R1AB/A001C003_261121_R1AB  made  960×540  4.00 s  PATH": the roll
 * too, since clip names repeat across rolls. */
static void
print_human (const char              *roll_name,
             const IngestProxyResult *result)
{
  g_autofree char *clip_path = g_strconcat (roll_name != NULL ? roll_name : "", roll_name != NULL ? "/" : "",
                                            result->clip_name, NULL);
  g_autofree char *name = ingest_display_name (clip_path);

  switch (result->status)
    {
    case INGEST_PROXY_STATUS_MADE:
    case INGEST_PROXY_STATUS_REUSED:
      {
        g_autofree char *path = ingest_display_name (result->proxy_path);

        g_print ("%s  %s  %u×%u  %.2f s  %s\n", name,
                 result->status == INGEST_PROXY_STATUS_MADE ? _("made") : _("reused"),
                 result->width, result->height, result->duration_s, path);
      }
      break;
    case INGEST_PROXY_STATUS_NO_PREVIEW:
    case INGEST_PROXY_STATUS_FAILED:
    default:
      {
        g_autofree char *reason = ingest_display_message (result->reason != NULL ? result->reason : "");

        g_print ("%s  %s  %s\n", name,
                 result->status == INGEST_PROXY_STATUS_NO_PREVIEW ? _("no preview") : _("FAILED"), reason);
      }
      break;
    }
}

int
ingestctl_proxy_main (int    argc,
                      char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *preset_name = NULL;
  g_autofree char *lut = NULL;
  gboolean burn_in = FALSE;
  gboolean no_burn_in = FALSE;
  gboolean as_json = FALSE;
  int jobs = 0;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("Folder the proxies, posters and filmstrips go to (one folder per roll when PATH holds several)"), N_("DIR") },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset_name,
      N_("web (fit 960×540, the default) or edit (fit 1920×1080)"), N_("PRESET") },
    { "lut", 0, 0, G_OPTION_ARG_FILENAME, &lut,
      N_("A look applied to the picture: an ASC CDL (.cc, .cdl, .ccc) or a .cube 3D LUT"), N_("FILE") },
    { "burn-in", 0, 0, G_OPTION_ARG_NONE, &burn_in,
      N_("Burn the clip, roll and running timecode into the picture (the preset's default)"), NULL },
    { "no-burn-in", 0, 0, G_OPTION_ARG_NONE, &no_burn_in,
      N_("A clean picture"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Clips made at once (default: 2)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("One JSON object per clip, one per line, as each is done"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH"));
  g_autoptr(IngestProxySettings) settings = NULL;
  g_autoptr(GPtrArray) clips = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncQueue) done = NULL;
  g_autoptr(GHashTable) rolls = NULL;
  g_autofree char *mount = NULL;
  IngestProxyPreset preset = INGEST_PROXY_PRESET_WEB;
  GThreadPool *pool;
  guint n_failed = 0;
  int status;

  g_option_context_set_summary (context,
                                _("Makes a proxy of each clip of PATH — a clip's file, a roll or a drive —\n"
                                  "grouped and read as “ingestctl clips” does: H.264 + AAC in a MOV whose\n"
                                  "timecode track starts at the clip's timecode and carries the clip and\n"
                                  "reel names, with a poster frame and a filmstrip. A clip nothing here can\n"
                                  "decode (R3D, BRAW, ARRIRAW) gets no preview and says so. Exit status 3\n"
                                  "when a clip failed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;
  if (argc != 2 || out == NULL)
    {
      g_printerr ("ingestctl: %s\n", _("proxy needs one PATH and --out DIR; see “ingestctl proxy --help”"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (preset_name != NULL && !ingest_proxy_preset_from_string (preset_name, &preset))
    {
      g_printerr ("ingestctl: %s\n", _("--preset is web or edit"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (burn_in && no_burn_in)
    {
      g_printerr ("ingestctl: %s\n", _("--burn-in and --no-burn-in contradict each other"));
      return INGESTCTL_EXIT_USAGE;
    }
  if (lut != NULL && !g_file_test (lut, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *shown = ingest_display_name (lut);

      g_printerr ("ingestctl: %s: %s\n", shown, _("no such look file"));
      return INGESTCTL_EXIT_USAGE;
    }

  settings = ingest_proxy_settings_new (preset);
  if (burn_in || no_burn_in)
    settings->burn_in = burn_in;
  settings->look_path = g_strdup (lut);
  if (jobs > 0)
    settings->max_parallel = (guint) jobs;

  if (g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    clips = read_clip_of_file (argv[1], &mount, &error);
  else
    clips = ingestctl_read_clips (argv[1], NULL, &mount, &error);
  if (clips == NULL)
    return ingestctl_fail (g_steal_pointer (&error));

  ingest_init_gstreamer ();
  rolls = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < clips->len; i++)
    g_hash_table_add (rolls, (gpointer) ingest_clip_get_roll_path (g_ptr_array_index (clips, i)));

  done = g_async_queue_new ();
  pool = g_thread_pool_new (make_proxy, NULL, (int) MAX (settings->max_parallel, 1), TRUE, &error);
  if (pool == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  for (guint i = 0; i < clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (clips, i);
      g_autofree char *root = roll_root (mount, ingest_clip_get_roll_path (clip));
      ProxyJob *job = g_new0 (ProxyJob, 1);

      job->source = ingest_proxy_source_new_for_clip (clip, root);
      job->settings = settings;
      /* Clip names are unique on a roll, not on a drive. */
      if (g_hash_table_size (rolls) > 1)
        {
          g_autofree char *roll = g_strdelimit (g_strdup (ingest_clip_get_roll_name (clip)), "/\\", '_');

          job->out_dir = g_build_filename (out, roll, NULL);
        }
      else
        job->out_dir = g_strdup (out);
      job->done = g_async_queue_ref (done);
      g_thread_pool_push (pool, job, NULL);
    }

  for (guint i = 0; i < clips->len; i++)
    {
      g_autoptr(ProxyJob) job = g_async_queue_pop (done);
      const IngestProxyResult *result = job->result;

      if (result->status == INGEST_PROXY_STATUS_FAILED)
        n_failed++;
      if (as_json)
        {
          g_autoptr(JsonNode) node = ingest_proxy_result_to_json (result);
          g_autofree char *line = json_to_string (node, FALSE);

          g_print ("%s\n", line);
        }
      else
        print_human (job->source->roll_name, result);
      /* Each clip as it is done, also into a pipe. */
      fflush (stdout);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  if (!as_json)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u clip, %u failed\n", "%u clips, %u failed\n", clips->len),
                clips->len, n_failed);
  return n_failed > 0 ? EXIT_FAILED_CLIPS : 0;
}
