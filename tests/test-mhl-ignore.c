/* test-mhl-ignore.c
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

#define G_LOG_DOMAIN "test-mhl-ignore"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* Cases derived from the gitignore(5) documentation; a pattern list is "|"-separated. */
typedef struct
{
  const char *patterns;
  const char *path;
  gboolean    is_dir;
  gboolean    ignored;
} Case;

static const Case cases[] = {
  /* no slash: matches the name at any depth */
  { "*.log", "a.log", FALSE, TRUE },
  { "*.log", "x/y/a.log", FALSE, TRUE },
  { "*.log", "a.log.txt", FALSE, FALSE },
  { "*.log", "a.log/b", FALSE, TRUE },              /* inside an ignored folder */
  /* "*" and "?" do not cross "/" */
  { "/a*b", "axxb", FALSE, TRUE },
  { "/a*b", "ax/xb", FALSE, FALSE },
  { "a?b", "a/b", FALSE, FALSE },
  { "a/?/b", "a/x/b", FALSE, TRUE },
  /* leading "/" and middle "/" anchor at the root */
  { "/tmp", "tmp", TRUE, TRUE },
  { "/tmp", "x/tmp", TRUE, FALSE },
  { "doc/frotz", "doc/frotz", FALSE, TRUE },
  { "doc/frotz", "a/doc/frotz", FALSE, FALSE },
  { "doc/frotz/", "doc/frotz", TRUE, TRUE },
  { "doc/frotz/", "doc/frotz", FALSE, FALSE },
  /* trailing "/" = folders only, at any depth */
  { "frotz/", "a/frotz", TRUE, TRUE },
  { "frotz/", "a/frotz", FALSE, FALSE },
  { "frotz/", "a/frotz/file", FALSE, TRUE },
  /* "**" */
  { "**/foo", "foo", FALSE, TRUE },
  { "**/foo", "a/b/foo", FALSE, TRUE },
  { "**/foo/bar", "x/foo/bar", FALSE, TRUE },
  { "abc/**", "abc/x/y", FALSE, TRUE },
  { "abc/**", "abc", TRUE, FALSE },
  { "a/**/b", "a/b", FALSE, TRUE },
  { "a/**/b", "a/x/b", FALSE, TRUE },
  { "a/**/b", "a/x/y/b", FALSE, TRUE },
  { "a/**/b", "a/xb", FALSE, FALSE },
  { "/a**b", "a/xb", FALSE, FALSE },                /* not at a boundary: like "*" */
  /* backtracking across several "*" (the abort short-cut must not change these) */
  { "/*a*a*b", "xaayab", FALSE, TRUE },
  { "/*a*a*b", "xaayb", FALSE, TRUE },
  { "/*a*a*b", "xayb", FALSE, FALSE },
  { "/*a*/b", "xya/b", FALSE, TRUE },
  { "/*a*/b", "xy/ab", FALSE, FALSE },
  { "/a*/*b/c", "ax/yb/c", FALSE, TRUE },
  { "/a*/*b/c", "ax/y/b/c", FALSE, FALSE },
  { "a/**/*b*c", "a/x/y/zbqc", FALSE, TRUE },
  { "a/**/*b*c", "a/x/b/c", FALSE, FALSE },
  { "**/x*y/z", "p/q/xay/z", FALSE, TRUE },
  { "**/x*y/z", "p/xa/y/z", FALSE, FALSE },
  { "/**/a?", "b/c/ab", FALSE, TRUE },
  { "/**/a?", "b/c/a", FALSE, FALSE },
  { "*[ab]*[ab]", "xaxb", FALSE, TRUE },
  { "*[ab]*[ab]", "xaxc", FALSE, FALSE },
  /* bracket expressions */
  { "[a-c].mov", "b.mov", FALSE, TRUE },
  { "[a-c].mov", "d.mov", FALSE, FALSE },
  { "[!a-c].mov", "d.mov", FALSE, TRUE },
  { "[^a-c].mov", "a.mov", FALSE, FALSE },
  { "[]x].txt", "].txt", FALSE, TRUE },
  { "[[:digit:]]*", "1a", FALSE, TRUE },
  { "[[:digit:]]*", "a1", FALSE, FALSE },
  { "x[", "x[", FALSE, FALSE },                     /* unterminated: never matches */
  /* negation; nothing below an ignored folder comes back */
  { "*.txt|!keep.txt", "keep.txt", FALSE, FALSE },
  { "*.txt|!keep.txt", "drop.txt", FALSE, TRUE },
  { "!keep.txt|*.txt", "keep.txt", FALSE, TRUE },
  { "build/|!build/keep", "build/keep", FALSE, TRUE },
  { "build/*|!build/keep", "build/keep", FALSE, FALSE },
  /* escapes, comments, trailing spaces */
  { "\\!important", "!important", FALSE, TRUE },
  { "\\#hash", "#hash", FALSE, TRUE },
  { "#hash", "#hash", FALSE, FALSE },
  { "a\\*b", "a*b", FALSE, TRUE },
  { "a\\*b", "axb", FALSE, FALSE },
  { "trail  ", "trail", FALSE, TRUE },
  { "trail\\ ", "trail ", FALSE, TRUE },
  { "trail\\ ", "trail", FALSE, FALSE },
  /* case-sensitive */
  { "*.MOV", "a.mov", FALSE, FALSE },
  /* ASC MHL defaults */
  { ".DS_Store|ascmhl|ascmhl/", ".DS_Store", FALSE, TRUE },
  { ".DS_Store|ascmhl|ascmhl/", "Clips/.DS_Store", FALSE, TRUE },
  { ".DS_Store|ascmhl|ascmhl/", "Card/ascmhl", TRUE, TRUE },
  { ".DS_Store|ascmhl|ascmhl/", "Card/ascmhl/0001.mhl", FALSE, TRUE },
  { ".DS_Store|ascmhl|ascmhl/", "Card/ascmhl.txt", FALSE, FALSE },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IngestMhlIgnore) ignore = ingest_mhl_ignore_new ();
      g_auto(GStrv) patterns = g_strsplit (cases[i].patterns, "|", -1);
      gboolean ignored;

      ingest_mhl_ignore_add_patterns (ignore, (const char * const *) patterns);
      ignored = ingest_mhl_ignore_match (ignore, cases[i].path, cases[i].is_dir, NULL);
      if (ignored != cases[i].ignored)
        g_error ("pattern(s) “%s” on %s “%s”: got %s, expected %s", cases[i].patterns,
                 cases[i].is_dir ? "folder" : "file", cases[i].path,
                 ignored ? "ignored" : "kept", cases[i].ignored ? "ignored" : "kept");
    }
}

static void
test_list (void)
{
  g_autoptr(IngestMhlIgnore) ignore = ingest_mhl_ignore_new_default ();
  g_autoptr(IngestMhlIgnore) copy = NULL;
  g_autofree char *dir = ingest_test_make_tmpdir ("mhl-ignore");
  g_autofree char *file = g_build_filename (dir, "patterns.txt", NULL);
  g_autoptr(GError) error = NULL;
  const char * const *patterns;

  g_assert_cmpuint (ingest_mhl_ignore_get_n_patterns (ignore), ==, 3);
  /* Duplicates are dropped and the order is kept. */
  g_assert_false (ingest_mhl_ignore_add_pattern (ignore, "ascmhl"));
  g_assert_false (ingest_mhl_ignore_add_pattern (ignore, ""));
  g_assert_true (ingest_mhl_ignore_add_pattern (ignore, "*.RMD"));

  ingest_test_write_file (file, "*.tmp\r\n\n*.RMD\n/proxy/\n", strlen ("*.tmp\r\n\n*.RMD\n/proxy/\n"));
  g_assert_true (ingest_mhl_ignore_add_file (ignore, file, &error));
  g_assert_no_error (error);

  copy = ingest_mhl_ignore_copy (ignore);
  patterns = ingest_mhl_ignore_get_patterns (copy);
  g_assert_cmpuint (g_strv_length ((GStrv) patterns), ==, 6);
  g_assert_cmpstr (patterns[0], ==, ".DS_Store");
  g_assert_cmpstr (patterns[3], ==, "*.RMD");
  g_assert_cmpstr (patterns[4], ==, "*.tmp");
  g_assert_cmpstr (patterns[5], ==, "/proxy/");
  g_assert_true (ingest_mhl_ignore_match (copy, "proxy", TRUE, NULL));
  g_assert_false (ingest_mhl_ignore_match (copy, "a/proxy", TRUE, NULL));
  g_assert_true (ingest_mhl_ignore_match (copy, "A001/B.RMD", FALSE, NULL));

  g_assert_false (ingest_mhl_ignore_add_file (ignore, "/nonexistent/patterns", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  ingest_test_rm_rf (dir);
}

/* Cross-check: every pattern against every path, compared with `git check-ignore`. */
static const char *git_patterns[] = {
  "*.mov", "a*", "*", "?.txt", "/top.txt", "top.txt", "sub/", "/sub/", "sub/x.txt",
  "**/x.txt", "**/sub", "sub/**", "sub/**/y.txt", "s*/", "[a-c]*.txt", "[!a-c]*.txt",
  "a/b", "*.txt\n!b.txt", "sub\n!sub/x.txt", "sub/*\n!sub/x.txt", "\\!bang", "deep/**/z",
  "**", "x.txt/", "sub/deeper/", "*/x.txt", "trail  ", "**/deeper/**",
  "*e*e*r/*", "**/*e*/y*t", "s*/*/*.txt", "*t*t", "/*/*x*", "**/**/z",
};

static const char *git_tree[] = {  /* folders end with "/" */
  "top.txt", "a.txt", "b.txt", "c.mov", "!bang", "sub/", "sub/x.txt", "sub/y.txt",
  "sub/deeper/", "sub/deeper/y.txt", "sub/deeper/x.txt", "other/", "other/sub/",
  "other/sub/x.txt", "other/top.txt", "a/", "a/b", "deep/", "deep/z", "deep/1/2/z",
  "deep/1/", "deep/1/2/", "x.txt/", "x.txt/inner", "trail",
};

static void
test_git (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *list = NULL;
  GString *input = g_string_new (NULL);

  if (!ingest_test_require_programs ("git", "git", NULL))
    return;

  dir = ingest_test_make_tmpdir ("mhl-ignore-git");
  for (guint i = 0; i < G_N_ELEMENTS (git_tree); i++)
    {
      g_autofree char *path = g_build_filename (dir, git_tree[i], NULL);

      if (g_str_has_suffix (git_tree[i], "/"))
        g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
      else
        ingest_test_write_file (path, "x", 1);
      /* Folders without the "/": git then looks at the file system, like we do. */
      g_string_append_len (input, git_tree[i], strlen (git_tree[i]) - g_str_has_suffix (git_tree[i], "/"));
      g_string_append_c (input, '\n');
    }
  {
    const char *init_argv[] = { "git", "init", "-q", dir, NULL };
    g_autofree char *init_out = NULL;
    int init_status = -1;

    /* check-ignore needs a repository even with --no-index. */
    init_out = ingest_test_run_capture (init_argv, &init_status);
    g_assert_cmpint (init_status, ==, 0);
  }
  list = g_build_filename (dir, "paths", NULL);
  ingest_test_write_file (list, input->str, input->len);
  g_string_free (input, TRUE);

  for (guint p = 0; p < G_N_ELEMENTS (git_patterns); p++)
    {
      g_autoptr(IngestMhlIgnore) ignore = ingest_mhl_ignore_new ();
      g_auto(GStrv) lines = g_strsplit (git_patterns[p], "\n", -1);
      g_autofree char *gitignore = g_build_filename (dir, ".gitignore", NULL);
      g_autofree char *script = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) ignored_by_git = NULL;
      const char *argv[] = { "sh", "-c", NULL, NULL };
      int status = 0;

      ingest_mhl_ignore_add_patterns (ignore, (const char * const *) lines);
      ingest_test_write_file (gitignore, git_patterns[p], strlen (git_patterns[p]));
      /* git prints the ignored paths only; it exits 1 when there are none. */
      script = g_strdup_printf ("cd '%s' && git -c core.excludesFile=/dev/null check-ignore --no-index --stdin < paths", dir);
      argv[2] = script;
      out = ingest_test_run_capture (argv, &status);
      g_assert_cmpint (status, <=, 1);
      ignored_by_git = g_strsplit (out, "\n", -1);

      for (guint i = 0; i < G_N_ELEMENTS (git_tree); i++)
        {
          gboolean is_dir = g_str_has_suffix (git_tree[i], "/");
          g_autofree char *path = is_dir ? g_strndup (git_tree[i], strlen (git_tree[i]) - 1) : g_strdup (git_tree[i]);
          gboolean ours = ingest_mhl_ignore_match (ignore, path, is_dir, NULL);
          gboolean theirs = g_strv_contains ((const char * const *) ignored_by_git, path);

          if (ours != theirs)
            g_error ("pattern “%s” on “%s”: ours %s, git %s", git_patterns[p], git_tree[i],
                     ours ? "ignored" : "kept", theirs ? "ignored" : "kept");
        }
    }

  ingest_test_rm_rf (dir);
}

/* A manifest's ignore list is input from the drive: a pattern that makes a naive
 * matcher backtrack exponentially must still be decided at once. */
static void
test_hostile_pattern (void)
{
  static const char * const patterns[] = {
    "*a*a*a*a*a*a*a*a*b", "/*a*a*a*a*a*a*a*a*b", "**/*a*a*a*a*a*a*a*a*b",
    "*a*a*a*a*a*a*a*a*/b", "**/a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b/**",
  };

  if (g_test_subprocess ())
    {
      g_autofree char *name = g_strnfill (70, 'a');
      g_autofree char *deep = g_strdup_printf ("%s/%s/%s", name, name, name);

      for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
        {
          g_autoptr(IngestMhlIgnore) ignore = ingest_mhl_ignore_new ();
          gint64 start = g_get_monotonic_time ();
          gint64 elapsed;

          ingest_mhl_ignore_add_pattern (ignore, patterns[i]);
          g_assert_false (ingest_mhl_ignore_match (ignore, name, FALSE, NULL));
          g_assert_false (ingest_mhl_ignore_match (ignore, deep, FALSE, NULL));
          elapsed = g_get_monotonic_time () - start;
          g_printerr ("# '%s' on a 70-character name: %.3f ms\n", patterns[i], elapsed / 1000.0);
          /* milliseconds, with room for a loaded machine; without the short-cut: years */
          g_assert_cmpint (elapsed, <, 100 * 1000);
        }
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mhl-ignore/cases", test_cases);
  g_test_add_func ("/mhl-ignore/list", test_list);
  g_test_add_func ("/mhl-ignore/git", test_git);
  g_test_add_func ("/mhl-ignore/hostile-pattern", test_hostile_pattern);

  return g_test_run ();
}
