-- A mix for the memory run: GET JSON, GET entry, GET list page, POST create, in turn.
local n = 0
local body = '{"title":"bench","content":"lorem ipsum dolor sit amet"}'
local json = { ["Content-Type"] = "application/json" }
request = function()
  n = n + 1
  local k = n % 4
  if k == 0 then
    return wrk.format("GET", "/api/hello")
  elseif k == 1 then
    return wrk.format("GET", string.format("/api/items/%04d", (n * 7919) % 1000))
  elseif k == 2 then
    return wrk.format("GET", "/api/items?limit=20")
  end
  return wrk.format("POST", "/api/items", json, body)
end
