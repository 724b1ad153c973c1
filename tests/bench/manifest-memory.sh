#!/bin/bash
# tests/bench/manifest-memory.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of the memory a large manifest costs (issue 9, point 4), not a
# test. Two trees of empty files (N/4 and N, in folders of 1000) get an ASC
# MHL xxh64 history from `ingestctl mhl create`; then the peak RSS of
#   ingestctl mhl verify [--json] ROOT
#   ingestctl validate --no-catalog [--json] ROOT
# is measured on each (/usr/bin/time -v, "Maximum resident set size"), and
# the RSS each manifest MB adds: (RSS(N) - RSS(N/4)) / (MB(N) - MB(N/4)).
#
# Usage: tests/bench/manifest-memory.sh [BUILD_DIR]     (default: _build)
# Environment: MANIFEST_BENCH_FILES (200000), INGESTCTL (default
#              BUILD_DIR/src/ingestctl/ingestctl), TMPDIR,
#              MANIFEST_BENCH_BASELINE: another ingestctl (e.g. of an older
#              build) measured on the same trees, for before/after figures.
# Quick run:   MANIFEST_BENCH_FILES=40000 tests/bench/manifest-memory.sh _build

set -euo pipefail

build_dir=${1:-_build}
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
n_files=${MANIFEST_BENCH_FILES:-200000}

for program in "$ingestctl" /usr/bin/time python3; do
  if ! command -v "$program" >/dev/null; then
    echo "manifest-memory.sh: $program not found" >&2
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingest-manifest-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# tree DIR N : N empty files with long clip-like names, with an xxh64 history.
tree () {
  local dir=$1 n=$2
  mkdir -p "$dir"
  python3 - "$dir" "$n" <<'EOF'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    folder = os.path.join(root, "Day1", "A001R1AB", "Clips", "F%04d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, "A001C%06d_260101_R1AB.ari" % i), "wb").close()
EOF
  "$ingestctl" mhl create -h xxh64 "$dir" > /dev/null
}

manifest_bytes () { stat -c %s "$1"/ascmhl/0001_*.mhl; }

# peak_kib CMD… : peak RSS of CMD in KiB (its output discarded; exit codes ignored)
peak_kib () {
  { /usr/bin/time -v "$@" > /dev/null; } 2>&1 | awk -F': ' '/Maximum resident set size/ { print $2 }' || true
}

small=$((n_files / 4))
echo "Writing trees of $small and $n_files empty files and their ASC MHL histories …"
tree "$tmp/a" "$small"
tree "$tmp/b" "$n_files"
a_bytes=$(manifest_bytes "$tmp/a")
b_bytes=$(manifest_bytes "$tmp/b")

echo
printf '%-44s %12s %12s %14s\n' "" "$small files" "$n_files files" "per manifest MB"
printf '%-44s %9.1f MB %9.1f MB\n' "manifest" "$(awk -v b="$a_bytes" 'BEGIN { print b / 1e6 }')" \
  "$(awk -v b="$b_bytes" 'BEGIN { print b / 1e6 }')"
row () {
  local program=$1 label=$2; shift 2
  local a_kib b_kib
  a_kib=$(peak_kib "$program" "$@" "$tmp/a")
  b_kib=$(peak_kib "$program" "$@" "$tmp/b")
  printf '%-44s %9.1f MB %9.1f MB %11.2f MB\n' "$label" "$(awk -v k="$a_kib" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$b_kib" 'BEGIN { print k / 1024 }')" \
    "$(awk -v a="$a_kib" -v b="$b_kib" -v x="$a_bytes" -v y="$b_bytes" 'BEGIN { print (b - a) / 1024 / ((y - x) / 1e6) }')"
}
for program in ${MANIFEST_BENCH_BASELINE:-} "$ingestctl"; do
  echo "peak RSS, $program:"
  row "$program" "ingestctl mhl verify ROOT" mhl verify
  row "$program" "ingestctl mhl verify --json ROOT" mhl verify --json
  row "$program" "ingestctl validate --no-catalog ROOT" validate --no-catalog
  row "$program" "ingestctl validate --no-catalog --json ROOT" validate --no-catalog --json
done
