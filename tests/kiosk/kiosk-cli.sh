#!/bin/bash
# layso-kiosk's command line: a missing or wrong configuration is one line on stderr and a
# non-zero exit, before any window (no display needed).
# usage: kiosk-cli.sh BUILD_DIR
set -euo pipefail
kiosk=$(cd "$1" && pwd)/kiosk/layso-kiosk
work=$(mktemp -d /tmp/layso-kiosk-cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

check() { # check EXPECTED_STATUS EXPECTED_STDERR ARGS...
  local want_status=$1 want_err=$2 status=0; shift 2
  env -u DISPLAY -u WAYLAND_DISPLAY "$kiosk" "$@" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" -eq "$want_status" ] || fail "$* exited $status, not $want_status"
  [ "$(cat "$work/err")" = "$want_err" ] || fail "$*: stderr was '$(cat "$work/err")', not '$want_err'"
}

printf '[server]\nurl=https://a.vn\ntoken=t\n[printer]\nname=k\npaper_mm=70\n' >"$work/paper.conf"
printf '[server]\ntoken=t\n[printer]\nname=k\n' >"$work/no-url.conf"
printf '[kiosk]\ncountdown_second=3\n' >"$work/typo.conf"

check 2 "layso-kiosk: --config FILE is required"
check 1 "layso-kiosk: $work/paper.conf: [printer] paper_mm must be 80 or 58, not \"70\"" --config "$work/paper.conf"
check 1 "layso-kiosk: $work/no-url.conf: [server] url is missing" --config "$work/no-url.conf"
check 1 "layso-kiosk: $work/typo.conf: [kiosk] countdown_second is not a known key" --config "$work/typo.conf"
check 1 "layso-kiosk: $work/none.conf: Failed to open file “$work/none.conf”: No such file or directory" \
  --config "$work/none.conf"
check 0 "" --version
[ "$(cat "$work/out")" = "layso-kiosk $(sed -n 's/^project(layso VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../../CMakeLists.txt")" ] ||
  fail "--version printed '$(cat "$work/out")'"
echo "PASS kiosk command line"
