/* ingest-destination-private.h
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

#if !defined (INGEST_COMPILATION)
# error "A private header of the Ingest core: not for applications."
#endif

#include "ingest-destination.h"

G_BEGIN_DECLS

struct _IngestDestination
{
  GObject parent_instance;
};

/*
 * IngestDestinationClass: what an implementation provides. begin() returns
 * its own struct that starts with an IngestDestinationFile (set up with
 * _ingest_destination_file_init()); the other calls get it back. After
 * finish(), hold() or suspend() only file_free() follows.
 *
 * finish(): the bytes matched the expected hash: deliver and check the copy.
 * hold(): they did not (or the read failed): never deliver; drop what was
 *   sent so nothing partial looks finished.
 * suspend(): the read stopped (cancelled, drive gone): keep what was sent
 *   so that a later begin() resumes.
 * fetch(): the whole content at a key (small files: a history's chain and
 *   manifests), or INGEST_UPLOAD_ERROR_NO_SUCH_KEY; never follows a link.
 */
struct _IngestDestinationClass
{
  GObjectClass parent_class;

  IngestDestinationFile *(*begin)           (IngestDestination        *self,
                                             const IngestUploadSource *source,
                                             GCancellable             *cancellable,
                                             GError                  **error);
  gboolean               (*write)           (IngestDestination        *self,
                                             IngestDestinationFile    *file,
                                             const guint8             *data,
                                             gsize                     len,
                                             guint64                   offset,
                                             GError                  **error);
  gboolean               (*finish)          (IngestDestination        *self,
                                             IngestDestinationFile    *file,
                                             GCancellable             *cancellable,
                                             GError                  **error);
  void                   (*hold)            (IngestDestination        *self,
                                             IngestDestinationFile    *file,
                                             const char               *reason);
  void                   (*suspend)         (IngestDestination        *self,
                                             IngestDestinationFile    *file);
  void                   (*file_free)       (IngestDestination        *self,
                                             IngestDestinationFile    *file);
  GError                *(*dup_fatal_error) (IngestDestination        *self);
  GBytes                *(*fetch)           (IngestDestination        *self,
                                             const char               *key,
                                             gsize                     max_size,
                                             GCancellable             *cancellable,
                                             GError                  **error);
};

typedef enum {
  INGEST_DESTINATION_FILE_OPEN,
  INGEST_DESTINATION_FILE_FINISHED,
  INGEST_DESTINATION_FILE_HELD,
  INGEST_DESTINATION_FILE_SUSPENDED,
} IngestDestinationFileState;

struct _IngestDestinationFile
{
  IngestDestination          *destination;   /* owned */
  char                       *location;      /* "s3://bucket/key" or a path */
  char                       *note;          /* why it restarted, what was re-sent */
  guint64                     bytes_sent;    /* atomic: new bytes delivered */
  guint64                     bytes_resumed; /* atomic: not sent again, the remote had them */
  gboolean                    already_delivered; /* the same bytes were there: nothing sent */
  IngestDestinationFileState  state;
};

void _ingest_destination_file_init     (IngestDestinationFile *file,
                                        IngestDestination     *destination,
                                        const char            *location);
void _ingest_destination_file_add_note (IngestDestinationFile *file,
                                        const char            *format,
                                        ...) G_GNUC_PRINTF (2, 3);
void _ingest_destination_file_set_already_delivered (IngestDestinationFile *file,
                                                     guint64                size);
char *_ingest_destination_renamed_key (const char *key,
                                       guint       n);

G_END_DECLS
