-- 0002-upload-journal.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- The upload journal (DESIGN.md §5): what a resumed upload needs after kill -9,
-- reboot or a pulled drive. One row per (destination, key) attempt, one row per
-- part the server acknowledged. The source fingerprint (size, mtime, expected
-- hash) stops an upload resuming onto a changed file.

CREATE TABLE uploads (
  id                  INTEGER PRIMARY KEY,
  file_id             INTEGER REFERENCES files (id) ON DELETE SET NULL,
  source_path         TEXT    NOT NULL,      -- absolute path when the upload started
  destination         TEXT    NOT NULL,      -- 's3://bucket/prefix@endpoint' or a folder path
  key                 TEXT    NOT NULL,      -- object key, or path relative to the folder
  remote_upload_id    TEXT,                  -- S3 UploadId; NULL for a single PUT or a folder copy
  part_size           INTEGER NOT NULL CHECK (part_size > 0),
  source_size         INTEGER NOT NULL CHECK (source_size >= 0),
  source_mtime_ns     INTEGER NOT NULL,
  expected_hash_kind  TEXT,
  expected_hash       TEXT,
  state               TEXT    NOT NULL DEFAULT 'pending'
                              CHECK (state IN ('pending', 'uploading', 'paused', 'completing',
                                               'verifying', 'verified', 'held', 'failed', 'aborted')),
  message             TEXT,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);

-- At most one live upload per object; finished ones stay as history.
CREATE UNIQUE INDEX uploads_live ON uploads (destination, key)
  WHERE state NOT IN ('verified', 'failed', 'aborted');
CREATE INDEX uploads_file ON uploads (file_id);

CREATE TABLE upload_parts (
  upload_id      INTEGER NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
  part_number    INTEGER NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
  size           INTEGER NOT NULL CHECK (size >= 0),
  etag           TEXT    NOT NULL,
  md5            TEXT    NOT NULL,           -- the part's MD5, hex (Content-MD5 and the multipart ETag)
  checksum_kind  TEXT,                       -- 'crc32c' or 'sha256' when sent as x-amz-checksum-*
  checksum       TEXT,
  completed_at   INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);
