/* ingest-hash-kind.c
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

#define G_LOG_DOMAIN "ingest-hash-kind"

#include "config.h"

#include <string.h>

#include "ingest-hash-kind.h"
#include "ingest-hasher.h"

typedef struct {
  const char *name;
  gsize       digest_size;
  gboolean    is_mhl;
} KindInfo;

static const KindInfo kinds[INGEST_HASH_N_KINDS] = {
#define INGEST_HASH_KIND(ID, name, size, is_mhl) [INGEST_HASH_##ID] = { name, size, is_mhl },
#include "ingest-hash-kinds.defs"
#undef INGEST_HASH_KIND
};

/* C4 (SMPTE ST 2114): the SHA-512 digest as a 512-bit big-endian number in
 * base 58, most significant digit first, left-padded with '1' (zero) to 88
 * digits, after the prefix "c4". The alphabet is in ASCII order, so strcmp()
 * on two IDs orders them numerically. */
#define C4_PREFIX_LEN 2
#define C4_DIGITS     88

static const char c4_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

G_DEFINE_QUARK (ingest-hash-error-quark, ingest_hash_error)

/* A GEnum for properties; its nicks are the kind names. Registered by hand,
 * not by ingest-enums (glib-mkenums): the enum is expanded from
 * ingest-hash-kinds.defs, which glib-mkenums cannot read. */
GType
ingest_hash_kind_get_type (void)
{
  static const GEnumValue values[] = {
#define INGEST_HASH_KIND(ID, name, size, is_mhl) { INGEST_HASH_##ID, "INGEST_HASH_" #ID, name },
#include "ingest-hash-kinds.defs"
#undef INGEST_HASH_KIND
    { 0, NULL, NULL }
  };
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("IngestHashKind"), values));

  return type_id;
}

/* The number is kept as 16 big-endian 32-bit limbs and divided or multiplied
 * by 58^5 (< 2^32) at a time: five digits per pass over the limbs. */
#define C4_LIMBS      16
#define C4_GROUP      5
#define C4_GROUP_BASE 656356768u   /* 58^5 */

/* Digit value of each byte, -1 outside the alphabet. */
static const gint8 *
c4_digit_values (void)
{
  static gint8 values[256];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      memset (values, -1, sizeof values);
      for (guint i = 0; i < 58; i++)
        values[(guint8) c4_alphabet[i]] = i;
      g_once_init_leave (&initialized, 1);
    }

  return values;
}

static char *
c4_encode (const guint8 *digest)
{
  guint32 n[C4_LIMBS];
  /* 18 groups of 5 = 90 digits; 58^88 > 2^512, so the first two are always zero. */
  char digits[18 * C4_GROUP];
  char *text = g_malloc (C4_PREFIX_LEN + C4_DIGITS + 1);
  guint first = 0;

  for (guint i = 0; i < C4_LIMBS; i++)
    {
      guint32 be;

      memcpy (&be, digest + 4 * i, 4);
      n[i] = GUINT32_FROM_BE (be);
    }

  /* Long division by 58^5 from the most significant limb; the remainder is
   * the next five digits, least significant group first. */
  for (int group = G_N_ELEMENTS (digits) / C4_GROUP - 1; group >= 0; group--)
    {
      guint64 rem = 0;

      while (first < C4_LIMBS && n[first] == 0)
        first++;
      for (guint i = first; i < C4_LIMBS; i++)
        {
          guint64 acc = rem << 32 | n[i];

          n[i] = acc / C4_GROUP_BASE;
          rem = acc % C4_GROUP_BASE;
        }
      for (int d = C4_GROUP - 1; d >= 0; d--)
        {
          digits[group * C4_GROUP + d] = c4_alphabet[rem % 58];
          rem /= 58;
        }
    }
  g_assert (digits[0] == '1' && digits[1] == '1');

  text[0] = 'c';
  text[1] = '4';
  memcpy (text + C4_PREFIX_LEN, digits + 2, C4_DIGITS);
  text[C4_PREFIX_LEN + C4_DIGITS] = '\0';
  return text;
}

static gboolean
c4_decode (const char  *text,
           guint8      *digest_out,
           GError     **error)
{
  const gint8 *values = c4_digit_values ();
  guint32 n[C4_LIMBS] = { 0 };
  const char *p;

  if (strlen (text) != C4_PREFIX_LEN + C4_DIGITS || text[0] != 'c' || text[1] != '4')
    {
      g_set_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT,
                   "“%s” is not a C4 ID: it must be “c4” followed by %d base58 digits",
                   text, C4_DIGITS);
      return FALSE;
    }

  /* N = N * 58^k + (next k digits): a first group of 88 % 5 = 3 digits, then groups of 5. */
  p = text + C4_PREFIX_LEN;
  while (*p != '\0')
    {
      guint k = (p == text + C4_PREFIX_LEN) ? C4_DIGITS % C4_GROUP : C4_GROUP;
      guint64 mul = 1, carry = 0;

      for (guint d = 0; d < k; d++, p++)
        {
          int value = values[(guint8) *p];

          if (value < 0)
            {
              g_set_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT,
                           "“%s” is not a C4 ID: “%c” is not a base58 digit", text, *p);
              return FALSE;
            }
          carry = carry * 58 + value;
          mul *= 58;
        }

      for (int i = C4_LIMBS - 1; i >= 0; i--)
        {
          guint64 acc = n[i] * mul + carry;

          n[i] = (guint32) acc;
          carry = acc >> 32;
        }
      if (carry != 0)
        {
          g_set_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT,
                       "“%s” is not a C4 ID: its value does not fit in 512 bits", text);
          return FALSE;
        }
    }

  for (guint i = 0; i < C4_LIMBS; i++)
    {
      guint32 be = GUINT32_TO_BE (n[i]);

      memcpy (digest_out + 4 * i, &be, 4);
    }
  return TRUE;
}

static int
hex_digit_value (char ch)
{
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  if (ch >= 'a' && ch <= 'f')
    return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F')
    return ch - 'A' + 10;
  return -1;
}

static gboolean
hex_decode (IngestHashKind   kind,
            const char      *text,
            guint8          *digest_out,
            GError         **error)
{
  gsize size = kinds[kind].digest_size;
  guint8 buf[INGEST_HASH_MAX_DIGEST_SIZE];

  if (strlen (text) != size * 2)
    {
      g_set_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT,
                   "“%s” is not a %s hash: it must be %" G_GSIZE_FORMAT " hexadecimal digits",
                   text, kinds[kind].name, size * 2);
      return FALSE;
    }

  for (gsize i = 0; i < size; i++)
    {
      int hi = hex_digit_value (text[2 * i]);
      int lo = hex_digit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_set_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT,
                       "“%s” is not a %s hash: “%c” is not a hexadecimal digit",
                       text, kinds[kind].name, hi < 0 ? text[2 * i] : text[2 * i + 1]);
          return FALSE;
        }
      buf[i] = (guint8) (hi << 4 | lo);
    }

  memcpy (digest_out, buf, size);
  return TRUE;
}

/* Legacy MHL 1.x <xxhash>: XXH32 as a decimal number of up to 10 digits. */
static gboolean
decimal32_decode (const char  *text,
                  guint8      *digest_out,
                  GError     **error)
{
  gsize len = strlen (text);
  guint64 value = 0;

  if (len == 0 || len > 10)
    goto invalid;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        goto invalid;
      value = value * 10 + (guint64) (text[i] - '0');
    }
  if (value > G_MAXUINT32)
    goto invalid;

  digest_out[0] = value >> 24;
  digest_out[1] = value >> 16;
  digest_out[2] = value >> 8;
  digest_out[3] = value;
  return TRUE;

invalid:
  g_set_error (error, INGEST_HASH_ERROR, INGEST_HASH_ERROR_INVALID_TEXT,
               "“%s” is not an xxh32 hash: it must be a decimal number below 2³²", text);
  return FALSE;
}

/**
 * ingest_hash_kind_get_name:
 * @kind: a hash kind
 *
 * Returns: (transfer none): the ASC MHL element name, e.g. "xxh64" or "c4"
 */
const char *
ingest_hash_kind_get_name (IngestHashKind kind)
{
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);

  return kinds[kind].name;
}

/**
 * ingest_hash_kind_from_name:
 * @name: a name as ingest_hash_kind_get_name() gives it
 * @kind: (out) (optional): the kind
 *
 * Returns: %TRUE if @name is a kind we know (exact, case-sensitive match)
 */
gboolean
ingest_hash_kind_from_name (const char     *name,
                            IngestHashKind *kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < INGEST_HASH_N_KINDS; i++)
    {
      if (strcmp (name, kinds[i].name) == 0)
        {
          if (kind != NULL)
            *kind = (IngestHashKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ingest_hash_kind_is_mhl:
 * @kind: a hash kind
 *
 * Returns: %TRUE if @kind may appear as a hash element in an ASC MHL v2 manifest
 */
gboolean
ingest_hash_kind_is_mhl (IngestHashKind kind)
{
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, FALSE);

  return kinds[kind].is_mhl;
}

/**
 * ingest_hash_kind_get_digest_size:
 * @kind: a hash kind
 *
 * Returns: the size in bytes of the raw digest (64 for c4)
 */
gsize
ingest_hash_kind_get_digest_size (IngestHashKind kind)
{
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, 0);

  return kinds[kind].digest_size;
}

/**
 * ingest_hash_encode:
 * @kind: a hash kind
 * @digest: (array): the raw digest, ingest_hash_kind_get_digest_size() bytes;
 *   xxHash values in canonical (big-endian) byte order
 *
 * Gives the canonical text of a digest: lowercase hex for all kinds except
 * c4 (base58, 90 characters) and xxh32 (decimal, as legacy MHL writes it).
 *
 * Returns: (transfer full): the text
 */
char *
ingest_hash_encode (IngestHashKind  kind,
                    const guint8   *digest)
{
  static const char hex[] = "0123456789abcdef";
  gsize size;
  char *text;

  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);
  g_return_val_if_fail (digest != NULL, NULL);

  if (kind == INGEST_HASH_C4)
    return c4_encode (digest);
  if (kind == INGEST_HASH_XXH32)
    return g_strdup_printf ("%" G_GUINT32_FORMAT,
                            (guint32) digest[0] << 24 | (guint32) digest[1] << 16 |
                            (guint32) digest[2] << 8 | digest[3]);

  size = kinds[kind].digest_size;
  text = g_malloc (size * 2 + 1);
  for (gsize i = 0; i < size; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[size * 2] = '\0';
  return text;
}

/**
 * ingest_hash_decode:
 * @kind: a hash kind
 * @text: a hash text of that kind
 * @digest_out: (out caller-allocates) (array): ingest_hash_kind_get_digest_size() bytes
 * @error: return location for an %INGEST_HASH_ERROR
 *
 * The inverse of ingest_hash_encode(). Strict about length and alphabet;
 * hex digits may be upper or lower case (the bytes are the same; whether a
 * case difference matters is the caller's policy). @digest_out is untouched
 * on failure.
 *
 * Returns: %TRUE on success
 */
gboolean
ingest_hash_decode (IngestHashKind   kind,
                    const char      *text,
                    guint8          *digest_out,
                    GError         **error)
{
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (digest_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kind == INGEST_HASH_C4)
    return c4_decode (text, digest_out, error);
  if (kind == INGEST_HASH_XXH32)
    return decimal32_decode (text, digest_out, error);
  return hex_decode (kind, text, digest_out, error);
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  /* strcmp() compares as unsigned char: a byte-wise sort, as ASC MHL wants. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * ingest_hash_of_list:
 * @kind: the hash kind of every text and of the result
 * @texts: (element-type utf8): hash texts of @kind; not modified
 * @error: return location for an %INGEST_HASH_ERROR
 *
 * The ASC MHL hash of a list of hashes (directory content and structure
 * hashes): the texts sorted byte-wise (duplicates kept), each decoded to its
 * raw digest, and the digests hashed in that order. For c4 this is SHA-512
 * over the concatenated 64-byte digests, not the ST 2114 "ID of IDs".
 * An empty list gives the hash of no bytes.
 *
 * Returns: (transfer full): the text of the result, or %NULL if a text does
 *   not decode
 */
char *
ingest_hash_of_list (IngestHashKind   kind,
                     GPtrArray       *texts,
                     GError         **error)
{
  g_autoptr(IngestHasher) hasher = NULL;
  g_autofree const char **sorted = NULL;
  guint8 digest[INGEST_HASH_MAX_DIGEST_SIZE];
  gsize size;

  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);
  g_return_val_if_fail (texts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = kinds[kind].digest_size;
  sorted = g_new (const char *, texts->len + 1);
  if (texts->len > 0)
    {
      memcpy (sorted, texts->pdata, sizeof (gpointer) * texts->len);
      qsort (sorted, texts->len, sizeof (gpointer), compare_texts);
    }

  hasher = ingest_hasher_new (INGEST_HASH_BIT (kind));
  for (guint i = 0; i < texts->len; i++)
    {
      if (!ingest_hash_decode (kind, sorted[i], digest, error))
        return NULL;
      ingest_hasher_update (hasher, digest, size);
    }
  ingest_hasher_finish (hasher);

  return ingest_hasher_dup_text (hasher, kind);
}

/**
 * ingest_hash_bytes:
 * @kind: a hash kind
 * @data: (array length=len): bytes
 * @len: how many
 *
 * One-shot hash of a buffer.
 *
 * Returns: (transfer full): the canonical text
 */
char *
ingest_hash_bytes (IngestHashKind  kind,
                   const void     *data,
                   gsize           len)
{
  g_autoptr(IngestHasher) hasher = NULL;

  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  hasher = ingest_hasher_new (INGEST_HASH_BIT (kind));
  ingest_hasher_update (hasher, data, len);
  ingest_hasher_finish (hasher);

  return ingest_hasher_dup_text (hasher, kind);
}
