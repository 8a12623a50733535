#!/bin/bash
# A hung cupsd never hangs the kiosk: CUPS_SERVER names a socket that accepts every connection
# and never answers. A booking QR shown to the camera still reaches "Lấy số thành công!" with
# the number and "hãy ghi nhớ số phiếu" (the printer check gives up after its deadline and
# counts as a fault), the home banner shows the fault, and the server records the ticket as
# not printed, with the reason.
# usage: kiosk-hung-cups.sh BUILD_DIR
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/layso-kiosk-hung-cups.XXXXXX)
server_pid= xvfb_pid= kiosk_pid= cups_pid=

cleanup() {
  status=$?
  for p in $kiosk_pid $server_pid $xvfb_pid $cups_pid; do kill "$p" 2>/dev/null || true; done
  for p in $kiosk_pid $server_pid $xvfb_pid $cups_pid; do wait "$p" 2>/dev/null || true; done
  if [ $status -ne 0 ]; then
    echo "--- kiosk log"; cat "$work/kiosk.log" 2>/dev/null || true
    echo "--- kiosk stderr"; tail -50 "$work/kiosk.err" 2>/dev/null || true
    echo "--- server stderr"; tail -20 "$work/server.err" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 1' INT TERM

. "$src/tests/kiosk/lib.sh"

# --- the hung cupsd: accepts, holds every connection open, reads and answers nothing --------
python3 - "$work/cups.sock" "$work/cups.accepted" <<'PY' &
import socket, sys
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(sys.argv[1])
listener.listen(64)
held = []
while True:
    connection, _ = listener.accept()
    held.append(connection)
    with open(sys.argv[2], "w") as f:
        f.write(f"{len(held)}\n")
PY
cups_pid=$!
for _ in $(seq 100); do [ -S "$work/cups.sock" ] && break; sleep 0.05; done
[ -S "$work/cups.sock" ] || fail "the hung cupsd did not start"
export CUPS_SERVER=$work/cups.sock

# --- server ---------------------------------------------------------------------------------
start_server
code=$(book "Nguyễn Văn An" 012345678901)
[ ${#code} -eq 4 ] || fail "booking failed"
set_clock 2025-09-26T07:10:00+07:00
qrencode -o "$work/booking.png" -s 8 "$code"

# --- display and kiosk ----------------------------------------------------------------------
exec 5>"$work/display"
Xvfb -displayfd 5 -screen 0 1080x1920x24 -nolisten tcp >"$work/xvfb.err" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
export DISPLAY=:$(head -1 "$work/display")

cat >"$work/kiosk.conf" <<CONF
[server]
url=$base
token=$token
[printer]
name=layso-raw
mode=escpos
check_seconds=1
[camera]
source=files:$work/booking.png
file_interval_ms=2000
[kiosk]
countdown_seconds=3
fullscreen=false
CONF
export GTK_A11Y=none GSK_RENDERER=cairo GDK_DEBUG=gl-disable G_DEBUG=fatal-warnings LC_ALL=C.UTF-8
export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp
export LAYSO_KIOSK_TEST_LOG=$work/kiosk.log
"$build/kiosk/layso-kiosk" --config "$work/kiosk.conf" >"$work/kiosk.out" 2>"$work/kiosk.err" &
kiosk_pid=$!

wait_log 'page=home event=ready' 30
wait_log 'event=scanned' 20; scanned_ms=${LINE%% *}
# The printer check is given PRINTER_CHECK_DEADLINE_MS (3 s), libcups its own timeouts: the
# number comes well within 15 s whatever CUPS does.
wait_log 'page=result event=ticket' 15; line=$LINE
expect "$line" "Lấy số thành công!" "$code" "SỐ PHIẾU" "A1001" "hãy ghi nhớ số phiếu"
lacks "$line" "Nguyễn Văn An"
echo "scan to number on screen: $(( ${line%% *} - scanned_ms )) ms"
[ "$(cat "$work/cups.accepted" 2>/dev/null || echo 0)" -ge 1 ] ||
  fail "the kiosk never connected to the hung cupsd (the test proves nothing)"
curl -sf "$base/api/v1/bookings/$code?cccd=012345678901" | grep '"status":"checked_in"' >/dev/null ||
  fail "booking $code is not checked_in"

# The countdown brings the home screen back, with the fault on its banner.
wait_log 'page=home event=home' 10; line=$LINE
expect "$line" "Máy in đang gặp sự cố" "vui lòng ghi nhớ số phiếu"

# What the kiosk reported for the ticket: not printed, with the reason.
for _ in $(seq 50); do
  reported=$(sqlite3 -readonly "$work/layso.db" \
    "SELECT number || ':' || ifnull(print_ok, '-') || ':' || ifnull(print_reason, '') FROM tickets")
  case "$reported" in *":-:"*) sleep 0.1 ;; *) break ;; esac
done
case "$reported" in
  "A1001:0:timed-out"|"A1001:0:cups-unavailable") ;;
  *) fail "tickets on the server: $reported (expected A1001 not printed, with the reason)" ;;
esac

kill -TERM "$kiosk_pid"
wait "$kiosk_pid" || fail "layso-kiosk exited with $? on SIGTERM (ASan/LSan report in its stderr?)"
kiosk_pid=
echo "PASS kiosk hung cupsd"
