#!/bin/bash
# layso-kiosk under cage, as packaging/systemd/layso-kiosk.service runs it, except for the
# seat: wlroots' headless backend with the pixman renderer instead of DRM on a tty. Checks
# that the GDK Wayland backend reaches the home screen against a real layso-server, that the
# window fills cage's output (1280×720, so the landscape layout) and the home screen fits in
# it with the printer-fault banner, and that SIGTERM ends the
# kiosk cleanly (exit status 0, LeakSanitizer runs) and with it cage.
# usage: kiosk-cage.sh BUILD_DIR      (cage refuses root: run as root, it uses `nobody`)
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/layso-kiosk-cage.XXXXXX)
chmod 0755 "$work"
server_pid= cage_pid=

cleanup() {
  status=$?
  [ -s "$work/kiosk.pid" ] && kill "$(cat "$work/kiosk.pid")" 2>/dev/null || true
  for p in $cage_pid $server_pid; do kill "$p" 2>/dev/null || true; done
  for p in $cage_pid $server_pid; do wait "$p" 2>/dev/null || true; done
  if [ $status -ne 0 ]; then
    echo "--- kiosk log"; cat "$work/kiosk.log" 2>/dev/null || true
    echo "--- cage + kiosk stderr"; tail -40 "$work/cage.err" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

"$build/server/layso-server" --db "sqlite:$work/layso.db" --listen 127.0.0.1:0 \
  --seed "$src/assets/demo/seed.json" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/server.out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/server.out")
token=$(sed -n 's/^kiosk token: //p' "$work/server.out" | head -1)
[ -n "$base" ] && [ -n "$token" ] || fail "layso-server did not start"

cat >"$work/kiosk.conf" <<CONF
[server]
url=$base
token=$token
[printer]
name=layso-none
[camera]
source=none
CONF
user=()
if [ "$(id -u)" -eq 0 ]; then
  user=(runuser -u nobody --)
  install -d -o nobody -m 0700 "$work/xdg"
  install -d -o nobody "$work/shots"
  touch "$work/kiosk.log" "$work/kiosk.pid" "$work/kiosk.status"
  chown nobody "$work/kiosk.log" "$work/kiosk.pid" "$work/kiosk.status"
else
  install -d -m 0700 "$work/xdg"; mkdir "$work/shots"
fi
chmod 0644 "$work/kiosk.conf"

"${user[@]}" env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 XDG_RUNTIME_DIR="$work/xdg" \
  WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
  GDK_BACKEND=wayland GDK_DEBUG=gl-disable GSK_RENDERER=cairo GTK_A11Y=none G_DEBUG=fatal-warnings \
  LSAN_OPTIONS="suppressions=$src/tests/lsan.supp" \
  LAYSO_KIOSK_TEST_LOG="$work/kiosk.log" LAYSO_KIOSK_SCREENSHOT_DIR="$work/shots" \
  cage -d -- sh -c 'p=$1 s=$2; shift 2; "$@" & echo $! >"$p"; wait $!; echo $? >"$s"' sh "$work/kiosk.pid" \
    "$work/kiosk.status" "$build/kiosk/layso-kiosk" --config "$work/kiosk.conf" \
    >"$work/cage.out" 2>"$work/cage.err" &
cage_pid=$!

# There is no printer (no cupsd): the home screen gets the printer-fault banner, its tallest
# form, which must still fit the 1280×720 output (before, the third row of field buttons ran
# off the bottom under the priority toggle, or the window grew past the output).
for _ in $(seq 300); do grep -q ' settled .*-home-printer-fault' "$work/kiosk.log" 2>/dev/null && break; sleep 0.1; done
line=$(grep -m1 ' settled .*-home-printer-fault' "$work/kiosk.log") ||
  fail "no home screen with the printer fault under cage within 30 s"
grep -q 'page=home event=ready | Lấy số thứ tự | Xác thực lịch hẹn' "$work/kiosk.log" ||
  fail "the home screen under cage does not show its texts"
shot=$(ls "$work/shots" | grep -- '-home-printer-fault' | head -1)
size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$work/shots/$shot")
[ "$size" = 1280x720 ] || fail "the window is $size, not cage's whole 1280x720 output"
! grep ' settled .* fits=no' "$work/kiosk.log" ||
  fail "buttons off the 1280x720 screen or over each other (the test hook's fits=no)"
# Landscape: "Xác thực lịch hẹn" sits in the left half.
x=$(printf '%s\n' "$line" | tr '|' '\n' | sed -n 's#^ *Xác thực lịch hẹn / .*@\([0-9]*\),[0-9]* *$#\1#p')
[ -n "$x" ] && [ "$x" -lt 640 ] || fail "not the landscape layout: $line"

kill -TERM "$(cat "$work/kiosk.pid")"
for _ in $(seq 100); do kill -0 "$cage_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$cage_pid" 2>/dev/null && fail "cage did not exit with the kiosk"
wait "$cage_pid" || true   # cage's own status says nothing about the kiosk: the wrapper's file does
cage_pid=
kiosk_status=$(cat "$work/kiosk.status")
[ "$kiosk_status" = 0 ] || fail "layso-kiosk exited with status ${kiosk_status:-unknown} on SIGTERM, not 0"
! grep -q 'ERROR: \(Address\|Leak\)Sanitizer' "$work/cage.err" || fail "sanitizer report from layso-kiosk"
! grep -q 'CRITICAL\|WARNING' "$work/cage.err" || fail "GLib warnings from layso-kiosk"
echo "PASS kiosk under cage ($size)"
