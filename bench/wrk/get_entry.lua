-- GET /api/items/<id> over the 1,000 seeded ids, in a fixed pseudo-random order.
local n = 0
request = function()
  n = (n * 7919 + 13) % 1000
  return wrk.format("GET", string.format("/api/items/%04d", n))
end
