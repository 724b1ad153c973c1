/* test-hash.c
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

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-hasher-private.h"
#include "ingest-test-util.h"

#define READ_SIZE INGEST_HASH_JOB_READ_SIZE

/* The published ASC MHL vectors (ascmhl.md §5, checked against the reference). */
static const struct {
  const char *input;
  const char *md5, *sha1, *xxh64, *xxh3, *xxh128, *c4;
} mhl_vectors[] = {
  { "",
    "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "ef46db3751d8e999", "2d06800538d394c2", "99aa06d3014798d86001c324468d497f",
    "c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT" },
  { "abcd\n",
    "f5ac8127b3b6b85cdc13f237c6005d80", "3330b4373640f9e4604991e73c7e86bfd8da2dc3",
    "0ea03b369a463d9d", "5c6d5318a0809172", "ad3e38cc4333ed1b742b20a1b224a05e",
    "c43LpzjA4DGCZ4Y3HbXsL7TLfaCY7wTCC27X7KAirGFcKTg7f4B8aKx7qiLitCaf9wgpLJL6QQjfdKH4dMrk2z5SRG" },
  { "media-hash-list",
    "9db0fc9f30f5ee70041a7538809e2858", "7b57673ac5633937a55b59009ad0c57ee08188b7",
    "584b2ea1974f2b7c", "6d4cbd75905c81aa", "61a67c014f703a456ee7a776fd8c06bd",
    "c456LycWwpMMS7VDZEKvYv2L1uJS6s4qAFnaJdnQiy5JVbBFZMA8aLDS6SPaJjLqxXH4qZdnbuktopMt9frtC2qL1R" },
};

static const char *
vector_text (guint          i,
             IngestHashKind kind)
{
  switch ((int) kind)
    {
    case INGEST_HASH_MD5:    return mhl_vectors[i].md5;
    case INGEST_HASH_SHA1:   return mhl_vectors[i].sha1;
    case INGEST_HASH_XXH64:  return mhl_vectors[i].xxh64;
    case INGEST_HASH_XXH3:   return mhl_vectors[i].xxh3;
    case INGEST_HASH_XXH128: return mhl_vectors[i].xxh128;
    case INGEST_HASH_C4:     return mhl_vectors[i].c4;
    default:                 return NULL;
    }
}

static void
test_kinds (void)
{
  static const char *names[] = { "c4", "md5", "sha1", "xxh128", "xxh3", "xxh64", "xxh32", "crc32c", "sha256" };
  static const gsize sizes[] = { 64, 16, 20, 16, 8, 8, 4, 4, 32 };
  g_autoptr(GEnumClass) enum_class = NULL;
  IngestHashKind kind;

  g_assert_cmpint (INGEST_HASH_N_KINDS, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < INGEST_HASH_N_KINDS; i++)
    {
      g_assert_cmpstr (ingest_hash_kind_get_name (i), ==, names[i]);
      g_assert_cmpuint (ingest_hash_kind_get_digest_size (i), ==, sizes[i]);
      g_assert_true (ingest_hash_kind_from_name (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_true (ingest_hash_kind_is_mhl (i) == (i <= INGEST_HASH_XXH64));
    }
  enum_class = g_type_class_ref (INGEST_TYPE_HASH_KIND);
  for (guint i = 0; i < INGEST_HASH_N_KINDS; i++)
    g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, names[i]);
  g_assert_cmpint (INGEST_HASH_C4, ==, 0);
  g_assert_cmpint (INGEST_HASH_XXH64, ==, 5);
  g_assert_false (ingest_hash_kind_from_name ("XXH64", NULL));
  g_assert_false (ingest_hash_kind_from_name ("xxhash64be", NULL));
  g_assert_false (ingest_hash_kind_from_name ("", NULL));
}

static void
test_mhl_vectors (void)
{
  IngestHashSet mhl_set = 0;

  for (guint k = 0; k <= INGEST_HASH_XXH64; k++)
    mhl_set |= INGEST_HASH_BIT (k);

  for (guint i = 0; i < G_N_ELEMENTS (mhl_vectors); i++)
    {
      const char *input = mhl_vectors[i].input;
      gsize len = strlen (input);
      g_autoptr(IngestHasher) all = ingest_hasher_new (mhl_set);

      /* One byte at a time into one hasher for all six kinds. */
      for (gsize j = 0; j < len; j++)
        ingest_hasher_update (all, input + j, 1);
      ingest_hasher_finish (all);

      for (guint k = 0; k <= INGEST_HASH_XXH64; k++)
        {
          g_autofree char *one_shot = ingest_hash_bytes (k, input, len);
          g_autofree char *streamed = ingest_hasher_dup_text (all, k);

          g_assert_cmpstr (one_shot, ==, vector_text (i, k));
          g_assert_cmpstr (streamed, ==, vector_text (i, k));
        }
    }

  {
    g_autofree char *def = ingest_hash_bytes (INGEST_HASH_XXH64, "def\n", 4);
    g_assert_cmpstr (def, ==, "7680e5f98f4a80fd");
  }
}

static void
test_other_vectors (void)
{
  /* NIST FIPS 180-2 SHA-256 examples. */
  g_autofree char *sha_abc = ingest_hash_bytes (INGEST_HASH_SHA256, "abc", 3);
  g_autofree char *sha_empty = ingest_hash_bytes (INGEST_HASH_SHA256, "", 0);
  g_autofree char *sha_long = ingest_hash_bytes (INGEST_HASH_SHA256,
                                                 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
  /* XXH32, seed 0, as xxhsum -H0 prints it (hex) and legacy MHL writes it (decimal). */
  g_autofree char *xxh32_empty = ingest_hash_bytes (INGEST_HASH_XXH32, "", 0);
  g_autofree char *xxh32_abcd = ingest_hash_bytes (INGEST_HASH_XXH32, "abcd\n", 5);

  g_assert_cmpstr (sha_abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (sha_empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (sha_long, ==, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  g_assert_cmpstr (xxh32_empty, ==, "46947589");   /* 0x02cc5d05 */
  g_assert_cmpstr (xxh32_abcd, ==, "1893908733");  /* 0x70e2c0fd */
}

/* RFC 3720 B.4 CRC32C vectors, in both implementations and through the hasher. */
static void
test_crc32c (void)
{
  guint8 zeros[32] = { 0 }, ones[32], inc[32], dec[32];
  g_autofree guint8 *random = g_malloc (100003);
  g_autofree char *text = NULL;
  guint32 state = 12345;

  memset (ones, 0xff, sizeof ones);
  for (guint i = 0; i < 32; i++)
    {
      inc[i] = i;
      dec[i] = 31 - i;
    }

  for (int hw = 0; hw <= 1; hw++)
    {
      g_assert_cmphex (_ingest_crc32c (zeros, 32, hw), ==, 0x8a9136aa);
      g_assert_cmphex (_ingest_crc32c (ones, 32, hw), ==, 0x62a8ab43);
      g_assert_cmphex (_ingest_crc32c (inc, 32, hw), ==, 0x46dd794e);
      g_assert_cmphex (_ingest_crc32c (dec, 32, hw), ==, 0x113fdb5c);
      g_assert_cmphex (_ingest_crc32c ("123456789", 9, hw), ==, 0xe3069283);
      g_assert_cmphex (_ingest_crc32c ("", 0, hw), ==, 0);
    }

  /* Both implementations agree on every alignment and tail length. */
  for (gsize i = 0; i < 100003; i++)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      random[i] = state;
    }
  for (gsize start = 0; start < 9; start++)
    for (gsize len = 0; len < 40; len++)
      g_assert_cmphex (_ingest_crc32c (random + start, len, TRUE), ==,
                       _ingest_crc32c (random + start, len, FALSE));
  g_assert_cmphex (_ingest_crc32c (random + 3, 100000, TRUE), ==,
                   _ingest_crc32c (random + 3, 100000, FALSE));

  text = ingest_hash_bytes (INGEST_HASH_CRC32C, "123456789", 9);
  g_assert_cmpstr (text, ==, "e3069283");

  {
    g_autoptr(IngestHasher) hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_CRC32C));
    g_autofree char *streamed = NULL;
    guint32 expected = _ingest_crc32c (random, 100003, FALSE);
    g_autofree char *expected_text = g_strdup_printf ("%08x", expected);

    ingest_hasher_update (hasher, random, 7);
    ingest_hasher_update (hasher, random + 7, 50000);
    ingest_hasher_update (hasher, random + 50007, 100003 - 50007);
    ingest_hasher_finish (hasher);
    streamed = ingest_hasher_dup_text (hasher, INGEST_HASH_CRC32C);
    g_assert_cmpstr (streamed, ==, expected_text);
  }
}

/* The upstream hash-of-list vector (ascmhl.md §6): the list is the hex
 * strings themselves, which are not full-length digests, so our strict
 * ingest_hash_of_list() rightly refuses them; check the same semantics
 * (byte-wise sort, decode, concatenate) through the hasher instead. */
static void
test_upstream_list_vector (void)
{
  static const guint8 sorted_bytes[] = { 0xaa, 0xaa, 0x01, 0xaa, 0x10, 0xbb };  /* aa aa01 aa10 bb */
  static const struct { IngestHashKind kind; const char *expected; } vectors[] = {
    { INGEST_HASH_MD5, "88abf5c156ff637c6380ae461fc50c3f" },
    { INGEST_HASH_SHA1, "22ad6b98111f6571c9ae1449988260b920960c16" },
    { INGEST_HASH_XXH64, "c4e803e454029ee4" },
    { INGEST_HASH_XXH3, "d908e88da5ad4928" },
    { INGEST_HASH_XXH128, "9041108a28887a9d35b4eac5bbaa5794" },
  };

  for (guint v = 0; v < G_N_ELEMENTS (vectors); v++)
    {
      g_autofree char *result = ingest_hash_bytes (vectors[v].kind, sorted_bytes, sizeof sorted_bytes);
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      char *refused;

      g_assert_cmpstr (result, ==, vectors[v].expected);

      g_ptr_array_add (texts, (char *) "bb");
      g_ptr_array_add (texts, (char *) "aa10");
      refused = ingest_hash_of_list (vectors[v].kind, texts, &error);
      g_assert_null (refused);
      g_assert_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT);
    }
}

/* ingest_hash_of_list() over real digests: the list is F("bb"), F("aa10"),
 * F("aa01"), F("aa"); expected values computed independently with Python's
 * hashlib, int-based base58 and xxhsum (sorted(), bytes.fromhex()). */
static void
test_hash_of_list (void)
{
  static const char *items[] = { "bb", "aa10", "aa01", "aa" };
  static const struct { IngestHashKind kind; const char *expected; } vectors[] = {
    { INGEST_HASH_MD5, "c9edc3a0b48880975576ed06b7821c92" },
    { INGEST_HASH_SHA1, "1157068dbc11b56f13b9ddd117206c8632f1c795" },
    { INGEST_HASH_SHA256, "75b4b013a54d7f95d5d9174e4f86f14a95051519fc62feed14efa653cf8f5929" },
    { INGEST_HASH_XXH64, "3fad7ba3fb49317d" },
    { INGEST_HASH_XXH128, "43efd381ec48c85680494983d90e554f" },
    { INGEST_HASH_XXH3, "9b15c6a33d21a725" },
    { INGEST_HASH_C4, "c43hGMZDXUpfYu451JPhXMNShDB1JmuSaopuqc9tGUCAkcPR3oLvnVrK6qHx9MqEBqhKsL6A7YpoGSsYTguMEuxKVj" },
  };

  for (guint v = 0; v < G_N_ELEMENTS (vectors); v++)
    {
      IngestHashKind kind = vectors[v].kind;
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) empty = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *result = NULL;
      g_autofree char *empty_result = NULL;
      g_autofree char *empty_hash = ingest_hash_bytes (kind, "", 0);

      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        g_ptr_array_add (texts, ingest_hash_bytes (kind, items[i], strlen (items[i])));
      result = ingest_hash_of_list (kind, texts, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, vectors[v].expected);

      /* The caller's array is not reordered. */
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        {
          g_autofree char *again = ingest_hash_bytes (kind, items[i], strlen (items[i]));
          g_assert_cmpstr (g_ptr_array_index (texts, i), ==, again);
        }

      /* An empty list is the hash of no bytes. */
      empty_result = ingest_hash_of_list (kind, empty, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (empty_result, ==, empty_hash);
    }
}

/* Directory hashes of ascmhl.md §6 composed from our API: content = list of
 * child hashes; structure = list of F(name ‖ bytes(child hash)). */
static char *
structure_item (const char *name,
                const char *child_text)
{
  guint8 digest[8];
  g_autoptr(GByteArray) buf = g_byte_array_new ();

  g_assert_true (ingest_hash_decode (INGEST_HASH_XXH64, child_text, digest, NULL));
  g_byte_array_append (buf, (const guint8 *) name, strlen (name));
  g_byte_array_append (buf, digest, sizeof digest);
  return ingest_hash_bytes (INGEST_HASH_XXH64, buf->data, buf->len);
}

static void
test_directory_vectors (void)
{
  g_autoptr(GPtrArray) content = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) structure = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *x = ingest_hash_bytes (INGEST_HASH_XXH64, "x", 1);
  g_autofree char *a1 = ingest_hash_bytes (INGEST_HASH_XXH64, "A1\n", 3);
  g_autofree char *c = NULL, *s = NULL, *ac = NULL, *as = NULL;

  /* Clips/Sub holds "Café é.txt" (NFC) = "x". */
  g_ptr_array_add (content, g_strdup (x));
  g_ptr_array_add (structure, structure_item ("Caf\xc3\xa9 \xc3\xa9.txt", x));
  c = ingest_hash_of_list (INGEST_HASH_XXH64, content, NULL);
  s = ingest_hash_of_list (INGEST_HASH_XXH64, structure, NULL);
  g_assert_cmpstr (c, ==, "d43f190b95d5c63c");
  g_assert_cmpstr (s, ==, "c5bd653e3d608bd0");

  /* Upstream: A/A1.txt = "A1\n". */
  g_ptr_array_set_size (content, 0);
  g_ptr_array_set_size (structure, 0);
  g_ptr_array_add (content, g_strdup (a1));
  g_ptr_array_add (structure, structure_item ("A1.txt", a1));
  ac = ingest_hash_of_list (INGEST_HASH_XXH64, content, NULL);
  as = ingest_hash_of_list (INGEST_HASH_XXH64, structure, NULL);
  g_assert_cmpstr (ac, ==, "d3904ee76bba3d2a");
  g_assert_cmpstr (as, ==, "3fbe33b2924e26aa");
}

static void
test_hash_of_list_errors (void)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *result;

  g_ptr_array_add (texts, (char *) "ef46db3751d8e999");
  g_ptr_array_add (texts, (char *) "ef46db3751d8e99");
  result = ingest_hash_of_list (INGEST_HASH_XXH64, texts, &error);
  g_assert_null (result);
  g_assert_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT);
  g_assert_nonnull (strstr (error->message, "ef46db3751d8e99"));
}

static void
fill_random (guint8  *buf,
             gsize    len,
             guint32 *state)
{
  for (gsize i = 0; i < len; i++)
    {
      *state ^= *state << 13;
      *state ^= *state >> 17;
      *state ^= *state << 5;
      buf[i] = *state >> 7;
    }
}

static void
hex_to_bytes (const char *hex,
              guint8     *out,
              gsize       len)
{
  g_assert_cmpuint (strlen (hex), ==, 2 * len);
  for (gsize i = 0; i < len; i++)
    {
      char byte[3] = { hex[2 * i], hex[2 * i + 1], 0 };
      out[i] = g_ascii_strtoull (byte, NULL, 16);
    }
}

static void
assert_c4_round_trip (const guint8 *digest,
                      const char   *expected)
{
  g_autofree char *text = ingest_hash_encode (INGEST_HASH_C4, digest);
  guint8 back[64];

  g_assert_cmpstr (text, ==, expected);
  g_assert_true (ingest_hash_decode (INGEST_HASH_C4, text, back, NULL));
  g_assert_cmpmem (back, 64, digest, 64);
}

static void
test_c4 (void)
{
  guint8 digest[64], back[64];
  guint32 state = 99;
  g_autofree char *zero_text = NULL;
  g_autofree char *expected_zero = NULL;
  g_autoptr(GError) error = NULL;

  /* The vectors decode to SHA-512 digests that encode back to the same text. */
  for (guint i = 0; i < G_N_ELEMENTS (mhl_vectors); i++)
    {
      g_autoptr(IngestHasher) hasher = ingest_hasher_new (INGEST_HASH_BIT (INGEST_HASH_C4));
      g_autofree char *again = NULL;
      const guint8 *sha512;

      ingest_hasher_update (hasher, mhl_vectors[i].input, strlen (mhl_vectors[i].input));
      ingest_hasher_finish (hasher);
      sha512 = ingest_hasher_get_digest (hasher, INGEST_HASH_C4, NULL);

      g_assert_true (ingest_hash_decode (INGEST_HASH_C4, mhl_vectors[i].c4, digest, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (digest, 64, sha512, 64);
      again = ingest_hash_encode (INGEST_HASH_C4, digest);
      g_assert_cmpstr (again, ==, mhl_vectors[i].c4);
    }

  /* Random round trips, and text order = numeric order. */
  for (guint i = 0; i < 500; i++)
    {
      guint8 other[64];
      g_autofree char *text = NULL, *other_text = NULL;
      int text_cmp, num_cmp;

      fill_random (digest, 64, &state);
      fill_random (other, 64, &state);
      if (i % 5 == 0)
        memset (other, 0, 1 + i % 60);  /* leading zeros make short numbers */
      text = ingest_hash_encode (INGEST_HASH_C4, digest);
      other_text = ingest_hash_encode (INGEST_HASH_C4, other);
      g_assert_cmpuint (strlen (text), ==, 90);
      g_assert_true (ingest_hash_decode (INGEST_HASH_C4, text, back, NULL));
      g_assert_cmpmem (back, 64, digest, 64);
      g_assert_true (ingest_hash_decode (INGEST_HASH_C4, other_text, back, NULL));
      g_assert_cmpmem (back, 64, other, 64);

      text_cmp = strcmp (text, other_text);
      num_cmp = memcmp (digest, other, 64);
      g_assert_cmpint ((text_cmp > 0) - (text_cmp < 0), ==, (num_cmp > 0) - (num_cmp < 0));
    }

  /* Extremes, expected texts from Python's int-based base58: 0, 1, 58^87, 2^512-1. */
  memset (digest, 0, 64);
  zero_text = ingest_hash_encode (INGEST_HASH_C4, digest);
  expected_zero = g_strnfill (90, '1');
  expected_zero[0] = 'c';
  expected_zero[1] = '4';
  g_assert_cmpstr (zero_text, ==, expected_zero);
  digest[63] = 1;
  assert_c4_round_trip (digest, "c41111111111111111111111111111111111111111111111111111111111111111111111111111111111111112");
  g_assert_true (ingest_hash_decode (INGEST_HASH_C4,
                                     "c42111111111111111111111111111111111111111111111111111111111111111111111111111111111111111",
                                     back, NULL));
  hex_to_bytes ("32045a018e0969ac37026a05da8d42986f517810f3506af75a4b686b81f28fc8"
                "58a03f440ee5a840874c0e11fb96c1f6c5a6ea464a8000000000000000000000", digest, 64);
  g_assert_cmpmem (back, 64, digest, 64);
  memset (digest, 0xff, 64);
  assert_c4_round_trip (digest, "c467rpwLCuS5DGA8KGZXKsVQ7dnPb9goRLoKfgGbLfQg9WoLUgNY77E2jT11fem3coV9nAkguBACzrU1iyZM4B8roQ");
}

static void
assert_decode_fails (IngestHashKind  kind,
                     const char     *text)
{
  guint8 digest[64];
  g_autoptr(GError) error = NULL;

  memset (digest, 0x5a, sizeof digest);
  g_assert_false (ingest_hash_decode (kind, text, digest, &error));
  g_assert_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT);
  for (guint i = 0; i < sizeof digest; i++)
    g_assert_cmpuint (digest[i], ==, 0x5a);
}

static void
test_decode (void)
{
  guint8 digest[64];
  g_autofree char *too_big = NULL;
  g_autofree char *bad_c4 = NULL;
  g_autofree char *text = NULL;

  /* Hex: exact length, hex digits only; upper case decodes to the same bytes. */
  g_assert_true (ingest_hash_decode (INGEST_HASH_XXH64, "0EA03B369A463D9D", digest, NULL));
  text = ingest_hash_encode (INGEST_HASH_XXH64, digest);
  g_assert_cmpstr (text, ==, "0ea03b369a463d9d");
  assert_decode_fails (INGEST_HASH_XXH64, "");
  assert_decode_fails (INGEST_HASH_XXH64, "0ea03b369a463d9");
  assert_decode_fails (INGEST_HASH_XXH64, "0ea03b369a463d9d0");
  assert_decode_fails (INGEST_HASH_XXH64, "0ea03b369a463d9g");
  assert_decode_fails (INGEST_HASH_XXH64, " ea03b369a463d9d");
  assert_decode_fails (INGEST_HASH_MD5, "ef46db3751d8e999");
  assert_decode_fails (INGEST_HASH_XXH128, "f5ac8127b3b6b85cdc13f237c6005d8");

  /* xxh32 (legacy): decimal, below 2^32. */
  g_assert_true (ingest_hash_decode (INGEST_HASH_XXH32, "4294967295", digest, NULL));
  g_assert_cmpmem (digest, 4, "\xff\xff\xff\xff", 4);
  g_assert_true (ingest_hash_decode (INGEST_HASH_XXH32, "46947589", digest, NULL));
  g_assert_cmpmem (digest, 4, "\x02\xcc\x5d\x05", 4);
  g_assert_true (ingest_hash_decode (INGEST_HASH_XXH32, "0", digest, NULL));
  assert_decode_fails (INGEST_HASH_XXH32, "4294967296");
  assert_decode_fails (INGEST_HASH_XXH32, "99999999999");
  assert_decode_fails (INGEST_HASH_XXH32, "");
  assert_decode_fails (INGEST_HASH_XXH32, "-1");
  assert_decode_fails (INGEST_HASH_XXH32, "12a");
  assert_decode_fails (INGEST_HASH_XXH32, "2cc5d05");

  /* C4: prefix, length, base58 alphabet (no 0 O I l), value below 2^512. */
  assert_decode_fails (INGEST_HASH_C4, "c4");
  assert_decode_fails (INGEST_HASH_C4, mhl_vectors[0].c4 + 1);
  bad_c4 = g_strdup (mhl_vectors[1].c4);
  bad_c4[0] = 'C';
  assert_decode_fails (INGEST_HASH_C4, bad_c4);
  for (const char *bad = "0OIl+"; *bad; bad++)
    {
      bad_c4[0] = 'c';
      bad_c4[50] = *bad;
      assert_decode_fails (INGEST_HASH_C4, bad_c4);
    }
  too_big = g_strnfill (90, 'z');
  too_big[0] = 'c';
  too_big[1] = '4';
  assert_decode_fails (INGEST_HASH_C4, too_big);
}

/* --- files, cross-checked against the usual command-line tools --- */

/* sha512sum's hex → the C4 ID, through our decoder/encoder. */
static char *
c4_from_sha512_hex (const char *hex)
{
  guint8 digest[64];

  hex_to_bytes (hex, digest, 64);
  return ingest_hash_encode (INGEST_HASH_C4, digest);
}

static void
check_against_tools (const char    *path,
                     IngestHashJob *job)
{
  static const struct { IngestHashKind kind; const char *program, *option; } tools[] = {
    { INGEST_HASH_XXH64, "xxhsum", "-H1" },
    { INGEST_HASH_XXH128, "xxhsum", "-H2" },
    { INGEST_HASH_XXH3, "xxhsum", "-H3" },
    { INGEST_HASH_MD5, "md5sum", NULL },
    { INGEST_HASH_SHA1, "sha1sum", NULL },
    { INGEST_HASH_SHA256, "sha256sum", NULL },
  };
  g_autofree char *sha512 = ingest_test_tool_hash ("sha512sum", NULL, path);
  g_autofree char *c4 = c4_from_sha512_hex (sha512);
  g_autofree char *xxh32_hex = ingest_test_tool_hash ("xxhsum", "-H0", path);

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *expected = ingest_test_tool_hash (tools[i].program, tools[i].option, path);
      g_assert_cmpstr (job->digests[tools[i].kind], ==, expected);
    }
  g_assert_cmpstr (job->digests[INGEST_HASH_C4], ==, c4);
  /* xxhsum prints XXH32 in hex; legacy MHL (and we) write it in decimal. */
  g_assert_cmpuint (g_ascii_strtoull (job->digests[INGEST_HASH_XXH32], NULL, 10), ==,
                    g_ascii_strtoull (xxh32_hex, NULL, 16));
}

static void
test_files (void)
{
  const gsize sizes[] = { 0, 1, 4095, 65537, READ_SIZE - 1, READ_SIZE, READ_SIZE + 1,
                          3 * READ_SIZE + 12345, 5 * 1000 * 1000 };
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_hash_job_free);
  guint64 total = 0, bytes_done = 0;
  g_autoptr(GError) error = NULL;

  if (!ingest_test_require_programs ("xxhash coreutils", "xxhsum", "sha512sum", NULL))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("file-%" G_GSIZE_FORMAT ".bin", sizes[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      ingest_test_write_random_file (path, sizes[i], 1000 + i);
      g_ptr_array_add (jobs, ingest_hash_job_new (path, INGEST_HASH_SET_ALL));
      total += sizes[i];
    }

  /* The pool (full-size buffers) ... */
  g_assert_true (ingest_hash_jobs_run (jobs, 2, NULL, &bytes_done, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bytes_done, ==, total);

  for (guint i = 0; i < jobs->len; i++)
    {
      IngestHashJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(IngestHashJob) single = ingest_hash_job_new (job->path, INGEST_HASH_SET_ALL);
      GStatBuf st;

      g_assert_no_error (job->error);
      g_assert_cmpuint (job->size, ==, sizes[i]);
      g_assert_cmpint (g_stat (job->path, &st), ==, 0);
      g_assert_cmpint (job->mtime, ==, st.st_mtim.tv_sec);
      g_assert_cmpint (job->mtime_nsec, ==, st.st_mtim.tv_nsec);
      check_against_tools (job->path, job);

      /* ... and one job alone (a buffer sized to the file) agree. */
      g_assert_true (ingest_hash_job_run (single, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
        g_assert_cmpstr (single->digests[k], ==, job->digests[k]);
    }

  ingest_test_rm_rf (dir);
}

typedef struct {
  GByteArray *seen;
  guint       n_calls;
  int         action;   /* what to do to the file after the first chunk */
  const char *path;
  GCancellable *cancellable;
  guint64     size;
} ChunkCheck;

enum { ACTION_NONE, ACTION_TRUNCATE, ACTION_APPEND, ACTION_REWRITE, ACTION_CANCEL, ACTION_FAIL };

static gboolean
chunk_cb (const guint8  *data,
          gsize          len,
          guint64        offset,
          gpointer       user_data,
          GError       **error)
{
  ChunkCheck *check = user_data;

  g_assert_cmpuint (offset, ==, check->seen->len);
  g_assert_cmpuint (len, >, 0);
  g_assert_cmpuint (len, <=, READ_SIZE);
  if (check->action == ACTION_NONE && offset + len < check->size)
    g_assert_cmpuint (len, ==, READ_SIZE);  /* only the last chunk is short */
  g_byte_array_append (check->seen, data, len);

  if (check->n_calls++ == 0)
    {
      switch (check->action)
        {
        case ACTION_TRUNCATE:
          g_assert_cmpint (truncate (check->path, READ_SIZE + 100), ==, 0);
          break;
        case ACTION_APPEND:
          {
            int fd = open (check->path, O_WRONLY | O_APPEND);
            g_assert_cmpint (fd, >=, 0);
            g_assert_cmpint (write (fd, "more", 4), ==, 4);
            close (fd);
          }
          break;
        case ACTION_REWRITE:
          {
            /* Same size, new bytes and a new mtime: a file replaced in place. */
            struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000000000, 0 } };
            int fd = open (check->path, O_WRONLY);
            g_assert_cmpint (fd, >=, 0);
            g_assert_cmpint (pwrite (fd, "XXXX", 4, 2 * READ_SIZE), ==, 4);
            g_assert_cmpint (futimens (fd, times), ==, 0);
            close (fd);
          }
          break;
        case ACTION_CANCEL:
          g_cancellable_cancel (check->cancellable);
          break;
        case ACTION_FAIL:
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "upload went away");
          return FALSE;
        default:
          break;
        }
    }

  return TRUE;
}

static void
test_chunks (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  g_autofree char *path = g_build_filename (dir, "clip.mov", NULL);
  g_autoptr(IngestHashJob) job = ingest_hash_job_new (path, INGEST_HASH_BIT (INGEST_HASH_MD5));
  ChunkCheck check = { g_byte_array_new (), 0, ACTION_NONE, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *md5 = NULL;
  guint64 bytes_done = 7;
  gsize len;

  check.size = 2 * READ_SIZE + 777;
  ingest_test_write_random_file (path, check.size, 5);
  g_assert_true (ingest_hash_job_run (job, chunk_cb, &check, NULL, &bytes_done, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (check.seen->data, check.seen->len, contents, len);
  g_assert_cmpuint (check.n_calls, ==, 3);
  g_assert_cmpuint (bytes_done, ==, 7 + len);
  md5 = ingest_hash_bytes (INGEST_HASH_MD5, contents, len);
  g_assert_cmpstr (job->digests[INGEST_HASH_MD5], ==, md5);
  g_assert_null (job->digests[INGEST_HASH_XXH64]);

  g_byte_array_unref (check.seen);
  ingest_test_rm_rf (dir);
}

static void
assert_job_fails (IngestHashJob  *job,
                  ChunkCheck     *check,
                  GCancellable   *cancellable,
                  GQuark          domain,
                  int             code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ingest_hash_job_run (job, check ? chunk_cb : NULL, check, cancellable, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_error (job->error, domain, code);
  for (guint k = 0; k < INGEST_HASH_N_KINDS; k++)
    g_assert_null (job->digests[k]);
  g_test_message ("%s", error->message);
}

static void
test_file_changes (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  g_autofree char *path = g_build_filename (dir, "clip.mov", NULL);
  g_autofree char *display = NULL;
  int actions[] = { ACTION_TRUNCATE, ACTION_APPEND, ACTION_REWRITE, ACTION_FAIL };
  int codes[] = { G_IO_ERROR_FAILED, G_IO_ERROR_FAILED, G_IO_ERROR_FAILED, G_IO_ERROR_BROKEN_PIPE };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(IngestHashJob) job = ingest_hash_job_new (path, INGEST_HASH_SET_ALL);
      ChunkCheck check = { g_byte_array_new (), 0, actions[i], path, NULL };

      ingest_test_write_random_file (path, 3 * READ_SIZE, 6);
      assert_job_fails (job, &check, NULL, G_IO_ERROR, codes[i]);
      if (codes[i] == G_IO_ERROR_FAILED)
        g_assert_nonnull (strstr (job->error->message, "clip.mov"));
      g_byte_array_unref (check.seen);
    }

  ingest_test_rm_rf (dir);
}

static void
test_not_readable (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.mov", NULL);
  g_autoptr(IngestHashJob) fifo_job = ingest_hash_job_new (fifo, INGEST_HASH_SET_ALL);
  g_autoptr(IngestHashJob) dir_job = ingest_hash_job_new (dir, INGEST_HASH_SET_ALL);
  g_autoptr(IngestHashJob) missing_job = ingest_hash_job_new (missing, INGEST_HASH_SET_ALL);

  /* A FIFO without a writer must neither block nor give a digest. */
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  assert_job_fails (fifo_job, NULL, NULL, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (fifo_job->error->message, fifo));
  assert_job_fails (dir_job, NULL, NULL, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  assert_job_fails (missing_job, NULL, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (missing_job->error->message, missing));

  ingest_test_rm_rf (dir);
}

static void
test_cancel (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  g_autofree char *path = g_build_filename (dir, "clip.mov", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IngestHashJob) job = ingest_hash_job_new (path, INGEST_HASH_SET_ALL);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_hash_job_free);
  ChunkCheck check = { g_byte_array_new (), 0, ACTION_CANCEL, path, cancellable };
  g_autoptr(GError) error = NULL;
  guint files_done = 0;

  /* Cancelled during the pass: stops at the next chunk. */
  ingest_test_write_random_file (path, 3 * READ_SIZE, 8);
  assert_job_fails (job, &check, cancellable, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (check.n_calls, ==, 1);
  g_byte_array_unref (check.seen);

  /* Cancelled before: no job runs, every job says so, and no digests. */
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (jobs, ingest_hash_job_new (path, INGEST_HASH_BIT (INGEST_HASH_XXH64)));
  g_assert_false (ingest_hash_jobs_run (jobs, 2, cancellable, NULL, &files_done, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (files_done, ==, 0);  /* cancelled jobs are not done */
  for (guint i = 0; i < jobs->len; i++)
    {
      IngestHashJob *j = g_ptr_array_index (jobs, i);

      g_assert_error (j->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (j->digests[INGEST_HASH_XXH64]);
    }

  ingest_test_rm_rf (dir);
}

static void
test_jobs_run (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_hash_job_free);
  IngestHashSet kinds = INGEST_HASH_BIT (INGEST_HASH_XXH64) | INGEST_HASH_BIT (INGEST_HASH_MD5);
  g_autoptr(GError) error = NULL;
  guint64 total = 0, bytes_done = 0;
  const guint n_files = 24, bad = 13;

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("A001C%03u.mov", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gsize size = (i * 7919) % 300000 + (i % 4 == 0 ? READ_SIZE : 0);

      if (i == bad)
        g_assert_cmpint (g_mkdir (path, 0755), ==, 0);  /* not a file */
      else
        {
          ingest_test_write_random_file (path, size, i + 1);
          total += size;
        }
      g_ptr_array_add (jobs, ingest_hash_job_new (path, kinds));
      ((IngestHashJob *) g_ptr_array_index (jobs, i))->user_data = GUINT_TO_POINTER (i + 1);
    }

  for (guint n_threads = 0; n_threads <= 3; n_threads++)
    {
      guint files_done = 0;

      bytes_done = 0;
      g_assert_true (ingest_hash_jobs_run (jobs, n_threads, NULL, &bytes_done, &files_done, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bytes_done, ==, total);
      g_assert_cmpuint (files_done, ==, n_files);  /* the folder too: its error is its outcome */

      for (guint i = 0; i < n_files; i++)
        {
          IngestHashJob *job = g_ptr_array_index (jobs, i);
          g_autofree char *md5 = NULL;

          g_assert_cmpuint (GPOINTER_TO_UINT (job->user_data), ==, i + 1);
          if (i == bad)
            {
              g_assert_error (job->error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
              g_assert_null (job->digests[INGEST_HASH_XXH64]);
              g_assert_null (job->digests[INGEST_HASH_MD5]);
              continue;
            }
          g_assert_no_error (job->error);
          md5 = ingest_test_tool_hash ("md5sum", NULL, job->path);
          g_assert_cmpstr (job->digests[INGEST_HASH_MD5], ==, md5);
          g_assert_nonnull (job->digests[INGEST_HASH_XXH64]);
          g_assert_null (job->digests[INGEST_HASH_SHA1]);
        }
    }

  ingest_test_rm_rf (dir);
}

typedef struct {
  GPtrArray *jobs;
  guint64    bytes_done;
  guint      files_done;
  gboolean   finished;
} ProgressRun;

static gpointer
progress_thread (gpointer data)
{
  ProgressRun *run = data;

  g_assert_true (ingest_hash_jobs_run (run->jobs, 1, NULL, &run->bytes_done, &run->files_done, NULL));
  g_atomic_int_set (&run->finished, TRUE);
  return NULL;
}

/* files_done moves while the pool runs and only counts files whose bytes are
 * all read: with one worker the jobs end in order, so k files done means at
 * least the first k sizes were read. */
static void
test_jobs_progress (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  ProgressRun run = { g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_hash_job_free), 0, 0, FALSE };
  const guint n_files = 16;
  const gsize size = 2 * READ_SIZE + 17;
  GThread *thread;
  guint last = 0, n_between = 0;

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("clip-%02u.mov", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      ingest_test_write_random_file (path, size, 300 + i);
      /* sha1 and c4 (SHA-512) make each file take a while */
      g_ptr_array_add (run.jobs, ingest_hash_job_new (path, INGEST_HASH_SET_ALL));
    }

  thread = g_thread_new ("progress", progress_thread, &run);
  while (!g_atomic_int_get (&run.finished))
    {
      guint files = g_atomic_int_get (&run.files_done);
      guint64 bytes = __atomic_load_n (&run.bytes_done, __ATOMIC_RELAXED);

      g_assert_cmpuint (files, >=, last);
      g_assert_cmpuint (bytes, >=, (guint64) files * size);
      if (files > 0 && files < n_files && files != last)
        n_between++;
      last = files;
      g_usleep (200);
    }
  g_thread_join (thread);

  g_assert_cmpuint (run.files_done, ==, n_files);
  g_assert_cmpuint (run.bytes_done, ==, (guint64) n_files * size);
  g_assert_cmpuint (n_between, >, 0);
  g_ptr_array_unref (run.jobs);
  ingest_test_rm_rf (dir);
}

/* The CLI verb agrees with xxhsum and md5sum, keeps the order, and fails on a missing file. */
static void
test_ingestctl (void)
{
  const char *ingestctl = g_getenv ("INGESTCTL");
  g_autofree char *dir = ingest_test_make_tmpdir ("ingest-hash");
  g_autofree char *a = g_build_filename (dir, "a.mov", NULL);
  g_autofree char *b = g_build_filename (dir, "b.mov", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.mov", NULL);
  g_autofree char *xxh_a = NULL, *xxh_b = NULL, *md5_a = NULL, *md5_b = NULL;
  g_autofree char *expected = NULL, *out = NULL, *bad_out = NULL;
  int status;

  if (!ingest_test_require_programs ("xxhash", "xxhsum", NULL))
    return;
  g_assert_nonnull (ingestctl);   /* set by meson test */

  ingest_test_write_random_file (a, 3 * READ_SIZE + 5, 21);
  ingest_test_write_random_file (b, 1000, 22);
  xxh_a = ingest_test_tool_hash ("xxhsum", "-H1", a);
  xxh_b = ingest_test_tool_hash ("xxhsum", "-H1", b);
  md5_a = ingest_test_tool_hash ("md5sum", NULL, a);
  md5_b = ingest_test_tool_hash ("md5sum", NULL, b);

  {
    const char *argv[] = { ingestctl, "hash", "-h", "xxh64", "-h", "md5", b, missing, a, NULL };

    out = ingest_test_run_capture (argv, &status);
  }
  expected = g_strdup_printf ("md5 (%s) = %s\nxxh64 (%s) = %s\nmd5 (%s) = %s\nxxh64 (%s) = %s\n",
                              b, md5_b, b, xxh_b, a, md5_a, a, xxh_a);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpint (status, ==, 1);

  {
    const char *argv[] = { ingestctl, "hash", "-h", "xxh65", a, NULL };

    bad_out = ingest_test_run_capture (argv, &status);
  }
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (bad_out, ==, "");

  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ingest/hash/kinds", test_kinds);
  g_test_add_func ("/ingest/hash/mhl-vectors", test_mhl_vectors);
  g_test_add_func ("/ingest/hash/other-vectors", test_other_vectors);
  g_test_add_func ("/ingest/hash/crc32c", test_crc32c);
  g_test_add_func ("/ingest/hash/upstream-list-vector", test_upstream_list_vector);
  g_test_add_func ("/ingest/hash/hash-of-list", test_hash_of_list);
  g_test_add_func ("/ingest/hash/hash-of-list-errors", test_hash_of_list_errors);
  g_test_add_func ("/ingest/hash/directory-vectors", test_directory_vectors);
  g_test_add_func ("/ingest/hash/c4", test_c4);
  g_test_add_func ("/ingest/hash/decode", test_decode);
  g_test_add_func ("/ingest/hash/files", test_files);
  g_test_add_func ("/ingest/hash/chunks", test_chunks);
  g_test_add_func ("/ingest/hash/file-changes", test_file_changes);
  g_test_add_func ("/ingest/hash/not-readable", test_not_readable);
  g_test_add_func ("/ingest/hash/cancel", test_cancel);
  g_test_add_func ("/ingest/hash/jobs-run", test_jobs_run);
  g_test_add_func ("/ingest/hash/jobs-progress", test_jobs_progress);
  g_test_add_func ("/ingest/hash/ingestctl", test_ingestctl);

  return g_test_run ();
}
