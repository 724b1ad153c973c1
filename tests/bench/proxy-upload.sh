#!/bin/bash
# tests/bench/proxy-upload.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of the proxy stage's cost to the upload (issue 12, point 3: a
# concurrent upload slowed by at most 15 %), not a test. One card — the
# demo's ARRI roll with its ProRes clips copied PROXY_BENCH_COPIES times,
# sealed with an ASC MHL — uploaded to a local folder with
#   ingestctl ingest CARD --to NAS --json              (metadata only)
#   ingestctl ingest CARD --to NAS --json --proxies    (proxies made from the
#                                                       drive meanwhile)
# alternating, PROXY_BENCH_RUNS times each, fresh catalog and folder each
# time. Prints the median of the upload's own seconds (the session's
# "upload_seconds": UPLOADING only) for both and their ratio (target
# ≤ 1.15), and the whole run's wall time with proxies.
#
# Run it on an otherwise idle machine: other builds skew the ratio.
# Usage: tests/bench/proxy-upload.sh [BUILD_DIR]   (default: _build)
# Environment: PROXY_BENCH_COPIES (8), PROXY_BENCH_RUNS (3), INGESTCTL, TMPDIR.

set -euo pipefail

build_dir=${1:-_build}
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
copies=${PROXY_BENCH_COPIES:-8}
runs=${PROXY_BENCH_RUNS:-3}

for program in "$ingestctl" python3; do
  command -v "$program" > /dev/null || { echo "proxy-upload.sh: $program is missing" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ingest-proxy-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

"$ingestctl" demo-drive "$work/demo" > /dev/null
card="$work/CARD"
roll="$card/A001R1AB"
mkdir -p "$roll"
n=0
for copy in $(seq 1 "$copies"); do
  for clip in "$work"/demo/A001R1AB/A001C00[0-9]_261121_R1AB.mov; do
    n=$((n + 1))
    cp "$clip" "$roll/$(printf 'A001C%03d_261121_R1AB.mov' "$n")"
  done
done
"$ingestctl" mhl create "$roll" > /dev/null
bytes=$(du -sb "$card" | cut -f1)
echo "card: $n ProRes clips, $((bytes / 1048576)) MiB"

# upload_seconds and wall seconds of one run
run_one () {
  local with=$1 i=$2 start end out
  rm -rf "$work/nas" "$work/catalog.db"* "$work/proxies"
  mkdir -p "$work/nas"
  start=$(date +%s.%N)
  out=$("$ingestctl" ingest "$card" --to "$work/nas" --catalog "$work/catalog.db" --json \
          --proxies-dir "$work/proxies" $with 2> /dev/null | grep '"event":"summary"')
  end=$(date +%s.%N)
  python3 -c 'import json, sys; s = json.loads(sys.argv[1]); print(s["upload_seconds"], float(sys.argv[3]) - float(sys.argv[2]))' \
    "$out" "$start" "$end"
}

plain=()
proxied=()
walls=()
for i in $(seq 1 "$runs"); do
  read -r up _ < <(run_one "" "$i")
  plain+=("$up")
  read -r up wall < <(run_one "--proxies" "$i")
  proxied+=("$up")
  walls+=("$wall")
  echo "run $i: upload ${plain[-1]} s alone, $up s with proxies (whole run $wall s)"
done

python3 - "${plain[*]}" "${proxied[*]}" "${walls[*]}" << 'PY'
import statistics, sys
plain = [float(x) for x in sys.argv[1].split()]
proxied = [float(x) for x in sys.argv[2].split()]
walls = [float(x) for x in sys.argv[3].split()]
a, b = statistics.median(plain), statistics.median(proxied)
print(f"upload alone: {a:.2f} s, with proxies: {b:.2f} s, ratio {b / a:.2f} (target <= 1.15)")
print(f"whole run with proxies: {statistics.median(walls):.2f} s")
PY
