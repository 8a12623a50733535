#!/usr/bin/env bash
# layso-server benchmark (not run by ctest): a Release build, a temp SQLite database and
# tests/bench/seed.json (huge capacities), then wrk at 64 connections against
#   health (the ceiling), slot listing, booking creation (durable, distinct CCCDs),
#   kiosk check-in by code (the codes just booked, dev clock inside their window).
# Usage: tests/bench/run.sh [seconds per run, default 10]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${1:-10}
connections=64
threads=2   # book.lua and checkin.lua pair their threads by number: keep the same -t

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk
fi

build="$root/build-bench"
echo "== building layso-server (Release, no sanitizers) in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLAYSO_SANITIZE=OFF \
  -DLAYSO_WERROR=OFF -DBUILD_TESTING=OFF -DLAYSO_BUILD_KIOSK=OFF >/dev/null
cmake --build "$build" --target layso-server -j2 >/dev/null
server="$build/server/layso-server"

tmp=$(mktemp -d /tmp/layso-bench-XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$server" --db "sqlite:$tmp/bench.db" --listen 127.0.0.1:0 --seed "$here/seed.json" \
  --dev --clock 2025-09-25T10:00:00+07:00 >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
for _ in $(seq 1 300); do
  grep -q '^listening on ' "$tmp/stdout" && grep -q '^kiosk token: ' "$tmp/stdout" && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "layso-server died while starting:" >&2; cat "$tmp/stderr" >&2; exit 1
  fi
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$tmp/stdout" | head -n1)
token=$(sed -n 's/^kiosk token: //p' "$tmp/stdout" | head -n1)
[ -n "$url" ] && [ -n "$token" ] || { echo "no listening/token line" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_DIR="$here" BENCH_TMP="$tmp" BENCH_TOKEN="$token"
results="$tmp/results"
run() {   # run NAME SCRIPT PATH
  echo "== $1: wrk -t$threads -c$connections -d${duration}s $url$3" >&2
  wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$here/$2" "$url$3" \
    | tee -a "$tmp/wrk.log" | grep '^RESULT' | tee -a "$results" >&2
}

run health health.lua /api/v1/health
run slots slots.lua "/api/v1/units/bench-unit/slots?date=2025-09-26&field=chung-thuc"
run bookings book.lua /api/v1/bookings
curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"now":"2025-09-26T07:10:00+07:00"}' "$url/api/v1/dev/clock" >/dev/null
run checkin checkin.lua /api/v1/kiosk/checkin

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
booked=$(cat "$tmp"/codes-*.txt | wc -l)

field() { # field NAME KEY
  sed -n "s/^RESULT $1 .*$2=\([0-9.]*\).*/\1/p" "$results"
}
echo
echo "== machine"
echo "cpus: $(nproc); cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
echo "kernel: $(uname -sr); $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2)"
echo "load before the runs: $load_before (a shared machine: compare runs at similar load)"
echo
echo "== results (wrk -t$threads -c$connections -d${duration}s; latency in ms)"
printf '%-10s %10s %10s %10s %10s %8s %8s\n' run requests req/s p50 p99 non2xx sockerr
for name in health slots bookings checkin; do
  printf '%-10s %10s %10s %10s %10s %8s %8s\n' "$name" "$(field $name requests)" \
    "$(field $name rps)" "$(field $name p50_ms)" "$(field $name p99_ms)" \
    "$(field $name non2xx)" "$(field $name sockerr)"
done
echo "bookings answered 201: $booked; server exit status on SIGTERM: $status"
echo
echo "== ratios"
awk -v h="$(field health rps)" -v s="$(field slots rps)" -v b="$(field bookings rps)" \
    -v bp="$(field bookings p99_ms)" -v c="$(field checkin rps)" -v cp="$(field checkin p99_ms)" \
  'BEGIN {
     printf "slots / health:            %.2f\n", s / h
     printf "bookings/s vs 5,000:       %.2f (%s)\n", b / 5000, (b >= 5000 ? "meets" : "below")
     printf "bookings p99 vs 20 ms:     %.2f (%s)\n", bp / 20, (bp <= 20 ? "meets" : "above")
     printf "check-ins p99 vs 20 ms:    %.2f (%s)\n", cp / 20, (cp <= 20 ? "meets" : "above")
     printf "check-ins/s vs 5,000:      %.2f\n", c / 5000
   }'
