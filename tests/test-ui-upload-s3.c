/* test-ui-upload-s3.c
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

/* The station's S3 path, end to end through the GUI, against a real Ceph RGW
 * (tests/rgw/rgw.sh) and a real Secret Service: ui-runner.sh gives the
 * program a fresh HOME and an unlocked gnome-keyring on its session bus.
 *
 * Everything is typed into the real Preferences window (a secret key is
 * stored on Enter, and also when the window is closed) and started with the
 * buttons of the station's own window. The secret key is read back by
 * `secret-tool`, not by our code, and searched for — and never found — in
 * every setting, every file under HOME and the test's folders (the keyring
 * daemon's log included), and every log message. What the GUI calls
 * uploaded is downloaded again (the listing from radosgw-admin) and compared
 * byte for byte, and each roll's ASC MHL history in the bucket, with its new
 * "transfer" generation, verifies the download. A wrong secret in the
 * keyring fails in plain words with nothing verified; Pause and Resume in
 * the middle of a multipart upload lose nothing. Screenshots go to the
 * build dir (tests/screenshots/upload-s3*.png).
 *
 * Skips without the Secret Service (not under ui-runner.sh, or no
 * gnome-keyring) or without Ceph; as root (CI) a missing piece is a failure. */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <unistd.h>

#include "ingest-application.h"
#include "ingest-demo.h"
#include "ingest-upload-view.h"
#include "ingest-preferences-window.h"
#include "ingest-rgw-harness.h"
#include "ingest-test-ui-util.h"
#include "ingest-test-util.h"
#include "ingest-upload-item.h"
#include "ingest-upload-panel.h"

#define MiB (1024 * 1024)
#define GIVE_UP_AFTER_S 45

static IngestRgw *rgw;
static char *skip_reason;
static char *bucket;

/* Every message logged by the process, whatever its level or domain. */
static GMutex log_lock;
static GString *log_text;

static GLogWriterOutput
capture_log_cb (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (log_text, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else
      {
        g_string_append_printf (log_text, "%s=", fields[i].key);
        g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, '\n');
      }
  g_mutex_unlock (&log_lock);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
need_server (void)
{
  if (skip_reason != NULL)
    g_test_skip (skip_reason);
  return skip_reason == NULL;
}

static gboolean
have_secret_service (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/*
 * Widgets, as a user sees and uses them
 */

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* A click on a button the user can see and press. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (GtkWidget  *window,
           const char *row,
           const char *text)
{
  GtkWidget *entry = child (window, INGEST_TYPE_PREFERENCES_WINDOW, row);

  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static gboolean
is_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
is_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

static void
wait_for_visible (GtkWidget *widget,
                  gboolean   visible)
{
  ingest_test_wait_until (visible ? is_visible : is_hidden, widget, 10000);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
switch_is_on (gpointer widget)
{
  return gtk_switch_get_active (widget);
}

static GtkWidget *find_preferences (void);

/* Closed: no Preferences window on screen any more. */
static gboolean
preferences_gone (gpointer user_data)
{
  GtkWidget *preferences = find_preferences ();

  return preferences == NULL || !gtk_widget_get_mapped (preferences);
}

/* Fills the S3 group of a Preferences window that is on screen, the secret
 * last, applied with Enter; waits until the window says it is stored. */
static void
fill_preferences (GtkWidget  *window,
                  const char *prefix,
                  const char *secret,
                  guint       parts_in_flight,
                  guint       bandwidth_mb)
{
  GtkWidget *secret_row = child (window, INGEST_TYPE_PREFERENCES_WINDOW, "secret_row");
  GtkWidget *path_style;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  ingest_test_wait_until (is_mapped, window, 10000);
  type_into (window, "endpoint_row", rgw->endpoint);
  type_into (window, "region_row", "us-east-1");
  type_into (window, "bucket_row", bucket);
  type_into (window, "prefix_row", prefix);
  type_into (window, "access_key_row", rgw->access_key);
  /* RGW on 127.0.0.1 takes the bucket in the path, as the switch's subtitle
   * says: the user turns it on (it stays on for the next window). */
  path_style = child (window, INGEST_TYPE_PREFERENCES_WINDOW, "path_style_switch");
  if (!gtk_switch_get_active (GTK_SWITCH (path_style)))
    gtk_widget_activate (path_style);
  ingest_test_wait_until (switch_is_on, path_style, 10000);   /* after its animation */
  /* The spin buttons of the Transfer group. */
  gtk_adjustment_set_value (GTK_ADJUSTMENT (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "parts_adjustment")),
                            parts_in_flight);
  gtk_adjustment_set_value (GTK_ADJUSTMENT (gtk_widget_get_template_child (window, INGEST_TYPE_PREFERENCES_WINDOW, "bandwidth_adjustment")),
                            bandwidth_mb);

  type_into (window, "secret_row", secret);
  ingest_test_ui_iterate_for (50);
  /* Enter in the row (its text's "activate" keybinding signal) applies it. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (secret_row)), "activate");
  while (!ingest_test_ui_shows (window, "Secret key stored in the desktop keyring"))
    {
      if (g_get_monotonic_time () > deadline || ingest_test_ui_shows (window, "could not be stored"))
        {
          g_autofree char *text = ingest_test_ui_dup_text (window);

          g_error ("The secret key was not stored; the window reads:\n%s", text);
        }
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    }
  /* Gone from the window once stored. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (secret_row)), ==, "");
}

/*
 * Where a secret must not be
 */

static void
assert_no_secret_in_settings (const char *secret)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, secret));
    }
}

/* Every regular file under @dir; returns how many were read. */
static guint
assert_no_secret_under (const char *dir,
                        const char *secret)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (listing == NULL)
    return 0;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += assert_no_secret_under (path, secret);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
               g_file_get_contents (path, &contents, &len, NULL))
        {
          if (memmem (contents, len, secret, strlen (secret)) != NULL)
            g_error ("The secret key is in %s", path);
          n++;
        }
    }
  return n;
}

static void
assert_secret_nowhere (const char *secret,
                       const char *test_dir)
{
  const char *dirs[] = {
    g_get_home_dir (), g_get_user_data_dir (), g_get_user_config_dir (),
    g_get_user_cache_dir (), g_get_user_runtime_dir (), test_dir,
  };
  g_autofree char *keyring = g_build_filename (g_get_user_data_dir (), "keyrings", "login.keyring", NULL);
  guint n = 0;

  assert_no_secret_in_settings (secret);
  /* The walk covers the keyring's own file: it holds the secret encrypted. */
  g_assert_true (g_file_test (keyring, G_FILE_TEST_IS_REGULAR));
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    n += assert_no_secret_under (dirs[i], secret);
  g_test_message ("%u files searched for the secret key", n);
  g_mutex_lock (&log_lock);
  g_assert_cmpuint (log_text->len, >, 0);   /* the capture works */
  g_assert_null (strstr (log_text->str, secret));
  g_mutex_unlock (&log_lock);
}

/* What `secret-tool` (libsecret's own tool, outside this process) finds for
 * the endpoint and key id; NULL when nothing. */
static char *
keyring_lookup (const char *endpoint,
                const char *key_id)
{
  const char *argv[] = { "secret-tool", "lookup", "xdg:schema", APP_ID,
                         "endpoint", endpoint, "access-key-id", key_id, NULL };
  int status = -1;
  char *out = ingest_test_run_capture (argv, &status);

  if (status != 0)
    g_clear_pointer (&out, g_free);
  return out;
}

/*
 * Checks on the bucket
 */

/* Downloads every object under @prefix into @into (same relative paths) and
 * checks each against the file it came from under @drive; returns how many
 * media files (outside ascmhl/) there were. */
static guint
download_and_compare (IngestS3Client *client,
                      const char     *prefix,
                      const char     *drive,
                      const char     *into)
{
  g_autoptr(GPtrArray) keys = ingest_test_rgw_list_keys (rgw, bucket, prefix, FALSE);
  guint n_media = 0;

  g_assert_cmpuint (keys->len, >, 0);
  ingest_test_download_prefix (rgw, client, bucket, prefix, into);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *relative = key + strlen (prefix);
      g_autofree char *target = g_build_filename (into, relative, NULL);
      g_autofree char *source = g_build_filename (drive, relative, NULL);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gsize la, lb;

      /* A folder marker ("KEY/", no bytes): a folder of the roll. */
      if (g_str_has_suffix (key, "/"))
        {
          g_assert_true (g_file_test (source, G_FILE_TEST_IS_DIR));
          continue;
        }
      if (strstr (relative, "/ascmhl/") != NULL)
        continue;
      /* The proxy stage's deliveries (proxies/ROLL/CLIP.mov): made here,
       * not on the card; tests/test-proxy-stage.c checks them. */
      if (g_str_has_prefix (relative, "proxies/"))
        continue;
      g_assert_true (g_file_get_contents (source, &a, &la, NULL));
      g_assert_true (g_file_get_contents (target, &b, &lb, NULL));
      g_assert_cmpmem (a, la, b, lb);
      n_media++;
    }
  return n_media;
}

static gboolean
is_empty_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* The roll as downloaded (in @roll_dir, from @source) carries its history
 * plus a "transfer" generation naming the bucket, and verifies against it:
 * every file. S3 has no folders, so a folder that is empty on the card is
 * not in the download; nothing else may be missing. */
static guint
verify_downloaded_roll (const char *roll_dir,
                        const char *source,
                        const char *key_prefix)
{
  g_autoptr(IngestMhlHistory) history = NULL;
  g_autoptr(IngestMhlVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;
  IngestMhlManifest *latest;

  history = ingest_mhl_history_load (roll_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ingest_mhl_history_get_n_generations (history), ==, 2);
  latest = ingest_mhl_history_get_latest_manifest (history);
  g_assert_cmpint (ingest_mhl_manifest_get_process (latest), ==, INGEST_MHL_PROCESS_TRANSFER);
  g_assert_nonnull (strstr (ingest_mhl_manifest_get_comment (latest), key_prefix));

  verifier = ingest_mhl_verifier_new (roll_dir, INGEST_MHL_OPERATION_VERIFY);
  g_assert_true (ingest_mhl_verifier_run (verifier, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < ingest_mhl_verifier_get_n_results (verifier); i++)
    {
      IngestMhlResult *result = ingest_mhl_verifier_get_result (verifier, i);
      g_autofree char *path = g_build_filename (source, ingest_mhl_result_get_path (result), NULL);

      if (ingest_mhl_result_get_status (result) != INGEST_MHL_STATUS_MISSING)
        continue;
      g_test_message ("not in the bucket: %s (an empty folder on the card)", path);
      g_assert_true (is_empty_folder (path));
    }
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_FAILED), ==, 0);
  g_assert_cmpuint (ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_NEW), ==, 0);
  return ingest_mhl_verifier_get_count (verifier, INGEST_MHL_STATUS_VERIFIED);
}

static void
assert_every_file_verified (IngestUploadView *upload,
                            guint              n_files)
{
  GListModel *files = ingest_upload_view_get_files (upload);

  g_assert_cmpuint (g_list_model_get_n_items (files), ==, n_files);
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);

      g_assert_cmpstr (ingest_upload_item_get_state (item), ==, "verified");
    }
}

/*
 * a. Preferences stores the secret in the keyring, and only there
 */

static void
test_preferences (void)
{
  const char *secret;
  g_autofree char *found = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  if (!need_server ())
    return;

  secret = rgw->secret_key;
  g_assert_null (keyring_lookup (rgw->endpoint, rgw->access_key));
  dir = ingest_test_make_tmpdir ("ingest-ui-s3-prefs");
  {
    GtkWidget *window = ingest_preferences_window_new (NULL);

    gtk_window_set_default_size (GTK_WINDOW (window), 640, 900);
    gtk_window_present (GTK_WINDOW (window));
    fill_preferences (window, "prefs", secret, 4, 0);
    /* The row says the keyring has it now. */
    wait_for_visible (child (window, INGEST_TYPE_PREFERENCES_WINDOW, "secret_stored_label"), TRUE);
    ingest_test_ui_iterate_for (300);
    ingest_test_ui_save_screenshot (window, "upload-s3-preferences.png");
    gtk_window_close (GTK_WINDOW (window));
  }
  /* Opened again: the row says so at once (for this endpoint and key only). */
  {
    GtkWidget *window = ingest_preferences_window_new (NULL);
    GtkWidget *stored = child (window, INGEST_TYPE_PREFERENCES_WINDOW, "secret_stored_label");

    gtk_window_present (GTK_WINDOW (window));
    wait_for_visible (stored, TRUE);
    type_into (window, "access_key_row", "AKIDWITHOUTASECRET");
    wait_for_visible (stored, FALSE);
    type_into (window, "access_key_row", rgw->access_key);
    wait_for_visible (stored, TRUE);
    gtk_window_close (GTK_WINDOW (window));
    ingest_test_wait_until (preferences_gone, NULL, 10000);
  }

  /* The settings the panel will start from, and no secret among them. */
  g_assert_cmpstr (g_settings_get_string (settings, "s3-endpoint"), ==, rgw->endpoint);
  g_assert_cmpstr (g_settings_get_string (settings, "s3-region"), ==, "us-east-1");
  g_assert_cmpstr (g_settings_get_string (settings, "s3-bucket"), ==, bucket);
  g_assert_cmpstr (g_settings_get_string (settings, "s3-prefix"), ==, "prefs");
  g_assert_cmpstr (g_settings_get_string (settings, "s3-access-key-id"), ==, rgw->access_key);
  g_assert_true (g_settings_get_boolean (settings, "s3-path-style"));

  /* Read back from outside: the keyring has it under the station's schema. */
  found = keyring_lookup (rgw->endpoint, rgw->access_key);
  g_assert_cmpstr (found, ==, secret);
  assert_secret_nowhere (secret, dir);
  ingest_test_rm_rf (dir);
}

/* Waits (running the main loop, where the store finishes) until the keyring
 * holds @expected for the test user's key. */
static gboolean
keyring_holds (gpointer expected)
{
  g_autofree char *found = keyring_lookup (rgw->endpoint, rgw->access_key);

  return g_strcmp0 (found, expected) == 0;
}

static void
wait_for_keyring (const char *expected)
{
  ingest_test_wait_until (keyring_holds, (gpointer) expected, 10000);
}

/* A user who closes Preferences right after Enter, or without pressing
 * Enter at all, still has the secret key stored: closing is not "cancel",
 * as for every other row of the window. */
static void
test_preferences_closed (void)
{
  const char *applied = "applied-then-closed-at-once-0123456789";
  const char *typed = "typed-then-closed-without-enter-98765";
  GtkWidget *window;
  GtkWidget *row;

  if (!need_server ())
    return;

  window = ingest_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  fill_preferences (window, "prefs", rgw->secret_key, 4, 0);
  row = child (window, INGEST_TYPE_PREFERENCES_WINDOW, "secret_row");
  type_into (window, "secret_row", applied);
  ingest_test_ui_iterate_for (50);
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
  gtk_window_close (GTK_WINDOW (window));
  wait_for_keyring (applied);

  window = ingest_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  ingest_test_wait_until (is_mapped, window, 10000);
  type_into (window, "secret_row", typed);
  ingest_test_ui_iterate_for (50);
  gtk_window_close (GTK_WINDOW (window));
  wait_for_keyring (typed);

  assert_secret_nowhere (applied, g_get_home_dir ());
  assert_secret_nowhere (typed, g_get_home_dir ());
}

/*
 * The station itself: a folder opened as a drive, its page's upload panel
 */

typedef struct _Run Run;

struct _Run
{
  IngestApplication *app;
  GtkWidget         *window;
  IngestUploadPanel *panel;
  IngestUploadView *upload;
  const char        *prefix;      /* typed into Preferences */
  const char        *secret;
  const char        *screenshot;  /* of the window, once finished */
  guint              parts_in_flight;
  guint              bandwidth_mb;  /* MB/s; 0: no cap */
  gboolean         (*step) (Run *run);   /* TRUE: finished */
  guint              phase;
  gboolean           timed_out;
  gint64             deadline;
  gint64             started;
  gint64             mark;
  double             seconds;
  guint64            sent_at_pause;  /* when Pause was clicked */
  gulong             progress_id;    /* notify::bytes-sent, until Pause is clicked */
  guint64            paused_at;      /* once the parts in flight landed */
  guint              poll_id;
  char              *text;        /* what the window read when finished */
  char              *paused_text; /* and while paused */
};

static void
find_panel (GtkWidget          *widget,
            IngestUploadPanel **panel)
{
  if (INGEST_IS_UPLOAD_PANEL (widget) && gtk_widget_get_mapped (widget))
    *panel = INGEST_UPLOAD_PANEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL && *panel == NULL;
       c = gtk_widget_get_next_sibling (c))
    find_panel (c, panel);
}

static GtkWidget *
find_preferences (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (INGEST_IS_PREFERENCES_WINDOW (toplevel))
        return toplevel;
    }
  return NULL;
}

static GtkWidget *
panel_child (Run        *run,
             const char *name)
{
  return child (GTK_WIDGET (run->panel), INGEST_TYPE_UPLOAD_PANEL, name);
}

/* Over, one way or another: a final state, or a Start that said why not. */
static gboolean
run_finished (Run *run)
{
  IngestUploadState state = ingest_upload_view_get_state (run->upload);

  if (state == INGEST_UPLOAD_STATE_IDLE)
    return gtk_widget_get_visible (panel_child (run, "error_label"));
  return state != INGEST_UPLOAD_STATE_RUNNING && state != INGEST_UPLOAD_STATE_PAUSED &&
         state != INGEST_UPLOAD_STATE_DRIVE_REMOVED;
}

static gboolean
run_poll_cb (gpointer user_data)
{
  Run *run = user_data;

  if (g_get_monotonic_time () > run->deadline)
    {
      g_autofree char *text = run->window ? ingest_test_ui_dup_text (run->window) : NULL;

      g_test_message ("gave up waiting, in phase %u; the window reads:\n%s", run->phase, text);
      run->timed_out = TRUE;
      run->poll_id = 0;
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
  if (run->window == NULL)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));

      if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
        return G_SOURCE_CONTINUE;
      run->window = GTK_WIDGET (window);
    }
  if (run->panel == NULL)
    find_panel (run->window, &run->panel);
  if (run->panel == NULL || ingest_upload_panel_get_view (run->panel) == NULL)
    return G_SOURCE_CONTINUE;

  if (run->phase == 0)
    {
      GtkWidget *preferences;
      GtkWidget *destination = panel_child (run, "destination_row");

      /* The main menu's Preferences: the bucket, the key, the secret. */
      g_action_group_activate_action (G_ACTION_GROUP (run->app), "preferences", NULL);
      preferences = find_preferences ();
      g_assert_nonnull (preferences);
      g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (run->window));
      fill_preferences (preferences, run->prefix, run->secret,
                        run->parts_in_flight ? run->parts_in_flight : 4, run->bandwidth_mb);
      gtk_window_close (GTK_WINDOW (preferences));
      ingest_test_wait_until (preferences_gone, NULL, 10000);

      /* Upload to: the S3 bucket; then Start. */
      adw_combo_row_set_selected (ADW_COMBO_ROW (destination), 1);
      {
        /* Where, in words: the bucket, the server, the folder in it. */
        g_autoptr(GUri) endpoint = g_uri_parse (rgw->endpoint, G_URI_FLAGS_NONE, NULL);
        g_autofree char *where = g_strdup_printf ("S3 bucket “%s” at %s:%d, prefix %s/", bucket,
                                                  g_uri_get_host (endpoint), g_uri_get_port (endpoint), run->prefix);

        g_assert_true (ingest_test_ui_shows (destination, where));
      }
      run->upload = g_object_ref (ingest_upload_panel_get_view (run->panel));
      run->started = g_get_monotonic_time ();
      click (panel_child (run, "start_button"));
      run->phase = 1;
      return G_SOURCE_CONTINUE;
    }

  if (!run->step (run))
    return G_SOURCE_CONTINUE;

  run->seconds = (g_get_monotonic_time () - run->started) / (double) G_USEC_PER_SEC;
  ingest_test_ui_iterate_for (300);
  run->text = ingest_test_ui_dup_text (run->window);
  ingest_test_ui_iterate_for (300);
  ingest_test_ui_save_screenshot (run->window, run->screenshot);
  run->poll_id = 0;
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

/* Runs the station on @drive (its catalog in @dir) until RUN's step says it
 * is over; then RUN holds what the window read. */
static void
run_station (Run        *run,
             const char *dir,
             const char *drive)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *catalog = g_build_filename (dir, "station.db", NULL);
  g_autofree char *roots = g_build_filename (dir, "roots", NULL);
  g_autofree char *pattern = g_build_filename (roots, "*", NULL);
  const char *argv[] = { "ingest-station", "--catalog", catalog, drive, NULL };

  g_assert_cmpint (g_mkdir_with_parents (roots, 0755), ==, 0);
  g_settings_set_strv (settings, "mount-roots", (const char * const []) { pattern, NULL });
  g_settings_set_int (settings, "window-width", 1040);
  g_settings_set_int (settings, "window-height", 900);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_settings_set_uint (settings, "upload-destination", 0);

  run->app = ingest_application_new ();
  g_application_set_flags (G_APPLICATION (run->app),
                           g_application_get_flags (G_APPLICATION (run->app)) | G_APPLICATION_NON_UNIQUE);
  run->deadline = g_get_monotonic_time () + GIVE_UP_AFTER_S * G_USEC_PER_SEC;
  run->poll_id = g_timeout_add (100, run_poll_cb, run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run->app), G_N_ELEMENTS (argv) - 1, (char **) argv), ==, 0);
  g_clear_handle_id (&run->poll_id, g_source_remove);
  g_clear_object (&run->app);
  g_assert_false (run->timed_out);
  g_test_message ("finished after %.2f s; the window read:\n%s", run->seconds, run->text);
}

static void
run_clear (Run *run)
{
  g_clear_object (&run->upload);
  g_clear_pointer (&run->text, g_free);
  g_clear_pointer (&run->paused_text, g_free);
}

/*
 * b. The demo drive to S3, in the station's window
 */

static void
test_window (void)
{
  g_autoptr(IngestS3Client) client = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *sound = NULL;
  g_autofree char *cloud = NULL;
  g_autofree char *counts = NULL;
  g_autoptr(GError) error = NULL;
  const char * const rolls[] = { "A001R1AB", "B001", "C001", "D001", "E001", "SOUND_001" };
  Run run = { .prefix = "dailies", .screenshot = "upload-s3.png", .step = run_finished };
  guint n_files, n_verified = 0;

  if (!need_server ())
    return;

  dir = ingest_test_make_tmpdir ("ingest-ui-s3-window");
  drive = g_build_filename (dir, INGEST_DEMO_DRIVE_LABEL, NULL);
  g_assert_true (ingest_demo_drive_create (drive, NULL, &error));
  g_assert_no_error (error);
  /* The sound roll comes unsealed; its recordist seals it, so that every
   * file has a manifest to be verified against. */
  sound = g_build_filename (drive, "SOUND_001", NULL);
  {
    g_autoptr(IngestMhlVerifier) seal = ingest_mhl_verifier_new (sound, INGEST_MHL_OPERATION_CREATE);

    g_assert_true (ingest_mhl_verifier_run (seal, NULL, &error));
    g_assert_no_error (error);
  }

  run.secret = rgw->secret_key;
  run_station (&run, dir, drive);

  /* Done, every file verified, and the window says so. */
  g_assert_cmpint (ingest_upload_view_get_state (run.upload), ==, INGEST_UPLOAD_STATE_DONE);
  g_assert_nonnull (strstr (run.text, "Uploaded and verified"));
  g_assert_null (strstr (run.text, "not delivered"));
  n_files = g_list_model_get_n_items (ingest_upload_view_get_files (run.upload));
  g_assert_cmpuint (n_files, >, 0);
  assert_every_file_verified (run.upload, n_files);
  counts = g_strdup_printf ("%u of %u files uploaded and verified", n_files, n_files);
  g_assert_nonnull (strstr (run.text, counts));
  /* One row per roll, each delivered: no roll left "waiting" on a drive
   * that says it is done. */
  {
    GListModel *roll_rows = ingest_upload_view_get_rolls (run.upload);

    for (guint i = 0; i < g_list_model_get_n_items (roll_rows); i++)
      {
        g_autoptr(IngestUploadItem) roll = g_list_model_get_item (roll_rows, i);

        g_test_message ("roll row %s: %s", ingest_upload_item_get_path (roll), ingest_upload_item_get_state (roll));
      }
    for (guint i = 0; i < g_list_model_get_n_items (roll_rows); i++)
      {
        g_autoptr(IngestUploadItem) roll = g_list_model_get_item (roll_rows, i);
        g_autofree char *at = g_strdup_printf (" (transfer) at s3://%s/dailies/", bucket);
        const char *history = strstr (ingest_upload_item_get_detail (roll), "\nASC MHL history: generation ");

        g_assert_cmpstr (ingest_upload_item_get_state (roll), ==, "verified");
        /* Its history went up too, in a transfer generation (the download
         * below proves it). */
        g_assert_nonnull (history);
        g_assert_nonnull (strstr (history, at));
        g_assert_true (g_str_has_suffix (history, "/ascmhl/"));
      }
    g_assert_cmpuint (g_list_model_get_n_items (roll_rows), ==, G_N_ELEMENTS (rolls));
  }
  /* Each file says which object it is now; the run when and how fast. */
  {
    GListModel *files = ingest_upload_view_get_files (run.upload);
    g_autoptr(IngestUploadItem) file = g_list_model_get_item (files, 0);
    g_autofree char *object = g_strdup_printf ("Verified in s3://%s/dailies/%s", bucket,
                                               ingest_upload_item_get_path (file));

    g_assert_true (g_str_has_prefix (ingest_upload_item_get_detail (file), object));
    g_assert_nonnull (strstr (run.text, object));
    g_assert_null (strstr (run.text, "@http"));
    g_assert_nonnull (strstr (run.text, "Finished "));
  }

  /* The bucket, read back: every object is its source's bytes, and each
   * roll's history verifies the download. */
  client = ingest_test_rgw_client (rgw);
  cloud = g_build_filename (dir, "cloud", NULL);
  g_assert_cmpuint (download_and_compare (client, "dailies/", drive, cloud), ==, n_files);
  for (guint i = 0; i < G_N_ELEMENTS (rolls); i++)
    {
      g_autofree char *roll_dir = g_build_filename (cloud, rolls[i], NULL);
      g_autofree char *source = g_build_filename (drive, rolls[i], NULL);
      g_autofree char *key_prefix = g_strdup_printf ("%s/dailies/%s/", bucket, rolls[i]);

      n_verified += verify_downloaded_roll (roll_dir, source, key_prefix);
    }
  g_assert_cmpuint (n_verified, ==, n_files);

  assert_secret_nowhere (rgw->secret_key, dir);
  run_clear (&run);
  ingest_test_rm_rf (dir);
}

/*
 * c. A wrong secret in the keyring: the upload fails at once, in plain
 * words about the secret key, and nothing is called verified or lands in
 * the bucket.
 */

static void
test_wrong_secret (void)
{
  const gsize sizes[] = { 6 * MiB, 100 * 1024 };
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  Run run = {
    .prefix = "wrong", .secret = "wrong-secret-key-for-the-test-user-000000",
    .screenshot = "upload-s3-wrong-secret.png", .step = run_finished,
  };
  GListModel *files;

  if (!need_server ())
    return;

  dir = ingest_test_make_tmpdir ("ingest-ui-s3-wrong");
  drive = g_build_filename (dir, "CARD", NULL);
  roll = g_build_filename (drive, "W001", NULL);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 71);
  run_station (&run, dir, drive);

  /* The keyring's item was replaced, not added to. */
  found = keyring_lookup (rgw->endpoint, rgw->access_key);
  g_assert_cmpstr (found, ==, run.secret);
  /* Fast: a credential error is not retried. */
  g_assert_cmpfloat (run.seconds, <, 15);

  g_assert_cmpint (ingest_upload_view_get_state (run.upload), !=, INGEST_UPLOAD_STATE_DONE);
  g_assert_nonnull (strstr (run.text, "check the secret key"));
  g_assert_null (strstr (run.text, "Uploaded and verified"));
  files = ingest_upload_view_get_files (run.upload);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(IngestUploadItem) item = g_list_model_get_item (files, i);

      g_assert_cmpstr (ingest_upload_item_get_state (item), !=, "verified");
    }
  if (ingest_drive_session_get_upload (ingest_upload_view_get_session (run.upload)) != NULL)
    g_assert_cmpuint (ingest_upload_job_get_files_verified (ingest_drive_session_get_upload (ingest_upload_view_get_session (run.upload))), ==, 0);
  objects = ingest_test_rgw_list_keys (rgw, bucket, "wrong/", FALSE);
  g_assert_cmpuint (objects->len, ==, 0);
  assert_secret_nowhere (run.secret, dir);
  run_clear (&run);
  ingest_test_rm_rf (dir);
}

/*
 * d. Pause and Resume in the middle of a multipart upload: it completes, the
 * object is the file's bytes, and nothing is sent while paused.
 */

/* Pause once 16 MiB are in the bucket, clicked as the job publishes its
 * count: the count the job keeps is sampled every 250 ms, so one read at a
 * poll of the test could be a busy main loop's time behind the bytes
 * really sent, and the parts "sent after Pause" would include those. */
static void
pause_on_progress_cb (IngestUploadJob *job,
                      GParamSpec      *pspec,
                      Run             *run)
{
  if (run->phase != 1 || ingest_upload_job_get_bytes_sent (job) < 16 * MiB)
    return;
  g_clear_signal_handler (&run->progress_id, job);
  run->sent_at_pause = ingest_upload_job_get_bytes_sent (job);
  click (panel_child (run, "pause_button"));
  g_assert_cmpint (ingest_upload_view_get_state (run->upload), ==, INGEST_UPLOAD_STATE_PAUSED);
  run->mark = g_get_monotonic_time ();
  run->phase = 2;
}

static gboolean
pause_resume_step (Run *run)
{
  IngestUploadJob *job = ingest_drive_session_get_upload (ingest_upload_view_get_session (run->upload));
  gint64 now = g_get_monotonic_time ();

  switch (run->phase)
    {
    case 1:   /* running: pause_on_progress_cb clicks Pause */
      if (job != NULL && run->progress_id == 0)
        run->progress_id = g_signal_connect (job, "notify::bytes-sent", G_CALLBACK (pause_on_progress_cb), run);
      return run_finished (run);

    case 2:   /* parts already in flight may still land, then nothing moves */
      if (now - run->mark > 1500 * 1000)
        {
          run->paused_at = ingest_upload_job_get_bytes_sent (job);
          run->phase = 3;
        }
      return FALSE;

    case 3:
      if (now - run->mark < 2500 * 1000)
        return FALSE;
      g_assert_cmpint (ingest_upload_view_get_state (run->upload), ==, INGEST_UPLOAD_STATE_PAUSED);
      g_assert_cmpuint (ingest_upload_job_get_bytes_sent (job), ==, run->paused_at);
      g_assert_true (ingest_test_ui_shows (GTK_WIDGET (run->panel), "Upload paused"));
      run->paused_text = ingest_test_ui_dup_text (run->window);
      ingest_test_ui_iterate_for (300);
      ingest_test_ui_save_screenshot (run->window, "upload-s3-paused.png");
      click (panel_child (run, "resume_button"));
      run->phase = 4;
      return FALSE;

    default:
      return run_finished (run);
    }
}

static void
test_pause_resume (void)
{
  const gsize sizes[] = { 96 * MiB + 12345, 200 * 1024 };
  g_autoptr(IngestS3Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *drive = NULL;
  g_autofree char *roll = NULL;
  g_autofree char *big = NULL;
  g_autofree char *small = NULL;
  /* 16 MiB parts, two at a time, at 40 MB/s: Pause lands mid-file. */
  Run run = {
    .prefix = "pause", .screenshot = "upload-s3-resumed.png", .step = pause_resume_step,
    .parts_in_flight = 2, .bandwidth_mb = 40,
  };
  IngestS3ObjectInfo *info;
  IngestUploadJob *job;

  if (!need_server ())
    return;

  dir = ingest_test_make_tmpdir ("ingest-ui-s3-pause");
  drive = g_build_filename (dir, "CARD", NULL);
  roll = g_build_filename (drive, "P001", NULL);
  big = g_build_filename (roll, "clip0.mov", NULL);
  small = g_build_filename (roll, "clip1.mov", NULL);
  ingest_test_make_mhl_roll (roll, sizes, G_N_ELEMENTS (sizes), 72);
  run.secret = rgw->secret_key;
  run_station (&run, dir, drive);

  g_test_message ("Pause clicked at %" G_GUINT64_FORMAT " bytes sent, stopped at %" G_GUINT64_FORMAT,
                  run.sent_at_pause, run.paused_at);
  g_assert_cmpuint (run.phase, ==, 4);
  g_assert_cmpuint (run.paused_at, >=, 16 * MiB);
  g_assert_cmpuint (run.paused_at, <, sizes[0]);
  /* What was on its way when Pause was clicked may land — the two parts in
   * flight and the one being read — and nothing more. */
  g_assert_cmpuint (run.paused_at - run.sent_at_pause, <=, (2 + 1) * 16 * MiB);
  g_assert_cmpint (ingest_upload_view_get_state (run.upload), ==, INGEST_UPLOAD_STATE_DONE);
  g_assert_nonnull (strstr (run.text, "Uploaded and verified"));
  assert_every_file_verified (run.upload, G_N_ELEMENTS (sizes));
  /* Each byte was sent once: a pause is not a restart. */
  job = ingest_drive_session_get_upload (ingest_upload_view_get_session (run.upload));
  g_assert_cmpuint (ingest_upload_job_get_bytes_sent (job), ==, sizes[0] + sizes[1]);
  g_assert_cmpuint (ingest_upload_job_get_bytes_resumed (job), ==, 0);

  client = ingest_test_rgw_client (rgw);
  ingest_test_assert_object_equals_file (client, bucket, "pause/P001/clip0.mov", big);
  ingest_test_assert_object_equals_file (client, bucket, "pause/P001/clip1.mov", small);
  /* Multipart: the server's ETag counts the parts. */
  info = ingest_s3_client_head_object (client, bucket, "pause/P001/clip0.mov", NULL, &error);
  g_assert_no_error (error);
  g_test_message ("ETag %s", info->etag);
  g_assert_nonnull (strchr (info->etag, '-'));
  ingest_s3_object_info_free (info);

  /* Paused by the user, the drive still there: nothing may say otherwise. */
  g_assert_null (strstr (run.paused_text, "Drive removed"));
  run_clear (&run);
  ingest_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log_cb, NULL, NULL);
  /* Xvfb has no GPU: draw with cairo, as the other ui tests do. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  ingest_init ();

  g_test_add_func ("/ingest/station/upload-s3/preferences", test_preferences);
  g_test_add_func ("/ingest/station/upload-s3/preferences-closed", test_preferences_closed);
  g_test_add_func ("/ingest/station/upload-s3/window", test_window);
  g_test_add_func ("/ingest/station/upload-s3/wrong-secret", test_wrong_secret);
  g_test_add_func ("/ingest/station/upload-s3/pause-resume", test_pause_resume);

  /* ui-runner.sh starts gnome-keyring on the test's bus: missing, it fails
   * the test by name. */
  ingest_test_require_programs ("gnome-keyring libsecret-tools", "gnome-keyring-daemon", "secret-tool", NULL);
  if (!have_secret_service ())
    g_error ("no Secret Service on the session bus: run through tests/ui-runner.sh "
             "(it starts gnome-keyring-daemon on the test's own bus)");
  rgw = ingest_rgw_start ();
  bucket = ingest_test_rgw_new_bucket (rgw, "ingest-ui");

  ret = g_test_run ();

  g_clear_pointer (&rgw, ingest_rgw_stop);
  g_free (bucket);
  g_free (skip_reason);
  return ret;
}
