/* ingest-test-util.h
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

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-rgw-harness.h"

G_BEGIN_DECLS

typedef gboolean (*IngestTestCondition) (gpointer user_data);

gboolean ingest_test_wait_until_full  (IngestTestCondition condition,
                                       gpointer     user_data,
                                       guint        timeout_ms,
                                       const char  *what);
/* Iterates the default main context until @condition (@user_data) holds;
 * fails the test after @timeout_ms. */
#define ingest_test_wait_until(condition, user_data, timeout_ms) \
  ingest_test_wait_until_full ((condition), (user_data), (timeout_ms), #condition)

char    *ingest_test_make_tmpdir      (const char  *template_name);
void     ingest_test_rm_rf            (const char  *path);
void     ingest_test_write_file       (const char  *path,
                                       const void  *data,
                                       gsize        len);
void     ingest_test_write_random_file (const char *path,
                                       gsize        size,
                                       guint32      seed);
char    *ingest_test_run_capture      (const char * const *argv,
                                       int         *exit_status);
gboolean ingest_test_have_program     (const char  *program);
gboolean ingest_test_require_programs (const char  *package,
                                       const char  *first_program,
                                       ...) G_GNUC_NULL_TERMINATED;
gboolean ingest_test_resumes_on       (const char  *path);
char    *ingest_test_replace          (const char  *text,
                                       const char  *from,
                                       const char  *to);
void     ingest_test_assert_valid_mhl_xml (const char *path,
                                       const char  *schema);
char    *ingest_test_tool_hash        (const char  *program,
                                       const char  *option,
                                       const char  *path);
GBytes  *ingest_test_read_bytes       (const char  *path);
int      ingest_test_compare_strings  (gconstpointer a,
                                       gconstpointer b);
void     ingest_test_wait_drive_ready (IngestDrive *drive);
IngestDrive *ingest_test_scanned_drive (const char *path);
gboolean ingest_test_session_idle     (gpointer     session);
void     ingest_test_record_state_cb  (IngestDriveSession *session,
                                       GParamSpec  *pspec,
                                       GArray      *states);
IngestCatalog *ingest_test_open_catalog (const char *dir);
void     ingest_test_close_catalog    (IngestCatalog **catalog);
void     ingest_test_copy_tree        (const char  *from,
                                       const char  *to);
char    *ingest_test_run_ingestctl    (const char * const *args,
                                       int         *exit_status);
/* Runs ffmpeg -y -loglevel error ARGS… OUTPUT (NULL-terminated ARGS); fails
 * the test when ffmpeg fails or writes no OUTPUT. */
void     ingest_test_ffmpeg           (const char         *output,
                                       const char * const *args);
JsonObject *ingest_test_ffprobe       (const char  *path);
JsonObject *ingest_test_probe_stream  (JsonObject  *probe,
                                       const char  *codec_type);
JsonObject *ingest_test_parse_json_object (const char *text);
char     *ingest_test_xxh64_of_file    (const char  *path);
gboolean  ingest_test_feed_destination (const guint8 *data,
                                        gsize         len,
                                        guint64       offset,
                                        gpointer      file,
                                        GError      **error);


/* Uploads and S3 (test-upload, test-upload-faults, test-s3-client,
 * test-ui-upload-s3) */
void        ingest_test_make_mhl_roll              (const char          *roll,
                                                    const gsize         *sizes,
                                                    guint                n,
                                                    guint32              seed);
IngestS3Client *ingest_test_s3_client              (const char          *endpoint,
                                                    const char          *access_key,
                                                    const char          *secret_key);
IngestS3Client *ingest_test_rgw_client             (IngestRgw           *rgw);
char       *ingest_test_rgw_new_bucket             (IngestRgw           *rgw,
                                                    const char          *prefix);
void        ingest_test_assert_object_equals_file (IngestS3Client      *client,
                                                    const char          *bucket,
                                                    const char          *key,
                                                    const char          *path);
GPid        ingest_test_spawn_ingest               (IngestRgw           *rgw,
                                                    const char * const  *args,
                                                    int                 *stdout_fd);
JsonObject *ingest_test_read_json_summary          (int                  fd);
int         ingest_test_wait_child                 (GPid                 pid);
GPtrArray  *ingest_test_rgw_list_keys              (IngestRgw           *rgw,
                                                    const char          *bucket,
                                                    const char          *prefix,
                                                    gboolean             with_meta);
guint       ingest_test_download_prefix            (IngestRgw           *rgw,
                                                    IngestS3Client      *client,
                                                    const char          *bucket,
                                                    const char          *prefix,
                                                    const char          *target);

/* Real drives: images loop-mounted under /media (test-drive-mount,
 * test-validation-mount; root only), at mount points and in folders of
 * this run's own (ingest_test_mount_point(), ingest_test_make_drive_dir()) */
typedef struct
{
  const char *name;          /* the filesystem the drive must report */
  const char *mkfs;
  const char *mount_type;    /* for mount -t */
  const char *mount_helper;  /* a FUSE filesystem's mount program, else NULL */
} IngestTestFs;

extern const IngestTestFs ingest_test_fs_ext4;
extern const IngestTestFs ingest_test_fs_exfat;

const char *ingest_test_run_id             (void);
const char *ingest_test_mount_point        (const char         *label);
char    *ingest_test_make_drive_dir        (const char         *tmp_prefix);
gboolean ingest_test_run_quiet             (const char * const *argv);
gboolean ingest_test_is_mounted            (const char         *path);
gboolean ingest_test_drive_can_run         (const IngestTestFs *fs,
                                            const char         *mount_point);
void     ingest_test_make_drive_image      (const IngestTestFs *fs,
                                            const char         *image,
                                            const char         *size,
                                            const char         *label,
                                            const char         *staging,
                                            const char         *mount_point);
gboolean ingest_test_mount_drive           (const IngestTestFs *fs,
                                            const char         *image,
                                            const char         *mount_point,
                                            gboolean            read_only);
gboolean ingest_test_unmount_drive         (const char         *image,
                                            const char         *mount_point);
gboolean ingest_test_wait_image_released   (const char         *image,
                                            gint64              usec);
int      ingest_test_fuse_daemon_pid       (const IngestTestFs *fs,
                                            const char         *mount_point);
void     ingest_test_cleanup_drives        (const char         *tmp_prefix,
                                            const char         *image_name,
                                            const char         *mount_point);

G_END_DECLS
