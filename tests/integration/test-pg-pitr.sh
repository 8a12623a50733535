#!/usr/bin/env bash
# docs/deploy.md's point-in-time recovery, done as written while a server runs: a cluster with
# the WAL archived (wal_level, archive_mode, archive_command), a base backup (pg_basebackup -Ft
# -z -X stream), booking A, the moment to go back to, booking B; then the base backup restored
# into a fresh data directory with restore_command, recovery_target_time and recovery.signal,
# and a server on it. A is there, B is not (its WAL was archived: the target stopped the
# replay, not a missing segment), and new bookings go on.
#
# The shared cluster (tests/pg) cannot have archive_mode changed, so this test starts two of
# its own with tests/pg/cluster.sh: the live one, and the recovered one. Their sockets are in
# their own directories and they listen on no TCP, so their ports meet no other cluster.
#
# Environment (tests/integration/CMakeLists.txt): LAYSO_SERVER, LAYSO_TEST_PG (unused: the
# fixture only orders this test among the PostgreSQL ones).
set -euo pipefail
: "${LAYSO_SERVER:?}"
cluster_sh=$(cd "$(dirname "$0")/../pg" && pwd)/cluster.sh
[ -x "$cluster_sh" ] || { echo "FAIL: no $cluster_sh" >&2; exit 1; }
# the client tools of the server cluster.sh runs (pg_basebackup refuses a newer server)
bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
for tool in "$bindir/pg_basebackup" "$bindir/psql" curl python3 tar; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed" >&2; exit 1; }
done
psql_bin=$bindir/psql

tmp=$(mktemp -d /tmp/layso-pitr-XXXXXX)
chmod 755 "$tmp" # the clusters run as postgres, inside it
live_dir=$tmp/live           # cluster.sh's DIR: data in DIR/data, socket in DIR
restored_dir=$tmp/restored
backup=$tmp/backup           # docs/deploy.md's /backup: base/ and wal/
live_port=55400 restored_port=55401
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null || true
  "$cluster_sh" stop "$live_dir" "$live_port" >/dev/null 2>&1 || true
  "$cluster_sh" stop "$restored_dir" "$restored_port" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [ -f "$tmp/server.err" ] && tail -n 5 "$tmp/server.err" >&2
  for log in "$live_dir/log" "$restored_dir/log"; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 10 "$log" >&2; }
  done
  exit 1
}
as_owner() {  # as the clusters' owner, as cluster.sh runs them
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

db=layso
sql() {  # sql DIR PORT STATEMENT: one value
  "$psql_bin" -X -qAt -v ON_ERROR_STOP=1 -d "host=$1 port=$2 user=postgres dbname=$db" -c "$3"
}
spec() { echo "postgresql:///$db?host=$1&port=$2&user=postgres"; }

# shellcheck source=pg-server-lib.sh
. "$(dirname "$0")/pg-server-lib.sh"
start_server() {  # start_server DIR PORT [ARG…]: sets server_pid and url
  local dir=$1 port=$2
  shift 2
  start_server_on "$(spec "$dir" "$port")" "$dir" "$@"
}
switch_wal() {  # switch_wal: closes the current WAL segment and waits until it is archived
  local seg
  seg=$(sql "$live_dir" "$live_port" "SELECT pg_walfile_name(pg_switch_wal())") ||
    fail "pg_switch_wal"
  for _ in $(seq 1 300); do [ -f "$backup/wal/$seg" ] && return; sleep 0.1; done
  fail "WAL segment $seg was not archived"
}

# the live cluster, with docs/deploy.md's postgresql.conf lines (archive_mode needs a restart)
"$cluster_sh" start "$live_dir" "$live_port" >/dev/null || fail "cluster.sh start"
mkdir -p "$backup/wal"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$backup"
cat >>"$live_dir/data/postgresql.conf" <<EOF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $backup/wal/%f && cp %p $backup/wal/%f'
EOF
"$cluster_sh" down "$live_dir" "$live_port" || fail "cluster.sh down"
"$cluster_sh" up "$live_dir" "$live_port" || fail "cluster.sh up with archiving"
"$psql_bin" -X -q -d "host=$live_dir port=$live_port user=postgres dbname=postgres" \
    -c "CREATE DATABASE $db" || fail "CREATE DATABASE"
[ "$(sql "$live_dir" "$live_port" "SHOW archive_mode")" = on ] || fail "archive_mode is not on"

start_server "$live_dir" "$live_port" --seed-demo
# the base backup, while the server runs: docs/deploy.md's -Ft -z -X stream, plus -c fast (without
# it pg_basebackup first waits for a spread checkpoint, over a minute and a half here); as the
# clusters' owner, so that the restore, as that owner too, can read it
as_owner "$bindir/pg_basebackup" -h "$live_dir" -p "$live_port" -U postgres \
  -D "$backup/base" -Ft -z -X stream -c fast || fail "pg_basebackup"
a=$(book 079012345601)
# the moment to go back to: after A's commit. clock_timestamp() is read after the query's
# snapshot sees A's row, so A's commit record is earlier (now() is the transaction's start,
# which may precede a commit the snapshot still sees)
target=$(sql "$live_dir" "$live_port" \
  "SELECT clock_timestamp() FROM bookings WHERE code = '$a' AND cccd = '079012345601'")
[ -n "$target" ] || fail "booking $a is not in the live database"
switch_wal
sleep 1
b=$(book 079012345602)
[ "$(status_of "$b" 079012345602)" = 200 ] || fail "booking $b is not there on the live server"
switch_wal # B's WAL is in the archive too: only the target keeps B out
stop_server
"$cluster_sh" stop "$live_dir" "$live_port" || fail "cluster.sh stop"

# docs/deploy.md's recovery: the base backup into a fresh data directory, restore_command,
# recovery_target_time, recovery.signal; recovery_target_action = 'promote' so that it opens
# for writes at the target (the default, 'pause', would keep it read-only in recovery)
mkdir -p "$restored_dir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$restored_dir"
chmod 700 "$restored_dir"
as_owner mkdir -m 700 "$restored_dir/data"
as_owner tar -xzf "$backup/base/base.tar.gz" -C "$restored_dir/data" || fail "untar base"
as_owner tar -xzf "$backup/base/pg_wal.tar.gz" -C "$restored_dir/data/pg_wal" || fail "untar pg_wal"
cat >>"$restored_dir/data/postgresql.conf" <<EOF
restore_command = 'cp $backup/wal/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
EOF
as_owner touch "$restored_dir/data/recovery.signal"
"$cluster_sh" up "$restored_dir" "$restored_port" || fail "the restored cluster did not start"
for _ in $(seq 1 300); do
  [ "$(sql "$restored_dir" "$restored_port" "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] &&
    break
  sleep 0.1
done
[ "$(sql "$restored_dir" "$restored_port" "SELECT pg_is_in_recovery()")" = f ] ||
  fail "the restored cluster is still in recovery after 30 s"
grep -q 'recovery stopping before commit' "$restored_dir/log" ||
  fail "recovery did not stop at the target (recovery_target_time = '$target')"

start_server "$restored_dir" "$restored_port"
[ "$(status_of "$a" 079012345601)" = 200 ] || fail "booking A ($a), made before the target, is missing"
[ "$(status_of "$b" 079012345602)" = 404 ] || fail "booking B ($b), made after the target, is there"
book 079012345603 >/dev/null
stop_server
echo "ok: recovered to $target from a base backup and archived WAL: A there, B not, booking goes on"
