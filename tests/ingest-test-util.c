/* ingest-test-util.c
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

#define G_LOG_DOMAIN "ingest-test-util"

#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gunixmounts.h>
#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-drive-private.h"
#include "ingest-test-util.h"

/* Makes a fresh directory under $TMPDIR; the caller removes it with ingest_test_rm_rf(). */
char *
ingest_test_make_tmpdir (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_strdup_printf ("%s-XXXXXX", template_name);
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

static int
remove_entry_cb (const char        *path,
                 const struct stat *sb,
                 int                type,
                 struct FTW        *ftw)
{
  /* Directories may have been made read-only by a test; make them writable first. */
  if (type == FTW_DP)
    return rmdir (path) == 0 || errno == ENOENT ? 0 : -1;
  return unlink (path) == 0 || errno == ENOENT ? 0 : -1;
}

void
ingest_test_rm_rf (const char *path)
{
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return;
  g_assert_cmpint (nftw (path, remove_entry_cb, 32, FTW_DEPTH | FTW_PHYS), ==, 0);
}

/* Writes a file, creating its parent directories. */
void
ingest_test_write_file (const char *path,
                        const void *data,
                        gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* Writes SIZE pseudo-random bytes, reproducible from SEED (xorshift32). */
void
ingest_test_write_random_file (const char *path,
                               gsize       size,
                               guint32     seed)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree guint32 *block = g_new (guint32, 16384);
  guint32 state = seed ? seed : 0x9e3779b9;
  FILE *fp;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  fp = fopen (path, "wb");
  g_assert_nonnull (fp);

  while (size > 0)
    {
      gsize chunk = MIN (size, 16384 * sizeof (guint32));

      for (guint i = 0; i < 16384; i++)
        {
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          block[i] = state;
        }
      g_assert_cmpuint (fwrite (block, 1, chunk, fp), ==, chunk);
      size -= chunk;
    }
  g_assert_cmpint (fclose (fp), ==, 0);
}

/* Runs a program and returns its stdout; EXIT_STATUS gets the exit code (or -1 if it died). */
char *
ingest_test_run_capture (const char * const *argv,
                         int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, NULL, &wait_status, &error);
  g_assert_no_error (error);

  if (exit_status != NULL)
    *exit_status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

gboolean
ingest_test_have_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

/**
 * ingest_test_require_programs:
 * @package: the Debian package(s) holding them, for the message
 * @first_program: a program the test needs, then more, then %NULL
 *
 * A test whose tools are missing fails, naming the tool: a suite must never
 * pass by skipping what it was meant to prove (`./station test` installs
 * them). Outside a test (in main()) the binary stops.
 *
 * Returns: whether every program is there
 */
gboolean
ingest_test_require_programs (const char *package,
                              const char *first_program,
                              ...)
{
  g_autofree char *missing = NULL;
  va_list ap;

  va_start (ap, first_program);
  for (const char *program = first_program; program != NULL && missing == NULL; program = va_arg (ap, const char *))
    if (!ingest_test_have_program (program))
      missing = g_strdup (program);
  va_end (ap);
  if (missing == NULL)
    return TRUE;
  if (*g_test_get_path () == '\0')
    g_error ("%s is not installed; these tests need it (apt-get install %s, or run ./station test)",
             missing, package);
  g_test_fail_printf ("%s is not installed; this test needs it (apt-get install %s, or run ./station test)",
                      missing, package);
  return FALSE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * ingest_test_wait_until_full:
 * @condition: checked before every main-loop iteration
 * @timeout_ms: how long the condition may take, at most
 * @what: named in the failure
 *
 * Iterates the default main context until @condition holds; a condition
 * that another thread makes true without a main-loop event is checked at
 * least every 5 ms (a wake-up source, not a busy loop). After @timeout_ms
 * the test fails and stops there.
 *
 * Returns: %TRUE (it does not return otherwise)
 */
gboolean
ingest_test_wait_until_full (IngestTestCondition  condition,
                             gpointer             user_data,
                             guint                timeout_ms,
                             const char          *what)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint wake = 0;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () >= deadline)
        {
          g_clear_handle_id (&wake, g_source_remove);
          g_error ("gave up after %u ms waiting for %s", timeout_ms, what);
        }
      if (wake == 0)
        wake = g_timeout_add (5, wake_cb, NULL);
      g_main_context_iteration (NULL, TRUE);
    }
  g_clear_handle_id (&wake, g_source_remove);
  return TRUE;
}

/* Whether a validation may keep an earlier run's results for files under
 * @path, decided as the product does (ingest_filesystem_times_for() on the
 * mount this process sees holding it): where the filesystem is unknown (a
 * chroot) or its times untrusted, every run reads every file. */
gboolean
ingest_test_resumes_on (const char *path)
{
  g_autofree char *canonical = realpath (path, NULL);
  g_autofree char *type = NULL;

  g_assert_nonnull (canonical);
  type = _ingest_fs_type_of (canonical, NULL);
  if (ingest_filesystem_times_for (type) == INGEST_FILESYSTEM_TIMES_FINE)
    return TRUE;
  g_test_message ("%s is on %s: validations read it in full every run", path,
                  type != NULL ? type : "an unknown filesystem (no mount holds it)");
  return FALSE;
}

/* TEXT with every FROM replaced by TO. */
char *
ingest_test_replace (const char *text,
                     const char *from,
                     const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* The digest a command-line tool (xxhsum with @option such as "-H2",
 * md5sum, sha1sum, sha512sum…) prints for @path: an independent reference. */
char *
ingest_test_tool_hash (const char *program,
                       const char *option,
                       const char *path)
{
  const char *argv[5];
  guint argc = 0;
  g_autofree char *out = NULL;
  g_auto(GStrv) words = NULL;
  int status;

  argv[argc++] = program;
  if (strcmp (program, "xxhsum") == 0)
    argv[argc++] = "-q";  /* no progress lines on stderr */
  if (option != NULL)
    argv[argc++] = option;
  argv[argc++] = path;
  argv[argc] = NULL;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);

  /* GNU form "HASH  FILE", or xxhsum -H3's BSD form "XXH3 (FILE) = HASH". */
  g_strstrip (out);
  if (strstr (out, ") = ") != NULL)
    return g_strdup (strrchr (out, ' ') + 1);
  words = g_strsplit (out, " ", 2);
  return g_strdup (words[0]);
}

/* The whole file at @path; fails the test if it cannot be read. */
GBytes *
ingest_test_read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* For g_ptr_array_sort() over strings. */
int
ingest_test_compare_strings (gconstpointer a,
                             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Runs the main loop until the drive's scan is over (or 10 s pass); the
 * drive must then be ready. */
void
ingest_test_wait_drive_ready (IngestDrive *drive)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (ingest_drive_get_state (drive) == INGEST_DRIVE_STATE_SCANNING &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ingest_drive_get_state (drive), ==, INGEST_DRIVE_STATE_READY);
}

/* A drive for the folder at @path, its scan over and ready. */
IngestDrive *
ingest_test_scanned_drive (const char *path)
{
  g_autoptr(IngestDrive) drive = NULL;
  g_autoptr(GError) error = NULL;

  drive = ingest_drive_new_for_path (path, NULL, &error);
  g_assert_no_error (error);
  ingest_drive_scan_async (drive, NULL, NULL, NULL);
  ingest_test_wait_drive_ready (drive);
  return g_steal_pointer (&drive);
}

/* For ingest_test_wait_until(): @session (an IngestDriveSession) is not
 * running. */
gboolean
ingest_test_session_idle (gpointer session)
{
  return !ingest_drive_session_get_running (session);
}

/* A notify::state handler: appends every state @session goes through to
 * @states (of IngestSessionState), in order, without repeats. */
void
ingest_test_record_state_cb (IngestDriveSession *session,
                             GParamSpec         *pspec,
                             GArray             *states)
{
  IngestSessionState state = ingest_drive_session_get_state (session);

  if (states->len == 0 || g_array_index (states, IngestSessionState, states->len - 1) != state)
    g_array_append_val (states, state);
}

/* The catalog at @dir/catalog.db, @dir made if need be; close it with
 * ingest_test_close_catalog(). */
IngestCatalog *
ingest_test_open_catalog (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(GError) error = NULL;
  IngestCatalog *catalog;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  catalog = ingest_catalog_open (path, &error);
  g_assert_no_error (error);
  return catalog;
}

/* Closes *@catalog (it must close cleanly) and drops it; NULL is fine. */
void
ingest_test_close_catalog (IngestCatalog **catalog)
{
  if (*catalog != NULL)
    g_assert_true (ingest_catalog_close (*catalog, NULL));
  g_clear_object (catalog);
}

/* `cp -a @from @to`: a copy of the demo drive's rolls keeps their times. */
void
ingest_test_copy_tree (const char *from,
                       const char *to)
{
  const char *argv[] = { "cp", "-a", from, to, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Runs `$INGESTCTL ARGS…` to its end; its stdout, its exit code in
 * @exit_status (-1 if it did not exit); its stderr goes to the test log. */
char *
ingest_test_run_ingestctl (const char * const *args,
                           int                *exit_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("INGESTCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (err != NULL && err[0] != '\0')
    g_test_message ("stderr: %s", err);
  *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return g_steal_pointer (&out);
}

/* ffmpeg writing OUTPUT, the test failing with it. */
void
ingest_test_ffmpeg (const char         *output,
                    const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) "ffmpeg");
  g_ptr_array_add (argv, (gpointer) "-nostdin");
  g_ptr_array_add (argv, (gpointer) "-y");
  g_ptr_array_add (argv, (gpointer) "-loglevel");
  g_ptr_array_add (argv, (gpointer) "error");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) output);
  g_ptr_array_add (argv, NULL);
  out = ingest_test_run_capture ((const char * const *) argv->pdata, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
}

/* ffprobe's view of the file at @path: its streams and format, as JSON. */
JsonObject *
ingest_test_ffprobe (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_streams", "-show_format",
                         "-of", "json", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  return ingest_test_parse_json_object (out);
}

/* The first stream of @codec_type ("video", "audio", "data") in what
 * ingest_test_ffprobe() said, or NULL. */
JsonObject *
ingest_test_probe_stream (JsonObject *probe,
                          const char *codec_type)
{
  JsonArray *streams = json_object_get_array_member (probe, "streams");

  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (stream, "codec_type", ""),
                     codec_type) == 0)
        return stream;
    }
  return NULL;
}

/* @text (a verb's --json output) read as one JSON object; fails the test
 * if it is not JSON. */
JsonObject *
ingest_test_parse_json_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Validates the XML file at @path with `xmllint --nonet` against @schema, a
 * file of tests/data/ascmhl/xsd; fails the test without xmllint. */
void
ingest_test_assert_valid_mhl_xml (const char *path,
                                  const char *schema)
{
  g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "data", "ascmhl", "xsd", schema, NULL);
  const char *argv[] = { "xmllint", "--nonet", "--noout", "--schema", xsd, path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  if (!ingest_test_require_programs ("libxml2-utils", "xmllint", NULL))
    return;
  out = ingest_test_run_capture (argv, &status);
  if (status != 0)
    g_error ("%s does not validate against %s: %s", path, schema, out);
}

/* A roll folder with files clip0.mov… of the given sizes (random bytes
 * from @seed) and its first ASC MHL generation (xxh64), made by the MHL
 * engine. */
void
ingest_test_make_mhl_roll (const char  *roll,
                           const gsize *sizes,
                           guint        n,
                           guint32      seed)
{
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (roll, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("clip%u.mov", i);
      g_autofree char *path = g_build_filename (roll, name, NULL);

      ingest_test_write_random_file (path, sizes[i], seed + i);
    }
  verifier = ingest_mhl_verifier_new (roll, INGEST_MHL_OPERATION_CREATE);
  ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
  g_assert_no_error (error);
}

/* A client for @endpoint signing with these keys (region us-east-1). */
IngestS3Client *
ingest_test_s3_client (const char *endpoint,
                       const char *access_key,
                       const char *secret_key)
{
  g_autoptr(IngestS3Credentials) credentials = ingest_s3_credentials_new (access_key, secret_key, NULL, "us-east-1");
  g_autoptr(GError) error = NULL;
  IngestS3Client *client = ingest_s3_client_new (endpoint, credentials, &error);

  g_assert_no_error (error);
  return client;
}

/* A client for @rgw as its test user. */
IngestS3Client *
ingest_test_rgw_client (IngestRgw *rgw)
{
  return ingest_test_s3_client (rgw->endpoint, rgw->access_key, rgw->secret_key);
}

/* Creates a bucket of @rgw's test user named PREFIX-RANDOM; its name. */
char *
ingest_test_rgw_new_bucket (IngestRgw  *rgw,
                            const char *prefix)
{
  g_autoptr(IngestS3Client) client = ingest_test_rgw_client (rgw);
  g_autoptr(GError) error = NULL;
  char *bucket = g_strdup_printf ("%s-%08x", prefix, g_random_int ());

  ingest_s3_client_create_bucket (client, bucket, NULL, &error);
  g_assert_no_error (error);
  return bucket;
}

/* Downloads the object: its bytes must be exactly the file's. */
void
ingest_test_assert_object_equals_file (IngestS3Client *client,
                                       const char     *bucket,
                                       const char     *key,
                                       const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) object = ingest_s3_client_get_object (client, bucket, key, NULL, &error);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (g_bytes_get_data (object, NULL), g_bytes_get_size (object), contents, len);
}

/* The bucket's object keys under @prefix, sorted, as radosgw-admin lists
 * them (not through our S3 client); unfinished multipart parts, which live
 * in RGW's "multipart" namespace, are not objects. With @with_meta, each
 * is "KEY ETAG MTIME" (the mtime to the microsecond: a rewrite shows). */
GPtrArray *
ingest_test_rgw_list_keys (IngestRgw  *rgw,
                           const char *bucket,
                           const char *prefix,
                           gboolean    with_meta)
{
  g_autofree char *bucket_arg = g_strdup_printf ("--bucket=%s", bucket);
  g_autofree char *out = ingest_rgw_admin (rgw, "bucket", "list", bucket_arg, "--max-entries=100000", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  g_assert_nonnull (out);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member (entry, "name");
      const char *ns = json_object_get_string_member_with_default (entry, "ns", "");

      JsonObject *meta = json_object_get_object_member (entry, "meta");

      if (*ns != '\0' || !g_str_has_prefix (name, prefix))
        continue;
      if (with_meta)
        g_ptr_array_add (keys, g_strdup_printf ("%s %s %s", name, json_object_get_string_member (meta, "etag"),
                                                json_object_get_string_member (meta, "mtime")));
      else
        g_ptr_array_add (keys, g_strdup (name));
    }
  g_ptr_array_sort (keys, ingest_test_compare_strings);
  return keys;
}

/* Downloads every object under @prefix into @target (the key less the
 * prefix is the path), as a tool that maps a bucket onto folders does: a
 * key ending in "/" (a directory marker, which must have no bytes) is a
 * folder. Returns how many markers there were. */
guint
ingest_test_download_prefix (IngestRgw      *rgw,
                             IngestS3Client *client,
                             const char     *bucket,
                             const char     *prefix,
                             const char     *target)
{
  g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, FALSE);
  guint n_markers = 0;

  g_assert_cmpint (g_mkdir_with_parents (target, 0755), ==, 0);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *path = g_build_filename (target, key + strlen (prefix), NULL);
      g_autoptr(GError) error = NULL;

      if (g_str_has_suffix (key, "/"))
        {
          g_autoptr(GBytes) marker = ingest_s3_client_get_object (client, bucket, key, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (marker), ==, 0);
          g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
          n_markers++;
        }
      else
        {
          g_autofree char *parent = g_path_get_dirname (path);

          g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
          g_assert_true (ingest_s3_client_get_object_to_file (client, bucket, key, path, NULL, &error));
          g_assert_no_error (error);
        }
    }
  return n_markers;
}

/* Starts `$INGESTCTL ingest ARGS… --endpoint RGW --json` with the test
 * user's keys (and no AWS settings of the machine's). */
GPid
ingest_test_spawn_ingest (IngestRgw          *rgw,
                          const char * const *args,
                          int                *stdout_fd)
{
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPid pid;

  env = g_environ_setenv (env, "AWS_ACCESS_KEY_ID", rgw->access_key, TRUE);
  env = g_environ_setenv (env, "AWS_SECRET_ACCESS_KEY", rgw->secret_key, TRUE);
  env = g_environ_setenv (env, "AWS_REGION", "us-east-1", TRUE);
  env = g_environ_setenv (env, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  env = g_environ_setenv (env, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  env = g_environ_unsetenv (env, "AWS_PROFILE");
  env = g_environ_unsetenv (env, "AWS_SESSION_TOKEN");

  g_ptr_array_add (argv, (gpointer) g_getenv ("INGESTCTL"));
  g_ptr_array_add (argv, (gpointer) "ingest");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--endpoint");
  g_ptr_array_add (argv, rgw->endpoint);
  g_ptr_array_add (argv, (gpointer) "--json");
  g_ptr_array_add (argv, NULL);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, stdout_fd, NULL, &error);
  g_assert_no_error (error);
  return pid;
}

/* Reads the run's JSON lines to the end; returns the summary object. */
JsonObject *
ingest_test_read_json_summary (int fd)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonObject *summary = NULL;
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (out, buffer, n);
  close (fd);
  lines = g_strsplit (out->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "{\"event\":\"summary\"") && json_parser_load_from_data (parser, lines[i], -1, NULL))
      summary = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_assert_nonnull (summary);
  return summary;
}

/* Reaps a child started with G_SPAWN_DO_NOT_REAP_CHILD; its wait status. */
int
ingest_test_wait_child (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

/* Real drives */

const IngestTestFs ingest_test_fs_ext4 = { "ext4", "mkfs.ext4", "ext4", NULL };
/* The kernel here has no exfat module: exFAT goes through FUSE (exfat-fuse). */
const IngestTestFs ingest_test_fs_exfat = { "exfat", "mkfs.exfat", "exfat-fuse", "mount.exfat-fuse" };

/* Runs ARGV; says on stderr why when it fails. */
gboolean
ingest_test_run_quiet (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("%s failed: %s", argv[0], err);
      return FALSE;
    }
  return TRUE;
}

gboolean
ingest_test_is_mounted (const char *path)
{
  g_autoptr(GUnixMountEntry) entry = g_unix_mount_at (path, NULL);

  return entry != NULL;
}

static gboolean
have_mount_helper (const char *helper)
{
  g_autofree char *sbin = g_build_filename ("/sbin", helper, NULL);

  /* mount(8) looks in /sbin whatever $PATH says */
  return ingest_test_have_program (helper) || g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE);
}

/* Whether a test that loop-mounts an FS image at MOUNT_POINT can run here:
 * it is skipped (and counted so) when not root; as root, a missing tool or
 * device fails it by name. */
gboolean
ingest_test_drive_can_run (const IngestTestFs *fs,
                           const char         *mount_point)
{
  if (geteuid () != 0)
    {
      g_test_skip_printf ("needs root: loop-mounts an %s image%s under %s", fs->name,
                          fs->mount_helper != NULL ? " through FUSE" : "", mount_point);
      return FALSE;
    }
  if (!ingest_test_require_programs ("util-linux mount coreutils e2fsprogs exfatprogs",
                                     fs->mkfs, "mount", "umount", "losetup", "truncate", "blkid", "cp", NULL))
    return FALSE;
  if (!g_file_test ("/dev/loop-control", G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("needs loop devices (/dev/loop-control is missing)");
      return FALSE;
    }
  if (fs->mount_helper != NULL && !have_mount_helper (fs->mount_helper))
    {
      g_test_fail_printf ("%s is not installed: it mounts %s through FUSE (apt-get install exfat-fuse)",
                          fs->mount_helper, fs->name);
      return FALSE;
    }
  if (fs->mount_helper != NULL && !g_file_test ("/dev/fuse", G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("needs FUSE (/dev/fuse is missing) for %s", fs->name);
      return FALSE;
    }
  return fs->mount_helper == NULL || ingest_test_require_programs ("procps", "pgrep", NULL);
}

/* Formats IMAGE (SIZE as truncate(1) takes it) with LABEL and the files under
 * STAGING; a filesystem mkfs cannot fill is filled through a mount at MOUNT_POINT. */
void
ingest_test_make_drive_image (const IngestTestFs *fs,
                              const char         *image,
                              const char         *size,
                              const char         *label,
                              const char         *staging,
                              const char         *mount_point)
{
  const char *truncate_argv[] = { "truncate", "-s", size, image, NULL };

  g_assert_true (ingest_test_run_quiet (truncate_argv));
  if (g_str_equal (fs->name, "ext4"))
    {
      const char *argv[] = { fs->mkfs, "-q", "-F", "-L", label, "-d", staging, image, NULL };

      g_assert_true (ingest_test_run_quiet (argv));
    }
  else
    {
      const char *mkfs_argv[] = { fs->mkfs, "-L", label, image, NULL };
      g_autofree char *contents = g_build_filename (staging, ".", NULL);
      const char *cp_argv[] = { "cp", "-r", contents, mount_point, NULL };

      g_assert_true (ingest_test_run_quiet (mkfs_argv));
      g_assert_true (ingest_test_mount_drive (fs, image, mount_point, FALSE));
      g_assert_true (ingest_test_run_quiet (cp_argv));
      g_assert_true (ingest_test_unmount_drive (image, mount_point));
    }
}

/* Plugs IMAGE in: a loop device mounted at MOUNT_POINT (made if needed). */
gboolean
ingest_test_mount_drive (const IngestTestFs *fs,
                         const char         *image,
                         const char         *mount_point,
                         gboolean            read_only)
{
  const char *argv[] = { "mount", "-t", fs->mount_type, "-o", read_only ? "loop,ro" : "loop",
                         image, mount_point, NULL };

  g_assert_cmpint (g_mkdir_with_parents (mount_point, 0755), ==, 0);
  return ingest_test_run_quiet (argv);
}

/* Waits until no loop device is backed by IMAGE any more: the loop device is
 * freed when its last user closes it, and a FUSE daemon closes it only after
 * umount(8) has returned. Mounting the image again before that would share
 * the old loop device with the exiting daemon. */
gboolean
ingest_test_wait_image_released (const char *image,
                                 gint64      usec)
{
  const char *argv[] = { "losetup", "-j", image, NULL };
  gint64 deadline = g_get_monotonic_time () + usec;

  for (;;)
    {
      g_autofree char *out = ingest_test_run_capture (argv, NULL);

      if (out == NULL || out[0] == '\0')
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (10 * 1000);
    }
}

/* Unplugs: unmounts MOUNT_POINT and waits for IMAGE's loop device to go. */
gboolean
ingest_test_unmount_drive (const char *image,
                           const char *mount_point)
{
  const char *argv[] = { "umount", mount_point, NULL };

  return ingest_test_run_quiet (argv) && ingest_test_wait_image_released (image, 5 * G_USEC_PER_SEC);
}

/* The process serving the FUSE mount at MOUNT_POINT: mount(8) runs the helper
 * as "HELPER DEVICE MOUNT_POINT [-o OPTIONS]". */
int
ingest_test_fuse_daemon_pid (const IngestTestFs *fs,
                             const char         *mount_point)
{
  g_autofree char *pattern = g_strdup_printf ("%s [^ ]+ %s( |$)", fs->mount_helper, mount_point);
  const char *argv[] = { "pgrep", "-f", pattern, NULL };
  g_autofree char *out = NULL;
  int status;

  g_assert_nonnull (fs->mount_helper);
  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strchr (g_strstrip (out), '\n'));   /* exactly one */
  return atoi (out);
}

static gboolean
device_is_mounted (const char *device)
{
  GList *mounts = g_unix_mounts_get (NULL);
  gboolean found = FALSE;

  for (GList *l = mounts; l != NULL; l = l->next)
    found |= g_strcmp0 (g_unix_mount_get_device_path (l->data), device) == 0;
  g_list_free_full (mounts, (GDestroyNotify) g_unix_mount_free);
  return found;
}

/* This test run's id: the PID of its first test process, inherited by the
 * subprocesses it traps. Mount points and drive image folders carry it, so
 * that two runs side by side never touch each other's drives. */
const char *
ingest_test_run_id (void)
{
  if (g_getenv ("INGEST_TEST_RUN_ID") == NULL)
    {
      g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

      g_setenv ("INGEST_TEST_RUN_ID", pid, TRUE);
    }
  return g_getenv ("INGEST_TEST_RUN_ID");
}

/* "/media/LABEL-RUN": where this run mounts its drive called LABEL. */
const char *
ingest_test_mount_point (const char *label)
{
  g_autofree char *path = g_strdup_printf ("/media/%s-%s", label, ingest_test_run_id ());

  return g_intern_string (path);
}

/* A fresh folder for drive images, "$TMPDIR/PREFIX-RUN-XXXXXX". */
char *
ingest_test_make_drive_dir (const char *tmp_prefix)
{
  g_autofree char *prefix = g_strdup_printf ("%s-%s", tmp_prefix, ingest_test_run_id ());

  return ingest_test_make_tmpdir (prefix);
}

/* Whether TEXT starts with a run id that is this run's or a finished one's. */
static gboolean
run_is_over_or_ours (const char *text)
{
  char *end = NULL;
  gint64 pid = g_ascii_strtoll (text, &end, 10);

  if (end == text || pid <= 1 || (*end != '-' && *end != '\0'))
    return FALSE;
  if (pid == g_ascii_strtoll (ingest_test_run_id (), NULL, 10))
    return TRUE;
  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

static void
unmount_all (const char *mount_point)
{
  while (ingest_test_is_mounted (mount_point))
    {
      const char *umount_argv[] = { "umount", mount_point, NULL };
      const char *lazy_argv[] = { "umount", "-l", mount_point, NULL };

      if (!ingest_test_run_quiet (umount_argv) && !ingest_test_run_quiet (lazy_argv))
        break;
    }
}

/* Unmounts MOUNT_POINT (this run's) and what a crashed run left: the
 * folders next to it for the same label, and every loop device backed by an
 * image called IMAGE_NAME in a folder made by ingest_test_make_drive_dir()
 * with TMP_PREFIX by this run or one that is over (found by path in
 * `losetup -a`). Drives of runs still going are left alone. */
void
ingest_test_cleanup_drives (const char *tmp_prefix,
                            const char *image_name,
                            const char *mount_point)
{
  const char *argv[] = { "losetup", "-a", NULL };
  g_autofree char *dir_part = g_strdup_printf ("/%s-", tmp_prefix);
  g_autofree char *parent = g_path_get_dirname (mount_point);
  g_autofree char *base = g_path_get_basename (mount_point);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDir) dir = NULL;
  char *run_dash = strrchr (base, '-');
  const char *name;

  unmount_all (mount_point);

  out = ingest_test_run_capture (argv, NULL);
  lines = g_strsplit (out ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *device = NULL;
      const char *colon = strchr (lines[i], ':');
      const char *in_dir = strstr (lines[i], dir_part);

      if (colon == NULL || in_dir == NULL || strstr (lines[i], image_name) == NULL ||
          !run_is_over_or_ours (in_dir + strlen (dir_part)))
        continue;
      device = g_strndup (lines[i], colon - lines[i]);
      {
        const char *umount_argv[] = { "umount", device, NULL };
        const char *detach_argv[] = { "losetup", "-d", device, NULL };

        if (device_is_mounted (device))
          ingest_test_run_quiet (umount_argv);
        ingest_test_run_quiet (detach_argv);
      }
    }
  g_rmdir (mount_point);

  /* LABEL-RUN folders of runs that are over */
  g_assert_nonnull (run_dash);
  run_dash[1] = '\0';
  dir = g_dir_open (parent, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, base) && strchr (name + strlen (base), '-') == NULL &&
        run_is_over_or_ours (name + strlen (base)))
      {
        g_autofree char *stale = g_build_filename (parent, name, NULL);

        unmount_all (stale);
        g_rmdir (stale);
      }
}

/* The file's XXH64, by the library's one-read hasher. */
char *
ingest_test_xxh64_of_file (const char *path)
{
  g_autoptr(IngestHashJob) job = ingest_hash_job_new (path, INGEST_HASH_BIT (INGEST_HASH_XXH64));

  g_assert_true (ingest_hash_job_run (job, NULL, NULL, NULL, NULL, NULL));
  return g_steal_pointer (&job->digests[INGEST_HASH_XXH64]);
}

/* An IngestHashJob chunk callback handing each buffer to @file (an
 * IngestDestinationFile), as the upload job's one read does. */
gboolean
ingest_test_feed_destination (const guint8  *data,
                              gsize          len,
                              guint64        offset,
                              gpointer       file,
                              GError       **error)
{
  return ingest_destination_write (file, data, len, offset, error);
}
