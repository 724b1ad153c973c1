/* ingest-test-s3-peer.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "ingest.h"
#include "ingest-fake-s3.h"

G_BEGIN_DECLS

/*
 * IngestTestPeer: a minimal S3 on an IngestFakeS3 for the client and the
 * S3 destination, for what RGW 16 cannot show: it ignores x-amz-checksum-*,
 * so this peer checks the CRC32C and SHA-256 headers against the body with
 * an independent CRC32C (bit by bit; its published check values are in
 * test-s3-checksum.c). Its modes stand for the servers the client meets:
 * one that checks part checksums, one that refuses the headers, one that
 * ignores them (RGW 16), one that echoes its own CRC32C, and an AWS-strict
 * one (algorithm declared at create, part checksums again at complete,
 * composite checksum on HEAD). Its fields are written by the fake's
 * threads under the fake's lock; a test reads them once its requests came
 * back, or under ingest_fake_s3_lock().
 */
typedef enum
{
  INGEST_TEST_PEER_VALIDATE,   /* checks them like AWS: BadDigest on a mismatch */
  INGEST_TEST_PEER_REFUSE,     /* a store without flexible checksums refusing the header */
  INGEST_TEST_PEER_IGNORE,     /* ignores them (Ceph RGW 16) */
  INGEST_TEST_PEER_ECHO,       /* ignores them and answers with the CRC32C it computed itself */
  INGEST_TEST_PEER_AWS,        /* AWS's flexible checksums, strictly */
} IngestTestPeerMode;

typedef struct
{
  IngestFakeS3 *fake;
  guint16       port;
  IngestTestPeerMode mode;
  guint         echo_wrong;   /* ECHO: corrupt this many echoes first */
  /* the object the PUTs, or the parts and CompleteMultipartUpload, made,
   * and its x-amz-meta-* */
  GPtrArray    *part_md5s;    /* hex, by part number - 1 */
  guint64       parts_size;
  guint64       object_size;
  char         *object_etag;
  GPtrArray    *object_meta;  /* "x-amz-meta-name: value" lines */
  guint         n_data;       /* PUTs answered 2xx */
  guint         n_refused;    /* requests refused for their checksum header */
  guint         n_crc_sent;   /* PUTs carrying x-amz-checksum-crc32c */
  gboolean      refuse_create; /* REFUSE: CreateMultipartUpload's x-amz-checksum-algorithm too */
  /* AWS */
  gboolean      live;         /* an unfinished upload exists */
  gboolean      declared;     /* ... created with x-amz-checksum-algorithm CRC32C */
  GArray       *part_crcs;    /* guint32, by part number - 1 */
  GArray       *part_sizes;   /* guint64, by part number - 1 */
  char         *object_crc32c;   /* what HEAD with x-amz-checksum-mode returns */
  const char   *object_crc_type;
  gboolean      wrong_composite; /* HEAD returns a composite CRC32C that is not the object's */
  gboolean      hide_algorithm;  /* ListParts without <ChecksumAlgorithm> */
  guint         n_mismatch;   /* part checksums refused: upload created without the algorithm */
  guint         n_list_parts;
  guint         n_list_objects;
  guint         n_head;
  guint         cut_head;     /* cut this many HEAD answers in the middle of the headers */
  /* the last request's verdict */
  gboolean      crc32c_ok;
  gboolean      sha256_ok;
  /* while answering: the request's headers */
  GHashTable   *headers;
} IngestTestPeer;

IngestTestPeer *ingest_test_peer_start       (void);
void            ingest_test_peer_free        (IngestTestPeer *peer);
guint32         ingest_test_crc32c           (const guint8   *data,
                                              gsize           len);
char           *ingest_test_crc32c_base64    (guint32         crc);

/* Around the peer: a client of a loopback server, data, and files sent
 * through an IngestS3Destination the way the upload job sends them. */
IngestS3Client *ingest_test_loopback_client  (guint16         port);
GBytes         *ingest_test_random_bytes     (gsize           size,
                                              guint32         seed);
IngestS3Destination *ingest_test_peer_destination_with_catalog (IngestTestPeer *peer,
                                                                IngestCatalog  *catalog);
IngestS3Destination *ingest_test_peer_destination (IngestTestPeer        *peer);
IngestDestinationFile *ingest_test_send_prefix (IngestS3Destination  *destination,
                                                const char           *key,
                                                GBytes               *data,
                                                gsize                 stop_at,
                                                GError              **error);
IngestDestinationFile *ingest_test_send_bytes (IngestS3Destination  *destination,
                                               const char           *key,
                                               GBytes               *data,
                                               GError              **error);

G_END_DECLS
