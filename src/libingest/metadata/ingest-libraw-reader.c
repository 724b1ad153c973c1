/* ingest-libraw-reader.c
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

#include <math.h>
#include <string.h>
#include <time.h>

#include <libraw/libraw.h>

#include "ingest-libraw-reader.h"

/* Thumbnails bigger than this are full-size previews, not thumbnails. */
#define MAX_THUMBNAIL (2u * 1024 * 1024)
/* Raw formats keep their metadata (and most their thumbnail) up front. */
#define FIRST_READ    (1u * 1024 * 1024)

struct _IngestLibrawReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestLibrawReader, ingest_libraw_reader, INGEST_TYPE_METADATA_READER)

static const char * const raw_suffixes[] = {
  ".dng", ".cr3", ".cr2", ".nef", ".arw", ".raf", ".rw2", ".orf", NULL
};

static gboolean
ingest_libraw_reader_accepts (IngestMetadataReader *reader,
                              const char           *path)
{
  return ingest_metadata_path_has_suffix (path, raw_suffixes);
}

static gboolean
libraw_failed (IngestByteSource  *source,
               int                code,
               GError           **error)
{
  g_set_error (error, INGEST_METADATA_ERROR,
               code == LIBRAW_FILE_UNSUPPORTED ? INGEST_METADATA_ERROR_UNSUPPORTED
                                               : INGEST_METADATA_ERROR_MALFORMED,
               "%s: LibRaw: %s", ingest_byte_source_get_name (source), libraw_strerror (code));
  return FALSE;
}

/* Bytes this thread has read through read(2) so far (rchar of
 * /proc/thread-self/io), or 0 when the kernel does not tell. */
static guint64
thread_bytes_read (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/thread-self/io", &text, NULL, NULL))
    return 0;
  line = strstr (text, "rchar: ");
  return line != NULL ? g_ascii_strtoull (line + 7, NULL, 10) : 0;
}

/* Appends the bytes of SOURCE up to WANT (clamped to its size) to BUFFER. */
static gboolean
grow (IngestByteSource  *source,
      GByteArray        *buffer,
      gsize              want,
      GError           **error)
{
  gsize have = buffer->len;

  want = MIN (want, ingest_byte_source_get_size (source));
  if (want <= have)
    return TRUE;
  g_byte_array_set_size (buffer, want);
  if (!ingest_byte_source_read (source, have, buffer->data + have, want - have, error))
    {
      g_byte_array_set_size (buffer, have);
      return FALSE;
    }
  return TRUE;
}

/* Opens SOURCE's file in LIBRAW: from memory when the first MiB (or, if
 * LibRaw cannot parse that, the first budget's worth) lets LibRaw parse it,
 * else by its own reads of the file (counted per thread). */
static gboolean
open_raw (libraw_data_t     *libraw,
          IngestClip        *clip,
          IngestByteSource  *source,
          GByteArray        *buffer,
          GError           **error)
{
  static const gsize prefixes[] = { FIRST_READ, INGEST_BYTE_SOURCE_DEFAULT_BUDGET };
  guint64 size = ingest_byte_source_get_size (source);
  g_autofree char *fd_path = NULL;
  guint64 before;
  int code = LIBRAW_SUCCESS;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (!grow (source, buffer, prefixes[i], error))
        return FALSE;
      code = libraw_open_buffer (libraw, buffer->data, buffer->len);
      if (code == LIBRAW_SUCCESS)
        return TRUE;
      libraw_recycle (libraw);
      if (buffer->len == size)
        return libraw_failed (source, code, error);
    }
  if (ingest_byte_source_get_fd (source) < 0)
    return libraw_failed (source, code, error);

  /* Metadata past the first budget's worth (RAF keeps it after the JPEG). */
  g_debug ("%s: LibRaw needs more than %u bytes, opening the file",
           ingest_byte_source_get_name (source), buffer->len);
  g_byte_array_set_size (buffer, 0);
  fd_path = g_strdup_printf ("/proc/self/fd/%d", ingest_byte_source_get_fd (source));
  before = thread_bytes_read ();
  code = libraw_open_file (libraw, fd_path);
  ingest_clip_add_bytes_read (clip, thread_bytes_read () - before);
  return code == LIBRAW_SUCCESS || libraw_failed (source, code, error);
}

static void
offer_text (IngestClip      *clip,
            IngestClipField  field,
            const char      *text,
            gsize            max)
{
  ingest_clip_offer_text (clip, field, text, strnlen (text, max));
}

/* "1/50" under a second, "2.5 s" above. */
static char *
format_shutter (double seconds)
{
  if (seconds < 1.0)
    return g_strdup_printf ("1/%.0f", 1.0 / seconds);
  return g_strdup_printf ("%g s", seconds);
}

/* "f/2.8", "f/8". */
static char *
format_aperture (double f_number)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.1f", f_number);
  if (g_str_has_suffix (number, ".0"))
    number[strlen (number) - 2] = '\0';
  return g_strdup_printf ("f/%s", number);
}

/* The colour temperature of the as-shot multipliers, from the camera's own
 * table of multipliers by temperature (WBCT_Coeffs: K, R, G, B, G2): the
 * R/B ratio falls monotonically with K, so the as-shot ratio is placed
 * between the two entries around it, linearly in mired. 0 when the table
 * is missing or the ratio is outside it (no extrapolated guess). */
static guint
white_balance_kelvin (const libraw_data_t *libraw)
{
  const float *mul = libraw->color.cam_mul;
  double target;
  double best_lo = -G_MAXDOUBLE, best_hi = G_MAXDOUBLE;
  double k_lo = 0, k_hi = 0;

  if (!(mul[0] > 0 && mul[1] > 0 && mul[2] > 0))
    return 0;
  /* Multipliers are inverse to the light: more red gain, bluer light. */
  target = log (mul[2] / mul[0]);

  for (guint i = 0; i < 64; i++)
    {
      const float *row = libraw->color.WBCT_Coeffs[i];
      double ratio;

      if (!(row[0] > 1000 && row[0] < 50000 && row[1] > 0 && row[3] > 0))
        continue;
      ratio = log (row[3] / row[1]);
      if (ratio <= target && ratio > best_lo)
        best_lo = ratio, k_lo = row[0];
      if (ratio >= target && ratio < best_hi)
        best_hi = ratio, k_hi = row[0];
    }
  if (k_lo == 0 || k_hi == 0)
    return 0;
  if (best_hi == best_lo)
    return (guint) k_lo;
  {
    double t = (target - best_lo) / (best_hi - best_lo);
    double mired = 1e6 / k_lo + t * (1e6 / k_hi - 1e6 / k_lo);

    return (guint) round (1e6 / mired);
  }
}

static void
offer_white_balance (IngestClip          *clip,
                     const libraw_data_t *libraw)
{
  const float *mul = libraw->color.cam_mul;
  guint kelvin = white_balance_kelvin (libraw);
  char text[4][G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *joined = NULL;

  if (kelvin != 0)
    ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_WHITE_BALANCE_K, kelvin);
  if (!(mul[0] > 0 && mul[1] > 0))
    return;
  for (guint i = 0; i < 4; i++)
    g_ascii_formatd (text[i], sizeof text[i], "%.4f", mul[i]);
  joined = g_strjoin (" ", text[0], text[1], text[2], text[3], NULL);
  ingest_clip_set_attribute (clip, "libraw.as_shot_multipliers", joined);
}

static void
offer_created (IngestClip *clip,
               time_t      timestamp)
{
  struct tm tm;
  char text[32];

  /* LibRaw turned the camera's zone-less "YYYY:MM:DD HH:MM:SS" into a time_t
   * with mktime(); localtime_r() gives the wall-clock time back, kept
   * without an offset as the camera wrote it. */
  if (timestamp <= 0 || localtime_r (&timestamp, &tm) == NULL ||
      strftime (text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
    return;
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CREATED, text);
}

/* LibRaw's result: LIBRAW_NO_THUMBNAIL when the file has none. */
static int
take_thumbnail (IngestClip    *clip,
                libraw_data_t *libraw)
{
  const libraw_thumbnail_t *thumb = &libraw->thumbnail;
  int code = libraw_unpack_thumb (libraw);

  if (code != LIBRAW_SUCCESS)
    return code;
  if (thumb->tformat != LIBRAW_THUMBNAIL_JPEG || thumb->thumb == NULL ||
      thumb->tlength < 4 || thumb->tlength > MAX_THUMBNAIL ||
      (guint8) thumb->thumb[0] != 0xff || (guint8) thumb->thumb[1] != 0xd8)
    return LIBRAW_SUCCESS;   /* there is one, but not a JPEG thumbnail */
  {
    g_autoptr(GBytes) jpeg = g_bytes_new (thumb->thumb, thumb->tlength);

    ingest_clip_set_thumbnail (clip, jpeg);
  }
  return LIBRAW_SUCCESS;
}

/* The embedded JPEG preview. When it lies past the bytes read so far, the
 * read grows to the budget once and LibRaw parses again. */
static void
offer_thumbnail (IngestClip        *clip,
                 libraw_data_t     *libraw,
                 IngestByteSource  *source,
                 GByteArray        *buffer)
{
  gsize limit = MIN (ingest_byte_source_get_size (source), INGEST_BYTE_SOURCE_DEFAULT_BUDGET);
  g_autoptr(GError) error = NULL;
  int code;

  if (ingest_clip_get_thumbnail (clip) != NULL)
    return;
  code = take_thumbnail (clip, libraw);
  if (code == LIBRAW_SUCCESS || code == LIBRAW_NO_THUMBNAIL ||
      buffer->len == 0 || buffer->len >= limit)
    return;
  /* The thumbnail runs past what was read: LibRaw read short. */
  libraw_recycle (libraw);
  if (!grow (source, buffer, limit, &error) ||
      libraw_open_buffer (libraw, buffer->data, buffer->len) != LIBRAW_SUCCESS ||
      take_thumbnail (clip, libraw) != LIBRAW_SUCCESS)
    g_debug ("%s: no thumbnail", ingest_byte_source_get_name (source));
}

static void
offer_fields (IngestClip          *clip,
              const char          *path,
              const libraw_data_t *libraw)
{
  const libraw_imgother_t *other = &libraw->other;
  const char *lens = libraw->lens.Lens[0] != '\0' ? libraw->lens.Lens : libraw->lens.makernotes.Lens;
  const char *lens_serial = libraw->lens.LensSerial[0] != '\0' ? libraw->lens.LensSerial
                                                               : libraw->lens.InternalLensSerial;
  const char *dot = strrchr (path, '.');

  if (dot != NULL)
    {
      g_autofree char *container = g_ascii_strup (dot + 1, -1);

      ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CONTAINER, container);
    }
  offer_text (clip, INGEST_CLIP_FIELD_CAMERA_MAKE, libraw->idata.make, sizeof libraw->idata.make);
  offer_text (clip, INGEST_CLIP_FIELD_CAMERA_MODEL, libraw->idata.model, sizeof libraw->idata.model);
  offer_text (clip, INGEST_CLIP_FIELD_CAMERA_SERIAL, libraw->shootinginfo.BodySerial,
              sizeof libraw->shootinginfo.BodySerial);
  offer_text (clip, INGEST_CLIP_FIELD_LENS, lens, sizeof libraw->lens.Lens);
  offer_text (clip, INGEST_CLIP_FIELD_LENS_SERIAL, lens_serial, sizeof libraw->lens.LensSerial);

  if (isfinite (other->focal_len) && other->focal_len > 0)
    ingest_clip_offer_number (clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, round (other->focal_len * 100) / 100);
  if (isfinite (other->iso_speed) && other->iso_speed >= 1 && other->iso_speed < 10e6)
    ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_ISO, (gint64) round (other->iso_speed));
  if (isfinite (other->shutter) && other->shutter > 0 && other->shutter < 86400)
    {
      g_autofree char *shutter = format_shutter (other->shutter);

      ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_SHUTTER, shutter);
    }
  if (isfinite (other->aperture) && other->aperture > 0 && other->aperture < 1000)
    {
      g_autofree char *aperture = format_aperture (other->aperture);

      ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_APERTURE, aperture);
    }
  offer_created (clip, other->timestamp);
  if (libraw->sizes.width > 0 && libraw->sizes.height > 0)
    {
      ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_WIDTH, libraw->sizes.width);
      ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_HEIGHT, libraw->sizes.height);
    }
  if (libraw->idata.software[0] != '\0' &&
      g_utf8_validate (libraw->idata.software, strnlen (libraw->idata.software, sizeof libraw->idata.software), NULL))
    {
      g_autofree char *software = g_strndup (libraw->idata.software, sizeof libraw->idata.software);

      ingest_clip_set_attribute (clip, "libraw.software", software);
    }
  offer_white_balance (clip, libraw);
}

static gboolean
ingest_libraw_reader_read_clip_file (IngestMetadataReader  *reader,
                                     IngestClip            *clip,
                                     const char            *path,
                                     IngestByteSource      *source,
                                     GError               **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  libraw_data_t *libraw;
  gboolean ok;

  if (ingest_clip_get_kind (clip) == INGEST_CLIP_KIND_SEQUENCE &&
      g_strcmp0 (path, ingest_clip_get_media_file (clip)) != 0)
    return TRUE;

  libraw = libraw_init (0);
  if (libraw == NULL)
    {
      g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED,
                   "%s: LibRaw could not start", ingest_byte_source_get_name (source));
      return FALSE;
    }
  ok = open_raw (libraw, clip, source, buffer, error);
  if (ok)
    {
      offer_fields (clip, path, libraw);
      offer_thumbnail (clip, libraw, source, buffer);
    }
  libraw_close (libraw);
  return ok;
}

static void
ingest_libraw_reader_class_init (IngestLibrawReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "libraw";
  reader_class->accepts = ingest_libraw_reader_accepts;
  reader_class->read_clip_file = ingest_libraw_reader_read_clip_file;
}

static void
ingest_libraw_reader_init (IngestLibrawReader *self)
{
}
