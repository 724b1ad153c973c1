/* test-card-layout.c
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

#include <unistd.h>

#include <glib/gstdio.h>

#include "ingest.h"
#include "ingest-test-util.h"

/* Card layouts are built as temporary trees of tiny files with the names and
 * folders cameras write; the expected rolls, kinds and clip counts come from
 * the layouts' published structure, and the file/byte totals from what the
 * test itself wrote. */

typedef struct
{
  char    *root;
  guint64  n_files;
  guint64  bytes;
} Tree;

static Tree *
tree_new (const char *name)
{
  Tree *tree = g_new0 (Tree, 1);

  tree->root = ingest_test_make_tmpdir (name);
  return tree;
}

static void
tree_free (Tree *tree)
{
  ingest_test_rm_rf (tree->root);
  g_free (tree->root);
  g_free (tree);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tree, tree_free)

/* Adds a file of @size bytes (content depends on the path). */
static void
tree_add (Tree       *tree,
          const char *relpath,
          gsize       size)
{
  g_autofree char *path = g_build_filename (tree->root, relpath, NULL);

  ingest_test_write_random_file (path, size, g_str_hash (relpath));
  tree->n_files++;
  tree->bytes += size;
}

static void
tree_add_text (Tree       *tree,
               const char *relpath,
               const char *text)
{
  g_autofree char *path = g_build_filename (tree->root, relpath, NULL);

  ingest_test_write_file (path, text, strlen (text));
  tree->n_files++;
  tree->bytes += strlen (text);
}

static void
tree_add_dir (Tree       *tree,
              const char *relpath)
{
  g_autofree char *path = g_build_filename (tree->root, relpath, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static IngestCardScan *
tree_scan (Tree       *tree,
           const char *label)
{
  g_autoptr(GError) error = NULL;
  IngestCardScanProgress progress = { 0 };
  IngestCardScan *scan;

  scan = ingest_card_layout_scan (tree->root, label, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);
  g_assert_cmpuint (scan->n_files, ==, tree->n_files);
  g_assert_cmpuint (scan->total_bytes, ==, tree->bytes);
  g_assert_cmpuint (progress.n_files, ==, tree->n_files);
  g_assert_cmpuint (progress.total_bytes, ==, tree->bytes);
  return scan;
}

static const IngestCardRoll *
find_roll (IngestCardScan *scan,
           const char     *path)
{
  for (guint i = 0; i < scan->rolls->len; i++)
    {
      const IngestCardRoll *roll = g_ptr_array_index (scan->rolls, i);

      if (g_str_equal (roll->path, path))
        return roll;
    }
  g_error ("no roll at %s", path);
  return NULL;
}

static void
assert_roll (const IngestCardRoll *roll,
             const char           *name,
             IngestCardKind        kind,
             guint                 n_clips,
             const char           *mhl_kind)
{
  g_assert_cmpstr (roll->name, ==, name);
  g_assert_cmpstr (ingest_card_kind_get_nick (roll->kind), ==, ingest_card_kind_get_nick (kind));
  g_assert_cmpuint (roll->n_clips, ==, n_clips);
  g_assert_cmpstr (roll->mhl_kind, ==, mhl_kind);
}

/* One card mounted as the drive: a single roll at ".". */
static const IngestCardRoll *
single_roll (IngestCardScan *scan)
{
  g_assert_cmpuint (scan->rolls->len, ==, 1);
  g_assert_cmpstr (((IngestCardRoll *) scan->rolls->pdata[0])->path, ==, ".");
  return scan->rolls->pdata[0];
}

static void
test_kind_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (INGEST_TYPE_CARD_KIND);
  g_autoptr(GEnumClass) state_class = g_type_class_ref (INGEST_TYPE_DRIVE_STATE);
  IngestCardKind kind;

  g_assert_cmpuint (klass->n_values, ==, INGEST_CARD_N_KINDS);
  for (guint k = 0; k < INGEST_CARD_N_KINDS; k++)
    {
      GEnumValue *value = g_enum_get_value (klass, k);

      g_assert_nonnull (value);
      g_assert_cmpstr (value->value_nick, ==, ingest_card_kind_get_nick (k));
      g_assert_true (ingest_card_kind_from_nick (value->value_nick, &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_cmpstr (ingest_card_kind_get_label (k), !=, "");
    }
  g_assert_cmpstr (ingest_card_kind_get_nick (INGEST_CARD_KIND_SONY_XDCAM), ==, "sony-xdcam");
  g_assert_cmpstr (ingest_card_kind_get_label (INGEST_CARD_KIND_SOUND), ==, "Sound");
  g_assert_false (ingest_card_kind_from_nick ("betamax", &kind));

  g_assert_cmpuint (state_class->n_values, ==, 6);
  g_assert_cmpint (g_enum_get_value_by_nick (state_class, "removed")->value, ==, INGEST_DRIVE_STATE_REMOVED);
}

static void
test_arri_mxf (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-arri");
  g_autoptr(IngestCardScan) scan = NULL;
  const IngestCardRoll *roll;

  tree_add (tree, "A001C001_261121_R1AB.mxf", 3000);
  tree_add (tree, "A001C002_261121_R1AB.mxf", 2000);
  tree_add (tree, "A001C003_261121_R1AB.mov", 1000);
  tree_add_text (tree, "A001R1AB.ale", "Heading\n");
  /* macOS junk: an AppleDouble twin has a clip's name but is not a clip. */
  tree_add (tree, "._A001C001_261121_R1AB.mxf", 4096);
  tree_add (tree, ".DS_Store", 6148);
  tree_add (tree, ".Spotlight-V100/Store-V2/store.db", 100);
  tree_add (tree, ".fseventsd/0000000000000001", 10);

  scan = tree_scan (tree, "CARD");
  roll = single_roll (scan);
  /* Mounted as the drive, the card's reel comes from its clip names. */
  assert_roll (roll, "A001R1AB", INGEST_CARD_KIND_ARRI, 3, "none");
  g_assert_cmpuint (roll->n_files, ==, tree->n_files);
  g_assert_cmpuint (roll->total_bytes, ==, tree->bytes);
}

static void
test_arriraw (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-arriraw");
  g_autoptr(IngestCardScan) scan = NULL;

  for (guint c = 1; c <= 2; c++)
    for (guint f = 0; f < 5; f++)
      {
        g_autofree char *rel = g_strdup_printf ("A002C%03u_261121_R2CD/A002C%03u_261121_R2CD.%07u.ari", c, c, f);

        tree_add (tree, rel, 64);
      }
  /* A frame folder whose name says nothing still is one clip (.arx frames). */
  tree_add (tree, "extra/frame.0000001.arx", 64);
  tree_add (tree, "extra/frame.0000002.arx", 64);

  scan = tree_scan (tree, "CARD");
  assert_roll (single_roll (scan), "A002R2CD", INGEST_CARD_KIND_ARRI, 3, "none");
}

static void
test_red (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-red");
  g_autoptr(IngestCardScan) scan = NULL;

  /* A RED mag: one .RDM folder, one .RDC folder per clip, spanned .R3D segments. */
  tree_add (tree, "A001_1121AB.RDM/A001_C001_1121AB.RDC/A001_C001_1121AB_001.R3D", 500);
  tree_add (tree, "A001_1121AB.RDM/A001_C001_1121AB.RDC/A001_C001_1121AB_002.R3D", 500);
  tree_add (tree, "A001_1121AB.RDM/A001_C001_1121AB.RDC/A001_C001_1121AB.RMD", 50);
  tree_add (tree, "A001_1121AB.RDM/A001_C002_1121AB.RDC/A001_C002_1121AB_001.R3D", 500);
  tree_add (tree, "A001_1121AB.RDM/A001_C003_1121AB.RDC/A001_C003_1121AB_001.R3D", 500);

  scan = tree_scan (tree, "RED_MAG");
  g_assert_cmpuint (scan->rolls->len, ==, 1);
  assert_roll (find_roll (scan, "A001_1121AB.RDM"), "A001_1121AB.RDM", INGEST_CARD_KIND_RED, 3, "none");
  g_clear_pointer (&scan, ingest_card_scan_free);

  /* The mag folder opened as the drive itself. */
  {
    g_autofree char *mag = g_build_filename (tree->root, "A001_1121AB.RDM", NULL);
    g_autoptr(GError) error = NULL;

    scan = ingest_card_layout_scan (mag, "MAG", NULL, NULL, &error);
    g_assert_no_error (error);
    assert_roll (single_roll (scan), "A001", INGEST_CARD_KIND_RED, 3, "none");
    g_clear_pointer (&scan, ingest_card_scan_free);
  }

  /* Loose .R3D files (copied without their folders): spans count once. */
  {
    g_autoptr(Tree) loose = tree_new ("ingest-red-loose");

    tree_add (loose, "A002_C001_1121CD_001.R3D", 10);
    tree_add (loose, "A002_C001_1121CD_002.R3D", 10);
    tree_add (loose, "A002_C002_1121CD_001.R3D", 10);
    scan = tree_scan (loose, "R3D");
    assert_roll (single_roll (scan), "A002", INGEST_CARD_KIND_RED, 2, "none");
  }
}

static void
test_sony (void)
{
  g_autoptr(Tree) xdcam = tree_new ("ingest-xdcam");
  g_autoptr(Tree) xavc = tree_new ("ingest-xavc");
  g_autoptr(IngestCardScan) scan = NULL;

  tree_add (xdcam, "XDROOT/Clip/C0001.MXF", 100);
  tree_add (xdcam, "XDROOT/Clip/C0002.MXF", 100);
  tree_add_text (xdcam, "XDROOT/Clip/C0001M01.XML", "<x/>");
  tree_add (xdcam, "XDROOT/Sub/C0001S03.MXF", 10);   /* proxy sub-clip: not a clip */
  tree_add_text (xdcam, "XDROOT/MEDIAPRO.XML", "<x/>");
  tree_add_dir (xdcam, "XDROOT/General");
  scan = tree_scan (xdcam, "XDCAM_CARD");
  assert_roll (single_roll (scan), "XDCAM_CARD", INGEST_CARD_KIND_SONY_XDCAM, 2, "none");
  g_clear_pointer (&scan, ingest_card_scan_free);

  /* Sony stills cameras write video under PRIVATE/M4ROOT and stills under DCIM on
   * the same card: the video layout comes first in the table. */
  tree_add (xavc, "PRIVATE/M4ROOT/CLIP/C0001.MP4", 100);
  tree_add (xavc, "PRIVATE/M4ROOT/CLIP/C0002.MP4", 100);
  tree_add (xavc, "PRIVATE/M4ROOT/CLIP/C0003.MP4", 100);
  tree_add_text (xavc, "PRIVATE/M4ROOT/CLIP/C0001M01.XML", "<x/>");
  tree_add (xavc, "PRIVATE/M4ROOT/THMBNL/C0001T01.JPG", 10);
  tree_add (xavc, "DCIM/100MSDCF/DSC00001.ARW", 10);
  scan = tree_scan (xavc, "XAVC_CARD");
  assert_roll (single_roll (scan), "XAVC_CARD", INGEST_CARD_KIND_SONY_XAVC, 3, "none");
}

static void
test_canon (void)
{
  g_autoptr(Tree) xf = tree_new ("ingest-canon");
  g_autoptr(Tree) crm = tree_new ("ingest-canon-crm");
  g_autoptr(IngestCardScan) scan = NULL;

  tree_add (xf, "CONTENTS/CLIPS001/AA0001.MXF", 100);
  tree_add (xf, "CONTENTS/CLIPS001/AA0002.MXF", 100);
  tree_add_text (xf, "CONTENTS/CLIPS001/AA0001.XML", "<x/>");
  tree_add (xf, "CONTENTS/CLIPS001/AA0001.CPF", 10);
  scan = tree_scan (xf, "CANON_XF");
  assert_roll (single_roll (scan), "CANON_XF", INGEST_CARD_KIND_CANON, 2, "none");
  g_clear_pointer (&scan, ingest_card_scan_free);

  /* Cinema RAW Light lives under DCIM: the clips decide, not the folder. */
  tree_add (crm, "DCIM/100CANON/A001C001_261121AB_CANON.CRM", 100);
  tree_add (crm, "DCIM/100CANON/A001C002_261121AB_CANON.CRM", 100);
  tree_add (crm, "DCIM/100CANON/A001C002_261121AB_CANON.XML", 10);
  scan = tree_scan (crm, "CANON_RAW");
  assert_roll (single_roll (scan), "CANON_RAW", INGEST_CARD_KIND_CANON, 2, "none");
}

static void
test_blackmagic (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-braw");
  g_autoptr(IngestCardScan) scan = NULL;

  tree_add (tree, "A003_11211205_C001.braw", 100);
  tree_add (tree, "A003_11211206_C002.braw", 100);
  tree_add_text (tree, "A003_11211206_C002.sidecar", "{}");
  scan = tree_scan (tree, "BMPCC");
  assert_roll (single_roll (scan), "A003", INGEST_CARD_KIND_BLACKMAGIC, 2, "none");
}

static void
test_p2 (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-p2");
  g_autoptr(IngestCardScan) scan = NULL;

  tree_add (tree, "CONTENTS/VIDEO/0001AB.MXF", 100);
  tree_add (tree, "CONTENTS/VIDEO/0002AB.MXF", 100);
  tree_add (tree, "CONTENTS/AUDIO/0001AB00.MXF", 20);   /* audio tracks are not clips */
  tree_add (tree, "CONTENTS/AUDIO/0001AB01.MXF", 20);
  tree_add_text (tree, "CONTENTS/CLIP/0001AB.XML", "<x/>");
  tree_add_text (tree, "LASTCLIP.TXT", "0002AB");
  scan = tree_scan (tree, "P2_CARD");
  assert_roll (single_roll (scan), "P2_CARD", INGEST_CARD_KIND_PANASONIC_P2, 2, "none");
}

static void
test_dcim (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-dcim");
  g_autoptr(IngestCardScan) scan = NULL;

  tree_add (tree, "DCIM/100CANON/IMG_0001.CR3", 100);
  tree_add (tree, "DCIM/100CANON/IMG_0002.CR3", 100);
  tree_add (tree, "DCIM/101NIKON/DSC_0001.NEF", 100);
  tree_add (tree, "DCIM/102LEICA/L1000001.DNG", 100);
  tree_add_text (tree, "MISC/AUTPRINT.MRK", "x");
  scan = tree_scan (tree, "STILLS");
  assert_roll (single_roll (scan), "STILLS", INGEST_CARD_KIND_DCIM, 4, "none");
}

static void
test_sound_and_generic (void)
{
  g_autoptr(Tree) sound = tree_new ("ingest-sound");
  g_autoptr(Tree) generic = tree_new ("ingest-generic");
  g_autoptr(IngestCardScan) scan = NULL;

  tree_add (sound, "261121_T001.WAV", 100);
  tree_add (sound, "261121_T002.WAV", 100);
  tree_add (sound, "261121_T003.WAV", 100);
  tree_add_text (sound, "SOUND_REPORT.CSV", "scene,take\n");
  scan = tree_scan (sound, "SOUND_D01");
  assert_roll (single_roll (scan), "SOUND_D01", INGEST_CARD_KIND_SOUND, 3, "none");
  g_clear_pointer (&scan, ingest_card_scan_free);

  tree_add_text (generic, "notes.txt", "hello");
  tree_add (generic, "camera_report.pdf", 100);
  scan = tree_scan (generic, "STUFF");
  assert_roll (single_roll (scan), "STUFF", INGEST_CARD_KIND_GENERIC, 0, "none");
}

/* Frame sequences no camera layout claims (EXR from a VFX vendor or a
 * camera's EXR recording): each folder of frames is one clip of a generic
 * roll, beside the roll's other layouts. */
static void
test_frame_sequences (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-sequences");
  g_autoptr(IngestCardScan) scan = NULL;

  for (guint f = 86400; f < 86410; f++)
    {
      g_autofree char *rel = g_strdup_printf ("E001/E001C001/E001C001.%07u.exr", f);

      if (f != 86405)
        tree_add (tree, rel, 64);
    }
  tree_add (tree, "E001/E001C002/E001C002.0001001.exr", 64);
  tree_add (tree, "E001/E001C002/E001C002.0001002.exr", 64);
  tree_add (tree, "DPX_SCAN/reel1/scan.0000001.dpx", 64);
  tree_add (tree, "D001/DCIM/100STILL/NJ1_0001.DNG", 100);
  tree_add (tree, "D001/DCIM/100STILL/NJ1_0002.DNG", 100);
  tree_add (tree, "D001/DCIM/100STILL/NJ1_0003.DNG", 100);
  scan = tree_scan (tree, "SHUTTLE");
  g_assert_cmpuint (scan->rolls->len, ==, 3);
  assert_roll (find_roll (scan, "E001"), "E001", INGEST_CARD_KIND_GENERIC, 2, "none");
  assert_roll (find_roll (scan, "DPX_SCAN"), "DPX_SCAN", INGEST_CARD_KIND_GENERIC, 1, "none");
  /* The stills roll stays a stills roll: DCIM comes first in the table. */
  assert_roll (find_roll (scan, "D001"), "D001", INGEST_CARD_KIND_DCIM, 3, "none");
}

/* A shuttle drive: one ASC MHL history per roll, a parent history at the top,
 * several layouts side by side, proxies, loose files and macOS junk. */
static void
test_shuttle (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-shuttle");
  g_autoptr(IngestCardScan) scan = NULL;
  g_autofree char *link_target = NULL;
  g_autofree char *link_path = NULL;

  tree_add_text (tree, "ascmhl/0001_SHUTTLE_2026-11-21_120000Z.mhl", "<hashlist version=\"2.0\"/>");
  tree_add_text (tree, "ascmhl/ascmhl_chain.xml", "<ascmhldirectory/>");
  tree_add_text (tree, "shooting_notes.txt", "day 1");
  tree_add (tree, ".DS_Store", 6148);
  tree_add (tree, "._shooting_notes.txt", 4096);
  tree_add (tree, ".Spotlight-V100/VolumeConfiguration.plist", 10);
  tree_add (tree, ".Trashes/501/A001C099_261121_R1AB.mxf", 10);
  tree_add (tree, ".fseventsd/fseventsd-uuid", 36);

  /* An ARRI roll with its own history and nested junk. */
  tree_add_text (tree, "A001R1AB/ascmhl/0001_A001R1AB_2026-11-21_120000Z.mhl", "<hashlist version=\"2.0\"/>");
  tree_add (tree, "A001R1AB/A001C001_261121_R1AB.mxf", 100);
  tree_add (tree, "A001R1AB/A001C002_261121_R1AB.mxf", 100);
  tree_add (tree, "A001R1AB/._A001C002_261121_R1AB.mxf", 10);
  tree_add (tree, "A001R1AB/.hidden/A001C009_261121_R1AB.mxf", 10);
  tree_add_text (tree, "A001R1AB/A001R1AB.ale", "Heading\n");
  /* Camera proxies inside the roll are files of the roll but not its clips. */
  tree_add (tree, "A001R1AB/Proxy/A001C001_261121_R1AB_proxy.mov", 10);

  /* An ARRIRAW roll, no history of its own: the parent history covers it. */
  tree_add (tree, "A002R2CD/A002C001_261121_R2CD/A002C001_261121_R2CD.0000000.ari", 10);
  tree_add (tree, "A002R2CD/A002C001_261121_R2CD/A002C001_261121_R2CD.0000001.ari", 10);
  tree_add (tree, "A002R2CD/A002C002_261121_R2CD/A002C002_261121_R2CD.0000000.ari", 10);

  /* A Sony card copied with its folder. */
  tree_add_text (tree, "B001/ascmhl/0001_B001_2026-11-21_120000Z.mhl", "<hashlist version=\"2.0\"/>");
  tree_add (tree, "B001/XDROOT/Clip/C0001.MXF", 100);
  tree_add (tree, "B001/XDROOT/Clip/C0002.MXF", 100);
  tree_add (tree, "B001/XDROOT/Clip/C0003.MXF", 100);

  /* A RED mag at the top. */
  tree_add (tree, "R001_1121EF.RDM/R001_C001_1121EF.RDC/R001_C001_1121EF_001.R3D", 100);

  /* Sound, days as sub-folders. */
  tree_add_text (tree, "SOUND/ascmhl/0001_SOUND_2026-11-21_120000Z.mhl", "<hashlist version=\"2.0\"/>");
  tree_add (tree, "SOUND/DAY01/T001.WAV", 100);
  tree_add (tree, "SOUND/DAY01/T002.WAV", 100);
  tree_add (tree, "SOUND/DAY02/T001.WAV", 100);

  /* Editorial proxies for every roll. */
  tree_add (tree, "PROXIES/A001R1AB/A001C001_261121_R1AB.mov", 10);
  tree_add (tree, "PROXIES/A001R1AB/A001C002_261121_R1AB.mov", 10);
  tree_add (tree, "PROXIES/B001/C0001.mov", 10);

  /* A folder of documents. */
  tree_add (tree, "Docs/callsheet.pdf", 100);

  /* A symlink to a folder full of clips is counted as a file, not followed. */
  link_target = g_build_filename (tree->root, "A001R1AB", NULL);
  link_path = g_build_filename (tree->root, "Docs", "link-to-A001", NULL);
  g_assert_cmpint (symlink (link_target, link_path), ==, 0);
  tree->n_files++;

  scan = tree_scan (tree, "SHUTTLE_D01");
  g_assert_cmpuint (scan->rolls->len, ==, 8);

  /* The loose files of the drive (and its junk) are a generic roll of their own. */
  assert_roll (find_roll (scan, "."), "SHUTTLE_D01", INGEST_CARD_KIND_GENERIC, 0, "ascmhl");
  g_assert_cmpuint (find_roll (scan, ".")->n_files, ==, 8);
  g_assert_cmpstr (find_roll (scan, ".")->mhl_path, ==, ".");

  assert_roll (find_roll (scan, "A001R1AB"), "A001R1AB", INGEST_CARD_KIND_ARRI, 2, "ascmhl");
  g_assert_cmpstr (find_roll (scan, "A001R1AB")->mhl_path, ==, "A001R1AB");
  g_assert_cmpuint (find_roll (scan, "A001R1AB")->n_files, ==, 7);
  g_assert_cmpuint (find_roll (scan, "A001R1AB")->total_bytes, ==,
                    strlen ("<hashlist version=\"2.0\"/>") + 100 + 100 + 10 + 10 + strlen ("Heading\n") + 10);

  assert_roll (find_roll (scan, "A002R2CD"), "A002R2CD", INGEST_CARD_KIND_ARRI, 2, "ascmhl");
  g_assert_cmpstr (find_roll (scan, "A002R2CD")->mhl_path, ==, ".");

  assert_roll (find_roll (scan, "B001"), "B001", INGEST_CARD_KIND_SONY_XDCAM, 3, "ascmhl");
  g_assert_cmpstr (find_roll (scan, "B001")->mhl_path, ==, "B001");

  assert_roll (find_roll (scan, "Docs"), "Docs", INGEST_CARD_KIND_GENERIC, 0, "ascmhl");
  g_assert_cmpuint (find_roll (scan, "Docs")->n_files, ==, 2);

  assert_roll (find_roll (scan, "PROXIES"), "PROXIES", INGEST_CARD_KIND_PROXY, 3, "ascmhl");
  assert_roll (find_roll (scan, "R001_1121EF.RDM"), "R001_1121EF.RDM", INGEST_CARD_KIND_RED, 1, "ascmhl");

  /* A folder with its own history is one roll, sub-folders and all. */
  assert_roll (find_roll (scan, "SOUND"), "SOUND", INGEST_CARD_KIND_SOUND, 3, "ascmhl");
  g_assert_cmpstr (find_roll (scan, "SOUND")->mhl_path, ==, "SOUND");

  /* Rolls come sorted by path. */
  for (guint i = 1; i < scan->rolls->len; i++)
    g_assert_cmpstr (((IngestCardRoll *) scan->rolls->pdata[i - 1])->path, <, ((IngestCardRoll *) scan->rolls->pdata[i])->path);
}

/* Without histories, a shuttle splits by layout; a MHL 1.x file beside or inside a
 * roll is its legacy manifest, an ASC MHL v2 manifest outside ascmhl/ is not. */
static void
test_legacy_mhl (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-legacy");
  g_autoptr(IngestCardScan) scan = NULL;
  const char *legacy =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<hashlist version=\"1.1\">\n"
    "  <creatorinfo><name>DIT</name></creatorinfo>\n"
    "  <hash><file>B001/XDROOT/Clip/C0001.MXF</file><size>100</size><xxhash64be>0123456789abcdef</xxhash64be></hash>\n"
    "</hashlist>\n";

  tree_add (tree, "B001/XDROOT/Clip/C0001.MXF", 100);
  tree_add_text (tree, "B001_2026-11-21_120000.mhl", legacy);
  tree_add (tree, "C001/A003_11211205_C001.braw", 100);
  tree_add_text (tree, "C001/C001_2026-11-21.mhl", legacy);
  tree_add (tree, "D001/261121_T001.WAV", 100);
  tree_add_text (tree, "D001/not-legacy.mhl", "<?xml version=\"1.0\"?><hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\"/>");

  scan = tree_scan (tree, "LEGACY");
  /* The loose .mhl at the top makes no roll of its own. */
  g_assert_cmpuint (scan->rolls->len, ==, 3);
  assert_roll (find_roll (scan, "B001"), "B001", INGEST_CARD_KIND_SONY_XDCAM, 1, "legacy");
  g_assert_cmpstr (find_roll (scan, "B001")->mhl_path, ==, "B001_2026-11-21_120000.mhl");
  assert_roll (find_roll (scan, "C001"), "C001", INGEST_CARD_KIND_BLACKMAGIC, 1, "legacy");
  g_assert_cmpstr (find_roll (scan, "C001")->mhl_path, ==, "C001/C001_2026-11-21.mhl");
  /* D001 holds only a v2 manifest, and the legacy file beside it is named for B001. */
  assert_roll (find_roll (scan, "D001"), "D001", INGEST_CARD_KIND_SOUND, 1, "none");
  g_assert_null (find_roll (scan, "D001")->mhl_path);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Tree) tree = tree_new ("ingest-errors");
  g_autofree char *file = g_build_filename (tree->root, "file.txt", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  IngestCardScan *scan;

  scan = ingest_card_layout_scan ("/nonexistent/ingest-drive", "X", NULL, NULL, &error);
  g_assert_null (scan);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  tree_add_text (tree, "file.txt", "x");
  scan = ingest_card_layout_scan (file, "X", NULL, NULL, &error);
  g_assert_null (scan);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  scan = ingest_card_layout_scan (tree->root, "X", NULL, cancellable, &error);
  g_assert_null (scan);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* 20,000 files in 200 folders: every file counted, every roll found. (Speed is
 * measured by benchmarks, not asserted here: timed tests fail on a loaded machine.) */
static void
test_many_files (void)
{
  g_autoptr(Tree) tree = tree_new ("ingest-many");
  g_autoptr(IngestCardScan) scan = NULL;
  gint64 start;
  double seconds;

  for (guint d = 0; d < 200; d++)
    for (guint f = 0; f < 100; f++)
      {
        g_autofree char *rel = g_strdup_printf ("R%03u/%03uT%03u.WAV", d, d, f);
        g_autofree char *path = g_build_filename (tree->root, rel, NULL);

        if (f == 0)
          {
            g_autofree char *parent = g_path_get_dirname (path);
            g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
          }
        g_assert_true (g_file_set_contents (path, "", 0, NULL));
        tree->n_files++;
      }

  start = g_get_monotonic_time ();
  scan = tree_scan (tree, "MANY");
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("scanned %" G_GUINT64_FORMAT " files in %.3f s", scan->n_files, seconds);
  g_assert_cmpuint (scan->rolls->len, ==, 200);
  g_assert_cmpuint (scan->n_files, ==, tree->n_files);
  assert_roll (find_roll (scan, "R123"), "R123", INGEST_CARD_KIND_SOUND, 100, "none");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ingest_init ();

  g_test_add_func ("/card-layout/kind-enum", test_kind_enum);
  g_test_add_func ("/card-layout/arri-mxf", test_arri_mxf);
  g_test_add_func ("/card-layout/arriraw", test_arriraw);
  g_test_add_func ("/card-layout/red", test_red);
  g_test_add_func ("/card-layout/sony", test_sony);
  g_test_add_func ("/card-layout/canon", test_canon);
  g_test_add_func ("/card-layout/blackmagic", test_blackmagic);
  g_test_add_func ("/card-layout/panasonic-p2", test_p2);
  g_test_add_func ("/card-layout/dcim", test_dcim);
  g_test_add_func ("/card-layout/sound-and-generic", test_sound_and_generic);
  g_test_add_func ("/card-layout/frame-sequences", test_frame_sequences);
  g_test_add_func ("/card-layout/shuttle", test_shuttle);
  g_test_add_func ("/card-layout/legacy-mhl", test_legacy_mhl);
  g_test_add_func ("/card-layout/errors", test_errors);
  g_test_add_func ("/card-layout/many-files", test_many_files);

  return g_test_run ();
}
