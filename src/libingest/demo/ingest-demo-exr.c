/* ingest-demo-exr.c
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

#define G_LOG_DOMAIN "ingest-demo-exr"

#include "config.h"

#include <string.h>

#include <openexr.h>

#include "ingest-demo-exr.h"

/* Half floats of the bars: 0.05, 0.75 (IEEE 754 binary16). */
#define HALF_LOW  0x2a66
#define HALF_HIGH 0x3a00

typedef struct
{
  char *message;
} WriteState;

static void
write_error (exr_const_context_t ctxt,
             exr_result_t        code,
             const char         *message)
{
  WriteState *state = NULL;

  if (exr_get_user_data (ctxt, (void **) &state) == EXR_ERR_SUCCESS && state != NULL && state->message == NULL)
    state->message = g_strdup (message);
}

/* Half float 1.0: an opaque alpha. */
#define HALF_ONE  0x3c00

/* Planar B, G, R rows of colour bars, then a plane of opaque alpha. */
static guint16 *
make_pixels (guint width,
             guint height,
             guint pattern)
{
  guint16 *pixels = g_new (guint16, (gsize) width * height * 4);

  for (gsize i = (gsize) width * height * 3; i < (gsize) width * height * 4; i++)
    pixels[i] = HALF_ONE;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint bar = (x * 8 / width + pattern) % 8;

        for (guint c = 0; c < 3; c++)   /* B, G, R: bits 0, 1, 2 of the bar */
          pixels[((gsize) c * height + y) * width + x] = (bar >> c) & 1 ? HALF_HIGH : HALF_LOW;
      }
  return pixels;
}

static gboolean
failed (exr_result_t  result,
        WriteState   *state,
        const char   *path,
        GError      **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s: %s", path,
               state->message != NULL ? state->message : exr_get_default_error_message (result));
  return FALSE;
}

static exr_result_t
set_attributes (exr_context_t        ctxt,
                const IngestDemoExr *exr)
{
  exr_result_t result = EXR_ERR_SUCCESS;

  if (exr->has_time_code)
    {
      exr_attr_timecode_t tc = { exr->time_and_flags, exr->user_data };

      result = exr_attr_set_timecode (ctxt, 0, "timeCode", &tc);
    }
  if (result == EXR_ERR_SUCCESS && exr->fps_num != 0)
    {
      exr_attr_rational_t fps = { exr->fps_num, exr->fps_den };

      result = exr_attr_set_rational (ctxt, 0, "framesPerSecond", &fps);
    }
  for (guint i = 0; result == EXR_ERR_SUCCESS && exr->strings != NULL && exr->strings[i].name != NULL; i++)
    result = exr_attr_set_string (ctxt, 0, exr->strings[i].name, exr->strings[i].value);
  for (guint i = 0; result == EXR_ERR_SUCCESS && exr->floats != NULL && exr->floats[i].name != NULL; i++)
    result = exr_attr_set_float (ctxt, 0, exr->floats[i].name, exr->floats[i].value);
  return result;
}

static exr_result_t
write_pixels (exr_context_t        ctxt,
              const IngestDemoExr *exr,
              const guint16       *pixels)
{
  exr_encode_pipeline_t encoder = { 0 };
  gboolean started = FALSE;
  exr_result_t result = EXR_ERR_SUCCESS;
  int32_t lines = 1;

  exr_get_scanlines_per_chunk (ctxt, 0, &lines);
  for (guint y = 0; result == EXR_ERR_SUCCESS && y < exr->height; y += lines)
    {
      exr_chunk_info_t chunk;

      result = exr_write_scanline_chunk_info (ctxt, 0, y, &chunk);
      if (result != EXR_ERR_SUCCESS)
        break;
      result = started ? exr_encoding_update (ctxt, 0, &chunk, &encoder)
                       : exr_encoding_initialize (ctxt, 0, &chunk, &encoder);
      if (result != EXR_ERR_SUCCESS)
        break;
      for (int c = 0; c < encoder.channel_count; c++)
        {
          exr_coding_channel_info_t *channel = &encoder.channels[c];
          guint plane = channel->channel_name[0] == 'B' ? 0 : channel->channel_name[0] == 'R' ? 2
                        : channel->channel_name[0] == 'A' ? 3 : 1;

          channel->encode_from_ptr = (const uint8_t *) (pixels + ((gsize) plane * exr->height + y) * exr->width);
          channel->user_pixel_stride = 2;
          channel->user_line_stride = exr->width * 2;
          channel->user_bytes_per_element = 2;
          channel->user_data_type = EXR_PIXEL_HALF;
        }
      if (!started)
        {
          result = exr_encoding_choose_default_routines (ctxt, 0, &encoder);
          started = TRUE;
        }
      if (result == EXR_ERR_SUCCESS)
        result = exr_encoding_run (ctxt, 0, &encoder);
    }
  if (started)
    exr_encoding_destroy (ctxt, &encoder);
  return result;
}

gboolean
ingest_demo_exr_write (const char           *path,
                       const IngestDemoExr  *exr,
                       GError              **error)
{
  exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
  WriteState state = { NULL };
  exr_context_t ctxt = NULL;
  g_autofree guint16 *pixels = NULL;
  exr_result_t result;
  int part = 0;

  g_return_val_if_fail (exr->width >= 1 && exr->width <= 4096, FALSE);
  g_return_val_if_fail (exr->height >= 1 && exr->height <= 4096, FALSE);

  init.user_data = &state;
  init.error_handler_fn = write_error;
  result = exr_start_write (&ctxt, path, EXR_WRITE_FILE_DIRECTLY, &init);
  if (result != EXR_ERR_SUCCESS)
    {
      gboolean ok = failed (result, &state, path, error);

      g_free (state.message);
      return ok;
    }

  pixels = make_pixels (exr->width, exr->height, exr->pattern);
  result = exr_add_part (ctxt, "", EXR_STORAGE_SCANLINE, &part);
  if (result == EXR_ERR_SUCCESS)
    result = exr_initialize_required_attr_simple (ctxt, 0, exr->width, exr->height, exr->compression);
  /* Float channels are encoded from the same halves (OpenEXR converts). */
  for (guint c = 0; c < (exr->grey ? 1 : 3) && result == EXR_ERR_SUCCESS; c++)
    result = exr_add_channel (ctxt, 0, exr->grey ? "Y" : (const char *[]) { "B", "G", "R" }[c],
                              exr->float_pixels ? EXR_PIXEL_FLOAT : EXR_PIXEL_HALF,
                              exr->float_pixels ? EXR_PERCEPTUALLY_LINEAR : EXR_PERCEPTUALLY_LOGARITHMIC, 1, 1);
  if (result == EXR_ERR_SUCCESS && exr->alpha)
    result = exr_add_channel (ctxt, 0, "A", exr->float_pixels ? EXR_PIXEL_FLOAT : EXR_PIXEL_HALF,
                              EXR_PERCEPTUALLY_LINEAR, 1, 1);
  if (result == EXR_ERR_SUCCESS)
    result = set_attributes (ctxt, exr);
  if (result == EXR_ERR_SUCCESS)
    result = exr_write_header (ctxt);
  if (result == EXR_ERR_SUCCESS)
    result = write_pixels (ctxt, exr, pixels);
  if (result == EXR_ERR_SUCCESS)
    result = exr_finish (&ctxt);
  else
    exr_finish (&ctxt);

  if (result != EXR_ERR_SUCCESS)
    {
      failed (result, &state, path, error);
      g_free (state.message);
      return FALSE;
    }
  g_free (state.message);
  return TRUE;
}
