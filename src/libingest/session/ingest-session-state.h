/* ingest-session-state.h
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

#include <glib-object.h>
#include "ingest-enums.h"

G_BEGIN_DECLS

/**
 * IngestSessionState:
 * @INGEST_SESSION_STATE_DETECTED: the drive is mounted; its scan runs
 * @INGEST_SESSION_STATE_RECOGNISED: its rolls are known; nothing runs
 * @INGEST_SESSION_STATE_VALIDATING: read and checked against its ASC MHL
 * @INGEST_SESSION_STATE_UPLOADING: read, checked and delivered at once
 * @INGEST_SESSION_STATE_INSPECTING: camera metadata being gathered
 * @INGEST_SESSION_STATE_MAKING_PROXIES: proxies being made
 * @INGEST_SESSION_STATE_REPORTING: the outcome being sent to the hub
 * @INGEST_SESSION_STATE_DONE: the last run ended (its verdict says how)
 * @INGEST_SESSION_STATE_FAILED: the last run could not finish (an error)
 * @INGEST_SESSION_STATE_PAUSED_UNPLUGGED: the drive was pulled mid-run; the
 *   run goes on where it stopped when the drive comes back, at any mount
 *
 * Where one drive is in its life; see ingest-drive-session.h for the
 * transitions.
 */
typedef enum {
  INGEST_SESSION_STATE_DETECTED,
  INGEST_SESSION_STATE_RECOGNISED,
  INGEST_SESSION_STATE_VALIDATING,
  INGEST_SESSION_STATE_UPLOADING,
  INGEST_SESSION_STATE_INSPECTING,
  INGEST_SESSION_STATE_MAKING_PROXIES,
  INGEST_SESSION_STATE_REPORTING,
  INGEST_SESSION_STATE_DONE,
  INGEST_SESSION_STATE_FAILED,
  INGEST_SESSION_STATE_PAUSED_UNPLUGGED,
} IngestSessionState;

/* TRUE while a run is under way (paused included). */
gboolean ingest_session_state_is_running (IngestSessionState state);

G_END_DECLS
