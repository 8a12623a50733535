#!/usr/bin/env bash
# The same workload on SQLite and on PostgreSQL, with 1 and 3 layso-server processes (issue 12).
# Not run by ctest. Usage: tests/bench/backends.sh [seconds per wrk run, default 5] [rounds, default 3]
#
# Release build without sanitizers (build-bench/, as run.sh). Per configuration and round: a
# fresh database (SQLite: a temp file, WAL, synchronous=FULL; PostgreSQL: a new database on a
# private cluster started here with tests/pg/cluster.sh, synchronous_commit=on), N servers
# with tests/bench/seed.json and --dev (no rate limits), then 64 connections in all from three
# wrk spread over the N servers (run_all): GET slots, then POST bookings (a
# distinct CCCD per request, all on one slot of one day: every booking contends for the same
# rows), then POST kiosk/checkin of the codes just booked (the clock moved into their
# check-in window). Requests/s are summed over the wrk, p99 is the worst wrk's. Then,
# on a fresh database seeded with --seed-demo, "next" with calling.py: the demo's 7 counters
# spread over the N servers, each pressing "next" as fast as it can while kiosk clients keep
# 20 tickets waiting per field (a counter whose field ran dry for a moment gets queue_empty:
# not an error). The medians of the rounds are printed side by side.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${1:-5}
rounds=${2:-3}
connections=64
clients=3 # wrk processes, whatever the number of servers (run_all)
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

start_servers() {  # start_servers BACKEND N DIR SEED_ARG… : sets urls[], token, password
  local spec=$1 n=$2 dir=$3
  shift 3
  if [ "$spec" = postgresql ]; then
    local db="bench_$RANDOM$RANDOM"
    psql -X -q -d "$conninfo" -c "CREATE DATABASE $db"
    spec=$(pg_uri "$db")
  else
    spec="sqlite:$dir/bench.db"
  fi
  urls=()
  for i in $(seq 1 "$n"); do
    # no per-address limit: every client is on 127.0.0.1 and its 64 connections are exactly
    # the default limit, which a connection the server has not yet seen close pushes one over
    # (read errors in the slots run with three wrk on one server; none in 3 rounds without)
    "$bin" --db "$spec" --listen 127.0.0.1:0 --dev --connections-per-address 0 "$@" \
      >"$dir/stdout-$i" 2>"$dir/stderr-$i" &
    pids+=($!)
    for _ in $(seq 1 300); do grep -qs '^listening on ' "$dir/stdout-$i" && break; sleep 0.1; done
    urls+=("$(sed -n 's/^listening on //p' "$dir/stdout-$i")")
    [ -n "${urls[-1]}" ] || { echo "server $i did not start: $(tail -n3 "$dir/stderr-$i")" >&2; exit 1; }
  done
  # the first process seeds the database and prints what it made
  token=$(sed -n 's/^kiosk token: //p' "$dir/stdout-1" | head -n1)
  password=$(sed -n 's/^staff login: [^ ]* //p' "$dir/stdout-1" | head -n1)
}

set_clocks() {  # set_clocks RFC3339: every server's dev clock
  for u in "${urls[@]}"; do
    curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"now\":\"$1\"}" \
      "$u/api/v1/dev/clock" >/dev/null
  done
  sleep 0.2 # curl's connections count against 127.0.0.1's limit until the servers see them go
}

# run_next LABEL ROUND: calling.py over every server; records next.rps, next.p99, next.bad
run_next() {
  local out="$BENCH_TMP/calling.out" line
  python3 "$here/calling.py" "$(IFS=,; echo "${urls[*]}")" --password "$password" \
    --token "$token" --seconds "$duration" --depths 20 >"$out" 2>"$BENCH_TMP/calling.err" ||
    { echo "calling.py failed: $(tail -n2 "$BENCH_TMP/calling.err")" >&2; exit 1; }
  line=$(grep '^depth=' "$out" | head -n1)
  awk -v l="$1" -v r="$2" '{ for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] } }
    END { sub("ms", "", v["p99"]); n = split(v["other"], o, ","); bad = 0
          for (i = 1; i <= n; i++) if (o[i] != "none" && o[i] !~ /queue_empty/) { split(o[i], kv, ":"); bad += kv[2] }
          printf "%s %s next.rps %s\n%s %s next.p99 %s\n%s %s next.bad %d\n",
          l, r, v["calls_per_s"], l, r, v["p99"], l, r, bad }' \
    <<<"$line" >>"$figs"
}

stop_servers() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" || true; done
  pids=()
}

# run_all LABEL ROUND KEY SCRIPT PATH: the same clients in every configuration, three wrk of
# one thread each, run at once, wrk i on server i mod N (one server: all three on it); records
# rps (sum), p99 (max). Before, one server had one wrk of two threads and three servers three
# of one: the client side differed along with the server side. The connections are shared out
# whole (22, 21, 21): the clients are closed-loop, so one connection fewer would be that much
# less offered load.
run_all() {
  local n=${#urls[@]} c i wp=()
  for i in $(seq 0 $((clients - 1))); do
    c=$(((connections + clients - 1 - i) / clients))
    BENCH_TID_BASE=$((i * 10)) wrk -t1 -c"$c" -d"${duration}s" -s "$here/$4" "${urls[i % n]}$5" \
      >"$BENCH_TMP/wrk-$3-$i.log" 2>&1 &
    wp+=($!)
  done
  for p in "${wp[@]}"; do wait "$p"; done
  cat "$BENCH_TMP"/wrk-"$3"-*.log | awk -v l="$1" -v r="$2" -v k="$3" '
    /^RESULT / { for (f = 3; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
                 rps += v["rps"]; if (v["p99_ms"] > p99) p99 = v["p99_ms"]; bad += v["non2xx"] + v["sockerr"] }
    END { printf "%s %s %s.rps %.0f\n%s %s %s.p99 %.1f\n%s %s %s.bad %d\n", l, r, k, rps, l, r, k, p99, l, r, k, bad }' >>"$figs"
}

# Each round starts one configuration later than the one before (round 2: PostgreSQL ×1,
# ×3, SQLite), so that none always runs first, or always after a given other one.
configs=(sqlite:1 postgresql:1 postgresql:3)
for round in $(seq 1 "$rounds"); do
  first=$(((round - 1) % ${#configs[@]}))
  for cfg in "${configs[@]:first}" "${configs[@]:0:first}"; do
    backend=${cfg%:*} n=${cfg#*:} label="$backend×$n"
    export BENCH_DIR="$here" BENCH_TMP="$tmp/$backend-$n-$round"
    mkdir -p "$BENCH_TMP"
    echo "== round $round: $label" >&2
    start_servers "$backend" "$n" "$BENCH_TMP" --seed "$here/seed.json" \
      --clock 2025-09-25T10:00:00+07:00
    run_all "$label" "$round" slots slots.lua "/api/v1/units/bench-unit/slots?date=2025-09-26&field=chung-thuc"
    run_all "$label" "$round" bookings book.lua /api/v1/bookings
    set_clocks 2025-09-26T07:10:00+07:00
    export BENCH_TOKEN=$token
    run_all "$label" "$round" checkin checkin.lua /api/v1/kiosk/checkin
    stop_servers
    mkdir -p "$BENCH_TMP/next"
    start_servers "$backend" "$n" "$BENCH_TMP/next" --seed-demo --clock 2025-09-25T09:00:00+07:00
    run_next "$label" "$round"
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
printf '%-14s' configuration
for k in slots bookings checkin next; do printf ' %9s %8s' "$k/s" p99; done
printf ' %6s\n' errors
for l in "sqlite×1" "postgresql×1" "postgresql×3"; do
  printf '%-14s' "$l"
  bad=0
  for k in slots bookings checkin next; do
    printf ' %9s %6sms' "$(median "$l" $k.rps)" "$(median "$l" $k.p99)"
    b=$(median "$l" $k.bad); [ "$b" = - ] || bad=$((bad + b))
  done
  printf ' %6s\n' "$bad"
done
one=$(median "sqlite×1" bookings.rps) pg1=$(median "postgresql×1" bookings.rps) pg3=$(median "postgresql×3" bookings.rps)
awk -v s="$one" -v p="$pg1" -v q="$pg3" 'BEGIN { if (s > 0 && p > 0)
  printf "bookings: PostgreSQL×1 / SQLite = %.2f (target ≥ 0.5, and ≥ 5,000/s); PostgreSQL×3 / ×1 = %.2f (target ≥ 0.9)\n", p / s, q / p }'
# The same ratios round by round: each round's three runs follow each other within a few
# minutes, so a slower spell of the shared machine moves a round's figures together.
awk '$3 == "bookings.rps" { v[$1, $2] = $4; if ($2 > n) n = $2 }
  END { for (r = 1; r <= n; r++) if (v["sqlite×1", r] > 0 && v["postgresql×1", r] > 0)
          printf "round %d bookings/s: SQLite %d, PostgreSQL×1 %d (%.2f), ×3 %d (%.2f × ×1)\n", r,
            v["sqlite×1", r], v["postgresql×1", r], v["postgresql×1", r] / v["sqlite×1", r],
            v["postgresql×3", r], v["postgresql×3", r] / v["postgresql×1", r] }' "$figs"
