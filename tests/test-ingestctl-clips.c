/* test-ingestctl-clips.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `ingestctl clips` and `ingestctl export` on the demo drive: every JSON line
 * parses, names and files are the demo's, every field a reader filled is
 * the value ffprobe finds in the same file (checked whenever the field is
 * present, so each reader that lands is held to it); the ALE and the CSV
 * parse back into the same clips. The writers themselves against
 * hand-computed ALE times (drop-frame included) and RFC 4180 quoting. */

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-test-util.h"

static char *demo_dir;
static char *demo_drive;

/* The demo's clips as the grouper makes them (test-clip-grouper checks
 * those against the demo's layout), in roll and name order. */
static GPtrArray *demo_names;
static GPtrArray *demo_kinds;

static void
group_demo (void)
{
  g_autoptr(IngestCardScan) card = NULL;
  g_autoptr(GPtrArray) roll_paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  demo_names = g_ptr_array_new_with_free_func (g_free);
  demo_kinds = g_ptr_array_new ();
  card = ingest_card_layout_scan (demo_drive, INGEST_DEMO_DRIVE_LABEL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < card->rolls->len; i++)
    g_ptr_array_add (roll_paths, ((IngestCardRoll *) g_ptr_array_index (card->rolls, i))->path);
  g_ptr_array_add (roll_paths, NULL);
  for (guint i = 0; i < card->rolls->len; i++)
    {
      IngestCardRoll *roll = g_ptr_array_index (card->rolls, i);
      g_autoptr(IngestClipGrouping) grouping = NULL;

      grouping = ingest_clip_scan_roll_excluding (demo_drive, roll->path, roll->kind, roll->name,
                                                  (const char * const *) roll_paths->pdata, NULL, &error);
      g_assert_no_error (error);
      for (guint c = 0; c < grouping->clips->len; c++)
        {
          IngestClip *clip = g_ptr_array_index (grouping->clips, c);

          g_ptr_array_add (demo_names, g_strdup (ingest_clip_get_name (clip)));
          g_ptr_array_add (demo_kinds, (gpointer) ingest_clip_kind_to_string (ingest_clip_get_kind (clip)));
        }
    }
  g_assert_cmpuint (demo_names->len, >=, 10);
}

/* The Start the roll's ALE gives the clip whose Source File is MEDIA, or NULL. */
static char *ale_start_of (const char *roll_dir,
                           const char *media);

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* "25/1", "24000/1001", "25": equal as rationals. */
static gboolean
same_rate (const char *a,
           const char *b)
{
  guint64 an, ad = 1, bn, bd = 1;
  const char *slash;

  an = g_ascii_strtoull (a, NULL, 10);
  if ((slash = strchr (a, '/')) != NULL)
    ad = g_ascii_strtoull (slash + 1, NULL, 10);
  bn = g_ascii_strtoull (b, NULL, 10);
  if ((slash = strchr (b, '/')) != NULL)
    bd = g_ascii_strtoull (slash + 1, NULL, 10);
  return ad > 0 && bd > 0 && an * bd == bn * ad;
}

static JsonObject *
first_stream (JsonObject *probe,
              const char *codec_type)
{
  JsonArray *streams = json_object_get_array_member (probe, "streams");

  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (stream, "codec_type", ""), codec_type) == 0)
        return stream;
    }
  return NULL;
}

/* The start timecode ffprobe reports (format tags, else any stream's). */
static const char *
probe_timecode (JsonObject *probe)
{
  JsonObject *format = json_object_get_object_member (probe, "format");
  JsonArray *streams = json_object_get_array_member (probe, "streams");
  JsonObject *tags;

  if (format != NULL && (tags = json_object_get_object_member (format, "tags")) != NULL &&
      json_object_has_member (tags, "timecode"))
    return json_object_get_string_member (tags, "timecode");
  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);

      if (json_object_has_member (stream, "tags") &&
          json_object_has_member ((tags = json_object_get_object_member (stream, "tags")), "timecode"))
        return json_object_get_string_member (tags, "timecode");
    }
  return NULL;
}

/* Every field a reader set, against ffprobe on the clip's media file. */
static guint
check_against_ffprobe (JsonObject *clip,
                       const char *media_path)
{
  g_autoptr(JsonObject) probe = ingest_test_ffprobe (media_path);
  JsonObject *video = first_stream (probe, "video");
  JsonObject *audio = first_stream (probe, "audio");
  guint n_checked = 0;

  if (video != NULL && json_object_has_member (clip, "width"))
    {
      g_assert_cmpint (json_object_get_int_member (clip, "width"), ==, json_object_get_int_member (video, "width"));
      n_checked++;
    }
  if (video != NULL && json_object_has_member (clip, "height"))
    {
      g_assert_cmpint (json_object_get_int_member (clip, "height"), ==, json_object_get_int_member (video, "height"));
      n_checked++;
    }
  if (video != NULL && json_object_has_member (clip, "fps"))
    {
      const char *ours = json_object_get_string_member (clip, "fps");
      const char *theirs = json_object_get_string_member (video, "r_frame_rate");

      g_test_message ("%s: fps %s, ffprobe %s", media_path, ours, theirs);
      g_assert_true (same_rate (ours, theirs));
      n_checked++;
    }
  if (json_object_has_member (clip, "tc_start") && probe_timecode (probe) != NULL)
    {
      const char *ours = json_object_get_string_member (clip, "tc_start");
      g_autofree char *roll_dir = g_path_get_dirname (media_path);
      g_autofree char *base = g_path_get_basename (media_path);
      g_autofree char *from_ale = NULL;

      /* From the file; else from a source the readers trust more (the demo's
       * MXF files, written by GStreamer, carry 00:00:00:00): the clip's own
       * sidecar (Sony's XML, whose recipe test-metadata-sony checks) or the
       * roll's ALE, read here. */
      if (g_strcmp0 (ours, probe_timecode (probe)) != 0)
        {
          JsonArray *files = json_object_get_array_member (clip, "files");

          from_ale = ale_start_of (roll_dir, base);
          g_test_message ("%s: tc_start %s, ffprobe %s, the roll's ALE %s, %u files", media_path, ours,
                          probe_timecode (probe), from_ale, json_array_get_length (files));
          if (from_ale != NULL)
            g_assert_cmpstr (ours, ==, from_ale);
          else
            g_assert_cmpuint (json_array_get_length (files), >, 1);
        }
      else
        n_checked++;
    }
  if (audio != NULL && json_object_has_member (clip, "audio_sample_rate"))
    {
      g_assert_cmpint (json_object_get_int_member (clip, "audio_sample_rate"), ==,
                       g_ascii_strtoll (json_object_get_string_member (audio, "sample_rate"), NULL, 10));
      n_checked++;
    }
  if (audio != NULL && video == NULL && json_object_has_member (clip, "audio_channels"))
    {
      g_assert_cmpint (json_object_get_int_member (clip, "audio_channels"), ==,
                       json_object_get_int_member (audio, "channels"));
      n_checked++;
    }
  return n_checked;
}

/* The keys a clip's JSON may have (ingest-clip.h). */
static gboolean
is_known_key (const char *key)
{
  static const char * const others[] = {
    "clip", "roll", "drive", "kind", "files", "frame_first", "frame_last", "frames_missing",
    "verification", "locations", "problems", "bytes_read", NULL,
  };
  IngestClipField field;

  return g_strv_contains (others, key) || ingest_clip_field_from_key (key, &field);
}

static void
test_clips_json (void)
{
  const char *args[] = { "clips", "--json", demo_drive, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_clips = 0, n_checked = 0;
  int status;

  if (!ingest_test_require_programs ("ffmpeg", "ffprobe", NULL))
    return;
  out = ingest_test_run_ingestctl (args, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonNode) node = parse_json (lines[i]);
      JsonObject *clip = json_node_get_object (node);
      JsonArray *files = json_object_get_array_member (clip, "files");
      const char *roll = json_object_get_string_member (clip, "roll");
      const char *kind = json_object_get_string_member (clip, "kind");
      g_autoptr(GList) members = json_object_get_members (clip);
      g_autofree char *media = NULL;
      IngestClipField field;

      g_assert_cmpuint (n_clips, <, demo_names->len);
      g_assert_cmpstr (json_object_get_string_member (clip, "clip"), ==, g_ptr_array_index (demo_names, n_clips));
      g_assert_cmpstr (json_object_get_string_member (clip, "drive"), ==, INGEST_DEMO_DRIVE_LABEL);
      g_assert_cmpstr (kind, ==, g_ptr_array_index (demo_kinds, n_clips));
      /* Every key is one the contract names, every field value canonical. */
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;

          g_assert_true (is_known_key (key));
          if (ingest_clip_field_from_key (key, &field))
            {
              JsonNode *value = json_object_get_member (clip, key);
              g_autofree char *text = NULL;

              if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
                text = g_strdup (json_node_get_string (value));
              else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
                text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
              else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
                text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
              if (text != NULL)
                g_assert_true (ingest_clip_field_check (field, text));
              /* absent when unknown: never null */
              g_assert_false (JSON_NODE_HOLDS_NULL (value));
            }
        }
      /* The files are on the drive, under the roll. */
      g_assert_cmpuint (json_array_get_length (files), >=, 1);
      for (guint f = 0; f < json_array_get_length (files); f++)
        {
          g_autofree char *path = g_build_filename (demo_drive, roll, json_array_get_string_element (files, f), NULL);

          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        }
      media = g_build_filename (demo_drive, roll, json_array_get_string_element (files, 0), NULL);
      /* ffprobe knows movies and sound; a still or one frame of a sequence
       * has no rate of its own there (their readers have their own tests). */
      if (g_str_equal (json_object_get_string_member (clip, "kind"), "video") ||
          g_str_equal (json_object_get_string_member (clip, "kind"), "audio"))
        n_checked += check_against_ffprobe (clip, media);
      n_clips++;
    }
  g_assert_cmpuint (n_clips, ==, demo_names->len);
  g_test_message ("%u fields checked against ffprobe", n_checked);
}

static void
test_clips_table (void)
{
  const char *args[] = { "clips", demo_drive, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  out = ingest_test_run_ingestctl (args, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  /* A header, a line per clip, the final newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + demo_names->len + 1);
  g_assert_true (g_str_has_prefix (lines[0], "ROLL"));
  for (guint i = 0; i < demo_names->len; i++)
    g_assert_nonnull (strstr (lines[i + 1], g_ptr_array_index (demo_names, i)));
}

/* An ALE read back: its sections, and a table whose rows all have the
 * columns' count. */
typedef struct
{
  GHashTable *heading;   /* name → value */
  GStrv       columns;
  GPtrArray  *rows;      /* of GStrv */
} Ale;

static void
ale_clear (Ale *ale)
{
  g_clear_pointer (&ale->heading, g_hash_table_unref);
  g_clear_pointer (&ale->columns, g_strfreev);
  g_clear_pointer (&ale->rows, g_ptr_array_unref);
}

static void
parse_ale (const char *text,
           Ale        *ale)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  enum { NONE, HEADING, COLUMN, DATA } section = NONE;

  ale->heading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ale->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (strcmp (line, "Heading") == 0)
        section = HEADING;
      else if (strcmp (line, "Column") == 0)
        section = COLUMN;
      else if (strcmp (line, "Data") == 0)
        section = DATA;
      else if (line[0] == '\0')
        continue;
      else if (section == HEADING)
        {
          g_auto(GStrv) pair = g_strsplit (line, "\t", 2);

          g_assert_cmpuint (g_strv_length (pair), ==, 2);
          g_hash_table_insert (ale->heading, g_strdup (pair[0]), g_strdup (pair[1]));
        }
      else if (section == COLUMN)
        {
          g_assert_null (ale->columns);
          ale->columns = g_strsplit (line, "\t", -1);
        }
      else if (section == DATA)
        {
          GStrv row = g_strsplit (line, "\t", -1);

          g_assert_nonnull (ale->columns);
          g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (ale->columns));
          g_ptr_array_add (ale->rows, row);
        }
      else
        g_assert_not_reached ();
    }
  /* The sections came in order: Heading first (FIELD_DELIM TABS), a Column
   * line, then Data. */
  g_assert_cmpstr (g_hash_table_lookup (ale->heading, "FIELD_DELIM"), ==, "TABS");
  g_assert_nonnull (ale->columns);
}

static guint
column_index (Ale        *ale,
              const char *name)
{
  for (guint i = 0; ale->columns[i] != NULL; i++)
    if (strcmp (ale->columns[i], name) == 0)
      return i;
  g_error ("no column %s", name);
  return 0;
}

static char *
ale_start_of (const char *roll_dir,
              const char *media)
{
  g_autoptr(GDir) dir = g_dir_open (roll_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      Ale ale = { 0 };
      char *found = NULL;

      if (!g_str_has_suffix (name, ".ale"))
        continue;
      path = g_build_filename (roll_dir, name, NULL);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      parse_ale (text, &ale);
      for (guint i = 0; found == NULL && i < ale.rows->len; i++)
        {
          GStrv row = g_ptr_array_index (ale.rows, i);

          if (strcmp (row[column_index (&ale, "Source File")], media) == 0)
            found = g_strdup (row[column_index (&ale, "Start")]);
        }
      ale_clear (&ale);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_export_ale (void)
{
  g_autofree char *file = g_build_filename (demo_dir, "demo.ale", NULL);
  const char *args[] = { "export", "ale", demo_drive, "-o", file, NULL };
  const char * const required[] = { "Name", "Tape", "Start", "End", "Duration", "Source File", "Scene", "Take", "Camera", "ISO", "WB", "Lens", NULL };
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  Ale ale = { 0 };
  int status;

  out = ingest_test_run_ingestctl (args, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_file_get_contents (file, &text, NULL, &error));
  g_assert_no_error (error);
  parse_ale (text, &ale);
  for (guint i = 0; required[i] != NULL; i++)
    column_index (&ale, required[i]);
  g_assert_cmpuint (ale.rows->len, ==, demo_names->len);
  for (guint i = 0; i < ale.rows->len; i++)
    {
      GStrv row = g_ptr_array_index (ale.rows, i);
      const char *source = row[column_index (&ale, "Source File")];

      g_assert_cmpstr (row[column_index (&ale, "Name")], ==, g_ptr_array_index (demo_names, i));
      /* The media file's name, starting with the clip's. */
      g_assert_true (g_str_has_prefix (source, g_ptr_array_index (demo_names, i)));
      g_assert_cmpstr (row[column_index (&ale, "Tape")], !=, "");
    }
  ale_clear (&ale);
}

/* RFC 4180: fields split on commas outside quotes, "" inside quotes is ". */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (cell, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          p++;
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        {
          /* A bare line feed outside quotes is not RFC 4180. */
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (cell, *p);
        }
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  return rows;
}

static void
test_export_csv (void)
{
  const char *args[] = { "export", "csv", demo_drive, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *header;
  int status;

  out = ingest_test_run_ingestctl (args, &status);
  g_assert_cmpint (status, ==, 0);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 1 + demo_names->len);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "clip");
  g_assert_cmpstr (g_ptr_array_index (header, 4), ==, "files");
  /* Every field of the table, by its JSON key, in table order. */
  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    g_assert_cmpstr (g_ptr_array_index (header, 5 + f), ==, ingest_clip_field_get_key (f));
  g_assert_cmpstr (g_ptr_array_index (header, header->len - 1), ==, "locations");
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (row->len, ==, header->len);
      g_assert_cmpstr (g_ptr_array_index (row, 0), ==, g_ptr_array_index (demo_names, i - 1));
      g_assert_cmpstr (g_ptr_array_index (row, 2), ==, INGEST_DEMO_DRIVE_LABEL);
    }
}

/* The writers on clips made by hand. ALE times: 50 frames at 25 from
 * 10:00:00:00 end (exclusive) at 10:00:02:00 after 00:00:02:00. At 29.97
 * drop-frame, 4 frames from 00:00:59;28 are ;28 ;29, then 00:01:00;02 and
 * ;03 (labels ;00 and ;01 of minute 1 are skipped): End 00:01:00;04. */
static void
test_writers (void)
{
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IngestClip) a = ingest_clip_new ("Shot\t1", INGEST_CLIP_KIND_VIDEO, "A001", "A001");
  g_autoptr(IngestClip) b = ingest_clip_new ("B002C003", INGEST_CLIP_KIND_VIDEO, "B002", "B002");
  g_autofree char *ale_text = NULL;
  g_autofree char *csv_text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Ale ale = { 0 };
  GStrv row;

  ingest_clip_add_file (a, "clips/Shot 1.mov", 10);
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_TC_START, "10:00:00:00"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_FPS, "25"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_FRAMES, "50"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_HEIGHT, "1080"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_WIDTH, "1920"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_REEL, "A001R1AB"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_NOTES, "wide, \"hero\" take"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_AUDIO_CHANNELS, "2"));
  g_assert_true (ingest_clip_set_field (a, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE, "48000"));
  ingest_clip_add_file (b, "B002C003.mxf", 10);
  g_assert_true (ingest_clip_set_field (b, INGEST_CLIP_FIELD_TC_START, "00:00:59;28"));
  g_assert_true (ingest_clip_set_field (b, INGEST_CLIP_FIELD_FPS, "30000/1001"));
  g_assert_true (ingest_clip_set_field (b, INGEST_CLIP_FIELD_FRAMES, "4"));
  g_ptr_array_add (clips, g_object_ref (a));
  g_ptr_array_add (clips, g_object_ref (b));

  ale_text = ingest_clip_export_ale (clips);
  g_test_message ("%s", ale_text);
  parse_ale (ale_text, &ale);
  g_assert_cmpstr (g_hash_table_lookup (ale.heading, "VIDEO_FORMAT"), ==, "1080");
  g_assert_cmpstr (g_hash_table_lookup (ale.heading, "AUDIO_FORMAT"), ==, "48khz");
  /* One clip each at 25 and 29.97: a tie goes to the smaller text. */
  g_assert_cmpstr (g_hash_table_lookup (ale.heading, "FPS"), ==, "25");
  row = g_ptr_array_index (ale.rows, 0);
  g_assert_cmpstr (row[column_index (&ale, "Name")], ==, "Shot 1");
  g_assert_cmpstr (row[column_index (&ale, "Tape")], ==, "A001R1AB");
  g_assert_cmpstr (row[column_index (&ale, "Start")], ==, "10:00:00:00");
  g_assert_cmpstr (row[column_index (&ale, "End")], ==, "10:00:02:00");
  g_assert_cmpstr (row[column_index (&ale, "Duration")], ==, "00:00:02:00");
  g_assert_cmpstr (row[column_index (&ale, "Source File")], ==, "Shot 1.mov");
  g_assert_cmpstr (row[column_index (&ale, "Tracks")], ==, "VA1A2");
  g_assert_cmpstr (row[column_index (&ale, "Comments")], ==, "wide, \"hero\" take");
  row = g_ptr_array_index (ale.rows, 1);
  /* No reel: the roll. */
  g_assert_cmpstr (row[column_index (&ale, "Tape")], ==, "B002");
  g_assert_cmpstr (row[column_index (&ale, "Start")], ==, "00:00:59;28");
  g_assert_cmpstr (row[column_index (&ale, "End")], ==, "00:01:00;04");
  g_assert_cmpstr (row[column_index (&ale, "Duration")], ==, "00:00:00;04");
  g_assert_cmpstr (row[column_index (&ale, "FPS")], ==, "29.97");
  ale_clear (&ale);

  csv_text = ingest_clip_export_csv (clips);
  rows = parse_csv (csv_text);
  g_assert_cmpuint (rows->len, ==, 3);
  {
    GPtrArray *header = g_ptr_array_index (rows, 0);
    GPtrArray *first = g_ptr_array_index (rows, 1);
    guint notes = 0;

    for (guint i = 0; i < header->len; i++)
      if (strcmp (g_ptr_array_index (header, i), "notes") == 0)
        notes = i;
    g_assert_cmpuint (notes, >, 0);
    g_assert_cmpstr (g_ptr_array_index (first, 0), ==, "Shot\t1");
    g_assert_cmpstr (g_ptr_array_index (first, notes), ==, "wide, \"hero\" take");
    g_assert_cmpstr (g_ptr_array_index (first, 4), ==, "clips/Shot 1.mov");
  }
  /* The quoting is RFC 4180's: the notes cell as written. */
  g_assert_nonnull (strstr (csv_text, ",\"wide, \"\"hero\"\" take\","));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  demo_dir = ingest_test_make_tmpdir ("ingestctl-clips-XXXXXX");
  demo_drive = g_build_filename (demo_dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  if (!ingest_demo_drive_create (demo_drive, NULL, &error))
    g_error ("demo drive: %s", error->message);
  group_demo ();

  g_test_add_func ("/ingestctl-clips/json", test_clips_json);
  g_test_add_func ("/ingestctl-clips/table", test_clips_table);
  g_test_add_func ("/ingestctl-clips/export-ale", test_export_ale);
  g_test_add_func ("/ingestctl-clips/export-csv", test_export_csv);
  g_test_add_func ("/ingestctl-clips/writers", test_writers);

  ret = g_test_run ();
  ingest_test_rm_rf (demo_dir);
  g_free (demo_dir);
  g_free (demo_drive);
  g_ptr_array_unref (demo_names);
  g_ptr_array_unref (demo_kinds);
  return ret;
}
