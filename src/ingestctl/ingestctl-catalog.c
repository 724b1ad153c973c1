/* ingestctl-catalog.c
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

#define G_LOG_DOMAIN "ingestctl-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingestctl-private.h"

static goffset
file_size (const char *path,
           const char *suffix)
{
  g_autofree char *full = g_strconcat (path, suffix, NULL);
  GStatBuf st;

  return g_stat (full, &st) == 0 ? st.st_size : 0;
}

static int
catalog_info (IngestCatalog *catalog,
              gboolean       as_json)
{
  const char *path = ingest_catalog_get_path (catalog);
  g_autoptr(GVariant) counts = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  const char *table;
  gint64 rows;

  counts = ingest_catalog_dup_table_counts (catalog, &error);
  if (counts == NULL)
    return ingestctl_fail (g_steal_pointer (&error));

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ingestctl_json_add_string (builder, "path", path);
      ingestctl_json_add_int (builder, "schema_version", ingest_catalog_get_schema_version (catalog));
      ingestctl_json_add_int (builder, "latest_schema_version", ingest_catalog_get_latest_schema_version ());
      ingestctl_json_add_string (builder, "station_uuid", ingest_catalog_get_station_uuid (catalog));
      ingestctl_json_add_int (builder, "size", file_size (path, ""));
      ingestctl_json_add_int (builder, "wal_size", file_size (path, "-wal"));
      json_builder_set_member_name (builder, "tables");
      json_builder_begin_object (builder);
      g_variant_iter_init (&iter, counts);
      while (g_variant_iter_next (&iter, "{&sx}", &table, &rows))
        ingestctl_json_add_int (builder, table, rows);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      ingestctl_json_print (builder);
      return 0;
    }

  {
    g_autofree char *size = g_format_size (file_size (path, ""));
    g_autofree char *wal = g_format_size (file_size (path, "-wal"));

    g_print ("%-10s %s\n", _("Catalog:"), path);
    g_print ("%-10s %u (%s %u)\n", _("Schema:"), ingest_catalog_get_schema_version (catalog),
             _("this build knows"), ingest_catalog_get_latest_schema_version ());
    g_print ("%-10s %s\n", _("Station:"), ingest_catalog_get_station_uuid (catalog));
    g_print ("%-10s %s (%s %s)\n", _("Size:"), size, _("write-ahead log"), wal);
    g_print ("%s\n", _("Rows:"));
    g_variant_iter_init (&iter, counts);
    while (g_variant_iter_next (&iter, "{&sx}", &table, &rows))
      g_print ("  %-20s %12" G_GINT64_FORMAT "\n", table, rows);
  }
  return 0;
}

static int
catalog_check (IngestCatalog *catalog,
               gboolean       as_json)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ingest_catalog_check (catalog, &error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ingestctl_json_add_string (builder, "path", ingest_catalog_get_path (catalog));
      ingestctl_json_add_bool (builder, "ok", ok);
      if (!ok)
        ingestctl_json_add_string (builder, "message", error->message);
      json_builder_end_object (builder);
      ingestctl_json_print (builder);
    }
  else if (ok)
    g_print (_("%s: ok\n"), ingest_catalog_get_path (catalog));

  if (!ok)
    return ingestctl_fail (g_steal_pointer (&error));
  return 0;
}

int
ingestctl_catalog_main (int    argc,
                        char **argv)
{
  g_autofree char *path = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "path", 'p', 0, G_OPTION_ARG_FILENAME, &path,
      N_("Catalog file (default: $XDG_DATA_HOME/ingest-station/catalog.db)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("info|check"));
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;
  int status;

  g_option_context_set_summary (context,
                                _("Inspects the station's catalog database.\n\n"
                                  "  info    path, schema version, station identity, size and rows per table\n"
                                  "  check   SQLite's full integrity check; exits 1 if the catalog is damaged\n\n"
                                  "An older catalog is brought up to this build's schema when opened."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;

  command = argc == 2 ? argv[1] : NULL;
  if (g_strcmp0 (command, "info") != 0 && g_strcmp0 (command, "check") != 0)
    {
      g_printerr ("ingestctl: %s\n", _("catalog needs one command, info or check; see “ingestctl catalog --help”"));
      return INGESTCTL_EXIT_USAGE;
    }

  if (path == NULL)
    path = ingest_catalog_dup_default_path ();
  /* Looking must not create: opening a missing file would make an empty catalog. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("ingestctl: no catalog at “%s”\n"), path);
      return INGESTCTL_EXIT_FAILURE;
    }

  catalog = ingest_catalog_open (path, &error);
  if (catalog == NULL)
    return ingestctl_fail (g_steal_pointer (&error));

  if (g_str_equal (command, "info"))
    status = catalog_info (catalog, as_json);
  else
    status = catalog_check (catalog, as_json);

  if (!ingest_catalog_close (catalog, &error))
    return ingestctl_fail (g_steal_pointer (&error));
  return status;
}
