#!/usr/bin/env bash
# Builds the component .debs with CPack from the test build and checks what a technician
# gets: each package's files, its dependencies and maintainer script, and that the packaged
# server serves the packaged pages.
set -euo pipefail
build=$1
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
server_deb=$(ls "$work"/out/layso-server_*.deb)
kiosk_deb=$(ls "$work"/out/layso-kiosk_*.deb 2>/dev/null || true)

# grep reads all its input (no -q): under pipefail a writer cut short by SIGPIPE would fail
# the pipeline however the match went
has_file() { dpkg-deb -c "$1" | awk '{print $6}' | grep -x "$2" >/dev/null || fail "$(basename "$1") lacks $2"; }
has_file "$server_deb" ./usr/bin/layso-server
has_file "$server_deb" ./usr/lib/systemd/system/layso-server.service
has_file "$server_deb" ./usr/lib/systemd/system/layso-server@.service
has_file "$server_deb" ./usr/lib/systemd/system/layso-server.target
has_file "$server_deb" ./usr/share/doc/layso-server/layso-cluster.conf.example
has_file "$server_deb" ./usr/share/layso/web/dat-lich.html
dpkg-deb -f "$server_deb" Depends | grep fonts-noto-core >/dev/null || fail "server must depend on fonts-noto-core"
dpkg-deb -f "$server_deb" Depends | grep libmicrohttpd >/dev/null || fail "server shlibdeps missing"
has_file "$server_deb" ./usr/bin/layso-say
has_file "$server_deb" ./usr/share/doc/layso-server/layso-board.service.example
dpkg-deb -f "$server_deb" Depends | grep espeak-ng-data >/dev/null || fail "server must depend on espeak-ng-data"
dpkg-deb -f "$server_deb" Depends | grep libespeak-ng1 >/dev/null || fail "server shlibdeps miss libespeak-ng1"
grep -q '^DynamicUser=yes' <(dpkg-deb --fsys-tarfile "$server_deb" |
  tar -xO ./usr/lib/systemd/system/layso-server.service) || fail "server unit must use DynamicUser"

if [ -n "$kiosk_deb" ]; then
  has_file "$kiosk_deb" ./usr/bin/layso-kiosk
  has_file "$kiosk_deb" ./usr/lib/systemd/system/layso-kiosk.service
  dpkg-deb -f "$kiosk_deb" Depends | grep cage >/dev/null || fail "kiosk must depend on cage"
  dpkg-deb -f "$kiosk_deb" Depends | grep libgtk-4 >/dev/null || fail "kiosk shlibdeps missing"
  dpkg-deb -e "$kiosk_deb" "$work/kiosk-ctl"
  grep -q "adduser --system" "$work/kiosk-ctl/postinst" || fail "kiosk postinst must create its user"
fi

# The packaged binary with the packaged pages.
dpkg-deb -x "$server_deb" "$work/root"
"$work/root/usr/bin/layso-server" --db "sqlite:$work/t.db" --listen 127.0.0.1:0 --seed-demo \
  --assets "$work/root/usr/share/layso/web" >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$work/stdout" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/stdout")
[ -n "$url" ] || { cat "$work/stderr"; fail "packaged server did not start"; }
curl -fsS "$url/dat-lich" | grep 'Đặt lịch' >/dev/null || fail "/dat-lich not served from the package"
curl -fsS "$url/api/v1/health" | grep '"status":"ok"' >/dev/null || fail "health"
kill -TERM "$server_pid"; wait "$server_pid" || fail "server exit status $?"
server_pid=
# The packaged voice tool speaks, offline, into a well-formed WAV.
"$work/root/usr/bin/layso-say" A1002 3 >"$work/call.wav" || fail "layso-say"
[ "$(head -c 4 "$work/call.wav")" = RIFF ] || fail "layso-say wrote no WAV"
[ "$(stat -c %s "$work/call.wav")" -gt 100000 ] || fail "layso-say wrote a short WAV"
echo "packages ok: $(basename "$server_deb") ${kiosk_deb:+$(basename "$kiosk_deb")}"
