/* ingest-cdl-reader.c
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

#define G_LOG_DOMAIN "ingest-cdl-reader"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-cdl-reader-private.h"
#include "ingest-metadata-xml-private.h"

/*
 * ASC CDL (v1.01) in its three XML forms: a ColorCorrection alone (.cc), a
 * ColorDecisionList of ColorDecisions (.cdl), a ColorCorrectionCollection
 * (.ccc). Each ColorCorrection has SOPNode/{Slope, Offset, Power} (three
 * numbers each) and SatNode/Saturation. Beside a clip (same stem) the file is
 * the clip's; a roll-level collection is matched by ColorCorrection@id.
 */

struct _IngestCdlReader
{
  IngestMetadataReader parent_instance;
};

G_DEFINE_FINAL_TYPE (IngestCdlReader, ingest_cdl_reader, INGEST_TYPE_METADATA_READER)

#define MAX_CDL_SIZE (4 * 1024 * 1024)
#define MAX_CORRECTIONS 100000

static gboolean
ingest_cdl_reader_accepts (IngestMetadataReader *reader,
                           const char           *path)
{
  static const char * const suffixes[] = { ".cdl", ".cc", ".ccc", NULL };

  return ingest_metadata_path_has_suffix (path, suffixes);
}

/* N finite numbers separated by white space, and nothing else. */
static gboolean
parse_numbers (const char *text,
               double     *values,
               guint       n)
{
  const char *p = text;

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char *end;

      while (g_ascii_isspace (*p))
        p++;
      values[i] = g_ascii_strtod (p, &end);
      if (end == p || !isfinite (values[i]))
        return FALSE;
      p = end;
    }
  while (g_ascii_isspace (*p))
    p++;
  return *p == '\0';
}

static void
append_numbers (GString      *out,
                const char   *label,
                const double *values,
                guint         n)
{
  g_string_append (out, label);
  for (guint i = 0; i < n; i++)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_c (out, ' ');
      g_string_append (out, g_ascii_formatd (text, sizeof text, "%.6g", values[i]));
    }
}

static xmlNode *
child_any_case (xmlNode    *node,
                const char *name)
{
  for (xmlNode *child = _ingest_metadata_xml_child (node, NULL); child != NULL;
       child = _ingest_metadata_xml_next (child->next, NULL))
    if (g_ascii_strcasecmp ((const char *) child->name, name) == 0)
      return child;
  return NULL;
}

/**
 * _ingest_cdl_read_correction:
 * @correction: a ColorCorrection element
 * @values: (out caller-allocates): its numbers
 * @reason: (out): why not, when it returns %FALSE
 *
 * The SOPNode's Slope, Offset and Power (three finite numbers each) and the
 * SatNode's Saturation of one correction; either node may be missing, not
 * both. The numbers are as written: their ranges are the user's business.
 */
gboolean
_ingest_cdl_read_correction (xmlNode          *correction,
                             IngestCdlValues  *values,
                             const char      **reason)
{
  xmlNode *sop = child_any_case (correction, "SOPNode");
  xmlNode *sat = child_any_case (correction, "SatNode");
  g_autofree char *slope_text = _ingest_metadata_xml_text (child_any_case (sop, "Slope"));
  g_autofree char *offset_text = _ingest_metadata_xml_text (child_any_case (sop, "Offset"));
  g_autofree char *power_text = _ingest_metadata_xml_text (child_any_case (sop, "Power"));
  g_autofree char *sat_text = _ingest_metadata_xml_text (child_any_case (sat, "Saturation"));

  memset (values, 0, sizeof *values);
  values->has_sop = sop != NULL;
  values->has_saturation = sat != NULL;
  if (sop == NULL && sat == NULL)
    return *reason = "no SOPNode or SatNode", FALSE;
  if (sop != NULL && (!parse_numbers (slope_text, values->slope, 3) ||
                      !parse_numbers (offset_text, values->offset, 3) ||
                      !parse_numbers (power_text, values->power, 3)))
    return *reason = "a SOPNode without three numbers each for Slope, Offset and Power", FALSE;
  if (sat != NULL && !parse_numbers (sat_text, &values->saturation, 1))
    return *reason = "a SatNode without one number for Saturation", FALSE;
  return TRUE;
}

/* "slope r g b; offset r g b; power r g b; sat s", or NULL with a reason. */
static char *
format_correction (xmlNode     *correction,
                   const char **reason)
{
  IngestCdlValues values;
  GString *out;

  if (!_ingest_cdl_read_correction (correction, &values, reason))
    return NULL;

  out = g_string_new (NULL);
  if (values.has_sop)
    {
      append_numbers (out, "slope", values.slope, 3);
      append_numbers (out, "; offset", values.offset, 3);
      append_numbers (out, "; power", values.power, 3);
    }
  if (values.has_saturation)
    append_numbers (out, out->len > 0 ? "; sat" : "sat", &values.saturation, 1);
  return g_string_free (out, FALSE);
}

static void
apply_correction (IngestClip *clip,
                  xmlNode    *correction,
                  const char *source_name)
{
  const char *reason = NULL;
  g_autofree char *cdl = format_correction (correction, &reason);
  g_autofree char *id = _ingest_metadata_xml_prop (correction, "id");
  g_autofree char *description = _ingest_metadata_xml_child_text (correction, "Description");

  if (cdl == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: cdl: %s", source_name, reason);

      ingest_clip_add_problem (clip, message);
      return;
    }
  ingest_clip_offer_field (clip, INGEST_CLIP_FIELD_CDL, cdl);
  if (id != NULL && *id != '\0')
    ingest_clip_set_attribute (clip, "cdl.id", id);
  if (description != NULL && *g_strstrip (description) != '\0')
    ingest_clip_set_attribute (clip, "cdl.description", description);
  ingest_clip_set_attribute (clip, "cdl.file", source_name);
}

/**
 * _ingest_cdl_collect_corrections:
 * @root: a document's root element
 *
 * Returns: (transfer container): every ColorCorrection of the document, in
 *   order (the root itself for a .cc)
 */
GPtrArray *
_ingest_cdl_collect_corrections (xmlNode *root)
{
  GPtrArray *found = g_ptr_array_new ();

  if (_ingest_metadata_xml_is (root, "ColorCorrection"))
    {
      g_ptr_array_add (found, root);
      return found;
    }
  for (xmlNode *node = _ingest_metadata_xml_child (root, NULL);
       node != NULL && found->len < MAX_CORRECTIONS;
       node = _ingest_metadata_xml_next (node->next, NULL))
    {
      if (_ingest_metadata_xml_is (node, "ColorCorrection"))
        g_ptr_array_add (found, node);
      else if (_ingest_metadata_xml_is (node, "ColorDecision"))
        {
          xmlNode *cc = _ingest_metadata_xml_child (node, "ColorCorrection");

          if (cc != NULL)
            g_ptr_array_add (found, cc);
        }
    }
  return found;
}

static xmlDoc *
read_document (IngestByteSource  *source,
               GPtrArray        **corrections,
               GError           **error)
{
  xmlDoc *doc = _ingest_metadata_xml_read (source, MAX_CDL_SIZE, error);
  xmlNode *root;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (!_ingest_metadata_xml_is (root, "ColorCorrection") &&
      !_ingest_metadata_xml_is (root, "ColorDecisionList") &&
      !_ingest_metadata_xml_is (root, "ColorCorrectionCollection"))
    {
      g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_UNSUPPORTED,
                   _("%s: not an ASC CDL document"), ingest_byte_source_get_name (source));
      xmlFreeDoc (doc);
      return NULL;
    }
  *corrections = _ingest_cdl_collect_corrections (root);
  return doc;
}

static gboolean
ingest_cdl_reader_read_clip_file (IngestMetadataReader  *reader,
                                  IngestClip            *clip,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  g_autoptr(GPtrArray) corrections = NULL;
  g_autoptr(xmlDoc) doc = read_document (source, &corrections, error);
  xmlNode *chosen = NULL;

  if (doc == NULL)
    return FALSE;
  if (corrections->len == 0)
    return g_set_error (error, INGEST_METADATA_ERROR, INGEST_METADATA_ERROR_MALFORMED,
                        _("%s: no ColorCorrection"), ingest_byte_source_get_name (source)), FALSE;
  /* The correction named after the clip, else the file's first. */
  for (guint i = 0; i < corrections->len && chosen == NULL; i++)
    {
      g_autofree char *id = _ingest_metadata_xml_prop (g_ptr_array_index (corrections, i), "id");
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, clip);
      if (_ingest_metadata_find_clip (one, id) != NULL)
        chosen = g_ptr_array_index (corrections, i);
    }
  apply_correction (clip, chosen ? chosen : g_ptr_array_index (corrections, 0), path);
  return TRUE;
}

static gboolean
ingest_cdl_reader_read_roll_file (IngestMetadataReader  *reader,
                                  GPtrArray             *clips,
                                  const char            *path,
                                  IngestByteSource      *source,
                                  GError               **error)
{
  g_autoptr(GPtrArray) corrections = NULL;
  g_autoptr(xmlDoc) doc = read_document (source, &corrections, error);
  g_autoptr(GHashTable) index = NULL;
  IngestClip *by_stem;

  if (doc == NULL)
    return FALSE;
  index = _ingest_metadata_clip_index_new (clips);
  /* Corrections whose id names a clip. */
  for (guint i = 0; i < corrections->len; i++)
    {
      xmlNode *correction = g_ptr_array_index (corrections, i);
      g_autofree char *id = _ingest_metadata_xml_prop (correction, "id");
      IngestClip *clip = _ingest_metadata_clip_index_find (index, id);

      if (clip != NULL)
        apply_correction (clip, correction, path);
    }
  /* A .cc/.cdl named after a clip that the grouper left out of it. */
  by_stem = _ingest_metadata_clip_index_find (index, path);
  if (by_stem != NULL && corrections->len > 0)
    apply_correction (by_stem, g_ptr_array_index (corrections, 0), path);
  return TRUE;
}

static void
ingest_cdl_reader_class_init (IngestCdlReaderClass *klass)
{
  IngestMetadataReaderClass *reader_class = INGEST_METADATA_READER_CLASS (klass);

  reader_class->name = "cdl";
  reader_class->accepts = ingest_cdl_reader_accepts;
  reader_class->read_clip_file = ingest_cdl_reader_read_clip_file;
  reader_class->read_roll_file = ingest_cdl_reader_read_roll_file;
}

static void
ingest_cdl_reader_init (IngestCdlReader *self)
{
}
