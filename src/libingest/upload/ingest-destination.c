/* ingest-destination.c
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

#define G_LOG_DOMAIN "ingest-destination"

#include "config.h"

#include <string.h>

#include "ingest-destination-private.h"
#include "ingest-upload-error.h"

enum {
  PROP_0,
  PROP_URI,
  PROP_ON_CONFLICT,
  N_PROPS
};

typedef struct
{
  char                 *uri;
  IngestConflictPolicy  on_conflict;  /* atomic: read by worker threads */
} IngestDestinationPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (IngestDestination, ingest_destination, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static GError *
ingest_destination_real_dup_fatal_error (IngestDestination *self)
{
  return NULL;
}

static GBytes *
ingest_destination_real_fetch (IngestDestination  *self,
                               const char         *key,
                               gsize               max_size,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
               "%s cannot read back what it holds", ingest_destination_get_uri (self));
  return NULL;
}

static void
ingest_destination_finalize (GObject *object)
{
  IngestDestination *self = INGEST_DESTINATION (object);
  IngestDestinationPrivate *priv = ingest_destination_get_instance_private (self);

  g_clear_pointer (&priv->uri, g_free);

  G_OBJECT_CLASS (ingest_destination_parent_class)->finalize (object);
}

static void
ingest_destination_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestDestination *self = INGEST_DESTINATION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, ingest_destination_get_uri (self));
      break;

    case PROP_ON_CONFLICT:
      g_value_set_enum (value, ingest_destination_get_on_conflict (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_destination_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IngestDestination *self = INGEST_DESTINATION (object);
  IngestDestinationPrivate *priv = ingest_destination_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_URI:
      priv->uri = g_value_dup_string (value);
      break;

    case PROP_ON_CONFLICT:
      ingest_destination_set_on_conflict (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_destination_class_init (IngestDestinationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_destination_finalize;
  object_class->get_property = ingest_destination_get_property;
  object_class->set_property = ingest_destination_set_property;

  klass->dup_fatal_error = ingest_destination_real_dup_fatal_error;
  klass->fetch = ingest_destination_real_fetch;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ON_CONFLICT] =
    g_param_spec_enum ("on-conflict", NULL, NULL,
                       INGEST_TYPE_CONFLICT_POLICY, INGEST_CONFLICT_FAIL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_destination_init (IngestDestination *self)
{
}

void
_ingest_destination_file_init (IngestDestinationFile *file,
                               IngestDestination     *destination,
                               const char            *location)
{
  file->destination = g_object_ref (destination);
  file->location = g_strdup (location);
  file->state = INGEST_DESTINATION_FILE_OPEN;
}

void
_ingest_destination_file_add_note (IngestDestinationFile *file,
                                   const char            *format,
                                   ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (file->note == NULL)
    file->note = g_steal_pointer (&text);
  else
    {
      char *joined = g_strconcat (file->note, "; ", text, NULL);

      g_free (file->note);
      file->note = joined;
    }
}

void
_ingest_destination_file_set_already_delivered (IngestDestinationFile *file,
                                                 guint64                size)
{
  file->already_delivered = TRUE;
  __atomic_store_n (&file->bytes_resumed, size, __ATOMIC_RELAXED);
}

/* "a/A001C001.mov", 2 → "a/A001C001 (2).mov": the number goes before the
 * extension so that the copy still opens with the right application. */
char *
_ingest_destination_renamed_key (const char *key,
                                 guint       n)
{
  const char *slash = strrchr (key, '/');
  const char *name = slash != NULL ? slash + 1 : key;
  const char *dot = strrchr (name, '.');

  /* ".hidden" and "name." have no extension to keep. */
  if (dot == NULL || dot == name || dot[1] == '\0')
    return g_strdup_printf ("%s (%u)", key, n);
  return g_strdup_printf ("%.*s (%u)%s", (int) (dot - key), key, n, dot);
}

const char *
ingest_conflict_policy_to_string (IngestConflictPolicy policy)
{
  switch (policy)
    {
    case INGEST_CONFLICT_FAIL:
      return "fail";
    case INGEST_CONFLICT_RENAME:
      return "rename";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "fail" or "rename" (what --on-conflict takes). */
gboolean
ingest_conflict_policy_from_string (const char           *text,
                                    IngestConflictPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, FALSE);

  if (g_strcmp0 (text, "fail") == 0)
    *policy = INGEST_CONFLICT_FAIL;
  else if (g_strcmp0 (text, "rename") == 0)
    *policy = INGEST_CONFLICT_RENAME;
  else
    return FALSE;
  return TRUE;
}

IngestConflictPolicy
ingest_destination_get_on_conflict (IngestDestination *self)
{
  IngestDestinationPrivate *priv = ingest_destination_get_instance_private (self);

  g_return_val_if_fail (INGEST_IS_DESTINATION (self), INGEST_CONFLICT_FAIL);

  return __atomic_load_n (&priv->on_conflict, __ATOMIC_RELAXED);
}

/* Main thread; files begun afterwards follow the new policy. */
void
ingest_destination_set_on_conflict (IngestDestination    *self,
                                    IngestConflictPolicy  policy)
{
  IngestDestinationPrivate *priv = ingest_destination_get_instance_private (self);

  g_return_if_fail (INGEST_IS_DESTINATION (self));
  g_return_if_fail (policy == INGEST_CONFLICT_FAIL || policy == INGEST_CONFLICT_RENAME);

  if (ingest_destination_get_on_conflict (self) == policy)
    return;
  __atomic_store_n (&priv->on_conflict, policy, __ATOMIC_RELAXED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_CONFLICT]);
}

/**
 * ingest_destination_get_uri:
 * @self: a #IngestDestination
 *
 * Returns: what the destination is, e.g. "s3://bucket/prefix" or a folder
 */
const char *
ingest_destination_get_uri (IngestDestination *self)
{
  IngestDestinationPrivate *priv = ingest_destination_get_instance_private (self);

  g_return_val_if_fail (INGEST_IS_DESTINATION (self), NULL);

  return priv->uri;
}

/**
 * ingest_destination_dup_fatal_error:
 * @self: a #IngestDestination
 *
 * Returns: (transfer full) (nullable): the error that makes every further
 *   file fail (wrong credentials, missing bucket...), or %NULL
 */
GError *
ingest_destination_dup_fatal_error (IngestDestination *self)
{
  g_return_val_if_fail (INGEST_IS_DESTINATION (self), NULL);

  return INGEST_DESTINATION_GET_CLASS (self)->dup_fatal_error (self);
}

/**
 * ingest_destination_begin:
 * @self: a #IngestDestination
 * @source: the file about to be read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Gets ready to receive @source's bytes: finds an interrupted upload of the
 * same file in the journal and what of it the remote still has, or starts
 * anew (the note says why). Blocks (network).
 *
 * Returns: (transfer full): the file's state, or %NULL
 */
IngestDestinationFile *
ingest_destination_begin (IngestDestination        *self,
                          const IngestUploadSource *source,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  g_return_val_if_fail (INGEST_IS_DESTINATION (self), NULL);
  g_return_val_if_fail (source != NULL && source->key != NULL, NULL);

  return INGEST_DESTINATION_GET_CLASS (self)->begin (self, source, cancellable, error);
}

/**
 * ingest_destination_write:
 * @file: a file from ingest_destination_begin()
 * @data: the bytes just read
 * @len: how many
 * @offset: where they start in the file (every byte exactly once, in order)
 * @error: return location for an error
 *
 * Takes the next buffer of the one read. May block while the parts in
 * flight are at their limit (bounded memory). A failure of the transfer
 * itself is kept for finish(); this returns %FALSE only when the file can
 * no longer go anywhere useful (e.g. cancelled).
 */
gboolean
ingest_destination_write (IngestDestinationFile  *file,
                          const guint8           *data,
                          gsize                   len,
                          guint64                 offset,
                          GError                **error)
{
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (file->state == INGEST_DESTINATION_FILE_OPEN, FALSE);

  return INGEST_DESTINATION_GET_CLASS (file->destination)->write (file->destination, file, data, len, offset, error);
}

/**
 * ingest_destination_finish:
 * @file: a file from ingest_destination_begin() that got all its bytes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Call only when the bytes matched the expected hash. Completes the copy and
 * checks it at the destination (size, ETag/digest, metadata).
 *
 * Returns: %TRUE when the copy is verified at the destination
 */
gboolean
ingest_destination_finish (IngestDestinationFile  *file,
                           GCancellable           *cancellable,
                           GError                **error)
{
  gboolean ok;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (file->state == INGEST_DESTINATION_FILE_OPEN, FALSE);

  ok = INGEST_DESTINATION_GET_CLASS (file->destination)->finish (file->destination, file, cancellable, error);
  file->state = INGEST_DESTINATION_FILE_FINISHED;
  return ok;
}

/**
 * ingest_destination_hold:
 * @file: a file from ingest_destination_begin()
 * @reason: why it must not be delivered, in plain words
 *
 * The bytes did not match the expected hash, or could not all be read:
 * nothing of this file is delivered, and the journal says why.
 */
void
ingest_destination_hold (IngestDestinationFile *file,
                         const char            *reason)
{
  g_return_if_fail (file != NULL);
  g_return_if_fail (file->state == INGEST_DESTINATION_FILE_OPEN);

  INGEST_DESTINATION_GET_CLASS (file->destination)->hold (file->destination, file, reason);
  file->state = INGEST_DESTINATION_FILE_HELD;
}

/**
 * ingest_destination_suspend:
 * @file: a file from ingest_destination_begin()
 *
 * The read stopped before the end (cancelled, drive removed): keep what the
 * remote acknowledged so that a later begin() of the same file resumes.
 */
void
ingest_destination_suspend (IngestDestinationFile *file)
{
  g_return_if_fail (file != NULL);
  g_return_if_fail (file->state == INGEST_DESTINATION_FILE_OPEN);

  INGEST_DESTINATION_GET_CLASS (file->destination)->suspend (file->destination, file);
  file->state = INGEST_DESTINATION_FILE_SUSPENDED;
}

/**
 * ingest_destination_fetch:
 * @self: a #IngestDestination
 * @key: relative to the destination's prefix or folder
 * @max_size: refuse anything larger (INGEST_UPLOAD_ERROR_FAILED)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads back a small file the destination holds, e.g. the chain of an ASC
 * MHL history delivered earlier, to extend it rather than replace it.
 * Blocks (network).
 *
 * Returns: (transfer full): its bytes, or %NULL with
 *   INGEST_UPLOAD_ERROR_NO_SUCH_KEY when nothing is there
 */
GBytes *
ingest_destination_fetch (IngestDestination  *self,
                          const char         *key,
                          gsize               max_size,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_return_val_if_fail (INGEST_IS_DESTINATION (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return INGEST_DESTINATION_GET_CLASS (self)->fetch (self, key, max_size, cancellable, error);
}

/**
 * ingest_destination_file_free:
 * @file: (nullable): a file from ingest_destination_begin()
 *
 * Frees @file; an open one is suspended first.
 */
void
ingest_destination_file_free (IngestDestinationFile *file)
{
  IngestDestination *destination;

  if (file == NULL)
    return;

  if (file->state == INGEST_DESTINATION_FILE_OPEN)
    ingest_destination_suspend (file);

  destination = file->destination;
  g_free (file->location);
  g_free (file->note);
  INGEST_DESTINATION_GET_CLASS (destination)->file_free (destination, file);
  g_object_unref (destination);
}

IngestDestination *
ingest_destination_file_get_destination (IngestDestinationFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  return file->destination;
}

const char *
ingest_destination_file_get_location (IngestDestinationFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  return file->location;
}

guint64
ingest_destination_file_get_bytes_sent (IngestDestinationFile *file)
{
  g_return_val_if_fail (file != NULL, 0);

  return __atomic_load_n (&file->bytes_sent, __ATOMIC_RELAXED);
}

guint64
ingest_destination_file_get_bytes_resumed (IngestDestinationFile *file)
{
  g_return_val_if_fail (file != NULL, 0);

  return __atomic_load_n (&file->bytes_resumed, __ATOMIC_RELAXED);
}

/* The destination had these very bytes already: nothing was sent. */
gboolean
ingest_destination_file_get_already_delivered (IngestDestinationFile *file)
{
  g_return_val_if_fail (file != NULL, FALSE);

  return file->already_delivered;
}

/* (nullable): what happened that the user should know (restarted, re-sent) */
const char *
ingest_destination_file_get_note (IngestDestinationFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  return file->note;
}

/**
 * ingest_upload_key_expand:
 * @key_template: e.g. "{production}/{shoot-day}/{roll}/{path}"
 * @variables: (element-type utf8 utf8): name → value
 * @error: return location for an error
 *
 * Makes an object key (DESIGN.md §5 layout) from a template. Empty or
 * missing-but-known values drop their path component, so "{production}"
 * left unset gives "2026-11-21/A001/x.mov", never "/2026-11-21/...". A name
 * the template uses that @variables does not have is an error, as is a
 * result with a "." or ".." component.
 *
 * Returns: (transfer full): the key, or %NULL
 */
char *
ingest_upload_key_expand (const char  *key_template,
                          GHashTable  *variables,
                          GError     **error)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (key_template != NULL, NULL);
  g_return_val_if_fail (variables != NULL, NULL);

  for (const char *p = key_template; *p != '\0'; p++)
    {
      const char *end;
      g_autofree char *name = NULL;
      const char *value;

      if (*p != '{')
        {
          g_string_append_c (raw, *p);
          continue;
        }
      end = strchr (p, '}');
      if (end == NULL)
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       "key template “%s” has an unclosed “{”", key_template);
          return NULL;
        }
      name = g_strndup (p + 1, end - p - 1);
      if (!g_hash_table_lookup_extended (variables, name, NULL, (gpointer *) &value))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       "key template “%s” uses an unknown name “{%s}”", key_template, name);
          return NULL;
        }
      if (value != NULL)
        g_string_append (raw, value);
      p = end;
    }

  parts = g_strsplit (raw->str, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                       "object key “%s” has a “%s” component", raw->str, parts[i]);
          return NULL;
        }
      if (key->len > 0)
        g_string_append_c (key, '/');
      g_string_append (key, parts[i]);
    }
  if (key->len == 0)
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   "key template “%s” gives an empty object key", key_template);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}
