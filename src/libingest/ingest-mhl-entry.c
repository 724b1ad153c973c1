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

/* Hash slots are kept in a small exact-size array rather than a table per
 * kind: a history of 100,000 files per generation must stay small. */
struct _IngestMhlEntry
{
  GObject            parent_instance;

  char              *path;
  char              *previous_path;
  char              *creation_date;
  char              *last_modification_date;
  char              *metadata;
  gint64             size;
  IngestMhlHashSlot *slots;
  guint8             n_slots;
  guint              is_directory : 1;
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
static gboolean
set_date (char       **field,
          const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_clear_pointer (field, g_ref_string_release);
  if (value != NULL)
    *field = g_ref_string_new_intern (value);
  return TRUE;
}

static IngestMhlHashSlot *
find_slot (IngestMhlEntry    *self,
           IngestHashKind     kind,
           IngestMhlHashRole  role)
{
  for (guint i = 0; i < self->n_slots; i++)
    if (self->slots[i].kind == kind && self->slots[i].role == role)
      return &self->slots[i];
  return NULL;
}

static void
ingest_mhl_entry_finalize (GObject *object)
{
  IngestMhlEntry *self = (IngestMhlEntry *)object;

  for (guint i = 0; i < self->n_slots; i++)
    {
      g_free (self->slots[i].value);
      g_clear_pointer (&self->slots[i].date, g_ref_string_release);
    }
  g_free (self->slots);
  g_free (self->path);
  g_free (self->previous_path);
  g_clear_pointer (&self->creation_date, g_ref_string_release);
  g_clear_pointer (&self->last_modification_date, g_ref_string_release);
  g_free (self->metadata);

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
      g_value_set_string (value, self->path);
      break;
    case PROP_IS_DIRECTORY:
      g_value_set_boolean (value, self->is_directory);
      break;
    case PROP_PREVIOUS_PATH:
      g_value_set_string (value, self->previous_path);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_CREATION_DATE:
      g_value_set_string (value, self->creation_date);
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
      self->path = ingest_mhl_path_normalize (g_value_get_string (value) ? g_value_get_string (value) : "");
      break;
    case PROP_IS_DIRECTORY:
      self->is_directory = g_value_get_boolean (value);
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

  return g_object_new (INGEST_TYPE_MHL_ENTRY, "path", path, "size", MAX (size, -1), NULL);
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

  return g_object_new (INGEST_TYPE_MHL_ENTRY, "path", path, "is-directory", TRUE, NULL);
}

const char *
ingest_mhl_entry_get_path (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->path;
}

gboolean
ingest_mhl_entry_is_directory (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), FALSE);

  return self->is_directory;
}

const char *
ingest_mhl_entry_get_previous_path (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->previous_path;
}

void
ingest_mhl_entry_set_previous_path (IngestMhlEntry *self,
                                    const char     *previous_path)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  if (set_string (&self->previous_path, previous_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS_PATH]);
}

gint64
ingest_mhl_entry_get_size (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), -1);

  return self->size;
}

void
ingest_mhl_entry_set_size (IngestMhlEntry *self,
                           gint64          size)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  size = MAX (size, -1);
  if (self->is_directory || self->size == size)
    return;
  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

const char *
ingest_mhl_entry_get_creation_date (IngestMhlEntry *self)
{
  g_return_val_if_fail (INGEST_IS_MHL_ENTRY (self), NULL);

  return self->creation_date;
}

void
ingest_mhl_entry_set_creation_date (IngestMhlEntry *self,
                                    const char     *date)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  if (set_date (&self->creation_date, date))
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

  for (guint i = 0; i < self->n_slots; i++)
    set |= INGEST_HASH_BIT (self->slots[i].kind);
  return set;
}

void
_ingest_mhl_entry_set_slot (IngestMhlEntry      *self,
                            IngestHashKind       kind,
                            IngestMhlHashRole    role,
                            const char          *value,
                            IngestMhlHashAction  action,
                            const char          *date)
{
  IngestMhlHashSlot *slot;

  g_assert (kind < INGEST_HASH_N_KINDS);
  g_assert (value != NULL);

  slot = find_slot (self, kind, role);
  if (slot == NULL)
    {
      g_assert (self->n_slots < G_MAXUINT8);
      self->slots = g_renew (IngestMhlHashSlot, self->slots, self->n_slots + 1);
      slot = &self->slots[self->n_slots++];
      slot->kind = kind;
      slot->role = role;
      slot->value = NULL;
      slot->date = NULL;
    }
  slot->action = action;
  set_string (&slot->value, value);
  set_date (&slot->date, date);
}

/* For the parsers: no property machinery, no notifications. @path is
 * already validated and normalized. */
IngestMhlEntry *
_ingest_mhl_entry_new (char        *path,
                       gboolean     is_directory,
                       gint64       size,
                       const char  *creation_date,
                       const char  *last_modification_date)
{
  IngestMhlEntry *self = g_object_new (INGEST_TYPE_MHL_ENTRY, NULL);

  g_free (self->path);
  self->path = path;
  self->is_directory = is_directory;
  self->size = is_directory ? -1 : MAX (size, -1);
  set_date (&self->creation_date, creation_date);
  set_date (&self->last_modification_date, last_modification_date);
  return self;
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
  g_return_if_fail (!self->is_directory);
  g_return_if_fail (kind < INGEST_HASH_N_KINDS);
  g_return_if_fail (value != NULL);
  g_return_if_fail (action <= INGEST_MHL_HASH_ACTION_FAILED);

  _ingest_mhl_entry_set_slot (self, kind, INGEST_MHL_HASH_ROLE_FILE, value, action, hash_date);
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
  g_return_if_fail (self->is_directory);
  g_return_if_fail (kind < INGEST_HASH_N_KINDS);

  if (content != NULL)
    _ingest_mhl_entry_set_slot (self, kind, INGEST_MHL_HASH_ROLE_CONTENT, content,
                                INGEST_MHL_HASH_ACTION_NONE, hash_date);
  if (structure != NULL)
    _ingest_mhl_entry_set_slot (self, kind, INGEST_MHL_HASH_ROLE_STRUCTURE, structure,
                                INGEST_MHL_HASH_ACTION_NONE, hash_date);
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

  return self->metadata;
}

void
ingest_mhl_entry_set_metadata (IngestMhlEntry *self,
                               const char     *metadata_xml)
{
  g_return_if_fail (INGEST_IS_MHL_ENTRY (self));

  set_string (&self->metadata, metadata_xml);
}
