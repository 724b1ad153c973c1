/* ingest-card-layout.c
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

#define G_LOG_DOMAIN "ingest-card-layout"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "ingest-card-layout.h"
#include "ingest-card-layout-private.h"

/*
 * Recognition works in three steps, all on the caller's (worker) thread:
 *
 *  1. walk: one pass over the tree (lstat only, no symlinked folders, no other
 *     filesystems) that keeps one Node per folder with its direct totals and,
 *     per layout of the table, how many clip, sidecar and frame files it holds;
 *  2. a bottom-up pass over the nodes that adds up subtrees and marks which
 *     folders are card roots, clips, or hold an ascmhl/ history;
 *  3. a top-down pass that decides where the rolls are (see assign()).
 *
 * Memory is linear in the number of folders, time linear in the number of files.
 */

#define N_KINDS INGEST_CARD_N_KINDS
#define KIND_BIT(k) (1u << (k))

typedef struct
{
  const char *nick;
  const char *label;
  const char *root_paths;
  const char *root_name_re;
  const char *clip_re;
  const char *clip_dir_re;
  const char *frame_re;
  const char *sidecar_re;
  const char *reel_re;
} LayoutDef;

static const LayoutDef layout_defs[] = {
#define INGEST_CARD_LAYOUT(ID, nick, label, root_paths, root_name_re, clip_re, clip_dir_re, frame_re, sidecar_re, reel_re) \
  [INGEST_CARD_KIND_##ID] = { nick, label, root_paths, root_name_re, clip_re, clip_dir_re, frame_re, sidecar_re, reel_re },
#include "ingest-card-layouts.defs"
#undef INGEST_CARD_LAYOUT
};

G_STATIC_ASSERT (G_N_ELEMENTS (layout_defs) == N_KINDS);
G_STATIC_ASSERT (N_KINDS <= 32);

/* The table with its regexes compiled (GRegex is safe to share between threads). */
typedef struct
{
  char   **root_paths;
  GRegex  *root_name;
  GRegex  *clip;
  GRegex  *clip_dir;
  GRegex  *frame;
  GRegex  *sidecar;
  GRegex  *reel;
} Layout;

typedef struct _Node Node;
struct _Node
{
  Node      *parent;
  char      *name;            /* the folder's name (the root's basename) */
  char      *relpath;         /* "" for the root, else "a/b" */
  GPtrArray *children;        /* of Node*, or NULL */
  GPtrArray *mhl_files;       /* names of *.mhl files directly here, or NULL */
  guint64    n_files;         /* direct */
  guint64    bytes;
  guint64    sub_files;       /* subtree, this folder included */
  guint64    sub_bytes;
  guint32    clips[N_KINDS];  /* direct clip files, junk excluded */
  guint32    sidecars[N_KINDS];
  guint32    frames[N_KINDS];
  guint32    structural;      /* KIND_BIT of the layouts this is a card root of */
  guint32    clip_dir;        /* KIND_BIT of the layouts this folder is one clip of */
  guint      junk : 1;        /* hidden/system folder, or inside one */
  guint      is_ascmhl : 1;   /* this is an ascmhl/ folder */
  guint      has_ascmhl : 1;  /* has an ascmhl/ child */
  guint      ascmhl_below : 1;/* a strict descendant has an ascmhl/ child */
  guint      candidate : 1;   /* the subtree holds something that makes a roll */
  guint      direct_clips : 1;/* clip files here, or clip folders as children */
  guint      loose : 1;       /* non-junk files other than .mhl directly here */
};

typedef struct
{
  const char             *root_path;
  const char             *root_name;
  IngestCardScanProgress *progress;
  IngestCardScan         *scan;
  GPtrArray              *nodes;            /* of Node*, parents before children */
  char                   *reels[N_KINDS];   /* smallest reel name seen per layout */
} ScanState;

static const char * const junk_dirs[] = { "System Volume Information", "$RECYCLE.BIN", "lost+found", NULL };
static const char * const junk_files[] = { "Thumbs.db", "desktop.ini", NULL };

static GRegex *
compile_regex (const char *nick,
               const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *regex;

  if (pattern == NULL)
    return NULL;
  regex = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);
  /* The table is ours: a bad regex is a programming error, caught by any test. */
  if (regex == NULL)
    g_error ("card layout %s: %s", nick, error->message);
  return regex;
}

static const Layout *
get_layouts (void)
{
  static Layout layouts[N_KINDS];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < N_KINDS; i++)
        {
          const LayoutDef *def = &layout_defs[i];
          Layout *l = &layouts[i];

          l->root_name = compile_regex (def->nick, def->root_name_re);
          l->clip = compile_regex (def->nick, def->clip_re);
          l->clip_dir = compile_regex (def->nick, def->clip_dir_re);
          l->frame = compile_regex (def->nick, def->frame_re);
          l->sidecar = compile_regex (def->nick, def->sidecar_re);
          l->reel = compile_regex (def->nick, def->reel_re);
          if (def->root_paths != NULL)
            l->root_paths = g_strsplit (def->root_paths, "|", -1);
        }
      g_once_init_leave (&initialized, 1);
    }

  return layouts;
}

static gboolean
is_junk_name (const char         *name,
              const char * const *list)
{
  return name[0] == '.' || g_strv_contains (list, name);
}

static gboolean
has_suffix_nocase (const char *name,
                   const char *suffix)
{
  gsize n = strlen (name);
  gsize s = strlen (suffix);

  return n >= s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

static gboolean
regex_matches (const GRegex *regex,
               const char   *text)
{
  return regex != NULL && g_regex_match (regex, text, 0, NULL);
}

static void
node_free (Node *node)
{
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->mhl_files, g_ptr_array_unref);
  g_free (node->name);
  g_free (node->relpath);
  g_free (node);
}

static Node *
node_new (ScanState  *st,
          Node       *parent,
          const char *name)
{
  Node *node = g_new0 (Node, 1);

  node->parent = parent;
  node->name = g_strdup (name);
  if (parent == NULL)
    node->relpath = g_strdup ("");
  else if (parent->relpath[0] == '\0')
    node->relpath = g_strdup (name);
  else
    node->relpath = g_strconcat (parent->relpath, "/", name, NULL);

  if (parent != NULL)
    {
      node->is_ascmhl = !parent->junk && strcmp (name, "ascmhl") == 0;
      node->junk = parent->junk || node->is_ascmhl || is_junk_name (name, junk_dirs);
      if (node->is_ascmhl)
        parent->has_ascmhl = TRUE;
      if (parent->children == NULL)
        parent->children = g_ptr_array_new ();
      g_ptr_array_add (parent->children, node);
    }

  g_ptr_array_add (st->nodes, node);
  return node;
}

static Node *
node_find_child (Node       *node,
                 const char *name)
{
  if (node->children == NULL)
    return NULL;
  for (guint i = 0; i < node->children->len; i++)
    {
      Node *child = g_ptr_array_index (node->children, i);

      if (g_ascii_strcasecmp (child->name, name) == 0)
        return child;
    }
  return NULL;
}

/* TRUE when @relpath ("A/B") exists as folders below @node, ignoring case. */
static gboolean
node_has_path (Node       *node,
               const char *relpath)
{
  g_auto(GStrv) parts = g_strsplit (relpath, "/", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    node = node_find_child (node, parts[i]);
  return node != NULL;
}

/* Keeps the smallest reel name the layout's reel regex makes of @name. */
static void
note_reel (ScanState    *st,
           guint         kind,
           const Layout *layout,
           const char   *name)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) reel = NULL;
  int n;

  if (layout->reel == NULL || !g_regex_match (layout->reel, name, 0, &match))
    return;

  reel = g_string_new (NULL);
  n = g_match_info_get_match_count (match);
  for (int i = 1; i < n; i++)
    {
      g_autofree char *part = g_match_info_fetch (match, i);

      if (part != NULL)
        g_string_append (reel, part);
    }
  if (reel->len == 0)
    return;
  g_string_ascii_up (reel);
  if (st->reels[kind] == NULL || strcmp (reel->str, st->reels[kind]) < 0)
    {
      g_free (st->reels[kind]);
      st->reels[kind] = g_string_free (g_steal_pointer (&reel), FALSE);
    }
}

static void
classify_file (ScanState  *st,
               Node       *node,
               const char *name,
               GString    *relpath)
{
  const Layout *layouts = get_layouts ();

  if (node->junk || is_junk_name (name, junk_files))
    return;

  if (has_suffix_nocase (name, ".mhl"))
    {
      if (node->mhl_files == NULL)
        node->mhl_files = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (node->mhl_files, g_strdup (name));
      return;
    }

  node->loose = TRUE;

  g_string_truncate (relpath, 0);
  if (node->relpath[0] != '\0')
    {
      g_string_append (relpath, node->relpath);
      g_string_append_c (relpath, '/');
    }
  g_string_append (relpath, name);

  for (guint k = 0; k < N_KINDS; k++)
    {
      const Layout *l = &layouts[k];

      if (regex_matches (l->clip, relpath->str))
        {
          node->clips[k]++;
          note_reel (st, k, l, name);
        }
      if (regex_matches (l->sidecar, name))
        node->sidecars[k]++;
      if (regex_matches (l->frame, name))
        node->frames[k]++;
    }
}

/* Reads one folder: files are counted and classified, folders become nodes to visit. */
static gboolean
walk_dir (ScanState *st,
          Node      *node,
          dev_t      root_dev,
          GQueue    *todo,
          GString   *scratch)
{
  g_autofree char *path = g_build_filename (st->root_path, node->relpath, NULL);
  struct dirent *entry;
  DIR *dir;
  int fd;

  fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      int errsv = errno;

      g_debug ("Cannot read %s: %s", path, g_strerror (errsv));
      if (fd >= 0)
        close (fd);
      st->scan->n_unreadable++;
      errno = errsv;  /* for the caller's message */
      return FALSE;
    }

  while ((entry = readdir (dir)) != NULL)
    {
      const char *name = entry->d_name;
      struct stat sb;

      if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
        continue;
      if (fstatat (dirfd (dir), name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        continue;

      if (S_ISDIR (sb.st_mode))
        {
          /* Another filesystem mounted inside the drive is not part of it. */
          if (sb.st_dev == root_dev)
            g_queue_push_tail (todo, node_new (st, node, name));
        }
      else if (S_ISREG (sb.st_mode) || S_ISLNK (sb.st_mode))
        {
          guint64 size = S_ISREG (sb.st_mode) ? (guint64) sb.st_size : 0;

          node->n_files++;
          node->bytes += size;
          if (st->progress != NULL)
            {
              __atomic_fetch_add (&st->progress->n_files, 1, __ATOMIC_RELAXED);
              __atomic_fetch_add (&st->progress->total_bytes, size, __ATOMIC_RELAXED);
            }
          classify_file (st, node, name, scratch);
        }
    }

  closedir (dir);
  return TRUE;
}

static gboolean
walk (ScanState     *st,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_auto(GQueue) todo = G_QUEUE_INIT;
  struct stat sb;
  Node *node;

  if (stat (st->root_path, &sb) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), st->root_path, g_strerror (errsv));
      return FALSE;
    }
  if (!S_ISDIR (sb.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("“%s” is not a folder"), st->root_path);
      return FALSE;
    }

  /* The root's own name counts too: a .RDM or Proxy folder opened as the drive. */
  {
    g_autofree char *basename = g_path_get_basename (st->root_path);

    node = node_new (st, NULL, basename);
  }
  if (!walk_dir (st, node, sb.st_dev, &todo, scratch))
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), st->root_path, g_strerror (errsv));
      return FALSE;
    }

  while ((node = g_queue_pop_head (&todo)) != NULL)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      walk_dir (st, node, sb.st_dev, &todo, scratch);
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Children come after their parent in st->nodes: walking it backwards sees every
 * folder after all of its descendants. */
static void
summarize (ScanState *st)
{
  const Layout *layouts = get_layouts ();

  for (guint i = st->nodes->len; i > 0; i--)
    {
      Node *node = g_ptr_array_index (st->nodes, i - 1);
      Node *parent = node->parent;

      node->sub_files += node->n_files;
      node->sub_bytes += node->bytes;
      st->scan->n_files += node->n_files;
      st->scan->total_bytes += node->bytes;
      st->scan->n_dirs++;

      if (!node->junk)
        {
          for (guint k = 0; k < N_KINDS; k++)
            {
              const Layout *l = &layouts[k];

              if (regex_matches (l->root_name, node->name))
                node->structural |= KIND_BIT (k);
              for (guint p = 0; l->root_paths != NULL && l->root_paths[p] != NULL; p++)
                if (node_has_path (node, l->root_paths[p]))
                  node->structural |= KIND_BIT (k);
              if (parent != NULL &&
                  (regex_matches (l->clip_dir, node->name) || node->frames[k] > 0))
                {
                  node->clip_dir |= KIND_BIT (k);
                  note_reel (st, k, l, node->name);
                }
              if (node->clips[k] > 0)
                node->direct_clips = TRUE;
            }
          node->candidate |= node->has_ascmhl || node->structural != 0 ||
                             node->clip_dir != 0 || node->direct_clips;
        }

      if (parent != NULL)
        {
          parent->sub_files += node->sub_files;
          parent->sub_bytes += node->sub_bytes;
          if (!node->junk)
            {
              parent->ascmhl_below |= node->has_ascmhl || node->ascmhl_below;
              parent->candidate |= node->candidate;
              if (node->clip_dir != 0)
                parent->direct_clips = TRUE;
            }
        }
    }
}

/* Clips of layout @kind in the subtree of @node. Junk is skipped, and so is a card
 * root of another layout nested inside (proxies inside a camera roll). */
static guint
count_clips (Node     *node,
             guint     kind,
             gboolean  is_top)
{
  guint total;

  if (!is_top && node->junk)
    return 0;
  if (!is_top && node->structural != 0 && (node->structural & KIND_BIT (kind)) == 0)
    return 0;
  if (node->clip_dir & KIND_BIT (kind))
    return 1;

  total = node->clips[kind];
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    total += count_clips (g_ptr_array_index (node->children, i), kind, FALSE);
  return total;
}

static guint32
sum_sidecars (Node  *node,
              guint  kind)
{
  guint32 total;

  if (node->junk)
    return 0;
  total = node->sidecars[kind];
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    total += sum_sidecars (g_ptr_array_index (node->children, i), kind);
  return total;
}

/* The first layout (table order) with evidence wins: card roots with clips, then
 * clips, then card roots, then sidecars. */
static IngestCardKind
decide_kind (Node  *node,
             guint *n_clips)
{
  guint clips[N_KINDS];

  for (guint k = 0; k < N_KINDS; k++)
    clips[k] = count_clips (node, k, TRUE);

  *n_clips = 0;
  for (guint k = 0; k < N_KINDS; k++)
    if ((node->structural & KIND_BIT (k)) && clips[k] > 0)
      {
        *n_clips = clips[k];
        return k;
      }
  for (guint k = 0; k < N_KINDS; k++)
    if (clips[k] > 0)
      {
        *n_clips = clips[k];
        return k;
      }
  for (guint k = 0; k < N_KINDS; k++)
    if (node->structural & KIND_BIT (k))
      return k;
  for (guint k = 0; k < N_KINDS; k++)
    if (sum_sidecars (node, k) > 0)
      return k;
  return INGEST_CARD_KIND_GENERIC;
}

/* A MHL 1.x file starts with <?xml …?><hashlist version="1.x">. */
static gboolean
is_legacy_mhl (const char *path)
{
  char buf[4096];
  gssize n;
  const char *hashlist;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';

  hashlist = strstr (buf, "<hashlist");
  return hashlist != NULL &&
         (strstr (hashlist, "version=\"1.") != NULL || strstr (hashlist, "version='1.") != NULL);
}

/* The first legacy .mhl directly in @node (sorted by name) whose name starts
 * with @prefix (when not NULL), as a path relative to the root. */
static char *
find_legacy_mhl_in (ScanState  *st,
                    Node       *node,
                    const char *prefix)
{
  if (node->mhl_files == NULL || node->junk)
    return NULL;

  g_ptr_array_sort (node->mhl_files, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < node->mhl_files->len; i++)
    {
      const char *name = g_ptr_array_index (node->mhl_files, i);
      g_autofree char *rel = NULL;
      g_autofree char *abs = NULL;

      if (prefix != NULL && g_ascii_strncasecmp (name, prefix, strlen (prefix)) != 0)
        continue;
      rel = node->relpath[0] ? g_build_filename (node->relpath, name, NULL) : g_strdup (name);
      abs = g_build_filename (st->root_path, rel, NULL);

      if (is_legacy_mhl (abs))
        return g_steal_pointer (&rel);
    }
  return NULL;
}

static char *
find_legacy_mhl_below (ScanState *st,
                       Node      *node)
{
  char *found = find_legacy_mhl_in (st, node, NULL);

  for (guint i = 0; found == NULL && node->children != NULL && i < node->children->len; i++)
    found = find_legacy_mhl_below (st, g_ptr_array_index (node->children, i));
  return found;
}

/* Which MHL covers a roll: an ascmhl/ history at its root or above it, else a
 * legacy MHL inside it, else one beside it named after it ("A001_2026….mhl"). */
static void
find_mhl (ScanState      *st,
          Node           *node,
          gboolean        subtree,
          IngestCardRoll *roll)
{
  for (Node *n = node; n != NULL; n = n->parent)
    {
      if (n->has_ascmhl)
        {
          roll->mhl_kind = "ascmhl";
          roll->mhl_path = g_strdup (n->relpath[0] ? n->relpath : ".");
          return;
        }
    }

  roll->mhl_path = subtree ? find_legacy_mhl_below (st, node) : find_legacy_mhl_in (st, node, NULL);
  if (roll->mhl_path == NULL && node->parent != NULL)
    roll->mhl_path = find_legacy_mhl_in (st, node->parent, node->name);
  roll->mhl_kind = roll->mhl_path != NULL ? "legacy" : "none";
}

static void
add_roll (ScanState *st,
          Node      *node)
{
  IngestCardRoll *roll = g_new0 (IngestCardRoll, 1);

  roll->kind = decide_kind (node, &roll->n_clips);
  roll->n_files = node->sub_files;
  roll->total_bytes = node->sub_bytes;
  if (node->parent == NULL)
    {
      /* A card mounted as the drive: its clips know the reel better than its label. */
      roll->name = g_strdup (st->reels[roll->kind] ? st->reels[roll->kind] : st->root_name);
      roll->path = g_strdup (".");
    }
  else
    {
      roll->name = g_strdup (node->name);
      roll->path = g_strdup (node->relpath);
    }
  find_mhl (st, node, TRUE, roll);
  g_ptr_array_add (st->scan->rolls, roll);
}

/* The files lying directly in a container folder (with its junk and ascmhl/ folders). */
static void
add_loose_roll (ScanState *st,
                Node      *node)
{
  IngestCardRoll *roll = g_new0 (IngestCardRoll, 1);

  roll->kind = INGEST_CARD_KIND_GENERIC;
  for (guint k = 0; k < N_KINDS; k++)
    if (node->sidecars[k] > 0)
      {
        roll->kind = k;
        break;
      }
  roll->n_files = node->n_files;
  roll->total_bytes = node->bytes;
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      Node *child = g_ptr_array_index (node->children, i);

      if (child->junk)
        {
          roll->n_files += child->sub_files;
          roll->total_bytes += child->sub_bytes;
        }
    }
  roll->name = g_strdup (node->parent == NULL ? st->root_name : node->name);
  roll->path = g_strdup (node->parent == NULL ? "." : node->relpath);
  find_mhl (st, node, FALSE, roll);
  g_ptr_array_add (st->scan->rolls, roll);
}

/* Decides where the rolls are, from the top:
 *  - a folder with an ascmhl/ history is one roll, unless histories nest below it
 *    (then it is a parent/collection history and its children are the rolls);
 *  - a card root, a folder holding clips or clip folders, is one roll;
 *  - anything else is a container (a shuttle drive): each child folder with
 *    rolls in it is looked at in turn, other non-empty child folders are
 *    generic rolls, and loose files make a generic roll of their own. */
static void
assign (ScanState *st,
        Node      *node)
{
  gboolean is_roll;

  if (node->has_ascmhl)
    is_roll = !node->ascmhl_below;
  else
    is_roll = node->structural != 0 || node->direct_clips || node->clip_dir != 0;

  if (is_roll)
    {
      add_roll (st, node);
      return;
    }

  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      Node *child = g_ptr_array_index (node->children, i);

      if (child->junk)
        continue;
      if (child->candidate)
        assign (st, child);
      else if (child->sub_files > 0)
        add_roll (st, child);
    }

  if (node->loose)
    add_loose_roll (st, node);
}

static int
compare_rolls (gconstpointer a,
               gconstpointer b)
{
  const IngestCardRoll *ra = *(const IngestCardRoll * const *) a;
  const IngestCardRoll *rb = *(const IngestCardRoll * const *) b;

  return strcmp (ra->path, rb->path);
}

/**
 * ingest_card_kind_get_type:
 *
 * Returns: the GEnum type of #IngestCardKind, nicks from the layout table
 */
/* Registered by hand, not by ingest-enums (glib-mkenums): the enum is
 * expanded from ingest-card-layouts.defs, which glib-mkenums cannot read. */
GType
ingest_card_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
#define INGEST_CARD_LAYOUT(ID, nick, ...) { INGEST_CARD_KIND_##ID, "INGEST_CARD_KIND_" #ID, nick },
#include "ingest-card-layouts.defs"
#undef INGEST_CARD_LAYOUT
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("IngestCardKind"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/**
 * ingest_card_kind_get_nick:
 *
 * Returns: (transfer none): the kind's short name ("arri", "sony-xdcam"…), or
 *   %NULL for a value out of range
 */
const char *
ingest_card_kind_get_nick (IngestCardKind kind)
{
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);

  return layout_defs[kind].nick;
}

/**
 * ingest_card_kind_get_label:
 *
 * Returns: (transfer none): the kind's translated name for people ("ARRI",
 *   "Sony XDCAM", "Sound"…)
 */
const char *
ingest_card_kind_get_label (IngestCardKind kind)
{
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);

  return g_dgettext (GETTEXT_PACKAGE, layout_defs[kind].label);
}

/**
 * ingest_card_kind_from_nick:
 * @nick: a short name, as ingest_card_kind_get_nick() returns
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE when @nick names a kind
 */
gboolean
ingest_card_kind_from_nick (const char     *nick,
                            IngestCardKind *kind)
{
  g_return_val_if_fail (nick != NULL, FALSE);

  for (guint k = 0; k < N_KINDS; k++)
    {
      if (strcmp (layout_defs[k].nick, nick) == 0)
        {
          if (kind != NULL)
            *kind = k;
          return TRUE;
        }
    }
  return FALSE;
}

/*
 * For the clip grouper (ingest-card-layout-private.h)
 */

IngestCardEntryRole
_ingest_card_layout_classify_file (IngestCardKind  kind,
                                   const char     *path,
                                   const char     *name)
{
  const Layout *l;

  g_return_val_if_fail ((guint) kind < N_KINDS, INGEST_CARD_ENTRY_OTHER);

  l = &get_layouts ()[kind];
  if (regex_matches (l->clip, path))
    return INGEST_CARD_ENTRY_CLIP;
  if (regex_matches (l->frame, name))
    return INGEST_CARD_ENTRY_FRAME;
  if (regex_matches (l->sidecar, name))
    return INGEST_CARD_ENTRY_SIDECAR;
  return INGEST_CARD_ENTRY_OTHER;
}

gboolean
_ingest_card_layout_is_clip_dir (IngestCardKind  kind,
                                 const char     *folder_name)
{
  g_return_val_if_fail ((guint) kind < N_KINDS, FALSE);

  return regex_matches (get_layouts ()[kind].clip_dir, folder_name);
}

gboolean
_ingest_card_layout_is_junk_name (const char *name,
                                  gboolean    is_folder)
{
  return is_junk_name (name, is_folder ? junk_dirs : junk_files);
}

void
ingest_card_roll_free (IngestCardRoll *roll)
{
  if (roll == NULL)
    return;
  g_free (roll->name);
  g_free (roll->path);
  g_free (roll->mhl_path);
  g_free (roll);
}

void
ingest_card_scan_free (IngestCardScan *scan)
{
  if (scan == NULL)
    return;
  g_clear_pointer (&scan->rolls, g_ptr_array_unref);
  g_free (scan);
}

/**
 * ingest_card_layout_scan:
 * @root_path: the folder to walk (a mount point or any folder)
 * @root_name: the name of a roll made of @root_path itself (the drive label)
 * @progress: (nullable): counters advanced while walking
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Walks @root_path once and splits it into rolls with the layout table.
 * Blocks: call it on a worker thread. Folders that cannot be opened are
 * skipped and counted in n_unreadable.
 *
 * Returns: (transfer full): the scan, or %NULL when @root_path cannot be read
 *   or @cancellable was cancelled
 */
IngestCardScan *
ingest_card_layout_scan (const char              *root_path,
                         const char              *root_name,
                         IngestCardScanProgress  *progress,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_autoptr(IngestCardScan) scan = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  ScanState st = { 0 };

  g_return_val_if_fail (root_path != NULL, NULL);
  g_return_val_if_fail (root_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scan = g_new0 (IngestCardScan, 1);
  scan->rolls = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_card_roll_free);
  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);

  st.root_path = root_path;
  st.root_name = root_name;
  st.progress = progress;
  st.scan = scan;
  st.nodes = nodes;

  if (walk (&st, cancellable, error))
    {
      summarize (&st);
      assign (&st, g_ptr_array_index (nodes, 0));
      g_ptr_array_sort (scan->rolls, compare_rolls);
    }
  else
    g_clear_pointer (&scan, ingest_card_scan_free);

  for (guint k = 0; k < N_KINDS; k++)
    g_free (st.reels[k]);

  return g_steal_pointer (&scan);
}
