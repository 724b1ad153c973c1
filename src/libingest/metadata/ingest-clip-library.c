/* ingest-clip-library.c
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

/* The clip library: storing (plain copies of the clips, written on the
 * catalog's writer thread), loading clips back, and search. Over 1,000
 * lines: the three share the index's column table and the clip rows'
 * layout, and nothing else uses them. */

#define G_LOG_DOMAIN "ingest-clip-library"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-clip-library.h"
#include "ingest-library-roll.h"
#include "ingest-sqlite-private.h"

struct _IngestClipLibrary
{
  GObject        parent_instance;

  IngestCatalog *catalog;   /* set once at construction, then only read */
};

G_DEFINE_FINAL_TYPE (IngestClipLibrary, ingest_clip_library, G_TYPE_OBJECT)

/*
 * The search index's columns (sql/0009-clips.sql, in that order). A searched
 * field goes to the column named by its key, else to its group's column
 * (camera, lens), else to "other": the field table decides, no field is
 * named here.
 */
enum {
  COL_CLIP,
  COL_ROLL,
  COL_REEL,
  COL_CAMERA,
  COL_LENS,
  COL_SCENE,
  COL_TAKE,
  COL_NOTES,
  COL_PRODUCTION,
  COL_SHOOT_DAY,
  COL_FILES,
  COL_DRIVE,
  COL_OTHER,
  N_COLUMNS
};

static const char * const column_names[N_COLUMNS] = {
  "clip", "roll", "reel", "camera", "lens", "scene", "take", "notes", "production",
  "shoot_day", "files", "drive", "other",
};

/* bm25 weights, by column: the clip's name and roll first. */
#define BM25_WEIGHTS "10.0, 5.0, 5.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 3.0, 1.0, 1.0"

typedef struct
{
  int         field_column[INGEST_CLIP_N_FIELDS];   /* -1: not searched */
  GHashTable *keywords;     /* casefolded column name, field key or label → column */
  GHashTable *keys;         /* field key → field + 1 */
} SearchTables;

static int
column_for_field (IngestClipField field)
{
  const char *key = ingest_clip_field_get_key (field);

  for (int c = 0; c < N_COLUMNS; c++)
    if (strcmp (column_names[c], key) == 0)
      return c;
  switch (ingest_clip_field_get_group (field))
    {
    case INGEST_CLIP_GROUP_CAMERA: return COL_CAMERA;
    case INGEST_CLIP_GROUP_LENS:   return COL_LENS;
    case INGEST_CLIP_GROUP_CLIP:
    case INGEST_CLIP_GROUP_EXPOSURE:
    case INGEST_CLIP_GROUP_TIMECODE:
    case INGEST_CLIP_GROUP_PICTURE:
    case INGEST_CLIP_GROUP_AUDIO:
    case INGEST_CLIP_GROUP_SLATE:
    default:                       return COL_OTHER;
    }
}

static void
add_keyword (GHashTable *keywords,
             const char *word,
             int         column)
{
  char *folded = g_utf8_casefold (word, -1);

  /* Labels of several words ("Sound roll") cannot be one word of a query. */
  if (strchr (folded, ' ') != NULL || g_hash_table_contains (keywords, folded))
    g_free (folded);
  else
    g_hash_table_insert (keywords, folded, GINT_TO_POINTER (column + 1));
}

static const SearchTables *
get_search_tables (void)
{
  static SearchTables *tables;

  if (g_once_init_enter (&tables))
    {
      SearchTables *t = g_new0 (SearchTables, 1);

      t->keywords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      t->keys = g_hash_table_new (g_str_hash, g_str_equal);
      for (int c = 0; c < N_COLUMNS; c++)
        if (c != COL_OTHER && c != COL_FILES && c != COL_SHOOT_DAY)
          add_keyword (t->keywords, column_names[c], c);
      for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
        {
          g_hash_table_insert (t->keys, (gpointer) ingest_clip_field_get_key (f),
                               GUINT_TO_POINTER (f + 1));
          t->field_column[f] = ingest_clip_field_is_searched (f) ? column_for_field (f) : -1;
          if (t->field_column[f] >= 0 && t->field_column[f] != COL_OTHER)
            {
              add_keyword (t->keywords, ingest_clip_field_get_key (f), t->field_column[f]);
              add_keyword (t->keywords, ingest_clip_field_get_label (f), t->field_column[f]);
            }
        }
      g_once_init_leave (&tables, t);
    }
  return tables;
}

/*
 * Storing: the clips are copied to plain data on the caller's thread, since
 * the writer thread must not touch objects the caller may still hold.
 */

typedef struct
{
  char                   *name;
  const char             *kind;            /* static nick */
  char                   *roll_name;
  char                   *roll_path;
  char                   *drive_identity;
  char                   *drive_label;
  char                   *production;
  char                   *shoot_day;
  char                   *thumbnail_path;
  gboolean                has_range;
  gint64                  frame_first;
  gint64                  frame_last;
  GArray                 *missing;         /* of gint64 pairs */
  char                   *fields[INGEST_CLIP_N_FIELDS];
  char                  **attribute_names;
  GPtrArray              *attribute_values;
  GPtrArray              *problems;
  GPtrArray              *locations;
  GPtrArray              *file_paths;
  GArray                 *file_sizes;      /* of guint64 */
  const char             *verification;    /* static nick, or NULL */
  guint64                 bytes_read;
} StoredClip;

typedef struct
{
  GPtrArray *clips;      /* of StoredClip */
  gint64     now;
} Store;

static void
stored_clip_free (gpointer data)
{
  StoredClip *c = data;

  g_free (c->name);
  g_free (c->roll_name);
  g_free (c->roll_path);
  g_free (c->drive_identity);
  g_free (c->drive_label);
  g_free (c->production);
  g_free (c->shoot_day);
  g_free (c->thumbnail_path);
  g_array_unref (c->missing);
  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    g_free (c->fields[f]);
  g_strfreev (c->attribute_names);
  g_ptr_array_unref (c->attribute_values);
  g_ptr_array_unref (c->problems);
  g_ptr_array_unref (c->locations);
  g_ptr_array_unref (c->file_paths);
  g_array_unref (c->file_sizes);
  g_free (c);
}

static void
store_free (gpointer data)
{
  Store *op = data;

  g_ptr_array_unref (op->clips);
  g_free (op);
}

/* 'YYYY-MM-DD' of a real day. */
static gboolean
is_day (const char *text)
{
  int y, m, d;
  char end;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

static StoredClip *
stored_clip_new (IngestClip *clip,
                 const char *production,
                 const char *shoot_day,
                 const char *today)
{
  StoredClip *c = g_new0 (StoredClip, 1);
  const char *created = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CREATED);
  const char *roll_path = ingest_clip_get_roll_path (clip);
  char created_day[11] = "";
  IngestValidationStatus status;
  gint64 first = 0, last = 0;

  c->name = g_strdup (ingest_clip_get_name (clip));
  c->kind = ingest_clip_kind_to_string (ingest_clip_get_kind (clip));
  /* The catalog's rolls say '' for the drive root, as validation records it. */
  c->roll_path = g_strdup (roll_path == NULL || strcmp (roll_path, ".") == 0 ? "" : roll_path);
  if (ingest_clip_get_roll_name (clip) != NULL)
    c->roll_name = g_strdup (ingest_clip_get_roll_name (clip));
  else
    c->roll_name = *c->roll_path != '\0' ? g_path_get_basename (c->roll_path) : g_strdup ("");
  c->drive_identity = g_strdup (ingest_clip_get_drive_identity (clip));
  c->drive_label = g_strdup (ingest_clip_get_drive_label (clip));
  c->thumbnail_path = g_strdup (ingest_clip_get_thumbnail_path (clip));

  /* The header's rule: the caller's filing, else the clip's own production
   * and recording day, else today. */
  c->production = g_strdup (production != NULL ? production
                                               : ingest_clip_get_field (clip, INGEST_CLIP_FIELD_PRODUCTION));
  if (created != NULL)
    g_strlcpy (created_day, created, sizeof created_day);
  if (shoot_day != NULL)
    c->shoot_day = g_strdup (shoot_day);
  else if (is_day (created_day))
    c->shoot_day = g_strdup (created_day);
  else
    c->shoot_day = g_strdup (today);

  c->has_range = ingest_clip_get_frame_range (clip, &first, &last);
  c->frame_first = first;
  c->frame_last = last;
  c->missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; c->has_range && i < ingest_clip_get_n_missing_ranges (clip); i++)
    {
      ingest_clip_get_missing_range (clip, i, &first, &last);
      g_array_append_val (c->missing, first);
      g_array_append_val (c->missing, last);
    }

  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    c->fields[f] = g_strdup (ingest_clip_get_field (clip, f));

  c->attribute_names = ingest_clip_dup_attribute_names (clip);
  c->attribute_values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; c->attribute_names[i] != NULL; i++)
    g_ptr_array_add (c->attribute_values,
                     g_strdup (ingest_clip_get_attribute (clip, c->attribute_names[i])));

  c->problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ingest_clip_get_n_problems (clip); i++)
    g_ptr_array_add (c->problems, g_strdup (ingest_clip_get_problem (clip, i)));
  c->locations = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ingest_clip_get_n_locations (clip); i++)
    g_ptr_array_add (c->locations, g_strdup (ingest_clip_get_location (clip, i)));

  c->file_paths = g_ptr_array_new_with_free_func (g_free);
  c->file_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < ingest_clip_get_n_files (clip); i++)
    {
      guint64 size = ingest_clip_get_file_size (clip, i);

      g_ptr_array_add (c->file_paths, g_strdup (ingest_clip_get_file (clip, i)));
      g_array_append_val (c->file_sizes, size);
    }

  if (ingest_clip_get_verification (clip, &status))
    c->verification = ingest_validation_status_to_string (status);
  c->bytes_read = ingest_clip_get_bytes_read (clip);
  return c;
}

/* Copies CLIPS, or fails (nothing queued) on a clip the library cannot file. */
static Store *
store_new (GPtrArray   *clips,
           const char  *production,
           const char  *shoot_day,
           GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  Store *op;

  if (shoot_day != NULL && !is_day (shoot_day))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a shoot day (YYYY-MM-DD)"), shoot_day);
      return NULL;
    }
  if (production != NULL && !g_utf8_validate (production, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The production name is not valid UTF-8"));
      return NULL;
    }
  for (guint i = 0; i < clips->len; i++)
    if (ingest_clip_get_drive_identity (g_ptr_array_index (clips, i)) == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Clip “%s” has no drive: the library files clips by drive and roll"),
                     ingest_clip_get_name (g_ptr_array_index (clips, i)));
        return NULL;
      }

  op = g_new0 (Store, 1);
  op->now = g_get_real_time ();
  op->clips = g_ptr_array_new_full (clips->len, stored_clip_free);
  for (guint i = 0; i < clips->len; i++)
    g_ptr_array_add (op->clips, stored_clip_new (g_ptr_array_index (clips, i),
                                                 production, shoot_day, today));
  return op;
}

/* The statements of one store call, prepared once and reset per row. */
typedef struct
{
  sqlite3_stmt *first_stored;
  sqlite3_stmt *delete_roll;
  sqlite3_stmt *clip;
  sqlite3_stmt *file;
  sqlite3_stmt *value;
  sqlite3_stmt *attribute;
  sqlite3_stmt *problem;
  sqlite3_stmt *location;
  sqlite3_stmt *missing;
  sqlite3_stmt *search;
  GString      *columns[N_COLUMNS];
} StoreStatements;

static void
store_statements_clear (StoreStatements *s)
{
  sqlite3_stmt **stmts[] = { &s->first_stored, &s->delete_roll, &s->clip, &s->file, &s->value,
                             &s->attribute, &s->problem, &s->location, &s->missing, &s->search };

  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    g_clear_pointer (stmts[i], sqlite3_finalize);
  for (guint c = 0; c < N_COLUMNS; c++)
    if (s->columns[c] != NULL)
      g_string_free (g_steal_pointer (&s->columns[c]), TRUE);
}

static gboolean
store_statements_prepare (sqlite3          *db,
                          StoreStatements  *s,
                          GError          **error)
{
  struct { sqlite3_stmt **stmt; const char *sql; } list[] = {
    { &s->first_stored, "SELECT name, ingested_at FROM clips WHERE roll_id = ?1" },
    { &s->delete_roll, "DELETE FROM clips WHERE roll_id = ?1" },
    { &s->clip, "INSERT INTO clips (roll_id, name, kind, frame_first, frame_last, verification, "
                "  bytes_read, production, shoot_day, thumbnail_path, ingested_at, updated_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)" },
    { &s->file, "INSERT INTO clip_files (clip_id, ordinal, path, size) VALUES (?1, ?2, ?3, ?4)" },
    { &s->value, "INSERT INTO clip_values (clip_id, key, value) VALUES (?1, ?2, ?3)" },
    { &s->attribute, "INSERT INTO clip_attributes (clip_id, name, value) VALUES (?1, ?2, ?3)" },
    { &s->problem, "INSERT INTO clip_problems (clip_id, ordinal, message) VALUES (?1, ?2, ?3)" },
    { &s->location, "INSERT INTO clip_locations (clip_id, ordinal, uri) VALUES (?1, ?2, ?3)" },
    { &s->missing, "INSERT OR IGNORE INTO clip_missing_frames (clip_id, first, last) VALUES (?1, ?2, ?3)" },
    { &s->search, "INSERT INTO clip_search (rowid, clip, roll, reel, camera, lens, scene, take, notes, "
                  "  production, shoot_day, files, drive, other) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    if ((*list[i].stmt = _ingest_sqlite_prepare (db, list[i].sql, error)) == NULL)
      return FALSE;
  for (guint c = 0; c < N_COLUMNS; c++)
    s->columns[c] = g_string_new (NULL);
  return TRUE;
}

/* Binds text the statement only needs until its next step (no copy). */
static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static gboolean
step_reset (sqlite3_stmt  *stmt,
            GError       **error)
{
  gboolean ok = _ingest_sqlite_step_done (stmt, error);

  sqlite3_reset (stmt);
  return ok;
}

static gboolean
insert_pairs (sqlite3_stmt  *stmt,
              gint64         clip_id,
              GPtrArray     *values,
              GError       **error)
{
  for (guint i = 0; i < values->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, clip_id);
      sqlite3_bind_int64 (stmt, 2, i);
      bind_static (stmt, 3, g_ptr_array_index (values, i));
      if (!step_reset (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
append_word (GString    *column,
             const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (column->len > 0)
    g_string_append_c (column, ' ');
  g_string_append (column, text);
}

static gboolean
insert_search_row (StoreStatements  *s,
                   StoredClip       *c,
                   gint64            clip_id,
                   GError          **error)
{
  const SearchTables *tables = get_search_tables ();

  for (guint i = 0; i < N_COLUMNS; i++)
    g_string_truncate (s->columns[i], 0);
  append_word (s->columns[COL_CLIP], c->name);
  append_word (s->columns[COL_ROLL], c->roll_name);
  append_word (s->columns[COL_PRODUCTION], c->production);
  append_word (s->columns[COL_SHOOT_DAY], c->shoot_day);
  append_word (s->columns[COL_DRIVE], c->drive_label);
  for (guint i = 0; i < c->file_paths->len; i++)
    append_word (s->columns[COL_FILES], g_ptr_array_index (c->file_paths, i));
  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    if (tables->field_column[f] >= 0 && c->fields[f] != NULL &&
        g_strcmp0 (s->columns[tables->field_column[f]]->str, c->fields[f]) != 0)
      append_word (s->columns[tables->field_column[f]], c->fields[f]);

  sqlite3_bind_int64 (s->search, 1, clip_id);
  for (guint i = 0; i < N_COLUMNS; i++)
    bind_static (s->search, 2 + i, s->columns[i]->str);
  return step_reset (s->search, error);
}

static gboolean
insert_clip (sqlite3          *db,
             StoreStatements  *s,
             StoredClip       *c,
             gint64            roll_id,
             gint64            ingested_at,
             gint64            now,
             GError          **error)
{
  gint64 clip_id;

  sqlite3_bind_int64 (s->clip, 1, roll_id);
  bind_static (s->clip, 2, c->name);
  bind_static (s->clip, 3, c->kind);
  if (c->has_range)
    {
      sqlite3_bind_int64 (s->clip, 4, c->frame_first);
      sqlite3_bind_int64 (s->clip, 5, c->frame_last);
    }
  else
    {
      sqlite3_bind_null (s->clip, 4);
      sqlite3_bind_null (s->clip, 5);
    }
  bind_static (s->clip, 6, c->verification);
  sqlite3_bind_int64 (s->clip, 7, (gint64) MIN (c->bytes_read, (guint64) G_MAXINT64));
  bind_static (s->clip, 8, c->production);
  bind_static (s->clip, 9, c->shoot_day);
  bind_static (s->clip, 10, c->thumbnail_path);
  sqlite3_bind_int64 (s->clip, 11, ingested_at);
  sqlite3_bind_int64 (s->clip, 12, now);
  if (!step_reset (s->clip, error))
    return FALSE;
  clip_id = sqlite3_last_insert_rowid (db);

  for (guint i = 0; i < c->file_paths->len; i++)
    {
      sqlite3_bind_int64 (s->file, 1, clip_id);
      sqlite3_bind_int64 (s->file, 2, i);
      bind_static (s->file, 3, g_ptr_array_index (c->file_paths, i));
      sqlite3_bind_int64 (s->file, 4, (gint64) MIN (g_array_index (c->file_sizes, guint64, i),
                                                     (guint64) G_MAXINT64));
      if (!step_reset (s->file, error))
        return FALSE;
    }
  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    if (c->fields[f] != NULL)
      {
        sqlite3_bind_int64 (s->value, 1, clip_id);
        bind_static (s->value, 2, ingest_clip_field_get_key (f));
        bind_static (s->value, 3, c->fields[f]);
        if (!step_reset (s->value, error))
          return FALSE;
      }
  for (guint i = 0; c->attribute_names[i] != NULL; i++)
    {
      sqlite3_bind_int64 (s->attribute, 1, clip_id);
      bind_static (s->attribute, 2, c->attribute_names[i]);
      bind_static (s->attribute, 3, g_ptr_array_index (c->attribute_values, i));
      if (!step_reset (s->attribute, error))
        return FALSE;
    }
  if (!insert_pairs (s->problem, clip_id, c->problems, error) ||
      !insert_pairs (s->location, clip_id, c->locations, error))
    return FALSE;
  for (guint i = 0; i + 1 < c->missing->len; i += 2)
    {
      sqlite3_bind_int64 (s->missing, 1, clip_id);
      sqlite3_bind_int64 (s->missing, 2, g_array_index (c->missing, gint64, i));
      sqlite3_bind_int64 (s->missing, 3, g_array_index (c->missing, gint64, i + 1));
      if (!step_reset (s->missing, error))
        return FALSE;
    }
  return insert_search_row (s, c, clip_id, error);
}

/* A roll met for the first time in this call: its row, when each of its
 * clips was first stored, then none of its clips. */
typedef struct
{
  gint64      id;
  GHashTable *first_stored;   /* clip name → gint64 * */
} StoreRoll;

static void
store_roll_free (gpointer data)
{
  StoreRoll *roll = data;

  g_hash_table_unref (roll->first_stored);
  g_free (roll);
}

static StoreRoll *
begin_roll (sqlite3          *db,
            StoreStatements  *s,
            GHashTable       *drives,
            StoredClip       *c,
            gint64            now,
            GError          **error)
{
  g_autoptr(GHashTable) first_stored = NULL;
  StoreRoll *roll;
  gpointer drive_value;
  gint64 drive_id, roll_id;
  int rc;

  if (g_hash_table_lookup_extended (drives, c->drive_identity, NULL, &drive_value))
    drive_id = *(gint64 *) drive_value;
  else
    {
      if (!_ingest_catalog_upsert_drive_row (db, c->drive_identity, c->drive_label, NULL, NULL,
                                             now, &drive_id, error))
        return NULL;
      g_hash_table_insert (drives, c->drive_identity, g_memdup2 (&drive_id, sizeof drive_id));
    }
  if (!_ingest_catalog_upsert_roll_row (db, drive_id, c->roll_path, c->roll_name, NULL, NULL,
                                        &roll_id, error))
    return NULL;

  first_stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_bind_int64 (s->first_stored, 1, roll_id);
  while ((rc = sqlite3_step (s->first_stored)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (s->first_stored, 1);

      g_hash_table_insert (first_stored, _ingest_sqlite_dup_text (s->first_stored, 0),
                           g_memdup2 (&at, sizeof at));
    }
  sqlite3_reset (s->first_stored);
  if (rc != SQLITE_DONE)
    {
      _ingest_sqlite_set_error (error, db, rc, _("Could not read the roll’s clips"));
      return NULL;
    }

  /* Children and index rows go with them (ON DELETE CASCADE, the trigger). */
  sqlite3_bind_int64 (s->delete_roll, 1, roll_id);
  if (!step_reset (s->delete_roll, error))
    return NULL;

  roll = g_new0 (StoreRoll, 1);
  roll->id = roll_id;
  roll->first_stored = g_steal_pointer (&first_stored);
  return roll;
}

static gboolean
store_write (sqlite3   *db,
             gpointer   data,
             GError   **error)
{
  Store *op = data;
  StoreStatements s = { NULL, };
  g_autoptr(GHashTable) drives = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) rolls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, store_roll_free);
  gboolean ok = FALSE;

  if (!store_statements_prepare (db, &s, error))
    goto out;

  for (guint i = 0; i < op->clips->len; i++)
    {
      StoredClip *c = g_ptr_array_index (op->clips, i);
      /* Identity and path joined by a byte neither can hold. */
      g_autofree char *key = g_strconcat (c->drive_identity, "\n", c->roll_path, NULL);
      StoreRoll *roll = g_hash_table_lookup (rolls, key);
      gint64 *first;

      if (roll == NULL)
        {
          roll = begin_roll (db, &s, drives, c, op->now, error);
          if (roll == NULL)
            goto out;
          g_hash_table_insert (rolls, g_steal_pointer (&key), roll);
        }
      first = g_hash_table_lookup (roll->first_stored, c->name);
      if (!insert_clip (db, &s, c, roll->id, first != NULL ? *first : op->now, op->now, error))
        goto out;
    }
  ok = TRUE;

out:
  store_statements_clear (&s);
  return ok;
}

/*
 * Loading clips: the rows of the given clip ids, in the given order.
 */

typedef struct
{
  GListStore *store;
  GHashTable *by_id;    /* gint64 * (in ids) → IngestClip (borrowed) */
} Loaded;

static IngestClip *
lookup_clip (GHashTable   *by_id,
             sqlite3_stmt *stmt)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);

  return g_hash_table_lookup (by_id, &id);
}

static gboolean
load_children (sqlite3     *db,
               const char  *ids_json,
               GHashTable  *by_id,
               GError     **error)
{
  const SearchTables *tables = get_search_tables ();
  static const char * const queries[] = {
    "SELECT clip_id, path, size FROM clip_files WHERE clip_id IN (SELECT value FROM json_each (?1)) "
    "ORDER BY clip_id, ordinal",
    "SELECT clip_id, key, value FROM clip_values WHERE clip_id IN (SELECT value FROM json_each (?1))",
    "SELECT clip_id, name, value FROM clip_attributes WHERE clip_id IN (SELECT value FROM json_each (?1))",
    "SELECT clip_id, message FROM clip_problems WHERE clip_id IN (SELECT value FROM json_each (?1)) "
    "ORDER BY clip_id, ordinal",
    "SELECT clip_id, uri FROM clip_locations WHERE clip_id IN (SELECT value FROM json_each (?1)) "
    "ORDER BY clip_id, ordinal",
    "SELECT clip_id, first, last FROM clip_missing_frames WHERE clip_id IN (SELECT value FROM json_each (?1)) "
    "ORDER BY clip_id, first",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(sqlite3_stmt) stmt = _ingest_sqlite_prepare (db, queries[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          IngestClip *clip = lookup_clip (by_id, stmt);
          const char *a = (const char *) sqlite3_column_text (stmt, 1);
          const char *b = (const char *) sqlite3_column_text (stmt, 2);
          gpointer field;

          if (clip == NULL || a == NULL)
            continue;
          switch (q)
            {
            case 0:
              ingest_clip_add_file (clip, a, (guint64) MAX (sqlite3_column_int64 (stmt, 2), 0));
              break;
            case 1:
              /* A key this build does not know (a newer field) is skipped. */
              if (b != NULL && (field = g_hash_table_lookup (tables->keys, a)) != NULL)
                ingest_clip_set_field (clip, GPOINTER_TO_UINT (field) - 1, b);
              break;
            case 2:
              ingest_clip_set_attribute (clip, a, b);
              break;
            case 3:
              ingest_clip_add_problem (clip, a);
              break;
            case 4:
              ingest_clip_add_location (clip, a);
              break;
            case 5:
              if (sqlite3_column_int64 (stmt, 1) <= sqlite3_column_int64 (stmt, 2))
                ingest_clip_add_missing_frames (clip, sqlite3_column_int64 (stmt, 1),
                                                sqlite3_column_int64 (stmt, 2));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      if (rc != SQLITE_DONE)
        return _ingest_sqlite_set_error (error, db, rc, _("Could not read the clips"));
    }
  return TRUE;
}

/* The proxy stage's row (sql/0011-clip-proxies.sql), from column FIRST on:
 * status, proxy, poster, filmstrip, its frames, reason. A proxy that is no
 * longer on disk is not offered to the player. */
static void
set_preview_from_row (IngestClip   *clip,
                      sqlite3_stmt *stmt,
                      int           first)
{
  const char *status = (const char *) sqlite3_column_text (stmt, first);
  const char *proxy = (const char *) sqlite3_column_text (stmt, first + 1);
  const char *reason = (const char *) sqlite3_column_text (stmt, first + 5);

  guint strip_frames = (guint) CLAMP (sqlite3_column_int64 (stmt, first + 4), 0, G_MAXUINT);

  if (status == NULL)
    return;
  if (proxy != NULL && g_file_test (proxy, G_FILE_TEST_IS_REGULAR))
    ingest_clip_set_preview (clip, proxy,
                             (const char *) sqlite3_column_text (stmt, first + 2),
                             strip_frames > 0 ? (const char *) sqlite3_column_text (stmt, first + 3) : NULL,
                             strip_frames);
  else if (reason != NULL)
    ingest_clip_set_preview_problem (clip, reason);
}

static IngestClip *
clip_from_row (sqlite3_stmt *stmt)
{
  static const IngestClipKind kinds[] = {
    INGEST_CLIP_KIND_VIDEO, INGEST_CLIP_KIND_AUDIO, INGEST_CLIP_KIND_STILL,
    INGEST_CLIP_KIND_SEQUENCE, INGEST_CLIP_KIND_OTHER,
  };
  const char *kind_nick = (const char *) sqlite3_column_text (stmt, 2);
  const char *verification = (const char *) sqlite3_column_text (stmt, 5);
  const char *production = (const char *) sqlite3_column_text (stmt, 7);
  IngestClipKind kind = INGEST_CLIP_KIND_OTHER;
  IngestValidationStatus status;
  IngestClip *clip;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (g_strcmp0 (kind_nick, ingest_clip_kind_to_string (kinds[k])) == 0)
      kind = kinds[k];

  clip = ingest_clip_new ((const char *) sqlite3_column_text (stmt, 1), kind,
                          (const char *) sqlite3_column_text (stmt, 9),
                          (const char *) sqlite3_column_text (stmt, 10));
  ingest_clip_set_drive_identity (clip, (const char *) sqlite3_column_text (stmt, 11));
  ingest_clip_set_drive_label (clip, (const char *) sqlite3_column_text (stmt, 12));
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL && sqlite3_column_type (stmt, 4) != SQLITE_NULL &&
      sqlite3_column_int64 (stmt, 3) <= sqlite3_column_int64 (stmt, 4))
    ingest_clip_set_frame_range (clip, sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 4));
  if (verification != NULL && ingest_validation_status_from_string (verification, &status))
    ingest_clip_set_verification (clip, status);
  ingest_clip_add_bytes_read (clip, (guint64) MAX (sqlite3_column_int64 (stmt, 6), 0));
  ingest_clip_set_thumbnail_path (clip, (const char *) sqlite3_column_text (stmt, 8));
  /* The production the library files the clip under is the clip's, when the
   * card did not name one (the values loaded after this come first). */
  if (production != NULL)
    ingest_clip_set_field (clip, INGEST_CLIP_FIELD_PRODUCTION, production);
  set_preview_from_row (clip, stmt, 15);
  return clip;
}

typedef struct
{
  GArray     *ids;     /* of gint64, in result order */
  GListStore *result;
} LoadClips;

static gboolean
load_clips_read (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  LoadClips *op = data;
  g_autoptr(GString) json = g_string_sized_new (op->ids->len * 8 + 2);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) circled = g_hash_table_new (NULL, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer clip_key, mark;
  int rc;

  g_string_append_c (json, '[');
  for (guint i = 0; i < op->ids->len; i++)
    g_string_append_printf (json, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                            g_array_index (op->ids, gint64, i));
  g_string_append_c (json, ']');

  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT c.id, c.name, c.kind, c.frame_first, c.frame_last, c.verification, "
                                 "       c.bytes_read, c.production, c.thumbnail_path, r.name, r.path, "
                                 "       d.identity, d.label, j.key, m.circled, "
                                 "       p.status, p.proxy_path, p.poster_path, p.filmstrip_path, "
                                 "       p.filmstrip_frames, p.reason "
                                 "FROM json_each (?1) j "
                                 "JOIN clips c ON c.id = j.value "
                                 "JOIN rolls r ON r.id = c.roll_id "
                                 "JOIN drives d ON d.id = r.drive_id "
                                 "LEFT JOIN clip_marks m ON m.roll_id = c.roll_id AND m.clip_name = c.name "
                                 "LEFT JOIN clip_proxies p ON p.roll_id = c.roll_id AND p.clip_name = c.name "
                                 "ORDER BY j.key", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json->str, -1, SQLITE_STATIC);

  op->result = g_list_store_new (INGEST_TYPE_CLIP);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(IngestClip) clip = clip_from_row (stmt);
      gint64 position = sqlite3_column_int64 (stmt, 13);

      /* j.key: the index in IDS (whose elements, no longer moving, are the keys). */
      if (position < 0 || position >= op->ids->len)
        continue;
      g_hash_table_insert (by_id, &g_array_index (op->ids, gint64, position), clip);
      if (sqlite3_column_type (stmt, 14) != SQLITE_NULL)
        g_hash_table_insert (circled, clip, GINT_TO_POINTER (sqlite3_column_int (stmt, 14) != 0 ? 2 : 1));
      g_list_store_append (op->result, clip);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, _("Could not read the clips"));
  if (!load_children (db, json->str, by_id, error))
    return FALSE;

  /* The station's mark overrides what the card said (set after the values). */
  g_hash_table_iter_init (&iter, circled);
  while (g_hash_table_iter_next (&iter, &clip_key, &mark))
    ingest_clip_set_field (clip_key, INGEST_CLIP_FIELD_CIRCLED, GPOINTER_TO_INT (mark) == 2 ? "true" : "false");
  return TRUE;
}

/*
 * Search: the user's words to an FTS5 query that is always valid and never
 * syntax. Each word becomes a quoted string (its quotes doubled), so
 * operators, parentheses, column filters and '*' typed by the user are
 * text; the unicode61 tokenizer then splits it as it split the values.
 */

/* Bounds the query: words past this are ignored, not an error. */
#define MAX_QUERY_WORDS 32
#define MAX_NAME_PREFIX 1024

/* unicode61's token characters: categories L*, N* and Co. */
static gboolean
is_token_char (gunichar c)
{
  const guint32 token_types = (1u << G_UNICODE_LOWERCASE_LETTER) | (1u << G_UNICODE_MODIFIER_LETTER) |
                              (1u << G_UNICODE_OTHER_LETTER) | (1u << G_UNICODE_TITLECASE_LETTER) |
                              (1u << G_UNICODE_UPPERCASE_LETTER) | (1u << G_UNICODE_DECIMAL_NUMBER) |
                              (1u << G_UNICODE_LETTER_NUMBER) | (1u << G_UNICODE_OTHER_NUMBER) |
                              (1u << G_UNICODE_PRIVATE_USE);

  return (token_types & (1u << g_unichar_type (c))) != 0;
}

/* A word with no token character matches nothing: it is left out rather
 * than making the whole query match nothing. */
static gboolean
has_token (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (is_token_char (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
is_number (const char *word)
{
  return *word != '\0' && strspn (word, "0123456789") == strlen (word);
}

static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0' && words->len < MAX_QUERY_WORDS)
    {
      const char *start;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        g_ptr_array_add (words, g_strndup (start, p - start));
    }
  return words;
}

static void
append_quoted (GString    *out,
               const char *word)
{
  g_string_append_c (out, '"');
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* All words required, each a prefix; a field's name or label followed by a
 * word ("scene 42", "camera ALEXA") looks for that word in that field only,
 * and a number there whole ("take 3" is not take 31). NULL: nothing to look
 * for. */
static char *
build_match (const char *text)
{
  const SearchTables *tables = get_search_tables ();
  g_autoptr(GPtrArray) words = split_words (text);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      g_autofree char *folded = NULL;
      int column;

      if (!has_token (word))
        continue;
      if (out->len > 0)
        g_string_append (out, " AND ");

      folded = g_utf8_casefold (word, -1);
      column = GPOINTER_TO_INT (g_hash_table_lookup (tables->keywords, folded)) - 1;
      if (column >= 0 && i + 1 < words->len && has_token (g_ptr_array_index (words, i + 1)))
        {
          const char *value = g_ptr_array_index (words, ++i);

          g_string_append_printf (out, "%s : ", column_names[column]);
          append_quoted (out, value);
          if (!is_number (value))
            g_string_append_c (out, '*');
        }
      else
        {
          append_quoted (out, word);
          g_string_append_c (out, '*');
        }
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* "A003C01" → "A003C01%" for LIKE, its own wildcards escaped. */
static char *
build_name_prefix (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  GString *out;

  /* Longer than any file name (and than LIKE's pattern limit): no name starts so. */
  if (*trimmed == '\0' || strlen (trimmed) > MAX_NAME_PREFIX)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

typedef struct
{
  char   *match;
  char   *name_prefix;
  guint   limit;
  GArray *ids;
} Search;

/* Names starting with the query first, in name order, then the index's
 * matches by bm25. */
/* The clip ids a query's first column lists, in its order. */
static gboolean
collect_ids (sqlite3       *db,
             sqlite3_stmt  *stmt,
             GArray        *ids,
             const char    *what,
             GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, what);
  return TRUE;
}

static gboolean
search_read (sqlite3   *db,
             gpointer   data,
             GError   **error)
{
  Search *op = data;
  g_autoptr(GString) sql = g_string_new ("SELECT h.id FROM (");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (op->match != NULL)
    g_string_append (sql, "SELECT rowid AS id, 0 AS by_name, rank AS score FROM clip_search "
                          "WHERE clip_search MATCH ?1 AND rank MATCH 'bm25 (" BM25_WEIGHTS ")' ");
  if (op->match != NULL && op->name_prefix != NULL)
    g_string_append (sql, "UNION ALL ");
  if (op->name_prefix != NULL)
    g_string_append (sql, "SELECT id, 1 AS by_name, 0.0 AS score FROM clips WHERE name LIKE ?2 ESCAPE '\\' ");
  g_string_append (sql, ") h JOIN clips c ON c.id = h.id GROUP BY h.id "
                        "ORDER BY max (h.by_name) DESC, iif (max (h.by_name) = 1, c.name, NULL), "
                        "         min (h.score), h.id LIMIT ?3");

  stmt = _ingest_sqlite_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  if (op->match != NULL)
    sqlite3_bind_text (stmt, 1, op->match, -1, SQLITE_STATIC);
  if (op->name_prefix != NULL)
    sqlite3_bind_text (stmt, 2, op->name_prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->limit == 0 ? -1 : (gint64) op->limit);

  return collect_ids (db, stmt, op->ids, _("Could not search the clip library"), error);
}

typedef struct
{
  const char *drive_identity;
  const char *roll_path;
  GArray     *ids;
} ListClips;

static gboolean
list_clips_read (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  ListClips *op = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT c.id FROM drives d "
                                 "JOIN rolls r ON r.drive_id = d.id "
                                 "JOIN clips c ON c.roll_id = r.id "
                                 "WHERE d.identity = ?1 AND (?2 IS NULL OR r.path = ?2) "
                                 "ORDER BY r.path, c.name", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->drive_identity, -1, SQLITE_STATIC);
  if (op->roll_path != NULL)
    sqlite3_bind_text (stmt, 2, strcmp (op->roll_path, ".") == 0 ? "" : op->roll_path, -1, SQLITE_STATIC);

  return collect_ids (db, stmt, op->ids, _("Could not list the clips"), error);
}

static gboolean
list_rolls_read (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  GListStore *result = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* No production last; days newest first; drives by label. */
  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT c.production, c.shoot_day, d.identity, d.label, r.name, r.path, "
                                 "       count (*), min (c.ingested_at) "
                                 "FROM clips c "
                                 "JOIN rolls r ON r.id = c.roll_id "
                                 "JOIN drives d ON d.id = r.drive_id "
                                 "GROUP BY c.production, c.shoot_day, r.id "
                                 "ORDER BY c.production IS NULL, c.production, c.shoot_day DESC, "
                                 "         d.label, d.identity, r.path", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(IngestLibraryRoll) roll = NULL;

      roll = ingest_library_roll_new ((const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1),
                                      (const char *) sqlite3_column_text (stmt, 2),
                                      (const char *) sqlite3_column_text (stmt, 3),
                                      (const char *) sqlite3_column_text (stmt, 4),
                                      (const char *) sqlite3_column_text (stmt, 5),
                                      (guint) MIN (sqlite3_column_int64 (stmt, 6), G_MAXUINT),
                                      sqlite3_column_int64 (stmt, 7));
      g_list_store_append (result, roll);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, _("Could not list the library’s rolls"));
  return TRUE;
}

/*
 * Object
 */

static void
ingest_clip_library_dispose (GObject *object)
{
  IngestClipLibrary *self = INGEST_CLIP_LIBRARY (object);

  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (ingest_clip_library_parent_class)->dispose (object);
}

static void
ingest_clip_library_class_init (IngestClipLibraryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ingest_clip_library_dispose;
}

static void
ingest_clip_library_init (IngestClipLibrary *self)
{
}

IngestClipLibrary *
ingest_clip_library_new (IngestCatalog *catalog)
{
  IngestClipLibrary *self;

  g_return_val_if_fail (INGEST_IS_CATALOG (catalog), NULL);

  self = g_object_new (INGEST_TYPE_CLIP_LIBRARY, NULL);
  self->catalog = g_object_ref (catalog);
  return self;
}

IngestCatalog *
ingest_clip_library_get_catalog (IngestClipLibrary *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_LIBRARY (self), NULL);
  return self->catalog;
}

/* Writes (store, marks): an operation's data made on the calling thread,
 * written on the catalog's writer. */

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ingest_catalog_write_finish (INGEST_CATALOG (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Queues @write with @op (taken) for the public _async() @source_tag;
 * the task returns the write's outcome, or @error (taken) where @op could
 * not be made (NULL). */
static void
write_op_async (IngestClipLibrary      *self,
                gpointer                source_tag,
                IngestCatalogWriteFunc  write,
                gpointer                op,
                GDestroyNotify          op_free,
                GError                 *error,
                GCancellable           *cancellable,
                GAsyncReadyCallback     callback,
                gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (op == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ingest_catalog_write_async (self->catalog, write, op, op_free, cancellable,
                              written_cb, g_steal_pointer (&task));
}

static gboolean
write_op_finish (IngestClipLibrary  *self,
                 GAsyncResult       *result,
                 gpointer            source_tag,
                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The same, waiting for the writer; @op is NULL where making it failed
 * (@error is then set). */
static gboolean
write_op_sync (IngestClipLibrary      *self,
               IngestCatalogWriteFunc  write,
               gpointer                op,
               GDestroyNotify          op_free,
               GCancellable           *cancellable,
               GError                **error)
{
  gboolean ok;

  if (op == NULL)
    return FALSE;
  ok = ingest_catalog_write_sync (self->catalog, write, op, cancellable, error);
  op_free (op);
  return ok;
}

/* Store */

void
ingest_clip_library_store_async (IngestClipLibrary   *self,
                                 GPtrArray           *clips,
                                 const char          *production,
                                 const char          *shoot_day,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GError *error = NULL;
  Store *op;

  g_return_if_fail (INGEST_IS_CLIP_LIBRARY (self));
  g_return_if_fail (clips != NULL);

  op = store_new (clips, production, shoot_day, &error);
  write_op_async (self, ingest_clip_library_store_async, store_write, op, store_free, error,
                  cancellable, callback, user_data);
}

gboolean
ingest_clip_library_store_finish (IngestClipLibrary  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  return write_op_finish (self, result, ingest_clip_library_store_async, error);
}

gboolean
ingest_clip_library_store_sync (IngestClipLibrary  *self,
                                GPtrArray          *clips,
                                const char         *production,
                                const char         *shoot_day,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_return_val_if_fail (INGEST_IS_CLIP_LIBRARY (self), FALSE);
  g_return_val_if_fail (clips != NULL, FALSE);

  return write_op_sync (self, store_write, store_new (clips, production, shoot_day, error), store_free,
                        cancellable, error);
}

/* Marks */

typedef struct
{
  char     *drive_identity;
  char     *roll_path;
  char     *clip_name;
  gboolean  circled;
  gint64    now;
  int       found;     /* a lookup's answer: -1 no mark, else 0 or 1 */
} Mark;

static void
mark_free (gpointer data)
{
  Mark *op = data;

  g_free (op->drive_identity);
  g_free (op->roll_path);
  g_free (op->clip_name);
  g_free (op);
}

static Mark *
mark_new (IngestClip  *clip,
          gboolean     circled,
          GError     **error)
{
  Mark *op;

  if (ingest_clip_get_drive_identity (clip) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The clip “%s” has no drive: it is not in the library"), ingest_clip_get_name (clip));
      return NULL;
    }
  op = g_new0 (Mark, 1);
  op->drive_identity = g_strdup (ingest_clip_get_drive_identity (clip));
  op->roll_path = g_strdup (ingest_clip_get_roll_path (clip) != NULL ? ingest_clip_get_roll_path (clip) : "");
  op->clip_name = g_strdup (ingest_clip_get_name (clip));
  op->circled = circled;
  op->now = g_get_real_time () / G_USEC_PER_SEC;
  return op;
}

/* The mark is kept by roll and name, so the roll must be known; the clip
 * need not be (a mark set before the roll is stored again stays). */
static gboolean
mark_write (sqlite3   *db,
            gpointer   data,
            GError   **error)
{
  Mark *op = data;
  g_autoptr(sqlite3_stmt) roll = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  gint64 roll_id;
  int rc;

  roll = _ingest_sqlite_prepare (db,
                                 "SELECT r.id FROM rolls r JOIN drives d ON d.id = r.drive_id "
                                 "WHERE d.identity = ?1 AND r.path = ?2", error);
  if (roll == NULL)
    return FALSE;
  sqlite3_bind_text (roll, 1, op->drive_identity, -1, SQLITE_STATIC);
  sqlite3_bind_text (roll, 2, op->roll_path, -1, SQLITE_STATIC);
  rc = sqlite3_step (roll);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The clip “%s” is on a roll the library does not know"), op->clip_name);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, rc, _("Could not find the clip’s roll"));
  roll_id = sqlite3_column_int64 (roll, 0);

  upsert = _ingest_sqlite_prepare (db,
                                   "INSERT INTO clip_marks (roll_id, clip_name, circled, updated_at) "
                                   "VALUES (?1, ?2, ?3, ?4) "
                                   "ON CONFLICT (roll_id, clip_name) DO UPDATE SET "
                                   "circled = excluded.circled, updated_at = excluded.updated_at", error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_int64 (upsert, 1, roll_id);
  sqlite3_bind_text (upsert, 2, op->clip_name, -1, SQLITE_STATIC);
  sqlite3_bind_int (upsert, 3, op->circled ? 1 : 0);
  sqlite3_bind_int64 (upsert, 4, op->now);
  rc = sqlite3_step (upsert);
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, _("Could not mark the clip"));
  return TRUE;
}

void
ingest_clip_library_set_circled_async (IngestClipLibrary   *self,
                                       IngestClip          *clip,
                                       gboolean             circled,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GError *error = NULL;
  Mark *op;

  g_return_if_fail (INGEST_IS_CLIP_LIBRARY (self));
  g_return_if_fail (INGEST_IS_CLIP (clip));

  op = mark_new (clip, circled, &error);
  write_op_async (self, ingest_clip_library_set_circled_async, mark_write, op, mark_free, error,
                  cancellable, callback, user_data);
}

gboolean
ingest_clip_library_set_circled_finish (IngestClipLibrary  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  return write_op_finish (self, result, ingest_clip_library_set_circled_async, error);
}

gboolean
ingest_clip_library_set_circled_sync (IngestClipLibrary  *self,
                                      IngestClip         *clip,
                                      gboolean            circled,
                                      GCancellable       *cancellable,
                                      GError            **error)
{
  g_return_val_if_fail (INGEST_IS_CLIP_LIBRARY (self), FALSE);
  g_return_val_if_fail (INGEST_IS_CLIP (clip), FALSE);

  return write_op_sync (self, mark_write, mark_new (clip, circled, error), mark_free, cancellable, error);
}

/* The mark of one clip, read on a worker: -1 none, 0 or 1. */
static gboolean
lookup_mark_read (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  Mark *op = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT m.circled FROM clip_marks m "
                                 "JOIN rolls r ON r.id = m.roll_id JOIN drives d ON d.id = r.drive_id "
                                 "WHERE d.identity = ?1 AND r.path = ?2 AND m.clip_name = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->drive_identity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->roll_path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op->clip_name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    op->found = sqlite3_column_int (stmt, 0) != 0;
  else if (rc == SQLITE_DONE)
    op->found = -1;
  else
    return _ingest_sqlite_set_error (error, db, rc, _("Could not read the clip’s mark"));
  return TRUE;
}

static void
lookup_circled_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  IngestClipLibrary *self = source_object;
  Mark *op = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (ingest_catalog_read_sync (self->catalog, lookup_mark_read, op, &error))
    g_task_return_int (task, op->found);
  else
    g_task_return_error (task, error);
}

void
ingest_clip_library_lookup_circled_async (IngestClipLibrary   *self,
                                          IngestClip          *clip,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Mark *op;

  g_return_if_fail (INGEST_IS_CLIP_LIBRARY (self));
  g_return_if_fail (INGEST_IS_CLIP (clip));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_clip_library_lookup_circled_async);
  op = mark_new (clip, FALSE, &error);
  if (op == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, op, mark_free);
  g_task_run_in_thread (task, lookup_circled_thread);
}

gboolean
ingest_clip_library_lookup_circled_finish (IngestClipLibrary  *self,
                                           GAsyncResult       *result,
                                           gboolean           *circled,
                                           GError            **error)
{
  gssize mark;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ingest_clip_library_lookup_circled_async, FALSE);

  mark = g_task_propagate_int (G_TASK (result), error);
  if (mark < 0)
    return FALSE;
  if (circled != NULL)
    *circled = mark != 0;
  return TRUE;
}

/* Queries */

/* Which clips, then the clips: in one read transaction, so that a store
 * committed in between cannot leave ids pointing at replaced rows. */
typedef struct
{
  IngestCatalogReadFunc  select;
  gpointer               select_data;
  LoadClips              load;
} SelectAndLoad;

static gboolean
select_and_load_read (sqlite3   *db,
                      gpointer   data,
                      GError   **error)
{
  SelectAndLoad *op = data;

  return op->select (db, op->select_data, error) && load_clips_read (db, &op->load, error);
}

static GListModel *
select_and_load (IngestClipLibrary      *self,
                 IngestCatalogReadFunc   select,
                 gpointer                select_data,
                 GArray                 *ids,
                 GError                **error)
{
  SelectAndLoad op = { select, select_data, { ids, NULL } };

  if (!ingest_catalog_read_sync (self->catalog, select_and_load_read, &op, error))
    {
      g_clear_object (&op.load.result);
      return NULL;
    }
  return G_LIST_MODEL (op.load.result);
}

GListModel *
ingest_clip_library_search_sync (IngestClipLibrary  *self,
                                 const char         *query,
                                 guint               limit,
                                 GError            **error)
{
  g_autofree char *valid = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Search op = { NULL, };
  GListModel *result;

  g_return_val_if_fail (INGEST_IS_CLIP_LIBRARY (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  valid = g_utf8_make_valid (query, -1);
  op.match = build_match (valid);
  op.name_prefix = build_name_prefix (valid);
  op.limit = limit;
  op.ids = ids;
  if (op.match == NULL && op.name_prefix == NULL)
    result = G_LIST_MODEL (g_list_store_new (INGEST_TYPE_CLIP));
  else
    result = select_and_load (self, search_read, &op, ids, error);
  g_free (op.match);
  g_free (op.name_prefix);
  return result;
}

GListModel *
ingest_clip_library_list_clips_sync (IngestClipLibrary  *self,
                                     const char         *drive_identity,
                                     const char         *roll_path,
                                     GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ListClips op = { drive_identity, roll_path, ids };

  g_return_val_if_fail (INGEST_IS_CLIP_LIBRARY (self), NULL);
  g_return_val_if_fail (drive_identity != NULL, NULL);

  return select_and_load (self, list_clips_read, &op, ids, error);
}

GListModel *
ingest_clip_library_list_rolls_sync (IngestClipLibrary  *self,
                                     GError            **error)
{
  g_autoptr(GListStore) result = g_list_store_new (INGEST_TYPE_LIBRARY_ROLL);

  g_return_val_if_fail (INGEST_IS_CLIP_LIBRARY (self), NULL);

  if (!ingest_catalog_read_sync (self->catalog, list_rolls_read, result, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&result));
}

/* Async queries: the _sync ones on a worker; the models they make are the
 * worker's until handed over as the task's result. */

typedef enum
{
  QUERY_SEARCH,
  QUERY_LIST_CLIPS,
  QUERY_LIST_ROLLS,
} QueryKind;

typedef struct
{
  QueryKind  kind;
  char      *text;        /* the search query, or the drive identity */
  char      *roll_path;
  guint      limit;
} Query;

static void
query_free (gpointer data)
{
  Query *q = data;

  g_free (q->text);
  g_free (q->roll_path);
  g_free (q);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  IngestClipLibrary *self = source_object;
  Query *q = task_data;
  GListModel *result = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  switch (q->kind)
    {
    case QUERY_SEARCH:
      result = ingest_clip_library_search_sync (self, q->text, q->limit, &error);
      break;
    case QUERY_LIST_CLIPS:
      result = ingest_clip_library_list_clips_sync (self, q->text, q->roll_path, &error);
      break;
    case QUERY_LIST_ROLLS:
      result = ingest_clip_library_list_rolls_sync (self, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

static void
query_async (IngestClipLibrary   *self,
             Query               *q,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, q, query_free);
  g_task_run_in_thread (task, query_thread);
}

static GListModel *
query_finish (IngestClipLibrary  *self,
              GAsyncResult       *result,
              gpointer            source_tag,
              GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ingest_clip_library_search_async (IngestClipLibrary   *self,
                                  const char          *query,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Query *q;

  g_return_if_fail (INGEST_IS_CLIP_LIBRARY (self));
  g_return_if_fail (query != NULL);

  q = g_new0 (Query, 1);
  q->kind = QUERY_SEARCH;
  q->text = g_strdup (query);
  q->limit = limit;
  query_async (self, q, ingest_clip_library_search_async, cancellable, callback, user_data);
}

GListModel *
ingest_clip_library_search_finish (IngestClipLibrary  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  return query_finish (self, result, ingest_clip_library_search_async, error);
}

void
ingest_clip_library_list_clips_async (IngestClipLibrary   *self,
                                      const char          *drive_identity,
                                      const char          *roll_path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Query *q;

  g_return_if_fail (INGEST_IS_CLIP_LIBRARY (self));
  g_return_if_fail (drive_identity != NULL);

  q = g_new0 (Query, 1);
  q->kind = QUERY_LIST_CLIPS;
  q->text = g_strdup (drive_identity);
  q->roll_path = g_strdup (roll_path);
  query_async (self, q, ingest_clip_library_list_clips_async, cancellable, callback, user_data);
}

GListModel *
ingest_clip_library_list_clips_finish (IngestClipLibrary  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  return query_finish (self, result, ingest_clip_library_list_clips_async, error);
}

void
ingest_clip_library_list_rolls_async (IngestClipLibrary   *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Query *q;

  g_return_if_fail (INGEST_IS_CLIP_LIBRARY (self));

  q = g_new0 (Query, 1);
  q->kind = QUERY_LIST_ROLLS;
  query_async (self, q, ingest_clip_library_list_rolls_async, cancellable, callback, user_data);
}

GListModel *
ingest_clip_library_list_rolls_finish (IngestClipLibrary  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  return query_finish (self, result, ingest_clip_library_list_rolls_async, error);
}
