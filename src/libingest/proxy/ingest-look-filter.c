/* ingest-look-filter.c
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


#define G_LOG_DOMAIN "ingest-look-filter"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gst/video/video.h>

#include "ingest-cube-lut-private.h"
#include "ingest-look-filter.h"

/*
 * The look on 8-bit pixels. Everything that depends on one channel's 8-bit
 * value alone is worked out once per look: the CDL's slope, offset and power
 * (a table of 256 per channel), and for a LUT without a CDL the cell and
 * fraction each value falls in. What is left per pixel is the saturation
 * (it mixes the channels) and the tetrahedral interpolation.
 */

typedef enum
{
  PLAN_CHANNELS,     /* a CDL without saturation: one 8-bit table per channel */
  PLAN_CDL,          /* a CDL with saturation */
  PLAN_LUT,          /* a LUT, after a CDL without saturation or alone */
  PLAN_CDL_LUT,      /* a CDL, then a LUT */
} PlanKind;

typedef struct
{
  PlanKind       kind;
  IngestCubeLut *lut;
  const float   *lut_data;
  guint          lut_size;
  float          saturation;
  float          sop[3][256];        /* the CDL's SOP, 0..1 */
  float          pos_scale[3];       /* LUT cells per unit of input */
  float          pos_offset[3];
  guint32        stride[3];          /* of one step along each axis, in floats */
  guint32        cell[3][256];       /* PLAN_LUT: the cell's offset in the table */
  float          frac[3][256];       /* and the fraction inside it */
  guint8         channel[3][256];    /* PLAN_CHANNELS */
} Plan;

struct _IngestLookFilter
{
  GstVideoFilter  parent_instance;

  /* Under the object lock: set from any thread, read by the streaming one. */
  IngestLook     *look;
  Plan           *plan;     /* an atomic rc box; NULL when passthrough */
};

G_DEFINE_FINAL_TYPE (IngestLookFilter, ingest_look_filter, GST_TYPE_VIDEO_FILTER)

enum {
  PROP_0,
  PROP_LOOK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define FORMATS "{ RGBx, BGRx, xRGB, xBGR, RGBA, BGRA, ARGB, ABGR, RGB, BGR }"

/* Rec. 709 luma weights, as the ASC CDL's saturation uses them. */
#define LUMA_R 0.2126f
#define LUMA_G 0.7152f
#define LUMA_B 0.0722f

static inline guint8
to_8bit (float value)
{
  if (!(value > 0))
    return 0;
  if (value >= 1)
    return 255;
  return (guint8) (value * 255.0f + 0.5f);
}

static void
plan_clear (gpointer data)
{
  Plan *plan = data;

  g_clear_pointer (&plan->lut, ingest_cube_lut_unref);
}

static Plan *
plan_new (IngestLook *look)
{
  Plan *plan;
  double slope[3], offset[3], power[3], saturation;
  gboolean has_cdl;
  IngestCubeLut *lut;

  if (look == NULL || ingest_look_is_identity (look))
    return NULL;

  plan = g_atomic_rc_box_new0 (Plan);
  has_cdl = ingest_look_get_cdl (look, slope, offset, power, &saturation);
  lut = ingest_look_get_cube_lut (look);

  if (has_cdl)
    for (guint c = 0; c < 3; c++)
      for (guint v = 0; v < 256; v++)
        plan->sop[c][v] = pow (CLAMP (v / 255.0 * slope[c] + offset[c], 0.0, 1.0), power[c]);
  plan->saturation = saturation;

  if (lut != NULL)
    {
      float domain_min[3], domain_max[3];
      guint size = ingest_cube_lut_get_size (lut);
      gsize stride = 3;
      /* Without saturation each channel reaches the LUT on its own: its
       * cell and fraction can be worked out per 8-bit value. */
      gboolean per_channel = !has_cdl || saturation == 1;

      plan->lut = ingest_cube_lut_ref (lut);
      plan->lut_data = ingest_cube_lut_get_data (lut, NULL);
      plan->lut_size = size;
      ingest_cube_lut_get_domain (lut, domain_min, domain_max);

      for (guint c = 0; c < 3; c++)
        {
          plan->pos_scale[c] = (size - 1) / (domain_max[c] - domain_min[c]);
          plan->pos_offset[c] = -domain_min[c] * plan->pos_scale[c];
          plan->stride[c] = stride;
          for (guint v = 0; v < 256; v++)
            {
              float in = has_cdl ? plan->sop[c][v] : v / 255.0f;
              float pos = (in - domain_min[c]) * plan->pos_scale[c];
              guint cell;

              pos = pos > 0 ? MIN (pos, (float) (size - 1)) : 0;
              cell = MIN ((guint) pos, size - 2);
              plan->cell[c][v] = cell * stride;
              plan->frac[c][v] = pos - cell;
            }
          stride *= size;
        }
      plan->kind = per_channel ? PLAN_LUT : PLAN_CDL_LUT;
    }
  else if (saturation == 1)
    {
      plan->kind = PLAN_CHANNELS;
      for (guint c = 0; c < 3; c++)
        for (guint v = 0; v < 256; v++)
          plan->channel[c][v] = to_8bit (plan->sop[c][v]);
    }
  else
    plan->kind = PLAN_CDL;
  return plan;
}

static void
plan_unref (Plan *plan)
{
  g_atomic_rc_box_release_full (plan, plan_clear);
}

static inline void
plan_cdl (const Plan   *plan,
          const guint8  in[3],
          float         out[3])
{
  float r = plan->sop[0][in[0]], g = plan->sop[1][in[1]], b = plan->sop[2][in[2]];
  float luma = LUMA_R * r + LUMA_G * g + LUMA_B * b;

  out[0] = CLAMP (luma + plan->saturation * (r - luma), 0.0f, 1.0f);
  out[1] = CLAMP (luma + plan->saturation * (g - luma), 0.0f, 1.0f);
  out[2] = CLAMP (luma + plan->saturation * (b - luma), 0.0f, 1.0f);
}

/* One row of COUNT pixels, PSTRIDE bytes apart, red, green and blue at the
 * offsets in OFF. */
static void
plan_apply_row (const Plan *plan,
                guint8     *row,
                guint       count,
                guint       pstride,
                const guint off[3])
{
  const float max_pos = plan->lut_size - 1;

  switch (plan->kind)
    {
    case PLAN_CHANNELS:
      for (guint x = 0; x < count; x++, row += pstride)
        for (guint c = 0; c < 3; c++)
          row[off[c]] = plan->channel[c][row[off[c]]];
      break;

    case PLAN_CDL:
      for (guint x = 0; x < count; x++, row += pstride)
        {
          const guint8 in[3] = { row[off[0]], row[off[1]], row[off[2]] };
          float rgb[3];

          plan_cdl (plan, in, rgb);
          for (guint c = 0; c < 3; c++)
            row[off[c]] = to_8bit (rgb[c]);
        }
      break;

    case PLAN_LUT:
      for (guint x = 0; x < count; x++, row += pstride)
        {
          const guint8 r = row[off[0]], g = row[off[1]], b = row[off[2]];
          const float frac[3] = { plan->frac[0][r], plan->frac[1][g], plan->frac[2][b] };
          gsize base = plan->cell[0][r] + plan->cell[1][g] + plan->cell[2][b];
          float rgb[3];

          _ingest_cube_lut_tetrahedral_cell (plan->lut_data, plan->lut_size, base, frac, rgb);
          for (guint c = 0; c < 3; c++)
            row[off[c]] = to_8bit (rgb[c]);
        }
      break;

    case PLAN_CDL_LUT:
      for (guint x = 0; x < count; x++, row += pstride)
        {
          const guint8 in[3] = { row[off[0]], row[off[1]], row[off[2]] };
          float rgb[3], frac[3];
          gsize base = 0;

          plan_cdl (plan, in, rgb);
          for (guint c = 0; c < 3; c++)
            {
              float p = CLAMP (rgb[c] * plan->pos_scale[c] + plan->pos_offset[c], 0.0f, max_pos);
              int cell = MIN ((int) p, (int) plan->lut_size - 2);

              frac[c] = p - cell;
              base += cell * plan->stride[c];
            }
          _ingest_cube_lut_tetrahedral_cell (plan->lut_data, plan->lut_size, base, frac, rgb);
          for (guint c = 0; c < 3; c++)
            row[off[c]] = to_8bit (rgb[c]);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static GstFlowReturn
ingest_look_filter_transform_frame_ip (GstVideoFilter *filter,
                                       GstVideoFrame  *frame)
{
  IngestLookFilter *self = INGEST_LOOK_FILTER (filter);
  Plan *plan = NULL;
  guint off[3];
  guint width = GST_VIDEO_FRAME_WIDTH (frame);
  guint height = GST_VIDEO_FRAME_HEIGHT (frame);
  guint pstride = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, 0);
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  guint8 *pixels = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);

  GST_OBJECT_LOCK (self);
  if (self->plan != NULL)
    plan = g_atomic_rc_box_acquire (self->plan);
  GST_OBJECT_UNLOCK (self);
  if (plan == NULL)
    return GST_FLOW_OK;

  off[0] = GST_VIDEO_FRAME_COMP_POFFSET (frame, GST_VIDEO_COMP_R);
  off[1] = GST_VIDEO_FRAME_COMP_POFFSET (frame, GST_VIDEO_COMP_G);
  off[2] = GST_VIDEO_FRAME_COMP_POFFSET (frame, GST_VIDEO_COMP_B);
  for (guint y = 0; y < height; y++)
    plan_apply_row (plan, pixels + (gssize) y * stride, width, pstride, off);

  plan_unref (plan);
  return GST_FLOW_OK;
}

static void
ingest_look_filter_finalize (GObject *object)
{
  IngestLookFilter *self = INGEST_LOOK_FILTER (object);

  g_clear_pointer (&self->look, ingest_look_unref);
  g_clear_pointer (&self->plan, plan_unref);

  G_OBJECT_CLASS (ingest_look_filter_parent_class)->finalize (object);
}

static void
ingest_look_filter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestLookFilter *self = INGEST_LOOK_FILTER (object);

  switch (prop_id)
    {
    case PROP_LOOK:
      g_value_take_boxed (value, ingest_look_filter_dup_look (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_look_filter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IngestLookFilter *self = INGEST_LOOK_FILTER (object);

  switch (prop_id)
    {
    case PROP_LOOK:
      ingest_look_filter_set_look (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_look_filter_class_init (IngestLookFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *transform_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);
  g_autoptr(GstCaps) caps = gst_caps_from_string (GST_VIDEO_CAPS_MAKE (FORMATS));

  object_class->finalize = ingest_look_filter_finalize;
  object_class->get_property = ingest_look_filter_get_property;
  object_class->set_property = ingest_look_filter_set_property;

  /* A passthrough look must not touch the frames. */
  transform_class->transform_ip_on_passthrough = FALSE;
  filter_class->transform_frame_ip = ingest_look_filter_transform_frame_ip;

  properties[PROP_LOOK] =
    g_param_spec_boxed ("look", NULL, NULL,
                        INGEST_TYPE_LOOK,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS |
                         GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class, "Ingest look",
                                         "Filter/Effect/Video",
                                         "Applies an ASC CDL and a 3D LUT (tetrahedral) to 8-bit RGB",
                                         "The Ingest Station authors");
  gst_element_class_add_pad_template (element_class,
                                      gst_pad_template_new ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, caps));
  gst_element_class_add_pad_template (element_class,
                                      gst_pad_template_new ("src", GST_PAD_SRC, GST_PAD_ALWAYS, caps));
}

static void
ingest_look_filter_init (IngestLookFilter *self)
{
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}

/**
 * ingest_look_filter_register:
 *
 * Registers "ingestlook" for this process (no plugin file); call after
 * gst_init(). Safe to call more than once.
 *
 * Returns: whether the element can be made by name
 */
gboolean
ingest_look_filter_register (void)
{
  static gsize registered;

  g_return_val_if_fail (gst_is_initialized (), FALSE);

  if (g_once_init_enter (&registered))
    {
      gboolean ok = gst_element_register (NULL, "ingestlook", GST_RANK_NONE,
                                          INGEST_TYPE_LOOK_FILTER);

      g_once_init_leave (&registered, ok ? 1 : 2);
    }
  return registered == 1;
}

/**
 * ingest_look_filter_new:
 * @look: (nullable): the look
 *
 * Returns: (transfer floating): a new "ingestlook" element
 */
GstElement *
ingest_look_filter_new (IngestLook *look)
{
  return g_object_new (INGEST_TYPE_LOOK_FILTER, "look", look, NULL);
}

/**
 * ingest_look_filter_set_look:
 * @look: (nullable): the look; %NULL for none (passthrough)
 */
void
ingest_look_filter_set_look (IngestLookFilter *self,
                             IngestLook       *look)
{
  Plan *plan, *old_plan;
  gboolean changed;

  g_return_if_fail (INGEST_IS_LOOK_FILTER (self));

  /* The tables are made outside the lock: the streaming thread keeps
   * going with the old look meanwhile. */
  plan = plan_new (look);

  GST_OBJECT_LOCK (self);
  changed = self->look != look;
  if (changed)
    {
      g_clear_pointer (&self->look, ingest_look_unref);
      self->look = look != NULL ? ingest_look_ref (look) : NULL;
    }
  old_plan = g_steal_pointer (&self->plan);
  self->plan = plan;
  GST_OBJECT_UNLOCK (self);

  g_clear_pointer (&old_plan, plan_unref);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), plan == NULL);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOK]);
}

/**
 * ingest_look_filter_dup_look:
 *
 * Returns: (transfer full) (nullable): the look
 */
IngestLook *
ingest_look_filter_dup_look (IngestLookFilter *self)
{
  IngestLook *look;

  g_return_val_if_fail (INGEST_IS_LOOK_FILTER (self), NULL);

  GST_OBJECT_LOCK (self);
  look = self->look != NULL ? ingest_look_ref (self->look) : NULL;
  GST_OBJECT_UNLOCK (self);
  return look;
}
