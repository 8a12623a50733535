-- Shared by the bench scripts: one machine-readable line per run, read by run.sh.
-- Each script sets bench_name; setup() numbers the threads (tid 1, 2, …).
-- BENCH_TID_BASE: several wrk at once (backends.sh) number their threads apart, so that
-- their CCCDs differ.
local next_tid = tonumber(os.getenv("BENCH_TID_BASE") or "0")
function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT %s requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d sockerr=%d\n",
    bench_name, summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
