/* test-upload-common.h
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

/* What the upload test programs share: a destination that counts every
 * byte it is given, running a job to its end and what each file and
 * history did, reading ASC MHL chains back, the history-extended case for
 * either kind of destination, and the child that a tripwire kills while
 * the roll's history goes up. Nothing here starts a gateway. */

#pragma once

#include "ingest.h"
/* The test destinations subclass IngestDestination. */
#include "ingest-destination-private.h"

G_BEGIN_DECLS

#define MiB (1024 * 1024)

/*
 * A destination for tests: records every write so that a test can prove
 * each byte of each file arrived exactly once, in order.
 */
typedef struct
{
  IngestDestination  parent_instance;
  GMutex             lock;
  GHashTable        *seen;   /* key → bytes seen (exactly once each) */
  GHashTable        *md5;    /* key → md5 of the bytes seen */
  guint              n_begins;
  guint              n_finished;
  guint              n_held;
  gboolean           out_of_order;
  guint              write_delay_ms;  /* a slow destination: the read waits for it */
  guint              fatal_after;     /* fail for good after this many files (0 = never) */
  guint64            pull_after;      /* pull the drive (umount -l) after this many bytes */
  const char        *pull_mount_point;
  guint64            total;
  gboolean           pulled;
} Counting;

GType counting_get_type (void);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Counting, g_object_unref)

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  GPtrArray *states;   /* "path|uri|state|message|location" */
  GPtrArray *histories; /* "roll|uri|location|generation|state|message" */
} Run;

/* Where test_history_extended() delivers: a NAS folder, or the bucket
 * under @prefix (@nas NULL); the roll's copy is read back into @copy. */
typedef struct _HistoryPlace HistoryPlace;

/* How a program reaches its kind of destination; test_history_extended()
 * takes one as its data. @ready, when set, says whether the case can run
 * (it skips the test when not). */
typedef struct
{
  gboolean             in_bucket;
  gboolean           (*ready)       (void);
  IngestDestination *(*destination) (const HistoryPlace *place,
                                     IngestCatalog      *catalog);
  void               (*read_back)   (const HistoryPlace *place);
  void               (*remove_clip) (const HistoryPlace *place);
} HistoryPlaceOps;

struct _HistoryPlace
{
  const HistoryPlaceOps *ops;
  const char            *nas;
  const char            *prefix;
  const char            *copy;
};

/* A NAS folder: the copy is read where it lies. */
extern const HistoryPlaceOps history_place_folder;

void            run_done_cb            (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data);
gboolean        run_job_full           (IngestUploadJob  *job,
                                        GPtrArray       **states,
                                        GPtrArray       **histories,
                                        GError          **error);
gboolean        run_job                (IngestUploadJob *job,
                                        GPtrArray      **states);
guint           chain_last_generation  (const char *chain_path);
gboolean        generation_is_transfer (const char *ascmhl,
                                        guint       generation);
const char     *find_state             (GPtrArray  *states,
                                        const char *path_and_uri);
void            assert_same_bytes      (const char *source,
                                        const char *copy);
void            assert_clips_copied    (const char *roll,
                                        const char *copy_roll,
                                        guint       n);
void            test_history_extended  (gconstpointer data);
int             history_child_main     (const char *spec);
GHashTable     *snapshot_folder        (const char *path);
void            assert_nas_history     (const char *nas_roll,
                                        guint       n_files);

G_END_DECLS
