/* ingest.h
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

/* The umbrella header of the core. Applications include only this. */

#include <glib.h>
#include <gio/gio.h>

#define INGEST_INSIDE
# include "ingest-card-layout.h"
# include "ingest-byte-source.h"
# include "ingest-catalog.h"
# include "ingest-clip.h"
# include "ingest-clip-export.h"
# include "ingest-clip-field.h"
# include "ingest-clip-grouper.h"
# include "ingest-clip-library.h"
# include "ingest-destination.h"
# include "ingest-display-name.h"
# include "ingest-drive.h"
# include "ingest-drive-monitor.h"
# include "ingest-enums.h"
# include "ingest-expected-manifest.h"
# include "ingest-file-outcome.h"
# include "ingest-folder-destination.h"
# include "ingest-hash-job.h"
# include "ingest-hash-kind.h"
# include "ingest-hasher.h"
# include "ingest-history-outcome.h"
# include "ingest-init.h"
# include "ingest-json-stream.h"
# include "ingest-mhl-chain.h"
# include "ingest-mhl-date.h"
# include "ingest-mhl-entry.h"
# include "ingest-mhl-error.h"
# include "ingest-mhl-file.h"
# include "ingest-mhl-flatten.h"
# include "ingest-mhl-history.h"
# include "ingest-mhl-ignore.h"
# include "ingest-mhl-manifest.h"
# include "ingest-mhl-path.h"
# include "ingest-mhl-result.h"
# include "ingest-mhl-verifier.h"
# include "ingest-mhl-walker.h"
# include "ingest-proxy-delivery.h"
# include "ingest-read-sink.h"
# include "ingest-roll.h"
# include "ingest-s3-client.h"
# include "ingest-s3-credentials.h"
# include "ingest-s3-destination.h"
# include "ingest-sigv4.h"
# include "ingest-token-bucket.h"
# include "ingest-types.h"
# include "ingest-upload-error.h"
# include "ingest-upload-journal.h"
# include "ingest-upload-job.h"
# include "ingest-validation-job.h"
# include "ingest-validation-report.h"
# include "ingest-validation-result.h"
# include "ingest-validation-roll.h"
# include "ingest-drive-session.h"
# include "ingest-key-template.h"
# include "ingest-library-roll.h"
# include "ingest-metadata-error.h"
# include "ingest-metadata-extract.h"
# include "ingest-metadata-reader.h"
# include "ingest-metadata-stage.h"
# include "ingest-roll-outcome.h"
# include "ingest-session-stage.h"
# include "ingest-session-state.h"
# include "ingest-timecode.h"
# include "ingest-transfer.h"
# include "ingest-upload-stage.h"
# include "ingest-validation-stage.h"
#undef INGEST_INSIDE
