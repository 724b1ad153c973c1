#!/bin/bash
# tests/bench/metadata.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of the camera metadata (issue 11, speed), not a test. Warm page
# cache: it measures parsing, not the disk.
#  1. A card of N clips (default 1,000) mixing ProRes MOV with a tmcd track
#     and com.arri.camera.* keys, MXF with a timecode, BWF with bext, and DNG
#     stills when the demo drive has a DNG to copy (it is said when not):
#     `ingestctl clips --json` against `mediainfo --Output=JSON` and
#     `exiftool -json -n` over the same media files (targets: ≤ 0.3× and
#     ≤ 0.5×), peak RSS of each, and the bytes our readers read per clip.
#  2. What the metadata stage costs the read beside it, both ways: an
#     `ingestctl validate` and an `ingestctl ingest` to a folder of the same
#     card, each with and without it (--no-metadata) (target: ≤ 10 % slower).
#
# Usage: tests/bench/metadata.sh [BUILD_DIR]     (default: _build)
# Environment: METADATA_BENCH_CLIPS (1000), METADATA_BENCH_RUNS (3), METADATA_BENCH_AB_RUNS (7),
#              INGESTCTL (default BUILD_DIR/src/ingestctl/ingestctl), TMPDIR.

set -euo pipefail

build_dir=${1:-_build}
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
n_clips=${METADATA_BENCH_CLIPS:-1000}
runs=${METADATA_BENCH_RUNS:-3}

for program in "$ingestctl" ffmpeg mediainfo exiftool python3 /usr/bin/time; do
  if ! command -v "$program" >/dev/null; then
    echo "metadata.sh: $program not found" >&2
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingest-metadata-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# median_ms CMD… : runs CMD $runs times (output discarded), prints the median wall time in ms.
median_ms () {
  local times=() start end
  for ((r = 0; r < runs; r++)); do
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1 || [ $? -eq 3 ]
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

# peak_kib CMD… : peak RSS of one run, in KiB.
peak_kib () {
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" > /dev/null 2>&1 || true
  tail -1 "$tmp/rss"
}

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ---- the card -------------------------------------------------------------

echo "Making the templates with ffmpeg …"
tpl="$tmp/templates"
mkdir -p "$tpl"
ffmpeg -v error -f lavfi -i testsrc2=size=1920x1080:rate=25 -f lavfi -i sine=frequency=1000:sample_rate=48000 \
  -t 0.4 -c:v prores_ks -profile:v 0 -c:a pcm_s24le -timecode 10:21:14:00 \
  -movflags use_metadata_tags -metadata com.arri.camera.ReelName=A001R1AB \
  -metadata com.arri.camera.CameraModel="ALEXA Mini LF" -metadata com.apple.quicktime.make=ARRI \
  "$tpl/clip.mov"
ffmpeg -v error -f lavfi -i testsrc2=size=1920x1080:rate=25 -t 0.4 -c:v mpeg2video -b:v 20M \
  -timecode 10:24:39:00 -f mxf "$tpl/clip.mxf"
ffmpeg -v error -f lavfi -i sine=frequency=440:sample_rate=48000 -t 1 -ac 2 -c:a pcm_s24le \
  -write_bext 1 -metadata time_reference=1795776000 -metadata originator="Sound Devices" \
  -metadata comment=$'sSCENE=12A\nsTAKE=1\nsTAPE=SOUND_001' "$tpl/take.wav"

# DNG: there is no encoder for it in Debian; a demo drive that carries a
# stills roll gives one to copy.
"$ingestctl" demo-drive "$tmp/demo" > /dev/null 2>&1 || true
dng=$(find "$tmp/demo" -iname '*.dng' -print -quit 2>/dev/null || true)
kinds=(mov mxf wav)
if [ -n "$dng" ]; then
  cp "$dng" "$tpl/still.dng"
  kinds+=(dng)
else
  echo "(no DNG: the demo drive has none to copy; the card is MOV, MXF and WAV only)"
fi
rm -rf "$tmp/demo"

card="$tmp/card"
mkdir -p "$card/A001R1AB" "$card/B001/XDROOT/Clip" "$card/SOUND_001" "$card/STILLS/DCIM/100CANON"
for ((i = 1; i <= n_clips; i++)); do
  case ${kinds[$(( (i - 1) % ${#kinds[@]} ))]} in
    mov) cp "$tpl/clip.mov" "$card/A001R1AB/A001C$(printf %03d $((i % 1000)))_$(printf %06d "$i")_R1AB.mov" ;;
    mxf) cp "$tpl/clip.mxf" "$card/B001/XDROOT/Clip/C$(printf %05d "$i").MXF" ;;
    wav) cp "$tpl/take.wav" "$card/SOUND_001/T$(printf %05d "$i").WAV" ;;
    dng) cp "$tpl/still.dng" "$card/STILLS/DCIM/100CANON/IMG_$(printf %05d "$i").DNG" ;;
  esac
done
mapfile -t media < <(find "$card" -type f | sort)
cat "${media[@]}" > /dev/null   # warm the page cache
bytes=$(du -sb "$card" | cut -f1)

# ---- 1. against mediainfo and exiftool --------------------------------------

"$ingestctl" clips --json "$card" > "$tmp/clips.jsonl"
read -r got_clips bytes_read with_tc <<< "$(python3 - "$tmp/clips.jsonl" <<'EOF'
import json, sys
n = total = tc = 0
for line in open(sys.argv[1]):
    clip = json.loads(line)
    n += 1
    total += clip.get("bytes_read", 0)
    tc += "tc_start" in clip
print(n, total, tc)
EOF
)"

ours_ms=$(median_ms "$ingestctl" clips --json "$card")
mediainfo_ms=$(median_ms mediainfo --Output=JSON "${media[@]}")
exiftool_ms=$(median_ms exiftool -json -n "${media[@]}")
ours_kib=$(peak_kib "$ingestctl" clips --json "$card")
mediainfo_kib=$(peak_kib mediainfo --Output=JSON "${media[@]}")
exiftool_kib=$(peak_kib exiftool -json -n "${media[@]}")

echo
echo "1. $got_clips clips (${kinds[*]}), ${#media[@]} files, $((bytes / 1048576)) MiB, warm cache ($(nproc) CPUs)"
printf '   %-32s %8s ms  %8s KiB peak RSS\n' "ingestctl clips --json" "$ours_ms" "$ours_kib"
printf '   %-32s %8s ms  %8s KiB peak RSS   ours/theirs %s (target ≤ 0.30)\n' \
  "mediainfo --Output=JSON" "$mediainfo_ms" "$mediainfo_kib" "$(ratio "$ours_ms" "$mediainfo_ms")"
printf '   %-32s %8s ms  %8s KiB peak RSS   ours/theirs %s (target ≤ 0.50)\n' \
  "exiftool -json -n" "$exiftool_ms" "$exiftool_kib" "$(ratio "$ours_ms" "$exiftool_ms")"
echo "   bytes our readers read: $bytes_read in all, $(( bytes_read / (got_clips > 0 ? got_clips : 1) )) per clip (goal ≤ 1 MiB); $with_tc clips with a start timecode"

# ---- 2. the stage beside the read ------------------------------------------

"$ingestctl" mhl create -h xxh64 "$card/A001R1AB" > /dev/null
"$ingestctl" mhl create -h xxh64 "$card/B001" > /dev/null
"$ingestctl" mhl create -h xxh64 "$card/SOUND_001" > /dev/null

ingest_to () {
  rm -rf "$tmp/nas"
  mkdir -p "$tmp/nas"
  "$ingestctl" ingest --no-catalog --to "$tmp/nas" "$@" "$card"
}

# ab_ms A-CMD -- B-CMD : runs A and B alternately ($ab_runs times each, after a
# sync, so that drift and writeback fall on both alike); prints "A-median B-median".
ab_runs=${METADATA_BENCH_AB_RUNS:-7}
ab_ms () {
  local a=() b=() start end i
  local sep
  for ((sep = 1; sep <= $#; sep++)); do [ "${!sep}" = "--" ] && break; done
  local acmd=("${@:1:sep-1}") bcmd=("${@:sep+1}")
  for ((i = 0; i < ab_runs; i++)); do
    sync
    start=$(date +%s%N); "${acmd[@]}" > /dev/null 2>&1 || [ $? -eq 3 ]; end=$(date +%s%N)
    a+=($(( (end - start) / 1000000 )))
    sync
    start=$(date +%s%N); "${bcmd[@]}" > /dev/null 2>&1 || [ $? -eq 3 ]; end=$(date +%s%N)
    b+=($(( (end - start) / 1000000 )))
  done
  echo "$(printf '%s\n' "${a[@]}" | sort -n | sed -n "$(( (ab_runs + 1) / 2 ))p")" \
       "$(printf '%s\n' "${b[@]}" | sort -n | sed -n "$(( (ab_runs + 1) / 2 ))p")"
}

read -r validate_with validate_without <<< \
  "$(ab_ms "$ingestctl" validate --no-catalog "$card" -- "$ingestctl" validate --no-catalog --no-metadata "$card")"
read -r ingest_with ingest_without <<< "$(ab_ms ingest_to -- ingest_to --no-metadata)"

slower () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", (a - b) * 100 / b }'; }
echo
echo "2. the same card read (xxh64) with and without the metadata stage beside it (medians of $ab_runs, alternated)"
printf '   %-40s %8s ms\n' "ingestctl validate --no-metadata" "$validate_without"
printf '   %-40s %8s ms   %s (target ≤ +10 %%)\n' "ingestctl validate (metadata stage)" "$validate_with" \
  "$(slower "$validate_with" "$validate_without")"
printf '   %-40s %8s ms\n' "ingestctl ingest --to DIR --no-metadata" "$ingest_without"
printf '   %-40s %8s ms   %s (target ≤ +10 %%)\n' "ingestctl ingest --to DIR (metadata)" "$ingest_with" \
  "$(slower "$ingest_with" "$ingest_without")"
