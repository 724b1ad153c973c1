/* test-metadata-bwf.c
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

#define G_LOG_DOMAIN "test-metadata-bwf"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* The BWF reader against hand-built Broadcast Wave files, each checked
 * against exiftool (bext, iXML), ffprobe and mediainfo (format facts), and
 * timecodes worked out by hand below. */

static char *scratch_dir;

/* Builders */

static void
put_le16 (GByteArray *a,
          guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (a, b, 2);
}

static void
put_le32 (GByteArray *a,
          guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (a, b, 4);
}

static void
put_le64 (GByteArray *a,
          guint64     v)
{
  put_le32 (a, v & 0xffffffff);
  put_le32 (a, v >> 32);
}

static void
put_fixed (GByteArray *a,
           const char *text,
           gsize       width)
{
  gsize n = MIN (strlen (text), width);

  g_byte_array_append (a, (const guint8 *) text, n);
  for (; n < width; n++)
    g_byte_array_append (a, (const guint8 *) "", 1);
}

static void
put_chunk (GByteArray   *a,
           const char   *id,
           const guint8 *data,
           gsize         len,
           guint32       size_field)
{
  g_byte_array_append (a, (const guint8 *) id, 4);
  put_le32 (a, size_field);
  if (data != NULL)
    g_byte_array_append (a, data, len);
  if (len & 1)
    g_byte_array_append (a, (const guint8 *) "", 1);
}

typedef struct
{
  const char *description;     /* NULL: no bext */
  const char *originator;
  const char *date;
  const char *time;
  guint64     time_reference;
  const char *ixml;            /* NULL: no iXML */
  gboolean    ixml_after_data;
  guint       channels;
  guint       rate;
  guint       bits;
  gboolean    extensible;      /* 24 valid bits in 32 */
  guint64     data_len;
  gboolean    rf64;
  gboolean    odd_junk;        /* a chunk of odd size before fmt */
} Wav;

static GBytes *
bext_chunk (const Wav *w)
{
  GByteArray *a = g_byte_array_new ();

  put_fixed (a, w->description, 256);
  put_fixed (a, w->originator ? w->originator : "", 32);
  put_fixed (a, "USIST0000000001", 32);
  put_fixed (a, w->date ? w->date : "", 10);
  put_fixed (a, w->time ? w->time : "", 8);
  put_le64 (a, w->time_reference);
  put_le16 (a, 1);
  put_fixed (a, "", 64 + 10 + 180);
  put_fixed (a, "A=PCM,F=48000,W=24,M=stereo\r\n", 29);
  return g_byte_array_free_to_bytes (a);
}

/* The file's header (everything but the samples, when DATA_IN_FILE is
 * FALSE, in which case the data chunk's bytes are left to a sparse tail). */
static GByteArray *
build_wav (const Wav *w,
           gboolean   with_samples)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GByteArray) fmt = g_byte_array_new ();
  guint block = w->channels * (w->extensible ? 4 : w->bits / 8);
  guint32 data_field = w->rf64 ? 0xffffffffu : (guint32) w->data_len;

  g_byte_array_append (a, (const guint8 *) (w->rf64 ? "RF64" : "RIFF"), 4);
  put_le32 (a, 0);   /* patched below */
  g_byte_array_append (a, (const guint8 *) "WAVE", 4);
  if (w->rf64)
    {
      g_autoptr(GByteArray) ds64 = g_byte_array_new ();

      put_le64 (ds64, 0);   /* RIFF size, unused by readers */
      put_le64 (ds64, w->data_len);
      put_le64 (ds64, w->data_len / block);
      put_le32 (ds64, 0);
      put_chunk (a, "ds64", ds64->data, ds64->len, ds64->len);
    }
  if (w->description != NULL)
    {
      g_autoptr(GBytes) bext = bext_chunk (w);

      put_chunk (a, "bext", g_bytes_get_data (bext, NULL), g_bytes_get_size (bext), g_bytes_get_size (bext));
    }
  if (w->ixml != NULL && !w->ixml_after_data)
    put_chunk (a, "iXML", (const guint8 *) w->ixml, strlen (w->ixml), strlen (w->ixml));
  if (w->odd_junk)
    put_chunk (a, "junk", (const guint8 *) "abc", 3, 3);

  put_le16 (fmt, w->extensible ? 0xfffe : 1);
  put_le16 (fmt, w->channels);
  put_le32 (fmt, w->rate);
  put_le32 (fmt, w->rate * block);
  put_le16 (fmt, block);
  put_le16 (fmt, w->extensible ? 32 : w->bits);
  if (w->extensible)
    {
      /* cbSize, valid bits, channel mask, KSDATAFORMAT_SUBTYPE_PCM. */
      static const guint8 pcm_guid[16] = { 1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71 };

      put_le16 (fmt, 22);
      put_le16 (fmt, w->bits);
      put_le32 (fmt, 3);
      g_byte_array_append (fmt, pcm_guid, 16);
    }
  put_chunk (a, "fmt ", fmt->data, fmt->len, fmt->len);

  if (with_samples)
    {
      guint8 *zeros = g_malloc0 (w->data_len);

      put_chunk (a, "data", zeros, w->data_len, data_field);
      g_free (zeros);
      if (w->ixml != NULL && w->ixml_after_data)
        put_chunk (a, "iXML", (const guint8 *) w->ixml, strlen (w->ixml), strlen (w->ixml));
    }
  else
    {
      /* Only the chunk head: the caller extends the file. */
      g_byte_array_append (a, (const guint8 *) "data", 4);
      put_le32 (a, data_field);
    }
  {
    guint32 riff = w->rf64 ? 0xffffffffu : GUINT32_TO_LE (a->len - 8);

    memcpy (a->data + 4, &riff, 4);
  }
  return a;
}

static char *
write_wav (const char *name,
           const Wav  *w)
{
  g_autoptr(GByteArray) a = build_wav (w, TRUE);
  char *path = g_build_filename (scratch_dir, name, NULL);

  ingest_test_write_file (path, a->data, a->len);
  return path;
}

/* A version 1.61 iXML document as Sound Devices and Zaxcom write it. */
static char *
make_ixml (const char *rate,
           const char *flag,
           guint       sample_rate,
           guint64     samples)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<BWFXML>\n"
    "  <IXML_VERSION>1.61</IXML_VERSION>\n"
    "  <PROJECT>NIGHTJAR</PROJECT>\n"
    "  <SCENE>42B</SCENE>\n"
    "  <TAKE>7</TAKE>\n"
    "  <TAPE>SR014</TAPE>\n"
    "  <CIRCLED>TRUE</CIRCLED>\n"
    "  <NOTE>plane overhead</NOTE>\n"
    "  <SPEED>\n"
    "    <MASTER_SPEED>%s</MASTER_SPEED>\n"
    "    <TIMECODE_RATE>%s</TIMECODE_RATE>\n"
    "    <TIMECODE_FLAG>%s</TIMECODE_FLAG>\n"
    "    <FILE_SAMPLE_RATE>%u</FILE_SAMPLE_RATE>\n"
    "    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>%u</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>\n"
    "    <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>%u</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>\n"
    "  </SPEED>\n"
    "  <TRACK_LIST>\n"
    "    <TRACK_COUNT>3</TRACK_COUNT>\n"
    /* Out of channel order on purpose. */
    "    <TRACK><CHANNEL_INDEX>3</CHANNEL_INDEX><NAME>Lav 2</NAME></TRACK>\n"
    "    <TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><NAME>Boom</NAME></TRACK>\n"
    "    <TRACK><CHANNEL_INDEX>2</CHANNEL_INDEX><NAME>Lav 1</NAME></TRACK>\n"
    "  </TRACK_LIST>\n"
    "</BWFXML>\n",
    rate, rate, flag, sample_rate, (guint) (samples >> 32), (guint) (samples & 0xffffffff));
}

/* Running the reader */

/* Extracts a one-file clip from a file in scratch_dir, the way the stage does. */
static IngestClip *
extract (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  IngestClip *clip = ingest_clip_new (base, INGEST_CLIP_KIND_AUDIO, "SOUND", "SOUND");
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  ingest_clip_add_file (clip, base, st.st_size);
  g_assert_true (ingest_metadata_extract_clip (clip, scratch_dir, NULL, &error));
  g_assert_no_error (error);
  return clip;
}

/* The reader alone on BYTES; returns its verdict and error. */
static gboolean
read_bytes (GBytes      *bytes,
            IngestClip  *clip,
            GError     **error)
{
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "hostile.wav");

  return ingest_metadata_reader_read_clip_file (ingest_metadata_find_reader ("bwf"), clip, "hostile.wav", source, error);
}

static JsonObject *
run_json (const char * const *argv)
{
  g_autofree char *out = NULL;
  int status;

  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  return ingest_test_parse_json_object (out);
}

static JsonObject *
exiftool (const char *path)
{
  const char *argv[] = { "exiftool", "-json", "-n", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  int status;

  /* exiftool prints an array of one object per file. */
  out = ingest_test_run_capture (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  return json_object_ref (json_array_get_object_element (array, 0));
}

/* exiftool's value of a tag as text, whatever JSON type it chose. */
static char *
exif_text (JsonObject *exif,
           const char *tag)
{
  JsonNode *node = json_object_get_member (exif, tag);

  g_assert_nonnull (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* Timecode at each rate */

typedef struct
{
  const char *name;
  const char *rate;       /* iXML TIMECODE_RATE */
  const char *flag;
  const char *speed;      /* the fps field */
  guint       sample_rate;
  guint64     samples;    /* since midnight */
  guint       seconds;    /* of audio */
  const char *tc_start;   /* worked out by hand */
  guint       frames;
  const char *tc_end;
} RateCase;

/*
 * Each start is a wall-clock time as samples; the label is the frame count
 * at the rate, rounded down (floor (samples × num / (sample rate × den))):
 *   25:        10:21:12.000 → 37272 s × 25 = 931800 frames = 10:21:12:00;
 *              4 s = 100 frames, the last 10:21:15:24.
 *   24:        01:00:00 → 86400 frames = 01:00:00:00; 2 s = 48, last 01:00:01:23.
 *   23.976:    01:00:00 → 3600 × 24000/1001 = 86313.69 → 86313 frames;
 *              at 24 labels a second that is 3596 s + 9 = 00:59:56:09;
 *              2 s = 47.95 → 47 frames, the last 86359 = 3598 s + 7 → 00:59:58:07.
 *   29.97 DF:  01:00:00 → 3600 × 30000/1001 = 107892.1 → 107892 frames, six
 *              ten-minute blocks of 17982 exactly: 01:00:00;00; 2 s = 59 frames,
 *              the last 107950 = 107892 + 58 → 01:00:01;28.
 *   29.97 NDF: 107892 frames at 30 labels a second = 3596 s + 12 → 00:59:56:12;
 *              the last 107950 = 3598 s + 10 → 00:59:58:10.
 *   96 kHz:    12:34:56.5 → 45296.5 s × 25 = 1132412.5 → 1132412 = 12:34:56:12;
 *              1 s = 25 frames, the last 12:34:57:11.
 */
static const RateCase rate_cases[] = {
  { "tc-25.wav", "25/1", "NDF", "25", 48000, 37272ull * 48000, 4, "10:21:12:00", 100, "10:21:15:24" },
  { "tc-24.wav", "24/1", "NDF", "24", 48000, 3600ull * 48000, 2, "01:00:00:00", 48, "01:00:01:23" },
  { "tc-23976.wav", "24000/1001", "NDF", "24000/1001", 48000, 3600ull * 48000, 2, "00:59:56:09", 47, "00:59:58:07" },
  { "tc-2997df.wav", "30000/1001", "DF", "30000/1001", 48000, 3600ull * 48000, 2, "01:00:00;00", 59, "01:00:01;28" },
  { "tc-2997ndf.wav", "30000/1001", "NDF", "30000/1001", 48000, 3600ull * 48000, 2, "00:59:56:12", 59, "00:59:58:10" },
  { "tc-96k.wav", "25/1", "NDF", "25", 96000, 45296ull * 96000 + 48000, 1, "12:34:56:12", 25, "12:34:57:11" },
};

static void
test_rates (void)
{
  gboolean tools = ingest_test_require_programs ("libimage-exiftool-perl", "exiftool", NULL) &&
                   ingest_test_require_programs ("ffmpeg", "ffprobe", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rate_cases); i++)
    {
      const RateCase *c = &rate_cases[i];
      g_autofree char *ixml = make_ixml (c->rate, c->flag, c->sample_rate, c->samples);
      Wav w = {
        .description = "sSCENE=42B\r\nsTAKE=7\r\nsTAPE=SR014\r\nsNOTE=plane overhead\r\nsCIRCLED=TRUE\r\n",
        .originator = "Sound Devices 888",
        .date = "2026-11-21", .time = "10:21:12",
        .time_reference = c->samples,
        .ixml = ixml,
        .ixml_after_data = i % 2 == 1,   /* recorders put it either side of the samples */
        .channels = 3, .rate = c->sample_rate, .bits = 24,
        .data_len = (guint64) c->seconds * c->sample_rate * 3 * 3,
      };
      g_autofree char *path = write_wav (c->name, &w);
      g_autoptr(IngestClip) clip = extract (path);

      g_test_message ("%s", c->name);
      g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, c->tc_start);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, c->speed);
      {
        g_autofree char *frames = g_strdup_printf ("%u", c->frames);
        g_autofree char *rate = g_strdup_printf ("%u", c->sample_rate);
        g_autofree char *seconds = g_strdup_printf ("%u", c->seconds);

        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES), ==, frames);
        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE), ==, rate);
        g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S), ==, seconds);
      }
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_END), ==, c->tc_end);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS), ==, "3");
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_BITS), ==, "24");
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_TRACKS), ==, "Boom, Lav 1, Lav 2");
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CREATED), ==, "2026-11-21T10:21:12");
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CIRCLED), ==, "true");
      g_assert_cmpstr (ingest_clip_get_attribute (clip, "bext.coding_history"), ==, "A=PCM,F=48000,W=24,M=stereo");

      if (!tools)
        continue;
      /* exiftool reads bext and iXML on its own. */
      {
        g_autoptr(JsonObject) exif = exiftool (path);
        static const struct { const char *tag; IngestClipField field; } same[] = {
          { "Originator", INGEST_CLIP_FIELD_ORIGINATOR },
          { "BwfxmlProject", INGEST_CLIP_FIELD_PRODUCTION },
          { "BwfxmlScene", INGEST_CLIP_FIELD_SCENE },
          { "BwfxmlTake", INGEST_CLIP_FIELD_TAKE },
          { "BwfxmlTape", INGEST_CLIP_FIELD_SOUND_ROLL },
          { "BwfxmlTape", INGEST_CLIP_FIELD_REEL },
          { "BwfxmlNote", INGEST_CLIP_FIELD_NOTES },
          { "BwfxmlCircled", INGEST_CLIP_FIELD_CIRCLED },
          { "NumChannels", INGEST_CLIP_FIELD_AUDIO_CHANNELS },
          { "SampleRate", INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE },
          { "BitsPerSample", INGEST_CLIP_FIELD_AUDIO_BITS },
        };
        g_autofree char *reference = exif_text (exif, "TimeReference");
        g_autofree char *want_reference = g_strdup_printf ("%" G_GUINT64_FORMAT, c->samples);
        g_autofree char *description = exif_text (exif, "Description");
        double exif_rate = json_object_get_double_member (exif, "BwfxmlSpeedTimecodeRate");
        guint num, den;

        for (guint k = 0; k < G_N_ELEMENTS (same); k++)
          {
            g_autofree char *text = exif_text (exif, same[k].tag);

            g_assert_cmpstr (ingest_clip_get_field (clip, same[k].field), ==, text);
          }
        g_assert_cmpstr (reference, ==, want_reference);
        g_assert_cmpstr (ingest_clip_get_attribute (clip, "bext.description"), ==, g_strstrip (description));
        g_assert_true (ingest_frame_rate_parse (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), &num, &den));
        g_assert_cmpfloat_with_epsilon ((double) num / den, exif_rate, 1e-9);
        g_assert_cmpstr (json_object_get_string_member (exif, "BwfxmlSpeedTimecodeFlag"), ==, c->flag);
      }
      /* ffprobe: the format's facts and bext's time reference. */
      {
        g_autoptr(JsonObject) probe = ingest_test_ffprobe (path);
        JsonObject *stream = json_array_get_object_element (json_object_get_array_member (probe, "streams"), 0);
        JsonObject *tags = json_object_get_object_member (json_object_get_object_member (probe, "format"), "tags");
        g_autofree char *want_reference = g_strdup_printf ("%" G_GUINT64_FORMAT, c->samples);
        double duration = g_ascii_strtod (json_object_get_string_member (stream, "duration"), NULL);

        g_assert_cmpstr (json_object_get_string_member (stream, "sample_rate"), ==,
                         ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE));
        g_assert_cmpint (json_object_get_int_member (stream, "channels"), ==, 3);
        g_assert_cmpfloat_with_epsilon (duration,
                                        g_ascii_strtod (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S), NULL),
                                        1e-6);
        g_assert_cmpstr (json_object_get_string_member (tags, "time_reference"), ==, want_reference);
        g_assert_cmpstr (json_object_get_string_member (tags, "encoded_by"), ==,
                         ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ORIGINATOR));
      }
    }
}

/* bext alone: the rate from sSPEED, or none at all. */
static void
test_bext_only (void)
{
  Wav w = {
    .description = "sSPEED=029.970-DF\r\nsSCENE=9\r\nsTAKE=2\r\nsTAPE=R7\r\nsTRK1=Boom\r\n",
    .originator = "Zaxcom Nova", .date = "2026:11:21", .time = "09-15-00",
    .time_reference = 3600ull * 48000,
    .channels = 1, .rate = 48000, .bits = 16, .data_len = 48000 * 2,
  };
  g_autofree char *path = write_wav ("bext-speed.wav", &w);
  g_autoptr(IngestClip) clip = extract (path);
  g_autoptr(IngestClip) bare = NULL;
  g_autofree char *bare_path = NULL;

  /* 01:00:00 at 29.97 DF, as in the table above. */
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "01:00:00;00");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, "30000/1001");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE), ==, "9");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SOUND_ROLL), ==, "R7");
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "bext.TRK1"), ==, "Boom");
  /* Any separators in the date, EBU 3285 says. */
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CREATED), ==, "2026-11-21T09:15:00");
  g_assert_null (ingest_clip_get_attribute (clip, "time_reference_samples"));

  /* No rate anywhere: no timecode, the sample count kept. */
  w.description = "sSCENE=9\r\n";
  bare_path = write_wav ("bext-bare.wav", &w);
  bare = extract (bare_path);
  g_assert_null (ingest_clip_get_field (bare, INGEST_CLIP_FIELD_TC_START));
  g_assert_null (ingest_clip_get_field (bare, INGEST_CLIP_FIELD_FPS));
  g_assert_cmpstr (ingest_clip_get_attribute (bare, "time_reference_samples"), ==, "172800000");
  g_assert_cmpstr (ingest_clip_get_field (bare, INGEST_CLIP_FIELD_DURATION_S), ==, "1");
}

/* WAVE_FORMAT_EXTENSIBLE: the valid bits, not the container's (mediainfo's
 * BitDepth against its BitDepth_Stored), and an odd chunk's pad byte. */
static void
test_extensible (void)
{
  Wav w = { .channels = 2, .rate = 96000, .bits = 24, .extensible = TRUE, .data_len = 96000 * 8,
            .odd_junk = TRUE };
  g_autofree char *path = write_wav ("extensible.wav", &w);
  g_autoptr(IngestClip) clip = extract (path);

  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_BITS), ==, "24");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_SAMPLE_RATE), ==, "96000");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S), ==, "1");
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);

  if (ingest_test_require_programs ("mediainfo", "mediainfo", NULL))
    {
      const char *argv[] = { "mediainfo", "--Output=JSON", path, NULL };
      g_autoptr(JsonObject) info = run_json (argv);
      JsonArray *tracks = json_object_get_array_member (json_object_get_object_member (info, "media"), "track");
      JsonObject *audio = json_array_get_object_element (tracks, 1);

      g_assert_cmpstr (json_object_get_string_member (audio, "@type"), ==, "Audio");
      g_assert_cmpstr (json_object_get_string_member (audio, "BitDepth"), ==, "24");
      g_assert_cmpstr (json_object_get_string_member (audio, "BitDepth_Stored"), ==, "32");
      g_assert_cmpstr (json_object_get_string_member (audio, "SamplingRate"), ==, "96000");
    }
}

/* RF64 over 4 GiB: the data size is the ds64's; the samples (a sparse
 * tail) are never read. */
static void
test_rf64 (void)
{
  g_autofree char *ixml = make_ixml ("25/1", "NDF", 48000, 37272ull * 48000);
  /* 5 GiB of 2-channel 24-bit samples: whole sample frames. */
  guint64 data_len = (5ull << 30) / 6 * 6;
  Wav w = { .description = "sSCENE=1\r\n", .time_reference = 37272ull * 48000, .ixml = ixml,
            .channels = 2, .rate = 48000, .bits = 24, .data_len = data_len, .rf64 = TRUE };
  g_autoptr(GByteArray) head = build_wav (&w, FALSE);
  g_autofree char *path = g_build_filename (scratch_dir, "big.wav", NULL);
  g_autoptr(IngestClip) clip = NULL;
  g_autofree char *seconds = NULL;
  int fd;

  ingest_test_write_file (path, head->data, head->len);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, head->len + data_len), ==, 0);
  close (fd);

  clip = extract (path);
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
  /* 5 GiB / 6 bytes per sample frame / 48000 = 18641.35 s. */
  seconds = g_strdup_printf ("%.6g", (double) (data_len / 6) / 48000);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S), ==, seconds);
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "10:21:12:00");
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), <, 64 * 1024);

  if (ingest_test_require_programs ("ffmpeg", "ffprobe", NULL))
    {
      g_autoptr(JsonObject) probe = ingest_test_ffprobe (path);
      JsonObject *format = json_object_get_object_member (probe, "format");
      double duration = g_ascii_strtod (json_object_get_string_member (format, "duration"), NULL);

      g_assert_cmpstr (json_object_get_string_member (format, "format_name"), ==, "wav");
      g_assert_cmpfloat_with_epsilon (duration, (double) (data_len / 6) / 48000, 0.01);
    }
}

/* Hostile files */

static GBytes *
wav_bytes (const Wav *w)
{
  GByteArray *a = build_wav (w, TRUE);

  return g_byte_array_free_to_bytes (a);
}

/* Overwrites the 32-bit size of the first chunk with ID. */
static GBytes *
patch_size (GBytes     *bytes,
            const char *id,
            guint32     size)
{
  gsize len = g_bytes_get_size (bytes);
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  gsize pos = 12;

  while (pos + 8 <= len)
    {
      guint32 n = data[pos + 4] | data[pos + 5] << 8 | data[pos + 6] << 16 | (guint32) data[pos + 7] << 24;

      if (memcmp (data + pos, id, 4) == 0)
        {
          data[pos + 4] = size & 0xff;
          data[pos + 5] = (size >> 8) & 0xff;
          data[pos + 6] = (size >> 16) & 0xff;
          data[pos + 7] = size >> 24;
          return g_bytes_new_take (data, len);
        }
      pos += 8 + n + (n & 1);
    }
  g_assert_not_reached ();
}

static void
test_hostile_sizes (void)
{
  Wav w = { .description = "sSCENE=1\r\n", .channels = 2, .rate = 48000, .bits = 24, .data_len = 600 };
  g_autoptr(GBytes) good = wav_bytes (&w);
  struct { const char *id; guint32 size; int code; } cases[] = {
    { "data", 0xffffffffu, INGEST_METADATA_ERROR_TRUNCATED },
    { "data", 601, INGEST_METADATA_ERROR_TRUNCATED },
    { "fmt ", 0x7ffffff0u, INGEST_METADATA_ERROR_TRUNCATED },
    { "bext", 0xffffffffu, INGEST_METADATA_ERROR_TRUNCATED },
    { "bext", 10, INGEST_METADATA_ERROR_MALFORMED },
    { "fmt ", 4, INGEST_METADATA_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bad = patch_size (good, cases[i].id, cases[i].size);
      g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
      g_autoptr(GError) error = NULL;

      g_test_message ("%s size %u", cases[i].id, cases[i].size);
      g_assert_false (read_bytes (bad, clip, &error));
      g_assert_error (error, INGEST_METADATA_ERROR, cases[i].code);
    }

  /* A broken chunk after fmt: what came before stays. */
  {
    g_autoptr(GBytes) bad = patch_size (good, "data", 0xfffffff0u);
    g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_false (read_bytes (bad, clip, &error));
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS), ==, "2");
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE), ==, "1");
  }

  /* Every truncation of a good file: an error or a partial read, never a crash. */
  for (gsize cut = 0; cut < g_bytes_get_size (good); cut += 7)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (good, 0, cut);
      g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
      g_autoptr(GError) error = NULL;

      if (!read_bytes (part, clip, &error))
        g_assert_true (error->domain == INGEST_METADATA_ERROR);
    }
}

static void
test_hostile_rf64 (void)
{
  Wav w = { .channels = 2, .rate = 48000, .bits = 24, .data_len = 600, .rf64 = TRUE };
  g_autoptr(GBytes) good = wav_bytes (&w);
  gsize len;
  const guint8 *data = g_bytes_get_data (good, &len);
  g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
  g_autoptr(GError) error = NULL;

  g_assert_true (read_bytes (good, clip, &error));
  g_assert_no_error (error);

  /* ds64's data size lies: 2^63 bytes of samples in a 700-byte file. */
  {
    guint8 *bad = g_memdup2 (data, len);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(IngestClip) c = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");

    /* RF64 head (12) + ds64 head (8) + riff size (8): the data size. */
    memset (bad + 28, 0, 8);
    bad[35] = 0x80;
    bytes = g_bytes_new_take (bad, len);
    g_assert_false (read_bytes (bytes, c, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TRUNCATED);
    g_clear_error (&error);
  }
  /* An RF64 without ds64 first. */
  {
    guint8 *bad = g_memdup2 (data, len);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(IngestClip) c = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");

    memcpy (bad + 12, "JUNK", 4);
    bytes = g_bytes_new_take (bad, len);
    g_assert_false (read_bytes (bytes, c, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
    g_clear_error (&error);
  }
  /* A ds64 table claiming a million entries. */
  {
    guint8 *bad = g_memdup2 (data, len);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(IngestClip) c = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");

    bad[44] = 0x40; bad[45] = 0x42; bad[46] = 0x0f;
    bytes = g_bytes_new_take (bad, len);
    g_assert_false (read_bytes (bytes, c, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
    g_clear_error (&error);
  }
}

/* Thousands of empty chunks: refused, not walked forever. */
static void
test_hostile_chunk_flood (void)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
  g_autoptr(GError) error = NULL;

  g_byte_array_append (a, (const guint8 *) "RIFF\0\0\0\0WAVE", 12);
  for (guint i = 0; i < 100000; i++)
    put_chunk (a, "junk", NULL, 0, 0);
  bytes = g_byte_array_free_to_bytes (a);
  g_assert_false (read_bytes (bytes, clip, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
}

static const char billion_laughs[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE BWFXML [\n"
  " <!ENTITY a \"aaaaaaaaaa\">\n"
  " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
  " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
  " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
  " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
  " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
  " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
  " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
  " <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
  "]>\n"
  "<BWFXML><SCENE>&i;</SCENE><NOTE>&i;</NOTE></BWFXML>\n";

static const char external_entity[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE BWFXML [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
  "<BWFXML><SCENE>&secret;</SCENE><NOTE>&secret;</NOTE></BWFXML>\n";

static void
check_no_passwd (IngestClip *clip)
{
  g_auto(GStrv) names = ingest_clip_dup_attribute_names (clip);

  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    g_assert_null (strstr (ingest_clip_get_field (clip, f) ? ingest_clip_get_field (clip, f) : "", "root:"));
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_null (strstr (ingest_clip_get_attribute (clip, names[i]), "root:"));
}

static void
test_hostile_xml (void)
{
  const char *documents[] = { billion_laughs, external_entity };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      Wav w = { .description = "sSCENE=bext\r\n", .ixml = documents[i],
                .channels = 2, .rate = 48000, .bits = 24, .data_len = 600 };
      g_autoptr(GBytes) bytes = wav_bytes (&w);
      g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();

      g_assert_false (read_bytes (bytes, clip, &error));
      g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
      /* Refused at once, and bext still read. */
      g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE), ==, "bext");
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS), ==, "2");
      check_no_passwd (clip);
    }

  /* An iXML chunk over its bound. */
  {
    g_autofree char *huge = g_strnfill (2 * 1024 * 1024, ' ');
    Wav w = { .ixml = huge, .channels = 2, .rate = 48000, .bits = 24, .data_len = 6 };
    g_autoptr(GBytes) bytes = wav_bytes (&w);
    g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_false (read_bytes (bytes, clip, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_TOO_LARGE);
  }
}

/* Latin-1 in the description: that field refused (a problem), the rest read. */
static void
test_not_utf8 (void)
{
  Wav w = { .description = "sSCENE=Caf\xe9\r\nsTAKE=3\r\n", .originator = "Nagra \xc0",
            .channels = 2, .rate = 48000, .bits = 24, .data_len = 6 };
  g_autoptr(GBytes) bytes = wav_bytes (&w);
  g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
  g_autoptr(GError) error = NULL;

  g_assert_true (read_bytes (bytes, clip, &error));
  g_assert_no_error (error);
  g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE));
  g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_ORIGINATOR));
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TAKE), ==, "3");
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 2);
  /* Attributes are kept as valid UTF-8. */
  g_assert_true (g_utf8_validate (ingest_clip_get_attribute (clip, "bext.description"), -1, NULL));
}

/* An external entity naming a file: the file is never even opened
 * (inotify would see an IN_OPEN). */
static void
test_hostile_external_file (void)
{
  static const char secret[] = "root:x:0:0:root:/root:/bin/sh\n";
  g_autofree char *canary = g_build_filename (scratch_dir, "canary.txt", NULL);
  g_autofree char *ixml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                                           "<!DOCTYPE BWFXML [ <!ENTITY c SYSTEM \"file://%s\"> ]>\n"
                                           "<BWFXML><SCENE>&c;</SCENE></BWFXML>\n", canary);
  Wav w = { .ixml = ixml, .channels = 2, .rate = 48000, .bits = 24, .data_len = 6 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(IngestClip) clip = ingest_clip_new ("x", INGEST_CLIP_KIND_AUDIO, "R", "R");
  g_autoptr(GError) error = NULL;
  struct inotify_event events[4];
  int watch;

  ingest_test_write_file (canary, secret, strlen (secret));
  watch = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (watch, >=, 0);
  g_assert_cmpint (inotify_add_watch (watch, canary, IN_OPEN | IN_ACCESS), >=, 0);

  bytes = wav_bytes (&w);
  g_assert_false (read_bytes (bytes, clip, &error));
  g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
  check_no_passwd (clip);

  g_assert_cmpint (read (watch, events, sizeof events), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);
  /* (The watch works: opening the file is seen.) */
  {
    g_autoptr(GBytes) contents = ingest_test_read_bytes (canary);

    g_assert_cmpint (read (watch, events, sizeof events), >, 0);
  }
  close (watch);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  scratch_dir = ingest_test_make_tmpdir ("test-metadata-bwf");

  g_test_add_func ("/metadata/bwf/rates", test_rates);
  g_test_add_func ("/metadata/bwf/bext-only", test_bext_only);
  g_test_add_func ("/metadata/bwf/extensible", test_extensible);
  g_test_add_func ("/metadata/bwf/rf64", test_rf64);
  g_test_add_func ("/metadata/bwf/hostile/sizes", test_hostile_sizes);
  g_test_add_func ("/metadata/bwf/hostile/rf64", test_hostile_rf64);
  g_test_add_func ("/metadata/bwf/hostile/chunk-flood", test_hostile_chunk_flood);
  g_test_add_func ("/metadata/bwf/hostile/xml", test_hostile_xml);
  g_test_add_func ("/metadata/bwf/hostile/external-file", test_hostile_external_file);
  g_test_add_func ("/metadata/bwf/hostile/not-utf8", test_not_utf8);

  status = g_test_run ();
  ingest_test_rm_rf (scratch_dir);
  g_free (scratch_dir);
  return status;
}
