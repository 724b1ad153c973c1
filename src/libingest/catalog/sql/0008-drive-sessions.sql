-- 0008-drive-sessions.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- One row per run of a drive's session (IngestDriveSession): which drive,
-- whether it validated or uploaded, where it got to and how it ended. Written
-- as the run goes (its state on every change), so a crash leaves the last
-- state it reached; the states are IngestSessionState's nicks.

CREATE TABLE drive_sessions (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT    NOT NULL UNIQUE,
  drive_identity  TEXT    NOT NULL,
  drive_label     TEXT,
  kind            TEXT    NOT NULL CHECK (kind IN ('validation', 'upload')),
  state           TEXT    NOT NULL CHECK (state IN ('detected', 'recognised', 'validating', 'uploading',
                                                    'inspecting', 'making-proxies', 'reporting', 'done',
                                                    'failed', 'paused-unplugged')),
  verdict         TEXT    CHECK (verdict IN ('pending', 'ok', 'problems', 'unverifiable')),
  cancelled       INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
  error           TEXT,
  started_at      INTEGER NOT NULL,
  finished_at     INTEGER
);

CREATE INDEX drive_sessions_by_drive ON drive_sessions (drive_identity, started_at);
