/* test-upload-common.c
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

/* The helpers test-upload and test-upload-folder share (see
 * test-upload-common.h): the counting destination, running a job, reading
 * histories back, the history-extended case and the tripwire child. The
 * bucket's side of each stays in test-upload.c, with the gateway. */

#define G_LOG_DOMAIN "test-upload"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "ingest-test-util.h"
#include "test-upload-common.h"

/*
 * A destination for tests (Counting, in the header)
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
  IngestDestinationClass parent_class;
} CountingClass;

G_DEFINE_TYPE (Counting, counting, INGEST_TYPE_DESTINATION)

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

void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->ok = ingest_upload_job_run_finish (INGEST_UPLOAD_JOB (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Runs @job to its end: what each file and each roll's history did. */
gboolean
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

gboolean
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
guint
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
gboolean
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

const char *
find_state (GPtrArray  *states,
            const char *path_and_uri)
{
  for (guint i = 0; i < states->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (states, i), path_and_uri))
      return (const char *) g_ptr_array_index (states, i) + strlen (path_and_uri);
  return NULL;
}

/* The copy has exactly the bytes of the source. */
void
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
void
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

static IngestDestination *
history_place_destination (const HistoryPlace *place,
                           IngestCatalog      *catalog)
{
  return place->ops->destination (place, catalog);
}

/* The roll "A001" as the destination holds it, in place->copy. */
static void
history_place_read_back (const HistoryPlace *place)
{
  place->ops->read_back (place);
}

static void
history_place_remove_clip (const HistoryPlace *place)
{
  place->ops->remove_clip (place);
}

static IngestDestination *
folder_place_destination (const HistoryPlace *place,
                          IngestCatalog      *catalog)
{
  return INGEST_DESTINATION (ingest_folder_destination_new (place->nas, catalog));
}

static void
folder_place_read_back (const HistoryPlace *place)
{
}

static void
folder_place_remove_clip (const HistoryPlace *place)
{
  g_autofree char *path = g_build_filename (place->copy, "clip1.mov", NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

const HistoryPlaceOps history_place_folder = {
  .in_bucket = FALSE,
  .destination = folder_place_destination,
  .read_back = folder_place_read_back,
  .remove_clip = folder_place_remove_clip,
};

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
 * @data: the HistoryPlaceOps of a bucket or of a NAS folder. */
void
test_history_extended (gconstpointer data)
{
  const HistoryPlaceOps *ops = data;
  gboolean in_bucket = ops->in_bucket;
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
  const HistoryPlace place = { ops, in_bucket ? NULL : nas, prefix, copy };
  const gsize sizes[] = { 200 * 1024, 30 * 1024 };
  g_autoptr(IngestMhlChain) drive_chain = NULL;
  g_autoptr(IngestMhlChain) first_chain = NULL;
  g_autofree char *second_chain_text = NULL;
  guint n_drive;

  if (ops->ready != NULL && !ops->ready ())
    return;
  g_assert_cmpint (g_mkdir_with_parents (nas, 0755), ==, 0);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 56);
  drive_chain = load_chain (drive_ascmhl);
  n_drive = ingest_mhl_chain_get_n_entries (drive_chain);

  /* 1: the first station records its transfer after the camera's generations. */
  {
    g_autofree char *station = g_build_filename (dir, "station-1", NULL);
    g_autoptr(IngestCatalog) catalog = ingest_test_open_catalog (station);
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
    g_autoptr(IngestCatalog) catalog = ingest_test_open_catalog (station);
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
    g_autoptr(IngestCatalog) catalog = ingest_test_open_catalog (station);
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

/*
 * A crash while the roll's ascmhl/ history goes up: the child process
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

/* The child: the test program again with INGEST_TEST_HISTORY_CHILD =
 * "DRIVE|TO|CATALOG|h2", TO a NAS folder or s3://BUCKET/PREFIX: runs the
 * upload until the tripwire kills it. */
int
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

/* Every file of the roll's ascmhl/ at the destination, with its bytes. */
GHashTable *
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
void
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
