#!/bin/sh
# Builds the libFuzzer targets with clang and runs each for a few seconds.
#
#   build-aux/run-fuzzers.sh [SECONDS]     (default 30 per target)
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (default 1).
# Each target starts from a copy of tests/fuzz/corpus/<target>/ so that the
# committed seeds stay small; crashes are kept in $FUZZ_BUILD_DIR/artifacts/.
# Exits non-zero on any crash, leak, sanitizer report or timeout.
set -eu

seconds=${1:-30}
case $seconds in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

src=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}
jobs=${FUZZ_JOBS:-1}

if ! command -v clang >/dev/null 2>&1; then
  echo "run-fuzzers: clang is needed (apt-get install clang)" >&2
  exit 2
fi

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$src" \
    -Dfuzzing=true -Dtests=true -Dbuildtype=debugoptimized -Db_lundef=false
fi

build=$(cd "$build" && pwd)

targets=""
for t in fuzz-money fuzz-validate fuzz-models; do
  if [ -f "$src/tests/fuzz/$t.c" ]; then
    targets="$targets $t"
  fi
done
if [ -z "$targets" ]; then
  echo "run-fuzzers: no targets in tests/fuzz/" >&2
  exit 2
fi

# Build only the fuzz targets (the rest of the tree is not needed)
# shellcheck disable=SC2046
ninja -C "$build" $(for t in $targets; do printf 'tests/fuzz/%s ' "$t"; done)

work=$(mktemp -d "${TMPDIR:-/tmp}/iv-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$build/artifacts"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export G_DEBUG="${G_DEBUG:-fatal-criticals}"

status=0
summary=""
for t in $targets; do
  mkdir -p "$work/$t"
  if [ -d "$src/tests/fuzz/corpus/$t" ]; then
    cp -R "$src/tests/fuzz/corpus/$t/." "$work/$t/"
  fi
  extra=""
  if [ -f "$src/tests/fuzz/$t.dict" ]; then
    extra="-dict=$src/tests/fuzz/$t.dict"
  fi
  if [ "$jobs" -gt 1 ]; then
    # libFuzzer writes one fuzz-N.log per job into the current directory
    extra="$extra -jobs=$jobs -workers=$jobs"
  fi

  echo "== $t: ${seconds}s"
  log="$work/$t.log"
  # shellcheck disable=SC2086
  if (cd "$work" && "$build/tests/fuzz/$t" $extra \
       -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$t-" \
       "$work/$t" >"$log" 2>&1 && { [ "$jobs" -le 1 ] || ! grep -q 'ERROR: \|Test unit written' "$work"/fuzz-*.log; }); then
    result=ok
  else
    result=FAILED
    status=1
    tail -n 60 "$log" >&2
    cat "$work"/fuzz-*.log 2>/dev/null | tail -n 60 >&2
  fi
  execs=$(cat "$log" "$work"/fuzz-*.log 2>/dev/null |
          sed -n 's/^stat::number_of_executed_units: *//p' | awk '{ s += $1 } END { print s + 0 }')
  rm -f "$work"/fuzz-*.log
  corpus=$(find "$work/$t" -type f | wc -l)
  summary="$summary$t: $result, $execs execs, corpus $corpus
"
done

printf '\n%s' "$summary"
exit $status
