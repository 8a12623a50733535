#!/usr/bin/env bash
# docs/deploy.md's nightly dump, done as written while a server runs: pg_dump -Fc, then
# pg_restore into a new database, and a server on the restored database. What was booked
# before the dump is there and can be checked in at the kiosk (its token restored too);
# what was booked after it is not; new bookings go on (layso_book and the sequences are in
# the dump).
#
# Environment (tests/integration/CMakeLists.txt): LAYSO_SERVER, LAYSO_TEST_PG (the tests'
# cluster, tests/pg).
set -euo pipefail
: "${LAYSO_SERVER:?}" "${LAYSO_TEST_PG:?}"
for tool in pg_dump pg_restore psql curl python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/layso-backup-XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$tmp/server.err" ] && tail -n 5 "$tmp/server.err" >&2
  exit 1
}

pg_host=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$LAYSO_TEST_PG")
pg_port=$(sed -n 's/.*port=\([^ ]*\).*/\1/p' <<<"$LAYSO_TEST_PG")
conn() { echo "host=$pg_host port=$pg_port user=postgres dbname=$1"; }
spec() { echo "postgresql:///$1?host=$pg_host&port=$pg_port&user=postgres"; }
live="layso_live_$$"
restored="layso_restored_$$"
psql -X -q -d "$LAYSO_TEST_PG" -c "CREATE DATABASE $live" -c "CREATE DATABASE $restored"

# shellcheck source=pg-server-lib.sh
. "$(dirname "$0")/pg-server-lib.sh"
start_server() {  # start_server DB [ARG…]: sets server_pid and url
  local db=$1
  shift
  start_server_on "$(spec "$db")" "$db" "$@"
}

start_server "$live" --seed-demo
token=$(sed -n 's/^kiosk token: //p' "$tmp/server.out" | head -n1)
[ -n "$token" ] || fail "no kiosk token printed"
before=$(book 079012345601)
pg_dump -Fc -f "$tmp/layso.dump" "$(conn "$live")" || fail "pg_dump"
after=$(book 079012345602)
stop_server

pg_restore -d "$(conn "$restored")" "$tmp/layso.dump" || fail "pg_restore"
start_server "$restored"
[ "$(status_of "$before" 079012345601)" = 200 ] || fail "the booking made before the dump is missing"
[ "$(status_of "$after" 079012345602)" = 404 ] || fail "the booking made after the dump is there"
book 079012345603 >/dev/null
curl -sf -X POST -H 'Content-Type: application/json' -d '{"now":"2025-09-26T07:10:00+07:00"}' \
  "$url/api/v1/dev/clock" >/dev/null || fail "could not move the clock"
checkin=$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d "{\"input\":\"$before\"}" "$url/api/v1/kiosk/checkin")
[[ "$checkin" == *'"number"'*" 200" ]] || fail "check-in on the restored database: $checkin"
stop_server
echo "ok: dumped while running, restored, booked and checked in on the copy"
