-- Booking creation: a distinct CCCD per request (thread id + counter), all on Fri 26/9
-- 07:30–09:30 (the check-in bench then finds them inside the window), fields in turn.
-- Each 201's code goes to $BENCH_TMP/codes-<tid>.txt for checkin.lua; the status of every
-- other answer to $BENCH_TMP/other-<tid>.txt (run.sh counts them: each is a failure).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
bench_name = "bookings"

local fields = { "chung-thuc", "ho-tich", "dat-dai", "xay-dung", "bao-tro-xa-hoi", "kinh-doanh" }
local counter = 0
local codes, other
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  codes = io.open(os.getenv("BENCH_TMP") .. "/codes-" .. tid .. ".txt", "w")
  codes:setvbuf("line")
  other = io.open(os.getenv("BENCH_TMP") .. "/other-" .. tid .. ".txt", "w")
  other:setvbuf("line")
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"Nguyễn Văn Thử","cccd":"%02d%010d","unit":"bench-unit","field":"%s",' ..
    '"date":"2025-09-26","slot":"0730-0930","consent":true}',
    tid, counter, fields[counter % #fields + 1])
  return wrk.format("POST", "/api/v1/bookings", headers, body)
end

function response(status, hdrs, body)
  if status == 201 then
    local code = body:match('"code"%s*:%s*"(%w+)"')
    if code then codes:write(code, "\n") end
  else
    other:write(status, "\n")
  end
end
