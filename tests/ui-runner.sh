#!/bin/sh
# ui-runner.sh PROGRAM [ARG…] — run a ui test on its own Xvfb display and
# session bus. Xvfb picks a free display itself (-displayfd), so ui tests can
# run in parallel; it is stopped by its PID when the program ends.
set -u

if ! command -v Xvfb >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "1..0 # SKIP Xvfb and dbus-run-session are needed (apt-get install xvfb dbus-daemon)"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ingest-ui-XXXXXX")
mkfifo "$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; rm -rf "$work"' EXIT

if ! read -r display <"$work/display" || [ -z "$display" ]; then
  echo "Bail out! Xvfb did not start:"
  sed 's/^/# /' "$work/xvfb.log"
  exit 1
fi

# The bus daemons (and the accessibility registry they start) print to stdout;
# only the program may write there, as its TAP output is read from it.
status=0
DISPLAY=":$display" GDK_BACKEND=x11 \
  dbus-run-session -- sh -c 'exec "$@" 1>&3 3>&-' sh "$@" 3>&1 1>&2 || status=$?
exit "$status"
