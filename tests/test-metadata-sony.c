/* test-metadata-sony.c
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

#define G_LOG_DOMAIN "test-metadata-sony"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* The Sony NonRealTimeMeta reader, with timecodes decoded by hand from the
 * LTC's BCD bytes (reasoning beside each case). */

static char *scratch_dir;

/* A card folder in scratch_dir with CLIP's NRT XML (the clip's MXF is left
 * out: only the XML is under test). */
static IngestClip *
make_clip (const char *card,
           const char *clip_name,
           const char *xml)
{
  g_autofree char *dir = g_build_filename (scratch_dir, card, "Clip", NULL);
  g_autofree char *nrt = g_strdup_printf ("Clip/%sM01.XML", clip_name);
  g_autofree char *nrt_path = g_build_filename (scratch_dir, card, nrt, NULL);
  IngestClip *clip = ingest_clip_new (clip_name, INGEST_CLIP_KIND_VIDEO, card, card);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  ingest_test_write_file (nrt_path, xml, strlen (xml));
  ingest_clip_add_file (clip, nrt, strlen (xml));
  return clip;
}

static IngestClip *
extract (const char *card,
         const char *clip_name,
         const char *xml)
{
  g_autofree char *root = g_build_filename (scratch_dir, card, NULL);
  IngestClip *clip = make_clip (card, clip_name, xml);
  g_autoptr(GError) error = NULL;

  g_assert_true (ingest_metadata_extract_clip (clip, root, NULL, &error));
  g_assert_no_error (error);
  return clip;
}

/* The document as our demo drive writes it (write_sony_nrt), and as an FX9
 * or FX6 does, with the parts the demo leaves out. */
static char *
nrt_xml (const char *tc_fps,
         const char *half_step,
         const char *ltc_value,
         const char *format_fps,
         guint       duration)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<NonRealTimeMeta xmlns=\"urn:schemas-professionalDisc:nonRealTimeMeta:ver.2.00\" "
    "xmlns:lib=\"urn:schemas-professionalDisc:lib:ver.2.00\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" lastUpdate=\"2026-11-21T10:24:39Z\">\n"
    "  <TargetMaterial umidRef=\"060A2B340101010501010D43130000000000000400000000000000000000000\"/>\n"
    "  <Duration value=\"%u\"/>\n"
    "  <LtcChangeTable tcFps=\"%s\" halfStep=\"%s\">\n"
    "    <LtcChange frameCount=\"0\" value=\"%s\" status=\"increment\"/>\n"
    "  </LtcChangeTable>\n"
    "  <CreationDate value=\"2026-11-21T10:24:39+01:00\"/>\n"
    "  <VideoFormat>\n"
    "    <VideoRecPort port=\"DIRECT\"/>\n"
    "    <VideoFrame videoCodec=\"AVC_3840_2160_H422IP@L51\" captureFps=\"%s\" formatFps=\"%s\"/>\n"
    "    <VideoLayout pixel=\"3840\" numOfVerticalLine=\"2160\" aspectRatio=\"16:9\"/>\n"
    "  </VideoFormat>\n"
    "  <AudioFormat numOfChannel=\"4\"/>\n"
    "  <Device manufacturer=\"Sony\" modelName=\"PXW-FX9\" serialNo=\"0012345\"/>\n"
    "  <Lens modelName=\"FE C 16-35mm T3.1 G\"/>\n"
    "  <RecordingMode type=\"normal\" cacheRec=\"false\"/>\n"
    "  <AcquisitionRecord>\n"
    "    <Group name=\"CameraUnitMetadataSet\">\n"
    "      <Item name=\"CaptureGammaEquation\" value=\"s-log3-cine\"/>\n"
    "      <Item name=\"CaptureColorPrimaries\" value=\"s-gamut3-cine\"/>\n"
    "      <Item name=\"CodingEquations\" value=\"rec709\"/>\n"
    "    </Group>\n"
    "  </AcquisitionRecord>\n"
    "  <UserDescriptiveMetadata><Meta name=\"Scene\" content=\"12A\"/><Meta name=\"Take\" content=\"2\"/></UserDescriptiveMetadata>\n"
    "</NonRealTimeMeta>\n",
    duration, tc_fps, half_step, ltc_value, format_fps, format_fps);
}

typedef struct
{
  const char *tc_fps;
  const char *half_step;
  const char *value;
  const char *format_fps;
  guint       duration;
  const char *fps;
  const char *tc_start;
  const char *tc_end;
} LtcCase;

/*
 * LtcChange@value is the LTC's bytes frames, seconds, minutes, hours, as
 * eight hex digits, each byte two BCD digits under flag bits.
 *
 *   25:  "12152110" → 0x12 = 12 frames, 0x15 = 15 s, 0x21 = 21 min, 0x10 =
 *        10 h: 10:21:15:12. 250 frames (10 s) end on the 249th after it:
 *        12 + 249 = 261 = 10 s + 11 → 10:21:25:11.
 *   29.97 DF: "48544103" → 0x48 = 0100 1000: bit 6 is the drop-frame flag,
 *        0x08 = 8 frames; 0x54 = 54 s; 0x41 = 41 min; 0x03 = 3 h:
 *        03:41:54;08. 300 frames: the 299th after it. 172 frames reach
 *        minute 42 (5 s × 30 + 22), whose labels ;00 and ;01 drop-frame
 *        skips, so they land on 03:42:00;02; 127 more: 2 + 127 = 129 =
 *        4 s + 9 → 03:42:04;09.
 *   59.94 halfStep: tcFps 30 counts frame pairs. "52300912" → 0x52 =
 *        0101 0010: drop-frame, 0x12 = 12; 0x30 = 30 s; 0x09; 0x12:
 *        12:09:30;12 at 29.97 DF, the first frame of pair 12, which at
 *        59.94 is frame 24 → 12:09:30;24. "52B00912": the seconds byte
 *        0xB0 has bit 7 (the pair's second frame) over 0x30 → 12:09:30;25.
 *        600 frames after ;24: 24 + 599 = 623 = 10 s + 23 → 12:09:40;23.
 */
static const LtcCase ltc_cases[] = {
  { "25", "false", "12152110", "25p", 250, "25", "10:21:15:12", "10:21:25:11" },
  { "30", "false", "48544103", "29.97p", 300, "30000/1001", "03:41:54;08", "03:42:04;09" },
  { "30", "true", "52300912", "59.94p", 600, "60000/1001", "12:09:30;24", "12:09:40;23" },
  { "30", "true", "52B00912", "59.94p", 600, "60000/1001", "12:09:30;25", "12:09:40;24" },
};

static void
test_ltc (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ltc_cases); i++)
    {
      const LtcCase *c = &ltc_cases[i];
      g_autofree char *xml = nrt_xml (c->tc_fps, c->half_step, c->value, c->format_fps, c->duration);
      g_autofree char *card = g_strdup_printf ("ltc%u", i);
      g_autoptr(IngestClip) clip = extract (card, "C0001", xml);
      g_autofree char *frames = g_strdup_printf ("%u", c->duration);

      g_test_message ("%s at %s", c->value, c->format_fps);
      g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 0);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, c->tc_start);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_END), ==, c->tc_end);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS), ==, c->fps);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAPTURE_FPS), ==, c->fps);
      g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES), ==, frames);
    }
}

static void
test_fields (void)
{
  g_autofree char *xml = nrt_xml ("25", "false", "00000010", "25p", 75);
  g_autoptr(IngestClip) clip = extract ("fields", "C0007", xml);

  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START), ==, "10:00:00:00");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CODEC), ==, "AVC_3840_2160_H422IP@L51");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_WIDTH), ==, "3840");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_HEIGHT), ==, "2160");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_AUDIO_CHANNELS), ==, "4");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MAKE), ==, "Sony");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_MODEL), ==, "PXW-FX9");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CAMERA_SERIAL), ==, "0012345");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_LENS), ==, "FE C 16-35mm T3.1 G");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CREATED), ==, "2026-11-21T10:24:39+01:00");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_GAMMA), ==, "s-log3-cine");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SCENE), ==, "12A");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TAKE), ==, "2");
  g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_DURATION_S), ==, "3");
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "sony.CaptureColorPrimaries"), ==, "s-gamut3-cine");
  g_assert_cmpstr (ingest_clip_get_attribute (clip, "sony.RecordingMode"), ==, "normal");
  g_assert_nonnull (ingest_clip_get_attribute (clip, "umid"));
}

/* MEDIAPRO.XML, the card's index: matched by the Material's uri. */
static void
test_mediapro (void)
{
  static const char index[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<MediaProfile xmlns=\"http://xmlns.sony.net/pro/metadata/mediaprofile\" createdAt=\"2026-11-21T08:02:11Z\" version=\"1.20\">\n"
    "  <Properties>\n"
    "    <System systemId=\"0000001\" systemKind=\"PXW-FX9 ver.3.00\" masterVersion=\"1.20\" vender=\"Sony\"/>\n"
    "    <Attached mediaId=\"B0010000000000000001\" mediaKind=\"SxS\" mediaName=\"B001\"/>\n"
    "  </Properties>\n"
    "  <Contents>\n"
    "    <Material uri=\"./Clip/C0001.MXF\" type=\"MXF\" videoType=\"AVC_960_540_HP@L31\" audioType=\"NONE\" "
    "fps=\"25p\" dur=\"75\" ch=\"0\" aspectRatio=\"16:9\" offset=\"0\" umid=\"060A2B340101010501010D431300000000000004\">\n"
    "      <RelevantInfo uri=\"./Clip/C0001M01.XML\" type=\"XML\"/>\n"
    "    </Material>\n"
    "    <Material uri=\"./Clip/C0002.MXF\" type=\"MXF\" videoType=\"AVC_960_540_HP@L31\" audioType=\"NONE\" "
    "fps=\"59.94i\" dur=\"90\" ch=\"2\" aspectRatio=\"16:9\" offset=\"0\" umid=\"060A2B340101010501010D431300000000000005\"/>\n"
    "    <Material uri=\"./Clip/C0099.MXF\" type=\"MXF\" videoType=\"X\" fps=\"25p\" dur=\"1\" ch=\"0\"/>\n"
    "  </Contents>\n"
    "</MediaProfile>\n";
  g_autofree char *root = g_build_filename (scratch_dir, "index", NULL);
  g_autofree char *index_path = g_build_filename (root, "MEDIAPRO.XML", NULL);
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  IngestClip *one, *two;

  one = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "B001", "index");
  ingest_clip_add_file (one, "Clip/C0001.MXF", 0);
  two = ingest_clip_new ("C0002", INGEST_CLIP_KIND_VIDEO, "B001", "index");
  ingest_clip_add_file (two, "Clip/C0002.MXF", 0);
  /* What the clip's own XML said first stands. */
  ingest_clip_offer_field (one, INGEST_CLIP_FIELD_CODEC, "from-nrt");
  g_ptr_array_add (clips, one);
  g_ptr_array_add (clips, two);
  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  ingest_test_write_file (index_path, index, strlen (index));
  g_ptr_array_add (others, (gpointer) "MEDIAPRO.XML");

  g_assert_true (ingest_metadata_extract_roll (clips, root, others, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_clip_get_attribute (one, "umid"), ==, "060A2B340101010501010D431300000000000004");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_CODEC), ==, "from-nrt");
  g_assert_cmpstr (ingest_clip_get_field (one, INGEST_CLIP_FIELD_FRAMES), ==, "75");
  g_assert_cmpstr (ingest_clip_get_attribute (two, "sony.mediaName"), ==, "B001");
  /* 59.94i names fields: 29.97 frames a second. */
  g_assert_cmpstr (ingest_clip_get_field (two, INGEST_CLIP_FIELD_FPS), ==, "30000/1001");
  g_assert_cmpstr (ingest_clip_get_field (two, INGEST_CLIP_FIELD_AUDIO_CHANNELS), ==, "2");
  g_assert_cmpstr (ingest_clip_get_field (two, INGEST_CLIP_FIELD_CODEC), ==, "AVC_960_540_HP@L31");
}

/* Hostile documents */

static gboolean
read_xml (const char  *xml,
          gssize       len,
          IngestClip  *clip,
          GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, len < 0 ? strlen (xml) : (gsize) len);
  g_autoptr(IngestByteSource) source = ingest_byte_source_new_for_bytes (bytes, "C0001M01.XML");

  return ingest_metadata_reader_read_clip_file (ingest_metadata_find_reader ("sony-xml"), clip, "Clip/C0001M01.XML",
                                                source, error);
}

static void
test_hostile_entities (void)
{
  static const char * const documents[] = {
    "<?xml version=\"1.0\"?>\n<!DOCTYPE NonRealTimeMeta [\n"
    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
    "]>\n<NonRealTimeMeta><Device modelName=\"&g;\"/><Lens modelName=\"&g;\"/></NonRealTimeMeta>\n",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE NonRealTimeMeta [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<NonRealTimeMeta><Lens modelName=\"x\">&x;</Lens><UserDescriptiveMetadata><Meta name=\"Scene\" content=\"&x;\"/>"
    "</UserDescriptiveMetadata></NonRealTimeMeta>\n",
    "<?xml version=\"1.0\"?>\n<!DOCTYPE NonRealTimeMeta SYSTEM \"http://127.0.0.1:9/nrt.dtd\">\n"
    "<NonRealTimeMeta><Duration value=\"5\"/></NonRealTimeMeta>\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();

      g_assert_false (read_xml (documents[i], -1, clip, &error));
      g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
      g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
      for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
        g_assert_null (ingest_clip_get_field (clip, f));
    }
}

/* A 2 GB "XML" (sparse): refused by its size before a byte is read. */
static void
test_hostile_huge (void)
{
  g_autofree char *xml = nrt_xml ("25", "false", "00000010", "25p", 75);
  g_autoptr(IngestClip) clip = make_clip ("huge", "C0001", xml);
  g_autofree char *root = g_build_filename (scratch_dir, "huge", NULL);
  g_autofree char *path = g_build_filename (root, "Clip/C0001M01.XML", NULL);
  g_autoptr(GError) error = NULL;
  gint64 started;
  int fd;

  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 2ll << 30), ==, 0);
  close (fd);

  started = g_get_monotonic_time ();
  g_assert_true (ingest_metadata_extract_clip (clip, root, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
  g_assert_cmpuint (ingest_clip_get_bytes_read (clip), ==, 0);
  g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 1);
  g_assert_nonnull (strstr (ingest_clip_get_problem (clip, 0), "more than a sidecar"));
}

static void
test_hostile_broken (void)
{
  g_autofree char *good = nrt_xml ("30", "false", "48544103", "29.97p", 300);
  gsize len = strlen (good);
  /* Declared UTF-8, holding Latin-1. */
  static const char latin1[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><NonRealTimeMeta><Lens modelName=\"Caf\xe9\"/></NonRealTimeMeta>";
  /* Declared Latin-1: libxml2 converts it, which is right. */
  static const char declared[] =
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><NonRealTimeMeta><Lens modelName=\"Caf\xe9\"/></NonRealTimeMeta>";
  static const char bad_ltc[] =
    "<NonRealTimeMeta><LtcChangeTable tcFps=\"25\"><LtcChange value=\"ZZ000000\"/></LtcChangeTable>"
    "<Duration value=\"-4\"/></NonRealTimeMeta>";
  static const char wrong_root[] = "<MediaProfile/>";
  g_autoptr(GString) deep = g_string_new ("<NonRealTimeMeta>");

  /* Every truncation: a clean error (or, for a prefix that is still a
   * document, none), never a crash. */
  for (gsize cut = 0; cut < len; cut += 13)
    {
      g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
      g_autoptr(GError) error = NULL;

      g_assert_false (read_xml (good, cut, clip, &error));
      g_assert_true (error->domain == INGEST_METADATA_ERROR);
    }
  {
    g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_false (read_xml (latin1, -1, clip, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
  }
  {
    g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_true (read_xml (declared, -1, clip, &error));
    g_assert_cmpstr (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_LENS), ==, "Caf\xc3\xa9");
  }
  {
    g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_true (read_xml (bad_ltc, -1, clip, &error));
    g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START));
    g_assert_null (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FRAMES));
    g_assert_cmpuint (ingest_clip_get_n_problems (clip), ==, 1);
  }
  {
    g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_false (read_xml (wrong_root, -1, clip, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED);
  }
  /* Nesting deeper than libxml2's limit (256 without XML_PARSE_HUGE). */
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<a>");
  {
    g_autoptr(IngestClip) clip = ingest_clip_new ("C0001", INGEST_CLIP_KIND_VIDEO, "R", "R");
    g_autoptr(GError) error = NULL;

    g_assert_false (read_xml (deep->str, deep->len, clip, &error));
    g_assert_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ingest_init ();
  scratch_dir = ingest_test_make_tmpdir ("test-metadata-sony");

  g_test_add_func ("/metadata/sony/ltc", test_ltc);
  g_test_add_func ("/metadata/sony/fields", test_fields);
  g_test_add_func ("/metadata/sony/mediapro", test_mediapro);
  g_test_add_func ("/metadata/sony/hostile/entities", test_hostile_entities);
  g_test_add_func ("/metadata/sony/hostile/huge", test_hostile_huge);
  g_test_add_func ("/metadata/sony/hostile/broken", test_hostile_broken);

  status = g_test_run ();
  ingest_test_rm_rf (scratch_dir);
  g_free (scratch_dir);
  return status;
}
