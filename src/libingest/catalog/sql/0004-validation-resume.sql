-- 0004-validation-resume.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- What a verified file was verified against: every expected hash, as
-- "kind=value" pairs sorted by kind and joined by ';'. A later run skips the
-- file only when its size, mtime and this fingerprint are all unchanged, so a
-- new or corrected manifest always re-reads it.

ALTER TABLE validation_results ADD COLUMN fingerprint TEXT;
