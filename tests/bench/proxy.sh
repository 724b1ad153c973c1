#!/bin/bash
# tests/bench/proxy.sh
#
# Copyright 2026 The Ingest Station authors
#
# This library is free software; you can redistribute it and/or modify it
# under the terms of the GNU Lesser General Public License as published by
# the Free Software Foundation; either version 2.1 of the License, or (at
# your option) any later version.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# Benchmark of the proxy maker (issue 12, speed), not a test. Warm page
# cache: it measures decoding and encoding, not the disk.
#  1. One 10 s 1080p25 ProRes 422 HQ clip with 24-bit PCM sound (made here
#     with ffmpeg): `ingestctl proxy CLIP --out DIR --preset web
#     --no-burn-in --json` against ffmpeg making the same proxy — the same
#     size (fit in 960×540), the same x264 settings as the maker (veryfast,
#     CRF 23 — x264enc pass=qual is CRF, checked in the SEI of both — 2 s GOP, High 4:2:0) and AAC-LC 128 kb/s stereo
#     at 48 kHz (target: ours/ffmpeg ≤ 1.0 in wall time). Ours also decodes
#     its proxy back and makes the poster and filmstrip: that is in its time.
#  2. A roll of N such clips (default 20): the verb on the roll folder (it
#     makes clips in parallel, the settings' max_parallel) against ffmpeg
#     clip after clip (target ≤ 1.0).
# Each run: wall time, frames per second, CPU seconds (user + system, from
# /usr/bin/time) per frame; the median of the runs. Every proxy is checked
# with ffprobe (frames, size) so a fast failure cannot pass for speed.
#
# Run it when nothing else runs (`uptime`): both sides use every core.
#
# Usage: tests/bench/proxy.sh [BUILD_DIR]     (default: _build)
# Environment: PROXY_BENCH_SECONDS (10, the clip's length), PROXY_BENCH_CLIPS (20, the
#              roll's clips), PROXY_BENCH_RUNS (3), INGESTCTL (default
#              BUILD_DIR/src/ingestctl/ingestctl), TMPDIR.

set -euo pipefail

build_dir=${1:-_build}
ingestctl=${INGESTCTL:-$build_dir/src/ingestctl/ingestctl}
seconds=${PROXY_BENCH_SECONDS:-10}
n_clips=${PROXY_BENCH_CLIPS:-20}
runs=${PROXY_BENCH_RUNS:-3}
fps=25

for program in "$ingestctl" ffmpeg ffprobe python3 /usr/bin/time; do
  if ! command -v "$program" >/dev/null; then
    echo "proxy.sh: $program not found" >&2
    exit 1
  fi
done
if ! "$ingestctl" proxy --help >/dev/null 2>&1; then
  echo "proxy.sh: $ingestctl has no proxy verb" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingest-proxy-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# timed OUT_PREFIX CMD… : runs CMD once; writes "wall user system" (s) to OUT_PREFIX.time.
timed () {
  local out=$1
  shift
  /usr/bin/time -f '%e %U %S' -o "$out.time" "$@" > "$out.log" 2>&1 ||
    { echo "proxy.sh: failed: $*" >&2; tail -5 "$out.log" >&2; exit 1; }
}

# median_of FILE… : the run whose wall time is the median; prints "wall user system".
median_of () {
  for f in "$@"; do tail -1 "$f"; done | sort -n | sed -n "$(( ($# + 1) / 2 ))p"
}

ratio () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# report LABEL "wall user system" FRAMES
report () {
  local label=$1 frames=$3
  read -r wall user sys <<< "$2"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v f="$frames" 'BEGIN {
    printf "   %-26s %7.2f s wall  %7.1f frames/s  %7.4f CPU s/frame  (%.1f CPU s)\n",
           l, w, f / w, (u + s) / f, u + s }'
}

# video_frames FILE : frames ffprobe decodes; size_of FILE : "WxH".
video_frames () {
  ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$1"
}
size_of () {
  ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "$1"
}

# check_ours DIR EXPECTED_CLIPS : every JSON line made (or reused), each proxy
# ffprobed at the frames it claims, 960×540; prints the frames in all.
check_ours () {
  local dir=$1 want=$2
  python3 - "$dir/run.log" "$want" <<'EOF'
import json, subprocess, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
if len(lines) != int(sys.argv[2]):
    sys.exit(f"proxy.sh: {len(lines)} clips in the JSON, not {sys.argv[2]}")
total = 0
for clip in lines:
    if clip["status"] not in ("made", "reused"):
        sys.exit(f"proxy.sh: {clip['clip']}: {clip['status']}: {clip.get('reason')}")
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                          "-show_entries", "stream=nb_read_frames,width,height", "-of", "json",
                          clip["proxy"]], capture_output=True, text=True, check=True).stdout
    stream = json.loads(out)["streams"][0]
    if int(stream["nb_read_frames"]) != clip["frames"] or (stream["width"], stream["height"]) != (960, 540):
        sys.exit(f"proxy.sh: {clip['proxy']}: {stream} against the JSON's {clip['frames']} frames")
    total += clip["frames"]
print(total)
EOF
}

# ---- the sources -----------------------------------------------------------

echo "Making a ${seconds} s 1080p25 ProRes 422 HQ clip with 24-bit PCM (ffmpeg) …"
src="$tmp/src"
roll="$tmp/roll/A001"
mkdir -p "$src" "$roll"
ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=1920x1080:rate=$fps" \
  -f lavfi -i "sine=frequency=1000:sample_rate=48000" -t "$seconds" \
  -c:v prores_ks -profile:v 3 -pix_fmt yuv422p10le -c:a pcm_s24le -ac 2 \
  -timecode 14:22:05:00 "$src/A001C001.mov"
src_frames=$(video_frames "$src/A001C001.mov")
# The roll: links to the same media under clip names (the page cache holds
# one copy; the decoders and encoders do all the work N times).
for ((i = 1; i <= n_clips; i++)); do
  ln "$src/A001C001.mov" "$roll/A001C$(printf %03d "$i").mov"
done

# ---- 1. one clip -------------------------------------------------------------

ours_runs=() theirs_runs=()
for ((r = 0; r < runs; r++)); do
  out="$tmp/ours-one-$r"
  mkdir -p "$out"
  timed "$out/run" "$ingestctl" proxy "$src/A001C001.mov" --out "$out" --preset web --no-burn-in --json
  ours_frames=$(check_ours "$out" 1)
  ours_runs+=("$out/run.time")

  theirs="$tmp/theirs-one-$r"
  mkdir -p "$theirs"
  timed "$theirs/run" ffmpeg -nostdin -v error -y -i "$src/A001C001.mov" \
    -vf scale=960:540 -c:v libx264 -preset veryfast -crf 23 -g 50 -pix_fmt yuv420p -profile:v high \
    -c:a aac -b:a 128k -ac 2 -ar 48000 "$theirs/A001C001.mov"
  [ "$(video_frames "$theirs/A001C001.mov")" = "$src_frames" ] && [ "$(size_of "$theirs/A001C001.mov")" = 960x540 ] ||
    { echo "proxy.sh: ffmpeg's proxy is not $src_frames frames of 960x540" >&2; exit 1; }
  theirs_runs+=("$theirs/run.time")
  rm -f "$out"/*.mov "$out"/*.jpg "$theirs"/*.mov
done
ours=$(median_of "${ours_runs[@]}")
theirs=$(median_of "${theirs_runs[@]}")

echo
echo "1. one clip: ${seconds} s 1080p25 ProRes 422 HQ + PCM 24-bit → 960×540 H.264 + AAC ($(nproc) CPUs, median of $runs)"
report "ingestctl proxy" "$ours" "$src_frames"
report "ffmpeg (libx264, aac)" "$theirs" "$src_frames"
echo "   ours/ffmpeg wall: $(ratio "${ours%% *}" "${theirs%% *}") (target ≤ 1.0)"

# ---- 2. a roll ------------------------------------------------------------------

ours_runs=() theirs_runs=()
for ((r = 0; r < runs; r++)); do
  out="$tmp/ours-roll-$r"
  mkdir -p "$out"
  timed "$out/run" "$ingestctl" proxy "$roll" --out "$out" --preset web --no-burn-in --json
  roll_frames=$(check_ours "$out" "$n_clips")
  ours_runs+=("$out/run.time")

  theirs="$tmp/theirs-roll-$r"
  mkdir -p "$theirs"
  cat > "$theirs/roll.sh" <<EOF
for clip in "$roll"/*.mov; do
  ffmpeg -nostdin -v error -y -i "\$clip" -vf scale=960:540 -c:v libx264 -preset veryfast -crf 23 -g 50 \
    -pix_fmt yuv420p -profile:v high -c:a aac -b:a 128k -ac 2 -ar 48000 "$theirs/\$(basename "\$clip")" || exit 1
done
EOF
  timed "$theirs/run" bash "$theirs/roll.sh"
  theirs_runs+=("$theirs/run.time")
  rm -rf "$out"/*.mov "$out"/*.jpg "$theirs"/*.mov
done
ours=$(median_of "${ours_runs[@]}")
theirs=$(median_of "${theirs_runs[@]}")

echo
echo "2. a roll of $n_clips such clips ($((n_clips * seconds)) s), ours in parallel, ffmpeg one after the other (median of $runs)"
report "ingestctl proxy ROLL" "$ours" "$roll_frames"
report "ffmpeg × $n_clips" "$theirs" "$roll_frames"
echo "   ours/ffmpeg wall: $(ratio "${ours%% *}" "${theirs%% *}") (target ≤ 1.0)"
echo "   real time: ours $(awk -v w="${ours%% *}" -v s="$((n_clips * seconds))" 'BEGIN { printf "%.2f", s / w }')× (goal ≥ 2×)"
