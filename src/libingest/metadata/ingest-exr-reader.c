/* ingest-exr-reader.c
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
#include <stdio.h>
#include <string.h>

#include <openexr.h>

#include "ingest-exr-reader.h"

/* No header attribute the reader keeps needs more; a bigger one is a lie. */
#define MAX_ALLOCATION   (16u * 1024 * 1024)
/* Larger windows are refused by OpenEXR before any chunk table is sized. */
#define MAX_IMAGE_SIDE   (1 << 16)
/* An attribute's text in the inspector; longer values are cut there. */
#define MAX_ATTRIBUTE_TEXT 4096
#define MAX_LIST_ITEMS   64

struct _IngestExrReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestExrReader, ingest_exr_reader, INGEST_TYPE_METADATA_READER)

typedef struct
{
  IngestByteSource *source;
  GError           *read_error;   /* the byte source's own error, if it failed */
  char             *message;      /* OpenEXR's first error message */
} Stream;

static const char * const compression_names[] = {
  "none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab",
};

static int64_t
stream_read (exr_const_context_t         ctxt,
             void                       *user_data,
             void                       *buffer,
             uint64_t                    size,
             uint64_t                    offset,
             exr_stream_error_func_ptr_t error_cb)
{
  Stream *stream = user_data;
  guint64 file_size = ingest_byte_source_get_size (stream->source);
  GError *error = NULL;

  /* OpenEXR reads ahead in blocks and expects a short read at the end. */
  if (offset >= file_size)
    return 0;
  size = MIN (size, file_size - offset);
  if (!ingest_byte_source_read (stream->source, offset, buffer, size, &error))
    {
      if (stream->read_error == NULL)
        stream->read_error = error;
      else
        g_error_free (error);
      error_cb (ctxt, EXR_ERR_READ_IO, "read failed");
      return -1;
    }
  return (int64_t) size;
}

static int64_t
stream_size (exr_const_context_t ctxt,
             void               *user_data)
{
  Stream *stream = user_data;

  return (int64_t) MIN (ingest_byte_source_get_size (stream->source), (guint64) G_MAXINT64);
}

static void
stream_error (exr_const_context_t ctxt,
              exr_result_t        code,
              const char         *message)
{
  Stream *stream = NULL;

  if (exr_get_user_data (ctxt, (void **) &stream) == EXR_ERR_SUCCESS && stream != NULL &&
      stream->message == NULL)
    stream->message = g_strdup (message);
}

/* OpenEXR sizes its attribute storage from the file; nothing legitimate
 * in a header comes near this. */
static void *
bounded_alloc (size_t size)
{
  return size <= MAX_ALLOCATION ? g_try_malloc (MAX (size, 1)) : NULL;
}

static void
bounded_free (void *p)
{
  g_free (p);
}

/* OpenEXR strings are counted, not NUL-terminated. */
static char *
string_value (const exr_attr_string_t *string)
{
  if (string == NULL || string->str == NULL || string->length < 0 ||
      !g_utf8_validate (string->str, string->length, NULL))
    return NULL;
  return g_strndup (string->str, string->length);
}

static void
append_number (GString *text,
               double   value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, g_ascii_formatd (number, sizeof number, "%g", value));
}

static void
append_numbers_f (GString     *text,
                  const float *values,
                  guint        n)
{
  for (guint i = 0; i < n; i++)
    append_number (text, values[i]);
}

static void
append_numbers_d (GString      *text,
                  const double *values,
                  guint         n)
{
  for (guint i = 0; i < n; i++)
    append_number (text, values[i]);
}

static const char *
compression_name (guint value)
{
  return value < G_N_ELEMENTS (compression_names) ? compression_names[value] : NULL;
}

/* An attribute's value as the inspector shows it. */
static char *
attribute_text (const exr_attribute_t *attr)
{
  GString *text = g_string_new (NULL);

  switch (attr->type)
    {
    case EXR_ATTR_STRING:
      {
        g_autofree char *value = string_value (attr->string);

        if (value != NULL)
          g_string_append (text, value);
      }
      break;
    case EXR_ATTR_STRING_VECTOR:
      for (int i = 0; attr->stringvector != NULL && i < attr->stringvector->n_strings && i < MAX_LIST_ITEMS; i++)
        {
          g_autofree char *value = string_value (&attr->stringvector->strings[i]);

          if (value == NULL)
            continue;
          if (text->len > 0)
            g_string_append (text, "; ");
          g_string_append (text, value);
        }
      break;
    case EXR_ATTR_INT:
      g_string_append_printf (text, "%d", attr->i);
      break;
    case EXR_ATTR_FLOAT:
      append_number (text, attr->f);
      break;
    case EXR_ATTR_DOUBLE:
      append_number (text, attr->d);
      break;
    case EXR_ATTR_RATIONAL:
      g_string_append_printf (text, "%d/%u", attr->rational->num, attr->rational->denom);
      break;
    case EXR_ATTR_TIMECODE:
      {
        /* The BCD digits read as hex digits; ";" when the drop-frame flag is set. */
        guint32 t = attr->timecode->time_and_flags;

        g_string_append_printf (text, "%02x:%02x:%02x%c%02x, user data 0x%08x",
                                (t >> 24) & 0x3f, (t >> 16) & 0x7f, (t >> 8) & 0x7f,
                                t & 0x40 ? ';' : ':', t & 0x3f, attr->timecode->user_data);
      }
      break;
    case EXR_ATTR_BOX2I:
      g_string_append_printf (text, "(%d %d) - (%d %d)", attr->box2i->min.x, attr->box2i->min.y,
                              attr->box2i->max.x, attr->box2i->max.y);
      break;
    case EXR_ATTR_BOX2F:
      append_numbers_f (text, attr->box2f->min.arr, 2);
      append_numbers_f (text, attr->box2f->max.arr, 2);
      break;
    case EXR_ATTR_V2I:
      g_string_append_printf (text, "%d %d", attr->v2i->x, attr->v2i->y);
      break;
    case EXR_ATTR_V3I:
      g_string_append_printf (text, "%d %d %d", attr->v3i->x, attr->v3i->y, attr->v3i->z);
      break;
    case EXR_ATTR_V2F:
      append_numbers_f (text, attr->v2f->arr, 2);
      break;
    case EXR_ATTR_V3F:
      append_numbers_f (text, attr->v3f->arr, 3);
      break;
    case EXR_ATTR_V2D:
      append_numbers_d (text, attr->v2d->arr, 2);
      break;
    case EXR_ATTR_V3D:
      append_numbers_d (text, attr->v3d->arr, 3);
      break;
    case EXR_ATTR_M33F:
      append_numbers_f (text, attr->m33f->m, 9);
      break;
    case EXR_ATTR_M33D:
      append_numbers_d (text, attr->m33d->m, 9);
      break;
    case EXR_ATTR_M44F:
      append_numbers_f (text, attr->m44f->m, 16);
      break;
    case EXR_ATTR_M44D:
      append_numbers_d (text, attr->m44d->m, 16);
      break;
    case EXR_ATTR_FLOAT_VECTOR:
      if (attr->floatvector != NULL && attr->floatvector->length > 0)
        append_numbers_f (text, attr->floatvector->arr, MIN (attr->floatvector->length, MAX_LIST_ITEMS));
      break;
    case EXR_ATTR_CHROMATICITIES:
      append_number (text, attr->chromaticities->red_x);
      append_number (text, attr->chromaticities->red_y);
      append_number (text, attr->chromaticities->green_x);
      append_number (text, attr->chromaticities->green_y);
      append_number (text, attr->chromaticities->blue_x);
      append_number (text, attr->chromaticities->blue_y);
      append_number (text, attr->chromaticities->white_x);
      append_number (text, attr->chromaticities->white_y);
      break;
    case EXR_ATTR_CHLIST:
      for (int i = 0; attr->chlist != NULL && i < attr->chlist->num_channels && i < MAX_LIST_ITEMS; i++)
        {
          static const char * const types[] = { "uint", "half", "float" };
          const exr_attr_chlist_entry_t *entry = &attr->chlist->entries[i];
          g_autofree char *name = string_value (&entry->name);

          if (name == NULL)
            continue;
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append_printf (text, "%s (%s)", name,
                                  (guint) entry->pixel_type < G_N_ELEMENTS (types) ? types[entry->pixel_type] : "?");
        }
      break;
    case EXR_ATTR_COMPRESSION:
      g_string_append (text, compression_name (attr->uc) ? compression_name (attr->uc) : "unknown");
      break;
    case EXR_ATTR_LINEORDER:
      g_string_append (text, attr->uc == 0 ? "increasing y" : attr->uc == 1 ? "decreasing y" : "random y");
      break;
    case EXR_ATTR_ENVMAP:
      g_string_append (text, attr->uc == 0 ? "latlong" : "cube");
      break;
    case EXR_ATTR_KEYCODE:
      g_string_append_printf (text, "%d %d %d %d %d %d %d",
                              attr->keycode->film_mfc_code, attr->keycode->film_type,
                              attr->keycode->prefix, attr->keycode->count, attr->keycode->perf_offset,
                              attr->keycode->perfs_per_frame, attr->keycode->perfs_per_count);
      break;
    case EXR_ATTR_TILEDESC:
      g_string_append_printf (text, "%u × %u", attr->tiledesc->x_size, attr->tiledesc->y_size);
      break;
    case EXR_ATTR_PREVIEW:
      g_string_append_printf (text, "%u × %u preview", attr->preview->width, attr->preview->height);
      break;
    case EXR_ATTR_OPAQUE:
    case EXR_ATTR_UNKNOWN:
    case EXR_ATTR_LAST_KNOWN_TYPE:
    default:
      if (attr->type_name != NULL && g_utf8_validate (attr->type_name, attr->type_name_length, NULL))
        g_string_append_printf (text, "(%.*s)", (int) attr->type_name_length, attr->type_name);
      break;
    }

  if (text->len > MAX_ATTRIBUTE_TEXT)
    {
      const char *end = text->str + MAX_ATTRIBUTE_TEXT;

      g_utf8_validate (text->str, MAX_ATTRIBUTE_TEXT, &end);
      g_string_truncate (text, end - text->str);
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static const exr_attribute_t *
find (exr_context_t        ctxt,
      const char          *name,
      exr_attribute_type_t type)
{
  const exr_attribute_t *attr = NULL;

  if (exr_get_attribute_by_name (ctxt, 0, name, &attr) != EXR_ERR_SUCCESS || attr == NULL ||
      attr->type != type)
    return NULL;
  return attr;
}

static void
offer_string (IngestClip      *clip,
              exr_context_t    ctxt,
              const char      *name,
              IngestClipField  field)
{
  const exr_attribute_t *attr = find (ctxt, name, EXR_ATTR_STRING);
  g_autofree char *value = attr != NULL ? string_value (attr->string) : NULL;

  if (value != NULL)
    ingest_clip_offer_text (clip, field, value, -1);
}

/* A float attribute, when finite and in (LOW, HIGH). */
static gboolean
get_float (exr_context_t  ctxt,
           const char    *name,
           double         low,
           double         high,
           double        *value)
{
  const exr_attribute_t *attr = find (ctxt, name, EXR_ATTR_FLOAT);

  if (attr == NULL || !isfinite (attr->f) || attr->f <= low || attr->f >= high)
    return FALSE;
  *value = attr->f;
  return TRUE;
}

/* PREFIX, VALUE (shortest form), SUFFIX: "T2.1", "180°". */
static void
offer_number_text (IngestClip      *clip,
                   IngestClipField  field,
                   const char      *prefix,
                   double           value,
                   const char      *suffix)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = g_strconcat (prefix, g_ascii_formatd (number, sizeof number, "%g", value), suffix, NULL);

  ingest_clip_offer_field (clip, field, text);
}

/* "YYYY:MM:DD HH:MM:SS" local time, and utcOffset (UTC = local + offset, s). */
static void
offer_created (IngestClip    *clip,
               exr_context_t  ctxt)
{
  const exr_attribute_t *attr = find (ctxt, "capDate", EXR_ATTR_STRING);
  g_autofree char *text = attr != NULL ? string_value (attr->string) : NULL;
  const exr_attribute_t *utc = find (ctxt, "utcOffset", EXR_ATTR_FLOAT);
  guint year, month, day, hour, minute, second;
  g_autofree char *created = NULL;
  char tail;

  if (text == NULL ||
      sscanf (text, "%4u:%2u:%2u %2u:%2u:%2u%c", &year, &month, &day, &hour, &minute, &second, &tail) != 6)
    return;
  if (utc != NULL && isfinite (utc->f) && fabs (utc->f) < 86400)
    {
      /* The zone is local minus UTC, so minus utcOffset. */
      gint zone = (gint) -round (utc->f / 60);

      created = g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:%02u%c%02d:%02d", year, month, day,
                                 hour, minute, second, zone < 0 ? '-' : '+', ABS (zone) / 60, ABS (zone) % 60);
    }
  else
    {
      created = g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:%02u", year, month, day, hour, minute, second);
    }
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CREATED, created);
}

static void
offer_timing (IngestClip    *clip,
              exr_context_t  ctxt)
{
  const exr_attribute_t *fps = find (ctxt, "framesPerSecond", EXR_ATTR_RATIONAL);
  const exr_attribute_t *capture = find (ctxt, "captureRate", EXR_ATTR_RATIONAL);
  const exr_attribute_t *code = find (ctxt, "timeCode", EXR_ATTR_TIMECODE);
  IngestTimecode tc;
  guint num, den;
  guint32 t;
  gint64 first, last;

  if (capture != NULL && ingest_frame_rate_normalize (capture->rational->num, capture->rational->denom, &num, &den))
    ingest_clip_offer_rate (clip, INGEST_CLIP_FIELD_CAPTURE_FPS, num, den);
  if (fps == NULL || !ingest_frame_rate_normalize (fps->rational->num, fps->rational->denom, &num, &den))
    {
      if (code != NULL)
        ingest_clip_add_problem (clip, "EXR timeCode without a usable framesPerSecond");
      return;
    }
  ingest_clip_offer_rate (clip, INGEST_CLIP_FIELD_FPS, num, den);
  if (ingest_clip_get_kind (clip) == INGEST_CLIP_KIND_SEQUENCE &&
      ingest_clip_get_frame_range (clip, &first, &last) && last >= first)
    ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_FRAMES, last - first + 1);

  if (code == NULL)
    return;
  /* ST 12 packed low byte first: frames (bit 6 drop-frame), seconds,
   * minutes, hours; the flags are masked by set_bcd. */
  t = code->timecode->time_and_flags;
  if (!ingest_timecode_init (&tc, num, den, (t & 0x40) != 0) &&
      !ingest_timecode_init (&tc, num, den, FALSE))
    return;
  if (!ingest_timecode_set_bcd (&tc, t & 0xff, (t >> 8) & 0xff, (t >> 16) & 0xff, t >> 24))
    {
      g_autofree char *message = g_strdup_printf ("EXR timeCode %08x is not a time address", t);

      ingest_clip_add_problem (clip, message);
      return;
    }
  ingest_clip_offer_timecode (clip, INGEST_CLIP_FIELD_TC_START, &tc);
}

static void
offer_fields (IngestClip    *clip,
              exr_context_t  ctxt)
{
  exr_attr_box2i_t window;
  exr_compression_t compression;
  double value;

  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CONTAINER, "OpenEXR");
  if (exr_get_display_window (ctxt, 0, &window) == EXR_ERR_SUCCESS &&
      window.max.x >= window.min.x && window.max.y >= window.min.y)
    {
      ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_WIDTH, (gint64) window.max.x - window.min.x + 1);
      ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_HEIGHT, (gint64) window.max.y - window.min.y + 1);
    }
  if (exr_get_compression (ctxt, 0, &compression) == EXR_ERR_SUCCESS &&
      compression_name (compression) != NULL)
    {
      g_autofree char *codec = g_strdup_printf ("OpenEXR %s", compression_name (compression));

      ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CODEC, codec);
    }

  offer_timing (clip, ctxt);
  offer_created (clip, ctxt);
  offer_string (clip, ctxt, "comments", INGEST_CLIP_FIELD_NOTES);
  /* OpenEXR 3.2's camera and lens names (SMPTE RIS-OSVP camdkit). */
  offer_string (clip, ctxt, "cameraMake", INGEST_CLIP_FIELD_CAMERA_MAKE);
  offer_string (clip, ctxt, "cameraModel", INGEST_CLIP_FIELD_CAMERA_MODEL);
  offer_string (clip, ctxt, "cameraSerialNumber", INGEST_CLIP_FIELD_CAMERA_SERIAL);
  offer_string (clip, ctxt, "cameraFirmwareVersion", INGEST_CLIP_FIELD_CAMERA_FIRMWARE);
  offer_string (clip, ctxt, "cameraLabel", INGEST_CLIP_FIELD_CAMERA_INDEX);
  offer_string (clip, ctxt, "lensModel", INGEST_CLIP_FIELD_LENS);
  offer_string (clip, ctxt, "lensSerialNumber", INGEST_CLIP_FIELD_LENS_SERIAL);
  offer_string (clip, ctxt, "reelName", INGEST_CLIP_FIELD_REEL);
  if (get_float (ctxt, "nominalFocalLength", 0, 100000, &value))
    ingest_clip_offer_number (clip, INGEST_CLIP_FIELD_FOCAL_LENGTH_MM, round (value * 100) / 100);
  if (get_float (ctxt, "isoSpeed", 0.5, 1e7, &value))
    ingest_clip_offer_int (clip, INGEST_CLIP_FIELD_ISO, (gint64) round (value));
  /* A cine lens is set in T-stops; a still's f-number (3.1's aperture) is the fallback. */
  if (get_float (ctxt, "tStop", 0, 1000, &value))
    offer_number_text (clip, INGEST_CLIP_FIELD_APERTURE, "T", value, "");
  if (get_float (ctxt, "aperture", 0, 1000, &value))
    offer_number_text (clip, INGEST_CLIP_FIELD_APERTURE, "f/", value, "");
  if (get_float (ctxt, "shutterAngle", 0, 360.001, &value))
    offer_number_text (clip, INGEST_CLIP_FIELD_SHUTTER, "", value, "°");
  if (get_float (ctxt, "expTime", 0, 86400, &value))
    {
      if (value < 1)
        offer_number_text (clip, INGEST_CLIP_FIELD_SHUTTER, "1/", round (1 / value), "");
      else
        offer_number_text (clip, INGEST_CLIP_FIELD_SHUTTER, "", value, " s");
    }
}

static void
keep_attributes (IngestClip    *clip,
                 exr_context_t  ctxt)
{
  int32_t count = 0;
  int parts = 0;

  if (exr_get_count (ctxt, &parts) == EXR_ERR_SUCCESS && parts > 1)
    {
      g_autofree char *text = g_strdup_printf ("%d", parts);

      ingest_clip_set_attribute (clip, "exr.parts", text);
    }
  if (exr_get_attribute_count (ctxt, 0, &count) != EXR_ERR_SUCCESS)
    return;
  for (int32_t i = 0; i < count; i++)
    {
      const exr_attribute_t *attr = NULL;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (exr_get_attribute_by_index (ctxt, 0, EXR_ATTR_LIST_FILE_ORDER, i, &attr) != EXR_ERR_SUCCESS ||
          attr == NULL || attr->name == NULL ||
          !g_utf8_validate (attr->name, attr->name_length, NULL))
        continue;
      value = attribute_text (attr);
      if (value == NULL)
        continue;
      name = g_strdup_printf ("exr.%.*s", (int) attr->name_length, attr->name);
      ingest_clip_set_attribute (clip, name, value);
    }
}

static gboolean
ingest_exr_reader_accepts (IngestMetadataReader *reader,
                           const char           *path)
{
  static const char * const suffixes[] = { ".exr", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

static gboolean
ingest_exr_reader_read_clip_file (IngestMetadataReader  *reader,
                                  IngestClip            *clip,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
  Stream stream = { .source = source };
  exr_context_t ctxt = NULL;
  exr_result_t result;

  if (ingest_clip_get_kind (clip) == INGEST_CLIP_KIND_SEQUENCE &&
      g_strcmp0 (path, ingest_clip_get_media_file (clip)) != 0)
    return TRUE;

  init.user_data = &stream;
  init.read_fn = stream_read;
  init.size_fn = stream_size;
  init.error_handler_fn = stream_error;
  init.alloc_fn = bounded_alloc;
  init.free_fn = bounded_free;
  /* Lenient parsing reads past an attribute whose size lies and takes its
   * value for the next names; strict refuses the header instead. */
  init.flags = EXR_CONTEXT_FLAG_STRICT_HEADER;
  init.max_image_width = MAX_IMAGE_SIDE;
  init.max_image_height = MAX_IMAGE_SIDE;
  init.max_tile_width = MAX_IMAGE_SIDE;
  init.max_tile_height = MAX_IMAGE_SIDE;

  result = exr_start_read (&ctxt, ingest_byte_source_get_name (source), &init);
  if (result != EXR_ERR_SUCCESS)
    {
      if (stream.read_error != NULL)
        g_propagate_error (error, stream.read_error);
      else
        g_set_error (error, INGEST_METADATA_ERROR,
                     result == EXR_ERR_OUT_OF_MEMORY ? INGEST_METADATA_ERROR_TOO_LARGE
                     : result == EXR_ERR_FEATURE_NOT_IMPLEMENTED ? INGEST_METADATA_ERROR_UNSUPPORTED
                     : INGEST_METADATA_ERROR_MALFORMED,
                     "%s: OpenEXR: %s", ingest_byte_source_get_name (source),
                     stream.message != NULL ? stream.message : exr_get_default_error_message (result));
      g_free (stream.message);
      return FALSE;
    }

  offer_fields (clip, ctxt);
  keep_attributes (clip, ctxt);
  exr_finish (&ctxt);
  g_clear_error (&stream.read_error);
  g_free (stream.message);
  return TRUE;
}

static void
ingest_exr_reader_class_init (IngestExrReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "openexr";
  reader_class->accepts = ingest_exr_reader_accepts;
  reader_class->read_clip_file = ingest_exr_reader_read_clip_file;
}

static void
ingest_exr_reader_init (IngestExrReader *self)
{
}
