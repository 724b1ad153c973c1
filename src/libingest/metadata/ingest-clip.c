/* ingest-clip.c
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

#include <math.h>
#include <string.h>

#include "ingest-clip.h"

typedef struct
{
  char    *path;
  guint64  size;
} ClipFile;

typedef struct
{
  gint64 first;
  gint64 last;
} FrameRange;

struct _IngestClip
{
  GObject         parent_instance;

  char           *name;
  IngestClipKind  kind;
  char           *roll_name;
  char           *roll_path;
  char           *drive_label;
  char           *drive_identity;

  GArray         *files;          /* of ClipFile */
  gboolean        has_range;
  FrameRange      range;
  GArray         *missing;        /* of FrameRange */

  char           *fields[INGEST_CLIP_N_FIELDS];
  GHashTable     *attributes;     /* name → value */
  GPtrArray      *problems;       /* of char * */
  guint64         bytes_read;

  GBytes         *thumbnail;
  char           *thumbnail_path;

  char           *proxy_path;
  char           *poster_path;
  char           *filmstrip_path;
  guint           filmstrip_frames;
  char           *preview_problem;

  gboolean        has_verification;
  IngestValidationStatus verification;
  GPtrArray      *locations;      /* of char * */
};

G_DEFINE_FINAL_TYPE (IngestClip, ingest_clip, G_TYPE_OBJECT)

/* Only what arrives after the clip is shown (its preview, made later by the
 * proxy stage) is a property: the rest is set before anyone sees the clip. */
enum {
  PROP_0,
  PROP_PROXY_PATH,
  PROP_POSTER_PATH,
  PROP_FILMSTRIP_PATH,
  PROP_FILMSTRIP_FRAMES,
  PROP_PREVIEW_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
ingest_clip_kind_to_string (IngestClipKind kind)
{
  switch (kind)
    {
    case INGEST_CLIP_KIND_VIDEO:    return "video";
    case INGEST_CLIP_KIND_AUDIO:    return "audio";
    case INGEST_CLIP_KIND_STILL:    return "still";
    case INGEST_CLIP_KIND_SEQUENCE: return "sequence";
    case INGEST_CLIP_KIND_OTHER:    return "other";
    default:                        g_return_val_if_reached (NULL);
    }
}

static void
clip_file_clear (ClipFile *file)
{
  g_free (file->path);
}

static void
ingest_clip_finalize (GObject *object)
{
  IngestClip *self = INGEST_CLIP (object);

  g_free (self->name);
  g_free (self->roll_name);
  g_free (self->roll_path);
  g_free (self->drive_label);
  g_free (self->drive_identity);
  g_array_unref (self->files);
  g_array_unref (self->missing);
  for (guint i = 0; i < INGEST_CLIP_N_FIELDS; i++)
    g_free (self->fields[i]);
  g_hash_table_unref (self->attributes);
  g_ptr_array_unref (self->problems);
  g_clear_pointer (&self->thumbnail, g_bytes_unref);
  g_free (self->thumbnail_path);
  g_free (self->proxy_path);
  g_free (self->poster_path);
  g_free (self->filmstrip_path);
  g_free (self->preview_problem);
  g_ptr_array_unref (self->locations);

  G_OBJECT_CLASS (ingest_clip_parent_class)->finalize (object);
}

static void
ingest_clip_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IngestClip *self = INGEST_CLIP (object);

  switch (prop_id)
    {
    case PROP_PROXY_PATH:
      g_value_set_string (value, self->proxy_path);
      break;
    case PROP_POSTER_PATH:
      g_value_set_string (value, self->poster_path);
      break;
    case PROP_FILMSTRIP_PATH:
      g_value_set_string (value, self->filmstrip_path);
      break;
    case PROP_FILMSTRIP_FRAMES:
      g_value_set_uint (value, self->filmstrip_frames);
      break;
    case PROP_PREVIEW_PROBLEM:
      g_value_set_string (value, self->preview_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clip_class_init (IngestClipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ingest_clip_finalize;
  object_class->get_property = ingest_clip_get_property;

  properties[PROP_PROXY_PATH] =
    g_param_spec_string ("proxy-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSTER_PATH] =
    g_param_spec_string ("poster-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILMSTRIP_PATH] =
    g_param_spec_string ("filmstrip-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILMSTRIP_FRAMES] =
    g_param_spec_uint ("filmstrip-frames", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW_PROBLEM] =
    g_param_spec_string ("preview-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ingest_clip_init (IngestClip *self)
{
  self->files = g_array_new (FALSE, FALSE, sizeof (ClipFile));
  g_array_set_clear_func (self->files, (GDestroyNotify) clip_file_clear);
  self->missing = g_array_new (FALSE, FALSE, sizeof (FrameRange));
  self->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->locations = g_ptr_array_new_with_free_func (g_free);
}

IngestClip *
ingest_clip_new (const char     *name,
                 IngestClipKind  kind,
                 const char     *roll_name,
                 const char     *roll_path)
{
  IngestClip *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (INGEST_TYPE_CLIP, NULL);
  self->name = g_strdup (name);
  self->kind = kind;
  self->roll_name = g_strdup (roll_name);
  self->roll_path = g_strdup (roll_path != NULL ? roll_path : "");
  return self;
}

const char *
ingest_clip_get_name (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->name;
}

IngestClipKind
ingest_clip_get_kind (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), INGEST_CLIP_KIND_OTHER);
  return self->kind;
}

void
ingest_clip_set_kind (IngestClip     *self,
                      IngestClipKind  kind)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  self->kind = kind;
}

const char *
ingest_clip_get_roll_name (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->roll_name;
}

const char *
ingest_clip_get_roll_path (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->roll_path;
}

const char *
ingest_clip_get_drive_label (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->drive_label;
}

void
ingest_clip_set_drive_label (IngestClip *self,
                             const char *label)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_free (self->drive_label);
  self->drive_label = g_strdup (label);
}

const char *
ingest_clip_get_drive_identity (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->drive_identity;
}

void
ingest_clip_set_drive_identity (IngestClip *self,
                                const char *identity)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_free (self->drive_identity);
  self->drive_identity = g_strdup (identity);
}

/* Files */

void
ingest_clip_add_file (IngestClip *self,
                      const char *path,
                      guint64     size)
{
  ClipFile file;

  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (path != NULL);

  file.path = g_strdup (path);
  file.size = size;
  g_array_append_val (self->files, file);
}

guint
ingest_clip_get_n_files (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);
  return self->files->len;
}

const char *
ingest_clip_get_file (IngestClip *self,
                      guint       index)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);
  return g_array_index (self->files, ClipFile, index).path;
}

guint64
ingest_clip_get_file_size (IngestClip *self,
                           guint       index)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);
  g_return_val_if_fail (index < self->files->len, 0);
  return g_array_index (self->files, ClipFile, index).size;
}

guint64
ingest_clip_get_total_bytes (IngestClip *self)
{
  guint64 total = 0;

  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);

  for (guint i = 0; i < self->files->len; i++)
    total += g_array_index (self->files, ClipFile, i).size;
  return total;
}

const char *
ingest_clip_get_media_file (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->files->len > 0 ? g_array_index (self->files, ClipFile, 0).path : NULL;
}

/* Sequences */

void
ingest_clip_set_frame_range (IngestClip *self,
                             gint64      first,
                             gint64      last)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (first <= last);

  self->has_range = TRUE;
  self->range.first = first;
  self->range.last = last;
}

gboolean
ingest_clip_get_frame_range (IngestClip *self,
                             gint64     *first,
                             gint64     *last)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), FALSE);

  if (!self->has_range)
    return FALSE;
  if (first)
    *first = self->range.first;
  if (last)
    *last = self->range.last;
  return TRUE;
}

void
ingest_clip_add_missing_frames (IngestClip *self,
                                gint64      first,
                                gint64      last)
{
  FrameRange range = { first, last };

  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (first <= last);

  g_array_append_val (self->missing, range);
}

guint
ingest_clip_get_n_missing_ranges (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);
  return self->missing->len;
}

void
ingest_clip_get_missing_range (IngestClip *self,
                               guint       index,
                               gint64     *first,
                               gint64     *last)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (index < self->missing->len);

  if (first)
    *first = g_array_index (self->missing, FrameRange, index).first;
  if (last)
    *last = g_array_index (self->missing, FrameRange, index).last;
}

/* Fields */

static gboolean
refuse (IngestClip      *self,
        IngestClipField  field,
        const char      *value)
{
  g_autofree char *shown = g_utf8_make_valid (value, MIN (strlen (value), 64));
  g_autofree char *message = NULL;

  for (char *p = shown; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      *p = ' ';
  message = g_strdup_printf ("%s: not a valid value: “%s”", ingest_clip_field_get_key (field), shown);
  ingest_clip_add_problem (self, message);
  return FALSE;
}

gboolean
ingest_clip_set_field (IngestClip      *self,
                       IngestClipField  field,
                       const char      *value)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), FALSE);
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, FALSE);

  if (value != NULL && !ingest_clip_field_check (field, value))
    return refuse (self, field, value);
  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);
  return TRUE;
}

gboolean
ingest_clip_offer_field (IngestClip      *self,
                         IngestClipField  field,
                         const char      *value)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), FALSE);
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, FALSE);

  if (value == NULL || self->fields[field] != NULL)
    return value == NULL || ingest_clip_field_check (field, value) ||
           refuse (self, field, value);
  return ingest_clip_set_field (self, field, value);
}

gboolean
ingest_clip_offer_int (IngestClip      *self,
                       IngestClipField  field,
                       gint64           value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return ingest_clip_offer_field (self, field, text);
}

gboolean
ingest_clip_offer_number (IngestClip      *self,
                          IngestClipField  field,
                          double           value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return refuse (self, field, "not a finite number");
  /* Integers without a fraction; else the shortest text that reads back the same. */
  if (value == floor (value) && fabs (value) < 1e15)
    g_snprintf (text, sizeof text, "%.0f", value);
  else
    g_ascii_formatd (text, sizeof text, "%.6g", value);
  return ingest_clip_offer_field (self, field, text);
}

gboolean
ingest_clip_offer_rate (IngestClip      *self,
                        IngestClipField  field,
                        guint            num,
                        guint            den)
{
  g_autofree char *text = NULL;

  if (num == 0 || den == 0)
    return refuse (self, field, "0");
  text = ingest_frame_rate_to_string (num, den);
  return ingest_clip_offer_field (self, field, text);
}

gboolean
ingest_clip_offer_timecode (IngestClip           *self,
                            IngestClipField       field,
                            const IngestTimecode *tc)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (tc != NULL, FALSE);

  text = ingest_timecode_to_string (tc);
  return ingest_clip_offer_field (self, field, text);
}

gboolean
ingest_clip_offer_text (IngestClip      *self,
                        IngestClipField  field,
                        const char      *text,
                        gssize           len)
{
  g_autofree char *copy = NULL;
  gsize n;

  g_return_val_if_fail (INGEST_IS_CLIP (self), FALSE);

  if (text == NULL)
    return TRUE;
  n = len < 0 ? strlen (text) : (gsize) len;
  /* Fixed-width fields are NUL- or space-padded; stop at the first NUL. */
  n = strnlen (text, n);
  copy = g_strndup (text, n);
  g_strstrip (copy);
  if (*copy == '\0')
    return TRUE;
  if (!g_utf8_validate (copy, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (copy, -1);
      return refuse (self, field, valid);
    }
  return ingest_clip_offer_field (self, field, copy);
}

const char *
ingest_clip_get_field (IngestClip      *self,
                       IngestClipField  field)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  g_return_val_if_fail (field < INGEST_CLIP_N_FIELDS, NULL);
  return self->fields[field];
}

gboolean
ingest_clip_has_field (IngestClip      *self,
                       IngestClipField  field)
{
  return ingest_clip_get_field (self, field) != NULL;
}

void
ingest_clip_complete_timing (IngestClip *self)
{
  const char *fps = self->fields[INGEST_CLIP_FIELD_FPS];
  const char *frames_text = self->fields[INGEST_CLIP_FIELD_FRAMES];
  const char *start = self->fields[INGEST_CLIP_FIELD_TC_START];
  guint num, den;
  gint64 frames;

  g_return_if_fail (INGEST_IS_CLIP (self));

  if (fps == NULL || frames_text == NULL || !ingest_frame_rate_parse (fps, &num, &den))
    return;
  frames = g_ascii_strtoll (frames_text, NULL, 10);
  if (frames <= 0)
    return;

  if (self->fields[INGEST_CLIP_FIELD_DURATION_S] == NULL)
    ingest_clip_offer_number (self, INGEST_CLIP_FIELD_DURATION_S,
                              round ((double) frames * den / num * 1000.0) / 1000.0);

  if (start != NULL && self->fields[INGEST_CLIP_FIELD_TC_END] == NULL)
    {
      IngestTimecode tc;

      if (ingest_timecode_init (&tc, num, den, strchr (start, ';') != NULL) &&
          ingest_timecode_parse (&tc, start))
        {
          ingest_timecode_add_frames (&tc, frames - 1);
          ingest_clip_offer_timecode (self, INGEST_CLIP_FIELD_TC_END, &tc);
        }
    }
}

/* Attributes */

void
ingest_clip_set_attribute (IngestClip *self,
                           const char *name,
                           const char *value)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (name != NULL);

  if (value == NULL)
    g_hash_table_remove (self->attributes, name);
  else
    g_hash_table_replace (self->attributes, g_strdup (name),
                          g_utf8_make_valid (value, -1));
}

const char *
ingest_clip_get_attribute (IngestClip *self,
                           const char *name)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return g_hash_table_lookup (self->attributes, name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
ingest_clip_dup_attribute_names (IngestClip *self)
{
  g_autofree const char **keys = NULL;
  guint n;
  char **names;

  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->attributes, &n);
  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (keys[i]);
  g_qsort_with_data (names, n, sizeof (char *), compare_names, NULL);
  return names;
}

/* Problems */

void
ingest_clip_add_problem (IngestClip *self,
                         const char *message)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (message != NULL);

  /* Two readers of one unreadable file say the same thing: once is enough. */
  for (guint i = 0; i < self->problems->len; i++)
    if (strcmp (g_ptr_array_index (self->problems, i), message) == 0)
      return;
  g_ptr_array_add (self->problems, g_utf8_make_valid (message, -1));
}

guint
ingest_clip_get_n_problems (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);
  return self->problems->len;
}

const char *
ingest_clip_get_problem (IngestClip *self,
                         guint       index)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);
  return g_ptr_array_index (self->problems, index);
}

guint64
ingest_clip_get_bytes_read (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);
  return self->bytes_read;
}

void
ingest_clip_add_bytes_read (IngestClip *self,
                            guint64     n)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  self->bytes_read += n;
}

/* Thumbnail */

GBytes *
ingest_clip_get_thumbnail (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->thumbnail;
}

void
ingest_clip_set_thumbnail (IngestClip *self,
                           GBytes     *jpeg)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_clear_pointer (&self->thumbnail, g_bytes_unref);
  if (jpeg != NULL)
    self->thumbnail = g_bytes_ref (jpeg);
}

const char *
ingest_clip_get_thumbnail_path (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->thumbnail_path;
}

void
ingest_clip_set_thumbnail_path (IngestClip *self,
                                const char *path)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_free (self->thumbnail_path);
  self->thumbnail_path = g_strdup (path);
}

/* Preview */

static void
set_string_prop (IngestClip  *self,
                 char       **slot,
                 const char  *value,
                 guint        prop)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
ingest_clip_get_proxy_path (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->proxy_path;
}

const char *
ingest_clip_get_poster_path (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->poster_path;
}

const char *
ingest_clip_get_filmstrip_path (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->filmstrip_path;
}

guint
ingest_clip_get_filmstrip_frames (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);
  return self->filmstrip_frames;
}

const char *
ingest_clip_get_preview_problem (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  return self->preview_problem;
}

void
ingest_clip_set_preview (IngestClip *self,
                         const char *proxy_path,
                         const char *poster_path,
                         const char *filmstrip_path,
                         guint       filmstrip_frames)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (filmstrip_path == NULL || filmstrip_frames > 0);

  g_object_freeze_notify (G_OBJECT (self));
  set_string_prop (self, &self->proxy_path, proxy_path, PROP_PROXY_PATH);
  set_string_prop (self, &self->poster_path, poster_path, PROP_POSTER_PATH);
  set_string_prop (self, &self->filmstrip_path, filmstrip_path, PROP_FILMSTRIP_PATH);
  if (self->filmstrip_frames != filmstrip_frames)
    {
      self->filmstrip_frames = filmstrip_frames;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILMSTRIP_FRAMES]);
    }
  if (proxy_path != NULL)
    set_string_prop (self, &self->preview_problem, NULL, PROP_PREVIEW_PROBLEM);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ingest_clip_set_preview_problem (IngestClip *self,
                                 const char *reason)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  set_string_prop (self, &self->preview_problem, reason, PROP_PREVIEW_PROBLEM);
}

/* Verification and locations */

void
ingest_clip_set_verification (IngestClip             *self,
                              IngestValidationStatus  status)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  self->has_verification = TRUE;
  self->verification = status;
}

gboolean
ingest_clip_get_verification (IngestClip             *self,
                              IngestValidationStatus *status)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), FALSE);
  if (self->has_verification && status != NULL)
    *status = self->verification;
  return self->has_verification;
}

void
ingest_clip_add_location (IngestClip *self,
                          const char *uri)
{
  g_return_if_fail (INGEST_IS_CLIP (self));
  g_return_if_fail (uri != NULL);

  for (guint i = 0; i < self->locations->len; i++)
    if (strcmp (g_ptr_array_index (self->locations, i), uri) == 0)
      return;
  g_ptr_array_add (self->locations, g_strdup (uri));
}

guint
ingest_clip_get_n_locations (IngestClip *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), 0);
  return self->locations->len;
}

const char *
ingest_clip_get_location (IngestClip *self,
                          guint       index)
{
  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);
  g_return_val_if_fail (index < self->locations->len, NULL);
  return g_ptr_array_index (self->locations, index);
}

/* JSON */

static void
add_field_member (JsonBuilder     *builder,
                  IngestClipField  field,
                  const char      *value)
{
  json_builder_set_member_name (builder, ingest_clip_field_get_key (field));
  switch (ingest_clip_field_get_type (field))
    {
    case INGEST_CLIP_VALUE_INTEGER:
      json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
      break;
    case INGEST_CLIP_VALUE_NUMBER:
      json_builder_add_double_value (builder, g_ascii_strtod (value, NULL));
      break;
    case INGEST_CLIP_VALUE_BOOLEAN:
      json_builder_add_boolean_value (builder, strcmp (value, "true") == 0);
      break;
    case INGEST_CLIP_VALUE_TEXT:
    case INGEST_CLIP_VALUE_RATIONAL:
    case INGEST_CLIP_VALUE_TIMECODE:
    case INGEST_CLIP_VALUE_DATETIME:
    default:
      json_builder_add_string_value (builder, value);
      break;
    }
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

JsonNode *
ingest_clip_to_json (IngestClip *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  IngestValidationStatus status;

  g_return_val_if_fail (INGEST_IS_CLIP (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clip");
  json_builder_add_string_value (builder, self->name);
  if (self->roll_name != NULL)
    {
      json_builder_set_member_name (builder, "roll");
      json_builder_add_string_value (builder, self->roll_name);
    }
  if (self->drive_label != NULL)
    {
      json_builder_set_member_name (builder, "drive");
      json_builder_add_string_value (builder, self->drive_label);
    }
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, ingest_clip_kind_to_string (self->kind));

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->files->len; i++)
    json_builder_add_string_value (builder, g_array_index (self->files, ClipFile, i).path);
  json_builder_end_array (builder);

  for (guint f = 0; f < INGEST_CLIP_N_FIELDS; f++)
    if (self->fields[f] != NULL)
      add_field_member (builder, f, self->fields[f]);

  if (self->has_range)
    {
      json_builder_set_member_name (builder, "frame_first");
      json_builder_add_int_value (builder, self->range.first);
      json_builder_set_member_name (builder, "frame_last");
      json_builder_add_int_value (builder, self->range.last);
      json_builder_set_member_name (builder, "frames_missing");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->missing->len; i++)
        {
          FrameRange *r = &g_array_index (self->missing, FrameRange, i);

          json_builder_begin_array (builder);
          json_builder_add_int_value (builder, r->first);
          json_builder_add_int_value (builder, r->last);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }

  if (ingest_clip_get_verification (self, &status))
    {
      json_builder_set_member_name (builder, "verification");
      json_builder_add_string_value (builder, ingest_validation_status_to_string (status));
    }
  if (self->locations->len > 0)
    add_string_array (builder, "locations", self->locations);
  if (self->problems->len > 0)
    add_string_array (builder, "problems", self->problems);
  json_builder_set_member_name (builder, "bytes_read");
  json_builder_add_int_value (builder, self->bytes_read);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
