# Shared by the shell tests that run layso-server on PostgreSQL (test-pg-backup.sh,
# test-pg-pitr.sh), sourced after they define $tmp and fail(): one server at a time, its
# output in $tmp/server.out and .err; booking and looking up through the public API.

start_server_on() {  # start_server_on SPEC LABEL [ARG…]: sets server_pid and url
  local spec=$1 label=$2
  shift 2
  # the last server's output must not be read as this one's "listening on": the shell may
  # not have truncated the file yet when the loop below first reads it
  rm -f "$tmp/server.out"
  "$LAYSO_SERVER" --db "$spec" --listen 127.0.0.1:0 --dev \
    --clock 2025-09-25T09:00:00+07:00 "$@" >"$tmp/server.out" 2>"$tmp/server.err" &
  server_pid=$!
  for _ in $(seq 1 300); do grep -qs '^listening on ' "$tmp/server.out" && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$tmp/server.out")
  [ -n "$url" ] || fail "layso-server on $label did not start"
}
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "layso-server exited with $? on SIGTERM"
  server_pid=""
}
book() {  # book CCCD: prints the code
  local body
  body=$(curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' -d "{\"name\":\"Nguyễn Văn An\",
    \"cccd\":\"$1\",\"unit\":\"phuong-pho-yen\",\"field\":\"linh-vuc-tu-phap-ho-tich\",
    \"date\":\"2025-09-26\",\"slot\":\"0730-0930\",\"consent\":true}" "$url/api/v1/bookings")
  [ "$(tail -n1 <<<"$body")" = 201 ] || fail "booking $1: $body"
  head -n1 <<<"$body" | python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])'
}
status_of() {  # status_of CODE CCCD: the HTTP status of the booking's look-up
  curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/bookings/$1?cccd=$2"
}
