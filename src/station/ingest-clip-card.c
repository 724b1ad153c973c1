/* ingest-clip-card.c
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ingest-clip-card"

#include "config.h"

#include <glib/gi18n.h>

#include "ingest-clip-card.h"
#include "ingest-format.h"

/* One clip in the Clips grid: its poster (the thumbnail the card carries,
 * else an icon of its kind), name, timecode in and duration, and its
 * verification as a badge.
 *
 * Thumbnails are decoded on a worker: a grid scrolled through thousands of
 * clips binds cards faster than JPEGs decode. A card rebound to another
 * clip cancels the decoding it started. */
struct _IngestClipCard
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkImage     *kind_image;
  GtkPicture   *poster;
  GtkImage     *badge;
  GtkLabel     *name_label;
  GtkLabel     *detail_label;

  /* Owned references */
  IngestClip   *clip;
  GCancellable *loading;
  char         *badge_style;
};

G_DEFINE_FINAL_TYPE (IngestClipCard, ingest_clip_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIP,
  PROP_HAS_POSTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the worker decodes: plain data, its own. */
typedef struct {
  GBytes *bytes;
  char   *path;
} PosterSource;

static void
poster_source_free (PosterSource *source)
{
  g_clear_pointer (&source->bytes, g_bytes_unref);
  g_clear_pointer (&source->path, g_free);
  g_free (source);
}

/* The texture is the worker's own until the task hands it over. */
static void
decode_poster_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PosterSource *source = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  GError *error = NULL;

  if (source->bytes != NULL)
    bytes = g_bytes_ref (source->bytes);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (source->path);

      bytes = g_file_load_bytes (file, cancellable, NULL, &error);
      if (bytes == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
decode_poster_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  IngestClipCard *self;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      /* A thumbnail that does not decode leaves the icon: not worth a message. */
      g_debug ("No poster: %s", error->message);
      return;
    }
  self = INGEST_CLIP_CARD (object);
  gtk_picture_set_paintable (self->poster, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->poster), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_POSTER]);
}

static void
load_poster (IngestClipCard *self)
{
  g_autoptr(GTask) task = NULL;
  PosterSource *source;
  GBytes *bytes;
  const char *path;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  gtk_picture_set_paintable (self->poster, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->poster), FALSE);

  if (self->clip == NULL)
    return;
  bytes = ingest_clip_get_thumbnail (self->clip);
  path = ingest_clip_get_thumbnail_path (self->clip);
  if (bytes == NULL && path == NULL)
    return;

  source = g_new0 (PosterSource, 1);
  source->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  source->path = bytes == NULL ? g_strdup (path) : NULL;
  self->loading = g_cancellable_new ();
  task = g_task_new (self, self->loading, decode_poster_cb, NULL);
  g_task_set_source_tag (task, load_poster);
  g_task_set_task_data (task, source, (GDestroyNotify) poster_source_free);
  /* A card rebound in the meantime must not show this clip's poster. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, decode_poster_thread);
}

static void
ingest_clip_card_update (IngestClipCard *self)
{
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;
  IngestValidationStatus status = INGEST_VALIDATION_STATUS_VERIFIED;
  const char *style;
  gboolean known;

  if (self->clip == NULL)
    return;

  gtk_image_set_from_icon_name (self->kind_image, ingest_format_clip_kind_icon (ingest_clip_get_kind (self->clip)));
  gtk_label_set_label (self->name_label, ingest_clip_get_name (self->clip));
  detail = ingest_format_clip_card_detail (self->clip);
  gtk_label_set_label (self->detail_label, detail);

  known = ingest_clip_get_verification (self->clip, &status);
  gtk_image_set_from_icon_name (self->badge, ingest_format_clip_verification_icon (known, status));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->badge), ingest_format_clip_verification (known, status));
  style = ingest_format_clip_verification_style (known, status);
  if (g_strcmp0 (style, self->badge_style) != 0)
    {
      if (self->badge_style != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->badge), self->badge_style);
      g_free (self->badge_style);
      self->badge_style = g_strdup (style);
      if (style != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->badge), style);
    }
  /* Translators: a clip card's tooltip: the clip's name, then its verification */
  tooltip = g_strdup_printf (_("%s — %s"), ingest_clip_get_name (self->clip),
                             ingest_format_clip_verification (known, status));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
ingest_clip_card_dispose (GObject *object)
{
  IngestClipCard *self = (IngestClipCard *) object;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->clip);
  g_clear_pointer (&self->badge_style, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_CLIP_CARD);
  /* The overlay has no id: not the template's to clear. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ingest_clip_card_parent_class)->dispose (object);
}

static void
ingest_clip_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IngestClipCard *self = INGEST_CLIP_CARD (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      g_value_set_object (value, self->clip);
      break;

    case PROP_HAS_POSTER:
      g_value_set_boolean (value, ingest_clip_card_get_has_poster (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clip_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IngestClipCard *self = INGEST_CLIP_CARD (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      ingest_clip_card_set_clip (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clip_card_class_init (IngestClipCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_clip_card_dispose;
  object_class->get_property = ingest_clip_card_get_property;
  object_class->set_property = ingest_clip_card_set_property;

  properties[PROP_CLIP] =
    g_param_spec_object ("clip", NULL, NULL,
                         INGEST_TYPE_CLIP,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HAS_POSTER] =
    g_param_spec_boolean ("has-poster", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-clip-card.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, kind_image);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, poster);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, badge);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, detail_label);
  gtk_widget_class_set_css_name (widget_class, "ingestclipcard");
}

static void
ingest_clip_card_init (IngestClipCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ingest_clip_card_get_clip:
 *
 * Returns: (transfer none) (nullable): the clip shown
 */
IngestClip *
ingest_clip_card_get_clip (IngestClipCard *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_CARD (self), NULL);

  return self->clip;
}

void
ingest_clip_card_set_clip (IngestClipCard *self,
                           IngestClip     *clip)
{
  g_return_if_fail (INGEST_IS_CLIP_CARD (self));
  g_return_if_fail (clip == NULL || INGEST_IS_CLIP (clip));

  if (!g_set_object (&self->clip, clip))
    return;

  ingest_clip_card_update (self);
  load_poster (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
}

/* TRUE once the clip's thumbnail is shown instead of the icon. */
gboolean
ingest_clip_card_get_has_poster (IngestClipCard *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_CARD (self), FALSE);

  return gtk_picture_get_paintable (self->poster) != NULL;
}
