#!/bin/bash
# modern-lane.sh: build and test the project inside a Debian 13 (trixie) root
#
# The Flatpak runtime's GTK is much newer than Debian 12's, so the code behind
# GTK_CHECK_VERSION / ADW_CHECK_VERSION must be compiled and tested too.  This
# makes (once) a trixie folder with debootstrap, caches it, and runs the
# domain, client, receipt and ui suites in it with chroot.
#
# Usage: build-aux/modern-lane.sh [--rebuild] [--shell]
#   --rebuild   throw the cached root away and make a new one
#   --shell     after the tests, open a shell inside the root (debugging)
# Environment:
#   IV_MODERN_CACHE   cache folder (default /var/cache/innovation-vouchers)
#   IV_MODERN_MIRROR  Debian mirror (default: the one apt uses on this host)
#   IV_MODERN_SUITES  suites to run (default "domain client receipt ui")
#   IV_MODERN_JOBS    ninja/meson test jobs (default: nproc)
#   IV_MODERN_MESON_ARGS  extra options for meson setup (e.g. -Dservice=false)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/.." && pwd)
pkglist="$here/modern-lane/packages.txt"
suite=trixie
cache=${IV_MODERN_CACHE:-/var/cache/innovation-vouchers}
root="$cache/$suite-root"
stampfile="$root/.iv-modern-lane-stamp"
suites=${IV_MODERN_SUITES:-domain client receipt ui}
jobs=${IV_MODERN_JOBS:-$(nproc)}
meson_args=${IV_MODERN_MESON_ARGS:-}
rebuild=0
want_shell=0

for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=1 ;;
    --shell) want_shell=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "modern-lane: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

say() { printf 'modern-lane: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

if [ "$(id -u)" != 0 ]; then
  # The README's commands work through sudo: so does the lane
  command -v sudo >/dev/null || die "needs root (debootstrap, chroot and mount)"
  exec sudo --preserve-env=IV_MODERN_CACHE,IV_MODERN_MIRROR,IV_MODERN_SUITES,IV_MODERN_JOBS,IV_MODERN_MESON_ARGS,TERM "$0" "$@"
fi
for tool in debootstrap chroot mount umount flock sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' not found (apt-get install -y debootstrap util-linux coreutils)"
done
[ -r "$pkglist" ] || die "package list $pkglist missing"

# Run in a private mount namespace when we can: every mount then disappears
# with the process, even if it is killed; the trap below is the second line.
if [ -z "${IV_MODERN_UNSHARED:-}" ] && command -v unshare >/dev/null &&
   unshare --mount --propagation private true 2>/dev/null; then
  IV_MODERN_UNSHARED=1 exec unshare --mount --propagation private "$0" "$@"
fi

# The mirror apt already uses here, with suite trixie; deb822 and one-line formats
find_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(grep -hE '^[[:space:]]*(URIs:|deb[[:space:]])' "$f" 2>/dev/null |
          grep -oE '(https?|file)://[^[:space:]]+' |
          grep -E '/debian/?$' | grep -v -- '-security' | head -n1 || true)
    if [ -n "$uri" ]; then echo "${uri%/}"; return; fi
  done
  echo "http://deb.debian.org/debian"
}
mirror=${IV_MODERN_MIRROR:-$(find_mirror)}

packages=$(grep -vE '^[[:space:]]*(#|$)' "$pkglist" | tr -s '[:space:]' ' ')
stamp=$( { echo "$suite $mirror"; echo "$packages"; } | sha256sum | cut -d' ' -f1)

mkdir -p "$cache"
# One lane at a time per cache folder: the root is shared.  The lock is held
# by this shell only: every command that starts long-lived processes (the
# chroot, debootstrap) gets fd 9 closed, so a leftover Xvfb or dbus-daemon
# can never keep the next lane waiting.
exec 9>"$cache/.lock"
flock -w 3600 9 || die "another modern lane holds $cache/.lock"

# --- processes and mounts, always undone ---------------------------------------
# Whatever still runs inside the root (Xvfb, dbus-daemon, the AT-SPI bus, an
# app a test left) is found by its root directory and stopped: TERM, then KILL.
kill_root_processes() {  # kill_root_processes ROOT
  local r pids p sig tries
  r=$(readlink -f "$1" 2>/dev/null) || return 0
  for sig in TERM KILL; do
    pids=""
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/root" 2>/dev/null)" = "$r" ] && pids="$pids ${p#/proc/}"
    done
    [ -n "$pids" ] || return 0
    [ "$sig" = TERM ] && say "stopping what is left in the root:$pids"
    # shellcheck disable=SC2086
    kill -s "$sig" $pids 2>/dev/null || true
    for (( tries=0; tries<20; tries++ )); do
      local alive=""
      for p in $pids; do [ -d "/proc/$p" ] && alive="$alive $p"; done
      [ -n "$alive" ] || return 0
      sleep 0.25
    done
  done
}

mounted=()
cleanup() {
  local i
  kill_root_processes "$root"
  [ -d "$root.new" ] && kill_root_processes "$root.new"
  for (( i=${#mounted[@]}-1; i>=0; i-- )); do
    umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" 2>/dev/null ||
      say "warning: could not unmount ${mounted[$i]}"
  done
  mounted=()
}
trap cleanup EXIT

# Mounts left by a run killed outside a namespace: undo them before anything
if [ -r /proc/mounts ]; then
  awk -v c="$cache/" 'index($2, c) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
fi
trap 'exit 130' INT TERM

do_mount() {  # do_mount TARGET mount-args...
  local target=$1; shift
  mkdir -p "$target"
  mount "$@" "$target" || die "mount $* $target failed"
  mounted+=("$target")
}

mount_system() {  # mount_system ROOT
  local r=$1
  do_mount "$r/proc" -t proc proc
  do_mount "$r/sys" -t sysfs sysfs
  do_mount "$r/dev" --bind /dev
  # Never let a mount below the root's /dev propagate back to the host's
  mount --make-rslave "$r/dev" 2>/dev/null || true
  do_mount "$r/dev/pts" --bind /dev/pts
  do_mount "$r/dev/shm" -t tmpfs -o mode=1777 tmpfs
  do_mount "$r/tmp" -t tmpfs -o mode=1777 tmpfs
}

in_root() {  # in_root ROOT command...
  local r=$1; shift
  chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive "$@" 9>&-
}

# --- the cached root -----------------------------------------------------------
# The stamp is the hash of suite + mirror + package list.  When only the
# list changed (same suite and mirror), the packages are installed into the
# existing root instead of making it again.
base=$(echo "$suite $mirror" | sha256sum | cut -d' ' -f1)
basefile="$root/.iv-modern-lane-base"

install_packages() {  # install_packages ROOT
  local r=$1
  # shellcheck disable=SC2086
  { in_root "$r" apt-get update &&
    in_root "$r" apt-get install -y --no-install-recommends $packages; } \
    >"$cache/apt.log" 2>&1 || {
    tail -n 30 "$cache/apt.log" >&2
    die "installing the packages failed (full log: $cache/apt.log)"
  }
  sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' "$r/etc/locale.gen"
  grep -q '^zh_CN.UTF-8 UTF-8' "$r/etc/locale.gen" || echo 'zh_CN.UTF-8 UTF-8' >> "$r/etc/locale.gen"
  in_root "$r" locale-gen >/dev/null || die "locale-gen failed inside the root"
  in_root "$r" apt-get clean
}

t0=$(date +%s)
if [ "$rebuild" = 0 ] && [ -r "$stampfile" ] && [ "$(cat "$stampfile")" = "$stamp" ]; then
  say "reusing the cached $suite root ($root)"
elif [ "$rebuild" = 0 ] && [ -r "$basefile" ] && [ "$(cat "$basefile")" = "$base" ]; then
  say "the package list changed: updating the cached root"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  mount_system "$root"
  install_packages "$root"
  cleanup
  echo "$stamp" > "$stampfile"
  say "root updated in $(( $(date +%s) - t0 )) s"
else
  say "making the $suite root in $root from $mirror (first run: several minutes)"
  new="$root.new"
  rm -rf --one-file-system "$new" "$root.old"
  debootstrap --variant=minbase "$suite" "$new" "$mirror" >"$cache/debootstrap.log" 2>&1 9>&- || {
    tail -n 30 "$cache/debootstrap.log" >&2
    die "debootstrap failed (full log: $cache/debootstrap.log)"
  }
  cp /etc/resolv.conf "$new/etc/resolv.conf" 2>/dev/null || true
  # Documentation and man pages are not needed for a build root
  mkdir -p "$new/etc/dpkg/dpkg.cfg.d"
  printf 'path-exclude=/usr/share/doc/*\npath-exclude=/usr/share/man/*\npath-exclude=/usr/share/info/*\n' \
    > "$new/etc/dpkg/dpkg.cfg.d/01-iv-nodoc"
  mount_system "$new"
  install_packages "$new"
  cleanup
  echo "$base" > "$new/.iv-modern-lane-base"
  echo "$stamp" > "$new/.iv-modern-lane-stamp"
  # Swap in only when complete: a half-made root is never reused
  if [ -d "$root" ]; then mv "$root" "$root.old"; fi
  mv "$new" "$root"
  rm -rf --one-file-system "$root.old"
  say "root ready in $(( $(date +%s) - t0 )) s"
fi
t1=$(date +%s)

# --- build and test ----------------------------------------------------------
mount_system "$root"
do_mount "$root/src" --bind "$srcdir"
mount -o remount,bind,ro "$root/src" 2>/dev/null || say "warning: source stays writable inside the root"

say "versions inside the root:"
in_root "$root" sh -c 'for m in glib-2.0 gtk4 libadwaita-1 libsoup-3.0 json-glib-1.0 sqlite3 libqrencode; do
  printf "  %-14s %s\n" "$m" "$(pkg-config --modversion $m)"; done; printf "  %-14s %s\n" meson "$(meson --version)"' >&2

# The build folder lives in the root's tmpfs /tmp: nothing is written to the tree
cat > "$root/tmp/lane.sh" <<LANE
set -eu
meson setup /tmp/build /src --werror $meson_args >/tmp/setup.log 2>&1 || { cat /tmp/setup.log; exit 1; }
ninja -C /tmp/build -j $jobs
# Suites that do not exist (yet) are skipped with a note, not an error
have=\$(meson introspect --tests /tmp/build | python3 -c 'import json,sys; print(" ".join(sorted({s.split(":")[-1] for t in json.load(sys.stdin) for s in t["suite"]})))')
args=""
for s in $suites; do
  case " \$have " in
    *" \$s "*) args="\$args --suite \$s" ;;
    *) echo "modern-lane: suite \$s does not exist yet: skipped" ;;
  esac
done
# The AT-SPI scripts that do not pass on GTK 4.18 yet (tests/ui/meson.build,
# e2e_pending_on_gtk_4_18; docs/packaging.md) are the only ones left out
case " \$have " in
  *" ui-e2e-pending-gtk-4-18 "*) args="\$args --no-suite ui-e2e-pending-gtk-4-18" ;;
esac
[ -n "\$args" ] || { echo "modern-lane: none of the suites exist"; exit 0; }
# The ui suite includes the AT-SPI end-to-end scripts (ui-e2e): tests/ui/ivui.py
# matches accessible names in a form both GTK 4.8 and 4.18 agree on.
echo "\$(date +%s)" > /tmp/tests-start
export LANG=C.UTF-8
exec xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- \
  meson test -C /tmp/build --print-errorlogs --num-processes $jobs \$args
LANE

status=0
in_root "$root" sh /tmp/lane.sh || status=$?
t2=$(date +%s)
# Nothing the tests started may outlive them (nor hold the mounts)
kill_root_processes "$root"
if [ "$want_shell" = 1 ]; then in_root "$root" bash -l || true; fi
tt=$(cat "$root/tmp/tests-start" 2>/dev/null || echo "$t2")
times="root: $(( t1 - t0 )) s, build: $(( tt - t1 )) s, tests: $(( t2 - tt )) s, total: $(( t2 - t0 )) s"
if [ "$status" = 0 ]; then
  say "passed ($times)"
else
  # Keep the logs: the root's /tmp goes away with the mounts
  rm -rf "$cache/last-failure"
  mkdir -p "$cache/last-failure"
  cp -r "$root/tmp/build/meson-logs/." "$cache/last-failure/" 2>/dev/null || true
  say "FAILED with status $status ($times); logs in $cache/last-failure"
fi
exit "$status"
