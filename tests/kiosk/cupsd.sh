#!/bin/sh
# A private cupsd for tests, with a backend that appends each job to a file.
#   cupsd.sh start DIR [OWNER_PID]   set up DIR, start cupsd, create the queues; prints
#                                    CUPS_SERVER=DIR/cups.sock. With OWNER_PID, a watchdog
#                                    stops cupsd and removes DIR when that process dies
#                                    (a test that aborts still cleans up).
#   cupsd.sh stop DIR                stop cupsd and remove DIR.
#   cupsd.sh run DIR CMD ARGS...     start, run CMD with CUPS_SERVER exported, stop (trap).
# Queues (each writes to DIR/out/<queue>, one job appended after the other):
#   layso-raw   raw queue (ESC/POS bytes pass through untouched)
#   layso-pdf   driver queue for a PDF thermal printer (thermal-pdf.ppd: 58/80 mm rolls, custom
#               lengths; cups-filters' pdftopdf applies the job's page size) when pdftopdf
#               is installed
# Faults: while DIR/out/<queue>.fault exists, the backend prints "STATE: +<its content>" on
# stderr and exits 4 (stop printer), as a thermal printer out of paper would; while
# DIR/out/<queue>.hang exists, the backend never finishes a job.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|run DIR ..." >&2; exit 2; }

stop() {
  if [ -f "$dir/cupsd.pid" ]; then
    pid=$(cat "$dir/cupsd.pid")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
  fi
  watchdog_pid=$(cat "$dir/watchdog.pid" 2>/dev/null || true)
  case "$dir" in /tmp/*|/var/tmp/*) rm -rf "$dir" ;; esac
  # The watchdog runs this very function (the shell may exec it as this process): not itself.
  if [ -n "$watchdog_pid" ] && [ "$watchdog_pid" != "$$" ]; then
    kill "$watchdog_pid" 2>/dev/null || true
  fi
}

write_config() {
  mkdir -p "$dir/etc/ppd" "$dir/spool/tmp" "$dir/cache" "$dir/state/certs" "$dir/log" \
           "$dir/bin" "$dir/out"
  chmod 0755 "$dir" "$dir/out"
  # ServerBin: the system's filters and daemons, plus our backend (root, 0700: run as root).
  for f in /usr/lib/cups/*; do
    [ "$(basename "$f")" = backend ] || ln -s "$f" "$dir/bin/"
  done
  mkdir "$dir/bin/backend"
  for b in /usr/lib/cups/backend/*; do ln -s "$b" "$dir/bin/backend/"; done
  install -m 0700 "$here/layso-test-backend" "$dir/bin/backend/layso-test"
  for f in /etc/cups/*.types /etc/cups/*.convs; do
    [ -e "$f" ] && cp "$f" "$dir/etc/"
  done
  cat > "$dir/etc/cupsd.conf" <<CONF
Listen $dir/cups.sock
Browsing Off
WebInterface No
LogLevel warn
MaxLogSize 0
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
  cat > "$dir/etc/cups-files.conf" <<CONF
FileDevice Yes
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
ServerBin $dir/bin
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
CONF
}

start() {
  [ ! -e "$dir/cupsd.pid" ] || { echo "$0: $dir already has a cupsd" >&2; exit 1; }
  write_config
  cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" >"$dir/log/stdout" 2>&1 &
  echo $! > "$dir/cupsd.pid"
  i=0
  until [ -S "$dir/cups.sock" ] && lpstat -h "$dir/cups.sock" -r >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$(cat "$dir/cupsd.pid")" 2>/dev/null; then
      echo "$0: cupsd did not start:" >&2; cat "$dir/log/error_log" "$dir/log/stdout" >&2 || true
      stop; exit 1
    fi
    sleep 0.05
  done
  lpadmin -h "$dir/cups.sock" -p layso-raw -E -v "layso-test:$dir/out/layso-raw" -m raw 2>>"$dir/log/lpadmin"
  if [ -x /usr/lib/cups/filter/pdftopdf ]; then
    lpadmin -h "$dir/cups.sock" -p layso-pdf -E -v "layso-test:$dir/out/layso-pdf" \
      -P "$here/thermal-pdf.ppd" 2>>"$dir/log/lpadmin"
  fi
}

watchdog() {
  owner=$1
  ( trap '' HUP
    while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 0.5; done
    [ -d "$dir" ] && "$0" stop "$dir" ) </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/watchdog.pid"
}

case "$cmd" in
  start)
    start
    [ -z "${3:-}" ] || watchdog "$3"
    echo "CUPS_SERVER=$dir/cups.sock"
    ;;
  stop)
    stop
    ;;
  run)
    shift 2
    mkdir -p "$dir"
    trap stop EXIT INT TERM
    start
    CUPS_SERVER="$dir/cups.sock" "$@"
    ;;
  *)
    echo "usage: $0 start|stop|run DIR ..." >&2; exit 2
    ;;
esac
