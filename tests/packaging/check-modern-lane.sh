#!/bin/sh
# check-modern-lane.sh: the modern lane script parses and asks for what the lane needs
set -eu
src=${MESON_SOURCE_ROOT:?}
script="$src/build-aux/modern-lane.sh"
list="$src/build-aux/modern-lane/packages.txt"
bash -n "$script" || { echo "FAIL: $script does not parse"; exit 1; }
"$script" --help >/dev/null || { echo "FAIL: $script --help"; exit 1; }
status=0
for p in meson ninja-build gcc pkg-config libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev \
         libsqlite3-dev libsecret-1-dev libqrencode-dev libcairo2-dev libpango1.0-dev libsodium-dev gettext \
         xvfb xauth dbus at-spi2-core python3-pyatspi poppler-utils zbar-tools fonts-noto-cjk fonts-wqy-microhei gnome-keyring \
         desktop-file-utils appstream locales openssl xdotool; do
  grep -qx "$p" "$list" || { echo "FAIL: $list lacks $p"; status=1; }
done
# The ui suite runs in the lane, the AT-SPI end-to-end scripts included; the
# only ones left out are those tests/ui/meson.build names as pending on GTK 4.18
if grep -o -- '--no-suite [^ "]*' "$script" | grep -qv -- '--no-suite ui-e2e-pending-gtk-4-18'; then
  echo "FAIL: $script leaves tests of the ui suite out (--no-suite)"; status=1
fi
# The lock must not leak into what the lane starts (a leftover Xvfb would hold it)
grep -qE 'chroot .*9>&-|"\$@" 9>&-' "$script" || { echo "FAIL: $script lets the chroot inherit the lock (fd 9)"; status=1; }
grep -q 'kill_root_processes "\$root"' "$script" || { echo "FAIL: $script does not stop what it started in the root"; status=1; }
[ "$status" = 0 ] && echo "ok: $script"
exit "$status"
