#!/usr/bin/env bash
# The same workload on SQLite and on PostgreSQL, with 1 and 3 layso-server processes (issue 12).
# Not run by ctest. Usage: tests/bench/backends.sh [seconds per wrk run, default 5] [rounds, default 3]
#
# Release build without sanitizers (build-bench/, as run.sh). Per configuration and round: a
# fresh database (SQLite: a temp file, WAL, synchronous=FULL; PostgreSQL: a new database on a
# private cluster started here with tests/pg/cluster.sh, synchronous_commit=on), N servers
# with tests/bench/seed.json and --dev (no rate limits), then 64 connections in all spread
# over the N servers (one wrk per server, run at once): GET slots, then POST bookings (a
# distinct CCCD per request, all on one slot of one day: every booking contends for the same
# rows). Requests/s are summed over the servers, p99 is the worst server's. The medians of
# the rounds are printed side by side.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${1:-5}
rounds=${2:-3}
connections=64
pg_port=54349

command -v wrk >/dev/null || { echo "backends.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
build="$root/build-bench"
echo "== building layso-server (Release, no sanitizers) in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLAYSO_SANITIZE=OFF -DLAYSO_WERROR=OFF \
  -DBUILD_TESTING=OFF -DLAYSO_BUILD_KIOSK=OFF >/dev/null
cmake --build "$build" --target layso-server -j2 >/dev/null
bin="$build/server/layso-server"

tmp=$(mktemp -d /tmp/layso-backends-XXXXXX)
chmod 755 "$tmp"   # the cluster runs as postgres inside it
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$root/tests/pg/cluster.sh" stop "$tmp/pg" "$pg_port" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
conninfo=$("$root/tests/pg/cluster.sh" start "$tmp/pg" "$pg_port")
pg_uri() { echo "postgresql:///$1?host=$tmp/pg&port=$pg_port&user=postgres"; }
figs="$tmp/figures"

start_servers() {  # start_servers BACKEND N DIR: sets urls[]
  local spec=$1 n=$2 dir=$3
  if [ "$spec" = postgresql ]; then
    local db="bench_$RANDOM$RANDOM"
    psql -X -q -d "$conninfo" -c "CREATE DATABASE $db"
    spec=$(pg_uri "$db")
  else
    spec="sqlite:$dir/bench.db"
  fi
  urls=()
  for i in $(seq 1 "$n"); do
    "$bin" --db "$spec" --listen 127.0.0.1:0 --seed "$here/seed.json" --dev \
      --clock 2025-09-25T10:00:00+07:00 >"$dir/stdout-$i" 2>"$dir/stderr-$i" &
    pids+=($!)
    for _ in $(seq 1 300); do grep -qs '^listening on ' "$dir/stdout-$i" && break; sleep 0.1; done
    urls+=("$(sed -n 's/^listening on //p' "$dir/stdout-$i")")
    [ -n "${urls[-1]}" ] || { echo "server $i did not start: $(tail -n3 "$dir/stderr-$i")" >&2; exit 1; }
  done
}

stop_servers() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" || true; done
  pids=()
}

# run_all LABEL ROUND KEY SCRIPT PATH: one wrk per server at once; records rps (sum), p99 (max)
run_all() {
  local n=${#urls[@]} c=$((connections / ${#urls[@]})) t=1 i=0 wp=()
  [ "$n" -eq 1 ] && t=2
  for u in "${urls[@]}"; do
    BENCH_TID_BASE=$((i * 10)) wrk -t"$t" -c"$c" -d"${duration}s" -s "$here/$4" "$u$5" \
      >"$BENCH_TMP/wrk-$3-$i.log" 2>&1 &
    wp+=($!)
    i=$((i + 1))
  done
  for p in "${wp[@]}"; do wait "$p"; done
  cat "$BENCH_TMP"/wrk-"$3"-*.log | awk -v l="$1" -v r="$2" -v k="$3" '
    /^RESULT / { for (f = 3; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
                 rps += v["rps"]; if (v["p99_ms"] > p99) p99 = v["p99_ms"]; bad += v["non2xx"] + v["sockerr"] }
    END { printf "%s %s %s.rps %.0f\n%s %s %s.p99 %.1f\n%s %s %s.bad %d\n", l, r, k, rps, l, r, k, p99, l, r, k, bad }' >>"$figs"
}

for round in $(seq 1 "$rounds"); do
  for cfg in sqlite:1 postgresql:1 postgresql:3; do
    backend=${cfg%:*} n=${cfg#*:} label="$backend×$n"
    export BENCH_DIR="$here" BENCH_TMP="$tmp/$backend-$n-$round"
    mkdir -p "$BENCH_TMP"
    echo "== round $round: $label" >&2
    start_servers "$backend" "$n" "$BENCH_TMP"
    run_all "$label" "$round" slots slots.lua "/api/v1/units/bench-unit/slots?date=2025-09-26&field=chung-thuc"
    run_all "$label" "$round" bookings book.lua /api/v1/bookings
    stop_servers
    # any answer but 201, and what the servers logged about it
    if cat "$BENCH_TMP"/other-*.txt 2>/dev/null | grep -q .; then
      echo "   $label: answers other than 201: $(sort "$BENCH_TMP"/other-*.txt | uniq -c | tr '\n' ' ')" >&2
      grep -h -v 'WARNING: --dev' "$BENCH_TMP"/stderr-* | sort | uniq -c | head -n 5 >&2 || true
    fi
  done
done

median() {  # median LABEL KEY
  awk -v l="$1" -v k="$2" '$1 == l && $3 == k { print $4 }' "$figs" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
echo
echo "cpus: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg); wrk ${duration}s x $rounds rounds, $connections connections in all"
printf '%-16s %12s %10s %12s %10s %8s\n' configuration "slots req/s" "slots p99" "book req/s" "book p99" errors
for l in "sqlite×1" "postgresql×1" "postgresql×3"; do
  printf '%-16s %12s %8sms %12s %8sms %8s\n' "$l" "$(median "$l" slots.rps)" "$(median "$l" slots.p99)" \
    "$(median "$l" bookings.rps)" "$(median "$l" bookings.p99)" "$(median "$l" bookings.bad)"
done
