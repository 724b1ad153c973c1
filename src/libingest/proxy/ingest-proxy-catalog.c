/* ingest-proxy-catalog.c
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

#define G_LOG_DOMAIN "ingest-proxy-catalog"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ingest-proxy-catalog-private.h"
#include "ingest-sqlite-private.h"

typedef struct
{
  char              *drive_identity;
  char              *roll_path;
  char              *roll_name;
  IngestProxyPreset  preset;
  char              *settings;
  IngestProxyResult *result;
  gint64             made_at;
} StoreOp;

typedef struct
{
  const char *drive_identity;
  GHashTable *records;
} LoadOp;

static void
store_op_free (gpointer data)
{
  StoreOp *op = data;

  g_free (op->drive_identity);
  g_free (op->roll_path);
  g_free (op->roll_name);
  g_free (op->settings);
  ingest_proxy_result_free (op->result);
  g_free (op);
}

/* The writer thread. */
static gboolean
store_write (sqlite3   *db,
             gpointer   data,
             GError   **error)
{
  StoreOp *op = data;
  const IngestProxyResult *r = op->result;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_proxy = r->proxy_path != NULL;
  gint64 drive_id, roll_id;

  if (!_ingest_catalog_upsert_drive_row (db, op->drive_identity, NULL, NULL, NULL, op->made_at, &drive_id, error) ||
      !_ingest_catalog_upsert_roll_row (db, drive_id, op->roll_path, op->roll_name, NULL, NULL, &roll_id, error))
    return FALSE;

  stmt = _ingest_sqlite_prepare (db,
                                 "INSERT OR REPLACE INTO clip_proxies (roll_id, clip_name, preset, status, reason, "
                                 "  proxy_path, poster_path, filmstrip_path, filmstrip_frames, duration_s, frames, "
                                 "  tc_start, width, height, made_at, settings) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, roll_id);
  _ingest_sqlite_bind_text (stmt, 2, r->clip_name);
  _ingest_sqlite_bind_text (stmt, 3, ingest_proxy_preset_to_string (op->preset));
  _ingest_sqlite_bind_text (stmt, 4, ingest_proxy_status_to_string (r->status));
  _ingest_sqlite_bind_text (stmt, 5, r->reason);
  _ingest_sqlite_bind_text (stmt, 6, r->proxy_path);
  _ingest_sqlite_bind_text (stmt, 7, r->poster_path);
  _ingest_sqlite_bind_text (stmt, 8, r->filmstrip_path);
  sqlite3_bind_int64 (stmt, 9, r->filmstrip_path != NULL ? r->filmstrip_frames : 0);
  if (has_proxy)
    {
      sqlite3_bind_double (stmt, 10, r->duration_s);
      sqlite3_bind_int64 (stmt, 11, MAX (r->frames, 0));
      sqlite3_bind_int64 (stmt, 13, r->width);
      sqlite3_bind_int64 (stmt, 14, r->height);
    }
  _ingest_sqlite_bind_text (stmt, 12, r->tc_start);
  sqlite3_bind_int64 (stmt, 15, op->made_at);
  _ingest_sqlite_bind_text (stmt, 16, op->settings);
  return _ingest_sqlite_step_done (stmt, error);
}

static IngestProxyStatus
status_from_string (const char *nick)
{
  for (IngestProxyStatus s = INGEST_PROXY_STATUS_MADE; s <= INGEST_PROXY_STATUS_FAILED; s++)
    if (g_strcmp0 (nick, ingest_proxy_status_to_string (s)) == 0)
      return s;
  return INGEST_PROXY_STATUS_FAILED;
}

static gboolean
load_read (sqlite3   *db,
           gpointer   data,
           GError   **error)
{
  LoadOp *op = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _ingest_sqlite_prepare (db,
                                 "SELECT r.path, p.clip_name, p.preset, p.status, p.reason, p.proxy_path, "
                                 "       p.poster_path, p.filmstrip_path, p.filmstrip_frames, p.duration_s, "
                                 "       p.frames, p.tc_start, p.width, p.height, p.settings "
                                 "FROM drives d JOIN rolls r ON r.drive_id = d.id "
                                 "JOIN clip_proxies p ON p.roll_id = r.id "
                                 "WHERE d.identity = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->drive_identity, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IngestProxyRecord *record = g_new0 (IngestProxyRecord, 1);
      IngestProxyResult *r;

      if (!ingest_proxy_preset_from_string ((const char *) sqlite3_column_text (stmt, 2), &record->preset))
        record->preset = INGEST_PROXY_N_PRESETS;
      r = record->result = ingest_proxy_result_new ((const char *) sqlite3_column_text (stmt, 1),
                                                    status_from_string ((const char *) sqlite3_column_text (stmt, 3)));
      r->reason = _ingest_sqlite_dup_text (stmt, 4);
      r->proxy_path = _ingest_sqlite_dup_text (stmt, 5);
      r->poster_path = _ingest_sqlite_dup_text (stmt, 6);
      r->filmstrip_path = _ingest_sqlite_dup_text (stmt, 7);
      r->filmstrip_frames = (guint) CLAMP (sqlite3_column_int64 (stmt, 8), 0, G_MAXUINT);
      r->duration_s = sqlite3_column_double (stmt, 9);
      r->frames = sqlite3_column_int64 (stmt, 10);
      r->tc_start = _ingest_sqlite_dup_text (stmt, 11);
      r->width = (guint) CLAMP (sqlite3_column_int64 (stmt, 12), 0, G_MAXUINT);
      r->height = (guint) CLAMP (sqlite3_column_int64 (stmt, 13), 0, G_MAXUINT);
      record->settings = _ingest_sqlite_dup_text (stmt, 14);
      g_hash_table_replace (op->records,
                            _ingest_proxy_catalog_key ((const char *) sqlite3_column_text (stmt, 0), r->clip_name),
                            record);
    }
  if (rc != SQLITE_DONE)
    return _ingest_sqlite_set_error (error, db, rc, _("Could not read the clips’ proxies"));
  return TRUE;
}

void
_ingest_proxy_record_free (IngestProxyRecord *record)
{
  if (record == NULL)
    return;
  ingest_proxy_result_free (record->result);
  g_free (record->settings);
  g_free (record);
}

/* Burn-ins, watermark, look (by path and size: a LUT edited in place is
 * another look), the stills' shape. */
char *
_ingest_proxy_catalog_settings_key (const IngestProxySettings *settings)
{
  GStatBuf sb;
  gint64 look_size = -1;

  g_return_val_if_fail (settings != NULL, NULL);

  if (settings->look_path != NULL && g_stat (settings->look_path, &sb) == 0)
    look_size = sb.st_size;
  return g_strdup_printf ("burn-in=%d;watermark=%s;look=%s:%" G_GINT64_FORMAT ";poster=%.3f;strip=%ux%u",
                          settings->burn_in ? 1 : 0, settings->watermark != NULL ? settings->watermark : "",
                          settings->look_path != NULL ? settings->look_path : "", look_size,
                          settings->poster_offset, settings->filmstrip_frames, settings->filmstrip_height);
}

/* The rolls table keeps the drive root as ''. */
char *
_ingest_proxy_catalog_key (const char *roll_path,
                           const char *clip_name)
{
  if (roll_path == NULL || strcmp (roll_path, ".") == 0)
    roll_path = "";
  return g_strconcat (roll_path, "\x1f", clip_name, NULL);
}

GHashTable *
_ingest_proxy_catalog_load (IngestCatalog  *catalog,
                            const char     *drive_identity,
                            GError        **error)
{
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) _ingest_proxy_record_free);
  LoadOp op = { drive_identity, records };

  g_return_val_if_fail (INGEST_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (drive_identity != NULL, NULL);

  if (!ingest_catalog_read_sync (catalog, load_read, &op, error))
    return NULL;
  return g_steal_pointer (&records);
}

void
_ingest_proxy_catalog_store_async (IngestCatalog           *catalog,
                                   const char              *drive_identity,
                                   const char              *roll_path,
                                   const char              *roll_name,
                                   const IngestProxySettings *settings,
                                   const IngestProxyResult *result,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  StoreOp *op = g_new0 (StoreOp, 1);

  g_return_if_fail (INGEST_IS_CATALOG (catalog));

  op->drive_identity = g_strdup (drive_identity);
  op->roll_path = g_strdup (roll_path == NULL || strcmp (roll_path, ".") == 0 ? "" : roll_path);
  op->roll_name = g_strdup (roll_name);
  op->preset = settings->preset;
  op->settings = _ingest_proxy_catalog_settings_key (settings);
  op->result = ingest_proxy_result_copy (result);
  op->made_at = g_get_real_time () / G_USEC_PER_SEC;
  ingest_catalog_write_async (catalog, store_write, op, store_op_free, cancellable, callback, user_data);
}

gboolean
_ingest_proxy_catalog_store_finish (IngestCatalog  *catalog,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return ingest_catalog_write_finish (catalog, result, error);
}
