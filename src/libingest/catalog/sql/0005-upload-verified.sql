-- 0005-upload-verified.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- What the remote said when an upload was verified, so that a re-run can
-- check the object is still there unchanged (HEAD) instead of sending it again.

ALTER TABLE uploads ADD COLUMN remote_etag TEXT;   -- ETag of the verified object (no quotes)
ALTER TABLE uploads ADD COLUMN bytes_sent INTEGER NOT NULL DEFAULT 0;

CREATE INDEX uploads_destination_key ON uploads (destination, key, state);
