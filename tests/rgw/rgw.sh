#!/bin/sh
# rgw.sh — a throw-away single-node Ceph RADOS Gateway for the S3 tests.
#
#   rgw.sh start DIR MON_PORT RGW_PORT [OWNER_PID]
#   rgw.sh stop DIR
#   rgw.sh kill DIR mon|osd|rgw       (SIGKILL one daemon, for fault tests)
#
# Copyright 2026 The Ingest Station authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# One monitor, one BlueStore OSD on a sparse file, auth none, pool size 1 and
# radosgw (beast) — everything in DIR and listening on 127.0.0.1 only. The
# set-up facts come from shared/research/s3-server.md. "start" on a DIR that
# already holds a cluster starts the daemons that are not running on the same
# data and ports: after "kill DIR rgw" it brings back just the gateway (resume
# and fault tests). On success DIR/env holds RGW_ENDPOINT, RGW_ACCESS_KEY,
# RGW_SECRET_KEY and the daemons' PIDs; every daemon is stopped by its PID.
# When OWNER_PID is given, a watchdog stops the cluster and removes DIR once
# that process is gone (a crashed test binary must not leave daemons behind).
#
# Several clusters run side by side (two test runs, or a user's own Ceph):
# nothing is shared outside DIR (sockets, logs, the cluster log, keyrings),
# the user's CEPH_* settings are not read, each cluster has its own fsid and
# keys, and a daemon counts as up only when it listens on its port itself —
# a port another program took meanwhile fails the start with exit status 3
# ("port taken"), so the caller can pick others.
set -eu

uid=ingest-test
unset CEPH_ARGS CEPH_CONF CEPH_KEYRING

die () { echo "rgw.sh: $*" >&2; exit 1; }

# Whether process $1 listens on TCP port $2 of 127.0.0.1 itself (the
# listening socket in /proc/net/tcp is one of its descriptors).
listens () {
  [ -n "$1" ] || return 1
  hex=$(printf '0100007F:%04X' "$2")
  for inode in $(awk -v a="$hex" '$2 == a && $4 == "0A" { print $10 }' /proc/net/tcp); do
    for fd in /proc/"$1"/fd/*; do
      [ "$(readlink "$fd" 2>/dev/null)" = "socket:[$inode]" ] && return 0
    done
  done
  return 1
}

# Waits up to $3 seconds for daemon $1 to listen on port $2; a daemon that
# exits first could not bind it (status 3 when another program holds it).
wait_listening () {
  deadline=$(($(date +%s) + $3))
  until listens "$(pid_of "$1")" "$2"; do
    if ! alive "$(pid_of "$1")"; then
      if port_taken "$2" || grep -qs "Address already in use" "$dir/log/$1.out" "$dir/log/"*.log; then
        echo "rgw.sh: port $2 of 127.0.0.1 is taken by another program ($1 could not bind it)" >&2
        exit 3
      fi
      die "$1 exited (see $dir/log/$1.out and $dir/log)"
    fi
    [ "$(date +%s)" -ge "$deadline" ] && die "$1 did not listen on 127.0.0.1:$2 (see $dir/log)"
    sleep 0.05
  done
}

# Whether something listens on port $1 of 127.0.0.1 (or of every address);
# a port held by another program's outgoing connection shows in the logs.
port_taken () {
  awk -v a="$(printf '0100007F:%04X' "$1")" -v b="$(printf '00000000:%04X' "$1")" \
    '($2 == a || $2 == b) && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}

# Runs the command in $1 until it succeeds, for at most $2 seconds.
wait_for () {
  deadline=$(($(date +%s) + $2))
  until eval "$1" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}

write_conf () {
  cat > "$dir/ceph.conf" <<EOF
[global]
fsid = $(cat "$dir/fsid")
mon host = [v2:127.0.0.1:$mon_port]
public addr = 127.0.0.1
public network = 127.0.0.1/32
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
# With auth none radosgw otherwise hangs on get_initial_auth_request (-13).
ms mon client mode = crc
osd pool default size = 1
osd pool default min size = 1
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
# Cuts radosgw's first start (creating its pools) from ~9 s to ~0.5 s.
paxos propose interval = 0.01
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/run/\$name.ceph.pid
mon cluster log file = $dir/log/cluster.log
crash dir = $dir/crash
keyring = $dir/keyring
[mon]
mon data = $dir/mon
public addr = 127.0.0.1:$mon_port
[osd]
osd data = $dir/osd
osd objectstore = bluestore
# Outside the OSD directory, or "block" becomes a symlink to itself.
bluestore block path = $dir/osd-block
bluestore block create = true
bluestore block size = 21474836480
# Each close of the block file otherwise waits out a 250 ms poll.
bdev aio poll ms = 10
osd memory target = 939524096
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $dir/rgw
rgw thread pool size = 64
EOF
}

start_daemon () {  # name, then the command; a daemon still running is kept
  name=$1; shift
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && alive "$pid"; then return 0; fi
  "$@" -f -c "$dir/ceph.conf" </dev/null >>"$dir/log/$name.out" 2>&1 &
  echo $! > "$dir/run/$name.pid"
}

pid_of () { cat "$dir/run/$1.pid" 2>/dev/null || true; }

# A daemon that exited may stay a zombie until init reaps it: that counts as gone.
alive () { kill -0 "$1" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

stop_daemon () {  # name, signal, seconds to wait before SIGKILL
  pid=$(pid_of "$1")
  [ -n "$pid" ] || return 0
  kill "-$2" "$pid" 2>/dev/null || true
  n=0
  while alive "$pid" && [ "$n" -lt "$(($3 * 20))" ]; do
    sleep 0.05; n=$((n + 1))
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/run/$1.pid"
}

start () {
  mkdir -p "$dir/run" "$dir/log"
  fresh=false
  if [ ! -f "$dir/fsid" ]; then
    fresh=true
    uuidgen > "$dir/fsid"
    uuidgen > "$dir/osd-uuid"
    echo "$mon_port $rgw_port" > "$dir/ports"
    # Keys of this cluster only: a client sent to another cluster's gateway
    # is refused there instead of silently working on the wrong data.
    echo "INGEST$(uuidgen | tr -d - | tr a-f A-F | cut -c1-14) $(uuidgen | tr -d -)" > "$dir/keys"
  fi
  # The monmap holds the monitor's port: a restart keeps the first ports.
  read -r mon_port rgw_port < "$dir/ports"
  read -r access_key secret_key < "$dir/keys"
  write_conf
  ceph="ceph -c $dir/ceph.conf --connect-timeout 3"

  if $fresh; then
    monmaptool --create --fsid "$(cat "$dir/fsid")" \
      --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
    : > "$dir/keyring"
    ceph-mon -c "$dir/ceph.conf" -i a --mkfs --monmap "$dir/monmap" \
      >"$dir/log/mkfs-mon.out" 2>&1 || die "ceph-mon --mkfs failed (see $dir/log)"
  fi
  start_daemon mon ceph-mon -i a
  wait_listening mon "$mon_port" 120
  wait_for "$ceph mon stat" 30 || die "the monitor did not answer (see $dir/log)"

  if $fresh; then
    $ceph osd new "$(cat "$dir/osd-uuid")" 0 >/dev/null
    mkdir -p "$dir/osd"
    ceph-osd -c "$dir/ceph.conf" -i 0 --mkfs --osd-uuid "$(cat "$dir/osd-uuid")" \
      >"$dir/log/mkfs-osd.out" 2>&1 || die "ceph-osd --mkfs failed (see $dir/log)"
  fi
  start_daemon osd ceph-osd -i 0
  wait_for "$ceph osd stat | grep -q '1 up'" 60 || die "the OSD did not come up (see $dir/log)"

  if $fresh; then
    radosgw-admin -c "$dir/ceph.conf" user create --uid=$uid --display-name="Ingest test" \
      --access-key=$access_key --secret=$secret_key >"$dir/log/user.out" 2>&1 \
      || die "radosgw-admin user create failed (see $dir/log/user.out)"
  fi
  mkdir -p "$dir/rgw"
  start_daemon rgw radosgw -n client.rgw.a
  wait_listening rgw "$rgw_port" 120
  # Any HTTP answer means the gateway is serving (anonymous GET / is allowed).
  wait_for "curl -s -m 2 -o /dev/null --noproxy '*' http://127.0.0.1:$rgw_port/" 60 \
    || die "radosgw did not answer on 127.0.0.1:$rgw_port (see $dir/log)"

  cat > "$dir/env.tmp" <<EOF
RGW_ENDPOINT=http://127.0.0.1:$rgw_port
RGW_ACCESS_KEY=$access_key
RGW_SECRET_KEY=$secret_key
RGW_UID=$uid
RGW_CONF=$dir/ceph.conf
RGW_MON_PID=$(pid_of mon)
RGW_OSD_PID=$(pid_of osd)
RGW_RGW_PID=$(pid_of rgw)
EOF
  mv "$dir/env.tmp" "$dir/env"

  wd=$(pid_of watchdog)
  if [ -n "$wd" ]; then kill "$wd" 2>/dev/null || true; fi
  if [ -n "${owner_pid:-}" ]; then
    # The watchdog's own stdio must not hold the caller's pipes open.
    (
      while alive "$owner_pid" && [ -f "$dir/env" ]; do sleep 1; done
      if [ -f "$dir/env" ]; then "$0" stop "$dir"; rm -rf "$dir"; fi
    ) </dev/null >/dev/null 2>&1 &
    echo $! > "$dir/run/watchdog.pid"
  fi
}

stop () {
  rm -f "$dir/env"
  # radosgw first: it exits in ~0.2 s while mon and OSD are up, ~5 s otherwise.
  # Soon after its start it can take 5 s even so; everything it acknowledged
  # is already in RADOS, so it gets one second before SIGKILL.
  stop_daemon rgw TERM 1
  stop_daemon osd TERM 5
  stop_daemon mon TERM 5
  wd=$(pid_of watchdog)
  if [ -n "$wd" ] && [ "$wd" != "$$" ] && [ "$wd" != "$PPID" ]; then
    kill "$wd" 2>/dev/null || true
  fi
  rm -f "$dir/run/watchdog.pid"
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "$cmd" in
  start)
    mon_port=${3:?MON_PORT missing}
    rgw_port=${4:?RGW_PORT missing}
    owner_pid=${5:-}
    if [ ! -f "$dir/ports" ]; then
      [ "$mon_port" -gt 0 ] && [ "$rgw_port" -gt 0 ] || die "a new cluster needs two free ports"
    fi
    for p in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph uuidgen curl; do
      command -v "$p" >/dev/null 2>&1 || die "$p is not installed (apt-get install ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl)"
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    status=0
    (start) || status=$?
    [ "$status" -eq 0 ] || { stop; exit "$status"; }
    ;;
  stop)
    dir=$(cd "$dir" && pwd)
    stop
    ;;
  kill)
    dir=$(cd "$dir" && pwd)
    stop_daemon "${3:?daemon name missing}" KILL 5
    ;;
  *)
    die "unknown command $cmd"
    ;;
esac
