/* test-catalog.c
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

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-sqlite-private.h"
#include "ingest-test-util.h"

/* Tables the migrations make; checked against sqlite_master. */
static const char * const expected_tables[] = {
  "station", "drives", "rolls", "files", "file_hashes", "validation_runs",
  "validation_results", "uploads", "upload_parts", "events", "clips", "clip_files",
  "clip_values", "clip_attributes", "clip_problems", "clip_locations", "clip_missing_frames",
  "clip_search", NULL
};

/*
 * Helpers
 */

typedef struct
{
  const char *sql;
  char       *text;
  gint64      value;
} Query;

static gboolean
query_cb (sqlite3   *db,
          gpointer   data,
          GError   **error)
{
  Query *q = data;
  g_autoptr(sqlite3_stmt) stmt = _ingest_sqlite_prepare (db, q->sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, sqlite3_errcode (db), q->sql);
  q->text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  q->value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* First column of the first row, on a read connection. */
static char *
read_text (IngestCatalog *catalog,
           const char    *sql)
{
  g_autoptr(GError) error = NULL;
  Query q = { sql, NULL, 0 };

  g_assert_true (ingest_catalog_read_sync (catalog, query_cb, &q, &error));
  g_assert_no_error (error);
  return q.text;
}

static gint64
read_int (IngestCatalog *catalog,
          const char    *sql)
{
  g_autofree char *text = read_text (catalog, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The same on the writer's connection, where per-connection pragmas matter. */
static gint64
writer_int (IngestCatalog *catalog,
            const char    *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Query q = { sql, NULL, 0 };

  g_assert_true (ingest_catalog_write_sync (catalog, query_cb, &q, NULL, &error));
  g_assert_no_error (error);
  text = q.text;
  return q.value;
}

/* Runs SQL on a plain SQLite connection of our own, outside the catalog. */
static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gboolean
sidecar_exists (const char *path,
                const char *suffix)
{
  g_autofree char *sidecar = g_strconcat (path, suffix, NULL);

  return g_file_test (sidecar, G_FILE_TEST_EXISTS);
}

/* Opening PATH must fail with CODE, mention every string of MUST_MENTION, and
 * leave the file byte for byte as it was, with no -wal/-shm of ours beside it. */
static void
assert_refused (const char         *path,
                IngestCatalogError  code,
                const char * const *must_mention)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GBytes) before = ingest_test_read_bytes (path);
  g_autoptr(GBytes) after = NULL;

  catalog = ingest_catalog_open (path, &error);
  g_assert_null (catalog);
  g_assert_error (error, INGEST_CATALOG_ERROR, (int) code);
  g_test_message ("refused: %s", error->message);
  for (guint i = 0; must_mention[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, must_mention[i]));

  after = ingest_test_read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (sidecar_exists (path, "-wal"));
  g_assert_false (sidecar_exists (path, "-shm"));
}

static IngestCatalog *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  IngestCatalog *catalog = ingest_catalog_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (INGEST_IS_CATALOG (catalog));
  return catalog;
}

static void
close_ok (IngestCatalog *catalog)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ingest_catalog_close (catalog, &error));
  g_assert_no_error (error);
  g_object_unref (catalog);
}

static void
assert_tables (IngestCatalog *catalog)
{
  for (guint i = 0; expected_tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master "
                                              "WHERE type = 'table' AND name = '%s'",
                                              expected_tables[i]);

      g_assert_cmpint (read_int (catalog, sql), ==, 1);
    }
}

/* Where the migrations are in the source tree: the independent count of them. */
static char *
sql_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "src", "libingest", "catalog", "sql", NULL);
}

typedef struct
{
  const char *identity;
  gint64      payload;
} EventWrite;

/* Appends an event to the outbox, as the status reporter will. */
static gboolean
insert_event_cb (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  EventWrite *ev = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *payload = g_strdup_printf ("{\"n\": %" G_GINT64_FORMAT "}", ev->payload);

  stmt = _ingest_sqlite_prepare (db, "INSERT INTO events (uuid, kind, payload, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, uuid);
  _ingest_sqlite_bind_text (stmt, 2, ev->identity);
  _ingest_sqlite_bind_text (stmt, 3, payload);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  return _ingest_sqlite_step_done (stmt, error);
}

static gboolean
insert_bad_event_cb (sqlite3   *db,
                     gpointer   data,
                     GError   **error)
{
  return _ingest_sqlite_exec (db, "INSERT INTO events (uuid, kind, payload, created_at) "
                                  "VALUES ('u', 'k', 'not json', 0)", error);
}

/*
 * Tests
 */

/* The migrations in the resource are exactly the files in src/libingest/catalog/sql. */
static void
test_migrations_listed (void)
{
  g_autofree char *dir = sql_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".sql"))
      n++;
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpuint (ingest_catalog_get_latest_schema_version (), ==, n);
}

static void
test_create (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "sub", "catalog.db", NULL);
  g_autofree char *mode = NULL;
  IngestCatalog *catalog;
  guint latest = ingest_catalog_get_latest_schema_version ();

  catalog = open_ok (path);
  g_assert_cmpstr (ingest_catalog_get_path (catalog), ==, path);
  g_assert_cmpuint (ingest_catalog_get_schema_version (catalog), ==, latest);
  g_assert_true (g_uuid_string_is_valid (ingest_catalog_get_station_uuid (catalog)));
  g_assert_cmpint (ingest_catalog_get_station_uuid (catalog)[14], ==, '4');
  {
    g_autofree char *prop_path = NULL;
    g_autofree char *prop_uuid = NULL;
    guint prop_version = 0;

    g_object_get (catalog, "path", &prop_path, "schema-version", &prop_version,
                  "station-uuid", &prop_uuid, NULL);
    g_assert_cmpstr (prop_path, ==, path);
    g_assert_cmpuint (prop_version, ==, latest);
    g_assert_cmpstr (prop_uuid, ==, ingest_catalog_get_station_uuid (catalog));
  }

  mode = read_text (catalog, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (read_int (catalog, "PRAGMA user_version"), ==, latest);
  g_assert_cmpint (read_int (catalog, "PRAGMA application_id"), ==, 0x494E4753);
  g_assert_cmpint (writer_int (catalog, "PRAGMA synchronous"), ==, 2 /* FULL */);
  g_assert_cmpint (writer_int (catalog, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (writer_int (catalog, "PRAGMA busy_timeout"), >, 0);
  assert_tables (catalog);

  g_assert_cmpint (ingest_catalog_upsert_drive (catalog, "fs:1234", "SHUTTLE_D01", "1234", "exfat", NULL), >, 0);
  g_assert_true (sidecar_exists (path, "-wal"));

  /* An independent reader: the sqlite3 program sees the same file. */
  if (ingest_test_require_programs ("sqlite3", "sqlite3", NULL))
    {
      const char *argv[] = { "sqlite3", path, "PRAGMA journal_mode; PRAGMA user_version; SELECT label FROM drives;", NULL };
      g_autofree char *expected = g_strdup_printf ("wal\n%u\nSHUTTLE_D01\n", latest);
      g_autofree char *out = NULL;
      int status;

      out = ingest_test_run_capture (argv, &status);
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpstr (out, ==, expected);
    }

  /* A clean close checkpoints and removes the WAL. */
  close_ok (catalog);
  g_assert_false (sidecar_exists (path, "-wal"));
  ingest_test_rm_rf (dir);
}

static void
test_default_path (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "ingest-station", "catalog.db", NULL);
  g_autofree char *path = ingest_catalog_dup_default_path ();
  IngestCatalog *catalog;

  g_assert_cmpstr (path, ==, expected);
  catalog = open_ok (NULL);
  g_assert_cmpstr (ingest_catalog_get_path (catalog), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  close_ok (catalog);
}

/* An empty file (schema 0) is migrated like a new one. */
static void
test_migrate_v0 (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  IngestCatalog *catalog;

  ingest_test_write_file (path, "", 0);
  catalog = open_ok (path);
  g_assert_cmpuint (ingest_catalog_get_schema_version (catalog), ==, ingest_catalog_get_latest_schema_version ());
  assert_tables (catalog);
  close_ok (catalog);
  ingest_test_rm_rf (dir);
}

/* A catalog left at schema 1 by an older build, with data, is brought up to
 * date and keeps its data and station identity. */
static void
test_migrate_v1 (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *sql_path = NULL;
  g_autofree char *v1_sql = NULL;
  g_autofree char *script = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(IngestCatalogDrive) drive = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *src = sql_dir ();
  IngestCatalog *catalog;
  EventWrite ev = { "drive-detected", 1 };

  sql_path = g_build_filename (src, "0001-initial.sql", NULL);
  g_file_get_contents (sql_path, &v1_sql, NULL, &error);
  g_assert_no_error (error);
  script = g_strconcat ("BEGIN;", v1_sql,
                        "PRAGMA user_version = 1;"
                        "INSERT INTO drives (identity, label, first_seen_at, last_seen_at) "
                        "  VALUES ('old-drive', 'A001', 1, 2);"
                        "INSERT INTO rolls (drive_id, path, name) VALUES (1, 'A001R1AB', 'A001R1AB');"
                        "COMMIT;", NULL);
  raw_exec (path, script);

  catalog = open_ok (path);
  g_assert_cmpuint (ingest_catalog_get_schema_version (catalog), ==, ingest_catalog_get_latest_schema_version ());
  g_assert_cmpint (read_int (catalog, "PRAGMA user_version"), ==, ingest_catalog_get_latest_schema_version ());
  assert_tables (catalog);
  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM rolls WHERE name = 'A001R1AB'"), ==, 1);
  uuid = read_text (catalog, "SELECT uuid FROM station");
  g_assert_cmpstr (uuid, ==, ingest_catalog_get_station_uuid (catalog));

  drive = ingest_catalog_lookup_drive (catalog, "old-drive", &error);
  g_assert_no_error (error);
  g_assert_cmpint (drive->id, ==, 1);
  g_assert_cmpstr (drive->label, ==, "A001");
  g_assert_cmpint (drive->first_seen_at, ==, 1);

  /* The new tables work and enforce their constraints: a payload that is not JSON. */
  g_assert_true (ingest_catalog_write_sync (catalog, insert_event_cb, &ev, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ingest_catalog_write_sync (catalog, insert_bad_event_cb, NULL, NULL, &error));
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM events"), ==, 1);
  close_ok (catalog);

  /* Reopening does not migrate again: the identity made by 0001 is kept. */
  catalog = open_ok (path);
  g_assert_cmpstr (ingest_catalog_get_station_uuid (catalog), ==, uuid);
  close_ok (catalog);
  ingest_test_rm_rf (dir);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static gboolean
insert_bad_algorithm_cb (sqlite3   *db,
                         gpointer   data,
                         GError   **error)
{
  return _ingest_sqlite_exec (db, "UPDATE uploads SET checksum_algorithm = 'md5'", error);
}

/* A catalog left at schema 5 by the previous build, with an interrupted
 * multipart upload journaled, gains the uploads' checksum algorithm (0006):
 * the old row keeps everything it had and reads as "not known" (NULL),
 * new rows record "crc32c" or "none", and nothing else is accepted. */
static void
test_migrate_v5 (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *src = sql_dir ();
  g_autoptr(GString) script = g_string_new ("BEGIN;");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(IngestUploadRecord) old = NULL;
  g_autoptr(IngestUploadRecord) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  IngestUploadRecord record = { 0 };
  IngestCatalog *catalog;
  const char *previous[] = { "0001-initial.sql", "0002-upload-journal.sql", "0003-event-outbox.sql",
                             "0004-validation-resume.sql", "0005-upload-verified.sql" };
  gint64 id;

  for (guint i = 0; i < G_N_ELEMENTS (previous); i++)
    {
      g_autofree char *file = g_build_filename (src, previous[i], NULL);
      g_autofree char *sql = NULL;

      g_file_get_contents (file, &sql, NULL, &error);
      g_assert_no_error (error);
      g_string_append (script, sql);
    }
  g_string_append (script,
                   "PRAGMA user_version = 5;"
                   "INSERT INTO uploads (source_path, destination, key, remote_upload_id, part_size, source_size, "
                   "  source_mtime_ns, expected_hash_kind, expected_hash, state, remote_etag, bytes_sent, "
                   "  created_at, updated_at) "
                   "  VALUES ('/media/A001/C0001.MP4', 's3://b/p@http://127.0.0.1:1', 'p/C0001.MP4', 'up-1', "
                   "          5242880, 12582915, 7, 'xxh64', '0123456789abcdef', 'uploading', NULL, 5242880, 1, 2);"
                   "INSERT INTO upload_parts (upload_id, part_number, size, etag, md5, checksum_kind, checksum, "
                   "  completed_at) VALUES (1, 1, 5242880, 'e1', 'm1', 'crc32c', 'AAAAAA==', 3);"
                   "COMMIT;");
  raw_exec (path, script->str);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 5);

  catalog = open_ok (path);
  g_assert_cmpuint (ingest_catalog_get_schema_version (catalog), ==, ingest_catalog_get_latest_schema_version ());
  g_assert_cmpuint (ingest_catalog_get_schema_version (catalog), >=, 6);
  type = read_text (catalog, "SELECT type FROM pragma_table_info ('uploads') WHERE name = 'checksum_algorithm'");
  g_assert_cmpstr (type, ==, "TEXT");

  rows = ingest_upload_journal_list (catalog, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  old = ingest_upload_journal_lookup (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old->remote_upload_id, ==, "up-1");
  g_assert_cmpuint (old->source_size, ==, 12582915);
  g_assert_cmpuint (old->n_parts, ==, 1);
  g_assert_cmpuint (old->bytes_sent, ==, 5242880);
  g_assert_null (old->checksum_algorithm);

  record.source_path = (char *) "/media/A001/C0002.MP4";
  record.destination = (char *) "s3://b/p@http://127.0.0.1:1";
  record.key = (char *) "p/C0002.MP4";
  record.remote_upload_id = (char *) "up-2";
  record.part_size = 5242880;
  record.source_size = 1;
  record.checksum_algorithm = (char *) "crc32c";
  id = ingest_upload_journal_insert (catalog, &record, &error);
  g_assert_no_error (error);
  fresh = ingest_upload_journal_lookup (catalog, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fresh->checksum_algorithm, ==, "crc32c");
  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM uploads WHERE checksum_algorithm = 'crc32c'"), ==, 1);

  g_assert_false (ingest_catalog_write_sync (catalog, insert_bad_algorithm_cb, NULL, NULL, &error));
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CONSTRAINT);
  close_ok (catalog);
  ingest_test_rm_rf (dir);
}

/* A migration that fails (here: a table in its way) rolls back all of the
 * migrations of that open: the catalog stays at its old schema, as it was. */
static void
test_migrate_fails (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *src = sql_dir ();
  g_autofree char *sql_path = g_build_filename (src, "0001-initial.sql", NULL);
  g_autofree char *v1_sql = NULL;
  g_autofree char *script = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (sql_path, &v1_sql, NULL, &error);
  g_assert_no_error (error);
  script = g_strconcat ("BEGIN;", v1_sql, "PRAGMA user_version = 1;"
                        "CREATE TABLE uploads (in_the_way);"
                        "COMMIT;", NULL);
  raw_exec (path, script);

  catalog = ingest_catalog_open (path, &error);
  g_assert_null (catalog);
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "0002-upload-journal.sql"));
  g_test_message ("refused: %s", error->message);

  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'upload_parts' OR name = 'events'"), ==, 0);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM station"), ==, 1);
  ingest_test_rm_rf (dir);
}

static void
test_reopen (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *uuid = NULL;
  g_autoptr(IngestCatalogDrive) drive = NULL;
  g_autoptr(IngestCatalogDrive) again = NULL;
  g_autoptr(GError) error = NULL;
  IngestCatalog *catalog;
  gint64 id_a, id_b;

  catalog = open_ok (path);
  uuid = g_strdup (ingest_catalog_get_station_uuid (catalog));
  id_a = ingest_catalog_upsert_drive (catalog, "fs:AAAA", "A_CAM", "AAAA", "exfat", &error);
  g_assert_no_error (error);
  id_b = ingest_catalog_upsert_drive (catalog, "folder:/srv/share", "share", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id_a, >, 0);
  g_assert_cmpint (id_b, >, 0);
  g_assert_cmpint (id_a, !=, id_b);
  close_ok (catalog);

  catalog = open_ok (path);
  g_assert_cmpstr (ingest_catalog_get_station_uuid (catalog), ==, uuid);
  drive = ingest_catalog_lookup_drive (catalog, "fs:AAAA", &error);
  g_assert_no_error (error);
  g_assert_cmpint (drive->id, ==, id_a);
  g_assert_cmpstr (drive->label, ==, "A_CAM");
  g_assert_cmpstr (drive->uuid, ==, "AAAA");
  g_assert_cmpstr (drive->filesystem, ==, "exfat");
  g_assert_cmpint (drive->first_seen_at, ==, drive->last_seen_at);

  /* Re-plugging the same drive with a new label keeps its id and first sighting. */
  g_usleep (2000);
  g_assert_cmpint (ingest_catalog_upsert_drive (catalog, "fs:AAAA", "A_CAM_2", "AAAA", "exfat", &error), ==, id_a);
  again = ingest_catalog_lookup_drive (catalog, "fs:AAAA", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->label, ==, "A_CAM_2");
  g_assert_cmpint (again->first_seen_at, ==, drive->first_seen_at);
  g_assert_cmpint (again->last_seen_at, >, drive->last_seen_at);

  g_assert_null (ingest_catalog_lookup_drive (catalog, "fs:none", &error));
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM drives"), ==, 2);
  close_ok (catalog);
  ingest_test_rm_rf (dir);
}

static void
test_future_version (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  guint latest = ingest_catalog_get_latest_schema_version ();
  guint future = latest + 5;
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = 1229866835;"
                                          "PRAGMA user_version = %u;"
                                          "CREATE TABLE from_the_future (x);", future);
  g_autofree char *future_s = g_strdup_printf ("schema %u", future);
  g_autofree char *latest_s = g_strdup_printf ("knows %u", latest);
  const char *mention[] = { path, future_s, latest_s, "newer Ingest Station", NULL };

  raw_exec (path, sql);
  assert_refused (path, INGEST_CATALOG_ERROR_FUTURE_VERSION, mention);
  ingest_test_rm_rf (dir);
}

/* A valid SQLite database of some other program is not adopted. */
static void
test_not_catalog (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "places.sqlite", NULL);
  const char *mention[] = { path, NULL };

  raw_exec (path, "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x');");
  assert_refused (path, INGEST_CATALOG_ERROR_NOT_CATALOG, mention);
  ingest_test_rm_rf (dir);
}

static void
test_corrupt_random (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *tiny = g_build_filename (dir, "tiny.db", NULL);
  const char *mention[] = { path, NULL };
  const char *mention_tiny[] = { tiny, NULL };

  ingest_test_write_random_file (path, 65536, 42);
  assert_refused (path, INGEST_CATALOG_ERROR_CORRUPT, mention);

  ingest_test_write_file (tiny, "SQLite format 3", 16);
  assert_refused (tiny, INGEST_CATALOG_ERROR_CORRUPT, mention_tiny);
  ingest_test_rm_rf (dir);
}

static gboolean
fill_drives_cb (sqlite3   *db,
                gpointer   data,
                GError   **error)
{
  return _ingest_sqlite_exec (db,
                              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                              "INSERT INTO drives (identity, label, first_seen_at, last_seen_at) "
                              "SELECT 'drive-' || i, 'LABEL_' || i, i, i FROM n",
                              error);
}

/* A real catalog of ~100 pages, closed cleanly. */
static char *
make_filled_catalog (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "catalog.db", NULL);
  IngestCatalog *catalog = open_ok (path);

  g_assert_true (ingest_catalog_write_sync (catalog, fill_drives_cb, NULL, NULL, &error));
  g_assert_no_error (error);
  close_ok (catalog);
  return path;
}

static void
test_corrupt_truncated (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = make_filled_catalog (dir);
  const char *mention[] = { path, NULL };
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 64 * 4096);
  g_assert_cmpint (truncate (path, st.st_size / 2), ==, 0);
  assert_refused (path, INGEST_CATALOG_ERROR_CORRUPT, mention);
  ingest_test_rm_rf (dir);
}

/* A filled catalog with garbage over one page in the middle of the file: a
 * page of the drives table's rows, which opening does not read (a fixed page
 * number would land on the schema's pages as migrations add to them). */
static char *
make_damaged_catalog (const char *dir)
{
  char *path = make_filled_catalog (dir);
  gint64 page = raw_int (path, "SELECT pageno FROM dbstat WHERE name = 'drives' AND pagetype = 'leaf' "
                               "ORDER BY pageno LIMIT 1 OFFSET 10");
  guint8 garbage[4096];
  FILE *fp;

  memset (garbage, 0xa5, sizeof garbage);
  fp = fopen (path, "r+b");
  g_assert_nonnull (fp);
  g_assert_cmpint (fseek (fp, (page - 1) * 4096, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, sizeof garbage, fp), ==, sizeof garbage);
  g_assert_cmpint (fclose (fp), ==, 0);
  return path;
}

/* Damage in the middle of a cleanly closed file is not looked for at open
 * (that would read the whole file every time) but ingest_catalog_check() finds it. */
static void
test_corrupt_page (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = make_damaged_catalog (dir);
  g_autoptr(GError) error = NULL;
  IngestCatalog *catalog;

  catalog = open_ok (path);
  g_assert_false (ingest_catalog_check (catalog, &error));
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("check: %s", error->message);
  close_ok (catalog);
  ingest_test_rm_rf (dir);
}

/* Several threads write at once: every write lands, none sees SQLITE_BUSY,
 * and all of them ran on the one writer thread. */

#define N_WRITER_THREADS 8
#define N_WRITES_EACH    200

typedef struct
{
  IngestCatalog *catalog;
  GThread       *writer;      /* the thread write funcs ran on */
  guint          wrong_thread;
  guint          failures;
  guint          reads;
  gboolean       stop_reading;
} ThreadsFixture;

static gboolean
threads_write_cb (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  ThreadsFixture *fx = ((gpointer *) data)[0];
  EventWrite *ev = ((gpointer *) data)[1];

  if (!g_atomic_pointer_compare_and_exchange (&fx->writer, NULL, g_thread_self ()) &&
      g_atomic_pointer_get (&fx->writer) != g_thread_self ())
    g_atomic_int_inc (&fx->wrong_thread);
  return insert_event_cb (db, ev, error);
}

static gpointer
writer_thread (gpointer data)
{
  ThreadsFixture *fx = data;
  g_autofree char *kind = g_strdup_printf ("thread-%p", (gpointer) g_thread_self ());

  for (guint i = 0; i < N_WRITES_EACH; i++)
    {
      g_autoptr(GError) error = NULL;
      EventWrite ev = { kind, i };
      gpointer pair[2] = { fx, &ev };

      if (!ingest_catalog_write_sync (fx->catalog, threads_write_cb, pair, NULL, &error))
        {
          g_printerr ("write failed: %s\n", error->message);
          g_atomic_int_inc (&fx->failures);
        }
    }
  return g_thread_self ();
}

static gpointer
reader_thread (gpointer data)
{
  ThreadsFixture *fx = data;

  while (!g_atomic_int_get (&fx->stop_reading))
    {
      g_autoptr(GError) error = NULL;
      Query q = { "SELECT count(*) FROM events", NULL, 0 };

      if (!ingest_catalog_read_sync (fx->catalog, query_cb, &q, &error))
        {
          g_printerr ("read failed: %s\n", error->message);
          g_atomic_int_inc (&fx->failures);
        }
      g_free (q.text);
      g_atomic_int_inc (&fx->reads);
      g_usleep (200);   /* readers that spin would starve the writers on a small machine */
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  ThreadsFixture fx = { 0 };
  GThread *writers[N_WRITER_THREADS];
  GThread *readers[2];
  gint64 start, elapsed;

  fx.catalog = open_ok (path);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    readers[i] = g_thread_new ("reader", reader_thread, &fx);
  for (guint i = 0; i < N_WRITER_THREADS; i++)
    writers[i] = g_thread_new ("writer", writer_thread, &fx);
  for (guint i = 0; i < N_WRITER_THREADS; i++)
    {
      GThread *caller = g_thread_join (writers[i]);

      g_assert_true (caller != fx.writer);
    }
  elapsed = g_get_monotonic_time () - start;
  g_atomic_int_set (&fx.stop_reading, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    g_thread_join (readers[i]);

  g_test_message ("%d writes from %d threads in %.3f s (%.0f/s), %u concurrent reads",
                  N_WRITER_THREADS * N_WRITES_EACH, N_WRITER_THREADS, elapsed / 1e6,
                  N_WRITER_THREADS * N_WRITES_EACH / (elapsed / 1e6), fx.reads);

  g_assert_cmpuint (fx.failures, ==, 0);
  g_assert_cmpuint (fx.wrong_thread, ==, 0);
  g_assert_nonnull (fx.writer);
  g_assert_true (fx.writer != g_thread_self ());
  g_assert_cmpint (read_int (fx.catalog, "SELECT count(*) FROM events"), ==, N_WRITER_THREADS * N_WRITES_EACH);
  g_assert_cmpint (read_int (fx.catalog, "SELECT count(DISTINCT kind) FROM events"), ==, N_WRITER_THREADS);
  /* Each thread's writes are in its own order, sequence numbers without gaps. */
  g_assert_cmpint (read_int (fx.catalog, "SELECT max(seq) - min(seq) + 1 FROM events"), ==, N_WRITER_THREADS * N_WRITES_EACH);
  g_assert_cmpint (read_int (fx.catalog,
                             "SELECT count(*) FROM events a JOIN events b "
                             "ON a.kind = b.kind AND a.seq < b.seq "
                             "AND json_extract (a.payload, '$.n') > json_extract (b.payload, '$.n')"), ==, 0);
  close_ok (fx.catalog);
  ingest_test_rm_rf (dir);
}

/* Async writes from the main loop: results come back on the main thread; a
 * failing write rolls back alone; a write cancelled before it ran never runs. */

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      ok;
  GError    *errors[8];
  gint64     drive_id;
} AsyncFixture;

typedef struct
{
  AsyncFixture *fx;
  guint         slot;
} AsyncCall;

static gboolean
insert_then_fail_cb (sqlite3   *db,
                     gpointer   data,
                     GError   **error)
{
  /* The first insert must vanish with the failing second one. */
  return _ingest_sqlite_exec (db,
                              "INSERT INTO drives (identity, first_seen_at, last_seen_at) VALUES ('half', 0, 0);"
                              "INSERT INTO drives (identity, first_seen_at, last_seen_at) VALUES ('dup', 0, 0);",
                              error);
}

static gboolean
insert_dup_cb (sqlite3   *db,
               gpointer   data,
               GError   **error)
{
  return _ingest_sqlite_exec (db,
                              "INSERT INTO drives (identity, first_seen_at, last_seen_at) VALUES ('dup', 0, 0);",
                              error);
}

static void
async_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncCall *call = user_data;
  AsyncFixture *fx = call->fx;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (ingest_catalog_write_finish (INGEST_CATALOG (object), result, &fx->errors[call->slot]))
    fx->ok++;
  if (--fx->pending == 0)
    g_main_loop_quit (fx->loop);
}

static void
upserted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncFixture *fx = user_data;
  g_autoptr(GError) error = NULL;

  fx->drive_id = ingest_catalog_upsert_drive_finish (INGEST_CATALOG (object), result, &error);
  g_assert_no_error (error);
  if (--fx->pending == 0)
    g_main_loop_quit (fx->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncFixture fx = { loop, 0, 0, { NULL }, 0 };
  AsyncCall calls[4];
  IngestCatalog *catalog = open_ok (path);
  EventWrite ev = { "async", 7 };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    calls[i] = (AsyncCall) { &fx, i };
  g_cancellable_cancel (cancelled);

  /* Queued back to back, so they usually share one group commit. */
  fx.pending = 5;
  ingest_catalog_write_async (catalog, insert_dup_cb, NULL, NULL, NULL, async_written_cb, &calls[0]);
  ingest_catalog_write_async (catalog, insert_then_fail_cb, NULL, NULL, NULL, async_written_cb, &calls[1]);
  ingest_catalog_write_async (catalog, insert_event_cb, &ev, NULL, cancelled, async_written_cb, &calls[2]);
  ingest_catalog_write_async (catalog, insert_event_cb, &ev, NULL, NULL, async_written_cb, &calls[3]);
  ingest_catalog_upsert_drive_async (catalog, "fs:BEEF", "B_CAM", "BEEF", "ext4", NULL, upserted_cb, &fx);
  g_main_loop_run (loop);

  g_assert_cmpuint (fx.ok, ==, 2);
  g_assert_no_error (fx.errors[0]);
  g_assert_error (fx.errors[1], INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CONSTRAINT);
  g_assert_error (fx.errors[2], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (fx.errors[3]);
  g_assert_cmpint (fx.drive_id, >, 0);

  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM drives WHERE identity = 'dup'"), ==, 1);
  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM drives WHERE identity = 'half'"), ==, 0);
  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM events WHERE kind = 'async'"), ==, 1);
  g_assert_cmpint (read_int (catalog, "SELECT id FROM drives WHERE identity = 'fs:BEEF'"), ==, fx.drive_id);

  for (guint i = 0; i < G_N_ELEMENTS (fx.errors); i++)
    g_clear_error (&fx.errors[i]);
  close_ok (catalog);
  ingest_test_rm_rf (dir);
}

static void
unref_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GMainLoop *loop = user_data;

  g_assert_true (ingest_catalog_write_finish (INGEST_CATALOG (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

/* The caller may drop its catalog right after queueing: the pending write
 * keeps it alive, and the last unref (which joins the writer) happens on the
 * main thread after the callback. */
static void
test_async_unref (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  IngestCatalog *catalog;
  EventWrite ev = { "orphan", 1 };
  GWeakRef weak;

  for (guint round = 0; round < 20; round++)
    {
      catalog = open_ok (path);
      g_weak_ref_init (&weak, catalog);
      ingest_catalog_write_async (catalog, insert_event_cb, &ev, NULL, NULL, unref_written_cb, loop);
      g_object_unref (catalog);
      g_main_loop_run (loop);
      /* Let the task's release run; then nothing holds the catalog. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      catalog = g_weak_ref_get (&weak);
      g_assert_null (catalog);
      g_weak_ref_clear (&weak);
    }

  catalog = open_ok (path);
  g_assert_cmpint (read_int (catalog, "SELECT count(*) FROM events WHERE kind = 'orphan'"), ==, 20);
  close_ok (catalog);
  ingest_test_rm_rf (dir);
}

static void
closed_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (ingest_catalog_write_finish (INGEST_CATALOG (object), result, error));
}

static void
test_closed (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(GError) error = NULL;
  IngestCatalog *catalog = open_ok (path);
  Query q = { "SELECT 1", NULL, 0 };
  EventWrite ev = { "late", 1 };

  g_assert_true (ingest_catalog_close (catalog, &error));
  g_assert_true (ingest_catalog_close (catalog, &error));
  g_assert_no_error (error);

  g_assert_cmpint (ingest_catalog_upsert_drive (catalog, "x", NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (ingest_catalog_read_sync (catalog, query_cb, &q, &error));
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CLOSED);
  g_clear_error (&error);

  ingest_catalog_write_async (catalog, insert_event_cb, &ev, NULL, NULL, closed_written_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CLOSED);
  g_object_unref (catalog);
  ingest_test_rm_rf (dir);
}

/* ingestctl catalog info/check, read back as JSON and exit codes. */
static void
test_ingestctl (void)
{
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *damaged = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) info = NULL;
  IngestCatalog *catalog;
  int status;

  if (ingestctl == NULL)
    {
      g_test_skip ("INGESTCTL is not set");
      return;
    }

  catalog = open_ok (path);
  uuid = g_strdup (ingest_catalog_get_station_uuid (catalog));
  g_assert_cmpint (ingest_catalog_upsert_drive (catalog, "fs:1", "A", NULL, NULL, NULL), >, 0);
  g_assert_cmpint (ingest_catalog_upsert_drive (catalog, "fs:2", "B", NULL, NULL, NULL), >, 0);
  close_ok (catalog);

  {
    const char *argv[] = { ingestctl, "catalog", "info", "--path", path, "--json", NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  info = ingest_test_parse_json_object (out);
  g_assert_cmpstr (json_object_get_string_member (info, "path"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (info, "station_uuid"), ==, uuid);
  g_assert_cmpint (json_object_get_int_member (info, "schema_version"), ==, ingest_catalog_get_latest_schema_version ());
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (info, "tables"), "drives"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (info, "tables"), "events"), ==, 0);

  {
    const char *argv[] = { ingestctl, "catalog", "check", "--path", path, NULL };
    g_autofree char *check = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 0);
  }
  {
    /* Looking at a missing catalog fails and does not create one. */
    const char *argv[] = { ingestctl, "catalog", "info", "--path", missing, NULL };
    g_autofree char *nothing = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 1);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  damaged = g_build_filename (dir, "damaged", NULL);
  g_assert_cmpint (g_mkdir (damaged, 0700), ==, 0);
  g_free (path);
  path = make_damaged_catalog (damaged);
  {
    const char *argv[] = { ingestctl, "catalog", "check", "--path", path, NULL };
    g_autofree char *check = ingest_test_run_capture (argv, &status);

    g_assert_cmpint (status, ==, 1);
  }
  ingest_test_rm_rf (dir);
}

/* Durability: a child process writes drives as fast as it can and prints the
 * number of each after the write is acknowledged; it is killed with SIGKILL
 * right after an acknowledgement. Every acknowledged drive must be there. */

static int
durability_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  IngestCatalog *catalog = ingest_catalog_open (path, &error);

  if (catalog == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint i = 0; ; i++)
    {
      g_autofree char *identity = g_strdup_printf ("child-%u", i);

      if (ingest_catalog_upsert_drive (catalog, identity, "KILLME", NULL, NULL, &error) == 0)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("%u\n", i);
      fflush (stdout);
    }
}

static void
test_durability_kill (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-catalog");
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  guint total_acked = 0;

  for (guint trial = 0; trial < 6; trial++)
    {
      const char *argv[] = { self_exe, "--durability-child", path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GInputStream) raw = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      guint want = g_test_rand_int_range (1, 40);
      gint last = -1;
      IngestCatalog *catalog;
      GPid pid;
      int out_fd, status;

      g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);
      raw = g_unix_input_stream_new (out_fd, TRUE);
      lines = g_data_input_stream_new (raw);

      for (guint n = 0; n < want; n++)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_nonnull (line);
          last = atoi (line);
        }
      /* Killed while it is already busy with its next write. */
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      g_spawn_close_pid (pid);

      /* The WAL is left behind: the next open runs the full quick_check. */
      g_assert_true (sidecar_exists (path, "-wal"));
      catalog = open_ok (path);
      for (gint i = 0; i <= last; i++)
        {
          g_autofree char *identity = g_strdup_printf ("child-%d", i);
          g_autoptr(IngestCatalogDrive) drive = ingest_catalog_lookup_drive (catalog, identity, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (drive->label, ==, "KILLME");
        }
      g_assert_true (ingest_catalog_check (catalog, &error));
      g_assert_no_error (error);
      total_acked += last + 1;
      close_ok (catalog);
    }
  g_test_message ("%u acknowledged writes survived 6 SIGKILLs", total_acked);
  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--durability-child"))
    return durability_child (argv[2]);

  /* No ingest_init (): the catalog needs nothing it sets up, and GStreamer's start is slow. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ingest/catalog/migrations-listed", test_migrations_listed);
  g_test_add_func ("/ingest/catalog/create", test_create);
  g_test_add_func ("/ingest/catalog/default-path", test_default_path);
  g_test_add_func ("/ingest/catalog/migrate/v0", test_migrate_v0);
  g_test_add_func ("/ingest/catalog/migrate/v1", test_migrate_v1);
  g_test_add_func ("/ingest/catalog/migrate/v5", test_migrate_v5);
  g_test_add_func ("/ingest/catalog/migrate/fails", test_migrate_fails);
  g_test_add_func ("/ingest/catalog/reopen", test_reopen);
  g_test_add_func ("/ingest/catalog/refuse/future-version", test_future_version);
  g_test_add_func ("/ingest/catalog/refuse/not-catalog", test_not_catalog);
  g_test_add_func ("/ingest/catalog/refuse/corrupt-random", test_corrupt_random);
  g_test_add_func ("/ingest/catalog/refuse/corrupt-truncated", test_corrupt_truncated);
  g_test_add_func ("/ingest/catalog/check/corrupt-page", test_corrupt_page);
  g_test_add_func ("/ingest/catalog/threads", test_threads);
  g_test_add_func ("/ingest/catalog/async", test_async);
  g_test_add_func ("/ingest/catalog/async-unref", test_async_unref);
  g_test_add_func ("/ingest/catalog/closed", test_closed);
  g_test_add_func ("/ingest/catalog/ingestctl", test_ingestctl);
  g_test_add_func ("/ingest/catalog/durability-kill", test_durability_kill);
  return g_test_run ();
}
