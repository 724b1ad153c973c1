-- 0001-initial.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- The catalog's base: this station, the drives it has seen, their rolls and
-- files, the hashes known for each file, and validation runs with a result per
-- file. Applied by IngestCatalog inside one transaction with the migrations
-- after it. Times are µs since the Unix epoch (UTC), mtimes ns.

-- 'INGS': marks the file as an Ingest Station catalog (see `PRAGMA application_id`).
PRAGMA application_id = 1229866835;

-- The single row naming this station; its uuid identifies it to the central service.
CREATE TABLE station (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  uuid        TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
);

-- A random (version 4) UUID, made here so every catalog gets one exactly once.
INSERT INTO station (id, uuid, created_at)
SELECT 1,
       substr (h, 1, 8) || '-' || substr (h, 9, 4) || '-4' || substr (h, 14, 3) || '-' ||
       substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (h, 18, 3) || '-' || substr (h, 21, 12),
       CAST ((julianday ('now') - 2440587.5) * 86400000000 AS INTEGER)
FROM (SELECT lower (hex (randomblob (16))) AS h);

CREATE TABLE drives (
  id             INTEGER PRIMARY KEY,
  identity       TEXT    NOT NULL UNIQUE,   -- stable across re-plugs (IngestDrive:identity)
  label          TEXT,
  uuid           TEXT,                      -- filesystem UUID; NULL for a folder opened as a drive
  filesystem     TEXT,
  first_seen_at  INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL
);

CREATE TABLE rolls (
  id        INTEGER PRIMARY KEY,
  drive_id  INTEGER NOT NULL REFERENCES drives (id) ON DELETE CASCADE,
  path      TEXT    NOT NULL,                -- relative to the drive root; '' for the root itself
  name      TEXT    NOT NULL,                -- reel name, e.g. A001R1AB
  kind      TEXT    NOT NULL DEFAULT 'generic',   -- card layout (IngestCardKind nick)
  mhl_kind  TEXT    NOT NULL DEFAULT 'none' CHECK (mhl_kind IN ('ascmhl', 'legacy', 'none')),
  UNIQUE (drive_id, path)
);

-- A file known on a roll: seen on the drive (size and mtime set) and/or listed by a manifest.
CREATE TABLE files (
  id        INTEGER PRIMARY KEY,
  roll_id   INTEGER NOT NULL REFERENCES rolls (id) ON DELETE CASCADE,
  path      TEXT    NOT NULL,                -- relative to the roll, '/'-separated
  size      INTEGER CHECK (size >= 0),       -- NULL: never seen on the drive
  mtime_ns  INTEGER,
  UNIQUE (roll_id, path)
);

-- Every hash known for a file: from a manifest (origin = the manifest's path) or computed here (origin '').
CREATE TABLE file_hashes (
  file_id      INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  kind         TEXT    NOT NULL,             -- ingest_hash_kind_get_name (): 'xxh64', 'md5', 'c4'…
  source       TEXT    NOT NULL CHECK (source IN ('manifest', 'computed')),
  origin       TEXT    NOT NULL DEFAULT '',
  value        TEXT    NOT NULL,             -- canonical text (ingest_hash_encode ())
  recorded_at  INTEGER NOT NULL,
  PRIMARY KEY (file_id, kind, source, origin)
);

CREATE TABLE validation_runs (
  id           INTEGER PRIMARY KEY,
  drive_id     INTEGER NOT NULL REFERENCES drives (id) ON DELETE CASCADE,
  roll_id      INTEGER REFERENCES rolls (id) ON DELETE CASCADE,   -- NULL: the whole drive
  state        TEXT    NOT NULL DEFAULT 'running'
                       CHECK (state IN ('running', 'finished', 'cancelled', 'failed')),
  verdict      TEXT    CHECK (verdict IN ('ok', 'problems')),
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  message      TEXT
);

-- One row per file per run. size/mtime_ns are what the file was when checked, so a
-- resumed run can skip verified files that have not changed since.
CREATE TABLE validation_results (
  run_id        INTEGER NOT NULL REFERENCES validation_runs (id) ON DELETE CASCADE,
  file_id       INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  status        TEXT    NOT NULL CHECK (status IN ('verified', 'mismatch', 'missing', 'extra',
                                                   'renamed', 'ignored', 'unreadable')),
  hash_kind     TEXT,
  expected      TEXT,
  found         TEXT,
  size          INTEGER,
  mtime_ns      INTEGER,
  renamed_from  TEXT,                        -- for 'renamed': the path the manifest knew
  message       TEXT,                        -- for 'unreadable': the I/O error
  checked_at    INTEGER NOT NULL,
  PRIMARY KEY (run_id, file_id)
);

CREATE INDEX validation_runs_drive ON validation_runs (drive_id, started_at);
CREATE INDEX validation_results_file ON validation_results (file_id);
