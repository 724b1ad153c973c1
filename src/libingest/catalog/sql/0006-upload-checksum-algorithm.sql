-- 0006-upload-checksum-algorithm.sql
--
-- Copyright 2026 The Ingest Station authors
-- SPDX-License-Identifier: LGPL-2.1-or-later
--
-- The additional checksum an S3 multipart upload was created with
-- (x-amz-checksum-algorithm), written when CreateMultipartUpload answered.
-- A resumed upload must send its parts the same way, and ListParts cannot
-- always say it (an upload interrupted before its first part, a server that
-- omits <ChecksumAlgorithm>). NULL: not known (a row from before this
-- migration, a single PUT, a folder copy); the resume then infers it.

ALTER TABLE uploads ADD COLUMN checksum_algorithm TEXT
  CHECK (checksum_algorithm IN ('crc32c', 'none'));
