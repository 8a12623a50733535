#!/usr/bin/env bash
# A release build of the binaries must not carry the build machine's source path (an asset
# fallback, __FILE__, debug info): builds layso-server and layso-kiosk with
# CMAKE_BUILD_TYPE=Release and RelWithDebInfo from this source tree, out of tree, and looks
# for the path with strings(1). The build itself checks it too (layso_check_no_source_path);
# this test also catches the check going missing.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for type in Release RelWithDebInfo; do
  b="$work/$type"
  cmake -S "$src" -B "$b" -DCMAKE_BUILD_TYPE=$type -DBUILD_TESTING=OFF >"$work/cmake.log" 2>&1 ||
    { cat "$work/cmake.log"; fail "cmake ($type)"; }
  targets=(layso-server layso-say)
  [ -d "$b/kiosk" ] && targets+=(layso-kiosk)
  for t in "${targets[@]}"; do
    cmake --build "$b" -j2 --target "$t" >"$work/build.log" 2>&1 ||
      { tail -20 "$work/build.log"; fail "building $t ($type)"; }
    bin=$(find "$b" -name "$t" -type f -perm -u+x | head -1)
    [ -n "$bin" ] || fail "no $t binary ($type)"
    # grep -q stops reading at the first hit: under pipefail the writer's SIGPIPE would turn
    # a hit into "not found", so the whole output is read first
    if strings -a "$bin" | grep -F -- "$src" >/dev/null; then
      strings -a "$bin" | grep -F -- "$src" | head -5 >&2
      fail "$t ($type) holds the source path $src"
    fi
  done
done
echo "PASS no source path in release binaries"
