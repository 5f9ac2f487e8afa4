#!/bin/bash
# Installs what the tests need, builds with warnings as errors and runs
# every suite: the main build under Xvfb with a D-Bus session and the AT-SPI
# bus, an ASan+UBSan build of the domain, service, client and faults suites,
# short fuzzer runs, and the Debian 13 (modern GTK) lane.
#
#   build-aux/test.sh                 everything
#   IV_SKIP_MODERN=1 build-aux/test.sh   without the Debian 13 lane
#   IV_SKIP_SANITIZERS=1 …               without the sanitizer build
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

step() { printf '\n=== %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

step "Installing Debian packages"
build-aux/install-deps.sh

results=()

run_meson_tests() {
  # $1: build dir; rest: meson test arguments.  Never stops the script, so
  # every lane reports; the summary at the end decides.
  local dir="$1"; shift
  set +e
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    dbus-run-session -- meson test -C "$dir" --print-errorlogs --num-processes 2 "$@"
  set -e
  results+=("$dir")
  return 0
}

step "Building (warnings are errors)"
meson setup build-ci --werror --buildtype=debugoptimized --wipe > /dev/null 2>&1 ||
  meson setup build-ci --werror --buildtype=debugoptimized
ninja -C build-ci

step "Running every suite"
run_meson_tests build-ci --no-suite bench

if [ -z "${IV_SKIP_SANITIZERS:-}" ]; then
  step "ASan + UBSan build: domain, service, client, faults"
  meson setup build-asan --werror --buildtype=debug -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fno-sanitize-recover=all --wipe > /dev/null 2>&1 ||
    meson setup build-asan --werror --buildtype=debug -Db_sanitize=address,undefined \
      -Db_lundef=false -Dc_args=-fno-sanitize-recover=all
  ninja -C build-asan
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run_meson_tests build-asan --suite domain --suite service --suite client --suite faults --suite receipt
  unset ASAN_OPTIONS UBSAN_OPTIONS
fi

if [ -x build-aux/run-fuzzers.sh ] && [ -z "${IV_SKIP_FUZZ:-}" ]; then
  step "Fuzzing (short runs)"
  set +e
  build-aux/run-fuzzers.sh "${IV_FUZZ_SECONDS:-20}"
  fuzz_rc=$?
  set -e
else
  fuzz_rc=0
fi

if [ -x build-aux/modern-lane.sh ] && [ -z "${IV_SKIP_MODERN:-}" ]; then
  step "Modern lane: Debian 13 (GTK 4.18, libadwaita 1.7)"
  set +e
  build-aux/modern-lane.sh
  modern_rc=$?
  set -e
else
  modern_rc=0
fi

step "Summary"
/usr/bin/python3 build-aux/test-summary.py "${results[@]}" \
  --extra "fuzzing:$fuzz_rc" --extra "modern-lane:$modern_rc"
