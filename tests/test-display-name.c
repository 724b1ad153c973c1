/* test-display-name.c
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

#define G_LOG_DOMAIN "test-display-name"

#include "config.h"

#include <string.h>

#include "ingest.h"
#include "ingest-test-util.h"

typedef struct
{
  const char *name;
  const char *shown;
} Case;

static const Case cases[] = {
  { "A001C003_230101_R1AB.mov", "A001C003_230101_R1AB.mov" },
  { "", "" },
  /* the attack: a name that would print a line of its own */
  { "x.mov\nverified  A001/fake.mov", "x.mov\\nverified  A001/fake.mov" },
  { "a\tb", "a\\tb" },
  { "a\rverified", "a\\rverified" },
  { "\x1b[2Kverified", "\\x1b[2Kverified" },
  { "bell\x07", "bell\\x07" },
  { "del\x7f", "del\\x7f" },
  /* backslash doubled: "a\n" (two characters) and "a<newline>" stay apart */
  { "a\\n", "a\\\\n" },
  { "C:\\clip", "C:\\\\clip" },
  /* bytes that are not UTF-8, alone, truncated and overlong */
  { "bad\xff.mov", "bad\\xff.mov" },
  { "cut\xe2\x80", "cut\\xe2\\x80" },
  { "over\xc0\xaf", "over\\xc0\\xaf" },
  /* C1 controls (U+0085 next line, U+009B CSI) as characters */
  { "next\xc2\x85line", "next\\u0085line" },
  { "csi\xc2\x9b" "2K", "csi\\u009b2K" },
  /* bidi and format controls: "\u202evom.exe" must not read "exe.mov" */
  { "clip\xe2\x80\xae" "vom.exe", "clip\\u202evom.exe" },
  { "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "\\u202a\\u202b\\u202c\\u202d" },
  { "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "\\u2066\\u2067\\u2068\\u2069" },
  { "lrm\xe2\x80\x8erlm\xe2\x80\x8f", "lrm\\u200erlm\\u200f" },
  { "line\xe2\x80\xa8para\xe2\x80\xa9", "line\\u2028para\\u2029" },
  /* ordinary non-ASCII names pass unchanged */
  { "Café/Ünïcödé 日本語 ✓.wav", "Café/Ünïcödé 日本語 ✓.wav" },
  { "emoji 🎬.mov", "emoji 🎬.mov" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ingest_display_name (cases[i].name);

      g_assert_cmpstr (shown, ==, cases[i].shown);
      g_assert_true (g_utf8_validate (shown, -1, NULL));
    }
  g_assert_null (ingest_display_name (NULL));
}

/* Every byte value, alone and after a valid prefix: the result is one line of
 * valid UTF-8 with no control or bidi character left. */
static void
test_every_byte (void)
{
  for (guint b = 1; b < 256; b++)
    {
      char name[8] = { 'a', (char) b, 'z', 0 };
      g_autofree char *shown = ingest_display_name (name);

      g_assert_true (g_utf8_validate (shown, -1, NULL));
      for (const char *p = shown; *p; p = g_utf8_next_char (p))
        {
          gunichar ch = g_utf8_get_char (p);

          g_assert_false (g_unichar_iscntrl (ch));
        }
    }
}

/* No two names share a shown form: decoding the escapes gives the name back. */
static char *
unescape (const char *shown)
{
  GString *name = g_string_new (NULL);

  for (const char *p = shown; *p; )
    {
      if (*p != '\\')
        {
          g_string_append_c (name, *p++);
          continue;
        }
      p++;
      switch (*p)
        {
        case '\\': g_string_append_c (name, '\\'); p++; break;
        case 'n': g_string_append_c (name, '\n'); p++; break;
        case 't': g_string_append_c (name, '\t'); p++; break;
        case 'r': g_string_append_c (name, '\r'); p++; break;
        case 'x':
        case 'u':
          {
            guint n_digits = *p == 'x' ? 2 : 4;
            g_autofree char *digits = g_strndup (p + 1, n_digits);
            guint64 value = g_ascii_strtoull (digits, NULL, 16);

            if (*p == 'x')
              g_string_append_c (name, (char) value);
            else
              g_string_append_unichar (name, (gunichar) value);
            p += 1 + n_digits;
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (name, FALSE);
}

static void
test_unambiguous (void)
{
  const char *names[] = {
    "a\\nb", "a\nb", "a\\\\nb", "a\\\nb", "\\x1b", "\x1b", "\\u202e", "\xe2\x80\xae",
    "\\xff", "\xff", "tail\\",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ingest_display_name (cases[i].name);
      g_autofree char *back = unescape (shown);

      g_assert_cmpstr (back, ==, cases[i].name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *shown = ingest_display_name (names[i]);
      g_autofree char *back = unescape (shown);

      g_assert_cmpstr (back, ==, names[i]);
      for (guint j = 0; j < i; j++)
        {
          g_autofree char *other = ingest_display_name (names[j]);

          g_assert_cmpstr (shown, !=, other);
        }
    }
}

/* A message keeps its backslashes (an escaped name in it is not escaped twice)
 * but loses its line breaks. */
static void
test_message (void)
{
  g_autofree char *shown = ingest_display_message ("cannot read x.mov\nverified  A001/fake.mov: \\x1b done\xff");

  g_assert_cmpstr (shown, ==, "cannot read x.mov\\nverified  A001/fake.mov: \\x1b done\\xff");
  g_clear_pointer (&shown, g_free);
  shown = ingest_display_message ("“quoted” — fine");
  g_assert_cmpstr (shown, ==, "“quoted” — fine");
  g_assert_null (ingest_display_message (NULL));
}

/* The log writer the front ends install: one log record, one line. */
static void
test_log_writer (void)
{
  if (g_test_subprocess ())
    {
      g_log_set_writer_func (ingest_display_log_writer, NULL, NULL);
      g_message ("Cannot read %s: gone", "x.mov\nverified  A001/fake.mov\x1b[2K");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Cannot read x.mov\\nverified  A001/fake.mov\\x1b[2K: gone\n");
  g_test_trap_assert_stderr_unmatched ("*\nverified*");
  g_test_trap_assert_stderr_unmatched ("*\x1b*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/display-name/cases", test_cases);
  g_test_add_func ("/display-name/every-byte", test_every_byte);
  g_test_add_func ("/display-name/unambiguous", test_unambiguous);
  g_test_add_func ("/display-name/message", test_message);
  g_test_add_func ("/display-name/log-writer", test_log_writer);

  return g_test_run ();
}
