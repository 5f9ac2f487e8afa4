#!/bin/bash
# Installs what the app needs, builds it, starts the reference voucher
# service with demo data on a free loopback port and opens the app signed
# in to it.  The service's data lives in ~/.local/share/innovation-vouchers-demo
# (delete it to start over); the service stops when the app is closed.
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/install-deps.sh

if [ ! -d build ]; then
  meson setup build --buildtype=debugoptimized
fi
ninja -C build

data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/innovation-vouchers-demo"
mkdir -p "$data_dir"
fifo="$(mktemp -u)"
mkfifo "$fifo"
./build/service/voucher-service --listen 127.0.0.1:0 --data "$data_dir" --demo \
  --admin-token "demo-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" > "$fifo" &
service_pid=$!
trap 'kill "$service_pid" 2>/dev/null || true; rm -f "$fifo"' EXIT

read -r line < "$fifo"
url="${line#listening on }"
echo "Reference service: $url (demo accounts 91310115MA1K3A2B3J and team-demo, password Demo@2026)"

# The product speaks Chinese first: show the demo in zh_CN unless asked
# otherwise (IV_DEMO_LOCALE=C.UTF-8 for the English source strings).
export LC_ALL="${IV_DEMO_LOCALE:-zh_CN.UTF-8}"
export LANGUAGE="${LC_ALL%%.*}"
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
export IV_LOCALEDIR="$PWD/build/po/uninstalled"
./build/src/innovation-vouchers --service-url "$url" --demo
