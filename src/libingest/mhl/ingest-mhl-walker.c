/* ingest-mhl-walker.c
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

#define G_LOG_DOMAIN "ingest-mhl-walker"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest-mhl-path.h"
#include "ingest-mhl-walker.h"

typedef struct
{
  IngestMhlHistory *history;
  IngestMhlIgnore  *ignore;
  gboolean          visited;
} Scope;

struct _IngestMhlWalker
{
  char       *root;
  char       *real_root;    /* root with every symlink resolved, for link targets */
  GArray     *scopes;       /* Scope; 0 = the top history */
  GHashTable *scope_roots;  /* absolute root → scope index + 1 */
  GArray     *items;        /* IngestMhlWalkItem, post-order */
};

/* One directory entry while a folder is being listed. */
typedef struct
{
  char        *name;
  struct stat  st;
  int          stat_errno;
  gboolean     is_link;
  gboolean     link_to_dir;
  char        *target;        /* a link's target below the root, when it is a regular file there */
  const char  *link_problem;  /* why a link is not followed */
} Entry;

static void
item_clear (gpointer data)
{
  IngestMhlWalkItem *item = data;

  g_free (item->path);
  g_free (item->error_message);
  g_free (item->target);
  for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
    {
      g_free (item->hashes[k]);
      if (item->structure != NULL)
        g_free (item->structure[k]);
    }
  g_free (item->structure);
}

static void
scope_clear (gpointer data)
{
  Scope *scope = data;

  g_clear_object (&scope->history);
  g_clear_object (&scope->ignore);
}

static void
add_scopes (IngestMhlWalker    *self,
            IngestMhlHistory   *history,
            const char * const *extra_patterns)
{
  GPtrArray *children = ingest_mhl_history_get_children (history);
  Scope scope = { 0 };

  scope.history = g_object_ref (history);
  scope.ignore = ingest_mhl_history_dup_ignore (history);
  ingest_mhl_ignore_add_patterns (scope.ignore, extra_patterns);
  g_array_append_val (self->scopes, scope);
  g_hash_table_insert (self->scope_roots, (gpointer) ingest_mhl_history_get_root (history),
                       GUINT_TO_POINTER (self->scopes->len));

  for (guint i = 0; i < children->len; i++)
    add_scopes (self, g_ptr_array_index (children, i), extra_patterns);
}

/**
 * ingest_mhl_walker_new:
 * @top: the history at the root of the walk, with its children loaded
 * @extra_patterns: (nullable): ignore patterns added to every history's own
 *
 * Returns: (transfer full): a walker; free with ingest_mhl_walker_free()
 */
IngestMhlWalker *
ingest_mhl_walker_new (IngestMhlHistory   *top,
                       const char * const *extra_patterns)
{
  IngestMhlWalker *self;

  g_return_val_if_fail (INGEST_IS_MHL_HISTORY (top), NULL);

  self = g_new0 (IngestMhlWalker, 1);
  self->root = g_strdup (ingest_mhl_history_get_root (top));
  self->scopes = g_array_new (FALSE, TRUE, sizeof (Scope));
  g_array_set_clear_func (self->scopes, scope_clear);
  self->scope_roots = g_hash_table_new (g_str_hash, g_str_equal);
  self->items = g_array_new (FALSE, TRUE, sizeof (IngestMhlWalkItem));
  g_array_set_clear_func (self->items, item_clear);
  add_scopes (self, top, extra_patterns);
  return self;
}

void
ingest_mhl_walker_free (IngestMhlWalker *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->scope_roots, g_hash_table_unref);
  g_clear_pointer (&self->scopes, g_array_unref);
  g_free (self->root);
  g_free (self->real_root);
  g_free (self);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const Entry *) a)->name, ((const Entry *) b)->name);
}

static guint
add_item (IngestMhlWalker   *self,
          IngestMhlWalkKind  kind,
          char              *path,
          guint              rel_offset,
          guint              scope,
          const struct stat *st)
{
  IngestMhlWalkItem item = { 0 };
  const char *slash = strrchr (path, '/');

  item.kind = kind;
  item.path = path;
  item.name_offset = slash != NULL ? slash - path + 1 : 0;
  item.rel_offset = rel_offset;
  item.scope = scope;
  item.parent = -1;
  item.history_root = -1;
  if (st != NULL)
    {
      item.size = st->st_size;
      item.mtime = st->st_mtim.tv_sec;
      item.mtime_nsec = st->st_mtim.tv_nsec;
      item.ctime_ns = (gint64) st->st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_ctim.tv_nsec;
    }
  g_array_append_val (self->items, item);
  return self->items->len - 1;
}

#define ITEM(i) (&g_array_index (self->items, IngestMhlWalkItem, (i)))

/* Decides what a symbolic link in @folder is. Folder links are never entered.
 * A file link is followed only when its final target is a regular file below
 * the root: then @entry takes the target's stat and its path below the root.
 * Anything else (outside the root, dangling, a loop, a device) is not read. */
static void
resolve_link (IngestMhlWalker *self,
              const char      *folder,
              Entry           *entry)
{
  g_autofree char *link = g_build_filename (folder, entry->name, NULL);
  g_autofree char *real = realpath (link, NULL);
  gsize len = strlen (self->real_root);
  struct stat st;

  if (real == NULL || stat (real, &st) != 0)
    {
      entry->link_problem = "dangling or looping symbolic link: not followed";
      return;
    }
  if (S_ISDIR (st.st_mode))
    {
      entry->link_to_dir = TRUE;
      return;
    }
  if (strcmp (self->real_root, "/") == 0)
    len = 0;
  if (strncmp (real, self->real_root, len) != 0 || real[len] != '/')
    {
      entry->link_problem = "symbolic link to a file outside the root: not followed";
      return;
    }
  if (!S_ISREG (st.st_mode))
    {
      entry->link_problem = "symbolic link to something that is not a regular file: not followed";
      return;
    }
  entry->st = st;
  entry->target = g_strdup (real + len + 1);
}

/* Lists the folder at @path (relative to the walk root), adds its entries in post-order
 * and finally the folder itself; returns the folder's item index. @rel_offset says where
 * the path relative to @scope's root starts inside @path. */
static guint
walk_directory (IngestMhlWalker   *self,
                const char        *path,
                guint              rel_offset,
                guint              scope,
                guint              content_scope,
                const struct stat *dir_st,
                GCancellable      *cancellable,
                GError           **error,
                gboolean          *ok)
{
  g_autofree char *absolute = path[0] != '\0' ? g_build_filename (self->root, path, NULL) : g_strdup (self->root);
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autoptr(GArray) children = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Children of this folder are relative to content_scope's root, which may be this folder. */
  guint child_rel_offset = content_scope != scope ? strlen (path) + 1 : rel_offset;
  IngestMhlIgnore *ignore = g_array_index (self->scopes, Scope, content_scope).ignore;
  guint index;
  DIR *dir;
  int fd;

  g_array_index (self->scopes, Scope, content_scope).visited = TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      *ok = FALSE;
      return 0;
    }

  dir = opendir (absolute);
  if (dir == NULL)
    {
      int saved_errno = errno;

      index = add_item (self, INGEST_MHL_WALK_UNREADABLE, g_strdup (path), rel_offset, scope, dir_st);
      ITEM (index)->error_message = g_strdup (g_strerror (saved_errno));
      return index;
    }

  fd = dirfd (dir);
  for (struct dirent *dent; (dent = readdir (dir)) != NULL;)
    {
      Entry entry = { 0 };

      if (strcmp (dent->d_name, ".") == 0 || strcmp (dent->d_name, "..") == 0)
        continue;
      entry.name = g_strdup (dent->d_name);
      if (fstatat (fd, entry.name, &entry.st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          entry.stat_errno = errno;
        }
      else if (S_ISLNK (entry.st.st_mode))
        {
          entry.is_link = TRUE;
          resolve_link (self, absolute, &entry);
        }
      g_array_append_val (entries, entry);
    }
  closedir (dir);
  g_array_sort (entries, compare_entries);

  /* Pass 1: real subfolders, depth first. Pass 2: everything else. */
  for (guint pass = 0; pass < 2 && *ok; pass++)
    {
      for (guint i = 0; i < entries->len && *ok; i++)
        {
          Entry *entry = &g_array_index (entries, Entry, i);
          gboolean is_dir = entry->stat_errno == 0 && S_ISDIR (entry->st.st_mode) && !entry->is_link;
          char *child_path;
          const char *rel;
          IngestMhlWalkKind kind;
          guint child;

          if ((pass == 0) != is_dir)
            continue;
          /* Per entry: one folder may hold any number of files, each matched
           * against every pattern of a manifest from the drive. */
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              *ok = FALSE;
              break;
            }

          child_path = path[0] != '\0' ? g_strconcat (path, "/", entry->name, NULL) : g_strdup (entry->name);
          rel = child_path + child_rel_offset;

          if (ingest_mhl_ignore_match_entry (ignore, rel, is_dir || entry->link_to_dir, cancellable))
            {
              /* The history folders themselves are not worth a report. */
              if (strcmp (entry->name, "ascmhl") == 0)
                {
                  g_free (child_path);
                  continue;
                }
              kind = INGEST_MHL_WALK_IGNORED;
            }
          /* What no ASC MHL path may hold (control characters, a
           * backslash, bytes that are not UTF-8) is reported here, so one
           * such name does not stop a whole manifest from being written. */
          else if (!ingest_mhl_path_validate (entry->name, NULL))
            kind = INGEST_MHL_WALK_INVALID_NAME;
          else if (entry->stat_errno != 0)
            kind = INGEST_MHL_WALK_UNREADABLE;
          else if (is_dir)
            kind = INGEST_MHL_WALK_DIRECTORY;
          else if (entry->link_to_dir)
            kind = INGEST_MHL_WALK_SYMLINK_DIRECTORY;
          else if (entry->is_link && entry->target == NULL)
            kind = INGEST_MHL_WALK_SYMLINK;
          else if (S_ISREG (entry->st.st_mode))
            kind = INGEST_MHL_WALK_FILE;
          else
            kind = INGEST_MHL_WALK_SPECIAL;

          if (kind == INGEST_MHL_WALK_DIRECTORY)
            {
              g_autofree char *child_absolute = g_build_filename (self->root, child_path, NULL);
              guint nested = GPOINTER_TO_UINT (g_hash_table_lookup (self->scope_roots, child_absolute));

              child = walk_directory (self, child_path, child_rel_offset, content_scope,
                                      nested != 0 ? nested - 1 : content_scope,
                                      &entry->st, cancellable, error, ok);
              g_free (child_path);
              if (!*ok)
                break;
            }
          else
            {
              child = add_item (self, kind, child_path, child_rel_offset, content_scope, &entry->st);
              if (entry->stat_errno != 0)
                ITEM (child)->error_message = g_strdup (g_strerror (entry->stat_errno));
              else if (kind == INGEST_MHL_WALK_SYMLINK)
                ITEM (child)->error_message = g_strdup (entry->link_problem);
              else if (kind == INGEST_MHL_WALK_FILE)
                ITEM (child)->target = g_steal_pointer (&entry->target);
            }
          g_array_append_val (children, child);
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      g_free (g_array_index (entries, Entry, i).name);
      g_free (g_array_index (entries, Entry, i).target);
    }
  if (!*ok)
    return 0;

  index = add_item (self, INGEST_MHL_WALK_DIRECTORY, g_strdup (path), rel_offset, scope, dir_st);
  if (content_scope != scope || path[0] == '\0')
    ITEM (index)->history_root = content_scope;
  for (guint i = 0; i < children->len; i++)
    ITEM (g_array_index (children, guint, i))->parent = index;
  return index;
}

/**
 * ingest_mhl_walker_run:
 *
 * Lists the tree. Problems with single entries become items of their own
 * kind; only cancellation and an unreadable root fail the walk.
 */
gboolean
ingest_mhl_walker_run (IngestMhlWalker  *self,
                       GCancellable     *cancellable,
                       GError          **error)
{
  struct stat st;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);

  g_array_set_size (self->items, 0);
  g_clear_pointer (&self->real_root, g_free);
  self->real_root = realpath (self->root, NULL);
  if (self->real_root == NULL || stat (self->root, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot read %s: %s", self->root, g_strerror (saved_errno));
      return FALSE;
    }
  walk_directory (self, "", 0, 0, 0, &st, cancellable, error, &ok);
  if (ok && ITEM (self->items->len - 1)->kind == INGEST_MHL_WALK_UNREADABLE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Cannot list %s: %s",
                   self->root, ITEM (self->items->len - 1)->error_message);
      return FALSE;
    }
  return ok;
}

/* Returns: (transfer none) (element-type IngestMhlWalkItem): the entries in post-order */
GArray *
ingest_mhl_walker_get_items (IngestMhlWalker *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->items;
}

/* The histories of the walk: 0 is the top one, then its descendants depth-first. */
guint
ingest_mhl_walker_get_n_histories (IngestMhlWalker *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->scopes->len;
}

/* Returns: (transfer none) */
IngestMhlHistory *
ingest_mhl_walker_get_history (IngestMhlWalker *self,
                               guint            scope)
{
  g_return_val_if_fail (self != NULL && scope < self->scopes->len, NULL);
  return g_array_index (self->scopes, Scope, scope).history;
}

/* Returns: (transfer none): the patterns used for @scope (its own + the extra ones) */
IngestMhlIgnore *
ingest_mhl_walker_get_ignore (IngestMhlWalker *self,
                              guint            scope)
{
  g_return_val_if_fail (self != NULL && scope < self->scopes->len, NULL);
  return g_array_index (self->scopes, Scope, scope).ignore;
}

/* Whether the walk entered @scope's root (it may sit in an ignored folder). */
gboolean
ingest_mhl_walker_get_visited (IngestMhlWalker *self,
                               guint            scope)
{
  g_return_val_if_fail (self != NULL && scope < self->scopes->len, FALSE);
  return g_array_index (self->scopes, Scope, scope).visited;
}

/* Returns: (transfer full): the item's absolute path */
char *
ingest_mhl_walker_dup_absolute_path (IngestMhlWalker         *self,
                                     const IngestMhlWalkItem *item)
{
  g_return_val_if_fail (self != NULL && item != NULL, NULL);
  return item->path[0] != '\0' ? g_build_filename (self->root, item->path, NULL) : g_strdup (self->root);
}

/* Returns: (transfer full): the absolute path to read for a file item: a
 * link's resolved target, never the link itself */
char *
ingest_mhl_walker_dup_read_path (IngestMhlWalker         *self,
                                 const IngestMhlWalkItem *item)
{
  g_return_val_if_fail (self != NULL && item != NULL, NULL);
  if (item->target != NULL)
    return g_build_filename (self->real_root, item->target, NULL);
  return ingest_mhl_walker_dup_absolute_path (self, item);
}

typedef struct
{
  GPtrArray     *content[INGEST_MHL_WALK_N_KINDS];
  GPtrArray     *structure[INGEST_MHL_WALK_N_KINDS];
  IngestHashSet  broken;   /* kinds where a child has no hash */
} Accumulator;

static void
accumulator_free (Accumulator *acc)
{
  for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS; k++)
    {
      g_clear_pointer (&acc->content[k], g_ptr_array_unref);
      g_clear_pointer (&acc->structure[k], g_ptr_array_unref);
    }
  g_free (acc);
}

/* structure input of one entry: hash of its name bytes followed by its raw digest */
static char *
hash_name_and_digest (IngestHashKind   kind,
                      const char      *name,
                      const char      *text,
                      GError         **error)
{
  guint8 digest[INGEST_HASH_MAX_DIGEST_SIZE];
  gsize name_len = strlen (name);
  gsize digest_len = ingest_hash_kind_get_digest_size (kind);
  g_autofree guint8 *buffer = NULL;

  if (!ingest_hash_decode (kind, text, digest, error))
    return NULL;
  buffer = g_malloc (name_len + digest_len);
  memcpy (buffer, name, name_len);
  memcpy (buffer + name_len, digest, digest_len);
  return ingest_hash_bytes (kind, buffer, name_len + digest_len);
}

/**
 * ingest_mhl_walker_compute_directory_hashes:
 * @kinds: the formats to compute
 *
 * Fills the content and structure hashes of every folder item (notes §6) from
 * the file hashes already in the items. A folder where some file or subfolder
 * has no hash of a kind (unreadable) gets none of that kind.
 */
gboolean
ingest_mhl_walker_compute_directory_hashes (IngestMhlWalker  *self,
                                            IngestHashSet     kinds,
                                            GError          **error)
{
  g_autofree Accumulator **accs = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);

  accs = g_new0 (Accumulator *, self->items->len);

  for (guint i = 0; i < self->items->len && ok; i++)
    {
      IngestMhlWalkItem *item = ITEM (i);
      Accumulator *parent;

      if (item->kind == INGEST_MHL_WALK_DIRECTORY)
        {
          Accumulator *acc = accs[i];

          if (item->structure == NULL)
            item->structure = g_new0 (char *, INGEST_MHL_WALK_N_KINDS);

          for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS && ok; k++)
            {
              g_autoptr(GPtrArray) empty = NULL;

              if (!(kinds & INGEST_HASH_BIT (k)))
                continue;
              g_clear_pointer (&item->hashes[k], g_free);
              g_clear_pointer (&item->structure[k], g_free);
              if (acc != NULL && (acc->broken & INGEST_HASH_BIT (k)))
                continue;
              if (acc == NULL || acc->content[k] == NULL)
                {
                  empty = g_ptr_array_new ();
                  item->hashes[k] = ingest_hash_of_list (k, empty, error);
                  item->structure[k] = ingest_hash_of_list (k, empty, error);
                }
              else
                {
                  item->hashes[k] = ingest_hash_of_list (k, acc->content[k], error);
                  item->structure[k] = item->hashes[k] != NULL ? ingest_hash_of_list (k, acc->structure[k], error) : NULL;
                }
              ok = item->hashes[k] != NULL && item->structure[k] != NULL;
            }
          g_clear_pointer (&accs[i], accumulator_free);
        }
      else if (item->kind != INGEST_MHL_WALK_FILE && item->kind != INGEST_MHL_WALK_UNREADABLE)
        {
          continue;  /* ignored and unrecordable entries are not part of any hash */
        }

      if (item->parent < 0 || !ok)
        continue;
      parent = accs[item->parent];
      if (parent == NULL)
        parent = accs[item->parent] = g_new0 (Accumulator, 1);

      for (guint k = 0; k < INGEST_MHL_WALK_N_KINDS && ok; k++)
        {
          const char *value = item->kind == INGEST_MHL_WALK_DIRECTORY ? item->structure[k] : item->hashes[k];
          char *structure;

          if (!(kinds & INGEST_HASH_BIT (k)))
            continue;
          if (item->kind == INGEST_MHL_WALK_UNREADABLE || item->hashes[k] == NULL || value == NULL)
            {
              parent->broken |= INGEST_HASH_BIT (k);
              continue;
            }
          structure = hash_name_and_digest (k, ingest_mhl_walk_item_get_name (item), value, error);
          if (structure == NULL)
            {
              ok = FALSE;
              break;
            }
          if (parent->content[k] == NULL)
            {
              parent->content[k] = g_ptr_array_new_with_free_func (g_free);
              parent->structure[k] = g_ptr_array_new_with_free_func (g_free);
            }
          g_ptr_array_add (parent->content[k], g_strdup (item->hashes[k]));
          g_ptr_array_add (parent->structure[k], structure);
        }
    }

  for (guint i = 0; i < self->items->len; i++)
    g_clear_pointer (&accs[i], accumulator_free);
  return ok;
}
