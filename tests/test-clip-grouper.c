/* test-clip-grouper.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Grouping a roll's files into clips: each card layout's rules on trees
 * written in a temporary folder, the demo drive (every file of a roll in
 * exactly one clip or in other_paths, checked against our own listing), and
 * a 100 000-file roll to show the grouping is linear. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-demo.h"
#include "ingest-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = ingest_test_make_tmpdir ("ingest-grouper-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ingest_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* Writes each relative path under ROOT with a few bytes (the size is the
 * path's length, so sizes can be checked). */
static void
make_tree (const char         *root,
           const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root, paths[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      ingest_test_write_file (path, paths[i], strlen (paths[i]));
    }
}

static IngestClipGrouping *
scan (const char     *root,
      const char     *roll_path,
      IngestCardKind  kind)
{
  g_autoptr(GError) error = NULL;
  IngestClipGrouping *grouping = ingest_clip_scan_roll (root, roll_path, kind, "ROLL", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (grouping);
  return grouping;
}

static IngestClip *
find_clip (IngestClipGrouping *grouping,
           const char         *name)
{
  for (guint i = 0; i < grouping->clips->len; i++)
    if (strcmp (ingest_clip_get_name (g_ptr_array_index (grouping->clips, i)), name) == 0)
      return g_ptr_array_index (grouping->clips, i);
  g_error ("no clip %s", name);
  return NULL;
}

/* The clip's files, in its order, joined by spaces. */
static char *
files_of (IngestClip *clip)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < ingest_clip_get_n_files (clip); i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, ingest_clip_get_file (clip, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
names_of (IngestClipGrouping *grouping)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < grouping->clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (grouping->clips, i);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, "%s:%s", ingest_clip_get_name (clip),
                              ingest_clip_kind_to_string (ingest_clip_get_kind (clip)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
others_of (IngestClipGrouping *grouping)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < grouping->other_paths->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, g_ptr_array_index (grouping->other_paths, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_files(grouping, clip_name, expected) G_STMT_START { \
    g_autofree char *files__ = files_of (find_clip ((grouping), (clip_name))); \
    g_assert_cmpstr (files__, ==, (expected)); \
  } G_STMT_END

/*
 * Layouts
 */

/* ARRI: a MOV with its same-stem CDL; the ALE is the roll's; Finder litter
 * and the ascmhl history are in neither list. */
static void
test_arri (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const tree[] = {
    "A001R1AB/A001C001_261121_R1AB.mov",
    "A001R1AB/A001C001_261121_R1AB.cdl",
    "A001R1AB/A001C002_261121_R1AB.mov",
    "A001R1AB/A001R1AB.ale",
    "A001R1AB/.DS_Store",
    "A001R1AB/._A001C001_261121_R1AB.mov",
    "A001R1AB/ascmhl/0001_A001R1AB_2026-11-21_194200Z.mhl",
    "A001R1AB/ascmhl/ascmhl_chain.xml",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;
  g_autofree char *others = NULL;
  IngestClip *clip;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "A001R1AB", INGEST_CARD_KIND_ARRI);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "A001C001_261121_R1AB:video A001C002_261121_R1AB:video");
  assert_files (grouping, "A001C001_261121_R1AB", "A001C001_261121_R1AB.mov A001C001_261121_R1AB.cdl");
  others = others_of (grouping);
  g_assert_cmpstr (others, ==, "A001R1AB.ale");

  clip = find_clip (grouping, "A001C001_261121_R1AB");
  g_assert_cmpstr (ingest_clip_get_roll_name (clip), ==, "ROLL");
  g_assert_cmpstr (ingest_clip_get_roll_path (clip), ==, "A001R1AB");
  g_assert_cmpstr (ingest_clip_get_media_file (clip), ==, "A001C001_261121_R1AB.mov");
  /* Sizes from lstat: make_tree wrote the drive-relative path as content. */
  g_assert_cmpuint (ingest_clip_get_file_size (clip, 0), ==, strlen ("A001R1AB/A001C001_261121_R1AB.mov"));
  g_assert_cmpuint (ingest_clip_get_total_bytes (clip), ==,
                    strlen ("A001R1AB/A001C001_261121_R1AB.mov") + strlen ("A001R1AB/A001C001_261121_R1AB.cdl"));
}

/* Sony XDCAM: the MXF, its M01.XML, its thumbnail in Thmbnl/ and its proxy
 * in Sub/ beside Clip/ are one clip; MEDIAPRO.XML is the roll's. */
static void
test_sony (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const tree[] = {
    "B001/XDROOT/Clip/C0001.MXF",
    "B001/XDROOT/Clip/C0001M01.XML",
    "B001/XDROOT/Clip/C0002.MXF",
    "B001/XDROOT/Clip/C0002M01.XML",
    "B001/XDROOT/Thmbnl/C0001T01.JPG",
    "B001/XDROOT/Thmbnl/C0002T01.JPG",
    "B001/XDROOT/Sub/C0001S03.MXF",
    "B001/XDROOT/MEDIAPRO.XML",
    "B001/XDROOT/General/Sony/DISCMETA.XML",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;
  g_autofree char *others = NULL;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "B001", INGEST_CARD_KIND_SONY_XDCAM);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "C0001:video C0002:video");
  assert_files (grouping, "C0001",
                "XDROOT/Clip/C0001.MXF XDROOT/Clip/C0001M01.XML XDROOT/Sub/C0001S03.MXF XDROOT/Thmbnl/C0001T01.JPG");
  assert_files (grouping, "C0002", "XDROOT/Clip/C0002.MXF XDROOT/Clip/C0002M01.XML XDROOT/Thmbnl/C0002T01.JPG");
  others = others_of (grouping);
  g_assert_cmpstr (others, ==, "XDROOT/General/Sony/DISCMETA.XML XDROOT/MEDIAPRO.XML");
}

/* RED: each .RDC folder is one clip of all its files, the "_001.R3D" first,
 * the spanned parts and the .RMD after it in name order. */
static void
test_red (Fixture       *fixture,
          gconstpointer  data)
{
  const char * const tree[] = {
    "A001_0101AB.RDM/A001_C001_0101XY.RDC/A001_C001_0101XY_003.R3D",
    "A001_0101AB.RDM/A001_C001_0101XY.RDC/A001_C001_0101XY_001.R3D",
    "A001_0101AB.RDM/A001_C001_0101XY.RDC/A001_C001_0101XY_002.R3D",
    "A001_0101AB.RDM/A001_C001_0101XY.RDC/A001_C001_0101XY.RMD",
    "A001_0101AB.RDM/A001_C002_0101QQ.RDC/A001_C002_0101QQ_001.R3D",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "A001_0101AB.RDM", INGEST_CARD_KIND_RED);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "A001_C001_0101XY:video A001_C002_0101QQ:video");
  assert_files (grouping, "A001_C001_0101XY",
                "A001_C001_0101XY.RDC/A001_C001_0101XY_001.R3D A001_C001_0101XY.RDC/A001_C001_0101XY.RMD "
                "A001_C001_0101XY.RDC/A001_C001_0101XY_002.R3D A001_C001_0101XY.RDC/A001_C001_0101XY_003.R3D");
  g_assert_cmpuint (grouping->other_paths->len, ==, 0);
}

/* A spanned clip outside a clip folder: "_002" parts follow the "_001". */
static void
test_spanned_loose (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const tree[] = {
    "R/A002_C003_0202ZZ_001.R3D",
    "R/A002_C003_0202ZZ_002.R3D",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "R", INGEST_CARD_KIND_RED);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "A002_C003_0202ZZ_001:video");
  assert_files (grouping, "A002_C003_0202ZZ_001", "A002_C003_0202ZZ_001.R3D A002_C003_0202ZZ_002.R3D");
}

/* Blackmagic: a BRAW and its .sidecar. */
static void
test_braw (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const tree[] = {
    "A001_08151234_C001.braw",
    "A001_08151234_C001.sidecar",
    "A001_08151234_C002.braw",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;

  make_tree (fixture->dir, tree);
  /* The drive root is the roll: "." as a roll path is the root. */
  grouping = scan (fixture->dir, ".", INGEST_CARD_KIND_BLACKMAGIC);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "A001_08151234_C001:video A001_08151234_C002:video");
  assert_files (grouping, "A001_08151234_C001", "A001_08151234_C001.braw A001_08151234_C001.sidecar");
  g_assert_cmpstr (ingest_clip_get_roll_path (find_clip (grouping, "A001_08151234_C001")), ==, "");
}

/* Numbered frames: each folder's run of one prefix and extension is one
 * SEQUENCE with its range and gaps; a lone numbered image is a STILL. */
static void
test_sequences (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) tree = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;
  g_autofree char *others = NULL;
  IngestClip *clip;
  gint64 first, last;

  /* shot010.1001001.exr … 1001010 without 1001004, 1001005 and 1001008. */
  for (guint f = 1001001; f <= 1001010; f++)
    if (f != 1001004 && f != 1001005 && f != 1001008)
      g_ptr_array_add (tree, g_strdup_printf ("P/plates/shot010.%07u.exr", f));
  /* Another run in the same folder: other prefix. */
  for (guint f = 1; f <= 3; f++)
    g_ptr_array_add (tree, g_strdup_printf ("P/plates/shot020_%04u.exr", f));
  /* CinemaDNG and a same-stem look file; DPX frames with no separator. */
  for (guint f = 98; f <= 102; f++)
    g_ptr_array_add (tree, g_strdup_printf ("P/A001_C007/A001_C007_%06u.dng", f));
  for (guint f = 1; f <= 3; f++)
    g_ptr_array_add (tree, g_strdup_printf ("P/dpx/plate%04u.dpx", f));
  g_ptr_array_add (tree, g_strdup ("P/A001_C007/A001_C007.cdl"));
  /* Lone numbered still; two-digit numbers are not frames. */
  g_ptr_array_add (tree, g_strdup ("P/stills/ref_0042.dng"));
  g_ptr_array_add (tree, g_strdup ("P/stills/cover01.tif"));
  g_ptr_array_add (tree, g_strdup ("P/stills/readme.txt"));
  g_ptr_array_add (tree, NULL);

  make_tree (fixture->dir, (const char * const *) tree->pdata);
  grouping = scan (fixture->dir, "P", INGEST_CARD_KIND_GENERIC);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "A001_C007:sequence cover01:other plate:sequence ref_0042:still shot010:sequence shot020:sequence");

  clip = find_clip (grouping, "shot010");
  g_assert_cmpuint (ingest_clip_get_n_files (clip), ==, 7);
  g_assert_cmpstr (ingest_clip_get_media_file (clip), ==, "plates/shot010.1001001.exr");
  g_assert_cmpstr (ingest_clip_get_file (clip, 6), ==, "plates/shot010.1001010.exr");
  g_assert_true (ingest_clip_get_frame_range (clip, &first, &last));
  g_assert_cmpint (first, ==, 1001001);
  g_assert_cmpint (last, ==, 1001010);
  g_assert_cmpuint (ingest_clip_get_n_missing_ranges (clip), ==, 2);
  ingest_clip_get_missing_range (clip, 0, &first, &last);
  g_assert_cmpint (first, ==, 1001004);
  g_assert_cmpint (last, ==, 1001005);
  ingest_clip_get_missing_range (clip, 1, &first, &last);
  g_assert_cmpint (first, ==, 1001008);
  g_assert_cmpint (last, ==, 1001008);

  clip = find_clip (grouping, "A001_C007");
  assert_files (grouping, "A001_C007",
                "A001_C007/A001_C007_000098.dng A001_C007/A001_C007_000099.dng A001_C007/A001_C007_000100.dng "
                "A001_C007/A001_C007_000101.dng A001_C007/A001_C007_000102.dng A001_C007/A001_C007.cdl");
  g_assert_true (ingest_clip_get_frame_range (clip, &first, &last));
  g_assert_cmpint (first, ==, 98);
  g_assert_cmpint (last, ==, 102);
  g_assert_cmpuint (ingest_clip_get_n_missing_ranges (clip), ==, 0);

  clip = find_clip (grouping, "ref_0042");
  g_assert_false (ingest_clip_get_frame_range (clip, &first, &last));
  others = others_of (grouping);
  g_assert_cmpstr (others, ==, "stills/readme.txt");
}

/* ARRIRAW: a folder of .ari frames is one clip (ARRI's clip_dir and frame
 * markers), a sequence with its range. */
static void
test_arriraw (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const tree[] = {
    "A002R2CD/A002C003_261121_R2CD/A002C003_261121_R2CD.0000001.ari",
    "A002R2CD/A002C003_261121_R2CD/A002C003_261121_R2CD.0000002.ari",
    "A002R2CD/A002C003_261121_R2CD/A002C003_261121_R2CD.0000004.ari",
    "A002R2CD/A002C003_261121_R2CD/A002C003_261121_R2CD.xml",
    "A002R2CD/frames/X.0000010.ari",
    "A002R2CD/frames/X.0000011.ari",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;
  IngestClip *clip;
  gint64 first, last;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "A002R2CD", INGEST_CARD_KIND_ARRI);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "A002C003_261121_R2CD:sequence frames:sequence");
  clip = find_clip (grouping, "A002C003_261121_R2CD");
  assert_files (grouping, "A002C003_261121_R2CD",
                "A002C003_261121_R2CD/A002C003_261121_R2CD.0000001.ari "
                "A002C003_261121_R2CD/A002C003_261121_R2CD.0000002.ari "
                "A002C003_261121_R2CD/A002C003_261121_R2CD.0000004.ari "
                "A002C003_261121_R2CD/A002C003_261121_R2CD.xml");
  g_assert_true (ingest_clip_get_frame_range (clip, &first, &last));
  g_assert_cmpint (first, ==, 1);
  g_assert_cmpint (last, ==, 4);
  g_assert_cmpuint (ingest_clip_get_n_missing_ranges (clip), ==, 1);
  clip = find_clip (grouping, "frames");
  g_assert_true (ingest_clip_get_frame_range (clip, &first, &last));
  g_assert_cmpint (first, ==, 10);
  g_assert_cmpint (last, ==, 11);
}

/* Sound: split-mono tracks of a take (Sound Devices "_1", "_A"; Zoom "_Tr1")
 * are one AUDIO clip; a polyphonic take is one file. */
static void
test_sound (Fixture       *fixture,
            gconstpointer  data)
{
  const char * const tree[] = {
    "SOUND_001/T001_1.WAV",
    "SOUND_001/T001_2.WAV",
    "SOUND_001/T001_A.WAV",
    "SOUND_001/T002.WAV",
    "SOUND_001/S01T03_Tr1.WAV",
    "SOUND_001/S01T03_TrLR.WAV",
    "SOUND_001/T009_4.WAV",
    "SOUND_001/SOUND_001.csv",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "SOUND_001", INGEST_CARD_KIND_SOUND);
  names = names_of (grouping);
  /* A lone "_4" (only track D armed) keeps its own name. */
  g_assert_cmpstr (names, ==, "S01T03:audio T001:audio T002:audio T009_4:audio");
  assert_files (grouping, "T001", "T001_1.WAV T001_2.WAV T001_A.WAV");
  assert_files (grouping, "S01T03", "S01T03_Tr1.WAV S01T03_TrLR.WAV");
}

/* Stills: each photograph in DCIM is one STILL, numbered or not; a movie
 * there is a media file the layout does not know. */
static void
test_dcim (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const tree[] = {
    "DCIM/100CANON/IMG_0001.CR3",
    "DCIM/100CANON/IMG_0002.CR3",
    "DCIM/100CANON/IMG_0003.JPG",
    "DCIM/100CANON/IMG_0004.DNG",
    "DCIM/100CANON/MVI_0005.MP4",
    "MISC/AUTXFER.DAT",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;
  g_autofree char *others = NULL;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "", INGEST_CARD_KIND_DCIM);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "IMG_0001:still IMG_0002:still IMG_0003:still IMG_0004:still MVI_0005:other");
  others = others_of (grouping);
  g_assert_cmpstr (others, ==, "MISC/AUTXFER.DAT");
}

/* A layout nothing knows: the generic movies are clips, other media files a
 * clip each, everything else the roll's. */
static void
test_generic (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const tree[] = {
    "stuff/interview.mov",
    "stuff/interview.srt",
    "stuff/room tone.wav",
    "stuff/photo.jpg",
    "stuff/notes.txt",
    "stuff/deep/er/broll.MP4",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autofree char *names = NULL;
  g_autofree char *others = NULL;

  make_tree (fixture->dir, tree);
  grouping = scan (fixture->dir, "stuff", INGEST_CARD_KIND_GENERIC);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "broll:video interview:video photo:other room tone:other");
  assert_files (grouping, "interview", "interview.mov interview.srt");
  assert_files (grouping, "broll", "deep/er/broll.MP4");
  others = others_of (grouping);
  g_assert_cmpstr (others, ==, "notes.txt");
}

/* The listing: symlinks (to files or folders) are not followed, hidden
 * folders, ascmhl/ and litter are skipped, SKIP_PATHS are left out; a roll
 * that is not there is an error. */
static void
test_scan_listing (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const tree[] = {
    "outside/secret.mov",
    "R/A.mov",
    "R/.hidden/B.mov",
    "R/ascmhl/C.mov",
    "R/Thumbs.db",
    "R/System Volume Information/D.mov",
    "R/inner/E.mov",
    "R/inner/F.mov",
    NULL,
  };
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autoptr(IngestClipGrouping) skipping = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *link_dir = g_build_filename (fixture->dir, "R", "linked", NULL);
  g_autofree char *link_file = g_build_filename (fixture->dir, "R", "G.mov", NULL);
  g_autofree char *target = g_build_filename (fixture->dir, "outside", NULL);
  g_autofree char *target_file = g_build_filename (fixture->dir, "outside", "secret.mov", NULL);
  const char * const skip[] = { "R/inner", NULL };

  make_tree (fixture->dir, tree);
  g_assert_cmpint (symlink (target, link_dir), ==, 0);
  g_assert_cmpint (symlink (target_file, link_file), ==, 0);

  grouping = scan (fixture->dir, "R", INGEST_CARD_KIND_GENERIC);
  names = names_of (grouping);
  g_assert_cmpstr (names, ==, "A:video E:video F:video");
  g_assert_cmpuint (grouping->other_paths->len, ==, 0);

  skipping = ingest_clip_scan_roll_excluding (fixture->dir, "R", INGEST_CARD_KIND_GENERIC, "R", skip, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skipping->clips->len, ==, 1);

  g_assert_null (ingest_clip_scan_roll (fixture->dir, "nope", INGEST_CARD_KIND_GENERIC, "nope", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* A shuttle drive with a loose file at its root beside two rolls: the root's
 * loose roll is that file alone, the other rolls' files are not in it. */
static void
test_loose_root_roll (Fixture       *fixture,
                      gconstpointer  data)
{
  const char * const tree[] = {
    "delivery notes.txt",
    "A001R1AB/A001C001_261121_R1AB.mov",
    "SOUND_001/T001.WAV",
    NULL,
  };
  g_autoptr(IngestCardScan) card = NULL;
  g_autoptr(GPtrArray) roll_paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  make_tree (fixture->dir, tree);
  card = ingest_card_layout_scan (fixture->dir, "SHUTTLE", NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < card->rolls->len; i++)
    g_ptr_array_add (roll_paths, ((IngestCardRoll *) g_ptr_array_index (card->rolls, i))->path);
  g_ptr_array_add (roll_paths, NULL);
  for (guint i = 0; i < card->rolls->len; i++)
    {
      IngestCardRoll *roll = g_ptr_array_index (card->rolls, i);
      g_autoptr(IngestClipGrouping) grouping = NULL;
      g_autofree char *names = NULL;
      g_autofree char *others = NULL;

      grouping = ingest_clip_scan_roll_excluding (fixture->dir, roll->path, roll->kind, roll->name,
                                                  (const char * const *) roll_paths->pdata, NULL, &error);
      g_assert_no_error (error);
      names = names_of (grouping);
      others = others_of (grouping);
      g_string_append_printf (all, "%s: %s [%s]; ", roll->path, names, others);
    }
  g_assert_cmpstr (all->str, ==, ".:  [delivery notes.txt]; A001R1AB: A001C001_261121_R1AB:video []; "
                                 "SOUND_001: T001:audio []; ");
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const tree[] = { "R/A.mov", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  make_tree (fixture->dir, tree);
  g_cancellable_cancel (cancellable);
  g_assert_null (ingest_clip_scan_roll (fixture->dir, "R", INGEST_CARD_KIND_GENERIC, "R", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Hostile names: empty components, lone dots, no extension, a number too
 * long for a frame, 40 folders deep; none crashes, all are accounted for. */
static void
test_odd_entries (void)
{
  const char * const paths[] = {
    "a//b.mov", "/abs.mov", "trailing/", ".", "noext", "x.", "9999999999999999999999.dng",
    "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8/9/0/deep.mov",
    "0001.dng", "0002.dng", "C0001M01.XML",
  };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_roll_entry_free);
  g_autoptr(IngestClipGrouping) grouping = NULL;
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      IngestRollEntry *entry = g_new0 (IngestRollEntry, 1);

      entry->path = g_strdup (paths[i]);
      entry->size = i;
      g_ptr_array_add (entries, entry);
    }
  grouping = ingest_clip_group_roll (INGEST_CARD_KIND_GENERIC, "R", "", entries);
  for (guint i = 0; i < grouping->clips->len; i++)
    n_files += ingest_clip_get_n_files (g_ptr_array_index (grouping->clips, i));
  /* "a//b.mov" and "/abs.mov" (an empty folder name), "trailing/" (no
   * name) and "." (hidden) are litter; every other entry is in a clip or
   * the roll's list. */
  g_assert_cmpuint (n_files + grouping->other_paths->len, ==, G_N_ELEMENTS (paths) - 4);
  /* "0001.dng" and "0002.dng": a run with no prefix, named after nothing. */
  g_assert_cmpuint (grouping->clips->len, >=, 3);
}

/*
 * The demo drive
 */

/* Every regular file under DIR that is not litter, relative to ROOT. */
static void
list_files (const char *root,
            const char *relpath,
            GHashTable *files)
{
  g_autofree char *path = relpath[0] ? g_build_filename (root, relpath, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = relpath[0] ? g_strconcat (relpath, "/", name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);

      if (name[0] == '.' || strcmp (name, "ascmhl") == 0)
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        list_files (root, child_rel, files);
      else
        g_hash_table_add (files, g_steal_pointer (&child_rel));
    }
}

static void
test_demo_drive (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *drive = g_build_filename (fixture->dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  g_autoptr(IngestCardScan) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GPtrArray) roll_paths = g_ptr_array_new ();

  g_assert_true (ingest_demo_drive_create (drive, NULL, &error));
  g_assert_no_error (error);
  card = ingest_card_layout_scan (drive, INGEST_DEMO_DRIVE_LABEL, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < card->rolls->len; i++)
    g_ptr_array_add (roll_paths, ((IngestCardRoll *) g_ptr_array_index (card->rolls, i))->path);
  g_ptr_array_add (roll_paths, NULL);

  for (guint i = 0; i < card->rolls->len; i++)
    {
      IngestCardRoll *roll = g_ptr_array_index (card->rolls, i);
      g_autoptr(IngestClipGrouping) grouping = NULL;
      g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *names = NULL;
      guint n_seen = 0;

      grouping = ingest_clip_scan_roll_excluding (drive, roll->path, roll->kind, roll->name,
                                                  (const char * const *) roll_paths->pdata, NULL, &error);
      g_assert_no_error (error);
      names = names_of (grouping);
      g_string_append_printf (all, "%s[%s] %s\n", roll->path, ingest_card_kind_get_nick (roll->kind), names);

      /* A partition of the roll's files (the other rolls' excluded). */
      if (strcmp (roll->path, ".") != 0)
        list_files (drive, roll->path, expected);
      for (guint c = 0; c < grouping->clips->len; c++)
        {
          IngestClip *clip = g_ptr_array_index (grouping->clips, c);

          for (guint f = 0; f < ingest_clip_get_n_files (clip); f++)
            {
              g_autofree char *rel = g_build_filename (roll->path, ingest_clip_get_file (clip, f), NULL);

              if (strcmp (roll->path, ".") != 0)
                g_assert_true (g_hash_table_remove (expected, rel));
              n_seen++;
            }
        }
      for (guint p = 0; p < grouping->other_paths->len; p++)
        {
          g_autofree char *rel = g_build_filename (roll->path, g_ptr_array_index (grouping->other_paths, p), NULL);

          if (strcmp (roll->path, ".") != 0)
            g_assert_true (g_hash_table_remove (expected, rel));
          n_seen++;
        }
      g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
      g_assert_cmpuint (n_seen, >, 0);
    }

  g_test_message ("demo drive clips:\n%s", all->str);
  /* The demo's clips (see ingest-demo-drive.c): four ARRI, two XDCAM MXF
   * with their XML and thumbnails, one XAVC S MP4, three BWF takes. */
  g_assert_nonnull (strstr (all->str, "A001R1AB[arri] A001C001_261121_R1AB:video A001C002_261121_R1AB:video "
                                      "A001C003_261121_R1AB:video A001C004_261121_R1AB:video"));
  g_assert_nonnull (strstr (all->str, "B001[sony-xdcam] C0001:video C0002:video"));
  g_assert_nonnull (strstr (all->str, "C001[sony-xavc] C0001:video"));
  g_assert_nonnull (strstr (all->str, "SOUND_001[sound] T001:audio T002:audio T003:audio"));
}

/* The sidecars of the demo's Sony clips are theirs (the XML the readers need). */
static void
test_demo_sony_sidecars (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *drive = g_build_filename (fixture->dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autoptr(GError) error = NULL;
  IngestClip *clip;
  gboolean has_xml = FALSE;

  g_assert_true (ingest_demo_drive_create (drive, NULL, &error));
  g_assert_no_error (error);
  grouping = scan (drive, "B001", INGEST_CARD_KIND_SONY_XDCAM);
  clip = find_clip (grouping, "C0001");
  g_assert_cmpstr (ingest_clip_get_media_file (clip), ==, "XDROOT/Clip/C0001.MXF");
  for (guint i = 0; i < ingest_clip_get_n_files (clip); i++)
    has_xml |= g_str_has_suffix (ingest_clip_get_file (clip, i), "C0001M01.XML");
  g_assert_true (has_xml);
}

/*
 * Linear time
 */

/* A roll of N files: a quarter MOV clips with an XML each, half numbered
 * frames in runs of 100 per folder, a quarter loose stills and text. */
static GPtrArray *
synthetic_entries (guint n)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_roll_entry_free);

  for (guint i = 0; i < n; i++)
    {
      IngestRollEntry *entry = g_new0 (IngestRollEntry, 1);
      guint kind = i % 8;

      if (kind < 2)
        entry->path = g_strdup_printf ("clips/%03u/A001C%03u_%07u_R1AB.%s", (i / 1000) % 1000,
                                       (i / 2) % 1000, i / 2, kind == 0 ? "mov" : "xml");
      else if (kind < 6)
        entry->path = g_strdup_printf ("seq/%05u/shot.%07u.exr", i / 400, i);
      else if (kind == 6)
        entry->path = g_strdup_printf ("stills/IMG%u.jpg", i);
      else
        entry->path = g_strdup_printf ("notes/%u.txt", i);
      entry->size = i;
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

static double
time_grouping (guint  n,
               guint *n_clips)
{
  g_autoptr(GPtrArray) entries = synthetic_entries (n);
  g_autoptr(IngestClipGrouping) grouping = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n_files = 0;

  grouping = ingest_clip_group_roll (INGEST_CARD_KIND_ARRI, "A001R1AB", "A001R1AB", entries);
  *n_clips = grouping->clips->len;
  for (guint i = 0; i < grouping->clips->len; i++)
    n_files += ingest_clip_get_n_files (g_ptr_array_index (grouping->clips, i));
  g_assert_cmpuint (n_files + grouping->other_paths->len, ==, n);
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
test_linear (void)
{
  guint clips_10k, clips_100k;
  double t_10k, t_100k;

  t_10k = MIN (time_grouping (10000, &clips_10k), time_grouping (10000, &clips_10k));
  t_100k = MIN (time_grouping (100000, &clips_100k), time_grouping (100000, &clips_100k));
  g_test_message ("grouping 10 000 files: %.3f s (%u clips); 100 000 files: %.3f s (%u clips); ratio %.1f",
                  t_10k, clips_10k, t_100k, clips_100k, t_100k / t_10k);
  /* 1/4 MOV+XML pairs → n/8 clips, frames in runs of up to 100 (a folder
   * per 400 files, half of them frames → 200 frames, 1 run each), 1/8
   * JPEG stills: n/8 + n/400 + n/8. */
  g_assert_cmpuint (clips_100k, ==, 100000 / 8 + 100000 / 400 + 100000 / 8);
  /* Linear would be 10; a quadratic step would make it about 100. The bound
   * is generous for a shared machine; the figure is in the log. */
  g_assert_cmpfloat (t_100k / t_10k, <, 30.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/clip-grouper/arri", test_arri);
  ADD ("/clip-grouper/sony", test_sony);
  ADD ("/clip-grouper/red", test_red);
  ADD ("/clip-grouper/spanned-loose", test_spanned_loose);
  ADD ("/clip-grouper/braw", test_braw);
  ADD ("/clip-grouper/sequences", test_sequences);
  ADD ("/clip-grouper/arriraw", test_arriraw);
  ADD ("/clip-grouper/sound", test_sound);
  ADD ("/clip-grouper/dcim", test_dcim);
  ADD ("/clip-grouper/generic", test_generic);
  ADD ("/clip-grouper/scan-listing", test_scan_listing);
  ADD ("/clip-grouper/loose-root-roll", test_loose_root_roll);
  ADD ("/clip-grouper/cancelled", test_cancelled);
  ADD ("/clip-grouper/demo-drive", test_demo_drive);
  ADD ("/clip-grouper/demo-sony-sidecars", test_demo_sony_sidecars);
#undef ADD
  g_test_add_func ("/clip-grouper/odd-entries", test_odd_entries);
  g_test_add_func ("/clip-grouper/linear", test_linear);

  return g_test_run ();
}
