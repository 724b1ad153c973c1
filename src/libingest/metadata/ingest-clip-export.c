/* ingest-clip-export.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "ingest-clip-export.h"

/*
 * ALE
 */

/* "24000/1001" → "23.976", "25" → "25": the decimal rates Avid lists. */
static char *
ale_rate (const char *rational)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  guint num, den;
  char *end;

  if (rational == NULL || !ingest_frame_rate_parse (rational, &num, &den) || den == 0)
    return NULL;
  if (den == 1)
    return g_strdup_printf ("%u", num);
  /* 23.976, 29.97, 59.94: three decimals, trailing zeros cut. */
  g_ascii_formatd (text, sizeof text, "%.3f", (double) num / den);
  for (end = text + strlen (text) - 1; *end == '0'; end--)
    *end = '\0';
  if (*end == '.')
    *end = '\0';
  return g_strdup (text);
}

/* A cell: tabs and line breaks would break the row. */
static void
ale_cell (GString    *out,
          const char *value,
          gboolean    first)
{
  if (!first)
    g_string_append_c (out, '\t');
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

/* The most common value of FIELD among the clips, or NULL. */
static const char *
most_common (GPtrArray       *clips,
             IngestClipField  field)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < clips->len; i++)
    {
      const char *value = ingest_clip_get_field (g_ptr_array_index (clips, i), field);
      guint n;

      if (value == NULL)
        continue;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, value)) + 1;
      g_hash_table_insert (counts, (gpointer) value, GUINT_TO_POINTER (n));
      if (n > best_n || (n == best_n && strcmp (value, best) < 0))
        {
          best = value;
          best_n = n;
        }
    }
  return best;
}

static const char *
ale_video_format (const char *height)
{
  gint64 h = height != NULL ? g_ascii_strtoll (height, NULL, 10) : 0;

  if (h == 0)
    return NULL;
  if (h == 1080)
    return "1080";
  if (h == 720)
    return "720";
  if (h == 576)
    return "PAL";
  if (h == 486 || h == 480)
    return "NTSC";
  return "CUSTOM";
}

/* Start, End (exclusive) and Duration, from the start TC and the frames
 * (else the inclusive end TC). */
static void
ale_times (IngestClip  *clip,
           char       **start,
           char       **end,
           char       **duration)
{
  const char *tc_start = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START);
  const char *tc_end = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_END);
  const char *fps = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS);
  const char *frames_text = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES);
  IngestTimecode in, out;
  guint num, den;
  gint64 frames = frames_text != NULL ? g_ascii_strtoll (frames_text, NULL, 10) : -1;
  gboolean drop_frame = tc_start != NULL && strchr (tc_start, ';') != NULL;

  *start = *end = *duration = NULL;
  if (tc_start == NULL || fps == NULL || !ingest_frame_rate_parse (fps, &num, &den) ||
      !ingest_timecode_init (&in, num, den, drop_frame) || !ingest_timecode_parse (&in, tc_start))
    return;
  *start = ingest_timecode_to_string (&in);

  out = in;
  if (frames < 0 && tc_end != NULL && ingest_timecode_parse (&out, tc_end))
    {
      ingest_timecode_add_frames (&out, 1);
      frames = (gint64) ((out.frames + ingest_timecode_frames_per_day (&in) - in.frames) %
                         ingest_timecode_frames_per_day (&in));
    }
  else if (frames >= 0)
    ingest_timecode_add_frames (&out, frames);
  else
    return;
  *end = ingest_timecode_to_string (&out);

  {
    IngestTimecode length = in;

    ingest_timecode_set_frames (&length, (guint64) frames);
    *duration = ingest_timecode_to_string (&length);
  }
}

static char *
ale_tracks (IngestClip *clip)
{
  g_autoptr(GString) tracks = g_string_new (NULL);
  const char *channels = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS);
  gint64 n = channels != NULL ? g_ascii_strtoll (channels, NULL, 10) : 0;
  IngestClipKind kind = ingest_clip_get_kind (clip);

  if (kind != INGEST_CLIP_KIND_AUDIO && ingest_clip_has_field (clip, INGEST_CLIP_FIELD_WIDTH))
    g_string_append_c (tracks, 'V');
  for (gint64 i = 1; i <= MIN (n, 64); i++)
    g_string_append_printf (tracks, "A%" G_GINT64_FORMAT, i);
  return tracks->len > 0 ? g_string_free (g_steal_pointer (&tracks), FALSE) : NULL;
}

/* Columns after Name, Tape, Start, End, Duration, Source File, Tracks: one
 * field each, by the names Avid and ARRI's ALE use. */
static const struct
{
  const char      *column;
  IngestClipField  field;
} ale_columns[] = {
  { "Scene", INGEST_CLIP_FIELD_SCENE },
  { "Take", INGEST_CLIP_FIELD_TAKE },
  { "Circled", INGEST_CLIP_FIELD_CIRCLED },
  { "Camera", INGEST_CLIP_FIELD_CAMERA_INDEX },
  { "Manufacturer", INGEST_CLIP_FIELD_CAMERA_MAKE },
  { "Camera Type", INGEST_CLIP_FIELD_CAMERA_MODEL },
  { "Camera Serial #", INGEST_CLIP_FIELD_CAMERA_SERIAL },
  { "ISO", INGEST_CLIP_FIELD_ISO },
  { "WB", INGEST_CLIP_FIELD_WHITE_BALANCE_K },
  { "Tint", INGEST_CLIP_FIELD_TINT },
  { "Shutter", INGEST_CLIP_FIELD_SHUTTER },
  { "ND", INGEST_CLIP_FIELD_ND },
  { "Lens", INGEST_CLIP_FIELD_LENS },
  { "Focal Length", INGEST_CLIP_FIELD_FOCAL_LENGTH_MM },
  { "Iris", INGEST_CLIP_FIELD_APERTURE },
  { "Codec", INGEST_CLIP_FIELD_CODEC },
  { "Gamma", INGEST_CLIP_FIELD_GAMMA },
  { "Look", INGEST_CLIP_FIELD_LOOK },
  { "Sound Roll", INGEST_CLIP_FIELD_SOUND_ROLL },
  { "Comments", INGEST_CLIP_FIELD_NOTES },
};

char *
ingest_clip_export_ale (GPtrArray *clips)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *video_format;
  const char *sample_rate;
  g_autofree char *fps = NULL;

  g_return_val_if_fail (clips != NULL, NULL);

  video_format = ale_video_format (most_common (clips, INGEST_CLIP_FIELD_HEIGHT));
  sample_rate = most_common (clips, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE);
  fps = ale_rate (most_common (clips, INGEST_CLIP_FIELD_FPS));

  g_string_append (out, "Heading\nFIELD_DELIM\tTABS\n");
  if (video_format != NULL)
    g_string_append_printf (out, "VIDEO_FORMAT\t%s\n", video_format);
  if (sample_rate != NULL)
    g_string_append_printf (out, "AUDIO_FORMAT\t%" G_GINT64_FORMAT "khz\n",
                            g_ascii_strtoll (sample_rate, NULL, 10) / 1000);
  if (fps != NULL)
    g_string_append_printf (out, "FPS\t%s\n", fps);

  g_string_append (out, "\nColumn\nName\tTape\tStart\tEnd\tDuration\tSource File\tTracks\tFPS");
  for (guint c = 0; c < G_N_ELEMENTS (ale_columns); c++)
    g_string_append_printf (out, "\t%s", ale_columns[c].column);
  g_string_append (out, "\n\nData\n");

  for (guint i = 0; i < clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (clips, i);
      const char *reel = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_REEL);
      const char *media = ingest_clip_get_media_file (clip);
      const char *slash = media != NULL ? strrchr (media, '/') : NULL;
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *duration = NULL;
      g_autofree char *tracks = ale_tracks (clip);
      g_autofree char *clip_fps = ale_rate (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS));

      ale_times (clip, &start, &end, &duration);
      ale_cell (out, ingest_clip_get_name (clip), TRUE);
      /* Tape: the reel the camera wrote, else the roll it came on. */
      ale_cell (out, reel != NULL ? reel : ingest_clip_get_roll_name (clip), FALSE);
      ale_cell (out, start, FALSE);
      ale_cell (out, end, FALSE);
      ale_cell (out, duration, FALSE);
      ale_cell (out, slash != NULL ? slash + 1 : media, FALSE);
      ale_cell (out, tracks, FALSE);
      ale_cell (out, clip_fps, FALSE);
      for (guint c = 0; c < G_N_ELEMENTS (ale_columns); c++)
        ale_cell (out, ingest_clip_get_field (clip, ale_columns[c].field), FALSE);
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/*
 * CSV
 */

static void
csv_cell (GString    *out,
          const char *value,
          gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
ingest_clip_export_csv (GPtrArray *clips)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (clips != NULL, NULL);

  g_string_append (out, "clip,roll,drive,kind,files");
  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    csv_cell (out, ingest_clip_field_get_key (f), FALSE);
  g_string_append (out, ",verification,locations\r\n");

  for (guint i = 0; i < clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (clips, i);
      g_autoptr(GString) files = g_string_new (NULL);
      g_autoptr(GString) locations = g_string_new (NULL);
      IngestValidationStatus status;

      for (guint f = 0; f < ingest_clip_get_n_files (clip); f++)
        g_string_append_printf (files, "%s%s", f > 0 ? ";" : "", ingest_clip_get_file (clip, f));
      for (guint l = 0; l < ingest_clip_get_n_locations (clip); l++)
        g_string_append_printf (locations, "%s%s", l > 0 ? " " : "", ingest_clip_get_location (clip, l));

      csv_cell (out, ingest_clip_get_name (clip), TRUE);
      csv_cell (out, ingest_clip_get_roll_name (clip), FALSE);
      csv_cell (out, ingest_clip_get_drive_label (clip), FALSE);
      csv_cell (out, ingest_clip_kind_to_string (ingest_clip_get_kind (clip)), FALSE);
      csv_cell (out, files->str, FALSE);
      for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
        csv_cell (out, ingest_clip_get_field (clip, f), FALSE);
      csv_cell (out, ingest_clip_get_verification (clip, &status) ? ingest_validation_status_to_string (status) : NULL, FALSE);
      csv_cell (out, locations->len > 0 ? locations->str : NULL, FALSE);
      g_string_append (out, "\r\n");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
