-- POSTs one prepared body (BODY_FILE, CONTENT_TYPE) and prints one machine-readable summary line.
-- PATHS (space-separated) sends the requests to those paths in turn instead of the URL's (bench/models.sh).
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"

local paths = {}
for path in (os.getenv("PATHS") or ""):gmatch("%S+") do
  paths[#paths + 1] = path
end
if #paths > 0 then
  local turn = 0
  function request()
    turn = turn % #paths + 1
    return wrk.format(nil, paths[turn])
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.2f p50=%.2f p90=%.2f p99=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
