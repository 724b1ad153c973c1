-- 0010-clip-marks.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- What the technician marks on a clip in the station (the circled-take
-- toggle of the player). Keyed by the roll and the clip's name, not by
-- clips.id: the library replaces a roll's clip rows each time it stores the
-- roll, and a mark must outlive that. A mark overrides what the card said
-- (a sound report's CIRCLED) when the library lists the clip.

CREATE TABLE clip_marks (
  roll_id     INTEGER NOT NULL REFERENCES rolls (id) ON DELETE CASCADE,
  clip_name   TEXT    NOT NULL,
  circled     INTEGER NOT NULL CHECK (circled = 0 OR circled = 1),
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (roll_id, clip_name)
) WITHOUT ROWID;
