-- 0009-clips.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- The clip library (IngestClipLibrary): every clip read from a roll, its
-- files, field values (keys of ingest-clip-fields.defs), other attributes,
-- problems, copies and, for sequences, missing frames; and clip_search, the
-- full-text index over them. A roll's clips are replaced as a whole each time
-- the library stores that roll; rows of a drive stay after it is unplugged.

CREATE TABLE clips (
  id              INTEGER PRIMARY KEY,
  roll_id         INTEGER NOT NULL REFERENCES rolls (id) ON DELETE CASCADE,
  name            TEXT    NOT NULL,
  -- The CHECKs list the nicks with OR, not IN (…): SQLite 3.40 builds a
  -- temporary b-tree for an IN list of a CHECK on every row it inserts,
  -- which made storing 10,000 clips take 10 s instead of well under one.
  kind            TEXT    NOT NULL CHECK (kind = 'video' OR kind = 'audio' OR kind = 'still' OR
                                          kind = 'sequence' OR kind = 'other'),
  frame_first     INTEGER,                 -- sequences: the first and last frame numbers
  frame_last      INTEGER CHECK (frame_last >= frame_first),
  verification    TEXT    CHECK (verification = 'verified' OR verification = 'mismatch' OR
                                 verification = 'missing' OR verification = 'extra' OR
                                 verification = 'renamed' OR verification = 'ignored' OR
                                 verification = 'unreadable'),  -- NULL: not read
  bytes_read      INTEGER NOT NULL DEFAULT 0 CHECK (bytes_read >= 0),
  production      TEXT,                    -- how the library files it (NULL: none known)
  shoot_day       TEXT    NOT NULL,        -- 'YYYY-MM-DD'
  thumbnail_path  TEXT,
  ingested_at     INTEGER NOT NULL,        -- first stored
  updated_at      INTEGER NOT NULL,        -- last stored
  UNIQUE (roll_id, name)
);

CREATE INDEX clips_by_day ON clips (production, shoot_day);

-- Relative to the roll, '/'-separated; ordinal 0 is the media file.
CREATE TABLE clip_files (
  clip_id  INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  ordinal  INTEGER NOT NULL,
  path     TEXT    NOT NULL,
  size     INTEGER NOT NULL CHECK (size >= 0),
  PRIMARY KEY (clip_id, ordinal)
);

-- Canonical text of each known field (key: the field's JSON key).
CREATE TABLE clip_values (
  clip_id  INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  key      TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  PRIMARY KEY (clip_id, key)
) WITHOUT ROWID;

CREATE TABLE clip_attributes (
  clip_id  INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  name     TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  PRIMARY KEY (clip_id, name)
) WITHOUT ROWID;

CREATE TABLE clip_problems (
  clip_id  INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  ordinal  INTEGER NOT NULL,
  message  TEXT    NOT NULL,
  PRIMARY KEY (clip_id, ordinal)
) WITHOUT ROWID;

-- "s3://bucket/key", "file:///…": a destination holding every file of the clip.
CREATE TABLE clip_locations (
  clip_id  INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  ordinal  INTEGER NOT NULL,
  uri      TEXT    NOT NULL,
  PRIMARY KEY (clip_id, ordinal)
) WITHOUT ROWID;

-- Inclusive ranges of frame numbers missing from a sequence.
CREATE TABLE clip_missing_frames (
  clip_id  INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  first    INTEGER NOT NULL,
  last     INTEGER NOT NULL CHECK (last >= first),
  PRIMARY KEY (clip_id, first)
) WITHOUT ROWID;

-- rowid = clips.id. unicode61 with diacritics removed ("Señor" finds
-- "senor"); prefix indexes so that two- and three-character prefixes, the
-- common case of search-as-you-type, do not scan the term list. "drive" and
-- "other" (every other searched field) come after the named columns.
CREATE VIRTUAL TABLE clip_search USING fts5 (
  clip, roll, reel, camera, lens, scene, take, notes, production, shoot_day, files, drive, other,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- A clip's index row goes with the clip, whichever way it is deleted (a
-- roll's clips replaced, a drive's rows cascading).
CREATE TRIGGER clips_search_delete AFTER DELETE ON clips BEGIN
  DELETE FROM clip_search WHERE rowid = old.id;
END;
