/* ingest-demo-drive-formats.c
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

#define G_LOG_DOMAIN "ingest-demo-drive-formats"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest-demo-drive-private.h"

/* Sizes of the fixed fields of a `bext` chunk. */
#define BEXT_DESCRIPTION_LEN  256
#define BEXT_ORIGINATOR_LEN   32
#define BEXT_REFERENCE_LEN    32
#define BEXT_DATE_LEN         10
#define BEXT_TIME_LEN         8
#define BEXT_UMID_LEN         64
#define BEXT_LOUDNESS_LEN     10
#define BEXT_RESERVED_LEN     180

/* Seconds from the QuickTime epoch (1904-01-01) to the Unix epoch. */
#define QUICKTIME_EPOCH_OFFSET G_GUINT64_CONSTANT (2082844800)

/* Helpers */

static void
put_le16 (GByteArray *bytes,
          guint16     value)
{
  guint16 le = GUINT16_TO_LE (value);

  g_byte_array_append (bytes, (const guint8 *) &le, sizeof le);
}

static void
put_le32 (GByteArray *bytes,
          guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (bytes, (const guint8 *) &le, sizeof le);
}

static void
put_be16 (GByteArray *bytes,
          guint16     value)
{
  guint16 be = GUINT16_TO_BE (value);

  g_byte_array_append (bytes, (const guint8 *) &be, sizeof be);
}

static void
put_be32 (GByteArray *bytes,
          guint32     value)
{
  guint32 be = GUINT32_TO_BE (value);

  g_byte_array_append (bytes, (const guint8 *) &be, sizeof be);
}

/* A fixed-width text field, NUL-padded (and truncated) to WIDTH bytes. */
static void
put_field (GByteArray *bytes,
           const char *text,
           gsize       width)
{
  gsize len = MIN (strlen (text), width);
  guint before = bytes->len;

  g_byte_array_append (bytes, (const guint8 *) text, len);
  g_byte_array_set_size (bytes, before + width);
  memset (bytes->data + before + len, 0, width - len);
}

/* A RIFF chunk: id, little-endian size, data, and a pad byte to an even length. */
static void
put_chunk (GByteArray   *riff,
           const char   *id,
           const guint8 *data,
           gsize         len)
{
  g_byte_array_append (riff, (const guint8 *) id, 4);
  put_le32 (riff, len);
  g_byte_array_append (riff, data, len);
  if (len % 2 != 0)
    g_byte_array_append (riff, (const guint8 *) "", 1);
}

static guint64
read_be (const guint8 *data,
         guint         n_bytes)
{
  guint64 value = 0;

  for (guint i = 0; i < n_bytes; i++)
    value = value << 8 | data[i];
  return value;
}

static void
write_be (guint8  *data,
          guint    n_bytes,
          guint64  value)
{
  for (guint i = n_bytes; i > 0; i--, value >>= 8)
    data[i - 1] = value & 0xff;
}

/* Reads the header of a box at DATA (HAVE bytes there) that may extend REMAINING bytes;
 * returns the header's length and sets *SIZE, or returns 0 if it is malformed. */
static guint
box_header (const guint8 *data,
            gsize         have,
            guint64       remaining,
            guint64      *size)
{
  guint header = 8;

  if (have < 8)
    return 0;
  *size = read_be (data, 4);
  if (*size == 1)
    {
      if (have < 16)
        return 0;
      *size = read_be (data + 8, 8);
      header = 16;
    }
  else if (*size == 0)
    {
      *size = remaining;   /* to the end of the file */
    }
  return *size >= header && *size <= remaining ? header : 0;
}

/* Sets the creation and modification times of the movie, track and media headers
 * found in the boxes of DATA (walking into trak and mdia). */
static void
date_boxes (guint8  *data,
            gsize    len,
            guint64  quicktime_time)
{
  gsize pos = 0;

  while (pos < len)
    {
      guint64 size;
      guint header = box_header (data + pos, len - pos, len - pos, &size);
      guint8 *body = data + pos + header;
      const guint8 *type = data + pos + 4;

      if (header == 0)
        return;

      if (memcmp (type, "trak", 4) == 0 || memcmp (type, "mdia", 4) == 0)
        {
          date_boxes (body, size - header, quicktime_time);
        }
      else if (memcmp (type, "mvhd", 4) == 0 || memcmp (type, "tkhd", 4) == 0 ||
               memcmp (type, "mdhd", 4) == 0)
        {
          /* version + flags, then creation and modification times: 4 bytes each in
           * version 0, 8 in version 1. */
          guint width = body[0] == 1 ? 8 : 4;

          if (size - header >= 4 + 2 * width)
            {
              write_be (body + 4, width, quicktime_time);
              write_be (body + 4 + width, width, quicktime_time);
            }
        }
      pos += size;
    }
}

/* Grows by DELTA the boxes in DATA that strictly enclose offset AT (which must lie in
 * the sample description of a track), walking into the containers on the way. */
static void
grow_enclosing_boxes (guint8  *data,
                      gsize    len,
                      gsize    at,
                      gssize   delta)
{
  gsize pos = 0;

  while (pos < len)
    {
      guint64 size;
      guint header = box_header (data + pos, len - pos, len - pos, &size);
      const guint8 *type = data + pos + 4;
      gsize skip = 0;

      if (header == 0)
        return;
      if (pos < at && at < pos + size)
        {
          write_be (data + pos, 4, size + delta);
          /* Where the children start: after the entry count of stsd, after the fixed
           * fields of a timecode sample entry. */
          if (memcmp (type, "stsd", 4) == 0)
            skip = 8;
          else if (memcmp (type, "tmcd", 4) == 0)
            skip = 26;
          else if (memcmp (type, "trak", 4) != 0 && memcmp (type, "mdia", 4) != 0 &&
                   memcmp (type, "minf", 4) != 0 && memcmp (type, "stbl", 4) != 0)
            return;
          grow_enclosing_boxes (data + pos + header + skip, size - header - skip,
                                at - pos - header - skip, delta);
          return;
        }
      pos += size;
    }
}

/* qtmux names the reel of the timecode track "Tape"; a camera writes its reel name
 * there. Returns MOOV (a movie box of *LEN bytes) with the name replaced, or NULL if
 * there is no such name. */
static guint8 *
rename_reel (const guint8 *moov,
             gsize        *len,
             const char   *reel)
{
  static const guint8 tape_name[] = { 0, 0, 0, 16, 'n', 'a', 'm', 'e', 0, 4, 0, 0, 'T', 'a', 'p', 'e' };
  const guint8 *found = memmem (moov, *len, tape_name, sizeof tape_name);
  gsize reel_len = strlen (reel);
  gsize at, new_len;
  guint8 *renamed;

  if (found == NULL)
    return NULL;

  at = found - moov;
  new_len = *len - sizeof tape_name + 12 + reel_len;
  renamed = g_malloc (new_len);
  memcpy (renamed, moov, at);
  /* name box: size, type, string length, language (0 = English), the string */
  write_be (renamed + at, 4, 12 + reel_len);
  memcpy (renamed + at + 4, "name", 4);
  write_be (renamed + at + 8, 2, reel_len);
  write_be (renamed + at + 10, 2, 0);
  memcpy (renamed + at + 12, reel, reel_len);
  memcpy (renamed + at + 12 + reel_len, found + sizeof tape_name, *len - at - sizeof tape_name);

  /* The movie box itself, then every box inside it that holds the name. */
  write_be (renamed, 4, new_len);
  grow_enclosing_boxes (renamed + 8, new_len - 8, at - 8, (gssize) new_len - (gssize) *len);
  *len = new_len;
  return renamed;
}

/* Appends to BYTES a box of TYPE holding BODY (LEN bytes). */
static void
put_box (GByteArray   *bytes,
         const char   *type,
         const guint8 *body,
         gsize         len)
{
  put_be32 (bytes, 8 + len);
  g_byte_array_append (bytes, (const guint8 *) type, 4);
  g_byte_array_append (bytes, body, len);
}

/* A QuickTime metadata box as cameras write it (and `ffmpeg -movflags
 * use_metadata_tags`): a handler of type mdta, the key names in `keys`, and in
 * `ilst` one item per key (numbered from 1) holding a UTF-8 `data` atom. */
static GBytes *
mdta_meta_box (const char * const *pairs)
{
  g_autoptr(GByteArray) hdlr = g_byte_array_new ();
  g_autoptr(GByteArray) keys = g_byte_array_new ();
  g_autoptr(GByteArray) ilst = g_byte_array_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *meta = g_byte_array_new ();
  guint n = 0;
  static const guint8 zeros[12] = { 0 };

  /* hdlr: version/flags, pre-defined, handler type, reserved, empty name */
  g_byte_array_append (hdlr, zeros, 8);
  g_byte_array_append (hdlr, (const guint8 *) "mdta", 4);
  g_byte_array_append (hdlr, zeros, 12);
  g_byte_array_append (hdlr, zeros, 1);

  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    n++;
  put_be32 (keys, 0);  /* version/flags */
  put_be32 (keys, n);
  for (guint i = 0, index = 1; i < 2 * n; i += 2, index++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GByteArray) item = g_byte_array_new ();
      gsize key_len = strlen (pairs[i]);

      put_be32 (keys, 8 + key_len);
      g_byte_array_append (keys, (const guint8 *) "mdta", 4);
      g_byte_array_append (keys, (const guint8 *) pairs[i], key_len);

      put_be32 (data, 1);  /* well-known type 1: UTF-8 */
      put_be32 (data, 0);  /* default locale */
      g_byte_array_append (data, (const guint8 *) pairs[i + 1], strlen (pairs[i + 1]));
      put_box (item, "data", data->data, data->len);
      put_be32 (ilst, 8 + item->len);
      put_be32 (ilst, index);
      g_byte_array_append (ilst, item->data, item->len);
    }

  put_be32 (body, 0);  /* meta is a full box: version/flags */
  put_box (body, "hdlr", hdlr->data, hdlr->len);
  put_box (body, "keys", keys->data, keys->len);
  put_box (body, "ilst", ilst->data, ilst->len);
  put_box (meta, "meta", body->data, body->len);
  return g_byte_array_free_to_bytes (meta);
}

/* The key of an MXF Timecode Component set (SMPTE ST 377), and the local tag
 * of its start timecode (an 8-byte frame count). */
static const guint8 timecode_component_key[16] = {
  0x06, 0x0e, 0x2b, 0x34, 0x02, 0x53, 0x01, 0x01, 0x0d, 0x01, 0x01, 0x01, 0x01, 0x01, 0x14, 0x00,
};
#define MXF_START_TIMECODE_TAG 0x1501

/* Reads a BER length at DATA (HAVE bytes); returns the bytes it took, or 0. */
static guint
ber_length (const guint8 *data,
            gsize         have,
            guint64      *length)
{
  guint n;

  if (have < 1)
    return 0;
  if (data[0] < 0x80)
    {
      *length = data[0];
      return 1;
    }
  n = data[0] & 0x7f;
  if (n == 0 || n > 8 || have < 1 + n)
    return 0;
  *length = read_be (data + 1, n);
  return 1 + n;
}

/* Private API */

/* Sets ERROR from errno, as "WHAT PATH: reason"; returns FALSE. */
gboolean
_ingest_demo_io_failed (GError     **error,
                        const char  *what,
                        const char  *path)
{
  int errsv = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "%s %s: %s", what, path, g_strerror (errsv));
  return FALSE;
}

/* A Broadcast Wave file as sound recorders write it: bext, iXML, fmt, then the PCM. */
GBytes *
_ingest_demo_bwf_new (const IngestDemoBext *bext,
                      const char           *ixml,
                      guint                 channels,
                      guint                 rate,
                      guint                 bits,
                      const guint8         *pcm,
                      gsize                 pcm_len)
{
  g_autoptr(GByteArray) bext_chunk = g_byte_array_new ();
  g_autoptr(GByteArray) fmt = g_byte_array_new ();
  GByteArray *riff = g_byte_array_new ();
  guint block_align = channels * bits / 8;
  guint32 riff_size;

  put_field (bext_chunk, bext->description, BEXT_DESCRIPTION_LEN);
  put_field (bext_chunk, bext->originator, BEXT_ORIGINATOR_LEN);
  put_field (bext_chunk, bext->originator_reference, BEXT_REFERENCE_LEN);
  put_field (bext_chunk, bext->origination_date, BEXT_DATE_LEN);
  put_field (bext_chunk, bext->origination_time, BEXT_TIME_LEN);
  put_le32 (bext_chunk, bext->time_reference & 0xffffffff);
  put_le32 (bext_chunk, bext->time_reference >> 32);
  put_le16 (bext_chunk, 1);   /* version 1: a UMID, no loudness values */
  put_field (bext_chunk, "", BEXT_UMID_LEN + BEXT_LOUDNESS_LEN + BEXT_RESERVED_LEN);
  g_byte_array_append (bext_chunk, (const guint8 *) bext->coding_history, strlen (bext->coding_history));

  put_le16 (fmt, 1);          /* WAVE_FORMAT_PCM, as BWF requires */
  put_le16 (fmt, channels);
  put_le32 (fmt, rate);
  put_le32 (fmt, rate * block_align);
  put_le16 (fmt, block_align);
  put_le16 (fmt, bits);

  g_byte_array_append (riff, (const guint8 *) "RIFF\0\0\0\0WAVE", 12);
  put_chunk (riff, "bext", bext_chunk->data, bext_chunk->len);
  put_chunk (riff, "iXML", (const guint8 *) ixml, strlen (ixml));
  put_chunk (riff, "fmt ", fmt->data, fmt->len);
  put_chunk (riff, "data", pcm, pcm_len);
  riff_size = GUINT32_TO_LE (riff->len - 8);
  memcpy (riff->data + 4, &riff_size, sizeof riff_size);

  return g_byte_array_free_to_bytes (riff);
}

/* A .DS_Store as the Finder leaves in a folder with no custom view: the "Bud1"
 * buddy-allocator header, padded to the usual 6148 bytes. */
GBytes *
_ingest_demo_ds_store_new (void)
{
  static const guint8 header[] = {
    0x00, 0x00, 0x00, 0x01, 'B', 'u', 'd', '1',
    0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x10, 0x00,
    0x00, 0x00, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x87, 0x00, 0x00, 0x20, 0x0b,
  };
  guint8 *data = g_malloc0 (6148);

  memcpy (data, header, sizeof header);
  return g_bytes_new_take (data, 6148);
}

/* The AppleDouble "._" file macOS writes next to a file it copies to a volume without
 * extended attributes: Finder info (TYPE_CREATOR, 8 bytes) and an empty resource fork. */
GBytes *
_ingest_demo_apple_double_new (const char *type_creator)
{
  static const guint8 fork_header[] = { 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x1e };
  static const char fork_note[] = "This resource fork intentionally left blank   ";
  const guint fork = 3810;
  GByteArray *file = g_byte_array_new ();

  g_assert (strlen (type_creator) == 8);

  /* Header: magic, version, filler, two entries (id, offset, length). */
  put_be32 (file, 0x00051607);
  put_be32 (file, 0x00020000);
  g_byte_array_append (file, (const guint8 *) "Mac OS X        ", 16);
  put_be16 (file, 2);
  put_be32 (file, 9);        /* Finder info */
  put_be32 (file, 50);
  put_be32 (file, fork - 50);
  put_be32 (file, 2);        /* resource fork */
  put_be32 (file, fork);
  put_be32 (file, 286);
  g_byte_array_set_size (file, fork + 286);
  memset (file->data + 50, 0, file->len - 50);

  memcpy (file->data + 50, type_creator, 8);
  /* The empty resource fork: its header, the Finder's note, and the map (a copy of the
   * header, then the type and name list offsets and "no types"). */
  memcpy (file->data + fork, fork_header, sizeof fork_header);
  memcpy (file->data + fork + 16, fork_note, sizeof fork_note - 1);
  memcpy (file->data + fork + 256, fork_header, sizeof fork_header);
  memcpy (file->data + fork + 256 + 24, "\x00\x1c\x00\x1e\xff\xff", 6);

  return g_byte_array_free_to_bytes (file);
}

/* qtmux stamps the time of muxing into the movie and calls the reel "Tape"; a camera
 * stamps the time of recording and its reel name, and an ARRI camera its metadata as
 * QuickTime keys. Rewrite the movie box, which qtmux puts last, so the clip carries its
 * shoot time, reel and keys (MDTA: name, value pairs, NULL-terminated; NULL for none),
 * and two demo drives have identical movies. Times keep their size; the reel name and
 * the keys grow the file. */
gboolean
_ingest_demo_stamp_quicktime (const char          *path,
                              gint64               unix_time,
                              const char          *reel,
                              const char * const  *mdta,
                              GError             **error)
{
  g_autofree guint8 *moov = NULL;
  g_autofree guint8 *renamed = NULL;
  guint8 header[16];
  guint64 offset = 0;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    goto failed;

  for (;;)
    {
      ssize_t n = pread (fd, header, sizeof header, offset);
      guint64 size;
      guint header_len;

      if (n < 0)
        goto failed;
      header_len = box_header (header, n, st.st_size - offset, &size);
      if (header_len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: no movie box where the muxer should have written one", path);
          close (fd);
          return FALSE;
        }
      if (memcmp (header + 4, "moov", 4) == 0 && header_len == 8 && offset + size == (guint64) st.st_size)
        {
          gsize len = size;

          moov = g_malloc (len);
          if (pread (fd, moov, len, offset) != (ssize_t) len)
            goto failed;
          date_boxes (moov + header_len, len - header_len, unix_time + QUICKTIME_EPOCH_OFFSET);
          renamed = rename_reel (moov, &len, reel);
          if (renamed != NULL)
            {
              g_free (moov);
              moov = g_steal_pointer (&renamed);
            }
          if (mdta != NULL)
            {
              g_autoptr(GBytes) meta = mdta_meta_box (mdta);
              gsize meta_len = g_bytes_get_size (meta);

              /* The keys go last in the movie box, which ends the file. */
              moov = g_realloc (moov, len + meta_len);
              memcpy (moov + len, g_bytes_get_data (meta, NULL), meta_len);
              len += meta_len;
              write_be (moov, 4, len);
            }
          if (pwrite (fd, moov, len, offset) != (ssize_t) len ||
              ftruncate (fd, offset + len) != 0)
            goto failed;
          break;
        }
      offset += size;
    }

  if (close (fd) == 0)
    return TRUE;
  fd = -1;

failed:
  _ingest_demo_io_failed (error, "Cannot rewrite", path);
  if (fd >= 0)
    close (fd);
  return FALSE;
}

/* mxfmux leaves the timecode components of the movie at 00:00:00:00 whatever
 * the timecode of the frames, and stamps the time of muxing as the packages'
 * creation; a camera starts them at the time of recording and stamps that.
 * Sets START_FRAMES as the start of every timecode component and UNIX_TIME
 * (UTC) as every creation and modification date in PATH's local sets (the
 * header's and the footer's copies of the metadata alike). */
gboolean
_ingest_demo_stamp_mxf (const char  *path,
                        guint64      start_frames,
                        gint64       unix_time,
                        GError     **error)
{
  /* Local sets' keys start so (SMPTE ST 336 with 2-byte tags and lengths). */
  static const guint8 local_set_prefix[6] = { 0x06, 0x0e, 0x2b, 0x34, 0x02, 0x53 };
  /* Package creation and modification dates, the Preface's and the
   * Identification set's modification dates: 8-byte MXF timestamps. */
  static const guint date_tags[] = { 0x4405, 0x4404, 0x3b02, 0x3c06 };
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (unix_time);
  g_autofree guint8 *data = NULL;
  guint8 stamp[8];
  gsize len, pos = 0;
  guint n_stamped = 0;

  if (!g_file_get_contents (path, (char **) &data, &len, error))
    return FALSE;

  write_be (stamp, 2, g_date_time_get_year (when));
  stamp[2] = g_date_time_get_month (when);
  stamp[3] = g_date_time_get_day_of_month (when);
  stamp[4] = g_date_time_get_hour (when);
  stamp[5] = g_date_time_get_minute (when);
  stamp[6] = g_date_time_get_second (when);
  stamp[7] = 0;

  while (pos + 16 < len)
    {
      const guint8 *found = memmem (data + pos, len - pos, local_set_prefix, sizeof local_set_prefix);
      gboolean is_timecode;
      guint64 set_len;
      guint ber;
      gsize at, end;

      if (found == NULL || (gsize) (found - data) + 16 >= len)
        break;
      at = found - data;
      is_timecode = memcmp (data + at, timecode_component_key, 16) == 0;
      at += 16;
      ber = ber_length (data + at, len - at, &set_len);
      pos = found - data + 1;
      if (ber == 0 || set_len > len - at - ber)
        continue;
      at += ber;
      end = at + set_len;
      /* A 2-byte tag and a 2-byte length before each value. */
      while (at + 4 <= end)
        {
          guint tag = read_be (data + at, 2);
          guint item_len = read_be (data + at + 2, 2);

          if (at + 4 + item_len > end)
            break;
          if (is_timecode && tag == MXF_START_TIMECODE_TAG && item_len == 8)
            {
              write_be (data + at + 4, 8, start_frames);
              n_stamped++;
            }
          for (guint t = 0; t < G_N_ELEMENTS (date_tags); t++)
            if (tag == date_tags[t] && item_len == 8)
              memcpy (data + at + 4, stamp, 8);
          at += 4 + item_len;
        }
      pos = end;
    }

  if (n_stamped == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no timecode component where the muxer should have written one", path);
      return FALSE;
    }
  return g_file_set_contents (path, (const char *) data, len, error);
}
