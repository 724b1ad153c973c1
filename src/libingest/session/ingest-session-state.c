/* ingest-session-state.c
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

#include "config.h"

#include "ingest-session-state.h"

gboolean
ingest_session_state_is_running (IngestSessionState state)
{
  switch (state)
    {
    case INGEST_SESSION_STATE_VALIDATING:
    case INGEST_SESSION_STATE_UPLOADING:
    case INGEST_SESSION_STATE_INSPECTING:
    case INGEST_SESSION_STATE_MAKING_PROXIES:
    case INGEST_SESSION_STATE_REPORTING:
    case INGEST_SESSION_STATE_PAUSED_UNPLUGGED:
      return TRUE;

    case INGEST_SESSION_STATE_DETECTED:
    case INGEST_SESSION_STATE_RECOGNISED:
    case INGEST_SESSION_STATE_DONE:
    case INGEST_SESSION_STATE_FAILED:
    default:
      return FALSE;
    }
}
