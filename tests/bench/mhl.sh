#!/bin/bash
# tests/bench/mhl.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of ASC MHL create (issue 3, point 8), not a test. Warm page cache,
# so it measures CPU and bookkeeping, not the disk. Prints medians and ratios:
#   big files:   mhl create -h xxh64          ≤ 1.1 × xxhsum -H1
#                mhl create -h xxh64 -h md5   ≤ 1.1 × md5sum
#   many files:  generation 2 (verify + write) ≤ 1.5 × generation 1, peak RSS < 200 MB
#
# Usage: tests/bench/mhl.sh [BUILD_DIR]     (default: _build)
# Environment: MHL_BENCH_FILES (200), MHL_BENCH_FILE_MIB (10),
#              MHL_BENCH_SMALL_FILES (100000), MHL_BENCH_FOLDERS (1000),
#              MHL_BENCH_RUNS (3), INGESTCTL, TMPDIR.
# Quick run:   MHL_BENCH_FILES=20 MHL_BENCH_SMALL_FILES=10000 MHL_BENCH_FOLDERS=100 tests/bench/mhl.sh _build

set -euo pipefail

build_dir=${1:-_build}
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
n_files=${MHL_BENCH_FILES:-200}
file_mib=${MHL_BENCH_FILE_MIB:-10}
n_small=${MHL_BENCH_SMALL_FILES:-100000}
n_folders=${MHL_BENCH_FOLDERS:-1000}
runs=${MHL_BENCH_RUNS:-3}

for program in "$ingestctl" xxhsum md5sum /usr/bin/time; do
  if ! command -v "$program" >/dev/null; then
    echo "mhl.sh: $program not found (the 'time' package provides /usr/bin/time)" >&2
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingest-mhl-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# median_ms CMD… : runs CMD $runs times, prints the median wall time in ms.
# A command may call `reset_state` first through BEFORE (run outside the timing).
median_ms () {
  local times=() start end
  for ((r = 0; r < runs; r++)); do
    if [ -n "${BEFORE:-}" ]; then $BEFORE; fi
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1 || [ $? -lt 30 ]
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

#
# Big files
#
big="$tmp/big/A001R2EC"
echo "Writing $n_files × $file_mib MiB of random data …"
mkdir -p "$big/Clips"
for ((i = 1; i <= n_files; i++)); do
  head -c $((file_mib * 1048576)) /dev/urandom > "$big/Clips/A001C$(printf %03d "$i").mov"
done
files=("$big"/Clips/*.mov)
cat "${files[@]}" > /dev/null

drop_history () { rm -rf "$big/ascmhl"; }

xxhsum_ms=$(median_ms xxhsum -q -H1 "${files[@]}")
ours_xxh_ms=$(BEFORE=drop_history median_ms "$ingestctl" mhl create -h xxh64 "$big")
md5sum_ms=$(median_ms md5sum "${files[@]}")
ours_md5_ms=$(BEFORE=drop_history median_ms "$ingestctl" mhl create -h xxh64 -h md5 "$big")

# The recorded values agree with the tools.
drop_history
"$ingestctl" mhl create -h xxh64 "$big" > /dev/null
first=$(basename "${files[0]}")
grep -q "$(xxhsum -q -H1 "${files[0]}" | cut -c1-16)" "$big"/ascmhl/0001_*.mhl ||
  { echo "mhl.sh: xxh64 of $first differs from xxhsum" >&2; exit 1; }

echo
echo "$n_files files × $file_mib MiB = $((n_files * file_mib)) MiB, warm cache, $(nproc) CPUs, median of $runs runs"
printf '  %-44s %7d ms\n' "xxhsum -H1" "$xxhsum_ms"
printf '  %-44s %7d ms   ratio %s (target ≤ 1.10)\n' "ingestctl mhl create -h xxh64" "$ours_xxh_ms" "$(ratio "$ours_xxh_ms" "$xxhsum_ms")"
printf '  %-44s %7d ms\n' "md5sum" "$md5sum_ms"
printf '  %-44s %7d ms   ratio %s (target ≤ 1.10)\n' "ingestctl mhl create -h xxh64 -h md5" "$ours_md5_ms" "$(ratio "$ours_md5_ms" "$md5sum_ms")"
rm -rf "$tmp/big"

#
# Many small files
#
small="$tmp/small/A001R2EC"
per_folder=$(( (n_small + n_folders - 1) / n_folders ))
echo
echo "Writing $n_small small files in $n_folders folders …"
for ((d = 0; d < n_folders; d++)); do
  folder="$small/$(printf 'F%04d' "$d")"
  mkdir -p "$folder"
  ( cd "$folder" && for ((f = 0; f < per_folder && d * per_folder + f < n_small; f++)); do
      printf 'frame %d/%d\n' "$d" "$f" > "$(printf 'A001_%06d.dpx' "$f")"
    done )
done

# time_run LABEL CMD… : one run under /usr/bin/time -v; prints wall ms and peak RSS.
time_run () {
  local label=$1 start end log=$tmp/time.log
  shift
  start=$(date +%s%N)
  /usr/bin/time -v -o "$log" "$@" > /dev/null 2>&1 || true
  end=$(date +%s%N)
  wall=$(( (end - start) / 1000000 ))
  rss=$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$log")
  printf '  %-44s %7d ms   peak RSS %4d MB\n' "$label" "$wall" "$rss"
}

find "$small" -type f -exec cat {} + > /dev/null
time_run "generation 1: mhl create -h xxh64" "$ingestctl" mhl create -h xxh64 "$small"
gen1=$wall
rss1=$rss
time_run "generation 2: mhl create -h xxh64" "$ingestctl" mhl create -h xxh64 "$small"
gen2=$wall
rss2=$rss
time_run "mhl verify" "$ingestctl" mhl verify "$small"
time_run "mhl diff" "$ingestctl" mhl diff "$small"

echo
echo "$n_small files in $n_folders folders"
echo "  generation 2 / generation 1: $(ratio "$gen2" "$gen1") (target ≤ 1.50)"
echo "  peak RSS: $rss1 MB / $rss2 MB (target < 200 MB)"
