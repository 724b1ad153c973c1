/* test-mhl-golden.c
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

#define G_LOG_DOMAIN "test-mhl-golden"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* The golden scenarios of the ASC MHL reference (tests/data/ascmhl/scenarios):
 * every history is loaded and verified, and every generation is regenerated
 * byte for byte by replaying the commands of the scenario's log.txt. */

static char *
scenarios_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "ascmhl", "scenarios", NULL);
}

static GPtrArray *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  return names;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &data, &len, &error);
  g_assert_no_error (error);
  ingest_test_write_file (to, data, len);
}

/* Copies a tree without its ascmhl folders (the data a copy step carries over). */
static void
copy_data (const char *from,
           const char *to)
{
  g_autoptr(GPtrArray) names = list_dir (from);

  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);

      if (strcmp (name, "ascmhl") == 0)
        continue;
      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        copy_data (src, dst);
      else
        copy_file (src, dst);
    }
}

static void
copy_flat (const char *from,
           const char *to)
{
  g_autoptr(GPtrArray) names = list_dir (from);

  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *src = g_build_filename (from, g_ptr_array_index (names, i), NULL);
      g_autofree char *dst = g_build_filename (to, g_ptr_array_index (names, i), NULL);

      copy_file (src, dst);
    }
}

/* Every ascmhl folder below @dir, as paths relative to @base. */
static void
find_histories (const char *base,
                const char *dir,
                GPtrArray  *out)
{
  g_autoptr(GPtrArray) names = list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      if (strcmp (name, "ascmhl") == 0)
        g_ptr_array_add (out, g_strdup (dir + strlen (base)));
      else
        find_histories (base, path, out);
    }
}

typedef struct
{
  char      *folder;     /* e.g. "file_server/Reels" */
  char     **formats;
  GPtrArray *created;    /* manifest paths relative to folder */
  GString   *out;        /* what the reference printed on stdout, and on stderr */
  GString   *err;
  gboolean   in_output;
} Step;

static void
step_free (Step *step)
{
  g_free (step->folder);
  g_strfreev (step->formats);
  g_ptr_array_unref (step->created);
  g_string_free (step->out, TRUE);
  g_string_free (step->err, TRUE);
  g_free (step);
}

static GPtrArray *
parse_log (const char *log_path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  Step *current = NULL;

  g_file_get_contents (log_path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "$ ascmhl.py create"))
        {
          g_auto(GStrv) argv = NULL;
          g_autoptr(GPtrArray) formats = g_ptr_array_new_null_terminated (2, g_free, TRUE);

          g_shell_parse_argv (lines[i] + 2, NULL, &argv, &error);
          g_assert_no_error (error);
          current = g_new0 (Step, 1);
          current->created = g_ptr_array_new_with_free_func (g_free);
          current->out = g_string_new (NULL);
          current->err = g_string_new (NULL);
          current->in_output = TRUE;
          for (guint a = 2; argv[a] != NULL; a++)
            {
              if (strcmp (argv[a], "-h") == 0)
                g_ptr_array_add (formats, g_strdup (argv[++a]));
              else if (argv[a][0] == '/')
                current->folder = g_strdup (argv[a] + 1);
              else
                g_assert_cmpstr (argv[a], ==, "-v");
            }
          current->formats = (char **) g_ptr_array_free (g_steal_pointer (&formats), FALSE);
          g_assert_nonnull (current->folder);
          g_ptr_array_add (steps, current);
        }
      else if (current != NULL && current->in_output)
        {
          /* The command's output runs until the next empty line. The first line
           * names the folder by its absolute path, which differs here. */
          if (lines[i][0] == '\0')
            current->in_output = FALSE;
          else if (g_str_has_prefix (lines[i], "ERROR") || g_str_has_prefix (lines[i], "Error:"))
            g_string_append_printf (current->err, "%s\n", lines[i]);
          else if (!g_str_has_prefix (lines[i], "Creating new generation for folder at path: "))
            g_string_append_printf (current->out, "%s\n", lines[i]);
          if (g_str_has_prefix (lines[i], "Created new generation "))
            g_ptr_array_add (current->created, g_strdup (lines[i] + strlen ("Created new generation ")));
        }
    }

  return steps;
}

/* The sample files carry no timestamps after a checkout: take them from the
 * manifest the step is expected to write, which recorded them. */
static void
apply_mtimes (const char        *root,
              IngestMhlManifest *manifest)
{
  for (guint i = 0; i < ingest_mhl_manifest_get_n_entries (manifest); i++)
    {
      IngestMhlEntry *entry = ingest_mhl_manifest_get_entry (manifest, i);
      const char *date = ingest_mhl_entry_get_last_modification_date (entry);
      g_autofree char *path = g_build_filename (root, ingest_mhl_entry_get_path (entry), NULL);
      g_autoptr(GDateTime) datetime = NULL;
      struct timespec times[2];

      if (date == NULL)
        continue;
      datetime = ingest_mhl_date_parse (date);
      g_assert_nonnull (datetime);
      times[0].tv_sec = times[1].tv_sec = g_date_time_to_unix (datetime);
      times[0].tv_nsec = times[1].tv_nsec = 0;
      g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
    }
}

static IngestMhlManifest *
load_manifest (const char *path)
{
  g_autoptr(GError) error = NULL;
  IngestMhlManifest *manifest = ingest_mhl_manifest_new_from_file (path, &error);

  g_assert_no_error (error);
  return manifest;
}

static void
assert_same_bytes (const char *ours,
                   const char *golden)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize a_len = 0, b_len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (ours, &a, &a_len, &error);
  g_assert_no_error (error);
  g_file_get_contents (golden, &b, &b_len, &error);
  g_assert_no_error (error);
  if (a_len != b_len || memcmp (a, b, a_len) != 0)
    g_error ("%s differs from the golden %s:\n--- ours ---\n%s\n--- golden ---\n%s", ours, golden, a, b);
}

static void
replay_step (const char *golden_dir,
             const char *work_dir,
             const Step *step)
{
  g_autofree char *golden = g_build_filename (golden_dir, step->folder, NULL);
  g_autofree char *work = g_build_filename (work_dir, step->folder, NULL);
  g_autoptr(GPtrArray) manifests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *drive_end = strchr (step->folder, '/');

  /* A folder seen for the first time was copied here: its data from the golden
   * tree, its histories from the same path on the drive it came from (our output). */
  if (!g_file_test (work, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) histories = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) drives = list_dir (work_dir);

      copy_data (golden, work);
      find_histories (golden, golden, histories);
      for (guint h = 0; h < histories->len; h++)
        for (guint d = 0; d < drives->len; d++)
          {
            g_autofree char *source = g_build_filename (work_dir, g_ptr_array_index (drives, d), drive_end,
                                                        g_ptr_array_index (histories, h), "ascmhl", NULL);
            g_autofree char *target = g_build_filename (work, g_ptr_array_index (histories, h), "ascmhl", NULL);

            if (g_file_test (source, G_FILE_TEST_IS_DIR) && !g_file_test (target, G_FILE_TEST_EXISTS))
              copy_flat (source, target);
          }
    }

  for (guint c = 0; c < step->created->len; c++)
    {
      g_autofree char *path = g_build_filename (golden, g_ptr_array_index (step->created, c), NULL);
      g_autofree char *history_root = g_path_get_dirname (path);
      g_autofree char *root = g_path_get_dirname (history_root);
      g_autofree char *work_root = g_build_filename (work, (char *) root + strlen (golden), NULL);
      IngestMhlManifest *manifest = load_manifest (path);

      g_ptr_array_add (manifests, manifest);
      apply_mtimes (work_root, manifest);
    }
  g_assert_cmpuint (manifests->len, >, 0);

  /* Through the CLI, with the test-only clock, host and tool of the golden run. */
  {
    IngestMhlManifest *first = g_ptr_array_index (manifests, 0);
    g_auto(GStrv) envp = g_get_environ ();
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *clean_out = NULL;
    int wait_status = 0;

    envp = g_environ_setenv (envp, "INGEST_MHL_TEST_NOW", ingest_mhl_manifest_get_creation_date (first), TRUE);
    envp = g_environ_setenv (envp, "INGEST_MHL_TEST_HOSTNAME", ingest_mhl_manifest_get_hostname (first), TRUE);
    envp = g_environ_setenv (envp, "INGEST_MHL_TEST_TOOL_NAME", ingest_mhl_manifest_get_tool_name (first), TRUE);
    envp = g_environ_setenv (envp, "INGEST_MHL_TEST_TOOL_VERSION", ingest_mhl_manifest_get_tool_version (first), TRUE);
    g_ptr_array_add (argv, (gpointer) g_getenv ("INGESTCTL"));
    g_ptr_array_add (argv, (gpointer) "mhl");
    g_ptr_array_add (argv, (gpointer) "create");
    g_ptr_array_add (argv, (gpointer) "-v");
    for (guint f = 0; step->formats[f] != NULL; f++)
      {
        g_ptr_array_add (argv, (gpointer) "-h");
        g_ptr_array_add (argv, step->formats[f]);
      }
    g_ptr_array_add (argv, work);
    g_ptr_array_add (argv, NULL);

    g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
    g_assert_no_error (error);

    /* The reference's own lines, in its order (stdout and stderr apart). */
    clean_out = g_strdup (strstr (out, "\n") != NULL && g_str_has_prefix (out, "Creating new generation") ? strstr (out, "\n") + 1 : out);
    g_assert_cmpuint (step->out->len, >, 0);
    g_assert_cmpstr (clean_out, ==, step->out->str);
    g_assert_cmpstr (err, ==, step->err->str);
    g_assert_true (WIFEXITED (wait_status));
    g_assert_cmpint (WEXITSTATUS (wait_status), ==, step->err->len > 0 ? 11 : 0);
  }

  /* Same manifests (the printed list was compared above), same bytes; chains too. */
  for (guint c = 0; c < step->created->len; c++)
    {
      g_autofree char *ours = g_build_filename (work, g_ptr_array_index (step->created, c), NULL);
      g_autofree char *theirs = g_build_filename (golden, g_ptr_array_index (step->created, c), NULL);
      g_autofree char *history_dir = g_path_get_dirname (ours);
      g_autofree char *golden_history_dir = g_path_get_dirname (theirs);
      g_autofree char *chain = g_build_filename (history_dir, "ascmhl_chain.xml", NULL);
      g_autofree char *golden_chain = g_build_filename (golden_history_dir, "ascmhl_chain.xml", NULL);

      assert_same_bytes (ours, theirs);
      assert_same_bytes (chain, golden_chain);
    }
}

static void
test_regenerate (gconstpointer data)
{
  const char *scenario = data;
  g_autofree char *dir = scenarios_dir ();
  g_autofree char *golden_dir = g_build_filename (dir, scenario, NULL);
  g_autofree char *log_path = g_build_filename (golden_dir, "log.txt", NULL);
  g_autofree char *work_dir = ingest_test_make_tmpdir ("mhl-golden");
  g_autoptr(GPtrArray) steps = parse_log (log_path);

  g_assert_cmpuint (steps->len, >, 0);
  for (guint s = 0; s < steps->len; s++)
    replay_step (golden_dir, work_dir, g_ptr_array_index (steps, s));

  ingest_test_rm_rf (work_dir);
}

/* Every golden history loads (chain C4s checked) and its files verify; the one
 * file altered in scenario 04 fails; directory hashes all verify. */
static void
test_verify (gconstpointer data)
{
  const char *scenario = data;
  g_autofree char *dir = scenarios_dir ();
  g_autofree char *golden_dir = g_build_filename (dir, scenario, NULL);
  g_autoptr(GPtrArray) drives = list_dir (golden_dir);
  guint n_histories = 0;

  for (guint d = 0; d < drives->len; d++)
    {
      g_autofree char *drive = g_build_filename (golden_dir, g_ptr_array_index (drives, d), NULL);
      g_autoptr(GPtrArray) roots = NULL;

      if (!g_file_test (drive, G_FILE_TEST_IS_DIR))
        continue;
      roots = g_ptr_array_new_with_free_func (g_free);
      find_histories (drive, drive, roots);
      for (guint r = 0; r < roots->len; r++)
        {
          g_autofree char *root = g_build_filename (drive, g_ptr_array_index (roots, r), NULL);
          g_autoptr(IngestMhlVerifier) verifier = ingest_mhl_verifier_new (root, INGEST_MHL_OPERATION_VERIFY);
          g_autoptr(GError) error = NULL;
          gboolean altered = strcmp (scenario, "scenario_04") == 0 && strcmp (g_ptr_array_index (drives, d), "file_server") == 0;
          guint n_files = 0;

          ingest_mhl_verifier_set_directory_hashes (verifier, TRUE);
          ingest_mhl_verifier_run (verifier, NULL, &error);
          g_assert_no_error (error);
          n_histories++;

          for (guint i = 0; i < ingest_mhl_verifier_get_n_results (verifier); i++)
            {
              IngestMhlResult *result = ingest_mhl_verifier_get_result (verifier, i);
              IngestMhlStatus status = ingest_mhl_result_get_status (result);

              if (ingest_mhl_result_get_is_directory (result))
                {
                  g_assert_cmpint (status, ==, INGEST_MHL_STATUS_DIRECTORY_VERIFIED);
                  continue;
                }
              n_files++;
              if (altered && strcmp (ingest_mhl_result_get_path (result), "Sidecar.txt") == 0)
                g_assert_cmpint (status, ==, INGEST_MHL_STATUS_FAILED);
              else
                g_assert_cmpint (status, ==, INGEST_MHL_STATUS_VERIFIED);
            }
          g_assert_cmpuint (n_files, >=, 3);
          g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_FAILED), ==, altered ? 1 : 0);
          g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_DIRECTORY_VERIFIED), >=, 2);
        }
    }
  g_assert_cmpuint (n_histories, >=, 1);
}

static void
test_all_listed (void)
{
  g_autofree char *dir = scenarios_dir ();
  g_autoptr(GPtrArray) names = list_dir (dir);

  /* A scenario added to the data must be added to main() too. */
  g_assert_cmpuint (names->len, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  static const char *scenarios[] = { "scenario_01", "scenario_02", "scenario_03", "scenario_04", "scenario_05" };

  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/mhl-golden/all-listed", test_all_listed);
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *verify = g_strdup_printf ("/mhl-golden/verify/%s", scenarios[i]);
      g_autofree char *regenerate = g_strdup_printf ("/mhl-golden/regenerate/%s", scenarios[i]);

      g_test_add_data_func (verify, scenarios[i], test_verify);
      g_test_add_data_func (regenerate, scenarios[i], test_regenerate);
    }

  return g_test_run ();
}
