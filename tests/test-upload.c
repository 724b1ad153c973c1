/* test-upload.c
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

#define G_LOG_DOMAIN "test-upload"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest.h"
#include "ingest-destination-private.h"
#include "ingest-progress.h"
#include "ingest-rgw-harness.h"
#include "ingest-test-util.h"

#define MiB (1024 * 1024)

/* One Ceph RGW for the whole binary. */
static IngestRgw *rgw;
static char *rgw_skip_reason;
static char *bucket;

static gboolean
need_rgw (void)
{
  if (rgw == NULL)
    g_test_skip (rgw_skip_reason);
  return rgw != NULL;
}

static IngestS3Client *
rgw_client (void)
{
  return ingest_test_rgw_client (rgw);
}

static IngestCatalog *
open_catalog (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(GError) error = NULL;
  IngestCatalog *catalog;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  catalog = ingest_catalog_open (path, &error);
  g_assert_no_error (error);
  return catalog;
}

/*
 * A destination for tests: records every write so that a test can prove
 * each byte of each file arrived exactly once, in order.
 */


typedef struct
{
  IngestDestinationFile parent;
  char                 *key;
  guint64               size;
  guint64               next;
  guint64               writes;
  GChecksum            *md5;
} CountingFile;

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

typedef struct
{
  IngestDestinationClass parent_class;
} CountingClass;

static GType counting_get_type (void);
G_DEFINE_TYPE (Counting, counting, INGEST_TYPE_DESTINATION)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Counting, g_object_unref)

static IngestDestinationFile *
counting_begin (IngestDestination        *destination,
                const IngestUploadSource *source,
                GCancellable             *cancellable,
                GError                  **error)
{
  Counting *self = (Counting *) destination;
  CountingFile *file = g_new0 (CountingFile, 1);

  _ingest_destination_file_init (&file->parent, destination, source->key);
  file->key = g_strdup (source->key);
  file->size = source->size;
  file->md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_mutex_lock (&self->lock);
  self->n_begins++;
  g_mutex_unlock (&self->lock);
  return &file->parent;
}

static gboolean
counting_write (IngestDestination      *destination,
                IngestDestinationFile  *base,
                const guint8           *data,
                gsize                   len,
                guint64                 offset,
                GError                **error)
{
  Counting *self = (Counting *) destination;
  CountingFile *file = (CountingFile *) base;

  if (offset != file->next)
    {
      g_mutex_lock (&self->lock);
      self->out_of_order = TRUE;
      g_mutex_unlock (&self->lock);
    }
  file->next = offset + len;
  file->writes += len;
  g_checksum_update (file->md5, data, len);
  if (self->write_delay_ms > 0)
    g_usleep (self->write_delay_ms * 1000);
  if (self->pull_after > 0)
    {
      gboolean pull;

      g_mutex_lock (&self->lock);
      self->total += len;
      pull = !self->pulled && self->total >= self->pull_after;
      self->pulled |= pull;
      g_mutex_unlock (&self->lock);
      if (pull)
        {
          const char *argv[] = { "umount", "-l", self->pull_mount_point, NULL };

          g_assert_true (ingest_test_run_quiet (argv));
        }
    }
  return TRUE;
}

static gboolean
counting_finish (IngestDestination      *destination,
                 IngestDestinationFile  *base,
                 GCancellable           *cancellable,
                 GError                **error)
{
  Counting *self = (Counting *) destination;
  CountingFile *file = (CountingFile *) base;

  g_mutex_lock (&self->lock);
  self->n_finished++;
  g_hash_table_insert (self->seen, g_strdup (file->key), g_memdup2 (&file->writes, sizeof file->writes));
  g_hash_table_insert (self->md5, g_strdup (file->key), g_strdup (g_checksum_get_string (file->md5)));
  g_mutex_unlock (&self->lock);
  base->bytes_sent = file->writes;
  return file->writes == file->size;
}

static void
counting_hold (IngestDestination     *destination,
               IngestDestinationFile *base,
               const char            *reason)
{
  Counting *self = (Counting *) destination;

  g_mutex_lock (&self->lock);
  self->n_held++;
  g_mutex_unlock (&self->lock);
}

static GError *
counting_dup_fatal_error (IngestDestination *destination)
{
  Counting *self = (Counting *) destination;
  GError *error = NULL;

  g_mutex_lock (&self->lock);
  if (self->fatal_after > 0 && self->n_finished >= self->fatal_after)
    error = g_error_new (INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED, "the test destination is full");
  g_mutex_unlock (&self->lock);
  return error;
}

static void
counting_suspend (IngestDestination     *destination,
                  IngestDestinationFile *base)
{
}

static void
counting_file_free (IngestDestination     *destination,
                    IngestDestinationFile *base)
{
  CountingFile *file = (CountingFile *) base;

  g_free (file->key);
  g_checksum_free (file->md5);
  g_free (file);
}

static void
counting_finalize (GObject *object)
{
  Counting *self = (Counting *) object;

  g_hash_table_unref (self->seen);
  g_hash_table_unref (self->md5);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (counting_parent_class)->finalize (object);
}

/* It keeps counts, not files: nothing is ever there to read back. */
static GBytes *
counting_fetch (IngestDestination  *destination,
                const char         *key,
                gsize               max_size,
                GCancellable       *cancellable,
                GError            **error)
{
  g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY, "nothing at %s", key);
  return NULL;
}

static void
counting_class_init (CountingClass *klass)
{
  IngestDestinationClass *destination_class = INGEST_DESTINATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = counting_finalize;
  destination_class->begin = counting_begin;
  destination_class->write = counting_write;
  destination_class->finish = counting_finish;
  destination_class->hold = counting_hold;
  destination_class->suspend = counting_suspend;
  destination_class->file_free = counting_file_free;
  destination_class->dup_fatal_error = counting_dup_fatal_error;
  destination_class->fetch = counting_fetch;
}

static void
counting_init (Counting *self)
{
  g_mutex_init (&self->lock);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->md5 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/*
 * Running an IngestUploadJob to the end
 */

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  GPtrArray *states;   /* "path|uri|state|message|location" */
  GPtrArray *histories; /* "roll|uri|location|generation|state|message" */
} Run;

/* One record per file and destination, as "path|destination|state|message|location";
 * the state is the word ingestctl shows for the typed one. */
static void
file_outcome_cb (IngestUploadJob   *job,
                 IngestFileOutcome *outcome,
                 Run               *run)
{
  const char *path = ingest_file_outcome_get_path (outcome);

  g_assert_cmpuint (ingest_file_outcome_get_n_deliveries (outcome), >, 0);
  for (guint i = 0; i < ingest_file_outcome_get_n_deliveries (outcome); i++)
    {
      const IngestDelivery *delivery = ingest_file_outcome_get_delivery (outcome, i);

      g_assert_cmpint (delivery->state, <=, ingest_file_outcome_get_state (outcome));
      g_ptr_array_add (run->states, g_strdup_printf ("%s|%s|%s|%s|%s", path, delivery->destination,
                                                     ingest_delivery_state_to_string (delivery->state),
                                                     delivery->reason ? delivery->reason : "",
                                                     delivery->location ? delivery->location : "(none)"));
    }
}

static void
history_outcome_cb (IngestUploadJob            *job,
                    const IngestHistoryOutcome *outcome,
                    Run                        *run)
{
  /* All of them before the run finishes. */
  g_assert_null (run->loop == NULL ? "after the end" : NULL);
  g_assert_true (outcome->state == INGEST_DELIVERY_STATE_VERIFIED || outcome->state == INGEST_DELIVERY_STATE_FAILED);
  g_ptr_array_add (run->histories, g_strdup_printf ("%s|%s|%s|%u|%s|%s", outcome->roll_path, outcome->destination,
                                                    outcome->location ? outcome->location : "", outcome->generation,
                                                    ingest_delivery_state_to_string (outcome->state),
                                                    outcome->reason ? outcome->reason : ""));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->ok = ingest_upload_job_run_finish (INGEST_UPLOAD_JOB (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Runs @job to its end: what each file and each roll's history did. */
static gboolean
run_job_full (IngestUploadJob  *job,
              GPtrArray       **states,
              GPtrArray       **histories,
              GError          **error)
{
  Run run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  run.states = g_ptr_array_new_with_free_func (g_free);
  run.histories = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (job, "file-outcome", G_CALLBACK (file_outcome_cb), &run);
  g_signal_connect (job, "history-outcome", G_CALLBACK (history_outcome_cb), &run);
  ingest_upload_job_run_async (job, NULL, run_done_cb, &run);
  g_main_loop_run (run.loop);
  g_clear_pointer (&run.loop, g_main_loop_unref);
  g_signal_handlers_disconnect_by_data (job, &run);
  *states = run.states;
  if (histories != NULL)
    *histories = run.histories;
  else
    g_ptr_array_unref (run.histories);
  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.ok;
}

static gboolean
run_job (IngestUploadJob *job,
         GPtrArray      **states)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = run_job_full (job, states, NULL, &error);

  g_assert_no_error (error);
  return ok;
}

/* The highest generation an ascmhl_chain.xml lists, read as text (not
 * with the library's own loader). */
static guint
chain_last_generation (const char *chain_path)
{
  g_autoptr(GRegex) regex = g_regex_new ("<hashlist[^>]*sequencenr=\"([0-9]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = NULL;
  guint highest = 0;

  g_assert_true (g_file_get_contents (chain_path, &text, NULL, NULL));
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);

      highest = MAX (highest, (guint) g_ascii_strtoull (number, NULL, 10));
      g_match_info_next (match, NULL);
    }
  return highest;
}

/* The manifest of generation @generation in @ascmhl ("NNNN_…mhl"): its process. */
static gboolean
generation_is_transfer (const char *ascmhl,
                        guint       generation)
{
  g_autoptr(GDir) dir = g_dir_open (ascmhl, 0, NULL);
  g_autofree char *prefix = g_strdup_printf ("%04u_", generation);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".mhl"))
      {
        g_autofree char *path = g_build_filename (ascmhl, name, NULL);
        g_autofree char *text = NULL;

        g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
        return strstr (text, "<process>transfer</process>") != NULL;
      }
  return FALSE;
}

static const char *
find_state (GPtrArray  *states,
            const char *path_and_uri)
{
  for (guint i = 0; i < states->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (states, i), path_and_uri))
      return (const char *) g_ptr_array_index (states, i) + strlen (path_and_uri);
  return NULL;
}

/* The copy has exactly the bytes of the source. */
static void
assert_same_bytes (const char *source,
                   const char *copy)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (source, &a, &la, NULL));
  g_assert_true (g_file_get_contents (copy, &b, &lb, NULL));
  g_assert_cmpmem (a, la, b, lb);
}

/* clip0.mov… of @roll are in @copy_roll, byte for byte. */
static void
assert_clips_copied (const char *roll,
                     const char *copy_roll,
                     guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *source = g_strdup_printf ("%s/clip%u.mov", roll, i);
      g_autofree char *copy = g_strdup_printf ("%s/clip%u.mov", copy_roll, i);

      assert_same_bytes (source, copy);
    }
}

/*
 * Files in flight, pause and the fraction (a folder destination, no server)
 */

typedef struct
{
  IngestUploadJob *job;
  Run              run;
  GCancellable    *cancellable;
  guint64          big_size;
  const char      *big_path;
  GArray          *seen;          /* guint64: clip0's bytes_done at each notify, 0 < x < size */
  guint            n_notifies;
  gboolean         paused_seen;   /* "paused" went TRUE with the user's pause */
  gboolean         removed_seen;  /* ... and with validation's own "drive removed" pause */
  char            *removed_message;
  guint64          done_at_pause;
  guint64          done_after_pause;
  double           fraction_at_cancel;
  gboolean         exercise_pause;
  gboolean         cancel_midway;
} ActiveProbe;

static gboolean
active_resume_cb (gpointer data)
{
  ActiveProbe *probe = data;
  g_autoptr(GPtrArray) files = ingest_upload_job_dup_active_files (probe->job);

  /* Nothing moved while paused (the read waits mid-file). */
  for (guint i = 0; i < files->len; i++)
    {
      IngestUploadActiveFile *file = g_ptr_array_index (files, i);

      if (g_str_equal (file->path, probe->big_path))
        probe->done_after_pause = file->bytes_done;
    }
  ingest_upload_job_resume (probe->job);
  g_assert_false (ingest_upload_job_get_paused (probe->job));
  g_assert_cmpstr (ingest_upload_job_get_message (probe->job), ==, "Reading, verifying and uploading");

  /* Validation pausing itself (the drive went away) pauses the upload too. */
  ingest_validation_job_pause (ingest_upload_job_get_validation (probe->job),
                               "Drive removed — plug it back in to continue");
  probe->removed_seen = ingest_upload_job_get_paused (probe->job);
  probe->removed_message = g_strdup (ingest_upload_job_get_message (probe->job));
  ingest_validation_job_resume (ingest_upload_job_get_validation (probe->job), NULL);
  g_assert_false (ingest_upload_job_get_paused (probe->job));
  return G_SOURCE_REMOVE;
}

static void
active_files_cb (IngestUploadJob *job,
                 GParamSpec      *pspec,
                 ActiveProbe     *probe)
{
  g_autoptr(GPtrArray) files = ingest_upload_job_dup_active_files (job);

  guint n;

  probe->n_notifies++;
  g_object_get (job, "n-active-files", &n, NULL);
  g_assert_cmpuint (files->len, ==, n);
  for (guint i = 0; i < files->len; i++)
    {
      IngestUploadActiveFile *file = g_ptr_array_index (files, i);

      if (i > 0)
        g_assert_cmpstr (((IngestUploadActiveFile *) g_ptr_array_index (files, i - 1))->path, <, file->path);
      g_assert_cmpuint (file->bytes_done, <=, file->size);
      if (!g_str_equal (file->path, probe->big_path))
        continue;
      g_assert_cmpuint (file->size, ==, probe->big_size);
      if (file->bytes_done > 0 && file->bytes_done < file->size)
        g_array_append_val (probe->seen, file->bytes_done);

      if (probe->exercise_pause && probe->done_at_pause == 0 && file->bytes_done >= 4 * MiB)
        {
          ingest_upload_job_pause (job);
          probe->paused_seen = ingest_upload_job_get_paused (job) &&
                               g_strcmp0 (ingest_upload_job_get_message (job), "Paused") == 0;
          /* What was handed over before the pause took hold (one chunk at most). */
          probe->done_at_pause = file->bytes_done + INGEST_HASH_JOB_READ_SIZE;
          g_timeout_add (700, active_resume_cb, probe);
        }
      if (probe->cancel_midway && file->bytes_done >= probe->big_size / 2 &&
          !g_cancellable_is_cancelled (probe->cancellable))
        {
          probe->fraction_at_cancel = ingest_upload_job_get_fraction (job);
          g_cancellable_cancel (probe->cancellable);
        }
    }
}

/* A roll with a 16 MiB clip and a small one, sent to a NAS folder and to a
 * slow destination (the read waits for it: ~50 ms per MiB). */
static IngestUploadJob *
make_slow_folder_job (const char   *dir,
                      gboolean      small_first,
                      Counting    **counting_out,
                      ActiveProbe  *probe)
{
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autoptr(IngestFolderDestination) folder = NULL;
  const gsize big_first[] = { 16 * MiB, 200 * 1024 };
  const gsize small_first_sizes[] = { 200 * 1024, 16 * MiB };
  const gsize *sizes = small_first ? small_first_sizes : big_first;
  Counting *counting;
  IngestUploadJob *job;

  ingest_test_make_mhl_roll (roll, sizes, 2, 70);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  folder = ingest_folder_destination_new (nas, NULL);
  counting = g_object_new (counting_get_type (), "uri", "counting:", NULL);
  counting->write_delay_ms = 50;

  job = ingest_upload_job_new (drive);
  ingest_upload_job_set_n_threads (job, 1);
  ingest_upload_job_set_upload_history (job, FALSE);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (counting));

  probe->job = job;
  probe->big_size = 16 * MiB;
  probe->big_path = small_first ? "A001/clip1.mov" : "A001/clip0.mov";
  probe->run.loop = g_main_loop_new (NULL, FALSE);
  probe->cancellable = g_cancellable_new ();
  probe->seen = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (job, "notify::n-active-files", G_CALLBACK (active_files_cb), probe);
  *counting_out = counting;
  return job;
}

static void
run_probe (ActiveProbe *probe)
{
  ingest_upload_job_run_async (probe->job, probe->cancellable, run_done_cb, &probe->run);
  g_main_loop_run (probe->run.loop);
}

static void
active_probe_clear (ActiveProbe *probe)
{
  g_main_loop_unref (probe->run.loop);
  g_object_unref (probe->cancellable);
  g_array_unref (probe->seen);
  g_clear_error (&probe->run.error);
  g_free (probe->removed_message);
}

static void
test_folder_active_files (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-active-XXXXXX");
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) after = NULL;
  ActiveProbe probe = { 0 };

  probe.exercise_pause = TRUE;
  job = make_slow_folder_job (dir, FALSE, &counting, &probe);
  run_probe (&probe);
  g_assert_no_error (probe.run.error);
  g_assert_true (probe.run.ok);

  /* The big clip showed up in flight several times, growing, short of its size. */
  g_assert_cmpuint (probe.seen->len, >=, 3);
  for (guint i = 1; i < probe.seen->len; i++)
    g_assert_cmpuint (g_array_index (probe.seen, guint64, i - 1), <=, g_array_index (probe.seen, guint64, i));
  g_assert_cmpuint (g_array_index (probe.seen, guint64, 0), <, g_array_index (probe.seen, guint64, probe.seen->len - 1));
  /* At most ~4 notifies a second (the run takes about a second and a half). */
  g_assert_cmpuint (probe.n_notifies, <=, 40);

  /* Paused by the user, then by validation (drive removed), both visible. */
  g_assert_true (probe.paused_seen);
  g_assert_cmpuint (probe.done_after_pause, >, 0);
  g_assert_cmpuint (probe.done_after_pause, <=, probe.done_at_pause);
  g_assert_true (probe.removed_seen);
  g_assert_cmpstr (probe.removed_message, ==, "Drive removed — plug it back in to continue");

  /* Done: nothing in flight, every byte there, the whole fraction. */
  after = ingest_upload_job_dup_active_files (job);
  g_assert_cmpuint (after->len, ==, 0);
  {
    guint n;

    g_object_get (job, "n-active-files", &n, NULL);
    g_assert_cmpuint (n, ==, 0);
  }
  g_assert_cmpfloat (ingest_upload_job_get_fraction (job), ==, 1.0);
  g_assert_false (ingest_upload_job_get_paused (job));
  /* Two destinations fed at ~20 MiB/s (the slow one sets the pace). The
   * rate is smoothed over short windows, which a loaded machine squeezes
   * (seen: 330 MiB/s at a load of 12): the ceiling only catches a rate
   * taken over a vanishing interval (the paused time not left out). */
  g_test_message ("rate %.1f MiB/s", ingest_upload_job_get_rate (job) / MiB);
  g_assert_cmpfloat (ingest_upload_job_get_rate (job), >, 4.0 * MiB);
  g_assert_cmpfloat (ingest_upload_job_get_rate (job), <, 1024.0 * MiB);
  g_assert_cmpint (ingest_upload_job_get_eta (job), ==, 0);
  {
    g_autofree char *roll = g_build_filename (dir, "drive", "A001", NULL);
    g_autofree char *copy_roll = g_build_filename (dir, "nas", "A001", NULL);

    assert_clips_copied (roll, copy_roll, 2);
  }

  active_probe_clear (&probe);
  ingest_test_rm_rf (dir);
}

/* Cancelled halfway: the fraction stays where the run stopped. */
static void
test_folder_cancel_fraction (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-cancel-XXXXXX");
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) after = NULL;
  ActiveProbe probe = { 0 };
  double fraction;

  probe.cancel_midway = TRUE;
  job = make_slow_folder_job (dir, FALSE, &counting, &probe);
  run_probe (&probe);
  g_assert_false (probe.run.ok);
  g_assert_error (probe.run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  fraction = ingest_upload_job_get_fraction (job);
  g_assert_cmpfloat (probe.fraction_at_cancel, >, 0.1);
  g_assert_cmpfloat (fraction, >=, probe.fraction_at_cancel);
  g_assert_cmpfloat (fraction, <, 0.9);
  after = ingest_upload_job_dup_active_files (job);
  g_assert_cmpuint (after->len, ==, 0);

  active_probe_clear (&probe);
  ingest_test_rm_rf (dir);
}

/* A destination that fails for good after the first file: the run fails,
 * and its fraction stays short of the whole. */
static void
test_folder_failed_fraction (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-failed-XXXXXX");
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  ActiveProbe probe = { 0 };

  /* The small clip first: it finishes, then the destination is full while
   * the big one is on its way. */
  job = make_slow_folder_job (dir, TRUE, &counting, &probe);
  counting->fatal_after = 1;
  run_probe (&probe);
  g_assert_false (probe.run.ok);
  g_assert_error (probe.run.error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_QUOTA_EXCEEDED);
  g_assert_cmpfloat (ingest_upload_job_get_fraction (job), <, 0.6);

  active_probe_clear (&probe);
  ingest_test_rm_rf (dir);
}

/* The chain of @ascmhl, loaded by the library (its entries compared). */
static IngestMhlChain *
load_chain (const char *ascmhl)
{
  g_autofree char *path = g_build_filename (ascmhl, "ascmhl_chain.xml", NULL);
  g_autoptr(GError) error = NULL;
  IngestMhlChain *chain = ingest_mhl_chain_new_from_file (path, &error);

  g_assert_no_error (error);
  return chain;
}

/* Where test_history_extended() delivers: a NAS folder, or the bucket
 * under @prefix (@nas NULL); the roll's copy is read back into @copy. */
typedef struct
{
  const char *nas;
  const char *prefix;
  const char *copy;
} HistoryPlace;

static IngestDestination *
history_place_destination (const HistoryPlace *place,
                           IngestCatalog      *catalog)
{
  g_autoptr(IngestS3Client) client = NULL;

  if (place->nas != NULL)
    return INGEST_DESTINATION (ingest_folder_destination_new (place->nas, catalog));
  client = rgw_client ();
  return INGEST_DESTINATION (ingest_s3_destination_new (client, bucket, place->prefix, catalog));
}

/* The roll "A001" as the destination holds it, in place->copy. */
static void
history_place_read_back (const HistoryPlace *place)
{
  g_autofree char *roll_prefix = NULL;
  g_autoptr(IngestS3Client) client = NULL;

  if (place->nas != NULL)
    return;
  ingest_test_rm_rf (place->copy);
  client = rgw_client ();
  roll_prefix = g_strdup_printf ("%s/A001/", place->prefix);
  ingest_test_download_prefix (rgw, client, bucket, roll_prefix, place->copy);
}

static void
history_place_remove_clip (const HistoryPlace *place)
{
  g_autofree char *path = g_build_filename (place->copy, "clip1.mov", NULL);
  g_autofree char *key = g_strdup_printf ("%s/A001/clip1.mov", place->prefix);
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;

  if (place->nas != NULL)
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
      return;
    }
  client = rgw_client ();
  g_assert_true (ingest_s3_client_delete_object (client, bucket, key, NULL, &error));
  g_assert_no_error (error);
}

static char *
history_place_chain_text (const HistoryPlace *place)
{
  g_autofree char *path = g_build_filename (place->copy, "ascmhl", "ascmhl_chain.xml", NULL);
  char *text = NULL;

  history_place_read_back (place);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The history a destination holds is extended, never replaced: another
 * station (no staged state, its own catalog) delivering the same card
 * again puts its transfer generation after the one already there; a
 * different card with the same roll name cannot write over it at all.
 * @data: TRUE for the bucket, FALSE for a NAS folder. */
static void
test_history_extended (gconstpointer data)
{
  gboolean in_bucket = GPOINTER_TO_INT (data);
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-history-extended-XXXXXX");
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *drive_ascmhl = g_build_filename (roll, "ascmhl", NULL);
  g_autofree char *other_drive = g_build_filename (dir, "other-drive", NULL);
  g_autofree char *other_roll = g_build_filename (other_drive, "A001", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autofree char *copy = g_build_filename (in_bucket ? dir : nas, in_bucket ? "copy" : "A001", NULL);
  g_autofree char *copy_ascmhl = g_build_filename (copy, "ascmhl", NULL);
  g_autofree char *prefix = g_strdup_printf ("extended-%08x", g_random_int ());
  g_autofree char *staged = g_build_filename (g_getenv ("XDG_STATE_HOME"), "ingest-station", "transfer-histories", NULL);
  const HistoryPlace place = { in_bucket ? NULL : nas, prefix, copy };
  const gsize sizes[] = { 200 * 1024, 30 * 1024 };
  g_autoptr(IngestMhlChain) drive_chain = NULL;
  g_autoptr(IngestMhlChain) first_chain = NULL;
  g_autofree char *second_chain_text = NULL;
  guint n_drive;

  if (in_bucket && !need_rgw ())
    return;
  g_assert_cmpint (g_mkdir_with_parents (nas, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 56);
  drive_chain = load_chain (drive_ascmhl);
  n_drive = ingest_mhl_chain_get_n_entries (drive_chain);

  /* 1: the first station records its transfer after the camera's generations. */
  {
    g_autofree char *station = g_build_filename (dir, "station-1", NULL);
    g_autoptr(IngestCatalog) catalog = open_catalog (station);
    g_autoptr(IngestDestination) destination = history_place_destination (&place, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states = NULL;

    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, destination);
    g_assert_true (run_job (job, &states));
    history_place_read_back (&place);
    first_chain = load_chain (copy_ascmhl);
    g_assert_cmpuint (ingest_mhl_chain_get_n_entries (first_chain), ==, n_drive + 1);
  }

  /* 2: a second station, after the destination lost a clip: sends it again
   * and records a further transfer generation on top of the first (its own
   * record: it also copies to a second NAS, which its comment names). */
  {
    g_autofree char *station = g_build_filename (dir, "station-2", NULL);
    g_autofree char *nas_b = g_build_filename (dir, "nas-b", NULL);
    g_autoptr(IngestCatalog) catalog = open_catalog (station);
    g_autoptr(IngestDestination) destination = history_place_destination (&place, catalog);
    g_autoptr(IngestFolderDestination) folder_b = NULL;
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(IngestMhlChain) chain = NULL;
    g_autoptr(IngestMhlHistory) history = NULL;
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) fields = NULL;

    g_assert_cmpint (g_mkdir_with_parents (nas_b, 0755), ==, 0);
    folder_b = ingest_folder_destination_new (nas_b, catalog);
    ingest_test_rm_rf (staged);
    history_place_remove_clip (&place);
    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, destination);
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder_b));
    g_assert_true (run_job_full (job, &states, &histories, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (histories->len, ==, 2);
    fields = g_strsplit (g_ptr_array_index (histories, 0), "|", 6);
    g_assert_cmpstr (fields[1], ==, ingest_destination_get_uri (destination));
    g_assert_cmpstr (fields[4], ==, "verified");
    g_assert_cmpuint (g_ascii_strtoull (fields[3], NULL, 10), ==, n_drive + 2);

    history_place_read_back (&place);
    chain = load_chain (copy_ascmhl);
    g_assert_cmpuint (ingest_mhl_chain_get_n_entries (chain), ==, n_drive + 2);
    for (guint i = 0; i < n_drive + 1; i++)
      {
        const IngestMhlChainEntry *before = ingest_mhl_chain_get_entry (first_chain, i);
        const IngestMhlChainEntry *after = ingest_mhl_chain_get_entry (chain, i);

        g_assert_cmpuint (before->sequence_nr, ==, after->sequence_nr);
        g_assert_cmpstr (before->path, ==, after->path);
        g_assert_cmpstr (before->hash_value, ==, after->hash_value);
      }
    g_assert_true (generation_is_transfer (copy_ascmhl, n_drive + 1));
    g_assert_true (generation_is_transfer (copy_ascmhl, n_drive + 2));
    history = ingest_mhl_history_load (copy, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, n_drive + 2);
    g_assert_null (ingest_mhl_history_get_warnings (history) != NULL ? ingest_mhl_history_get_warnings (history)[0] : NULL);
    second_chain_text = history_place_chain_text (&place);
  }

  /* 3: another card whose roll has the same name: its history cannot
   * replace the one there, and says why. */
  {
    g_autofree char *station = g_build_filename (dir, "station-3", NULL);
    g_autoptr(IngestCatalog) catalog = open_catalog (station);
    g_autoptr(IngestDestination) destination = history_place_destination (&place, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (other_drive);
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) fields = NULL;
    g_autofree char *chain_text = NULL;

    ingest_test_make_mhl_roll (other_roll, sizes, G_N_ELEMENTS (sizes), 99);
    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, destination);
    g_assert_false (run_job_full (job, &states, &histories, &error));
    g_assert_nonnull (error);
    g_assert_cmpuint (histories->len, ==, 1);
    fields = g_strsplit (g_ptr_array_index (histories, 0), "|", 6);
    g_assert_cmpstr (fields[4], ==, "failed");
    g_assert_nonnull (strstr (fields[5], "already holds the ASC MHL history of another card"));
    g_assert_nonnull (strstr (fields[5], "not overwritten"));
    chain_text = history_place_chain_text (&place);
    g_assert_cmpstr (chain_text, ==, second_chain_text);
  }

  ingest_test_rm_rf (dir);
}

/* What each destination got of the roll's history, as "history-outcome"
 * says it: the generation the NAS's own chain file lists (a transfer), then
 * nothing new on a second run, and "failed" where the history cannot go
 * (a file in the way of ascmhl/) while another destination still gets it.
 * Files not delivered report where they were meant to go, never their
 * source path. */
static void
test_folder_history_finished (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-history-signal-XXXXXX");
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "A001", NULL);
  g_autofree char *drive_chain = g_build_filename (roll, "ascmhl", "ascmhl_chain.xml", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autofree char *nas_ascmhl = g_build_filename (nas, "A001", "ascmhl", NULL);
  g_autofree char *nas_chain = g_build_filename (nas_ascmhl, "ascmhl_chain.xml", NULL);
  g_autofree char *nas_location = g_strconcat (nas_ascmhl, "/", NULL);
  const gsize sizes[] = { 300 * 1024, 40 * 1024, 5000 };
  g_autoptr(IngestCatalog) catalog = NULL;
  guint drive_generation;
  guint generation;

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 55);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  /* The journal tells a second run that the NAS has the files already. */
  catalog = open_catalog (dir);
  drive_generation = chain_last_generation (drive_chain);
  g_assert_cmpuint (drive_generation, >=, 1);

  /* 1: the first delivery records the copy in a new generation. */
  {
    g_autoptr(IngestFolderDestination) folder = ingest_folder_destination_new (nas, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) fields = NULL;

    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
    g_assert_true (run_job_full (job, &states, &histories, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (histories->len, ==, 1);
    fields = g_strsplit (g_ptr_array_index (histories, 0), "|", 6);
    g_assert_cmpstr (fields[0], ==, "A001");
    g_assert_cmpstr (fields[1], ==, nas);
    g_assert_cmpstr (fields[2], ==, nas_location);
    g_assert_cmpstr (fields[4], ==, "verified");
    g_assert_cmpstr (fields[5], ==, "");
    generation = (guint) g_ascii_strtoull (fields[3], NULL, 10);
    g_assert_cmpuint (generation, ==, drive_generation + 1);
    g_assert_cmpuint (generation, ==, chain_last_generation (nas_chain));
    g_assert_true (generation_is_transfer (nas_ascmhl, generation));
  }

  /* 2: again: nothing new to record, the NAS's history as it was. */
  {
    g_autoptr(IngestFolderDestination) folder = ingest_folder_destination_new (nas, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = g_strdup_printf ("A001|%s|%s|0|verified|already there from an earlier run, "
                                                 "nothing new to record", nas, nas_location);

    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
    g_assert_true (run_job_full (job, &states, &histories, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (histories->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (histories, 0), ==, expected);
    g_assert_cmpuint (chain_last_generation (nas_chain), ==, generation);
  }

  /* 3: a NAS where a file is in the way of the roll's ascmhl/ folder, and
   * a good one: each says what it got, the run fails. Meanwhile a clip was
   * damaged and another lost: held, each with where it was meant to go. */
  {
    g_autofree char *good = g_build_filename (dir, "good", NULL);
    g_autofree char *good_ascmhl = g_build_filename (good, "A001", "ascmhl", NULL);
    g_autofree char *good_chain = g_build_filename (good_ascmhl, "ascmhl_chain.xml", NULL);
    g_autofree char *bad = g_build_filename (dir, "bad", NULL);
    g_autofree char *bad_roll = g_build_filename (bad, "A001", NULL);
    g_autofree char *blocker = g_build_filename (bad_roll, "ascmhl", NULL);
    g_autofree char *clip1 = g_build_filename (roll, "clip1.mov", NULL);
    g_autofree char *clip2 = g_build_filename (roll, "clip2.mov", NULL);
    g_autoptr(IngestFolderDestination) good_folder = ingest_folder_destination_new (good, catalog);
    g_autoptr(IngestFolderDestination) bad_folder = ingest_folder_destination_new (bad, catalog);
    g_autoptr(IngestUploadJob) job = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states = NULL;
    g_autoptr(GPtrArray) histories = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) good_fields = NULL;
    g_auto(GStrv) bad_fields = NULL;
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_cmpint (g_mkdir_with_parents (bad_roll, 0755), ==, 0);
    g_assert_cmpint (g_mkdir (good, 0755), ==, 0);
    g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
    g_assert_true (g_file_get_contents (clip1, &contents, &len, NULL));
    contents[len / 2] ^= 0x40;
    g_assert_true (g_file_set_contents (clip1, contents, len, NULL));
    g_assert_cmpint (g_unlink (clip2), ==, 0);

    ingest_upload_job_set_catalog (job, catalog);
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (good_folder));
    ingest_upload_job_add_destination (job, INGEST_DESTINATION (bad_folder));
    g_assert_false (run_job_full (job, &states, &histories, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "the ASC MHL history of roll A001"));

    g_assert_cmpuint (histories->len, ==, 2);
    good_fields = g_strsplit (g_ptr_array_index (histories, 0), "|", 6);
    bad_fields = g_strsplit (g_ptr_array_index (histories, 1), "|", 6);
    g_assert_cmpstr (good_fields[1], ==, good);
    g_assert_cmpstr (good_fields[4], ==, "verified");
    g_assert_cmpuint (g_ascii_strtoull (good_fields[3], NULL, 10), ==, drive_generation + 1);
    g_assert_cmpuint (g_ascii_strtoull (good_fields[3], NULL, 10), ==, chain_last_generation (good_chain));
    g_assert_true (generation_is_transfer (good_ascmhl, drive_generation + 1));
    g_assert_cmpstr (bad_fields[0], ==, "A001");
    g_assert_cmpstr (bad_fields[1], ==, bad);
    g_assert_cmpstr (bad_fields[3], ==, "0");
    g_assert_cmpstr (bad_fields[4], ==, "failed");
    g_assert_cmpstr (bad_fields[5], !=, "");
    g_assert_nonnull (strstr (error->message, bad_fields[5]));
    g_assert_true (g_file_test (blocker, G_FILE_TEST_IS_REGULAR));

    for (guint i = 1; i <= 2; i++)
      {
        g_autofree char *key = g_strdup_printf ("A001/clip%u.mov|%s|", i, good);
        g_autofree char *meant = g_strdup_printf ("|%s/A001/clip%u.mov", good, i);
        const char *state = find_state (states, key);

        g_assert_nonnull (state);
        g_assert_true (g_str_has_prefix (state, "held|"));
        g_assert_true (g_str_has_suffix (state, meant));
        g_assert_null (strstr (state, drive));
      }
  }

  ingest_test_rm_rf (dir);
}

/*
 * A crash while the roll's ascmhl/ history goes up (a folder destination;
 * the same against a bucket is /upload/rgw/history-after-kill)
 */

/* A destination (under the same URI as the one it wraps) that kills its
 * own process with SIGKILL when asked to begin a chosen file: "h2" = the
 * second history file, "d2" = the second clip, "m1" = the first folder
 * marker. */
typedef struct
{
  IngestDestination  parent_instance;
  IngestDestination *inner;
  char               kind;
  guint              at;
  guint              n_history;
  guint              n_data;
  guint              n_marker;
} Tripwire;

typedef struct
{
  IngestDestinationClass parent_class;
} TripwireClass;

static GType tripwire_get_type (void);
G_DEFINE_TYPE (Tripwire, tripwire, INGEST_TYPE_DESTINATION)

static IngestDestinationFile *
tripwire_begin (IngestDestination        *destination,
                const IngestUploadSource *source,
                GCancellable             *cancellable,
                GError                  **error)
{
  Tripwire *self = (Tripwire *) destination;
  char kind = g_str_has_suffix (source->key, "/") ? 'm' : strstr (source->key, "/ascmhl/") != NULL ? 'h' : 'd';
  guint n = kind == 'm' ? ++self->n_marker : kind == 'h' ? ++self->n_history : ++self->n_data;

  if (kind == self->kind && n == self->at)
    raise (SIGKILL);
  /* The file belongs to the inner destination: the other calls go there. */
  return ingest_destination_begin (self->inner, source, cancellable, error);
}

static GBytes *
tripwire_fetch (IngestDestination  *destination,
                const char         *key,
                gsize               max_size,
                GCancellable       *cancellable,
                GError            **error)
{
  return ingest_destination_fetch (((Tripwire *) destination)->inner, key, max_size, cancellable, error);
}

static void
tripwire_finalize (GObject *object)
{
  g_clear_object (&((Tripwire *) object)->inner);
  G_OBJECT_CLASS (tripwire_parent_class)->finalize (object);
}

static void
tripwire_class_init (TripwireClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tripwire_finalize;
  INGEST_DESTINATION_CLASS (klass)->begin = tripwire_begin;
  INGEST_DESTINATION_CLASS (klass)->fetch = tripwire_fetch;
}

static void
tripwire_init (Tripwire *self)
{
}

/* The S3 destination `ingestctl ingest --to s3://BUCKET/PREFIX --endpoint
 * E` makes (same URI, same journal rows), E and the keys from the
 * environment. */
static IngestDestination *
child_s3_destination (const char    *to,
                      IngestCatalog *catalog)
{
  g_autoptr(IngestS3Credentials) credentials = ingest_s3_credentials_new (g_getenv ("AWS_ACCESS_KEY_ID"),
                                                                          g_getenv ("AWS_SECRET_ACCESS_KEY"),
                                                                          NULL, "us-east-1");
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (to + strlen ("s3://"), "/", 2);

  client = ingest_s3_client_new (g_getenv ("INGEST_TEST_RGW_ENDPOINT"), credentials, &error);
  g_assert_no_error (error);
  return INGEST_DESTINATION (ingest_s3_destination_new (client, parts[0], parts[1], catalog));
}

/* The child: `test-upload` again with INGEST_TEST_HISTORY_CHILD =
 * "DRIVE|TO|CATALOG|h2", TO a NAS folder or s3://BUCKET/PREFIX: runs the
 * upload until the tripwire kills it. */
static int
history_child_main (const char *spec)
{
  g_auto(GStrv) args = g_strsplit (spec, "|", 4);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestDestination) inner = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Tripwire *tripwire;
  Run run = { 0 };

  ingest_init ();
  catalog = ingest_catalog_open (args[2], &error);
  g_assert_no_error (error);
  if (g_str_has_prefix (args[1], "s3://"))
    inner = child_s3_destination (args[1], catalog);
  else
    inner = INGEST_DESTINATION (ingest_folder_destination_new (args[1], catalog));
  tripwire = g_object_new (tripwire_get_type (), "uri", ingest_destination_get_uri (inner), NULL);
  tripwire->inner = g_object_ref (inner);
  tripwire->kind = args[3][0];
  tripwire->at = atoi (args[3] + 1);

  job = ingest_upload_job_new (args[0]);
  ingest_upload_job_set_catalog (job, catalog);
  ingest_upload_job_set_n_threads (job, 1);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (tripwire));
  g_object_unref (tripwire);
  run.loop = g_main_loop_new (NULL, FALSE);
  ingest_upload_job_run_async (job, NULL, run_done_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  /* Not killed: the tripwire was never reached. */
  return 3;
}

/* Runs `ingestctl ingest DRIVE --to NAS --catalog CATALOG --json` with
 * @state as XDG_STATE_HOME; its exit status and summary. */
static int
ingest_to_folder (const char  *drive,
                  const char  *nas,
                  const char  *catalog,
                  const char  *state,
                  JsonObject **summary)
{
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "XDG_STATE_HOME", state, TRUE);
  const char *argv[] = { g_getenv ("INGESTCTL"), "ingest", drive, "--to", nas, "--catalog", catalog, "--json", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("ingestctl ingest: %s", err);
  *summary = NULL;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "{\"event\":\"summary\""))
      *summary = ingest_test_parse_json_object (lines[i]);
  g_assert_nonnull (*summary);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Every file of the roll's ascmhl/ at the destination, with its bytes. */
static GHashTable *
snapshot_folder (const char *path)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      char *contents = NULL;

      g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
      g_hash_table_insert (files, g_strdup (name), contents);
    }
  return files;
}

/* The roll at the NAS carries a whole, valid history: the camera
 * generation and exactly one transfer generation, every manifest the chain
 * names is there and no other (nothing half-written or left over), each
 * validates against the ASC MHL schema, and the copy verifies against it. */
static void
assert_nas_history (const char *nas_roll,
                    guint       n_files)
{
  g_autofree char *ascmhl = g_build_filename (nas_roll, "ascmhl", NULL);
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autoptr(GHashTable) files = snapshot_folder (ascmhl);
  g_autoptr(GError) error = NULL;
  IngestMhlChain *chain;
  GHashTableIter iter;
  gpointer name;

  history = ingest_mhl_history_load (nas_roll, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 2);
  g_assert_null (ingest_mhl_history_get_warnings (history) != NULL ? ingest_mhl_history_get_warnings (history)[0] : NULL);
  g_assert_cmpint (ingest_mhl_manifest_get_process (ingest_mhl_history_get_manifest (history, 0)), !=,
                   INGEST_MHL_PROCESS_TRANSFER);
  g_assert_cmpint (ingest_mhl_manifest_get_process (ingest_mhl_history_get_latest_manifest (history)), ==,
                   INGEST_MHL_PROCESS_TRANSFER);

  chain = ingest_mhl_history_get_chain (history);
  g_assert_cmpuint (ingest_mhl_chain_get_n_entries (chain), ==, 2);
  g_assert_cmpuint (g_hash_table_size (files), ==, 3);
  g_assert_true (g_hash_table_contains (files, "ascmhl_chain.xml"));
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      g_autofree char *path = g_build_filename (ascmhl, name, NULL);

      if (g_str_equal (name, "ascmhl_chain.xml"))
        {
          ingest_test_assert_valid_mhl_xml (path, "ASCMHLDirectory__combined.xsd");
          continue;
        }
      g_assert_nonnull (ingest_mhl_chain_lookup (chain, name));
      g_assert_nonnull (strstr (name, "_H001_"));
      ingest_test_assert_valid_mhl_xml (path, "ASCMHL.xsd");
    }

  verifier = ingest_mhl_verifier_new (nas_roll, INGEST_MHL_OPERATION_VERIFY);
  g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_VERIFIED), ==, n_files);
}

static void
test_folder_history_after_kill (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-history-kill-XXXXXX");
  g_autofree char *drive = g_build_filename (dir, "drive", NULL);
  g_autofree char *roll = g_build_filename (drive, "H001", NULL);
  const gsize sizes[] = { 3 * MiB + 5, 700 * 1024, 0 };
  /* Before the first history file, between each, before the chain (the
   * last), and mid-delivery of the clips (no history staged yet). */
  const char *kills[] = { "h1", "h2", "h3", "d2" };

  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 90);

  for (guint trial = 0; trial < G_N_ELEMENTS (kills); trial++)
    {
      g_autofree char *nas = g_strdup_printf ("%s/nas-%u", dir, trial);
      g_autofree char *nas_roll = g_build_filename (nas, "H001", NULL);
      g_autofree char *nas_ascmhl = g_build_filename (nas_roll, "ascmhl", NULL);
      g_autofree char *catalog = g_strdup_printf ("%s/catalog-%u.db", dir, trial);
      g_autofree char *state = g_strdup_printf ("%s/state-%u", dir, trial);
      g_autofree char *spec = g_strdup_printf ("%s|%s|%s|%s", drive, nas, catalog, kills[trial]);
      g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-upload", NULL);
      const char *argv[] = { self_path, NULL };
      g_auto(GStrv) env = g_get_environ ();
      g_autoptr(JsonObject) second = NULL;
      g_autoptr(JsonObject) third = NULL;
      g_autoptr(GHashTable) before = NULL;
      g_autoptr(GHashTable) after = NULL;
      g_autoptr(GError) error = NULL;
      GHashTableIter iter;
      gpointer name, contents;
      int status = 0;

      g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
      /* 1: killed by its destination at the chosen point. */
      env = g_environ_setenv (env, "INGEST_TEST_HISTORY_CHILD", spec, TRUE);
      env = g_environ_setenv (env, "XDG_STATE_HOME", state, TRUE);
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      /* 2: the same delivery again converges: every clip verified, the
       * history whole at the NAS. */
      g_assert_cmpint (ingest_to_folder (drive, nas, catalog, state, &second), ==, 0);
      g_assert_cmpint (json_object_get_int_member (second, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (second, "failed"), ==, 0);
      assert_clips_copied (roll, nas_roll, G_N_ELEMENTS (sizes));
      assert_nas_history (nas_roll, G_N_ELEMENTS (sizes));
      before = snapshot_folder (nas_ascmhl);

      /* 3: nothing to do, still a success, the history untouched. */
      g_assert_cmpint (ingest_to_folder (drive, nas, catalog, state, &third), ==, 0);
      g_assert_cmpint (json_object_get_int_member (third, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (third, "bytes_sent"), ==, 0);
      after = snapshot_folder (nas_ascmhl);
      g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &name, &contents))
        g_assert_cmpstr (g_hash_table_lookup (after, name), ==, contents);
      g_test_message ("killed at %s: converged", kills[trial]);
    }
  ingest_test_rm_rf (dir);
}

/*
 * A real drive pulled mid-upload and plugged back in at another mount
 * point (root only: an ext4 image loop-mounted under /media). The checks
 * run in a subprocess so that the parent always unmounts what it set up.
 */

#define PULL_PREFIX      "ingest-uploadpull"
#define PULL_IMAGE       "uploadpull.img"
#define PULL_LABEL       "INGUPLOAD"
#define PULL_MOUNT       ingest_test_mount_point (PULL_LABEL)
#define PULL_MOUNT_AGAIN ingest_test_mount_point (PULL_LABEL "-AGAIN")
#define PULL_CLIPS       10
#define PULL_CLIP_SIZE   (4 * MiB)

typedef struct
{
  IngestUploadJob *job;
  const char      *image;
  gboolean         saw_removed;
  char            *message;
} Pull;

/* The card comes back, at another mount point: the caller resumes there. */
static gboolean
replug_elsewhere_cb (gpointer data)
{
  Pull *pull = data;

  g_assert_true (ingest_test_wait_image_released (pull->image, 5 * G_USEC_PER_SEC));
  g_assert_true (ingest_test_mount_drive (&ingest_test_fs_ext4, pull->image, PULL_MOUNT_AGAIN, TRUE));
  ingest_validation_job_resume (ingest_upload_job_get_validation (pull->job), PULL_MOUNT_AGAIN);
  return G_SOURCE_REMOVE;
}

static void
pull_paused_cb (IngestUploadJob *job,
                GParamSpec      *pspec,
                Pull            *pull)
{
  if (!ingest_upload_job_get_paused (job) || pull->saw_removed)
    return;
  pull->saw_removed = TRUE;
  pull->message = g_strdup (ingest_upload_job_get_message (job));
  g_timeout_add (300, replug_elsewhere_cb, pull);
}

static void
test_drive_pulled_subprocess (void)
{
  const char *image = g_getenv ("INGEST_TEST_IMAGE");
  const char *dir = g_getenv ("INGEST_TEST_DIR");
  g_autofree char *nas = NULL;
  g_autofree char *nas_roll = NULL;
  g_autofree char *staging = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  Pull pull = { 0 };

  if (!g_test_subprocess ())
    {
      g_test_skip ("only runs as a subprocess of the test above it");
      return;
    }

  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  nas_roll = g_build_filename (nas, "R001", NULL);
  staging = g_build_filename (dir, "staging", "R001", NULL);
  g_assert_true (ingest_test_mount_drive (&ingest_test_fs_ext4, image, PULL_MOUNT, TRUE));
  catalog = open_catalog (dir);
  folder = ingest_folder_destination_new (nas, catalog);
  /* Pulls the cable once 3½ clips went by. */
  counting = g_object_new (counting_get_type (), "uri", "counting:", NULL);
  counting->pull_after = 7 * PULL_CLIP_SIZE / 2;
  counting->pull_mount_point = PULL_MOUNT;

  job = ingest_upload_job_new (PULL_MOUNT);
  ingest_upload_job_set_catalog (job, catalog);
  ingest_upload_job_set_n_threads (job, 1);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (counting));
  pull.job = job;
  pull.image = image;
  g_signal_connect (job, "notify::paused", G_CALLBACK (pull_paused_cb), &pull);
  g_assert_true (run_job (job, &states));

  /* Paused by the drive's absence, said so, then carried on where the drive
   * came back: every clip at the NAS is the clip as it left the set. */
  g_assert_true (counting->pulled);
  g_assert_true (pull.saw_removed);
  g_assert_cmpstr (pull.message, ==, "Drive removed — plug it back in to continue");
  g_assert_false (ingest_upload_job_get_paused (job));
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, PULL_CLIPS);
  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 0);
  assert_clips_copied (staging, nas_roll, PULL_CLIPS);
  g_free (pull.message);
  g_assert_true (ingest_test_unmount_drive (image, PULL_MOUNT_AGAIN));
}

static void
test_drive_pulled (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *staging = NULL;
  gsize sizes[PULL_CLIPS];

  if (!ingest_test_drive_can_run (&ingest_test_fs_ext4, PULL_MOUNT))
    return;
  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT);
  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT_AGAIN);
  g_assert_false (ingest_test_is_mounted (PULL_MOUNT));
  g_assert_false (ingest_test_is_mounted (PULL_MOUNT_AGAIN));

  dir = ingest_test_make_drive_dir (PULL_PREFIX);
  image = g_build_filename (dir, PULL_IMAGE, NULL);
  staging = g_build_filename (dir, "staging", NULL);
  for (guint i = 0; i < PULL_CLIPS; i++)
    sizes[i] = PULL_CLIP_SIZE + i;
  {
    g_autofree char *roll = g_build_filename (staging, "R001", NULL);

    ingest_test_make_mhl_roll (roll, sizes, PULL_CLIPS, 600);
  }
  ingest_test_make_drive_image (&ingest_test_fs_ext4, image, "96M", PULL_LABEL, staging, PULL_MOUNT);

  g_setenv ("INGEST_TEST_IMAGE", image, TRUE);
  g_setenv ("INGEST_TEST_DIR", dir, TRUE);
  g_test_trap_subprocess ("/upload/folder/drive-pulled/subprocess", 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);

  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT);
  ingest_test_cleanup_drives (PULL_PREFIX, PULL_IMAGE, PULL_MOUNT_AGAIN);
  ingest_test_rm_rf (dir);
  g_test_trap_assert_passed ();
}

/*
 * Against Ceph RGW
 */

/* Sends @path through @destination the way the job does: one hash job read. */
static IngestDestinationFile *
send_file (IngestDestination *destination,
           const char        *path,
           const char        *key,
           const char        *expected_xxh64,
           gboolean           finish,
           GError           **error)
{
  g_autoptr(IngestHashJob) job = ingest_hash_job_new (path, INGEST_HASH_BIT (INGEST_HASH_XXH64));
  g_autoptr(GHashTable) metadata = g_hash_table_new (g_str_hash, g_str_equal);
  IngestUploadSource source = { 0 };
  IngestDestinationFile *file;
  struct stat st;
  struct { IngestDestinationFile *file; } feed;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_hash_table_insert (metadata, (gpointer) "xxh64", (gpointer) expected_xxh64);
  source.path = path;
  source.key = key;
  source.size = st.st_size;
  source.mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  source.expected_kind = "xxh64";
  source.expected = expected_xxh64;
  source.metadata = metadata;

  if ((file = ingest_destination_begin (destination, &source, NULL, error)) == NULL)
    return NULL;
  feed.file = file;
  g_assert_true (ingest_hash_job_run (job, ingest_test_feed_destination, feed.file, NULL, NULL, NULL));
  g_assert_cmpstr (job->digests[INGEST_HASH_XXH64], ==, expected_xxh64);
  if (finish && !ingest_destination_finish (file, NULL, error))
    g_clear_pointer (&file, ingest_destination_file_free);
  return file;
}

/*
 * `ingestctl uploads` with a folder destination: a partial copy left by a
 * kill -9 is listed, resumed (read back whole), refused when its bytes went
 * bad, restarted when the source changed, and aborted.
 */

/* The child: `test-upload` again with INGEST_TEST_PARTIAL_CHILD =
 * "SOURCE|NAS|CATALOG|KEY|XXH64|N": copies the first N bytes of SOURCE
 * to the folder destination, then kills itself. */
static int
partial_child_main (const char *spec)
{
  g_auto(GStrv) args = g_strsplit (spec, "|", 6);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  IngestDestinationFile *file;
  IngestUploadSource source = { 0 };
  guint64 n = g_ascii_strtoull (args[5], NULL, 10);
  gsize len;
  struct stat st;

  ingest_init ();
  catalog = ingest_catalog_open (args[2], &error);
  g_assert_no_error (error);
  folder = ingest_folder_destination_new (args[1], catalog);
  g_assert_true (g_file_get_contents (args[0], &contents, &len, NULL));
  g_assert_cmpint (g_stat (args[0], &st), ==, 0);
  source.path = args[0];
  source.key = args[3];
  source.size = len;
  source.mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  source.expected_kind = "xxh64";
  source.expected = args[4];
  file = ingest_destination_begin (INGEST_DESTINATION (folder), &source, NULL, &error);
  g_assert_no_error (error);
  for (guint64 offset = 0; offset < n; offset += MiB)
    g_assert_true (ingest_destination_write (file, (const guint8 *) contents + offset, MIN (MiB, n - offset), offset, NULL));
  raise (SIGKILL);
  return 3;
}

/* Runs the child to leave a partial copy of @source; its journal id. */
static char *
leave_partial_copy (const char *source,
                    const char *nas,
                    const char *catalog_path,
                    const char *xxh64,
                    guint64     n)
{
  g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-upload", NULL);
  g_autofree char *spec = g_strdup_printf ("%s|%s|%s|R001/clip.mov|%s|%" G_GUINT64_FORMAT,
                                           source, nas, catalog_path, xxh64, n);
  const char *argv[] = { self_path, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "INGEST_TEST_PARTIAL_CHILD", spec, TRUE);
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFSIGNALED (status));
  catalog = ingest_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  record = ingest_upload_journal_find (catalog, nas, "R001/clip.mov", FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  return g_strdup_printf ("%" G_GINT64_FORMAT, record->id);
}

static char *
run_uploads (const char *verb,
             const char *id,
             const char *catalog_path,
             int        *status)
{
  const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", verb, "--catalog", catalog_path, id, NULL };
  const char *list[] = { g_getenv ("INGESTCTL"), "uploads", "list", "--json", "--catalog", catalog_path, NULL };

  return ingest_test_run_capture (id != NULL ? argv : list, status);
}

static const char *
journal_state_of (const char *catalog_path,
                  const char *id)
{
  g_autoptr(IngestCatalog) catalog = ingest_catalog_open (catalog_path, NULL);
  g_autoptr(IngestUploadRecord) record = ingest_upload_journal_lookup (catalog, g_ascii_strtoll (id, NULL, 10), NULL);

  g_assert_nonnull (record);
  return g_intern_string (record->state);
}

/* The partial file a folder copy of @name left in @folder (its name has a
 * random token), or NULL. */
static char *
find_part (const char *folder,
           const char *name)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", name);
  char *found = NULL;
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, prefix) && g_str_has_suffix (entry, ".ingest-part"))
      {
        g_assert_null (found);
        found = g_build_filename (folder, entry, NULL);
      }
  return found;
}

static void
test_folder_uploads_verb (void)
{
  g_autofree char *dir = ingest_test_make_tmpdir ("upload-folder-verb-XXXXXX");
  g_autofree char *source = g_build_filename (dir, "clip.mov", NULL);
  g_autofree char *nas = g_build_filename (dir, "nas", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *copy = g_build_filename (nas, "R001", "clip.mov", NULL);
  g_autofree char *nas_roll = g_build_filename (nas, "R001", NULL);
  g_autofree char *xxh64 = NULL;
  const guint64 size = 40 * MiB + 123;
  int status = -1;

  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  ingest_test_write_random_file (source, size, 77);
  xxh64 = ingest_test_xxh64_of_file (source);

  /* Killed after 36 MiB: the journal has the 32 MiB checkpoint. */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = run_uploads (NULL, NULL, catalog_path, &status);
    g_autofree char *expected = NULL;
    struct stat st;

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"kind\" : \"folder\""));
    g_assert_nonnull (strstr (out, "\"key\" : \"R001/clip.mov\""));
    g_assert_nonnull (strstr (out, "\"bytes_acknowledged\" : 33554432"));
    g_assert_cmpint (g_stat (part, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, 36 * MiB);
    g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);

    out = run_uploads ("resume", id, catalog_path, &status);
    g_test_message ("%s", out);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "continued an interrupted copy after 33554432 bytes"));
    expected = g_strdup_printf ("(sent %" G_GUINT64_FORMAT " bytes, 33554432 were already there)", size - 32 * MiB);
    g_assert_nonnull (strstr (out, expected));
    assert_same_bytes (source, copy);
    g_assert_null (find_part (nas_roll, "clip.mov"));
    g_assert_cmpstr (journal_state_of (catalog_path, id), ==, "verified");
    g_unlink (copy);
  }

  /* The kept bytes went bad on the disk: the read-back catches it, nothing
   * is delivered, and the partial copy is gone (the next run starts over). */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = NULL;
    int fd = open (part, O_RDWR);
    char byte;

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (pread (fd, &byte, 1, 5 * MiB + 7), ==, 1);
    byte ^= 0x20;
    g_assert_cmpint (pwrite (fd, &byte, 1, 5 * MiB + 7), ==, 1);
    close (fd);
    out = run_uploads ("resume", id, catalog_path, &status);
    g_assert_cmpint (status, !=, 0);
    g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
    g_assert_null (find_part (nas_roll, "clip.mov"));
    g_assert_cmpstr (journal_state_of (catalog_path, id), ==, "failed");
  }

  /* The source changed since (its mtime): copied again from the start. */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = NULL;
    g_autofree char *expected = NULL;
    struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

    g_assert_cmpint (utimensat (AT_FDCWD, source, times, 0), ==, 0);
    out = run_uploads ("resume", id, catalog_path, &status);
    g_test_message ("%s", out);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "the source changed since the interrupted copy: copied again from the start"));
    expected = g_strdup_printf ("(sent %" G_GUINT64_FORMAT " bytes, 0 were already there)", size);
    g_assert_nonnull (strstr (out, expected));
    assert_same_bytes (source, copy);
    g_unlink (copy);
  }

  /* Aborted: the partial copy is deleted and the row is no longer live. */
  {
    g_autofree char *id = leave_partial_copy (source, nas, catalog_path, xxh64, 36 * MiB);
    g_autofree char *part = find_part (nas_roll, "clip.mov");
    g_autofree char *out = NULL;

    g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));
    out = run_uploads ("abort", id, catalog_path, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_null (find_part (nas_roll, "clip.mov"));
    g_assert_cmpstr (journal_state_of (catalog_path, id), ==, "aborted");
    g_clear_pointer (&out, g_free);
    out = run_uploads (NULL, NULL, catalog_path, &status);
    g_assert_null (strstr (out, "R001/clip.mov"));
  }

  ingest_test_rm_rf (dir);
}

static void
test_single_and_multipart (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  const gsize sizes[] = { 1 * MiB + 17, 23 * MiB + 5 };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-parts-XXXXXX");
  client = rgw_client ();
  catalog = open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "parts/", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  ingest_s3_destination_set_parts_in_flight (destination, 3);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/file%u.bin", dir, i);
      g_autofree char *key = g_strdup_printf ("file%u.bin", i);
      g_autofree char *full = g_strdup_printf ("parts/file%u.bin", i);
      g_autofree char *xxh64 = NULL;
      g_autoptr(IngestDestinationFile) file = NULL;
      g_autoptr(IngestS3ObjectInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) part_md5s = g_string_new (NULL);
      g_autofree char *contents = NULL;
      g_autofree char *want_etag = NULL;
      gsize len;

      ingest_test_write_random_file (path, sizes[i], 100 + i);
      xxh64 = ingest_test_xxh64_of_file (path);
      file = send_file (INGEST_DESTINATION (destination), path, key, xxh64, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, sizes[i]);
      ingest_test_assert_object_equals_file (client, bucket, full, path);
      /* RGW 16 takes x-amz-checksum-crc32c and ignores it: never "server-verified". */
      g_assert_cmpstr (ingest_destination_file_get_note (file), ==,
                       "crc32c not confirmed by the server (not echoed); Content-MD5 protected every part");

      /* The ETag, computed here independently with GChecksum. */
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      if (len <= 5 * MiB)
        want_etag = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) contents, len);
      else
        {
          g_autofree char *md5_of_md5s = NULL;
          guint n = 0;

          for (gsize off = 0; off < len; off += 5 * MiB, n++)
            {
              g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
              guint8 digest[16];
              gsize digest_len = 16;

              g_checksum_update (md5, (const guint8 *) contents + off, MIN (5 * MiB, len - off));
              g_checksum_get_digest (md5, digest, &digest_len);
              g_string_append_len (part_md5s, (const char *) digest, 16);
            }
          md5_of_md5s = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) part_md5s->str, part_md5s->len);

          want_etag = g_strdup_printf ("%s-%u", md5_of_md5s, n);
          g_assert_cmpuint (n, ==, 5);
        }
      info = ingest_s3_client_head_object (client, bucket, full, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->etag, ==, want_etag);
      g_assert_cmpstr (g_hash_table_lookup (info->metadata, "xxh64"), ==, xxh64);
    }

  ingest_test_rm_rf (dir);
}

/* A partial upload, then a changed source: the next begin restarts and says why. */
static void
test_changed_source (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xxh64 = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_upload_id = NULL;
  struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-changed-XXXXXX");
  path = g_build_filename (dir, "clip.mov", NULL);
  ingest_test_write_random_file (path, 12 * MiB, 7);
  xxh64 = ingest_test_xxh64_of_file (path);
  client = rgw_client ();
  catalog = open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "changed", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);

  /* Sent, then interrupted before completion (suspend = kill, for the journal). */
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, FALSE, &error);
  g_assert_no_error (error);
  ingest_destination_suspend (file);
  g_clear_pointer (&file, ingest_destination_file_free);
  record = ingest_upload_journal_find (catalog, ingest_destination_get_uri (INGEST_DESTINATION (destination)),
                                       "changed/clip.mov", FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->n_parts, ==, 3);
  old_upload_id = g_strdup (record->remote_upload_id);

  /* Unchanged: resumes, sends nothing again. */
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "resumed: 3 of 3"));
  g_assert_cmpuint (ingest_destination_file_get_bytes_resumed (file), ==, 12 * MiB);
  g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, 0);
  ingest_destination_suspend (file);
  g_clear_pointer (&file, ingest_destination_file_free);

  /* Same bytes, other mtime: never resumed onto; the old upload is aborted. */
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (ingest_destination_file_get_note (file), "restarted: the source's modification time changed"));
  g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, 12 * MiB);
  ingest_test_assert_object_equals_file (client, bucket, "changed/clip.mov", path);

  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, "changed/", 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < uploads->len; i++)
    g_assert_cmpstr (((IngestS3Upload *) g_ptr_array_index (uploads, i))->upload_id, !=, old_upload_id);

  ingest_test_rm_rf (dir);
}

/* Killed after CompleteMultipartUpload, before the journal said so: the
 * next run checks the object instead of sending the file again. */
static void
test_killed_after_complete (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xxh64 = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *uri;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-completed-XXXXXX");
  path = g_build_filename (dir, "clip.mov", NULL);
  ingest_test_write_random_file (path, 11 * MiB, 9);
  xxh64 = ingest_test_xxh64_of_file (path);
  client = rgw_client ();
  catalog = open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "completed", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  uri = ingest_destination_get_uri (INGEST_DESTINATION (destination));

  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, TRUE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&file, ingest_destination_file_free);
  record = ingest_upload_journal_find (catalog, uri, "completed/clip.mov", TRUE, &error);
  g_assert_no_error (error);
  /* As the journal was when the process died. */
  g_assert_true (ingest_upload_journal_set_state (catalog, record->id, "completing", NULL, NULL, 0, &error));

  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ingest_destination_file_get_note (file), ==, "completed before the interruption; checked now");
  g_assert_cmpuint (ingest_destination_file_get_bytes_sent (file), ==, 0);
  g_clear_pointer (&record, ingest_upload_record_free);
  record = ingest_upload_journal_lookup (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->state, ==, "verified");
  ingest_test_assert_object_equals_file (client, bucket, "completed/clip.mov", path);

  ingest_test_rm_rf (dir);
}

/* `ingestctl uploads`: list an interrupted upload, resume it (one read,
 * checked against the journaled hash), abort a stale one on the server. */
static void
test_uploads_verb (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xxh64 = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *stale = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autoptr(IngestUploadRecord) record = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-verb-XXXXXX");
  path = g_build_filename (dir, "clip.mov", NULL);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  remote = g_strdup_printf ("s3://%s/verb", bucket);
  ingest_test_write_random_file (path, 13 * MiB, 21);
  xxh64 = ingest_test_xxh64_of_file (path);
  client = rgw_client ();
  catalog = open_catalog (dir);
  destination = ingest_s3_destination_new (client, bucket, "verb", catalog);
  ingest_s3_destination_set_part_size (destination, 5 * MiB);
  file = send_file (INGEST_DESTINATION (destination), path, "clip.mov", xxh64, FALSE, &error);
  g_assert_no_error (error);
  ingest_destination_suspend (file);
  record = ingest_upload_journal_find (catalog, ingest_destination_get_uri (INGEST_DESTINATION (destination)),
                                       "verb/clip.mov", FALSE, &error);
  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, record->id);

  g_setenv ("AWS_ACCESS_KEY_ID", rgw->access_key, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", rgw->secret_key, TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "list", "--json", "--catalog", catalog_path, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"key\" : \"verb/clip.mov\""));
    g_assert_nonnull (strstr (out, "\"state\" : \"paused\""));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "resume", id, "--catalog", catalog_path, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "resumed: 3 of 3 parts were already on the server"));
    g_clear_pointer (&out, g_free);
  }
  ingest_test_assert_object_equals_file (client, bucket, "verb/clip.mov", path);
  g_clear_pointer (&record, ingest_upload_record_free);
  record = ingest_upload_journal_lookup (catalog, g_ascii_strtoll (id, NULL, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->state, ==, "verified");

  /* A multipart upload no journal knows: stale, listed, aborted. */
  stale = ingest_s3_client_create_multipart_upload (client, bucket, "verb/orphan.mov", NULL, NULL, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "list", "--catalog", catalog_path,
                           "--remote", remote, "--endpoint", rgw->endpoint, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, stale));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "uploads", "abort", "--catalog", catalog_path,
                           "--remote", remote, "--endpoint", rgw->endpoint, NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, "verb/", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 0);

  ingest_test_rm_rf (dir);
}

/* The job: one read feeds the hashers, an S3 bucket, a NAS folder and a
 * counting destination; every byte reaches each exactly once. */
/* The default key layout with production "Prod" and shoot day "D1" (owned by the test's process). */
static IngestKeyTemplate *
prod_d1_layout (void)
{
  static IngestKeyTemplate *layout;
  static const char * const values[] = { "production", "Prod", "shoot-day", "D1", NULL };

  if (layout == NULL)
    layout = ingest_key_template_new (NULL, values, NULL);
  return layout;
}

static void
test_one_read (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *nas = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) s3 = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(Counting) counting = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) histories = NULL;
  g_autoptr(GError) run_error = NULL;
  g_autofree char *s3_ascmhl = NULL;
  const gsize sizes[] = { 11 * MiB + 3, 300 * 1024, 0, 6 * MiB };
  guint64 total = 0;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-one-read-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "A001", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 40);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    total += sizes[i];
  /* A symlink in ascmhl/ points off the drive: the history upload must not follow it. */
  {
    g_autofree char *link = g_build_filename (roll, "ascmhl", "passwd.link", NULL);

    g_assert_cmpint (symlink ("/etc/passwd", link), ==, 0);
  }

  client = rgw_client ();
  catalog = open_catalog (dir);
  s3 = ingest_s3_destination_new (client, bucket, "oneread", catalog);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  folder = ingest_folder_destination_new (nas, catalog);
  counting = g_object_new (counting_get_type (), "uri", "counting:", NULL);

  job = ingest_upload_job_new (drive);
  ingest_upload_job_set_catalog (job, catalog);
  ingest_upload_job_set_key_template (job, prod_d1_layout ());
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (counting));
  g_assert_true (run_job_full (job, &states, &histories, &run_error));
  g_assert_no_error (run_error);

  /* Read once: validation read exactly the bytes of the files... */
  g_assert_cmpuint (ingest_validation_job_get_bytes_done (ingest_upload_job_get_validation (job)), ==, total);
  /* ...and every destination got each byte exactly once, in order. */
  g_assert_false (counting->out_of_order);
  g_assert_cmpuint (counting->n_held, ==, 0);
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (ingest_upload_job_get_bytes_total (job), ==, total);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *key = g_strdup_printf ("Prod/D1/A001/clip%u.mov", i);
      g_autofree char *s3_key = g_strdup_printf ("oneread/%s", key);
      g_autofree char *path = g_strdup_printf ("%s/clip%u.mov", roll, i);
      g_autofree char *copy = g_build_filename (nas, key, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *md5 = NULL;
      g_autofree char *copy_md5 = NULL;
      const guint64 *seen = g_hash_table_lookup (counting->seen, key);
      gsize len;
      struct stat a, b;

      g_assert_nonnull (seen);
      g_assert_cmpuint (*seen, ==, sizes[i]);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) contents, len);
      g_assert_cmpstr (g_hash_table_lookup (counting->md5, key), ==, md5);
      ingest_test_assert_object_equals_file (client, bucket, s3_key, path);

      /* NAS: same bytes, same mtime. */
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (copy, &contents, &len, NULL));
      g_clear_pointer (&copy_md5, g_free);
      copy_md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) contents, len);
      g_assert_cmpstr (copy_md5, ==, md5);
      g_assert_cmpint (g_stat (path, &a), ==, 0);
      g_assert_cmpint (g_stat (copy, &b), ==, 0);
      g_assert_cmpint (a.st_mtim.tv_sec, ==, b.st_mtim.tv_sec);
      g_assert_cmpint (a.st_mtim.tv_nsec, ==, b.st_mtim.tv_nsec);
    }

  /* The history went up with a transfer generation the MHL engine accepts. */
  {
    g_autofree char *cloud = g_build_filename (dir, "cloud", NULL);
    g_autoptr(IngestMhlVerifier) verifier = NULL;
    g_autoptr(IngestMhlHistory) history = NULL;
    g_autoptr(GError) error = NULL;
    IngestMhlManifest *latest;

    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autofree char *key = g_strdup_printf ("oneread/Prod/D1/A001/clip%u.mov", i);
        g_autofree char *target = g_strdup_printf ("%s/clip%u.mov", cloud, i);

        g_assert_cmpint (g_mkdir_with_parents (cloud, 0755), ==, 0);
        ingest_s3_client_get_object_to_file (client, bucket, key, target, NULL, &error);
        g_assert_no_error (error);   /* first, so that a failure says why */
      }
    {
      const char *prefix = "oneread/Prod/D1/A001/ascmhl/";
      g_autofree char *ascmhl = g_build_filename (cloud, "ascmhl", NULL);
      g_autofree char *nas_history = g_build_filename (nas, "Prod/D1/A001/ascmhl", NULL);
      g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, FALSE);
      g_autoptr(GDir) local = NULL;
      guint n_local = 0;

      g_assert_cmpint (g_mkdir_with_parents (ascmhl, 0755), ==, 0);

      local = g_dir_open (nas_history, 0, &error);
      g_assert_no_error (error);
      {
        g_autofree char *leaked = g_build_filename (nas_history, "passwd.link", NULL);

        g_assert_false (g_file_test (leaked, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));
      }
      /* The bucket holds as many history files as the NAS copy. Each
       * destination names its own transfer generation when it writes it, so
       * on a loaded machine the two names may differ in their second. */
      while (g_dir_read_name (local) != NULL)
        n_local++;
      g_assert_cmpuint (keys->len, ==, n_local);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = keys->pdata[i];
          g_autofree char *target = g_build_filename (ascmhl, key + strlen (prefix), NULL);

          g_assert_true (g_str_has_prefix (key, prefix));
          ingest_s3_client_get_object_to_file (client, bucket, key, target, NULL, &error);
          g_assert_no_error (error);
        }
    }
    history = ingest_mhl_history_load (cloud, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 2);
    latest = ingest_mhl_history_get_latest_manifest (history);
    g_assert_cmpint (ingest_mhl_manifest_get_process (latest), ==, INGEST_MHL_PROCESS_TRANSFER);
    g_assert_nonnull (strstr (ingest_mhl_manifest_get_comment (latest), "oneread/Prod/D1/A001/"));
    verifier = ingest_mhl_verifier_new (cloud, INGEST_MHL_OPERATION_VERIFY);
    g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_VERIFIED), ==, G_N_ELEMENTS (sizes));

    /* The job said so: the generation in the bucket's chain, at its key. */
    {
      g_autofree char *chain_path = g_build_filename (cloud, "ascmhl", "ascmhl_chain.xml", NULL);
      g_autofree char *expected = NULL;

      s3_ascmhl = g_strdup_printf ("s3://%s/oneread/Prod/D1/A001/ascmhl/", bucket);
      expected = g_strdup_printf ("A001|%s|%s|%u|verified|", ingest_destination_get_uri (INGEST_DESTINATION (s3)),
                                  s3_ascmhl, chain_last_generation (chain_path));
      g_assert_cmpuint (histories->len, ==, 3);
      g_assert_cmpstr (g_ptr_array_index (histories, 0), ==, expected);
      g_assert_cmpuint (chain_last_generation (chain_path), ==, ingest_mhl_manifest_get_generation (latest));
    }
  }

  /* Again: nothing is sent, everything is already there. */
  {
    g_autoptr(IngestUploadJob) again = ingest_upload_job_new (drive);
    g_autoptr(GPtrArray) states2 = NULL;
    g_autoptr(GPtrArray) histories2 = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(IngestS3Destination) s3b = ingest_s3_destination_new (client, bucket, "oneread", catalog);

    ingest_upload_job_set_catalog (again, catalog);
    ingest_upload_job_set_key_template (again, prod_d1_layout ());
    ingest_upload_job_add_destination (again, INGEST_DESTINATION (s3b));
    g_assert_true (run_job_full (again, &states2, &histories2, &run_error));
    g_assert_no_error (run_error);
    expected = g_strdup_printf ("A001|%s|%s|0|verified|already there from an earlier run, nothing new to record",
                                ingest_destination_get_uri (INGEST_DESTINATION (s3b)), s3_ascmhl);
    g_assert_cmpuint (histories2->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (histories2, 0), ==, expected);
    g_assert_cmpuint (ingest_upload_job_get_bytes_sent (again), ==, 0);
    g_assert_cmpuint (ingest_upload_job_get_bytes_resumed (again), ==, total);
  }

  ingest_test_rm_rf (dir);
}

/*
 * A crash while the roll's ascmhl/ history goes up (a bucket)
 */

/* Runs `ingestctl ingest DRIVE --to s3://BUCKET/PREFIX [--to NAS] --catalog
 * CATALOG` against the gateway; its exit status and summary. */
static int
ingest_to_rgw (const char  *drive,
               const char  *to,
               const char  *nas,
               const char  *catalog,
               JsonObject **summary)
{
  const char *args[] = { drive, "--to", to, "--catalog", catalog, nas ? "--to" : NULL, nas, NULL };
  int fd = -1;
  GPid pid = ingest_test_spawn_ingest (rgw, args, &fd);
  int status;

  *summary = ingest_test_read_json_summary (fd);
  status = ingest_test_wait_child (pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* The bucket's objects under @prefix (key, ETag, mtime), one string. */
static char *
bucket_listing (const char *prefix)
{
  g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, TRUE);

  g_ptr_array_add (keys, NULL);
  return g_strjoinv ("\n", (char **) keys->pdata);
}

/* The same crash as /upload/folder/history-after-kill, against a bucket:
 * killed (SIGKILL) at a folder marker, before and between the history
 * files, before the chain, and mid-delivery of the clips. The next run
 * exits 0 and leaves in the bucket exactly the clips, the markers and one
 * whole history with one transfer generation (no other manifest, no
 * unfinished multipart upload); the roll downloaded from it verifies. The
 * run after that sends nothing and changes nothing. */
static void
test_rgw_history_after_kill (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  const gsize sizes[] = { 3 * MiB + 5, 700 * 1024, 0 };
  const char *kills[] = { "m1", "h1", "h2", "h3", "d2" };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-rgw-history-kill-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "H001", NULL);
  empty = g_build_filename (roll, "EMPTY", "Sub", NULL);
  g_assert_cmpint (g_mkdir_with_parents (empty, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 95);
  client = rgw_client ();

  for (guint trial = 0; trial < G_N_ELEMENTS (kills); trial++)
    {
      g_autofree char *prefix = g_strdup_printf ("hkill-%u/", trial);
      g_autofree char *to = g_strdup_printf ("s3://%s/hkill-%u", bucket, trial);
      g_autofree char *catalog = g_strdup_printf ("%s/catalog-%u.db", dir, trial);
      g_autofree char *cloud = g_strdup_printf ("%s/cloud-%u", dir, trial);
      g_autofree char *cloud_roll = g_build_filename (cloud, "H001", NULL);
      g_autofree char *spec = g_strdup_printf ("%s|%s|%s|%s", drive, to, catalog, kills[trial]);
      g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-upload", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GPtrArray) keys = NULL;
      g_autoptr(GPtrArray) uploads = NULL;
      g_autoptr(JsonObject) second = NULL;
      g_autoptr(JsonObject) third = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { self_path, NULL };
      g_auto(GStrv) env = g_get_environ ();
      guint n_history = 0;
      guint n_markers = 0;
      int status = 0;

      /* 1: killed by its destination at the chosen point. */
      env = g_environ_setenv (env, "INGEST_TEST_HISTORY_CHILD", spec, TRUE);
      env = g_environ_setenv (env, "INGEST_TEST_RGW_ENDPOINT", rgw->endpoint, TRUE);
      env = g_environ_setenv (env, "AWS_ACCESS_KEY_ID", rgw->access_key, TRUE);
      env = g_environ_setenv (env, "AWS_SECRET_ACCESS_KEY", rgw->secret_key, TRUE);
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      /* 2: converges. */
      g_assert_cmpint (ingest_to_rgw (drive, to, NULL, catalog, &second), ==, 0);
      g_assert_cmpint (json_object_get_int_member (second, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (second, "failed"), ==, 0);
      keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, FALSE);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);

          n_history += strstr (key, "/ascmhl/") != NULL;
          n_markers += g_str_has_suffix (key, "/");
        }
      g_assert_cmpuint (n_markers, ==, 2);       /* EMPTY/, EMPTY/Sub/ */
      g_assert_cmpuint (n_history, ==, 3);       /* 2 manifests and the chain */
      g_assert_cmpuint (keys->len, ==, G_N_ELEMENTS (sizes) + 2 + 3);
      uploads = ingest_s3_client_list_multipart_uploads (client, bucket, prefix, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (uploads->len, ==, 0);
      g_assert_cmpuint (ingest_test_download_prefix (rgw, client, bucket, prefix, cloud), ==, 2);
      assert_clips_copied (roll, cloud_roll, G_N_ELEMENTS (sizes));
      assert_nas_history (cloud_roll, G_N_ELEMENTS (sizes));
      before = bucket_listing (prefix);

      /* 3: nothing to send, nothing changed. */
      g_assert_cmpint (ingest_to_rgw (drive, to, NULL, catalog, &third), ==, 0);
      g_assert_cmpint (json_object_get_int_member (third, "verified"), ==, G_N_ELEMENTS (sizes));
      g_assert_cmpint (json_object_get_int_member (third, "bytes_sent"), ==, 0);
      after = bucket_listing (prefix);
      g_assert_cmpstr (after, ==, before);
      g_test_message ("killed at %s: converged", kills[trial]);
    }
  ingest_test_rm_rf (dir);
}

/*
 * Empty folders: S3 has none, the roll's ASC MHL records them
 */

/* `ingestctl mhl verify ROLL`: its exit status (0: every file verified,
 * nothing missing, nothing new; 10: something recorded is missing). */
static int
mhl_verify (const char *roll)
{
  const char *argv[] = { g_getenv ("INGESTCTL"), "mhl", "verify", roll, NULL };
  g_autofree char *out = NULL;
  int status;

  out = ingest_test_run_capture (argv, &status);
  return status;
}

/* The demo drive (Sony cards with empty XDROOT/Edit, General, Sub, Take and
 * M4ROOT/GENERAL, SUB) to a bucket and a NAS folder: each empty folder
 * becomes a "KEY/" marker of no bytes (application/x-directory) and an
 * empty folder at the NAS; folders with files get none. Every object of
 * the bucket downloaded (a "/" key made a folder), each roll verifies
 * against the history that went up with it (`ingestctl mhl verify`, exit
 * 0: nothing missing), and so does the NAS copy. Without a marker, the
 * same verification reports the folder missing. The work runs in other
 * processes: a heap grown here would show in /upload/rgw/bounded-memory,
 * whose child is forked from this one. */
static void
test_empty_folders (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *nas = NULL;
  g_autofree char *cloud = NULL;
  g_autofree char *sound = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *to = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  const char *rolls[] = { "A001R1AB", "B001", "C001" };
  const char *markers[] = {
    "emptydirs/B001/XDROOT/Edit/", "emptydirs/B001/XDROOT/General/", "emptydirs/B001/XDROOT/Sub/",
    "emptydirs/B001/XDROOT/Take/", "emptydirs/C001/PRIVATE/M4ROOT/GENERAL/", "emptydirs/C001/PRIVATE/M4ROOT/SUB/",
  };
  guint n_markers = 0;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-empty-folders-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  cloud = g_build_filename (dir, "cloud", NULL);
  catalog = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/emptydirs", bucket);
  {
    const char *argv[] = { g_getenv ("INGESTCTL"), "demo-drive", drive, NULL };
    g_autofree char *out = NULL;
    int status;

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  /* The sound roll has no manifest: it could not be delivered verified. */
  sound = g_build_filename (drive, "SOUND_001", NULL);
  ingest_test_rm_rf (sound);

  g_assert_cmpint (ingest_to_rgw (drive, to, nas, catalog, &summary), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 0);

  /* A marker for each empty folder and for nothing else. */
  client = rgw_client ();
  keys = ingest_test_rgw_list_keys (rgw, bucket, "emptydirs/", FALSE);
  for (guint i = 0; i < keys->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (keys, i), "/"))
      n_markers++;
  g_assert_cmpuint (n_markers, ==, G_N_ELEMENTS (markers));
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      g_autoptr(IngestS3ObjectInfo) info = ingest_s3_client_head_object (client, bucket, markers[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (info->size, ==, 0);
      g_assert_cmpstr (info->content_type, ==, "application/x-directory");
    }

  g_assert_cmpuint (ingest_test_download_prefix (rgw, client, bucket, "emptydirs/", cloud), ==, G_N_ELEMENTS (markers));
  for (guint i = 0; i < G_N_ELEMENTS (rolls); i++)
    {
      g_autofree char *cloud_roll = g_build_filename (cloud, rolls[i], NULL);
      g_autofree char *nas_roll = g_build_filename (nas, rolls[i], NULL);

      g_assert_cmpint (mhl_verify (cloud_roll), ==, 0);
      g_assert_cmpint (mhl_verify (nas_roll), ==, 0);
    }

  /* The check has teeth: without its marker a folder is missing. */
  {
    g_autofree char *edit = g_build_filename (cloud, "B001", "XDROOT", "Edit", NULL);
    g_autofree char *cloud_roll = g_build_filename (cloud, "B001", NULL);

    g_assert_cmpint (g_rmdir (edit), ==, 0);
    g_assert_cmpint (mhl_verify (cloud_roll), ==, 10);
  }
  ingest_test_rm_rf (dir);
}

/* The one read, counted outside our code: `ingestctl ingest` to S3 and a
 * NAS folder under strace; every byte of every source file is read exactly
 * once, from one open, whatever the number of destinations. */
static void
test_one_read_strace (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *log = NULL;
  g_autofree char *nas = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *out = NULL;
  g_autofree char *trace = NULL;
  g_auto(GStrv) lines = NULL;
  const gsize sizes[] = { 12 * MiB + 5, 300 * 1024 };
  guint64 read_bytes[G_N_ELEMENTS (sizes)] = { 0 };
  guint opens[G_N_ELEMENTS (sizes)] = { 0 };
  int status = -1;

  if (!need_rgw ())
    return;
  if (!ingest_test_require_programs ("strace", "strace", NULL))
    return;

  dir = ingest_test_make_tmpdir ("upload-strace-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "S001", NULL);
  log = g_build_filename (dir, "strace.log", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/strace", bucket);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 90);

  g_setenv ("AWS_ACCESS_KEY_ID", rgw->access_key, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", rgw->secret_key, TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  {
    /* -ff: one log per thread, so no call is split across lines. In an
     * ASan build LeakSanitizer cannot run under ptrace: leaks are checked
     * by the other tests. */
    const char *argv[] = { "env", "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1",
                           "strace", "-ff", "-qq", "-y", "-o", log,
                           "-e", "trace=openat,open,read,pread64,readv,preadv,preadv2,mmap,sendfile,copy_file_range,splice",
                           g_getenv ("INGESTCTL"), "ingest", drive, "--to", to, "--to", nas,
                           "--endpoint", rgw->endpoint, "--catalog", catalog_path, "--part-size", "5M", NULL };

    out = ingest_test_run_capture (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }

  {
    g_autoptr(GDir) logs = g_dir_open (dir, 0, NULL);
    g_autoptr(GString) all = g_string_new (NULL);
    const char *name;

    while ((name = g_dir_read_name (logs)) != NULL)
      if (g_str_has_prefix (name, "strace.log."))
        {
          g_autofree char *one = NULL;
          g_autofree char *one_path = g_build_filename (dir, name, NULL);

          g_assert_true (g_file_get_contents (one_path, &one, NULL, NULL));
          g_string_append (all, one);
        }
    trace = g_string_free (g_steal_pointer (&all), FALSE);
  }
  lines = g_strsplit (trace, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/clip%u.mov", roll, i);
        g_autofree char *fd_tag = g_strdup_printf ("<%s>", path);
        g_autofree char *quoted = g_strdup_printf ("\"%s\"", path);
        const char *result = strrchr (lines[l], '=');

        if (strstr (lines[l], quoted) != NULL && strstr (lines[l], "open") != NULL)
          opens[i]++;
        else if (strstr (lines[l], fd_tag) != NULL)
          {
            /* Only plain reads of the source are allowed, nothing mapped or spliced. */
            g_assert_true (strstr (lines[l], "read(") != NULL || strstr (lines[l], "read64(") != NULL);
            g_assert_nonnull (result);
            read_bytes[i] += g_ascii_strtoull (result + 1, NULL, 10);
          }
      }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *key = g_strdup_printf ("strace/S001/clip%u.mov", i);
      g_autofree char *path = g_strdup_printf ("%s/clip%u.mov", roll, i);
      g_autoptr(IngestS3Client) client = rgw_client ();

      g_assert_cmpuint (opens[i], ==, 1);
      g_assert_cmpuint (read_bytes[i], ==, sizes[i]);
      ingest_test_assert_object_equals_file (client, bucket, key, path);
    }
  ingest_test_rm_rf (dir);
}

typedef struct
{
  IngestUploadJob *job;
  guint64          read_at_pause;
  guint64          read_after;
} PauseProbe;

static gboolean
pause_cb (gpointer data)
{
  PauseProbe *probe = data;

  ingest_upload_job_pause (probe->job);
  return G_SOURCE_REMOVE;
}

/* Once the pause has settled (progress is reported every 200 ms). */
static gboolean
settled_cb (gpointer data)
{
  PauseProbe *probe = data;

  probe->read_at_pause = ingest_validation_job_get_bytes_done (ingest_upload_job_get_validation (probe->job));
  return G_SOURCE_REMOVE;
}

static gboolean
resume_cb (gpointer data)
{
  PauseProbe *probe = data;

  probe->read_after = ingest_validation_job_get_bytes_done (ingest_upload_job_get_validation (probe->job));
  ingest_upload_job_resume (probe->job);
  return G_SOURCE_REMOVE;
}

/* Pause holds the read mid-file (and so the uploads); resume finishes. */
static void
test_pause (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *clip = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) s3 = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  const gsize sizes[] = { 40 * MiB };
  PauseProbe probe = { 0 };

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-pause-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "P001", NULL);
  clip = g_build_filename (roll, "clip0.mov", NULL);
  ingest_test_make_mhl_roll (roll, sizes, 1, 70);
  client = rgw_client ();
  s3 = ingest_s3_destination_new (client, bucket, "pause", NULL);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  ingest_s3_destination_set_parts_in_flight (s3, 1);
  ingest_s3_destination_set_bandwidth_limit (s3, 10 * MiB);
  job = ingest_upload_job_new (drive);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_set_upload_history (job, FALSE);
  probe.job = job;
  g_timeout_add (700, pause_cb, &probe);
  g_timeout_add (1300, settled_cb, &probe);
  g_timeout_add (2500, resume_cb, &probe);
  g_assert_true (run_job (job, &states));

  /* Paused at 0.7 s of a 4 s file: nothing more was read for 1.2 s. */
  g_assert_cmpuint (probe.read_at_pause, <, sizes[0]);
  g_assert_cmpuint (probe.read_after, ==, probe.read_at_pause);
  ingest_test_assert_object_equals_file (client, bucket, "pause/P001/clip0.mov", clip);
  ingest_test_rm_rf (dir);
}

/* A file whose bytes differ from its MHL is never delivered anywhere. */
static void
test_mismatch_held (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *nas = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *nas_copy = NULL;
  g_autofree char *good = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(IngestS3Destination) s3 = NULL;
  g_autoptr(IngestFolderDestination) folder = NULL;
  g_autoptr(IngestUploadJob) job = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IngestS3ObjectInfo) info = NULL;
  const gsize sizes[] = { 8 * MiB, 64 * 1024 };
  const char *state;
  FILE *f;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-mismatch-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "B002", NULL);
  nas = g_build_filename (dir, "nas", NULL);
  g_assert_cmpint (g_mkdir (nas, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 80);

  /* One flipped byte in the middle of the big clip, same size. */
  bad = g_build_filename (roll, "clip0.mov", NULL);
  f = fopen (bad, "r+b");
  g_assert_nonnull (f);
  fseek (f, 7 * MiB + 12345, SEEK_SET);
  {
    int c = fgetc (f);

    fseek (f, 7 * MiB + 12345, SEEK_SET);
    fputc (c ^ 0x40, f);
  }
  fclose (f);

  client = rgw_client ();
  catalog = open_catalog (dir);
  s3 = ingest_s3_destination_new (client, bucket, "mismatch", catalog);
  ingest_s3_destination_set_part_size (s3, 5 * MiB);
  folder = ingest_folder_destination_new (nas, catalog);
  job = ingest_upload_job_new (drive);
  ingest_upload_job_set_catalog (job, catalog);
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (s3));
  ingest_upload_job_add_destination (job, INGEST_DESTINATION (folder));
  g_assert_false (run_job (job, &states));

  g_assert_cmpuint (ingest_upload_job_get_files_failed (job), ==, 1);
  g_assert_cmpuint (ingest_upload_job_get_files_verified (job), ==, 1);
  state = find_state (states, "B002/clip0.mov|s3://");
  g_assert_nonnull (state);
  g_assert_nonnull (strstr (state, "|held|its bytes do not match the manifest"));

  /* Not in the bucket, no multipart upload left to complete, not on the NAS. */
  info = ingest_s3_client_head_object (client, bucket, "mismatch/B002/clip0.mov", NULL, &error);
  g_assert_null (info);
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY);
  g_clear_error (&error);
  uploads = ingest_s3_client_list_multipart_uploads (client, bucket, "mismatch/", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 0);
  nas_copy = g_build_filename (nas, "B002/clip0.mov", NULL);
  good = g_build_filename (roll, "clip1.mov", NULL);
  g_assert_false (g_file_test (nas_copy, G_FILE_TEST_EXISTS));
  ingest_test_assert_object_equals_file (client, bucket, "mismatch/B002/clip1.mov", good);

  ingest_test_rm_rf (dir);
}

static void
test_wrong_secret (void)
{
  g_autoptr(IngestS3Credentials) credentials = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestS3Destination) destination = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) fatal = NULL;
  gint64 start;

  if (!need_rgw ())
    return;

  credentials = ingest_s3_credentials_new (rgw->access_key, "not-the-secret", NULL, "us-east-1");
  client = ingest_s3_client_new (rgw->endpoint, credentials, NULL);
  destination = ingest_s3_destination_new (client, bucket, "x", NULL);
  start = g_get_monotonic_time ();
  g_assert_false (ingest_s3_destination_check (destination, NULL, &error));
  g_assert_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
  /* No retry storm: one request. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (ingest_s3_client_get_n_requests (client), ==, 1);
  fatal = ingest_destination_dup_fatal_error (INGEST_DESTINATION (destination));
  g_assert_error (fatal, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CREDENTIALS);
}

/*
 * ingestctl ingest, killed with SIGKILL mid-file, then run again
 */

static void
test_resume_after_kill (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *clip = NULL;
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(IngestCatalog) catalog = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GError) error = NULL;
  const gsize sizes[] = { 60 * MiB + 4321 };
  guint64 journaled = 0, on_server = 0;
  char *upload_id = NULL;
  int fd;
  GPid pid;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-kill-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "K001", NULL);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/kill", bucket);
  ingest_test_make_mhl_roll (roll, sizes, 1, 5);
  catalog = open_catalog (dir);

  /* Slowed down so that SIGKILL lands mid-file, after some parts. */
  {
    const char *args[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "5M",
                           "--parts-in-flight", "2", "--bwlimit", "10M", NULL };

    pid = ingest_test_spawn_ingest (rgw, args, &fd);
  }
  for (guint i = 0; i < 600 && journaled < 3 * 5 * MiB; i++)
    {
      g_autoptr(GPtrArray) live = NULL;

      g_usleep (50 * 1000);
      live = ingest_upload_journal_list (catalog, TRUE, NULL);
      if (live != NULL && live->len > 0)
        journaled = ((IngestUploadRecord *) g_ptr_array_index (live, 0))->bytes_journaled;
    }
  kill (pid, SIGKILL);
  g_assert_true (WIFSIGNALED (ingest_test_wait_child (pid)));
  close (fd);

  {
    g_autoptr(GPtrArray) live = ingest_upload_journal_list (catalog, TRUE, &error);
    IngestUploadRecord *record;

    g_assert_no_error (error);
    g_assert_cmpuint (live->len, ==, 1);
    record = g_ptr_array_index (live, 0);
    journaled = record->bytes_journaled;
    upload_id = g_strdup (record->remote_upload_id);
  }
  g_assert_cmpuint (journaled, >=, 3 * 5 * MiB);
  g_assert_cmpuint (journaled, <, sizes[0]);

  client = rgw_client ();
  listed = ingest_s3_client_list_parts (client, bucket, "kill/K001/clip0.mov", upload_id, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    on_server += ((IngestS3Part *) g_ptr_array_index (listed, i))->size;
  g_free (upload_id);

  /* Again, at full speed: it resumes. */
  {
    const char *args[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "5M",
                           "--parts-in-flight", "2", NULL };

    pid = ingest_test_spawn_ingest (rgw, args, &fd);
  }
  summary = ingest_test_read_json_summary (fd);
  g_assert_cmpint (WEXITSTATUS (ingest_test_wait_child (pid)), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "verified"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 0);
  /* Every journaled part was trusted, and nothing else: only what the server
   * had without a journal entry (the parts in flight) was sent again. */
  g_assert_cmpint (json_object_get_int_member (summary, "bytes_resumed"), ==, journaled);
  g_assert_cmpint (json_object_get_int_member (summary, "bytes_sent"), ==, sizes[0] - journaled);
  g_assert_cmpuint (on_server - journaled, <=, 2 * 5 * MiB);
  clip = g_build_filename (roll, "clip0.mov", NULL);
  ingest_test_assert_object_equals_file (client, bucket, "kill/K001/clip0.mov", clip);

  ingest_test_rm_rf (dir);
}

/* Memory stays at part size × parts in flight (+ 64 MB for the rest),
 * whatever the file size: the kernel's peak RSS of `ingestctl ingest`. */
static void
test_bounded_memory (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *roll = NULL;
  g_autoptr(JsonObject) summary = NULL;
  const gsize sizes[] = { 120 * MiB, 100 * MiB };
  struct rusage usage;
  int status = 0;
  int fd;
  GPid pid;

  if (!need_rgw ())
    return;

  dir = ingest_test_make_tmpdir ("upload-memory-XXXXXX");
  drive = g_build_filename (dir, "drive", NULL);
  roll = g_build_filename (drive, "M001", NULL);
  catalog_path = g_build_filename (dir, "catalog.db", NULL);
  to = g_strdup_printf ("s3://%s/memory", bucket);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 120);
  {
    const char *args[] = { drive, "--to", to, "--catalog", catalog_path, "--part-size", "8M",
                           "--parts-in-flight", "2", "--no-history", NULL };

    pid = ingest_test_spawn_ingest (rgw, args, &fd);
  }
  summary = ingest_test_read_json_summary (fd);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpint (json_object_get_int_member (summary, "verified"), ==, G_N_ELEMENTS (sizes));
  g_test_message ("peak RSS %ld kB for 220 MiB, 8 MiB parts, 2 in flight", usage.ru_maxrss);
  /* ru_maxrss is in kB. In an ASan build the shadow memory counts too. */
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpint (usage.ru_maxrss, <=, (2 * 8 + 64) * 1024);
#endif
  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  char *state_home;
  int ret;

  if (g_getenv ("INGEST_TEST_HISTORY_CHILD") != NULL)
    return history_child_main (g_getenv ("INGEST_TEST_HISTORY_CHILD"));
  if (g_getenv ("INGEST_TEST_PARTIAL_CHILD") != NULL)
    return partial_child_main (g_getenv ("INGEST_TEST_PARTIAL_CHILD"));
  g_test_init (&argc, &argv, NULL);
  /* The transfer histories staged between runs stay out of $HOME. */
  state_home = ingest_test_make_tmpdir ("upload-state-XXXXXX");
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  ingest_init ();
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);

  g_test_add_func ("/upload/folder/active-files", test_folder_active_files);
  g_test_add_func ("/upload/folder/cancel-fraction", test_folder_cancel_fraction);
  g_test_add_func ("/upload/folder/failed-fraction", test_folder_failed_fraction);
  g_test_add_func ("/upload/folder/history-after-kill", test_folder_history_after_kill);
  g_test_add_func ("/upload/folder/history-finished", test_folder_history_finished);
  g_test_add_data_func ("/upload/folder/history-extended", GINT_TO_POINTER (FALSE), test_history_extended);
  g_test_add_data_func ("/upload/rgw/history-extended", GINT_TO_POINTER (TRUE), test_history_extended);
  g_test_add_func ("/upload/folder/uploads-verb", test_folder_uploads_verb);
  g_test_add_func ("/upload/folder/drive-pulled", test_drive_pulled);
  g_test_add_func ("/upload/folder/drive-pulled/subprocess", test_drive_pulled_subprocess);
  g_test_add_func ("/upload/rgw/single-and-multipart", test_single_and_multipart);
  g_test_add_func ("/upload/rgw/changed-source", test_changed_source);
  g_test_add_func ("/upload/rgw/killed-after-complete", test_killed_after_complete);
  g_test_add_func ("/upload/rgw/uploads-verb", test_uploads_verb);
  g_test_add_func ("/upload/rgw/one-read", test_one_read);
  g_test_add_func ("/upload/rgw/empty-folders", test_empty_folders);
  g_test_add_func ("/upload/rgw/history-after-kill", test_rgw_history_after_kill);
  g_test_add_func ("/upload/rgw/one-read-strace", test_one_read_strace);
  g_test_add_func ("/upload/rgw/mismatch-held", test_mismatch_held);
  g_test_add_func ("/upload/rgw/pause", test_pause);
  g_test_add_func ("/upload/rgw/wrong-secret", test_wrong_secret);
  g_test_add_func ("/upload/rgw/resume-after-kill", test_resume_after_kill);
  g_test_add_func ("/upload/rgw/bounded-memory", test_bounded_memory);

  /* A drive test's subprocess needs no gateway of its own. */
  if (g_test_subprocess ())
    rgw_skip_reason = g_strdup ("a subprocess");
  else
    rgw = ingest_rgw_start ();
  if (rgw != NULL)
    {
      g_autoptr(IngestS3Client) client = rgw_client ();
      g_autoptr(GError) error = NULL;

      bucket = g_strdup_printf ("ingest-upload-%08x", g_random_int ());
      ingest_s3_client_create_bucket (client, bucket, NULL, &error);
      g_assert_no_error (error);
    }

  ret = g_test_run ();

  g_clear_pointer (&rgw, ingest_rgw_stop);
  ingest_test_rm_rf (state_home);
  g_free (state_home);
  g_free (bucket);
  g_free (rgw_skip_reason);
  return ret;
}
