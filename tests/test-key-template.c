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

#include "ingest.h"
#include "ingest-destination.h"
#include "ingest-upload-error.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/key-template/expand", test_key_template);

  return g_test_run ();
}
