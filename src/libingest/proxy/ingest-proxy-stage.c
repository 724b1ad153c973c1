/* ingest-proxy-stage.c
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

#define G_LOG_DOMAIN "ingest-proxy-stage"

#include "config.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "ingest-proxy-catalog-private.h"
#include "ingest-proxy-maker.h"
#include "ingest-proxy-source.h"
#include "ingest-proxy-stage.h"

/*
 * The main thread owns everything here: the entries (one per clip), the
 * queue and the counts. A Job is what a pool thread sees: plain data (the
 * source, a copy of the settings, the folder, a cancellable) in, a plain
 * result out, handed back with g_main_context_invoke. Jobs carry the run's
 * serial: one that comes back after a new run was prepared is dropped.
 */

/* As nice as the metadata worker: the read and the upload come first. */
#define WORKER_NICE 10
/* Linux I/O priority: best-effort class, lowest level (ioprio.h is not
 * installed everywhere, so the values are spelled here). */
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_BE 2
#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_LOWEST_BE ((IOPRIO_CLASS_BE << IOPRIO_CLASS_SHIFT) | 7)

typedef enum
{
  ENTRY_QUEUED,
  ENTRY_RUNNING,
  ENTRY_DONE,
} EntryState;

typedef struct
{
  IngestClip   *clip;
  EntryState    state;
  GCancellable *cancellable;  /* while running */
  gboolean      requeue;      /* stopped by a pause: runs again */
} Entry;

typedef struct
{
  IngestProxyStage    *stage;     /* a ref: the stage outlives its jobs */
  Entry               *entry;     /* the main thread's; valid while serial matches */
  guint                serial;
  IngestProxySource   *source;
  IngestProxySettings *settings;
  char                *out_dir;
  GCancellable        *cancellable;
  IngestProxyResult   *result;
  GError              *error;
} Job;

struct _IngestProxyStage
{
  IngestSessionStage   parent_instance;

  GMainContext        *context;
  IngestMetadataStage *metadata;
  IngestProxySettings *settings;
  char                *output_dir;
  gboolean             disabled;
  char                *settings_key;     /* the run's, to compare with the catalog's rows */
  gboolean             no_delivery;
  char                *key_template;     /* NULL: INGEST_PROXY_KEY_TEMPLATE_DEFAULT */
  char                *production;
  char                *shoot_day;
  char                *run_production;   /* the delivery's, from these or the upload's layout */
  char                *run_shoot_day;

  /* The run */
  guint                serial;
  IngestDriveSession  *session;          /* while a run is prepared (weak) */
  gulong               running_handler;
  gulong               ready_handler;
  IngestCatalog       *catalog;
  char                *identity;
  char                *root;             /* the drive's mount now */
  gboolean             paused;
  gboolean             all_known;        /* run_async swept the metadata stage's clips */
  gboolean             cancelled;
  GHashTable          *records;          /* the catalog's rows for this drive */
  GHashTable          *known;            /* catalog key → Entry */
  GPtrArray           *entries;          /* of Entry */
  GQueue               queue;            /* of Entry, ENTRY_QUEUED */
  GThreadPool         *pool;
  guint                running;
  guint                writes;           /* catalog writes in flight */
  GListStore          *pending;          /* of IngestClip: still need the drive */
  GPtrArray           *results;          /* of IngestProxyResult */
  GTask               *task;             /* run_async's, while it waits */
  gulong               cancel_handler;

  /* Delivery, once every clip is done: one roll folder after the other. */
  GPtrArray           *destinations;     /* of IngestDestination; NULL: none */
  GPtrArray           *folders;          /* of char *, "folder\x1froll" */
  guint                next_folder;
  gboolean             delivering;
  gboolean             delivered;
  IngestProxyDelivery *delivery;
  GError              *delivery_error;

  guint                n_made;
  guint                n_reused;
  guint                n_failed;
  guint                n_no_preview;
};

G_DEFINE_FINAL_TYPE (IngestProxyStage, ingest_proxy_stage, INGEST_TYPE_SESSION_STAGE)

enum {
  PROP_0,
  PROP_NEEDS_DRIVE,
  PROP_BUSY,
  PROP_DELIVERING,
  PROP_N_CLIPS,
  PROP_N_MADE,
  PROP_N_REUSED,
  PROP_N_FAILED,
  PROP_N_NO_PREVIEW,
  PROP_N_PENDING,
  N_PROPS
};

enum {
  CLIP_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void stage_dispatch (IngestProxyStage *self);
static void stage_check_finished (IngestProxyStage *self);

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->clip);
  g_clear_object (&entry->cancellable);
  g_free (entry);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->stage);
  ingest_proxy_source_free (job->source);
  ingest_proxy_settings_free (job->settings);
  g_free (job->out_dir);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->result, ingest_proxy_result_free);
  g_clear_error (&job->error);
  g_free (job);
}

/* A name the card chose, as one safe path component. */
static char *
path_component (const char *name)
{
  char *safe = g_strdup (name != NULL && name[0] != '\0' ? name : "_");

  g_strdelimit (safe, "/\\:", '_');
  if (strcmp (safe, ".") == 0 || strcmp (safe, "..") == 0)
    safe[0] = '_';
  return safe;
}

static char *
roll_root (const char *root,
           const char *roll_path)
{
  return roll_path == NULL || roll_path[0] == '\0' || strcmp (roll_path, ".") == 0
    ? g_strdup (root) : g_build_filename (root, roll_path, NULL);
}

static char *
stage_dup_out_dir (IngestProxyStage *self,
                   IngestClip       *clip)
{
  g_autofree char *base = NULL;
  g_autofree char *drive = path_component (self->identity);
  g_autofree char *roll = path_component (ingest_clip_get_roll_name (clip));

  if (self->output_dir != NULL)
    base = g_strdup (self->output_dir);
  else if (self->catalog != NULL)
    {
      g_autofree char *catalog_dir = g_path_get_dirname (ingest_catalog_get_path (self->catalog));

      base = g_build_filename (catalog_dir, "proxies", NULL);
    }
  else
    base = g_build_filename (g_get_user_cache_dir (), "ingest-station", "proxies", NULL);
  return g_build_filename (base, drive, roll, NULL);
}

static void
notify_counts (IngestProxyStage *self,
               gboolean          pending_changed)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (pending_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_DRIVE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
remove_pending (IngestProxyStage *self,
                IngestClip       *clip)
{
  guint position;

  if (g_list_store_find (self->pending, clip, &position))
    {
      g_list_store_remove (self->pending, position);
      notify_counts (self, TRUE);
    }
}

/*
 * The pool's side
 */

static gboolean
job_done_cb (gpointer data);

static void
job_thread (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  pid_t tid = (pid_t) syscall (SYS_gettid);

  /* Linux: a thread's nice and I/O priority are its own (the pool is
   * exclusive: its threads only ever run proxies). The pipeline's
   * streaming threads get theirs from the maker's task pool. */
  if (setpriority (PRIO_PROCESS, (id_t) tid, WORKER_NICE) != 0)
    g_debug ("Could not lower the proxy worker's priority: %s", g_strerror (errno));
  /* SCHED_IDLE: the proxy runs on what the read and the upload leave,
   * not on a share of it as nice alone gives (measured: nice +10 slowed a
   * local upload 1.9×). Threads it starts (GStreamer's, x264's, libav's)
   * inherit the policy. */
  {
    struct sched_param param = { 0 };

    if (sched_setscheduler ((pid_t) tid, SCHED_IDLE, &param) != 0)
      g_debug ("Could not make the proxy worker idle-priority: %s", g_strerror (errno));
  }
  if (syscall (SYS_ioprio_set, IOPRIO_WHO_PROCESS, tid, IOPRIO_LOWEST_BE) != 0)
    g_debug ("Could not lower the proxy worker's I/O priority: %s", g_strerror (errno));

  if (!g_cancellable_is_cancelled (job->cancellable))
    job->result = ingest_proxy_make_sync (job->source, job->settings, job->out_dir,
                                          job->cancellable, &job->error);
  else
    g_set_error_literal (&job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  g_assert (job->result != NULL || job->error != NULL);

  g_main_context_invoke_full (job->stage->context, G_PRIORITY_DEFAULT, job_done_cb, job, NULL);
}

/*
 * The main thread's side
 */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IngestProxyStage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A proxy the catalog did not record is only made again next time. */
  if (!_ingest_proxy_catalog_store_finish (INGEST_CATALOG (object), result, &error))
    g_debug ("A proxy was not recorded in the catalog: %s", error->message);
  self->writes--;
  stage_check_finished (self);
}

static void
apply_result (IngestProxyStage        *self,
              Entry                   *entry,
              const IngestProxyResult *result,
              gboolean                 record)
{
  IngestClip *clip = entry->clip;

  entry->state = ENTRY_DONE;
  switch (result->status)
    {
    case INGEST_PROXY_STATUS_MADE:
      self->n_made++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MADE]);
      break;
    case INGEST_PROXY_STATUS_REUSED:
      self->n_made++;
      self->n_reused++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MADE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REUSED]);
      break;
    case INGEST_PROXY_STATUS_NO_PREVIEW:
      self->n_no_preview++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NO_PREVIEW]);
      break;
    case INGEST_PROXY_STATUS_FAILED:
    default:
      self->n_failed++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
      break;
    }

  if (result->proxy_path != NULL)
    ingest_clip_set_preview (clip, result->proxy_path, result->poster_path,
                             result->filmstrip_frames > 0 ? result->filmstrip_path : NULL,
                             result->filmstrip_frames);
  else if (result->reason != NULL)
    ingest_clip_set_preview_problem (clip, result->reason);

  g_ptr_array_add (self->results, ingest_proxy_result_copy (result));
  if (record && self->catalog != NULL && self->identity != NULL)
    {
      self->writes++;
      _ingest_proxy_catalog_store_async (self->catalog, self->identity, ingest_clip_get_roll_path (clip),
                                         ingest_clip_get_roll_name (clip), self->settings, result,
                                         NULL, store_cb, g_object_ref (self));
    }
  remove_pending (self, clip);
  g_signal_emit (self, signals[CLIP_DONE], 0, clip, result);
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  IngestProxyStage *self = g_object_ref (job->stage);
  Entry *entry = job->entry;

  self->running--;
  if (self->running == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (job->serial == self->serial)
    {
      g_clear_object (&entry->cancellable);
      if (g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (entry->requeue && !self->cancelled)
            {
              /* The drive went away under it: again, from the start, at its next mount. */
              entry->requeue = FALSE;
              entry->state = ENTRY_QUEUED;
              g_queue_push_head (&self->queue, entry);
            }
          else
            entry->state = ENTRY_DONE;
        }
      else if (entry->requeue && job->result == NULL && !self->cancelled)
        {
          /* It failed because the drive went away: not the clip's fault. */
          entry->requeue = FALSE;
          entry->state = ENTRY_QUEUED;
          g_queue_push_head (&self->queue, entry);
        }
      else
        {
          g_autoptr(IngestProxyResult) failed = NULL;

          if (job->result == NULL)
            failed = ingest_proxy_result_new_failed (job->source->clip_name, job->error);
          apply_result (self, entry, job->result != NULL ? job->result : failed, TRUE);
        }
    }
  job_free (job);
  stage_dispatch (self);
  stage_check_finished (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
stage_dispatch (IngestProxyStage *self)
{
  while (!self->paused && !self->cancelled && self->root != NULL && self->pool != NULL &&
         self->running < MAX (self->settings->max_parallel, 1) && !g_queue_is_empty (&self->queue))
    {
      Entry *entry = g_queue_pop_head (&self->queue);
      g_autofree char *folder = roll_root (self->root, ingest_clip_get_roll_path (entry->clip));
      g_autoptr(GError) error = NULL;
      Job *job = g_new0 (Job, 1);

      entry->state = ENTRY_RUNNING;
      entry->cancellable = g_cancellable_new ();
      job->stage = g_object_ref (self);
      job->entry = entry;
      job->serial = self->serial;
      job->source = ingest_proxy_source_new_for_clip (entry->clip, folder);
      job->settings = ingest_proxy_settings_copy (self->settings);
      job->out_dir = stage_dup_out_dir (self, entry->clip);
      job->cancellable = g_object_ref (entry->cancellable);
      if (self->running++ == 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      if (!g_thread_pool_push (self->pool, job, &error))
        {
          g_autoptr(IngestProxyResult) failed = ingest_proxy_result_new_failed (job->source->clip_name, error);

          if (--self->running == 0)
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
          g_clear_object (&entry->cancellable);
          job_free (job);
          apply_result (self, entry, failed, FALSE);
        }
    }
}

/* A clip the metadata stage has read and the read has verdicts for. */
static void
stage_add_clip (IngestProxyStage *self,
                IngestClip       *clip)
{
  g_autofree char *key = _ingest_proxy_catalog_key (ingest_clip_get_roll_path (clip), ingest_clip_get_name (clip));
  IngestProxyRecord *record;
  IngestValidationStatus status;
  Entry *entry;

  if (g_hash_table_contains (self->known, key))
    return;
  record = self->records != NULL ? g_hash_table_lookup (self->records, key) : NULL;
  entry = g_new0 (Entry, 1);
  entry->clip = g_object_ref (clip);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->known, g_steal_pointer (&key), entry);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIPS]);

  /* Done in an earlier run (a restart after a crash, a re-plug) with the
   * same preset: the drive is not needed for it. */
  if (record != NULL && record->preset == self->settings->preset && self->settings_key != NULL &&
      g_strcmp0 (record->settings, self->settings_key) == 0 &&
      (record->result->status == INGEST_PROXY_STATUS_NO_PREVIEW ||
       ((record->result->status == INGEST_PROXY_STATUS_MADE || record->result->status == INGEST_PROXY_STATUS_REUSED) &&
        record->result->proxy_path != NULL && g_file_test (record->result->proxy_path, G_FILE_TEST_IS_REGULAR))))
    {
      g_autoptr(IngestProxyResult) reused = ingest_proxy_result_copy (record->result);

      if (reused->status == INGEST_PROXY_STATUS_MADE)
        reused->status = INGEST_PROXY_STATUS_REUSED;
      apply_result (self, entry, reused, FALSE);
      return;
    }

  /* Bytes that did not verify are not worth watching: say so instead. */
  if (ingest_clip_get_verification (clip, &status) &&
      (status == INGEST_VALIDATION_STATUS_MISMATCH || status == INGEST_VALIDATION_STATUS_UNREADABLE))
    {
      g_autoptr(IngestProxyResult) failed = ingest_proxy_result_new (ingest_clip_get_name (clip),
                                                                     INGEST_PROXY_STATUS_FAILED);

      failed->reason = g_strdup (_("Its files did not verify: no proxy is made from them"));
      apply_result (self, entry, failed, TRUE);
      return;
    }

  g_list_store_append (self->pending, clip);
  notify_counts (self, TRUE);
  g_queue_push_tail (&self->queue, entry);
  stage_dispatch (self);
}

static void
clip_ready_cb (IngestMetadataStage *metadata,
               IngestClip          *clip,
               IngestProxyStage    *self)
{
  /* Only for a run this stage is prepared for (and still in). */
  if (self->session != NULL && !self->disabled && !self->cancelled)
    stage_add_clip (self, clip);
}

/* Stops every clip in flight and forgets the queue. */
static void
stage_cancel_all (IngestProxyStage *self)
{
  self->cancelled = TRUE;
  g_queue_clear (&self->queue);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->cancellable != NULL)
        g_cancellable_cancel (entry->cancellable);
    }
}

static void
stage_disconnect_session (IngestProxyStage *self)
{
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->running_handler, self->session);
      g_object_remove_weak_pointer (G_OBJECT (self->session), (gpointer *) &self->session);
      self->session = NULL;
    }
}

static void
set_delivering (IngestProxyStage *self,
                gboolean          delivering)
{
  if (self->delivering == delivering)
    return;
  self->delivering = delivering;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERING]);
}

static void deliver_next (IngestProxyStage *self);

static void
delivery_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IngestProxyStage) self = user_data;
  IngestProxyDelivery *delivery = INGEST_PROXY_DELIVERY (object);
  g_autoptr(GError) error = NULL;

  if (!ingest_proxy_delivery_run_finish (delivery, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->cancelled = TRUE;
      else if (self->delivery_error == NULL)
        self->delivery_error = g_error_copy (error);
    }
  else if (ingest_proxy_delivery_get_n_failed (delivery) > 0 && self->delivery_error == NULL)
    self->delivery_error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                        g_dngettext (GETTEXT_PACKAGE, "%u proxy of %s was not delivered",
                                                     "%u proxies of %s were not delivered",
                                                     ingest_proxy_delivery_get_n_failed (delivery)),
                                        ingest_proxy_delivery_get_n_failed (delivery),
                                        ingest_proxy_delivery_get_folder (delivery));
  if (self->delivery == delivery)
    g_clear_object (&self->delivery);
  deliver_next (self);
}

/* Each roll folder that has a proxy, one at a time (a folder's history
 * takes one delivery at a time). */
static void
deliver_next (IngestProxyStage *self)
{
  while (!self->cancelled && self->next_folder < self->folders->len)
    {
      const char *entry = g_ptr_array_index (self->folders, self->next_folder++);
      const char *sep = strchr (entry, '\x1f');
      g_autofree char *folder = g_strndup (entry, sep - entry);
      g_autoptr(GError) error = NULL;

      self->delivery = ingest_proxy_delivery_new (folder, self->destinations, self->key_template,
                                                  self->run_production, self->run_shoot_day, sep + 1, &error);
      if (self->delivery == NULL)
        {
          if (self->delivery_error == NULL)
            self->delivery_error = g_steal_pointer (&error);
          continue;
        }
      ingest_proxy_delivery_run_async (self->delivery, g_task_get_cancellable (self->task),
                                       delivery_done_cb, g_object_ref (self));
      return;
    }
  set_delivering (self, FALSE);
  self->delivered = TRUE;
  stage_check_finished (self);
}

/* The run's proxies go where the session's upload put the footage. */
static gboolean
start_delivery (IngestProxyStage *self)
{
  IngestSessionStage *read = self->session != NULL ? ingest_drive_session_get_read_stage (self->session) : NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  IngestKeyTemplate *layout;
  GPtrArray *destinations;

  self->delivered = TRUE;
  if (self->no_delivery || !INGEST_IS_UPLOAD_STAGE (read) || self->task == NULL)
    return FALSE;
  destinations = ingest_upload_stage_get_destinations (INGEST_UPLOAD_STAGE (read));
  if (destinations == NULL || destinations->len == 0)
    return FALSE;
  g_clear_pointer (&self->destinations, g_ptr_array_unref);
  self->destinations = g_ptr_array_copy (destinations, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (self->destinations, g_object_unref);
  /* {production} and {shoot-day} as the originals got them, unless set. */
  layout = ingest_upload_stage_get_key_template (INGEST_UPLOAD_STAGE (read));
  g_free (self->run_production);
  self->run_production = g_strdup (self->production != NULL || layout == NULL ? self->production
                                   : ingest_key_template_get_variable (layout, "production"));
  g_free (self->run_shoot_day);
  self->run_shoot_day = g_strdup (self->shoot_day != NULL || layout == NULL ? self->shoot_day
                                  : ingest_key_template_get_variable (layout, "shoot-day"));

  g_clear_pointer (&self->folders, g_ptr_array_unref);
  self->folders = g_ptr_array_new_with_free_func (g_free);
  self->next_folder = 0;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      const char *proxy = entry->clip != NULL ? ingest_clip_get_proxy_path (entry->clip) : NULL;
      g_autofree char *folder = NULL;
      char *item;

      if (proxy == NULL)
        continue;
      folder = g_path_get_dirname (proxy);
      item = g_strconcat (folder, "\x1f", ingest_clip_get_roll_name (entry->clip), NULL);
      if (g_hash_table_contains (seen, item))
        {
          g_free (item);
          continue;
        }
      g_hash_table_add (seen, item);
      g_ptr_array_add (self->folders, item);
    }
  if (self->folders->len == 0)
    return FALSE;
  self->delivered = FALSE;
  set_delivering (self, TRUE);
  deliver_next (self);
  return TRUE;
}

static void
stage_check_finished (IngestProxyStage *self)
{
  g_autoptr(GTask) task = NULL;
  GError *error;

  if (self->task == NULL || self->running > 0 || self->writes > 0 || self->delivering)
    return;
  if (!self->cancelled && (!self->all_known || !g_queue_is_empty (&self->queue)))
    return;
  if (!self->cancelled && !self->delivered && start_delivery (self))
    return;

  task = g_steal_pointer (&self->task);
  if (self->cancel_handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_handler);
  self->cancel_handler = 0;
  stage_disconnect_session (self);
  error = g_steal_pointer (&self->delivery_error);
  if (self->cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
  else if (error != NULL)
    {
      g_prefix_error (&error, "%s", _("The proxies could not be delivered: "));
      g_task_return_error (task, error);
      error = NULL;
    }
  else
    g_task_return_boolean (task, TRUE);
  g_clear_error (&error);
}

/* The session stopped before this stage's turn (a failed or cancelled
 * read): what is in flight stops too. */
static void
session_running_cb (IngestDriveSession *session,
                    GParamSpec         *pspec,
                    IngestProxyStage   *self)
{
  if (!ingest_drive_session_get_running (session) && self->task == NULL)
    {
      stage_cancel_all (self);
      stage_disconnect_session (self);
    }
}

static gboolean
run_cancelled_idle (gpointer user_data)
{
  IngestProxyStage *self = user_data;

  if (self->task != NULL)
    {
      stage_cancel_all (self);
      stage_check_finished (self);
    }
  return G_SOURCE_REMOVE;
}

static void
run_cancelled_cb (GCancellable     *cancellable,
                  IngestProxyStage *self)
{
  /* Any thread: the rest on the stage's context. */
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, run_cancelled_idle,
                              g_object_ref (self), g_object_unref);
}

/*
 * IngestSessionStage
 */

static gboolean
ingest_proxy_stage_prepare (IngestSessionStage   *stage,
                            IngestDriveSession   *session,
                            IngestValidationJob  *read,
                            GError              **error)
{
  IngestProxyStage *self = INGEST_PROXY_STAGE (stage);
  g_autoptr(GError) local_error = NULL;
  guint threads = MAX (self->settings->max_parallel, 1);

  /* What an earlier run left in flight is dropped by the serial. */
  stage_cancel_all (self);
  stage_disconnect_session (self);
  self->serial++;
  self->cancelled = FALSE;
  self->all_known = FALSE;
  g_queue_clear (&self->queue);
  g_hash_table_remove_all (self->known);
  g_ptr_array_set_size (self->entries, 0);
  g_ptr_array_set_size (self->results, 0);
  g_list_store_remove_all (self->pending);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->identity, g_free);
  self->n_made = self->n_reused = self->n_failed = self->n_no_preview = 0;
  self->delivered = FALSE;
  g_clear_error (&self->delivery_error);
  if (self->disabled)
    {
      /* Switched off for this run: nothing to make, nothing needs the drive. */
      self->all_known = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_DRIVE]);
      return TRUE;
    }

  self->root = (g_free (self->root), g_strdup (ingest_validation_job_get_root (read)));
  g_free (self->settings_key);
  self->settings_key = _ingest_proxy_catalog_settings_key (self->settings);
  self->identity = g_strdup (ingest_drive_session_get_identity (session));
  if (ingest_drive_session_get_catalog (session) != NULL)
    {
      self->catalog = g_object_ref (ingest_drive_session_get_catalog (session));
      self->records = _ingest_proxy_catalog_load (self->catalog, self->identity, &local_error);
      if (self->records == NULL)
        g_debug ("Proxies made before are made again: %s", local_error->message);
      g_clear_error (&local_error);
    }

  if (self->pool == NULL || g_thread_pool_get_max_threads (self->pool) != (int) threads)
    {
      if (self->pool != NULL)
        g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, FALSE);
      self->pool = g_thread_pool_new (job_thread, NULL, (int) threads, TRUE, &local_error);
      if (self->pool == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot start making proxies: %s"), local_error->message);
          return FALSE;
        }
    }

  self->session = session;
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &self->session);
  self->running_handler = g_signal_connect (session, "notify::running", G_CALLBACK (session_running_cb), self);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint p = PROP_NEEDS_DRIVE; p < N_PROPS; p++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

static void
ingest_proxy_stage_run_async (IngestSessionStage  *stage,
                              IngestDriveSession  *session,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  IngestProxyStage *self = INGEST_PROXY_STAGE (stage);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GListModel *clips;

  g_task_set_source_tag (task, ingest_proxy_stage_run_async);
  if (self->disabled)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->pool == NULL || self->task != NULL || self->serial == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The proxy stage was not prepared for this run"));
      return;
    }
  self->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb), self, NULL);

  /* The metadata stage is done: its clips are all there, and any whose
   * verdicts never all came (a file the read left out) starts now. */
  clips = self->metadata != NULL ? ingest_metadata_stage_get_clips (self->metadata) : NULL;
  for (guint i = 0; clips != NULL && i < g_list_model_get_n_items (clips); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (clips, i);

      stage_add_clip (self, clip);
    }
  self->all_known = TRUE;
  notify_counts (self, TRUE);
  if (g_cancellable_is_cancelled (cancellable))
    stage_cancel_all (self);
  stage_check_finished (self);
}

static gboolean
ingest_proxy_stage_run_finish (IngestSessionStage  *stage,
                               GAsyncResult        *result,
                               GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stage), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ingest_proxy_stage_pause (IngestSessionStage *stage)
{
  IngestProxyStage *self = INGEST_PROXY_STAGE (stage);

  self->paused = TRUE;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->state == ENTRY_RUNNING && entry->cancellable != NULL)
        {
          entry->requeue = TRUE;
          g_cancellable_cancel (entry->cancellable);
        }
    }
}

static void
ingest_proxy_stage_resume (IngestSessionStage *stage,
                           const char         *root)
{
  IngestProxyStage *self = INGEST_PROXY_STAGE (stage);

  self->paused = FALSE;
  if (root != NULL)
    {
      g_free (self->root);
      self->root = g_strdup (root);
    }
  stage_dispatch (self);
}

/*
 * GObject
 */

static void
ingest_proxy_stage_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IngestProxyStage *self = INGEST_PROXY_STAGE (object);

  switch (prop_id)
    {
    case PROP_NEEDS_DRIVE:
      g_value_set_boolean (value, ingest_proxy_stage_get_needs_drive (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->running > 0);
      break;
    case PROP_DELIVERING:
      g_value_set_boolean (value, self->delivering);
      break;
    case PROP_N_CLIPS:
      g_value_set_uint (value, self->entries->len);
      break;
    case PROP_N_MADE:
      g_value_set_uint (value, self->n_made);
      break;
    case PROP_N_REUSED:
      g_value_set_uint (value, self->n_reused);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    case PROP_N_NO_PREVIEW:
      g_value_set_uint (value, self->n_no_preview);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->pending)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_proxy_stage_dispose (GObject *object)
{
  IngestProxyStage *self = INGEST_PROXY_STAGE (object);

  /* Jobs hold a ref: none is in flight once this runs. */
  stage_disconnect_session (self);
  if (self->metadata != NULL)
    g_clear_signal_handler (&self->ready_handler, self->metadata);
  g_clear_object (&self->metadata);
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  g_queue_clear (&self->queue);
  if (self->entries != NULL)
    g_ptr_array_set_size (self->entries, 0);
  g_clear_object (&self->catalog);
  g_clear_object (&self->delivery);
  g_clear_pointer (&self->destinations, g_ptr_array_unref);

  G_OBJECT_CLASS (ingest_proxy_stage_parent_class)->dispose (object);
}

static void
ingest_proxy_stage_finalize (GObject *object)
{
  IngestProxyStage *self = INGEST_PROXY_STAGE (object);

  ingest_proxy_settings_free (self->settings);
  g_free (self->output_dir);
  g_free (self->key_template);
  g_free (self->settings_key);
  g_free (self->production);
  g_free (self->shoot_day);
  g_free (self->run_production);
  g_free (self->run_shoot_day);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  g_clear_error (&self->delivery_error);
  g_free (self->identity);
  g_free (self->root);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_hash_table_unref (self->known);
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->results);
  g_clear_object (&self->pending);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (ingest_proxy_stage_parent_class)->finalize (object);
}

static void
ingest_proxy_stage_class_init (IngestProxyStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IngestSessionStageClass *stage_class = INGEST_SESSION_STAGE_CLASS (klass);

  object_class->get_property = ingest_proxy_stage_get_property;
  object_class->dispose = ingest_proxy_stage_dispose;
  object_class->finalize = ingest_proxy_stage_finalize;
  stage_class->prepare = ingest_proxy_stage_prepare;
  stage_class->run_async = ingest_proxy_stage_run_async;
  stage_class->run_finish = ingest_proxy_stage_run_finish;
  stage_class->pause = ingest_proxy_stage_pause;
  stage_class->resume = ingest_proxy_stage_resume;
  ingest_session_stage_class_set_state (stage_class, INGEST_SESSION_STATE_MAKING_PROXIES);

  properties[PROP_NEEDS_DRIVE] =
    g_param_spec_boolean ("needs-drive", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELIVERING] =
    g_param_spec_boolean ("delivering", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CLIPS] =
    g_param_spec_uint ("n-clips", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MADE] =
    g_param_spec_uint ("n-made", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REUSED] =
    g_param_spec_uint ("n-reused", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_NO_PREVIEW] =
    g_param_spec_uint ("n-no-preview", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IngestProxyStage::clip-done:
   * @clip: the #IngestClip, its preview set
   * @result: the #IngestProxyResult
   *
   * A clip's proxy is made, reused, or cannot be.
   */
  signals[CLIP_DONE] = g_signal_new ("clip-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, INGEST_TYPE_CLIP,
                                     INGEST_TYPE_PROXY_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ingest_proxy_stage_init (IngestProxyStage *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->settings = ingest_proxy_settings_new (INGEST_PROXY_PRESET_WEB);
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_proxy_result_free);
  self->pending = g_list_store_new (INGEST_TYPE_CLIP);
  g_queue_init (&self->queue);
}

/*
 * Public API
 */

/**
 * ingest_proxy_stage_new:
 * @metadata: (nullable): the session's metadata stage (added before this
 *   one): the clips come from it
 * @settings: (nullable): what to make (default: the web preset)
 */
IngestProxyStage *
ingest_proxy_stage_new (IngestMetadataStage       *metadata,
                        const IngestProxySettings *settings)
{
  IngestProxyStage *self = g_object_new (INGEST_TYPE_PROXY_STAGE, NULL);

  g_return_val_if_fail (metadata == NULL || INGEST_IS_METADATA_STAGE (metadata), self);

  g_set_object (&self->metadata, metadata);
  /* Connected now, not when a run is prepared: the metadata stage is
   * prepared first and only hands clips out when someone listens. */
  if (metadata != NULL)
    self->ready_handler = g_signal_connect (metadata, "clip-ready", G_CALLBACK (clip_ready_cb), self);
  if (settings != NULL)
    ingest_proxy_stage_set_settings (self, settings);
  return self;
}

const IngestProxySettings *
ingest_proxy_stage_get_settings (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), NULL);

  return self->settings;
}

/* For the next run (a run prepared keeps its threads). */
void
ingest_proxy_stage_set_settings (IngestProxyStage          *self,
                                 const IngestProxySettings *settings)
{
  g_return_if_fail (INGEST_IS_PROXY_STAGE (self));
  g_return_if_fail (settings != NULL);

  ingest_proxy_settings_free (self->settings);
  self->settings = ingest_proxy_settings_copy (settings);
}

/* Whether the next run makes proxies (a session's stages are fixed; the
 * station switches this one per run from its Preferences). */
void
ingest_proxy_stage_set_enabled (IngestProxyStage *self,
                                gboolean          enabled)
{
  g_return_if_fail (INGEST_IS_PROXY_STAGE (self));

  self->disabled = !enabled;
}

/**
 * ingest_proxy_stage_set_delivery:
 * @deliver: whether the proxies go to the session's destinations
 * @key_template: (nullable): where below each destination
 *   (%INGEST_PROXY_KEY_TEMPLATE_DEFAULT when %NULL)
 * @production: (nullable): the template's {production}
 * @shoot_day: (nullable): the template's {shoot-day}
 *
 * When the session uploads, each roll's proxy folder is delivered to the
 * upload's destinations once every clip is done (IngestProxyDelivery: its
 * own ASC MHL history, the same verified upload), before run_async()
 * completes. On by default.
 */
void
ingest_proxy_stage_set_delivery (IngestProxyStage *self,
                                 gboolean          deliver,
                                 const char       *key_template,
                                 const char       *production,
                                 const char       *shoot_day)
{
  g_return_if_fail (INGEST_IS_PROXY_STAGE (self));

  self->no_delivery = !deliver;
  g_free (self->key_template);
  self->key_template = g_strdup (key_template);
  g_free (self->production);
  self->production = g_strdup (production);
  g_free (self->shoot_day);
  self->shoot_day = g_strdup (shoot_day);
}

void
ingest_proxy_stage_set_output_dir (IngestProxyStage *self,
                                   const char       *dir)
{
  g_return_if_fail (INGEST_IS_PROXY_STAGE (self));

  g_free (self->output_dir);
  self->output_dir = g_strdup (dir);
}

/**
 * ingest_proxy_stage_get_pending:
 *
 * Returns: (transfer none): of #IngestClip, the clips whose proxy still
 *   needs the drive
 */
GListModel *
ingest_proxy_stage_get_pending (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), NULL);

  return G_LIST_MODEL (self->pending);
}

char *
ingest_proxy_stage_dup_pending_names (IngestProxyStage *self)
{
  g_autoptr(GString) names = NULL;

  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->pending)); i++)
    {
      g_autoptr(IngestClip) clip = g_list_model_get_item (G_LIST_MODEL (self->pending), i);

      if (names == NULL)
        names = g_string_new (NULL);
      else
        g_string_append (names, ", ");
      g_string_append (names, ingest_clip_get_name (clip));
    }
  return names != NULL ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/**
 * ingest_proxy_stage_dup_results:
 *
 * Returns: (transfer container) (element-type IngestProxyResult): the
 *   outcomes of the last run so far
 */
GPtrArray *
ingest_proxy_stage_dup_results (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), NULL);

  return g_ptr_array_copy (self->results, (GCopyFunc) (void (*) (void)) ingest_proxy_result_copy, NULL);
}

/* TRUE while the proxies are delivered (after every clip is done). */
gboolean
ingest_proxy_stage_get_delivering (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), FALSE);

  return self->delivering;
}

/* TRUE while clips are being made (also after a cancel, until they stopped). */
gboolean
ingest_proxy_stage_get_busy (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), FALSE);

  return self->running > 0;
}

/* TRUE while a clip's proxy still reads the drive (or clips may still come). */
gboolean
ingest_proxy_stage_get_needs_drive (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), FALSE);

  return g_list_model_get_n_items (G_LIST_MODEL (self->pending)) > 0 ||
         (self->serial > 0 && !self->all_known && !self->cancelled);
}

guint
ingest_proxy_stage_get_n_clips (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), 0);

  return self->entries->len;
}

guint
ingest_proxy_stage_get_n_made (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), 0);

  return self->n_made;
}

guint
ingest_proxy_stage_get_n_reused (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), 0);

  return self->n_reused;
}

guint
ingest_proxy_stage_get_n_failed (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), 0);

  return self->n_failed;
}

guint
ingest_proxy_stage_get_n_no_preview (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), 0);

  return self->n_no_preview;
}

guint
ingest_proxy_stage_get_n_pending (IngestProxyStage *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_STAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->pending));
}
