/* ingest-clip-player.c
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

#define G_LOG_DOMAIN "ingest-clip-player"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ingest-clip-player.h"

/* The preview of one clip, at the top of the inspector: its proxy in an
 * IngestPlayerStream, the source timecode of the frame shown, a scrub bar
 * over the clip's filmstrip, a level meter per audio channel, loop, full
 * screen and the circled-take toggle (stored on the clip and, with a
 * library, in the catalog, whence it comes back for a clip read from the
 * card again). Without a proxy yet it shows the poster and
 * says so; a clip nothing decodes shows its preview problem.
 *
 * Keys, wherever the focus is inside the player (and in full screen):
 * Space play/pause, J/K/L shuttle (reverse ×1 ×2 ×4, pause, forward ×1 ×2
 * ×4), ←/→ one frame, F full screen, Esc leaves full screen. */

/* The meter's floor: -60 dBFS is the bottom of a bar. */
#define METER_FLOOR_DB (-60.0)
#define MAX_SHUTTLE 4.0
/* How wide the player asks to be, at most (the inspector's preview). */
#define NATURAL_WIDTH 480

struct _IngestClipPlayer
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  GtkPicture         *poster;
  GtkLabel           *problem_label;
  GtkPicture         *picture;
  GtkBox             *meter_box;
  GtkPicture         *filmstrip;
  GtkScale           *scrub;
  GtkAdjustment      *scrub_adjustment;
  GtkButton          *play_button;
  GtkLabel           *timecode_label;
  GtkLabel           *rate_label;
  GtkToggleButton    *circled_button;
  GtkToggleButton    *loop_button;

  /* Owned references */
  IngestClip         *clip;
  IngestClipLibrary  *library;
  IngestPlayerStream *stream;
  GtkWindow          *fullscreen_window;
  GBinding           *loop_binding;
  GCancellable       *mark_lookup;
  double              pending_scrub;   /* seconds; < 0: none */

  IngestClipPlayerState state;
  guint               updating_circled : 1;
};

G_DEFINE_FINAL_TYPE (IngestClipPlayer, ingest_clip_player, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (IngestClipPlayerState, ingest_clip_player_state,
                    G_DEFINE_ENUM_VALUE (INGEST_CLIP_PLAYER_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (INGEST_CLIP_PLAYER_STATE_WAITING, "waiting"),
                    G_DEFINE_ENUM_VALUE (INGEST_CLIP_PLAYER_STATE_NO_PREVIEW, "no-preview"),
                    G_DEFINE_ENUM_VALUE (INGEST_CLIP_PLAYER_STATE_PLAYER, "player"))

enum {
  PROP_0,
  PROP_CLIP,
  PROP_STATE,
  PROP_FULLSCREEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void leave_fullscreen (IngestClipPlayer *self);

/*
 * Helpers
 */

static void
set_state (IngestClipPlayer      *self,
           IngestClipPlayerState  state)
{
  static const char * const pages[] = { "empty", "waiting", "problem", "player" };

  gtk_stack_set_visible_child_name (self->stack, pages[state]);
  if (state == self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The clip's start timecode at its rate ("HH:MM:SS;FF" is drop-frame). */
static gboolean
clip_timecode_start (IngestClip     *clip,
                     IngestTimecode *tc)
{
  const char *start = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START);
  const char *fps = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS);
  guint num, den;

  if (start == NULL || fps == NULL || !ingest_frame_rate_parse (fps, &num, &den))
    return FALSE;
  return ingest_timecode_init (tc, num, den, strchr (start, ';') != NULL) &&
         ingest_timecode_parse (tc, start);
}

static GdkTexture *
load_texture (const char *path)
{
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  if (path == NULL)
    return NULL;
  texture = gdk_texture_new_from_filename (path, &error);
  if (texture == NULL)
    g_debug ("%s", error->message);
  return texture;
}

static void
update_play_button (IngestClipPlayer *self)
{
  gboolean playing = self->stream != NULL && gtk_media_stream_get_playing (GTK_MEDIA_STREAM (self->stream));
  const char *label = playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_rate_label (IngestClipPlayer *self)
{
  double rate = self->stream != NULL ? ingest_player_stream_get_rate (self->stream) : 1;
  g_autofree char *text = NULL;

  /* Shown only when not plain forward play. */
  if (rate != 1.0)
    /* Translators: the shuttle speed, e.g. "−2×" for twice the speed in reverse */
    text = g_strdup_printf (_("%s%g×"), rate < 0 ? "−" : "", fabs (rate));
  gtk_label_set_label (self->rate_label, text != NULL ? text : "");
}

static void
update_circled (IngestClipPlayer *self)
{
  gboolean circled = self->clip != NULL &&
                     g_strcmp0 (ingest_clip_get_field (self->clip, INGEST_CLIP_FIELD_CIRCLED), "true") == 0;

  self->updating_circled = TRUE;
  gtk_toggle_button_set_active (self->circled_button, circled);
  self->updating_circled = FALSE;
  gtk_button_set_icon_name (GTK_BUTTON (self->circled_button), circled ? "starred-symbolic" : "non-starred-symbolic");
}

static void
rebuild_meter (IngestClipPlayer *self)
{
  guint n = self->stream != NULL ? ingest_player_stream_get_n_channels (self->stream) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->meter_box))) != NULL)
    gtk_box_remove (self->meter_box, child);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
      g_autofree char *label = g_strdup_printf (_("Channel %u level"), i + 1);

      gtk_orientable_set_orientation (GTK_ORIENTABLE (bar), GTK_ORIENTATION_VERTICAL);
      gtk_level_bar_set_inverted (GTK_LEVEL_BAR (bar), TRUE);
      /* -12 dBFS and -3 dBFS: where a bar turns amber and red. */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), "meter-ok", (-12 - METER_FLOOR_DB) / -METER_FLOOR_DB);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), "meter-hot", (-3 - METER_FLOOR_DB) / -METER_FLOOR_DB);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), "meter-over", 1.0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (self->meter_box, bar);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->meter_box), n > 0);
  /* The picture's width changes inside an unchanged player: see size_allocate. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static GtkWidget *
make_fullscreen_content (IngestClipPlayer *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (self->stream));
  GtkWidget *timecode = gtk_label_new (NULL);

  gtk_widget_add_css_class (overlay, "player-fullscreen");
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);
  g_object_bind_property (self->timecode_label, "label", timecode, "label", G_BINDING_SYNC_CREATE);
  gtk_widget_set_halign (timecode, GTK_ALIGN_END);
  gtk_widget_set_valign (timecode, GTK_ALIGN_END);
  gtk_widget_set_margin_end (timecode, 24);
  gtk_widget_set_margin_bottom (timecode, 24);
  gtk_widget_add_css_class (timecode, "monospace");
  gtk_widget_add_css_class (timecode, "timecode");
  gtk_widget_add_css_class (timecode, "osd");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), timecode);
  return overlay;
}

/*
 * Callbacks
 */

static void
stream_timestamp_cb (IngestClipPlayer *self)
{
  /* While a seek lands the slider stays where the user put it. */
  if (gtk_media_stream_is_seeking (GTK_MEDIA_STREAM (self->stream)))
    return;
  gtk_adjustment_set_value (self->scrub_adjustment,
                            gtk_media_stream_get_timestamp (GTK_MEDIA_STREAM (self->stream)) / (double) G_USEC_PER_SEC);
}

static void
stream_duration_cb (IngestClipPlayer *self)
{
  double duration = gtk_media_stream_get_duration (GTK_MEDIA_STREAM (self->stream)) / (double) G_USEC_PER_SEC;
  guint num, den;

  ingest_player_stream_get_frame_rate (self->stream, &num, &den);
  gtk_adjustment_configure (self->scrub_adjustment, gtk_adjustment_get_value (self->scrub_adjustment),
                            0, MAX (duration, 0.001),
                            num > 0 ? (double) den / num : 0.04, 1, 0);
}

static void
stream_timecode_cb (IngestClipPlayer *self)
{
  const char *timecode = ingest_player_stream_get_timecode (self->stream);

  gtk_label_set_label (self->timecode_label, timecode != NULL ? timecode : "--:--:--:--");
}

static void
stream_levels_cb (IngestClipPlayer *self)
{
  gboolean playing = gtk_media_stream_get_playing (GTK_MEDIA_STREAM (self->stream));
  guint i = 0;

  for (GtkWidget *bar = gtk_widget_get_first_child (GTK_WIDGET (self->meter_box));
       bar != NULL; bar = gtk_widget_get_next_sibling (bar), i++)
    {
      double peak = ingest_player_stream_get_peak (self->stream, i);
      /* Paused, the bars fall: a lit meter would say sound is playing. */
      double value = playing && isfinite (peak) ? (peak - METER_FLOOR_DB) / -METER_FLOOR_DB : 0;

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (value, 0, 1));
    }
}

static void
stream_error_cb (IngestClipPlayer *self)
{
  const GError *error = gtk_media_stream_get_error (GTK_MEDIA_STREAM (self->stream));

  if (error == NULL)
    return;
  gtk_label_set_label (self->problem_label, error->message);
  set_state (self, INGEST_CLIP_PLAYER_STATE_NO_PREVIEW);
}

/* Dragging the scrub bar: one seek at a time, the newest position next
 * (an accurate seek into a long GOP decodes from its key frame; seeks
 * asked for faster than that are not queued up). */
static gboolean
scrub_change_value_cb (IngestClipPlayer *self,
                       GtkScrollType     scroll,
                       double            value)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self->stream);

  if (stream == NULL || !gtk_media_stream_is_seekable (stream))
    return FALSE;
  if (gtk_media_stream_is_seeking (stream))
    self->pending_scrub = MAX (value, 0);
  else
    gtk_media_stream_seek (stream, (gint64) (value * G_USEC_PER_SEC));
  return FALSE;
}

static void
stream_seeking_cb (IngestClipPlayer *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self->stream);
  double value = self->pending_scrub;

  if (gtk_media_stream_is_seeking (stream))
    return;
  if (value < 0)
    {
      stream_timestamp_cb (self);
      return;
    }
  self->pending_scrub = -1;
  gtk_media_stream_seek (stream, (gint64) (value * G_USEC_PER_SEC));
}

static void
picture_pressed_cb (IngestClipPlayer *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
circled_set_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The clip keeps the mark either way; a catalog that cannot take it
   * is reported by the catalog's own checks, not here. */
  if (!ingest_clip_library_set_circled_finish (INGEST_CLIP_LIBRARY (object), result, &error))
    g_debug ("Could not store the circled take: %s", error->message);
}

/* The catalog's mark for a clip read from the card again. */
static void
circled_looked_up_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(IngestClipPlayer) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean circled;

  if (!ingest_clip_library_lookup_circled_finish (INGEST_CLIP_LIBRARY (object), result, &circled, &error))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the circled take: %s", error->message);
      return;
    }
  if (g_cancellable_is_cancelled (self->mark_lookup) || self->clip == NULL)
    return;
  ingest_clip_set_field (self->clip, INGEST_CLIP_FIELD_CIRCLED, circled ? "true" : "false");
  update_circled (self);
}

static void
look_up_circled (IngestClipPlayer *self)
{
  if (self->mark_lookup != NULL)
    g_cancellable_cancel (self->mark_lookup);
  g_clear_object (&self->mark_lookup);
  if (self->library == NULL || self->clip == NULL || ingest_clip_get_drive_identity (self->clip) == NULL)
    return;
  self->mark_lookup = g_cancellable_new ();
  ingest_clip_library_lookup_circled_async (self->library, self->clip, self->mark_lookup,
                                            circled_looked_up_cb, g_object_ref (self));
}

static void
circled_toggled_cb (IngestClipPlayer *self)
{
  gboolean circled = gtk_toggle_button_get_active (self->circled_button);

  if (self->updating_circled || self->clip == NULL)
    return;
  /* The technician's choice now; a lookup still on its way is too late. */
  if (self->mark_lookup != NULL)
    g_cancellable_cancel (self->mark_lookup);
  ingest_clip_set_field (self->clip, INGEST_CLIP_FIELD_CIRCLED, circled ? "true" : "false");
  gtk_button_set_icon_name (GTK_BUTTON (self->circled_button), circled ? "starred-symbolic" : "non-starred-symbolic");
  if (self->library != NULL && ingest_clip_get_drive_identity (self->clip) != NULL)
    ingest_clip_library_set_circled_async (self->library, self->clip, circled, NULL, circled_set_cb, NULL);
}

static void
fullscreen_key_cb (IngestClipPlayer *self,
                   guint             keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Escape:
    case GDK_KEY_f:
      leave_fullscreen (self);
      break;
    case GDK_KEY_space:
      gtk_widget_activate_action (GTK_WIDGET (self), "player.play-pause", NULL);
      break;
    case GDK_KEY_j:
      gtk_widget_activate_action (GTK_WIDGET (self), "player.shuttle", "i", -1);
      break;
    case GDK_KEY_k:
      gtk_widget_activate_action (GTK_WIDGET (self), "player.shuttle", "i", 0);
      break;
    case GDK_KEY_l:
      gtk_widget_activate_action (GTK_WIDGET (self), "player.shuttle", "i", 1);
      break;
    case GDK_KEY_Left:
      gtk_widget_activate_action (GTK_WIDGET (self), "player.step", "i", -1);
      break;
    case GDK_KEY_Right:
      gtk_widget_activate_action (GTK_WIDGET (self), "player.step", "i", 1);
      break;
    default:
      break;
    }
}

static gboolean
fullscreen_key_pressed_cb (GtkEventControllerKey *controller,
                           guint                  keyval,
                           guint                  keycode,
                           GdkModifierType        state,
                           gpointer               user_data)
{
  IngestClipPlayer *self = user_data;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  fullscreen_key_cb (self, gdk_keyval_to_lower (keyval));
  return TRUE;
}

static gboolean
fullscreen_close_request_cb (IngestClipPlayer *self)
{
  leave_fullscreen (self);
  return TRUE;
}

static void
clip_preview_changed_cb (IngestClipPlayer *self);

/*
 * Showing a clip
 */

static void
clear_stream (IngestClipPlayer *self)
{
  leave_fullscreen (self);
  if (self->stream == NULL)
    return;
  g_clear_pointer (&self->loop_binding, g_binding_unbind);
  g_signal_handlers_disconnect_by_data (self->stream, self);
  gtk_media_stream_pause (GTK_MEDIA_STREAM (self->stream));
  gtk_picture_set_paintable (self->picture, NULL);
  g_clear_object (&self->stream);
  rebuild_meter (self);
}

static void
show_clip (IngestClipPlayer *self)
{
  const char *proxy = self->clip != NULL ? ingest_clip_get_proxy_path (self->clip) : NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkTexture) filmstrip = NULL;
  IngestTimecode tc;

  /* Another preview property changed: the proxy playing stays. */
  if (proxy != NULL)
    file = g_file_new_for_path (proxy);
  if (self->stream != NULL && file != NULL && g_file_equal (file, ingest_player_stream_get_file (self->stream)))
    return;
  clear_stream (self);
  update_circled (self);

  /* A sound take, a still or an unknown file has no proxy to wait for. */
  if (self->clip == NULL ||
      (proxy == NULL && ingest_clip_get_kind (self->clip) != INGEST_CLIP_KIND_VIDEO &&
       ingest_clip_get_kind (self->clip) != INGEST_CLIP_KIND_SEQUENCE))
    {
      set_state (self, INGEST_CLIP_PLAYER_STATE_EMPTY);
      return;
    }
  if (proxy == NULL)
    {
      const char *problem = ingest_clip_get_preview_problem (self->clip);
      g_autoptr(GdkTexture) poster = NULL;

      if (problem != NULL)
        {
          gtk_label_set_label (self->problem_label, problem);
          set_state (self, INGEST_CLIP_PLAYER_STATE_NO_PREVIEW);
          return;
        }
      poster = load_texture (ingest_clip_get_poster_path (self->clip));
      if (poster == NULL)
        poster = load_texture (ingest_clip_get_thumbnail_path (self->clip));
      gtk_picture_set_paintable (self->poster, GDK_PAINTABLE (poster));
      /* No poster either: a quiet placeholder, not a black screen. */
      if (poster != NULL)
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->poster), "player-placeholder");
          gtk_widget_add_css_class (GTK_WIDGET (self->poster), "player-picture");
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->poster), "player-picture");
          gtk_widget_add_css_class (GTK_WIDGET (self->poster), "player-placeholder");
        }
      set_state (self, INGEST_CLIP_PLAYER_STATE_WAITING);
      return;
    }

  self->stream = ingest_player_stream_new (file, ingest_player_audio_output_default ());
  if (clip_timecode_start (self->clip, &tc))
    ingest_player_stream_set_timecode_start (self->stream, &tc);
  g_signal_connect_object (self->stream, "notify::timestamp", G_CALLBACK (stream_timestamp_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::duration", G_CALLBACK (stream_duration_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::timecode", G_CALLBACK (stream_timecode_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::playing", G_CALLBACK (update_play_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::playing", G_CALLBACK (stream_levels_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::rate", G_CALLBACK (update_rate_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::n-channels", G_CALLBACK (rebuild_meter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::error", G_CALLBACK (stream_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::seeking", G_CALLBACK (stream_seeking_cb), self, G_CONNECT_SWAPPED);
  self->pending_scrub = -1;
  g_signal_connect_object (self->stream, "notify::levels", G_CALLBACK (stream_levels_cb), self, G_CONNECT_SWAPPED);
  self->loop_binding = g_object_bind_property (self->loop_button, "active", self->stream, "loop", G_BINDING_SYNC_CREATE);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->stream));

  filmstrip = load_texture (ingest_clip_get_filmstrip_path (self->clip));
  gtk_picture_set_paintable (self->filmstrip, GDK_PAINTABLE (filmstrip));
  gtk_adjustment_configure (self->scrub_adjustment, 0, 0, 1, 0.04, 1, 0);
  stream_timecode_cb (self);
  update_play_button (self);
  update_rate_label (self);
  rebuild_meter (self);
  set_state (self, INGEST_CLIP_PLAYER_STATE_PLAYER);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
clip_preview_changed_cb (IngestClipPlayer *self)
{
  show_clip (self);
}

/*
 * Full screen: a window of its own over the monitor, showing the same
 * stream with the timecode; the keys work there too.
 */

static void
enter_fullscreen (IngestClipPlayer *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkEventController *keys;
  GtkWidget *window;

  if (self->stream == NULL || self->fullscreen_window != NULL)
    return;

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), ingest_clip_get_name (self->clip));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), make_fullscreen_content (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (fullscreen_key_pressed_cb), self, 0);
  gtk_widget_add_controller (window, keys);
  g_signal_connect_object (window, "close-request", G_CALLBACK (fullscreen_close_request_cb), self, G_CONNECT_SWAPPED);

  /* Without a window manager (a kiosk, Xvfb) fullscreen is not honoured:
   * the monitor's size as well. */
  {
    GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
    GdkSurface *surface = GTK_IS_NATIVE (root) ? gtk_native_get_surface (GTK_NATIVE (root)) : NULL;
    GdkMonitor *monitor = surface != NULL ? gdk_display_get_monitor_at_surface (display, surface) : NULL;

    if (monitor != NULL)
      {
        GdkRectangle geometry;

        gdk_monitor_get_geometry (monitor, &geometry);
        gtk_window_set_default_size (GTK_WINDOW (window), geometry.width, geometry.height);
        ingest_player_stream_set_max_size (self->stream, geometry.width * gdk_monitor_get_scale_factor (monitor),
                                           geometry.height * gdk_monitor_get_scale_factor (monitor));
        gtk_window_fullscreen_on_monitor (GTK_WINDOW (window), monitor);
      }
    else
      gtk_window_fullscreen (GTK_WINDOW (window));
  }
  self->fullscreen_window = GTK_WINDOW (g_object_ref_sink (window));
  gtk_window_present (GTK_WINDOW (window));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULLSCREEN]);
}

static void
leave_fullscreen (IngestClipPlayer *self)
{
  GtkWindow *window = g_steal_pointer (&self->fullscreen_window);

  if (window == NULL)
    return;
  gtk_window_destroy (window);
  g_object_unref (window);
  /* Back to frames the size of the picture here. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULLSCREEN]);
}

/*
 * Actions
 */

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (widget);
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self->stream);

  if (stream == NULL)
    return;
  if (gtk_media_stream_get_playing (stream))
    gtk_media_stream_pause (stream);
  else
    {
      /* Space plays forward at normal speed, whatever the shuttle did. */
      ingest_player_stream_set_rate (self->stream, 1.0);
      gtk_media_stream_play (stream);
    }
}

/* J (-1), K (0), L (1): each further press of J or L doubles the speed up
 * to ×4; the other direction starts again at ×1. */
static void
shuttle_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (widget);
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self->stream);
  int direction = g_variant_get_int32 (param);
  double rate;

  if (stream == NULL)
    return;
  if (direction == 0)
    {
      gtk_media_stream_pause (stream);
      return;
    }
  rate = ingest_player_stream_get_rate (self->stream);
  if (!gtk_media_stream_get_playing (stream) || (rate > 0) != (direction > 0))
    rate = direction;
  else
    rate = CLAMP (rate * 2, -MAX_SHUTTLE, MAX_SHUTTLE);
  ingest_player_stream_set_rate (self->stream, rate);
  gtk_media_stream_play (stream);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (widget);

  if (self->stream != NULL)
    ingest_player_stream_step (self->stream, g_variant_get_int32 (param) < 0 ? -1 : 1);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (widget);

  if (self->fullscreen_window != NULL)
    leave_fullscreen (self);
  else
    enter_fullscreen (self);
}

/*
 * Overrides
 */

/* One child, the stack; no layout manager, as GTK calls a widget's
 * size_allocate only when it has none. */
static void
ingest_clip_player_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
  /* The width is the pane's to give: a proxy's natural 960 pixels must not
   * widen the inspector over the grid; up to NATURAL_WIDTH when there is
   * room. The height follows the width. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MIN (*natural, NATURAL_WIDTH));
}

static GtkSizeRequestMode
ingest_clip_player_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The frames are decoded no larger than the picture shows them. Only
 * called when the player's own allocation is needed: what changes the
 * picture's size inside it queues that (the page shown, the meter). */
static void
ingest_clip_player_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (widget);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);

  if (self->stream != NULL && self->fullscreen_window == NULL)
    {
      int scale = gtk_widget_get_scale_factor (widget);

      ingest_player_stream_set_max_size (self->stream,
                                         gtk_widget_get_width (GTK_WIDGET (self->picture)) * scale,
                                         gtk_widget_get_height (GTK_WIDGET (self->picture)) * scale);
    }
}

static void
ingest_clip_player_unmap (GtkWidget *widget)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (widget);

  /* Hidden (another page, the inspector closed): it stops playing. */
  if (self->stream != NULL && self->fullscreen_window == NULL)
    gtk_media_stream_pause (GTK_MEDIA_STREAM (self->stream));
  GTK_WIDGET_CLASS (ingest_clip_player_parent_class)->unmap (widget);
}

static void
ingest_clip_player_dispose (GObject *object)
{
  IngestClipPlayer *self = (IngestClipPlayer *) object;

  clear_stream (self);
  if (self->mark_lookup != NULL)
    g_cancellable_cancel (self->mark_lookup);
  g_clear_object (&self->mark_lookup);
  if (self->clip != NULL)
    g_signal_handlers_disconnect_by_data (self->clip, self);
  g_clear_object (&self->clip);
  g_clear_object (&self->library);
  gtk_widget_dispose_template (GTK_WIDGET (self), INGEST_TYPE_CLIP_PLAYER);

  G_OBJECT_CLASS (ingest_clip_player_parent_class)->dispose (object);
}

static void
ingest_clip_player_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      g_value_set_object (value, self->clip);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_FULLSCREEN:
      g_value_set_boolean (value, self->fullscreen_window != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clip_player_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IngestClipPlayer *self = INGEST_CLIP_PLAYER (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      ingest_clip_player_set_clip (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_clip_player_class_init (IngestClipPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ingest_clip_player_dispose;
  object_class->get_property = ingest_clip_player_get_property;
  object_class->set_property = ingest_clip_player_set_property;

  widget_class->get_request_mode = ingest_clip_player_get_request_mode;
  widget_class->measure = ingest_clip_player_measure;
  widget_class->size_allocate = ingest_clip_player_size_allocate;
  widget_class->unmap = ingest_clip_player_unmap;

  properties[PROP_CLIP] =
    g_param_spec_object ("clip", NULL, NULL,
                         INGEST_TYPE_CLIP,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       INGEST_TYPE_CLIP_PLAYER_STATE,
                       INGEST_CLIP_PLAYER_STATE_EMPTY,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FULLSCREEN] =
    g_param_spec_boolean ("fullscreen", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ingest-clip-player.ui");
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, stack);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, poster);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, problem_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, picture);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, meter_box);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, filmstrip);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, scrub);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, scrub_adjustment);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, play_button);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, timecode_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, rate_label);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, circled_button);
  gtk_widget_class_bind_template_child (widget_class, IngestClipPlayer, loop_button);
  gtk_widget_class_bind_template_callback (widget_class, scrub_change_value_cb);
  gtk_widget_class_bind_template_callback (widget_class, picture_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, circled_toggled_cb);
  gtk_widget_class_set_css_name (widget_class, "ingestclipplayer");

  gtk_widget_class_install_action (widget_class, "player.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "player.shuttle", "i", shuttle_action);
  gtk_widget_class_install_action (widget_class, "player.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "player.fullscreen", NULL, fullscreen_action);
}

static void
ingest_clip_player_init (IngestClipPlayer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pending_scrub = -1;
  set_state (self, INGEST_CLIP_PLAYER_STATE_EMPTY);
  gtk_widget_set_visible (GTK_WIDGET (self->meter_box), FALSE);
}

/*
 * Public API
 */

/**
 * ingest_clip_player_get_clip:
 *
 * Returns: (transfer none) (nullable): the clip shown
 */
IngestClip *
ingest_clip_player_get_clip (IngestClipPlayer *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_PLAYER (self), NULL);

  return self->clip;
}

void
ingest_clip_player_set_clip (IngestClipPlayer *self,
                             IngestClip       *clip)
{
  g_return_if_fail (INGEST_IS_CLIP_PLAYER (self));
  g_return_if_fail (clip == NULL || INGEST_IS_CLIP (clip));

  if (clip == self->clip)
    return;
  if (self->clip != NULL)
    g_signal_handlers_disconnect_by_data (self->clip, self);
  g_set_object (&self->clip, clip);
  if (clip != NULL)
    {
      /* The proxy stage fills these in after the clip is shown. */
      g_signal_connect_object (clip, "notify::proxy-path", G_CALLBACK (clip_preview_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (clip, "notify::preview-problem", G_CALLBACK (clip_preview_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (clip, "notify::poster-path", G_CALLBACK (clip_preview_changed_cb), self, G_CONNECT_SWAPPED);
    }
  clear_stream (self);
  show_clip (self);
  look_up_circled (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
}

void
ingest_clip_player_set_library (IngestClipPlayer  *self,
                                IngestClipLibrary *library)
{
  g_return_if_fail (INGEST_IS_CLIP_PLAYER (self));
  g_return_if_fail (library == NULL || INGEST_IS_CLIP_LIBRARY (library));

  g_set_object (&self->library, library);
}

IngestClipPlayerState
ingest_clip_player_get_state (IngestClipPlayer *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_PLAYER (self), INGEST_CLIP_PLAYER_STATE_EMPTY);

  return self->state;
}

/**
 * ingest_clip_player_get_stream:
 *
 * Returns: (transfer none) (nullable): the stream playing the clip's proxy
 */
IngestPlayerStream *
ingest_clip_player_get_stream (IngestClipPlayer *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_PLAYER (self), NULL);

  return self->stream;
}

/**
 * ingest_clip_player_get_fullscreen_window:
 *
 * Returns: (transfer none) (nullable): the full-screen window
 */
GtkWindow *
ingest_clip_player_get_fullscreen_window (IngestClipPlayer *self)
{
  g_return_val_if_fail (INGEST_IS_CLIP_PLAYER (self), NULL);

  return self->fullscreen_window;
}
