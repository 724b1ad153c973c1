/* ingest-metadata-stage.c
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

#define G_LOG_DOMAIN "ingest-metadata-stage"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "ingest-clip-grouper.h"
#include "ingest-clip-library.h"
#include "ingest-drive-session.h"
#include "ingest-file-outcome.h"
#include "ingest-metadata-extract.h"
#include "ingest-metadata-sink-private.h"
#include "ingest-metadata-stage.h"
#include "ingest-roll.h"

/*
 * prepare() copies the drive's rolls as plain data and starts the Worker: a
 * thread of its own at nice +10 that groups and reads one clip after the
 * other, with nothing shared with the main thread but the Worker (locked)
 * and a GCancellable. run_async() waits for the Worker's "done" (an idle
 * on the stage's main context), then does on the main thread what needs
 * the read and the upload: verdicts, locations, drive, the library.
 */

/* How much nicer than the read the worker is: it must never slow it. */
#define WORKER_NICE 10

typedef struct
{
  char           *name;
  char           *path;   /* relative to the drive, "" for its root */
  IngestCardKind  kind;
} RollJob;

typedef struct
{
  gint           ref_count;
  GMutex         lock;
  GCond          cond;
  /* Under the lock: */
  char          *root;          /* the drive's mount now */
  gboolean       paused;
  guint          pause_serial;  /* counts pauses: a clip read across one is read again */
  gboolean       done;
  GSource       *done_source;   /* NULL until the stage waits on it */
  GSource       *ready_source;  /* wakes the stage: clips read, verdicts came */
  GPtrArray     *ready;         /* of IngestClip: read, not yet handed to the stage */
  /* The thread's own until done, the main thread's after: */
  GPtrArray     *rolls;         /* of RollJob */
  GStrv          roll_paths;
  GPtrArray     *clips;         /* of IngestClip */
  guint64        bytes_read;
  char          *thumbnail_dir; /* beside the catalog; NULL: thumbnails stay in memory */
  GCancellable  *cancellable;
  GThread       *thread;
} Worker;

struct _IngestMetadataStage
{
  IngestSessionStage  parent_instance;

  GMainContext       *context;
  char               *production;
  char               *shoot_day;
  GListStore         *clips;
  guint64             bytes_read;

  Worker             *worker;
  IngestMetadataSink *sink;
  IngestDriveSession *session;         /* while a run is prepared (weak) */
  gulong              outcome_handler;
  GHashTable         *deliveries;      /* drive-relative path → GPtrArray of "dest\x1fURI" */
  gboolean            paused;          /* the drive is away: a worker started now waits */
  GTask              *task;            /* run_async's, while it waits */
  gulong              cancel_handler;
  GPtrArray          *waiting;         /* of IngestClip: read, some files without a verdict yet */
};

G_DEFINE_FINAL_TYPE (IngestMetadataStage, ingest_metadata_stage, INGEST_TYPE_SESSION_STAGE)

enum {
  CLIP_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The library outlives the drive: a thumbnail the card carried is kept as
 * a file beside the catalog, named by its content, and the clip points to
 * it. A thumbnail that cannot be written stays in memory only. */
static void
cache_thumbnail (Worker     *worker,
                 IngestClip *clip)
{
  GBytes *jpeg = ingest_clip_get_thumbnail (clip);
  g_autofree char *sum = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (jpeg == NULL || worker->thumbnail_dir == NULL)
    return;
  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  name = g_strconcat (sum, ".jpg", NULL);
  path = g_build_filename (worker->thumbnail_dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      (g_mkdir_with_parents (worker->thumbnail_dir, 0700) != 0 ||
       !g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error)))
    {
      g_debug ("Thumbnail of %s not kept: %s", ingest_clip_get_name (clip),
               error != NULL ? error->message : g_strerror (errno));
      return;
    }
  ingest_clip_set_thumbnail_path (clip, path);
}

/*
 * The worker
 */

static void
roll_job_free (RollJob *job)
{
  g_free (job->name);
  g_free (job->path);
  g_free (job);
}

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_int_inc (&worker->ref_count);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_int_dec_and_test (&worker->ref_count))
    return;
  g_free (worker->root);
  g_ptr_array_unref (worker->rolls);
  g_strfreev (worker->roll_paths);
  g_free (worker->thumbnail_dir);
  g_ptr_array_unref (worker->clips);
  g_ptr_array_unref (worker->ready);
  g_clear_object (&worker->cancellable);
  g_mutex_clear (&worker->lock);
  g_cond_clear (&worker->cond);
  g_free (worker);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Worker, worker_unref)

/* Waits while paused; returns the mount root to read from (a copy), or
 * NULL once cancelled. */
static char *
worker_wait_root (Worker *worker,
                  guint  *serial)
{
  char *root = NULL;

  g_mutex_lock (&worker->lock);
  while (worker->paused && !g_cancellable_is_cancelled (worker->cancellable))
    g_cond_wait (&worker->cond, &worker->lock);
  if (!g_cancellable_is_cancelled (worker->cancellable))
    root = g_strdup (worker->root);
  if (serial != NULL)
    *serial = worker->pause_serial;
  g_mutex_unlock (&worker->lock);
  return root;
}

static gboolean
worker_paused_since (Worker *worker,
                     guint   serial)
{
  gboolean paused;

  g_mutex_lock (&worker->lock);
  paused = worker->paused || worker->pause_serial != serial;
  g_mutex_unlock (&worker->lock);
  return paused;
}

/* A clip as the grouper made it, before any reader: to read it again. */
static IngestClip *
clip_copy_skeleton (IngestClip *clip)
{
  IngestClip *copy = ingest_clip_new (ingest_clip_get_name (clip), ingest_clip_get_kind (clip),
                                      ingest_clip_get_roll_name (clip), ingest_clip_get_roll_path (clip));
  gint64 first, last;

  for (guint i = 0; i < ingest_clip_get_n_files (clip); i++)
    ingest_clip_add_file (copy, ingest_clip_get_file (clip, i), ingest_clip_get_file_size (clip, i));
  if (ingest_clip_get_frame_range (clip, &first, &last))
    ingest_clip_set_frame_range (copy, first, last);
  for (guint i = 0; i < ingest_clip_get_n_missing_ranges (clip); i++)
    {
      ingest_clip_get_missing_range (clip, i, &first, &last);
      ingest_clip_add_missing_frames (copy, first, last);
    }
  return copy;
}

static char *
roll_root (const char *root,
           const char *roll_path)
{
  return roll_path[0] != '\0' ? g_build_filename (root, roll_path, NULL) : g_strdup (root);
}

/* Any thread: the stage looks at its waiting clips again. */
static void
worker_wake_stage (Worker *worker)
{
  g_mutex_lock (&worker->lock);
  if (worker->ready_source != NULL)
    g_source_set_ready_time (worker->ready_source, 0);
  g_mutex_unlock (&worker->lock);
}

/* One roll: grouped, each clip read (again, when the drive went away while
 * it was read), then the roll's own files. FALSE when cancelled. */
static gboolean
worker_read_roll (Worker  *worker,
                  RollJob *job)
{
  g_autoptr(IngestClipGrouping) grouping = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *folder = NULL;
  guint serial;

  for (;;)
    {
      g_free (root);
      root = worker_wait_root (worker, &serial);
      if (root == NULL)
        return FALSE;
      g_clear_error (&error);
      grouping = ingest_clip_scan_roll_excluding (root, job->path, job->kind, job->name,
                                                  (const char * const *) worker->roll_paths,
                                                  worker->cancellable, &error);
      if (grouping != NULL)
        break;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return FALSE;
      if (!worker_paused_since (worker, serial))
        {
          g_debug ("Roll %s left out: %s", job->path, error->message);
          return TRUE;
        }
    }

  for (guint i = 0; i < grouping->clips->len; i++)
    {
      for (;;)
        {
          IngestClip *clip = g_ptr_array_index (grouping->clips, i);

          g_free (root);
          root = worker_wait_root (worker, &serial);
          if (root == NULL)
            return FALSE;
          g_free (folder);
          folder = roll_root (root, job->path);
          if (!ingest_metadata_extract_clip (clip, folder, worker->cancellable, NULL))
            return FALSE;
          if (!worker_paused_since (worker, serial))
            {
              cache_thumbnail (worker, clip);
              break;
            }
          /* The drive went away meanwhile: what it said is not to be trusted. */
          g_ptr_array_index (grouping->clips, i) = clip_copy_skeleton (clip);
          g_object_unref (clip);
        }
    }

  g_free (root);
  root = worker_wait_root (worker, NULL);
  if (root == NULL)
    return FALSE;
  g_free (folder);
  folder = roll_root (root, job->path);
  if (!ingest_metadata_extract_roll (grouping->clips, folder, grouping->other_paths, worker->cancellable, NULL))
    return FALSE;

  for (guint i = 0; i < grouping->clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (grouping->clips, i);

      worker->bytes_read += ingest_clip_get_bytes_read (clip);
      g_ptr_array_add (worker->clips, g_object_ref (clip));
    }

  /* The roll's clips are final (its own files are read too): this thread
   * touches them no more, the stage may hand them out. */
  g_mutex_lock (&worker->lock);
  g_ptr_array_extend (worker->ready, grouping->clips, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_mutex_unlock (&worker->lock);
  worker_wake_stage (worker);
  return TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  g_autoptr(Worker) worker = data;
  GSource *source;

  /* Linux: a thread's nice value is its own (setpriority on its tid). */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICE) != 0)
    g_debug ("Could not lower the metadata worker's priority: %s", g_strerror (errno));

  for (guint i = 0; i < worker->rolls->len; i++)
    if (!worker_read_roll (worker, g_ptr_array_index (worker->rolls, i)))
      break;

  g_mutex_lock (&worker->lock);
  worker->done = TRUE;
  source = worker->done_source != NULL ? g_source_ref (worker->done_source) : NULL;
  g_mutex_unlock (&worker->lock);
  if (source != NULL)
    {
      g_source_set_ready_time (source, 0);
      g_source_unref (source);
    }
  return NULL;
}

static void
worker_cancel (Worker *worker)
{
  g_cancellable_cancel (worker->cancellable);
  g_mutex_lock (&worker->lock);
  g_cond_broadcast (&worker->cond);
  g_mutex_unlock (&worker->lock);
}

/* The stage lets go of a worker: it stops soon, on its own. */
static void
stage_drop_worker (IngestMetadataStage *self)
{
  Worker *worker = g_steal_pointer (&self->worker);

  if (worker == NULL)
    return;
  worker_cancel (worker);
  g_mutex_lock (&worker->lock);
  if (worker->done_source != NULL)
    {
      g_source_destroy (worker->done_source);
      g_clear_pointer (&worker->done_source, g_source_unref);
    }
  if (worker->ready_source != NULL)
    {
      g_source_destroy (worker->ready_source);
      g_clear_pointer (&worker->ready_source, g_source_unref);
    }
  g_mutex_unlock (&worker->lock);
  g_ptr_array_set_size (self->waiting, 0);
  if (worker->thread != NULL)
    g_thread_unref (worker->thread);
  worker->thread = NULL;
  worker_unref (worker);
}

/* The read ended (on the read's thread): a read that did not complete ends
 * the run without this stage's run_async, so the worker stops here. */
static void
sink_end_cb (gboolean completed,
             gpointer user_data)
{
  Worker *worker = user_data;

  if (!completed)
    worker_cancel (worker);
}

/* A verdict came (on a reader thread). */
static void
sink_verdict_cb (gpointer user_data)
{
  worker_wake_stage (user_data);
}

/*
 * What the upload delivered
 */

static void
file_outcome_cb (IngestDriveSession  *session,
                 IngestFileOutcome   *outcome,
                 IngestMetadataStage *self)
{
  GPtrArray *places = NULL;

  for (guint i = 0; i < ingest_file_outcome_get_n_deliveries (outcome); i++)
    {
      const IngestDelivery *delivery = ingest_file_outcome_get_delivery (outcome, i);
      g_autofree char *uri = NULL;

      if (!ingest_delivery_state_is_delivered (delivery->state) || delivery->location == NULL)
        continue;
      /* S3 locations are URIs already; a folder destination's are paths. */
      if (strstr (delivery->location, "://") != NULL)
        uri = g_strdup (delivery->location);
      else if (g_path_is_absolute (delivery->location))
        uri = g_filename_to_uri (delivery->location, NULL, NULL);
      if (uri == NULL)
        continue;
      if (places == NULL)
        {
          places = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_replace (self->deliveries, g_strdup (ingest_file_outcome_get_path (outcome)), places);
        }
      g_ptr_array_add (places, g_strconcat (delivery->destination, "\x1f", uri, NULL));
    }
}

static char *
drive_relative (IngestClip *clip,
                guint       index)
{
  const char *roll_path = ingest_clip_get_roll_path (clip);
  const char *file = ingest_clip_get_file (clip, index);

  return roll_path[0] != '\0' ? g_strconcat (roll_path, "/", file, NULL) : g_strdup (file);
}

/* A location per destination that holds every file of the clip: where its
 * media file is there. */
static void
set_locations (IngestMetadataStage *self,
               IngestClip          *clip)
{
  g_autofree char *media = drive_relative (clip, 0);
  GPtrArray *places = g_hash_table_lookup (self->deliveries, media);

  for (guint p = 0; places != NULL && p < places->len; p++)
    {
      const char *place = g_ptr_array_index (places, p);
      const char *sep = strchr (place, '\x1f');
      gsize dest_len = sep - place;
      gboolean whole = TRUE;

      for (guint f = 1; whole && f < ingest_clip_get_n_files (clip); f++)
        {
          g_autofree char *path = drive_relative (clip, f);
          GPtrArray *other = g_hash_table_lookup (self->deliveries, path);
          gboolean found = FALSE;

          for (guint q = 0; other != NULL && !found && q < other->len; q++)
            {
              const char *o = g_ptr_array_index (other, q);

              found = strncmp (o, place, dest_len) == 0 && o[dest_len] == '\x1f';
            }
          whole = found;
        }
      if (whole)
        ingest_clip_add_location (clip, sep + 1);
    }
}

/* mismatch > unreadable > missing > renamed > extra > verified (ingest-clip.h);
 * ignored files do not count. */
static int
status_rank (IngestValidationStatus status)
{
  switch (status)
    {
    case INGEST_VALIDATION_STATUS_MISMATCH: return 6;
    case INGEST_VALIDATION_STATUS_UNREADABLE: return 5;
    case INGEST_VALIDATION_STATUS_MISSING: return 4;
    case INGEST_VALIDATION_STATUS_RENAMED: return 3;
    case INGEST_VALIDATION_STATUS_EXTRA: return 2;
    case INGEST_VALIDATION_STATUS_VERIFIED: return 1;
    case INGEST_VALIDATION_STATUS_IGNORED:
    case INGEST_VALIDATION_N_STATUSES:
    default:
      return 0;
    }
}

static void
set_verification (IngestMetadataStage *self,
                  IngestClip          *clip)
{
  IngestValidationStatus worst = INGEST_VALIDATION_STATUS_VERIFIED;
  gboolean any = FALSE;

  for (guint f = 0; f < ingest_clip_get_n_files (clip); f++)
    {
      g_autofree char *path = drive_relative (clip, f);
      IngestValidationStatus status;

      if (!_ingest_metadata_sink_get_verdict (self->sink, path, &status) || status_rank (status) == 0)
        continue;
      if (!any || status_rank (status) > status_rank (worst))
        worst = status;
      any = TRUE;
    }
  if (any)
    ingest_clip_set_verification (clip, worst);
}

/* On the main context: clips the worker has read join the waiting ones;
 * each whose files all have their verdict is ready. */
static gboolean
ready_source_cb (gpointer user_data)
{
  IngestMetadataStage *self = user_data;
  g_autoptr(GPtrArray) ready = NULL;
  Worker *worker = self->worker;

  if (worker == NULL || self->sink == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&worker->lock);
  g_ptr_array_extend_and_steal (self->waiting, g_steal_pointer (&worker->ready));
  worker->ready = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_unlock (&worker->lock);

  ready = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->waiting->len;)
    {
      IngestClip *clip = g_ptr_array_index (self->waiting, i);
      gboolean all = TRUE;
      IngestValidationStatus status;

      for (guint f = 0; all && f < ingest_clip_get_n_files (clip); f++)
        {
          g_autofree char *path = drive_relative (clip, f);

          all = _ingest_metadata_sink_get_verdict (self->sink, path, &status);
        }
      if (all)
        g_ptr_array_add (ready, g_ptr_array_steal_index (self->waiting, i));
      else
        i++;
    }

  g_object_ref (self);
  for (guint i = 0; i < ready->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (ready, i);

      set_verification (self, clip);
      g_signal_emit (self, signals[CLIP_READY], 0, clip);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
ready_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs ready_source_funcs = { .dispatch = ready_source_dispatch };

/*
 * Run
 */

static void
stage_disconnect_session (IngestMetadataStage *self)
{
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->outcome_handler, self->session);
      g_object_remove_weak_pointer (G_OBJECT (self->session), (gpointer *) &self->session);
      self->session = NULL;
    }
}

static gboolean
ingest_metadata_stage_prepare (IngestSessionStage   *stage,
                               IngestDriveSession   *session,
                               IngestValidationJob  *read,
                               GError              **error)
{
  IngestMetadataStage *self = INGEST_METADATA_STAGE (stage);
  IngestDrive *drive = ingest_drive_session_get_drive (session);
  g_autoptr(GListModel) rolls = ingest_drive_list_rolls (drive);
  const char *root = ingest_validation_job_get_root (read);
  g_autoptr(Worker) worker = NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;

  stage_drop_worker (self);
  stage_disconnect_session (self);
  g_clear_object (&self->sink);
  g_hash_table_remove_all (self->deliveries);
  g_list_store_remove_all (self->clips);
  self->bytes_read = 0;

  worker = g_new0 (Worker, 1);
  worker->ref_count = 1;
  g_mutex_init (&worker->lock);
  g_cond_init (&worker->cond);
  worker->root = g_strdup (root);
  worker->paused = self->paused;
  worker->rolls = g_ptr_array_new_with_free_func ((GDestroyNotify) roll_job_free);
  worker->clips = g_ptr_array_new_with_free_func (g_object_unref);
  worker->ready = g_ptr_array_new_with_free_func (g_object_unref);
  worker->cancellable = g_cancellable_new ();
  if (ingest_drive_session_get_catalog (session) != NULL)
    {
      g_autofree char *catalog_dir = g_path_get_dirname (ingest_catalog_get_path (ingest_drive_session_get_catalog (session)));

      worker->thumbnail_dir = g_build_filename (catalog_dir, "thumbnails", NULL);
    }
  for (guint i = 0; rolls != NULL && i < g_list_model_get_n_items (rolls); i++)
    {
      g_autoptr(IngestRoll) roll = g_list_model_get_item (rolls, i);
      RollJob *job = g_new0 (RollJob, 1);
      const char *path = ingest_roll_get_path (roll);

      job->name = g_strdup (ingest_roll_get_name (roll));
      job->path = g_strdup (path == NULL || strcmp (path, ".") == 0 ? "" : path);
      job->kind = ingest_roll_get_kind (roll);
      g_strv_builder_add (paths, job->path);
      g_ptr_array_add (worker->rolls, job);
    }
  worker->roll_paths = g_strv_builder_end (paths);

  self->sink = _ingest_metadata_sink_new (sink_end_cb, sink_verdict_cb, worker);
  /* The sink's end can come after the stage let go of this worker. */
  g_object_set_data_full (G_OBJECT (self->sink), "ingest-worker", worker_ref (worker),
                          (GDestroyNotify) worker_unref);
  ingest_validation_job_add_sink (read, INGEST_READ_SINK (self->sink));

  self->session = session;
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &self->session);
  self->outcome_handler = g_signal_connect (session, "file-outcome", G_CALLBACK (file_outcome_cb), self);

  /* Clip-ready is only looked for when someone listens (the proxy stage). */
  if (g_signal_has_handler_pending (self, signals[CLIP_READY], 0, TRUE))
    {
      worker->ready_source = g_source_new (&ready_source_funcs, sizeof (GSource));
      g_source_set_name (worker->ready_source, "ingest-metadata-ready");
      g_source_set_callback (worker->ready_source, ready_source_cb, self, NULL);
      g_source_set_ready_time (worker->ready_source, -1);
      g_source_attach (worker->ready_source, self->context);
    }

  worker->thread = g_thread_try_new ("ingest-metadata", worker_thread, worker_ref (worker), &local_error);
  if (worker->thread == NULL)
    {
      worker_unref (worker);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot start reading the card’s metadata: %s"), local_error->message);
      stage_disconnect_session (self);
      return FALSE;
    }
  self->worker = g_steal_pointer (&worker);
  return TRUE;
}

static void
publish (IngestMetadataStage *self)
{
  Worker *worker = self->worker;
  IngestDriveSession *session = self->session;
  IngestDrive *drive = session != NULL ? ingest_drive_session_get_drive (session) : NULL;
  const char *label = drive != NULL ? ingest_drive_get_label (drive) : NULL;
  const char *identity = session != NULL ? ingest_drive_session_get_identity (session) : NULL;

  for (guint i = 0; i < worker->clips->len; i++)
    {
      IngestClip *clip = g_ptr_array_index (worker->clips, i);

      ingest_clip_set_drive_label (clip, label);
      ingest_clip_set_drive_identity (clip, identity);
      set_verification (self, clip);
      set_locations (self, clip);
    }
  self->bytes_read = worker->bytes_read;
  g_list_store_splice (self->clips, 0, g_list_model_get_n_items (G_LIST_MODEL (self->clips)),
                       worker->clips->pdata, worker->clips->len);
}

static void
finish_run (IngestMetadataStage *self,
            GError              *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->cancel_handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_handler);
  self->cancel_handler = 0;
  stage_disconnect_session (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IngestMetadataStage) self = user_data;
  GError *error = NULL;

  if (!ingest_clip_library_store_finish (INGEST_CLIP_LIBRARY (object), result, &error))
    g_prefix_error (&error, "%s", _("The clips could not be kept in the catalog: "));
  finish_run (self, error);
}

/* The worker is done: on the main context. */
static gboolean
worker_done_cb (gpointer user_data)
{
  IngestMetadataStage *self = user_data;
  Worker *worker = self->worker;
  IngestCatalog *catalog;

  g_mutex_lock (&worker->lock);
  g_clear_pointer (&worker->done_source, g_source_unref);
  g_mutex_unlock (&worker->lock);
  g_thread_join (g_steal_pointer (&worker->thread));

  if (g_task_return_error_if_cancelled (self->task) ||
      g_cancellable_is_cancelled (worker->cancellable))
    {
      GTask *task = g_steal_pointer (&self->task);

      if (!g_task_had_error (task))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
      if (self->cancel_handler != 0)
        g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_handler);
      self->cancel_handler = 0;
      stage_disconnect_session (self);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  /* The last roll's clips, if their wake-up has not come yet. */
  if (worker->ready_source != NULL)
    ready_source_cb (self);
  publish (self);
  catalog = self->session != NULL ? ingest_drive_session_get_catalog (self->session) : NULL;
  if (catalog != NULL && worker->clips->len > 0)
    {
      g_autoptr(IngestClipLibrary) library = ingest_clip_library_new (catalog);

      ingest_clip_library_store_async (library, worker->clips, self->production, self->shoot_day,
                                       g_task_get_cancellable (self->task), store_cb, g_object_ref (self));
      return G_SOURCE_REMOVE;
    }
  finish_run (self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
done_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs done_source_funcs = { .dispatch = done_source_dispatch };

static void
run_cancelled_cb (GCancellable        *cancellable,
                  IngestMetadataStage *self)
{
  /* Any thread; the worker sees it between two clips and ends. */
  if (self->worker != NULL)
    worker_cancel (self->worker);
}

static void
ingest_metadata_stage_run_async (IngestSessionStage  *stage,
                                 IngestDriveSession  *session,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  IngestMetadataStage *self = INGEST_METADATA_STAGE (stage);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Worker *worker = self->worker;
  GSource *source;

  g_task_set_source_tag (task, ingest_metadata_stage_run_async);
  if (worker == NULL || self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The metadata stage was not prepared for this run"));
      return;
    }
  self->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb), self, NULL);

  /* Waits without blocking: the worker wakes this source when it is done. */
  source = g_source_new (&done_source_funcs, sizeof (GSource));
  g_source_set_name (source, "ingest-metadata-done");
  g_source_set_callback (source, worker_done_cb, self, NULL);
  g_source_set_ready_time (source, -1);
  g_source_attach (source, self->context);
  g_mutex_lock (&worker->lock);
  worker->done_source = g_source_ref (source);
  if (worker->done)
    g_source_set_ready_time (source, 0);
  g_mutex_unlock (&worker->lock);
  g_source_unref (source);
}

static gboolean
ingest_metadata_stage_run_finish (IngestSessionStage  *stage,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stage), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ingest_metadata_stage_pause (IngestSessionStage *stage)
{
  IngestMetadataStage *self = INGEST_METADATA_STAGE (stage);

  self->paused = TRUE;
  if (self->worker == NULL)
    return;
  g_mutex_lock (&self->worker->lock);
  if (!self->worker->paused)
    {
      self->worker->paused = TRUE;
      self->worker->pause_serial++;
    }
  g_mutex_unlock (&self->worker->lock);
}

static void
ingest_metadata_stage_resume (IngestSessionStage *stage,
                              const char         *root)
{
  IngestMetadataStage *self = INGEST_METADATA_STAGE (stage);

  self->paused = FALSE;
  if (self->worker == NULL)
    return;
  g_mutex_lock (&self->worker->lock);
  if (root != NULL)
    {
      g_free (self->worker->root);
      self->worker->root = g_strdup (root);
    }
  self->worker->paused = FALSE;
  g_cond_broadcast (&self->worker->cond);
  g_mutex_unlock (&self->worker->lock);
}

/*
 * GObject
 */

static void
ingest_metadata_stage_dispose (GObject *object)
{
  IngestMetadataStage *self = INGEST_METADATA_STAGE (object);

  stage_drop_worker (self);
  stage_disconnect_session (self);
  g_clear_object (&self->sink);

  G_OBJECT_CLASS (ingest_metadata_stage_parent_class)->dispose (object);
}

static void
ingest_metadata_stage_finalize (GObject *object)
{
  IngestMetadataStage *self = INGEST_METADATA_STAGE (object);

  g_free (self->production);
  g_free (self->shoot_day);
  g_clear_object (&self->clips);
  g_hash_table_unref (self->deliveries);
  g_ptr_array_unref (self->waiting);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (ingest_metadata_stage_parent_class)->finalize (object);
}

static void
ingest_metadata_stage_class_init (IngestMetadataStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IngestSessionStageClass *stage_class = INGEST_SESSION_STAGE_CLASS (klass);

  object_class->dispose = ingest_metadata_stage_dispose;
  object_class->finalize = ingest_metadata_stage_finalize;
  stage_class->prepare = ingest_metadata_stage_prepare;
  stage_class->run_async = ingest_metadata_stage_run_async;
  stage_class->run_finish = ingest_metadata_stage_run_finish;
  stage_class->pause = ingest_metadata_stage_pause;
  stage_class->resume = ingest_metadata_stage_resume;
  ingest_session_stage_class_set_state (stage_class, INGEST_SESSION_STATE_INSPECTING);

  /**
   * IngestMetadataStage::clip-ready:
   * @clip: an #IngestClip, with its verification set
   *
   * A clip is grouped and read, and the read gave each of its files a
   * verdict: during the read, on the stage's main context, once per clip
   * and run. Connect before the run is prepared. (The proxy stage starts
   * a clip's proxy here, while the rest of the card is still read.)
   */
  signals[CLIP_READY] = g_signal_new ("clip-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, INGEST_TYPE_CLIP);
}

static void
ingest_metadata_stage_init (IngestMetadataStage *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->clips = g_list_store_new (INGEST_TYPE_CLIP);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->deliveries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
}

IngestMetadataStage *
ingest_metadata_stage_new (void)
{
  return g_object_new (INGEST_TYPE_METADATA_STAGE, NULL);
}

void
ingest_metadata_stage_set_production (IngestMetadataStage *self,
                                      const char          *production,
                                      const char          *shoot_day)
{
  g_return_if_fail (INGEST_IS_METADATA_STAGE (self));

  g_free (self->production);
  self->production = g_strdup (production);
  g_free (self->shoot_day);
  self->shoot_day = g_strdup (shoot_day);
}

/**
 * ingest_metadata_stage_get_clips:
 *
 * Returns: (transfer none): the last run's clips (of #IngestClip), in roll
 *   and name order, once read
 */
GListModel *
ingest_metadata_stage_get_clips (IngestMetadataStage *self)
{
  g_return_val_if_fail (INGEST_IS_METADATA_STAGE (self), NULL);

  return G_LIST_MODEL (self->clips);
}

/* Bytes the readers read for the last run's clips. */
guint64
ingest_metadata_stage_get_bytes_read (IngestMetadataStage *self)
{
  g_return_val_if_fail (INGEST_IS_METADATA_STAGE (self), 0);

  return self->bytes_read;
}
