/* ingest-clip-grouper.c
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

#define G_LOG_DOMAIN "ingest-clip-grouper"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "ingest-card-layout-private.h"
#include "ingest-clip-grouper.h"
#include "ingest-clip-grouper-private.h"

/*
 * One pass over the entries puts each file in a bucket (a clip folder, a
 * clip file, a run of numbered frames, or "left over"), with hash tables
 * keyed by folder; a second pass gives left-over files to the clip whose
 * stem they share; the clips are then sorted. Time O(n log n) for the sorts,
 * everything else linear.
 */

/* Deeper than any card; a loop of bind mounts or a hostile tree stops here. */
#define MAX_DEPTH 64
/* Frame numbers: at least 3 digits, and few enough to fit a gint64. */
#define MIN_FRAME_DIGITS 3
#define MAX_FRAME_DIGITS 18

typedef struct _Group Group;

typedef struct
{
  IngestRollEntry *entry;
  const char      *name;     /* in entry->path */
  guint            dir;      /* index in Grouper.dirs */
  gint64           frame;    /* frame number, or -1 */
  gboolean         is_clip;  /* the layout's clip_re matched it */
  Group           *owner;
} Item;

typedef struct
{
  char       *path;          /* relative to the roll, "" for its root */
  const char *name;          /* in path */
  gint        parent;        /* index, -1 for the root */
  Group      *clip_dir;      /* the clip folder it is (or is inside), or NULL */
} Dir;

struct _Group
{
  char           *name;
  IngestClipKind  kind;
  guint           dir;       /* where sidecars are looked for */
  char           *stem;      /* lower case, for sidecar lookups */
  Item           *media;     /* first file, or NULL until chosen */
  GPtrArray      *items;     /* of Item*, every file (media included) */
  GPtrArray      *frames;    /* once ordered: the frames after the media file */
  GPtrArray      *rest;      /* once ordered: the other files, by name */
  gboolean        is_clip_dir;
  gboolean        is_frames;
  gboolean        is_take;   /* split-mono tracks of one sound take */
};

typedef struct
{
  IngestCardKind  kind;
  const char     *roll_path;   /* "" for the drive root */
  GArray         *dirs;        /* of Dir */
  GHashTable     *dir_index;   /* path → index + 1 */
  GPtrArray      *groups;      /* of Group*, owned */
  GHashTable     *frame_runs;  /* "dir\x1fprefix\x1fext" → Group*, numbered images */
  GHashTable     *layout_frames; /* dir index → Group*, frame_re files */
  GPtrArray      *leftovers;   /* of Item* */
  GString        *scratch;
} Grouper;

static const char * const audio_exts[] = { "wav", "bwf", "aif", "aiff", "mp3", "m4a", "flac", NULL };
static const char * const still_exts[] = { "dng", "cr3", "cr2", "crw", "arw", "nef", "raf", "rw2", "orf", "pef", "srw", "3fr", "iiq", "jpg", "jpeg", "heic", "heif", "tif", "tiff", "png", NULL };
static const char * const video_exts[] = { "mov", "mp4", "mxf", "m4v", "avi", "mkv", "mts", "m2ts", "r3d", "braw", "crm", "mpg", "mpeg", "webm", "ari", "arx", "exr", "dpx", "cin", NULL };
/* Image formats cameras and VFX write as numbered frames (not JPEG/PNG:
 * numbered thumbnails and previews sit beside clips too often). */
static const char * const frame_exts[] = { "dng", "exr", "dpx", "tif", "tiff", "ari", "arx", "cin", NULL };
/* Folders beside a clip folder that hold the clip's thumbnails and proxies
 * (Sony: Clip/C0001.MXF, Thmbnl/C0001T01.JPG, Sub/C0001S03.MXF). */
static const char * const sibling_dirs[] = { "thmbnl", "sub", NULL };

/*
 * Names
 */

/* The extension after the last '.', lower case, or "" (in a static-size buffer). */
static void
get_ext (const char *name,
         char        ext[8])
{
  const char *dot = strrchr (name, '.');

  ext[0] = '\0';
  if (dot == NULL || dot == name || strlen (dot + 1) >= 8)
    return;
  for (guint i = 0; dot[1 + i] != '\0'; i++)
    ext[i] = g_ascii_tolower (dot[1 + i]);
  ext[strlen (dot + 1)] = '\0';
}

static gboolean
ext_in (const char         *ext,
        const char * const *list)
{
  return ext[0] != '\0' && g_strv_contains (list, ext);
}

static gboolean
is_media_ext (const char *ext)
{
  return ext_in (ext, audio_exts) || ext_in (ext, still_exts) || ext_in (ext, video_exts);
}

static IngestClipKind
kind_for_ext (const char *ext)
{
  if (ext_in (ext, audio_exts))
    return INGEST_CLIP_KIND_AUDIO;
  if (ext_in (ext, still_exts))
    return INGEST_CLIP_KIND_STILL;
  return INGEST_CLIP_KIND_VIDEO;
}

/* The name without its last extension (a short alphanumeric one only:
 * "A001_C001.RDC" → "A001_C001", "ARRIRAW_CLIP" stays). */
static char *
strip_ext (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name || strlen (dot + 1) == 0 || strlen (dot + 1) > 7)
    return g_strdup (name);
  for (const char *p = dot + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return g_strdup (name);
  return g_strndup (name, dot - name);
}

/* The stem sidecars are matched by: up to the first '.', lower case. */
static char *
first_stem_lower (const char *name)
{
  const char *dot = strchr (name, '.');

  return g_ascii_strdown (name, dot != NULL && dot != name ? dot - name : -1);
}

/* "name.0000123.dng", "name_0123.dng", "name0123.dng": the number, and the
 * length of the prefix ("name.", "name_", "name") of the stem. */
gboolean
_ingest_clip_grouper_parse_frame_number (const char *name,
                                         gint64     *number,
                                         gsize      *prefix_len)
{
  const char *dot = strrchr (name, '.');
  const char *end = dot != NULL ? dot : name + strlen (name);
  const char *p = end;
  guint digits;

  while (p > name && g_ascii_isdigit (p[-1]))
    p--;
  digits = end - p;
  if (digits < MIN_FRAME_DIGITS || digits > MAX_FRAME_DIGITS)
    return FALSE;
  *number = g_ascii_strtoll (p, NULL, 10);
  *prefix_len = p - name;
  return TRUE;
}

/* "T001_1" (Sound Devices: _1…_9, _A…), "T001_Tr1", "T001_TrLR", "T001_Tr1_2"
 * (Zoom): the take's name without the track designator, or NULL. */
static char *
split_mono_base (const char *stem)
{
  static GRegex *regex;
  static gsize initialized;
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&initialized))
    {
      regex = g_regex_new ("^(.+)_([1-9A-Z]|Tr[0-9]{1,2}(_[0-9]{1,2})?(_D)?|TrLR|TrMS)$",
                           G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialized, 1);
    }
  if (!g_regex_match (regex, stem, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* A name that makes a file or folder litter, not footage (any layout). */
static gboolean
is_junk_component (const char *name,
                   gboolean    is_folder)
{
  return _ingest_card_layout_is_junk_name (name, is_folder) ||
         (is_folder && strcmp (name, "ascmhl") == 0);
}

/*
 * Groups
 */

static Group *
group_new (Grouper        *g,
           const char     *name,
           IngestClipKind  kind,
           guint           dir)
{
  Group *group = g_new0 (Group, 1);

  group->name = g_strdup (name);
  group->kind = kind;
  group->dir = dir;
  group->stem = g_ascii_strdown (name, -1);
  group->items = g_ptr_array_new ();
  g_ptr_array_add (g->groups, group);
  return group;
}

static void
group_free (Group *group)
{
  g_free (group->name);
  g_free (group->stem);
  g_ptr_array_unref (group->items);
  g_clear_pointer (&group->frames, g_ptr_array_unref);
  g_clear_pointer (&group->rest, g_ptr_array_unref);
  g_free (group);
}

static void
group_add (Group *group,
           Item  *item)
{
  item->owner = group;
  g_ptr_array_add (group->items, item);
}

static Dir *
get_dir (Grouper *g,
         guint    index)
{
  return &g_array_index (g->dirs, Dir, index);
}

/* The index of folder PATH (relative to the roll), made with its parents on
 * first sight; a clip folder, or a folder inside one, knows its clip. */
static guint
lookup_dir (Grouper    *g,
            const char *path,
            gsize       len)
{
  g_autofree char *key = g_strndup (path, len);
  gpointer found = g_hash_table_lookup (g->dir_index, key);
  const char *slash;
  Dir dir = { 0 };
  guint index;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  if (len == 0)
    dir.parent = -1;
  else
    {
      slash = g_strrstr_len (path, len, "/");
      dir.parent = lookup_dir (g, path, slash != NULL ? (gsize) (slash - path) : 0);
    }
  dir.path = g_steal_pointer (&key);
  slash = strrchr (dir.path, '/');
  dir.name = slash != NULL ? slash + 1 : dir.path;
  if (dir.parent >= 0)
    dir.clip_dir = get_dir (g, dir.parent)->clip_dir;

  index = g->dirs->len;
  g_array_append_val (g->dirs, dir);
  g_hash_table_insert (g->dir_index, get_dir (g, index)->path, GUINT_TO_POINTER (index + 1));

  if (get_dir (g, index)->clip_dir == NULL && len > 0 &&
      _ingest_card_layout_is_clip_dir (g->kind, get_dir (g, index)->name))
    {
      g_autofree char *name = strip_ext (get_dir (g, index)->name);
      Group *group = group_new (g, name, INGEST_CLIP_KIND_VIDEO,
                                MAX (get_dir (g, index)->parent, 0));

      group->is_clip_dir = TRUE;
      get_dir (g, index)->clip_dir = group;
    }
  return index;
}

/* The path as the layout's clip_re sees it: relative to the drive. */
static const char *
drive_path (Grouper    *g,
            const char *path)
{
  g_string_truncate (g->scratch, 0);
  if (g->roll_path[0] != '\0')
    {
      g_string_append (g->scratch, g->roll_path);
      g_string_append_c (g->scratch, '/');
    }
  g_string_append (g->scratch, path);
  return g->scratch->str;
}

static gboolean
path_has_component (const char *path,
                    const char *component)
{
  gsize n = strlen (component);

  for (const char *p = path; p != NULL; p = strchr (p, '/'), p = p != NULL ? p + 1 : NULL)
    if (g_ascii_strncasecmp (p, component, n) == 0 && (p[n] == '/' || p[n] == '\0'))
      return TRUE;
  return FALSE;
}

/* Step 1: each file into its bucket. */
static void
place_item (Grouper *g,
            Item    *item)
{
  const char *path = item->entry->path;
  Dir *dir = get_dir (g, item->dir);
  IngestCardEntryRole role;
  char ext[8];
  gint64 number;
  gsize prefix_len = 0;

  get_ext (item->name, ext);
  role = _ingest_card_layout_classify_file (g->kind, drive_path (g, path), item->name);
  item->is_clip = role == INGEST_CARD_ENTRY_CLIP;
  if ((role == INGEST_CARD_ENTRY_FRAME || ext_in (ext, frame_exts)) &&
      _ingest_clip_grouper_parse_frame_number (item->name, &number, &prefix_len))
    item->frame = number;

  if (dir->clip_dir != NULL)
    {
      group_add (dir->clip_dir, item);
      return;
    }

  /* A folder directly holding a camera layout's frames (ARRIRAW) is one
   * clip. The generic layout's frames (EXR, DPX) are only evidence of a
   * roll: they split into runs by name below, so two plates in one folder
   * stay two clips. */
  if (role == INGEST_CARD_ENTRY_FRAME &&
      !(g->kind == INGEST_CARD_KIND_GENERIC && item->frame >= 0 && ext_in (ext, frame_exts)))
    {
      Group *group = g_hash_table_lookup (g->layout_frames, GUINT_TO_POINTER (item->dir + 1));

      if (group == NULL)
        {
          const char *name = dir->name[0] != '\0' ? dir->name : "";
          g_autofree char *stem = NULL;

          if (name[0] == '\0' && item->frame >= 0)
            name = stem = g_strndup (item->name, prefix_len);
          group = group_new (g, name, INGEST_CLIP_KIND_SEQUENCE, MAX (dir->parent, 0));
          group->is_frames = TRUE;
          g_hash_table_insert (g->layout_frames, GUINT_TO_POINTER (item->dir + 1), group);
        }
      group_add (group, item);
      return;
    }

  /* Numbered images outside a DCIM folder: a run of frames. */
  if (item->frame >= 0 && ext_in (ext, frame_exts) &&
      !(g->kind == INGEST_CARD_KIND_DCIM && path_has_component (drive_path (g, path), "DCIM")))
    {
      g_autofree char *prefix = g_ascii_strdown (item->name, prefix_len);
      g_autofree char *key = g_strdup_printf ("%u\x1f%s\x1f%s", item->dir, prefix, ext);
      Group *group = g_hash_table_lookup (g->frame_runs, key);

      if (group == NULL)
        {
          g_autofree char *name = g_strndup (item->name, prefix_len);

          /* "name." / "name_" / "name-": the separator is not the name. */
          while (name[0] != '\0' && strchr ("._- ", name[strlen (name) - 1]) != NULL)
            name[strlen (name) - 1] = '\0';
          if (name[0] == '\0')
            {
              g_free (name);
              name = g_strdup (dir->name[0] != '\0' ? dir->name : item->name);
            }
          group = group_new (g, name, INGEST_CLIP_KIND_SEQUENCE, item->dir);
          group->is_frames = TRUE;
          g_hash_table_insert (g->frame_runs, g_steal_pointer (&key), group);
        }
      group_add (group, item);
      return;
    }

  if (item->is_clip)
    {
      g_autofree char *name = strip_ext (item->name);
      Group *group = group_new (g, name, kind_for_ext (ext), item->dir);

      group->media = item;
      group_add (group, item);
      return;
    }

  g_ptr_array_add (g->leftovers, item);
}

static int
compare_items_by_name (gconstpointer a,
                       gconstpointer b)
{
  const Item *ia = *(const Item * const *) a;
  const Item *ib = *(const Item * const *) b;

  return strcmp (ia->entry->path, ib->entry->path);
}

static int
compare_items_by_frame (gconstpointer a,
                        gconstpointer b)
{
  const Item *ia = *(const Item * const *) a;
  const Item *ib = *(const Item * const *) b;

  if (ia->frame != ib->frame)
    return ia->frame < ib->frame ? -1 : 1;
  return strcmp (ia->entry->path, ib->entry->path);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const Group *ga = *(const Group * const *) a;
  const Group *gb = *(const Group * const *) b;
  int cmp = strcmp (ga->name, gb->name);

  if (cmp != 0)
    return cmp;
  return strcmp (ga->media->entry->path, gb->media->entry->path);
}

/* Step 2: split-mono takes ("T001_1.WAV", "T001_2.WAV") become one clip. */
static void
merge_split_mono (Grouper *g)
{
  g_autoptr(GHashTable) takes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g->groups->len;

  for (guint i = 0; i < n; i++)
    {
      Group *group = g_ptr_array_index (g->groups, i);
      g_autofree char *base = NULL;
      g_autofree char *key = NULL;
      Group *take;

      if (group->kind != INGEST_CLIP_KIND_AUDIO || group->is_clip_dir || group->media == NULL)
        continue;
      base = split_mono_base (group->name);
      if (base == NULL)
        continue;
      key = g_strdup_printf ("%u\x1f%s", group->dir, base);
      take = g_hash_table_lookup (takes, key);
      if (take == NULL)
        {
          g_hash_table_insert (takes, g_steal_pointer (&key), group);
          continue;
        }
      /* The take: the first group seen, renamed once it has a second track. */
      if (g_strcmp0 (take->name, base) != 0)
        {
          g_free (take->name);
          take->name = g_strdup (base);
          g_free (take->stem);
          take->stem = g_ascii_strdown (base, -1);
        }
      take->is_take = TRUE;
      for (guint j = 0; j < group->items->len; j++)
        group_add (take, g_ptr_array_index (group->items, j));
      g_ptr_array_set_size (group->items, 0);
      group->media = NULL;
    }
}

static void
index_leftover (GHashTable *index,
                guint       dir,
                const char *stem,
                gsize       stem_len,
                const char *space,
                Item       *item)
{
  g_autofree char *key = g_strdup_printf ("%u\x1f%s%.*s", dir, space, (int) stem_len, stem);
  GPtrArray *items = g_hash_table_lookup (index, key);

  if (items == NULL)
    {
      items = g_ptr_array_new ();
      g_hash_table_insert (index, g_steal_pointer (&key), items);
    }
  g_ptr_array_add (items, item);
}

/* Step 3: files that share a clip's stem are its sidecars and parts:
 * "C0001M01.XML" and "../Thmbnl/C0001T01.JPG" of "C0001.MXF", "X.sidecar"
 * of "X.braw", "X.cdl", "X_002.R3D" of "X_001.R3D". */
static void
attach_sidecars (Grouper *g)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < g->leftovers->len; i++)
    {
      Item *item = g_ptr_array_index (g->leftovers, i);
      Dir *dir = get_dir (g, item->dir);
      g_autofree char *stem = first_stem_lower (item->name);
      gsize len = strlen (stem);
      guint dirs[2] = { item->dir, G_MAXUINT };

      /* Thumbnails and proxies in a folder beside the clip's: looked up
       * from the parent of both. */
      if (dir->parent >= 0)
        {
          g_autofree char *lower = g_ascii_strdown (dir->name, -1);

          if (g_strv_contains (sibling_dirs, lower))
            dirs[1] = dir->parent;
        }
      for (guint d = 0; d < G_N_ELEMENTS (dirs) && dirs[d] != G_MAXUINT; d++)
        {
          const char *space = d == 0 ? "" : "sib:";

          index_leftover (index, dirs[d], stem, len, space, item);
          /* Sony's per-clip suffixes: M01 (XML), T01 (thumbnail), S03 (proxy). */
          if (len > 3 && g_ascii_isalpha (stem[len - 3]) &&
              g_ascii_isdigit (stem[len - 2]) && g_ascii_isdigit (stem[len - 1]))
            index_leftover (index, dirs[d], stem, len - 3, space, item);
        }
      /* Spanned parts: "X_002.R3D" of "X_001.R3D". */
      if (len > 4 && stem[len - 4] == '_' && g_ascii_isdigit (stem[len - 3]) &&
          g_ascii_isdigit (stem[len - 2]) && g_ascii_isdigit (stem[len - 1]))
        index_leftover (index, item->dir, stem, len - 4, "span:", item);
    }

  for (guint i = 0; i < g->groups->len; i++)
    {
      Group *group = g_ptr_array_index (g->groups, i);
      gsize len = strlen (group->stem);
      const char *stem = group->stem;
      char *keys[3] = { NULL };
      Dir *dir;

      if (group->items->len == 0)
        continue;
      dir = get_dir (g, group->dir);
      keys[0] = g_strdup_printf ("%u\x1f%s", group->dir, stem);
      keys[1] = g_strdup_printf ("%u\x1fsib:%s", dir->parent >= 0 ? (guint) dir->parent : group->dir, stem);
      if (len > 4 && strcmp (stem + len - 4, "_001") == 0)
        keys[2] = g_strdup_printf ("%u\x1fspan:%.*s", group->dir, (int) (len - 4), stem);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          GPtrArray *items = keys[k] != NULL ? g_hash_table_lookup (index, keys[k]) : NULL;

          for (guint j = 0; items != NULL && j < items->len; j++)
            {
              Item *item = g_ptr_array_index (items, j);

              if (item->owner == NULL)
                group_add (group, item);
            }
        }
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        g_free (keys[k]);
    }
}

/* Step 4: the media file of each clip and its files in order. */
static void
order_group (Grouper *g,
             Group   *group)
{
  GPtrArray *frames = g_ptr_array_new ();
  GPtrArray *rest = g_ptr_array_new ();

  /* Frames sort by number: the media file of a run is its first frame; a
   * take's is its first track by name. */
  if ((group->is_frames && !group->is_clip_dir) || group->is_take)
    group->media = NULL;

  for (guint i = 0; i < group->items->len; i++)
    {
      Item *item = g_ptr_array_index (group->items, i);

      if (item == group->media)
        continue;
      if (item->frame >= 0 && (group->is_frames || (group->is_clip_dir && !item->is_clip)))
        g_ptr_array_add (frames, item);
      else
        g_ptr_array_add (rest, item);
    }
  g_ptr_array_sort (frames, compare_items_by_frame);
  g_ptr_array_sort (rest, compare_items_by_name);

  if (group->media == NULL && group->is_frames && frames->len > 0)
    group->media = g_ptr_array_steal_index (frames, 0);
  if (group->media == NULL)
    {
      /* A clip folder: its clip file (RED "_001.R3D"), else its frames,
       * else its first media file, else its first file. */
      for (guint i = 0; group->media == NULL && i < rest->len; i++)
        if (((Item *) g_ptr_array_index (rest, i))->is_clip)
          group->media = g_ptr_array_steal_index (rest, i);
      if (group->media == NULL && frames->len > 0)
        {
          group->media = g_ptr_array_steal_index (frames, 0);
          group->kind = INGEST_CLIP_KIND_SEQUENCE;
        }
      for (guint i = 0; group->media == NULL && i < rest->len; i++)
        {
          char ext[8];

          get_ext (((Item *) g_ptr_array_index (rest, i))->name, ext);
          if (is_media_ext (ext))
            group->media = g_ptr_array_steal_index (rest, i);
        }
      if (group->media == NULL)
        group->media = g_ptr_array_steal_index (rest, 0);
    }
  /* Frames of a clip folder that has a clip file are just its files. */
  if (group->kind != INGEST_CLIP_KIND_SEQUENCE && frames->len > 0)
    {
      g_ptr_array_extend_and_steal (rest, frames);
      frames = g_ptr_array_new ();
      g_ptr_array_sort (rest, compare_items_by_name);
    }
  group->frames = frames;
  group->rest = rest;
}

static IngestClip *
build_clip (Grouper    *g,
            Group      *group,
            const char *roll_name)
{
  IngestClip *clip = ingest_clip_new (group->name, group->kind, roll_name, g->roll_path);

  ingest_clip_add_file (clip, group->media->entry->path, group->media->entry->size);
  for (guint i = 0; i < group->frames->len; i++)
    {
      Item *item = g_ptr_array_index (group->frames, i);

      ingest_clip_add_file (clip, item->entry->path, item->entry->size);
    }
  for (guint i = 0; i < group->rest->len; i++)
    {
      Item *item = g_ptr_array_index (group->rest, i);

      ingest_clip_add_file (clip, item->entry->path, item->entry->size);
    }

  if (group->kind == INGEST_CLIP_KIND_SEQUENCE && group->media->frame >= 0)
    {
      gint64 first = group->media->frame;
      gint64 last = first;

      for (guint i = 0; i < group->frames->len; i++)
        {
          gint64 frame = ((Item *) g_ptr_array_index (group->frames, i))->frame;

          if (frame > last + 1)
            ingest_clip_add_missing_frames (clip, last + 1, frame - 1);
          last = MAX (last, frame);
        }
      ingest_clip_set_frame_range (clip, first, last);
    }
  return clip;
}

static void
dir_clear (Dir *dir)
{
  g_free (dir->path);
}

/**
 * ingest_clip_group_roll:
 * @kind: the roll's layout
 * @roll_name: the roll's name (the clips carry it)
 * @roll_path: the roll's folder relative to the drive ("" or "." for the root)
 * @entries: (element-type IngestRollEntry): the roll's files, paths relative
 *   to the roll; not modified (the grouping copies what it keeps)
 *
 * Forms the roll's files into clips as its layout says (see the header).
 * Hidden files, litter and ascmhl/ folders are in neither list.
 *
 * Returns: (transfer full): the clips and the files in none
 */
IngestClipGrouping *
ingest_clip_group_roll (IngestCardKind  kind,
                        const char     *roll_name,
                        const char     *roll_path,
                        GPtrArray      *entries)
{
  IngestClipGrouping *grouping;
  g_autoptr(GArray) items = NULL;
  Grouper g = { 0 };

  g_return_val_if_fail ((guint) kind < INGEST_CARD_N_KINDS, NULL);
  g_return_val_if_fail (roll_name != NULL, NULL);
  g_return_val_if_fail (entries != NULL, NULL);

  g.kind = kind;
  g.roll_path = roll_path == NULL || strcmp (roll_path, ".") == 0 ? "" : roll_path;
  g.dirs = g_array_new (FALSE, TRUE, sizeof (Dir));
  g_array_set_clear_func (g.dirs, (GDestroyNotify) dir_clear);
  g.dir_index = g_hash_table_new (g_str_hash, g_str_equal);
  g.groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g.frame_runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g.layout_frames = g_hash_table_new (NULL, NULL);
  g.leftovers = g_ptr_array_new ();
  g.scratch = g_string_new (NULL);

  /* Items point into the entries; their array does not move once sized. */
  items = g_array_sized_new (FALSE, TRUE, sizeof (Item), entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      IngestRollEntry *entry = g_ptr_array_index (entries, i);
      const char *slash = strrchr (entry->path, '/');
      const char *name = slash != NULL ? slash + 1 : entry->path;
      gboolean junk = is_junk_component (name, FALSE) || name[0] == '\0';
      Item item = { 0 };

      /* Any folder on the way that is litter or a history makes it litter. */
      for (const char *p = entry->path; !junk && p < name; )
        {
          const char *end = strchr (p, '/');
          g_autofree char *part = g_strndup (p, end - p);

          junk = part[0] == '\0' || is_junk_component (part, TRUE);
          p = end + 1;
        }
      if (junk)
        continue;

      item.entry = entry;
      item.name = name;
      item.frame = -1;
      item.dir = lookup_dir (&g, entry->path, slash != NULL ? (gsize) (slash - entry->path) : 0);
      g_array_append_val (items, item);
    }
  for (guint i = 0; i < items->len; i++)
    place_item (&g, &g_array_index (items, Item, i));

  merge_split_mono (&g);
  attach_sidecars (&g);

  /* Media files no layout rule took: a clip each; the rest is the roll's. */
  grouping = g_new0 (IngestClipGrouping, 1);
  grouping->clips = g_ptr_array_new_with_free_func (g_object_unref);
  grouping->other_paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g.leftovers->len; i++)
    {
      Item *item = g_ptr_array_index (g.leftovers, i);
      char ext[8];

      if (item->owner != NULL)
        continue;
      get_ext (item->name, ext);
      if (is_media_ext (ext))
        {
          g_autofree char *name = strip_ext (item->name);
          Group *group = group_new (&g, name, INGEST_CLIP_KIND_OTHER, item->dir);

          group->media = item;
          group_add (group, item);
        }
      else
        g_ptr_array_add (grouping->other_paths, g_strdup (item->entry->path));
    }
  g_ptr_array_sort (grouping->other_paths, compare_paths);

  /* A lone numbered image is a still. */
  for (guint i = 0; i < g.groups->len; i++)
    {
      Group *group = g_ptr_array_index (g.groups, i);
      guint n_frames = 0;

      if (!group->is_frames || group->is_clip_dir)
        continue;
      for (guint j = 0; j < group->items->len; j++)
        n_frames += ((Item *) g_ptr_array_index (group->items, j))->frame >= 0;
      /* (or a lone frame file of the layout whose name has no number) */
      if (n_frames == 1 || (n_frames == 0 && group->items->len == 1))
        {
          Item *only = g_ptr_array_index (group->items, 0);
          g_autofree char *name = strip_ext (only->name);

          group->kind = INGEST_CLIP_KIND_STILL;
          group->is_frames = FALSE;
          g_free (group->name);
          group->name = g_steal_pointer (&name);
          only->frame = -1;
        }
    }

  /* Each clip's media file first: the clips sort by name, then by it. */
  {
    g_autoptr(GPtrArray) live = g_ptr_array_new ();

    for (guint i = 0; i < g.groups->len; i++)
      {
        Group *group = g_ptr_array_index (g.groups, i);

        if (group->items->len == 0)
          continue;
        order_group (&g, group);
        g_ptr_array_add (live, group);
      }
    g_ptr_array_sort (live, compare_groups);
    for (guint i = 0; i < live->len; i++)
      g_ptr_array_add (grouping->clips, build_clip (&g, g_ptr_array_index (live, i), roll_name));
  }

  g_array_unref (g.dirs);
  g_hash_table_unref (g.dir_index);
  g_ptr_array_unref (g.groups);
  g_hash_table_unref (g.frame_runs);
  g_hash_table_unref (g.layout_frames);
  g_ptr_array_unref (g.leftovers);
  g_string_free (g.scratch, TRUE);

  return grouping;
}

void
ingest_clip_grouping_free (IngestClipGrouping *grouping)
{
  if (grouping == NULL)
    return;
  g_clear_pointer (&grouping->clips, g_ptr_array_unref);
  g_clear_pointer (&grouping->other_paths, g_ptr_array_unref);
  g_free (grouping);
}

void
ingest_roll_entry_free (IngestRollEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_free (entry);
}

/*
 * Listing a roll
 */

typedef struct
{
  char  *relpath;   /* relative to the roll, "" for its root */
  guint  depth;
} Pending;

static void
pending_free (Pending *pending)
{
  g_free (pending->relpath);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

/* SKIP: drive-relative folders that are rolls of their own (a loose roll of
 * a shuttle drive's root has every other roll below it). */
static gboolean
list_folder (const char  *folder,
             Pending     *pending,
             dev_t        device,
             const char  *roll_path,
             GHashTable  *skip,
             GPtrArray   *entries,
             GQueue      *todo,
             GError     **error)
{
  struct dirent *dent;
  DIR *dir;
  int fd;

  fd = open (folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), folder, g_strerror (errsv));
      return FALSE;
    }

  while ((dent = readdir (dir)) != NULL)
    {
      const char *name = dent->d_name;
      struct stat sb;
      g_autofree char *relpath = NULL;

      if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
        continue;
      if (fstatat (dirfd (dir), name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      if (!S_ISDIR (sb.st_mode) && !S_ISREG (sb.st_mode))
        continue;  /* symlinks (files or folders), devices, sockets */
      if (is_junk_component (name, S_ISDIR (sb.st_mode)))
        continue;

      relpath = pending->relpath[0] != '\0' ? g_strconcat (pending->relpath, "/", name, NULL) : g_strdup (name);
      if (S_ISDIR (sb.st_mode))
        {
          Pending *next;

          if (sb.st_dev != device || pending->depth + 1 >= MAX_DEPTH)
            continue;
          if (skip != NULL)
            {
              g_autofree char *from_drive = roll_path[0] != '\0' ? g_strconcat (roll_path, "/", relpath, NULL) : g_strdup (relpath);

              if (g_hash_table_contains (skip, from_drive))
                continue;
            }
          next = g_new0 (Pending, 1);
          next->relpath = g_steal_pointer (&relpath);
          next->depth = pending->depth + 1;
          g_queue_push_tail (todo, next);
        }
      else
        {
          IngestRollEntry *entry = g_new0 (IngestRollEntry, 1);

          entry->path = g_steal_pointer (&relpath);
          entry->size = sb.st_size;
          g_ptr_array_add (entries, entry);
        }
    }
  closedir (dir);
  return TRUE;
}

/**
 * ingest_clip_scan_roll_excluding:
 * @drive_root: the drive's folder (absolute)
 * @roll_path: the roll's folder, relative to @drive_root ("" or "." for it)
 * @kind: the roll's layout
 * @roll_name: its name
 * @skip_paths: (nullable) (array zero-terminated=1): folders, relative to
 *   @drive_root, not to list (the other rolls of the drive)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the roll's folder (lstat only: no symlinks, nothing on another
 * filesystem, no ascmhl/ folder, no hidden litter) and groups it. Folders
 * below the roll's that cannot be read are left out; the roll's own folder
 * must be readable. Blocks: call it on a worker thread.
 *
 * Returns: (transfer full): the grouping, or %NULL with @error
 */
IngestClipGrouping *
ingest_clip_scan_roll_excluding (const char          *drive_root,
                                 const char          *roll_path,
                                 IngestCardKind       kind,
                                 const char          *roll_name,
                                 const char * const  *skip_paths,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_roll_entry_free);
  g_autoptr(GHashTable) skip = NULL;
  g_autofree char *root = NULL;
  g_autoqueue(Pending) todo = NULL;
  const char *relroll;
  struct stat sb;
  Pending *pending;
  gboolean first = TRUE;

  g_return_val_if_fail (drive_root != NULL, NULL);
  g_return_val_if_fail (roll_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  relroll = roll_path == NULL || strcmp (roll_path, ".") == 0 ? "" : roll_path;
  root = relroll[0] != '\0' ? g_build_filename (drive_root, relroll, NULL) : g_strdup (drive_root);
  if (lstat (root, &sb) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), root, g_strerror (errsv));
      return NULL;
    }
  if (!S_ISDIR (sb.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, _("“%s” is not a folder"), root);
      return NULL;
    }
  if (skip_paths != NULL)
    {
      skip = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; skip_paths[i] != NULL; i++)
        if (strcmp (skip_paths[i], relroll) != 0 && strcmp (skip_paths[i], ".") != 0)
          g_hash_table_add (skip, (gpointer) skip_paths[i]);
    }

  todo = g_queue_new ();
  pending = g_new0 (Pending, 1);
  pending->relpath = g_strdup ("");
  g_queue_push_tail (todo, pending);
  while ((pending = g_queue_pop_head (todo)) != NULL)
    {
      g_autofree char *folder = pending->relpath[0] != '\0' ? g_build_filename (root, pending->relpath, NULL) : g_strdup (root);
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          pending_free (pending);
          return NULL;
        }
      ok = list_folder (folder, pending, sb.st_dev, relroll, skip, entries, todo, &local_error);
      pending_free (pending);
      if (!ok && first)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!ok)
        g_debug ("%s", local_error->message);
      first = FALSE;
    }

  return ingest_clip_group_roll (kind, roll_name, relroll, entries);
}

/**
 * ingest_clip_scan_roll:
 *
 * ingest_clip_scan_roll_excluding() with nothing to skip.
 */
IngestClipGrouping *
ingest_clip_scan_roll (const char    *drive_root,
                       const char    *roll_path,
                       IngestCardKind kind,
                       const char    *roll_name,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return ingest_clip_scan_roll_excluding (drive_root, roll_path, kind, roll_name, NULL,
                                          cancellable, error);
}
