-- 0003-event-outbox.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- The durable outbox of events for the central service (DESIGN.md §5): an event
-- is written here before anyone is told it happened, and delivered in seq
-- order, at least once. AUTOINCREMENT keeps seq strictly increasing for this
-- station even after delivered events are pruned.

CREATE TABLE events (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid             TEXT    NOT NULL UNIQUE,  -- idempotency key for the service
  kind             TEXT    NOT NULL,         -- 'drive-detected', 'validation-result'…
  payload          TEXT    NOT NULL CHECK (json_valid (payload)),
  created_at       INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  delivered_at     INTEGER
);

CREATE INDEX events_undelivered ON events (seq) WHERE delivered_at IS NULL;
