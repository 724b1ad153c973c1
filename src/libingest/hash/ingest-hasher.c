/* ingest-hasher.c
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

#define G_LOG_DOMAIN "ingest-hasher"

#include "config.h"

#include <string.h>

#include <openssl/evp.h>

/* Inline xxHash here only: the hot loops get compiled with our flags and
 * nothing else in the core needs the library's symbols. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#if defined(__x86_64__) || defined(__i386__)
# include <nmmintrin.h>
# define HAVE_X86_CRC32 1
#else
# define HAVE_X86_CRC32 0
#endif

#include "ingest-hasher-private.h"

/* The OpenSSL digests we use; the others are computed by xxHash or by hand. */
typedef enum {
  EVP_KIND_MD5,
  EVP_KIND_SHA1,
  EVP_KIND_SHA512,
  EVP_KIND_SHA256,
  N_EVP_KINDS
} EvpKind;

/* With several digests, each reads the data from cache rather than memory. */
#define UPDATE_SLICE_SIZE (128 * 1024)

struct _IngestHasher {
  IngestHashSet   kinds;
  gboolean        finished;
  XXH32_state_t  *xxh32;
  XXH64_state_t  *xxh64;
  XXH3_state_t   *xxh3;
  XXH3_state_t   *xxh128;
  EVP_MD_CTX     *evp[N_EVP_KINDS];
  guint32         crc32c;
  guint8          digests[INGEST_HASH_N_KINDS][INGEST_HASH_MAX_DIGEST_SIZE];
};

static const struct {
  IngestHashKind  kind;
  const char     *algorithm;
} evp_kinds[N_EVP_KINDS] = {
  [EVP_KIND_MD5]    = { INGEST_HASH_MD5,    "MD5" },
  [EVP_KIND_SHA1]   = { INGEST_HASH_SHA1,   "SHA1" },
  [EVP_KIND_SHA512] = { INGEST_HASH_C4,     "SHA512" },
  [EVP_KIND_SHA256] = { INGEST_HASH_SHA256, "SHA256" },
};

/* Fetched once: an explicit fetch avoids OpenSSL 3's per-init implicit
 * lookup, which costs more than hashing a small file. */
static EVP_MD *
get_evp_md (EvpKind kind)
{
  static EVP_MD *mds[N_EVP_KINDS];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < N_EVP_KINDS; i++)
        {
          mds[i] = EVP_MD_fetch (NULL, evp_kinds[i].algorithm, NULL);
          if (mds[i] == NULL)
            g_error ("OpenSSL has no %s digest", evp_kinds[i].algorithm);
        }
      g_once_init_leave (&initialized, 1);
    }

  return mds[kind];
}

/*
 * CRC32C (Castagnoli, reflected polynomial 0x82f63b78), as S3 and iSCSI use
 * it: the SSE4.2 instruction when the CPU has it, slicing-by-8 otherwise.
 * The running value is kept pre-inverted (~crc) between updates.
 */
#define CRC32C_POLY 0x82f63b78u

static guint32 crc32c_table[8][256];

static void
crc32c_init_table (void)
{
  static gsize initialized;

  if (!g_once_init_enter (&initialized))
    return;

  for (guint i = 0; i < 256; i++)
    {
      guint32 crc = i;

      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (CRC32C_POLY & (0u - (crc & 1)));
      crc32c_table[0][i] = crc;
    }
  for (guint i = 0; i < 256; i++)
    for (guint t = 1; t < 8; t++)
      crc32c_table[t][i] = (crc32c_table[t - 1][i] >> 8) ^ crc32c_table[0][crc32c_table[t - 1][i] & 0xff];

  g_once_init_leave (&initialized, 1);
}

static guint32
crc32c_update_soft (guint32       crc,
                    const guint8 *p,
                    gsize         len)
{
  while (len > 0 && ((guintptr) p & 7) != 0)
    {
      crc = (crc >> 8) ^ crc32c_table[0][(crc ^ *p++) & 0xff];
      len--;
    }
  while (len >= 8)
    {
      guint32 lo, hi;

      memcpy (&lo, p, 4);
      memcpy (&hi, p + 4, 4);
      lo = GUINT32_FROM_LE (lo) ^ crc;
      hi = GUINT32_FROM_LE (hi);
      crc = crc32c_table[7][lo & 0xff] ^ crc32c_table[6][(lo >> 8) & 0xff] ^
            crc32c_table[5][(lo >> 16) & 0xff] ^ crc32c_table[4][lo >> 24] ^
            crc32c_table[3][hi & 0xff] ^ crc32c_table[2][(hi >> 8) & 0xff] ^
            crc32c_table[1][(hi >> 16) & 0xff] ^ crc32c_table[0][hi >> 24];
      p += 8;
      len -= 8;
    }
  while (len-- > 0)
    crc = (crc >> 8) ^ crc32c_table[0][(crc ^ *p++) & 0xff];
  return crc;
}

#if HAVE_X86_CRC32
__attribute__((target ("sse4.2")))
static guint32
crc32c_update_sse42 (guint32       crc,
                     const guint8 *p,
                     gsize         len)
{
  while (len > 0 && ((guintptr) p & 7) != 0)
    {
      crc = _mm_crc32_u8 (crc, *p++);
      len--;
    }
# if defined(__x86_64__)
  {
    guint64 crc64 = crc;

    while (len >= 8)
      {
        guint64 word;

        memcpy (&word, p, 8);
        crc64 = _mm_crc32_u64 (crc64, word);
        p += 8;
        len -= 8;
      }
    crc = (guint32) crc64;
  }
# endif
  while (len >= 4)
    {
      guint32 word;

      memcpy (&word, p, 4);
      crc = _mm_crc32_u32 (crc, word);
      p += 4;
      len -= 4;
    }
  while (len-- > 0)
    crc = _mm_crc32_u8 (crc, *p++);
  return crc;
}
#endif

typedef guint32 (*Crc32cFunc) (guint32 crc, const guint8 *p, gsize len);

static Crc32cFunc
get_crc32c_func (void)
{
  static Crc32cFunc func;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
#if HAVE_X86_CRC32
      __builtin_cpu_init ();
      if (__builtin_cpu_supports ("sse4.2"))
        func = crc32c_update_sse42;
      else
#endif
        {
          crc32c_init_table ();
          func = crc32c_update_soft;
        }
      g_once_init_leave (&initialized, 1);
    }

  return func;
}

/* One-shot CRC32C for the tests, which check both implementations. */
guint32
_ingest_crc32c (const void *data,
                gsize       len,
                gboolean    allow_hw)
{
  if (allow_hw)
    return ~get_crc32c_func () (0xffffffffu, data, len);

  crc32c_init_table ();
  return ~crc32c_update_soft (0xffffffffu, data, len);
}

static void
put_be32 (guint8  *out,
          guint32  v)
{
  out[0] = v >> 24;
  out[1] = v >> 16;
  out[2] = v >> 8;
  out[3] = v;
}

/**
 * ingest_hasher_new:
 * @kinds: the digests to compute
 *
 * A streaming hasher that computes every kind in @kinds from one pass over
 * the data. Feed it with ingest_hasher_update(), then ingest_hasher_finish().
 * Not thread-safe: use one per thread.
 *
 * Returns: (transfer full): a new hasher
 */
IngestHasher *
ingest_hasher_new (IngestHashSet kinds)
{
  IngestHasher *self;

  g_return_val_if_fail ((kinds & ~INGEST_HASH_SET_ALL) == 0, NULL);

  self = g_new0 (IngestHasher, 1);
  self->kinds = kinds;

  if (kinds & INGEST_HASH_BIT (INGEST_HASH_XXH32))
    {
      self->xxh32 = XXH32_createState ();
      XXH32_reset (self->xxh32, 0);
    }
  if (kinds & INGEST_HASH_BIT (INGEST_HASH_XXH64))
    {
      self->xxh64 = XXH64_createState ();
      XXH64_reset (self->xxh64, 0);
    }
  if (kinds & INGEST_HASH_BIT (INGEST_HASH_XXH3))
    {
      self->xxh3 = XXH3_createState ();
      XXH3_64bits_reset (self->xxh3);
    }
  if (kinds & INGEST_HASH_BIT (INGEST_HASH_XXH128))
    {
      self->xxh128 = XXH3_createState ();
      XXH3_128bits_reset (self->xxh128);
    }
  for (guint i = 0; i < N_EVP_KINDS; i++)
    {
      if (kinds & INGEST_HASH_BIT (evp_kinds[i].kind))
        {
          self->evp[i] = EVP_MD_CTX_new ();
          if (self->evp[i] == NULL || !EVP_DigestInit_ex2 (self->evp[i], get_evp_md (i), NULL))
            g_error ("Could not start an OpenSSL %s digest", evp_kinds[i].algorithm);
        }
    }
  if (kinds & INGEST_HASH_BIT (INGEST_HASH_CRC32C))
    self->crc32c = 0xffffffffu;

  return self;
}

/* Feeds one slice to every digest. */
static void
update_slice (IngestHasher *self,
              const guint8 *data,
              gsize         len)
{
  if (self->xxh32 != NULL)
    XXH32_update (self->xxh32, data, len);
  if (self->xxh64 != NULL)
    XXH64_update (self->xxh64, data, len);
  if (self->xxh3 != NULL)
    XXH3_64bits_update (self->xxh3, data, len);
  if (self->xxh128 != NULL)
    XXH3_128bits_update (self->xxh128, data, len);
  for (guint i = 0; i < N_EVP_KINDS; i++)
    {
      if (self->evp[i] != NULL && !EVP_DigestUpdate (self->evp[i], data, len))
        g_error ("OpenSSL %s update failed", evp_kinds[i].algorithm);
    }
  if (self->kinds & INGEST_HASH_BIT (INGEST_HASH_CRC32C))
    self->crc32c = get_crc32c_func () (self->crc32c, data, len);
}

/**
 * ingest_hasher_update:
 * @self: a hasher that is not finished
 * @data: (array length=len): the next bytes
 * @len: how many
 *
 * Feeds bytes to every digest of the hasher.
 */
void
ingest_hasher_update (IngestHasher *self,
                      const void   *data,
                      gsize         len)
{
  const guint8 *p = data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);
  g_return_if_fail (data != NULL || len == 0);

  /* Slices small enough to stay in the CPU cache while every digest reads them. */
  while (len > 0)
    {
      gsize n = MIN (len, UPDATE_SLICE_SIZE);

      update_slice (self, p, n);
      p += n;
      len -= n;
    }
}

/**
 * ingest_hasher_finish:
 * @self: a hasher that is not finished
 *
 * Completes every digest; after this, read them with
 * ingest_hasher_get_digest() or ingest_hasher_dup_text(). No more updates.
 */
void
ingest_hasher_finish (IngestHasher *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);

  /* xxHash digests are stored in canonical (big-endian) order, as xxhsum prints them. */
  if (self->xxh32 != NULL)
    XXH32_canonicalFromHash ((XXH32_canonical_t *) self->digests[INGEST_HASH_XXH32],
                             XXH32_digest (self->xxh32));
  if (self->xxh64 != NULL)
    XXH64_canonicalFromHash ((XXH64_canonical_t *) self->digests[INGEST_HASH_XXH64],
                             XXH64_digest (self->xxh64));
  if (self->xxh3 != NULL)
    XXH64_canonicalFromHash ((XXH64_canonical_t *) self->digests[INGEST_HASH_XXH3],
                             XXH3_64bits_digest (self->xxh3));
  if (self->xxh128 != NULL)
    XXH128_canonicalFromHash ((XXH128_canonical_t *) self->digests[INGEST_HASH_XXH128],
                              XXH3_128bits_digest (self->xxh128));
  for (guint i = 0; i < N_EVP_KINDS; i++)
    {
      if (self->evp[i] != NULL &&
          !EVP_DigestFinal_ex (self->evp[i], self->digests[evp_kinds[i].kind], NULL))
        g_error ("OpenSSL %s final failed", evp_kinds[i].algorithm);
    }
  if (self->kinds & INGEST_HASH_BIT (INGEST_HASH_CRC32C))
    put_be32 (self->digests[INGEST_HASH_CRC32C], ~self->crc32c);

  self->finished = TRUE;
}

/**
 * ingest_hasher_get_kinds:
 * @self: a hasher
 *
 * Returns: the kinds the hasher was made with
 */
IngestHashSet
ingest_hasher_get_kinds (IngestHasher *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->kinds;
}

/**
 * ingest_hasher_get_digest:
 * @self: a finished hasher
 * @kind: one of its kinds
 * @len: (out) (optional): the digest size
 *
 * Returns: (transfer none) (array length=len): the raw digest, xxHash values
 *   in canonical big-endian order, c4 as the 64-byte SHA-512
 */
const guint8 *
ingest_hasher_get_digest (IngestHasher   *self,
                          IngestHashKind  kind,
                          gsize          *len)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->finished, NULL);
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);
  g_return_val_if_fail (self->kinds & INGEST_HASH_BIT (kind), NULL);

  if (len != NULL)
    *len = ingest_hash_kind_get_digest_size (kind);
  return self->digests[kind];
}

/**
 * ingest_hasher_dup_text:
 * @self: a finished hasher
 * @kind: one of its kinds
 *
 * Returns: (transfer full): the canonical text (see ingest_hash_encode())
 */
char *
ingest_hasher_dup_text (IngestHasher   *self,
                        IngestHashKind  kind)
{
  const guint8 *digest = ingest_hasher_get_digest (self, kind, NULL);

  g_return_val_if_fail (digest != NULL, NULL);

  return ingest_hash_encode (kind, digest);
}

/**
 * ingest_hasher_free:
 * @self: (nullable): a hasher
 *
 * Frees the hasher, finished or not.
 */
void
ingest_hasher_free (IngestHasher *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->xxh32, XXH32_freeState);
  g_clear_pointer (&self->xxh64, XXH64_freeState);
  g_clear_pointer (&self->xxh3, XXH3_freeState);
  g_clear_pointer (&self->xxh128, XXH3_freeState);
  for (guint i = 0; i < N_EVP_KINDS; i++)
    g_clear_pointer (&self->evp[i], EVP_MD_CTX_free);
  g_free (self);
}
