#!/bin/bash
# Takes a screenshot of each page of the app in zh_CN, for the README and
# the metainfo: starts the reference service with demo data, runs the app
# under Xvfb with the AT-SPI bus, drives it with pyatspi
# (build-aux/screenshots.py) and writes data/screenshots/*.png.
#   build-aux/screenshots.sh [BUILD_DIR]      (default: build)
# Needs xvfb, dbus, python3-pyatspi, imagemagick (import) and xdotool.
# The part 2 shots stop and restart the service (a queued claim and its draft
# receipt, then a refused one for the attention page): about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:-build}"
ninja -C "$build" src/innovation-vouchers service/voucher-service \
  po/uninstalled/zh_CN/LC_MESSAGES/innovation-vouchers.mo >/dev/null
mkdir -p data/screenshots

# The window's default size (1024×720) is the whole screen: no window manager
MESON_BUILD_ROOT="$PWD/$build" OUT_DIR="$PWD/data/screenshots" \
  IV_UI_TEST_BUDGET="${IV_UI_TEST_BUDGET:-900}" \
  xvfb-run -a -s "-screen 0 1024x720x24" dbus-run-session -- \
  /usr/bin/python3 build-aux/screenshots.py
ls -l data/screenshots
