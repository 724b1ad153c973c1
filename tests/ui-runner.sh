#!/bin/sh
# ui-runner.sh PROGRAM [ARG…] — run a ui test on its own Xvfb display and
# session bus. Xvfb picks a free display itself (-displayfd), so ui tests can
# run in parallel; it is stopped by its PID when the program ends.
#
# The program gets a fresh HOME (XDG dirs inside it), and a Secret Service on
# its bus: a new "login" keyring under that HOME, unlocked without a prompt by
# a password on stdin, stopped by its PID. Without it, D-Bus would activate
# gnome-keyring on the real HOME, which then waits for a prompt nobody answers.
set -u

# A missing tool fails the test by name: the ui suite must never pass by skipping.
for tool in Xvfb:xvfb dbus-run-session:dbus-daemon dbus-send:dbus-bin gnome-keyring-daemon:gnome-keyring; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "Bail out! ${tool%%:*} is not installed; the ui tests need it (apt-get install ${tool#*:}, or run ./station test)"
    exit 1
  fi
done

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

home="$work/home"
mkdir -p "$home/.local/share" "$home/.config" "$home/.cache" "$work/run"
chmod 700 "$work/run"

# Inside the session: the keyring daemon (its log goes under HOME, where a
# test can check that no secret reached it), then the program.
in_session='
  keyring_pid=
  if command -v gnome-keyring-daemon >/dev/null 2>&1; then
    printf %s ingest-ui-tests | gnome-keyring-daemon --foreground --unlock --components=secrets \
      >"$HOME/gnome-keyring.log" 2>&1 &
    keyring_pid=$!
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
      tries=$((tries + 1))
      if [ "$tries" -gt 100 ] || ! kill -0 "$keyring_pid" 2>/dev/null; then
        echo "ui-runner.sh: gnome-keyring-daemon did not start:" >&2
        cat "$HOME/gnome-keyring.log" >&2
        break
      fi
      sleep 0.05
    done
  fi
  status=0
  "$@" 1>&3 3>&- || status=$?
  if [ -n "$keyring_pid" ]; then
    kill "$keyring_pid" 2>/dev/null
    wait "$keyring_pid" 2>/dev/null
  fi
  exit "$status"'

# The bus daemons (and the accessibility registry they start) print to stdout;
# only the program may write there, as its TAP output is read from it.
status=0
DISPLAY=":$display" GDK_BACKEND=x11 HOME="$home" XDG_DATA_HOME="$home/.local/share" \
  XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$work/run" \
  dbus-run-session -- sh -c "$in_session" sh "$@" 3>&1 1>&2 || status=$?
exit "$status"
