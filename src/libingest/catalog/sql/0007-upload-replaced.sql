-- 0007-upload-replaced.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- A new state of an upload: 'replaced', a delivery that was verified and
-- whose copy was later found to be another file (overwritten by someone
-- else). The row stays, so the catalog never claims a copy that is gone.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt
-- (foreign keys are off during migrations; upload_parts keeps its rows).

CREATE TABLE uploads_new (
  id                  INTEGER PRIMARY KEY,
  file_id             INTEGER REFERENCES files (id) ON DELETE SET NULL,
  source_path         TEXT    NOT NULL,
  destination         TEXT    NOT NULL,
  key                 TEXT    NOT NULL,
  remote_upload_id    TEXT,
  part_size           INTEGER NOT NULL CHECK (part_size > 0),
  source_size         INTEGER NOT NULL CHECK (source_size >= 0),
  source_mtime_ns     INTEGER NOT NULL,
  expected_hash_kind  TEXT,
  expected_hash       TEXT,
  state               TEXT    NOT NULL DEFAULT 'pending'
                              CHECK (state IN ('pending', 'uploading', 'paused', 'completing',
                                               'verifying', 'verified', 'held', 'failed', 'aborted',
                                               'replaced')),
  message             TEXT,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  remote_etag         TEXT,
  bytes_sent          INTEGER NOT NULL DEFAULT 0,
  checksum_algorithm  TEXT CHECK (checksum_algorithm IN ('crc32c', 'none'))
);

INSERT INTO uploads_new (id, file_id, source_path, destination, key, remote_upload_id, part_size,
                         source_size, source_mtime_ns, expected_hash_kind, expected_hash, state,
                         message, created_at, updated_at, remote_etag, bytes_sent, checksum_algorithm)
  SELECT id, file_id, source_path, destination, key, remote_upload_id, part_size,
         source_size, source_mtime_ns, expected_hash_kind, expected_hash, state,
         message, created_at, updated_at, remote_etag, bytes_sent, checksum_algorithm
  FROM uploads;

DROP TABLE uploads;
ALTER TABLE uploads_new RENAME TO uploads;

CREATE UNIQUE INDEX uploads_live ON uploads (destination, key)
  WHERE state NOT IN ('verified', 'failed', 'aborted', 'replaced');
CREATE INDEX uploads_file ON uploads (file_id);
CREATE INDEX uploads_destination_key ON uploads (destination, key, state);
