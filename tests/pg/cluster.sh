#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster for the tests (RECIPES.md "PostgreSQL").
#   tests/pg/cluster.sh start DIR PORT   initdb in DIR/data (as the postgres user), start it with
#                                        its socket in DIR, no TCP; prints its conninfo
#   tests/pg/cluster.sh stop DIR PORT    stops it (immediate) and removes DIR
#   tests/pg/cluster.sh down DIR PORT    stops it (fast), keeping its data: the database is gone
#   tests/pg/cluster.sh up DIR PORT      starts it again on its data (an outage is over)
# initdb refuses root, so as root the cluster runs as `postgres` (runuser); as another user it
# runs as that user. Tests connect with "host=DIR port=PORT user=postgres dbname=postgres"
# (ctest hands it over as LAYSO_TEST_PG) and create a database of their own.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 start|stop|down|up DIR PORT" >&2; exit 2; }
action=$1 dir=$2 port=$3

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "cluster.sh: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

down() {  # down [MODE]
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m "${1:-fast}" -w stop >/dev/null
  fi
}

# durable as in production (fsync, synchronous_commit on): the tests measure the real thing
up() {
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-k $dir -p $port -c listen_addresses= -c max_connections=300" start >/dev/null
}

# Immediate: the data is deleted next, so the shutdown checkpoint (every test database's
# dirty pages written and synced) would be work thrown away; under load it once took a minute.
stop() {
  down immediate
  rm -rf "$dir"
}

case "$action" in
  start)
    stop # a cluster left by an interrupted run
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log"
    up
    echo "host=$dir port=$port user=postgres dbname=postgres"
    ;;
  stop | down | up)
    "$action"
    ;;
  *)
    echo "usage: $0 start|stop|down|up DIR PORT" >&2
    exit 2
    ;;
esac
