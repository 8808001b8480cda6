-- wrk script: POSTs the real photos to /predict as image/png, one after another (each connection starts at a
-- different photo). Usage: wrk -t2 -c8 -d20s --latency -s bench/post-photos.lua http://127.0.0.1:8080/predict
-- The photo folder comes from the PHOTOS environment variable (default ../shared/data/photos).

local photos = {}
-- Each request is formatted once, in init: building an 80 KB request string per call would cost wrk CPU that the
-- server, on the same cores, then lacks.
local requests = {}

local function load_photos()
  local root = os.getenv("PHOTOS") or "../shared/data/photos"
  for _, label in ipairs({ "rock", "paper", "scissors" }) do
    local list = io.popen('ls "' .. root .. '/' .. label .. '"/*.png')
    for path in list:lines() do
      local file = assert(io.open(path, "rb"))
      photos[#photos + 1] = file:read("*a")
      file:close()
    end
    list:close()
  end
  assert(#photos > 0, "no photos under " .. root)
end

local counter = 0
local next_index = 1

function init(args)
  load_photos()
  for i, body in ipairs(photos) do
    requests[i] = wrk.format("POST", nil, { ["Content-Type"] = "image/png" }, body)
  end
  counter = counter + 1
  next_index = counter % #photos + 1
end

function request()
  local formatted = requests[next_index]
  next_index = next_index % #requests + 1
  return formatted
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
