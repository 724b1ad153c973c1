/* ingest-proxy-tmcd.c
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


#define G_LOG_DOMAIN "ingest-proxy"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ingest-proxy-error.h"
#include "ingest-proxy-tmcd-private.h"

/* QuickTime File Format: the timecode sample description ('tmcd' in
 * stsd) is 8 bytes of box header, 8 of sample entry, then reserved (4),
 * flags (4), time scale (4), frame duration (4), frames (1), reserved (1),
 * then boxes: 'name' (a 16-bit length, a 16-bit language, the text) names
 * the source tape. */
#define TMCD_FIXED 34
#define MAX_DEPTH  8
#define MAX_REEL   255

static guint32
get_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static gboolean
is_container (const guint8 *type)
{
  static const char *const containers[] = { "moov", "trak", "mdia", "minf", "stbl", "dinf", "edts" };

  for (gsize i = 0; i < G_N_ELEMENTS (containers); i++)
    if (memcmp (type, containers[i], 4) == 0)
      return TRUE;
  return FALSE;
}

/* One box at DATA (within LENGTH): its total and header sizes. Only
 * 32-bit sizes: qtmux writes no others in a moov. */
static gboolean
read_box (const guint8 *data,
          gsize         length,
          guint32      *size)
{
  if (length < 8)
    return FALSE;
  *size = get_u32 (data);
  return *size >= 8 && *size <= length;
}

static void
put_u32 (GByteArray *out,
         gsize       at,
         guint32     value)
{
  guint32 be = GUINT32_TO_BE (value);

  memcpy (out->data + at, &be, 4);
}

static gsize
begin_box (GByteArray   *out,
           const guint8 *type)
{
  gsize at = out->len;
  guint8 header[8] = { 0 };

  memcpy (header + 4, type, 4);
  g_byte_array_append (out, header, 8);
  return at;
}

static void
append_name (GByteArray *out,
             const char *reel)
{
  gsize at = begin_box (out, (const guint8 *) "name");
  guint16 len = GUINT16_TO_BE ((guint16) strlen (reel));
  guint16 language = 0;

  g_byte_array_append (out, (const guint8 *) &len, 2);
  g_byte_array_append (out, (const guint8 *) &language, 2);
  g_byte_array_append (out, (const guint8 *) reel, strlen (reel));
  put_u32 (out, at, out->len - at);
}

static gboolean
rewrite_stsd (const guint8 *data,
              guint32       size,
              const char   *reel,
              GByteArray   *out,
              gboolean     *replaced)
{
  gsize at = begin_box (out, data + 4);
  guint32 count, pos = 16;

  if (size < 16)
    return FALSE;
  g_byte_array_append (out, data + 8, 8);  /* version, flags, entry count */
  count = get_u32 (data + 12);
  for (guint32 i = 0; i < count; i++)
    {
      guint32 entry_size, child;

      if (!read_box (data + pos, size - pos, &entry_size))
        return FALSE;
      if (memcmp (data + pos + 4, "tmcd", 4) != 0 || entry_size < TMCD_FIXED)
        g_byte_array_append (out, data + pos, entry_size);
      else
        {
          gsize entry_at = begin_box (out, (const guint8 *) "tmcd");
          gboolean named = FALSE;

          g_byte_array_append (out, data + pos + 8, TMCD_FIXED - 8);
          for (child = TMCD_FIXED; child < entry_size;)
            {
              guint32 child_size;

              if (!read_box (data + pos + child, entry_size - child, &child_size))
                return FALSE;
              if (memcmp (data + pos + child + 4, "name", 4) == 0)
                {
                  if (!named)
                    append_name (out, reel);
                  named = TRUE;
                }
              else
                g_byte_array_append (out, data + pos + child, child_size);
              child += child_size;
            }
          if (!named)
            append_name (out, reel);
          put_u32 (out, entry_at, out->len - entry_at);
          *replaced = TRUE;
        }
      pos += entry_size;
    }
  if (pos < size)
    g_byte_array_append (out, data + pos, size - pos);
  put_u32 (out, at, out->len - at);
  return TRUE;
}

/* Copies the boxes of DATA into OUT, descending into containers, with the
 * tmcd entry renamed. */
static gboolean
rewrite_boxes (const guint8 *data,
               gsize         length,
               const char   *reel,
               GByteArray   *out,
               guint         depth,
               gboolean     *replaced)
{
  gsize pos = 0;

  if (depth > MAX_DEPTH)
    return FALSE;
  while (pos < length)
    {
      guint32 size;
      const guint8 *box = data + pos;

      if (!read_box (box, length - pos, &size))
        return FALSE;
      if (is_container (box + 4))
        {
          gsize at = begin_box (out, box + 4);

          if (!rewrite_boxes (box + 8, size - 8, reel, out, depth + 1, replaced))
            return FALSE;
          put_u32 (out, at, out->len - at);
        }
      else if (memcmp (box + 4, "stsd", 4) == 0)
        {
          if (!rewrite_stsd (box, size, reel, out, replaced))
            return FALSE;
        }
      else
        g_byte_array_append (out, box, size);
      pos += size;
    }
  return TRUE;
}

/* Adds DELTA to every chunk offset at or above MEDIA_START, in place. */
static gboolean
shift_offsets (guint8  *data,
               gsize    length,
               gint64   delta,
               guint64  media_start,
               guint    depth)
{
  gsize pos = 0;

  if (depth > MAX_DEPTH)
    return FALSE;
  while (pos < length)
    {
      guint32 size;
      guint8 *box = data + pos;

      if (!read_box (box, length - pos, &size))
        return FALSE;
      if (is_container (box + 4))
        {
          if (!shift_offsets (box + 8, size - 8, delta, media_start, depth + 1))
            return FALSE;
        }
      else if (memcmp (box + 4, "stco", 4) == 0 || memcmp (box + 4, "co64", 4) == 0)
        {
          gboolean wide = box[7] == '4';
          guint width = wide ? 8 : 4;
          guint32 count;

          if (size < 16)
            return FALSE;
          count = get_u32 (box + 12);
          if (count > (size - 16) / width)
            return FALSE;
          for (guint32 i = 0; i < count; i++)
            {
              guint8 *p = box + 16 + (gsize) i * width;
              guint64 offset = 0;

              for (guint b = 0; b < width; b++)
                offset = (offset << 8) | p[b];
              if (offset < media_start)
                continue;
              offset += delta;
              if (!wide && offset > G_MAXUINT32)
                return FALSE;
              for (guint b = width; b > 0; b--, offset >>= 8)
                p[b - 1] = offset & 0xff;
            }
        }
      pos += size;
    }
  return TRUE;
}

GBytes *
_ingest_proxy_tmcd_rewrite_moov (const guint8 *moov,
                                 gsize         length,
                                 const char   *reel,
                                 guint64       media_start)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (length + MAX_REEL + 16);
  gboolean replaced = FALSE;
  g_autofree char *name = NULL;
  const char *end;

  g_return_val_if_fail (reel != NULL, NULL);

  /* At most 255 bytes, cut at a character's boundary. */
  name = g_strndup (reel, MAX_REEL);
  if (!g_utf8_validate (name, -1, &end))
    name[end - name] = '\0';

  if (!rewrite_boxes (moov, length, name, out, 0, &replaced) || !replaced ||
      out->len > INGEST_PROXY_TMCD_MAX_MOOV)
    return NULL;
  if (!shift_offsets (out->data, out->len, (gint64) out->len - (gint64) length, media_start, 0))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
fail_io (GError     **error,
         const char  *path,
         const char  *why)
{
  g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
               _("Cannot name the reel in %s: %s"), path, why);
  return FALSE;
}

/* A GIO error said in the proxy's domain (the maker's contract). */
static gboolean
fail_gio (GError     **error,
          const char  *path,
          GError      *gio_error)
{
  fail_io (error, path, gio_error->message);
  g_error_free (gio_error);
  return FALSE;
}

gboolean
_ingest_proxy_tmcd_set_reel_name (const char  *path,
                                  const char  *reel,
                                  GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree guint8 *moov = NULL;
  g_autofree char *tmp_path = g_strconcat (path, ".reel", NULL);
  g_autoptr(GFile) tmp = g_file_new_for_path (tmp_path);
  g_autoptr(GBytes) rewritten = NULL;
  guint64 offset = 0, moov_at = 0;
  guint32 moov_size = 0;
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (reel != NULL, FALSE);

  if ((in = g_file_read (file, NULL, &local_error)) == NULL)
    {
      return fail_gio (error, path, local_error);
    }

  /* The top level: ftyp, moov, mdat… find moov, which must come first. */
  for (guint i = 0; i < 16 && moov_size == 0; i++)
    {
      guint8 header[16];
      gsize got;
      guint64 size;

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), header, 8, &got, NULL, &local_error))
        {
          return fail_gio (error, path, local_error);
        }
      if (got < 8)
        return fail_io (error, path, _("no moov box"));
      size = get_u32 (header);
      if (size == 1)
        {
          if (!g_input_stream_read_all (G_INPUT_STREAM (in), header + 8, 8, &got, NULL, NULL) || got < 8)
            return fail_io (error, path, _("truncated box"));
          size = ((guint64) get_u32 (header + 8) << 32) | get_u32 (header + 12);
        }
      if (memcmp (header + 4, "mdat", 4) == 0)
        return fail_io (error, path, _("the moov box is not first"));
      if (memcmp (header + 4, "moov", 4) == 0)
        {
          if (size < 8 || size > INGEST_PROXY_TMCD_MAX_MOOV)
            return fail_io (error, path, _("the moov box is too large"));
          moov_at = offset;
          moov_size = (guint32) size;
          break;
        }
      if (size < 8)
        return fail_io (error, path, _("malformed box"));
      offset += size;
      if (!g_seekable_seek (G_SEEKABLE (in), offset, G_SEEK_SET, NULL, &local_error))
        {
          return fail_gio (error, path, local_error);
        }
    }
  if (moov_size == 0)
    return fail_io (error, path, _("no moov box"));

  moov = g_malloc (moov_size);
  {
    gsize got;

    if (!g_seekable_seek (G_SEEKABLE (in), moov_at, G_SEEK_SET, NULL, &local_error) ||
        !g_input_stream_read_all (G_INPUT_STREAM (in), moov, moov_size, &got, NULL, &local_error))
      {
        return fail_gio (error, path, local_error);
      }
    if (got < moov_size)
      return fail_io (error, path, _("truncated moov box"));
  }

  rewritten = _ingest_proxy_tmcd_rewrite_moov (moov, moov_size, reel, moov_at + moov_size);
  if (rewritten == NULL)
    return fail_io (error, path, _("no timecode track"));

  /* Bytes before the moov, the new moov, the rest as they were. */
  out = g_file_replace (tmp, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &local_error);
  if (out == NULL)
    {
      return fail_gio (error, path, local_error);
    }
  if (!g_seekable_seek (G_SEEKABLE (in), 0, G_SEEK_SET, NULL, &local_error))
    goto fail;
  {
    guint8 buffer[64 * 1024];
    guint64 left = moov_at;

    while (left > 0)
      {
        gsize got;

        if (!g_input_stream_read_all (G_INPUT_STREAM (in), buffer, MIN (left, sizeof buffer), &got, NULL, &local_error) ||
            !g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, got, NULL, NULL, &local_error))
          goto fail;
        if (got == 0)
          break;
        left -= got;
      }
  }
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), g_bytes_get_data (rewritten, NULL),
                                  g_bytes_get_size (rewritten), NULL, NULL, &local_error) ||
      !g_seekable_seek (G_SEEKABLE (in), moov_at + moov_size, G_SEEK_SET, NULL, &local_error) ||
      g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &local_error) < 0 ||
      !g_file_move (tmp, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
    goto fail;
  return TRUE;

fail:
  g_file_delete (tmp, NULL, NULL);
  g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
               _("Cannot name the reel in %s: %s"), path, local_error->message);
  g_error_free (local_error);
  return FALSE;
}
