/* ingestctl-scan.c
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

#define G_LOG_DOMAIN "ingestctl-scan"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingestctl-private.h"

static void
print_json (IngestDrive *drive,
            GListModel  *rolls)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ingestctl_json_add_string (builder, "label", ingest_drive_get_label (drive));
  ingestctl_json_add_string (builder, "mount_path", ingest_drive_get_mount_path (drive));
  ingestctl_json_add_string (builder, "identity", ingest_drive_get_identity (drive));
  ingestctl_json_add_string (builder, "uuid", ingest_drive_get_uuid (drive));
  ingestctl_json_add_string (builder, "filesystem", ingest_drive_get_filesystem (drive));
  ingestctl_json_add_int (builder, "capacity", ingest_drive_get_capacity (drive));
  ingestctl_json_add_int (builder, "free_space", ingest_drive_get_free_space (drive));
  ingestctl_json_add_bool (builder, "read_only", ingest_drive_get_read_only (drive));
  ingestctl_json_add_bool (builder, "removable", ingest_drive_get_removable (drive));
  ingestctl_json_add_bool (builder, "is_folder", ingest_drive_get_is_folder (drive));
  ingestctl_json_add_int (builder, "n_files", ingest_drive_get_n_files (drive));
  ingestctl_json_add_int (builder, "total_bytes", ingest_drive_get_total_bytes (drive));
  json_builder_set_member_name (builder, "rolls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestRoll) roll = g_list_model_get_item (rolls, i);

      json_builder_begin_object (builder);
      ingestctl_json_add_string (builder, "name", ingest_roll_get_name (roll));
      ingestctl_json_add_string (builder, "kind", ingest_card_kind_get_nick (ingest_roll_get_kind (roll)));
      ingestctl_json_add_string (builder, "kind_label", ingest_roll_get_kind_label (roll));
      ingestctl_json_add_string (builder, "path", ingest_roll_get_path (roll));
      ingestctl_json_add_int (builder, "n_clips", ingest_roll_get_n_clips (roll));
      ingestctl_json_add_int (builder, "n_files", ingest_roll_get_n_files (roll));
      ingestctl_json_add_int (builder, "total_bytes", ingest_roll_get_total_bytes (roll));
      ingestctl_json_add_string (builder, "mhl_kind", ingest_roll_get_mhl_kind (roll));
      ingestctl_json_add_string (builder, "mhl_path", ingest_roll_get_mhl_path (roll));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ingestctl_json_print (builder);
}

static void
print_table (IngestDrive *drive,
             GListModel  *rolls)
{
  g_autofree char *capacity = g_format_size (ingest_drive_get_capacity (drive));
  g_autofree char *free_space = g_format_size (ingest_drive_get_free_space (drive));
  g_autofree char *total = g_format_size (ingest_drive_get_total_bytes (drive));
  /* names escaped: one printed line per record, whatever a name holds */
  g_autofree char *label = ingest_display_name (ingest_drive_get_label (drive));
  g_autofree char *mount_path = ingest_display_name (ingest_drive_get_mount_path (drive));
  g_autofree char *identity = ingest_display_name (ingest_drive_get_identity (drive));

  g_print ("%-12s %s (%s)\n", _("Drive:"), label, mount_path);
  g_print ("%-12s %s\n", _("Identity:"), identity);
  g_print ("%-12s %s, %s, %s %s%s\n", _("Filesystem:"),
           ingest_drive_get_filesystem (drive) ? ingest_drive_get_filesystem (drive) : "?",
           capacity, free_space, _("free"),
           ingest_drive_get_read_only (drive) ? _(", read-only") : "");
  g_print ("%-12s ", _("Contents:"));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " file, %s\n\n", "%" G_GUINT64_FORMAT " files, %s\n\n",
                        ingest_drive_get_n_files (drive)),
           ingest_drive_get_n_files (drive), total);

  g_print ("%-28s %-24s %-16s %6s %8s %10s  %s\n",
           _("PATH"), _("ROLL"), _("LAYOUT"), _("CLIPS"), _("FILES"), _("SIZE"), _("MHL"));
  for (guint i = 0; i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestRoll) roll = g_list_model_get_item (rolls, i);
      g_autofree char *size = g_format_size (ingest_roll_get_total_bytes (roll));
      g_autofree char *path = ingest_display_name (ingest_roll_get_path (roll));
      g_autofree char *name = ingest_display_name (ingest_roll_get_name (roll));

      g_print ("%-28s %-24s %-16s %6u %8" G_GUINT64_FORMAT " %10s  %s\n",
               path,
               name,
               ingest_roll_get_kind_label (roll),
               ingest_roll_get_n_clips (roll),
               ingest_roll_get_n_files (roll),
               size,
               ingest_roll_get_mhl_kind (roll));
    }
}

int
ingestctl_scan_main (int    argc,
                     char **argv)
{
  g_autofree char *label = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print one JSON object: the drive and its rolls[]"), NULL },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label,
      N_("Label to give the drive (default: the filesystem label or the folder’s name)"), N_("LABEL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH"));
  g_autoptr(IngestDrive) drive = NULL;
  g_autoptr(GListModel) rolls = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_summary (context,
                                _("Walks a drive (a mount point or any folder) and lists the rolls on it:\n"
                                  "the card layout of each (ARRI, RED, Sony, Canon, Blackmagic, Panasonic P2,\n"
                                  "stills, sound, proxies, generic), clips, files, bytes, and the MHL that\n"
                                  "covers it (ascmhl, legacy or none). Nothing is read but the folder tree."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = ingestctl_parse_options (context, &argc, &argv);
  if (status != 0)
    return status;

  if (argc != 2)
    {
      g_printerr ("ingestctl: %s\n", _("scan needs one PATH; see “ingestctl scan --help”"));
      return INGESTCTL_EXIT_USAGE;
    }

  drive = ingest_drive_new_for_path (argv[1], label, &error);
  if (drive == NULL)
    return ingestctl_fail (g_steal_pointer (&error));

  if (!ingestctl_scan_drive (drive, &error))
    return ingestctl_fail (g_steal_pointer (&error));

  rolls = ingest_drive_list_rolls (drive);
  if (as_json)
    print_json (drive, rolls);
  else
    print_table (drive, rolls);

  return 0;
}
