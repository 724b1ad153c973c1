/* ingestctl-private.h
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

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit status of a verb that failed for a reason other than the verb's own codes. */
#define INGESTCTL_EXIT_FAILURE 1
/* Exit status for bad command-line usage. */
#define INGESTCTL_EXIT_USAGE   2

#define INGESTCTL_VERB(name, func, summary) int func (int argc, char **argv);
#include "ingestctl-verbs.defs"
#undef INGESTCTL_VERB

int  ingestctl_parse_options (GOptionContext  *context,
                              int             *argc,
                              char          ***argv);
int  ingestctl_fail          (GError          *error);
gboolean ingestctl_scan_drive (IngestDrive   *drive,
                               GError       **error);
GOutputStream *ingestctl_stdout_stream (void);

/* --max-manifest-size: a GOptionArgFunc that sets the limit for this process. */
gboolean ingestctl_max_manifest_size_cb (const char  *option_name,
                                         const char  *value,
                                         gpointer     data,
                                         GError     **error);
#define INGESTCTL_MAX_MANIFEST_SIZE_ENTRY \
  { "max-manifest-size", 0, 0, G_OPTION_ARG_CALLBACK, ingestctl_max_manifest_size_cb, \
    N_("Refuse a manifest or chain file larger than SIZE (e.g. 512M, 2G; default 256M)"), "SIZE" }

/* Members of the JSON objects the verbs print; a NULL string becomes null. */
void ingestctl_json_add_string (JsonBuilder *builder,
                                const char  *name,
                                const char  *value);
void ingestctl_json_add_int    (JsonBuilder *builder,
                                const char  *name,
                                gint64       value);
void ingestctl_json_add_bool   (JsonBuilder *builder,
                                const char  *name,
                                gboolean     value);
void ingestctl_json_print      (JsonBuilder *builder);

/* The clips under PATH (a drive, a roll, any folder), grouped and read
 * (ingestctl-clips.c); of IngestClip. */
GPtrArray *ingestctl_read_clips (const char  *path,
                                 const char  *label,
                                 char       **mount_path,
                                 GError     **error);
/* "Clips: 12 read (3 with timecode; 48 kB of headers)" on stderr. */
void       ingestctl_print_clips_summary (gpointer metadata_stage);

G_END_DECLS
