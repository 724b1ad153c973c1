/* ingest-proxy-source.c
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

#define G_LOG_DOMAIN "ingest-proxy"

#include "config.h"

#include "ingest-proxy-source.h"

G_DEFINE_BOXED_TYPE (IngestProxySource, ingest_proxy_source,
                     ingest_proxy_source_copy, ingest_proxy_source_free)

static guint
field_uint (IngestClip      *clip,
            IngestClipField  field)
{
  const char *text = ingest_clip_get_field (clip, field);
  gint64 value = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;

  return value > 0 && value <= G_MAXUINT ? (guint) value : 0;
}

/**
 * ingest_proxy_source_new_for_clip:
 * @clip: a grouped (and ideally read) clip
 * @roll_root: the absolute path of the clip's roll: its files are relative
 *   to it
 *
 * Returns: (transfer full): what the proxy maker needs of @clip
 */
IngestProxySource *
ingest_proxy_source_new_for_clip (IngestClip *clip,
                                  const char *roll_root)
{
  IngestProxySource *self;
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
  const char *reel, *fps, *tc, *squeeze;
  gint64 first, last;

  g_return_val_if_fail (INGEST_IS_CLIP (clip), NULL);
  g_return_val_if_fail (roll_root != NULL, NULL);

  self = g_new0 (IngestProxySource, 1);
  self->clip_name = g_strdup (ingest_clip_get_name (clip));
  self->roll_name = g_strdup (ingest_clip_get_roll_name (clip));
  reel = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_REEL);
  self->reel = g_strdup (reel != NULL ? reel : self->roll_name);
  self->production = g_strdup (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_PRODUCTION));
  self->kind = ingest_clip_get_kind (clip);
  for (guint i = 0; i < ingest_clip_get_n_files (clip); i++)
    {
      g_autofree char *path = g_build_filename (roll_root, ingest_clip_get_file (clip, i), NULL);

      g_strv_builder_add (files, path);
    }
  self->files = g_strv_builder_end (files);
  self->codec = g_strdup (ingest_clip_get_field (clip, INGEST_CLIP_FIELD_CODEC));

  fps = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_FPS);
  if (fps == NULL || !ingest_frame_rate_parse (fps, &self->fps_num, &self->fps_den))
    self->fps_num = self->fps_den = 0;

  /* The timecode field is canonical: ';' before the frames is drop-frame. */
  tc = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_TC_START);
  self->has_tc = tc != NULL && self->fps_num != 0 &&
                 ingest_timecode_init (&self->tc_start, self->fps_num, self->fps_den,
                                       strchr (tc, ';') != NULL) &&
                 ingest_timecode_parse (&self->tc_start, tc);

  self->frames = field_uint (clip, INGEST_CLIP_FIELD_FRAMES);
  if (ingest_clip_get_frame_range (clip, &first, &last))
    {
      self->frame_first = first;
      self->frame_last = last;
    }
  self->width = field_uint (clip, INGEST_CLIP_FIELD_WIDTH);
  self->height = field_uint (clip, INGEST_CLIP_FIELD_HEIGHT);

  squeeze = ingest_clip_get_field (clip, INGEST_CLIP_FIELD_SQUEEZE);
  self->squeeze = squeeze != NULL ? g_ascii_strtod (squeeze, NULL) : 1.0;
  if (!(self->squeeze >= 0.5 && self->squeeze <= 4.0))
    self->squeeze = 1.0;
  return self;
}

IngestProxySource *
ingest_proxy_source_copy (const IngestProxySource *self)
{
  IngestProxySource *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->clip_name = g_strdup (self->clip_name);
  copy->roll_name = g_strdup (self->roll_name);
  copy->reel = g_strdup (self->reel);
  copy->production = g_strdup (self->production);
  copy->files = g_strdupv (self->files);
  copy->codec = g_strdup (self->codec);
  return copy;
}

void
ingest_proxy_source_free (IngestProxySource *self)
{
  if (self == NULL)
    return;
  g_free (self->clip_name);
  g_free (self->roll_name);
  g_free (self->reel);
  g_free (self->production);
  g_strfreev (self->files);
  g_free (self->codec);
  g_free (self);
}
