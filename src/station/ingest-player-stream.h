/* ingest-player-stream.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ingest.h"

G_BEGIN_DECLS

/* Where the player's sound goes. SILENT still runs the audio through the
 * level meter, clocked like a device (a fakesink that syncs): the choice
 * for a machine without a sound device (Xvfb, CI), where a device sink
 * would fail or wait. The default comes from INGEST_AUDIO_SINK ("fake" for
 * SILENT, anything else for DEVICE). */
typedef enum
{
  INGEST_PLAYER_AUDIO_OUTPUT_DEVICE,
  INGEST_PLAYER_AUDIO_OUTPUT_SILENT,
} IngestPlayerAudioOutput;

#define INGEST_TYPE_PLAYER_AUDIO_OUTPUT (ingest_player_audio_output_get_type ())
GType ingest_player_audio_output_get_type (void) G_GNUC_CONST;

#define INGEST_PLAYER_MAX_CHANNELS 8

#define INGEST_TYPE_PLAYER_STREAM (ingest_player_stream_get_type())

G_DECLARE_FINAL_TYPE (IngestPlayerStream, ingest_player_stream, INGEST, PLAYER_STREAM, GtkMediaStream)

IngestPlayerAudioOutput ingest_player_audio_output_default (void);

IngestPlayerStream *ingest_player_stream_new              (GFile                   *file,
                                                           IngestPlayerAudioOutput  output);
GFile              *ingest_player_stream_get_file         (IngestPlayerStream      *self);
/* The source timecode of the file's first frame, and its rate: the
 * timecode property counts from it per displayed frame. */
void                ingest_player_stream_set_timecode_start (IngestPlayerStream    *self,
                                                           const IngestTimecode    *start);
/* "HH:MM:SS:FF" of the frame shown, NULL before the first frame. */
const char         *ingest_player_stream_get_timecode     (IngestPlayerStream      *self);
/* Frames since the file's first, of the frame shown (-1: none yet). */
gint64              ingest_player_stream_get_frame        (IngestPlayerStream      *self);
/* The frames are scaled down to fit this box (device pixels); 0: as decoded. */
void                ingest_player_stream_set_max_size     (IngestPlayerStream      *self,
                                                           int                      width,
                                                           int                      height);
/* Playback rate: 1, 2, 4 forward, -1, -2, -4 reverse (any non-zero value). */
double              ingest_player_stream_get_rate         (IngestPlayerStream      *self);
void                ingest_player_stream_set_rate         (IngestPlayerStream      *self,
                                                           double                   rate);
/* The rate of the segment the pipeline plays, as GStreamer reports it. */
double              ingest_player_stream_query_pipeline_rate (IngestPlayerStream   *self);
/* One frame forward (a step event) or back (an accurate seek); pauses. */
void                ingest_player_stream_step             (IngestPlayerStream      *self,
                                                           int                      direction);
/* Audio levels of the last meter message, dBFS per channel (also the
 * "levels" property, a(dd) of peak and RMS, notified every 50 ms). */
guint               ingest_player_stream_get_n_channels   (IngestPlayerStream      *self);
double              ingest_player_stream_get_peak         (IngestPlayerStream      *self,
                                                           guint                    channel);
double              ingest_player_stream_get_rms          (IngestPlayerStream      *self,
                                                           guint                    channel);
/* Frame rate of the file's picture (0/1 until known). */
void                ingest_player_stream_get_frame_rate   (IngestPlayerStream      *self,
                                                           guint                   *num,
                                                           guint                   *den);

G_END_DECLS
