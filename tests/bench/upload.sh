#!/bin/bash
# tests/bench/upload.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of the upload (issue 5, point 10; issue 9, point 7), not a test:
# the same set of files to the same local Ceph RGW (tests/rgw/rgw.sh) with
#   ingestctl ingest  (validates against the roll's ASC MHL and uploads, one
#                      read, never overwriting: it lists what is there first)
#   aws s3 cp --recursive  (its defaults: 10 requests at once, 8 MiB parts)
#   rclone copy  (large: --transfers 4 --s3-upload-concurrency 4
#                 --s3-chunk-size 16M; small: --transfers 8)
# in one run, alternating, and prints median wall times, the ratio of ours to
# the faster anchor, peak RSS (target ≤ part size × parts in flight + 64 MB)
# and client CPU seconds per GiB. Client, radosgw and the OSD share the
# machine's cores, so client CPU per byte matters.
#
# Two modes:
#   large  8 × 128 MiB in one roll (target ratio ≤ 1.0)
#   small  2,000 files of 32–64 KiB in 20 clip folders of one roll, as frame
#          sequences, stills and sidecars are (target ratio ≤ 0.7); ours
#          reads UPLOAD_BENCH_THREADS files at once, as rclone sends 8
#
# Usage: tests/bench/upload.sh [BUILD_DIR [large|small]]   (default: _build large)
# Environment: UPLOAD_BENCH_FILES (8), UPLOAD_BENCH_FILE_MIB (128),
#              UPLOAD_BENCH_RUNS (3), UPLOAD_BENCH_PARTS ("4 8": parts in flight
#              to try), UPLOAD_BENCH_PART_SIZE (16M), UPLOAD_BENCH_THREADS (8,
#              small mode), INGESTCTL, AWS (aws), RCLONE (rclone), TMPDIR.
#              Debian's awscli and rclone: apt-get install awscli rclone.

set -euo pipefail

build_dir=${1:-_build}
mode=${2:-large}
src_dir=$(cd "$(dirname "$0")/../.." && pwd)
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
aws=${AWS:-aws}
rclone=${RCLONE:-rclone}
n_files=${UPLOAD_BENCH_FILES:-8}
file_mib=${UPLOAD_BENCH_FILE_MIB:-128}
runs=${UPLOAD_BENCH_RUNS:-3}
parts_list=${UPLOAD_BENCH_PARTS:-"4 8"}
part_size=${UPLOAD_BENCH_PART_SIZE:-16M}
threads=${UPLOAD_BENCH_THREADS:-8}
case $mode in
  large) target=1.00; rclone_flags=(--transfers 4 --s3-upload-concurrency 4 --s3-chunk-size 16M); ours_flags=() ;;
  small) target=0.70; rclone_flags=(--transfers 8); ours_flags=(--threads "$threads"); parts_list=${UPLOAD_BENCH_PARTS:-4} ;;
  *) echo "upload.sh: mode is large or small" >&2; exit 1 ;;
esac

have_aws=1; command -v "$aws" > /dev/null || have_aws=0
have_rclone=1; command -v "$rclone" > /dev/null || have_rclone=0
for program in "$ingestctl" /usr/bin/time; do
  command -v "$program" > /dev/null || { echo "upload.sh: $program not found" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingest-upload-bench-XXXXXX")
mon_port=$((20000 + RANDOM % 20000))
rgw_port=$((mon_port + 1))
cleanup () {
  sh "$src_dir/tests/rgw/rgw.sh" stop "$tmp/rgw" > /dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "Starting Ceph RGW in $tmp/rgw …"
sh "$src_dir/tests/rgw/rgw.sh" start "$tmp/rgw" "$mon_port" "$rgw_port" $$ > "$tmp/rgw.log" 2>&1 ||
  { cat "$tmp/rgw.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$tmp/rgw/env"
export AWS_ACCESS_KEY_ID=$RGW_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$RGW_SECRET_KEY AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN

mkdir -p "$tmp/drive/A001"
if [[ $mode == large ]]; then
  echo "Writing $n_files × $file_mib MiB of random data and its ASC MHL …"
  for ((i = 1; i <= n_files; i++)); do
    head -c $((file_mib * 1048576)) /dev/urandom > "$tmp/drive/A001/A001C$(printf %03d "$i").mov"
  done
  first_key=A001/A001C001.mov
else
  echo "Writing 2,000 files of 32–64 KiB in 20 clip folders and their ASC MHL …"
  head -c $((2000 * 65536)) /dev/urandom > "$tmp/random.bin"
  for ((c = 1; c <= 20; c++)); do
    clip=$tmp/drive/A001/A001C$(printf %03d "$c")
    mkdir -p "$clip"
    for ((f = 0; f < 100; f++)); do
      n=$(((c - 1) * 100 + f))
      dd if="$tmp/random.bin" of="$clip/frame_$(printf %06d "$f").dpx" bs=1024 skip=$((n * 64)) \
         count=$((32 + RANDOM % 33)) status=none
    done
  done
  rm -f "$tmp/random.bin"
  n_files=2000
  first_key=A001/A001C001/frame_000000.dpx
fi
"$ingestctl" mhl create -h xxh64 "$tmp/drive/A001" > /dev/null
sync
find "$tmp/drive/A001" -type f -exec cat {} + > /dev/null   # warm cache: this measures the upload, not the disk
total_bytes=$(find "$tmp/drive/A001" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

# The bucket (awscli, or one signed PUT with curl when it is missing).
if ((have_aws)); then
  "$aws" --endpoint-url "$RGW_ENDPOINT" s3api create-bucket --bucket bench > /dev/null
else
  curl -sf -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$RGW_ACCESS_KEY:$RGW_SECRET_KEY" \
       -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$RGW_ENDPOINT/bench" > /dev/null
fi

# measure NAME CMD… : appends "wall_s maxrss_kb cpu_s" of one run to $tmp/NAME.
measure () {
  local name=$1
  shift
  /usr/bin/time -o "$tmp/time.txt" -f '%e %M %U %S' "$@" > "$tmp/out.txt" 2>&1 ||
    { echo "upload.sh: $name failed:" >&2; cat "$tmp/out.txt" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$tmp/time.txt" >> "$tmp/$name"
}

run=0
for ((r = 0; r < runs; r++)); do
  for parts in $parts_list; do
    run=$((run + 1))
    measure "ours-$parts" "$ingestctl" ingest "$tmp/drive" --to "s3://bench/ours$run" --endpoint "$RGW_ENDPOINT" \
      --catalog "$tmp/catalog$run.db" --no-history --part-size "$part_size" --parts-in-flight "$parts" \
      ${ours_flags[@]+"${ours_flags[@]}"}
  done
  if ((have_aws)); then
    measure aws "$aws" --endpoint-url "$RGW_ENDPOINT" s3 cp --recursive --quiet "$tmp/drive/A001" "s3://bench/aws$r"
  fi
  if ((have_rclone)); then
    measure rclone env -u AWS_CA_BUNDLE \
      RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Ceph RCLONE_CONFIG_BENCH_ENDPOINT="$RGW_ENDPOINT" \
      RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$RGW_ACCESS_KEY" RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$RGW_SECRET_KEY" \
      "$rclone" copy "$tmp/drive/A001" "bench:bench/rclone$r" "${rclone_flags[@]}"
  fi
done

# The objects are right: one of ours, compared byte for byte.
if ((have_aws)); then
  "$aws" --endpoint-url "$RGW_ENDPOINT" s3 cp --quiet "s3://bench/ours1/$first_key" "$tmp/check.mov"
  cmp "$tmp/check.mov" "$tmp/drive/$first_key"
  rm -f "$tmp/check.mov"
fi

median () { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
col () { awk -v c="$2" '{ print $c }' "$tmp/$1" | median; }
gib=$(awk -v b="$total_bytes" 'BEGIN { printf "%.3f", b / 1073741824 }')

echo
if [[ $mode == large ]]; then
  what="$n_files × $file_mib MiB"
else
  what="2,000 files of 32–64 KiB in 20 folders"
fi
echo "$what = $gib GiB to a local Ceph RGW, $(nproc) CPUs, median of $runs runs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-34s %8s %10s %12s %14s\n' "" "wall s" "MiB/s" "peak RSS MB" "CPU s per GiB"
report () {
  local name=$1 label=$2 wall rss cpu
  [[ -s "$tmp/$name" ]] || return 0
  wall=$(col "$name" 1); rss=$(col "$name" 2); cpu=$(col "$name" 3)
  printf '  %-34s %8.2f %10.0f %12.0f %14.2f\n' "$label" "$wall" \
    "$(awk -v w="$wall" -v g="$gib" 'BEGIN { print g * 1024 / w }')" \
    "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" "$(awk -v c="$cpu" -v g="$gib" 'BEGIN { print c / g }')"
}
for parts in $parts_list; do
  report "ours-$parts" "ingestctl ingest, $parts parts in flight"
done
report aws "aws s3 cp --recursive"
report rclone "rclone copy ${rclone_flags[*]}"

best_anchor=""
for name in aws rclone; do
  [[ -s "$tmp/$name" ]] || continue
  w=$(col "$name" 1)
  if [[ -z "$best_anchor" ]] || awk -v a="$w" -v b="$best_anchor" 'BEGIN { exit !(a < b) }'; then
    best_anchor=$w
  fi
done
if [[ -n "$best_anchor" ]]; then
  for parts in $parts_list; do
    printf '  ratio ours (%s in flight) / faster anchor: %.2f (target ≤ %s)\n' "$parts" \
      "$(awk -v a="$(col "ours-$parts" 1)" -v b="$best_anchor" 'BEGIN { print a / b }')" "$target"
    for name in aws rclone; do
      [[ -s "$tmp/$name" ]] || continue
      printf '    ours / %s: %.2f\n' "$name" "$(awk -v a="$(col "ours-$parts" 1)" -v b="$(col "$name" 1)" 'BEGIN { print a / b }')"
    done
  done
else
  echo "  (no anchor: install Debian's awscli and rclone for the ratios)"
fi
