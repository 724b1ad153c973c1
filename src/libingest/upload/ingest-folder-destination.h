/* ingest-folder-destination.h
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

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include "ingest-destination.h"
#include "ingest-upload-journal.h"

G_BEGIN_DECLS

#define INGEST_TYPE_FOLDER_DESTINATION (ingest_folder_destination_get_type ())

#define INGEST_FOLDER_DESTINATION(obj)    (G_TYPE_CHECK_INSTANCE_CAST ((obj), INGEST_TYPE_FOLDER_DESTINATION, IngestFolderDestination))
#define INGEST_IS_FOLDER_DESTINATION(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), INGEST_TYPE_FOLDER_DESTINATION))

/* Final; opaque like its parent (class structs in the .c file). */
typedef struct _IngestFolderDestination      IngestFolderDestination;
typedef struct _IngestFolderDestinationClass IngestFolderDestinationClass;

GType ingest_folder_destination_get_type (void) G_GNUC_CONST;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IngestFolderDestination, g_object_unref)

IngestFolderDestination *ingest_folder_destination_new             (const char              *folder,
                                                                    IngestCatalog           *catalog);
const char              *ingest_folder_destination_get_folder      (IngestFolderDestination *self);
void                     ingest_folder_destination_set_verify      (IngestFolderDestination *self,
                                                                    gboolean                 verify);
gboolean                 ingest_folder_destination_get_verify      (IngestFolderDestination *self);
void                     ingest_folder_destination_set_network_share (IngestFolderDestination *self,
                                                                      gboolean                 network_share);
gboolean                 ingest_folder_destination_get_network_share (IngestFolderDestination *self);
gboolean                 ingest_folder_destination_check           (IngestFolderDestination *self,
                                                                    GError                 **error);
gboolean                 ingest_folder_destination_abort_upload    (IngestFolderDestination *self,
                                                                    const IngestUploadRecord *record,
                                                                    GError                 **error);

G_END_DECLS
