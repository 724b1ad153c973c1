/* ingest-format-clip.c
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

#include <math.h>

#include <glib/gi18n.h>

#include "ingest-format.h"

/* What the station shows of a clip: the cards of the grid, the columns of
 * the list, the inspector's values. Values come as the clip table's
 * canonical text; an unknown value is NULL and shows as nothing. */

const char *
ingest_format_clip_kind_icon (IngestClipKind kind)
{
  switch (kind)
    {
    case INGEST_CLIP_KIND_VIDEO:
      return "camera-video-symbolic";
    case INGEST_CLIP_KIND_AUDIO:
      return "audio-x-generic-symbolic";
    case INGEST_CLIP_KIND_STILL:
      return "camera-photo-symbolic";
    case INGEST_CLIP_KIND_SEQUENCE:
      return "view-grid-symbolic";
    case INGEST_CLIP_KIND_OTHER:
    default:
      return "text-x-generic-symbolic";
    }
}

const char *
ingest_format_clip_kind_label (IngestClipKind kind)
{
  switch (kind)
    {
    case INGEST_CLIP_KIND_VIDEO:
      return _("Video");
    case INGEST_CLIP_KIND_AUDIO:
      return _("Sound");
    case INGEST_CLIP_KIND_STILL:
      return _("Still");
    case INGEST_CLIP_KIND_SEQUENCE:
      return _("Image sequence");
    case INGEST_CLIP_KIND_OTHER:
    default:
      return _("Media file");
    }
}

/* "25" → 25/1, "24000/1001" → 24000/1001; FALSE when not a rate. */
static gboolean
parse_rate (const char *rate,
            guint64    *num,
            guint64    *den)
{
  const char *slash;

  if (rate == NULL)
    return FALSE;
  slash = strchr (rate, '/');
  if (slash == NULL)
    {
      *den = 1;
      return g_ascii_string_to_unsigned (rate, 10, 1, G_MAXUINT32, num, NULL);
    }
  else
    {
      g_autofree char *head = g_strndup (rate, slash - rate);

      return g_ascii_string_to_unsigned (head, 10, 1, G_MAXUINT32, num, NULL) &&
             g_ascii_string_to_unsigned (slash + 1, 10, 1, G_MAXUINT32, den, NULL);
    }
}

/* Frames per second as people say them: "25", "23.976", "29.97", "59.94". */
char *
ingest_format_clip_rate (const char *rate)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  guint64 num, den;
  gsize len;

  if (!parse_rate (rate, &num, &den))
    return NULL;
  if (num % den == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, num / den);

  /* Three decimals, the trailing zeros dropped: 30000/1001 = 29.97002… → "29.97". */
  g_ascii_formatd (buffer, sizeof buffer, "%.3f", (double) num / (double) den);
  len = strlen (buffer);
  while (len > 0 && buffer[len - 1] == '0')
    buffer[--len] = '\0';
  if (len > 0 && buffer[len - 1] == '.')
    buffer[--len] = '\0';
  return g_strdup (buffer);
}

double
ingest_format_clip_rate_value (const char *rate)
{
  guint64 num, den;

  if (!parse_rate (rate, &num, &den))
    return 0;
  return (double) num / (double) den;
}

/* "3840 × 2160" */
char *
ingest_format_clip_resolution (const char *width,
                               const char *height)
{
  if (width == NULL || height == NULL)
    return NULL;
  /* Translators: a picture's width and height in pixels, e.g. "3840 × 2160" */
  return g_strdup_printf (_("%s × %s"), width, height);
}

/* A clip's length. With frames and a rate, as a timecode duration counted
 * at the nominal rate (how an editing system shows it: 24 for 23.976);
 * else from the seconds, "12.5 s" under a minute, "1:02" or "1:02:03". */
char *
ingest_format_clip_duration (const char *duration_s,
                             const char *frames,
                             const char *fps)
{
  guint64 n_frames, num, den;
  double seconds;

  if (frames != NULL && parse_rate (fps, &num, &den) &&
      g_ascii_string_to_unsigned (frames, 10, 0, G_MAXINT64, &n_frames, NULL))
    {
      guint64 nominal = (num + den - 1) / den;
      guint64 total_s = n_frames / nominal;

      return g_strdup_printf ("%02" G_GUINT64_FORMAT ":%02u:%02u:%02u",
                              total_s / 3600, (guint) (total_s / 60 % 60), (guint) (total_s % 60),
                              (guint) (n_frames % nominal));
    }

  if (duration_s == NULL)
    return NULL;
  seconds = g_ascii_strtod (duration_s, NULL);
  if (!isfinite (seconds) || seconds < 0)
    return NULL;
  if (seconds < 60)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buffer, sizeof buffer, "%.1f", seconds);
      /* Translators: a clip's duration under a minute, e.g. "12.5 s" */
      return g_strdup_printf (_("%s s"), buffer);
    }
  else
    {
      guint64 whole = (guint64) seconds;

      if (whole >= 3600)
        return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u",
                                whole / 3600, (guint) (whole / 60 % 60), (guint) (whole % 60));
      return g_strdup_printf ("%u:%02u", (guint) (whole / 60), (guint) (whole % 60));
    }
}

/* "12A / 3", "12A", "take 3"; ", circled" when the take was circled. */
char *
ingest_format_clip_scene_take (const char *scene,
                               const char *take,
                               const char *circled)
{
  g_autofree char *text = NULL;

  if (scene != NULL && take != NULL)
    /* Translators: scene and take of a shot, e.g. "12A / 3" */
    text = g_strdup_printf (_("%s / %s"), scene, take);
  else if (scene != NULL)
    text = g_strdup (scene);
  else if (take != NULL)
    /* Translators: the take of a shot whose scene is unknown */
    text = g_strdup_printf (_("take %s"), take);
  else
    return NULL;

  if (g_strcmp0 (circled, "true") == 0)
    /* Translators: a scene and take, then that the take was circled (a good take) */
    return g_strdup_printf (_("%s, circled"), text);
  return g_steal_pointer (&text);
}

/* "A · ALEXA 35": the camera's letter on set, then its model (or make). */
char *
ingest_format_clip_camera (const char *camera_index,
                           const char *make,
                           const char *model)
{
  const char *name = model != NULL ? model : make;

  if (camera_index != NULL && name != NULL)
    /* Translators: the camera's letter on set and its model, e.g. "A · ALEXA 35" */
    return g_strdup_printf (_("%s · %s"), camera_index, name);
  return g_strdup (camera_index != NULL ? camera_index : name);
}

/* One decimal at most, none when whole: "35", "12.5". */
static char *
format_number (const char *value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double number = g_ascii_strtod (value, NULL);
  gsize len;

  g_ascii_formatd (buffer, sizeof buffer, "%.1f", number);
  len = strlen (buffer);
  if (len > 2 && g_str_has_suffix (buffer, ".0"))
    buffer[len - 2] = '\0';
  return g_strdup (buffer);
}

/* A field's value for the inspector, with its unit. */
char *
ingest_format_clip_value (IngestClipField  field,
                          const char      *value)
{
  if (value == NULL)
    return NULL;

  /* Fields with a unit; the others by their type. */
  if (field == INGEST_CLIP_FIELD_FPS || field == INGEST_CLIP_FIELD_CAPTURE_FPS)
    {
      g_autofree char *rate = ingest_format_clip_rate (value);

      /* Translators: a frame rate, e.g. "23.976 fps" */
      return rate != NULL ? g_strdup_printf (_("%s fps"), rate) : g_strdup (value);
    }
  if (field == INGEST_CLIP_FIELD_DURATION_S)
    return ingest_format_clip_duration (value, NULL, NULL);
  if (field == INGEST_CLIP_FIELD_WHITE_BALANCE_K)
    /* Translators: a colour temperature in kelvin, e.g. "5600 K" */
    return g_strdup_printf (_("%s K"), value);
  if (field == INGEST_CLIP_FIELD_FOCAL_LENGTH_MM)
    {
      g_autofree char *number = format_number (value);

      /* Translators: a focal length in millimetres, e.g. "35 mm" */
      return g_strdup_printf (_("%s mm"), number);
    }
  if (field == INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE)
    {
      g_autofree char *khz = NULL;
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buffer, sizeof buffer, "%.1f", g_ascii_strtod (value, NULL) / 1000.0);
      khz = format_number (buffer);
      /* Translators: an audio sample rate, e.g. "48 kHz" */
      return g_strdup_printf (_("%s kHz"), khz);
    }
  if (field == INGEST_CLIP_FIELD_AUDIO_BITS || field == INGEST_CLIP_FIELD_BIT_DEPTH)
    /* Translators: bits per sample, e.g. "24-bit" */
    return g_strdup_printf (_("%s-bit"), value);
  if (field == INGEST_CLIP_FIELD_WIDTH || field == INGEST_CLIP_FIELD_HEIGHT)
    /* Translators: a size in pixels, e.g. "3840 px" */
    return g_strdup_printf (_("%s px"), value);

  switch (ingest_clip_field_get_type (field))
    {
    case INGEST_CLIP_VALUE_BOOLEAN:
      return g_strdup (g_str_equal (value, "true") ? _("Yes") : _("No"));

    case INGEST_CLIP_VALUE_DATETIME:
      {
        /* "2026-11-21T10:21:14+01:00" → "2026-11-21 10:21:14+01:00" */
        char *text = g_strdup (value);
        char *t = strchr (text, 'T');

        if (t != NULL)
          *t = ' ';
        return text;
      }

    case INGEST_CLIP_VALUE_RATIONAL:
      return ingest_format_clip_rate (value);

    case INGEST_CLIP_VALUE_TEXT:
    case INGEST_CLIP_VALUE_INTEGER:
    case INGEST_CLIP_VALUE_NUMBER:
    case INGEST_CLIP_VALUE_TIMECODE:
    default:
      return g_strdup (value);
    }
}

const char *
ingest_format_clip_verification (gboolean               known,
                                 IngestValidationStatus status)
{
  return known ? ingest_format_status_label (status) : _("Not checked");
}

const char *
ingest_format_clip_verification_icon (gboolean               known,
                                      IngestValidationStatus status)
{
  return known ? ingest_format_status_icon (status) : "content-loading-symbolic";
}

const char *
ingest_format_clip_verification_style (gboolean               known,
                                       IngestValidationStatus status)
{
  return known ? ingest_format_status_style (status) : "dim-label";
}

#define FIELD(clip, id) ingest_clip_get_field ((clip), INGEST_CLIP_FIELD_##id)

char *
ingest_format_clip_column_text (IngestClip       *clip,
                                IngestClipColumn  column)
{
  IngestValidationStatus status;
  gboolean known;

  g_return_val_if_fail (INGEST_IS_CLIP (clip), NULL);

  switch (column)
    {
    case INGEST_CLIP_COLUMN_CLIP:
      return g_strdup (ingest_clip_get_name (clip));
    case INGEST_CLIP_COLUMN_ROLL:
      return g_strdup (ingest_clip_get_roll_name (clip));
    case INGEST_CLIP_COLUMN_TC_IN:
      return g_strdup (FIELD (clip, TC_START));
    case INGEST_CLIP_COLUMN_TC_OUT:
      return g_strdup (FIELD (clip, TC_END));
    case INGEST_CLIP_COLUMN_DURATION:
      return ingest_format_clip_duration (FIELD (clip, DURATION_S), FIELD (clip, FRAMES), FIELD (clip, FPS));
    case INGEST_CLIP_COLUMN_FPS:
      return ingest_format_clip_rate (FIELD (clip, FPS));
    case INGEST_CLIP_COLUMN_RESOLUTION:
      return ingest_format_clip_resolution (FIELD (clip, WIDTH), FIELD (clip, HEIGHT));
    case INGEST_CLIP_COLUMN_CODEC:
      return g_strdup (FIELD (clip, CODEC));
    case INGEST_CLIP_COLUMN_CAMERA:
      return ingest_format_clip_camera (FIELD (clip, CAMERA_INDEX), FIELD (clip, CAMERA_MAKE), FIELD (clip, CAMERA_MODEL));
    case INGEST_CLIP_COLUMN_LENS:
      return g_strdup (FIELD (clip, LENS));
    case INGEST_CLIP_COLUMN_ISO:
      return g_strdup (FIELD (clip, ISO));
    case INGEST_CLIP_COLUMN_WB:
      return ingest_format_clip_value (INGEST_CLIP_FIELD_WHITE_BALANCE_K, FIELD (clip, WHITE_BALANCE_K));
    case INGEST_CLIP_COLUMN_SCENE_TAKE:
      return ingest_format_clip_scene_take (FIELD (clip, SCENE), FIELD (clip, TAKE), FIELD (clip, CIRCLED));
    case INGEST_CLIP_COLUMN_VERIFICATION:
      known = ingest_clip_get_verification (clip, &status);
      return g_strdup (ingest_format_clip_verification (known, status));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What a numeric column sorts by; -1 when unknown (first when ascending). */
double
ingest_format_clip_column_number (IngestClip       *clip,
                                  IngestClipColumn  column)
{
  IngestValidationStatus status;
  const char *value;

  g_return_val_if_fail (INGEST_IS_CLIP (clip), -1);

  switch (column)
    {
    case INGEST_CLIP_COLUMN_DURATION:
      if ((value = FIELD (clip, DURATION_S)) != NULL)
        return g_ascii_strtod (value, NULL);
      if ((value = FIELD (clip, FRAMES)) != NULL && FIELD (clip, FPS) != NULL)
        return g_ascii_strtod (value, NULL) / ingest_format_clip_rate_value (FIELD (clip, FPS));
      return -1;
    case INGEST_CLIP_COLUMN_FPS:
      return FIELD (clip, FPS) != NULL ? ingest_format_clip_rate_value (FIELD (clip, FPS)) : -1;
    case INGEST_CLIP_COLUMN_RESOLUTION:
      if (FIELD (clip, WIDTH) == NULL || FIELD (clip, HEIGHT) == NULL)
        return -1;
      /* By pixel count, then width: 4096 × 2160 after 3840 × 2160. */
      return g_ascii_strtod (FIELD (clip, WIDTH), NULL) * g_ascii_strtod (FIELD (clip, HEIGHT), NULL) +
             g_ascii_strtod (FIELD (clip, WIDTH), NULL) / 1e6;
    case INGEST_CLIP_COLUMN_ISO:
      return (value = FIELD (clip, ISO)) != NULL ? g_ascii_strtod (value, NULL) : -1;
    case INGEST_CLIP_COLUMN_WB:
      return (value = FIELD (clip, WHITE_BALANCE_K)) != NULL ? g_ascii_strtod (value, NULL) : -1;
    case INGEST_CLIP_COLUMN_VERIFICATION:
      /* Problems first, not checked last. */
      if (!ingest_clip_get_verification (clip, &status))
        return INGEST_VALIDATION_N_STATUSES;
      return ingest_format_status_rank (status);
    case INGEST_CLIP_COLUMN_CLIP:
    case INGEST_CLIP_COLUMN_ROLL:
    case INGEST_CLIP_COLUMN_TC_IN:
    case INGEST_CLIP_COLUMN_TC_OUT:
    case INGEST_CLIP_COLUMN_CODEC:
    case INGEST_CLIP_COLUMN_CAMERA:
    case INGEST_CLIP_COLUMN_LENS:
    case INGEST_CLIP_COLUMN_SCENE_TAKE:
    default:
      g_return_val_if_reached (-1);
    }
}

char *
ingest_format_clip_count (guint n_clips)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clip", "%u clips", n_clips), n_clips);
}

/* Under a card's name: "10:00:00:00 · 00:00:12:05", or the kind and size. */
char *
ingest_format_clip_card_detail (IngestClip *clip)
{
  g_autofree char *duration = NULL;
  const char *tc;

  g_return_val_if_fail (INGEST_IS_CLIP (clip), NULL);

  tc = FIELD (clip, TC_START);
  duration = ingest_format_clip_column_text (clip, INGEST_CLIP_COLUMN_DURATION);
  if (tc != NULL && duration != NULL)
    /* Translators: timecode in and duration of a clip */
    return g_strdup_printf (_("%s · %s"), tc, duration);
  if (tc != NULL || duration != NULL)
    return g_strdup (tc != NULL ? tc : duration);
  {
    g_autofree char *size = g_format_size (ingest_clip_get_total_bytes (clip));

    /* Translators: kind and size of a clip, e.g. "Still · 24.1 MB" */
    return g_strdup_printf (_("%s · %s"), ingest_format_clip_kind_label (ingest_clip_get_kind (clip)), size);
  }
}

/* Under the inspector's title: "Video · roll A002R2EC · 3 files · 1.2 GB". */
char *
ingest_format_clip_subtitle (IngestClip *clip)
{
  g_autofree char *files = NULL;
  g_autofree char *size = NULL;

  g_return_val_if_fail (INGEST_IS_CLIP (clip), NULL);

  files = ingest_format_count_files (ingest_clip_get_n_files (clip));
  size = g_format_size (ingest_clip_get_total_bytes (clip));
  /* Translators: kind, roll, number of files and size of a clip,
   * e.g. "Video · roll A002R2EC · 3 files · 1.2 GB" */
  return g_strdup_printf (_("%s · roll %s · %s · %s"),
                          ingest_format_clip_kind_label (ingest_clip_get_kind (clip)),
                          ingest_clip_get_roll_name (clip), files, size);
}

/* A roll in the library: "SHUTTLE_03 · 42 clips". */
char *
ingest_format_library_roll (const char *drive_label,
                            guint       n_clips)
{
  g_autofree char *clips = ingest_format_clip_count (n_clips);

  if (drive_label == NULL || *drive_label == '\0')
    return g_steal_pointer (&clips);
  /* Translators: the drive a roll was on and how many clips it holds */
  return g_strdup_printf (_("%s · %s"), drive_label, clips);
}

char *
ingest_format_proxy_progress (guint n_clips,
                              guint n_made,
                              guint n_no_preview,
                              guint n_failed)
{
  g_autoptr(GString) text = NULL;

  if (n_clips == 0)
    return NULL;
  text = g_string_new (NULL);
  /* Translators: proxies made so far of the drive's clips, e.g. "Proxies: 3 of 6 made" */
  g_string_append_printf (text, _("Proxies: %u of %u made"), n_made, n_clips);
  if (n_no_preview > 0)
    /* Translators: clips nothing here decodes (R3D, BRAW…) */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u without preview", " · %u without preview",
                                               n_no_preview), n_no_preview);
  if (n_failed > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u failed", " · %u failed", n_failed), n_failed);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* At most this many names; the rest are counted. */
#define MAX_PENDING_NAMES 5

char *
ingest_format_proxy_needs_drive (const char * const *pending,
                                 gboolean            more_coming)
{
  guint n = pending != NULL ? g_strv_length ((char **) pending) : 0;
  g_autoptr(GString) names = NULL;

  if (n == 0)
    return more_coming ? g_strdup (_("Keep the drive in: its clips are still being read for proxies")) : NULL;
  names = g_string_new (NULL);
  for (guint i = 0; i < MIN (n, MAX_PENDING_NAMES); i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, pending[i]);
    }
  if (n > MAX_PENDING_NAMES)
    /* Translators: after the first five names of clips, how many more */
    g_string_append_printf (names, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more",
                                                n - MAX_PENDING_NAMES), n - MAX_PENDING_NAMES);
  /* Translators: the clips whose proxies still read from the drive */
  return g_strdup_printf (_("Safe to eject except: %s — their proxies still read from the drive"), names->str);
}
