/* ingestctl-clips.c
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

#define G_LOG_DOMAIN "ingestctl-clips"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingestctl-private.h"

typedef struct
{
  IngestClip *clip;
  char       *roll_root;
} ClipJob;

/* A pool thread: one clip's headers (the readers are thread-safe, a clip is
 * this thread's alone until the pool is done). */
static void
read_clip (gpointer data,
           gpointer user_data)
{
  ClipJob *job = data;

  ingest_metadata_extract_clip (job->clip, job->roll_root, NULL, NULL);
  g_object_unref (job->clip);
  g_free (job->roll_root);
  g_free (job);
}

/**
 * ingestctl_read_clips:
 * @path: a drive, a roll or any folder
 * @label: (nullable): the drive's label (default: the filesystem's or the folder's name)
 * @mount_path: (out) (optional): where the clips' roll paths start
 * @error: return location for a #GError
 *
 * Finds the rolls under @path by their card layout, groups each into clips
 * and reads their headers (on a few threads).
 *
 * Returns: (transfer full) (element-type IngestClip): the clips in roll and
 *   name order, or %NULL with @error
 */
GPtrArray *
ingestctl_read_clips (const char  *path,
                      const char  *label,
                      char       **mount_path,
                      GError     **error)
{
  g_autoptr(IngestDrive) drive = NULL;
  g_autoptr(GListModel) rolls = NULL;
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) groupings = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_clip_grouping_free);
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) roll_paths = NULL;
  GThreadPool *pool;
  const char *mount;

  drive = ingest_drive_new_for_path (path, label, error);
  if (drive == NULL || !ingestctl_scan_drive (drive, error))
    return NULL;

  mount = ingest_drive_get_mount_path (drive);
  rolls = ingest_drive_list_rolls (drive);
  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestRoll) roll = g_list_model_get_item (rolls, i);

      g_strv_builder_add (builder, ingest_roll_get_path (roll));
    }
  roll_paths = g_strv_builder_end (builder);

  pool = g_thread_pool_new (read_clip, NULL, CLAMP (g_get_num_processors (), 1, 4), FALSE, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestRoll) roll = g_list_model_get_item (rolls, i);
      const char *roll_path = ingest_roll_get_path (roll);
      g_autoptr(GError) local_error = NULL;
      IngestClipGrouping *grouping;
      char *root;

      grouping = ingest_clip_scan_roll_excluding (mount, roll_path, ingest_roll_get_kind (roll),
                                                  ingest_roll_get_name (roll),
                                                  (const char * const *) roll_paths, NULL, &local_error);
      if (grouping == NULL)
        {
          g_printerr ("ingestctl: %s\n", local_error->message);
          continue;
        }
      root = strcmp (roll_path, ".") == 0 ? g_strdup (mount) : g_build_filename (mount, roll_path, NULL);
      for (guint c = 0; c < grouping->clips->len; c++)
        {
          ClipJob *job = g_new0 (ClipJob, 1);
          IngestClip *clip = g_ptr_array_index (grouping->clips, c);

          ingest_clip_set_drive_label (clip, ingest_drive_get_label (drive));
          ingest_clip_set_drive_identity (clip, ingest_drive_get_identity (drive));
          job->clip = g_object_ref (clip);
          job->roll_root = g_strdup (root);
          g_thread_pool_push (pool, job, NULL);
        }
      g_ptr_array_add (groupings, grouping);
      g_ptr_array_add (roots, root);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < groupings->len; i++)
    {
      IngestClipGrouping *grouping = g_ptr_array_index (groupings, i);

      ingest_metadata_extract_roll (grouping->clips, g_ptr_array_index (roots, i), grouping->other_paths, NULL, NULL);
      g_ptr_array_extend (clips, grouping->clips, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
    }

  if (mount_path != NULL)
    *mount_path = g_strdup (mount);
  return g_steal_pointer (&clips);
}

void
ingestctl_print_clips_summary (gpointer metadata_stage)
{
  GListModel *clips = ingest_metadata_stage_get_clips (metadata_stage);
  guint n = g_list_model_get_n_items (clips);
  guint with_tc = 0;
  g_autofree char *bytes = g_format_size (ingest_metadata_stage_get_bytes_read (metadata_stage));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);

      with_tc += ingest_clip_has_field (clip, INGEST_CLIP_FIELD_TC_START);
    }
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Clips: %u read (%u with timecode; %s of headers)\n",
                           "Clips: %u read (%u with timecode; %s of headers)\n", n),
              n, with_tc, bytes);
}

#define N_COLUMNS 10

/* Pads TEXT with spaces to WIDTH characters (not bytes: "×" is one). */
static void
append_cell (GString    *line,
             const char *text,
             guint       width,
             gboolean    right)
{
  guint len = g_utf8_strlen (text, -1);

  if (right)
    for (guint i = len; i < width; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, text);
  if (!right)
    for (guint i = len; i < width; i++)
      g_string_append_c (line, ' ');
}

/* One row per clip, each column as wide as its widest cell. */
static void
print_table (GPtrArray *clips)
{
  static const gboolean right[N_COLUMNS] = { FALSE, FALSE, FALSE, TRUE, TRUE };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLUMNS] = { 0 };

  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ROLL"), _("CLIP"), _("KIND"), _("FILES"), _("SIZE"),
                                                _("TC IN"), _("FPS"), _("RESOLUTION"), _("CODEC"),
                                                _("CAMERA"), NULL }));
  for (guint i = 0; i < clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (clips, i);
      const char *width = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WIDTH);
      const char *height = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_HEIGHT);
      const char *make = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE);
      const char *model = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL);
      const char *tc = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START);
      const char *fps = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS);
      const char *codec = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CODEC);
      g_autofree char *camera = g_strstrip (g_strjoin (" ", make != NULL ? make : "", model != NULL ? model : "", NULL));
      char **row = g_new0 (char *, N_COLUMNS + 1);

      /* Names come from the card: shown escaped, never as terminal controls. */
      row[0] = ingest_display_name (ingest_clip_get_roll_name (clip));
      row[1] = ingest_display_name (ingest_clip_get_name (clip));
      row[2] = g_strdup (ingest_clip_kind_to_string (ingest_clip_get_kind (clip)));
      row[3] = g_strdup_printf ("%u", ingest_clip_get_n_files (clip));
      row[4] = g_format_size (ingest_clip_get_total_bytes (clip));
      row[5] = g_strdup (tc != NULL ? tc : "-");
      row[6] = g_strdup (fps != NULL ? fps : "-");
      row[7] = width != NULL && height != NULL ? g_strdup_printf ("%s×%s", width, height) : g_strdup ("-");
      row[8] = codec != NULL ? ingest_display_name (codec) : g_strdup ("-");
      row[9] = camera[0] != '\0' ? ingest_display_name (camera) : g_strdup ("-");
      g_ptr_array_add (rows, row);
    }

  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < N_COLUMNS; c++)
      widths[c] = MAX (widths[c], (guint) g_utf8_strlen (((char **) rows->pdata[r])[c], -1));

  for (guint r = 0; r < rows->len; r++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          /* The last column is not padded: no trailing spaces. */
          append_cell (line, ((char **) rows->pdata[r])[c], c + 1 < N_COLUMNS ? widths[c] : 0, right[c]);
          if (c + 1 < N_COLUMNS)
            g_string_append (line, "  ");
        }
      g_print ("%s\n", line->str);
    }
}

static void
print_json_lines (GPtrArray *clips)
{
  for (guint i = 0; i < clips->len; i++)
    {
      g_autoptr(JsonNode) node = ingest_clip_to_json (g_ptr_array_index (clips, i));
      g_autofree char *line = json_to_string (node, FALSE);

      g_print ("%s\n", line);
    }
}

int
ingestctl_clips_main (int    argc,
                      char **argv)
{
  g_autofree char *label = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print one JSON object per clip, one per line (fields present when known)"), NULL },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label,
      N_("Label to give the drive (default: the filesystem label or the folder’s name)"), N_("LABEL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH"));
  g_autoptr(GPtrArray) clips = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_summary (context,
                                _("Lists the clips on a drive, a roll or any folder: the rolls are found by\n"
                                  "their card layout, each roll's files grouped into clips (a movie and its\n"
                                  "sidecars, a clip folder, a frame sequence, a sound take), and what the\n"
                                  "clips' headers say is read: timecode, rate, size, codec, camera, lens,\n"
                                  "exposure, scene and take. Headers only: the footage is not read through."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;
  if (argc != 2)
    {
      g_printerr ("ingestctl: %s\n", _("clips needs one PATH; see “ingestctl clips --help”"));
      return INGESTCTL_EXIT_USAGE;
    }

  clips = ingestctl_read_clips (argv[1], label, NULL, &error);
  if (clips == NULL)
    return ingestctl_fail (g_steal_pointer (&error));
  if (as_json)
    print_json_lines (clips);
  else
    print_table (clips);
  return 0;
}
