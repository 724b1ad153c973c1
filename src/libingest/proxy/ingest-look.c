/* ingest-look.c
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


#define G_LOG_DOMAIN "ingest-look"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ingest-cdl-reader-private.h"
#include "ingest-look-error.h"
#include "ingest-look.h"
#include "ingest-metadata-xml-private.h"

struct _IngestLook
{
  gatomicrefcount  ref;
  char            *name;
  gboolean         has_cdl;
  double           slope[3];
  double           offset[3];
  double           power[3];
  double           saturation;
  IngestCubeLut   *lut;
};

G_DEFINE_BOXED_TYPE (IngestLook, ingest_look, ingest_look_ref, ingest_look_unref)

/* A CDL document is a few hundred bytes; a collection of a whole show, a
 * few hundred KB. */
#define MAX_CDL_FILE_SIZE (4 * 1024 * 1024)

/* Rec. 709 luma weights, as the ASC CDL's saturation uses them. */
#define LUMA_R 0.2126
#define LUMA_G 0.7152
#define LUMA_B 0.0722

static gboolean
check_cdl (const double  slope[3],
           const double  offset[3],
           const double  power[3],
           double        saturation,
           GError      **error)
{
  /* The ranges ASC CDL v1.2 allows: slope >= 0, power > 0, saturation >= 0. */
  for (guint i = 0; i < 3; i++)
    {
      if (!isfinite (slope[i]) || slope[i] < 0)
        return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_INVALID,
                            _("CDL slope %g is not a number of 0 or more"), slope[i]), FALSE;
      if (!isfinite (offset[i]))
        return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_INVALID,
                            _("CDL offset %g is not a number"), offset[i]), FALSE;
      if (!isfinite (power[i]) || power[i] <= 0)
        return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_INVALID,
                            _("CDL power %g is not a number above 0"), power[i]), FALSE;
    }
  if (!isfinite (saturation) || saturation < 0)
    return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_INVALID,
                        _("CDL saturation %g is not a number of 0 or more"), saturation), FALSE;
  return TRUE;
}

static IngestLook *
look_new (const char *name)
{
  IngestLook *self = g_new0 (IngestLook, 1);

  g_atomic_ref_count_init (&self->ref);
  self->name = g_strdup (name);
  self->saturation = 1;
  for (guint i = 0; i < 3; i++)
    self->slope[i] = self->power[i] = 1;
  return self;
}

static GBytes *
map_file (const char  *path,
          gsize        max_size,
          GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

  if (mapped == NULL)
    return NULL;
  if (g_mapped_file_get_length (mapped) > max_size)
    {
      g_autofree char *name = g_path_get_basename (path);

      return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_TOO_LARGE,
                          _("%s: larger than %" G_GSIZE_FORMAT " KB, not an ASC CDL"),
                          name, max_size / 1024), NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

/**
 * ingest_look_new:
 * @slope: (nullable): the CDL's slope per channel; %NULL with @offset and
 *   @power for a look without a CDL
 * @offset: (nullable): its offset
 * @power: (nullable): its power
 * @saturation: its saturation (1 leaves the colours alone)
 * @lut: (nullable): the LUT applied after the CDL
 *
 * Returns: (transfer full) (nullable): the look, or %NULL with @error
 *   (%INGEST_LOOK_ERROR_INVALID) when a number is outside what ASC CDL v1.2
 *   allows (slope >= 0, power > 0, saturation >= 0, all finite)
 */
IngestLook *
ingest_look_new (const double    slope[3],
                 const double    offset[3],
                 const double    power[3],
                 double          saturation,
                 IngestCubeLut  *lut,
                 GError        **error)
{
  IngestLook *self;

  g_return_val_if_fail ((slope == NULL) == (offset == NULL) && (slope == NULL) == (power == NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (slope != NULL && !check_cdl (slope, offset, power, saturation, error))
    return NULL;

  self = look_new (NULL);
  if (slope != NULL)
    {
      self->has_cdl = TRUE;
      memcpy (self->slope, slope, sizeof self->slope);
      memcpy (self->offset, offset, sizeof self->offset);
      memcpy (self->power, power, sizeof self->power);
      self->saturation = saturation;
    }
  if (lut != NULL)
    self->lut = ingest_cube_lut_ref (lut);
  return self;
}

/**
 * ingest_look_new_from_cdl:
 *
 * A look that is an ASC CDL alone; see ingest_look_new().
 *
 * Returns: (transfer full) (nullable): the look, or %NULL with @error
 */
IngestLook *
ingest_look_new_from_cdl (const double   slope[3],
                          const double   offset[3],
                          const double   power[3],
                          double         saturation,
                          GError       **error)
{
  g_return_val_if_fail (slope != NULL && offset != NULL && power != NULL, NULL);

  return ingest_look_new (slope, offset, power, saturation, NULL, error);
}

/**
 * ingest_look_new_from_cube_lut:
 *
 * Returns: (transfer full): a look that is @lut alone
 */
IngestLook *
ingest_look_new_from_cube_lut (IngestCubeLut *lut)
{
  IngestLook *self;

  g_return_val_if_fail (lut != NULL, NULL);

  self = look_new (ingest_cube_lut_get_title (lut));
  self->lut = ingest_cube_lut_ref (lut);
  return self;
}

/**
 * ingest_look_new_from_cdl_bytes:
 * @bytes: an ASC CDL document: a ColorCorrection (.cc), a ColorDecisionList
 *   (.cdl) or a ColorCorrectionCollection (.ccc)
 * @name: what the look and the error messages call it
 * @id: (nullable): the ColorCorrection id to use; %NULL for the first
 *
 * The XML is read without DTD, entities or network (as the metadata
 * readers read sidecars). A correction with only a SatNode has the identity
 * SOP; one with only a SOPNode, saturation 1.
 *
 * Returns: (transfer full) (nullable): the look, or %NULL with @error
 *   (%INGEST_LOOK_ERROR)
 */
IngestLook *
ingest_look_new_from_cdl_bytes (GBytes      *bytes,
                                const char  *name,
                                const char  *id,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) corrections = NULL;
  xmlNode *root, *chosen = NULL;
  IngestCdlValues values;
  const char *reason = NULL;
  IngestLook *self;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = "CDL";
  if (g_bytes_get_size (bytes) > MAX_CDL_FILE_SIZE)
    return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_TOO_LARGE,
                        _("%s: larger than %d KB, not an ASC CDL"), name,
                        MAX_CDL_FILE_SIZE / 1024), NULL;
  doc = _ingest_metadata_xml_parse (bytes, name, &local_error);
  if (doc == NULL)
    return g_set_error_literal (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_MALFORMED,
                                local_error->message), NULL;
  root = xmlDocGetRootElement (doc);
  if (!_ingest_metadata_xml_is (root, "ColorCorrection") &&
      !_ingest_metadata_xml_is (root, "ColorDecisionList") &&
      !_ingest_metadata_xml_is (root, "ColorCorrectionCollection"))
    return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_MALFORMED,
                        _("%s: not an ASC CDL document"), name), NULL;

  corrections = _ingest_cdl_collect_corrections (root);
  for (guint i = 0; i < corrections->len && chosen == NULL; i++)
    {
      g_autofree char *this_id = _ingest_metadata_xml_prop (g_ptr_array_index (corrections, i), "id");

      if (id == NULL || g_strcmp0 (this_id, id) == 0)
        chosen = g_ptr_array_index (corrections, i);
    }
  if (chosen == NULL)
    return id == NULL
      ? (g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_MALFORMED,
                      _("%s: no ColorCorrection"), name), NULL)
      : (g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_MALFORMED,
                      _("%s: no ColorCorrection with id “%s”"), name, id), NULL);

  if (!_ingest_cdl_read_correction (chosen, &values, &reason))
    return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_MALFORMED,
                        "%s: %s", name, reason), NULL;
  if (!values.has_sop)
    for (guint i = 0; i < 3; i++)
      {
        values.slope[i] = values.power[i] = 1;
        values.offset[i] = 0;
      }
  if (!values.has_saturation)
    values.saturation = 1;
  if (!check_cdl (values.slope, values.offset, values.power, values.saturation, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  self = ingest_look_new (values.slope, values.offset, values.power, values.saturation, NULL, NULL);
  g_free (self->name);
  self->name = g_strdup (name);
  return self;
}

/**
 * ingest_look_new_from_cdl_file:
 * @path: a .cc, .cdl or .ccc file
 * @id: (nullable): the ColorCorrection id to use; %NULL for the first
 *
 * Returns: (transfer full) (nullable): the look, or %NULL with @error
 *   (%G_FILE_ERROR when the file cannot be read, else %INGEST_LOOK_ERROR)
 */
IngestLook *
ingest_look_new_from_cdl_file (const char  *path,
                               const char  *id,
                               GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = map_file (path, MAX_CDL_FILE_SIZE, error);
  if (bytes == NULL)
    return NULL;
  name = g_path_get_basename (path);
  return ingest_look_new_from_cdl_bytes (bytes, name, id, error);
}

/**
 * ingest_look_new_from_file:
 * @path: a `.cube` 3D LUT or an ASC CDL (`.cc`, `.cdl`, `.ccc`: its first
 *   correction), chosen by the extension (any case)
 *
 * Returns: (transfer full) (nullable): the look, or %NULL with @error
 *   (%G_FILE_ERROR when the file cannot be read, else %INGEST_LOOK_ERROR;
 *   %INGEST_LOOK_ERROR_UNSUPPORTED for another extension)
 */
IngestLook *
ingest_look_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *lower = NULL;
  g_autoptr(IngestCubeLut) lut = NULL;
  IngestLook *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".cc") || g_str_has_suffix (lower, ".cdl") ||
      g_str_has_suffix (lower, ".ccc"))
    return ingest_look_new_from_cdl_file (path, NULL, error);
  if (!g_str_has_suffix (lower, ".cube"))
    {
      g_autofree char *name = g_path_get_basename (path);

      return g_set_error (error, INGEST_LOOK_ERROR, INGEST_LOOK_ERROR_UNSUPPORTED,
                          _("%s: a look is a .cube 3D LUT or an ASC CDL (.cc, .cdl, .ccc)"),
                          name), NULL;
    }
  lut = ingest_cube_lut_new_from_file (path, error);
  if (lut == NULL)
    return NULL;
  self = ingest_look_new_from_cube_lut (lut);
  g_free (self->name);
  self->name = g_path_get_basename (path);
  return self;
}

IngestLook *
ingest_look_ref (IngestLook *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ingest_look_unref (IngestLook *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref))
    {
      g_clear_pointer (&self->lut, ingest_cube_lut_unref);
      g_free (self->name);
      g_free (self);
    }
}

/**
 * ingest_look_get_name:
 *
 * Returns: (nullable): the file the look came from (its base name), or the
 *   LUT's title
 */
const char *
ingest_look_get_name (IngestLook *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * ingest_look_get_cdl:
 * @slope: (out caller-allocates) (optional):
 * @offset: (out caller-allocates) (optional):
 * @power: (out caller-allocates) (optional):
 * @saturation: (out) (optional):
 *
 * Returns: whether the look has a CDL; without one the values are the
 *   identity's
 */
gboolean
ingest_look_get_cdl (IngestLook *self,
                     double      slope[3],
                     double      offset[3],
                     double      power[3],
                     double     *saturation)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (slope != NULL)
    memcpy (slope, self->slope, sizeof self->slope);
  if (offset != NULL)
    memcpy (offset, self->offset, sizeof self->offset);
  if (power != NULL)
    memcpy (power, self->power, sizeof self->power);
  if (saturation != NULL)
    *saturation = self->saturation;
  return self->has_cdl;
}

/**
 * ingest_look_get_cube_lut:
 *
 * Returns: (transfer none) (nullable): the LUT applied after the CDL
 */
IngestCubeLut *
ingest_look_get_cube_lut (IngestLook *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->lut;
}

/**
 * ingest_look_is_identity:
 *
 * Returns: whether the look leaves every colour in 0..1 as it is (no LUT, and
 *   no CDL or one of slope 1, offset 0, power 1, saturation 1)
 */
gboolean
ingest_look_is_identity (IngestLook *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->lut != NULL)
    return FALSE;
  if (!self->has_cdl)
    return TRUE;
  for (guint i = 0; i < 3; i++)
    if (self->slope[i] != 1 || self->offset[i] != 0 || self->power[i] != 1)
      return FALSE;
  return self->saturation == 1;
}

/**
 * ingest_look_apply:
 * @rgb_in: a colour, 0..1 for the CDL
 * @rgb_out: (out caller-allocates): the colour through the CDL (clamped to
 *   0..1 as ASC CDL v1.2 says) and then the LUT (not clamped)
 *
 * The reference the filter's 8-bit paths are tested against.
 */
void
ingest_look_apply (IngestLook  *self,
                   const float  rgb_in[3],
                   float        rgb_out[3])
{
  float rgb[3];

  g_return_if_fail (self != NULL);

  memcpy (rgb, rgb_in, sizeof rgb);
  if (self->has_cdl)
    {
      double sop[3], luma;

      for (guint i = 0; i < 3; i++)
        sop[i] = pow (CLAMP (rgb[i] * self->slope[i] + self->offset[i], 0.0, 1.0), self->power[i]);
      luma = LUMA_R * sop[0] + LUMA_G * sop[1] + LUMA_B * sop[2];
      for (guint i = 0; i < 3; i++)
        rgb[i] = CLAMP (luma + self->saturation * (sop[i] - luma), 0.0, 1.0);
    }
  if (self->lut != NULL)
    ingest_cube_lut_apply (self->lut, rgb, rgb_out);
  else
    memcpy (rgb_out, rgb, sizeof rgb);
}
