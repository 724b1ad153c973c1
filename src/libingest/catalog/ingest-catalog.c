/* ingest-catalog.c
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

/* The catalog: migrations, the writer thread, its typed operations and
 * API. Over 1,000 lines: the writer thread and the operations it runs are
 * one piece; its SQL helpers are in ingest-sqlite.c. */

#define G_LOG_DOMAIN "ingest-catalog"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ingest-catalog.h"
#include "ingest-core-resources.h"
#include "ingest-sqlite-private.h"

/* 'INGS', set by sql/0001-initial.sql: tells our catalogs from other SQLite files. */
#define CATALOG_APPLICATION_ID 0x494E4753
#define MIGRATIONS_PATH        "/io/github/ingeststation/IngestStation/core/sql"
/* How long a write waits for another process (e.g. ingestctl beside the station). */
#define BUSY_TIMEOUT_MS        10000
/* Requests committed together at most; more wait for the next group. */
#define MAX_GROUP              256
#define MAX_IDLE_READERS       4

struct _IngestCatalog
{
  GObject      parent_instance;

  char        *path;
  char        *station_uuid;
  guint        schema_version;

  /* Opened in init, then used only by the writer thread until close joins it. */
  sqlite3     *write_db;
  GThread     *writer;
  GAsyncQueue *queue;            /* WriteRequest*, ended by stop_request */

  GMutex       lock;             /* protects closed, idle_readers, and pushing to queue */
  gboolean     closed;
  GPtrArray   *idle_readers;     /* sqlite3* read-only connections */
};

typedef struct
{
  GMutex    mutex;
  GCond     cond;
  gboolean  done;
} SyncWait;

typedef struct
{
  IngestCatalogWriteFunc  func;
  gpointer                data;
  GCancellable           *cancellable;
  GTask                  *task;    /* async: completed with the outcome */
  SyncWait               *wait;    /* sync: signalled when done */
  gboolean                ok;
  GError                 *error;
} WriteRequest;

typedef struct
{
  guint       version;
  const char *resource;
} Migration;

static void ingest_catalog_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IngestCatalog, ingest_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, ingest_catalog_initable_iface_init))

G_DEFINE_QUARK (ingest-catalog-error-quark, ingest_catalog_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SCHEMA_VERSION,
  PROP_STATION_UUID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The writer thread's end-of-queue marker. */
static WriteRequest stop_request;

/*
 * Migrations
 */

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  const Migration *ma = a, *mb = b;

  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* The sql/NNNN-*.sql resources, sorted. Loaded once; a gap or a duplicate in
 * the numbering is a build mistake and aborts loudly (a test covers it). */
static GArray *
get_migrations (void)
{
  static GArray *migrations;

  if (g_once_init_enter (&migrations))
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = NULL;
      GArray *list = g_array_new (FALSE, FALSE, sizeof (Migration));

      names = g_resource_enumerate_children (ingest_core_get_resource (), MIGRATIONS_PATH,
                                             G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *resource = NULL;
          Migration m;
          char *end = NULL;

          if (!g_str_has_suffix (names[i], ".sql"))
            continue;
          m.version = (guint) g_ascii_strtoull (names[i], &end, 10);
          if (end == names[i] || *end != '-')
            g_error ("Migration resource “%s” is not named NNNN-name.sql", names[i]);
          resource = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
          m.resource = g_intern_string (resource);
          g_array_append_val (list, m);
        }
      g_array_sort (list, compare_migrations);
      for (guint i = 0; i < list->len; i++)
        if (g_array_index (list, Migration, i).version != i + 1)
          g_error ("Catalog migrations must be numbered 1…N without gaps; %s is out of place",
                   g_array_index (list, Migration, i).resource);

      g_once_init_leave (&migrations, list);
    }
  return migrations;
}

/*
 * Helpers
 */

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _ingest_sqlite_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, rc, sql);
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Runs an integrity/quick check and reports the first problems it lists. */
static gboolean
run_check (sqlite3     *db,
           const char  *pragma,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _ingest_sqlite_prepare (db, pragma, error);
  g_autoptr(GString) problems = g_string_new (NULL);
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (n++ < 3)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, pragma);
  if (n > 0)
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CORRUPT,
                   _("Catalog “%s” is damaged and cannot be used (%u problems: %s)"),
                   sqlite3_db_filename (db, "main"), n, problems->str);
      return FALSE;
    }
  return TRUE;
}

/* Checks the file before SQLite sees it: SQLite would take an arbitrary file for
 * an empty database and only fail later, less clearly. */
static gboolean
probe_file (const char  *path,
            GError     **error)
{
  static const char magic[16] = "SQLite format 3";   /* with its NUL */
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 header[100];
  gsize n_read = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Cannot open catalog “%s”: "), path);
      return FALSE;
    }
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read, NULL, error))
    return FALSE;
  if (n_read == 0)
    return TRUE;   /* an empty file is a new database */
  if (n_read < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CORRUPT,
                   _("Catalog “%s” is damaged or is not a catalog at all (not an SQLite database)"),
                   path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_future_version_error (GError     **error,
                          const char  *path,
                          gint64       version)
{
  g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_FUTURE_VERSION,
               _("Catalog “%s” was written by a newer Ingest Station (schema %" G_GINT64_FORMAT
                 ", this build knows %u); it was left untouched"),
               path, version, ingest_catalog_get_latest_schema_version ());
  return FALSE;
}

/* Refuses a file we must not touch: another program's database, a newer schema, damage. */
static gboolean
check_before_use (sqlite3     *db,
                  const char  *path,
                  gboolean     unclean,
                  GError     **error)
{
  guint latest = ingest_catalog_get_latest_schema_version ();
  gint64 app_id, version, n_objects;

  if (!query_int (db, "PRAGMA application_id", &app_id, error) ||
      !query_int (db, "PRAGMA user_version", &version, error) ||
      !query_int (db, "SELECT count(*) FROM sqlite_master", &n_objects, error))
    return FALSE;

  /* A WAL left behind means the last user did not close cleanly (or is still
   * running): only then is a full-file check worth its cost (~1 s per GB). */
  if (unclean && !run_check (db, "PRAGMA quick_check", error))
    return FALSE;

  if ((app_id != 0 && app_id != CATALOG_APPLICATION_ID) ||
      (app_id == 0 && (version != 0 || n_objects != 0)))
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_NOT_CATALOG,
                   _("“%s” is an SQLite database of another program, not an Ingest Station catalog"),
                   path);
      return FALSE;
    }
  if (version > latest)
    return set_future_version_error (error, path, version);
  return TRUE;
}

static gboolean
migrate (sqlite3     *db,
         const char  *path,
         guint       *schema_version,
         GError     **error)
{
  GArray *migrations = get_migrations ();
  g_autoptr(sqlite3_stmt) fk_check = NULL;
  gint64 version;

  /* Foreign keys are off while the schema changes (SQLite's rule for table
   * rebuilds) and checked in one go before committing. */
  if (!_ingest_sqlite_exec (db, "PRAGMA foreign_keys = OFF", error) ||
      !_ingest_sqlite_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Read again under the write lock: another process may have migrated meanwhile. */
  if (!query_int (db, "PRAGMA user_version", &version, error))
    goto rollback;
  if (version > (gint64) migrations->len)
    {
      set_future_version_error (error, path, version);
      goto rollback;
    }

  for (guint i = version; i < migrations->len; i++)
    {
      const Migration *m = &g_array_index (migrations, Migration, i);
      g_autoptr(GBytes) sql = g_resource_lookup_data (ingest_core_get_resource (), m->resource,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", m->version);
      int rc;

      g_assert (sql != NULL);
      g_debug ("Migrating %s to schema %u", path, m->version);
      /* Resources are NUL-terminated, so the data is a C string. */
      rc = sqlite3_exec (db, g_bytes_get_data (sql, NULL), NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          g_autofree char *what = g_strdup_printf (_("Could not apply catalog migration %s"), m->resource);

          _ingest_sqlite_set_error (error, db, rc, what);
          goto rollback;
        }
      if (!_ingest_sqlite_exec (db, set_version, error))
        goto rollback;
    }

  fk_check = _ingest_sqlite_prepare (db, "PRAGMA foreign_key_check", error);
  if (fk_check == NULL)
    goto rollback;
  if (sqlite3_step (fk_check) == SQLITE_ROW)
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CONSTRAINT,
                   _("Catalog migration left rows of table “%s” pointing at missing rows"),
                   (const char *) sqlite3_column_text (fk_check, 0));
      goto rollback;
    }
  g_clear_pointer (&fk_check, sqlite3_finalize);

  if (!_ingest_sqlite_exec (db, "COMMIT", error))
    goto rollback;

  *schema_version = migrations->len;
  return _ingest_sqlite_exec (db, "PRAGMA foreign_keys = ON", error);

rollback:
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
configure_writer (sqlite3     *db,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* journal_mode answers with the mode it ended up in; anything but "wal"
   * (e.g. a file system without shared memory) is an error, not a fallback. */
  stmt = _ingest_sqlite_prepare (db, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, sqlite3_errcode (db), "PRAGMA journal_mode");
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_FAILED,
                   _("Catalog “%s” cannot use write-ahead logging (journal mode stays “%s”)"),
                   sqlite3_db_filename (db, "main"), sqlite3_column_text (stmt, 0));
      return FALSE;
    }

  /* FULL: acknowledged means fsynced (see the header). The WAL is trimmed
   * back to 64 MiB after bursts instead of staying at its peak size. A
   * 32 MiB page cache (SQLite's default is 2 MiB) keeps the indexes of a
   * 100k-clip card's rows in memory while they are replaced in one write. */
  return _ingest_sqlite_exec (db,
                              "PRAGMA synchronous = FULL;"
                              "PRAGMA journal_size_limit = 67108864;"
                              "PRAGMA cache_size = -32768;",
                              error);
}

static gboolean
read_station_uuid (sqlite3  *db,
                   char    **uuid,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _ingest_sqlite_prepare (db, "SELECT uuid FROM station WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                     "SELECT uuid FROM station");
  *uuid = _ingest_sqlite_dup_text (stmt, 0);
  return TRUE;
}

static sqlite3 *
open_connection (const char  *path,
                 int          flags,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  /* NOMUTEX: each connection is used by one thread at a time (the writer, or
   * the reader that took it from the pool), so SQLite's own locking is waste. */
  rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Cannot open catalog “%s”"), path);

      _ingest_sqlite_set_error (error, db, rc, what);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

/* Closes a connection to a file we refused, leaving it exactly as found:
 * no checkpoint into it, and no -wal/-shm of ours beside it. */
static void
close_refused (sqlite3    *db,
               const char *path,
               gboolean    had_wal,
               gboolean    had_shm)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_close (db);
  if (!had_wal)
    g_unlink (wal);
  if (!had_shm)
    g_unlink (shm);
}

/*
 * The writer thread
 */

/* Runs in the task's main context, so the task — and with it the catalog it
 * keeps alive — is released there, never on the writer thread (whose
 * catalog's dispose would have to join the writer itself). */
static gboolean
complete_task_cb (gpointer data)
{
  WriteRequest *req = data;

  if (req->ok)
    g_task_return_boolean (req->task, TRUE);
  else
    g_task_return_error (req->task, g_steal_pointer (&req->error));
  g_clear_object (&req->task);
  g_clear_object (&req->cancellable);
  g_free (req);
  return G_SOURCE_REMOVE;
}

static void
write_request_complete (WriteRequest *req)
{
  if (req->task != NULL)
    {
      /* An idle source, not g_main_context_invoke(): that would run the
       * callback right here when the context happens to be free. */
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, g_task_get_priority (req->task));
      g_source_set_callback (source, complete_task_cb, req, NULL);
      g_source_set_static_name (source, "[ingest-catalog] write done");
      g_source_attach (source, g_task_get_context (req->task));
      g_source_unref (source);
    }
  else
    {
      /* The waiter owns the request; it may free it as soon as it sees done. */
      SyncWait *wait = req->wait;

      g_mutex_lock (&wait->mutex);
      wait->done = TRUE;
      g_cond_signal (&wait->cond);
      g_mutex_unlock (&wait->mutex);
    }
}

/* Marks the requests [first, last) that had succeeded as failed: their
 * transaction did not commit. */
static void
fail_group (GPtrArray    *group,
            guint         first,
            guint         last,
            const GError *cause)
{
  for (guint i = first; i < last; i++)
    {
      WriteRequest *req = g_ptr_array_index (group, i);

      if (req->ok || req->error == NULL)
        {
          req->ok = FALSE;
          g_clear_error (&req->error);
          req->error = g_error_copy (cause);
        }
    }
}

/* Runs a group of requests: each in a SAVEPOINT, so a failing one rolls back
 * alone, then one COMMIT for all. If SQLite aborts the whole transaction
 * (disk full, I/O error), the requests before it in that transaction failed
 * too, and the rest start a new one. */
static void
run_group (sqlite3   *db,
           GPtrArray *group)
{
  guint i = 0;

  while (i < group->len)
    {
      g_autoptr(GError) error = NULL;
      guint first = i;

      if (!_ingest_sqlite_exec (db, "BEGIN IMMEDIATE", &error))
        {
          fail_group (group, first, group->len, error);
          return;
        }

      for (; i < group->len; i++)
        {
          WriteRequest *req = g_ptr_array_index (group, i);

          if (g_cancellable_set_error_if_cancelled (req->cancellable, &req->error))
            continue;
          if (!_ingest_sqlite_exec (db, "SAVEPOINT ingest_write", &req->error))
            continue;

          req->ok = req->func (db, req->data, &req->error);
          if (!req->ok && req->error == NULL)
            {
              g_critical ("IngestCatalogWriteFunc %p failed without setting an error", req->func);
              g_set_error_literal (&req->error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_FAILED,
                                   "write failed");
            }

          if (sqlite3_get_autocommit (db))
            {
              /* The transaction is gone. */
              if (req->ok)
                {
                  g_critical ("IngestCatalogWriteFunc %p ended the transaction itself", req->func);
                  req->ok = FALSE;
                  g_set_error_literal (&req->error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_FAILED,
                                       "write func ended the catalog transaction");
                }
              fail_group (group, first, i, req->error);
              i++;
              break;
            }

          if (req->ok)
            req->ok = _ingest_sqlite_exec (db, "RELEASE ingest_write", &req->error);
          else
            sqlite3_exec (db, "ROLLBACK TO ingest_write; RELEASE ingest_write", NULL, NULL, NULL);
        }

      if (!sqlite3_get_autocommit (db) && !_ingest_sqlite_exec (db, "COMMIT", &error))
        {
          if (!sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          fail_group (group, first, i, error);
        }
    }
}

static gpointer
writer_thread_func (gpointer data)
{
  IngestCatalog *self = data;
  g_autoptr(GPtrArray) group = g_ptr_array_new ();
  gboolean stop = FALSE;

  while (!stop)
    {
      WriteRequest *req = g_async_queue_pop (self->queue);

      /* Take whatever else is already waiting: no request is delayed for
       * another, but a burst shares one commit. */
      while (req != NULL)
        {
          if (req == &stop_request)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (group, req);
          req = group->len < MAX_GROUP ? g_async_queue_try_pop (self->queue) : NULL;
        }

      run_group (self->write_db, group);
      for (guint i = 0; i < group->len; i++)
        write_request_complete (g_ptr_array_index (group, i));
      g_ptr_array_set_size (group, 0);
    }

  return NULL;
}

static gboolean
queue_request (IngestCatalog  *self,
               WriteRequest   *req,
               GError        **error)
{
  gboolean closed;

  g_mutex_lock (&self->lock);
  closed = self->closed;
  if (!closed)
    g_async_queue_push (self->queue, req);
  g_mutex_unlock (&self->lock);

  if (closed)
    g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CLOSED,
                 _("Catalog “%s” is closed"), self->path);
  return !closed;
}

/*
 * Typed operations
 */

typedef struct
{
  char   *identity;
  char   *label;
  char   *uuid;
  char   *filesystem;
  gint64  now;
  gint64  id;
} UpsertDrive;

static void
upsert_drive_free (gpointer data)
{
  UpsertDrive *op = data;

  g_free (op->identity);
  g_free (op->label);
  g_free (op->uuid);
  g_free (op->filesystem);
  g_free (op);
}

static UpsertDrive *
upsert_drive_new (const char *identity,
                  const char *label,
                  const char *uuid,
                  const char *filesystem)
{
  UpsertDrive *op = g_new0 (UpsertDrive, 1);

  op->identity = g_strdup (identity);
  op->label = g_strdup (label);
  op->uuid = g_strdup (uuid);
  op->filesystem = g_strdup (filesystem);
  op->now = g_get_real_time ();
  return op;
}

static gboolean
upsert_drive_write (sqlite3   *db,
                    gpointer   data,
                    GError   **error)
{
  UpsertDrive *op = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _ingest_sqlite_prepare (db,
                                 "INSERT INTO drives (identity, label, uuid, filesystem, first_seen_at, last_seen_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
                                 "ON CONFLICT (identity) DO UPDATE SET "
                                 "  label = excluded.label, uuid = excluded.uuid, "
                                 "  filesystem = excluded.filesystem, last_seen_at = excluded.last_seen_at "
                                 "RETURNING id",
                                 error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, op->identity);
  _ingest_sqlite_bind_text (stmt, 2, op->label);
  _ingest_sqlite_bind_text (stmt, 3, op->uuid);
  _ingest_sqlite_bind_text (stmt, 4, op->filesystem);
  sqlite3_bind_int64 (stmt, 5, op->now);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, rc, _("Could not record the drive"));
  op->id = sqlite3_column_int64 (stmt, 0);
  return _ingest_sqlite_step_done (stmt, error);
}

typedef struct
{
  const char         *identity;
  IngestCatalogDrive *drive;
} LookupDrive;

static gboolean
lookup_drive_read (sqlite3   *db,
                   gpointer   data,
                   GError   **error)
{
  LookupDrive *op = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT id, identity, label, uuid, filesystem, first_seen_at, last_seen_at "
                                 "FROM drives WHERE identity = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  _ingest_sqlite_bind_text (stmt, 1, op->identity);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_NOT_FOUND,
                   _("No drive “%s” in the catalog"), op->identity);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _ingest_sqlite_set_error (error, db, rc, _("Could not look up the drive"));

  op->drive = g_new0 (IngestCatalogDrive, 1);
  op->drive->id = sqlite3_column_int64 (stmt, 0);
  op->drive->identity = _ingest_sqlite_dup_text (stmt, 1);
  op->drive->label = _ingest_sqlite_dup_text (stmt, 2);
  op->drive->uuid = _ingest_sqlite_dup_text (stmt, 3);
  op->drive->filesystem = _ingest_sqlite_dup_text (stmt, 4);
  op->drive->first_seen_at = sqlite3_column_int64 (stmt, 5);
  op->drive->last_seen_at = sqlite3_column_int64 (stmt, 6);
  return TRUE;
}

static gboolean
check_read (sqlite3   *db,
            gpointer   data,
            GError   **error)
{
  return run_check (db, "PRAGMA integrity_check", error);
}

static gboolean
table_counts_read (sqlite3   *db,
                   gpointer   data,
                   GError   **error)
{
  GVariantBuilder *builder = data;
  g_autoptr(sqlite3_stmt) tables = NULL;
  int rc;

  tables = _ingest_sqlite_prepare (db,
                                   "SELECT name FROM sqlite_schema "
                                   "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                   error);
  if (tables == NULL)
    return FALSE;
  while ((rc = sqlite3_step (tables)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      char *sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\"", name);
      gint64 count = 0;
      gboolean ok = query_int (db, sql, &count, error);

      sqlite3_free (sql);
      if (!ok)
        return FALSE;
      g_variant_builder_add (builder, "{sx}", name, count);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, "SELECT name FROM sqlite_schema");
  return TRUE;
}

/*
 * Callbacks
 */

static void
upsert_drive_written_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ingest_catalog_write_finish (INGEST_CATALOG (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, ((UpsertDrive *) g_task_get_task_data (task))->id);
}

/*
 * Overrides
 */

static gboolean
ingest_catalog_initable_init (GInitable     *initable,
                              GCancellable  *cancellable,
                              GError       **error)
{
  IngestCatalog *self = INGEST_CATALOG (initable);
  g_autofree char *parent = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  gboolean had_wal, had_shm;
  sqlite3 *db;

  if (self->path == NULL)
    self->path = ingest_catalog_dup_default_path ();

  parent = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the folder “%s” for the catalog: %s"), parent, g_strerror (errsv));
      return FALSE;
    }

  if (!probe_file (self->path, error))
    return FALSE;

  wal = g_strconcat (self->path, "-wal", NULL);
  shm = g_strconcat (self->path, "-shm", NULL);
  had_wal = g_file_test (wal, G_FILE_TEST_EXISTS);
  had_shm = g_file_test (shm, G_FILE_TEST_EXISTS);

  db = open_connection (self->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (db == NULL)
    return FALSE;

  if (!check_before_use (db, self->path, had_wal, error))
    {
      close_refused (db, self->path, had_wal, had_shm);
      return FALSE;
    }

  if (!configure_writer (db, error) ||
      !migrate (db, self->path, &self->schema_version, error) ||
      !read_station_uuid (db, &self->station_uuid, error))
    {
      sqlite3_close (db);
      return FALSE;
    }

  self->write_db = db;
  self->queue = g_async_queue_new ();
  self->writer = g_thread_try_new ("ingest-catalog", writer_thread_func, self, error);
  if (self->writer == NULL)
    {
      g_clear_pointer (&self->write_db, sqlite3_close);
      self->closed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static void
ingest_catalog_initable_iface_init (GInitableIface *iface)
{
  iface->init = ingest_catalog_initable_init;
}

static void
ingest_catalog_dispose (GObject *object)
{
  IngestCatalog *self = INGEST_CATALOG (object);
  g_autoptr(GError) error = NULL;

  if (!ingest_catalog_close (self, &error))
    g_warning ("%s", error->message);

  G_OBJECT_CLASS (ingest_catalog_parent_class)->dispose (object);
}

static void
ingest_catalog_finalize (GObject *object)
{
  IngestCatalog *self = INGEST_CATALOG (object);

  g_clear_pointer (&self->idle_readers, g_ptr_array_unref);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->station_uuid, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ingest_catalog_parent_class)->finalize (object);
}

static void
ingest_catalog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IngestCatalog *self = INGEST_CATALOG (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_uint (value, self->schema_version);
      break;

    case PROP_STATION_UUID:
      g_value_set_string (value, self->station_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_catalog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IngestCatalog *self = INGEST_CATALOG (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_catalog_class_init (IngestCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ingest_catalog_dispose;
  object_class->finalize = ingest_catalog_finalize;
  object_class->get_property = ingest_catalog_get_property;
  object_class->set_property = ingest_catalog_set_property;

  /**
   * IngestCatalog:path:
   *
   * The database file; %NULL at construction means the default
   * (ingest_catalog_dup_default_path()).
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * IngestCatalog:schema-version:
   *
   * The schema version (`PRAGMA user_version`) after migration.
   */
  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_uint ("schema-version", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * IngestCatalog:station-uuid:
   *
   * This station's identity, made once when the catalog was created.
   */
  properties[PROP_STATION_UUID] =
    g_param_spec_string ("station-uuid", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_catalog_init (IngestCatalog *self)
{
  g_mutex_init (&self->lock);
  self->idle_readers = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_close);
}

/*
 * Public API
 */

/**
 * ingest_catalog_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/ingest-station/catalog.db`
 */
char *
ingest_catalog_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "ingest-station", "catalog.db", NULL);
}

/**
 * ingest_catalog_get_latest_schema_version:
 *
 * Returns: the newest schema this build can migrate to (and the newest it opens)
 */
guint
ingest_catalog_get_latest_schema_version (void)
{
  return get_migrations ()->len;
}

/**
 * ingest_catalog_open:
 * @path: (nullable): the database file, created if missing; %NULL for the default
 * @error: return location for an error
 *
 * Opens (creating or migrating as needed) a catalog and starts its writer
 * thread. Refuses, without modifying the file: a file that is not an SQLite
 * database or is damaged (%INGEST_CATALOG_ERROR_CORRUPT), another program's
 * database (%INGEST_CATALOG_ERROR_NOT_CATALOG) and a newer schema
 * (%INGEST_CATALOG_ERROR_FUTURE_VERSION). When the previous user did not close
 * the catalog cleanly, runs `PRAGMA quick_check` first.
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set
 */
IngestCatalog *
ingest_catalog_open (const char  *path,
                     GError     **error)
{
  return g_initable_new (INGEST_TYPE_CATALOG, NULL, error, "path", path, NULL);
}

const char *
ingest_catalog_get_path (IngestCatalog *self)
{
  g_return_val_if_fail (INGEST_IS_CATALOG (self), NULL);

  return self->path;
}

guint
ingest_catalog_get_schema_version (IngestCatalog *self)
{
  g_return_val_if_fail (INGEST_IS_CATALOG (self), 0);

  return self->schema_version;
}

const char *
ingest_catalog_get_station_uuid (IngestCatalog *self)
{
  g_return_val_if_fail (INGEST_IS_CATALOG (self), NULL);

  return self->station_uuid;
}

/**
 * ingest_catalog_close:
 * @self: a catalog
 * @error: return location for an error
 *
 * Lets the writer finish every request queued so far, stops it and closes the
 * connections; the last close checkpoints the WAL into the database file and
 * removes it. Later reads and writes fail with %INGEST_CATALOG_ERROR_CLOSED.
 * Called by dispose; calling it again does nothing. Must not be called from
 * a write or read func.
 *
 * Returns: %FALSE if SQLite could not close the database cleanly
 */
gboolean
ingest_catalog_close (IngestCatalog  *self,
                      GError        **error)
{
  gboolean was_closed;
  int rc;

  g_return_val_if_fail (INGEST_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (self->writer == NULL || g_thread_self () != self->writer, FALSE);

  g_mutex_lock (&self->lock);
  was_closed = self->closed;
  self->closed = TRUE;
  if (!was_closed && self->writer != NULL)
    g_async_queue_push (self->queue, &stop_request);
  g_ptr_array_set_size (self->idle_readers, 0);
  g_mutex_unlock (&self->lock);

  if (was_closed || self->writer == NULL)
    return TRUE;

  g_thread_join (g_steal_pointer (&self->writer));

  rc = sqlite3_close (self->write_db);
  self->write_db = NULL;
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not close catalog “%s”"), self->path);

      return _ingest_sqlite_set_error (error, NULL, rc, what);
    }
  return TRUE;
}

/**
 * ingest_catalog_write_async:
 * @self: a catalog
 * @func: runs on the writer thread inside a transaction
 * @data: (nullable): passed to @func
 * @data_destroy: (nullable): frees @data once the result has been delivered
 * @cancellable: (nullable): a cancellable
 * @callback: called in the caller's thread-default main context
 * @user_data: for @callback
 *
 * Queues @func to run on the writer thread. @callback is called once the
 * write has committed (durably) or failed. Cancelling only stops a write that
 * has not started yet: once it ran, the result says what really happened.
 */
void
ingest_catalog_write_async (IngestCatalog          *self,
                            IngestCatalogWriteFunc  func,
                            gpointer                data,
                            GDestroyNotify          data_destroy,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteRequest *req;
  GError *error = NULL;

  g_return_if_fail (INGEST_IS_CATALOG (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_catalog_write_async);
  g_task_set_task_data (task, data, data_destroy);
  /* The outcome of a write that ran must not be masked by a late cancel. */
  g_task_set_check_cancellable (task, FALSE);

  req = g_new0 (WriteRequest, 1);
  req->func = func;
  req->data = data;
  req->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  req->task = g_object_ref (task);

  if (!queue_request (self, req, &error))
    {
      g_clear_object (&req->task);
      g_clear_object (&req->cancellable);
      g_free (req);
      g_task_return_error (task, error);
    }
}

gboolean
ingest_catalog_write_finish (IngestCatalog  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (INGEST_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ingest_catalog_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ingest_catalog_write_sync:
 * @self: a catalog
 * @func: runs on the writer thread inside a transaction
 * @data: (nullable): passed to @func
 * @cancellable: (nullable): stops the write only if it has not started
 * @error: return location for an error
 *
 * Like ingest_catalog_write_async() but blocks the calling thread (any thread
 * but the writer) until the write has committed or failed. Safe from workers
 * and the CLI; on the GUI's main thread prefer the async form (a commit waits
 * for an fsync).
 *
 * Returns: %TRUE once the write is durable
 */
gboolean
ingest_catalog_write_sync (IngestCatalog           *self,
                           IngestCatalogWriteFunc   func,
                           gpointer                 data,
                           GCancellable            *cancellable,
                           GError                 **error)
{
  WriteRequest req = { 0 };
  SyncWait wait;

  g_return_val_if_fail (INGEST_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (self->writer == NULL || g_thread_self () != self->writer, FALSE);

  g_mutex_init (&wait.mutex);
  g_cond_init (&wait.cond);
  wait.done = FALSE;
  req.func = func;
  req.data = data;
  req.cancellable = cancellable;
  req.wait = &wait;

  if (queue_request (self, &req, error))
    {
      g_mutex_lock (&wait.mutex);
      while (!wait.done)
        g_cond_wait (&wait.cond, &wait.mutex);
      g_mutex_unlock (&wait.mutex);

      if (!req.ok)
        g_propagate_error (error, g_steal_pointer (&req.error));
    }

  g_mutex_clear (&wait.mutex);
  g_cond_clear (&wait.cond);
  return req.ok;
}

/**
 * ingest_catalog_read_sync:
 * @self: a catalog
 * @func: runs on the calling thread with a read-only connection
 * @data: (nullable): passed to @func
 * @error: return location for an error
 *
 * Runs @func inside one read transaction, so it sees a single consistent
 * snapshot including every write acknowledged before the call. Any thread;
 * many at once. Never waits for the writer.
 *
 * Returns: what @func returned
 */
gboolean
ingest_catalog_read_sync (IngestCatalog          *self,
                          IngestCatalogReadFunc   func,
                          gpointer                data,
                          GError                **error)
{
  sqlite3 *db = NULL;
  gboolean closed;
  gboolean ok;

  g_return_val_if_fail (INGEST_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_lock (&self->lock);
  closed = self->closed;
  if (!closed && self->idle_readers->len > 0)
    db = g_ptr_array_steal_index_fast (self->idle_readers, self->idle_readers->len - 1);
  g_mutex_unlock (&self->lock);

  if (closed)
    {
      g_set_error (error, INGEST_CATALOG_ERROR, INGEST_CATALOG_ERROR_CLOSED,
                   _("Catalog “%s” is closed"), self->path);
      return FALSE;
    }
  if (db == NULL && (db = open_connection (self->path, SQLITE_OPEN_READONLY, error)) == NULL)
    return FALSE;

  ok = _ingest_sqlite_exec (db, "BEGIN", error) && func (db, data, error);
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  g_mutex_lock (&self->lock);
  if (!self->closed && self->idle_readers->len < MAX_IDLE_READERS)
    g_ptr_array_add (self->idle_readers, g_steal_pointer (&db));
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&db, sqlite3_close);

  return ok;
}

/**
 * ingest_catalog_check:
 * @self: a catalog
 * @error: return location for an error
 *
 * Runs SQLite's full `PRAGMA integrity_check` (reads the whole file; about a
 * second per GB). Open only checks the whole file after an unclean shutdown.
 *
 * Returns: %TRUE if the catalog is sound; %FALSE with
 *   %INGEST_CATALOG_ERROR_CORRUPT naming the first problems
 */
gboolean
ingest_catalog_check (IngestCatalog  *self,
                      GError        **error)
{
  g_return_val_if_fail (INGEST_IS_CATALOG (self), FALSE);

  return ingest_catalog_read_sync (self, check_read, NULL, error);
}

/**
 * ingest_catalog_dup_table_counts:
 * @self: a catalog
 * @error: return location for an error
 *
 * Counts the rows of every table, for `ingestctl catalog info` and diagnostics.
 *
 * Returns: (transfer full): an `a{sx}` of table name → rows, sorted by name,
 *   or %NULL with @error set
 */
GVariant *
ingest_catalog_dup_table_counts (IngestCatalog  *self,
                                 GError        **error)
{
  GVariantBuilder builder;

  g_return_val_if_fail (INGEST_IS_CATALOG (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sx}"));
  if (!ingest_catalog_read_sync (self, table_counts_read, &builder, error))
    {
      g_variant_builder_clear (&builder);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/**
 * ingest_catalog_upsert_drive:
 * @self: a catalog
 * @identity: the drive's stable identity (IngestDrive:identity)
 * @label: (nullable): volume label
 * @uuid: (nullable): filesystem UUID
 * @filesystem: (nullable): filesystem type
 * @error: return location for an error
 *
 * Records that the drive was seen now: inserts it, or updates its label, UUID,
 * filesystem and last-seen time. Blocks until durable (write_sync).
 *
 * Returns: the drive's row id (> 0), or 0 with @error set
 */
gint64
ingest_catalog_upsert_drive (IngestCatalog  *self,
                             const char     *identity,
                             const char     *label,
                             const char     *uuid,
                             const char     *filesystem,
                             GError        **error)
{
  UpsertDrive *op;
  gint64 id = 0;

  g_return_val_if_fail (INGEST_IS_CATALOG (self), 0);
  g_return_val_if_fail (identity != NULL, 0);

  op = upsert_drive_new (identity, label, uuid, filesystem);
  if (ingest_catalog_write_sync (self, upsert_drive_write, op, NULL, error))
    id = op->id;
  upsert_drive_free (op);
  return id;
}

void
ingest_catalog_upsert_drive_async (IngestCatalog       *self,
                                   const char          *identity,
                                   const char          *label,
                                   const char          *uuid,
                                   const char          *filesystem,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UpsertDrive *op;

  g_return_if_fail (INGEST_IS_CATALOG (self));
  g_return_if_fail (identity != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = upsert_drive_new (identity, label, uuid, filesystem);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_catalog_upsert_drive_async);
  g_task_set_task_data (task, op, upsert_drive_free);
  g_task_set_check_cancellable (task, FALSE);

  ingest_catalog_write_async (self, upsert_drive_write, op, NULL, cancellable,
                              upsert_drive_written_cb, g_steal_pointer (&task));
}

/**
 * ingest_catalog_upsert_drive_finish:
 *
 * Returns: the drive's row id (> 0), or 0 with @error set
 */
gint64
ingest_catalog_upsert_drive_finish (IngestCatalog  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  GError *local_error = NULL;
  gssize id;

  g_return_val_if_fail (INGEST_IS_CATALOG (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ingest_catalog_upsert_drive_async, 0);

  id = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return 0;
    }
  return id;
}

/**
 * ingest_catalog_lookup_drive:
 * @self: a catalog
 * @identity: the drive's stable identity
 * @error: return location for an error
 *
 * Returns: (transfer full): the drive's row, or %NULL with @error set
 *   (%INGEST_CATALOG_ERROR_NOT_FOUND if the catalog never saw it)
 */
IngestCatalogDrive *
ingest_catalog_lookup_drive (IngestCatalog  *self,
                             const char     *identity,
                             GError        **error)
{
  LookupDrive op = { identity, NULL };

  g_return_val_if_fail (INGEST_IS_CATALOG (self), NULL);
  g_return_val_if_fail (identity != NULL, NULL);

  if (!ingest_catalog_read_sync (self, lookup_drive_read, &op, error))
    {
      g_clear_pointer (&op.drive, ingest_catalog_drive_free);
      return NULL;
    }
  return op.drive;
}

void
ingest_catalog_drive_free (IngestCatalogDrive *drive)
{
  if (drive == NULL)
    return;
  g_free (drive->identity);
  g_free (drive->label);
  g_free (drive->uuid);
  g_free (drive->filesystem);
  g_free (drive);
}
