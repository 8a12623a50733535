#!/usr/bin/env bash
# layso-say, the technician's tool: the reading, the WAV, a bad clips folder named, usage.
# Usage: test-layso-say.sh PATH/TO/layso-say
set -euo pipefail
say=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$("$say" --text A1002 3)" = "Mời số a, một nghìn không trăm linh hai, đến quầy số ba
moi-so a mot nghin khong tram linh hai den-quay-so ba" ] || fail "--text A1002 3"
[ "$("$say" --text A001 12 | head -1)" = "Mời số a, không không một, đến quầy số mười hai" ] ||
  fail "--text A001 12"
"$say" --words >"$work/words"
grep -Fx "$(printf 'moi-so\t\tMời số')" "$work/words" >/dev/null || fail "--words lacks moi-so"
grep -Fx "$(printf 'ba\t3\tba')" "$work/words" >/dev/null || fail "--words lacks ba/3"

"$say" A1002 3 >"$work/call.wav" || fail "layso-say A1002 3"
[ "$(head -c 4 "$work/call.wav")" = RIFF ] || fail "not a WAV"
[ "$(stat -c %s "$work/call.wav")" -gt 100000 ] || fail "WAV too short"

mkdir "$work/clips"
printf 'not a wav' >"$work/clips/den-quay-so.wav"
if "$say" --clips "$work/clips" A1 2 >"$work/out.wav" 2>"$work/err"; then fail "bad clip accepted"; fi
grep -F "$work/clips/den-quay-so.wav: not a RIFF WAVE file" "$work/err" >/dev/null ||
  fail "the error does not name the clip: $(cat "$work/err")"
rm "$work/clips/den-quay-so.wav"
"$say" --clips "$work/clips" A1 2 >"$work/out.wav" || fail "an empty clips folder"

for args in "A1002" "A1002 0" "A-1 3" "A1 x"; do
  rc=0
  # shellcheck disable=SC2086
  "$say" $args >/dev/null 2>&1 || rc=$?
  [ "$rc" -eq 2 ] || [ "$rc" -eq 1 ] || fail "layso-say $args: exit $rc"
  [ "$rc" -ne 0 ] || fail "layso-say $args accepted"
done
echo "layso-say ok"
