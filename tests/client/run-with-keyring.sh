#!/bin/sh
# run-with-keyring.sh: runs a test in a private D-Bus session with an unlocked gnome-keyring
#
# The keyring lives in a temporary XDG_DATA_HOME (password "test"); the
# daemon runs in the foreground so that it is stopped by its pid afterwards,
# and without the tests' G_DEBUG=fatal-warnings (its own warnings are not ours).
set -eu

tmp=$(mktemp -d)
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
# Tells the test that a real secret service is there
export IV_TEST_KEYRING=1
mkdir -p -m 0700 "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$HOME"

status=0
dbus-run-session -- sh -c '
  printf test | env -u G_DEBUG gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring=$!
  i=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then echo "# gnome-keyring-daemon did not start" >&2; break; fi
    sleep 0.1
  done
  status=0
  "$@" || status=$?
  kill "$keyring" 2>/dev/null || true
  wait "$keyring" 2>/dev/null || true
  exit "$status"
' sh "$@" || status=$?

rm -rf "$tmp"
exit "$status"
