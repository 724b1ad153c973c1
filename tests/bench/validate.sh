#!/bin/bash
# tests/bench/validate.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of drive validation (issue 4, point 9), not a test. Warm page
# cache: it measures the station's overhead, not the disk.
#  1. `ingestctl validate` of a tree with an ASC MHL xxh64 history
#     ≤ 1.1 × `xxhsum -H1` over the same files (default 200 × 10 MiB = 2 GiB).
#  2. Many small files: time linear in their number, memory bounded: the
#     same tree shape at N/10 and N files (default N = 100,000), time and peak
#     RSS of each, and the ratios.
#
# Usage: tests/bench/validate.sh [BUILD_DIR]     (default: _build)
# Environment: VALIDATE_BENCH_FILES (200), VALIDATE_BENCH_FILE_MIB (10),
#              VALIDATE_BENCH_SMALL (100000), VALIDATE_BENCH_RUNS (3),
#              INGESTCTL (default BUILD_DIR/src/ingestctl/ingestctl), TMPDIR.
# Quick run:   VALIDATE_BENCH_FILES=50 VALIDATE_BENCH_SMALL=20000 tests/bench/validate.sh _build

set -euo pipefail

build_dir=${1:-_build}
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
n_files=${VALIDATE_BENCH_FILES:-200}
file_mib=${VALIDATE_BENCH_FILE_MIB:-10}
n_small=${VALIDATE_BENCH_SMALL:-100000}
runs=${VALIDATE_BENCH_RUNS:-3}

for program in "$ingestctl" xxhsum /usr/bin/time; do
  if ! command -v "$program" >/dev/null; then
    echo "validate.sh: $program not found" >&2
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingest-validate-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# median_ms CMD… : runs CMD $runs times (output discarded), prints the median wall time in ms.
median_ms () {
  local times=() start end
  for ((r = 0; r < runs; r++)); do
    start=$(date +%s%N)
    "$@" > /dev/null || [ $? -eq 3 ]
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ---- 1. big files -----------------------------------------------------------

big="$tmp/big"
echo "Writing $n_files × $file_mib MiB of random data …"
mkdir -p "$big/A001R2EC/Clips"
for ((i = 1; i <= n_files; i++)); do
  head -c $((file_mib * 1048576)) /dev/urandom > "$big/A001R2EC/Clips/A001C$(printf %03d "$i").mov"
done
"$ingestctl" mhl create -h xxh64 "$big/A001R2EC" > /dev/null
files=("$big"/A001R2EC/Clips/*.mov)
cat "${files[@]}" > /dev/null   # warm the page cache

# It must verify everything before it is worth timing.
"$ingestctl" validate --no-catalog "$big" > /dev/null ||
  { echo "validate.sh: the tree did not validate" >&2; exit 1; }

xxhsum_ms=$(median_ms xxhsum -q -H1 "${files[@]}")
ours_ms=$(median_ms "$ingestctl" validate --no-catalog "$big")
ours_j1_ms=$(median_ms "$ingestctl" validate --no-catalog --threads 1 "$big")

echo
echo "1. $n_files files, $((n_files * file_mib)) MiB, ASC MHL xxh64 history, warm cache ($(nproc) CPUs)"
printf '   %-44s %8s ms\n' "xxhsum -H1" "$xxhsum_ms"
printf '   %-44s %8s ms   ratio %s (target ≤ 1.10)\n' "ingestctl validate" "$ours_ms" "$(ratio "$ours_ms" "$xxhsum_ms")"
printf '   %-44s %8s ms   ratio %s\n' "ingestctl validate --threads 1" "$ours_j1_ms" "$(ratio "$ours_j1_ms" "$xxhsum_ms")"
rm -rf "$big"

# ---- 2. many small files ----------------------------------------------------

# small_tree DIR N : N files of 1 KiB in folders of 1000, with an xxh64 history.
small_tree () {
  local dir=$1 n=$2
  mkdir -p "$dir/R001"
  python3 - "$dir/R001" "$n" <<'EOF'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    folder = os.path.join(root, "D%03d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "F%06d.dat" % i), "wb") as f:
        f.write(os.urandom(1024))
EOF
  "$ingestctl" mhl create -h xxh64 "$dir/R001" > /dev/null
}

# measure DIR : "<wall ms> <peak RSS KiB>" of one validation (text output: problems only)
measure () {
  local start end rss
  start=$(date +%s%N)
  rss=$( { /usr/bin/time -f '%M' "$ingestctl" validate --no-catalog "$1" > /dev/null; } 2>&1 | tail -1)
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $rss"
}

small_a=$((n_small / 10))
echo
echo "Writing $small_a and $n_small files of 1 KiB …"
small_tree "$tmp/small-a" "$small_a"
small_tree "$tmp/small-b" "$n_small"
measure "$tmp/small-a" > /dev/null   # warm
measure "$tmp/small-b" > /dev/null
read -r a_ms a_kib <<< "$(measure "$tmp/small-a")"
read -r b_ms b_kib <<< "$(measure "$tmp/small-b")"

echo
echo "2. many small files (1 KiB each), ASC MHL xxh64 history, warm cache"
printf '   %8d files: %8d ms  %8d KiB peak RSS\n' "$small_a" "$a_ms" "$a_kib"
printf '   %8d files: %8d ms  %8d KiB peak RSS\n' "$n_small" "$b_ms" "$b_kib"
echo "   time ratio $(ratio "$b_ms" "$a_ms") for 10× the files (linear: 10)"
echo "   RSS per file: $(awk -v a="$a_kib" -v b="$b_kib" -v n="$((n_small - small_a))" 'BEGIN { printf "%.2f KiB", (b - a) / n }') (the results list)"
