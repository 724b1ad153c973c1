/* ingest-proxy-decoders.c
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

#include <glib/gi18n-lib.h>

#include "ingest-proxy-decoders-private.h"
#include "ingest-proxy-error.h"

static const IngestProxyDecoder decoders[] = {
#define INGEST_PROXY_DECODER(type, field, value, parser, decoder, label) \
  { type, field, value, parser, decoder, label },
#include "ingest-proxy-decoders.defs"
#undef INGEST_PROXY_DECODER
};

const IngestProxyDecoder *
_ingest_proxy_decoder_lookup (const GstCaps *caps)
{
  const GstStructure *s;

  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return NULL;
  s = gst_caps_get_structure (caps, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (decoders); i++)
    {
      int value;

      if (!gst_structure_has_name (s, decoders[i].media_type))
        continue;
      if (decoders[i].field != NULL &&
          (!gst_structure_get_int (s, decoders[i].field, &value) || value != decoders[i].value))
        continue;
      return &decoders[i];
    }
  return NULL;
}

static GstElement *
make_element (const char  *factory,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_set_error (error, INGEST_PROXY_ERROR, INGEST_PROXY_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is not installed"), factory);
  return element;
}

GstElement *
_ingest_proxy_decoder_make (const IngestProxyDecoder  *decoder,
                            GError                   **error)
{
  GstElement *bin, *first = NULL, *last = NULL;
  const char *factories[2];
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) src = NULL;

  g_return_val_if_fail (decoder != NULL, NULL);

  factories[0] = decoder->parser;
  factories[1] = decoder->decoder;
  bin = gst_bin_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (factories); i++)
    {
      GstElement *element;

      if (factories[i] == NULL)
        continue;
      if ((element = make_element (factories[i], error)) == NULL)
        {
          gst_object_unref (gst_object_ref_sink (bin));
          return NULL;
        }
      gst_bin_add (GST_BIN (bin), element);
      if (last != NULL)
        gst_element_link (last, element);
      else
        first = element;
      last = element;
    }
  if (first == NULL)
    {
      first = last = gst_element_factory_make ("identity", NULL);
      gst_bin_add (GST_BIN (bin), first);
    }

  sink = gst_element_get_static_pad (first, "sink");
  src = gst_element_get_static_pad (last, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sink));
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", src));
  return bin;
}
