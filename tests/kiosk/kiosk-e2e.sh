#!/bin/bash
# End to end: a real layso-server (temp SQLite, the kiosk tests' seed: the notice's six long
# field names, --dev clock), a private cupsd with
# the test backend, and layso-kiosk under Xvfb (1080×1920) with matchbox as window manager.
# The camera replays QR images: a booking code, the same code again, then a CCCD card.
# Screens are checked from the kiosk's test log (widget texts) and, for two of them, by OCR of
# what is drawn (tesseract -l vie).
#   1. booking QR on the home screen -> "Lấy số thành công!", the ticket printed as ESC/POS
#      (its QR read back from the raster names the ticket the server issued), booking
#      checked_in on the server; the countdown brings the home screen back
#   2. the same QR again -> back on the verify screen with "Mã đặt chỗ không hợp lệ hoặc đã
#      được sử dụng" above the code, kept; nothing printed; "Quay lại" -> home
#   3. printer stopped (cupsdisable) -> the fault banner on the home screen
#   4. CCCD card QR -> ticket by CCCD, nothing printed, "hãy ghi nhớ số phiếu"
#   5. an afternoon booking's code typed on a hardware keyboard on the home screen (xdotool)
#      + Enter -> "Chưa đến giờ xác thực" with the window, on the verify screen with the code
#      kept and selected: typing "abc" replaces it, and "ABC" + Enter is refused on the kiosk
#      ("Vui lòng nhập mã đặt chỗ…"), "ABC" kept; the verify screen shows the camera's last
#      picture (the CCCD QR, mirrored) as its live preview
#   6. printer back (cupsenable); priority + "Lĩnh vực Tư pháp - Hộ tịch" tapped -> walk-in
#      B001 printed
#   7. a key on the home screen, then nothing: home again after idle_seconds
#   8. server stopped: a typed code -> "Không kết nối được máy chủ"; server back, "Thử lại" ->
#      the ticket (A1003)
# and at the end, the print results and the priority flag as the server stored them, and OCR
# of the result ("Thông tin quan trọng"), the verify error and the home screen (the long field
# names whole).
# usage: kiosk-e2e.sh BUILD_DIR
# env:   LAYSO_KIOSK_SCREENSHOTS=DIR   copy the screens to DIR/kiosk-*.png (docs/screenshots)
#        LAYSO_KIOSK_FIGURES=FILE      append the measured figures to FILE
#        LAYSO_KIOSK_SCREEN=1920x1080  a landscape screen (screenshots named kiosk-landscape-*)
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
server_bin=$build/server/layso-server
kiosk_bin=$build/kiosk/layso-kiosk
work=$(mktemp -d /tmp/layso-kiosk-e2e.XXXXXX)
server_pid= xvfb_pid= wm_pid= kiosk_pid=

cleanup() {
  status=$?
  for p in $kiosk_pid $wm_pid $server_pid $xvfb_pid; do kill "$p" 2>/dev/null || true; done
  for p in $kiosk_pid $wm_pid $server_pid $xvfb_pid; do wait "$p" 2>/dev/null || true; done
  "$src/tests/kiosk/cupsd.sh" stop "$work/cups" >/dev/null 2>&1 || true
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
# ocr PNG: the text tesseract reads, as blocks (psm 3) and as sparse text (psm 11): either one
# alone misses parts of a two-column screen.
# In grey: tesseract misses red text on pink (the fault banner) in colour.
ocr() {
  local grey=$work/ocr-grey.png
  /usr/bin/convert "$1" -colorspace Gray "$grey" || fail "cannot read the screenshot $1"
  { tesseract "$grey" - -l vie --psm 3; tesseract "$grey" - -l vie --psm 11; } 2>/dev/null | tr '\n' ' '
}
printed_bytes() { stat -c %s "$work/cups/out/layso-raw" 2>/dev/null || echo 0; }

# --- server ---------------------------------------------------------------------------------
start_server

code1=$(book "Nguyễn Văn An" 012345678901)
code2=$(book "Trần Thị Bình" 079203001234)
code3=$(book "Lê Văn Cường" 001099012345)
code4=$(book "Phạm Thị Dung" 036188004567 1400-1600)
[ ${#code1} -eq 4 ] && [ ${#code2} -eq 4 ] && [ ${#code3} -eq 4 ] && [ ${#code4} -eq 4 ] ||
  fail "booking failed"
# The check-in window of 07:30-09:30 opens at 07:00.
set_clock 2025-09-26T07:10:00+07:00

qrencode -o "$work/booking.png" -s 8 "$code1"
printf '079203001234||Trần Thị Bình|01011990|Nữ|TDP 4, Phường Phổ Yên|15082021' |
  qrencode -o "$work/cccd.png" -s 6 -8

# --- printer --------------------------------------------------------------------------------
eval "$("$src/tests/kiosk/cupsd.sh" start "$work/cups" $$ | grep '^CUPS_SERVER=')"
export CUPS_SERVER
lpstat -p layso-raw >/dev/null || fail "no layso-raw queue"

# --- display --------------------------------------------------------------------------------
exec 5>"$work/display"
screen=${LAYSO_KIOSK_SCREEN:-1080x1920}
Xvfb -displayfd 5 -screen 0 "${screen}x24" -nolisten tcp >"$work/xvfb.err" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
export DISPLAY=:$(head -1 "$work/display")
matchbox-window-manager -use_titlebar no >/dev/null 2>&1 &
wm_pid=$!

# --- kiosk ----------------------------------------------------------------------------------
interval_ms=8000
cat >"$work/kiosk.conf" <<CONF
[server]
url=$base
token=$token
[printer]
name=layso-raw
mode=escpos
paper_mm=80
check_seconds=1
[camera]
source=files:$work/booking.png,$work/booking.png,$work/cccd.png
file_interval_ms=$interval_ms
[kiosk]
countdown_seconds=4
error_seconds=3
idle_seconds=8
fullscreen=true
CONF
# No GPU under Xvfb: without gl-disable GDK probes Mesa, whose unloaded driver leaks 128 bytes
# that LeakSanitizer cannot attribute to any library name.
export GTK_A11Y=none GSK_RENDERER=cairo GDK_DEBUG=gl-disable G_DEBUG=fatal-warnings LC_ALL=C.UTF-8
export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp
export LAYSO_KIOSK_TEST_LOG=$work/kiosk.log LAYSO_KIOSK_SCREENSHOT_DIR=$work/shots
launch_ms=$(now_ms)
"$kiosk_bin" --config "$work/kiosk.conf" >"$work/kiosk.out" 2>"$work/kiosk.err" &
kiosk_pid=$!

wait_log 'page=home event=ready' 30; line=$LINE
startup_ms=$(( ${line%% *} - launch_ms ))
expect "$line" "Lấy số thứ tự" "Xác thực lịch hẹn" "Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC" \
  "Văn hóa, Khoa học, Thông tin - Nội vụ - Y tế - Giáo dục, đào tạo" "CN Văn phòng đăng ký đất đai" \
  "Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai"

tap() { # tap LABEL: click the centre of the button the kiosk logged for LABEL (in $line)
  local xy
  xy=$(printf '%s\n' "$line" | tr '|' '\n' | sed -n "s/^ *$1@\([0-9]*\),\([0-9]*\) *$/\1 \2/p" | head -1)
  [ -n "$xy" ] || fail "no button '$1' on the screen"
  xdotool mousemove $xy click 1
}

# 1. the booking QR
wait_log 'event=scanned' 20; scan=$LINE
wait_log 'page=result event=ticket' 15; line=$LINE
expect "$line" "Lấy số thành công!" "********8901" "$code1" "SỐ PHIẾU" "A1001" \
  "Xin vui lòng chờ đến lượt gọi số thứ tự" "Ngày giờ lấy phiếu: 26/09/2025 07:10" "+ Lấy số khác (4)" \
  "Số người đang chờ trước quý khách: 0" \
  "Thông tin quan trọng" \
  "Vui lòng chờ đợi tại khu vực chờ. Số của bạn sẽ được gọi theo thứ tự trên màn hình hiển thị."
lacks "$line" "Nguyễn Văn An" "012345678901"
check_test_log_guard
result_ms=${line%% *}
scan_to_screen_ms=$(( result_ms - ${scan%% *} ))
# What is drawn, not only what the widgets hold: the screen 1.2 s after the result appeared,
# when the countdown must have moved on from 4 (OCR runs later, off the clock).
sleep "$(awk -v t=$(( result_ms + 1200 - $(now_ms) )) 'BEGIN { print (t > 0 ? t / 1000 : 0) }')"
import -window root "$work/countdown.png"
wait_log 'event=printed' 25; line=$LINE
printed_ms=${line%% *}
scan_to_print_ms=$(( printed_ms - ${scan%% *} ))
expect "$line" "Vui lòng nhận phiếu ở khe máy in"
cp "$work/cups/out/layso-raw" "$work/job1.bin"
python3 "$src/tests/kiosk/escpos-to-pbm.py" "$work/job1.bin" "$work/job1.pbm" | grep '^576 x ' >/dev/null ||
  fail "the ticket is not 576 dots wide"
ticket_url=$(zbarimg --raw -q "$work/job1.pbm" | head -1)
ticket_id=${ticket_url##*/phieu/}
[ "$ticket_url" = "$base/phieu/$ticket_id" ] || fail "printed QR '$ticket_url' is not a ticket link"
curl -sf "$base/api/v1/tickets/$ticket_id/status" | grep '"number":"A1001"' >/dev/null ||
  fail "the printed ticket is not A1001 on the server"
curl -sf "$base/api/v1/bookings/$code1?cccd=012345678901" | grep '"status":"checked_in"' >/dev/null ||
  fail "booking $code1 is not checked_in"
wait_log 'page=home event=home' 10; line=$LINE
back_ms=$(( ${line%% *} - result_ms ))
[ $back_ms -ge 3500 ] && [ $back_ms -le 8000 ] || fail "home came back after ${back_ms} ms, not ~4 s"
bytes_after_first=$(printed_bytes)

# 2. the same QR again: the verify screen says why, the code still in the input
wait_log 'page=verify event=error' 20; line=$LINE
expect "$line" "Không xác thực được" "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng" "$code1" \
  "Xác thực cấp số thứ tự"
wait_log 'settled .*-verify-error' 5; line=$LINE
import -window root "$work/used.png"
[ "$(printed_bytes)" -eq "$bytes_after_first" ] || fail "something was printed for a used code"
tap "Quay lại"
wait_log 'page=home event=home' 10; line=$LINE

# 3. printer stopped
cupsdisable layso-raw 2>"$work/cups-client.err"  # libcups notes the missing system D-Bus
wait_log 'page=home event=printer-fault' 10; line=$LINE
expect "$line" "Máy in đang gặp sự cố" "vui lòng ghi nhớ số phiếu"
wait_log 'settled .*-home-printer-fault' 5
fault_shot=$(printf '%s\n' "$LINE" | sed 's/.* settled \([^ ]*\).*/\1/')

# 4. the CCCD card
wait_log 'page=result event=ticket' 20; line=$LINE
# A1001 still waits in the same field: the server's waiting_before reaches the screen.
expect "$line" "Lấy số thành công!" "********1234" "$code2" "A1002" "hãy ghi nhớ số phiếu" \
  "Số người đang chờ trước quý khách: 1"
lacks "$line" "Trần Thị Bình" "079203001234"
curl -sf "$base/api/v1/bookings/$code2?cccd=079203001234" | grep '"status":"checked_in"' >/dev/null ||
  fail "booking $code2 is not checked_in"
[ "$(printed_bytes)" -eq "$bytes_after_first" ] || fail "something was printed after the first ticket"
wait_log 'page=home event=home' 10

# 5. a hardware keyboard on the home screen, the code of an afternoon booking in lower case
xdotool type --delay 80 "${code4,,}"
wait_log 'page=verify event=typed' 5; line=$LINE
# The camera's last picture (the CCCD card's QR) is the live preview, not the placeholder.
case "$line" in *"Đưa mã QR vào trước camera"*) fail "no camera preview on the verify screen: $line" ;; esac
sleep 1
import -window root "$work/verify.png"
xdotool key Return
wait_log 'page=verify event=submitted' 5; line=$LINE
expect "$line" "Xác thực mã đặt chỗ" "$code4" "Xác thực cấp số thứ tự"
wait_log 'page=verify event=error' 10; line=$LINE
expect "$line" "Chưa đến giờ xác thực" "Chưa đến giờ check-in" "13:30" "16:00" "$code4"
[ "$(printed_bytes)" -eq "$bytes_after_first" ] || fail "something was printed for a too early code"
wait_log 'settled .*-verify-error' 5
import -window root "$work/too-early.png"
# Kept and selected: what is typed now replaces the code, ready to correct.
xdotool type --delay 80 abc
xdotool key Return
wait_log 'page=verify event=submitted' 5; line=$LINE
expect "$line" "ABC"
case "$line" in *"$code4"*) fail "the code was not selected after the error: typing added to it: $line" ;; esac
wait_log 'page=verify event=error' 5; line=$LINE
expect "$line" "Không xác thực được" "Vui lòng nhập mã đặt chỗ (4 ký tự) hoặc số CCCD (12 chữ số)" "ABC"
wait_log 'settled .*-verify-error' 5; line=$LINE
tap "Quay lại"
wait_log 'page=home event=home' 10

# 6. printer back; a priority walk-in ticket for "Hộ tịch", tapped on the screen
cupsenable layso-raw 2>"$work/cups-client.err"
wait_log 'page=home event=printer-ready' 10
wait_log 'settled .*-home-printer-ready' 5; line=$LINE
tap "Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai"
sleep 0.3
tap "Lĩnh vực Tư pháp - Hộ tịch"
wait_log 'page=result event=ticket' 10; line=$LINE
expect "$line" "Lấy số thành công!" "Lĩnh vực Tư pháp - Hộ tịch" "B001" "Đang in phiếu..."
case "$line" in *"Họ và tên"*|*"MÃ ĐẶT CHỖ"*) fail "a walk-in ticket shows booking details: $line" ;; esac
wait_log 'event=printed' 25
tail -c +"$((bytes_after_first + 1))" "$work/cups/out/layso-raw" >"$work/job2.bin"
python3 "$src/tests/kiosk/escpos-to-pbm.py" "$work/job2.bin" "$work/job2.pbm" >/dev/null
ticket_url=$(zbarimg --raw -q "$work/job2.pbm" | head -1)
curl -sf "$base/api/v1/tickets/${ticket_url##*/phieu/}/status" | grep '"number":"B001"' >/dev/null ||
  fail "the second printed ticket is not B001 on the server"
wait_log 'page=home event=home' 10

# 7. a citizen who walks away: any screen goes home after idle_seconds
xdotool type a
wait_log 'page=verify event=typed' 5; typed_ms=${LINE%% *}
wait_log 'page=home event=idle' 15; line=$LINE
idle_ms=$(( ${line%% *} - typed_ms ))
[ $idle_ms -ge 7500 ] || fail "went home after ${idle_ms} ms, before idle_seconds=8"

# 8. the server goes away mid-visit: "Không kết nối được máy chủ", then "Thử lại" gets the ticket
kill -TERM "$server_pid"; wait "$server_pid" || fail "layso-server did not stop cleanly on SIGTERM"
server_pid=
xdotool type --delay 50 "$code3"
xdotool key Return
wait_log 'page=message event=offline' 15; line=$LINE
expect "$line" "Không kết nối được máy chủ" "Thử lại"
"$server_bin" --db "sqlite:$work/layso.db" --listen "${base#http://}" --dev \
  --clock 2025-09-26T07:20:00+07:00 >"$work/server2.out" 2>>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/server2.out" && break; sleep 0.1; done
grep -q '^listening on ' "$work/server2.out" || fail "layso-server did not restart on ${base#http://}"
wait_log 'settled .*-message-offline' 5; line=$LINE
tap "Thử lại"
wait_log 'page=result event=ticket' 10; line=$LINE
expect "$line" "$code3" "A1003"
lacks "$line" "Lê Văn Cường"
wait_log 'event=printed' 25

# What the kiosk told the server about each ticket (POST …/print-result) and the priority
# option, as the server stored them: number:priority:print_ok:print_reason.
# The report goes out after the screen says printed: give it a moment to land.
for _ in $(seq 50); do
  tickets=$(sqlite3 -readonly "$work/layso.db" "SELECT number || ':' || priority || ':' ||
    ifnull(print_ok, '-') || ':' || ifnull(print_reason, '') FROM tickets ORDER BY number" | tr '\n' ' ')
  case "$tickets" in *":-:"*) sleep 0.1 ;; *) break ;; esac
done
case "$tickets" in
  "A1001:0:1: A1002:0:0:"?*" A1003:0:1: B001:1:1: ") ;;
  *) fail "tickets on the server: $tickets" ;;
esac

# The preview as drawn: mirrored like a looking-glass, so flopped back it is the CCCD card's QR.
/usr/bin/convert "$work/verify.png" -flop "$work/verify-flopped.png"
zbarimg --raw -q -Sbinary --nodbus "$work/verify-flopped.png" | grep '^079203001234|' >/dev/null ||
  fail "the verify screen's preview does not show the camera's QR (mirrored)"

# OCR last: it is slow, and the camera's schedule does not wait for the test.
ocr=$(ocr "$work/countdown.png")
expect "$ocr" "Lấy số thành công!" "A1001" "Thông tin quan trọng" "Vui lòng chờ đợi tại khu vực chờ"
case "$ocr" in
  *"Lấy số khác (3)"*|*"Lấy số khác (2)"*|*"Lấy số khác (1)"*) ;;
  *) fail "the countdown is not counting down on screen: $ocr" ;;
esac
ocr=$(ocr "$work/shots/$fault_shot")
# The ends of the long field names are drawn: wrapped inside their buttons, not cut off. (In
# landscape the OCR reads a line across both columns: a name's last line may come apart from
# the one before it, so "Trả kết quả" and "TTHC" are looked for one by one.)
expect "$ocr" "Máy in đang gặp sự cố" "Xác thực lịch hẹn" "Giáo dục, đào tạo" "Trả kết quả" "TTHC" \
  "Tài chính kế hoạch" "Ưu tiên"
ocr=$(ocr "$work/used.png")
expect "$ocr" "Xác thực mã đặt chỗ" "Không xác thực được" "Mã đặt chỗ không hợp lệ hoặc đã được sử dụng"

# Every screen as it settled: its buttons inside the window and none over another.
! grep ' settled .* fits=no' "$work/kiosk.log" || fail "a screen's buttons do not fit (fits=no above)"

rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$kiosk_pid/status")
kill -TERM "$kiosk_pid"
wait "$kiosk_pid" || fail "layso-kiosk exited with $? on SIGTERM (ASan/LSan report in its stderr?)"
kiosk_pid=

if [ -n "${LAYSO_KIOSK_SCREENSHOTS:-}" ]; then
  mkdir -p "$LAYSO_KIOSK_SCREENSHOTS"
  prefix=kiosk-; [ "$screen" = 1080x1920 ] || prefix=kiosk-landscape-
  pick() { local f; f=$(ls "$work/shots" | grep -- "$1" | head -1); cp "$work/shots/$f" "$LAYSO_KIOSK_SCREENSHOTS/${2/kiosk-/$prefix}"; }
  pick '-home-ready' kiosk-home.png
  cp "$work/used.png" "$LAYSO_KIOSK_SCREENSHOTS/${prefix}error.png"
  cp "$work/too-early.png" "$LAYSO_KIOSK_SCREENSHOTS/${prefix}error-too-early.png"
  pick '-message-offline' kiosk-offline.png
  pick '-result-ticket' kiosk-result.png
  pick '-home-printer-fault' kiosk-printer-fault.png
  f=$(ls "$work/shots" | grep -- '-result-ticket' | sed -n 2p)
  cp "$work/shots/$f" "$LAYSO_KIOSK_SCREENSHOTS/${prefix}result-printer-fault.png"
  cp "$work/verify.png" "$LAYSO_KIOSK_SCREENSHOTS/${prefix}verify.png"
fi
figures="startup_to_home_ms=$startup_ms scan_to_screen_ms=$scan_to_screen_ms scan_to_printed_ms=$scan_to_print_ms vmrss_kb=$rss_kb"
[ -n "${LAYSO_KIOSK_FIGURES:-}" ] && echo "$figures" >>"$LAYSO_KIOSK_FIGURES"
echo "PASS kiosk e2e ($figures)"
