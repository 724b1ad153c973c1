/* ingest-mhl-entry.c
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

#define G_LOG_DOMAIN "ingest-mhl-entry"

#include "config.h"

#include <string.h>

#include "ingest-mhl-entry-private.h"

/* A history keeps every generation in memory (100,000 entries each), so an
 * entry is kept small: a 64-byte instance, the fields most entries lack in a
 * side structure, hash slots in an exact-size table, and for parsed entries
 * the path, the table and the hash texts in one block (see
 * _ingest_mhl_entry_pack()). */

/* Fields that most entries don't have. */
typedef struct {
  char *previous_path;
  char *creation_date;  /* GRefString */
  char *metadata;
} EntryExtra;

typedef struct {
  guint8            n_slots;
  guint8            in_block;  /* inside the packed block: not freed on its own */
  IngestMhlHashSlot slots[];
} SlotTable;

#define SLOT_TABLE_SIZE(n) (G_STRUCT_OFFSET (SlotTable, slots) + (n) * sizeof (IngestMhlHashSlot))

/* The size of a directory entry: "is a directory" costs no field of its own. */
#define DIRECTORY_SIZE G_MININT64

struct _IngestMhlEntry
{
  GObject     parent_instance;

  char       *path;       /* owned; in a packed entry, the start of the block */
  SlotTable  *table;      /* NULL when there is no hash */
  char       *last_modification_date;  /* GRefString */
  EntryExtra *extra;
  gint64      size;       /* -1 unknown, DIRECTORY_SIZE for a directory */
};

G_DEFINE_FINAL_TYPE (IngestMhlEntry, ingest_mhl_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_IS_DIRECTORY,
  PROP_PREVIOUS_PATH,
  PROP_SIZE,
  PROP_CREATION_DATE,
  PROP_LAST_MODIFICATION_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const action_names[] = {
  [INGEST_MHL_HASH_ACTION_NONE] = NULL,
  [INGEST_MHL_HASH_ACTION_ORIGINAL] = "original",
  [INGEST_MHL_HASH_ACTION_VERIFIED] = "verified",
  [INGEST_MHL_HASH_ACTION_FAILED] = "failed",
};

/* Replaces *field with a copy of @value; TRUE if it changed. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Dates repeat a lot (one hashdate per run, mtimes shared by frames of a
 * sequence): they are interned, refcounted strings. */
char *
_ingest_mhl_date_intern (IngestMhlDateCache *cache,
                         const char         *date)
{
  char *shared;

  if (date == NULL)
    return NULL;
  if (cache == NULL)
    return g_ref_string_new_intern (date);

  for (guint i = 0; i < G_N_ELEMENTS (cache->dates); i++)
    if (cache->dates[i] != NULL && strcmp (cache->dates[i], date) == 0)
      return g_ref_string_acquire (cache->dates[i]);

  shared = g_ref_string_new_intern (date);
  g_clear_pointer (&cache->dates[cache->next], g_ref_string_release);
  cache->dates[cache->next] = g_ref_string_acquire (shared);
  cache->next = (cache->next + 1) % G_N_ELEMENTS (cache->dates);
  return shared;
}

void
_ingest_mhl_date_cache_clear (IngestMhlDateCache *cache)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache->dates); i++)
    g_clear_pointer (&cache->dates[i], g_ref_string_release);
  cache->next = 0;
}

/* Replaces *field with @shared (transfer full, from _ingest_mhl_date_intern()). */
static void
take_date (char **field,
           char  *shared)
{
  g_clear_pointer (field, g_ref_string_release);
  *field = shared;
}

static gboolean
set_date (char       **field,
          const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  take_date (field, _ingest_mhl_date_intern (NULL, value));
  return TRUE;
}

static inline gboolean
is_directory (IngestMhlEntry *self)
{
  return self->size == DIRECTORY_SIZE;
}

static inline guint
n_slots (IngestMhlEntry *self)
{
  return self->table != NULL ? self->table->n_slots : 0;
}

static EntryExtra *
ensure_extra (IngestMhlEntry *self)
{
  if (self->extra == NULL)
    self->extra = g_new0 (EntryExtra, 1);
  return self->extra;
}

static IngestMhlHashSlot *
find_slot (IngestMhlEntry    *self,
           IngestHashKind     kind,
           IngestMhlHashRole  role)
{
  for (guint i = 0; i < n_slots (self); i++)
    if (self->table->slots[i].kind == kind && self->table->slots[i].role == role)
      return &self->table->slots[i];
  return NULL;
}

/* Appends an empty slot; the table leaves the packed block if it was in it
 * (the texts already there stay put, so returned pointers remain valid). */
static IngestMhlHashSlot *
append_slot (IngestMhlEntry    *self,
             IngestHashKind     kind,
             IngestMhlHashRole  role)
{
  guint n = n_slots (self);
  IngestMhlHashSlot *slot;
  SlotTable *table;

  g_assert (n < G_MAXUINT8);
  if (self->table == NULL || self->table->in_block)
    {
      table = g_malloc (SLOT_TABLE_SIZE (n + 1));
      if (n > 0)
        memcpy (table->slots, self->table->slots, n * sizeof (IngestMhlHashSlot));
      table->in_block = FALSE;
    }
  else
    table = g_realloc (self->table, SLOT_TABLE_SIZE (n + 1));
  table->n_slots = n + 1;
  self->table = table;

  slot = &table->slots[n];
  slot->kind = kind;
  slot->role = role;
  slot->action = INGEST_MHL_HASH_ACTION_NONE;
  slot->owned = FALSE;
  slot->value = NULL;
  slot->date = NULL;
  return slot;
}

static void
ingest_mhl_entry_finalize (GObject *object)
{
  IngestMhlEntry *self = (IngestMhlEntry *)object;

  for (guint i = 0; i < n_slots (self); i++)
    {
      if (self->table->slots[i].owned)
        g_free (self->table->slots[i].value);
      g_clear_pointer (&self->table->slots[i].date, g_ref_string_release);
    }
  if (self->table != NULL && !self->table->in_block)
    g_free (self->table);
  g_free (self->path);
  g_clear_pointer (&self->last_modification_date, g_ref_string_release);
  if (self->extra != NULL)
    {
      g_free (self->extra->previous_path);
      g_clear_pointer (&self->extra->creation_date, g_ref_string_release);
      g_free (self->extra->metadata);
      g_free (self->extra);
    }

  G_OBJECT_CLASS (ingest_mhl_entry_parent_class)->finalize (object);
}

static void
ingest_mhl_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IngestMhlEntry *self = INGEST_MHL_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, ingest_mhl_entry_get_path (self));
      break;
    case PROP_IS_DIRECTORY:
      g_value_set_boolean (value, is_directory (self));
      break;
    case PROP_PREVIOUS_PATH:
      g_value_set_string (value, ingest_mhl_entry_get_previous_path (self));
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, ingest_mhl_entry_get_size (self));
      break;
    case PROP_CREATION_DATE:
      g_value_set_string (value, ingest_mhl_entry_get_creation_date (self));
      break;
    case PROP_LAST_MODIFICATION_DATE:
      g_value_set_string (value, self->last_modification_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_entry_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IngestMhlEntry *self = INGEST_MHL_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      /* NULL stands for "": g_object_new() sets the default on every entry */
      if (g_value_get_string (value) != NULL)
        self->path = ingest_mhl_path_normalize (g_value_get_string (value));
      break;
    case PROP_IS_DIRECTORY:
      /* construct-only, so set before "size" */
      self->size = g_value_get_boolean (value) ? DIRECTORY_SIZE : -1;
      break;
    case PROP_PREVIOUS_PATH:
      ingest_mhl_entry_set_previous_path (self, g_value_get_string (value));
      break;
    case PROP_SIZE:
      ingest_mhl_entry_set_size (self, g_value_get_int64 (value));
      break;
    case PROP_CREATION_DATE:
      ingest_mhl_entry_set_creation_date (self, g_value_get_string (value));
      break;
    case PROP_LAST_MODIFICATION_DATE:
      ingest_mhl_entry_set_last_modification_date (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_mhl_entry_class_init (IngestMhlEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_mhl_entry_finalize;
  object_class->get_property = ingest_mhl_entry_get_property;
  object_class->set_property = ingest_mhl_entry_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DIRECTORY] =
    g_param_spec_boolean ("is-directory", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIOUS_PATH] =
    g_param_spec_string ("previous-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATION_DATE] =
    g_param_spec_string ("creation-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_MODIFICATION_DATE] =
    g_param_spec_string ("last-modification-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_mhl_entry_init (IngestMhlEntry *self)
{
  self->size = -1;
}

/**
 * ingest_mhl_hash_action_to_string:
 * @action: an action
 *
 * Returns: (nullable): "original", "verified", "failed", or %NULL for none
 */
const char *
ingest_mhl_hash_action_to_string (IngestMhlHashAction action)
{
  g_return_val_if_fail (action <= INGEST_MHL_HASH_ACTION_FAILED, NULL);

  return action_names[action];
}

/**
 * ingest_mhl_hash_action_from_string:
 * @text: an `action` attribute value
 * @action: (out): the action
 *
 * Returns: %TRUE if @text is one of the three ASC MHL v2.0 actions
 */
gboolean
ingest_mhl_hash_action_from_string (const char          *text,
                                    IngestMhlHashAction *action)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = INGEST_MHL_HASH_ACTION_ORIGINAL; i < G_N_ELEMENTS (action_names); i++)
    if (strcmp (text, action_names[i]) == 0)
      {
        *action = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * ingest_mhl_entry_new_file:
 * @path: relative path of the file
 * @size: its size, or -1 if unknown
 *
 * Returns: (transfer full): a file entry without hashes
 */
IngestMhlEntry *
ingest_mhl_entry_new_file (const char *path,
                           gint64      size)
{
  g_return_val_if_fail (path != NULL, NULL);

  /* Fields set directly: the property machinery is slow for 100,000 entries. */
  return _ingest_mhl_entry_new (ingest_mhl_path_normalize (path), FALSE, size, NULL, NULL);
}

/**
 * ingest_mhl_entry_new_directory:
 * @path: relative path of the directory ("" for the root hash)
 *
 * Returns: (transfer full): a directory entry without hashes
 */
IngestMhlEntry *
ingest_mhl_entry_new_directory (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return _ingest_mhl_entry_new (ingest_mhl_path_normalize (path), TRUE, -1, NULL, NULL);
}

const char *
ingest_mhl_entry_get_path (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->path != NULL ? self->path : "";
}

gboolean
ingest_mhl_entry_is_directory (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), FALSE);

  return is_directory (self);
}

const char *
ingest_mhl_entry_get_previous_path (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->extra != NULL ? self->extra->previous_path : NULL;
}

void
ingest_mhl_entry_set_previous_path (IngestMhlEntry *self,
                                    const char     *previous_path)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  if (previous_path == NULL && self->extra == NULL)
    return;
  if (set_string (&ensure_extra (self)->previous_path, previous_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS_PATH]);
}

gint64
ingest_mhl_entry_get_size (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), -1);

  return is_directory (self) ? -1 : self->size;
}

void
ingest_mhl_entry_set_size (IngestMhlEntry *self,
                           gint64          size)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  size = MAX (size, -1);
  if (is_directory (self) || self->size == size)
    return;
  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

const char *
ingest_mhl_entry_get_creation_date (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->extra != NULL ? self->extra->creation_date : NULL;
}

void
ingest_mhl_entry_set_creation_date (IngestMhlEntry *self,
                                    const char     *date)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  if (date == NULL && self->extra == NULL)
    return;
  if (set_date (&ensure_extra (self)->creation_date, date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATION_DATE]);
}

const char *
ingest_mhl_entry_get_last_modification_date (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->last_modification_date;
}

void
ingest_mhl_entry_set_last_modification_date (IngestMhlEntry *self,
                                             const char     *date)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  if (set_date (&self->last_modification_date, date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_MODIFICATION_DATE]);
}

/**
 * ingest_mhl_entry_get_hash_kinds:
 * @self: an entry
 *
 * Returns: the formats that have a value
 */
IngestHashSet
ingest_mhl_entry_get_hash_kinds (IngestMhlEntry *self)
{
  IngestHashSet set = 0;

  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), 0);

  for (guint i = 0; i < n_slots (self); i++)
    set |= INGEST_HASH_BIT (self->table->slots[i].kind);
  return set;
}

void
_ingest_mhl_entry_set_slot (IngestMhlEntry      *self,
                            IngestHashKind       kind,
                            IngestMhlHashRole    role,
                            const char          *value,
                            IngestMhlHashAction  action,
                            char                *date)
{
  IngestMhlHashSlot *slot;

  g_assert (kind < INGEST_HASH_N_KINDS);
  g_assert (value != NULL);

  slot = find_slot (self, kind, role);
  if (slot == NULL)
    slot = append_slot (self, kind, role);
  slot->action = action;
  if (g_strcmp0 (slot->value, value) != 0)
    {
      if (slot->owned)
        g_free (slot->value);
      slot->value = g_strdup (value);
      slot->owned = TRUE;
    }
  take_date (&slot->date, date);
}

/* No property machinery, no notifications. Takes @path, already
 * normalized (the parsers also validated it). */
IngestMhlEntry *
_ingest_mhl_entry_new (char        *path,
                       gboolean     is_directory,
                       gint64       size,
                       char        *creation_date,
                       char        *last_modification_date)
{
  IngestMhlEntry *self = g_object_new (INGEST_TYPE_MHL_ENTRY, NULL);

  g_free (self->path);
  self->path = path;
  self->size = is_directory ? DIRECTORY_SIZE : MAX (size, -1);
  if (creation_date != NULL)
    ensure_extra (self)->creation_date = creation_date;
  self->last_modification_date = last_modification_date;
  return self;
}

void
_ingest_mhl_entry_pack (IngestMhlEntry *self)
{
  const char *path = ingest_mhl_entry_get_path (self);
  guint n = n_slots (self);
  gsize path_size = strlen (path) + 1;
  gsize table_offset = (path_size + sizeof (gpointer) - 1) & ~(sizeof (gpointer) - 1);
  gsize size = n > 0 ? table_offset + SLOT_TABLE_SIZE (n) : path_size;
  SlotTable *table;
  char *block;
  char *text = NULL;

  for (guint i = 0; i < n; i++)
    size += strlen (self->table->slots[i].value) + 1;

  block = g_malloc (size);
  memcpy (block, path, path_size);
  table = n > 0 ? (SlotTable *) (gpointer) (block + table_offset) : NULL;
  if (table != NULL)
    {
      table->n_slots = n;
      table->in_block = TRUE;
      text = (char *) &table->slots[n];
    }
  for (guint i = 0; i < n; i++)
    {
      IngestMhlHashSlot *old = &self->table->slots[i];
      gsize len = strlen (old->value) + 1;

      table->slots[i] = *old;
      table->slots[i].value = memcpy (text, old->value, len);
      table->slots[i].owned = FALSE;
      text += len;
      if (old->owned)
        g_free (old->value);
    }

  /* The old path may be an earlier block that holds the old table. */
  if (self->table != NULL && !self->table->in_block)
    g_free (self->table);
  g_free (self->path);
  self->path = block;
  self->table = table;
}

const IngestMhlHashSlot *
_ingest_mhl_entry_get_slot (IngestMhlEntry    *self,
                            IngestHashKind     kind,
                            IngestMhlHashRole  role)
{
  return find_slot (self, kind, role);
}

/**
 * ingest_mhl_entry_set_hash:
 * @self: a file entry
 * @kind: the format
 * @value: canonical text of the hash
 * @action: how it was recorded
 * @hash_date: (nullable): `hashdate` text
 *
 * Sets the file hash of format @kind, replacing an earlier one.
 */
void
ingest_mhl_entry_set_hash (IngestMhlEntry      *self,
                           IngestHashKind       kind,
                           const char          *value,
                           IngestMhlHashAction  action,
                           const char          *hash_date)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));
  g_return_if_fail (!is_directory (self));
  g_return_if_fail (kind < INGEST_HASH_N_KINDS);
  g_return_if_fail (value != NULL);
  g_return_if_fail (action <= INGEST_MHL_HASH_ACTION_FAILED);

  _ingest_mhl_entry_set_slot (self, kind, INGEST_MHL_HASH_ROLE_FILE, value, action,
                              _ingest_mhl_date_intern (NULL, hash_date));
}

/**
 * ingest_mhl_entry_get_hash:
 * @self: a file entry
 * @kind: the format
 * @action: (out) (optional): how it was recorded
 * @hash_date: (out) (optional) (transfer none): `hashdate` text or %NULL
 *
 * Returns: (nullable): the hash text, or %NULL if none of format @kind
 */
const char *
ingest_mhl_entry_get_hash (IngestMhlEntry       *self,
                           IngestHashKind        kind,
                           IngestMhlHashAction  *action,
                           const char          **hash_date)
{
  IngestMhlHashSlot *slot;

  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);

  slot = find_slot (self, kind, INGEST_MHL_HASH_ROLE_FILE);
  if (action != NULL)
    *action = slot ? slot->action : INGEST_MHL_HASH_ACTION_NONE;
  if (hash_date != NULL)
    *hash_date = slot ? slot->date : NULL;
  return slot ? slot->value : NULL;
}

/**
 * ingest_mhl_entry_set_directory_hash:
 * @self: a directory entry
 * @kind: the format
 * @content: (nullable): content hash text
 * @structure: (nullable): structure hash text
 * @hash_date: (nullable): `hashdate` text for both
 */
void
ingest_mhl_entry_set_directory_hash (IngestMhlEntry *self,
                                     IngestHashKind  kind,
                                     const char     *content,
                                     const char     *structure,
                                     const char     *hash_date)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));
  g_return_if_fail (is_directory (self));
  g_return_if_fail (kind < INGEST_HASH_N_KINDS);

  if (content != NULL)
    _ingest_mhl_entry_set_slot (self, kind, INGEST_MHL_HASH_ROLE_CONTENT, content,
                                INGEST_MHL_HASH_ACTION_NONE, _ingest_mhl_date_intern (NULL, hash_date));
  if (structure != NULL)
    _ingest_mhl_entry_set_slot (self, kind, INGEST_MHL_HASH_ROLE_STRUCTURE, structure,
                                INGEST_MHL_HASH_ACTION_NONE, _ingest_mhl_date_intern (NULL, hash_date));
}

static const char *
get_directory_hash (IngestMhlEntry     *self,
                    IngestHashKind      kind,
                    IngestMhlHashRole   role,
                    const char        **hash_date)
{
  IngestMhlHashSlot *slot = find_slot (self, kind, role);

  if (hash_date != NULL)
    *hash_date = slot ? slot->date : NULL;
  return slot ? slot->value : NULL;
}

/**
 * ingest_mhl_entry_get_content_hash:
 * @self: a directory entry
 * @kind: the format
 * @hash_date: (out) (optional) (transfer none): its `hashdate` text or %NULL
 *
 * Returns: (nullable): the content hash text
 */
const char *
ingest_mhl_entry_get_content_hash (IngestMhlEntry  *self,
                                   IngestHashKind   kind,
                                   const char     **hash_date)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);

  return get_directory_hash (self, kind, INGEST_MHL_HASH_ROLE_CONTENT, hash_date);
}

/**
 * ingest_mhl_entry_get_structure_hash:
 * @self: a directory entry
 * @kind: the format
 * @hash_date: (out) (optional) (transfer none): its `hashdate` text or %NULL
 *
 * Returns: (nullable): the structure hash text
 */
const char *
ingest_mhl_entry_get_structure_hash (IngestMhlEntry  *self,
                                     IngestHashKind   kind,
                                     const char     **hash_date)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);
  g_return_val_if_fail (kind < INGEST_HASH_N_KINDS, NULL);

  return get_directory_hash (self, kind, INGEST_MHL_HASH_ROLE_STRUCTURE, hash_date);
}

const char *
ingest_mhl_entry_get_metadata (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->extra != NULL ? self->extra->metadata : NULL;
}

void
ingest_mhl_entry_set_metadata (IngestMhlEntry *self,
                               const char     *metadata_xml)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  if (metadata_xml == NULL && self->extra == NULL)
    return;
  set_string (&ensure_extra (self)->metadata, metadata_xml);
}
