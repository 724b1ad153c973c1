/* ingest-box-scale.c
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

#define G_LOG_DOMAIN "ingest-box-scale"

#include "config.h"

#include <string.h>

#include <gst/video/video.h>

#include "ingest-box-scale.h"

/*
 * Why: GStreamer 1.22's video converter unpacks a 10-bit picture to 16 bits
 * per component at full size before it scales, which for 1080p ProRes costs
 * as much as decoding it (measured: 2 s of CPU per 250 frames). A box mean
 * over 2×2 (or 4×4) samples, read straight from the planes, is a few
 * additions per output sample and is what "area" scaling does at an
 * integer ratio.
 */

struct _IngestBoxScale
{
  GstVideoFilter parent_instance;

  /* Set before the pipeline runs. */
  guint          max_width;
  guint          max_height;
  double         squeeze;
};

G_DEFINE_FINAL_TYPE (IngestBoxScale, ingest_box_scale, GST_TYPE_VIDEO_FILTER)

enum {
  PROP_0,
  PROP_MAX_WIDTH,
  PROP_MAX_HEIGHT,
  PROP_SQUEEZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_box_format (const char *format)
{
  static const char * const formats[] = {
    "I420", "Y42B", "Y444", "I420_10LE", "I422_10LE", "Y444_10LE",
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (format, formats[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The factor (4, 2, or 1 for none) a WIDTH × HEIGHT picture can be divided
 * by and still hold every pixel of the fitted proxy, the maker's fit: the
 * display width (pixel aspect × squeeze) and the height scaled by one
 * factor to fit inside max width × max height, never enlarged. */
static guint
box_factor (IngestBoxScale *self,
            int             width,
            int             height,
            int             par_n,
            int             par_d)
{
  double display_w = (double) width * par_n / par_d * self->squeeze;
  double scale, fit_w, fit_h;

  if (width <= 0 || height <= 0 || display_w <= 0 || self->max_width == 0 || self->max_height == 0)
    return 1;
  scale = MIN (1.0, MIN (self->max_width / display_w, (double) self->max_height / height));
  fit_w = display_w * scale;
  fit_h = height * scale;
  for (guint f = 4; f >= 2; f /= 2)
    /* Divisible by 2 f: the chroma planes divide exactly too. */
    if (width % (2 * f) == 0 && height % (2 * f) == 0 &&
        (double) width / f >= fit_w - 0.5 && (double) height / f >= fit_h - 0.5)
      return f;
  return 1;
}

static GstCaps *
ingest_box_scale_transform_caps (GstBaseTransform *trans,
                                 GstPadDirection   direction,
                                 GstCaps          *caps,
                                 GstCaps          *filter)
{
  IngestBoxScale *self = INGEST_BOX_SCALE (trans);
  GstCaps *result = gst_caps_new_empty ();

  for (guint i = 0; i < gst_caps_get_size (caps); i++)
    {
      const GstStructure *s = gst_caps_get_structure (caps, i);
      GstCapsFeatures *features = gst_caps_get_features (caps, i);
      GstStructure *out;

      if (direction == GST_PAD_SRC)
        {
          /* Upstream may offer anything: what it gives decides. */
          out = gst_structure_copy (s);
          gst_structure_remove_fields (out, "format", "width", "height", "chroma-site", NULL);
          gst_caps_append_structure_full (result, out, gst_caps_features_copy (features));
          continue;
        }

      {
        const char *format = gst_structure_get_string (s, "format");
        const char *interlace = gst_structure_get_string (s, "interlace-mode");
        int w = 0, h = 0, par_n = 1, par_d = 1;
        guint f = 1;

        if (format != NULL && is_box_format (format) &&
            (interlace == NULL || g_str_equal (interlace, "progressive")) &&
            gst_structure_get_int (s, "width", &w) && gst_structure_get_int (s, "height", &h))
          {
            if (!gst_structure_get_fraction (s, "pixel-aspect-ratio", &par_n, &par_d) ||
                par_n <= 0 || par_d <= 0)
              par_n = par_d = 1;
            f = box_factor (self, w, h, par_n, par_d);
          }
        if (f > 1)
          {
            out = gst_structure_copy (s);
            gst_structure_set (out,
                               "format", G_TYPE_STRING, "I420",
                               "width", G_TYPE_INT, w / (int) f,
                               "height", G_TYPE_INT, h / (int) f,
                               NULL);
            /* The mean of a box sits at its centre. */
            gst_structure_set (out, "chroma-site", G_TYPE_STRING, "jpeg", NULL);
            gst_caps_append_structure_full (result, out, gst_caps_features_copy (features));
          }
        else
          gst_caps_append_structure_full (result, gst_structure_copy (s),
                                          gst_caps_features_copy (features));
      }
    }

  if (filter != NULL)
    {
      GstCaps *filtered = gst_caps_intersect_full (filter, result, GST_CAPS_INTERSECT_FIRST);

      gst_caps_unref (result);
      result = filtered;
    }
  return result;
}

/* Mean of BX × BY samples per output sample of one plane; SHIFT divides
 * the sum (log2 of the box, plus 2 from 10 to 8 bits). Always inlined: the
 * callers below pass constant boxes, so each becomes a loop the compiler
 * unrolls and vectorises (the generic loop cost as much as x264). */
static inline __attribute__ ((always_inline)) void
box_plane (const guint8 *in,
           int           in_stride,
           gboolean      ten_bit,
           guint8       *out,
           int           out_stride,
           int           out_w,
           int           out_h,
           guint         bx,
           guint         by,
           guint         shift)
{
  guint32 round = 1u << (shift - 1);

  for (int y = 0; y < out_h; y++)
    {
      guint8 *dst = out + (gsize) y * out_stride;
      const guint8 *top = in + (gsize) y * by * in_stride;

      for (int x = 0; x < out_w; x++)
        {
          guint32 sum = 0;

          for (guint j = 0; j < by; j++)
            {
              if (ten_bit)
                {
                  const guint16 *row = (const guint16 *) (top + (gsize) j * in_stride) + (gsize) x * bx;

                  for (guint i = 0; i < bx; i++)
                    sum += row[i];  /* ≤ 32 × 65535: no overflow, clamped below */
                }
              else
                {
                  const guint8 *row = top + (gsize) j * in_stride + (gsize) x * bx;

                  for (guint i = 0; i < bx; i++)
                    sum += row[i];
                }
            }
          dst[x] = (guint8) MIN ((sum + round) >> shift, 255u);
        }
    }
}

/* The boxes a halving or quartering of 4:2:0, 4:2:2 and 4:4:4 planes
 * gives, each with constants the compiler can specialise. */
#define BOX_CASE(BX, BY)                                                              \
  case ((BX) << 4) | (BY):                                                            \
    if (ten_bit)                                                                      \
      box_plane (in, in_stride, TRUE, out, out_stride, out_w, out_h, BX, BY, shift);  \
    else                                                                              \
      box_plane (in, in_stride, FALSE, out, out_stride, out_w, out_h, BX, BY, shift); \
    break;

/* O3: GCC 12 vectorises these loops only there (the build is O2). */
static __attribute__ ((optimize ("O3"))) void
box_plane_any (const guint8 *in,
               int           in_stride,
               gboolean      ten_bit,
               guint8       *out,
               int           out_stride,
               int           out_w,
               int           out_h,
               guint         bx,
               guint         by)
{
  guint shift = MAX ((guint) g_bit_storage (bx * by) - 1 + (ten_bit ? 2 : 0), 1);

  switch ((bx << 4) | by)
    {
    BOX_CASE (2, 2)
    BOX_CASE (2, 4)
    BOX_CASE (4, 4)
    BOX_CASE (4, 8)
    BOX_CASE (8, 8)
    default:
      box_plane (in, in_stride, ten_bit, out, out_stride, out_w, out_h, bx, by, shift);
      break;
    }
}

#undef BOX_CASE

static GstFlowReturn
ingest_box_scale_transform_frame (GstVideoFilter *filter,
                                  GstVideoFrame  *in,
                                  GstVideoFrame  *out)
{
  gboolean ten_bit = GST_VIDEO_FRAME_COMP_DEPTH (in, 0) > 8;

  for (guint c = 0; c < 3; c++)
    {
      int in_w = GST_VIDEO_FRAME_COMP_WIDTH (in, c);
      int in_h = GST_VIDEO_FRAME_COMP_HEIGHT (in, c);
      int out_w = GST_VIDEO_FRAME_COMP_WIDTH (out, c);
      int out_h = GST_VIDEO_FRAME_COMP_HEIGHT (out, c);
      guint bx, by;

      if (out_w <= 0 || out_h <= 0 || in_w % out_w != 0 || in_h % out_h != 0)
        {
          GST_ELEMENT_ERROR (filter, CORE, NEGOTIATION, (NULL),
                             ("plane %u: %d×%d is not a whole multiple of %d×%d", c, in_w, in_h, out_w, out_h));
          return GST_FLOW_ERROR;
        }
      bx = in_w / out_w;
      by = in_h / out_h;
      box_plane_any (GST_VIDEO_FRAME_COMP_DATA (in, c), GST_VIDEO_FRAME_COMP_STRIDE (in, c), ten_bit,
                     GST_VIDEO_FRAME_COMP_DATA (out, c), GST_VIDEO_FRAME_COMP_STRIDE (out, c),
                     out_w, out_h, bx, by);
    }
  return GST_FLOW_OK;
}

static void
ingest_box_scale_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IngestBoxScale *self = INGEST_BOX_SCALE (object);

  switch (prop_id)
    {
    case PROP_MAX_WIDTH:
      g_value_set_uint (value, self->max_width);
      break;
    case PROP_MAX_HEIGHT:
      g_value_set_uint (value, self->max_height);
      break;
    case PROP_SQUEEZE:
      g_value_set_double (value, self->squeeze);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_box_scale_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IngestBoxScale *self = INGEST_BOX_SCALE (object);

  switch (prop_id)
    {
    case PROP_MAX_WIDTH:
      self->max_width = g_value_get_uint (value);
      break;
    case PROP_MAX_HEIGHT:
      self->max_height = g_value_get_uint (value);
      break;
    case PROP_SQUEEZE:
      self->squeeze = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_box_scale_class_init (IngestBoxScaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);
  /* Any raw video links: what it cannot box it passes through. */
  g_autoptr(GstCaps) sink_caps = gst_caps_from_string ("video/x-raw");
  g_autoptr(GstCaps) src_caps = gst_caps_from_string ("video/x-raw");

  object_class->get_property = ingest_box_scale_get_property;
  object_class->set_property = ingest_box_scale_set_property;

  properties[PROP_MAX_WIDTH] =
    g_param_spec_uint ("max-width", NULL, NULL, 0, 16384, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_HEIGHT] =
    g_param_spec_uint ("max-height", NULL, NULL, 0, 16384, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SQUEEZE] =
    g_param_spec_double ("squeeze", NULL, NULL, 0.1, 10.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_set_static_metadata (element_class, "Ingest box scale", "Filter/Converter/Video/Scaler",
                                         "Halves or quarters a large YUV picture by box means, to 8-bit I420",
                                         "The Ingest Station authors");
  gst_element_class_add_pad_template (element_class,
                                      gst_pad_template_new ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, sink_caps));
  gst_element_class_add_pad_template (element_class,
                                      gst_pad_template_new ("src", GST_PAD_SRC, GST_PAD_ALWAYS, src_caps));

  trans_class->transform_caps = ingest_box_scale_transform_caps;
  trans_class->passthrough_on_same_caps = TRUE;
  filter_class->transform_frame = ingest_box_scale_transform_frame;
}

static void
ingest_box_scale_init (IngestBoxScale *self)
{
  self->squeeze = 1.0;
}

/**
 * ingest_box_scale_register:
 *
 * Registers "ingestboxscale" for this process; call after gst_init().
 * Safe to call more than once.
 *
 * Returns: whether the element can be made by name
 */
gboolean
ingest_box_scale_register (void)
{
  static gsize registered;

  g_return_val_if_fail (gst_is_initialized (), FALSE);

  if (g_once_init_enter (&registered))
    {
      gboolean ok = gst_element_register (NULL, "ingestboxscale", GST_RANK_NONE,
                                          INGEST_TYPE_BOX_SCALE);

      g_once_init_leave (&registered, ok ? 1 : 2);
    }
  return registered == 1;
}

/**
 * ingest_box_scale_new:
 * @max_width: the proxy's largest width
 * @max_height: its largest height
 * @squeeze: the anamorphic squeeze the maker applies on top of the pixel
 *   aspect (1.0 for none)
 *
 * Returns: (transfer floating): a new "ingestboxscale" element
 */
GstElement *
ingest_box_scale_new (guint  max_width,
                      guint  max_height,
                      double squeeze)
{
  return g_object_new (INGEST_TYPE_BOX_SCALE,
                       "max-width", max_width,
                       "max-height", max_height,
                       "squeeze", squeeze > 0 ? squeeze : 1.0,
                       NULL);
}
