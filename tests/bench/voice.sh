#!/usr/bin/env bash
# The board's voice, timed (not run by ctest): builds layso-bench-voice (Release, no
# sanitizers) in build-bench-voice/ and runs it 3 times; each run starts espeak-ng, then
# times ROUNDS cold announcements of "A1002 đến quầy số 3" (the word cache emptied before
# each, so every word is synthesised) and 20 × ROUNDS cached ones (A1001…A1999 at counters
# 1–7), then synthesises every word once. Prints the machine and every run's figures.
# Usage: tests/bench/voice.sh [ROUNDS, default 50]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-50}
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 1 ] || { echo "usage: $0 [rounds]" >&2; exit 2; }

build="$root/build-bench-voice"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLAYSO_SANITIZE=OFF -DLAYSO_WERROR=OFF \
  -DBUILD_TESTING=OFF -DLAYSO_BUILD_KIOSK=OFF >/dev/null
cmake --build "$build" --target layso-bench-voice -j2 >/dev/null

echo "== machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
  "Linux $(uname -r), espeak-ng $(dpkg-query -W -f='${Version}' libespeak-ng1 2>/dev/null)," \
  "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
for run in 1 2 3; do
  echo "== run $run"
  "$build/server/voice/layso-bench-voice" "$rounds"
done
