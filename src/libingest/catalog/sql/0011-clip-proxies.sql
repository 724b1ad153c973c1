-- 0011-clip-proxies.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- Each clip's proxy (IngestProxyStage): what the maker made of it, keyed by
-- the roll and the clip's name, not by clips.id, because the library
-- replaces a roll's clips as a whole each time it stores the roll and the
-- proxies must outlive that. A restarted session skips the clips done here;
-- the library lists clips with their preview from here, so the proxies of an
-- unplugged drive still play.

CREATE TABLE clip_proxies (
  roll_id           INTEGER NOT NULL REFERENCES rolls (id) ON DELETE CASCADE,
  clip_name         TEXT    NOT NULL,
  preset            TEXT    NOT NULL,        -- IngestProxyPreset nick ('web', 'edit')
  settings          TEXT    NOT NULL,        -- what else shaped the picture (burn-ins, look): a
                                             -- proxy made otherwise is made again
  status            TEXT    NOT NULL CHECK (status = 'made' OR status = 'reused' OR
                                            status = 'no-preview' OR status = 'failed'),
  reason            TEXT,                    -- why there is no proxy (no-preview, failed)
  proxy_path        TEXT,                    -- absolute; NULL without a proxy
  poster_path       TEXT,
  filmstrip_path    TEXT,
  filmstrip_frames  INTEGER NOT NULL DEFAULT 0 CHECK (filmstrip_frames >= 0),
  duration_s        REAL,
  frames            INTEGER CHECK (frames >= 0),
  tc_start          TEXT,                    -- "HH:MM:SS:FF" (';' for drop-frame)
  width             INTEGER CHECK (width >= 0),
  height            INTEGER CHECK (height >= 0),
  made_at           INTEGER NOT NULL,        -- Unix seconds
  PRIMARY KEY (roll_id, clip_name)
) WITHOUT ROWID;
