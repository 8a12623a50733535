-- Kiosk check-in by code: thread <tid> uses the codes booked by booking thread <tid>, each
-- once, and stops when it has used them all.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
bench_name = "checkin"

local list, idx = {}, 0
local headers

function init(args)
  for line in io.lines(os.getenv("BENCH_TMP") .. "/codes-" .. tid .. ".txt") do
    list[#list + 1] = line
  end
  headers = { ["Content-Type"] = "application/json",
              ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
end

function request()
  idx = idx + 1
  local code = list[math.min(idx, #list)] or "ZZZZ"
  return wrk.format("POST", "/api/v1/kiosk/checkin", headers, '{"input":"' .. code .. '"}')
end

function response(status, hdrs, body)
  if idx >= #list then wrk.thread:stop() end
end
