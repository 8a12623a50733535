#!/usr/bin/env bash
# layso-server benchmark (not run by ctest): the reference server (commit $BENCH_REF, default
# 3cdb571) against the current tree's, both Release builds on a fresh temp SQLite database
# with tests/bench/seed.json (huge capacities), alternating ref, new, ref, new, ref, new.
# Per server and round, wrk at 64 connections against
#   health (the ceiling), then with 1,000 idle keep-alive connections held open by idle.py:
#   health again, slot listing, booking creation (durable, distinct CCCDs); then, without
#   them, kiosk check-in by code (the codes just booked, dev clock inside their window);
# the server's memory after start and with the 1,000 idle connections, and how many of those
# are still open at the end. Prints per-round figures, the medians and the issue's targets.
# Exit status: 0 unless something really failed (a server that died or exited non-zero on
# SIGTERM, wrk failing, a booking answered other than 201); a missed target is not a failure.
# Usage: [BENCH_REF=commit] tests/bench/run.sh [seconds per wrk run, 1-10, default 10]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${1:-10}
BENCH_REF=${BENCH_REF:-3cdb571}
rounds=3
connections=64
threads=2        # book.lua and checkin.lua pair their threads by number: keep the same -t
idle_count=1000  # idle keep-alive connections, from 127.0.0.2 … 127.0.0.40 (25-26 each)

# The old server closes a connection idle for 60 s; the idle connections are held through
# three wrk runs (health, slots, bookings), so each run must stay well under 20 s: 10 at most.
if ! [[ "$duration" =~ ^[0-9]+$ ]] || [ "$duration" -lt 1 ] || [ "$duration" -gt 10 ]; then
  echo "usage: [BENCH_REF=commit] $0 [seconds per wrk run, 1-10]" >&2
  echo "(at most 10: the idle connections must outlive three runs within the old 60 s timeout)" >&2
  exit 2
fi

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk
fi
command -v python3 >/dev/null || { echo "python3 is needed for tests/bench/idle.py" >&2; exit 1; }
# each server holds 1,000+ sockets, and so does idle.py
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((idle_count + 1000)) ]; then
  echo "warning: open-file limit $(ulimit -n) is low for $idle_count idle connections" >&2
fi

ref_hash=$(git -C "$root" rev-parse --verify --quiet "$BENCH_REF^{commit}") ||
  { echo "BENCH_REF=$BENCH_REF is not a commit of $root" >&2; exit 1; }
cmake_flags=(-DCMAKE_BUILD_TYPE=Release -DLAYSO_SANITIZE=OFF -DLAYSO_WERROR=OFF
             -DBUILD_TESTING=OFF -DLAYSO_BUILD_KIOSK=OFF)

build="$root/build-bench"
echo "== building the current tree's layso-server (Release, no sanitizers) in $build" >&2
cmake -S "$root" -B "$build" "${cmake_flags[@]}" >/dev/null
cmake --build "$build" --target layso-server -j2 >/dev/null
new_bin="$build/server/layso-server"

# The reference: `git archive` of BENCH_REF into build-bench-ref/src (kept between runs,
# extracted again only when BENCH_REF names another commit), built in build-bench-ref/build.
refdir="$root/build-bench-ref"
echo "== building $BENCH_REF's layso-server (${ref_hash:0:12}, same options) in $refdir" >&2
if [ "$(cat "$refdir/commit" 2>/dev/null)" != "$ref_hash" ]; then
  rm -rf "$refdir"
  mkdir -p "$refdir/src"
  git -C "$root" archive "$ref_hash" | tar -x -C "$refdir/src"
  echo "$ref_hash" >"$refdir/commit"
fi
cmake -S "$refdir/src" -B "$refdir/build" "${cmake_flags[@]}" >/dev/null 2>"$refdir/cmake.err" ||
  { cat "$refdir/cmake.err" >&2; exit 1; }
cmake --build "$refdir/build" --target layso-server -j2 >/dev/null
ref_bin="$refdir/build/server/layso-server"

# Both must use the same durability: WAL and synchronous=FULL (every 201 on disk).
durable_src() { grep -rqs 'synchronous *= *FULL' "$1/server" && grep -rqs 'journal_mode *= *WAL' "$1/server"; }
durability="WAL + synchronous=FULL in both sources"
durable_src "$root" && durable_src "$refdir/src" || durability="NOT FOUND in both sources: check!"

tmp=$(mktemp -d /tmp/layso-bench-XXXXXX)
spid="" ipid="" wpid=""
cleanup() {
  set +e
  trap - EXIT INT TERM
  [ -n "$wpid" ] && kill -TERM "$wpid" 2>/dev/null && wait "$wpid" 2>/dev/null
  [ -n "$ipid" ] && kill -TERM "$ipid" 2>/dev/null && wait "$ipid" 2>/dev/null
  if [ -n "$spid" ] && kill -0 "$spid" 2>/dev/null; then
    kill -TERM "$spid"
    for _ in $(seq 1 150); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

figs="$tmp/figures"   # lines: SERVER ROUND KEY VALUE
: >"$figs"
failures=()
cur=""                # "ref round 1" while that round runs
rec() { echo "$cur_label $cur_round $1 $2" >>"$figs"; }
fail() { echo "FAILURE ($cur): $*" >&2; failures+=("$cur: $*"); }
kb() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }
threads_of() { sed -n 's/^Threads:[[:space:]]*//p' "/proc/$1/status"; }

machine() {
  echo "cpus: $(nproc); cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "kernel: $(uname -sr); $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2); python $(python3 -c 'import platform; print(platform.python_version())')"
  echo "load average before the runs: $load_before (a shared machine: compare runs at similar load)"
}

start_server() {  # start_server BINARY DIR; sets spid, url, port, token
  "$1" --db "sqlite:$2/bench.db" --listen 127.0.0.1:0 --seed "$here/seed.json" \
    --dev --clock 2025-09-25T10:00:00+07:00 >"$2/stdout" 2>"$2/stderr" &
  spid=$!
  for _ in $(seq 1 300); do
    grep -q '^listening on ' "$2/stdout" && grep -q '^kiosk token: ' "$2/stdout" && break
    if ! kill -0 "$spid" 2>/dev/null; then
      wait "$spid" 2>/dev/null; spid=""
      fail "layso-server died while starting: $(tail -n3 "$2/stderr")"; return 1
    fi
    sleep 0.1
  done
  url=$(sed -n 's/^listening on //p' "$2/stdout" | head -n1)
  token=$(sed -n 's/^kiosk token: //p' "$2/stdout" | head -n1)
  port=${url##*:}
  [ -n "$url" ] && [ -n "$token" ] || { fail "no listening/token line"; return 1; }
}

stop_server() {   # stop_server: SIGTERM, wait up to 15 s; sets status (137 if killed)
  status=0
  [ -n "$spid" ] || return 0
  kill -TERM "$spid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$spid" 2>/dev/null || true
  wait "$spid" || status=$?
  spid=""
}

run_wrk() {   # run_wrk KEY SCRIPT PATH: one wrk run, its RESULT line recorded under KEY
  local out="$BENCH_TMP/wrk-$1.log" rc=0
  echo "   $cur: $1: wrk -t$threads -c$connections -d${duration}s $url$3" >&2
  wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$here/$2" "$url$3" >"$out" 2>&1 &
  wpid=$!
  wait "$wpid" || rc=$?
  wpid=""
  if [ "$rc" -ne 0 ]; then fail "wrk $1 exited with $rc: $(tail -n2 "$out")"; return 1; fi
  local line
  line=$(grep '^RESULT ' "$out" | head -n1)
  if [ -z "$line" ]; then fail "wrk $1 printed no RESULT line"; return 1; fi
  for kv in ${line#RESULT * }; do rec "$1.${kv%%=*}" "${kv#*=}"; done
  if ! kill -0 "$spid" 2>/dev/null; then
    local st=0
    wait "$spid" || st=$?
    spid=""
    fail "layso-server died during $1 (status $st): $(tail -n3 "$BENCH_TMP/stderr")"; return 1
  fi
  sleep 0.5   # let the server see wrk's connections go before the next run
}

bench_one() {  # bench_one LABEL BINARY ROUND; returns 1 on a real failure
  cur_label=$1 cur_round=$3 cur="$1 round $3"
  export BENCH_DIR="$here" BENCH_TMP="$tmp/$1-$3"
  mkdir -p "$BENCH_TMP"
  echo "== $cur ($2)" >&2
  rec load "$(cut -d' ' -f1 /proc/loadavg)"
  start_server "$2" "$BENCH_TMP" || return 1
  export BENCH_TOKEN="$token"
  sleep 0.3
  rec rss_start_kb "$(kb "$spid" VmRSS)"

  run_wrk health health.lua /api/v1/health || return 1

  python3 "$here/idle.py" 127.0.0.1 "$port" --count "$idle_count" --first 2 --last 40 \
    --ready "$BENCH_TMP/idle.ready" >"$BENCH_TMP/idle.out" 2>"$BENCH_TMP/idle.err" &
  ipid=$!
  for _ in $(seq 1 600); do
    [ -f "$BENCH_TMP/idle.ready" ] && break
    kill -0 "$ipid" 2>/dev/null || break
    sleep 0.1
  done
  if [ ! -f "$BENCH_TMP/idle.ready" ]; then
    fail "idle.py did not get ready: $(tail -n3 "$BENCH_TMP/idle.err")"; return 1
  fi
  if ! kill -0 "$spid" 2>/dev/null; then fail "layso-server died under the idle connections"; return 1; fi
  local t_idle=$SECONDS
  rec rss_idle_kb "$(kb "$spid" VmRSS)"
  rec hwm_idle_kb "$(kb "$spid" VmHWM)"
  rec threads_idle "$(threads_of "$spid")"
  rec idle_answered "$(sed -n 's/.* answered=\([0-9]*\).*/\1/p' "$BENCH_TMP/idle.ready")"
  echo "   $cur: $(cat "$BENCH_TMP/idle.ready")" >&2

  run_wrk health_idle health.lua /api/v1/health || return 1
  run_wrk slots slots.lua "/api/v1/units/bench-unit/slots?date=2025-09-26&field=chung-thuc" || return 1
  run_wrk bookings book.lua /api/v1/bookings || return 1

  rec rss_end_idle_kb "$(kb "$spid" VmRSS)"
  kill -USR1 "$ipid"
  wait "$ipid" || { fail "idle.py exited non-zero: $(tail -n3 "$BENCH_TMP/idle.err")"; ipid=""; return 1; }
  ipid=""
  rec idle_held_s $((SECONDS - t_idle))
  rec idle_open_end "$(sed -n 's/.* open_at_end=\([0-9]*\).*/\1/p' "$BENCH_TMP/idle.out")"
  echo "   $cur: $(cat "$BENCH_TMP/idle.out")" >&2

  local booked other
  booked=$(cat "$BENCH_TMP"/codes-*.txt | wc -l)
  other=$(cat "$BENCH_TMP"/other-*.txt | wc -l)
  rec bookings_201 "$booked"
  rec bookings_other "$other"
  if [ "$other" -gt 0 ]; then
    fail "$other booking answers other than 201: $(sort "$BENCH_TMP"/other-*.txt | uniq -c | tr -s ' \n' ' ')"
    return 1
  fi

  curl -fsS -X POST -H 'Content-Type: application/json' \
    -d '{"now":"2025-09-26T07:10:00+07:00"}' "$url/api/v1/dev/clock" >/dev/null ||
    { fail "could not move the dev clock"; return 1; }
  sleep 0.2   # curl's connection counts against 127.0.0.1's limit until the server sees it go
  run_wrk checkin checkin.lua /api/v1/kiosk/checkin || return 1

  stop_server
  rec exit_status "$status"
  rec journal "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("pragma journal_mode").fetchone()[0])' "$BENCH_TMP/bench.db" 2>/dev/null || echo '?')"
  if [ "$status" -ne 0 ]; then fail "layso-server exit status $status on SIGTERM"; return 1; fi
  rm -f "$BENCH_TMP"/bench.db*   # keep /tmp small between rounds
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== machine" >&2
machine >&2
for round in $(seq 1 "$rounds"); do
  for label in ref new; do
    if [ "$label" = ref ]; then bin=$ref_bin; else bin=$new_bin; fi
    if ! bench_one "$label" "$bin" "$round"; then
      # a failed round: stop what is left of it and go on with the others
      if [ -n "$ipid" ]; then kill -TERM "$ipid" 2>/dev/null; wait "$ipid" 2>/dev/null; ipid=""; fi
      stop_server
    fi
  done
done

# --- report ------------------------------------------------------------------------------
val() { awk -v s="$1" -v r="$2" -v k="$3" '$1 == s && $2 == r && $3 == k { print $4; exit }' "$figs"; }
median() {  # median SERVER KEY: over the rounds that have it, "-" if none
  awk -v s="$1" -v k="$2" '$1 == s && $3 == k { print $4 }' "$figs" | sort -g |
    awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2];
                              else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
mb() { awk -v k="$1" 'BEGIN { if (k == "-" || k == "") print "-"; else printf "%.1f", k * 1024 / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

echo
echo "== layso-server: reference $BENCH_REF (${ref_hash:0:12}) vs the current tree ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- server common 2>/dev/null || echo ', plus uncommitted changes'))"
date -u '+%Y-%m-%d %H:%M UTC'
machine
echo "durability: $durability; journal_mode of each database at the end: $(awk '$3 == "journal" { print $4 }' "$figs" | sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')"
echo "method: wrk -t$threads -c$connections -d${duration}s per run; $rounds rounds alternating ref, new; a fresh database each;"
echo "        health_idle, slots and bookings run while $idle_count idle keep-alive connections (127.0.0.2-40) are open"
echo
echo "== per round (latency in ms)"
printf '%-4s %5s %-12s %9s %9s %8s %8s %7s %7s\n' server round run requests req/s p50 p99 non2xx sockerr
for round in $(seq 1 "$rounds"); do
  for label in ref new; do
    for run in health health_idle slots bookings checkin; do
      [ -n "$(val $label "$round" $run.rps)" ] || continue
      printf '%-4s %5s %-12s %9s %9s %8s %8s %7s %7s\n' "$label" "$round" "$run" \
        "$(val $label "$round" $run.requests)" "$(val $label "$round" $run.rps)" \
        "$(val $label "$round" $run.p50_ms)" "$(val $label "$round" $run.p99_ms)" \
        "$(val $label "$round" $run.non2xx)" "$(val $label "$round" $run.sockerr)"
    done
  done
done
echo
echo "(memory in MB = 10^6 bytes; idle: answered of $idle_count, still open at the end, seconds held)"
printf '%-4s %5s %5s %9s %9s %9s %9s %7s %8s %6s %5s %8s %6s %4s\n' server round load rss_start \
  rss_idle hwm_idle rss_end threads answered open held 201s other exit
for round in $(seq 1 "$rounds"); do
  for label in ref new; do
    [ -n "$(val $label "$round" load)" ] || continue
    printf '%-4s %5s %5s %9s %9s %9s %9s %7s %8s %6s %5s %8s %6s %4s\n' "$label" "$round" \
      "$(val $label "$round" load)" "$(mb "$(val $label "$round" rss_start_kb)")" \
      "$(mb "$(val $label "$round" rss_idle_kb)")" "$(mb "$(val $label "$round" hwm_idle_kb)")" \
      "$(mb "$(val $label "$round" rss_end_idle_kb)")" "$(val $label "$round" threads_idle)" \
      "$(val $label "$round" idle_answered)" "$(val $label "$round" idle_open_end)" \
      "$(val $label "$round" idle_held_s)" "$(val $label "$round" bookings_201)" \
      "$(val $label "$round" bookings_other)" "$(val $label "$round" exit_status)"
  done
done

echo
echo "== medians over the rounds"
printf '%-34s %10s %10s %8s\n' figure ref new new/ref
row() {  # row LABEL KEY [mb]
  local r n
  r=$(median ref "$2") n=$(median new "$2")
  if [ "${3:-}" = mb ]; then r=$(mb "$r") n=$(mb "$n"); fi
  printf '%-34s %10s %10s %8s\n' "$1" "$r" "$n" "$(ratio "$n" "$r")"
}
for run in health health_idle slots bookings checkin; do
  case $run in
    health) name="health";;
    health_idle) name="health, $idle_count idle open";;
    slots) name="slots, $idle_count idle open";;
    bookings) name="bookings, $idle_count idle open";;
    checkin) name="check-in";;
  esac
  row "$name req/s" $run.rps
  row "$name p50 ms" $run.p50_ms
  row "$name p99 ms" $run.p99_ms
done
row "RSS after start MB" rss_start_kb mb
row "RSS with $idle_count idle MB" rss_idle_kb mb
row "HWM with $idle_count idle MB" hwm_idle_kb mb
row "threads with $idle_count idle" threads_idle
row "idle answered (of $idle_count)" idle_answered
row "idle still open at the end" idle_open_end

echo
echo "== targets (new server, medians)"
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { if (v == "-" || v == "") { print "n/a"; exit }
  ok = (op == ">=") ? (v + 0 >= t + 0) : (op == "<=") ? (v + 0 <= t + 0) : (v + 0 < t + 0)
  print (ok ? "met" : "MISSED") }'; }
b_ratio=$(ratio "$(median new bookings.rps)" "$(median ref bookings.rps)")
b_p99=$(median new bookings.p99_ms)
sh_new=$(ratio "$(median new slots.rps)" "$(median new health_idle.rps)")
sh_ref=$(ratio "$(median ref slots.rps)" "$(median ref health_idle.rps)")
rss_new=$(mb "$(median new rss_idle_kb)")
rss_ref=$(mb "$(median ref rss_idle_kb)")
idle_note=""
[ "$(median new idle_answered)" = "$idle_count" ] ||
  idle_note="; only $(median new idle_answered) of $idle_count idle connections were answered"
printf '%-52s %8s  %-8s %s\n' "bookings new / bookings ref (>= 1.5)" "$b_ratio" "$(verdict "$b_ratio" '>=' 1.5)" ""
printf '%-52s %8s  %-8s %s\n' "booking p99 ms, $idle_count idle open (<= 15)" "$b_p99" "$(verdict "$b_p99" '<=' 15)" "(ref $(median ref bookings.p99_ms))"
printf '%-52s %8s  %-8s %s\n' "slots / health, both with $idle_count idle (>= 0.7)" "$sh_new" "$(verdict "$sh_new" '>=' 0.7)" "(ref $sh_ref)"
printf '%-52s %8s  %-8s %s\n' "RSS MB with $idle_count idle connections (< 50)" "$rss_new" "$(verdict "$rss_new" '<' 50)" "(ref $rss_ref)$idle_note"

echo
if [ "${#failures[@]}" -gt 0 ]; then
  echo "== FAILURES (the medians above leave these rounds out where they stopped)"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
echo "no failure: every server started, answered every run and exited 0 on SIGTERM; every booking answered 201"
