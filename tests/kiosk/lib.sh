# Shared by the kiosk's end-to-end scripts (sourced, not run). The caller sets `work` (its
# temp dir), `src` (the source tree), `build` and `kiosk_pid`, and owns cleanup.

fail() { echo "FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

# wait_log PATTERN [SECONDS]: sets LINE to the first line of the kiosk's test log after the
# previous match that matches (not in a subshell: it remembers where it stopped).
log_seen=0 LINE=
wait_log() {
  local pattern=$1 limit=${2:-20} deadline line
  deadline=$(( $(now_ms) + limit * 1000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    line=$(tail -n +"$((log_seen + 1))" "$work/kiosk.log" 2>/dev/null | grep -n -m1 -- "$pattern" || true)
    if [ -n "$line" ]; then
      log_seen=$(( log_seen + ${line%%:*} ))
      LINE=${line#*:}
      return 0
    fi
    kill -0 "$kiosk_pid" 2>/dev/null || fail "layso-kiosk died while waiting for '$pattern'"
    sleep 0.1
  done
  fail "no '$pattern' in the kiosk log within ${limit}s"
}

expect() { # expect LINE TEXT...
  local line=$1; shift
  for t in "$@"; do
    case "$line" in *"$t"*) ;; *) fail "expected '$t' in: $line" ;; esac
  done
}

lacks() { # lacks LINE TEXT...: personal data the test log must never hold
  local line=$1; shift
  for t in "$@"; do
    case "$line" in *"$t"*) fail "'$t' (personal data) in the test log: $line" ;; esac
  done
}

# The test log is 0600 and the kiosk said on stderr that it is on (LAYSO_KIOSK_TEST_LOG).
check_test_log_guard() {
  [ "$(stat -c %a "$work/kiosk.log")" = 600 ] || fail "kiosk.log is not 0600: $(stat -c %a "$work/kiosk.log")"
  grep -q 'warning: LAYSO_KIOSK_TEST_LOG is set' "$work/kiosk.err" ||
    fail "no start-up warning about LAYSO_KIOSK_TEST_LOG on stderr"
}

# start_server: layso-server on a free port with the kiosk tests' own seed (tests/kiosk/seed.json:
# Phường Phổ Yên with the notice's six fields, long names and all, whatever the demo seed
# holds) and the dev clock on Thu 25/9/2025 10:00; sets server_pid, base (its URL) and token
# (the seed's kiosk's).
json=(-H 'Content-Type: application/json')
start_server() {
  "$build/server/layso-server" --db "sqlite:$work/layso.db" --listen 127.0.0.1:0 \
    --seed "$src/tests/kiosk/seed.json" --dev --clock 2025-09-25T10:00:00+07:00 \
    >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 100); do grep -q '^listening on ' "$work/server.out" && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$work/server.out")
  token=$(sed -n 's/^kiosk token: //p' "$work/server.out" | head -1)
  [ -n "$base" ] && [ -n "$token" ] || fail "layso-server did not start"
}

book() { # book NAME CCCD [SLOT] -> the booking code (Phổ Yên, field A "Văn phòng - …", Fri 26/9/2025)
  curl -sf "${json[@]}" -X POST "$base/api/v1/bookings" -d "{\"name\":\"$1\",\"cccd\":\"$2\",
    \"unit\":\"phuong-pho-yen\",\"field\":\"van-phong\",\"date\":\"2025-09-26\",
    \"slot\":\"${3:-0730-0930}\",\"consent\":true}" | sed -n 's/.*"code":"\([A-Z0-9]*\)".*/\1/p'
}

set_clock() { # set_clock RFC3339
  curl -sf "${json[@]}" -X POST "$base/api/v1/dev/clock" -d "{\"now\":\"$1\"}" >/dev/null
}
