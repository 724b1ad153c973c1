/* ingest-proxy-delivery.c
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

/* One delivery of a roll's proxy folder: a generation of its own ASC MHL history, the verified upload, then that history. */

#define G_LOG_DOMAIN "ingest-proxy-delivery"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ingest-hash-kind.h"
#include "ingest-mhl-chain.h"
#include "ingest-mhl-history.h"
#include "ingest-mhl-ignore.h"
#include "ingest-mhl-manifest.h"
#include "ingest-mhl-verifier.h"
#include "ingest-proxy-delivery.h"
#include "ingest-upload-delivery-private.h"
#include "ingest-upload-error.h"

/* A chain read back from a destination larger than this is not one of ours. */
#define MAX_CHAIN_SIZE (64 * 1024 * 1024)

/* What the history records, and so what goes: the maker's outputs. Every
 * other name in the folder is ignored ("*" first, these put back), and so
 * are hidden names, last: the maker's partial files (".A001C001.partial.mov")
 * end like finished ones. */
static const char * const deliverable_patterns[] = {
  "*", "!*.mov", "!*.poster.jpg", "!*.filmstrip.jpg", ".*", NULL
};

/* The folders deliveries run on in this process: two at once on one
 * folder would write two generations under one number. */
static GMutex busy_lock;
static GHashTable *busy_folders;

struct _IngestProxyDelivery
{
  GObject            parent_instance;

  char              *folder;
  GPtrArray         *destinations;   /* IngestDestination * */
  char              *roll;
  char              *folder_key;     /* "" = the destinations' top */
  IngestKeyTemplate *job_template;

  IngestProxyDeliveryPhase phase;
  IngestUploadJob   *job;
  GTask             *task;
  gboolean           started;
  gboolean           claimed;       /* in busy_folders */
  guint              generation;
  gboolean           recorded;
  GPtrArray         *file_outcomes;     /* IngestFileOutcome * */
  GPtrArray         *history_outcomes;  /* IngestHistoryOutcome * */
  guint              n_sent;
  guint              n_already_delivered;
  guint              n_failed;
  guint              n_deferred;
};

/* The seal's thread: plain data. */
typedef struct
{
  char     *folder;
  char     *roll;
  guint     generation;  /* out: the latest, new or not */
  gboolean  recorded;    /* out: this run added it */
  gboolean  nothing;     /* out: no deliverable, no history: nothing to do */
} Seal;

/* The history's thread: its own refs; @outcomes filled there. */
typedef struct
{
  char      *folder;
  char      *folder_key;
  GPtrArray *destinations;  /* IngestDestination * */
  GPtrArray *reasons;       /* per destination: NULL = send, else why not (char *) */
  guint      generation;
  GPtrArray *outcomes;      /* IngestHistoryOutcome * */
} History;

G_DEFINE_FINAL_TYPE (IngestProxyDelivery, ingest_proxy_delivery, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHASE,
  PROP_GENERATION,
  N_PROPS
};

enum {
  FILE_OUTCOME,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/*
 * Helpers
 */

static gboolean
claim_folder (const char *folder)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&busy_lock);

  if (busy_folders == NULL)
    busy_folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (busy_folders, folder))
    return FALSE;
  g_hash_table_add (busy_folders, g_strdup (folder));
  return TRUE;
}

static void
release_folder (const char *folder)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&busy_lock);

  g_hash_table_remove (busy_folders, folder);
}

static void
seal_free (Seal *seal)
{
  g_free (seal->folder);
  g_free (seal->roll);
  g_free (seal);
}

static void
history_free (History *history)
{
  g_free (history->folder);
  g_free (history->folder_key);
  g_ptr_array_unref (history->destinations);
  g_ptr_array_unref (history->reasons);
  g_ptr_array_unref (history->outcomes);
  g_free (history);
}

/* The folders of @key_template (all but its last component) filled in, or
 * NULL with @error: the last component must keep the files' names, or the
 * copy's ASC MHL history would name files that are not there. */
static char *
expand_folder_key (const char  *key_template,
                   const char  *production,
                   const char  *shoot_day,
                   const char  *roll,
                   char       **folder_template,
                   GError     **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  const char *slash = strrchr (key_template, '/');
  const char *last = slash != NULL ? slash + 1 : key_template;
  g_autofree char *folders = slash != NULL ? g_strndup (key_template, slash - key_template) : g_strdup ("");
  g_autofree char *probe = NULL;
  g_autofree char *key = NULL;

  if (!g_str_equal (last, "{clip}.mov") && !g_str_equal (last, "{path}"))
    {
      g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_CONFIG,
                   _("The proxy key template “%s” must end in {clip}.mov or {path}: a downloaded proxy folder "
                     "verifies only when its files keep their names"), key_template);
      return NULL;
    }
  g_hash_table_insert (values, (gpointer) "production", (gpointer) (production && *production ? production : NULL));
  g_hash_table_insert (values, (gpointer) "shoot-day", (gpointer) (shoot_day && *shoot_day ? shoot_day : NULL));
  g_hash_table_insert (values, (gpointer) "roll", (gpointer) roll);
  g_hash_table_insert (values, (gpointer) "proxy-delivery-probe", (gpointer) "x");
  /* A probe file "x" below them: folders that all drop out leave "x". */
  probe = folders[0] != '\0' ? g_strconcat (folders, "/{proxy-delivery-probe}", NULL) : g_strdup ("{proxy-delivery-probe}");
  if ((key = ingest_upload_key_expand (probe, values, error)) == NULL)
    {
      g_prefix_error (error, _("The proxy key template cannot be used: "));
      return NULL;
    }
  g_assert (g_str_has_suffix (key, "x"));
  key[strlen (key) - 1] = '\0';
  if (key[0] != '\0')
    key[strlen (key) - 1] = '\0';   /* the "/" before the probe */
  *folder_template = g_steal_pointer (&folders);
  return g_steal_pointer (&key);
}

/* A seal cut short (cancelled, killed) between its manifest and the
 * chain that commits it leaves a manifest no chain lists: the next seal
 * would fail on it (no chain yet) or number a generation twice. The folder
 * is the station's own, so such a manifest is ours: it goes. */
static gboolean
drop_uncommitted_manifests (const char  *folder,
                            GError     **error)
{
  g_autofree char *ascmhl = g_build_filename (folder, "ascmhl", NULL);
  g_autofree char *chain_path = g_build_filename (ascmhl, "ascmhl_chain.xml", NULL);
  g_autoptr(IngestMhlChain) chain = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (ascmhl, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_file_test (chain_path, G_FILE_TEST_EXISTS) &&
      (chain = ingest_mhl_chain_new_from_file (chain_path, error)) == NULL)
    return FALSE;
  if ((dir = g_dir_open (ascmhl, 0, error)) == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ascmhl, name, NULL);

      /* Its manifests, and the temporary files of their atomic writes. */
      gboolean uncommitted = (g_str_has_suffix (name, ".mhl") && (chain == NULL || ingest_mhl_chain_lookup (chain, name) == NULL)) ||
                             name[0] == '.';

      if (uncommitted && g_file_test (path, G_FILE_TEST_IS_REGULAR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_debug ("dropping %s: no chain lists it (a seal was cut short)", path);
          if (g_unlink (path) != 0)
            return _ingest_upload_set_io_error (error, path);
        }
    }
  /* No chain and nothing left: no history yet (an ascmhl/ without a chain
   * is not one, the loader says). */
  if (chain == NULL && g_rmdir (ascmhl) != 0 && errno != ENOTEMPTY && errno != EEXIST)
    return _ingest_upload_set_io_error (error, ascmhl);
  return TRUE;
}

/* Whether the deliverables in @folder are not what @history's latest
 * records say (a proxy new, gone or of another size): then a generation is
 * due. @n_deliverables: how many there are. Seal thread. */
static gboolean
deliverables_changed (const char        *folder,
                      IngestMhlHistory  *history,
                      guint             *n_deliverables,
                      GError           **error)
{
  g_autoptr(IngestMhlIgnore) ignore = ingest_mhl_ignore_new_default ();
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  gboolean changed = !ingest_mhl_history_exists (history);
  GPtrArray *records;
  const char *name;

  ingest_mhl_ignore_add_patterns (ignore, deliverable_patterns);
  if ((dir = g_dir_open (folder, 0, error)) == NULL)
    return FALSE;
  *n_deliverables = 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      const IngestMhlRecord *record;
      struct stat st;

      if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || ingest_mhl_ignore_match (ignore, name, FALSE, NULL))
        continue;
      (*n_deliverables)++;
      g_hash_table_add (present, g_strdup (name));
      record = ingest_mhl_history_exists (history) ? ingest_mhl_history_lookup (history, name) : NULL;
      if (record == NULL || record->latest == NULL || ingest_mhl_entry_get_size (record->latest) != st.st_size)
        changed = TRUE;
    }
  records = ingest_mhl_history_exists (history) ? ingest_mhl_history_get_records (history) : NULL;
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const IngestMhlRecord *record = g_ptr_array_index (records, i);

      if (!record->is_directory && !record->moved && !g_hash_table_contains (present, record->path))
        changed = TRUE;
    }
  return changed;
}

/* Seal thread. Hashes only the deliverables; the ignore patterns go into
 * the manifest, so a verifier of the downloaded copy ignores the same.
 * Deliverables as the latest generation records them need none: a run
 * that only retries the upload does not grow the history. */
static void
seal_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Seal *seal = task_data;
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = g_strdup_printf ("Ingest Station: the proxies of roll %s", seal->roll);
  IngestMhlManifest *latest;
  IngestMhlCreator creator = { 0 };
  gboolean changed;
  guint n_deliverables = 0;

  if (!drop_uncommitted_manifests (seal->folder, &error) ||
      (history = ingest_mhl_history_load (seal->folder, cancellable, &error)) == NULL)
    goto failed;
  changed = deliverables_changed (seal->folder, history, &n_deliverables, &error);
  if (error != NULL)
    goto failed;
  if (n_deliverables == 0 && !ingest_mhl_history_exists (history))
    {
      seal->nothing = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (changed)
    {
      verifier = ingest_mhl_verifier_new (seal->folder, INGEST_MHL_OPERATION_CREATE);
      creator.tool_name = "ingest-station";
      creator.comment = comment;
      ingest_mhl_verifier_set_creator (verifier, &creator);
      ingest_mhl_verifier_set_hash_kinds (verifier, INGEST_HASH_BIT (INGEST_HASH_XXH64) | INGEST_HASH_BIT (INGEST_HASH_XXH128));
      for (guint i = 0; deliverable_patterns[i] != NULL; i++)
        ingest_mhl_verifier_add_ignore_pattern (verifier, deliverable_patterns[i]);
      /* Small files, and the upload may be running: one thread is enough. */
      ingest_mhl_verifier_set_n_threads (verifier, 1);
      g_clear_object (&history);
      if (!ingest_mhl_verifier_run (verifier, cancellable, &error) ||
          (history = ingest_mhl_history_load (seal->folder, cancellable, &error)) == NULL)
        goto failed;
      seal->recorded = TRUE;
    }
  latest = ingest_mhl_history_get_latest_manifest (history);
  seal->generation = latest != NULL ? ingest_mhl_manifest_get_generation (latest) : 0;
  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_prefix_error (&error, "the ASC MHL history of the proxies in %s: ", seal->folder);
  g_task_return_error (task, g_steal_pointer (&error));
}

/* History thread: one small file to one destination, checked there like
 * any other (a hash read back, Content-MD5 and HEAD). */
static gboolean
send_small_file (IngestDestination  *destination,
                 const char         *path,
                 const char         *key,
                 GBytes             *replaces,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(IngestDestinationFile) file = NULL;
  g_autofree char *contents = NULL;
  IngestUploadSource source = { 0 };
  struct stat st;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  if (g_stat (path, &st) != 0)
    return _ingest_upload_set_io_error (error, path);
  source.path = path;
  source.key = key;
  source.size = len;
  source.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  source.replaces = replaces;
  source.keep_name = TRUE;   /* a history's files are only right under their names */

  file = ingest_destination_begin (destination, &source, cancellable, error);
  return file != NULL &&
         (len == 0 || ingest_destination_write (file, (const guint8 *) contents, len, 0, error)) &&
         ingest_destination_finish (file, cancellable, error);
}

/* Whether @theirs is @ours or an earlier state of it: every generation it
 * lists, the same, in the same place. */
static gboolean
chain_extends (IngestMhlChain *ours,
               IngestMhlChain *theirs)
{
  guint n = ingest_mhl_chain_get_n_entries (theirs);

  if (n > ingest_mhl_chain_get_n_entries (ours))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const IngestMhlChainEntry *a = ingest_mhl_chain_get_entry (ours, i);
      const IngestMhlChainEntry *b = ingest_mhl_chain_get_entry (theirs, i);

      if (a->sequence_nr != b->sequence_nr || g_strcmp0 (a->path, b->path) != 0 ||
          g_strcmp0 (a->hash_format, b->hash_format) != 0 || g_strcmp0 (a->hash_value, b->hash_value) != 0)
        return FALSE;
    }
  return TRUE;
}

/* History thread: the folder's ascmhl/ to one destination. What is there
 * already must be an earlier state of ours (it is extended, never
 * replaced); the chain goes last, so a reader never sees it name a
 * manifest that is not there yet. */
static gboolean
send_history_to (History            *history,
                 IngestDestination  *destination,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autofree char *local = g_build_filename (history->folder, "ascmhl", NULL);
  g_autofree char *local_chain_path = g_build_filename (local, "ascmhl_chain.xml", NULL);
  g_autofree char *prefix = history->folder_key[0] != '\0' ? g_strconcat (history->folder_key, "/ascmhl/", NULL)
                                                           : g_strdup ("ascmhl/");
  g_autofree char *chain_key = g_strconcat (prefix, "ascmhl_chain.xml", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(IngestMhlChain) ours = NULL;
  g_autoptr(GBytes) remote = NULL;
  g_autoptr(GError) local_error = NULL;

  if ((ours = ingest_mhl_chain_new_from_file (local_chain_path, error)) == NULL)
    return FALSE;
  remote = ingest_destination_fetch (destination, chain_key, MAX_CHAIN_SIZE, cancellable, &local_error);
  if (remote == NULL && !g_error_matches (local_error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_NO_SUCH_KEY))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "could not read the ASC MHL chain already there: ");
      return FALSE;
    }
  if (remote != NULL)
    {
      g_autoptr(IngestMhlChain) theirs = ingest_mhl_chain_new_from_bytes (remote, "ascmhl_chain.xml", NULL);

      if (theirs == NULL || !chain_extends (ours, theirs))
        {
          g_autofree char *location = _ingest_upload_destination_location (destination, chain_key);

          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_EXISTS,
                       _("%s already holds an ASC MHL history that this folder's does not extend — not overwritten"),
                       location);
          return FALSE;
        }
    }

  /* What the chain commits, then the chain: never a stray file. */
  for (guint i = 0; i < ingest_mhl_chain_get_n_entries (ours); i++)
    {
      const char *path = ingest_mhl_chain_get_entry (ours, i)->path;

      if (strchr (path, '/') != NULL || g_str_equal (path, "..") || g_str_equal (path, "."))
        {
          g_set_error (error, INGEST_UPLOAD_ERROR, INGEST_UPLOAD_ERROR_FAILED,
                       "the chain of %s names a manifest outside its folder: %s", local, path);
          return FALSE;
        }
      g_ptr_array_add (names, g_strdup (path));
    }
  g_ptr_array_add (names, g_strdup ("ascmhl_chain.xml"));

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (local, file_name, NULL);
      g_autofree char *key = g_strconcat (prefix, file_name, NULL);
      gboolean is_chain = g_str_equal (file_name, "ascmhl_chain.xml");

      if (!send_small_file (destination, path, key, is_chain ? remote : NULL, cancellable, error))
        {
          g_prefix_error (error, "%s: ", key);
          return FALSE;
        }
    }
  return TRUE;
}

static void
history_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  History *history = task_data;
  g_autofree char *folder_location_key = history->folder_key[0] != '\0'
                                         ? g_strconcat (history->folder_key, "/ascmhl/", NULL)
                                         : g_strdup ("ascmhl/");

  for (guint i = 0; i < history->destinations->len; i++)
    {
      IngestDestination *destination = g_ptr_array_index (history->destinations, i);
      const char *reason = g_ptr_array_index (history->reasons, i);
      IngestHistoryOutcome *outcome = g_new0 (IngestHistoryOutcome, 1);
      g_autoptr(GError) error = NULL;

      outcome->roll_path = g_strdup (".");
      outcome->destination = g_strdup (ingest_destination_get_uri (destination));
      outcome->location = _ingest_upload_destination_location (destination, folder_location_key);
      if (reason == NULL && send_history_to (history, destination, cancellable, &error))
        {
          outcome->state = INGEST_DELIVERY_STATE_VERIFIED;
          outcome->generation = history->generation;
        }
      else
        {
          outcome->state = INGEST_DELIVERY_STATE_FAILED;
          outcome->reason = g_strdup (reason != NULL ? reason : error->message);
        }
      g_ptr_array_add (history->outcomes, outcome);
    }
  g_task_return_boolean (task, TRUE);
}

/*
 * Callbacks (main thread)
 */

static void
set_phase (IngestProxyDelivery      *self,
           IngestProxyDeliveryPhase  phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

/* Ends the run: @error or @whole. */
static void
return_task (IngestProxyDelivery *self,
             GError              *error,
             gboolean             whole)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->claimed)
    release_folder (self->folder);
  self->claimed = FALSE;
  set_phase (self, error != NULL ? INGEST_PROXY_DELIVERY_PHASE_FAILED : INGEST_PROXY_DELIVERY_PHASE_DONE);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, whole);
}

static gboolean
is_deferred (IngestFileOutcome *outcome)
{
  return ingest_file_outcome_get_validation (outcome) == INGEST_VALIDATION_STATUS_EXTRA;
}

static void
file_outcome_cb (IngestUploadJob     *job,
                 IngestFileOutcome   *outcome,
                 IngestProxyDelivery *self)
{
  IngestDeliveryState state = ingest_file_outcome_get_state (outcome);

  g_ptr_array_add (self->file_outcomes, g_object_ref (outcome));
  g_signal_emit (self, signals[FILE_OUTCOME], 0, outcome);
  /* Made after this run's generation (the maker goes on while a roll is
   * delivered): nothing wrong, the next delivery records and sends it. */
  if (is_deferred (outcome))
    self->n_deferred++;
  else if (state == INGEST_DELIVERY_STATE_ALREADY_DELIVERED)
    self->n_already_delivered++;
  else if (state == INGEST_DELIVERY_STATE_VERIFIED)
    self->n_sent++;
  else
    self->n_failed++;
}

static void
history_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IngestProxyDelivery *self = INGEST_PROXY_DELIVERY (object);
  History *history = g_task_get_task_data (G_TASK (result));
  gboolean whole = self->n_failed == 0;
  GError *error = NULL;

  for (guint i = 0; i < history->outcomes->len; i++)
    {
      IngestHistoryOutcome *outcome = g_ptr_array_index (history->outcomes, i);

      g_ptr_array_add (self->history_outcomes, ingest_history_outcome_copy (outcome));
      whole &= outcome->state == INGEST_DELIVERY_STATE_VERIFIED;
    }
  g_cancellable_set_error_if_cancelled (g_task_get_cancellable (self->task), &error);
  return_task (self, error, whole);
}

/* Why the history does not go to @destination (NULL: it goes). A history
 * there that lists a proxy missing there, or kept there under another
 * name (INGEST_CONFLICT_RENAME), would not verify. */
static char *
history_held_reason (IngestProxyDelivery *self,
                     IngestDestination   *destination)
{
  const char *uri = ingest_destination_get_uri (destination);
  guint missing = 0;
  guint renamed = 0;

  for (guint i = 0; i < self->file_outcomes->len; i++)
    {
      IngestFileOutcome *outcome = g_ptr_array_index (self->file_outcomes, i);
      g_autofree char *key = ingest_proxy_delivery_dup_key (self, ingest_file_outcome_get_path (outcome), NULL);
      g_autofree char *expected = key != NULL ? _ingest_upload_destination_location (destination, key) : NULL;
      gboolean delivered = is_deferred (outcome);   /* the history does not list it */
      gboolean elsewhere = FALSE;

      for (guint d = 0; d < ingest_file_outcome_get_n_deliveries (outcome); d++)
        {
          const IngestDelivery *row = ingest_file_outcome_get_delivery (outcome, d);

          if (g_strcmp0 (row->destination, uri) != 0 || !ingest_delivery_state_is_delivered (row->state))
            continue;
          if (g_strcmp0 (row->location, expected) == 0)
            delivered = TRUE;
          else
            elsewhere = TRUE;
        }
      if (!delivered && elsewhere)
        renamed++;
      else if (!delivered)
        missing++;
    }
  if (missing > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "not sent: %u proxy was not delivered there, and a history listing it would not verify",
                                         "not sent: %u proxies were not delivered there, and a history listing them would not verify",
                                         missing), missing);
  if (renamed > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "not sent: %u proxy was kept there under another name, beside a different file, "
                                         "and a history listing it would not verify",
                                         "not sent: %u proxies were kept there under other names, beside different files, "
                                         "and a history listing them would not verify",
                                         renamed), renamed);
  return NULL;
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IngestProxyDelivery) self = user_data;
  g_autoptr(GTask) history_task = NULL;
  g_autoptr(GError) error = NULL;
  History *history;

  ingest_upload_job_run_finish (INGEST_UPLOAD_JOB (object), result, &error);
  g_signal_handlers_disconnect_by_data (object, self);
  if (error != NULL)
    {
      return_task (self, g_steal_pointer (&error), FALSE);
      return;
    }

  set_phase (self, INGEST_PROXY_DELIVERY_PHASE_HISTORY);
  history = g_new0 (History, 1);
  history->folder = g_strdup (self->folder);
  history->folder_key = g_strdup (self->folder_key);
  history->destinations = g_ptr_array_copy (self->destinations, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (history->destinations, g_object_unref);
  history->reasons = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->destinations->len; i++)
    g_ptr_array_add (history->reasons, history_held_reason (self, g_ptr_array_index (self->destinations, i)));
  history->generation = self->generation;
  history->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_history_outcome_free);

  history_task = g_task_new (self, g_task_get_cancellable (self->task), history_done_cb, NULL);
  g_task_set_source_tag (history_task, job_done_cb);
  g_task_set_task_data (history_task, history, (GDestroyNotify) history_free);
  g_task_run_in_thread (history_task, history_thread);
}

static void
seal_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  IngestProxyDelivery *self = INGEST_PROXY_DELIVERY (object);
  Seal *seal = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      return_task (self, g_steal_pointer (&error), FALSE);
      return;
    }
  if (seal->nothing)
    {
      return_task (self, NULL, TRUE);
      return;
    }
  self->generation = seal->generation;
  self->recorded = seal->recorded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);

  /* The job reads and checks every deliverable against the generation just
   * written; its own transfer generation is not wanted here: the folder's
   * history goes as it is, one generation per delivery. */
  self->job = ingest_upload_job_new (self->folder);
  for (guint i = 0; i < self->destinations->len; i++)
    ingest_upload_job_add_destination (self->job, g_ptr_array_index (self->destinations, i));
  ingest_upload_job_set_key_template (self->job, self->job_template);
  ingest_upload_job_set_upload_history (self->job, FALSE);
  g_signal_connect (self->job, "file-outcome", G_CALLBACK (file_outcome_cb), self);
  /* The job first: whoever hears "uploading" may watch its progress. */
  set_phase (self, INGEST_PROXY_DELIVERY_PHASE_UPLOADING);
  ingest_upload_job_run_async (self->job, g_task_get_cancellable (self->task), job_done_cb, g_object_ref (self));
}

/*
 * Overrides
 */

static void
ingest_proxy_delivery_dispose (GObject *object)
{
  IngestProxyDelivery *self = INGEST_PROXY_DELIVERY (object);

  g_clear_object (&self->job);
  g_clear_pointer (&self->file_outcomes, g_ptr_array_unref);
  g_clear_pointer (&self->history_outcomes, g_ptr_array_unref);
  g_clear_pointer (&self->destinations, g_ptr_array_unref);

  G_OBJECT_CLASS (ingest_proxy_delivery_parent_class)->dispose (object);
}

static void
ingest_proxy_delivery_finalize (GObject *object)
{
  IngestProxyDelivery *self = INGEST_PROXY_DELIVERY (object);

  g_free (self->folder);
  g_free (self->roll);
  g_free (self->folder_key);
  g_clear_pointer (&self->job_template, ingest_key_template_unref);

  G_OBJECT_CLASS (ingest_proxy_delivery_parent_class)->finalize (object);
}

static void
ingest_proxy_delivery_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IngestProxyDelivery *self = INGEST_PROXY_DELIVERY (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;
    case PROP_GENERATION:
      g_value_set_uint (value, self->generation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ingest_proxy_delivery_class_init (IngestProxyDeliveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ingest_proxy_delivery_dispose;
  object_class->finalize = ingest_proxy_delivery_finalize;
  object_class->get_property = ingest_proxy_delivery_get_property;

  properties[PROP_PHASE] = g_param_spec_enum ("phase", NULL, NULL, INGEST_TYPE_PROXY_DELIVERY_PHASE,
                                              INGEST_PROXY_DELIVERY_PHASE_IDLE, flags);
  properties[PROP_GENERATION] = g_param_spec_uint ("generation", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IngestProxyDelivery::file-outcome:
   * @outcome: what every destination got of one deliverable
   */
  signals[FILE_OUTCOME] =
    g_signal_new ("file-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, INGEST_TYPE_FILE_OUTCOME);
}

static void
ingest_proxy_delivery_init (IngestProxyDelivery *self)
{
  self->file_outcomes = g_ptr_array_new_with_free_func (g_object_unref);
  self->history_outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) ingest_history_outcome_free);
}

/*
 * Public API
 */

/**
 * ingest_proxy_delivery_new:
 * @folder: the roll's proxy folder (`…/proxies/<drive>/<roll>`)
 * @destinations: (element-type IngestDestination): the session's
 *   destinations, made with the catalog that journals their copies
 * @key_template: (nullable): %NULL for %INGEST_PROXY_KEY_TEMPLATE_DEFAULT
 * @production: (nullable): {production}; empty or %NULL drops its folder
 * @shoot_day: (nullable): {shoot-day}, likewise
 * @roll: (nullable): {roll}; %NULL for the folder's name
 * @error: %INGEST_UPLOAD_ERROR_CONFIG when the template cannot lay out the
 *   folder
 *
 * Returns: (transfer full) (nullable): a delivery that has not run
 */
IngestProxyDelivery *
ingest_proxy_delivery_new (const char  *folder,
                           GPtrArray   *destinations,
                           const char  *key_template,
                           const char  *production,
                           const char  *shoot_day,
                           const char  *roll,
                           GError     **error)
{
  g_autoptr(IngestProxyDelivery) self = NULL;
  g_autofree char *folders = NULL;
  g_autofree char *job_text = NULL;
  g_autofree char *own_roll = NULL;
  const char *variables[7];

  g_return_val_if_fail (folder != NULL && g_path_is_absolute (folder), NULL);
  g_return_val_if_fail (destinations != NULL && destinations->len > 0, NULL);

  if (roll == NULL || roll[0] == '\0')
    roll = own_roll = g_path_get_basename (folder);
  if (key_template == NULL)
    key_template = INGEST_PROXY_KEY_TEMPLATE_DEFAULT;

  self = g_object_new (INGEST_TYPE_PROXY_DELIVERY, NULL);
  self->folder = g_canonicalize_filename (folder, NULL);
  self->roll = g_strdup (roll);
  self->destinations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < destinations->len; i++)
    {
      g_return_val_if_fail (INGEST_IS_DESTINATION (g_ptr_array_index (destinations, i)), NULL);
      g_ptr_array_add (self->destinations, g_object_ref (g_ptr_array_index (destinations, i)));
    }
  if ((self->folder_key = expand_folder_key (key_template, production, shoot_day, roll, &folders, error)) == NULL)
    return NULL;

  /* The job lays out the files: the same folders, each file under its own
   * path in the folder ({clip}.mov is {path} for the movie), the roll given. */
  job_text = folders[0] != '\0' ? g_strconcat (folders, "/{path}", NULL) : g_strdup ("{path}");
  variables[0] = "production";
  variables[1] = production != NULL ? production : "";
  variables[2] = "shoot-day";
  variables[3] = shoot_day != NULL ? shoot_day : "";
  variables[4] = "roll";
  variables[5] = roll;
  variables[6] = NULL;
  if ((self->job_template = ingest_key_template_new (job_text, variables, error)) == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
ingest_proxy_delivery_get_folder (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), NULL);
  return self->folder;
}

/* The key of the folder at every destination ("Feature/D012/proxies/A001"),
 * "" when the template puts the files at the top. */
const char *
ingest_proxy_delivery_get_folder_key (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), NULL);
  return self->folder_key;
}

/**
 * ingest_proxy_delivery_dup_key:
 * @path: a file's path in the folder ("A001C001.mov", "ascmhl/ascmhl_chain.xml")
 *
 * Returns: (transfer full) (nullable): its key below every destination
 */
char *
ingest_proxy_delivery_dup_key (IngestProxyDelivery  *self,
                               const char           *path,
                               GError              **error)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return ingest_key_template_expand (self->job_template, NULL, self->roll, path, path, error);
}

/**
 * ingest_proxy_delivery_run_async:
 *
 * Runs the delivery once (main thread). Cancelling stops the hashing, the
 * upload (what was sent is kept for the next run to resume) or the
 * history's upload, wherever it is. One delivery of a folder at a time:
 * another one's run fails at once with %G_IO_ERROR_BUSY.
 */
void
ingest_proxy_delivery_run_async (IngestProxyDelivery *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) seal_task = NULL;
  Seal *seal;

  g_return_if_fail (INGEST_IS_PROXY_DELIVERY (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ingest_proxy_delivery_run_async);
  self->task = g_steal_pointer (&task);
  if (!claim_folder (self->folder))
    {
      return_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_BUSY,
                                      _("The proxies in %s are being delivered already"), self->folder),
                   FALSE);
      return;
    }
  self->claimed = TRUE;
  set_phase (self, INGEST_PROXY_DELIVERY_PHASE_RECORDING);

  seal = g_new0 (Seal, 1);
  seal->folder = g_strdup (self->folder);
  seal->roll = g_strdup (self->roll);
  seal_task = g_task_new (self, cancellable, seal_done_cb, NULL);
  g_task_set_source_tag (seal_task, seal_thread);
  g_task_set_task_data (seal_task, seal, (GDestroyNotify) seal_free);
  g_task_run_in_thread (seal_task, seal_thread);
}

/**
 * ingest_proxy_delivery_run_finish:
 *
 * Returns: %TRUE when every deliverable and the history are verified at
 *   every destination; %FALSE without @error when some did not go (see the
 *   outcomes); %FALSE with @error when the run itself failed (the folder's
 *   history could not be written, a destination refused everything,
 *   cancelled)
 */
gboolean
ingest_proxy_delivery_run_finish (IngestProxyDelivery  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

IngestProxyDeliveryPhase
ingest_proxy_delivery_get_phase (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), INGEST_PROXY_DELIVERY_PHASE_IDLE);
  return self->phase;
}

/* (transfer none) (nullable): the upload, once the history's generation
 * is written: its progress properties and "file-outcome" are the
 * delivery's. */
IngestUploadJob *
ingest_proxy_delivery_get_upload_job (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), NULL);
  return self->job;
}

/* The generation of the folder's history this run delivered: the one it
 * added or, when the deliverables were as the latest records them, that
 * one (0 before the run, or with nothing to deliver). */
guint
ingest_proxy_delivery_get_generation (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), 0);
  return self->generation;
}

/* Whether this run added that generation. */
gboolean
ingest_proxy_delivery_get_recorded (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), FALSE);
  return self->recorded;
}

/* Returns: (transfer none) (element-type IngestFileOutcome): one per
 * deliverable, in the order they were answered */
GPtrArray *
ingest_proxy_delivery_get_file_outcomes (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), NULL);
  return self->file_outcomes;
}

/* Returns: (transfer none) (element-type IngestHistoryOutcome): one per
 * destination, in their order, once the run finished */
GPtrArray *
ingest_proxy_delivery_get_history_outcomes (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), NULL);
  return self->history_outcomes;
}

/* Deliverables that went to at least one destination in this run. */
guint
ingest_proxy_delivery_get_n_sent (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), 0);
  return self->n_sent;
}

/* Deliverables every destination had already: nothing sent. */
guint
ingest_proxy_delivery_get_n_already_delivered (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), 0);
  return self->n_already_delivered;
}

guint
ingest_proxy_delivery_get_n_failed (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), 0);
  return self->n_failed;
}

/* Deliverables made after this run's generation was written (validation
 * %INGEST_VALIDATION_STATUS_EXTRA, state HELD): not sent, not a failure;
 * the next delivery records and sends them. */
guint
ingest_proxy_delivery_get_n_deferred (IngestProxyDelivery *self)
{
  g_return_val_if_fail (INGEST_IS_PROXY_DELIVERY (self), 0);
  return self->n_deferred;
}
