#!/usr/bin/env bash
# Calling benchmark (not run by ctest), issue 10: Release layso-servers with --seed-demo --dev
# and a clock on a working day inside the opening hours, 3 rounds, a fresh server and temp
# database for each measurement:
#   events_1k   events.py: 1,000 event streams of Phường Phổ Yên (what a board and a /phieu
#               page open), 100 "next" at Quầy 7, the time from each request to the `called`
#               event on every stream (p50/p99/max);
#   events_10k  the same with 10,000 streams (20 calls): VmRSS once the server listens (idle),
#               VmRSS/VmHWM/threads with the 10,000 streams open;
#   calling     calling.py: Quầy 1…7, each its own session and client loop, "next" as fast as
#               they can for SECONDS at each queue depth (20, 200, 1,000 waiting per field,
#               kept up by the kiosk): calls/s, p50/p99.
# With BENCH_REF=commit, that commit's server (git archive, same options) runs too, before
# the current tree's in every round: before/after in one run.
# Prints per-round figures, the medians and the issue's targets. Exit status 0 unless something
# really failed (a server that died or exited non-zero on SIGTERM, a client that failed);
# a missed target is not a failure.
# Usage: [BENCH_REF=commit] tests/bench/calling.sh [seconds per calling window, 1-30, default 10]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-10}
rounds=${BENCH_ROUNDS:-3} # 3 for the figures; 1 to check that the script works
depths=20,200,1000
clock=2025-09-25T09:00:00+07:00 # a Thursday, inside 07:00-11:30
streams_big=10000
fds_needed=$((streams_big + 300)) # per process: the streams, the database, the listener

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ] || [ "$seconds" -gt 30 ]; then
  echo "usage: [BENCH_REF=commit] $0 [seconds per calling window, 1-30]" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
# the server raises its own limit to the hard one; events.py needs as many as it has streams
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fd_limit=$(ulimit -n)
if [ "$fd_limit" != unlimited ] && [ "$fd_limit" -lt "$fds_needed" ]; then
  echo "the open-file limit is $fd_limit (hard $(ulimit -Hn)); $streams_big streams need" \
    "$fds_needed in the server and in events.py: raise the hard limit (limits.conf," \
    "LimitNOFILE=, or ulimit -Hn as root)" >&2
  exit 1
fi

cmake_flags=(-DCMAKE_BUILD_TYPE=Release -DLAYSO_SANITIZE=OFF -DLAYSO_WERROR=OFF
             -DBUILD_TESTING=OFF -DLAYSO_BUILD_KIOSK=OFF)
build="$root/build-bench-calling"
echo "== building the current tree's layso-server (Release, no sanitizers) in $build" >&2
cmake -S "$root" -B "$build" "${cmake_flags[@]}" >/dev/null
cmake --build "$build" --target layso-server -j2 >/dev/null
labels=(new)
declare -A bins=([new]="$build/server/layso-server")
if [ -n "${BENCH_REF:-}" ]; then
  ref_hash=$(git -C "$root" rev-parse --verify --quiet "$BENCH_REF^{commit}") ||
    { echo "BENCH_REF=$BENCH_REF is not a commit of $root" >&2; exit 1; }
  refdir="$root/build-bench-calling-ref"
  echo "== building $BENCH_REF's layso-server (${ref_hash:0:12}, same options) in $refdir" >&2
  if [ "$(cat "$refdir/commit" 2>/dev/null)" != "$ref_hash" ]; then
    rm -rf "$refdir"
    mkdir -p "$refdir/src"
    git -C "$root" archive "$ref_hash" | tar -x -C "$refdir/src"
    echo "$ref_hash" >"$refdir/commit"
  fi
  cmake -S "$refdir/src" -B "$refdir/build" "${cmake_flags[@]}" >/dev/null
  cmake --build "$refdir/build" --target layso-server -j2 >/dev/null
  labels=(ref new)
  bins[ref]="$refdir/build/server/layso-server"
fi

tmp=$(mktemp -d /tmp/layso-calling-XXXXXX)
spid="" cpid=""
cleanup() {
  set +e
  trap - EXIT INT TERM
  [ -n "$cpid" ] && kill -TERM "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null
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

figs="$tmp/figures" # lines: SERVER ROUND KEY VALUE
: >"$figs"
failures=()
rec() { echo "$cur_label $cur_round $1 $2" >>"$figs"; }
fail() { echo "FAILURE ($cur): $*" >&2; failures+=("$cur: $*"); }
kb() { sed -n "s/^$2:[[:space:]]*\([0-9]*\).*/\1/p" "/proc/$1/status"; }

start_server() { # start_server BINARY DIR; sets spid, url, password, token
  "$1" --db "sqlite:$2/bench.db" --listen 127.0.0.1:0 --seed-demo --dev --clock "$clock" \
    >"$2/stdout" 2>"$2/stderr" &
  spid=$!
  for _ in $(seq 1 300); do
    grep -q '^listening on ' "$2/stdout" && break
    if ! kill -0 "$spid" 2>/dev/null; then
      wait "$spid" 2>/dev/null; spid=""
      fail "layso-server died while starting: $(tail -n3 "$2/stderr")"; return 1
    fi
    sleep 0.1
  done
  url=$(sed -n 's/^listening on //p' "$2/stdout" | head -n1)
  password=$(sed -n 's/^staff login: [^ ]* //p' "$2/stdout" | head -n1)
  token=$(sed -n 's/^kiosk token: //p' "$2/stdout" | head -n1)
  [ -n "$url" ] && [ -n "$password" ] && [ -n "$token" ] ||
    { fail "no listening/staff login/kiosk token line"; return 1; }
}

stop_server() { # SIGTERM, wait up to 15 s; fails on a non-zero exit
  local status=0
  [ -n "$spid" ] || return 0
  kill -TERM "$spid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$spid" 2>/dev/null || true
  wait "$spid" || status=$?
  spid=""
  rec "exit_$1" "$status"
  [ "$status" -eq 0 ] || { fail "layso-server exit status $status on SIGTERM"; return 1; }
}

client() { # client NAME PREFIX COMMAND...: runs it, records its key=value line(s) as PREFIX.key
  local name=$1 prefix=$2 rc=0
  shift 2
  "$@" >"$dir/$name.out" 2>"$dir/$name.err" &
  cpid=$!
  wait "$cpid" || rc=$?
  cpid=""
  cat "$dir/$name.out" | sed "s/^/   $cur: $name: /" >&2
  if [ "$rc" -ne 0 ]; then fail "$name exited with $rc: $(tail -n2 "$dir/$name.err")"; return 1; fi
  local line kv p
  while read -r line; do
    p=$prefix
    [[ "$line" =~ ^depth=([0-9]+) ]] && p="$prefix${BASH_REMATCH[1]}"
    for kv in $line; do
      local v=${kv#*=}
      rec "$p.${kv%%=*}" "${v%ms}"
    done
  done <"$dir/$name.out"
  kill -0 "$spid" 2>/dev/null || { fail "layso-server died during $name"; return 1; }
}

measure() { # measure WHAT: one fresh server for it
  dir="$tmp/$cur_label-$cur_round-$1"
  mkdir -p "$dir"
  start_server "${bins[$cur_label]}" "$dir" || return 1
  sleep 0.5
  case $1 in
    events_1k)
      client events_1k e1k python3 "$here/events.py" "$url" --password "$password" \
        --token "$token" --streams 1000 --calls 100 --pid "$spid" || return 1 ;;
    events_10k)
      rec rss_idle_kb "$(kb "$spid" VmRSS)"
      client events_10k e10k python3 "$here/events.py" "$url" --password "$password" \
        --token "$token" --streams "$streams_big" --calls 20 --pid "$spid" || return 1 ;;
    calling)
      client calling d python3 "$here/calling.py" "$url" --password "$password" \
        --token "$token" --seconds "$seconds" --depths "$depths" || return 1 ;;
  esac
  stop_server "$1"
  rm -f "$dir"/bench.db*
}

machine() {
  echo "cpus: $(nproc); cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "kernel: $(uname -sr); $(. /etc/os-release && echo "$PRETTY_NAME"); python $(python3 -c 'import platform; print(platform.python_version())'); libmicrohttpd $(dpkg-query -W -f '${Version}' libmicrohttpd12 2>/dev/null || echo '?')"
  echo "open-file limit: $fd_limit; load average before the runs: $load_before (a shared machine)"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== machine" >&2
machine >&2
for round in $(seq 1 "$rounds"); do
  for label in "${labels[@]}"; do
    cur_label=$label cur_round=$round
    rec load "$(cut -d' ' -f1 /proc/loadavg)"
    for what in events_1k events_10k calling; do
      cur="$label round $round $what"
      echo "== $cur" >&2
      measure "$what" || stop_server "$what" || true
    done
  done
done

# --- report ------------------------------------------------------------------------------
median() { # median SERVER KEY: over the rounds that have it, "-" if none
  awk -v s="$1" -v k="$2" '$1 == s && $3 == k { print $4 }' "$figs" | sort -g |
    awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2];
                              else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
mb() { awk -v k="$1" 'BEGIN { if (k == "-" || k == "") print "-"; else printf "%.1f", k * 1024 / 1e6 }'; }
val() { awk -v s="$1" -v r="$2" -v k="$3" '$1 == s && $2 == r && $3 == k { print $4; exit }' "$figs"; }

echo
echo "== layso-server calling benchmark: the current tree ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- server common 2>/dev/null || echo ', plus uncommitted changes'))${BENCH_REF:+ and $BENCH_REF (ref)}"
date -u '+%Y-%m-%d %H:%M UTC'
machine
echo "method: $rounds rounds${BENCH_REF:+, ref then new in each}; a fresh server and database per measurement;"
echo "        the clients (Python) share the cores with the server"
echo
echo "== per round (ms; memory MB = 10^6 bytes)"
printf '%-4s %5s %5s | %6s %6s %6s | %6s %6s %6s %6s %7s %6s | ' server round load \
  1k_p50 1k_p99 1k_max rss_idle rss_10k hwm_10k thr 10k_p50 10k_p99
for d in ${depths//,/ }; do printf '%9s %6s %6s ' "d$d/s" p50 p99; done
echo
for round in $(seq 1 "$rounds"); do
  for label in "${labels[@]}"; do
    printf '%-4s %5s %5s | %6s %6s %6s | %6s %6s %6s %6s %7s %6s | ' "$label" "$round" \
      "$(val $label $round load)" "$(val $label $round e1k.p50)" "$(val $label $round e1k.p99)" \
      "$(val $label $round e1k.max)" "$(mb "$(val $label $round rss_idle_kb)")" \
      "$(mb "$(val $label $round e10k.rss_with_streams | tr -d kB)")" \
      "$(mb "$(val $label $round e10k.hwm_with_streams | tr -d kB)")" \
      "$(val $label $round e10k.threads)" "$(val $label $round e10k.p50)" "$(val $label $round e10k.p99)"
    for d in ${depths//,/ }; do
      printf '%9s %6s %6s ' "$(val $label $round d$d.calls_per_s)" "$(val $label $round d$d.p50)" \
        "$(val $label $round d$d.p99)"
    done
    echo
  done
done

# kB figures were recorded with their unit: strip it for the medians
sed -i 's/\([0-9]\)kB$/\1/' "$figs"
echo
echo "== medians over the rounds"
printf '%-52s' figure
for label in "${labels[@]}"; do printf ' %10s' "$label"; done
echo
row() { # row LABEL KEY [mb]
  printf '%-52s' "$1"
  for label in "${labels[@]}"; do
    local v
    v=$(median "$label" "$2")
    [ "${3:-}" = mb ] && v=$(mb "$v")
    printf ' %10s' "$v"
  done
  echo
}
row "1,000 streams: call to event p50 ms" e1k.p50
row "1,000 streams: call to event p99 ms" e1k.p99
row "1,000 streams: call to event max ms" e1k.max
row "1,000 streams: VmRSS MB" e1k.rss_with_streams mb
row "10,000 streams: call to event p50 ms" e10k.p50
row "10,000 streams: call to event p99 ms" e10k.p99
row "VmRSS after start (idle) MB" rss_idle_kb mb
row "VmRSS before the 10,000 (after sign-in) MB" e10k.rss_before mb
row "VmRSS with 10,000 streams MB" e10k.rss_with_streams mb
row "VmHWM with 10,000 streams MB" e10k.hwm_with_streams mb
row "threads with 10,000 streams" e10k.threads
row "seconds to open the 10,000 streams" e10k.open_s
for d in ${depths//,/ }; do
  row "next/s, 7 counters, $d waiting per field" "d$d.calls_per_s"
  row "next p50 ms, $d waiting per field" "d$d.p50"
  row "next p99 ms, $d waiting per field" "d$d.p99"
  row "tickets issued in the window, $d per field" "d$d.tickets_during"
done

echo
echo "== targets (current tree, medians)"
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { if (v == "-" || v == "") { print "n/a"; exit }
  ok = (op == "<=") ? (v + 0 <= t + 0) : (v + 0 >= t + 0); print (ok ? "met" : "MISSED") }'; }
p99=$(median new e1k.p99)
rss=$(mb "$(median new e10k.rss_with_streams)")
printf '%-52s %8s  %s\n' "call to event p99 ms, 1,000 streams (<= 100)" "$p99" "$(verdict "$p99" '<=' 100)"
printf '%-52s %8s  %s\n' "VmRSS MB with 10,000 streams (<= 150)" "$rss" "$(verdict "$rss" '<=' 150)"
printf '%-52s %8s  %s\n' "next/s with 7 counters (no target; 200 per field)" "$(median new d200.calls_per_s)" "-"

echo
if [ "${#failures[@]}" -gt 0 ]; then
  echo "== FAILURES (the medians above leave these out)"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
echo "no failure: every server started, every stream had every call, every server exited 0"
