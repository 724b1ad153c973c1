/* test-key-template.c
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

/* ingest_upload_key_expand(): the object key an upload makes from its
 * template ("{production}/{shoot-day}/{roll}/{path}"). No server. */

#include "config.h"

#include <string.h>

#include "ingest.h"

static void
test_key_template (void)
{
  g_autoptr(GHashTable) vars = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_hash_table_insert (vars, (gpointer) "production", (gpointer) "Feature X");
  g_hash_table_insert (vars, (gpointer) "shoot-day", NULL);
  g_hash_table_insert (vars, (gpointer) "roll", (gpointer) "A001R1AB");
  g_hash_table_insert (vars, (gpointer) "path", (gpointer) "Clips/A001C001.mov");

  /* An unset variable and its separator drop out. */
  key = ingest_upload_key_expand ("{production}/{shoot-day}/{roll}/{path}", vars, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "Feature X/A001R1AB/Clips/A001C001.mov");
  g_clear_pointer (&key, g_free);

  key = ingest_upload_key_expand ("{nope}/{path}", vars, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_assert_null (key);
  g_clear_error (&error);

  g_hash_table_insert (vars, (gpointer) "path", (gpointer) "../escape");
  key = ingest_upload_key_expand ("{roll}/{path}", vars, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_assert_null (key);
  g_clear_error (&error);

  /* Nothing left: no key at all. */
  key = ingest_upload_key_expand ("{shoot-day}", vars, &error);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_assert_null (key);
}

static char *
prefix_of (const char         *text,
           const char * const *values)
{
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new (text, values, NULL);

  g_assert_nonnull (layout);
  return ingest_key_template_dup_prefix (layout);
}

/* The folders every key of a drive starts with (what the station shows as
 * "where it goes"), and which templates are refused before a run starts. */
static void
test_layout_prefix_and_check (void)
{
  const char *values[] = { "production", "Feature X", "shoot-day", "D012", NULL };
  const char *no_day[] = { "production", "Feature X", "shoot-day", "", NULL };
  const char *unknown[] = { "reel", "R1", NULL };
  g_autofree char *whole = prefix_of (INGEST_KEY_TEMPLATE_DEFAULT, values);
  g_autofree char *no_day_prefix = prefix_of (INGEST_KEY_TEMPLATE_DEFAULT, no_day);
  g_autofree char *literal = prefix_of ("dailies/{production}/{drive}/{path}", values);
  g_autofree char *partial = prefix_of ("{production}_{roll}/{path}", values);
  g_autoptr(IngestKeyTemplate) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (whole, ==, "Feature X/D012");
  g_assert_cmpstr (no_day_prefix, ==, "Feature X");
  g_assert_cmpstr (literal, ==, "dailies/Feature X");
  g_assert_cmpstr (partial, ==, "");

  g_assert_true (ingest_key_template_check (INGEST_KEY_TEMPLATE_DEFAULT, NULL));
  g_assert_true (ingest_key_template_check ("{drive}/{file}", NULL));
  g_assert_false (ingest_key_template_check ("{production}/{roll}", &error));
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_false (ingest_key_template_check ("{production}/{reel}/{path}", &error));
  g_assert_nonnull (strstr (error->message, "The object key template cannot be used: "));
  g_assert_nonnull (strstr (error->message, "{reel}"));
  g_clear_error (&error);

  /* A template that cannot be used, or a value it cannot be given, makes no layout. */
  refused = ingest_key_template_new ("{production}/{roll}", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
  g_clear_error (&error);
  refused = ingest_key_template_new (NULL, unknown, &error);
  g_assert_null (refused);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
}

/* One file's key: per-file values from the run, {drive} from the drive
 * unless the layout was given one, empty values dropped with their "/". */
static void
test_layout_expand (void)
{
  const char *values[] = { "production", "Feature X", "shoot-day", "", NULL };
  const char *named[] = { "drive", "SHUTTLE 7", NULL };
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new ("{production}/{shoot-day}/{drive}/{roll}/{path}",
                                                                 values, NULL);
  g_autoptr(IngestKeyTemplate) by_name = ingest_key_template_new ("{drive}/{file}", named, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *no_drive = NULL;
  g_autofree char *fixed = NULL;

  g_assert_cmpstr (ingest_key_template_get_text (layout), ==, "{production}/{shoot-day}/{drive}/{roll}/{path}");
  g_assert_cmpstr (ingest_key_template_get_variable (layout, "production"), ==, "Feature X");
  g_assert_cmpstr (ingest_key_template_get_variable (layout, "shoot-day"), ==, "");
  g_assert_null (ingest_key_template_get_variable (layout, "drive"));

  key = ingest_key_template_expand (layout, "CARD_01", "A001", "Clips/A001C001.mov", "A001/Clips/A001C001.mov", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "Feature X/CARD_01/A001/Clips/A001C001.mov");
  no_drive = ingest_key_template_expand (layout, NULL, "A001", "x.mov", "A001/x.mov", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (no_drive, ==, "Feature X/A001/x.mov");
  fixed = ingest_key_template_expand (by_name, "CARD_01", "A001", "x.mov", "A001/x.mov", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixed, ==, "SHUTTLE 7/A001/x.mov");

  /* A path that climbs out is never a key. */
  g_assert_null (ingest_key_template_expand (layout, "CARD_01", "A001", "../../etc/passwd", "A001/../../etc/passwd", &error));
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG);
}

/* A roll given once (an upload rooted at one roll, a proxy folder): it is
 * {roll} for every file, whatever the run names the roll; given empty, the
 * run's name stands. */
static void
test_layout_given_roll (void)
{
  const char *values[] = { "production", "Feature X", "roll", "A001", NULL };
  const char *empty[] = { "roll", "", NULL };
  g_autoptr(IngestKeyTemplate) layout = ingest_key_template_new ("{production}/proxies/{roll}/{path}", values, NULL);
  g_autoptr(IngestKeyTemplate) unset = ingest_key_template_new ("{roll}/{path}", empty, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *own = NULL;

  g_assert_nonnull (layout);
  g_assert_cmpstr (ingest_key_template_get_variable (layout, "roll"), ==, "A001");
  key = ingest_key_template_expand (layout, NULL, "0b9f21", "A001C001.mov", "A001C001.mov", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "Feature X/proxies/A001/A001C001.mov");
  own = ingest_key_template_expand (unset, NULL, "B002", "x.mov", "x.mov", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (own, ==, "B002/x.mov");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/key-template/expand", test_key_template);
  g_test_add_func ("/key-template/layout/prefix-and-check", test_layout_prefix_and_check);
  g_test_add_func ("/key-template/layout/expand", test_layout_expand);
  g_test_add_func ("/key-template/layout/given-roll", test_layout_given_roll);

  return g_test_run ();
}
