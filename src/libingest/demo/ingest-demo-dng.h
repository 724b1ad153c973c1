/* ingest-demo-dng.h
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

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A minimal DNG 1.4 writer: one uncompressed 16-bit RGGB CFA image in IFD0
 * (12-bit values, a test pattern), the camera's EXIF facts in an Exif IFD,
 * an optional JPEG preview as the EXIF thumbnail (IFD1), and optionally the
 * CinemaDNG TimeCodes and FrameRate tags. Little-endian. LibRaw and exiftool
 * both read what it writes (tests/test-metadata-raw.c).
 *
 * Unset text fields (NULL) and zero numbers are left out of the file.
 */
typedef struct
{
  guint        width;              /* even, 2…4096 */
  guint        height;             /* even, 2…4096 */
  guint        pattern;            /* varies the picture */
  const char  *make;
  const char  *model;
  const char  *serial;             /* Exif BodySerialNumber and DNG CameraSerialNumber */
  const char  *lens_model;
  const char  *lens_serial;
  const char  *software;
  const char  *date_time_original; /* "YYYY:MM:DD HH:MM:SS", also DateTime */
  guint        iso;
  guint        exposure_num;       /* ExposureTime, seconds: 1/50 → 1, 50 */
  guint        exposure_den;
  guint        f_number_num;       /* FNumber: 2.8 → 28, 10 */
  guint        f_number_den;
  guint        focal_num;          /* FocalLength, mm: 35 → 35, 1 */
  guint        focal_den;
  double       as_shot_neutral[3]; /* AsShotNeutral, each in (0, 1]; all 0: left out */
  GBytes      *preview_jpeg;       /* NULL: no preview */
  const guint8 *time_codes;        /* 8 bytes, CinemaDNG TimeCodes; NULL: none */
  gint         frame_rate_num;     /* CinemaDNG FrameRate; 0: none */
  gint         frame_rate_den;
} IngestDemoDng;

GBytes *ingest_demo_dng_new (const IngestDemoDng *dng);

G_END_DECLS
