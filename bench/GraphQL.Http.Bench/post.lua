-- wrk script: POSTs one GraphQL request, the JSON body read from the file named after "--", on
-- every request, as the holder of the bearer token given as a second argument if any (an empty
-- one: anonymous), each connection waiting the milliseconds given as a third argument before each
-- request if any (a paced load instead of a closed loop); done() prints the run's figures as one
-- line of JSON (latencies in µs).
function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/graphql-response+json"
  if args[2] and args[2] ~= "" then wrk.headers["Authorization"] = "Bearer " .. args[2] end
  if args[3] then
    local pause = tonumber(args[3])
    function delay() return pause end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"non2xx":%d,"timeouts":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"p999Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
