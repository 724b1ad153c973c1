/* test-ingestctl-proxy.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `ingestctl proxy` on the demo drive's files and rolls: each --json line
 * parses, names a clip, and the proxy it names is what ffprobe finds there
 * (its length the source's within a frame, its size the line's); a second
 * run reuses them; a RED clip is "no preview" and not a failure; a
 * truncated movie fails and makes the exit status 3; bad usage is 2. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>

#include <gio/gunixinputstream.h>

#include <json-glib/json-glib.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-test-util.h"

#define EXIT_FAILED_CLIPS 3

static char *demo_dir;
static char *demo_drive;

static double
probe_duration (JsonObject *probe)
{
  JsonObject *format = json_object_get_object_member (probe, "format");

  return g_ascii_strtod (json_object_get_string_member (format, "duration"), NULL);
}

/* The --json lines, one object each. */
static GPtrArray *
parse_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (objects, json_node_copy (json_parser_get_root (parser)));
    }
  return objects;
}

/* A made (or reused) proxy against its SOURCE movie, by ffprobe. */
static void
check_proxy (JsonObject *line,
             const char *source)
{
  const char *proxy = json_object_get_string_member (line, "proxy");
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) want = NULL;
  JsonObject *video;
  double fps_den = 25;

  g_assert_nonnull (proxy);
  g_assert_true (g_file_test (proxy, G_FILE_TEST_IS_REGULAR));
  got = ingest_test_ffprobe (proxy);
  want = ingest_test_ffprobe (source);
  g_test_message ("%s: %.3f s, source %.3f s", json_object_get_string_member (line, "clip"),
                  probe_duration (got), probe_duration (want));
  /* Within one frame of the source (the demo is 25 fps). */
  g_assert_cmpfloat (fabs (probe_duration (got) - probe_duration (want)), <=, 1.0 / fps_den + 0.001);
  g_assert_cmpfloat (fabs (json_object_get_double_member (line, "duration_s") - probe_duration (got)), <=, 1.0 / fps_den + 0.001);
  video = ingest_test_probe_stream (got, "video");
  g_assert_nonnull (video);
  g_assert_cmpint (json_object_get_int_member (video, "width"), ==, json_object_get_int_member (line, "width"));
  g_assert_cmpint (json_object_get_int_member (video, "height"), ==, json_object_get_int_member (line, "height"));
  /* The web preset fits 960×540. */
  g_assert_cmpint (json_object_get_int_member (line, "width"), <=, 960);
  g_assert_cmpint (json_object_get_int_member (line, "height"), <=, 540);
  if (!json_object_get_null_member (line, "poster"))
    g_assert_true (g_file_test (json_object_get_string_member (line, "poster"), G_FILE_TEST_IS_REGULAR));
}

/*
 * Tests
 */

/* One clip file: one line, a proxy as long as the source. */
static void
test_clip_file (void)
{
  g_autofree char *out_dir = ingest_test_make_tmpdir ("ingestctl-proxy-XXXXXX");
  g_autofree char *source = g_build_filename (demo_drive, "A001R1AB", "A001C002_261121_R1AB.mov", NULL);
  const char *args[] = { "proxy", source, "--out", out_dir, "--json", NULL };
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *out = NULL;
  JsonObject *line;
  int status;

  out = ingest_test_run_ingestctl (args, &status);
  g_assert_cmpint (status, ==, 0);
  lines = parse_lines (out);
  g_assert_cmpuint (lines->len, ==, 1);
  line = json_node_get_object (g_ptr_array_index (lines, 0));
  g_assert_cmpstr (json_object_get_string_member (line, "clip"), ==, "A001C002_261121_R1AB");
  g_assert_cmpstr (json_object_get_string_member (line, "status"), ==, "made");
  g_assert_true (json_object_get_null_member (line, "reason"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (line, "proxy"), out_dir));
  check_proxy (line, source);

  /* Again: reused, the same file. */
  {
    g_autofree char *again = ingest_test_run_ingestctl (args, &status);
    g_autoptr(GPtrArray) again_lines = parse_lines (again);
    JsonObject *second;

    g_assert_cmpint (status, ==, 0);
    g_assert_cmpuint (again_lines->len, ==, 1);
    second = json_node_get_object (g_ptr_array_index (again_lines, 0));
    g_assert_cmpstr (json_object_get_string_member (second, "status"), ==, "reused");
    g_assert_cmpstr (json_object_get_string_member (second, "proxy"), ==,
                     json_object_get_string_member (line, "proxy"));
  }
  ingest_test_rm_rf (out_dir);
}

/* A roll: one line per clip, each proxy checked against its movie. */
static void
test_roll (void)
{
  g_autofree char *out_dir = ingest_test_make_tmpdir ("ingestctl-proxy-XXXXXX");
  g_autofree char *roll = g_build_filename (demo_drive, "A001R1AB", NULL);
  const char *args[] = { "proxy", roll, "--out", out_dir, "--json", "--no-burn-in", NULL };
  const char *clips[] = { "A001C001_261121_R1AB.mov", "A001C002_261121_R1AB.mov",
                          "A001C003_261121_R1AB.mov", "A001C004_261121_R1AB.mxf" };
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *out = NULL;
  guint seen = 0;
  int status;

  out = ingest_test_run_ingestctl (args, &status);
  g_assert_cmpint (status, ==, 0);
  lines = parse_lines (out);
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (clips));
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = json_node_get_object (g_ptr_array_index (lines, i));
      const char *name = json_object_get_string_member (line, "clip");

      g_assert_cmpstr (json_object_get_string_member (line, "status"), ==, "made");
      for (guint c = 0; c < G_N_ELEMENTS (clips); c++)
        if (g_str_has_prefix (clips[c], name) && clips[c][strlen (name)] == '.')
          {
            g_autofree char *source = g_build_filename (roll, clips[c], NULL);

            check_proxy (line, source);
            seen |= 1u << c;
          }
    }
  g_assert_cmpuint (seen, ==, (1u << G_N_ELEMENTS (clips)) - 1);
  ingest_test_rm_rf (out_dir);
}

/* A RED clip: no preview, a reason, exit 0. A clip whose bytes are not a
 * movie: failed, exit 3. */
static void
test_no_preview_and_failure (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingestctl-proxy-XXXXXX");
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *red = g_build_filename (dir, "R001_0101AB.RDM", NULL);
  g_autofree char *rdc = g_build_filename (red, "R001_C001_0101XY.RDC", NULL);
  g_autofree char *r3d = g_build_filename (rdc, "R001_C001_0101XY_001.R3D", NULL);
  g_autofree char *broken_roll = g_build_filename (dir, "BROKEN", NULL);
  g_autofree char *broken = g_build_filename (broken_roll, "A009C001_261121_R9ZZ.mov", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  JsonObject *line;
  int status;

  g_assert_cmpint (g_mkdir_with_parents (rdc, 0755), ==, 0);
  ingest_test_write_random_file (r3d, 32 * 1024, 7);
  {
    const char *args[] = { "proxy", red, "--out", out_dir, "--json", NULL };

    out = ingest_test_run_ingestctl (args, &status);
  }
  g_assert_cmpint (status, ==, 0);
  lines = parse_lines (out);
  g_assert_cmpuint (lines->len, ==, 1);
  line = json_node_get_object (g_ptr_array_index (lines, 0));
  g_assert_cmpstr (json_object_get_string_member (line, "status"), ==, "no-preview");
  g_assert_true (json_object_get_null_member (line, "proxy"));
  g_assert_true (json_object_get_null_member (line, "duration_s"));
  g_assert_nonnull (strstr (json_object_get_string_member (line, "reason"), "R3D"));

  /* The first half of a demo movie: its index (at the end) is gone. */
  g_assert_cmpint (g_mkdir_with_parents (broken_roll, 0755), ==, 0);
  {
    g_autofree char *whole = g_build_filename (demo_drive, "A001R1AB", "A001C003_261121_R1AB.mov", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (whole, &contents, &length, NULL));
    ingest_test_write_file (broken, contents, length / 2);
  }
  {
    const char *args[] = { "proxy", broken, "--out", out_dir, "--json", NULL };

    g_free (out);
    out = ingest_test_run_ingestctl (args, &status);
  }
  g_assert_cmpint (status, ==, EXIT_FAILED_CLIPS);
  g_ptr_array_unref (lines);
  lines = parse_lines (out);
  g_assert_cmpuint (lines->len, ==, 1);
  line = json_node_get_object (g_ptr_array_index (lines, 0));
  g_assert_cmpstr (json_object_get_string_member (line, "status"), ==, "failed");
  g_assert_nonnull (json_object_get_string_member (line, "reason"));
  g_assert_true (json_object_get_null_member (line, "proxy"));
  ingest_test_rm_rf (dir);
}

/* What the ingest tests run on, under a folder of their own: a card
 * holding a copy of the demo's ARRI roll, an empty NAS folder, and where
 * the catalog and the proxies go. */
typedef struct
{
  char *dir;
  char *drive;
  char *nas;
  char *catalog;
  char *proxies;
  char *roll;      /* the demo's roll the card holds */
} Card;

static Card
card_make (void)
{
  Card card;

  card.dir = ingest_test_make_tmpdir ("ingestctl-proxy-XXXXXX");
  card.drive = g_build_filename (card.dir, "CARD", NULL);
  card.nas = g_build_filename (card.dir, "nas", NULL);
  card.catalog = g_build_filename (card.dir, "catalog.db", NULL);
  card.proxies = g_build_filename (card.dir, "proxies", NULL);
  card.roll = g_build_filename (demo_drive, "A001R1AB", NULL);
  g_assert_cmpint (g_mkdir_with_parents (card.drive, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (card.nas, 0755), ==, 0);
  ingest_test_copy_tree (card.roll, card.drive);
  return card;
}

static void
card_clear (Card *card)
{
  ingest_test_rm_rf (card->dir);
  g_free (card->dir);
  g_free (card->drive);
  g_free (card->nas);
  g_free (card->catalog);
  g_free (card->proxies);
  g_free (card->roll);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Card, card_clear)

/* The ARRI roll's movie of @clip: one MXF among the QuickTimes. */
static char *
source_of (const char *roll,
           const char *clip)
{
  return g_strconcat (roll, "/", clip, g_str_has_suffix (clip, "C004_261121_R1AB") ? ".mxf" : ".mov", NULL);
}

/* ingest --proxies: the upload, then a "proxy" event per clip, each proxy
 * as long as its movie and delivered to the destination under
 * PRODUCTION/SHOOT-DAY/proxies/ROLL/; the catalog keeps them (a second run
 * reuses). */
static void
test_ingest_proxies (void)
{
  g_auto(Card) card = card_make ();
  const char *args[] = { "ingest", card.drive, "--to", card.nas, "--catalog", card.catalog, "--proxies",
                         "--proxies-dir", card.proxies, "--production", "NIGHTJAR", "--shoot-day", "2026-11-21",
                         "--json", NULL };
  int status;

  for (guint run = 0; run < 2; run++)
    {
      g_autofree char *out = ingest_test_run_ingestctl (args, &status);
      g_autoptr(GPtrArray) lines = parse_lines (out);
      guint n_proxies = 0;

      g_assert_cmpint (status, ==, 0);
      for (guint i = 0; i < lines->len; i++)
        {
          JsonObject *line = json_node_get_object (g_ptr_array_index (lines, i));
          g_autofree char *source = NULL;
          const char *clip;

          if (g_strcmp0 (json_object_get_string_member_with_default (line, "event", NULL), "proxy") != 0)
            continue;
          clip = json_object_get_string_member (line, "clip");
          g_assert_cmpstr (json_object_get_string_member (line, "status"), ==, run == 0 ? "made" : "reused");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (line, "proxy"), card.proxies));
          source = source_of (card.roll, clip);
          check_proxy (line, source);
          /* Delivered beside the footage, the same bytes. */
          {
            const char *proxy = json_object_get_string_member (line, "proxy");
            g_autofree char *name = g_path_get_basename (proxy);
            g_autofree char *copy = g_build_filename (card.nas, "NIGHTJAR", "2026-11-21", "proxies", "A001R1AB", name, NULL);
            g_autofree char *want = NULL;
            g_autofree char *got = NULL;
            gsize want_len, got_len;

            g_assert_true (g_file_get_contents (proxy, &want, &want_len, NULL));
            g_assert_true (g_file_get_contents (copy, &got, &got_len, NULL));
            g_assert_cmpmem (got, got_len, want, want_len);
          }
          n_proxies++;
        }
      g_assert_cmpuint (n_proxies, ==, 4);
    }
}

/* kill -9 while proxies are made: every proxy left under its final name
 * is whole (as long as its movie, by ffprobe), whatever was in flight is
 * not published; the same command again makes the rest and reuses the
 * finished ones. */
static void
test_kill_9 (void)
{
  g_auto(Card) card = card_make ();
  const char *argv[] = { g_getenv ("INGESTCTL"), "ingest", card.drive, "--to", card.nas, "--catalog", card.catalog,
                         "--proxies", "--proxies-dir", card.proxies, "--json", NULL };
  g_autoptr(GInputStream) out_stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GHashTable) whole = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  GPid pid;
  int out_fd;
  guint n_reused = 0, n_made = 0;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  out_stream = g_unix_input_stream_new (out_fd, TRUE);
  lines = g_data_input_stream_new (out_stream);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);  /* it must not end before a proxy is made */
      if (strstr (line, "\"event\":\"proxy\"") != NULL)
        break;
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  ingest_test_wait_child (pid);

  /* What carries a final name is whole. */
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);

    g_ptr_array_add (stack, g_strdup (card.proxies));
    while (stack->len > 0)
      {
        g_autofree char *at = g_ptr_array_steal_index (stack, stack->len - 1);

        listing = g_dir_open (at, 0, NULL);
        while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
          {
            g_autofree char *path = g_build_filename (at, name, NULL);

            if (g_file_test (path, G_FILE_TEST_IS_DIR))
              g_ptr_array_add (stack, g_steal_pointer (&path));
            else if (name[0] != '.' && g_str_has_suffix (name, ".mov"))
              {
                g_autofree char *clip = g_strndup (name, strlen (name) - 4);
                g_autofree char *source = source_of (card.roll, clip);
                g_autoptr(JsonObject) got = ingest_test_ffprobe (path);
                g_autoptr(JsonObject) want = ingest_test_ffprobe (source);

                g_test_message ("left whole: %s", name);
                g_assert_cmpfloat (fabs (probe_duration (got) - probe_duration (want)), <=, 1.0 / 25 + 0.001);
                g_hash_table_add (whole, g_steal_pointer (&clip));
              }
          }
        g_clear_pointer (&listing, g_dir_close);
      }
  }
  g_assert_cmpuint (g_hash_table_size (whole), >=, 1);

  /* Again: the rest made, the whole ones reused. */
  {
    const char *args[] = { "ingest", card.drive, "--to", card.nas, "--catalog", card.catalog, "--proxies",
                           "--proxies-dir", card.proxies, "--json", NULL };
    int status;
    g_autofree char *out = ingest_test_run_ingestctl (args, &status);
    g_autoptr(GPtrArray) objects = parse_lines (out);

    g_assert_cmpint (status, ==, 0);
    for (guint i = 0; i < objects->len; i++)
      {
        JsonObject *line = json_node_get_object (g_ptr_array_index (objects, i));
        const char *clip = json_object_get_string_member_with_default (line, "clip", NULL);
        const char *status_text = json_object_get_string_member_with_default (line, "status", NULL);

        if (g_strcmp0 (json_object_get_string_member_with_default (line, "event", NULL), "proxy") != 0)
          continue;
        g_test_message ("again: %s %s", clip, status_text);
        if (g_hash_table_contains (whole, clip))
          {
            g_assert_cmpstr (status_text, ==, "reused");
            n_reused++;
          }
        else
          {
            g_assert_cmpstr (status_text, ==, "made");
            n_made++;
          }
      }
    g_assert_cmpuint (n_reused, ==, g_hash_table_size (whole));
    g_assert_cmpuint (n_reused + n_made, ==, 4);
  }
}

static void
test_usage (void)
{
  g_autofree char *source = g_build_filename (demo_drive, "A001R1AB", "A001C002_261121_R1AB.mov", NULL);
  const char *no_out[] = { "proxy", source, NULL };
  const char *bad_preset[] = { "proxy", source, "--out", "/nonexistent", "--preset", "huge", NULL };
  const char *both[] = { "proxy", source, "--out", "/nonexistent", "--burn-in", "--no-burn-in", NULL };
  const char *no_lut[] = { "proxy", source, "--out", "/nonexistent", "--lut", "/nonexistent/look.cube", NULL };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  int status;

  a = ingest_test_run_ingestctl (no_out, &status);
  g_assert_cmpint (status, ==, 2);
  b = ingest_test_run_ingestctl (bad_preset, &status);
  g_assert_cmpint (status, ==, 2);
  c = ingest_test_run_ingestctl (both, &status);
  g_assert_cmpint (status, ==, 2);
  d = ingest_test_run_ingestctl (no_lut, &status);
  g_assert_cmpint (status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  if (!ingest_test_require_programs ("ffmpeg", "ffprobe", NULL))
    return g_test_run ();

  demo_dir = ingest_test_make_tmpdir ("ingestctl-proxy-demo-XXXXXX");
  demo_drive = g_build_filename (demo_dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  if (!ingest_demo_drive_create (demo_drive, NULL, &error))
    g_error ("demo drive: %s", error->message);

  g_test_add_func ("/ingestctl-proxy/clip-file", test_clip_file);
  g_test_add_func ("/ingestctl-proxy/roll", test_roll);
  g_test_add_func ("/ingestctl-proxy/no-preview-and-failure", test_no_preview_and_failure);
  g_test_add_func ("/ingestctl-proxy/ingest-proxies", test_ingest_proxies);
  g_test_add_func ("/ingestctl-proxy/kill-9", test_kill_9);
  g_test_add_func ("/ingestctl-proxy/usage", test_usage);

  ret = g_test_run ();
  ingest_test_rm_rf (demo_dir);
  g_free (demo_dir);
  g_free (demo_drive);
  return ret;
}
