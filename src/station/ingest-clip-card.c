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

/* One clip in the Clips grid: its poster (the proxy stage's poster frame,
 * else the thumbnail the card carries, else an icon of its kind), name,
 * timecode in and duration, and its verification as a badge. While the
 * pointer is over the poster it scrubs through the clip's filmstrip: the
 * pointer's x picks the cell shown.
 *
 * Pictures are decoded on a worker: a grid scrolled through thousands of
 * clips binds cards faster than JPEGs decode. Posters are decoded at twice
 * the card's size, not the proxy's; a filmstrip only when the pointer
 * first enters its card, then kept, cut in cells, while the card shows the
 * clip. A card rebound to another clip cancels the decoding it started. */
struct _IngestClipCard
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkImage        *kind_image;
  GtkPicture      *poster;
  GtkProgressBar  *scrub_position;
  GtkImage        *badge;
  GtkLabel        *name_label;
  GtkLabel        *detail_label;

  /* Owned references */
  IngestClip      *clip;
  GCancellable    *loading;
  char            *badge_style;
  GdkTexture      *poster_texture;
  GPtrArray       *cells;           /* of GdkTexture: the filmstrip, cut */
  GCancellable    *loading_cells;

  int             scrub_cell;      /* the cell shown, -1: the poster */
  double          scrub_x;         /* where the pointer is, < 0: not over the poster */
};

G_DEFINE_FINAL_TYPE (IngestClipCard, ingest_clip_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIP,
  PROP_HAS_POSTER,
  PROP_SCRUB_CELL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Posters are drawn at most 192×108 logical pixels: decoded at twice
 * that, a 960×540 poster costs a card 0.3 MB instead of 2 MB. */
#define POSTER_DECODE_WIDTH 384
#define POSTER_DECODE_HEIGHT 216

/* What the worker decodes: plain data, its own. */
typedef struct {
  GBytes *bytes;
  char   *path;
  guint   n_cells;
} PictureSource;

static void
picture_source_free (PictureSource *source)
{
  g_clear_pointer (&source->bytes, g_bytes_unref);
  g_clear_pointer (&source->path, g_free);
  g_free (source);
}

static GBytes *
picture_source_load (PictureSource  *source,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GFile) file = NULL;

  if (source->bytes != NULL)
    return g_bytes_ref (source->bytes);
  file = g_file_new_for_path (source->path);
  return g_file_load_bytes (file, cancellable, NULL, error);
}

/* Larger pictures are decoded smaller (libjpeg scales as it decodes);
 * smaller ones as they are. */
static void
poster_size_prepared_cb (GdkPixbufLoader *loader,
                         int              width,
                         int              height,
                         gpointer         user_data)
{
  double scale = MIN ((double) POSTER_DECODE_WIDTH / width, (double) POSTER_DECODE_HEIGHT / height);

  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)), MAX (1, (int) (height * scale + 0.5)));
}

/* The texture is the worker's own until the task hands it over. */
static void
decode_poster_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PictureSource *source = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GdkPixbuf *pixbuf;
  GError *error = NULL;

  bytes = picture_source_load (source, cancellable, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (poster_size_prepared_cb), NULL);
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error) || !gdk_pixbuf_loader_close (loader, &error))
    {
      /* Closed, even after a failed write: a loader must be before it goes. */
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_error (task, error);
      return;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The poster holds no picture");
  else
    g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

/* The filmstrip, decoded once and cut in its cells: each cell a texture
 * over the same pixels (no copy). */
static void
decode_cells_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  PictureSource *source = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) strip = NULL;
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  GError *error = NULL;
  int width, height, cell_width;
  gsize stride;
  guchar *data;

  bytes = picture_source_load (source, cancellable, &error);
  if (bytes != NULL)
    strip = gdk_texture_new_from_bytes (bytes, &error);
  if (strip == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  width = gdk_texture_get_width (strip);
  height = gdk_texture_get_height (strip);
  cell_width = width / source->n_cells;
  if (cell_width < 1)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "A filmstrip %d pixels wide cannot hold %u frames", width, source->n_cells);
      return;
    }

  stride = (gsize) width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (strip, data, stride);
  pixels = g_bytes_new_take (data, stride * height);
  cells = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < source->n_cells; i++)
    {
      gsize offset = (gsize) i * cell_width * 4;
      g_autoptr(GBytes) cell = g_bytes_new_from_bytes (pixels, offset, stride * (height - 1) + (gsize) cell_width * 4);

      g_ptr_array_add (cells, gdk_memory_texture_new (cell_width, height, GDK_MEMORY_DEFAULT, cell, stride));
    }
  g_task_return_pointer (task, g_steal_pointer (&cells), (GDestroyNotify) g_ptr_array_unref);
}

/* The poster, or the cell the pointer picks. */
static void
show_picture (IngestClipCard *self)
{
  GdkPaintable *paintable = GDK_PAINTABLE (self->poster_texture);
  int cell = -1;

  if (self->scrub_x >= 0 && self->cells != NULL)
    {
      int width = gtk_widget_get_width (gtk_widget_get_parent (GTK_WIDGET (self->poster)));

      cell = width > 0 ? (int) (self->scrub_x * self->cells->len / width) : 0;
      cell = CLAMP (cell, 0, (int) self->cells->len - 1);
      paintable = g_ptr_array_index (self->cells, cell);
    }

  gtk_picture_set_paintable (self->poster, paintable);
  gtk_widget_set_visible (GTK_WIDGET (self->poster), paintable != NULL);
  /* A picture narrower than the card is pillarboxed in black, as a viewer would. */
  if (paintable != NULL)
    gtk_widget_add_css_class (gtk_widget_get_parent (GTK_WIDGET (self->poster)), "has-picture");
  else
    gtk_widget_remove_css_class (gtk_widget_get_parent (GTK_WIDGET (self->poster)), "has-picture");
  gtk_widget_set_visible (GTK_WIDGET (self->scrub_position), cell >= 0);
  if (cell >= 0)
    gtk_progress_bar_set_fraction (self->scrub_position, (cell + 0.5) / self->cells->len);
  if (cell != self->scrub_cell)
    {
      self->scrub_cell = cell;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCRUB_CELL]);
    }
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
      /* A poster that does not decode leaves the icon: not worth a message. */
      g_debug ("No poster: %s", error->message);
      return;
    }
  self = INGEST_CLIP_CARD (object);
  g_set_object (&self->poster_texture, texture);
  show_picture (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_POSTER]);
}

static void
decode_cells_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GError) error = NULL;
  IngestClipCard *self;

  cells = g_task_propagate_pointer (G_TASK (result), &error);
  if (cells == NULL)
    {
      /* Without a filmstrip the poster stays: scrubbing is a nicety. */
      g_debug ("No filmstrip: %s", error->message);
      return;
    }
  self = INGEST_CLIP_CARD (object);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  self->cells = g_steal_pointer (&cells);
  g_clear_object (&self->loading_cells);
  show_picture (self);
}

static void
forget_cells (IngestClipCard *self)
{
  if (self->loading_cells != NULL)
    g_cancellable_cancel (self->loading_cells);
  g_clear_object (&self->loading_cells);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
}

/* Only for a card the pointer is over: a grid of thousands decodes none.
 * A strip that failed is not tried again while the card shows the clip
 * (its canceller stays): every pointer motion would retry it. */
static void
load_cells (IngestClipCard *self)
{
  g_autoptr(GTask) task = NULL;
  PictureSource *source;
  const char *path;
  guint n_cells;

  if (self->clip == NULL || self->cells != NULL || self->loading_cells != NULL)
    return;
  path = ingest_clip_get_filmstrip_path (self->clip);
  n_cells = ingest_clip_get_filmstrip_frames (self->clip);
  if (path == NULL || n_cells == 0)
    return;

  source = g_new0 (PictureSource, 1);
  source->path = g_strdup (path);
  source->n_cells = n_cells;
  self->loading_cells = g_cancellable_new ();
  task = g_task_new (self, self->loading_cells, decode_cells_cb, NULL);
  g_task_set_source_tag (task, load_cells);
  g_task_set_task_data (task, source, (GDestroyNotify) picture_source_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, decode_cells_thread);
}

static void
load_poster (IngestClipCard *self)
{
  g_autoptr(GTask) task = NULL;
  PictureSource *source;
  GBytes *bytes = NULL;
  const char *path = NULL;
  gboolean had_poster = self->poster_texture != NULL;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->poster_texture);
  show_picture (self);
  if (had_poster)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_POSTER]);

  if (self->clip == NULL)
    return;
  /* The proxy's poster frame is the clip as shot; the card's own
   * thumbnail is what the camera kept. */
  path = ingest_clip_get_poster_path (self->clip);
  if (path == NULL)
    {
      bytes = ingest_clip_get_thumbnail (self->clip);
      path = bytes == NULL ? ingest_clip_get_thumbnail_path (self->clip) : NULL;
    }
  if (bytes == NULL && path == NULL)
    return;

  source = g_new0 (PictureSource, 1);
  source->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  source->path = g_strdup (path);
  self->loading = g_cancellable_new ();
  task = g_task_new (self, self->loading, decode_poster_cb, NULL);
  g_task_set_source_tag (task, load_poster);
  g_task_set_task_data (task, source, (GDestroyNotify) picture_source_free);
  /* A card rebound in the meantime must not show this clip's poster. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, decode_poster_thread);
}

/* The proxy stage made the clip's preview after the card was bound. */
static void
clip_poster_changed_cb (IngestClipCard *self)
{
  load_poster (self);
}

static void
clip_filmstrip_changed_cb (IngestClipCard *self)
{
  forget_cells (self);
  if (self->scrub_x >= 0)
    load_cells (self);
  show_picture (self);
}

static void
scrub_enter_cb (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                IngestClipCard           *self)
{
  ingest_clip_card_scrub (self, x);
}

static void
scrub_motion_cb (GtkEventControllerMotion *controller,
                 double                    x,
                 double                    y,
                 IngestClipCard           *self)
{
  ingest_clip_card_scrub (self, x);
}

static void
scrub_leave_cb (GtkEventControllerMotion *controller,
                IngestClipCard           *self)
{
  ingest_clip_card_scrub_end (self);
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
  forget_cells (self);
  g_clear_object (&self->poster_texture);
  if (self->clip != NULL)
    g_signal_handlers_disconnect_by_data (self->clip, self);
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

    case PROP_SCRUB_CELL:
      g_value_set_int (value, self->scrub_cell);
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
  properties[PROP_SCRUB_CELL] =
    g_param_spec_int ("scrub-cell", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-clip-card.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, kind_image);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, poster);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, scrub_position);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, badge);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipCard, detail_label);
  /* Not kept: named for the tests, which move a pointer through it. */
  gtk_widget_class_bind_template_child_full (widget_class, "scrub_motion", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, scrub_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, scrub_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, scrub_leave_cb);
  gtk_widget_class_set_css_name (widget_class, "ingestclipcard");
}

static void
ingest_clip_card_init (IngestClipCard *self)
{
  self->scrub_cell = -1;
  self->scrub_x = -1;
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

  if (self->clip == clip)
    return;

  if (self->clip != NULL)
    g_signal_handlers_disconnect_by_data (self->clip, self);
  g_set_object (&self->clip, clip);
  forget_cells (self);
  if (clip != NULL)
    {
      g_signal_connect_object (clip, "notify::poster-path", G_CALLBACK (clip_poster_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (clip, "notify::filmstrip-path", G_CALLBACK (clip_filmstrip_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (clip, "notify::filmstrip-frames", G_CALLBACK (clip_filmstrip_changed_cb),
                               self, G_CONNECT_SWAPPED);
      /* Rebound under the pointer: the new clip's strip when it moves. */
      if (self->scrub_x >= 0)
        load_cells (self);
    }

  ingest_clip_card_update (self);
  load_poster (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
}

/* TRUE once the clip's thumbnail is shown instead of the icon. */
gboolean
ingest_clip_card_get_has_poster (IngestClipCard *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_CARD (self), FALSE);

  return self->poster_texture != NULL;
}

/**
 * ingest_clip_card_scrub:
 * @x: where the pointer is over the poster, in its pixels
 *
 * What the pointer moving over the poster does: shows the filmstrip's
 * cell at @x (its first use decodes the strip on a worker; the cell shows
 * when it is decoded).
 */
void
ingest_clip_card_scrub (IngestClipCard *self,
                        double          x)
{
  g_return_if_fail (INGEST_IS_CLIP_CARD (self));

  self->scrub_x = MAX (x, 0);
  load_cells (self);
  show_picture (self);
}

/* The pointer left the poster: the poster again. */
void
ingest_clip_card_scrub_end (IngestClipCard *self)
{
  g_return_if_fail (INGEST_IS_CLIP_CARD (self));

  self->scrub_x = -1;
  show_picture (self);
}

/* TRUE once the clip's filmstrip is decoded: only after the pointer came. */
gboolean
ingest_clip_card_get_has_filmstrip (IngestClipCard *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_CARD (self), FALSE);

  return self->cells != NULL;
}

/* The filmstrip's cell shown, or -1 while the poster is. */
int
ingest_clip_card_get_scrub_cell (IngestClipCard *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_CARD (self), -1);

  return self->scrub_cell;
}
