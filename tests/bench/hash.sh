#!/bin/bash
# tests/bench/hash.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of the one-read hashing engine (issue 3, point 8), not a test:
# warm page cache, so it measures CPU, not the disk. Prints median wall times
# and the ratios the issue sets targets for:
#   ingestctl hash -h xxh64          ≤ 1.1 × xxhsum -H1
#   ingestctl hash -h xxh64 -h md5   ≤ 1.1 × md5sum
#
# Usage: tests/bench/hash.sh [BUILD_DIR]     (default: _build)
# Environment: HASH_BENCH_FILES (200), HASH_BENCH_FILE_MIB (10), HASH_BENCH_RUNS (5),
#              INGESTCTL (default BUILD_DIR/src/ingestctl/ingestctl), TMPDIR.
# Quick run:   HASH_BENCH_FILES=50 tests/bench/hash.sh _build-hash   (500 MiB)

set -euo pipefail

build_dir=${1:-_build}
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
n_files=${HASH_BENCH_FILES:-200}
file_mib=${HASH_BENCH_FILE_MIB:-10}
runs=${HASH_BENCH_RUNS:-5}

for program in "$ingestctl" xxhsum md5sum; do
  if ! command -v "$program" >/dev/null; then
    echo "hash.sh: $program not found" >&2
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingest-hash-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "Writing $n_files × $file_mib MiB of random data to $tmp …"
mkdir -p "$tmp/A001R2EC/Clips"
for ((i = 1; i <= n_files; i++)); do
  head -c $((file_mib * 1048576)) /dev/urandom > "$tmp/A001R2EC/Clips/A001C$(printf %03d "$i").mov"
done
files=("$tmp"/A001R2EC/Clips/*.mov)
sync                            # no writeback of the new files during the timings
cat "${files[@]}" > /dev/null   # warm the page cache

# median_ms CMD… : runs CMD $runs times (output discarded), prints the median wall time in ms.
median_ms () {
  local times=() start end
  for ((r = 0; r < runs; r++)); do
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

# Same digests as the tools, once, before timing anything.
diff <(xxhsum -q -H1 "${files[@]}" | awk '{ print $1 }') \
     <("$ingestctl" hash -h xxh64 "${files[@]}" | awk '{ print $NF }') > /dev/null ||
  { echo "hash.sh: xxh64 digests differ from xxhsum" >&2; exit 1; }
diff <(md5sum "${files[@]}" | awk '{ print $1 }') \
     <("$ingestctl" hash -h md5 "${files[@]}" | awk '{ print $NF }') > /dev/null ||
  { echo "hash.sh: md5 digests differ from md5sum" >&2; exit 1; }

xxhsum_ms=$(median_ms xxhsum -q -H1 "${files[@]}")
xxhsum_p2_ms=$(median_ms sh -c 'printf "%s\0" "$@" | xargs -0 -n 25 -P 2 xxhsum -q -H1' sh "${files[@]}")
ours_xxh_ms=$(median_ms "$ingestctl" hash -h xxh64 "${files[@]}")
ours_xxh_j1_ms=$(median_ms "$ingestctl" hash -j 1 -h xxh64 "${files[@]}")
md5sum_ms=$(median_ms md5sum "${files[@]}")
ours_md5_ms=$(median_ms "$ingestctl" hash -h xxh64 -h md5 "${files[@]}")
ours_md5_j1_ms=$(median_ms "$ingestctl" hash -j 1 -h xxh64 -h md5 "${files[@]}")

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "$n_files files × $file_mib MiB = $((n_files * file_mib)) MiB, warm cache, $(nproc) CPUs, median of $runs runs"
printf '  %-40s %6d ms\n' "xxhsum -H1" "$xxhsum_ms"
printf '  %-40s %6d ms\n' "xxhsum -H1, 2 processes (xargs -P2)" "$xxhsum_p2_ms"
printf '  %-40s %6d ms   ratio %s (target ≤ 1.10)\n' "ingestctl hash -h xxh64" "$ours_xxh_ms" "$(ratio "$ours_xxh_ms" "$xxhsum_ms")"
printf '  %-40s %6d ms   ratio %s\n' "ingestctl hash -j 1 -h xxh64" "$ours_xxh_j1_ms" "$(ratio "$ours_xxh_j1_ms" "$xxhsum_ms")"
printf '  %-40s %6d ms\n' "md5sum" "$md5sum_ms"
printf '  %-40s %6d ms   ratio %s (target ≤ 1.10)\n' "ingestctl hash -h xxh64 -h md5" "$ours_md5_ms" "$(ratio "$ours_md5_ms" "$md5sum_ms")"
printf '  %-40s %6d ms   ratio %s\n' "ingestctl hash -j 1 -h xxh64 -h md5" "$ours_md5_j1_ms" "$(ratio "$ours_md5_j1_ms" "$md5sum_ms")"
