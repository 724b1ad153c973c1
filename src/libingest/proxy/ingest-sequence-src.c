/* ingest-sequence-src.c
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

#define G_LOG_DOMAIN "ingest-sequence-src"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gst/base/gstpushsrc.h>
#include <gst/video/video.h>
#include <libraw/libraw.h>
#include <openexr.h>

#include "ingest-clip-grouper-private.h"
#include "ingest-gst-init.h"
#include "ingest-proxy-error.h"
#include "ingest-sequence-src.h"

/*
 * A GstPushSrc subclass, registered in-process (no plugin), rather than an
 * appsrc fed from need-data: create() runs on the source's own streaming
 * thread and its flow return ends the stream cleanly (EOS, an error naming
 * the file, flushing), unlock() can stop a decode between EXR chunks or
 * LibRaw stages, and the caps (known from the first frame's header before
 * the pipeline starts) are the element's own, with no queue to size.
 *
 * Display transform for EXR (scene-linear, primaries taken as Rec. 709):
 * each value is clipped to [0, 1] and encoded with the sRGB transfer curve
 * to 8 bits, through a table indexed by the half-float bits. No exposure
 * change and no tone curve: a look (CDL, LUT) is applied later in the
 * pipeline. Raw frames go through LibRaw: camera white balance, sRGB
 * primaries, sRGB curve (gamma 1/2.4, toe 12.92), the file's white level,
 * no auto-brightening (both would flicker frame to frame: they follow each
 * frame's brightest pixels), bilinear demosaic (the proxy is smaller).
 */

/* Declared sizes beyond these are lies or nothing a proxy needs: refused
 * before anything is allocated for them. */
#define MAX_SIDE           16383
#define MAX_PIXELS         (160u * 1000 * 1000)
/* 10 hours at 120 fps: a frame range wider than this is a hostile name. */
#define MAX_FRAMES         (G_GINT64_CONSTANT (10) * 3600 * 120)
/* One EXR chunk (or header attribute) unpacked; beyond, a lie. */
#define MAX_EXR_ALLOCATION (256u * 1024 * 1024)

typedef enum
{
  FRAME_RAW,
  FRAME_EXR,
} FrameFormat;

#define INGEST_TYPE_SEQUENCE_SRC (ingest_sequence_src_get_type ())

G_DECLARE_FINAL_TYPE (IngestSequenceSrc, ingest_sequence_src, INGEST, SEQUENCE_SRC, GstPushSrc)

struct _IngestSequenceSrc
{
  GstPushSrc    parent_instance;

  /* Set by ingest_sequence_src_new(), then only read. */
  GPtrArray    *files;        /* paths in frame order */
  GArray       *numbers;      /* gint64 frame number of each file */
  gint64        first;        /* the first output frame's number */
  gint64        n_frames;     /* frames pushed, missing ones included */
  guint         fps_num;
  guint         fps_den;
  gboolean      half_size;    /* raw frames decoded at half size */
  GstVideoInfo  info;         /* RGB, the first frame's size */

  /* The streaming thread's. */
  gint64        next_frame;   /* index of the next output frame */
  guint         next_file;
  GstBuffer    *previous;     /* the last decoded frame, for missing ones */

  gint          flushing;     /* atomic: unlock() stops a decode */
};

G_DEFINE_FINAL_TYPE (IngestSequenceSrc, ingest_sequence_src, GST_TYPE_PUSH_SRC)

static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("RGB")));

static const char * const raw_suffixes[] = {
  ".dng", ".cr3", ".cr2", ".nef", ".arw", ".raf", ".rw2", ".orf", NULL
};

/* sRGB 8-bit of each half float's bits, scene-linear clipped to [0, 1]. */
static guint8 half_to_srgb[65536];

/* Helpers */

static void
init_half_table (void)
{
  static gsize initialized;

  if (!g_once_init_enter (&initialized))
    return;
  for (guint bits = 0; bits < 65536; bits++)
    {
      guint sign = bits >> 15, exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
      double value, encoded;

      if (exponent == 0)
        value = ldexp (mantissa, -24);
      else if (exponent == 31)
        value = mantissa != 0 ? NAN : INFINITY;
      else
        value = ldexp (mantissa | 0x400, (int) exponent - 25);
      if (sign != 0 && !isnan (value))
        value = -value;

      if (isnan (value) || value <= 0)
        encoded = 0;
      else if (value >= 1)
        encoded = 1;
      else if (value <= 0.0031308)
        encoded = 12.92 * value;
      else
        encoded = 1.055 * pow (value, 1 / 2.4) - 0.055;
      half_to_srgb[bits] = (guint8) lround (encoded * 255);
    }
  g_once_init_leave (&initialized, 1);
}

static gboolean
has_suffix (const char         *path,
            const char * const *suffixes)
{
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (path, suffixes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
frame_format (const char  *path,
              FrameFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".exr"))
    *format = FRAME_EXR;
  else if (has_suffix (lower, raw_suffixes))
    *format = FRAME_RAW;
  else
    return FALSE;
  return TRUE;
}

gboolean
ingest_sequence_src_can_decode (const char *path)
{
  FrameFormat format;

  g_return_val_if_fail (path != NULL, FALSE);
  return frame_format (path, &format);
}

static gboolean
size_is_sane (gint64 width,
              gint64 height)
{
  return width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE &&
         (guint64) width * (guint64) height <= MAX_PIXELS;
}

/* LibRaw and OpenEXR open by name: a FIFO or a device would block there. */
static gboolean
check_regular (const char  *path,
               GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_IO,
                   "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s is not a regular file", path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
stopping (IngestSequenceSrc *self)
{
  return g_atomic_int_get (&self->flushing) != 0;
}

/* LibRaw */

static void
raw_data_error (void       *data,
                const char *file,
                const int   offset)
{
  gboolean *failed = data;

  *failed = TRUE;
}

static int
raw_progress (void                *data,
              enum LibRaw_progress stage,
              int                  iteration,
              int                  expected)
{
  IngestSequenceSrc *self = data;

  /* Non-zero cancels the processing (LIBRAW_CANCELLED_BY_CALLBACK). */
  return self != NULL && stopping (self) ? 1 : 0;
}

/* Opens PATH and checks its declared sizes; with HALF_SIZE set to decide,
 * the output size (after half size and orientation) in WIDTH × HEIGHT. */
static libraw_data_t *
raw_open (const char  *path,
          gboolean     half_size,
          guint       *width,
          guint       *height,
          GError     **error)
{
  libraw_data_t *raw;
  int code;

  if (!check_regular (path, error))
    return NULL;
  raw = libraw_init (0);
  if (raw == NULL)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   "%s: LibRaw could not start", path);
      return NULL;
    }
  code = libraw_open_file (raw, path);
  if (code != LIBRAW_SUCCESS)
    {
      g_set_error (error, INGEST_PROXY_ERROR,
                   code == LIBRAW_FILE_UNSUPPORTED ? INGEST_PROXY_ERROR_NOT_DECODABLE
                                                   : INGEST_PROXY_ERROR_DECODE,
                   "%s: LibRaw: %s", path, libraw_strerror (code));
      libraw_close (raw);
      return NULL;
    }
  if (!size_is_sane (raw->sizes.raw_width, raw->sizes.raw_height) ||
      !size_is_sane (raw->sizes.width, raw->sizes.height))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s: a raw frame of %u × %u pixels cannot be decoded here", path,
                   raw->sizes.raw_width, raw->sizes.raw_height);
      libraw_close (raw);
      return NULL;
    }

  raw->params.half_size = half_size;
  raw->params.output_bps = 8;
  raw->params.output_color = 1;     /* sRGB primaries */
  raw->params.use_camera_wb = 1;
  raw->params.no_auto_bright = 1;
  raw->params.adjust_maximum_thr = 0;   /* the white level is the file's, not each frame's brightest */
  raw->params.gamm[0] = 1 / 2.4;
  raw->params.gamm[1] = 12.92;
  raw->params.user_qual = 0;        /* bilinear: the proxy is smaller anyway */
  if (width != NULL)
    {
      code = libraw_adjust_sizes_info_only (raw);
      if (code != LIBRAW_SUCCESS || !size_is_sane (raw->sizes.iwidth, raw->sizes.iheight))
        {
          g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                       "%s: LibRaw gives no picture size", path);
          libraw_close (raw);
          return NULL;
        }
      *width = raw->sizes.iwidth;
      *height = raw->sizes.iheight;
    }
  return raw;
}

static gboolean
raw_decode (IngestSequenceSrc  *self,
            const char         *path,
            GstBuffer          *buffer,
            GError            **error)
{
  libraw_data_t *raw = raw_open (path, self->half_size, NULL, NULL, error);
  libraw_processed_image_t *image = NULL;
  gboolean data_error = FALSE;
  GstVideoFrame frame;
  int code;

  if (raw == NULL)
    return FALSE;
  libraw_set_progress_handler (raw, raw_progress, self);
  /* LibRaw reads on past a short or corrupt file and only tells here. */
  libraw_set_dataerror_handler (raw, raw_data_error, &data_error);
  code = libraw_unpack (raw);
  if (code == LIBRAW_SUCCESS && !data_error)
    code = libraw_dcraw_process (raw);
  if (code == LIBRAW_SUCCESS && !data_error)
    image = libraw_dcraw_make_mem_image (raw, &code);
  if (data_error)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   "%s: the raw data is short or corrupt", path);
      g_clear_pointer (&image, libraw_dcraw_clear_mem);
      libraw_close (raw);
      return FALSE;
    }
  if (image == NULL || code != LIBRAW_SUCCESS)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   "%s: LibRaw: %s", path, libraw_strerror (code != LIBRAW_SUCCESS ? code : LIBRAW_UNSPECIFIED_ERROR));
      g_clear_pointer (&image, libraw_dcraw_clear_mem);
      libraw_close (raw);
      return FALSE;
    }
  if (image->type != LIBRAW_IMAGE_BITMAP || image->bits != 8 ||
      (image->colors != 3 && image->colors != 1) ||
      image->width != GST_VIDEO_INFO_WIDTH (&self->info) ||
      image->height != GST_VIDEO_INFO_HEIGHT (&self->info) ||
      image->data_size < (guint) image->width * image->height * image->colors)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   "%s: the frame is %u × %u (%u channels), the sequence's first %d × %d", path,
                   image->width, image->height, image->colors,
                   GST_VIDEO_INFO_WIDTH (&self->info), GST_VIDEO_INFO_HEIGHT (&self->info));
      libraw_dcraw_clear_mem (image);
      libraw_close (raw);
      return FALSE;
    }

  gst_video_frame_map (&frame, &self->info, buffer, GST_MAP_WRITE);
  for (guint y = 0; y < image->height; y++)
    {
      guint8 *out = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
      const guint8 *in = image->data + (gsize) y * image->width * image->colors;

      if (image->colors == 3)
        memcpy (out, in, (gsize) image->width * 3);
      else
        for (guint x = 0; x < image->width; x++)
          out[3 * x] = out[3 * x + 1] = out[3 * x + 2] = in[x];
    }
  gst_video_frame_unmap (&frame);
  libraw_dcraw_clear_mem (image);
  libraw_close (raw);
  return TRUE;
}

/* OpenEXR */

typedef struct
{
  char *message;   /* OpenEXR's first error message */
} ExrState;

static void
exr_error (exr_const_context_t ctxt,
           exr_result_t        code,
           const char         *message)
{
  ExrState *state = NULL;

  if (exr_get_user_data (ctxt, (void **) &state) == EXR_ERR_SUCCESS && state != NULL &&
      state->message == NULL)
    state->message = g_strdup (message);
}

static void *
exr_bounded_alloc (size_t size)
{
  return size <= MAX_EXR_ALLOCATION ? g_try_malloc (MAX (size, 1)) : NULL;
}

static void
exr_bounded_free (void *p)
{
  g_free (p);
}

/* An opened frame: the picture is its display window; the channels kept
 * are R, G, B (or Y, grey), each decoded to half floats. */
typedef struct
{
  exr_context_t    ctxt;
  ExrState         state;
  exr_storage_t    storage;
  exr_attr_box2i_t data;
  exr_attr_box2i_t display;
  int              channel[3];   /* index in the channel list of R, G, B; Y thrice */
  const char      *name[3];      /* their names: "R", "G", "B" or "Y" thrice */
} ExrFrame;

static void
exr_frame_clear (ExrFrame *frame)
{
  if (frame->ctxt != NULL)
    exr_finish (&frame->ctxt);
  g_clear_pointer (&frame->state.message, g_free);
}

static gboolean
exr_failed (ExrFrame      *frame,
            const char    *path,
            exr_result_t   result,
            GError       **error)
{
  g_set_error (error, INGEST_PROXY_ERROR,
               result == EXR_ERR_FEATURE_NOT_IMPLEMENTED ? INGEST_PROXY_ERROR_NOT_DECODABLE
               : result == EXR_ERR_OUT_OF_MEMORY ? INGEST_PROXY_ERROR_INVALID
               : INGEST_PROXY_ERROR_DECODE,
               "%s: OpenEXR: %s", path,
               frame->state.message != NULL ? frame->state.message : exr_get_default_error_message (result));
  return FALSE;
}

static gboolean
exr_open (ExrFrame    *frame,
          const char  *path,
          GError     **error)
{
  exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
  const exr_attr_chlist_t *channels = NULL;
  exr_result_t result;

  if (!check_regular (path, error))
    return FALSE;
  init.user_data = &frame->state;
  init.error_handler_fn = exr_error;
  init.alloc_fn = exr_bounded_alloc;
  init.free_fn = exr_bounded_free;
  /* OpenEXR's own size limits stay off: it would refuse a lying window as
   * a malformed header; the window is checked below, before any chunk
   * table or pixel is allocated (OpenEXR reads the table lazily). */
  init.flags = EXR_CONTEXT_FLAG_STRICT_HEADER;

  result = exr_start_read (&frame->ctxt, path, &init);
  if (result == EXR_ERR_SUCCESS)
    result = exr_get_storage (frame->ctxt, 0, &frame->storage);
  if (result == EXR_ERR_SUCCESS)
    result = exr_get_data_window (frame->ctxt, 0, &frame->data);
  if (result == EXR_ERR_SUCCESS)
    result = exr_get_display_window (frame->ctxt, 0, &frame->display);
  if (result == EXR_ERR_SUCCESS)
    result = exr_get_channels (frame->ctxt, 0, &channels);
  if (result != EXR_ERR_SUCCESS)
    return exr_failed (frame, path, result, error);

  if (frame->storage != EXR_STORAGE_SCANLINE && frame->storage != EXR_STORAGE_TILED)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                   "%s: deep EXR frames cannot be decoded here", path);
      return FALSE;
    }
  if (!size_is_sane ((gint64) frame->display.max.x - frame->display.min.x + 1,
                     (gint64) frame->display.max.y - frame->display.min.y + 1) ||
      !size_is_sane ((gint64) frame->data.max.x - frame->data.min.x + 1,
                     (gint64) frame->data.max.y - frame->data.min.y + 1))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s: an EXR frame of (%d %d) - (%d %d) cannot be decoded here", path,
                   frame->display.min.x, frame->display.min.y, frame->display.max.x, frame->display.max.y);
      return FALSE;
    }

  /* The list is sorted by name: B, G, R come before Y, and colour wins. */
  frame->channel[0] = frame->channel[1] = frame->channel[2] = -1;
  for (int i = 0; i < channels->num_channels; i++)
    {
      const exr_attr_chlist_entry_t *entry = &channels->entries[i];
      static const char * const names[] = { "R", "G", "B" };

      if (entry->name.length != 1)
        continue;
      for (guint c = 0; c < 3; c++)
        if (entry->name.str[0] == names[c][0])
          frame->channel[c] = i, frame->name[c] = names[c];
      if (entry->name.str[0] == 'Y' && frame->channel[0] < 0 && frame->channel[1] < 0 && frame->channel[2] < 0)
        for (guint c = 0; c < 3; c++)
          frame->channel[c] = i, frame->name[c] = "Y";
    }
  if (frame->channel[0] < 0 || frame->channel[1] < 0 || frame->channel[2] < 0)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                   "%s: an EXR frame without R, G, B or Y channels cannot be decoded here", path);
      return FALSE;
    }
  for (guint c = 0; c < 3; c++)
    {
      const exr_attr_chlist_entry_t *entry = &channels->entries[frame->channel[c]];

      if (entry->x_sampling != 1 || entry->y_sampling != 1 ||
          (entry->pixel_type != EXR_PIXEL_HALF && entry->pixel_type != EXR_PIXEL_FLOAT))
        {
          g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                       "%s: EXR channels that are subsampled or integers cannot be decoded here", path);
          return FALSE;
        }
    }
  return TRUE;
}

/* Copies the decoded CHUNK (three planes of half floats, WIDTH × HEIGHT,
 * at X0, Y0 in the file's coordinates) into the display window of FRAME. */
static void
exr_put_chunk (const ExrFrame *exr,
               GstVideoFrame  *frame,
               const guint16  *planes,
               int             x0,
               int             y0,
               int             width,
               int             height)
{
  gsize plane = (gsize) width * height;
  int from_x = MAX (x0, exr->display.min.x);
  int to_x = MIN (x0 + width - 1, exr->display.max.x);

  for (int row = 0; row < height; row++)
    {
      int y = y0 + row;
      guint8 *out;

      if (y < exr->display.min.y || y > exr->display.max.y || from_x > to_x)
        continue;
      out = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, 0) +
            (gsize) (y - exr->display.min.y) * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0) +
            (gsize) (from_x - exr->display.min.x) * 3;
      for (int x = from_x; x <= to_x; x++)
        {
          gsize at = (gsize) row * width + (x - x0);

          *out++ = half_to_srgb[planes[at]];
          *out++ = half_to_srgb[planes[plane + at]];
          *out++ = half_to_srgb[planes[2 * plane + at]];
        }
    }
}

static exr_result_t
exr_decode_chunk (ExrFrame              *exr,
                  exr_decode_pipeline_t *decoder,
                  gboolean              *started,
                  const exr_chunk_info_t *chunk,
                  guint16               *planes)
{
  gsize plane = (gsize) chunk->width * chunk->height;
  exr_result_t result;

  result = *started ? exr_decoding_update (exr->ctxt, 0, chunk, decoder)
                    : exr_decoding_initialize (exr->ctxt, 0, chunk, decoder);
  if (result != EXR_ERR_SUCCESS)
    return result;
  for (int i = 0; i < decoder->channel_count; i++)
    {
      exr_coding_channel_info_t *channel = &decoder->channels[i];
      int c;

      channel->decode_to_ptr = NULL;
      for (c = 0; c < 3 && strcmp (channel->channel_name, exr->name[c]) != 0; c++)
        ;
      if (c == 3)
        continue;
      channel->decode_to_ptr = (uint8_t *) (planes + c * plane);
      channel->user_pixel_stride = 2;
      channel->user_line_stride = 2 * chunk->width;
      channel->user_bytes_per_element = 2;
      channel->user_data_type = EXR_PIXEL_HALF;
    }
  if (!*started)
    {
      result = exr_decoding_choose_default_routines (exr->ctxt, 0, decoder);
      if (result != EXR_ERR_SUCCESS)
        return result;
      *started = TRUE;
    }
  result = exr_decoding_run (exr->ctxt, 0, decoder);
  if (result != EXR_ERR_SUCCESS)
    return result;

  /* Grey: Y was decoded once, into the first plane. */
  if (exr->channel[0] == exr->channel[1])
    {
      memcpy (planes + plane, planes, plane * 2);
      memcpy (planes + 2 * plane, planes, plane * 2);
    }
  return EXR_ERR_SUCCESS;
}

static gboolean
exr_decode (IngestSequenceSrc  *self,
            const char         *path,
            GstBuffer          *buffer,
            GError            **error)
{
  ExrFrame exr = { NULL };
  exr_decode_pipeline_t decoder = EXR_DECODE_PIPELINE_INITIALIZER;
  gboolean started = FALSE;
  g_autofree guint16 *planes = NULL;
  exr_result_t result = EXR_ERR_SUCCESS;
  GstVideoFrame frame;
  gint64 chunk_pixels;
  int width, height, tile_w = 0, tile_h = 0, lines = 0;
  gboolean ok = TRUE;

  if (!exr_open (&exr, path, error))
    {
      exr_frame_clear (&exr);
      return FALSE;
    }
  width = exr.display.max.x - exr.display.min.x + 1;
  height = exr.display.max.y - exr.display.min.y + 1;
  if (width != GST_VIDEO_INFO_WIDTH (&self->info) || height != GST_VIDEO_INFO_HEIGHT (&self->info))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_DECODE,
                   "%s: the frame is %d × %d, the sequence's first %d × %d", path, width, height,
                   GST_VIDEO_INFO_WIDTH (&self->info), GST_VIDEO_INFO_HEIGHT (&self->info));
      exr_frame_clear (&exr);
      return FALSE;
    }

  if (exr.storage == EXR_STORAGE_TILED)
    result = exr_get_tile_sizes (exr.ctxt, 0, 0, 0, &tile_w, &tile_h);
  else
    result = exr_get_scanlines_per_chunk (exr.ctxt, 0, &lines);
  if (result != EXR_ERR_SUCCESS)
    {
      exr_failed (&exr, path, result, error);
      exr_frame_clear (&exr);
      return FALSE;
    }
  chunk_pixels = exr.storage == EXR_STORAGE_TILED ? (gint64) tile_w * tile_h
                                                  : (gint64) (exr.data.max.x - exr.data.min.x + 1) * lines;
  if (chunk_pixels < 1 || chunk_pixels * 3 * 2 > MAX_EXR_ALLOCATION)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s: EXR chunks of %" G_GINT64_FORMAT " pixels cannot be decoded here", path, chunk_pixels);
      exr_frame_clear (&exr);
      return FALSE;
    }
  planes = g_try_malloc (chunk_pixels * 3 * 2);
  if (planes == NULL)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s: no memory for an EXR chunk", path);
      exr_frame_clear (&exr);
      return FALSE;
    }

  gst_video_frame_map (&frame, &self->info, buffer, GST_MAP_WRITE);
  /* What the data window leaves uncovered is black. */
  for (int y = 0; y < height; y++)
    memset ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            0, (gsize) width * 3);

  if (exr.storage == EXR_STORAGE_TILED)
    {
      gint64 data_w = (gint64) exr.data.max.x - exr.data.min.x + 1;
      gint64 data_h = (gint64) exr.data.max.y - exr.data.min.y + 1;
      int tiles_x = (int) ((data_w + tile_w - 1) / tile_w);
      int tiles_y = (int) ((data_h + tile_h - 1) / tile_h);

      /* Level 0 only: a mip-mapped file's full resolution. */
      for (int ty = 0; ty < tiles_y && result == EXR_ERR_SUCCESS; ty++)
        for (int tx = 0; tx < tiles_x && result == EXR_ERR_SUCCESS; tx++)
          {
            exr_chunk_info_t chunk;

            if (stopping (self))
              break;
            result = exr_read_tile_chunk_info (exr.ctxt, 0, tx, ty, 0, 0, &chunk);
            if (result == EXR_ERR_SUCCESS)
              result = exr_decode_chunk (&exr, &decoder, &started, &chunk, planes);
            if (result == EXR_ERR_SUCCESS)
              exr_put_chunk (&exr, &frame, planes, exr.data.min.x + tx * tile_w,
                             exr.data.min.y + ty * tile_h, chunk.width, chunk.height);
          }
    }
  else
    {
      for (gint64 y = exr.data.min.y; y <= exr.data.max.y && result == EXR_ERR_SUCCESS; y += lines)
        {
          exr_chunk_info_t chunk;

          if (stopping (self))
            break;
          result = exr_read_scanline_chunk_info (exr.ctxt, 0, (int) y, &chunk);
          if (result == EXR_ERR_SUCCESS)
            result = exr_decode_chunk (&exr, &decoder, &started, &chunk, planes);
          if (result == EXR_ERR_SUCCESS)
            exr_put_chunk (&exr, &frame, planes, exr.data.min.x, chunk.start_y, chunk.width, chunk.height);
        }
    }
  gst_video_frame_unmap (&frame);

  if (result != EXR_ERR_SUCCESS)
    ok = exr_failed (&exr, path, result, error);
  if (started)
    exr_decoding_destroy (exr.ctxt, &decoder);
  exr_frame_clear (&exr);
  return ok;
}

/* The streaming thread */

static GstBuffer *
decode_file (IngestSequenceSrc *self,
             guint              index)
{
  const char *path = g_ptr_array_index (self->files, index);
  g_autoptr(GError) error = NULL;
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&self->info), NULL);
  FrameFormat format;
  gboolean ok;

  if (buffer == NULL)
    {
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT, ("%s: no memory for a frame", path), (NULL));
      return NULL;
    }
  if (!frame_format (path, &format))
    g_assert_not_reached ();   /* checked by ingest_sequence_src_new() */
  ok = format == FRAME_RAW ? raw_decode (self, path, buffer, &error)
                           : exr_decode (self, path, buffer, &error);
  if (!ok || stopping (self))
    {
      gst_buffer_unref (buffer);
      if (!stopping (self))
        GST_ELEMENT_ERROR (self, STREAM, DECODE, ("%s", error->message),
                           ("frame %u of %u: %s", index + 1, self->files->len, path));
      return NULL;
    }
  return buffer;
}

static GstFlowReturn
ingest_sequence_src_create (GstPushSrc  *src,
                            GstBuffer  **out)
{
  IngestSequenceSrc *self = INGEST_SEQUENCE_SRC (src);
  gint64 number = self->first + self->next_frame;
  GstBuffer *buffer = NULL;
  GstClockTime pts, end;

  if (self->next_frame >= self->n_frames)
    return GST_FLOW_EOS;

  if (self->next_file < self->files->len &&
      g_array_index (self->numbers, gint64, self->next_file) == number)
    {
      buffer = decode_file (self, self->next_file);
      if (buffer == NULL)
        return stopping (self) ? GST_FLOW_FLUSHING : GST_FLOW_ERROR;
      self->next_file++;
      gst_clear_buffer (&self->previous);
      self->previous = gst_buffer_ref (buffer);
    }
  else if (self->previous != NULL)
    {
      /* A missing frame holds the previous one (its memory shared). */
      buffer = gst_buffer_copy (self->previous);
    }
  else
    {
      /* Frames missing before the first file hold the first file. */
      buffer = decode_file (self, self->next_file);
      if (buffer == NULL)
        return stopping (self) ? GST_FLOW_FLUSHING : GST_FLOW_ERROR;
      self->previous = gst_buffer_ref (buffer);
    }

  buffer = gst_buffer_make_writable (buffer);
  pts = gst_util_uint64_scale (self->next_frame, GST_SECOND * self->fps_den, self->fps_num);
  end = gst_util_uint64_scale (self->next_frame + 1, GST_SECOND * self->fps_den, self->fps_num);
  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DTS (buffer) = pts;
  GST_BUFFER_DURATION (buffer) = end - pts;
  GST_BUFFER_OFFSET (buffer) = self->next_frame;
  GST_BUFFER_OFFSET_END (buffer) = self->next_frame + 1;
  self->next_frame++;
  *out = buffer;
  return GST_FLOW_OK;
}

/* GstBaseSrc */

static GstCaps *
ingest_sequence_src_get_caps (GstBaseSrc *src,
                              GstCaps    *filter)
{
  IngestSequenceSrc *self = INGEST_SEQUENCE_SRC (src);
  GstCaps *caps = gst_video_info_to_caps (&self->info);

  if (filter != NULL)
    {
      GstCaps *both = gst_caps_intersect_full (filter, caps, GST_CAPS_INTERSECT_FIRST);

      gst_caps_unref (caps);
      caps = both;
    }
  return caps;
}

static gboolean
ingest_sequence_src_start (GstBaseSrc *src)
{
  IngestSequenceSrc *self = INGEST_SEQUENCE_SRC (src);

  self->next_frame = 0;
  self->next_file = 0;
  gst_clear_buffer (&self->previous);
  g_atomic_int_set (&self->flushing, 0);
  return TRUE;
}

static gboolean
ingest_sequence_src_stop (GstBaseSrc *src)
{
  IngestSequenceSrc *self = INGEST_SEQUENCE_SRC (src);

  gst_clear_buffer (&self->previous);
  return TRUE;
}

static gboolean
ingest_sequence_src_unlock (GstBaseSrc *src)
{
  g_atomic_int_set (&INGEST_SEQUENCE_SRC (src)->flushing, 1);
  return TRUE;
}

static gboolean
ingest_sequence_src_unlock_stop (GstBaseSrc *src)
{
  g_atomic_int_set (&INGEST_SEQUENCE_SRC (src)->flushing, 0);
  return TRUE;
}

static gboolean
ingest_sequence_src_is_seekable (GstBaseSrc *src)
{
  return FALSE;
}

static gboolean
ingest_sequence_src_query (GstBaseSrc *src,
                           GstQuery   *query)
{
  IngestSequenceSrc *self = INGEST_SEQUENCE_SRC (src);
  GstFormat format;

  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION)
    {
      gst_query_parse_duration (query, &format, NULL);
      if (format == GST_FORMAT_TIME)
        {
          gst_query_set_duration (query, format,
                                  gst_util_uint64_scale (self->n_frames, GST_SECOND * self->fps_den, self->fps_num));
          return TRUE;
        }
      if (format == GST_FORMAT_DEFAULT)
        {
          gst_query_set_duration (query, format, self->n_frames);
          return TRUE;
        }
    }
  return GST_BASE_SRC_CLASS (ingest_sequence_src_parent_class)->query (src, query);
}

/* GObject */

static void
ingest_sequence_src_finalize (GObject *object)
{
  IngestSequenceSrc *self = INGEST_SEQUENCE_SRC (object);

  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->numbers, g_array_unref);
  gst_clear_buffer (&self->previous);

  G_OBJECT_CLASS (ingest_sequence_src_parent_class)->finalize (object);
}

static void
ingest_sequence_src_class_init (IngestSequenceSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_src_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_src_class = GST_PUSH_SRC_CLASS (klass);

  object_class->finalize = ingest_sequence_src_finalize;

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Ingest frame sequence source",
                                         "Source/Video",
                                         "Decodes a clip's DNG (LibRaw) or EXR (OpenEXR) frames in order",
                                         "The Ingest Station authors");

  base_src_class->get_caps = ingest_sequence_src_get_caps;
  base_src_class->start = ingest_sequence_src_start;
  base_src_class->stop = ingest_sequence_src_stop;
  base_src_class->unlock = ingest_sequence_src_unlock;
  base_src_class->unlock_stop = ingest_sequence_src_unlock_stop;
  base_src_class->is_seekable = ingest_sequence_src_is_seekable;
  base_src_class->query = ingest_sequence_src_query;
  push_src_class->create = ingest_sequence_src_create;
}

static void
ingest_sequence_src_init (IngestSequenceSrc *self)
{
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (self), FALSE);
}

/* Public API */

/* Numbers each file as the grouper does; files whose names carry no
 * increasing numbers are numbered in order from FIRST. */
static void
number_files (IngestSequenceSrc       *self,
              const IngestProxySource *source)
{
  gboolean numbered = TRUE;
  gint64 last_file;

  for (guint i = 0; i < self->files->len; i++)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (self->files, i));
      gint64 number;
      gsize prefix_len;

      if (numbered && _ingest_clip_grouper_parse_frame_number (name, &number, &prefix_len) &&
          (i == 0 || number > g_array_index (self->numbers, gint64, i - 1)))
        g_array_append_val (self->numbers, number);
      else
        numbered = FALSE;
    }
  if (!numbered || source->kind != INGEST_CLIP_KIND_SEQUENCE)
    {
      g_array_set_size (self->numbers, 0);
      for (guint i = 0; i < self->files->len; i++)
        {
          gint64 number = i;

          g_array_append_val (self->numbers, number);
        }
      self->first = 0;
      self->n_frames = self->files->len;
      return;
    }

  /* The clip's range, widened to its files: frames in it without a file
   * are the missing ones. */
  self->first = g_array_index (self->numbers, gint64, 0);
  last_file = g_array_index (self->numbers, gint64, self->numbers->len - 1);
  if (source->frame_last >= source->frame_first && source->frame_first >= 0)
    {
      self->first = MIN (self->first, source->frame_first);
      self->n_frames = MAX (last_file, source->frame_last) - self->first + 1;
    }
  else
    {
      self->n_frames = last_file - self->first + 1;
    }
}

/**
 * ingest_sequence_src_new:
 * @source: a %INGEST_CLIP_KIND_SEQUENCE clip of DNG or EXR frames (or a
 *   %INGEST_CLIP_KIND_STILL: one frame)
 * @max_width: the largest width the consumer needs (the proxy preset's):
 *   raw frames may be decoded at half size when that is still larger
 * @error: %INGEST_PROXY_ERROR_NOT_DECODABLE for frames nothing here reads,
 *   %INGEST_PROXY_ERROR_INVALID for facts that cannot be a picture
 *
 * Reads the first frame's header here (the caps are its size); each frame
 * is decoded when the pipeline pulls it.
 *
 * Returns: (transfer floating): the element, or %NULL with @error
 */
GstElement *
ingest_sequence_src_new (const IngestProxySource  *source,
                         guint                     max_width,
                         GError                  **error)
{
  g_autoptr(IngestSequenceSrc) self = NULL;
  const char *first_path, *first_ext;
  FrameFormat format;
  guint width = 0, height = 0;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source->kind != INGEST_CLIP_KIND_SEQUENCE && source->kind != INGEST_CLIP_KIND_STILL)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                   "%s is not a frame sequence", source->clip_name);
      return NULL;
    }
  if (source->files == NULL || source->files[0] == NULL)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s has no frames", source->clip_name);
      return NULL;
    }
  if ((source->width != 0 || source->height != 0) && !size_is_sane (source->width, source->height))
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s: frames of %u × %u pixels cannot be decoded here",
                   source->clip_name, source->width, source->height);
      return NULL;
    }
  if (!frame_format (source->files[0], &format))
    {
      g_autofree char *base = g_path_get_basename (source->files[0]);
      const char *dot = strrchr (base, '.');
      g_autofree char *kind = g_ascii_strup (dot != NULL ? dot + 1 : base, -1);

      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_NOT_DECODABLE,
                   "%s frames cannot be decoded here (%s)", kind, base);
      return NULL;
    }

  ingest_init_gstreamer ();
  init_half_table ();
  self = g_object_ref_sink (g_object_new (INGEST_TYPE_SEQUENCE_SRC, NULL));
  self->files = g_ptr_array_new_with_free_func (g_free);
  /* The frames are the files of the first one's kind: a clip folder's
   * other files (a CinemaDNG folder's WAV, XML sidecars) follow them. */
  first_ext = strrchr (source->files[0], '.');
  for (guint i = 0; source->files[i] != NULL; i++)
    {
      const char *ext = strrchr (source->files[i], '.');

      if (ext != NULL && g_ascii_strcasecmp (ext, first_ext) == 0)
        g_ptr_array_add (self->files, g_strdup (source->files[i]));
      else
        g_debug ("%s: %s is not one of its frames", source->clip_name, source->files[i]);
    }
  self->numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  number_files (self, source);
  if (self->n_frames < 1 || self->n_frames > MAX_FRAMES)
    {
      g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_INVALID,
                   "%s: a range of %" G_GINT64_FORMAT " frames cannot be a clip",
                   source->clip_name, self->n_frames);
      return NULL;
    }

  if (source->fps_num != 0 && source->fps_den != 0 &&
      (double) source->fps_num / source->fps_den <= 1000)
    {
      self->fps_num = source->fps_num;
      self->fps_den = source->fps_den;
    }
  else
    {
      self->fps_num = 24;
      self->fps_den = 1;
    }

  /* The first frame's header gives the caps. */
  first_path = g_ptr_array_index (self->files, 0);
  frame_format (first_path, &format);
  if (format == FRAME_RAW)
    {
      libraw_data_t *raw = raw_open (first_path, FALSE, &width, &height, error);

      if (raw == NULL)
        return NULL;
      libraw_close (raw);
      self->half_size = max_width > 0 && width / 2 >= max_width;
      if (self->half_size)
        {
          raw = raw_open (first_path, TRUE, &width, &height, error);
          if (raw == NULL)
            return NULL;
          libraw_close (raw);
        }
    }
  else
    {
      ExrFrame exr = { NULL };
      gboolean ok = exr_open (&exr, first_path, error);

      width = exr.display.max.x - exr.display.min.x + 1;
      height = exr.display.max.y - exr.display.min.y + 1;
      exr_frame_clear (&exr);
      if (!ok)
        return NULL;
    }

  gst_video_info_set_format (&self->info, GST_VIDEO_FORMAT_RGB, width, height);
  GST_VIDEO_INFO_FPS_N (&self->info) = self->fps_num;
  GST_VIDEO_INFO_FPS_D (&self->info) = self->fps_den;
  GST_VIDEO_INFO_PAR_N (&self->info) = 1;
  GST_VIDEO_INFO_PAR_D (&self->info) = 1;
  /* Transfer and primaries are sRGB; full range, as RGB is. */
  self->info.colorimetry.range = GST_VIDEO_COLOR_RANGE_0_255;
  self->info.colorimetry.matrix = GST_VIDEO_COLOR_MATRIX_RGB;
  self->info.colorimetry.transfer = GST_VIDEO_TRANSFER_SRGB;
  self->info.colorimetry.primaries = GST_VIDEO_COLOR_PRIMARIES_BT709;

  /* Floating, as a fresh element is. */
  g_object_force_floating (G_OBJECT (self));
  return GST_ELEMENT (g_steal_pointer (&self));
}
