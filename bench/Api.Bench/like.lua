-- wrk script: each request is the next line of a file of (bearer token, JSON body) pairs, one pair a
-- line separated by a tab, so every request can act as another member on another post. Arguments
-- after "--": the file, then wrk's thread count; thread i of n sends lines i, i+n, i+2n, ...
-- A thread that reaches the end of its lines starts again from its first and counts it in
-- "wrapped" (a repeated request, which the bench must not have). done() prints the run's figures
-- as one line of JSON (latencies in µs), as post.lua does, plus "wrapped".
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(args[2])
  requests = {}
  wrapped = 0
  local n = 0
  for line in io.lines(args[1]) do
    if n % count == index then
      local token, body = line:match("^([^\t]+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", nil, {
        ["Host"] = wrk.headers["Host"],
        ["Content-Type"] = "application/json",
        ["Accept"] = "application/graphql-response+json",
        ["Authorization"] = "Bearer " .. token,
      }, body)
    end
    n = n + 1
  end
  next_request = 0
end

function request()
  next_request = next_request + 1
  if next_request > #requests then
    next_request = 1
    wrapped = wrapped + 1
  end
  return requests[next_request]
end

function done(summary, latency, requests)
  local w = 0
  for _, thread in ipairs(threads) do w = w + thread:get("wrapped") end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"non2xx":%d,"timeouts":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"p999Us":%d,"maxUs":%d,"wrapped":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, w))
end
